#!/usr/bin/python3
"""The ai stage at load (issue 14, round 6): its memory and the mix's tail at a fixed webhook rate, old and new builds
interleaved on ONE stack (bench/e2e.py's bench_stack and clinics, as bench/mix_sat.py sets them up).

    bench/ai/ai_load.py <new build dir> [<old build dir>]

For AI_LOAD_ROUNDS (2) rounds, the variants' order alternating (ABBA), wa-router, wa-ai and wa-sender are restarted
from the variant's build (MIX_VARIANTS names variants as bench/mix_sat.py does), warmed with MIX_WARM (2000) webhooks
of the mix, unmeasured, then the mix is sent at AI_LOAD_RATE (1000) webhooks/s for AI_LOAD_SECONDS (10), or with
AI_LOAD_RATE=0 as the saturation rows send it: AI_LOAD_WEBHOOKS (5000) webhooks as fast as they go. Meanwhile
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
    for name in ("wa_ai_inflight_peak",):
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
                e2e.loadgen(new, stack, doctors, 0, 10, texts, 120, patients, e2e.env_int("MIX_WARM", 2000), upct)
                e2e.drain(stack, 300)
                pid = stack.procs["ai"].pid
                la = os.getloadavg()[0]
                peak = {"VmRSS": 0, "Threads": 0}
                stop = threading.Event()

                def sample():
                    while not stop.is_set():
                        st = status(pid)
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
                st, ro, m = status(pid), rollup(pid), ai_metrics(stack)
                r.update(load=la, rss_peak=peak["VmRSS"], hwm=st.get("VmHWM", 0), threads=peak["Threads"],
                         anon=ro.get("Anonymous", 0), calls=m["calls"] - m0["calls"], inflight_peak=m["wa_ai_inflight_peak"])
                results[v[0]].append(r)
                print(f"round {rnd + 1} {v[0]:<6} load {la:4.1f}: {r['delivered_per_s']:6.0f} replies/s, "
                      f"{r['replies']:.0f}/{r['texts']:.0f} lost {r['lost']:.0f} dup {r['duplicates']:.0f}, "
                      f"p50 {r['e2e_p50_ms']:.0f} p99 {r['e2e_p99_ms']:.0f} ms; wa-ai {r['calls']:.0f} answers, "
                      f"RSS peak {r['rss_peak'] / 1024:.1f} MiB (VmHWM {r['hwm'] / 1024:.1f}, anonymous now "
                      f"{r['anon'] / 1024:.1f}, file now {ro.get('Rss', 0) / 1024 - r['anon'] / 1024:.1f}), "
                      f"threads {r['threads']}, calls in flight peak {r['inflight_peak']:.0f}", flush=True)
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
