"""Issue 2's end-to-end scenarios: a signed webhook in, the doctor's answer out at the mock Graph API."""
import json
import signal
import time

from conftest import (MASTER_PHONE_ID, MASTER_TOKEN, change, new_number, new_wamid, text_message, wait_for,
                      webhook)


def one_message_webhook(doctor_phone, patient, text, wamid=None, name="Ravi Kumar"):
    return webhook([change(doctor_phone, "pn-" + doctor_phone, [text_message(patient, text, wamid, name)])])


def test_kb_answer_is_sent_with_master_number_as_reply(stack, clinic):
    patient, wamid = new_number(), new_wamid()
    assert stack.post_webhook(one_message_webhook(clinic["phone"], patient, "What are your timings?", wamid)) == 200

    [reply] = stack.replies_to(patient)
    assert reply["text"]["body"] == clinic["answer"]
    assert reply["messaging_product"] == "whatsapp" and reply["type"] == "text"
    assert reply["context"]["message_id"] == wamid
    [(req, _)] = stack.graph_sends(patient)
    assert req["path"] == f"/v23.0/{MASTER_PHONE_ID}/messages"
    assert req["authorization"] == f"Bearer {MASTER_TOKEN}"
    # the patient and both directions of the conversation are recorded
    rows = stack.sql("SELECT direction, status, source FROM messages m JOIN patients p ON p.id = m.patient_id "
                     "WHERE p.wa_id = %s ORDER BY direction", patient)
    assert [r[0] for r in rows] == ["in", "out"]
    assert rows[1][2] == "kb"
    wamid_out = stack.sql("SELECT wamid FROM messages WHERE out_id = %s", "reply:" + wamid)[0][0]
    assert wamid_out == json.loads(req["response"])["messages"][0]["id"]
    assert stack.sql("SELECT profile_name FROM patients WHERE wa_id = %s AND doctor_id = %s", patient,
                     clinic["id"]) == [("Ravi Kumar",)]


def test_unmatched_question_is_answered_by_gemini_in_the_clinics_name(stack, clinic):
    stack.mock_config({"api": "gemini", "text": "Please visit the clinic so the doctor can examine your child."})
    patient, wamid = new_number(), new_wamid()
    question = "My son has had a mild rash on his arm since yesterday evening"
    assert stack.post_webhook(one_message_webhook(clinic["phone"], patient, question, wamid)) == 200

    [reply] = stack.replies_to(patient)
    assert reply["text"]["body"] == "Please visit the clinic so the doctor can examine your child."
    assert reply["context"]["message_id"] == wamid
    calls = [r for r in stack.mock_requests("gemini") if question in r["body"]]
    assert len(calls) == 1
    body = calls[0]["body"]
    assert clinic["clinic"] in body and "Dr. Meera Iyer" in body and "Paediatrician" in body
    assert calls[0]["status"] == 200
    assert stack.sql("SELECT source FROM messages WHERE out_id = %s", "reply:" + wamid) == [("ai",)]


def test_meta_retries_of_one_webhook_give_one_row_and_one_reply(stack, clinic):
    patient, wamid = new_number(), new_wamid()
    payload = one_message_webhook(clinic["phone"], patient, "What are your timings?", wamid)
    for _ in range(3):
        assert stack.post_webhook(payload) == 200
    stack.replies_to(patient)
    # give any duplicate time to show up: the three entries are consumed back to back
    wait_for(lambda: stack.redis.xpending("wa:in", "router")["pending"] == 0, what="router to ack wa:in")
    wait_for(lambda: stack.redis.xpending("wa:out", "sender")["pending"] == 0, what="sender to ack wa:out")
    time.sleep(0.5)
    assert len(stack.graph_sends(patient)) == 1
    assert stack.sql("SELECT count(*) FROM messages WHERE wamid = %s", wamid) == [(1,)]
    assert stack.sql("SELECT count(*) FROM messages WHERE out_id = %s", "reply:" + wamid) == [(1,)]


def test_unknown_number_goes_to_unrouted_and_nothing_is_sent(stack):
    nobody, patient, wamid = new_number(), new_number(), new_wamid()
    assert stack.post_webhook(one_message_webhook(nobody, patient, "hello?", wamid)) == 200

    def unrouted():
        for _, fields in stack.redis.xrange("wa:unrouted"):
            if fields.get("display_phone_number") == nobody:
                return fields
    fields = wait_for(unrouted, what="the change in wa:unrouted")
    assert fields["phone_number_id"] == "pn-" + nobody
    assert wamid in fields["change"]
    wait_for(lambda: stack.redis.xpending("wa:in", "router")["pending"] == 0, what="router to ack wa:in")
    time.sleep(0.5)
    assert stack.graph_sends(patient) == []
    assert stack.sql("SELECT count(*) FROM messages WHERE wamid = %s", wamid) == [(0,)]


