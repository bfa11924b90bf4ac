"""Issue 14: the router scores its knowledge-base candidates in C (services/router/kbscore.c, from each clinic's
kb_score_snapshot(), deploy/migrations/140_score_snapshot.sql), a port of the SQL kb_match_tokens_names
(059_perf13.sql over 134_score28.sql's kb_match_tokens_lexical). The SQL stays the reference: kb_explain, the
dashboard's "why this answer" and the evaluation (tests/kb_eval) read it. This guards the two against drifting apart:
a change to either side alone (a rule, a weight, the snapshot's content) fails here.

Inside one transaction that is rolled back (nothing is left behind): tests/kb_eval's doctors (eval.load_doctors) and
one with bench/e2e.py's 20 entries; each doctor's snapshot is given to wa-kbscore-parity (bench/router/kbscore_parity.c,
a JSON line protocol); token lists, as the router analyses them (router_analyse_batch), of the kb_eval DEV set's texts
(never a held-out set's), of the bench's texts at the bench doctor, and synthetic ones (a fixed seed) from each
doctor's own words and the words the score's special rules read. Per list, the SQL's rows (ids in order, score,
coverage and fit as the same double, missing) must be the C's, and router_understand_tokens' gate (139_perf29.sql's
EXISTS) the C's "shares". The second test proves the comparison sees a difference: an altered snapshot differs.
bench/router/kbscore_parity.py is the same comparison at length (held-out sets too, by counts only, and costs); the two
share bench/router/kbscore_lists.py (the statements, the C side's subprocess, the synthetic lists, the comparison)."""
import json
import os
import sys

import psycopg2
import pytest

from conftest import BIN, SANITIZER_MARKS, new_number

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(os.path.dirname(HERE), "kb_eval"))
BENCH = os.path.join(os.path.dirname(os.path.dirname(HERE)), "bench")
sys.path.insert(0, BENCH)
sys.path.insert(0, os.path.join(BENCH, "router"))
import eval as kb_eval  # noqa: E402  (tests/kb_eval/eval.py)
import e2e as bench_e2e  # noqa: E402  (bench/e2e.py: KB, PARAPHRASES, AI_QUESTIONS)
from kbscore_lists import CHUNK, GATE, LIMIT, MATCH, Scorer, same_rows, synthetic  # noqa: E402  (bench/router/)

SYNTH = 150  # synthetic lists a doctor
SHOW = 5  # differing lists in a failure's message
SEED = 140  # the synthetic lists'


class Run:
    """The doctors of one rolled-back transaction, their snapshots registered with the C side, and the token lists."""

    def __init__(self, cur, scorer):
        self.cur, self.scorer = cur, scorer

    def sql(self, d, toks):
        self.cur.execute("EXECUTE km(%s, %s)", (d, list(toks)))
        rows = [(r[0], r[1], r[2], r[3], list(r[4] or [])) for r in self.cur.fetchall()]
        self.cur.execute("EXECUTE kg(%s, %s)", (d, list(toks)))
        return rows, bool(self.cur.fetchone()[0])

    def c(self, key, toks):
        a = self.scorer.ask({"key": key, "toks": list(toks), "limit": LIMIT})
        assert "error" not in a, a  # a refused query is the protocol misused, never a difference
        num = lambda v: None if v is None else float(v)  # noqa: E731  (%.17g strings; null: NaN, SQL's NULL)
        return [(r[0], num(r[1]), num(r[2]), num(r[3]), r[4]) for r in a["rows"]], bool(a["shares"])

    def compare(self, lists, key_of=lambda d: d):
        """[(doctor, toks)] both ways: (lists compared, lists with SQL rows, [the lists that differ, described])."""
        n = with_rows = 0
        bad = []
        for d, toks in lists:
            sql, sql_gate = self.sql(d, toks)
            c, c_gate = self.c(key_of(d), toks)
            n += 1
            with_rows += bool(sql)
            if not (same_rows(sql, c) and sql_gate == c_gate):
                bad.append(f"doctor {self.index[d]} ({self.label[d]}) toks {list(toks)}\n"
                           f"    sql: gate {int(sql_gate)} {sql}\n    c:   gate {int(c_gate)} {c}")
        return n, with_rows, bad


def analysed(cur, pairs):
    """The distinct (doctor, token tuple) of (doctor, text) pairs, analysed as the router does, in their first order."""
    out = {}
    for i in range(0, len(pairs), CHUNK):
        part = pairs[i:i + CHUNK]
        cur.execute("SELECT i, toks FROM router_analyse_batch(%s::jsonb)",
                    (json.dumps([{"i": j, "d": d, "q": q} for j, (d, q) in enumerate(part)]),))
        for (d, _), (_, toks) in zip(part, sorted(cur.fetchall())):
            out.setdefault((d, tuple(toks or ())), None)
    return list(out)


def dev_pairs(doctor_ids):
    """The DEV set's (doctor, text) pairs only (eval.all_pairs of SETS["dev"]): a KB question at its row's doctor, an
    intent message at every doctor. The held-out sets are never read."""
    kb_files, intent_files = kb_eval.SETS["dev"]
    pairs = [(str(doctor_ids[(kb_eval.KB_FILES[name], row[0])]), row[1])
             for name in kb_files for row in kb_eval.read_tsv(name, 5)]
    pairs += [(str(d), row[0]) for name in intent_files for row in kb_eval.read_tsv(name, 4)
              for d in doctor_ids.values()]
    return pairs


