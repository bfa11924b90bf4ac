#!/usr/bin/python3
"""The router's statement for a new text on two schemas, old and new (issue 14, round 7: the mix's router
PostgreSQL rose 349 -> 502 us a reply between rounds 6 and 7). Not a test, and it WRITES: run it against two private
scratch databases of one server on this machine, one migrated up to an old migration (e.g. 048), one to the newest:

    OLD_URL=postgresql://wa:wa@127.0.0.1:PORT/wa048 NEW_URL=postgresql://wa:wa@127.0.0.1:PORT/wa \\
        /usr/bin/python3 bench/router/mix_pg.py   # PASSES (env, 2)

Inserts the same doctors into both (bench/e2e.py's 20 KB entries for 4 "Bench" doctors, and tests/kb_eval's
doctors), then times, on one autocommit connection per database, old and new in alternating chunks (ABBA), each
text a statement (as the router sends a new text at its usual load) and in slices of 16 (a batch's new texts):
- the whole statement (bench/router/understand.py's UNDERSTAND, wa_kb_understand_batch's SQL);
- its parts alone: the analysis kb_tokens(d, q, true), the intent kb_intent_choose_tokens(d, toks) and the
  candidates kb_match_tokens(d, toks, 4), on the tokens the analysis gave;
over text kinds: bench/e2e.py's mix texts made unique as its loadgen does (a case number appended: KB questions,
paraphrases, the ai questions) and every 10th (doctor, text) pair of tests/kb_eval. Prints the backend CPU (from
/proc) per text of each, the ratio new/old, the load average, and how many answers differ between the two schemas
(labels and candidate scores; differences are expected where 049-052 changed the matcher's data). Removes its
doctors at the end."""
import json
import os
import random
import sys

import psycopg2

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(HERE, ".."))
import analyse_identity  # noqa: E402  (puts tests/kb_eval on the path; backend_clock)
import understand  # noqa: E402  (UNDERSTAND)
import e2e  # noqa: E402  (KB, PARAPHRASES, AI_QUESTIONS)

kbeval = analyse_identity.intent_identity.kbeval
PASSES = int(os.environ.get("PASSES", 2))
CHUNK = 16
NBENCH = int(os.environ.get("MIX_BENCH_DOCTORS", 4))  # bench/e2e.py's clinics (its stack has 50)


def setup(url):
    conn = psycopg2.connect(url)
    conn.autocommit = True
    cur = conn.cursor()
    cur.execute("BEGIN")
    doctor_ids, _ = kbeval.load_doctors(cur)
    bench = []
    for i in range(NBENCH):
        cur.execute("INSERT INTO doctors (name, phone_number, clinic_name, specialization) VALUES (%s, %s, %s, %s)"
                    " RETURNING id", (f"Dr. Bench {i}", f"+91990000{i:04d}", f"Bench Clinic {i}", "General Physician"))
        d = cur.fetchone()[0]
        bench.append(str(d))
        for q, a, k in e2e.KB:
            cur.execute("INSERT INTO kb_entries (doctor_id, question, answer, keywords) VALUES (%s, %s, %s, %s)",
                        (d, q, a.format(c=f"Bench Clinic {i}"), k))
    cur.execute("COMMIT")
    if os.environ.get("MIX_ANALYZE", "1") == "1":  # 0: the tables as the migrations left them (as a fresh stack has)
        cur.execute("ANALYZE")
    return conn, cur, doctor_ids, bench


def prepare(cur):
    cur.execute("PREPARE m_whole(jsonb) AS " + understand.UNDERSTAND.replace("%s::jsonb", "$1::jsonb"))
    cur.execute("PREPARE m_tok(uuid, text) AS SELECT kb_tokens($1, $2, true)")
    cur.execute("PREPARE m_int(uuid, text[]) AS SELECT kb_intent_choose_tokens($1, $2)")
    cur.execute("PREPARE m_match(uuid, text[]) AS SELECT m.id, m.score FROM kb_match_tokens($1, $2, 4) m"
                " JOIN kb_entries e ON e.id = m.id AND e.doctor_id = $1")


