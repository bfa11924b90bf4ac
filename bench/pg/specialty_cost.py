#!/usr/bin/python3
"""bench/pg/specialty_cost.py: what reading the clinic's specialty words costs a kb_match call (issues 19 and 14).

    DATABASE_URL=postgresql://... bench/pg/specialty_cost.py      (a private database migrated with 070 as merged)

070 as first written (commit a103b6e, read with git) computed the doctor's specialization's words (kb_tokens of
"Cardiology": heart) inside kb_match_tokens_lexical on every call; 070 as merged reads them from kb_doctor_specialty,
kept by triggers. In one transaction (rolled back at the
end): the doctors of tests/kb_eval's clinics.json and kb.json (eval.py's loader), then ROUNDS (8) rounds; in each,
for each variant (the order alternating by round), kb_match_tokens_lexical is replaced by that version's text and
kb_match runs over every question of tests/kb_eval/dev.tsv at its doctor, timed inside the backend
(clock_timestamp around a PL/pgSQL loop, the first question's call a warm-up left out). Prints per variant the median
over rounds of the microseconds per call, and the new/old ratio.
"""
import os
import re
import statistics
import subprocess
import sys

import psycopg2

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")
sys.path.insert(0, os.path.join(ROOT, "tests", "kb_eval"))
import eval as kb_eval  # noqa: E402

ROUNDS = int(os.environ.get("ROUNDS", "8"))
MIGRATIONS = os.path.join(ROOT, "deploy", "migrations")
PER_CALL_REV = "a103b6e"  # 070 as first written: the specialization analysed on every call


def lexical(fname, rev=None):
    """The migration's kb_match_tokens_lexical (in the tree, or at git revision rev), as a CREATE OR REPLACE."""
    if rev:
        text = subprocess.run(["git", "-C", ROOT, "show", f"{rev}:deploy/migrations/{fname}"], check=True,
                              capture_output=True, text=True).stdout
    else:
        text = open(os.path.join(MIGRATIONS, fname), encoding="utf-8").read()
    m = re.search(r"^CREATE (?:OR REPLACE )?FUNCTION kb_match_tokens_lexical\(.*?^\$\$;", text, re.S | re.M)
    if not m:
        raise SystemExit(f"{fname}: no kb_match_tokens_lexical")
    return re.sub(r"^CREATE FUNCTION", "CREATE OR REPLACE FUNCTION", m.group(0))


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
    variants = {"per call": lexical("070_score15.sql", PER_CALL_REV), "table": lexical("070_score15.sql")}
    conn = psycopg2.connect(os.environ["DATABASE_URL"])
    try:
        with conn.cursor() as cur:
            doctor_ids, _ = kb_eval.load_doctors(cur)
            docs, qs = [], []
            for row in kb_eval.read_tsv("dev.tsv", 5):
                docs.append(doctor_ids[("clinics.json", row[0])])
                qs.append(row[1])
            cur.execute(TIMER)
            per = {name: [] for name in variants}
            names = list(variants)
            for r in range(ROUNDS):
                for name in (names if r % 2 == 0 else names[::-1]):
                    cur.execute(variants[name])
                    cur.execute("SELECT pg_temp.bench_match(%s::uuid[], %s)", (docs, qs))
                    per[name].append(cur.fetchone()[0])
            print(f"kb_match over {len(qs) - 1} dev questions at their clinics, {ROUNDS} rounds alternating:")
            for name in names:
                print(f"  {name:14s} median {statistics.median(per[name]):8.1f} us/call  rounds "
                      + " ".join(f"{v:.0f}" for v in per[name]))
            old, new = (statistics.median(per[n]) for n in names)
            print(f"  new/old {new / old:.3f}  ({old - new:+.1f} us/call saved)")
    finally:
        conn.rollback()
        conn.close()


if __name__ == "__main__":
    main()
