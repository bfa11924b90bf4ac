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
