#!/usr/bin/python3
"""A new text's token weights (kb_token_weights_kept) as 039 defines them and as deploy/migrations/066_perf14.sql
does (round 8's proposal, measured then and not kept: it writes the weight rule a second time for ~3-8 % of a new
text's statement; kept in round 10), on one database. Not a test, and it WRITES: run it against a private scratch
database migrated (as `wactl migrate` leaves it: vacuumed) to 066 or later, as the migrations' owner, on a server of
this machine (the backend's CPU is read from /proc):

    UNDERSTAND_SCRATCH=1 DATABASE_URL=postgresql://wa:wa@127.0.0.1:PORT/wa /usr/bin/python3 \\
        bench/router/weights_kept.py [repo] [step] [passes]

039's definition (the OLD) is created in a scratch schema, bench_kept_old, which one connection puts first on its
search_path; the other runs the proposal's (public). Inserts tests/kb_eval's doctors and 4 with bench/e2e.py's 20 entries (as
understand_once.py; removed at the end, with the scratch schemas), then
1. the calls: every kb_token_weights_kept call the router's statement makes (understand_once.py's NEW) over every
   kb_eval pair and bench question, its arguments recorded by a capturing copy (schema bench_kept_cap); each run
   through OLD and NEW alone: every row, in order, base and weight as exact floats;
2. the statement: every kb_eval pair and bench question through the router's statement on the OLD connection and on
   the NEW, intent asked and not, in chunks of 32: every row (entry, score as its exact float) compared;
3. time: backend CPU, OLD and NEW interleaved (ABBA chunks): the function alone over the recorded calls (both
   definitions on one backend), the name words (kb_name_words, unchanged: a control of the two backends, which
   BENCH_SWAP=1 opens in the other order) and the router's whole statement one text a statement and 16 a
   statement over understand_once.py's three kinds of texts.
Exits 1 when a row differs. Prints only counts and timings (never the evaluation's texts) and the load average."""
import os
import sys

import psycopg2

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(HERE, ".."))
import analyse_identity  # noqa: E402  (backend_clock)
import understand_once as uo  # noqa: E402  (load, payload, NEW, the kinds of texts)
import e2e  # noqa: E402

STEP = int(sys.argv[2]) if len(sys.argv) > 2 else 10
PASSES = int(sys.argv[3]) if len(sys.argv) > 3 else 2

# 039's definition, verbatim
OLD_KEPT = """
CREATE FUNCTION bench_kept_old.kb_token_weights_kept(p_doctor uuid, p_toks text[], p_intents boolean)
RETURNS TABLE (t text, base double precision, w double precision)
LANGUAGE plpgsql STABLE SET plan_cache_mode = force_generic_plan AS $$
BEGIN
    RETURN QUERY SELECT kw.t, kw.base, kw.w FROM kb_token_weights(p_doctor, p_toks, p_intents) kw;
END
$$"""
# records each call's arguments (VOLATILE: it writes), then answers as the proposal's
CAP_KEPT = """
CREATE FUNCTION bench_kept_cap.kb_token_weights_kept(p_doctor uuid, p_toks text[], p_intents boolean)
RETURNS TABLE (t text, base double precision, w double precision)
LANGUAGE plpgsql VOLATILE AS $$
BEGIN
    INSERT INTO bench_kept_cap.calls (d, toks, intents) VALUES (p_doctor, p_toks, p_intents);
    RETURN QUERY SELECT * FROM public.kb_token_weights_kept(p_doctor, p_toks, p_intents);
END
$$"""


def connect(url, path):
    conn = psycopg2.connect(url)
    conn.autocommit = True
    cur = conn.cursor()
    cur.execute(f"SET search_path = {path}")
    cur.execute("PREPARE u(jsonb) AS " + uo.NEW)
    cur.execute("PREPARE kw(uuid, text[], boolean) AS SELECT t, base, w FROM kb_token_weights_kept($1, $2, $3)")
    for schema in ("bench_kept_old", "public"):  # the function alone, both definitions on one backend
        cur.execute(f"PREPARE kw_{schema}(uuid, text[], boolean) AS"
                    f" SELECT t, base, w FROM {schema}.kb_token_weights_kept($1, $2, $3)")
    cur.execute("PREPARE nw(uuid) AS SELECT kb_name_words($1)")
    return conn, cur


