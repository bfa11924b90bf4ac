"""Issue 8's clinic conversations, driven only by signed webhooks (texts and interactive button/list replies) and
observed at the mock Graph API: the welcome with buttons in English and Hindi, a full booking in both languages,
the concurrent last-place race between two router replicas, my appointment / cancel / reschedule, a schedule
change taking effect at once, the walk-in queue with `wactl queue next` notifications, one token per day, the
human handoff pause, and two doctors never mixing."""
import json
import threading
import time
from datetime import datetime, timezone

from conftest import change, new_number, new_wamid, text_message, wait_for, webhook


def post(stack, doc, messages):
    assert stack.post_webhook(webhook([change(doc["phone"], "pn-" + doc["phone"], messages)])) == 200


def reply(stack, patient, wamid, timeout=20):
    """The message sent in reply to inbound `wamid` (the sender sets context.message_id)."""
    def find():
        for _, b in stack.graph_sends(patient):
            if b.get("context", {}).get("message_id") == wamid:
                return b
        return None
    return wait_for(find, timeout=timeout, what=f"reply to {wamid}")


def say(stack, doc, patient, text):
    wamid = new_wamid()
    post(stack, doc, [text_message(patient, text, wamid)])
    return reply(stack, patient, wamid)


def choose(stack, doc, patient, kind, rid, title):
    """Taps a reply button (kind button_reply) or a list row (list_reply)."""
    wamid = new_wamid()
    m = {"from": patient, "id": wamid, "timestamp": str(int(time.time())), "type": "interactive",
         "interactive": {"type": kind, kind: {"id": rid, "title": title}},
         "context": {"from": doc["phone"], "id": "wamid.prev"}}
    post(stack, doc, [m])
    return wamid


def tap(stack, doc, patient, kind, rid, title):
    return reply(stack, patient, choose(stack, doc, patient, kind, rid, title))


def buttons(msg):
    assert msg["type"] == "interactive" and msg["interactive"]["type"] == "button", msg
    return [(b["reply"]["id"], b["reply"]["title"]) for b in msg["interactive"]["action"]["buttons"]]


def rows(msg):
    assert msg["type"] == "interactive" and msg["interactive"]["type"] == "list", msg
    return [(r["id"], r["title"]) for s in msg["interactive"]["action"]["sections"] for r in s["rows"]]


def body(msg):
    return msg["text"]["body"] if msg["type"] == "text" else msg["interactive"]["body"]["text"]


def new_doctor(stack, clinic="Asha Clinic", address="12 MG Road, Pune", per_slot=2, notify_ahead=3):
    doctor_id, phone = stack.add_doctor("Dr. Asha Rao", clinic, address=address)
    # open every day around the clock (whatever time the suite runs), 30-minute slots, three days ahead
    stack.sql("INSERT INTO clinic_settings (doctor_id, work_days, day_start, day_end, break_start, break_end,"
              " slot_minutes, per_slot, book_ahead_days, consult_minutes, queue_notify_ahead)"
              " VALUES (%s, '{1,2,3,4,5,6,7}', '00:00', '23:59', NULL, NULL, 30, %s, 3, 10, %s)",
              doctor_id, per_slot, notify_ahead)
    return {"id": doctor_id, "phone": phone, "clinic": clinic, "address": address}


def midday_zone():
    """A fixed-offset time zone whose local time is within an hour of noon now (Etc/GMT+5 is five hours behind UTC):
    for a test that reads "today" or "an hour ago" in a clinic's day, which in Asia/Kolkata ends at 18:30 UTC."""
    offset = 12 - datetime.now(timezone.utc).hour
    return f"Etc/GMT{-offset:+d}" if offset else "Etc/UTC"


def book_until_confirm(stack, doc, patient, start="book"):
    """book -> first day -> first slot: returns (confirm button id, slot title, day title)."""
    days = rows(say(stack, doc, patient, start))
    assert days, "no day offered"
    slots = rows(tap(stack, doc, patient, "list_reply", days[0][0], days[0][1]))
    assert slots and all(r[0].startswith("slot:") for r in slots)
    confirm = tap(stack, doc, patient, "list_reply", slots[0][0], slots[0][1])
    bs = buttons(confirm)
    assert bs[0][0] == "confirm:" + slots[0][0][len("slot:"):]
    assert bs[1][0] == "book:other"
    return bs[0], slots[0][1], days[0][1]


