"""End-to-end tests of issue 15 (the non-message webhooks Meta sends in 2026): Meta's retries of every field are
no-ops, user_preferences and 131050 stop marketing templates, Business-app echoes are outbound history, number and
identity changes move or flag the patient, a completed Flow is recorded and acknowledged, statuses' pricing is
stored, template and number updates reach templates/doctors, value-level errors are events, wactl summarises them,
and after a 131047 the sender stops asking Meta until the patient writes again.

Every webhook is a fixture under fixtures/meta2026/ (shaped as API_REFERENCE shows), filled with this run's numbers
and posted signed. The last test re-posts every byte string posted here and checks that no table changed and that
nothing was sent."""
import hashlib
import json
import os
import time
import uuid

import pytest

from conftest import new_number, new_wamid, wait_for

FIXTURES = os.path.join(os.path.dirname(__file__), "fixtures", "meta2026")
POSTED = []  # (fixture name, bytes) of every webhook posted by this module, for the re-post test


@pytest.fixture(scope="module")
def doc(stack):
    doctor_id, phone = stack.add_doctor("Dr. Kavya Rao", "Sunrise Clinic", address="9 Hill Road, Pune")
    waba = "WABA-" + phone
    stack.sql("UPDATE doctors SET whatsapp_business_account_id = %s WHERE id = %s", waba, doctor_id)
    stack.add_kb(doctor_id, "What are your timings?", "Sunrise Clinic is open 9 to 5.", "timings hours open")
    # the clinic's templates as the dashboard's sync would have stored them (013)
    for name, category in (("spring_offer", "MARKETING"), ("visit_reminder", "UTILITY")):
        stack.sql("INSERT INTO templates (doctor_id, meta_id, name, language, category, status)"
                  " VALUES (%s, %s, %s, 'en_US', %s, 'APPROVED')", doctor_id,
                  "500000000000005" if name == "spring_offer" else "500000000000006", name, category)
    return {"id": doctor_id, "phone": phone, "waba": waba, "pnid": "pn-" + phone}


def fill(doc, name, **subs):
    """The fixture `name` with this run's values; returns the bytes to post."""
    with open(os.path.join(FIXTURES, name + ".json")) as f:
        text = f.read()
    now = int(time.time())
    values = {"WABA": doc["waba"], "PNID": doc["pnid"], "DISPLAY": doc["phone"], "TIME": str(now),
              "TIME2": str(now + 1)}
    values.update(subs)
    for k, v in values.items():
        text = text.replace(f"__{k}__", v)
    assert "__" not in text.replace("__init__", ""), f"{name}: a placeholder is left"
    json.loads(text)
    return text.encode()


def post(stack, name, body):
    assert stack.post_webhook(body) == 200
    POSTED.append((name, body))


def drained(stack):
    """Waits until the router and the sender have consumed and acknowledged everything in their streams."""
    def done(stream, group):
        last = stack.redis.xrevrange(stream, count=1)
        if not last:
            return True
        info = [g for g in stack.redis.xinfo_groups(stream) if g["name"] == group]
        return bool(info) and info[0]["last-delivered-id"] == last[0][0] and info[0]["pending"] == 0
    wait_for(lambda: done("wa:in", "router") and done("wa:out", "sender") or None, timeout=30, what="streams drained")


def patient(stack, doc, number):
    rows = stack.sql("SELECT id::text, wa_id, marketing_opt_out, marketing_consent_source, previous_wa_ids,"
                     " identity_flagged, last_inbound_at, window_closed_at FROM patients"
                     " WHERE doctor_id = %s AND (wa_id = %s OR %s = ANY (previous_wa_ids))", doc["id"], number, number)
    return rows[0] if rows else None


def enqueue(stack, doc, to, message, kind="text"):
    out_id = "manual:m2026-" + uuid.uuid4().hex
    stack.redis.xadd("wa:out", {"out_id": out_id, "doctor_id": doc["id"], "to": to, "kind": kind,
                                "message": json.dumps(message), "reply_to": "", "source": "manual",
                                "created_at": str(int(time.time() * 1000)), "attempt": "0"})
    return out_id