def test_one_post_for_two_doctors_answers_each_from_its_own_context(stack, clinic):
    other_id, other_phone = stack.add_doctor("Dr. Vikram Shah", "Shah Heart Centre", specialization="Cardiologist")
    stack.add_kb(other_id, "What are your timings?", "Shah Heart Centre sees patients 8 am to 2 pm daily.",
                 "timings hours open")
    p1, p2, p3 = new_number(), new_number(), new_number()
    payload = webhook(
        [change(clinic["phone"], "pn-" + clinic["phone"], [text_message(p1, "What are your timings?", name="A"),
                                                           text_message(p2, "what are your timings", name="B")])],
        [change(other_phone, "pn-" + other_phone, [text_message(p3, "What are your timings?", name="C")])])
    assert stack.post_webhook(payload) == 200

    assert stack.replies_to(p1)[0]["text"]["body"] == clinic["answer"]
    assert stack.replies_to(p2)[0]["text"]["body"] == clinic["answer"]
    assert stack.replies_to(p3)[0]["text"]["body"] == "Shah Heart Centre sees patients 8 am to 2 pm daily."
    owners = dict(stack.sql("SELECT p.wa_id, p.doctor_id::text FROM patients p WHERE p.wa_id IN (%s, %s, %s)",
                            p1, p2, p3))
    assert owners == {p1: clinic["id"], p2: clinic["id"], p3: other_id}


def test_malformed_webhook_goes_to_dlq_with_its_reason(stack):
    body = b'{"object":"whatsapp_business_account","entry":[{"id":"' + new_wamid().encode() + b'",'
    assert stack.post_webhook(body) == 200

    def dead():
        for _, fields in stack.redis.xrange("wa:dlq"):
            if fields.get("stage") == "router" and json.loads(fields["entry"]).get("body") == body.decode():
                return fields
    fields = wait_for(dead, what="the malformed webhook in wa:dlq")
    assert fields["reason"] == "bad_json"
    assert fields["source_stream"] == "wa:in" and fields["source_id"]
    wait_for(lambda: stack.redis.xpending("wa:in", "router")["pending"] == 0, what="router to ack wa:in")


def test_webhook_that_is_not_whatsapp_goes_to_dlq(stack):
    body = json.dumps({"object": "page", "entry": [{"id": new_wamid()}]})
    assert stack.post_webhook(body.encode()) == 200
    fields = wait_for(lambda: next((f for _, f in stack.redis.xrange("wa:dlq")
                                    if json.loads(f["entry"]).get("body") == body), None),
                      what="the foreign webhook in wa:dlq")
    assert fields["reason"] == "bad_webhook" and fields["stage"] == "router"


def test_router_killed_with_pending_entries_then_replaced_answers_each_message_once(stack, clinic):
    # Freeze the router inside its blocking XREADGROUP: Redis still hands it the next entries, which stay
    # pending under its name; then kill -9 it and start a replacement that must reclaim them.
    router = stack.procs["router"]
    router.send_signal(signal.SIGSTOP)
    patients = [new_number() for _ in range(6)]
    wamids = [new_wamid() for _ in patients]
    for p, w in zip(patients, wamids):
        assert stack.post_webhook(one_message_webhook(clinic["phone"], p, "What are your timings?", w)) == 200
    pending = wait_for(lambda: stack.redis.xpending("wa:in", "router")["pending"] or None,
                       what="entries pending for the frozen router")
    assert pending >= 1
    router.send_signal(signal.SIGKILL)
    router.wait()
    stack.procs.pop("router")

    stack.start_service("router")
    for p, w in zip(patients, wamids):
        [reply] = stack.replies_to(p, timeout=30)
        assert reply["context"]["message_id"] == w
    wait_for(lambda: stack.redis.xpending("wa:in", "router")["pending"] == 0, timeout=20,
             what="reclaimed entries acked")
    time.sleep(0.5)
    for p in patients:
        assert len(stack.graph_sends(p)) == 1


