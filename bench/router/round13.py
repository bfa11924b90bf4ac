#!/usr/bin/python3
"""The router's statement for new texts before and after 082_perf22.sql (issue 14, round 13: the intent decided only
when an intent could be a candidate). Not a test, and it WRITES: run it against a private scratch database migrated
to the newest migration, as the migrations' owner, on a server of this machine (the backend's CPU is read from /proc):

    UNDERSTAND_SCRATCH=1 DATABASE_URL=postgresql://wa:wa@127.0.0.1:PORT/wa /usr/bin/python3 \\
        bench/router/round13.py [step] [passes]

Inserts bench/router/mix_pg.py's doctors (tests/kb_eval's and 4 with bench/e2e.py's 20 entries; removed at the end)
and creates router_understand_batch as 075 and as 082 wrote it, under two other names (dropped at the end), then
1. identity: every (doctor, text) pair of tests/kb_eval and every bench question and paraphrase for every bench doctor,
   in chunks of 32 as the router sends them, the intent asked (and, every 10th pair, not asked): every row (text,
   label, entry, question, answer, score as its exact float) of the two compared;
2. the same inside a transaction rolled back, after each change of the intents' data a migration or a clinic makes
   (a global example added, an intent weight changed, global examples removed, an intent's key concepts changed, a
   clinic's own example):
   how many labels each change moved and how many differ between the two (must be 0);
3. how many texts of each kind skip the intent (the test the statement now asks first);
4. backend CPU a text, 075 and 082 in alternating chunks (ABBA) on one backend, 1, 6 and 32 texts a statement, over
   the bench's questions made unique as its loadgen makes them, its paraphrases likewise and every `step`-th kb_eval
   pair (default 20).
ROUND13_TIME_ONLY=1 runs steps 3 and 4 alone.
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
import e2e  # noqa: E402  (KB, PARAPHRASES)
import mix_pg  # noqa: E402  (setup: the clinics)

kbeval = analyse_identity.intent_identity.kbeval
MIGRATIONS = os.path.join(HERE, "..", "..", "deploy", "migrations")
STEP = int(ARGS[0]) if ARGS else 20
PASSES = int(ARGS[1]) if len(ARGS) > 1 else 2
TIME_ONLY = os.environ.get("ROUND13_TIME_ONLY") == "1"
CHUNK = 32
SKIPPED = ("SELECT count(*) FILTER (WHERE NOT (EXISTS (SELECT 1 FROM kb_intents ki WHERE ki.doctor_id = p.d)"
           " OR EXISTS (SELECT 1 FROM kb_intent_word_facts wf, unnest(wf.intents) c(intent)"
           " WHERE wf.word = ANY (p.toks) AND NOT EXISTS (SELECT 1 FROM kb_intent_keys kk"
           " WHERE kk.intent = c.intent AND NOT kk.keys && p.toks)))), count(*)"
           " FROM (SELECT x.d, (kb_analyse_parts(x.d, x.q, true)).o_tokens AS toks"
           " FROM jsonb_to_recordset(%s) x(d uuid, q text)) p")


def function(name, migration):
    """The migration's router_understand_batch under another name."""
    with open(os.path.join(MIGRATIONS, migration), encoding="utf-8") as f:
        sql = f.read()
    body = sql[sql.index("CREATE OR REPLACE FUNCTION router_understand_batch("):]
    body = body[:body.index("$$;") + 3]
    return re.sub(r"FUNCTION router_understand_batch\(", f"FUNCTION {name}(", body, count=1)


def payload(items, f=True):
    return json.dumps([{"i": i, "d": d, "q": q, "f": f} for i, (d, q) in enumerate(items)])


