#!/usr/bin/python3
"""The router's knowledge-base score in C (services/router/kbscore.c, issue 14) against the SQL it ports,
kb_match_tokens_names (deploy/migrations/059_perf13.sql over 134_score28.sql): the same rows for every token list.
Not a test, and it WRITES: run it against a private scratch database migrated to 140 or later, on a server of this
machine (the backend's CPU is read from /proc), after building the C side (bench/router/kbscore_parity.c):

    cmake --build build --target wa-kbscore-parity
    UNDERSTAND_SCRATCH=1 DATABASE_URL=postgresql://wa:wa@127.0.0.1:PORT/wa \\
        /usr/bin/python3 bench/router/kbscore_parity.py

Inserts bench/router/mix_pg.py's doctors (tests/kb_eval's and 4 with bench/e2e.py's 20 entries; removed at the end),
gives each doctor's kb_score_snapshot() to wa-kbscore-parity (KBSCORE_BIN, default build/bin/wa-kbscore-parity), then
scores token lists both ways, 4 rows each, from four sources:
- kb_eval dev: every (doctor, text) pair of tests/kb_eval's dev set (eval.py's SETS["dev"]: KB questions at their
  row's doctor, intent messages at every doctor), analysed by router_analyse_batch in chunks of 32 as the router does;
- kb_eval heldout: the same of every other set. NOTHING of these pairs is ever printed (no text, no token): only
  counts and timings. The held-out sets must never be looked at while tuning;
- bench texts: bench/e2e.py's KB questions, paraphrases and ai questions at every bench doctor, analysed alike;
- synthetic: per doctor KBSCORE_SYNTH (300) lists of 1-6 tokens (a fixed seed) from its snapshot's vocabulary (its
  examples' toks and ktoks but the '$' ones, its name words) mixed with the words the score's special rules read
  (kbscore_lists.py's TRIGGERS) and its narrower rows' concepts and broader words.
Each distinct (doctor, token list) of a source is scored once. Compared per list: exactly (the same rows, ids in the
same order, score/coverage/fit the same double, missing the same), within 1e-9 (ids whose scores lie within 1e-9 of
each other as a set, values within 1e-9), and router_understand_tokens' gate (139_perf29.sql: an enabled entry's
example row shares a token with the list less the clinic's name words) against rt_kbscore_shares_word. Prints the counts
per source, the first 15 lists that differ of every source but the held-out one (doctor, tokens, both sides' rows),
and the cost per call of a sample of 200 lists a source: backend CPU of the SQL against the C's own clock (20 calls).
Exits 1 when a list differs beyond 1e-9 or in the gate.

KBSCORE_ONLY=dev,heldout,bench,synth: those sources only (default all). KBSCORE_SQL_ONLY=1: the SQL side alone (no
C binary needed): how many lists, how many with rows, what the SQL costs."""
import json
import math
import os
import random
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(HERE, ".."))
import analyse_identity  # noqa: E402  (puts tests/kb_eval on the path; backend_clock)
import e2e  # noqa: E402  (KB, PARAPHRASES, AI_QUESTIONS)
import mix_pg  # noqa: E402  (setup: the clinics)
from kbscore_lists import CHUNK, GATE, LIMIT, MATCH, Scorer, same_rows, synthetic  # noqa: E402  (shared with the test)

kbeval = analyse_identity.intent_identity.kbeval
REPO = os.path.abspath(os.path.join(HERE, "..", ".."))
BIN = os.environ.get("KBSCORE_BIN", os.path.join(REPO, "build", "bin", "wa-kbscore-parity"))
SYNTH = int(os.environ.get("KBSCORE_SYNTH", 300))
SQL_ONLY = os.environ.get("KBSCORE_SQL_ONLY") == "1"
SOURCES = ("dev", "heldout", "bench", "synth")
ONLY = [s for s in os.environ.get("KBSCORE_ONLY", ",".join(SOURCES)).split(",") if s]
TITLES = {"dev": "kb_eval dev", "heldout": "kb_eval heldout", "bench": "bench texts", "synth": "synthetic"}
PRINTABLE = ("dev", "bench", "synth")  # never "heldout"
SHOW = 15  # lists that differ, printed per source
TIME_SAMPLE, TIME_REPEAT = 200, 20
EPS = 1e-9
SEED = 140  # the synthetic lists'


