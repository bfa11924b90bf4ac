#!/usr/bin/python3
"""The identity check and timing of 074_perf17.sql (a new text's analysis, kb_analyse_parts, cheaper; issue 14, round
12). Not a test: run it against a database migrated up to 069 (NOT 074), as a role that may replace functions (the
migrations' owner):

    DATABASE_URL=postgresql://wa:wa@127.0.0.1:PORT/wa /usr/bin/python3 bench/router/analyse_identity15.py [step]

Inside ONE transaction that is rolled back: loads the evaluation's doctors and lists every (doctor, text) pair of
tests/kb_eval (every set present, analyse_identity.py's way), adds bench/e2e.py's questions and paraphrases with every
evaluation doctor, as written and made unique as its load generator makes them ("... (case N)"), records with the live
functions, applies deploy/migrations/074_perf17.sql and compares exactly kb_tokens(d, q, true) (the array, in order)
and kb_analyse(d, q, true) and kb_analyse(d, q, false) (every field), and the word splitters as analyse_identity.py
does; then again after lexicon rows added at run time (analyse_identity.ADD_ROWS: a clinic's one-word and multi-word
synonyms, global multi-word terms, a stop word). Prints the rows compared and how many differ.

Then times both, interleaved: over every `step`-th pair (default 8) in chunks of 32, each chunk run before and after
074 in alternating order (074 applied in a savepoint rolled back and applied again), the router's expression for a
text's tokens ((kb_analyse_parts(d, q, true)).o_tokens) one text a statement (prepared, as the router sends a new text
at its usual load) and the chunk in one statement (a slice of 32, WA_KB_CHUNK); the backend's CPU from /proc. Prints
only counts and timings, never a text; exits 1 when anything differs."""
import os
import random
import sys

ARGS, sys.argv = sys.argv[1:], sys.argv[:1]  # intent_identity reads argv at import
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(HERE, ".."))
import psycopg2  # noqa: E402

import analyse_identity  # noqa: E402  (record, compare, timed, ADD_ROWS, STRINGS)
import e2e  # noqa: E402  (KB, PARAPHRASES)
import intent_identity  # noqa: E402  (eval_pairs, REPO)

STEP = int(ARGS[0]) if ARGS else 8
MIGRATION = os.path.join(intent_identity.REPO, "deploy/migrations/074_perf17.sql")


def add_bench_texts(cur):
    """Adds the bench's texts with every evaluation doctor to idc_in; returns how many."""
    cur.execute("SELECT DISTINCT d FROM idc_in ORDER BY d")
    doctors = [r[0] for r in cur.fetchall()]
    rnd = random.Random(17)
    texts = [q for q, _, _ in e2e.KB] + list(e2e.PARAPHRASES)
    rows = [(d, t) for d in doctors for t in texts]
    rows += [(d, f"{t} (case {rnd.randrange(10**9)})") for d in doctors for t in texts]
    cur.executemany("INSERT INTO idc_in (d, q) VALUES (%s, %s)", rows)
    return len(rows)


def main():
    conn = psycopg2.connect(os.environ["DATABASE_URL"])
    cur = conn.cursor()
    cur.execute("SELECT count(*) FROM schema_migrations WHERE version LIKE '074%%'")
    if cur.fetchone()[0]:
        sys.exit("analyse_identity15.py: 074 is applied to this database already; run it on one migrated up to 069")
    cur.execute("BEGIN")
    try:
        pairs = intent_identity.eval_pairs(cur)
        nbench = add_bench_texts(cur)
        cur.execute(analyse_identity.STRINGS)
        cur.execute("SELECT n, d::text, q FROM idc_in WHERE n %% %s = 0 ORDER BY n", (STEP,))
        sample = cur.fetchall()
        cur.execute("PREPARE ida_one(uuid, text) AS SELECT (kb_analyse_parts($1, $2, true)).o_tokens")
        cur.execute("PREPARE ida_many(uuid[], text[]) AS SELECT (kb_analyse_parts(x.d, x.q, true)).o_tokens"
                    " FROM unnest($1, $2) WITH ORDINALITY x(d, q, i) ORDER BY x.i")
        migration = open(MIGRATION, encoding="utf-8").read()

        old = analyse_identity.record(cur)
        cur.execute("SAVEPOINT ida_before")
        cur.execute(migration)
        new = analyse_identity.record(cur)
        first = analyse_identity.compare(old, new)
        cur.execute("ROLLBACK TO SAVEPOINT ida_before")
        cur.execute("SAVEPOINT ida_lexicon")
        cur.execute("SELECT count(*) FROM kb_synonyms")
        before = cur.fetchone()[0]
        cur.execute(analyse_identity.ADD_ROWS)
        cur.execute("SELECT count(*) - %s FROM kb_synonyms", (before,))
        added = cur.fetchone()[0]
        old2 = analyse_identity.record(cur)
        cur.execute(migration)
        new2 = analyse_identity.record(cur)
        second = analyse_identity.compare(old2, new2)
        changed = sum(1 for a, b in zip(old["analyses"], old2["analyses"]) if a[1] != b[1])
        cur.execute("ROLLBACK TO SAVEPOINT ida_lexicon")
        cur.execute("ROLLBACK TO SAVEPOINT ida_before")
        print(f"{first[3]} (doctor, text) pairs compared ({len(pairs)} of tests/kb_eval, {nbench} of the bench's texts "
              f"with every evaluation doctor), each kb_tokens(d, q, true) and kb_analyse(d, q, true / false):\n"
              f"  kb_tokens differ for {first[1]}, kb_analyse (every field) for {first[2]}; the word splitters for "
              f"{first[0]} of {len(old['words'])} strings;\n"
              f"  with {added} synonym rows and a stop word added at run time (the tokens of {changed} pairs change): "
              f"{second[3]} pairs compared, {second[1]} / {second[2]} / {second[0]} differ.", flush=True)
        times, trivial = analyse_identity.timed(cur, sample, migration, passes=2, chunk=32)
        (o1, ob, oc1, ocb), (n1, nb, nc1, ncb) = times["old"], times["new"]
        cpu = (f"\n  backend CPU a text: one a statement old {oc1:.0f} us, new {nc1:.0f} us (new/old {nc1 / oc1:.3f}); "
               f"32 a statement old {ocb:.0f} us, new {ncb:.0f} us (new/old {ncb / ocb:.3f})" if oc1 and ocb else "")
        print(f"(kb_analyse_parts(d, q, true)).o_tokens, {len(sample)} pairs x 2 passes, in chunks of 32 run before "
              f"and after 074 alternately; load average {os.getloadavg()[0]:.2f}:\n"
              f"  client wall time a text: one a statement old {o1:.0f} us, new {n1:.0f} us (new/old {n1 / o1:.3f}; "
              f"a round trip is {trivial:.0f} us); 32 a statement old {ob:.0f} us, new {nb:.0f} us (new/old "
              f"{nb / ob:.3f}){cpu}")
        sys.exit(1 if any(first[:3]) or any(second[:3]) else 0)
    finally:
        cur.execute("ROLLBACK")
        conn.close()


if __name__ == "__main__":
    main()