def test_welcome_has_three_buttons_in_english_and_hindi_and_can_be_overridden(stack):
    doc = new_doctor(stack)
    p = new_number()
    hi = say(stack, doc, p, "hi")
    assert "Asha Clinic" in body(hi)
    assert buttons(hi) == [("menu:book", "Book appointment"), ("menu:queue", "Queue status"),
                           ("menu:ask", "Ask a question")]
    nm = say(stack, doc, p, "नमस्ते")
    assert "स्वागत" in body(nm) and "Asha Clinic" in body(nm)
    assert [b[0] for b in buttons(nm)] == ["menu:book", "menu:queue", "menu:ask"]
    assert buttons(nm)[0][1] == "अपॉइंटमेंट बुक करें"
    assert body(say(stack, doc, p, "Menu")) == body(hi)
    ask = tap(stack, doc, p, "button_reply", "menu:ask", "Ask a question")
    assert ask["type"] == "text" and "question" in ask["text"]["body"]
    stack.sql("UPDATE clinic_settings SET welcome_en = 'Namaskar from Asha! Pick one:' WHERE doctor_id = %s", doc["id"])
    assert body(say(stack, doc, p, "hello")) == "Namaskar from Asha! Pick one:"


def test_questions_still_reach_the_knowledge_base(stack, clinic):
    p = new_number()
    r = say(stack, clinic, p, "What are your timings?")
    assert r["type"] == "text" and r["text"]["body"] == clinic["answer"]


def test_full_booking_in_english_then_my_appointment_and_cancel(stack):
    doc = new_doctor(stack)
    p = new_number()
    menu = say(stack, doc, p, "hi")
    days = rows(tap(stack, doc, p, "button_reply", "menu:book", "Book appointment"))
    assert 1 <= len(days) <= 3 and all(d[0].startswith("day:") for d in days)
    (confirm_id, _), slot_title, day_title = book_until_confirm(stack, doc, p)
    done = tap(stack, doc, p, "button_reply", confirm_id, "Confirm")
    text = body(done)
    assert done["type"] == "text" and "confirmed" in text and "Asha Clinic" in text
    assert doc["address"] in text and slot_title in text and day_title in text
    epoch = int(confirm_id.split(":")[1])
    [(appt_id, status)] = stack.sql("SELECT a.id::text, a.status FROM appointments a JOIN patients p ON"
                                    " p.id = a.patient_id WHERE a.doctor_id = %s AND p.wa_id = %s"
                                    " AND a.slot_start = to_timestamp(%s)", doc["id"], p, epoch)
    assert status == "booked"
    assert menu["interactive"]["type"] == "button"

    mine = say(stack, doc, p, "my appointment")
    assert slot_title in body(mine)
    assert buttons(mine) == [("cancel:" + appt_id, "Cancel"), ("resched:" + appt_id, "Reschedule")]
    cancelled = tap(stack, doc, p, "button_reply", "cancel:" + appt_id, "Cancel")
    assert "cancelled" in body(cancelled)
    assert stack.sql("SELECT status FROM appointments WHERE id = %s", appt_id) == [("cancelled",)]
    assert stack.sql("SELECT count(*) FROM slot_bookings WHERE appointment_id = %s", appt_id) == [(0,)]
    again = say(stack, doc, p, "my appointment")
    assert "no upcoming appointment" in body(again)
    # cancelling twice (an old button) books and cancels nothing
    assert "no longer booked" in body(tap(stack, doc, p, "button_reply", "cancel:" + appt_id, "Cancel"))


def test_full_booking_in_hindi(stack):
    doc = new_doctor(stack, clinic="शर्मा क्लिनिक", address="5 Civil Lines, Jaipur")
    p = new_number()
    days_msg = say(stack, doc, p, "अपॉइंटमेंट")
    assert "दिन" in body(days_msg)
    days = rows(days_msg)
    slots_msg = tap(stack, doc, p, "list_reply", days[0][0], days[0][1])
    assert "खाली समय" in body(slots_msg)  # the list of a Hindi conversation stays Hindi though its titles are times
    slots = rows(slots_msg)
    confirm = tap(stack, doc, p, "list_reply", slots[0][0], slots[0][1])
    assert buttons(confirm)[0][1] == "पक्का करें"
    done = tap(stack, doc, p, "button_reply", buttons(confirm)[0][0], "पक्का करें")
    assert "पक्का हो गया" in body(done) and "5 Civil Lines, Jaipur" in body(done) and slots[0][1] in body(done)
    assert stack.sql("SELECT count(*) FROM appointments WHERE doctor_id = %s AND status = 'booked'",
                     doc["id"]) == [(1,)]