def main():
    if os.environ.get("UNDERSTAND_SCRATCH") != "1":
        sys.exit("round13.py writes to the database: set UNDERSTAND_SCRATCH=1 for a private scratch database")
    conn, cur, doctor_ids, bench = mix_pg.setup(os.environ["DATABASE_URL"])
    all_ids = [str(d) for d in doctor_ids.values()] + bench
    try:
        cur.execute(function("rub_075", "075_perf18.sql"))
        cur.execute(function("rub_082", "082_perf22.sql"))
        clock = analyse_identity.backend_clock(cur)
        assert clock, "the server must run on this machine (backend CPU from /proc)"

        def rows(fn, part, f=True):
            cur.execute(f"SELECT * FROM {fn}(%s)", (payload(part, f),))
            return [(r[0], r[1], r[2], r[3], r[4], repr(r[5])) for r in cur.fetchall()]

        def differ(part, f=True):
            old, new = rows("rub_075", part, f), rows("rub_082", part, f)
            return old, (old != new) * max(1, sum(a != b for a, b in zip(old, new)) + abs(len(old) - len(new)))

        evalpairs = [(str(d), q) for d, q in kbeval.all_pairs(doctor_ids)]
        benchpairs = [(d, q) for d in bench for q in [q for q, _, _ in e2e.KB] + e2e.PARAPHRASES]
        bad = 0
        # 1. identity (ROUND13_TIME_ONLY=1: steps 3 and 4 alone)
        for name, pairs in () if TIME_ONLY else (("kb_eval pairs", evalpairs), ("bench pairs", benchpairs)):
            for f, sub in ((True, pairs), (False, pairs[::10])):
                n = total = 0
                for i in range(0, len(sub), CHUNK):
                    old, d = differ(sub[i:i + CHUNK], f)
                    n, total = n + d, total + len(old)
                bad += n
                print(f"identity {name:14} intent {'asked' if f else 'not asked':9}: {len(sub)} texts, {total} rows,"
                      f" {n} differ", flush=True)

        # 2. after the intents' data change (rolled back)
        sample = [] if TIME_ONLY else evalpairs[::10] + benchpairs
        clinic = str(doctor_ids[sorted(doctor_ids)[0]])

        def labels():
            got = {}
            for i in range(0, len(sample), CHUNK):
                old, d = differ(sample[i:i + CHUNK])
                got.update({(i, r[0]): r[1] for r in old})
                nonlocal_bad[0] += d
            return got
        nonlocal_bad = [0]
        cur.execute("BEGIN")
        base = labels()
        changes = [
            ("a global example added", "INSERT INTO kb_intents (doctor_id, intent, lang, example) VALUES"
             " (NULL, 'book', 'en', 'what are the clinic timings on sunday'),"
             " (NULL, 'book', 'en', 'fees for the consultation please')"),
            ("an intent weight changed", "INSERT INTO kb_weights (word, weight, intent_weight) VALUES"
             " ('appointment', 1, 0.3) ON CONFLICT (word) DO UPDATE SET intent_weight = 0.3"),
            ("global examples removed", "DELETE FROM kb_intents WHERE doctor_id IS NULL AND intent = 'book'"
             " AND id % 2 = 0"),
            ("an intent's key concepts changed", "UPDATE kb_intent_keys SET keys = keys || '{clinic,fee}'::text[]"
             " WHERE intent = (SELECT min(intent) FROM kb_intent_keys)"),
            ("a clinic's own example added", "INSERT INTO kb_intents (doctor_id, intent, lang, example) VALUES"
             f" ('{clinic}', 'book', 'en', 'is the clinic open on sunday')"),
        ]
        for what, sql in [] if TIME_ONLY else changes:
            before = nonlocal_bad[0]
            cur.execute(sql)
            got = labels()
            moved = sum(1 for k in base if base[k] != got.get(k))
            print(f"after {what}: {moved} labels moved, {nonlocal_bad[0] - before} rows differ", flush=True)
            bad += (moved == 0 and what != "a global example added")  # that one may move none
            base = got
        cur.execute("ROLLBACK")
        bad += nonlocal_bad[0]

        rnd = random.Random(13)
        kinds = {
            "bench questions": [(bench[i % len(bench)], f"{rnd.choice(e2e.KB)[0]} (case {rnd.randrange(10**9)})")
                                for i in range(384)],
            "bench paraphrases": [(bench[i % len(bench)], f"{rnd.choice(e2e.PARAPHRASES)} (case {rnd.randrange(10**9)})")
                                  for i in range(384)],
            "kb_eval pairs": evalpairs[STEP - 1::STEP],
        }
        # 3. the intent skipped
        for kind, items in kinds.items():
            cur.execute(SKIPPED, (json.dumps([{"d": d, "q": q} for d, q in items]),))
            s, n = cur.fetchone()
            print(f"intent skipped: {kind:17} {s} of {n} texts ({s / n:.2f})", flush=True)

        # 4. time
        def run(fn, size):
            def go(part):
                for i in range(0, len(part), size):
                    cur.execute(f"SELECT * FROM {fn}(%s)", (payload(part[i:i + size]),))
                    cur.fetchall()
            return go

        for items in kinds.values():  # plans, caches
            for size in (1, 6, 32):
                run("rub_075", size)(items[:32]), run("rub_082", size)(items[:32])
        print(f"backend CPU us a text; 075 (A) and 082 (B) in ABBA chunks of {CHUNK}, {PASSES} passes")
        print(f"{'kind':18} {'texts a statement':>17} {'texts':>5} {'A':>6} {'B':>6} {'B/A':>5}  load")
        for kind, items in kinds.items():
            for size in (1, 6, 32):
                cpu = {"A": 0.0, "B": 0.0}
                fa, fb = run("rub_075", size), run("rub_082", size)
                for p in range(PASSES):
                    for i in range(0, len(items), CHUNK):
                        part = items[i:i + CHUNK]
                        for v in (("A", "B") if (i // CHUNK + p) % 2 == 0 else ("B", "A")):
                            c0 = clock()
                            (fa if v == "A" else fb)(part)
                            cpu[v] += clock() - c0
                n = PASSES * len(items)
                a, b = cpu["A"] / n * 1e6, cpu["B"] / n * 1e6
                print(f"{kind:18} {size:17} {len(items):5} {a:6.0f} {b:6.0f} {b / a:5.3f}  "
                      f"{open('/proc/loadavg').read().split()[0]}", flush=True)
        print("identity: " + ("0 rows differ" if not bad else f"{bad} rows differ or changes moved nothing"))
        if bad:
            sys.exit(1)
    finally:
        cur.execute("ROLLBACK")  # an error inside step 2's transaction (outside one: a warning only)
        cur.execute("DROP FUNCTION IF EXISTS rub_075(jsonb), rub_082(jsonb)")
        cur.execute("DELETE FROM doctors WHERE id = ANY (%s::uuid[])", (all_ids,))
        conn.close()


if __name__ == "__main__":
    main()
