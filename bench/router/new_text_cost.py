#!/usr/bin/python3
"""Where a new text's backend time goes, by function and by statement inside the functions (issue 14, round 9). Not a
test, and it WRITES: run it as a SUPERUSER against a private scratch database migrated to the newest migration (as
`wactl migrate` leaves it), on a server started with shared_preload_libraries = 'pg_stat_statements',
pg_stat_statements.track = 'all' and track_functions = 'all', the extension created in the database:

    UNDERSTAND_SCRATCH=1 DATABASE_URL=postgresql://postgres@127.0.0.1:PORT/wa /usr/bin/python3 \\
        bench/router/new_text_cost.py [kind ...]

Inserts bench/router/mix_pg.py's doctors (tests/kb_eval's and 4 with bench/e2e.py's 20 entries; removed at the end),
then for each kind of text (the bench's questions made unique as its loadgen makes them, its paraphrases likewise,
every 10th kb_eval pair) runs the router's statement (shared/src/kb.c's, bench/router/understand_once.py's NEW; its
ROUND8 on a database before 059) one text a statement, the intent asked, and prints per text: the backend CPU (from
/proc), each function's calls, self and total time (pg_stat_user_functions) and the nested statements' calls and
execution time (pg_stat_statements, toplevel false), the largest first. Times are the server's wall clock inside the
backend (the machine's load moves them: read the shares). Prints only counts and timings, never the evaluation's texts."""
import os
import random
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(HERE, ".."))
sys.argv, ARGS = sys.argv[:1], sys.argv[1:]  # understand_once reads argv at import
import understand_once  # noqa: E402  (NEW, payload, load, kbeval)
import e2e  # noqa: E402

FUNCS = ("SELECT funcname, calls, self_time, total_time FROM pg_stat_user_functions"
         " WHERE calls > 0 ORDER BY self_time DESC")
STMTS = ("SELECT regexp_replace(left(query, 110), '\\s+', ' ', 'g'), calls, total_exec_time, rows"
         " FROM pg_stat_statements WHERE NOT toplevel AND dbid = (SELECT oid FROM pg_database"
         " WHERE datname = current_database()) ORDER BY total_exec_time DESC LIMIT %s")


def main():
    if os.environ.get("UNDERSTAND_SCRATCH") != "1":
        sys.exit("new_text_cost.py writes to the database: set UNDERSTAND_SCRATCH=1 for a private scratch database")
    conn, cur, all_ids, doctor_ids, bench = understand_once.load(os.environ["DATABASE_URL"])
    try:
        cur.execute("SELECT to_regprocedure('kb_match_tokens_names(uuid, text[], text[], integer)') IS NOT NULL,"
                    " to_regprocedure('router_understand_batch(jsonb)') IS NOT NULL")
        names, batch = cur.fetchone()
        # shared/src/kb.c's statement: router_understand_batch from 075 on (round 14: this tool still timed round 9's
        # inline statement after 075, which 082's intent test is not part of); before it round 9's after 059,
        # round 8's before
        cur.execute("PREPARE u_new(jsonb) AS " + (
            "SELECT i, label, id, question, answer, score FROM router_understand_batch($1::jsonb)" if batch
            else understand_once.NEW if names else understand_once.ROUND8))
        clock = understand_once.analyse_identity.backend_clock(cur)
        evalpairs = [(str(d), q) for d, q in understand_once.kbeval.all_pairs(doctor_ids)]
        rnd = random.Random(14)
        kinds = {
            "bench questions": [(bench[i % len(bench)], f"{rnd.choice(e2e.KB)[0]} (case {rnd.randrange(10**9)})")
                                for i in range(480)],
            "bench paraphrases": [(bench[i % len(bench)], f"{rnd.choice(e2e.PARAPHRASES)} (case {rnd.randrange(10**9)})")
                                  for i in range(480)],
            "kb_eval pairs": evalpairs[9::10],
        }
        for kind, items in kinds.items():
            if ARGS and kind.split()[-1] not in ARGS:
                continue
            for d, q in items[:24]:  # plans, caches
                cur.execute("EXECUTE u_new(%s)", (understand_once.payload([(d, q)]),))
                cur.fetchall()
            time.sleep(1.2)
            cur.execute("SELECT pg_stat_force_next_flush()")
            cur.execute("SELECT pg_stat_reset(), pg_stat_statements_reset()")
            c0 = clock()
            for d, q in items:
                cur.execute("EXECUTE u_new(%s)", (understand_once.payload([(d, q)]),))
                cur.fetchall()
            cpu = clock() - c0
            cur.execute("SELECT pg_stat_force_next_flush()")
            time.sleep(1.2)
            cur.execute("SELECT 1")
            n = len(items)
            print(f"\n{kind}: {n} texts one a statement, backend CPU {cpu / n * 1e6:.0f} us a text, load "
                  f"{open('/proc/loadavg').read().split()[0]}")
            cur.execute(FUNCS)
            print(f"  {'function':34} {'calls/text':>10} {'self us/text':>12} {'self us/call':>12} {'total us/call':>13}")
            for f, c, s, t in cur.fetchall():
                print(f"  {f:34} {c / n:10.2f} {s * 1e3 / n:12.1f} {s * 1e3 / c:12.1f} {t * 1e3 / c:13.1f}")
            cur.execute(STMTS, (int(os.environ.get("STMTS", 14)),))
            print(f"  {'nested statement':110} {'calls/text':>10} {'us/call':>8} {'us/text':>8}")
            for s, c, t, _ in cur.fetchall():
                print(f"  {s:110} {c / n:10.2f} {t * 1e3 / c:8.1f} {t * 1e3 / n:8.1f}")
    finally:
        cur.execute("DELETE FROM doctors WHERE id = ANY (%s::uuid[])", (all_ids + bench,))
        conn.close()


if __name__ == "__main__":
    main()
