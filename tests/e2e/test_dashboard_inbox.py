"""The dashboard's live inbox (issue 16): the conversation list (newest first, unread counts, flags, filter, search,
pages), a conversation's messages (statuses, Meta's error in words, media and interactive replies readable), staff
replies and templates through wa:out (once per Idempotency-Key, 409 outside the window or to an opted-out
patient), taking a conversation over from the bot and releasing it, the audit rows, and the server-sent events:
live, and never another clinic's.

Conversations are made the way they are made in production: signed webhooks through the ingress and the router.
"""
import http.client as httpclient
import json
import queue
import socket
import threading
import time
import uuid

import pytest

from conftest import change, http, new_number, new_wamid, signed_in, start_dashboard, text_message, wait_for, webhook

PASSWORD = "correct horse battery"


@pytest.fixture(scope="module")
def inbox(stack, dashboard):
    tag = uuid.uuid4().hex[:8]
    a_id, a_phone = stack.add_doctor("Dr. Inbox A", f"Inbox A {tag}")
    b_id, b_phone = stack.add_doctor("Dr. Inbox B", f"Inbox B {tag}")
    stack.add_kb(a_id, "What are your timings?", "Inbox A opens at 9.", "timings hours")
    w = {"tag": tag, "a": a_id, "a_phone": a_phone, "b": b_id, "b_phone": b_phone}
    for who, role, doc in (("a_staff", "staff", a_id), ("a_admin", "clinic_admin", a_id),
                           ("b_staff", "staff", b_id)):
        w[who] = f"{who}.{tag}@inbox.test"
        dashboard.add_user(w[who], role, doc)
    return w


def say(stack, phone, patient, text, name="Patient"):
    """A patient's message to the clinic on `phone`; returns its wamid once the router has handled it."""
    wamid = new_wamid()
    msg = text_message(patient, text, wamid, name=name)
    assert stack.post_webhook(webhook([change(phone, "pn-" + phone, [msg])])) == 200
    wait_for(lambda: stack.sql("SELECT routed_at IS NOT NULL FROM messages WHERE wamid = %s", wamid) == [(True,)],
             what=f"router handled {wamid}")
    return wamid


def patient_id(stack, doctor, wa_id):
    return str(stack.sql("SELECT id FROM patients WHERE doctor_id = %s AND wa_id = %s", doctor, wa_id)[0][0])


def conversations(c, query=""):
    status, doc = c.request("GET", "/api/v1/conversations" + query)
    assert status == 200, doc
    return doc


def bot_replies(stack, patient, wamid):
    return [b for _, b in stack.graph_sends(patient) if b.get("context", {}).get("message_id") == wamid]


