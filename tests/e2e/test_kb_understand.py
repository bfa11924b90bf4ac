"""Issue 14, round 2: the router analyses a batch's new texts once (services/router/route.c understand,
wa_kb_understand_batch): one statement computes each text's tokens and from them both the intent label the flows ask
for and the knowledge base's candidates. The proof: with the per-text functions the router used before
(kb_intent_choose for the flows' intent, kb_match for the lookup) made to fail, a webhook of new texts is still
answered exactly as before: a sentence asking to book starts the booking flow, a question (asked twice in the
batch) gets its knowledge-base answer, a keyword and a greeting their flow; with the answer cache on and off
(ROUTER_KB_CACHE_KB=0: the batch keeps the results itself)."""
import json
import random

import pytest

from conftest import change, new_number, new_wamid, text_message, wait_for, webhook
from test_clinic import body, new_doctor, reply, rows

FAILING = {
    "kb_intent_choose(uuid,text)":
        "CREATE OR REPLACE FUNCTION kb_intent_choose(p_doctor uuid, p_text text) RETURNS text LANGUAGE plpgsql"
        " STABLE AS $$ BEGIN RAISE EXCEPTION 'a per-message intent statement'; END $$",
    "kb_match(uuid,text,integer)":
        "CREATE OR REPLACE FUNCTION kb_match(p_doctor uuid, p_text text, p_limit int DEFAULT 4)"
        " RETURNS TABLE (id bigint, question text, answer text, score double precision) LANGUAGE plpgsql STABLE"
        " AS $$ BEGIN RAISE EXCEPTION 'a second analysis of the text'; END $$",
}


def check_one_batch(stack, clinic):
    doc = new_doctor(stack, clinic=clinic)
    answer = f"{clinic} is open 9 am to 5 pm, Monday to Saturday."
    stack.add_kb(doc["id"], "What are the clinic timings?", answer, "timings hours open")
    saved = {sig: stack.sql("SELECT pg_get_functiondef(%s::regprocedure)", sig)[0][0] for sig in FAILING}
    try:
        for sql in FAILING.values():
            stack.sql(sql)
        texts = ["I would like to get an appointment with the doctor please", "what are the clinic timings??",
                 "What are the  clinic timings", "book", "hello"]
        sent = [(new_number(), new_wamid(), t) for t in texts]
        assert stack.post_webhook(webhook([change(doc["phone"], "pn-" + doc["phone"],
                                                  [text_message(p, t, w) for p, w, t in sent])])) == 200
        got = [reply(stack, p, w) for p, w, _ in sent]
        assert rows(got[0])[0][0].startswith("day:"), got[0]  # the intent "book": the booking flow's open days
        for r in got[1:3]:
            assert r["type"] == "text" and r["text"]["body"] == answer, r
        assert rows(got[3])[0][0].startswith("day:"), got[3]  # the keyword
        assert clinic in body(got[4])  # the welcome
    finally:
        for definition in saved.values():
            stack.sql(definition)


def test_a_batch_of_new_texts_is_analysed_once_for_intent_and_knowledge_base(stack):
    check_one_batch(stack, "Once Clinic")


def test_the_same_without_the_answer_cache(stack):
    stack.stop_service("router")
    stack.start_service("router", {"ROUTER_KB_CACHE_KB": "0"})
    try:
        check_one_batch(stack, "Nocache Clinic")
    finally:
        stack.stop_service("router")
        stack.start_service("router")


PARALLEL_KB = [("What are the clinic timings?", "{c} is open 9 am to 5 pm, Monday to Saturday.", "timings hours open"),
               ("How much is the consultation fee?", "A consultation at {c} costs Rs 500.", "fee fees cost price"),
               ("Where is the clinic located?", "{c} is at 12 MG Road.", "address location located"),
               ("Do you accept health insurance?", "{c} accepts most insurers.", "insurance cashless")]
PARALLEL_TEXTS = ["I would like to get an appointment with the doctor please", "what are the clinic timings??",
                  "how much is the consultation fee", "do you take insurance", "where is your clinic located",
                  "My daughter has a rash after the new soap, what should we do?", "is the clinic open at 9 am"]


def answers_of_one_batch(stack, clinic):
    """PARALLEL_TEXTS, each from its own patient, in one webhook to a new clinic with PARALLEL_KB: every reply, the
    clinic's name taken out, in the texts' order (the booking flow's list as its rows)."""
    doc = new_doctor(stack, clinic=clinic)
    for q, a, k in PARALLEL_KB:
        stack.add_kb(doc["id"], q, a.format(c=clinic), k)
    sent = [(new_number(), new_wamid(), t) for t in PARALLEL_TEXTS]
    assert stack.post_webhook(webhook([change(doc["phone"], "pn-" + doc["phone"],
                                              [text_message(p, t, w) for p, w, t in sent])])) == 200
    out = []
    for p, w, _ in sent:
        r = reply(stack, p, w)
        out.append(rows(r) if r["type"] == "interactive" and r["interactive"]["type"] == "list"
                   else (r["type"], body(r).replace(clinic, "<clinic>")))
    return out


def idle_analysers(stack):
    """The router's backends whose last statement was the second of its two steps for new texts (the intent labels,
    router_understand_labels, since round 30 scores in the router; router_understand_tokens scoring in PostgreSQL;
    the router's own connection goes on to mark the batch handled; the reminders' connection never analyses)."""
    return stack.sql("SELECT count(*) FROM pg_stat_activity WHERE application_name = 'wa-router'"
                     " AND state = 'idle' AND (query LIKE %s OR query LIKE %s)", "%router_understand_tokens%",
                     "%router_understand_labels%")[0][0]


@pytest.fixture
def scoring_in_sql(stack):
    """The router scoring new texts in PostgreSQL (ROUTER_KB_SNAPSHOT_KB=0: the way before round 30, and its fallback
    since): the statement a test with it reads from pg_stat_activity is that path's."""
    stack.stop_service("router")
    stack.start_service("router", {"ROUTER_KB_SNAPSHOT_KB": "0"})
    yield stack
    stack.stop_service("router")
    stack.start_service("router")


def score_statement(stack, doc):
    """The router's statement for the score of new texts as it sends it: the last statement of a router connection
    that scored a slice (pg_stat_activity). Sends doc's clinic three new texts (two slices at ROUTER_PG_PARALLEL 2)
    and looks; again, with texts new to the router, when the router's periodic DISCARD PLANS (WA_PG_REPLAN_MS, 10 s)
    took the statement's place on that connection before the look."""
    seen = []
    for _ in range(3):
        n = random.randrange(10**5, 10**6)  # a number of its own: new tokens, scored
        sent = [(new_number(), new_wamid(), f"{t} {n}") for t in ("clinic timings", "consultation fee",
                                                                  "clinic location")]
        assert stack.post_webhook(webhook([change(doc["phone"], "pn-" + doc["phone"],
                                                  [text_message(p, t, w) for p, w, t in sent])])) == 200
        for p, w, _ in sent:
            reply(stack, p, w)
        seen = [q for (q,) in stack.sql("SELECT query FROM pg_stat_activity WHERE application_name = 'wa-router'")]
        found = [q for q in seen if "router_understand_tokens(" in q]
        if found:
            return found[0]
        assert "DISCARD PLANS" in seen, seen  # only the replan may have taken the statement's place
    raise AssertionError(f"no router connection's last statement is the new texts' score: {seen}")


def router_statements(stack, doc):
    """The router's two statements for new texts as it sends them (the second from pg_stat_activity, score_statement;
    the first is that one's sibling in shared/src/kb.c)."""
    return "SELECT i, toks FROM router_analyse_batch($1::jsonb)", score_statement(stack, doc)


def two_steps(cur, items):
    """items ({i, d, q, f}) through the router's two statements, PREPAREd as p_analyse and p_understand on cur: the
    second's rows."""
    cur.execute("EXECUTE p_analyse(%s)", (json.dumps([{"i": x["i"], "d": x["d"], "q": x["q"]} for x in items]),))
    toks = dict(cur.fetchall())
    cur.execute("EXECUTE p_understand(%s)", (json.dumps([{"i": x["i"], "d": x["d"], "t": toks[x["i"]], "f": x["f"]}
                                                       for x in items]),))
    return cur.fetchall()


def test_new_texts_analysed_over_several_connections_are_answered_as_over_one(stack):
    """Round 6 (ROUTER_PG_PARALLEL): a batch's new texts are cut into slices analysed at once, each on its own
    PostgreSQL connection. The same batch of seven new texts (a booking sentence, KB questions, an ai question) gets
    the same replies over three connections as over one, and the three connections are the router's."""
    try:
        stack.stop_service("router")
        stack.start_service("router", {"ROUTER_PG_PARALLEL": "1"})
        one = answers_of_one_batch(stack, "Serial Clinic")
        assert idle_analysers(stack) == 0
        stack.stop_service("router")
        stack.start_service("router", {"ROUTER_PG_PARALLEL": "3"})
        three = answers_of_one_batch(stack, "Sliced Clinic")
        # the router's connection and two more, each with a slice of the texts
        assert idle_analysers(stack) == 2
    finally:
        stack.stop_service("router")
        stack.start_service("router")
    assert one == three
    assert one[0][0][0].startswith("day:")  # the intent "book": the booking flow's open days
    assert one[1] == ("text", "<clinic> is open 9 am to 5 pm, Monday to Saturday.")
    assert one[2] == ("text", "A consultation at <clinic> costs Rs 500.")
    assert one[4] == ("text", "<clinic> is at 12 MG Road.")


