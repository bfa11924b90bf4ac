#!/usr/bin/python3
"""The identity check of 039_perf7.sql (the knowledge base's scoring of a new text without planning it again, issue 14,
round 5). Not a test: run it against a database with the migrations before 039 applied (NOT 039), as a role that may
replace functions (the migrations' owner):

    DATABASE_URL=postgresql://wa:wa@127.0.0.1:PORT/wa /usr/bin/python3 bench/router/match_identity.py [repo] [step]

Inside ONE transaction that is rolled back: loads the evaluation's doctors and tokenises every text of every set of
tests/kb_eval once (intent_identity.eval_pairs: kb files with their row's doctor, intent files with every doctor),
records with the live functions, then with deploy/migrations/039_perf7.sql applied, and compares exactly:
- kb_match_tokens(d, toks, 100): every candidate row, all columns (floats bit for bit, as Python floats);
- the router's decision on kb_match_tokens(d, toks, 4): the candidates in order, eval.py's choose() and in_band();
- the weights the scoring sums, in the order they come out: kb_token_weights as 029 called it (a SQL function not
  inlined, its body planned with parameters) against kb_token_weights_kept, on each text's tokens plus the words of
  the doctor's examples that share one (the array kb_match_tokens_scored builds, without its '$' words);
- the intents (039's index on kb_intents(toks) may change their plans): every scored intent row and the router's
  label (intent_identity.SCORES and LABELS, floats by their exact text).
Then times both, interleaved (chunks of 40 texts, each run before and after 039 in alternating order: 039 applied in
a savepoint that is rolled back and applied again), one text per statement as the router sends them at its usual
load, prepared statements, over every `step`-th text (default 16): kb_match_tokens on given tokens, and the router's
whole statement for a new text (bench/router/understand.py's UNDERSTAND: kb_tokens, the intent and the candidates).
Prints only counts and timings, never the evaluation's texts; exits 1 when anything differs."""
import json
import os
import sys
import time

import psycopg2

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import intent_identity  # noqa: E402  (puts tests/kb_eval on the path; eval_pairs)
import understand  # noqa: E402  (UNDERSTAND, the router's statement)

kbeval = intent_identity.kbeval
REPO = intent_identity.REPO
STEP = int(sys.argv[2]) if len(sys.argv) > 2 else 16
MIGRATION = os.path.join(REPO, "deploy/migrations/039_perf7.sql")

ROWS = ("SELECT p.n, m.id, m.score, m.coverage, m.fit, m.missing FROM idc_pairs p,"
        " LATERAL kb_match_tokens(p.d, p.toks, %s) m ORDER BY p.n, m.score DESC, m.id")
# each text's weight array, as kb_match_tokens_scored builds it (its own words and those of the entries sharing one)
ARRAYS = ("CREATE TEMP TABLE idm_arr ON COMMIT DROP AS SELECT p.n, p.d, p.toks || ARRAY("
          " SELECT DISTINCT u FROM kb_examples x JOIN kb_entries k ON k.id = x.entry_id AND k.enabled,"
          " unnest(x.toks || x.ktoks) u WHERE x.doctor_id = p.d AND (x.toks || x.ktoks) && p.toks"
          " AND left(u, 1) <> '$') AS a FROM idc_pairs p")
# the old call: an argument holding a sub-select, so the SQL function runs un-inlined, as in 029's wt
WEIGHTS_OLD = ("SELECT w.n, k.i, k.t, k.base, k.w FROM idm_arr w,"
               " LATERAL kb_token_weights(w.d, (SELECT w.a), false) WITH ORDINALITY k(t, base, w, i) ORDER BY 1, 2")
WEIGHTS_NEW = ("SELECT w.n, k.i, k.t, k.base, k.w FROM idm_arr w,"
               " LATERAL kb_token_weights_kept(w.d, w.a, false) WITH ORDINALITY k(t, base, w, i) ORDER BY 1, 2")


def record(cur):
    """(rows at limit 100 and the intents' rows and labels, {n: [(id, score)] at limit 4}) with the functions and
    indexes live now."""
    cur.execute(ROWS, (100,))
    rows = cur.fetchall()
    for q in (intent_identity.SCORES + " ORDER BY 1, 2", intent_identity.LABELS + " ORDER BY 1"):
        cur.execute(q)
        rows.extend(("intent",) + r for r in cur.fetchall())
    cur.execute(ROWS, (4,))
    top = {}
    for n, eid, score, *_ in cur.fetchall():
        top.setdefault(n, []).append((eid, score))
    return rows, top


