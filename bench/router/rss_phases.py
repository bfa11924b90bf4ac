#!/usr/bin/python3
"""The router's RSS through bench/e2e.py's KB rows (issue 14, round 7), builds interleaved on one stack.

    bench/router/rss_phases.py <build dir> [<build dir> ...]

bench/e2e.py's stack and clinics (BENCH_DOCTORS, 20 entries each); for RSS_ROUNDS (1) rounds, each build's
wa-router in turn (the order reversed every other round: ABBA) is restarted and driven through the rows of
bench/e2e.py that touch it differently: KB questions at saturation (RSS_WEBHOOKS, 1500, cache cold), the answer
cache's warm-up (every doctor sends each KB question once, in one webhook of 30 messages), KB questions again (warm)
and the mix. Per row: the router's peak VmRSS (sampled every 20 ms), VmRSS / RssAnon / RssFile after it drained and
VmHWM; at the end its anonymous mappings over 256 kB (smaps), and with RSS_GDB=1 the RSS after gdb calls
malloc_trim(0) in it (what malloc held freed). RSS_ROUTER_ENV="VAR=value,..." goes to the router's environment.
"""
import os, sys, tempfile, threading, time, subprocess
sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
if len(sys.argv) < 2:
    raise SystemExit(__doc__)
builds = [os.path.abspath(b) for b in sys.argv[1:]]
os.environ["WA_BIN_DIR"] = os.path.join(builds[0], "bin")
import e2e, conftest
# migrations take over the harness' 60 s for wactl on a busy machine
import types as _t, subprocess as _sp
_shim = _t.SimpleNamespace(**{k: getattr(_sp, k) for k in dir(_sp) if not k.startswith('__')})
def _run(*a, **k):
    if k.get("timeout") == 60:
        k["timeout"] = 400
    return _sp.run(*a, **k)
_shim.run = _run
conftest.subprocess = _shim

def status(pid):
    d = {}
    with open(f"/proc/{pid}/status") as f:
        for l in f:
            k, _, v = l.partition(":")
            if k in ("VmRSS", "VmHWM", "RssAnon", "RssFile", "Threads"):
                d[k] = int(v.split()[0])
    return d

def anon_detail(pid):
    # anonymous Rss per mapping bigger than 256 kB
    out = []
    cur = None
    with open(f"/proc/{pid}/smaps") as f:
        for l in f:
            if not l[0].isupper() or l.split()[0].count("-") == 1 and ":" not in l.split()[0]:
                cur = l.split()
                continue
            if l.startswith("Anonymous:") and int(l.split()[1]) >= 256:
                out.append((cur[0], cur[-1] if len(cur) > 5 else "[anon]", int(l.split()[1])))
    return out

class Peak:
    def __init__(self, pid):
        self.pid, self.peak, self.stop = pid, 0, threading.Event()
        self.t = threading.Thread(target=self.run, daemon=True); self.t.start()
    def run(self):
        while not self.stop.is_set():
            try:
                self.peak = max(self.peak, status(self.pid)["VmRSS"])
            except Exception:
                pass
            time.sleep(0.02)
    def take(self):
        p, self.peak = self.peak, 0
        return p

n = e2e.env_int("RSS_WEBHOOKS", 1500)
ndoctors = e2e.env_int("BENCH_DOCTORS", 50)
entries = 20
patients = 20000
texts = [q for q, _, _ in e2e.KB[:entries]] + e2e.PARAPHRASES + e2e.AI_QUESTIONS
kb_texts = [q for q, _, _ in e2e.KB[:entries]] + e2e.PARAPHRASES
tmp = tempfile.mkdtemp(prefix="wa-rss-")
os.chmod(tmp, 0o755)
stack = e2e.bench_stack(tmp, 100000)
renv = dict(x.split("=", 1) for x in os.environ.get("RSS_ROUTER_ENV", "").split(",") if x)
try:
    stack.start()
    stack.mock_config({"api": "gemini", "delay_ms": 0})
    doctors = e2e.setup_doctors(stack, ndoctors, entries, tmp)
    for rnd in range(e2e.env_int("RSS_ROUNDS", 1)):
        order = builds if rnd % 2 == 0 else builds[::-1]
        for b in order:
            stack.stop_service("router")
            conftest.BIN = os.path.join(b, "bin")
            stack.start_service("router", renv)
            pid = stack.procs["router"].pid
            pk = Peak(pid)
            print(f"\n== round {rnd} build {b} load {open('/proc/loadavg').read().split()[0]} start {status(pid)}", flush=True)
            def ph(name, f):
                pk.take()
                f()
                e2e.drain(stack, 300)
                time.sleep(0.3)
                s = status(pid)
                print(f"{name:<10} peak {pk.take()/1024:6.1f} MiB  now {s['VmRSS']/1024:5.1f} anon {s['RssAnon']/1024:5.1f} "
                      f"file {s['RssFile']/1024:5.1f} HWM {s['VmHWM']/1024:5.1f} thr {s['Threads']}", flush=True)
            ph("kb cold", lambda: e2e.loadgen(b, stack, doctors, 0, 10, kb_texts, 120, patients, n, 0))
            ph("warm", lambda: e2e.warm_cache(stack, doctors, kb_texts, patients))
            ph("kb warm", lambda: e2e.loadgen(b, stack, doctors, 0, 10, kb_texts, 120, patients, n, 0))
            ph("mix", lambda: e2e.loadgen(b, stack, doctors, 0, 10, texts, 120, patients, n, 10))
            for m in anon_detail(pid):
                print("   anon", m)
            if os.environ.get("RSS_GDB"):
                r = subprocess.run(["gdb", "-batch", "-p", str(pid), "-ex", "call (int)malloc_trim(0)"],
                                   capture_output=True, text=True)
                s = status(pid)
                print(f"after malloc_trim: now {s['VmRSS']/1024:5.1f} anon {s['RssAnon']/1024:5.1f}", flush=True)
            pk.stop.set()
finally:
    stack.stop()
    subprocess.run(["rm", "-rf", tmp])
