#!/usr/bin/python3
"""Broadcast benchmark (issue 18; not a test: prints, asserts nothing).

    bench/broadcast.py <build dir>      (make bench runs it on build/)

Starts the end-to-end tests' isolated stack (tests/e2e/conftest.py) with wa-dashboard, fills one school with
BENCH_BC_PARENTS (10,000) opted-in parents in two classes (every fifth parent has a child in both, 2 % wrote STOP) by
bulk SQL, and prints:

1. Planning: POST /api/v1/broadcasts to both classes (one message per parent, the STOP skipped), timed from the
   request to the answer with the recipients planned; baseline in the same run: GET /api/v1/me (sign-in check, no
   planning), printed as a ratio.
2. Draining for BENCH_BC_DRAIN_S (20) s at the number's rate SENDER_RATE_PER_S = BENCH_BC_RATE (80), of which the
   broadcast lane takes BROADCAST_RATE_PERCENT (50) %: sends per second observed at the mock Graph API against that
   configured pace, the most wa:out entries the sender had not yet acknowledged (its backlog), and wa-sender's CPU
   (share of one core) while it waits on the pace.
3. Replies during the broadcast: BENCH_BC_REPLIES (8) patient questions answered from the knowledge base, timed
   from the signed webhook to the reply at the mock Graph API, before the broadcast (baseline) and while it drains,
   p50 and max, with the ratio.
"""
import os
import statistics
import sys
import tempfile
import time
import uuid

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "tests", "e2e"))


def env_int(name, default):
    return int(os.environ.get(name, default))


def cpu_seconds(pid):
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def sends_since(stack, since_index):
    return len(stack.mock_requests("graph", since=since_index))


def reply_latency(conftest, stack, phone, n):
    out = []
    for _ in range(n):
        patient = conftest.new_number()
        msg = conftest.text_message(patient, "What are your timings?", conftest.new_wamid())
        t0 = time.perf_counter()
        stack.post_webhook(conftest.webhook([conftest.change(phone, "pn-" + phone, [msg])]))
        conftest.wait_for(lambda: stack.graph_sends(patient), timeout=60, interval=0.02, what="reply")
        out.append((time.perf_counter() - t0) * 1000.0)
    return out