def test_a_redelivered_confirmation_books_once(stack):
    doc = new_doctor(stack)
    p = new_number()
    (confirm_id, title), _, _ = book_until_confirm(stack, doc, p)
    wamid = new_wamid()
    m = {"from": p, "id": wamid, "timestamp": str(int(time.time())), "type": "interactive",
         "interactive": {"type": "button_reply", "button_reply": {"id": confirm_id, "title": title}}}
    post(stack, doc, [m])
    reply(stack, p, wamid)
    post(stack, doc, [m])  # Meta retries the same webhook
    m2 = dict(m, id=new_wamid())  # the patient taps Confirm again
    post(stack, doc, [m2])
    assert "already have an appointment" in body(reply(stack, p, m2["id"]))
    assert stack.sql("SELECT count(*) FROM appointments WHERE doctor_id = %s", doc["id"]) == [(1,)]
    assert len([b for _, b in stack.graph_sends(p) if b.get("context", {}).get("message_id") == wamid]) == 1


def test_two_patients_confirming_the_last_place_at_once_exactly_one_gets_it(stack):
    doc = new_doctor(stack, per_slot=1)
    a, b = new_number(), new_number()
    (confirm_a, _), slot_title, _ = book_until_confirm(stack, doc, a)
    (confirm_b, _), _, _ = book_until_confirm(stack, doc, b)
    assert confirm_a == confirm_b  # both were offered the same (first) slot
    epoch = int(confirm_a.split(":")[1])
    # four more patients press a Confirm of that slot too (the ids carry the slot), all at the same moment
    patients = [a, b] + [new_number() for _ in range(4)]
    stack.start_service("router", tag="-clinic2")  # a second replica: the confirmations may run in parallel
    try:
        msgs = {}
        barrier = threading.Barrier(len(patients))

        def confirm(p):
            wamid = new_wamid()
            msgs[p] = wamid
            m = {"from": p, "id": wamid, "timestamp": str(int(time.time())), "type": "interactive",
                 "interactive": {"type": "button_reply", "button_reply": {"id": confirm_a, "title": "Confirm"}}}
            barrier.wait()
            post(stack, doc, [m])

        threads = [threading.Thread(target=confirm, args=(p,)) for p in patients]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        replies = {p: reply(stack, p, msgs[p]) for p in patients}
    finally:
        stack.stop_service("router-clinic2")
    winners = [p for p, r in replies.items() if r["type"] == "text"]
    assert len(winners) == 1, replies
    won = replies[winners[0]]["text"]["body"]
    assert "confirmed" in won and slot_title in won
    for p, r in replies.items():
        if p in winners:
            continue
        assert "just taken" in body(r)
        offered = rows(r)
        assert offered and all(int(o[0].split(":")[1]) > epoch for o in offered)  # the next slots, not the full one
    assert stack.sql("SELECT count(*) FROM appointments WHERE doctor_id = %s AND status = 'booked'"
                     " AND slot_start = to_timestamp(%s)", doc["id"], epoch) == [(1,)]
    assert stack.sql("SELECT count(*) FROM slot_bookings WHERE doctor_id = %s AND slot_start = to_timestamp(%s)",
                     doc["id"], epoch) == [(1,)]
    # a loser books one of the next slots offered
    loser = next(p for p in patients if p not in winners)
    offered = rows(replies[loser])
    confirm = tap(stack, doc, loser, "list_reply", offered[0][0], offered[0][1])
    done = tap(stack, doc, loser, "button_reply", buttons(confirm)[0][0], "Confirm")
    assert "confirmed" in body(done) and " ".join(offered[0][1].split()[-2:]) in body(done)  # "03:30 PM"


