#!/usr/bin/python3
"""The identity check of 033_perf3.sql (the intents' scoring without re-planning, issue 14). Not a test: run it
against a database with the migrations up to 032 applied (NOT 033), as a role that may replace functions (the
migrations' owner):

    DATABASE_URL=postgresql://wa:wa@127.0.0.1:PORT/wa /usr/bin/python3 bench/router/intent_identity.py [repo]

Inside ONE transaction that is rolled back: loads the evaluation's doctors (tests/kb_eval/eval.py load_doctors),
tokenises every question/text of every set of tests/kb_eval (kb files with their row's doctor, intent files with every
doctor) once, records kb_intent_tokens(d, toks, 100) (every scored intent, all columns) and kb_intent_choose_tokens
(the router's label) with the live functions, applies deploy/migrations/033_perf3.sql, records them again and
compares them exactly (floats by their exact text). Times kb_intent_choose_tokens before and after (server time, one
statement each, interleaved runs). Prints only counts and timings, never the held-out texts."""
import os
import sys
import time

import psycopg2

REPO = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")
sys.path.insert(0, os.path.join(REPO, "tests", "kb_eval"))
import eval as kbeval  # noqa: E402

SCORES = ("SELECT p.n, i.intent, i.score::text, i.coverage::text, i.fit::text, i.missing "
          "FROM idc_pairs p, LATERAL kb_intent_tokens(p.d, p.toks, 100) i")
LABELS = "SELECT p.n, kb_intent_choose_tokens(p.d, p.toks) FROM idc_pairs p"


def eval_pairs(cur):
    """Loads the evaluation's doctors in cur's transaction and returns every (doctor id, text) pair of every set of
    tests/kb_eval: kb files with their row's doctor, intent files with every doctor. Also creates the temporary tables
    idc_in (n, d, q: the pairs, numbered) and idc_pairs (n, d, toks: kb_tokens(d, q, true), computed once)."""
    doctor_ids, _ = kbeval.load_doctors(cur)
    pairs = kbeval.all_pairs(doctor_ids)
    cur.execute("CREATE TEMP TABLE idc_in (n serial, d uuid, q text) ON COMMIT DROP")
    cur.executemany("INSERT INTO idc_in (d, q) VALUES (%s, %s)", pairs)
    cur.execute("CREATE TEMP TABLE idc_pairs ON COMMIT DROP AS SELECT n, d, kb_tokens(d, q, true) AS toks FROM idc_in")
    return pairs


def main():
    conn = psycopg2.connect(os.environ["DATABASE_URL"])
    cur = conn.cursor()
    cur.execute("BEGIN")
    try:
        pairs = eval_pairs(cur)
        cur.execute(f"CREATE TEMP TABLE idc_old_s ON COMMIT DROP AS {SCORES}")
        cur.execute(f"CREATE TEMP TABLE idc_old_l ON COMMIT DROP AS {LABELS}")

        def timed():
            t0 = time.perf_counter()
            cur.execute("SELECT count(kb_intent_choose_tokens(d, toks)) FROM idc_pairs")
            cur.fetchone()
            return (time.perf_counter() - t0) / len(pairs)

        t_old = min(timed(), timed())
        cur.execute(open(os.path.join(REPO, "deploy/migrations/033_perf3.sql"), encoding="utf-8").read())
        cur.execute(f"CREATE TEMP TABLE idc_new_s ON COMMIT DROP AS {SCORES}")
        cur.execute(f"CREATE TEMP TABLE idc_new_l ON COMMIT DROP AS {LABELS}")
        t_new = min(timed(), timed())
        cur.execute("SELECT (SELECT count(*) FROM idc_old_s), (SELECT count(*) FROM ("
                    " (SELECT * FROM idc_old_s EXCEPT ALL SELECT * FROM idc_new_s) UNION ALL"
                    " (SELECT * FROM idc_new_s EXCEPT ALL SELECT * FROM idc_old_s)) x),"
                    " (SELECT count(*) FROM idc_old_l o JOIN idc_new_l w USING (n)"
                    "  WHERE o.kb_intent_choose_tokens IS DISTINCT FROM w.kb_intent_choose_tokens),"
                    " (SELECT count(*) FILTER (WHERE kb_intent_choose_tokens IS NOT NULL) FROM idc_old_l)")
        rows, sdiff, ldiff, labelled = cur.fetchone()
        print(f"{len(pairs)} (doctor, text) pairs of tests/kb_eval: {rows} scored intent rows, {sdiff} differ "
              f"(intent, score, coverage, fit, missing; floats exact); labels: {ldiff} differ ({labelled} labelled).\n"
              f"kb_intent_choose_tokens, server time per text: before {t_old * 1e6:.0f} us, after 033 "
              f"{t_new * 1e6:.0f} us ({t_old / t_new:.2f}x)")
        sys.exit(1 if sdiff or ldiff else 0)
    finally:
        cur.execute("ROLLBACK")
        conn.close()


if __name__ == "__main__":
    main()
