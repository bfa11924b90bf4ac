#!/usr/bin/python3
"""bench/pg/table_settings_ab.py: what a table setting (fillfactor) changes in the cost of recording a reply (issue 14,
round 7).

Usage: bench/pg/table_settings_ab.py NAME=SQL_FILE|- [NAME=SQL_FILE|- ...]

Needs a private PostgreSQL whose superuser "postgres" logs in without a password (deploy/local/infra.sh's), with a
database AB_TEMPLATE (default "wa") migrated with deploy/migrations and holding no messages (it is copied, so nothing
may be connected to it), on 127.0.0.1:AB_PORT (5546). Each variant gets a database of its own copied from the
template (ab_NAME, dropped first), its SQL file run in it (e.g. "ALTER TABLE messages SET (fillfactor = 100);" to
compare with the migrated setting; "-" runs nothing), and one connection that prepares the statements of
bench/pg/record_cost.py (read from services/router/store.c and services/sender/record.c): the router's record and mark
batches, the sender's multi-row INSERT, a delivered status per reply. Then AB_BATCHES (400) batches of 64 replies over
5,000 patients: each batch runs in every variant's database in turn (the order reversed every other batch), so that
the machine's load falls on all alike. Prints, per variant, its backend's CPU (/proc, utime + stime) per reply for
record + mark (the router's two statements of a repeated reply), the record alone, and the sender's INSERT + the status,
with the ratio to the first variant; and each table's updates, HOT updates and pages. The machine is shared: read the
ratios of one run, not the absolutes."""
import json
import os
import sys
import types

import psycopg2

HERE = os.path.dirname(os.path.abspath(__file__))


def record_cost_statements():
    """record_cost.py's statement texts (it runs its benchmark when imported: only its definitions are taken)."""
    path = os.path.join(HERE, "record_cost.py")
    src = open(path).read()
    src = src[:src.rindex("main()")]
    mod = types.ModuleType("record_cost")
    mod.__dict__["__file__"] = path
    exec(compile(src, path, "exec"), mod.__dict__)
    return [("record", mod.RECORD), ("mark", mod.MARK), ("send", mod.SEND), ("status", mod.STATUS)]


def cpu_ticks(pid):
    f = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
    return int(f[11]) + int(f[12])


def main():
    if len(sys.argv) < 2:
        raise SystemExit(__doc__)
    port = int(os.environ.get("AB_PORT", "5546"))
    template = os.environ.get("AB_TEMPLATE", "wa")
    batches, per = int(os.environ.get("AB_BATCHES", "400")), 64
    stmts = record_cost_statements()
    sup = psycopg2.connect(host="127.0.0.1", port=port, user="postgres", dbname="postgres")
    sup.autocommit = True
    variants = []
    for arg in sys.argv[1:]:
        name, sqlf = arg.split("=", 1)
        with sup.cursor() as c:
            c.execute(f"DROP DATABASE IF EXISTS ab_{name}")
            c.execute(f"CREATE DATABASE ab_{name} TEMPLATE {template}")
        con = psycopg2.connect(host="127.0.0.1", port=port, user="postgres", dbname=f"ab_{name}")
        con.autocommit = True
        cur = con.cursor()
        if sqlf != "-":
            cur.execute(open(sqlf).read())
        cur.execute("INSERT INTO doctors (name, phone_number) VALUES ('bench', %s) RETURNING id", (f"ab-{name}",))
        doc = cur.fetchone()[0]
        for sname, sql in stmts:
            cur.execute(f"PREPARE {sname} (text) AS {sql}")
        cur.execute("SELECT pg_backend_pid()")
        variants.append({"name": name, "cur": cur, "doc": doc, "pid": cur.fetchone()[0], "rm": 0, "rec": 0, "ss": 0})
    tick = os.sysconf("SC_CLK_TCK")
    load0, n = os.getloadavg()[0], 0
    for b in range(batches):
        rows = []
        for k in range(per):
            n += 1
            rows.append((k, "91%010d" % (n % 5000), f"wamid.in.{n}", n))
        for v in variants if b % 2 == 0 else variants[::-1]:
            d = v["doc"]
            ins = [{"i": k, "d": d, "w": wa, "n": "Patient", "id": wm, "t": "text",
                    "b": f"what are the clinic timings on day {x % 37}", "p": {"body": "x"}, "c": None}
                   for k, wa, wm, x in rows]
            marks = [{"d": d, "id": wm, "k": None, "s": "routed"} for k, wa, wm, x in rows]
            outs = [{"d": d, "w": wa, "o": f"kb:{wm}", "wm": f"wamid.out.{x}", "t": "text",
                     "b": "We are open 9 to 5, Monday to Saturday. " * 3, "p": {"type": "text"}, "r": wm, "s": "kb",
                     "st": "sent"} for k, wa, wm, x in rows]
            sts = [{"i": k, "d": d, "id": f"wamid.out.{x}", "s": "delivered"} for k, wa, wm, x in rows]
            c0 = cpu_ticks(v["pid"])
            v["cur"].execute("EXECUTE record (%s)", (json.dumps(ins),))
            c1 = cpu_ticks(v["pid"])
            v["cur"].execute("EXECUTE mark (%s)", (json.dumps(marks),))
            c2 = cpu_ticks(v["pid"])
            v["cur"].execute("EXECUTE send (%s)", (json.dumps(outs),))
            v["cur"].execute("EXECUTE status (%s)", (json.dumps(sts),))
            v["rec"] += c1 - c0
            v["rm"] += c2 - c0
            v["ss"] += cpu_ticks(v["pid"]) - c2
            if b == 9:  # the statistics autovacuum would have by then (record_cost.py does the same)
                v["cur"].execute("ANALYZE patients; ANALYZE messages")
    print(f"{batches} batches of {per} replies, variants interleaved; load average {load0:.1f} -> "
          f"{os.getloadavg()[0]:.1f}")
    base = None
    for v in variants:
        us = lambda t: t * 1e6 / tick / n  # noqa: E731
        base = base or us(v["rm"])
        v["cur"].execute("SELECT relname, n_tup_upd, n_tup_hot_upd, pg_relation_size(relid) / 8192"
                         " FROM pg_stat_user_tables WHERE relname IN ('messages', 'patients') ORDER BY 1")
        tables = "; ".join(f"{r[0]} {r[1]} updates, {r[2]} HOT, {r[3]} pages" for r in v["cur"].fetchall())
        print(f"  {v['name']:12s} record + mark {us(v['rm']):6.1f} us/reply (x{us(v['rm']) / base:.2f}), record "
              f"{us(v['rec']):5.1f}; send + status {us(v['ss']):6.1f}; {tables}")


if __name__ == "__main__":
    main()
