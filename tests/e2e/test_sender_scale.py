"""Issue 4: the sender's limits are scoped. A 130429 on one doctor's number holds that number only; a broadcast of
one doctor (hundreds of messages, low per-number rate) does not delay another doctor's reply; and two sender
processes on the same wa:out never send one out_id twice, even when entries are delivered more than once."""
import json
import time
import uuid

from conftest import MASTER_PHONE_ID, MASTER_TOKEN, new_number, wait_for


def own_number_doctor(stack, name):
    doctor_id, phone = stack.add_doctor(name, name + " Clinic")
    pnid, token = "pn" + uuid.uuid4().hex[:12], "EAAGscale" + uuid.uuid4().hex
    return doctor_id, phone, pnid, token


def set_creds(stack, doctor_id, phone, pnid, token, mock):
    stack.mock_config(dict(mock, phones={pnid: "+" + phone}))
    stack.wactl("creds", "set", doctor_id, "--phone-number-id", pnid, "--token", token)


def entry(doctor_id, to, out_id=None, text="Your report is ready."):
    return {"out_id": out_id or "manual:" + uuid.uuid4().hex, "doctor_id": doctor_id, "to": to, "kind": "text",
            "message": json.dumps({"type": "text", "text": {"body": text}}), "reply_to": "", "source": "manual",
            "created_at": str(int(time.time() * 1000)), "attempt": "0"}


def enqueue(stack, *entries):
    pipe = stack.redis.pipeline(transaction=False)
    for e in entries:
        pipe.xadd("wa:out", e)
    pipe.execute()


def accepted(stack, to=None):
    return [(r, b) for r, b in stack.graph_sends(to) if r["status"] == 200]


def drop_doctor_backlog(stack, doctor_id):
    for member in stack.redis.zrange("wa:retry", 0, -1):
        if doctor_id in member:
            stack.redis.zrem("wa:retry", member)


def test_number_rate_limit_slows_only_that_number(stack):
    doc_a, phone_a, pnid_a, token_a = own_number_doctor(stack, "Dr. Limited")
    doc_b, _ = stack.add_doctor("Dr. Unlimited", "Unlimited Clinic")
    pa1, pa2, pb = new_number(), new_number(), new_number()
    try:
        set_creds(stack, doc_a, phone_a, pnid_a, token_a,
                  {"api": "graph", "valid_tokens": [MASTER_TOKEN, token_a],
                   "errors": [{"code": 130429, "phone_number_id": pnid_a, "times": 1}]})
        enqueue(stack, entry(doc_a, pa1))
        wait_for(lambda: stack.graph_sends(pa1), what="the rate-limited send")
        assert stack.redis.exists(f"wa:throttle:number:{pnid_a}") == 1
        enqueue(stack, entry(doc_a, pa2), entry(doc_b, pb))
        [(req_b, _)] = wait_for(lambda: accepted(stack, pb), what="the other number's send")
        assert req_b["path"] == f"/v23.0/{MASTER_PHONE_ID}/messages"
        assert stack.redis.exists(f"wa:throttle:number:{MASTER_PHONE_ID}") == 0
        wait_for(lambda: accepted(stack, pa1) and accepted(stack, pa2), what="the limited number's sends")
        assert [r["status"] for r, _ in stack.graph_sends(pa1)] == [400, 200]
        assert len(stack.graph_sends(pa2)) == 1  # held before Meta, not refused by it
    finally:
        stack.mock_config({"api": "graph"})


def test_one_doctors_burst_does_not_delay_another_doctors_reply(stack):
    doc_a, phone_a, pnid_a, token_a = own_number_doctor(stack, "Dr. Broadcast")
    doc_b, _ = stack.add_doctor("Dr. Reply", "Reply Clinic")
    burst = [new_number() for _ in range(300)]
    pb = new_number()
    try:
        set_creds(stack, doc_a, phone_a, pnid_a, token_a, {"api": "graph", "valid_tokens": [MASTER_TOKEN, token_a]})
        stack.sql("UPDATE doctors SET send_rate_per_s = 5 WHERE id = %s", doc_a)
        time.sleep(0.6)  # the sender caches a doctor's settings for SENDER_CREDS_TTL_MS
        enqueue(stack, *[entry(doc_a, p, text="Clinic closed on Friday") for p in burst])
        wait_for(lambda: stack.graph_sends(burst[0]) or stack.graph_sends(burst[-1]),
                 what="the broadcast under way")
        enqueue(stack, entry(doc_b, pb, text="Your appointment is confirmed."))
        wait_for(lambda: accepted(stack, pb), timeout=10, what="the other doctor's reply")
        sent_a = sum(1 for r, b in accepted(stack) if r["path"] == f"/v23.0/{pnid_a}/messages")
        assert 0 < sent_a < len(burst), "the reply went out while the broadcast was still being paced"
        assert stack.redis.zcard("wa:retry") > 0  # the rest of the broadcast waits its turn in wa:retry
    finally:
        drop_doctor_backlog(stack, doc_a)
        stack.sql("UPDATE doctors SET whatsapp_access_token = NULL, whatsapp_phone_number_id = NULL, "
                  "credentials_state = 'none' WHERE id = %s", doc_a)
        stack.mock_config({"api": "graph"})


