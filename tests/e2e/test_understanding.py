"""Issue 19: understanding patients. Sentences that ask for a conversation start it (a Hindi booking request, a
request to talk to the doctor, a sentence asking to stop messages), driven by signed webhooks and observed at the
mock Graph API; a clinic's own synonym row extends its matching and no one else's; `wactl kb try` explains a
choice. (The evaluation sets' figures are asserted in test_router.py.)"""
import json

from conftest import new_number
from test_clinic import body, book_until_confirm, buttons, new_doctor, rows, say, tap


def kb_try_for(stack, doc):
    """`wactl kb try --json` for one doctor's question, and the question of the entry it chose (None when none)."""
    def tried(q):
        return json.loads(stack.wactl("kb", "try", "--doctor", doc, q, "--json"))

    def chosen_question(q):
        t = tried(q)
        return next((c["question"] for c in t["candidates"] if c["id"] == t["chosen"]), None)

    return tried, chosen_question


def test_full_sentence_hindi_booking_request_starts_the_booking_flow(stack):
    doc = new_doctor(stack)
    p = new_number()
    r = say(stack, doc, p, "मुझे डॉक्टर साहब को दिखाना है, कृपया मेरा अपॉइंटमेंट बुक कर दीजिए")
    days = rows(r)  # the list of open days, in Hindi
    assert days and all(d[0].startswith("day:") for d in days)
    assert "दिन" in body(r)
    r = say(stack, doc, new_number(), "I would like to get an appointment with the doctor please")
    assert rows(r) and rows(r)[0][0].startswith("day:")


def test_full_sentence_asking_to_talk_to_the_doctor_pauses_for_staff(stack, clinic):
    p = new_number()
    r = say(stack, clinic, p, "I want to talk to the doctor about my son")
    assert "staff" in body(r) and clinic["clinic"] in body(r)
    assert stack.sql("SELECT count(*) FROM handoffs h JOIN patients p ON p.id = h.patient_id"
                     " WHERE h.doctor_id = %s AND p.wa_id = %s", clinic["id"], p) == [(1,)]
    r = say(stack, clinic, new_number(), "क्या मैं डॉक्टर से बात कर सकता हूँ")
    assert "स्टाफ़" in body(r)


def test_questions_that_share_a_word_with_an_intent_still_get_their_answer(stack, clinic):
    # "open", "time" appear in intent examples too; the knowledge base answers, never a flow
    for q in ("what time do you open", "clinic timings please", "aapka time kya hai"):
        r = say(stack, clinic, new_number(), q)
        assert r["type"] == "text" and r["text"]["body"] == clinic["answer"], (q, r)


def test_a_sentence_asking_to_stop_messages_opts_out_once(stack, clinic):
    p = new_number()
    r = say(stack, clinic, p, "please don't send me any more messages")
    assert r["type"] == "text" and "no longer receive" in r["text"]["body"]
    assert stack.sql("SELECT opted_out FROM patients WHERE wa_id = %s AND doctor_id = %s", p, clinic["id"]) \
        == [(True,)]
    r = say(stack, clinic, p, "please send me the messages again")
    assert r["type"] == "text" and "Welcome back" in r["text"]["body"]
    assert stack.sql("SELECT opted_out FROM patients WHERE wa_id = %s AND doctor_id = %s", p, clinic["id"]) \
        == [(False,)]


def test_a_clinic_synonym_row_extends_its_own_matching_only(stack):
    a_id, a_phone = stack.add_doctor("Dr. A", "A Dental")
    b_id, b_phone = stack.add_doctor("Dr. B", "B Dental")
    for d in (a_id, b_id):
        stack.add_kb(d, "Do you do braces?", "Braces from Rs 35,000.", "braces")
    q = "do you do invisible wires"
    before = json.loads(stack.wactl("kb", "try", "--doctor", a_id, q, "--json"))
    assert before["chosen"] is None
    stack.sql("INSERT INTO kb_synonyms (doctor_id, term, canonical) VALUES (%s, 'invisible wires', 'braces')", a_id)
    after = json.loads(stack.wactl("kb", "try", "--doctor", a_id, q, "--json"))
    assert after["chosen"] is not None and after["synonyms"]["invisible wires"] == "braces"
    other = json.loads(stack.wactl("kb", "try", "--doctor", b_id, q, "--json"))
    assert other["chosen"] is None  # doctor B's matching is unchanged


def test_wactl_kb_try_shows_the_choice_and_why(stack):
    d, _ = stack.add_doctor("Dr. C", "C Dental")
    stack.add_kb(d, "How much does a root canal cost?", "A root canal is Rs 5,000.", "root canal rct price")
    stack.add_kb(d, "What are your timings?", "9 to 5.", "timings hours")
    out = json.loads(stack.wactl("kb", "try", "--doctor", d, "rct kitne ka hai", "--json"))
    assert out["chosen"] is not None and out["candidates"][0]["question"] == "How much does a root canal cost?"
    assert out["tokens"] == ["rct", "fee"] and out["synonyms"]["kitne ka"] == "fee"
    assert out["intent"] is None
    near = json.loads(stack.wactl("kb", "try", "--doctor", d, "is a root canal painful", "--json"))
    assert near["chosen"] is None and "near miss" in near["reason"] and "pain" in near["reason"]
    typo = json.loads(stack.wactl("kb", "try", "--doctor", d, "whats ur tymings", "--json"))
    assert typo["corrected"] == {"tymings": "timings"}
    assert typo["chosen"] is not None and typo["candidates"][0]["question"] == "What are your timings?"
    intent = json.loads(stack.wactl("kb", "try", "--doctor", d, "I want to book an appointment for tomorrow",
                                    "--json"))
    assert intent["intent"] == "book"
    text = stack.wactl("kb", "try", "--doctor", d, "is a root canal painful")
    assert "MISSING" in text and "answer:         none" in text and "pain" in text


def test_round_two_reads_marathi_postpositions_keeps_ordinary_words_and_knows_the_answers_names(stack):
    # deploy/migrations/020_understanding2.sql; each of these failed before it
    # (the clinic is not named after the locality: its own name words are left out of a question since round 3)
    doc, _ = stack.add_doctor("Dr. Round Two", "Round Two Family Clinic")
    stack.add_kb(doc, "Where is the clinic?", "Shop 4, Sector 9 market, Kothrud, Pune.", "address location where")
    stack.add_kb(doc, "What are your timings?", "Open 10 am to 6 pm.", "timings hours open")

    def tokens(text):
        return stack.sql("SELECT kb_analyse(%s, %s) -> 'tokens'", doc, text)[0][0]
    # a Marathi postposition written onto the word: शाळेसाठी ("for the school") is read as शाळा, school
    assert tokens("शाळेसाठी") == ["school"]
    # an ordinary word is taken as written, never "corrected" into another concept ("paid" had become "pain")
    assert "paid" in tokens("review visit free or paid") and "pain" not in tokens("review visit free or paid")
    # the locality the address answer names belongs to that entry: not a near miss any more
    tried = json.loads(stack.wactl("kb", "try", "--doctor", doc, "clinic kahan hai kothrud mein", "--json"))
    assert tried["chosen"] is not None and tried["candidates"][0]["question"] == "Where is the clinic?", tried
    # ... and the entry's answer changing changes what it knows
    stack.sql("UPDATE kb_entries SET answer = 'Shop 4, Sector 9 market, Baner, Pune.' WHERE doctor_id = %s"
              " AND question = 'Where is the clinic?'", doc)
    tried = json.loads(stack.wactl("kb", "try", "--doctor", doc, "clinic kahan hai kothrud mein", "--json"))
    assert tried["chosen"] is None, tried


def test_round_three_sentences_in_romanised_marathi_and_after_a_greeting_start_their_conversations(stack):
    # deploy/migrations/030_intents3.sql; each of these got a knowledge-base or ai answer before it
    doc = new_doctor(stack)
    days = rows(say(stack, doc, new_number(), "mala udya appointment pahije"))  # "I need an appointment tomorrow"
    assert days and all(d[0].startswith("day:") for d in days)
    # a booked patient who greets first and asks to cancel gets the appointment with its Cancel button
    p = new_number()
    (confirm_id, _), slot_title, _ = book_until_confirm(stack, doc, p)
    assert "confirmed" in body(tap(stack, doc, p, "button_reply", confirm_id, "Confirm"))
    [(appt_id,)] = stack.sql("SELECT a.id::text FROM appointments a JOIN patients p ON p.id = a.patient_id"
                             " WHERE a.doctor_id = %s AND p.wa_id = %s", doc["id"], p)
    mine = say(stack, doc, p, "Hi doctor, I need to cancel my appointment for tomorrow")
    assert slot_title in body(mine)
    assert buttons(mine) == [("cancel:" + appt_id, "Cancel"), ("resched:" + appt_id, "Reschedule")]
    # "don't send me messages" and "start the messages again" in romanised Marathi
    q = new_number()
    r = say(stack, doc, q, "mala message pathvu naka")
    assert "no longer receive" in body(r)
    assert stack.sql("SELECT opted_out FROM patients WHERE wa_id = %s AND doctor_id = %s", q, doc["id"]) == [(True,)]
    r = say(stack, doc, q, "message punha suru kara")
    assert "Welcome back" in body(r)
    assert stack.sql("SELECT opted_out FROM patients WHERE wa_id = %s AND doctor_id = %s", q, doc["id"]) \
        == [(False,)]


def test_round_three_stop_and_start_inside_a_medical_sentence_change_no_subscription(stack, clinic):
    # "stop" and "start" are the opt-out's and opt-in's words, but "the pain doesn't stop" is about the pain (a
    # concept of the lexicon no intent uses weighs fully now): before 030 it unsubscribed the patient, and "my
    # period has not started" or "doctor kab start karte hai" (when does the doctor start) subscribed an opted-out
    # patient again
    p = new_number()
    r = say(stack, clinic, p, "the pain doesn't stop")
    assert "no longer receive" not in body(r)
    assert stack.sql("SELECT opted_out FROM patients WHERE wa_id = %s AND doctor_id = %s", p, clinic["id"]) \
        == [(False,)]
    assert "no longer receive" in body(say(stack, clinic, p, "stop"))
    for text in ("my period has not started", "doctor kab start karte hai", "when does the clinic start"):
        assert "Welcome back" not in body(say(stack, clinic, p, text)), text
    assert stack.sql("SELECT opted_out FROM patients WHERE wa_id = %s AND doctor_id = %s", p, clinic["id"]) \
        == [(True,)]


def test_round_three_knows_what_an_answer_says_and_ignores_the_clinics_own_name(stack):
    # deploy/migrations/029_understanding3.sql; each of these failed before it
    doc, _ = stack.add_doctor("Dr. Round Three", "Lotus Vision Centre", specialization="Ophthalmology")
    stack.add_kb(doc, "Do you do LASIK?", "Yes, LASIK for both eyes is Rs 45,000, after a pre-LASIK check-up.",
                 "lasik laser")
    stack.add_kb(doc, "What is the consultation fee?", "The consultation is Rs 500.", "fee consultation charges")
    stack.add_kb(doc, "Where is the clinic?", "Shop 4, Sector 9 market, Baner, Pune.", "address location where")
    stack.add_kb(doc, "Do you treat squint in children?", "Yes, on Tuesdays, by Dr. Rao.", "squint children")
    stack.add_kb(doc, "Do you sell spectacles?", "Yes, our optical shop has frames for all budgets.", "spectacles")

    def tried(text):
        return json.loads(stack.wactl("kb", "try", "--doctor", doc, text, "--json"))

    def chosen_question(text):
        t = tried(text)
        return next((c["question"] for c in t["candidates"] if c["id"] == t["chosen"]), None)
    # the answer gives LASIK's price: a price question about LASIK is that entry's ...
    assert chosen_question("lasik cost") == "Do you do LASIK?"
    assert chosen_question("lasik kitne ka hai") == "Do you do LASIK?"
    # ... the answer names the day: "which day" is answered by it
    assert chosen_question("squint treatment for kids which day") == "Do you treat squint in children?"
    # ... but an answer that states no price does not answer a price question (a near miss stays with the ai)
    assert tried("how much do spectacles cost")["chosen"] is None
    # a general fee question still goes to the fee entry, not to one that happens to state a price
    assert chosen_question("consultation fees kitni hai") == "What is the consultation fee?"
    # the clinic's own name says which clinic, not what is asked
    assert chosen_question("lotus kahan hai") == "Where is the clinic?"
    # without the price in the answer, "lasik cost" is a near miss again (the answer's words are recomputed)
    stack.sql("UPDATE kb_entries SET answer = 'Yes, LASIK is done on Saturdays.' WHERE doctor_id = %s"
              " AND question = 'Do you do LASIK?'", doc)
    assert tried("lasik cost")["chosen"] is None


def test_round_four_keeps_a_question_whose_asked_thing_no_entry_covers_from_the_nearest_entry(stack):
    # deploy/migrations/032_understanding4.sql; each "None" below got the nearest entry before it (the asked word
    # was no concept of the lexicon, weighed little and did not count as important)
    doc, _ = stack.add_doctor("Dr. Round Four", "Round Four Dental")
    stack.add_kb(doc, "Do you do dental implants?", "Yes, implants from Rs 25,000 per tooth, in two sittings.",
                 "implant implants")
    stack.add_kb(doc, "Braces?", "Metal braces Rs 35,000, ceramic Rs 50,000.", "braces")
    stack.add_kb(doc, "Holidays?", "We are closed on Diwali and Holi; open on other holidays.", "holiday diwali")
    stack.add_kb(doc, "Do you do home visits?", "No, we see patients only at the clinic.", "home visit")

    tried, _ = kb_try_for(stack, doc)

    # a guarantee, how many months, a wish: the entry neither knows nor states it, so the question goes to ai
    for q, word in (("implant ki guarantee hai kya", "guarantee"), ("braces kitne mahine lagte hai", "duration"),
                    ("Happy Diwali!", "wish")):
        out = tried(q)
        assert word in out["tokens"] and out["chosen"] is None, (q, out)
    # the same entries still answer what they do cover
    for q, question in (("implant kitne ka hai", "Do you do dental implants?"), ("braces kitne ke hai", "Braces?"),
                        ("diwali ki chhutti kab hai", "Holidays?")):
        out = tried(q)
        assert out["chosen"] is not None and out["candidates"][0]["question"] == question, (q, out)
    # once the implants' answer states a guarantee, the same question gets it
    stack.sql("UPDATE kb_entries SET answer = answer || ' Each implant carries a 10-year guarantee.'"
              " WHERE doctor_id = %s AND question = 'Do you do dental implants?'", doc)
    out = tried("implant ki guarantee hai kya")
    assert out["chosen"] is not None and out["candidates"][0]["question"] == "Do you do dental implants?", out


# deploy/migrations/035_translit.sql: Devanagari as people write it in Latin letters in chat (the words and spellings
# below were written for this test, not taken from any evaluation set)
ROMANISED = {"कमल": "kamal", "करना": "karna", "समझना": "samajhna", "संत": "sant", "न": "na", "दाँत": "daant",
             "दुःख": "duhkh", "कितना": "kitna", "अपॉइंटमेंट": "apointment", "रिपोर्ट": "riport", "टेस्ट": "test",
             "ऑपरेशन": "opreshan", "स्कूल": "skool", "कार्ड": "kaard", "मेडिकल": "medikal", "क्लिनिक": "klinik",
             "डॉक्टर": "doktar", "ज़रूरी": "zaroori", "फ़ीस": "fees", "\u095bरूरी": "zaroori", "पढ़ाई": "padhaai",
             "मोतियाबिंद": "motiyaabind", "खर्चा": "kharcha", "स्टाफ": "staaph", "बीपी": "beepi", "covid": "covid"}
# (a Latin spelling, the romanisation of a Devanagari spelling of the same word): one sound key or loanword skeleton
SAME_KEY = [("appointment", "अपॉइंटमेंट"), ("fees", "फीस"), ("school", "स्कूल"), ("kharcha", "खर्चा"),
            ("daant", "दाँत"), ("zaroori", "जरूरी"), ("medical", "मेडिकल"), ("card", "कार्ड"), ("phone", "फोन")]
SAME_SKELETON = [("report", "रिपोर्ट"), ("doctor", "डॉक्टर"), ("payment", "पेमेंट"), ("admission", "एडमिशन"),
                 ("operation", "ऑपरेशन"), ("surgery", "सर्जरी"), ("delivery", "डिलीवरी"), ("trampoline", "ट्रैम्पोलिन")]


def test_round_five_reads_an_unknown_devanagari_word_through_its_romanisation(stack):
    got = dict(stack.sql("SELECT w, kb_romanise(w) FROM unnest(%s::text[]) w", list(ROMANISED)))
    assert got == ROMANISED
    for pairs, fn in ((SAME_KEY, "kb_translit_key"), (SAME_SKELETON, "kb_translit_skeleton")):
        for latin, deva in pairs:
            a, b = stack.sql(f"SELECT {fn}(%s), {fn}(%s)", latin, deva)[0]
            assert a == b, (fn, latin, deva, a, b)
    # a short word is not read by its key (कान "ear" is "kaan", key "kan" like "can"), even as the doctor's own word
    for latin, deva in (("can", "कान"), ("done", "दोन"), ("pull", "पूल"), ("date", "देते")):
        read = stack.sql("SELECT kb_translit_word(NULL, ARRAY[%s], %s)", latin, deva)[0][0]
        assert read != latin, (latin, deva)

    doc, _ = stack.add_doctor("Dr. Round Five", "Round Five Playschool", specialization="Preschool")
    stack.add_kb(doc, "Do you have a trampoline for the kids?", "Yes, a trampoline with safety nets in the garden.",
                 "trampoline")
    stack.add_kb(doc, "What are the school timings?", "9 am to 1 pm, Monday to Friday.", "timings")

    tried, _ = kb_try_for(stack, doc)

    # the clinic's own word, which no lexicon row knows in Devanagari, in Hindi and in Marathi spellings
    for q, word in (("बच्चों के लिए ट्रैम्पोलिन है क्या", "ट्रैम्पोलिन"), ("ट्रॅम्पोलीन आहे का", "ट्रॅम्पोलीन")):
        out = tried(q)
        assert out["corrected"] == {word: "trampoline"} and "trampoline" in out["tokens"], (q, out)
        assert out["chosen"] is not None, (q, out)
        assert out["candidates"][0]["question"] == "Do you have a trampoline for the kids?", (q, out)
    # a word the doctor's words, the lexicon and the ordinary words do not know stays as written
    out = tried("ट्रैम्पोलिन पर झूला है क्या")
    assert "झूला" in out["tokens"] and "झूला" not in out["corrected"], out
    text = stack.wactl("kb", "try", "--doctor", doc, "ट्रैम्पोलिन है क्या")
    assert "ट्रैम्पोलिन -> trampoline" in text, text
    # a clinic's own synonym row added later is read the same way (its keys are kept when kb_vocab is refreshed)
    stack.sql("INSERT INTO kb_synonyms (doctor_id, term, canonical) VALUES (%s, 'bouncer', 'trampoline')", doc)
    out = tried("बाउंसर है क्या")
    assert out["corrected"] == {"बाउंसर": "bouncer"} and out["tokens"] == ["trampoline"], out
    assert out["candidates"][0]["question"] == "Do you have a trampoline for the kids?", out
    # another clinic's words are never used: there the word stays as written
    other, _ = stack.add_doctor("Dr. Other Five", "Other Five Playschool", specialization="Preschool")
    stack.add_kb(other, "What are the school timings?", "8 am to 12 noon.", "timings")
    out = json.loads(stack.wactl("kb", "try", "--doctor", other, "ट्रैम्पोलिन है क्या", "--json"))
    assert out["corrected"] == {} and out["tokens"] == ["ट्रैम्पोलिन"] and out["chosen"] is None, out
    out = json.loads(stack.wactl("kb", "try", "--doctor", other, "बाउंसर है क्या", "--json"))
    assert out["corrected"] == {} and out["tokens"] == ["बाउंसर"], out


def test_round_six_intent_facts_follow_the_intent_rows_weights_and_a_clinics_own_examples(stack):
    # 045 keeps what the intents' scoring needs of the global intent rows as data (kb_intent_*_facts), rebuilt by
    # triggers: a row added or removed (by a later migration, or by hand) and a weight changed change the decision
    # at once, and the scores are those of a full rebuild; a clinic's own example is scored for that clinic only.
    # Inside one transaction that is rolled back (the global rows are every clinic's).
    a_id, _ = stack.add_doctor("Dr. F", "F Clinic")
    b_id, _ = stack.add_doctor("Dr. G", "G Clinic")
    text = "book tabla lessons for my son"

    def label(d):
        return stack.sql("SELECT kb_intent_choose_tokens(%s, kb_tokens(%s, %s, true))", d, d, text)[0][0]

    def scores(d):
        return stack.sql("SELECT intent, score, coverage, fit, missing FROM kb_intent_tokens(%s, kb_tokens(%s, %s,"
                         " true), 100) ORDER BY 1", d, d, text)

    def rebuilt(d):
        stack.sql("SELECT kb_intent_facts_refresh()")
        return scores(d)

    assert label(a_id) is None and label(b_id) is None
    stack.sql("BEGIN")
    try:
        before = scores(a_id)
        assert before and before == rebuilt(a_id)
        new_id = stack.sql("INSERT INTO kb_intents (intent, lang, example) VALUES ('book', 'en', 'book tabla lessons')"
                           " RETURNING id")[0][0]
        assert label(a_id) == "book" and label(b_id) == "book"
        added = scores(a_id)
        assert added != before and added == rebuilt(a_id)
        stack.sql("INSERT INTO kb_intent_words (word, weight) VALUES ('lesson', 3) ON CONFLICT (word) DO UPDATE"
                  " SET weight = 3")
        weighed = scores(a_id)
        assert weighed != added and weighed == rebuilt(a_id)
        stack.sql("DELETE FROM kb_intent_words WHERE word = 'lesson'")
        assert scores(a_id) == added
        stack.sql("UPDATE kb_intents SET example = 'book a sitar class' WHERE id = %s", new_id)
        assert label(a_id) is None and scores(a_id) == rebuilt(a_id)
        stack.sql("DELETE FROM kb_intents WHERE id = %s", new_id)
        assert label(a_id) is None and scores(a_id) == before
        # a clinic's own example: that clinic's decision only
        stack.sql("INSERT INTO kb_intents (doctor_id, intent, lang, example) VALUES (%s, 'book', 'en',"
                  " 'book tabla lessons')", a_id)
        assert label(a_id) == "book" and label(b_id) is None
    finally:
        stack.sql("ROLLBACK")
    assert label(a_id) is None


def test_round_eight_a_question_about_an_aspect_the_answer_states_is_answered_and_one_it_does_not_state_is_kept(stack):
    # deploy/migrations/049_aspects.sql: an entry's answer states how long, when, which day, how much or where by its
    # forms (a number with a unit of time, clock times, weekdays, an amount, an address); a question naming the
    # entry's subject and asking that aspect is the entry's, and asking an aspect the answer does not state stays a
    # near miss (the words and entries below were written for this test, not taken from any evaluation set)
    doc, _ = stack.add_doctor("Dr. Round Eight", "Round Eight Dental")
    stack.add_kb(doc, "Do you make dentures?", "Yes, complete dentures are ready 10 to 12 days after the first "
                 "measurement.", "denture dentures")
    stack.add_kb(doc, "Do you do scaling?", "Yes, scaling and polishing is done by our hygienist.", "scaling")
    stack.add_kb(doc, "What are the clinic timings?", "Monday to Saturday, 10 am to 2 pm and 5 pm to 9 pm.",
                 "timings hours")
    stack.add_kb(doc, "Do you do root canals?", "Yes, root canal treatment is done in our clinic.", "rct")
    stack.add_kb(doc, "Do you have parking?", "Yes, free parking in the basement.", "parking")

    tried, chosen_question = kb_try_for(stack, doc)

    # the aspect the answer states: how long (in days), when it closes (a range of clock times)
    assert chosen_question("dentures kitne din me milenge") == "Do you make dentures?"
    assert chosen_question("how long do dentures take") == "Do you make dentures?"
    assert chosen_question("what time do you close") == "What are the clinic timings?"
    assert chosen_question("clinic kitne baje band hota hai") == "What are the clinic timings?"
    # the aspect the answer does not state: the entry is the nearest, the aspect is missing, no answer
    for q, word in (("how long does scaling take", "duration"), ("root canal kitne din me hota hai", "duration"),
                    ("how many years do dentures last", "lifespan")):
        out = tried(q)
        assert out["chosen"] is None, (q, out)
        assert word in out["tokens"] and word in out["candidates"][0]["missing"], (q, out)
    # "10 days before" is no duration of anything: scaling's answer saying when to come does not answer how long
    stack.sql("UPDATE kb_entries SET answer = 'Yes; stop blood thinners 2 days before scaling.' WHERE doctor_id = %s"
              " AND question = 'Do you do scaling?'", doc)
    assert tried("how long does scaling take")["chosen"] is None
    # once the answers state it, the same questions get them (the answers' aspects are recomputed)
    stack.sql("UPDATE kb_entries SET answer = answer || ' Dentures last 5 to 7 years with care.' WHERE doctor_id = %s"
              " AND question = 'Do you make dentures?'", doc)
    assert chosen_question("how many years do dentures last") == "Do you make dentures?"
    stack.sql("UPDATE kb_entries SET answer = 'Yes, scaling takes about 30 minutes.' WHERE doctor_id = %s"
              " AND question = 'Do you do scaling?'", doc)
    assert chosen_question("how long does scaling take") == "Do you do scaling?"


def test_round_nine_reads_past_visits_pregnancy_months_home_and_a_date_stated_in_words(stack):
    # deploy/migrations/052_paraphrases.sql: a weekday named as the time of a past visit, how many months pregnant a
    # patient is and "home" as where one goes are not what a question asks; an answer naming a weekday of a period
    # states a date (the words and entries below were written for this test, not taken from any evaluation set)
    doc, _ = stack.add_doctor("Dr. Round Nine", "Round Nine School")
    stack.add_kb(doc, "When is the parent-teacher meeting?", "It is held on the second Saturday of every month, "
                 "9 am to 11 am.", "ptm")
    stack.add_kb(doc, "Is there a school bus?", "Yes, buses cover all sectors within 10 km.", "bus transport")
    stack.add_kb(doc, "Do you have a library?", "Yes, a library with 5,000 books.", "library")

    tried, chosen_question = kb_try_for(stack, doc)

    # the answer's "second Saturday of every month" states the date asked
    assert chosen_question("next ptm date") == "When is the parent-teacher meeting?"
    # an answer that names no date does not: the same question stays with the ai, "date" missing
    stack.sql("UPDATE kb_entries SET answer = 'Parents meet the class teacher in the school hall.' WHERE doctor_id = %s"
              " AND question = 'When is the parent-teacher meeting?'", doc)
    out = tried("next ptm date")
    assert out["chosen"] is None and "date" in out["candidates"][0]["missing"], out
    # the analysis: a past visit's weekday, a pregnancy's months, paying again, home as a destination, parents
    toks = tried("i came last tuesday do i have to pay again")["tokens"]
    assert "weekday" not in toks and "tuesday" not in toks and "followup" in toks and "fee" in toks, toks
    toks = tried("i am 8 months pregnant can i come on sunday")["tokens"]
    assert "pregnancy" in toks and "month" not in toks and "sunday" in toks, toks
    assert "homevisit" not in tried("can i drive back home after the eye drops")["tokens"]
    assert "homevisit" in tried("can the doctor come home to see my father")["tokens"]
    assert "mother" in tried("meri mummy ke liye")["tokens"]


def test_round_ten_keeps_symptoms_and_service_details_no_answer_states_and_weighs_generic_words_less(stack):
    # deploy/migrations/054_near_misses.sql: a symptom, a property or a detail of a service that a question asks is a
    # concept (an important word an entry that does not state it misses), generic words (teach, list, near) weigh
    # less, and an answer saying a thing is done in one morning states that it is done in a day (the words and
    # entries below were written for this test, not taken from any evaluation set)
    doc, _ = stack.add_doctor("Dr. Round Ten", "Round Ten Clinic")
    stack.add_kb(doc, "Do you give nebulisation?", "Yes, nebulisation is given in the clinic, Rs 200 a session.",
                 "nebulisation nebuliser")
    stack.add_kb(doc, "Do you have parking?", "Yes, free parking in the basement.", "parking")
    stack.add_kb(doc, "Do you do tooth extraction?", "Yes, a simple extraction is Rs 800.", "extraction")
    stack.add_kb(doc, "What activities are there for children?", "Dance, music and drawing every afternoon.",
                 "activities dance music drawing")
    stack.add_kb(doc, "What is the heart check package?", "Rs 4,500 for ECG, echo and TMT, all done in one morning.",
                 "heart package")

    tried, chosen_question = kb_try_for(stack, doc)

    # the entries' paraphrases are answered
    assert chosen_question("nebulisation ka charge kitna hai") == "Do you give nebulisation?"
    assert chosen_question("is there parking") == "Do you have parking?"
    assert chosen_question("extraction kitne ka hai") == "Do you do tooth extraction?"
    # a detail of the service or a symptom that no answer states: the nearest entry misses it, no answer
    for q, word in (("nebuliser machine rent pe milti hai kya", "rent"), ("do you have valet parking", "valet"),
                    ("daant hil raha hai extraction karna padega kya", "wobbly"),
                    ("is it normal to bleed after the extraction", "bleeding")):
        out = tried(q)
        assert out["chosen"] is None, (q, out)
        assert word in out["tokens"] and word in out["candidates"][0]["missing"], (q, out)
    # a generic verb is not what is asked: "do you teach children music" is the activities entry's
    assert chosen_question("do you teach children music") == "What activities are there for children?"
    # "done in one morning" states that it is done in a day; an answer that does not say so leaves it missing
    assert chosen_question("can the heart package be done in one day") == "What is the heart check package?"
    stack.sql("UPDATE kb_entries SET answer = 'Rs 4,500 for ECG, echo and TMT.' WHERE doctor_id = %s"
              " AND question = 'What is the heart check package?'", doc)
    out = tried("can the heart package be done in one day")
    assert out["chosen"] is None and "sameday" in out["candidates"][0]["missing"], out


