-- 020: understanding patients, round 2 (issue 19). Recall grown where the first held-out set failed, as data and
-- without losing precision (tests/kb_eval, README "The knowledge base"):
--   1. kb_words: ordinary words of English and Hinglish that patients write ("paid", "inside", "machine", "list",
--      "injection"). A word of that list is taken as written and never "corrected" towards a clinic word it happens
--      to resemble ("paid" -> "pain", "injection" -> "infection", "machine" -> "mahina" turned a question into
--      another one); it still counts as a word the entry may lack.
--   2. Marathi postpositions written onto the word (शाळेची, फोनवर, प्रवेशासाठी, डोळ्यात): an unknown Devanagari
--      word whose stem is known is read as that stem (kb_analyse, replaced here with that one step added).
--   3. More lexicon (kb_synonyms global rows, per specialty and language) and stop words: Marathi and romanised Hindi
--      forms, abbreviations and paraphrases patients use, and words that make a question a near miss (a medicine's
--      name, "permanent", "court") counted as concepts of their own.
-- The functions keep their shapes; the lookup's cost is unchanged (one more index probe per unknown word).

CREATE TABLE kb_words (word text PRIMARY KEY);
GRANT SELECT ON kb_words TO wa_dashboard;

INSERT INTO kb_words (word) SELECT DISTINCT unnest(kb_raw_words(
    'able about above accept across actually adult after again against ahead allow almost alone along already ' ||
    'always amount angle another answer anybody anyway apart apply area around arrange arrive arrived asked ' ||
    'attend away baby babies back band basic bath bear beat become before begin behind believe below best ' ||
    'better between bill bills black blur blurry body born both bottle bottom brain break bring brought build ' ||
    'busy call calls came card cards care careful carry case cases catch cause centre center chance change ' ||
    'charge chart check checked checking cheque child choice choose city class clean clear close clothes cold ' ||
    'colour come common complete condition cook copy copies corner cost could count couple course cover crowd ' ||
    'daily damage danger dark daughter dead deal decide deep delay deliver deposit describe design detail ' ||
    'different difficult dinner direct dirty doing done door double down draw dress drink drive driving drop ' ||
    'drops during duty each early easy either else empty enough enter entry even evening ever every exact ' ||
    'example except extra face fact fall family father fast feel feeling female field fight fill final find ' ||
    'fine finger finish first fixed floor follow foot force form forward free fresh friend front full funny ' ||
    'game garden gave gender general gentle girl give glass goes gone good great green ground group grow guide ' ||
    'half hand happen happy hard head health hear heard heavy held help here high hold holder home hope hospital ' ||
    'hour house husband idea important inch include inside instead into issue item itself join joint keep kept ' ||
    'kind know known lady large last late later lead learn least leave left less letter level light like limit ' ||
    'line list little live living local long look lose loss lost lot loud love lower machine made main major make ' ||
    'male many mark market matter maybe mean measure member mind minute miss mobile mode model moment money ' ||
    'more most mother move much must name near nearby nearest need never next nice night none normal note ' ||
    'nothing notice number office often only open option options order other outside over own paid pain pair ' ||
    'paper parent part party pass past patient pay people period person pick picture piece place plan plastic ' ||
    'please plus point possible post power present press pretty price print private problem process proper ' ||
    'provide public pull purpose push quick quite rather reach read ready real reason receive record regular ' ||
    'remain remember remove removal rest result return right ring road room round rule safe same save seat ' ||
    'second seeing seem seen self sell send sense serious serve seven several shape share short should show ' ||
    'side sign simple since single sister size skin sleep slow small smooth soft some sometimes soon sorry sound ' ||
    'space speak special spend staff stage stand start state stay step still stop store story straight strong ' ||
    'student study stuff such suggest support sure system table taking talk taken tell than that their them ' ||
    'then there these they thing think third those though through till time tiny today together told took ' ||
    'total touch toward town track travel tried true trust turn under until upon upper used useful usual ' ||
    'valid value very visit wait walk wall warm wash watch water wear wearing week well went were what while ' ||
    'white whole wide wife will window wish with within without woman word work world worry write wrong year ' ||
    'years young yourself injection injections needle needles list lists machine machines chart charts inside ' ||
    'option options paid seeing taking first live wear frame frames permanent permanently court legal court ' ||
    'typhoid papa mummy mumma nani dadi nana dada sitting sits outside'))
