"""Issue 19: the model's rerank of the knowledge base's uncertain middle band. The router hands a question whose best
entry is neither clearly right nor clearly wrong to wa:ai with the candidates (kb_candidates) and its own decision
(kb_lexical); wa-ai asks the model to choose one id or "none". Each outcome, with the mock Gemini scripted per
request (a "replies" rule answers the rerank call, which carries the rerank instruction, differently from the
ordinary answer): a chosen id sends that entry's answer word for word (source kb); "none" gets the ai's usual
answer; garbage and a model that hangs fall back on the lexical decision; an id of another clinic's entry is refused.

The outcome tests put questions on a second wa-ai's stream (its own key prefix and Gemini key, a short rerank
timeout) as the router would; the first test goes through a signed webhook and the main deployment."""
import json

import pytest

from conftest import new_number, new_wamid, wait_for
from test_ai import metrics
from test_clinic import say

AKR = "akr:"
AKR_KEY = "e2e-kb-rerank-key"
RERANK_MARKER = "list of frequently asked questions"  # in the rerank call's instruction only (services/ai/rerank.c)
ORDINARY = "The usual answer of the model."


@pytest.fixture(scope="module")
def akr(stack):
    env = {"WA_REDIS_PREFIX": AKR, "GEMINI_API_KEY": AKR_KEY, "AI_KB_RERANK_TIMEOUT_MS": "800",
           "AI_RETRY_BASE_MS": "50", "AI_TIMEOUT_MS": "5000"}
    stack.start_service("ai", env, tag="-akr")
    yield {"ops": stack.ops["ai-akr"], "log": stack.logs[-1]}
    stack.stop_service("ai-akr")
    stack.mock_config({"api": "gemini"})


@pytest.fixture
def kb(stack):
    """A clinic with three entries, and another clinic with one."""
    doctor, phone = stack.add_doctor("Dr. Kavya Rao", "Little Steps Clinic", specialization="Paediatrician")
    ids = {}
    for key, q, a, kw in (("timings", "What are your timings?", "Little Steps is open 10 am to 6 pm.",
                           "timings hours open"),
                          ("fee", "What is the consultation fee?", "The consultation fee is Rs 500.",
                           "fee charges cost"),
                          ("vaccines", "Do you give vaccinations?", "Yes: every vaccine of the IAP schedule.",
                           "vaccination vaccine")):
        ids[key] = stack.add_kb(doctor, q, a, kw)
        ids[key + "_answer"] = a
    other, _ = stack.add_doctor("Dr. Other", "Elsewhere Clinic")
    ids["foreign"] = stack.add_kb(other, "What is the consultation fee?", "Elsewhere charges Rs 9,999.", "fee")
    ids["foreign_answer"] = "Elsewhere charges Rs 9,999."
    return dict(ids, doctor=doctor, phone=phone)


def script(stack, rerank_text, delay_ms=None):
    reply = {"contains": RERANK_MARKER, "text": rerank_text}
    if delay_ms is not None:
        reply["delay_ms"] = delay_ms
    stack.mock_config({"api": "gemini", "text": ORDINARY, "replies": [reply]})


def candidates(kb, *keys):
    qs = {"timings": "What are your timings?", "fee": "What is the consultation fee?",
          "vaccines": "Do you give vaccinations?", "foreign": "What is the consultation fee?"}
    return json.dumps([{"id": kb[k], "q": qs[k], "score": 0.55 - 0.02 * i} for i, k in enumerate(keys)])


def ask(stack, kb, text, cands, lexical="", timeout=20):
    """Puts one question on akr:ai as the router does for the middle band; returns its akr:out entry and the model
    calls the mock saw for it."""
    wamid, patient = new_wamid(), new_number()
    stack.redis.xadd(AKR + "ai", {"doctor_id": kb["doctor"], "patient_id": "", "to": patient, "wamid": wamid,
                                  "text": text, "lang": "", "created_at": "0", "kb_context": "[]",
                                  "kb_candidates": cands, "kb_lexical": lexical})

    def answered():
        for _, f in stack.redis.xrange(AKR + "out"):
            if f.get("out_id") == "reply:" + wamid:
                return f
    f = wait_for(answered, timeout=timeout, what="the answer in akr:out")
    calls = [r for r in stack.mock_requests("gemini") if r.get("api_key") == AKR_KEY and text in r["body"]]
    return dict(f, text=json.loads(f["message"])["text"]["body"]), calls


