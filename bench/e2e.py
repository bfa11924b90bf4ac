#!/usr/bin/python3
"""End-to-end benchmark: webhook in, reply at the (mock) Graph API out, through the real services.

    bench/e2e.py <build dir>          (release build with wa-mock: cmake -DWA_TESTS=ON, the default)

Starts the same isolated stack as the end-to-end tests (tests/e2e/conftest.py: private Redis and PostgreSQL, wa-mock
for Graph and Gemini, the four services from <build dir>/bin), adds BENCH_DOCTORS doctors with a knowledge base, and
drives wa-loadgen at fixed rates (BENCH_RATES, webhooks per second, ~1.3 messages each) and at saturation. For each
run it prints webhooks/s, replies/s (first webhook to last reply), how many messages got their reply at the mock Graph API, and p50/p99/max webhook-to-Graph latency (the
mock's receive time minus the moment the webhook was due). Then the same with answers from the ai service, the mock
Gemini answering after BENCH_AI_DELAY_MS (1000). Last, RSS of each service idle and at its highest during the runs.
Knobs: BENCH_SECONDS (5) per run, BENCH_RATES ("100 1000 5000"), BENCH_AI_RATES ("100 1000"), BENCH_RUNS (1: a
median of several runs when more), BENCH_DOCTORS (5), BENCH_PATIENTS (5000), BENCH_WAIT (60) seconds to wait for
replies after sending, BENCH_SAT_WEBHOOKS (3000) webhooks sent as fast as possible for the saturation run,
BENCH_DRAIN (300) seconds allowed for the pipeline to empty before each run. Everything runs on this machine: the load generator takes CPU from the services.
"""
import os
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "tests", "e2e"))


def env_int(name, default):
    return int(os.environ.get(name, default))


def rss_kb(pid):
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


class RssSampler:
    """Samples every service's VmRSS every 100 ms while running; keeps the highest."""

    def __init__(self, stack, names):
        self.stack, self.names, self.peak = stack, names, {n: 0 for n in names}
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self.run, daemon=True)

    def run(self):
        while not self.stop.is_set():
            for n in self.names:
                self.peak[n] = max(self.peak[n], rss_kb(self.stack.procs[n].pid))
            time.sleep(0.1)


def loadgen(build, stack, doctors, rate, seconds, text, wait, patients, requests=-1):
    drain(stack, env_int("BENCH_DRAIN", 300))
    argv = [os.path.join(build, "bin", "wa-loadgen"), "--url", stack.ingress_url, "--secret", stack.env[
        "WHATSAPP_APP_SECRET"], "--duration", str(seconds if requests < 0 else 3600), "--requests", str(requests),
            "--connections", "64", "--rate", str(rate),
            "--media-pct", "0", "--batch-pct", "10", "--patients", str(patients), "--text", text,
            "--mock", stack.mock_url, "--wait", str(wait)]
    for phone in doctors:
        argv += ["--doctor", f"{phone}:ph-{phone}"]
    out = subprocess.run(argv, capture_output=True, text=True, timeout=seconds + wait + 120).stdout
    m = re.search(r"^RESULT (.*)$", out, re.M)
    if not m:
        raise SystemExit("wa-loadgen gave no result:\n" + out)
    return {k: float(v) if re.fullmatch(r"[0-9.]+", v) else v for k, v in (kv.split("=", 1) for kv in m.group(1).split())}


def drain(stack, timeout):
    """Waits until every consumer group of wa:in, wa:ai and wa:out has nothing pending and no lag, so that the next
    run does not queue behind the last one. Returns the seconds it took."""
    t0 = time.monotonic()
    while time.monotonic() - t0 < timeout:
        busy = False
        for key in ("wa:in", "wa:ai", "wa:out"):
            try:
                groups = stack.redis.xinfo_groups(key)
            except Exception:  # the stream does not exist yet
                continue
            busy = busy or any(g["pending"] or g.get("lag") for g in groups)
        if not busy:
            return time.monotonic() - t0
        time.sleep(0.5)
    raise SystemExit(f"e2e.py: the pipeline did not drain within {timeout}s")


def median_of(runs, key):
    return statistics.median(r[key] for r in runs)


