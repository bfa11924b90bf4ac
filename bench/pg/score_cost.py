#!/usr/bin/python3
"""bench/pg/score_cost.py: what a change of the knowledge base's score (kb_match_tokens_lexical) costs, on the two
paths that run it (issues 19 and 14): `kb_match` (eval.py, `wactl kb try`) and the router's statement for new texts,
`router_understand_batch`, into which the planner inlines the score (one text a statement, as a quiet router sends).

    OLD=070_score15.sql@a103b6e NEW=070_score15.sql DATABASE_URL=postgresql://... bench/pg/score_cost.py
    OLD=070_score15.sql NEW=077_score16.sql FILES=heldout14/kb.tsv,heldout15/kb.tsv DATABASE_URL=... bench/pg/score_cost.py

OLD and NEW name a migration whose kb_match_tokens_lexical is taken (from the tree, or at a git revision after @). A
private database migrated to the newest migration. In one transaction (rolled back at the end): the doctors of
tests/kb_eval's clinics.json and kb.json (eval.py's loader), then ROUNDS (6) rounds; in each, for each version (the
order alternating by round), kb_match_tokens_lexical is dropped and created as that version's text (the columns may
differ between versions), and both paths run over every question of FILES (default dev.tsv) at its doctor, timed
inside the backend (clock_timestamp around a PL/pgSQL loop, the first call a warm-up left out). Prints per version and
path the median over rounds of the microseconds per call, and the NEW/OLD ratios."""
import os
import re
import statistics
import subprocess
import sys

import psycopg2

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")
sys.path.insert(0, os.path.join(ROOT, "tests", "kb_eval"))
import eval as kb_eval  # noqa: E402

ROUNDS = int(os.environ.get("ROUNDS", "6"))
FILES = os.environ.get("FILES", "dev.tsv").split(",")
MIGRATIONS = os.path.join(ROOT, "deploy", "migrations")


def lexical(spec):
    """kb_match_tokens_lexical of migration spec ("file" or "file@rev"), as a DROP and a CREATE."""
    fname, _, rev = spec.partition("@")
    if rev:
        text = subprocess.run(["git", "-C", ROOT, "show", f"{rev}:deploy/migrations/{fname}"], check=True,
                              capture_output=True, text=True).stdout
    else:
        text = open(os.path.join(MIGRATIONS, fname), encoding="utf-8").read()
    m = re.search(r"^CREATE (?:OR REPLACE )?FUNCTION kb_match_tokens_lexical\(.*?^\$\$;", text, re.S | re.M)
    if not m:
        raise SystemExit(f"{spec}: no kb_match_tokens_lexical")
    return ("DROP FUNCTION kb_match_tokens_lexical(uuid, text[]);\n"
            + re.sub(r"^CREATE (?:OR REPLACE )?FUNCTION", "CREATE FUNCTION", m.group(0)))


PATHS = {
    "kb_match": "PERFORM * FROM kb_match(d[i], q[i])",
    "router statement": "PERFORM * FROM router_understand_batch(jsonb_build_array(jsonb_build_object("
                        "'i', 1, 'd', d[i], 'q', q[i], 'f', true)))",
}
TIMER = """
CREATE FUNCTION pg_temp.bench_{n}(d uuid[], q text[]) RETURNS double precision LANGUAGE plpgsql AS $$
DECLARE
    t0 timestamptz;
    i integer := 1;
BEGIN
    {call};
    t0 := clock_timestamp();
    FOR i IN 2 .. cardinality(q) LOOP
        {call};
    END LOOP;
    RETURN extract(epoch FROM clock_timestamp() - t0) * 1e6 / (cardinality(q) - 1);
END
$$"""


def main():
    old, new = os.environ.get("OLD"), os.environ.get("NEW")
    if not old or not new:
        raise SystemExit("set OLD and NEW (a migration's file name, optionally @<git revision>)")
    variants = {"old": lexical(old), "new": lexical(new)}
    conn = psycopg2.connect(os.environ["DATABASE_URL"])
    try:
        with conn.cursor() as cur:
            doctor_ids, _ = kb_eval.load_doctors(cur)
            docs, qs = [], []
            for name in FILES:
                for row in kb_eval.read_tsv(name, 5):
                    docs.append(doctor_ids[(kb_eval.KB_FILES.get(name, "clinics.json"), row[0])])
                    qs.append(row[1])
            for n, (path, call) in enumerate(PATHS.items()):
                cur.execute(TIMER.format(n=n, call=call))
            per = {(v, p): [] for v in variants for p in PATHS}
            for r in range(ROUNDS):
                for v in (("old", "new") if r % 2 == 0 else ("new", "old")):
                    cur.execute(variants[v])
                    for n, path in enumerate(PATHS):
                        cur.execute(f"SELECT pg_temp.bench_{n}(%s::uuid[], %s)", (docs, qs))
                        per[(v, path)].append(cur.fetchone()[0])
            print(f"old {old}, new {new}: {len(qs) - 1} questions of {', '.join(FILES)} at their clinics, "
                  f"{ROUNDS} rounds alternating, load {os.getloadavg()[0]:.1f}")
            for path in PATHS:
                for v in variants:
                    print(f"  {path:16s} {v}  median {statistics.median(per[(v, path)]):9.1f} us/call  rounds "
                          + " ".join(f"{x:.0f}" for x in per[(v, path)]))
                ratio = statistics.median(per[("new", path)]) / statistics.median(per[("old", path)])
                print(f"  {path:16s} new/old {ratio:.3f}")
    finally:
        conn.rollback()
        conn.close()


if __name__ == "__main__":
    main()
