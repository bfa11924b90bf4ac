#!/usr/bin/python3
"""The match's token weights read each word's entry count from a table kept per doctor (issue 14, round 16:
deploy/migrations/097_perf25.sql). Not a test, and it WRITES: run it against a private scratch database migrated to
097 or later, as the migrations' owner or a superuser (it puts 066's kb_token_weights_kept back inside transactions it
rolls back), on a server of this machine (the backend's CPU is read from /proc), autovacuum off:

    UNDERSTAND_SCRATCH=1 DATABASE_URL=postgresql://wa:wa@127.0.0.1:PORT/wa /usr/bin/python3 \\
        bench/router/round16.py [step] [passes]

Inserts bench/router/mix_pg.py's doctors (tests/kb_eval's and 4 with bench/e2e.py's 20 entries; removed at the end),
then
0. the table: kb_doctor_token_df against 066's count over the examples, every (doctor, word): rows that differ;
1. identity: the router's statement over every (doctor, text) pair of tests/kb_eval and every bench question,
   paraphrase and ai question for every bench doctor, in chunks of 32 as the router sends them, the intent asked,
   with 097's weights and, inside a transaction rolled back, with 066's: every row's text, label, entry, question and
   answer compared (must be equal), and its score: how many differ as exact floats and the largest difference (097
   sorts the weights' rows, whose order the score's float sums read); then kb_match (eval.py's path) over every KB
   question of every set at its own doctor, 097 and 066 likewise: the entries in order, the scores;
2. backend CPU a text, old (066's, put back inside a transaction) and new (097's) in alternating chunks (ABBA) on one
   backend, both arms inside a transaction rolled back and their first statement after the swap not timed, at 1, 4
   and 16 texts a statement over the 4 bench doctors: the bench's KB questions made unique as its loadgen makes them
   (the KB-cold row's texts), its paraphrases and ai questions likewise, and every `step`-th kb_eval pair (default 40).
ROUND16_IDENTITY_ONLY=1 runs steps 0, 1 and 1b alone, ROUND16_TIME_ONLY=1 steps 0 and 2.
Prints only counts and timings (never the evaluation's texts) and the load average; exits 1 when a row differs
(a score's last bits excepted)."""
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
# 066's kb_token_weights_kept, put back for the old side
with open(os.path.join(HERE, "..", "..", "deploy", "migrations", "066_perf14.sql"), encoding="utf-8") as f:
    OLD_066 = re.search(r"CREATE OR REPLACE FUNCTION kb_token_weights_kept.*?\n\$\$;", f.read(), re.S).group(0)
DF_066 = """
    SELECT x.doctor_id, u.t, count(DISTINCT x.entry_id) FROM kb_examples x JOIN kb_entries k ON k.id = x.entry_id
    AND k.enabled, unnest(x.toks || x.ktoks) u(t) GROUP BY 1, 2"""


def payload(items, f=True):
    return json.dumps([{"i": i, "d": d, "q": q, "f": f} for i, (d, q) in enumerate(items)])