def test_reschedule_moves_the_appointment(stack):
    doc = new_doctor(stack)
    p = new_number()
    (confirm_id, _), _, _ = book_until_confirm(stack, doc, p)
    tap(stack, doc, p, "button_reply", confirm_id, "Confirm")
    [(old_id,)] = stack.sql("SELECT id::text FROM appointments WHERE doctor_id = %s AND status = 'booked'", doc["id"])
    mine = say(stack, doc, p, "my appointment")
    assert ("resched:" + old_id, "Reschedule") in buttons(mine)
    days = rows(tap(stack, doc, p, "button_reply", "resched:" + old_id, "Reschedule"))
    slots = rows(tap(stack, doc, p, "list_reply", days[-1][0], days[-1][1]))
    new_slot = slots[-1]
    confirm = tap(stack, doc, p, "list_reply", new_slot[0], new_slot[1])
    done = tap(stack, doc, p, "button_reply", buttons(confirm)[0][0], "Confirm")
    assert "confirmed" in body(done) and new_slot[1] in body(done)
    assert stack.sql("SELECT status FROM appointments WHERE id = %s", old_id) == [("cancelled",)]
    booked = stack.sql("SELECT extract(epoch FROM slot_start)::bigint FROM appointments WHERE doctor_id = %s"
                       " AND status = 'booked'", doc["id"])
    assert booked == [(int(new_slot[0].split(":")[1]),)]


def test_a_blocked_day_and_a_changed_schedule_apply_at_once(stack):
    doc = new_doctor(stack)
    p = new_number()
    days = rows(say(stack, doc, p, "book"))
    first_day = days[0][0].split(":")[1]
    stack.sql("INSERT INTO clinic_blocked_days (doctor_id, day) VALUES (%s, %s)", doc["id"], first_day)
    days2 = rows(say(stack, doc, p, "book"))
    assert days[0][0] not in [d[0] for d in days2]
    # 2-hour slots: the slot list changes with the very next message
    stack.sql("UPDATE clinic_settings SET slot_minutes = 120 WHERE doctor_id = %s", doc["id"])
    slots = rows(tap(stack, doc, p, "list_reply", days2[-1][0], days2[-1][1]))
    epochs = [int(s[0].split(":")[1]) for s in slots]
    assert len(epochs) >= 2 and all(b - a == 7200 for a, b in zip(epochs, epochs[1:]))
    # the other doctor's schedule is untouched
    other = new_doctor(stack)
    assert rows(say(stack, other, new_number(), "book"))[0][0] == days[0][0]


def test_queue_join_status_one_token_per_day_and_advance_with_notifications(stack):
    doc = new_doctor(stack, notify_ahead=1)
    other = new_doctor(stack)
    p1, p2, p3 = new_number(), new_number(), new_number()
    r1 = say(stack, doc, p1, "queue")
    assert "token number is 1" in body(r1) and "before you: 0" in body(r1)
    r2 = say(stack, doc, p2, "token")
    assert "token number is 2" in body(r2) and "before you: 1" in body(r2) and "about 10 minutes" in body(r2)
    r3 = say(stack, doc, p3, "टोकन")
    assert "टोकन नंबर 3" in body(r3) and "पहले मरीज़: 2" in body(r3) and "20 मिनट" in body(r3)
    again = say(stack, doc, p1, "queue")  # one token per patient per day
    assert "token number is 1" in body(again) and "joined" not in body(again)
    assert stack.sql("SELECT count(*) FROM queue_tokens WHERE doctor_id = %s", doc["id"]) == [(3,)]
    # another doctor's queue starts at 1 (the same patient may be in both)
    assert "token number is 1" in body(say(stack, other, p2, "queue"))
    status = say(stack, doc, p3, "स्थिति")
    assert "टोकन नंबर 3" in body(status) and "पहले मरीज़: 2" in body(status)
    none = tap(stack, doc, new_number(), "button_reply", "menu:queue", "Queue status")
    assert buttons(none) == [("queue:join", "Join queue")]

    out = stack.wactl("queue", "next", doc["phone"], "--json")
    assert json.loads(out)["called"] == "1" and json.loads(out)["near"] == "3"

    def sent(p, needle):
        return wait_for(lambda: next((b for _, b in stack.graph_sends(p)
                                      if b["type"] == "text" and needle in b["text"]["body"]), None),
                        what=f"'{needle}' to {p}")
    sent(p1, "Token 1: it is your turn now")
    sent(p3, "टोकन 3: आपकी बारी जल्द")  # its conversation is in Hindi
    assert "it is your turn" in body(say(stack, doc, p1, "status"))
    out = json.loads(stack.wactl("queue", "next", doc["phone"], "--json"))
    assert out["called"] == "2" and out["near"] is None
    sent(p2, "Token 2: it is your turn now")
    assert "has passed" in body(say(stack, doc, p1, "status"))
    listing = json.loads(stack.wactl("queue", "list", doc["phone"], "--json"))
    assert [(t["token"], t["status"]) for t in listing] == [("1", "done"), ("2", "called"), ("3", "waiting")]
    # the other doctor's queue did not move
    assert [t["status"] for t in json.loads(stack.wactl("queue", "list", other["phone"], "--json"))] == ["waiting"]
    # each notification went once (replies to the patient's own messages carry a context, notifications do not)
    notes = [b["text"]["body"] for p in (p1, p2, p3) for _, b in stack.graph_sends(p) if "context" not in b]
    assert sorted(notes) == sorted(["Token 1: it is your turn now. Please come in.",
                                    "Token 2: it is your turn now. Please come in.",
                                    "टोकन 3: आपकी बारी जल्द आने वाली है, आपसे पहले 1 मरीज़ हैं। कृपया क्लिनिक में रहें।"])


