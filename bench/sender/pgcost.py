#!/usr/bin/python3
"""What a reply costs the sender's PostgreSQL backend and Redis, statement by statement (issue 14, round 5).

    bench/sender/pgcost.py <build dir> [<other wa-sender binary> | sql=<statement> ...]
    bench/sender/pgcost.py --summary <build dir>/pgcost.json

Starts bench/e2e.py's stack (tests/e2e/conftest.py: private Redis and PostgreSQL, wa-mock, the four services from
<build dir>/bin) with pg_stat_statements preloaded (track = top, track_planning = on), sets up e2e.py's clinics
(PGCOST_DOCTORS, 50, each with its own number and 20 KB entries) and runs, for each sender binary in turn (the build's
own first, then the others: the same stack, the same tables, interleaved PGCOST_ROUNDS (1) times), the saturation
runs of e2e.py: KB questions only and the mix (10 % unique texts, ai questions), PGCOST_WEBHOOKS (2000) webhooks
each. For every run it prints:

- CPU per reply by process group (/proc, as e2e.py: backends told apart by application_name);
- every statement pg_stat_statements saw (reset before the run), the sender's marked `S`: calls, calls per reply,
  mean execution and planning time, us per reply; the sum of the sender's against its backend's CPU;
- Redis' `INFO commandstats` difference: calls per reply and us per reply for each command (all clients).

A variant `sql=<statement>` runs the build's own sender after that statement (as the superuser).
PGCOST_FRESH=1 skips the warm-up and runs the first variant's first round with the sender started with the stack, as
bench/e2e.py does (its prepared statements planned on the new, never analysed tables; issue 14, round 7).

Then one short run per binary (PGCOST_MONITOR_WEBHOOKS, 500, the mix) under MONITOR attributes Redis commands to the
program owning each connection (ss -tnp): calls per reply per service and command, commands run inside scripts not
counted; MONITOR slows Redis, so this run's CPU is not printed. Last, a summary per variant over its rounds (again
from the saved <build dir>/pgcost.json with --summary). Figures are noisy on a shared machine: compare variants
within a run.
"""
import json
import os
import re
import subprocess
import sys
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, ".."))

# Statements the sender runs (a prefix of their text as pg_stat_statements shows it, whitespace collapsed).
SENDER_SQL = [
    "INSERT INTO messages (doctor_id, patient_id, direction, out_id",
    "SELECT q.d, q.p FROM unnest(",
    "SELECT q.i FROM unnest(",
    "SELECT coalesce(whatsapp_phone_number_id",
    "SELECT broadcast_start_due()",
    "SELECT pg_try_advisory_lock(",
    "SELECT pg_advisory_unlock(",
    "UPDATE patients SET window_closed_at",
    "SELECT wa_id FROM patients WHERE doctor_id = $1::uuid AND (user_id",
    "INSERT INTO credential_events",
    "SELECT id, doctor_id, kind FROM media",
]


def env_int(name, default):
    return int(os.environ.get(name, default))


def norm(q):
    return re.sub(r"\s+", " ", q).strip()


def is_sender(q):
    q = norm(q)
    return any(q.startswith(p) for p in SENDER_SQL)


def start_sender(stack, binary):
    """(Re)starts wa-sender from `binary` under the stack's name 'sender'."""
    import conftest
    stack.stop_service("sender")
    stack.spawn("sender", [binary], {"OPS_PORT": str(stack.ops["sender"])})
    conftest.wait_for(lambda: stack._ready("sender"), timeout=30, what="wa-sender /readyz")


def commandstats(r):
    out = {}
    for k, v in r.info("commandstats").items():
        out[k[len("cmdstat_"):]] = (int(v["calls"]), int(v["usec"]))
    return out


def pss(su):
    with su.cursor() as cur:
        cur.execute("SELECT query, calls, total_exec_time, plans, total_plan_time, max_exec_time FROM pg_stat_statements"
                    " WHERE dbid = (SELECT oid FROM pg_database WHERE datname = 'wa')")
        return cur.fetchall()


