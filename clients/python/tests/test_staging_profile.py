"""Done-means for the staging profile: a suite written for the remote staging, timing guards included, runs against
the mock unchanged with --profile remote-staging-2025-09, and the same suite fails against the default profile.

The guard suite below is written the way such a suite is: it knows nothing of understudy but the URLs the fixture
gives, and it refuses a server that answers like a local one."""

from conftest import need_clients

PROFILE = "remote-staging-2025-09"

# Four guards, each of which the default profile fails for its own reason (speed, speed, 404s, the 403).
GUARD_SUITE = '''
import asyncio
import json
import time
import urllib.error
import urllib.request

import websockets


def get(url, token=None, data=None):
    request = urllib.request.Request(url, data=data, method="POST" if data is not None else "GET",
                                     headers={"Content-Type": "application/json"})
    if token:
        request.add_header("Authorization", f"Bearer {token}")
    try:
        with urllib.request.urlopen(request, timeout=5) as r:
            return r.status, json.loads(r.read() or b"null")
    except urllib.error.HTTPError as e:
        return e.code, json.loads(e.read() or b"null")


def test_average_health_latency_is_a_remote_one(understudy):
    get(understudy.http_url + "/api/health")  # the first call opens the connection
    times = []
    for _ in range(5):
        start = time.monotonic()
        status, body = get(understudy.http_url + "/api/health")
        times.append(time.monotonic() - start)
        assert status == 200 and body["status"] == "healthy"
    average_ms = 1000 * sum(times) / len(times)
    assert average_ms >= 10, f"average /api/health {average_ms:.1f} ms: that is a local server, not staging"


def test_a_run_under_a_fifth_of_a_second_is_fake(understudy):
    async def run():
        start = time.monotonic()
        async with websockets.connect(understudy.ws_url, subprotocols=["jwt-auth"], open_timeout=5,
                                      additional_headers={"Authorization": f"Bearer {understudy.token_for('alice')}"}) as ws:
            json.loads(await asyncio.wait_for(ws.recv(), 5))
            await ws.send(json.dumps({"type": "user_message", "payload": {"content": "Why did my cloud bill go up?"}}))
            events = []
            for _ in range(100):
                events.append(json.loads(await asyncio.wait_for(ws.recv(), 5)))
                if events[-1]["type"] in ("agent_completed", "agent_error"):
                    break
        return events, time.monotonic() - start

    events, took = asyncio.run(run())
    assert events[-1]["type"] == "agent_completed"
    assert took >= 0.2, f"a run that took {took:.3f} s is fake: staging's take longer"


def test_the_rest_routes_answer(understudy):
    base = understudy.http_url
    status, body = get(base + "/api/discovery/services")
    assert status == 200 and body["available"] is True and isinstance(body["services"], dict)
    status, body = get(base + "/api/mcp/servers")
    assert status == 200 and isinstance(body["data"], list)
    status, body = get(base + "/api/mcp/config")
    assert status == 200 and isinstance(body, dict) and body
    assert get(base + "/api/events") == (200, [])
    token = understudy.token_for("alice")
    message = json.dumps({"type": "triage", "message": "hello"}).encode()
    status, body = get(base + "/api/agents/execute", token, message)
    assert status == 200 and body["user_id"] == "alice"
    assert get(base + "/api/agents/execute", None, message)[0] == 401
    assert get(base + "/api/agents/triage", token, b'{"type": "triage"}')[0] == 422


def test_a_tokenless_socket_is_admitted(understudy):
    async def welcome():
        async with websockets.connect(understudy.ws_url, open_timeout=5) as ws:
            return json.loads(await asyncio.wait_for(ws.recv(), 5))

    frame = asyncio.run(welcome())
    assert frame["type"] == "system_message"
    assert frame["data"]["user_id"].startswith("relaxed_")
'''


def test_the_guard_suite_passes_against_the_staging_profile(pytester, jar, clean_env):
    need_clients()
    pytester.makepyfile(test_guards=GUARD_SUITE)
    result = pytester.runpytest(f"--understudy-jar={jar}", f"--understudy-arg=--profile={PROFILE}")
    result.assert_outcomes(passed=4)


def test_the_guard_suite_fails_against_the_default_profile_on_every_guard(pytester, jar, clean_env):
    need_clients()
    pytester.makepyfile(test_guards=GUARD_SUITE)
    result = pytester.runpytest(f"--understudy-jar={jar}", "--understudy-arg=--profile=default")
    result.assert_outcomes(failed=4)
    result.stdout.fnmatch_lines(["*that is a local server, not staging*"])
    result.stdout.fnmatch_lines(["*is fake: staging's take longer*"])