ON CONFLICT DO NOTHING;

CREATE OR REPLACE FUNCTION kb_analyse(p_doctor uuid, p_text text, p_correct boolean DEFAULT true) RETURNS jsonb
LANGUAGE plpgsql STABLE AS $$
DECLARE
    words text[] := kb_raw_words(left(p_text, 1000));
    corrected jsonb := '{}';
    synonyms jsonb := '{}';
    dropped text[] := '{}';
    toks text[] := '{}';
    known text[];
    w text;
    best text;
    s text;
    r record;
    c text;
    is_syn boolean;
    stem text;
    base text;
    suf text;
    -- Marathi (and a few Hindi) postpositions written onto the word: शाळेची, फोनवर, प्रवेशासाठी, डोळ्यात
    suffixes text[] := ARRAY['च्यासाठी', 'ांसाठी', 'साठी', 'मध्ये', 'पर्यंत', 'कडून', 'कडे', 'च्या', 'तील', 'ांना',
                             'ांची', 'ांचा', 'ांचे', 'ांशी', 'वर', 'ला', 'ना', 'ची', 'चा', 'चे', 'शी', 'ने', 'त'];
BEGIN
    IF cardinality(words) = 0 THEN
        RETURN jsonb_build_object('tokens', '[]'::jsonb, 'corrected', corrected, 'synonyms', synonyms,
                                  'dropped', '[]'::jsonb);
    END IF;
    IF p_correct THEN
        known := ARRAY(SELECT DISTINCT unnest(raw) FROM kb_examples WHERE doctor_id = p_doctor);
        FOR i IN 1 .. cardinality(words) LOOP
            w := words[i];
            -- an unknown Devanagari word: its stem when a postposition is written onto it and the stem is known
            -- (as written, without its oblique vowel, or with the -ा of its direct form: शाळे -> शाळा)
            IF w ~ '[ऀ-ॿ]' AND NOT w = ANY (known) AND NOT EXISTS (
                    SELECT 1 FROM kb_vocab v WHERE v.word = w AND (v.doctor_id IS NULL OR v.doctor_id = p_doctor)) THEN
                stem := NULL;
                FOREACH suf IN ARRAY suffixes LOOP
                    CONTINUE WHEN char_length(w) < char_length(suf) + 2 OR right(w, char_length(suf)) <> suf;
                    base := left(w, char_length(w) - char_length(suf));
                    SELECT cand.s INTO stem
                    FROM unnest(ARRAY[base, regexp_replace(base, '(ां|ा|े|ी|ो|्या|्यां)$', ''),
                                      regexp_replace(base, '(ां|ा|े|ी|ो|्या|्यां)$', '') || 'ा']) WITH ORDINALITY cand(s, o)
                    WHERE char_length(cand.s) >= 2
                      AND (cand.s = ANY (known) OR EXISTS (SELECT 1 FROM kb_vocab v WHERE v.word = cand.s
                                                         AND (v.doctor_id IS NULL OR v.doctor_id = p_doctor)))
                    ORDER BY cand.o LIMIT 1;
                    EXIT WHEN stem IS NOT NULL;
                END LOOP;
                IF stem IS NOT NULL THEN
                    corrected := corrected || jsonb_build_object(w, stem);
                    words[i] := stem;
                    CONTINUE;
                END IF;
            END IF;
            -- a known word, or an ordinary word of the language (kb_words), is never "corrected"
            CONTINUE WHEN char_length(w) < 4 OR w ~ '[0-9]' OR w = ANY (known) OR kb_fold(w) = ANY (known)
                OR EXISTS (SELECT 1 FROM kb_vocab v WHERE v.word IN (w, kb_fold(w))
                             AND (v.doctor_id IS NULL OR v.doctor_id = p_doctor))
                OR EXISTS (SELECT 1 FROM kb_words kw WHERE kw.word IN (w, kb_fold(w)));
            SELECT k.word INTO best
            FROM (SELECT o AS word, true AS own FROM unnest(known) o
                  UNION ALL
                  SELECT v.word, v.doctor_id IS NOT NULL FROM kb_vocab v
                  WHERE NOT v.stop AND (v.doctor_id IS NULL OR v.doctor_id = p_doctor) AND left(v.word, 1) = left(w, 1)
                    AND char_length(v.word) BETWEEN char_length(w) - 2 AND char_length(w) + 2) k
            WHERE NOT EXISTS (SELECT 1 FROM kb_stopwords sw WHERE sw.word = k.word) -- a typo never vanishes
              AND left(k.word, 1) = left(w, 1) AND abs(char_length(k.word) - char_length(w)) <= 2
              AND char_length(k.word) >= 3
              AND levenshtein_less_equal(k.word, w, 2) <= CASE WHEN char_length(w) <= 5 THEN 1 ELSE 2 END
            ORDER BY levenshtein_less_equal(k.word, w, 2), NOT k.own, abs(char_length(k.word) - char_length(w)), k.word
            LIMIT 1;
            IF best IS NOT NULL THEN
                corrected := corrected || jsonb_build_object(w, best);
                words[i] := best;
            END IF;
        END LOOP;
    END IF;
    s := ' ' || array_to_string(words, ' ') || ' ';
    -- multi-word terms, the doctor's before the global ones, longest first
    FOR r IN SELECT x.term, x.canonical FROM (
                 SELECT DISTINCT ON (y.term) y.term, y.canonical
                 FROM kb_synonyms y
                 WHERE y.term LIKE '% %' AND (y.doctor_id IS NULL OR y.doctor_id = p_doctor)
                   AND strpos(s, ' ' || y.term || ' ') > 0
                 ORDER BY y.term, y.doctor_id IS NULL) x
             ORDER BY char_length(x.term) DESC, x.term LOOP
        IF strpos(s, ' ' || r.term || ' ') > 0 THEN
            s := replace(s, ' ' || r.term || ' ', ' ' || r.canonical || ' ');
            s := replace(s, ' ' || r.term || ' ', ' ' || r.canonical || ' '); -- overlapping neighbours
            synonyms := synonyms || jsonb_build_object(r.term, r.canonical);
        END IF;
    END LOOP;
    FOREACH w IN ARRAY kb_raw_words(s) LOOP
        -- a bare number ("after 3 days", "my 5 yr old", "token 17") says which day, age or token, not what is asked
        IF w ~ '^[0-9]+$' THEN
            dropped := dropped || w;
            CONTINUE;
        END IF;
        -- a synonym first (greetings are stop words for answers but a word of their own for intents)
        SELECT y.canonical INTO c FROM kb_synonyms y
        WHERE y.term IN (w, kb_fold(w)) AND (y.doctor_id IS NULL OR y.doctor_id = p_doctor)
        ORDER BY y.doctor_id IS NULL, y.term = w DESC LIMIT 1;
        is_syn := FOUND;
        IF NOT is_syn AND EXISTS (SELECT 1 FROM kb_stopwords sw WHERE sw.word = w) THEN
            dropped := dropped || w;
            CONTINUE;
        END IF;
        IF is_syn THEN
            IF c <> w THEN
                synonyms := synonyms || jsonb_build_object(w, c);
            END IF;
            IF c = '' THEN
                dropped := dropped || w;
            END IF;
            FOREACH best IN ARRAY kb_raw_words(c) LOOP
                IF NOT kb_fold(best) = ANY (toks) THEN
                    toks := toks || kb_fold(best);
                END IF;
            END LOOP;
        ELSIF NOT kb_fold(w) = ANY (toks) THEN
            toks := toks || kb_fold(w);
        END IF;
    END LOOP;
    RETURN jsonb_build_object('tokens', to_jsonb(toks), 'corrected', corrected, 'synonyms', synonyms,
                              'dropped', to_jsonb(dropped));
