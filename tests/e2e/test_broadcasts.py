"""Broadcasts (issue 18): a school's teacher sends an approved template to one class through the dashboard's API; the
pump in wa-sender paces it into wa:out; the mock Graph API receives exactly one message per parent (the children's
names filled in), none for an opted-out parent or another class; statuses move the report; a 131050 becomes an
opt-out; a reply counts as replied; a scheduled broadcast goes at its time and a weekly one makes its next run;
pause, resume and cancel; a sender killed with SIGKILL mid-broadcast finishes it without a duplicate; the messaging
limit holds; a clinic's closed-tomorrow notice reaches the patients with an appointment tomorrow; and another
tenant's (or another class's) broadcasts answer 404.
"""
import datetime
import json
import signal
import time
import uuid
from zoneinfo import ZoneInfo

import pytest

from conftest import change, new_number, new_wamid, signed_in, start_dashboard, text_message, wait_for, webhook

BODY = "Dear parent of {{1}}: {{2}}"


@pytest.fixture(scope="module")
def dashboard(stack):
    """This module's own wa-dashboard, stopped at its end: the session's one is left to start later, with fresh
    connections (tests/e2e/test_chaos.py restarts Redis and PostgreSQL in between)."""
    d = start_dashboard(stack, tag="-bc")
    yield d
    stack.stop_service("dashboard-bc")


def make_tenant(stack, dashboard, kind="school", tag=None):
    tag = tag or uuid.uuid4().hex[:8]
    doc, phone = stack.add_doctor(f"Head {tag}", f"Sunrise {kind} {tag}")
    stack.sql("UPDATE doctors SET kind = %s WHERE id = %s", kind, doc)
    stack.sql("INSERT INTO templates (doctor_id, name, language, category, status, components) VALUES"
              " (%s, 'class_notice', 'en', 'UTILITY', 'APPROVED', %s::jsonb),"
              " (%s, 'newsletter', 'en', 'MARKETING', 'APPROVED', %s::jsonb),"
              " (%s, 'pending_one', 'en', 'UTILITY', 'PENDING', '[]')",
              doc, json.dumps([{"type": "BODY", "text": BODY}]), doc,
              json.dumps([{"type": "BODY", "text": "News for {{1}}"}]), doc)
    t = {"id": doc, "phone": phone, "tag": tag}
    t["admin"] = f"admin.{tag}@bc.test"
    dashboard.add_user(t["admin"], "school_admin" if kind == "school" else "clinic_admin", doc)
    return t


def add_group(stack, doc, name, kind="class"):
    return str(stack.sql("INSERT INTO groups (doctor_id, name, kind) VALUES (%s, %s, %s) RETURNING id",
                         doc, name, kind)[0][0])


def add_contact(stack, doc, name, groups=(), opted_in=True, opted_out=False, marketing_opt_out=False):
    """A contact (a patients row) in `groups`: [(group_id, child_name)]. Returns (patient_id, wa_id)."""
    wa = new_number()
    pid = str(stack.sql("INSERT INTO patients (doctor_id, wa_id, display_name, opted_in, opted_in_at, opt_in_source,"
                        " opted_out, marketing_opt_out) VALUES (%s, %s, %s, %s, now(), 'form', %s, %s) RETURNING id",
                        doc, wa, name, opted_in, opted_out, marketing_opt_out)[0][0])
    for g, child in groups:
        stack.sql("INSERT INTO group_members (group_id, patient_id, doctor_id, child_name) VALUES (%s, %s, %s, %s)",
                  g, pid, doc, child)
    return pid, wa


def params_of(body):
    comps = body["template"].get("components") or []
    return [p["text"] for p in comps[0]["parameters"]] if comps else []


def status_webhook(stack, phone, to, wamid, status, errors=None):
    st = {"id": wamid, "status": status, "timestamp": str(int(time.time())), "recipient_id": to}
    if errors:
        st["errors"] = errors
    value = {"messaging_product": "whatsapp",
             "metadata": {"display_phone_number": phone, "phone_number_id": "pn-" + phone}, "statuses": [st]}
    assert stack.post_webhook(webhook([{"field": "messages", "value": value}])) == 200


def report(c, bid, query=""):
    status, doc = c.request("GET", f"/api/v1/broadcasts/{bid}{query}")
    assert status == 200, doc
    return doc


