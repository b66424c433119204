"""Shared by the plugin's own tests: the jar, and a second standalone server that plays a staging deployment."""

import os
import sys
from pathlib import Path

import pytest

from pytest_understudy import _server

REPO = Path(__file__).resolve().parents[3]
STAGING_SECRET = "python-plugin-tests-staging-secret-0123456789"
STAGING_BYPASS_KEY = "python-plugin-tests-bypass-key"


@pytest.fixture(scope="session")
def jar() -> Path:
    return _server.find_jar(None, os.environ, None, [REPO])


@pytest.fixture(scope="session")
def staging_server(jar, tmp_path_factory):
    """The standalone jar as if it were staging: its own secret, staging's issuer and audience, a bypass key."""
    server = _server.start(_server.find_java(os.environ), jar,
                           ["--secret", STAGING_SECRET, "--issuer", "netra-auth-service", "--audience", "netra-platform",
                            "--e2e-bypass-key", STAGING_BYPASS_KEY],
                           tmp_path_factory.mktemp("staging"), timeout=30)
    yield server
    server.stop()


@pytest.fixture
def clean_env(monkeypatch):
    """No target or staging settings from the outer environment leak into an inner run."""
    for name in ("CONTRACT_TARGET", "STAGING_BASE_URL", "STAGING_WS_URL", "STAGING_AUTH_URL", "STAGING_TEST_JWT_TOKEN",
                 "E2E_OAUTH_SIMULATION_KEY", "JWT_SECRET_KEY", "UNDERSTUDY_JAR"):
        monkeypatch.delenv(name, raising=False)
    return monkeypatch


def need_clients() -> None:
    """The README's clients (websockets, requests, httpx) are test dependencies, not the plugin's: without them
    these tests are skipped saying what to install; in CI (CI set) a missing one is an error, never a skip."""
    for name in ("websockets", "requests", "httpx"):
        if os.environ.get("CI"):
            __import__(name)
        else:
            pytest.importorskip(name, reason=f"{name} is not installed: pip install websockets requests httpx")


def bin_path() -> str:
    """PATH with this interpreter's scripts (pytest, pip) first, for commands run the way a user types them."""
    return str(Path(sys.executable).parent) + os.pathsep + os.environ.get("PATH", "")
