"""The router replicas' shared answer cache (issue 14, round 10; services/router/kbshare.c, ROUTER_KB_SHARED_TTL): a
replica answers a question another replica analysed without analysing it again (its own answer cache is empty, its
PostgreSQL asked nothing), the Redis key names neither the text nor the patient, and a knowledge-base change (a new
version of the doctor's kb_versions row) is never answered from an analysis of the old version, on any replica and
on a replica started after the change. Shared by tokens too (round 27): a question another replica scored, worded
anew, is analysed but not scored again."""
import re

from conftest import change, http, new_number, text_message, webhook

QUESTION = "Do you have a wheelchair ramp at the entrance?"
SHARED = {"ROUTER_KB_SHARED_TTL": "300"}


def ask(stack, doctor_phone, text=QUESTION):
    """One patient, one question, one webhook: (the reply's text, the patient's number)."""
    p = new_number()
    assert stack.post_webhook(webhook([change(doctor_phone, "pn-" + doctor_phone, [text_message(p, text)])])) == 200
    return stack.replies_to(p)[0]["text"]["body"], p


def counts(stack, name):
    """The router process' answer cache (cache_hit/miss), shared answer cache (shared_hit/miss/stored/failed),
    token lists (tokens_hit/miss: scored or not) and shared token lists (shared_tokens_hit/miss/stored) counters."""
    status, body = http("GET", f"http://127.0.0.1:{stack.ops[name]}/metrics")
    assert status == 200
    out = {}
    for metric, outcome, n in re.findall(r'^wa_router_kb_(cache|shared|tokens|shared_tokens)_total'
                                          r'\{outcome="(\w+)"\} (\d+)', body.decode(), re.M):
        out[f"{metric}_{outcome}"] = int(n)
    return out


def shared_keys(stack, doctor_id):
    return sorted(stack.redis.scan_iter(match=f"*kbc:{doctor_id}:*", count=1000))


def version_of(stack, doctor_id):
    """The doctor's knowledge-base version as the router reads it: its own row's and the shared rows' (the nil id)."""
    return stack.sql("SELECT coalesce(sum(version), 0) FROM kb_versions WHERE doctor_id IN (%s, %s)", doctor_id,
                     "00000000-0000-0000-0000-000000000000")[0][0]


def test_a_replica_answers_from_another_s_analysis_and_never_from_an_older_version(stack):
    doctor_id, phone = stack.add_doctor("Dr. Shared Iyer", "Iyer Ortho Care", specialization="Orthopaedic")
    old, new = "Yes, Iyer Ortho Care has a ramp at the main gate.", "Yes, and a lift to every floor since May."
    entry = stack.add_kb(doctor_id, QUESTION, old, "wheelchair ramp access")
    stack.add_kb(doctor_id, "Do you treat knee pain?", "Yes, Dr. Iyer treats knee pain.", "knee pain")
    stack.stop_service("router")  # the stack's router keeps no shared cache: only this test's replicas run
    started = []

    def replica(tag):
        stack.start_service("router", SHARED, tag=tag)
        started.append("router" + tag)
        return "router" + tag

    try:
        a = replica("-sh1")
        body, patient = ask(stack, phone)
        assert body == old
        ca = counts(stack, a)
        assert ca.get("shared_miss", 0) >= 1 and ca.get("shared_stored", 0) >= 1, ca
        keys = shared_keys(stack, doctor_id)
        assert len(keys) >= 1, keys
        v = version_of(stack, doctor_id)
        for k in keys:  # doctor, version and a digest: never the text, never the patient
            assert f"kbc:{doctor_id}:{v}:" in k, k
            assert "wheelchair" not in k.lower() and patient not in k, k
            assert 0 < stack.redis.ttl(k) <= 300
            assert patient not in stack.redis.get(k)
        stack.stop_service(a)
        started.remove(a)

        # a second replica, its own cache empty: the same question (as another patient writes it) from the shared one
        b = replica("-sh2")
        assert ask(stack, phone, "do you have a WHEELCHAIR ramp at the entrance??")[0] == old
        cb = counts(stack, b)
        assert cb.get("shared_hit", 0) >= 1, cb
        assert cb.get("cache_miss", 0) == 0, cb  # nothing analysed by b's PostgreSQL
        assert cb.get("cache_hit", 0) >= 1, cb

        # the answer changes: from the next message on, never the old one, on either of two running replicas
        c = replica("-sh3")
        stack.sql("UPDATE kb_entries SET answer = %s WHERE id = %s", new, int(entry))
        assert version_of(stack, doctor_id) > v
        forms = [QUESTION, "do you have a wheelchair ramp at the entrance", "DO YOU HAVE A WHEELCHAIR RAMP?? at the entrance"]
        for i in range(6):
            assert ask(stack, phone, forms[i % len(forms)])[0] == new
        # the old version's analysis is still in Redis (until its TTL) but under the old version's key
        assert any(f":{v}:" in k for k in shared_keys(stack, doctor_id))
        for name in (b, c):
            stack.stop_service(name)
            started.remove(name)

        # a replica started after the change reads the new version's analysis, never the old one
        d = replica("-sh4")
        assert ask(stack, phone)[0] == new
        cd = counts(stack, d)
        assert cd.get("shared_hit", 0) >= 1 and cd.get("cache_miss", 0) == 0, cd
        stack.stop_service(d)
        started.remove(d)

        # a value that is not an analysis is never trusted: analysed again, the right answer
        for k in shared_keys(stack, doctor_id):
            stack.redis.set(k, "K1 1 1 0 0 0 0\n2 0.99 1 1\n17xy", ex=300)
        e = replica("-sh5")
        assert ask(stack, phone)[0] == new
        ce = counts(stack, e)
        assert ce.get("shared_hit", 0) == 0 and ce.get("cache_miss", 0) >= 1, ce
    finally:
        for name in started:
            stack.stop_service(name)
        stack.start_service("router")


