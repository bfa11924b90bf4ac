#!/usr/bin/python3
"""What a model answer costs the ai's PostgreSQL backend, statement by statement (issue 14, round 7).

    bench/ai/pgcost.py <build dir> [<other wa-ai binary> ...]

Starts bench/e2e.py's stack (private Redis and PostgreSQL, wa-mock, the four services from <build dir>/bin) with
pg_stat_statements preloaded (track = top, track_planning = on), sets up e2e.py's clinics (AIPG_DOCTORS, 50, each
with its own number and 20 KB entries), warms the tables with one unmeasured run, then for AIPG_ROUNDS (2) rounds
runs the mix's saturation (AIPG_WEBHOOKS (3000) webhooks, 10 % unique texts, the ai's questions among them) once per
wa-ai binary, their order alternating from round to round (ABBA): the same stack, the same tables. wa-ai is restarted
from the binary before each run. With AIPG_HISTORY=n, every ai question of the measured runs comes from one of n
patients per clinic (their conversations grow over the runs, as a long-lived clinic's do) instead of the loadgen's
AIPG_PATIENTS (20000) spread.

Per run: the ai's answers (wa_ai_calls_total, all results), the ai backend's CPU per answer (/proc, the backend
told apart by application_name, as e2e.py does), the load average, and every statement of the ai (pg_stat_statements,
reset before the run): calls per answer, mean execution and planning time, plans, rows and shared buffers hit per
call, us per answer. Last, a summary per binary over its rounds. Figures are noisy on a shared machine: compare the
binaries within one run.
"""
import os
import re
import subprocess
import sys
import time
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, ".."))

# Statements wa-ai runs (a prefix of their text as pg_stat_statements shows it, whitespace collapsed).
AI_SQL = [
    "SELECT direction, body FROM messages",
    "SELECT q.i, h.direction, h.body",
    "SELECT name, coalesce(clinic_name",
    "INSERT INTO ai_usage",
    "UPDATE kb_entries SET hits",
    "UPDATE messages SET flag",
    "INSERT INTO handoffs",
]


def env_int(name, default):
    return int(os.environ.get(name, default))


def norm(q):
    return re.sub(r"\s+", " ", q).strip()


def is_ai(q):
    q = norm(q)
    return any(q.startswith(p) for p in AI_SQL)


def ai_answers(stack):
    body = urllib.request.urlopen(f"http://127.0.0.1:{stack.ops['ai']}/metrics", timeout=5).read().decode()
    return sum(float(v) for v in re.findall(r"^wa_ai_calls_total\{[^}]*\} ([0-9.e+]+)", body, re.M))


def start_ai(stack, binary):
    import conftest
    stack.stop_service("ai")
    stack.spawn("ai", [binary], {"OPS_PORT": str(stack.ops["ai"])})
    conftest.wait_for(lambda: stack._ready("ai"), timeout=30, what="wa-ai /readyz")


def pss(su):
    with su.cursor() as cur:
        cur.execute("SELECT query, calls, total_exec_time, plans, total_plan_time, rows, shared_blks_hit + "
                    "shared_blks_read FROM pg_stat_statements WHERE dbid = (SELECT oid FROM pg_database WHERE "
                    "datname = 'wa')")
        return [r for r in cur.fetchall() if is_ai(r[0])]


