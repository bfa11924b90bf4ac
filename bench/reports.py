#!/usr/bin/python3
"""Reports benchmark (issue 17, "Reports and analytics"; not a test: prints, asserts nothing).

    bench/reports.py <build dir>      (make bench runs it on build/)

Starts the end-to-end tests' isolated stack (tests/e2e/conftest.py: private Redis and PostgreSQL, the services and
wa-dashboard from <build dir>/bin) and loads, by generate_series in SQL, a year of one busy clinic:
BENCH_REPORTS_MESSAGES (1,000,000) messages (half from 20,000 patients, half the answers to them: kb, ai, fallback,
flow, staff; priced; some emergencies flagged), 30 appointments and 40 queue tokens a day, 2,000 referrals; and a
second clinic with a tenth of that, so that the reports must pick one clinic's rows. Then VACUUM ANALYZE, as
autovacuum would have by then.

Prints, per report, p50 and p99 of BENCH_REPORTS_REQUESTS (40) calls through the API, one at a time as the page's
fetches would, signed in as the clinic's staff: for the last 30 days (the page's default) and 90 days, a few as the
operator across both clinics, then the whole year (366 days, the longest period a report takes). The reports over
the messages store the partial rows of each settled day the first time a report covers it (report_days), at most
about 2 s of it per call: the calls that store days (until every settled day of the period is stored) are printed
apart, with the slowest of them. Baseline in the same run: GET /api/v1/me (sign-in check, one Redis round trip, no
query), with each figure as a ratio. The goal: each report under 300 ms p99 (printed beside each figure, never
asserted).
"""
import os
import sys
import tempfile
import time
import uuid

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "tests", "e2e"))

REPORTS = ("messages", "sources", "unanswered", "first-answer", "staff-response", "appointments", "queue",
           "referrals", "emergencies", "cost")
GOAL_MS = 300.0


def env_int(name, default):
    return int(os.environ.get(name, default))


def pct(values, p):
    s = sorted(values)
    return s[min(len(s) - 1, int(round(p / 100.0 * (len(s) - 1))))]


