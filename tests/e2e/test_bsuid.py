"""Issue 15: patients who hide their phone number (API_REFERENCE A.9). Webhooks shaped as A.9.2 shows them (no
`from`, no `wa_id`: only `from_user_id`, `contacts[].user_id`, the parent BSUID and `profile.username`), signed as
Meta signs, and the answers observed at the mock Graph API: a BSUID-only patient is answered through `recipient`
(A.9.4), books through the flow, joins the queue, opts out and back in; a phone patient who later writes with a
username and both identifiers stays one patient, and a phone patient and a BSUID patient that one webhook shows to
be the same person are merged with their history; Meta's 131062 dead-letters as bsuid_unsupported."""
import json
import time
import uuid

from conftest import MASTER_TOKEN, http, new_number, new_wamid, wait_for, webhook


def new_bsuid(country="DE"):
    return f"{country}.{uuid.uuid4().int % 10**18:018d}"


def bsuid_message(user_id, text=None, phone=None, wamid=None, username="alice.example", parent=None, interactive=None):
    """One message and its contact as A.9.2 shows them: `from`/`wa_id` only when `phone` is given."""
    m = {"from_user_id": user_id, "id": wamid or new_wamid(), "timestamp": str(int(time.time()))}
    if phone:
        m["from"] = phone
    if parent:
        m["from_parent_user_id"] = parent
    if interactive is not None:
        m["type"], m["interactive"] = "interactive", interactive
    else:
        m["type"], m["text"] = "text", {"body": text}
    profile = {"name": "Alice Example"}
    if username:
        profile["username"] = username
    c = {"profile": profile, "user_id": user_id}
    if phone:
        c["wa_id"] = phone
    if parent:
        c["parent_user_id"] = parent
    return m, c


def post(stack, doc, pairs):
    msgs = [m for m, _ in pairs]
    contacts = [c for _, c in pairs]
    ch = {"field": "messages", "value": {
        "messaging_product": "whatsapp",
        "metadata": {"display_phone_number": doc["phone"], "phone_number_id": "pn-" + doc["phone"]},
        "contacts": contacts, "messages": msgs}}
    assert stack.post_webhook(webhook([ch])) == 200


def reply(stack, address, wamid, timeout=20):
    """The request the sender made in reply to inbound `wamid` (context.message_id), to `address` (to or recipient)."""
    def find():
        for _, b in stack.graph_sends(address):
            if b.get("context", {}).get("message_id") == wamid:
                return b
        return None
    return wait_for(find, timeout=timeout, what=f"reply to {wamid}")


def say(stack, doc, user_id, text, **kw):
    m, c = bsuid_message(user_id, text, **kw)
    post(stack, doc, [(m, c)])
    return reply(stack, kw.get("phone") or user_id, m["id"])


def tap(stack, doc, user_id, kind, rid, title):
    m, c = bsuid_message(user_id, interactive={"type": kind, kind: {"id": rid, "title": title}})
    m["context"] = {"from": doc["phone"], "id": "wamid.prev"}
    post(stack, doc, [(m, c)])
    return reply(stack, user_id, m["id"])


def body(msg):
    return msg["text"]["body"] if msg["type"] == "text" else msg["interactive"]["body"]["text"]


def rows(msg):
    assert msg["type"] == "interactive" and msg["interactive"]["type"] == "list", msg
    return [(r["id"], r["title"]) for s in msg["interactive"]["action"]["sections"] for r in s["rows"]]


def buttons(msg):
    assert msg["type"] == "interactive" and msg["interactive"]["type"] == "button", msg
    return [(b["reply"]["id"], b["reply"]["title"]) for b in msg["interactive"]["action"]["buttons"]]


def new_doctor(stack):
    doctor_id, phone = stack.add_doctor("Dr. Asha Rao", "Asha Clinic", address="12 MG Road, Pune")
    stack.sql("INSERT INTO clinic_settings (doctor_id, work_days, day_start, day_end, break_start, break_end,"
              " slot_minutes, per_slot, book_ahead_days, consult_minutes, queue_notify_ahead)"
              " VALUES (%s, '{1,2,3,4,5,6,7}', '00:00', '23:59', NULL, NULL, 30, 2, 3, 10, 3)", doctor_id)
    return {"id": doctor_id, "phone": phone}


def patients(stack, doctor_id):
    return stack.sql("SELECT wa_id, user_id, parent_user_id, username, opted_out, user_id_aliases FROM patients"
                     " WHERE doctor_id = %s ORDER BY created_at", doctor_id)


