-- 030: understanding patients, round 3 (issue 19): the conversations (intents) asked for in full sentences, in the
-- ways any patient asks for them, in English, romanised Hindi, Hindi, Marathi and romanised Marathi, with their chat
-- spellings.
--
-- Data, in the shape of 008 and 020: example sentences for kb_intents (global rows; a clinic adds its own with its
-- doctor_id), and the words the intents need mapped (romanised Marathi above all: "majhi appointment", "radd kara",
-- "pathvu naka", "bolaycha ahe"; times such as udya and parva; "kar do" after a time as a reschedule) as
-- kb_synonyms and kb_stopwords rows that only add (ON CONFLICT DO NOTHING). The sentences were written from the
-- verbs and words patients use for each conversation (book / fix / take / get an appointment, "time milega", "भेट
-- घ्यायची आहे", cancel / radd / रद्द, change / badalna / पुढे ढकला, token / line / नंबर, my turn / baari / पाळी,
-- talk / baat / बोलायचे, refer / recommend / मित्राला, stop / band / पाठवू नका, start / chalu / पुन्हा सुरू), not
-- from the evaluation sets' messages.
--
-- And the intents' scoring (kb_intent_tokens, signature unchanged; 028's decision rule in kb_intent_choose_tokens is
-- unchanged): key concepts per intent (kb_intent_keys), a greeting word inside a longer text ignored, intent weights
-- of their own for words of who and when (kb_intent_words) and for the lexicon's concepts no intent uses, and a
-- stricter count of unknown words for the opt-out and opt-in. The knowledge base's functions, weights and
-- thresholds are not touched.

-- The lexicon's triggers re-tokenise every entry and intent example per statement: off while the rows below go in,
-- then one refresh at the end of this file.
ALTER TABLE kb_synonyms DISABLE TRIGGER kb_synonyms_ins;
ALTER TABLE kb_stopwords DISABLE TRIGGER kb_stopwords_changed;

-- Romanised Marathi function words (pronouns, auxiliaries, particles), as the Devanagari ones already are.
INSERT INTO kb_stopwords (word) SELECT unnest(kb_raw_words(
    'majhi mazi majha maza majhe maze majhya mazya mazhi mazha mazhe tumchi tumcha tumche tumchya tumhala amhala ' ||
    'amchi amcha amche ahot aahot aahes ahes hoti hota hote zhali jhali zala jhala zale jhale ata aata atta ajun ' ||
    'ani kiwa kinva pan tar tari ho hoy nahi nahiye nahie dya dyaa dyal dyaal dya na ghya ghyaa ghyaycha ' ||
    'ghyaychi ghyaychay ghyaychya ghyayche karayche karaychya karun karoon taka takaa shakta shakto shakte ' ||
    'shakel yeta yeto yete yein yeil yeto yetoy yetey yetoye jato jate jail jaail ' ||
    'paunga paungi paoonga paoongi payenge paayenge paega payega sakunga sakungi yenar yenaar येणार ' ||
    'साहेब साहब मॅडम मैडम मॅम पाठवायला pathvayla टाका आला aala soon jaldi जल्दी लवकर lavkar maine मैंने ne ' ||
    'अगले अगली agle agli आ चाहता चाहती चाहते as'))
ON CONFLICT DO NOTHING;

CREATE FUNCTION pg_temp.kb_lex_intents3(p_canonical text, p_lang text, p_terms text) RETURNS void LANGUAGE sql AS $$
    INSERT INTO kb_synonyms (term, canonical, lang)
    SELECT DISTINCT v.term, p_canonical, p_lang
    FROM unnest(string_to_array(p_terms, ',')) t,
         LATERAL (SELECT array_to_string(kb_raw_words(t), ' ') AS term) n,
         LATERAL (SELECT n.term UNION ALL -- "my appointment": also "my appointments"
                  SELECT n.term || 's' WHERE n.term ~ ' [a-z]+[^s]$') v
    WHERE v.term <> ''
    ON CONFLICT DO NOTHING
$$;