# --- the list -----------------------------------------------------------------------------------------------------
def test_list_newest_first_unread_search_filter_and_pages(stack, dashboard, inbox):
    c = signed_in(dashboard, inbox["a_staff"])
    p1, p2 = new_number(), new_number()
    word = "ZEBRA" + inbox["tag"]
    say(stack, inbox["a_phone"], p1, "What are your timings?", name="Asha Verma")
    wait_for(lambda: stack.sql("SELECT count(*) FROM messages WHERE wa_id = %s AND direction = 'out'", p1)[0][0] >= 1,
             what="the bot's answer recorded")
    say(stack, inbox["a_phone"], p2, f"my report {word} please", name="Ravi Kumar")
    items = conversations(c)["items"]
    mine = [i for i in items if i["wa_id"] in (p1, p2)]
    assert [i["wa_id"] for i in mine] == [p2, p1]  # newest first
    one, two = mine[1], mine[0]
    assert one["name"] == "Asha Verma" and one["last_text"] == "Inbox A opens at 9." and one["unread"] == 1
    assert one["last_direction"] == "out" and one["user_id"] is None
    assert two["unread"] == 1  # its last message is the patient's or the ai's answer to it
    assert two["flags"] == {"handoff": False, "emergency": False, "opted_out": False, "window_closed": False}
    assert two["window_open_until"] is not None
    # search: by text, by name, by number (any spelling of it)
    assert [i["wa_id"] for i in conversations(c, f"?q={word.lower()}")["items"]] == [p2]
    assert [i["wa_id"] for i in conversations(c, "?q=asha%20verma")["items"]] == [p1]
    spaced = f"%2B{p1[:2]}%20{p1[2:7]}%20{p1[7:]}"
    assert [i["wa_id"] for i in conversations(c, f"?q={spaced}")["items"]] == [p1]
    assert conversations(c, "?q=100%25")["items"] == []  # % is a character, not a wildcard
    # filters
    stack.sql("UPDATE patients SET opted_out = true WHERE wa_id = %s", p1)
    stack.sql("UPDATE patients SET window_closed_at = now() WHERE wa_id = %s", p2)
    assert {i["wa_id"] for i in conversations(c, "?flag=opted_out")["items"]} & {p1, p2} == {p1}
    closed = [i for i in conversations(c, "?flag=window_closed")["items"] if i["wa_id"] in (p1, p2)]
    assert [i["wa_id"] for i in closed] == [p2] and closed[0]["flags"]["window_closed"] is True
    assert closed[0]["window_open_until"] is None
    status, doc = c.request("GET", "/api/v1/conversations?flag=nonsense")
    assert status == 422 and "flag" in doc["error"]["fields"]
    # pages
    first = conversations(c, "?limit=1")
    assert len(first["items"]) == 1 and first["next_cursor"]
    second = conversations(c, "?limit=1&cursor=" + first["next_cursor"])
    assert second["items"][0]["patient_id"] != first["items"][0]["patient_id"]
    # opening a conversation marks it read
    pid = patient_id(stack, inbox["a"], p2)
    assert {i["wa_id"] for i in conversations(c, "?flag=unread")["items"]} >= {p1, p2}
    assert c.request("GET", f"/api/v1/conversations/{pid}/messages")[0] == 200
    after = {i["wa_id"]: i for i in conversations(c)["items"]}
    assert after[p2]["unread"] == 0 and after[p1]["unread"] == 1
    assert p2 not in {i["wa_id"] for i in conversations(c, "?flag=unread")["items"]}
    # B's staff see none of it
    b = signed_in(dashboard, inbox["b_staff"])
    assert {i["wa_id"] for i in conversations(b)["items"]} & {p1, p2} == set()


def test_search_finds_what_people_wrote_not_the_automatic_answers(stack, dashboard, inbox):
    """The text search matches the patient's own words and the staff's manual replies; an automatic answer's text
    (here the KB's) alone does not make its conversation a hit, and another clinic's messages never are."""
    c = signed_in(dashboard, inbox["a_staff"])
    tag = uuid.uuid4().hex[:6]
    said, staff, answered = "rashword" + tag, "ointmentword" + tag, "kbonlyword" + tag
    p1, p2, p3, pb = new_number(), new_number(), new_number(), new_number()
    # p1 wrote the word; the other clinic's patient pb wrote it too
    say(stack, inbox["a_phone"], p1, f"my son has a {said} on his arm")
    say(stack, inbox["b_phone"], pb, f"my daughter has a {said} too")
    # p2 wrote something else, the staff replied by hand with a word of their own
    say(stack, inbox["a_phone"], p2, "hello")
    pid2 = patient_id(stack, inbox["a"], p2)
    status, doc = c.request("POST", f"/api/v1/conversations/{pid2}/messages", {"text": f"Apply the {staff} twice"})
    assert status == 202, doc
    wait_for(lambda: stack.sql("SELECT source FROM messages WHERE out_id = %s", doc["out_id"]) == [("manual",)],
             what="the staff reply recorded")
    # p3 asked a question whose KB answer carries a word p3 never wrote
    stack.add_kb(inbox["a"], "Do you treat chickenpox?", f"Yes, we treat chickenpox {answered} every day.",
                 "chickenpox")
    wamid = say(stack, inbox["a_phone"], p3, "Do you treat chickenpox?")
    wait_for(lambda: stack.sql("SELECT source FROM messages WHERE reply_to = %s AND body LIKE %s", wamid,
                               f"%{answered}%") == [("kb",)], what="the KB answer recorded")

    def hits(client, word):
        return {i["wa_id"] for i in conversations(client, f"?q={word}")["items"]}

    assert hits(c, said) == {p1}
    assert hits(c, staff.upper()) == {p2}
    assert hits(c, answered) == set()  # the old search, over every body, found p3 here
    assert hits(c, "chickenpox") == {p3}  # p3's own words still find p3
    b = signed_in(dashboard, inbox["b_staff"])
    assert hits(b, said) == {pb}
    assert hits(b, staff) == set() and hits(b, "chickenpox") == set()


