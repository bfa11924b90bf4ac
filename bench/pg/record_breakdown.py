#!/usr/bin/python3
"""bench/pg/record_breakdown.py: what inside the router's record and mark batches costs (issue 14, round 21).

Usage: DATABASE_URL=... bench/pg/record_breakdown.py [BATCHES (90)]

Against a migrated database (deploy/local/infra.sh and `wactl migrate`; the tables' owner, e.g. wa), with 10 doctors
named "bench breakdown N" and 20 KB entries each (made when missing), runs the router's two batch statements (their
SQL read from services/router/store.c, prepared as the router prepares them) on batches of 77 messages over PATIENTS
(20,000) numbers, each under EXPLAIN (ANALYZE, FORMAT JSON), the mark with an answered entry a message (its hits
UPDATE), and prints, over the batches after the first third, us a reply for: each statement's execution, its
modifying nodes (Insert patients / messages, Update messages / kb_entries), the look-ups by wamid (CTE old, CTE t),
the KB version (CTE ver) and every trigger (the foreign keys' RI_ConstraintTrigger_c_<oid>: pg_trigger names them).
Node times include EXPLAIN's instrumentation and, on a busy machine, waiting for a core: read the shares.
Run it again after replacing a function (e.g. bench/pg/specialty_trigger_070.sql, then a migration) to compare."""
import collections
import json
import os
import random
import re
import sys
import uuid

import psycopg2

HERE = os.path.dirname(os.path.abspath(__file__))
src = open(os.path.join(HERE, "..", "..", "services", "router", "store.c")).read()
def c_sql(func):
    body = src[src.index(func):]
    body = body[body.index("sql[] ="):body.index(";", body.index("sql[] ="))]
    return "".join(re.findall(r'"((?:[^"\\]|\\.)*)"', body))
RECORD = c_sql("int rt_store_record_batch"); MARK = c_sql("int rt_store_mark_batch")
con = psycopg2.connect(os.environ["DATABASE_URL"]); con.autocommit = True
cur = con.cursor()
for i in range(10):
    cur.execute("INSERT INTO doctors (name, phone_number) SELECT %s, %s WHERE NOT EXISTS"
                " (SELECT 1 FROM doctors WHERE name = %s)", (f"bench breakdown {i}", f"9198700000{i:02d}",
                                                             f"bench breakdown {i}"))
cur.execute("INSERT INTO kb_entries (doctor_id, question, answer) SELECT d.id, 'question number ' || g || ' about timings',"
            " 'answer ' || g FROM doctors d, generate_series(1, 20) g WHERE d.name LIKE 'bench breakdown %'"
            " AND NOT EXISTS (SELECT 1 FROM kb_entries e WHERE e.doctor_id = d.id)")
cur.execute("SELECT id::text FROM doctors WHERE name LIKE 'bench breakdown %' ORDER BY name")
docs = [r[0] for r in cur.fetchall()]
cur.execute("SELECT doctor_id::text, array_agg(id) FROM kb_entries WHERE doctor_id = ANY(%s::uuid[]) GROUP BY 1", (docs,))
kb = dict(cur.fetchall())
cur.execute("PREPARE rec(jsonb) AS " + RECORD.replace("$1::jsonb", "$1"))
cur.execute("PREPARE mark(jsonb) AS " + MARK.replace("$1::jsonb", "$1"))
texts = ["What are your timings?", "Do you accept insurance", "clinic address please", "fees for consultation",
         "is the doctor available on sunday", "how to book appointment", "where is the clinic", "do you do home visits"]
rnd = random.Random(5)
def batch(n=77):
    rows = []
    for i in range(n):
        d = rnd.choice(docs); w = "91%010d" % rnd.randrange(int(os.environ.get("PATIENTS", "20000")))
        rows.append({"i": i, "d": d, "w": w, "n": "Pat " + w[-4:], "id": "wamid.breakdown." + uuid.uuid4().hex,
                     "t": "text", "b": rnd.choice(texts), "p": None, "c": None})
    return rows
acc = collections.defaultdict(float); cnt = 0
def walk(node, out, cte=None):
    name = node.get("Subplan Name") or ""
    if node["Node Type"] == "ModifyTable":
        out[f"{node['Operation']} {node['Relation Name']}"] += node["Actual Total Time"]
    if name == "CTE old" or name == "CTE t":
        out[name + " (look-up by wamid)"] += node["Actual Total Time"]
    if name == "CTE ver":
        out["CTE ver (KB version)"] += node["Actual Total Time"]
    for ch in node.get("Plans", []):
        walk(ch, out)
N = int(sys.argv[1]) if len(sys.argv) > 1 else 60
for k in range(N):
    b = batch()
    cur.execute("EXPLAIN (ANALYZE, FORMAT JSON) EXECUTE rec(%s)", (json.dumps(b),))
    p = cur.fetchone()[0][0]
    out = collections.defaultdict(float)
    walk(p["Plan"], out)
    for t in p.get("Triggers", []):
        out["record trigger " + t["Trigger Name"]] += t["Time"]
    out["record total (execution)"] += p["Execution Time"]
    m = [{"d": r["d"], "id": r["id"], "k": rnd.choice(kb[r["d"]]), "s": "answered"} for r in b]
    cur.execute("EXPLAIN (ANALYZE, FORMAT JSON) EXECUTE mark(%s)", (json.dumps(m),))
    p = cur.fetchone()[0][0]
    o2 = collections.defaultdict(float)
    walk(p["Plan"], o2)
    for kk, v in o2.items():
        out["mark " + kk] += v
    for t in p.get("Triggers", []):
        out["mark trigger " + t["Trigger Name"]] += t["Time"]
    out["mark total (execution)"] += p["Execution Time"]
    if k >= N // 3:  # the first third warms the caches
        for kk, v in out.items():
            acc[kk] += v
        cnt += 1
print(f"{cnt} batches of 77 (after {N - cnt} warm-up), us a reply (EXPLAIN ANALYZE node times; nested nodes are inside their parents), load {os.getloadavg()[0]:.1f}")
for kk, v in sorted(acc.items(), key=lambda x: -x[1]):
    print(f"  {v * 1000 / cnt / 77:8.1f}  {kk}")
