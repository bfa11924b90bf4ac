#!/usr/bin/python3
"""Where the slowest replies wait at a fixed webhook rate (issue 14, round 7: the p99 at 1,000 webhooks/s).

    bench/tail.py <build dir>

Starts bench/e2e.py's stack (bench_stack) and clinics (BENCH_DOCTORS doctors with their own numbers,
BENCH_KB_ENTRIES entries, the mix of KB questions, paraphrases and ai questions, BENCH_UNIQUE_PCT % unique, read
receipts), warms the services with TAIL_WARM (3000) webhooks at once (the answer cache filled, the tables grown, as
bench/e2e.py's rate rows run after its saturation rows), then for TAIL_RUNS (1) runs sends the mix at TAIL_RATE
(1000) webhooks/s for TAIL_SECONDS (10) and follows every reply through the pipeline's stages, from timestamps the
pipeline keeps anyway (one clock: the same machine):

  due        the moment wa-loadgen meant to post the webhook (its --dump)
  wa:in      the entry's id (Redis' clock when the ingress' XADD ran)
  recorded   messages.created_at of the inbound row: now() of the router's record statement, the start of the
             batch that took the entry
  emitted    the id of the router's XADD to wa:ai (ai questions) or wa:out (KB and flow answers)
  ai out     the id of the ai service's XADD of the answer to wa:out
  last out   the id of the reply's LAST wa:out entry (a send the sender deferred comes back from wa:retry as a new
             entry: the time between the first and the last is the retry wait)
  Graph      when the mock Graph API received the reply (wa-loadgen's --dump, from the mock's request log)

so a reply's webhook-to-Graph time splits into: ingress (due -> wa:in: wa-loadgen's own lateness, HTTP, the
signature, the XADD), wa:in wait (-> recorded: the entry waiting for the router's read), router batch (-> emitted:
understanding, the record statement), ai (wa:ai -> its wa:out entry: the ai's wait, prompt, model, XADD), retry
(first -> last wa:out entry) and sender (last wa:out -> Graph: wa:out wait, claim, pacing, the call).

TAIL_LOADS ("mix") names the loads the runs take in turn: "mix" is bench/e2e.py's, "kb" its KB questions only
(no ai answers, no unique texts), so "mix kb" with TAIL_RUNS=4 alternates them on one stack.

Meanwhile a sampler (every TAIL_SAMPLE_MS, 100) records the streams' backlog (lag + pending of each group), wa:retry,
the CPU share each process group spent on a core and waiting for one (/proc/<pid>/schedstat; wa-loadgen and the mock
included), PostgreSQL's autovacuum workers, checkpoints and backends waiting on locks or I/O, Redis' AOF state
(rewrite in progress, delayed fsyncs, forks) and the load average. It prints, for the median reply and the slowest 2 %,
where the time went, and a timeline per second of due time: the replies' p50 / p99, the slow ones due then, the
backlogs and stalls; last the lines of Redis' and PostgreSQL's logs written during the run (checkpoints, AOF fsync
warnings). Prints figures only: nothing here asserts a time.
"""
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

STAGES = ("ingress", "wa:in wait", "router batch", "ai", "retry", "sender")


def schedstat(pid):
    """(s on a core, s runnable) of a process, its threads summed; None when gone."""
    try:
        tids = os.listdir(f"/proc/{pid}/task")
    except OSError:
        return None
    run = wait = 0
    for t in tids:
        try:
            with open(f"/proc/{pid}/task/{t}/schedstat") as f:
                a = f.read().split()
            run, wait = run + int(a[0]), wait + int(a[1])
        except OSError:
            pass
    return run / 1e9, wait / 1e9