def wait_counts(c, bid, what, pred, timeout=20):
    return wait_for(lambda: (lambda d: d if pred(d["counts"]) else None)(report(c, bid)), timeout=timeout, what=what)


VARS = [{"source": "child_name"}, {"source": "text", "text": "school is closed on Friday"}]


@pytest.fixture(scope="module")
def school(stack, dashboard):
    t = make_tenant(stack, dashboard)
    doc = t["id"]
    t["1a"], t["2b"] = add_group(stack, doc, "Class 1A"), add_group(stack, doc, "Class 2B")
    t["asha"] = add_contact(stack, doc, "Asha's mother", [(t["1a"], "Asha"), (t["1a"], "Ravi")])
    t["bina"] = add_contact(stack, doc, "Bina Rao", [(t["1a"], "Kabir")])
    t["both"] = add_contact(stack, doc, "Chitra Nair", [(t["1a"], "Meena"), (t["2b"], "Kiran")])
    t["stop"] = add_contact(stack, doc, "Dev (wrote STOP)", [(t["1a"], "Isha")], opted_out=True)
    t["noconsent"] = add_contact(stack, doc, "Esha (no opt-in)", [(t["1a"], "Tara")], opted_in=False)
    t["other"] = add_contact(stack, doc, "Farah (2B only)", [(t["2b"], "Zoya")])
    t["teacher"] = f"teacher.{t['tag']}@bc.test"
    uid = dashboard.add_user(t["teacher"], "teacher", doc)
    uid = str(stack.sql("SELECT id FROM users WHERE lower(email) = lower(%s)", t["teacher"])[0][0])
    stack.sql("INSERT INTO user_groups (user_id, group_id, doctor_id) VALUES (%s, %s, %s)", uid, t["1a"], doc)
    return t


