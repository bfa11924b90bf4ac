"""Issue 3's end-to-end scenarios for the router: every message type recorded with its reply policy, edits and
revokes, statuses in any order, opt-out, read receipts, doctors disabled and re-enabled on a running router, other
webhook fields, knowledge bases kept apart, and the knowledge-base evaluation set's thresholds."""
import json
import os
import sys
import time

from conftest import change, new_number, new_wamid, text_message, wait_for, webhook

sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "kb_eval"))
import eval as kb_eval  # noqa: E402  (tests/kb_eval/eval.py)

TENANT_TTL_S = 1.0  # services/router/tenant.h RT_TENANT_TTL_MS: how long a doctor's row may be cached


def msg(frm, mtype, body, wamid=None, **extra):
    m = {"from": frm, "id": wamid or new_wamid(), "timestamp": str(int(time.time())), "type": mtype, "_name": "Asha"}
    if body is not None:
        m[mtype] = body
    m.update(extra)
    return m


def post(stack, clinic, messages):
    assert stack.post_webhook(webhook([change(clinic["phone"], "pn-" + clinic["phone"], messages)])) == 200


def row(stack, wamid):
    rows = stack.sql("SELECT type, body, payload, status, routed_at IS NOT NULL, context_id, edited_at IS NOT NULL,"
                     " original_body, revoked_at IS NOT NULL FROM messages WHERE wamid = %s", wamid)
    return rows[0] if rows else None


def handled(stack, wamid):
    """Waits until the router has finished with an inbound message (routed_at set) and returns its row."""
    return wait_for(lambda: (lambda r: r if r and r[4] else None)(row(stack, wamid)), what=f"{wamid} handled")


def read_receipts(stack):
    out = []
    for r in stack.mock_requests("graph"):
        try:
            body = json.loads(r["body"])
        except ValueError:
            continue
        if r["method"] == "POST" and body.get("status") == "read":
            out.append(body["message_id"])
    return out


def drained(stack):
    wait_for(lambda: stack.redis.xpending("wa:in", "router")["pending"] == 0, what="router to ack wa:in")
    wait_for(lambda: stack.redis.xpending("wa:out", "sender")["pending"] == 0, what="sender to ack wa:out")


def test_every_type_is_recorded_with_its_payload_and_reply_policy(stack, clinic):
    p = new_number()
    ms = {
        "image": msg(p, "image", {"id": "media-1", "mime_type": "image/jpeg", "sha256": "x=", "caption": "my rash"}),
        "document": msg(p, "document", {"id": "media-2", "mime_type": "application/pdf", "filename": "report.pdf"}),
        "voice": msg(p, "audio", {"id": "media-3", "mime_type": "audio/ogg; codecs=opus", "voice": True}),
        "location": msg(p, "location", {"latitude": 12.97, "longitude": 77.59, "name": "Home"}),
        "contacts": msg(p, "contacts", [{"name": {"formatted_name": "Bob"}, "phones": [{"phone": "+91 1"}]}]),
        "video": msg(p, "video", {"id": "media-4", "mime_type": "video/mp4"}),
        "sticker": msg(p, "sticker", {"id": "media-5", "mime_type": "image/webp"}),
        "reaction": msg(p, "reaction", {"message_id": "wamid.OUT7", "emoji": "\U0001F44D"}),
        "system": msg(p, "system", {"body": "changed number", "type": "user_changed_number"}),
        "unsupported": msg(p, "unsupported", {"type": "poll"},
                           errors=[{"code": 131051, "title": "Message type unknown"}]),
        "poll": msg(p, "poll_v9", {"q": 1}),
        "button": msg(p, "interactive", {"type": "button_reply", "button_reply": {"id": "b1", "title": "timings"}},
                      context={"from": clinic["phone"], "id": "wamid.OUTQ"}),
        "referral": msg(p, "text", {"body": "What are your timings?"},
                        referral={"source_url": "https://fb.me/x", "source_type": "ad", "ctwa_clid": "c1"}),
    }
    post(stack, clinic, list(ms.values()))
    rows = {k: handled(stack, m["id"]) for k, m in ms.items()}

    assert rows["image"][0] == "image" and rows["image"][1] == "my rash"
    assert rows["image"][2]["image"]["id"] == "media-1" and rows["image"][2]["image"]["mime_type"] == "image/jpeg"
    assert rows["document"][2]["document"]["filename"] == "report.pdf"
    assert rows["voice"][0] == "audio" and rows["voice"][2]["audio"]["voice"] is True
    assert rows["location"][2]["location"]["latitude"] == 12.97
    assert rows["contacts"][2]["contacts"][0]["name"]["formatted_name"] == "Bob"
    assert rows["unsupported"][2]["errors"][0]["code"] == 131051
    assert rows["poll"][0] == "unknown" and rows["poll"][2]["type"] == "poll_v9"  # raw JSON kept, never dropped
    assert rows["button"][0] == "interactive" and rows["button"][1] == "timings"
    assert rows["button"][5] == "wamid.OUTQ"
    assert rows["referral"][2]["referral"]["ctwa_clid"] == "c1"
    for k in ("sticker", "reaction", "system", "unsupported", "poll"):
        assert rows[k][3] == "recorded", k
    for k in ("image", "document", "voice", "location", "contacts", "video", "button", "referral"):
        assert rows[k][3] == "routed", k

    replies = {b["context"]["message_id"]: b["text"]["body"] for b in stack.replies_to(p, count=8)}
    assert replies[ms["document"]["id"]] == ("Thank you, we received your document. Lotus Child Care will look at "
                                             "it and get back to you if needed.")
    assert "your voice note." in replies[ms["voice"]["id"]]
    assert "your photo." in replies[ms["image"]["id"]]
    assert "your location." in replies[ms["location"]["id"]]
    assert replies[ms["button"]["id"]] == clinic["answer"]
    assert replies[ms["referral"]["id"]] == clinic["answer"]
    drained(stack)
    time.sleep(0.3)
    silent = {ms[k]["id"] for k in ("sticker", "reaction", "system", "unsupported", "poll")}
    assert not silent & {b["context"]["message_id"] for _, b in stack.graph_sends(p)}
    assert len(stack.graph_sends(p)) == 8
    # one read receipt per patient and batch, for the latest message that gets a reply (it marks the earlier ones read
    # too, A.4.7); none for reactions and system messages
    wait_for(lambda: ms["referral"]["id"] in read_receipts(stack), what="the read receipt, behind the replies")
    reads = set(read_receipts(stack))
    assert ms["document"]["id"] not in reads
    assert ms["reaction"]["id"] not in reads and ms["system"]["id"] not in reads
    assert stack.sql("SELECT profile_name, last_inbound_at IS NOT NULL FROM patients WHERE wa_id = %s", p) == \
        [("Asha", True)]


def test_profile_name_is_kept_current(stack, clinic):
    p = new_number()
    w1, w2 = new_wamid(), new_wamid()
    post(stack, clinic, [text_message(p, "What are your timings?", w1, name="Old Name")])
    handled(stack, w1)
    first = stack.sql("SELECT last_inbound_at FROM patients WHERE wa_id = %s", p)[0][0]
    post(stack, clinic, [text_message(p, "What are your timings?", w2, name="New Name")])
    handled(stack, w2)
    [(name, last)] = stack.sql("SELECT profile_name, last_inbound_at FROM patients WHERE wa_id = %s", p)
    assert name == "New Name" and last > first


def test_edits_and_revokes_update_the_recorded_message(stack, clinic):
    p = new_number()
    original, other = new_wamid(), new_wamid()
    post(stack, clinic, [text_message(p, "My son has a rash on his arm", original),
                         text_message(p, "and a mild fever since monday", other)])
    handled(stack, original)
    handled(stack, other)
    edit = msg(p, "edit", {"original_message_id": original,
                           "message": {"type": "text", "text": {"body": "My son has a rash on his leg"}}})
    revoke = msg(p, "revoke", {"original_message_id": other})
    post(stack, clinic, [edit, revoke])
    handled(stack, edit["id"])
    handled(stack, revoke["id"])

    r = row(stack, original)
    assert r[1] == "My son has a rash on his leg" and r[6] and r[7] == "My son has a rash on his arm"
    r = row(stack, other)
    assert r[8] and r[1] is None and r[2] == {"type": "text", "revoked": True}
    assert row(stack, edit["id"])[0] == "edit"
    # an edit is not a new question: the two originals were answered once each, the edit and revoke not at all
    stack.replies_to(p, count=2)
    drained(stack)
    time.sleep(0.3)
    assert {b["context"]["message_id"] for _, b in stack.graph_sends(p)} == {original, other}


def test_one_batch_with_several_entries_changes_messages_and_statuses(stack, clinic):
    other_id, other_phone = stack.add_doctor("Dr. Kiran Rao", "Rao Skin Clinic")
    stack.add_kb(other_id, "What are your timings?", "Rao Skin Clinic is open 11 to 7.", "timings hours")
    stack.sql("UPDATE doctors SET whatsapp_business_account_id = %s WHERE id = %s", "WABA-" + other_phone, other_id)
    p1, p2, p3 = new_number(), new_number(), new_number()
    # an outbound message to apply a status to
    seed = new_wamid()
    post(stack, clinic, [text_message(p1, "What are your timings?", seed)])
    stack.replies_to(p1)
    out_wamid = wait_for(lambda: (stack.sql("SELECT wamid FROM messages WHERE out_id = %s", "reply:" + seed)
                                  or [[None]])[0][0], what="outbound wamid")
    a, b, c = new_wamid(), new_wamid(), new_wamid()
    statuses = {"field": "messages", "value": {
        "messaging_product": "whatsapp",
        "metadata": {"display_phone_number": clinic["phone"], "phone_number_id": "pn-" + clinic["phone"]},
        "statuses": [{"id": out_wamid, "status": "delivered", "timestamp": str(int(time.time())),
                      "recipient_id": p1}]}}
    quality = {"field": "phone_number_quality_update",
               "value": {"display_phone_number": other_phone, "event": "DOWNGRADE", "current_limit": "TIER_1K"}}
    payload = webhook(
        [change(clinic["phone"], "pn-" + clinic["phone"], [text_message(p1, "fees?", a),
                                                           text_message(p2, "What are your timings?", b)]),
         statuses],
        [change(other_phone, "pn-" + other_phone, [text_message(p3, "What are your timings?", c)]), quality])
    payload["entry"][1]["id"] = "WABA-" + other_phone
    assert stack.post_webhook(payload) == 200

    assert stack.replies_to(p2)[0]["text"]["body"] == clinic["answer"]
    assert stack.replies_to(p3)[0]["text"]["body"] == "Rao Skin Clinic is open 11 to 7."
    for w in (a, b, c):
        handled(stack, w)
    assert wait_for(lambda: stack.sql("SELECT status FROM messages WHERE wamid = %s", out_wamid)[0][0] == "delivered"
                    or None, what="status applied")
    ev = wait_for(lambda: stack.sql("SELECT doctor_id::text, field, value FROM webhook_events WHERE waba_id = %s",
                                    "WABA-" + other_phone), what="the quality update recorded")
    assert ev == [(other_id, "phone_number_quality_update",
                   {"display_phone_number": other_phone, "event": "DOWNGRADE", "current_limit": "TIER_1K"})]


def test_statuses_out_of_order_and_duplicated_only_move_forward(stack, clinic):
    p, seed = new_number(), new_wamid()
    post(stack, clinic, [text_message(p, "What are your timings?", seed)])
    stack.replies_to(p)
    out_wamid = wait_for(lambda: (stack.sql("SELECT wamid FROM messages WHERE out_id = %s AND status = 'accepted'",
                                            "reply:" + seed) or [[None]])[0][0], what="outbound wamid")

    def status_change(*sts):
        return {"field": "messages", "value": {
            "messaging_product": "whatsapp",
            "metadata": {"display_phone_number": clinic["phone"], "phone_number_id": "pn-" + clinic["phone"]},
            "statuses": [{"id": out_wamid, "status": s, "timestamp": str(1760000000 + i), "recipient_id": p}
                         for i, s in sts]}}
    assert stack.post_webhook(webhook([status_change((3, "read"), (1, "delivered"))])) == 200
    assert stack.post_webhook(webhook([status_change((0, "sent"), (3, "read"), (1, "delivered"))])) == 200
    assert stack.post_webhook(webhook([status_change((5, "failed"))])) == 200  # after read: ignored
    drained(stack)
    assert stack.sql("SELECT status, error_code FROM messages WHERE wamid = %s", out_wamid) == [("read", None)]


def failed_status(stack, clinic, p, code, title):
    seed = new_wamid()
    post(stack, clinic, [text_message(p, "What are your timings?", seed)])
    stack.replies_to(p, count=1)
    out_wamid = wait_for(lambda: (stack.sql("SELECT wamid FROM messages WHERE out_id = %s AND status = 'accepted'",
                                            "reply:" + seed) or [[None]])[0][0], what="outbound wamid")
    st = {"field": "messages", "value": {
        "messaging_product": "whatsapp",
        "metadata": {"display_phone_number": clinic["phone"], "phone_number_id": "pn-" + clinic["phone"]},
        "statuses": [{"id": out_wamid, "status": "failed", "timestamp": str(int(time.time())), "recipient_id": p,
                      "errors": [{"code": code, "title": title}]}]}}
    assert stack.post_webhook(webhook([st])) == 200
    wait_for(lambda: stack.sql("SELECT status FROM messages WHERE wamid = %s", out_wamid)[0][0] == "failed" or None,
             what="failed status applied")
    return out_wamid


def test_failed_131047_closes_the_window_and_131026_marks_unreachable(stack, clinic):
    p1, p2 = new_number(), new_number()
    w = failed_status(stack, clinic, p1, 131047, "Re-engagement message")
    assert stack.sql("SELECT error_code, error_title FROM messages WHERE wamid = %s", w) == \
        [("131047", "Re-engagement message")]
    assert stack.sql("SELECT window_closed_at IS NOT NULL, unreachable FROM patients WHERE wa_id = %s", p1) == \
        [(True, False)]
    failed_status(stack, clinic, p2, 131026, "Message undeliverable")
    assert stack.sql("SELECT window_closed_at IS NULL, unreachable FROM patients WHERE wa_id = %s", p2) == \
        [(True, True)]
    # the patient writing again proves the number reachable
    w2 = new_wamid()
    post(stack, clinic, [text_message(p2, "thanks", w2)])
    handled(stack, w2)
    assert stack.sql("SELECT unreachable FROM patients WHERE wa_id = %s", p2) == [(False,)]


def test_stop_and_start_in_english_and_hindi_are_confirmed_once(stack, clinic):
    p = new_number()
    w1, w2, w3, w4, w5 = (new_wamid() for _ in range(5))
    post(stack, clinic, [text_message(p, "STOP", w1)])
    [r1] = stack.replies_to(p, count=1)
    assert "no longer receive" in r1["text"]["body"] and r1["context"]["message_id"] == w1
    assert stack.sql("SELECT opted_out, opted_out_at IS NOT NULL FROM patients WHERE wa_id = %s", p) == [(True, True)]
    post(stack, clinic, [text_message(p, "बंद करो", w2)])  # already opted out: no second confirmation
    handled(stack, w2)
    post(stack, clinic, [text_message(p, "What are your timings?", w3)])  # own questions still answered
    replies = stack.replies_to(p, count=2)
    assert replies[1]["text"]["body"] == clinic["answer"] and replies[1]["context"]["message_id"] == w3
    post(stack, clinic, [text_message(p, "Start", w4)])
    r4 = stack.replies_to(p, count=3)[2]
    assert "Welcome back" in r4["text"]["body"] and r4["context"]["message_id"] == w4
    assert stack.sql("SELECT opted_out FROM patients WHERE wa_id = %s", p) == [(False,)]
    post(stack, clinic, [text_message(p, "band karo", w5)])
    assert "no longer receive" in stack.replies_to(p, count=4)[3]["text"]["body"]
    drained(stack)
    time.sleep(0.3)
    assert w2 not in {b["context"]["message_id"] for _, b in stack.graph_sends(p)}
    assert len(stack.graph_sends(p)) == 4


