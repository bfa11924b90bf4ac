"""Reports and analytics (issue 17; services/dashboard/reports.c): GET /api/v1/reports/{name}?from=&to=.

A report matches the counts of the messages this test sends through the real pipeline (webhooks in, answers out);
every report's definitions are checked on a day of hand-made rows (known times, sources, statuses, prices); CSV is
the same table as JSON; the period is days of the clinic's time zone; bad names and periods answer 404/400 with the
field; another clinic's rows are never counted; staff and API tokens may read; the operator reads one clinic or all.
"""
import csv
import io
import json
import os
import subprocess
import uuid

import pytest

from conftest import (ACL_PREFIX, BIN, REDIS_SERVICE_PASSWORDS, change, new_number, new_wamid, signed_in,
                      start_dashboard, text_message, wait_for, webhook)
from test_least_privilege import login_roles  # noqa: F401 (a fixture: the services' own PostgreSQL login roles)

REPORTS = ("messages", "sources", "unanswered", "first-answer", "staff-response", "appointments", "queue",
           "referrals", "emergencies", "cost")


@pytest.fixture(scope="module")
def rw(stack, dashboard):
    tag = uuid.uuid4().hex[:8]
    a_id, a_phone = stack.add_doctor("Dr. Report A", f"Report A {tag}")
    b_id, b_phone = stack.add_doctor("Dr. Report B", f"Report B {tag}")
    d_id, _ = stack.add_doctor("Dr. Report D", f"Report D {tag}")
    stack.add_kb(a_id, "What are your timings?", "Report A opens at 9.", "timings hours")
    w = {"tag": tag, "a": a_id, "a_phone": a_phone, "b": b_id, "b_phone": b_phone, "d": d_id}
    for who, role, doc in (("a_staff", "staff", a_id), ("a_admin", "clinic_admin", a_id), ("b_staff", "staff", b_id),
                           ("d_staff", "staff", d_id), ("op", "operator", None)):
        w[who] = f"{who}.{tag}@reports.test"
        dashboard.add_user(w[who], role, doc)
    return w


def report(c, name, query=""):
    status, doc = c.request("GET", f"/api/v1/reports/{name}{query}")
    assert status == 200, (name, query, status, doc)
    return doc


def rows(doc, key):
    return {r[key]: r for r in doc["rows"]}


def today(stack, tz="Asia/Kolkata"):
    return stack.sql("SELECT to_char((now() AT TIME ZONE %s)::date, 'YYYY-MM-DD')", tz)[0][0]


def say(stack, phone, patient, text):
    wamid = new_wamid()
    assert stack.post_webhook(webhook([change(phone, "pn-" + phone, [text_message(patient, text, wamid)])])) == 200
    return wamid