# --- a conversation -----------------------------------------------------------------------------------------------
def test_messages_statuses_failed_words_media_and_interactive(stack, dashboard, inbox):
    c = signed_in(dashboard, inbox["a_staff"])
    p = new_number()
    say(stack, inbox["a_phone"], p, "hello")
    pid = patient_id(stack, inbox["a"], p)
    wait_for(lambda: stack.sql("SELECT count(*) FROM messages WHERE patient_id = %s AND direction = 'out'", pid)[0][0],
             what="the bot's welcome recorded")
    # what the sender and router record for other kinds of messages
    stack.sql("INSERT INTO messages (doctor_id, patient_id, direction, out_id, wa_id, type, body, payload, source,"
              " status, error_code, error_title) VALUES (%s, %s, 'out', %s, %s, 'text', 'are you there?',"
              " '{\"type\":\"text\",\"text\":{\"body\":\"are you there?\"}}', 'manual', 'failed', '131047',"
              " 'Re-engagement message')", inbox["a"], pid, "manual:" + uuid.uuid4().hex, p)
    stack.sql("INSERT INTO messages (doctor_id, patient_id, direction, wamid, wa_id, type, body, payload, status)"
              " VALUES (%s, %s, 'in', %s, %s, 'image', 'my rash', '{\"id\":\"MEDIA1\",\"mime_type\":\"image/jpeg\","
              "\"caption\":\"my rash\"}', 'routed')", inbox["a"], pid, new_wamid(), p)
    stack.sql("INSERT INTO messages (doctor_id, patient_id, direction, wamid, wa_id, type, body, payload, status)"
              " VALUES (%s, %s, 'in', %s, %s, 'interactive', 'Book',"
              " '{\"type\":\"button_reply\",\"button_reply\":{\"id\":\"book\",\"title\":\"Book\"}}', 'routed')",
              inbox["a"], pid, new_wamid(), p)
    status, doc = c.request("GET", f"/api/v1/conversations/{pid}/messages?limit=200")
    assert status == 200, doc
    items = doc["items"]
    assert [i["id"] for i in items] == sorted(i["id"] for i in items)  # oldest first
    assert items[0]["direction"] == "in" and items[0]["body"] == "hello" and items[0]["source"] is None
    failed = [i for i in items if i["status"] == "failed"][0]
    assert failed["error_code"] == "131047" and "24-hour window" in failed["error_text"]
    assert failed["source"] == "manual"
    image = [i for i in items if i["type"] == "image"][0]
    assert image["media"] == {"type": "image", "mime": "image/jpeg", "caption": "my rash", "filename": None,
                              "id": "MEDIA1", "url": None}  # url: the stored file (issue 17), none for MEDIA1
    button = [i for i in items if i["type"] == "interactive" and i["direction"] == "in"][0]
    assert button["interactive"] == {"reply_id": "book", "title": "Book"}
    bot = [i for i in items if i["direction"] == "out" and i["status"] != "failed"]
    assert bot and bot[0]["source"] in ("flow", "welcome", "kb", "ai")
    menu = [i for i in bot if i["type"] == "interactive"]  # the welcome menu's buttons, readable
    assert menu and menu[0]["interactive"]["text"] and len(menu[0]["interactive"]["options"]) >= 2, bot
    assert all(i["error_text"] is None for i in items if i["status"] != "failed")
    # pages, oldest first
    page1 = c.request("GET", f"/api/v1/conversations/{pid}/messages?limit=2")[1]
    page2 = c.request("GET", f"/api/v1/conversations/{pid}/messages?limit=2&cursor={page1['next_cursor']}")[1]
    assert [i["id"] for i in page1["items"] + page2["items"]] == [i["id"] for i in items][:4]
    # unknown and malformed ids
    assert c.request("GET", f"/api/v1/conversations/{uuid.uuid4()}/messages")[0] == 404
    assert c.request("GET", "/api/v1/conversations/not-a-uuid/messages")[0] == 404


