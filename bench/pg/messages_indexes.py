#!/usr/bin/python3
"""bench/pg/messages_indexes.py: the messages table's indexes, what each costs a recorded row and what each query
reading messages gets from it (issue 14, round 13). Prints figures, asserts nothing.

    messages_indexes.py fill      DATABASE_URL: a migrated, empty database; fills it as a busy installation
    messages_indexes.py explain   OLD_URL, NEW_URL: two copies of the filled database (CREATE DATABASE ... TEMPLATE),
                                  NEW_URL migrated with the new indexes: EXPLAIN (ANALYZE) of every query on messages
    messages_indexes.py cost      OLD_URL, NEW_URL (fresh copies): the router's and the sender's statements in batches
                                  of 64, alternating between the two, backend CPU and WAL a message

fill: DOCTORS (50) clinics of PATIENTS (400) patients each, MESSAGES (500,000) messages over the last 90 days in
time order (pairs: the patient's message and its answer 2-89 s later; answers kb, ai, fallback, flow, welcome,
manual; priced; an emergency flagged every 997 pairs; a patient's number changed for one in 50, whose older rows
keep the old number), then VACUUM ANALYZE as autovacuum would have by then.

explain: each query as the services send it (the text read from the C files, the dashboard's through the C
preprocessor; the values of a real clinic and patient), EXPLAIN (ANALYZE, BUFFERS) ROUNDS (5) times on each copy,
alternating, each in a transaction rolled back; prints the median execution time on each, whether the rows are the
same, and the indexes each plan reads where they differ. ONLY (env) keeps the queries whose name contains it.

cost: the statements of bench/pg/record_cost.py (read from services/router/store.c and services/sender/record.c):
per batch of 64 replies, the router's record of 64 inbound texts, its mark, the sender's INSERT of the 64 answers,
then a sent and a delivered status for each (PRICING=1, default: both carrying pricing, as Meta sends them, which the
router stores in a statement of its own after each; PRICING=0: none, as bench/mix_sat.py sends none). Batches alternate between the two databases (ROUNDS pairs, after WARMUP
pairs); the backend's CPU is read from /proc/<pid>/schedstat (nanoseconds on CPU) and the WAL from
pg_current_wal_lsn() around each batch."""
import datetime, json, os, re, statistics, subprocess, sys, time
import psycopg2

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")


def env_int(name, default):
    return int(os.environ.get(name, default))