def test_bsuid_only_patient_gets_the_knowledge_base_answer_through_recipient(stack, clinic):
    uid, parent = new_bsuid(), "DE.ENT." + str(uuid.uuid4().int % 10**12)
    m, c = bsuid_message(uid, "What are your timings?", parent=parent)
    post(stack, clinic, [(m, c)])
    r = reply(stack, uid, m["id"])
    assert r["recipient"] == uid and "to" not in r and r["recipient_type"] == "individual"
    assert r["type"] == "text" and r["text"]["body"] == clinic["answer"]
    # one patient, addressed by its BSUID; the username is kept for display
    assert patients(stack, clinic["id"]) == [(uid, uid, parent, "alice.example", False, [])]
    [(status,)] = stack.sql("SELECT status FROM messages WHERE wamid = %s", m["id"])
    assert status == "routed"  # not "recorded" with no_reply (the old "no phone number (username user)")
    # the outbound message is recorded under the same patient, with the wamid the mock answered
    out = wait_for(lambda: stack.sql("SELECT m.wamid, m.wa_id FROM messages m JOIN patients p ON p.id = m.patient_id"
                                     " WHERE m.out_id = %s AND p.user_id = %s", "reply:" + m["id"], uid),
                   what="outbound message recorded")
    assert out[0][0].startswith("wamid.MOCK") and out[0][1] == uid
    # the mock answers a send to a BSUID as Meta does (A.9.4): contacts[].user_id, no wa_id
    status, answer = http("POST", f"{stack.mock_url}/v23.0/pn-{clinic['phone']}/messages", json.dumps(
        {"messaging_product": "whatsapp", "recipient_type": "individual", "recipient": uid, "type": "text",
         "text": {"body": "x"}}).encode(), {"Content-Type": "application/json",
                                            "Authorization": "Bearer " + MASTER_TOKEN})
    assert status == 200, answer
    assert json.loads(answer)["contacts"] == [{"input": uid, "user_id": uid}]
    # wactl shows the patient (handoff, queue and patients listings all use the address)
    out = stack.wactl("doctor", "patients", clinic["phone"], "--json")
    listed = json.loads(out)["patients"]
    assert [(p["address"], p["user_id"], p["username"], p["phone"]) for p in listed] == \
        [(uid, uid, "alice.example", None)]


def test_bsuid_only_patient_books_through_the_flow_and_joins_the_queue(stack):
    doc = new_doctor(stack)
    uid = new_bsuid("US")
    menu = say(stack, doc, uid, "hi")
    assert menu["recipient"] == uid and [b[0] for b in buttons(menu)][0] == "menu:book"
    days = rows(tap(stack, doc, uid, "button_reply", "menu:book", "Book appointment"))
    slots = rows(tap(stack, doc, uid, "list_reply", days[0][0], days[0][1]))
    confirm = tap(stack, doc, uid, "list_reply", slots[0][0], slots[0][1])
    done = tap(stack, doc, uid, "button_reply", buttons(confirm)[0][0], "Confirm")
    assert done["recipient"] == uid and "confirmed" in body(done)
    assert stack.sql("SELECT a.status FROM appointments a JOIN patients p ON p.id = a.patient_id"
                     " WHERE a.doctor_id = %s AND p.user_id = %s", doc["id"], uid) == [("booked",)]
    # the conversation state is kept under the patient's address
    assert stack.redis.exists(f"wa:conv:{doc['id']}:{uid}")
    # the 24-hour reminder reaches the patient too (time travel: booked two days ago for tomorrow)
    stack.sql("UPDATE appointments SET created_at = now() - interval '2 days', slot_start = now() + interval '23 hours'"
              " WHERE doctor_id = %s", doc["id"])
    stack.start_service("router", {"ROUTER_REMINDER_INTERVAL_MS": "100"}, tag="-bsuidrem")
    try:
        [rem] = wait_for(lambda: [b for _, b in stack.graph_sends(uid) if "context" not in b] or None,
                         what="24-hour reminder to the BSUID")
    finally:
        stack.stop_service("router-bsuidrem")
    assert rem["recipient"] == uid and rem["text"]["body"].startswith("Reminder: your appointment at Asha Clinic")

    r = say(stack, doc, uid, "queue")
    assert r["recipient"] == uid and "token number is 1" in body(r)
    out = json.loads(stack.wactl("queue", "list", doc["phone"], "--json"))
    assert [t["wa_id"] for t in out] == [uid]
    assert json.loads(stack.wactl("queue", "next", doc["phone"], "--json"))["called"] == "1"
    wait_for(lambda: next((b for _, b in stack.graph_sends(uid)
                           if b["type"] == "text" and "Token 1: it is your turn now" in b["text"]["body"]), None),
             what="queue notification to the BSUID")


def test_bsuid_only_patient_stop_and_start(stack, clinic):
    uid = new_bsuid()
    stop = say(stack, clinic, uid, "STOP")
    assert stop["recipient"] == uid and "no longer receive" in body(stop)
    assert patients(stack, clinic["id"])[0][4] is True
    start = say(stack, clinic, uid, "START")
    assert start["recipient"] == uid and "Welcome back" in body(start)
    assert patients(stack, clinic["id"])[0][4] is False