def main():
    build = sys.argv[1] if len(sys.argv) > 1 else "build"
    os.environ["WA_BIN_DIR"] = os.path.abspath(os.path.join(build, "bin"))
    os.environ.setdefault("LOG_LEVEL", "warn")
    import conftest  # reads WA_BIN_DIR when imported

    parents, drain_s = env_int("BENCH_BC_PARENTS", 10000), env_int("BENCH_BC_DRAIN_S", 20)
    rate, replies = env_int("BENCH_BC_RATE", 80), env_int("BENCH_BC_REPLIES", 8)
    tmp = tempfile.mkdtemp(prefix="wa-bench-bc-")
    os.chmod(tmp, 0o755)
    stack = conftest.Stack(tmp)
    stack.env["LOG_LEVEL"] = "warn"
    stack.env["SENDER_RATE_PER_S"] = str(rate)
    try:
        stack.start()
        dash = conftest.start_dashboard(stack)
        doctor, phone = stack.add_doctor("Head Bench", "Bench School")
        stack.add_kb(doctor, "What are your timings?", "The school is open 8 to 2.", "timings hours open")
        stack.sql("UPDATE doctors SET kind = 'school', whatsapp_messaging_limit = 'TIER_100K' WHERE id = %s", doctor)
        stack.sql("INSERT INTO templates (doctor_id, name, language, category, status, components) VALUES"
                  " (%s, 'notice', 'en', 'UTILITY', 'APPROVED', '[{\"type\":\"BODY\",\"text\":\"Dear parent of {{1}}\"}]')",
                  doctor)
        g1 = str(stack.sql("INSERT INTO groups (doctor_id, name, kind) VALUES (%s, 'Class A', 'class') RETURNING id",
                           doctor)[0][0])
        g2 = str(stack.sql("INSERT INTO groups (doctor_id, name, kind) VALUES (%s, 'Class B', 'class') RETURNING id",
                           doctor)[0][0])
        stack.sql("INSERT INTO patients (doctor_id, wa_id, display_name, opted_in, opted_in_at, opt_in_source,"
                  " opted_out) SELECT %s, '9188' || lpad(i::text, 8, '0'), 'Parent ' || i, true, now(), 'csv',"
                  " i %% 50 = 0 FROM generate_series(1, %s) i", doctor, parents)
        stack.sql("INSERT INTO group_members (group_id, patient_id, doctor_id, child_name)"
                  " SELECT CASE WHEN n %% 2 = 0 THEN %s::uuid ELSE %s::uuid END, id, doctor_id, 'Child ' || n"
                  " FROM (SELECT id, doctor_id, row_number() OVER (ORDER BY wa_id) AS n FROM patients"
                  "       WHERE doctor_id = %s) p", g1, g2, doctor)
        stack.sql("INSERT INTO group_members (group_id, patient_id, doctor_id, child_name)"
                  " SELECT CASE WHEN n %% 2 = 0 THEN %s::uuid ELSE %s::uuid END, id, doctor_id, 'Sibling ' || n"
                  " FROM (SELECT id, doctor_id, row_number() OVER (ORDER BY wa_id) AS n FROM patients"
                  "       WHERE doctor_id = %s) p WHERE n %% 5 = 0", g2, g1, doctor)
        stack.sql("ANALYZE patients")
        stack.sql("ANALYZE group_members")
        email = f"admin.{uuid.uuid4().hex[:6]}@bench.test"
        dash.add_user(email, "school_admin", doctor)
        c = dash.client()
        assert c.login(email)[0] == 200

        base = []
        for _ in range(20):
            t0 = time.perf_counter()
            c.request("GET", "/api/v1/me")
            base.append((time.perf_counter() - t0) * 1000.0)
        before = reply_latency(conftest, stack, phone, replies)

        graph_before = len(stack.mock_requests("graph"))
        sender_pid = stack.procs["sender"].pid
        t0 = time.perf_counter()
        status, b = c.request("POST", "/api/v1/broadcasts",
                              {"name": "Bench", "template": {"name": "notice"},
                               "variables": [{"source": "child_name"}], "group_ids": [g1, g2]})
        plan_ms = (time.perf_counter() - t0) * 1000.0
        if status != 201:
            print(f"broadcast: create failed: {status} {b}")
            return
        counts = b["counts"]
        print(f"broadcast: {parents} parents in 2 classes ({b['counts']['skipped_duplicate']} memberships merged "
              f"into a parent's one message, {counts['opted_out']} opted out)")
        print(f"  accepted and planned {counts['recipients']} recipients in {plan_ms:.0f} ms "
              f"({plan_ms / statistics.median(base):.0f} x GET /api/v1/me, {statistics.median(base):.1f} ms)")

        cpu0, w0 = cpu_seconds(sender_pid), time.monotonic()
        backlog = 0
        deadline = time.monotonic() + drain_s
        during = []
        while time.monotonic() < deadline:
            info = stack.redis.xinfo_groups("wa:out")
            for g in info:
                if g["name"] == "sender":
                    backlog = max(backlog, int(g.get("pending", 0)) + int(g.get("lag") or 0))
            if len(during) < replies and time.monotonic() > w0 + 2:
                during += reply_latency(conftest, stack, phone, 1)
            else:
                time.sleep(0.5)
        wall = time.monotonic() - w0
        cpu = (cpu_seconds(sender_pid) - cpu0) / wall
        sent = len(stack.mock_requests("graph")) - graph_before - len(during)
        pace = rate * 0.5
        print(f"  drained {sent} sends in {wall:.1f} s: {sent / wall:.1f} /s against the lane's configured "
              f"{pace:.0f} /s ({sent / wall / pace:.2f} x); wa:out backlog at most {backlog} entries")
        print(f"  wa-sender CPU while waiting on the pace: {cpu * 100:.1f} % of one core")
        print(f"  replies (webhook to Graph): before p50 {statistics.median(before):.0f} ms, max {max(before):.0f} ms;"
              f" during p50 {statistics.median(during):.0f} ms, max {max(during):.0f} ms"
              f" ({statistics.median(during) / statistics.median(before):.2f} x)")
        c.request("POST", f"/api/v1/broadcasts/{b['id']}/cancel")
    finally:
        stack.stop()


if __name__ == "__main__":
    main()