class Sampler:
    """Samples the pipeline every `period` s in a thread of its own (its own Redis and PostgreSQL connections)."""

    GROUPS = ("router", "router PG", "sender", "sender PG", "ai", "ai PG", "ingress", "redis", "postgres other",
              "mock", "loadgen")

    def __init__(self, stack, groups, period):
        import psycopg2
        self.redis = stack.redis_client(decode_responses=True)
        self.pg = psycopg2.connect(host="127.0.0.1", port=stack.pg_port, user="postgres", dbname="wa")
        self.pg.autocommit = True
        self.groups, self.period, self.ops = groups, period, stack.ops
        self.samples = []
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self.run, daemon=True)

    def cpu(self):
        out = {}
        for pid, g in list(self.groups.items()):
            s = schedstat(pid)
            if s is not None:
                o = out.setdefault(g, [0.0, 0.0])
                o[0] += s[0]
                o[1] += s[1]
        return out

    def metric(self, service, name):
        """A gauge from a service's /metrics (0 when unreadable)."""
        import re
        import urllib.request
        try:
            body = urllib.request.urlopen(f"http://127.0.0.1:{self.ops[service]}/metrics", timeout=1).read().decode()
        except OSError:
            return 0
        m = re.search(r"^" + name + r"(?:\{[^}]*\})? ([0-9.e+]+)$", body, re.M)
        return int(float(m.group(1))) if m else 0

    def one(self):
        s = {"t": time.time() * 1000, "load": os.getloadavg()[0], "cpu": self.cpu()}
        for key in ("wa:in", "wa:ai", "wa:out"):
            try:
                gs = self.redis.xinfo_groups(key)
            except Exception:
                gs = []
            s[key] = sum((g.get("lag") or 0) + g["pending"] for g in gs)
        s["retry"] = self.redis.zcard("wa:retry")
        for name, metric in (("sender", "wa_sender_inflight"), ("ai", "wa_ai_inflight")):
            s[name + "_inflight"] = self.metric(name, metric)
        info = self.redis.info("persistence")
        s["aof_rewrite"] = int(info.get("aof_rewrite_in_progress", 0))
        s["aof_delayed_fsync"] = int(info.get("aof_delayed_fsync", 0))
        s["forks"] = int(self.redis.info("stats").get("total_forks", 0))
        with self.pg.cursor() as cur:
            cur.execute("SELECT count(*) FILTER (WHERE backend_type = 'autovacuum worker'), "
                        "string_agg(DISTINCT substring(query from 'autovacuum: ([A-Z ]+ [a-z_.]+)'), ', ') "
                        "  FILTER (WHERE backend_type = 'autovacuum worker'), "
                        "count(*) FILTER (WHERE application_name LIKE 'wa-%%' AND state = 'active' "
                        "  AND wait_event_type IN ('Lock', 'LWLock', 'IO', 'BufferPin')) "
                        "FROM pg_stat_activity")
            s["autovacuum"], s["autovacuum_what"], s["pg_waiting"] = cur.fetchone()
            cur.execute("SELECT string_agg(DISTINCT substr(application_name, 4) || ' ' || wait_event, ', ') "
                        "FROM pg_stat_activity WHERE application_name LIKE 'wa-%%' AND state = 'active' "
                        "AND wait_event_type IN ('Lock', 'LWLock', 'IO', 'BufferPin')")
            s["pg_wait_what"] = cur.fetchone()[0]
            cur.execute("SELECT checkpoints_timed + checkpoints_req, buffers_checkpoint FROM pg_stat_bgwriter")
            s["checkpoints"], s["ckpt_buffers"] = cur.fetchone()
        return s

    def run(self):
        while not self.stop.is_set():
            t = time.monotonic()
            try:
                self.samples.append(self.one())
            except Exception as e:  # a sample lost is not a run lost
                print(f"tail.py: sample failed: {e}", file=sys.stderr)
            self.stop.wait(max(0.0, self.period - (time.monotonic() - t)))


def xrange_all(r, key, start_ms):
    """Every entry of `key` from `start_ms` on, as (id ms, fields)."""
    out, start = [], f"{int(start_ms)}-0"
    while True:
        chunk = r.xrange(key, min=start, max="+", count=5000)
        if not chunk:
            return out
        for eid, fields in chunk:
            out.append((int(eid.split("-")[0]), fields))
        last = chunk[-1][0]
        ms, seq = last.split("-")
        start = f"{ms}-{int(seq) + 1}"


def trace(stack, dump, t0_ms):
    """{wamid: {stage times}} of every message of the run."""
    msgs = {}
    with open(dump) as f:
        for line in f:
            wamid, due, reply = line.split()
            msgs[wamid] = {"due": int(due), "graph": int(reply) or None}
    run = next(iter(msgs)).rsplit(".", 1)[0] + "." if msgs else ""
    r = stack.redis_client(decode_responses=True)
    ins = xrange_all(r, "wa:in", t0_ms)
    for ms, f in ins:
        try:
            body = json.loads(f.get("body", "{}").rstrip("\x00"))
        except ValueError:
            continue
        for e in body.get("entry", []):
            for c in e.get("changes", []):
                for m in c.get("value", {}).get("messages", []):
                    if m.get("id") in msgs:
                        msgs[m["id"]]["in"] = ms
    for wamid, created, routed in stack.sql(
            "SELECT wamid, extract(epoch FROM created_at) * 1000, extract(epoch FROM routed_at) * 1000 "
            "FROM messages WHERE wamid LIKE %s", run.replace("_", "\\_") + "%"):
        if wamid in msgs:
            msgs[wamid]["recorded"] = float(created)
            msgs[wamid]["routed"] = float(routed) if routed is not None else None
    for ms, f in xrange_all(r, "wa:ai", t0_ms):
        if f.get("wamid") in msgs:
            msgs[f["wamid"]]["ai_in"] = ms
    for ms, f in xrange_all(r, "wa:out", t0_ms):
        m = msgs.get(f.get("reply_to"))
        if m is None or f.get("kind") == "read":
            continue
        m.setdefault("outs", []).append((ms, f.get("source", ""), f.get("attempt", "0")))
    return msgs