def test_a_teacher_broadcasts_to_one_class_once_per_parent_with_the_childrens_names(stack, dashboard, school):
    t = school
    c = signed_in(dashboard, t["teacher"])
    compose = {"name": "Friday closure", "template": {"name": "class_notice", "language": "en"},
               "variables": VARS, "group_ids": [t["1a"]]}

    # preview: 3 parents (Asha's mother once for two children), the STOP and the missing opt-in skipped
    status, pv = c.request("POST", "/api/v1/broadcasts/preview", compose)
    assert status == 200, pv
    assert pv["recipients"] == 3 and pv["skipped_opted_out"] == 2 and pv["skipped_duplicate"] == 1, pv
    assert pv["sample"]["text"].startswith("Dear parent of ") and "closed on Friday" in pv["sample"]["text"]

    # a class that is not the teacher's is not there for them
    status, doc = c.request("POST", "/api/v1/broadcasts/preview", dict(compose, group_ids=[t["2b"]]))
    assert status == 404, doc
    status, doc = c.request("POST", "/api/v1/broadcasts", dict(compose, group_ids=[t["1a"], t["2b"]]))
    assert status == 404, doc
    # a template that is not approved is refused with a reason
    status, doc = c.request("POST", "/api/v1/broadcasts", dict(compose, template={"name": "pending_one"}))
    assert status == 422 and "template" in doc["error"]["fields"], doc

    # a test to myself
    me = new_number()
    status, doc = c.request("POST", "/api/v1/broadcasts/test", dict(compose, to="+" + me))
    assert status == 202, doc
    test_body = stack.replies_to(me)[0]
    assert test_body["template"]["name"] == "class_notice"

    status, b = c.request("POST", "/api/v1/broadcasts", compose)
    assert status == 201, b
    bid = b["id"]
    assert b["state"] == "running" and b["counts"]["recipients"] == 3 and b["counts"]["opted_out"] == 2

    asha = stack.replies_to(t["asha"][1])
    bina = stack.replies_to(t["bina"][1])
    both = stack.replies_to(t["both"][1])
    assert params_of(asha[0]) == ["Asha, Ravi", "school is closed on Friday"]
    assert params_of(bina[0]) == ["Kabir", "school is closed on Friday"]
    assert params_of(both[0])[0] == "Meena"  # only the child in the chosen class
    done = wait_for(lambda: (lambda d: d if d["state"] == "done" else None)(report(c, bid)), what="broadcast done")
    assert done["counts"]["sent"] == 3
    time.sleep(1.0)
    for key in ("asha", "bina", "both"):
        assert len(stack.graph_sends(t[key][1])) == 1, key  # exactly one message per parent
    for key in ("stop", "noconsent", "other"):
        assert stack.graph_sends(t[key][1]) == [], key
    t["bid"] = bid

    # statuses move the report; a 131050 is an opt-out; a reply counts
    rows = dict(stack.sql("SELECT wa_id, wamid FROM broadcast_recipients WHERE broadcast_id = %s AND wamid IS NOT NULL",
                          bid))
    status_webhook(stack, t["phone"], t["asha"][1], rows[t["asha"][1]], "delivered")
    status_webhook(stack, t["phone"], t["bina"][1], rows[t["bina"][1]], "read")
    status_webhook(stack, t["phone"], t["both"][1], rows[t["both"][1]], "failed",
                   [{"code": 131050, "title": "User has opted out of marketing messages"}])
    d = wait_counts(c, bid, "statuses applied", lambda n: n["failed"] == 1 and n["delivered"] == 2)
    assert d["counts"]["read"] == 1 and d["counts"]["opted_out"] == 3, d["counts"]
    assert stack.sql("SELECT marketing_opt_out FROM patients WHERE id = %s", t["both"][0]) == [(True,)]
    failed = report(c, bid, "?state=failed")["recipients"]
    assert len(failed) == 1 and failed[0]["error_code"] == "131050" and "stopped marketing" in failed[0]["error"]

    msg = text_message(t["asha"][1], "Thank you, noted", new_wamid(), name="Asha's mother")
    assert stack.post_webhook(webhook([change(t["phone"], "pn-" + t["phone"], [msg])])) == 200
    wait_counts(c, bid, "replied", lambda n: n["replied"] == 1)
    # the parent's reply is a conversation like a patient's: in the inbox, and answered (not by the broadcast)
    answer = stack.replies_to(t["asha"][1], count=2)[-1]
    assert answer["type"] == "text" and answer["text"]["body"], answer
    status, conv = c.request("GET", f"/api/v1/conversations/{t['asha'][0]}/messages")
    assert status == 200, conv
    bodies = [(m["direction"], m["body"], m["source"]) for m in conv["items"]]
    asked = bodies.index(("in", "Thank you, noted", None))
    assert any(d == "out" and src in ("kb", "ai", "fallback") for d, _, src in bodies[asked + 1:]), bodies

    # CSV export of the recipients
    status, csv = c.request("GET", f"/api/v1/broadcasts/{bid}", headers={"Accept": "text/csv"})
    assert status == 200 and c.last_headers["Content-Type"].startswith("text/csv")
    lines = csv.decode().strip().split("\n")
    assert lines[0].startswith("wa_id,name,child_names,state") and len(lines) == 1 + 5
    assert any('"Asha, Ravi"' in ln and '"delivered"' in ln for ln in lines)

    # the next marketing newsletter skips the one who stopped marketing (131050)
    status, pv = c.request("POST", "/api/v1/broadcasts/preview",
                           {"template": {"name": "newsletter"}, "variables": [{"source": "contact_name"}],
                            "group_ids": [t["1a"]]})
    assert status == 200 and pv["recipients"] == 2 and pv["skipped_opted_out"] == 3, pv


