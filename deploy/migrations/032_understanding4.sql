-- 032: understanding patients, round 4 (issue 19): precision on questions nobody tuned on. Round 3's near misses
-- that were answered had a word of the question that no entry knows as a concept, so it weighed 0.6 and did not
-- count as important (the 0.8 guard of 029 applies only to important words): "braces kitne mahine lagte hai" (how
-- many months), "implant ki guarantee" (a guarantee), "lactation counsellor ghari yeil ka" (at home), "happy
-- Diwali" (a wish, not a question about the holidays). Round 4 names what such words ask, as general lexicon rows in
-- the five languages, so the existing guard sees them: an entry that neither knows nor states the asked thing is
-- kept from answering, and the question goes to ai.
-- Figures (tests/kb_eval/eval.py): README, "The knowledge base".

ALTER TABLE kb_synonyms DISABLE TRIGGER kb_synonyms_ins;
ALTER TABLE kb_stopwords DISABLE TRIGGER kb_stopwords_changed;

-- kb_lexicon_add: 029_understanding3.sql

SELECT kb_lexicon_add(c, l, t) FROM (VALUES
-- how long, in months and weeks
('duration', 'en', 'how many months,how many weeks,how many years'),
('duration', 'hi-Latn', 'kitne mahine,kitne mahino,kitne mahinon,kitne mahine me,kitne hafte,kitne saal'),
('duration', 'hi', 'कितने महीने,कितने महीनों,कितने हफ्ते,कितने साल'),
('duration', 'mr', 'किती महिने,किती आठवडे,किती वर्षे'),
('duration', 'mr-Latn', 'kiti mahine,kiti athavde,kiti varsh'),
-- a guarantee or warranty
('guarantee', 'en', 'warranty,warrenty,guaranty,gaurantee,guarentee,lifetime guarantee'),
('guarantee', 'hi-Latn', 'garanti,gaaranti,warranti'),
('guarantee', 'hi', 'गारंटी,गॅरंटी,वारंटी,वॉरंटी'),
('guarantee', 'mr', 'हमी'),
-- at home (Marathi)
('homevisit', 'mr-Latn', 'ghari,gharee,gharun'),
-- wishes are no question about the day they name
('wish', 'en', 'happy,wishes,wishing,greetings,congratulations,congrats,many happy returns'),
('wish', 'hi-Latn', 'mubarak,badhai,shubhkamnaye,shubhkamnayen,shubh'),
('wish', 'hi', 'मुबारक,बधाई,शुभकामनाएं,शुभकामनाएँ,शुभ'),
('wish', 'mr', 'शुभेच्छा,हार्दिक'),
('wish', 'mr-Latn', 'shubhechha,hardik'),
-- open round the clock
('allday', 'en', '24 hours,24 hrs,24 hr,24hr,24hrs,24 hour,24x7,24 7,round the clock,day and night,all night'),
('allday', 'hi-Latn', '24 ghante,chaubis ghante,din raat,raat din,puri raat'),
('allday', 'hi', '24 घंटे,चौबीस घंटे,दिन रात,रात दिन,पूरी रात'),
('allday', 'mr', '24 तास,चोवीस तास,रात्रंदिवस,दिवसरात्र'),
('allday', 'mr-Latn', '24 tas,chovis tas,ratrandivas'),
-- a play area, toys
('playarea', 'en', 'play area,play room,playroom,play corner,toys,kids corner'),
('playarea', 'hi-Latn', 'khilone,khilona,khelne ki jagah'),
('playarea', 'hi', 'खिलौने,खेलने की जगह'),
('playarea', 'mr', 'खेळणी,खेळायला जागा'),
-- Marathi words patients write for a child's growth and vaccines
('growth', 'mr', 'वाढ,वाढीची,वाढ तपासणी,वजन उंची,उंची वजन'),
('growth', 'hi', 'ग्रोथ,लंबाई वजन,वजन लंबाई'),
('vaccine', 'mr', 'लसींची,लसीची,लसींचे,लसीचे,लसीकरणाची,लसीकरणाचे'),
-- ready-made (spectacles, dentures) rather than made to measure
('readymade', 'en', 'ready made,ready-made,off the shelf,over the counter'),
('readymade', 'hi-Latn', 'bana banaya,bani banayi,readymade wala')
) v(c, l, t);

-- "will (the doctor) be there", like "available": says nothing about which entry
INSERT INTO kb_stopwords (word) SELECT unnest(kb_raw_words('भेटतील भेटतात भेटेल भेटणार'))
ON CONFLICT DO NOTHING;

ALTER TABLE kb_synonyms ENABLE TRIGGER kb_synonyms_ins;
ALTER TABLE kb_stopwords ENABLE TRIGGER kb_stopwords_changed;
SELECT kb_vocab_refresh();
UPDATE kb_intents SET example = example;

-- the entries that exist, with the new lexicon
UPDATE kb_entries SET question = question;
