#!/usr/bin/python3
"""The identity check of 046_perf9.sql (a new text's analysis, kb_tokens -> kb_analyse, at a fraction of its cost,
issue 14, round 6). Not a test: run it against a database with the migrations before 046 applied (NOT 046), as a
role that may replace functions (the migrations' owner):

    DATABASE_URL=postgresql://wa:wa@127.0.0.1:PORT/wa /usr/bin/python3 bench/router/analyse_identity.py [repo] [step]

Inside ONE transaction that is rolled back: loads the evaluation's doctors and lists every (doctor, text) pair of
tests/kb_eval (intent_identity.eval_pairs: kb files with their row's doctor, intent files with every doctor; it also
records kb_tokens(d, q, true) with the live functions), records with the live functions, applies
deploy/migrations/046_perf9.sql and compares exactly:
- kb_tokens(d, q, true): the same array, the same order (what the router uses);
- kb_analyse(d, q, true) and kb_analyse(d, q, false): the whole result (tokens, corrected, synonyms, dropped);
- kb_raw_words and kb_nukta_words (046 writes them as one expression) of every text, of every lexicon term and
  canonical form, and of every example of the doctors;
then again after adding lexicon rows at run time (a clinic's one-word and multi-word synonyms, global multi-word
terms and stop words, as kb_lexicon_add or the dashboard would: 046 keeps nothing that they could make stale).
Then times both, interleaved (chunks of 40 texts, each run before and after 046 in alternating order: 046 applied in
a savepoint that is rolled back and applied again), over every `step`-th text (default 8): one text per statement
(prepared, as the router sends a new text at its usual load) and each chunk in one statement (the router's batches
under load). Prints only counts and timings, never the evaluation's texts; exits 1 when anything differs.
ANALYSE_MIGRATION=059_perf13.sql checks round 9's kb_analyse the same way, on a database migrated up to 055 (the
messages below still say 046: read the migration's number)."""
import json
import os
import sys
import time

import psycopg2

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import intent_identity  # noqa: E402  (puts tests/kb_eval on the path; eval_pairs, REPO)

REPO = intent_identity.REPO
STEP = int(sys.argv[2]) if len(sys.argv) > 2 else 8
# ANALYSE_MIGRATION: another migration that replaces the analysis (059_perf13.sql: round 9), checked the same way on a
# database migrated up to the one before it
MIGRATION = os.path.join(REPO, "deploy/migrations", os.environ.get("ANALYSE_MIGRATION", "046_perf9.sql"))

# every text the word splitters see: the evaluation's texts, the lexicon's terms and canonical forms, the examples
STRINGS = ("CREATE TEMP TABLE ida_str ON COMMIT DROP AS SELECT row_number() OVER () AS n, s FROM ("
           " SELECT q AS s FROM idc_in UNION ALL SELECT left(q, 1000) FROM idc_in"
           " UNION ALL SELECT term FROM kb_synonyms UNION ALL SELECT canonical FROM kb_synonyms"
           " UNION ALL SELECT words FROM kb_examples UNION ALL SELECT '' UNION ALL SELECT NULL"
           " UNION ALL SELECT ' .. ' UNION ALL SELECT 'ज़रूरी फ़ीस?') x")
WORDS = "SELECT n, kb_raw_words(s), kb_nukta_words(s) FROM ida_str ORDER BY n"
ANALYSES = ("SELECT i.n, kb_tokens(i.d, i.q, true), kb_analyse(i.d, i.q, true)::text,"
            " kb_analyse(i.d, i.q, false)::text, kb_tokens(i.d, i.q) FROM idc_in i ORDER BY i.n")
# lexicon rows added at run time: for two doctors a one-word and a multi-word synonym made of words of their own
# texts, global multi-word terms and a stop word from frequent words of the texts
ADD_ROWS = """
WITH freq AS (SELECT w, count(*) AS c FROM idc_in, unnest(kb_raw_words(q)) w WHERE char_length(w) >= 3
              GROUP BY w ORDER BY count(*) DESC, w LIMIT 40),
     f AS (SELECT w, row_number() OVER (ORDER BY c DESC, w) AS r FROM freq),
     docs AS (SELECT d, row_number() OVER (ORDER BY d) AS r FROM (SELECT DISTINCT d FROM idc_in) x)
INSERT INTO kb_synonyms (doctor_id, term, canonical, lang)
SELECT docs.d, a.w, 'clinicword' || docs.r, 'en' FROM docs JOIN f a ON a.r = docs.r + 2 WHERE docs.r <= 2
UNION ALL
SELECT docs.d, a.w || ' ' || b.w, 'clinicphrase' || docs.r || ' ' || b.w, 'en'
FROM docs JOIN f a ON a.r = docs.r + 4 JOIN f b ON b.r = docs.r + 5 WHERE docs.r <= 2
UNION ALL
SELECT NULL, a.w || ' ' || b.w, 'globalphrase', 'en' FROM f a JOIN f b ON b.r = a.r + 1 WHERE a.r IN (7, 9)
ON CONFLICT DO NOTHING;
INSERT INTO kb_stopwords (word) SELECT w FROM (SELECT w FROM idc_in, unnest(kb_raw_words(q)) w
                                               WHERE char_length(w) >= 5 GROUP BY w ORDER BY count(*) DESC, w
                                               LIMIT 1 OFFSET 11) x ON CONFLICT DO NOTHING;
"""


