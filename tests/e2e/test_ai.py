"""The ai service (issue 5): prompts for the clinic with history, knowledge base and the patient's language;
emergencies answered before any model call; retries, timeouts and the circuit breaker ending in the fallback text
and a dead-letter record; Markdown made WhatsApp's; the OpenAI-compatible provider; token usage per doctor.

Scenarios that need the whole pipeline go through a webhook on the main deployment. The failure scenarios run on a
second wa-ai under its own key prefix (questions are XADDed to its stream, answers read from its wa:out) with a
Gemini key of its own: the mock's scripted errors are filtered by that key, so the main deployment's ai never sees
them and its circuit breaker stays closed for the other tests. A third wa-ai speaks the OpenAI-compatible API.
"""
import json
import time
import urllib.request
import uuid

import pytest

from conftest import change, new_number, new_wamid, text_message, wait_for, webhook

AIT = "ait:"
AIT_KEY = "e2e-ai-failures-key"
OA = "aio:"
OA_KEY = "e2e-openai-key"


@pytest.fixture(scope="module")
def ait(stack):
    env = {"WA_REDIS_PREFIX": AIT, "GEMINI_API_KEY": AIT_KEY, "AI_RETRY_BASE_MS": "50",
           "AI_RETRY_MAX_DELAY_MS": "3000", "AI_TIMEOUT_MS": "1500", "AI_BREAKER_FAILURES": "8",
           "AI_BREAKER_OPEN_MS": "1500", "AI_HISTORY_MESSAGES": "4", "AI_HISTORY_CHARS": "400"}
    stack.start_service("ai", env, tag="-ait")
    log = stack.logs[-1]
    yield {"ops": stack.ops["ai-ait"], "log": log}
    stack.stop_service("ai-ait")


@pytest.fixture(scope="module")
def oa(stack):
    env = {"WA_REDIS_PREFIX": OA, "AI_PROVIDER": "openai", "OPENAI_BASE_URL": f"{stack.mock_url}/v1",
           "AI_MODEL": "mock-model", "OPENAI_API_KEY": OA_KEY}
    stack.start_service("ai", env, tag="-oa")
    yield {"ops": stack.ops["ai-oa"], "log": stack.logs[-1]}
    stack.stop_service("ai-oa")


def ask(stack, prefix, doctor_id, text, patient=None, kb_context="", lang="", timeout=30):
    """Puts one question on <prefix>ai as the router would and returns its answer from <prefix>out."""
    wamid, patient = new_wamid(), patient or new_number()
    stack.redis.xadd(prefix + "ai", {"doctor_id": doctor_id, "patient_id": "", "to": patient, "wamid": wamid,
                                     "text": text, "lang": lang, "created_at": "0", "kb_context": kb_context})

    def answered():
        for _, f in stack.redis.xrange(prefix + "out"):
            if f.get("out_id") == "reply:" + wamid:
                return f
    fields = wait_for(answered, timeout=timeout, what=f"the answer in {prefix}out")
    return dict(fields, text=json.loads(fields["message"])["text"]["body"], wamid=wamid, patient=patient)


def model_calls(stack, api, marker, key=None):
    return [r for r in stack.mock_requests(api) if marker in r["body"] and (key is None or r["api_key"] == key)]


def dlq_for(stack, prefix, wamid):
    for _, f in stack.redis.xrange(prefix + "dlq"):
        if f.get("stage") == "ai" and wamid in f.get("entry", ""):
            return f


def metrics(port):
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics", timeout=5) as r:
        return r.read().decode()


def fallback_of(clinic_name):
    return f"Thank you for your message. {clinic_name} will get back to you shortly."


def post_text(stack, clinic, patient, text):
    wamid = new_wamid()
    payload = webhook([change(clinic["phone"], "pn-" + clinic["phone"], [text_message(patient, text, wamid)])])
    assert stack.post_webhook(payload) == 200
    return wamid


def test_prompt_carries_clinic_settings_history_and_markdown_is_converted(stack, clinic):
    stack.sql("UPDATE doctors SET settings = %s WHERE id = %s",
              json.dumps({"hours": "Mon-Sat 10am-6pm", "languages": ["English", "Hindi"],
                          "ai_instructions": "Mention the free vaccination camp on Sundays."}), clinic["id"])
    patient = new_number()
    first = post_text(stack, clinic, patient, "What are your timings?")
    stack.replies_to(patient)
    wait_for(lambda: stack.sql("SELECT 1 FROM messages WHERE out_id = %s AND body IS NOT NULL", "reply:" + first),
             what="the first answer recorded")
    stack.mock_config({"api": "gemini", "text": "**Yes**, please come. See [the map](https://maps.example/lotus)\n"
                                                "## Fees\n| Visit | Fee |\n|---|---|\n| First | Rs 500 |"})
    try:
        marker = uuid.uuid4().hex[:8]
        question = f"Can I bring my daughter for her vaccination tomorrow? ({marker})"
        second = post_text(stack, clinic, patient, question)
        replies = stack.replies_to(patient, count=2)
    finally:
        stack.mock_config({"api": "gemini"})
    assert replies[1]["context"]["message_id"] == second
    assert replies[1]["text"]["body"] == ("*Yes*, please come. See the map (https://maps.example/lotus)\nFees\n"
                                          "Visit - Fee\nFirst - Rs 500")
    [call] = model_calls(stack, "gemini", marker)
    body = json.loads(call["body"])
    system = body["systemInstruction"]["parts"][0]["text"]
    for expected in ("Lotus Child Care", "Dr. Meera Iyer", "Paediatrician", "4 Lake View, Chennai",
                     "Opening hours: Mon-Sat 10am-6pm", "The clinic answers in: English, Hindi.",
                     "Mention the free vaccination camp on Sundays.", "reply in English", "Never give a diagnosis"):
        assert expected in system, expected
    turns = [(c["role"], c["parts"][0]["text"]) for c in body["contents"]]
    assert turns == [("user", "What are your timings?"), ("model", clinic["answer"]), ("user", question)]