def one_run(e2e, stack, su, build, doctors, label, texts, patients, requests):
    e2e.drain(stack, 300)
    with su.cursor() as cur:
        cur.execute("SELECT pg_stat_statements_reset()")
    time.sleep(0.2)
    la = os.getloadavg()[0]
    a0 = ai_answers(stack)
    before = e2e.cpu_snapshot(stack)
    r = e2e.loadgen(build, stack, doctors, 0, 10, texts, 600, patients, requests, 10)
    e2e.drain(stack, 300)
    cpu = e2e.cpu_delta(before, e2e.cpu_snapshot(stack))
    n = max(ai_answers(stack) - a0, 1)
    rows = pss(su)
    print(f"\n=== {label}: {n:.0f} ai answers, {r['replies']:.0f} replies (lost {r['lost']:.0f}, dup "
          f"{r['duplicates']:.0f}), load average {la:.1f}; ai PG {cpu.get('ai PG', 0) * 1e6 / n:.0f} us per ai "
          f"answer, ai {cpu.get('ai', 0) * 1e6 / n:.0f}", flush=True)
    print(f"{'calls':>7} {'/answer':>7} {'exec us':>8} {'plans':>6} {'plan us':>8} {'rows/c':>7} {'blks/c':>7} "
          f"{'us/answer':>9}  statement")
    for q, calls, ex, plans, pl, nrows, blks in sorted(rows, key=lambda x: -(x[2] + x[4])):
        c = max(calls, 1)
        print(f"{calls:>7} {calls / n:>7.3f} {ex * 1000 / c:>8.1f} {plans:>6} {pl * 1000 / max(plans, 1):>8.1f} "
              f"{nrows / c:>7.1f} {blks / c:>7.1f} {(ex + pl) * 1000 / n:>9.1f}  {norm(q)[:90]}", flush=True)
    return {"answers": n, "cpu": cpu, "load": la, "calls": sum(x[1] for x in rows),
            "sql_us": sum(x[2] + x[4] for x in rows) * 1000}


def main():
    if len(sys.argv) < 2:
        raise SystemExit(__doc__)
    build = os.path.abspath(sys.argv[1])
    os.environ["WA_BIN_DIR"] = os.path.join(build, "bin")
    import e2e
    binaries = [os.path.join(build, "bin", "wa-ai")] + [os.path.abspath(b) for b in sys.argv[2:]]
    webhooks = env_int("AIPG_WEBHOOKS", 3000)
    texts = [q for q, _, _ in e2e.KB] + e2e.PARAPHRASES + e2e.AI_QUESTIONS
    tmp = os.path.join("/tmp", f"wa-aipg-{os.getpid()}")
    os.makedirs(tmp)
    os.chmod(tmp, 0o755)
    stack = e2e.bench_stack(tmp, 100000)
    res = {b: [] for b in binaries}
    patients = env_int("AIPG_HISTORY", 0) or env_int("AIPG_PATIENTS", 20000)
    try:
        su = e2e.start_with_pgss(stack)
        stack.mock_config({"api": "gemini", "delay_ms": 0})
        doctors = e2e.setup_doctors(stack, env_int("AIPG_DOCTORS", 50), 20, tmp)
        print(f"ai pgcost: {len(binaries)} wa-ai binaries, {webhooks} webhooks a run, {patients} patients, load "
              f"average {os.getloadavg()[0]:.1f}", flush=True)
        e2e.loadgen(build, stack, doctors, 0, 10, texts, 600, patients, webhooks, 10)  # warm-up
        with su.cursor() as cur:
            cur.execute("ANALYZE")
        for rnd in range(env_int("AIPG_ROUNDS", 2)):
            order = binaries if rnd % 2 == 0 else list(reversed(binaries))
            for b in order:
                start_ai(stack, b)
                e2e.loadgen(build, stack, doctors, 0, 10, texts, 600, patients, 300, 10)  # warm the new backend
                tag = f"{os.path.relpath(b)}, round {rnd + 1}"
                res[b].append(one_run(e2e, stack, su, build, doctors, tag, texts, patients, webhooks))
        print("\nsummary over the rounds (per ai answer)")
        for b, rs in res.items():
            n = sum(x["answers"] for x in rs)
            loads = ", ".join(f"{x['load']:.1f}" for x in rs)
            print(f"{os.path.relpath(b):<40} answers {n:.0f}: ai PG {sum(x['cpu'].get('ai PG', 0) for x in rs) * 1e6 / n:.0f}"
                  f" us CPU, statements {sum(x['calls'] for x in rs) / n:.2f} taking {sum(x['sql_us'] for x in rs) / n:.0f}"
                  f" us, ai {sum(x['cpu'].get('ai', 0) for x in rs) * 1e6 / n:.0f} us CPU; loads "
                  f"{loads}")
    finally:
        stack.stop()
        subprocess.run(["rm", "-rf", tmp], check=False)


if __name__ == "__main__":
    main()