# --- sending ------------------------------------------------------------------------------------------------------
def test_staff_text_reaches_graph_once_per_idempotency_key_and_is_audited(stack, dashboard, inbox):
    c = signed_in(dashboard, inbox["a_staff"])
    p = new_number()
    say(stack, inbox["a_phone"], p, "hello")
    pid = patient_id(stack, inbox["a"], p)
    text = "Your reports are ready " + uuid.uuid4().hex[:6]
    key = {"Idempotency-Key": "click-" + uuid.uuid4().hex}
    s1, d1 = c.request("POST", f"/api/v1/conversations/{pid}/messages", {"text": text}, headers=key)
    s2, d2 = c.request("POST", f"/api/v1/conversations/{pid}/messages", {"text": text}, headers=key)
    assert s1 == 202 and s2 == 202 and d1["out_id"] == d2["out_id"] and d1["out_id"].startswith("manual:")
    wait_for(lambda: [b for _, b in stack.graph_sends(p) if b.get("text", {}).get("body") == text],
             what="the staff reply at the Graph API")
    wait_for(lambda: stack.sql("SELECT source, status FROM messages WHERE out_id = %s", d1["out_id"]),
             what="the reply recorded")
    time.sleep(1.5)  # a second send, had there been one, would have reached the mock by now
    assert len([b for _, b in stack.graph_sends(p) if b.get("text", {}).get("body") == text]) == 1
    assert stack.sql("SELECT source, direction FROM messages WHERE out_id = %s", d1["out_id"]) == [("manual", "out")]
    # another key sends again
    s3, d3 = c.request("POST", f"/api/v1/conversations/{pid}/messages", {"text": text},
                       headers={"Idempotency-Key": "click-" + uuid.uuid4().hex})
    assert s3 == 202 and d3["out_id"] != d1["out_id"]
    wait_for(lambda: len([b for _, b in stack.graph_sends(p) if b.get("text", {}).get("body") == text]) == 2,
             what="the second send")
    # audited: who, to whom, which message; never the text
    rows = stack.sql("SELECT actor, target, after FROM audit_log WHERE doctor_id = %s AND action = 'message.send'"
                     " AND after->>'out_id' = %s", inbox["a"], d1["out_id"])
    assert len(rows) == 1
    actor, target, after = rows[0]
    assert actor == "user:" + inbox["a_staff"] and target == "patient:" + pid and after["kind"] == "text"
    assert text not in json.dumps(after)
    # invalid bodies
    for body in ({}, {"text": ""}, {"text": "x", "template": {"name": "a"}}, {"template": {"name": "bad name!"}},
                 {"text": "x" * 4097}):
        status, doc = c.request("POST", f"/api/v1/conversations/{pid}/messages", body)
        assert status == 422, (body, doc)


