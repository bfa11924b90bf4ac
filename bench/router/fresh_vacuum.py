#!/usr/bin/python3
"""A new text's analysis on a freshly migrated database before and after the lexicon tables are vacuumed (issue 14,
round 7: the mix's router PostgreSQL). Not a test, and it WRITES: run it on a private scratch database just migrated
(wactl migrate), with autovacuum off on that server for the duration (ALTER SYSTEM SET autovacuum = off; SELECT
pg_reload_conf()), as the migrations' owner:

    DATABASE_URL=postgresql://wa:wa@127.0.0.1:PORT/DB /usr/bin/python3 bench/router/fresh_vacuum.py

Adds one clinic with bench/e2e.py's 20 entries and times kb_tokens(d, q, true) (backend CPU from /proc, 150 of
bench/e2e.py's texts made unique a step) as the tables are, after VACUUM of kb_vocab, kb_intents, kb_concepts and
kb_synonyms (what every kb_lexicon_add of a migration rewrites: kb_lexicon_changed refreshes the vocabulary and
re-tokenises every intent example), after ANALYZE and after VACUUM FULL of them. Prints the dead rows it found."""
import os
import random
import sys

import psycopg2

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(HERE, ".."))
sys.argv = sys.argv[:1]  # analyse_identity's import reads argv
import analyse_identity  # noqa: E402  (backend_clock)
import e2e  # noqa: E402

TABLES = "kb_vocab, kb_intents, kb_concepts, kb_synonyms"


def main():
    conn = psycopg2.connect(os.environ["DATABASE_URL"])
    conn.autocommit = True
    cur = conn.cursor()
    cur.execute("SELECT relname, n_dead_tup, pg_relation_size(relid) / 8192 FROM pg_stat_user_tables"
                " WHERE relname = ANY (string_to_array(replace(%s, ' ', ''), ',')) ORDER BY 1", (TABLES,))
    print("dead rows, pages:", ", ".join(f"{r[0]} {r[1]} {r[2]}" for r in cur.fetchall()))
    cur.execute("INSERT INTO doctors (name, phone_number, clinic_name) VALUES ('Dr. Vacuum', '+919911119999',"
                " 'Bench Clinic V') RETURNING id")
    d = cur.fetchone()[0]
    try:
        for q, a, k in e2e.KB:
            cur.execute("INSERT INTO kb_entries (doctor_id, question, answer, keywords) VALUES (%s, %s, %s, %s)",
                        (d, q, a.format(c="Bench Clinic V"), k))
        clock = analyse_identity.backend_clock(cur)
        texts = [q for q, _, _ in e2e.KB] + e2e.PARAPHRASES + e2e.AI_QUESTIONS
        rnd = random.Random(3)

        def run(label):
            items = [f"{rnd.choice(texts)} (case {rnd.randrange(10**9)})" for _ in range(150)]
            c0 = clock()
            for t in items:
                cur.execute("SELECT kb_tokens(%s, %s, true)", (d, t))
                cur.fetchall()
            print(f"{label}: kb_tokens backend CPU {(clock() - c0) / len(items) * 1e6:.0f} us a text, load "
                  f"{os.getloadavg()[0]:.2f}", flush=True)

        run("as migrated")
        run("as migrated, again")
        cur.execute("VACUUM " + TABLES)
        run("after VACUUM of " + TABLES)
        cur.execute("ANALYZE")
        run("after ANALYZE")
        cur.execute("VACUUM FULL " + TABLES)
        run("after VACUUM FULL of them")
    finally:
        cur.execute("DELETE FROM doctors WHERE id = %s", (d,))


if __name__ == "__main__":
    main()
