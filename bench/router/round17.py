#!/usr/bin/python3
"""Where a new text's analysis (kb_analyse_parts) spends its time, and what the lexicon's word table left unvacuumed
by the migrations costs it (issue 14, round 17: tools/wactl/migrate.c vacuums every kb_ table). Not a test, and it
WRITES: run it against a private scratch database migrated to the newest migration, as a superuser, on a server of
this machine (the backend's CPU is read from /proc), autovacuum off:

    UNDERSTAND_SCRATCH=1 DATABASE_URL=postgresql://postgres@127.0.0.1:PORT/wa /usr/bin/python3 \\
        bench/router/round17.py profile [step] [passes]
    UNDERSTAND_SCRATCH=1 DATABASE_URL=postgresql://postgres@127.0.0.1:PORT/A DATABASE_URL_B=...:PORT/B \\
        /usr/bin/python3 bench/router/round17.py vacuum [step] [passes]

Inserts bench/router/mix_pg.py's doctors (tests/kb_eval's and 4 with bench/e2e.py's 20 entries; removed at the end).
Texts, per kind: the bench's KB questions made unique as its loadgen makes them (the KB-cold row's texts), its
paraphrases likewise, and every `step`-th kb_eval pair (default 8).
- profile: backend CPU a text, one statement a text, of kb_analyse_parts(d, q, true) whole and of each of its parts
  run alone as the function runs them (the split, the "slow word" test and its lexicon probe alone, the multi-word
  terms, the look-up), a bare `SELECT 1` as the statement's floor, interleaved in groups (ratios, not absolutes, on a
  shared machine); then, with pg_stat_statements (track = all), the nested statements' execution time a text.
- vacuum: the same clinics in two databases of one server, A as the old wactl's migrate left it (kb_lexicon_words not
  vacuumed) and B as the new one's: kb_analyse_parts(d, q, true / false) and kb_analyse(d, q, true) for every
  kb_eval pair and every bench question, paraphrase and ai question, and the router's statement over them (chunks of
  32, intent asked), compared across the two (entry ids aside); then backend CPU a text of the analysis and of the
  router's statement (1 and 16 texts a statement) on each, A and B alternating. ROUND17_TIME_ONLY=1 skips the
  comparison.
- index (a database migrated to 103_perf26.sql of commit 190f079, measured and not kept): the same analyses over
  the same texts with 103 and with 076's look-up and plain word index put back inside a transaction rolled back
  (must be equal), then backend CPU a text of the analysis, one text a statement, the two alternating in groups of
  64 texts, each arm in its own transaction.
Prints only counts and timings (never the evaluation's texts) and the load average; exits 1 when a row differs."""
import json
import os
import random
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(HERE, ".."))
ARGS, sys.argv = sys.argv[1:], sys.argv[:1]
import mix_pg  # noqa: E402
import analyse_identity  # noqa: E402
import e2e  # noqa: E402

kbeval = mix_pg.kbeval
MODE = ARGS[0] if ARGS else "profile"
STEP = int(ARGS[1]) if len(ARGS) > 1 else 8
PASSES = int(ARGS[2]) if len(ARGS) > 2 else 3
CHUNK = 32
STMT = "SELECT i, label, id, question, answer, score FROM router_understand_batch($1::jsonb)"


