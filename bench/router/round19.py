#!/usr/bin/python3
"""Where kb_analyse_parts spends its time after its first statement (the correction loop, the multi-word terms, the
token loop), and a trial: the token loop as one set-based query inside the first statement (issue 14, round 19:
bench/router/round19_tried.sql, measured and NOT kept). Not a test, and it WRITES: run it against a private scratch
database migrated to the newest migration, as a superuser, on a server of this machine (the backend's CPU is read
from /proc), autovacuum off:

    UNDERSTAND_SCRATCH=1 DATABASE_URL=postgresql://postgres@127.0.0.1:PORT/wa /usr/bin/python3 \\
        bench/router/round19.py [step] [passes]

Inserts bench/router/mix_pg.py's doctors (tests/kb_eval's and 4 with bench/e2e.py's 20 entries; removed at the end).
"old" is the live kb_analyse_parts (076's); "new" is round19_tried.sql applied inside a transaction that is rolled
back (every arm runs in its own transaction). ROUND19_MODE=114, on a database migrated to 114_perf29.sql (kept): "old"
is 076's function put back inside the rolled-back transaction, "new" the live one.
- identity: kb_analyse_parts(d, q, true / false) and kb_analyse(d, q, true / false) for every kb_eval pair (every set
  in the checkout), every bench question, paraphrase and ai question and the unique bench texts below, and the
  router's statement over all of them (chunks of 32, intent asked): old and new must be equal row by row (the same
  entry ids: one database); then the analyses again after lexicon rows are added at run time (a clinic's one-word
  and multi-word synonyms, a global multi-word term and a stop word, rolled back). ROUND19_TIME_ONLY=1 skips it;
- profile: how many texts take the trial's path (nothing corrected, no multi-word term) and, per kind, backend CPU a
  text above a bare statement of the old analysis whole (correcting), not correcting, its first statement alone (076's
  function returning right after it: the rest is the correction loop, the terms and the token loop) and the new one;
- ROUND19_MODE=loop: only the correction loop's parts: the old analysis whole, its first statement alone, up to its
  `known` array (every example word of the clinic, built when a word may be a typo), and without the typo rule's
  "never corrected" probes for a word that is not Devanagari (kb_vocab, kb_words: the first statement's slow-word
  test has already made them false for it), the last checked equal to the old one first;
  ROUND19_PROFILE=0 skips the profile;
- timing: backend CPU a text, old and new alternating in groups of 64 texts, of the analysis (one text a statement)
  and of the router's statement (1 and 16 texts a statement).
Texts, per kind: the bench's KB questions made unique as its loadgen makes them (the KB-cold row's texts), its
paraphrases likewise, and every `step`-th kb_eval pair (default 8). Prints only counts and timings (never the
evaluation's texts) and the load average; asserts only identity (exit 1 when a row differs), never a time."""
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
STEP = int(ARGS[0]) if ARGS else 8
PASSES = int(ARGS[1]) if len(ARGS) > 1 else 2
CHUNK = 32
STMT = "SELECT i, label, id, question, answer, score FROM router_understand_batch($1::jsonb)"
OLD_076 = re.search(r"CREATE OR REPLACE FUNCTION kb_analyse_parts\(.*?\n\$\$;",
                    open(os.path.join(HERE, "..", "..", "deploy", "migrations", "076_perf19.sql"),
                         encoding="utf-8").read(), re.S).group(0)
# 076's function returning right after its first statement (the look-up): the cost of what follows it is the
# difference
OLD_PREFIX = OLD_076.replace("    IF p_correct AND cardinality(slow) > 0 THEN",
                             "    o_tokens := uw; o_corrected := corrected; o_synonyms := synonyms; o_dropped := dropped;\n"
                             "    RETURN;\n    IF p_correct AND cardinality(slow) > 0 THEN", 1)