def test_teachers_see_only_their_classes_broadcasts_and_other_tenants_get_404(stack, dashboard, school):
    t = school
    admin = signed_in(dashboard, t["admin"])
    status, b = admin.request("POST", "/api/v1/broadcasts",
                              {"template": {"name": "class_notice"}, "variables": VARS, "group_ids": [t["2b"]],
                               "when": "draft"})
    assert status == 201 and b["state"] == "draft", b
    teacher = signed_in(dashboard, t["teacher"])
    status, lst = teacher.request("GET", "/api/v1/broadcasts")
    assert status == 200 and b["id"] not in [x["id"] for x in lst["items"]]
    assert teacher.request("GET", f"/api/v1/broadcasts/{b['id']}")[0] == 404
    assert teacher.request("POST", f"/api/v1/broadcasts/{b['id']}/cancel")[0] == 404
    status, lst = admin.request("GET", "/api/v1/broadcasts")
    assert b["id"] in [x["id"] for x in lst["items"]]

    other = make_tenant(stack, dashboard)
    o = signed_in(dashboard, other["admin"])
    assert o.request("GET", f"/api/v1/broadcasts/{b['id']}")[0] == 404
    assert o.request("GET", f"/api/v1/broadcasts/{b['id']}", headers={"Accept": "text/csv"})[0] == 404
    for action in ("pause", "resume", "cancel"):
        assert o.request("POST", f"/api/v1/broadcasts/{b['id']}/{action}")[0] == 404
    status, doc = o.request("POST", "/api/v1/broadcasts",
                            {"template": {"name": "class_notice"}, "group_ids": [t["1a"]]})
    assert status == 404, doc  # another tenant's group
    status, doc = o.request("POST", "/api/v1/broadcasts/preview",
                            {"template": {"name": "class_notice"}, "group_ids": [t["1a"]]})
    assert status == 404, doc
    status, lst = o.request("GET", "/api/v1/broadcasts")
    assert status == 200 and lst["items"] == []
    assert admin.request("POST", f"/api/v1/broadcasts/{b['id']}/cancel")[0] == 200
    assert admin.request("POST", f"/api/v1/broadcasts/{b['id']}/resume")[0] == 409


def local_in(seconds, tz="Asia/Kolkata"):
    return (datetime.datetime.now(ZoneInfo(tz)) + datetime.timedelta(seconds=seconds)).strftime("%Y-%m-%dT%H:%M:%S")


def test_a_scheduled_broadcast_goes_at_its_time_and_a_weekly_one_makes_its_next_run(stack, dashboard):
    t = make_tenant(stack, dashboard)
    g = add_group(stack, t["id"], "All parents", "list")
    _, wa = add_contact(stack, t["id"], "Gita", [(g, "Om")])
    c = signed_in(dashboard, t["admin"])
    status, b = c.request("POST", "/api/v1/broadcasts",
                          {"template": {"name": "class_notice"}, "variables": VARS, "group_ids": [g],
                           "when": "scheduled", "scheduled_at": local_in(5)})
    assert status == 201 and b["state"] == "scheduled" and b["counts"]["recipients"] == 1, b
    time.sleep(2.0)
    assert stack.graph_sends(wa) == [], "sent before its time"
    stack.replies_to(wa, timeout=20)
    row = stack.sql("SELECT started_at >= scheduled_at, state FROM broadcasts WHERE id = %s", b["id"])[0]
    assert row[0] is True

    # weekly: the first run on the next Monday at 09:00 local; starting it creates the run a week later
    status, w = c.request("POST", "/api/v1/broadcasts",
                          {"template": {"name": "class_notice"}, "variables": VARS, "group_ids": [g],
                           "when": "weekly", "recurrence": {"weekly": {"day": 1, "time": "09:00"}}})
    assert status == 201 and w["state"] == "scheduled", w
    first = datetime.datetime.fromisoformat(w["scheduled_at"]).astimezone(ZoneInfo("Asia/Kolkata"))
    assert first.isoweekday() == 1 and first.strftime("%H:%M") == "09:00"
    stack.sql("UPDATE broadcasts SET scheduled_at = now() - interval '1 second' WHERE id = %s", w["id"])
    wait_for(lambda: len(stack.graph_sends(wa)) == 2, what="the weekly run sent")
    nxt = wait_for(lambda: stack.sql("SELECT scheduled_at, state FROM broadcasts WHERE previous_id = %s", w["id"]),
                   what="the next weekly run")
    assert nxt[0][1] == "scheduled"
    when = nxt[0][0].astimezone(ZoneInfo("Asia/Kolkata"))
    assert when.isoweekday() == 1 and when.strftime("%H:%M") == "09:00" and when > datetime.datetime.now(
        datetime.timezone.utc)


