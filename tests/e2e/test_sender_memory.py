"""The sender's memory for its Graph calls in flight (issue 14: every service within 16 MiB at load). Its RSS at load
is its resident size at start plus what each call in flight holds until its group settles: libcurl's easy handle and
connection, the item (its request, keys, URL and answer) and the stream entry with its result. With the mock Graph API
answering after 1.5 s, 300 sends of one doctor's number (the rate limit raised out of the way) take the sender to its
SENDER_MAX_INFLIGHT (256) calls at once; the test checks each is sent and recorded once, that 256 were in flight at
once, and that the sender's peak RSS (VmHWM) grew by less than a bound per call in flight that a regression of the
per-call cost would exceed (see PER_CALL_BOUND_KB). A memory bound, not a timing: the sanitizer build's quarantine
(which keeps freed memory) is off for this sender so that its peak follows its live memory. Also checked: the sender
runs without GnuTLS's load-time set-up (wa_sys_lean_start)."""
import json
import re
import time
import uuid

from conftest import http, new_number, proc_status, wait_for

SENDS = 300
INFLIGHT = 256
# Growth of VmHWM over the sender's VmRSS before the burst, per call in flight, on the sanitizer build (ASan without
# its quarantine, its redzones on every block): 22.3 and 23.2 kB with issue 14's round 9, 22.8 kB before it (the
# sanitizer's allocator hands out fresh zeroed pages, so the fixed buffers the round took out of each item were mostly
# never touched there; in the release build they were, bench/sender/bench.py: 16.6-17.0 MiB at 256 in flight before,
# 14.7-15.0 after). The bound catches a per-call cost grown by a third: e.g. libcurl's default 16 KB receive buffer
# per easy handle (shared/src/http.c sets 1 KB) would add 16 kB a call.
PER_CALL_BOUND_KB = 30


def metric_value(stack, series):
    status, body = http("GET", f"http://127.0.0.1:{stack.ops['sender']}/metrics")
    assert status == 200
    text = body.decode() if isinstance(body, bytes) else body
    m = re.search(r"^" + re.escape(series) + r" (\S+)$", text, re.M)
    return float(m.group(1)) if m else 0.0


def entry(doctor_id, to, tag):
    return {"out_id": f"mem{tag}:" + uuid.uuid4().hex, "doctor_id": doctor_id, "to": to, "kind": "text",
            "message": json.dumps({"type": "text", "text": {"body": "Your report is ready."}}), "reply_to": "",
            "source": "manual", "created_at": str(int(time.time() * 1000)), "attempt": "0"}


def send_all(stack, entries, timeout):
    pipe = stack.redis.pipeline(transaction=False)
    for e in entries:
        pipe.xadd("wa:out", e)
    pipe.execute()
    out_ids = [e["out_id"] for e in entries]

    def recorded():
        rows = stack.sql("SELECT out_id, wamid FROM messages WHERE out_id = ANY(%s)", out_ids)
        return rows if len(rows) >= len(out_ids) else None

    rows = wait_for(recorded, timeout=timeout, interval=0.2, what=f"{len(out_ids)} sends recorded")
    assert len(rows) == len(out_ids) and all(wamid for _, wamid in rows)
    return out_ids


def test_256_calls_in_flight_hold_a_bounded_memory_each(stack):
    doctor_id, _ = stack.add_doctor("Dr. Memory Rao", "Rao Memory Clinic")
    asan = stack.env.get("ASAN_OPTIONS", "")
    stack.stop_service("sender")
    # no quarantine, no leak check at exit (as test_router_memory.py: without the quarantine LSan sees h2o 2.2.5's
    # recycled buffers of the ops server left at exit); the master number's rate out of the way
    stack.start_service("sender", {"ASAN_OPTIONS": (asan + ":" if asan else "") + "quarantine_size_mb=0:detect_leaks=0",
                                   "SENDER_RATE_PER_S": "100000"})
    try:
        sender = stack.procs["sender"]
        with open(f"/proc/{sender.pid}/environ", "rb") as f:
            assert b"GNUTLS_NO_IMPLICIT_INIT=1" in f.read().split(b"\0")
        stack.mock_config({"api": "graph"})
        # a first round at the mock's speed: connections, prepared statements, scripts and caches exist before the
        # baseline, and the easy handles of 64 calls are pooled already
        send_all(stack, [entry(doctor_id, new_number(), "warm") for _ in range(64)], timeout=60)
        time.sleep(0.5)
        base = proc_status(sender.pid)["VmRSS"]

        stack.mock_config({"api": "graph", "delay_ms": 1500})
        entries = [entry(doctor_id, new_number(), "burst") for _ in range(SENDS)]
        out_ids = send_all(stack, entries, timeout=120)
        hwm = proc_status(sender.pid)["VmHWM"]
        peak = metric_value(stack, "wa_sender_inflight_peak")
        assert peak >= INFLIGHT, f"only {peak:.0f} Graph calls in flight at most"

        sends = {}
        for r in stack.mock_requests("graph"):
            if r["method"] == "POST" and r["path"].endswith("/messages"):
                sends.setdefault(json.loads(r["body"]).get("to"), []).append(r)
        for e in entries:
            assert len(sends.get(e["to"], [])) == 1, e["to"]  # exactly once
        for out_id in out_ids[::50]:
            assert stack.redis.get(f"wa:sent:{out_id}")

        per_call = (hwm - base) / INFLIGHT
        print(f"sender VmRSS before the burst {base} kB, VmHWM after it {hwm} kB: grew {(hwm - base) / 1024:.1f} MiB, "
              f"{per_call:.1f} kB per call in flight")
        assert per_call < PER_CALL_BOUND_KB, (base, hwm, per_call)
    finally:
        stack.mock_config({"api": "graph"})
        stack.stop_service("sender")
        stack.start_service("sender")