def fill(stack, doctor, messages, patients):
    """A year of one clinic: `messages` messages (pairs: a patient's message and its answer 2..90 s later)."""
    pairs = messages // 2
    stack.sql("INSERT INTO patients (doctor_id, wa_id, profile_name, created_at)"
              " SELECT %s, '9195' || lpad(i::text, 8, '0') || substr(%s::text, 1, 4), 'Report Patient ' || i,"
              " now() - interval '370 days' FROM generate_series(1, %s) i", doctor, doctor, patients)
    # n-th pair: the patient n % patients, at a time spread over the last 365 days (busier 10:00-18:00 IST)
    stack.sql(
        "WITH p AS (SELECT array_agg(id ORDER BY wa_id) AS ids, array_agg(wa_id ORDER BY wa_id) AS wa"
        " FROM patients WHERE doctor_id = %s),"
        " g AS (SELECT n, now() - make_interval(secs => (n::float8 / %s) * 365 * 86400) AS at,"
        " (ARRAY['what are your timings', 'is the doctor available today', 'do you treat diabetes',"
        " 'can I get a home visit', 'what is the fee', 'do you have parking', 'is there a lab test here',"
        " 'my child has a cough', 'book appointment', 'where is the clinic'])[1 + n %% 10] AS q"
        " FROM generate_series(1, %s) n)"
        " INSERT INTO messages (doctor_id, patient_id, direction, wamid, reply_to, wa_id, type, body, source, status,"
        " created_at, sent_at, flag, flagged_at, pricing_category, pricing_type, pricing_billable)"
        " SELECT %s, p.ids[1 + g.n %% %s], d.dir,"
        " CASE WHEN d.dir = 'in' THEN 'wamid.RB' || substr(%s::text, 1, 8) || g.n"
        " ELSE 'wamid.RO' || substr(%s::text, 1, 8) || g.n END,"
        " CASE WHEN d.dir = 'out' AND g.n %% 10 <> 9 THEN 'wamid.RB' || substr(%s::text, 1, 8) || g.n END,"
        " p.wa[1 + g.n %% %s], 'text', CASE WHEN d.dir = 'in' THEN g.q || CASE WHEN g.n %% 3 = 0 THEN '?' ELSE '' END"
        " ELSE 'an answer' END,"
        " CASE WHEN d.dir = 'out' THEN (ARRAY['kb', 'kb', 'kb', 'kb', 'ai', 'ai', 'fallback', 'flow', 'welcome',"
        " 'manual'])[1 + g.n %% 10] END,"
        " CASE WHEN d.dir = 'in' THEN 'routed' ELSE 'read' END,"
        " g.at + CASE WHEN d.dir = 'out' THEN make_interval(secs => 2 + g.n %% 88) ELSE interval '0' END,"
        " CASE WHEN d.dir = 'out' THEN g.at + make_interval(secs => 2 + g.n %% 88) END,"
        " CASE WHEN d.dir = 'in' AND g.n %% 997 = 0 THEN 'emergency:chest_pain' END,"
        " CASE WHEN d.dir = 'in' AND g.n %% 997 = 0 THEN g.at END,"
        " CASE WHEN d.dir = 'out' THEN (ARRAY['service', 'service', 'utility', 'marketing'])[1 + g.n %% 4] END,"
        " CASE WHEN d.dir = 'out' THEN (ARRAY['free_customer_service', 'free_customer_service', 'regular',"
        " 'regular'])[1 + g.n %% 4] END,"
        " CASE WHEN d.dir = 'out' THEN g.n %% 4 >= 2 END"
        " FROM g CROSS JOIN p CROSS JOIN (VALUES ('in'), ('out')) d(dir) ORDER BY 11",
        doctor, pairs, pairs, doctor, patients, doctor, doctor, doctor, patients)
    # 30 appointments a day (10 minutes apart from 10:00 IST), a fifth by reception; some cancelled, some no-shows
    stack.sql("WITH p AS (SELECT array_agg(id ORDER BY wa_id) AS ids FROM patients WHERE doctor_id = %s)"
              " INSERT INTO appointments (doctor_id, patient_id, slot_start, status, channel, attendance, created_at)"
              " SELECT %s, p.ids[1 + (d * 30 + k) %% %s],"
              " (current_date - d)::timestamp + interval '4 hours 30 minutes' + make_interval(mins => 10 * k),"
              " CASE WHEN (d + k) %% 11 = 0 THEN 'cancelled' ELSE 'booked' END,"
              " CASE WHEN k %% 5 = 0 THEN 'reception' ELSE 'whatsapp' END,"
              " CASE WHEN (d + k) %% 11 = 0 THEN NULL WHEN k %% 13 = 0 THEN 'no_show' ELSE 'arrived' END, now()"
              " FROM p, generate_series(0, 364) d, generate_series(0, 29) k", doctor, doctor, patients)
    stack.sql("WITH p AS (SELECT array_agg(id ORDER BY wa_id) AS ids FROM patients WHERE doctor_id = %s)"
              " INSERT INTO queue_tokens (doctor_id, day, token, patient_id, status, created_at, called_at)"
              " SELECT %s, current_date - d, k, p.ids[1 + (d * 40 + k) %% %s],"
              " CASE WHEN k %% 9 = 0 THEN 'skipped' ELSE 'done' END,"
              " (current_date - d)::timestamp + interval '4 hours' + make_interval(mins => 5 * k),"
              " CASE WHEN k %% 9 <> 0 THEN (current_date - d)::timestamp + interval '4 hours'"
              " + make_interval(mins => 9 * k) END"
              " FROM p, generate_series(0, 364) d, generate_series(1, 40) k", doctor, doctor, patients)
    stack.sql("WITH p AS (SELECT array_agg(id ORDER BY wa_id) AS ids FROM patients WHERE doctor_id = %s)"
              " INSERT INTO referrals (doctor_id, referred_id, referrer_id, code, created_at)"
              " SELECT %s, p.ids[i + 1], p.ids[1 + (i * 7) %% 50], 'R' || i,"
              " now() - make_interval(days => i %% 365) FROM p, generate_series(1, 2000) i"
              " WHERE p.ids[i + 1] <> p.ids[1 + (i * 7) %% 50]", doctor, doctor)


ROLLED = ("messages", "sources", "unanswered", "first-answer", "staff-response", "cost")


def stored(stack, name, doctors):
    """The fewest settled days stored for report `name` among `doctors`."""
    return stack.sql("SELECT coalesce(min(n), 0) FROM (SELECT d.id, count(r.day) AS n FROM doctors d"
                     " LEFT JOIN report_days r ON r.doctor_id = d.id AND r.report = %s AND r.key = ''"
                     " WHERE d.id = ANY (%s::uuid[]) GROUP BY d.id) x", name, doctors)[0][0]


def settled(stack, query):
    """How many days of the period (query ?from=...&to=..., or the default 30 days) are before yesterday."""
    if not query:
        return 28
    lo, hi = (v.split("=")[1] for v in query[1:].split("&"))
    return stack.sql("SELECT least(%s::date, (now() AT TIME ZONE 'Asia/Kolkata')::date - 2) - %s::date + 1",
                     hi, lo)[0][0]