def test_disabled_doctor_is_recorded_not_answered_then_reenabled_without_restart(stack, clinic):
    pid = stack.procs["router"].pid
    stack.sql("UPDATE doctors SET is_active = false WHERE id = %s", clinic["id"])
    time.sleep(TENANT_TTL_S + 0.2)  # precondition: any cached copy of the doctor has expired
    p, w1, w2 = new_number(), new_wamid(), new_wamid()
    post(stack, clinic, [text_message(p, "What are your timings?", w1)])
    assert handled(stack, w1)[3] == "recorded"
    drained(stack)
    assert stack.graph_sends(p) == [] and w1 not in read_receipts(stack)

    stack.sql("UPDATE doctors SET is_active = true WHERE id = %s", clinic["id"])
    time.sleep(TENANT_TTL_S + 0.2)
    post(stack, clinic, [text_message(p, "What are your timings?", w2)])
    [reply] = stack.replies_to(p)
    assert reply["context"]["message_id"] == w2 and reply["text"]["body"] == clinic["answer"]
    assert stack.procs["router"].pid == pid


def test_doctor_settings_turn_off_read_receipts_and_change_a_types_policy(stack, clinic):
    stack.sql("UPDATE doctors SET settings = %s WHERE id = %s",
              json.dumps({"mark_read": False, "reply_policy": {"image": "none"}}), clinic["id"])
    time.sleep(TENANT_TTL_S + 0.2)
    p = new_number()
    img = msg(p, "image", {"id": "media-9", "mime_type": "image/jpeg"})
    doc = msg(p, "document", {"id": "media-8", "mime_type": "application/pdf"})
    post(stack, clinic, [img, doc])
    [reply] = stack.replies_to(p)
    assert reply["context"]["message_id"] == doc["id"]
    assert handled(stack, img["id"])[3] == "recorded"
    drained(stack)
    time.sleep(0.3)
    assert len(stack.graph_sends(p)) == 1
    reads = read_receipts(stack)
    assert img["id"] not in reads and doc["id"] not in reads


def test_two_doctors_with_similar_knowledge_bases_never_answer_from_each_others(stack):
    a_id, a_phone = stack.add_doctor("Dr. A Nair", "Nair Dental")
    b_id, b_phone = stack.add_doctor("Dr. B Nair", "Nair Child Clinic")
    stack.add_kb(a_id, "What are your timings?", "Nair Dental: 9 to 5.", "timings hours")
    stack.add_kb(a_id, "How much does a root canal cost?", "Nair Dental root canal: Rs 5000.", "root canal rct")
    stack.add_kb(b_id, "What are your timings?", "Nair Child Clinic: 10 to 4.", "timings hours")
    stack.add_kb(b_id, "Do you give vaccinations?", "Nair Child Clinic vaccinates on Tuesdays.", "vaccine")
    pa, pb, pc = new_number(), new_number(), new_number()
    assert stack.post_webhook(webhook(
        [change(a_phone, "pn-" + a_phone, [text_message(pa, "timings?"), text_message(pc, "root canal price")])],
        [change(b_phone, "pn-" + b_phone, [text_message(pb, "timings?"), text_message(pb, "root canal price")])])) \
        == 200
    assert stack.replies_to(pa)[0]["text"]["body"] == "Nair Dental: 9 to 5."
    assert stack.replies_to(pc)[0]["text"]["body"] == "Nair Dental root canal: Rs 5000."
    bodies = [r["text"]["body"] for r in stack.replies_to(pb, count=2)]
    assert "Nair Child Clinic: 10 to 4." in bodies
    assert not any("Nair Dental" in b for b in bodies)  # B's patient about root canals: ai, never A's entry
    # The sender records a group's sends after all of its Graph calls are answered (services/sender/sender.c, phase
    # 6), so the row may follow the reply the mock already holds: wait for the sender to settle wa:out first.
    wait_for(lambda: stack.redis.xpending("wa:out", "sender")["pending"] == 0, what="sender to ack wa:out")
    assert stack.sql("SELECT count(*) FROM messages m JOIN patients p ON p.id = m.patient_id WHERE p.wa_id = %s "
                     "AND m.direction = 'out' AND m.source = 'kb'", pb) == [(1,)]
    assert stack.sql("SELECT hits FROM kb_entries WHERE doctor_id = %s ORDER BY id", a_id) == [(1,), (1,)]


def _eval_part(stack, which):
    """One set's (kb, intents) results. Every set is evaluated at the first call, in one pass, and kept for the
    session: loading the evaluation's ten tenants (every entry analysed by the triggers) took longer than a set's
    questions, and each set's test paid it again (27 loads); now the session pays one. Nothing between these tests
    changes the lexicon or the score for good (a test that adds rows removes them), so the figures are those every
    test would have read."""
    cache = getattr(stack, "kb_eval_results", None)
    if cache is None:
        cache = stack.kb_eval_results = kb_eval.evaluate_sets(stack.pg)
    assert which in cache, f"the {which} evaluation files are missing from tests/kb_eval"
    return cache[which]


# What rounds 3 and 4 reached on the dev set (KB 0.990 / 0.974, intents 1.000 / 1.000; tuned on), above the goals:
# held there. Round 5's lexicon (034) reached KB 0.993 / 0.980.
# Round 13 merged (062-066), checked by the lead on a fresh database: KB 0.993 / 0.993 (302 / 304).
# Round 16 (077-079 merged): KB 0.993 / 0.993 (301 / 303: "how much does angioplasty cost" relabelled a near miss,
# the angiography entry's answer prices the angiography only, as heldout10 labels the same question).
# Round 17 (083-086 merged): KB 0.993 / 0.997 (302 right, 2 wrong; 302 / 303 = 0.9967).
# Round 18 (083's broader, 088-089 merged): KB 0.993 / 0.997 (302 right, 2 wrong; 302 / 303 = 0.9967).
# Round 19 (090-093 merged; dev's anc package question relabelled as the entry's, whose answer says the delivery is
# charged separately): KB 0.997 / 0.997 (303 right, 1 wrong; 303 / 304 = 0.9967).
# Round 20 (094-097 merged): KB 0.997 / 1.000 (304 right, 1 wrong; 304 / 304 = 1.0000).
# Round 21 (098-099 merged): KB 0.997 / 1.000 (304 right, 1 wrong; 304 / 304 = 1.0000).
# Round 22 (100-102, 104 merged): KB 0.997 / 1.000 (304 right, 1 wrong; 304 / 304 = 1.0000).
# Round 27 (129-133 merged): KB 0.997 / 1.000 (304 right, 1 wrong; 304 / 304 = 1.0000).
# Round 28 (134-138 merged): KB 0.997 / 1.000 (304 right, 1 wrong; 304 / 304 = 1.0000).
DEV_KB_RECALL_FLOOR = 1.000  # 304 / 304 = 1.0000
DEV_INTENT_RECALL_FLOOR = 0.99


def test_knowledge_base_dev_set_meets_the_goals(stack):
    kb, intents = _eval_part(stack, "dev")
    assert kb.total.n >= 400 and kb.total.negatives >= 120, (kb.total.n, kb.total.negatives)
    assert kb.foreign == 0, "an answer came from another tenant's knowledge base"
    assert kb.precision >= kb_eval.KB_GOAL[0], kb.total.line("dev kb")
    assert kb.recall >= max(kb_eval.KB_GOAL[1], DEV_KB_RECALL_FLOOR), kb.total.line("dev kb")
    assert intents.total.n >= 100, intents.total.n
    assert intents.precision >= kb_eval.INTENT_GOAL[0], intents.total.line("dev intents")
    assert intents.recall >= max(kb_eval.INTENT_GOAL[1], DEV_INTENT_RECALL_FLOOR), intents.total.line("dev intents")


# The first held-out set (tests/kb_eval/heldout/) was evaluated once in round 1 (KB recall 0.532, intent recall
# 0.788), then used for tuning in round 2 (deploy/migrations/020_understanding2.sql): it is development data now,
# and a new held-out set is written independently. Its precision goals and "never another tenant's entry" are
# asserted at the goal, and so is the intent recall goal (reached: 0.970 in round 2, 0.977 in round 3, tuned on;
# 0.985 in round 5, deploy/migrations/036_intents5.sql: held just under; 0.992 in round 9, 051_intents9.sql).
HELDOUT_INTENT_RECALL_FLOOR = 0.99
# After round 3, which tuned on this set too, the KB recall is 0.863 (the goal 0.90 is not reached): held just under.
# Round 5's lexicon (034): 0.883. Round 8's aspects (049): 0.996 / 0.899.
# Round 13's English (063): 230 / 248; its score (062): 231 / 248; Round 13 merged (062-066), checked by the lead on a fresh database: 1.000 / 0.935.
# Round 15's score (070): 1.000 / 0.944 (234 / 248). Round 16 (077-079 merged): 1.000 / 0.951 (236 / 248).
# Round 17 (083-086 merged): KB 1.000 / 0.952 (236 right, 0 wrong; 236 / 248 = 0.9516).
# Round 18 (083's broader, 088-089 merged): KB 1.000 / 0.956 (237 right, 0 wrong; 237 / 248 = 0.9556).
# Round 19 (090-093 merged): KB 1.000 / 0.964 (239 right, 0 wrong; 239 / 248 = 0.9637).
# Round 20 (094-097 merged): KB 1.000 / 0.968 (240 right, 0 wrong; 240 / 248 = 0.9677).
# Round 21 (098-099 merged): KB 1.000 / 0.968 (240 right, 0 wrong; 240 / 248 = 0.9677).
# Round 22 (100-102, 104 merged): KB 1.000 / 0.972 (241 right, 0 wrong; 241 / 248 = 0.9718).
# Round 25 (115-120 merged): KB 1.000 / 0.976 (242 right, 0 wrong; 242 / 248 = 0.9758).
# Round 27 (129-133 merged): KB 1.000 / 0.980 (243 right, 0 wrong; 243 / 248 = 0.9798).
# Round 28 (134-138 merged): KB 1.000 / 0.984 (244 right, 0 wrong; 244 / 248 = 0.9839).
HELDOUT_KB_RECALL_FLOOR = 0.983  # 244 / 248 = 0.9839


def test_knowledge_base_heldout_set_meets_the_precision_goals_and_keeps_its_recall(stack):
    # tests/kb_eval/heldout/: the first held-out set, used for tuning in round 2
    kb, intents = _eval_part(stack, "heldout")
    assert kb.total.n >= 250 and intents.total.n >= 150, (kb.total.n, intents.total.n)
    assert kb.foreign == 0, "an answer came from another tenant's knowledge base"
    assert kb.precision >= kb_eval.KB_GOAL[0], kb.total.line("heldout kb")
    assert kb.recall >= HELDOUT_KB_RECALL_FLOOR, kb.total.line("heldout kb")
    assert intents.precision >= kb_eval.INTENT_GOAL[0], intents.total.line("heldout intents")
    assert intents.recall >= max(kb_eval.INTENT_GOAL[1], HELDOUT_INTENT_RECALL_FLOOR), \
        intents.total.line("heldout intents")


# The second held-out set (tests/kb_eval/heldout2/, written by another author before round 2's tuning and never read
# by the tuner) was evaluated once, after round 2, by the lead: KB precision 0.991 recall 0.627 (0.990 / 0.557
# with round 1's matcher), intents 0.991 / 0.838 (0.981 / 0.808). The precision goals and "never another tenant's
# entry" are asserted at the goal; the KB recall goal (0.90) is not reached, so the issue stays open and the KB
# recall is held where it is: a change that loses any of it fails. Round 3 of the intents (deploy/migrations/
# 030_intents3.sql) reached 0.984 / 0.954 there: the intent goals are asserted. That round read the set's figures
# after each step as its own check (never its messages), so these are no longer held-out figures either.
# Round 3 (029, 030) tuned on this set (development data now, like heldout/): KB 0.990 / 0.825, intents 0.984 /
# 0.954; the KB recall floor sits just under that, the intent goals are asserted. Round 5's lexicon (034): KB
# 0.990 / 0.843; round 5's intents (036): 1.000 / 0.992: both recalls held just under. Round 6's lexicon (040): KB
# 0.990 / 0.851; round 6's intents (041): 1.000 / 1.000. Round 7's lexicon (043): KB 0.990 / 0.857. Round 8's
# aspects (049): KB 0.990 / 0.886. Round 10's near misses and generic words (054): KB 0.990 / 0.898 (308 / 343).
# Round 11's words (057): KB 0.990 / 0.904 (310 / 343).
# Round 13's English (063): 315 / 343; its score (062): 314 / 343; Round 13 merged (062-066), checked by the lead on a fresh database: 0.994 / 0.924.
# Round 15's score (070): 0.994 / 0.927 (318 / 343).
# Round 15 merged (070-076), on a fresh database: KB 0.993 / 0.935 (321 right, 2 wrong; 321 / 343: 0.9359).
# Round 17 (083-086 merged): KB 0.994 / 0.939 (322 right, 2 wrong; 322 / 343 = 0.9388).
# Round 18 (083's broader, 088-089 merged): KB 0.994 / 0.950 (326 right, 2 wrong; 326 / 343 = 0.9504).
# Round 19 (090-093 merged): KB 0.994 / 0.953 (327 right, 2 wrong; 327 / 343 = 0.9534).
# Round 20 (094-097 merged): KB 0.994 / 0.953 (327 right, 2 wrong; 327 / 343 = 0.9534).
# Round 21 (098-099 merged): KB 0.994 / 0.953 (327 right, 2 wrong; 327 / 343 = 0.9534).
# Round 22 (100-102, 104 merged): KB 0.994 / 0.959 (329 right, 2 wrong; 329 / 343 = 0.9592).
# Round 24 (109-114 merged): KB 0.994 / 0.962 (330 right, 2 wrong; 330 / 343 = 0.9621).
# Round 25 (115-120 merged): KB 0.994 / 0.971 (333 right, 2 wrong; 333 / 343 = 0.9708).
# Round 26 (123-128 merged): KB 0.994 / 0.974 (334 right, 2 wrong; 334 / 343 = 0.9738).
# Round 27 (129-133 merged): KB 0.994 / 0.974 (334 right, 2 wrong; 334 / 343 = 0.9738).
# Round 28 (134-138 merged): KB 0.997 / 0.977 (335 right, 1 wrong; 335 / 343 = 0.9767).
HELDOUT2_KB_RECALL_FLOOR = 0.976  # 335 / 343 = 0.9767
HELDOUT2_INTENT_RECALL_FLOOR = 0.995


def test_knowledge_base_second_heldout_set_meets_the_precision_goals_and_keeps_its_recall(stack):
    kb, intents = _eval_part(stack, "heldout2")
    assert kb.total.n >= 450 and kb.total.negatives >= 120 and intents.total.n >= 150, (kb.total.n, intents.total.n)
    assert kb.foreign == 0, "an answer came from another tenant's knowledge base"
    assert kb.precision >= kb_eval.KB_GOAL[0], kb.total.line("heldout2 kb")
    assert kb.recall >= HELDOUT2_KB_RECALL_FLOOR, kb.total.line("heldout2 kb")
    assert intents.precision >= kb_eval.INTENT_GOAL[0], intents.total.line("heldout2 intents")
    assert intents.recall >= max(kb_eval.INTENT_GOAL[1], HELDOUT2_INTENT_RECALL_FLOOR), \
        intents.total.line("heldout2 intents")