def test_a_clinics_closed_tomorrow_notice_reaches_the_patients_with_appointments_tomorrow(stack, dashboard):
    t = make_tenant(stack, dashboard, kind="clinic")
    tz = ZoneInfo("Asia/Kolkata")
    tomorrow = (datetime.datetime.now(tz) + datetime.timedelta(days=1)).date()
    people = {}
    for name, day in (("Hari", 1), ("Indu", 1), ("Jaya", 2)):
        pid, wa = add_contact(stack, t["id"], name, opted_in=False)  # booked on WhatsApp: no broadcast opt-in
        slot = datetime.datetime.combine(tomorrow + datetime.timedelta(days=day - 1), datetime.time(11, 0), tz)
        stack.sql("INSERT INTO appointments (doctor_id, patient_id, slot_start) VALUES (%s, %s, %s)",
                  t["id"], pid, slot)
        people[name] = wa
    c = signed_in(dashboard, t["admin"])
    status, b = c.request("POST", "/api/v1/broadcasts",
                          {"name": "Closed tomorrow", "template": {"name": "class_notice"},
                           "variables": [{"source": "contact_name"}, {"source": "text", "text": "we are closed"}],
                           "appointments_on": tomorrow.isoformat()})
    assert status == 201 and b["counts"]["recipients"] == 2, b
    hari = stack.replies_to(people["Hari"])
    stack.replies_to(people["Indu"])
    assert params_of(hari[0]) == ["Hari", "we are closed"]
    time.sleep(1.0)
    assert stack.graph_sends(people["Jaya"]) == []


def test_the_messaging_limit_holds_the_rest_back(stack, dashboard):
    t = make_tenant(stack, dashboard)
    stack.sql("UPDATE doctors SET whatsapp_messaging_limit = '2' WHERE id = %s", t["id"])
    g = add_group(stack, t["id"], "Class 3C")
    was = [add_contact(stack, t["id"], f"P{i}", [(g, f"C{i}")])[1] for i in range(3)]
    c = signed_in(dashboard, t["admin"])
    status, b = c.request("POST", "/api/v1/broadcasts",
                          {"template": {"name": "class_notice"}, "variables": VARS, "group_ids": [g]})
    assert status == 201, b
    wait_counts(c, b["id"], "two sent", lambda n: n["sent"] == 2)
    time.sleep(2.0)
    d = report(c, b["id"])
    assert d["counts"]["sent"] == 2 and d["counts"]["pending"] == 1 and d["state"] == "running", d
    assert sum(len(stack.graph_sends(w)) for w in was) == 2
    stack.sql("UPDATE doctors SET whatsapp_messaging_limit = 'TIER_UNLIMITED' WHERE id = %s", t["id"])
    wait_counts(c, b["id"], "the third sent once the limit rose", lambda n: n["sent"] == 3)


@pytest.fixture
def slow_sender(stack):
    """The sender at 4 sends a second (a broadcast gets 2 a second), so a broadcast is still under way when acted
    on; recipients left queued are written again after 2 s. The usual sender is back afterwards."""
    stack.stop_service("sender")
    stack.start_service("sender", {"SENDER_RATE_PER_S": "4", "BROADCAST_REQUEUE_S": "2"})
    yield
    stack.stop_service("sender")
    stack.start_service("sender")


def sent_count(stack, was):
    return sum(len(stack.graph_sends(w)) for w in was)


def test_pause_resume_and_cancel(stack, dashboard, slow_sender):
    t = make_tenant(stack, dashboard)
    g = add_group(stack, t["id"], "Class 4D")
    was = [add_contact(stack, t["id"], f"Q{i}", [(g, f"K{i}")])[1] for i in range(8)]
    c = signed_in(dashboard, t["admin"])
    status, b = c.request("POST", "/api/v1/broadcasts",
                          {"template": {"name": "class_notice"}, "variables": VARS, "group_ids": [g]})
    assert status == 201, b
    wait_for(lambda: sent_count(stack, was) >= 1, what="first sends")
    status, p = c.request("POST", f"/api/v1/broadcasts/{b['id']}/pause")
    assert status == 200 and p["state"] == "paused", p
    time.sleep(1.5)  # what was already in wa:out drains
    held = sent_count(stack, was)
    time.sleep(2.0)
    assert sent_count(stack, was) == held < 8
    assert c.request("POST", f"/api/v1/broadcasts/{b['id']}/pause")[0] == 409
    status, r = c.request("POST", f"/api/v1/broadcasts/{b['id']}/resume")
    assert status == 200 and r["state"] == "running"
    wait_for(lambda: (lambda d: d if d["state"] == "done" else None)(report(c, b["id"])), timeout=30, what="done")
    assert sent_count(stack, was) == 8 and all(len(stack.graph_sends(w)) == 1 for w in was)

    was2 = [add_contact(stack, t["id"], f"R{i}", [(g, f"L{i}")])[1] for i in range(8)]
    g2 = add_group(stack, t["id"], "Class 5E")
    for w in was2:
        stack.sql("INSERT INTO group_members (group_id, patient_id, doctor_id, child_name) SELECT %s, id, doctor_id, 'x'"
                  " FROM patients WHERE doctor_id = %s AND wa_id = %s", g2, t["id"], w)
    status, b2 = c.request("POST", "/api/v1/broadcasts",
                           {"template": {"name": "class_notice"}, "variables": VARS, "group_ids": [g2]})
    assert status == 201
    wait_for(lambda: sent_count(stack, was2) >= 1, what="first sends of the second")
    status, x = c.request("POST", f"/api/v1/broadcasts/{b2['id']}/cancel")
    assert status == 200 and x["state"] == "cancelled"
    time.sleep(1.5)
    held = sent_count(stack, was2)
    time.sleep(2.0)
    assert sent_count(stack, was2) == held < 8
    assert c.request("POST", f"/api/v1/broadcasts/{b2['id']}/resume")[0] == 409
    audit = stack.sql("SELECT action FROM audit_log WHERE doctor_id = %s AND action LIKE 'broadcast.%%' ORDER BY id",
                      t["id"])
    assert [a for (a,) in audit] == ["broadcast.create", "broadcast.pause", "broadcast.resume", "broadcast.create",
                                     "broadcast.cancel"]


