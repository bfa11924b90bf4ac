#!/usr/bin/python3
"""The clinic's name words kept per doctor (issue 14, round 14: deploy/migrations/086_perf23.sql). Not a test, and it
WRITES: run it against a private scratch database migrated to 086 or later, as a superuser (it replaces kb_name_words
inside transactions it rolls back), on a server of this machine (the backend's CPU is read from /proc):

    UNDERSTAND_SCRATCH=1 DATABASE_URL=postgresql://postgres@127.0.0.1:PORT/wa /usr/bin/python3 \\
        bench/router/round14.py [step] [passes]

Inserts bench/router/mix_pg.py's doctors (tests/kb_eval's and 4 with bench/e2e.py's 20 entries; removed at the end),
then
1. the words: kb_name_words (086: the doctor's kb_doctor_name_words row) against kb_name_words_of (039's body) for
   every doctor; then inside a transaction rolled back, after each change a clinic or a migration makes (a doctor's
   clinic renamed, a doctor inserted, a clinic's own one-word synonym of one of its name words, a global synonym, a
   stop word, a concept, each removed again, the synonym's canonical form updated), how many doctors' words changed
   and how many rows differ from the words computed (must be 0);
2. identity: the router's statement (router_understand_batch) over every (doctor, text) pair of tests/kb_eval and
   every bench question and paraphrase for every bench doctor, in chunks of 32 as the router sends them, the intent
   asked, with 086's kb_name_words and, inside a transaction rolled back, with 039's (kb_name_words replaced by its
   old body, so every caller computes the words again as before): every row (text, label, entry, question, answer,
   score as its exact float) compared (turn autovacuum off on the scratch server: an automatic ANALYZE between the
   two runs may change kb_token_weights_kept's plan and its rows' order, and the scores' last bits with it);
3. backend CPU a text, old (039's kb_name_words, put back inside a transaction) and new (086's) in alternating chunks
   (ABBA) on one backend, both arms inside a transaction rolled back and their first statement after the swap not
   timed, at 1, 8 and 32 texts a statement over the 4 bench doctors: the bench's questions made unique as its loadgen
   makes them, its paraphrases likewise, and every `step`-th kb_eval pair (default 20); and kb_name_words alone.
ROUND14_IDENTITY_ONLY=1 runs steps 1 and 2 alone.
Prints only counts and timings (never the evaluation's texts) and the load average; exits 1 when a row differs."""
import json
import os
import random
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(HERE, ".."))
sys.argv, ARGS = sys.argv[:1], sys.argv[1:]  # intent_identity reads argv at import
import analyse_identity  # noqa: E402  (puts tests/kb_eval on the path; backend_clock)
import e2e  # noqa: E402  (KB, PARAPHRASES)
import mix_pg  # noqa: E402  (setup: the clinics)

kbeval = analyse_identity.intent_identity.kbeval
STEP = int(ARGS[0]) if ARGS else 20
PASSES = int(ARGS[1]) if len(ARGS) > 1 else 2
CHUNK = 32
STMT = "SELECT i, label, id, question, answer, score FROM router_understand_batch($1::jsonb)"
# 039's kb_name_words, put back for the old side
OLD_039 = """CREATE OR REPLACE FUNCTION kb_name_words(p_doctor uuid) RETURNS text[] LANGUAGE plpgsql STABLE AS $f$
BEGIN
    RETURN (
        SELECT coalesce(array_agg(DISTINCT kb_fold(w)), '{}')
        FROM doctors d, unnest(kb_raw_words(coalesce(d.name, '') || ' ' || coalesce(d.clinic_name, ''))) w
        WHERE d.id = p_doctor AND char_length(w) >= 3 AND w !~ '[0-9]'
          AND NOT EXISTS (SELECT 1 FROM kb_concepts c WHERE c.word = kb_fold(w))
          AND NOT EXISTS (SELECT 1 FROM kb_synonyms y WHERE y.term IN (w, kb_fold(w))
                            AND (y.doctor_id IS NULL OR y.doctor_id = p_doctor))
          AND NOT EXISTS (SELECT 1 FROM kb_stopwords sw WHERE sw.word = w));
END
$f$"""
DIFFER = ("SELECT count(*) FILTER (WHERE n.names IS DISTINCT FROM kb_name_words_of(d.id)), count(*),"
          " count(*) FILTER (WHERE n.doctor_id IS NULL)"
          " FROM doctors d LEFT JOIN kb_doctor_name_words n ON n.doctor_id = d.id")