def main():
    if os.environ.get("UNDERSTAND_SCRATCH") != "1":
        sys.exit("weights_kept.py writes to the database: set UNDERSTAND_SCRATCH=1 for a private scratch database")
    url = os.environ["DATABASE_URL"]
    conn, cur, all_ids, doctor_ids, bench = uo.load(url)
    differ = 0
    try:
        cur.execute("DROP SCHEMA IF EXISTS bench_kept_old CASCADE; DROP SCHEMA IF EXISTS bench_kept_cap CASCADE;"
                    " CREATE SCHEMA bench_kept_old; CREATE SCHEMA bench_kept_cap;"
                    " CREATE TABLE bench_kept_cap.calls (n bigserial, d uuid, toks text[], intents boolean)")
        cur.execute(OLD_KEPT)
        cur.execute(CAP_KEPT)
        if os.environ.get("BENCH_SWAP") == "1":  # the other backend first (a control of the backends' order)
            _, ncur = connect(url, "public")
            _, ocur = connect(url, "bench_kept_old, public")
        else:
            _, ocur = connect(url, "bench_kept_old, public")
            _, ncur = connect(url, "public")
        _, ccur = connect(url, "bench_kept_cap, public")
        evalpairs = [(str(d), q) for d, q in uo.kbeval.all_pairs(doctor_ids)]
        benchpairs = [(d, q) for d in bench for q in [q for q, _, _ in e2e.KB] + e2e.PARAPHRASES]

        # 1. the calls, recorded through the router's statement
        for pairs in (evalpairs, benchpairs):
            for i in range(0, len(pairs), 32):
                ccur.execute("EXECUTE u(%s)", (uo.payload(pairs[i:i + 32], False),))
                ccur.fetchall()
        cur.execute("SELECT d::text, toks, intents FROM bench_kept_cap.calls ORDER BY n")
        calls = cur.fetchall()
        rows = bad = 0
        for d, toks, intents in calls:
            got = []
            for c in (ocur, ncur):
                c.execute("EXECUTE kw(%s, %s, %s)", (d, toks, intents))
                got.append([(t, repr(b), repr(w)) for t, b, w in c.fetchall()])
            rows += len(got[0])
            bad += got[0] != got[1]
        print(f"calls: {len(calls)} (intents asked in {sum(c[2] for c in calls)}), {rows} rows, calls that differ {bad}",
              flush=True)
        differ += bad

        # 2. the router's statement
        rows = 0
        for name, pairs in (("kb_eval pairs", evalpairs), ("bench pairs", benchpairs)):
            for f in (True, False):
                d0 = differ
                for i in range(0, len(pairs), 32):
                    got = []
                    for c in (ocur, ncur):
                        c.execute("EXECUTE u(%s)", (uo.payload(pairs[i:i + 32], f),))
                        got.append([(r[0], r[1], r[2], repr(r[5])) for r in c.fetchall()])
                    rows += len(got[0])
                    differ += (got[0] != got[1]) * max(1, sum(a != b for a, b in zip(*got))
                                                       + abs(len(got[0]) - len(got[1])))
                print(f"statement {name:14} intent {'asked' if f else 'not asked':9}: {len(pairs)} texts,"
                      f" rows that differ {differ - d0}", flush=True)
        print(f"statement: {rows} rows compared; differ in all {differ}", flush=True)

        # 3. time
        import random
        rnd = random.Random(14)
        kinds = {
            "bench questions": [(bench[i % uo.NBENCH], f"{rnd.choice(e2e.KB)[0]} (case {rnd.randrange(10**9)})")
                                for i in range(320)],
            "bench paraphrases": [(bench[i % uo.NBENCH], f"{rnd.choice(e2e.PARAPHRASES)} (case {rnd.randrange(10**9)})")
                                  for i in range(320)],
            "kb_eval pairs": evalpairs[STEP - 1::STEP],
        }
        clocks = {"A": (ocur, analyse_identity.backend_clock(ocur)), "B": (ncur, analyse_identity.backend_clock(ncur))}
        assert clocks["A"][1], "the server must run on this machine (backend CPU from /proc)"

        def fn_kw(c, part):
            stmt = "kw_bench_kept_old" if c is clocks["A"][0] else "kw_public"
            c2 = clocks["A"][0]  # both definitions on the OLD connection's backend: no difference of backends
            for d, toks, intents in part:
                c2.execute(f"EXECUTE {stmt}(%s, %s, %s)", (d, toks, intents))
                c2.fetchall()

        def fn_nw(c, part):
            for d, _, _ in part:
                c.execute("EXECUTE nw(%s)", (d,))
                c.fetchall()

        def fn_one(c, part):
            for d, q in part:
                c.execute("EXECUTE u(%s)", (uo.payload([(d, q)]),))
                c.fetchall()

        def fn_sixteen(c, part):
            c.execute("EXECUTE u(%s)", (uo.payload(part),))
            c.fetchall()

        def abba(items, fn, chunk):
            for v in "AB":  # warm: plans past the plan cache's custom plans, caches
                fn(clocks[v][0], items[:chunk])
            cpu = {"A": 0.0, "B": 0.0}
            for p in range(PASSES):
                for i in range(0, len(items), chunk):
                    for v in ("AB" if (i // chunk + p) % 2 == 0 else "BA"):
                        c, clock = clocks[v]
                        if fn is fn_kw:
                            clock = clocks["A"][1]
                        c0 = clock()
                        fn(c, items[i:i + chunk])
                        cpu[v] += clock() - c0
            n = PASSES * len(items)
            return cpu["A"] / n * 1e6, cpu["B"] / n * 1e6

        print(f"backend CPU us per call or text, OLD (039) = A, NEW (the proposal) = B, ABBA, {PASSES} passes")
        print(f"{'what':52} {'n':>6} {'A':>6} {'B':>6} {'B/A':>5}  load")

        def show(what, n, a, b):
            print(f"{what:52} {n:6} {a:6.0f} {b:6.0f} {b / a:5.2f}  {open('/proc/loadavg').read().split()[0]}",
                  flush=True)
        show("kb_token_weights_kept alone, every recorded call", len(calls), *abba(calls, fn_kw, 64))
        show("kb_name_words alone (unchanged: a control)", len(calls), *abba(calls, fn_nw, 64))
        for kind, items in kinds.items():
            show(f"{kind}: whole statement, 1 a statement", len(items), *abba(items, fn_one, 16))
            show(f"{kind}: whole statement, 16 a statement", len(items), *abba(items, fn_sixteen, 16))
    finally:
        cur.execute("DROP SCHEMA IF EXISTS bench_kept_old CASCADE; DROP SCHEMA IF EXISTS bench_kept_cap CASCADE")
        cur.execute("DELETE FROM doctors WHERE id = ANY (%s::uuid[])", (all_ids + bench,))
        conn.close()
    if differ:
        sys.exit(1)


if __name__ == "__main__":
    main()
