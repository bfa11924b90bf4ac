#!/usr/bin/python3
"""The sender's Redis commands per reply, replayed against a private redis-server (issue 14, round 9): Redis' own CPU
for what the sender asks of it per reply (a text and its read receipt), two trees' versions interleaved, with nothing
else on the server, so that the machine's other load moves both alike.

    bench/redis_sender_replay.py [<old git revision> [<new git revision>]]   (default: HEAD~1 and the work tree)

The scripts are read from each tree's services/sender/lease.c and ratelimit.c (the C string literals), so the replay
runs exactly the Lua the sender runs. Per group of REPLAY_GROUP (8) replies, as the sender's phases send them, each
phase one pipeline (one round trip):
  old (scripts):  claim script per text; admission per text (its lease renewed) and per read (claimed by it); mark
                  script per text and read;
  new (plain):    SET lease NX PX + GET sent per text; the same admission calls; SET sent EX + DEL lease per text and
                  read.
redis-server runs as the stack's does (appendonly yes, appendfsync everysec, an ACL user with a key pattern like
wa-sender's), on a unix socket in a temporary folder. REPLAY_REPLIES (20000) replies a run, REPLAY_ROUNDS (3) rounds
of old/new alternating (ABBA); prints Redis CPU per reply (utime + stime from /proc, 10 ms ticks) and the calls and
commandstats time per reply by command.
"""
import os
import re
import subprocess
import sys
import tempfile
import time

import redis

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TICK = os.sysconf("SC_CLK_TCK")
CONSUMER = "sender-replay-1"
LEASE_MS = "25000"
SENT_TTL = "691200"


def source(rev, path):
    if rev is None:
        with open(os.path.join(ROOT, path)) as f:
            return f.read()
    return subprocess.run(["git", "-C", ROOT, "show", f"{rev}:{path}"], check=True, capture_output=True,
                          text=True).stdout


def c_string(src, name):
    """The value of `static const char *name = "..." "...";` (adjacent literals joined), or None."""
    m = re.search(r"static const char \*%s\s*=\s*((?:\s*\"(?:[^\"\\]|\\.)*\")+)\s*;" % name, src)
    if m is None:
        return None
    parts = re.findall(r"\"((?:[^\"\\]|\\.)*)\"", m.group(1))
    return "".join(p.encode().decode("unicode_escape") for p in parts)


def cpu(pid):
    with open(f"/proc/{pid}/stat") as f:
        a = f.read().rsplit(")", 1)[1].split()
    return (int(a[11]) + int(a[12])) / TICK


class Variant:
    def __init__(self, name, rev):
        lease = source(rev, "services/sender/lease.c")
        rl = source(rev, "services/sender/ratelimit.c")
        self.name = name
        self.claim = c_string(lease, "claim_lua")
        self.mark = c_string(lease, "mark_lua")  # None: the plain mark
        self.admit = c_string(rl, "admit_lua")
        # the plain claim: the tree's claim_all sends SET NX + GET (its claim script only for a held lease)
        self.plain_claim = '"SET", it->lease_key, s->cfg->consumer_name, "NX"' in lease
        self.sha = {}

    def load(self, r):
        for k in ("claim", "mark", "admit"):
            if getattr(self, k) is not None:
                self.sha[k] = r.script_load(getattr(self, k))


def run(r, v, tag, replies, group):
    """Replays `replies` replies (a text and its read each) in groups; returns nothing (the caller measures)."""
    now = int(time.time() * 1000)
    for g0 in range(0, replies, group):
        items = []
        for i in range(g0, min(g0 + group, replies)):
            num = f"10{i % 50:013d}"
            pair = f"{num}:9199{i % 20000:08d}"
            items.append((i, num, pair))
        # 1. the claim of the texts (reads are claimed by their admission)
        p = r.pipeline(transaction=False)
        for i, num, pair in items:
            sent, lease = f"wa:sent:reply:{tag}:{i}", f"wa:sending:reply:{tag}:{i}"
            if v.plain_claim:
                p.execute_command("SET", lease, CONSUMER, "NX", "PX", LEASE_MS)
                p.execute_command("GET", sent)
            else:
                p.evalsha(v.sha["claim"], 2, sent, lease, CONSUMER, LEASE_MS)
        p.execute()
        # 2. the admission: every text (its lease renewed) and every read (claimed by it)
        p = r.pipeline(transaction=False)
        for i, num, pair in items:
            keys = [f"wa:throttle:number:{num}", f"wa:throttle:pair:{pair}", f"wa:throttle:app:{num}",
                    f"wa:bucket:{num}", f"wa:readlast:{pair}"]
            p.evalsha(v.sha["admit"], 7, *keys, f"wa:sent:reply:{tag}:{i}", f"wa:sending:reply:{tag}:{i}",
                      "100000", "0", "", CONSUMER, LEASE_MS, "0")
            p.evalsha(v.sha["admit"], 7, *keys, f"wa:sent:read:{tag}:{i}", f"wa:sending:read:{tag}:{i}",
                      "100000", "0", str(now + i), CONSUMER, LEASE_MS, "1")
        p.execute()
        # 3. the marks of the round's accepted sends
        p = r.pipeline(transaction=False)
        for i, num, pair in items:
            for kind, wamid in (("reply", f"wamid.HBgM{tag}{i:010d}AAA="), ("read", "")):
                sent, lease = f"wa:sent:{kind}:{tag}:{i}", f"wa:sending:{kind}:{tag}:{i}"
                if v.mark is not None:
                    p.evalsha(v.sha["mark"], 2, sent, lease, wamid, SENT_TTL, CONSUMER)
                else:
                    p.execute_command("SET", sent, wamid, "EX", SENT_TTL)
                    p.execute_command("DEL", lease)
        p.execute()


