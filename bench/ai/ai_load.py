#!/usr/bin/python3
"""The ai stage at load (issue 14, round 6): its memory and the mix's tail at a fixed webhook rate, old and new builds
interleaved on ONE stack (bench/e2e.py's bench_stack and clinics, as bench/mix_sat.py sets them up).

    bench/ai/ai_load.py <new build dir> [<old build dir>]

For AI_LOAD_ROUNDS (2) rounds, the variants' order alternating (ABBA), wa-router, wa-ai and wa-sender are restarted
from the variant's build (MIX_VARIANTS names variants as bench/mix_sat.py does), warmed with MIX_WARM (2000) webhooks
of the mix, unmeasured, then the mix is sent at AI_LOAD_RATE (1000) webhooks/s for AI_LOAD_SECONDS (10), or with
AI_LOAD_RATE=0 as the saturation rows send it: AI_LOAD_WEBHOOKS (5000) webhooks as fast as they go. AI_LOAD_TEXTS=ai
sends the ai's questions only in the measured run, as bench/e2e.py's "ai only" row; AI_LOAD_DELAY_MS=1000 makes the
mock model answer after 1 s in the measured run only (the warm-up's answers come at once), which is where wa-ai keeps
the most calls in flight; AI_LOAD_KEEP_HWM=1 keeps the warm-up in VmHWM (bench/e2e.py samples one process over all
its rows). AI_LOAD_BACKLOG=n measures instead how wa-ai takes n questions queued while it was stopped. Meanwhile
wa-ai's /proc/<pid>/status (VmRSS, Threads) is sampled every 50 ms; after the run its VmHWM, smaps_rollup
(Rss, Anonymous, shared and private file pages) and /metrics (wa_ai_inflight_peak, calls by result) are read.
Per run: replies/s, lost/duplicated, webhook-to-Graph p50/p99, the load average, and wa-ai's memory.
"""
import os
import re
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
import mix_sat  # noqa: E402


def status(pid):
    out = {}
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                k, _, v = line.partition(":")
                if k in ("VmRSS", "VmHWM", "Threads", "RssAnon", "RssFile"):
                    out[k] = int(v.split()[0])
    except OSError:
        pass
    return out


def rollup(pid):
    out = {}
    try:
        with open(f"/proc/{pid}/smaps_rollup") as f:
            for line in f:
                m = re.match(r"^(\w+):\s+(\d+) kB", line)
                if m:
                    out[m.group(1)] = int(m.group(2))
    except OSError:
        pass
    return out


def ai_metrics(stack):
    body = urllib.request.urlopen(f"http://127.0.0.1:{stack.ops['ai']}/metrics", timeout=5).read().decode()
    out = {}
    for name in ("wa_ai_inflight_peak", "wa_ai_inflight"):
        m = re.search(rf"^{name} ([0-9.e+]+)", body, re.M)
        out[name] = float(m.group(1)) if m else 0.0
    out["calls"] = sum(float(v) for v in re.findall(r"^wa_ai_calls_total\{[^}]*\} ([0-9.e+]+)", body, re.M))
    return out