def test_each_new_text_is_analysed_and_its_intent_decided_once(stack, scoring_in_sql):
    """Issue 14, round 8: in the router's statement for new texts the intent decision ran again for every candidate
    row of the text (a LATERAL subquery on the inner side of the join with the candidates: up to 4 times a text).
    The statements the router actually ran (its two steps since round 26: the analysis, then the score from
    pg_stat_activity), executed again as a superuser with track_functions = all over three texts that each have several candidates: the analysis (kb_analyse_parts, whose
    tokens the statement takes since round 10 where kb_tokens called it) and kb_intent_choose_tokens run once per
    text, kb_tokens not at all."""
    import json

    import psycopg2

    clinic = "Single Pass Clinic"
    doc = new_doctor(stack, clinic=clinic)
    for q, a, k in PARALLEL_KB:
        stack.add_kb(doc["id"], q, a.format(c=clinic), k)
    texts = ["clinic timings fee location insurance?", "is the clinic located near the fee counter, timings?",
             "insurance and consultation fee at the clinic timings"]
    sent = [(new_number(), new_wamid(), t) for t in texts]
    assert stack.post_webhook(webhook([change(doc["phone"], "pn-" + doc["phone"],
                                              [text_message(p, t, w) for p, w, t in sent])])) == 200
    for p, w, _ in sent:
        reply(stack, p, w)
    analyse, understand = router_statements(stack, doc)
    su = psycopg2.connect(host="127.0.0.1", port=stack.pg_port, user="postgres", dbname="wa")
    try:
        with su.cursor() as cur:
            cur.execute("SET track_functions = 'all'")
            cur.execute("PREPARE p_analyse(jsonb) AS " + analyse)
            cur.execute("PREPARE p_understand(jsonb) AS " + understand)
            counts = ("SELECT funcname, calls FROM pg_stat_xact_user_functions"
                      " WHERE funcname IN ('kb_tokens', 'kb_analyse_parts', 'kb_intent_choose_tokens')")
            cur.execute(counts)  # the session's counts not reported yet: a difference inside this transaction
            before = dict(cur.fetchall())
            got = two_steps(cur, [{"i": i, "d": doc["id"], "q": t + " again", "f": True} for i, t in enumerate(texts)])
            cur.execute(counts)
            calls = {f: c - before.get(f, 0) for f, c in cur.fetchall()}
        su.rollback()
    finally:
        su.close()
    assert len(got) >= 2 * len(texts), got  # several candidates a text: the join the intent was repeated over
    assert calls == {"kb_analyse_parts": len(texts), "kb_intent_choose_tokens": len(texts)}, calls


def test_the_clinic_name_words_are_computed_once_per_doctor_of_a_statement(stack, scoring_in_sql):
    """Issue 14, round 9 (059_perf13.sql): the router's statement left the clinic's own name words out of each text's
    tokens inside kb_match_tokens, i.e. kb_name_words ran once per text; it now computes them once per doctor of the
    statement and gives them to kb_match_tokens_names. The statements the router ran (the analysis, then the score
    from pg_stat_activity), executed again as a superuser with track_functions = all over 3 texts of each of 2 clinics whose name words are in the
    texts: kb_name_words runs twice (6 times before), and every text's candidates (entry and score, exactly) are
    kb_match's for the text alone, the name words left out the same way."""
    import json

    import psycopg2

    docs = []
    for clinic in ("Sunflower Clinic", "Marigold Clinic"):
        doc = new_doctor(stack, clinic=clinic)
        for q, a, k in PARALLEL_KB:
            stack.add_kb(doc["id"], q, a.format(c=clinic), k)
        docs.append((doc, clinic.split()[0].lower()))
    sent = [(new_number(), new_wamid(), "sunflower clinic timings?")]
    doc0 = docs[0][0]
    assert stack.post_webhook(webhook([change(doc0["phone"], "pn-" + doc0["phone"],
                                              [text_message(p, t, w) for p, w, t in sent])])) == 200
    for p, w, _ in sent:
        reply(stack, p, w)
    analyse, understand = router_statements(stack, doc0)
    items = [{"d": doc["id"], "q": q.format(n=name), "f": False}
             for doc, name in docs
             for q in ("{n} clinic timings and fee?", "where is {n} located", "{n} insurance consultation fee")]
    items = [dict(x, i=i) for i, x in enumerate(items[::2] + items[1::2])]  # the two clinics' texts interleaved
    su = psycopg2.connect(host="127.0.0.1", port=stack.pg_port, user="postgres", dbname="wa")
    try:
        with su.cursor() as cur:
            cur.execute("SET track_functions = 'all'")
            cur.execute("PREPARE p_analyse(jsonb) AS " + analyse)
            cur.execute("PREPARE p_understand(jsonb) AS " + understand)
            counts = "SELECT funcname, calls FROM pg_stat_xact_user_functions WHERE funcname = 'kb_name_words'"
            cur.execute(counts)  # the session's counts not reported yet: a difference inside this transaction
            before = dict(cur.fetchall())
            got = two_steps(cur, items)
            cur.execute(counts)
            calls = {f: c - before.get(f, 0) for f, c in cur.fetchall()}
            cur.execute("SELECT names FROM (SELECT kb_name_words(%s) AS names) x", (docs[0][0]["id"],))
            names = cur.fetchone()[0]
            alone = []
            for x in items:
                cur.execute("SELECT m.id::text, m.score FROM kb_match(%s, %s) m ORDER BY m.score DESC, m.id",
                            (x["d"], x["q"]))
                alone.append([(x["i"], i, s) for i, s in cur.fetchall()])
        su.rollback()
    finally:
        su.close()
    assert "sunflower" in names, names  # the texts hold a word the match leaves out
    assert calls == {"kb_name_words": 2}, calls
    mine = [(r[0], r[2], r[5]) for r in got if r[2] is not None]
    assert len(mine) >= len(items), got  # candidates for the texts
    assert mine == [row for rows_ in alone for row in rows_]


def test_the_clinic_name_words_are_kept_per_doctor_and_refreshed_at_once(stack):
    """Issue 14, round 14 (086_perf23.sql): kb_name_words reads the doctor's row of kb_doctor_name_words instead of
    computing the clinic's name words again in every statement; the row must be the words computed (039's body,
    kb_name_words_of) right after every change they depend on: the clinic renamed, a clinic's own synonym, a global
    stop word or concept naming a name word (added, then removed), while another clinic's synonym changes nothing.
    It fails when a trigger is missing (the row keeps the old words)."""
    import psycopg2

    doc = new_doctor(stack, clinic="Zinnia Clinic")
    other = new_doctor(stack, clinic="Quillon Clinic")
    su = psycopg2.connect(host="127.0.0.1", port=stack.pg_port, user="postgres", dbname="wa")
    seen = []
    try:
        with su.cursor() as cur:
            def words():
                cur.execute("SELECT kb_name_words(%s), kb_name_words_of(%s),"
                            " (SELECT count(*) FROM kb_doctor_name_words WHERE doctor_id = %s),"
                            " (SELECT count(*) FROM doctors d LEFT JOIN kb_doctor_name_words n ON n.doctor_id = d.id"
                            "  WHERE n.names IS DISTINCT FROM kb_name_words_of(d.id))",
                            (doc["id"], doc["id"], doc["id"]))
                kept, computed, has_row, stale = cur.fetchone()
                assert has_row == 1 and stale == 0 and kept == computed, (kept, computed, has_row, stale)
                seen.append("zinnia" in kept)
                return kept
            assert "zinnia" in words()
            steps = [
                ("INSERT INTO kb_synonyms (doctor_id, term, canonical) VALUES (%s, 'zinnia', 'clinic')", (doc["id"],)),
                ("DELETE FROM kb_synonyms WHERE doctor_id = %s AND term = 'zinnia'", (doc["id"],)),
                ("INSERT INTO kb_stopwords (word) VALUES ('zinnia')", None),
                ("DELETE FROM kb_stopwords WHERE word = 'zinnia'", None),
                ("INSERT INTO kb_concepts (word) VALUES ('zinnia')", None),
                ("DELETE FROM kb_concepts WHERE word = 'zinnia'", None),
                ("INSERT INTO kb_synonyms (doctor_id, term, canonical) VALUES (%s, 'zinnia', 'clinic')", (other["id"],)),
                ("INSERT INTO kb_synonyms (term, canonical) VALUES ('zinnia', 'clinic')", None),
                ("DELETE FROM kb_synonyms WHERE doctor_id IS NULL AND term = 'zinnia'", None),
                ("UPDATE doctors SET clinic_name = 'Marigold Clinic' WHERE id = %s", (doc["id"],)),
            ]
            for sql, args in steps:
                cur.execute(sql, args)
                words()
            assert "marigold" in words()
        su.rollback()
    finally:
        su.close()
    # the name word left and came back with each change, and another clinic's synonym did not take it away
    assert seen == [True, False, True, False, True, False, True, True, False, True, False, False], seen