def row(label, runs, seconds):
    msgs = median_of(runs, "messages")
    return (f"{label:<24} {median_of(runs, 'rps'):>10.0f} {median_of(runs, 'delivered_per_s'):>10.0f} "
            f"{median_of(runs, 'replies'):>8.0f}/{msgs:<8.0f} {median_of(runs, 'e2e_p50_ms'):>8.0f} "
            f"{median_of(runs, 'e2e_p99_ms'):>8.0f} {median_of(runs, 'e2e_max_ms'):>8.0f}")


def main():
    if len(sys.argv) != 2:
        raise SystemExit(__doc__)
    build = os.path.abspath(sys.argv[1])
    os.environ["WA_BIN_DIR"] = os.path.join(build, "bin")
    import conftest  # reads WA_BIN_DIR when imported
    for b in ("wa-ingress", "wa-router", "wa-ai", "wa-sender", "wactl", "wa-mock", "wa-loadgen"):
        if not os.access(os.path.join(build, "bin", b), os.X_OK):
            raise SystemExit(f"e2e.py: {build}/bin/{b} missing (build with -DWA_TESTS=ON)")
    seconds = env_int("BENCH_SECONDS", 5)
    runs = env_int("BENCH_RUNS", 1)
    wait = env_int("BENCH_WAIT", 60)
    patients = env_int("BENCH_PATIENTS", 5000)
    rates = [int(r) for r in os.environ.get("BENCH_RATES", "100 1000 5000").split()]
    ai_rates = [int(r) for r in os.environ.get("BENCH_AI_RATES", "100 1000").split()]

    tmp = tempfile.mkdtemp(prefix="wa-bench-e2e-")
    os.chmod(tmp, 0o755)
    stack = conftest.Stack(tmp)
    stack.env["LOG_LEVEL"] = "warn"
    for k in ("ASAN_OPTIONS", "UBSAN_OPTIONS"):
        stack.env.pop(k, None)
    try:
        stack.start()
        doctors = []
        for i in range(env_int("BENCH_DOCTORS", 5)):
            doctor_id, phone = stack.add_doctor(f"Dr. Bench {i}", f"Bench Clinic {i}")
            stack.add_kb(doctor_id, "What are your timings?", f"Bench Clinic {i} is open 9 am to 5 pm.",
                         "timings hours open")
            doctors.append(phone)
        services = list(conftest.SERVICES)
        idle = {n: rss_kb(stack.procs[n].pid) for n in services}
        sampler = RssSampler(stack, services)
        sampler.thread.start()

        print(f"\nend-to-end benchmark: {os.cpu_count()} CPUs, {len(doctors)} doctors, {patients} patients, "
              f"{seconds}s per run, {runs} run(s) each (medians)")
        print(f"{'load':<24} {'webhooks/s':>10} {'replies/s':>10} {'replies/messages':>17} {'p50 ms':>8} "
              f"{'p99 ms':>8} {'max ms':>8}")
        kb_text = "What are your timings?"
        for rate in rates:
            res = [loadgen(build, stack, doctors, rate, seconds, kb_text, wait, patients) for _ in range(runs)]
            print(row(f"kb, {rate}/s", res, seconds), flush=True)
        sat = env_int("BENCH_SAT_WEBHOOKS", 3000)
        res = [loadgen(build, stack, doctors, 0, seconds, kb_text, max(wait, 120), patients, sat) for _ in range(runs)]
        print(row(f"kb, saturation ({sat})", res, seconds), flush=True)
        stack.mock_config({"api": "gemini", "delay_ms": env_int("BENCH_AI_DELAY_MS", 1000)})
        try:
            ai_text = "My daughter has a rash after the new soap, what should we do?"
            for rate in ai_rates:
                res = [loadgen(build, stack, doctors, rate, seconds, ai_text, wait, patients) for _ in range(runs)]
                print(row(f"ai (Gemini 1 s), {rate}/s", res, seconds), flush=True)
        finally:
            stack.mock_config({"api": "gemini"})
        sampler.stop.set()
        sampler.thread.join()
        print(f"\n{'service':<12} {'RSS idle kB':>12} {'RSS peak kB':>12}")
        for n in services:
            print(f"{'wa-' + n:<12} {idle[n]:>12} {sampler.peak[n]:>12}")
    finally:
        stack.stop()
        subprocess.run(["rm", "-rf", tmp], check=False)


if __name__ == "__main__":
    main()
