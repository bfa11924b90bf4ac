#!/usr/bin/python3
"""A new text's statement, part by part, and the router's statement before and after round 8's change (issue 14,
round 8: each text's intent decision computed once). Not a test, and it WRITES: run it against a private scratch
database migrated to the newest migration (as `wactl migrate` leaves it: vacuumed), as the migrations' owner, on a
server of this machine (the backend's CPU is read from /proc):

    UNDERSTAND_SCRATCH=1 DATABASE_URL=postgresql://wa:wa@127.0.0.1:PORT/wa /usr/bin/python3 \\
        bench/router/understand_once.py [repo] [step] [passes]

Inserts tests/kb_eval's doctors and 4 doctors with bench/e2e.py's 20 knowledge-base entries (removed at the end), then
1. identity: every (doctor, text) pair of tests/kb_eval (kb files with their row's doctor, intent files with every
   doctor) and every bench question and paraphrase for every bench doctor, through OLD (wa_kb_understand_batch's SQL
   until round 8) and NEW (shared/src/kb.c's now) in chunks of 32 as the router sends them, with the intent asked
   (f true) and without it (wa_kb_lookup_batch): every row (text, label, entry, question, answer, score as its exact
   float) compared; exits 1 when one differs;
2. calls: how often each function runs per text in each statement (pg_stat_xact_user_functions; needs
   track_functions = all, which only a superuser may SET: then set it for the database beforehand);
3. time: backend CPU per text, OLD and NEW interleaved (ABBA chunks of 16), one text a statement and 16 a statement,
   and the parts alone as separate prepared statements (the analysis kb_tokens(d, q, true), the intent
   kb_intent_choose_tokens(d, toks), the candidates kb_match_tokens(d, toks, 4) on the analysis's tokens; the
   doctor's name words kb_name_words(d) alone), over the bench's questions made unique as its loadgen makes them
   (a case number appended), its paraphrases likewise, and every `step`-th kb_eval pair (default 10).
Prints only counts and timings (never the evaluation's texts) and the load average."""
import json
import os
import random
import sys

import psycopg2

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(HERE, ".."))
import analyse_identity  # noqa: E402  (puts tests/kb_eval on the path; backend_clock)
import e2e  # noqa: E402  (KB, PARAPHRASES)
import mix_pg  # noqa: E402  (setup: the clinics)

kbeval = analyse_identity.intent_identity.kbeval
STEP = int(sys.argv[2]) if len(sys.argv) > 2 else 10
PASSES = int(sys.argv[3]) if len(sys.argv) > 3 else 2
CHUNK = 16
NBENCH = mix_pg.NBENCH

# wa_kb_understand_batch's statement until round 8: the intent's LATERAL subquery became the inner side of the
# join with the candidates, run again for every candidate row (up to 4 a text)
OLD = ("SELECT x.i, a.label, k.id::text, k.question, k.answer, k.score"
       " FROM jsonb_to_recordset($1::jsonb) AS x(i int, d uuid, q text, f boolean)"
       " CROSS JOIN LATERAL (SELECT kb_tokens(x.d, x.q, true) AS toks OFFSET 0) t"
       " CROSS JOIN LATERAL (SELECT CASE WHEN x.f THEN kb_intent_choose_tokens(x.d, t.toks) END AS label OFFSET 0) a"
       " LEFT JOIN LATERAL (SELECT e.id, e.question, e.answer, m.score FROM kb_match_tokens(x.d, t.toks, 4) m"
       "                    JOIN kb_entries e ON e.id = m.id AND e.doctor_id = x.d) k ON true"
       " ORDER BY x.i, k.score DESC, k.id")
# round 8's (the intent once per text; the clinic's name words once per text, inside kb_match_tokens)
ROUND8 = ("WITH u AS MATERIALIZED ("
          "SELECT x.i, x.d, t.toks, CASE WHEN x.f THEN kb_intent_choose_tokens(x.d, t.toks) END AS label"
          " FROM jsonb_to_recordset($1::jsonb) AS x(i int, d uuid, q text, f boolean)"
          " CROSS JOIN LATERAL (SELECT kb_tokens(x.d, x.q, true) AS toks OFFSET 0) t)"
          " SELECT u.i, u.label, k.id::text, k.question, k.answer, k.score FROM u"
          " LEFT JOIN LATERAL (SELECT e.id, e.question, e.answer, m.score FROM kb_match_tokens(u.d, u.toks, 4) m"
          "                    JOIN kb_entries e ON e.id = m.id AND e.doctor_id = u.d) k ON true"
          " ORDER BY u.i, k.score DESC, k.id")