def test_router_killed_mid_burst_loses_and_duplicates_nothing(stack, clinic):
    patients = [new_number() for _ in range(40)]
    wamids = [new_wamid() for _ in patients]
    for p, w in zip(patients, wamids):
        assert stack.post_webhook(one_message_webhook(clinic["phone"], p, "What are your timings?", w)) == 200
    stack.procs["router"].send_signal(signal.SIGKILL)
    stack.procs.pop("router").wait()
    stack.start_service("router")
    for p in patients:
        stack.replies_to(p, timeout=30)
    wait_for(lambda: stack.redis.xpending("wa:in", "router")["pending"] == 0, timeout=20,
             what="reclaimed entries acked")
    wait_for(lambda: stack.redis.xpending("wa:out", "sender")["pending"] == 0, timeout=20,
             what="sender to ack wa:out")
    time.sleep(0.5)
    for p in patients:
        assert len(stack.graph_sends(p)) == 1
    assert stack.sql("SELECT count(*) FROM messages WHERE wamid = ANY(%s)", wamids) == [(40,)]


def test_wactl_simulate_shows_the_reply(stack, clinic):
    out = stack.wactl("simulate", "--to", "+" + clinic["phone"], "--from", new_number(), "--text",
                      "What are your timings?", "--json")
    reply = json.loads(out)
    assert reply["source"] == "kb"
    assert reply["text"] == clinic["answer"]
    assert reply["out_id"] == "reply:" + reply["wamid"]


def test_wactl_simulate_for_unknown_number_fails_clearly(stack):
    r = stack.wactl("simulate", "--to", new_number(), "--from", new_number(), "--text", "hi", "--timeout", "2",
                    check=False)
    assert r.returncode == 1
    assert "no doctor with number" in r.stderr


def test_send_that_keeps_failing_is_resent_then_dead_lettered_after_max_attempts(stack, clinic):
    patient, wamid = new_number(), new_wamid()
    stack.mock_config({"api": "graph", "errors": [{"code": 2, "http_status": 503, "to": patient}]})
    try:
        assert stack.post_webhook(one_message_webhook(clinic["phone"], patient, "What are your timings?", wamid)) \
            == 200

        def dead():
            for _, fields in stack.redis.xrange("wa:dlq"):
                if fields.get("stage") == "sender" and "reply:" + wamid in fields.get("entry", ""):
                    return fields
        fields = wait_for(dead, timeout=40, what="the undeliverable reply in wa:dlq")
    finally:
        stack.mock_config({"api": "graph"})
    assert fields["reason"] == "graph_retry"
    attempts = [r for r, _ in stack.graph_sends(patient)]
    assert len(attempts) == 5  # SENDER_MAX_ATTEMPTS (WA_MAX_DELIVERIES): every attempt really resent, then no more
    assert all(r["status"] == 503 for r in attempts)
    wait_for(lambda: stack.redis.xpending("wa:out", "sender")["pending"] == 0, what="the failed entry acked")


def test_entry_delivered_max_times_to_dead_consumers_is_dead_lettered_as_poison(stack, clinic):
    # An entry that has already been handed to consumers that died WA_MAX_DELIVERIES times (a message that
    # crashes whoever reads it) must not be tried again: the router that reclaims it dead-letters it as poison.
    patient, wamid = new_number(), new_wamid()
    body = json.dumps(one_message_webhook(clinic["phone"], patient, "What are your timings?", wamid))
    assert stack.stop_service("router") == 0
    entry_id = stack.redis.xadd("wa:in", {"body": body, "received_at": "0", "app": "master"})
    stack.redis.xreadgroup("router", "ghost", {"wa:in": ">"}, count=100)
    stack.redis.execute_command("XCLAIM", "wa:in", "router", "ghost", 0, entry_id, "IDLE", 600000,
                                "RETRYCOUNT", 5)
    stack.start_service("router")

    def dead():
        for _, fields in stack.redis.xrange("wa:dlq"):
            if fields.get("source_id") == entry_id:
                return fields
    fields = wait_for(dead, timeout=20, what="the poison entry in wa:dlq")
    assert fields["reason"] == "poison" and fields["stage"] == "router" and fields["source_stream"] == "wa:in"
    assert json.loads(fields["entry"])["body"] == body
    wait_for(lambda: stack.redis.xpending("wa:in", "router")["pending"] == 0, what="the poison entry acked")
    assert stack.graph_sends(patient) == []
    assert stack.sql("SELECT count(*) FROM messages WHERE wamid = %s", wamid) == [(0,)]
