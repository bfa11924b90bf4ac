#!/usr/bin/python3
"""Dashboard inbox benchmark (not a test; prints, asserts nothing).

    bench/dashboard/bench.py <build dir>      (make bench runs it on build/)

Starts the end-to-end tests' isolated stack (tests/e2e/conftest.py: private Redis and PostgreSQL, wa-mock, the four
services and wa-dashboard from <build dir>/bin), fills one clinic with BENCH_INBOX_PATIENTS (5,000) patients and
BENCH_INBOX_MESSAGES (100,000) messages in both directions by bulk SQL, signs in as the clinic's staff and prints:

1. API latency, p50 and p99 of BENCH_INBOX_REQUESTS (200) requests each, one at a time over a fresh connection as a
   browser's fetch would: the conversation list (first page, 50), its search by text, its unread filter, and one
   conversation's messages (a random patient each time). Baseline in the same run: GET /api/v1/me (sign-in check
   and one Redis round trip, no inbox query), printed with each figure as a ratio.
2. Live: BENCH_INBOX_LIVE (30) signed webhooks posted to wa-ingress one after another, each timed from the POST to
   the moment its "message" event (direction in) arrives on an open GET /api/v1/events connection; p50, p99, max.
   That path is ingress -> wa:in -> router records the message -> the dashboard's reader sees the row -> the
   worker's 100 ms tick sends it.
"""
import http.client as httpclient
import json
import os
import queue
import random
import statistics
import sys
import tempfile
import threading
import time
import uuid

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "..", "tests", "e2e"))


def env_int(name, default):
    return int(os.environ.get(name, default))


def pct(values, p):
    s = sorted(values)
    return s[min(len(s) - 1, int(round(p / 100.0 * (len(s) - 1))))]


def fill(stack, doctor, patients, messages):
    """Bulk rows: `patients` patients of `doctor`, `messages` messages spread over them (both directions, some
    failed, some media), over the last 30 days; a third of the patients wrote within 24 hours. As the clinic's
    traffic is: the inbound ones the patients' few questions (two topics a patient, 2 in 5 patients ask about a
    fever), the outbound ones the system's automatic answers (kb, ai, flow, welcome, fallback: the same few texts,
    one about fever) and, 1 in 20, a staff's manual reply."""
    per = max(1, messages // patients)
    stack.sql("INSERT INTO patients (doctor_id, wa_id, profile_name, last_inbound_at, created_at)"
              " SELECT %s, '9197' || lpad(i::text, 8, '0'), 'Bench Patient ' || i,"
              " now() - make_interval(hours => (i %% 72)), now() - interval '31 days'"
              " FROM generate_series(1, %s) i", doctor, patients)
    stack.sql("INSERT INTO messages (doctor_id, patient_id, direction, wamid, out_id, wa_id, type, body, payload,"
              " source, status, error_code, created_at)"
              " SELECT %s, p.id, CASE WHEN j %% 2 = 0 THEN 'in' ELSE 'out' END,"
              " CASE WHEN j %% 2 = 0 THEN 'wamid.BENCH' || p.n || '.' || j END,"
              " CASE WHEN j %% 2 = 1 THEN 'reply:bench' || p.n || '.' || j END, p.wa_id,"
              " CASE WHEN j %% 10 = 4 THEN 'image' ELSE 'text' END,"
              " CASE WHEN j %% 2 = 0 THEN (ARRAY['my son has fever since yesterday', 'what are your timings',"
              " 'thank you doctor', 'can I come at 5 pm today', 'is the doctor in on sunday'])[1 + (p.n + j / 10) %% 5]"
              " || ' #' || j"
              " WHEN j %% 40 = 1 THEN (ARRAY['Please come at 11, the doctor will see you first',"
              " 'Your reports are ready', 'Yes, bring the old prescription'])[1 + (p.n + j) %% 3]"
              " ELSE (ARRAY['For a fever in children give paracetamol by weight, plenty of fluids, and see the doctor"
              " if it lasts more than 3 days or the child is drowsy.', 'We are open 9 am to 5 pm, Monday to"
              " Saturday; closed on Sundays.', 'You are welcome! Get well soon.', 'Hello! This is the clinic''s"
              " assistant: ask about timings, fees or appointments.', 'Sorry, I did not understand that. A member"
              " of staff will reply soon.'])[1 + (p.n + j) %% 5] END,"
              " CASE WHEN j %% 10 = 4 THEN '{\"id\":\"M1\",\"mime_type\":\"image/jpeg\"}'::jsonb END,"
              " CASE WHEN j %% 2 = 1 THEN CASE WHEN j %% 40 = 1 THEN 'manual' ELSE (ARRAY['kb', 'kb', 'ai', 'flow',"
              " 'welcome', 'fallback'])[1 + (p.n + j) %% 6] END END,"
              " CASE WHEN j %% 2 = 0 THEN 'routed' WHEN j %% 17 = 1 THEN 'failed' ELSE 'read' END,"
              " CASE WHEN j %% 2 = 1 AND j %% 17 = 1 THEN '131047' END,"
              " now() - make_interval(mins => ((p.n * 7 + (%s - j) * 53) %% 43200)::int)"
              " FROM (SELECT id, wa_id, row_number() OVER (ORDER BY wa_id) AS n FROM patients WHERE doctor_id = %s) p"
              " CROSS JOIN generate_series(0, %s) j ORDER BY 13",
              doctor, per, doctor, per - 1)
    stack.sql("ANALYZE patients")
    # VACUUM as autovacuum would after such an insert: the trigram index's pending list (GIN fastupdate) merged into
    # its tree, so that the search is measured on the index's steady state, not on whatever part of 100,000 rows the
    # list still held (every search reads the whole list)
    stack.sql("VACUUM ANALYZE messages")
    return [str(r[0]) for r in stack.sql("SELECT id FROM patients WHERE doctor_id = %s", doctor)]


def timed(client, path, n):
    out = []
    for i in range(n):
        p = path(i) if callable(path) else path
        t0 = time.perf_counter()
        status, doc = client.request("GET", p)
        out.append((time.perf_counter() - t0) * 1000.0)
        if status != 200:
            raise SystemExit(f"GET {p}: {status} {doc}")
    return out


class Events:
    def __init__(self, port, cookies):
        self.conn = httpclient.HTTPConnection("127.0.0.1", port, timeout=120)
        self.conn.request("GET", "/api/v1/events", headers={"Cookie": "; ".join(f"{k}={v}" for k, v in
                                                                                 cookies.items())})
        self.resp = self.conn.getresponse()
        self.q = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self):
        try:
            while True:
                line = self.resp.readline()
                if not line:
                    return
                if line.startswith(b"data: "):
                    self.q.put((time.perf_counter(), json.loads(line[6:])))
        except (OSError, ValueError, AttributeError, httpclient.HTTPException):
            return


