"""Bounded Redis (issue 12, section 3): the streams are trimmed, never past what a consumer group still needs; the
record streams keep at most their MAXLEN; a full Redis (maxmemory, noeviction) makes the ingress answer 503 and
loses nothing; the deployment files run Redis with a memory limit and noeviction.

The trimming tests run their own copies of the services under other key prefixes (WA_REDIS_PREFIX), with a tiny
WA_STREAM_RETENTION_MS and small MAXLENs, on the session's Redis and PostgreSQL: the other test files' streams are
never trimmed under them.
"""
import json
import os
import re
import shlex
import signal
import time
import urllib.request

import pytest
import yaml

from conftest import ROOT, change, free_port, http, new_number, new_wamid, sign, text_message, wait_for, webhook

RETENTION_MS = 500
CAP = 20
# The routers started here under their own prefixes share the session's PostgreSQL: their reminder scan is off, or it
# could claim another test's due appointment and put its reminder on this prefix's out stream (seen once in CI: an
# entry already on rtx:out).
TRIM_ENV = {"WA_STREAM_RETENTION_MS": str(RETENTION_MS), "WA_DLQ_MAXLEN": str(CAP), "WA_UNROUTED_MAXLEN": str(CAP),
            "WA_SANDBOX_MAXLEN": str(CAP), "WA_TRIM_INTERVAL_MS": "100", "ROUTER_REMINDER_INTERVAL_MS": "0"}


def metrics(stack, key):
    with urllib.request.urlopen(f"http://127.0.0.1:{stack.ops[key]}/metrics", timeout=5) as r:
        return r.read().decode()


def metric_value(text, name, stream):
    m = re.search(r'^%s\{stream="%s"\} (\S+)$' % (re.escape(name), re.escape(stream)), text, re.M)
    return float(m.group(1)) if m else None


def logs_of(stack, tag):
    out = ""
    for path in stack.logs:
        if tag in os.path.basename(path):
            with open(path, errors="replace") as f:
                out += f.read()
    return out


def ids(stack, key):
    return [i for i, _ in stack.redis.xrange(key)]


# --- the trim rule, on streams no service of this deployment consumes ---------------------------------------------

RTX = "rtx:"
RTX_RETENTION_MS = 3000  # long enough to see a fresh entry kept even on a loaded machine


@pytest.fixture(scope="module")
def lone_router(stack):
    """A router under its own prefix: it trims rtx:in/ai/out/dlq/... but consumes only rtx:in, so the test plays
    the consumer groups of rtx:ai by hand."""
    env = dict(TRIM_ENV, WA_REDIS_PREFIX=RTX, WA_DLQ_MAXLEN="5", WA_STREAM_RETENTION_MS=str(RTX_RETENTION_MS))
    stack.start_service("router", env, tag="-rtx")
    yield "router-rtx"
    stack.stop_service("router-rtx")


