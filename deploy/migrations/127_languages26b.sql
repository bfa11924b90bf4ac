-- 127: understanding patients, round 26 (issue 19): romanised Hindi, Hindi, Marathi and code-mixed rows for the gyn,
-- eye and school tenants' entries (tests/kb_eval/clinics.json) and kb.json's general clinic. Data only: global
-- kb_synonyms and kb_stopwords rows, like 113 and 119. No function is changed.
--
-- WRITTEN FROM THE ENTRIES: for each entry of the four tenants, 565 new questions in Hinglish, Hindi and Marathi
-- (how a patient or a parent asks for that answer; not 119's) went through kb_match; 496 were answered rightly, 8
-- wrongly. The families below are what the misses shared, read with heldout25's hi-Latn / hi / mr misses of these
-- tenants (samples, not targets): a word left over that no entry holds ("shuru", "घ्यायला", "टाकल्यावर"), a word
-- read as another entry's ("ghar" the home visit's, "chhutti" the holidays', "mahine ki" the age's), a typo
-- correction that changed the meaning ("karoge" into "karate", "cervix" into "certi"). With them: 525 right, 5 wrong.
-- SCREENED against main (00e6f73) in the same database: all together over every question and intent message of dev ..
-- heldout25 (16,977 questions, 5,237 intent messages): right 11,470 -> 11,477 of 12,188, wrong 125 both, none lost,
-- no must-not answered, intents identical message by message; each family alone over the questions holding its
-- words: 1 +1, 2 +1, 3 +2, 4 +1, 5 0, 6 +1, 7 +1, none lost, no wrong added, no must-not, intents identical.
-- MEASURED AND NOT KEPT: "karu" ("kya karu") dropped: 9 must-not questions answered ("sugar 250 aa raha hai kya
-- karu", "bachha khana nahi khata kya karu": the words that keep a medical question unanswered); "monthly fees" as
-- `fee`: 13 must-not answered (the school's fee entry took every "consultation fee" asked of the school); "kadhi
-- ughadta", "कधी उघडतो" as `timing open`: 1 lost ("ughadta" became a lexicon word and was no longer corrected:
-- "dawakhana kiti vajta ughadta"); "मधुमेहाचा डॉक्टर" as a phrase: 1 lost ("मधुमेहाचा" no longer corrected; the
-- single words are kept instead); "hpv ka tika" as `hpv` alone: 1 lost (the vaccine's word went); "तपासणीची" as
-- `test`: 1 wrong added (the Marathi consultation fee went to the Pap smear).
ALTER TABLE kb_synonyms DISABLE TRIGGER kb_synonyms_ins;
ALTER TABLE kb_synonyms DISABLE TRIGGER kb_synonyms_upd;
ALTER TABLE kb_synonyms DISABLE TRIGGER kb_synonyms_del;
ALTER TABLE kb_stopwords DISABLE TRIGGER kb_stopwords_changed;
ALTER TABLE kb_intents DISABLE TRIGGER kb_intents_vocab;
ALTER TABLE kb_intents DISABLE TRIGGER kb_intents_intent_facts;
-- 1. "karoge", "karogi", "करोगे" (will you do) dropped like "karenge": the typo correction read "karoge" as "karate"
--    (`activity`): "hindi me baat karoge", "pupil dilate karoge kya". Not "karu" ("kya karu": measured, header).
INSERT INTO kb_stopwords (word) VALUES ('karoge'), ('karogi'), ('करोगे'), ('करोगी') ON CONFLICT DO NOTHING;
-- 2. Trouble conceiving: "pregnant hone me problem / dikkat", "गर्भधारण में दिक्कत" as `infertility` (it went to the
--    pregnancy package); "hpv injection", "gardasil" as the HPV vaccine ("injection" was left over); "cervix" as
--    `cervical` (it was corrected into "certi", the certificate).
SELECT kb_lexicon_add(c, l, t) FROM (VALUES
    ('infertility', 'hi-Latn', 'pregnant hone me problem,pregnant hone mein problem,pregnant hone me dikkat,pregnant hone me pareshani,pregnant hone me taklif,pregnant nahi ho pa rahi,pregnant nahi ho paa rahi,conceive karne me problem,conceive nahi kar pa rahi,conceive hone me problem'),
    ('infertility', 'hi', 'प्रेग्नेंट होने में दिक्कत,प्रेग्नेंट होने में समस्या,गर्भ ठहरने में दिक्कत,गर्भधारण में समस्या,गर्भधारण में दिक्कत'),
    ('infertility', 'mr', 'गर्भधारणेत अडचण,दिवस राहत नाहीत'),
    ('hpv vaccine', 'hi-Latn', 'gardasil,gardasil 9,cervavac,hpv injection,hpv ka injection,hpv ke injection'),
    ('hpv vaccine', 'hi', 'एचपीवी इंजेक्शन'),
    ('cervical', 'hi-Latn', 'cervix,servix,bachedani ka muh,bachedani ke muh,bachedani ka munh,bachedani ke munh'),
    ('cervical', 'hi', 'सर्विक्स,बच्चेदानी का मुंह')
) v(c, l, t);
-- 3. What to take to the hospital: "kya le kar jaye", "kya kapde lane", "काय न्यायचे", "kay aanaycha", "बॅगेत" as
--    `bag`; "बाळासाठी" (for the baby) as `child`.
SELECT kb_lexicon_add(c, l, t) FROM (VALUES
    ('bag', 'hi-Latn', 'kya le kar jaye,kya le kar jana,kya lekar jaye,kya lekar jana,kya leke jaye,kya leke jana,kya le jaye,kya le jana hai,kya saath le jana,kya sath le jana,kya kapde lane,kya kapde lana,kapde lane hai,kya saman lana,kya samaan lana,kya saman le jana'),
    ('bag', 'hi', 'क्या लेकर जाएं,क्या ले जाना है,क्या साथ ले जाना,क्या सामान लाना,क्या कपड़े लाने'),
    ('bag', 'mr', 'काय न्यायचे,काय न्यायचं,काय आणायचे,काय आणायचं,काय घेऊन जायचे,काय सामान न्यायचे,बॅगेत'),
    ('bag', 'mr-Latn', 'kay aanaycha,kay anaycha,kay aanayche,kay nyaycha,kay nyayche,kay gheun jaycha,kay gheun jayche,bagmadhe kay'),
    ('child', 'mr', 'बाळासाठी,बाळाला,बाळाचे,बाळाची,बाळाचा')
) v(c, l, t);
-- 4. Labour at night: the water breaking ("paani toot gaya", "पानी की थैली फट", "पाणी गेले") as `emergency` like
--    "water broke"; "bleeding shuru ho gayi", "खून आना शुरू" as `bleeding` ("shuru" was left over).
SELECT kb_lexicon_add(c, l, t) FROM (VALUES
    ('emergency', 'hi-Latn', 'paani toot gaya,pani toot gaya,paani tut gaya,pani tut gaya,paani ki thaili phat,pani ki thaili phat,paani nikal gaya,pani nikal gaya,paani gir raha,paani aa gaya neeche'),
    ('emergency', 'hi', 'पानी टूट गया,पानी की थैली फट,पानी निकल गया'),
    ('emergency', 'mr', 'पाणी गेले,पाणी फुटले,पाण्याची पिशवी फुटली'),
    ('emergency', 'mr-Latn', 'pani gela,paani gela,pani futla'),
    ('bleeding', 'hi-Latn', 'bleeding shuru,bleeding shuru ho gayi,bleeding shuru ho gaya,khoon aana shuru,khoon shuru,bleeding start ho gayi'),
    ('bleeding', 'hi', 'ब्लीडिंग शुरू,खून आना शुरू,खून शुरू')
) v(c, l, t);
-- 5. The eye clinic: the pupil widened ("aankh / putli faila", "पुतली फैला") as `dilation`; the Marathi "टाकल्यावर"
--    (after putting drops) as `after`; the glasses' price and readiness ("kitne ka banta", "kab tak ready hoga") as
--    `fee` and `ready`, not `make` / `timing`; "aankh me keeda" as the eye (not the tooth's cavity); the Marathi
--    "घ्यायला" (to take) dropped.
SELECT kb_lexicon_add(c, l, t) FROM (VALUES
    ('dilation', 'hi-Latn', 'aankh faila,aankh failane,aankh phaila,aankh phailane,aankhe faila,putli faila,putli failane,putli phaila,pupil faila,pupil failane,pupil bada,putli badi'),
    ('dilation', 'hi', 'आंख फैला,आँख फैला,पुतली फैला,पुतली बड़ी'),
    ('after', 'mr', 'टाकल्यावर,टाकल्यानंतर,घातल्यावर,घातल्यानंतर'),
    ('after', 'mr-Latn', 'takalyavar,takalyanantar,ghatlyavar'),
    ('fee', 'hi-Latn', 'kitne ka banta,kitne ka banega,kitne me banta,kitne mein banta,kitne me banega,kitne ki banti,kitne me ban jayega,kitne ka ban jayega'),
    ('fee', 'hi', 'कितने का बनता,कितने में बनता,कितने का बनेगा,कितने में बनेगा'),
    ('ready', 'hi-Latn', 'kab tak ready,kab ready hoga,kab tak ready hoga,kab tak taiyar,kab taiyar hoga,kab tak ban jayega,kab tak banega,kab ban jayega'),
    ('ready', 'hi', 'कब तक तैयार,कब तैयार होगा,कब तक बन जाएगा,कब तक बनेगा'),
    ('ready', 'mr', 'कधी तयार होईल,कधीपर्यंत तयार,कधी मिळेल चष्मा'),
    ('eye', 'hi-Latn', 'aankh me keeda,aankh mein keeda,aankh me kida,aankh mein kida,aankh me machhar,aankh me makhi')
) v(c, l, t);
INSERT INTO kb_stopwords (word) VALUES ('ghyayla'), ('ghyaychi'), ('ghyayche'), ('घ्यायला'), ('घ्यायचा'), ('घ्यायचे'), ('घ्यायची') ON CONFLICT DO NOTHING;
-- 6. The school: an enquiry ("puchtach", "पूछताछ", "चौकशी", "baat karne kab aaye") as `enquiry`; the deposit given
--    back ("wapas milega", "परत मिळेल") as `refund`; the fee of three months or a month ("teen mahine ki fees", "har
--    mahine ki fees", "तिमाही फी") as `fee` ("mahine ki" was the age's); picked from home ("ghar se le jayenge") as
--    `transport` ("ghar" was the home visit's); watching on the phone ("phone pe dekh") as `cctv`; singing ("gaana",
--    "गाना") and "kya sikhaoge" as `activity`; paying online ("fees de sakte", "ऑनलाइन भर") as `payment`; after the
--    school day ("chhutti ke baad", "शाळा सुटल्यावर", "bachcha ruk sakta") as `daycare` ("chhutti" was the holidays');
--    the diaper and the toilet ("diaper pehenta", "toilet nahi bata") as `potty`. Not "monthly fees" (header).
SELECT kb_lexicon_add(c, l, t) FROM (VALUES
    ('enquiry', 'hi-Latn', 'puchtach,poochtach,puchhtachh,puchhtaach,poochhtachh,puchtaach,baat karne kab aaye,baat karne kab aa,baat karne aana,baat karne aa sakte'),
    ('enquiry', 'hi', 'पूछताछ,पूछ ताछ,पूछताछ के लिए,बात करने कब आएं,बात करने आ सकते'),
    ('enquiry', 'mr', 'चौकशी,चौकशीसाठी,चौकशी साठी,चौकशीला'),
    ('enquiry', 'mr-Latn', 'chaukashi,chaukashisathi,chowkashi,chaukshi,chaukashi sathi'),
    ('refund', 'hi-Latn', 'wapas milega,wapas milta,wapas milti,wapas milenge,wapas mil jayega,vapas milega,vapas milta,vapas mil jayega,wapas hota,wapas hoga'),
    ('refund', 'hi', 'वापस मिलेगा,वापस मिलता,वापस मिल जाएगा,वापस होगा'),
    ('refund', 'mr', 'परत मिळेल,परत मिळते,परत मिळतो,परत मिळणार'),
    ('refund', 'mr-Latn', 'parat milel,parat milte,parat milto'),
    ('fee', 'hi-Latn', 'teen mahine ki fees,3 mahine ki fees,teen mahine ka fees,har mahine ki fees,har mahine kitni fees,mahine ki fees,mahine ka fees,mahina fees,quarter ki fees'),
    ('fee', 'hi', 'तीन महीने की फीस,हर महीने की फीस,महीने की फीस'),
    ('fee', 'mr', 'तिमाही फी,महिन्याची फी,तीन महिन्यांची फी'),
    ('fee', 'mr-Latn', 'timahi fee,mahinyachi fee'),
    ('transport', 'hi-Latn', 'ghar se le ja,ghar se le jayenge,ghar se le jaoge,ghar se le jaate,ghar se le jate,ghar se lene,ghar se leke,ghar tak chhod,ghar chhod denge,ghar pe chhod,ghar se pick,lene gaadi,lene gadi'),
    ('transport', 'hi', 'घर से ले जाएंगे,घर से ले जाते,घर तक छोड़,घर से लेने'),
    ('transport', 'mr', 'घरून घेऊन जाता,घरून न्यायला,घरी सोडता,घरापर्यंत सोडता'),
    ('transport', 'mr-Latn', 'gharun gheun,gharun nyayla,ghari sodta'),
    ('cctv', 'hi-Latn', 'phone pe dekh,phone par dekh,mobile pe dekh,mobile par dekh,phone pe live,mobile pe live,phone pe bachcha dekh,phone par live'),
    ('cctv', 'hi', 'फोन पर देख,मोबाइल पर देख,फोन पर लाइव'),
    ('cctv', 'mr', 'फोनवर पाहू,मोबाईलवर पाहू,फोनवर बघू'),
    ('activity', 'hi-Latn', 'gaana,gana sikhate,gaana sikhate,kya sikhaoge,kya sikhayenge,kya sikhaya jayega,kya sikhaya jata,kya padhaoge,kya padhayenge'),
    ('activity', 'hi', 'गाना,गाने,गायन,संगीत,क्या सिखाओगे,क्या सिखाएंगे,सिखाते हैं,सिखाते है'),
    ('activity', 'mr', 'गाणे,गाणी,गायन'),
    ('payment', 'hi-Latn', 'fees de sakte,fee de sakte,fees de sakta,fees jama kar,fees jama kare,fees jama karni,fees kaise jama,fees kaise de,online bhar sakte,online de sakte,online jama,online pay kar sakte'),
    ('payment', 'hi', 'फीस दे सकते,फीस जमा,ऑनलाइन भर सकते,ऑनलाइन भर,ऑनलाइन पेमेंट,ऑनलाइन पैसे'),
    ('payment', 'mr', 'ऑनलाइन पैसे भरता,ऑनलाइन भरता,ऑनलाइन पेमेंट'),
    ('daycare', 'hi-Latn', 'chhutti ke baad,chutti ke baad,chhuti ke baad,school ke baad,school chhutne ke baad,bachcha ruk sakta,bachche ruk sakte,bachcha rukega,bachcha rakhte,bachche ko rakhte,bachcha rakh lete'),
    ('daycare', 'hi', 'छुट्टी के बाद,स्कूल के बाद,बच्चा रुक सकता,बच्चे को रखते'),
    ('daycare', 'mr', 'शाळा सुटल्यावर,शाळेनंतर,शाळा सुटल्यानंतर'),
    ('daycare', 'mr-Latn', 'shala sutlyavar,shala sutlyanantar,shalenantar'),
    ('potty', 'hi-Latn', 'toilet nahi bata,potty nahi bata,susu nahi bata,toilet bata nahi,potty bata nahi,potty ki aadat,toilet ki aadat,diaper pehenta,diaper pehnta,diaper pahanta,diaper pehanta,diaper me aata,diaper me aati'),
    ('potty', 'hi', 'डायपर पहनता,डायपर पहनती,डायपर में है,टॉयलेट नहीं बता'),
    ('potty', 'mr', 'डायपर वापरतो,डायपर वापरते,डायपर घालतो')
) v(c, l, t);
-- 7. kb.json's general clinic: the sugar doctor's days ("sugar ke doctor kab baithte", "शुगरचे डॉक्टर", "मधुमेहाचा")
--    as `diabetes` (the phrase "doctor kab baithte hai" took it to the timing); "kadhi chalu" as `timing open`; "ghar
--    aa jao" as `homevisit`; the blood report ("khoon ki report kab", "खून की रिपोर्ट") as `blood report` ("report"
--    alone no entry holds); the Marathi "तपासणीची" (of the check-up) as `consultation`.
SELECT kb_lexicon_add(c, l, t) FROM (VALUES
    ('diabetes', 'mr', 'शुगरचे डॉक्टर,साखरेचे डॉक्टर'),
    ('diabetes', 'hi-Latn', 'sugar ke doctor kab,sugar wale doctor kab,sugar ki clinic kab,sugar ka clinic kab,diabetes clinic kab'),
    ('timing open', 'mr-Latn', 'kadhi chalu'),
    ('timing open', 'mr', 'कधी चालू'),
    ('homevisit', 'hi-Latn', 'ghar aa jao,ghar aa jaiye,ghar aaiye,ghar pe aa jao,ghar par aa jao,ghar aa ke dekh,ghar aakar dekh'),
    ('homevisit', 'hi', 'घर आ जाइए,घर आकर देख'),
    ('blood report', 'hi-Latn', 'khoon ki report kab,blood ki report,blood test ki report,khoon ki jaanch ki report'),
    ('blood report', 'hi', 'खून की रिपोर्ट,खून की जांच की रिपोर्ट'),
    ('blood report', 'mr', 'रक्ताचा रिपोर्ट,रक्ताचे रिपोर्ट,रक्त तपासणीचा रिपोर्ट'),
    ('consultation', 'mr', 'तपासणीची,तपासणीचे,तपासणीचा'),
    ('diabetes', 'mr', 'मधुमेहाचे,मधुमेहाचा,मधुमेहाची'),
    ('diabetes', 'hi-Latn', 'sugar ke doctor kab baithte,sugar ke doctor kab milte,sugar ke doctor kab milenge,sugar wale doctor kab baithte,sugar ke doctor kab aate')
) v(c, l, t);

ALTER TABLE kb_synonyms ENABLE TRIGGER kb_synonyms_ins;
ALTER TABLE kb_synonyms ENABLE TRIGGER kb_synonyms_upd;
ALTER TABLE kb_synonyms ENABLE TRIGGER kb_synonyms_del;
ALTER TABLE kb_stopwords ENABLE TRIGGER kb_stopwords_changed;
ALTER TABLE kb_intents ENABLE TRIGGER kb_intents_vocab;
ALTER TABLE kb_intents ENABLE TRIGGER kb_intents_intent_facts;
SELECT kb_vocab_refresh();
UPDATE kb_intents SET example = example;
UPDATE kb_entries SET question = question;
