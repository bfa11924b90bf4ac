/*
 * Emergency phrases and the emergency answer (wa/emergency.h, libwa). The phrases are substrings of the lowercased
 * text: short enough to match the ways patients write ("seene me dard", "छातीत दुखत"), long enough not to fire on
 * ordinary questions ("विष" alone would match "विषय", subject, so poison is matched as "विषबाधा", "विष प्य...").
 * Erring towards an emergency answer is the safe side: the patient is told to call for help, and the doctor sees
 * the flag.
 */
#include "wa/emergency.h"
#include "wa/text.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "wa/lang.h"
#include "wa/log.h"

typedef struct st_phrase_set_t {
    const char *category;
    const char *const *phrases;
} phrase_set_t;

static const char *const chest_pain[] = {
    "chest pain",       "pain in chest",
    "pain in my chest", "chest is hurting",
    "chest hurts",      "heart attack",

    "seene mein dard",  "sine me dard",
    "sine mein dard",   "seene me dard",
    "seeney me dard",   "chhati me dard",
    "chhati mein dard", "chati me dard",
    "chati mein dard",  "chhaati me dard",
    "dil ka daura",     "सीने में दर्द",
    "छाती में दर्द",       "सीने मे दर्द",
    "छाती मे दर्द",       "दिल का दौरा",
    "छातीत दुखत",        "छातीत दुखणे",
    "छातीत वेदना",       "छातीत कळ",
    "हृदयविकाराचा झटका", NULL,
};
static const char *const breathing[] = {
    "can't breathe",
    "cannot breathe",
    "cant breathe",
    "can not breathe",
    "unable to breathe",
    "difficulty breathing",
    "difficulty in breathing",
    "trouble breathing",
    "breathing difficulty",
    "breathing problem",
    "short of breath",
    "shortness of breath",
    "not breathing",
    "stopped breathing",
    "gasping",
    "choking",
    "saans nahi",
    "sans nahi",
    "saans lene me",
    "saans lene mein",
    "sans lene me",
    "saans nahin",
    "saas nahi",
    "saans phool",
    "sans phool",
    "dam ghut",
    "सांस नहीं",
    "साँस नहीं",
    "सांस लेने में",
    "साँस लेने में",
    "सांस फूल",
    "साँस फूल",
    "दम घुट",
    "श्वास घेता येत नाही",
    "श्वास घेण्यास त्रास",
    "श्वास घ्यायला त्रास",
    "श्वास लागत",
    "दम लागत",
    "धाप लागत",
    NULL,
};
static const char *const bleeding[] = {
    "heavy bleeding",
    "bleeding heavily",
    "bleeding a lot",
    "lot of blood",
    "won't stop bleeding",
    "wont stop bleeding",
    "not stopping bleeding",
    "bleeding won't stop",
    "bleeding not stopping",
    "bahut khoon",
    "khoon beh",
    "khoon bah",
    "khoon nahi ruk",
    "khoon ruk nahi",
    "bahut khun",
    "khun beh",
    "बहुत खून",
    "खून बह",
    "खून नहीं रुक",
    "खून रुक नहीं",
    "खूप रक्त",
    "रक्तस्त्राव",
    "रक्तस्राव",
    "रक्त थांबत नाही",
    NULL,
};
static const char *const stroke[] = {
    "stroke",
    "face drooping",
    "face is drooping",
    "slurred speech",
    "cannot speak",
    "can't speak properly",
    "one side weak",
    "paralysis",
    "paralysed",
    "paralyzed",
    "lakwa",
    "laqwa",
    "muh tedha",
    "munh tedha",
    "लकवा",
    "मुंह टेढ़ा",
    "मुँह टेढ़ा",
    "अर्धांगवायू",
    "पक्षाघात",
    NULL,
};
static const char *const unconscious[] = {
    "unconscious", "fainted", "not responding", "unresponsive", "seizure", "convulsion", "having fits", "getting fits",
    "fits aa",     "mirgi",   "behosh",         "मिर्गी",        "बेहोश",    "बेशुद्ध",       "झटके",         NULL,
};
static const char *const suicide[] = {
    "suicide",           "suicidal",
    "kill myself",       "end my life",
    "want to die",       "self harm",
    "self-harm",         "hurt myself",
    "aatmahatya",        "atmahatya",
    "aatmhatya",         "marna chahta",
    "marna chahti",      "mar jana chahta",
    "mar jana chahti",   "jeena nahi chahta",
    "jeena nahi chahti", "आत्महत्या",
    "मरना चाहता",        "मरना चाहती",
    "जीना नहीं चाहता",    "जीना नहीं चाहती",
    "मरायचे आहे",          "मरायचं आहे",
    "जीव द्यायचा",        NULL,
};
static const char *const poisoning[] = {
    "poison",
    "overdose",
    "swallowed pills",
    "took too many pills",
    "drank phenyl",
    "drank acid",
    "snake bite",
    "snakebite",
    "zeher",
    "zehar",
    "jahar",
    "jeher",
    "zahar",
    "ज़हर",
    "जहर",
    "विषबाधा",
    "विष प्य",
    "विष घेत",
    "साप चावला",
    "सांप ने काट",
    "साँप ने काट",
    NULL,
};