def test_round_eleven_weighs_generic_words_less_keeps_properties_no_answer_states_and_reads_aspects_in_words(stack):
    # deploy/migrations/057_words.sql: talking is the channel, not the subject (and discussing is not talking); a
    # property asked of a treatment (whether it is effective) is a concept an entry that does not state it misses; a
    # count of visits states how long a thing takes and "free parking" states the fee (the words and entries below
    # were written for this test, not taken from any evaluation set)
    doc, _ = stack.add_doctor("Dr. Round Eleven", "Round Eleven Clinic")
    stack.add_kb(doc, "Do you offer teleconsultation?", "Yes, a video or phone consultation with the doctor costs Rs 400.",
                 "teleconsultation online video")
    stack.add_kb(doc, "Do you do teeth whitening?", "Yes, whitening takes one hour and costs Rs 6,000.", "whitening")
    stack.add_kb(doc, "Do you have parking?", "Yes, free parking in the basement.", "parking")
    stack.add_kb(doc, "Do you make dentures?", "Yes, a full set costs Rs 20,000 and takes 3 to 4 visits.",
                 "dentures denture")

    tried, chosen_question = kb_try_for(stack, doc)

    # a paraphrase wrapped in generic words is answered; its near miss, which asks what is discussed, is not
    assert chosen_question("can i talk to the doctor on phone") == "Do you offer teleconsultation?"
    out = tried("what will the doctor discuss on the teleconsultation")
    assert out["chosen"] is None and "discussion" in out["candidates"][0]["missing"], out
    # a property no answer states keeps the nearest entry from answering
    out = tried("is teeth whitening effective")
    assert out["chosen"] is None and "efficacy" in out["candidates"][0]["missing"], out
    assert chosen_question("how much does teeth whitening cost") == "Do you do teeth whitening?"
    # aspects said in words: "free parking" states the fee, "takes 3 to 4 visits" how long it takes
    assert chosen_question("parking charges") == "Do you have parking?"
    assert chosen_question("how many days to make dentures") == "Do you make dentures?"
    stack.sql("UPDATE kb_entries SET answer = 'Yes, parking in the basement.' WHERE doctor_id = %s"
              " AND question = 'Do you have parking?'", doc)
    out = tried("parking charges")
    assert out["chosen"] is None and "fee" in out["candidates"][0]["missing"], out


def test_round_twelve_reads_joining_grown_ups_and_a_booster_dose_as_what_they_mean(stack):
    # deploy/migrations/061_english12.sql: joining a class is not the walk-in queue (joining the queue still is),
    # grown-ups are adults, a booster dose is the booster (the words and entries below were written for this test, not
    # taken from any evaluation set)
    doc, _ = stack.add_doctor("Dr. Round Twelve", "Round Twelve Clinic")
    stack.add_kb(doc, "Do you give vaccines for adults?", "Yes, flu and tetanus vaccines for adults, Rs 900 each.",
                 "vaccine adults")
    stack.add_kb(doc, "Can I come without an appointment?", "Yes, walk in and take a token at the desk.", "walk in token")

    tried, chosen_question = kb_try_for(stack, doc)

    out = tried("my niece wants to join the dance class")
    assert "queue" not in out["tokens"], out
    assert "queue" in tried("can i join the queue in the morning")["tokens"]
    out = tried("tetanus vaccine for grown ups")
    assert "adult" in out["tokens"] and "growth" not in out["tokens"], out
    assert chosen_question("tetanus vaccine for grown ups") == "Do you give vaccines for adults?"
    out = tried("is the booster dose of flu vaccine given")
    assert "booster" in out["tokens"] and "dose" not in out["tokens"], out


def test_round_thirteen_reads_a_patients_own_words_for_what_an_entry_names_and_weighs_hedges_less(stack):
    # deploy/migrations/063_english13.sql: an insurer's name is insurance, a car is the parking, crooked teeth are
    # braces, an "old patient" is an existing patient (not an elderly one), the wedding a patient asks for is an
    # occasion (not "wearing"), "mg road" a road (not a dose), a hedge on a price ("approx") weighs little; a hedge
    # does not rescue a service the clinic has no entry for (the words and entries below were written for this test,
    # not taken from any evaluation set)
    doc, _ = stack.add_doctor("Dr. Round Thirteen", "Round Thirteen Dental")
    stack.add_kb(doc, "Do you offer video consultation?",
                 "Yes, video consultation for existing patients, 7 pm to 8 pm, Rs 500.",
                 "video online teleconsultation")
    stack.add_kb(doc, "Do you do braces?", "Yes, metal braces Rs 30,000 and ceramic braces Rs 45,000.",
                 "braces orthodontic")
    stack.add_kb(doc, "Is there parking?", "Yes, parking in the basement of the building.", "parking")
    stack.add_kb(doc, "Do you accept health insurance?", "Yes, cashless with most insurers for procedures.",
                 "insurance cashless mediclaim")
    stack.add_kb(doc, "Do you do teeth whitening?", "Yes, whitening in one sitting, Rs 7,000.", "whitening white")
    stack.add_kb(doc, "What is the consultation fee?", "The consultation fee is Rs 400.", "fee consultation")

    tried, chosen_question = kb_try_for(stack, doc)

    out = tried("can old patients consult on video")
    assert "existingpatient" in out["tokens"] and "senior" not in out["tokens"], out
    assert chosen_question("can old patients consult on video") == "Do you offer video consultation?"
    out = tried("my daughters teeth are crooked")
    assert "brace" in out["tokens"] and "crooked" not in out["tokens"], out
    out = tried("want whiter teeth before my wedding")
    assert "occasion" in out["tokens"] and "wearing" not in out["tokens"], out
    out = tried("is the clinic on mg road")
    assert "road" in out["tokens"] and "dose" not in out["tokens"], out
    assert chosen_question("is cashless possible with my hdfc ergo policy") == "Do you accept health insurance?"
    assert chosen_question("is there space for my car") == "Is there parking?"
    assert chosen_question("braces price approx") == "Do you do braces?"
    assert chosen_question("whitening cost approx") == "Do you do teeth whitening?"
    # a hedge weighs little, but the service it hedges is still what is asked: no entry is about implants
    out = tried("what is the approx cost of implants")
    assert out["chosen"] is None and "implant" in out["candidates"][0]["missing"], out


def test_round_ten_another_service_of_the_clinic_asked_of_a_general_entry_is_answered(stack):
    # deploy/migrations/053_qualifiers.sql: a general entry (EMI, insurance, booking ...: its question names no
    # service) answers a question that names another service of the SAME clinic (the subject of another of its
    # entries); an entry about one service does not, nor does a general entry for a word the clinic has no entry for
    # or for an aspect it does not state (the words and entries below were written for this test, not taken from any
    # evaluation set)
    ten, _ = stack.add_doctor("Dr. Round Ten", "Round Ten Dental")
    eleven, _ = stack.add_doctor("Dr. Round Eleven", "Round Eleven Dental")
    emi_answer = "Yes, EMI over 6 or 9 months at no extra cost through our finance partner."
    for d in (ten, eleven):
        stack.add_kb(d, "Is EMI available for treatment?", emi_answer, "emi instalments")
        stack.add_kb(d, "Do you make crowns?", "Yes, ceramic and zirconia crowns, made in our own lab.", "crown cap")
    stack.add_kb(ten, "Do you do dental implants?", "Yes, titanium implants are placed by our implantologist.",
                 "implant implants")
    stack.add_kb(ten, "What is the consultation fee?", "The consultation fee is Rs 400.", "fee consultation")

    def tried(doc, q):
        return json.loads(stack.wactl("kb", "try", "--doctor", doc, q, "--json"))

    def chosen_question(doc, q):
        t = tried(doc, q)
        return next((c["question"] for c in t["candidates"] if c["id"] == t["chosen"]), None)

    # implants are a service of the clinic (another entry's subject): the EMI entry answers, and says why
    out = tried(ten, "emi for implants")
    assert chosen_question(ten, "emi for implants") == "Is EMI available for treatment?", out
    assert out["candidates"][0]["qualified"] == ["implant"] and out["candidates"][0]["missing"] == [], out
    assert "implant" in out["reason"] and "general entry" in out["reason"], out
    text = stack.wactl("kb", "try", "--doctor", ten, "emi for implants")
    assert "another service of the clinic" in text
    # the consultation fee is ONE service's: another service's price is not its answer (a near miss)
    out = tried(ten, "crown ka fee kitna hai")
    assert out["chosen"] is None and out["candidates"][0]["question"] == "What is the consultation fee?", out
    assert "crown" in out["candidates"][0]["missing"] and out["candidates"][0]["qualified"] == [], out
    # a service the clinic has no entry for, an aspect the answer does not state: near misses still
    for q in ("emi for hair transplant", "is emi painful", "emi for parking"):
        assert tried(ten, q)["chosen"] is None, q
    # the other clinic has no implant entry: implants are not its service, and ten's entries never count
    out = tried(eleven, "emi for implants")
    assert out["chosen"] is None and "implant" in out["candidates"][0]["missing"], out
    # its own new entry makes them one (read from the entries at each question, no row)
    stack.add_kb(eleven, "Do you do implants?", "Yes, implants in two sittings.", "implant implants")
    assert chosen_question(eleven, "emi for implants") == "Is EMI available for treatment?"
    # an EMI entry that names one service is about that service, not general
    stack.sql("UPDATE kb_entries SET question = 'Is EMI available for crowns?' WHERE doctor_id = %s"
              " AND question = 'Is EMI available for treatment?'", eleven)
    out = tried(eleven, "emi for implants")
    emi = next(c for c in out["candidates"] if c["question"] == "Is EMI available for crowns?")
    assert out["chosen"] is None and "implant" in emi["missing"] and emi["qualified"] == [], out


def test_round_eleven_who_the_patient_is_and_an_answers_mere_mention_of_another_entrys_subject(stack):
    # deploy/migrations/056_score11.sql: the person a service is for ("for my grandmother") missing from an entry
    # that names the question's subject counts as covered, unless an entry of the SAME clinic is about that person;
    # an entry whose own words name only the fee does not answer the price of a service its answer merely mentions
    # when another entry of the clinic is about that service (entries and questions written for this test, not taken
    # from any evaluation set)
    plain, _ = stack.add_doctor("Dr. Round Eleven A", "Round Eleven A Dental")
    senior, _ = stack.add_doctor("Dr. Round Eleven B", "Round Eleven B Dental")
    for d in (plain, senior):
        stack.add_kb(d, "Do you make dentures?", "Yes, complete dentures for Rs 15,000, ready in two weeks.",
                     "denture dentures false teeth")
        stack.add_kb(d, "What is the consultation fee?", "The consultation fee is Rs 400; an X-ray is charged separately.",
                     "fee consultation")
        stack.add_kb(d, "Do you take X-rays?", "Yes, digital X-rays are taken in the clinic.", "xray x-ray")
        stack.add_kb(d, "Do you do root canal treatment?", "Yes, single-sitting root canals.", "rct root canal")
    stack.add_kb(senior, "Is there a discount for senior citizens?", "Yes, 10% off for patients over 60.",
                 "senior citizen elderly")

    def tried(doc, q):
        return json.loads(stack.wactl("kb", "try", "--doctor", doc, q, "--json"))

    def chosen_question(out):
        return next((c["question"] for c in out["candidates"] if c["id"] == out["chosen"]), None)

    # who the patient is: answered, and the reason says why
    out = tried(plain, "how much are dentures for my grandmother")
    assert chosen_question(out) == "Do you make dentures?", out
    assert out["candidates"][0]["whom"] == ["senior"] and out["candidates"][0]["missing"] == [], out
    assert "who the patient is" in out["reason"], out
    assert "who the patient is" in stack.wactl("kb", "try", "--doctor", plain, "how much are dentures for my grandmother")
    out = tried(plain, "consultation fee for my mother")
    assert chosen_question(out) == "What is the consultation fee?" and out["candidates"][0]["whom"] == ["mother"], out
    # a clinic with an entry about senior citizens distinguishes by them: a near miss there
    out = tried(senior, "how much are dentures for my grandmother")
    assert out["chosen"] is None and "senior" in out["candidates"][0]["missing"], out
    assert all(c["whom"] == [] for c in out["candidates"]), out
    # the person alone, or weighing as much as what the entry covers, is what is asked: still a near miss
    out = tried(plain, "dentures for my grandmother")
    assert out["chosen"] is None and "senior" in out["candidates"][0]["missing"], out
    # a child is what a clinic's question asks ("do you do root canals for children"): not counted
    out = tried(plain, "root canal for my child")
    assert out["chosen"] is None and out["candidates"][0]["whom"] == [], out
    # the consultation-fee entry's answer mentions X-rays; the X-ray entry is about them: its price is not answered
    for q in ("xray kitne ka hai", "x-ray price"):
        out = tried(plain, q)
        assert out["chosen"] is None, (q, out)
        fee = next(c for c in out["candidates"] if c["question"] == "What is the consultation fee?")
        assert fee["unsaid"] == ["xray"] and "xray" in fee["missing"], (q, out)
    # the entry's own fee is still answered
    assert chosen_question(tried(plain, "consultation fee kitni hai")) == "What is the consultation fee?"


def test_round_twelve_an_aspect_asked_of_an_entry_known_by_its_keywords_only_needs_its_answer_to_state_it(stack):
    # deploy/migrations/060_near_misses12.sql: a hospital's phone number asked of the emergency entry, which knows the
    # hospital by a keyword only and whose own words name only the phone ("call"), is a near miss when its answer
    # states no phone number; the entry's own questions stay answered, and so is the number once the answer gives it
    # (entries and questions written for this test, not taken from any evaluation set)
    doc, _ = stack.add_doctor("Dr. Round Twelve", "Round Twelve Clinic")
    stack.add_kb(doc, "Whom do I call in an emergency at night?",
                 "At night call 108 or go to Fortis Hospital casualty, open 24 hours.", "emergency night urgent fortis")
    stack.add_kb(doc, "Do you offer consultation on the phone?",
                 "Yes, phone consultations for existing patients, 2 pm to 3 pm, Rs 300.", "phone teleconsultation")
    stack.add_kb(doc, "What is the consultation fee?", "The consultation fee is Rs 500.", "fee consultation")

    tried, _ = kb_try_for(stack, doc)

    def chosen_question(out):
        return next((c["question"] for c in out["candidates"] if c["id"] == out["chosen"]), None)

    for q in ("fortis hospital ka number do", "fortis hospital phone number"):
        out = tried(q)
        assert out["chosen"] is None, (q, out)
        assert out["candidates"][0]["unstated"] == ["phone"] and "phone" in out["candidates"][0]["missing"], (q, out)
        assert "its answer not stating it" in out["reason"], (q, out)
    # the entry's own question and the phone consultation (the phone its keyword: its subject) keep their answers
    assert chosen_question(tried("night emergency whom to call")) == "Whom do I call in an emergency at night?"
    assert chosen_question(tried("phone par consultation ho sakta hai")) == "Do you offer consultation on the phone?"
    # once the answer states a number, the same question is answered
    stack.sql("UPDATE kb_entries SET answer = 'At night call Fortis Hospital casualty on 011 4277 6222, open 24 hours.'"
              " WHERE doctor_id = %s AND question = 'Whom do I call in an emergency at night?'", doc)
    out = tried("fortis hospital ka number do")
    assert chosen_question(out) == "Whom do I call in an emergency at night?" and \
        out["candidates"][0]["unstated"] == [], out


def test_round_thirteen_reads_hindi_and_marathi_as_chat_spells_them(stack):
    # deploy/migrations/064_languages13.sql: the chat spellings of words the lexicon knew in Devanagari only ("rakt",
    # "yahin", "tikon") and "where do you live" as chat, which is no question of the clinic's address (entries and questions written for
    # this test, not taken from any evaluation set)
    doc, _ = stack.add_doctor("Dr. Round Thirteen", "Round Thirteen Clinic")
    stack.add_kb(doc, "Do you do blood tests?", "Yes, blood tests in our lab from 8 am, reports the same evening.",
                 "blood test lab")
    stack.add_kb(doc, "Where is the clinic?", "Shop 4, Lake Road, opposite the bus depot, Nashik.", "address location")
    stack.add_kb(doc, "How much is an X-ray?", "An X-ray costs Rs 450.", "xray x-ray")

    tried, chosen_question = kb_try_for(stack, doc)

    out = tried("raktachi tapasni karta ka")
    assert "blood" in out["tokens"] and "test" in out["tokens"] and "consultation" not in out["tokens"], out
    assert chosen_question("raktachi tapasni karta ka") == "Do you do blood tests?"
    assert "yahin" not in tried("blood test yahin ho jayega kya")["tokens"]
    out = tried("blood test ke time khali pet aana hai kya")  # at the time of the test: not the clinic's hours
    assert "timing" not in out["tokens"] and "test" in out["tokens"], out
    assert chosen_question("tikon ki fees kitni hai") is None  # the clinic has no vaccine entry
    assert "vaccine" in tried("tikon ki fees kitni hai")["tokens"]
    # chat about where the patient's correspondent lives is not the clinic's address; the clinic's place still is
    out = tried("tumhi kuthe rahta")
    assert out["chosen"] is None and "where" not in out["tokens"], out
    assert tried("aap kahan rehte ho")["chosen"] is None
    assert chosen_question("clinic kuthe aahe") == "Where is the clinic?"


def test_round_fourteen_reads_crooked_teeth_a_second_doctor_and_a_time_back_as_chat_writes_them(stack):
    # deploy/migrations/068_words14.sql: teeth "tedhe" / "seedhe karwane" are braces only with the teeth named ("seedhe"
    # alone is "directly"), "dusre doctor" is a second doctor, "bola" (said) asks nothing, "3 days back" is three days
    # ago, "fes" a fee, "rut canal" the root canal, and not wanting a thing weighs little (entries and questions
    # written for this test, not taken from any evaluation set)
    doc, _ = stack.add_doctor("Dr. Round Fourteen", "Round Fourteen Dental")
    stack.add_kb(doc, "Do you do braces?", "Yes, metal braces Rs 30,000 and ceramic braces Rs 45,000.",
                 "braces orthodontic")
    stack.add_kb(doc, "Do you give second opinions?", "Yes, bring your X-rays and the other dentist's plan.",
                 "second opinion")
    stack.add_kb(doc, "Can I get my teeth cleaned without seeing the dentist?",
                 "Yes, the hygienist does cleaning on her own, Rs 900.", "cleaning scaling hygienist")
    stack.add_kb(doc, "Where is the clinic?", "Shop 2, Station Road, Pune.", "address location")

    tried, chosen_question = kb_try_for(stack, doc)

    out = tried("daant tedhe hai seedhe karwane hai")
    assert "brace" in out["tokens"] and "seedhe" not in out["tokens"], out
    assert chosen_question("daant tedhe hai seedhe karwane hai") == "Do you do braces?"
    # "seedhe" alone (directly) is no brace
    assert "brace" not in tried("station se seedhe clinic kaise aaye")["tokens"]
    out = tried("dusre doctor ne bola hai opinion chahiye")
    assert "second" in out["tokens"] and "bola" not in out["tokens"] and "dusre" not in out["tokens"], out
    assert chosen_question("dusre doctor ne bola hai opinion chahiye") == "Do you give second opinions?"
    assert "back" not in tried("we came 3 days back for the same tooth")["tokens"]
    assert "fee" in tried("consultation fes")["tokens"]
    assert "rct" in tried("rut canal kitne din me hoga")["tokens"]
    out = tried("another dentist said i need a bridge can you give an opinion")
    assert "second" in out["tokens"], out
    assert chosen_question("i dont want to see the dentist just cleaning by the hygienist") == \
        "Can I get my teeth cleaned without seeing the dentist?"
    # a second doctor's advice about a service no entry names is still not answered from the second-opinion entry
    out = tried("dusre doctor ne implant bola hai")
    assert out["chosen"] is None and "implant" in out["candidates"][0]["missing"], out


def test_round_fifteen_reads_hindi_and_marathi_phrases_for_diabetics_a_squint_parking_and_a_checkup_fee(stack):
    # deploy/migrations/072_languages15.sql: "sugar ke mareez" are diabetics, "bhengi" a squint, "park karne ki jagah" a
    # place to park (not "instead of"), "alag baithte" sitting apart (not the doctor's hours), तपासणीची फी the fee of a
    # check-up and लिंग the baby's sex (not लिंक); "sugar" alone stays sugar (entries and questions written for this
    # test, not taken from any evaluation set)
    doc, _ = stack.add_doctor("Dr. Round Fifteen", "Round Fifteen Eye Care")
    stack.add_kb(doc, "Do you check the retina of diabetic patients?",
                 "Yes, a diabetic retina check with dilated drops is Rs 800.", "retina diabetic retinopathy")
    stack.add_kb(doc, "Do you treat a squint in children?", "Yes, Dr. Rao sees squint cases on Tuesdays.",
                 "squint crossed eyes")
    stack.add_kb(doc, "Is there parking?", "Yes, free parking for cars and bikes behind the building.",
                 "parking car bike")
    stack.add_kb(doc, "What is the consultation fee?", "The consultation fee is Rs 500.", "fee consultation")

    tried, chosen_question = kb_try_for(stack, doc)

    out = tried("sugar ke mareez ki retina dekhte ho")
    assert "diabete" in out["tokens"] and "sugar" not in out["tokens"], out
    assert chosen_question("sugar ke mareez ki retina dekhte ho") == "Do you check the retina of diabetic patients?"
    assert "diabete" not in tried("sugar test kitne ka hai")["tokens"]
    out = tried("bachhe ki aankh bhengi hai")
    assert "squint" in out["tokens"] and "bhengi" not in out["tokens"], out
    assert chosen_question("bachhe ki aankh bhengi hai") == "Do you treat a squint in children?"
    out = tried("gaadi park karne ki jagah hai kya")
    assert "parking" in out["tokens"] and "reschedule" not in out["tokens"], out
    assert chosen_question("gaadi park karne ki jagah hai kya") == "Is there parking?"
    out = tried("तपासणीची फी किती आहे")
    assert "consultation" in out["tokens"] and "fee" in out["tokens"] and "test" not in out["tokens"], out
    assert chosen_question("तपासणीची फी किती आहे") == "What is the consultation fee?"
    out = tried("bimar bacche alag baithte hai kya")
    assert "separate" in out["tokens"] and "timing" not in out["tokens"], out
    assert "timing" in tried("doctor kab baithte hai")["tokens"]
    out = tried("क्या आप बच्चे का लिंग बताते हैं")
    assert "gender" in out["tokens"] and "refer" not in out["tokens"], out


def test_round_sixteen_reads_hindi_and_marathi_for_labour_pains_eye_drops_a_companion_and_once(stack):
    # deploy/migrations/079_languages16.sql: "dard shuru ho jaye" (the pains start) is the labour emergency, "dawa daalne
    # ke baad" the dilating drops, "chal nahi paate" a bedridden patient, "andar saath aa sakti" and आत येता येईल a
    # companion, "salah dene wali" a counsellor, and "ek baar" (once) asks nothing; "dard" alone stays a pain
    # (entries and questions written for this test, not taken from any evaluation set)
    doc, _ = stack.add_doctor("Dr. Round Sixteen", "Round Sixteen Mother and Eye Care")
    stack.add_kb(doc, "What should I do if labour pains start at night?",
                 "Come straight to the hospital casualty, open 24 hours.", "labour pains night emergency")
    stack.add_kb(doc, "Will my eyes be dilated? Can I drive after that?",
                 "Dilating drops blur the vision for 4 hours; please do not drive.", "dilation drops blurry drive")
    stack.add_kb(doc, "Does the doctor see bedridden patients at home?",
                 "Yes, home visits within 5 km for bedridden patients, Rs 1,200.", "home visit bedridden")
    stack.add_kb(doc, "Can my husband come in with me?", "Yes, one companion may come into the room.",
                 "husband companion attendant")
    stack.add_kb(doc, "Is there a breastfeeding counsellor?", "Yes, on Fridays, 10 am to 12 noon.",
                 "lactation breastfeeding counsellor")
    stack.add_kb(doc, "Is there a one-time registration charge?", "Yes, Rs 300, paid once at the first visit.",
                 "registration charge one-time")

    tried, chosen_question = kb_try_for(stack, doc)

    out = tried("raat me achanak dard shuru ho gaya to kya karein")
    assert "emergency" in out["tokens"] and "shuru" not in out["tokens"], out
    assert chosen_question("raat me achanak dard shuru ho gaya to kya karein") == \
        "What should I do if labour pains start at night?"
    assert "emergency" not in tried("daant me dard hai")["tokens"]
    out = tried("aankh me dawa daalne ke baad kitni der dhundhla rahega")
    assert "dilation" in out["tokens"] and "medicine" not in out["tokens"], out
    assert chosen_question("aankh me dawa daalne ke baad kitni der dhundhla rahega") == \
        "Will my eyes be dilated? Can I drive after that?"
    out = tried("papa chal nahi paate ghar pe aake dekh sakte ho")
    assert "bedridden" in out["tokens"] and "chal" not in out["tokens"], out
    assert chosen_question("papa chal nahi paate ghar pe aake dekh sakte ho") == \
        "Does the doctor see bedridden patients at home?"
    assert "companion" in tried("kya saas andar saath aa sakti hai")["tokens"]
    assert chosen_question("माझ्या आईला आत येता येईल का") == "Can my husband come in with me?"
    assert "counsellor" in tried("feeding ke liye salah dene wali koi hai kya")["tokens"]
    out = tried("registration ka ek baar kitna dena hai")
    assert "ek" not in out["tokens"] and "baar" not in out["tokens"], out


def test_round_seventeen_reads_hindi_and_marathi_for_school_hours_sick_leave_a_root_canal_and_paying(stack):
    # deploy/migrations/085_languages17.sql: "kitne baje chutti" (when school lets out) is the timings, "chutti ke liye"
    # (for leave) the certificate, "nas ka ilaaj" a root canal, "polio ki dawa" the polio vaccine, "paise deu shakto"
    # (can I pay) the payment, ईसीजी काढायचा an ECG taken (not a tooth pulled); "chutti" alone stays a holiday (entries
    # and questions written for this test, not taken from any evaluation set)
    school, _ = stack.add_doctor("Round Seventeen School", "Round Seventeen Play School")
    stack.add_kb(school, "What are the school timings?", "9 am to 12:30 pm, Monday to Friday.", "timings time hours")
    stack.add_kb(school, "What is the holiday list?", "The holiday list is on the notice board and the app.",
                 "holidays holiday list vacation")
    doc, _ = stack.add_doctor("Dr. Round Seventeen", "Round Seventeen Family and Dental Clinic")
    stack.add_kb(doc, "Can I get a medical certificate?", "Yes, a sick leave certificate is Rs 200.",
                 "certificate sick leave")
    stack.add_kb(doc, "Do you do root canal treatment?", "Yes, a root canal is Rs 4,000 to 6,000 a tooth.",
                 "root canal rct")
    stack.add_kb(doc, "Do you give vaccinations?", "Yes, all vaccines including the polio vaccine, Mon-Sat.",
                 "vaccine vaccination polio")
    stack.add_kb(doc, "Can I pay by UPI or card?", "Yes, UPI, cards and cash are accepted.", "payment upi card")
    stack.add_kb(doc, "Do you do ECG?", "Yes, a resting ECG is Rs 300.", "ecg")

    tried, chosen_question = kb_try_for(stack, school)
    out = tried("school ki chutti kitne baje hoti hai")
    assert "timing" in out["tokens"] and "holiday" not in out["tokens"], out
    assert chosen_question("school ki chutti kitne baje hoti hai") == "What are the school timings?"
    assert "holiday" in tried("kal chutti hai kya")["tokens"]

    tried, chosen_question = kb_try_for(stack, doc)
    out = tried("beti ko school se chutti ke liye certificate chahiye")
    assert "leave" in out["tokens"] and "holiday" not in out["tokens"], out
    assert chosen_question("chutti ke liye certificate milega kya") == "Can I get a medical certificate?"
    out = tried("daant ki nas ka ilaaj karte ho")
    assert "rct" in out["tokens"] and "nas" not in out["tokens"], out
    assert chosen_question("daant ki nas ka ilaaj karte ho") == "Do you do root canal treatment?"
    out = tried("polio ki dawa kab pilate ho")
    assert "polio" in out["tokens"] and "medicine" not in out["tokens"], out
    assert chosen_question("card ne paise deu shakto ka") == "Can I pay by UPI or card?"
    out = tried("ईसीजी काढायचा आहे")
    assert "ecg" in out["tokens"] and "extraction" not in out["tokens"], out
    assert chosen_question("ईसीजी काढायचा आहे") == "Do you do ECG?"