def test_a_question_another_replica_scored_is_not_scored_again_when_worded_anew(stack):
    """Round 27: the replicas share the score by the question's tokens as each replica's answer cache keeps it. A
    replica with an empty cache, asked "visiting hours pls" after another replica scored "What are your visiting
    hours?" (another text, the same tokens), takes the score from Redis and sends the same answer without scoring it;
    after a change of the knowledge base the old version's score is never taken (the key holds the version)."""
    doctor_id, phone = stack.add_doctor("Dr. Shared Words Rao", "Rao Shared Words Clinic")
    old, new = "Rao Shared Words Clinic sees patients 9 am to 1 pm.", "Rao Shared Words Clinic now sees 2 pm to 7 pm."
    entry = stack.add_kb(doctor_id, "What are your visiting hours?", old, "visiting hours timings")
    stack.add_kb(doctor_id, "Do you have parking?", "Yes, behind the clinic.", "parking car")
    stack.stop_service("router")
    started = []

    def replica(tag):
        stack.start_service("router", SHARED, tag=tag)
        started.append("router" + tag)
        return "router" + tag

    def stop(name):
        stack.stop_service(name)
        started.remove(name)

    try:
        a = replica("-tk1")
        assert ask(stack, phone, "What are your visiting hours?")[0] == old
        ca = counts(stack, a)
        assert ca.get("tokens_miss") == 1 and ca.get("shared_tokens_miss") == 1, ca  # scored here
        assert ca.get("shared_tokens_stored") == 1, ca
        stop(a)

        b = replica("-tk2")  # its own cache empty; the text is new to the shared cache too
        body, patient = ask(stack, phone, "visiting hours pls")
        assert body == old
        cb = counts(stack, b)
        assert cb.get("shared_miss") == 1, cb  # the text: not seen by any replica
        assert cb.get("shared_tokens_hit") == 1 and cb.get("tokens_hit") == 1, cb  # its tokens: scored by a
        assert cb.get("tokens_miss", 0) == 0 and cb.get("shared_tokens_stored", 0) == 0, cb  # not scored by b
        for k in shared_keys(stack, doctor_id):  # doctor, version, digest: never the tokens, the text or the patient
            assert "visiting" not in k and "timing" not in k and patient not in k, k
            assert patient not in stack.redis.get(k)

        stack.sql("UPDATE kb_entries SET answer = %s WHERE id = %s", new, int(entry))
        assert ask(stack, phone, "what r ur visiting hours")[0] == new  # the new version: scored, the new answer
        cb2 = counts(stack, b)
        assert cb2.get("tokens_miss") == 1 and cb2.get("shared_tokens_miss") == 1, cb2
        assert cb2.get("shared_tokens_hit") == 1, cb2  # still the one before the change
        stop(b)
    finally:
        for name in list(started):
            stack.stop_service(name)
        stack.start_service("router")


def test_the_shared_cache_is_off_by_default(stack):
    """ROUTER_KB_SHARED_TTL unset (the stack's router): no key written, nothing asked of Redis for it."""
    doctor_id, phone = stack.add_doctor("Dr. Unshared Rao", "Rao Physio", specialization="Physiotherapist")
    stack.add_kb(doctor_id, QUESTION, "Yes, a ramp.", "wheelchair ramp access")
    assert ask(stack, phone)[0] == "Yes, a ramp."
    assert shared_keys(stack, doctor_id) == []
    c = counts(stack, "router")
    assert c.get("shared_hit", 0) == 0 and c.get("shared_miss", 0) == 0 and c.get("shared_stored", 0) == 0, c
    assert c.get("tokens_miss", 0) >= 1, c  # precondition: the router scored something
    assert all(c.get(f"shared_tokens_{o}", 0) == 0 for o in ("hit", "miss", "stored")), c