# 039's kb_token_weights_kept, verbatim but for its schema: 026's kb_token_weights run on its generic plan, the rows in
# the order the match's float sums read them
WEIGHTS_039 = """
CREATE FUNCTION pg_temp.kb_token_weights_039(p_doctor uuid, p_toks text[], p_intents boolean)
RETURNS TABLE (t text, base double precision, w double precision)
LANGUAGE plpgsql STABLE SET plan_cache_mode = force_generic_plan AS $$
BEGIN
    RETURN QUERY SELECT kw.t, kw.base, kw.w FROM kb_token_weights(p_doctor, p_toks, p_intents) kw;
END
$$"""


def test_the_match_token_weights_are_kb_token_weights_rows_sorted(stack):
    """Issue 14, round 10 (066_perf14.sql): kb_token_weights_kept, which the match's scoring calls once per new text
    with p_intents false, runs its own copy of kb_token_weights' query for that case (the concept test a key probe,
    each word's CASE once, the intents' branches left out): the weight rule is written twice, and this test keeps the
    two in step. For texts of two clinics whose words reach every branch of the rule (a kb_weights word, a number, a
    concept word, a word of the clinic's examples, an unknown word), with the arguments the scoring gives (the text's
    tokens and its candidate entries' words): the same rows, base and weight as exact floats, as 039's definition
    (kb_token_weights on its generic plan); with p_intents false sorted by the word (097_perf25.sql: each word's entry
    count read from kb_doctor_token_df, the rows in an order no plan changes), with p_intents true in 039's order."""
    import psycopg2

    docs = []
    for clinic in ("Weights Clinic", "Measures Clinic"):
        doc = new_doctor(stack, clinic=clinic)
        for q, a, k in PARALLEL_KB:
            stack.add_kb(doc["id"], q, a.format(c=clinic), k)
        docs.append(doc["id"])
    texts = PARALLEL_TEXTS + ["clinic timings fee location insurance?", "is the fee 500 for 2 visits at the clinic",
                              "open on sunday? zorbleflux", "where is the school test, how much does surgery cost"]
    su = psycopg2.connect(host="127.0.0.1", port=stack.pg_port, user="postgres", dbname="wa")
    bases = set()
    try:
        with su.cursor() as cur:
            cur.execute(WEIGHTS_039)
            compared = 0
            for d in docs:
                for text in texts:
                    cur.execute("SELECT t.toks || (SELECT coalesce(array_agg(DISTINCT u), '{}') FROM kb_examples x,"
                                " unnest(x.toks || x.ktoks) u WHERE x.doctor_id = %s AND (x.toks || x.ktoks) && t.toks"
                                " AND left(u, 1) <> '$') FROM (SELECT kb_tokens(%s, %s, true) AS toks) t",
                                (d, d, text))
                    args = cur.fetchone()[0]
                    for intents in (False, True):
                        got = []
                        for f in ("kb_token_weights_kept", "pg_temp.kb_token_weights_039"):
                            cur.execute(f"SELECT t, base, w FROM {f}(%s, %s, %s)", (d, args, intents))
                            got.append([(t, repr(b), repr(w)) for t, b, w in cur.fetchall()])
                        if intents:
                            assert got[0] == got[1], (text, intents, got)
                        else:
                            assert sorted(got[0]) == sorted(got[1]), (text, got)
                            assert [r[0] for r in got[0]] == sorted(r[0] for r in got[0]), (text, got)
                        assert len(got[0]) == len(set(args)), (text, got)
                        compared += len(got[0])
                        if not intents:
                            bases |= {b for _, b, _ in got[0]}
        su.rollback()
    finally:
        su.close()
    assert compared > 100, compared
    # every branch of the rule reached: kb_weights' own (0.5 school/test, 0.3 clinic), a number 0.3, a concept 1,
    # a word of the clinic's examples 0.8, an unknown word 0.6
    assert {"1.0", "0.8", "0.6", "0.3", "0.5"} <= bases, bases


def test_the_weights_entry_counts_kept_per_doctor_follow_every_change(stack):
    """Issue 14, round 16 (097_perf25.sql): kb_token_weights_kept reads each word's entry count (the enabled entries
    of the doctor with an example holding it) from kb_doctor_token_df, kept by triggers instead of counted at every
    call. After each change a clinic makes to its knowledge base (an entry added, its examples and keywords edited,
    disabled, enabled again, deleted, another clinic's entry added) the table holds exactly the counts computed from
    the examples (066's count), the changed words' counts move as the change says, and the weights' bases follow: a
    word of no enabled entry of the clinic is unknown (0.6), of one a word of its examples (0.8)."""
    import psycopg2

    doc = new_doctor(stack, clinic="Counted Clinic")["id"]
    other = new_doctor(stack, clinic="Other Counted Clinic")["id"]
    for q, a, k in PARALLEL_KB:
        stack.add_kb(doc, q, a.format(c="Counted Clinic"), k)
    counted = """SELECT x.doctor_id, u.t, count(DISTINCT x.entry_id) FROM kb_examples x JOIN kb_entries k
                 ON k.id = x.entry_id AND k.enabled, unnest(x.toks || x.ktoks) u(t) WHERE x.doctor_id = ANY (%s::uuid[])
                 GROUP BY 1, 2"""
    su = psycopg2.connect(host="127.0.0.1", port=stack.pg_port, user="postgres", dbname="wa")
    seen = []
    try:
        with su.cursor() as cur:
            def check():
                cur.execute(f"SELECT count(*) FROM (({counted}) EXCEPT SELECT doctor_id, t, n FROM kb_doctor_token_df) a",
                            ([doc, other],))
                missing = cur.fetchone()[0]
                cur.execute(f"SELECT count(*) FROM (SELECT doctor_id, t, n FROM kb_doctor_token_df"
                            f" WHERE doctor_id = ANY (%s::uuid[]) EXCEPT ({counted})) a", ([doc, other], [doc, other]))
                assert (missing, cur.fetchone()[0]) == (0, 0)
                cur.execute("SELECT coalesce((SELECT n FROM kb_doctor_token_df WHERE doctor_id = %s AND t = 'zinnia'), 0),"
                            " (SELECT base FROM kb_token_weights_kept(%s, '{zinnia,clinic}', false) WHERE t = 'zinnia')",
                            (doc, doc))
                seen.append(cur.fetchone())
            check()
            cur.execute("INSERT INTO kb_entries (doctor_id, question, answer, keywords) VALUES (%s, 'Do you sell zinnia"
                        " seeds?', 'Yes, at the front desk.', 'zinnia') RETURNING id", (doc,))
            first = cur.fetchone()[0]
            check()
            cur.execute("INSERT INTO kb_entries (doctor_id, question, answer, examples) VALUES (%s, 'Zinnia garden"
                        " visits?', 'Sundays.', '{\"can I see the zinnia garden\"}') RETURNING id", (doc,))
            second = cur.fetchone()[0]
            check()
            cur.execute("INSERT INTO kb_entries (doctor_id, question, answer) VALUES (%s, 'zinnia tea?', 'No.')", (other,))
            check()
            cur.execute("UPDATE kb_entries SET enabled = false WHERE id = %s", (first,))
            check()
            cur.execute("UPDATE kb_entries SET question = 'Do you sell marigold seeds?', keywords = 'marigold',"
                        " examples = '{}' WHERE id = %s", (second,))
            check()
            cur.execute("UPDATE kb_entries SET enabled = true WHERE id = %s", (first,))
            check()
            cur.execute("UPDATE kb_entries SET examples = '{\"zinnia seeds for the garden\"}' WHERE id = %s",
                        (second,))
            check()
            cur.execute("DELETE FROM kb_entries WHERE id = %s", (first,))
            check()
            cur.execute("DELETE FROM kb_entries WHERE id = %s", (second,))
            check()
        su.rollback()
    finally:
        su.close()
    # the count of "zinnia" at the clinic with each change (the other clinic's entry counts only there), its base
    assert seen == [(0, 0.6), (1, 0.8), (2, 0.8), (2, 0.8), (1, 0.8), (0, 0.6), (1, 0.8), (2, 0.8), (1, 0.8),
                    (0, 0.6)], seen


def test_two_writers_of_one_clinic_count_its_words_in_turn(stack):
    """Issue 14, round 16 (097_perf25.sql): two transactions adding entries with the same word to one clinic at once.
    The second's refresh of kb_doctor_token_df waits for the first's commit (an advisory lock on the doctor), then
    counts with the first's rows in view: both commit, no unique violation, and the word's count is 2, as computed from
    the examples (without the lock the second would count only its own entry, or fail on the first's row)."""
    import threading

    import psycopg2

    doc = new_doctor(stack, clinic="Two Writers Clinic")["id"]
    conns = [psycopg2.connect(host="127.0.0.1", port=stack.pg_port, user="postgres", dbname="wa") for _ in range(2)]
    add = "INSERT INTO kb_entries (doctor_id, question, answer) VALUES (%s, %s, 'At the desk.')"
    errors = []
    try:
        with conns[0].cursor() as cur:
            cur.execute(add, (doc, "Do you sell zinnia seeds?"))  # the first writer, not committed yet

        def second():
            try:
                with conns[1].cursor() as cur:
                    cur.execute(add, (doc, "Any zinnia seeds left?"))
                conns[1].commit()
            except psycopg2.Error as e:
                errors.append(e)
        t = threading.Thread(target=second)
        t.start()
        t.join(1.0)  # time for the second to reach the first writer's lock
        conns[0].commit()
        t.join(20)
        assert not t.is_alive() and errors == [], errors
        rows = stack.sql("SELECT n FROM kb_doctor_token_df WHERE doctor_id = %s AND t = 'zinnia'", doc)
        counted = stack.sql("SELECT count(DISTINCT x.entry_id) FROM kb_examples x JOIN kb_entries k ON k.id = x.entry_id"
                            " AND k.enabled WHERE x.doctor_id = %s AND 'zinnia' = ANY (x.toks || x.ktoks)", doc)
        assert rows == [(2,)] == counted, (rows, counted)
    finally:
        for c in conns:
            c.close()


