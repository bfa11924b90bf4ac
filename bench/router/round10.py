#!/usr/bin/python3
"""Round 10 of issue 14 (shared/src/kb.c's statement: a text's tokens as kb_analyse_parts' o_tokens, kb_tokens'
expression, without kb_tokens' PL/pgSQL call around it): the same rows, and the backend CPU of a new text's
statement, round 9's (bench/router/understand_once.py's ROUND9) against kb.c's (NEW). Not a test, and it WRITES: run
it against a private scratch database migrated to the newest migration (as `wactl migrate` leaves it), as the
migrations' owner, on a server of this machine (the backend's CPU is read from /proc):

    DATABASE_URL=postgresql://wa:wa@127.0.0.1:PORT/wa /usr/bin/python3 bench/router/round10.py [passes]

Inserts understand_once.py's doctors (tests/kb_eval's and 4 with bench/e2e.py's 20 entries; removed at the end), then
1. identity: every 5th kb_eval pair and 320 bench questions made unique through both statements in chunks of 32, the
   intent asked: every row (text, label, entry, score as its exact float) compared; exits 1 when one differs;
2. time: backend CPU per text, both statements prepared on ONE backend, alternating by chunks of 16 (ABBA), one text
   a statement and 16 a statement, over the bench questions and 480 kb_eval pairs.
Prints only counts and timings (never the evaluation's texts) and the load average."""
import os
import random
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(HERE, ".."))
PASSES = int(sys.argv[1]) if len(sys.argv) > 1 else 2
sys.argv = sys.argv[:1]  # understand_once reads argv at import
import understand_once as uo  # noqa: E402  (ROUND9, NEW, load, payload, kbeval)
import e2e  # noqa: E402


def main():
    conn, cur, all_ids, doctor_ids, bench = uo.load(os.environ["DATABASE_URL"])
    differ = 0
    try:
        assert uo.ROUND9 != uo.NEW
        cur.execute("PREPARE s_old(jsonb) AS " + uo.ROUND9)
        cur.execute("PREPARE s_new(jsonb) AS " + uo.NEW)
        clock = uo.analyse_identity.backend_clock(cur)
        assert clock, "the server must run on this machine (backend CPU from /proc)"
        rnd = random.Random(14)
        evalpairs = [(str(d), q) for d, q in uo.kbeval.all_pairs(doctor_ids)]
        questions = [(bench[i % uo.NBENCH], f"{rnd.choice(e2e.KB)[0]} (case {rnd.randrange(10**9)})")
                     for i in range(320)]
        rows = 0
        for pairs in (evalpairs[::5], questions):
            for i in range(0, len(pairs), 32):
                got = []
                for s in ("s_old", "s_new"):
                    cur.execute(f"EXECUTE {s}(%s)", (uo.payload(pairs[i:i + 32]),))
                    got.append([(r[0], r[1], r[2], repr(r[5])) for r in cur.fetchall()])
                rows += len(got[0])
                differ += got[0] != got[1]
        print(f"identity: {rows} rows, chunks of 32 that differ {differ}", flush=True)
        for kind, items in (("bench questions", questions), ("kb_eval pairs", evalpairs[7::10][:480])):
            for per in (1, 16):
                cpu = {"s_old": 0.0, "s_new": 0.0}
                for p in range(PASSES):
                    for j, i in enumerate(range(0, len(items), 16)):
                        for s in (("s_old", "s_new") if (j + p) % 2 == 0 else ("s_new", "s_old")):
                            part = items[i:i + 16]
                            c0 = clock()
                            for k in range(0, len(part), per):
                                cur.execute(f"EXECUTE {s}(%s)", (uo.payload(part[k:k + per]),))
                                cur.fetchall()
                            cpu[s] += clock() - c0
                n = PASSES * len(items)
                print(f"{kind:16} {per:2} a statement: round 9 {cpu['s_old'] / n * 1e6:5.0f} us a text, now"
                      f" {cpu['s_new'] / n * 1e6:5.0f}, new/old {cpu['s_new'] / cpu['s_old']:.3f}, load"
                      f" {open('/proc/loadavg').read().split()[0]}", flush=True)
    finally:
        cur.execute("DELETE FROM doctors WHERE id = ANY (%s::uuid[])", (all_ids + bench,))
        conn.close()
    if differ:
        sys.exit(1)


if __name__ == "__main__":
    main()