def test_a_broadcast_interrupted_by_killing_the_services_finishes_without_duplicates(stack, dashboard, slow_sender):
    t = make_tenant(stack, dashboard)
    g = add_group(stack, t["id"], "Class 6F")
    was = [add_contact(stack, t["id"], f"S{i}", [(g, f"M{i}")])[1] for i in range(12)]
    c = signed_in(dashboard, t["admin"])
    status, b = c.request("POST", "/api/v1/broadcasts",
                          {"template": {"name": "class_notice"}, "variables": VARS, "group_ids": [g]})
    assert status == 201, b
    wait_for(lambda: sent_count(stack, was) >= 3, what="a few sends")
    for name in ("sender", "router", "ai"):  # every pipeline service, the pump's own first
        stack.stop_service(name, sig=signal.SIGKILL)
    mid = sent_count(stack, was)
    assert mid < 12, "the broadcast finished before the kill: nothing was interrupted"
    stack.start_service("router")
    stack.start_service("ai")
    stack.start_service("sender", {"SENDER_RATE_PER_S": "4", "BROADCAST_REQUEUE_S": "2"})
    wait_for(lambda: (lambda d: d if d["state"] == "done" else None)(report(c, b["id"])), timeout=45,
             what="done after the restart")
    time.sleep(1.0)
    counts = [len(stack.graph_sends(w)) for w in was]
    assert counts == [1] * 12, counts


def test_wactl_broadcast_create_list_show_pause_resume_cancel(stack, dashboard):
    t = make_tenant(stack, dashboard)
    g = add_group(stack, t["id"], "Class 7G")
    _, wa1 = add_contact(stack, t["id"], "Uma", [(g, "Nila")])
    _, wa2 = add_contact(stack, t["id"], "Vik", [(g, "Arun")], opted_out=True)
    bid = stack.wactl("broadcast", "create", "--doctor", "+" + t["phone"], "--template", "class_notice",
                      "--group", "class 7g", "--var", "child_name", "--var", "text:sports day on Monday").strip()
    uuid.UUID(bid)
    body = stack.replies_to(wa1)[0]
    assert params_of(body) == ["Nila", "sports day on Monday"]
    shown = wait_for(lambda: (lambda d: d if d["state"] == "done" else None)(
        json.loads(stack.wactl("broadcast", "show", bid, "--recipients", "--json"))), what="done")
    assert shown["counts"]["sent"] == 1 and shown["counts"]["opted_out"] == 1
    assert {r["wa_id"]: r["state"] for r in shown["recipients"]} == {wa1: "sent", wa2: "skipped_opted_out"}
    assert stack.graph_sends(wa2) == []
    assert bid in stack.wactl("broadcast", "list", "--doctor", t["id"])

    # a draft, started with resume, then a scheduled one paused and cancelled
    draft = json.loads(stack.wactl("broadcast", "create", "--doctor", t["id"], "--template", "class_notice",
                                   "--group", g, "--var", "contact_name", "--var", "text:x", "--draft", "--json"))
    assert draft["state"] == "draft"
    later = stack.wactl("broadcast", "create", "--doctor", t["id"], "--template", "class_notice", "--group", g,
                        "--var", "contact_name", "--var", "text:y", "--at", local_in(3600)[:16].replace("T", " "))
    later = later.strip()
    assert json.loads(stack.wactl("broadcast", "pause", later, "--json"))["state"] == "paused"
    assert json.loads(stack.wactl("broadcast", "resume", later, "--json"))["state"] == "scheduled"
    assert json.loads(stack.wactl("broadcast", "cancel", later, "--json"))["state"] == "cancelled"
    r = stack.wactl("broadcast", "resume", later, check=False)
    assert r.returncode == 1 and "does not allow" in r.stderr
    r = stack.wactl("broadcast", "create", "--doctor", t["id"], "--template", "pending_one", "--group", g,
                    check=False)
    assert r.returncode == 1 and "approved template" in r.stderr
    r = stack.wactl("broadcast", "create", "--doctor", t["id"], "--template", "class_notice", "--group", "nope",
                    check=False)
    assert r.returncode == 1 and "not a group" in r.stderr
    assert json.loads(stack.wactl("broadcast", "resume", draft["id"], "--json"))["state"] == "running"
    wait_for(lambda: len(stack.graph_sends(wa1)) == 2, what="the draft, started, sent")