def add_bench_clinic(cur):
    """A clinic with bench/e2e.py's 20 entries (a number of its own): its id."""
    cur.execute("INSERT INTO doctors (name, phone_number, clinic_name, specialization) VALUES ('Dr. Bench',"
                " %s, 'Bench Clinic', 'General Physician') RETURNING id", ("+" + new_number(),))
    bench = str(cur.fetchone()[0])
    for q, a, k in bench_e2e.KB:
        cur.execute("INSERT INTO kb_entries (doctor_id, question, answer, keywords) VALUES (%s, %s, %s, %s)",
                    (bench, q, a.format(c="Bench Clinic"), k))
    return bench


@pytest.fixture(scope="module")
def run(stack):
    conn = psycopg2.connect(stack.env["DATABASE_URL"])
    conn.autocommit = True
    cur = conn.cursor()
    path = os.path.join(BIN, "wa-kbscore-parity")
    assert os.access(path, os.X_OK), f"{path} not built (run make test-build)"
    scorer = Scorer(path, stack.env)
    cur.execute("BEGIN")
    try:
        doctor_ids, _ = kb_eval.load_doctors(cur)
        bench = add_bench_clinic(cur)
        cur.execute(MATCH)
        cur.execute(GATE)
        r = Run(cur, scorer)
        r.doctors = [str(d) for d in doctor_ids.values()] + [bench]
        r.label = {str(d): f"{f}/{k}" for (f, k), d in doctor_ids.items()}
        r.label[bench] = "bench"
        r.index = {d: i for i, d in enumerate(r.doctors)}
        r.snaps = {}
        for d in r.doctors:
            cur.execute("SELECT kb_score_snapshot(%s)", (d,))
            r.snaps[d] = cur.fetchone()[0]
            a = scorer.ask({"key": d, "snapshot": r.snaps[d]})
            assert a.get("ok"), f"doctor {r.index[d]} ({r.label[d]}): {a}"
        bench_texts = [q for q, _, _ in bench_e2e.KB] + bench_e2e.PARAPHRASES + bench_e2e.AI_QUESTIONS
        r.texts = analysed(cur, dev_pairs(doctor_ids) + [(bench, q) for q in bench_texts])
        r.synth = synthetic(r.snaps, SYNTH, SEED)
        yield r
    finally:
        cur.execute("ROLLBACK")
        conn.close()
        rc, err = scorer.close()
    assert rc == 0 and not any(m in err for m in SANITIZER_MARKS), f"wa-kbscore-parity exit {rc}: {err[-4000:]}"


def test_the_c_score_gives_the_sql_rows_for_every_list(run):
    n_txt, rows_txt, bad_txt = run.compare(run.texts)
    n_syn, rows_syn, bad_syn = run.compare(run.synth)
    bad = bad_txt + bad_syn
    assert not bad, (f"{len(bad_txt)} of {n_txt} text lists (dev set, bench) and {len(bad_syn)} of {n_syn} synthetic"
                     f" lists differ between kb_match_tokens_names and services/router/kbscore.c;"
                     f" the first {min(SHOW, len(bad))}:\n"
                     + "\n".join(bad[:SHOW]))
    # it compared something: the dev set's and the bench's texts give ~1,250 distinct lists at 11 doctors, ~690 of
    # them with rows; the synthetic ones ~1,600, ~1,500 with rows
    assert n_txt >= 1000 and rows_txt >= 500, (n_txt, rows_txt)
    assert n_syn >= 0.9 * SYNTH * len(run.doctors) and rows_syn >= 0.5 * n_syn, (n_syn, rows_syn)


def test_an_altered_snapshot_is_seen(run):
    """One doctor's snapshot registered again, altered, under other keys: the example rows of the entry most often
    first among its lists dropped (candidates lost), or its most frequent rare token made common (its df raised to
    the number of entries: weights change). Each way some of its lists now differ from the SQL; with the unaltered
    snapshot none does."""
    d = run.doctors[0]
    snap = run.snaps[d]
    lists = [x for x in run.texts + run.synth if x[0] == d]
    first, used = {}, {}
    for _, toks in lists:
        rows, _ = run.sql(d, toks)
        if rows:
            first[rows[0][0]] = first.get(rows[0][0], 0) + 1
        for t in set(toks):
            used[t] = used.get(t, 0) + 1
    assert first, "no list of the doctor has a candidate"
    victim = max(first, key=lambda k: (first[k], -k))
    no_examples = dict(snap, examples=[x for x in snap["examples"] if x[0] != victim])
    assert len(no_examples["examples"]) < len(snap["examples"])
    entries = len(snap["entries"])
    rare = max((t for t in snap["df"] if snap["df"][t] < 0.15 * entries), key=lambda t: (used.get(t, 0), t))
    common = dict(snap, df={**snap["df"], rare: entries})
    for key, altered in (("no_examples", no_examples), ("common", common)):
        a = run.scorer.ask({"key": key, "snapshot": altered})
        assert a.get("ok"), (key, a)

    n, _, bad = run.compare(lists)
    assert n == len(lists) and not bad, bad[:SHOW]
    _, _, bad = run.compare(lists, key_of=lambda _: "no_examples")
    assert len(bad) >= first[victim] // 2, (len(bad), first[victim], bad[:SHOW])
    _, _, bad = run.compare(lists, key_of=lambda _: "common")
    assert len(bad) >= 5, (rare, used.get(rare), bad[:SHOW])