def timed(client, path, n):
    out = []
    for _ in range(n):
        t0 = time.perf_counter()
        status, doc = client.request("GET", path)
        out.append((time.perf_counter() - t0) * 1000.0)
        if status != 200:
            raise SystemExit(f"GET {path}: {status} {doc}")
    return out


def main():
    build = sys.argv[1] if len(sys.argv) > 1 else "build"
    os.environ["WA_BIN_DIR"] = os.path.abspath(os.path.join(build, "bin"))
    os.environ.setdefault("LOG_LEVEL", "warn")
    import conftest  # reads WA_BIN_DIR when imported
    messages, n = env_int("BENCH_REPORTS_MESSAGES", 1000000), env_int("BENCH_REPORTS_REQUESTS", 40)
    tmp = tempfile.mkdtemp(prefix="wa-bench-reports-")
    os.chmod(tmp, 0o755)
    stack = conftest.Stack(tmp)
    stack.env["LOG_LEVEL"] = "warn"
    try:
        stack.start()
        dash = conftest.start_dashboard(stack)
        doctor, _ = stack.add_doctor("Dr. Busy", "Busy Clinic")
        other, _ = stack.add_doctor("Dr. Other", "Other Clinic")
        t0 = time.time()
        fill(stack, doctor, messages, 20000)
        fill(stack, other, messages // 10, 2000)
        stack.sql("VACUUM ANALYZE messages")
        stack.sql("VACUUM ANALYZE appointments")
        stack.sql("VACUUM ANALYZE queue_tokens")
        stack.sql("VACUUM ANALYZE referrals")
        count = stack.sql("SELECT count(*) FROM messages WHERE doctor_id = %s", doctor)[0][0]
        total = stack.sql("SELECT count(*) FROM messages")[0][0]
        print(f"reports: one clinic with {count} messages over a year ({total} in all; load and VACUUM ANALYZE "
              f"{time.time() - t0:.0f} s); {n} calls each, one at a time; goal < {GOAL_MS:.0f} ms p99")
        tag = uuid.uuid4().hex[:6]
        staff, op = f"staff.{tag}@bench.test", f"op.{tag}@bench.test"
        dash.add_user(staff, "staff", doctor)
        dash.add_user(op, "operator")
        c, o = dash.client(), dash.client()
        for cl, email in ((c, staff), (o, op)):
            status, doc = cl.login(email)
            if status != 200:
                raise SystemExit(f"sign-in failed: {status} {doc}")
        timed(c, "/api/v1/reports/messages", 3)  # warm the caches
        base = timed(c, "/api/v1/me", n)
        b50, b99 = pct(base, 50), pct(base, 99)
        print(f"  baseline GET /api/v1/me: p50 {b50:.2f} ms, p99 {b99:.2f} ms (load average "
              f"{os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs)")
        today = stack.sql("SELECT (now() AT TIME ZONE 'Asia/Kolkata')::date")[0][0]
        def back(days):
            return f"?from={today.fromordinal(today.toordinal() - days + 1).isoformat()}&to={today.isoformat()}"

        worst = 0.0
        one, both = [doctor], [doctor, other]
        for label, client, query, names, calls, who in (
                ("last 30 days (the page's default)", c, "", REPORTS, n, one),
                ("last 90 days", c, back(90), REPORTS, n, one),
                ("operator, every clinic, 30 days", o, "", REPORTS[:3], n, both),
                ("a whole year (366 days, the longest period)", c, back(366), REPORTS, n, one)):
            print(f"  {label} (load average {os.getloadavg()[0]:.1f}):")
            for name in names:
                # the first calls store the settled days not stored yet (at most about 2 s of it per call): call
                # until every settled day of the period is stored, then measure
                first = []
                while True:
                    first += timed(client, f"/api/v1/reports/{name}{query}", 1)
                    if name not in ROLLED or len(first) >= 50 or stored(stack, name, who) >= settled(stack, query):
                        break
                t = timed(client, f"/api/v1/reports/{name}{query}", calls)
                p50, p99 = pct(t, 50), pct(t, 99)
                worst = max(worst, p99)
                print(f"    {name:15s} p50 {p50:7.1f} ms ({p50 / b50:5.0f}x)  p99 {p99:7.1f} ms ({p99 / b99:5.0f}x)"
                      f"  {'ok' if p99 < GOAL_MS else 'OVER the goal'}   (before: {len(first)} call(s) storing days,"
                      f" max {max(first):.0f} ms)")
        verdict = "every report under" if worst < GOAL_MS else "NOT all under"
        print(f"  worst p99 {worst:.1f} ms: {verdict} {GOAL_MS:.0f} ms")
    finally:
        stack.stop()


if __name__ == "__main__":
    main()
