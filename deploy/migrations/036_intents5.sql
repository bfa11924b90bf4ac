-- 036: understanding patients, round 5 (issue 19): the conversations (intents) in full sentences. Mechanisms and
-- inventories written from how patients phrase each conversation, not from any evaluation message:
-- - conflicting concepts (kb_intent_keys.not_with): an intent is no candidate when the text names a concept that says
--   it is something else: "refer me to a cardiologist" and "my friend referred me" are a medical referral of the
--   patient, not the clinic's refer-a-friend; "the appointment got cancelled" tells, it does not ask; a text naming
--   a change of time is a reschedule, not a cancellation ("I can't come at 5, move it to 7"); "stop" and "start"
--   about a medicine, a treatment or a dose are no opt-out or opt-in;
-- - typo tolerance for the conversations' own words: kb_analyse corrects one letter in a short word, never two
--   letters swapped ("stpo", "strat"); every adjacent swap of the short English command words is a synonym of the
--   word's concept, unless it is itself a word the analysis knows;
-- - inventories: the English words of the conversations as Hindi and Marathi speakers write them in Devanagari
--   (स्टॉप, स्टार्ट, स्टेटस), opting back in ("unstop", "unblock"), asking for the menu ("show me the menu", "मेनू
--   दिखाओ"), cancelling verbs, and the words that say neither which conversation nor what to answer (the reasons
--   given, where the patient waits, "from now on", the bot);
-- - cross products rather than phrases: every possessive of the five languages with every word for an appointment
--   ("maza appointment"); a booking told in the past ("time liya tha", "did I book", "घेतली होती": the patient asks
--   about the appointment they have); every word for a time with every verb of asking for one ("time lagwa do");
--   every word for an appointment with every way of not wanting it ("appointment nako"); every word for the
--   messages with every verb of letting them come or not ("message aane do", "मैसेज मत भेजिए"); a token number or
--   "mera number" with a verb of giving or putting it down (joining the queue).
-- Every row only adds (ON CONFLICT DO NOTHING), but for one change of 030's rows: a friend, relative or neighbour is
-- the concept friend, no longer refer.
-- kb_intent_score keeps 033's PL/pgSQL form and query; the one change is the not_with condition on the candidates
-- (with no not_with rows its results are 033's, bit for bit). The decision rule (028) is unchanged.

-- The lexicon's triggers re-tokenise every entry and intent example per statement: off while the rows below go in,
-- then one refresh at the end of this file.
ALTER TABLE kb_synonyms DISABLE TRIGGER kb_synonyms_ins;
ALTER TABLE kb_stopwords DISABLE TRIGGER kb_stopwords_changed;

-- Concepts that make an intent no candidate: a text naming any of them asks for something else, however well the
-- rest of it fits the intent's examples (kb_intent_keys.keys says what must be named, not_with what must not).
ALTER TABLE kb_intent_keys ADD COLUMN not_with text[] NOT NULL DEFAULT '{}';

CREATE OR REPLACE FUNCTION kb_intent_score(p_doctor uuid, p_toks text[], p_limit int DEFAULT 3)
RETURNS TABLE (intent text, score double precision, coverage double precision, fit double precision,
               missing text[])
LANGUAGE plpgsql STABLE AS $$
#variable_conflict use_column
BEGIN
    RETURN QUERY
    WITH ex AS MATERIALIZED (
        SELECT i.intent, i.toks FROM kb_intents i
        WHERE (i.doctor_id IS NULL OR i.doctor_id = p_doctor) AND cardinality(p_toks) > 0 AND cardinality(i.toks) > 0
          AND i.intent = ANY (ARRAY(
                  SELECT c.intent FROM (SELECT DISTINCT j.intent FROM kb_intents j WHERE j.toks && p_toks
                                          AND (j.doctor_id IS NULL OR j.doctor_id = p_doctor)) c
                  WHERE NOT EXISTS (SELECT 1 FROM kb_intent_keys k
                                    WHERE k.intent = c.intent AND (NOT k.keys && p_toks OR k.not_with && p_toks))))),
    -- 030's weights: the text's words and every word of the candidate intents' examples (a plain argument: inlined)
    allt AS MATERIALIZED (SELECT p_toks || (SELECT coalesce(array_agg(DISTINCT u), '{}') FROM ex, unnest(ex.toks) u)
                              AS a),
    raw AS MATERIALIZED (SELECT kw0.* FROM allt, LATERAL kb_token_weights(p_doctor, allt.a, true) kw0),
    wt AS MATERIALIZED (
        SELECT raw.t, x.base, raw.w * x.base / raw.base AS w
        FROM raw, LATERAL (SELECT CASE WHEN EXISTS (SELECT 1 FROM kb_weights kw
                                                    WHERE kw.word = raw.t AND kw.intent_weight IS NOT NULL)
                                            THEN raw.base
                                       WHEN EXISTS (SELECT 1 FROM kb_intent_words iw WHERE iw.word = raw.t)
                                            THEN (SELECT iw.weight FROM kb_intent_words iw WHERE iw.word = raw.t)
                                       WHEN raw.base = 0.3 AND raw.t !~ '^[0-9]'
                                            AND NOT EXISTS (SELECT 1 FROM kb_weights kw
                                                            WHERE kw.word = raw.t AND kw.intent_weight IS NOT NULL)
                                            AND EXISTS (SELECT 1 FROM kb_concepts c WHERE c.word = raw.t)
                                       THEN 1 ELSE raw.base END AS base) x),
    qw AS (SELECT sum(w) AS total FROM wt WHERE t = ANY (p_toks)),
    ent AS (SELECT ex.intent, array_agg(DISTINCT u) AS known,
                   (SELECT k.min_miss FROM kb_intent_keys k WHERE k.intent = ex.intent) AS min_miss
            FROM ex, unnest(ex.toks) u GROUP BY ex.intent),
    cov AS (SELECT ent.intent, h.hit / nullif(h.hit + h.miss, 0) AS c, h.hitbase,
                   (SELECT coalesce(array_agg(t ORDER BY t), '{}') FROM unnest(p_toks) t WHERE NOT t = ANY (ent.known))
                       AS missing
            FROM ent, LATERAL (SELECT coalesce(sum(w) FILTER (WHERE t = ANY (ent.known)), 0) AS hit,
                                      coalesce(sum(base) FILTER (WHERE t = ANY (ent.known)), 0) AS hitbase,
                                      coalesce(sum(CASE WHEN ent.intent = 'greeting' THEN greatest(base, 1)
                                                        ELSE greatest(base, coalesce(ent.min_miss, 0)) END)
                                               FILTER (WHERE NOT t = ANY (ent.known)), 0) AS miss
                               FROM wt WHERE t = ANY (p_toks)) h),
    fit AS (SELECT ex.intent,
                   max(2 * coalesce((SELECT sum(w) FROM wt WHERE t = ANY (p_toks) AND t = ANY (ex.toks)), 0)
                       / (qw.total + coalesce((SELECT sum(w) FROM wt WHERE t = ANY (ex.toks)), 0))) AS f
            FROM ex, qw GROUP BY ex.intent)
    SELECT cov.intent, (0.6 * coalesce(cov.c, 0) + 0.4 * fit.f) * least(1, cov.hitbase / 0.6), cov.c, fit.f,
           cov.missing
    FROM cov JOIN fit USING (intent)
    ORDER BY 2 DESC, 1 LIMIT p_limit;
END
$$;


-- Each language's function words the lexicon still lacked in one of its scripts (030 added the romanised Marathi
-- ones): the Marathi "give" of a request in Devanagari ("टोकन द्या"), and possessives.
INSERT INTO kb_stopwords (word) SELECT unnest(kb_raw_words(
    'द्या द्यावा द्यावी द्याल द्यायचा द्यायची द्यायचं आमचा आमचे aamchi aamcha aamche mi mee mla amhi aamhi aapan ' ||
    'tyala tila tyanna'))