assert OLD_PREFIX != OLD_076
# 076's function returning right after its correction loop's `known` array (every example word of the clinic) is built
OLD_KNOWN = OLD_076.replace("""        known := ARRAY(SELECT DISTINCT unnest(raw) FROM kb_examples WHERE doctor_id = p_doctor);
""", """        known := ARRAY(SELECT DISTINCT unnest(raw) FROM kb_examples WHERE doctor_id = p_doctor);
        o_tokens := known; o_corrected := corrected; o_synonyms := synonyms; o_dropped := dropped;
        RETURN;
""", 1)
assert OLD_KNOWN != OLD_076
# 076's function without the typo rule's "never corrected" probes for a word that is not Devanagari (the first
# statement's slow-word test has already made them false for it: kb_lexicon_words holds kb_vocab's and kb_words' words,
# kb_examples_words the examples'); the same output (checked in mode `loop`)
OLD_NOPROBE = OLD_076.replace("""            CONTINUE WHEN char_length(w) < 4 OR w ~ '[0-9]' OR w = ANY (known) OR kb_fold(w) = ANY (known)
                OR EXISTS (SELECT 1 FROM kb_vocab v WHERE v.word IN (w, kb_fold(w))
                             AND (v.doctor_id IS NULL OR v.doctor_id = p_doctor))
                OR EXISTS (SELECT 1 FROM kb_words kw WHERE kw.word IN (w, kb_fold(w)));
""", """            IF w ~ '[ऀ-ॿ]' THEN
                CONTINUE WHEN char_length(w) < 4 OR w ~ '[0-9]' OR w = ANY (known) OR kb_fold(w) = ANY (known)
                    OR EXISTS (SELECT 1 FROM kb_vocab v WHERE v.word IN (w, kb_fold(w))
                                 AND (v.doctor_id IS NULL OR v.doctor_id = p_doctor))
                    OR EXISTS (SELECT 1 FROM kb_words kw WHERE kw.word IN (w, kb_fold(w)));
            END IF;
""", 1)
assert OLD_NOPROBE != OLD_076
TRIED = open(os.path.join(HERE, "round19_tried.sql"), encoding="utf-8").read()
# the two arms' DDL: by default old = the live function, new = the trial; ROUND19_MODE=114 (a database migrated to
# 114_perf29.sql): old = 076's function put back, new = the live one (114's)
MODE = os.environ.get("ROUND19_MODE", "trial")
SIDES = {"old": OLD_076, "new": None} if MODE == "114" else {"old": None, "new": TRIED}
ANALYSES = ("SELECT kb_analyse_parts(%s, %s, true)::text, kb_analyse_parts(%s, %s, false)::text,"
            " kb_analyse(%s, %s, true)::text, kb_analyse(%s, %s, false)::text")
# lexicon rows added at run time (rolled back): for the first two kb_eval doctors a one-word and a multi-word synonym
# made of frequent words of the texts, a global multi-word term and a global stop word
ADD_ROWS = """
WITH freq AS (SELECT w, count(*) AS c FROM unnest(%s::text[]) q, unnest(kb_raw_words(q)) w
              WHERE char_length(w) >= 3 GROUP BY w ORDER BY count(*) DESC, w LIMIT 40),
     f AS (SELECT w, row_number() OVER (ORDER BY c DESC, w) AS r FROM freq),
     docs AS (SELECT d, row_number() OVER (ORDER BY d) AS r FROM unnest(%s::uuid[]) d)
INSERT INTO kb_synonyms (doctor_id, term, canonical, lang)
SELECT docs.d, a.w, 'clinicword' || docs.r, 'en' FROM docs JOIN f a ON a.r = docs.r + 2 WHERE docs.r <= 2
UNION ALL
SELECT docs.d, a.w || ' ' || b.w, 'clinicphrase' || docs.r || ' ' || b.w, 'en'
FROM docs JOIN f a ON a.r = docs.r + 4 JOIN f b ON b.r = docs.r + 5 WHERE docs.r <= 2
UNION ALL
SELECT NULL, a.w || ' ' || b.w, 'globalphrase', 'en' FROM f a JOIN f b ON a.r = 8 AND b.r = 9
ON CONFLICT DO NOTHING;
INSERT INTO kb_stopwords (word) SELECT w FROM (SELECT w FROM unnest(kb_raw_words(%s)) w LIMIT 1) x
ON CONFLICT DO NOTHING;
"""


def load():
    return open("/proc/loadavg").read().split()[0]