# --- through the real pipeline --------------------------------------------------------------------------------------
def test_report_matches_the_messages_sent_through_the_pipeline(stack, dashboard, rw):
    p1, p2, pb = new_number(), new_number(), new_number()
    sent = [say(stack, rw["a_phone"], p1, "What are your timings?"),
            say(stack, rw["a_phone"], p2, "what are the timings"),
            say(stack, rw["a_phone"], p1, "Do you sell spectacles?"),
            say(stack, rw["a_phone"], p2, "do you sell  SPECTACLES")]
    b_sent = [say(stack, rw["b_phone"], pb, "hello b"), say(stack, rw["b_phone"], pb, "anything for b")]
    # every message answered and the answers recorded (the sender writes them once Graph accepted them)
    for wamid in sent + b_sent:
        wait_for(lambda: stack.sql("SELECT count(*) FROM messages WHERE reply_to = %s AND direction = 'out'",
                                   wamid)[0][0] >= 1, timeout=30, what=f"an answer to {wamid}")
    day = today(stack)
    c = signed_in(dashboard, rw["a_staff"])
    doc = report(c, "messages", f"?from={day}&to={day}")
    assert doc["from"] == doc["to"] == day and doc["time_zone"] == "Asia/Kolkata" and doc["doctor_id"] == rw["a"]
    assert doc["columns"] == ["day", "in", "out"]
    assert doc["rows"] == [{"day": day, "in": 4,
                            "out": stack.sql("SELECT count(*) FROM messages WHERE doctor_id = %s AND direction = 'out'",
                                             rw["a"])[0][0]}]
    assert doc["rows"][0]["out"] >= 4
    # the answers by source: the two timing questions by the knowledge base, the others not
    src = {r["source"]: r["answers"] for r in report(c, "sources", f"?from={day}&to={day}")["rows"]}
    assert src == dict(stack.sql("SELECT coalesce(source, 'unknown'), count(*) FROM messages WHERE doctor_id = %s"
                                 " AND direction = 'out' GROUP BY 1", rw["a"]))
    assert src.get("kb") == 2
    # the spectacles question twice, the same once normalised (case, punctuation, spaces); never a timing one
    un = report(c, "unanswered", f"?from={day}&to={day}")["rows"]
    assert [(r["question"], r["times"]) for r in un] == [("do you sell spectacles", 2)]
    # yesterday and today are read from the messages at every call, never stored
    assert stack.sql("SELECT count(*) FROM report_days WHERE doctor_id = %s AND day >= %s::date - 1",
                     rw["a"], day) == [(0,)]
    fa = report(c, "first-answer", f"?from={day}&to={day}")["rows"][0]
    assert fa["messages_in"] == 4 and fa["answered"] == 4 and 0 <= fa["p50_seconds"] <= fa["p90_seconds"] < 60
    # clinic B's messages are B's alone; the operator reads either one, or all of them together
    b = report(signed_in(dashboard, rw["b_staff"]), "messages", f"?from={day}&to={day}")["rows"][0]
    assert b["in"] == 2
    op = signed_in(dashboard, rw["op"])
    assert report(op, "messages", f"?from={day}&to={day}&doctor={rw['a']}")["rows"][0]["in"] == 4
    everyone = report(op, "messages", f"?from={day}&to={day}")
    assert everyone["doctor_id"] is None and everyone["time_zone"] is None
    assert everyone["rows"][-1]["in"] >= 6