def dlq_for(stack, out_id):
    raw = stack.redis_client()
    for _, f in raw.xrange("wa:dlq"):
        f = {k.decode(): v.decode(errors="replace") for k, v in f.items()}
        if f.get("stage") == "sender" and json.loads(f.get("entry", "{}")).get("out_id") == out_id:
            return f
    return None


def sent_with(stack, to, pred):
    return [b for r, b in stack.graph_sends(to) if r["status"] == 200 and pred(b)]


def outbound_reply(stack, doc, p):
    """The patient writes (a fixture), the clinic answers: returns the answer's wamid."""
    w = new_wamid()
    post(stack, "text_from_p1", fill(doc, "text_from_p1", P1=p, W1=w))
    stack.replies_to(p)
    return wait_for(lambda: (stack.sql("SELECT wamid FROM messages WHERE out_id = %s AND wamid IS NOT NULL",
                                       "reply:" + w) or [[None]])[0][0], what="the reply's wamid")


def template(name):
    return {"type": "template", "template": {"name": name, "language": {"code": "en_US"}}}


def test_user_preferences_stop_blocks_marketing_templates_until_resume(stack, doc):
    p = new_number()
    post(stack, "user_preferences_stop", fill(doc, "user_preferences_stop", P1=p))
    wait_for(lambda: (patient(stack, doc, p) or [None] * 3)[2] is True or None, what="marketing opt-out")
    assert patient(stack, doc, p)[3] == "user_preferences"
    assert patient(stack, doc, p)[6] is None  # a preference is not a message: no window opened
    before = len(stack.graph_sends(p))
    marketing = enqueue(stack, doc, p, template("spring_offer"), "template")
    utility = enqueue(stack, doc, p, template("visit_reminder"), "template")
    dead = wait_for(lambda: dlq_for(stack, marketing), what="marketing_opt_out dead letter")
    assert dead["reason"] == "marketing_opt_out"
    wait_for(lambda: sent_with(stack, p, lambda b: b.get("template", {}).get("name") == "visit_reminder") or None,
             what="the utility template sent")
    assert sent_with(stack, p, lambda b: b.get("template", {}).get("name") == "spring_offer") == []
    assert len(stack.graph_sends(p)) == before + 1
    assert utility

    post(stack, "user_preferences_resume", fill(doc, "user_preferences_resume", P1=p))
    wait_for(lambda: patient(stack, doc, p)[2] is False or None, what="marketing resumed")
    enqueue(stack, doc, p, template("spring_offer"), "template")
    wait_for(lambda: sent_with(stack, p, lambda b: b.get("template", {}).get("name") == "spring_offer") or None,
             what="the marketing template sent after resume")


def test_131050_send_error_means_marketing_stop(stack, doc):
    p = new_number()
    out = outbound_reply(stack, doc, p)
    assert patient(stack, doc, p)[2] is False
    post(stack, "status_failed_131050", fill(doc, "status_failed_131050", P1=p, OUT1=out))
    wait_for(lambda: patient(stack, doc, p)[2] is True or None, what="131050 marks the opt-out")
    assert patient(stack, doc, p)[3] == "send_error_131050"
    marketing = enqueue(stack, doc, p, template("spring_offer"), "template")
    assert wait_for(lambda: dlq_for(stack, marketing), what="dead letter")["reason"] == "marketing_opt_out"
    # a synchronous 131050 from the Graph API marks the patient too
    q = new_number()
    stack.mock_config({"api": "graph", "errors": [{"code": 131050, "to": q}]})
    try:
        stack.sql("INSERT INTO patients (doctor_id, wa_id) VALUES (%s, %s) ON CONFLICT DO NOTHING", doc["id"], q)
        enqueue(stack, doc, q, template("visit_reminder"), "template")
        wait_for(lambda: (patient(stack, doc, q) or [None] * 3)[2] is True or None, what="sync 131050 marks")
    finally:
        stack.mock_config({"api": "graph"})