def test_knowledge_base_context_and_language_instruction(stack, ait):
    doctor_id, _ = stack.add_doctor("Dr. Kavita Joshi", "Joshi Clinic")
    kb = json.dumps([{"q": "What are the fees?", "a": "Rs 400 per visit."}])
    cases = [("क्या डॉक्टर आज शाम को मिलेंगे? {}", "reply in Hindi, in Devanagari script"),
             ("डॉक्टर आज संध्याकाळी दवाखान्यात आहेत का? {}", "reply in Marathi, in Devanagari script"),
             ("doctor sahab aaj shaam ko milenge kya? {}", "reply in Hindi written in Latin letters")]
    for template, instruction in cases:
        marker = uuid.uuid4().hex[:8]
        answer = ask(stack, AIT, doctor_id, template.format(marker), kb_context=kb, lang="hi")
        assert answer["source"] == "ai" and answer["text"] == "Mock answer from the model."
        [call] = model_calls(stack, "gemini", marker, AIT_KEY)
        system = json.loads(call["body"])["systemInstruction"]["parts"][0]["text"]
        assert instruction in system
        assert "Q: What are the fees?\nA: Rs 400 per visit." in system


def test_emergency_in_each_language_answered_without_a_model_call_and_flagged(stack, clinic):
    stack.sql("UPDATE doctors SET settings = %s WHERE id = %s", json.dumps({"emergency_number": "108"}),
              clinic["id"])
    texts = {"papa ko seene me dard ho raha hai {}": "108 par call karein",
             "My son cannot breathe properly {}": "call 108",
             "पापा के सीने में दर्द हो रहा है {}": "108 पर कॉल करें",
             "आईला श्वास घेता येत नाही {}": "108 वर कॉल करा"}
    for template, expected in texts.items():
        patient, marker = new_number(), uuid.uuid4().hex[:8]
        wamid = post_text(stack, clinic, patient, template.format(marker))
        [reply] = stack.replies_to(patient)
        assert expected in reply["text"]["body"]
        assert "Lotus Child Care" in reply["text"]["body"]
        assert stack.sql("SELECT source FROM messages WHERE out_id = %s", "reply:" + wamid) == [("emergency",)]
        [(flag,)] = stack.sql("SELECT flag FROM messages WHERE wamid = %s", wamid)
        assert flag in ("emergency:chest_pain", "emergency:breathing")
        assert model_calls(stack, "gemini", marker) == []


def test_emergency_default_number_is_112(stack, ait):
    doctor_id, _ = stack.add_doctor("Dr. Anil Rao", "Rao Clinic")
    answer = ask(stack, AIT, doctor_id, "My mother fainted and is unconscious")
    assert answer["source"] == "emergency"
    assert "call 112" in answer["text"] and "Rao Clinic" in answer["text"]


def test_emergency_raises_an_alert_for_the_clinic(stack, ait):
    doctor_id, _ = stack.add_doctor("Dr. Alert Bose", "Bose Clinic")
    before = metrics(ait["ops"])
    answer = ask(stack, AIT, doctor_id, "mere bete ne zeher kha liya")
    assert answer["source"] == "emergency"
    alerts = [f for _, f in stack.redis.xrange(AIT + "alerts") if f.get("wamid") == answer["wamid"]]
    assert len(alerts) == 1
    alert = alerts[0]
    assert (alert["kind"], alert["doctor_id"], alert["wa_id"]) == ("emergency", doctor_id, answer["patient"])
    assert alert["category"] == "poisoning"
    assert "zeher" not in json.dumps(alert)  # the operator sees who and what kind, never the message text
    line = f'wa_ai_emergencies_total{{category="{alert["category"]}"}}'
    count = lambda text: next((int(l.split()[-1]) for l in text.splitlines() if l.startswith(line)), 0)
    assert count(metrics(ait["ops"])) == count(before) + 1