# --- every report's definitions on hand-made rows -------------------------------------------------------------------
def seed_day(stack, d):
    """2026-03-10 in Asia/Kolkata (UTC+5:30) for clinic d: messages, answers, a handoff's staff replies, prices, an
    emergency, appointments by channel, the walk-in queue and a referral. Returns the referrer's odd name."""
    stack.sql("INSERT INTO clinic_settings (doctor_id, time_zone) VALUES (%s, 'Asia/Kolkata')"
              " ON CONFLICT (doctor_id) DO UPDATE SET time_zone = 'Asia/Kolkata'", d)
    odd = '=HYPERLINK("http://evil.example","x")'
    p = str(stack.sql("INSERT INTO patients (doctor_id, wa_id, profile_name) VALUES (%s, %s, %s) RETURNING id",
                      d, new_number(), odd)[0][0])
    q = str(stack.sql("INSERT INTO patients (doctor_id, wa_id, profile_name) VALUES (%s, %s, 'Q') RETURNING id",
                      d, new_number())[0][0])
    w = [new_wamid() for _ in range(4)]

    def msg(direction, at, body=None, wamid=None, reply_to=None, source=None, **extra):
        cols = dict(doctor_id=d, patient_id=p, direction=direction, wa_id="x", type="text", body=body, wamid=wamid,
                    reply_to=reply_to, source=source, created_at=at, **extra)
        if direction == "out":
            cols["sent_at"] = at
        stack.sql(f"INSERT INTO messages ({', '.join(cols)}) VALUES ({', '.join(['%s'] * len(cols))})",
                  *cols.values())

    msg("in", "2026-03-10 04:30:00Z", "Do you do X-rays?", w[0])
    msg("out", "2026-03-10 04:30:10Z", "fallback text", reply_to=w[0], source="fallback",
        pricing_category="utility", pricing_type="regular", pricing_billable=True)
    msg("in", "2026-03-10 04:40:00Z", "do you do x rays", w[1])
    msg("out", "2026-03-10 04:40:30Z", "model text", reply_to=w[1], source="ai",
        pricing_category="service", pricing_type="free_customer_service", pricing_billable=False)
    msg("in", "2026-03-10 05:00:00Z", "talk to staff", w[2])
    msg("out", "2026-03-10 05:00:05Z", "connecting you", reply_to=w[2], source="flow")
    msg("out", "2026-03-10 05:10:00Z", "staff here", source="manual")
    msg("in", "2026-03-10 05:20:00Z", "chest pain now", w[3], flag="emergency:chest_pain",
        flagged_at="2026-03-10 05:20:01Z")
    msg("out", "2026-03-10 05:21:00Z", "come now", source="manual")
    # the evening: 23:59:59 local on the 10th counts on the 10th, midnight local on the 11th
    msg("in", "2026-03-10 18:29:59Z", "late", new_wamid())
    msg("in", "2026-03-10 18:30:00Z", "next day", new_wamid())
    for slot, status, channel, came in (("2026-03-10 05:30Z", "booked", "whatsapp", "no_show"),
                                        ("2026-03-10 06:00Z", "cancelled", "reception", None),
                                        ("2026-03-10 06:30Z", "booked", "reception", "arrived"),
                                        ("2026-03-11 05:30Z", "booked", "whatsapp", "no_show")):
        stack.sql("INSERT INTO appointments (doctor_id, patient_id, slot_start, status, channel, attendance)"
                  " VALUES (%s, %s, %s, %s, %s, %s)", d, p if slot != "2026-03-10 06:30Z" else q, slot, status,
                  channel, came)
    stack.sql("INSERT INTO queue_tokens (doctor_id, day, token, patient_id, status, created_at, called_at) VALUES"
              " (%s, '2026-03-10', 1, %s, 'done', '2026-03-10 04:00Z', '2026-03-10 04:10Z'),"
              " (%s, '2026-03-10', 2, %s, 'skipped', '2026-03-10 04:05Z', NULL)", d, p, d, q)
    stack.sql("INSERT INTO referrals (doctor_id, referred_id, referrer_id, code, created_at)"
              " VALUES (%s, %s, %s, 'R1', '2026-03-10 05:00Z')", d, q, p)
    return odd