def test_handoff_pauses_automatic_answers_until_the_pause_ends(stack, clinic):
    p = new_number()
    r = say(stack, clinic, p, "talk to doctor")
    assert "staff" in body(r) and clinic["clinic"] in body(r)
    assert stack.sql("SELECT h.reason, h.paused_until > now() + interval '50 minutes' FROM handoffs h"
                     " JOIN patients p ON p.id = h.patient_id WHERE h.doctor_id = %s AND p.wa_id = %s",
                     clinic["id"], p) == [("patient", True)]
    wamid = new_wamid()
    post(stack, clinic, [text_message(p, "What are your timings?", wamid)])
    wait_for(lambda: stack.sql("SELECT routed_at IS NOT NULL FROM messages WHERE wamid = %s", wamid) == [(True,)],
             what="paused message handled")
    assert [b for _, b in stack.graph_sends(p) if b.get("context", {}).get("message_id") == wamid] == []
    # the pause ends (its Redis key expires): answers resume
    key = f"wa:handoff:{clinic['id']}:{p}"
    assert stack.redis.ttl(key) > 3000
    stack.redis.delete(key)
    assert body(say(stack, clinic, p, "What are your timings?")) == clinic["answer"]
    hi = say(stack, clinic, new_number(), "डॉक्टर से बात")
    assert "स्टाफ़" in body(hi)


def test_referral_code_link_attribution_once_and_its_refusals(stack):
    doc, other = new_doctor(stack), new_doctor(stack)
    r = new_number()
    first = body(say(stack, doc, r, "refer"))
    code = next(w for w in first.replace(":", " ").split() if w.startswith("REF-"))[:10]
    assert f"https://wa.me/{doc['phone']}?text=Hi%2C%20I%20was%20referred%20by%20code%20{code}" in first
    assert code in body(say(stack, doc, r, "refer a friend"))  # the same code every time

    n = new_number()
    welcome = say(stack, doc, n, f"Hi, I was referred by code {code}")
    assert [b[0] for b in buttons(welcome)] == ["menu:book", "menu:queue", "menu:ask"]
    referrals = "SELECT p.wa_id, q.wa_id FROM referrals f JOIN patients p ON p.id = f.referred_id" \
                " JOIN patients q ON q.id = f.referrer_id WHERE f.doctor_id = %s ORDER BY f.created_at"
    assert stack.sql(referrals, doc["id"]) == [(n, r)]

    def thanks():
        return [b for _, b in stack.graph_sends(r) if "context" not in b and "recommending" in b["text"]["body"]]
    wait_for(thanks, what="thank-you to the referrer")

    say(stack, doc, n, f"again {code}")           # once per referred patient
    say(stack, doc, r, f"my own code {code}")     # never self-referral
    late = new_number()
    say(stack, doc, late, "hello")
    say(stack, doc, late, f"code {code}")         # not a first message
    say(stack, other, new_number(), f"Hi, I was referred by code {code}")  # another doctor's code
    say(stack, doc, new_number(), "Hi, I was referred by code REF-ZZZZZZ")  # no such code
    assert stack.sql(referrals, doc["id"]) == [(n, r)]
    assert stack.sql("SELECT count(*) FROM referrals WHERE doctor_id = %s", other["id"]) == [(0,)]
    assert len(thanks()) == 1