def test_phone_patient_who_later_writes_as_a_username_stays_one_patient(stack, clinic):
    phone, uid = new_number(), new_bsuid("IN")
    # before usernames: a phone and (since April 2026) its BSUID, no username
    first = say(stack, clinic, uid, "What are your timings?", phone=phone, username=None)
    assert first["to"] == phone and "recipient" not in first
    # later as a username, phone withheld: the same person (by BSUID), answered on the phone it is known by
    m, c = bsuid_message(uid, "What are your timings?", username="asha.k")
    post(stack, clinic, [(m, c)])
    r = reply(stack, phone, m["id"])
    assert r["to"] == phone
    assert patients(stack, clinic["id"]) == [(phone, uid, None, "asha.k", False, [])]
    n = stack.sql("SELECT count(DISTINCT patient_id), count(*) FROM messages WHERE doctor_id = %s AND direction = 'in'",
                  clinic["id"])
    assert n == [(1, 2)]


def test_a_phone_patient_and_a_bsuid_patient_shown_to_be_one_are_merged_with_their_history(stack, clinic):
    phone, uid = new_number(), new_bsuid()
    # an old-style phone-only message (no BSUID), then a username-only one: two patients, nothing links them yet
    m1, c1 = bsuid_message(uid, "STOP", phone=phone, username=None)
    del m1["from_user_id"], c1["user_id"]
    post(stack, clinic, [(m1, c1)])
    reply(stack, phone, m1["id"])
    m2, c2 = bsuid_message(uid, "What are your timings?")
    post(stack, clinic, [(m2, c2)])
    reply(stack, uid, m2["id"])
    assert len(patients(stack, clinic["id"])) == 2
    [(older,)] = stack.sql("SELECT id::text FROM patients WHERE doctor_id = %s AND wa_id = %s", clinic["id"], phone)
    # a webhook with both identifiers: one patient, the older row, with both ids, the history and the opt-out
    m3, c3 = bsuid_message(uid, "What are your timings?", phone=phone)
    post(stack, clinic, [(m3, c3)])
    r = reply(stack, phone, m3["id"])
    assert r["to"] == phone
    assert patients(stack, clinic["id"]) == [(phone, uid, None, "alice.example", True, [])]
    assert stack.sql("SELECT id::text FROM patients WHERE doctor_id = %s", clinic["id"]) == [(older,)]
    rows_ = stack.sql("SELECT direction, count(*) FROM messages WHERE doctor_id = %s AND patient_id = %s"
                      " GROUP BY direction ORDER BY direction", clinic["id"], older)
    assert rows_ == [("in", 3), ("out", 3)]
    assert stack.sql("SELECT count(*) FROM audit_log WHERE doctor_id = %s AND action = 'patient.merge'",
                     clinic["id"]) == [(1,)]
    # a redelivery of the merging webhook changes nothing
    post(stack, clinic, [(m3, c3)])
    time.sleep(0.5)
    assert len(patients(stack, clinic["id"])) == 1
    assert stack.sql("SELECT count(*) FROM audit_log WHERE doctor_id = %s AND action = 'patient.merge'",
                     clinic["id"]) == [(1,)]


def dlq_for(stack, out_id):
    raw = stack.redis_client()
    for _, f in raw.xrange("wa:dlq"):
        f = {k.decode(): v.decode(errors="replace") for k, v in f.items()}
        if f.get("stage") == "sender" and json.loads(f.get("entry", "{}")).get("out_id") == out_id:
            return f
    return None


def test_131062_dead_letters_as_bsuid_unsupported(stack, clinic):
    uid = new_bsuid()
    stack.mock_config({"api": "graph", "errors": [{"code": 131062, "http_status": 400, "to": uid, "times": 1}]})
    try:
        m, c = bsuid_message(uid, "What are your timings?")
        post(stack, clinic, [(m, c)])
        entry = wait_for(lambda: dlq_for(stack, "reply:" + m["id"]), what="bsuid_unsupported dead letter")
    finally:
        stack.mock_config({"api": "graph"})
    assert entry["reason"] == "bsuid_unsupported" and entry["error_code"] == "131062"
    assert "phone number" in entry["detail"]
    # Meta was asked once, through recipient, and not retried
    sends = [b for _, b in stack.graph_sends(uid) if b.get("context", {}).get("message_id") == m["id"]]
    assert len(sends) == 1 and sends[0]["recipient"] == uid