def test_every_report_counts_what_it_says_on_a_known_day(stack, dashboard, rw):
    odd = seed_day(stack, rw["d"])
    c = signed_in(dashboard, rw["d_staff"])
    day = "?from=2026-03-10&to=2026-03-10"
    assert report(c, "messages", day)["rows"] == [{"day": "2026-03-10", "in": 5, "out": 5}]
    assert report(c, "messages", "?from=2026-03-11&to=2026-03-11")["rows"] == [{"day": "2026-03-11", "in": 1,
                                                                                  "out": 0}]
    assert {r["source"]: r["answers"] for r in report(c, "sources", day)["rows"]} == \
        {"fallback": 1, "ai": 1, "flow": 1, "manual": 2}
    assert report(c, "unanswered", day)["rows"] == [{"question": "do you do x rays", "times": 2, "by_ai": 1,
                                                     "by_fallback": 1, "last_asked": "2026-03-10 10:10"}]
    # answers after 10, 30 and 5 seconds; three messages (the emergency, the late ones) got none
    assert report(c, "first-answer", day)["rows"] == [{"messages_in": 5, "answered": 3, "p50_seconds": 10,
                                                       "p90_seconds": 26}]
    # staff: 600 s after "talk to staff" (only acknowledged by the bot), 60 s after "chest pain now"
    assert report(c, "staff-response", day)["rows"] == [{"replies": 2, "p50_seconds": 330, "p90_seconds": 546}]
    assert report(c, "appointments", day)["rows"] == [
        {"channel": "whatsapp", "booked": 1, "cancelled": 0, "arrived": 0, "no_show": 1},
        {"channel": "reception", "booked": 2, "cancelled": 1, "arrived": 1, "no_show": 0}]
    assert report(c, "queue", day)["rows"] == [{"day": "2026-03-10", "tokens": 2, "seen": 1, "skipped": 1,
                                                "wait_p50_minutes": 10, "wait_p90_minutes": 10}]
    ref = report(c, "referrals", day)["rows"]
    assert len(ref) == 1 and ref[0]["referrer"] == odd and ref[0]["referred"] == 1
    assert report(c, "emergencies", day)["rows"] == [{"day": "2026-03-10", "category": "chest_pain", "flagged": 1}]
    assert report(c, "cost", day)["rows"] == [{"category": "service", "messages": 1, "billable": 0, "free": 1},
                                              {"category": "utility", "messages": 1, "billable": 1, "free": 0}]
    # the settled day's partial rows were stored once (report_days), read back the same at the next call
    stored = stack.sql("SELECT report, count(*) FROM report_days WHERE doctor_id = %s AND day = '2026-03-10'"
                       " AND tz = 'Asia/Kolkata' AND key = '' GROUP BY 1", rw["d"])
    assert dict(stored) == {r: 1 for r in ("messages", "sources", "unanswered", "first-answer", "staff-response",
                                           "cost")}
    assert report(c, "first-answer", day)["rows"][0]["p90_seconds"] == 26
    # a CSV cell a spreadsheet would run as a formula (a patient's own name) is made text
    status, body = c.request("GET", "/api/v1/reports/referrals" + day + "&format=csv")
    assert status == 200 and parse_csv(body)[1][0] == "'" + odd


def test_period_is_days_of_the_clinics_time_zone(stack, dashboard, rw):
    d = rw["d"]
    c = signed_in(dashboard, rw["d_staff"])
    if not stack.sql("SELECT 1 FROM messages WHERE doctor_id = %s AND body = 'next day'", d):
        seed_day(stack, d)
    two = report(c, "messages", "?from=2026-03-10&to=2026-03-11")
    assert [(r["day"], r["in"]) for r in two["rows"]] == [("2026-03-10", 5), ("2026-03-11", 1)]
    # every day of the period is listed, days without messages too
    week = report(c, "messages", "?from=2026-03-08&to=2026-03-14")["rows"]
    assert [r["day"] for r in week] == [f"2026-03-{n:02d}" for n in range(8, 15)]
    assert sum(r["in"] for r in week) == 6 and week[0] == {"day": "2026-03-08", "in": 0, "out": 0}
    # the same rows in UTC: the late message (18:30Z) is on the 10th, and the period's bounds move with the zone
    stack.sql("UPDATE clinic_settings SET time_zone = 'UTC' WHERE doctor_id = %s", d)
    try:
        utc = report(c, "messages", "?from=2026-03-10&to=2026-03-11")
        assert utc["time_zone"] == "UTC" and [(r["day"], r["in"]) for r in utc["rows"]] == \
            [("2026-03-10", 6), ("2026-03-11", 0)]
        # a day across a DST change (New York, 2026-03-08 has 23 hours) still reads as one day
        stack.sql("UPDATE clinic_settings SET time_zone = 'America/New_York' WHERE doctor_id = %s", d)
        ny = report(c, "messages", "?from=2026-03-08&to=2026-03-10")
        assert [r["day"] for r in ny["rows"]] == ["2026-03-08", "2026-03-09", "2026-03-10"]
        assert sum(r["in"] for r in ny["rows"]) == 6  # 04:30Z..18:30Z on the 10th are all the 10th in New York
        # Kathmandu (UTC+5:45): the day ends at 18:15Z. First with the days impossible to store (the report is
        # computed from the messages alone), then stored, then read back: the same rows each time
        stack.sql("UPDATE clinic_settings SET time_zone = 'Asia/Kathmandu' WHERE doctor_id = %s", d)
        stack.sql("ALTER TABLE report_days ADD CONSTRAINT report_days_test_block CHECK (false) NOT VALID")
        try:
            live = report(c, "messages", "?from=2026-02-01&to=2026-03-20")["rows"]
        finally:
            stack.sql("ALTER TABLE report_days DROP CONSTRAINT report_days_test_block")
        assert stack.sql("SELECT count(*) FROM report_days WHERE doctor_id = %s AND tz = 'Asia/Kathmandu'", d) == [(0,)]
        assert len(live) == 48 and {r["day"]: r["in"] for r in live if r["in"]} == {"2026-03-10": 4, "2026-03-11": 2}
        assert report(c, "messages", "?from=2026-02-01&to=2026-03-20")["rows"] == live
        assert stack.sql("SELECT count(*) FROM report_days WHERE doctor_id = %s AND tz = 'Asia/Kathmandu' AND"
                         " report = 'messages' AND key = ''", d) == [(48,)]
        assert report(c, "messages", "?from=2026-02-01&to=2026-03-20")["rows"] == live
    finally:
        stack.sql("UPDATE clinic_settings SET time_zone = 'Asia/Kolkata' WHERE doctor_id = %s", d)
    # without a period: the last 30 days up to today (the clinic's)
    dflt = report(c, "messages")
    assert dflt["to"] == today(stack) and len(dflt["rows"]) == 30


