"""Issue 14, round 32: the router computes a new text's tokens itself (services/router/analyse.c) from the lexicon rows
router_analyse_facts (deploy/migrations/141_analyse_facts.sql) returns for a batch, a port of router_analyse_batch
(kb_analyse_parts' tokens, 120_perf30.sql). The SQL stays the reference, and the path of every text the port leaves
(the typo correction). This guards the two against drifting apart: a change to either side alone fails here.

wa-analyse-parity (bench/router/analyse_parity.c) runs both over the same (doctor, text) pairs on a connection of its
own, so the clinics are committed (tests/kb_eval's doctors, eval.load_doctors, and one with bench/e2e.py's entries)
and deleted at the end. Pairs: the kb_eval DEV set's (never a held-out set's), the bench's texts as sent and made
unique, and bench/router/analyse_parity.py's synthetic texts (a fixed seed: case, punctuation, emoji, nukta letters,
joiners, kb_fold's edges, multi-word synonyms, texts past 1,000 characters). Every text the C analyses must give the
SQL's tokens, and the C must analyse most of them. The second test gives a clinic a synonym of its own, which wins
over the global row: both sides follow it at once, and the tokens did change.
bench/router/analyse_parity.py is the same comparison at length (held-out sets too, by counts only, and costs)."""
import os

import psycopg2
import pytest

from conftest import BIN, SANITIZER_MARKS
# the kb_eval and bench modules, and bench/router/ on the path, as the score's parity test has them
from test_kb_score_parity import add_bench_clinic, bench_e2e, dev_pairs, kb_eval
from analyse_texts import synthetic  # noqa: E402  (bench/router/)
from kbscore_lists import CHUNK, Scorer  # noqa: E402

SYNTH = 60  # synthetic texts a doctor
SHOW = 5  # differing pairs in a failure's message
SEED = 141


class Run:
    def __init__(self, tool):
        self.tool = tool

    def both(self, pairs):
        """[(doctor, text)] through the tool: [(pair, c tokens or None, sql tokens)]."""
        out = []
        for i in range(0, len(pairs), CHUNK):
            part = pairs[i:i + CHUNK]
            a = self.tool.ask({"pairs": [[d, q] for d, q in part]})
            assert "error" not in a, a  # a refused request is the protocol misused or a statement failed
            out += list(zip(part, a["c"], a["s"]))
        return out


def differences(rows):
    return [f"doctor {d} text {q!r}\n    c:   {c}\n    sql: {s}" for (d, q), c, s in rows if c is not None and c != s]


@pytest.fixture(scope="module")
def run(stack):
    path = os.path.join(BIN, "wa-analyse-parity")
    assert os.access(path, os.X_OK), f"{path} not built (run make test-build)"
    conn = psycopg2.connect(stack.env["DATABASE_URL"])
    conn.autocommit = True
    cur = conn.cursor()
    tool = Scorer(path, stack.env)
    doctors = []
    try:
        cur.execute("BEGIN")
        doctor_ids, _ = kb_eval.load_doctors(cur)
        bench = add_bench_clinic(cur)
        cur.execute("COMMIT")  # the tool reads them on its own connection
        doctors = [str(d) for d in doctor_ids.values()] + [bench]
        r = Run(tool)
        r.cur, r.bench, r.doctors = cur, bench, doctors
        texts = [q for q, _, _ in bench_e2e.KB] + bench_e2e.PARAPHRASES + bench_e2e.AI_QUESTIONS
        r.pairs = list(dict.fromkeys(dev_pairs(doctor_ids) + [(bench, q) for q in texts]
                                     + [(bench, f"{q} (case {i})") for i, q in enumerate(texts)]))
        r.synth = synthetic(cur, doctors, SYNTH, SEED)
        yield r
    finally:
        cur.execute("ROLLBACK") if conn.status != psycopg2.extensions.STATUS_READY else None
        if doctors:
            cur.execute("DELETE FROM doctors WHERE id = ANY (%s::uuid[])", (doctors,))
        conn.close()
        rc, err = tool.close()
    assert rc == 0 and not any(m in err for m in SANITIZER_MARKS), f"wa-analyse-parity exit {rc}: {err[-4000:]}"


def test_the_c_analysis_gives_the_sql_tokens_for_every_text_it_takes(run):
    rows = run.both(run.pairs)
    synth = run.both(run.synth)
    bad = differences(rows) + differences(synth)
    assert not bad, (f"{len(bad)} texts analysed differently by services/router/analyse.c and router_analyse_batch;"
                     f" the first {min(SHOW, len(bad))}:\n" + "\n".join(bad[:SHOW]))
    here = sum(c is not None for _, c, _ in rows)
    # the dev set and the bench's texts: ~1,900 pairs at 11 doctors, about nine in ten analysed in the router
    assert len(rows) >= 1500 and here >= 0.8 * len(rows), (len(rows), here)
    # the synthetic texts are made to reach the port's edges: many are left to SQL, but not all
    here_synth = sum(c is not None for _, c, _ in synth)
    assert len(synth) >= 0.9 * SYNTH * len(run.doctors) and here_synth >= 0.3 * len(synth), (len(synth), here_synth)


def test_a_clinics_own_synonym_is_followed_at_once(run):
    """The bench clinic's own synonym for "timings" (the global row says "timing"): router_analyse_facts reads the
    clinic's rows beside the global ones and the clinic's wins, so both sides change the tokens of the texts that hold
    the word, together and at once, and leave the others, and another clinic's texts in the same request keep their
    tokens (the clinic's rows are its own); removed, the tokens are as before."""
    d, other = run.bench, run.doctors[0]
    texts = ["What are your timings?", "timings pls", "What is the consultation fee?", "fee kitni hai"]
    before = {q: s for (_, q), _, s in run.both([(d, q) for q in texts])}
    before_other = {q: s for (_, q), _, s in run.both([(other, q) for q in texts])}
    run.cur.execute("INSERT INTO kb_synonyms (doctor_id, term, canonical) VALUES (%s, 'timings', 'openhours')", (d,))
    try:
        # both clinics in one request, as one router batch holds many: the synonym is the bench clinic's alone
        rows = run.both([(d, q) for q in texts] + [(other, q) for q in texts])
        assert not differences(rows), differences(rows)
        after = {q: (c, s) for (x, q), c, s in rows if x == d}
        for q in texts[:2]:
            c, s = after[q]
            assert c is not None and "openhour" in c and c != before[q], (q, before[q], c)  # kb_fold-ed
        for q in texts[2:]:
            assert after[q][1] == before[q], (q, before[q], after[q])  # untouched by the synonym
        theirs = {q: (c, s) for (x, q), c, s in rows if x == other}
        assert all(theirs[q][1] == before_other[q] and "openhour" not in (theirs[q][0] or "") for q in texts), theirs
    finally:
        run.cur.execute("DELETE FROM kb_synonyms WHERE doctor_id = %s AND term = 'timings'", (d,))
    assert {q: s for (_, q), _, s in run.both([(d, q) for q in texts])} == before


def test_the_facts_statement_runs_on_its_generic_plan_without_jit(stack):
    """router_analyse_facts carries what the router's other statements for new texts carry (093, 121): its plan kept
    for the session and never JIT-compiled (a CREATE OR REPLACE that forgets either clause fails here)."""
    config = stack.sql("SELECT proconfig FROM pg_proc WHERE proname = 'router_analyse_facts'")
    assert config == [(["plan_cache_mode=force_generic_plan", "jit=off"],)], config
