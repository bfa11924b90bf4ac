#!/usr/bin/python3
"""The identity check of a rewrite of the intents' scoring (issue 14: 033_perf3.sql, then 045_perf8.sql). Not a test:
run it against a database with the migrations BEFORE the one checked applied (not it), as a role that may replace
functions (the migrations' owner):

    DATABASE_URL=postgresql://wa:wa@127.0.0.1:PORT/wa /usr/bin/python3 bench/router/intent_identity.py \
        [repo] [migration file name, default 045_perf8.sql] [timing step, default 4]

Inside ONE transaction that is rolled back: loads the evaluation's doctors (tests/kb_eval/eval.py load_doctors),
tokenises every question/text of every set of tests/kb_eval (eval.py all_pairs: kb files with their row's doctor,
intent files with every doctor) once, records kb_intent_tokens(d, toks, 100) (every scored intent, all columns, and
its rank) and kb_intent_choose_tokens (the router's label) with the live functions, keeps copies of the live
kb_intent_choose_tokens / kb_intent_tokens / kb_intent_score as *_before, applies the migration, records them again
and compares: the same (text, intent) rows, the same missing words, the same rank (so the same best and runner-up),
the same labels, and the floats (score, coverage, fit) bit for bit or, failing that, within 1e-9 (the count of each
and the largest difference are printed). Times kb_intent_choose_tokens before (the copies) and after, interleaved in
one run (one statement over every `step`-th text, three rounds each, alternating), server time per text.

Then changes the data as a later migration or a clinic would, and after each change compares the new functions with
the copies of the old ones (which read the same tables live) on the same texts: a global intent example added, a
global example removed, an intent weight (kb_weights.intent_weight) and a kb_intent_words weight changed, a clinic's
own intent example added (that doctor's texts), the lexicon's re-tokenisation (UPDATE kb_intents SET example =
example). Prints how many labels each change moved (the change must reach the decisions) and how many differ from
the old functions' (must be 0). Prints only counts and timings, never the held-out texts; exits 1 when anything
differs."""
import os
import re
import sys
import time

import psycopg2

REPO = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")
MIGRATION = sys.argv[2] if len(sys.argv) > 2 else "045_perf8.sql"
STEP = int(sys.argv[3]) if len(sys.argv) > 3 else 4
sys.path.insert(0, os.path.join(REPO, "tests", "kb_eval"))
import eval as kbeval  # noqa: E402

SCORES = ("SELECT p.n, i.intent, i.score::text, i.coverage::text, i.fit::text, i.missing "
          "FROM idc_pairs p, LATERAL kb_intent_tokens(p.d, p.toks, 100) i")
LABELS = "SELECT p.n, kb_intent_choose_tokens(p.d, p.toks) FROM idc_pairs p"
# every scored row with its rank (the order kb_intent_choose_tokens reads: score, then intent)
RANKED = ("SELECT p.n, i.intent, i.score, i.coverage, i.fit, i.missing,"
          " row_number() OVER (PARTITION BY p.n ORDER BY i.score DESC, i.intent) AS r"
          " FROM {pairs} p, LATERAL {fn}(p.d, p.toks, 100) i")
FUNCS = ("kb_intent_choose_tokens", "kb_intent_tokens", "kb_intent_score")
TOL = 1e-9


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


def round_trip_us(cur, n):
    """The client's wall time of a trivial statement (SELECT 1), in us, over n calls: the round trip a timing of one
    text per statement includes."""
    t0 = time.perf_counter()
    for _ in range(n):
        cur.execute("SELECT 1")
        cur.fetchall()
    return (time.perf_counter() - t0) / n * 1e6


def keep_old(cur):
    """Creates kb_intent_*_before: the live functions' definitions, calling each other by their copies' names."""
    for fn in reversed(FUNCS):  # each after the ones it calls (SQL bodies are checked)
        cur.execute("SELECT pg_get_functiondef(%s::regproc)", (fn,))
        body = re.sub(r"\b(kb_intent_(?:choose_tokens|tokens|score))\(", r"\1_before(", cur.fetchone()[0])
        cur.execute(body)