def test_round_eighteen_reads_hindi_and_marathi_for_walking_in_old_patients_instalments_and_the_school_van(stack):
    # deploy/migrations/089_languages18.sql: "seedhe aa sakte" (come straight in) is the walk-in, "purane mareez" (old
    # patients) an existing patient, "kiston mein paise" (in instalments) the EMI, "दिल का दौरा" (a heart attack) an
    # emergency, दुचाकी (a two-wheeler) the parking, "school ki gaadi" the school's transport (entries and questions
    # written for this test, not taken from any evaluation set)
    doc, _ = stack.add_doctor("Dr. Round Eighteen", "Round Eighteen Heart and Family Clinic")
    stack.add_kb(doc, "Do I need an appointment or can I walk in?", "Walk-ins are welcome, 10 am to 1 pm.",
                 "walk in appointment")
    stack.add_kb(doc, "Can I consult the doctor on phone?", "Yes, phone consultations for registered patients.",
                 "phone consultation online")
    stack.add_kb(doc, "Is EMI available for treatment?", "Yes, no-cost EMI over 3 to 12 months on cards.", "emi")
    stack.add_kb(doc, "What should I do in an emergency?", "Call 108 or come to the casualty, open 24 hours.",
                 "emergency")
    stack.add_kb(doc, "Is there parking at the clinic?", "Yes, parking for two-wheelers and cars in the basement.",
                 "parking")
    school, _ = stack.add_doctor("Round Eighteen School", "Round Eighteen Public School")
    stack.add_kb(school, "Do you have school transport?", "Yes, vans on six routes, Rs 1,500 a month.",
                 "transport bus van")
    stack.add_kb(school, "Where is the school?", "Near the water tank, Sector 4.", "address location")

    tried, chosen_question = kb_try_for(stack, doc)
    assert "queue" in tried("bina appointment ke seedhe aa sakte hain")["tokens"]
    assert chosen_question("kya hum seedhe aa sakte hain bina appointment") == \
        "Do I need an appointment or can I walk in?"
    out = tried("hum purane mareez hain phone pe dikha sakte hain")
    assert "existingpatient" in out["tokens"] and "purane" not in out["tokens"], out
    out = tried("ilaaj ka kharcha kiston mein paise de sakte hain")
    assert "emi" in out["tokens"], out
    assert chosen_question("kiston mein payment ho jayega kya") == "Is EMI available for treatment?"
    out = tried("रात को दिल का दौरा पड़े तो कहाँ आएं")
    assert "emergency" in out["tokens"] and "दौरा" not in out["tokens"], out
    assert chosen_question("दुचाकी कुठे लावू") == "Is there parking at the clinic?"

    tried, chosen_question = kb_try_for(stack, school)
    out = tried("school ki gaadi hai kya")
    assert "transport" in out["tokens"] and "parking" not in out["tokens"], out
    assert chosen_question("स्कूल की गाड़ी घर से ले जाती है क्या") == "Do you have school transport?"


def test_round_nineteen_reads_hindi_and_marathi_for_the_echo_test_falling_sick_breathless_and_childrens_teeth(stack):
    # deploy/migrations/092_languages19.sql: "echo jaanch", होल्टर तपासणी (the echo test, the Holter test) are the echo and
    # the Holter as in English, "bimar ho jaye" and आजारी पडले तर (falls sick) and "saans phool rahi" (breathless) the
    # emergency, दात तपासता का (do you check teeth) a dental treatment, एचपीव्ही the HPV vaccine, "dalwane" (to have put
    # in) dropped, "kitab-copy" the books (entries and questions written for this test, not taken from any evaluation
    # set)
    heart, _ = stack.add_doctor("Dr. Round Nineteen", "Round Nineteen Heart Centre", specialization="Cardiology")
    stack.add_kb(heart, "How much does a 2D echo cost?", "A 2D echo is Rs 1,800.", "echo 2d echo price")
    stack.add_kb(heart, "Do you do Holter monitoring?", "Yes, a 24-hour Holter is Rs 2,500.", "holter")
    stack.add_kb(heart, "Do you have a heart check-up package?", "Yes, the heart package is Rs 4,000.",
                 "package heart check up")
    kids, _ = stack.add_doctor("Dr. Round Nineteen Kids", "Round Nineteen Children's Dental Clinic",
                               specialization="Dentistry")
    stack.add_kb(kids, "What should I do in an emergency at night?", "Call the night number 98xxxxxx10.", "emergency")
    stack.add_kb(kids, "Do you treat children?", "Yes, children of every age, with a children's dentist.",
                 "children kids")
    stack.add_kb(kids, "Do you give the HPV vaccine?", "Yes, for girls and boys from 9 years.", "hpv vaccine")
    stack.add_kb(kids, "What is the cost of braces?", "Metal braces from Rs 30,000.", "braces")
    stack.add_kb(kids, "How much is a tooth extraction?", "A simple extraction is Rs 800.", "extraction tooth removal")
    stack.add_kb(kids, "Do you do teeth cleaning?", "Yes, scaling and polishing is Rs 1,200.", "cleaning scaling")
    school, _ = stack.add_doctor("Round Nineteen School", "Round Nineteen Public School", specialization="Preschool")
    stack.add_kb(school, "Do we have to buy books and stationery?", "No, the school gives the books and notebooks.",
                 "books stationery")
    stack.add_kb(school, "Where is the school?", "Behind the post office.", "address location")

    tried, chosen_question = kb_try_for(stack, heart)
    out = tried("dil ki echo jaanch ka kitna lagta hai")
    assert "echo" in out["tokens"] and "test" not in out["tokens"], out
    assert chosen_question("इको जांच कितने की है") == "How much does a 2D echo cost?"
    out = tried("होल्टर तपासणी किती रुपयांना")
    assert "holter" in out["tokens"] and "test" not in out["tokens"], out
    assert chosen_question("होल्टर तपासणी किती रुपयांना") == "Do you do Holter monitoring?"

    tried, chosen_question = kb_try_for(stack, kids)
    assert "emergency" in tried("raat ko baccha bimar ho jaye to kahan jaaye")["tokens"]
    assert "emergency" in tried("रात्री बाळ आजारी पडले तर काय करायचे")["tokens"]
    assert "sick" in tried("baccha bimar hai")["tokens"]
    out = tried("raat ko bacche ki saans phool rahi hai")
    assert "emergency" in out["tokens"] and "breathing" not in out["tokens"], out
    out = tried("लहान मुलांचे दात तपासता का")
    assert "treatment" in out["tokens"], out
    assert chosen_question("लहान मुलांचे दात तपासता का") == "Do you treat children?"
    assert "hpv" in tried("एचपीव्ही लस देता का")["tokens"]
    out = tried("braces dalwane ka kitna lagta hai")
    assert "dalwane" not in out["tokens"] and "brace" in out["tokens"], out

    tried, chosen_question = kb_try_for(stack, school)
    out = tried("kitab copy school dega ya bahar se leni hai")
    assert "copy" not in out["tokens"], out
    assert chosen_question("kitab copy alag se kharidni padengi kya") == "Do we have to buy books and stationery?"


def test_round_twenty_reads_hindi_and_marathi_for_wires_on_teeth_showing_a_child_running_test_and_when_doctors_sit(stack):
    # deploy/migrations/096_languages20.sql: "taar" (wires on the teeth) is the braces, not a fever; Marathi "dakhvu"
    # (may we show) a consultation; "kab milte hain" (when can the doctor be met) the hours; "daud wala test" (the
    # running test) the TMT and not a tooth; "dil ki nali" (the heart's vessel) the heart and not a senior; Marathi
    # दुखायला (to hurt) a pain and not "to give"; "kamar dard" (back pain) a pain and not the queue (entries and
    # questions written for this test, not taken from any evaluation set)
    heart, _ = stack.add_doctor("Dr. Round Twenty", "Round Twenty Heart Centre", specialization="Cardiology")
    stack.add_kb(heart, "What are the OPD timings?", "Mon-Sat 10 am to 1 pm and 5 to 8 pm.", "timings hours")
    stack.add_kb(heart, "Do you do TMT (treadmill stress test)?", "Yes, a TMT is Rs 2,000.", "tmt treadmill")
    stack.add_kb(heart, "Where is the clinic?", "Opposite the bus stand, Civil Lines.", "address location")
    teeth, _ = stack.add_doctor("Dr. Round Twenty Teeth", "Round Twenty Dental Care", specialization="Dentistry")
    stack.add_kb(teeth, "What is the cost of braces?", "Metal braces from Rs 30,000.", "braces")
    stack.add_kb(teeth, "Do you treat children?", "Yes, children of every age, with a children's dentist.",
                 "children kids")
    stack.add_kb(teeth, "How much is a tooth extraction?", "A simple extraction is Rs 800.", "extraction")

    tried, chosen_question = kb_try_for(stack, heart)
    out = tried("doctor sahab kab milte hain")
    assert "timing" in out["tokens"], out
    assert chosen_question("doctor kab milte hain subah") == "What are the OPD timings?"
    out = tried("daud wala test kitne ka hai")
    assert "tmt" in out["tokens"] and "tooth" not in out["tokens"], out
    assert chosen_question("daud wala test karte ho kya") == "Do you do TMT (treadmill stress test)?"
    out = tried("dil ki nali mein blockage hai")
    assert "heart" in out["tokens"] and "senior" not in out["tokens"], out
    out = tried("kamar dard ke liye kya karein")
    assert "pain" in out["tokens"] and "queue" not in out["tokens"], out
    out = tried("छातीत दुखायला लागले तर काय करायचे")
    assert "pain" in out["tokens"], out

    tried, chosen_question = kb_try_for(stack, teeth)
    out = tried("daant mein taar lagwani hai")
    assert "brace" in out["tokens"] and "fever" not in out["tokens"], out
    assert chosen_question("daant mein taar lagwane ka kitna lagta hai") == "What is the cost of braces?"
    out = tried("majhya mulila dakhvu shakto ka")
    assert "consultation" in out["tokens"] and "dakhvu" not in out["tokens"], out


def test_round_twenty_two_reads_hindi_and_marathi_words_the_typo_correction_misread_and_a_painless_injection(stack):
    # deploy/migrations/104_languages22.sql: Marathi "chalto" (is accepted) is dropped, not read as "chaati" (the chest);
    # "santaan nahi ho rahi" (no child comes) is the infertility treatment; "dard wala injection nahi" (not the painful
    # injection) the painless vaccine; "online bhar" (pay online) a payment (entries and questions written for this
    # test, not taken from any evaluation set)
    gp, _ = stack.add_doctor("Dr. Round Twenty Two", "Round Twenty Two Clinic", specialization="General practice")
    stack.add_kb(gp, "Do you accept health insurance?", "Yes, most insurers, cashless.", "insurance mediclaim")
    stack.add_kb(gp, "How can I pay?", "Cash, card or UPI at the desk.", "payment pay upi card")
    stack.add_kb(gp, "Do you treat infertility?", "Yes, on Tuesdays, with the fertility specialist.",
                 "infertility ivf")
    stack.add_kb(gp, "Do you have painless vaccines?", "Yes, painless DTaP at Rs 3,000.", "painless vaccine")

    tried, chosen_question = kb_try_for(stack, gp)
    out = tried("vima chalto ka")
    assert "insurance" in out["tokens"] and "chest" not in out["tokens"], out
    assert chosen_question("vima chalto ka") == "Do you accept health insurance?"
    out = tried("santaan nahi ho rahi ilaj karte ho")
    assert "infertility" in out["tokens"] and "ivf" not in out["tokens"], out
    assert chosen_question("bachche ke liye ilaj, santaan nahi ho rahi") == "Do you treat infertility?"
    assert chosen_question("dard wala injection nahi chahiye, painless hai kya") == "Do you have painless vaccines?"
    out = tried("fees online bhar sakte hai kya")
    assert "payment" in out["tokens"], out


def test_round_twenty_three_reads_a_hand_an_empty_stomach_a_place_and_shining_teeth_in_romanised_hindi(stack):
    # deploy/migrations/108_languages23.sql: "haath" (the hand) is dropped, not corrected into "hatao" (remove, the
    # cancel intent's word); "kuch khana nahi" (eat nothing) is fasting; "kis jagah" (at which place) asks where;
    # "chamkane" (to make shine) the whitening (entries and questions written for this test, not taken from any
    # evaluation set)
    gp, _ = stack.add_doctor("Dr. Round Twenty Three", "Round Twenty Three Clinic", specialization="General practice")
    stack.add_kb(gp, "When do I get my lab reports?", "Blood reports the same evening, on WhatsApp.", "reports")
    stack.add_kb(gp, "Do I need to fast before a blood test?", "Yes, 10 to 12 hours for sugar and lipids.",
                 "fasting empty stomach")
    stack.add_kb(gp, "Where is the clinic?", "Near the water tank, Sector 9.", "address location")
    teeth, _ = stack.add_doctor("Dr. Round Twenty Three Teeth", "Round Twenty Three Dental",
                                specialization="Dentistry")
    stack.add_kb(teeth, "Do you do teeth whitening?", "Yes, in-clinic whitening at Rs 6,000.", "whitening")
    stack.add_kb(teeth, "How much is a tooth extraction?", "A simple extraction is Rs 800.", "extraction")

    tried, chosen_question = kb_try_for(stack, gp)
    out = tried("blood report haath me kab aayegi")
    assert "report" in out["tokens"] and "cancel" not in out["tokens"], out
    assert chosen_question("blood report haath me kab aayegi") == "When do I get my lab reports?"
    out = tried("test se pehle kuch khana nahi hai kya")
    assert "fasting" in out["tokens"], out
    assert chosen_question("khoon ke test se pehle kuch khana nahi kya") == "Do I need to fast before a blood test?"
    out = tried("aapka clinic kis jagah par hai")
    assert "where" in out["tokens"], out

    tried, chosen_question = kb_try_for(stack, teeth)
    out = tried("daant chamkane ka kya rate hai")
    assert "whitening" in out["tokens"], out
    assert chosen_question("daanto ko chamkane ka kitna lagega") == "Do you do teeth whitening?"


def test_round_fifteen_reads_patients_english_for_tests_spellings_and_fear(stack):
    # deploy/migrations/071_english15.sql: a heart tracing is the ECG, "cl" a contact lens and a switch from glasses to
    # lenses no phone (034's rows expanded "contact lens" into "contact", the phone), chat spellings the typo
    # correction misread ("tset", "loc", "hom visit"), the doctor who "sits" is the hours, and fear asks nothing
    # (entries and questions written for this test, not taken from any evaluation set)
    doc, _ = stack.add_doctor("Dr. Round Fifteen", "Round Fifteen Eye and Heart Clinic")
    stack.add_kb(doc, "Do you do ECG?", "Yes, a resting ECG is Rs 300, report in 10 minutes.", "ecg")
    stack.add_kb(doc, "Do you fit contact lenses?", "Yes, a contact lens trial is Rs 200.", "contact lens trial")
    stack.add_kb(doc, "Where is the clinic?", "First floor, Lake View Building, Nagpur.", "address location")
    stack.add_kb(doc, "What are the clinic timings?", "Mon-Sat 10 am to 7 pm.", "timings hours open")
    stack.add_kb(doc, "Do you make house calls?", "Yes, home visits within 5 km, Rs 1,500.", "home visit")

    tried, chosen_question = kb_try_for(stack, doc)

    out = tried("my father needs a heart tracing this week")
    assert "ecg" in out["tokens"] and "teach" not in out["tokens"], out
    assert chosen_question("can you do a heart tracing") == "Do you do ECG?"
    out = tried("i want to switch from glasses to lenses")
    assert "len" in out["tokens"] and "phone" not in out["tokens"], out
    assert chosen_question("cl trial kitne ka hai") == "Do you fit contact lenses?"
    assert "test" in tried("eye tset price")["tokens"]
    assert chosen_question("loc pls") == "Where is the clinic?"
    assert chosen_question("which building is the clinic in") == "Where is the clinic?"
    assert "homevisit" in tried("hom visit for my mother")["tokens"]
    out = tried("when does the doctor sit")
    assert "timing" in out["tokens"] and "sit" not in out["tokens"], out
    out = tried("i am scared of the ecg")
    assert "nervous" in out["tokens"] and "white" not in out["tokens"], out
    # a word no entry knows is still missing: the insurance claim of a heart tracing is no answer of the ECG entry
    out = tried("heart tracing ka insurance claim")
    assert out["chosen"] is None, out


def test_round_sixteen_reads_patients_english_for_seeing_the_doctor_visits_and_chat_spellings(stack):
    # deploy/migrations/078_english16.sql: "how many times do i have to come" asks how many visits, not the clinic's
    # times; "do you see kids" asks whom the doctor treats and "the fee to see the doctor" is the consultation fee (not
    # the word "show"); "vdo" is a video call, a "copper tee" the IUD, pick up and drop the school's transport (not a
    # home visit), a baby's injections its vaccines, bleeding heavily an emergency (entries and questions written for
    # this test, not taken from any evaluation set)
    doc, _ = stack.add_doctor("Dr. Round Sixteen", "Round Sixteen Family Clinic")
    stack.add_kb(doc, "How many sittings does a root canal take?", "Usually two or three sittings of 45 minutes.",
                 "root canal rct")
    stack.add_kb(doc, "What are the clinic timings?", "Mon-Sat 9 am to 8 pm.", "timings hours open")
    stack.add_kb(doc, "Do you treat children?", "Yes, children of every age are treated on all days.", "kids children")
    stack.add_kb(doc, "What is the consultation fee?", "Rs 500 per consultation.", "consultation fee")
    stack.add_kb(doc, "Do you do video consultations?", "Yes, on video call, Rs 400.", "video online teleconsultation")

    tried, chosen_question = kb_try_for(stack, doc)

    out = tried("how many times do i have to come for a root canal")
    assert "duration" in out["tokens"] and "timing" not in out["tokens"], out
    assert chosen_question("how many times do i need to come for a root canal") == \
        "How many sittings does a root canal take?"
    out = tried("does the dentist see small kids")
    assert "treatment" in out["tokens"] and "show" not in out["tokens"], out
    assert chosen_question("do u see kids") == "Do you treat children?"
    out = tried("how much is the fee to see dr rao")
    assert "consultation" in out["tokens"] and "show" not in out["tokens"], out
    assert chosen_question("vdo consultation available?") == "Do you do video consultations?"
    out = tried("copper tee insertion")
    assert "iud" in out["tokens"] and "tee" not in out["tokens"], out
    out = tried("is there pick up and drop from home")
    assert "transport" in out["tokens"] and "homevisit" not in out["tokens"], out
    assert "vaccine" in tried("which days are the injections for babies given")["tokens"]
    assert "emergency" in tried("my wife is bleeding heavily")["tokens"]
    # what no entry answers stays unanswered: the price of an implant is no answer of the consultation fee
    out = tried("what is the fee to see the implant specialist for an implant")
    assert out["chosen"] is None, out


def test_round_seventeen_reads_patients_english_for_a_phone_call_the_scan_braces_emi_and_a_new_patient(stack):
    # deploy/migrations/084_english17.sql: talking to the doctor "over the phone" is a phone consultation (not the word
    # "talk" left over), the baby's gender "in the scan" is the gender question (not the scan), "wearing braces" is
    # the braces, paying "in instalments" the EMI, the fee "for a new patient" the consultation fee (entries and
    # questions written for this test, not taken from any evaluation set)
    doc, _ = stack.add_doctor("Dr. Round Seventeen", "Round Seventeen Mother and Child Clinic")
    stack.add_kb(doc, "Can I consult the doctor on phone?", "Yes, phone consultations cost Rs 300.",
                 "phone call video online teleconsultation")
    stack.add_kb(doc, "Can you tell the gender of the baby?", "No, it is not allowed by law.", "gender sex boy girl")
    stack.add_kb(doc, "What is the cost of braces?", "Metal braces Rs 35,000; the treatment takes 18 months.",
                 "braces orthodontic")
    stack.add_kb(doc, "Is EMI available for treatment?", "Yes, 0% EMI for 6 months on treatment above Rs 10,000.",
                 "emi instalments")
    stack.add_kb(doc, "What is the consultation fee?", "Rs 500 per consultation.", "consultation fee")
    stack.add_kb(doc, "Do you do sonography at the clinic?", "Yes, pregnancy scans daily, Rs 1,200.",
                 "ultrasound sonography scan usg")

    tried, chosen_question = kb_try_for(stack, doc)

    out = tried("could i speak with the doctor over the phone about my wife")
    assert "online" in out["tokens"] and "talk" not in out["tokens"], out
    assert chosen_question("can i talk to the doctor on call") == "Can I consult the doctor on phone?"
    out = tried("will you tell us if its a boy or girl in the scan")
    assert "gender" in out["tokens"] and "scan" not in out["tokens"], out
    assert chosen_question("can you tell baby gender in the ultrasound") == "Can you tell the gender of the baby?"
    out = tried("for how many months do i have to wear braces")
    assert "brace" in out["tokens"] and "wear" not in out["tokens"], out
    assert chosen_question("can i pay in instalments for the treatment") == "Is EMI available for treatment?"
    out = tried("what is the consultation fee for a new patient")
    assert "new" not in out["tokens"] and "patient" not in out["tokens"], out
    assert chosen_question("consultation charges for new patients") == "What is the consultation fee?"
    # what no entry answers stays unanswered: a scan's price is no answer of the gender question
    assert chosen_question("what is the price of the scan in the 5th month") != "Can you tell the gender of the baby?"


def test_round_eighteen_reads_patients_english_for_a_teacher_meeting_live_cameras_holidays_and_scaling(stack):
    # deploy/migrations/088_english18.sql: parents meeting the class teacher is the PTM, watching the child live on
    # camera from the phone the CCTV, a named holiday the holiday, teeth "scaled" the cleaning (not corrected to
    # "scared"), "come over" says nothing (entries and questions written for this test, not from an evaluation set)
    doc, _ = stack.add_doctor("Dr. Round Eighteen", "Round Eighteen Public School and Dental Care")
    stack.add_kb(doc, "When is the parent-teacher meeting?", "The PTM is on the last Saturday of every month.",
                 "ptm parent teacher meeting")
    stack.add_kb(doc, "Are there CCTV cameras in the classrooms?", "Yes, every classroom has CCTV.", "cctv camera")
    stack.add_kb(doc, "Are you open on holidays?", "Closed on Sundays and national holidays.", "holiday sunday")
    stack.add_kb(doc, "Do you do teeth cleaning?", "Scaling and polishing, Rs 800.", "cleaning scaling polishing")
    stack.add_kb(doc, "What are the school timings?", "8 am to 1:30 pm.", "timings time hours class")

    tried, chosen_question = kb_try_for(stack, doc)

    out = tried("when can the parents meet the class teacher")
    assert "ptm" in out["tokens"] and "class" not in out["tokens"], out
    assert chosen_question("when do parents meet the teachers") == "When is the parent-teacher meeting?"
    out = tried("can parents get a live video of the classroom")
    assert "cctv" in out["tokens"] and "live" not in out["tokens"], out
    out = tried("can i watch my child live on camera")
    assert "cctv" in out["tokens"] and "live" not in out["tokens"], out
    assert "holiday" in tried("will you be open on republic day")["tokens"]
    out = tried("i want my teeth scaled")
    assert "cleaning" in out["tokens"] and "nervous" not in out["tokens"], out
    assert "over" not in tried("can i come over tomorrow")["tokens"]
    # what no entry answers stays unanswered: the fee of the school van is no answer of the teacher meeting
    assert chosen_question("what is the monthly fee for the school van") != "When is the parent-teacher meeting?"


def test_round_nineteen_reads_patients_english_for_paying_at_the_office_a_check_without_the_doctor_and_implants(stack):
    # deploy/migrations/091_english19.sql: paying (in cash) at the office is how one pays, "no need to see the doctor"
    # says nothing beside the check (it was read as meeting the doctor), documents "required" the documents, a lab
    # report the report, "under my policy" the insurance, a special day for a condition its clinic, "exactly" after
    # where the address, fixing a permanent (new) tooth the implant (entries and questions written for this test,
    # not taken from any evaluation set)
    doc, _ = stack.add_doctor("Dr. Round Nineteen", "Round Nineteen Family Clinic")
    stack.add_kb(doc, "How can I pay?", "Cash, UPI and cards at the reception.", "payment pay")
    stack.add_kb(doc, "Can I get my BP checked without consultation?", "Yes, the nurse checks BP for Rs 50.",
                 "bp check")
    stack.add_kb(doc, "Which documents are needed for registration?", "An ID proof and old prescriptions.",
                 "documents registration")
    stack.add_kb(doc, "How will I get my test reports?", "On WhatsApp the same evening.", "reports")
    stack.add_kb(doc, "Is cashless insurance available?", "Yes, with most insurers.", "insurance cashless")
    stack.add_kb(doc, "Do you treat thyroid problems?", "Yes, thyroid clinic every Thursday.", "thyroid")
    stack.add_kb(doc, "Where is the clinic?", "Shop 4, Green Park Market.", "address location")
    stack.add_kb(doc, "Do you do dental implants?", "Yes, titanium implants from Rs 25,000.", "implant")

    tried, chosen_question = kb_try_for(stack, doc)
    out = tried("can i pay cash at the counter")
    assert "payment" in out["tokens"] and "counter" not in out["tokens"], out
    out = tried("may i pay in cash at the reception")
    assert "payment" in out["tokens"] and "reception" not in out["tokens"], out
    out = tried("only want my pressure checked, no need to see the doctor")
    assert "meet" not in out["tokens"] and "notwant" not in out["tokens"], out
    assert chosen_question("bp check only no need to meet doctor") == \
        "Can I get my BP checked without consultation?"
    out = tried("which documents are required")
    assert "required" not in out["tokens"], out
    assert "lab" not in tried("when will my lab results come")["tokens"]
    out = tried("is consultation covered under my policy")
    assert "insurance" in out["tokens"] and "under" not in out["tokens"], out
    assert "special" not in tried("is there a special day for thyroid patients")["tokens"]
    out = tried("where is it exactly")
    assert "exactly" not in out["tokens"], out
    out = tried("i lost a tooth, can you fix a new tooth")
    assert "implant" in out["tokens"] and "repair" not in out["tokens"], out
    out = tried("can my missing tooth be replaced with a fixed implant")
    assert "fixed" not in out["tokens"] and "replace" not in out["tokens"], out
    # what no entry answers stays unanswered: a price asked "exactly" is still not the clinic's address
    assert chosen_question("how much is the flu shot exactly") != "Where is the clinic?"


def test_round_twenty_reads_patients_english_for_a_report_on_whatsapp_a_newborns_visit_and_a_visit_last_week(stack):
    # deploy/migrations/095_english20.sql: a report on (by, via) WhatsApp is the report sent by message (it was read
    # as the report alone, and the ECG's own entry won), the newborn's (first) visit charges the newborn's first
    # check-up (it was read as the consultation fee), a male doctor asks whether the doctor is a woman, the vaccine
    # (injection) against cervical cancer the HPV vaccine, coming last week (10 days ago) the follow-up, the charge
    # to see the baby the consultation fee (entries and questions written for this test, not taken from any
    # evaluation set)
    doc, _ = stack.add_doctor("Dr. Round Twenty", "Round Twenty Mother and Child Clinic",
                              specialization="Paediatrics")
    stack.add_kb(doc, "What is the consultation fee?", "Rs 500 a visit.", "fee fees consultation charges")
    stack.add_kb(doc, "When should I bring my newborn for the first check-up?",
                 "A week after birth; the first check-up is Rs 700.", "newborn baby first check-up")
    stack.add_kb(doc, "Is the follow-up visit free?", "Free within 5 days for the same illness.",
                 "follow-up followup revisit free")
    stack.add_kb(doc, "Do you do ECG?", "Yes, ECG for Rs 250 during OPD hours.", "ecg ekg")
    stack.add_kb(doc, "Will I get my reports on WhatsApp?",
                 "Yes, ECG and blood test reports are sent on WhatsApp as a PDF.", "report reports whatsapp")
    stack.add_kb(doc, "Is there a lady doctor?", "Yes, both our doctors are women.", "lady female woman doctor")
    stack.add_kb(doc, "Do you give the HPV vaccine?", "Yes, to girls from 9 years, Rs 3,500 a dose.", "hpv vaccine")

    tried, chosen_question = kb_try_for(stack, doc)
    out = tried("can you send the ecg report on whatsapp")
    assert "report" in out["tokens"] and "message" in out["tokens"], out
    assert chosen_question("will my ecg report come by whatsapp") == "Will I get my reports on WhatsApp?"
    out = tried("newborn checkup charges")
    assert "first" in out["tokens"] and "fee" in out["tokens"], out
    assert chosen_question("what are the new born visit charges") == \
        "When should I bring my newborn for the first check-up?"
    assert chosen_question("my baby was born yesterday, when do we come") == \
        "When should I bring my newborn for the first check-up?"
    assert "woman" in tried("i do not want a male doctor")["tokens"]
    assert chosen_question("is there an injection against cervical cancer for my daughter") == \
        "Do you give the HPV vaccine?"
    assert "followup" in tried("i came last week, do i pay again")["tokens"]
    assert chosen_question("how much do you charge to see the baby") == "What is the consultation fee?"
    # what no entry answers stays unanswered: the charges of a private room are still not the newborn's visit
    assert chosen_question("private room charges for the mother") is None