def test_trim_never_drops_a_pending_or_unread_entry(stack, lone_router):
    r, key = stack.redis, RTX + "ai"
    # ten entries from 1970, far older than the retention
    for i in range(10):
        r.xadd(key, {"n": str(i)}, id=f"{1000 + i}-0")
    r.xgroup_create(key, "ai", "0")
    r.xreadgroup("ai", "c1", {key: ">"}, count=4)  # 1000..1003 delivered
    r.xack(key, "ai", "1000-0", "1001-0")  # 1002, 1003 still pending
    r.xgroup_create(key, "audit", "1005-0")  # a second group that has not read 1006..1009 yet
    # a stream without any group is never trimmed: its first consumer must find every entry
    for i in range(3):
        r.xadd(RTX + "out", {"n": str(i)}, id=f"{1000 + i}-0")

    expected = [f"{1000 + i}-0" for i in range(2, 10)]
    wait_for(lambda: ids(stack, key) == expected, timeout=10, what="the acknowledged entries trimmed")
    time.sleep(0.5)  # several more passes: nothing else goes
    assert ids(stack, key) == expected
    assert ids(stack, RTX + "out") == ["1000-0", "1001-0", "1002-0"]

    # a recent entry every group has read and acknowledged is kept for the retention, then trimmed
    r.xack(key, "ai", "1002-0", "1003-0")
    r.xreadgroup("ai", "c1", {key: ">"})
    r.xreadgroup("audit", "c2", {key: ">"})
    r.xack(key, "ai", *[f"{1000 + i}-0" for i in range(4, 10)])
    r.xack(key, "audit", *[f"{1000 + i}-0" for i in range(6, 10)])
    fresh = r.xadd(key, {"n": "fresh"})
    r.xreadgroup("ai", "c1", {key: ">"})
    r.xreadgroup("audit", "c2", {key: ">"})
    r.xack(key, "ai", fresh)
    r.xack(key, "audit", fresh)
    wait_for(lambda: ids(stack, key) == [fresh], timeout=10, what="every old entry trimmed")
    assert int(fresh.split("-")[0]) > time.time() * 1000 - RTX_RETENTION_MS  # still within its retention here
    wait_for(lambda: ids(stack, key) == [], timeout=10, what="the fresh entry trimmed after the retention")

    # the record streams keep their newest MAXLEN entries
    for i in range(12):
        r.xadd(RTX + "dlq", {"n": str(i)})
    wait_for(lambda: r.xlen(RTX + "dlq") == 5, timeout=10, what="wa:dlq cut to its MAXLEN")
    assert [f["n"] for _, f in r.xrange(RTX + "dlq")] == [str(i) for i in range(7, 12)]
    text = wait_for(lambda: (lambda t: t if metric_value(t, "wa_stream_entries", RTX + "dlq") == 5 else None)(
        metrics(stack, lone_router)), timeout=10, what="the length gauge")
    assert metric_value(text, "wa_stream_limit", RTX + "dlq") == 5
    assert metric_value(text, "wa_stream_limit", RTX + "in") == 0
    assert metric_value(text, "wa_stream_trimmed_total", RTX + "dlq") >= 7
    assert metric_value(text, "wa_stream_trimmed_total", RTX + "ai") >= 11
    warned = [json.loads(line) for line in logs_of(stack, "router-rtx").splitlines()
              if "stream near its length limit" in line]
    assert warned and warned[0]["stream"] == RTX + "dlq" and warned[0]["limit"] == "5"


# --- far more webhooks than the retention holds, through the whole pipeline ---------------------------------------

RET = "ret:"
SERVICE_ORDER = ("ingress", "router", "ai", "sender")


@pytest.fixture(scope="module")
def bounded(stack):
    port = free_port()
    env = dict(TRIM_ENV, WA_REDIS_PREFIX=RET, INGRESS_PORT=str(port))
    try:
        for name in SERVICE_ORDER:
            stack.start_service(name, env, tag="-ret")
        yield {"url": f"http://127.0.0.1:{port}/webhook", "env": env}
    finally:
        for name in SERVICE_ORDER:
            stack.stop_service(name + "-ret")


def post(url, payload):
    body = payload if isinstance(payload, bytes) else json.dumps(payload).encode()
    return http("POST", url, body, {"Content-Type": "application/json", "X-Hub-Signature-256": sign(body)})[0]


def sends_by_patient(stack, since):
    got = {}
    for req in stack.mock_requests("graph", since):
        if req["method"] != "POST" or not req["path"].endswith("/messages"):
            continue
        try:
            body = json.loads(req["body"])
        except ValueError:
            continue
        if body.get("status") != "read":
            got.setdefault(body.get("to"), []).append(body)
    return got


