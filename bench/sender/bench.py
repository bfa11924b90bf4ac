#!/usr/bin/python3
"""Sender benchmark (not a test): one wa-sender against wa-mock's Graph API answering every send after 50 ms.

    make build
    /usr/bin/python3 bench/sender/bench.py --bin build/bin [--messages 5000] [--rate 500] [--seconds 10] [--delay-ms 50]
    /usr/bin/python3 bench/sender/bench.py --bin build/bin --compare /tmp/old-bin [--rounds 2] [--messages 10000]

1. saturation: a fresh sender is started and, once ready (its memory is read then: idle), wa:out is filled with
   --messages text messages of one doctor to distinct patients (the master number, its rate limit raised out of the
   way); prints sends per second from the fill until every message is recorded, the sender's CPU per send, and the
   number of Graph requests in flight: the sender's gauges wa_sender_inflight (sampled every 20 ms while the run
   lasts: mean and max) and wa_sender_inflight_peak, next to Little's law (sends/s x the Graph round trip).
   SENDER_MAX_INFLIGHT=64 (= SENDER_GROUP_MAX) in the environment measures one group at a time, the shape of the
   batch loop (SENDER_LOOP=batch) that was removed.
   Memory (issue 14): the sender's VmRSS idle, its peak VmHWM at the end of the run (and the highest VmRSS sampled
   every 20 ms), and its RSS by part, idle and after the run (/proc/<pid>/smaps): the heap, other anonymous memory
   (thread stacks and arenas, mmap'd blocks), the binary, and shared libraries' private dirty pages (relocations,
   written data) apart from their clean pages (code and read-only data, shared with other processes mapping them).
   --compare OLD_BIN: saturation runs of both builds on the one stack, --rounds of each in the order new, old, old,
   new, ... (ABBA), then the ratios new/old of sends/s, CPU a send, peak VmHWM and idle VmRSS (no latency run).
2. latency (without --compare): messages are added at --rate per second for --seconds, to the last saturation run's
   sender; prints the percentiles of the delay the sender adds: messages.sent_at - time of the XADD - the mock's
   50 ms (same machine, same clock), and the sender's RSS after it.
The heap at the peak by allocation site (issue 14, round 9): run the sender under `heaptrack -o FILE` on a stack of
your own and read `heaptrack_print -f FILE.zst --print-peaks 1`.
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
    return proc_status(pid).get("VmRSS", 0) / 1024


def proc_status(pid):
    """The kB figures of /proc/<pid>/status (VmRSS, VmHWM, RssAnon, RssFile ...); empty when the process is gone."""
    d = {}
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                k, _, v = line.partition(":")
                if v.strip().endswith("kB"):
                    d[k] = int(v.split()[0])
    except OSError:
        pass
    return d


def cpu_s(pid):
    """User + system CPU seconds of a process so far (0 when it is gone)."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except OSError:
        return 0.0


def smaps_rollup(pid):
    """/proc/<pid>/smaps_rollup in kB: Rss, Private_Dirty, Private_Clean, Shared_Clean, Shared_Dirty, Anonymous."""
    d = {}
    try:
        with open(f"/proc/{pid}/smaps_rollup") as f:
            for line in f:
                k, _, v = line.partition(":")
                if v.strip().endswith("kB"):
                    d[k] = int(v.split()[0])
    except OSError:
        pass
    return d


