#!/usr/bin/python3
"""Router benchmark (not a test): one wa-router against its own Redis and PostgreSQL.

    cmake -S . -B build-rel -DCMAKE_BUILD_TYPE=Release && cmake --build build-rel -j
    /usr/bin/python3 bench/router/bench.py --bin build-rel/bin [--messages 20000] [--rate 1000] [--seconds 10]
                                           [--per-webhook 1] [--skip-latency]

1. saturation: wa:in is pre-filled with --messages realistic webhooks (80 % patient texts, half of them knowledge-
   base questions, 10 % media, 10 % delivery statuses), then the router is started; prints messages per second
   from its start until everything is acknowledged. --per-webhook N puts N of them in one webhook (one change
   each), as Meta may batch them and as bench/e2e.py's answer cache warm-up does (30): a read of 64 entries then
   holds 64 x N messages, which the router runs in parts of about 256 (route.c, RUN_MAX_ITEMS).
2. latency: webhooks are added at --rate per second for --seconds; prints the percentiles of the time from the
   XADD to the message's routed_at (both clocks of this machine).
3. baseline: the same message rows written by a plain multi-row INSERT (100 rows a statement) into a copy of the
   messages table, in the same PostgreSQL: rows per second.
The stack lives in a temporary folder on free ports and is removed afterwards.
"""
import argparse
import json
import os
import random
import shutil
import socket
import subprocess
import tempfile
import time
import uuid

import psycopg2
import redis

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
DOCTOR_PHONE = "919845012345"
QUESTIONS = ["What are your timings?", "fees?", "where is the clinic", "Do you give vaccinations?",
             "how to book appointment"]
OTHER = ["My son has fever since yesterday night", "can I come at 5 pm today", "thank you doctor",
         "is the doctor available tomorrow morning", "my daughter has a rash on her arm"]


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def webhook(kind, i, out_wamids):
    wamid = f"wamid.BENCH{uuid.uuid4().hex}"
    patient = "9199" + str(10000000 + i % 5000)
    value = {"messaging_product": "whatsapp",
             "metadata": {"display_phone_number": DOCTOR_PHONE, "phone_number_id": "pn-bench"},
             "contacts": [{"profile": {"name": f"Patient {i % 5000}"}, "wa_id": patient}]}
    ts = str(int(time.time()))
    if kind == "status" and out_wamids:
        value.pop("contacts")
        value["statuses"] = [{"id": random.choice(out_wamids), "status": random.choice(["delivered", "read"]),
                              "timestamp": ts, "recipient_id": patient}]
        wamid = None
    elif kind == "media":
        value["messages"] = [{"from": patient, "id": wamid, "timestamp": ts, "type": "image",
                              "image": {"id": str(i), "mime_type": "image/jpeg", "sha256": "x="}}]
    else:
        text = random.choice(QUESTIONS if kind == "kb" else OTHER)
        value["messages"] = [{"from": patient, "id": wamid, "timestamp": ts, "type": "text", "text": {"body": text}}]
    body = {"object": "whatsapp_business_account",
            "entry": [{"id": "WABA-bench", "changes": [{"field": "messages", "value": value}]}]}
    return wamid, json.dumps(body)


def kinds(n):
    for i in range(n):
        r = random.random()
        yield i, ("status" if r < 0.1 else "media" if r < 0.2 else "kb" if r < 0.6 else "text")