def test_a_middle_band_question_through_the_webhook_gets_the_entry_the_model_chose(stack, kb):
    # "fee for vaccination" scores about 0.57 for the vaccines entry and 0.54 for the fee: the middle band
    script(stack, json.dumps({"id": kb["fee"]}))
    try:
        p = new_number()
        r = say(stack, kb, p, "fee for vaccination")
        assert r["type"] == "text" and r["text"]["body"] == kb["fee_answer"], r
        entry = [f for _, f in stack.redis.xrange("wa:ai") if f.get("to") == p][-1]
        offered = json.loads(entry["kb_candidates"])
        assert {c["id"] for c in offered} >= {kb["fee"], kb["vaccines"]} and entry["kb_lexical"] == ""
        assert all("answer" not in c and "a" not in c for c in offered)  # the model never sees an answer
        assert stack.sql("SELECT m.source FROM messages m JOIN patients pt ON pt.id = m.patient_id "
                         "WHERE pt.wa_id = %s AND m.direction = 'out'", p) == [("kb",)]
    finally:
        stack.mock_config({"api": "gemini"})


def test_the_chosen_entry_is_sent_word_for_word(stack, akr, kb):
    script(stack, "```json\n" + json.dumps({"id": kb["vaccines"]}) + "\n```")
    out, calls = ask(stack, kb, "tikakaran hota hai kya", candidates(kb, "timings", "vaccines"))
    assert out["source"] == "kb" and out["text"] == kb["vaccines_answer"]
    assert len(calls) == 1 and RERANK_MARKER in calls[0]["body"]  # the rerank only: no ordinary call
    assert kb["vaccines_answer"] not in calls[0]["body"]
    assert stack.sql("SELECT hits FROM kb_entries WHERE id = %s", int(kb["vaccines"])) == [(1,)]


def test_none_gets_the_usual_answer(stack, akr, kb):
    script(stack, '{"id": "none"}')
    out, calls = ask(stack, kb, "is the fee for vaccination refundable", candidates(kb, "vaccines", "fee"))
    assert out["source"] == "ai" and out["text"] == ORDINARY
    assert [RERANK_MARKER in c["body"] for c in calls] == [True, False]


@pytest.mark.parametrize("lexical", ["timings", ""])
def test_garbage_falls_back_on_the_lexical_decision(stack, akr, kb, lexical):
    script(stack, "Little Steps is open every day, do come!")
    out, _ = ask(stack, kb, "clinic timing kya h " + lexical, candidates(kb, "timings", "fee"),
                 lexical=kb[lexical] if lexical else "")
    if lexical:
        assert out["source"] == "kb" and out["text"] == kb["timings_answer"]
    else:
        assert out["source"] == "ai" and out["text"] == ORDINARY
    assert "Little Steps is open every day" not in out["text"]  # the rerank's text is never sent


def test_a_hanging_model_falls_back_on_the_lexical_decision_after_the_rerank_timeout(stack, akr, kb):
    script(stack, json.dumps({"id": kb["fee"]}), delay_ms=4000)
    out, calls = ask(stack, kb, "opening time pls", candidates(kb, "timings", "fee"), lexical=kb["timings"])
    # the lexical decision (timings), not the model's late choice (fee): the rerank's own timeout ended the wait
    assert out["source"] == "kb" and out["text"] == kb["timings_answer"]
    assert len([c for c in calls if RERANK_MARKER in c["body"]]) == 1  # one attempt, no retry


def test_another_clinics_entry_chosen_by_the_model_is_refused(stack, akr, kb):
    # the model names an entry it was not offered (another clinic's): refused, the usual answer instead
    script(stack, json.dumps({"id": kb["foreign"]}))
    out, _ = ask(stack, kb, "consultation charges kitna", candidates(kb, "fee", "timings"))
    assert out["source"] == "ai" and out["text"] == ORDINARY
    # a forged wa:ai entry offering another clinic's entry: the model's choice is refused by the database check
    out, _ = ask(stack, kb, "consultation charges kitna hai", candidates(kb, "foreign", "timings"))
    assert out["source"] == "ai" and kb["foreign_answer"] not in out["text"]
    # ... the lexical decision standing when there is one
    out, _ = ask(stack, kb, "consultation charges kitne", candidates(kb, "foreign", "timings"), lexical=kb["timings"])
    assert out["source"] == "kb" and out["text"] == kb["timings_answer"]
    # ... and such an id as the lexical decision is refused too
    script(stack, "not json")
    out, _ = ask(stack, kb, "consultation charges batao", candidates(kb, "foreign"), lexical=kb["foreign"])
    assert out["source"] == "ai" and kb["foreign_answer"] not in out["text"]
    m = metrics(akr["ops"])
    assert _counter(m, 'wa_ai_kb_rerank_total{result="foreign"}') >= 1
    assert _counter(m, 'wa_ai_kb_rerank_total{result="refused"}') >= 2


def _counter(text, name):
    return sum(float(line.split()[-1]) for line in text.splitlines() if line.startswith(name + " "))
