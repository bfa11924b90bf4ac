#!/usr/bin/python3
"""Sender benchmark (not a test): one wa-sender against wa-mock's Graph API answering every send after 50 ms.

    cmake -S . -B build-rel -DCMAKE_BUILD_TYPE=Release && cmake --build build-rel -j
    /usr/bin/python3 bench/sender/bench.py --bin build-rel/bin [--messages 5000] [--rate 500] [--seconds 10] [--delay-ms 50]

1. saturation: wa:out is pre-filled with --messages text messages of one doctor to distinct patients (the master
   number, its rate limit raised out of the way), then the sender is started; prints sends per second from its
   start until every message is recorded, and the number of Graph requests in flight: the sender's gauges
   wa_sender_inflight (sampled every 50 ms while the run lasts: mean and max) and wa_sender_inflight_peak, next to
   Little's law (sends/s x the Graph round trip). SENDER_MAX_INFLIGHT=64 (= SENDER_GROUP_MAX) in the environment
   measures one group at a time, the shape of the batch loop (SENDER_LOOP=batch) that was removed.
2. latency: messages are added at --rate per second for --seconds; prints the percentiles of the delay the sender
   adds: messages.sent_at - time of the XADD - the mock's 50 ms (same machine, same clock).
The sender's RSS (VmRSS) is printed: its peak during the saturation run and after the latency run.
The stack lives in a temporary folder on free ports and is removed afterwards. Extra environment for the sender
(WA_BATCH_SIZE ...) is passed through.
"""
import argparse
import json
import os
import shutil
import socket
import subprocess
import tempfile
import time
import urllib.request

import psycopg2
import redis

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
DELAY_MS = 50


def rss_mib(pid):
    """VmRSS of a process in MiB (0 when it is gone)."""
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait(pred, timeout, what):
    deadline = time.time() + timeout
    while not pred():
        if time.time() > deadline:
            raise SystemExit(f"timed out waiting for {what}")
        time.sleep(0.01)


def ok(url):
    try:
        with urllib.request.urlopen(url, timeout=2) as r:
            return r.status == 200
    except OSError:
        return False


def entry(doctor, i, tag):
    return {"out_id": f"bench:{tag}:{i}", "doctor_id": doctor, "to": "9197" + str(10000000 + i), "kind": "text",
            "message": json.dumps({"type": "text", "text": {"body": "Your report is ready."}}), "reply_to": "",
            "source": "bench", "created_at": str(int(time.time() * 1000)), "attempt": "0"}


