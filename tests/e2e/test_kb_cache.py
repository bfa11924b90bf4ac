"""The router's answer cache (issue 14, services/router/kbcache.c) with two router replicas: a repeated question is
answered from the cache with the same answer the lookup gives, and a changed, disabled or deleted entry is never
answered from it, on either replica, from the next message on (the doctor's kb_versions row, bumped by triggers of
026_perf.sql, is read in the record statement of every batch)."""
import re

from conftest import change, http, new_number, text_message, webhook

QUESTION = "What are your visiting hours?"


def ask(stack, doctor_phone, text=QUESTION):
    """One patient, one question, one webhook: the reply's text."""
    p = new_number()
    assert stack.post_webhook(webhook([change(doctor_phone, "pn-" + doctor_phone, [text_message(p, text)])])) == 200
    return stack.replies_to(p)[0]["text"]["body"]


def cache_counts(stack, names):
    """wa_router_kb_cache_total{outcome=hit|miss} summed over the given router processes."""
    total = {"hit": 0, "miss": 0}
    for name in names:
        status, body = http("GET", f"http://127.0.0.1:{stack.ops[name]}/metrics")
        assert status == 200
        for outcome, n in re.findall(r'^wa_router_kb_cache_total\{outcome="(\w+)"\} (\d+)', body.decode(), re.M):
            total[outcome] += int(n)
    return total


def tokens_counts(stack):
    """wa_router_kb_tokens_total{outcome=hit|miss} of the router: new texts whose analysis (their tokens) the answer
    cache held the answer for at their clinic, or not."""
    status, body = http("GET", f"http://127.0.0.1:{stack.ops['router']}/metrics")
    assert status == 200
    return {o: int(n) for o, n in re.findall(r'^wa_router_kb_tokens_total\{outcome="(\w+)"\} (\d+)', body.decode(),
                                             re.M)}


def test_a_question_worded_anew_is_not_scored_again_and_never_across_clinics_or_versions(stack):
    """Issue 14, round 26: the router understands a new text in two steps, its analysis (the tokens) and then the
    score of the clinic's entries on those tokens, which it keeps in the answer cache under the tokens too. A question
    worded anew ("visiting hours pls" after "What are your visiting hours?": another text, the same tokens) is
    analysed but not scored again, and gets the same answer; another clinic asking in the same words gets its own
    answer (its own key); after a change of the clinic's knowledge base the tokens' answer of the old version is
    never given (the cache's version, as for texts)."""
    a, phone_a = stack.add_doctor("Dr. Words Rao", "Rao Words Clinic")
    b, phone_b = stack.add_doctor("Dr. Words Iyer", "Iyer Words Clinic")
    old, new = "Rao Words Clinic sees patients 9 am to 1 pm.", "Rao Words Clinic now sees patients 2 pm to 7 pm."
    other = "Iyer Words Clinic sees patients 4 pm to 8 pm."
    entry = stack.add_kb(a, QUESTION, old, "visiting hours timings")
    stack.add_kb(b, QUESTION, other, "visiting hours timings")
    for d in (a, b):
        stack.add_kb(d, "Do you have parking?", "Yes, behind the clinic.", "parking car")

    def moved(before):
        now = tokens_counts(stack)
        return now.get("hit", 0) - before.get("hit", 0), now.get("miss", 0) - before.get("miss", 0)

    t = tokens_counts(stack)
    assert ask(stack, phone_a, QUESTION) == old
    assert moved(t) == (0, 1)  # scored: the first time these tokens are seen at this clinic
    t = tokens_counts(stack)
    for text in ("visiting hours pls", "pls tell visiting hours", "what r ur visiting hours"):
        assert ask(stack, phone_a, text) == old
    assert moved(t) == (3, 0)  # three new texts, none scored again
    t = tokens_counts(stack)
    assert ask(stack, phone_b, "visiting hours pls") == other  # the same words at another clinic: its own answer
    assert moved(t) == (0, 1)
    stack.sql("UPDATE kb_entries SET answer = %s WHERE id = %s", new, int(entry))
    t = tokens_counts(stack)
    assert ask(stack, phone_a, "visiting hours kya hai") == new  # a new version: scored again, the new answer
    assert moved(t) == (0, 1)
    t = tokens_counts(stack)
    assert ask(stack, phone_a, "tell me visiting hours") == new
    assert moved(t) == (1, 0)


