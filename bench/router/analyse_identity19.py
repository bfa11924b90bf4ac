#!/usr/bin/python3
"""The identity check and timing of 076_perf19.sql (a new text's analysis looking each word up in one lexicon word
table, kb_lexicon_words, kept by triggers; issue 14). Not a test: run it against a database migrated up to 074 (NOT
076), as a role that may replace functions (the migrations' owner):

    DATABASE_URL=postgresql://wa:wa@127.0.0.1:PORT/wa /usr/bin/python3 bench/router/analyse_identity19.py [step]

Inside ONE transaction that is rolled back: every (doctor, text) pair of tests/kb_eval (analyse_identity.py's
ANALYSES: kb_tokens(d, q, true), kb_analyse(d, q, true / false), kb_tokens(d, q), exactly) recorded with 074's
functions, then with 076 applied; then, 076 in place, the lexicon changed at run time (CHANGES: analyse_identity's
clinic and global synonyms and stop word, a clinic's kb_vocab rows, a kb_words row, a global synonym's canonical
updated, a stop word deleted) and recorded, then the clinic's rows removed (UNDO) and recorded; the same two steps
replayed on 074 (rolled back to before 076) and compared. Also checks that the table equals a rebuild of it after the
changes. Then times kb_analyse_parts(d, q, true).o_tokens one text a statement (prepared, as the router sends a new
text), 074's (a pg_temp copy) and 076's in alternating chunks over every `step`-th pair (default 8), the backend's CPU
from /proc. Prints only counts and timings, never a text; exits 1 when anything differs."""
import os
import re
import sys

ARGS, sys.argv = sys.argv[1:], sys.argv[:1]  # intent_identity reads argv at import
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(HERE, ".."))
import psycopg2  # noqa: E402

import analyse_identity  # noqa: E402  (ANALYSES, ADD_ROWS)
import intent_identity  # noqa: E402  (eval_pairs, REPO)

STEP = int(ARGS[0]) if ARGS else 8
MIGRATIONS = os.path.join(intent_identity.REPO, "deploy/migrations")
CHANGES = analyse_identity.ADD_ROWS + """
WITH freq AS (SELECT w, count(*) AS c FROM idc_in, unnest(kb_raw_words(q)) w WHERE char_length(w) >= 4
                AND w !~ '[0-9]' GROUP BY w ORDER BY count(*) DESC, w LIMIT 60),
     f AS (SELECT w, row_number() OVER (ORDER BY c DESC, w) AS r FROM freq),
     docs AS (SELECT d, row_number() OVER (ORDER BY d) AS r FROM (SELECT DISTINCT d FROM idc_in) x)
INSERT INTO kb_vocab (doctor_id, word, stop)
SELECT docs.d, f.w || 'x', false FROM docs JOIN f ON f.r BETWEEN 20 AND 40 WHERE docs.r <= 3;
INSERT INTO kb_words (word) SELECT w || 'y' FROM (SELECT w FROM idc_in, unnest(kb_raw_words(q)) w
                                                 WHERE char_length(w) >= 5 AND w !~ '[0-9]'
                                                 GROUP BY w ORDER BY count(*) DESC, w LIMIT 30) x ON CONFLICT DO NOTHING;
UPDATE kb_synonyms SET canonical = canonical || 'z'
WHERE doctor_id IS NULL AND term IN (SELECT w FROM idc_in, unnest(kb_raw_words(q)) w GROUP BY w
                                     ORDER BY count(*) DESC, w LIMIT 200) AND canonical <> '';
DELETE FROM kb_stopwords WHERE word IN (SELECT w FROM idc_in, unnest(kb_raw_words(q)) w GROUP BY w
                                        ORDER BY count(*) DESC, w LIMIT 5);
"""
UNDO = """
DELETE FROM kb_synonyms WHERE doctor_id IS NOT NULL AND canonical LIKE 'clinic%';
DELETE FROM kb_vocab WHERE doctor_id IS NOT NULL AND word LIKE '%x';
"""
REBUILT = """
SELECT count(*) FROM ((SELECT src, doctor_id, word, canonical FROM kb_lexicon_words
                       EXCEPT ALL SELECT src, doctor_id, word, canonical FROM ida_fresh)
                      UNION ALL (SELECT src, doctor_id, word, canonical FROM ida_fresh
                                 EXCEPT ALL SELECT src, doctor_id, word, canonical FROM kb_lexicon_words)) x
"""


def record(cur):
    cur.execute(analyse_identity.ANALYSES)
    return cur.fetchall()


def differ(a, b):
    return sum(1 for x, y in zip(a, b) if x != y) + abs(len(a) - len(b))


def rebuilt_differs(cur):
    """Rows by which kb_lexicon_words, as the triggers kept it, differs from a rebuild of it from the four tables."""
    cur.execute("SAVEPOINT ida_rebuild")
    cur.execute("CREATE TEMP TABLE ida_fresh AS SELECT * FROM kb_lexicon_words")
    cur.execute("SELECT kb_lexicon_words_load(s, NULL, true) FROM unnest(ARRAY['s', 'p', 'v', 'w']::\"char\"[]) s")
    cur.execute(REBUILT)
    n = cur.fetchone()[0]
    cur.execute("ROLLBACK TO SAVEPOINT ida_rebuild")
    return n