def parse_csv(body):
    return list(csv.reader(io.StringIO(body.decode("utf-8"), newline="")))


def test_csv_is_the_same_table_as_json(stack, dashboard, rw):
    if not stack.sql("SELECT 1 FROM messages WHERE doctor_id = %s AND body = 'next day'", rw["d"]):
        seed_day(stack, rw["d"])
    c = signed_in(dashboard, rw["d_staff"])
    q = "?from=2026-03-01&to=2026-03-31"
    for name in REPORTS:
        doc = report(c, name, q)
        for how in ({"headers": {"Accept": "text/csv"}}, {"query": "&format=csv"}):
            status, body = c.request("GET", f"/api/v1/reports/{name}{q}{how.get('query', '')}",
                                     headers=how.get("headers"))
            assert status == 200, (name, body)
            h = c.last_headers
            assert h["Content-Type"].startswith("text/csv")
            assert h["Content-Disposition"] == f'attachment; filename="{name}-2026-03-01-2026-03-31.csv"'
            table = parse_csv(body)
            assert table[0] == doc["columns"], name
            assert len(table) - 1 == len(doc["rows"]), name
            for line, row in zip(table[1:], doc["rows"]):
                for col, cell in zip(doc["columns"], line):
                    v = row[col]
                    if v is None:
                        assert cell == ""
                    elif isinstance(v, (int, float)):
                        assert float(cell) == v, (name, col)
                    else:
                        assert cell == v or cell == "'" + v, (name, col)


def test_bad_names_and_periods_answer_clearly(dashboard, rw):
    c = signed_in(dashboard, rw["a_staff"])
    status, doc = c.request("GET", "/api/v1/reports/nonsense")
    assert status == 404 and doc["error"]["code"] == "not_found" and "messages" in doc["error"]["message"]
    for query, field in (("?from=2026-02-30&to=2026-03-01", "from"), ("?from=yesterday", "from"),
                         ("?to=2026-13-01", "to"), ("?from=2026-03-10&to=2026-03-01", "from"),
                         ("?from=2025-01-01&to=2026-03-01", "from"), ("?from=2026-03-01%27--&to=2026-03-02", "from"),
                         ("?format=xml", "format")):
        status, doc = c.request("GET", "/api/v1/reports/messages" + query)
        assert status == 400, (query, doc)
        assert field in doc["error"]["fields"] and doc["error"]["message"], (query, doc)
    # 366 days is the most: a leap year's whole
    assert c.request("GET", "/api/v1/reports/messages?from=2028-01-01&to=2028-12-31")[0] == 200
    assert c.request("GET", "/api/v1/reports/messages?from=2028-01-01&to=2029-01-01")[0] == 400