def smaps_parts(pid):
    """Rss in kB by kind of mapping: the heap, other anonymous memory (thread stacks, mmap'd chunks), the sender's
    own binary, and shared libraries split into their private dirty pages (relocations, .data/.bss written) and the
    rest (clean text and read-only data, which other processes mapping the same files share)."""
    parts = {"heap": 0, "anon": 0, "stack": 0, "binary": 0, "lib_dirty": 0, "lib_clean": 0}
    name = None
    try:
        with open(f"/proc/{pid}/smaps") as f:
            for line in f:
                first = line.split(None, 1)[0]
                if "-" in first and not first.endswith(":"):
                    fields = line.split()
                    name = fields[5] if len(fields) > 5 else ""
                    continue
                if first not in ("Rss:", "Private_Dirty:"):
                    continue
                kb = int(line.split()[1])
                if name == "[heap]":
                    key = "heap" if first == "Rss:" else None
                elif name == "[stack]":
                    key = "stack" if first == "Rss:" else None
                elif name == "" or name.startswith("["):
                    key = "anon" if first == "Rss:" else None
                elif "/wa-sender" in name:
                    key = "binary" if first == "Rss:" else None
                else:
                    key = "lib_dirty" if first == "Private_Dirty:" else "lib_clean"
                if key == "lib_clean":
                    parts["lib_clean"] += kb  # Rss; the dirty part is taken out below
                elif key is not None:
                    parts[key] += kb
    except OSError:
        pass
    parts["lib_clean"] -= parts["lib_dirty"]
    return parts


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


def kb(v):
    return f"{v / 1024:.1f}"