def xact(su):
    with su.cursor() as cur:
        cur.execute("SELECT xact_commit + xact_rollback FROM pg_stat_database WHERE datname = 'wa'")
        return int(cur.fetchone()[0])


def one_run(e2e, stack, su, build, doctors, label, texts, upct, requests):
    e2e.drain(stack, 300)
    with su.cursor() as cur:
        cur.execute("SELECT pg_stat_statements_reset()")
    time.sleep(0.2)
    cs0, x0 = commandstats(stack.redis), xact(su)
    before = e2e.cpu_snapshot(stack)
    t = time.monotonic()
    r = e2e.loadgen(build, stack, doctors, 0, 10, texts, 600, env_int("PGCOST_PATIENTS", 20000), requests, upct)
    cpu = e2e.cpu_delta(before, e2e.cpu_snapshot(stack))
    wall = time.monotonic() - t
    cs1, x1 = commandstats(stack.redis), xact(su)
    rows = pss(su)
    n = max(r["replies"], 1)
    print(f"\n=== {label}: {r['replies']:.0f} replies of {r['texts']:.0f} (lost {r['lost']:.0f}, dup "
          f"{r['duplicates']:.0f}), {r['delivered_per_s']:.0f} replies/s, wall {wall:.1f} s, load average "
          f"{os.getloadavg()[0]:.1f}")
    groups = ["router", "router PG", "sender", "sender PG", "redis", "ingress", "ai", "ai PG", "postgres other"]
    print("CPU us/reply: " + ", ".join(f"{g} {cpu.get(g, 0) * 1e6 / n:.0f}" for g in groups) +
          f"; total {sum(v for g, v in cpu.items() if g != 'mock') * 1e6 / n:.0f}")
    print(f"PostgreSQL transactions (all services): {(x1 - x0) / n:.2f} per reply")
    print(f"{'':1} {'calls':>7} {'/reply':>7} {'exec us':>8} {'plans':>6} {'plan us':>8} {'us/reply':>9} "
          f"{'plan/reply':>10} {'max ms':>7}  statement")
    s_exec = s_plan = s_calls = 0.0
    for q, calls, ex, plans, pl, mx in sorted(rows, key=lambda x: -(x[2] + x[4])):
        mine = is_sender(q)
        if mine:
            s_exec += ex
            s_plan += pl
            s_calls += calls
        if not mine and (ex + pl) * 1000 / n < 1.0:
            continue
        print(f"{'S' if mine else ' '} {calls:>7} {calls / n:>7.3f} {ex * 1000 / max(calls, 1):>8.1f} {plans:>6} "
              f"{pl * 1000 / max(plans, 1):>8.1f} {ex * 1000 / n:>9.1f} {pl * 1000 / n:>10.1f} {mx:>7.1f}  {norm(q)[:80]}")
    print(f"sender's statements: {s_calls / n:.3f} calls per reply, {s_exec * 1000 / n:.1f} us exec + "
          f"{s_plan * 1000 / n:.1f} us planning per reply, against its backend's CPU "
          f"{cpu.get('sender PG', 0) * 1e6 / n:.0f} us per reply")
    print(f"{'redis command':<22} {'calls':>8} {'/reply':>8} {'us/call':>8} {'us/reply':>9}")
    for cmd, (c1, u1) in sorted(cs1.items(), key=lambda kv: -(kv[1][1] - cs0.get(kv[0], (0, 0))[1])):
        c0, u0 = cs0.get(cmd, (0, 0))
        if c1 - c0 <= 0 or cmd in ("info", "config|resetstat"):
            continue
        print(f"{cmd:<22} {c1 - c0:>8} {(c1 - c0) / n:>8.3f} {(u1 - u0) / (c1 - c0):>8.1f} {(u1 - u0) / n:>9.1f}")
    return {"replies": n, "cpu": cpu, "statements": [(norm(q), c, e, p, pl) for q, c, e, p, pl, _ in rows],
            "redis": {k: (v[0] - cs0.get(k, (0, 0))[0], v[1] - cs0.get(k, (0, 0))[1]) for k, v in cs1.items()}}


