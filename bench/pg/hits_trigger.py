#!/usr/bin/python3
"""bench/pg/hits_trigger.py: what the router's knowledge-base hits cost PostgreSQL per reply (issue 14, round 6).

Usage: bench/pg/hits_trigger.py [BUILD_DIR, default build] [NAME=SQL_FILE ...]

Starts a private PostgreSQL (tests/e2e/conftest.py's infra, migrated with deploy/migrations), adds HITS_DOCTORS (10)
doctors with HITS_ENTRIES (20) entries each (bench/e2e.py's KB texts, through wactl), then runs the hits UPDATE of
the router's mark statement (services/router/store.c rt_store_mark_batch: one statement per batch, the batch's
answers counted per entry) on batches of 77 answers drawn at random from those entries, HITS_BATCHES (300) batches
per turn. The variants take turns, HITS_ROUNDS (4) times: "none" (kb_entries' version trigger disabled: what the
UPDATE costs without it) and each NAME, whose SQL file is run as the superuser before its turn (e.g.
old=bench/pg/kb_version_trigger_026.sql new=deploy/migrations/048_perf11.sql). Prints the backend's CPU (/proc,
utime + stime) and the client's wall time per answer, and, last, the doctors' summed kb_versions, which a hits-only
UPDATE must leave alone. The machine is shared: read the variants' ratios within a round."""
import json
import os
import random
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.join(HERE, "..", "..")
sys.path.insert(0, os.path.join(ROOT, "bench"))
sys.path.insert(0, os.path.join(ROOT, "tests", "e2e"))

MARK_HITS = ("UPDATE kb_entries SET hits = hits + c.n FROM (SELECT k, d, count(*) AS n FROM jsonb_to_recordset($1::jsonb)"
             " AS x(k bigint, d uuid) WHERE k IS NOT NULL GROUP BY k, d) c"
             " WHERE kb_entries.id = c.k AND kb_entries.doctor_id = c.d")


def main():
    args = sys.argv[1:]
    build = os.path.abspath(args.pop(0) if args and "=" not in args[0] else os.path.join(ROOT, "build"))
    os.environ["WA_BIN_DIR"] = os.path.join(build, "bin")
    import conftest  # reads WA_BIN_DIR when imported
    import e2e
    import psycopg2

    variants = [("none", None)] + [tuple(a.split("=", 1)) for a in args]
    tmp = tempfile.mkdtemp(prefix="wa-hits-")
    os.chmod(tmp, 0o755)  # PostgreSQL runs as the postgres user when we are root
    stack = conftest.Stack(tmp)
    try:
        stack.start_infra()
        stack.wactl("migrate", "--dir", os.path.join(ROOT, "deploy", "migrations"))
        csv = os.path.join(tmp, "kb.csv")
        nentries = int(os.environ.get("HITS_ENTRIES", 20))
        for i in range(int(os.environ.get("HITS_DOCTORS", 10))):
            doctor_id, _ = stack.add_doctor(f"Dr. Hits {i}", f"Hits Clinic {i}")
            with open(csv, "w") as f:
                f.write("question,answer,keywords\n")
                for q, a, k in (e2e.KB * (nentries // len(e2e.KB) + 1))[:nentries]:
                    f.write(f'"{q}","{a.format(c=f"Hits Clinic {i}")}","{k}"\n')
            stack.wactl("kb", "import", "--doctor", doctor_id, csv)
        entries = stack.sql("SELECT id, doctor_id::text FROM kb_entries")
        con = psycopg2.connect(stack.env["DATABASE_URL"])
        con.autocommit = True
        cur = con.cursor()
        cur.execute("SELECT pg_backend_pid()")
        pid = cur.fetchone()[0]
        cur.execute("PREPARE mark_hits(jsonb) AS " + MARK_HITS)

        def cpu():
            with open(f"/proc/{pid}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
            return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

        def su(*argv):
            subprocess.run(["psql", "-h", "127.0.0.1", "-p", str(stack.pg_port), "-U", "postgres", "-d", "wa", "-qtAX",
                            *argv], check=True, stdout=subprocess.DEVNULL)

        nbatches, per = int(os.environ.get("HITS_BATCHES", 300)), 77
        versions0 = stack.sql("SELECT sum(version) FROM kb_versions")[0][0]
        totals = {}
        print(f"hits trigger: {len(entries)} entries, batches of {per} answers, {nbatches} batches a turn")
        for r in range(int(os.environ.get("HITS_ROUNDS", 4))):
            for name, sql in variants:
                su("-c", "ALTER TABLE kb_entries ENABLE TRIGGER kb_entries_version_upd")
                if sql is None:
                    su("-c", "ALTER TABLE kb_entries DISABLE TRIGGER kb_entries_version_upd")
                else:
                    su("-f", sql)
                batches = [json.dumps([{"k": k, "d": d} for k, d in (random.choice(entries) for _ in range(per))])
                           for _ in range(nbatches)]
                load = os.getloadavg()[0]
                c0, t0 = cpu(), time.monotonic()
                for b in batches:
                    cur.execute("EXECUTE mark_hits(%s)", (b,))
                c1, t1 = cpu(), time.monotonic()
                cpu_us, wall_us = (c1 - c0) * 1e6 / (nbatches * per), (t1 - t0) * 1e6 / (nbatches * per)
                totals.setdefault(name, []).append(cpu_us)
                print(f"  round {r + 1} {name:<6} backend CPU {cpu_us:6.1f} us/answer, wall {wall_us:6.1f} us/answer,"
                      f" load {load:.1f}", flush=True)
        print(f"\n{'variant':<8} {'CPU us/answer, each round':<40} ratio to {variants[-1][0]}")
        for name, _ in variants:
            ratios = [a / b for a, b in zip(totals[name], totals[variants[-1][0]]) if b]
            print(f"{name:<8} {', '.join(f'{x:.1f}' for x in totals[name]):<40} "
                  f"{', '.join(f'{x:.2f}' for x in ratios)}")
        versions1 = stack.sql("SELECT sum(version) FROM kb_versions")[0][0]
        print(f"kb_versions summed: {versions0} before, {versions1} after (a hits-only UPDATE bumps none)")
    finally:
        stack.stop()
        subprocess.run(["rm", "-rf", tmp], check=False)


if __name__ == "__main__":
    main()