# The third held-out set (tests/kb_eval/heldout3/, written by another author before round 3's tuning; neither tuner
# read it) was evaluated once, after round 3 was merged, by the lead: KB precision 0.961 recall 0.770 (0.978 / 0.600
# before round 3), intents 0.974 / 0.936 (0.971 / 0.854). Below the goals (KB 0.97 / 0.90, intents 0.98 / 0.95): the
# issue stays open. "Never another tenant's entry" is asserted; the figures are held where they are, so a change
# that loses any of it fails.
# Round 4 (deploy/migrations/032_understanding4.sql) tuned on this set (development data now, like heldout/ and
# heldout2/): KB 0.975 / 0.777, intents unchanged. The KB precision goal (0.97) is reached and asserted at the goal;
# the recall floors sit just under what is reached. Round 5's lexicon (034): KB 0.976 / 0.830; round 5's intents
# (036): 1.000 / 0.975, the intent goals met (precision asserted at the goal, the recall held just under). Round 6's
# lexicon (040): KB 0.979 / 0.837; round 6's intents (041): 1.000 / 0.994. Round 7's lexicon (043): KB 0.979 / 0.846.
# Round 8's aspects (049): KB 0.980 / 0.879. Round 9's paraphrases (052): KB 0.983 / 0.888. Round 10's near misses
# and generic words (054): KB 0.983 / 0.900 (403 / 448: 0.8996).
# Round 10's qualifiers (053): KB 0.983 / 0.893 (400 / 448), held just under.
# Round 10 merged (053-055), checked by the lead on a fresh database: KB 0.983 / 0.904 (405 / 448: 0.9040): both KB
# goals met on this spent set.
# Round 11's words (057): KB 0.983 / 0.911 (408 / 448: 0.9107).
# Round 11's languages (058): KB 0.983 / 0.906 (406 / 448: 0.9063).
# Round 11 merged (056-059), checked by the lead on a fresh database: KB 0.986 / 0.913 (409 / 448: 0.9129).
# Round 13's English (063): KB 0.986 / 0.917 (411 / 448: 0.9174).
# Round 13's score (062): KB 0.986 / 0.915 (410 / 448: 0.9152).
# Round 13 merged (062-066), checked by the lead on a fresh database: KB 0.986 / 0.920 (412 / 448: 0.9196).
# Round 15's score (070): KB 0.986 / 0.924 (414 / 448: 0.9241).
# Round 15 merged (070-076), on a fresh database: KB 0.985 / 0.930 (417 right, 6 wrong; 417 / 448: 0.9308).
# Round 16 (077-079 merged): KB 0.986 / 0.931 (417 right, 6 wrong; 417 / 448 = 0.9308).
# Round 17 (083-086 merged): KB 0.986 / 0.944 (423 right, 6 wrong; 423 / 448 = 0.9442).
# Round 18 (083's broader, 088-089 merged): KB 0.986 / 0.951 (426 right, 6 wrong; 426 / 448 = 0.9509).
# Round 19 (090-093 merged): KB 0.986 / 0.951 (426 right, 6 wrong; 426 / 448 = 0.9509).
# Round 20 (094-097 merged): KB 0.986 / 0.955 (428 right, 6 wrong; 428 / 448 = 0.9554).
# Round 21 (098-099 merged): KB 0.989 / 0.962 (431 right, 5 wrong; 431 / 448 = 0.9621).
# Round 22 (100-102, 104 merged): KB 0.989 / 0.962 (431 right, 5 wrong; 431 / 448 = 0.9621).
# Round 24 (109-114 merged): KB 0.991 / 0.962 (431 right, 4 wrong; 431 / 448 = 0.9621).
# Round 25 (115-120 merged): KB 0.993 / 0.967 (433 right, 3 wrong; 433 / 448 = 0.9665).
# Round 26 (123-128 merged): KB 0.993 / 0.969 (434 right, 3 wrong; 434 / 448 = 0.9688).
# Round 27 (129-133 merged): KB 0.993 / 0.969 (434 right, 3 wrong; 434 / 448 = 0.9688).
# Round 28 (134-138 merged): KB 0.995 / 0.975 (437 right, 2 wrong; 437 / 448 = 0.9754).
HELDOUT3_FLOORS = {"kb": (kb_eval.KB_GOAL[0], 0.975), "intents": (kb_eval.INTENT_GOAL[0], 0.99)}


def _assert_floors(stack, which, floors, sizes=(600, 180, 200)):
    """A held-out set of sizes[0]+ KB questions (sizes[1]+ that must not match) and sizes[2]+ intent messages (600,
    180 and 200 unless the set says less): never another tenant's entry, and each figure at least its floor."""
    kb, intents = _eval_part(stack, which)
    assert kb.total.n >= sizes[0] and kb.total.negatives >= sizes[1] and intents.total.n >= sizes[2], \
        (kb.total.n, kb.total.negatives, intents.total.n)
    assert kb.foreign == 0, "an answer came from another tenant's knowledge base"
    for part, result in (("kb", kb), ("intents", intents)):
        line = result.total.line(f"{which} {part}")
        assert result.precision >= floors[part][0], line
        assert result.recall >= floors[part][1], line


def test_knowledge_base_third_heldout_set_never_answers_from_another_tenant_and_keeps_its_figures(stack):
    _assert_floors(stack, "heldout3", HELDOUT3_FLOORS)


# The fourth held-out set (tests/kb_eval/heldout4/, written by another author before round 4's tuning; the tuner never
# read it) was evaluated once, after round 4 was merged, by the lead: KB precision 0.951 recall 0.672 (0.950 / 0.670
# before round 4), intents 0.980 (146 right, 3 wrong: 0.9799) / 0.936, unchanged. Below the goals: the issue stays
# open. "Never another tenant's entry" is asserted; the figures are held where they are, so a change that loses any
# of it fails. Round 5 tuned on this set (spent: read and checked on): the lexicon (034) reached KB 0.963 / 0.793,
# the intents (036) 0.994 / 0.981, the intent goals met (precision asserted at the goal); recalls held just under.
# Round 6's lexicon (040): KB 0.971 / 0.808 (370 right, 11 wrong): the KB precision goal is met and asserted at the
# goal, the recall held just under. Round 6's intents (041): 1.000 / 0.987. Round 7's lexicon (043): KB 0.972 / 0.830
# (380 right, 11 wrong). Round 8's aspects (049): KB 0.977 / 0.845 (387 right, 9 wrong).
# Round 9's intents (051): 1.000 / 0.994 (155 / 156). Round 9's paraphrases (052): KB 0.978 / 0.858 (393 right, 9
# wrong). Round 10's near misses and generic words (054): KB 0.978 / 0.862 (395 right, 9 wrong).
# Round 10's qualifiers (053): KB 0.978 / 0.867 (397 / 458), held just under.
# Round 10 merged (053-055), checked by the lead on a fresh database: KB 0.978 / 0.871 (399 / 458: 0.8712).
# Round 11's words (057): KB 0.978 / 0.884 (405 / 458: 0.8843).
# Round 11 merged (056-059), checked by the lead on a fresh database: KB 0.981 / 0.884 (405 / 458: 0.8843).
# Round 13's English (063): KB 0.983 / 0.895 (410 / 458: 0.8952).
# Round 13's score (062): KB 0.983 / 0.891 (408 / 458: 0.8908).
# Round 13 merged (062-066), checked by the lead on a fresh database: KB 0.983 / 0.906 (415 / 458: 0.9061).
# Round 14's words (068): KB 0.984 / 0.913 (418 / 458: 0.9127).
# Round 15's score (070): KB 0.988 / 0.919 (421 / 458: 0.9192).
# Round 15 merged (070-076), on a fresh database: KB 0.988 / 0.921 (422 right, 5 wrong; 422 / 458: 0.9214).
# Round 16 (077-079 merged): KB 0.991 / 0.924 (423 right, 4 wrong; 423 / 458 = 0.9236).
# Round 17 (083-086 merged): KB 0.991 / 0.932 (427 right, 4 wrong; 427 / 458 = 0.9323).
# Round 18 (083's broader, 088-089 merged): KB 0.991 / 0.939 (430 right, 4 wrong; 430 / 458 = 0.9389).
# Round 19 (090-093 merged): KB 0.993 / 0.943 (432 right, 3 wrong; 432 / 458 = 0.9432).
# Round 20 (094-097 merged): KB 0.995 / 0.948 (434 right, 2 wrong; 434 / 458 = 0.9476).
# Round 21 (098-099 merged): KB 0.995 / 0.948 (434 right, 2 wrong; 434 / 458 = 0.9476).
# Round 22 (100-102, 104 merged): KB 0.995 / 0.950 (435 right, 2 wrong; 435 / 458 = 0.9498).
# Round 24 (109-114 merged): KB 0.998 / 0.954 (437 right, 1 wrong; 437 / 458 = 0.9541).
# Round 25 (115-120 merged): KB 0.998 / 0.959 (439 right, 1 wrong; 439 / 458 = 0.9585).
# Round 26 (123-128 merged): KB 0.998 / 0.961 (440 right, 1 wrong; 440 / 458 = 0.9607).
# Round 27 (129-133 merged): KB 0.998 / 0.961 (440 right, 1 wrong; 440 / 458 = 0.9607).
# Round 28 (134-138 merged): KB 0.998 / 0.967 (443 right, 1 wrong; 443 / 458 = 0.9672).
HELDOUT4_FLOORS = {"kb": (kb_eval.KB_GOAL[0], 0.967), "intents": (kb_eval.INTENT_GOAL[0], 0.99)}


def test_knowledge_base_fourth_heldout_set_never_answers_from_another_tenant_and_keeps_its_figures(stack):
    _assert_floors(stack, "heldout4", HELDOUT4_FLOORS)


# The fifth held-out set (tests/kb_eval/heldout5/, written by another author before round 5's tuning; no tuner read
# it) was evaluated once before and once after round 5 (034-036) was merged, by the lead: KB 0.950 / 0.663 -> 0.960 /
# 0.740 (358 right, 15 wrong: 0.9598; 358 / 484: 0.7397), intents 0.982 / 0.926 -> 0.988 / 0.943. The intent
# precision goal is met and asserted at the goal; the other figures are below the goals (the issue stays open) and
# held where they are, so a change that loses any of it fails. Round 6 tuned on this set (spent): the lexicon (040),
# whose inventories were chosen from its misses grouped by cause, KB 0.975 / 0.800 (387 right, 10 wrong), and the
# intents (041) 1.000 / 0.983 (173 / 176): the precision goals met and asserted at the goal, the recalls held just
# under. Round 7's lexicon (043): KB 0.975 / 0.814 (394 right, 10 wrong). Round 8's aspects (049): KB 0.978 / 0.829
# (401 right, 9 wrong). Round 9's paraphrases (052): KB 0.981 / 0.847 (410 right, 8 wrong). Round 10's near misses and
# generic words (054): KB 0.981 / 0.849 (411 right, 8 wrong).
# Round 10's qualifiers (053): KB 0.981 / 0.851 (412 / 484), held just under.
# Round 10 merged (053-055), checked by the lead on a fresh database: KB 0.981 / 0.853 (413 / 484: 0.8533).
# Round 11's words (057): KB 0.981 / 0.860 (416 / 484: 0.8595).
# Round 11's score (056): KB 0.981 / 0.855 (414 / 484: 0.8554).
# Round 11 merged (056-059), checked by the lead on a fresh database: KB 0.981 / 0.862 (417 / 484: 0.8616).
# Round 13's English (063): KB 0.981 / 0.874 (423 / 484: 0.8740).
# Round 13's score (062): KB 0.981 / 0.870 (421 / 484: 0.8698).
# Round 13 merged (062-066), checked by the lead on a fresh database: KB 0.982 / 0.882 (427 / 484: 0.8822).
# Round 15's score (070): KB 0.984 / 0.884 (428 / 484: 0.8843).
# Round 15 merged (070-076), on a fresh database: KB 0.984 / 0.894 (433 right, 7 wrong; 433 / 484: 0.8946).
# Round 16 (077-079 merged): KB 0.986 / 0.903 (437 right, 6 wrong; 437 / 484 = 0.9029).
# Round 17 (083-086 merged): KB 0.987 / 0.911 (441 right, 6 wrong; 441 / 484 = 0.9112).
# Round 18 (083's broader, 088-089 merged): KB 0.987 / 0.915 (443 right, 6 wrong; 443 / 484 = 0.9153).
# Round 19 (090-093 merged): KB 0.987 / 0.926 (448 right, 6 wrong; 448 / 484 = 0.9256).
# Round 20 (094-097 merged): KB 0.989 / 0.936 (453 right, 5 wrong; 453 / 484 = 0.9360).
# Round 21 (098-099 merged): KB 0.989 / 0.940 (455 right, 5 wrong; 455 / 484 = 0.9401).
# Round 22 (100-102, 104 merged): KB 0.991 / 0.946 (458 right, 4 wrong; 458 / 484 = 0.9463).
# Round 24 (109-114 merged): KB 0.991 / 0.952 (461 right, 4 wrong; 461 / 484 = 0.9525).
# Round 25 (115-120 merged): KB 0.994 / 0.957 (463 right, 3 wrong; 463 / 484 = 0.9566).
# Round 27 (129-133 merged): KB 0.994 / 0.963 (466 right, 3 wrong; 466 / 484 = 0.9628).
# Round 28 (134-138 merged): KB 0.996 / 0.967 (468 right, 2 wrong; 468 / 484 = 0.9669).
HELDOUT5_FLOORS = {"kb": (kb_eval.KB_GOAL[0], 0.966), "intents": (kb_eval.INTENT_GOAL[0], 0.98)}


def test_knowledge_base_fifth_heldout_set_never_answers_from_another_tenant_and_keeps_its_figures(stack):
    _assert_floors(stack, "heldout5", HELDOUT5_FLOORS)


# The sixth held-out set (tests/kb_eval/heldout6/, written by another author before round 6's tuning; no tuner read
# it) was evaluated once before and once after round 6 (040, 041) was merged, by the lead: KB 0.970 / 0.734 -> 0.973 /
# 0.743 (355 right, 10 wrong: 0.9726; 355 / 478: 0.7427), intents 0.993 / 0.955 -> 0.993 / 0.962 (151 right, 1
# wrong; 151 / 157). The KB precision goal and both intent goals are met on this set and asserted at the goal; the KB
# recall is below its goal (the issue stays open) and held where it is, so a change that loses any of it fails.
# Round 7 tuned on this set (spent): the lexicon (043) reached KB 0.974 / 0.772 (369 right, 10 wrong; 369 / 478:
# 0.7720), the intents (044), whose mechanisms and inventories were chosen from the misses of all spent sets grouped
# by cause, 1.000 / 0.994 (156 / 157): the intent recall held just under. Round 8's aspects (049): KB 0.974 / 0.795
# (380 right, 10 wrong). Round 9's intents (051): 1.000 / 1.000 (157 / 157). Round 9's paraphrases (052): KB 0.975 /
# 0.808 (386 right, 10 wrong). Round 10's near misses and generic words (054): KB 0.980 / 0.814 (389 right, 8 wrong).
# Round 10's qualifiers (053): KB 0.975 / 0.812 (388 / 478), held just under.
# Round 10 merged (053-055), checked by the lead on a fresh database: KB 0.980 / 0.820 (392 / 478: 0.8201).
# Round 11's words (057): KB 0.980 / 0.828 (396 / 478: 0.8285).
# Round 11's languages (058): KB 0.983 / 0.826 (395 right, 7 wrong; 395 / 478: 0.8264).
# Round 11's score (056): KB 0.985 / 0.824 (394 / 478: 0.8243).
# Round 11 merged (056-059), checked by the lead on a fresh database: KB 0.988 / 0.839 (401 / 478: 0.8389).
# Round 13's English (063): KB 0.988 / 0.843 (403 / 478: 0.8431).
# Round 13's score (062): KB 0.988 / 0.858 (410 / 478: 0.8577).
# Round 13 merged (062-066), checked by the lead on a fresh database: KB 0.988 / 0.860 (411 / 478: 0.8598).
# Round 14's words (068): KB 0.988 / 0.862 (412 / 478: 0.8619).
# Round 15's languages (072): KB 0.988 / 0.870 (416 / 478: 0.8703).
# Round 15 merged (070-076), on a fresh database: KB 0.988 / 0.882 (422 right, 5 wrong; 422 / 478: 0.8828).
# Round 16 (077-079 merged): KB 0.991 / 0.897 (429 right, 4 wrong; 429 / 478 = 0.8975).
# Round 17 (083-086 merged): KB 0.991 / 0.900 (430 right, 4 wrong; 430 / 478 = 0.8996).
# Round 18 (083's broader, 088-089 merged): KB 0.991 / 0.908 (434 right, 4 wrong; 434 / 478 = 0.9079).
# Round 19 (090-093 merged): KB 0.991 / 0.916 (438 right, 4 wrong; 438 / 478 = 0.9163).
# Round 20 (094-097 merged): KB 0.993 / 0.925 (442 right, 3 wrong; 442 / 478 = 0.9247).
# Round 21 (098-099 merged): KB 0.993 / 0.927 (443 right, 3 wrong; 443 / 478 = 0.9268).
# Round 22 (100-102, 104 merged): KB 0.996 / 0.931 (445 right, 2 wrong; 445 / 478 = 0.9310).
# Round 24 (109-114 merged): KB 0.996 / 0.941 (450 right, 2 wrong; 450 / 478 = 0.9414).
# Round 25 (115-120 merged): KB 0.996 / 0.954 (456 right, 2 wrong; 456 / 478 = 0.9540).
# Round 27 (129-133 merged): KB 0.996 / 0.960 (459 right, 2 wrong; 459 / 478 = 0.9603).
# Round 28 (134-138 merged): KB 0.996 / 0.971 (464 right, 2 wrong; 464 / 478 = 0.9707).
HELDOUT6_FLOORS = {"kb": (kb_eval.KB_GOAL[0], 0.970), "intents": (kb_eval.INTENT_GOAL[0], 1.0)}