def intent_score_045():
    """045_perf8.sql's kb_intent_score (the fit read from kb_intent_example_facts, one sub-select an example) as
    pg_temp.kb_intent_score_045, and 065's kb_intent_tokens calling it as pg_temp.kb_intent_tokens_065: the rule
    069's copies must keep."""
    import os
    import re
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "deploy", "migrations",
                        "045_perf8.sql")
    sql = open(path, encoding="utf-8").read()
    m = re.search(r"CREATE OR REPLACE FUNCTION kb_intent_score\(.*?\n\$\$;", sql, re.S)
    score = m.group(0).replace("CREATE OR REPLACE FUNCTION kb_intent_score(",
                               "CREATE FUNCTION pg_temp.kb_intent_score_045(")
    # and 065's kb_intent_tokens (the router's caller of it) on that copy
    sql = open(os.path.join(os.path.dirname(path), "065_intents13.sql"), encoding="utf-8").read()
    m = re.search(r"CREATE OR REPLACE FUNCTION kb_intent_tokens\(.*?\n\$\$;", sql, re.S)
    tokens = m.group(0).replace("CREATE OR REPLACE FUNCTION kb_intent_tokens(",
                                "CREATE FUNCTION pg_temp.kb_intent_tokens_065(")
    return score, tokens.replace("LATERAL kb_intent_score(", "LATERAL pg_temp.kb_intent_score_045(")


def test_the_intent_score_is_045s_bit_for_bit(stack):
    """Issue 14, round 11 (069_perf15.sql): kb_intent_score's fit reads each text word's examples with their intent
    and wsum from kb_intent_word_examples (written by kb_intent_facts_refresh) and adds their weights in the order of
    the text's words, instead of reading every example sharing a word with the text from kb_intent_example_facts. For
    every text of the intents' dev set, against 045's definition (and kb_intent_tokens against 065's, whose two token
    arrays 069 keeps as subqueries): the same rows (intent, rank, missing words) with
    score, coverage and fit as exact floats; and again after a global example is added and an intent weight changed
    (the tables 069 reads must follow those changes)."""
    import os

    import psycopg2

    doc = new_doctor(stack, clinic="Sahil Clinic")["id"]
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "kb_eval", "intents_dev.tsv")
    texts = [ln.split("\t")[0] for ln in open(path, encoding="utf-8") if ln.strip() and not ln.startswith("#")]
    su = psycopg2.connect(host="127.0.0.1", port=stack.pg_port, user="postgres", dbname="wa")
    try:
        with su.cursor() as cur:
            for fn in intent_score_045():
                cur.execute(fn)
            cur.execute("CREATE TEMP TABLE t_toks AS SELECT n, kb_tokens(%s, q, true) AS toks"
                        " FROM unnest(%s::text[]) WITH ORDINALITY u(q, n)", (doc, texts))

            def scores(fn):
                cur.execute(f"SELECT n, s.intent, s.score, s.coverage, s.fit, s.missing FROM t_toks,"
                            f" LATERAL {fn}(%s, t_toks.toks, 100) s ORDER BY n", (doc,))
                return [(n, i, repr(s), repr(c), repr(f), m) for n, i, s, c, f, m in cur.fetchall()]

            def same():
                new, old = scores("kb_intent_score"), scores("pg_temp.kb_intent_score_045")
                assert new == old
                assert scores("kb_intent_tokens") == scores("pg_temp.kb_intent_tokens_065")
                return new

            rows = same()
            assert len(rows) > 100 and len({r[1] for r in rows}) >= 8, (len(rows), {r[1] for r in rows})
            # fits short of 1 (an example with some of the text's words): the sums the change computes otherwise
            partial = sum(1 for r in rows if 0 < float(r[4]) < 1)
            assert partial > 40, partial
            before = {(r[0], r[1]): r[2] for r in rows}
            cur.execute("INSERT INTO kb_intents (doctor_id, intent, lang, example)"
                        " VALUES (NULL, 'book', 'en', 'my checkup slot for the skin doctor please')")
            cur.execute("UPDATE kb_weights SET intent_weight = intent_weight * 1.5 WHERE intent_weight IS NOT NULL")
            after = same()
            # the changes reached the scores
            moved = sum(1 for r in after if before.get((r[0], r[1])) != r[2])
            assert moved > 10, moved
        su.rollback()
    finally:
        su.close()


# The statement for new texts as shared/src/kb.c sent it before 075_perf18.sql, verbatim: router_understand_batch's body
UNDERSTAND_074 = (
    "WITH u AS MATERIALIZED ("
    "SELECT x.i, x.d, t.toks, CASE WHEN x.f THEN kb_intent_choose_tokens(x.d, t.toks) END AS label"
    " FROM jsonb_to_recordset($1::jsonb) AS x(i int, d uuid, q text, f boolean)"
    " CROSS JOIN LATERAL (SELECT (kb_analyse_parts(x.d, x.q, true)).o_tokens AS toks OFFSET 0) t)"
    ", n AS MATERIALIZED (SELECT x.d, kb_name_words(x.d) AS names FROM (SELECT DISTINCT d FROM u) x)"
    " SELECT u.i, u.label, k.id::text, k.question, k.answer, k.score FROM u LEFT JOIN n ON n.d = u.d"
    " LEFT JOIN LATERAL (SELECT e.id, e.question, e.answer, m.score"
    "                    FROM kb_match_tokens_names(u.d, u.toks, n.names, 4) m"
    "                    JOIN kb_entries e ON e.id = m.id AND e.doctor_id = u.d) k ON true"
    " ORDER BY u.i, k.score DESC, k.id")


def same_as_074(cur, doc, items, function):
    """router_understand_batch's rows for slices of 16 texts of one doctor, each slice's equal to 074's statement
    (PREPAREd as `old` on cur, track_functions on); returns them with how often `function` was called by the new
    statement."""
    counts = "SELECT calls FROM pg_stat_xact_user_functions WHERE funcname = %s"
    calls, got = 0, []
    for s in range(0, len(items), 16):
        batch = json.dumps([{"i": i, "d": doc, "q": q, "f": True} for i, q in enumerate(items[s:s + 16])])
        cur.execute("EXECUTE old(%s)", (batch,))
        old = cur.fetchall()
        cur.execute(counts, (function,))
        before = (cur.fetchone() or (0,))[0]
        cur.execute("SELECT * FROM router_understand_batch(%s)", (batch,))
        new = cur.fetchall()
        cur.execute(counts, (function,))
        calls += (cur.fetchone() or (0,))[0] - before
        assert new == old, batch
        got.append((s, new))
    return calls, got


def test_the_new_texts_statement_is_planned_once_a_session_and_gives_the_same_rows(stack, scoring_in_sql):
    """Issue 14, round 15 (075_perf18.sql): as a prepared statement of its own, the router's statement for new texts
    was planned again at every call on a router started on fresh tables (the custom plans' cost comparison never
    settled on the generic plan; ~7 ms of planning a call). The router now calls router_understand_batch, which runs
    the same statement on its generic plan (plan_cache_mode = force_generic_plan for the call, the plan kept by
    PL/pgSQL for the session). A webhook of new texts reaches the router's connection as that call; the function
    carries the setting, and jit = off (121); and over 12 batches of 1 to 6 texts of two clinics (KB questions, a booking sentence, an ai
    question, a greeting; intent asked for some), run alternately as the statement and through the function on two
    sessions of the router's role, every row is the same, in the same order, scores exactly."""
    import json

    import psycopg2

    docs = []
    for clinic in ("Plan Once Clinic", "Generic Plan Clinic"):
        doc = new_doctor(stack, clinic=clinic)
        for q, a, k in PARALLEL_KB:
            stack.add_kb(doc["id"], q, a.format(c=clinic), k)
        docs.append(doc)
    # the router's connections: the one that scored a slice last ran the function (the second of the router's two
    # steps since round 26, 139_perf29.sql)
    assert "FROM router_understand_tokens($1::jsonb)" in score_statement(stack, docs[0])
    # 121_nojit.sql: and never JIT-compiled (115's score raised the plan's estimate past jit_above_cost: ~240 ms of
    # compiling for a ~1 ms statement); a later CREATE OR REPLACE that forgets either clause fails here; the same for
    # round 26's two steps
    config = stack.sql("SELECT proname, proconfig FROM pg_proc WHERE proname IN ('router_understand_batch',"
                       " 'router_analyse_batch', 'router_understand_tokens') ORDER BY 1")
    assert config == [(name, ["plan_cache_mode=force_generic_plan", "jit=off"]) for name in
                      ("router_analyse_batch", "router_understand_batch", "router_understand_tokens")], config
    stack.sql("DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'test_p18_router') THEN"
              " CREATE ROLE test_p18_router LOGIN PASSWORD 'x' IN ROLE wa_router; END IF; END $$")
    rnd = random.Random(15)
    texts = PARALLEL_TEXTS + ["hello", "fee kitna hai", "clinic timings on saturday?"]
    sessions = []
    try:
        for sql in (UNDERSTAND_074, "SELECT * FROM router_understand_batch($1::jsonb)"):
            c = psycopg2.connect(host="127.0.0.1", port=stack.pg_port, user="test_p18_router", password="x",
                                 dbname="wa")
            c.autocommit = True
            c.cursor().execute("PREPARE u(jsonb) AS " + sql)
            sessions.append(c)
        nrows = nlabels = 0
        for b in range(12):
            batch = json.dumps([{"i": i, "d": rnd.choice(docs)["id"], "q": rnd.choice(texts) + f" ({b})",
                                 "f": rnd.random() < 0.5} for i in range(rnd.randrange(1, 7))])
            got = []
            for c in sessions if b % 2 == 0 else sessions[::-1]:
                with c.cursor() as cur:
                    cur.execute("EXECUTE u(%s)", (batch,))
                    got.append(cur.fetchall())
            assert got[0] == got[1], batch
            nrows += len(got[0])
            nlabels += sum(r[1] is not None for r in got[0])
    finally:
        for c in sessions:
            c.close()
    assert nrows >= 24 and nlabels >= 1  # candidates (several rows a batch) and intent labels compared