def test_far_more_webhooks_than_the_retention_holds(stack, clinic, bounded):
    r, url = stack.redis, bounded["url"]
    stack.mock_config({"api": "gemini", "text": "Please visit the clinic so the doctor can examine you."})
    since = max((q["seq"] for q in stack.mock_requests("graph")), default=0)
    n = 240
    patients = [new_number() for _ in range(n)]
    wamids = [new_wamid() for _ in range(n)]
    questions = ["What are your timings?" if i % 2 == 0 else f"My knee has been hurting for {i} days now"
                 for i in range(n)]

    def post_range(lo, hi):
        for i in range(lo, hi):
            wh = webhook([change(clinic["phone"], "pn-" + clinic["phone"],
                                 [text_message(patients[i], questions[i], wamids[i])])])
            assert post(url, wh) == 200
            if i % 10 == 0:
                time.sleep(0.05)

    # phase 1: no sender runs; its replies wait unread in ret:out far longer than the retention
    stack.stop_service("sender-ret")
    post_range(0, n // 2)
    replies_queued = wait_for(lambda: r.xlen(RET + "out") >= n // 2 or None, timeout=60,
                              what="the replies of phase 1 in ret:out")
    oldest = ids(stack, RET + "out")[0]
    time.sleep(4 * RETENTION_MS / 1000)
    assert int(oldest.split("-")[0]) < time.time() * 1000 - 3 * RETENTION_MS
    assert ids(stack, RET + "out")[0] == oldest and replies_queued  # unread: kept past the retention
    # meanwhile the webhooks of phase 1, all read and acknowledged by the router, are gone from ret:in
    wait_for(lambda: r.xlen(RET + "in") == 0, timeout=15, what=f"{RET}in trimmed while {RET}out waits")
    assert r.xlen(RET + "out") >= n // 2
    stack.start_service("sender", bounded["env"], tag="-ret")

    # phase 2: the router is killed mid-flood with entries pending under its name, then replaced
    post_range(n // 2, 3 * n // 4)
    stack.procs["router-ret"].send_signal(signal.SIGKILL)
    stack.procs.pop("router-ret").wait()
    post_range(3 * n // 4, n)
    stack.start_service("router", bounded["env"], tag="-ret")

    # every message answered, exactly once, with its own reply
    def all_answered():
        got = sends_by_patient(stack, since)
        return got if all(p in got for p in patients) else None
    wait_for(all_answered, timeout=120, interval=0.5, what="a reply to every message")
    for name in ("in", "ai", "out"):
        group = {"in": "router", "ai": "ai", "out": "sender"}[name]
        wait_for(lambda: r.xpending(RET + name, group)["pending"] == 0, timeout=30, what=f"{name} acknowledged")
    time.sleep(1.0)  # a duplicate would have shown up by now
    got = sends_by_patient(stack, since)
    for p, w in zip(patients, wamids):
        assert [b["context"]["message_id"] for b in got[p]] == [w], p
    rows = stack.sql("SELECT count(DISTINCT wamid) FROM messages WHERE wamid = ANY(%s)", wamids)
    assert rows == [(n,)]

    # the streams hold nothing once everything is acknowledged and older than the retention
    for name in ("in", "ai", "out"):
        wait_for(lambda: r.xlen(RET + name) == 0, timeout=15, what=f"{RET}{name} trimmed to nothing")
    trimmed = 0
    for key in ("router-ret", "ai-ret", "sender-ret"):
        text = metrics(stack, key)
        trimmed += metric_value(text, "wa_stream_trimmed_total", RET + "in")
    assert trimmed > 0  # each process counts its own passes; the live ones trimmed at least phase 3's webhooks


def test_record_streams_keep_at_most_their_maxlen(stack, bounded):
    r, url = stack.redis, bounded["url"]
    # unrouted: changes for numbers no doctor has; dlq: signed bodies that are not JSON; sandbox: written directly
    for i in range(CAP + 10):
        assert post(url, webhook([change("+1555000" + str(1000 + i), "unknown-" + str(i),
                                         [text_message(new_number(), "hello")])])) == 200
        assert post(url, b"not json " + str(i).encode()) == 200
        r.xadd(RET + "sandbox", {"out_id": f"x{i}", "to": "1", "request": "{}", "phone_number_id": "1"})
    def all_read():
        [group] = [g for g in r.xinfo_groups(RET + "in") if g["name"] == "router"]
        last = r.xinfo_stream(RET + "in")["last-generated-id"]
        return group["pending"] == 0 and group["last-delivered-id"] == last
    wait_for(all_read, timeout=30, what="the router to read every webhook")
    for name in ("unrouted", "dlq", "sandbox"):
        wait_for(lambda: r.xlen(RET + name) == CAP, timeout=15, what=f"{RET}{name} at its MAXLEN")
    # the newest ones are kept
    assert [f["out_id"] for _, f in r.xrange(RET + "sandbox")] == [f"x{i}" for i in range(10, CAP + 10)]
    assert json.loads(r.xrevrange(RET + "dlq", count=1)[0][1]["entry"])["body"] == f"not json {CAP + 9}"
    time.sleep(0.5)
    text = metrics(stack, "router-ret")
    for name in ("unrouted", "dlq", "sandbox"):
        assert metric_value(text, "wa_stream_entries", RET + name) == CAP
        assert metric_value(text, "wa_stream_limit", RET + name) == CAP
    warned = {json.loads(line)["stream"] for line in logs_of(stack, "-ret-").splitlines()
              if "stream near its length limit" in line}
    assert {RET + "unrouted", RET + "dlq", RET + "sandbox"} <= warned


# --- a full Redis -------------------------------------------------------------------------------------------------

def test_full_redis_answers_503_loses_nothing_and_recovers(stack, clinic):
    r = stack.redis
    # the harness runs Redis as the local stack does (deploy/local/infra.sh): a memory limit, never evicting
    assert r.config_get("maxmemory-policy")["maxmemory-policy"] == "noeviction"
    limit = r.config_get("maxmemory")["maxmemory"]
    assert int(limit) > 0
    patient, wamid = new_number(), new_wamid()
    payload = webhook([change(clinic["phone"], "pn-" + clinic["phone"],
                              [text_message(patient, "What are your timings?", wamid)])])
    before = r.xlen("wa:in")
    r.config_set("maxmemory", "1")  # far below what Redis uses: every XADD is refused with OOM
    try:
        assert stack.post_webhook(payload) == 503
        assert stack.post_webhook(payload) == 503  # Meta's retry, still full
        assert r.xlen("wa:in") == before
    finally:
        r.config_set("maxmemory", limit)
    assert not any(wamid in f.get("body", "") for _, f in r.xrange("wa:in", count=100000))
    assert stack.graph_sends(patient) == []
    # Meta retries once Redis has room again: accepted, answered, once
    assert stack.post_webhook(payload) == 200
    [reply] = stack.replies_to(patient)
    assert reply["context"]["message_id"] == wamid
    wait_for(lambda: stack.redis.xpending("wa:in", "router")["pending"] == 0, what="router to ack wa:in")
    time.sleep(0.5)
    assert len(stack.graph_sends(patient)) == 1


# --- the deployment files ------------------------------------------------------------------------------------------

def test_deployments_run_redis_with_maxmemory_and_noeviction():
    with open(os.path.join(ROOT, "docker-compose.yml")) as f:
        cmd = yaml.safe_load(f)["services"]["redis"]["command"]
    # the command is one shell line (it writes the ACL file first): split it into redis-server's arguments
    cmd = shlex.split(" ".join(cmd).replace("$$", "$"))
    assert cmd[cmd.index("--maxmemory-policy") + 1] == "noeviction"
    assert cmd[cmd.index("--maxmemory") + 1].startswith("${WA_REDIS_MAXMEMORY:-")
    assert cmd[cmd.index("--appendfsync") + 1] == "${WA_REDIS_APPENDFSYNC:-everysec}"
    with open(os.path.join(ROOT, "deploy", "k8s", "redis.yaml")) as f:
        [sts] = [d for d in yaml.safe_load_all(f) if d and d["kind"] == "StatefulSet"]
    [c] = sts["spec"]["template"]["spec"]["containers"]
    args = c.get("args", []) + c.get("command", [])
    text = " ".join(args)
    assert "--maxmemory-policy noeviction" in text and re.search(r"--maxmemory \d+[gm]b", text)
    assert c["resources"]["limits"]["memory"]
    with open(os.path.join(ROOT, "deploy", "local", "infra.sh")) as f:
        infra = f.read()
    assert '--maxmemory "${WA_REDIS_MAXMEMORY:-' in infra and "--maxmemory-policy noeviction" in infra
    assert '--appendfsync "${WA_REDIS_APPENDFSYNC:-everysec}"' in infra
    with open(os.path.join(ROOT, ".env.example")) as f:
        env = f.read()
    for var in ("WA_STREAM_RETENTION_MS=86400000", "WA_DLQ_MAXLEN=100000", "WA_UNROUTED_MAXLEN=100000",
                "WA_SANDBOX_MAXLEN=100000", "WA_REDIS_MAXMEMORY=", "WA_REDIS_APPENDFSYNC=everysec"):
        assert var in env