def analyse(cur, items):
    cur.execute("EXECUTE ua(%s)", (json.dumps([{"i": i, "d": d, "q": q} for i, (d, q) in enumerate(items)]),))
    return [t for _, t in sorted(cur.fetchall())]


def set_pairs(doctor_ids, sets):
    """eval.all_pairs of the named sets only: (doctor uuid, text)."""
    pairs = []
    for s in sets:
        kb_files, intent_files = kbeval.SETS[s]
        for name in kb_files:
            if os.path.exists(os.path.join(kbeval.HERE, name)):
                pairs += [(str(doctor_ids[(kbeval.KB_FILES[name], row[0])]), row[1])
                          for row in kbeval.read_tsv(name, 5)]
        for name in intent_files:
            if os.path.exists(os.path.join(kbeval.HERE, name)):
                for row in kbeval.read_tsv(name, 4):
                    pairs += [(str(d), row[0]) for d in doctor_ids.values()]
    return pairs


def token_lists(cur, pairs):
    """The distinct (doctor, token tuple) of the pairs, in their first order."""
    out = {}
    for i in range(0, len(pairs), CHUNK):
        part = pairs[i:i + CHUNK]
        for (d, _), t in zip(part, analyse(cur, part)):
            out.setdefault((d, tuple(t or ())), None)
    return list(out)


def sql_side(cur, d, toks):
    cur.execute("EXECUTE km(%s, %s)", (d, list(toks)))
    rows = [(r[0], r[1], r[2], r[3], list(r[4] or [])) for r in cur.fetchall()]
    cur.execute("EXECUTE kg(%s, %s)", (d, list(toks)))
    return rows, bool(cur.fetchone()[0])


def c_side(scorer, d, toks, repeat=None):
    req = {"key": d, "toks": list(toks), "limit": LIMIT}
    if repeat:
        req["repeat"] = repeat
    a = scorer.ask(req)
    if "error" in a:
        return None, None, a
    num = lambda v: None if v is None else float(v)  # noqa: E731
    rows = [(r[0], num(r[1]), num(r[2]), num(r[3]), r[4]) for r in a["rows"]]
    return rows, bool(a["shares"]), a


def same_float(a, b, eps):
    """a, b: floats or None (SQL NULL, the C's NaN), within eps of each other."""
    if a is None or b is None:
        return a is None and b is None
    return math.isclose(a, b, rel_tol=0, abs_tol=eps) or (math.isnan(a) and math.isnan(b))


def close(sql, c):
    """Within EPS: the same number of rows; where SQL's scores run within EPS of each other the order among them is
    free, so each such run must hold the same ids on both sides, with values within EPS. The last run may reach past
    the limit (a fifth candidate tied with the fourth): there the ids that only one side has are free too, but their
    scores must still be within EPS of the run's."""
    if len(sql) != len(c):
        return False
    runs, start = [], 0
    for i in range(1, len(sql) + 1):
        if i == len(sql) or sql[i][1] is None or sql[i - 1][1] is None or abs(sql[i][1] - sql[i - 1][1]) > EPS:
            runs.append((start, i))
            start = i
    for a, b in runs:
        s_run, c_run = {r[0]: r for r in sql[a:b]}, {r[0]: r for r in c[a:b]}
        if set(s_run) != set(c_run):
            if b != LIMIT:
                return False
            if not all(same_float(s[1], k[1], EPS) for s, k in zip(sql[a:b], c[a:b])):
                return False
        for i in set(s_run) & set(c_run):
            s, k = s_run[i], c_run[i]
            if not all(same_float(s[j], k[j], EPS) for j in (1, 2, 3)) or s[4] != k[4]:
                return False
    return True


def compact(rows):
    return "; ".join(f"{r[0]} {r[1]!r} cov {r[2]!r} fit {r[3]!r} miss {r[4]}" for r in rows) or "(none)"


