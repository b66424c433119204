"""The plugin tested as users meet it: inner pytest runs through pytester, a real jar behind them."""

import base64
import json
import os
import re
import subprocess
import time

import pytest

from conftest import STAGING_BYPASS_KEY, STAGING_SECRET, bin_path, need_clients
from pytest_understudy import UnderstudyError, _server, mint_hs256


def payload(token: str) -> dict:
    part = token.split(".")[1]
    return json.loads(base64.urlsafe_b64decode(part + "=" * (-len(part) % 4)))


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def test_one_server_per_session_started_on_request_and_stopped_at_the_end(pytester, jar, clean_env):
    pytester.makepyfile(test_lifecycle="""
        import json, urllib.request

        PIDS = []

        def test_no_fixture_no_server():
            pass

        def test_first(understudy):
            PIDS.append(understudy.pid)
            assert understudy.is_mock and understudy.target == "mock"
            assert understudy.ws_url == understudy.http_url.replace("http://", "ws://") + "/ws"
            with urllib.request.urlopen(understudy.http_url + "/health", timeout=2) as r:
                assert json.load(r)["status"] == "healthy"

        def test_second(understudy):
            PIDS.append(understudy.pid)
            assert PIDS[0] == PIDS[1]
            print("PID", understudy.pid)
    """)
    result = pytester.runpytest("-s", f"--understudy-jar={jar}")
    result.assert_outcomes(passed=3)
    pid = int(re.search(r"PID (\d+)", result.stdout.str()).group(1))
    assert not alive(pid), "the server is stopped when the session ends"
    result.stdout.fnmatch_lines(["understudy: mock server * (pid *) was ready * ms after the fixture asked for it"])


def test_a_session_that_never_asks_starts_no_server(pytester, clean_env):
    pytester.makepyfile("def test_plain(): pass")
    result = pytester.runpytest("--understudy-jar=/nonexistent/understudy-mock.jar")
    result.assert_outcomes(passed=1)
    assert "understudy: mock server" not in result.stdout.str()


def test_faults_health_and_journal_are_reset_between_tests(pytester, jar, clean_env):
    pytester.makepyfile(test_cleanup="""
        import urllib.error, urllib.request

        def status(url):
            try:
                with urllib.request.urlopen(url, timeout=2) as r:
                    return r.status
            except urllib.error.HTTPError as e:
                return e.code

        def test_leaves_a_mess(understudy):
            with understudy.fault("status", code=418, path="/api/health"):
                assert status(understudy.http_url + "/api/health") == 418
            assert status(understudy.http_url + "/api/health") == 200   # the with block removed it
            understudy.fault("status", code=503, path="/health")          # no with: lasts until the reset
            understudy.preset("missing-config")
            understudy.set_healthy(False, "going down")
            assert status(understudy.http_url + "/health") == 503
            assert len([f for f in understudy.faults() if f["active"]]) == 2

        def test_starts_clean(understudy):
            assert status(understudy.http_url + "/health") == 200
            assert [f for f in understudy.faults() if f["active"]] == []
            assert understudy.journal() == []
    """)
    pytester.runpytest(f"--understudy-jar={jar}").assert_outcomes(passed=2)


def test_start_up_options_reach_the_server_and_survive_the_reset(pytester, jar, clean_env):
    pytester.makepyfile(test_startup="""
        import urllib.error, urllib.request

        def status(url):
            try:
                with urllib.request.urlopen(url, timeout=2) as r:
                    return r.status
            except urllib.error.HTTPError as e:
                return e.code

        def test_first(understudy):
            assert status(understudy.http_url + "/ws/config") == 418
            assert status(understudy.http_url + "/api/health") == 503
            assert understudy.reset() == 2

        def test_second(understudy):
            assert status(understudy.http_url + "/ws/config") == 418
            assert status(understudy.http_url + "/api/health") == 503
    """)
    result = pytester.runpytest(f"--understudy-jar={jar}", "--understudy-fault=status:code=418,path=/ws/config",
                                '--understudy-fault={"fault":"status","code":503,"path":"/api/health"}')
    result.assert_outcomes(passed=2)


