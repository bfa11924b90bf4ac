#!/usr/bin/python3
"""The knowledge-base evaluation: loads the three doctors of kb.json into PostgreSQL inside one transaction (rolled
back at the end, so any database with the migrations applied will do), asks kb_match() -- the function the router
calls -- every question of questions.tsv, applies the router's decision (the best score reaches the threshold and
beats the runner-up by the margin) and prints precision and recall.

    DATABASE_URL=postgresql://wa:wa@127.0.0.1:5479/wa python3 tests/kb_eval/eval.py [-v]

precision = right answers / answers given; recall = right answers / questions that have an answer.
Thresholds: ROUTER_KB_THRESHOLD (0.5) and ROUTER_KB_MARGIN (0.08), the router's defaults and variables.
"""
import argparse
import json
import os
import sys
import uuid

HERE = os.path.dirname(os.path.abspath(__file__))
THRESHOLD = float(os.environ.get("ROUTER_KB_THRESHOLD", "0.5"))
MARGIN = float(os.environ.get("ROUTER_KB_MARGIN", "0.08"))


def load_questions():
    out = []
    with open(os.path.join(HERE, "questions.tsv"), encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if not line or line.startswith("#"):
                continue
            doctor, question, expected = line.split("\t")
            out.append((doctor, question, None if expected == "-" else expected))
    return out


def choose(rows):
    """The router's rule (services/router/kb.c rt_kb_choose): rows are (id, score) best first."""
    if not rows or rows[0][1] < THRESHOLD:
        return None
    if len(rows) > 1 and rows[0][1] - rows[1][1] < MARGIN:
        return None
    return rows[0][0]


def evaluate(conn, verbose=False):
    """Returns (precision, recall, details). Leaves the database as it found it."""
    kb = json.load(open(os.path.join(HERE, "kb.json"), encoding="utf-8"))["doctors"]
    questions = load_questions()
    details = []
    with conn.cursor() as cur:
        cur.execute("BEGIN")
        try:
            doctor_ids, entry_keys = {}, {}
            for key, d in kb.items():
                phone = "9177" + str(uuid.uuid4().int)[:8]
                cur.execute("INSERT INTO doctors (name, phone_number, clinic_name) VALUES (%s, %s, %s) RETURNING id",
                            (d["name"], "+" + phone, d["clinic"]))
                doctor_ids[key] = cur.fetchone()[0]
                for e in d["entries"]:
                    cur.execute("INSERT INTO kb_entries (doctor_id, question, examples, keywords, lang, answer) "
                                "VALUES (%s, %s, %s, %s, %s, %s) RETURNING id",
                                (doctor_ids[key], e["question"], e["examples"], e["keywords"], e["lang"],
                                 e["answer"]))
                    entry_keys[cur.fetchone()[0]] = (key, e["key"])
            answered = right = expected_n = 0
            for doctor, question, expected in questions:
                cur.execute("SELECT id, score FROM kb_match(%s, %s)", (doctor_ids[doctor], question))
                rows = cur.fetchall()
                got_id = choose(rows)
                got = None
                if got_id is not None:
                    owner, got = entry_keys[got_id]
                    assert owner == doctor, "kb_match returned another doctor's entry"
                    answered += 1
                    right += got == expected
                expected_n += expected is not None
                ok = got == expected
                details.append((ok, doctor, question, expected, got, rows[:2]))
                if verbose and not ok:
                    print(f"MISS {doctor:8} {question!r}: expected {expected}, got {got}; top "
                          + ", ".join(f"{entry_keys[i][1]}={s:.3f}" for i, s in rows[:2]))
        finally:
            cur.execute("ROLLBACK")
    precision = right / answered if answered else 1.0
    recall = right / expected_n if expected_n else 1.0
    return precision, recall, details


def main():
    import psycopg2
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--database-url", default=os.environ.get("DATABASE_URL"))
    ap.add_argument("-v", "--verbose", action="store_true", help="print every question answered wrongly")
    args = ap.parse_args()
    if not args.database_url:
        ap.error("DATABASE_URL is not set (or pass --database-url)")
    conn = psycopg2.connect(args.database_url)
    conn.autocommit = True
    precision, recall, details = evaluate(conn, args.verbose)
    n = len(details)
    print(f"questions {n}  must-not-match {sum(1 for d in details if d[3] is None)}  "
          f"threshold {THRESHOLD}  margin {MARGIN}")
    print(f"precision {precision:.3f}  recall {recall:.3f}")
    return 0 if precision >= 0.95 and recall >= 0.80 else 1


if __name__ == "__main__":
    sys.exit(main())
