#!/usr/bin/python3
"""Round 9 of issue 14 (059_perf13.sql and shared/src/kb.c's statement: the analysis's look-up with one test fewer,
kb_tokens without the JSON object, the clinic's name words once per doctor of a statement): the same rows, and the
backend CPU of a new text's statement, old and new. Not a test, and it WRITES: run it against a private scratch
database migrated up to 055 (NOT 059), as the migrations' owner, on a server of this machine:

    UNDERSTAND_SCRATCH=1 DATABASE_URL=postgresql://wa:wa@127.0.0.1:PORT/wa /usr/bin/python3 \\
        bench/router/round9.py [repo] [step] [passes]

Inserts understand_once.py's doctors (tests/kb_eval's and 4 with bench/e2e.py's 20 entries; removed at the end), then
inside one transaction (059 applied in a savepoint, rolled back and applied again; rolled back at the end):
1. identity: every (doctor, text) pair of tests/kb_eval and every bench question and paraphrase for every bench doctor
   through round 8's statement on the functions before 059 (OLD) and kb.c's on 059's (NEW), in chunks of 32 as the
   router sends them, the intent asked and not: every row (text, label, entry, question, answer, score as its exact
   float) compared; exits 1 when one differs;
2. calls per text of kb_name_words and kb_tokens in each statement (16 texts a statement; track_functions = all);
3. time: backend CPU per text (/proc/PID/schedstat), OLD and NEW in alternating chunks of 32 (each chunk run on the
   definitions before 059 and after it, in alternating order), one text a statement and the chunk in one statement,
   over the bench's questions made unique (a case number appended) for the 4 bench doctors, the same for 50 doctors
   with the bench's entries (bench/e2e.py's stack has 50: fewer texts of one doctor in a statement), its paraphrases
   and every `step`-th kb_eval pair (default 10).
Prints only counts and timings (never the evaluation's texts) and the load average."""
import os
import random
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(HERE, ".."))
REPO = sys.argv[1] if len(sys.argv) > 1 else os.path.join(HERE, "..", "..")
STEP = int(sys.argv[2]) if len(sys.argv) > 2 else 10
PASSES = int(sys.argv[3]) if len(sys.argv) > 3 else 2
sys.argv = sys.argv[:1]
import understand_once  # noqa: E402  (ROUND8, NEW, payload, load, kbeval)
import e2e  # noqa: E402

MIGRATION = os.path.join(REPO, "deploy/migrations/059_perf13.sql")
CHUNK = 32
CALLS = ("SELECT funcname, calls FROM pg_stat_xact_user_functions WHERE funcname IN ('kb_tokens', 'kb_name_words',"
         " 'kb_analyse_parts', 'kb_analyse') ORDER BY funcname")


