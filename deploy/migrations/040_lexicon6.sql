-- 040: understanding patients, round 6 (issue 19): the knowledge base's second inventory pass. Data only:
-- kb_lexicon_add rows (029), stop words and ordinary words (kb_words); no function.
--
-- Round 5's inventory (034) was read for what it did not cover, and heldout5's misses were grouped by CAUSE (not
-- mined question by question) to choose which inventories to write. The causes, over its 126 missed answerable
-- questions: (1) the right entry alone at 0.45-0.65, diluted by a word nobody knows (romanised Marathi function
-- words "ithe", "kevha", "yeu"; Marathi inflections "डोळ्यांचा", "जन्मानंतर"; English everyday phrasings "sick leave
-- note", "picture of my tooth", "over the phone"); (2) an ordinary word "corrected" into a clinic word it resembles
-- ("having" -> "hains", "skip" -> "skin", "routine" -> "route", "prevent", "severe", "honi" -> "holi", "aali" ->
-- "aaji", "doctoranchi" -> a word for talking to the staff); (3) near misses whose asked thing had no concept (a
-- colour, a private room, 3D/4D scans, sunglasses, side effects, how many doses). Each group below is a general
-- inventory of that kind, written without a particular question in mind:
--
--   T. ordinary words never corrected into a clinic word (kb_words): frequent English verbs and adjectives,
--      romanised Hindi and Marathi everyday words.
--   U. romanised Marathi and Marathi words that ask nothing (stop words): here/there, when, come/came, the
--      doctor's inflected forms (English "doctor" is a stop word already), must/can auxiliaries.
--   V. Marathi (both scripts): night, treatment, newborn, the eye's inflections, the retina as lay people call it
--      (the eye's "curtain"), examining ("तपासता का", "tapasta ka").
--   W. English everyday paraphrases of what the entries answer: a doctor's note, skipping breakfast, the night and
--      falling sick, a phone call instead of a visit, a tooth's picture, a permanent or missing tooth, tartar,
--      getting rid of glasses, crossed eyes, staying in hospital, seeing the doctor, the clinic's floor, fixing a
--      time, closing and late hours, insurance cover.
--   Y. words that ask nothing: English narrative verbs and fillers (came, said, told, I think), and the forms of
--      "will be available" (milegi, मिलेंगी, मिळेल).
--   Z. the gender and number forms of 034's "how is it done" (Marathi कशी / कसा, Hindi की जाती).
--   X. asked things an entry may not state (029's guard, 032's asked words): colour, a room or ward, 3D/4D scans,
--      sunglasses, side effects; X2. how many doses.
--
-- Each group was CHECKED on all spent sets (dev .. heldout5, tests/kb_eval/eval.py --set all, knowledge base and
-- intents) and kept only when no set lost precision. Left out after that check: कमरा / kamra / kamre as a room (the
-- typo correction turned कचरा, dirt in the eye, into कमरा), and for the same risk "harm"; "exactly" as a stop word
-- (it asks for a precise figure: a near miss got an answer); "standard" as an asked school grade (034 maps the word
-- to class already, and the phrase rows only raised a class-timings near miss); the count of sittings and visits
-- (X2).
-- Figures: README, "The knowledge base".

ALTER TABLE kb_synonyms DISABLE TRIGGER kb_synonyms_ins;
ALTER TABLE kb_stopwords DISABLE TRIGGER kb_stopwords_changed;

-- T. ordinary words that are no typo of a clinic word
INSERT INTO kb_words (word) SELECT DISTINCT unnest(kb_raw_words(
    'having skip skipped skipping severe severely prevent prevents prevention routine routinely photo photos ' ||
    'sector dust dusty nite sharp shape share shift shower slip slipped sleep sleeping sweet swelling wound ' ||
    'breathe breath breathing feeling feel fell falls falling stuck rest resting late later early lift ' ||
    'honi hona hone hoga hogi saans sans wajah vajah khud bola bole boli dekhne dekhna dekhte dekho logo logon ' ||
    'thoda thodi zyada jyada bahut kaafi ' ||
    'aali aalo aale ithe tithe ikde tikde kevha yeu yeil yeto yete thoda thodi khup jast'))
ON CONFLICT DO NOTHING;

-- U. romanised Marathi and Marathi words that ask nothing
INSERT INTO kb_stopwords (word) SELECT DISTINCT unnest(kb_raw_words(
    'ithe tithe ikde tikde ithech tithech kevha aali aalo aale aalya yeu yeto yete yetat yeil yaycha yaychay ' ||
    'jaycha jaychay jayche doctoranchi doctorancha doctoranche doctorla doctorna doctoranna doctorkade ' ||
    'dyava dyave ghyava ghyavi ghyave asel astil shakto shakte shaktat shakel ' ||
    'इथे तिथे इकडे तिकडे इथेच केव्हा आलो आली आले येऊ येतो येते येतात येईल यायचे यायचं जायचे जायचं ' ||
    'डॉक्टरांना डॉक्टरांची डॉक्टरांचा डॉक्टरांचे डॉक्टरला डॉक्टरकडे द्यावा द्यावे द्यावी घ्यावा घ्यावी घ्यावे ' ||
    'असेल शकतो शकते शकतात शकेल'))
ON CONFLICT DO NOTHING;

-- V. Marathi, both scripts
SELECT kb_lexicon_add(c, l, t) FROM (VALUES
('evening', 'mr', 'रात्री,रात्रीच्या,रात्रीचे,रात्रीची'),
('evening', 'mr-Latn', 'ratri,raatri,ratrichya,ratriche'),
('emergency', 'mr', 'मध्यरात्री,अर्ध्या रात्री'),
('emergency', 'mr-Latn', 'madhyaratri,ardhya ratri'),
('treatment', 'mr-Latn', 'upchar,upchaar,upchar karta,upchar kartat,ilaj'),
('treatment', 'mr', 'उपचार करता,उपचार करतात'),
('child', 'mr', 'जन्मानंतर,जन्मल्यावर,नवजात बाळ,लहान मुलांचे,लहान मुलांना,लहान मुलांची,लहान मुले'),
('child', 'mr-Latn', 'janmanantar,janmalyavar,lahan mula,lahan mulanche,lahan mulanna,lahan bal'),
('eye', 'mr', 'डोळ्यांचा,डोळ्याचा,डोळ्यांच्या,डोळ्याच्या,डोळ्याला,डोळ्यांमध्ये,डोळ्यात'),
('eye', 'mr-Latn', 'dolyacha,dolyancha,dolyachya,dolyala,dolyanna,dolyat'),
('retina', 'mr', 'पडदा,डोळ्याचा पडदा,डोळ्यांचा पडदा'),
('retina', 'mr-Latn', 'padda,dolyacha padda'),
('retina', 'hi', 'आंख का पर्दा,आँख का पर्दा,आंख का परदा'),
('retina', 'hi-Latn', 'aankh ka parda,ankh ka parda'),
('consultation', 'mr', 'तपासता का,तपासाल का,तपासतात का,तपासता,तपासाल,तपासतात'),
('consultation', 'mr-Latn', 'tapasta ka,tapasal ka,tapastat ka,tapasta,tapasal,tapastat')
) v(c, l, t);

-- W. English everyday paraphrases
SELECT kb_lexicon_add(c, l, t) FROM (VALUES
('certificate', 'en', 'sick leave note,leave note,medical note,doctors note,doctor s note,sick note,note for office,' ||
   'note for school,medical letter,fitness form,medical form'),
('fasting', 'en', 'skip breakfast,skip my breakfast,without breakfast,no breakfast,skip meal,skip food'),
('emergency', 'en', 'middle of the night,falls sick,fell sick,very sick,suddenly sick,water breaks,water broke,' ||
   'waters break,chemical splashed,something went in my eye'),
('online', 'en', 'over the phone,on the phone,on phone,speak on phone,talk on phone,instead of coming,without coming'),
('xray', 'en', 'picture of my tooth,picture of tooth,picture of the tooth,photo of tooth,photo of my tooth,tooth picture'),
('tooth implant', 'en', 'permanent tooth,fixed tooth,fix a tooth,replace a tooth,replace my tooth,new tooth,tooth replacement'),
('tooth cleaning', 'en', 'tartar,plaque,tartar removal,remove tartar,removing the tartar,stains on teeth'),
('tooth whitening', 'en', 'make them white,make my teeth white,whiter teeth,whiten'),
('lasik', 'en', 'get rid of my specs,get rid of my glasses,no more glasses,without glasses,off glasses,remove glasses permanently'),
('squint', 'en', 'looks crossed,look crossed,eye looks crossed,eyes look crossed,cross eye'),
('admission', 'en', 'stay in hospital,stay in the hospital,hospital stay,stay overnight,overnight stay'),
('consultation', 'en', 'see the doctor,see a doctor,see the specialist,see the eye specialist,see the gynaecologist,' ||
   'see the dentist,see the paediatrician,see the cardiologist'),
('address', 'en', 'how do i get to,how to get to,which floor,what floor,floor'),
('appointment', 'en', 'fix a time,book a time,set a time,fix an appointment'),
('timing closed', 'en', 'what time does it close,what time do you close,when do you close,does the clinic close,clinic close'),
('evening timing', 'en', 'open late,late in the evening,late evening'),
('insurance', 'en', 'covered under,covered by,covered in,insurance pay,insurance cover,cover under')
) v(c, l, t);

-- Y. words that ask nothing: English narrative verbs and fillers (I came, the doctor said, I think), and the
--    forms of "will be available" (milegi, मिलेंगी, मिळेल) beside 029's milega / मिलेगा
INSERT INTO kb_stopwords (word) SELECT DISTINCT unnest(kb_raw_words(
    'came said told saw think thought able having properly actually basically kindly ' ||
    'milegi milengi milti milte milta mil jayega mil jayegi मिलेगी मिलेंगी मिलती मिलते मिलता ' ||
    'milel miltil miltat मिळेल मिळतील मिळते मिळतात मिळतो'))
ON CONFLICT DO NOTHING;

-- Z. the gender and number forms of 034's "how is it done" (Q) in Marathi and Hindi: कशी करतात, कसा केला जातो,
--    kaise ki jati
SELECT kb_lexicon_add(c, l, t) FROM (VALUES
('process', 'mr', 'कशी करतात,कसा करतात,कसं करतात,कशी केली जाते,कसा केला जातो,कसं होतं,कशी होते का,कसे करतात का'),
('process', 'mr-Latn', 'kashi kartat,kasa kartat,kasa kela jato,kashi keli jate,kasa karta,kasa hota'),
('process', 'hi', 'कैसे की जाती,कैसे किया जाता है,कैसे करती हैं,कैसे होते हैं'),
('process', 'hi-Latn', 'kaise ki jati,kaise kiya jata hai,kaise karti hai,kaise hote hai')
) v(c, l, t);

-- X. asked things an entry may not state
SELECT kb_lexicon_add(c, l, t) FROM (VALUES
('colour', 'en', 'colour,color,colours,colors,what colour,which colour'),
('colour', 'hi', 'रंग,कलर'),
('colour', 'hi-Latn', 'rang,colour kya,color kya'),
('colour', 'mr', 'रंग,रंगाचा,रंगाची'),
('colour', 'mr-Latn', 'rang,rangacha'),
('room', 'en', 'private room,ac room,deluxe room,general ward,ward,room charges,room rent,single room,sharing room,room'),
('room', 'hi', 'प्राइवेट रूम,प्राइवेट कमरा,वार्ड,रूम'),
('room', 'hi-Latn', 'private kamra,alag kamra,private room'),
('room', 'mr', 'खोली,स्पेशल रूम,रूम'),
('room', 'mr-Latn', 'kholi,special room'),
('threed', 'en', '3d,4d,3 d,4 d,3d scan,4d scan,3d sonography,4d sonography,3d ultrasound,4d ultrasound'),
('sunglasses', 'en', 'sunglasses,sun glasses,goggles,cooling glass,cooling glasses,shades'),
('sunglasses', 'hi', 'धूप का चश्मा,गॉगल'),
('sunglasses', 'hi-Latn', 'dhoop ka chashma,gogal'),
('sunglasses', 'mr', 'गॉगल'),
('safety', 'en', 'side effect,side effects,harmful,damage,weaken'),
('safety', 'hi', 'कमज़ोर,कमजोर,नुकसान,साइड इफेक्ट'),
('safety', 'hi-Latn', 'kamzor,kamjor,nuksan,nuksaan,side effect'),
('safety', 'mr', 'कमकुवत,नुकसान,दुष्परिणाम'),
('safety', 'mr-Latn', 'kamkuvat,dushparinam')
) v(c, l, t);

-- X2. a count of doses asked (how many doses, shots, injections): "how many" alone is dropped, so an entry that
--     names the thing ("each dose is Rs 4,000") answered a question about how many of it are needed. Left out after
--     the check: the count of sittings, sessions and visits ("kitni baar aana"), whose entries state it in numbers
--     ("2-3 sittings") and lost their own questions.
SELECT kb_lexicon_add(c, l, t) FROM (VALUES
('count dose', 'en', 'how many doses,how many shots,how many injections,how many jabs,number of doses'),
('count dose', 'hi', 'कितने डोज़,कितने डोज,कितनी डोज़,कितनी डोज,कितने टीके,कितने इंजेक्शन'),
('count dose', 'hi-Latn', 'kitne doses,kitne dose,kitni dose,kitne teeke,kitne tike,kitne injection'),
('count dose', 'mr', 'किती डोस,किती लसी,किती इंजेक्शन'),
('count dose', 'mr-Latn', 'kiti dose,kiti doses,kiti lasi,kiti injection')
) v(c, l, t);

ALTER TABLE kb_synonyms ENABLE TRIGGER kb_synonyms_ins;
ALTER TABLE kb_stopwords ENABLE TRIGGER kb_stopwords_changed;
SELECT kb_vocab_refresh();
UPDATE kb_intents SET example = example;

-- the entries that exist, with the new lexicon
UPDATE kb_entries SET question = question;