def ranked(cur, pairs, suffix=""):
    """{(n, intent): (score, coverage, fit, missing, rank)} and {n: label}."""
    cur.execute(RANKED.format(pairs=pairs, fn="kb_intent_tokens" + suffix))
    rows = {(r[0], r[1]): r[2:] for r in cur.fetchall()}
    cur.execute(f"SELECT p.n, kb_intent_choose_tokens{suffix}(p.d, p.toks) FROM {pairs} p")
    return rows, dict(cur.fetchall())


def compare(old, new):
    """Counts: rows only on one side, rows whose missing words or rank differ, floats not bit-identical, floats
    beyond TOL, the largest float difference, labels that differ."""
    (orow, olab), (nrow, nlab) = old, new
    one_side = len(set(orow) ^ set(nrow))
    shape = inexact = beyond = 0
    worst = 0.0
    for k in set(orow) & set(nrow):
        o, w = orow[k], nrow[k]
        if o[3] != w[3] or o[4] != w[4]:
            shape += 1
        for a, b in zip(o[:3], w[:3]):
            if a is None or b is None:
                inexact += a is not b
                beyond += a is not b
                continue
            if a != b:
                inexact += 1
                worst = max(worst, abs(a - b))
                beyond += abs(a - b) > TOL
    labels = sum(1 for n in olab if olab[n] != nlab.get(n))
    return one_side, shape, inexact, beyond, worst, labels