def stages(m):
    """The reply's time per stage (ms), or None when a timestamp is missing."""
    if m.get("graph") is None or "in" not in m or "recorded" not in m or not m.get("outs"):
        return None
    outs = sorted(m["outs"])
    ai = m.get("ai_in")
    if ai is not None:
        ai_outs = [o for o in outs if o[1] == "ai"] or outs
        emitted, first_out = ai, ai_outs[0][0]
    else:
        emitted = first_out = outs[0][0]
    last_out = outs[-1][0]
    return {"ingress": m["in"] - m["due"], "wa:in wait": m["recorded"] - m["in"],
            "router batch": emitted - m["recorded"], "ai": (first_out - ai) if ai is not None else 0.0,
            "retry": last_out - first_out, "sender": m["graph"] - last_out,
            "total": m["graph"] - m["due"], "is_ai": ai is not None, "outs": len(outs)}


def pct(v, p):
    v = sorted(v)
    return v[min(len(v) - 1, int(p * (len(v) - 1) + 0.5))] if v else 0.0


def summary(samples, t0_ms, seconds):
    """Over the sending seconds: each stream's backlog growth (entries/s) and each group's share of the time on a
    core and runnable; a serial stage whose busy + runnable is near 1 is the one falling behind."""
    ss = [x for x in samples if t0_ms <= x["t"] <= t0_ms + seconds * 1000]
    if len(ss) < 2:
        return
    a, b = ss[0], ss[-1]
    span = (b["t"] - a["t"]) / 1000
    print("over the sending: backlog growth " + ", ".join(
        f"{k} {(b[k] - a[k]) / span:+.0f}/s (max {max(x[k] for x in ss)})" for k in ("wa:in", "wa:ai", "wa:out"))
          + f"; load average {statistics.mean(x['load'] for x in ss):.1f}")
    cells = []
    for g in sorted(b["cpu"], key=lambda g: -(b["cpu"][g][0] - a["cpu"].get(g, [0, 0])[0])):
        run = (b["cpu"][g][0] - a["cpu"].get(g, [0, 0])[0]) / span
        wait = (b["cpu"][g][1] - a["cpu"].get(g, [0, 0])[1]) / span
        cells.append(f"{g} {run:.2f}/{wait:.2f}")
    print("  CPU share on a core / runnable: " + ", ".join(cells))


