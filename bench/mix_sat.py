#!/usr/bin/python3
"""The mix's saturation, old and new binaries interleaved on ONE stack (issue 14, round 6): a short driver of
bench/e2e.py's saturation row, for comparing two builds of the services on a shared, noisy machine.

    bench/mix_sat.py <new build dir> [<old build dir>]

Starts bench/e2e.py's stack (bench_stack) from the new build, sets up the same clinics (BENCH_DOCTORS doctors with
their own numbers, BENCH_KB_ENTRIES entries), then for MIX_ROUNDS rounds runs the mix's saturation (MIX_WEBHOOKS webhooks at once, 10 % unique texts, read receipts) once
per variant, the variants' order alternating from round to round; before each measured run the restarted services
are warmed with MIX_WARM (3000) webhooks of the same mix, unmeasured (the router's answer cache starts empty). A
variant is a build directory and its environment: wa-router, wa-ai and wa-sender are restarted from that build before each run (the ingress, the mock,
Redis and PostgreSQL stay). MIX_VARIANTS, when set, names the variants instead: "name=dir[:VAR=value,...];...",
e.g. "r1=build:WA_BATCH_SIZE=64;r2=build:BENCH_ROUTERS=2" (BENCH_ROUTERS and BENCH_SENDERS start that many replicas
of the router or sender in their consumer group; BENCH_SQL a SQL file run on the stack's database before the variant's
services start, e.g. bench/pg/body_index_012.sql and body_index_073.sql to compare the two trigram indexes; other
variables go to the three services' environments, and one written service.VAR, e.g. router.WA_BATCH_SIZE=128, to that
service's only).

Per run: replies/s, lost/duplicated, webhook-to-Graph p50/p99, the router's, ai's and sender's peak RSS (VmHWM over
the variant's warm-up and run: they are restarted for each), and per process group the CPU per reply and the share
of the run's wall time the group spent on a core (busy) and waiting for one (runnable, /proc/<pid>/schedstat): a
serial loop whose busy + runnable share is near 1 is the cap; one whose share is low waits on something else.
With MIX_SAMPLE_MS (e.g. 20) a thread samples, that often during each measured run, what every stage's PostgreSQL
backends are doing (pg_stat_activity: running a statement, waiting on an event, idle) and the scheduler state of the
router's, ai's and sender's threads (on a core or runnable, sleeping and in which kernel wait): where a serial loop
spends its time while the others wait (issue 14, round 8).
"""
import os
import subprocess
import sys
import tempfile
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)


def schedstat(pid):
    """(ns on a core, ns runnable waiting for one) of a process, summed over its threads; None when gone."""
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
    return run, wait


def snapshot(e2e, stack):
    groups = e2e.process_groups(stack)
    groups[stack.procs["mock"].pid] = "mock"
    snap = {}
    for pid, g in groups.items():
        s = schedstat(pid)
        if s is not None:
            snap[pid] = (g, s)
    return snap


def delta(before, after):
    out = {}
    for pid, (g, (run, wait)) in after.items():
        r0, w0 = before.get(pid, (g, (0, 0)))[1]
        o = out.setdefault(g, [0, 0])
        o[0] += (run - r0) / 1e9
        o[1] += (wait - w0) / 1e9
    return out


def vmhwm(stack):
    """{service name: peak resident KiB (VmHWM)} of the router, ai and sender processes (and their replicas)."""
    out = {}
    for n, p in stack.procs.items():
        if n.split("-")[0] in ("router", "ai", "sender"):
            try:
                with open(f"/proc/{p.pid}/status") as f:
                    for line in f:
                        if line.startswith("VmHWM:"):
                            out[n] = int(line.split()[1])
            except OSError:
                pass
    return out