SELECT pg_temp.kb_lex_intents3(c, l, t) FROM (VALUES
('greet', NULL, 'pranam,pranaam,radhe radhe,jai shree ram,jai shri ram,jai mata di,sat shri akal,adaab,' ||
   'salaam alaikum,salam alaikum,suprabhat,shubh prabhat,shubh sakal,jai maharashtra,hellooo,helloo,hola,' ||
   'प्रणाम,राधे राधे,जय श्री राम,सुप्रभात,शुभ प्रभात,शुभ सकाळ,जय महाराष्ट्र,हैलो,हेलो,हॅलो,हाय,greetings'),
('myappointment', 'mr-Latn', 'majhi appointment,mazi appointment,mazhi appointment,maji appointment,' ||
   'majhi booking,mazi booking,mazhi booking,majha slot,maza slot,majhi vel,mazi vel,mazhi vel,' ||
   'majhi bhet,mazi bhet,माझी भेट,माझी बुकिंग,माझा स्लॉट'),
('myappointment', NULL, 'appointment book kiya tha,appointment book ki thi,appointment book kiya hai,' ||
   'appointment book kari thi,' ||
   'अपॉइंटमेंट बुक किया था,अपॉइंटमेंट बुक की थी,अपॉइंटमेंट बुक केली होती,appointment book keli hoti,book kiya tha,' ||
   'book kiya hai,booking ki thi,booking ki hai,booking kari thi,appointment li thi,' ||
   'appointment liya tha,appointment li hai,बुक किया था,बुकिंग की थी,अपॉइंटमेंट ली थी,बुक केली होती,' ||
   'बुकिंग केली होती,' ||
   'book keli hoti,booking keli hoti,i booked,i have booked,i had booked,already booked,my next appointment,' ||
   'my next booking,my next visit,meri agli appointment,mera agla appointment,' ||
   'मेरी अगली अपॉइंटमेंट,माझी पुढची अपॉइंटमेंट,have a booking,have an appointment,have any appointment,' ||
   'have any booking,' ||
   'have a slot,koi booking hai,koi appointment hai'),
('myappointment', 'hi-Latn', 'मेरी booking,मेरी appointment,मेरा appointment,माझी appointment,माझी booking,' ||
   'meri appt,mera appt,मेरी बुकिंग,मेरा स्लॉट,' ||
   'my reservation,my consultation,meri visit'),
('cancel', NULL, 'cant make it,can t make it,cannot make it,not able to come,unable to come,wont be able to come,' ||
   'won t be able to come,will not be able to come,not coming,can not make it,wont make it,won t make it,' ||
   'nahi aa payenge,nahi aa paayenge,nahi aa sakenge,nahi aa sakunga,nahi aa sakungi,nahi aaungi,nahi aa paaunga,' ||
   'nahi aa paaungi,nahi aa payega,nahi aa payegi,nahi aa sakega,nahi aa sakegi,nahi aa paenge,nhi aa paunga,' ||
   'nhi aa paungi,nhi aa sakta,nhi aa sakti,nahi aa paya,नहीं आ पाएंगे,नहीं आ सकेंगे,नहीं आ पाएगा,नहीं आ पाएगी,' ||
   'नहीं आ सकूंगा,नहीं आ सकूंगी,नहीं आऊंगा,नहीं आऊंगी,येणार नाही,येऊ शकत नाही,yenar nahi,yenaar nahi,' ||
   'yeu shakat nahi,yeu shaknar nahi,yeu shakanar nahi,radd kara,rad kara,radd karaychi,radd karun,' ||
   'कैंसिल,कॅन्सल,कॅन्सलं,केन्सल,कैन्सल,कॅन्सेल,रद्द करा,रद्द करून,cancel kara,cancal,cancl,cancil,kensal,' ||
   'हटा दो,हटा दीजिए,हटा दीजिये,हटवा,hatva,hatwa,delete my appointment,delete my booking'),
('reschedule', NULL, 'a day later,a day earlier,day later,day earlier,later than booked,earlier than booked,' ||
   'resched,re sched,badalni,badalna hai,badalni hai,badlna,badalwana,badalwani,badalvana,' ||
   'badal dijiye,' ||
   'badal do,badla,badlaychi,badlaychay,badlayachi,badlun,badalun,badlun dya,badlava,बदलनी,बदलवाना,बदल दीजिए,' ||
   'बदल दो,बदलून,बदलून द्या,बदलायचा,बदलायचं,पुढे ढकलायची,पुढे ढकलता,pudhe dhaklaychi,pudhe dhakla,' ||
   'koi aur time,aur koi time,dusri vel,dusri veli,दुसरी वेळ,दूसरा समय,dusra time,doosra time,aur kisi din,' ||
   'kisi aur din,' ||
   'dusrya divshi,dusrya diwshi,दुसऱ्या दिवशी,aivaji,ऐवजी,push my appointment,bring forward,move it,' ||
   'shift kar do,shift karna,shift karni,prepone karna,postpone karna,पोस्टपोन,प्रीपोन,शिफ्ट'),
('status', 'mr-Latn', 'majha number,maza number,mazha number,majha token,maza token,mazha token,' ||
   'majhi pali kadhi,mazi pali kadhi,mazi paali kadhi,majhi paali kadhi,माझी पाळी कधी,majhi bari,mazi bari,' ||
   'kiti lok,kiti jan,किती जण,majhya adhi,mazya adhi,माझ्या आधी,thambava lagel,thambav lagel,थांबावं लागेल,' ||
   'थांबावे लागेल,kiti vel thambava,माझा टोकन,konta number,konta token,कोणता नंबर,कोणता टोकन'),
('status', NULL, 'चल रहा,चल रही,kaunsa chal raha,kitna time aur,aur kitna time,aur kitni der,kitni der aur,' ||
   'मेरा token,मेरा number,माझा token,' ||
   'माझा number,मेरी baari,मेरी बारी,नंबर आला,number aala,number ala,number aaya,number coming,turn coming,' ||
   'how much more wait,how much more time,how much more waiting,my turn,am i next,is it my turn,' ||
   'when will i be called,when will my turn,how far is my token,' ||
   'kaunsa number,konsa number,kaun sa number,कौन सा नंबर,कौनसा नंबर,mera token,मेरा टोकन,meri bari'),
('talk', NULL, 'bolaycha,bolaychay,bolayche,bolaychi,bolaych,bolayla,bolta yeil,बोलायला,बोलता येईल,' ||
   'baat karna hai,baat karna,baat krni,bat krni,bat karni,baat karao,baat kara do,baat karvao,baat karva do,' ||
   'baat krwa do,baat karwado,baat ho sakti,बात हो सकती,बात करवा दो,बात कराइए,बात करा दो,call kara,phone kara,' ||
   'कॉल करें,कॉल करे,कॉल कीजिए,फोन करें,फोन कीजिए,call karein,call kijiye,call kar lo,phone kar do,phone kar lo,' ||
   'call kr do,फोन कर लीजिए,फोन कर दो,कॉल करा,get in touch,reach someone'),
('staff', NULL, 'doctoranshi,doctorshi,doctoransi,doctor shi,डॉक्टरांशी,डॉक्टरशी,konashi tari,कोणाशी तरी,' ||
   'team,your team,टीम,receptionshi,reception shi,रिसेप्शनशी,रिसेप्शनला,staffshi,staff shi,स्टाफशी,इंसान,' ||
   'insaan se,real human,' ||
   'a person,live person,actual person'),
('refer', NULL, 'aapke paas bhejna,aapke pass bhejna,आपके पास भेजना,आपके पास भेजनी,tumchyakade pathvaycha,' ||
   'तुमच्याकडे पाठवायचे,तुमच्याकडे पाठवायचं,mitrala,mitranna,maitrinila,maitrini,mitra,rishtedar,rishtedaar,' ||
   'रिश्तेदार,नातेवाईक,' ||
   'नातेवाईकांना,natevaik,natevaikanna,referral program,referral programme,refer karaycha,refer karaychi'),
('stopmsg', NULL, 'pathvu naka,pathavu naka,pathau naka,patvu naka,pathwu naka,pathvu nako,नका पाठवू,' ||
   'पाठवू नको,message nako,messages nako,msg nako,मेसेज नको,मैसेज नहीं चाहिए,message nahi chahiye,' ||
   'messages nahi chahiye,msg nahi chahiye,reminder nahi chahiye,reminders nahi chahiye,reminder nako,' ||
   'mat bhejna,mat bhejiyega,mat bhejo,mat karo message,message mat karo,msg mat karo,message mat kijiye,' ||
   'band kara,bandh kara,बंद करून टाका,band karun taka,stop messaging,stop texting,stop msging,stop msgs,' ||
   'stop messages,stop reminders,stop notifications,no more reminders,no more notifications,' ||
   'remove me from,take me off'),
('startmsg', NULL, 'suru kara,chalu kara,punha suru,punha chalu,parat suru,parat chalu,punha pathva,parat pathva,' ||
   'पुन्हा सुरू,पुन्हा चालू,परत सुरू,परत चालू,परत पाठवा,turn back on,back on,switch back on,' ||
   'subscribe me back,start again sending,bhejna chalu,bhejte rahiye,bhejte rahna,भेजते रहिए'),
('again', NULL, 'punha,parat,punha ekda'),
('', NULL, 'as soon as possible,asap,jitni jaldi ho sake,jald se jald,जल्द से जल्द,जितनी जल्दी हो सके'),
('open', NULL, 'does the doctor start,does the clinic start,does the opd start,do you start,does it start,' ||
   'doctor start,clinic start,opd start,start karte,start hota,start hoti,start hote,start hoga,start hogi,' ||
   'start karenge,start kartat,start hote ka,start hoto,शुरू होता,शुरू होती,शुरू होगा,सुरू होतो,सुरू होते'),
('duration', 'mr-Latn', 'kiti vel,kiti wel,kiti vel lagel,kiti divas'),
('tomorrow', NULL, 'अगले दिन,agle din,next day,udya,udyaa,udyachi,udyacha,udyache,उद्याची,उद्याचा,उद्याचे,parva,परवा'),
('today', 'mr-Latn', 'aajcha,aajchi,aajche,आजचा,आजची,आजचे'),
('morning', 'mr-Latn', 'sakali,sakaali,sakal'),
('evening', 'mr-Latn', 'sandhyakali,sandhyakaali,sandhyakal'),
('week', NULL, 'अगले हफ्ते,अगले हफ्ते में,pudhchya aathvadyat,पुढच्या आठवड्यात'),
('message', NULL, 'रिमाइंडर,रिमाइंडर्स,रिमाइन्डर,व्हाट्सएप,व्हॉट्सॲप,व्हॉट्सअॅप,नोटिफिकेशन,rimainder,reminde,' ||
   'msges,mesage,mesages,messeges,masseges,messge,mssg,msgz,sandesh'),
('notwant', NULL, 'nako ahe,nako aahe,nakoy,नकोय,नको आहेत,nahi chahte,nahi chahti,नहीं चाहते,नहीं चाहती'),
('book', NULL, 'bhet ghyaychi,bhet ghyaychay,bhet ghyaychi ahe,bhet havi,भेट घ्यायची,भेट घ्यायचीय,भेट हवी,' ||
   'vel milel,vel hawi,vel havi,वेळ हवी,वेळ पाहिजे,वेळ द्या,vel dya,time dya,time milel,टाइम मिळेल,' ||
   'time de dijiye,time dijiye,samay dijiye,समय दीजिए,समय दे दीजिए,समय मिलेगा,समय चाहिए,time mil jayega,' ||
   'time mil sakta,schedule a,schedule me,schedule my'),
('fasting', NULL, 'khali pet,khaali pet,empty stomach,fasting,upvas,upwas,उपवास,खाली पेट,उपाशी पोटी,upashi poti'),
('meet', NULL, 'से मिल सकते,से मिल सकता,से मिल सकती,se mil sakte,se mil sakta,se mil sakti,से मिलना,' ||
   'bhetaycha,bhetaychay,bhetayche,bhetaychi,bhetayla,bhetnyasathi,भेटायचं,भेटायचंय,भेटण्यासाठी,' ||
   'milne ka,milne ke liye,मिलने का,मिलने के लिए,see the doctor,see a doctor,see doctor'),
('consultation', NULL, 'dakhvaycha,dakhvayche,dakhvaychi,dakhvayla,dakhavaycha,दाखवायचं,दाखवायला,दाखवायचंय,' ||
   'dikhana tha,dikhane ke liye,dikhwana,dikhwana hai,दिखवाना,show to the doctor,show my child'),
('queue', NULL, 'ranget,rangeet,rang madhe,ranget naav,रांगेत नाव,naav liha,naav lava,नाव लावा,number lava,' ||
   'नंबर लावा,नाव टाका,naav taka,nav taka,नाव लिहून घ्या,naav lihun ghya,token dya,token pahije,token hava,' ||
   'टोकन द्या,टोकन पाहिजे,walk-in,waiting list,token de do,' ||
   'token dijiye,token bana do,token banwa do,टोकन दे दो,टोकन दे दीजिए,line me laga do,line mein laga do,' ||
   'line me naam,line mein naam,queue me naam,queue mein naam,naam daal do,naam likhwa dijiye,' ||
   'आजचा नंबर,aajcha number,aaj ka number,आज का नंबर,number lagva do,number lagwa do')
) v(c, l, t);