def test_bsuid_only_patient_handoff_is_listed_and_released_by_wactl(stack, clinic):
    uid = new_bsuid()
    r = say(stack, clinic, uid, "talk to doctor")
    assert r["recipient"] == uid and "staff" in body(r)
    key = f"wa:handoff:{clinic['id']}:{uid}"
    assert stack.redis.ttl(key) > 3000
    listed = json.loads(stack.wactl("handoff", "list", "--doctor", clinic["phone"], "--json"))
    assert [(h["wa_id"], h["username"], h["state"]) for h in listed] == [(uid, "alice.example", "paused")]
    # paused: the next question is recorded, not answered
    m, c = bsuid_message(uid, "What are your timings?")
    post(stack, clinic, [(m, c)])
    wait_for(lambda: stack.sql("SELECT routed_at IS NOT NULL FROM messages WHERE wamid = %s", m["id"]) == [(True,)],
             what="paused message handled")
    assert [b for _, b in stack.graph_sends(uid) if b.get("context", {}).get("message_id") == m["id"]] == []
    stack.wactl("handoff", "release", "--doctor", clinic["phone"], "--patient", uid)
    assert not stack.redis.exists(key)
    assert body(say(stack, clinic, uid, "What are your timings?")) == clinic["answer"]


def test_wactl_simulate_from_user_id_posts_a_bsuid_only_message(stack, clinic):
    uid = new_bsuid("IN")
    out = json.loads(stack.wactl("simulate", "--to", "+" + clinic["phone"], "--from-user-id", uid, "--username",
                                 "asha.k", "--text", "What are your timings?", "--json"))
    assert out["source"] == "kb" and out["text"] == clinic["answer"]
    [(payload,)] = stack.sql("SELECT payload FROM messages WHERE wamid = %s", out["wamid"])
    assert payload["from_user_id"] == uid and "from" not in payload
    assert patients(stack, clinic["id"]) == [(uid, uid, None, "asha.k", False, [])]
    sends = [b for _, b in stack.graph_sends(uid) if b.get("context", {}).get("message_id") == out["wamid"]]
    assert sends and sends[0]["recipient"] == uid
    r = stack.wactl("simulate", "--to", clinic["phone"], "--from-user-id", "4915112345678", "--text", "hi",
                    check=False)
    assert r.returncode == 2 and "business-scoped user id" in r.stderr


def test_131062_for_a_bsuid_whose_phone_is_known_is_resent_to_the_phone(stack, clinic):
    phone, uid = new_number(), new_bsuid()
    say(stack, clinic, uid, "What are your timings?", phone=phone)  # the pair is known now
    stack.mock_config({"api": "graph", "errors": [{"code": 131062, "http_status": 400, "to": uid, "times": 1}]})
    out_id = "manual:" + uuid.uuid4().hex
    try:
        # an entry addressed by BSUID (e.g. queued before the phone became known)
        stack.redis.xadd("wa:out", {"out_id": out_id, "doctor_id": clinic["id"], "to": uid, "kind": "text",
                                    "message": json.dumps({"type": "text", "text": {"body": "Your report is ready."}}),
                                    "reply_to": "", "source": "manual", "created_at": str(int(time.time() * 1000)),
                                    "attempt": "0"})
        sent = wait_for(lambda: [b for _, b in stack.graph_sends(phone)
                                 if b["type"] == "text" and b["text"]["body"] == "Your report is ready."],
                        what="resend to the phone")
    finally:
        stack.mock_config({"api": "graph"})
    assert sent[0]["to"] == phone and "recipient" not in sent[0]
    assert [b["recipient"] for _, b in stack.graph_sends(uid) if b["text"]["body"] == "Your report is ready."] == [uid]
    [(wa_id, status)] = wait_for(lambda: stack.sql("SELECT wa_id, status FROM messages WHERE out_id = %s", out_id),
                                 what="outbound recorded")
    assert wa_id == phone and status in ("accepted", "sent", "delivered")
    assert dlq_for(stack, out_id) is None


def test_staff_message_by_wactl_send_reaches_a_bsuid_patient(stack, clinic):
    uid = new_bsuid()
    say(stack, clinic, uid, "What are your timings?")
    out = json.loads(stack.wactl("send", "--doctor", clinic["phone"], "--to", uid, "--text", "Your report is ready.",
                                 "--wait", "10", "--json"))
    sends = [b for _, b in stack.graph_sends(uid) if b["type"] == "text" and b["text"]["body"] == "Your report is ready."]
    assert len(sends) == 1 and sends[0]["recipient"] == uid and "to" not in sends[0]
    [(wa_id, user_id)] = stack.sql("SELECT m.wa_id, p.user_id FROM messages m JOIN patients p ON p.id = m.patient_id"
                                   " WHERE m.out_id = %s", out["out_id"])
    assert wa_id == uid and user_id == uid