PARTS = {
    "select 1": "PREPARE p(uuid, text) AS SELECT 1",
    "whole": "PREPARE p(uuid, text) AS SELECT (kb_analyse_parts($1, $2, true)).o_tokens",
    "split": "PREPARE p(uuid, text) AS SELECT kb_raw_words(left($2, 1000))",
    "slow": """PREPARE p(uuid, text) AS SELECT ARRAY(
               SELECT u.w FROM unnest(kb_raw_words(left($2, 1000))) u(w)
               WHERE (u.w ~ '[ऀ-ॿ]' OR (char_length(u.w) >= 4 AND u.w !~ '[0-9]'))
                 AND NOT EXISTS (SELECT 1 FROM kb_lexicon_words v
                                 WHERE v.word IN (u.w, CASE WHEN u.w ~ '[ऀ-ॿ]' THEN u.w ELSE kb_fold(u.w) END)
                                   AND (v.doctor_id IS NULL OR v.doctor_id = $1)
                                   AND (v.src = 'v' OR (v.src = 'w' AND u.w !~ '[ऀ-ॿ]')))
                 AND NOT EXISTS (SELECT 1 FROM kb_examples e
                                 WHERE kb_examples_words(e.doctor_id, e.raw)
                                       && ARRAY[$1::text || ' ' || u.w,
                                                $1::text || ' '
                                                || CASE WHEN u.w ~ '[ऀ-ॿ]' THEN u.w ELSE kb_fold(u.w) END]))""",
    "slow lexicon only": """PREPARE p(uuid, text) AS SELECT ARRAY(
               SELECT u.w FROM unnest(kb_raw_words(left($2, 1000))) u(w)
               WHERE (u.w ~ '[ऀ-ॿ]' OR (char_length(u.w) >= 4 AND u.w !~ '[0-9]'))
                 AND NOT EXISTS (SELECT 1 FROM kb_lexicon_words v
                                 WHERE v.word IN (u.w, CASE WHEN u.w ~ '[ऀ-ॿ]' THEN u.w ELSE kb_fold(u.w) END)
                                   AND (v.doctor_id IS NULL OR v.doctor_id = $1)
                                   AND (v.src = 'v' OR (v.src = 'w' AND u.w !~ '[ऀ-ॿ]'))))""",
    "terms": """PREPARE p(uuid, text) AS SELECT t.terms, t.canons
                FROM (SELECT ' ' || array_to_string(kb_raw_words(left($2, 1000)), ' ') || ' ' AS s OFFSET 0) x,
                     LATERAL kb_analyse_terms($1, x.s) t""",
    "lookup": """PREPARE p(uuid, text) AS SELECT lk.lw, lk.lc, lk.ls
                 FROM kb_analyse_lookup($1, kb_raw_words(left($2, 1000))) lk""",
}


def kinds_of(bench, evalpairs):
    rnd = random.Random(17)

    def unique(texts, n=1024):
        return [(bench[i % len(bench)], f"{rnd.choice(texts)} (case {rnd.randrange(10**9)})") for i in range(n)]
    return {
        "bench questions": unique([q for q, _, _ in e2e.KB]),
        "bench paraphrases": unique(e2e.PARAPHRASES),
        "kb_eval pairs": evalpairs[::STEP],
    }