-- Intent weights of words the knowledge base's weights (kb_weights) leave alone. Who a message is about ("my
-- sister", "my son", "bhabhi", "family") and when ("after", "later", "night") say nothing of which conversation it
-- asks for: "my brother is coming with me" is not a referral, "baby ko ulti ho rahi hai" not a booking. These words
-- weigh 0.3 for intents, like a word no intent knows, so they alone never make an intent (the rule wants real words
-- worth 0.6), whether or not an intent example or the clinic's entries use them. A table of its own, so that the
-- knowledge base's weights of the same words are not touched (kb_intent_tokens reads it; a row of kb_weights with an
-- intent weight still wins).
CREATE TABLE kb_intent_words (
    word   text PRIMARY KEY,
    weight double precision NOT NULL CHECK (weight > 0)
);
INSERT INTO kb_intent_words (word, weight)
SELECT w, 0.3
FROM unnest(string_to_array('child,wife,husband,mother,father,mummy,papa,mom,dad,sister,brother,family,bhabhi,' ||
                            'parent,grandmother,grandfather,dadi,nani,dada,nana,mulga,mulgi,mulala,bhau,bahin,' ||
                            'niece,nephew,uncle,aunty,aunt,clinic,after,before,later,late,early,night,afternoon,' ||
                            'next,minute,day,din,दिन,divas,दिवस,बहन,bahan,behen,भाई,बेटी,माँ,मां,पापा,पत्नी,पति,' ||
                            'बहिण,bahin,भाऊ,bhau,आई,बाबा,baba,aai', ',')) w
