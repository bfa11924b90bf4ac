#!/usr/bin/python3
"""The router's analysis of a new text in C (services/router/analyse.c, issue 14, round 32) against the SQL it ports,
router_analyse_batch (deploy/migrations/139_perf29.sql over 120_perf30.sql's kb_analyse_parts): the same tokens for
every text the C analyses; a text it leaves to SQL (a fallback) is legal and counted apart. Not a test, and it WRITES:
run it against a private scratch database migrated to 141 or later, after building the C side
(bench/router/analyse_parity.c):

    cmake --build build --target wa-analyse-parity
    UNDERSTAND_SCRATCH=1 DATABASE_URL=postgresql://wa:wa@127.0.0.1:PORT/wa \\
        /usr/bin/python3 bench/router/analyse_parity.py

Inserts bench/router/mix_pg.py's doctors (tests/kb_eval's and 4 with bench/e2e.py's 20 entries; removed at the end),
then gives (doctor, text) pairs to wa-analyse-parity (ANALYSE_BIN, default build/bin/wa-analyse-parity), 32 a request
as the router sends them, which runs rt_analyse_batch and wa_kb_analyse_batch (router_analyse_batch) over the same
pairs on one connection of its own (DATABASE_URL from the environment), from four sources:
- kb_eval dev: every pair of tests/kb_eval's dev set (kbscore_parity.set_pairs: KB questions at their row's doctor,
  intent messages at every doctor);
- kb_eval heldout: the same of every other set. NOTHING of these pairs is ever printed (no text, no token): only
  counts and timings. The held-out sets must never be looked at while tuning;
- bench texts: bench/e2e.py's KB questions, paraphrases and ai questions at every bench doctor, as they are and made
  unique: with bench/loadgen.c's " (case N)" appended (its --unique-pct), and with a bare number appended;
- synthetic: per doctor ANALYSE_SYNTH (200) texts, a fixed seed, that stress the analysis: words of the clinic's
  lexicon and entries in mixed case with punctuation, quotes and emoji between them; Devanagari words with their nukta
  letters composed, decomposed or dropped, joiners inside, candrabindu for anusvara, a danda after; digits alone and
  inside words; words ending in -ies, -s, -ss, -us (kb_fold's edges, mixed scripts too); the word null (which a text[]
  prints quoted); characters whose lower case the port may not know; the clinic's and the global multi-word synonyms
  embedded in sentences (whole, their first two words, split by punctuation or a line break, twice in a row); texts
  longer than 1000 characters (a word across the 1000th); empty and blank texts.
Each distinct (doctor, text) of a source is compared once: the C's tokens (a text[] literal) against SQL's, as
strings. Prints per source the pairs, how many the C analysed, how many it left to SQL, how many of those it analysed
are equal and how many DIFFERENT, and the nanoseconds a text of each side (the tool's clock around each call, round
trips included) over the pairs both analysed, asked again for the timing alone; then the first 15 differences of
every source but the held-out one (doctor, text, both sides' tokens). Exits 1 when a pair differs or a request fails
(a fallback is not a difference).

ANALYSE_ONLY=dev,heldout,bench,synth: those sources only (default all)."""
import os
import random
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(HERE, ".."))
import e2e  # noqa: E402  (KB, PARAPHRASES, AI_QUESTIONS)
import mix_pg  # noqa: E402  (setup: the clinics)
from analyse_texts import LONG, synthetic  # noqa: E402  (the synthetic texts)
from kbscore_lists import CHUNK, Scorer  # noqa: E402  (the C side as a subprocess)
from kbscore_parity import PRINTABLE, REPO, SHOW, SOURCES, TITLES, kbeval, set_pairs  # noqa: E402

BIN = os.environ.get("ANALYSE_BIN", os.path.join(REPO, "build", "bin", "wa-analyse-parity"))
SYNTH = int(os.environ.get("ANALYSE_SYNTH", 200))
ONLY = [s for s in os.environ.get("ANALYSE_ONLY", ",".join(SOURCES)).split(",") if s]
SEED = 141  # the synthetic texts' and the bench texts' numbers

def distinct(pairs):
    return list(dict.fromkeys(pairs))


def short(text, n=200):
    """A text's repr for a report: whole when short, else its start and the part around the 1000th character."""
    if len(text) <= n:
        return repr(text)
    return f"{text[:n // 2]!r} ... {text[LONG - 40:LONG + 40]!r} ({len(text)} characters)"


def compare(tool, src, pairs, label):
    """Every pair of a source through the tool, CHUNK a request, then the pairs the C analysed again for the timing.
    Returns (counts, the differences to print: none for the held-out source). label: a doctor's name in a report."""
    n = {"c": 0, "sql": 0, "equal": 0, "different": 0, "errors": 0, "c_ns": 0, "s_ns": 0}
    shown, both = [], []
    for part, a in ask(tool, src, pairs, "compare"):
        if a is None:
            n["errors"] += len(part)
            continue
        for (d, q), c, s in zip(part, a["c"], a["s"]):
            if c is None:
                n["sql"] += 1
                continue
            n["c"] += 1
            both.append((d, q))
            if c == s:
                n["equal"] += 1
            else:
                n["different"] += 1
                if src in PRINTABLE and len(shown) < SHOW:
                    shown.append(f"  doctor {label[d]} text {short(q)}\n    c:   {c}\n    sql: {s}")
    for part, a in ask(tool, src, both, "timing"):
        if a is None:
            n["errors"] += len(part)
        else:
            n["c_ns"] += a["c_ns"]
            n["s_ns"] += a["s_ns"]
    n["timed"] = len(both)
    return n, shown