def test_ini_settings_reach_the_server_with_paths_relative_to_the_ini_file(pytester, jar, clean_env):
    need_clients()
    (pytester.path / "conf").mkdir()
    (pytester.path / "conf" / "settings.json").write_text('{"websocket_heartbeat_interval": "21"}')
    pytester.makeini(f"""
        [pytest]
        understudy_jar = {jar}
        understudy_settings = conf/settings.json
        understudy_auth = permissive
        understudy_args =
            --no-health-config
            --token-user ini-user
    """)
    pytester.makepyfile(test_ini="""
        import asyncio, base64, json, urllib.request
        import websockets

        def get(url):
            with urllib.request.urlopen(url, timeout=2) as r:
                return json.load(r)

        def test_configured(understudy):
            assert get(understudy.http_url + "/ws/config")["websocket_config"]["heartbeat_interval"] == 21
            assert "config" not in get(understudy.http_url + "/health")
            part = understudy.token.split(".")[1]
            assert json.loads(base64.urlsafe_b64decode(part + "=" * (-len(part) % 4)))["sub"] == "ini-user"

            async def anonymous_welcome():
                async with websockets.connect(understudy.ws_url) as ws:   # no token: permissive admits it
                    return json.loads(await asyncio.wait_for(ws.recv(), 2))

            assert asyncio.run(anonymous_welcome())["data"]["user_id"].startswith("relaxed_")
    """)
    pytester.runpytest().assert_outcomes(passed=1)
    # the command line wins over the ini file
    result = pytester.runpytest("--understudy-auth=never")
    result.stdout.fnmatch_lines(["*command: *--auth never*"])
    assert "--auth permissive" not in result.stdout.str()


def test_token_for_carries_the_user_and_the_claims_and_opens_a_socket(pytester, jar, clean_env):
    need_clients()
    pytester.makepyfile(test_tokens="""
        import asyncio, base64, json, time
        import websockets

        def payload(token):
            part = token.split(".")[1]
            return json.loads(base64.urlsafe_b64decode(part + "=" * (-len(part) % 4)))

        def test_token(understudy):
            token = understudy.token_for("carol", tenant="acme", permissions=["admin"], ttl_seconds=60)
            claims = payload(token)
            assert claims["sub"] == "carol" and claims["tenant"] == "acme" and claims["permissions"] == ["admin"]
            assert 55 <= claims["exp"] - time.time() <= 61

            async def welcome():
                async with websockets.connect(understudy.ws_url, subprotocols=["jwt-auth"],
                                              additional_headers={"Authorization": "Bearer " + token}) as ws:
                    return json.loads(await asyncio.wait_for(ws.recv(), 2))

            assert asyncio.run(welcome())["data"]["user_id"] == "carol"
            assert payload(understudy.token)["sub"] == "standalone-user"
    """)
    pytester.runpytest(f"--understudy-jar={jar}").assert_outcomes(passed=1)


def test_a_bad_admin_call_says_what_the_server_said(pytester, jar, clean_env):
    pytester.makepyfile(test_bad="""
        import pytest
        from pytest_understudy import UnderstudyError

        def test_bad(understudy):
            with pytest.raises(UnderstudyError, match="POST /faults answered 400: request body: event: expected one of"):
                understudy.fault("omit", event="tool_done")
            with pytest.raises(UnderstudyError, match="answered 404: .*nope"):
                understudy.preset("nope")
    """)
    pytester.runpytest(f"--understudy-jar={jar}").assert_outcomes(passed=1)


# staging mode ------------------------------------------------------------------------------------------------------

STAGING_TESTS = """
    import pytest, urllib.request, json

    def test_health(understudy):
        assert understudy.target == "staging" and understudy.admin_url is None
        with urllib.request.urlopen(understudy.http_url + "/health", timeout=2) as r:
            assert json.load(r)["status"] == "healthy"
        print("TOKEN", understudy.token)

    @pytest.mark.mock_only("needs the outage fault")
    def test_outage(understudy):
        understudy.preset("backend-outage-503")
"""