def test_the_two_steps_give_the_one_statement_s_rows(stack):
    """Issue 14, round 26 (139_perf29.sql): the router understands its new texts in two steps, the analysis
    (router_analyse_batch: the tokens) and then, only for token lists it has no answer for, the intent and the
    candidates (router_understand_tokens on the tokens given). Over 16 batches of 1 to 8 texts of two clinics (KB
    questions in several wordings, a booking sentence, an ai question, a greeting, a text in Hindi; the intent asked
    for some), as the router's role: the two steps give router_understand_batch's rows (label, entry, question,
    answer, score exactly, in the same order); and texts worded apart that analyse alike get the same rows."""

    import psycopg2

    docs = []
    for clinic in ("Two Step Clinic", "Second Step Clinic"):
        doc = new_doctor(stack, clinic=clinic)
        for q, a, k in PARALLEL_KB:
            stack.add_kb(doc["id"], q, a.format(c=clinic), k)
        docs.append(doc)
    stack.sql("DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'test_p26_router') THEN"
              " CREATE ROLE test_p26_router LOGIN PASSWORD 'x' IN ROLE wa_router; END IF; END $$")
    texts = PARALLEL_TEXTS + ["hello", "fee kitna hai", "clinic timings on saturday?", "clinic timings please",
                              "What are the clinic timings", "consultation fee?", "फीस कितनी है"]
    rnd = random.Random(26)
    c = psycopg2.connect(host="127.0.0.1", port=stack.pg_port, user="test_p26_router", password="x", dbname="wa")
    c.autocommit = True
    nrows = nlabels = 0
    try:
        with c.cursor() as cur:
            cur.execute("PREPARE one(jsonb) AS SELECT i, label, id, question, answer, score"
                        " FROM router_understand_batch($1::jsonb)")
            cur.execute("PREPARE p_analyse(jsonb) AS SELECT i, toks FROM router_analyse_batch($1::jsonb)")
            cur.execute("PREPARE p_understand(jsonb) AS SELECT i, label, id, question, answer, score"
                        " FROM router_understand_tokens($1::jsonb)")
            for b in range(16):
                items = [{"i": i, "d": rnd.choice(docs)["id"], "q": rnd.choice(texts), "f": rnd.random() < 0.5}
                         for i in range(rnd.randrange(1, 9))]
                cur.execute("EXECUTE one(%s)", (json.dumps(items),))
                one = cur.fetchall()
                assert two_steps(cur, items) == one, items
                nrows += len(one)
                nlabels += sum(r[1] is not None for r in one)
            # worded apart, analysed alike: the same rows
            alike = [{"i": i, "d": docs[0]["id"], "q": q, "f": True}
                     for i, q in enumerate(["What are the clinic timings?", "clinic timings please"])]
            cur.execute("EXECUTE p_analyse(%s)", (json.dumps(alike),))
            toks = [t for _, t in sorted(cur.fetchall())]
            cur.execute("EXECUTE one(%s)", (json.dumps(alike),))
            rows_ = cur.fetchall()
    finally:
        c.close()
    assert nrows >= 40 and nlabels >= 1, (nrows, nlabels)  # candidates (several rows a batch) and labels compared
    assert toks[0] == toks[1] == ["clinic", "timing"], toks
    assert [r[1:] for r in rows_ if r[0] == 0] == [r[1:] for r in rows_ if r[0] == 1] != []


def test_the_vocabulary_refresh_plans_for_its_arrays_at_every_call(stack):
    """Issue 14 (133_perf32.sql): 107's kb_vocab_refresh() compares arrays it computed with kb_vocab through unnest();
    a generic plan (PL/pgSQL's plan cache may keep one from a statement's sixth execution in a session) estimates an
    unseen array at 10 rows and nested-loops ~6,000 words for each of ~12,400 rows: 17 s a call instead of ~1 from the
    sixth call on in one session. 133 gives the function plan_cache_mode = force_custom_plan; a later CREATE OR
    REPLACE without it would bring the 17 s back. Eight calls in one session change no row."""
    config = stack.sql("SELECT proconfig FROM pg_proc WHERE proname = 'kb_vocab_refresh'")
    assert config == [(["plan_cache_mode=force_custom_plan"],)], config
    before = stack.sql("SELECT doctor_id::text, word, stop FROM kb_vocab ORDER BY 1, 2, 3")
    for _ in range(8):
        stack.sql("SELECT kb_vocab_refresh()")
    assert len(before) > 5000
    assert stack.sql("SELECT doctor_id::text, word, stop FROM kb_vocab ORDER BY 1, 2, 3") == before


def test_no_session_of_the_database_jit_compiles(stack):
    """Issue 14 (122_nojit_database.sql): 121 turned JIT off for the router's statement after 115's score raised its
    estimate past jit_above_cost (~240 ms of compiling a call for ~1 ms of work); 122 puts jit = off on the database,
    so no statement of any service compiles itself when a plan's estimate grows. The setting is the database's own
    (pg_db_role_setting, every role); a new session of a service's login role (a member of wa_router, as the router
    logs in) starts with it, and a statement estimated far over jit_above_cost plans without JIT; the same session
    with SET jit = on plans it with JIT (the provider is there: without 122 the first EXPLAIN would show it)."""
    import json

    import psycopg2

    rows = stack.sql("SELECT s.setconfig FROM pg_db_role_setting s JOIN pg_database d ON d.oid = s.setdatabase"
                     " WHERE d.datname = current_database() AND s.setrole = 0")
    assert rows and "jit=off" in rows[0][0], rows
    stack.sql("DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'test_jit_router') THEN"
              " CREATE ROLE test_jit_router LOGIN PASSWORD 'x' IN ROLE wa_router; END IF; END $$")
    c = psycopg2.connect(host="127.0.0.1", port=stack.pg_port, user="test_jit_router", password="x", dbname="wa")
    try:
        with c.cursor() as cur:
            cur.execute("SHOW jit")
            assert cur.fetchone()[0] == "off"
            big = "EXPLAIN (FORMAT JSON) SELECT sum(a * b) FROM generate_series(1, 3000) a, generate_series(1, 3000) b"
            cur.execute(big)
            plan = cur.fetchone()[0]
            plan = plan if isinstance(plan, list) else json.loads(plan)
            assert plan[0]["Plan"]["Total Cost"] > 100000 and "JIT" not in plan[0], plan
            cur.execute("SET jit = on")
            cur.execute(big)
            plan = cur.fetchone()[0]
            plan = plan if isinstance(plan, list) else json.loads(plan)
            assert plan[0]["JIT"]["Functions"] > 0, plan
    finally:
        c.close()