def test_knowledge_base_sixth_heldout_set_meets_the_precision_and_intent_goals_and_keeps_its_recall(stack):
    _assert_floors(stack, "heldout6", HELDOUT6_FLOORS)


# The seventh held-out set (tests/kb_eval/heldout7/, written by another author before round 7's tuning; no tuner read
# it) was evaluated once before and once after round 7 (042-046) was merged, by the lead: KB 0.977 / 0.741 -> 0.975 /
# 0.749 (384 right, 10 wrong: 0.9746; 384 / 513: 0.7485), intents 0.987 / 0.974 -> 0.993 / 0.987 (152 right, 1 wrong;
# 152 / 154). The KB precision goal and both intent goals are met on this set and asserted at the goal; the KB recall
# is below its goal (the issue stays open) and held where it is, so a change that loses any of it fails.
# Round 8 tuned on this set (spent): the aspects an answer states (049) reached KB 0.976 / 0.803 (412 right, 10 wrong;
# 412 / 513: 0.8031), held just under. Round 9's paraphrases (052): 0.976 / 0.809 (415 / 513).
# Round 10's near misses and generic words (054): 0.984 / 0.823 (422 right, 7 wrong).
# Round 10's intents (055): 1.000 / 0.994 (153 right, 0 wrong; 153 / 154), the intent recall held just under.
# Round 10's qualifiers (053): KB 0.977 / 0.813 (417 / 513), held just under.
# Round 10 merged (053-055), checked by the lead on a fresh database: KB 0.984 / 0.828 (425 / 513: 0.8285), intents
# 1.000 / 0.994.
# Round 11's words (057): KB 0.984 / 0.834 (428 / 513: 0.8343).
# Round 11's languages (058): KB 0.986 / 0.836 (429 right, 6 wrong; 429 / 513: 0.8363).
# Round 11's score (056): KB 0.988 / 0.832 (427 / 513: 0.8324).
# Round 11 merged (056-059), checked by the lead on a fresh database: KB 0.991 / 0.846 (434 / 513: 0.8460).
# Round 13's English (063): KB 0.991 / 0.858 (440 / 513: 0.8577).
# Round 13's score (062): KB 0.991 / 0.854 (438 / 513: 0.8538).
# Round 13 merged (062-066), checked by the lead on a fresh database: KB 0.991 / 0.865 (444 / 513: 0.8655).
# Round 14's words (068): KB 0.991 / 0.873 (448 / 513: 0.8733).
# Round 15's score (070): KB 0.991 / 0.875 (449 / 513: 0.8752).
# Round 15 merged (070-076), on a fresh database: KB 0.991 / 0.883 (453 right, 4 wrong; 453 / 513: 0.8830).
# Round 16 (077-079 merged): KB 0.991 / 0.897 (460 right, 4 wrong; 460 / 513 = 0.8967).
# Round 17 (083-086 merged): KB 0.992 / 0.912 (468 right, 4 wrong; 468 / 513 = 0.9123).
# Round 18 (083's broader, 088-089 merged): KB 0.992 / 0.924 (474 right, 4 wrong; 474 / 513 = 0.9240).
# Round 19 (090-093 merged): KB 0.992 / 0.924 (474 right, 4 wrong; 474 / 513 = 0.9240).
# Round 20 (094-097 merged): KB 0.994 / 0.928 (476 right, 3 wrong; 476 / 513 = 0.9279).
# Round 21 (098-099 merged): KB 0.994 / 0.930 (477 right, 3 wrong; 477 / 513 = 0.9298).
# Round 22 (100-102, 104 merged): KB 0.994 / 0.934 (479 right, 3 wrong; 479 / 513 = 0.9337).
# Round 24 (109-114 merged): KB 0.994 / 0.940 (482 right, 3 wrong; 482 / 513 = 0.9396).
# Round 25 (115-120 merged): KB 0.994 / 0.942 (483 right, 3 wrong; 483 / 513 = 0.9415).
# Round 26 (123-128 merged): KB 0.994 / 0.943 (484 right, 3 wrong; 484 / 513 = 0.9435).
# Round 27 (129-133 merged): KB 0.994 / 0.951 (488 right, 3 wrong; 488 / 513 = 0.9513).
# Round 28 (134-138 merged): KB 0.994 / 0.957 (491 right, 3 wrong; 491 / 513 = 0.9571).
HELDOUT7_FLOORS = {"kb": (kb_eval.KB_GOAL[0], 0.957), "intents": (1.0, 0.99)}


def test_knowledge_base_seventh_heldout_set_meets_the_precision_and_intent_goals_and_keeps_its_recall(stack):
    _assert_floors(stack, "heldout7", HELDOUT7_FLOORS)


# The eighth held-out set (tests/kb_eval/heldout8/, written by another author before round 8's tuning; no tuner read
# it) was evaluated once before and once after round 8 (049) was merged, by the lead: KB 0.974 / 0.680 -> 0.975 /
# 0.714 (310 right, 8 wrong: 0.9748; 310 / 434: 0.7143), intents 0.993 / 0.904 both times (142 right, 1 wrong; 142 /
# 157: 0.9045). The KB and intent precision goals are met on this set and asserted at the goal; both recalls are below
# their goals (the issue stays open) and held where they are, so a change that loses any of it fails.
# Round 9 tuned on this set (spent): the intents (051), chosen from the misses of all spent sets grouped by cause,
# 0.993 / 0.930 (146 right, 1 wrong; 146 / 157: 0.9299), held just under; the paraphrases of 052 reached KB 0.975 /
# 0.730 (317 right, 8 wrong; 317 / 434). Round 10's near misses and generic words (054): 0.979 / 0.742 (322 right, 7 wrong).
# Round 10's intents (055): 0.993 / 0.955 (150 right, 1 wrong; 150 / 157: 0.9554), held just under.
# Round 10's qualifiers (053): KB 0.976 / 0.737 (320 / 434), held just under.
# Round 10 merged (053-055), checked by the lead on a fresh database: KB 0.979 / 0.749 (325 / 434: 0.7488), intents
# 0.993 / 0.955.
# Round 11's words (057): KB 0.979 / 0.765 (332 / 434: 0.7650).
# Round 11's languages (058): KB 0.985 / 0.760 (330 right, 5 wrong; 330 / 434: 0.7604).
# Round 11's score (056): KB 0.982 / 0.751 (326 / 434: 0.7512).
# Round 11 merged (056-059), checked by the lead on a fresh database: KB 0.988 / 0.776 (337 / 434: 0.7765).
# Round 13's English (063): KB 0.988 / 0.783 (340 / 434: 0.7834).
# Round 13's score (062): KB 0.989 / 0.795 (345 / 434: 0.7949).
# Round 13 merged (062-066), checked by the lead on a fresh database: KB 0.989 / 0.804 (349 / 434: 0.8041).
# Round 14's words (068): KB 0.989 / 0.811 (352 / 434: 0.8111).
# Round 15's score (070): KB 0.989 / 0.816 (354 / 434: 0.8157).
# Round 15 merged (070-076), on a fresh database: KB 0.989 / 0.836 (363 right, 4 wrong; 363 / 434: 0.8364).
# Round 16 (077-079 merged): KB 0.990 / 0.873 (379 right, 4 wrong; 379 / 434 = 0.8733).
# Round 17 (083-086 merged): KB 0.990 / 0.885 (384 right, 4 wrong; 384 / 434 = 0.8848).
# Round 18 (083's broader, 088-089 merged): KB 0.990 / 0.889 (386 right, 4 wrong; 386 / 434 = 0.8894).
# Round 19 (090-093 merged): KB 0.990 / 0.917 (398 right, 4 wrong; 398 / 434 = 0.9171).
# Round 20 (094-097 merged): KB 0.990 / 0.917 (398 right, 4 wrong; 398 / 434 = 0.9171).
# Round 21 (098-099 merged): KB 0.990 / 0.917 (398 right, 4 wrong; 398 / 434 = 0.9171).
# Round 22 (100-102, 104 merged): KB 0.990 / 0.922 (400 right, 4 wrong; 400 / 434 = 0.9217).
# Round 24 (109-114 merged): KB 0.993 / 0.926 (402 right, 3 wrong; 402 / 434 = 0.9263).
# Round 25 (115-120 merged): KB 0.995 / 0.933 (405 right, 2 wrong; 405 / 434 = 0.9332).
# Round 27 (129-133 merged): KB 0.995 / 0.933 (405 right, 2 wrong; 405 / 434 = 0.9332).
# Round 28 (134-138 merged): KB 0.995 / 0.938 (407 right, 2 wrong; 407 / 434 = 0.9378).
HELDOUT8_FLOORS = {"kb": (kb_eval.KB_GOAL[0], 0.937), "intents": (kb_eval.INTENT_GOAL[0], 0.955)}


def test_knowledge_base_eighth_heldout_set_meets_the_precision_goals_and_keeps_its_recalls(stack):
    _assert_floors(stack, "heldout8", HELDOUT8_FLOORS)


# The ninth held-out set (tests/kb_eval/heldout9/, written by another author before round 9's tuning; no tuner read
# it) was evaluated once before and once after round 9 (051, 052) was merged, by the lead: KB 0.961 / 0.798 -> 0.961 /
# 0.802 (397 right, 16 wrong: 0.9613; 397 / 495: 0.8020), intents 1.000 / 0.968 both times (150 right, 0 wrong; 150
# / 155). Both intent goals are met on this set and asserted at the goal; the KB figures are below the goals (its
# precision too: 11 of its 121 near misses answered) and held where they are, so a change that loses any of it fails.
# Round 10 tuned on this set (spent): the near misses and generic words of 054 reached KB 0.975 / 0.804 (398 right,
# 10 wrong; 398 / 495: 0.8040): the KB precision goal is met and asserted at the goal, the recall held where it is.
# Round 10's intents (055): 1.000 / 0.974 (151 / 155: 0.9742), held just under.
# Round 10's qualifiers (053): KB 0.961 / 0.804 (398 / 495), held just under.
# Round 10 merged (053-055), checked by the lead on a fresh database: KB 0.976 / 0.806 (399 / 495: 0.8061), intents
# 1.000 / 0.974.
# Round 11's words (057): KB 0.976 / 0.810 (401 / 495: 0.8101).
# Round 11's languages and intents (058): KB 0.976 / 0.812 (402 right, 10 wrong; 402 / 495: 0.8121), intents 1.000 /
# 0.981 (152 / 155: 0.9806).
# Round 11's score (056): KB 0.978 / 0.810 (401 / 495: 0.8101).
# Round 11 merged (056-059), checked by the lead on a fresh database: KB 0.978 / 0.818 (405 / 495: 0.8182), intents
# 1.000 / 0.981.
# Round 13's intents (065): 1.000 / 0.987 (153 / 155: 0.9871), held just under.
# Round 13's English (063): KB 0.983 / 0.828 (410 / 495: 0.8283).
# Round 13's score (062): KB 0.983 / 0.834 (413 / 495: 0.8343).
# Round 13 merged (062-066), checked by the lead on a fresh database: KB 0.984 / 0.844 (418 / 495: 0.8444).
# Round 14's score (067): KB 0.984 / 0.848 (420 / 495: 0.8485).
# Round 14's words (068): KB 0.984 / 0.848 (420 / 495: 0.8485).
# Round 14 merged (067-069), checked by the lead on a fresh database: KB 0.984 / 0.853 (422 / 495: 0.8525).
# Round 15's score (070): KB 0.984 / 0.865 (428 / 495: 0.8646).
# Round 15 merged (070-076), on a fresh database: KB 0.984 / 0.874 (433 right, 7 wrong; 433 / 495: 0.8747).
# Round 16 (077-079 merged): KB 0.984 / 0.891 (441 right, 7 wrong; 441 / 495 = 0.8909).
# Round 17 (083-086 merged): KB 0.985 / 0.909 (450 right, 7 wrong; 450 / 495 = 0.9091).
# Round 18 (083's broader, 088-089 merged): KB 0.985 / 0.913 (452 right, 7 wrong; 452 / 495 = 0.9131).
# Round 19 (090-093 merged): KB 0.985 / 0.917 (454 right, 7 wrong; 454 / 495 = 0.9172).
# Round 20 (094-097 merged): KB 0.987 / 0.921 (456 right, 6 wrong; 456 / 495 = 0.9212).
# Round 21 (098-099 merged): KB 0.987 / 0.925 (458 right, 6 wrong; 458 / 495 = 0.9253).
# Round 22 (100-102, 104 merged): KB 0.989 / 0.933 (462 right, 5 wrong; 462 / 495 = 0.9333).
# Round 25 (115-120 merged): KB 0.991 / 0.937 (464 right, 4 wrong; 464 / 495 = 0.9374).
# Round 26 (123-128 merged): KB 0.991 / 0.941 (466 right, 4 wrong; 466 / 495 = 0.9414).
# Round 27 (129-133 merged): KB 0.992 / 0.947 (469 right, 4 wrong; 469 / 495 = 0.9475).
# Round 28 (134-138 merged): KB 0.994 / 0.956 (473 right, 3 wrong; 473 / 495 = 0.9556).
HELDOUT9_FLOORS = {"kb": (kb_eval.KB_GOAL[0], 0.955), "intents": (kb_eval.INTENT_GOAL[0], 0.987)}


def test_knowledge_base_ninth_heldout_set_meets_the_intent_goals_and_keeps_its_figures(stack):
    _assert_floors(stack, "heldout9", HELDOUT9_FLOORS)