def record(cur):
    """{"words": rows, "analyses": rows} with the functions live now."""
    out = {}
    for name, q in (("words", WORDS), ("analyses", ANALYSES)):
        cur.execute(q)
        out[name] = cur.fetchall()
    return out


def compare(old, new, old_tokens=None):
    """(splitter rows that differ, kb_tokens(.., true) that differ, kb_analyse results that differ, rows)."""
    wdiff = sum(1 for a, b in zip(old["words"], new["words"]) if a != b) + abs(len(old["words"]) - len(new["words"]))
    tdiff = adiff = 0
    for a, b in zip(old["analyses"], new["analyses"]):
        tdiff += a[1] != b[1] or a[4] != b[4] or (old_tokens is not None and old_tokens.get(a[0]) != b[1])
        adiff += a[2] != b[2] or a[3] != b[3]
    return wdiff, tdiff, adiff, len(old["analyses"])


def backend_clock(cur):
    """A function returning the server process's CPU seconds when PostgreSQL runs on this machine (the load of a
    shared machine moves them far less than the wall clock), else None."""
    cur.execute("SELECT pg_backend_pid()")
    stat = f"/proc/{cur.fetchone()[0]}/stat"
    if not os.path.exists(stat):
        return None

    def clock():
        with open(stat, encoding="ascii") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    return clock