def router_metrics(stack):
    """Summed over the router replicas: entries taken, batches and their seconds, answer cache misses (texts the
    router's PostgreSQL analysed), from each replica's /metrics."""
    import re
    import urllib.request
    out = {"entries": 0.0, "batches": 0.0, "batch_s": 0.0, "misses": 0.0, "shared_hits": 0.0}
    pats = {"entries": r"^wa_router_entries_total\{[^}]*\} ([0-9.e+]+)",
            "batches": r"^wa_stream_batch_seconds_count\{[^}]*\} ([0-9.e+]+)",
            "batch_s": r"^wa_stream_batch_seconds_sum\{[^}]*\} ([0-9.e+]+)",
            "misses": r'^wa_router_kb_cache_total\{outcome="miss"\} ([0-9.e+]+)',
            "shared_hits": r'^wa_router_kb_shared_total\{outcome="hit"\} ([0-9.e+]+)'}
    for name, port in stack.ops.items():
        if name.split("-")[0] != "router" or name not in stack.procs:
            continue
        body = urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics", timeout=5).read().decode()
        for k, pat in pats.items():
            out[k] += sum(float(v) for v in re.findall(pat, body, re.M))
    return out


class Sampler:
    """Every MIX_SAMPLE_MS: each wa-* backend's state (pg_stat_activity; an active one with its statement) and each
    stage thread's scheduler state (R, or the kernel function it sleeps in); printed per group as the share of its
    samples in each state."""

    def __init__(self, stack, every_ms):
        import psycopg2
        self.stack, self.every = stack, every_ms / 1e3
        self.conn = psycopg2.connect(stack.env["DATABASE_URL"])
        self.conn.autocommit = True
        self.samples, self.n, self.t0 = [], [], time.monotonic()
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self.run, daemon=True)

    def add(self, key):
        self.samples.append((self.now, key))

    def run(self):
        while not self.stop.is_set():
            t = time.monotonic()
            self.now = t - self.t0
            with self.conn.cursor() as cur:
                cur.execute("SELECT application_name, state, coalesce(wait_event_type || ':' || wait_event, ''), "
                            "regexp_replace(left(query, 2000), '\\s+', ' ', 'g') FROM pg_stat_activity "
                            "WHERE application_name LIKE 'wa-%%' AND pid <> pg_backend_pid()")
                for app, state, wait, query in cur.fetchall():
                    what = state if state != "active" or not wait else "wait " + wait
                    if state == "active":  # which statement: a word that tells the router's apart, else its first
                        tag = next((t for t in ("routed_at = now()", "INSERT INTO patients", "pricing", "a.label",
                                                "parent_user_id") if t in query), None)
                        what += " [" + (tag or " ".join(query.split()[:6])[:60]) + "]"
                    self.add((app + " PG", what))
            for name, proc in list(self.stack.procs.items()):
                if name.split("-")[0] not in ("router", "ai", "sender"):
                    continue
                try:
                    tids = os.listdir(f"/proc/{proc.pid}/task")
                except OSError:
                    continue
                for tid in tids:
                    try:
                        with open(f"/proc/{proc.pid}/task/{tid}/stat") as f:
                            st = f.read().rsplit(")", 1)[1].split()[0]
                        with open(f"/proc/{proc.pid}/task/{tid}/wchan") as f:
                            wchan = f.read().strip()
                    except OSError:
                        continue
                    th = "main" if tid == str(proc.pid) else "thread"
                    self.add((f"{name} {th}", "on a core or runnable" if st == "R" else f"{st} {wchan}"))
            self.n.append(self.now)
            self.stop.wait(max(0.0, self.every - (time.monotonic() - t)))

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *a):
        self.stop.set()
        self.thread.join()
        self.conn.close()

    def print(self, span):
        """The shares over the first `span` seconds (the replies' span: not the loadgen's quiet wait after it)."""
        counts = {}
        for t, key in self.samples:
            if t <= span:
                counts[key] = counts.get(key, 0) + 1
        groups = {}
        for (g, what), c in counts.items():
            groups.setdefault(g, []).append((c, what))
        n = sum(1 for t in self.n if t <= span)
        for g in sorted(groups):
            tot = sum(c for c, _ in groups[g])
            parts = ", ".join(f"{what} {c / tot:.2f}" for c, what in sorted(groups[g], reverse=True)[:8])
            print(f"    sampled {g:<20} ({tot} in {n} samples): {parts}", flush=True)