def ask(tool, src, pairs, what):
    """(chunk, answer) for each chunk of the pairs; the answer None after printing why (an error answer, or one of the
    wrong shape). A death of the tool raises RuntimeError saying where: the chunk, and its texts unless held out."""
    for k, i in enumerate(range(0, len(pairs), CHUNK)):
        part = pairs[i:i + CHUNK]
        at = f"{TITLES[src]}, {what} request {k} ({len(part)} pairs)"
        try:
            a = tool.ask({"pairs": [[d, q] for d, q in part]})
        except RuntimeError as e:
            if src not in PRINTABLE:  # its stderr could hold a statement's error about a held-out text
                raise RuntimeError(f"on {at}: the C side ended (its stderr not printed: held-out texts)") from None
            raise RuntimeError(f"on {at}, texts {', '.join(short(q, 60) for _, q in part)}: {e}") from None
        if "error" in a:
            print(f"  {at}: {a['error']}", flush=True)
            a = None
        elif len(a.get("c", ())) != len(part) or len(a.get("s", ())) != len(part):
            print(f"  {at}: {len(a.get('c', ()))} and {len(a.get('s', ()))} answers", flush=True)
            a = None
        yield part, a


def main():
    if os.environ.get("UNDERSTAND_SCRATCH") != "1":
        sys.exit("analyse_parity.py writes to the database: set UNDERSTAND_SCRATCH=1 for a private scratch database")
    unknown = set(ONLY) - set(SOURCES)
    if unknown:
        sys.exit(f"ANALYSE_ONLY: unknown {sorted(unknown)}; sources are {','.join(SOURCES)}")
    if not os.access(BIN, os.X_OK):
        sys.exit(f"{BIN}: not built (cmake --build build --target wa-analyse-parity), or set ANALYSE_BIN")
    if not os.environ.get("DATABASE_URL"):
        sys.exit("DATABASE_URL: not set (the scratch database, for this script and the C side)")
    tool = Scorer(BIN)  # it reads DATABASE_URL from the environment it inherits
    try:  # connected (it connects before it reads a line): a request without pairs answers an error, or it died
        tool.ask({})
    except RuntimeError as e:  # before any doctor is inserted, and before any held-out text went through it
        sys.exit(f"the C side did not start: {e}")
    conn, cur, doctor_ids, bench = mix_pg.setup(os.environ["DATABASE_URL"])
    all_ids = [str(d) for d in doctor_ids.values()]
    bad, stopped = 0, False
    try:
        label = {str(d): f"{i} ({f}/{k})" for i, ((f, k), d) in enumerate(doctor_ids.items())}
        label.update({d: f"{len(all_ids) + i} (bench/{i})" for i, d in enumerate(bench)})

        t0 = time.monotonic()
        pairs = {}
        dev_sets = ("dev",)
        for src, sets in (("dev", dev_sets), ("heldout", [s for s in kbeval.SETS if s not in dev_sets])):
            if src in ONLY:
                pairs[src] = distinct(set_pairs(doctor_ids, sets))
        if "bench" in ONLY:
            rnd = random.Random(SEED)
            texts = [q for q, _, _ in e2e.KB] + e2e.PARAPHRASES + e2e.AI_QUESTIONS
            pairs["bench"] = distinct([(d, q) for d in bench for q in texts] +
                                      [(d, f"{q} (case {rnd.randrange(10**9)})") for d in bench for q in texts] +
                                      [(d, f"{q} {rnd.randrange(10**4)}") for d in bench for q in texts])
        if "synth" in ONLY:
            pairs["synth"] = synthetic(cur, all_ids + bench, SYNTH, SEED)
        print(f"{len(label)} doctors; pairs in {time.monotonic() - t0:.0f} s (load "
              f"{open('/proc/loadavg').read().split()[0]})", flush=True)

        print(f"{'source':16} {'pairs':>6} {'C':>6} {'SQL':>6} {'equal':>6} {'DIFFER':>6} {'errors':>6}"
              f"  {'C ns/text':>10} {'SQL ns/text':>11} {'SQL/C':>6}", flush=True)
        shown = {}
        for src in SOURCES:
            if src not in pairs:
                continue
            n, shown[src] = compare(tool, src, pairs[src], label)
            bad += n["different"] + n["errors"]
            c_ns = n["c_ns"] / n["timed"] if n["timed"] else float("nan")
            s_ns = n["s_ns"] / n["timed"] if n["timed"] else float("nan")
            print(f"{TITLES[src]:16} {len(pairs[src]):6} {n['c']:6} {n['sql']:6} {n['equal']:6} {n['different']:6}"
                  f" {n['errors']:6}  {c_ns:10.0f} {s_ns:11.0f} {s_ns / c_ns if c_ns else float('nan'):6.1f}",
                  flush=True)
        for src in PRINTABLE:
            if shown.get(src):
                print(f"first {len(shown[src])} pairs that differ, {TITLES[src]}:")
                print("\n".join(shown[src]), flush=True)
        print(f"(load {open('/proc/loadavg').read().split()[0]})", flush=True)
    except RuntimeError as e:  # the C side died: where, and its stderr unless the texts were held out
        print(f"stopped {e}", flush=True)
        bad += 1
        stopped = True
    finally:
        cur.execute("ROLLBACK")
        cur.execute("DELETE FROM doctors WHERE id = ANY (%s::uuid[])", (all_ids + bench,))
        conn.close()
        rc, err = tool.close()
        if (rc or err) and not stopped:  # a failed statement's log line, a sanitizer's report
            if "heldout" in ONLY:  # a statement's error could be about a held-out text
                print(f"wa-analyse-parity exit status {rc}, {len(err)} characters on stderr (not printed: held-out"
                      " texts went through it; ANALYSE_ONLY without heldout prints them)", flush=True)
            else:
                print(f"wa-analyse-parity exit status {rc}: {err[-4000:]}", flush=True)
            bad += rc != 0
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
