#!/usr/bin/python3
"""The sender's admission a group at a time (issue 14, round 16: tried and not kept, docs/performance.md "Round 16,
the sender's admission one call a group") against one script call an entry, on one Redis of this machine (its CPU
read from /proc):

    REDIS_PORT=7625 REDIS_PASSWORD=x /usr/bin/python3 bench/sender/admit_group.py [replies] [rounds]

The per-entry script is ratelimit.c's admit_lua; the group ones wrap the same body (see scripts()). Each reply is the KB-cold row's group: a message (lease renewed by the call) and its read receipt (claimed
by the call), on its own pair and readlast keys, 50 numbers' buckets. Per round, both variants over `replies` replies
each (default 20,000; pipelined 200 replies a round trip, as a busy sender's pipeline), the order alternating by
round (ABBA); after each, CONFIG RESETSTAT's counters read: EVALSHA calls and usec per reply, and redis-server's CPU
(utime + stime) per reply. Writes only keys under "bench:admit:" (deleted at the end). Prints the medians and ratios."""
import os
import re
import statistics
import sys

import redis

HERE = os.path.dirname(os.path.abspath(__file__))
TICK = os.sysconf("SC_CLK_TCK")


def scripts():
    """admit_lua's body (ratelimit.c), the group script built around it (each entry's 7 keys and 6 arguments copied
    into tables, the body run as a function of them, as round 16 tried in C) and the variant indexing at an offset."""
    src = open(os.path.join(HERE, "..", "..", "services", "sender", "ratelimit.c"), encoding="utf-8").read()
    body = re.search(r"static const char \*admit_lua =(.*?);\n", src, re.S).group(1)
    body = "".join(re.findall(r'"((?:[^"\\]|\\.)*)"', body))
    group = ("local function admit(KEYS, ARGV) " + body + " end local out, k, a = {}, {}, {} "
             "for i = 0, #KEYS / 7 - 1 do for j = 1, 7 do k[j] = KEYS[i * 7 + j] end "
             "for j = 1, 6 do a[j] = ARGV[i * 6 + j] end out[i + 1] = admit(k, a) end return out")
    offs = re.sub(r"KEYS\[(\d|i)\]", r"KEYS[ko + \1]", re.sub(r"ARGV\[(\d)\]", r"ARGV[ao + \1]", body))
    group2 = ("local function admit(ko, ao) " + offs + " end local out, n = {}, #KEYS / 7 "
              "for i = 0, n - 1 do out[i + 1] = admit(i * 7, i * 6) end return out")
    return body, group, group2


def cpu(pid):
    with open(f"/proc/{pid}/stat") as f:
        v = f.read().rsplit(")", 1)[1].split()
    return (int(v[11]) + int(v[12])) / TICK


def main():
    replies = int(sys.argv[1]) if len(sys.argv) > 1 else 20000
    rounds = int(sys.argv[2]) if len(sys.argv) > 2 else 6
    r = redis.Redis(port=int(os.environ.get("REDIS_PORT", "7625")), password=os.environ.get("REDIS_PASSWORD"))
    pid = r.info("server")["process_id"]
    one, group, group2 = scripts()
    sha = {"entry": r.script_load(one), "group": r.script_load(group), "offsets": r.script_load(group2)}
    now = 1_700_000_000_000

    def entries(i):
        out = []
        for read in (0, 1):
            keys = [f"bench:admit:throttle:number:{i % 50}", f"bench:admit:throttle:pair:{i}", "bench:admit:throttle:app",
                    f"bench:admit:bucket:{i % 50}", f"bench:admit:readlast:{i}", f"bench:admit:sent:{i}:{read}",
                    f"bench:admit:lease:{i}:{read}"]
            args = ["100000", "0", str(now + i) if read else "", "consumer-1", "30000", "1" if read else "0"]
            out.append((keys, args))
        return out

    def check(replies_):
        for v in replies_:  # every entry admitted ({0, 0}): the same work for both variants
            assert all(x[0] == 0 for x in v) if isinstance(v[0], list) else v[0] == 0, v

    def run(variant, base):
        r.config_resetstat()
        c0 = cpu(pid)
        p = r.pipeline(transaction=False)
        for i in range(base, base + replies):
            e = entries(i)
            if variant == "entry":
                for keys, args in e:
                    p.evalsha(sha["entry"], 7, *keys, *args)
            else:
                p.evalsha(sha[variant], 14, *(e[0][0] + e[1][0]), *(e[0][1] + e[1][1]))
            if i % 200 == 199:
                check(p.execute())
        check(p.execute())
        st = r.info("commandstats")["cmdstat_evalsha"]
        return st["calls"] / replies, st["usec"] / replies, (cpu(pid) - c0) * 1e6 / replies

    got = {"entry": [], "group": [], "offsets": []}
    try:
        base = 0
        for k in range(rounds):
            for variant in (("entry", "group", "offsets") if k % 2 == 0 else ("offsets", "group", "entry")):
                got[variant].append(run(variant, base))
                base += replies
    finally:
        r.eval("for _, k in ipairs(redis.call('KEYS', 'bench:admit:*')) do redis.call('DEL', k) end return 0", 0)
    med = {v: [statistics.median(x[j] for x in got[v]) for j in range(3)] for v in got}
    for v in ("entry", "group", "offsets"):
        print(f"{v:7}: EVALSHA {med[v][0]:.2f} a reply, {med[v][1]:.1f} us a reply (commandstats),"
              f" redis-server CPU {med[v][2]:.1f} us a reply; per round {[round(x[2], 1) for x in got[v]]}")
    for v in ("group", "offsets"):
        print(f"{v}/entry: EVALSHA usec {med[v][1] / med['entry'][1]:.3f}, redis-server CPU"
              f" {med[v][2] / med['entry'][2]:.3f} (load {open('/proc/loadavg').read().split()[0]})")


if __name__ == "__main__":
    main()