ON CONFLICT DO NOTHING;
GRANT SELECT ON kb_intent_words TO wa_dashboard;
CREATE TRIGGER kb_intent_words_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON kb_intent_words
    FOR EACH STATEMENT EXECUTE FUNCTION kb_version_bump_global();

-- "appointment agle hafte kar do", "friday ko kar dijiye", "माझी अपॉइंटमेंट परवा करा": in Hindi and Marathi a day or
-- a time followed by "make it" asks to move the appointment there. Each such pair maps to the time's own concept and
-- reschedule, so the time still counts as a time ("kal kar do" -> tomorrow reschedule).
INSERT INTO kb_synonyms (term, canonical, lang)
SELECT DISTINCT array_to_string(kb_raw_words(t || ' ' || v), ' '),
       array_to_string(kb_tokens(NULL, t), ' ') || ' reschedule', CASE WHEN t ~ '[a-z]' THEN 'hi-Latn' ELSE 'hi' END
FROM unnest(string_to_array('kal,parso,parson,agle hafte,next week,agle din,next day,shaam,shaam ko,subah,evening,' ||
   'morning,' ||
                            'monday,tuesday,wednesday,thursday,friday,saturday,sunday,somvar,mangalvar,budhvar,' ||
                            'guruvar,shukrawar,shanivar,ravivar,udya,parva,sandhyakali,sakali,' ||
                            'कल,परसों,अगले हफ्ते,अगले दिन,शाम,सुबह,सोमवार,मंगलवार,बुधवार,गुरुवार,शुक्रवार,शनिवार,' ||
   'रविवार,' ||
                            'उद्या,परवा,संध्याकाळी,सकाळी,पुढच्या आठवड्यात', ',')) t,
     unnest(string_to_array('kar do,kar dijiye,kar dena,kardo,kar dijie,ko kar do,ko kar dijiye,pe kar do,' ||
                            'kara,la kara,karun dya,' ||
                            'कर दो,कर दीजिए,कर दीजिये,को कर दो,को कर दीजिए,करा,ला करा,करून द्या', ',')) v
WHERE (t ~ '[a-z]') = (v ~ '[a-z]') AND cardinality(kb_tokens(NULL, t)) > 0
  AND NOT EXISTS (SELECT 1 FROM unnest(kb_tokens(NULL, t)) k -- only times the lexicon knows (no new concepts)
                  WHERE NOT EXISTS (SELECT 1 FROM kb_synonyms y WHERE y.canonical = k))
ON CONFLICT DO NOTHING;