def main():
    sides = {}
    for v in ("old", "new"):
        conn, cur, doctor_ids, bench = setup(os.environ[v.upper() + "_URL"])
        prepare(cur)
        clock = analyse_identity.backend_clock(cur)
        assert clock, "the server must run on this machine (backend CPU from /proc)"
        sides[v] = {"conn": conn, "cur": cur, "clock": clock, "kbeval": doctor_ids, "bench": bench}
    try:
        rnd = random.Random(7)
        kinds = {}
        for name, texts in (("e2e KB questions", [q for q, _, _ in e2e.KB]), ("e2e paraphrases", e2e.PARAPHRASES),
                            ("e2e ai questions", e2e.AI_QUESTIONS)):
            kinds[name] = [(i % NBENCH, f"{rnd.choice(texts)} (case {rnd.randrange(10**9)})") for i in range(160)]
        # kb_eval's pairs, by the doctor's key so that each side uses its own uuid
        keys = {v: k for k, v in sides["old"]["kbeval"].items()}
        if os.environ.get("MIX_KBEVAL", "1") == "1":  # 0: bench/e2e.py's texts only
            kinds["kb_eval pairs"] = [(keys[d], q) for d, q in kbeval.all_pairs(sides["old"]["kbeval"])][9::10]

        def did(side, d):
            return side["bench"][d] if isinstance(d, int) else str(side["kbeval"][d])

        def whole1(side, part):
            out = []
            for d, q in part:
                side["cur"].execute("EXECUTE m_whole(%s)", (json.dumps([{"i": 0, "d": did(side, d), "q": q,
                                                                         "f": True}]),))
                out.append([(r[1], r[3] and round(r[3], 6)) for r in side["cur"].fetchall()])
            return out

        def whole16(side, part):
            side["cur"].execute("EXECUTE m_whole(%s)", (json.dumps([{"i": i, "d": did(side, d), "q": q, "f": True}
                                                                    for i, (d, q) in enumerate(part)]),))
            return [(r[0], r[1], r[3] and round(r[3], 6)) for r in side["cur"].fetchall()]

        toks = {}

        def tok(side, part):
            out = []
            for d, q in part:
                side["cur"].execute("EXECUTE m_tok(%s, %s)", (did(side, d), q))
                t = side["cur"].fetchone()[0]
                toks[(id(side), d, q)] = t
                out.append(t)
            return out

        def intent(side, part):
            out = []
            for d, q in part:
                side["cur"].execute("EXECUTE m_int(%s, %s)", (did(side, d), toks[(id(side), d, q)]))
                out.append(side["cur"].fetchone()[0])
            return out

        def match(side, part):
            out = []
            for d, q in part:
                side["cur"].execute("EXECUTE m_match(%s, %s)", (did(side, d), toks[(id(side), d, q)]))
                out.append([round(r[1], 6) for r in side["cur"].fetchall()])
            return out

        for s in sides.values():  # plans, caches
            for items in kinds.values():
                tok(s, items[:10]), intent(s, items[:10]), match(s, items[:10]), whole1(s, items[:10])
        print(f"backend CPU us per text, old = {os.environ['OLD_URL'].rsplit('/', 1)[1]}, "
              f"new = {os.environ['NEW_URL'].rsplit('/', 1)[1]}; {PASSES} passes, ABBA chunks of {CHUNK}")
        print(f"{'kind':18} {'part':22} {'texts':>5} {'old':>7} {'new':>7} {'new/old':>7} {'differ':>6}  load")
        for kind, items in kinds.items():
            for part_name, fn in (("analysis kb_tokens", tok), ("intent (on the tokens)", intent),
                                  ("match (on the tokens)", match), ("whole, 1 a statement", whole1),
                                  ("whole, 16 a statement", whole16)):
                cpu = {"old": 0.0, "new": 0.0}
                differ = 0
                for p in range(PASSES):
                    for i in range(0, len(items), CHUNK):
                        part, out = items[i:i + CHUNK], {}
                        for v in ("old", "new") if (i // CHUNK + p) % 2 == 0 else ("new", "old"):
                            s = sides[v]
                            c0 = s["clock"]()
                            out[v] = fn(s, part)
                            cpu[v] += s["clock"]() - c0
                        if p == 0:
                            differ += sum(a != b for a, b in zip(out["old"], out["new"])) if fn is not whole16 \
                                else int(out["old"] != out["new"])
                n = PASSES * len(items)
                o, w = cpu["old"] / n * 1e6, cpu["new"] / n * 1e6
                print(f"{kind:18} {part_name:22} {len(items):5} {o:7.0f} {w:7.0f} {w / o if o else 0:7.2f} "
                      f"{differ:6}  {open('/proc/loadavg').read().split()[0]}", flush=True)
    finally:
        for s in sides.values():
            ids = [str(d) for d in s["kbeval"].values()] + s["bench"]
            s["cur"].execute("DELETE FROM doctors WHERE id = ANY (%s::uuid[])", (ids,))
            s["conn"].close()


if __name__ == "__main__":
    main()