WORDS = "SELECT d.id, kb_name_words(d.id) FROM doctors d ORDER BY d.id"


def payload(items, f=True):
    return json.dumps([{"i": i, "d": d, "q": q, "f": f} for i, (d, q) in enumerate(items)])


def main():
    if os.environ.get("UNDERSTAND_SCRATCH") != "1":
        sys.exit("round14.py writes to the database: set UNDERSTAND_SCRATCH=1 for a private scratch database")
    conn, cur, doctor_ids, bench = mix_pg.setup(os.environ["DATABASE_URL"])
    all_ids = [str(d) for d in doctor_ids.values()]
    bad = 0
    try:
        # 1. the words, and after each change of what they depend on
        cur.execute(DIFFER)
        d, n, missing = cur.fetchone()
        print(f"name words: {n} doctors, {d} differ from the words computed, {missing} without a row")
        bad += d + missing
        cur.execute("BEGIN")
        cur.execute(WORDS)
        before = dict(cur.fetchall())
        one, other = all_ids[0], all_ids[1]
        cur.execute("SELECT names FROM kb_doctor_name_words WHERE doctor_id = %s", (one,))
        word = cur.fetchone()[0][0]
        steps = [
            ("a clinic renamed", "UPDATE doctors SET clinic_name = clinic_name || ' Zenobia Wellness' WHERE id = %s",
             (one,)),
            ("a doctor inserted", "INSERT INTO doctors (name, phone_number, clinic_name) VALUES"
             " ('Dr. Quill Ramsden', '+919911112222', 'Ramsden Clinic')", None),
            ("a clinic's own synonym of its name word", "INSERT INTO kb_synonyms (doctor_id, term, canonical)"
             " VALUES (%s, %s, 'doctor')", (one, word)),
            ("its canonical form updated", "UPDATE kb_synonyms SET canonical = 'clinic' WHERE doctor_id = %s"
             " AND term = %s", (one, word)),
            ("removed", "DELETE FROM kb_synonyms WHERE doctor_id = %s AND term = %s", (one, word)),
            ("a global synonym", "INSERT INTO kb_synonyms (term, canonical) VALUES ('zenobia', 'clinic')", None),
            ("removed", "DELETE FROM kb_synonyms WHERE doctor_id IS NULL AND term = 'zenobia'", None),
            ("a stop word", "INSERT INTO kb_stopwords (word) VALUES ('wellness')", None),
            ("removed", "DELETE FROM kb_stopwords WHERE word = 'wellness'", None),
            ("a concept", "INSERT INTO kb_concepts (word) VALUES ('ramsden')", None),
            ("removed", "DELETE FROM kb_concepts WHERE word = 'ramsden'", None),
            ("another clinic's synonym of the first one's word", "INSERT INTO kb_synonyms (doctor_id, term, canonical)"
             " VALUES (%s, %s, 'doctor')", (other, word)),
        ]
        for name, sql, args in steps:
            cur.execute(sql, args)
            cur.execute(WORDS)
            now = dict(cur.fetchall())
            moved = sum(1 for k, v in now.items() if before.get(k) != v)
            before = now
            cur.execute(DIFFER)
            d, n, missing = cur.fetchone()
            print(f"  after {name}: {moved} doctors' words changed, {d} of {n} differ, {missing} without a row")
            bad += d + missing
        cur.execute("ROLLBACK")

        # 2. identity of the router's statement, 086's words against 039's
        cur.execute("PREPARE u(jsonb) AS " + STMT)
        evalpairs = [(str(d), q) for d, q in kbeval.all_pairs(doctor_ids)]
        benchpairs = [(d, q) for d in bench for q in [q for q, _, _ in e2e.KB] + e2e.PARAPHRASES]
        pairs = evalpairs + benchpairs

        def rows():
            got = []
            for i in range(0, len(pairs), CHUNK):
                cur.execute("EXECUTE u(%s)", (payload(pairs[i:i + CHUNK]),))
                got.append([(r[0], r[1], r[2], r[3], r[4], repr(r[5])) for r in cur.fetchall()])
            return got
        new = rows()
        cur.execute("BEGIN")
        cur.execute(OLD_039)
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
        print(f"router statement: {len(pairs)} texts ({len(evalpairs)} kb_eval pairs, {len(benchpairs)} bench),"
              f" {nrows} rows, {labels} with a label: {differ} differ")
        bad += differ

        # 3. time
        if os.environ.get("ROUND14_IDENTITY_ONLY") == "1":
            return
        clock = analyse_identity.backend_clock(cur)
        rnd = random.Random(14)
        kinds = {
            "bench questions": [(bench[i % len(bench)], f"{rnd.choice(e2e.KB)[0]} (case {rnd.randrange(10**9)})")
                                for i in range(384)],
            "bench paraphrases": [(bench[i % len(bench)],
                                   f"{rnd.choice(e2e.PARAPHRASES)} (case {rnd.randrange(10**9)})")
                                  for i in range(384)],
            "kb_eval pairs": evalpairs[::STEP],
        }

        def arm(side, stmts):
            cur.execute("BEGIN")
            if side == "old":
                cur.execute(OLD_039)
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
            for size in (1, 8, 32):
                stmts = [payload(items[i:i + size]) for i in range(0, len(items), size)]
                group = max(2, 64 // size)
                tot = {"old": 0.0, "new": 0.0}
                k = 0
                for p in range(PASSES):
                    for g in range(0, len(stmts), group):
                        part = stmts[g:g + group]
                        if len(part) < 2:
                            continue
                        for side in (("old", "new") if k % 2 == 0 else ("new", "old")):
                            tot[side] += arm(side, part)
                        k += 1
                print(f"{kind}, {size} a statement: old {tot['old'] * 1e6 / (PASSES * len(items)):.0f} us a text,"
                      f" new {tot['new'] * 1e6 / (PASSES * len(items)):.0f}, new/old {tot['new'] / tot['old']:.3f}"
                      f" (load {open('/proc/loadavg').read().split()[0]})", flush=True)
        # kb_name_words alone
        cur.execute("PREPARE w(uuid) AS SELECT kb_name_words($1)")
        tot = {"old": 0.0, "new": 0.0}
        for p in range(20):
            for side in (("old", "new") if p % 2 == 0 else ("new", "old")):
                cur.execute("BEGIN")
                if side == "old":
                    cur.execute(OLD_039)
                cur.execute("EXECUTE w(%s)", (all_ids[0],))
                c0 = clock()
                for _ in range(20):
                    for d in all_ids + bench:
                        cur.execute("EXECUTE w(%s)", (d,))
                        cur.fetchall()
                tot[side] += clock() - c0
                cur.execute("ROLLBACK")
        calls = 20 * 20 * len(all_ids + bench)
        print(f"kb_name_words alone (a statement each): old {tot['old'] * 1e6 / calls:.1f} us a call,"
              f" new {tot['new'] * 1e6 / calls:.1f}, new/old {tot['new'] / tot['old']:.3f}"
              f" (load {open('/proc/loadavg').read().split()[0]})")
    finally:
        cur.execute("ROLLBACK")
        cur.execute("DELETE FROM doctors WHERE id = ANY (%s::uuid[])", (all_ids + bench,))
        conn.close()
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
