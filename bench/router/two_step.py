#!/usr/bin/python3
"""The router's statement for new texts in two steps (issue 14, round 26: deploy/migrations/139_perf29.sql). Not a
test, and it WRITES: run it against a private scratch database migrated to 139 or later, on a server of this machine
(the backend's CPU is read from /proc), autovacuum off:

    UNDERSTAND_SCRATCH=1 DATABASE_URL=postgresql://wa:wa@127.0.0.1:PORT/wa /usr/bin/python3 bench/router/two_step.py

Inserts bench/router/mix_pg.py's doctors (tests/kb_eval's and 4 with bench/e2e.py's 20 entries; removed at the end),
then
1. identity: every (doctor, text) pair of tests/kb_eval and every bench question, paraphrase and ai question for
   every bench doctor, in chunks of 32 as the router sends them, the intent asked: router_understand_batch's rows
   (one step) against router_analyse_batch's tokens given to router_understand_tokens (two steps), every row (label,
   entry, question, answer, score as its exact float) compared;
2. how many of the clinics' own questions analyse alike: over every KB question of tests/kb_eval at its own clinic
   (each distinct text once), the distinct texts and the distinct (clinic, token list) pairs;
3. backend CPU a first sighting, the same texts (those of 2, shuffled with a fixed seed), 16 a statement, on one
   backend: one step; two steps for every text (the worst case: no token list seen before); and two steps as the
   router runs them, the second only for the token lists not seen before at that clinic (a cache emptied at the
   start of each pass). The arms take turns every 4 statements, their order rotating, over TWO_STEP_PASSES (2)
   passes.
TWO_STEP_IDENTITY=0 leaves step 1 out. Prints only counts and timings (never the evaluation's texts) and the load average; exits 1 when a row differs."""
import json
import os
import random
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(HERE, ".."))
import analyse_identity  # noqa: E402  (puts tests/kb_eval on the path; backend_clock)
import e2e  # noqa: E402  (KB, PARAPHRASES, AI_QUESTIONS)
import mix_pg  # noqa: E402  (setup: the clinics)

kbeval = analyse_identity.intent_identity.kbeval
CHUNK = 32
SIZE = int(os.environ.get("TWO_STEP_SIZE", 16))
PASSES = int(os.environ.get("TWO_STEP_PASSES", 2))


def one_step(cur, items):
    cur.execute("EXECUTE u1(%s)", (json.dumps([{"i": i, "d": d, "q": q, "f": True}
                                               for i, (d, q) in enumerate(items)]),))
    return cur.fetchall()


def analyse(cur, items):
    cur.execute("EXECUTE ua(%s)", (json.dumps([{"i": i, "d": d, "q": q} for i, (d, q) in enumerate(items)]),))
    return [t for _, t in sorted(cur.fetchall())]


def understand_tokens(cur, items, toks):
    cur.execute("EXECUTE ut(%s)", (json.dumps([{"i": i, "d": d, "t": t, "f": True}
                                               for i, ((d, _), t) in enumerate(zip(items, toks))]),))
    return cur.fetchall()


