"""A client nobody here wrote (Python's websockets library, following docs/contract.md alone) records an agent run
through understudy's recording proxy, then checks that a fresh mock replays it with the new run's ids.

    record_replay.py record  --proxy PROXY_READY --staging STAGING_READY --bypass-key KEY --out RUN.json
    record_replay.py replay  --mock MOCK_READY --recorded RUN.json
    record_replay.py clean   --recording DIR --recorded RUN.json
"""
import argparse
import asyncio
import base64
import json
import os
import sys
import urllib.request

import websockets

IDS = ("user_id", "thread_id", "run_id", "timestamp")
TERMINAL = ("agent_completed", "agent_error")


def ready(path):
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def fail(message):
    print("record-replay: FAIL: " + message, file=sys.stderr)
    sys.exit(1)


def test_auth(http, key):
    req = urllib.request.Request(http + "/auth/e2e/test-auth", method="POST",
                                 data=json.dumps({"email": "py-recorder@example.com"}).encode(),
                                 headers={"Content-Type": "application/json", "X-E2E-Bypass-Key": key})
    with urllib.request.urlopen(req, timeout=10) as r:
        return json.load(r)["access_token"]


async def run(ws_url, token, thread_id):
    offer = ["jwt-auth", "jwt." + base64.urlsafe_b64encode(token.encode()).decode().rstrip("=")]
    async with websockets.connect(ws_url, subprotocols=offer, open_timeout=10) as ws:
        chosen = ws.subprotocol
        welcome = json.loads(await asyncio.wait_for(ws.recv(), 10))
        await ws.send(json.dumps({"type": "user_message", "payload": {"content": "what did my cloud cost?", "thread_id": thread_id}}))
        events = []
        for _ in range(10000):
            frame = json.loads(await asyncio.wait_for(ws.recv(), 10))
            if frame.get("type") in ("agent_started", "agent_thinking", "partial_result", "tool_executing",
                                     "tool_completed", "agent_completed", "agent_error"):
                events.append(frame)
                if frame["type"] in TERMINAL:
                    break
        await ws.close(code=1000, reason="recorded")
        return {"subprotocol": chosen, "welcome": welcome, "events": events, "token": token}


def record(args):
    proxy = ready(args.proxy)
    # the token comes from staging's test-auth, through the proxy: the recording must redact it from that answer too
    token = test_auth(proxy["http"], args.bypass_key)
    got = asyncio.run(run(proxy["ws"], token, "thread-recorded-by-python"))
    if got["subprotocol"] != "jwt-auth":
        fail("the proxy answered subprotocol %r, expected staging's 'jwt-auth'" % got["subprotocol"])
    if got["welcome"].get("type") != "connection_established":
        fail("the welcome through the proxy was %r, expected staging's connection_established" % got["welcome"].get("type"))
    if not got["events"] or got["events"][-1]["type"] not in TERMINAL:
        fail("no complete agent run came through the proxy: %r" % [e.get("type") for e in got["events"]])
    with open(args.out, "w", encoding="utf-8") as f:
        json.dump(got, f)
    print("record-replay: recorded %d events through the proxy (%s)" % (len(got["events"]), ", ".join(e["type"] for e in got["events"])))


def clean(args):
    with open(args.recorded, encoding="utf-8") as f:
        token = json.load(f)["token"]
    needles = [token, token.split(".")[2], base64.urlsafe_b64encode(token.encode()).decode().rstrip("="), args.bypass_key]
    files = sorted(os.listdir(args.recording))
    if not any(name.endswith(".json") for name in files):
        fail("the recording folder %s has no session files" % args.recording)
    for name in files:
        with open(os.path.join(args.recording, name), encoding="utf-8") as f:
            text = f.read()
        for n in needles:
            if n in text:
                fail("%s holds a secret (%s...)" % (name, n[:6]))
    print("record-replay: %d session files, none holds the token, its signature or the bypass key" % len(files))


def replay(args):
    mock = ready(args.mock)
    with open(args.recorded, encoding="utf-8") as f:
        recorded = json.load(f)
    got = asyncio.run(run(mock["ws"], mock["token"], "thread-replayed"))
    was, now = recorded["events"], got["events"]
    if [e["type"] for e in was] != [e["type"] for e in now]:
        fail("replayed %r, recorded %r" % ([e["type"] for e in now], [e["type"] for e in was]))
    run_ids = {e["run_id"] for e in now}
    for i, (a, b) in enumerate(zip(was, now)):
        strip = lambda e: {k: v for k, v in e.items() if k not in IDS}
        if strip(a) != strip(b):
            fail("event %d (%s) differs beyond its ids:\n recorded %s\n replayed %s" % (i, a["type"], strip(a), strip(b)))
        if b["thread_id"] != "thread-replayed" or b["run_id"] == a["run_id"] or b["user_id"] == a["user_id"]:
            fail("event %d (%s) carries the recorded ids, not the new run's: %s" % (i, a["type"], {k: b[k] for k in IDS[:3]}))
    if len(run_ids) != 1:
        fail("the replayed run has several run ids: %s" % run_ids)
    extras = sorted({k for e in now for k in list(e) + list(e.get("data", {})) if k in ("model", "trace_id", "duration_ms", "usage")})
    if extras != ["duration_ms", "model", "trace_id", "usage"]:
        fail("the replay lacks staging's extra fields: has %s" % extras)
    print("record-replay: the fresh mock replayed %d events with the recorded fields (%s) and the new run's ids"
          % (len(now), ", ".join(extras)))


def main():
    p = argparse.ArgumentParser()
    p.add_argument("step", choices=["record", "replay", "clean"])
    p.add_argument("--proxy")
    p.add_argument("--mock")
    p.add_argument("--bypass-key", default="")
    p.add_argument("--out")
    p.add_argument("--recorded")
    p.add_argument("--recording")
    args = p.parse_args()
    {"record": record, "replay": replay, "clean": clean}[args.step](args)


if __name__ == "__main__":
    main()