def test_business_app_echoes_are_outbound_history_without_opening_the_window(stack, doc):
    p, w1, w2 = new_number(), new_wamid(), new_wamid()
    post(stack, "smb_message_echoes", fill(doc, "smb_message_echoes", P1=p, W1=w1))
    row = wait_for(lambda: stack.sql("SELECT direction, source, body, type, status, patient_id IS NOT NULL"
                                     " FROM messages WHERE wamid = %s", w1), what="the echo recorded")
    assert row == [("out", "business_app", "Sure, see you at 10.", "text", "sent", True)]
    assert patient(stack, doc, p)[6] is None  # last_inbound_at: an echo neither opens nor extends the window
    post(stack, "smb_message_echoes_edit", fill(doc, "smb_message_echoes_edit", P1=p, W1=w1, W2=w2))
    wait_for(lambda: stack.sql("SELECT body, original_body FROM messages WHERE wamid = %s", w1)
             == [("Sure, see you at 11.", "Sure, see you at 10.")] or None, what="the echo's edit applied")
    assert stack.sql("SELECT count(*) FROM messages WHERE wamid = %s", w2) == [(0,)]
    drained(stack)
    assert stack.graph_sends(p) == []  # never answered
    # the patient then asks something only the model can answer: the echo is part of ai's context
    marker = uuid.uuid4().hex[:8]
    w3 = new_wamid()
    post(stack, "text_question", fill(doc, "text_question", P1=p, W3=w3,
                                      Q=f"Should I bring my old prescriptions along? ({marker})"))
    stack.replies_to(p)
    [call] = [r for r in stack.mock_requests("gemini") if marker in r["body"]]
    turns = [(c["role"], c["parts"][0]["text"]) for c in json.loads(call["body"])["contents"]]
    assert ("model", "Sure, see you at 11.") in turns, turns


def test_user_changed_number_moves_the_patient_with_history(stack, doc):
    old, new, w1, w2, w3 = new_number(), new_number(), new_wamid(), new_wamid(), new_wamid()
    post(stack, "text_from_p1", fill(doc, "text_from_p1", P1=old, W1=w1))
    stack.replies_to(old)
    pid = patient(stack, doc, old)[0]
    post(stack, "system_user_changed_number", fill(doc, "system_user_changed_number", P1=old, P2=new, W2=w2))
    wait_for(lambda: patient(stack, doc, old)[1] == new or None, what="the patient moved")
    moved = patient(stack, doc, new)
    assert moved[0] == pid and moved[4] == [old]
    assert stack.sql("SELECT count(*) FROM messages WHERE patient_id = %s AND wamid IN (%s, %s)", pid, w1, w2) == [(2,)]
    post(stack, "text_from_p2", fill(doc, "text_from_p2", P2=new, W3=w3))
    wait_for(lambda: stack.sql("SELECT patient_id::text FROM messages WHERE wamid = %s", w3) == [(pid,)] or None,
             what="the new number's message on the same patient")
    assert stack.sql("SELECT count(*) FROM patients WHERE doctor_id = %s AND wa_id IN (%s, %s)",
                     doc["id"], old, new) == [(1,)]
    # ai's context for the new number includes what the patient wrote from the old one
    stack.replies_to(new)
    marker, w4 = uuid.uuid4().hex[:8], new_wamid()
    post(stack, "text_question", fill(doc, "text_question", P1=new, W3=w4,
                                      Q=f"Can my son get his vaccination this week? ({marker})"))
    stack.replies_to(new, count=2)
    [call] = [r for r in stack.mock_requests("gemini") if marker in r["body"]]
    turns = [(c["role"], c["parts"][0]["text"]) for c in json.loads(call["body"])["contents"]]
    assert ("user", "Hello, is the clinic open?") in turns, turns


