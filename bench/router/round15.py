#!/usr/bin/python3
"""The router's statement skips the match for a text no entry of its clinic shares a word with (issue 14, round 15:
deploy/migrations/093_perf24.sql). Not a test, and it WRITES: run it against a private scratch database migrated to
093 or later, as a superuser (it puts 082's router_understand_batch back inside transactions it rolls back), on a
server of this machine (the backend's CPU is read from /proc), autovacuum off:

    UNDERSTAND_SCRATCH=1 DATABASE_URL=postgresql://postgres@127.0.0.1:PORT/wa /usr/bin/python3 \\
        bench/router/round15.py [step] [passes]

Inserts bench/router/mix_pg.py's doctors (tests/kb_eval's and 4 with bench/e2e.py's 20 entries; removed at the end),
then
1. identity: the router's statement over every (doctor, text) pair of tests/kb_eval and every bench question,
   paraphrase and ai question for every bench doctor, in chunks of 32 as the router sends them, the intent asked,
   with 093's statement and, inside a transaction rolled back, with 082's: every row (text, label, entry, question,
   answer, score as its exact float) compared; how many texts had no candidate;
2. backend CPU a text, old (082's, put back inside a transaction) and new (093's) in alternating chunks (ABBA) on one
   backend, both arms inside a transaction rolled back and their first statement after the swap not timed, at 1, 4
   and 16 texts a statement over the 4 bench doctors: the bench's KB questions made unique as its loadgen makes them
   (the KB-cold row's texts), its paraphrases and ai questions likewise, and every `step`-th kb_eval pair (default 40).
ROUND15_IDENTITY_ONLY=1 runs step 1 alone.
Prints only counts and timings (never the evaluation's texts) and the load average; exits 1 when a row differs."""
import json
import os
import random
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(HERE, ".."))
sys.argv, ARGS = sys.argv[:1], sys.argv[1:]  # intent_identity reads argv at import
import analyse_identity  # noqa: E402  (puts tests/kb_eval on the path; backend_clock)
import e2e  # noqa: E402  (KB, PARAPHRASES, AI_QUESTIONS)
import mix_pg  # noqa: E402  (setup: the clinics)

kbeval = analyse_identity.intent_identity.kbeval
STEP = int(ARGS[0]) if ARGS else 40
PASSES = int(ARGS[1]) if len(ARGS) > 1 else 3
CHUNK = 32
STMT = "SELECT i, label, id, question, answer, score FROM router_understand_batch($1::jsonb)"
# 082's router_understand_batch, put back for the old side
with open(os.path.join(HERE, "..", "..", "deploy", "migrations", "082_perf22.sql"), encoding="utf-8") as f:
    OLD_082 = re.search(r"CREATE OR REPLACE FUNCTION router_understand_batch.*?\n\$\$;", f.read(), re.S).group(0)


def payload(items, f=True):
    return json.dumps([{"i": i, "d": d, "q": q, "f": f} for i, (d, q) in enumerate(items)])


def main():
    if os.environ.get("UNDERSTAND_SCRATCH") != "1":
        sys.exit("round15.py writes to the database: set UNDERSTAND_SCRATCH=1 for a private scratch database")
    conn, cur, doctor_ids, bench = mix_pg.setup(os.environ["DATABASE_URL"])
    all_ids = [str(d) for d in doctor_ids.values()]
    bad = 0
    try:
        cur.execute("PREPARE u(jsonb) AS " + STMT)
        evalpairs = [(str(d), q) for d, q in kbeval.all_pairs(doctor_ids)]
        benchpairs = [(d, q) for d in bench for q in [q for q, _, _ in e2e.KB] + e2e.PARAPHRASES + e2e.AI_QUESTIONS]
        pairs = evalpairs + benchpairs

        def rows():
            got = []
            for i in range(0, len(pairs), CHUNK):
                cur.execute("EXECUTE u(%s)", (payload(pairs[i:i + CHUNK]),))
                got.append([(r[0], r[1], r[2], r[3], r[4], repr(r[5])) for r in cur.fetchall()])
            return got
        new = rows()
        cur.execute("BEGIN")
        cur.execute(OLD_082)
        old = rows()
        cur.execute("ROLLBACK")
        nrows = sum(len(c) for c in new)
        differ = sum(1 for a, b in zip(old, new) for x, y in zip(a, b) if x != y) + sum(
            abs(len(a) - len(b)) for a, b in zip(old, new))
        for a, b in zip(old, new):
            for x, y in zip(a, b):
                if x != y:  # which fields (never the texts)
                    print("  differs:", [k for k, u, v in zip(("i", "label", "id", "question", "answer", "score"), x, y)
                                         if u != v], x[1], y[1], x[2], y[2], x[5], y[5])
                    break
        labels = sum(1 for c in new for r in c if r[1] is not None)
        empty = sum(1 for c in new for r in c if r[2] is None)
        print(f"router statement: {len(pairs)} texts ({len(evalpairs)} kb_eval pairs, {len(benchpairs)} bench),"
              f" {nrows} rows, {labels} with a label, {empty} texts without a candidate: {differ} differ", flush=True)
        bad += differ
        if os.environ.get("ROUND15_IDENTITY_ONLY") == "1":
            return

        # 2. time
        clock = analyse_identity.backend_clock(cur)
        rnd = random.Random(15)

        def unique(texts, n=1024):
            return [(bench[i % len(bench)], f"{rnd.choice(texts)} (case {rnd.randrange(10**9)})") for i in range(n)]
        kinds = {
            "bench questions": unique([q for q, _, _ in e2e.KB]),
            "bench paraphrases": unique(e2e.PARAPHRASES),
            "bench ai questions": unique(e2e.AI_QUESTIONS),
            "kb_eval pairs": evalpairs[::STEP],
        }

        analyse_identity.statement_abba(cur, clock, OLD_082, kinds, payload, PASSES)
    finally:
        cur.execute("ROLLBACK")
        cur.execute("DELETE FROM doctors WHERE id = ANY (%s::uuid[])", (all_ids + bench,))
        conn.close()
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
