#!/usr/bin/python3
"""A new text's analysis (kb_tokens(d, q, true)) before and after 046_perf9.sql with each text its own transaction, as
the router sends a new text at its usual load (issue 14, round 6). Not a test, and it WRITES: run it only against a
private scratch database migrated up to 045 (NOT 046), as the migrations' owner:

    ANALYSE_SCRATCH=1 DATABASE_URL=postgresql://wa:wa@127.0.0.1:PORT/wa /usr/bin/python3 \\
        bench/router/analyse_autocommit.py [repo] [step]

bench/router/analyse_identity.py checks the identity and times old and new in ONE transaction (046 applied in a
savepoint), which spares the old kb_analyse the re-planning it does in every transaction. Here the evaluation's
doctors are committed (tests/kb_eval/eval.py load_doctors), 046 is applied into a schema of its own (ida_new: its
functions there, its two indexes on the tables), and two autocommit connections run the same texts, one with the
search path `public` (the functions before 046), one with `ida_new, public` (046's), in alternating chunks of 40
texts, one prepared statement per text, over every `step`-th (doctor, text) pair (default 10): kb_tokens, and for every
4th of those texts the router's whole statement for a new text (bench/router/understand.py's UNDERSTAND: the
analysis, the intent and the candidates). Prints the client's wall time and each backend's CPU time per text, the
load average, and how many texts' tokens or answers differ (0 expected); removes the doctors, the schema and the
indexes at the end."""
import os
import sys
import time

import json

import psycopg2

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import analyse_identity  # noqa: E402  (puts tests/kb_eval on the path; REPO, MIGRATION, backend_clock)
import understand  # noqa: E402  (UNDERSTAND, the router's statement)

kbeval = analyse_identity.intent_identity.kbeval
STEP = int(sys.argv[2]) if len(sys.argv) > 2 else 10


def connect(path):
    conn = psycopg2.connect(os.environ["DATABASE_URL"])
    conn.autocommit = True
    cur = conn.cursor()
    cur.execute(f"SET search_path = {path}")
    cur.execute("PREPARE ida_one(uuid, text) AS SELECT kb_tokens($1, $2, true)")
    cur.execute("PREPARE ida_understand(jsonb) AS " + understand.UNDERSTAND.replace("%s::jsonb", "$1::jsonb"))
    return conn, cur, analyse_identity.backend_clock(cur) or (lambda: 0.0)


def main():
    if os.environ.get("ANALYSE_SCRATCH") != "1":
        sys.exit("analyse_autocommit.py writes to the database: set ANALYSE_SCRATCH=1 for a private scratch database")
    setup = psycopg2.connect(os.environ["DATABASE_URL"])
    setup.autocommit = True
    cur = setup.cursor()
    cur.execute("SELECT to_regprocedure('kb_analyse_lookup(uuid, text[])') IS NOT NULL")
    if cur.fetchone()[0]:
        sys.exit("analyse_autocommit.py: 046 is applied to this database already; run it on one migrated up to 045")
    cur.execute("SELECT count(*) FROM pg_class"
                " WHERE relname IN ('kb_examples_words_idx', 'kb_synonyms_multi_pair_idx')")
    if cur.fetchone()[0]:
        sys.exit("analyse_autocommit.py: 046's indexes exist already (a run stopped half-way?): drop them first")
    cur.execute("BEGIN")
    doctor_ids, _ = kbeval.load_doctors(cur)
    cur.execute("COMMIT")
    pairs = [(str(d), q) for d, q in kbeval.all_pairs(doctor_ids)][STEP - 1::STEP]
    try:
        cur.execute("CREATE SCHEMA ida_new")
        cur.execute("SET search_path = ida_new, public")
        cur.execute(open(analyse_identity.MIGRATION, encoding="utf-8").read())
        cur.execute("SET search_path = public")
        sides = {"old": connect("public"), "new": connect("ida_new, public")}

        def one(c, d, q):
            c.execute("EXECUTE ida_one(%s, %s)", (d, q))
            return c.fetchone()[0]

        def whole(c, d, q):
            c.execute("EXECUTE ida_understand(%s)", (json.dumps([{"i": 0, "d": d, "q": q, "f": True}]),))
            return c.fetchall()

        for _, c, _ in sides.values():  # plans, buffers
            for d, q in pairs[:20]:
                one(c, d, q), whole(c, d, q)
        differ = 0
        for name, run, texts in (("kb_tokens(d, q, true)", one, pairs),
                                 ("the router's statement for a new text", whole, pairs[::4])):
            wall = {"old": 0.0, "new": 0.0}
            cpu = {"old": 0.0, "new": 0.0}
            for p in range(2):
                for i in range(0, len(texts), 40):
                    part, out = texts[i:i + 40], {}
                    for v in ("old", "new") if (i // 40 + p) % 2 == 0 else ("new", "old"):
                        _, c, clock = sides[v]
                        t0, c0 = time.perf_counter(), clock()
                        out[v] = [run(c, d, q) for d, q in part]
                        wall[v] += time.perf_counter() - t0
                        cpu[v] += clock() - c0
                    differ += sum(a != b for a, b in zip(out["old"], out["new"]))
            n = 2 * len(texts)
            print(f"{name}, {len(texts)} (doctor, text) pairs x 2 passes, one text a statement and a transaction, "
                  f"old and new in alternating chunks of 40; load average {os.getloadavg()[0]:.2f}:\n"
                  f"  client wall time: old {wall['old'] / n * 1e6:.0f} us, new {wall['new'] / n * 1e6:.0f} us a "
                  f"text ({wall['old'] / wall['new']:.2f}x)")
            if cpu["new"]:
                print(f"  backend CPU: old {cpu['old'] / n * 1e6:.0f} us, new {cpu['new'] / n * 1e6:.0f} us a text "
                      f"({cpu['old'] / cpu['new']:.2f}x)")
        print(f"texts whose tokens or answers differ: {differ}")
        for conn, _, _ in sides.values():
            conn.close()
        sys.exit(1 if differ else 0)
    finally:
        cur.execute("DROP SCHEMA IF EXISTS ida_new CASCADE")
        cur.execute("DROP INDEX IF EXISTS kb_examples_words_idx, kb_synonyms_multi_pair_idx")
        cur.execute("DELETE FROM doctors WHERE id = ANY (%s::uuid[])", ([str(d) for d in doctor_ids.values()],))
        setup.close()


if __name__ == "__main__":
    main()