static const phrase_set_t sets[] = {
    {"chest_pain", chest_pain},   {"breathing", breathing}, {"bleeding", bleeding},   {"stroke", stroke},
    {"unconscious", unconscious}, {"suicide", suicide},     {"poisoning", poisoning},
};

const char *wa_emergency_category(size_t i)
{
    return i < sizeof(sets) / sizeof(sets[0]) ? sets[i].category : NULL;
}

/* Words of the phrase lists that need a word boundary on both sides (short, and inside other words otherwise). */
static int needs_word_boundary(const char *phrase)
{
    return strcmp(phrase, "stroke") == 0;
}

static int boundary_ok(const char *hay, const char *at, size_t len)
{
    int before = at == hay || !isalnum((unsigned char)at[-1]);
    int after = !isalnum((unsigned char)at[len]);
    return before && after;
}

const char *wa_emergency_detect(const char *text)
{
    if (text == NULL || *text == '\0')
        return NULL;
    char *low = wa_strdup(text);
    for (char *p = low; *p; p++) /* ASCII letters only: UTF-8 bytes >= 0x80 stay as they are */
        if ((unsigned char)*p < 0x80)
            *p = (char)tolower((unsigned char)*p);
    /* typographic apostrophe (U+2019) to ASCII, so "can’t breathe" matches */
    for (char *p = strstr(low, "\xE2\x80\x99"); p != NULL; p = strstr(p, "\xE2\x80\x99")) {
        *p = '\'';
        memmove(p + 1, p + 3, strlen(p + 3) + 1);
    }
    const char *found = NULL;
    for (size_t i = 0; i < sizeof(sets) / sizeof(sets[0]) && found == NULL; i++) {
        for (const char *const *ph = sets[i].phrases; *ph != NULL && found == NULL; ph++) {
            size_t len = strlen(*ph);
            for (const char *at = strstr(low, *ph); at != NULL; at = strstr(at + 1, *ph)) {
                if (!needs_word_boundary(*ph) || boundary_ok(low, at, len)) {
                    found = sets[i].category;
                    break;
                }
            }
        }
    }
    free(low);
    return found;
}

static const char *builtin_text(const char *lang)
{
    if (lang != NULL && strcmp(lang, WA_LANG_HI) == 0)
        return "यह आपातकालीन स्थिति हो सकती है। कृपया तुरंत {number} पर कॉल करें या नज़दीकी अस्पताल के "
               "आपातकालीन विभाग में जाएँ। यहाँ जवाब का इंतज़ार न करें। डॉक्टर को आपके संदेश की सूचना दे दी गई है। "
               "- {clinic}";
    if (lang != NULL && strcmp(lang, WA_LANG_MR) == 0)
        return "ही वैद्यकीय आणीबाणी असू शकते. कृपया लगेच {number} वर कॉल करा किंवा जवळच्या रुग्णालयाच्या "
               "आपत्कालीन विभागात जा. इथे उत्तराची वाट पाहू नका. डॉक्टरांना तुमच्या संदेशाची माहिती दिली आहे. "
               "- {clinic}";
    if (lang != NULL && strcmp(lang, WA_LANG_HI_LATN) == 0)
        return "Yeh emergency ho sakti hai. Kripya turant {number} par call karein ya sabse nazdeeki hospital ke "
               "emergency vibhag mein jaayein. Yahan jawab ka intezaar na karein. Doctor ko aapke message ki "
               "jaankari de di gayi hai. - {clinic}";
    return "This may be a medical emergency. Please call {number} now or go to the nearest hospital emergency "
           "department immediately. Do not wait for a reply here. The doctor has been told about your message. "
           "- {clinic}";
}

char *wa_emergency_text(const char *clinic_text, const char *configured, const char *lang, const char *number,
                        const char *clinic_name)
{
    const char *tmpl = clinic_text != NULL && *clinic_text != '\0' ? clinic_text
                       : configured != NULL && *configured != '\0' ? configured
                                                                   : builtin_text(lang);
    const char *num = number != NULL && *number != '\0' ? number : WA_EMERGENCY_NUMBER_DEFAULT;
    const char *name = clinic_name != NULL && *clinic_name != '\0' ? clinic_name : "the clinic";
    char *a = wa_str_replace_all(tmpl, "{number}", num);
    char *b = wa_str_replace_all(a, "{clinic}", name);
    free(a);
    if (strstr(b, num) != NULL)
        return b;
    size_t n = strlen(b) + strlen(num) + 32;
    char *out = wa_malloc(n);
    snprintf(out, n, "%s\nEmergency: %s", b, num);
    free(b);
    return out;
}