def test_text_outside_window_409_template_goes_opted_out_refused(stack, dashboard, inbox):
    c = signed_in(dashboard, inbox["a_staff"])
    p = new_number()
    say(stack, inbox["a_phone"], p, "hello")
    pid = patient_id(stack, inbox["a"], p)
    stack.sql("UPDATE patients SET last_inbound_at = now() - interval '25 hours' WHERE id = %s", pid)
    before = stack.redis.xlen("wa:out")
    status, doc = c.request("POST", f"/api/v1/conversations/{pid}/messages", {"text": "late reply"})
    assert status == 409 and doc["error"]["code"] == "window_closed"
    assert stack.redis.xlen("wa:out") == before  # nothing queued
    tpl = {"template": {"name": "appointment_reminder", "language": "en", "params": ["Asha", "Monday 10 am"]}}
    status, doc = c.request("POST", f"/api/v1/conversations/{pid}/messages", tpl)
    assert status == 202, doc
    sent = wait_for(lambda: [b for _, b in stack.graph_sends(p) if b.get("type") == "template"],
                    what="the template at the Graph API")
    assert sent[0]["template"]["name"] == "appointment_reminder"
    assert sent[0]["template"]["language"]["code"] == "en"
    assert [x["text"] for x in sent[0]["template"]["components"][0]["parameters"]] == ["Asha", "Monday 10 am"]
    # a failed send's window closing (131047) closes it as well
    stack.sql("UPDATE patients SET last_inbound_at = now() - interval '1 hour', window_closed_at = now() WHERE id = %s",
              pid)
    assert c.request("POST", f"/api/v1/conversations/{pid}/messages", {"text": "x"})[0] == 409
    # opted out: no clinic-initiated template; a reply inside the window is allowed
    stack.sql("UPDATE patients SET opted_out = true, last_inbound_at = now(), window_closed_at = NULL WHERE id = %s",
              pid)
    status, doc = c.request("POST", f"/api/v1/conversations/{pid}/messages", tpl)
    assert status == 409 and doc["error"]["code"] == "opted_out"
    assert c.request("POST", f"/api/v1/conversations/{pid}/messages", {"text": "answering you"})[0] == 202
    # a disabled clinic sends nothing (as `wactl send`)
    stack.sql("UPDATE doctors SET is_active = false WHERE id = %s", inbox["a"])
    try:
        status, doc = c.request("POST", f"/api/v1/conversations/{pid}/messages", {"text": "still there?"})
        assert status == 409 and doc["error"]["code"] == "clinic_disabled"
    finally:
        stack.sql("UPDATE doctors SET is_active = true WHERE id = %s", inbox["a"])


# --- handoff ------------------------------------------------------------------------------------------------------
def test_takeover_pauses_the_bot_and_release_resumes(stack, dashboard, inbox):
    c = signed_in(dashboard, inbox["a_staff"])
    p = new_number()
    say(stack, inbox["a_phone"], p, "hello")
    pid = patient_id(stack, inbox["a"], p)
    status, doc = c.request("POST", f"/api/v1/conversations/{pid}/handoff")
    assert status == 200 and doc["handoff"] is True and doc["paused_seconds"] > 3000
    key = f"wa:handoff:{inbox['a']}:{p}"
    assert stack.redis.get(key) == pid and stack.redis.ttl(key) > 3000  # the router's own pause
    assert stack.sql("SELECT reason, released_at IS NULL FROM handoffs WHERE patient_id = %s", pid) == [
        ("staff", True)]
    flags = {i["wa_id"]: i["flags"] for i in conversations(c, "?flag=handoff")["items"]}
    assert flags[p]["handoff"] is True
    w1 = say(stack, inbox["a_phone"], p, "What are your timings?")
    time.sleep(1.0)
    assert bot_replies(stack, p, w1) == []  # no automatic answer while staff have it
    assert c.request("DELETE", f"/api/v1/conversations/{pid}/handoff")[0] == 204
    assert not stack.redis.exists(key)
    assert stack.sql("SELECT released_at IS NOT NULL FROM handoffs WHERE patient_id = %s", pid) == [(True,)]
    assert p not in {i["wa_id"] for i in conversations(c, "?flag=handoff")["items"]}
    w2 = say(stack, inbox["a_phone"], p, "What are your timings?")
    reply = wait_for(lambda: bot_replies(stack, p, w2), what="the bot answering again")
    assert reply[0]["text"]["body"] == "Inbox A opens at 9."
    actions = [r[0] for r in stack.sql("SELECT action FROM audit_log WHERE doctor_id = %s AND target = %s ORDER BY id",
                                       inbox["a"], "patient:" + pid)]
    assert actions == ["handoff.take", "handoff.release"]