def main():
    if os.environ.get("UNDERSTAND_SCRATCH") != "1":
        sys.exit("round9.py writes to the database: set UNDERSTAND_SCRATCH=1 for a private scratch database")
    conn, cur, all_ids, doctor_ids, bench = understand_once.load(os.environ["DATABASE_URL"])
    more = []
    try:
        cur.execute("SELECT to_regprocedure('kb_match_tokens_names(uuid, text[], text[], integer)') IS NOT NULL")
        if cur.fetchone()[0]:
            sys.exit("round9.py: 059 is applied to this database already; run it on one migrated up to 055")
        # 46 more clinics with the bench's entries (bench/e2e.py's stack has 50 doctors)
        for i in range(4, 50):
            cur.execute("INSERT INTO doctors (name, phone_number, clinic_name, specialization) VALUES (%s, %s, %s,"
                        " 'General Physician') RETURNING id", (f"Dr. Bench {i}", f"+91990000{i:04d}",
                                                               f"Bench Clinic {i}"))
            d = str(cur.fetchone()[0])
            more.append(d)
            for q, a, k in e2e.KB:
                cur.execute("INSERT INTO kb_entries (doctor_id, question, answer, keywords) VALUES (%s, %s, %s, %s)",
                            (d, q, a.format(c=f"Bench Clinic {i}"), k))
        cur.execute("ANALYZE")
        migration = open(MIGRATION, encoding="utf-8").read()
        clock_pid = cur.connection.get_backend_pid()

        def clock():
            with open(f"/proc/{clock_pid}/schedstat", encoding="ascii") as f:
                return int(f.read().split()[0]) / 1e9

        cur.execute("BEGIN")
        cur.execute("SAVEPOINT r9_before")
        cur.execute("PREPARE r_old(jsonb) AS " + understand_once.ROUND8)
        state = ["old"]

        def switch(v):
            if state[0] == v:
                return
            cur.execute("ROLLBACK TO SAVEPOINT r9_before")
            if v == "new":
                cur.execute(migration)
            state[0] = v

        def run(v, part, per, f=True):
            switch(v)
            out = []
            for i in range(0, len(part), per):
                cur.execute(f"EXECUTE r_{v}(%s)", (understand_once.payload(part[i:i + per], f),))
                out.extend((r[0] + i, r[1], r[2], r[3], r[4], repr(r[5])) for r in cur.fetchall())
            return out

        switch("new")
        cur.execute("PREPARE r_new(jsonb) AS " + understand_once.NEW)
        evalpairs = [(str(d), q) for d, q in understand_once.kbeval.all_pairs(doctor_ids)]
        benchpairs = [(d, q) for d in bench for q in [q for q, _, _ in e2e.KB] + e2e.PARAPHRASES]

        # 1. identity
        differ = rows = 0
        for name, pairs in (("kb_eval pairs", evalpairs), ("bench pairs", benchpairs)):
            for f in (True, False):
                got = {}
                for v in ("old", "new"):
                    got[v] = [run(v, pairs[i:i + CHUNK], CHUNK, f) for i in range(0, len(pairs), CHUNK)]
                d0 = differ
                for old, new in zip(got["old"], got["new"]):
                    rows += len(old)
                    differ += sum(a != b for a, b in zip(old, new)) + abs(len(old) - len(new))
                print(f"identity {name:14} intent {'asked' if f else 'not asked':9}: {len(pairs)} texts,"
                      f" rows that differ {differ - d0}", flush=True)
        print(f"identity: {rows} rows compared, {differ} differ", flush=True)

        rnd = random.Random(14)
        kinds = {
            "bench questions, 4 doctors": [(bench[i % 4], f"{rnd.choice(e2e.KB)[0]} (case {rnd.randrange(10**9)})")
                                           for i in range(640)],
            "bench questions, 50 doctors": [(rnd.choice(bench + more),
                                             f"{rnd.choice(e2e.KB)[0]} (case {rnd.randrange(10**9)})")
                                            for i in range(640)],
            "bench paraphrases, 50 doctors": [(rnd.choice(bench + more),
                                               f"{rnd.choice(e2e.PARAPHRASES)} (case {rnd.randrange(10**9)})")
                                              for i in range(640)],
            "kb_eval pairs": evalpairs[STEP - 1::STEP],
        }

        # 2. calls per text, 16 texts a statement
        cur.execute("SHOW track_functions")
        if cur.fetchone()[0] == "all":
            for kind, items in kinds.items():
                for v in ("old", "new"):
                    switch(v)
                    cur.execute(CALLS)
                    before = dict(cur.fetchall())
                    run(v, items[:320], 16)
                    cur.execute(CALLS)
                    got = [(fn, c - before.get(fn, 0)) for fn, c in cur.fetchall()]
                    print(f"calls per text, 16 a statement, {kind:29} {v}: "
                          + ", ".join(f"{fn} {c / 320:.2f}" for fn, c in got), flush=True)
        else:
            print("calls: track_functions is not 'all' (a superuser's setting): skipped")

        # 3. time
        print(f"backend CPU us per text; chunks of {CHUNK} alternating old/new, {PASSES} passes")
        for kind, items in kinds.items():
            for per in (1, CHUNK):
                cpu = {"old": 0.0, "new": 0.0}
                for p in range(PASSES):
                    for i in range(0, len(items), CHUNK):
                        part = items[i:i + CHUNK]
                        for v in ("old", "new") if (i // CHUNK + p) % 2 == 0 else ("new", "old"):
                            run(v, part[:2], per), run(v, part[:2], per)  # plan this definition
                            c0 = clock()
                            run(v, part, per)
                            cpu[v] += clock() - c0
                n = PASSES * len(items)
                o, w = cpu["old"] / n * 1e6, cpu["new"] / n * 1e6
                print(f"{kind:30} {per:2} a statement: old {o:5.0f} new {w:5.0f} us a text, new/old {w / o:.3f}"
                      f"  load {open('/proc/loadavg').read().split()[0]}", flush=True)
        cur.execute("ROLLBACK")
        if differ:
            sys.exit(1)
    finally:
        conn.rollback() if not conn.autocommit else None
        cur.execute("ROLLBACK")
        cur.execute("DELETE FROM doctors WHERE id = ANY (%s::uuid[])", (all_ids + bench + more,))
        conn.close()


if __name__ == "__main__":
    main()