-- More example sentences for the conversations.
INSERT INTO kb_intents (intent, lang, example)
SELECT v.intent, v.lang, trim(e) FROM (VALUES
('greeting', 'en', 'hi doctor|hello sir|hello doctor good morning|good morning doctor|hey doc|hello mam|' ||
   'hi good afternoon|greetings|hello anyone there|hi team|hello clinic|good evening doctor'),
('greeting', 'hi-Latn', 'namaste sir|namaste madam ji|pranam|pranam doctor sahab|radhe radhe|jai shree ram|' ||
   'sat shri akal|salaam alaikum|namaste kaise hain aap|hello ji|namaskar sir ji'),
('greeting', 'hi', 'प्रणाम|नमस्ते सर|नमस्ते मैडम|राधे राधे|जय श्री राम|सुप्रभात|हैलो|नमस्कार जी'),
('greeting', 'mr', 'नमस्कार सर|नमस्कार मॅडम|शुभ सकाळ|जय महाराष्ट्र|हॅलो|राम राम मंडळी'),
('greeting', 'mr-Latn', 'namaskar sir|namaskar doctor|shubh sakal|jai maharashtra|ram ram mandali'),
('book', 'en', 'I want an appointment|I would like to see the doctor|can I see the doctor today|' ||
   'I want to visit the clinic tomorrow for a checkup|book me a slot for tomorrow|I want to schedule a visit|' ||
   'I need a consultation tomorrow|can you book me in for Monday|I would like to make an appointment|' ||
   'make an appointment for me|can I take an appointment for my son|please arrange an appointment|' ||
   'I want to consult the doctor|my daughter needs to see the doctor, please give a slot|' ||
   'please fix a slot with the doctor|can I come tomorrow at 11 for a consultation|I need a slot for my mother|' ||
   'appointment for my wife on friday|I want to book a consultation|book a visit|booking for tomorrow|' ||
   'set up an appointment with the doctor|get me an appointment|do you have a free slot tomorrow|' ||
   'I would like to come in for a check up'),
('book', 'hi-Latn', 'appointment chahiye kal ka|kal ka time milega|kal ka time chahiye|' ||
   'doctor se milne ka time chahiye|' ||
   'appointment lena tha|appointment leni hai|appointment book karwana hai|appointment karwana hai|' ||
   'appointment fix kar dijiye|mujhe dikhana hai|bache ko dikhana hai|bacche ko kal dikhana hai|' ||
   'mummy ko dikhana hai time de do|checkup karwana hai time de do|koi slot khali hai kya|milne ka time de dijiye|' ||
   'doctor se milna tha|appointment mil jayegi kya|appointment milegi kya|booking karwani hai|' ||
   'booking kar do kal ki|kal subah ka time de do|shaam ka time milega kya doctor sahab se'),
('book', 'hi', 'मुझे डॉक्टर से मिलने का समय चाहिए|कल का समय मिलेगा|डॉक्टर साहब से मिलना है|बच्चे को दिखाना है|' ||
   'अपॉइंटमेंट लेनी है|बुकिंग करनी है|कल के लिए स्लॉट चाहिए|समय दे दीजिए|मिलने का टाइम चाहिए|' ||
   'अपॉइंटमेंट मिल सकती है क्या|चेकअप के लिए आना है समय दीजिए|अपॉइंटमेंट बुक करवाना है'),
('book', 'mr', 'भेट घ्यायची आहे|डॉक्टरांची भेट घ्यायची आहे|उद्या भेटायला येऊ का|अपॉइंटमेंट पाहिजे|' ||
   'मला अपॉइंटमेंट पाहिजे|' ||
   'उद्याची वेळ मिळेल का|वेळ मिळेल का|अपॉइंटमेंट घ्यायची आहे|मुलाला दाखवायचे आहे|डॉक्टरांना भेटायचं आहे|' ||
   'बुकिंग करायची आहे|स्लॉट मिळेल का|तपासणीसाठी वेळ द्या'),
('book', 'mr-Latn', 'mala appointment pahije|appointment havi ahe|appointment book karaychi ahe|' ||
   'udyachi appointment milel ka|bhet ghyaychi ahe|doctoranna bhetaycha ahe|vel milel ka|' ||
   'udya dakhvayla yeu ka|mulala dakhvaycha ahe|booking karaychi ahe|slot milel ka|udya sathi vel dya'),
('my_appointment', 'en', 'when is my appointment|what time is my booking|' ||
   'did my booking go through|can you check my appointment|I forgot my appointment time|' ||
   'which day is my appointment|what is my slot|my booking details please|is my slot confirmed|' ||
   'have I booked|is my appointment still on|tell me my appointment time|remind me of my appointment time'),
('my_appointment', 'hi-Latn', 'meri appointment kab hai|mera appointment kitne baje hai|' ||
   'meri booking confirm hui kya|' ||
   'mera slot kab ka hai|meri appointment kis din hai|meri appointment ka time kya hai|meri booking hui ya nahi|' ||
   'mera appointment confirm hua kya|meri appointment dikhao'),
('my_appointment', 'hi', 'मेरी अपॉइंटमेंट किस दिन है|मेरी अपॉइंटमेंट कब है|मेरा अपॉइंटमेंट कितने बजे का है|' ||
   'मेरी बुकिंग कन्फर्म हुई क्या|' ||
   'मेरी अपॉइंटमेंट दिखाइए|मेरी अपॉइंटमेंट कन्फर्म है क्या'),
('my_appointment', 'mr', 'माझी अपॉइंटमेंट किती वाजता आहे|माझी बुकिंग कन्फर्म झाली का|माझी वेळ कधीची आहे|' ||
   'माझी अपॉइंटमेंट दाखवा|माझी बुकिंग दाखवा'),
('my_appointment', 'mr-Latn', 'majhi appointment konatya divshi ahe|majhi appointment kadhi ahe|' ||
   'mazi appointment kiti vajta ahe|' ||
   'majhi booking confirm jhali ka|mazi booking dakhva|majhi vel kadhi ahe'),
('cancel', 'en', 'I need to cancel|please cancel it|cancel tomorrow''s appointment|' ||
   'I won''t be able to make it tomorrow|I can''t make it, please cancel|I don''t want the appointment|' ||
   'cancel my booking for friday|I''m not coming tomorrow, cancel it|' ||
   'please cancel my slot, something came up'),
('cancel', 'hi-Latn', 'booking cancel kar dijiye|kal nahi aa paunga cancel kar do|appointment radd karna hai|' ||
   'meri booking hata do|cancel karwana hai appointment|appointment cancel karwani hai|kal ki appointment cancel|' ||
   'appointment cancel kardo|main nahi aa sakti appointment cancel kar do'),
('cancel', 'hi', 'मेरी अपॉइंटमेंट कैंसिल कर दीजिए|अपॉइंटमेंट रद्द कर दो|मैं कल नहीं आ पाऊंगी अपॉइंटमेंट रद्द करें|' ||
   'बुकिंग रद्द करनी है|अपॉइंटमेंट नहीं चाहिए|अपॉइंटमेंट कैंसल करना है|बुकिंग हटा दीजिए'),
('cancel', 'mr', 'अपॉइंटमेंट कॅन्सल करा|मी उद्या येऊ शकत नाही अपॉइंटमेंट रद्द करा|बुकिंग रद्द करायची आहे|' ||
   'मला अपॉइंटमेंट नको आहे|अपॉइंटमेंट रद्द करून टाका'),
('cancel', 'mr-Latn', 'majhi appointment radd kara|appointment cancel karaychi ahe|' ||
   'mi udya yenar nahi appointment radd kara|booking radd kara|appointment nako ahe|appointment cancel karun taka'),
('reschedule', 'en', 'can I change my appointment|I need to reschedule|move my appointment to friday|' ||
   'can we do it another day|shift my booking to next week|postpone my appointment by a day|' ||
   'I want a different time for my appointment|can I come later instead|change my booking to the evening|' ||
   'push my appointment to next week|bring my appointment forward|I want to change the date of my appointment|' ||
   'give me another slot instead of tomorrow'),
('reschedule', 'hi-Latn', 'date change karni hai|appointment aage kar do|kal ki jagah parso kar do|' ||
   'time change karwana hai|appointment dusre din kar dijiye|booking shift karni hai|appointment postpone kar do|' ||
   'appointment prepone karna hai|appointment ka din badalna hai'),
('reschedule', 'hi', 'अपॉइंटमेंट की तारीख बदलनी है|मेरा समय बदल दीजिए|अपॉइंटमेंट आगे कर दीजिए|कल की जगह परसों कर दो|' ||
   'दूसरा समय चाहिए अपॉइंटमेंट का|अपॉइंटमेंट का दिन बदलना है'),
('reschedule', 'mr', 'माझी अपॉइंटमेंट पुढे ढकला|दुसरी वेळ द्या|अपॉइंटमेंटची तारीख बदला|उद्याऐवजी परवा करा|' ||
   'माझी वेळ बदलून द्या|अपॉइंटमेंट दुसऱ्या दिवशी हलवा'),
('reschedule', 'mr-Latn', 'appointment chi vel badlaychi ahe|date badla|dusri vel dya|' ||
   'majhi appointment pudhe dhakla|' ||
   'udya aivaji parva kara|vel badlun dya|appointment dusrya divshi kara'),
('queue_join', 'en', 'I want to come as a walk-in today|can I get a token for today|' ||
   'please add me to the waiting list|' ||
   'put me on the list for today|I am on my way, give me a token|I will come without an appointment, token please|' ||
   'register me in today''s queue|can I walk in now|I want a queue number for today'),
('queue_join', 'hi-Latn', 'line mein laga do|mera naam likh do aaj ke liye|aaj aa raha hu token bana do|' ||
   'walk in aana hai token do|mera number laga do|token le sakte hai kya abhi|queue mein naam daal do|' ||
   'line me lagwa do'),
('queue_join', 'hi', 'आज का टोकन दे दो|लाइन में नाम लिख दीजिए|लाइन में मेरा नाम लिख दीजिए|' ||
   'मैं अभी आ रहा हूं टोकन दे दो|' ||
   'कतार में नाम जोड़ दीजिए'),
('queue_join', 'mr', 'रांगेत नाव लिहा|माझा नंबर लावा|मी आत्ता येतोय टोकन द्या|रांगेत नंबर लावायचा आहे'),
('queue_join', 'mr-Latn', 'token pahije|aajcha token dya|ranget naav liha|majha number lava|mi aata yetoy token dya|' ||
   'line madhe naav lava'),
('queue_status', 'en', 'when will I be called|how much time till my turn|' ||
   'what number is going on|which token is running now|how far is my token|' ||
   'when will my number come'),
('queue_status', 'hi-Latn', 'abhi kitne log aage hai|kaunsa number chal raha hai|mera token kab aayega|' ||
   'aur kitna wait karna hai|mera number aane wala hai kya|meri baari aane mein kitni der hai'),
('queue_status', 'hi', 'अभी कौन सा नंबर चल रहा है|और कितना इंतजार करना पड़ेगा|मेरा टोकन कब आएगा|' ||
   'मेरी बारी आने में कितनी देर है'),
('queue_status', 'mr', 'माझ्या आधी किती लोक आहेत|अजून किती वेळ थांबावे लागेल|आत्ता कोणता नंबर चालू आहे|' ||
   'माझी पाळी कधी येईल|माझा टोकन कधी येईल'),
('queue_status', 'mr-Latn', 'majha number kadhi yeil|majhya adhi kiti lok ahet|ajun kiti vel thambava lagel|' ||
   'ata konta number chalu ahe|majhi pali kadhi yeil|maza token kadhi yeil'),
('talk_to_staff', 'en', 'can I talk to someone|I want to speak to the doctor|please connect me to the doctor|' ||
   'I need to talk to a human|is there someone I can talk to|can someone from the clinic call me|' ||
   'I want to talk to the receptionist|please ask the doctor to call me|let me speak to the staff|' ||
   'transfer me to a person|I need help from a real person|can I chat with the doctor|' ||
   'I want to discuss something with the doctor|get me the doctor on the phone'),
('talk_to_staff', 'hi-Latn', 'doctor sahab se baat ho sakti hai|reception pe baat karwa do|mujhe call kar lo|' ||
   'mujhe phone kar do|staff se baat karni thi|koi call kar sakta hai kya|doctor se direct baat karni hai|' ||
   'madam se baat karni hai|sir se baat karwa do'),
('talk_to_staff', 'hi', 'डॉक्टर साहब से बात करनी है|किसी इंसान से बात कराइए|मुझे फोन कर लीजिए|' ||
   'रिसेप्शन से बात करनी है|' ||
   'स्टाफ से बात करवा दो|डॉक्टर से बात हो सकती है क्या'),
('talk_to_staff', 'mr', 'मला कोणाशी तरी बोलायचं आहे|रिसेप्शनला बोलायचे आहे|स्टाफशी बोलायचे आहे|' ||
   'डॉक्टरांशी बोलता येईल का|मला कॉल करा'),
('talk_to_staff', 'mr-Latn', 'doctoranshi bolaycha ahe|doctorshi bolaycha aahe|mala phone kara|mala call kara|' ||
   'konashi tari bolaycha ahe|staff shi bolaycha ahe|receptionshi bolaycha ahe'),
('refer', 'en', 'how can I refer someone|my friend wants to come, send me the link|' ||
   'I want to recommend the doctor to my neighbour|referral link please|send a link to share with my family|' ||
   'I would like to refer my brother|do you have a referral program|can I refer my colleague'),
('refer', 'hi-Latn', 'dost ko refer karna hai link bhejo|apne relative ko refer karna hai|referral link bhej do|' ||
   'kisi ko recommend karna hai|mere bhai ko refer karna hai|friend ko bhejna hai link do'),
('refer', 'hi', 'मेरे दोस्त को रेफर करना है|रेफरल लिंक भेज दीजिए|अपने रिश्तेदार को भेजना है लिंक दीजिए|' ||
   'मित्र को रेफर कैसे करें'),
('refer', 'mr', 'माझ्या भावाला पाठवायचे आहे लिंक द्या|नातेवाईकांना सांगायचे आहे लिंक पाठवा|मैत्रिणीला रेफर करायचे आहे'),
('refer', 'mr-Latn', 'mitrala refer karaycha ahe|referral link pathva|majhya mitrala link pathva|' ||
   'maitrinila refer karaychi ahe'),
('stop', 'en', 'please stop messaging me|stop these reminders|I don''t want reminders anymore|' ||
   'don''t send me whatsapp messages|unsubscribe me from your list|no more reminders please|' ||
   'stop all notifications|I want to opt out of messages|do not send messages to this number|' ||
   'please remove me from your messages|stop texting me'),
('stop', 'hi-Latn', 'mujhe message mat karo|reminder mat bhejna|messages band kar do please|' ||
   'ab se message mat bhejna|' ||
   'whatsapp message band karo|ye messages band karo|mujhe koi message nahi chahiye'),
('stop', 'hi', 'मैसेज भेजना बंद करें|रिमाइंडर बंद कर दीजिए|अब मैसेज नहीं चाहिए|व्हाट्सएप मैसेज बंद करो'),
('stop', 'mr', 'मेसेज बंद करा|रिमाइंडर नको|यापुढे मेसेज पाठवू नका|मेसेज नको आहेत'),
('stop', 'mr-Latn', 'mala message pathvu naka|message band kara|messages nako|reminder nako|' ||
   'yapudhe message pathvu naka'),
('start', 'en', 'start sending me messages again|please turn the reminders back on|I want to receive messages again|' ||
   'subscribe me back|resume my whatsapp updates|send me reminders again|I want notifications again'),
('start', 'hi-Latn', 'message fir se chalu karo|reminder wapas bhejna shuru karo|mujhe message bhejte rahiye|' ||
   'messages on kar do|dobara subscribe karna hai'),
('start', 'hi', 'मैसेज फिर से शुरू करें|रिमाइंडर फिर से भेजिए|मैसेज दोबारा चालू कर दीजिए'),
('start', 'mr', 'मला पुन्हा मेसेज पाठवा|रिमाइंडर पुन्हा चालू करा'),
('start', 'mr-Latn', 'message punha suru kara|mala punha message pathva|reminder parat chalu kara|message chalu kara')
) v(intent, lang, ex), unnest(string_to_array(v.ex, '|')) e;

