#!/usr/bin/python3
"""bench/pg/lexicon_writes.py: the rows each kind of tenant write makes the lexicon's triggers write, and its backend
time, with 008's kb_vocab_refresh / kb_lexicon_changed (old) and 107's (new) (issue 14, performance round 18).

    DATABASE_URL=postgresql://... ROUNDS=3 bench/pg/lexicon_writes.py

A private database migrated to 107. Once (committed, so the database keeps them; use a scratch database): the doctors
of tests/kb_eval's clinics.json and kb.json (eval.py's loader) and, for the first one, a synonym and an intent example
of its own. Then ROUNDS rounds; in each, for each write kind and each version (the order alternating by round), one
transaction (rolled back): the version's two functions created (old: 008's text from the tree), the counters of
pg_stat_xact_user_tables read, the write run and timed (clock_timestamp in the backend), the counters read again;
for the new version the derived tables are then compared with a rebuild computed from their sources (EXCEPT ALL both
ways: kb_lexicon_words, kb_vocab, kb_concepts, kb_doctor_name_words), a difference failing the run. Prints per kind
and version the rows written (ins + upd + del, the kb_ tables; kb_lexicon_words apart) and the median time, with the
new/old time ratio."""
import os
import re
import statistics
import sys

import psycopg2

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")
sys.path.insert(0, os.path.join(ROOT, "tests", "kb_eval"))
import eval as kb_eval  # noqa: E402

ROUNDS = int(os.environ.get("ROUNDS", "3"))
MIGRATIONS = os.path.join(ROOT, "deploy", "migrations")


def functions(fname, names):
    """The CREATE [OR REPLACE] FUNCTION statements of the given names in a migration, as CREATE OR REPLACE."""
    text = open(os.path.join(MIGRATIONS, fname), encoding="utf-8").read()
    out = []
    for name in names:
        m = re.search(r"CREATE (?:OR REPLACE )?FUNCTION " + name + r"\(.*?\$\$.*?\$\$;", text, re.S)
        if not m:
            sys.exit(f"{name} not in {fname}")
        out.append(re.sub(r"^CREATE (OR REPLACE )?FUNCTION", "CREATE OR REPLACE FUNCTION", m.group(0)))
    return out


NAMES = ["kb_vocab_refresh", "kb_lexicon_changed"]
VERSIONS = {"old": functions("008_understanding.sql", NAMES), "new": functions("107_perf28.sql", NAMES)}

COUNTERS = """SELECT coalesce(sum(n_tup_ins + n_tup_upd + n_tup_del) FILTER (WHERE relname LIKE 'kb\\_%%'), 0),
                     coalesce(sum(n_tup_ins + n_tup_upd + n_tup_del) FILTER (WHERE relname = 'kb_lexicon_words'), 0),
                     coalesce(sum(n_tup_ins + n_tup_upd + n_tup_del) FILTER (WHERE relname = 'kb_vocab'), 0),
                     coalesce(sum(n_tup_ins + n_tup_upd + n_tup_del) FILTER (WHERE relname = 'kb_concepts'), 0),
                     coalesce(sum(n_tup_ins + n_tup_upd + n_tup_del)
                              FILTER (WHERE relname = 'kb_doctor_name_words'), 0)
              FROM pg_stat_xact_user_tables"""

# each derived table against a rebuild from its sources (076's, 008's and 086's queries); the rows that differ
REBUILT = {
    "kb_lexicon_words": """SELECT DISTINCT 's'::"char", doctor_id, term, canonical FROM kb_synonyms
                             WHERE term NOT LIKE '% %'
                           UNION ALL SELECT 'p'::"char", NULL, word, NULL FROM kb_stopwords
                           UNION ALL SELECT DISTINCT 'v'::"char", doctor_id, word, NULL::text FROM kb_vocab
                           UNION ALL SELECT 'w'::"char", NULL, word, NULL FROM kb_words""",
    "kb_vocab": """SELECT DISTINCT doctor_id, word, false FROM (
                       SELECT doctor_id, regexp_split_to_table(term, ' ') AS word FROM kb_synonyms
                       UNION ALL SELECT doctor_id, unnest(raw) FROM kb_intents) x
                   WHERE word <> '' AND NOT EXISTS (SELECT 1 FROM kb_stopwords sw WHERE sw.word = x.word)
                   UNION ALL SELECT NULL, word, true FROM kb_stopwords""",
    "kb_concepts": """SELECT DISTINCT kb_fold(w) FROM kb_synonyms, regexp_split_to_table(canonical, ' ') w
                      WHERE w <> ''""",
    "kb_doctor_name_words": "SELECT d.id, kb_name_words_of(d.id) FROM doctors d",
}
COLUMNS = {"kb_lexicon_words": "src, doctor_id, word, canonical", "kb_vocab": "doctor_id, word, stop",
           "kb_concepts": "word", "kb_doctor_name_words": "doctor_id, names"}


