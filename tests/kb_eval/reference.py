#!/usr/bin/python3
"""The issue's "plain reference matcher", measured on our evaluation sets (issue 19; an evaluation tool only: the
router never calls it, no migration defines it).

Issue 19 reports that on its own independent set (118 questions, three clinics) "a plain reference matcher
(text-search lexemes plus trigram word similarity and one threshold, no tuning) scores 0.96 / 0.95". This builds
that matcher as plainly as the sentence reads and runs it on the same sets, doctors and rules of reading as eval.py
(whose pieces it imports: the sets, the doctors' setup, the figures and their printing), so that the two can be
compared question for question.

The matcher, for a question asked of a doctor, over each of that doctor's entries (never another tenant's):
- the entry's text is its question, its keywords and its examples, joined by spaces;
- lexemes: PostgreSQL text search with the 'english' configuration (English stop words dropped, English words
  stemmed; words of other scripts and romanised Hindi/Marathi are kept as they are written, lower-cased):
  lex = the share of the question's distinct lexemes (to_tsvector('english', question), the same lexemes
  plainto_tsquery would AND together) that occur among the entry text's lexemes (0 when the question has none);
- trigrams: trgm = pg_trgm's word_similarity(question, entry text) (the question's trigrams against the most
  similar stretch of the entry's text);
- score = (lex + trgm) / 2, the plain mean of the two;
- the best entry is the one with the highest score (ties: the lowest entry id); it is the answer when its score
  reaches THE threshold. One threshold and nothing else: no margin over the runner-up, no synonyms, no typo fixing.
"No tuning": the threshold is chosen once, on the dev set only, as the lowest threshold at which dev precision is at
least 0.97 (precision first, like the router), and every other set is evaluated with that same threshold. For each
set the figures at that set's OWN such threshold are printed as well ("oracle threshold": the best the reference
could do if someone tuned its one number on the very questions it is judged on; not a fair figure, a bound).

    DATABASE_URL=postgresql://wa:wa@127.0.0.1:5479/wa python3 tests/kb_eval/reference.py [-v] [--set S|all] \
        [--compare] [--variants]

-v adds the figures per kind and per language (eval.py's printing); --compare also runs eval.py's matcher (the
router's) on the same database and prints a table of both, per set and per kind; --variants the figures of variants
of the formula (another configuration, trigram function or combination), each with its own threshold chosen on dev.
Knowledge base only: the issue's reference is a knowledge-base matcher (intents are not its business).
"""
import argparse
import collections
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import eval as kb_eval  # noqa: E402  (tests/kb_eval/eval.py)

CONFIG = "english"
PRECISION_FLOOR = 0.97  # the lowest threshold keeping this precision is THE threshold (on dev) or the oracle one
DEV = "dev"

# The entries' texts and lexemes, once per run (inside eval.py's transaction, so dropped by its rollback).
def docs_sql(config):
    return f"""
CREATE TEMP TABLE kb_reference_docs ON COMMIT DROP AS
SELECT e.id, e.doctor_id, d.doc, tsvector_to_array(to_tsvector('{config}', d.doc)) AS lexemes
  FROM kb_entries e,
       LATERAL (SELECT concat_ws(' ', e.question, e.keywords, array_to_string(e.examples, ' ')) AS doc) d"""


# The best entry of the doctor for the question: (id, score, lex, trgm), or no row when the doctor has no entries.
def best_sql(config, trigrams="word_similarity", combined="(s.lex + s.trgm) / 2"):
    return f"""
WITH q AS (SELECT tsvector_to_array(to_tsvector('{config}', %(q)s)) AS lexemes)
SELECT r.id, {combined} AS score, s.lex, s.trgm
  FROM kb_reference_docs r, q,
       LATERAL (SELECT CASE WHEN cardinality(q.lexemes) = 0 THEN 0
                            ELSE (SELECT count(*) FROM unnest(q.lexemes) l WHERE l = ANY (r.lexemes))::float8
                                 / cardinality(q.lexemes) END AS lex,
                       {trigrams}(%(q)s, r.doc)::float8 AS trgm) s
 WHERE r.doctor_id = %(doctor)s
 ORDER BY score DESC, r.id
 LIMIT 1"""