def test_the_router_role_may_merge_patients(stack, clinic):
    """wa_patient_resolve runs with the caller's rights: the router's PostgreSQL role (007_roles.sql) may do a merge."""
    import psycopg2
    phone, uid = new_number(), new_bsuid()
    stack.sql("INSERT INTO patients (doctor_id, wa_id, created_at) VALUES (%s, %s, now() - interval '1 day')",
              clinic["id"], phone)
    stack.sql("INSERT INTO patients (doctor_id, wa_id, user_id, opted_out) VALUES (%s, %s, %s, true)",
              clinic["id"], uid, uid)
    stack.sql("GRANT wa_router TO CURRENT_USER")  # the migrating role created it (CREATEROLE), so it may
    conn = psycopg2.connect(stack.env["DATABASE_URL"])
    try:
        with conn, conn.cursor() as cur:
            cur.execute("SET LOCAL ROLE wa_router")
            cur.execute("SELECT wa_patient_resolve(%s, %s, %s, NULL, 'bo')", (clinic["id"], phone, uid))
            assert cur.fetchone() == (phone,)
    finally:
        conn.close()
        stack.sql("REVOKE wa_router FROM CURRENT_USER")
    assert patients(stack, clinic["id"]) == [(phone, uid, None, "bo", True, [])]


def test_ai_sees_the_history_of_both_identities_after_a_merge(stack, clinic):
    phone, uid, marker = new_number(), new_bsuid(), uuid.uuid4().hex[:8]
    m1, c1 = bsuid_message(uid, f"my knee hurts since sunday {marker}", phone=phone, username=None)
    del m1["from_user_id"], c1["user_id"]  # before BSUIDs: a phone-only patient
    post(stack, clinic, [(m1, c1)])
    reply(stack, phone, m1["id"])
    m2, c2 = bsuid_message(uid, f"it is swollen now {marker}")  # a username-only patient, not linked yet
    post(stack, clinic, [(m2, c2)])
    reply(stack, uid, m2["id"])
    m3, c3 = bsuid_message(uid, f"should I come today? {marker}", phone=phone)  # both: merged
    post(stack, clinic, [(m3, c3)])
    reply(stack, phone, m3["id"])
    [call] = [r for r in stack.mock_requests("gemini") if f"should I come today? {marker}" in r["body"]]
    said = [c["parts"][0]["text"] for c in json.loads(call["body"])["contents"] if c["role"] == "user"]
    assert f"my knee hurts since sunday {marker}" in said and f"it is swollen now {marker}" in said


def test_user_changed_user_id_keeps_one_patient_under_the_new_bsuid(stack, clinic):
    old, new = new_bsuid(), new_bsuid()
    say(stack, clinic, old, "What are your timings?")
    sysmsg = {"from_user_id": old, "id": new_wamid(), "timestamp": str(int(time.time())), "type": "system",
              "system": {"body": "User Alice changed", "user_id": new, "type": "user_changed_user_id"}}
    ch = {"field": "messages", "value": {  # A.9.6: system webhooks have no contacts array
        "messaging_product": "whatsapp",
        "metadata": {"display_phone_number": clinic["phone"], "phone_number_id": "pn-" + clinic["phone"]},
        "messages": [sysmsg]}}
    for _ in range(2):  # a redelivery changes nothing
        assert stack.post_webhook(webhook([ch])) == 200
        wait_for(lambda: stack.sql("SELECT routed_at IS NOT NULL FROM messages WHERE wamid = %s", sysmsg["id"])
                 == [(True,)], what="system message handled")
    assert patients(stack, clinic["id"]) == [(new, new, None, "alice.example", False, [old])]
    r = say(stack, clinic, new, "What are your timings?")
    assert r["recipient"] == new
    # a late webhook still carrying the old BSUID: the same patient, answered at the new one
    m, c = bsuid_message(old, "What are your timings?")
    post(stack, clinic, [(m, c)])
    assert reply(stack, new, m["id"])["recipient"] == new
    assert patients(stack, clinic["id"]) == [(new, new, None, "alice.example", False, [old])]
    assert stack.sql("SELECT count(DISTINCT patient_id) FROM messages WHERE doctor_id = %s", clinic["id"]) == [(1,)]


def test_referral_between_bsuid_only_patients(stack):
    doc = new_doctor(stack)
    referrer, referred = new_bsuid(), new_bsuid()
    first = body(say(stack, doc, referrer, "refer"))
    code = next(w for w in first.replace(":", " ").split() if w.startswith("REF-"))[:10]
    say(stack, doc, referred, f"Hi, I was referred by code {code}")
    assert stack.sql("SELECT p.wa_id, q.wa_id FROM referrals f JOIN patients p ON p.id = f.referred_id"
                     " JOIN patients q ON q.id = f.referrer_id WHERE f.doctor_id = %s", doc["id"]) == [(referred, referrer)]
    thanks = wait_for(lambda: [b for _, b in stack.graph_sends(referrer)
                               if "context" not in b and "recommending" in b["text"]["body"]], what="thank-you")
    assert thanks[0]["recipient"] == referrer