def test_429_with_retry_delay_is_retried_then_answered(stack, ait):
    doctor_id, _ = stack.add_doctor("Dr. Sunita Patil", "Patil Clinic")
    stack.mock_config({"api": "gemini", "text": "Answered after the quota wait.",
                       "errors": [{"http_status": 429, "retry_delay": "1s", "times": 1, "key": AIT_KEY}]})
    try:
        marker = uuid.uuid4().hex[:8]
        answer = ask(stack, AIT, doctor_id, f"Do you see children? {marker}")
    finally:
        stack.mock_config({"api": "gemini"})
    assert answer["source"] == "ai" and answer["text"] == "Answered after the quota wait."
    calls = model_calls(stack, "gemini", marker, AIT_KEY)
    assert [c["status"] for c in calls] == [429, 200]
    assert calls[1]["received_at_ms"] - calls[0]["received_at_ms"] >= 950  # RetryInfo's 1s honoured
    assert dlq_for(stack, AIT, answer["wamid"]) is None


def test_500_five_times_gives_fallback_and_dead_letter(stack, ait):
    doctor_id, _ = stack.add_doctor("Dr. Farah Khan", "Khan Family Clinic")
    stack.mock_config({"api": "gemini", "errors": [{"http_status": 500, "times": 5, "key": AIT_KEY}]})
    try:
        marker = uuid.uuid4().hex[:8]
        answer = ask(stack, AIT, doctor_id, f"Is parking available? {marker}")
    finally:
        stack.mock_config({"api": "gemini"})
    assert answer["source"] == "fallback"
    assert answer["text"] == fallback_of("Khan Family Clinic")
    assert [c["status"] for c in model_calls(stack, "gemini", marker, AIT_KEY)] == [500] * 5
    dead = wait_for(lambda: dlq_for(stack, AIT, answer["wamid"]), what="the failed call in the dlq")
    assert dead["reason"] == "ai_failed" and dead["error_code"] == "INTERNAL"
    assert "500" in dead["detail"]


def test_blocked_prompt_and_safety_finish_give_fallback_without_retry(stack, ait):
    doctor_id, _ = stack.add_doctor("Dr. Leela Menon", "Menon Clinic")
    for cfg in ({"block_reason": "SAFETY"}, {"finish_reason": "SAFETY"}, {"finish_reason": "RECITATION"}):
        stack.mock_config(dict({"api": "gemini"}, **cfg))
        try:
            marker = uuid.uuid4().hex[:8]
            answer = ask(stack, AIT, doctor_id, f"Tell me something {marker}")
        finally:
            stack.mock_config({"api": "gemini"})
        assert answer["source"] == "fallback" and answer["text"] == fallback_of("Menon Clinic"), cfg
        assert len(model_calls(stack, "gemini", marker, AIT_KEY)) == 1
        dead = wait_for(lambda: dlq_for(stack, AIT, answer["wamid"]), what="the refused answer in the dlq")
        assert dead["error_code"] == "SAFETY" if "block_reason" in cfg else dead["error_code"] == cfg["finish_reason"]


def test_timeout_gives_fallback(stack, ait):
    doctor_id, _ = stack.add_doctor("Dr. Ravi Verma", "Verma Clinic")
    stack.mock_config({"api": "gemini", "delay_ms": 2500})  # ait's AI_TIMEOUT_MS is 1500
    try:
        marker = uuid.uuid4().hex[:8]
        answer = ask(stack, AIT, doctor_id, f"How long is the wait? {marker}", timeout=60)
    finally:
        stack.mock_config({"api": "gemini"})
    assert answer["source"] == "fallback" and answer["text"] == fallback_of("Verma Clinic")
    dead = wait_for(lambda: dlq_for(stack, AIT, answer["wamid"]), what="the timed out call in the dlq")
    assert dead["error_code"] == "timeout"
    assert len(model_calls(stack, "gemini", marker, AIT_KEY)) == 5  # each attempt timed out, then no more


def test_circuit_breaker_opens_then_closes(stack, ait):
    doctor_id, _ = stack.add_doctor("Dr. Neha Gupta", "Gupta Clinic")
    stack.mock_config({"api": "gemini", "errors": [{"http_status": 503, "key": AIT_KEY}]})
    try:
        refused = None
        for _ in range(4):  # AI_BREAKER_FAILURES=8 consecutive failures open it; each question tries 5 times
            marker = uuid.uuid4().hex[:8]
            answer = ask(stack, AIT, doctor_id, f"Open on Sunday? {marker}")
            assert answer["source"] == "fallback"
            dead = wait_for(lambda: dlq_for(stack, AIT, answer["wamid"]), what="the failure in the dlq")
            if dead["error_code"] == "circuit_open":
                refused = marker
                break
        assert refused is not None, "the breaker never opened"
        assert 'wa_ai_breaker_open{provider="gemini"} 1' in metrics(ait["ops"])
        # while open, a question is answered with the fallback at once, without any call
        marker = uuid.uuid4().hex[:8]
        answer = ask(stack, AIT, doctor_id, f"Open on Monday? {marker}")
        assert answer["source"] == "fallback"
        assert model_calls(stack, "gemini", marker, AIT_KEY) == []
    finally:
        stack.mock_config({"api": "gemini"})
    # after AI_BREAKER_OPEN_MS a trial call goes out, succeeds, and the breaker closes
    wait_for(lambda: ask(stack, AIT, doctor_id, "Open on Tuesday?")["source"] == "ai", timeout=20,
             interval=0.2, what="an answer from the model again")
    assert 'wa_ai_breaker_open{provider="gemini"} 0' in metrics(ait["ops"])