def monitor_run(e2e, stack, build, doctors, texts, requests):
    """Redis commands per reply per ACL user, from MONITOR during one short run."""
    import conftest
    e2e.drain(stack, 300)
    counts = {}
    users = {}
    mon_client = stack.redis_client(decode_responses=True)

    def users_now():
        """Each Redis client address -> the program that owns its socket (ss -tnp), else its ACL user."""
        progs = {}
        out = subprocess.run(["ss", "-Htnp", "state", "established"], capture_output=True, text=True).stdout
        for line in out.splitlines():
            m = re.search(r"(\S+)\s+\S+\s+users:\(\(\"([^\"]+)\"", line)
            if m:
                progs[m.group(1)] = m.group(2)
        for f in stack.redis.client_list():
            users[f.get("addr", "")] = progs.get(f.get("addr", ""), "user " + f.get("user", "?"))

    def watch():
        with mon_client.monitor() as m:
            for cmd in m.listen():
                if "pgcost-end" in cmd["command"]:  # everything before it is read
                    break
                if cmd.get("client_type") == "lua":
                    continue
                addr = f"{cmd.get('client_address')}:{cmd.get('client_port')}"
                name = cmd["command"].split(" ", 1)[0].strip('"').lower()
                counts[(addr, name)] = counts.get((addr, name), 0) + 1

    users_now()
    th = threading.Thread(target=watch, daemon=True)
    th.start()
    time.sleep(0.5)
    r = e2e.loadgen(build, stack, doctors, 0, 10, texts, 600, env_int("PGCOST_PATIENTS", 20000), requests, 10)
    users_now()
    stack.redis.echo("pgcost-end")
    th.join(timeout=300)
    n = max(r["replies"], 1)
    per = {}
    for (addr, name), c in counts.items():
        u = users.get(addr, "?")
        per[(u, name)] = per.get((u, name), 0) + c
    print(f"\n=== MONITOR run (mix, {r['replies']:.0f} replies): Redis commands per reply by program "
          "(commands inside scripts not counted)")
    tot = {}
    for (u, name), c in sorted(per.items(), key=lambda kv: (kv[0][0], -kv[1])):
        if u.startswith("python"):
            continue
        tot[u] = tot.get(u, 0) + c
        print(f"  {u:<14} {name:<14} {c / n:>7.3f}")
    for u, c in sorted(tot.items()):
        print(f"  {u:<14} {'all':<14} {c / n:>7.3f}")
    _ = conftest
    return per, n


def summary(out, names):
    """Per variant, summed over its rounds: CPU per reply and the sender's statements and Redis calls per reply."""
    print("\nsummary, summed over the rounds (us per reply unless said; statements: the sender's)")
    print(f"{'load':<5} {'variant':<44} {'replies':>7} {'sender':>7} {'snd PG':>7} {'redis':>7} {'total':>7} "
          f"{'stmts/r':>8} {'exec':>7} {'plan':>6} {'evalsha/r':>9} {'creds/r':>8}")
    for load in ("kb", "mix"):
        for bi, name in enumerate(names):
            runs = [v for k, v in out.items() if k.startswith(f"{load} {bi} ")]
            if not runs:
                continue
            n = sum(r["replies"] for r in runs)
            cpu = {}
            for r in runs:
                for g, v in r["cpu"].items():
                    cpu[g] = cpu.get(g, 0.0) + v
            st = [s for r in runs for s in r["statements"] if is_sender(s[0])]
            creds = sum(s[1] for s in st if s[0].startswith("SELECT coalesce(whatsapp_phone_number_id"))
            ev = sum(r["redis"].get("evalsha", (0, 0))[0] for r in runs)
            print(f"{load:<5} {name[:44]:<44} {n:>7} {cpu.get('sender', 0) * 1e6 / n:>7.0f} "
                  f"{cpu.get('sender PG', 0) * 1e6 / n:>7.0f} {cpu.get('redis', 0) * 1e6 / n:>7.0f} "
                  f"{sum(v for g, v in cpu.items() if g != 'mock') * 1e6 / n:>7.0f} "
                  f"{sum(s[1] for s in st) / n:>8.3f} {sum(s[2] for s in st) * 1000 / n:>7.1f} "
                  f"{sum(s[4] for s in st) * 1000 / n:>6.1f} {ev / n:>9.2f} {creds / n:>8.3f}")