def statement_abba(cur, clock, old_sql, kinds, payload, passes, sizes=(1, 4, 16)):
    """Times the prepared router statement `u` over each kind's texts, `sizes` texts a statement, the old definition
    (old_sql run inside the transaction) against the new one interleaved old-new, new-old in groups of statements
    (each group's first statement replans after the swap and is not timed); prints the backend CPU per text of each
    side and the ratio (rounds 15 and 16's measurement)."""
    def arm(side, stmts):
        cur.execute("BEGIN")
        if side == "old":
            cur.execute(old_sql)
        cur.execute("EXECUTE u(%s)", (stmts[0],))  # the swap's replanning, not timed
        cur.fetchall()
        c0 = clock()
        for st in stmts[1:]:
            cur.execute("EXECUTE u(%s)", (st,))
            cur.fetchall()
        t = clock() - c0
        cur.execute("ROLLBACK")
        return t
    for kind, items in kinds.items():
        for size in sizes:
            stmts = [payload(items[i:i + size]) for i in range(0, len(items), size)]
            group = max(2, 64 // size)
            tot = {"old": 0.0, "new": 0.0}
            ntexts = 0
            k = 0
            for p in range(passes):
                for g in range(0, len(stmts), group):
                    part = stmts[g:g + group]
                    if len(part) < 2:
                        continue
                    ntexts += sum(len(json.loads(s)) for s in part[1:])
                    for side in (("old", "new") if k % 2 == 0 else ("new", "old")):
                        tot[side] += arm(side, part)
                    k += 1
            print(f"{kind}, {size} a statement: old {tot['old'] * 1e6 / ntexts:.0f} us a text,"
                  f" new {tot['new'] * 1e6 / ntexts:.0f}, new/old {tot['new'] / tot['old']:.3f}"
                  f" (load {open('/proc/loadavg').read().split()[0]})", flush=True)


def timed(cur, sample, migration, passes=2, chunk=40):
    """{"old": (us per text, one text a statement; us per text, a chunk a statement; server CPU us per text of each),
    "new": ...} and the us of a trivial statement: over the sample in chunks, each chunk run with the functions before
    046 (the savepoint ida_before) and with 046 applied, in alternating order, so that both see the same load."""
    clock = backend_clock(cur) or (lambda: 0.0)
    def single(part):
        for _, d, q in part:
            cur.execute("EXECUTE ida_one(%s, %s)", (d, q))
            cur.fetchall()

    def batch(part):
        cur.execute("EXECUTE ida_many(%s::uuid[], %s)", ([d for _, d, _ in part], [q for _, _, q in part]))
        cur.fetchall()

    spent = {"old": [0.0] * 4, "new": [0.0] * 4}
    for p in range(passes):
        for i in range(0, len(sample), chunk):
            part = sample[i:i + chunk]
            for v in ("old", "new") if (i // chunk + p) % 2 == 0 else ("new", "old"):
                cur.execute("ROLLBACK TO SAVEPOINT ida_before")
                if v == "new":
                    cur.execute(migration)
                single(part[:2]), batch(part[:2])  # plan this definition
                for k, run in enumerate((single, batch)):
                    t0, c0 = time.perf_counter(), clock()
                    run(part)
                    spent[v][k] += time.perf_counter() - t0
                    spent[v][k + 2] += clock() - c0
    trivial = intent_identity.round_trip_us(cur, len(sample))
    return {v: tuple(x / (passes * len(sample)) * 1e6 for x in t) for v, t in spent.items()}, trivial


def main():
    conn = psycopg2.connect(os.environ["DATABASE_URL"])
    cur = conn.cursor()
    cur.execute("SELECT to_regprocedure('kb_analyse_lookup(uuid, text[])') IS NOT NULL")
    if cur.fetchone()[0] and MIGRATION.endswith("046_perf9.sql"):
        sys.exit("analyse_identity.py: 046 is applied to this database already; run it on one migrated up to 045")
    cur.execute("BEGIN")
    try:
        pairs = intent_identity.eval_pairs(cur)
        cur.execute("SELECT n, toks FROM idc_pairs")
        live_tokens = dict(cur.fetchall())
        cur.execute(STRINGS)
        cur.execute("SELECT n, d::text, q FROM idc_in WHERE n %% %s = 0 ORDER BY n", (STEP,))
        sample = cur.fetchall()
        cur.execute("PREPARE ida_one(uuid, text) AS SELECT kb_tokens($1, $2, true)")
        cur.execute("PREPARE ida_many(uuid[], text[]) AS SELECT kb_tokens(x.d, x.q, true)"
                    " FROM unnest($1, $2) WITH ORDINALITY x(d, q, i) ORDER BY x.i")
        migration = open(MIGRATION, encoding="utf-8").read()

        old = record(cur)
        cur.execute("SAVEPOINT ida_before")
        cur.execute(migration)
        new = record(cur)
        first = compare(old, new, live_tokens)
        # the lexicon changed at run time, before and after 046 (046 applied in a savepoint rolled back)
        cur.execute("ROLLBACK TO SAVEPOINT ida_before")
        cur.execute("SAVEPOINT ida_lexicon")
        cur.execute("SELECT count(*) FROM kb_synonyms")
        before = cur.fetchone()[0]
        cur.execute(ADD_ROWS)
        cur.execute("SELECT count(*) - %s FROM kb_synonyms", (before,))
        added = cur.fetchone()[0]
        old2 = record(cur)
        cur.execute(migration)
        new2 = record(cur)
        second = compare(old2, new2)
        changed = sum(1 for a, b in zip(old["analyses"], old2["analyses"]) if a[1] != b[1])
        cur.execute("ROLLBACK TO SAVEPOINT ida_lexicon")
        cur.execute("ROLLBACK TO SAVEPOINT ida_before")
        print(f"{len(pairs)} (doctor, text) pairs of tests/kb_eval and {len(old['words'])} strings for the word "
              f"splitters:\n  kb_tokens(d, q, true) (array and order) differ for {first[1]} texts, kb_analyse "
              f"(d, q, true / false, every field) for {first[2]}, kb_raw_words / kb_nukta_words for {first[0]} "
              f"strings;\n  with {added} synonym rows and a stop word added at run time (the tokens of {changed} "
              f"texts change): {second[1]} / {second[2]} / {second[0]} differ.", flush=True)
        times, trivial = timed(cur, sample, migration)
        (o1, ob, oc1, ocb), (n1, nb, nc1, ncb) = times["old"], times["new"]
        cpu = (f"; server CPU old {oc1:.0f} / {ocb:.0f} us, new {nc1:.0f} / {ncb:.0f} us ({oc1 / nc1:.2f}x / "
               f"{ocb / ncb:.2f}x)" if nc1 and ncb else "")
        print(f"kb_tokens(d, q, true), {len(sample)} texts x 2 passes, in chunks run before and after 046 "
              f"alternately; load average {os.getloadavg()[0]:.2f}:\n"
              f"  one text per statement (prepared): old {o1:.0f} us, new {n1:.0f} us per text ({o1 / n1:.2f}x)\n"
              f"  40 texts per statement: old {ob:.0f} us, new {nb:.0f} us per text ({ob / nb:.2f}x)\n"
              f"  (client wall time: one text per statement includes a round trip, {trivial:.0f} us for SELECT 1)"
              f"{cpu}")
        sys.exit(1 if any(first[:3]) or any(second[:3]) else 0)
    finally:
        cur.execute("ROLLBACK")
        conn.close()


if __name__ == "__main__":
    main()
