"""Issue 4: many Graph calls in flight per sender process. With the mock Graph API answering every send after one
second, 300 messages of 20 doctors (each sending from their own number, 15 patients each) are all sent exactly once
and recorded with their wamid, and the sender had at least 200 calls in flight at once (its wa_sender_inflight_peak
gauge): a batch-at-a-time sender would top out at one batch. The assertion is on concurrency, not on time; the
Graph call latency histogram (wa_graph_call_seconds) is checked to count the calls."""
import json
import re
import time
import uuid

from conftest import MASTER_TOKEN, http, new_number, wait_for

DOCTORS = 20
PER_DOCTOR = 15


def metrics(stack):
    status, body = http("GET", f"http://127.0.0.1:{stack.ops['sender']}/metrics")
    assert status == 200
    return body.decode() if isinstance(body, bytes) else body


def metric_value(text, series):
    m = re.search(r"^" + re.escape(series) + r" (\S+)$", text, re.M)
    return float(m.group(1)) if m else 0.0


def entry(doctor_id, to):
    return {"out_id": "inflight:" + uuid.uuid4().hex, "doctor_id": doctor_id, "to": to, "kind": "text",
            "message": json.dumps({"type": "text", "text": {"body": "Your report is ready."}}), "reply_to": "",
            "source": "manual", "created_at": str(int(time.time() * 1000)), "attempt": "0"}


def test_slow_graph_many_sends_in_flight_each_sent_once(stack):
    doctors = []
    for i in range(DOCTORS):
        doctor_id, phone = stack.add_doctor(f"Dr. Inflight {i}", f"Inflight Clinic {i}")
        doctors.append((doctor_id, phone, "pn" + uuid.uuid4().hex[:12], "EAAGinflight" + uuid.uuid4().hex))
    base = {"api": "graph", "valid_tokens": [MASTER_TOKEN] + [d[3] for d in doctors],
            "phones": {d[2]: "+" + d[1] for d in doctors}}
    try:
        stack.mock_config(base)
        for doctor_id, _, pnid, token in doctors:
            stack.wactl("creds", "set", doctor_id, "--phone-number-id", pnid, "--token", token)
        stack.mock_config(dict(base, delay_ms=1000))
        text = metrics(stack)
        before = metric_value(text, 'wa_graph_call_seconds_count{result="ok"}')
        before_sum = metric_value(text, 'wa_graph_call_seconds_sum{result="ok"}')
        entries = [entry(d[0], new_number()) for d in doctors for _ in range(PER_DOCTOR)]
        pipe = stack.redis.pipeline(transaction=False)
        for e in entries:
            pipe.xadd("wa:out", e)
        pipe.execute()
        out_ids = [e["out_id"] for e in entries]

        def recorded():
            rows = stack.sql("SELECT out_id, wamid FROM messages WHERE out_id = ANY(%s)", out_ids)
            return rows if len(rows) >= len(out_ids) else None

        rows = wait_for(recorded, timeout=90, what="all 300 sends recorded")
        assert len(rows) == len(out_ids)  # one row per out_id
        assert all(wamid for _, wamid in rows)

        by_path = {}
        for r in stack.mock_requests("graph"):
            if r["method"] == "POST" and r["path"].endswith("/messages"):
                to = json.loads(r["body"]).get("to")
                by_path.setdefault(to, []).append(r)
        for (doctor_id, _, pnid, _), e in ((d, e) for d in doctors for e in entries if e["doctor_id"] == d[0]):
            sends = by_path.get(e["to"], [])
            assert len(sends) == 1, f"{e['to']}: {len(sends)} Graph calls"  # exactly once
            assert sends[0]["status"] == 200
            assert sends[0]["path"] == f"/v23.0/{pnid}/messages"  # from the doctor's own number
        for out_id in out_ids[:: len(out_ids) // 10]:
            assert stack.redis.get(f"wa:sent:{out_id}")

        text = metrics(stack)
        peak = metric_value(text, "wa_sender_inflight_peak")
        assert peak >= 200, f"only {peak:.0f} Graph calls in flight at most"
        assert metric_value(text, 'wa_graph_call_seconds_count{result="ok"}') - before >= len(out_ids)
        # the histogram measures each call, in seconds: each of these waited for the mock's one-second answer
        assert metric_value(text, 'wa_graph_call_seconds_sum{result="ok"}') - before_sum >= 0.9 * len(out_ids)
    finally:
        stack.mock_config({"api": "graph"})


def test_stop_with_calls_in_flight_settles_them_as_timeouts(stack):
    # A sender stopped while its Graph calls hang past SENDER_DRAIN_MS settles each of them as a call that timed
    # out: lease dropped, resend scheduled in wa:retry, entry acknowledged. The next sender sends each once more
    # and records each out_id once.
    doctor_id, _ = stack.add_doctor("Dr. Drain", "Drain Clinic")
    entries = [entry(doctor_id, new_number()) for _ in range(5)]
    out_ids = [e["out_id"] for e in entries]
    try:
        stack.stop_service("sender")
        stack.start_service("sender", extra_env={"SENDER_DRAIN_MS": "200"})
        stack.mock_config({"api": "graph", "delay_ms": 5000})
        pipe = stack.redis.pipeline(transaction=False)
        ids = [pipe.xadd("wa:out", e) for e in entries]
        ids = pipe.execute()
        wait_for(lambda: metric_value(metrics(stack), "wa_sender_inflight") >= len(entries), timeout=10,
                 what="the calls in flight")
        assert stack.stop_service("sender") == 0  # and within 10 s, despite calls of 5 s
        members = stack.redis.zrange("wa:retry", 0, -1)
        for out_id in out_ids:
            assert any(out_id in m for m in members), f"{out_id} not scheduled in wa:retry"
        pending = {p["message_id"] for p in stack.redis.xpending_range("wa:out", "sender", "-", "+", 1000)}
        assert not pending & set(ids)  # acknowledged, not left pending
        assert not any(stack.redis.exists(f"wa:sending:{o}") for o in out_ids)  # leases dropped
    finally:
        stack.mock_config({"api": "graph"})
        if "sender" in stack.procs:
            stack.stop_service("sender")
        stack.start_service("sender")
    rows = wait_for(lambda: (lambda r: r if len(r) == len(out_ids) else None)(
        stack.sql("SELECT out_id, wamid FROM messages WHERE out_id = ANY(%s)", out_ids)), timeout=30,
        what="the resends recorded")
    assert sorted(o for o, _ in rows) == sorted(out_ids) and all(w for _, w in rows)