def test_round_twenty_one_reads_patients_english_for_a_painless_injection_height_for_age_and_removing_tartar(stack):
    # deploy/migrations/099_english21a.sql: the painless injection (shot) is the painless vaccine ("injection" was
    # left over), height and weight normal for his age is growth ("normal" and "age" were left over), removing
    # tartar (stains) is the teeth cleaning (it was read as the extraction), "you people" says nothing, the total
    # cost is the fee (entries and questions written for this test, not taken from any evaluation set)
    doc, _ = stack.add_doctor("Dr. Round Twenty One", "Round Twenty One Child and Dental Clinic",
                              specialization="Paediatrics")
    stack.add_kb(doc, "Do you have painless vaccines?", "Yes, the painless combination vaccines are available.",
                 "painless vaccine")
    stack.add_kb(doc, "Do you do growth and development check-ups?",
                 "Yes, height, weight and milestones are plotted at every visit.",
                 "growth development height weight milestones")
    stack.add_kb(doc, "What is the charge for teeth cleaning?", "Scaling and polishing is Rs 1,000.",
                 "cleaning scaling polishing tartar")
    stack.add_kb(doc, "How much is a tooth extraction?", "A simple extraction is Rs 700.",
                 "extraction remove pull tooth")
    stack.add_kb(doc, "Do you do teeth whitening?", "Yes, in one sitting, Rs 7,000.", "whitening bleaching")

    tried, chosen_question = kb_try_for(stack, doc)
    out = tried("is a painless injection possible for my son")
    assert "painless" in out["tokens"] and "vaccine" in out["tokens"], out
    assert chosen_question("is a painless injection possible for my son") == "Do you have painless vaccines?"
    out = tried("please see if his height and weight are normal for his age")
    assert "growth" in out["tokens"] and "age" not in out["tokens"], out
    assert chosen_question("please see if his height and weight are normal for his age") == \
        "Do you do growth and development check-ups?"
    out = tried("charges for removing tartar")
    assert "extraction" not in out["tokens"], out
    assert chosen_question("charges for removing tartar") == "What is the charge for teeth cleaning?"
    assert "people" not in tried("teeth whitening you people do")["tokens"]
    assert "total" not in tried("what is the total cost of whitening")["tokens"]
    # a tooth pulled out is still the extraction, not the cleaning
    assert chosen_question("how much to pull out a tooth") == "How much is a tooth extraction?"


def test_round_twenty_two_reads_patients_english_for_dust_in_the_eye_a_patient_who_cannot_walk_and_the_class_teacher(stack):
    # deploy/migrations/100_english22a.sql: dust (something) gone into the eye is the eye emergency, the doctor coming
    # to the house (visiting her at home) is the home visit, a language named (Tamil, Telugu) is the language asked,
    # a meeting with the class teacher is the PTM, watching the CCTV live on the phone is the CCTV (entries and questions
    # written for this test, not taken from any evaluation set)
    eye, _ = stack.add_doctor("Dr. Round Twenty Two", "Round Twenty Two Eye Clinic", specialization="Ophthalmology")
    stack.add_kb(eye, "What to do if something goes into the eye?", "Wash it with clean water and come at once.",
                 "emergency injury chemical eye")
    stack.add_kb(eye, "Do you check children's eyes?", "Yes, every Saturday.", "children child kids squint")
    stack.add_kb(eye, "Will my eyes be dilated?", "Yes, for about 4 hours.", "dilation dilate drops blurry")
    tried, chosen_question = kb_try_for(stack, eye)
    out = tried("some dust went into my eye")
    assert "emergency" in out["tokens"] and "dust" not in out["tokens"], out
    assert chosen_question("dust went in my eye and it is burning") == "What to do if something goes into the eye?"

    gp, _ = stack.add_doctor("Dr. Round Twenty Two B", "Round Twenty Two Family Clinic")
    stack.add_kb(gp, "Does the doctor do home visits?", "Yes, within 3 km for Rs 1,000.", "home visit")
    stack.add_kb(gp, "Can I talk in Marathi?", "Yes, Marathi, Hindi and English.", "marathi hindi language")
    stack.add_kb(gp, "What is the consultation fee?", "Rs 400.", "fee fees charges")
    tried, chosen_question = kb_try_for(stack, gp)
    out = tried("my mother cannot walk, can the doctor visit her at home")
    assert "homevisit" in out["tokens"] and "walk" not in out["tokens"], out
    # since 110 (round 24) "cannot walk, can the doctor" is read whole as the home visit; "cannot walk" alone stays
    # 034's bedridden (asserted in round 24's test below)
    assert out["tokens"] == ["mother", "homevisit"], out
    assert chosen_question("my mother cannot walk, can the doctor visit her at home") == "Does the doctor do home visits?"
    assert chosen_question("can the doctor come to our house") == "Does the doctor do home visits?"
    assert "language" in tried("does the doctor speak telugu")["tokens"]
    assert chosen_question("do you speak tamil") == "Can I talk in Marathi?"
    # what no entry answers stays unanswered: a patient who cannot walk asking for a wheelchair is no home visit
    assert chosen_question("is there a wheelchair at the entrance") is None

    school, _ = stack.add_doctor("Round Twenty Two School", "Round Twenty Two Play School")
    stack.add_kb(school, "When is the PTM?", "The second Saturday of every month.", "ptm parent teacher meeting")
    stack.add_kb(school, "Are there CCTV cameras in the classrooms?", "Yes, in every classroom.", "cctv camera safety")
    stack.add_kb(school, "What are the school timings?", "9 am to 12:30 pm.", "timings time hours class")
    tried, chosen_question = kb_try_for(stack, school)
    out = tried("when can i have a meeting with the class teacher")
    assert "ptm" in out["tokens"] and "teacher" not in out["tokens"], out
    out = tried("is the cctv live on the phone")
    assert "cctv" in out["tokens"] and "live" not in out["tokens"], out



def test_round_twenty_two_reads_patients_english_for_whiter_teeth_the_drop_time_and_the_rest_after_an_operation(stack):
    # deploy/migrations/100_english22a.sql, round 22's families: teeth made whiter are the whitening ("whiter" was left
    # over), what time to drop the child is no longer read as the van, going back to work (the days
    # of rest) after an operation is how long it takes (entries and questions written for this test, not taken from
    # any evaluation set)
    dental, _ = stack.add_doctor("Dr. Round Twenty Two C", "Round Twenty Two Dental Care")
    stack.add_kb(dental, "Do you offer teeth whitening?", "Yes, one sitting, Rs 6,000.", "whitening bleaching white")
    stack.add_kb(dental, "Do you do teeth cleaning?", "Yes, scaling and polishing, Rs 900.", "cleaning scaling polishing")
    tried, chosen_question = kb_try_for(stack, dental)
    out = tried("can you make my teeth whiter")
    assert "whitening" in out["tokens"], out
    assert chosen_question("can you make my teeth whiter") == "Do you offer teeth whitening?"

    school, _ = stack.add_doctor("Round Twenty Two Nursery", "Round Twenty Two Nursery School")
    stack.add_kb(school, "What are the school timings?", "9 am to 12:30 pm.", "timings time hours class")
    stack.add_kb(school, "Do you have a school van?", "Yes, within 5 km.", "transport van bus pickup drop")
    tried, chosen_question = kb_try_for(stack, school)
    out = tried("what time should i drop my son")
    assert "transport" not in out["tokens"], out
    # the van itself is still the van
    assert chosen_question("do you have a van for pickup and drop") == "Do you have a school van?"

    eye, _ = stack.add_doctor("Dr. Round Twenty Two D", "Round Twenty Two Eye Hospital", specialization="Ophthalmology")
    stack.add_kb(eye, "How is the cataract operation done?", "It takes 20 minutes and you go home the same day.",
                 "cataract operation procedure how long")
    stack.add_kb(eye, "How much does cataract surgery cost?", "From Rs 25,000 per eye.", "cataract cost price")
    tried, chosen_question = kb_try_for(stack, eye)
    out = tried("when can i go back to work after the cataract operation")
    assert "work" not in out["tokens"] and "cataract" in out["tokens"], out
    out = tried("how many days of rest after cataract surgery")
    assert "rest" not in out["tokens"] and "cataract" in out["tokens"], out


def test_round_thirteen_words_of_when_in_a_request_about_an_appointment_do_not_hide_it(stack):
    # deploy/migrations/065_intents13.sql: in a text that names an appointment conversation's key concept, its words
    # of the present and the future (a day, a date, a part of the day, "next", a clock time) say nothing of which
    # conversation and are not scored; the past ("last") is kept, and a text whose only such concept is showing oneself
    # to the doctor still needs its when to be a booking (sentences written for this test, none from an evaluation set)
    doc = new_doctor(stack, clinic="Round Thirteen Clinic")
    r = say(stack, doc, new_number(), "please book me for next friday 6pm")
    assert rows(r) and all(d[0].startswith("day:") for d in rows(r)), r

    def label(text):
        return stack.sql("SELECT kb_intent_choose(%s, %s)", doc["id"], text)[0][0]

    for text, want in (("can i get an appointment next monday at 10am", "book"),
                       ("aglya mangalvari sakali appointment milel ka", "book"),
                       ("i forgot what time my appointment is on friday", "my_appointment"),
                       ("meri appointment kal kitne baje hai bhool gaya", "my_appointment"),
                       ("cancel my appointment for saturday 11am please", "cancel"),
                       ("mujhe kal subah dikhana hai", "book"),
                       ("when was my last appointment", None),
                       ("is the clinic open on sunday evening", None)):
        assert label(text) == want, (text, label(text))


def test_round_thirteen_an_entry_covering_every_word_of_a_question_naming_a_subject_is_not_kept_under_by_its_fit(stack):
    # deploy/migrations/062_score13.sql: an entry that covers every word of the question (its own words, keywords or
    # answer), the question naming a subject, fits it at least 0.35: the scan its answer prices, asked of an entry known
    # by a keyword among many, is answered (0.592 without the rule); a question of aspects only (the phone, paying,
    # the fee) that an entry covers as loosely stays unanswered (entries and questions written for this test, not
    # taken from any evaluation set)
    doc, _ = stack.add_doctor("Dr. Round Thirteen", "Round Thirteen Eye Care")
    stack.add_kb(doc, "Do you check for glaucoma?",
                 "Yes, we measure the eye pressure and do a visual field scan for glaucoma, Rs 1,400 together.",
                 "glaucoma eye pressure tonometry iop")
    stack.add_kb(doc, "Can I consult the doctor on a video call?",
                 "Yes, video consultations from 6 pm to 8 pm, Rs 400, paid by UPI before the call.",
                 "video online teleconsultation call phone whatsapp")
    stack.add_kb(doc, "What is the consultation fee?", "The consultation fee is Rs 500.", "fee consultation")
    stack.add_kb(doc, "Do you do cataract surgery?", "Yes, phaco surgery with a foldable lens, Rs 25,000 per eye.",
                 "cataract phaco")

    tried, _ = kb_try_for(stack, doc)

    out = tried("visual field scan price")
    best = out["candidates"][0]
    assert out["chosen"] == best["id"] and best["question"] == "Do you check for glaucoma?", out
    assert best["missing"] == [] and best["fit"] == 0.35 and "scan" in best["whole"], out
    assert "its subject" in out["reason"] and "the fit counted as 0.35" in out["reason"], out
    # every word covered by the video consultation entry, but no subject named: still a near miss
    out = tried("what is the phone number to pay the fees")
    assert out["chosen"] is None and out["candidates"][0]["whole"] == [] and out["candidates"][0]["fit"] < 0.35, out
    # a word the entry does not cover keeps it under as before
    out = tried("visual field scan price for children")
    assert out["chosen"] is None and out["candidates"][0]["whole"] == [], out


def test_round_thirteen_the_clinics_context_word_alone_does_not_keep_an_entry_under(stack):
    # deploy/migrations/062_score13.sql: a word half the clinic's entries name (teeth at a dental clinic) is its
    # context; an entry that misses nothing else of the question is not kept under by it (0.641 without the rule), while
    # a word that is no context (the gums) still is (entries and questions written for this test, not taken from any
    # evaluation set)
    doc, _ = stack.add_doctor("Dr. Round Thirteen", "Round Thirteen Dental")
    for q, a, k in (("How much does a routine checkup and cleaning advice visit cost here?",
                     "A checkup with the dentist is Rs 300.", "checkup visit fee consultation routine"),
                    ("Do you do teeth whitening?", "Yes, laser whitening in one sitting, Rs 6,000.",
                     "whitening bleaching teeth"),
                    ("Can you fix a broken tooth?", "Yes, with a composite filling or a crown.", "broken tooth chipped"),
                    ("Do you do root canal treatment?", "Yes, single sitting root canals, Rs 4,500.", "rct root canal"),
                    ("Do you make braces for crooked teeth?", "Yes, metal and ceramic braces and clear aligners.",
                     "braces aligners"),
                    ("Are you open on Sunday?", "Yes, Sunday 10 am to 1 pm.", "sunday")):
        stack.add_kb(doc, q, a, k)

    tried, _ = kb_try_for(stack, doc)

    for q in ("what does it cost to check my teeth", "dant check karne ka charge"):
        out = tried(q)
        best = out["candidates"][0]
        assert out["chosen"] == best["id"] and best["question"].startswith("How much does a routine checkup"), (q, out)
        assert best["context"] == ["tooth"] and best["score"] >= 0.65, (q, out)
        assert "(its context), the only word the entry misses: not counted" in out["reason"], (q, out)
    out = tried("how much to get my gums checked")
    assert out["chosen"] is None and out["candidates"][0]["context"] == [], out


def test_round_fourteen_the_price_of_a_month_asked_of_an_entry_whose_answer_gives_it_is_not_missed(stack):
    # deploy/migrations/067_score14.sql: "mahine" (a month) and "saal" (a year) are read as `age`; where the question
    # asks the price and the entry's answer gives an amount per month or per year, that word is said by the answer
    # (0.456 without the rule); a question asking no price ("for my 4 year old") still misses it, and an entry whose
    # answer gives no price per month keeps missing it (entries and questions written for this test, not taken from
    # any evaluation set)
    doc, _ = stack.add_doctor("Dr. Round Fourteen", "Round Fourteen School")
    for q, a, k in (("Is there a school bus?", "Yes, buses cover areas within 6 km, Rs 1,800 per month.",
                     "bus van transport pickup drop"),
                    ("What is the admission age?", "Nursery from 3 years, KG from 4 years.",
                     "age eligibility admission years"),
                    ("Do you sell uniforms?", "Yes, two sets of uniform for Rs 2,400, at the school store.",
                     "uniform dress shoes"),
                    ("What are the school timings?", "8 am to 1 pm, Monday to Friday.", "timings time hours")):
        stack.add_kb(doc, q, a, k)

    tried, _ = kb_try_for(stack, doc)

    out = tried("bus ka mahine ka kitna lagta hai")
    best = out["candidates"][0]
    assert out["chosen"] == best["id"] and best["question"] == "Is there a school bus?", out
    assert best["missing"] == [] and best["period"] == ["age"] and best["score"] >= 0.65, out
    assert "said by an answer giving a price per month or per year" in out["reason"], out
    # no price asked: the child's age is not what the bus's answer states
    out = tried("bus for my 4 year old")
    assert out["chosen"] is None and out["candidates"][0]["period"] == [], out
    # the uniform's answer gives no price per month or per year: still a near miss
    out = tried("uniform ki fees saal ki")
    assert out["chosen"] is None and out["candidates"][0]["missing"] == ["age"], out
    assert out["candidates"][0]["period"] == [], out


def test_round_fifteen_the_clinics_specialty_is_its_context_and_the_patients_age_is_who_the_patient_is(stack):
    # deploy/migrations/070_score15.sql: a word the doctor's specialization names ("heart" at a cardiology clinic) is
    # the clinic's context: the TMT entry is not kept under by it (the heart check-up package, which names the heart,
    # is chosen instead at the same clinic with another specialization); the patient's age missing from an entry
    # counts as who the patient is, unless the question asks how long or how often (entries and questions written
    # for this test, not taken from any evaluation set)
    entries = (("What is the consultation fee?", "The consultation is Rs 700, follow-up within a week free.",
                "fee consultation charges"),
               ("Do you have a complete heart check-up package?",
                "Yes: ECG, echo, TMT and blood tests in one morning, Rs 4,500.", "heart checkup package full body"),
               ("Do you do the stress test (TMT)?", "Yes, on weekday mornings, Rs 1,800; wear walking shoes.",
                "tmt treadmill stress"),
               ("Can I get a 24 hour holter?", "Yes, fitted in the morning and returned the next day, Rs 2,500.",
                "holter monitor"),
               ("Are you open on Sunday?", "Sunday 10 am to 12 noon, emergencies only.", "sunday"),
               ("Where is the clinic?", "First floor, Lakeview Plaza, MG Road.", "address location"))
    cardio, _ = stack.add_doctor("Dr. Round Fifteen", "Round Fifteen Clinic", specialization="Cardiology")
    general, _ = stack.add_doctor("Dr. Round Fifteen B", "Round Fifteen B Clinic", specialization="General practice")
    for doc in (cardio, general):
        for q, a, k in entries:
            stack.add_kb(doc, q, a, k)

    tried, chosen = kb_try_for(stack, cardio)
    out = tried("treadmill test for the heart")
    best = out["candidates"][0]
    assert out["chosen"] == best["id"] and best["question"] == "Do you do the stress test (TMT)?", out
    assert best["context"] == ["heart"] and best["score"] >= 0.65, out
    assert "\"heart\" names the clinic's specialty" in out["reason"], out
    # the entry that names the heart keeps it: its subject
    assert chosen("heart checkup package price") == "Do you have a complete heart check-up package?"
    # the same entries at a general practice: the heart is no context there, the package is chosen
    _, chosen_general = kb_try_for(stack, general)
    assert chosen_general("treadmill test for the heart") == "Do you have a complete heart check-up package?"

    doc, _ = stack.add_doctor("Dr. Round Fifteen C", "Round Fifteen C Clinic", specialization="General practice")
    for q, a, k in (("Do you give the HPV vaccine?", "Yes, the HPV vaccine is given here, Rs 3,200 a dose.",
                     "hpv cervical cancer vaccine"),
                    ("Do you do blood tests?", "Yes, sample collection 8 to 11 am; reports by evening.",
                     "blood test lab"),
                    ("What is the consultation fee?", "Rs 500.", "fee consultation"),
                    ("Where is the clinic?", "Shop 4, Green Park, Pune.", "address location"),
                    ("Do you do home visits?", "Yes, within 5 km, Rs 1,000.", "home visit")):
        stack.add_kb(doc, q, a, k)
    tried, _ = kb_try_for(stack, doc)
    out = tried("hpv vaccine for my 13 year old")
    best = out["candidates"][0]
    assert out["chosen"] == best["id"] and best["question"] == "Do you give the HPV vaccine?", out
    assert best["whom"] == ["age"] and best["missing"] == [] and best["score"] >= 0.65, out
    assert "\"age\" counted as who the patient is" in out["reason"], out
    # how often a year: the year is counted, no age
    out = tried("blood test saal me kitni baar karwana chahiye")
    assert out["chosen"] is None and out["candidates"][0]["whom"] == [], out
    assert "age" in out["candidates"][0]["missing"], out


def test_round_fifteen_the_clinics_specialty_follows_its_specialization_and_its_own_synonyms(stack):
    # deploy/migrations/078_specialty.sql: the specialty's words are kept with the clinic's entries' tokens (not
    # computed per question): a change of the doctor's specialization, or of a clinic's own synonym that reads it,
    # changes the context of the next question (entries and questions written for this test)
    doc, _ = stack.add_doctor("Dr. Specialty Follows", "Specialty Follows Clinic", specialization="General practice")
    for q, a, k in (("What is the consultation fee?", "Rs 700.", "fee consultation charges"),
                    ("Do you have a complete heart check-up package?", "Yes: ECG, echo, TMT, Rs 4,500.",
                     "heart checkup package full body"),
                    ("Do you do the stress test (TMT)?", "Yes, on weekday mornings, Rs 1,800.", "tmt treadmill stress"),
                    ("Can I get a 24 hour holter?", "Yes, Rs 2,500.", "holter monitor"),
                    ("Are you open on Sunday?", "Sunday 10 am to 12 noon.", "sunday"),
                    ("Where is the clinic?", "First floor, Lakeview Plaza.", "address location")):
        stack.add_kb(doc, q, a, k)
    tried, _ = kb_try_for(stack, doc)
    q = "treadmill test for the heart"
    tmt, package = "Do you do the stress test (TMT)?", "Do you have a complete heart check-up package?"

    def context_and_choice():
        out = tried(q)
        best = out["candidates"][0]
        specialty = "\"heart\" names the clinic's specialty" in out["reason"]
        return specialty, (best["question"] if out["chosen"] == best["id"] else None), out

    specialty, chosen, out = context_and_choice()
    assert not specialty and chosen == package, out
    stack.sql("UPDATE doctors SET specialization = 'Cardiology' WHERE id = %s", doc)
    specialty, chosen, out = context_and_choice()
    assert specialty and chosen == tmt, out
    # a specialization the lexicon does not know: no context until the clinic's own synonym reads it as the heart
    stack.sql("UPDATE doctors SET specialization = 'Kardiamed' WHERE id = %s", doc)
    specialty, chosen, out = context_and_choice()
    assert not specialty and chosen == package, out
    stack.sql("INSERT INTO kb_synonyms (doctor_id, term, canonical) VALUES (%s, 'kardiamed', 'heart')", doc)
    specialty, chosen, out = context_and_choice()
    assert specialty and chosen == tmt, out
    stack.sql("DELETE FROM kb_synonyms WHERE doctor_id = %s AND term = 'kardiamed'", doc)
    specialty, chosen, out = context_and_choice()
    assert not specialty and chosen == package, out
    # the table holds the words 070 read per question and (098) the clinic's name's known words, `clinic` left out
    assert stack.sql("SELECT s.words = ARRAY(SELECT DISTINCT u FROM unnest(kb_tokens(d.id, coalesce(d.specialization, ''),"
                     " false) || ARRAY(SELECT c FROM unnest(kb_tokens(d.id, d.clinic_name, false)) c"
                     " WHERE NOT c = ANY (kb_name_words_of(d.id)) AND c <> 'clinic')) u ORDER BY u) FROM doctors d"
                     " JOIN kb_doctor_specialty s ON s.doctor_id = d.id WHERE d.id = %s", doc) == [(True,)]


def test_round_sixteen_booking_asked_one_way_is_answered_another_and_a_price_is_of_what_its_sentence_names(stack):
    # deploy/migrations/077_score16.sql: whether one needs an appointment, books, or walks in is one question: an
    # appointment asked of an entry whose answer says it is done walk-in ("no appointment needed", the lexicon's
    # `queue`) is said by it (`kin`); an entry that says nothing of booking keeps missing it. The fee asked of a subject
    # an entry knows only by its keywords (the stent, angioplasty) is not said by an answer whose one amount is in a
    # sentence about another thing (the angiography): `unpriced`, the fee missing (entries and questions written for
    # this test, not taken from any evaluation set)
    doc, _ = stack.add_doctor("Dr. Round Sixteen", "Round Sixteen Heart Clinic", specialization="General practice")
    for q, a, k in (("Can I get an ECG done?", "Yes, the ECG is done during clinic hours, Rs 300; no appointment needed.",
                     "ecg ekg"),
                    ("Is angiography done here?",
                     "Angiography and angioplasty are done at the City Hospital cath lab. Angiography costs about "
                     "Rs 18,000; the hospital desk gives the exact package.", "angiography angiogram angioplasty stent"),
                    ("Where is the clinic?", "Shop 4, Green Park, Pune.", "address location"),
                    ("Do you do blood tests?", "Yes, samples 8 to 11 am; reports by evening.", "blood test lab")):
        stack.add_kb(doc, q, a, k)

    tried, _ = kb_try_for(stack, doc)
    out = tried("ecg karwana hai appointment chahiye kya")
    best = out["candidates"][0]
    assert out["chosen"] == best["id"] and best["question"] == "Can I get an ECG done?", out
    assert best["kin"] == ["appointment"] and best["missing"] == [] and best["score"] >= 0.65, out
    assert "\"appointment\" asked of an entry that knows or says whether one books or walks in" in out["reason"], out
    # the blood tests' answer says nothing of booking: the appointment stays missing there
    out = tried("blood test ke liye appointment chahiye kya")
    assert out["chosen"] is None and out["candidates"][0]["kin"] == [], out
    assert "appointment" in out["candidates"][0]["missing"], out

    out = tried("what is the cost of a stent")
    best = out["candidates"][0]
    assert out["chosen"] is None and best["question"] == "Is angiography done here?", out
    assert best["unpriced"] == ["fee"] and best["missing"] == ["fee"] and best["score"] < 0.65, out
    assert "no sentence of its answer prices that subject" in out["reason"], out
    # the angiography's own price: its own question names it, the answer's amount is its price
    out = tried("how much does angiography cost")
    best = out["candidates"][0]
    assert out["chosen"] == best["id"] and best["question"] == "Is angiography done here?", out
    assert best["unpriced"] == [] and best["score"] >= 0.65, out


def test_round_seventeen_an_entry_whose_own_question_asks_another_aspect_gives_way_to_one_that_asks_none(stack):
    # deploy/migrations/083_score17.sql: two entries cover "root canal procedure" alike; the price entry's own question
    # asks the fee, which the question does not ask, so within the margin it gets 0.95 of its score (`aspect`) and the
    # procedure entry is chosen (before 083: 0.940 against 0.918, ambiguous). The fee asked keeps the price entry; an
    # entry alone is never lowered; what no entry states stays unanswered (entries and questions written for this
    # test, not taken from any evaluation set)
    doc, _ = stack.add_doctor("Dr. Round Seventeen", "Round Seventeen Dental Care", specialization="Dentistry")
    for q, a, k in (("How is a root canal done?",
                     "It is done under local anaesthesia in two sittings of 45 minutes each.", "root canal rct procedure"),
                    ("How much does a root canal cost?", "A root canal is Rs 4,500 per tooth; the crown is extra.",
                     "root canal rct procedure cost price"),
                    ("Where is the clinic?", "Shop 4, Green Park, Pune.", "address location"),
                    ("What are the clinic timings?", "Mon-Sat 10 am to 8 pm.", "timings hours open")):
        stack.add_kb(doc, q, a, k)

    tried, _ = kb_try_for(stack, doc)
    out = tried("root canal procedure")
    best, runner = out["candidates"][0], out["candidates"][1]
    assert out["chosen"] == best["id"] and best["question"] == "How is a root canal done?", out
    assert best["aspect"] == [] and best["missing"] == [] and best["score"] >= 0.65, out
    assert runner["question"] == "How much does a root canal cost?" and runner["aspect"] == ["fee"], out
    assert runner["missing"] == [] and best["score"] - runner["score"] >= 0.04, out
    assert "a runner-up whose own question asks \"fee\"" in out["reason"], out
    # the fee asked: the price entry, not lowered
    out = tried("root canal ka kharcha")
    best = out["candidates"][0]
    assert out["chosen"] == best["id"] and best["question"] == "How much does a root canal cost?", out
    assert all(c["aspect"] == [] for c in out["candidates"]), out
    # how long a root canal lasts: no entry states it, still not answered
    out = tried("root canal kitne din chalta hai")
    assert out["chosen"] is None and out["candidates"][0]["question"] == "How is a root canal done?", out



def test_round_eighteen_of_two_entries_covering_the_same_words_the_one_that_fits_the_question_better_is_chosen(stack):
    # deploy/migrations/083_score17.sql, round 18 (broader): "reports" is covered alike by the reports-on-WhatsApp entry
    # and the second opinion entry, whose own words name much more than the question (fit 0.667 against 0.747); within
    # the margin it gets 0.95 of its score (`broader`) and the reports entry is chosen (before the rule: 0.899 against
    # 0.884, ambiguous).
    # Asked the second opinion, the second opinion entry, not lowered (entries and questions written for this test,
    # not taken from any evaluation set; a dozen entries so that "report", named by two, is a word few entries name)
    doc, _ = stack.add_doctor("Dr. Round Eighteen", "Round Eighteen Heart Care", specialization="Cardiology")
    for q, a, k in (("Will I get my reports on WhatsApp?", "Yes, every report is sent on WhatsApp the same evening.",
                     "reports whatsapp"),
                    ("Can the senior doctor give a second opinion on reports from another hospital?",
                     "Yes, bring your old reports and the doctor will review them.",
                     "second opinion review old reports other hospital"),
                    ("Where is the clinic?", "Plot 9, Lake Road, Nagpur.", "address location"),
                    ("What are the clinic timings?", "Mon-Sat 9 am to 1 pm and 5 to 8 pm.", "timings hours open"),
                    ("What is the consultation fee?", "Rs 700 for the first visit.", "fee consultation charges"),
                    ("Is there parking?", "Yes, free parking in the basement.", "parking car"),
                    ("Is the clinic open on Sunday?", "No, it is closed on Sundays.", "sunday"),
                    ("Do you do an ECG?", "Yes, an ECG is done in 10 minutes.", "ecg"),
                    ("Do you do home visits?", "Yes, within 5 km for Rs 1,500.", "home visit"),
                    ("How can I pay?", "Cash, cards and UPI.", "payment upi card"),
                    ("What do I do in an emergency?", "Call 108 and go to the nearest hospital.", "emergency chest pain"),
                    ("Do you do a treadmill test?", "Yes, the TMT takes 30 minutes.", "tmt treadmill")):
        stack.add_kb(doc, q, a, k)

    tried, _ = kb_try_for(stack, doc)
    for q in ("reports", "report kab milegi"):
        out = tried(q)
        best, runner = out["candidates"][0], out["candidates"][1]
        assert out["chosen"] == best["id"] and best["question"] == "Will I get my reports on WhatsApp?", out
        assert best["broader"] is None and best["missing"] == [] and best["score"] >= 0.65, out
        assert runner["question"].startswith("Can the senior doctor give a second opinion"), out
        assert runner["missing"] == [] and runner["broader"] == best["fit"] > runner["fit"], out
        assert best["score"] - runner["score"] >= 0.04, out
        assert "a runner-up covering the same words as an entry that fits the question better" in out["reason"], out
    # the second opinion asked: that entry, not lowered
    out = tried("second opinion on my reports")
    best = out["candidates"][0]
    assert out["chosen"] == best["id"] and best["question"].startswith("Can the senior doctor give a second"), out
    assert all(c["broader"] is None for c in out["candidates"]), out


