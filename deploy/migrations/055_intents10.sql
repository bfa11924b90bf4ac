-- 055: understanding patients, round 10 (issue 19): the conversations' (intents') last misses, and Devanagari's nukta.
-- The mistakes of every spent intent set (dev .. heldout9: 24 misses, one false recognition) were put under their
-- causes first (README, "Round 10's intents"); each cause is answered by an inventory written from how people say it
-- in en / hi-Latn / hi / mr / mr-Latn, kept only where it cost nothing on any spent set (intents and knowledge base):
-- - the indefinite article, "ek" / "एक" / "ekhadi" / "एखादी" ("ek appointment chahiye", "एक टोकन"): not a stop word
--   (the knowledge base reads "ek din", "ek baar"), but for an intent it says nothing of which conversation, so it
--   weighs 0.15 there (kb_intent_words, intent-only, as 041's words of whom);
-- - the patient telling the way to the clinic, when a queue is asked for ("I will reach in 20 minutes", "should I leave
--   home now", "ghar se nikal raha hu", "पहुँच रहा हूँ", "gharun nighto", "पोहोचतो"): "reach" read as the address,
--   "home" as a home visit, "nikal" as a tooth's extraction. First-person phrases of leaving and arriving are read as
--   nothing, as 052 reads "on my way" (the bare "reach", "how do I reach the clinic", stays the address);
-- - moving an appointment told as doing it later ("can we do it later", "make it a bit later", "baad me kar do",
--   "thoda late kar do", "nantar kara", "उशिरा करा"): the reschedule, whose not-coming (051) is then its reason;
-- - help asked after a greeting ("good evening, I need some help", "namaste, madad chahiye", "नमस्कार, मदत हवी
--   आहे"): the greeting itself (051's openings), and madad / madat / मदद / मदत / सहायता read as `help`, as "help" is;
-- - a referral told by its code or its purpose ("share my referral code with my friend", "my friend wants to
--   register too, send the link"), as refer's examples;
-- - ordinary chat words of romanised Hindi and Marathi (the weather, a wedding, a film, a journey, the market) that
--   the correction read as a conversation's or the clinic's word ("aaj barish ho rahi hai" asked for the queue's
--   status through "baris", "movie" was a reschedule): ordinary words (kb_words), never corrected.
-- Examined and left out (README): a cancellation and a booking in one text read as a reschedule ("booking" is the
-- `book` concept: "cancel my booking" would have become one), sessions of the day with a token ("evening opd":
-- `timing` became a word of the queue, "the last time to take a token in the evening" was taken), "kitila" as
-- `timing` ("kiti la" asks a price as often), and the channel of a referral ("on whatsapp": `message` became a
-- word of refer, and "sart messages again" was lost).
--
-- And kb_raw_words (008, one expression since 046): its translate() lists were misaligned. The FROM list has
-- chandrabindu, the combining nukta, ZWNJ, ZWJ and the eight precomposed nukta letters; the TO list has anusvara and
-- the eight base letters. So the combining nukta became क, ZWNJ ख, ZWJ ग, precomposed क़ ज, ख़ ड, ग़ ढ, ज़ फ, ड़ य and
-- the last three were deleted: ज़रूरी was read as जकरूरी, पड़ेगा as पडकेगा, never as the same word written without
-- its nukta (जरूरी, पडेगा), as chats often write it. Now a nukta letter folds to its base letter and the nukta, ZWNJ
-- and ZWJ are dropped. The lexicon's terms, stop words and ordinary words were stored folded the old way; the words the
-- migrations wrote with a nukta (listed below) are rewritten to their new form where they are stored (a term that
-- then equals an existing one is the existing row), so a text with or without the nukta meets them.

-- The lexicon's and intents' triggers re-read every entry and intent example per statement: off while the rows go in,
-- then one refresh at the end of this file.
ALTER TABLE kb_synonyms DISABLE TRIGGER kb_synonyms_ins;
ALTER TABLE kb_synonyms DISABLE TRIGGER kb_synonyms_upd;
ALTER TABLE kb_synonyms DISABLE TRIGGER kb_synonyms_del;
ALTER TABLE kb_stopwords DISABLE TRIGGER kb_stopwords_changed;
ALTER TABLE kb_intents DISABLE TRIGGER kb_intents_vocab;
ALTER TABLE kb_intents DISABLE TRIGGER kb_intents_intent_facts;

-- 046's kb_raw_words as it folded (for the stored words only)
CREATE FUNCTION pg_temp.kb_n10_old_words(t text) RETURNS text[] LANGUAGE sql IMMUTABLE AS $$
    SELECT array_remove(regexp_split_to_array(
               regexp_replace(translate(lower(coalesce(t, '')),
                                        U&'\0901\093C\200C\200D\0958\0959\095A\095B\095C\095D\095E\095F',
                                        U&'\0902\0915\0916\0917\091C\0921\0922\092B\092F'),
                              '[^a-z0-9\u0900-\u0963\u0966-\u097F]+', ' ', 'g'), ' '), '')
$$;

-- The words of a text as written (lowercase, punctuation removed, Devanagari variants folded: chandrabindu as
-- anusvara, a precomposed nukta letter as its base letter, the combining nukta, ZWNJ and ZWJ dropped), in order.
CREATE OR REPLACE FUNCTION kb_raw_words(t text) RETURNS text[] LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT array_remove(regexp_split_to_array(
               regexp_replace(translate(lower(coalesce(t, '')),
                                        U&'\0901\0958\0959\095A\095B\095C\095D\095E\095F\093C\200C\200D',
                                        U&'\0902\0915\0916\0917\091C\0921\0922\092B\092F'),
                              '[^a-z0-9\u0900-\u0963\u0966-\u097F]+', ' ', 'g'), ' '), '')
$$;

-- Every word the migrations (008 .. 052) wrote with a nukta: its old stored form and its new one
CREATE TEMP TABLE kb_n10_map ON COMMIT DROP AS
SELECT DISTINCT o.w AS old, n.w AS new
FROM unnest(string_to_array(
    'अंग्रेज़ी,आख़िरी,इंतज़ार,उखड़वाना,उखड़वाने,उखाड़ना,एक्टिविटीज़,कमज़ोर,क़ीमत,कागज़ात,कीड़ा,खड़ी,' ||
    'ख़र्च,ख़र्चा,गाड़ी,ज़ख्म,ज़रूरत,ज़रूरी,ज़िंदगी,ज़ुकाम,जोड़,टिफ़िन,टेढ़ी,टेढ़े,डिपॉज़िट,डोज़,' ||
    'तकलीफ़,तारीख़,थोड़ा,दाढ़,नज़र,नेबुलाइज़र,पड़,पड़ेगा,पड़ोसी,पढ़ाई,पढ़ाती,पढ़ाते,पीड़ा,पोज़िशन,प्लीज़,' ||
    'फ़ार्मेसी,फ़िटनेस,फ़ीस,फ़ोन,फ़ोनपे,फ़्लू,बग़ैर,बड़ा,बड़ी,बड़े,बढ़,बढ़त,बढ़ना,बढ़ा,बढ़ाना,बिगड़,' ||
    'बुढ़े,बूढ़ी,बूढ़े,भीड़,मंज़िल,मुफ़्त,म्यूज़िक,यूनिफ़ॉर्म,रिज़ल्ट,रेफ़र,रोज़,लड़का,लड़की,लेज़र,' ||
    'विज़िट,सड़न,सफ़ेद,सर्टिफ़िकेट,हफ़्ते', ',')) s,
     LATERAL unnest(pg_temp.kb_n10_old_words(s)) WITH ORDINALITY o(w, i)
     JOIN LATERAL unnest(kb_raw_words(s)) WITH ORDINALITY n(w, i) ON n.i = o.i
WHERE o.w <> n.w;

CREATE FUNCTION pg_temp.kb_n10_fix(t text) RETURNS text LANGUAGE sql STABLE AS $$
    SELECT string_agg(coalesce((SELECT m.new FROM kb_n10_map m WHERE m.old = u.w), u.w), ' ' ORDER BY u.i)
    FROM unnest(string_to_array(t, ' ')) WITH ORDINALITY u(w, i)
$$;

-- the stored terms (global and the clinics'), stop words and ordinary words in their new form
INSERT INTO kb_synonyms (doctor_id, term, canonical, lang, specialty)
SELECT y.doctor_id, pg_temp.kb_n10_fix(y.term), y.canonical, y.lang, y.specialty
FROM kb_synonyms y WHERE string_to_array(y.term, ' ') && ARRAY(SELECT m.old FROM kb_n10_map m)
ORDER BY y.id
ON CONFLICT DO NOTHING;
DELETE FROM kb_synonyms y WHERE string_to_array(y.term, ' ') && ARRAY(SELECT m.old FROM kb_n10_map m);
INSERT INTO kb_stopwords (word)
SELECT m.new FROM kb_stopwords s JOIN kb_n10_map m ON m.old = s.word ON CONFLICT DO NOTHING;
DELETE FROM kb_stopwords s WHERE s.word IN (SELECT m.old FROM kb_n10_map m);
INSERT INTO kb_words (word) SELECT m.new FROM kb_words s JOIN kb_n10_map m ON m.old = s.word ON CONFLICT DO NOTHING;
DELETE FROM kb_words s WHERE s.word IN (SELECT m.old FROM kb_n10_map m);

-- The indefinite article, for an intent only (the knowledge base weighs it as before)
INSERT INTO kb_intent_words (word, weight)
SELECT w, 0.15 FROM unnest(ARRAY['ek', 'एक', 'ekhadi', 'ekhada', 'ekhade', 'एखादी', 'एखादा', 'एखादे']) w
WHERE NOT EXISTS (SELECT 1 FROM kb_stopwords s WHERE s.word = w)
ON CONFLICT DO NOTHING;

-- Leaving for the clinic and arriving there, told in the first person: read as nothing
SELECT kb_lexicon_add('', l, t) FROM (VALUES
('en', 'will reach in,i will reach in,i''ll reach in,ill reach in,reaching in,will be there in,i will be there in,' ||
       'i''ll be there in,leave home,leaving home,left home,leave from home,leaving from home,left from home,' ||
       'leave my house,leave the house,leaving my house,leaving the house,start from home,starting from home'),
('hi-Latn', 'ghar se nikal raha hu,ghar se nikal rahi hu,ghar se nikal raha hoon,ghar se nikal rahi hoon,' ||
       'ghar se nikalu,ghar se niklu,ghar se nikal jau,nikal raha hu,nikal rahi hu,nikal raha hoon,nikal rahi hoon,' ||
       'nikalta hu,nikalti hu,pahunch raha hu,pahunch rahi hu,pahunch jaunga,pahunch jaungi,pahuch jaunga,' ||
       'pahuch jaungi,pahunchta hu,pahunchti hu,pahuch raha hu,pahuch rahi hu'),
('hi', 'घर से निकल रहा हूँ,घर से निकल रही हूँ,घर से निकल रहा हूं,घर से निकल रही हूं,घर से निकलूं,घर से निकलूँ,' ||
       'निकल रहा हूँ,निकल रही हूँ,निकल रहा हूं,निकल रही हूं,पहुँच रहा हूँ,पहुँच रही हूँ,पहुंच रहा हूं,' ||
       'पहुंच रही हूं,पहुँच जाऊँगा,पहुँच जाऊँगी,पहुंच जाऊंगा,पहुंच जाऊंगी'),
('mr-Latn', 'gharun nighto,gharun nighte,gharun nighu,gharun nighayla,nighto aahe,nighte aahe,pohochto,pohochte,' ||
       'pohochen,pohchto,pohchte,pochto,pochte'),
('mr', 'घरून निघतो,घरून निघते,घरून निघू,निघतो आहे,निघते आहे,पोहोचतो,पोहोचते,पोहोचेन,पोचतो,पोचते')
) v(l, t);

-- Moving the appointment by doing it later or another time
SELECT kb_lexicon_add('reschedule', l, t) FROM (VALUES
('en', 'do it later,make it later,keep it later,shift it later,move it later,put it later,push it later,' ||
       'do it another time,make it another time,do it some other time,make it some other time,' ||
       'do it a little later,make it a little later,do it a bit later,make it a bit later'),
('hi-Latn', 'baad me kar do,baad mein kar do,baad me kar dijiye,baad mein kar dijiye,thoda late kar do,' ||
       'late kar do,thoda baad me kar do,thoda baad mein kar do,thodi der baad kar do'),
('hi', 'बाद में कर दो,बाद में कर दीजिए,थोड़ा लेट कर दो,लेट कर दो,थोड़ा बाद में कर दो'),
('mr-Latn', 'nantar kara,nantar thev,thoda ushira kara,ushira kara,ushira theva,nantar theva'),
('mr', 'नंतर करा,नंतर ठेवा,थोडा उशिरा करा,उशिरा करा,उशिरा ठेवा')) v(l, t);

-- Help asked for after a greeting: the greeting (the words for help in Hindi and Marathi read as "help")
SELECT kb_lexicon_add('help', l, t) FROM (VALUES
('hi-Latn', 'madad,maddad,sahayata,sahayta'), ('hi', 'मदद,सहायता'),
('mr-Latn', 'madat,madath'), ('mr', 'मदत')) v(l, t);
-- (every way of asking for help reads as the same two concepts, greet and help: one example per language)
INSERT INTO kb_intents (intent, lang, example) VALUES
('greeting', 'en', 'hello, I need some help'),
('greeting', 'hi-Latn', 'namaste, madad chahiye'),
('greeting', 'hi', 'नमस्ते, मदद चाहिए'),
('greeting', 'mr-Latn', 'namaskar, madat havi aahe'),
('greeting', 'mr', 'नमस्कार, मदत हवी आहे');

-- A referral told by its code or its purpose (the friend registering too)
INSERT INTO kb_intents (intent, lang, example)
SELECT 'refer', l, x
FROM (VALUES
('en', 'I want to share my referral code with my friend;send my code to my sister;' ||
       'my friend wants to register too, send the link;send the link so my family can register'),
('hi-Latn', 'mera referral code dost ko bhejna hai;link bhejo, mere dost ko bhi register karna hai'),
('hi', 'मेरा रेफरल कोड दोस्त को भेजना है;लिंक भेजिए, मेरे दोस्त को भी रजिस्टर करना है'),
('mr-Latn', 'maza referral code mitrala pathvaycha aahe;link pathva, majhya mitrala pan register karaycha aahe'),
('mr', 'माझा रेफरल कोड मित्राला पाठवायचा आहे;लिंक पाठवा, माझ्या मित्राला पण रजिस्टर करायचं आहे')) v(l, xs),
     unnest(string_to_array(xs, ';')) x;

-- Ordinary words of a chat in romanised Hindi and Marathi that the correction (one edit, or two from six letters)
-- read as a conversation's or the clinic's word: the weather ("barish" as "baris", a spelling of the turn: "aaj barish
-- ho rahi hai" asked for the queue's status; "toofan" as a token), a wedding ("shaadi" as "sardi", a cough), a film
-- ("movie" as "move", a reschedule), a match (March), a journey ("safar" as "safai", cleaning), sweets ("mithai" as
-- "mitar", a friend), food ("chicken" as "checked", a consultation; "masala" as a word of the staff), the market
-- ("bazaar" as "bagair"), a job ("naukri" as "nakli", "salary" as "salaam", a greeting). An ordinary word (kb_words) is
-- never corrected; a word the lexicon already reads is left to it
INSERT INTO kb_words (word)
SELECT w FROM unnest(string_to_array(
    'barish,baarish,barsat,barsaat,mausam,dhoop,toofan,tufaan,tufan,aandhi,andhi,baadal,badal,paus,pavsala,' ||
    'shaadi,shadi,vivah,baarat,barat,sagai,tyohar,tyohaar,sann,' ||
    'movie,picture,film,gaana,gaane,gana,cricket,match,khel,khelna,' ||
    'safar,yatra,mithai,khana,nashta,biryani,bazaar,bazar,dukaan,dukan,kirana,sabzi,sabji,kapde,kapda,' ||
    'naukri,nokri,padhai,pooja,puja,ration,salary,tankhwah,pagar,boss,' ||
    'chicken,mutton,masala,samosa,jalebi,ladoo,laddu,roti,chawal,daal,paneer,machli,anda,khichdi,poha,upma,' ||
    'idli,dosa,vada,bhaji,misal,modak', ',')) w
WHERE NOT EXISTS (SELECT 1 FROM kb_synonyms y WHERE y.term = w)
  AND NOT EXISTS (SELECT 1 FROM kb_stopwords s WHERE s.word = w)
ON CONFLICT DO NOTHING;

ALTER TABLE kb_synonyms ENABLE TRIGGER kb_synonyms_ins;
ALTER TABLE kb_synonyms ENABLE TRIGGER kb_synonyms_upd;
ALTER TABLE kb_synonyms ENABLE TRIGGER kb_synonyms_del;
ALTER TABLE kb_stopwords ENABLE TRIGGER kb_stopwords_changed;
ALTER TABLE kb_intents ENABLE TRIGGER kb_intents_vocab;
ALTER TABLE kb_intents ENABLE TRIGGER kb_intents_intent_facts;
SELECT kb_vocab_refresh();
UPDATE kb_intents SET example = example;  -- their tokens read anew, and 045's facts rebuilt by its statement trigger
UPDATE kb_entries SET question = question; -- the entries that exist: their words read anew