def fill(cur):
    doctors, patients, messages = env_int("DOCTORS", 50), env_int("PATIENTS", 400), env_int("MESSAGES", 500000)
    cur.execute("INSERT INTO doctors (name, phone_number) SELECT 'Clinic ' || i, '9180' || lpad(i::text, 8, '0')"
                " FROM generate_series(1, %s) i", (doctors,))
    cur.execute("INSERT INTO patients (doctor_id, wa_id, profile_name, created_at)"
                " SELECT d.id, '9191' || lpad(i::text, 6, '0') || substr(d.phone_number, 9, 4), 'Patient ' || i,"
                " now() - interval '100 days' FROM doctors d, generate_series(1, %s) i", (patients,))
    pairs = messages // 2
    # pair n: clinic n % doctors, its patient (n / doctors) % patients, at a time spread over 90 days in n order
    cur.execute(
        "WITH d AS (SELECT row_number() OVER (ORDER BY id) - 1 AS k, id FROM doctors),"
        " p AS (SELECT doctor_id, row_number() OVER (PARTITION BY doctor_id ORDER BY wa_id) - 1 AS k, id, wa_id"
        " FROM patients),"
        " g AS (SELECT n, now() - make_interval(secs => (1 - n::float8 / %(pairs)s) * 90 * 86400) AS at,"
        " (ARRAY['what are your timings', 'is the doctor available today', 'do you treat diabetes',"
        " 'can I get a home visit', 'what is the fee', 'do you have parking', 'is there a lab test here',"
        " 'my child has a fever', 'book appointment', 'where is the clinic'])[1 + n %% 10] AS q"
        " FROM generate_series(1, %(pairs)s) n)"
        " INSERT INTO messages (doctor_id, patient_id, direction, wamid, out_id, reply_to, wa_id, type, body, source,"
        " status, created_at, sent_at, flag, flagged_at, pricing_category, pricing_type, pricing_billable)"
        " SELECT d.id, p.id, x.dir,"
        " CASE WHEN x.dir = 'in' THEN 'wamid.I' || g.n ELSE 'wamid.O' || g.n END,"
        " CASE WHEN x.dir = 'out' THEN 'o:' || g.n END,"
        " CASE WHEN x.dir = 'out' THEN 'wamid.I' || g.n END,"
        # one patient in 50 changed number: rows older than 45 days keep the old one
        " CASE WHEN p.k %% 50 = 7 AND g.at < now() - interval '45 days' THEN '9170' || substr(p.wa_id, 5)"
        " ELSE p.wa_id END, 'text',"
        " CASE WHEN x.dir = 'in' THEN g.q ELSE 'an answer to: ' || g.q END,"
        " CASE WHEN x.dir = 'out' THEN (ARRAY['kb', 'kb', 'kb', 'kb', 'ai', 'ai', 'fallback', 'flow', 'welcome',"
        " 'manual'])[1 + (g.n / %(doctors)s) %% 10] END,"
        " CASE WHEN x.dir = 'in' THEN 'routed' ELSE 'read' END,"
        " g.at + CASE WHEN x.dir = 'out' THEN make_interval(secs => 2 + g.n %% 88) ELSE interval '0' END,"
        " CASE WHEN x.dir = 'out' THEN g.at + make_interval(secs => 2 + g.n %% 88) END,"
        " CASE WHEN x.dir = 'in' AND g.n %% 997 = 0 THEN 'emergency:chest_pain' END,"
        " CASE WHEN x.dir = 'in' AND g.n %% 997 = 0 THEN g.at END,"
        " CASE WHEN x.dir = 'out' THEN (ARRAY['service', 'service', 'utility', 'marketing'])[1 + g.n %% 4] END,"
        " CASE WHEN x.dir = 'out' THEN (ARRAY['free_customer_service', 'free_customer_service', 'regular',"
        " 'regular'])[1 + g.n %% 4] END,"
        " CASE WHEN x.dir = 'out' THEN g.n %% 4 >= 2 END"
        " FROM g JOIN d ON d.k = g.n %% %(doctors)s JOIN p ON p.doctor_id = d.id AND p.k = (g.n / %(doctors)s) %% %(patients)s"
        " CROSS JOIN (VALUES ('in'), ('out')) x(dir) ORDER BY 12, x.dir",
        {"pairs": pairs, "doctors": doctors, "patients": patients})
    cur.execute("UPDATE patients SET last_inbound_at = now() - interval '1 hour'")
    cur.execute("VACUUM ANALYZE")


def c_sql(path, marker):
    """The text of the C string literal `sql[] =` (or `marker` itself if it names one) after `marker` in `path`."""
    src = open(os.path.join(ROOT, path)).read()
    body = src[src.index(marker):]
    start = body.index("[] =") if "[] =" not in marker else 0
    body = body[start:body.index(";", start)]
    # store.c's RANK(x) macro (the status statement): its expansion, as the compiler pastes it
    body = re.sub(r'RANK\("([^"]*)"\)', lambda m: '"(CASE ' + m.group(1) + " WHEN 'sent' THEN 1 WHEN 'delivered'"
                  " THEN 2 WHEN 'read' THEN 3 WHEN 'played' THEN 4 WHEN 'failed' THEN 5 ELSE 0 END)\"", body)
    return "".join(re.findall(r'"((?:[^"\\]|\\.)*)"', body))


