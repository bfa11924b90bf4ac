#!/usr/bin/python3
"""Redis per reply (issue 14, round 9): what each reply of the mix costs Redis, by command, and each stage's round
trips, old and new builds interleaved on ONE stack.

    bench/redis_per_reply.py <new build dir> [<old build dir>]

bench/e2e.py's stack (bench_stack) on Redis port REDIS_PORT (6565) and PostgreSQL port PG_PORT (5565), the same
clinics as bench/mix_sat.py (BENCH_DOCTORS doctors with their own numbers, BENCH_KB_ENTRIES entries), then
RPR_ROUNDS rounds (2) of the mix (RPR_WEBHOOKS webhooks at once, or RPR_RATE a second; 10 % unique texts, read
receipts) per variant, the variants' order alternating (ABBA); wa-router, wa-ai and wa-sender are restarted from the variant's build and warmed
with RPR_WARM webhooks of the same mix before each measured run. Around each measured run: `CONFIG RESETSTAT`, then
`INFO commandstats` (calls and usec per reply by command; the commands run inside scripts are counted on their own
and again in the EVALSHA's/FCALL's time), redis-server's CPU per reply (/proc), each process group's CPU per reply,
and each of our services' read and write system calls per reply (/proc/<pid>/io syscr + syscw: Redis round trips
are one write and one or more reads each; PostgreSQL and HTTP add theirs). With RPR_STRACE=1 one more run per
variant follows under `strace -c -f` of router, ai and sender (the traced processes run slower, so their batches
differ: read the counts, not the CPU): the system calls by name per reply. The router's and the sender's batches
per reply come from their /metrics (wa_stream_batch_seconds_count): the sender's is its groups, each paying its
round trips to Redis and its statements.
"""
import os
import re
import subprocess
import sys
import tempfile
import time

TICK = os.sysconf("SC_CLK_TCK")
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)


def io_calls(pid):
    """syscr + syscw of a process (all its threads), or None."""
    try:
        with open(f"/proc/{pid}/io") as f:
            kv = dict(line.split(": ") for line in f.read().splitlines())
        return int(kv["syscr"]) + int(kv["syscw"])
    except (OSError, KeyError, ValueError):
        return None


def commandstats(r):
    """{command: (calls, usec)} from INFO commandstats."""
    out = {}
    for k, v in r.info("commandstats").items():
        out[k.replace("cmdstat_", "")] = (int(v["calls"]), int(v["usec"]))
    return out


def batches(stack):
    """{stage: batches read} of the router and the sender (wa_stream_batch_seconds_count of their /metrics)."""
    import urllib.request
    out = {}
    for s in ("router", "sender"):
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{stack.ops[s]}/metrics", timeout=5) as f:
                text = f.read().decode()
        except (OSError, KeyError):
            continue
        m = re.search(r'^wa_stream_batch_seconds_count\{stage="%s"\} (\d+)' % s, text, re.M)
        if m:
            out[s] = int(m.group(1))
    return out


