"""Issue 14, round 8: a large batch's record and mark statements cut by doctor over the router's ROUTER_PG_PARALLEL
connections (services/router/route.c record_split, mark_split): each part a statement and a transaction of its own,
run at once. What must hold: every row of a doctor (so of each of its patients) in one part, each patient's replies
in the order of its messages, each message recorded, answered and marked once, and a Meta retry of the whole batch
answered by nothing. The parts are seen in the rows themselves: the transaction that last wrote a row (xmin) is the
record's part for a patient's row and the mark's part for a message's row."""
from conftest import change, new_number, new_wamid, text_message, wait_for, webhook
from test_clinic import body, new_doctor, reply
from test_kb_understand import PARALLEL_KB

DOCTORS, PATIENTS, ASKS = 3, 4, 4  # 48 messages in one webhook: two parts at ROUTER_PG_PARALLEL=2 (16 rows a part)


def one_batch(stack):
    """DOCTORS clinics with PARALLEL_KB, each with PATIENTS patients asking the four questions in an order of their
    own, all in ONE webhook (one wa:in entry, one batch). Returns (doctors, webhook, [(doctor, patient, [(wamid,
    expected answer)...])...])."""
    docs, changes, sent = [], [], []
    for d in range(DOCTORS):
        clinic = f"Split Clinic {d} {new_number()[-4:]}"
        doc = new_doctor(stack, clinic=clinic)
        for q, a, k in PARALLEL_KB:
            stack.add_kb(doc["id"], q, a.format(c=clinic), k)
        msgs = []
        for p in range(PATIENTS):
            patient, asks = new_number(), []
            for i in range(ASKS):
                q, a, _ = PARALLEL_KB[(p + i) % len(PARALLEL_KB)]
                asks.append((new_wamid(), q, a.format(c=clinic)))
            # interleave the patients of a doctor: each patient's messages keep their order among the others'
            sent.append((doc, patient, [(w, a) for w, _, a in asks]))
            msgs.append([text_message(patient, q, w) for w, q, _ in asks])
        changes.append(change(doc["phone"], "pn-" + doc["phone"], [m for i in range(ASKS) for m in
                                                                     (ms[i] for ms in msgs)]))
        docs.append(doc)
    return docs, webhook(changes), sent


def replies_in_wa_out(stack):
    """{recipient: [out_id of each reply, in wa:out's order]}."""
    out = {}
    for _, f in stack.redis.xrange("wa:out"):
        if f.get("out_id", "").startswith("reply:"):
            out.setdefault(f.get("to"), []).append(f["out_id"])
    return out


def test_a_batch_cut_by_doctor_keeps_each_patient_in_order_and_answers_once(stack):
    try:
        stack.stop_service("router")
        stack.start_service("router", {"ROUTER_PG_PARALLEL": "2"})
        docs, hook, sent = one_batch(stack)
        assert stack.post_webhook(hook) == 200
        for doc, patient, asks in sent:
            for w, answer in asks:
                got = reply(stack, patient, w)
                assert got["type"] == "text" and body(got) == answer, got
        ids = [d["id"] for d in docs]
        wamids = [w for _, _, asks in sent for w, _ in asks]
        wait_for(lambda: stack.sql("SELECT count(*) FROM messages WHERE direction = 'in' AND wamid = ANY(%s)"
                                   " AND routed_at IS NOT NULL", wamids)[0][0] == len(wamids),
                 timeout=20, what="every message marked handled")

        # the parts: each doctor's rows written by one transaction, the batch's by two (record and mark alike)
        marked = stack.sql("SELECT doctor_id::text, array_agg(DISTINCT xmin::text) FROM messages"
                           " WHERE direction = 'in' AND wamid = ANY(%s) GROUP BY doctor_id", wamids)
        recorded = stack.sql("SELECT doctor_id::text, array_agg(DISTINCT xmin::text) FROM patients"
                             " WHERE doctor_id = ANY(%s::uuid[]) GROUP BY doctor_id", ids)
        for rows in (marked, recorded):
            assert len(rows) == DOCTORS and all(len(x) == 1 for _, x in rows), rows
            assert len({x[0] for _, x in rows}) == 2, rows

        # each patient's replies queued in the order of its messages, each once
        queued = replies_in_wa_out(stack)
        for _, patient, asks in sent:
            assert queued.get(patient) == ["reply:" + w for w, _ in asks], (patient, queued.get(patient))

        # Meta retries the whole webhook: recorded as duplicates, nothing answered again
        assert stack.post_webhook(hook) == 200
        doc, last = docs[0], new_number()
        w = new_wamid()
        assert stack.post_webhook(webhook([change(doc["phone"], "pn-" + doc["phone"],
                                                  [text_message(last, PARALLEL_KB[0][0], w)])])) == 200
        reply(stack, last, w)  # the router takes wa:in in order: the retry was handled before it
        assert replies_in_wa_out(stack) == {**queued, last: ["reply:" + w]}
        for _, patient, asks in sent:
            sends = [b["context"]["message_id"] for _, b in stack.graph_sends(patient)]
            assert sorted(sends) == sorted(w for w, _ in asks), (patient, sends)
        assert stack.sql("SELECT count(*), count(DISTINCT wamid) FROM messages WHERE direction = 'in'"
                         " AND wamid = ANY(%s)", wamids)[0] == (len(wamids), len(wamids))
        assert stack.sql("SELECT count(*) FROM patients WHERE doctor_id = ANY(%s::uuid[])", ids)[0][0] == \
            DOCTORS * PATIENTS + 1  # and the last one
    finally:
        stack.stop_service("router")
        stack.start_service("router")