def cpu_s(pids):
    """utime + stime of these processes, in seconds (those gone count nothing)."""
    t = 0
    for pid in pids:
        try:
            with open(f"/proc/{pid}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
            t += int(fields[11]) + int(fields[12])
        except (OSError, IndexError, ValueError):
            pass
    return t / os.sysconf("SC_CLK_TCK")


def pg_pids(datadir):
    """The PostgreSQL server's processes (the postmaster and its children) of this stack."""
    with open(os.path.join(datadir, "postmaster.pid")) as f:
        pm = int(f.readline())
    out = subprocess.run(["ps", "-o", "pid=", "--ppid", str(pm)], capture_output=True, text=True).stdout
    return [pm] + [int(x) for x in out.split()]


def wait_drained(r, total, timeout=600):
    t0 = time.time()
    while time.time() - t0 < timeout:
        groups = {g["name"]: g for g in r.xinfo_groups("wa:in")}
        g = groups.get("router")
        if g and g["pending"] == 0 and g.get("lag", 1) == 0 and g["entries-read"] >= total:
            return time.time()
        time.sleep(0.01)
    raise SystemExit("router did not drain wa:in in time")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--bin", default=os.path.join(ROOT, "build", "bin"))
    ap.add_argument("--messages", type=int, default=20000)
    ap.add_argument("--rate", type=int, default=1000)
    ap.add_argument("--seconds", type=int, default=10)
    ap.add_argument("--per-webhook", type=int, default=1)
    ap.add_argument("--skip-latency", action="store_true", help="only the saturation row (1.)")
    args = ap.parse_args()

    tmp = tempfile.mkdtemp(prefix="wa-bench-")
    os.chmod(tmp, 0o755)
    rport, pport, ops = free_port(), free_port(), free_port()
    env = dict(os.environ, REDIS_URL=f"redis://127.0.0.1:{rport}/0",
               DATABASE_URL=f"postgresql://wa:wa@127.0.0.1:{pport}/wa", OPS_PORT=str(ops), LOG_LEVEL="warn",
               WA_BLOCK_MS="100", WA_PG_FAST="1")
    env.pop("WA_REDIS_PREFIX", None)
    infra = os.path.join(ROOT, "deploy/local/infra.sh")
    router = None
    try:
        subprocess.run([infra, "start", os.path.join(tmp, "infra"), str(rport), str(pport)], env=env, check=True)
        subprocess.run([os.path.join(args.bin, "wactl"), "migrate", "--dir", os.path.join(ROOT, "deploy/migrations")],
                       env=env, check=True, capture_output=True)
        pg = psycopg2.connect(env["DATABASE_URL"])
        pg.autocommit = True
        cur = pg.cursor()
        cur.execute("INSERT INTO doctors (name, phone_number, clinic_name, whatsapp_phone_number_id) "
                    "VALUES ('Dr. Bench', %s, 'Bench Clinic', 'pn-bench') RETURNING id", ("+" + DOCTOR_PHONE,))
        doctor = cur.fetchone()[0]
        for q, a in [("What are your timings?", "10 to 6"), ("What is the consultation fee?", "Rs 500"),
                     ("Where is the clinic located?", "4 Lake View"), ("Do you give vaccinations?", "Yes"),
                     ("How do I book an appointment?", "Reply with a day")]:
            cur.execute("INSERT INTO kb_entries (doctor_id, question, answer) VALUES (%s, %s, %s)", (doctor, q, a))
        # outbound messages for the statuses to apply to
        out_wamids = [f"wamid.OUT{i}" for i in range(2000)]
        cur.execute("INSERT INTO messages (doctor_id, direction, wamid, out_id, wa_id, type, status) "
                    "SELECT %s, 'out', w, 'o:' || w, '919900000000', 'text', 'accepted' FROM unnest(%s::text[]) w",
                    (doctor, out_wamids))
        r = redis.Redis(port=rport, decode_responses=True)

        # 1. saturation
        pipe = r.pipeline(transaction=False)
        rows, changes, nentries = [], [], 0
        for i, kind in kinds(args.messages):
            wamid, body = webhook(kind, i, out_wamids)
            if wamid:
                rows.append(wamid)
            changes += json.loads(body)["entry"][0]["changes"]
            if len(changes) < args.per_webhook and i + 1 < args.messages:
                continue
            body = json.dumps({"object": "whatsapp_business_account",
                               "entry": [{"id": "WABA-bench", "changes": changes}]})
            changes = []
            pipe.xadd("wa:in", {"body": body, "received_at": str(int(time.time() * 1000)), "app": "bench"})
            nentries += 1
            if len(pipe) >= 1000:
                pipe.execute()
        pipe.execute()
        router = subprocess.Popen([os.path.join(args.bin, "wa-router")], env=env, stdout=subprocess.DEVNULL,
                                  stderr=subprocess.DEVNULL)
        t0 = time.time()
        datadir = os.path.join(tmp, "infra", "pg")
        pg0 = cpu_s(pg_pids(datadir))
        t1 = wait_drained(r, nentries)
        sat = args.messages / (t1 - t0)
        # CPU per message: steadier than the rate on a shared machine (the router's own, and its PostgreSQL's: every
        # server process of this stack, its connections' backends started after t0 included, those that ended left out)
        cpu_router, cpu_pg = cpu_s([router.pid]) * 1e6 / args.messages, (cpu_s(pg_pids(datadir)) - pg0) * 1e6 / args.messages
        if args.skip_latency:
            print(f"router saturation: {sat:,.0f} messages/s ({args.messages} pre-filled, {args.per_webhook} a "
                  f"webhook, batch {os.environ.get('WA_BATCH_SIZE', '64')}); CPU per message: router "
                  f"{cpu_router:.0f} us, PostgreSQL {cpu_pg:.0f} us; load average {os.getloadavg()[0]:.1f}")
            return

        # 2. latency at a fixed rate
        sent = {}
        start = time.time()
        total = nentries
        n = args.rate * args.seconds
        for k, (i, kind) in enumerate(kinds(n)):
            due = start + k / args.rate
            while time.time() < due:
                time.sleep(max(0, min(0.001, due - time.time())))
            wamid, body = webhook(kind if kind != "status" else "text", args.messages + i, out_wamids)
            sent[wamid] = time.time()
            r.xadd("wa:in", {"body": body, "received_at": str(int(sent[wamid] * 1000)), "app": "bench"})
        wait_drained(r, total + n)
        cur.execute("SELECT wamid, extract(epoch FROM routed_at) FROM messages WHERE wamid = ANY(%s)", (list(sent),))
        lat = sorted((float(t) - sent[w]) * 1000 for w, t in cur.fetchall() if t is not None)
        pct = {p: lat[min(len(lat) - 1, int(len(lat) * p / 100))] for p in (50, 90, 99, 99.9)} if lat else {}

        # 3. baseline: the same rows, plain multi-row INSERT
        cur.execute("CREATE TABLE bench_messages (LIKE messages INCLUDING DEFAULTS)")
        cur.execute("SELECT doctor_id, patient_id, direction, wamid || '.copy', wa_id, type, body, payload::text "
                    "FROM messages WHERE direction = 'in' LIMIT %s", (args.messages,))
        copy = cur.fetchall()
        b0 = time.time()
        for k in range(0, len(copy), 100):
            chunk = copy[k:k + 100]
            cur.execute("INSERT INTO bench_messages (doctor_id, patient_id, direction, wamid, wa_id, type, body, "
                        "payload) VALUES " + ",".join(["(%s,%s,%s,%s,%s,%s,%s,%s::jsonb)"] * len(chunk)),
                        [v for row in chunk for v in row])
        base = len(copy) / (time.time() - b0)

        print(f"router saturation: {sat:,.0f} messages/s ({args.messages} pre-filled, {args.per_webhook} a webhook, "
              f"batch {os.environ.get('WA_BATCH_SIZE', '64')})")
        print(f"latency at {args.rate}/s for {args.seconds} s ({len(lat)} messages): " +
              "  ".join(f"p{p} {v:.1f} ms" for p, v in pct.items()))
        print(f"baseline plain multi-row INSERT (100 rows/statement): {base:,.0f} rows/s")
    finally:
        if router is not None:
            router.terminate()
            router.wait(timeout=10)
        subprocess.run([infra, "stop", os.path.join(tmp, "infra"), str(rport)], env=env, check=False,
                       capture_output=True)
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