def main():
    old_rev = sys.argv[1] if len(sys.argv) > 1 else "HEAD~1"
    new_rev = sys.argv[2] if len(sys.argv) > 2 else None
    variants = [Variant("old", old_rev), Variant("new", new_rev)]
    replies = int(os.environ.get("REPLAY_REPLIES", 20000))
    group = int(os.environ.get("REPLAY_GROUP", 8))
    rounds = int(os.environ.get("REPLAY_ROUNDS", 3))
    tmp = tempfile.mkdtemp(prefix="wa-replay-")
    sock = os.path.join(tmp, "redis.sock")
    with open(os.path.join(tmp, "users.acl"), "w") as f:
        f.write("user default on nopass ~* &* +@all\n"
                "user wa-sender on nopass resetchannels ~wa:* +@all -@dangerous +client|id +client|unblock +info\n")
    srv = subprocess.Popen(["redis-server", "--port", "0", "--unixsocket", sock, "--dir", tmp, "--save", "",
                            "--appendonly", "yes", "--appendfsync", "everysec", "--aclfile",
                            os.path.join(tmp, "users.acl")], stdout=subprocess.DEVNULL)
    try:
        adm = redis.Redis(unix_socket_path=sock)
        for _ in range(100):
            try:
                adm.ping()
                break
            except redis.exceptions.ConnectionError:
                time.sleep(0.05)
        r = redis.Redis(unix_socket_path=sock, username="wa-sender", password="x")
        for v in variants:
            v.load(r)
        res = {v.name: [] for v in variants}
        print(f"replaying {replies} replies a run in groups of {group}, {rounds} rounds, load average "
              f"{os.getloadavg()[0]:.1f}", flush=True)
        for rnd in range(rounds):
            for v in (variants if rnd % 2 == 0 else variants[::-1]):
                adm.flushall()
                adm.config_resetstat()
                c0 = cpu(srv.pid)
                run(r, v, f"{v.name}{rnd}", replies, group)
                c1 = cpu(srv.pid)
                st = adm.info("commandstats")
                res[v.name].append((c1 - c0, st))
                print(f"round {rnd + 1} {v.name}: redis-server {1e6 * (c1 - c0) / replies:.1f} us CPU a reply, "
                      f"load {os.getloadavg()[0]:.1f}", flush=True)
        print("\nsummed over the rounds, per reply (a text and its read receipt):")
        for v in variants:
            tot = sum(c for c, _ in res[v.name])
            n = replies * len(res[v.name])
            calls, us = {}, {}
            for _, st in res[v.name]:
                for k, x in st.items():
                    k = k.replace("cmdstat_", "")
                    if k.startswith("config") or k.startswith("flushall") or k == "info":
                        continue
                    calls[k] = calls.get(k, 0) + x["calls"]
                    us[k] = us.get(k, 0) + x["usec"]
            print(f"  {v.name}: redis-server CPU {1e6 * tot / n:.1f} us; " +
                  ", ".join(f"{k} {calls[k] / n:.2f} ({us[k] / n:.2f} us)" for k in sorted(calls, key=lambda k: -us[k])))
        o = sum(c for c, _ in res["old"])
        nw = sum(c for c, _ in res["new"])
        print(f"  new / old CPU: {nw / o:.2f}")
    finally:
        srv.terminate()
        srv.wait()
        subprocess.run(["rm", "-rf", tmp], check=False)


if __name__ == "__main__":
    main()