def main():
    if len(sys.argv) not in (2, 3):
        raise SystemExit(__doc__)
    new = os.path.abspath(sys.argv[1])
    old = os.path.abspath(sys.argv[2]) if len(sys.argv) == 3 else None
    os.environ["WA_BIN_DIR"] = os.path.join(new, "bin")
    import e2e
    import conftest
    variants = mix_sat.parse_variants(new, old)
    rounds = e2e.env_int("AI_LOAD_ROUNDS", 2)
    rate = e2e.env_int("AI_LOAD_RATE", 1000)
    seconds = e2e.env_int("AI_LOAD_SECONDS", 10)
    ndoctors = e2e.env_int("BENCH_DOCTORS", 50)
    entries = min(e2e.env_int("BENCH_KB_ENTRIES", 20), len(e2e.KB))
    patients = e2e.env_int("BENCH_PATIENTS", 20000)
    upct = e2e.env_int("BENCH_UNIQUE_PCT", 10)
    texts = [q for q, _, _ in e2e.KB[:entries]] + e2e.PARAPHRASES + e2e.AI_QUESTIONS
    warm_texts, warm_upct = texts, upct
    if os.environ.get("AI_LOAD_TEXTS") == "ai":  # bench/e2e.py's "ai only" row: the ai's questions, none unique
        texts, upct = e2e.AI_QUESTIONS, 0
    tmp = tempfile.mkdtemp(prefix="wa-bench-ai-load-")
    os.chmod(tmp, 0o755)
    stack = e2e.bench_stack(tmp, e2e.env_int("BENCH_SENDER_RATE", 100000))

    def use(variant):
        name, d, env = variant
        for s in ("router", "ai", "sender"):
            stack.stop_service(s)
        conftest.BIN = os.path.join(d, "bin")
        senv = {k: v for k, v in env.items() if not k.startswith("BENCH_")}
        for s in ("router", "ai", "sender"):
            stack.start_service(s, senv)
        conftest.BIN = os.path.join(new, "bin")

    results = {v[0]: [] for v in variants}
    backlog = e2e.env_int("AI_LOAD_BACKLOG", 0)
    delay = e2e.env_int("AI_LOAD_DELAY_MS", -1)  # the model's delay in the measured run only (the warm-up: 0)

    def run_backlog(stack, v, n, rnd):
        """wa-ai stopped, n questions of the mix's ai texts queued in wa:ai (as the router writes them, each from a
        patient with history), wa-ai started: how it takes a backlog (a restart, or a router faster than the ai)."""
        e2e.drain(stack, 300)
        stack.stop_service("ai")
        ids = [r[0] for r in stack.sql("SELECT id::text FROM doctors ORDER BY id LIMIT 50")]
        pats = stack.sql("SELECT doctor_id::text, wa_id FROM patients ORDER BY random() LIMIT %s" % n)
        pipe = stack.redis.pipeline(transaction=False)
        for i in range(n):
            d, to = pats[i % len(pats)] if pats else (ids[i % len(ids)], "9198%08d" % i)
            pipe.xadd("wa:ai", {"doctor_id": d, "patient_id": "", "to": to, "wamid": f"wamid.backlog{rnd}x{i}x{time.time_ns()}",
                                "text": e2e.AI_QUESTIONS[i % len(e2e.AI_QUESTIONS)], "lang": "", "created_at": "0",
                                "kb_context": ""})
        pipe.execute()
        la = os.getloadavg()[0]
        t = time.monotonic()
        stack.start_service("ai", {k: x for k, x in v[2].items() if not k.startswith("BENCH_")})
        pid = stack.procs["ai"].pid
        peak = 0
        while True:
            st = status(pid)
            peak = max(peak, st.get("VmRSS", 0))
            g = stack.redis.xinfo_groups("wa:ai")
            ai = [x for x in g if x["name"] == "ai"][0]
            if ai["pending"] == 0 and ai.get("lag", 0) == 0 and time.monotonic() - t > 1:
                break
            time.sleep(0.05)
        wall = time.monotonic() - t
        st, m = status(pid), ai_metrics(stack)
        r = dict(load=la, rss_peak=peak, hwm=st.get("VmHWM", 0), wall=wall, inflight_peak=m["wa_ai_inflight_peak"],
                 calls=m["calls"], e2e_p50_ms=0.0, e2e_p99_ms=0.0, lost=0, duplicates=0)
        print(f"round {rnd + 1} {v[0]:<6} load {la:4.1f}: backlog of {n} taken in {wall:.1f} s ({m['calls']:.0f} answers, "
              f"{n / wall:.0f}/s); wa-ai RSS peak {peak / 1024:.1f} MiB (VmHWM {r['hwm'] / 1024:.1f}), calls in flight "
              f"peak {r['inflight_peak']:.0f}", flush=True)
        return r
    try:
        stack.start()
        stack.mock_config({"api": "gemini", "delay_ms": e2e.env_int("BENCH_AI_DELAY_MS", 0)})
        doctors = e2e.setup_doctors(stack, ndoctors, entries, tmp)
        print(f"ai at load: {ndoctors} doctors, the mix at {rate} webhooks/s for {seconds} s, {rounds} round(s) of "
              f"{', '.join(v[0] for v in variants)}", flush=True)
        for rnd in range(rounds):
            order = variants if rnd % 2 == 0 else list(reversed(variants))
            for v in order:
                use(v)
                e2e.drain(stack, 300)
                e2e.loadgen(new, stack, doctors, 0, 10, warm_texts, 120, patients, e2e.env_int("MIX_WARM", 2000),
                            warm_upct)
                e2e.drain(stack, 300)
                if backlog > 0:
                    results[v[0]].append(run_backlog(stack, v, backlog, rnd))
                    continue
                pid = stack.procs["ai"].pid
                if delay >= 0:
                    stack.mock_config({"api": "gemini", "delay_ms": delay})
                la = os.getloadavg()[0]
                peak = {"VmRSS": 0, "Threads": 0, "inflight": 0}
                lagmax = {}
                try:  # VmHWM from here: the warm-up's own peak is not this run's (AI_LOAD_KEEP_HWM=1: it is)
                    if os.environ.get("AI_LOAD_KEEP_HWM") != "1":
                        with open(f"/proc/{pid}/clear_refs", "w") as f:
                            f.write("5")
                except OSError:
                    pass
                stop = threading.Event()

                def sample():
                    while not stop.is_set():
                        st = status(pid)
                        try:
                            st["inflight"] = ai_metrics(stack)["wa_ai_inflight"]
                        except OSError:
                            pass
                        for key in ("wa:in", "wa:ai", "wa:out"):  # where the backlog sits: each group's unread +
                            try:                                   # unacknowledged entries, at most
                                for g in stack.redis.xinfo_groups(key):
                                    n = (g.get("lag") or 0) + (g.get("pending") or 0)
                                    lagmax[key] = max(lagmax.get(key, 0), n)
                            except Exception:
                                pass
                        for k in peak:
                            peak[k] = max(peak[k], st.get(k, 0))
                        time.sleep(0.05)
                th = threading.Thread(target=sample, daemon=True)
                th.start()
                m0 = ai_metrics(stack)
                r = e2e.loadgen(new, stack, doctors, rate, seconds, texts, 120, patients,
                                e2e.env_int("AI_LOAD_WEBHOOKS", 5000) if rate == 0 else -1, upct)
                stop.set()
                th.join()
                if delay >= 0:
                    stack.mock_config({"api": "gemini", "delay_ms": e2e.env_int("BENCH_AI_DELAY_MS", 0)})
                st, ro, m = status(pid), rollup(pid), ai_metrics(stack)
                r.update(load=la, rss_peak=peak["VmRSS"], hwm=st.get("VmHWM", 0), threads=peak["Threads"], inflight=peak["inflight"],
                         anon=ro.get("Anonymous", 0), calls=m["calls"] - m0["calls"], inflight_peak=m["wa_ai_inflight_peak"])
                results[v[0]].append(r)
                print(f"round {rnd + 1} {v[0]:<6} load {la:4.1f}: {r['delivered_per_s']:6.0f} replies/s, "
                      f"{r['replies']:.0f}/{r['texts']:.0f} lost {r['lost']:.0f} dup {r['duplicates']:.0f}, "
                      f"p50 {r['e2e_p50_ms']:.0f} p99 {r['e2e_p99_ms']:.0f} ms; wa-ai {r['calls']:.0f} answers, "
                      f"RSS peak {r['rss_peak'] / 1024:.1f} MiB (VmHWM {r['hwm'] / 1024:.1f}, anonymous now "
                      f"{r['anon'] / 1024:.1f}, file now {ro.get('Rss', 0) / 1024 - r['anon'] / 1024:.1f}), "
                      f"threads {r['threads']}, calls in flight at most {r['inflight']:.0f} (since start {r['inflight_peak']:.0f}); "
                      f"backlog at most (unread + unacknowledged): "
                      f"{', '.join(f'{k} {n}' for k, n in sorted(lagmax.items()))}", flush=True)
        print("\nsummary (medians)")
        for name, rs in results.items():
            def med(k):
                v = sorted(x[k] for x in rs)
                return v[len(v) // 2]
            print(f"{name:<8} p50 {med('e2e_p50_ms'):.0f} ms, p99 {med('e2e_p99_ms'):.0f} ms (all: "
                  f"{', '.join(str(round(x['e2e_p99_ms'])) for x in rs)}), VmHWM {med('hwm') / 1024:.1f} MiB (all: "
                  f"{', '.join('%.1f' % (x['hwm'] / 1024) for x in rs)}), lost "
                  f"{sum(x['lost'] for x in rs):.0f}, dup {sum(x['duplicates'] for x in rs):.0f}")
    finally:
        stack.stop()
        subprocess.run(["rm", "-rf", tmp], check=False)


if __name__ == "__main__":
    main()