def test_a_sender_with_neither_phone_nor_a_valid_bsuid_is_recorded_not_answered(stack, clinic):
    m, c = bsuid_message("not a bsuid " + "x" * 300, "What are your timings?")
    post(stack, clinic, [(m, c)])
    wait_for(lambda: stack.sql("SELECT status FROM messages WHERE wamid = %s", m["id"]) == [("recorded",)],
             what="message recorded")
    assert [b for _, b in stack.graph_sends() if b.get("context", {}).get("message_id") == m["id"]] == []
    assert stack.sql("SELECT count(*) FROM patients WHERE doctor_id = %s AND user_id IS NOT NULL", clinic["id"]) == [(0,)]


def test_one_webhook_with_a_bsuid_only_message_then_one_with_both_ids_makes_one_patient(stack, clinic):
    phone, uid = new_number(), new_bsuid()
    m1, c1 = bsuid_message(uid, "What are your timings?")
    m2, c2 = bsuid_message(uid, "What are your timings?", phone=phone)
    post(stack, clinic, [(m1, c1), (m2, c2)])
    # both answered at the address the person has at the end of the batch: the phone
    assert reply(stack, phone, m1["id"])["to"] == phone
    assert reply(stack, phone, m2["id"])["to"] == phone
    assert patients(stack, clinic["id"]) == [(phone, uid, None, "alice.example", False, [])]
    assert stack.sql("SELECT count(DISTINCT patient_id), count(*) FROM messages WHERE doctor_id = %s"
                     " AND direction = 'in'", clinic["id"]) == [(1, 2)]


def routed(stack, wamid):
    wait_for(lambda: stack.sql("SELECT routed_at IS NOT NULL FROM messages WHERE wamid = %s", wamid) == [(True,)],
             what=f"{wamid} handled")


def unanswered(stack, address, wamid):
    return [b for _, b in stack.graph_sends(address) if b.get("context", {}).get("message_id") == wamid] == []


def test_a_staff_pause_follows_a_bsuid_patient_whose_phone_becomes_known(stack, clinic):
    uid, phone = new_bsuid(), new_number()
    assert "staff" in body(say(stack, clinic, uid, "talk to doctor"))
    old, new = f"wa:handoff:{clinic['id']}:{uid}", f"wa:handoff:{clinic['id']}:{phone}"
    ttl = stack.redis.ttl(old)
    assert ttl > 3000
    m, c = bsuid_message(uid, "What are your timings?", phone=phone)
    for _ in range(2):  # a redelivery moves nothing twice
        post(stack, clinic, [(m, c)])
        routed(stack, m["id"])
    assert [p[:2] for p in patients(stack, clinic["id"])] == [(phone, uid)]
    # still paused under the patient's new address, for the rest of the pause only
    assert not stack.redis.exists(old) and 3000 < stack.redis.ttl(new) <= ttl
    time.sleep(1)
    assert unanswered(stack, phone, m["id"]) and unanswered(stack, uid, m["id"])


def test_a_staff_pause_follows_a_merge_of_a_phone_patient_and_a_bsuid_patient(stack, clinic):
    uid, phone = new_bsuid(), new_number()
    stack.post_webhook(webhook([{"field": "messages", "value": {
        "messaging_product": "whatsapp",
        "metadata": {"display_phone_number": clinic["phone"], "phone_number_id": "pn-" + clinic["phone"]},
        "contacts": [{"profile": {"name": "Alice"}, "wa_id": phone}],
        "messages": [{"from": phone, "id": (w := new_wamid()), "timestamp": str(int(time.time())), "type": "text",
                      "text": {"body": "What are your timings?"}}]}}]))
    reply(stack, phone, w)
    assert "staff" in body(say(stack, clinic, uid, "talk to doctor"))
    assert len(patients(stack, clinic["id"])) == 2
    m, c = bsuid_message(uid, "What are your timings?", phone=phone)
    post(stack, clinic, [(m, c)])
    routed(stack, m["id"])
    assert [p[:2] for p in patients(stack, clinic["id"])] == [(phone, uid)]
    assert not stack.redis.exists(f"wa:handoff:{clinic['id']}:{uid}")
    assert stack.redis.ttl(f"wa:handoff:{clinic['id']}:{phone}") > 3000
    time.sleep(1)
    assert unanswered(stack, phone, m["id"])