def main():
    conn = psycopg2.connect(os.environ["DATABASE_URL"])
    cur = conn.cursor()
    cur.execute("BEGIN")
    bad = 0
    try:
        pairs = eval_pairs(cur)
        keep_old(cur)
        cur.execute(f"CREATE TEMP TABLE idc_sub ON COMMIT DROP AS SELECT * FROM idc_pairs WHERE n % {STEP} = 0")
        old = ranked(cur, "idc_pairs")
        cur.execute(open(os.path.join(REPO, "deploy/migrations", MIGRATION), encoding="utf-8").read())
        new = ranked(cur, "idc_pairs")
        one_side, shape, inexact, beyond, worst, labels = compare(old, new)
        bad += one_side + shape + beyond + labels
        nlab = sum(1 for v in old[1].values() if v is not None)
        print(f"{len(pairs)} (doctor, text) pairs of tests/kb_eval, {MIGRATION}: {len(old[0])} scored intent rows;"
              f" {one_side} on one side only, {shape} with other missing words or rank;"
              f" floats (score, coverage, fit): {inexact} not bit-identical, {beyond} beyond {TOL:g},"
              f" largest difference {worst:.3g}; labels: {labels} differ ({nlab} labelled)")

        cur.execute("SELECT count(*) FROM idc_sub")
        nsub = cur.fetchone()[0]

        def timed(suffix):
            t0 = time.perf_counter()
            cur.execute(f"SELECT count(kb_intent_choose_tokens{suffix}(d, toks)) FROM idc_sub")
            cur.fetchone()
            return (time.perf_counter() - t0) / nsub

        timed("_before"), timed("")
        t_old, t_new = [], []
        for _ in range(3):
            t_old.append(timed("_before"))
            t_new.append(timed(""))
        load = os.getloadavg()
        print(f"kb_intent_choose_tokens, server time per text over {nsub} texts (every {STEP}th), 3 rounds interleaved:"
              f" before {' '.join(f'{t * 1e6:.0f}' for t in t_old)} us, after"
              f" {' '.join(f'{t * 1e6:.0f}' for t in t_new)} us; best {min(t_old) * 1e6:.0f} ->"
              f" {min(t_new) * 1e6:.0f} us ({min(t_old) / min(t_new):.2f}x), median"
              f" {sorted(t_old)[1] / sorted(t_new)[1]:.2f}x; load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}")

        # as the router asks: one text per statement (a SQL function called for a value is planned at every
        # statement), old and new in alternating chunks of 20 texts, client wall time (a round trip included: the
        # same statement returning only the doctor measures it)
        cur.execute("CREATE INDEX ON idc_pairs (n)")
        cur.execute(f"SELECT n FROM idc_pairs WHERE n % {STEP * 4} = 0 ORDER BY n")
        ns = [r[0] for r in cur.fetchall()]
        stmts = {"before": "SELECT kb_intent_choose_tokens_before(d, toks) FROM idc_pairs WHERE n = %s",
                 "after": "SELECT kb_intent_choose_tokens(d, toks) FROM idc_pairs WHERE n = %s",
                 "trip": "SELECT d FROM idc_pairs WHERE n = %s"}
        spent = dict.fromkeys(stmts, 0.0)
        for i in range(0, len(ns), 20):
            order = list(stmts) if (i // 20) % 2 == 0 else list(reversed(list(stmts)))
            for k in order:
                t0 = time.perf_counter()
                for n in ns[i:i + 20]:
                    cur.execute(stmts[k], (n,))
                    cur.fetchone()
                spent[k] += time.perf_counter() - t0
        per = {k: v / len(ns) * 1e6 for k, v in spent.items()}
        load = os.getloadavg()
        print(f"kb_intent_choose_tokens, one text per statement over {len(ns)} texts (every {STEP * 4}th),"
              f" alternating chunks of 20: before {per['before']:.0f} us, after {per['after']:.0f} us"
              f" ({per['before'] / per['after']:.2f}x); the round trip alone {per['trip']:.0f} us, without it"
              f" {per['before'] - per['trip']:.0f} -> {per['after'] - per['trip']:.0f} us"
              f" ({(per['before'] - per['trip']) / (per['after'] - per['trip']):.2f}x);"
              f" load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}")

        # the data changed after the migration, as a later migration or a clinic would
        base = ranked(cur, "idc_sub")
        cur.execute("SELECT d FROM idc_sub GROUP BY d ORDER BY count(*) DESC, d LIMIT 1")
        clinic = str(cur.fetchone()[0])
        # texts with a candidate but no label: as examples of their best candidate, they get it
        unlabelled = sorted(n for (n, intent), r in base[0].items() if r[4] == 1 and base[1][n] is None)

        def as_examples(doctor):
            rows = []
            for n in unlabelled:
                cur.execute("SELECT d, q FROM idc_in WHERE n = %s", (n,))
                d, q = cur.fetchone()
                if (doctor is None or d == doctor) and len(rows) < 5:
                    rows.append((doctor, [k[1] for k in base[0] if k[0] == n and base[0][k][4] == 1][0], q))
            return rows

        changes = [
            ("a global example added", "INSERT INTO kb_intents (doctor_id, intent, lang, example)"
             " VALUES (%s, %s, 'en', %s)", as_examples(None)),
            ("a global example removed", "DELETE FROM kb_intents WHERE doctor_id IS NULL AND intent = 'book'"
             " AND id % 2 = 0", None),
            ("an intent weight changed", "INSERT INTO kb_weights (word, weight, intent_weight) VALUES"
             " ('appointment', 1, 0.3) ON CONFLICT (word) DO UPDATE SET intent_weight = 0.3", None),
            ("a kb_intent_words weight changed", "UPDATE kb_intent_words SET weight = weight * 3"
             " WHERE word IN (SELECT word FROM kb_intent_words ORDER BY word LIMIT 20)", None),
            ("the lexicon's re-tokenisation", "UPDATE kb_intents SET example = example", None),
            ("a clinic's own example added", "INSERT INTO kb_intents (doctor_id, intent, lang, example)"
             " VALUES (%s, %s, 'en', %s)", as_examples(clinic)),
        ]
        for what, sql, rows in changes:
            if rows is None:
                cur.execute(sql)
            else:
                cur.executemany(sql, rows)
            before = ranked(cur, "idc_sub", "_before")
            after = ranked(cur, "idc_sub")
            moved = sum(1 for n in base[1] if base[1][n] != before[1].get(n))
            one_side, shape, inexact, beyond, worst, labels = compare(before, after)
            bad += one_side + shape + beyond + labels + (moved == 0 and what != "the lexicon's re-tokenisation")
            print(f"after {what}: {moved} labels moved; against the old functions: {one_side} rows on one side only,"
                  f" {shape} other missing words or rank, {beyond} floats beyond {TOL:g} ({inexact} not bit-identical,"
                  f" largest {worst:.3g}), {labels} labels differ")
            base = before
        sys.exit(1 if bad else 0)
    finally:
        cur.execute("ROLLBACK")
        conn.close()


if __name__ == "__main__":
    main()
