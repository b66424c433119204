"""Every example in the Python README runs here, the way a user would run it, so the README cannot rot.

Code blocks whose first line names a file (``# test_x.py``, ``# pytest.ini``) are written to that file; the files
of one README section make one project, run by one pytest. Shell blocks are run with the checkout's paths filled in.
"""

import os
import re
import subprocess
from pathlib import Path
from typing import Dict, List, Tuple

import pytest

from conftest import REPO, STAGING_BYPASS_KEY, bin_path, need_clients

need_clients()
# imported here, before pytester snapshots sys.modules, so that every in-process run shares one copy of each client
# (re-imported per run, requests would meet its own http.cookiejar classes from an earlier copy)
import httpx  # noqa: E402,F401
import requests  # noqa: E402,F401
import websockets  # noqa: E402,F401

README = Path(__file__).resolve().parents[1] / "README.md"
FENCE = re.compile(r"^```(\w+)\n(.*?)^```", re.S | re.M)


def sections() -> Dict[str, List[Tuple[str, str]]]:
    found: Dict[str, List[Tuple[str, str]]] = {}
    for part in re.split(r"^## ", README.read_text("utf-8"), flags=re.M)[1:]:
        title = part.splitlines()[0].strip()
        found[title] = [(lang, code) for lang, code in FENCE.findall(part)]
    return found


def files(blocks: List[Tuple[str, str]]) -> Dict[str, str]:
    named = {}
    for lang, code in blocks:
        first = code.splitlines()[0]
        if lang in ("python", "ini") and re.fullmatch(r"# [\w.]+", first):
            named[first[2:]] = code
    return named


def shell(blocks: List[Tuple[str, str]]) -> List[str]:
    return [code for lang, code in blocks if lang == "bash"]


def expected_tests(named: Dict[str, str]) -> int:
    return sum(len(re.findall(r"^def test_", code, re.M)) for code in named.values())


def test_the_readme_has_the_examples_the_tests_expect():
    found = sections()
    assert set(files(found["Quick start"])) == {"test_welcome.py"}
    assert set(files(found["Failures, and what Python raises"])) == {"test_failures.py"}
    assert set(files(found["Options"])) == {"pytest.ini", "test_configured.py"}
    assert set(files(found["Against staging"])) == {"test_staging_ready.py"}
    failures = files(found["Failures, and what Python raises"])["test_failures.py"]
    for name in ("connection_refused", "a_hang_on_the_upgrade", "welcome_timeout", "a_503_outage",
                 "a_500_on_the_upgrade", "missing_health_config", "a_lost_tool_completed"):
        assert f"def test_{name}(" in failures


@pytest.mark.parametrize("title", ["What the fixture gives a test", "Failures, and what Python raises", "Options"])
def test_section_examples_pass(title, pytester, jar, clean_env):
    named = files(sections()[title])
    for name, code in named.items():
        (pytester.path / name).write_text(code, "utf-8")
    result = pytester.runpytest("-q", f"--understudy-jar={jar}")
    result.assert_outcomes(passed=expected_tests(named))


def test_quick_start_works_pasted_into_a_new_folder(pytester, clean_env):
    """The quick start's commands, run in a fresh folder with the checkout's path filled in (pip's line is checked,
    not run: this interpreter already has what it installs)."""
    blocks = sections()["Quick start"]
    for name, code in files(blocks).items():
        (pytester.path / name).write_text(code, "utf-8")
    (script,) = shell(blocks)
    lines = script.replace("/path/to/understudy", str(REPO)).splitlines()
    pip = [line for line in lines if line.startswith("pip install")]
    assert pip == [f"pip install {REPO}/clients/python websockets"]
    assert (REPO / "clients" / "python" / "pyproject.toml").is_file()
    import pytest_understudy  # noqa: F401  (what the pip line installs; websockets is imported above)
    commands = "set -e\n" + "\n".join(line for line in lines if not line.startswith("pip install"))
    env = {**os.environ, "PATH": bin_path()}
    env.pop("UNDERSTUDY_JAR", None)
    run = subprocess.run(["bash", "-c", commands], cwd=pytester.path, env=env, capture_output=True, text=True,
                         timeout=120)
    assert run.returncode == 0, run.stdout + run.stderr
    assert "1 passed" in run.stdout
    assert "understudy: mock server" in run.stdout


def test_staging_example_runs_against_a_staging_and_skips_the_mock_only_test(pytester, staging_server, clean_env):
    blocks = sections()["Against staging"]
    for name, code in files(blocks).items():
        (pytester.path / name).write_text(code, "utf-8")
    (command,) = shell(blocks)
    command = command.replace("https://api.staging.example.com", str(staging_server.ready["http"])) \
        .replace("E2E_OAUTH_SIMULATION_KEY=...", f"E2E_OAUTH_SIMULATION_KEY={STAGING_BYPASS_KEY}")
    run = subprocess.run(["bash", "-c", command], cwd=pytester.path, env={**os.environ, "PATH": bin_path()},
                         capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stdout + run.stderr
    assert re.search(r"SKIPPED \[1\] test_staging_ready.py:\d+: injects a 503 outage", run.stdout), run.stdout
    assert "1 passed, 1 skipped" in run.stdout
    assert "understudy: mock server" not in run.stdout  # no server of its own against staging