def test_a_pending_booking_step_follows_a_bsuid_patient_whose_phone_becomes_known(stack):
    doc = new_doctor(stack)
    uid, phone = new_bsuid(), new_number()
    say(stack, doc, uid, "hi")
    days = rows(tap(stack, doc, uid, "button_reply", "menu:book", "Book appointment"))
    old = f"wa:conv:{doc['id']}:{uid}"
    state = stack.redis.hgetall(old)
    assert state
    m, c = bsuid_message(uid, phone=phone, interactive={"type": "list_reply",
                                                       "list_reply": {"id": days[0][0], "title": days[0][1]}})
    m["context"] = {"from": doc["phone"], "id": "wamid.prev"}
    post(stack, doc, [(m, c)])
    slots = rows(reply(stack, phone, m["id"]))
    assert slots and not stack.redis.exists(old)
    new = stack.redis.hgetall(f"wa:conv:{doc['id']}:{phone}")
    assert set(state) <= set(new), (state, new)
    assert stack.redis.ttl(f"wa:conv:{doc['id']}:{phone}") > 0


def test_a_staff_pause_follows_a_patient_who_changed_number(stack, clinic):
    p1, p2, u1, u2 = new_number(), new_number(), new_bsuid(), new_bsuid()
    assert "staff" in body(say(stack, clinic, u1, "talk to doctor", phone=p1))
    sysmsg = {"from": p1, "from_user_id": u1, "id": new_wamid(), "timestamp": str(int(time.time())), "type": "system",
              "system": {"body": f"User Alice changed from {p1} to {p2}", "wa_id": p2, "user_id": u2,
                         "type": "user_changed_number"}}
    ch = {"field": "messages", "value": {
        "messaging_product": "whatsapp",
        "metadata": {"display_phone_number": clinic["phone"], "phone_number_id": "pn-" + clinic["phone"]},
        "messages": [sysmsg]}}
    for _ in range(2):  # a redelivery moves nothing twice
        assert stack.post_webhook(webhook([ch])) == 200
        routed(stack, sysmsg["id"])
    assert not stack.redis.exists(f"wa:handoff:{clinic['id']}:{p1}")
    assert stack.redis.ttl(f"wa:handoff:{clinic['id']}:{p2}") > 3000
    m, c = bsuid_message(u2, "What are your timings?", phone=p2)
    post(stack, clinic, [(m, c)])
    routed(stack, m["id"])
    time.sleep(1)
    assert unanswered(stack, p2, m["id"])
    assert stack.sql("SELECT count(*) FROM patients WHERE doctor_id = %s AND wa_id IN (%s, %s)",
                     clinic["id"], p1, p2) == [(1,)]


def post_status(stack, doc, status, contacts=None):
    value = {"messaging_product": "whatsapp",
             "metadata": {"display_phone_number": doc["phone"], "phone_number_id": "pn-" + doc["phone"]},
             "statuses": [dict({"id": new_wamid(), "status": "delivered", "timestamp": str(int(time.time()))},
                               **status)]}
    if contacts is not None:
        value["contacts"] = contacts
    body = webhook([{"field": "messages", "value": value}])
    assert stack.post_webhook(body) == 200
    return body


def test_a_status_showing_phone_and_bsuid_gives_the_bsuid_patient_its_phone_scoped_to_its_doctor(stack, clinic):
    uid, phone = new_bsuid(), new_number()
    assert "staff" in body(say(stack, clinic, uid, "talk to doctor"))
    # the same pair in a status of another doctor's number changes nothing at this clinic
    other = new_doctor(stack)
    post_status(stack, other, {"recipient_id": phone, "recipient_user_id": uid})
    wait_for(lambda: [p[:2] for p in patients(stack, other["id"])] == [(phone, uid)] or None,
             what="the other doctor's status applied")
    assert [p[:2] for p in patients(stack, clinic["id"])] == [(uid, uid)]
    # A.9.3: delivered/read carry contacts[] with the user_id; recipient_id is the phone
    post_status(stack, clinic, {"recipient_id": phone, "recipient_user_id": uid},
                contacts=[{"profile": {"name": "Alice", "username": "alice.example"}, "user_id": uid}])
    wait_for(lambda: [p[:2] for p in patients(stack, clinic["id"])] == [(phone, uid)] or None,
             what="the patient's phone learned from a status")
    # the staff pause follows the patient to its new address
    assert not stack.redis.exists(f"wa:handoff:{clinic['id']}:{uid}")
    assert stack.redis.ttl(f"wa:handoff:{clinic['id']}:{phone}") > 3000


