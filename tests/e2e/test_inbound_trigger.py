"""037_perf5.sql's statement-level trigger on messages (messages_inbound_rows) against what the two row triggers it
replaced did (024's keyword opt-in, 025's reply to a broadcast): several inbound texts of one INSERT statement (the
router records a batch so) are applied one by one in insertion order, as the row triggers applied them, never as one
"last row wins" update; outbound rows and long texts opt nobody in. Rows are written with SQL as the router's record
statement writes them: the trigger is what is tested, not the router."""
import uuid

from conftest import new_number


def _doctor_with_keyword(stack, keyword):
    doctor_id, _ = stack.add_doctor("Dr. Trigger", "Trigger Clinic " + uuid.uuid4().hex[:6])
    stack.sql("INSERT INTO clinic_settings (doctor_id, optin_keyword) VALUES (%s, %s)"
              " ON CONFLICT (doctor_id) DO UPDATE SET optin_keyword = EXCLUDED.optin_keyword", doctor_id, keyword)
    return doctor_id


def _patient(stack, doctor_id, opted_out):
    wa_id = new_number()
    return stack.sql("INSERT INTO patients (doctor_id, wa_id, opted_out, optout_wamid) VALUES (%s, %s, %s, %s)"
                     " RETURNING id::text", doctor_id, wa_id, opted_out,
                     "wamid.stop." + wa_id if opted_out else None)[0][0], wa_id


def _insert(stack, doctor_id, patient_id, wa_id, rows):
    """One INSERT statement of (direction, wamid, body) rows, in this order."""
    values = ", ".join(["(%s, %s::uuid, %s, %s, %s, 'text', %s, 'received')"] * len(rows))
    params = []
    for direction, wamid, body in rows:
        params += [doctor_id, patient_id, direction, wamid, wa_id, body]
    stack.sql("INSERT INTO messages (doctor_id, patient_id, direction, wamid, wa_id, type, body, status) VALUES "
              + values, *params)


def test_keyword_opt_ins_of_one_statement_apply_in_order(stack):
    doctor_id = _doctor_with_keyword(stack, "join")
    patient_id, wa_id = _patient(stack, doctor_id, opted_out=True)
    first, second = "wamid.kw1." + uuid.uuid4().hex, "wamid.kw2." + uuid.uuid4().hex
    _insert(stack, doctor_id, patient_id, wa_id,
            [("in", first, "JOIN"), ("in", "wamid.q." + uuid.uuid4().hex, "what are your timings?"),
             ("in", second, "Join!")])
    row = stack.sql("SELECT opted_in, opt_in_source, opt_in_basis, opt_in_by, opted_out, optout_wamid"
                    " FROM patients WHERE id = %s", patient_id)[0]
    # the first keyword lifted the STOP (optout_wamid: that message); the second found it lifted and kept it; the
    # opt-in's basis and author are the last keyword's
    assert row == (True, "keyword", "Join!", second, False, first), row


def test_start_keeps_the_opt_out_and_long_or_outbound_texts_do_nothing(stack):
    doctor_id = _doctor_with_keyword(stack, "join")
    patient_id, wa_id = _patient(stack, doctor_id, opted_out=True)
    _insert(stack, doctor_id, patient_id, wa_id,
            [("out", "wamid.out." + uuid.uuid4().hex, "join"),
             ("in", "wamid.long." + uuid.uuid4().hex, "join " + "please " * 10)])
    assert stack.sql("SELECT opted_in, opted_out FROM patients WHERE id = %s", patient_id)[0] == (False, True)
    start = "wamid.start." + uuid.uuid4().hex
    _insert(stack, doctor_id, patient_id, wa_id, [("in", start, "Start")])
    row = stack.sql("SELECT opted_in, opt_in_by, opted_out, optout_wamid FROM patients WHERE id = %s", patient_id)[0]
    assert row == (True, start, True, "wamid.stop." + wa_id), row  # START opts in; the router lifts the STOP itself


def test_reply_to_a_broadcast_marks_the_latest_recipient_once(stack):
    doctor_id = _doctor_with_keyword(stack, "join")
    patient_id, wa_id = _patient(stack, doctor_id, opted_out=False)
    recipients = []
    for days in (3, 1):  # two broadcasts sent to the patient; the newer one is the one replied to
        bid = stack.sql("INSERT INTO broadcasts (doctor_id, created_by_actor, name, template_name, template_language,"
                        " group_ids) VALUES (%s, 'wactl', %s, 'hello', 'en', ARRAY[gen_random_uuid()]) RETURNING id",
                        doctor_id, "b" + uuid.uuid4().hex[:6])[0][0]
        recipients.append(stack.sql(
            "INSERT INTO broadcast_recipients (broadcast_id, doctor_id, patient_id, wa_id, state, sent_at)"
            " VALUES (%s, %s, %s, %s, 'sent', now() - make_interval(days => %s)) RETURNING id",
            bid, doctor_id, patient_id, wa_id, days)[0][0])
    _insert(stack, doctor_id, patient_id, wa_id,
            [("in", "wamid.r1." + uuid.uuid4().hex, "thanks"), ("in", "wamid.r2." + uuid.uuid4().hex, "ok")])
    replied = dict(stack.sql("SELECT id, replied_at IS NOT NULL FROM broadcast_recipients WHERE patient_id = %s",
                             patient_id))
    assert replied == {recipients[0]: False, recipients[1]: True}, replied


def test_keywords_written_with_separators_opt_in_and_near_misses_do_not(stack):
    """128_perf31.sql normalises only a text whose lowered form holds a keyword's first word: a keyword written with
    any separators (tabs, line breaks, ideographic spaces, punctuation, capitals) still opts in, the clinic's two-word
    keyword included; a text holding a keyword's word without being the keyword does not, nor does the clinic's
    keyword sent to another clinic. One INSERT statement, one message a patient, as the router records a batch."""
    doctor_id = _doctor_with_keyword(stack, "Yoga Class")
    other_id = _doctor_with_keyword(stack, "Join")
    cases = [("  Yoga\t--Class!! ", True), ("YOGA\nclass", True), ("\u3000Start\u3000", True),
             ("opt-in", True), ("Opt In?", True), ("...SHURU karo", True), ("शुरू  करें।", False),
             ("शुरू, करें", True), ("yoga", False), ("class yoga", False), ("restart", False), ("yoga classes", False),
             ("start now please", False), ("join", False)]
    patients, rows = [], []
    for body, _ in cases:
        patient_id, wa_id = _patient(stack, doctor_id, opted_out=False)
        patients.append(patient_id)
        rows.append((doctor_id, patient_id, wa_id, "wamid.sep." + uuid.uuid4().hex, body))
    values = ", ".join(["(%s, %s::uuid, 'in', %s, %s, 'text', %s, 'received')"] * len(rows))
    params = []
    for d, p, w, wamid, body in rows:
        params += [d, p, wamid, w, body]
    stack.sql("INSERT INTO messages (doctor_id, patient_id, direction, wamid, wa_id, type, body, status) VALUES "
              + values, *params)
    got = dict(stack.sql("SELECT id::text, opted_in FROM patients WHERE id = ANY (%s::uuid[])", patients))
    assert [got[p] for p in patients] == [want for _, want in cases], list(zip([b for b, _ in cases],
                                                                                  [got[p] for p in patients]))
    other_patient, other_wa = _patient(stack, other_id, opted_out=False)
    _insert(stack, other_id, other_patient, other_wa, [("in", "wamid.o." + uuid.uuid4().hex, "yoga class")])
    assert stack.sql("SELECT opted_in FROM patients WHERE id = %s", other_patient)[0][0] is False