def main():
    if os.environ.get("UNDERSTAND_SCRATCH") != "1":
        sys.exit("round16.py writes to the database: set UNDERSTAND_SCRATCH=1 for a private scratch database")
    conn, cur, doctor_ids, bench = mix_pg.setup(os.environ["DATABASE_URL"])
    all_ids = [str(d) for d in doctor_ids.values()]
    bad = 0
    try:
        cur.execute("PREPARE u(jsonb) AS " + STMT)
        cur.execute(f"SELECT count(*) FROM (({DF_066}) EXCEPT SELECT doctor_id, t, n FROM kb_doctor_token_df) a")
        missing = cur.fetchone()[0]
        cur.execute(f"SELECT count(*) FROM (SELECT doctor_id, t, n FROM kb_doctor_token_df EXCEPT ({DF_066})) a")
        extra = cur.fetchone()[0]
        cur.execute("SELECT count(*) FROM kb_doctor_token_df")
        print(f"kb_doctor_token_df: {cur.fetchone()[0]} rows; 066's counts missing {missing}, rows not 066's {extra}",
              flush=True)
        bad += missing + extra
        evalpairs = [(str(d), q) for d, q in kbeval.all_pairs(doctor_ids)]
        benchpairs = [(d, q) for d in bench for q in [q for q, _, _ in e2e.KB] + e2e.PARAPHRASES + e2e.AI_QUESTIONS]
        pairs = evalpairs + benchpairs

        def rows():
            got = []
            for i in range(0, len(pairs), CHUNK):
                cur.execute("EXECUTE u(%s)", (payload(pairs[i:i + CHUNK]),))
                got.append([(r[0], r[1], r[2], r[3], r[4], repr(r[5])) for r in cur.fetchall()])
            return got
        if os.environ.get("ROUND16_TIME_ONLY") != "1":  # steps 1 and 1b
            new = rows()
            cur.execute("BEGIN")
            cur.execute(OLD_066)
            old = rows()
            cur.execute("ROLLBACK")
            nrows = sum(len(c) for c in new)
            differ = sum(abs(len(a) - len(b)) for a, b in zip(old, new))
            scores = 0
            largest = 0.0
            for a, b in zip(old, new):
                for x, y in zip(a, b):
                    if x[:5] != y[:5]:  # which fields (never the texts)
                        differ += 1
                        print("  differs:", [k for k, u, v in zip(("i", "label", "id", "question", "answer"), x, y)
                                             if u != v], x[1], y[1], x[2], y[2])
                    elif x[5] != y[5]:
                        scores += 1
                        largest = max(largest, abs(float(x[5]) - float(y[5])))
            labels = sum(1 for c in new for r in c if r[1] is not None)
            empty = sum(1 for c in new for r in c if r[2] is None)
            print(f"router statement: {len(pairs)} texts ({len(evalpairs)} kb_eval pairs, {len(benchpairs)} bench),"
                  f" {nrows} rows, {labels} with a label, {empty} texts without a candidate: {differ} differ;"
                  f" scores not equal as exact floats {scores}, the largest difference {largest:.3g}", flush=True)
            bad += differ

            # 1b. kb_match (eval.py's and `wactl kb try`'s path) over every KB question of every set at its own doctor
            kbpairs = []
            for kb_files, _ in kbeval.SETS.values():
                for name in kb_files:
                    if os.path.exists(os.path.join(kbeval.HERE, name)):
                        kbpairs.extend((doctor_ids[(kbeval.KB_FILES[name], row[0])], row[1])
                                       for row in kbeval.read_tsv(name, 5))

            def matches():
                got = []
                for d, q in kbpairs:
                    cur.execute("SELECT id, score FROM kb_match(%s, %s)", (d, q))
                    got.append([(r[0], repr(r[1])) for r in cur.fetchall()])
                return got
            newm = matches()
            cur.execute("BEGIN")
            cur.execute(OLD_066)
            oldm = matches()
            cur.execute("ROLLBACK")
            ids = sum(1 for a, b in zip(oldm, newm) if [r[0] for r in a] != [r[0] for r in b])
            top = sum(1 for a, b in zip(oldm, newm) if a[:1] and b[:1] and a[0][0] != b[0][0] or bool(a) != bool(b))
            scores = sum(1 for a, b in zip(oldm, newm) for x, y in zip(a, b) if x[0] == y[0] and x[1] != y[1])
            largest = max([abs(float(x[1]) - float(y[1])) for a, b in zip(oldm, newm) for x, y in zip(a, b)
                           if x[0] == y[0]] or [0.0])
            print(f"kb_match: {len(kbpairs)} KB questions, {sum(len(a) for a in newm)} rows: entries or their order differ"
                  f" for {ids} questions (the first entry for {top}); scores not equal as exact floats {scores}, the largest"
                  f" difference {largest:.3g}", flush=True)
            bad += ids
        if os.environ.get("ROUND16_IDENTITY_ONLY") == "1":
            return

        # 2. time
        clock = analyse_identity.backend_clock(cur)
        rnd = random.Random(16)

        def unique(texts, n=1024):
            return [(bench[i % len(bench)], f"{rnd.choice(texts)} (case {rnd.randrange(10**9)})") for i in range(n)]
        kinds = {
            "bench questions": unique([q for q, _, _ in e2e.KB]),
            "bench paraphrases": unique(e2e.PARAPHRASES),
            "bench ai questions": unique(e2e.AI_QUESTIONS),
            "kb_eval pairs": evalpairs[::STEP],
        }

        analyse_identity.statement_abba(cur, clock, OLD_066, kinds, payload, PASSES)
    finally:
        cur.execute("ROLLBACK")
        cur.execute("DELETE FROM doctors WHERE id = ANY (%s::uuid[])", (all_ids + bench,))
        conn.close()
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