def differences(cur):
    out = {}
    for table, query in REBUILT.items():
        cur.execute(f"SELECT count(*) FROM ((SELECT {COLUMNS[table]} FROM {table} EXCEPT ALL ({query})) "
                    f"UNION ALL (({query}) EXCEPT ALL SELECT {COLUMNS[table]} FROM {table})) z")
        n = cur.fetchone()[0]
        if n:
            out[table] = n
    return out


def main():
    conn = psycopg2.connect(os.environ["DATABASE_URL"])
    cur = conn.cursor()
    cur.execute("SELECT count(*) FROM doctors")
    if cur.fetchone()[0] == 0:
        kb_eval.load_doctors(cur)
        conn.commit()
    cur.execute("SELECT id FROM doctors d WHERE EXISTS (SELECT 1 FROM kb_entries e WHERE e.doctor_id = d.id) "
                "ORDER BY id LIMIT 2")
    doc, other = [r[0] for r in cur.fetchall()]
    cur.execute("SELECT count(*) FROM kb_synonyms WHERE doctor_id = %s", (doc,))
    if cur.fetchone()[0] == 0:
        cur.execute("INSERT INTO kb_synonyms (doctor_id, term, canonical) VALUES (%s, 'zorvex', 'appointment')", (doc,))
        cur.execute("INSERT INTO kb_intents (doctor_id, intent, lang, example) "
                    "VALUES (%s, 'book', 'en', 'kindly fix a slot with the zorvex doc')", (doc,))
        conn.commit()
    cur.execute("SELECT id FROM kb_entries WHERE doctor_id = %s ORDER BY id LIMIT 1", (doc,))
    entry = cur.fetchone()[0]
    cur.execute("SELECT id FROM kb_synonyms WHERE doctor_id = %s ORDER BY id LIMIT 1", (doc,))
    syn = cur.fetchone()[0]
    cur.execute("SELECT id FROM kb_intents WHERE doctor_id = %s ORDER BY id LIMIT 1", (doc,))
    intent = cur.fetchone()[0]
    kinds = [
        ("delete a clinic", "DELETE FROM doctors WHERE id = %s", (doc,)),
        ("add a clinic", "INSERT INTO doctors (name, phone_number, clinic_name) VALUES ('Dr Qelmar Ostrin', "
                         "'+910000107107', 'Ostrin Skin Care')", ()),
        ("rename a clinic", "UPDATE doctors SET clinic_name = 'Velmora Dental Care' WHERE id = %s", (other,)),
        ("add a KB entry", "INSERT INTO kb_entries (doctor_id, question, examples, keywords, lang, answer) "
                           "VALUES (%s, 'Do you treat warts?', '{can you remove a wart}', '', 'en', 'Yes.')", (doc,)),
        ("edit a KB entry", "UPDATE kb_entries SET examples = examples || '{is there parking nearby}'::text[] "
                            "WHERE id = %s", (entry,)),
        ("delete a KB entry", "DELETE FROM kb_entries WHERE id = %s", (entry,)),
        ("add a clinic synonym", "INSERT INTO kb_synonyms (doctor_id, term, canonical) "
                                 "VALUES (%s, 'quembly', 'fee')", (doc,)),
        ("delete a clinic synonym", "DELETE FROM kb_synonyms WHERE id = %s", (syn,)),
        ("add an intent example", "INSERT INTO kb_intents (doctor_id, intent, lang, example) "
                                  "VALUES (%s, 'book', 'en', 'pencil me in for a drelvo visit')", (doc,)),
        ("delete an intent example", "DELETE FROM kb_intents WHERE id = %s", (intent,)),
    ]
    conn.commit()
    res = {}
    for rnd in range(ROUNDS):
        for name, sql, args in kinds:
            order = ["old", "new"] if rnd % 2 == 0 else ["new", "old"]
            for version in order:
                for stmt in VERSIONS[version]:
                    cur.execute(stmt)
                cur.execute(COUNTERS)
                before = cur.fetchone()
                cur.execute("SELECT clock_timestamp()")
                t0 = cur.fetchone()[0]
                cur.execute(sql, args)
                cur.execute("SELECT clock_timestamp()")
                t1 = cur.fetchone()[0]
                cur.execute(COUNTERS)
                after = cur.fetchone()
                rows = [int(a - b) for a, b in zip(after, before)]
                if version == "new":
                    diff = differences(cur)
                    if diff:
                        sys.exit(f"{name}: derived tables differ from a rebuild: {diff}")
                conn.rollback()
                res.setdefault((name, version), []).append(((t1 - t0).total_seconds() * 1000, rows))
    print(f"{'write':26} {'old rows kb_/lexw/vocab/conc/names':>36} {'new rows':>28} {'old ms':>8} {'new ms':>8} ratio")
    for name, _, _ in kinds:
        o, n = res[(name, "old")], res[(name, "new")]
        om = statistics.median(x[0] for x in o)
        nm = statistics.median(x[0] for x in n)
        print(f"{name:26} {'/'.join(map(str, o[-1][1])):>36} {'/'.join(map(str, n[-1][1])):>28} "
              f"{om:8.1f} {nm:8.1f} {nm / om:5.3f}")


if __name__ == "__main__":
    main()