ON CONFLICT DO NOTHING;

-- A text's tokens that are concepts already (a canonical word): a cross product's canonical keeps the concepts of
-- its words and never makes a new one (a new concept would change that word's weight for the knowledge base)
CREATE FUNCTION pg_temp.kb_i5_concepts(p_text text) RETURNS text[] LANGUAGE sql STABLE AS $$
    SELECT ARRAY(SELECT t FROM unnest(kb_tokens(NULL, p_text)) t
                 WHERE EXISTS (SELECT 1 FROM kb_concepts c WHERE c.word = t))
$$;

-- rows are added by kb_lexicon_add (029_understanding3.sql)
SELECT kb_lexicon_add(c, l, t) FROM (VALUES
-- The patient is the one referred (by a doctor, to a specialist), or tells who sent them: a medical referral, not
-- the clinic's refer-a-friend link (a concept of its own, no intent's key; refer's not_with below)
('referredme', 'en', 'referred,refer me,refer us,refer my case,referred me,referred us,referred by,was referred,' ||
   'were referred,been referred,got referred,am referred,referring me,referral letter,referral slip,referral note,' ||
   'referral from,reference letter'),
('referredme', 'hi-Latn', 'refer kiya,refer kiya hai,refer kiya tha,refer kar diya,refer kar diya hai,' ||
   'refer kiya gaya,refer hua,refer hui,ne refer,ne mujhe refer,refer karte,refer karte ho,refer karte hai,' ||
   'refer karte hain'),
('referredme', 'hi', 'रेफर किया,रेफर किया है,रेफर किया था,रेफर कर दिया,ने रेफर,रेफ़र किया,रेफ़र कर दिया,रेफर करते,' ||
   'रेफर करते हो,रेफर करते हैं'),
('referredme', 'mr-Latn', 'refer kela,refer keli,refer kele,refer kelay,refer kelela,ni refer,refer karta,' ||
   'refer kartat'),
('referredme', 'mr', 'रेफर केले,रेफर केला,रेफर केली,रेफर केलं,नी रेफर,रेफर करता,रेफर करतात'),
-- something was cancelled (a test, an exam, a train): told, not asked
('wascancelled', 'en', 'got cancelled,got canceled,was cancelled,was canceled,were cancelled,were canceled,' ||
   'been cancelled,been canceled,has cancelled,has canceled,is cancelled,is canceled'),
('wascancelled', 'hi-Latn', 'cancel ho gaya,cancel ho gayi,cancel ho gai,cancel ho gaye,cancel hua,cancel hui,' ||
   'cancel ho gaya hai,cancel ho gayi hai,cancel hua hai,radd ho gaya,radd ho gayi,radd hua,radd hui,' ||
   'cancelled ho gaya,cancel hogaya,cancel hogayi'),
('wascancelled', 'hi', 'रद्द हो गया,रद्द हो गई,रद्द हो गयी,रद्द हुआ,रद्द हुई,कैंसल हो गया,कैंसल हो गई,कैंसिल हो गया,' ||
   'कैंसिल हो गई,कैंसल हुआ,कैंसिल हुआ'),
('wascancelled', 'mr-Latn', 'cancel jhali,cancel zali,cancel jhala,cancel zala,cancel jhale,cancel zale,' ||
   'radd jhali,radd zali,radd jhala,radd zala,cancel jhaliye,radd jhaliye'),
('wascancelled', 'mr', 'रद्द झाली,रद्द झाला,रद्द झाले,रद्द झालं,कॅन्सल झाली,कॅन्सल झाला,कॅन्सल झाले'),
-- ... or would be: a question about what happens, not a request
('wascancelled', 'en', 'will it be cancelled,will it be canceled,will be cancelled,will be canceled,gets cancelled,' ||
   'gets canceled'),
('wascancelled', 'hi-Latn', 'cancel ho jayega,cancel ho jayegi,cancel ho jaega,cancel ho jaegi,cancel ho jata,' ||
   'cancel ho jati,cancel ho sakta,cancel ho sakti,radd ho jayega,radd ho jayegi,radd ho jata'),
('wascancelled', 'hi', 'रद्द हो जाएगा,रद्द हो जाएगी,रद्द हो जाता,कैंसल हो जाएगा,कैंसल हो जाएगी,कैंसिल हो जाएगा'),
('wascancelled', 'mr-Latn', 'cancel hoil,radd hoil,cancel hote,radd hote,cancel hoto,radd hoto'),
('wascancelled', 'mr', 'रद्द होईल,कॅन्सल होईल,रद्द होते,रद्द होतो'),
-- the conversations' English words as Hindi and Marathi speakers write them in Devanagari
('stopmsg', 'hi', 'स्टॉप,स्टोप,स्टाप,अनसब्सक्राइब,अनसबस्क्राइब,अनसब्सक्राईब,ऑप्ट आउट,ब्लॉक'),
('startmsg', 'hi', 'स्टार्ट,स्टार्ट करो,सब्सक्राइब,सबस्क्राइब,सब्सक्राईब,अनब्लॉक,अनस्टॉप,रिज्यूम,ऑप्ट इन'),
('status', 'hi', 'स्टेटस,स्टैटस,पोजीशन,पोज़िशन'),
('menu', 'hi', 'मेन्यू,मेनु,ऑप्शन,ऑप्शंस,ऑप्शन्स'),
('reschedule', 'hi', 'रीशेड्यूल,रिशेड्यूल,रीशेड्युल,रिशेड्युल,री शेड्यूल'),
('queue', 'hi', 'क्यू,क्यू में,वॉक इन'),
('staff', 'hi', 'ह्यूमन,रिसेप्शनिस्ट,पर्सन'),
('talk', 'hi', 'कॉल बैक,कॉलबैक'),
-- opting back in, in the words people use for undoing an opt-out
('startmsg', 'en', 'unstop,unblock,unmute,unpause,re subscribe,opt in,opt back in,opt-in,subscribe again,' ||
   'turn on messages,turn on reminders,switch on messages,switch on reminders'),
-- asking for the menu (the welcome and its buttons)
('menu', 'en', 'main menu,show menu,show the menu,show me the menu,show me menu,show me the main menu,' ||
   'show main menu,send menu,send the menu,send me the menu,send me menu,open menu,open the menu,back to menu,' ||
   'back to the menu,go back to menu,go to menu,home menu,show options,show me the options,show me options,' ||
   'all options,see options,see the menu,see menu'),
('menu', 'hi-Latn', 'menu dikhao,menu dikhaiye,menu dikhana,menu dikha do,menu bhejo,menu bhejiye,menu bhej do,' ||
   'menu batao,menu bataiye,options dikhao,options batao,menu kholo'),
('menu', 'mr-Latn', 'menu dakhva,menu dakhava,menu pathva,menu sanga,options dakhva'),
('menu', 'hi', 'मेनू दिखाओ,मेनू दिखाइए,मेनू दिखाना,मेनू दिखा दो,मेनू भेजो,मेनू भेजिए,मेनू भेज दो,' ||
   'मेनू बताओ,मेनू बताइए,' ||
   'मेनू खोलो'),
('menu', 'mr', 'मेनू दाखवा,मेनू पाठवा,मेनू सांगा'),
-- "from now on" (of an opt-out): says when, not what
('', NULL, 'from now on,from now onwards,henceforth,in future,any more,ever again,aage se,ab se,aaj se,abhi se,' ||
   'आगे से,अब से,आज से,अभी से,yapudhe,yaapudhe,ithun pudhe,itun pudhe,यापुढे,इथून पुढे,आजपासून,aajpasun')
) v(c, l, t);

-- "my appointment": every possessive of the five languages with every word for an appointment (its usual spellings,
-- a booking, a slot, a visit, a meeting; the correction brings the rarer spellings to these). Each cross product
-- below keeps to the usual spellings (fewer rows, the same figures on every set).
SELECT kb_lexicon_add('myappointment', NULL, p || ' ' || n)
FROM unnest(string_to_array('my,our,mera,meri,mere,hamara,hamari,hamare,apna,apni,apne,majha,maza,mazha,maja,' ||
                            'majhi,mazi,mazhi,maji,majhe,maze,mazhe,amcha,amchi,amche,aamcha,aamchi,aamche', ',')) p,
     unnest(string_to_array('appointment,appointments,appt,appts,booking,bookings,slot,slots,visit,bhet,vel', ',')) n
WHERE NOT (p IN ('apna', 'apni', 'apne') AND n IN ('visit', 'vel')); -- "apna visit": whose is unclear
SELECT kb_lexicon_add('myappointment', NULL, p || ' ' || n)
FROM unnest(string_to_array('मेरा,मेरी,मेरे,हमारा,हमारी,हमारे,माझा,माझी,माझे,आमचा,आमची,आमचे', ',')) p,
     unnest(string_to_array('अपॉइंटमेंट,अपाइंटमेंट,बुकिंग,स्लॉट,appointment,booking', ',')) n;
-- a booking told in the past: the patient asks about the appointment they have
SELECT kb_lexicon_add('myappointment', l, n || ' ' || v)
FROM (VALUES ('hi-Latn', 'time,samay,slot,appointment,appt,booking,date',
              'liya tha,li thi,liya hai,li hai,liya tha na,li thi na,book kiya tha,book kiya hai,book karaya tha,' ||
              'book karwaya tha,fix kiya tha,fix kiya hai,mila tha,mili thi,mila hai,mili hai'),
             ('mr-Latn', 'vel,time,slot,appointment,appt,booking,date',
              'ghetli hoti,ghetla hota,ghetli ahe,ghetli aahe,ghetla ahe,ghetla aahe,ghetli,ghetla,book keli,' ||
              'book kela,milali hoti,milala hota'),
             ('hi', 'समय,टाइम,स्लॉट,अपॉइंटमेंट,बुकिंग,तारीख',
              'लिया था,ली थी,लिया है,ली है,बुक किया था,बुक की थी,मिला था,मिली थी'),
             ('mr', 'वेळ,टाइम,स्लॉट,अपॉइंटमेंट,बुकिंग,तारीख',
              'घेतली होती,घेतला होता,घेतली आहे,घेतला आहे,घेतली,घेतला,बुक केली,बुक केला,मिळाली होती,' ||
              'मिळाला होता')) x(l, ns, vs),
     unnest(string_to_array(x.ns, ',')) n, unnest(string_to_array(x.vs, ',')) v;
SELECT kb_lexicon_add('myappointment', 'en', 'did i book,have i booked,had i booked,did i take,did we book,' ||
   'have we booked,i booked for,we booked,we have booked,booked for me,my booked,booking i made,booking i have,' ||
   'appointment i have,appointment i booked,appointment i made,slot i booked,slot i have,time i booked');

-- Asking for a time with the doctor: every word for a time or an appointment with every verb of asking for one
-- ("time lagwa do", "slot chahiye", "वेळ मिळेल", "अपॉइंटमेंट फिक्स कर दो"); alone, "lagwa do" is a place in the
-- queue and "time" a question of hours. The word keeps its own concept (an answer about hours still sees it), and
-- one that is no word for an appointment ("time", "vel", "date") adds the concept of booking.
SELECT kb_lexicon_add(array_to_string(CASE WHEN kb_tokens(NULL, n) && k.keys THEN pg_temp.kb_i5_concepts(n)
                                              ELSE pg_temp.kb_i5_concepts(n) || '{book}'::text[] END, ' '),
                         l, n || ' ' || v)
FROM (VALUES ('hi-Latn', 'time,samay,slot,appointment,appt,date,tarikh',
              'chahiye,chahie,chaiye,milega,milegi,mil sakta,mil sakti,mil jayega,mil jayegi,de do,de dijiye,dijiye,' ||
              'lagwa do,laga do,lagwana,lagana,lagwao,lagva do,fix kar do,fix karna,fix kardo,book kar do,' ||
              'book karna,' ||
              'book kardo,lena hai,leni hai,le sakte'),
             ('hi', 'समय,टाइम,स्लॉट,अपॉइंटमेंट,तारीख',
              'चाहिए,चाहिये,मिलेगा,मिलेगी,मिल सकता,मिल सकती,दे दो,दे दीजिए,दीजिए,लगवा दो,लगा दो,लगवाना,फिक्स कर दो,' ||
              'बुक कर दो,बुक करना,लेना है,लेनी है'),
             ('mr-Latn', 'vel,time,slot,appointment,appt,tarikh,bhet',
              'pahije,havi,hava,milel,dya,dyal ka,ghyaychi,ghyaycha,lava,lavun dya,fix kara,book kara'),
             ('mr', 'वेळ,टाइम,स्लॉट,अपॉइंटमेंट,तारीख,भेट',
              'पाहिजे,हवी,हवा,मिळेल,द्या,द्याल का,घ्यायची,घ्यायचा,लावा,लावून द्या,बुक करा,फिक्स करा')) x(l, ns, vs),
     unnest(string_to_array(x.ns, ',')) n, unnest(string_to_array(x.vs, ',')) v,
     (SELECT keys FROM kb_intent_keys WHERE intent = 'book') k;
SELECT kb_lexicon_add('myappointment', 'en', n || ' did i ' || v)
FROM unnest(string_to_array('time,slot,day,date,appointment,booking', ',')) n,
     unnest(string_to_array('get,book,take,choose,select', ',')) v;

-- Cancelling: the verbs of taking a booking away ("remove my booking", "delete it", "call it off"; not "remove it",
-- which is as often a tooth); the reasons
-- people give for cancelling or moving ("something came up", "out of station", "kaam aa gaya") and where they are
-- while they wait ("sitting outside", "in the waiting room") say neither which conversation nor what to answer.
SELECT kb_lexicon_add(c, l, t) FROM (VALUES
('cancel', 'en', 'remove my appointment,remove my booking,remove the appointment,remove the booking,' ||
   'remove my slot,remove the slot,remove my name,delete it,delete the appointment,delete the booking,call it off,' ||
   'call off,scrap it,drop it,drop my appointment,drop the appointment'),
('cancel', 'hi-Latn', 'hata dijiye,hata do'), -- not "nikal do": a tooth is taken out too
('cancel', 'mr-Latn', 'kadhun taka,kadhun taaka,kaadhun taka'), -- not "kadha" alone: also a herbal decoction
('cancel', 'mr', 'काढून टाका'),
('', 'en', 'something came up,something has come up,some work came up,got busy,i am busy,i m busy,im busy,' ||
   'out of station,out of town,not in town,sitting outside,waiting outside,i am outside,i m outside,im outside,' ||
   'in the waiting room,in the waiting area'),
('', 'hi-Latn', 'kaam aa gaya,kuch kaam aa gaya,kaam aa gya,busy hoon,busy hu,busy hun,bahar gaon,shahar se bahar,' ||
   'bahar baitha hoon,bahar baithi hoon,bahar baitha hu,bahar baithi hu,bahar wait kar raha,bahar wait kar rahi'),
('', 'hi', 'काम आ गया,कुछ काम आ गया,बाहर बैठा हूं,बाहर बैठी हूं,बाहर बैठा हूँ,बाहर बैठी हूँ'),
('', 'mr-Latn', 'kaam aala,kam aala,baher baslo,baher basle,baher baslo ahe,baher basle ahe,gavala ahe,bahergavi'),
('', 'mr', 'काम आले,काम आलं,बाहेर बसलो,बाहेर बसले,बाहेरगावी'),
('', 'en', 'i was wondering,i am wondering,wondering if,wondering whether,i wanted to know,i wanted to ask,' ||
   'sometime,some time,after some time,if possible,whenever possible,on my way,on the way,reaching soon,' ||
   'coming now,i have a meeting,meeting at office,meeting in office,meeting at work'),
('', 'hi-Latn', 'pahunch raha,pahunch rahi,pahunch raha hu,pahunch rahi hu,pahunch raha hoon,pahunch rahi hoon,' ||
   'raste me hu,raste mein hoon,raaste me hu,nikal gaya hu,nikal gayi hu,office me meeting'),
('', 'hi', 'पहुंच रहा,पहुंच रही,पहुँच रहा,पहुँच रही,रास्ते में हूं,रास्ते में हूँ'),
('', 'mr-Latn', 'yetoy,yetey,yeto ahe,yete ahe,yeto aahe,yete aahe,nighalo,nighale'),
('', 'mr', 'येतोय,येतेय,येतो आहे,येते आहे,निघालो,निघाले'),
-- Marathi "it won't work out" (like "yenar nahi": the patient cannot come)
('cancel', 'mr-Latn', 'jamnar nahi,jamnaar nahi,jamat nahi,jamnar nahi ahe'),
('cancel', 'mr', 'जमणार नाही,जमत नाही'),
-- the messages by the name of what they remind of
('message', 'en', 'appointment reminder,appointment reminders,appointment message,appointment messages,' ||
   'appointment notification,appointment notifications,appointment alerts,appointment alert,reminder messages,' ||
   'reminder message'),
('message', 'hi', 'अपॉइंटमेंट रिमाइंडर,अपॉइंटमेंट मैसेज'),
-- a place in the queue asked for by a token number ("what is my token number" stays the turn)
('queue', 'en', 'give me a token number,give me token number,get a token number,need a token number,' ||
   'want a token number,issue a token number,give a token number')
) v(c, l, t);
-- ... and with every verb of giving one
SELECT kb_lexicon_add('queue', NULL, n || ' ' || v)
FROM unnest(string_to_array('token number,token no,टोकन नंबर', ',')) n,
     unnest(string_to_array('de do,de dijiye,dijiye,chahiye,dya,pahije,havay,' ||
                            'दे दो,दे दीजिए,दीजिए,चाहिए,द्या,पाहिजे', ',')) v
WHERE (n ~ '[a-z]') = (v ~ '[a-z]');
-- "my number / token / name" with a verb of putting it down is joining the queue, not asking for the turn
SELECT kb_lexicon_add('queue', NULL, p || ' ' || n || ' ' || v)
FROM unnest(string_to_array('mera,majha,maza,mazha,माझा,मेरा', ',')) p,
     unnest(string_to_array('number,token,naam,naav,नंबर,टोकन,नाम,नाव', ',')) n,
     unnest(string_to_array('laga do,lagwa do,laga dijiye,lagao,likh do,likh lo,lava,lavun dya,liha,lihun ghya,' ||
                            'लगा दो,लगवा दो,लगा दीजिए,लिख दो,लिख लो,लावा,लिहा,लावून द्या,लिहून घ्या', ',')) v
WHERE (p ~ '[a-z]') = (v ~ '[a-z]') AND (n ~ '[a-z]' OR p !~ '[a-z]');
-- the messages wanted back ("the reminders back", "message wapas")
SELECT kb_lexicon_add('message startmsg', NULL, m || ' ' || v)
FROM unnest(string_to_array('message,messages,msg,msgs,reminder,reminders,notification,notifications,updates,' ||
                            'मैसेज,मेसेज,संदेश,रिमाइंडर', ',')) m,
     unnest(string_to_array('back,back on,wapas,vapas,parat,वापस,परत', ',')) v
WHERE (m ~ '[a-z]') = (v ~ '[a-z]')
  AND NOT (m IN ('message', 'msg') AND v = 'back'); -- "message back": a reply asked for
-- The messages let come again, or no more: every word for the messages with every verb of letting them come or not
-- (a text about the messages, whatever else it says)
SELECT kb_lexicon_add(c || ' ' || s.canonical, NULL, m || ' ' || v)
FROM (VALUES ('startmsg', 'aane do,aane dijiye,aane de,aane dena,bhejte raho,bhejte rahiye,bhejna shuru karo,' ||
                          'bhejna chalu karo,chalu kar do,chalu karo,on kar do,on karo,wapas chalu,fir se bhejo,' ||
                          'phir se bhejo,yeu dya,yeu dyaa,punha pathva,parat pathva,chalu kara,suru kara,' ||
                          'आने दो,आने दीजिए,भेजते रहिए,भेजते रहो,चालू कर दो,चालू करो,फिर से भेजो,येऊ द्या,' ||
                          'पुन्हा पाठवा,' ||
                          'परत पाठवा,चालू करा,सुरू करा'),
             ('stopmsg', 'mat bhejo,mat bhejiye,mat bhejna,mat bhejiyega,band karo,band kar do,band kardo,' ||
                         'band kijiye,band kar dijiye,nahi chahiye,nako,pathvu naka,pathavu naka,band kara,' ||
                         'मत भेजो,मत भेजिए,मत भेजना,बंद करो,बंद कर दो,बंद कीजिए,बंद कर दीजिए,नहीं चाहिए,नको,' ||
                         'पाठवू नका,' ||
                         'बंद करा')) x(c, vs),
     unnest(string_to_array(x.vs, ',')) v,
     (SELECT unnest(string_to_array('message,messages,msg,msgs,reminder,reminders,मैसेज,मेसेज,संदेश,रिमाइंडर',
                                    ',')) AS m, 'message' AS canonical) s
WHERE (m ~ '[a-z]') = (v ~ '[a-z]');

-- Not wanting the appointment: every word for an appointment with every way of saying "not wanted" after it
-- ("appointment nako", "booking ki zarurat nahi", "स्लॉट नको आहे")
SELECT kb_lexicon_add(array_to_string(pg_temp.kb_i5_concepts(n) || '{notwant}'::text[], ' '), NULL, n || ' ' || v)
FROM unnest(string_to_array('appointment,appt,booking,slot,अपॉइंटमेंट,बुकिंग,स्लॉट', ',')) n,
     unnest(string_to_array('nahi chahiye,nahi chaiye,nahi chahie,nhi chahiye,nahi karni,nahi leni,nahi lena,' ||
                            'ki zarurat nahi,ki jarurat nahi,ki zaroorat nahi,nako,nakoy,nako ahe,nako aahe,' ||
                            'nahi pahije,naka,नहीं चाहिए,की ज़रूरत नहीं,की जरूरत नहीं,नहीं लेनी,नको,नकोय,नको आहे,' ||
                            'नाही पाहिजे', ',')) v
WHERE (n ~ '[a-z]') = (v ~ '[a-z]');

-- "aage" (ahead, later) in both scripts: moving the appointment, or the people ahead of the patient
SELECT kb_lexicon_add(c, l, t) FROM (VALUES
('reschedule', 'hi', 'आगे कर दो,आगे कर दीजिए,आगे कर दीजिये,आगे करना है,आगे बढ़ा दो,आगे बढ़ा दीजिए,आगे बढ़ाना है,' ||
   'पीछे कर दो,पीछे कर दीजिए'),
('reschedule', 'hi-Latn', 'peeche kar do,piche kar do,peeche kar dijiye,pichhe kar do'),
('status', 'hi', 'लोग है आगे,लोग हैं आगे,आगे कितने लोग,आगे कितने'),
('status', 'hi-Latn', 'log hai aage,log hain aage,aage kitne log,aage kitne')
) v(c, l, t);
-- Asking when an appointment is: every word for one with every way of asking its day or time ("appointment kitne
-- baje hai", "booking कब है", "appointment chi vel kay aahe"), in any script; the appointment they have, not a new
-- one ("appointment ka time milega" stays a booking). The day or time asked keeps its concept.
SELECT kb_lexicon_add(array_to_string('{myappointment}'::text[] || pg_temp.kb_i5_concepts(v), ' '), NULL,
                         n || ' ' || v)
FROM unnest(string_to_array('appointment,appt,booking,slot,अपॉइंटमेंट,बुकिंग,स्लॉट', ',')) n,
     unnest(string_to_array('ka time kya hai,ka time kya h,ki date kya hai,kitne baje hai,kitne baje ka hai,kab hai,' ||
                            'kis time hai,का time क्या है,का टाइम क्या है,की तारीख क्या है,कितने बजे है,' ||
                            'कितने बजे का है,कब है,chi vel kay aahe,chi vel kay ahe,kiti vajta aahe,kiti vajta ahe,' ||
                            'kadhi aahe,kadhi ahe,किती वाजता आहे,कधी आहे,ची वेळ काय आहे', ',')) v;
-- (not "kis din hai": "din" is no concept, and the examples that say it keep it as a word)
SELECT kb_lexicon_add(array_to_string('{myappointment}'::text[] || pg_temp.kb_i5_concepts(q), ' '), 'en',
                         q || ' ' || n)
FROM unnest(string_to_array('what time is the,when is the,what day is the,which day is the,what date is the', ',')) q,
     unnest(string_to_array('appointment,booking,slot,appt', ',')) n;

-- A greeting with an honorific in Devanagari ("हेलो सर", "नमस्ते मैडम", "hi डॉक्टर साहब"): the Latin honorifics are
-- stop words, but "सर" is also the head ("सर में दर्द"), so only right after a greeting
SELECT kb_lexicon_add('greet', NULL, g || ' ' || h)
FROM unnest(string_to_array('hello,hi,hii,hey,namaste,namaskar,हेलो,हैलो,हॅलो,हाय,नमस्ते,नमस्कार,प्रणाम', ',')) g,
     unnest(string_to_array('सर,सर जी,मैडम,मॅडम,मैम,मॅम,डॉक्टर,डॉक्टर साहब,डॉक्टर साहेब,डॉ,साहब,साहेब,जी', ',')) h;

-- Typos of the conversations' short English command words with two letters swapped, which kb_analyse's correction
-- leaves alone (one edit for a word of up to 5 letters; longer words are corrected at two edits, a swap included):
-- each such spelling is a synonym of the word's concept, unless it is a word the analysis knows already (a term, a
-- stop word, an ordinary word, a word of an intent example) or two commands share it. Only short words: a swapped
-- spelling of a long one would become a target of the correction itself ("bookng" -> "booikng").
INSERT INTO kb_synonyms (term, canonical, lang)
SELECT v.term, min(c.canonical), 'en'
FROM (SELECT w, (SELECT y.canonical FROM kb_synonyms y WHERE y.doctor_id IS NULL AND y.term = w LIMIT 1) AS canonical
      FROM unnest(string_to_array('stop,start,book,token,queue,refer,menu,talk,speak,staff,human,hello,turn,shift,' ||
                                  'move,slot,line,block', ',')) w) c,
     generate_series(1, char_length(c.w) - 1) i,
     LATERAL (SELECT left(c.w, i - 1) || substr(c.w, i + 1, 1) || substr(c.w, i, 1) || substr(c.w, i + 2) AS term) v
WHERE c.canonical IS NOT NULL AND v.term <> c.w
  AND NOT EXISTS (SELECT 1 FROM kb_synonyms y WHERE y.term = v.term)
  AND NOT EXISTS (SELECT 1 FROM kb_stopwords s WHERE s.word = v.term)
  AND NOT EXISTS (SELECT 1 FROM kb_words k WHERE k.word = v.term)
  AND NOT EXISTS (SELECT 1 FROM kb_vocab k WHERE k.word = v.term)
GROUP BY v.term HAVING count(DISTINCT c.canonical) = 1
ON CONFLICT DO NOTHING;
-- ... and the same words written without their vowels, as in chats ("bkng", "cncl", "rschdl", "stts"): the
-- correction would take such a spelling for another word of its length ("stts" -> "set"), so it is a synonym of the
-- word's concept (four letters or more, unless a known word or shared by two words; "tkn" too, the usual "token").
INSERT INTO kb_synonyms (term, canonical, lang)
SELECT v.term, min(c.canonical), 'en'
FROM (SELECT w, (SELECT y.canonical FROM kb_synonyms y WHERE y.doctor_id IS NULL AND y.term = w LIMIT 1) AS canonical
      FROM unnest(string_to_array('booking,token,tokens,cancel,status,refer,referral,reschedule,staff,block,shift,' ||
                                  'appointment,unsubscribe,subscribe,position', ',')) w) c,
     LATERAL (SELECT left(c.w, 1) || regexp_replace(substr(c.w, 2), '[aeiou]', '', 'g') AS term) v
WHERE c.canonical IS NOT NULL AND v.term <> c.w AND (char_length(v.term) >= 4 OR v.term = 'tkn')
  AND NOT EXISTS (SELECT 1 FROM kb_synonyms y WHERE y.term = v.term)
  AND NOT EXISTS (SELECT 1 FROM kb_stopwords s WHERE s.word = v.term)
  AND NOT EXISTS (SELECT 1 FROM kb_words k WHERE k.word = v.term)
  AND NOT EXISTS (SELECT 1 FROM kb_vocab k WHERE k.word = v.term)
GROUP BY v.term HAVING count(DISTINCT c.canonical) = 1
ON CONFLICT DO NOTHING;
-- "talk" and "speak" misspelt, before "to" and whom the patient wants to talk to (not "tak": the Hindi "until",
-- "5 baje tak to doctor hain na")
SELECT kb_lexicon_add(array_to_string(pg_temp.kb_i5_concepts('talk to ' || x), ' '), 'en', t || ' to ' || x)
FROM unnest(string_to_array('tolk,taalk,tallk,talkk,spek,speek', ',')) t,
     unnest(string_to_array('doctor,the doctor,dr,doc,docter,doctr,doctar,dactor,daktar,the docter,staff,' ||
                            'the staff,someone,somebody,a human,human,a person,' ||
                            'person,reception,receptionist,the receptionist,admin', ',')) x;

-- Who a referral would be for (a friend, a relative, a neighbour) is a concept of its own, no longer the refer
-- concept itself (030): "my friend is a doctor too", "mera dost bhi saath aayega" name a friend and ask for no link.
-- The refer intent needs its act (refer, recommend, a link or code to share), which its examples all name.
UPDATE kb_synonyms SET canonical = 'friend'
WHERE doctor_id IS NULL AND canonical = 'refer' AND term IN (
    'colleague', 'colleagues', 'cousin', 'cousins', 'dost', 'friend', 'friends', 'maitrini', 'maitrinila', 'mitra',
    'mitrala', 'mitranna', 'natevaik', 'natevaikanna', 'neighbor', 'neighbors', 'neighbour', 'neighbours', 'padosan',
    'padosi', 'relative', 'relatives', 'rishtedaar', 'rishtedar', 'saheli', 'दोस्त', 'नातेवाईक', 'नातेवाईकांना',
    'पडकोसी', 'पडोसी', 'मित्र', 'मित्रांना', 'मित्राला', 'मैत्रिणी', 'मैत्रिणीला', 'मैत्रीण', 'रिश्तेदार', 'शेजारी',
    'सहेली');

-- Concepts that make an intent no candidate (see not_with above)
UPDATE kb_intent_keys SET not_with = '{referredme}' WHERE intent = 'refer';
UPDATE kb_intent_keys SET not_with = '{wascancelled,reschedule,medicine,dose,treatment}' WHERE intent = 'cancel';
UPDATE kb_intent_keys SET not_with = '{medicine,dose,treatment}' WHERE intent IN ('stop', 'start');
-- when the staff are there is a question of hours, not a request to talk to them ("staff kitne baje aata hai")
UPDATE kb_intent_keys SET not_with = '{timing}' WHERE intent = 'talk_to_staff';

-- The chat itself (the bot, a reply) says nothing of which conversation: an intent weight of a word no intent knows
INSERT INTO kb_intent_words (word, weight)
SELECT w, 0.3 FROM unnest(string_to_array('bot,chatbot,robot,automated,automatic,machine,reply,replies,respond,' ||
                                          'response,बॉट,रोबोट', ',')) w
ON CONFLICT DO NOTHING;

ALTER TABLE kb_synonyms ENABLE TRIGGER kb_synonyms_ins;
ALTER TABLE kb_stopwords ENABLE TRIGGER kb_stopwords_changed;
SELECT kb_vocab_refresh();
UPDATE kb_intents SET example = example;
UPDATE kb_entries SET question = question; -- the entries that exist, with the lexicon's new rows