def test_who_may_read_and_another_clinics_rows_never_counted(stack, dashboard, rw):
    if not stack.sql("SELECT 1 FROM messages WHERE doctor_id = %s AND body = 'next day'", rw["d"]):
        seed_day(stack, rw["d"])
    q = "?from=2026-03-10&to=2026-03-10"
    # clinic A's staff, admin and token see A's (nothing on that day), never D's rows, and naming D is 404
    tok = subprocess.run([os.path.join(BIN, "wactl"), "token", "create", "--doctor", rw["a"], "--name",
                          "reports " + rw["tag"]], env=stack.env, capture_output=True, text=True, timeout=60,
                         cwd=stack.tmp).stdout.strip()
    for c in (signed_in(dashboard, rw["a_staff"]), signed_in(dashboard, rw["a_admin"]), dashboard.client(token=tok)):
        for name in REPORTS:
            doc = report(c, name, q)
            assert doc["doctor_id"] == rw["a"]
            text = json.dumps(doc)
            assert "HYPERLINK" not in text and "x rays" not in text and "chest_pain" not in text, name
            status, err = c.request("GET", f"/api/v1/reports/{name}{q}&doctor={rw['d']}")
            assert status == 404 and "HYPERLINK" not in json.dumps(err)
        assert report(c, "messages", q)["rows"] == [{"day": "2026-03-10", "in": 0, "out": 0}]
    # not signed in: 401
    assert dashboard.client().request("GET", "/api/v1/reports/messages")[0] == 401
    # the operator: D's with ?doctor=, and across clinics D's rows are in the sum
    op = signed_in(dashboard, rw["op"])
    assert report(op, "emergencies", q + f"&doctor={rw['d']}")["rows"] == \
        [{"day": "2026-03-10", "category": "chest_pain", "flagged": 1}]
    assert any(r["category"] == "chest_pain" for r in report(op, "emergencies", q)["rows"])
    status, _ = op.request("GET", "/api/v1/reports/messages" + q + "&format=csv")
    assert status == 200 and 'filename="all-clinics-messages-' in op.last_headers["Content-Disposition"]
    assert op.request("GET", "/api/v1/reports/messages?doctor=" + str(uuid.uuid4()))[0] == 404


def test_every_report_works_under_the_dashboards_own_pg_role(stack, rw, login_roles):  # noqa: F811
    """wa-dashboard logged in as wa_dashboard_login (014's least privilege): 022 grants it the appointments, the queue
    and the referrals, which the reports read."""
    if not stack.sql("SELECT 1 FROM messages WHERE doctor_id = %s AND body = 'next day'", rw["d"]):
        seed_day(stack, rw["d"])
    d = start_dashboard(stack, tag="-rep", WA_REDIS_PREFIX=ACL_PREFIX,
                        REDIS_URL=f"redis://wa-dashboard:{REDIS_SERVICE_PASSWORDS['dashboard']}@127.0.0.1:"
                                  f"{stack.redis_port}/0",
                        DATABASE_URL=login_roles["dashboard"])
    try:
        c = d.client()
        assert c.login(rw["d_staff"])[0] == 200
        for name in REPORTS:
            status, doc = c.request("GET", f"/api/v1/reports/{name}?from=2026-03-10&to=2026-03-10")
            assert status == 200 and doc["rows"], (name, status, doc)
    finally:
        stack.stop_service("dashboard-rep")
        stack.redis.delete(*[k for k in stack.redis.scan_iter(ACL_PREFIX + "*")] or ["-"])