-- An intent's key concepts: a text that names none of them is not asking for that conversation, however many of
-- its other words the intent's examples share. "what time is my appointment tomorrow" shares every word with some
-- reschedule example ("udya aivaji parva", "I want to change my appointment time") but asks nothing to change;
-- "how long is the queue usually on Mondays" names the queue but not the patient's turn. Such an intent is not a
-- candidate at all, so it neither wins nor stands as the runner-up that makes the right one fall within the margin.
-- Concepts are the canonical words of kb_synonyms (a clinic that adds an intent example with a word of its own maps
-- that word onto one of these with a kb_synonyms row of its own). An intent without a row here has no such rule.
-- min_miss: the least a word the intent does not know counts against it (NULL: its weight, 0.3 for a word no intent
-- knows). The opt-out and opt-in change a patient's subscription and read a word ("stop", "start") that many other
-- sentences use: "when does the clinic start", "when can I stop the syrup". For them any other word counts at least
-- 0.6, so only a text that is about the messages, or nothing but the request, is taken.
CREATE TABLE kb_intent_keys (
    intent   text PRIMARY KEY,
    keys     text[] NOT NULL CHECK (cardinality(keys) > 0),
    min_miss double precision CHECK (min_miss > 0)
);
INSERT INTO kb_intent_keys (intent, keys, min_miss) VALUES
    ('greeting', '{greet,menu}', NULL),
    ('book', '{book,appointment,meet,consultation}', NULL),
    ('my_appointment', '{myappointment}', NULL),
    ('cancel', '{cancel,notwant}', NULL),
    ('reschedule', '{reschedule}', NULL),
    ('queue_join', '{queue}', NULL),
    ('queue_status', '{status}', NULL),
    ('talk_to_staff', '{talk,staff}', NULL),
    ('refer', '{refer}', NULL),
    ('stop', '{stopmsg,notwant}', 0.6),
    ('start', '{startmsg,again}', 0.6);
