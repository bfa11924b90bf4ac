#!/usr/bin/python3
"""bench/pg/body_index_cost.py: what the inbox's trigram index on messages.body costs a recorded row (issue 14).

    DATABASE_URL=postgresql://... bench/pg/body_index_cost.py      (a private database migrated with 073)

Compares 012's index on every row's body (`messages_body_trgm`, created here for the comparison) with 073's partial
index on what people wrote (`messages_body_trgm_people`: inbound rows and the staff's own, source manual or
business_app). Fills one clinic with MESSAGES (100,000) rows over 5,000 patients as the mix writes them (half
inbound patient texts, half outbound: automatic answers from tests/kb_eval/clinics.json's knowledge bases under
source kb, ai, flow, welcome or fallback, 1 in 20 a staff's manual reply), both indexes present, ANALYZE. Then
ROUNDS (25) rounds; in each, for each variant (the order alternating by round), one transaction that drops the
OTHER index, runs `EXPLAIN ANALYZE` of STATEMENTS (5) statements of 20 rows each, then of gin_clean_pending_list on
the index kept (the GIN's deferred part: its pending list, empty at the start, merged into the tree, which autovacuum
or the insert that fills the list does later), and rolls back; for three statements: the sender's multi-row INSERT
(services/sender/record.c) of automatic answers, the same of manual replies, and the router's record of inbound
texts (services/router/store.c). Prints per statement and variant the median per row of the statement's time (the
median statement of the transaction) and of the merge, their sum, and the two variants' ratio and difference. Leaves the database as 073 made it (the old index dropped again).
"""
import json
import os
import random
import re
import statistics
import uuid

import psycopg2

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")
OLD = "CREATE INDEX IF NOT EXISTS messages_body_trgm ON messages USING gin (body gin_trgm_ops)"
VARIANTS = {"012 all bodies": "messages_body_trgm_people", "073 people only": "messages_body_trgm"}  # name: dropped


def c_sql(path, func):
    """The SQL text of the `static const char sql[]` inside `func` of a C file, its string pieces joined."""
    src = open(os.path.join(ROOT, path)).read()
    body = src[src.index(func):]
    body = body[body.index("sql[] ="):body.index(";", body.index("sql[] ="))]
    return "".join(re.findall(r'"((?:[^"\\]|\\.)*)"', body))


SEND = c_sql("services/sender/record.c", "static int insert_many")
RECORD = c_sql("services/router/store.c", "int rt_store_record_batch")
PATIENT_TEXTS = ["my son has fever since yesterday", "what are your timings on sunday", "thank you doctor",
                 "can I come at 5 pm today", "is dr available tomorrow morning", "how much is the consultation fee",
                 "my daughter has a cough and cold", "I want to book an appointment", "where is the clinic",
                 "please call me back", "the medicine is finished, can I get a refill", "ok", "hello"]
MANUAL_TEXTS = ["Please come at 11, the doctor will see you first", "Your reports are ready, collect them today",
                "Sorry for the wait, the doctor is in surgery until 2", "Yes, bring the old prescription"]


def answers():
    docs = json.load(open(os.path.join(ROOT, "tests", "kb_eval", "clinics.json")))["doctors"]
    return [e["answer"] for d in docs.values() for e in d["entries"]]