def metric(stack, key, name):
    import urllib.request
    with urllib.request.urlopen(f"http://127.0.0.1:{stack.ops[key]}/metrics", timeout=5) as f:
        for line in f.read().decode().splitlines():
            if line.startswith(name + " ") or line.startswith(name + "{"):
                return float(line.rsplit(" ", 1)[1])
    return 0.0


def test_reminders_24h_and_2h_exactly_once_across_two_routers_and_a_restart(stack):
    doc = new_doctor(stack, per_slot=5)
    inside, outside = new_number(), new_number()
    for p in (inside, outside):
        (confirm_id, _), _, _ = book_until_confirm(stack, doc, p)
        assert "confirmed" in body(tap(stack, doc, p, "button_reply", confirm_id, "Confirm"))
    # time travel: both booked two days ago for tomorrow, the second patient silent for two days (window closed)
    stack.sql("UPDATE appointments SET created_at = now() - interval '2 days', slot_start = now() + interval '23 hours'"
              " WHERE doctor_id = %s", doc["id"])
    stack.sql("UPDATE patients SET last_inbound_at = now() - interval '2 days' WHERE doctor_id = %s AND wa_id = %s",
              doc["id"], outside)

    def reminders(p):
        return [b for _, b in stack.graph_sends(p) if "context" not in b]

    env = {"ROUTER_REMINDER_INTERVAL_MS": "100"}
    keys = ["router-rem1", "router-rem2"]
    stack.start_service("router", env, tag="-rem1")
    stack.start_service("router", env, tag="-rem2")
    try:
        [text] = wait_for(lambda: reminders(inside) or None, what="24-hour reminder (text)")
        assert text["type"] == "text" and text["text"]["body"].startswith("Reminder: your appointment at Asha Clinic")
        [tpl] = wait_for(lambda: reminders(outside) or None, what="24-hour reminder (template)")
        assert tpl["type"] == "template" and tpl["template"]["name"] == "appointment_reminder"
        assert tpl["template"]["components"][0]["parameters"][0]["text"] == "Asha Clinic"
        # a restart, then several more scans of both replicas: nothing is sent again
        stack.stop_service("router-rem1")
        stack.start_service("router", env, tag="-rem1")
        base = {k: metric(stack, k, "wa_router_reminder_scans_total") for k in keys}
        wait_for(lambda: all(metric(stack, k, "wa_router_reminder_scans_total") >= base[k] + 3 for k in keys),
                 what="three more scans on each replica")
        assert len(reminders(inside)) == 1 and len(reminders(outside)) == 1
        assert stack.sql("SELECT count(*) FROM appointments WHERE doctor_id = %s AND reminded_24h_at IS NOT NULL"
                         " AND reminded_2h_at IS NULL", doc["id"]) == [(2,)]
        # two hours before: the second reminder, once
        stack.sql("UPDATE appointments SET slot_start = now() + interval '90 minutes' WHERE doctor_id = %s",
                  doc["id"])
        wait_for(lambda: len(reminders(inside)) == 2 and len(reminders(outside)) == 2, what="2-hour reminders")
        base = {k: metric(stack, k, "wa_router_reminder_scans_total") for k in keys}
        wait_for(lambda: all(metric(stack, k, "wa_router_reminder_scans_total") >= base[k] + 3 for k in keys),
                 what="three more scans on each replica")
        assert len(reminders(inside)) == 2 and len(reminders(outside)) == 2
        kinds = sorted(r[0].split(":")[0] for r in stack.sql(
            "SELECT out_id FROM messages WHERE doctor_id = %s AND source = 'reminder'", doc["id"]))
        assert kinds == ["remind2", "remind2", "remind24", "remind24"]
    finally:
        for k in keys:
            stack.stop_service(k)