# The tenth held-out set (tests/kb_eval/heldout10/, written by another author before round 10's tuning; no tuner read
# it: 576 KB questions, 172 that must not match, 221 intent messages) was evaluated once before and once after round
# 10 (053-055) was merged, by the lead: KB 0.955 / 0.790 -> 0.958 / 0.797 (322 right, 14 wrong: 0.9583; 322 / 404:
# 0.7970), intents 1.000 / 0.971 both times (170 right, 0 wrong; 170 / 175). Both intent goals are met on this set and
# asserted at the goal; the KB figures are below the goals and held where they are, so a change that loses any of it
# fails.
# Round 11's words (057), the set spent: KB 0.965 / 0.812 (328 right, 12 wrong: 0.9647; 328 / 404: 0.8119).
# Round 11 tuned on this set (spent): the languages and intents of 058 reached KB 0.959 / 0.812 (328 right, 14 wrong:
# 0.9591; 328 / 404: 0.8119), intents 1.000 / 0.994 (174 / 175: 0.9943), held where they are.
# Round 11's score (056): KB 0.961 / 0.800 (323 right, 13 wrong: 0.9613 / 0.7995).
# Round 11 merged (056-059), checked by the lead on a fresh database: KB 0.968 / 0.827 (334 right, 11 wrong: 0.9681;
# 334 / 404: 0.8267), intents 1.000 / 0.994.
# Round 12's near misses (060): KB 0.971 / 0.827 (334 right, 10 wrong: 0.9709; "apollo hospital ka number do" no longer
# answered).
# Round 13's English (063): KB 0.971 / 0.834 (337 right, 10 wrong: 0.9712; 337 / 404: 0.8342).
# Round 13's score (062): KB 0.971 / 0.834 (337 right, 10 wrong; 337 / 404: 0.8342).
# Round 13 merged (062-066), checked by the lead on a fresh database: KB 0.972 / 0.844 (341 right, 10 wrong: 0.9715; 341 / 404: 0.8441).
# Round 14's words (068): KB 0.972 / 0.851 (344 / 404: 0.8515).
# Round 15's score (070): KB 0.975 / 0.859 (347 right, 9 wrong: 0.9747; 347 / 404: 0.8589).
# Round 15 merged (070-076), on a fresh database: KB 0.974 / 0.863 (349 right, 9 wrong; 349 / 404: 0.8639).
# Round 16 (077-079 merged): KB 0.978 / 0.881 (356 right, 8 wrong; 356 / 404 = 0.8812).
# Round 17 (083-086 merged): KB 0.978 / 0.894 (361 right, 8 wrong; 361 / 404 = 0.8936).
# Round 18 (083's broader, 088-089 merged): KB 0.978 / 0.896 (362 right, 8 wrong; 362 / 404 = 0.8960).
# Round 19 (090-093 merged): KB 0.979 / 0.913 (369 right, 8 wrong; 369 / 404 = 0.9134).
# Round 20 (094-097 merged): KB 0.984 / 0.918 (371 right, 6 wrong; 371 / 404 = 0.9183).
# Round 21 (098-099 merged): KB 0.984 / 0.921 (372 right, 6 wrong; 372 / 404 = 0.9208).
# Round 22 (100-102, 104 merged): KB 0.987 / 0.921 (372 right, 5 wrong; 372 / 404 = 0.9208).
# Round 25 (115-120 merged): KB 0.989 / 0.931 (376 right, 4 wrong; 376 / 404 = 0.9307).
# Round 26 (123-128 merged): KB 0.990 / 0.933 (377 right, 4 wrong; 377 / 404 = 0.9332).
# Round 27 (129-133 merged): KB 0.990 / 0.943 (381 right, 4 wrong; 381 / 404 = 0.9431).
# Round 28 (134-138 merged): KB 0.990 / 0.953 (385 right, 4 wrong; 385 / 404 = 0.9530).
HELDOUT10_FLOORS = {"kb": (0.978, 0.952), "intents": (kb_eval.INTENT_GOAL[0], 0.994)}


def test_knowledge_base_tenth_heldout_set_meets_the_intent_goals_and_keeps_its_figures(stack):
    _assert_floors(stack, "heldout10", HELDOUT10_FLOORS, sizes=(570, 170, 220))


# The eleventh held-out set (tests/kb_eval/heldout11/, written by another author before round 11's tuning; no tuner
# read it: 636 KB questions, 180 that must not match, 203 intent messages) was evaluated once before and once after
# round 11 (056-059) was merged, by the lead: KB 0.967 / 0.774 -> 0.965 / 0.792 (353 -> 361 right, 12 -> 13 wrong:
# 361 / 374 = 0.9652; 361 / 456 = 0.7917), intents 0.987 / 0.968 both times (151 right, 2 wrong: 0.9869; 151 / 156:
# 0.9679). Both intent goals are met on this set and asserted at the goal; the KB figures are below the goals and held
# where they are, so a change that loses any of it fails.
# Round 13's intents (065): 0.987 / 0.981 (153 right, 2 wrong; 153 / 156: 0.9808), the recall held just under.
# Round 13's English (063), the set spent: KB 0.966 / 0.814 (371 right, 13 wrong: 0.9661; 371 / 456: 0.8136).
# Round 13's score (062): KB 0.966 / 0.803 (366 right, 13 wrong: 0.9657; 366 / 456: 0.8026).
# Round 13 merged (062-066), checked by the lead on a fresh database: KB 0.967 / 0.827 (377 right, 13 wrong: 0.9667; 377 / 456: 0.8268), intents 0.987 / 0.981.
# Round 14's words (068): KB 0.967 / 0.833 (380 / 456: 0.8333).
# Round 15's score (070): KB 0.967 / 0.840 (383 / 456: 0.8399).
# Round 15 merged (070-076), on a fresh database: KB 0.970 / 0.855 (390 right, 12 wrong; 390 / 456: 0.8553).
# Round 16 (077-079 merged): KB 0.971 / 0.871 (397 right, 12 wrong; 397 / 456 = 0.8706).
# Round 17 (083-086 merged): KB 0.971 / 0.884 (403 right, 12 wrong; 403 / 456 = 0.8838).
# Round 18 (083's broader, 088-089 merged): KB 0.971 / 0.897 (409 right, 12 wrong; 409 / 456 = 0.8969).
# Round 19 (090-093 merged): KB 0.972 / 0.908 (414 right, 12 wrong; 414 / 456 = 0.9079).
# Round 20 (094-097 merged): KB 0.974 / 0.912 (416 right, 11 wrong; 416 / 456 = 0.9123).
# Round 21 (098-099 merged): KB 0.974 / 0.917 (418 right, 11 wrong; 418 / 456 = 0.9167).
# Round 22 (100-102, 104 merged): KB 0.979 / 0.921 (420 right, 9 wrong; 420 / 456 = 0.9211).
# Round 24 (109-114 merged): KB 0.981 / 0.930 (424 right, 8 wrong; 424 / 456 = 0.9298).
# Round 25 (115-120 merged): KB 0.984 / 0.943 (430 right, 7 wrong; 430 / 456 = 0.9430).
# Round 27 (129-133 merged): KB 0.984 / 0.945 (431 right, 7 wrong; 431 / 456 = 0.9452).
# Round 28 (134-138 merged): KB 0.986 / 0.954 (435 right, 6 wrong; 435 / 456 = 0.9539).
HELDOUT11_FLOORS = {"kb": (kb_eval.KB_GOAL[0], 0.953), "intents": (kb_eval.INTENT_GOAL[0], 0.980)}


def test_knowledge_base_eleventh_heldout_set_meets_the_intent_goals_and_keeps_its_figures(stack):
    _assert_floors(stack, "heldout11", HELDOUT11_FLOORS, sizes=(630, 180, 200))


# The twelfth held-out set (tests/kb_eval/heldout12/, written by another author before round 12's tuning; no tuner
# read it: 597 KB questions, 165 that must not match, 203 intent messages) was evaluated once before and once after
# round 12 (060-061) was merged, by the lead: KB 0.969 / 0.792 -> 0.969 / 0.796 (342 -> 344 right, 11 wrong both
# times: 344 / 355 = 0.9690; 344 / 432 = 0.7963), intents 1.000 / 0.955 both times (148 right, 0 wrong; 148 / 155:
# 0.9548). Both intent goals are met on this set and asserted at the goal; the KB figures are below the goals and held
# where they are, so a change that loses any of it fails. Round 13's languages (064): KB 0.972 / 0.817 (353 right,
# 10 wrong: 0.9725; 353 / 432: 0.8171). Round 13's intents (065): 1.000 / 0.961 (149 / 155: 0.9613), the recall held
# just under. Round 13's English (063), the set spent: KB 0.970 / 0.812 (351 right, 11 wrong: 0.9696; 351 / 432:
# 0.8125).
# Round 13's score (062): KB 0.969 / 0.806 (348 right, 11 wrong: 0.9694; 348 / 432: 0.8056).
# Round 13 merged (062-066), checked by the lead on a fresh database: KB 0.973 / 0.843 (364 right, 10 wrong: 0.9733; 364 / 432: 0.8426), intents 1.000 / 0.961.
# Round 14's words (068): KB 0.974 / 0.852 (368 / 432: 0.8519).
# Round 15's score (070): KB 0.974 / 0.859 (371 / 432: 0.8587).
# Round 15 merged (070-076), on a fresh database: KB 0.974 / 0.870 (376 right, 10 wrong; 376 / 432: 0.8704).
# Round 16 (077-079 merged): KB 0.974 / 0.882 (381 right, 10 wrong; 381 / 432 = 0.8819).
# Round 17 (083-086 merged): KB 0.975 / 0.896 (387 right, 10 wrong; 387 / 432 = 0.8958).
# Round 18 (083's broader, 088-089 merged): KB 0.975 / 0.900 (389 right, 10 wrong; 389 / 432 = 0.9005).
# Round 19 (090-093 merged): KB 0.975 / 0.910 (393 right, 10 wrong; 393 / 432 = 0.9097).
# Round 20 (094-097 merged): KB 0.978 / 0.914 (395 right, 9 wrong; 395 / 432 = 0.9144).
# Round 21 (098-099 merged): KB 0.978 / 0.919 (397 right, 9 wrong; 397 / 432 = 0.9190).
# Round 22 (100-102, 104 merged): KB 0.981 / 0.933 (403 right, 8 wrong; 403 / 432 = 0.9329).
# Round 24 (109-114 merged): KB 0.981 / 0.938 (405 right, 8 wrong; 405 / 432 = 0.9375).
# Round 25 (115-120 merged): KB 0.981 / 0.942 (407 right, 8 wrong; 407 / 432 = 0.9421).
# Round 26 (123-128 merged): KB 0.983 / 0.944 (408 right, 7 wrong; 408 / 432 = 0.9444).
# Round 27 (129-133 merged): KB 0.983 / 0.949 (410 right, 7 wrong; 410 / 432 = 0.9491).
# Round 28 (134-138 merged): KB 0.983 / 0.958 (414 right, 7 wrong; 414 / 432 = 0.9583).
HELDOUT12_FLOORS = {"kb": (0.974, 0.958), "intents": (kb_eval.INTENT_GOAL[0], 0.961)}


def test_knowledge_base_twelfth_heldout_set_meets_the_intent_goals_and_keeps_its_figures(stack):
    _assert_floors(stack, "heldout12", HELDOUT12_FLOORS, sizes=(590, 160, 200))


# The thirteenth held-out set (tests/kb_eval/heldout13/, written by another author before round 13's tuning; no tuner
# read it: 595 KB questions, 161 that must not match, 203 intent messages) was evaluated once before and once after
# round 13 (062-066) was merged, by the lead: KB 0.980 / 0.800 -> 0.981 / 0.820 (347 -> 356 right, 7 wrong both times:
# 356 / 363 = 0.9807; 356 / 434 = 0.8203), intents 0.987 / 0.962 -> 0.987 / 0.968 (151 right, 2 wrong: 0.9869; 151 /
# 156: 0.9679). Both precision goals and the intents' recall goal are met on this set and asserted at the goal; the KB
# recall is below the goal (the issue stays open) and held where it is, so a change that loses any of it fails.
# Round 14's score (067): KB 0.981 / 0.823 (357 right, 7 wrong: 0.9808; 357 / 434: 0.8226).
# Round 14's words (068): KB 0.981 / 0.827 (359 / 434: 0.8272).
# Round 14 merged (067-069), checked by the lead on a fresh database: KB 0.981 / 0.829 (360 / 434: 0.8295), the set spent.
# Round 15's score (070): KB 0.981 / 0.832 (361 / 434: 0.8318).
# Round 15 merged (070-076), on a fresh database: KB 0.983 / 0.847 (368 right, 6 wrong; 368 / 434: 0.8479).
# Round 16 (077-079 merged): KB 0.989 / 0.862 (374 right, 4 wrong; 374 / 434 = 0.8618).
# Round 17 (083-086 merged): KB 0.990 / 0.880 (382 right, 4 wrong; 382 / 434 = 0.8802).
# Round 18 (083's broader, 088-089 merged): KB 0.990 / 0.894 (388 right, 4 wrong; 388 / 434 = 0.8940).
# Round 19 (090-093 merged): KB 0.993 / 0.919 (399 right, 3 wrong; 399 / 434 = 0.9194).
# Round 20 (094-097 merged): KB 0.993 / 0.924 (401 right, 3 wrong; 401 / 434 = 0.9240).
# Round 21 (098-099 merged): KB 0.993 / 0.926 (402 right, 3 wrong; 402 / 434 = 0.9263).
# Round 22 (100-102, 104 merged): KB 0.995 / 0.931 (404 right, 2 wrong; 404 / 434 = 0.9309).
# Round 24 (109-114 merged): KB 0.995 / 0.938 (407 right, 2 wrong; 407 / 434 = 0.9378).
# Round 25 (115-120 merged): KB 0.998 / 0.942 (409 right, 1 wrong; 409 / 434 = 0.9424).
# Round 26 (123-128 merged): KB 0.998 / 0.945 (410 right, 1 wrong; 410 / 434 = 0.9447).
# Round 27 (129-133 merged): KB 0.998 / 0.949 (412 right, 1 wrong; 412 / 434 = 0.9493).
# Round 28 (134-138 merged): KB 0.998 / 0.959 (416 right, 1 wrong; 416 / 434 = 0.9585).
HELDOUT13_FLOORS = {"kb": (kb_eval.KB_GOAL[0], 0.958), "intents": kb_eval.INTENT_GOAL}


def test_knowledge_base_thirteenth_heldout_set_meets_the_precision_goals_and_keeps_its_recall(stack):
    _assert_floors(stack, "heldout13", HELDOUT13_FLOORS, sizes=(590, 160, 200))


# The fourteenth held-out set (tests/kb_eval/heldout14/, written by another author before round 14's tuning; no tuner
# read it: 607 KB questions, 181 that must not match, 204 intent messages) was evaluated once before and once after
# round 14 (067-069) was merged, by the lead: KB 0.942 / 0.833 both times (355 right, 22 wrong: 355 / 377 = 0.9416;
# 355 / 426 = 0.8333), intents 0.981 / 0.981 both times (152 right, 3 wrong: 0.9806; 152 / 155: 0.9806). Both intent
# goals are met on this set and asserted at the goal; the KB figures are below the goals (precision too: 14 of its 94
# near misses answered) and held where they are, so a change that loses any of it fails.
# Round 15's score (070): KB 0.942 / 0.838 (357 right, 22 wrong: 0.9419; 357 / 426: 0.8380).
# Round 15 merged (070-076), on a fresh database: KB 0.944 / 0.870 (371 right, 22 wrong; 371 / 426: 0.8709).
# Round 16 (077-079 merged): KB 0.953 / 0.897 (382 right, 19 wrong; 382 / 426 = 0.8967).
# Round 17 (083-086 merged): KB 0.954 / 0.915 (390 right, 19 wrong; 390 / 426 = 0.9155).
# Round 18 (083's broader, 088-089 merged): KB 0.954 / 0.923 (393 right, 19 wrong; 393 / 426 = 0.9225).
# Round 19 (090-093 merged): KB 0.957 / 0.932 (397 right, 18 wrong; 397 / 426 = 0.9319).
# Round 20 (094-097 merged): KB 0.959 / 0.939 (400 right, 17 wrong; 400 / 426 = 0.9390).
# Round 21 (098-099 merged): KB 0.959 / 0.944 (402 right, 17 wrong; 402 / 426 = 0.9437).
# Round 22 (100-102, 104 merged): KB 0.962 / 0.946 (403 right, 16 wrong; 403 / 426 = 0.9460).
# Round 24 (109-114 merged): KB 0.962 / 0.953 (406 right, 16 wrong; 406 / 426 = 0.9531).
# Round 25 (115-120 merged): KB 0.965 / 0.958 (408 right, 15 wrong; 408 / 426 = 0.9577).
# Round 26 (123-128 merged): KB 0.971 / 0.960 (409 right, 12 wrong; 409 / 426 = 0.9601): the precision goal met,
# asserted at the goal.
# Round 27 (129-133 merged): KB 0.972 / 0.965 (411 right, 12 wrong; 411 / 426 = 0.9648).
# Round 28 (134-138 merged): KB 0.972 / 0.969 (413 right, 12 wrong; 413 / 426 = 0.9695).
HELDOUT14_FLOORS = {"kb": (kb_eval.KB_GOAL[0], 0.969), "intents": kb_eval.INTENT_GOAL}