def timed(cur, sample, migration, passes=2, chunk=40):
    """{"old": (us per text of kb_match_tokens on given tokens, of the router's new-text statement), "new": ...} and the
    us of a trivial statement: one statement per text, over the sample in chunks, each chunk run with the functions
    before 039 (the savepoint idm_before) and with 039 applied, in alternating order, so that both see the same
    load."""
    def match(part):
        for _, d, _, toks in part:
            cur.execute("EXECUTE idm_match(%s, %s)", (d, toks))
            cur.fetchall()

    def whole(part):
        for _, d, q, _ in part:
            cur.execute("EXECUTE idm_understand(%s)", (json.dumps([{"i": 0, "d": d, "q": q, "f": True}]),))
            cur.fetchall()

    spent = {"old": [0.0, 0.0], "new": [0.0, 0.0]}
    for p in range(passes):
        for i in range(0, len(sample), chunk):
            part = sample[i:i + chunk]
            for v in ("old", "new") if (i // chunk + p) % 2 == 0 else ("new", "old"):
                cur.execute("ROLLBACK TO SAVEPOINT idm_before")
                if v == "new":
                    cur.execute(migration)
                match(part[:1]), whole(part[:1])  # plan this definition
                for k, run in enumerate((match, whole)):
                    t0 = time.perf_counter()
                    run(part)
                    spent[v][k] += time.perf_counter() - t0
    trivial = intent_identity.round_trip_us(cur, len(sample))
    return {v: tuple(x / (passes * len(sample)) * 1e6 for x in t) for v, t in spent.items()}, trivial


def main():
    conn = psycopg2.connect(os.environ["DATABASE_URL"])
    cur = conn.cursor()
    cur.execute("SELECT to_regprocedure('kb_token_weights_kept(uuid, text[], boolean)') IS NOT NULL")
    if cur.fetchone()[0]:
        sys.exit("match_identity.py: 039 is applied to this database already; run it on one migrated up to 038")
    cur.execute("BEGIN")
    try:
        pairs = intent_identity.eval_pairs(cur)
        cur.execute(ARRAYS)
        cur.execute("SELECT p.n, p.d::text, i.q, p.toks FROM idc_pairs p JOIN idc_in i USING (n)"
                    " WHERE p.n %% %s = 0 ORDER BY p.n", (STEP,))
        sample = cur.fetchall()
        cur.execute("PREPARE idm_match(uuid, text[]) AS SELECT m.id, m.score FROM kb_match_tokens($1, $2, 4) m")
        cur.execute("PREPARE idm_understand(jsonb) AS " + understand.UNDERSTAND.replace("%s::jsonb", "$1::jsonb"))
        migration = open(MIGRATION, encoding="utf-8").read()

        old_rows, old_top = record(cur)
        cur.execute(WEIGHTS_OLD)
        old_w = cur.fetchall()
        cur.execute("SAVEPOINT idm_before")
        cur.execute(migration)
        new_rows, new_top = record(cur)
        cur.execute(WEIGHTS_NEW)
        new_w = cur.fetchall()
        times, trivial = timed(cur, sample, migration)

        rdiff = sum(1 for a, b in zip(old_rows, new_rows) if a != b) + abs(len(old_rows) - len(new_rows))
        wdiff = sum(1 for a, b in zip(old_w, new_w) if a != b) + abs(len(old_w) - len(new_w))
        kb_rows = sum(1 for r in old_rows if r[0] != "intent")
        cand = chosen = band = 0
        worst = 0.0
        for n in set(old_top) | set(new_top):
            a, b = old_top.get(n, []), new_top.get(n, [])
            cand += [i for i, _ in a] != [i for i, _ in b]
            worst = max([worst] + [abs(x[1] - y[1]) for x, y in zip(a, b)])
            ca, cb = kbeval.choose(a), kbeval.choose(b)
            chosen += ca != cb
            band += kbeval.in_band(a, ca) != kbeval.in_band(b, cb)
        decided = sum(1 for rows in old_top.values() if kbeval.choose(rows) is not None)
        print(f"{len(pairs)} (doctor, text) pairs of tests/kb_eval: {kb_rows} candidate rows (limit 100) and "
              f"{len(old_rows) - kb_rows} intent rows (scored intents and labels): {rdiff} differ (all columns; floats "
              f"bit for bit); {len(old_w)} weight rows in order, {wdiff} differ.\nThe router's decision (limit 4): "
              f"candidates differ for {cand} texts, the chosen entry for {chosen} ({decided} chosen), the rerank band "
              f"for {band}; largest score difference {worst:.3g}.")
        (om, ou), (nm, nu) = times["old"], times["new"]
        print(f"One text per statement (prepared), {len(sample)} texts x 2 passes, in chunks run before and after 039 "
              f"alternately; load average {os.getloadavg()[0]:.2f}:\n"
              f"  kb_match_tokens (tokens given): old {om:.0f} us, new {nm:.0f} us per text ({om / nm:.2f}x)\n"
              f"  the router's new-text statement (analysis, intent, candidates): old {ou:.0f} us, new {nu:.0f} us "
              f"per text ({ou / nu:.2f}x)\n"
              f"  (client wall time: each includes a round trip, {trivial:.0f} us for SELECT 1)")
        sys.exit(1 if rdiff or wdiff or cand or chosen or band else 0)
    finally:
        cur.execute("ROLLBACK")
        conn.close()


if __name__ == "__main__":
    main()