DOCS_SQL, BEST_SQL = docs_sql(CONFIG), best_sql(CONFIG)  # the reference
# Variants of it, checked with --variants after the reference was fixed (none replaces it): (configuration,
# trigram function, combination of s.lex and s.trgm).
VARIANTS = {"simple lexemes": ("simple", "word_similarity", "(s.lex + s.trgm) / 2"),
            "max of the two": (CONFIG, "word_similarity", "greatest(s.lex, s.trgm)"),
            "similarity": (CONFIG, "similarity", "(s.lex + s.trgm) / 2"),
            "strict_word_similarity": (CONFIG, "strict_word_similarity", "(s.lex + s.trgm) / 2"),
            "lexemes alone": (CONFIG, "word_similarity", "s.lex"),
            "trigrams alone": (CONFIG, "word_similarity", "s.trgm")}

Scored = collections.namedtuple("Scored", "doctor question expected kind lang best score right")


def score_set(cur, files, doctor_ids, entry_keys, sql=BEST_SQL):
    """[Scored] for every question of the set's KB files: its best entry and score (right: that entry is the
    expected one)."""
    out = []
    for name in files:
        kbfile = kb_eval.KB_FILES[name]
        for doctor, question, expected, kind, lang in kb_eval.read_tsv(name, 5):
            expected = None if expected == "-" else expected
            if (kbfile, doctor) not in doctor_ids:
                raise ValueError(f"{name}: unknown doctor {doctor!r} (not in {kbfile})")
            cur.execute(sql, {"q": question, "doctor": doctor_ids[(kbfile, doctor)]})
            row = cur.fetchone()
            best, score = (None, 0.0) if row is None else (row[0], row[1])
            got = None
            if best is not None:
                owner_file, owner, got = entry_keys[best]
                if (owner_file, owner) != (kbfile, doctor):  # cannot happen (WHERE doctor_id): counted if it did
                    got = "FOREIGN:" + got
            out.append(Scored(doctor, question, expected, kind or "legacy", lang, got, score,
                              got is not None and got == expected))
    return out


def score_sets(conn, which, variant=None):
    """{set: [Scored]} for the sets of `which` whose KB files exist. Leaves the database as it found it."""
    out = {}
    with conn.cursor() as cur:
        cur.execute("BEGIN")
        try:
            doctor_ids, entry_keys = kb_eval.load_doctors(cur)
            cur.execute(DOCS_SQL if variant is None else docs_sql(variant[0]))
            for s in which:
                files = [f for f in kb_eval.SETS[s][0] if os.path.exists(os.path.join(HERE, f))]
                if files:
                    out[s] = score_set(cur, files, doctor_ids, entry_keys,
                                       BEST_SQL if variant is None else best_sql(*variant))
        finally:
            cur.execute("ROLLBACK")
    return out


def result_at(scored, threshold, what):
    """eval.py's Result of the reference at `threshold`: the best entry is the answer when its score reaches it."""
    res = kb_eval.Result(what)
    for q in scored:
        got = q.best if q.best is not None and q.score >= threshold else None
        if got is not None and got.startswith("FOREIGN:"):
            res.foreign += 1
        res.add(q.expected, got, q.kind, q.lang)
    return res


def choose_threshold(scored, floor=PRECISION_FLOOR):
    """The lowest threshold (among the questions' best scores) at which precision is at least `floor`; None when no
    threshold that answers something reaches it."""
    for t in sorted({q.score for q in scored if q.best is not None}):
        answered = [q for q in scored if q.best is not None and q.score >= t]
        if sum(q.right for q in answered) >= floor * len(answered):
            return t
    return None


Ranking = collections.namedtuple("Ranking", "best_right answerable always_precision")


def ranking(scored):
    """How good the reference's ranking is, whatever the threshold: the answerable questions whose best entry is the
    right one, the answerable questions, and the precision of always answering the best entry (no threshold can
    do better than the best entry)."""
    answerable = [q for q in scored if q.expected is not None]
    answered = [q for q in scored if q.best is not None]
    return Ranking(sum(q.right for q in answerable), len(answerable),
                   sum(q.right for q in answered) / len(answered) if answered else 1.0)