def test_the_intent_is_decided_only_when_an_intent_could_be_a_candidate(stack):
    """Issue 14, round 13 (082_perf22.sql): router_understand_batch calls kb_intent_choose_tokens only for a text that
    some global intent could be a candidate of (an intent of kb_intent_word_facts for one of its words, none of
    whose kb_intent_keys rows misses the text), or of a clinic with intents of its own; for any other text
    kb_intent_score returned no row and the label was NULL anyway. Over every text of the intents' dev set and a few
    KB questions (as a superuser, track_functions = all, in a transaction rolled back): the function's rows equal
    those of the statement before 075 (which asked the intent of every text), labels included; the intent is
    skipped for some texts and asked for every labelled one; after an intent's key concepts and a global example
    change at run time, a text skipped before is asked and still labelled as the old statement labels it; and for a
    clinic with an example of its own every text is asked."""
    import json
    import os

    import psycopg2

    docs = [new_doctor(stack, clinic=c)["id"] for c in ("Skip Intent Clinic", "Own Intent Clinic")]
    for q, a, k in PARALLEL_KB:
        stack.add_kb(docs[0], q, a.format(c="Skip Intent Clinic"), k)
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "kb_eval", "intents_dev.tsv")
    texts = [ln.split("\t")[0] for ln in open(path, encoding="utf-8") if ln.strip() and not ln.startswith("#")]
    probe = "skin rash doctor please"  # its one token, rash, is no word of a global intent's example
    texts = PARALLEL_TEXTS + texts + [probe]
    su = psycopg2.connect(host="127.0.0.1", port=stack.pg_port, user="postgres", dbname="wa")
    try:
        with su.cursor() as cur:
            cur.execute("SET track_functions = 'all'")
            cur.execute("PREPARE old(jsonb) AS " + UNDERSTAND_074)

            def run(doc, items):
                """The rows of both for each slice of 16 texts; how often the new one asked the intent."""
                asked, got = same_as_074(cur, doc, items, "kb_intent_choose_tokens")
                return asked, {items[s + r[0]]: r[1] for s, new in got for r in new}

            asked, labels = run(docs[0], texts)
            labelled = sum(v is not None for v in labels.values())
            assert labelled > 40 and labelled <= asked < len(texts) - 5, (labelled, asked, len(texts))
            assert run(docs[0], [probe]) == (0, {probe: None})
            # the intents' data change: "rash" becomes a key concept of booking, with an example that has it
            cur.execute("UPDATE kb_intent_keys SET keys = keys || '{rash}'::text[] WHERE intent = 'book'")
            cur.execute("INSERT INTO kb_intents (doctor_id, intent, lang, example)"
                        " VALUES (NULL, 'book', 'en', 'a rash, an appointment please')")
            assert run(docs[0], [probe])[0] == 1
            run(docs[0], texts)
            su.rollback()
            cur.execute("SET track_functions = 'all'")  # the prepared statement outlives the transaction, not SET
            # a clinic with an intent example of its own: kb_intent_score reads its rows, every text is asked
            cur.execute("INSERT INTO kb_intents (doctor_id, intent, lang, example)"
                        " VALUES (%s, 'book', 'en', 'a rash, an appointment please')", (docs[1],))
            assert run(docs[1], texts)[0] == len(texts)
        su.rollback()
    finally:
        su.close()


def analysis_059():
    """059_perf13.sql's kb_analyse_parts, calling 046_perf9.sql's kb_analyse_terms and kb_analyse_lookup, as
    pg_temp.kb_analyse_parts_059 (on pg_temp.kb_analyse_terms_046 / kb_analyse_lookup_046): the analysis 074 keeps."""
    import os
    import re
    here = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "deploy", "migrations")
    out = []
    sql = open(os.path.join(here, "046_perf9.sql"), encoding="utf-8").read()
    for fn in ("kb_analyse_terms", "kb_analyse_lookup"):
        m = re.search(r"CREATE OR REPLACE FUNCTION " + fn + r"\(.*?\n\$\$;", sql, re.S)
        out.append(m.group(0).replace(f"CREATE OR REPLACE FUNCTION {fn}(", f"CREATE FUNCTION pg_temp.{fn}_046("))
    sql = open(os.path.join(here, "059_perf13.sql"), encoding="utf-8").read()
    m = re.search(r"CREATE OR REPLACE FUNCTION kb_analyse_parts\(.*?\n\$\$;", sql, re.S)
    parts = m.group(0).replace("CREATE OR REPLACE FUNCTION kb_analyse_parts(",
                               "CREATE FUNCTION pg_temp.kb_analyse_parts_059(")
    parts = parts.replace("kb_analyse_terms(", "pg_temp.kb_analyse_terms_046(")
    out.append(parts.replace("kb_analyse_lookup(", "pg_temp.kb_analyse_lookup_046("))
    return out


def test_the_analysis_is_059s(stack):
    """Issue 14, round 12 (074_perf17.sql): kb_analyse_parts finds the multi-word terms with one index probe a pair of
    neighbouring words and one sort, looks the words' synonyms up in one join, and does not split the words again
    when nothing changed them. For every text of the intents' dev set and the KB questions of the dev set, with
    correction and without, against 059's definition on 046's helpers: every field the same (tokens in order,
    corrections, synonyms, dropped words); and again after a clinic's own one-word and multi-word synonyms and a global
    stop word are added (the analysis must see them at once: 076 reads the words from kb_lexicon_words, which its
    triggers keep)."""
    import json
    import os

    import psycopg2

    doc = new_doctor(stack, clinic="Sahil Clinic")["id"]
    here = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "kb_eval")
    texts = [ln.split("\t")[0] for ln in open(os.path.join(here, "intents_dev.tsv"), encoding="utf-8")
             if ln.strip() and not ln.startswith("#")]
    texts += [ln.split("\t")[1] for ln in open(os.path.join(here, "dev.tsv"), encoding="utf-8")
              if ln.strip() and not ln.startswith("#") and ln.count("\t") >= 2]
    su = psycopg2.connect(host="127.0.0.1", port=stack.pg_port, user="postgres", dbname="wa")
    try:
        with su.cursor() as cur:
            for fn in analysis_059():
                cur.execute(fn)

            def analyses(fn):
                cur.execute(f"SELECT n, c, a.o_tokens, a.o_corrected::text, a.o_synonyms::text, a.o_dropped"
                            f" FROM unnest(%s::text[]) WITH ORDINALITY u(q, n), unnest(ARRAY[true, false]) c,"
                            f" LATERAL {fn}(%s, u.q, c) a ORDER BY n, c", (texts, doc))
                return cur.fetchall()

            def same():
                new = analyses("kb_analyse_parts")
                assert new == analyses("pg_temp.kb_analyse_parts_059")
                return new

            rows = same()
            assert len(rows) == 2 * len(texts) and len(texts) > 300, len(texts)
            # the branches the change touches: multi-word terms replaced, words corrected, words dropped
            assert sum(1 for r in rows if any(" " in k for k in json.loads(r[4]))) > 50
            assert sum(1 for r in rows if r[3] != "{}") > 10
            assert sum(1 for r in rows if r[5]) > 200
            words = {}
            for q in texts:
                for w in q.lower().split():
                    if w.isalpha() and len(w) >= 5:
                        words[w] = words.get(w, 0) + 1
            common = sorted(words, key=lambda w: (-words[w], w))
            cur.execute("INSERT INTO kb_synonyms (doctor_id, term, canonical) VALUES (%s, %s, 'clinicword'),"
                        " (%s, %s, 'clinicphrase')", (doc, common[3], doc, common[4] + " " + common[5]))
            cur.execute("INSERT INTO kb_stopwords (word) VALUES (%s) ON CONFLICT DO NOTHING", (common[6],))
            after = same()
            moved = sum(1 for a, b in zip(rows, after) if a[2] != b[2])
            assert moved > 10, moved
        su.rollback()
    finally:
        su.close()


def test_the_typo_rule_without_its_second_probes_corrects_as_076(stack):
    """Issue 14, round 19 (114_perf29.sql): the typo rule no longer probes kb_vocab and kb_words again for a word that
    is not Devanagari (the first statement's slow-word test found it in neither, through kb_lexicon_words). For every
    text of the intents' dev set, the KB questions of the dev set and of heldout23 and texts made for the typo rule
    (misspelt words, a word of the clinic's own examples and its plural, an ordinary word, unknown Devanagari words),
    correcting: every field the same as 076's kb_analyse_parts (put back as pg_temp.kb_analyse_parts_076), many words
    corrected; again after a clinic's example with a new word is added (read at once: 114 keeps nothing)."""
    import os
    import re

    import psycopg2

    doc = new_doctor(stack, clinic="Typo Clinic")["id"]
    here = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "kb_eval")
    texts = [ln.split("\t")[0] for ln in open(os.path.join(here, "intents_dev.tsv"), encoding="utf-8")
             if ln.strip() and not ln.startswith("#")]
    for name in ("dev.tsv", "heldout23/kb.tsv"):
        texts += [ln.split("\t")[1] for ln in open(os.path.join(here, name), encoding="utf-8")
                  if ln.strip() and not ln.startswith("#") and ln.count("\t") >= 2]
    texts += ["apointment tomorow plz", "wat are the consultaton fees", "zorblattic timings",
              "is the clinc open on sundy", "case 4711 fees", "फीसस कितनी है", "अपॉइंटमेंटसाठी वेळ"]
    mig = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "deploy", "migrations")
    old = re.search(r"CREATE OR REPLACE FUNCTION kb_analyse_parts\(.*?\n\$\$;",
                    open(os.path.join(mig, "076_perf19.sql"), encoding="utf-8").read(), re.S).group(0)
    su = psycopg2.connect(host="127.0.0.1", port=stack.pg_port, user="postgres", dbname="wa")
    try:
        with su.cursor() as cur:
            cur.execute(old.replace("CREATE OR REPLACE FUNCTION kb_analyse_parts(",
                                    "CREATE FUNCTION pg_temp.kb_analyse_parts_076("))

            def analyses(fn):
                cur.execute(f"SELECT n, a.o_tokens, a.o_corrected::text, a.o_synonyms::text, a.o_dropped"
                            f" FROM unnest(%s::text[]) WITH ORDINALITY u(q, n), LATERAL {fn}(%s, u.q, true) a"
                            f" ORDER BY n", (texts, doc))
                return cur.fetchall()

            def same():
                new = analyses("kb_analyse_parts")
                assert new == analyses("pg_temp.kb_analyse_parts_076")
                return new

            rows = same()
            assert len(rows) == len(texts) and len(texts) > 800, len(texts)
            assert sum(1 for r in rows if r[2] != "{}") > 30, sum(1 for r in rows if r[2] != "{}")
            cur.execute("INSERT INTO kb_entries (doctor_id, question, answer, keywords) VALUES"
                        " (%s, 'Do you treat zorblatic rashes?', 'Yes.', '{}')", (doc,))
            after = same()
            assert rows[-5][2] == "{}" and json.loads(after[-5][2]) == {"zorblattic": "zorblatic"}, (rows[-5], after[-5])
        su.rollback()
    finally:
        su.close()