def profile(cur, kinds):
    clock = analyse_identity.backend_clock(cur)
    cur.execute("SET plan_cache_mode = force_generic_plan")  # as kb_analyse_parts plans its statements
    for kind, items in kinds.items():
        tot = {k: 0.0 for k in PARTS}
        group = 64
        for p in range(PASSES):
            for g in range(0, len(items), group):
                part = items[g:g + group]
                order = list(PARTS) if (g // group + p) % 2 == 0 else list(reversed(PARTS))
                for name in order:
                    cur.execute("DEALLOCATE ALL")
                    cur.execute(PARTS[name])
                    cur.execute("EXECUTE p(%s, %s)", part[0])
                    cur.fetchall()
                    c0 = clock()
                    for d, q in part[1:]:
                        cur.execute("EXECUTE p(%s, %s)", (d, q))
                        cur.fetchall()
                    tot[name] += clock() - c0
        n = PASSES * sum(len(items[g:g + group]) - 1 for g in range(0, len(items), group))
        base = tot["select 1"]
        print(f"{kind} ({len(items)} texts, load {open('/proc/loadavg').read().split()[0]}): us a text above a bare"
              " statement: " + ", ".join(f"{k} {(v - base) * 1e6 / n:.0f}" for k, v in tot.items() if k != "select 1")
              + f" (the bare statement {base * 1e6 / n:.0f})", flush=True)
    cur.execute("SELECT count(*) FROM pg_extension WHERE extname = 'pg_stat_statements'")
    if not cur.fetchone()[0]:
        return
    cur.execute("DEALLOCATE ALL")
    cur.execute(PARTS["whole"])
    for kind, items in kinds.items():
        cur.execute("SELECT pg_stat_statements_reset()")
        for d, q in items:
            cur.execute("EXECUTE p(%s, %s)", (d, q))
            cur.fetchall()
        cur.execute("SELECT regexp_replace(left(query, 90), '\\s+', ' ', 'g'), calls, total_exec_time"
                    " FROM pg_stat_statements WHERE NOT toplevel AND dbid = (SELECT oid FROM pg_database"
                    " WHERE datname = current_database()) ORDER BY total_exec_time DESC LIMIT 12")
        print(f"{kind}: nested statements, us a text (calls a text)")
        for s, calls, t in cur.fetchall():
            print(f"  {t * 1e3 / len(items):7.1f} ({calls / len(items):.2f})  {s}")


ANALYSES = ("SELECT kb_analyse_parts(%s, %s, true)::text, kb_analyse_parts(%s, %s, false)::text,"
            " kb_analyse(%s, %s, true)::text")


def two_databases(url_a, url_b, sides):
    """mode `vacuum`: the same clinics in two databases of one server, A as the old wactl's migrate leaves it
    (kb_lexicon_words not vacuumed) and B as the new one's; every analysis and router row compared across them (entry
    ids aside: each database has its own), then backend CPU a text on each, interleaved A B / B A in groups."""
    for url in (url_a, url_b):
        conn, cur, doctor_ids, bench = mix_pg.setup(url)
        keys = sorted(doctor_ids)
        evalpairs = [(str(d), q) for d, q in kbeval.all_pairs(doctor_ids)]
        benchpairs = [(d, q) for d in bench for q in [q for q, _, _ in e2e.KB] + e2e.PARAPHRASES + e2e.AI_QUESTIONS]
        cur.execute("SELECT pg_relation_size('kb_lexicon_words'), n_dead_tup, n_live_tup FROM pg_stat_user_tables"
                    " WHERE relname = 'kb_lexicon_words'")
        print(f"{url.rsplit('/', 1)[1]}: kb_lexicon_words {cur.fetchone()} (bytes, dead, live)", flush=True)
        sides.append({"conn": conn, "cur": cur, "ids": [str(doctor_ids[k]) for k in keys], "bench": bench,
                      "pairs": evalpairs + benchpairs, "kinds": kinds_of(bench, evalpairs),
                      "clock": analyse_identity.backend_clock(cur)})
    bad = 0
    if os.environ.get("ROUND17_TIME_ONLY") != "1":
        got = []
        for side in sides:
            cur = side["cur"]
            an = []
            for d, q in side["pairs"]:
                cur.execute(ANALYSES, (d, q, d, q, d, q))
                an.append(cur.fetchone())
            cur.execute("PREPARE u(jsonb) AS " + STMT)
            rows = []
            for i in range(0, len(side["pairs"]), CHUNK):
                cur.execute("EXECUTE u(%s)", (payload(side["pairs"][i:i + CHUNK]),))
                rows.append([(r[0], r[1], r[3], r[4], repr(r[5])) for r in cur.fetchall()])
            cur.execute("DEALLOCATE u")
            got.append((an, rows))
        differ = sum(1 for a, b in zip(got[0][0], got[1][0]) if a != b)
        rdiffer = sum(1 for a, b in zip(got[0][1], got[1][1]) if a != b)
        print(f"identity across the two databases: {len(got[0][0])} texts: analyses differ {differ};"
              f" router statement {sum(len(c) for c in got[0][1])} / {sum(len(c) for c in got[1][1])} rows in"
              f" {len(got[0][1])} chunks of {CHUNK}: chunks differ {rdiffer}", flush=True)
        bad += differ + rdiffer
    stmts = {"analysis": ("PREPARE p(uuid, text) AS SELECT (kb_analyse_parts($1, $2, true)).o_tokens", 1),
             "router statement, 1 a statement": ("PREPARE p(jsonb) AS " + STMT, 1),
             "router statement, 16 a statement": ("PREPARE p(jsonb) AS " + STMT, 16)}
    for side in sides:
        side["cur"].execute("SET plan_cache_mode = force_generic_plan")
    for what, (sql, size) in stmts.items():
        for side in sides:
            side["cur"].execute("DEALLOCATE ALL")
            side["cur"].execute(sql)
        for kind in sides[0]["kinds"]:
            tot = [0.0, 0.0]
            n = 0
            k = 0
            for p in range(PASSES):
                items = [side["kinds"][kind] for side in sides]
                for g in range(0, len(items[0]), 64):
                    order = (0, 1) if k % 2 == 0 else (1, 0)
                    k += 1
                    for x in order:
                        side = sides[x]
                        part = items[x][g:g + 64]
                        if size == 1 and sql.startswith("PREPARE p(uuid"):
                            calls = [("EXECUTE p(%s, %s)", t) for t in part]
                        else:
                            calls = [("EXECUTE p(%s)", (payload(part[i:i + size]),)) for i in range(0, len(part), size)]
                        side["cur"].execute(*calls[0])
                        side["cur"].fetchall()
                        c0 = side["clock"]()
                        for c in calls[1:]:
                            side["cur"].execute(*c)
                            side["cur"].fetchall()
                        tot[x] += side["clock"]() - c0
                        if x == 0:
                            n += len(part) - min(size, len(part))
            print(f"{what}, {kind}: A {tot[0] * 1e6 / n:.0f} us a text, B {tot[1] * 1e6 / n:.0f}, B/A"
                  f" {tot[1] / tot[0]:.3f} (load {open('/proc/loadavg').read().split()[0]})", flush=True)
    return bad


OLD_076 = """DROP INDEX kb_lexicon_words_word_cover_idx;
CREATE INDEX kb_lexicon_words_word_idx ON kb_lexicon_words (word);
""" + re.search(r"CREATE OR REPLACE FUNCTION kb_analyse_lookup\(.*?\n\$\$;",
                open(os.path.join(HERE, "..", "..", "deploy", "migrations", "076_perf19.sql"), encoding="utf-8").read(),
                re.S).group(0)


def index_only(cur, kinds, pairs):
    """mode `index`: 103 against 076's look-up and word index (OLD_076, inside transactions rolled back)."""
    clock = analyse_identity.backend_clock(cur)
    cur.execute("SET plan_cache_mode = force_generic_plan")
    got = []
    for side in ("old", "new"):
        cur.execute("BEGIN")
        if side == "old":
            cur.execute(OLD_076)
        out = []
        for d, q in pairs:
            cur.execute(ANALYSES, (d, q, d, q, d, q))
            out.append(cur.fetchone())
        cur.execute("ROLLBACK")
        got.append(out)
    bad = sum(1 for a, b in zip(*got) if a != b)
    print(f"identity: {len(pairs)} texts, analyses differ {bad}", flush=True)
    for kind, items in kinds.items():
        tot = {"old": 0.0, "new": 0.0}
        n = 0
        k = 0
        for p in range(PASSES):
            for g in range(0, len(items), 64):
                part = items[g:g + 64]
                for side in (("old", "new") if k % 2 == 0 else ("new", "old")):
                    cur.execute("BEGIN")
                    if side == "old":
                        cur.execute(OLD_076)
                    cur.execute("DEALLOCATE ALL")
                    cur.execute("PREPARE p(uuid, text) AS SELECT (kb_analyse_parts($1, $2, true)).o_tokens")
                    cur.execute("EXECUTE p(%s, %s)", part[0])
                    cur.fetchall()
                    c0 = clock()
                    for t in part[1:]:
                        cur.execute("EXECUTE p(%s, %s)", t)
                        cur.fetchall()
                    tot[side] += clock() - c0
                    cur.execute("ROLLBACK")
                n += len(part) - 1
                k += 1
        print(f"analysis, {kind}: old {tot['old'] * 1e6 / n:.0f} us a text, new {tot['new'] * 1e6 / n:.0f},"
              f" new/old {tot['new'] / tot['old']:.3f} (load {open('/proc/loadavg').read().split()[0]})", flush=True)
    return bad


def payload(items, f=True):
    return json.dumps([{"i": i, "d": d, "q": q, "f": f} for i, (d, q) in enumerate(items)])


def main():
    if os.environ.get("UNDERSTAND_SCRATCH") != "1":
        sys.exit("round17.py writes to the database: set UNDERSTAND_SCRATCH=1 for a private scratch database")
    if MODE == "vacuum":
        sides = []
        try:
            bad = two_databases(os.environ["DATABASE_URL"], os.environ["DATABASE_URL_B"], sides)
        finally:
            for side in sides:
                side["cur"].execute("ROLLBACK")
                side["cur"].execute("DELETE FROM doctors WHERE id = ANY (%s::uuid[])", (side["ids"] + side["bench"],))
                side["conn"].close()
        sys.exit(1 if bad else 0)
    conn, cur, doctor_ids, bench = mix_pg.setup(os.environ["DATABASE_URL"])
    all_ids = [str(d) for d in doctor_ids.values()]
    bad = 0
    try:
        evalpairs = [(str(d), q) for d, q in kbeval.all_pairs(doctor_ids)]
        if MODE == "index":
            bad = index_only(cur, kinds_of(bench, evalpairs), evalpairs + [
                (d, q) for d in bench for q in [q for q, _, _ in e2e.KB] + e2e.PARAPHRASES + e2e.AI_QUESTIONS])
        else:
            profile(cur, kinds_of(bench, evalpairs))
    finally:
        cur.execute("ROLLBACK")
        cur.execute("DELETE FROM doctors WHERE id = ANY (%s::uuid[])", (all_ids + bench,))
        conn.close()
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