def main():
    n_msgs, rounds = int(os.environ.get("MESSAGES", "100000")), int(os.environ.get("ROUNDS", "25"))
    global STATEMENTS
    STATEMENTS = int(os.environ.get("STATEMENTS", "5"))
    rnd = random.Random(16)
    auto = answers()
    con = psycopg2.connect(os.environ["DATABASE_URL"])
    con.autocommit = True
    cur = con.cursor()
    cur.execute("INSERT INTO doctors (name, phone_number) VALUES ('bench body index', %s) RETURNING id",
                (str(uuid.uuid4())[:12],))
    doc = cur.fetchone()[0]
    tag = uuid.uuid4().hex[:8]
    cur.execute("INSERT INTO patients (doctor_id, wa_id, profile_name) SELECT %s, '9198' || lpad(i::text, 8, '0'),"
                " 'Patient ' || i FROM generate_series(1, 5000) i", (doc,))
    # the fill: in the same shape the mix writes (an inbound text, then its automatic answer; a manual reply now
    # and then), in one statement per 10,000 rows
    cur.execute("CREATE TEMP TABLE fill (direction text, body text, source text)")
    rows = []
    for i in range(n_msgs):
        if i % 2 == 0:
            rows.append(("in", rnd.choice(PATIENT_TEXTS) + f" {i % 97}", None))
        elif i % 40 == 1:
            rows.append(("out", rnd.choice(MANUAL_TEXTS), "manual"))
        else:
            rows.append(("out", rnd.choice(auto), rnd.choice(["kb", "kb", "kb", "ai", "flow", "welcome", "fallback"])))
    for k in range(0, len(rows), 10000):
        args = ",".join(cur.mogrify("(%s,%s,%s)", r).decode() for r in rows[k:k + 10000])
        cur.execute("INSERT INTO fill VALUES " + args)
    cur.execute("INSERT INTO messages (doctor_id, patient_id, direction, wamid, out_id, wa_id, type, body, source,"
                " status) SELECT %s, p.id, f.direction, CASE WHEN f.direction = 'in' THEN 'wamid.bix.' || %s || '.' || f.n END,"
                " CASE WHEN f.direction = 'out' THEN 'reply:bix.' || %s || '.' || f.n END, p.wa_id, 'text', f.body, f.source,"
                " CASE WHEN f.direction = 'in' THEN 'routed' ELSE 'read' END"
                " FROM (SELECT *, row_number() OVER () AS n FROM fill) f"
                " JOIN (SELECT id, wa_id, row_number() OVER (ORDER BY wa_id) - 1 AS k FROM patients"
                " WHERE doctor_id = %s) p ON p.k = (f.n / 2) %% 5000 ORDER BY f.n", (doc, tag, tag, doc))
    cur.execute(OLD)
    cur.execute("REINDEX INDEX messages_body_trgm_people")  # both built as CREATE INDEX builds them
    cur.execute("VACUUM ANALYZE messages")
    cur.execute("ANALYZE patients")
    cur.execute("SELECT pg_relation_size('messages_body_trgm'), pg_relation_size('messages_body_trgm_people')")
    size_old, size_new = cur.fetchone()

    seq = [0]

    def batch(kind):
        out = []
        for k in range(20):
            seq[0] += 1
            wa = "9198%08d" % (1 + rnd.randrange(5000))
            if kind == "record inbound":
                out.append({"i": k, "d": doc, "w": wa, "n": "Patient", "id": f"wamid.bixr.{tag}.{seq[0]}", "t": "text",
                            "b": rnd.choice(PATIENT_TEXTS), "p": {"body": "x"}, "c": None})
            else:
                manual = kind == "send manual"
                out.append({"d": doc, "w": wa, "o": f"reply:bixs.{tag}.{seq[0]}", "wm": f"wamid.bixs.{tag}.{seq[0]}",
                            "t": "text", "b": rnd.choice(MANUAL_TEXTS if manual else auto), "p": {"type": "text"},
                            "r": None, "s": "manual" if manual else rnd.choice(["kb", "kb", "ai", "flow"]),
                            "st": "sent"})
        return json.dumps(out)

    stmts = {"send automatic": SEND, "send manual": SEND, "record inbound": RECORD}
    times = {(s, v): [] for s in stmts for v in VARIANTS}
    names = list(VARIANTS)
    for r in range(rounds):
        for v in (names if r % 2 == 0 else names[::-1]):
            kept = [x for x in ("messages_body_trgm", "messages_body_trgm_people") if x != VARIANTS[v]][0]
            for s, sql in stmts.items():
                cur.execute("BEGIN")
                cur.execute(f"DROP INDEX {VARIANTS[v]}")
                spent = []
                for _ in range(STATEMENTS):
                    cur.execute("EXPLAIN (ANALYZE, FORMAT JSON) " + sql.replace("$1", "%s"), (batch(s),))
                    spent.append(cur.fetchone()[0][0]["Execution Time"] * 1000.0)
                # the GIN's deferred part: its pending list merged into the tree (what autovacuum or the insert
                # that fills the list does later), here for exactly these rows (the list is empty at the start)
                cur.execute("EXPLAIN (ANALYZE, FORMAT JSON) SELECT gin_clean_pending_list(%s)", (kept,))
                merge = cur.fetchone()[0][0]["Execution Time"] * 1000.0
                times[(s, v)].append((statistics.median(spent) / 20, merge / (20 * STATEMENTS)))
                cur.execute("ROLLBACK")
    cur.execute("DROP INDEX messages_body_trgm")
    cur.execute("SELECT count(*) FILTER (WHERE direction = 'in' OR source IN ('manual', 'business_app')), count(*)"
                " FROM messages WHERE doctor_id = %s", (doc,))
    people, total = cur.fetchone()
    cur.execute("DELETE FROM doctors WHERE id = %s", (doc,))  # its patients and messages with it
    print(f"{total} messages ({people} inbound or staff-written); index size: all bodies {size_old / 1048576:.1f}"
          f" MiB, people only {size_new / 1048576:.1f} MiB; {rounds} rounds of 20-row statements, alternating")
    for s in stmts:
        fig = {}
        for v in names:
            ins = statistics.median(t[0] for t in times[(s, v)])
            mer = statistics.median(t[1] for t in times[(s, v)])
            fig[v] = (ins, mer, ins + mer)
        a, b = fig[names[0]], fig[names[1]]
        print(f"  {s:15s}: " + ", ".join(f"{v} {fig[v][0]:5.1f} + {fig[v][1]:4.1f} = {fig[v][2]:5.1f}" for v in names)
              + f" us a row (statement + merge; {b[2] / a[2]:.2f}x, {a[2] - b[2]:+.1f} us)")


main()