# round 9's (059: the name words once per doctor of the statement)
ROUND9 = ("WITH u AS MATERIALIZED ("
          "SELECT x.i, x.d, t.toks, CASE WHEN x.f THEN kb_intent_choose_tokens(x.d, t.toks) END AS label"
          " FROM jsonb_to_recordset($1::jsonb) AS x(i int, d uuid, q text, f boolean)"
          " CROSS JOIN LATERAL (SELECT kb_tokens(x.d, x.q, true) AS toks OFFSET 0) t)"
          ", n AS MATERIALIZED (SELECT x.d, kb_name_words(x.d) AS names FROM (SELECT DISTINCT d FROM u) x)"
          " SELECT u.i, u.label, k.id::text, k.question, k.answer, k.score FROM u LEFT JOIN n ON n.d = u.d"
          " LEFT JOIN LATERAL (SELECT e.id, e.question, e.answer, m.score"
          "                    FROM kb_match_tokens_names(u.d, u.toks, n.names, 4) m"
          "                    JOIN kb_entries e ON e.id = m.id AND e.doctor_id = u.d) k ON true"
          " ORDER BY u.i, k.score DESC, k.id")
# shared/src/kb.c's now (keep the two in step; round 10: kb_tokens' expression without its PL/pgSQL call)
NEW = ROUND9.replace("kb_tokens(x.d, x.q, true) AS toks", "(kb_analyse_parts(x.d, x.q, true)).o_tokens AS toks")
CALLS = ("SELECT funcname, calls FROM pg_stat_xact_user_functions WHERE funcname IN ('kb_tokens', 'kb_analyse',"
         " 'kb_analyse_parts', 'kb_intent_choose_tokens', 'kb_intent_score', 'kb_name_words', 'kb_token_weights_kept')"
         " ORDER BY funcname")


def load(url):
    """mix_pg.setup's clinics (tests/kb_eval's doctors and NBENCH with bench/e2e.py's entries, analysed), and every
    doctor id besides."""
    conn, cur, doctor_ids, bench = mix_pg.setup(url)
    return conn, cur, [str(d) for d in doctor_ids.values()], doctor_ids, bench


def payload(items, f=True):
    return json.dumps([{"i": i, "d": d, "q": q, "f": f} for i, (d, q) in enumerate(items)])