-- the router reads it by the default privileges (007); the dashboard's "try a question" explains intents too
GRANT SELECT ON kb_intent_keys TO wa_dashboard;
-- a change changes what the conversations recognise for every clinic: the global version (026) moves
CREATE TRIGGER kb_intent_keys_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON kb_intent_keys
    FOR EACH STATEMENT EXECUTE FUNCTION kb_version_bump_global();

-- kb_intent_tokens' scoring (026's) with the key concepts: only the intents whose examples share a word with the
-- text AND whose key concepts the text names are scored. Otherwise the same scoring (coverage, fit, real words).
CREATE FUNCTION kb_intent_score(p_doctor uuid, p_toks text[], p_limit int DEFAULT 3)
RETURNS TABLE (intent text, score double precision, coverage double precision, fit double precision,
               missing text[])
LANGUAGE sql STABLE AS $$
    WITH ex AS MATERIALIZED (
        SELECT i.intent, i.toks FROM kb_intents i
        WHERE (i.doctor_id IS NULL OR i.doctor_id = p_doctor) AND cardinality(p_toks) > 0 AND cardinality(i.toks) > 0
          AND i.intent = ANY (ARRAY(
                  SELECT c.intent FROM (SELECT DISTINCT j.intent FROM kb_intents j WHERE j.toks && p_toks
                                          AND (j.doctor_id IS NULL OR j.doctor_id = p_doctor)) c
                  WHERE NOT EXISTS (SELECT 1 FROM kb_intent_keys k
                                    WHERE k.intent = c.intent AND NOT k.keys && p_toks)))),
    -- a concept of the lexicon that no intent uses and no weight row sets ("pain", "refund", "report", "fever";
    -- kb_token_weights gives 0.3 only to a word no intent example and no entry of the doctor uses)
    -- says what the text asks about: the clinic's answers, not a conversation. It weighs 1 instead of the
    -- 0.3 of a word no intent knows, so "the pain doesn't stop" is no opt-out and "what if I cancel, do I get a
    -- refund" no cancellation
    raw AS MATERIALIZED (SELECT * FROM kb_token_weights(p_doctor,
                                                        p_toks || (SELECT coalesce(array_agg(DISTINCT u), '{}')
                                                                   FROM ex, unnest(ex.toks) u), true)),
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
                                      -- a greeting is only a greeting: any other word counts fully
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
    ORDER BY 2 DESC, 1 LIMIT p_limit