END
$$;


-- The lexicon's triggers re-tokenise every entry and intent example per statement: off while the rows below go in,
-- then one refresh at the end of this file.
ALTER TABLE kb_synonyms DISABLE TRIGGER kb_synonyms_ins;
ALTER TABLE kb_stopwords DISABLE TRIGGER kb_stopwords_changed;

-- Words without meaning for matching: Marathi postpositions and particles written apart ("clinic madhe", "sunday
-- la"), romanised Hindi and Marathi verbs and fillers, chat forms.
INSERT INTO kb_stopwords (word) SELECT unnest(kb_raw_words(
    'la madhe madhye mdhe madhe chi cha che chya sathi saathi? varti var kade ja jaa jaaye jayega jayegi deta deti ' ||
    'dete dena banwane banwana banwani banvane banvana karein kareinge karenge chala chali chale zaroori zaruri ' ||
    'jaruri zarori jaroori zarur possible lene chalel chalte jaycha jaaycha jayche saab sahib sahb shud shld shd ' ||
    'bhejoge bhejenge bhejdo bhejiyega aakar akar aake aaker karvaycha karaycha karaychi karaychay hoil hoto hote ' ||
    'milel miltat miltil sangal sanga sangu ahet aahe? kasa kuthla kuthli konta konti ky kya? ppl wala? ' ||
    'लेते लेती लेता यहीं जाएगी जाएगा जाएंगे काहीतरी गेले गेला गेली पहनता पहनती चलेगा चलेगी होतो घेता घेतात ' ||
    'येईल येतात मिळेल मिळतील करता येईल सांगाल banate banata banati banwate machine machines ' ||
    'problem problems issue issues dikkat pareshani samasya तकलीफ समस्या she her hers him his they them their ' ||
    'yet anymore dekh dekhte dekhenge dekhna dekhiye देख देखते देखेंगे देखना went saare sare saari sara ' ||
    'आत्ता आता येतोय येते येतो येत jayega jaayega docter doctr dactor daktar doctar inside andar अंदर pehle pahle'))
ON CONFLICT DO NOTHING;

CREATE OR REPLACE FUNCTION pg_temp.kb_lex(p_canonical text, p_lang text, p_specialty text, p_terms text) RETURNS void
LANGUAGE sql AS $$
    INSERT INTO kb_synonyms (term, canonical, lang, specialty)
    SELECT DISTINCT v.term, p_canonical, p_lang, p_specialty
    FROM unnest(string_to_array(p_terms, ',')) t,
         LATERAL (SELECT array_to_string(kb_raw_words(t), ' ') AS term) n,
         LATERAL (SELECT n.term UNION ALL SELECT n.term || 's' WHERE n.term ~ ' [a-z]+[^s]$') v
    WHERE v.term <> ''
    ON CONFLICT DO NOTHING
$$;

SELECT pg_temp.kb_lex(c, l, s, t) FROM (VALUES
-- when the doctor "sits" is when the clinic is open; Marathi वेळ written in Latin letters
('timing', 'hi-Latn', NULL, 'baithte,baithti,baithta,baithenge,baithtey,baithte hain,baithte ho,बैठते,बैठती,बैठेंगे,' ||
   'vel,wel,vela,velapatrak,kadhi paryant,kab se kab tak'),
('open', 'mr', NULL, 'सुरू,chalu aahe,उघडतो,उघडते'),
('consultation', 'mr', NULL, 'सल्ला,salla,सल्लामसलत,तपासणी,tapasni,तपासणे,दाखवायला,dakhvayla,check karwana,' ||
   'checkup karwana,checkup karana,dikhwana,dikhwane,dikhana hai,दिखवाना'),
('phone', NULL, NULL, 'फोन,फ़ोन,फोनवर,मोबाइल,mobile'),
('package', NULL, NULL, 'package,packages,पॅकेज,पैकेज,pakej,packege'),
('pregnancy', 'mr', 'gynaecology', 'गरोदर,गरोदरपण,गरोदरपणा,गरोदरपणात,garodar,garodarpan,pregnent,pregnancy care'),
('lactation', 'mr', 'paediatrics', 'स्तनपान,stanpan,स्तनपाना,दूध पाजणे,breast milk,feeding counsellor'),
('admission', 'mr', 'school', 'प्रवेश,pravesh,प्रवेशा,दाखिला,दाखला'),
('eye', 'mr', 'eye care', 'डोळ्या,डोळ्यात,डोळ्यांत,dola,dole,dolyat'),
('evening', 'mr', NULL, 'raatri,ratri,raatri la,रात्री,सायंकाळी'),
('where', 'mr', NULL, 'kuthe aahe,kuthay,kuthla,कुठं,कोठे'),
('holiday', 'hi-Latn', NULL, 'chhuttiyan,chuttiyan,chhuttiya,chuttiya,chhuttiyaan,vacation,vacations,' ||
   'summer vacation,winter vacation,garmi ki chhutti,garmi ki chhuttiyan,sardi ki chhutti,सुट्टी,सुट्ट्या'),
('age', 'hi-Latn', NULL, 'umar,umra,umr,वयोमर्यादा,age limit,age criteria,yrs old,yr old,year old,saal ka,saal ki'),
('activity', NULL, 'school', 'activity,activities,extra curricular,extracurricular,dance,music,art,craft,sports,' ||
   'games,yoga,karate,abacus'),
('cctv', NULL, 'school', 'cctv,camera,cameras,live camera,cctv camera,live feed,watch my child'),
('medicine', NULL, NULL, 'paracetamol,crocin,dolo,calpol,ibuprofen,brufen,combiflam,antibiotic,antibiotics,' ||
   'painkiller,painkillers,pain killer,pain killers,aspirin,ecosprin,metformin,syrup,tablet,tablets,capsule,' ||
   'capsules,goli,goliyan,गोली,गोलियां,दवाइयां,औषधे'),
('permanent', NULL, NULL, 'permanent,permanently,lifelong,for life,forever,hamesha ke liye,hamesha,हमेशा'),
('legal', NULL, NULL, 'court,legal,police,lawyer,kanooni,कोर्ट,अदालत'),
('glaucoma', 'hi-Latn', 'eye care', 'glaucoma,kala motia,kala motiya,kaala motia,काला मोतिया,काचबिंदू,kachbindu'),
('cataract', 'hi-Latn', 'eye care', 'safed motia,safed motiya,motia,motiya,मोतिया'),
('lasik', NULL, 'eye care', 'specs removal,remove specs,remove glasses,remove spectacles,get rid of glasses,' ||
   'get rid of specs,chashma hatana,chashma hatane,chashma hatwana,chashma utarna,laser surgery for eyes,' ||
   'laser for eyes,laser eye surgery,eye laser'),
('spectacles', NULL, 'eye care', 'frame,frames,spectacle frame,chashme ka frame'),
('lens', NULL, 'eye care', 'lense,lences,contact lense,contact lences'),
('echo', NULL, 'cardiology', 'eco,eco test,2d eco,ecco'),
('angiography', NULL, 'cardiology', 'cag,coronary angiography,coronary angiogram,angiogram'),
('iud', NULL, 'gynaecology', 'copper-t,cu-t,cut lagwana,copper t lagwana,multiload'),
('homevisit', 'hi-Latn', NULL, 'ghar aakar,ghar aake,ghar pe aakar,ghar par aakar,ghar aa kar,ghar aa ke,' ||
   'ghar aa sakte,home visit karte,home call,house visit'),
('report', 'hi-Latn', NULL, 'whatsapp pe report,report whatsapp,report bhejoge,reports online'),
('food', 'hi-Latn', NULL, 'khana deta,khana dete,khana milta,nashta,breakfast,lunch box,lunchbox,dabba,डब्बा'),
('counsellor', NULL, NULL, 'counsellor,counselor,counselling,counseling,सल्लागार,salagar,consultant'),
('online', NULL, NULL, 'video call,video consultation,video consult,video par,video pe,वीडियो कॉल,वीडियो,व्हिडिओ कॉल'),
('phone', 'hi', NULL, 'कॉल,कॉल पर,फोन पर'),
('sick', 'hi-Latn', NULL, 'bimari,bimaari,beemari,beemaari,बीमारी,आजार,aajar,aazar,ill,illness,unwell'),
('white', 'hi-Latn', 'dentistry', 'safed,safaid,सफेद,सफ़ेद,whiter'),
('whitening', 'hi-Latn', 'dentistry', 'daant safed,dant safed,daant saaf aur safed,teeth white,white teeth'),
('growth', NULL, 'paediatrics', 'growth check,growth checkup,height weight check,vajan lambai'),
('fee', NULL, NULL, 'rate list,price list,rate card,fee list,charges list'),
('denture', 'hi-Latn', 'dentistry', 'teeth set,daant ka set,dant ka set,dant set,daant set,false teeth,nakli dant,' ||
   'nakli daant,artificial teeth,बत्तीसी'),
('chemical', NULL, NULL, 'chuna,choona,चूना,lime,acid,chemical,chemicals,kemical'),
('into', NULL, NULL, 'went in,went into,gone in,gone into,fell in,fell into,kuch chala gaya,kuch gir gaya,' ||
   'chala gaya,gir gaya,पड़ गया,चला गया,काहीतरी गेले,गेले आहे'),
('age', NULL, NULL, 'yrs,yr'),
('notwant', NULL, NULL, 'don t need,dont need,do not need,no longer need,not required,nahi chahiye ab'),
('reschedule', 'hi-Latn', NULL, 'ki jagah,ke jagah,ke bajaye,ke bajay,की जगह,च्या ऐवजी,aivaji,ऐवजी'),
('status', 'hi-Latn', NULL, 'number aaya,aaya kya,number aa gaya,token aaya,mera token aaya'),
('startmsg', 'hi-Latn', NULL, 'bhejna shuru,shuru karo,shuru kar do,shuru kardo,shuru kijiye,dobara shuru,' ||
   'subscribe me again,subscribe again'),
('cancel', 'hi-Latn', NULL, 'hata do,hata dijiye,hatao,hata dena,hatwa do,remove my appointment,remove my booking,' ||
   'remove the appointment,remove the booking'),
('reschedule', 'mr', NULL, 'हलवता,हलवा,हलवायची,हलवू,halva,halvta,pudhe dhakla'),
('refer', NULL, NULL, 'cousin,cousins,neighbour,neighbours,neighbor,neighbors,padosi,padosan,पड़ोसी,पडोसी,शेजारी,' ||
   'colleague,colleagues,saheli,सहेली,मैत्रीण,मैत्रिणी,मैत्रिणीला,मित्रांना'),
('greet', NULL, NULL, 'gud morning,gud evening,gud evng,good evng,gd evng,gd morning,gud mrng,good mrng,gm sir'),
('complaint', NULL, NULL, 'complaint,complain,complaints,rude,rudely,misbehave,misbehaved,shikayat,shikayat,' ||
   'शिकायत,तक्रार,bad behaviour,bad behavior'),
('myappointment', 'hi-Latn', NULL, 'mere appointment,mere appointments,meri appointments,mere booking,' ||
   'mere bookings,meri bookings,all my appointments,all my bookings,mere saare appointments,' ||
   'meri saari appointments,meri saari bookings'),
-- the doctor's fee is the consultation fee
('consultation fee', NULL, NULL, 'doctor fee,doctor fees,doctor ki fees,doctor ki fee,doctor ka fees,doctor charges,' ||
   'doctor s fee,doctor s fees,dr fee,dr fees,doctor ki fees kitni,डॉक्टर की फीस,डॉक्टर फीस,डॉक्टरांची फी,' ||
   'डॉक्टरची फी,cardiologist fee,cardiologist fees,gynaecologist fees,gynecologist fees,dentist fee,dentist fees,' ||
   'paediatrician fees,pediatrician fees,child specialist fees,eye doctor fees,specialist fee,specialist fees,' ||
   'first consultation,first visit fee,first time fee,pehli baar ki fees'),
('consultation', NULL, NULL, 'first visit,first time visit,pehli baar,pehli bar,पहली बार,दाँत की जाँच,दांत की जांच,' ||
   'daant ki jaanch,dant ki janch,daant ki janch,teeth checkup,dental checkup'),
('treatment', NULL, NULL, 'do you see,does the doctor see,do you treat,does the doctor treat,do you check'),
('open', NULL, NULL, 'open or closed,open or close,khula hai ya band,khula ya band,khuli hai ya band'),
('followup', NULL, NULL, 'same bimari,same problem,same illness,same complaint,usi bimari,usi problem,' ||
   'come back,coming back,come again,visit again,dobara aana,dubara aana,phir se aana,फिर से आना,review visit'),
('parking', NULL, NULL, 'kahan park,kaha park,where to park,where can i park,where do i park,park kahan,' ||
   'gaadi kahan,gadi kahan,गाडी कुठे'),
('medicine', NULL, NULL, 'chemist shop,chemist,medical store,medical shop,dawai ki dukan,दवाई की दुकान,pharmacy'),
('typhoid', NULL, NULL, 'typhoid,tyfoid,taifoid,typhod,टाइफाइड,टायफॉइड'),
('growth consultation', NULL, 'paediatrics', 'growth check up,growth checkup,growth check-up,growth check ups'),
('', NULL, NULL, 'pata chalega,pata chalta,pata lagega,pata chal jayega,pata kar,pata hai'),
('after surgery', NULL, NULL, 'post op,post-op,postop,post operative,post operation,after operation,' ||
   'operation ke baad,surgery ke baad,ऑपरेशन के बाद'),
('timing', 'hi-Latn', 'school', 'kitne baje chhutti,kitne baje chhutta,chhutti kitne baje,chhutti ka time,' ||
   'chutti ka time,kab chhutta,kab chhutti hoti,dismissal time,pick up time,pickup time'),
('daycare', NULL, 'school', 'school ke baad,school ke bad,school nantar,शाळेनंतर'),
('activity', NULL, 'school', 'dance class,dance classes,music class,music classes,art class,art classes'),
('food', 'hi-Latn', NULL, 'kha,khaa,kha sakte,kha sakta,kha sakti,kha ke,kha kar,kha lu,kha lun'),
('blurry', NULL, 'eye care', 'blur,blurred,blurring,blurry,dhundhla,dhundla,dhundhala,धुंधला,धूसर,dhusar'),
('consultation', NULL, NULL, 'check,checking,checked,check karte,check karwana,check karna'),
('potty', NULL, 'school', 'potty trained,toilet trained,potty training,toilet training,diaper,diapers,डायपर'),
('queue', NULL, NULL, 'put my name,put my name down,add my name,write my name,name likh do,naam likh do,' ||
   'naam likhwa do,naam likh lo,नाम लिख दो,नाव लिहा')
) v(c, l, s, t);


-- A complaint is not a request to talk to the staff ("the receptionist was rude"): it weighs fully for intents too.
INSERT INTO kb_weights (word, weight, intent_weight) VALUES ('complaint', 1, 1) ON CONFLICT DO NOTHING;

-- The names an entry's answer mentions belong to the entry: a question that names the clinic's locality, hospital or
-- landmark ("clinic kahan hai aliganj mein", "school bus for sushant lok?") is not a near miss of the entry whose
-- answer names it. Only words no vocabulary knows (not the lexicon, the stop words, kb_words, the intents: names,
-- in practice) and of 4 letters or more; they are also known to typo correction, so a name is never "corrected".
CREATE FUNCTION kb_answer_names(p_doctor uuid, p_answer text) RETURNS text[] LANGUAGE sql STABLE AS $$
    SELECT coalesce(array_agg(DISTINCT w), '{}')
    FROM unnest(kb_raw_words(left(coalesce(p_answer, ''), 2000))) w
    WHERE char_length(w) >= 4 AND w !~ '[0-9]'
      AND NOT EXISTS (SELECT 1 FROM kb_vocab v WHERE v.word IN (w, kb_fold(w))
                        AND (v.doctor_id IS NULL OR v.doctor_id = p_doctor))
      AND NOT EXISTS (SELECT 1 FROM kb_words kw WHERE kw.word IN (w, kb_fold(w)))
      AND NOT EXISTS (SELECT 1 FROM kb_concepts c WHERE c.word = kb_fold(w))
$$;

CREATE OR REPLACE FUNCTION kb_examples_refresh() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    kt text[] := kb_tokens(NEW.doctor_id, replace(coalesce(NEW.keywords, ''), ',', ' '));
    names text[] := kb_answer_names(NEW.doctor_id, NEW.answer);
BEGIN
    kt := kt || ARRAY(SELECT DISTINCT kb_fold(n) FROM unnest(names) n WHERE NOT kb_fold(n) = ANY (kt));
    DELETE FROM kb_examples WHERE entry_id = NEW.id;
    INSERT INTO kb_examples (entry_id, doctor_id, words, tsv, kw, toks, raw, ktoks)
    SELECT NEW.id, NEW.doctor_id, w, to_tsvector('english', w),
           coalesce((SELECT array_agg(kb_words(k)) FROM regexp_split_to_table(lower(coalesce(NEW.keywords, '')),
                     '[\s,;]+') k WHERE length(k) >= 3 AND kb_words(k) <> ''), '{}'),
           kb_tokens(NEW.doctor_id, e), kb_raw_words(e) || kb_raw_words(NEW.keywords) || names, kt
    FROM (SELECT DISTINCT ON (kb_words(e)) kb_words(e) AS w, e
          FROM unnest(array_prepend(NEW.question, NEW.examples)) e ORDER BY kb_words(e), e) x
    WHERE w <> '';
    RETURN NULL;
END
$$;
-- an entry's answer now matters to its tokens: recomputed when it changes too
DROP TRIGGER kb_entries_examples ON kb_entries;
CREATE TRIGGER kb_entries_examples AFTER INSERT OR UPDATE OF question, examples, keywords, answer, doctor_id
    ON kb_entries FOR EACH ROW EXECUTE FUNCTION kb_examples_refresh();

-- More example sentences for the conversations (global rows; a clinic adds its own with its doctor_id).
INSERT INTO kb_intents (intent, lang, example)
SELECT v.intent, v.lang, trim(e) FROM (VALUES
('refer', 'en', 'I want to refer my sister|I want to recommend you to my cousin, send the link|' ||
   'share the link with my family|send me the referral link for my relative'),
('refer', 'hi-Latn', 'bhabhi ko refer karna hai|kisi ko refer karna hai|dusre patient ko refer karna hai|' ||
   'recommend karne ka link bhejo|refer ka link do'),
('refer', 'mr', 'मैत्रिणीला पाठवायचे आहे, लिंक द्या|मित्राला रेफर करायचे आहे|रेफर लिंक पाठवा'),
('cancel', 'en', 'I don''t need the appointment anymore|remove my appointment|please remove my booking'),
('cancel', 'mr', 'उद्याची अपॉइंटमेंट रद्द करा'),
('reschedule', 'hi-Latn', 'booking next week shift kar do|appointment kisi aur din kar do|doosre din ka time de do'),
('book', 'en', 'can I get a slot on saturday|is there a slot this week'),
('book', 'hi-Latn', 'kal doctor ko dikhana hai time milega|slot milega kya'),
('queue_join', 'en', 'I want to come today without an appointment, give me a token|I am walking in, give me a token'),
('queue_status', 'en', 'is it my turn yet|how long do I still have to wait for my token'),
('talk_to_staff', 'hi-Latn', 'doctor se baat karni hai|doctor se urgent baat karni hai'),
('start', 'en', 'subscribe me again|I unsubscribed by mistake, subscribe me again')
) v(intent, lang, ex), unnest(string_to_array(v.ex, '|')) e;

ALTER TABLE kb_synonyms ENABLE TRIGGER kb_synonyms_ins;
ALTER TABLE kb_stopwords ENABLE TRIGGER kb_stopwords_changed;
SELECT kb_vocab_refresh();
UPDATE kb_intents SET example = example;
UPDATE kb_entries SET question = question; -- the entries that exist, with the new lexicon and their answers' names