def test_the_doctors_example_words_are_kept_per_doctor_and_the_analysis_reads_them_as_114(stack):
    """Issue 14, round 20 (120_perf30.sql): kb_analyse_parts reads a doctor's example words (`known`, and its
    slow-word test's "an example of the doctor's has it") from the doctor's kb_doctor_known row, kept by triggers on
    kb_examples, where 114 gathered them from kb_examples for each text; the look-up is planned otherwise. The row must be the words computed from kb_examples right after every change (an entry added,
    its question changed, another clinic's entry, the entry deleted, the clinic deleted), and the analysis (every field,
    correcting) the same as 114's with 074's kb_analyse_terms and 076's kb_analyse_lookup (put back in pg_temp) over
    the intents' dev set, the KB questions of dev and heldout24 and texts made for the typo rule, after each change: a misspelt
    word of the new entry is corrected towards it at once, and no longer once the entry is gone."""
    import os
    import re

    import psycopg2

    doc = new_doctor(stack, clinic="Known Clinic")["id"]
    other = new_doctor(stack, clinic="Other Known Clinic")["id"]
    here = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "kb_eval")
    texts = [ln.split("\t")[0] for ln in open(os.path.join(here, "intents_dev.tsv"), encoding="utf-8")
             if ln.strip() and not ln.startswith("#")]
    for name in ("dev.tsv", "heldout24/kb.tsv"):
        texts += [ln.split("\t")[1] for ln in open(os.path.join(here, name), encoding="utf-8")
                  if ln.strip() and not ln.startswith("#") and ln.count("\t") >= 2]
    texts += ["apointment tomorow plz", "is the clinc open on sundy", "do you treat quorblatic rashes",
              "quorblattic rash fees", "case 4711 fees", "फीसस कितनी है", "अपॉइंटमेंटसाठी वेळ"]
    mig = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "deploy", "migrations")

    def old(path, name):
        text = open(os.path.join(mig, path), encoding="utf-8").read()
        return re.search(r"CREATE OR REPLACE FUNCTION " + name + r"\(.*?\n\$\$;", text, re.S).group(0) \
            .replace("CREATE OR REPLACE FUNCTION " + name + "(", "CREATE FUNCTION pg_temp." + name + "_old(", 1)
    parts = old("114_perf29.sql", "kb_analyse_parts").replace("kb_analyse_terms(", "pg_temp.kb_analyse_terms_old(") \
        .replace("kb_analyse_lookup(", "pg_temp.kb_analyse_lookup_old(")
    su = psycopg2.connect(host="127.0.0.1", port=stack.pg_port, user="postgres", dbname="wa")
    try:
        with su.cursor() as cur:
            cur.execute(old("074_perf17.sql", "kb_analyse_terms"))
            cur.execute(old("076_perf19.sql", "kb_analyse_lookup"))
            cur.execute(parts)

            def analyses(fn):
                cur.execute(f"SELECT n, a.o_tokens, a.o_corrected::text, a.o_synonyms::text, a.o_dropped"
                            f" FROM unnest(%s::text[]) WITH ORDINALITY u(q, n), LATERAL {fn}(%s, u.q, true) a"
                            f" ORDER BY n", (texts, doc))
                return cur.fetchall()

            def same():
                cur.execute("SELECT (SELECT count(*) FROM (SELECT doctor_id, words FROM kb_doctor_known"
                            "  EXCEPT SELECT e.doctor_id, array_agg(DISTINCT u ORDER BY u)"
                            "  FROM kb_examples e, unnest(e.raw) u GROUP BY 1) x),"
                            " (SELECT count(*) FROM (SELECT e.doctor_id, array_agg(DISTINCT u ORDER BY u)"
                            "  FROM kb_examples e, unnest(e.raw) u GROUP BY 1"
                            "  EXCEPT SELECT doctor_id, words FROM kb_doctor_known) x)")
                assert cur.fetchone() == (0, 0)  # no row stale, none missing
                new = analyses("kb_analyse_parts")
                assert new == analyses("pg_temp.kb_analyse_parts_old")
                return new

            def corrected(rows):
                return json.loads(rows[-4][2]).get("quorblattic")

            rows = same()
            assert len(rows) == len(texts) and len(texts) > 800, len(texts)
            assert sum(1 for r in rows if r[2] != "{}") > 20, sum(1 for r in rows if r[2] != "{}")
            assert corrected(rows) is None
            cur.execute("INSERT INTO kb_entries (doctor_id, question, answer, keywords) VALUES"
                        " (%s, 'Do you treat quorblatic rashes?', 'Yes.', '{}') RETURNING id", (doc,))
            entry = cur.fetchone()[0]
            cur.execute("SELECT 'quorblatic' = ANY (words) FROM kb_doctor_known WHERE doctor_id = %s", (doc,))
            assert cur.fetchone() == (True,)
            assert corrected(same()) == "quorblatic"
            cur.execute("UPDATE kb_entries SET question = 'Do you treat quarblitic rashes?' WHERE id = %s", (entry,))
            assert corrected(same()) is None
            cur.execute("UPDATE kb_entries SET question = 'Do you treat quorblatic rashes?' WHERE id = %s", (entry,))
            cur.execute("INSERT INTO kb_entries (doctor_id, question, answer) VALUES (%s, 'Quorblat?', 'No.')",
                        (other,))
            assert corrected(same()) == "quorblatic"
            cur.execute("DELETE FROM kb_entries WHERE id = %s", (entry,))
            assert corrected(same()) is None
            cur.execute("DELETE FROM doctors WHERE id = %s", (other,))
            same()
            cur.execute("SELECT count(*) FROM kb_doctor_known WHERE doctor_id = %s", (other,))
            assert cur.fetchone() == (0,)
        su.rollback()
    finally:
        su.close()


def test_a_clinic_synonym_and_a_stop_word_are_read_at_once_and_forgotten_at_once(stack):
    """Issue 14 (076_perf19.sql): the analysis looks each word up in kb_lexicon_words, a table kept by triggers on
    kb_synonyms, kb_stopwords, kb_vocab and kb_words. A clinic's own synonym is used by its very next analysis, changed
    and removed the same way, and no other clinic's analysis sees it; a global stop word likewise."""
    a_id, _ = stack.add_doctor("Dr. Lexicon A", "Lexicon A Dental")
    b_id, _ = stack.add_doctor("Dr. Lexicon B", "Lexicon B Dental")
    q = "zorblat kitne ka hai"

    def analysis(d):
        return stack.sql("SELECT kb_analyse(%s, %s)", d, q)[0][0]

    before = analysis(a_id)
    assert before["tokens"] == ["zorblat", "fee"] and analysis(b_id) == before
    try:
        stack.sql("INSERT INTO kb_synonyms (doctor_id, term, canonical) VALUES (%s, 'zorblat', 'braces')", a_id)
        assert stack.sql("SELECT count(*) FROM kb_lexicon_words WHERE word = 'zorblat' AND doctor_id = %s"
                         " AND src = 's'", a_id)[0][0] == 1
        seen = analysis(a_id)
        assert seen["synonyms"]["zorblat"] == "braces" and seen["tokens"][1:] == ["fee"], seen
        assert seen["tokens"][0] != "zorblat" and seen["tokens"][0].startswith("brace"), seen
        assert analysis(b_id) == before
        stack.sql("UPDATE kb_synonyms SET canonical = 'aligners' WHERE doctor_id = %s AND term = 'zorblat'", a_id)
        changed = analysis(a_id)
        assert changed["synonyms"]["zorblat"] == "aligners" and changed["tokens"][0].startswith("aligner"), changed
        stack.sql("DELETE FROM kb_synonyms WHERE doctor_id = %s AND term = 'zorblat'", a_id)
        assert analysis(a_id) == before
        stack.sql("INSERT INTO kb_stopwords (word) VALUES ('zorblat')")
        dropped = analysis(b_id)
        assert dropped["tokens"] == ["fee"] and "zorblat" in dropped["dropped"], dropped
        stack.sql("DELETE FROM kb_stopwords WHERE word = 'zorblat'")
        assert analysis(b_id) == before and analysis(a_id) == before
        assert stack.sql("SELECT count(*) FROM kb_lexicon_words WHERE word = 'zorblat' AND src IN ('s', 'p')")[0][0] == 0
        # the clinic's vocabulary (kb_vocab, rebuilt from its synonyms by their triggers) is mirrored row for row
        assert stack.sql("SELECT count(*) FROM kb_lexicon_words WHERE word = 'zorblat' AND src = 'v'") \
            == stack.sql("SELECT count(DISTINCT doctor_id) FROM kb_vocab WHERE word = 'zorblat'")
    finally:
        stack.sql("DELETE FROM kb_synonyms WHERE term = 'zorblat'")
        stack.sql("DELETE FROM kb_stopwords WHERE word = 'zorblat'")