def test_token_usage_recorded_per_doctor_and_exported(stack, ait):
    doctor_id, _ = stack.add_doctor("Dr. Usha Nair", "Nair Clinic")
    for i in range(2):
        assert ask(stack, AIT, doctor_id, f"Question number {i} about the clinic")["source"] == "ai"
    # the usage is written at the end of the pipeline's step that answered (right after the answer's XADD)
    [(requests, prompt, output, total, provider, model)] = wait_for(lambda: stack.sql(
        "SELECT requests, prompt_tokens, output_tokens, total_tokens, provider, model FROM ai_usage "
        "WHERE doctor_id = %s AND requests = 2", doctor_id), timeout=5, what="the usage row")
    assert requests == 2 and prompt > 0 and output > 0 and total == prompt + output
    assert (provider, model) == ("gemini", "gemini-2.5-flash")
    text = metrics(ait["ops"])
    line = next(l for l in text.splitlines()
                if l.startswith(f'wa_ai_doctor_tokens_total{{doctor_id="{doctor_id}",kind="prompt"}}'))
    assert int(line.split()[-1]) == prompt


def test_model_checked_at_startup(stack, ait):
    assert "the configured model is listed by the provider" in open(ait["log"]).read()
    stack.start_service("ai", {"WA_REDIS_PREFIX": "aib:", "GEMINI_MODEL": "gemini-0-retired"}, tag="-bad")
    try:
        log = open(stack.logs[-1]).read()
    finally:
        stack.stop_service("ai-bad")
    assert "the configured model is NOT listed" in log and "gemini-0-retired" in log


def test_openai_compatible_provider(stack, oa):
    doctor_id, _ = stack.add_doctor("Dr. Arjun Das", "Das Clinic")
    stack.mock_config({"api": "openai", "text": "Hello from the **self-hosted** model."})
    try:
        marker = uuid.uuid4().hex[:8]
        answer = ask(stack, OA, doctor_id, f"Are you open today? {marker}")
    finally:
        stack.mock_config({"api": "openai"})
    assert answer["source"] == "ai" and answer["text"] == "Hello from the *self-hosted* model."
    [call] = model_calls(stack, "openai", marker)
    assert call["path"] == "/v1/chat/completions"
    assert call["authorization"] == f"Bearer {OA_KEY}"
    body = json.loads(call["body"])
    assert body["model"] == "mock-model" and body["stream"] is False
    assert body["messages"][0]["role"] == "system" and "Das Clinic" in body["messages"][0]["content"]
    assert body["messages"][-1] == {"role": "user", "content": f"Are you open today? {marker}"}
    [(provider, requests)] = wait_for(lambda: stack.sql("SELECT provider, requests FROM ai_usage WHERE doctor_id = %s",
                                                        doctor_id), timeout=5, what="the usage row")
    assert (provider, requests) == ("openai", 1)


def test_200_questions_at_once_all_answered_once(stack, ait):
    doctor_id, _ = stack.add_doctor("Dr. Many Questions", "Busy Clinic")
    stack.mock_config({"api": "gemini", "delay_ms": 300})
    try:
        wamids = []
        pipe = stack.redis.pipeline()
        for i in range(200):
            w = new_wamid()
            wamids.append(w)
            pipe.xadd(AIT + "ai", {"doctor_id": doctor_id, "patient_id": "", "to": new_number(), "wamid": w,
                                   "text": f"burst question {i}", "lang": "", "created_at": "0", "kb_context": ""})
        pipe.execute()
        wanted = {"reply:" + w for w in wamids}

        def all_answered():
            got = [f for _, f in stack.redis.xrange(AIT + "out") if f.get("out_id") in wanted]
            return got if len(got) >= 200 else None
        got = wait_for(all_answered, timeout=60, what="200 answers")
    finally:
        stack.mock_config({"api": "gemini"})
    assert sorted(f["out_id"] for f in got) == sorted(wanted)  # each exactly once
    assert all(f["source"] == "ai" for f in got)