def copy_074(cur):
    """074's kb_analyse_parts and kb_analyse_lookup as pg_temp.kb_analyse_parts_074 / kb_analyse_lookup_074."""
    sql = open(os.path.join(MIGRATIONS, "074_perf17.sql"), encoding="utf-8").read()
    m = re.search(r"CREATE OR REPLACE FUNCTION kb_analyse_lookup\(.*?\n\$\$;", sql, re.S)
    cur.execute(m.group(0).replace("FUNCTION kb_analyse_lookup(", "FUNCTION pg_temp.kb_analyse_lookup_074("))
    m = re.search(r"CREATE OR REPLACE FUNCTION kb_analyse_parts\(.*?\n\$\$;", sql, re.S)
    cur.execute(m.group(0).replace("FUNCTION kb_analyse_parts(", "FUNCTION pg_temp.kb_analyse_parts_074(")
                .replace("kb_analyse_lookup(", "pg_temp.kb_analyse_lookup_074("))


def cpu(pid):
    f = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
    return (int(f[11]) + int(f[12])) / os.sysconf("SC_CLK_TCK")


def main():
    conn = psycopg2.connect(os.environ["DATABASE_URL"])
    cur = conn.cursor()
    cur.execute("SELECT count(*) FROM schema_migrations WHERE version LIKE '076%%'")
    if cur.fetchone()[0]:
        sys.exit("analyse_identity19.py: 076 is applied to this database already; run it on one migrated up to 074")
    migration = open(os.path.join(MIGRATIONS, "076_perf19.sql"), encoding="utf-8").read()
    cur.execute("BEGIN")
    bad = 0
    try:
        pairs = intent_identity.eval_pairs(cur)
        old1 = record(cur)
        cur.execute("SAVEPOINT ida_before")
        cur.execute(migration)
        new1 = record(cur)
        cur.execute(CHANGES)
        new2 = record(cur)
        stale = rebuilt_differs(cur)
        cur.execute(UNDO)
        new3 = record(cur)
        stale += rebuilt_differs(cur)
        cur.execute("ROLLBACK TO SAVEPOINT ida_before")
        cur.execute(CHANGES)
        old2 = record(cur)
        cur.execute(UNDO)
        old3 = record(cur)
        cur.execute("ROLLBACK TO SAVEPOINT ida_before")
        d1, d2, d3 = differ(old1, new1), differ(old2, new2), differ(old3, new3)
        moved = sum(1 for a, b in zip(old1, old2) if a != b)
        back = sum(1 for a, b in zip(old2, old3) if a != b)
        bad = d1 + d2 + d3 + stale
        print(f"{len(pairs)} (doctor, text) pairs of tests/kb_eval, kb_tokens / kb_analyse (true, false) / kb_tokens:\n"
              f"  074 vs 076: {d1} differ;\n  after the lexicon changed at run time with 076 in place (the analyses "
              f"of {moved} pairs change): {d2} differ;\n  after the clinic's rows were removed again (the analyses of "
              f"{back} pairs change): {d3} differ;\n  kb_lexicon_words vs a rebuild after each: {stale} rows differ.",
              flush=True)
        # timing: 074's functions as pg_temp copies, 076 applied, alternating chunks one text a statement
        copy_074(cur)
        cur.execute(migration)
        sample = pairs[::STEP]
        cur.execute("PREPARE o(uuid, text) AS SELECT (pg_temp.kb_analyse_parts_074($1, $2, true)).o_tokens")
        cur.execute("PREPARE n(uuid, text) AS SELECT (kb_analyse_parts($1, $2, true)).o_tokens")
        cur.execute("SELECT pg_backend_pid()")
        pid = cur.fetchone()[0]
        spent = {"o": 0.0, "n": 0.0}
        count = 0
        for rep in range(2):
            for k, i in enumerate(range(0, len(sample), 32)):
                chunk = sample[i:i + 32]
                for name in (("o", "n") if (rep + k) % 2 == 0 else ("n", "o")):
                    c0 = cpu(pid)
                    for d, q in chunk:
                        cur.execute(f"EXECUTE {name}(%s, %s)", (d, q))
                        cur.fetchall()
                    spent[name] += cpu(pid) - c0
                count += len(chunk)
        o, n = spent["o"] / count * 1e6, spent["n"] / count * 1e6
        print(f"kb_analyse_parts(d, q, true), {len(sample)} texts x 2 passes one text a statement, chunks of 32 "
              f"alternating; load average {os.getloadavg()[0]:.2f}:\n  backend CPU 074 {o:.0f} us, 076 {n:.0f} us "
              f"a text (076/074 {n / o:.3f})", flush=True)
    finally:
        cur.execute("ROLLBACK")
        conn.close()
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
