"""The pytest plugin: options, the session-scoped ``understudy`` fixture, the reset between tests, ``mock_only``."""

import os
from pathlib import Path
from typing import Any, Iterator, List, Optional

import pytest

from . import _server
from ._http import call
from ._staging import Staging, target_kind
from ._understudy import Understudy, startup_specs
from .errors import UnderstudyError

_STARTED_KEY = pytest.StashKey[Optional[Understudy]]()
_STARTUP_KEY = pytest.StashKey[str]()  # what the terminal summary says about the start

# (option, ini name, help); every one is also an ini setting, the command line wins
_VALUE_OPTIONS = [
    ("--understudy-jar", "understudy_jar", "the standalone jar (else UNDERSTUDY_JAR, else a built jar next to the checkout)"),
    ("--understudy-target", "understudy_target", "mock (default) or staging; CONTRACT_TARGET works too"),
    ("--understudy-scenario", "understudy_scenario", "agent run scenario: default, streaming, agent-error, two-tools, or a file"),
    ("--understudy-welcome", "understudy_welcome", "welcome form: system_message (default) or connection_established"),
    ("--understudy-auth", "understudy_auth", "auth mode: reject (403, default), close-1008 or permissive"),
    ("--understudy-settings", "understudy_settings", "WebSocket settings JSON file, shaped like /health's config block"),
    ("--understudy-startup-timeout", "understudy_startup_timeout", "seconds to wait for the server to be ready (default 30)"),
]
_LIST_OPTIONS = [
    ("--understudy-fault", "understudy_faults", "a fault at start-up, KIND:key=value,... or a JSON object (repeatable)"),
    ("--understudy-preset", "understudy_presets", "a fault preset at start-up, e.g. backend-outage-503 (repeatable)"),
    ("--understudy-arg", "understudy_args", "any other flag for the server, e.g. --no-health-config (repeatable)"),
]


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("understudy", "understudy mock staging backend")
    for option, ini, help_text in _VALUE_OPTIONS:
        group.addoption(option, dest=ini, default=None, help=help_text)
        parser.addini(ini, help_text, type="string", default=None)
    for option, ini, help_text in _LIST_OPTIONS:
        group.addoption(option, dest=ini, action="append", default=None, help=help_text)
        parser.addini(ini, help_text + "; one a line", type="linelist", default=[])


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "mock_only(reason): needs the mock's control (faults, health switch, "
                                       "journal); skipped with the reason against staging")


def _value(config: pytest.Config, ini: str) -> Optional[str]:
    cli = config.getoption(ini)
    if cli is not None:
        return cli
    value = config.getini(ini)
    return value or None


def _list(config: pytest.Config, ini: str) -> List[str]:
    return list(config.getini(ini)) + list(config.getoption(ini) or [])


def _ini_path(config: pytest.Config, ini: str) -> Optional[str]:
    """A path from the command line as given; from the ini file, relative to the ini file's directory."""
    cli = config.getoption(ini)
    if cli is not None:
        return cli
    value = config.getini(ini)
    if not value:
        return None
    base = config.inipath.parent if config.inipath else config.rootpath
    return str((base / value).resolve()) if not Path(value).is_absolute() else value


def _target(config: pytest.Config) -> str:
    try:
        return target_kind(config.getoption("understudy_target"), os.environ, config.getini("understudy_target") or None)
    except UnderstudyError as error:
        raise pytest.UsageError(str(error)) from None


def pytest_collection_modifyitems(config: pytest.Config, items: List[pytest.Item]) -> None:
    if _target(config) != "staging":
        return
    for item in items:
        marker = item.get_closest_marker("mock_only")
        if marker is not None:
            reason = marker.args[0] if marker.args else marker.kwargs.get(
                "reason", "needs the mock's control (faults, health switch, journal)")
            item.add_marker(pytest.mark.skip(reason=reason))


def _server_flags(config: pytest.Config) -> List[str]:
    flags: List[str] = []
    for ini, flag in (("understudy_scenario", "--scenario"), ("understudy_welcome", "--welcome"),
                      ("understudy_auth", "--auth")):
        value = _value(config, ini)
        if value:
            flags += [flag, value]
    settings = _ini_path(config, "understudy_settings")
    if settings:
        flags += ["--settings", settings]
    for preset in _list(config, "understudy_presets"):
        flags += ["--preset", preset]
    for fault in _list(config, "understudy_faults"):
        flags += ["--fault", fault]
    for arg in _list(config, "understudy_args"):
        flags += arg.split(None, 1) if arg.startswith("--") and " " in arg else [arg]
    return flags


@pytest.fixture(scope="session")
def understudy(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Understudy]:
    """The understudy mock server, started once for the session on free ports (or the staging target)."""
    config = request.config
    if _target(config) == "staging":
        try:
            staging = Staging(os.environ)
            token = staging.default_token()
        except UnderstudyError as error:
            pytest.fail(str(error), pytrace=False)
        yield Understudy("staging", staging.http_url, staging.ws_url, token, staging=staging)
        return
    try:
        java = _server.find_java(os.environ)
        jar = _server.find_jar(config.getoption("understudy_jar"), os.environ, _ini_path(config, "understudy_jar"),
                               [config.rootpath, Path.cwd()])
        timeout = float(_value(config, "understudy_startup_timeout") or 30)
        server = _server.start(java, jar, _server_flags(config), tmp_path_factory.mktemp("understudy"), timeout)
    except UnderstudyError as error:
        pytest.fail(str(error), pytrace=False)
    except ValueError as error:
        pytest.fail(f"understudy_startup_timeout: expected a number of seconds ({error})", pytrace=False)
    try:
        ready = server.ready
        status, listed = call("GET", str(ready["admin"]) + "/faults")
        handle = Understudy("mock", str(ready["http"]), str(ready["ws"]), str(ready["token"]), str(ready["admin"]),
                            ready=ready, startup_faults=startup_specs(listed["faults"] if status == 200 else []),
                            startup_seconds=server.startup_seconds)
        config.stash[_STARTED_KEY] = handle
        config.stash[_STARTUP_KEY] = (f"understudy: mock server {handle.version} (pid {handle.pid}) was ready "
                                      f"{server.startup_seconds * 1000:.0f} ms after the fixture asked for it")
        yield handle
    finally:
        config.stash[_STARTED_KEY] = None
        server.stop()


@pytest.fixture(autouse=True)
def _understudy_reset(request: pytest.FixtureRequest) -> Iterator[None]:
    """After each test that used ``understudy``: faults, health and journal back to the session's start."""
    yield
    handle = request.config.stash.get(_STARTED_KEY, None)
    if handle is not None and "understudy" in request.fixturenames:
        handle.reset()


def pytest_report_header(config: pytest.Config) -> str:
    return f"understudy: target {_target(config)}"


def pytest_terminal_summary(terminalreporter: Any, config: pytest.Config) -> None:
    line = config.stash.get(_STARTUP_KEY, None)
    if line:
        terminalreporter.write_line(line)
