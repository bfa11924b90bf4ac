#!/usr/bin/python3
"""Benchmark (not a test) of one wa-ai process against the mock Gemini answering after a fixed delay (1 s).

Starts a private Redis + PostgreSQL (deploy/local/infra.sh, as the e2e harness does), wa-mock and one wa-ai, puts
N questions on wa:ai at once, and measures until every answer is in wa:out. Prints answers per second, the peak of
model calls in flight (the wa_ai_inflight_peak gauge of the process, and the wa_ai_inflight gauge as sampled) and the
process's memory (VmRSS / VmHWM). wa-ai keeps up to AI_MAX_INFLIGHT calls in flight in a continuous pipeline, so at
saturation the rate is about AI_MAX_INFLIGHT / model delay.

    /usr/bin/python3 bench/ai/bench_ai.py [--bin build/bin] [--questions 3000] [--max-inflight 512] [--delay-ms 1000]

Use a build without sanitizers for figures (ASan multiplies the memory).
"""
import argparse
import json
import os
import sys
import tempfile
import threading
import time
import urllib.request
import uuid

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(ROOT, "tests", "e2e"))

import conftest  # noqa: E402  (the e2e harness: free ports, infra, wactl, process handling)


def metric(port, name):
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics", timeout=2) as r:
            for line in r.read().decode().splitlines():
                if line.startswith(name + " ") or line.startswith(name + "{"):
                    return float(line.split()[-1])
    except OSError:
        pass
    return 0.0


def proc_mem(pid):
    out = {}
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith(("VmRSS", "VmHWM")):
                k, v = line.split(":")
                out[k] = int(v.split()[0])
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", default=os.path.join(ROOT, "build", "bin"))
    ap.add_argument("--questions", type=int, default=3000)
    ap.add_argument("--max-inflight", type=int, default=512, help="AI_MAX_INFLIGHT of wa-ai: calls in flight at most")
    ap.add_argument("--delay-ms", type=int, default=1000)
    args = ap.parse_args()
    conftest.BIN = os.path.abspath(args.bin)

    tmp = tempfile.mkdtemp(prefix="wa-bench-ai-")
    os.chmod(tmp, 0o755)
    st = conftest.Stack(tmp)
    st.env["LOG_LEVEL"] = "warn"
    try:
        import subprocess
        subprocess.run([os.path.join(ROOT, "deploy/local/infra.sh"), "start", os.path.join(tmp, "infra"),
                        str(st.redis_port), str(st.pg_port)], env=st.infra_env(), check=True,
                       stdout=subprocess.DEVNULL)
        st.redis = st.redis_client(decode_responses=True)
        st.wactl("migrate", "--dir", os.path.join(ROOT, "deploy/migrations"))
        st.spawn("mock", [os.path.join(conftest.BIN, "wa-mock"), "--port", str(st.mock_port)])
        conftest.wait_for(lambda: st._ok(f"{st.mock_url}/_mock/health"), what="wa-mock")
        st.mock_config({"api": "gemini", "delay_ms": args.delay_ms, "text": "Please book an appointment."})
        st.start_service("ai", {"AI_MAX_INFLIGHT": str(args.max_inflight)})
        doctor_id = st.wactl("doctor", "add", "--name", "Dr. Bench", "--phone", "+91" + str(uuid.uuid4().int)[:10],
                             "--clinic", "Bench Clinic").strip()
        pid = st.procs["ai"].pid
        port = st.ops["ai"]

        peak = {"inflight": 0.0}
        stop = threading.Event()

        def sample():
            while not stop.is_set():
                peak["inflight"] = max(peak["inflight"], metric(port, "wa_ai_inflight"))
                time.sleep(0.05)
        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()

        pipe = st.redis.pipeline(transaction=False)
        for i in range(args.questions):
            pipe.xadd("wa:ai", {"doctor_id": doctor_id, "patient_id": "", "to": "9198%08d" % i,
                                "wamid": f"wamid.BENCH{i}", "text": f"bench question {i}", "lang": "",
                                "created_at": "0", "kb_context": ""})
        t0 = time.monotonic()
        pipe.execute()
        while st.redis.xlen("wa:out") < args.questions:
            time.sleep(0.02)
        elapsed = time.monotonic() - t0
        stop.set()
        sampler.join()
        mem = proc_mem(pid)
        ok = metric(port, 'wa_ai_calls_total{result="ok"}')
        print(json.dumps({"questions": args.questions, "max_inflight": args.max_inflight,
                          "model_delay_ms": args.delay_ms, "seconds": round(elapsed, 2),
                          "answers_per_s": round(args.questions / elapsed, 1), "answered_by_model": int(ok),
                          "peak_inflight": int(metric(port, "wa_ai_inflight_peak")),
                          "peak_inflight_sampled": int(peak["inflight"]),
                          "rss_kib": mem.get("VmRSS"), "peak_rss_kib": mem.get("VmHWM")}))
    finally:
        st.stop()


if __name__ == "__main__":
    main()