def test_usage_of_calls_answered_together_is_one_row_per_doctor_and_model(stack, ait):
    # the calls one step of the pipeline finishes are written to ai_usage in one statement: 60 calls ending together
    # (the model answers them all after the same delay), half of them naming the doctor in upper case, add up to
    # one row with 60 requests (two rows or a statement refused for touching one row twice would lose usage)
    doctor_id, _ = stack.add_doctor("Dr. Usage Batch", "Usage Batch Clinic")
    stack.mock_config({"api": "gemini", "delay_ms": 300})
    try:
        wanted = burst(stack, AIT, doctor_id, 30, "usage batch question")
        wanted |= burst(stack, AIT, doctor_id.upper(), 30, "usage batch QUESTION")
        wait_for(lambda: len(answers_in(stack, AIT, wanted)) == 60 or None, timeout=60, what="60 answers")
    finally:
        stack.mock_config({"api": "gemini"})
    assert all(f["source"] == "ai" for f in answers_in(stack, AIT, wanted))
    rows = wait_for(lambda: [r for r in stack.sql("SELECT requests, prompt_tokens, total_tokens FROM ai_usage "
                                                   "WHERE doctor_id = %s", doctor_id) if r[0] == 60] or None,
                    timeout=10, what="60 requests in ai_usage")
    [(requests, prompt, total)] = stack.sql("SELECT requests, prompt_tokens, total_tokens FROM ai_usage "
                                            "WHERE doctor_id = %s", doctor_id)
    assert requests == 60 and prompt > 0 and total >= prompt
    assert rows[0][1] == prompt


def gauge(port, name):
    for line in metrics(port).splitlines():
        if line.startswith(name + " "):
            return float(line.split()[-1])
    return None


def burst(stack, prefix, doctor_id, n, text):
    """XADDs n questions to <prefix>ai at once; returns the out_ids of their answers."""
    wamids = [new_wamid() for _ in range(n)]
    pipe = stack.redis.pipeline(transaction=False)
    for i, w in enumerate(wamids):
        pipe.xadd(prefix + "ai", {"doctor_id": doctor_id, "patient_id": "", "to": new_number(), "wamid": w,
                                  "text": f"{text} {i}", "lang": "", "created_at": "0", "kb_context": ""})
    pipe.execute()
    return {"reply:" + w for w in wamids}


def answers_in(stack, prefix, wanted):
    return [f for _, f in stack.redis.xrange(prefix + "out") if f.get("out_id") in wanted]


def test_500_questions_with_a_slow_model_are_in_flight_together(stack, ait):
    # the continuous pipeline: a model answering after 1 s does not hold up intake, so (nearly) all 500 calls are
    # in flight at once in the one process (AI_MAX_INFLIGHT defaults to 512)
    doctor_id, _ = stack.add_doctor("Dr. Slow Model", "Slow Model Clinic")
    stack.mock_config({"api": "gemini", "delay_ms": 1000})
    try:
        wanted = burst(stack, AIT, doctor_id, 500, "slow model question")
        got = wait_for(lambda: (lambda a: a if len(a) >= 500 else None)(answers_in(stack, AIT, wanted)),
                       timeout=120, what="500 answers")
    finally:
        stack.mock_config({"api": "gemini"})
    assert sorted(f["out_id"] for f in got) == sorted(wanted)  # each exactly once
    assert all(f["source"] == "ai" for f in got)
    assert gauge(ait["ops"], "wa_ai_inflight_peak") >= 400
    wait_for(lambda: stack.redis.xpending(AIT + "ai", "ai")["pending"] == 0, what="every entry acknowledged")


def test_history_is_bounded_in_messages_and_characters(stack, ait):
    # ait keeps AI_HISTORY_MESSAGES=4 and AI_HISTORY_CHARS=400
    doctor_id, _ = stack.add_doctor("Dr. History Bound", "Bound Clinic")
    patient = new_number()
    rows = [("in", "m1 oldest question"), ("out", "m2 " + "A" * 50), ("in", "m3 " + "B" * 395),
            ("out", "m4 answer"), ("in", "m5 question"), ("out", "m6 latest answer")]
    for age, (direction, body) in zip(range(len(rows), 0, -1), rows):
        stack.sql("INSERT INTO messages (doctor_id, direction, wamid, out_id, wa_id, type, body, status, created_at) "
                  "VALUES (%s, %s, %s, %s, %s, 'text', %s, 'received', now() - make_interval(secs => %s))",
                  doctor_id, direction, new_wamid() if direction == "in" else None,
                  "hist:" + new_wamid() if direction == "out" else None, patient, body, age)
    # another patient's and another doctor's messages never leak in
    stack.sql("INSERT INTO messages (doctor_id, direction, wamid, wa_id, type, body) VALUES (%s, 'in', %s, %s, "
              "'text', 'other patient')", doctor_id, new_wamid(), new_number())
    marker = uuid.uuid4().hex[:8]
    answer = ask(stack, AIT, doctor_id, f"and now? {marker}", patient=patient)
    assert answer["source"] == "ai"
    [call] = model_calls(stack, "gemini", marker, AIT_KEY)
    turns = [(c["role"], c["parts"][0]["text"]) for c in json.loads(call["body"])["contents"]]
    # m1, m2: beyond the last 4; m3: does not fit in 400 characters with the newer ones
    assert turns == [("model", "m4 answer"), ("user", "m5 question"), ("model", "m6 latest answer"),
                     ("user", f"and now? {marker}")]