def test_two_senders_never_send_an_out_id_twice(stack):
    doctor_id, _ = stack.add_doctor("Dr. Replicas", "Replica Clinic")
    patients = [new_number() for _ in range(40)]
    entries = [entry(doctor_id, p) for p in patients]
    stack.start_service("sender", {}, tag="-2")
    try:
        stack.mock_config({"api": "graph", "delay_ms": 50})
        # every entry twice (a redelivery, a replay): both copies may reach different replicas at the same time
        enqueue(stack, *(entries + entries))
        wait_for(lambda: all(accepted(stack, p) for p in patients), timeout=30, what="every message sent")
        time.sleep(1.0)  # a second send, if any, would show up within the lease and retry delays
        for p in patients:
            assert len(stack.graph_sends(p)) == 1, f"{p} got more than one send"
        out_ids = [e["out_id"] for e in entries]
        rows = stack.sql("SELECT out_id, count(*) FROM messages WHERE out_id = ANY(%s) GROUP BY out_id", out_ids)
        assert len(rows) == len(out_ids) and all(n == 1 for _, n in rows)
    finally:
        stack.mock_config({"api": "graph"})
        stack.stop_service("sender-2")


def test_ops_error_pauses_only_that_number_and_dead_letters(stack):
    doc_a, phone_a, pnid_a, token_a = own_number_doctor(stack, "Dr. Locked")
    pa1, pa2 = new_number(), new_number()
    try:
        set_creds(stack, doc_a, phone_a, pnid_a, token_a,
                  {"api": "graph", "valid_tokens": [MASTER_TOKEN, token_a],
                   "errors": [{"code": 131031, "phone_number_id": pnid_a, "times": 1}]})
        first = entry(doc_a, pa1)
        enqueue(stack, first)
        wait_for(lambda: [k for (k,) in stack.sql(
            "SELECT kind FROM credential_events WHERE doctor_id = %s AND kind = 'paused'", doc_a)],
            what="the pause event")
        assert stack.redis.pttl(f"wa:throttle:number:{pnid_a}") > 60000
        dead = wait_for(lambda: [f for _, f in stack.redis.xrevrange("wa:dlq", count=200)
                                 if json.loads(f.get("entry", "{}")).get("out_id") == first["out_id"]],
                        what="the dead letter")
        assert dead[0]["reason"] == "graph_ops" and dead[0]["error_code"] == "131031"
        # the next message for that number waits for the pause instead of reaching Meta
        enqueue(stack, entry(doc_a, pa2))
        wait_for(lambda: any(doc_a in m for m in stack.redis.zrange("wa:retry", 0, -1)), what="held in wa:retry")
        assert stack.graph_sends(pa2) == []
    finally:
        stack.redis.delete(f"wa:throttle:number:{pnid_a}")
        drop_doctor_backlog(stack, doc_a)
        stack.sql("UPDATE doctors SET whatsapp_access_token = NULL, whatsapp_phone_number_id = NULL, "
                  "credentials_state = 'none' WHERE id = %s", doc_a)
        stack.mock_config({"api": "graph"})


def test_closed_window_is_known_before_meta_is_asked(stack):
    doc_tpl, _ = stack.add_doctor("Dr. Window Template", "Window Template Clinic")
    doc_none, _ = stack.add_doctor("Dr. Window None", "Window None Clinic")
    stack.sql("UPDATE doctors SET window_template = %s WHERE id = %s",
              json.dumps({"name": "follow_up", "language": {"code": "en"}}), doc_tpl)
    old_tpl, old_none, recent = new_number(), new_number(), new_number()
    for doc, p, hours in ((doc_tpl, old_tpl, 25), (doc_none, old_none, 25), (doc_none, recent, 1)):
        stack.sql("INSERT INTO patients (doctor_id, wa_id, last_inbound_at) "
                  "VALUES (%s, %s, now() - make_interval(hours => %s))", doc, p, hours)
    none_closed = entry(doc_none, old_none)
    enqueue(stack, entry(doc_tpl, old_tpl), none_closed, entry(doc_none, recent))
    [(_, body)] = wait_for(lambda: accepted(stack, old_tpl), what="the template send")
    assert body["type"] == "template" and body["template"]["name"] == "follow_up"
    assert len(stack.graph_sends(old_tpl)) == 1  # no free-form attempt refused with 131047 first
    wait_for(lambda: accepted(stack, recent), what="the open window's send")
    dead = wait_for(lambda: [f for _, f in stack.redis.xrevrange("wa:dlq", count=200)
                             if json.loads(f.get("entry", "{}")).get("out_id") == none_closed["out_id"]],
                    what="the window_closed dead letter")
    assert dead[0]["reason"] == "window_closed" and dead[0]["error_code"] == ""
    assert stack.graph_sends(old_none) == []
