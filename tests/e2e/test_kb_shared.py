"""The router replicas' shared answer cache (issue 14, round 10; services/router/kbshare.c, ROUTER_KB_SHARED_TTL): a
replica answers a question another replica analysed without analysing it again (its own answer cache is empty, its
PostgreSQL asked nothing), the Redis key names neither the text nor the patient, and a knowledge-base change (a new
version of the doctor's kb_versions row) is never answered from an analysis of the old version, on any replica and
on a replica started after the change."""
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
    """The router process' answer cache (hit/miss) and shared answer cache (hit/miss/stored/failed) counters."""
    status, body = http("GET", f"http://127.0.0.1:{stack.ops[name]}/metrics")
    assert status == 200
    out = {}
    for metric, outcome, n in re.findall(r'^wa_router_kb_(cache|shared)_total\{outcome="(\w+)"\} (\d+)',
                                          body.decode(), re.M):
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


def test_the_shared_cache_is_off_by_default(stack):
    """ROUTER_KB_SHARED_TTL unset (the stack's router): no key written, nothing asked of Redis for it."""
    doctor_id, phone = stack.add_doctor("Dr. Unshared Rao", "Rao Physio", specialization="Physiotherapist")
    stack.add_kb(doctor_id, QUESTION, "Yes, a ramp.", "wheelchair ramp access")
    assert ask(stack, phone)[0] == "Yes, a ramp."
    assert shared_keys(stack, doctor_id) == []
    c = counts(stack, "router")
    assert c.get("shared_hit", 0) == 0 and c.get("shared_miss", 0) == 0 and c.get("shared_stored", 0) == 0, c
