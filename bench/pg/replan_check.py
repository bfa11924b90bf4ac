#!/usr/bin/python3
"""bench/pg/replan_check.py: do the services' prepared statements keep plans made on small tables? (issue 14, round 7)

    bench/pg/replan_check.py <build dir> [<bin dir>]

Starts bench/e2e.py's stack (bench_stack: private Redis and PostgreSQL with pg_stat_statements preloaded, track = all
so that the statements inside PL/pgSQL functions and triggers count too, track_planning = on), sets up e2e.py's
clinics (REPLAN_DOCTORS, 50, 20 KB entries each), and keeps the services started with the stack, as bench/e2e.py does:
their prepared statements (and the plans the PL/pgSQL functions cache in their sessions) are planned while messages
and patients are new, small and never analysed. Then:

1. grow: REPLAN_GROW (6000) webhooks of the mix (10 % unique texts, ai questions) and as many KB-only ones;
2. old: pg_stat_statements reset, REPLAN_WEBHOOKS (3000) KB-only webhooks and as many of the mix, per statement
   calls, mean execution and planning time; CPU per reply by process group (/proc, as e2e.py);
3. wa-router and wa-ai restarted (new sessions: every statement planned on the grown tables), a warm-up of
   REPLAN_WARM (1500) mix webhooks, then the same runs as 2 ("new").

The sender is not restarted (it re-plans every 10 s already): its statements are the control for what the
tables' growth and the machine's load alone do between 2 and 3. Prints, per statement seen in both, the mean
execution time old / new and the ratio, and each table's last (auto)analyse. Read the ratios against the sender's.

<bin dir> (default <build dir>/bin): the services' binaries (wa-loadgen is the build's). REPLAN_RESTART=0 stops
after 2: to compare two builds, run each so in turn (old, new, new, old) and compare their "old sessions" lines.
"""
import os
import re
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, ".."))


def env_int(name, default):
    return int(os.environ.get(name, default))


def norm(q):
    return re.sub(r"\s+", " ", q).strip()


def pss(su):
    with su.cursor() as cur:
        cur.execute("SELECT query, sum(calls), sum(total_exec_time), sum(plans), sum(total_plan_time)"
                    " FROM pg_stat_statements WHERE dbid = (SELECT oid FROM pg_database WHERE datname = 'wa')"
                    " GROUP BY query")
        return {norm(q): (int(c), float(e), int(p), float(pl)) for q, c, e, p, pl in cur.fetchall()}


def analysed(su):
    with su.cursor() as cur:
        cur.execute("SELECT relname, n_live_tup, last_analyze, last_autoanalyze FROM pg_stat_user_tables"
                    " WHERE relname IN ('messages', 'patients', 'kb_entries', 'ai_usage') ORDER BY relname")
        return cur.fetchall()


def phase(e2e, stack, su, build, doctors, label, kb_texts, texts, webhooks):
    with su.cursor() as cur:
        cur.execute("SELECT pg_stat_statements_reset()")
    before = e2e.cpu_snapshot(stack)
    n = 0
    for t, upct in ((kb_texts, 0), (texts, 10)):
        e2e.drain(stack, 300)
        r = e2e.loadgen(build, stack, doctors, 0, 10, t, 600,
                        env_int("REPLAN_PATIENTS", 20000), webhooks, upct)
        n += r["replies"]
        print(f"{label}: {r['replies']:.0f} replies (lost {r['lost']:.0f}, dup {r['duplicates']:.0f}), load average "
              f"{os.getloadavg()[0]:.1f}", flush=True)
    e2e.drain(stack, 300)
    cpu = e2e.cpu_delta(before, e2e.cpu_snapshot(stack))
    n = max(n, 1)
    groups = ["router", "router PG", "sender", "sender PG", "ai", "ai PG", "postgres other"]
    print(f"{label} CPU us/reply: " + ", ".join(f"{g} {cpu.get(g, 0) * 1e6 / n:.0f}" for g in groups), flush=True)
    return pss(su), n, cpu