def test_round_nineteen_a_phone_number_asked_beside_a_video_consultation_is_not_stated_by_an_answer_without_one(stack):
    # deploy/migrations/090_score19.sql: "video consultation ka number kya hai" reads as `online` (consulting by phone
    # or video) and `phone` (the number). The phone consultation entry names the phone in its keywords (its subject),
    # and its answer gives no number: the number is not stated by it (`unstated`, not covered) and the question is
    # not answered. Consulting by video, asked without a number, is still answered there; the same question at a
    # clinic whose answer gives the number is answered (entries and questions written for this test, not taken from
    # any evaluation set)
    entries = (("Can I consult the doctor on video call?",
                "Video consultations are for registered patients, 4 pm to 5 pm, Rs 400 paid in advance.",
                "phone call video online teleconsultation"),
               ("Where is the clinic?", "Flat 2, Lake View Road, Bhopal.", "address location"),
               ("What are the clinic timings?", "Mon-Sat 10 am to 1 pm.", "timings hours open"),
               ("What is the consultation fee?", "Rs 500.", "fee consultation charges"),
               ("Do you give vaccines?", "Yes, every vaccine of the national schedule.", "vaccine vaccination"))
    doc, _ = stack.add_doctor("Dr. Round Nineteen", "Round Nineteen Child Care", specialization="Paediatrics")
    for q, a, k in entries:
        stack.add_kb(doc, q, a, k)
    tried, chosen_question = kb_try_for(stack, doc)
    out = tried("video consultation ka number kya hai")
    best = out["candidates"][0]
    assert best["question"] == "Can I consult the doctor on video call?", out
    assert out["chosen"] is None and best["unstated"] == ["phone"] and "phone" in best["missing"], out
    assert "asked beside consulting by phone or video, and the answer gives no number" in out["reason"], out
    assert chosen_question("can i consult the doctor on video") == "Can I consult the doctor on video call?"
    # an answer giving the number states it
    doc2, _ = stack.add_doctor("Dr. Round Nineteen Two", "Round Nineteen Two Child Care", specialization="Paediatrics")
    for q, a, k in entries[:1]:
        stack.add_kb(doc2, q, a.replace("paid in advance.", "paid in advance; call 98220 12345 at 4 pm."), k)
    for q, a, k in entries[1:]:
        stack.add_kb(doc2, q, a, k)
    tried2, chosen_question2 = kb_try_for(stack, doc2)
    out = tried2("video consultation ka number kya hai")
    assert out["candidates"][0]["unstated"] == [], out
    assert chosen_question2("video consultation ka number kya hai") == "Can I consult the doctor on video call?", out


def test_round_nineteen_an_entry_knowing_every_word_asked_but_the_aspect_is_answered_by_what_its_answer_says(stack):
    # deploy/migrations/090_score19.sql (knows): "which day do you see children" reads as `child day`. The children's
    # entry knows `child` by its own words and its answer says the day (Saturday), but `child` means less than an
    # important word (base 0.7), so before 090 the answer's words were not read for it (`day` missing). An entry
    # whose own words know every word of the question but its aspects, one of them more than a word of any visit
    # (consultation, clinic, treatment), is read like one knowing an important word: its answer's day counts as said.
    # Asked "how much to see the doctor", the home visit entry (its own example "see my father" reads as the
    # consultation) is not read so (entries and questions written for this test, not taken from any evaluation set)
    doc, _ = stack.add_doctor("Dr. Round Nineteen Three", "Round Nineteen Tooth Care", specialization="Dentistry")
    for q, a, k in (("Do you treat children?", "Yes, our children's dentist is in on Saturdays, 10 am to 1 pm.",
                     "children kids child paediatric"),
                    ("What are your clinic timings?", "Monday to Saturday, 9 am to 1 pm and 5 pm to 8 pm.",
                     "timings time hours open"),
                    ("What is the consultation fee?", "The consultation fee is Rs 300.", "fee fees consultation charges"),
                    ("Does the doctor do home visits?", "Yes, within 2 km for elderly patients; the charge is Rs 900.",
                     "home visit house call"),
                    ("Where is the clinic?", "Shop 7, Station Road, Indore.", "address location"),
                    ("Do you do root canals?", "Yes, in two sittings.", "root canal rct")):
        stack.add_kb(doc, q, a, k)
    tried, chosen_question = kb_try_for(stack, doc)
    out = tried("which day do you see children")
    best = out["candidates"][0]
    assert out["chosen"] == best["id"] and best["question"] == "Do you treat children?", out
    assert best["missing"] == [] and best["score"] >= 0.65, out
    # and wactl kb try says why: the candidate is marked, the reason names the rule
    assert best["knows"] is True, out
    assert "know every word asked but the aspects" in out["reason"], out
    fee = tried("consultation fee")
    assert not fee["candidates"][0]["knows"] and "know every word asked" not in fee["reason"], fee
    assert chosen_question("consultation fee") == "What is the consultation fee?"


def test_round_twenty_two_entries_crossed_on_the_questions_two_subjects_neither_is_chosen(stack):
    # deploy/migrations/094_score20.sql (crossed): "ecg report kab milegi" reads as `ecg report`. The ECG entry knows
    # `ecg` by its own words and its answer says the report is ready; the reports entry knows `report` by its own words
    # and its answer says ECG reports are sent. Both cover every word and nothing says which is asked: the better is
    # held to the other's score, neither chosen (before the rule the ECG entry, fitting better, was). Asked the ECG
    # alone or the reports alone, each is chosen as before (entries and questions written for this test, not taken
    # from any evaluation set)
    doc, _ = stack.add_doctor("Dr. Round Twenty", "Round Twenty Heart Care", specialization="Cardiology")
    for q, a, k in (("Can I get an ECG done?", "Yes, an ECG is done walk-in for Rs 250 and the report is ready in 10 minutes.",
                     "ecg ekg"),
                    ("Will I get my reports on WhatsApp?", "Yes, ECG and echo reports are sent on WhatsApp as a PDF.",
                     "reports whatsapp result"),
                    ("Where is the clinic?", "Plot 4, Hill Road, Nashik.", "address location"),
                    ("What are the clinic timings?", "Mon-Sat 9 am to 1 pm and 5 to 8 pm.", "timings hours open"),
                    ("What is the consultation fee?", "Rs 700 for the first visit.", "fee consultation charges"),
                    ("Is there parking?", "Yes, free parking in the basement.", "parking car"),
                    ("Is the clinic open on Sunday?", "No, it is closed on Sundays.", "sunday"),
                    ("Do you do home visits?", "Yes, within 5 km for Rs 1,500.", "home visit"),
                    ("How can I pay?", "Cash, cards and UPI.", "payment upi card"),
                    ("What do I do in an emergency?", "Call 108 and go to the nearest hospital.", "emergency chest pain"),
                    ("Do you do a treadmill test?", "Yes, the TMT takes 30 minutes.", "tmt treadmill"),
                    ("Do you fit pacemakers?", "Yes, at the city hospital.", "pacemaker")):
        stack.add_kb(doc, q, a, k)
    tried, chosen_question = kb_try_for(stack, doc)
    out = tried("ecg report kab milegi")
    best, runner = out["candidates"][0], out["candidates"][1]
    assert out["chosen"] is None, out
    assert {best["question"], runner["question"]} == {"Can I get an ECG done?", "Will I get my reports on WhatsApp?"}, out
    assert best["missing"] == [] and runner["missing"] == [] and best["score"] == runner["score"], out
    ecg = next(c for c in out["candidates"] if c["question"] == "Can I get an ECG done?")
    reports = next(c for c in out["candidates"] if c["question"] == "Will I get my reports on WhatsApp?")
    assert ecg["crossed"] == reports["id"], out
    assert "crossed with entry" in out["reason"], out
    # each asked alone: chosen, not crossed
    for q, want in (("can i get an ecg", "Can I get an ECG done?"), ("reports on whatsapp", "Will I get my reports on WhatsApp?")):
        out = tried(q)
        assert chosen_question(q) == want, out
        assert all(c["crossed"] is None for c in out["candidates"]), out


def test_round_twenty_the_fee_asked_alone_is_the_consultation_fee_not_a_service_priced_by_a_keyword(stack):
    # deploy/migrations/094_score20.sql: "cardiologist ki fees kitni hai" reads as `fee` alone (the specialty's and the
    # doctor's words are no subject). The consultation fee entry, the treadmill test's and the echo's (keyword
    # "price") cover it alike; before 094 083's `broader` was read only where the question names a subject, so the
    # three stood within the margin and nothing was chosen. The fee asked alone is read like a subject: the entries
    # fitting it less get 0.95 of their score and the consultation fee is chosen. Asked the treadmill test's price,
    # that entry (entries and questions written for this test, not taken from any evaluation set)
    doc, _ = stack.add_doctor("Dr. Round Twenty Two", "Round Twenty Two Heart Care", specialization="Cardiology")
    for q, a, k in (("What is the consultation fee?", "Rs 800 for the first visit.", "fee fees consultation charges"),
                    ("Do you do a treadmill test?", "Yes, the TMT is done on weekday mornings, Rs 2,200.",
                     "tmt treadmill stress test price"),
                    ("Do you do an echo?", "Yes, a 2D echo is Rs 1,800.", "echo 2d echo echocardiography price cost"),
                    ("Where is the clinic?", "Plot 4, Hill Road, Nashik.", "address location"),
                    ("What are the clinic timings?", "Mon-Sat 9 am to 1 pm and 5 to 8 pm.", "timings hours open"),
                    ("Is there parking?", "Yes, free parking in the basement.", "parking car"),
                    ("Is the clinic open on Sunday?", "No, it is closed on Sundays.", "sunday"),
                    ("Do you do home visits?", "Yes, within 5 km.", "home visit"),
                    ("How can I pay?", "Cash, cards and UPI.", "payment upi card"),
                    ("What do I do in an emergency?", "Call 108 and go to the nearest hospital.", "emergency chest pain")):
        stack.add_kb(doc, q, a, k)
    tried, chosen_question = kb_try_for(stack, doc)
    for q in ("cardiologist ki fees kitni hai", "what is the fee"):
        out = tried(q)
        best, runner = out["candidates"][0], out["candidates"][1]
        assert out["tokens"] == ["fee"], out
        assert out["chosen"] == best["id"] and best["question"] == "What is the consultation fee?", out
        assert best["broader"] is None and runner["broader"] == best["fit"] > runner["fit"], out
        assert best["score"] - runner["score"] >= 0.04, out
        assert "a runner-up covering the same words as an entry that fits the question better" in out["reason"], out
    out = tried("tmt price")
    assert chosen_question("tmt price") == "Do you do a treadmill test?", out
    assert all(c["broader"] is None for c in out["candidates"]), out


def test_round_twenty_one_the_clinics_name_read_as_its_specialty(stack):
    # deploy/migrations/098_score21.sql: the words of the clinic's name the lexicon knows (not its own name words, not
    # `clinic`) join its specialization's as the clinic's context: "where is sunshine child care" asks the address of
    # a children's clinic, `child` no important word the address entry misses. The clinic renamed, its context
    # follows (entries and questions written for this test, not taken from any evaluation set)
    doc, _ = stack.add_doctor("Dr. Round Twenty One", "Sunshine Child Care", specialization="General practice")
    for q, a, k in (("Where is the clinic?", "Shop 7, Rose Arcade, Baner Road, Pune.", "address location directions"),
                    ("What are the clinic timings?", "Mon-Sat 10 am to 1 pm and 5 to 8 pm.", "timings hours open"),
                    ("What is the consultation fee?", "Rs 600 a visit.", "fee consultation charges"),
                    ("Is there parking?", "Yes, in the basement.", "parking car"),
                    ("How can I pay?", "Cash, cards and UPI.", "payment upi card"),
                    ("Do you give vaccines?", "Yes, every vaccine of the national schedule, Mon-Fri mornings.",
                     "vaccine vaccination injection")):
        stack.add_kb(doc, q, a, k)
    tried, chosen_question = kb_try_for(stack, doc)
    q = "where is sunshine child care"
    out = tried(q)
    assert chosen_question(q) == "Where is the clinic?", out
    assert "\"child\" names the clinic's specialty" in out["reason"], out
    words = stack.sql("SELECT words FROM kb_doctor_specialty WHERE doctor_id = %s", doc)[0][0]
    assert "child" in words and "clinic" not in words and "sunshine" not in words, words
    # renamed without the child: its context goes with it (the trigger on the clinic's name)
    stack.sql("UPDATE doctors SET clinic_name = 'Sunshine Health Point' WHERE id = %s", doc)
    out = tried(q)
    assert "names the clinic's specialty" not in out["reason"], out
    assert out["chosen"] is None and "child" in out["candidates"][0]["missing"], out


def test_round_twenty_two_the_fee_of_ivf_is_not_the_fee_of_iui(stack):
    # deploy/migrations/101_score22.sql: IVF, IUI and infertility are three words of the lexicon (they were one
    # concept), and 077's price rule reads a subject the entry knows only by its keywords where the entry's own words
    # ask the fee of another ("IUI cost"): the answer prices the IUI and refers the IVF out, so "how much does ivf
    # cost" is not answered, while "do you do ivf" and the IUI's price are (entries and questions written for this
    # test, not taken from any evaluation set)
    doc, _ = stack.add_doctor("Dr. Round Twenty Two Gyn", "Round Twenty Two Women Care",
                              specialization="Obstetrics and gynaecology")
    for q, a, k, ex in (("Do you treat infertility?",
                         "Yes, we do the fertility work-up and IUI (Rs 9,500 per cycle). For IVF we refer you to the "
                         "City Test Tube Baby Centre.", "infertility fertility iui ivf conceive", ["IUI cost"]),
                        ("What is the consultation fee?", "Rs 700 a visit.", "fee consultation charges", []),
                        ("Do you do deliveries?", "Yes, normal and caesarean deliveries at City Hospital.",
                         "delivery normal caesarean", []),
                        ("Where is the clinic?", "Plot 9, Lake Road, Nagpur.", "address location", []),
                        ("What are the clinic timings?", "Mon-Sat 10 am to 2 pm.", "timings hours open", []),
                        ("Do you do pregnancy scans?", "Yes, every trimester scan, Rs 1,200.", "scan sonography", []),
                        ("Is there parking?", "Yes, in the basement.", "parking car", []),
                        ("How can I pay?", "Cash, cards and UPI.", "payment upi card", []),
                        ("Is the clinic open on Sunday?", "No, closed on Sundays.", "sunday", []),
                        ("What do I do in an emergency?", "Call 108 and go to City Hospital.", "emergency bleeding", []),
                        ("Do you treat PCOS?", "Yes, PCOS is treated with diet and medicines.", "pcos pcod", []),
                        ("Do you do a Pap smear?", "Yes, on weekday mornings.", "pap smear cervical screening", []),
                        ("Do you give the HPV vaccine?", "Yes, for girls from 9 years.", "hpv vaccine cervical", []),
                        ("Do you treat menopause problems?", "Yes, hot flushes and bone health.", "menopause", [])):
        stack.add_kb(doc, q, a, k)
        if ex:
            stack.sql("UPDATE kb_entries SET examples = %s WHERE doctor_id = %s AND question = %s", ex, doc, q)
    tried, chosen_question = kb_try_for(stack, doc)
    for q in ("how much does ivf cost", "ivf ka kharcha kitna hai"):
        out = tried(q)
        best = out["candidates"][0]
        assert out["chosen"] is None, out
        assert best["question"] == "Do you treat infertility?" and best["unpriced"] == ["fee"], out
        assert "fee" in best["missing"] and "no sentence of its answer prices that subject" in out["reason"], out
    for q in ("do you do ivf", "iui charges"):
        out = tried(q)
        assert chosen_question(q) == "Do you treat infertility?", out
        assert all(c["unpriced"] == [] for c in out["candidates"]), out


def test_round_twenty_two_the_phone_asked_alone_is_a_number_not_a_consultation_by_phone(stack):
    # deploy/migrations/101_score22.sql: "doctor ka mobile number chahiye" reads as `phone` alone. The entry about
    # consulting by phone (keywords "phone call video online") covered it word for word, and its answer gives no
    # number; asked alone, the phone is a number (as 090 read it beside consulting by phone or video): not stated,
    # nothing is answered. Consulting by phone still reaches that entry (entries and questions written for this test,
    # not taken from any evaluation set)
    doc, _ = stack.add_doctor("Dr. Round Twenty Two Phone", "Round Twenty Two Family Clinic",
                              specialization="General practice")
    for q, a, k in (("Can I consult the doctor on phone?", "Yes, for patients already seen, 1 pm to 2 pm, Rs 400 by UPI.",
                     "phone call video online teleconsultation"),
                    ("What is the consultation fee?", "Rs 500 a visit.", "fee consultation charges"),
                    ("Where is the clinic?", "Shop 3, Lake View Road, Indore.", "address location"),
                    ("What are the clinic timings?", "Mon-Sat 9 am to 1 pm and 6 to 9 pm.", "timings hours open"),
                    ("Is there parking?", "Yes, in front of the clinic.", "parking car"),
                    ("How can I pay?", "Cash, cards and UPI.", "payment upi card"),
                    ("Is the clinic open on Sunday?", "No, closed on Sundays.", "sunday"),
                    ("Do you do blood tests?", "Yes, samples are taken 8 to 10 am.", "blood test sugar"),
                    ("Do you do home visits?", "Yes, within 4 km for elderly patients.", "home visit"),
                    ("What do I do in an emergency?", "Call 108 and go to City Hospital.", "emergency")):
        stack.add_kb(doc, q, a, k)
    tried, chosen_question = kb_try_for(stack, doc)
    for q in ("doctor ka mobile number chahiye", "give me the doctor's phone number"):
        out = tried(q)
        best = out["candidates"][0]
        assert out["tokens"] == ["phone"], out
        assert out["chosen"] is None and best["question"] == "Can I consult the doctor on phone?", out
        assert best["unstated"] == ["phone"] and '"phone" asked alone (a number)' in out["reason"], out
    for q in ("can i consult on phone", "phone pe consultation ho sakta hai"):
        out = tried(q)
        assert chosen_question(q) == "Can I consult the doctor on phone?", out
        assert out["candidates"][0]["unstated"] == [], out


def test_round_twenty_two_surgery_asked_of_an_entry_about_a_check_up_is_missing(stack):
    # deploy/migrations/101_score22.sql: "retina surgery karte ho" at "Do you do a retina check-up?" missed only
    # `surgery` (named by 15% of the eye clinic's entries: its context) at half its base, and was answered.
    # Surgery asked of an entry whose own words name a test or a check-up, and that neither knows nor says it, is an
    # important word missing: `examined`, nothing chosen; the check-up itself and the surgery an entry names are
    # still answered (entries and questions written for this test, not taken from any evaluation set)
    doc, _ = stack.add_doctor("Dr. Round Twenty Two Eye", "Round Twenty Two Eye Care", specialization="Ophthalmology")
    for q, a, k in (("Do you do a retina check-up?", "Yes, a retina check with a fundus photo is Rs 900.",
                     "retina fundus diabetic"),
                    ("How much does cataract surgery cost?", "Rs 20,000 to Rs 50,000 per eye.",
                     "cataract surgery operation cost"),
                    ("Do you do LASIK?", "Yes, LASIK is Rs 60,000 for both eyes.", "lasik laser specs removal"),
                    ("Do you test eyes for glasses?", "Yes, the optometrist checks the power, Rs 200.",
                     "eye test power number"),
                    ("Do you fit contact lenses?", "Yes, monthly and daily lenses.", "contact lens lenses"),
                    ("Do you do squint surgery?", "Yes, for children and adults.", "squint surgery"),
                    ("What is the consultation fee?", "Rs 500 a visit.", "fee consultation charges"),
                    ("Where is the clinic?", "Plot 2, Lake Road, Bhopal.", "address location"),
                    ("What are the clinic timings?", "Mon-Sat 10 am to 6 pm.", "timings hours open"),
                    ("Do you sell spectacles?", "Yes, frames from Rs 800.", "spectacles glasses frames"),
                    ("Is there parking?", "Yes, in the basement.", "parking car"),
                    ("What do I do if something goes into the eye?", "Wash it with clean water and come at once.",
                     "emergency injury eye")):
        stack.add_kb(doc, q, a, k)
    tried, chosen_question = kb_try_for(stack, doc)
    for q in ("retina surgery karte ho", "do you do retina surgery"):
        out = tried(q)
        best = out["candidates"][0]
        assert out["chosen"] is None and best["question"] == "Do you do a retina check-up?", out
        assert best["examined"] == ["surgery"], out
        assert '"surgery" asked of an entry whose own words name a test or a check-up' in out["reason"], out
    assert chosen_question("do you do a retina check up") == "Do you do a retina check-up?"
    out = tried("do you do squint surgery")
    assert chosen_question("do you do squint surgery") == "Do you do squint surgery?", out
    assert all(c["examined"] == [] for c in out["candidates"]), out


def test_round_twenty_two_reads_patients_english_for_whiter_teeth_cost_and_time_saturday_and_a_combo(stack):
    # deploy/migrations/102_english22b.sql: teeth whiter is the whitening ("make" and "whiter" were left over), the
    # cost and time of a treatment its price ("time" was read as the timings), open on Saturday the timings
    # ("saturday" was left over), a combo of tests the package, a sports day certificate the certificate ("sports"
    # was an activity), scared of injections the painless vaccine (entries and questions written for this test,
    # not taken from any evaluation set)
    doc, _ = stack.add_doctor("Dr. Round Twenty Two", "Round Twenty Two Family Clinic",
                              specialization="General Physician")
    stack.add_kb(doc, "What are your timings?", "Monday to Saturday, 10 am to 1 pm and 5 to 8 pm.",
                 "timings hours open")
    stack.add_kb(doc, "Is the clinic open on Sunday?", "Sundays 10 am to 12 noon only.", "sunday")
    stack.add_kb(doc, "Do you do teeth whitening?", "Yes, in one sitting, Rs 7,000.", "whitening bleaching")
    stack.add_kb(doc, "Do you do dental implants?", "Yes, Rs 25,000 a tooth, in two sittings 3 months apart.",
                 "implant implants missing tooth")
    stack.add_kb(doc, "Do you have a health check-up package?", "Yes, ECG, echo and TMT together for Rs 4,500.",
                 "package health check-up checkup full body")
    stack.add_kb(doc, "Do you give a fitness certificate for school?", "Yes, Rs 300 after a check-up.",
                 "certificate fitness medical school")
    stack.add_kb(doc, "Do you have painless vaccines?", "Yes, the painless combination vaccines are available.",
                 "painless vaccine")

    tried, chosen_question = kb_try_for(stack, doc)
    out = tried("can you make my teeth whiter")
    assert "whitening" in out["tokens"] and "white" not in out["tokens"], out
    assert chosen_question("can you make my teeth whiter") == "Do you do teeth whitening?"
    out = tried("implant cost and time")
    assert "timing" not in out["tokens"] and "fee" in out["tokens"], out
    assert chosen_question("implant cost and time") == "Do you do dental implants?"
    out = tried("are you open on saturday")
    assert "saturday" not in out["tokens"] and "timing" in out["tokens"], out
    assert chosen_question("are you open on saturday") == "What are your timings?"
    assert chosen_question("do you have a combo of ecg echo and tmt") == "Do you have a health check-up package?"
    assert chosen_question("medical certificate for school sports day") == \
        "Do you give a fitness certificate for school?"
    out = tried("my son is scared of injections")
    assert "painless" in out["tokens"] and "injection" not in out["tokens"], out
    assert chosen_question("scared of injections") == "Do you have painless vaccines?"
    # Sunday stays the Sunday entry's, and the lifespan of a whitening stays unanswered
    assert chosen_question("is the doctor available on sunday") == "Is the clinic open on Sunday?"
    assert chosen_question("how long does teeth whitening last") is None


def test_round_twenty_three_reads_patients_english_for_space_to_park_the_teacher_after_school_and_the_afternoon(stack):
    # deploy/migrations/106_english23.sql: a space for bikes (a place to park) is the parking ("space" was left
    # over), meeting the teacher the PTM, staying at school after class the day care, open in the afternoon the
    # timings (entries and questions written for this test, not taken from any evaluation set)
    doc, _ = stack.add_doctor("Dr. Round Twenty Three", "Round Twenty Three Play School",
                              specialization="Play School")
    stack.add_kb(doc, "What are your timings?", "Monday to Friday, 9 am to 1 pm.", "timings hours open")
    stack.add_kb(doc, "Is there parking near the school?", "Yes, in the basement, free for parents.",
                 "parking park car")
    stack.add_kb(doc, "When is the PTM?", "The second Saturday of every month, 10 to 12.", "ptm parent teacher meeting")
    stack.add_kb(doc, "Do you have day care after school?", "Yes, till 6 pm, Rs 3,000 a month.",
                 "daycare day care creche after school")

    tried, chosen_question = kb_try_for(stack, doc)
    out = tried("is there space for bikes")
    assert "parking" in out["tokens"] and "space" not in out["tokens"], out
    assert chosen_question("is there space for bikes") == "Is there parking near the school?"
    out = tried("when can I meet the teacher")
    assert "ptm" in out["tokens"] and "teacher" not in out["tokens"], out
    out = tried("can my daughter stay at school after class")
    assert "daycare" in out["tokens"] and "class" not in out["tokens"], out
    out = tried("is the school open in the afternoon")
    assert "timing" in out["tokens"] and "afternoon" not in out["tokens"], out
    # a question about the fees stays away from the timings
    assert chosen_question("what are your timings") == "What are your timings?"


def test_round_twenty_four_reads_parents_and_patients_english_for_closing_time_chips_fitting_live_camera_and_home(stack):
    # deploy/migrations/110_english24a.sql: the clinic's closing time (school start time, evening) is the timings, chips in
    # the tiffin the food (no longer corrected into "clips", the braces), a Copper-T fitted the IUD ("fitting" no
    # longer corrected into "fasting"), watching the child live on the phone the CCTV ("on phone" no longer read as
    # paying online), "cannot walk, can the doctor" the home visit (entries and questions written for this test, not
    # taken from any evaluation set)
    doc, _ = stack.add_doctor("Dr. Round Twenty Four", "Round Twenty Four Care Centre",
                              specialization="Play School")
    stack.add_kb(doc, "What are your timings?", "Monday to Friday, 9 am to 1 pm.", "timings hours open")
    stack.add_kb(doc, "Do you provide food to the children?", "Yes, a mid-morning snack; send a tiffin for lunch.",
                 "food meals tiffin lunch snacks")
    stack.add_kb(doc, "Are there CCTV cameras in the classrooms?", "Yes, in every classroom and the corridors.",
                 "cctv camera safety")
    stack.add_kb(doc, "Do you insert Copper-T?", "Yes, a 10-minute procedure, Rs 2,500 with the device.",
                 "copper-t copper iud contraception family planning")
    stack.add_kb(doc, "Does the doctor do home visits?", "Home visits for elderly patients within 3 km, Rs 1,000.",
                 "home visit")

    tried, chosen_question = kb_try_for(stack, doc)
    out = tried("what is the clinic closing time")
    assert "timing" in out["tokens"] and "closed" not in out["tokens"], out
    assert chosen_question("what is the clinic closing time") == "What are your timings?"
    out = tried("can I pack chips for my son")
    assert "food" in out["tokens"] and "brace" not in out["tokens"], out
    out = tried("copper t fitting charges")
    assert "iud" in out["tokens"] and "fasting" not in out["tokens"], out
    assert chosen_question("copper t fitting charges") == "Do you insert Copper-T?"
    out = tried("can we watch my child live on phone")
    assert "cctv" in out["tokens"] and "online" not in out["tokens"], out
    assert chosen_question("can we watch my child live on phone") == "Are there CCTV cameras in the classrooms?"
    out = tried("my uncle cannot walk can the doctor come")
    assert "homevisit" in out["tokens"] and "bedridden" not in out["tokens"], out
    # "cannot walk" alone stays the bedridden concept
    assert "bedridden" in tried("my uncle cannot walk")["tokens"]