def cost():
    stmts = {"record": c_sql("services/router/store.c", "int rt_store_record_batch"),
             "mark": c_sql("services/router/store.c", "int rt_store_mark_batch"),
             "send": c_sql("services/sender/record.c", "static int insert_many"),
             "status": c_sql("services/router/store.c", "int rt_store_status_batch")}
    stmts["pricing"] = c_sql("services/router/store.c", "pricing_sql[] =")
    pricing = os.environ.get("PRICING", "1") == "1"
    sides = []
    for name in ("OLD_URL", "NEW_URL"):
        con = psycopg2.connect(os.environ[name])
        con.autocommit = True
        cur = con.cursor()
        cur.execute("SELECT pg_backend_pid()")
        pid = cur.fetchone()[0]
        cur.execute("SELECT id FROM doctors ORDER BY id LIMIT 1")
        doc = cur.fetchone()[0]
        cur.execute("SELECT wa_id FROM patients WHERE doctor_id = %s ORDER BY wa_id", (doc,))
        was = [r[0] for r in cur.fetchall()]
        for k, sql in stmts.items():
            cur.execute(f"PREPARE {k} (text) AS {sql}")
        sides.append({"name": name, "cur": cur, "pid": pid, "doc": doc, "was": was, "cpu": {}, "wal": {}, "n": 0})

    def cpu_ns(pid):
        with open(f"/proc/{pid}/schedstat") as f:
            return int(f.read().split()[0])

    def run(side, stmt, rows, measure):
        cur = side["cur"]
        cur.execute("SELECT pg_current_wal_lsn()")
        l0 = cur.fetchone()[0]
        c0 = cpu_ns(side["pid"])
        cur.execute(f"EXECUTE {stmt} (%s)", (json.dumps(rows),))
        c1 = cpu_ns(side["pid"])
        cur.execute("SELECT pg_wal_lsn_diff(pg_current_wal_lsn(), %s)", (l0,))
        wal = float(cur.fetchone()[0])
        if measure:
            side["cpu"].setdefault(stmt, []).append(c1 - c0)
            side["wal"].setdefault(stmt, []).append(wal)

    def batch(side, b, measure):
        doc, was, per = side["doc"], side["was"], 64
        ins, marks, outs, sent, dlv = [], [], [], [], []
        for k in range(per):
            n = b * per + k
            wa = was[(n * 7) % len(was)]
            wamid = f"wamid.bench.{tag}.in.{n}"
            ins.append({"i": k, "d": doc, "w": wa, "n": "Patient", "id": wamid, "t": "text",
                        "b": f"what are the clinic timings on day {n % 37}", "p": {"body": "x"}, "c": None})
            marks.append({"d": doc, "id": wamid, "k": None, "s": "routed"})
            outs.append({"d": doc, "w": wa, "o": f"reply:{wamid}", "wm": f"wamid.bench.{tag}.out.{n}", "t": "text",
                         "b": "We are open 9 to 5, Monday to Saturday. " * 3, "p": {"type": "text"},
                         "r": wamid, "s": "kb", "st": "accepted"})
            pr = {"pricing": {"billable": False, "pricing_model": "PMP", "category": "service",
                              "type": "free_customer_service"}} if pricing else None
            sent.append({"i": k, "d": doc, "id": f"wamid.bench.{tag}.out.{n}", "s": "sent", "pr": pr})
            dlv.append({"i": k, "d": doc, "id": f"wamid.bench.{tag}.out.{n}", "s": "delivered", "pr": pr})
        run(side, "record", ins, measure)
        run(side, "mark", marks, measure)
        run(side, "send", outs, measure)
        for st in (sent, dlv):
            run(side, "status", st, measure)
            if pricing:
                run(side, "pricing", st, measure)
        side["n"] += per if measure else 0

    tag = "%x" % int(time.time())  # each run's messages are new ones (a repeated wamid is a retry: nothing written)
    warm, rounds = env_int("WARMUP", 20), env_int("ROUNDS", 200)
    for b in range(warm + rounds):
        order = sides if b % 2 == 0 else sides[::-1]
        for side in order:
            batch(side, b, b >= warm)
    old, new = sides
    print(f"{rounds} batches of 64 replies on each side, alternating; load average {os.getloadavg()[0]:.1f}")
    print(f"  {'statement':10s} {'old us/msg':>10s} {'new us/msg':>10s} {'ratio':>6s} {'old WAL B':>9s} {'new WAL B':>9s}")
    tot = [0, 0, 0, 0]
    for stmt in old["cpu"]:
        oc, nc = sum(old["cpu"][stmt]) / 1e3 / old["n"], sum(new["cpu"][stmt]) / 1e3 / new["n"]
        ow, nw = sum(old["wal"][stmt]) / old["n"], sum(new["wal"][stmt]) / new["n"]
        tot = [tot[0] + oc, tot[1] + nc, tot[2] + ow, tot[3] + nw]
        print(f"  {stmt:10s} {oc:10.1f} {nc:10.1f} {nc / oc:6.2f} {ow:9.0f} {nw:9.0f}")
    print(f"  {'total':10s} {tot[0]:10.1f} {tot[1]:10.1f} {tot[1] / tot[0]:6.2f} {tot[2]:9.0f} {tot[3]:9.0f}"
          "   (a reply: its inbound and outbound rows)")
    # the ratio batch by batch (pairs), for the spread
    ratios = []
    for b in range(rounds):
        o = sum(v[b] for v in old["cpu"].values())
        nn = sum(v[b] for v in new["cpu"].values())
        ratios.append(nn / o)
    q = statistics.quantiles(ratios, n=4)
    print(f"  batch ratio new/old: median {statistics.median(ratios):.2f}, quartiles {q[0]:.2f}-{q[2]:.2f};"
          f" load average now {os.getloadavg()[0]:.1f}")