def main():
    if len(sys.argv) not in (2, 3):
        raise SystemExit(__doc__)
    build = os.path.abspath(sys.argv[1])
    os.environ["WA_BIN_DIR"] = os.path.abspath(sys.argv[2]) if len(sys.argv) == 3 else os.path.join(build, "bin")
    import e2e
    texts = [q for q, _, _ in e2e.KB] + e2e.PARAPHRASES + e2e.AI_QUESTIONS
    kb_texts = [q for q, _, _ in e2e.KB] + e2e.PARAPHRASES
    tmp = os.path.join("/tmp", f"wa-replan-{os.getpid()}")
    os.makedirs(tmp)
    os.chmod(tmp, 0o755)
    stack = e2e.bench_stack(tmp, 100000)
    try:
        su = e2e.start_with_pgss(stack, track="all")
        stack.mock_config({"api": "gemini", "delay_ms": 0})
        doctors = e2e.setup_doctors(stack, env_int("REPLAN_DOCTORS", 50), 20, tmp)
        grow = env_int("REPLAN_GROW", 6000)
        for t, upct in ((texts, 10), (kb_texts, 0)):
            e2e.drain(stack, 300)
            e2e.loadgen(build, stack, doctors, 0, 10, t, 600, env_int("REPLAN_PATIENTS", 20000), grow, upct)
        print("after growing:", analysed(su), flush=True)
        w = env_int("REPLAN_WEBHOOKS", 3000)
        old, n_old, cpu_old = phase(e2e, stack, su, build, doctors, "old sessions", kb_texts, texts, w)
        print("after old:", analysed(su), flush=True)
        if not env_int("REPLAN_RESTART", 1):
            for q, (c, e, p, pl) in sorted(old.items(), key=lambda kv: -kv[1][1]):
                if e * 1000 / n_old >= 0.5:
                    print(f"{c / n_old:>8.3f} calls/r {e * 1000 / max(c, 1):>9.1f} us/call {e * 1000 / n_old:>8.1f} us/r"
                          f"  {q[:110]}")
            return
        for s in ("router", "ai"):
            stack.stop_service(s)
            stack.start_service(s)
        e2e.drain(stack, 300)
        e2e.loadgen(build, stack, doctors, 0, 10, texts, 600, env_int("REPLAN_PATIENTS", 20000),
                    env_int("REPLAN_WARM", 1500), 10)
        new, n_new, cpu_new = phase(e2e, stack, su, build, doctors, "new sessions", kb_texts, texts, w)
        print("after new:", analysed(su), flush=True)
        print(f"\n{'calls/r old':>11} {'new':>7} {'exec us old':>11} {'new':>9} {'ratio':>6} {'plans old':>9} "
              f"{'new':>6}  statement")
        rows = []
        for q, (c, e, p, pl) in old.items():
            if q not in new:
                continue
            c2, e2, p2, pl2 = new[q]
            if (e / n_old + e2 / n_new) * 1000 < 0.5:  # under half a microsecond a reply in both: noise
                continue
            rows.append((e * 1000 / n_old, q, c, e, p, c2, e2, p2))
        for _, q, c, e, p, c2, e2, p2 in sorted(rows, reverse=True):
            m1, m2 = e * 1000 / max(c, 1), e2 * 1000 / max(c2, 1)
            print(f"{c / n_old:>11.3f} {c2 / n_new:>7.3f} {m1:>11.1f} {m2:>9.1f} {m2 / max(m1, 1e-9):>6.2f} "
                  f"{p:>9} {p2:>6}  {q[:110]}")
        for g in ("router PG", "ai PG", "sender PG"):
            a, b = cpu_old.get(g, 0) * 1e6 / n_old, cpu_new.get(g, 0) * 1e6 / n_new
            print(f"{g}: {a:.0f} -> {b:.0f} us per reply ({b / max(a, 1e-9):.2f})")
    finally:
        stack.stop()
        subprocess.run(["rm", "-rf", tmp], check=False)


if __name__ == "__main__":
    main()
