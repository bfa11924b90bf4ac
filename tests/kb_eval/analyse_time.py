#!/usr/bin/python3
"""kb_analyse's cost and output, before and after a migration that replaces it (issue 19). Not a test: a measurement
to run by hand against any database with the migrations up to the one before MIGRATION applied, as a role that may
create functions (the migrations' owner):

    DATABASE_URL=postgresql://wa:wa@127.0.0.1:PORT/wa /usr/bin/python3 tests/kb_eval/analyse_time.py MIGRATION.sql

Inside ONE transaction that is rolled back: loads the evaluation's doctors (eval.py load_doctors), collects every
(doctor, text) pair of tests/kb_eval (KB files with their row's doctor, intent files with every doctor), times the
live kb_analyse(d, q, true) over all of them in one statement (the server's CPU time when PostgreSQL runs on this
machine, else the wall clock; no round trips), applies MIGRATION,
times the old and the new kb_analyse interleaved (the best of three rounds each), and counts the analyses whose
tokens changed. Prints counts and timings only, never the texts."""
import os
import sys
import time

import psycopg2

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import eval as kbeval  # noqa: E402


def main():
    migration = open(sys.argv[1], encoding="utf-8").read()
    conn = psycopg2.connect(os.environ["DATABASE_URL"])
    cur = conn.cursor()
    cur.execute("BEGIN")
    try:
        doctor_ids, _ = kbeval.load_doctors(cur)
        pairs = kbeval.all_pairs(doctor_ids)
        cur.execute("CREATE TEMP TABLE t_pairs (n serial, d uuid, q text, before jsonb) ON COMMIT DROP")
        cur.executemany("INSERT INTO t_pairs (d, q) VALUES (%s, %s)", pairs)

        cur.execute("SELECT pg_backend_pid()")
        stat = f"/proc/{cur.fetchone()[0]}/stat"

        def clock():
            """The server process's CPU seconds when it runs on this machine (the load of a shared machine moves
            them far less than the wall clock), else the wall clock."""
            try:
                with open(stat, encoding="ascii") as f:
                    fields = f.read().rsplit(")", 1)[1].split()
                return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
            except OSError:
                return time.perf_counter()

        def timed(rounds=3):
            """The best of `rounds` runs: seconds per kb_analyse call over every pair, in one statement."""
            best = None
            for _ in range(rounds):
                t0 = clock()
                cur.execute("SELECT count(kb_analyse(d, q, true)) FROM t_pairs")
                cur.fetchone()
                t = (clock() - t0) / len(pairs)
                best = t if best is None else min(best, t)
            return best

        fn = "SELECT pg_get_functiondef('kb_analyse(uuid,text,boolean)'::regprocedure)"
        cur.execute(fn)
        old = cur.fetchone()[0]
        cur.execute("UPDATE t_pairs SET before = kb_analyse(d, q, true)")
        cur.execute(migration)
        cur.execute(fn)
        new = cur.fetchone()[0]
        # interleaved, the best of each: the shared machine's load moves both alike
        t_before = t_after = None
        for _ in range(3):
            for definition, which in ((old, "before"), (new, "after")):
                cur.execute(definition)
                timed(1)  # warm up (plans, buffers)
                t = timed(2)
                if which == "before":
                    t_before = t if t_before is None else min(t_before, t)
                else:
                    t_after = t if t_after is None else min(t_after, t)
        cur.execute("SELECT count(*) FILTER (WHERE kb_analyse(d, q, true)->'tokens' IS DISTINCT FROM before->'tokens'),"
                    " count(*) FILTER (WHERE kb_analyse(d, q, true) IS DISTINCT FROM before) FROM t_pairs")
        tok_diff, any_diff = cur.fetchone()
        cur.execute("SELECT count(*) FROM t_pairs WHERE q ~ '[\u0900-\u097f]'")
        deva = cur.fetchone()[0]
        print(f"{len(pairs)} (doctor, text) pairs ({deva} with Devanagari): tokens changed in {tok_diff}, "
              f"any field in {any_diff}.\nkb_analyse(.., true), server (CPU) time per call: "
              f"before {t_before * 1e6:.0f} us, after {t_after * 1e6:.0f} us (x{t_after / t_before:.2f})")
    finally:
        cur.execute("ROLLBACK")
        conn.close()


if __name__ == "__main__":
    main()