def test_a_status_showing_both_identifiers_merges_a_phone_patient_and_a_bsuid_patient(stack, clinic):
    uid, phone = new_bsuid(), new_number()
    m1, c1 = bsuid_message(uid, "What are your timings?")
    w = new_wamid()
    ch = {"field": "messages", "value": {
        "messaging_product": "whatsapp",
        "metadata": {"display_phone_number": clinic["phone"], "phone_number_id": "pn-" + clinic["phone"]},
        "contacts": [{"profile": {"name": "Alice"}, "wa_id": phone}],
        "messages": [{"from": phone, "id": w, "timestamp": str(int(time.time())), "type": "text",
                      "text": {"body": "What are your timings?"}}]}}
    assert stack.post_webhook(webhook([ch])) == 200
    reply(stack, phone, w)
    post(stack, clinic, [(m1, c1)])
    reply(stack, uid, m1["id"])
    assert len(patients(stack, clinic["id"])) == 2
    # the status's own contacts[] (the other shape seen) with the phone in recipient_id; a redelivery is a no-op
    body = post_status(stack, clinic, {"recipient_id": phone, "contacts": [{"user_id": uid, "wa_id": phone}]})
    wait_for(lambda: len(patients(stack, clinic["id"])) == 1 or None, what="the two patients merged")
    assert [p[:2] for p in patients(stack, clinic["id"])] == [(phone, uid)]
    assert stack.sql("SELECT count(DISTINCT patient_id) FROM messages WHERE wamid IN (%s, %s)", w, m1["id"]) == [(1,)]
    assert stack.post_webhook(body) == 200
    time.sleep(1)
    assert [p[:2] for p in patients(stack, clinic["id"])] == [(phone, uid)]
    assert stack.sql("SELECT count(*) FROM audit_log WHERE action = 'patient.merge' AND doctor_id = %s"
                     " AND after->>'user_id' = %s", clinic["id"], uid) == [(1,)]


def test_a_group_status_or_one_without_a_phone_learns_nothing(stack, clinic):
    uid, phone, group = new_bsuid(), new_number(), new_number()
    say(stack, clinic, uid, "What are your timings?")
    post_status(stack, clinic, {"status": "read", "recipient_id": group, "recipient_type": "group",
                                "recipient_user_id": uid})
    post_status(stack, clinic, {"recipient_user_id": uid})  # sent to the BSUID: no phone shown
    m, c = bsuid_message(uid, "What are your timings?")
    post(stack, clinic, [(m, c)])
    reply(stack, uid, m["id"])
    assert [p[:2] for p in patients(stack, clinic["id"])] == [(uid, uid)]


def test_the_window_check_finds_the_patient_by_an_earlier_bsuid(stack, clinic):
    """A.9.7 rule 5: the 24-hour window belongs to the person. A free-form message queued to the BSUID the patient
    was addressed by before its phone became known (or typed by staff) is checked against that patient's window."""
    uid, phone = new_bsuid(), new_number()
    say(stack, clinic, uid, "What are your timings?", phone=phone)
    assert [p[:2] for p in patients(stack, clinic["id"])] == [(phone, uid)]
    stack.sql("UPDATE patients SET last_inbound_at = now() - interval '2 days' WHERE doctor_id = %s AND wa_id = %s",
              clinic["id"], phone)
    out_id = "manual:f1-" + uuid.uuid4().hex
    stack.redis.xadd("wa:out", {"out_id": out_id, "doctor_id": clinic["id"], "to": uid, "kind": "text",
                                "message": json.dumps({"type": "text", "text": {"body": "Your report is ready."}}),
                                "reply_to": "", "source": "manual", "created_at": str(int(time.time() * 1000)),
                                "attempt": "0"})
    dead = wait_for(lambda: dlq_for(stack, out_id), what="window_closed dead letter")
    assert dead["reason"] == "window_closed" and dead["error_code"] == ""
    assert [b for _, b in stack.graph_sends(uid) if b.get("text", {}).get("body") == "Your report is ready."] == []


def test_a_staff_pause_follows_a_bsuid_only_patient_to_its_new_bsuid(stack, clinic):
    old, new = new_bsuid(), new_bsuid()
    assert "staff" in body(say(stack, clinic, old, "talk to doctor"))
    sysmsg = {"from_user_id": old, "id": new_wamid(), "timestamp": str(int(time.time())), "type": "system",
              "system": {"body": "User Alice changed", "user_id": new, "type": "user_changed_user_id"}}
    ch = {"field": "messages", "value": {
        "messaging_product": "whatsapp",
        "metadata": {"display_phone_number": clinic["phone"], "phone_number_id": "pn-" + clinic["phone"]},
        "messages": [sysmsg]}}
    for _ in range(2):  # a redelivery moves nothing twice
        assert stack.post_webhook(webhook([ch])) == 200
        routed(stack, sysmsg["id"])
    assert not stack.redis.exists(f"wa:handoff:{clinic['id']}:{old}")
    assert stack.redis.ttl(f"wa:handoff:{clinic['id']}:{new}") > 3000
    m, c = bsuid_message(new, "What are your timings?")
    post(stack, clinic, [(m, c)])
    routed(stack, m["id"])
    time.sleep(1)
    assert unanswered(stack, new, m["id"])
