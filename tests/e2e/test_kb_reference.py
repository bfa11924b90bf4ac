"""Issue 19: tests/kb_eval/reference.py, the issue's "plain reference matcher" (text-search lexemes plus trigram word
similarity, one threshold chosen on dev), an evaluation tool only. It runs on the test stack's PostgreSQL (the
migrations applied), its score is the documented formula, its one threshold is the one chosen on dev, and its figures
add up on the sets it reports. Its levels are not floors: the README compares them with the router's matcher."""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "kb_eval"))
import eval as kb_eval  # noqa: E402  (tests/kb_eval/eval.py)
import reference  # noqa: E402  (tests/kb_eval/reference.py)


def _consistent(f, what):
    """One Figures: rates in [0, 1], and every question answered right, answered wrong, kept (no answer where none
    is due) or missed (no answer where one is due)."""
    assert 0.0 <= f.precision <= 1.0 and 0.0 <= f.recall <= 1.0, f.line(what)
    assert f.right + f.wrong == f.answered, f.line(what)
    assert f.expected + f.negatives == f.n, f.line(what)
    assert f.kept <= f.negatives, f.line(what)
    missed = f.n - f.right - f.wrong - f.kept  # answerable questions left without an answer
    assert 0 <= missed <= f.expected - f.right, f.line(what)


def test_reference_runs_on_a_set_with_the_dev_threshold_and_its_figures_add_up(stack):
    threshold, out = reference.evaluate(stack.pg, ("dev", "heldout"))
    assert set(out) == {"dev", "heldout"}

    # the one threshold is the lowest of dev's best scores that keeps dev precision >= 0.97
    dev_scored = reference.score_sets(stack.pg, ("dev",))["dev"]
    assert threshold == reference.choose_threshold(dev_scored)
    assert out["dev"][0].precision >= reference.PRECISION_FLOOR
    lower = [q.score for q in dev_scored if q.best is not None and q.score < threshold]
    if lower:
        assert reference.result_at(dev_scored, max(lower), "dev").precision < reference.PRECISION_FLOOR
    # ... and every set is evaluated with it: the answers given are the questions whose best score reaches it
    assert out["dev"][0].total.answered == sum(q.best is not None and q.score >= threshold for q in dev_scored)

    for s, (res, oracle, ores, rank) in out.items():
        rows = sum(len(kb_eval.read_tsv(f, 5)) for f in kb_eval.SETS[s][0])
        assert res.total.n == rows, f"{s}: {res.total.n} questions reported, {rows} in its files"
        assert res.foreign == 0, f"{s}: another tenant's entry answered"
        for part in ("kinds", "langs"):
            groups = getattr(res, part).values()
            for attr in ("n", "right", "wrong", "kept", "expected"):
                assert sum(getattr(g, attr) for g in groups) == getattr(res.total, attr), (s, part, attr)
        for f in [res.total] + list(res.kinds.values()) + list(res.langs.values()):
            _consistent(f, s)
        # the oracle threshold is the set's own lowest reaching precision 0.97 (dev: the threshold itself)
        if s == "dev":
            assert oracle == threshold
        if ores is not None:
            assert ores.precision >= reference.PRECISION_FLOOR, ores.total.line(s)
            _consistent(ores.total, s + " oracle")
            assert ores.total.n == res.total.n
        # whatever the threshold, no more right answers than questions whose best entry is right
        assert rank.answerable == res.total.expected and res.total.right <= rank.best_right <= rank.answerable
        assert 0.0 <= rank.always_precision <= 1.0


def test_reference_score_is_the_mean_of_lexeme_coverage_and_word_similarity(stack):
    """One doctor, two entries: the best entry and its score are the documented formula's, computed here
    independently; a question without a lexeme (stop words only) gets lexeme coverage 0."""
    with stack.pg.cursor() as cur:
        cur.execute("BEGIN")
        try:
            cur.execute("INSERT INTO doctors (name, phone_number, clinic_name) VALUES ('Dr. Ref', '+917700000913', "
                        "'Reference Clinic') RETURNING id")
            doctor = cur.fetchone()[0]
            cur.execute("INSERT INTO kb_entries (doctor_id, question, examples, keywords, answer) VALUES "
                        "(%s, 'What is the consultation fee?', '{\"doctor ki fees kitni hai\"}', 'fees charges', "
                        "'500') RETURNING id", (doctor,))
            fee = cur.fetchone()[0]
            cur.execute("INSERT INTO kb_entries (doctor_id, question, examples, keywords, answer) VALUES "
                        "(%s, 'When is the clinic open?', '{}', 'timings hours', '9 to 5') RETURNING id", (doctor,))
            cur.execute(reference.DOCS_SQL)

            def best(q):
                cur.execute(reference.BEST_SQL, {"q": q, "doctor": doctor})
                return cur.fetchone()

            doc = "What is the consultation fee? fees charges doctor ki fees kitni hai"
            cur.execute("SELECT word_similarity(%s, %s)::float8", ("consultation fees", doc))
            ws = cur.fetchone()[0]
            got = best("consultation fees")
            assert got[0] == fee
            assert got[2] == 1.0  # 'consult' and 'fee' (english stems) are both among the entry's lexemes
            assert abs(got[3] - ws) < 1e-9 and abs(got[1] - (1.0 + ws) / 2) < 1e-9, got
            # half the lexemes: 'fee' is the entry's, 'parking' is not
            got = best("fee parking")
            assert got[0] == fee and got[2] == 0.5, got
            got = best("what is the")  # English stop words only: no lexeme, the trigram half alone
            assert got[2] == 0.0 and abs(got[1] - got[3] / 2) < 1e-9, got
        finally:
            cur.execute("ROLLBACK")