def test_questions_read_together_each_get_their_own_history(stack, ait):
    # the questions of one read of wa:ai have their histories loaded by one statement: each must still get exactly
    # its own conversation (not another patient's, not another doctor's with the same number), without the question
    # itself or what came after it, newest kept
    doc_a, _ = stack.add_doctor("Dr. Batch History A", "Batch A Clinic")
    doc_b, _ = stack.add_doctor("Dr. Batch History B", "Batch B Clinic")
    p1, p2, p3 = new_number(), new_number(), new_number()

    def msg(doctor_id, patient, direction, body, age, wamid=None):
        stack.sql("INSERT INTO messages (doctor_id, direction, wamid, out_id, wa_id, type, body, status, created_at) "
                  "VALUES (%s, %s, %s, %s, %s, 'text', %s, 'received', now() - make_interval(secs => %s))",
                  doctor_id, direction, wamid or (new_wamid() if direction == "in" else None),
                  "hist:" + new_wamid() if direction == "out" else None, patient, body, age)
    msg(doc_a, p1, "in", "a1 first", 50)
    msg(doc_a, p1, "out", "a1 reply", 40)
    msg(doc_a, p2, "in", "a2 only", 30)
    msg(doc_b, p1, "in", "b1 other clinic", 20)
    w1 = new_wamid()
    msg(doc_a, p1, "in", "a1 the question row", 10, wamid=w1)  # the question being answered: left out
    msg(doc_a, p1, "out", "a1 after the question", 5)  # came after it: left out
    marker = uuid.uuid4().hex[:8]
    questions = [(doc_a, p1, w1), (doc_a, p2, new_wamid()), (doc_a, p3, new_wamid()), (doc_b, p1, new_wamid())]
    pipe = stack.redis.pipeline()  # MULTI/EXEC: the ai reads the four together
    for i, (d, p, w) in enumerate(questions):
        pipe.xadd(AIT + "ai", {"doctor_id": d, "patient_id": "", "to": p, "wamid": w, "text": f"q{i} {marker}",
                               "lang": "", "created_at": "0", "kb_context": ""})
    pipe.execute()
    wanted = {"reply:" + w for _, _, w in questions}
    wait_for(lambda: len(answers_in(stack, AIT, wanted)) == 4 or None, timeout=30, what="four answers")

    def turns(i):
        [call] = model_calls(stack, "gemini", f"q{i} {marker}", AIT_KEY)
        return [(c["role"], c["parts"][0]["text"]) for c in json.loads(call["body"])["contents"]]
    assert turns(0) == [("user", "a1 first"), ("model", "a1 reply"), ("user", f"q0 {marker}")]
    assert turns(1) == [("user", f"a2 only\n\nq1 {marker}")]  # two patient turns in a row are one
    assert turns(2) == [("user", f"q2 {marker}")]
    assert turns(3) == [("user", f"b1 other clinic\n\nq3 {marker}")]


def test_doctor_overrides_model_and_temperature(stack, ait):
    doctor_id, _ = stack.add_doctor("Dr. Override", "Override Clinic")
    stack.sql("UPDATE doctors SET settings = %s WHERE id = %s",
              json.dumps({"ai_model": "gemini-3.5-flash", "ai_temperature": 0.9}), doctor_id)
    marker = uuid.uuid4().hex[:8]
    assert ask(stack, AIT, doctor_id, f"Any question {marker}")["source"] == "ai"
    [call] = model_calls(stack, "gemini", marker, AIT_KEY)
    assert call["path"] == "/v1beta/models/gemini-3.5-flash:generateContent"
    assert json.loads(call["body"])["generationConfig"]["temperature"] == 0.9
    assert wait_for(lambda: stack.sql("SELECT model FROM ai_usage WHERE doctor_id = %s", doctor_id), timeout=5,
                    what="the usage row") == [("gemini-3.5-flash",)]


def test_per_day_quota_is_not_retried_and_opens_the_breaker_for_longer(stack):
    prefix, key = "aiq:", "e2e-ai-quota-key"
    stack.start_service("ai", {"WA_REDIS_PREFIX": prefix, "GEMINI_API_KEY": key, "AI_RETRY_BASE_MS": "50",
                               "AI_BREAKER_OPEN_MS": "100", "AI_BREAKER_QUOTA_OPEN_MS": "2000"}, tag="-quota")
    ops = stack.ops["ai-quota"]
    try:
        doctor_id, _ = stack.add_doctor("Dr. Quota Day", "Quota Clinic")
        stack.mock_config({"api": "gemini", "errors": [
            {"http_status": 429, "retry_delay": "1s", "times": 1, "key": key,
             "quota_id": "GenerateRequestsPerDayPerProjectPerModel-FreeTier"}]})
        try:
            marker = uuid.uuid4().hex[:8]
            answer = ask(stack, prefix, doctor_id, f"Is the clinic open on holidays? {marker}")
        finally:
            stack.mock_config({"api": "gemini"})
        assert answer["source"] == "fallback" and answer["text"] == fallback_of("Quota Clinic")
        # one try only, although a per-minute 429 with the same RetryInfo is retried
        assert [c["status"] for c in model_calls(stack, "gemini", marker, key)] == [429]
        dead = wait_for(lambda: dlq_for(stack, prefix, answer["wamid"]), what="the quota failure in the dlq")
        assert dead["error_code"] == "RESOURCE_EXHAUSTED" and "per-day quota" in dead["detail"]
        text = metrics(ops)
        assert 'wa_ai_breaker_open{provider="gemini"} 1' in text
        assert "wa_ai_quota_exhausted_total 1" in text
        time.sleep(0.3)  # past AI_BREAKER_OPEN_MS (100 ms), within AI_BREAKER_QUOTA_OPEN_MS (2 s)
        marker = uuid.uuid4().hex[:8]
        answer = ask(stack, prefix, doctor_id, f"And on Sunday? {marker}")
        assert answer["source"] == "fallback"
        assert model_calls(stack, "gemini", marker, key) == []
        assert dlq_for(stack, prefix, answer["wamid"])["error_code"] == "circuit_open"
        # after the quota pause a trial call goes out and the breaker closes
        wait_for(lambda: ask(stack, prefix, doctor_id, "Open today?")["source"] == "ai", timeout=20,
                 interval=0.2, what="an answer from the model again")
        assert 'wa_ai_breaker_open{provider="gemini"} 0' in metrics(ops)
    finally:
        stack.stop_service("ai-quota")