def main():
    if os.environ.get("UNDERSTAND_SCRATCH") != "1":
        sys.exit("kbscore_parity.py writes to the database: set UNDERSTAND_SCRATCH=1 for a private scratch database")
    unknown = set(ONLY) - set(SOURCES)
    if unknown:
        sys.exit(f"KBSCORE_ONLY: unknown {sorted(unknown)}; sources are {','.join(SOURCES)}")
    if not SQL_ONLY and not os.access(BIN, os.X_OK):
        sys.exit(f"{BIN}: not built (cmake --build build --target wa-kbscore-parity), or set KBSCORE_BIN")
    scorer = None if SQL_ONLY else Scorer(BIN)
    conn, cur, doctor_ids, bench = mix_pg.setup(os.environ["DATABASE_URL"])
    all_ids = [str(d) for d in doctor_ids.values()]
    bad, at = 0, "the start"  # at: what the C side was asked last, should it die on it
    stopped = False  # the C side died: its stderr printed already
    try:
        cur.execute("PREPARE ua(jsonb) AS SELECT i, toks FROM router_analyse_batch($1::jsonb)")
        cur.execute(MATCH)
        cur.execute(GATE)
        clock = analyse_identity.backend_clock(cur)
        assert clock, "the server must run on this machine (backend CPU from /proc)"
        # the doctors by index (what a printed mismatch names) and their label
        doctors = [(str(d), f"{f}/{k}") for (f, k), d in doctor_ids.items()] + \
                  [(d, f"bench/{i}") for i, d in enumerate(bench)]
        index = {d: i for i, (d, _) in enumerate(doctors)}

        snaps, nbytes = {}, 0
        for d, label in doctors:
            cur.execute("SELECT kb_score_snapshot(%s)", (d,))
            snaps[d] = cur.fetchone()[0]
            nbytes += len(json.dumps(snaps[d], ensure_ascii=False).encode())
            if scorer:
                at = f"the snapshot of doctor {index[d]}"
                a = scorer.ask({"key": d, "snapshot": snaps[d]})
                if not a.get("ok"):
                    print(f"doctor {index[d]} ({label}): snapshot refused: {a.get('error')}", flush=True)
                    bad += 1
        print(f"{len(doctors)} doctors, snapshots {nbytes / len(doctors) / 1024:.0f} KiB each on average"
              f" (load {open('/proc/loadavg').read().split()[0]})", flush=True)

        t0 = time.monotonic()
        lists, npairs = {}, {}
        if "dev" in ONLY or "heldout" in ONLY:
            dev_sets = ("dev",)
            for src, sets in (("dev", dev_sets), ("heldout", [s for s in kbeval.SETS if s not in dev_sets])):
                if src in ONLY:
                    pairs = set_pairs(doctor_ids, sets)
                    npairs[src] = len(pairs)
                    lists[src] = token_lists(cur, pairs)
        if "bench" in ONLY:
            pairs = [(d, q) for d in bench for q in [q for q, _, _ in e2e.KB] + e2e.PARAPHRASES + e2e.AI_QUESTIONS]
            npairs["bench"] = len(pairs)
            lists["bench"] = token_lists(cur, pairs)
        if "synth" in ONLY:
            lists["synth"] = synthetic(snaps, SYNTH, SEED)
            npairs["synth"] = len(doctors) * SYNTH
        print(f"analysed in {time.monotonic() - t0:.0f} s: " + ", ".join(
            f"{TITLES[s]} {npairs[s]} pairs -> {len(lists[s])} distinct lists" for s in SOURCES if s in lists),
            flush=True)

        print(f"{'source':16} {'lists':>6} {'rows>0':>6} " + (
            "(lists with candidates)" if scorer is None else f"{'exact':>6} {'1e-9':>6} {'gate':>6}  (lists equal)"),
            flush=True)
        shown = {}
        for src in SOURCES:
            if src not in lists:
                continue
            n = with_rows = gate_true = n_exact = n_close = n_gate = 0
            t0, c0 = time.monotonic(), clock()
            for d, toks in lists[src]:
                sql, sql_gate = sql_side(cur, d, toks)
                n += 1
                with_rows += bool(sql)
                gate_true += sql_gate
                if scorer is None:
                    continue
                at = f"{TITLES[src]} list {n}, doctor {index[d]}" + (f", toks {list(toks)}" if src in PRINTABLE else "")
                c, c_gate, raw = c_side(scorer, d, toks)
                ok_exact = c is not None and same_rows(sql, c)
                ok_close = ok_exact or (c is not None and close(sql, c))
                ok_gate = c_gate is not None and c_gate == sql_gate
                n_exact += ok_exact
                n_close += ok_close
                n_gate += ok_gate
                bad += not (ok_close and ok_gate)
                if not (ok_exact and ok_gate) and src in PRINTABLE and len(shown.setdefault(src, [])) < SHOW:
                    what = ", ".join(w for w, bad_part in (("rows beyond 1e-9", not ok_close),
                                                            ("rows exact only", ok_close and not ok_exact),
                                                            ("gate", not ok_gate)) if bad_part)
                    shown[src].append(
                        f"  [{what}] doctor {index[d]} ({doctors[index[d]][1]}) toks {list(toks)}\n"
                        f"    sql: gate {int(sql_gate)}  {compact(sql)}\n"
                        f"    c:   " + (f"gate {int(c_gate)}  {compact(c)}" if c is not None else f"{raw}"))
            if scorer is None:
                print(f"{TITLES[src]:16} {n:6} {with_rows:6}  gate true {gate_true}; SQL {time.monotonic() - t0:.0f} s,"
                      f" backend CPU {(clock() - c0) * 1e3 / max(n, 1):.2f} ms a list (match and gate)", flush=True)
            else:
                print(f"{TITLES[src]:16} {n:6} {with_rows:6} {n_exact:6} {n_close:6} {n_gate:6}", flush=True)
        for src in PRINTABLE:
            if shown.get(src):
                print(f"first {len(shown[src])} lists that differ, {TITLES[src]}:")
                print("\n".join(shown[src]), flush=True)

        # cost a call: the same sample of each source both ways
        print(f"cost a call, {TIME_SAMPLE} lists a source (load {open('/proc/loadavg').read().split()[0]}):")
        rnd = random.Random(141)
        for src in SOURCES:
            if src not in lists:
                continue
            sample = rnd.sample(lists[src], min(TIME_SAMPLE, len(lists[src])))
            at = f"the timing of {TITLES[src]}"
            for d, toks in sample[:10]:  # plans and caches warm, untimed
                sql_side(cur, d, toks)
            c0 = clock()
            for d, toks in sample:
                cur.execute("EXECUTE km(%s, %s)", (d, list(toks)))
                cur.fetchall()
            sql_us = (clock() - c0) * 1e6 / len(sample)
            line = f"  {TITLES[src]:16} SQL backend CPU {sql_us:8.0f} us"
            if scorer is not None:
                ns = []
                for d, toks in sample:
                    _, _, a = c_side(scorer, d, toks, TIME_REPEAT)
                    if "ns" in a:
                        ns.append(a["ns"])
                c_us = sum(ns) / len(ns) / 1e3 if ns else float("nan")
                line += f"   C {c_us:8.1f} us   SQL/C {sql_us / c_us if c_us else float('nan'):8.0f}"
            print(line, flush=True)
    except RuntimeError as e:  # the C side died: on which list (its tokens unless held out), and its stderr
        print(f"stopped on {at}: {e}", flush=True)
        bad += 1
        stopped = True
    finally:
        cur.execute("ROLLBACK")
        cur.execute("DELETE FROM doctors WHERE id = ANY (%s::uuid[])", (all_ids + bench,))
        conn.close()
        if scorer:
            rc, err = scorer.close()
            if (rc or err) and not stopped:  # a sanitizer's report, say
                print(f"wa-kbscore-parity exit status {rc}: {err[-4000:]}", flush=True)
                bad += rc != 0
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