def test_broadcasts_work_with_the_services_own_pg_roles_and_redis_users(stack, dashboard):
    """025's grants and the ACL are enough: wa-dashboard as wa_dashboard_login composes, previews, plans and steers;
    wa-sender as wa_sender_login (its pump) starts, claims, paces and sends."""
    import os
    from conftest import ACL_PREFIX, REDIS_SERVICE_PASSWORDS, ROOT, start_dashboard
    pws = {s: f"e2e-bc-{s}-{uuid.uuid4().hex[:8]}" for s in ("ingress", "router", "ai", "sender", "dashboard")}
    stack.wactl("migrate", "--login-roles", "--dir", os.path.join(ROOT, "deploy/migrations"),
                env={f"PG_PASSWORD_{s.upper()}": pw for s, pw in pws.items()})
    roles = {s: f"postgresql://wa_{s}_login:{pw}@127.0.0.1:{stack.pg_port}/wa" for s, pw in pws.items()}
    t = make_tenant(stack, dashboard)
    g = add_group(stack, t["id"], "Class LP")
    _, wa = add_contact(stack, t["id"], "Lata", [(g, "Neel")])
    redis_url = "redis://wa-{svc}:{pw}@127.0.0.1:" + str(stack.redis_port) + "/0"
    stack.stop_service("sender")
    try:
        stack.start_service("sender", {"WA_REDIS_PREFIX": ACL_PREFIX, "DATABASE_URL": roles["sender"],
                                       "REDIS_URL": redis_url.format(svc="sender",
                                                                     pw=REDIS_SERVICE_PASSWORDS["sender"])},
                            tag="-lp")
        d = start_dashboard(stack, tag="-lp", WA_REDIS_PREFIX=ACL_PREFIX, DATABASE_URL=roles["dashboard"],
                            REDIS_URL=redis_url.format(svc="dashboard", pw=REDIS_SERVICE_PASSWORDS["dashboard"]))
        c = signed_in(d, t["admin"])
        compose = {"template": {"name": "class_notice"}, "variables": VARS, "group_ids": [g]}
        status, pv = c.request("POST", "/api/v1/broadcasts/preview", compose)
        assert status == 200 and pv["recipients"] == 1, pv
        status, b = c.request("POST", "/api/v1/broadcasts", dict(compose, when="scheduled",
                                                                 scheduled_at=local_in(2)))
        assert status == 201, b
        assert params_of(stack.replies_to(wa, timeout=30)[0]) == ["Neel", "school is closed on Friday"]
        done = wait_for(lambda: (lambda r: r if r["state"] == "done" else None)(report(c, b["id"])), what="done")
        assert done["counts"]["sent"] == 1
        status, lst = c.request("GET", "/api/v1/broadcasts")
        assert status == 200 and lst["items"][0]["id"] == b["id"]
    finally:
        stack.stop_service("sender-lp")
        stack.stop_service("dashboard-lp")
        stack.start_service("sender")


