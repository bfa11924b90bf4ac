#!/usr/bin/python3
"""bench/pg/understand_split.py: where a first sighting's time goes inside the router's statement for new texts
(issue 14: the KB-cold goal). `router_understand_batch` runs three parts for each text: the text's analysis at its
doctor (`kb_analyse_parts`: words, the clinic's and the shared lexicon, transliteration), the intent choice on those
tokens (`kb_intent_choose_tokens`, for texts that may be an intent) and the score against the clinic's entries
(`kb_match_tokens_names`). This times each part alone and the whole statement, one text a call as a quiet router
sends, so that the next step goes where the time is.

    DATABASE_URL=postgresql://... bench/pg/understand_split.py

A private database migrated to the newest migration. In one transaction (rolled back at the end): the doctors of
tests/kb_eval's clinics.json and kb.json (eval.py's loader), then ROUNDS (5) rounds over every question of FILES
(default dev.tsv, development data) at its doctor; each round runs the five statements in an order that rotates by
round: `SELECT 1` (the round trip), the analysis, the intent choice and the score on the analysis' tokens, and the
whole statement. Each is prepared with a generic plan, as the router's is, and timed from the client over all
questions. Prints the median over rounds of the microseconds per question, with the round trip taken off, and each
part's share of the whole. Prints figures only; asserts nothing."""
import json
import os
import statistics
import sys
import time

import psycopg2

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")
sys.path.insert(0, os.path.join(ROOT, "tests", "kb_eval"))
import eval as kb_eval  # noqa: E402

ROUNDS = int(os.environ.get("ROUNDS", "5"))
FILES = os.environ.get("FILES", "dev.tsv").split(",")

# (part, the prepared statement's name, its query); each takes (doctor, text, the text's tokens) and uses what it needs
STATEMENTS = [
    ("round trip", "us_rt", "SELECT 1"),
    ("analysis", "us_an", "SELECT (kb_analyse_parts($1, $2, true)).o_tokens"),
    ("intent choice", "us_in", "SELECT kb_intent_choose_tokens($1, $3)"),
    ("score", "us_sc", "SELECT count(*) FROM kb_match_tokens_names($1, $3, kb_name_words($1), 4)"),
    ("whole statement", "us_all", "SELECT count(*) FROM router_understand_batch("
                                  "jsonb_build_array(jsonb_build_object('i', 0, 'd', $1, 'q', $2, 'f', true)))"),
]
NAMES = {part: name for part, name, _ in STATEMENTS}


def main():
    url = os.environ.get("DATABASE_URL")
    if not url:
        sys.exit("DATABASE_URL is not set")
    conn = psycopg2.connect(url)
    conn.autocommit = True
    with conn.cursor() as cur:
        cur.execute("BEGIN")
        try:
            doctor_ids, _ = kb_eval.load_doctors(cur)
            cur.execute("SET LOCAL plan_cache_mode = force_generic_plan")
            for _, name, query in STATEMENTS:
                cur.execute(f"PREPARE {name}(uuid, text, text[]) AS {query}")
            pairs = []
            for name in FILES:
                kbfile = kb_eval.KB_FILES[name]
                for row in kb_eval.read_tsv(name, 5):
                    pairs.append((doctor_ids[(kbfile, row[0])], row[1]))
            toks = []
            for d, q in pairs:  # the tokens each text's score and intent choice read; also every plan's first use
                cur.execute("EXECUTE us_an(%s, %s, NULL)", (d, q))
                toks.append(cur.fetchone()[0] or [])
            for n in NAMES.values():
                cur.execute(f"EXECUTE {n}(%s, %s, %s)", (pairs[0][0], pairs[0][1], toks[0]))
                cur.fetchall()
            order = list(NAMES)
            per = {k: [] for k in order}
            for r in range(ROUNDS):
                for k in order[r % len(order):] + order[:r % len(order)]:
                    t0 = time.perf_counter()
                    for (d, q), t in zip(pairs, toks):
                        cur.execute(f"EXECUTE {NAMES[k]}(%s, %s, %s)", (d, q, t))
                        cur.fetchall()
                    per[k].append((time.perf_counter() - t0) * 1e6 / len(pairs))
        finally:
            cur.execute("ROLLBACK")
    load = os.getloadavg()[0]
    med = {k: statistics.median(v) for k, v in per.items()}
    rt = med["round trip"]
    whole = med["whole statement"] - rt
    print(f"understand split: {len(pairs)} questions of {','.join(FILES)}, {ROUNDS} rounds, one text a call, "
          f"generic plans; load average {load:.1f} at the end")
    print(f"round trip (SELECT 1): {rt:.0f} us, taken off every figure below")
    print(f"{'part':<18}{'us a text':>10}{'of the whole':>14}   rounds (us, round trip included)")
    for k in ("analysis", "intent choice", "score", "whole statement"):
        v = med[k] - rt
        print(f"{k:<18}{v:>10.0f}{v / whole * 100:>13.0f}%   " + " ".join(f"{x:.0f}" for x in per[k]))
    parts = sum(med[k] - rt for k in ("analysis", "intent choice", "score"))
    print(f"the three parts alone add up to {parts:.0f} us ({parts / whole * 100:.0f} % of the whole; the rest is the "
          f"statement's own checks and joins, or parts that overlap)")
    print(json.dumps({k: round(med[k] - rt, 1) for k in med if k != "round trip"}))


if __name__ == "__main__":
    main()
