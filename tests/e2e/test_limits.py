"""Hardening limits (issue 12, section 5): no core dumps, bounded webhooks, PostgreSQL statement timeouts, the
sender's lease across a stall, bounded HTTP response bodies and the per-patient booking limit."""
import json
import os
import subprocess
import time
import uuid

import psycopg2
import pytest

from conftest import SERVICES, change, new_number, text_message, wait_for, webhook


def test_services_cannot_dump_core(stack):
    """A core file would hold decrypted tokens and CREDENTIALS_KEY: every service runs with no core limit and not
    dumpable (a non-dumpable process's /proc files belong to root, whoever runs it)."""
    for name in SERVICES:
        pid = stack.procs[name].pid
        with open(f"/proc/{pid}/limits") as f:
            line = next(l for l in f if l.startswith("Max core file size"))
        assert line.split()[4:6] == ["0", "0"], f"wa-{name}: {line.strip()}"
        if os.getuid() != 0:
            assert os.stat(f"/proc/{pid}/status").st_uid == 0, f"wa-{name} is still dumpable"


def test_redis_connections_use_tcp_keepalive(stack):
    """A Redis gone without a FIN must not leave a service blocked on a dead socket: every connection of every
    service to Redis (the ingress's asynchronous one included) has SO_KEEPALIVE (ss shows its keepalive timer)."""
    def connections():
        out = subprocess.run(["ss", "-tnpoH", "state", "established", f"( dport = :{stack.redis_port} )"],
                             capture_output=True, text=True, check=True).stdout
        per = {}
        for name in SERVICES:
            pid = stack.procs[name].pid
            per[name] = [l for l in out.splitlines() if f"pid={pid}," in l]
        return per if all(per.values()) else None
    per = wait_for(connections, what="every service connected to Redis")
    for name, lines in per.items():
        for l in lines:
            assert "timer:(keepalive" in l or "timer:(on" in l, f"wa-{name} Redis socket without keepalive: {l}"
        assert any("timer:(keepalive" in l for l in lines), f"wa-{name}: {lines}"


# --- an isolated router (own key prefix, same PostgreSQL): a short statement timeout, entries written straight to
# lim:in and its output read from lim:out, so that nothing it produces is sent

PREFIX = "lim:"


@pytest.fixture(scope="module")
def router(stack):
    # its reminder scan off: it shares the session's PostgreSQL and must not claim another test's reminder
    stack.start_service("router", {"WA_REDIS_PREFIX": PREFIX, "WA_PG_STATEMENT_TIMEOUT_MS": "1000",
                                   "ROUTER_REMINDER_INTERVAL_MS": "0"}, tag="-lim")
    log = stack.logs[-1]
    try:
        yield {"log": log}
    finally:
        stack.stop_service("router-lim")


def put_in(stack, payload):
    return stack.redis.xadd(PREFIX + "in", {"body": json.dumps(payload), "received_at": str(int(time.time() * 1000)),
                                            "app": "master"})


def replies(stack, wamids):
    """reply:<wamid> out_ids in lim:out for the given wamids, with their count."""
    want = {"reply:" + w for w in wamids}
    found = {}
    for _, f in stack.redis.xrange(PREFIX + "out"):
        if f.get("out_id") in want:
            found[f["out_id"]] = found.get(f["out_id"], 0) + 1
    return found


def dlq_entries(stack, reason):
    return [(i, f) for i, f in stack.redis.xrange(PREFIX + "dlq") if f.get("reason") == reason]