def test_sigterm_lets_the_calls_in_flight_finish(stack):
    prefix, key = "aid:", "e2e-ai-drain-key"
    stack.start_service("ai", {"WA_REDIS_PREFIX": prefix, "GEMINI_API_KEY": key}, tag="-drain")
    ops = stack.ops["ai-drain"]
    doctor_id, _ = stack.add_doctor("Dr. Drain", "Drain Clinic")
    stack.mock_config({"api": "gemini", "delay_ms": 1500})
    try:
        wanted = burst(stack, prefix, doctor_id, 40, "question before the stop")
        wait_for(lambda: (gauge(ops, "wa_ai_inflight") or 0) >= 40, interval=0.02, what="40 calls in flight")
        assert answers_in(stack, prefix, wanted) == []
        rc = stack.stop_service("ai-drain")  # SIGTERM; fails the test unless the process exits within 10 s
    finally:
        stack.mock_config({"api": "gemini"})
    assert rc == 0
    got = answers_in(stack, prefix, wanted)
    assert sorted(f["out_id"] for f in got) == sorted(wanted)
    assert all(f["source"] == "ai" for f in got)
    assert stack.redis.xpending(prefix + "ai", "ai")["pending"] == 0


def test_sigterm_with_calls_past_the_drain_hands_them_back_and_exits(stack):
    # Calls still running when AI_DRAIN_MS runs out are handed back (XCLAIM ... IDLE, so another consumer takes
    # them at once) and the process exits. Before the shared stage loop the hand-back looped for ever (the in-flight
    # list gave the same ids again and again) and the process had to be killed.
    prefix, key = "aih:", "e2e-ai-handback-key"
    stack.start_service("ai", {"WA_REDIS_PREFIX": prefix, "GEMINI_API_KEY": key, "AI_DRAIN_MS": "200"},
                        tag="-handback")
    ops = stack.ops["ai-handback"]
    doctor_id, _ = stack.add_doctor("Dr. Handback", "Handback Clinic")
    stack.mock_config({"api": "gemini", "delay_ms": 6000})
    try:
        wanted = burst(stack, prefix, doctor_id, 5, "question handed back")
        wait_for(lambda: (gauge(ops, "wa_ai_inflight") or 0) >= 5, interval=0.02, what="5 calls in flight")
        assert 'wa_stream_entries_total{stage="ai",outcome="handed_back"} 0' in metrics(ops)
        rc = stack.stop_service("ai-handback")  # fails the test unless the process exits within 10 s
    finally:
        stack.mock_config({"api": "gemini"})
    assert rc == 0
    assert answers_in(stack, prefix, wanted) == []
    pend = stack.redis.xpending_range(prefix + "ai", "ai", "-", "+", 100)
    assert len(pend) == 5
    assert all(p["time_since_delivered"] >= 1000 for p in pend)  # handed back: idle as if long abandoned


