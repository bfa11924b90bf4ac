#!/usr/bin/python3
"""PostgreSQL time per NEW text (not a test; issue 14, round 2): what the router's backend spends on a text the
answer cache has not seen, before and after the text is analysed once.

    /usr/bin/python3 bench/router/understand.py <build dir> [texts per variant, 640]

Starts the e2e stack (tests/e2e/conftest.py), sets up BENCH_DOCTORS (10) doctors with bench/e2e.py's 20
knowledge-base entries each, and times, on one connection, over the same unique texts (bench/e2e.py's questions
with a case number appended, as its loadgen makes them unique) spread over the doctors, in chunks of 32:
- "before": what the router ran for a new text: one kb_intent_choose statement per text (the flow's intent) plus
  the batched kb_match statement (wa_kb_lookup_batch);
- "after": the one statement of wa_kb_understand_batch (shared/src/kb.c), the tokens once, both answers from them;
and checks that both give the same labels and candidates; both without and with 031_perf2.sql's index on
kb_synonyms(term) (dropped for the first phase). Prints microseconds per text (wall time of the client:
the statements run one after another, so it is the backend's time plus a round trip each).
"""
import json
import os
import random
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, ".."))
sys.path.insert(0, os.path.join(HERE, "..", "..", "tests", "e2e"))

LOOKUP = ("SELECT x.i, k.id::text, k.score FROM jsonb_to_recordset(%s::jsonb) AS x(i int, d uuid, q text),"
          " LATERAL kb_match(x.d, x.q, 4) k ORDER BY x.i, k.score DESC, k.id")
# wa_kb_understand_batch's statement (shared/src/kb.c; since issue 14 round 8 the tokens and the intent are a
# MATERIALIZED CTE, each once per text: bench/router/understand_once.py)
UNDERSTAND = (
    "WITH u AS MATERIALIZED ("
    "SELECT x.i, x.d, t.toks, CASE WHEN x.f THEN kb_intent_choose_tokens(x.d, t.toks) END AS label"
    " FROM jsonb_to_recordset(%s::jsonb) AS x(i int, d uuid, q text, f boolean)"
    " CROSS JOIN LATERAL (SELECT kb_tokens(x.d, x.q, true) AS toks OFFSET 0) t)"
    " SELECT u.i, u.label, k.id::text, k.score FROM u"
    " LEFT JOIN LATERAL (SELECT e.id, e.question, e.answer, m.score FROM kb_match_tokens(u.d, u.toks, 4) m"
    "                    JOIN kb_entries e ON e.id = m.id AND e.doctor_id = u.d) k ON true"
    " ORDER BY u.i, k.score DESC, k.id")


def measure(cur, ids, items, n):
    """(us per text before, us per text after, chunks where both agree) on the cursor's session."""
    cur.execute("SELECT kb_intent_choose(%s, 'warm up'), count(*) FROM kb_match(%s, 'warm up')", (ids[0], ids[0]))

    def before(chunk):
        labels, hits = [], {}
        for d, q in chunk:
            cur.execute("SELECT kb_intent_choose(%s::uuid, left(%s, 1000))", (d, q))
            labels.append(cur.fetchone()[0] or "")
        cur.execute(LOOKUP, (json.dumps([{"i": i, "d": d, "q": q} for i, (d, q) in enumerate(chunk)]),))
        for i, kid, score in cur.fetchall():
            hits.setdefault(i, []).append((kid, round(score, 9)))
        return labels, hits

    def after(chunk):
        labels, hits = [""] * len(chunk), {}
        cur.execute(UNDERSTAND, (json.dumps([{"i": i, "d": d, "q": q, "f": True}
                                             for i, (d, q) in enumerate(chunk)]),))
        for i, label, kid, score in cur.fetchall():
            labels[i] = label or ""
            if kid is not None:
                hits.setdefault(i, []).append((kid, round(score, 9)))
        return labels, hits

    t = {"before": 0.0, "after": 0.0}
    # interleaved chunks, each variant on texts it has not seen (no plan or buffer advantage for either)
    for c in range(0, n, 32):
        a, b = items[2 * c:2 * c + 32], items[2 * c + 32:2 * c + 64]
        for name, fn, chunk in (("before", before, a), ("after", after, b)):
            t0 = time.perf_counter()
            fn(chunk)
            t[name] += time.perf_counter() - t0
    same = sum(before(items[i:i + 32]) == after(items[i:i + 32]) for i in range(0, 256, 32))
    return t["before"] / n * 1e6, t["after"] / n * 1e6, same


def main():
    if len(sys.argv) < 2:
        raise SystemExit(__doc__)
    build = os.path.abspath(sys.argv[1])
    n = int(sys.argv[2]) if len(sys.argv) > 2 else 640
    os.environ["WA_BIN_DIR"] = os.path.join(build, "bin")
    import conftest
    import e2e
    tmp = tempfile.mkdtemp(prefix="wa-bench-understand-")
    os.chmod(tmp, 0o755)
    stack = conftest.Stack(tmp)
    stack.env["LOG_LEVEL"] = "warn"
    try:
        stack.start()
        e2e.setup_doctors(stack, int(os.environ.get("BENCH_DOCTORS", 10)), 20, tmp)
        ids = [r[0] for r in stack.sql("SELECT id::text FROM doctors WHERE name LIKE 'Dr. Bench %%' ORDER BY name")]
        texts = [q for q, _, _ in e2e.KB] + e2e.PARAPHRASES + e2e.AI_QUESTIONS
        rnd = random.Random(14)
        items = [(ids[i % len(ids)], f"{rnd.choice(texts)} (case {rnd.randrange(10**9)})") for i in range(2 * n)]
        import psycopg2
        out = {}
        for phase in ("without", "with"):
            # a fresh session per phase: plpgsql caches its plans per session
            if phase == "without":
                stack.sql("DROP INDEX kb_synonyms_term_lookup_idx")
            else:
                stack.sql("CREATE INDEX kb_synonyms_term_lookup_idx ON kb_synonyms (term)")
            conn = psycopg2.connect(stack.env["DATABASE_URL"])
            conn.autocommit = True
            out[phase] = measure(conn.cursor(), ids, items, n)
            conn.close()
        w, i = out["without"], out["with"]
        print(f"PostgreSQL per new text, {n} texts each, 20 KB entries per doctor, microseconds:\n"
              f"  without 031's index: before {w[0]:.0f} (an intent statement per text + the kb_match batch), "
              f"after {w[1]:.0f} (one understand statement per 32)\n"
              f"  with 031's index:    before {i[0]:.0f}, after {i[1]:.0f}\n"
              f"  old router and schema -> now: {w[0] / i[1]:.2f}x less; identical labels and candidates in "
              f"{w[2] + i[2]}/16 chunks")
    finally:
        stack.stop()


if __name__ == "__main__":
    main()