@pytest.mark.parametrize("switch", ["env", "option"])
def test_staging_mode_skips_mock_only_tests_with_their_reason(switch, pytester, staging_server, clean_env):
    clean_env.setenv("STAGING_BASE_URL", staging_server.ready["http"])
    clean_env.setenv("STAGING_TEST_JWT_TOKEN", "fixed.token.value")
    pytester.makepyfile(test_staging=STAGING_TESTS)
    if switch == "env":
        clean_env.setenv("CONTRACT_TARGET", "staging")
        result = pytester.runpytest("-rs", "-s")
    else:
        result = pytester.runpytest("-rs", "-s", "--understudy-target=staging")
    result.assert_outcomes(passed=1, skipped=1)
    result.stdout.fnmatch_lines(["*SKIPPED [[]1[]] test_staging.py:*: needs the outage fault"])
    assert "TOKEN fixed.token.value" in result.stdout.str()


def test_staging_tokens_from_test_auth_and_from_the_secret_open_sockets(pytester, staging_server, clean_env):
    need_clients()
    clean_env.setenv("CONTRACT_TARGET", "staging")
    clean_env.setenv("STAGING_BASE_URL", staging_server.ready["http"])
    pytester.makepyfile(test_tokens="""
        import asyncio, json, os
        import websockets

        def welcome(url, token):
            async def run():
                async with websockets.connect(url, subprotocols=["jwt-auth"],
                                              additional_headers={"Authorization": "Bearer " + token}) as ws:
                    return json.loads(await asyncio.wait_for(ws.recv(), 2))["data"]["user_id"]
            return asyncio.run(run())

        def test_tokens(understudy):
            assert understudy.ws_url.endswith("/ws") and understudy.ws_url.startswith("ws://")
            assert welcome(understudy.ws_url, understudy.token_for("dave@example.com")) == "e2e-dave"
            print("SOURCE", os.environ.get("E2E_OAUTH_SIMULATION_KEY") and "test-auth" or "secret")
    """)
    clean_env.setenv("E2E_OAUTH_SIMULATION_KEY", STAGING_BYPASS_KEY)
    pytester.runpytest("-s").assert_outcomes(passed=1)
    clean_env.delenv("E2E_OAUTH_SIMULATION_KEY")
    clean_env.setenv("JWT_SECRET_KEY", STAGING_SECRET)
    pytester.runpytest("-s").assert_outcomes(passed=1)


def test_minted_tokens_are_hs256_with_stagings_issuer_and_audience():
    token = mint_hs256(STAGING_SECRET, "erin@example.com", ttl_seconds=120, tenant="acme")
    header = json.loads(base64.urlsafe_b64decode(token.split(".")[0] + "=="))
    claims = payload(token)
    assert header == {"alg": "HS256", "typ": "JWT"}
    assert claims["sub"] == "e2e-erin" and claims["email"] == "erin@example.com" and claims["tenant"] == "acme"
    assert claims["iss"] == "netra-auth-service" and claims["aud"] == "netra-platform" and claims["type"] == "access"
    assert 115 <= claims["exp"] - time.time() <= 121


def test_staging_without_settings_is_a_clear_error(pytester, clean_env):
    clean_env.setenv("CONTRACT_TARGET", "staging")
    pytester.makepyfile("def test_x(understudy): pass")
    result = pytester.runpytest()
    result.assert_outcomes(errors=1)
    result.stdout.fnmatch_lines(["*STAGING_BASE_URL is not set; staging needs it*"])
    clean_env.setenv("STAGING_BASE_URL", "http://127.0.0.1:1")
    result = pytester.runpytest()
    result.stdout.fnmatch_lines(["*Staging needs a token source and none is set*"])