def main():
    if os.environ.get("UNDERSTAND_SCRATCH") != "1":
        sys.exit("understand_once.py writes to the database: set UNDERSTAND_SCRATCH=1 for a private scratch database")
    conn, cur, all_ids, doctor_ids, bench = load(os.environ["DATABASE_URL"])
    try:
        cur.execute("PREPARE u_old(jsonb) AS " + OLD)
        cur.execute("PREPARE u_new(jsonb) AS " + NEW)
        cur.execute("PREPARE p_tok(uuid, text) AS SELECT kb_tokens($1, $2, true)")
        cur.execute("PREPARE p_int(uuid, text[]) AS SELECT kb_intent_choose_tokens($1, $2)")
        cur.execute("PREPARE p_match(uuid, text[]) AS SELECT m.id, m.score FROM kb_match_tokens($1, $2, 4) m"
                    " JOIN kb_entries e ON e.id = m.id AND e.doctor_id = $1")
        cur.execute("PREPARE p_names(uuid) AS SELECT kb_name_words($1)")
        clock = analyse_identity.backend_clock(cur)
        assert clock, "the server must run on this machine (backend CPU from /proc)"
        evalpairs = [(str(d), q) for d, q in kbeval.all_pairs(doctor_ids)]
        benchpairs = [(d, q) for d in bench for q in [q for q, _, _ in e2e.KB] + e2e.PARAPHRASES]

        # 1. identity
        differ = rows = 0
        for name, pairs in (("kb_eval pairs", evalpairs), ("bench pairs", benchpairs)):
            for f in (True, False):
                d0 = differ
                for i in range(0, len(pairs), 32):
                    part = pairs[i:i + 32]
                    cur.execute("EXECUTE u_old(%s)", (payload(part, f),))
                    old = [(r[0], r[1], r[2], r[3], r[4], repr(r[5])) for r in cur.fetchall()]
                    cur.execute("EXECUTE u_new(%s)", (payload(part, f),))
                    new = [(r[0], r[1], r[2], r[3], r[4], repr(r[5])) for r in cur.fetchall()]
                    rows += len(old)
                    differ += (old != new) * max(1, sum(a != b for a, b in zip(old, new)) + abs(len(old) - len(new)))
                print(f"identity {name:14} intent {'asked' if f else 'not asked':9}: {len(pairs)} texts,"
                      f" rows that differ {differ - d0}", flush=True)
        print(f"identity: {rows} rows compared, {differ} differ")

        rnd = random.Random(14)
        kinds = {
            "bench questions": [(bench[i % NBENCH], f"{rnd.choice(e2e.KB)[0]} (case {rnd.randrange(10**9)})")
                                for i in range(320)],
            "bench paraphrases": [(bench[i % NBENCH], f"{rnd.choice(e2e.PARAPHRASES)} (case {rnd.randrange(10**9)})")
                                  for i in range(320)],
            "kb_eval pairs": evalpairs[STEP - 1::STEP],
        }

        # 2. calls per text
        cur.execute("SHOW track_functions")
        if cur.fetchone()[0] != "all":
            try:
                cur.execute("SET track_functions = 'all'")
            except psycopg2.Error:
                conn.rollback() if not conn.autocommit else None
                print("calls: track_functions is not 'all' and may not be set here (a superuser's setting): skipped")
        cur.execute("SHOW track_functions")
        if cur.fetchone()[0] == "all":
            for kind, items in kinds.items():
                for label, stmt in (("old", "u_old"), ("new", "u_new")):
                    # the view shows the session's counts not yet reported (earlier transactions' too): a difference
                    # within one transaction (nothing is reported before it ends)
                    cur.execute("BEGIN")
                    cur.execute(CALLS)
                    before = dict(cur.fetchall())
                    for d, q in items[:160]:
                        cur.execute(f"EXECUTE {stmt}(%s)", (payload([(d, q)]),))
                    cur.execute(CALLS)
                    got = [(f, c - before.get(f, 0)) for f, c in cur.fetchall()]
                    cur.execute("ROLLBACK")
                    n = len(items[:160])
                    print(f"calls per text, {kind:17} {label}: "
                          + ", ".join(f"{f} {c / n:.2f}" for f, c in got), flush=True)

        # 3. time
        toks = {}

        def one(stmt):
            def run(part):
                for d, q in part:
                    cur.execute(f"EXECUTE {stmt}(%s)", (payload([(d, q)]),))
                    cur.fetchall()
            return run

        def sixteen(stmt):
            def run(part):
                cur.execute(f"EXECUTE {stmt}(%s)", (payload(part),))
                cur.fetchall()
            return run

        def tok(part):
            for d, q in part:
                cur.execute("EXECUTE p_tok(%s, %s)", (d, q))
                toks[(d, q)] = cur.fetchone()[0]

        def intent(part):
            for d, q in part:
                cur.execute("EXECUTE p_int(%s, %s)", (d, toks[(d, q)]))
                cur.fetchall()

        def match(part):
            for d, q in part:
                cur.execute("EXECUTE p_match(%s, %s)", (d, toks[(d, q)]))
                cur.fetchall()

        def names(part):
            for d, _ in part:
                cur.execute("EXECUTE p_names(%s)", (d,))
                cur.fetchall()

        def empty(part):  # a statement's own cost: the round trip, parse of EXECUTE, an empty result
            for _ in part:
                cur.execute("SELECT 1")
                cur.fetchall()

        for items in kinds.values():  # plans (past the plan cache's five custom plans), caches
            tok(items[:12]), intent(items[:12]), match(items[:12]), names(items[:12])
            one("u_old")(items[:12]), one("u_new")(items[:12]), sixteen("u_old")(items[:16])
            sixteen("u_new")(items[:16])
        print(f"backend CPU us per text; ABBA chunks of {CHUNK}, {PASSES} passes")
        print(f"{'kind':18} {'part':34} {'texts':>5} {'A':>6} {'B':>6} {'B/A':>5}  load")
        for kind, items in kinds.items():
            for pname, fa, fb in (("whole 1 a statement: old, new", one("u_old"), one("u_new")),
                                  ("whole 16 a statement: old, new", sixteen("u_old"), sixteen("u_new")),
                                  ("analysis, intent", tok, intent),
                                  ("match, name words alone", match, names),
                                  ("empty statement, (none)", empty, None)):
                cpu = {"A": 0.0, "B": 0.0}
                for p in range(PASSES):
                    for i in range(0, len(items), CHUNK):
                        part = items[i:i + CHUNK]
                        if fa is tok:  # the intent and the match need the analysis's tokens: A first always
                            order = ("A", "B")
                        else:
                            order = ("A", "B") if (i // CHUNK + p) % 2 == 0 else ("B", "A")
                        for v in order:
                            fn = fa if v == "A" else fb
                            if fn is None:
                                continue
                            c0 = clock()
                            fn(part)
                            cpu[v] += clock() - c0
                n = PASSES * len(items)
                a, b = cpu["A"] / n * 1e6, cpu["B"] / n * 1e6
                ratio = f"{b / a:5.2f}" if a and fb is not None else "    -"
                print(f"{kind:18} {pname:34} {len(items):5} {a:6.0f} {b:6.0f} {ratio}  "
                      f"{open('/proc/loadavg').read().split()[0]}", flush=True)
        if differ:
            sys.exit(1)
    finally:
        cur.execute("DELETE FROM doctors WHERE id = ANY (%s::uuid[])", (all_ids + bench,))
        conn.close()


if __name__ == "__main__":
    main()