def test_pending_entries_reclaimed_poison_dead_lettered_and_long_retries_not_stolen(stack):
    prefix, key = "air:", "e2e-ai-reclaim-key"
    doctor_id, _ = stack.add_doctor("Dr. Reclaim", "Reclaim Clinic")
    stream = prefix + "ai"
    stack.redis.xgroup_create(stream, "ai", id="0", mkstream=True)

    def question(text):
        wamid = new_wamid()
        entry_id = stack.redis.xadd(stream, {"doctor_id": doctor_id, "patient_id": "", "to": new_number(),
                                             "wamid": wamid, "text": text, "lang": "", "created_at": "0",
                                             "kb_context": ""})
        return wamid, entry_id
    # a question taken by a consumer that died, and one that killed WA_MAX_DELIVERIES consumers already
    orphan, orphan_id = question("Question of a consumer that died")
    poison, poison_id = question("Question that crashes whoever reads it")
    stack.redis.xreadgroup("ai", "ghost", {stream: ">"}, count=10)
    stack.redis.execute_command("XCLAIM", stream, "ai", "ghost", 0, orphan_id, "IDLE", 600000)
    stack.redis.execute_command("XCLAIM", stream, "ai", "ghost", 0, poison_id, "IDLE", 600000, "RETRYCOUNT", 5)
    env = {"WA_REDIS_PREFIX": prefix, "GEMINI_API_KEY": key}
    stack.start_service("ai", env, tag="-r1")
    try:
        wait_for(lambda: answers_in(stack, prefix, {"reply:" + orphan}), what="the orphan answered")
        dead = wait_for(lambda: next((f for _, f in stack.redis.xrange(prefix + "dlq")
                                      if f.get("source_id") == poison_id), None), what="the poison entry in the dlq")
        assert (dead["reason"], dead["stage"]) == ("poison", "ai")
        wait_for(lambda: stack.redis.xpending(stream, "ai")["pending"] == 0, what="both entries acknowledged")
        assert answers_in(stack, prefix, {"reply:" + poison}) == []

        # a call waiting out a 4 s RetryInfo (longer than WA_CLAIM_IDLE_MS, 1.5 s) keeps its entry: a second
        # consumer does not reclaim it and answer it again
        stack.start_service("ai", env, tag="-r2")
        stack.mock_config({"api": "gemini", "errors": [{"http_status": 429, "retry_delay": "4s", "times": 1,
                                                        "key": key}]})
        try:
            marker = uuid.uuid4().hex[:8]
            wamid, entry_id = question(f"Question with a long quota wait {marker}")
            wait_for(lambda: model_calls(stack, "gemini", marker, key), what="the first try")
            # during the wait the entry stays with its consumer: never idle past the threshold, never redelivered
            samples = []
            while not answers_in(stack, prefix, {"reply:" + wamid}) and len(samples) < 300:
                samples += stack.redis.xpending_range(stream, "ai", min=entry_id, max=entry_id, count=1)
                time.sleep(0.05)
            assert len(samples) > 20
            assert all(p["times_delivered"] == 1 and p["time_since_delivered"] < 1500 for p in samples), samples
            wait_for(lambda: answers_in(stack, prefix, {"reply:" + wamid}), timeout=30, what="the answer")
            wait_for(lambda: stack.redis.xpending(stream, "ai")["pending"] == 0, what="the entry acknowledged")
        finally:
            stack.mock_config({"api": "gemini"})
        assert [c["status"] for c in model_calls(stack, "gemini", marker, key)] == [429, 200]
        [answer] = answers_in(stack, prefix, {"reply:" + wamid})
        assert answer["source"] == "ai"
    finally:
        stack.stop_service("ai-r1")
        stack.stop_service("ai-r2")


def test_small_reads_still_fill_the_pipeline_and_answer_each_question_once(stack):
    # AI_READ_MAX bounds the entries taken per read of wa:ai (each read's entries are prepared before its calls
    # start); the reads go on while calls run, so with reads of 4 a burst of 60 questions to a slow model is still
    # in flight all at once, and each is answered exactly once
    prefix, key = "aird:", "e2e-ai-readmax-key"
    stack.start_service("ai", {"WA_REDIS_PREFIX": prefix, "GEMINI_API_KEY": key, "AI_READ_MAX": "4"}, tag="-readmax")
    ops = stack.ops["ai-readmax"]
    doctor_id, _ = stack.add_doctor("Dr. Small Reads", "Small Reads Clinic")
    stack.mock_config({"api": "gemini", "delay_ms": 2000})
    try:
        wanted = burst(stack, prefix, doctor_id, 60, "small reads question")
        wait_for(lambda: (gauge(ops, "wa_ai_inflight") or 0) >= 60, interval=0.02, what="60 calls in flight")
        got = wait_for(lambda: (lambda a: a if len(a) >= 60 else None)(answers_in(stack, prefix, wanted)),
                       timeout=60, what="60 answers")
    finally:
        stack.mock_config({"api": "gemini"})
    assert sorted(f["out_id"] for f in got) == sorted(wanted)  # each exactly once
    assert all(f["source"] == "ai" for f in got)
    wait_for(lambda: stack.redis.xpending(prefix + "ai", "ai")["pending"] == 0, what="every entry acknowledged")
    stack.stop_service("ai-readmax")


@pytest.mark.parametrize("value", ["0", "100001", "many"])
def test_an_invalid_read_max_stops_the_start_with_the_variable_named(stack, value):
    import os
    import subprocess
    import conftest
    env = dict(stack.env, AI_READ_MAX=value, WA_REDIS_PREFIX="airdbad:", OPS_PORT=str(conftest.free_port()))
    r = subprocess.run([os.path.join(conftest.BIN, "wa-ai")], env=env, capture_output=True, text=True, timeout=30)
    assert r.returncode != 0
    assert "AI_READ_MAX" in r.stdout + r.stderr