def test_round_twenty_four_reads_hindi_and_marathi_for_a_preschool_an_eye_clinic_and_a_womens_clinic(stack):
    # deploy/migrations/113_languages24b.sql: after school (in Devanagari and Marathi) is the day care, fetching the
    # child from home the van, cameras in the class the CCTV, where the form is got the admission process, the
    # parents' meeting the PTM; making glasses the optical shop, diabetics' eyes the retina check, the glasses going
    # away the LASIK; the mouth of the womb's test the Pap smear, the Marathi verb of fitting a Copper-T dropped
    # (entries and questions written for this test, not taken from any evaluation set)
    school, _ = stack.add_doctor("Dr. Round Twenty Four", "Round Twenty Four Kids School",
                                 specialization="Play School")
    stack.add_kb(school, "Do you have day care after school?", "Yes, till 6 pm, Rs 4,000 a month.",
                 "daycare day care creche after school")
    stack.add_kb(school, "Do you have a school van?", "Yes, within 4 km, Rs 2,000 a month.",
                 "transport van bus pickup drop")
    stack.add_kb(school, "Are there CCTV cameras in the classrooms?", "Yes, in every classroom.", "cctv camera safety")
    stack.add_kb(school, "What is the admission process?", "Buy the form at the office (Rs 300) and meet the teacher.",
                 "admission process form registration")
    stack.add_kb(school, "When is the PTM?", "The last Saturday of the month.", "ptm parent teacher meeting")
    stack.add_kb(school, "What are the school timings?", "9 am to 12:30 pm.", "timings time hours class")
    tried, chosen_question = kb_try_for(stack, school)
    out = tried("स्कूल छूटने के बाद डे केयर मिलेगा क्या")
    assert "daycare" in out["tokens"] and "after" not in out["tokens"], out
    assert chosen_question("स्कूल छूटने के बाद डे केयर मिलेगा क्या") == "Do you have day care after school?"
    out = tried("van ghar tak chhodne aati hai kya")
    assert "transport" in out["tokens"] and "homevisit" not in out["tokens"], out
    assert chosen_question("van ghar tak chhodne aati hai kya") == "Do you have a school van?"
    assert chosen_question("kya class mein camera lage hain") == "Are there CCTV cameras in the classrooms?"
    out = tried("admission ka form kaha milega")
    assert "where" not in out["tokens"], out
    assert chosen_question("admission ka form kaha milega") == "What is the admission process?"
    assert chosen_question("अभिभावक मीटिंग किस दिन है") == "When is the PTM?"

    eye, _ = stack.add_doctor("Dr. Round Twenty Four Eye", "Round Twenty Four Eye Centre",
                              specialization="Ophthalmologist")
    stack.add_kb(eye, "Do you have an optical shop?", "Yes, glasses are ready in 3 days.",
                 "spectacles glasses frames lenses optical chashma")
    stack.add_kb(eye, "Do you do a retina check-up for diabetics?", "Yes, Rs 700 with a fundus photo.",
                 "retina diabetic diabetes fundus")
    stack.add_kb(eye, "Do you do LASIK?", "Yes, from Rs 40,000 for both eyes.", "lasik laser specs removal")
    stack.add_kb(eye, "Can I get only my eyes tested for glasses?", "Yes, Rs 200.", "eye test number power glasses")
    tried, chosen_question = kb_try_for(stack, eye)
    out = tried("chashma banwana hai")
    assert "make" not in out["tokens"] and "spectacle" in out["tokens"], out
    assert chosen_question("sugar ke patient ki aankhon ka checkup") == "Do you do a retina check-up for diabetics?"
    assert chosen_question("laser se chashma hat jayega kya") == "Do you do LASIK?"
    # the number of the glasses stays the eye test's
    assert chosen_question("chashme ka number check karwana hai") == "Can I get only my eyes tested for glasses?"

    gyn, _ = stack.add_doctor("Dr. Round Twenty Four Gyn", "Round Twenty Four Women's Clinic",
                              specialization="Gynaecologist")
    stack.add_kb(gyn, "Do you do Pap smear test?", "Yes, Rs 900, report in 5 days.",
                 "pap smear cervical cancer screening")
    stack.add_kb(gyn, "Do you give the HPV vaccine?", "Yes, Rs 3,000 a dose.", "hpv vaccine cervical")
    stack.add_kb(gyn, "Do you insert Copper-T?", "Yes, Rs 1,200 with the device.",
                 "copper-t copper iud contraception family planning")
    tried, chosen_question = kb_try_for(stack, gyn)
    assert chosen_question("bachedani ke munh ki jaanch karte ho") == "Do you do Pap smear test?"
    out = tried("कॉपर टी बसवायचा आहे")
    assert "बसवायचा" not in out["tokens"], out
    assert chosen_question("कॉपर टी बसवायचा आहे") == "Do you insert Copper-T?"


def test_round_twenty_four_the_price_of_an_opg_is_not_the_price_of_a_single_tooth_x_ray(stack):
    # deploy/migrations/109_score24.sql: the lexicon read OPG (a full mouth X-ray) as `xray`, so "full mouth opg ka
    # rate" was the X-ray entry's own subject and its answer's amount (a single tooth's X-ray) its price. OPG is its own
    # word; asked of an entry whose own words name the X-ray only, it is read as that subject (`narrower`), and its
    # fee is the fee of a word the entry knows by its keywords only: 077's `unpriced`, never the clinic's context where
    # the entry's own words do not ask the fee. Whether the OPG is done still reaches the X-ray entry (entries and
    # questions written for this test, not taken from any evaluation set)
    doc, _ = stack.add_doctor("Dr. Round Twenty Four Dental", "Round Twenty Four Dental Care",
                              specialization="Dentistry")
    for q, a, k in (("Do you have dental X-ray in the clinic?",
                     "A single-tooth X-ray (RVG) is taken here for Rs 250. For a full mouth OPG we send you to City "
                     "Scans across the road.", "x-ray xray rvg opg"),
                    ("What is the checkup fee?", "Rs 300, adjusted in the treatment if you start it.",
                     "checkup consultation fee charges"),
                    ("How much does a root canal cost?", "Rs 4,500 a tooth, the crown extra.", "rct root canal price"),
                    ("How much do braces cost?", "Metal braces Rs 35,000, ceramic Rs 50,000.", "braces price cost"),
                    ("How much is teeth cleaning?", "Rs 1,000 for scaling and polishing.", "cleaning scaling price"),
                    ("What are the clinic timings?", "Mon-Sat 10 am to 1 pm and 5 to 8 pm.", "timings hours open"),
                    ("Where is the clinic?", "Shop 4, Lake Road, Pune.", "address location"),
                    ("Do you treat children?", "Yes, a kids' dentist sits on Saturdays.", "kids children child"),
                    ("Is there parking?", "Yes, in front of the clinic.", "parking car")):
        stack.add_kb(doc, q, a, k)
    tried, chosen_question = kb_try_for(stack, doc)
    for q in ("full mouth opg ka rate", "price of a full mouth opg"):
        out = tried(q)
        best = out["candidates"][0]
        assert out["chosen"] is None, out
        assert best["question"] == "Do you have dental X-ray in the clinic?", out
        assert best["narrower"] == ["opg"] and best["unpriced"] == ["fee"] and "fee" in best["missing"], out
        assert "read as its subject" in out["reason"], out
    for q in ("opg karte ho kya", "opg done here", "xray kitne ka hai"):
        assert chosen_question(q) == "Do you have dental X-ray in the clinic?", tried(q)
    # the checkup fee's own question asks the fee: the fee stays its context
    assert chosen_question("checkup fee adjust hogi kya treatment mein") == "What is the checkup fee?"


def test_round_twenty_four_reads_parents_english_for_the_same_cough_baby_injections_fever_at_night_and_the_doctor(stack):
    # deploy/migrations/111_english24b.sql: the same cough again is the follow-up, injections for babies (the 6 week
    # vaccines) the vaccine, a high fever at midnight the emergency, "when is the doctor available" the timings, a
    # tooth pulled the extraction (entries and questions written for this test, not taken from any evaluation set)
    doc, _ = stack.add_doctor("Dr. Round Twenty Four", "Round Twenty Four Kids Clinic",
                              specialization="Paediatrician")
    stack.add_kb(doc, "What are your timings?", "Monday to Saturday, 10 am to 1 pm.", "timings hours open")
    stack.add_kb(doc, "Is the follow-up visit free?", "A follow-up for the same illness within 5 days is free.",
                 "follow-up followup review revisit free")
    stack.add_kb(doc, "Do you give vaccines?", "Yes, on Tuesdays and Fridays, 11 am to 1 pm.",
                 "vaccine vaccines vaccination immunisation")
    stack.add_kb(doc, "Whom do I call in an emergency at night?", "Go to City Hospital casualty or call 108.",
                 "emergency night urgent")
    stack.add_kb(doc, "How much is a tooth extraction?", "Rs 800 for a milk tooth.", "extraction remove tooth")

    tried, chosen_question = kb_try_for(stack, doc)
    out = tried("the same cough came back, is the visit free")
    assert "followup" in out["tokens"] and "cough" not in out["tokens"], out
    out = tried("which days do you give injections to babies")
    assert "vaccine" in out["tokens"] and "injection" not in out["tokens"], out
    assert chosen_question("which days do you give injections to babies") == "Do you give vaccines?"
    out = tried("my son has a high fever at midnight, whom do we call")
    assert "emergency" in out["tokens"] and "fever" not in out["tokens"], out
    assert chosen_question("my son has a high fever at midnight, whom do we call") == \
        "Whom do I call in an emergency at night?"
    out = tried("when is the doctor available")
    assert "timing" in out["tokens"], out
    assert chosen_question("when is the doctor available") == "What are your timings?"
    out = tried("how much for getting a tooth pulled")
    assert "extraction" in out["tokens"] and "pulled" not in out["tokens"], out
    # a fever by day stays a fever, not the emergency
    assert "emergency" not in tried("my son has a fever since monday")["tokens"]


def test_round_twenty_four_reads_hinglish_and_marathi_for_teeth_instalments_the_opd_and_a_baby(stack):
    # deploy/migrations/112_languages24a.sql: Marathi "dant kadhaycha" (the tooth taken out) is the extraction beside
    # "daat kadhaycha"; "kisto me paise" (paying in parts) the EMI, not the payment; "balgam" (phlegm) is no longer
    # corrected into "balak" (a child), nor "khichte" (take a picture) into a where; "opd kab hoti" asks the hours;
    # "kab lagwa sakte" (when can one get it given) is not the queue's "lagwa"; "doctor kab milti hai" asks the hours
    # (entries and questions written for this test, not taken from any evaluation set)
    teeth, _ = stack.add_doctor("Dr. Round Twenty Four Teeth", "Round Twenty Four Dental", specialization="Dentistry")
    stack.add_kb(teeth, "How much is a tooth extraction?", "A simple extraction is Rs 900.", "extraction remove")
    stack.add_kb(teeth, "Is EMI available for treatment?", "Yes, for braces and implants, 0% for 6 months.",
                 "emi instalments installments")
    stack.add_kb(teeth, "What payment methods do you accept?", "UPI, cards and cash.", "payment upi card cash")
    stack.add_kb(teeth, "Do you have dental X-ray in the clinic?", "Yes, RVG and OPG in the clinic.", "x-ray xray rvg opg")
    kids, _ = stack.add_doctor("Dr. Round Twenty Four Kids", "Round Twenty Four Children's Clinic",
                               specialization="Paediatrics")
    stack.add_kb(kids, "What are the OPD timings?", "Monday to Saturday, 10 am to 1 pm and 6 to 8 pm.",
                 "timings time hours opd open")
    stack.add_kb(kids, "What is the consultation fee?", "Rs 600 a visit.", "fee fees consultation charges")
    stack.add_kb(kids, "Do you give vaccines as per the IAP schedule?", "Yes, every vaccine of the IAP schedule.",
                 "vaccine vaccines vaccination immunisation tika")

    tried, chosen_question = kb_try_for(stack, teeth)
    out = tried("dant kadhaycha kharcha kiti")
    assert "extraction" in out["tokens"], out
    assert chosen_question("dant kadhaycha kharcha kiti") == "How much is a tooth extraction?"
    out = tried("kisto me paise de sakte hai kya")
    assert "emi" in out["tokens"] and "payment" not in out["tokens"], out
    assert chosen_question("kisto me paise de sakte hai kya") == "Is EMI available for treatment?"
    out = tried("daant ka photo khichte ho kya")
    assert "where" not in out["tokens"], out

    tried, chosen_question = kb_try_for(stack, kids)
    out = tried("bacche ko balgam hai")
    assert "child" in out["tokens"] and out["tokens"].count("child") == 1 and "cough" in out["tokens"], out
    out = tried("opd kab hoti hai")
    assert "timing" in out["tokens"], out
    assert chosen_question("opd kab hoti hai") == "What are the OPD timings?"
    out = tried("baby ko tika kab lagwa sakte hai")
    assert "queue" not in out["tokens"] and "vaccine" in out["tokens"], out
    assert chosen_question("doctor kab milti hai") == "What are the OPD timings?"
    # the fee stays the fee's
    assert chosen_question("doctor ki fees kitni hai") == "What is the consultation fee?"


def test_round_twenty_five_a_narrower_concept_is_a_row_of_kb_narrower_not_code(stack):
    # deploy/migrations/115_score25.sql: 109's OPG/X-ray pair is a row of kb_narrower (concept -> broader subject); a
    # clinic's own row, added through SQL with no change of code, makes a kind of vaccine asked with the vaccine ("how
    # much is the zoster vaccine") the narrower concept of an entry whose own words name only the vaccine: its fee is
    # the kind's, which no sentence of the answer prices. The row empties the router's answer cache (kb_versions) and
    # deleting it gives the old answer back (entries and questions written for this test, not taken from any
    # evaluation set)
    doc, _ = stack.add_doctor("Dr. Round Twenty Five", "Round Twenty Five Family Clinic",
                              specialization="General Medicine")
    for q, a, k in (("How much do the vaccines cost?",
                     "It depends on the vaccine; we send the price list on WhatsApp. Rs 150 is added for each visit.",
                     "vaccine price cost rate"),
                    ("What is the consultation fee?", "Rs 500 a visit.", "fee fees consultation charges"),
                    ("What are the clinic timings?", "Mon-Sat 9 am to 1 pm and 5 to 8 pm.", "timings hours open"),
                    ("Where is the clinic?", "12 Station Road, Nashik.", "address location"),
                    ("Do you do blood tests?", "Yes, samples are taken from 8 to 10 am.", "blood test lab"),
                    ("Is there parking?", "Yes, in front of the clinic.", "parking car")):
        stack.add_kb(doc, q, a, k)
    tried, chosen_question = kb_try_for(stack, doc)
    q = "how much is the zoster vaccine"
    assert "zoster" in tried(q)["tokens"] and "vaccine" in tried(q)["tokens"], tried(q)
    assert chosen_question(q) == "How much do the vaccines cost?", tried(q)
    version = stack.sql("SELECT coalesce(sum(version), 0) FROM kb_versions WHERE doctor_id = %s", doc)[0][0]
    stack.sql("INSERT INTO kb_narrower (doctor_id, concept, broader) VALUES (%s, 'zoster', 'vaccine')", doc)
    assert stack.sql("SELECT coalesce(sum(version), 0) FROM kb_versions WHERE doctor_id = %s", doc)[0][0] > version
    out = tried(q)
    best = out["candidates"][0]
    assert out["chosen"] is None, out
    assert best["question"] == "How much do the vaccines cost?", out
    assert best["narrower"] == ["zoster"] and best["unpriced"] == ["fee"] and "fee" in best["missing"], out
    assert '"zoster" (narrower than "vaccine")' in out["reason"], out
    # the vaccines' price asked in general stays that entry's
    assert chosen_question("how much do vaccines cost") == "How much do the vaccines cost?"
    stack.sql("DELETE FROM kb_narrower WHERE doctor_id = %s", doc)
    assert chosen_question(q) == "How much do the vaccines cost?", tried(q)
    # the global OPG row is seeded
    assert stack.sql("SELECT broader FROM kb_narrower WHERE doctor_id IS NULL AND concept = 'opg'") == [("xray",)]


def test_round_twenty_five_the_price_of_a_kind_is_not_the_price_of_its_broader_subject(stack):
    # deploy/migrations/115_score25.sql: kb_narrower's rows (a named vaccine -> vaccine, IVF -> infertility, a twin
    # delivery -> delivery). The IVF's price asked of "Do you treat infertility?" (whose answer prices the IUI) reads
    # the IVF as that entry's subject, priced only by a sentence naming the IVF; a named vaccine or twins asked with
    # their broader subject ("pcv vaccine", "twin delivery") are a kind of it, priced only by a sentence naming the kind
    # (entries and questions written for this test, not taken from any evaluation set)
    gyn, _ = stack.add_doctor("Dr. Round Twenty Five Gyn", "Round Twenty Five Women's Clinic",
                              specialization="Obstetrics and Gynaecology")
    for q, a, k in (("Do you treat infertility?",
                     "Yes, we do the fertility work-up and IUI (Rs 9,000 a cycle). For IVF we refer you to City "
                     "Fertility Centre.", "infertility fertility iui ivf conceive"),
                    ("What is the cost of delivery?", "A normal delivery is Rs 40,000 and a caesarean Rs 65,000.",
                     "delivery normal caesarean cost charges"),
                    ("What is the consultation fee?", "Rs 700 a visit.", "fee fees consultation charges"),
                    ("What are the clinic timings?", "Mon-Sat 10 am to 2 pm.", "timings hours open"),
                    ("Where is the clinic?", "3 Hill Road, Indore.", "address location"),
                    ("Is there parking?", "Yes, behind the building.", "parking car")):
        stack.add_kb(gyn, q, a, k)
    tried, chosen_question = kb_try_for(stack, gyn)
    for q in ("how much does one ivf cycle cost", "what is the price for twin delivery"):
        out = tried(q)
        assert out["chosen"] is None and out["candidates"][0]["unpriced"] == ["fee"], out
        assert out["candidates"][0]["narrower"] in (["ivf"], ["twin"]), out
    assert chosen_question("do you do ivf") == "Do you treat infertility?"
    assert chosen_question("delivery charges kitne hai") == "What is the cost of delivery?"
    kids, _ = stack.add_doctor("Dr. Round Twenty Five Kids", "Round Twenty Five Child Care",
                               specialization="Paediatrics")
    for q, a, k in (("How much do the vaccines cost?",
                     "It depends on the vaccine; ask at the desk for the list. Rs 100 is charged for each visit.",
                     "vaccine price cost rate"),
                    ("What is the consultation fee?", "Rs 500 a visit.", "fee fees consultation charges"),
                    ("What are the clinic timings?", "Mon-Sat 9 am to 1 pm.", "timings hours open"),
                    ("Where is the clinic?", "8 Lake View, Bhopal.", "address location"),
                    ("Is there parking?", "Yes, on the street.", "parking car")):
        stack.add_kb(kids, q, a, k)
    tried, chosen_question = kb_try_for(stack, kids)
    out = tried("pcv vaccine ka rate kya hai")
    assert out["chosen"] is None and out["candidates"][0]["narrower"] == ["pcv"], out
    assert '"pcv" (narrower than "vaccine")' in out["reason"] or out["candidates"][0]["unpriced"] == ["fee"], out
    assert chosen_question("vaccines ka rate kya hai") == "How much do the vaccines cost?"


def test_round_twenty_five_reads_patients_and_parents_english_for_madam_a_pregnancy_scan_crossed_eyes_and_a_visit(stack):
    # deploy/migrations/116_english25a.sql: "when is madam available" asks the hours (every word of it was dropped
    # before), a scan for pregnancy is the ultrasound (not the pregnancy package), eyes that are crossed the squint,
    # coming to see the school a visit (the office hours), "per term" the quarterly fee, a Diwali break the holidays
    # (no longer a repair), an old father the senior the home visit is for (entries and questions written for this
    # test, not taken from any evaluation set)
    doc, _ = stack.add_doctor("Dr. Round Twenty Five", "Round Twenty Five Care Centre",
                              specialization="Obstetrics and gynaecology")
    stack.add_kb(doc, "What are the clinic timings?", "Monday to Saturday, 10 am to 1 pm.", "timings time hours open")
    stack.add_kb(doc, "Where is the clinic?", "Above the pharmacy, MG road.", "address location where")
    stack.add_kb(doc, "Do you have a pregnancy care package?", "Yes, Rs 20,000 for every check-up till delivery.",
                 "pregnancy antenatal anc package")
    stack.add_kb(doc, "Do you do sonography at the clinic?", "Yes, a pregnancy scan is Rs 1,000.",
                 "sonography ultrasound usg scan")
    stack.add_kb(doc, "Does the doctor do home visits?", "Home visits for elderly patients within 3 km, Rs 1,000.",
                 "home visit")
    eyes, _ = stack.add_doctor("Dr. Round Twenty Five Eyes", "Round Twenty Five Eye Clinic",
                               specialization="Ophthalmology (eye care)")
    stack.add_kb(eyes, "Do you check children's eyes?", "Yes, on Wednesdays, squint check-ups included.",
                 "children child kids squint")
    stack.add_kb(eyes, "What are the clinic timings?", "Monday to Saturday, 9 am to 7 pm.", "timings time hours open")
    school, _ = stack.add_doctor("Round Twenty Five School", "Round Twenty Five Preschool", specialization="Preschool")
    stack.add_kb(school, "When is the school office open for enquiries?", "Monday to Saturday, 9 am to 3 pm.",
                 "office enquiry visit hours")
    stack.add_kb(school, "What is the fee structure?", "Rs 9,000 per quarter.", "fee fees tuition quarterly")
    stack.add_kb(school, "What is the holiday list?", "Summer vacation from 15 May to 30 June.",
                 "holidays holiday vacation summer winter diwali")
    stack.add_kb(school, "Where is the school?", "Sector 4, near the park.", "address location where")

    tried, chosen_question = kb_try_for(stack, doc)
    out = tried("when is madam available in the clinic")
    assert "timing" in out["tokens"], out
    assert chosen_question("when is madam available in the clinic") == "What are the clinic timings?"
    out = tried("scan for pregnancy cost")
    assert "ultrasound" in out["tokens"] and "pregnancy" not in out["tokens"], out
    assert chosen_question("scan for pregnancy cost") == "Do you do sonography at the clinic?"
    out = tried("can the doctor come home for my old father")
    assert "senior" in out["tokens"] and "age" not in out["tokens"], out
    assert chosen_question("can the doctor come home for my old father") == "Does the doctor do home visits?"

    tried, chosen_question = kb_try_for(stack, eyes)
    out = tried("my daughter's eyes are crossed, when can we show her")
    assert "squint" in out["tokens"] and "crossed" not in out["tokens"], out
    assert chosen_question("my daughter's eyes are crossed, when can we show her") == "Do you check children's eyes?"

    tried, chosen_question = kb_try_for(stack, school)
    out = tried("when can we come to see the school")
    assert "consultation" in out["tokens"] and "show" not in out["tokens"], out
    assert chosen_question("when can we come to see the school") == "When is the school office open for enquiries?"
    out = tried("what are the fees per term")
    assert "quarter" in out["tokens"], out
    assert chosen_question("what are the fees per term") == "What is the fee structure?"
    out = tried("when is the diwali break")
    assert "holiday" in out["tokens"] and "repair" not in out["tokens"], out
    assert chosen_question("when is the diwali break") == "What is the holiday list?"


def test_round_twenty_five_reads_patients_english_for_a_childs_age_the_tmt_crooked_teeth_and_the_cap(stack):
    # deploy/migrations/117_english25b.sql: a child's age followed by what the child has or needs ("my 7 year old
    # needs") is the child, while a bare age ("for my 7 yr old") stays an age; eating before the treadmill test is
    # the TMT's preparation, not the TMT; teeth that are not straight (a gap between the teeth) the braces; a cap
    # after a root canal the crown, not the root canal (entries and questions written for this test, not taken from
    # any evaluation set)
    teeth, _ = stack.add_doctor("Dr. Round Twenty Five Teeth", "Round Twenty Five Dental", specialization="Dentistry")
    stack.add_kb(teeth, "Do you treat children?", "Yes, our children's dentist sees kids on Saturdays.",
                 "children kids child paediatric")
    stack.add_kb(teeth, "What is the cost of braces?", "Metal braces Rs 30,000.", "braces aligners orthodontic")
    stack.add_kb(teeth, "How much does a root canal cost?", "Rs 4,000 a tooth.", "root canal rct price cost")
    stack.add_kb(teeth, "How much does a cap (crown) cost?", "Rs 5,000, ready in 4 days.", "cap crown price cost")
    heart, _ = stack.add_doctor("Dr. Round Twenty Five Heart", "Round Twenty Five Heart Centre",
                                specialization="Cardiology")
    stack.add_kb(heart, "Do you do TMT (treadmill stress test)?", "Yes, on weekday mornings, Rs 2,000.",
                 "tmt treadmill stress test price")
    stack.add_kb(heart, "How should I prepare for the TMT?", "A light breakfast 2 hours before and walking shoes.",
                 "tmt prepare preparation shoes breakfast")

    tried, chosen_question = kb_try_for(stack, teeth)
    out = tried("my 7 year old needs a dentist")
    assert "child" in out["tokens"] and "age" not in out["tokens"], out
    assert chosen_question("my 7 year old needs a dentist") == "Do you treat children?"
    assert "age" in tried("dental check for my 7 yr old")["tokens"]
    out = tried("my teeth are not straight, what can be done")
    assert "brace" in out["tokens"] and "straight" not in out["tokens"], out
    assert chosen_question("my teeth are not straight, what can be done") == "What is the cost of braces?"
    out = tried("how much is the cap after root canal")
    assert "crown" in out["tokens"] and "rct" not in out["tokens"], out
    assert chosen_question("how much is the cap after root canal") == "How much does a cap (crown) cost?"

    tried, chosen_question = kb_try_for(stack, heart)
    out = tried("can i eat before the treadmill test")
    assert "prepare" in out["tokens"], out
    assert chosen_question("can i eat before the treadmill test") == "How should I prepare for the TMT?"
    # the TMT itself stays the TMT's
    assert chosen_question("do you do tmt") == "Do you do TMT (treadmill stress test)?"


def test_round_twenty_five_reads_hinglish_and_marathi_for_a_child_s_teeth_a_revisit_an_echo_and_white_teeth(stack):
    # deploy/migrations/118_languages25a.sql: a child's age ("5 saal ki bachchi", "teen saal ke") and someone's tooth to
    # be shown ("bachchi ke daant dikhane") read the child, not an age no entry holds; "phir se dikhane" (coming back to
    # show the doctor) is the follow-up in each spelling; "aap log" (you people) is dropped; "me kya karte hai" (what is
    # done in it) asks the procedure (read as the lexicon's word for a procedure), not the price; Marathi "pandhre" (white) is whitening (entries and questions
    # written for this test, not taken from any evaluation set)
    teeth, _ = stack.add_doctor("Dr. Round Twenty Five Teeth", "Round Twenty Five Dental", specialization="Dentistry")
    stack.add_kb(teeth, "Do you treat children?", "Yes, our children's dentist sees them on Fridays.",
                 "children kids child paediatric")
    stack.add_kb(teeth, "How much is a tooth extraction?", "A simple extraction is Rs 900.", "extraction remove")
    stack.add_kb(teeth, "Do you do teeth whitening?", "Yes, in one sitting, Rs 7,000.", "whitening bleaching white")
    stack.add_kb(teeth, "What is the fee for a dental check-up?", "Rs 300.", "fee fees check-up checkup consultation")
    heart, _ = stack.add_doctor("Dr. Round Twenty Five Heart", "Round Twenty Five Heart Centre",
                                specialization="Cardiology")
    stack.add_kb(heart, "How much does a 2D echo cost?", "Rs 1,800.", "echo 2d echocardiography price cost")
    stack.add_kb(heart, "What happens during an echo test?", "A probe with gel is moved over the chest.",
                 "echo 2d procedure how done")
    stack.add_kb(heart, "What is the fee for a follow-up?", "Rs 500 within 10 days.", "follow-up followup review revisit")
    stack.add_kb(heart, "What is the consultation fee?", "Rs 900.", "fee fees consultation charges")
    stack.add_kb(heart, "What are the OPD timings?", "Monday to Saturday, 10 am to 2 pm.", "timings time hours opd")

    tried, chosen_question = kb_try_for(stack, teeth)
    out = tried("meri 5 saal ki bachchi ke daant dikhane hai")
    assert "child" in out["tokens"] and "age" not in out["tokens"] and "consultation" not in out["tokens"], out
    out = tried("teen saal ke bete ko dekhoge kya")
    assert "teen" not in out["tokens"] and "child" in out["tokens"], out
    assert chosen_question("teen saal ke bete ko dekhoge kya") == "Do you treat children?"
    out = tried("dat pandhre karun miltil ka")
    assert "white" in out["tokens"], out
    assert chosen_question("dat pandhre karun miltil ka") == "Do you do teeth whitening?"

    tried, chosen_question = kb_try_for(stack, heart)
    out = tried("phir se dikhane aaye to kitna lagega")
    assert "followup" in out["tokens"] and "again" not in out["tokens"], out
    assert chosen_question("phir se dikhane aaye to kitna lagega") == "What is the fee for a follow-up?"
    out = tried("aap log kitne baje tak opd chalate ho")
    assert "log" not in out["tokens"], out
    out = tried("echo me kya karte hai")
    assert "echo" in out["tokens"] and len(out["tokens"]) == 2, out  # the echo and what is done in it
    assert chosen_question("echo me kya karte hai") == "What happens during an echo test?"
    assert chosen_question("echo kitne ka hai") == "How much does a 2D echo cost?"


