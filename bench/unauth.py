#!/usr/bin/python3
"""What an unauthenticated request costs the ingress: a bogus signature on a 4 MiB JSON body against one on a 1 KB
body (issue 12, section 2: nothing is parsed before it is authenticated).

    bench/unauth.py <build dir>          (a build with wa-mock: cmake -DWA_TESTS=ON, the default)

Starts the isolated stack of the end-to-end tests (tests/e2e/conftest.py) from <build dir>/bin and gives one doctor
its own app secret, so that a webhook the master secret does not verify goes through the doctors' path (before the
fix, that path parsed the whole body with cJSON on the event loop). Then, in one run, for each kind of body, sent
BENCH_UNAUTH_REQUESTS (40) times on one keep-alive connection, it prints:
  - the ingress' CPU time per request (all its threads, from /proc/<pid>/task/*/schedstat),
  - the ingress' own latency per request (wa_ingress_request_seconds: request start, body included, to response),
  - the ingress' RSS after the run and its peak (VmHWM) so far,
and the ratio of each to the 1 KB body's. Kinds: 1 KB with a bogus signature (the baseline); 4 MiB with a malformed
signature header (refused before any HMAC: the cost of receiving 4 MiB at all); 4 MiB `[0,0,...]` with a bogus
signature (the issue's attack); 4 MiB whose first entry names the doctor's WABA and number (the scan finds a
candidate: one more HMAC). Last, BENCH_UNAUTH_PARALLEL (4) clients send the 4 MiB attack at once and the peak RSS
is printed. Figures only, never a pass/fail.
"""
import http.client
import json
import os
import sys
import tempfile
import threading
import time
import uuid

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "tests", "e2e"))


def proc_status(pid, key):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith(key + ":"):
                return int(line.split()[1]) / 1024.0
    return 0.0


def cpu_seconds(pid):
    """CPU time of every thread of the process, in seconds (schedstat: nanoseconds, not 10 ms ticks)."""
    total = 0
    for tid in os.listdir(f"/proc/{pid}/task"):
        try:
            with open(f"/proc/{pid}/task/{tid}/schedstat") as f:
                total += int(f.read().split()[0])
        except OSError:
            pass
    return total / 1e9


def histogram(stack, result):
    """(sum, count) of wa_ingress_request_seconds for one result label."""
    conn = http.client.HTTPConnection("127.0.0.1", stack.ops["ingress"], timeout=10)
    conn.request("GET", "/metrics")
    text = conn.getresponse().read().decode()
    conn.close()
    total = count = 0.0
    for line in text.splitlines():
        if f'result="{result}"' not in line:
            continue
        if line.startswith("wa_ingress_request_seconds_sum"):
            total = float(line.split()[-1])
        elif line.startswith("wa_ingress_request_seconds_count"):
            count = float(line.split()[-1])
    return total, count


def post_many(port, body, signature, n):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    headers = {"Content-Type": "application/json", "X-Hub-Signature-256": signature}
    for _ in range(n):
        conn.request("POST", "/webhook", body, headers)
        r = conn.getresponse()
        r.read()
        if r.status != 401:
            raise SystemExit(f"unauth.py: expected 401, got {r.status}")
    conn.close()