def test_oversized_webhook_is_cut_at_the_limit_and_the_rest_dead_lettered(stack, clinic, router):
    """One signed webhook with 1,000 + 25 messages: the first 1,000 (WA_MAX_MESSAGES_PER_WEBHOOK's default) are
    answered, the other 25 go to wa:dlq as one too_large entry whose body is a webhook of those 25, the router goes on
    answering another clinic, and `wactl dlq replay` gets the 25 answered too."""
    patient = new_number()
    msgs = [text_message(patient, "What are your timings?") for _ in range(1025)]
    msgs[1]["id"] = msgs[0]["id"]  # a wamid twice in the webhook: recorded and answered once
    wamids = [m["id"] for m in msgs]
    big = put_in(stack, webhook([change(clinic["phone"], "lim-" + clinic["phone"], msgs)]))

    other_id, other_phone = stack.add_doctor("Dr. Kiran Rao", "Rao Eye Care")
    stack.add_kb(other_id, "What are your timings?", "Rao Eye Care is open 8 to 2.", "timings hours open")
    other = text_message(new_number(), "What are your timings?")
    put_in(stack, webhook([change(other_phone, "lim-" + other_phone, [other])]))
    wait_for(lambda: replies(stack, [other["id"]]), timeout=60, what="the other clinic's answer")

    wait_for(lambda: len(replies(stack, wamids)) >= 999, timeout=120, what="999 answers (1000 less the duplicate)")
    [(dlq_id, dead)] = wait_for(lambda: dlq_entries(stack, "too_large"), what="a too_large dead letter")
    assert dead["source_id"] == big and dead["stage"] == "router"
    cut = json.loads(json.loads(dead["entry"])["body"])
    cut_ids = [m["id"] for e in cut["entry"] for c in e["changes"] for m in c["value"]["messages"]]
    assert cut_ids == wamids[1000:]
    assert cut["entry"][0]["changes"][0]["value"]["metadata"]["phone_number_id"] == "lim-" + clinic["phone"]
    got = replies(stack, wamids)
    assert set(got) == {"reply:" + w for w in wamids[:1000]} and set(got.values()) == {1}

    stack.wactl("dlq", "replay", dlq_id, env={"WA_REDIS_PREFIX": PREFIX})
    wait_for(lambda: len(replies(stack, wamids)) == 1024, timeout=60, what="the replayed 25 answered")
    assert set(replies(stack, wamids).values()) == {1}
    assert len(dlq_entries(stack, "too_large")) == 0  # replay removed it, and the 25 fit


def test_statement_timeout_frees_the_router_from_a_locked_table(stack, clinic, router):
    """A statement stuck behind a lock ends after WA_PG_STATEMENT_TIMEOUT_MS (SQLSTATE 57014) and takes the error
    path (the entry stays pending); once the lock is gone the message is answered, once."""
    patient = new_number()
    msg = text_message(patient, "What are your timings?")
    locker = psycopg2.connect(stack.env["DATABASE_URL"])
    try:
        with locker.cursor() as cur:
            cur.execute("LOCK TABLE messages IN ACCESS EXCLUSIVE MODE")
        put_in(stack, webhook([change(clinic["phone"], "lim-" + clinic["phone"], [msg])]))

        def timed_out():
            with open(router["log"], errors="replace") as f:
                return any('"57014"' in l and "PostgreSQL statement failed" in l for l in f)
        wait_for(timed_out, timeout=20, what="the router's statement to time out on the locked table")
        assert not replies(stack, [msg["id"]])
    finally:
        locker.rollback()
        locker.close()
    wait_for(lambda: replies(stack, [msg["id"]]), timeout=30, what="the answer once the lock is gone")
    assert replies(stack, [msg["id"]]) == {"reply:" + msg["id"]: 1}


# --- the sender's lease across a stall ------------------------------------------------------------------------------