def test_customer_identity_changed_is_recorded_and_flagged(stack, doc):
    p, w1, w2 = new_number(), new_wamid(), new_wamid()
    post(stack, "text_from_p1", fill(doc, "text_from_p1", P1=p, W1=w1))
    stack.replies_to(p)
    assert patient(stack, doc, p)[5] is False
    post(stack, "system_customer_identity_changed", fill(doc, "system_customer_identity_changed", P1=p, W2=w2))
    wait_for(lambda: patient(stack, doc, p)[5] is True or None, what="identity flagged")
    assert stack.sql("SELECT type FROM messages WHERE wamid = %s", w2) == [("system",)]


def test_completed_flow_is_recorded_readably_and_acknowledged(stack, doc):
    p, w1, w2 = new_number(), new_wamid(), new_wamid()
    post(stack, "interactive_nfm_reply", fill(doc, "interactive_nfm_reply", P1=p, W1=w1))
    [ack] = stack.replies_to(p)
    assert "Sunrise Clinic" in ack["text"]["body"] and "received your answers" in ack["text"]["body"]
    body = wait_for(lambda: stack.sql("SELECT body FROM messages WHERE wamid = %s", w1), what="recorded")[0][0]
    assert body == "Form: rating: 4; symptom: fever since Monday"
    post(stack, "interactive_call_permission_reply", fill(doc, "interactive_call_permission_reply", P1=p, W2=w2))
    assert wait_for(lambda: stack.sql("SELECT body FROM messages WHERE wamid = %s AND routed_at IS NOT NULL", w2),
                    what="call permission recorded")[0][0] == "Call permission: accept"
    drained(stack)
    assert len(stack.graph_sends(p)) == 1  # the call permission reply is not answered


def test_statuses_pricing_and_conversation_are_stored_per_message(stack, doc):
    p = new_number()
    out = outbound_reply(stack, doc, p)
    post(stack, "statuses_pricing", fill(doc, "statuses_pricing", P1=p, OUT1=out))
    row = wait_for(lambda: (lambda r: r if r and r[0][0] else None)(stack.sql(
        "SELECT pricing_category, pricing_type, pricing_model, pricing_billable, conversation_id, conversation_origin,"
        " conversation_expires_at IS NOT NULL, status FROM messages WHERE wamid = %s", out)), what="pricing stored")
    assert row == [("service", "free_customer_service", "PMP", False, "CONV-" + out, "service", True, "delivered")]
    # cost per doctor and category (A.13)
    assert (doc["id"], "service") in [(d, c) for d, c, _ in stack.sql(
        "SELECT doctor_id::text, pricing_category, count(*) FROM messages WHERE pricing_category IS NOT NULL"
        " GROUP BY 1, 2")]


def test_template_and_number_updates_reach_templates_and_doctor_and_errors_are_events(stack, doc):
    for name in ("message_template_status_update", "message_template_quality_update", "template_category_update",
                 "phone_number_quality_update", "messages_value_errors", "account_update",
                 "business_capability_update"):
        post(stack, name, fill(doc, name))
    wait_for(lambda: stack.sql("SELECT status, quality FROM templates WHERE doctor_id = %s AND name = 'spring_offer'",
                               doc["id"]) == [("PAUSED", "YELLOW")] or None, what="template status and quality")
    wait_for(lambda: stack.sql("SELECT category FROM templates WHERE doctor_id = %s AND name = 'visit_reminder'",
                               doc["id"]) == [("MARKETING",)] or None, what="template category")
    wait_for(lambda: stack.sql("SELECT whatsapp_messaging_limit, whatsapp_number_event FROM doctors WHERE id = %s",
                               doc["id"]) == [("TIER_2K", "FLAGGED")] or None, what="number health")
    ev = wait_for(lambda: stack.sql("SELECT value FROM webhook_events WHERE doctor_id = %s AND field = 'errors'",
                                    doc["id"]), what="the value-level errors recorded")
    assert ev[0][0]["errors"][0]["code"] == 131000
    out = stack.wactl("events", "list", "--doctor", doc["id"], "--limit", "100")
    for words in ("PAUSED spring_offer (en_US) FIRST_PAUSE", "quality was GREEN quality YELLOW",
                  "category was UTILITY category MARKETING", "FLAGGED limit TIER_2K", "error 131000 Something went wrong",
                  "ACCOUNT_RESTRICTION RESTRICTED_BIZ_INITIATED_MESSAGING", "limit 10000",
                  "stop marketing messages by", "business app sent text to"):
        assert words in out, f"{words!r} not in wactl events list:\n{out}"