def main():
    if len(sys.argv) != 2:
        raise SystemExit(__doc__)
    build = os.path.abspath(sys.argv[1])
    os.environ["WA_BIN_DIR"] = os.path.join(build, "bin")
    import conftest  # reads WA_BIN_DIR when imported
    for b in ("wa-ingress", "wa-router", "wa-ai", "wa-sender", "wactl", "wa-mock"):
        if not os.access(os.path.join(build, "bin", b), os.X_OK):
            raise SystemExit(f"unauth.py: {build}/bin/{b} missing (build with -DWA_TESTS=ON)")
    n = int(os.environ.get("BENCH_UNAUTH_REQUESTS", 40))
    parallel = int(os.environ.get("BENCH_UNAUTH_PARALLEL", 4))

    tmp = tempfile.mkdtemp(prefix="wa-bench-unauth-")
    os.chmod(tmp, 0o755)
    stack = conftest.Stack(tmp)
    stack.env["LOG_LEVEL"] = "warn"
    for k in ("ASAN_OPTIONS", "UBSAN_OPTIONS"):
        stack.env.pop(k, None)
    try:
        stack.start()
        # one doctor with its own app secret: a failed master check then goes through the doctors' path
        doctor_id, phone = stack.add_doctor("Dr. Bench Own App", "Bench Own App Clinic")
        pnid, token, secret = "pn" + uuid.uuid4().hex[:12], "EAAGbench" + uuid.uuid4().hex, uuid.uuid4().hex
        waba = "waba-" + pnid
        stack.mock_config({"api": "graph", "valid_tokens": [conftest.MASTER_TOKEN, token],
                           "phones": {pnid: "+" + phone}})
        stack.wactl("creds", "set", doctor_id, "--phone-number-id", pnid, "--token", token, "--business-account-id",
                    waba, "--app-id", "bench-app", "--app-secret", secret)
        own = conftest.webhook([conftest.change(phone, pnid, [conftest.text_message(conftest.new_number(), "hi")])])
        own["entry"][0]["id"] = waba
        own_body = json.dumps(own).encode()
        conftest.wait_for(lambda: stack.post_webhook(own_body, secret=secret) == 200, timeout=20,
                          what="the doctor's app secret loaded")

        limit = int(stack.env.get("INGRESS_MAX_BODY_BYTES", 4194304))
        small = json.dumps(conftest.webhook([conftest.change("15550000000", "100200300400", [
            conftest.text_message(conftest.new_number(), "x" * 600)])])).encode()
        zeros = b"[" + b"0," * ((limit - 2) // 2 - 1) + b"0]"
        head = ('{"object":"whatsapp_business_account","entry":[{"id":"%s","changes":[{"field":"messages","value":'
                '{"metadata":{"display_phone_number":"%s","phone_number_id":"%s"},"pad":[' % (waba, phone, pnid)
                ).encode()
        aimed = head + b"0," * ((limit - len(head) - 16) // 2) + b"0]}}]}]}"
        bogus, malformed = "sha256=" + "0" * 64, "sha256=zz"
        kinds = [
            (f"{len(small) / 1024:.1f} KB, bogus signature", small, bogus, "bad_signature"),
            (f"{len(zeros) / 1048576:.1f} MiB, malformed signature", zeros, malformed, "bad_signature"),
            (f"{len(zeros) / 1048576:.1f} MiB [0,0,...], bogus", zeros, bogus, "bad_signature"),
            (f"{len(aimed) / 1048576:.1f} MiB naming the doctor", aimed, bogus, "bad_signature"),
        ]
        pid = stack.procs["ingress"].pid
        print(f"\nunauthenticated requests at the ingress: {n} of each on one connection, "
              f"{os.cpu_count()} CPUs, build {build}")
        print(f"{'body':<34} {'cpu ms/req':>10} {'x 1KB':>7} {'lat ms/req':>10} {'x 1KB':>7} {'RSS MB':>7} "
              f"{'peak MB':>8}")
        base = None
        for label, body, sig, result in kinds:
            s0, c0 = histogram(stack, result)
            cpu0 = cpu_seconds(pid)
            post_many(stack.ingress_port, body, sig, n)
            cpu = (cpu_seconds(pid) - cpu0) * 1000.0 / n
            s1, c1 = histogram(stack, result)
            lat = (s1 - s0) * 1000.0 / max(c1 - c0, 1)
            if base is None:
                base = (max(cpu, 1e-3), max(lat, 1e-3))
            print(f"{label:<34} {cpu:>10.2f} {cpu / base[0]:>7.1f} {lat:>10.2f} {lat / base[1]:>7.1f} "
                  f"{proc_status(pid, 'VmRSS'):>7.0f} {proc_status(pid, 'VmHWM'):>8.0f}", flush=True)

        before = proc_status(pid, "VmRSS")
        threads = [threading.Thread(target=post_many, args=(stack.ingress_port, zeros, bogus, max(n // 4, 2)))
                   for _ in range(parallel)]
        t0 = time.monotonic()
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        print(f"{parallel} clients at once, 4 MiB bogus: {time.monotonic() - t0:.1f} s, RSS {before:.0f} -> "
              f"{proc_status(pid, 'VmRSS'):.0f} MB, peak {proc_status(pid, 'VmHWM'):.0f} MB")
    finally:
        stack.stop()


if __name__ == "__main__":
    main()