def main():
    if os.environ.get("UNDERSTAND_SCRATCH") != "1":
        sys.exit("two_step.py writes to the database: set UNDERSTAND_SCRATCH=1 for a private scratch database")
    conn, cur, doctor_ids, bench = mix_pg.setup(os.environ["DATABASE_URL"])
    all_ids = [str(d) for d in doctor_ids.values()]
    bad = 0
    try:
        cur.execute("PREPARE u1(jsonb) AS SELECT i, label, id, question, answer, score"
                    " FROM router_understand_batch($1::jsonb)")
        cur.execute("PREPARE ua(jsonb) AS SELECT i, toks FROM router_analyse_batch($1::jsonb)")
        cur.execute("PREPARE ut(jsonb) AS SELECT i, label, id, question, answer, score"
                    " FROM router_understand_tokens($1::jsonb)")
        evalpairs = [(str(d), q) for d, q in kbeval.all_pairs(doctor_ids)]
        benchpairs = [(d, q) for d in bench for q in [q for q, _, _ in e2e.KB] + e2e.PARAPHRASES + e2e.AI_QUESTIONS]
        pairs = evalpairs + benchpairs

        # 1. identity
        differ = nrows = 0
        for i in range(0, len(pairs) if os.environ.get("TWO_STEP_IDENTITY", "1") == "1" else 0, CHUNK):
            part = pairs[i:i + CHUNK]
            a = [(r[0], r[1], r[2], r[3], r[4], repr(r[5])) for r in one_step(cur, part)]
            b = [(r[0], r[1], r[2], r[3], r[4], repr(r[5])) for r in understand_tokens(cur, part, analyse(cur, part))]
            nrows += len(a)
            differ += sum(1 for x, y in zip(a, b) if x != y) + abs(len(a) - len(b))
        if nrows:
            print(f"identity: {len(pairs)} texts ({len(evalpairs)} kb_eval pairs, {len(benchpairs)} bench), {nrows}"
                  f" rows: {differ} differ", flush=True)
        bad += differ

        # 2. the clinics' own questions: distinct texts, distinct token lists
        own, seen = [], set()
        for name in kbeval.KB_FILES:
            if name == "questions.tsv":
                continue
            for row in kbeval.read_tsv(name, 5):
                key = (str(doctor_ids[(kbeval.KB_FILES[name], row[0])]), row[1])
                if key not in seen:
                    seen.add(key)
                    own.append(key)
        toks = []
        for i in range(0, len(own), CHUNK):
            toks += analyse(cur, own[i:i + CHUNK])
        lists = {(d, tuple(t)) for (d, _), t in zip(own, toks)}
        print(f"the clinics' own KB questions: {len(own)} distinct (clinic, text), {len(lists)} distinct"
              f" (clinic, token list): {len(lists) / len(own):.3f}", flush=True)

        # 3. backend CPU a first sighting
        clock = analyse_identity.backend_clock(cur)
        random.Random(26).shuffle(own)
        stmts = [own[i:i + SIZE] for i in range(0, len(own), SIZE)]

        def arm_one(part, known):
            one_step(cur, part)
            return 0

        def arm_two_all(part, known):
            understand_tokens(cur, part, analyse(cur, part))
            return 0

        def arm_two_cached(part, known):
            t = analyse(cur, part)
            uniq = {}  # the same token list twice in one statement: scored once, as the router does
            for p, x in zip(part, t):
                if (p[0], tuple(x)) not in known:
                    uniq.setdefault((p[0], tuple(x)), (p, x))
            if uniq:
                understand_tokens(cur, [p for p, _ in uniq.values()], [x for _, x in uniq.values()])
                known.update(uniq)
            return len(uniq)

        arms = [("one step", arm_one), ("two steps, every text scored", arm_two_all),
                ("two steps, token lists seen before not scored", arm_two_cached)]
        one_step(cur, own[:SIZE])  # every statement planned once, untimed
        understand_tokens(cur, own[:SIZE], analyse(cur, own[:SIZE]))
        tot = {name: 0.0 for name, _ in arms}
        scored = 0
        group = 4  # statements a turn: the arms take turns, their order rotating, so the machine's moods fall on all
        for p in range(PASSES):
            known, scored = set(), 0
            for g in range(0, len(stmts), group):
                k = g // group + p
                for name, run in arms[k % 3:] + arms[:k % 3]:
                    c0 = clock()
                    for part in stmts[g:g + group]:
                        n = run(part, known)
                        scored += n
                    tot[name] += clock() - c0
        base = tot["one step"]
        print(f"backend CPU a first sighting, {len(own)} texts, {SIZE} a statement, {PASSES} passes"
              f" (load {open('/proc/loadavg').read().split()[0]}):")
        for name, _ in arms:
            print(f"  {name:<48} {tot[name] * 1e6 / (len(own) * PASSES):7.0f} us  ratio {tot[name] / base:.3f}")
        print(f"  (token lists scored by the last arm: {scored} of {len(own)})", flush=True)
    finally:
        cur.execute("ROLLBACK")
        cur.execute("DELETE FROM doctors WHERE id = ANY (%s::uuid[])", (all_ids + bench,))
        conn.close()
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