def metric(stack, name):
    status, body = http("GET", f"http://127.0.0.1:{stack.ops['dashboard']}/metrics")
    assert status == 200
    for line in body.decode().splitlines():
        if line.startswith(name + " "):
            return float(line.split()[1])
    return None


# --- live events --------------------------------------------------------------------------------------------------
class Events:
    """An open GET /api/v1/events; a thread collects its data lines."""

    def __init__(self, dashboard, client):
        self.conn = httpclient.HTTPConnection("127.0.0.1", dashboard.port, timeout=60)
        self.conn.request("GET", "/api/v1/events",
                          headers={"Cookie": "; ".join(f"{k}={v}" for k, v in client.cookies.items())})
        self.sock = self.conn.sock
        self.resp = self.conn.getresponse()
        assert self.resp.status == 200 and self.resp.headers["Content-Type"] == "text/event-stream"
        self.q, self.lines = queue.Queue(), []
        self.thread = threading.Thread(target=self._read, daemon=True)
        self.thread.start()

    def _read(self):
        try:
            while True:
                line = self.resp.readline()
                if not line:
                    break
                line = line.decode().rstrip("\n")
                self.lines.append(line)
                if line.startswith("data: "):
                    self.q.put(json.loads(line[6:]))
        except (OSError, ValueError, AttributeError, httpclient.HTTPException):  # AttributeError: closed
            pass

    def wait(self, pred, timeout=15):
        deadline = time.monotonic() + timeout
        seen = []
        while time.monotonic() < deadline:
            try:
                ev = self.q.get(timeout=max(0.05, deadline - time.monotonic()))
            except queue.Empty:
                break
            seen.append(ev)
            if pred(ev):
                return ev
        pytest.fail(f"no matching event within {timeout}s; got {seen}")

    def drain(self):
        out = []
        while not self.q.empty():
            out.append(self.q.get())
        return out

    def close(self):
        """Really goes away (the response object would keep the socket open)."""
        try:
            self.sock.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
        self.conn.close()