def main():
    if len(sys.argv) == 3 and sys.argv[1] == "--summary":  # again from a run's pgcost.json
        with open(sys.argv[2]) as f:
            data = json.load(f)
        summary(data["runs"], data["variants"])
        return
    if len(sys.argv) < 2:
        raise SystemExit(__doc__)
    build = os.path.abspath(sys.argv[1])
    os.environ["WA_BIN_DIR"] = os.path.join(build, "bin")
    import e2e
    # a variant: another wa-sender binary, or "sql=<statement>": the build's own sender after that SQL (superuser)
    binaries = [os.path.join(build, "bin", "wa-sender")] + [b if b.startswith("sql=") else os.path.abspath(b)
                                                             for b in sys.argv[2:]]
    webhooks = env_int("PGCOST_WEBHOOKS", 2000)
    texts = [q for q, _, _ in e2e.KB] + e2e.PARAPHRASES + e2e.AI_QUESTIONS
    kb_texts = [q for q, _, _ in e2e.KB] + e2e.PARAPHRASES
    tmp = os.path.join("/tmp", f"wa-pgcost-{os.getpid()}")
    os.makedirs(tmp)
    os.chmod(tmp, 0o755)
    stack = e2e.bench_stack(tmp, 100000)
    out = {}
    try:
        su = e2e.start_with_pgss(stack)
        stack.mock_config({"api": "gemini", "delay_ms": 0})
        doctors = e2e.setup_doctors(stack, env_int("PGCOST_DOCTORS", 50), 20, tmp)
        print(f"pgcost: {len(binaries)} sender binar{'y' if len(binaries) == 1 else 'ies'}, {webhooks} webhooks a "
              f"run, load average {os.getloadavg()[0]:.1f}")
        fresh = env_int("PGCOST_FRESH", 0)
        if not fresh:  # warm-up: the tables and the answer cache as a first run leaves them
            e2e.loadgen(build, stack, doctors, 0, 10, texts, 600, env_int("PGCOST_PATIENTS", 20000), webhooks, 10)
        for rnd in range(env_int("PGCOST_ROUNDS", 1)):
            for bi, b in enumerate(binaries):
                if fresh and rnd == 0 and bi == 0:  # as bench/e2e.py runs it: the sender of the stack's start
                    tag = f"sender 0 as started with the stack (PGCOST_FRESH), round {rnd + 1}"
                elif b.startswith("sql="):
                    with su.cursor() as cur:
                        cur.execute(b[4:])
                    start_sender(stack, binaries[0])
                    tag = f"variant {bi} ({b[4:][:60]}), round {rnd + 1}"
                else:
                    start_sender(stack, b)
                    tag = f"sender {bi} ({os.path.basename(os.path.dirname(os.path.dirname(b)))}/"\
                          f"{os.path.basename(b)}), round {rnd + 1}"
                out[f"kb {bi} {rnd}"] = one_run(e2e, stack, su, build, doctors, "KB only, " + tag, kb_texts, 0,
                                                webhooks)
                out[f"mix {bi} {rnd}"] = one_run(e2e, stack, su, build, doctors, "mix, " + tag, texts, 10, webhooks)
        if env_int("PGCOST_MONITOR_WEBHOOKS", 500) > 0:
            for bi, b in enumerate(binaries):
                if b.startswith("sql="):
                    continue
                start_sender(stack, b)
                print(f"\n(sender {bi})", end="")
                monitor_run(e2e, stack, build, doctors, texts, env_int("PGCOST_MONITOR_WEBHOOKS", 500))
        summary(out, binaries)
        with open(os.path.join(build, "pgcost.json"), "w") as f:
            json.dump({"variants": binaries, "runs": out}, f)
    finally:
        stack.stop()
        subprocess.run(["rm", "-rf", tmp], check=False)


if __name__ == "__main__":
    main()