def kinds_of(bench, evalpairs):
    rnd = random.Random(19)

    def unique(texts, n=1024):
        return [(bench[i % len(bench)], f"{rnd.choice(texts)} (case {rnd.randrange(10**9)})") for i in range(n)]
    return {
        "bench questions": unique([q for q, _, _ in e2e.KB]),
        "bench paraphrases": unique(e2e.PARAPHRASES),
        "kb_eval pairs": evalpairs[::STEP],
    }


def payload(items, f=True):
    return json.dumps([{"i": i, "d": d, "q": q, "f": f} for i, (d, q) in enumerate(items)])


def analyses(cur, pairs):
    out = []
    for d, q in pairs:
        cur.execute(ANALYSES, (d, q) * 4)
        out.append(cur.fetchone())
    return out


def router_rows(cur, pairs):
    cur.execute("PREPARE u(jsonb) AS " + STMT)
    rows = []
    for i in range(0, len(pairs), CHUNK):
        cur.execute("EXECUTE u(%s)", (payload(pairs[i:i + CHUNK]),))
        rows.append([(r[0], r[1], r[2], r[3], r[4], repr(r[5])) for r in cur.fetchall()])
    cur.execute("DEALLOCATE u")
    return rows


def identity(cur, pairs, doctors):
    bad = 0
    got = {}
    for side in ("old", "new"):
        cur.execute("BEGIN")
        if SIDES[side]:
            cur.execute(SIDES[side])
        got[side] = (analyses(cur, pairs), router_rows(cur, pairs))
        cur.execute("ROLLBACK")
    differ = sum(1 for a, b in zip(got["old"][0], got["new"][0]) if a != b)
    rdiffer = sum(1 for a, b in zip(got["old"][1], got["new"][1]) if a != b)
    print(f"identity: {len(pairs)} texts, analyses (parts and kb_analyse, with and without correction) differ {differ};"
          f" router statement {sum(len(c) for c in got['old'][1])} / {sum(len(c) for c in got['new'][1])} rows in"
          f" {len(got['old'][1])} chunks of {CHUNK}: chunks differ {rdiffer}", flush=True)
    bad += differ + rdiffer
    texts = [q for _, q in pairs]
    got = {}
    for side in ("old", "new"):
        cur.execute("BEGIN")
        if SIDES[side]:
            cur.execute(SIDES[side])
        cur.execute(ADD_ROWS, (texts, doctors, texts[0]))
        got[side] = analyses(cur, pairs)
        cur.execute("ROLLBACK")
    differ = sum(1 for a, b in zip(got["old"], got["new"]) if a != b)
    print(f"identity with lexicon rows added at run time: {len(pairs)} texts, analyses differ {differ}", flush=True)
    return bad + differ


def paths(cur, pairs):
    """How many texts take the trial's path (nothing corrected, no multi-word term replaced), with correction."""
    n = fast = 0
    for d, q in pairs:
        cur.execute("SELECT o_corrected = '{}' AND NOT EXISTS (SELECT 1 FROM jsonb_object_keys(o_synonyms) k"
                    " WHERE k LIKE '%% %%') FROM kb_analyse_parts(%s, %s, true)", (d, q))
        fast += cur.fetchone()[0]
        n += 1
    return fast, n


def timed(cur, clock, kinds, arms, stmts):
    for what, (sql, size) in stmts.items():
        for kind, items in kinds.items():
            tot = {a: 0.0 for a in arms}
            n = 0
            k = 0
            for _ in range(PASSES):
                for g in range(0, len(items), 64):
                    part = items[g:g + 64]
                    order = list(arms) if k % 2 == 0 else list(reversed(arms))
                    k += 1
                    for arm in order:
                        cur.execute("BEGIN")
                        if arms[arm]:
                            cur.execute(arms[arm])
                        cur.execute("DEALLOCATE ALL")
                        cur.execute("PREPARE p(uuid, text) AS SELECT 1" if arm == "select 1" else
                                    sql.replace("true", "false") if arm == "old, not correcting" else sql)
                        if size == 1 and "(uuid" in sql:
                            calls = [("EXECUTE p(%s, %s)", t) for t in part]
                        else:
                            calls = [("EXECUTE p(%s)", (payload(part[i:i + size]),)) for i in range(0, len(part), size)]
                        cur.execute(*calls[0])
                        cur.fetchall()
                        c0 = clock()
                        for c in calls[1:]:
                            cur.execute(*c)
                            cur.fetchall()
                        tot[arm] += clock() - c0
                        cur.execute("ROLLBACK")
                    n += len(part) - min(size, len(part))
            base = tot.get("select 1", 0.0)
            figs = ", ".join(f"{a} {(v - base) * 1e6 / n:.0f}" for a, v in tot.items() if a != "select 1")
            ratio = f", new/old {tot['new'] / tot['old']:.3f}" if "old" in tot and "new" in tot else ""
            print(f"{what}, {kind}: us a text{' above a bare statement' if base else ''}: {figs}{ratio}"
                  + (f" (the bare statement {base * 1e6 / n:.0f})" if base else "") + f" (load {load()})", flush=True)


