"""Issue 8: an emergency the ai detects is flagged for the clinic the way a human handoff is (a handoffs row with
reason 'emergency'), but automatic answers are NOT paused: the patient still needs them. A pause the patient asked
for before keeps running; a released handoff is flagged again. Driven by signed webhooks (and, for a patient whose
conversation is paused too: an emergency is never silenced by the pause), observed in PostgreSQL, Redis and at the mock
Graph API."""
import urllib.request

from conftest import change, new_number, new_wamid, text_message, wait_for, webhook

FLAG = ("SELECT h.reason, h.paused_until <= now(), h.paused_until > now() + interval '50 minutes',"
        " h.released_at IS NULL FROM handoffs h JOIN patients p ON p.id = h.patient_id"
        " WHERE h.doctor_id = %s AND p.wa_id = %s")


def say(stack, clinic, patient, text):
    """Posts one text and returns the message sent in reply to it."""
    wamid = new_wamid()
    payload = webhook([change(clinic["phone"], "pn-" + clinic["phone"], [text_message(patient, text, wamid)])])
    assert stack.post_webhook(payload) == 200

    def find():
        for _, b in stack.graph_sends(patient):
            if b.get("context", {}).get("message_id") == wamid:
                return b
    return wait_for(find, timeout=20, what=f"the reply to {wamid}")


def flags(stack):
    with urllib.request.urlopen(f"http://127.0.0.1:{stack.ops['ai']}/metrics", timeout=5) as r:
        text = r.read().decode()
    return next((int(l.split()[-1]) for l in text.splitlines()
                 if l.startswith('wa_ai_emergency_flags_total{result="flagged"}')), 0)


def test_emergency_is_flagged_for_the_clinic_and_answers_go_on(stack, clinic):
    p = new_number()
    before = flags(stack)
    answer = say(stack, clinic, p, "My son cannot breathe properly")["text"]["body"]
    assert "112" in answer and clinic["clinic"] in answer
    # flagged like a handoff, with reason emergency, but not paused
    assert stack.sql(FLAG, clinic["id"], p) == [("emergency", True, False, True)]
    assert stack.redis.exists(f"wa:handoff:{clinic['id']}:{p}") == 0
    assert flags(stack) == before + 1
    # the patient keeps getting automatic answers
    assert say(stack, clinic, p, "What are your timings?")["text"]["body"] == clinic["answer"]
    # a second emergency keeps one row (the conversation is flagged once)
    say(stack, clinic, p, "He is unconscious now")
    assert stack.sql(FLAG, clinic["id"], p) == [("emergency", True, False, True)]


def test_emergency_during_a_requested_handoff_keeps_the_pause(stack, clinic):
    p = new_number()
    assert "staff" in say(stack, clinic, p, "talk to doctor")["text"]["body"]
    assert stack.sql(FLAG, clinic["id"], p) == [("patient", False, True, True)]
    key = f"wa:handoff:{clinic['id']}:{p}"
    ttl = stack.redis.ttl(key)
    assert ttl > 3000
    # paused: an ordinary question gets no automatic answer ...
    quiet = new_wamid()
    assert stack.post_webhook(webhook([change(clinic["phone"], "pn-" + clinic["phone"],
                                              [text_message(p, "What are your timings?", quiet)])])) == 200
    wait_for(lambda: stack.sql("SELECT routed_at IS NOT NULL FROM messages WHERE wamid = %s", quiet) == [(True,)],
             what="the paused question handled")
    # ... but an emergency is never silenced by the pause: the router sends it straight to the ai stage
    answer = say(stack, clinic, p, "papa ko seene me dard ho raha hai")["text"]["body"]
    assert "112" in answer
    assert not any(b.get("context", {}).get("message_id") == quiet for _, b in stack.graph_sends(p))
    # flagged as an emergency now, the pause the patient asked for still running
    assert stack.sql(FLAG, clinic["id"], p) == [("emergency", False, True, True)]
    assert 3000 < stack.redis.ttl(key) <= ttl


def test_emergency_after_a_released_handoff_flags_again(stack, clinic):
    p = new_number()
    say(stack, clinic, p, "talk to doctor")
    # staff release the conversation (as a release does: released_at set, the pause key gone)
    stack.sql("UPDATE handoffs h SET released_at = now() FROM patients p"
              " WHERE p.id = h.patient_id AND h.doctor_id = %s AND p.wa_id = %s", clinic["id"], p)
    stack.redis.delete(f"wa:handoff:{clinic['id']}:{p}")
    assert stack.sql(FLAG, clinic["id"], p) == [("patient", False, True, False)]
    assert "112" in say(stack, clinic, p, "there is heavy bleeding from his head")["text"]["body"]
    assert stack.sql(FLAG, clinic["id"], p) == [("emergency", True, False, True)]
    assert stack.redis.exists(f"wa:handoff:{clinic['id']}:{p}") == 0


def test_marathi_emergency_is_told_to_the_ai_stage_as_marathi_and_answered_in_marathi(stack, clinic):
    # The router and the ai share one language detector (libwa): the router used to label every Devanagari text
    # "hi" in wa:ai's lang before the ai looked; a Marathi emergency now reaches the ai stage as "mr" and is answered
    # with the Marathi emergency text.
    p = new_number()
    reply = say(stack, clinic, p, "माझ्या वडिलांच्या छातीत दुखत आहे")
    body = reply["text"]["body"]
    assert body.startswith("ही वैद्यकीय आणीबाणी असू शकते") and "112" in body
    asked = [f for _, f in stack.redis.xrange("wa:ai") if f.get("wamid") == reply["context"]["message_id"]]
    assert [f["lang"] for f in asked] == ["mr"]