def test_a_131050_answered_at_send_time_fails_the_recipient_as_opted_out(stack, dashboard):
    t = make_tenant(stack, dashboard)
    g = add_group(stack, t["id"], "Newsletter")
    p_stop, wa_stop = add_contact(stack, t["id"], "Kiran", [(g, "")])
    _, wa_ok = add_contact(stack, t["id"], "Leela", [(g, "")])
    stack.mock_config({"api": "graph", "errors": [{"code": 131050, "http_status": 400, "to": wa_stop}]})
    try:
        c = signed_in(dashboard, t["admin"])
        status, b = c.request("POST", "/api/v1/broadcasts", {"template": {"name": "newsletter"},
                                                              "variables": [{"source": "contact_name"}],
                                                              "group_ids": [g]})
        assert status == 201 and b["template"]["category"] == "MARKETING", b
        stack.replies_to(wa_ok)
        # the sender records a group's sends after all of its Graph calls are answered (services/sender/sender.c,
        # phase 6): the mock holding the other send does not mean it is recorded yet, so wait for both outcomes
        d = wait_counts(c, b["id"], "the refused send and the other recorded",
                        lambda n: n["failed"] == 1 and n["sent"] == 1)
        assert d["counts"]["opted_out"] == 1 and d["counts"]["sent"] == 1, d["counts"]
        [r] = report(c, b["id"], "?state=opted_out")["recipients"]
        assert r["wa_id"] == wa_stop and r["error_code"] == "131050" and "stopped marketing" in r["error"]
        wait_for(lambda: report(c, b["id"])["state"] == "done", what="done")
        wait_for(lambda: stack.sql("SELECT marketing_opt_out FROM patients WHERE id = %s", p_stop) == [(True,)],
                 what="the contact opted out of marketing")
    finally:
        stack.mock_config({"api": "graph"})


def test_a_recipient_claimed_by_a_pump_that_died_before_its_xadd_is_sent_once(stack, dashboard, slow_sender):
    """A pump killed between its claim (the row queued) and its XADD: the row is written again after
    BROADCAST_REQUEUE_S (2 s here) with the same out_id; one already sent is settled from its record, not resent."""
    t = make_tenant(stack, dashboard)
    g = add_group(stack, t["id"], "Class 8H")
    (pa, wa_a), (_, wa_b) = add_contact(stack, t["id"], "Mala", [(g, "Ishan")]), \
        add_contact(stack, t["id"], "Nita", [(g, "Ojas")])
    c = signed_in(dashboard, t["admin"])
    status, b = c.request("POST", "/api/v1/broadcasts", {"template": {"name": "class_notice"}, "variables": VARS,
                                                          "group_ids": [g], "when": "scheduled",
                                                          "scheduled_at": local_in(86400)})
    assert status == 201 and b["counts"]["pending"] == 2, b
    # as a pump leaves it when it dies right after its claim: A queued a while ago, nothing in wa:out
    stack.sql("UPDATE broadcast_recipients SET state = 'queued', queued_at = now() - interval '1 minute'"
              " WHERE broadcast_id = %s AND patient_id = %s", b["id"], pa)
    stack.sql("UPDATE broadcasts SET state = 'running', started_at = now() WHERE id = %s", b["id"])
    stack.replies_to(wa_a, timeout=20)
    stack.replies_to(wa_b, timeout=20)
    wait_for(lambda: report(c, b["id"])["state"] == "done", what="done")
    # A's row back to queued (its send recorded): settled from the record, not sent again
    stack.sql("UPDATE broadcast_recipients SET state = 'queued', queued_at = now() - interval '1 minute'"
              " WHERE broadcast_id = %s AND patient_id = %s", b["id"], pa)
    stack.sql("UPDATE broadcasts SET state = 'running' WHERE id = %s", b["id"])
    wait_for(lambda: report(c, b["id"])["state"] == "done", timeout=20, what="settled and done again")
    time.sleep(1.0)
    assert len(stack.graph_sends(wa_a)) == 1 and len(stack.graph_sends(wa_b)) == 1
    assert stack.sql("SELECT state FROM broadcast_recipients WHERE broadcast_id = %s AND patient_id = %s",
                     b["id"], pa) == [("sent",)]