def evaluate(conn, which=kb_eval.ALL_SETS):
    """(dev threshold, {set: (Result at the dev threshold, oracle threshold or None, Result at it or None,
    Ranking)}). The dev set is always scored (the threshold is chosen on it), reported only when asked for."""
    scored = score_sets(conn, tuple(dict.fromkeys((DEV,) + tuple(which))))
    if DEV not in scored:
        raise ValueError("the dev set's files are missing: the reference's threshold is chosen on them")
    threshold = choose_threshold(scored[DEV])
    if threshold is None:
        raise ValueError(f"no threshold gives dev precision >= {PRECISION_FLOOR}")
    out = {}
    for s in which:
        if s not in scored:
            continue
        oracle = choose_threshold(scored[s])
        out[s] = (result_at(scored[s], threshold, f"{s} reference"), oracle,
                  None if oracle is None else result_at(scored[s], oracle, f"{s} reference, oracle threshold"),
                  ranking(scored[s]))
    return threshold, out


def ours_ranking(conn, which):
    """{set: (answerable questions whose best kb_match() row is the right entry, answerable questions)}: the router's
    matcher's ranking before its accept decision (threshold and margin)."""
    out = {}
    with conn.cursor() as cur:
        cur.execute("BEGIN")
        try:
            doctor_ids, entry_keys = kb_eval.load_doctors(cur)
            for s in which:
                right = n = 0
                for name in [f for f in kb_eval.SETS[s][0] if os.path.exists(os.path.join(HERE, f))]:
                    kbfile = kb_eval.KB_FILES[name]
                    for doctor, question, expected, _, _ in kb_eval.read_tsv(name, 5):
                        if expected == "-":
                            continue
                        cur.execute("SELECT id FROM kb_match(%s, %s) LIMIT 1", (doctor_ids[(kbfile, doctor)], question))
                        row = cur.fetchone()
                        n += 1
                        right += row is not None and entry_keys[row[0]] == (kbfile, doctor, expected)
                out[s] = (right, n)
        finally:
            cur.execute("ROLLBACK")
    return out


def summed(figures):
    """One Figures adding up several (the same part over several sets)."""
    total = kb_eval.Figures()
    for f in figures:
        for attr in ("n", "answered", "right", "expected", "wrong", "kept", "negatives"):
            setattr(total, attr, getattr(total, attr) + getattr(f, attr))
    return total


def f_best(scored):
    """The threshold with the best F1 (harmonic mean of precision and recall) on these questions."""
    def f1(t):
        r = result_at(scored, t, "")
        return 2 * r.precision * r.recall / (r.precision + r.recall) if r.precision + r.recall else 0.0
    return max(sorted({q.score for q in scored if q.best is not None}), key=f1)


def variants(conn, which):
    """Prints, for the reference and each variant, the threshold chosen on dev its way and each set's figures at it;
    and the reference's figures at dev's F-best threshold instead."""
    sets = tuple(dict.fromkeys((DEV,) + tuple(which)))
    print("\nvariants (each with its own threshold chosen on dev at precision >= 0.97): precision / recall")
    for name, variant in [("the reference", None)] + list(VARIANTS.items()):
        scored = score_sets(conn, sets, variant)
        t = choose_threshold(scored[DEV])
        if t is None:
            print(f"  {name:24} no threshold gives dev precision >= {PRECISION_FLOOR}")
            continue
        print(f"  {name:24} at {t:.3f}: " + ", ".join(f"{s} {pr(result_at(v, t, s))}" for s, v in scored.items()))
        if variant is None:
            fb = f_best(scored[DEV])
            print(f"  {'... dev F-best threshold':24} at {fb:.3f}: "
                  + ", ".join(f"{s} {pr(result_at(v, fb, s))}" for s, v in scored.items()))


def pr(res):
    return f"{res.precision:.3f} / {res.recall:.3f}"