def main():
    build = sys.argv[1] if len(sys.argv) > 1 else "build"
    os.environ["WA_BIN_DIR"] = os.path.abspath(os.path.join(build, "bin"))
    os.environ.setdefault("LOG_LEVEL", "warn")
    import conftest  # reads WA_BIN_DIR when imported

    patients, messages = env_int("BENCH_INBOX_PATIENTS", 5000), env_int("BENCH_INBOX_MESSAGES", 100000)
    n, live = env_int("BENCH_INBOX_REQUESTS", 200), env_int("BENCH_INBOX_LIVE", 30)
    tmp = tempfile.mkdtemp(prefix="wa-bench-dash-")
    os.chmod(tmp, 0o755)
    stack = conftest.Stack(tmp)
    stack.env["LOG_LEVEL"] = "warn"
    try:
        stack.start()
        dash = conftest.start_dashboard(stack)
        doctor, phone = stack.add_doctor("Dr. Bench", "Bench Clinic")
        t0 = time.time()
        ids = fill(stack, doctor, patients, messages)
        count = stack.sql("SELECT count(*) FROM messages WHERE doctor_id = %s", doctor)[0][0]
        print(f"dashboard inbox: {len(ids)} patients, {count} messages in one clinic (bulk insert "
              f"{time.time() - t0:.1f} s)")
        email = f"bench.{uuid.uuid4().hex[:6]}@bench.test"
        dash.add_user(email, "staff", doctor)
        c = dash.client()
        status, doc = c.login(email)
        if status != 200:
            raise SystemExit(f"sign-in failed: {status} {doc}")

        timed(c, "/api/v1/conversations", 10)  # warm the caches
        base = timed(c, "/api/v1/me", n)
        b50, b99 = pct(base, 50), pct(base, 99)
        print(f"  baseline GET /api/v1/me: p50 {b50:.2f} ms, p99 {b99:.2f} ms")
        runs = [("conversation list (50)", "/api/v1/conversations"),
                ("list, search ?q=fever", "/api/v1/conversations?q=fever"),
                ("list, ?flag=unread", "/api/v1/conversations?flag=unread"),
                ("a conversation's messages", lambda i: f"/api/v1/conversations/{random.choice(ids)}/messages")]
        for name, path in runs:
            t = timed(c, path, n)
            print(f"  {name}: p50 {pct(t, 50):.2f} ms ({pct(t, 50) / b50:.1f}x), p99 {pct(t, 99):.2f} ms "
                  f"({pct(t, 99) / b99:.1f}x)")

        ev = Events(dash.port, c.cookies)
        time.sleep(0.5)
        lat = []
        for i in range(live):
            patient = "9196" + str(10000000 + i)
            wamid = conftest.new_wamid()
            body = conftest.webhook([conftest.change(phone, "pn-bench", [conftest.text_message(patient, "hello",
                                                                                                wamid)])])
            t0 = time.perf_counter()
            if stack.post_webhook(body) != 200:
                raise SystemExit("the ingress refused the webhook")
            pid = None
            while True:
                try:
                    at, e = ev.q.get(timeout=30)
                except queue.Empty:
                    raise SystemExit("no event within 30 s")
                if e.get("type") == "message" and e.get("direction") == "in" and e.get("patient_id"):
                    if pid is None:
                        rows = stack.sql("SELECT patient_id FROM messages WHERE wamid = %s", wamid)
                        pid = str(rows[0][0]) if rows else None
                    if e["patient_id"] == pid:
                        lat.append((at - t0) * 1000.0)
                        break
        print(f"  webhook to SSE event ({live} messages, one at a time): p50 {pct(lat, 50):.0f} ms, "
              f"p99 {pct(lat, 99):.0f} ms, max {max(lat):.0f} ms (mean {statistics.mean(lat):.0f} ms)")
    finally:
        stack.stop()


if __name__ == "__main__":
    main()
