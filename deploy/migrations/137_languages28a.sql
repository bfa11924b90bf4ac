-- 137: understanding patients, round 28 (issue 19): romanised Hindi (Hinglish), romanised Marathi and code-mixed rows
-- (Latin script only; 138 writes the Devanagari rows) for every tenant of tests/kb_eval/clinics.json and kb.json. Data
-- only: global kb_synonyms rows, like 126 and 132. No function is changed (no cost to time).
--
-- WRITTEN FROM THE ENTRIES AND THE LANGUAGE: the spent sets' hi-Latn / mr-Latn / mixed misses (210 over dev ..
-- heldout27) grouped by entry, each read with kb_explain for what the misses share, and each family written for how
-- patients and parents say it (word orders, spellings, the Marathi form), not for one question: a word left over beside
-- the concept ("bina samay liye", "saturday ko", "admission" beside the potty training, "jama", "ukhadwane", "dono
-- aankh ka", "paise alag", "wala" breaking "painless injection", "token system", "alag se lene"), or words read as
-- another entry's ("band kab hota" read closed alone; "cataract ke baad" the after-care's; "aur kitna time" the
-- queue's status; "pehle time lena padta" the timings).
-- SCREENED all together, choice by choice against main (e756dc8) in one rolled back transaction, over every question
-- and intent message of dev .. heldout27 (18,518 questions, 5,647 intent messages): right 12,639 -> 12,673 of 13,334
-- (+34, all romanised Hindi), wrong 129 -> 129, none lost, no must-not answered, no wrong answer added, the intents
-- identical message by message. heldout27 504 -> 512 of 565 (recall 0.892 -> 0.906: the last spent set below the goal
-- meets it); heldout15 +3; heldout3, 10, 19, 21, 22, 25, 26 +2; heldout4, 6, 7, 8, 13, 16, 18, 20, 23 +1.
-- Alone, over the questions and intent messages holding each family's words: 1 +1, 2 +1, 3 +7, 4 +6, 5 +2, 6 +1, 7 +3,
-- 8 +2, 9 +2, 10 +2, 11 +2, 12 +2, 13 +2, none lost, no wrong added, intents identical; 14-17 were screened together
-- only (14, 15, 16: 0 on the spent sets, for unseen text; 17 +1).
-- MEASURED AND NOT KEPT: "saturday ko bhi khula" as `timing` (2 must-nots answered: "day care saturday ko bhi khula hai
-- kya", the day care's Saturday is not stated); "dono aankh ka" dropped alone (a must-not answered: "cataract dono aankh
-- ka ek saath ho sakta hai"; kept only beside a price word); "ka alag charge" as `fee` (a must-not answered: "transport
-- ki fees me ac ka alag charge hai kya", the extra named is not priced); "token system" alone as `queue` (2 English
-- intent messages took the queue intent: "is there a token system at the clinic"); "bahar se leni padegi" as `buy` (3
-- lost: "dawai yahin mil jayegi ya bahar se leni padegi" asks for the pharmacy); "bina aaye", "bina dikhaye", "bina
-- check kiye" dropped (0: the certificate's misses stayed below the threshold) and "ho to kahan jaye" as `emergency`
-- (0: the night's misses stayed below it), not kept as rows that did nothing.

ALTER TABLE kb_synonyms DISABLE TRIGGER kb_synonyms_ins;
ALTER TABLE kb_synonyms DISABLE TRIGGER kb_synonyms_upd;
ALTER TABLE kb_synonyms DISABLE TRIGGER kb_synonyms_del;
ALTER TABLE kb_stopwords DISABLE TRIGGER kb_stopwords_changed;
ALTER TABLE kb_intents DISABLE TRIGGER kb_intents_vocab;
ALTER TABLE kb_intents DISABLE TRIGGER kb_intents_intent_facts;

-- 1. Coming without a fixed time: "bina samay liye aa sakte", "bina time liye", "appointment liye bina", Marathi "vel na
--    gheta yeu ka" as `queue`, like 118's "bina appointment ke aa" ("samay" read the timings and "bina" was left over).
SELECT kb_lexicon_add(c, l, t) FROM (VALUES
    ('queue', 'hi-Latn', 'bina samay liye,bina samay lie,bina samay lekar,bina time liye,bina time lie,bina appointment liye,bina appointment lie,samay liye bina,time liye bina,appointment liye bina,appointment liye bagair,bina booking kiye,bina book kiye,booking kiye bina'),
    ('queue', 'mr-Latn', 'vel na gheta,vel na ghetaa,appointment na gheta,appointment na ghetaa,appointment shivay,appointment na ghetla tar')
) v(c, l, t);

-- 2. When it closes, the words in any order: "band kab hota hai", "kitne baje band hota", "band hone ka time", Marathi
--    "kiti vajta band hota" as `timing closed`, like 029's "kab band hota" ("band kab hota" left "band" read closed alone).
SELECT kb_lexicon_add(c, l, t) FROM (VALUES
    ('timing closed', 'hi-Latn', 'band kab hota,band kab hoti,band kab hote,band kab karte,kitne baje band hota,kitne baje band hoti,kitne baje band hote,kitne baje band karte,band kitne baje hota,band kitne baje hoti,band hone ka time,band hone ka samay,band hone ka timing'),
    ('timing closed', 'mr-Latn', 'kiti vajta band hota,kiti vajta band hote,kiti vajta band karta,kadhi band hota,kadhi band hote,band kadhi hota,band kadhi hote,band honyachi vel')
) v(c, l, t);

-- 3. Open on Saturday: "saturday ko khula hai kya", "saturday ko clinic open", "shanivar ko khulta", Marathi "shanivari
--    ughda aahe ka" as `timing`, like the English "saturday open" ("saturday" was left over beside the timings). Not "saturday ko bhi
--    khula" (open on Saturday too): 2 must-nots answered, "day care saturday ko bhi khula hai kya".
SELECT kb_lexicon_add(c, l, t) FROM (VALUES
    ('timing', 'hi-Latn', 'saturday ko khula,saturday ko khuli,saturday ko khulta,saturday ko khulti,saturday ko open,saturday ko clinic khula,saturday ko clinic open,saturday ko clinic khulta,saturday ko school khula,saturday ko school hota,saturday ko school open,shanivar ko khula,shanivar ko khulta,shanivar ko open,shanivar ko clinic khula,saturday khula,saturday khulta'),
    ('timing', 'mr-Latn', 'shanivari ughda,shanivari ughde,shanivari chalu,shanivari suru,shanivari clinic ughda,shanivari clinic chalu,shanivari shala aste,shanivari shala aahe')
) v(c, l, t);

-- 4. Toilet training needed before admission: "potty training zaroori hai kya admission ke liye", "admission se pehle potty
--    training", Marathi "admission sathi potty training garjechi" as `potty`, like the English "potty training needed for
--    admission" ("admission" was left over and the admission process's entry came second).
SELECT kb_lexicon_add(c, l, t) FROM (VALUES
    ('potty', 'hi-Latn', 'potty training zaroori hai kya admission,potty training zaruri hai kya admission,potty training jaruri hai kya admission,potty training zaroori hai admission,potty training zaruri hai admission,potty training admission ke liye,potty training admission se pehle,admission ke liye potty training,admission se pehle potty training,admission ke pehle potty training,potty training zaroori,potty training zaruri,potty training jaruri,potty training aani chahiye,potty training honi chahiye'),
    ('potty', 'mr-Latn', 'admission sathi potty training,potty training garjechi,potty training avashyak,potty training lagte ka,admission aadhi potty training')
) v(c, l, t);

-- 5. Paying in: "paise kaise jama karein", "fees kahan jama", "fees online kaise bhare", Marathi "fee kashi bharaychi" as
--    `payment`, like 118's "fees jama", "paise kaise bhare" ("jama" was left over and the fees entry beat the payment's).
SELECT kb_lexicon_add(c, l, t) FROM (VALUES
    ('payment', 'hi-Latn', 'paise kaise jama,paisa kaise jama,fees kaise jama,fee kaise jama,paise jama kaise,fees jama kaise,paise jama karne,paise jama karna,paise jama kar,fees jama karne,fees jama karna,fees jama kar,paise kahan jama,paise kaha jama,fees kahan jama,fees kaha jama,fees online kaise bhare,fees online kaise bharein,fees online kaise bharu,online fees kaise bhare,fees online bhar sakte,online kaise bhare,online kaise bharein,online bhar sakte,online jama kar'),
    ('payment', 'mr-Latn', 'paise kase bharayche,paise kase bharaiche,fee kashi bharaychi,fee kashi bharu,fees kashi bharaychi,paise kase jama karayche,fee online bharta yeil,online bharta yeil,online fee bharta yeil')
) v(c, l, t);

-- 6. Pulling a tooth: "daant ukhadwane", "ukhadwana", "ukhaad do", Marathi "dat kadhaycha" as `extraction`, like 095's
--    "nikalwana" ("ukhadwane" was left over and the cleaning's price came within the margin).
SELECT kb_lexicon_add(c, l, t) FROM (VALUES
    ('extraction', 'hi-Latn', 'ukhadwana,ukhadwane,ukhadwani,ukhadwaana,ukhadwaane,ukhadna,ukhadne,ukhaadna,ukhaadne,ukhadwa do,ukhad do,ukhaad do,ukhadwa sakte,daant ukhadwana,daant ukhadwane,dant ukhadwana,daant ukhaadna,daad ukhadwani'),
    ('extraction', 'mr-Latn', 'dat kadhaycha,daat kadhaycha,dat kadhayla,daat kadhayla,dat kadhun ghyaycha,daat kadhun ghyaycha,dat kadhne,daat kadhne')
) v(c, l, t);

-- 7. The price for both eyes: "kitne ka hai dono aankh ka", "dono aankhon ka kharcha", "dono aankh ke paise" as `fee` (the
--    answer is the price for both eyes; "dono" was left over). Only with a price word: "dono aankh ka" dropped alone
--    answered a must-not, "cataract dono aankh ka ek saath ho sakta hai" (measured, header).
SELECT kb_lexicon_add(c, l, t) FROM (VALUES
    ('fee', 'hi-Latn', 'kitne ka hai dono aankh ka,kitne ka hai dono aankhon ka,kitna hai dono aankh ka,kitna hai dono aankhon ka,kitna lagega dono aankh ka,kitna lagega dono aankhon ka,kitna hoga dono aankh ka,kitna hoga dono aankhon ka,dono aankh ka kharcha,dono aankhon ka kharcha,dono aankh ka kitna,dono aankhon ka kitna,dono aankh ka price,dono aankhon ka price,dono aankh ka rate,dono aankhon ka rate,dono aankh ke paise,dono aankhon ke paise,dono aankh ki fees'),
    ('fee', 'mr-Latn', 'donhi dolyancha kharcha,donhi dolyanche kiti,donhi dolyanchi fee,donhi dolyansathi kiti')
) v(c, l, t);

-- 8. Back to work after the cataract: "cataract ke baad kitne din me kaam pe ja sakte", "motiyabind ke baad kaam pe kab"
--    as `surgery duration`, like 132's "operation ke baad kab kaam pe ja sakte" (the after-care's entry took "ke baad").
SELECT kb_lexicon_add(c, l, t) FROM (VALUES
    ('surgery duration', 'hi-Latn', 'cataract ke baad kitne din me kaam pe ja sakte,cataract ke baad kitne din mein kaam pe ja sakte,cataract ke baad kaam pe kab ja sakte,cataract ke baad kab kaam pe ja sakte,cataract ke baad kaam par kab ja sakte,cataract ke baad kaam pe ja sakte,motiyabind ke baad kaam pe kab ja sakte,motiyabind ke baad kitne din me kaam pe ja sakte,motiyabind ke baad kab kaam pe ja sakte,motiyabind operation ke baad kaam pe kab ja sakte,motiyabind operation ke baad kitne din me kaam pe ja sakte,cataract operation ke baad kaam pe kab ja sakte,cataract operation ke baad kitne din me kaam pe ja sakte'),
    ('surgery duration', 'mr-Latn', 'cataract nantar kamavar kadhi jau,motibindu nantar kamavar kadhi jau,cataract nantar kamavar kadhi jata yeil')
) v(c, l, t);

-- 9. Charged separately: "ke paise alag lagenge", "alag se paise", Marathi "vegle paise lagtil" as
--    `fee`, like the English "charged separately" rows ("alag" read separate, which no entry holds). Not "ka alag charge":
--    a must-not answered, "transport ki fees me ac ka alag charge hai kya" (the extra named is not priced).
SELECT kb_lexicon_add(c, l, t) FROM (VALUES
    ('fee', 'hi-Latn', 'ke paise alag,ka paisa alag,paise alag lagenge,paise alag lagege,paise alag lagte,paise alag se,alag se paise,alag paise,alag se fees,fees alag'),
    ('fee', 'mr-Latn', 'vegle paise,paise vegle,vegli fee,vegle paise lagtil,vegla kharcha')
) v(c, l, t);

-- 10. The painless shot: "painless wala injection", "painless wale injection", "painless wala tika" as `painless vaccine`,
--     like the English "painless injection" ("wala" broke the phrase and "injection" was read apart).
SELECT kb_lexicon_add(c, l, t) FROM (VALUES
    ('painless vaccine', 'hi-Latn', 'painless wala injection,painless wale injection,painless wali injection,painless wala tika,painless wala teeka,painless wala vaccine,painless wali vaccine,painless injection wala,painless vaccine wala,painless wale tike,dard na ho aisa injection,dard na ho wala injection'),
    ('painless vaccine', 'mr-Latn', 'painless injection milel ka,painless vala injection,dukhnar nahi ase injection')
) v(c, l, t);

-- 11. A token system: "token system hai ya booking", "token milta hai", Marathi "token milto ka" as `queue` ("system" was
--     left over beside the walk-in entry's token). Not "token system" alone: the English "is there a token system" took
--     the queue intent (2 intent messages changed).
SELECT kb_lexicon_add(c, l, t) FROM (VALUES
    ('queue', 'hi-Latn', 'token system hai,token system hota,token system chalta,token wala system hai,token milta,token lena padta,token lena hota,token lete'),
    ('queue', 'mr-Latn', 'token milto,token ghyava lagto,token system aahe')
) v(c, l, t);

-- 12. Buying separately: "books alag se lene padenge", "alag se khareedni padegi" as `buy`, like 118's
--     "alag se kharidna" ("alag se" read separate, which no entry holds, and "lene" was dropped). Not "bahar se leni
--     padegi" (bought outside): 3 lost, "dawai yahin mil jayegi ya bahar se leni padegi" asks for the pharmacy.
SELECT kb_lexicon_add(c, l, t) FROM (VALUES
    ('buy', 'hi-Latn', 'alag se lene padenge,alag se lena padega,alag se leni padegi,alag se lene padte,alag se leni padti,alag se lena,alag se lene,alag se leni,alag se khareedni,alag se khareedne,alag se khareedna,alag se kharidna padega'),
    ('buy', 'mr-Latn', 'vegle ghyave lagtil,vegle vikat ghyave,vegli ghyavi lagel')
) v(c, l, t);

-- 13. Cost and time asked together: "kitna kharcha aur kitna time", "kitna time aur paisa" as `fee duration` (129's "aur
--     kitna time" read the queue's status, "how much longer").
SELECT kb_lexicon_add(c, l, t) FROM (VALUES
    ('fee duration', 'hi-Latn', 'kitna kharcha aur kitna time,kitna kharcha aur time,kitna time aur paisa,kitna time aur kitna paisa,kitna time aur kharcha,kitna time aur kitna kharcha,kitne paise aur kitna time,kitna paisa aur kitna time,kitna paisa aur time,kharcha aur kitna time,paisa aur kitna time'),
    ('fee duration', 'mr-Latn', 'kiti kharcha ani kiti vel,kiti paise ani kiti vel,kiti vel ani kiti paise')
) v(c, l, t);

-- 14. The night number: "raat ko doctor ka number", "raat ke liye number", "night ka number", Marathi "ratri sathi
--     number" as `emergency`, like the English "night number" (the emergency entry answers it).
SELECT kb_lexicon_add(c, l, t) FROM (VALUES
    ('emergency', 'hi-Latn', 'raat ko doctor ka number,raat me doctor ka number,raat mein doctor ka number,raat ka number,raat ke liye number,raat ke liye doctor ka number,night ka number,night me number,raat ko number,raat ko kisko call,raat ko kise call,raat ko kisko phone'),
    ('emergency', 'mr-Latn', 'ratri sathi number,raatri sathi number,ratricha number,ratri number,ratri kunala phone')
) v(c, l, t);

-- 15. Tomorrow's hours: "kal ka time kya hai", "kal ki timing", "kal kitne baje khulega" as `timing` ("kal" was left over).
SELECT kb_lexicon_add(c, l, t) FROM (VALUES
    ('timing', 'hi-Latn', 'kal ka time kya,kal ki timing,kal ka timing,kal ka samay,kal kitne baje khulega,kal kitne baje khulta,kal kab khulega'),
    ('timing', 'mr-Latn', 'udya kiti vajta ughdel,udyachi vel,udya kadhi ughdel')
) v(c, l, t);

-- 16. The heart's rhythm recorded for a day: "24 ghante dil ki dhadkan record", "dhadkan record karne wali machine",
--     "chaubis ghante wali machine", Marathi "24 taas hridayache thoke" as `holter`.
SELECT kb_lexicon_add(c, l, t) FROM (VALUES
    ('holter', 'hi-Latn', 'dil ki dhadkan record,dhadkan record karne wali machine,dhadkan record karne wala,dhadkan record karte,24 ghante dhadkan,24 ghante dil ki dhadkan,24 ghante wali machine,24 ghante ki machine,24 ghante ki monitoring,chaubis ghante wali machine,chaubis ghante ki machine,chaubees ghante wali machine,24 ghante dil ki jaanch,24 ghante heart monitor'),
    ('holter', 'mr-Latn', '24 taas hridayache thoke,24 tasanchi machine,24 tas machine lavtat,hridayache thoke record')
) v(c, l, t);

-- 17. Must one take a time first: "pehle time lena padta hai", "pehle se time lena padega", "samay lena padta", Marathi
--     "aadhi vel ghyavi lagte ka" as `appointment` (the walk-in's answer; "time" read the timings).
SELECT kb_lexicon_add(c, l, t) FROM (VALUES
    ('appointment', 'hi-Latn', 'pehle time lena padta,pehle time lena padega,pehle se time lena padta,pehle se time lena padega,pehle samay lena padta,pehle se samay lena,time lena padta hai,time lena zaroori,time lena zaruri,samay lena padta,samay lena zaroori'),
    ('appointment', 'mr-Latn', 'aadhi vel ghyavi lagte,adhi vel ghyavi lagte,aadhi vel ghyava lagto,vel ghyavi lagte ka')
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