def main():
    if len(sys.argv) not in (2, 3):
        raise SystemExit(__doc__)
    new = os.path.abspath(sys.argv[1])
    old = os.path.abspath(sys.argv[2]) if len(sys.argv) == 3 else None
    os.environ["WA_BIN_DIR"] = os.path.join(new, "bin")
    import e2e
    import conftest
    variants = [("new", new)] if old is None else [("old", old), ("new", new)]
    rounds = e2e.env_int("RPR_ROUNDS", 2)
    nweb = e2e.env_int("RPR_WEBHOOKS", 3000)
    warm = e2e.env_int("RPR_WARM", 2000)
    ndoctors = e2e.env_int("BENCH_DOCTORS", 50)
    entries = min(e2e.env_int("BENCH_KB_ENTRIES", 20), len(e2e.KB))
    patients = e2e.env_int("BENCH_PATIENTS", 20000)
    upct = e2e.env_int("BENCH_UNIQUE_PCT", 10)
    rate = e2e.env_int("RPR_RATE", 0)  # webhooks/s of the measured run; 0: as fast as the stack takes them
    texts = [q for q, _, _ in e2e.KB[:entries]] + e2e.PARAPHRASES + e2e.AI_QUESTIONS
    tmp = tempfile.mkdtemp(prefix="wa-bench-rpr-")
    os.chmod(tmp, 0o755)
    stack = e2e.bench_stack(tmp, e2e.env_int("BENCH_SENDER_RATE", 100000))
    rport, pport = e2e.env_int("REDIS_PORT", 6565), e2e.env_int("PG_PORT", 5565)
    stack.env["REDIS_URL"] = stack.env["REDIS_URL"].replace(f":{stack.redis_port}/", f":{rport}/")
    stack.env["DATABASE_URL"] = stack.env["DATABASE_URL"].replace(f":{stack.pg_port}/", f":{pport}/")
    stack.redis_port, stack.pg_port = rport, pport

    def use(d):
        for s in ("router", "ai", "sender"):
            stack.stop_service(s)
        conftest.BIN = os.path.join(d, "bin")
        for s in ("router", "ai", "sender"):
            stack.start_service(s, {})
        conftest.BIN = os.path.join(new, "bin")

    def run(d, traced=False):
        use(d)
        e2e.drain(stack, 300)
        e2e.loadgen(new, stack, doctors, 0, 10, texts, 120, patients, warm, upct)
        e2e.drain(stack, 300)
        la = os.getloadavg()[0]
        groups = e2e.process_groups(stack)
        stack.redis.config_resetstat()
        b0 = batches(stack)
        cpu0 = e2e.cpu_snapshot(stack)
        io0 = {pid: io_calls(pid) for pid in groups}
        tracers = []
        if traced:
            for s in ("router", "ai", "sender"):
                out = os.path.join(tmp, f"strace-{s}.txt")
                tracers.append((s, out, subprocess.Popen(["strace", "-c", "-f", "-o", out, "-p",
                                                          str(stack.procs[s].pid)], stderr=subprocess.DEVNULL)))
            time.sleep(1)
        r = e2e.loadgen(new, stack, doctors, rate, 10, texts, 120, patients, nweb, upct)
        e2e.drain(stack, 300)
        cs = commandstats(stack.redis)
        b1 = batches(stack)
        cpu1 = e2e.cpu_snapshot(stack)
        io1 = {pid: io_calls(pid) for pid in groups}
        sc = {}
        for s, out, p in tracers:
            p.send_signal(2)
            p.wait()
            with open(out) as f:
                for line in f:
                    m = re.match(r"\s*[0-9.]+\s+[0-9.]+\s+\d+\s+(\d+)\s+(?:\d+\s+)?(\w+)\s*$", line)
                    if m and m.group(2) != "total":
                        sc[(s, m.group(2))] = int(m.group(1))
        cpu = {}
        for k, (g, t) in cpu1.items():
            cpu[g] = cpu.get(g, 0.0) + (t - cpu0.get(k, (g, 0))[1]) / TICK
        io = {}
        for pid, g in groups.items():
            if io0.get(pid) is not None and io1.get(pid) is not None and g in ("ingress", "router", "ai", "sender"):
                io[g] = io.get(g, 0) + io1[pid] - io0[pid]
        nb = {g: b1[g] - b0[g] for g in b1 if g in b0}
        return dict(r=r, load=la, cs=cs, cpu=cpu, io=io, sc=sc, nb=nb)

    results = {v[0]: [] for v in variants}
    try:
        stack.start()
        stack.mock_config({"api": "gemini", "delay_ms": 0})
        doctors = e2e.setup_doctors(stack, ndoctors, entries, tmp)
        print(f"Redis per reply: {ndoctors} doctors, {nweb} webhooks a run, {rounds} round(s) of "
              f"{', '.join(v[0] for v in variants)}, load average {os.getloadavg()[0]:.1f}", flush=True)
        for rnd in range(rounds):
            for name, d in (variants if rnd % 2 == 0 else list(reversed(variants))):
                x = run(d)
                results[name].append(x)
                rep = max(x["r"]["replies"], 1)
                print(f"round {rnd + 1} {name:<4} load {x['load']:.1f}: {x['r']['delivered_per_s']:.0f} replies/s, "
                      f"{x['r']['replies']:.0f} replies, lost {x['r']['lost']:.0f} dup {x['r']['duplicates']:.0f}, "
                      f"p50 {x['r']['e2e_p50_ms']:.0f} p99 {x['r']['e2e_p99_ms']:.0f} ms; "
                      f"redis {x['cpu'].get('redis', 0) * 1e6 / rep:.1f} us/reply, commands "
                      f"{sum(c for c, _ in x['cs'].values()) / rep:.2f}/reply; batches/reply router "
                      f"{x['nb'].get('router', 0) / rep:.3f} sender {x['nb'].get('sender', 0) / rep:.3f}", flush=True)
        if os.environ.get("RPR_STRACE") == "1":
            for name, d in variants:
                x = run(d, traced=True)
                rep = max(x["r"]["replies"], 1)
                print(f"\nstrace -c, {name} ({x['r']['replies']:.0f} replies): system calls per reply")
                for s in ("router", "ai", "sender"):
                    calls = sorted(((c, k[1]) for k, c in x["sc"].items() if k[0] == s), reverse=True)
                    print(f"  {s:<7} " + ", ".join(f"{n} {c / rep:.2f}" for c, n in calls[:10]))
        print("\nsummed over the rounds, per reply:")
        names = [v[0] for v in variants]
        reps = {n: sum(x["r"]["replies"] for x in results[n]) for n in names}
        allc = sorted({c for n in names for x in results[n] for c in x["cs"]})
        rows = []
        for c in allc:
            row = []
            for n in names:
                calls = sum(x["cs"].get(c, (0, 0))[0] for x in results[n]) / max(reps[n], 1)
                us = sum(x["cs"].get(c, (0, 0))[1] for x in results[n]) / max(reps[n], 1)
                row.append((calls, us))
            rows.append((c, row))
        rows.sort(key=lambda t: -t[1][0][1])
        print(f"  {'command':<14} " + "  ".join(f"{n + ' calls':>10} {n + ' us':>8}" for n in names))
        for c, row in rows:
            if max(calls for calls, _ in row) >= 0.005:
                print(f"  {c:<14} " + "  ".join(f"{calls:10.3f} {us:8.2f}" for calls, us in row))
        for label, key in (("commands (all)", None),):
            print(f"  {label:<14} " + "  ".join(
                f"{sum(sum(v[0] for v in x['cs'].values()) for x in results[n]) / max(reps[n], 1):10.3f} "
                f"{sum(sum(v[1] for v in x['cs'].values()) for x in results[n]) / max(reps[n], 1):8.2f}"
                for n in names))
        groups = sorted({g for n in names for x in results[n] for g in x["cpu"]})
        print("\n  CPU us/reply   " + "  ".join(f"{n:>8}" for n in names) + ("   new/old" if old else ""))
        for g in groups:
            v = [sum(x["cpu"].get(g, 0) for x in results[n]) * 1e6 / max(reps[n], 1) for n in names]
            print(f"  {g:<14} " + "  ".join(f"{a:8.1f}" for a in v) +
                  (f"   {v[1] / v[0]:.2f}" if old and v[0] > 0 else ""))
        print("\n  read+write syscalls/reply " + "  ".join(f"{n:>8}" for n in names))
        for g in ("ingress", "router", "ai", "sender"):
            v = [sum(x["io"].get(g, 0) for x in results[n]) / max(reps[n], 1) for n in names]
            print(f"  {g:<25} " + "  ".join(f"{a:8.2f}" for a in v))
        for g in ("router", "sender"):
            v = [sum(x["nb"].get(g, 0) for x in results[n]) / max(reps[n], 1) for n in names]
            print(f"  batches/reply {g:<11} " + "  ".join(f"{a:8.3f}" for a in v))
        for n in names:
            rps = sorted(x["r"]["delivered_per_s"] for x in results[n])
            print(f"  {n}: replies/s {', '.join(f'{v:.0f}' for v in rps)}; lost "
                  f"{sum(x['r']['lost'] for x in results[n]):.0f}, dup {sum(x['r']['duplicates'] for x in results[n]):.0f}"
                  f"; load {', '.join('%.1f' % x['load'] for x in results[n])}")
    finally:
        stack.stop()
        subprocess.run(["rm", "-rf", tmp], check=False)


if __name__ == "__main__":
    main()