$$;

-- The intents for analysed tokens, best first (the router's and kb_explain's call, signature unchanged). "Hi doctor,
-- I need an appointment": a greeting word in a text that says more is politeness, not what it asks for; the text's
-- tokens without it are scored (and the greeting, whose key is then gone, is no candidate).
CREATE OR REPLACE FUNCTION kb_intent_tokens(p_doctor uuid, p_toks text[], p_limit int DEFAULT 3)
RETURNS TABLE (intent text, score double precision, coverage double precision, fit double precision,
               missing text[])
LANGUAGE sql STABLE AS $$
    SELECT s.* FROM (SELECT coalesce((SELECT keys FROM kb_intent_keys WHERE kb_intent_keys.intent = 'greeting'), '{}')
                            AS keys) g,
         LATERAL kb_intent_score(p_doctor,
                                 CASE WHEN p_toks <@ g.keys THEN p_toks
                                      ELSE ARRAY(SELECT t FROM unnest(p_toks) t WHERE NOT t = ANY (g.keys)) END,
                                 p_limit) s
$$;

ALTER TABLE kb_synonyms ENABLE TRIGGER kb_synonyms_ins;
ALTER TABLE kb_stopwords ENABLE TRIGGER kb_stopwords_changed;
SELECT kb_vocab_refresh();
UPDATE kb_intents SET example = example;
UPDATE kb_entries SET question = question; -- the entries that exist, with the lexicon's new rows