def saturation(args, env, r, cur, doctor, ops, binary, tag, offset):
    """One saturation run of a fresh wa-sender from `binary`: started idle, its memory read once it is ready, then
    wa:out filled with --messages sends; returns the figures of the run."""
    proc = subprocess.Popen([os.path.join(binary, "wa-sender")], env=env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    try:
        wait(lambda: ok(f"http://127.0.0.1:{ops}/readyz"), 60, "the sender's readiness")
        time.sleep(0.3)
        pid = proc.pid
        idle = proc_status(pid)
        idle_parts = smaps_parts(pid)

        def sent():
            cur.execute("SELECT count(*) FROM messages WHERE out_id LIKE %s", (f"bench:{tag}:%",))
            return cur.fetchone()[0]

        t0, c0 = time.time(), cpu_s(pid)
        pipe = r.pipeline(transaction=False)
        for i in range(args.messages):
            pipe.xadd("wa:out", entry(doctor, offset + i, tag))
            if len(pipe) >= 1000:
                pipe.execute()
        pipe.execute()
        samples = []
        deadline = t0 + 600
        rss_peak = 0.0
        n = 0
        while n < args.messages:
            if time.time() > deadline:
                raise SystemExit("timed out waiting for the saturation run")
            rss_peak = max(rss_peak, proc_status(pid).get("VmRSS", 0))
            v = gauge(ops, "wa_sender_inflight")
            if v is not None and v > 0:
                samples.append(v)
            time.sleep(0.02)
            n = sent()
        t1 = time.time()
        end = proc_status(pid)
        return {"rate": args.messages / (t1 - t0), "secs": t1 - t0, "cpu_us": (cpu_s(pid) - c0) * 1e6 / args.messages, "samples": samples, "peak_sampled": rss_peak,
                "idle": idle, "idle_parts": idle_parts, "end": end, "end_parts": smaps_parts(pid),
                "inflight_peak": gauge(ops, "wa_sender_inflight_peak") or 0, "proc": proc, "pid": pid}
    except BaseException:
        stop(proc)
        raise


def stop(proc):
    proc.terminate()
    try:
        proc.wait(timeout=15)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


def report(label, res):
    idle, end, ip, ep = res["idle"], res["end"], res["idle_parts"], res["end_parts"]
    s = res["samples"]
    print(f"{label}: {args_messages} sends in {res['secs']:.2f} s = {res['rate']:.0f} sends/s; in flight sampled "
          f"mean {sum(s) / len(s) if s else 0:.0f}, max {max(s) if s else 0:.0f}, peak gauge {res['inflight_peak']:.0f}; "
          f"sender CPU {res['cpu_us']:.0f} us a send")
    print(f"  RSS MiB: idle {kb(idle.get('VmRSS', 0))}, peak VmHWM {kb(end.get('VmHWM', 0))} (sampled VmRSS "
          f"{kb(res['peak_sampled'])}), after the run {kb(end.get('VmRSS', 0))}")
    for when, p in (("idle", ip), ("after", ep)):
        print(f"  {when:5s} by part MiB: heap {kb(p['heap'])}, other anon {kb(p['anon'])}, stack {kb(p['stack'])}, "
              f"binary {kb(p['binary'])}, libraries private dirty {kb(p['lib_dirty'])}, libraries clean "
              f"{kb(p['lib_clean'])}")


args_messages = 0


def main():
    global args_messages
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--bin", default=os.path.join(ROOT, "build", "bin"))
    ap.add_argument("--compare", metavar="OLD_BIN", help="a second build's bin folder: saturation runs of both "
                    "builds interleaved on the one stack (new, old, old, new, ...), then ratios new/old")
    ap.add_argument("--rounds", type=int, default=2, help="with --compare: runs of each build (ABBA order)")
    ap.add_argument("--messages", type=int, default=5000)
    ap.add_argument("--rate", type=int, default=500)
    ap.add_argument("--seconds", type=int, default=10, help="the latency run (0: none)")
    ap.add_argument("--delay-ms", type=int, default=50, help="the mock Graph API's answer delay")
    args = ap.parse_args()
    args_messages = args.messages
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
        print(f"load average before: {open('/proc/loadavg').read().strip()}")

        # 1. saturation, each run a fresh sender (new, old, old, new, ... with --compare)
        mode = f"SENDER_MAX_INFLIGHT={env.get('SENDER_MAX_INFLIGHT', '256')}"
        order = [("new", args.bin)]
        if args.compare:
            order = []
            for k in range(args.rounds):
                pair = [("new", args.bin), ("old", args.compare)]
                order += pair if k % 2 == 0 else pair[::-1]
        runs = {"new": [], "old": []}
        for k, (label, binary) in enumerate(order):
            res = saturation(args, env, r, cur, doctor, ops, binary, f"sat{k}", k * args.messages)
            last = res
            if args.compare or args.seconds <= 0:
                stop(res["proc"])
            runs[label].append(res)
            report(f"saturation {k + 1} {label} ({mode})", res)
        print(f"  in flight at saturation: ~{runs['new'][0]['rate'] * DELAY_MS / 1000:.0f} Graph requests on average "
              f"(Little's law, {DELAY_MS} ms round trip)")
        if args.compare:
            def gm(xs):
                p = 1.0
                for x in xs:
                    p *= x
                return p ** (1 / len(xs))
            for what, key in (("sends/s", lambda x: x["rate"]), ("sender CPU a send", lambda x: x["cpu_us"]),
                              ("peak VmHWM", lambda x: x["end"].get("VmHWM", 0)),
                              ("idle VmRSS", lambda x: x["idle"].get("VmRSS", 0))):
                ratios = [key(n) / key(o) for n, o in zip(runs["new"], runs["old"]) if key(o) > 0]
                print(f"new/old {what}: " + ", ".join(f"{x:.3f}" for x in ratios) + f" (geometric mean {gm(ratios):.3f})")
            print(f"load average after: {open('/proc/loadavg').read().strip()}")
            return

        # 2. added delay at a fixed rate, on the last saturation run's sender
        procs.append(last["proc"])
        pid = last["pid"]
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

        def sent_lat():
            cur.execute("SELECT count(*) FROM messages WHERE out_id LIKE 'bench:lat:%'")
            return cur.fetchone()[0]
        wait(lambda: sent_lat() >= n, 300, "the latency run")
        st = proc_status(pid)
        print(f"  wa-sender RSS after the latency run: {kb(st.get('VmRSS', 0))} MiB (VmHWM {kb(st.get('VmHWM', 0))})")
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
            stop(p)
        subprocess.run([infra, "stop", os.path.join(tmp, "infra"), str(rport)], env=env, check=False)
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
