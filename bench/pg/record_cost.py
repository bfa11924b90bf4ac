#!/usr/bin/python3
"""bench/pg/record_cost.py: what recording a reply costs PostgreSQL (issue 14, round 4).

Runs, against an empty database migrated with deploy/migrations (DATABASE_URL), the statements one reply costs:
the router's record, mark and status batches (their SQL read from services/router/store.c; one delivered status per
reply), the sender's multi-row INSERT of outbound rows (services/sender/record.c), in batches of 64 over many
patients, and prints per-reply statement time from pg_stat_statements (the server must preload it, track=all).
VARIANT (env, optional) is SQL run once before the load (e.g. a migration file to compare). COMPARE (env, optional)
is a git revision: its record, mark and status statements run too, on every other batch (interleaved with today's), and are
printed apart ("old"); round 5 compares its statements so (COMPARE=9e5fcc3), and the triggers with
VARIANT=bench/pg/triggers_row.sql against VARIANT=deploy/migrations/037_perf5.sql. PREFILL (env, 0): that many
batches first, then ANALYZE and the statements prepared again, so that the plans are those of a big analysed table.
TRIGGERS (env, "a.sql,b.sql"): two SQL files taking turns every 10 batches, timed per file (see main)."""
import json, os, re, subprocess, time, uuid
import psycopg2

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")

def c_sql(path, func, rev=None):
    if rev:
        src = subprocess.run(["git", "-C", ROOT, "show", f"{rev}:{path}"], check=True, capture_output=True,
                             text=True).stdout
    else:
        src = open(os.path.join(ROOT, path)).read()
    body = src[src.index(func):]
    body = body[body.index("sql[] ="):body.index(";", body.index("sql[] ="))]
    # store.c's RANK(x) macro (the status statement): its expansion, as the compiler pastes it
    body = re.sub(r'RANK\("([^"]*)"\)', lambda m: '"(CASE ' + m.group(1) + " WHEN 'sent' THEN 1 WHEN 'delivered'"
                  " THEN 2 WHEN 'read' THEN 3 WHEN 'played' THEN 4 WHEN 'failed' THEN 5 ELSE 0 END)\"", body)
    return "".join(re.findall(r'"((?:[^"\\]|\\.)*)"', body))

RECORD = c_sql("services/router/store.c", "int rt_store_record_batch")
MARK = c_sql("services/router/store.c", "int rt_store_mark_batch")
SEND = c_sql("services/sender/record.c", "static int insert_many")
STATUS = c_sql("services/router/store.c", "int rt_store_status_batch")  # the router's statuses (no pricing)

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
    compare = os.environ.get("COMPARE")
    stmts = [("record", RECORD), ("mark", MARK), ("send", SEND), ("status", STATUS)]
    if compare:
        old_record = c_sql("services/router/store.c", "int rt_store_record_batch", compare)
        old_mark = c_sql("services/router/store.c", "int rt_store_mark_batch", compare)
        old_status = c_sql("services/router/store.c", "int rt_store_status_batch", compare)
        # a comment in front keeps each text apart in pg_stat_statements even where old and new are the same
        stmts += [("record_old", "/* old */ " + old_record), ("mark_old", "/* old */ " + old_mark),
                  ("status_old", "/* old */ " + old_status)]
    def prepare():
        cur.execute("DEALLOCATE ALL")
        for name, sql in stmts:
            cur.execute(f"PREPARE {name} (text) AS {sql}")

    def batch(b, n, analyze_at):
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
            sts.append({"i": k, "d": doc, "id": f"wamid.out.{n}", "s": "delivered"})
        old = compare and b % 2 == 1
        for name, rows in (("record_old" if old else "record", ins), ("mark_old" if old else "mark", marks),
                           ("send", outs), ("status_old" if old else "status", sts)):
            t = time.perf_counter()
            cur.execute(f"EXECUTE {name} (%s)", (json.dumps(rows),))
            spent[(mode[0], name)] = spent.get((mode[0], name), 0.0) + time.perf_counter() - t
        if b == analyze_at:
            # the statistics autovacuum would have by now: without them the generic plan of the sender's patient
            # lookup ties (doctor_id, id) with (doctor_id, wa_id) at one row and may scan a doctor's patients per row
            cur.execute("ANALYZE patients; ANALYZE messages")
        return n

    prepare()
    n = 0
    spent, mode = {}, [""]  # client-side seconds per (TRIGGERS file, statement)
    # PREFILL (env, 0) batches first, then ANALYZE and the statements prepared again: the plans of a big, analysed
    # table (what a long-running router has) instead of those made while the table was small
    prefill = int(os.environ.get("PREFILL", "0"))
    for b in range(prefill):
        n = batch(b, n, 9)
    if prefill:
        cur.execute("ANALYZE patients; ANALYZE messages")
        prepare()
    cur.execute("SELECT pg_stat_statements_reset()")
    n0 = n
    t0 = time.time()
    # TRIGGERS (env, "a.sql,b.sql"): the two files take turns every 10 batches (each run as the owner before its
    # turn, e.g. bench/pg/triggers_row.sql and deploy/migrations/037_perf5.sql), and each statement's time is also
    # taken by the client per file: the triggers compared in one run
    triggers = [f for f in os.environ.get("TRIGGERS", "").split(",") if f]
    for b in range(batches):
        if triggers and b % 10 == 0:
            mode[0] = triggers[(b // 10) % len(triggers)]
            cur.execute(open(mode[0]).read())
        n = batch(b, n, -1 if prefill else 9)
    n -= n0
    wall = time.time() - t0
    cur.execute("SELECT query, calls, total_exec_time, wal_bytes, shared_blks_dirtied FROM pg_stat_statements"
                " WHERE (query LIKE 'PREPARE %' OR query LIKE 'WITH%' OR query LIKE 'INSERT INTO messages%'"
                " OR query LIKE 'UPDATE%' OR query LIKE 'INSERT INTO patients%') AND toplevel"
                " ORDER BY total_exec_time DESC")
    total = 0.0
    print(f"{n} replies, {wall:.1f} s wall" + (f"; statements of {compare} ('old') on every other batch" if compare
                                                else ""))
    for q, calls, ms, wal, dirt in cur.fetchall():
        if calls < batches // (2 if compare else 1):
            continue
        per = n // 2 if compare and re.match(r"PREPARE (record|mark|status)", q) else n  # replies it served
        total += ms
        print(f"  {ms * 1000 / per:7.1f} us/reply  {int(wal) / per:7.0f} WAL B/reply  {calls:5d} calls  {q[:70]!r}")
    if not compare:
        print(f"  {total * 1000 / n:7.1f} us/reply total (these statements)")
    time.sleep(1.5)
    cur.execute("SELECT pg_stat_clear_snapshot()")
    cur.execute("SELECT n_tup_upd, n_tup_hot_upd FROM pg_stat_user_tables WHERE relname = 'messages'")
    upd, hot = cur.fetchone()
    print(f"  messages updates {upd}, HOT {hot}")
    for f in triggers:
        print(f"  with {f}: " + ", ".join(f"{name} {sec * 1e6 / (n / len(triggers)):.1f}"
                                          for (m, name), sec in sorted(spent.items()) if m == f)
              + " us/reply (client-side, round trip included)")

main()