LIT = re.compile(r'"((?:[^"\\]|\\.)*)"|(NULL)|([{},;])')


def preprocessed(path):
    """`path` after the C preprocessor (the macros that assemble the dashboard's statements expanded)."""
    flags = ["-DH2O_USE_LIBUV=0", "-D_GNU_SOURCE", "-I" + os.path.join(ROOT, "services/dashboard"),
             "-I" + os.path.join(ROOT, "shared/include"), "-isystem", "/usr/include/hiredis", "-isystem",
             "/usr/include/cjson", "-isystem", "/usr/include/postgresql"]
    return subprocess.run(["cc", "-E", "-P"] + flags + [os.path.join(ROOT, path)], check=True, capture_output=True,
                          text=True).stdout


def fields(src, anchor):
    """The string fields following `anchor` up to the closing brace or semicolon: adjacent literals joined, NULL as
    None (a report's {name, sql, partial, final}, or a single `x[] = "..." "...";`)."""
    out, cur, depth = [], None, 0
    for m in LIT.finditer(src, src.index(anchor) + len(anchor)):
        lit, null, punct = m.groups()
        if lit is not None:
            cur = (cur or "") + lit.encode().decode("unicode_escape")
        elif null:
            cur = None
        elif punct == "{":
            depth += 1
        elif punct == "," and depth == 0:
            out.append(cur)
            cur = None
        elif punct in "};" and depth == 0:
            out.append(cur)
            return out
        elif punct == "}":
            depth -= 1
    raise ValueError(anchor)


def queries(cur):
    """(name, sql, params) of every query reading messages, with the values of a real clinic and patient."""
    rep, inbox = preprocessed("services/dashboard/reports.c"), preprocessed("services/dashboard/inbox.c")
    hist = open(os.path.join(ROOT, "services/ai/history.c")).read()
    cur.execute("SELECT id FROM doctors ORDER BY id LIMIT 1")
    doc = cur.fetchone()[0]
    # a patient whose number changed (the history reads both numbers), and its newest inbound message
    cur.execute("SELECT p.id, p.wa_id, (SELECT wamid FROM messages m WHERE m.doctor_id = p.doctor_id AND"
                " m.patient_id = p.id AND m.direction = 'in' ORDER BY id DESC LIMIT 1) FROM patients p"
                " WHERE p.doctor_id = %s AND EXISTS (SELECT 1 FROM messages m WHERE m.doctor_id = p.doctor_id"
                " AND m.patient_id = p.id AND m.wa_id <> p.wa_id) ORDER BY p.wa_id LIMIT 1", (doc,))
    pid, wa, wamid = cur.fetchone()
    cur.execute("SELECT out_id FROM messages WHERE doctor_id = %s AND out_id IS NOT NULL ORDER BY id DESC"
                " LIMIT 20", (doc,))
    outs = [r[0] for r in cur.fetchall()]
    cur.execute("SELECT wamid FROM messages WHERE doctor_id = %s AND direction = 'out' ORDER BY id DESC LIMIT 20",
                (doc,))
    wamids = [r[0] for r in cur.fetchall()]
    q = []
    h1 = "".join(re.findall(r'"((?:[^"\\]|\\.)*)"', hist[hist.index("ai_history_load(wa_pg_t"):][:1200]
                             .split("sql[] =")[1].split(";")[0]))
    q.append(("ai history", h1, (doc, wa, wamid, "12")))
    head, tail = fields(inbox, "list_head[] =")[0], fields(inbox, "list_tail[] =")[0]
    search = fields(inbox, "list_search[] =")[0]
    unread = fields(inbox, '{"unread",')[0]
    q.append(("inbox list", head + tail, (doc, 0, 50)))
    q.append(("inbox list, unread", head + unread + tail, (doc, 0, 50)))
    q.append(("inbox search", head + search + ")" + tail, (doc, 0, 50, "%fever%")))
    q.append(("inbox conversation", fields(inbox, "messages_sql[] =")[0], (doc, str(pid), 0, 50, "bench")))
    emerg = fields(rep, '{"emergencies",')[0]
    clinics = emerg[:emerg.index(") SELECT") + 2]
    q.append(("report emergencies", emerg, (doc, "2000-01-01", "2100-01-01")))
    for name in ("messages", "sources", "unanswered", "first-answer", "staff-response", "cost"):
        part = fields(rep, '{"%s",' % name)[1]
        q.append((f"report {name}, 30 days", clinics + part, (doc, "-30", "0")))
        q.append((f"report {name}, 90 days, all clinics", clinics + part, (None, "-90", "0")))
    brc = open(os.path.join(ROOT, "services/sender/broadcast.c")).read()
    q.append(("broadcast settle", "".join(re.findall(r'"((?:[^"\\]|\\.)*)"',
                                                     brc[brc.index("settle_sql[] ="):].split(";")[0])), (0,)))
    live = open(os.path.join(ROOT, "services/dashboard/live.c")).read()
    seg = live[live.index('"dashboard events settle",'):]
    q.append(("live settle", "".join(re.findall(r'"((?:[^"\\]|\\.)*)"', seg[:seg.index("2, params")]))[
        len("dashboard events settle"):], (json.dumps(wamids), json.dumps(outs))))
    q.append(("live settle, as before (IN (SELECT ...))", re.sub(r"= ANY \(ARRAY\((SELECT [^)]*\))\)\)",
                                                                 r"IN (\1)", q[-1][1]), q[-1][2]))
    q.append(("wactl send status", "SELECT status FROM messages WHERE doctor_id = $1 AND out_id = $2",
              (doc, outs[0])))
    doctor = open(os.path.join(ROOT, "tools/wactl/doctor.c")).read()
    seg = doctor[doctor.index("\"(SELECT count(*) FROM patients p"):]
    q.append(("wactl doctor counts", "SELECT " + "".join(re.findall(r'"((?:[^"\\]|\\.)*)"', seg[:seg.index(
        "1, params")])), (doc,)))
    return q