def test_an_unknown_target_is_a_usage_error(pytester, clean_env):
    clean_env.setenv("CONTRACT_TARGET", "prod")
    pytester.makepyfile("def test_x(): pass")
    result = pytester.runpytest()
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(["*CONTRACT_TARGET is 'prod'; allowed: 'mock' (the default) or 'staging'*"])


# errors before the server is ready --------------------------------------------------------------------------------

def test_a_missing_jar_says_where_to_get_one(pytester, clean_env):
    pytester.makepyfile("def test_x(understudy): pass\ndef test_y(understudy): pass")
    result = pytester.runpytest("--understudy-jar=/nonexistent/understudy-mock.jar")
    result.assert_outcomes(errors=2)
    result.stdout.fnmatch_lines(["*--understudy-jar is '/nonexistent/understudy-mock.jar', but there is no file there*"])
    result = pytester.runpytest()   # nothing set, and no checkout above the test folder
    result.stdout.fnmatch_lines(["*Found no understudy-mock.jar: pass --understudy-jar PATH or set UNDERSTUDY_JAR*"])


def test_a_server_that_exits_shows_its_exit_code_and_last_lines(pytester, jar, clean_env):
    pytester.makepyfile("def test_x(understudy): pass")
    result = pytester.runpytest(f"--understudy-jar={jar}", "--understudy-auth=sometimes")
    result.assert_outcomes(errors=1)
    result.stdout.fnmatch_lines(["*The understudy server exited with code 2 before it was ready.*",
                                 "*its last output lines*", "*--auth*sometimes*"])
    not_a_jar = pytester.path / "broken.jar"
    not_a_jar.write_text("not a jar")
    result = pytester.runpytest(f"--understudy-jar={not_a_jar}")
    result.stdout.fnmatch_lines(["*exited with code 1*", "*Invalid or corrupt jarfile*"])


def test_a_server_that_is_not_ready_in_time_is_stopped_and_says_so(pytester, jar, clean_env):
    pytester.makepyfile("def test_x(understudy): pass")
    result = pytester.runpytest(f"--understudy-jar={jar}", "--understudy-startup-timeout=0.05")
    result.assert_outcomes(errors=1)
    result.stdout.fnmatch_lines(["*was not ready within 0.05 s (no ready file), so it was stopped.*"])


def test_missing_java_is_named(pytester, jar, clean_env, tmp_path):
    clean_env.setenv("PATH", str(tmp_path))   # a PATH with no java on it
    clean_env.delenv("JAVA_HOME", raising=False)
    pytester.makepyfile("def test_x(understudy): pass")
    result = pytester.runpytest(f"--understudy-jar={jar}")
    result.assert_outcomes(errors=1)
    result.stdout.fnmatch_lines(["*Java is missing: no `java` on PATH and JAVA_HOME is not set.*Java 17+*"])


def test_find_java_falls_back_to_java_home(tmp_path):
    java = tmp_path / "bin" / "java"
    java.parent.mkdir()
    java.write_text("#!/bin/sh\n")
    java.chmod(0o755)
    assert _server.find_java({"PATH": str(tmp_path / "empty"), "JAVA_HOME": str(tmp_path)}) == str(java)
    with pytest.raises(UnderstudyError, match=r"nor in JAVA_HOME"):
        _server.find_java({"PATH": str(tmp_path / "empty"), "JAVA_HOME": str(tmp_path / "nothing")})


def test_the_jar_is_found_by_walking_up_from_a_folder_inside_the_checkout(jar, tmp_path):
    checkout = jar.parents[2]
    inside = checkout / "clients" / "python" / "tests"
    assert _server.find_jar(None, {}, None, [inside]) == jar
    with pytest.raises(UnderstudyError, match="looked for"):
        _server.find_jar(None, {}, None, [tmp_path])


def test_the_installed_plugin_registers_through_its_entry_point(pytester):
    result = subprocess.run(["pytest", "--help"], cwd=pytester.path, env={**os.environ, "PATH": bin_path()},
                            capture_output=True, text=True, timeout=60)
    assert "--understudy-jar" in result.stdout and "understudy_faults" in result.stdout