def test_knowledge_base_fourteenth_heldout_set_meets_the_intent_goals_and_keeps_its_figures(stack):
    _assert_floors(stack, "heldout14", HELDOUT14_FLOORS, sizes=(600, 180, 200))


# The fifteenth held-out set (tests/kb_eval/heldout15/, written by another author before round 15's tuning; no tuner
# read it: 614 KB questions, 179 that must not match, 203 intent messages) was evaluated once before and once after
# round 15 (070-076) was merged, by the lead: KB 0.979 / 0.841 -> 0.976 / 0.857 (366 -> 373 right, 8 -> 9 wrong:
# 373 / 382 = 0.9764; 373 / 435 = 0.8574), intents 0.993 / 0.981 both times (151 right, 1 wrong). The KB precision
# goal and both intent goals are met on this set and asserted at the goal; the KB recall is held where it is.
# Round 16 (077-079 merged): KB 0.977 / 0.892 (388 right, 9 wrong; 388 / 435 = 0.8920).
# Round 17 (083-086 merged): KB 0.978 / 0.903 (393 right, 9 wrong; 393 / 435 = 0.9034).
# Round 18 (083's broader, 088-089 merged): KB 0.978 / 0.910 (396 right, 9 wrong; 396 / 435 = 0.9103).
# Round 19 (090-093 merged): KB 0.978 / 0.913 (397 right, 9 wrong; 397 / 435 = 0.9126).
# Round 20 (094-097 merged): KB 0.978 / 0.922 (401 right, 9 wrong; 401 / 435 = 0.9218).
# Round 21 (098-099 merged): KB 0.976 / 0.924 (402 right, 10 wrong; 402 / 435 = 0.9241).
# Round 22 (100-102, 104 merged): KB 0.978 / 0.931 (405 right, 9 wrong; 405 / 435 = 0.9310).
# Round 24 (109-114 merged): KB 0.978 / 0.938 (408 right, 9 wrong; 408 / 435 = 0.9379).
# Round 25 (115-120 merged): KB 0.981 / 0.940 (409 right, 8 wrong; 409 / 435 = 0.9402).
# Round 27 (129-133 merged): KB 0.981 / 0.945 (411 right, 8 wrong; 411 / 435 = 0.9448).
# Round 28 (134-138 merged): KB 0.983 / 0.956 (416 right, 7 wrong; 416 / 435 = 0.9563).
HELDOUT15_FLOORS = {"kb": (kb_eval.KB_GOAL[0], 0.956), "intents": kb_eval.INTENT_GOAL}


def test_knowledge_base_fifteenth_heldout_set_meets_the_precision_goals_and_keeps_its_recall(stack):
    _assert_floors(stack, "heldout15", HELDOUT15_FLOORS, sizes=(600, 170, 200))


# The sixteenth held-out set (tests/kb_eval/heldout16/, written by another author before round 16's tuning; no tuner
# read it: 637 KB questions, 186 that must not match, 204 intent messages) was evaluated once before and once after
# round 16 (077-082) was merged, by the lead: KB 0.978 / 0.869 -> 0.980 / 0.878 (392 -> 396 right, 9 -> 8 wrong:
# 396 / 404 = 0.9802; 396 / 451 = 0.8780), intents 0.987 / 0.961 both times (148 right, 2 wrong). The KB precision
# goal and both intent goals are met on this set and asserted at the goal; the KB recall is held where it is.
# Round 17 (083-086 merged): KB 0.981 / 0.911 (411 right, 8 wrong; 411 / 451 = 0.9113).
# Round 18 (083's broader, 088-089 merged): KB 0.981 / 0.918 (414 right, 8 wrong; 414 / 451 = 0.9180).
# Round 19 (090-093 merged): KB 0.981 / 0.925 (417 right, 8 wrong; 417 / 451 = 0.9246).
# Round 20 (094-097 merged): KB 0.981 / 0.927 (418 right, 8 wrong; 418 / 451 = 0.9268).
# Round 21 (098-099 merged): KB 0.981 / 0.929 (419 right, 8 wrong; 419 / 451 = 0.9290).
# Round 22 (100-102, 104 merged): KB 0.986 / 0.942 (425 right, 6 wrong; 425 / 451 = 0.9424).
# Round 24 (109-114 merged): KB 0.986 / 0.945 (426 right, 6 wrong; 426 / 451 = 0.9446).
# Round 25 (115-120 merged): KB 0.991 / 0.951 (429 right, 4 wrong; 429 / 451 = 0.9512).
# Round 26 (123-128 merged): KB 0.995 / 0.951 (429 right, 2 wrong; 429 / 451 = 0.9512).
# Round 27 (129-133 merged): KB 0.995 / 0.956 (431 right, 2 wrong; 431 / 451 = 0.9557).
# Round 28 (134-138 merged): KB 0.998 / 0.960 (433 right, 1 wrong; 433 / 451 = 0.9601).
HELDOUT16_FLOORS = {"kb": (kb_eval.KB_GOAL[0], 0.960), "intents": kb_eval.INTENT_GOAL}


def test_knowledge_base_sixteenth_heldout_set_meets_the_precision_goals_and_keeps_its_recall(stack):
    _assert_floors(stack, "heldout16", HELDOUT16_FLOORS, sizes=(600, 180, 200))


# The seventeenth held-out set (tests/kb_eval/heldout17/, written by another author before round 17's tuning; no tuner
# read it: 690 KB questions, 203 that must not match, 204 intent messages) was evaluated once before and once after
# round 17 (083-086) was merged, by the lead: KB 0.984 / 0.885 -> 0.984 / 0.891 (431 -> 434 right, 7 wrong both times:
# 434 / 441 = 0.9841; 434 / 487 = 0.8911), intents 0.993 / 0.981 both times (151 right, 1 wrong). The KB precision
# goal and both intent goals are met on this set and asserted at the goal; the KB recall is held where it is.
# Round 18 (083's broader, 088-089 merged): KB 0.985 / 0.930 (453 right, 7 wrong; 453 / 487 = 0.9302).
# Round 19 (090-093 merged): KB 0.985 / 0.932 (454 right, 7 wrong; 454 / 487 = 0.9322).
# Round 20 (094-097 merged): KB 0.987 / 0.934 (455 right, 6 wrong; 455 / 487 = 0.9343).
# Round 21 (098-099 merged): KB 0.987 / 0.940 (458 right, 6 wrong; 458 / 487 = 0.9405).
# Round 22 (100-102, 104 merged): KB 0.991 / 0.943 (459 right, 4 wrong; 459 / 487 = 0.9425).
# Round 24 (109-114 merged): KB 0.991 / 0.949 (462 right, 4 wrong; 462 / 487 = 0.9487).
# Round 25 (115-120 merged): KB 0.994 / 0.955 (465 right, 3 wrong; 465 / 487 = 0.9548).
# Round 26 (123-128 merged): KB 0.996 / 0.957 (466 right, 2 wrong; 466 / 487 = 0.9569).
# Round 27 (129-133 merged): KB 0.996 / 0.959 (467 right, 2 wrong; 467 / 487 = 0.9589).
# Round 28 (134-138 merged): KB 0.996 / 0.961 (468 right, 2 wrong; 468 / 487 = 0.9610).
HELDOUT17_FLOORS = {"kb": (kb_eval.KB_GOAL[0], 0.960), "intents": kb_eval.INTENT_GOAL}


def test_knowledge_base_seventeenth_heldout_set_meets_the_precision_goals_and_keeps_its_recall(stack):
    _assert_floors(stack, "heldout17", HELDOUT17_FLOORS, sizes=(600, 180, 200))


# The eighteenth held-out set (tests/kb_eval/heldout18/, written by another author before round 18's tuning; no tuner
# read it: 749 KB questions, 191 that must not match, 204 intent messages) was evaluated once before and once after
# round 18 (083's broader, 088, 089) was merged, by the lead: KB 0.984 / 0.894 -> 0.984 / 0.901 (499 -> 503 right, 8
# wrong both times: 503 / 511 = 0.9843; 503 / 558 = 0.9014), intents 0.993 / 0.968 both times (149 right, 1 wrong).
# Every goal is met on this set, the KB recall by one question (502 would be 0.8996), and asserted at the goal.
# Round 19 (090-093 merged): KB 0.985 / 0.923 (515 right, 8 wrong; 515 / 558 = 0.9229).
# Round 20 (094-097 merged): KB 0.987 / 0.930 (519 right, 7 wrong; 519 / 558 = 0.9301).
# Round 21 (098-099 merged): KB 0.987 / 0.937 (523 right, 7 wrong; 523 / 558 = 0.9373).
# Round 22 (100-102, 104 merged): KB 0.989 / 0.944 (527 right, 6 wrong; 527 / 558 = 0.9444).
# Round 24 (109-114 merged): KB 0.991 / 0.948 (529 right, 5 wrong; 529 / 558 = 0.9480).
# Round 25 (115-120 merged): KB 0.996 / 0.964 (538 right, 2 wrong; 538 / 558 = 0.9642).
# Round 26 (123-128 merged): KB 0.996 / 0.966 (539 right, 2 wrong; 539 / 558 = 0.9659).
# Round 27 (129-133 merged): KB 0.996 / 0.968 (540 right, 2 wrong; 540 / 558 = 0.9677).
# Round 28 (134-138 merged): KB 0.996 / 0.971 (542 right, 2 wrong; 542 / 558 = 0.9713).
HELDOUT18_FLOORS = {"kb": (kb_eval.KB_GOAL[0], 0.971), "intents": kb_eval.INTENT_GOAL}


def test_knowledge_base_eighteenth_heldout_set_meets_every_goal(stack):
    _assert_floors(stack, "heldout18", HELDOUT18_FLOORS, sizes=(600, 180, 200))


# The nineteenth held-out set (tests/kb_eval/heldout19/, written by another author before round 19's tuning; no tuner
# read it: 758 KB questions, 200 that must not match, 207 intent messages) was evaluated once before and once after
# round 19 (090-093) was merged, by the lead: KB 0.976 / 0.891 -> 0.977 / 0.894 (497 -> 499 right, 12 wrong both
# times: 499 / 511 = 0.9765; 499 / 558 = 0.8943), intents 0.993 / 0.981 both times (151 right, 1 wrong). The KB
# precision goal and both intent goals are met and asserted at the goal; the KB recall is below its goal (0.90) and
# held where it is.
# Round 20 (094-097 merged): KB 0.981 / 0.912 (509 right, 10 wrong; 509 / 558 = 0.9122).
# Round 21 (098-099 merged): KB 0.981 / 0.918 (512 right, 10 wrong; 512 / 558 = 0.9176).
# Round 22 (100-102, 104 merged): KB 0.987 / 0.928 (518 right, 7 wrong; 518 / 558 = 0.9283).
# Round 24 (109-114 merged): KB 0.987 / 0.937 (523 right, 7 wrong; 523 / 558 = 0.9373).
# Round 25 (115-120 merged): KB 0.991 / 0.946 (528 right, 5 wrong; 528 / 558 = 0.9462).
# Round 26 (123-128 merged): KB 0.993 / 0.952 (531 right, 4 wrong; 531 / 558 = 0.9516).
# Round 27 (129-133 merged): KB 0.993 / 0.955 (533 right, 4 wrong; 533 / 558 = 0.9552).
# Round 28 (134-138 merged): KB 0.993 / 0.970 (541 right, 4 wrong; 541 / 558 = 0.9695).
HELDOUT19_FLOORS = {"kb": (kb_eval.KB_GOAL[0], 0.969), "intents": kb_eval.INTENT_GOAL}


def test_knowledge_base_nineteenth_heldout_set_meets_the_precision_goals_and_keeps_its_recall(stack):
    _assert_floors(stack, "heldout19", HELDOUT19_FLOORS, sizes=(600, 180, 200))


# The twentieth held-out set (tests/kb_eval/heldout20/, written by another author before round 20's tuning; no tuner
# read it: 734 KB questions, 213 that must not match, 206 intent messages) was evaluated once before and once after
# round 20 (094-097) was merged, by the lead: KB 0.976 / 0.869 -> 0.981 / 0.883 (453 -> 460 right, 11 -> 9 wrong:
# 460 / 469 = 0.9808; 460 / 521 = 0.8829), intents 0.987 / 0.961 both times (148 right, 2 wrong). The KB precision
# goal and both intent goals are met and asserted at the goal; the KB recall is below its goal (0.90) and held where
# it is.
# Round 21 (098-099 merged): KB 0.981 / 0.898 (468 right, 9 wrong; 468 / 521 = 0.8983).
# Round 22 (100-102, 104 merged): KB 0.986 / 0.916 (477 right, 7 wrong; 477 / 521 = 0.9155).
# Round 24 (109-114 merged): KB 0.986 / 0.923 (481 right, 7 wrong; 481 / 521 = 0.9232).
# Round 25 (115-120 merged): KB 0.994 / 0.929 (484 right, 3 wrong; 484 / 521 = 0.9290).
# Round 26 (123-128 merged): KB 0.994 / 0.937 (488 right, 3 wrong; 488 / 521 = 0.9367).
# Round 27 (129-133 merged): KB 0.994 / 0.942 (491 right, 3 wrong; 491 / 521 = 0.9424).
# Round 28 (134-138 merged): KB 0.994 / 0.950 (495 right, 3 wrong; 495 / 521 = 0.9501).
HELDOUT20_FLOORS = {"kb": (kb_eval.KB_GOAL[0], 0.950), "intents": kb_eval.INTENT_GOAL}


def test_knowledge_base_twentieth_heldout_set_meets_the_precision_goals_and_keeps_its_recall(stack):
    _assert_floors(stack, "heldout20", HELDOUT20_FLOORS, sizes=(600, 180, 200))


# The twenty-first held-out set (tests/kb_eval/heldout21/, written by another author before round 21's tuning; no
# tuner read it: 765 KB questions, 187 that must not match, 205 intent messages) was evaluated once before and once
# after round 21 (098, 099) was merged, by the lead: KB 0.967 / 0.851 -> 0.967 / 0.853 (492 -> 493 right, 17 wrong
# both times: 493 / 510 = 0.9667; 493 / 578 = 0.8529), intents 1.000 / 0.987 both times (152 right, 0 wrong). Both
# intent goals are met and asserted at the goal; the KB precision (goal 0.97) and recall (goal 0.90) are below their
# goals and held where they are.
# Round 22 (100-102, 104 merged): KB 0.975 / 0.894 (517 right, 13 wrong; 517 / 578 = 0.8945): the KB precision
# reaches its goal and is asserted there.
# Round 24 (109-114 merged): KB 0.978 / 0.907 (524 right, 12 wrong; 524 / 578 = 0.9066).
# Round 25 (115-120 merged): KB 0.983 / 0.913 (528 right, 9 wrong; 528 / 578 = 0.9135).
# Round 26 (123-128 merged): KB 0.985 / 0.915 (529 right, 8 wrong; 529 / 578 = 0.9152).
# Round 27 (129-133 merged): KB 0.985 / 0.917 (530 right, 8 wrong; 530 / 578 = 0.9170).
# Round 28 (134-138 merged): KB 0.989 / 0.931 (538 right, 6 wrong; 538 / 578 = 0.9308).
HELDOUT21_FLOORS = {"kb": (kb_eval.KB_GOAL[0], 0.930), "intents": kb_eval.INTENT_GOAL}