def test_round_twenty_five_reads_hinglish_hindi_and_marathi_for_glasses_the_scan_the_bag_and_the_school(stack):
    # deploy/migrations/119_languages25b.sql: "कितने दिन में बन जाएगा" (made in how many days) is the duration, not a
    # `make` no entry covers, and "naye" (new) is dropped; "bharti hona padega" (must one be admitted) asks how long
    # the operation keeps one; "सोनोग्राफी में बच्चे का लिंग" is the baby's sex, not the scan; "kya kya le jana" what
    # to take along (the bag); "sikhate ho kya" the activities; "school dekhne" the visit, not the school's address
    # (entries and questions written for this test, not taken from any evaluation set)
    eye, _ = stack.add_doctor("Dr. Round Twenty Five Eyes", "Round Twenty Five Eye Care", specialization="Ophthalmology")
    stack.add_kb(eye, "Do you sell spectacles?", "Frames from Rs 700; glasses are ready in 3 days.",
                 "spectacles glasses frames optical chashma")
    stack.add_kb(eye, "Can I get my eyes tested for glasses?", "Yes, the power check is Rs 150.",
                 "eye test number power glasses")
    stack.add_kb(eye, "How is cataract surgery done?", "It takes 20 minutes and you go home the same day.",
                 "cataract operation procedure how long")
    stack.add_kb(eye, "How much does cataract surgery cost?", "From Rs 20,000 an eye.",
                 "cataract motiyabind operation surgery cost price")
    gyn, _ = stack.add_doctor("Dr. Round Twenty Five Women", "Round Twenty Five Women's Care",
                              specialization="Obstetrics and Gynaecology")
    stack.add_kb(gyn, "Do you do pregnancy sonography?", "Yes, Rs 1,000, on Mondays and Thursdays.",
                 "sonography ultrasound usg scan")
    stack.add_kb(gyn, "Can you tell the gender of the baby?", "No, it is forbidden by law.", "gender sex boy girl")
    stack.add_kb(gyn, "What should we bring for the delivery?", "The file, ID, clothes for mother and baby.",
                 "bag delivery things")
    stack.add_kb(gyn, "What is the cost of delivery?", "Normal Rs 30,000, caesarean Rs 55,000.",
                 "delivery normal caesarean cost charges")
    school, _ = stack.add_doctor("Dr. Round Twenty Five School", "Round Twenty Five Preschool",
                                 specialization="Preschool")
    stack.add_kb(school, "When can we visit the school office?", "Monday to Saturday, 9 am to 2 pm.",
                 "office enquiry visit hours")
    stack.add_kb(school, "Where is the school?", "Sector 4, opposite the park.", "address location where")
    stack.add_kb(school, "What activities do the children do?", "Music, dance, art and phonics.",
                 "activities dance music art phonics")

    tried, chosen_question = kb_try_for(stack, eye)
    out = tried("mera chashma kitne din me ban jayega")
    assert "duration" in out["tokens"] and "make" not in out["tokens"], out
    out = tried("मेरा चश्मा कितने दिन में बन जाएगा")
    assert "duration" in out["tokens"] and "make" not in out["tokens"], out
    assert "naye" not in tried("naye chashme ka frame kitne ka hai")["tokens"]
    out = tried("motiyabind ke operation me bharti hona padega kya")
    assert "long" in out["tokens"], out

    tried, chosen_question = kb_try_for(stack, gyn)
    out = tried("सोनोग्राफी में बच्चे का लिंग बता देंगे क्या")
    assert "gender" in out["tokens"], out
    assert chosen_question("सोनोग्राफी में बच्चे का लिंग बता देंगे क्या") == "Can you tell the gender of the baby?"
    assert chosen_question("delivery ke din kya kya le jana padega") == "What should we bring for the delivery?"

    tried, chosen_question = kb_try_for(stack, school)
    out = tried("bachchon ko rhymes sikhate ho kya")
    assert "activity" in out["tokens"], out
    assert chosen_question("school dekhne kab aa sakte hai") == "When can we visit the school office?"
    # the school's address stays the address's
    assert chosen_question("school kahan hai") == "Where is the school?"


def test_round_twenty_one_perf_a_counter_update_refreshes_no_specialty_and_a_content_update_does(stack):
    # deploy/migrations/128_perf31.sql: the router's hits UPDATE (a counter) calls no specialty refresh; an UPDATE of
    # an entry's content still recomputes its doctor's row. The row is removed first, so that only a refresh brings it
    # back: a counter update leaves it absent, an edit of the answer restores it (the words the doctor's
    # specialization and clinic name give, as 098 computes them).
    doc, _ = stack.add_doctor("Dr. Counter Only", "Counter Only Heart Clinic", specialization="Cardiology")
    stack.add_kb(doc, "Do you do the stress test (TMT)?", "Yes, on weekday mornings.", "tmt treadmill")
    stack.add_kb(doc, "Where is the clinic?", "First floor, Lakeview Plaza.", "address location")
    words = stack.sql("SELECT words FROM kb_doctor_specialty WHERE doctor_id = %s", doc)[0][0]
    assert "heart" in words, words
    stack.sql("DELETE FROM kb_doctor_specialty WHERE doctor_id = %s", doc)
    stack.sql("UPDATE kb_entries SET hits = hits + 1 WHERE doctor_id = %s", doc)
    assert stack.sql("SELECT count(*) FROM kb_doctor_specialty WHERE doctor_id = %s", doc)[0][0] == 0
    assert stack.sql("SELECT sum(hits) FROM kb_entries WHERE doctor_id = %s", doc)[0][0] == 2
    stack.sql("UPDATE kb_entries SET answer = answer || ' Call first.'"
              " WHERE doctor_id = %s AND question LIKE 'Where%%'", doc)
    assert stack.sql("SELECT words FROM kb_doctor_specialty WHERE doctor_id = %s", doc) == [(words,)]


def test_round_twenty_six_score_reads_the_night_the_lasting_and_the_drops(stack):
    # deploy/migrations/123_score26.sql (entries and questions written for this test, not taken from any evaluation
    # set): a part of the day asked ("at night") of an entry naming no time at all is not answered by it (`untimed`);
    # how long a thing lasts is not the duration its answer states (`lasting`); a retainer is a kind of the braces'
    # subject; "drops" is not the van's drop
    gp, _ = stack.add_doctor("Dr. Round Twenty Six Family", "Round Twenty Six Family Clinic",
                             specialization="General practice")
    stack.add_kb(gp, "Does the doctor do home visits?", "Home visits for elderly patients within 2 km, Rs 900.",
                 "home visit house call")
    stack.add_kb(gp, "What are the clinic timings?", "Monday to Saturday, 10 am to 1 pm and 6 pm to 9 pm.",
                 "timings time hours open")
    stack.add_kb(gp, "What is the consultation fee?", "Rs 400.", "fee fees consultation charges")
    teeth, _ = stack.add_doctor("Dr. Round Twenty Six Teeth", "Round Twenty Six Dental", specialization="Dentistry")
    stack.add_kb(teeth, "Do you do teeth whitening?", "Yes, in one sitting of about an hour, Rs 7,500.",
                 "whitening bleaching white yellow")
    stack.add_kb(teeth, "Is EMI available for treatment?", "Yes, no-cost EMI for bills above Rs 15,000.",
                 "emi instalments installments finance")
    stack.add_kb(teeth, "What payment methods do you accept?", "Cash, UPI and cards.", "payment upi card cash gpay")
    stack.add_kb(teeth, "How much do braces cost?", "Metal braces Rs 30,000, ceramic Rs 45,000.",
                 "braces orthodontic clips")
    stack.add_kb(teeth, "How long does a root canal take?", "Two sittings of about 45 minutes each.",
                 "root canal rct time duration sittings")
    eye, _ = stack.add_doctor("Dr. Round Twenty Six Eyes", "Round Twenty Six Eye Care",
                              specialization="Ophthalmology")
    stack.add_kb(eye, "Will my eyes be dilated? Can I drive after that?",
                 "We put dilating drops; vision stays blurry for 4 hours. Do not drive.",
                 "dilation dilate drops drive blurry")
    stack.add_kb(eye, "What is the consultation fee?", "Rs 500.", "fee fees consultation charges")

    tried, chosen_question = kb_try_for(stack, gp)
    out = tried("home visit at night possible")
    assert out["chosen"] is None, out
    top = out["candidates"][0]
    assert top["question"] == "Does the doctor do home visits?" and top["untimed"] == ["evening"], out
    assert "a part of the day asked" in out["reason"], out
    # the home visit asked alone, and the evening asked of the timings (which name a time), as before
    assert chosen_question("can the doctor come home to see my father") == "Does the doctor do home visits?"
    assert chosen_question("evening mein clinic kab tak khula hai") == "What are the clinic timings?"

    tried, chosen_question = kb_try_for(stack, teeth)
    out = tried("how long does teeth whitening last")
    assert out["chosen"] is None, out
    top = out["candidates"][0]
    assert top["question"] == "Do you do teeth whitening?" and top["lasting"] == ["duration"], out
    assert chosen_question("do you do teeth whitening") == "Do you do teeth whitening?"
    # how long a procedure takes is still the duration its answer states
    assert chosen_question("how long does root canal take") == "How long does a root canal take?"
    # a retainer is a kind of the braces' subject (kb_narrower): its fee is not the braces' priced sentence
    out = tried("braces ke baad retainer kitne ka")
    assert out["chosen"] is None, out
    top = out["candidates"][0]
    assert top["question"] == "How much do braces cost?" and top["narrower"] == ["retainer"], out
    assert top["unpriced"] == ["fee"], out
    assert chosen_question("how much do braces cost") == "How much do braces cost?"

    # "drops" (eye drops) is not the van's drop (`transport`): the school van is asked of no entry of an eye clinic
    tried, chosen_question = kb_try_for(stack, eye)
    out = tried("is there a school van")
    assert "transport" in out["tokens"] and out["chosen"] is None, out
    assert (chosen_question("drops dalne ke baad gaadi chala sakte hai")
            == "Will my eyes be dilated? Can I drive after that?")


def test_round_twenty_six_reads_patients_and_parents_english_for_the_delivery_kit_post_op_visits_a_tiffin_and_home(stack):
    # deploy/migrations/124_english26a.sql: a delivery kit, what to pack for the baby (the bag, no "bag" said); a
    # delivery package (the delivery's cost, not the pregnancy package); check-ups (reviews) after the operation and whether they are free (the follow-up, the operation named); staying in hospital after a
    # cataract operation (how long it keeps one); packing lunch (the food, not the delivery bag); applying for
    # admission (the process); a bedridden mother the doctor may visit (the home visit)
    # (entries and questions written for this test, not taken from any evaluation set)
    gyn, _ = stack.add_doctor("Dr. Round Twenty Six Women", "Round Twenty Six Women's Care",
                              specialization="Obstetrics and Gynaecology")
    stack.add_kb(gyn, "What should we bring for the delivery?", "The file, ID, clothes for mother and baby.",
                 "bag delivery things")
    stack.add_kb(gyn, "What is the cost of delivery?", "Normal Rs 30,000, caesarean Rs 55,000.",
                 "delivery normal caesarean cost charges")
    stack.add_kb(gyn, "Do you have a pregnancy care package?", "Rs 20,000 for all check-ups until delivery.",
                 "pregnancy antenatal anc package")
    eye, _ = stack.add_doctor("Dr. Round Twenty Six Eyes", "Round Twenty Six Eye Care", specialization="Ophthalmology")
    stack.add_kb(eye, "When do I come back after the operation?", "The next day, after a week and after a month; "
                 "these visits are part of the package.", "operation after follow-up")
    stack.add_kb(eye, "How is cataract surgery done?", "It takes 20 minutes and you go home the same day.",
                 "cataract operation procedure how long")
    stack.add_kb(eye, "How much does cataract surgery cost?", "From Rs 20,000 an eye.",
                 "cataract motiyabind operation surgery cost price")
    school, _ = stack.add_doctor("Dr. Round Twenty Six School", "Round Twenty Six Preschool",
                                 specialization="Preschool")
    stack.add_kb(school, "Do you provide food to the children?", "No, please send a tiffin.",
                 "food meals tiffin lunch snacks")
    stack.add_kb(school, "What is the admission process?", "Buy the form, then a short meeting with the child.",
                 "admission process form registration")
    stack.add_kb(school, "What is the age criteria for admission?", "Nursery 3 to 4 years.",
                 "age criteria eligibility years")
    family, _ = stack.add_doctor("Dr. Round Twenty Six Family", "Round Twenty Six Family Clinic")
    stack.add_kb(family, "Does the doctor do home visits?", "For elderly patients within 3 km, Rs 1,000.",
                 "home visit")
    stack.add_kb(family, "What is the consultation fee?", "Rs 400.", "fee fees charges")

    tried, chosen_question = kb_try_for(stack, gyn)
    out = tried("delivery kit list")
    assert out["tokens"] == ["bag"], out
    assert chosen_question("delivery kit list") == "What should we bring for the delivery?"
    assert chosen_question("what do i need to pack for the baby") == "What should we bring for the delivery?"
    assert chosen_question("normal delivery package price") == "What is the cost of delivery?"

    tried, chosen_question = kb_try_for(stack, eye)
    out = tried("are the checkups after cataract operation free")
    assert "followup" in out["tokens"] and "cataract" not in out["tokens"], out
    assert chosen_question("are the checkups after cataract operation free") == \
        "When do I come back after the operation?"
    assert chosen_question("will my father need to stay in hospital after cataract operation") == \
        "How is cataract surgery done?"

    tried, chosen_question = kb_try_for(stack, school)
    out = tried("should i pack lunch for my son")
    assert "food" in out["tokens"] and "bag" not in out["tokens"], out
    assert chosen_question("should i pack lunch for my son") == "Do you provide food to the children?"
    assert chosen_question("how can i apply for admission in nursery") == "What is the admission process?"

    tried, chosen_question = kb_try_for(stack, family)
    out = tried("my mother is bedridden, can the doctor visit")
    assert "homevisit" in out["tokens"] and "consultation" not in out["tokens"], out
    # (the lead's merge fix keeps "bedridden" its own concept, rounds 16 and 24: this entry does not name it, so that
    # question is not answered here; a visit at home asked without it is)
    assert chosen_question("can the doctor visit my mother at home") == "Does the doctor do home visits?"


def test_round_twenty_six_reads_marathi_for_the_vaccine_s_price_and_the_children(stack):
    # deploy/migrations/126_languages26a.sql: Marathi "tikyacha" (of the vaccine) reads the vaccine, so "tikyacha rate"
    # is the vaccines' price, not the consultation's, and "bacchyanche" (the children's) reads the child (entries and
    # questions written for this test, not taken from any evaluation set)
    kids, _ = stack.add_doctor("Dr. Round Twenty Six Kids", "Round Twenty Six Child Clinic", specialization="Paediatrics")
    stack.add_kb(kids, "Do you give vaccines as per the schedule?", "Yes, on Tuesdays and Fridays, 10 am to 12.",
                 "vaccine vaccines vaccination immunisation tika")
    stack.add_kb(kids, "How much do the vaccines cost?", "We send the price list on WhatsApp.", "vaccine price cost rate")
    stack.add_kb(kids, "What is the consultation fee?", "Rs 500.", "fee fees consultation charges")
    stack.add_kb(kids, "What are the OPD timings?", "10 am to 1 pm and 5 pm to 8 pm.", "timings time hours opd open")
    stack.add_kb(kids, "How do I book an appointment?", "Reply with the child's name and a day.",
                 "appointment book booking slot")
    stack.add_kb(kids, "Do you have nebulisation at the clinic?", "Yes, Rs 150 a session.",
                 "nebulisation nebulizer neb steam")
    stack.add_kb(kids, "Can I consult the doctor on phone?", "Existing patients, 2 pm to 3 pm, Rs 300.",
                 "phone call video online teleconsultation")
    stack.add_kb(kids, "Whom do I call in an emergency at night?", "Go to City Hospital casualty or call 108.",
                 "emergency night urgent")

    tried, chosen_question = kb_try_for(stack, kids)
    out = tried("tikyacha rate kiti aahe")
    assert "vaccine" in out["tokens"] and "tikyacha" not in out["tokens"], out
    assert chosen_question("tikyacha rate kiti aahe") == "How much do the vaccines cost?"
    out = tried("bacchyanche lasikaran karta ka")
    assert "child" in out["tokens"] and "bacchyanche" not in out["tokens"], out


def test_round_twenty_six_reads_patients_english_for_a_childs_age_a_lost_tooth_the_holter_and_an_extra_charge(stack):
    # deploy/migrations/125_english26b.sql: a child's age before kids ("6 year old kids") is the child, while a bare
    # age ("for my 6 yr old") stays an age; a lost tooth is the missing tooth's implant; making a cap the crown;
    # the Holter fitted (returned) the Holter; eating before the echo the echo's procedure, not its price; "charged
    # extra" the fee, no word left over (entries and questions written for this test, not taken from any evaluation
    # set)
    teeth, _ = stack.add_doctor("Dr. Round Twenty Six Teeth", "Round Twenty Six Dental", specialization="Dentistry")
    stack.add_kb(teeth, "Do you treat children?", "Yes, our children's dentist sees kids on Saturdays.",
                 "children kids child paediatric")
    stack.add_kb(teeth, "Do you do dental implants?", "Yes, Rs 30,000 with its crown.", "implant implants missing tooth")
    stack.add_kb(teeth, "How much does a cap (crown) cost?", "Rs 5,000, ready in 4 days.", "cap crown price cost")
    heart, _ = stack.add_doctor("Dr. Round Twenty Six Heart", "Round Twenty Six Heart Centre",
                                specialization="Cardiology")
    stack.add_kb(heart, "Do you do Holter monitoring?", "Yes, Rs 3,000; fitted in the morning, returned next day.",
                 "holter 24 hour monitoring")
    stack.add_kb(heart, "What happens during an echo test?", "A probe with gel on the chest; no fasting needed.",
                 "echo 2d procedure how done")
    stack.add_kb(heart, "How much does a 2D echo cost?", "Rs 1,800.", "echo 2d echocardiography price cost")
    kids, _ = stack.add_doctor("Dr. Round Twenty Six Kids", "Round Twenty Six Children's Clinic",
                               specialization="Paediatrics")
    stack.add_kb(kids, "Do you do growth and development check-ups?", "Yes, at every visit, at no extra charge.",
                 "growth development height weight milestones")
    stack.add_kb(kids, "What is the consultation fee?", "Rs 500.", "fee fees consultation charges")

    tried, chosen_question = kb_try_for(stack, teeth)
    out = tried("do you see 6 year old kids")
    assert "child" in out["tokens"] and "age" not in out["tokens"], out
    assert chosen_question("do you see 6 year old kids") == "Do you treat children?"
    assert "age" in tried("dental check for my 6 yr old")["tokens"]
    out = tried("i lost my front tooth, what can you do")
    assert "implant" in out["tokens"], out
    assert chosen_question("i lost my front tooth, what can you do") == "Do you do dental implants?"
    out = tried("how many days to make the cap")
    assert "crown" in out["tokens"] and "make" not in out["tokens"], out

    tried, chosen_question = kb_try_for(stack, heart)
    out = tried("when do i return the holter")
    assert out["tokens"] == ["holter"], out
    assert chosen_question("when do i return the holter") == "Do you do Holter monitoring?"
    out = tried("can i eat before the echo")
    assert "echo" in out["tokens"] and "eat" not in out["tokens"] and "fasting" not in out["tokens"], out
    assert chosen_question("can i eat before the echo") == "What happens during an echo test?"

    tried, chosen_question = kb_try_for(stack, kids)
    out = tried("is the growth chart charged extra")
    assert "fee" in out["tokens"] and "extra" not in out["tokens"], out


def test_round_twenty_six_reads_hinglish_hindi_and_marathi_for_the_hospital_bag_the_waters_glasses_and_the_school(stack):
    # deploy/migrations/127_languages26b.sql: "kya le kar jaye" (what to take along) is the bag; the waters breaking at
    # night ("paani toot gaya") is the labour emergency; "pregnant hone me problem" is infertility, not the pregnancy
    # package; "kab tak ready hoga" is the glasses' readiness, not a timing; "aankh faila ke" is the dilation; "चौकशी"
    # the office's enquiries; "teen mahine ki fees" the fee, not an age; "karoge" is dropped, not corrected into
    # "karate" (entries and questions written for this test, not taken from any evaluation set)
    gyn, _ = stack.add_doctor("Dr. Round Twenty Six Women", "Round Twenty Six Women's Care",
                              specialization="Obstetrics and Gynaecology")
    stack.add_kb(gyn, "What should we bring to the hospital for the delivery?", "Your file, ID and clothes for both.",
                 "bag delivery things")
    stack.add_kb(gyn, "What is the cost of delivery?", "Normal Rs 30,000, caesarean Rs 55,000.",
                 "delivery normal caesarean cost charges")
    stack.add_kb(gyn, "What if labour pains start at night?", "Come to the hospital casualty, open 24 hours.",
                 "labour pains night emergency bleeding")
    stack.add_kb(gyn, "Do you have a pregnancy package?", "Yes, Rs 20,000 for all check-ups until delivery.",
                 "pregnancy antenatal anc package")
    stack.add_kb(gyn, "Do you treat infertility?", "Yes, work-up and IUI; IVF is referred.",
                 "infertility fertility iui ivf conceive")
    eye, _ = stack.add_doctor("Dr. Round Twenty Six Eyes", "Round Twenty Six Eye Care", specialization="Ophthalmology")
    stack.add_kb(eye, "Do you sell spectacles?", "Frames from Rs 700; glasses are ready in 3 days.",
                 "spectacles glasses frames optical chashma")
    stack.add_kb(eye, "Can I get my eyes tested for glasses?", "Yes, the power check is Rs 150.",
                 "eye test number power glasses")
    stack.add_kb(eye, "Will my eyes be dilated?", "Yes, with drops; vision is blurry for 4 hours, do not drive.",
                 "dilation dilate drops drive blurry")
    school, _ = stack.add_doctor("Dr. Round Twenty Six School", "Round Twenty Six Preschool",
                                 specialization="Preschool")
    stack.add_kb(school, "When is the office open for enquiries?", "Monday to Saturday, 9 am to 2 pm.",
                 "office enquiry visit hours")
    stack.add_kb(school, "What is the fee?", "Rs 10,000 a quarter.", "fee fees tuition quarterly")
    stack.add_kb(school, "What is the age for admission?", "Playgroup from 2 years.", "age criteria eligibility years")

    tried, chosen_question = kb_try_for(stack, gyn)
    assert chosen_question("hospital me kya le kar jaye delivery ke liye") == \
        "What should we bring to the hospital for the delivery?"
    assert chosen_question("raat me paani toot gaya to kya kare") == "What if labour pains start at night?"
    assert chosen_question("pregnant hone me dikkat ho rahi hai") == "Do you treat infertility?"

    tried, chosen_question = kb_try_for(stack, eye)
    out = tried("mera chashma kab tak ready hoga")
    assert "ready" in out["tokens"] and "timing" not in out["tokens"], out  # the glasses' readiness, not a timing
    assert chosen_question("aankh faila ke dekhte ho kya") == "Will my eyes be dilated?"
    out = tried("aankh faila ke check karoge kya")
    assert "activity" not in out["tokens"], out  # "karoge" dropped, not read as karate

    tried, chosen_question = kb_try_for(stack, school)
    assert chosen_question("चौकशीसाठी कधी येऊ") == "When is the office open for enquiries?"
    out = tried("teen mahine ki fees kitni hai")
    assert "age" not in out["tokens"], out
    assert chosen_question("teen mahine ki fees kitni hai") == "What is the fee?"


def test_round_twenty_seven_score_reads_paying_in_instalments_as_emi(stack):
    # deploy/migrations/129_score27.sql (entries and questions written for this test, not taken from any evaluation
    # set): paying asked beside EMI for a service the clinic names ("pay for the implant in instalments": the lexicon
    # reads "pay" as `payment`, like a card) is said by the entry whose own words know EMI (`paying`); a card asked
    # beside EMI names no service and is not
    teeth, _ = stack.add_doctor("Dr. Round Twenty Seven Teeth", "Round Twenty Seven Dental", specialization="Dentistry")
    stack.add_kb(teeth, "Is EMI available for treatment?", "Yes, no-cost EMI for bills above Rs 12,000.",
                 "emi instalments installments finance")
    stack.add_kb(teeth, "What payment methods do you accept?", "Cash, UPI and cards.", "payment upi card cash gpay")
    stack.add_kb(teeth, "How much do braces cost?", "Metal braces Rs 32,000, ceramic Rs 44,000.",
                 "braces orthodontic clips")
    stack.add_kb(teeth, "Do you do dental implants?", "Yes, from Rs 28,000 per implant.", "implant implants")
    stack.add_kb(teeth, "What are the clinic timings?", "Monday to Saturday, 10 am to 7 pm.", "timings time hours open")

    tried, chosen_question = kb_try_for(stack, teeth)
    out = tried("can i pay for the implant in installments")
    assert out["chosen"] is not None, out
    top = out["candidates"][0]
    assert top["question"] == "Is EMI available for treatment?" and top["paying"] == ["payment"], out
    assert "paying asked beside EMI" in out["reason"], out
    assert chosen_question("can we pay for braces in monthly instalments") == "Is EMI available for treatment?"
    # a card asked beside EMI names no service: neither entry answers it, as before
    out = tried("emi on credit card possible")
    assert out["chosen"] is None, out
    assert all(c["paying"] == [] for c in out["candidates"]), out
    # paying asked alone is still the payment methods' entry
    assert chosen_question("can i pay by card") == "What payment methods do you accept?"


def test_round_twenty_seven_score_reads_a_kind_of_surgery_at_the_entry_after_the_operation(stack):
    # deploy/migrations/129_score27.sql (entries and questions written for this test, not taken from any evaluation
    # set): a kind asked with its subject ("after cataract surgery": kb_narrower's cataract, a kind of surgery) is said
    # by an entry whose own words name the subject and none of whose words name a kind of it (`kind`), when it misses
    # nothing else of the question; the cataract asked alone is the disease, not that entry's operation
    eye, _ = stack.add_doctor("Dr. Round Twenty Seven Eyes", "Round Twenty Seven Eye Care",
                              specialization="Ophthalmology")
    stack.add_kb(eye, "Which check-ups are needed after the surgery?",
                 "The next day, then after a week and after a month; these visits are free.",
                 "after surgery operation follow-up checkup")
    stack.add_kb(eye, "How much does cataract surgery cost?", "From Rs 20,000 to Rs 40,000 per eye.",
                 "cataract motiyabind operation surgery cost")
    stack.add_kb(eye, "How is the cataract operation done?",
                 "It takes 20 minutes with numbing drops; you go home the same day and can work after a week.",
                 "cataract operation procedure")
    stack.add_kb(eye, "What are the clinic timings?", "Monday to Saturday, 9 am to 6 pm.", "timings time hours open")

    tried, chosen_question = kb_try_for(stack, eye)
    # (130's English rows read "after cataract surgery when should i come back" as the follow-up by themselves: the
    # question here is one those rows do not hold)
    out = tried("how many checkups are needed after cataract surgery")
    assert out["chosen"] is not None, out
    top = out["candidates"][0]
    assert top["question"] == "Which check-ups are needed after the surgery?", out
    assert top["kind"] == ["cataract"], out
    assert "a kind asked with its subject" in out["reason"], out
    # another word missing (the bath): not read so
    out = tried("can i take a bath after cataract surgery")
    assert all(c["kind"] == [] for c in out["candidates"]), out
    # the cataract's own entries as before
    assert chosen_question("how much does cataract surgery cost") == "How much does cataract surgery cost?"


def test_round_twenty_seven_score_reads_the_words_placing_the_clinic_at_the_address(stack):
    # deploy/migrations/129_score27.sql (entries and questions written for this test, not taken from any evaluation
    # set): words placing the clinic ("near", "exactly") asked with where it is are said by the entry whose own words
    # ask where it is (`locating`)
    gp, _ = stack.add_doctor("Dr. Round Twenty Seven Family", "Round Twenty Seven Family Clinic",
                             specialization="General practice")
    stack.add_kb(gp, "Where is the clinic?", "Shop 4, Lotus Plaza, beside the Civil Lines bus stand, Nagpur.",
                 "address location where")
    stack.add_kb(gp, "What are the clinic timings?", "Monday to Saturday, 9 am to 1 pm and 5 pm to 8 pm.",
                 "timings time hours open")
    stack.add_kb(gp, "What is the consultation fee?", "Rs 400.", "fee fees consultation charges")

    tried, chosen_question = kb_try_for(stack, gp)
    out = tried("clinic kis jagah pe hai exactly")
    assert out["chosen"] is not None, out
    top = out["candidates"][0]
    assert top["question"] == "Where is the clinic?" and top["locating"] == ["exactly"], out
    assert "words placing the clinic" in out["reason"], out
    assert chosen_question("where is the clinic") == "Where is the clinic?"