def test_a_clinic_deleted_rewrites_only_its_own_lexicon_rows(stack):
    """Issue 14 (107_perf28.sql): deleting a clinic cascades to kb_intents and kb_synonyms, whose triggers ran 008's
    kb_vocab_refresh, a rebuild of kb_vocab and kb_concepts from nothing: every kb_lexicon_words 'v' row was deleted
    and inserted again (~74,000 rows written for one clinic). The refresh now writes only the rows that differ: the
    clinic's own rows go, the rest of the word table is not touched, and it equals a rebuild from its sources. A
    statement on kb_intents or kb_synonyms that changes no row writes nothing."""
    import psycopg2

    d, _ = stack.add_doctor("Dr. Removal", "Removal Clinic")
    stack.add_kb(d, "Do you treat zorvexitis?", "Yes, we do.", "")
    stack.sql("INSERT INTO kb_synonyms (doctor_id, term, canonical) VALUES (%s, 'zorvexa', 'fee')", d)
    stack.sql("INSERT INTO kb_intents (doctor_id, intent, lang, example) VALUES (%s, 'book', 'en', 'qorvash slot')", d)
    own = "SELECT count(*) FROM kb_lexicon_words WHERE doctor_id = %s"
    counters = ("SELECT relname, n_tup_ins + n_tup_upd + n_tup_del FROM pg_stat_xact_user_tables"
                " WHERE relname IN ('kb_lexicon_words', 'kb_vocab', 'kb_concepts')")
    rebuilt = """SELECT DISTINCT 's'::"char", doctor_id, term, canonical FROM kb_synonyms WHERE term NOT LIKE '%% %%'
                 UNION ALL SELECT 'p'::"char", NULL, word, NULL FROM kb_stopwords
                 UNION ALL SELECT DISTINCT 'v'::"char", doctor_id, word, NULL::text FROM kb_vocab
                 UNION ALL SELECT 'w'::"char", NULL, word, NULL FROM kb_words"""
    differ = ("SELECT count(*) FROM ((SELECT src, doctor_id, word, canonical FROM kb_lexicon_words EXCEPT ALL (%s))"
              " UNION ALL ((%s) EXCEPT ALL SELECT src, doctor_id, word, canonical FROM kb_lexicon_words)) z"
              % (rebuilt, rebuilt))
    su = psycopg2.connect(host="127.0.0.1", port=stack.pg_port, user="postgres", dbname="wa")
    try:
        with su.cursor() as cur:
            cur.execute(own, (d,))
            mine = cur.fetchone()[0]
            assert mine >= 3, mine  # its synonym ('s') and the words of its synonym and intent example ('v')
            cur.execute("SELECT count(*) FROM kb_lexicon_words")
            total = cur.fetchone()[0]
            cur.execute(counters)  # the session's counts not reported yet: a difference inside this transaction
            before = dict(cur.fetchall())
            cur.execute("DELETE FROM kb_intents WHERE false")
            cur.execute("DELETE FROM kb_synonyms WHERE false")
            cur.execute(counters)
            assert dict(cur.fetchall()) == before
            cur.execute("DELETE FROM doctors WHERE id = %s", (d,))
            cur.execute(counters)
            written = {t: n - before.get(t, 0) for t, n in cur.fetchall()}
            # the clinic's rows deleted, nothing else (a rebuild wrote every row twice)
            assert written.get("kb_lexicon_words", 0) == mine, (written, mine, total)
            assert written.get("kb_concepts", 0) == 0, written
            assert written.get("kb_vocab", 0) < 10, written
            cur.execute(own, (d,))
            assert cur.fetchone()[0] == 0
            cur.execute("SELECT count(*) FROM kb_lexicon_words")
            assert cur.fetchone()[0] == total - mine
            cur.execute(differ)
            assert cur.fetchone()[0] == 0
        su.rollback()
    finally:
        su.close()


def test_a_clinic_synonym_re_tokenises_its_own_entries_with_it(stack):
    """Issue 14 (076_perf19.sql): kb_lexicon_words is synced by statement triggers on kb_synonyms and kb_stopwords that
    must fire before 008's kb_lexicon_changed, which re-tokenises the clinic's entries with the analysis reading that
    table. Fired after it (as first written), a clinic's new synonym was missing from its own entries' stored words:
    the entry kept "zorblatiti" where a fresh analysis of its question reads "fever"."""
    d, _ = stack.add_doctor("Dr. Order", "Order Clinic")
    stack.add_kb(d, "Do you treat zorblatitis?", "Yes, we do.", "")
    stored = "SELECT toks FROM kb_examples WHERE doctor_id = %s ORDER BY entry_id LIMIT 1"
    assert "fever" not in stack.sql(stored, d)[0][0]
    try:
        stack.sql("INSERT INTO kb_synonyms (doctor_id, term, canonical) VALUES (%s, 'zorblatitis', 'fever')", d)
        fresh = stack.sql("SELECT kb_tokens(%s, 'Do you treat zorblatitis?', false)", d)[0][0]
        assert "fever" in fresh, fresh
        assert stack.sql(stored, d)[0][0] == fresh
        stack.sql("INSERT INTO kb_stopwords (word) VALUES ('zorblatitis')")
        assert stack.sql(stored, d)[0][0] == stack.sql("SELECT kb_tokens(%s, 'Do you treat zorblatitis?', false)", d)[0][0]
    finally:
        stack.sql("DELETE FROM kb_stopwords WHERE word = 'zorblatitis'")
        stack.sql("DELETE FROM kb_synonyms WHERE term = 'zorblatitis'")


def test_the_match_is_skipped_for_a_text_no_entry_of_its_clinic_shares_a_word_with(stack):
    """Issue 14, round 15 (093_perf24.sql): router_understand_batch runs the match (kb_match_tokens_names, whose score
    reads kb_token_weights_kept once a call) only for a text one of whose tokens, the clinic's name words left out, is
    a token of an example of an enabled entry of its clinic; for any other text the score had no candidate and gave
    no row. As a superuser with track_functions = all, in a transaction rolled back: the rows equal those of the
    statement before 075 (which ran the match for every text), labels included, slice by slice; the weights are read
    for a text sharing a word and not for one sharing none, nor for one whose only shared word is the clinic's name;
    after the one entry that has the word is disabled the text is skipped, and after an entry with it is added, at
    run time, it is matched and answered by that entry."""
    import json
    import os

    import psycopg2

    doc = new_doctor(stack, clinic="Skip Match Clinic")["id"]
    for q, a, k in PARALLEL_KB:
        stack.add_kb(doc, q, a.format(c="Skip Match Clinic"), k)
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "kb_eval", "intents_dev.tsv")
    texts = PARALLEL_TEXTS + [ln.split("\t")[0] for ln in open(path, encoding="utf-8")
                              if ln.strip() and not ln.startswith("#")]
    su = psycopg2.connect(host="127.0.0.1", port=stack.pg_port, user="postgres", dbname="wa")
    try:
        with su.cursor() as cur:
            cur.execute("SET track_functions = 'all'")
            cur.execute("PREPARE old(jsonb) AS " + UNDERSTAND_074)

            def run(items):
                """The new rows for slices of 16 texts, each equal to the old statement's; the weights' calls."""
                matched, got = same_as_074(cur, doc, items, "kb_token_weights_kept")
                return matched, [r for _, new in got for r in new]

            matched, got = run(texts)
            candidates = len({r[0] for r in got if r[2] is not None})  # slices' i repeat: a lower bound is enough
            assert 0 < matched < len(texts) - 20 and candidates > 0, (matched, len(texts))
            assert run(["how much is the consultation fee"])[0] == 1
            assert run(["please help me with the rash"]) == (0, [(0, None, None, None, None, None)])
            # an entry naming one of the clinic's name words: the word is left out of the match, nothing else shared
            cur.execute("SELECT kb_name_words(%s)", (doc,))
            word = cur.fetchone()[0][0]
            cur.execute("INSERT INTO kb_entries (doctor_id, question, answer, keywords)"
                        " VALUES (%s, %s, 'Our story.', %s)", (doc, word, word))
            assert run([word]) == (0, [(0, None, None, None, None, None)])
            fee = "SELECT id FROM kb_entries WHERE doctor_id = %s AND question LIKE 'How much%%'"
            cur.execute(f"UPDATE kb_entries SET enabled = false WHERE id = ({fee})", (doc,))
            assert run(["consultation fee"])[0] == 0
            cur.execute("INSERT INTO kb_entries (doctor_id, question, answer, keywords) VALUES (%s,"
                        " 'Do you treat a skin rash?', 'Yes, the doctor treats rashes.', 'rash skin')", (doc,))
            matched, got = run(["please help me with the rash"])
            assert matched == 1 and got[0][4] == "Yes, the doctor treats rashes.", got
        su.rollback()
    finally:
        su.close()