def test_knowledge_base_twenty_first_heldout_set_meets_the_precision_goals_and_keeps_its_recall(stack):
    _assert_floors(stack, "heldout21", HELDOUT21_FLOORS, sizes=(600, 180, 200))


# The twenty-second held-out set (tests/kb_eval/heldout22/, written by another author before round 22's tuning; no
# tuner read it: 769 KB questions, 201 that must not match, 213 intent messages) was evaluated once before and once
# after round 22 (100-102, 104) was merged, by the lead: KB 0.975 / 0.815 -> 0.975 / 0.827 (463 -> 470 right, 12
# wrong both times: 470 / 482 = 0.9751; 470 / 568 = 0.8274), intents 0.987 / 0.957 both times (155 right, 2 wrong).
# The KB precision goal and both intent goals are met and asserted at the goal; the KB recall (goal 0.90) is below
# its goal and held where it is.
# Round 23 (106-108 merged): KB 0.976 / 0.845 (480 right, 12 wrong; 480 / 568 = 0.8451).
# Round 24 (109-114 merged): KB 0.978 / 0.873 (496 right, 11 wrong; 496 / 568 = 0.8732).
# Round 25 (115-120 merged): KB 0.986 / 0.887 (504 right, 7 wrong; 504 / 568 = 0.8873).
# Round 26 (123-128 merged): KB 0.990 / 0.896 (509 right, 5 wrong; 509 / 568 = 0.8961).
# Round 27 (129-133 merged): KB 0.990 / 0.917 (521 right, 5 wrong; 521 / 568 = 0.9173).
# Round 28 (134-138 merged): KB 0.992 / 0.930 (528 right, 4 wrong; 528 / 568 = 0.9296).
HELDOUT22_FLOORS = {"kb": (kb_eval.KB_GOAL[0], 0.929), "intents": kb_eval.INTENT_GOAL}


def test_knowledge_base_twenty_second_heldout_set_meets_the_precision_goals_and_keeps_its_recall(stack):
    _assert_floors(stack, "heldout22", HELDOUT22_FLOORS, sizes=(600, 190, 200))


# The twenty-third held-out set (tests/kb_eval/heldout23/, written by another author before round 23's tuning; no
# tuner read it: 761 KB questions, 204 that must not match, 206 intent messages) was evaluated once before and once
# after round 23 (106-108) was merged, by the lead: KB 0.974 / 0.867 both times (483 right, 13 wrong: 483 / 496 =
# 0.9738; 483 / 557 = 0.8671), intents 0.993 / 0.955 both times (147 right, 1 wrong). The KB precision goal and both
# intent goals are met and asserted at the goal; the KB recall (goal 0.90) is below its goal and held where it is.
# Round 24 (109-114 merged): KB 0.976 / 0.894 (498 right, 12 wrong; 498 / 557 = 0.8941).
# Round 25 (115-120 merged): KB 0.984 / 0.899 (501 right, 8 wrong; 501 / 557 = 0.8995).
# Round 26 (123-128 merged): KB 0.986 / 0.908 (506 right, 7 wrong; 506 / 557 = 0.9084).
# Round 27 (129-133 merged): KB 0.986 / 0.916 (510 right, 7 wrong; 510 / 557 = 0.9156).
# Round 28 (134-138 merged): KB 0.989 / 0.926 (516 right, 6 wrong; 516 / 557 = 0.9264).
HELDOUT23_FLOORS = {"kb": (kb_eval.KB_GOAL[0], 0.926), "intents": kb_eval.INTENT_GOAL}


def test_knowledge_base_twenty_third_heldout_set_meets_the_precision_goals_and_keeps_its_recall(stack):
    _assert_floors(stack, "heldout23", HELDOUT23_FLOORS, sizes=(600, 190, 200))


# The twenty-fourth held-out set (tests/kb_eval/heldout24/, written by another author before round 24's tuning; no
# tuner read it: 737 KB questions, 196 that must not match, 207 intent messages) was evaluated once before and once
# after round 24 (109-114) was merged, by the lead: KB 0.970 / 0.909 -> 0.973 / 0.921 (492 -> 498 right, 15 -> 14
# wrong: 498 / 512 = 0.9727; 498 / 541 = 0.9205), intents 1.000 / 0.968 both times (149 right, 0 wrong). Every goal
# is met, before and after; the KB recall is held at its figure, above the goal.
# Round 25 (115-120 merged): KB 0.983 / 0.945 (511 right, 9 wrong; 511 / 541 = 0.9445).
# Round 26 (123-128 merged): KB 0.989 / 0.956 (517 right, 6 wrong; 517 / 541 = 0.9556).
# Round 27 (129-133 merged): KB 0.989 / 0.961 (520 right, 6 wrong; 520 / 541 = 0.9612).
# Round 28 (134-138 merged): KB 0.990 / 0.963 (521 right, 5 wrong; 521 / 541 = 0.9630).
HELDOUT24_FLOORS = {"kb": (kb_eval.KB_GOAL[0], 0.963), "intents": kb_eval.INTENT_GOAL}


def test_knowledge_base_twenty_fourth_heldout_set_meets_every_goal(stack):
    _assert_floors(stack, "heldout24", HELDOUT24_FLOORS, sizes=(600, 190, 200))


# The twenty-fifth held-out set (tests/kb_eval/heldout25/, written by another author before round 25's tuning; no
# tuner read it: 768 KB questions, 191 that must not match, 206 intent messages) was evaluated once before and once
# after round 25 (115-120) was merged, by the lead: KB 0.972 / 0.899 -> 0.979 / 0.903 (519 -> 521 right, 15 -> 11
# wrong: 521 / 532 = 0.9793; 521 / 577 = 0.9029), intents 0.993 / 0.974 both times (150 right, 1 wrong). After the
# round every goal is met; the KB recall is held at its figure, just above the goal.
# Round 26 (123-128 merged): KB 0.983 / 0.929 (536 right, 9 wrong; 536 / 577 = 0.9289).
# Round 27 (129-133 merged): KB 0.984 / 0.941 (543 right, 9 wrong; 543 / 577 = 0.9411).
# Round 28 (134-138 merged): KB 0.987 / 0.951 (549 right, 7 wrong; 549 / 577 = 0.9515).
HELDOUT25_FLOORS = {"kb": (kb_eval.KB_GOAL[0], 0.951), "intents": kb_eval.INTENT_GOAL}


def test_knowledge_base_twenty_fifth_heldout_set_meets_every_goal(stack):
    _assert_floors(stack, "heldout25", HELDOUT25_FLOORS, sizes=(600, 190, 200))


# The twenty-sixth held-out set (tests/kb_eval/heldout26/, written by another author before round 26's tuning; no
# tuner read it: 782 KB questions, 201 that must not match, 206 intent messages) was evaluated once before and once
# after round 26 (123-128) was merged, by the lead: KB 0.980 / 0.919 -> 0.982 / 0.923 (534 -> 536 right, 11 -> 10
# wrong: 536 / 546 = 0.9817; 536 / 581 = 0.9225; 537 before the lead's merge fix to 124, which keeps "bedridden" its
# own concept for rounds 16's and 24's tests), intents 0.987 / 0.955 both times (147 right, 2 wrong). Every goal is
# met before and after the round; the KB recall is held at its figure.
# Round 27 (129-133 merged): KB 0.982 / 0.948 (551 right, 10 wrong; 551 / 581 = 0.9484).
# Round 28 (134-138 merged): KB 0.986 / 0.964 (560 right, 8 wrong; 560 / 581 = 0.9639).
HELDOUT26_FLOORS = {"kb": (kb_eval.KB_GOAL[0], 0.963), "intents": kb_eval.INTENT_GOAL}


def test_knowledge_base_twenty_sixth_heldout_set_meets_every_goal(stack):
    _assert_floors(stack, "heldout26", HELDOUT26_FLOORS, sizes=(600, 190, 200))


# The twenty-seventh held-out set (tests/kb_eval/heldout27/, written by another author before round 27's tuning; no
# tuner read it: 759 KB questions, 194 that must not match, 204 intent messages) was evaluated once before and once
# after round 27 (129-133) was merged, by the lead: KB 0.979 / 0.888 -> 0.979 / 0.892 (502 -> 504 right, 11 wrong
# both times: 504 / 515 = 0.9786; 504 / 565 = 0.8920), intents 0.993 / 0.955 both times (147 right, 1 wrong). The KB
# precision goal and both intent goals are met and asserted at the goal; the KB recall (goal 0.90) is below its goal
# and held where it is. Round 28 tuned on it (spent: its mistakes listed by eval.py -v); the recall passed its goal.
# Round 28 (134-138 merged): KB 0.983 / 0.949 (536 right, 9 wrong; 536 / 565 = 0.9487).
HELDOUT27_FLOORS = {"kb": (kb_eval.KB_GOAL[0], 0.948), "intents": kb_eval.INTENT_GOAL}


def test_knowledge_base_twenty_seventh_heldout_set_meets_every_goal(stack):
    _assert_floors(stack, "heldout27", HELDOUT27_FLOORS, sizes=(600, 190, 200))


# The twenty-eighth held-out set (tests/kb_eval/heldout28/, written by another author before round 28's tuning; no
# tuner read it: 838 KB questions, 201 that must not match, 204 intent messages) was evaluated once before and once
# after round 28 (134-138) was merged, by the lead: KB 0.985 / 0.914 -> 0.987 / 0.926 (582 -> 590 right, 9 -> 8
# wrong: 590 / 598 = 0.9866; 590 / 637 = 0.9262), intents 0.987 / 0.955 both times (147 right, 2 wrong). Every goal is
# met before and after the round; the KB recall is held at its figure.
HELDOUT28_FLOORS = {"kb": (kb_eval.KB_GOAL[0], 0.926), "intents": kb_eval.INTENT_GOAL}


def test_knowledge_base_twenty_eighth_heldout_set_meets_every_goal(stack):
    _assert_floors(stack, "heldout28", HELDOUT28_FLOORS, sizes=(600, 190, 200))


def test_every_evaluation_set_meets_the_issue_goals(stack):
    """Issue 19's "done when": every evaluation set, the spent ones and the one held out now, at the goals (KB
    precision >= 0.97 and recall >= 0.90, never another tenant's entry; intents precision >= 0.98 and recall >= 0.95),
    read from the same pass as the floors above. A set added to tests/kb_eval is held to them from its first run."""
    under = []
    for which in kb_eval.ALL_SETS:
        kb, intents = _eval_part(stack, which)
        if not kb_eval.meets_goals(kb, intents):
            under.append(f"{kb.total.line(which + ' kb')} / {intents.total.line(which + ' intents')}")
    assert not under, under


def test_kb_accept_features_are_the_router_candidates_and_scores(stack):
    """042: the rows tests/kb_eval/train_accept.py fits its accept model on (kb_match_features) are the router's:
    the same candidates with the same scores as kb_match, in its order, and features that say what they claim (the
    lead over the runner-up, the important-word penalty of the score) -- so a change to one scoring path and not the
    other fails here. Every 7th question of two sets, inside a transaction rolled back."""
    checked = 0
    with stack.pg.cursor() as cur:
        cur.execute("BEGIN")
        try:
            doctor_ids, _ = kb_eval.load_doctors(cur)
            for name in ("dev.tsv", "heldout6/kb.tsv"):
                for row in kb_eval.read_tsv(name, 5)[::7]:
                    d = doctor_ids[(kb_eval.KB_FILES[name], row[0])]
                    cur.execute("SELECT id, score FROM kb_match(%s, %s)", (d, row[1]))
                    router = cur.fetchall()
                    cur.execute("SELECT id, s, c, f, im, gap FROM kb_match_features(%s, kb_tokens(%s, %s, true))"
                                " ORDER BY s DESC, id", (d, d, row[1]))
                    feats = cur.fetchall()
                    # 083's two tie-breakers, aspect and broader, each take a candidate to 0.95 of its score
                    # (kb_match_tokens_lexical's aspect and broader columns, the same tokens as kb_match_features'):
                    # the important-word penalty is read on the score before them
                    cur.execute("SELECT m.id, m.aspect <> '{}', m.broader IS NOT NULL"
                                " FROM (SELECT kb_name_words(%s) AS names OFFSET 0) nw,"
                                " LATERAL (SELECT ARRAY(SELECT t FROM unnest(kb_tokens(%s, %s, true))"
                                "                       WITH ORDINALITY u(t, o)"
                                "                       WHERE NOT t = ANY (nw.names) ORDER BY o) AS toks OFFSET 0) q,"
                                " LATERAL kb_match_tokens_lexical(%s, q.toks) m", (d, d, row[1], d))
                    ties = {i: (0.95 if a else 1.0) * (0.95 if b else 1.0) for i, a, b in cur.fetchall()}
                    assert [(i, s) for i, s, *_ in feats[:4]] == router, row[1]
                    for n, (i, s, c, f, im, gap) in enumerate(feats):
                        best_other = max((o[1] for k, o in enumerate(feats) if k != n), default=0)
                        assert abs(gap - (s - best_other)) < 1e-12, (row[1], n)
                        assert im == (1 if s / ties[i] < 0.6 * c + 0.4 * f - 1e-9 else 0), (row[1], n)
                    checked += 1
        finally:
            cur.execute("ROLLBACK")
    assert checked >= 100, checked


# Round 6 of the intents (deploy/migrations/041_intents6.sql): each text below names one of its inventories or cross
# products (written for this test, in none of the evaluation sets). Before 041 "talk to you later" reached the staff
# and the bank's queue was the clinic's (queue_status); the stopped bot and the third person's cancellation scored
# near the threshold as an opt-out and a cancellation; the opt-ins, the staff asked for after stopping the bot or as
# "a real person", the Marathi "naav ghala", the forgotten date and the referral naming the doctor were missed. The last texts were right before and
# stay right.
ROUND6_INTENT_CASES = [
    ("talk to you later", None),  # a leave-taking, not a request to talk to the staff
    ("please stop this chatbot", None),  # the bot stopped, not the messages: goes to ai
    ("bot band karo", None),
    ("the queue at the bank was so long, my token is 88", None),  # someone else's queue
    ("my husband cancelled his trip", None),  # a cancellation told, not asked
    ("papa ne cancel kar diya", None),
    ("stop the bot and let me speak to the receptionist", "talk_to_staff"),
    ("can a real person reply", "talk_to_staff"),
    ("undo my unsubscribe", "start"),
    ("unsubscribe cancel karo", "start"),
    ("naak ka block hata do", None),  # a blocked nose, not the opt-out
    ("स्टॉप हटा दो", "start"),
    ("token number 7 hai, kab bulaoge", "queue_status"),
    ("maza naav ghala", "queue_join"),
    ("appointment ki date bhool gaya", "my_appointment"),
    ("cancel my wife's appointment", "cancel"),
    ("how can i refer my colleague to dr iyer", "refer"),  # the doctor's own name (Dr. Meera Iyer) is not scored
    ("i stopped the medicine", None),
    ("stop the tablets for my son", None),
]