def test_a_sender_stalled_past_its_lease_does_not_send_what_another_sender_took(stack, clinic):
    """Sender A claims an out_id, then stalls in PostgreSQL (a lock on `patients`, which its window check reads)
    longer than its lease (2 x GRAPH_TIMEOUT_MS + 5 s = 7 s here). Sender B reclaims the entry, takes the lapsed lease
    and sends. When A wakes up its lease renewal fails and A does not send: the patient gets the message once."""
    prefix = "lease:"
    env = {"WA_REDIS_PREFIX": prefix, "GRAPH_TIMEOUT_MS": "1000", "WA_PG_STATEMENT_TIMEOUT_MS": "0"}
    patient = new_number()
    out_id = "manual:lease-" + uuid.uuid4().hex
    lease_key = prefix + "sending:" + out_id
    locker = psycopg2.connect(stack.env["DATABASE_URL"])
    started = []
    try:
        stack.start_service("sender", dict(env, WA_CONSUMER_NAME="lease-a"), tag="-lease-a")
        started.append("sender-lease-a")
        with locker.cursor() as cur:
            cur.execute("LOCK TABLE patients IN ACCESS EXCLUSIVE MODE")
        stack.redis.xadd(prefix + "out", {
            "out_id": out_id, "doctor_id": clinic["id"], "to": patient, "kind": "text",
            "message": json.dumps({"type": "text", "text": {"body": "Your report is ready."}}), "reply_to": "",
            "source": "manual", "created_at": str(int(time.time() * 1000)), "attempt": "0"})
        wait_for(lambda: stack.redis.get(lease_key) == "lease-a", what="sender A to claim the out_id")
        stack.start_service("sender", dict(env, WA_CONSUMER_NAME="lease-b"), tag="-lease-b")
        started.append("sender-lease-b")
        # B reclaims the pending entry, waits in wa:retry while A's lease lasts, then takes the lapsed lease
        wait_for(lambda: stack.redis.get(lease_key) == "lease-b", timeout=40, what="sender B to take the lease")
        assert not stack.graph_sends(patient)
    finally:
        locker.rollback()
        locker.close()
    try:
        wait_for(lambda: stack.redis.get(prefix + "sent:" + out_id), timeout=30, what="the out_id marked sent")
        # both senders are past their window check now; A's deferred copy comes back and settles as a duplicate
        wait_for(lambda: stack.redis.xpending(prefix + "out", "sender")["pending"] == 0
                 and stack.redis.zcard(prefix + "retry") == 0, timeout=30, what="both senders settled")
        assert len(stack.graph_sends(patient)) == 1
        assert "lease lost before sending" in open(stack.logs[-2], errors="replace").read()
    finally:
        for name in started:
            stack.stop_service(name)


# --- bounded HTTP response bodies -----------------------------------------------------------------------------------

PAD = 24 << 20  # the mock's answers get 24 MiB of trailing spaces: far above WA_HTTP_MAX_RESPONSE_BYTES (1 MiB)
# no ASan quarantine for these copies, so that their peak RSS follows what they allocate
LEAN = {"ASAN_OPTIONS": "detect_leaks=1:abort_on_error=0:quarantine_size_mb=0"}


def peak_rss_kb(stack, name):
    with open(f"/proc/{stack.procs[name].pid}/status") as f:
        return next(int(l.split()[1]) for l in f if l.startswith("VmHWM:"))


def test_an_oversized_graph_answer_is_an_error_and_not_buffered(stack, clinic):
    """Graph answering a send with 24 MiB: the sender stops reading at 1 MiB, treats the call as failed (retried,
    then dead-lettered with a reason that says so) and its peak memory does not grow by the body's size."""
    prefix = "big:"
    stack.start_service("sender", dict(LEAN, WA_REDIS_PREFIX=prefix, SENDER_MAX_ATTEMPTS="2",
                                       SENDER_RETRY_BASE_MS="100", SENDER_RETRY_CAP_MS="200"), tag="-big")

    def send(out_id):
        stack.redis.xadd(prefix + "out", {
            "out_id": out_id, "doctor_id": clinic["id"], "to": new_number(), "kind": "text",
            "message": json.dumps({"type": "text", "text": {"body": "Your report is ready."}}), "reply_to": "",
            "source": "manual", "created_at": str(int(time.time() * 1000)), "attempt": "0"})
    try:
        warm = "manual:warm-" + uuid.uuid4().hex  # one ordinary send first: connections, TLS and caches set up
        send(warm)
        wait_for(lambda: stack.redis.get(prefix + "sent:" + warm), what="the ordinary send")
        before = peak_rss_kb(stack, "sender-big")
        stack.mock_config({"api": "graph", "pad_bytes": PAD})
        out_id = "manual:big-" + uuid.uuid4().hex
        send(out_id)

        def dead():
            return [f for _, f in stack.redis.xrange(prefix + "dlq") if out_id in f.get("entry", "")]
        [d] = wait_for(dead, timeout=60, what="the send dead-lettered")
        assert "larger than WA_HTTP_MAX_RESPONSE_BYTES" in d["detail"], d
        assert stack.redis.get(prefix + "sent:" + out_id) is None
        assert peak_rss_kb(stack, "sender-big") - before < (PAD >> 10) // 2
    finally:
        stack.mock_config({"api": "graph"})
        stack.stop_service("sender-big")