def test_a_changed_or_deleted_entry_is_never_answered_from_the_cache_on_any_replica(stack):
    doctor_id, phone = stack.add_doctor("Dr. Cache Rao", "Rao Eye Care", specialization="Ophthalmologist")
    old, new = "Rao Eye Care sees patients 9 am to 1 pm.", "Rao Eye Care now sees patients 2 pm to 7 pm."
    entry = stack.add_kb(doctor_id, QUESTION, old, "visiting hours timings")
    stack.add_kb(doctor_id, "Do you do cataract surgery?", "Yes, on Saturdays.", "cataract surgery")
    stack.start_service("router", tag="-kbcache2")  # a second replica: both take batches from the group
    routers = ["router", "router-kbcache2"]
    try:
        before = cache_counts(stack, routers)
        # the same question (as patients write it) many times: the same answer every time, mostly from the cache
        forms = [QUESTION, "what are your visiting hours", "WHAT ARE YOUR VISITING HOURS???", "what are your  visiting hours?"]
        for i in range(8):
            assert ask(stack, phone, forms[i % len(forms)]) == old
        after = cache_counts(stack, routers)
        assert after["hit"] - before["hit"] >= 4, (before, after)  # precondition: the cache is in use

        # the answer changes (as the dashboard or wactl changes it: one UPDATE): never the old one again
        stack.sql("UPDATE kb_entries SET answer = %s WHERE id = %s", new, int(entry))
        for i in range(8):
            assert ask(stack, phone, forms[i % len(forms)]) == new

        # disabled, then deleted: neither answer is sent (the ai stage answers instead)
        stack.wactl("kb", "disable", "--doctor", doctor_id, "--id", entry)
        for i in range(4):
            assert ask(stack, phone, forms[i % len(forms)]) not in (old, new)
        stack.sql("UPDATE kb_entries SET enabled = true WHERE id = %s", int(entry))
        assert ask(stack, phone) == new
        stack.sql("DELETE FROM kb_entries WHERE id = %s", int(entry))
        for i in range(4):
            assert ask(stack, phone, forms[i % len(forms)]) not in (old, new)
    finally:
        stack.stop_service("router-kbcache2")


def test_a_synonym_of_the_doctor_changes_the_cached_decision(stack):
    doctor_id, phone = stack.add_doctor("Dr. Syn Rao", "Rao Skin Clinic", specialization="Dermatologist")
    answer = "Yes, Rao Skin Clinic treats acne."
    stack.add_kb(doctor_id, "Do you treat acne?", answer, "acne pimples")
    for _ in range(2):  # the second from the cache (one replica here)
        assert ask(stack, phone, "zitfix?") != answer
    version = stack.sql("SELECT sum(version) FROM kb_versions WHERE doctor_id IN (%s, %s)", doctor_id,
                        "00000000-0000-0000-0000-000000000000")[0][0]
    stack.sql("INSERT INTO kb_synonyms (doctor_id, term, canonical) VALUES (%s, 'zitfix', 'acne')", doctor_id)
    assert stack.sql("SELECT sum(version) FROM kb_versions WHERE doctor_id IN (%s, %s)", doctor_id,
                     "00000000-0000-0000-0000-000000000000")[0][0] > version
    assert ask(stack, phone, "zitfix?") == answer


def test_an_entry_s_version_moves_for_its_content_never_for_its_hits(stack):
    """048_perf11.sql's kb_entries trigger (a row equal but for hits and updated_at is skipped before 026's JSON
    comparison) bumps exactly the versions 026's did: by one per statement for each doctor with a changed entry, not
    for a hits-only update (the router's mark, the ai's count), nor for a statement that rewrites a value unchanged."""
    a, _ = stack.add_doctor("Dr. Hits One", "Hits Clinic One")
    b, _ = stack.add_doctor("Dr. Hits Two", "Hits Clinic Two")
    ea = int(stack.add_kb(a, "Do you have parking?", "Yes, free parking behind the clinic.", "parking car"))
    eb = int(stack.add_kb(b, "Do you have parking?", "No parking, sorry.", None))

    def versions():
        return tuple(stack.sql("SELECT coalesce((SELECT version FROM kb_versions WHERE doctor_id = %s), 0)", d)[0][0]
                     for d in (a, b))

    def moved(sql, *params):
        before = versions()
        stack.sql(sql, *params)
        return tuple(n - o for n, o in zip(versions(), before))

    both = (ea, eb)
    assert moved("UPDATE kb_entries SET hits = hits + 3 WHERE id = ANY (%s)", list(both)) == (0, 0)
    assert moved("UPDATE kb_entries SET hits = hits + 1, updated_at = now() WHERE id = ANY (%s)", list(both)) == (0, 0)
    assert moved("UPDATE kb_entries SET answer = answer, examples = examples, keywords = keywords"
                 " WHERE id = ANY (%s)", list(both)) == (0, 0)
    assert moved("UPDATE kb_entries SET answer = answer || ' Ask at the desk.' WHERE id = %s", ea) == (1, 0)
    # one statement: a's entry counted, b's changed with its hits (NULL keywords to '': a change both ways)
    assert moved("UPDATE kb_entries SET hits = hits + 1, keywords = CASE WHEN id = %s THEN '' ELSE keywords END"
                 " WHERE id = ANY (%s)", eb, list(both)) == (0, 1)
    assert moved("UPDATE kb_entries SET keywords = NULL WHERE id = %s", eb) == (0, 1)
    assert moved("UPDATE kb_entries SET enabled = false, hits = 0 WHERE id = ANY (%s)", list(both)) == (1, 1)
    assert moved("UPDATE kb_entries SET examples = examples || ARRAY['parking?'] WHERE id = ANY (%s)",
                 list(both)) == (1, 1)
    # an entry moved to another doctor: both doctors' versions, once each
    assert moved("UPDATE kb_entries SET doctor_id = %s, hits = hits + 1 WHERE id = %s", b, ea) == (1, 1)
    assert stack.sql("SELECT hits FROM kb_entries WHERE id = ANY (%s) ORDER BY id", list(both)) == [(1,), (0,)]