def test_events_live_for_the_clinic_and_never_for_another(stack, dashboard, inbox):
    a = signed_in(dashboard, inbox["a_staff"])
    b = signed_in(dashboard, inbox["b_staff"])
    ea, eb = Events(dashboard, a), Events(dashboard, b)
    try:
        wait_for(lambda: ": connected" in ea.lines and ": connected" in eb.lines, what="both streams open")
        p = new_number()
        say(stack, inbox["a_phone"], p, "hello live")
        pid = patient_id(stack, inbox["a"], p)
        ev = ea.wait(lambda e: e.get("type") == "message" and e.get("patient_id") == pid and
                     e.get("direction") == "in")
        assert set(ev) <= {"type", "patient_id", "direction", "status", "flag"}  # no text in events
        # the bot's answer is announced too, as are the statuses of what was sent
        ea.wait(lambda e: e.get("type") == "message" and e.get("patient_id") == pid and e.get("direction") == "out")
        # a delivery status, once the router applied it
        out_wamid = wait_for(lambda: (stack.sql("SELECT wamid FROM messages WHERE patient_id = %s AND direction = 'out'"
                                                " AND wamid IS NOT NULL", pid) or [[None]])[0][0], what="outbound wamid")
        statuses = {"field": "messages", "value": {
            "messaging_product": "whatsapp",
            "metadata": {"display_phone_number": inbox["a_phone"], "phone_number_id": "pn-" + inbox["a_phone"]},
            "statuses": [{"id": out_wamid, "status": "delivered", "timestamp": str(int(time.time())),
                          "recipient_id": p}]}}
        assert stack.post_webhook(webhook([statuses])) == 200
        ea.wait(lambda e: e == {"type": "status", "patient_id": pid, "status": "delivered"})
        assert stack.sql("SELECT status FROM messages WHERE wamid = %s", out_wamid) == [("delivered",)]
        # a takeover on any replica reaches every open page of the clinic
        assert a.request("POST", f"/api/v1/conversations/{pid}/handoff")[0] == 200
        ea.wait(lambda e: e.get("type") == "flag" and e.get("patient_id") == pid)
        assert a.request("DELETE", f"/api/v1/conversations/{pid}/handoff")[0] == 204
        ea.wait(lambda e: e.get("type") == "flag" and e.get("patient_id") == pid)
        # an emergency the ai service announces (wa:alerts) flags the conversation live
        stack.redis.xadd("wa:alerts", {"kind": "emergency", "doctor_id": inbox["a"], "wa_id": p,
                                       "wamid": new_wamid(), "category": "chest_pain", "lang": "en",
                                       "created_at": str(int(time.time() * 1000))})
        ea.wait(lambda e: e == {"type": "flag", "patient_id": pid, "flag": "emergency"})
        # clinic B's open page got nothing of A's
        time.sleep(0.5)
        assert eb.drain() == [], eb.lines
        # and B's own message reaches B, not A
        ea.drain()
        q = new_number()
        say(stack, inbox["b_phone"], q, "hello from B's patient")
        qid = patient_id(stack, inbox["b"], q)
        eb.wait(lambda e: e.get("type") == "message" and e.get("patient_id") == qid)
        time.sleep(0.5)
        assert all(e.get("patient_id") != qid for e in ea.drain())
        assert metric(stack, "wa_dashboard_event_streams") >= 2
    finally:
        ea.close()
        eb.close()
    # a page that goes away leaves nothing behind (at the latest at the next heartbeat's write)
    wait_for(lambda: metric(stack, "wa_dashboard_event_streams") == 0, timeout=25, what="event streams closed")
    # the SSE route refuses another clinic and the signed-out
    assert a.request("GET", f"/api/v1/events?doctor={inbox['b']}")[0] == 404
    assert dashboard.client().request("GET", "/api/v1/events")[0] == 401


def test_events_reach_a_page_open_on_another_replica(stack, dashboard, inbox):
    # Dashboards are stateless: a session made on one replica opens the live stream on another, and what happens
    # anywhere (a patient's message through the pipeline, a takeover made on the first replica) reaches it.
    second = start_dashboard(stack, tag="replica2")
    try:
        a = signed_in(dashboard, inbox["a_staff"])
        events = Events(second, a)
        try:
            wait_for(lambda: ": connected" in events.lines, what="the stream on the second replica")
            p = new_number()
            say(stack, inbox["a_phone"], p, "hello, second replica")
            pid = patient_id(stack, inbox["a"], p)
            events.wait(lambda e: e.get("type") == "message" and e.get("patient_id") == pid and
                        e.get("direction") == "in")
            assert a.request("POST", f"/api/v1/conversations/{pid}/handoff")[0] == 200  # on the first replica
            events.wait(lambda e: e.get("type") == "flag" and e.get("patient_id") == pid)
            assert a.request("DELETE", f"/api/v1/conversations/{pid}/handoff")[0] == 204
        finally:
            events.close()
    finally:
        stack.stop_service("dashboardreplica2")