def test_round_twenty_seven_reads_english_for_the_post_op_visit_contact_lenses_a_ball_in_the_eye_and_the_bag(stack):
    # deploy/migrations/130_english27a.sql: coming back after the (my) cataract surgery (the follow-up, "the cataract"
    # no longer left over); fitting (selling) contact lenses (the contact lens, not the optical shop's "buy"); a ball
    # that hit the eye (the injury, "ball" no longer corrected to the child's "bala"); a test for sugar patients' eyes
    # (the retina); what to bring to the hospital for delivery (the bag)
    # (entries and questions written for this test, not taken from any evaluation set)
    eye, _ = stack.add_doctor("Dr. Round Twenty Seven Eyes", "Round Twenty Seven Eye Care",
                              specialization="Ophthalmology")
    stack.add_kb(eye, "When do I come back after the operation?", "The next day and after a week; both are free.",
                 "operation after follow-up")
    stack.add_kb(eye, "How is cataract surgery done?", "It takes 20 minutes and you go home the same day.",
                 "cataract operation procedure how long")
    stack.add_kb(eye, "Do you give contact lenses?", "Yes, a trial and fitting is Rs 400.", "contact lens lenses")
    stack.add_kb(eye, "Do you have an optical shop?", "Yes, frames from Rs 700.", "spectacles glasses frames optical")
    stack.add_kb(eye, "What to do if something goes into the eye?", "Wash it with water and come at once.",
                 "emergency injury chemical eye")
    stack.add_kb(eye, "Do you check children's eyes?", "Yes, on Thursdays.", "children child kids squint")
    stack.add_kb(eye, "Do you do a retina check-up for diabetics?", "Yes, Rs 700.", "retina diabetic diabetes fundus")
    gyn, _ = stack.add_doctor("Dr. Round Twenty Seven Women", "Round Twenty Seven Women's Care",
                              specialization="Obstetrics and Gynaecology")
    stack.add_kb(gyn, "What should we bring for the delivery?", "The file, ID, clothes for mother and baby.",
                 "bag delivery things")
    stack.add_kb(gyn, "What is the cost of delivery?", "Normal Rs 30,000, caesarean Rs 55,000.",
                 "delivery normal caesarean cost charges")

    tried, chosen_question = kb_try_for(stack, eye)
    out = tried("when should i come back after my cataract surgery")
    assert "followup" in out["tokens"] and "cataract" not in out["tokens"], out
    assert chosen_question("when should i come back after my cataract surgery") == \
        "When do I come back after the operation?"
    out = tried("do you sell contact lenses")
    assert out["tokens"] == ["len"], out
    assert chosen_question("do you sell contact lenses") == "Do you give contact lenses?"
    out = tried("got hit in the eye with a cricket ball")
    assert "injury" in out["tokens"] and "bala" not in out["corrected"].values(), out
    assert chosen_question("got hit in the eye with a ball") == "What to do if something goes into the eye?"
    assert chosen_question("sugar patient eye test") == "Do you do a retina check-up for diabetics?"

    tried, chosen_question = kb_try_for(stack, gyn)
    assert chosen_question("what should i bring to the hospital for delivery") == \
        "What should we bring for the delivery?"

def test_round_twenty_seven_reads_patients_english_for_growth_a_painless_vaccine_a_child_s_fee_and_the_tmt(stack):
    # deploy/migrations/131_english27b.sql: a child not gaining weight (tracking the growth) is the growth, no word left; a
    # vaccine that hurts less the painless vaccine; the charge for seeing a child the consultation fee; eating
    # breakfast before the treadmill test the TMT's preparation; the rates of blood tests the blood test (entries and
    # questions written for this test, not taken from any evaluation set)
    kids, _ = stack.add_doctor("Dr. Round Twenty Seven Kids", "Round Twenty Seven Children's Clinic",
                               specialization="Paediatrics")
    stack.add_kb(kids, "Do you do growth and development check-ups?", "Yes, at every visit, at no extra charge.",
                 "growth development height weight milestones")
    stack.add_kb(kids, "Do you have painless vaccines?", "Yes, they cost more than the regular ones.",
                 "painless vaccine")
    stack.add_kb(kids, "How much do the vaccines cost?", "It depends on the vaccine; we send the list.",
                 "vaccine price cost rate")
    stack.add_kb(kids, "What is the consultation fee?", "Rs 500.", "fee fees consultation charges")
    heart, _ = stack.add_doctor("Dr. Round Twenty Seven Heart", "Round Twenty Seven Heart Centre",
                                specialization="Cardiology")
    stack.add_kb(heart, "Do you do TMT (treadmill stress test)?", "Yes, Rs 2,400 on weekday mornings.",
                 "tmt treadmill stress test price")
    stack.add_kb(heart, "How should I prepare for the TMT?", "A light breakfast 2 hours before and walking shoes.",
                 "tmt prepare preparation shoes breakfast")

    tried, chosen_question = kb_try_for(stack, kids)
    out = tried("my daughter is not gaining weight, can you track her growth")
    assert "growth" in out["tokens"] and "track" not in out["tokens"] and "weight" not in out["tokens"], out
    out = tried("which vaccine hurts the baby less")
    assert "painless" in out["tokens"] and "pain" not in out["tokens"] and "less" not in out["tokens"], out
    assert chosen_question("which vaccine hurts the baby less") == "Do you have painless vaccines?"
    out = tried("how much do you charge for seeing a child")
    assert "consultation" in out["tokens"] and "show" not in out["tokens"], out
    assert chosen_question("how much do you charge for seeing a child") == "What is the consultation fee?"

    tried, chosen_question = kb_try_for(stack, heart)
    out = tried("can i eat breakfast before treadmill test")
    assert "prepare" in out["tokens"] and "fasting" not in out["tokens"], out
    assert chosen_question("can i eat breakfast before treadmill test") == "How should I prepare for the TMT?"

def test_round_twenty_seven_reads_hinglish_hindi_and_marathi_for_a_companion_walking_in_a_needle_and_work(stack):
    # deploy/migrations/132_languages27.sql: the Marathi "सोबत घेऊन आले तर" (brought along) is the companion; "direct
    # aa sakte" (come straight in) the walk-in; "bachon ke daant ke doctor kab aate" the children's dentist, not the
    # timings; "<test> me injection lagta hai kya" (is there a needle) the procedure's pain, while "typhoid ka injection
    # lagta hai kya" stays the vaccine; back to work after an operation ("operation ke baad kab kaam pe ja sakte") the
    # operation's duration, not the follow-up (entries and questions written for this test, not taken from any
    # evaluation set)
    gyn, _ = stack.add_doctor("Dr. Round Twenty Seven Women", "Round Twenty Seven Women's Care",
                              specialization="Obstetrics and Gynaecology")
    stack.add_kb(gyn, "Can my husband come with me for the check-up?", "Yes, one companion may come in with you.",
                 "husband companion attendant")
    stack.add_kb(gyn, "What is the consultation fee?", "Rs 600.", "fee fees charges")
    dental, _ = stack.add_doctor("Dr. Round Twenty Seven Teeth", "Round Twenty Seven Dental", specialization="Dentist")
    stack.add_kb(dental, "What are your timings?", "Monday to Saturday, 10 am to 8 pm.", "timings hours open")
    stack.add_kb(dental, "Do you treat children?", "Yes, our paediatric dentist sees children on Saturdays.",
                 "children kids child paediatric")
    heart, _ = stack.add_doctor("Dr. Round Twenty Seven Heart", "Round Twenty Seven Heart Centre",
                                specialization="Cardiology")
    stack.add_kb(heart, "What happens during an echo test?", "An ultrasound of the heart; there are no needles.",
                 "echo 2d procedure how done painful")
    stack.add_kb(heart, "How much does an echo cost?", "Rs 2,000.", "echo price cost fee")
    gp, _ = stack.add_doctor("Dr. Round Twenty Seven GP", "Round Twenty Seven Family Clinic",
                             specialization="General Physician")
    stack.add_kb(gp, "Do I need an appointment or can I walk in?", "Walk in; tokens from 9 am.",
                 "walk-in token appointment without")
    stack.add_kb(gp, "Do you give vaccines to adults?", "Yes: flu, typhoid, tetanus and hepatitis B.",
                 "vaccine vaccination injection adults")
    eye, _ = stack.add_doctor("Dr. Round Twenty Seven Eyes", "Round Twenty Seven Eye Care",
                              specialization="Ophthalmology")
    stack.add_kb(eye, "How is the cataract operation done?", "Stitchless, 20 minutes; back to work in a week.",
                 "cataract operation procedure how long")
    stack.add_kb(eye, "ऑपरेशन के बाद दोबारा कब दिखाना है?", "The next day, then after a week and a month.",
                 "ऑपरेशन बाद दिखाना follow-up checkup")

    tried, chosen_question = kb_try_for(stack, gyn)
    assert chosen_question("आईला सोबत घेऊन आले तर चालेल का") == "Can my husband come with me for the check-up?"

    tried, chosen_question = kb_try_for(stack, dental)
    out = tried("bachon ke daant ke doctor kab aate hai")
    assert "child" in out["tokens"] and "tooth" not in out["tokens"], out  # one phrase: the children's dentist

    tried, chosen_question = kb_try_for(stack, heart)
    assert chosen_question("echo me injection lagta hai kya") == "What happens during an echo test?"

    tried, chosen_question = kb_try_for(stack, gp)
    assert chosen_question("bina appointment ke direct aa sakte hai kya") == \
        "Do I need an appointment or can I walk in?"
    out = tried("typhoid ka injection lagta hai kya")
    assert "pain" not in out["tokens"], out  # asks for the vaccine, not whether a test has a needle

    tried, chosen_question = kb_try_for(stack, eye)
    assert chosen_question("motiyabind operation ke baad kab kaam pe ja sakte hai") == \
        "How is the cataract operation done?"


def test_round_twenty_eight_score_reads_a_childs_age_as_the_child(stack):
    # deploy/migrations/134_score28.sql (entries and questions written for this test, not taken from any evaluation
    # set): a child's age ("my 7 year old": the lexicon's `age`) asked of an entry whose own words know the child and
    # not the age, where no entry of the clinic names the age, is the child (`aging`), where the entry knows another
    # word of the question; the child's teeth asked with its age ("uske daant kab aayenge") are not read so
    teeth, _ = stack.add_doctor("Dr. Round Twenty Eight Teeth", "Round Twenty Eight Dental", specialization="Dentistry")
    stack.add_kb(teeth, "Do you treat children?", "Yes, our paediatric dentist sees children every day.",
                 "children kids child paediatric")
    stack.add_kb(teeth, "What are the clinic timings?", "Monday to Saturday, 10 am to 8 pm.", "timings hours open")
    stack.add_kb(teeth, "How much does a filling cost?", "Rs 1,200 a tooth.", "filling cavity cost")

    tried, chosen_question = kb_try_for(stack, teeth)
    out = tried("my 7 year old has a cavity, can you treat her")
    assert out["chosen"] is not None, out
    top = out["candidates"][0]
    assert top["question"] == "Do you treat children?" and top["aging"] == ["age"], out
    assert "a child's age" in out["reason"], out
    out = tried("mera beta 3 saal ka hai uske daant kab aayenge")
    assert out["chosen"] is None, out
    assert all(c["aging"] == [] for c in out["candidates"]), out


def test_round_twenty_eight_score_reads_a_named_day_at_the_clinic_timings(stack):
    # deploy/migrations/134_score28.sql (entries and questions written for this test, not taken from any evaluation
    # set): a day of the week asked with the clinic's hours and nothing else, that no entry names in its own words, is
    # said by the entry whose own words know the time and whose answer names the days (`dated`); a service asked on a
    # day ("fillings on saturday") is not read so
    teeth, _ = stack.add_doctor("Dr. Round Twenty Eight Smiles", "Round Twenty Eight Smiles",
                                specialization="Dentistry")
    stack.add_kb(teeth, "What are the clinic timings?", "Monday to Saturday, 10 am to 8 pm.", "timings hours open")
    stack.add_kb(teeth, "Do you treat children?", "Yes, our paediatric dentist sees children every day.",
                 "children kids child paediatric")
    stack.add_kb(teeth, "How much does a filling cost?", "Rs 1,200 a tooth.", "filling cavity cost")

    tried, chosen_question = kb_try_for(stack, teeth)
    out = tried("is the clinic open on sunday")
    assert out["chosen"] is not None, out
    top = out["candidates"][0]
    assert top["question"] == "What are the clinic timings?" and top["dated"] == ["sunday"], out
    assert "a day of the week asked" in out["reason"], out
    assert chosen_question("are you open on sunday") == "What are the clinic timings?"
    out = tried("do you do fillings on saturday")
    assert out["chosen"] is None, out
    assert all(c["dated"] == [] for c in out["candidates"]), out


def test_round_twenty_eight_score_reads_the_occasion_of_a_follow_up_at_its_fee(stack):
    # deploy/migrations/134_score28.sql (entries and questions written for this test, not taken from any evaluation
    # set): showing the doctor, the reports and when, asked with the follow-up and its fee, are the follow-up visit,
    # said by the entry whose own words know the follow-up and the fee (`revisit`)
    gp, _ = stack.add_doctor("Dr. Round Twenty Eight Family", "Round Twenty Eight Family Clinic",
                             specialization="General practice")
    stack.add_kb(gp, "What is the fee for a follow-up visit?", "Rs 200 within 10 days of the first visit.",
                 "follow-up review revisit fee")
    stack.add_kb(gp, "How do I get my reports?", "On WhatsApp the same evening.", "reports results")
    stack.add_kb(gp, "What is the consultation fee?", "Rs 500.", "fee fees consultation charges")

    tried, chosen_question = kb_try_for(stack, gp)
    out = tried("i came last week, do i pay again for showing the reports")
    assert out["chosen"] is not None, out
    top = out["candidates"][0]
    assert top["question"] == "What is the fee for a follow-up visit?", out
    assert top["revisit"] == ["report", "show"], out
    assert "the fee of coming back" in out["reason"], out
    assert chosen_question("what is the consultation fee") == "What is the consultation fee?"


def test_round_twenty_eight_score_reads_an_admission_as_the_purpose(stack):
    # deploy/migrations/134_score28.sql (entries and questions written for this test, not taken from any evaluation
    # set): the admission asked as what a thing is for ("potty training ... admission ke liye"), of an entry whose own
    # words know every other word of the question, is said by it (`purpose`); a seat asked for a class is not
    school, _ = stack.add_doctor("Dr. Round Twenty Eight Preschool", "Round Twenty Eight Little Steps",
                                 specialization="Preschool")
    stack.add_kb(school, "Does my child need to be potty trained?", "No, our didis help the little ones.",
                 "potty toilet diaper washroom")
    stack.add_kb(school, "What is the admission process?", "Fill the form, a short interaction, then confirm the seat.",
                 "admission process form")
    stack.add_kb(school, "What are the school timings?", "9 am to 12:30 pm, Monday to Friday.",
                 "timings time school hours")

    tried, chosen_question = kb_try_for(stack, school)
    out = tried("potty training compulsory hai kya admission ke liye")
    assert out["chosen"] is not None, out
    top = out["candidates"][0]
    assert top["question"] == "Does my child need to be potty trained?" and top["purpose"] == ["admission"], out
    assert "an admission as the purpose" in out["reason"], out
    out = tried("do you have admission for class 2")
    assert out["chosen"] is None, out
    assert all(c["purpose"] == [] for c in out["candidates"]), out


def test_round_twenty_eight_score_reads_the_class_asked_alone_as_a_grade(stack):
    # deploy/migrations/134_score28.sql (entries and questions written for this test, not taken from any evaluation
    # set): the class asked alone ("do you have ukg": the lexicon reads UKG, LKG, nursery and playgroup as `class`;
    # s28 asked "do you have class 3", which 135's English rows now read as `schoolgrade` by itself) asks whether that
    # grade is taught, not known to an entry whose own question and examples do not name it (the school timings,
    # "class" one of its keywords): `grade`; asked with anything else it is read as before
    school, _ = stack.add_doctor("Dr. Round Twenty Eight Grades", "Round Twenty Eight Bright Start",
                                 specialization="Preschool")
    stack.add_kb(school, "What are the school timings?", "9 am to 12:30 pm, Monday to Friday.",
                 "timings time school hours class")
    stack.add_kb(school, "What is the admission process?", "Fill the form, a short interaction, then confirm the seat.",
                 "admission process form")
    stack.add_kb(school, "Does my child need to be potty trained?", "No, our didis help the little ones.",
                 "potty toilet diaper washroom")

    tried, chosen_question = kb_try_for(stack, school)
    out = tried("do you have ukg")
    assert out["chosen"] is None, out
    timings = next(c for c in out["candidates"] if c["question"] == "What are the school timings?")
    assert timings["grade"] == ["class"], out
    assert "asks whether that grade is taught" in out["reason"], out
    assert chosen_question("what are the school timings") == "What are the school timings?"

def test_round_twenty_eight_reads_english_for_a_grade_the_class_to_join_the_fee_s_eye_test_and_trying_for_a_baby(stack):
    # deploy/migrations/135_english28a.sql: "class 1" (1st standard) is a grade of a bigger school, not the preschool's
    # class timings (left unanswered); "which class can he join" asks the age criteria; the eye (glasses) test included
    # in the consultation fee is the fee, not the eye test; trying for a baby for three years is the infertility
    # work-up; what to carry when I come for delivery is the hospital bag (entries and questions written for this test, not
    # taken from any evaluation set)
    school, _ = stack.add_doctor("Dr. Round Twenty Eight School", "Round Twenty Eight Playschool",
                                 specialization="Preschool")
    stack.add_kb(school, "What are the school timings?", "Playgroup 9 to 12, nursery 8:30 to 12:30.",
                 "timings time hours class")
    stack.add_kb(school, "What is the age criteria for admission?", "Playgroup 2 to 3 years, nursery 3 to 4.",
                 "age criteria eligibility years")
    stack.add_kb(school, "What is the fee structure?", "Rs 10,000 a quarter.", "fee fees tuition quarterly")
    eye, _ = stack.add_doctor("Dr. Round Twenty Eight Eyes", "Round Twenty Eight Eye Care",
                              specialization="Ophthalmology")
    stack.add_kb(eye, "What is the consultation fee?", "Rs 400, the test for glasses included.",
                 "fee fees consultation charges")
    stack.add_kb(eye, "Can I get only my eyes tested for glasses?", "Yes, without an appointment, Rs 150.",
                 "eye test number power glasses refraction")
    gyn, _ = stack.add_doctor("Dr. Round Twenty Eight Women", "Round Twenty Eight Women's Care",
                              specialization="Obstetrics and Gynaecology")
    stack.add_kb(gyn, "Do you treat infertility?", "Yes, a work-up and IUI.", "infertility fertility iui ivf conceive")
    stack.add_kb(gyn, "What should we bring for the delivery?", "The file, ID, clothes for mother and baby.",
                 "bag delivery things")
    stack.add_kb(gyn, "What is the cost of delivery?", "Normal Rs 30,000, caesarean Rs 55,000.",
                 "delivery normal caesarean cost charges")

    tried, chosen_question = kb_try_for(stack, school)
    out = tried("do you have class 2")
    assert "class" not in out["tokens"], out
    assert chosen_question("do you have class 2") is None
    out = tried("my daughter turns 3 in april, which class can she join")
    assert "age" in out["tokens"] and "class" not in out["tokens"], out  # the age criteria, not the class timings

    tried, chosen_question = kb_try_for(stack, eye)
    out = tried("is the eye test included in the consultation fee")
    assert "test" not in out["tokens"], out
    assert chosen_question("is the eye test included in the consultation fee") == "What is the consultation fee?"

    tried, chosen_question = kb_try_for(stack, gyn)
    assert chosen_question("we have been trying for a baby for three years") == "Do you treat infertility?"
    out = tried("what do i need to carry when i come for the delivery")
    assert "bag" in out["tokens"] and "delivery" not in out["tokens"], out  # one phrase: the hospital bag

def test_round_twenty_eight_reads_hinglish_for_potty_training_a_pulled_tooth_closing_time_saturday_and_both_eyes(stack):
    # deploy/migrations/137_languages28a.sql: "potty training zaroori hai kya admission ke liye" is the toilet training,
    # not the admission ("admission" was left over); "daant ukhadwane ka kitna lagega" the extraction's price, not the
    # cleaning's; "band kab hota hai" (when does it close, any word order) and "saturday ko clinic khula hai kya" the
    # timings; "kitne ka hai dono aankh ka" a price, while "dono aankh ka" without a price word is left alone (entries and
    # questions written for this test, not taken from any evaluation set)
    school, _ = stack.add_doctor("Dr. Round Twenty Eight School", "Round Twenty Eight Playschool",
                                 specialization="Preschool")
    stack.add_kb(school, "Does my child need to be toilet trained?", "Not required; our helpers assist the little ones.",
                 "toilet potty training diaper")
    stack.add_kb(school, "What is the admission process?", "Fill the form, meet the teacher, pay the admission fee.",
                 "admission process form procedure")
    dental, _ = stack.add_doctor("Dr. Round Twenty Eight Teeth", "Round Twenty Eight Dental", specialization="Dentist")
    stack.add_kb(dental, "How much is a tooth extraction?", "Rs 800 for a simple extraction.",
                 "extraction removal pull out price")
    stack.add_kb(dental, "What is the charge for teeth cleaning?", "Rs 1,200 for scaling and polishing.",
                 "cleaning scaling polishing price")
    stack.add_kb(dental, "What are your timings?", "Monday to Saturday, 10 am to 8 pm.", "timings hours open close")
    eye, _ = stack.add_doctor("Dr. Round Twenty Eight Eyes", "Round Twenty Eight Eye Care",
                              specialization="Ophthalmology")
    stack.add_kb(eye, "How much does LASIK cost?", "Rs 60,000 for both eyes.", "lasik laser specs removal cost price")

    tried, chosen_question = kb_try_for(stack, school)
    out = tried("potty training zaroori hai kya admission ke liye")
    assert "admission" not in out["tokens"], out  # one phrase: the training asked about
    assert chosen_question("potty training zaroori hai kya admission ke liye") == \
        "Does my child need to be toilet trained?"

    tried, chosen_question = kb_try_for(stack, dental)
    assert chosen_question("daant ukhadwane ka kitna lagega") == "How much is a tooth extraction?"
    out = tried("band kab hota hai clinic shaam ko")
    assert "timing" in out["tokens"] and "closed" in out["tokens"], out
    assert chosen_question("saturday ko clinic khula hai kya") == "What are your timings?"

    tried, chosen_question = kb_try_for(stack, eye)
    out = tried("lasik kitne ka hai dono aankh ka")
    assert "fee" in out["tokens"] and "dono" not in out["tokens"], out
    assert chosen_question("lasik kitne ka hai dono aankh ka") == "How much does LASIK cost?"
    assert "dono" in tried("cataract dono aankh ka ek saath ho sakta hai")["tokens"]  # no price word: not the fee

def test_round_twenty_eight_reads_devanagari_for_a_days_heart_recording_tartar_a_parents_meeting_and_lunch(stack):
    # deploy/migrations/138_languages28b.sql: Hindi and Marathi in Devanagari said the way patients and parents say
    # them: "दिल की निगरानी" (watching the heart) the Holter, "दाँतों पर जमी परत" (the layer set on the teeth) the
    # cleaning, "माता पिता और शिक्षक की बैठक" (the parents' and teachers' sitting) the PTM, "दोपहर का खाना" (the
    # afternoon's food) the meals, Marathi "स्तनपानाबद्दल" (about breastfeeding) the lactation consultant; and a
    # phrase word the typo correction read before keeps its reading ("दाखिले" the admission) (entries and questions
    # written for this test, not taken from any evaluation set)
    heart, _ = stack.add_doctor("Dr. Round Twenty Eight Heart", "Round Twenty Eight Heart Centre",
                                specialization="Cardiology")
    stack.add_kb(heart, "Do you do Holter monitoring?", "Yes, a 24-hour Holter for Rs 2,500.", "holter 24 hour monitoring")
    stack.add_kb(heart, "Do you have a heart check-up package?", "Yes, Rs 4,000 with ECG, echo and lipids.",
                 "package health check-up checkup full body heart")
    stack.add_kb(heart, "What are the OPD timings?", "10 am to 6 pm.", "timings time hours opd")
    dental, _ = stack.add_doctor("Dr. Round Twenty Eight Teeth", "Round Twenty Eight Dental", specialization="Dentist")
    stack.add_kb(dental, "What is the charge for teeth cleaning?", "Rs 1,200 for scaling and polishing.",
                 "cleaning scaling polishing tartar")
    stack.add_kb(dental, "Do you do teeth whitening?", "Yes, Rs 6,000.", "whitening bleaching white yellow")
    school, _ = stack.add_doctor("Round Twenty Eight Preschool", "Round Twenty Eight Preschool",
                                 specialization="Preschool")
    stack.add_kb(school, "When is the PTM?", "On the last Saturday of every month.", "ptm parent teacher meeting")
    stack.add_kb(school, "Do you provide food to the children?", "Yes, lunch and two snacks.",
                 "food meals tiffin lunch snacks")
    stack.add_kb(school, "What is the admission process?", "Fill the form, a visit, then the fee.",
                 "admission process form registration")
    paeds, _ = stack.add_doctor("Dr. Round Twenty Eight Child", "Round Twenty Eight Child Clinic",
                                specialization="Paediatrics")
    stack.add_kb(paeds, "Is there a lactation consultant?", "Yes, on Tuesdays and Fridays.",
                 "lactation breastfeeding feeding counsellor")
    stack.add_kb(paeds, "What is the consultation fee?", "Rs 700.", "fee fees consultation charges")

    tried, chosen_question = kb_try_for(stack, heart)
    assert chosen_question("दिल की निगरानी वाला टेस्ट करते हो क्या") == "Do you do Holter monitoring?"

    tried, chosen_question = kb_try_for(stack, dental)
    assert chosen_question("दाँतों पर जमी परत हटवानी है, कितना लगेगा") == "What is the charge for teeth cleaning?"

    tried, chosen_question = kb_try_for(stack, school)
    assert chosen_question("अभिभावक शिक्षक बैठक किस दिन रखते हैं") == "When is the PTM?"
    assert chosen_question("बच्चों को दोपहर का भोजन स्कूल में मिलेगा") == "Do you provide food to the children?"
    out = tried("दाखिले का तरीका बताइए")
    assert "admission" in out["tokens"], out  # a phrase word keeps the reading its correction gave it

    tried, chosen_question = kb_try_for(stack, paeds)
    assert chosen_question("स्तनपानाबद्दल सल्ला कोण देते") == "Is there a lactation consultant?"

def test_round_twenty_eight_reads_english_for_the_night_number_a_very_unwell_patient_children_kept_apart_and_advice(stack):
    # deploy/migrations/136_english28b.sql: getting (calling) the doctor's night number is the night emergency; a
    # parent very unwell (seriously ill) at night the emergency; sick children kept apart (in a different room) the
    # separate waiting area; another doctor having advised a bypass the second opinion; the first visit for a new born
    # the newborn's check-up, not the fee (entries and questions written for this test, not taken from any evaluation
    # set)
    kids, _ = stack.add_doctor("Dr. Round Twenty Eight Kids", "Round Twenty Eight Children's Clinic",
                               specialization="Paediatrics")
    stack.add_kb(kids, "Whom do I call in an emergency at night?", "Go to City Hospital casualty or call 108.",
                 "emergency night urgent")
    stack.add_kb(kids, "Can I consult the doctor on phone?", "Phone advice for registered patients, 2 pm to 3 pm.",
                 "phone call video online teleconsultation")
    stack.add_kb(kids, "Is there a separate waiting area for sick children?",
                 "Yes, children with fever wait in another room, away from the babies who come for vaccines.",
                 "waiting area separate sick infection")
    stack.add_kb(kids, "What is the consultation fee?", "Rs 500.", "fee fees consultation charges")
    stack.add_kb(kids, "When should I bring my newborn for the first check-up?",
                 "A week after discharge; the newborn visit is Rs 700.", "newborn baby first check-up")
    gp, _ = stack.add_doctor("Dr. Round Twenty Eight GP", "Round Twenty Eight Family Clinic",
                             specialization="General Physician")
    stack.add_kb(gp, "What should I do in an emergency at night?", "Call 112 or go to City Hospital emergency.",
                 "emergency night urgent")
    stack.add_kb(gp, "Can I get a medical certificate?", "After an examination, Rs 300.", "certificate medical")
    heart, _ = stack.add_doctor("Dr. Round Twenty Eight Heart", "Round Twenty Eight Heart Centre",
                                specialization="Cardiology")
    stack.add_kb(heart, "Can I get a second opinion on my reports?", "Yes, Rs 1,000; bring all your reports.",
                 "second opinion reports review")
    stack.add_kb(heart, "Will I get my reports on WhatsApp?", "Yes, as PDF.", "report reports whatsapp result")

    tried, chosen_question = kb_try_for(stack, kids)
    assert chosen_question("please share the night number of the doctor") == "Whom do I call in an emergency at night?"
    assert chosen_question("can the sick kids be kept apart from my baby") == \
        "Is there a separate waiting area for sick children?"
    assert chosen_question("what about the first visit for a new born") == \
        "When should I bring my newborn for the first check-up?"

    tried, chosen_question = kb_try_for(stack, gp)
    assert chosen_question("whom to contact when grandfather is very unwell at night") == \
        "What should I do in an emergency at night?"

    tried, chosen_question = kb_try_for(stack, heart)
    out = tried("other doctor advised angioplasty, can you see my reports once")
    assert "second" in out["tokens"] or "opinion" in out["tokens"] or "second opinion" in out["tokens"], out
    assert "advised" not in out["tokens"], out  # one phrase: another doctor's advice is what a second opinion weighs
