#!/usr/bin/python3
"""bench/pg/router_statements.py: where the router's PostgreSQL time goes per KB reply (issue 14, round 5).

Usage: bench/pg/router_statements.py BUILD_DIR [NAME=ROUTER_BINARY[,SQL_FILE] ...]

Starts the whole stack of the e2e benchmark (tests/e2e/conftest.py: private Redis and PostgreSQL, the mock, the real
services from BUILD_DIR/bin), with pg_stat_statements preloaded (track = all, track_planning = on), and the router
logged in to PostgreSQL as a role of its own (bench_router, a member of wa_router) so that its statements are told
apart from the other services'. ROUTER_STATS_DOCTORS (10) doctors with 20 KB entries each; the load is bench/e2e.py's
KB-only saturation row (the 20 KB questions and 10 paraphrases, no unique texts); with ROUTER_STATS_UNIQUE_PCT=10 the
mix of bench/mix_sat.py (its ai questions too, and that share of texts made unique: new texts the router analyses).

Each named router binary (default: BUILD_DIR's wa-router, named "now") runs in turn, ROUTER_STATS_ROUNDS (2) times,
interleaved (a, b, a, b); a variant's SQL file, when given, is run as the tables' owner before each of its runs
(e.g. bench/pg/triggers_row.sql against deploy/migrations/037_perf5.sql compares the triggers). A run starts the
router, warms its answer cache with ROUTER_STATS_WARM (3000) webhooks, resets pg_stat_statements and sends
ROUTER_STATS_WEBHOOKS (4000) webhooks as fast as 64 connections go. It prints every statement the router ran (calls
per reply, mean execution and planning time, us per reply; "(nested)": run inside another, e.g. by a trigger), their
sum, and the router backend's CPU from /proc (utime + stime) per reply. The statements' times are wall-clock: on a
busy machine they include waiting for a core, so their sum may exceed the CPU. Last, each variant's CPU per reply
and its ratio to the first variant's in the same round.

ROUTER_STATS_MIN_US (0.5): a statement under that many us a reply, called less than once in ten replies, is not printed.
ROUTER_STATS_EXPLAIN=RATE logs the plans of that share of the statements of the sessions opened after the start
(auto_explain: the routers') into the server's log, copied into ROUTER_STATS_KEEP (a folder) when set; with
ROUTER_STATS_EXPLAIN_ANALYZE=1 the plans carry each node's rows, time and buffers and the triggers' times.
ROUTER_STATS_PERF=DIR records a perf profile of the router's backends during each run into DIR.
ROUTER_STATS_PGDATA=DIR: a stopped server's data folder already migrated from this checkout (deploy/local/infra.sh's
DIR/pg after `wactl migrate`), copied in instead of migrating a fresh database (a fresh migrate takes 20 s on a quiet
machine, 5-9 minutes at load 7, past the fixture's 300 s). The machine is shared and noisy: read ratios between
variants of the same run, not absolutes."""
import os
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, ".."))
sys.path.insert(0, os.path.join(HERE, "..", "..", "tests", "e2e"))


def env_int(name, default):
    return int(os.environ.get(name, default))


def psql_super(stack, *sql, db="postgres"):
    """Runs each statement in turn in one session as the superuser (the private server trusts local logins)."""
    argv = ["psql", "-h", "127.0.0.1", "-p", str(stack.pg_port), "-U", "postgres", "-d", db, "-qtAX"]
    for q in sql:
        argv += ["-c", q]
    r = subprocess.run(argv, capture_output=True, text=True)
    if r.returncode != 0:
        raise SystemExit(f"psql: {r.stderr}")


def cpu_snapshot(stack, e2e):
    """e2e.cpu_snapshot, with the router's backends (logged in as bench_router) in the group "router PG"."""
    snap = e2e.cpu_snapshot(stack)
    for (pid,) in stack.sql("SELECT pid FROM pg_stat_activity WHERE usename = 'bench_router'"):
        if pid in snap:
            snap[pid] = ("router PG", snap[pid][1])
    return snap