def explain():
    """Each query ROUNDS times on OLD_URL and on NEW_URL (two copies of the filled database, the new one migrated),
    alternating, each in a transaction rolled back (the inbox's conversation marks it read)."""
    cons = {}
    for side, var in (("old", "OLD_URL"), ("new", "NEW_URL")):
        cons[side] = psycopg2.connect(os.environ[var])
    qs = queries(cons["old"].cursor())
    cons["old"].rollback()
    rounds = env_int("ROUNDS", 5)
    only = os.environ.get("ONLY")
    print(f"{'query':44s} {'old ms':>8s} {'new ms':>8s}  same rows  indexes read (old -> new, when they differ)")
    for name, sql, params in qs:
        if only and only not in name:
            continue
        # report periods are given as days from today
        args = [(datetime.date.today() + datetime.timedelta(days=int(a))).isoformat()
                if isinstance(a, str) and re.fullmatch(r"-?\d+", a) and name.startswith("report") else a
                for a in params]
        text, values = numbered(sql, args)
        times, rows, plans = {"old": [], "new": []}, {}, {}
        for r in range(rounds):
            for side in (("old", "new") if r % 2 == 0 else ("new", "old")):
                cur = cons[side].cursor()
                cur.execute("EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) " + text, values)
                plan = cur.fetchone()[0][0]
                times[side].append(plan["Execution Time"])
                plans[side] = shape(plan["Plan"])
                cur.execute(text, values)
                rows[side] = sorted(map(repr, cur.fetchall())) if cur.description else cur.rowcount
                cons[side].rollback()
        same = "yes" if rows["old"] == rows["new"] else "NO"
        changed = "" if plans["old"] == plans["new"] else plans["old"] + "  ->  " + plans["new"]
        print(f"{name:44s} {statistics.median(times['old']):8.2f} {statistics.median(times['new']):8.2f}"
              f"  {same:9s}  {changed}", flush=True)


def numbered(sql, args):
    """`sql` with $n placeholders and the values as psycopg2 wants them: each $n becomes %(pn)s."""
    text = re.sub(r"%", "%%", sql)
    text = re.sub(r"\$(\d+)", lambda m: "%(p" + m.group(1) + ")s", text)
    return text, {f"p{i + 1}": v for i, v in enumerate(args)}


def shape(plan):
    """The indexes a plan reads, in order (what a changed index set can change)."""
    out = []

    def walk(n):
        if "Index Name" in n:
            out.append(n["Node Type"].replace(" Scan", "") + ":" + n["Index Name"])
        for c in n.get("Plans", []):
            walk(c)
    walk(plan)
    return ",".join(out) or "no index"


def main():
    what = sys.argv[1] if len(sys.argv) > 1 else ""
    if what == "fill":
        con = psycopg2.connect(os.environ["DATABASE_URL"])
        con.autocommit = True
        t = time.time()
        fill(con.cursor())
        print(f"filled in {time.time() - t:.0f} s")
    elif what == "explain":
        explain()
    elif what == "cost":
        cost()
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main()