def gauge(ops, name):
    """The value of an unlabelled series on the sender's /metrics, or None."""
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{ops}/metrics", timeout=2) as m:
            for line in m.read().decode().splitlines():
                if line.startswith(name + " "):
                    return float(line.split()[1])
    except OSError:
        pass
    return None


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--bin", default=os.path.join(ROOT, "build", "bin"))
    ap.add_argument("--messages", type=int, default=5000)
    ap.add_argument("--rate", type=int, default=500)
    ap.add_argument("--seconds", type=int, default=10)
    ap.add_argument("--delay-ms", type=int, default=50, help="the mock Graph API's answer delay")
    args = ap.parse_args()
    global DELAY_MS
    DELAY_MS = args.delay_ms

    tmp = tempfile.mkdtemp(prefix="wa-bench-sender-")
    os.chmod(tmp, 0o755)
    rport, pport, mport, ops = free_port(), free_port(), free_port(), free_port()
    env = dict(os.environ, REDIS_URL=f"redis://127.0.0.1:{rport}/0",
               DATABASE_URL=f"postgresql://wa:wa@127.0.0.1:{pport}/wa", OPS_PORT=str(ops), LOG_LEVEL="warn",
               WA_BLOCK_MS="100", WA_PG_FAST="1", WHATSAPP_TOKEN="bench-token", PHONE_NUMBER_ID="100200300",
               WHATSAPP_GRAPH_URL=f"http://127.0.0.1:{mport}/v23.0", SENDER_RATE_PER_S="100000")
    for k in ("WA_REDIS_PREFIX", "CREDENTIALS_KEY"):
        env.pop(k, None)
    infra = os.path.join(ROOT, "deploy/local/infra.sh")
    procs = []
    try:
        subprocess.run([infra, "start", os.path.join(tmp, "infra"), str(rport), str(pport)], env=env, check=True)
        subprocess.run([os.path.join(args.bin, "wactl"), "migrate", "--dir", os.path.join(ROOT, "deploy/migrations")],
                       env=env, check=True, capture_output=True)
        pg = psycopg2.connect(env["DATABASE_URL"])
        pg.autocommit = True
        cur = pg.cursor()
        cur.execute("INSERT INTO doctors (name, phone_number, clinic_name) VALUES ('Dr. Bench', '+919845099999', "
                    "'Bench Clinic') RETURNING id")
        doctor = str(cur.fetchone()[0])
        r = redis.Redis(port=rport, decode_responses=True)

        procs.append(subprocess.Popen([os.path.join(args.bin, "wa-mock"), "--port", str(mport)], env=env,
                                      stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
        wait(lambda: ok(f"http://127.0.0.1:{mport}/_mock/health"), 10, "wa-mock")
        req = urllib.request.Request(f"http://127.0.0.1:{mport}/_mock/config", method="POST",
                                     data=json.dumps({"api": "graph", "delay_ms": DELAY_MS}).encode(),
                                     headers={"Content-Type": "application/json"})
        urllib.request.urlopen(req, timeout=5).read()

        # 1. saturation
        pipe = r.pipeline(transaction=False)
        for i in range(args.messages):
            pipe.xadd("wa:out", entry(doctor, i, "sat"))
            if len(pipe) >= 1000:
                pipe.execute()
        pipe.execute()

        def sent(tag):
            cur.execute("SELECT count(*) FROM messages WHERE out_id LIKE %s", (f"bench:{tag}:%",))
            return cur.fetchone()[0]

        t0 = time.time()
        procs.append(subprocess.Popen([os.path.join(args.bin, "wa-sender")], env=env, stdout=subprocess.DEVNULL,
                                      stderr=subprocess.DEVNULL))
        samples = []
        deadline = t0 + 600
        rss_peak = 0.0
        while sent("sat") < args.messages:
            if time.time() > deadline:
                raise SystemExit("timed out waiting for the saturation run")
            rss_peak = max(rss_peak, rss_mib(procs[-1].pid))
            v = gauge(ops, "wa_sender_inflight")
            if v is not None and v > 0:
                samples.append(v)
            time.sleep(0.05)
        t1 = time.time()
        rate = args.messages / (t1 - t0)
        mode = f"SENDER_MAX_INFLIGHT={env.get('SENDER_MAX_INFLIGHT', '256')}"
        print(f"saturation ({mode}): {args.messages} sends in {t1 - t0:.2f} s = {rate:.0f} sends/s "
              f"(includes the sender's start-up)")
        print(f"  in flight at saturation: ~{rate * DELAY_MS / 1000:.0f} Graph requests on average "
              f"(Little's law, {DELAY_MS} ms round trip)")
        peak = gauge(ops, "wa_sender_inflight_peak")
        if samples:
            print(f"  wa_sender_inflight sampled every 50 ms: mean {sum(samples) / len(samples):.0f}, "
                  f"max {max(samples):.0f}; wa_sender_inflight_peak {peak:.0f} "
                  f"(SENDER_MAX_INFLIGHT={env.get('SENDER_MAX_INFLIGHT', '256')})")
        print(f"  wa-sender RSS at saturation (VmRSS every 50 ms): peak {rss_peak:.1f} MiB")

        # 2. added delay at a fixed rate
        added = {}
        n = args.rate * args.seconds
        start = time.time()
        for i in range(n):
            due = start + i / args.rate
            now = time.time()
            if due > now:
                time.sleep(due - now)
            added[f"bench:lat:{i}"] = time.time()
            r.xadd("wa:out", entry(doctor, i, "lat"))
        wait(lambda: sent("lat") >= n, 300, "the latency run")
        print(f"  wa-sender RSS after the latency run: {rss_mib(procs[-1].pid):.1f} MiB")
        cur.execute("SELECT out_id, extract(epoch FROM sent_at) FROM messages WHERE out_id LIKE 'bench:lat:%'")
        delays = sorted(max(0.0, (float(ts) - added[oid]) * 1000 - DELAY_MS) for oid, ts in cur.fetchall())
        pct = lambda p: delays[min(len(delays) - 1, int(len(delays) * p / 100))]
        print(f"latency at {args.rate} sends/s for {args.seconds} s ({len(delays)} sends): delay added by the "
              f"sender beyond the {DELAY_MS} ms Graph round trip: p50 {pct(50):.1f} ms, p90 {pct(90):.1f} ms, "
              f"p99 {pct(99):.1f} ms, max {delays[-1]:.1f} ms")
        with urllib.request.urlopen(f"http://127.0.0.1:{ops}/metrics", timeout=5) as m:
            for line in m.read().decode().splitlines():
                if line.startswith(("wa_sender_sends_total", "wa_graph_calls_total", "wa_graph_call_seconds_sum",
                                    "wa_graph_call_seconds_count")):
                    print("  " + line)
    finally:
        for p in reversed(procs):
            p.terminate()
            try:
                p.wait(timeout=15)
            except subprocess.TimeoutExpired:
                p.kill()
        subprocess.run([infra, "stop", os.path.join(tmp, "infra"), str(rport)], env=env, check=False)
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