def main():
    if len(sys.argv) < 2:
        raise SystemExit(__doc__)
    build = os.path.abspath(sys.argv[1])
    os.environ["WA_BIN_DIR"] = os.path.join(build, "bin")
    import conftest  # reads WA_BIN_DIR when imported
    import e2e

    variants = []
    sqls = {}
    for a in sys.argv[2:]:
        name, path = a.split("=", 1)
        if "," in path:
            path, sqls[name] = path.split(",", 1)
        variants.append((name, os.path.abspath(path)))
    if not variants:
        variants = [("now", os.path.join(build, "bin", "wa-router"))]
    ndoctors = env_int("ROUTER_STATS_DOCTORS", 10)
    rounds = env_int("ROUTER_STATS_ROUNDS", 2)
    warm = env_int("ROUTER_STATS_WARM", 3000)
    webhooks = env_int("ROUTER_STATS_WEBHOOKS", 4000)
    patients = env_int("BENCH_PATIENTS", 20000)
    texts = [q for q, _, _ in e2e.KB] + e2e.PARAPHRASES
    upct = env_int("ROUTER_STATS_UNIQUE_PCT", 0)  # 10: bench/mix_sat.py's mix (its ai questions, unique texts)
    if upct > 0:
        texts += e2e.AI_QUESTIONS

    tmp = tempfile.mkdtemp(prefix="wa-bench-router-pg-")
    os.chmod(tmp, 0o755)
    stack = e2e.bench_stack(tmp, 100000)
    try:
        if os.environ.get("ROUTER_STATS_PGDATA"):  # a migrated template: the migrate below finds nothing to apply
            os.makedirs(os.path.join(tmp, "infra"))
            subprocess.run(["cp", "-a", os.path.join(os.environ["ROUTER_STATS_PGDATA"], "."),
                            os.path.join(tmp, "infra", "pg")], check=True)
            migrate = stack.wactl

            def wactl(*args, **kw):
                out = migrate(*args, **kw)
                return out + "\napplied 001_init (ROUTER_STATS_PGDATA)" if args[:1] == ("migrate",) else out
            stack.wactl = wactl
        stack.start()
        # pg_stat_statements needs a restart of PostgreSQL: the services go down and up around it
        psql_super(stack, "ALTER SYSTEM SET shared_preload_libraries = 'pg_stat_statements'")
        for s in conftest.SERVICES:
            stack.stop_service(s)
        stack.pg.close()
        stack.stop_postgres()
        stack.start_infra()
        psql_super(stack, "ALTER SYSTEM SET pg_stat_statements.track = 'all'",
                   "ALTER SYSTEM SET pg_stat_statements.track_planning = on", "SELECT pg_reload_conf()")
        if os.environ.get("ROUTER_STATS_EXPLAIN"):  # plans of the router's statements (sampled) into the server's log
            psql_super(stack, "LOAD 'auto_explain'", "ALTER SYSTEM SET session_preload_libraries = 'auto_explain'",
                       "ALTER SYSTEM SET auto_explain.log_min_duration = 0",
                       "ALTER SYSTEM SET auto_explain.sample_rate = " + os.environ["ROUTER_STATS_EXPLAIN"],
                       "SELECT pg_reload_conf()")
            if os.environ.get("ROUTER_STATS_EXPLAIN_ANALYZE"):  # with each node's time, buffers and triggers
                psql_super(stack, "ALTER SYSTEM SET auto_explain.log_analyze = on",
                           "ALTER SYSTEM SET auto_explain.log_buffers = on",
                           "ALTER SYSTEM SET auto_explain.log_triggers = on", "SELECT pg_reload_conf()")
        psql_super(stack, "CREATE EXTENSION IF NOT EXISTS pg_stat_statements",
                   "GRANT EXECUTE ON FUNCTION pg_stat_statements_reset TO wa", "GRANT pg_read_all_stats TO wa", db="wa")
        psql_super(stack, "CREATE ROLE bench_router LOGIN PASSWORD 'bench' IN ROLE wa_router", db="wa")
        router_url = stack.env["DATABASE_URL"].replace("wa:wa@", "bench_router:bench@")
        for s in conftest.SERVICES:
            if s != "router":
                stack.start_service(s)
        stack.mock_config({"api": "gemini", "delay_ms": 0})
        router_uid = stack.sql("SELECT oid FROM pg_roles WHERE rolname = 'bench_router'")[0][0]

        def start_router(path):
            stack.stop_service("router")
            key = "router"
            stack.spawn(key, [path], {"OPS_PORT": str(stack.ops[key]), "DATABASE_URL": router_url})
            conftest.wait_for(lambda: stack._ready(key), timeout=30, what="wa-router /readyz")

        start_router(variants[0][1])
        doctors = e2e.setup_doctors(stack, ndoctors, 20, tmp)
        print(f"\nrouter statements: {ndoctors} doctors x 20 KB entries, {len(texts)} KB texts, warm-up {warm}, "
              f"{webhooks} webhooks a run, {upct} % unique texts, {rounds} round(s) of {', '.join(n for n, _ in variants)}; load average "
              f"{os.getloadavg()[0]:.1f}", flush=True)
        totals = {n: [] for n, _ in variants}
        for r in range(rounds):
            for name, path in variants:
                if name in sqls:
                    with open(sqls[name]) as f:
                        with stack.pg.cursor() as cur:
                            cur.execute(f.read())
                start_router(path)
                e2e.drain(stack, 300)
                e2e.loadgen(build, stack, doctors, 0, 10, texts, 120, patients, warm, upct)
                e2e.drain(stack, 300)
                stack.sql("SELECT pg_stat_statements_reset()")
                load0 = os.getloadavg()[0]
                snap0 = cpu_snapshot(stack, e2e)
                perf = None
                if os.environ.get("ROUTER_STATS_PERF"):  # a profile of the router's backends during the run
                    pids = [str(p) for (p,) in stack.sql(
                        "SELECT pid FROM pg_stat_activity WHERE usename = 'bench_router'")]
                    perf_out = os.path.join(os.environ["ROUTER_STATS_PERF"], f"{name}-{r + 1}.data")
                    perf = subprocess.Popen(["perf", "record", "-q", "-F", "499", "-g", "-o", perf_out, "-p",
                                             ",".join(pids)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
                t0 = time.monotonic()
                res = e2e.loadgen(build, stack, doctors, 0, 10, texts, 120, patients, webhooks, upct)
                wall = time.monotonic() - t0
                if perf is not None:
                    perf.send_signal(2)
                    perf.wait()
                snap1 = cpu_snapshot(stack, e2e)
                cpu = e2e.cpu_delta(snap0, snap1)
                backend_us = cpu.get("router PG", 0.0) * 1e6
                replies = max(res["replies"], 1)
                rows = stack.sql(
                    "SELECT calls, total_exec_time, total_plan_time, plans, rows, toplevel, query"
                    " FROM pg_stat_statements WHERE userid = %s ORDER BY total_exec_time + total_plan_time DESC",
                    router_uid)
                print(f"\n[{name}, round {r + 1}] {res['replies']:.0f} replies of {res['texts']:.0f} texts "
                      f"(lost {res['lost']:.0f}, dup {res['duplicates']:.0f}), {res['delivered_per_s']:.0f} replies/s, "
                      f"{wall:.1f} s, load average {load0:.1f} -> {os.getloadavg()[0]:.1f}")
                print(f"  {'calls/reply':>11} {'exec us':>8} {'plan us':>8} {'plans/call':>10} {'us/reply':>9}  statement")
                top_sum = 0.0
                for calls, ex, pl, plans, nrows, toplevel, q in rows:
                    per = (ex + pl) * 1000 / replies
                    if toplevel:
                        top_sum += per
                    if calls == 0 or (per < float(os.environ.get("ROUTER_STATS_MIN_US", "0.5")) and calls < replies / 10):
                        continue
                    q1 = " ".join(q.split())
                    print(f"  {calls / replies:>11.3f} {ex * 1000 / calls:>8.1f} "
                          f"{(pl * 1000 / plans) if plans else 0:>8.1f} {plans / calls:>10.2f} {per:>9.1f}  "
                          f"{'' if toplevel else '(nested) '}{q1[:110]}")
                per_reply = backend_us / replies
                print(f"  top-level statements (exec + plan): {top_sum:.1f} us/reply; router backend CPU: "
                      f"{per_reply:.1f} us/reply; not in statements: {per_reply - top_sum:.1f} us/reply")
                print("  CPU per reply by group, us: " + ", ".join(
                    f"{g} {v * 1e6 / replies:.0f}" for g, v in sorted(cpu.items()) if g != "mock"))
                totals[name].append((per_reply, top_sum, res["delivered_per_s"], load0))
        base = totals[variants[0][0]]
        print(f"\n{'variant':<10} {'backend us/reply':>18} {'statements us/reply':>20} {'replies/s':>10} "
              f"{'ratio to ' + variants[0][0]:>14}")
        for name, _ in variants:
            t = totals[name]
            for i, (b, s, rps, la) in enumerate(t):
                ratio = b / base[i][0] if base[i][0] else 0
                print(f"{name:<10} {b:>18.1f} {s:>20.1f} {rps:>10.0f} {ratio:>14.2f}  (round {i + 1}, load {la:.1f})")
    finally:
        stack.stop()
        if os.environ.get("ROUTER_STATS_KEEP"):
            subprocess.run(["cp", os.path.join(tmp, "infra", "pg.log"), os.environ["ROUTER_STATS_KEEP"]], check=False)
        subprocess.run(["rm", "-rf", tmp], check=False)


if __name__ == "__main__":
    main()