def report(msgs, samples, t0_ms, slow_share=0.02):
    rows = [s for s in (stages(m) for m in msgs.values()) if s is not None]
    missing = sum(1 for m in msgs.values() if m.get("graph") is not None) - len(rows)
    if not rows:
        print("no reply traced: of " + str(len(msgs)) + " messages, " + ", ".join(
            f"{k} {sum(1 for m in msgs.values() if m.get(k) is not None)}" for k in ("graph", "in", "recorded", "outs")))
        return
    rows.sort(key=lambda s: s["total"])
    nslow = max(1, int(len(rows) * slow_share + 0.5))
    slow, mid = rows[-nslow:], rows[len(rows) // 4: len(rows) * 3 // 4]
    tot = [s["total"] for s in rows]
    print(f"\n{len(rows)} replies traced ({missing} with a timestamp missing); webhook-to-Graph p50 {pct(tot, .5):.0f} "
          f"p98 {pct(tot, .98):.0f} p99 {pct(tot, .99):.0f} max {tot[-1]:.0f} ms; ai answers "
          f"{sum(s['is_ai'] for s in rows)}; replies sent again from wa:retry {sum(s['outs'] > 1 for s in rows)}")
    print(f"{'stage, ms':<14} {'all: p50':>9} {'p99':>7}  {'middle half: mean':>17}  "
          f"{'slowest ' + str(nslow) + ': median':>20} {'mean':>7} {'max':>7} {'share':>6}")
    slow_total = sum(s["total"] for s in slow)
    for st in STAGES + ("total",):
        a = [s[st] for s in rows]
        sl = [s[st] for s in slow]
        print(f"{st:<14} {pct(a, .5):>9.0f} {pct(a, .99):>7.0f}  {statistics.mean(s[st] for s in mid):>17.1f}  "
              f"{statistics.median(sl):>20.0f} {statistics.mean(sl):>7.0f} {max(sl):>7.0f} "
              f"{sum(sl) / slow_total if slow_total else 0:>6.0%}")
    ai_slow = sum(s["is_ai"] for s in slow)
    print(f"of the slowest: {ai_slow} ai answers ({ai_slow / nslow:.0%}; {sum(s['is_ai'] for s in rows) / len(rows):.0%}"
          f" of all), {sum(s['outs'] > 1 for s in slow)} sent again from wa:retry")

    # timeline per second of due time, with the samples of that second
    print(f"\ntimeline (s from the first webhook due; backlog = lag + pending, max of the second; CPU = share of the "
          f"second on a core / runnable waiting for one)")
    cpu_groups = ("router", "router PG", "ai", "ai PG", "sender", "sender PG", "redis", "mock", "loadgen")
    hdr = (f"{'s':>3} {'due':>5} {'p50':>6} {'p99':>6} {'slow':>5} {'wa:in':>6} {'wa:ai':>6} {'wa:out':>6} {'retry':>5} "
           f"{'ai fl':>5} {'snd fl':>6} " + " ".join(f"{g:>9}" for g in cpu_groups) + f" {'load':>5}  events")
    print(hdr)
    cut, by_sec = slow[0]["total"], {}
    for m in msgs.values():
        s = stages(m)
        if s is not None:
            b = by_sec.setdefault(int((m["due"] - t0_ms) // 1000), [[], 0])
            b[0].append(s["total"])
            b[1] += s["total"] >= cut
    sam_by_sec = {}
    for s in samples:
        sam_by_sec.setdefault(int((s["t"] - t0_ms) // 1000), []).append(s)
    prev = None
    for sec in range(min(list(by_sec) + list(sam_by_sec)), max(list(by_sec) + list(sam_by_sec)) + 1):
        lat, nslow_sec = by_sec.get(sec, [[], 0])
        ss = sam_by_sec.get(sec, [])
        cells = [f"{sec:>3} {len(lat):>5} {pct(lat, .5) if lat else 0:>6.0f} {pct(lat, .99) if lat else 0:>6.0f} "
                 f"{nslow_sec:>5}"]
        for k, w in (("wa:in", 6), ("wa:ai", 6), ("wa:out", 6), ("retry", 5), ("ai_inflight", 5),
                     ("sender_inflight", 6)):
            cells.append(f"{max((x[k] for x in ss), default=0):>{w}}")
        events = []
        if ss:
            first, last = (prev or ss[0]), ss[-1]
            span = (last["t"] - first["t"]) / 1000 or 1
            for g in cpu_groups:
                a, b = first["cpu"].get(g, [0, 0]), last["cpu"].get(g, [0, 0])
                cells.append(f"{(b[0] - a[0]) / span:>4.2f}/{(b[1] - a[1]) / span:<4.2f}")
            cells.append(f"{last['load']:>5.1f}")
            if any(x["autovacuum"] for x in ss):
                events.append("autovacuum " + ", ".join(sorted({x["autovacuum_what"] or "?" for x in ss
                                                                if x["autovacuum"]})))
            if last["checkpoints"] != first["checkpoints"]:
                events.append(f"checkpoint ({last['ckpt_buffers'] - first['ckpt_buffers']} buffers)")
            if any(x["aof_rewrite"] for x in ss):
                events.append("AOF rewrite")
            if last["aof_delayed_fsync"] != first["aof_delayed_fsync"]:
                events.append(f"AOF fsync delayed x{last['aof_delayed_fsync'] - first['aof_delayed_fsync']}")
            if last["forks"] != first["forks"]:
                events.append("fork")
            w = max(x["pg_waiting"] for x in ss)
            if w:
                what = sorted({v for x in ss for v in (x.get("pg_wait_what") or "").split(", ") if v})
                events.append(f"{w} backend(s) waiting on lock/IO ({', '.join(what)})")
            prev = last
        print(" ".join(cells) + ("  " + "; ".join(events) if events else ""))


def log_lines(path, since_bytes, pats):
    try:
        with open(path, errors="replace") as f:
            f.seek(since_bytes)
            return [ln.rstrip() for ln in f if any(p in ln for p in pats)]
    except OSError:
        return []


def main():
    if len(sys.argv) != 2:
        raise SystemExit(__doc__)
    build = os.path.abspath(sys.argv[1])
    os.environ["WA_BIN_DIR"] = os.path.join(build, "bin")
    import e2e
    rate = e2e.env_int("TAIL_RATE", 1000)
    seconds = e2e.env_int("TAIL_SECONDS", 10)
    warm = e2e.env_int("TAIL_WARM", 3000)
    runs = e2e.env_int("TAIL_RUNS", 1)
    period = e2e.env_int("TAIL_SAMPLE_MS", 100) / 1000
    ndoctors = e2e.env_int("BENCH_DOCTORS", 50)
    entries = min(e2e.env_int("BENCH_KB_ENTRIES", 20), len(e2e.KB))
    patients = e2e.env_int("BENCH_PATIENTS", 20000)
    upct = e2e.env_int("BENCH_UNIQUE_PCT", 10)
    texts = [q for q, _, _ in e2e.KB[:entries]] + e2e.PARAPHRASES + e2e.AI_QUESTIONS
    kb_texts = [q for q, _, _ in e2e.KB[:entries]] + e2e.PARAPHRASES
    # TAIL_LOADS: the loads the runs take in turn, "mix" (the default) and/or "kb" (KB questions only, no unique
    # texts: no ai answers, no first sightings), e.g. "mix kb" to see what the ai path adds to the tail
    loads = os.environ.get("TAIL_LOADS", "mix").split()
    tmp = tempfile.mkdtemp(prefix="wa-bench-tail-")
    os.chmod(tmp, 0o755)
    stack = e2e.bench_stack(tmp, e2e.env_int("BENCH_SENDER_RATE", 100000))
    try:
        stack.start()
        stack.mock_config({"api": "gemini", "delay_ms": e2e.env_int("BENCH_AI_DELAY_MS", 0)})
        t = time.monotonic()
        doctors = e2e.setup_doctors(stack, ndoctors, entries, tmp)
        print(f"tail: {ndoctors} doctors, the mix at {rate} webhooks/s for {seconds} s, {runs} run(s), warmed with "
              f"{warm} webhooks; set up in {time.monotonic() - t:.0f}s", flush=True)
        if warm > 0:
            e2e.drain(stack, 300)
            w = e2e.loadgen(build, stack, doctors, 0, 10, texts, 120, patients, warm, upct)
            print(f"warm: {w['replies']:.0f}/{w['texts']:.0f} replies, {w['delivered_per_s']:.0f}/s", flush=True)
        infra = os.path.join(tmp, "infra")
        for n in range(runs):
            e2e.drain(stack, 300)
            groups = e2e.process_groups(stack)
            groups[stack.procs["mock"].pid] = "mock"
            sampler = Sampler(stack, groups, period)
            logs = {p: os.path.getsize(p) if os.path.exists(p) else 0
                    for p in (os.path.join(infra, "redis.log"), os.path.join(infra, "pg.log"))}
            dump = os.path.join(tmp, f"dump-{n}.txt")
            la = os.getloadavg()[0]
            t0_ms = time.time() * 1000
            sampler.thread.start()

            def started(pid):
                groups[pid] = "loadgen"
            load = loads[n % len(loads)]
            r = e2e.loadgen(build, stack, doctors, rate, seconds, texts if load == "mix" else kb_texts, 120, patients,
                            -1, upct if load == "mix" else 0, extra=("--dump", dump), started=started)
            sampler.stop.set()
            sampler.thread.join()
            print(f"\nrun {n + 1} ({load}): load average {la:.1f} before; {r['rps']:.0f} webhooks/s, {r['delivered_per_s']:.0f} "
                  f"replies/s, {r['replies']:.0f}/{r['texts']:.0f} lost {r['lost']:.0f} dup {r['duplicates']:.0f}, "
                  f"p50 {r['e2e_p50_ms']:.0f} p99 {r['e2e_p99_ms']:.0f} max {r['e2e_max_ms']:.0f} ms; POST p99 "
                  f"{r['p99_ms']:.1f} ms; wa-loadgen {r['loadgen_cpu_s']:.2f} s CPU", flush=True)
            report(trace(stack, dump, t0_ms - 1000), sampler.samples, t0_ms)
            summary(sampler.samples, t0_ms, seconds)
            for p, off in logs.items():
                lines = log_lines(p, off, ("fsync", "checkpoint", "automatic vacuum", "automatic analyze",
                                           "Background", "AOF"))
                if lines:
                    print(f"{os.path.basename(p)} during the run:")
                    for ln in lines[:20]:
                        print("  " + ln)
    finally:
        stack.stop()
        subprocess.run(["rm", "-rf", tmp], check=False)


if __name__ == "__main__":
    main()