def parse_variants(new, old):
    spec = os.environ.get("MIX_VARIANTS")
    if not spec:
        vs = [("new", new, {})]
        if old:
            vs.insert(0, ("old", old, {}))
        return vs
    out = []
    for part in spec.split(";"):
        name, rest = part.split("=", 1)
        d, _, envs = rest.partition(":")
        env = dict(kv.split("=", 1) for kv in envs.split(",") if kv)
        out.append((name, os.path.abspath(d), env))
    return out


def main():
    if len(sys.argv) not in (2, 3):
        raise SystemExit(__doc__)
    new = os.path.abspath(sys.argv[1])
    old = os.path.abspath(sys.argv[2]) if len(sys.argv) == 3 else None
    os.environ["WA_BIN_DIR"] = os.path.join(new, "bin")
    import e2e
    import conftest
    variants = parse_variants(new, old)
    rounds = e2e.env_int("MIX_ROUNDS", 2)
    nweb = e2e.env_int("MIX_WEBHOOKS", 3000)
    ndoctors = e2e.env_int("BENCH_DOCTORS", 50)
    entries = min(e2e.env_int("BENCH_KB_ENTRIES", 20), len(e2e.KB))
    patients = e2e.env_int("BENCH_PATIENTS", 20000)
    upct = e2e.env_int("BENCH_UNIQUE_PCT", 10)
    texts = [q for q, _, _ in e2e.KB[:entries]] + e2e.PARAPHRASES + e2e.AI_QUESTIONS
    tmp = tempfile.mkdtemp(prefix="wa-bench-mix-")
    os.chmod(tmp, 0o755)
    stack = e2e.bench_stack(tmp, e2e.env_int("BENCH_SENDER_RATE", 100000))
    replicas = {"router": 1, "sender": 1}

    def use(variant):
        name, d, env = variant
        for s in ("router", "ai", "sender"):
            for i in range(replicas.get(s, 1), 1, -1):
                stack.stop_service(f"{s}-{i}")
            stack.stop_service(s)
        # the replicas' shared answer cache (ROUTER_KB_SHARED_TTL) starts empty, as each router's own does
        for k in stack.redis.scan_iter(match="*kbc:*", count=1000):
            stack.redis.delete(k)
        if env.get("BENCH_SQL"):  # the variant's SQL (e.g. an index), run before its services start
            stack.sql(open(env["BENCH_SQL"]).read())
        conftest.BIN = os.path.join(d, "bin")
        for s in ("router", "ai", "sender"):
            # VAR=value goes to the three services, router.VAR=value (ai., sender.) to that one only
            senv = {k: v for k, v in env.items() if "." not in k and not k.startswith("BENCH_")}
            senv.update({k.split(".", 1)[1]: v for k, v in env.items() if k.startswith(s + ".")})
            n = int(env.get(f"BENCH_{s.upper()}S", 1))
            stack.start_service(s, senv)
            for i in range(2, n + 1):
                stack.start_service(s, senv, tag=f"-{i}")
            replicas[s] = n
        conftest.BIN = os.path.join(new, "bin")

    results = {v[0]: [] for v in variants}
    try:
        stack.start()
        stack.mock_config({"api": "gemini", "delay_ms": e2e.env_int("BENCH_AI_DELAY_MS", 0)})
        t0 = time.monotonic()
        doctors = e2e.setup_doctors(stack, ndoctors, entries, tmp)
        print(f"mix saturation: {ndoctors} doctors, {nweb} webhooks a run, {rounds} round(s) of "
              f"{', '.join(v[0] for v in variants)}; set up in {time.monotonic() - t0:.0f}s, load average "
              f"{os.getloadavg()[0]:.1f}", flush=True)
        for rnd in range(rounds):
            order = variants if rnd % 2 == 0 else list(reversed(variants))
            for v in order:
                use(v)
                # the restarted router's answer cache is empty and its backends cold: warm them as a long-running
                # router is (every (doctor, question) pair seen), unmeasured
                e2e.drain(stack, 300)
                e2e.loadgen(new, stack, doctors, 0, 10, texts, 120, patients, e2e.env_int("MIX_WARM", 3000), upct)
                e2e.drain(stack, 300)
                la = os.getloadavg()[0]
                b = snapshot(e2e, stack)
                m0 = router_metrics(stack)
                t = time.monotonic()
                every = e2e.env_int("MIX_SAMPLE_MS", 0)
                sampler = Sampler(stack, every) if every > 0 else None
                if sampler is not None:
                    with sampler:
                        r = e2e.loadgen(new, stack, doctors, 0, 10, texts, 120, patients, nweb, upct)
                else:
                    r = e2e.loadgen(new, stack, doctors, 0, 10, texts, 120, patients, nweb, upct)
                wall = time.monotonic() - t
                cpu = delta(b, snapshot(e2e, stack))
                m = {k: v - m0[k] for k, v in router_metrics(stack).items()}
                r.update(wall=wall, cpu=cpu, load=la)
                results[v[0]].append(r)
                rep = max(r["replies"], 1)
                # the loadgen's wall time includes the quiet wait; the busy shares use the reply span
                span = rep / max(r["delivered_per_s"], 1e-9)
                print(f"round {rnd + 1} {v[0]:<6} load {la:4.1f}: {r['delivered_per_s']:6.0f} replies/s, "
                      f"{r['replies']:.0f}/{r['texts']:.0f} lost {r['lost']:.0f} dup {r['duplicates']:.0f}, "
                      f"p50 {r['e2e_p50_ms']:.0f} p99 {r['e2e_p99_ms']:.0f} ms, wa-loadgen {r['loadgen_cpu_s']:.2f} s CPU "
                      f"({r['loadgen_cpu_s'] / span:.2f} of the span)", flush=True)
                nb = max(m["batches"], 1)
                print(f"    router batches {m['batches']:.0f}: {m['entries'] / nb:.1f} entries, {m['misses'] / nb:.1f} "
                      f"texts analysed ({m['misses']:.0f}; {m['shared_hits']:.0f} from the shared cache), "
                      f"{m['batch_s'] * 1e3 / nb:.1f} ms each (busy {m['batch_s'] / span:.2f})",
                      flush=True)
                for g in sorted(cpu, key=lambda g: -cpu[g][0]):
                    run, wait = cpu[g]
                    print(f"    {g:<16} {run * 1e6 / rep:7.0f} us/reply  busy {run / span:5.2f}  runnable "
                          f"{wait / span:5.2f}", flush=True)
                # the services were started for this variant: VmHWM is their peak over its warm-up and this run
                print("    VmHWM MiB: " + ", ".join(f"{n} {h / 1024:.1f}" for n, h in sorted(vmhwm(stack).items())),
                      flush=True)
                if sampler is not None:
                    sampler.print(span)
        print("\nsummary (medians of replies/s; CPU per reply summed over rounds)")
        for name, rs in results.items():
            rps = sorted(x["delivered_per_s"] for x in rs)
            rep = sum(x["replies"] for x in rs)
            tot = sum(sum(v[0] for g, v in x["cpu"].items() if g != "mock") for x in rs)
            print(f"{name:<8} replies/s {rps[len(rps) // 2]:6.0f} (all: {', '.join(f'{v:.0f}' for v in rps)}), "
                  f"CPU {tot * 1e6 / max(rep, 1):.0f} us/reply, lost {sum(x['lost'] for x in rs):.0f}, "
                  f"dup {sum(x['duplicates'] for x in rs):.0f}")
    finally:
        stack.stop()
        subprocess.run(["rm", "-rf", tmp], check=False)


if __name__ == "__main__":
    main()