def test_after_131047_free_form_sends_wait_for_the_patient_without_asking_meta(stack, doc):
    p = new_number()
    out = outbound_reply(stack, doc, p)
    post(stack, "status_failed_131047", fill(doc, "status_failed_131047", P1=p, OUT1=out))
    wait_for(lambda: patient(stack, doc, p)[7] or None, what="window_closed_at set")
    drained(stack)
    before = len(stack.graph_sends(p))
    closed = enqueue(stack, doc, p, {"type": "text", "text": {"body": "Your report is ready (1)."}})
    dead = wait_for(lambda: dlq_for(stack, closed), what="window_closed dead letter")
    assert dead["reason"] == "window_closed" and dead["error_code"] == ""  # decided here, not by Meta
    assert len(stack.graph_sends(p)) == before
    # the patient writes again: the window is open and a free-form message goes to Meta
    w = new_wamid()
    post(stack, "text_from_p1", fill(doc, "text_from_p1", P1=p, W1=w))
    stack.replies_to(p, count=before + 1)
    enqueue(stack, doc, p, {"type": "text", "text": {"body": "Your report is ready (2)."}})
    wait_for(lambda: sent_with(stack, p, lambda b: b.get("text", {}).get("body") == "Your report is ready (2).")
             or None, what="the free-form send after the patient wrote")


def test_a_synchronous_131047_also_closes_the_window_until_the_patient_writes(stack, doc):
    p = new_number()
    outbound_reply(stack, doc, p)
    drained(stack)
    stack.mock_config({"api": "graph", "errors": [{"code": 131047, "to": p}]})
    try:
        first = enqueue(stack, doc, p, {"type": "text", "text": {"body": "Refused by Meta."}})
        dead = wait_for(lambda: dlq_for(stack, first), what="the first window_closed")
        assert dead["reason"] == "window_closed" and dead["error_code"] == "131047"
        assert patient(stack, doc, p)[7] is not None
        asked = len(stack.graph_sends(p))
        second = enqueue(stack, doc, p, {"type": "text", "text": {"body": "Not sent to Meta."}})
        dead = wait_for(lambda: dlq_for(stack, second), what="the second window_closed")
        assert dead["reason"] == "window_closed" and dead["error_code"] == ""
        assert len(stack.graph_sends(p)) == asked
    finally:
        stack.mock_config({"api": "graph"})


def table_state(stack):
    tables = [t for (t,) in stack.sql("SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1")]
    state = {}
    for t in tables:
        (n, digest), = stack.sql(f'SELECT count(*), md5(coalesce(string_agg(x::text, \'|\' ORDER BY x::text), \'\'))'
                                 f' FROM "{t}" x')
        state[t] = (n, digest)
    return state


def test_reposting_every_fixture_with_identical_bytes_changes_nothing_and_sends_nothing(stack, doc):
    names = {f[:-5] for f in os.listdir(FIXTURES) if f.endswith(".json")}
    assert names <= {n for n, _ in POSTED}, f"fixtures never posted: {names - {n for n, _ in POSTED}}"
    drained(stack)
    time.sleep(1.0)  # triggers and late statuses
    drained(stack)
    before = table_state(stack)
    seq = max((q["seq"] for q in stack.mock_requests("all")), default=0)
    for name, body in POSTED:
        assert stack.post_webhook(body) == 200
    drained(stack)
    time.sleep(1.0)
    drained(stack)
    after = table_state(stack)
    changed = {t: (before.get(t), after[t]) for t in after if before.get(t) != after[t]}
    assert changed == {}, f"tables changed by re-posting identical webhooks: {sorted(changed)}"
    assert stack.mock_requests("graph", since=seq) == [], "the re-post sent something to the Graph API"