def test_round_six_intents_leave_takings_other_queues_undoing_an_opt_out_and_whom_it_is_for(stack, clinic):
    got = {text: stack.sql("SELECT kb_intent_choose(%s, %s)", clinic["id"], text)[0][0]
           for text, _ in ROUND6_INTENT_CASES}
    assert got == dict(ROUND6_INTENT_CASES)


# Round 7 of the intents (deploy/migrations/044_intents7.sql): each text below names one of its mechanisms or
# inventories (written for this test, in none of the evaluation sets). Before 044 "stauts of my token" was read as
# "start" (an opt-in), an order, a taxi, a participle ("why was my booking cancelled") and talking told in the past were
# taken for the clinic's conversations, meeting the principal was a booking, a video consultation and referrals from
# other doctors were the handoff and refer-a-friend (asking about a system, a charge or a bonus is held too); the mixed-
# script and chat-spelled phrases, the typo'd command words, a clock time, a school's people, the contact-centre words,
# calling by phone, a Marathi person and sharing the clinic were missed. The last texts were right before and stay
# right.
ROUND7_INTENT_CASES = [
    ("मैसेज band kar do", "stop"),  # mixed script: some words romanised, the loanword in Devanagari
    ("messages बंद kar do", "stop"),
    ("msg mt bhejna", "stop"),  # chat spellings of the function words
    ("message bnd kro", "stop"),
    ("stauts of my token", "queue_status"),  # a typo of a command word read as another word
    ("tokn chahiye", "queue_join"),
    ("staf se baat karni hai", "talk_to_staff"),
    ("ehy", "greeting"),
    ("plese cancel my appointment", "cancel"),  # a typo of a polite word was read as "fee"
    ("start agian", "start"),
    ("chagne my appointment to monday", "reschedule"),
    ("book me for 4:30pm", "book"),  # a clock time says when, not which conversation
    ("cancel my order", None),  # things outside the clinic
    ("status of my parcel", None),
    ("reschedule my train ticket", None),
    ("i booked a taxi for the clinic", None),
    ("my wife talked to the receptionist yesterday", None),  # talking told in the past
    ("pehle mere bete se baat karke batata hu", None),  # talking with one's family
    ("why was my booking cancelled", None),  # the participle asks about a cancellation
    ("please get my appointment cancelled", "cancel"),
    ("can i talk to the class teacher", "talk_to_staff"),  # a school's people
    ("principal se milna hai", None),
    ("customer care se baat karao", "talk_to_staff"),
    ("phone kar do mujhe", "talk_to_staff"),
    ("please put my number in the waiting list", "queue_join"),  # "my number" alone asks for the turn
    ("share the clinic with my neighbour", "refer"),
    ("माणसाशी बोलायचे आहे", "talk_to_staff"),
    ("stop school messages", "stop"),
    ("is there a token system on sunday", None),  # asking about a conversation: how it works, its fee or bonus
    ("reschedule karne ka charge kitna hai", None),
    ("is there a bonus for referring", None),
    ("can i talk to the doctor on a video call", None),  # a consultation online, not the staff
    ("do you accept referrals from other doctors", None),
    ("school start kab hoga", None),
    ("i stopped the medicine", None),
]


def test_round_seven_intents_mixed_script_chat_spellings_typos_and_things_outside_the_clinic(stack, clinic):
    got = {text: stack.sql("SELECT kb_intent_choose(%s, %s)", clinic["id"], text)[0][0]
           for text, _ in ROUND7_INTENT_CASES}
    assert got == dict(ROUND7_INTENT_CASES)


# Round 9's intents (deploy/migrations/051_intents9.sql), none of these sentences in any evaluation set: cancelling
# by removing, deleting or calling off the appointment ("remove" alone is a tooth's extraction, "drop" a drop-off); a
# reschedule whose first clause says the patient cannot come (that is its reason, not a cancellation); a greeting
# followed only by words of an opening ("I have a query about the clinic"), which 030 dropped as politeness before a
# request; "number" without its vowels; "there" / "everyone" mistyped after a greeting. And the near misses that must
# stay unrecognised.
ROUND9_INTENT_CASES = [
    ("please delete my booking for tomorrow", "cancel"),
    ("can you call off my appointment", "cancel"),
    ("appointment delete kar do", "cancel"),
    ("we cannot make it at 4, could you shift it to 6", "reschedule"),
    ("hi there, I have a query about the clinic", "greeting"),
    ("namaskar, kahi vicharaycha hota", "greeting"),
    ("mera nmbr kitna hai", "queue_status"),
    ("hi evryone", "greeting"),  # the words a greeting is addressed with, typed with one edit
    ("hello theree", "greeting"),
    ("i can't come, please cancel", "cancel"),
    ("hi, i want to book an appointment", "book"),  # a request after a greeting is still scored alone
    ("remove my tooth please", None),
    ("can you remove the stitches", None),
    ("drop me at the clinic", None),
    ("hi, what is the clinic's phone number", None),
    ("hello, is the clinic open today", None),
    ("i stopped the medicine", None),
    ("my appointment letter says fasting", None),
]


def test_round_nine_intents_removing_an_appointment_a_reschedules_reason_and_greeting_openings(stack, clinic):
    got = {text: stack.sql("SELECT kb_intent_choose(%s, %s)", clinic["id"], text)[0][0]
           for text, _ in ROUND9_INTENT_CASES}
    assert got == dict(ROUND9_INTENT_CASES)


# Round 10's intents (deploy/migrations/055_intents10.sql), none of these sentences in any evaluation set: the
# indefinite article ("ek", "एक") that says nothing of the conversation; the patient telling the way to the clinic
# ("I'll be there in 15 minutes", "ghar se nikal rahi hu": "reach", "home" and "nikal" read as other concepts before);
# moving an appointment by doing it later; help asked after a greeting; a referral by its code. And the near misses
# that must stay unrecognised: reaching the clinic is still its address, help with something named is no greeting, a
# cancelled booking is no reschedule, and ordinary chat words are not corrected into a conversation's words.
ROUND10_INTENT_CASES = [
    ("ek token de do", "queue_join"),
    ("एक अपॉइंटमेंट बुक करना है", "book"),
    ("put my name in the queue, I'll be there in 15 minutes", "queue_join"),
    ("mera number kitna door hai, ghar se nikal rahi hu", "queue_status"),
    ("I can't make it at 10, can we make it a bit later", "reschedule"),
    ("aaj nahi aa paunga, thoda late kar do", "reschedule"),
    ("hello, can you help me", "greeting"),
    ("नमस्कार, मदत हवी आहे", "greeting"),
    ("send my referral code to my brother", "refer"),
    ("cancel my booking", "cancel"),
    ("how do I reach the clinic", None),
    ("how long will it take to reach the clinic", None),
    ("hi, I need help with my bill", None),
    ("ek din me kitne patient dekhte ho", None),
    ("I stopped the medicine", None),
    ("my appointment letter says fasting", None),
    ("cancelled my insurance", None),
    # ordinary chat words the correction read as a conversation's words ("baris", a spelling of the turn; "move";
    # "tokan")
    ("kal se bahut barish ho rahi hai", None),
    ("movie dekhne jaana hai aaj", None),
    ("toofan aa raha hai kya", None),
    ("salary aa gayi", None),  # "salary" was corrected to "salaam", a greeting
]


def test_round_ten_intents_the_article_the_way_to_the_clinic_doing_it_later_and_help_after_a_greeting(stack, clinic):
    got = {text: stack.sql("SELECT kb_intent_choose(%s, %s)", clinic["id"], text)[0][0]
           for text, _ in ROUND10_INTENT_CASES}
    assert got == dict(ROUND10_INTENT_CASES)


def test_a_nukta_letter_reads_as_its_base_letter_so_a_word_matches_with_or_without_it(stack, clinic):
    # 055: kb_raw_words' translate() lists were misaligned (the combining nukta read as क, ZWJ as ग, precomposed ज़ as
    # फ), so a word written with a nukta never met the lexicon's term written without one ("सफ़ेद करवाने" missed the
    # whitening that "सफेद करवाने" is); the lexicon's stored words are in the new form too.
    assert stack.sql("SELECT kb_raw_words(%s)", "ज़रूरी फ़ीस? \u0915\u0958 र\u094d\u200dय")[0][0] == \
        ["जरूरी", "फीस", "कक", "र्य"]
    for with_nukta, without in [("दाँत सफ़ेद करवाने हैं", "दाँत सफेद करवाने हैं"),
                                ("फ़ोन पर डॉक्टर से बात हो सकती है", "फोन पर डॉक्टर से बात हो सकती है"),
                                ("इम्प्लांट कितने का पड़ेगा", "इम्प्लांट कितने का पडेगा")]:
        a, b = (stack.sql("SELECT kb_tokens(%s, %s, true)", clinic["id"], t)[0][0] for t in (with_nukta, without))
        assert a == b, (with_nukta, a, b)
    assert "whitening" in stack.sql("SELECT kb_tokens(%s, %s, true)", clinic["id"], "दाँत सफ़ेद करवाने हैं")[0][0]
    # no stored term keeps a word in its old form (ज़रूरी was stored as जकरूरी)
    assert stack.sql("SELECT count(*) FROM kb_synonyms WHERE term ~ 'जकरूर|पडके|फकीस'")[0][0] == 0



# Round 11's languages (deploy/migrations/058_languages11.sql), none of these questions in any evaluation set: a verb
# form of Hindi or Marathi the stop words did not list stayed in the question as an unknown word, or was corrected into
# another concept ("बसवता" read as बनवता `make`, "lavta" as "lava"), and the question was left to ai; Marathi's "show
# again" read as a consultation asked again, and its fee answered the follow-up question. The near misses (a removal,
# pain after the fitting, a first visit's fee) must still get no answer or the other entry.
ROUND11_LANGUAGE_CASES = [
    ("कॉपर टी बसवता का", "iud"),
    ("copper t basavta ka", "iud"),
    ("copper t lavta ka", "iud"),
    ("typhoid ka teeka lagate hain kya", "typhoid"),
    ("पुन्हा दाखवायला आलो तर फी लागते का", "followup"),
    ("parat dakhvayla aalo tar fee lagte ka", "followup"),
    ("पहिल्यांदा दाखवायची फी किती", "fee"),
    ("copper t nikalwana hai", None),
    ("कॉपर टी बसवल्यावर दुखते का", None),
    ("typhoid ka teeka lagane ke baad bukhar aaye to kya karein", None),
]


def test_round_eleven_languages_a_verb_in_any_form_is_no_unknown_word_and_marathi_show_again_is_the_follow_up(stack):
    doctor_id, _ = stack.add_doctor("Dr. Kavita Joshi", "Joshi Women's Clinic", specialization="Gynaecologist",
                                    address="12 FC Road, Pune")
    keys = {}
    for key, question, answer, keywords in [
            ("iud", "Do you fit a copper T?", "Yes, the doctor fits a copper T on weekdays.", "copper t iud"),
            ("typhoid", "Do you give the typhoid vaccine?", "Yes, the typhoid vaccine is given on weekdays.",
             "typhoid vaccine"),
            ("fee", "What is the consultation fee?", "The consultation fee is Rs 500.", "fee charges consultation"),
            ("followup", "Is the follow-up visit free?", "A follow-up for the same illness within 7 days is free.",
             "follow-up followup review revisit free")]:
        stack.add_kb(doctor_id, question, answer, keywords)
        rows = stack.sql("SELECT id FROM kb_entries WHERE doctor_id = %s AND question = %s", doctor_id, question)
        keys[rows[0][0]] = key
    got = {}
    for text, _ in ROUND11_LANGUAGE_CASES:
        chosen = kb_eval.choose(stack.sql("SELECT id, score FROM kb_match(%s, %s)", doctor_id, text))
        got[text] = keys.get(chosen)
    assert got == dict(ROUND11_LANGUAGE_CASES)
    # the paradigm's forms are stop words, a form the lexicon reads as a word is not (बनवता is `make`, lagate in
    # "neb lagate" is read as part of its term first)
    stop = "SELECT count(*) FROM kb_stopwords WHERE word = ANY (%s)"
    assert stack.sql(stop, ["बसवता", "basavta", "लगाते", "lagate", "bhetel"])[0][0] == 5
    assert stack.sql(stop, ["बनवता", "rakhi", "पहनना", "pehen"])[0][0] == 0


# Round 11's intents (058), none of these sentences in any evaluation set: the appointment asked to be confirmed
# without the possessive, forgetting said of it, a new patient's introduction after a greeting, adding back after an
# opt-out by mistake. Before 058 each got no conversation. The near misses stay unrecognised.
ROUND11_INTENT_CASES = [
    ("booking confirm ho gayi hai kya", "my_appointment"),
    ("अपॉइंटमेंट कन्फर्म हुआ क्या", "my_appointment"),
    ("majhi appointment kadhi aahe visarlo", "my_appointment"),
    ("hello, I'm new here", "greeting"),
    ("galti se stop ho gaya, wapas jod do", "start"),
    ("I forgot my umbrella at the clinic", None),
    ("main naya hoon, clinic kahan hai", None),
    ("is the payment confirmed", None),
    ("report confirm hai kya", None),
]


def test_round_eleven_intents_a_confirmation_forgetting_a_new_patient_and_adding_back(stack, clinic):
    got = {text: stack.sql("SELECT kb_intent_choose(%s, %s)", clinic["id"], text)[0][0]
           for text, _ in ROUND11_INTENT_CASES}
    assert got == dict(ROUND11_INTENT_CASES)

def test_stop_redelivered_before_it_was_marked_handled_is_confirmed_again_and_sent_once(stack, clinic):
    # The router recorded the opt-out and queued its confirmation, then died before marking the message handled:
    # the redelivery must queue the confirmation again (same out_id), and the sender must send it once.
    p, w = new_number(), new_wamid()
    payload = webhook([change(clinic["phone"], "pn-" + clinic["phone"], [text_message(p, "STOP", w)])])
    assert stack.post_webhook(payload) == 200
    stack.replies_to(p)
    handled(stack, w)
    stack.sql("UPDATE messages SET routed_at = NULL, status = 'received' WHERE wamid = %s", w)
    assert stack.post_webhook(payload) == 200
    handled(stack, w)
    drained(stack)
    queued = [f for _, f in stack.redis.xrange("wa:out") if f.get("out_id") == "reply:" + w]
    assert len(queued) == 2 and all(f["source"] == "optout" for f in queued)
    time.sleep(0.3)
    assert len(stack.graph_sends(p)) == 1
    assert stack.sql("SELECT opted_out FROM patients WHERE wa_id = %s", p) == [(True,)]


def test_marking_messages_handled_rewrites_no_index_entry(stack, clinic):
    # 050_perf12.sql: the mark's UPDATE (routed_at, status) changes no indexed column, so with room on the page it is
    # a HOT update (no new entry in any of messages' nine indexes, the body's trigram GIN included). A batch of long
    # texts fills whole pages at once; on a table filled to 100 % most of their marks found no room on their page.
    def counts():
        return stack.sql("SELECT pg_stat_get_tuples_updated('messages'::regclass),"
                         " pg_stat_get_tuples_hot_updated('messages'::regclass)")[0]

    before = counts()
    wamids = []
    for w in range(3):
        batch = []
        for i in range(12):
            wamids.append(new_wamid())
            text = f"question {w}-{i}: " + " ".join(f"symptom{j}z{w}q{i}" for j in range(50))  # ~700 bytes a row
            batch.append(text_message(new_number(), text, wamids[-1]))
        post(stack, clinic, batch)
    for w in wamids:
        handled(stack, w)
    # the backends report their counters when idle, within about ten seconds
    upd, hot = wait_for(lambda: (lambda c: (c[0] - before[0], c[1] - before[1]) if c[0] - before[0] >= len(wamids)
                                 else None)(counts()), timeout=30, what="the router's updates counted")
    assert hot >= 0.9 * upd, (upd, hot)
