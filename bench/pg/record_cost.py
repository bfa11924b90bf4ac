#!/usr/bin/python3
"""bench/pg/record_cost.py: what recording a reply costs PostgreSQL (issue 14, round 4).

Runs, against an empty database migrated with deploy/migrations (DATABASE_URL), the statements one reply costs:
the router's record batch and mark batch (their SQL is read from services/router/store.c), the sender's multi-row
INSERT of outbound rows (services/sender/record.c) and a delivered/read status update, in batches of 64 over many
patients, and prints per-reply statement time from pg_stat_statements (the server must preload it, track=all).
VARIANT (env, optional) is SQL run once before the load (e.g. a migration file to compare)."""
import json, os, re, sys, time, uuid
import psycopg2

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")

def c_sql(path, func):
    src = open(os.path.join(ROOT, path)).read()
    body = src[src.index(func):]
    body = body[body.index("sql[] ="):body.index(";", body.index("sql[] ="))]
    return "".join(re.findall(r'"((?:[^"\\]|\\.)*)"', body))

RECORD = c_sql("services/router/store.c", "int rt_store_record_batch")
MARK = c_sql("services/router/store.c", "int rt_store_mark_batch")
SEND = c_sql("services/sender/record.c", "static int insert_many")
STATUS = ("WITH x AS (SELECT * FROM jsonb_to_recordset($1::jsonb) AS x(d uuid, id text, s text))"
          " UPDATE messages m SET status = x.s, status_at = now() FROM x WHERE m.wamid = x.id AND m.doctor_id = x.d"
          " AND m.direction = 'out'")

def main():
    batches = int(os.environ.get("BATCHES", "150"))
    per = 64
    con = psycopg2.connect(os.environ["DATABASE_URL"])
    con.autocommit = True
    cur = con.cursor()
    if os.environ.get("VARIANT"):
        cur.execute(open(os.environ["VARIANT"]).read())
    cur.execute("INSERT INTO doctors (name, phone_number) VALUES ('bench', %s) RETURNING id", (str(uuid.uuid4())[:12],))
    doc = cur.fetchone()[0]
    for name, sql in (("record", RECORD), ("mark", MARK), ("send", SEND), ("status", STATUS)):
        cur.execute(f"PREPARE {name} (text) AS {sql}")
    cur.execute("SELECT pg_stat_statements_reset()")
    n = 0
    t0 = time.time()
    for b in range(batches):
        ins, marks, outs, sts = [], [], [], []
        for k in range(per):
            n += 1
            wa = "91%010d" % (n % 5000)
            wamid = f"wamid.in.{n}"
            ins.append({"i": k, "d": doc, "w": wa, "n": "Patient", "id": wamid, "t": "text",
                        "b": f"what are the clinic timings on day {n % 37}", "p": {"body": "x"}, "c": None})
            marks.append({"d": doc, "id": wamid, "k": None, "s": "routed"})
            outs.append({"d": doc, "w": wa, "o": f"kb:{wamid}", "wm": f"wamid.out.{n}", "t": "text",
                         "b": "We are open 9 to 5, Monday to Saturday. " * 3, "p": {"type": "text"},
                         "r": wamid, "s": "kb", "st": "sent"})
            sts.append({"d": doc, "id": f"wamid.out.{n}", "s": "delivered"})
        for name, rows in (("record", ins), ("mark", marks), ("send", outs), ("status", sts)):
            cur.execute(f"EXECUTE {name} (%s)", (json.dumps(rows),))
        if b == 9:
            # the statistics autovacuum would have by now: without them the generic plan of the sender's patient
            # lookup ties (doctor_id, id) with (doctor_id, wa_id) at one row and may scan a doctor's patients per row
            cur.execute("ANALYZE patients; ANALYZE messages")
    wall = time.time() - t0
    cur.execute("SELECT query, calls, total_exec_time, wal_bytes, shared_blks_dirtied FROM pg_stat_statements"
                " WHERE query LIKE 'PREPARE %' OR query LIKE 'WITH%' OR query LIKE 'INSERT INTO messages%'"
                " OR query LIKE 'UPDATE%' OR query LIKE 'INSERT INTO patients%' ORDER BY total_exec_time DESC")
    total = 0.0
    print(f"{n} replies, {wall:.1f} s wall")
    for q, calls, ms, wal, dirt in cur.fetchall():
        if calls < batches:
            continue
        total += ms
        print(f"  {ms * 1000 / n:7.1f} us/reply  {int(wal) / n:7.0f} WAL B/reply  {q[:70]!r}")
    print(f"  {total * 1000 / n:7.1f} us/reply total (these statements)")
    time.sleep(1.5)
    cur.execute("SELECT pg_stat_clear_snapshot()")
    cur.execute("SELECT n_tup_upd, n_tup_hot_upd FROM pg_stat_user_tables WHERE relname = 'messages'")
    upd, hot = cur.fetchone()
    print(f"  messages updates {upd}, HOT {hot}")

main()