def main():
    if os.environ.get("UNDERSTAND_SCRATCH") != "1":
        sys.exit("round19.py writes to the database: set UNDERSTAND_SCRATCH=1 for a private scratch database")
    conn, cur, doctor_ids, bench = mix_pg.setup(os.environ["DATABASE_URL"])
    all_ids = [str(d) for d in doctor_ids.values()]
    bad = 0
    try:
        evalpairs = list(dict.fromkeys((str(d), q) for d, q in kbeval.all_pairs(doctor_ids)))
        kinds = kinds_of(bench, evalpairs)
        pairs = evalpairs + [(d, q) for d in bench for q in [q for q, _, _ in e2e.KB] + e2e.PARAPHRASES
                             + e2e.AI_QUESTIONS] + kinds["bench questions"] + kinds["bench paraphrases"]
        pairs = list(dict.fromkeys(pairs))
        if MODE == "loop":
            # the correction loop's parts, on the profile's texts: the output without the probes compared first
            got = {}
            texts = [t for items in kinds.values() for t in items]
            for side, ddl in (("old", None), ("no probe", OLD_NOPROBE)):
                cur.execute("BEGIN")
                if ddl:
                    cur.execute(ddl)
                got[side] = analyses(cur, texts)
                cur.execute("ROLLBACK")
            differ = sum(1 for a, b in zip(got["old"], got["no probe"]) if a != b)
            print(f"identity, without the never-corrected probes: {len(texts)} texts, analyses differ {differ}",
                  flush=True)
            clock = analyse_identity.backend_clock(cur)
            cur.execute("SET plan_cache_mode = force_generic_plan")
            timed(cur, clock, kinds, {"select 1": None, "old whole": None, "old first statement": OLD_PREFIX,
                                      "old up to known": OLD_KNOWN, "old without the probes": OLD_NOPROBE},
                  {"correction loop": ("PREPARE p(uuid, text) AS SELECT (kb_analyse_parts($1, $2, true)).o_tokens", 1)})
            sys.exit(1 if differ else 0)
        if os.environ.get("ROUND19_TIME_ONLY") != "1":
            bad = identity(cur, pairs, sorted(all_ids)[:2])
        clock = analyse_identity.backend_clock(cur)
        cur.execute("SET plan_cache_mode = force_generic_plan")
        for kind, items in (kinds.items() if os.environ.get("ROUND19_PROFILE") != "0" else ()):
            fast, n = paths(cur, items)
            print(f"{kind}: {n} texts, {fast} take the trial's path (nothing corrected, no multi-word term)", flush=True)
        if os.environ.get("ROUND19_PROFILE") != "0":  # 0: the old vs new timing alone
            timed(cur, clock, kinds, {"select 1": None, "old whole": SIDES["old"], "old, not correcting": SIDES["old"],
                                      "old first statement": OLD_PREFIX, "new": SIDES["new"]},
                  {"profile": ("PREPARE p(uuid, text) AS SELECT (kb_analyse_parts($1, $2, true)).o_tokens", 1)})
        timed(cur, clock, kinds, SIDES,
              {"analysis": ("PREPARE p(uuid, text) AS SELECT (kb_analyse_parts($1, $2, true)).o_tokens", 1),
               "router statement, 1 a statement": ("PREPARE p(jsonb) AS " + STMT, 1),
               "router statement, 16 a statement": ("PREPARE p(jsonb) AS " + STMT, 16)})
    finally:
        cur.execute("ROLLBACK")
        cur.execute("DELETE FROM doctors WHERE id = ANY (%s::uuid[])", (all_ids + bench,))
        conn.close()
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
