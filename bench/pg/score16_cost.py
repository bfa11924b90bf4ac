#!/usr/bin/python3
"""bench/pg/score16_cost.py: what 077's two rules (booking asked another way, the price of what a sentence names)
cost a kb_match call (issue 19, round 16).

    DATABASE_URL=postgresql://... bench/pg/score16_cost.py      (a private database migrated with 077)

077 adds two columns to kb_match_tokens_lexical, so each swap drops the function and creates that version's text
(070's or 077's, read from deploy/migrations). In one transaction (rolled back at the end): the doctors of
tests/kb_eval's clinics.json and kb.json (eval.py's loader), then ROUNDS (6) rounds; in each, for each version (the
order alternating by round), kb_match runs over every question of tests/kb_eval/heldout14/kb.tsv and
heldout15/kb.tsv at its doctor, timed inside the backend (clock_timestamp around a PL/pgSQL loop, the first call a
warm-up left out). Prints per version the median over rounds of the microseconds per call, and the 077/070 ratio.
"""
import os
import re
import statistics
import sys

import psycopg2

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")
sys.path.insert(0, os.path.join(ROOT, "tests", "kb_eval"))
import eval as kb_eval  # noqa: E402

ROUNDS = int(os.environ.get("ROUNDS", "6"))
MIGRATIONS = os.path.join(ROOT, "deploy", "migrations")
FILES = ("heldout14/kb.tsv", "heldout15/kb.tsv")


def lexical(fname):
    """The migration's kb_match_tokens_lexical, as a DROP and a CREATE (its columns differ between versions)."""
    text = open(os.path.join(MIGRATIONS, fname), encoding="utf-8").read()
    m = re.search(r"^CREATE (?:OR REPLACE )?FUNCTION kb_match_tokens_lexical\(.*?^\$\$;", text, re.S | re.M)
    if not m:
        raise SystemExit(f"{fname}: no kb_match_tokens_lexical")
    return ("DROP FUNCTION kb_match_tokens_lexical(uuid, text[]);\n"
            + re.sub(r"^CREATE (?:OR REPLACE )?FUNCTION", "CREATE FUNCTION", m.group(0)))


TIMER = """
CREATE FUNCTION pg_temp.bench_match(d uuid[], q text[]) RETURNS double precision LANGUAGE plpgsql AS $$
DECLARE
    t0 timestamptz;
BEGIN
    PERFORM * FROM kb_match(d[1], q[1]);
    t0 := clock_timestamp();
    FOR i IN 2 .. cardinality(q) LOOP
        PERFORM * FROM kb_match(d[i], q[i]);
    END LOOP;
    RETURN extract(epoch FROM clock_timestamp() - t0) * 1e6 / (cardinality(q) - 1);
END
$$"""


def main():
    variants = {"070": lexical("070_score15.sql"), "077": lexical("077_score16.sql")}
    conn = psycopg2.connect(os.environ["DATABASE_URL"])
    try:
        with conn.cursor() as cur:
            doctor_ids, _ = kb_eval.load_doctors(cur)
            docs, qs = [], []
            for name in FILES:
                for row in kb_eval.read_tsv(name, 5):
                    docs.append(doctor_ids[(kb_eval.KB_FILES[name], row[0])])
                    qs.append(row[1])
            cur.execute(TIMER)
            per = {name: [] for name in variants}
            names = list(variants)
            for r in range(ROUNDS):
                for name in (names if r % 2 == 0 else names[::-1]):
                    cur.execute(variants[name])
                    cur.execute("SELECT pg_temp.bench_match(%s::uuid[], %s)", (docs, qs))
                    per[name].append(cur.fetchone()[0])
            print(f"kb_match over {len(qs) - 1} questions of {', '.join(FILES)} at their clinics, {ROUNDS} rounds "
                  "alternating:")
            for name in names:
                print(f"  {name:5s} median {statistics.median(per[name]):8.1f} us/call  rounds "
                      + " ".join(f"{v:.0f}" for v in per[name]))
            old, new = (statistics.median(per[n]) for n in names)
            print(f"  077/070 {new / old:.3f}")
    finally:
        conn.rollback()
        conn.close()


if __name__ == "__main__":
    main()