def compare(ours, ours_rank, ref):
    """Markdown tables: per set, ours against the reference (figures, and how often each one's best entry is the
    right one); per kind over the sets, right answers / questions with an answer, and for the kinds without one
    (near misses, other tenant, ...) the wrong answers; per kind and language summed over the sets other than dev."""
    print("\n| set | questions (must not match) | our matcher | reference, dev threshold | reference, oracle "
          "threshold | best entry right: ours, reference | reference always answering its best |")
    print("|---|---|---|---|---|---|---|")
    for s, (res, oracle, ores, rank) in ref.items():
        mine = ours[s][0]
        o = f"{pr(ores)} (at {oracle:.3f})" if ores is not None else "none reaches 0.97"
        r = ours_rank[s]
        print(f"| {s} | {res.total.n} ({res.total.negatives}) | {pr(mine)} | {pr(res)} | {o} | "
              f"{r[0] / r[1]:.3f}, {rank.best_right / rank.answerable:.3f} | precision {rank.always_precision:.3f}, "
              f"recall {rank.best_right / rank.answerable:.3f} |")
    sets = list(ref)
    print("\nper kind (answerable kinds: right / asked; kinds with nothing to answer: wrong answers / asked), ours"
          " -> reference at the dev threshold:")
    print("| kind | " + " | ".join(sets) + " |")
    print("|---|" + "---|" * len(sets))
    kinds = sorted({k for s in sets for k in ref[s][0].kinds})
    for k in kinds:
        cells = []
        for s in sets:
            a, b = ours[s][0].kinds.get(k), ref[s][0].kinds.get(k)
            if a is None or b is None or a.n == 0:
                cells.append("")
            elif a.expected:
                cells.append(f"{a.right} -> {b.right} /{a.expected}" + (f" (w {a.wrong}->{b.wrong})"
                                                                        if a.wrong or b.wrong else ""))
            else:
                cells.append(f"w {a.wrong} -> {b.wrong} /{a.negatives}")
        print(f"| {k} | " + " | ".join(cells) + " |")
    held = [s for s in sets if s != DEV]
    if held:
        print(f"\nsummed over {', '.join(held)} (ours -> reference at the dev threshold):")
        for part in ("kinds", "langs"):
            for k in sorted({k for s in held for k in getattr(ref[s][0], part)}):
                a = summed(getattr(ours[s][0], part)[k] for s in held if k in getattr(ours[s][0], part))
                b = summed(getattr(ref[s][0], part)[k] for s in held if k in getattr(ref[s][0], part))
                print(f"  {part[:-1]} {k:16} right {a.right} -> {b.right} / {a.expected}   wrong {a.wrong} -> "
                      f"{b.wrong}   of {a.n}")


def main():
    import psycopg2
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--database-url", default=os.environ.get("DATABASE_URL"))
    ap.add_argument("--set", choices=kb_eval.ALL_SETS + ("all",), default="all")
    ap.add_argument("-v", "--verbose", action="store_true", help="figures per kind and language")
    ap.add_argument("--compare", action="store_true", help="also run eval.py's matcher and print both side by side")
    ap.add_argument("--variants", action="store_true", help="also the figures of variants of the reference's formula")
    args = ap.parse_args()
    if not args.database_url:
        ap.error("DATABASE_URL is not set (or pass --database-url)")
    conn = psycopg2.connect(args.database_url)
    conn.autocommit = True
    which = kb_eval.ALL_SETS if args.set == "all" else (args.set,)
    threshold, ref = evaluate(conn, which)
    print(f"reference matcher: score = (share of the question's '{CONFIG}' lexemes in the entry + word_similarity) "
          f"/ 2; ONE threshold {threshold:.4f}, chosen on dev (the lowest keeping dev precision >= "
          f"{PRECISION_FLOOR}) and fixed for every set")
    for s, (res, oracle, ores, rank) in ref.items():
        res.report(args.verbose, False)
        print(f"  best entry right for {rank.best_right}/{rank.answerable} answerable questions; answering always "
              f"its best: precision {rank.always_precision:.3f}")
        if res.foreign:
            print(f"  ANOTHER TENANT'S ENTRY answered {res.foreign} time(s)")
        if s == DEV:
            print(f"  (the threshold was chosen on {DEV}: its oracle threshold is that one, figures above)")
        elif ores is None:
            print(f"  {s}: no threshold gives precision >= {PRECISION_FLOOR} on this set (oracle)")
        else:
            print(f"  ORACLE: threshold {oracle:.4f} chosen on {s} itself (a bound, not a fair figure):")
            ores.report(args.verbose, False)
    if args.compare:
        compare(kb_eval.evaluate_sets(conn, tuple(ref)), ours_ranking(conn, tuple(ref)), ref)
    if args.variants:
        variants(conn, tuple(ref))
    return 0 if ref else 1


if __name__ == "__main__":
    sys.exit(main())