def test_an_oversized_model_answer_gives_the_fallback_text(stack, clinic):
    """Gemini answering with 24 MiB: the call fails at 1 MiB as too_large (no retry: it would cost quota again), the
    patient gets the clinic's fallback text and operators a dead-letter record."""
    prefix = "aibig:"
    stack.start_service("ai", dict(LEAN, WA_REDIS_PREFIX=prefix, AI_RETRY_BASE_MS="50"), tag="-big")

    def ask():
        wamid = "wamid.BIG" + uuid.uuid4().hex
        stack.redis.xadd(prefix + "ai", {"doctor_id": clinic["id"], "patient_id": "", "to": new_number(),
                                         "wamid": wamid, "text": "Is parking available near the clinic?", "lang": "",
                                         "created_at": "0", "kb_context": ""})

        def answered():
            return [f for _, f in stack.redis.xrange(prefix + "out") if f.get("out_id") == "reply:" + wamid]
        [answer] = wait_for(answered, timeout=60, what="the answer")
        return wamid, answer
    try:
        assert ask()[1]["source"] == "ai"  # an ordinary answer first: connections, TLS and caches set up
        before = peak_rss_kb(stack, "ai-big")
        stack.mock_config({"api": "gemini", "pad_bytes": PAD})
        wamid, answer = ask()
        assert answer["source"] == "fallback"
        [d] = wait_for(lambda: [f for _, f in stack.redis.xrange(prefix + "dlq") if wamid in f.get("entry", "")],
                       what="the dead-letter record")
        assert d["error_code"] == "too_large" and "WA_HTTP_MAX_RESPONSE_BYTES" in d["detail"], d
        assert peak_rss_kb(stack, "ai-big") - before < (PAD >> 10) // 2
    finally:
        stack.mock_config({"api": "gemini"})
        stack.stop_service("ai-big")


# --- one patient cannot book every free slot --------------------------------------------------------------------------

def test_a_patient_holds_at_most_the_clinics_limit_of_upcoming_appointments(stack):
    """Default limit 2 (clinic_settings.max_upcoming_per_patient): a third booking is refused with a clear message in
    the patient's language, also when two confirm buttons were collected beforehand; cancelling frees a place, and
    the clinic may raise the limit."""
    from test_clinic import body, buttons, new_doctor, rows, say, tap

    doc = new_doctor(stack, per_slot=1)
    p = new_number()

    def confirm_button(i, start="book"):
        days = rows(say(stack, doc, p, start))  # the last day offered is a whole day, whatever the time now
        slots = rows(tap(stack, doc, p, "list_reply", days[-1][0], days[-1][1]))
        return buttons(tap(stack, doc, p, "list_reply", slots[i][0], slots[i][1]))[0][0]

    def upcoming():
        return stack.sql("SELECT count(*) FROM appointments a JOIN patients pa ON pa.id = a.patient_id"
                         " WHERE a.doctor_id = %s AND pa.wa_id = %s AND a.status = 'booked'", doc["id"], p)[0][0]

    assert "confirmed" in body(tap(stack, doc, p, "button_reply", confirm_button(0), "Confirm"))
    # two confirm buttons collected while holding one appointment: the first books, the second is refused
    second, third = confirm_button(0), confirm_button(1)
    assert "confirmed" in body(tap(stack, doc, p, "button_reply", second, "Confirm"))
    refused = body(tap(stack, doc, p, "button_reply", third, "Confirm"))
    assert "You already have 2 upcoming appointments" in refused and "my appointment" in refused
    assert upcoming() == 2

    # asking to book again: told at once, no list of days
    again = say(stack, doc, p, "book")
    assert again["type"] == "text" and "2 upcoming appointments" in again["text"]["body"]
    hindi = say(stack, doc, p, "अपॉइंटमेंट")
    assert hindi["type"] == "text" and "2 आने वाले अपॉइंटमेंट" in hindi["text"]["body"]
    assert upcoming() == 2

    # a reschedule replaces one: still allowed at the limit
    mine = buttons(say(stack, doc, p, "my appointment"))
    resched = tap(stack, doc, p, "button_reply", mine[1][0], mine[1][1])
    assert rows(resched) and upcoming() == 2

    # the clinic raises its limit: the third booking goes through
    stack.sql("UPDATE clinic_settings SET max_upcoming_per_patient = 3 WHERE doctor_id = %s", doc["id"])
    say(stack, doc, p, "menu")  # leaves the reschedule
    assert "confirmed" in body(tap(stack, doc, p, "button_reply", confirm_button(2), "Confirm"))
    assert upcoming() == 3