def test_staff_list_and_cancel_appointments_and_block_a_day_with_wactl(stack):
    doc = new_doctor(stack, per_slot=1)
    p = new_number()
    (confirm_id, _), _, day_title = book_until_confirm(stack, doc, p)
    assert "confirmed" in body(tap(stack, doc, p, "button_reply", confirm_id, "Confirm"))
    [appt] = json.loads(stack.wactl("appt", "list", doc["phone"], "--json"))
    assert appt["wa_id"] == p and appt["status"] == "booked"
    out = json.loads(stack.wactl("appt", "cancel", appt["id"], "--json"))
    assert out["status"] == "cancelled" and out["notified"] == "apptcancel:" + appt["id"]
    wait_for(lambda: [b for _, b in stack.graph_sends(p) if "context" not in b
                      and "cancelled by the clinic" in b["text"]["body"]], what="the patient told")
    assert json.loads(stack.wactl("appt", "list", doc["phone"], "--json")) == []
    # the place is free again: the same slot can be booked at once
    (again, _), _, _ = book_until_confirm(stack, doc, new_number())
    assert again == confirm_id
    r = stack.wactl("appt", "cancel", appt["id"], check=False)
    assert r.returncode == 1 and "no booked appointment" in r.stderr
    # block the first open day: it leaves the patients' list; unblock brings it back
    days = rows(say(stack, doc, p, "book"))
    day = days[0][0].split(":")[1]
    stack.wactl("appt", "block", doc["phone"], day, "--reason", "conference")
    assert days[0][0] not in [d[0] for d in rows(say(stack, doc, p, "book"))]
    stack.wactl("appt", "unblock", doc["phone"], day)
    assert rows(say(stack, doc, p, "book"))[0][0] == days[0][0]
    assert stack.wactl("appt", "block", doc["phone"], "2026-13-01", check=False).returncode == 2


def test_queue_skip_recall_and_close(stack):
    doc = new_doctor(stack, notify_ahead=5)
    p1, p2, p3 = new_number(), new_number(), new_number()
    for p in (p1, p2):
        say(stack, doc, p, "queue")
    assert json.loads(stack.wactl("queue", "next", doc["phone"], "--json"))["called"] == "1"
    assert json.loads(stack.wactl("queue", "skip", doc["phone"], "--json"))["called"] == "2"  # 1 did not come
    assert "has passed" in body(say(stack, doc, p1, "status"))
    stack.wactl("queue", "recall", doc["phone"], "1")
    assert "token number is 1. Patients before you: 0" in body(say(stack, doc, p1, "status"))
    assert stack.wactl("queue", "recall", doc["phone"], "2", check=False).returncode == 1  # 2 is not skipped
    stack.wactl("queue", "close", doc["phone"])
    assert "closed for today" in body(say(stack, doc, p3, "queue"))
    assert body(say(stack, doc, p2, "queue")) == "Token 2: it is your turn now. Please come in."  # tokens stay
    assert json.loads(stack.wactl("queue", "next", doc["phone"], "--json"))["called"] == "1"


def test_free_text_booking_in_english_and_hindi(stack):
    doc = new_doctor(stack)
    [(tomorrow_5pm,)] = stack.sql("SELECT extract(epoch FROM ((now() AT TIME ZONE 'Asia/Kolkata')::date + 1"
                                  " + time '17:00') AT TIME ZONE 'Asia/Kolkata')::bigint")
    en = say(stack, doc, new_number(), "Book tomorrow 5pm")
    assert buttons(en)[0] == (f"confirm:{tomorrow_5pm}", "Confirm")
    p = new_number()
    hi = say(stack, doc, p, "कल शाम 5 बजे")
    assert buttons(hi)[0] == (f"confirm:{tomorrow_5pm}", "पक्का करें")
    done = tap(stack, doc, p, "button_reply", f"confirm:{tomorrow_5pm}", "पक्का करें")
    assert "पक्का हो गया" in body(done) and "05:00 PM" in body(done)
    # a time off the grid: the nearest free slots from it on
    off = say(stack, doc, new_number(), "book tomorrow 5:10 pm")
    assert "not available" in body(off)
    assert int(rows(off)[0][0].split(":")[1]) == tomorrow_5pm + 30 * 60  # 5:30 pm
    # a question that mentions a time is not a booking
    q = say(stack, doc, new_number(), "are you open tomorrow at 5pm?")
    assert q["type"] == "text"
