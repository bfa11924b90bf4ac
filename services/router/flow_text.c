/*
 * The pure helpers of the clinic conversations (see flow_text.h): intent keywords and the kinds of the recognised
 * intent labels, interactive message JSON with
 * WhatsApp's limits applied, and the English and Hindi texts.
 */
#include "flow_text.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "wa/clinic.h"
#include "wa/lang.h"
#include "wa/log.h"
#include "wa/text.h"

#include <cjson/cJSON.h>

#include "text.h"

/* Whole-message keywords, normalised (rt_text_normalize). */
static const char *const menu_words[] = {"menu", "main menu", "मेनू", "नमस्ते", "नमस्कार", "start over", NULL};
static const char *const book_words[] = {"book",
                                         "book appointment",
                                         "book an appointment",
                                         "appointment",
                                         "new appointment",
                                         "अपॉइंटमेंट",
                                         "अपॉइंटमेंट बुक करें",
                                         "बुक करें",
                                         "appointment book karna hai",
                                         NULL};
static const char *const my_words[] = {"my appointment", "my appointments", "my booking",
                                       "मेरा अपॉइंटमेंट",    "मेरी अपॉइंटमेंट",     NULL};
static const char *const join_words[] = {"queue", "token", "join queue", "get token", "कतार", "टोकन", "लाइन", NULL};
static const char *const status_words[] = {"status", "queue status", "my token", "स्थिति", "कतार की स्थिति", NULL};
static const char *const refer_words[] = {"refer", "refer a friend", "referral", "referral code", "रेफर", "रेफ़र", NULL};
static const char *const handoff_words[] = {
    "talk to doctor", "talk to the doctor", "speak to doctor",    "staff",          "human",
    "talk to staff",  "डॉक्टर से बात",        "डॉक्टर से बात करनी है", "doctor se baat", NULL};

static int in(const char *const *list, const char *w)
{
    for (; *list != NULL; list++)
        if (strcmp(*list, w) == 0)
            return 1;
    return 0;
}

/* "prefix:<arg>" ids: copies the arg (non-empty, printable ASCII) and returns 1. */
static int id_arg(const char *id, const char *prefix, char *arg, size_t argsz)
{
    size_t n = strlen(prefix), len;
    if (strncmp(id, prefix, n) != 0)
        return 0;
    len = strlen(id + n);
    if (len == 0 || len >= argsz)
        return 0;
    for (size_t i = 0; i < len; i++)
        if (id[n + i] <= ' ' || id[n + i] > '~')
            return 0;
    memcpy(arg, id + n, len + 1);
    return 1;
}

static int all_digits(const char *s)
{
    if (*s == '\0')
        return 0;
    for (; *s != '\0'; s++)
        if (*s < '0' || *s > '9')
            return 0;
    return 1;
}

static int is_date(const char *s)
{
    return strlen(s) == 10 && s[4] == '-' && s[7] == '-' && s[0] >= '0' && s[0] <= '9' && s[5] >= '0' && s[5] <= '9' &&
           s[8] >= '0' && s[8] <= '9';
}

static int is_uuid(const char *s)
{
    if (strlen(s) != 36)
        return 0;
    for (int i = 0; i < 36; i++) {
        char ch = s[i];
        if (i == 8 || i == 13 || i == 18 || i == 23) {
            if (ch != '-')
                return 0;
        } else if (!((ch >= '0' && ch <= '9') || (ch >= 'a' && ch <= 'f') || (ch >= 'A' && ch <= 'F'))) {
            return 0;
        }
    }
    return 1;
}

fl_intent_t fl_intent(const char *reply_id, const char *text, int greeting)
{
    fl_intent_t r;
    char norm[256];

    memset(&r, 0, sizeof(r));
    if (reply_id != NULL && reply_id[0] != '\0') {
        static const struct {
            const char *id;
            fl_intent_kind_t kind;
        } fixed[] = {{"menu", FL_MENU},       {"menu:book", FL_BOOK},        {"menu:queue", FL_QUEUE_STATUS},
                     {"menu:ask", FL_ASK},    {"queue:join", FL_QUEUE_JOIN}, {"menu:my", FL_MY_APPT},
                     {"book:other", FL_BOOK}, {"handoff", FL_HANDOFF}};
        for (size_t i = 0; i < sizeof(fixed) / sizeof(fixed[0]); i++)
            if (strcmp(reply_id, fixed[i].id) == 0) {
                r.kind = fixed[i].kind;
                return r;
            }
        if (id_arg(reply_id, "day:", r.arg, sizeof(r.arg)) && is_date(r.arg))
            r.kind = FL_DAY;
        else if (id_arg(reply_id, "slot:", r.arg, sizeof(r.arg)) && all_digits(r.arg))
            r.kind = FL_SLOT;
        else if (id_arg(reply_id, "confirm:", r.arg, sizeof(r.arg)) && all_digits(r.arg))
            r.kind = FL_CONFIRM;
        else if (id_arg(reply_id, "cancel:", r.arg, sizeof(r.arg)) && is_uuid(r.arg))
            r.kind = FL_CANCEL;
        else if (id_arg(reply_id, "resched:", r.arg, sizeof(r.arg)) && is_uuid(r.arg))
            r.kind = FL_RESCHEDULE;
        else
            r.arg[0] = '\0';
        if (r.kind != FL_NONE)
            return r;
        /* an id we do not know (another bot's, an old message): treat the title as text */
    }
    if (text == NULL || strlen(text) >= sizeof(norm) || rt_text_normalize(text, norm, sizeof(norm)) == 0)
        return r;
    if (greeting || in(menu_words, norm))
        r.kind = FL_MENU;
    else if (in(book_words, norm))
        r.kind = FL_BOOK;
    else if (in(my_words, norm))
        r.kind = FL_MY_APPT;
    else if (in(join_words, norm))
        r.kind = FL_QUEUE_JOIN;
    else if (in(status_words, norm))
        r.kind = FL_QUEUE_STATUS;
    else if (in(handoff_words, norm))
        r.kind = FL_HANDOFF;
    else if (in(refer_words, norm))
        r.kind = FL_REFER;
    else if (fl_parse_when(text, r.arg, sizeof(r.arg)))
        r.kind = FL_BOOK_AT;
    return r;
}

fl_intent_kind_t fl_intent_of_label(const char *label)
{
    static const struct {
        const char *label;
        fl_intent_kind_t kind;
    } map[] = {{"greeting", FL_MENU},          {"book", FL_BOOK},
               {"my_appointment", FL_MY_APPT}, {"cancel", FL_MY_APPT},
               {"reschedule", FL_MY_APPT},     {"queue_join", FL_QUEUE_JOIN},
               {"queue_status", FL_QUEUE_STATUS}, {"talk_to_staff", FL_HANDOFF},
               {"refer", FL_REFER},            {"stop", FL_OPT_OUT},
               {"start", FL_OPT_IN}};
    if (label == NULL)
        return FL_NONE;
    for (size_t i = 0; i < sizeof(map) / sizeof(map[0]); i++)
        if (strcmp(label, map[i].label) == 0)
            return map[i].kind;
    return FL_NONE;
}

const char *fl_lang_of(const char *text)
{
    const char *lang = wa_lang_detect(text, NULL);
    if (lang == NULL)
        return NULL;
    return wa_lang_is_devanagari(lang) ? "hi" : "en";
}

static void check(const void *p)
{
    if (p == NULL)
        wa_fatal("out of memory");
}

static char *finish(cJSON *root)
{
    char *s = cJSON_PrintUnformatted(root);
    char *copy;
    check(s);
    copy = wa_strdup(s);
    cJSON_free(s);
    cJSON_Delete(root);
    return copy;
}

static cJSON *interactive(const char *type, const char *body, cJSON **action)
{
    char cut[1100];
    cJSON *root = cJSON_CreateObject(), *ia, *b;
    check(root);
    check(cJSON_AddStringToObject(root, "type", "interactive"));
    check(ia = cJSON_AddObjectToObject(root, "interactive"));
    check(cJSON_AddStringToObject(ia, "type", type));
    check(b = cJSON_AddObjectToObject(ia, "body"));
    wa_utf8_cut(body, 1024, cut, sizeof(cut));
    check(cJSON_AddStringToObject(b, "text", cut));
    check(*action = cJSON_AddObjectToObject(ia, "action"));
    return root;
}

char *fl_buttons_json(const char *body, const fl_choice_t *c, size_t n)
{
    cJSON *action, *root = interactive("button", body, &action), *buttons;
    check(buttons = cJSON_AddArrayToObject(action, "buttons"));
    for (size_t i = 0; i < n && i < 3; i++) {
        char title[100];
        cJSON *b = cJSON_CreateObject(), *reply;
        check(b);
        cJSON_AddItemToArray(buttons, b);
        check(cJSON_AddStringToObject(b, "type", "reply"));
        check(reply = cJSON_AddObjectToObject(b, "reply"));
        check(cJSON_AddStringToObject(reply, "id", c[i].id));
        wa_utf8_cut(c[i].title, 20, title, sizeof(title));
        check(cJSON_AddStringToObject(reply, "title", title));
    }
    return finish(root);
}

char *fl_list_json(const char *body, const char *button, const char *section, const fl_choice_t *c, size_t n)
{
    char cut[300];
    cJSON *action, *root = interactive("list", body, &action), *sections, *sec, *rows;
    wa_utf8_cut(button, 20, cut, sizeof(cut));
    check(cJSON_AddStringToObject(action, "button", cut));
    check(sections = cJSON_AddArrayToObject(action, "sections"));
    check(sec = cJSON_CreateObject());
    cJSON_AddItemToArray(sections, sec);
    wa_utf8_cut(section, 24, cut, sizeof(cut));
    check(cJSON_AddStringToObject(sec, "title", cut));
    check(rows = cJSON_AddArrayToObject(sec, "rows"));
    for (size_t i = 0; i < n && i < 10; i++) {
        cJSON *row = cJSON_CreateObject();
        check(row);
        cJSON_AddItemToArray(rows, row);
        check(cJSON_AddStringToObject(row, "id", c[i].id));
        wa_utf8_cut(c[i].title, 24, cut, sizeof(cut));
        check(cJSON_AddStringToObject(row, "title", cut));
        if (c[i].description != NULL && c[i].description[0] != '\0') {
            wa_utf8_cut(c[i].description, 72, cut, sizeof(cut));
            check(cJSON_AddStringToObject(row, "description", cut));
        }
    }
    return finish(root);
}

void fl_day_title(const char *lang, int isodow, int mday, int month, char *out, size_t outsz)
{
    wa_clinic_day_title(lang, isodow, mday, month, out, outsz);
}

static const char *const en_texts[FL_T__COUNT] = {
    [FL_T_WELCOME] = "Welcome to %s! How can we help you today?",
    [FL_T_BTN_BOOK] = "Book appointment",
    [FL_T_BTN_QUEUE] = "Queue status",
    [FL_T_BTN_ASK] = "Ask a question",
    [FL_T_ASK] = "Please type your question and we will answer right away.",
    [FL_T_PICK_DAY] = "Please choose a day for your appointment.",
    [FL_T_BTN_DAYS] = "Choose a day",
    [FL_T_NO_DAYS] = "Sorry, there are no free appointments in the coming days. Please try again later.",
    [FL_T_PICK_SLOT] = "Free times on %s. Please choose one.",
    [FL_T_BTN_SLOTS] = "Choose a time",
    [FL_T_NO_SLOTS] = "Sorry, %s is fully booked now. Send \"book\" to choose another day.",
    [FL_T_CONFIRM_Q] = "Book your appointment on %s?",
    [FL_T_BTN_CONFIRM] = "Confirm",
    [FL_T_BTN_OTHER] = "Another time",
    [FL_T_BOOKED] = WA_CLINIC_T_BOOKED_EN,
    [FL_T_TAKEN] = "Sorry, that time was just taken. These are the next free times:",
    [FL_T_ALREADY] = "You already have an appointment on %s.",
    [FL_T_NO_APPT] = "You have no upcoming appointment. Send \"book\" to book one.",
    [FL_T_MY_APPT] = "Your upcoming appointments:\n%s",
    [FL_T_BTN_CANCEL] = "Cancel",
    [FL_T_BTN_RESCHEDULE] = "Reschedule",
    [FL_T_CANCELLED] = "Your appointment on %s is cancelled.",
    [FL_T_NOT_FOUND] = "That appointment is no longer booked.",
    [FL_T_QUEUE_JOINED] = "You joined today's queue. Your token number is %s. Patients before you: %s. Estimated "
                          "wait: about %s minutes. Send \"status\" to see your position.",
    [FL_T_QUEUE_HAVE] = "Your token number is %s. Patients before you: %s. Estimated wait: about %s minutes.",
    [FL_T_QUEUE_CALLED] = "Token %s: it is your turn now. Please come in.",
    [FL_T_QUEUE_DONE] = "Token %s: your turn has passed today. Please talk to the reception.",
    [FL_T_QUEUE_NONE] = "You are not in today's queue. Tap \"Join queue\" to get a token.",
    [FL_T_BTN_JOIN] = "Join queue",
    [FL_T_NOT_FREE] = "That time is not available. The nearest free times:",
    [FL_T_QUEUE_CLOSED] = "Sorry, the queue is closed for today. Send \"book\" to book an appointment.",
    [FL_T_HANDOFF] = "We have told the staff of %s. Someone will answer you here soon.",
    [FL_T_REFER] = "Your referral code is %s. Share this link with family and friends: %s",
    [FL_T_REFER_THANKS] = "Thank you for recommending %s! Someone you referred has just contacted us.",
    [FL_T_REMIND] = "Reminder: your appointment at %s is on %s. Address: %s.",
    [FL_T_LIMIT] = "You already have %s upcoming appointments, the most one patient can book. To book another, "
                   "cancel or reschedule one first: send \"my appointment\".",
};

static const char *const hi_texts[FL_T__COUNT] = {
    [FL_T_WELCOME] = "%s में आपका स्वागत है! हम आपकी क्या मदद कर सकते हैं?",
    [FL_T_BTN_BOOK] = "अपॉइंटमेंट बुक करें",
    [FL_T_BTN_QUEUE] = "कतार की स्थिति",
    [FL_T_BTN_ASK] = "सवाल पूछें",
    [FL_T_ASK] = "कृपया अपना सवाल लिखें, हम तुरंत जवाब देंगे।",
    [FL_T_PICK_DAY] = "कृपया अपॉइंटमेंट के लिए दिन चुनें।",
    [FL_T_BTN_DAYS] = "दिन चुनें",
    [FL_T_NO_DAYS] = "माफ़ कीजिए, आने वाले दिनों में कोई अपॉइंटमेंट खाली नहीं है। कृपया बाद में कोशिश करें।",
    [FL_T_PICK_SLOT] = "%s को खाली समय। कृपया एक चुनें।",
    [FL_T_BTN_SLOTS] = "समय चुनें",
    [FL_T_NO_SLOTS] = "माफ़ कीजिए, %s अब पूरा भर गया है। दूसरा दिन चुनने के लिए \"अपॉइंटमेंट\" भेजें।",
    [FL_T_CONFIRM_Q] = "क्या %s का अपॉइंटमेंट बुक करें?",
    [FL_T_BTN_CONFIRM] = "पक्का करें",
    [FL_T_BTN_OTHER] = "दूसरा समय",
    [FL_T_BOOKED] = WA_CLINIC_T_BOOKED_HI,
    [FL_T_TAKEN] = "माफ़ कीजिए, यह समय अभी किसी और ने ले लिया। अगले खाली समय ये हैं:",
    [FL_T_ALREADY] = "आपका %s का अपॉइंटमेंट पहले से है।",
    [FL_T_NO_APPT] = "आपका कोई आने वाला अपॉइंटमेंट नहीं है। बुक करने के लिए \"अपॉइंटमेंट\" भेजें।",
    [FL_T_MY_APPT] = "आपके आने वाले अपॉइंटमेंट:\n%s",
    [FL_T_BTN_CANCEL] = "रद्द करें",
    [FL_T_BTN_RESCHEDULE] = "समय बदलें",
    [FL_T_CANCELLED] = "आपका %s का अपॉइंटमेंट रद्द कर दिया गया है।",
    [FL_T_NOT_FOUND] = "यह अपॉइंटमेंट अब बुक नहीं है।",
    [FL_T_QUEUE_JOINED] = "आप आज की कतार में जुड़ गए। आपका टोकन नंबर %s है। आपसे पहले मरीज़: %s। अनुमानित "
                          "इंतज़ार: लगभग %s मिनट। अपनी जगह जानने के लिए \"स्थिति\" भेजें।",
    [FL_T_QUEUE_HAVE] = "आपका टोकन नंबर %s है। आपसे पहले मरीज़: %s। अनुमानित इंतज़ार: लगभग %s मिनट।",
    [FL_T_QUEUE_CALLED] = "टोकन %s: अब आपकी बारी है। कृपया अंदर आइए।",
    [FL_T_QUEUE_DONE] = "टोकन %s: आज आपकी बारी निकल चुकी है। कृपया रिसेप्शन से बात करें।",
    [FL_T_QUEUE_NONE] = "आप आज की कतार में नहीं हैं। टोकन के लिए \"कतार में जुड़ें\" दबाएँ।",
    [FL_T_BTN_JOIN] = "कतार में जुड़ें",
    [FL_T_NOT_FREE] = "यह समय खाली नहीं है। सबसे नज़दीक खाली समय:",
    [FL_T_QUEUE_CLOSED] = "माफ़ कीजिए, आज की कतार बंद हो गई है। अपॉइंटमेंट के लिए \"अपॉइंटमेंट\" भेजें।",
    [FL_T_HANDOFF] = "हमने %s के स्टाफ़ को बता दिया है। जल्द ही कोई यहाँ आपको जवाब देगा।",
    [FL_T_REFER] = "आपका रेफ़रल कोड %s है। यह लिंक परिवार और दोस्तों को भेजें: %s",
    [FL_T_REFER_THANKS] = "%s की सिफ़ारिश करने के लिए धन्यवाद! आपके भेजे एक व्यक्ति ने अभी हमसे संपर्क किया है।",
    [FL_T_REMIND] = "याद दिलाना: %s में आपका अपॉइंटमेंट %s को है। पता: %s।",
    [FL_T_LIMIT] = "आपके पहले से %s आने वाले अपॉइंटमेंट हैं, एक मरीज़ इससे ज़्यादा बुक नहीं कर सकता। नया बुक करने के "
                   "लिए पहले एक रद्द करें या उसका समय बदलें: \"मेरा अपॉइंटमेंट\" भेजें।",
};

const char *fl_text(const char *lang, fl_text_t t)
{
    if ((int)t < 0 || t >= FL_T__COUNT)
        return "";
    if (lang != NULL && strcmp(lang, "hi") == 0 && hi_texts[t] != NULL)
        return hi_texts[t];
    return en_texts[t] != NULL ? en_texts[t] : "";
}

char *fl_render(const char *lang, fl_text_t t, const char *a1, const char *a2, const char *a3)
{
    const char *args[3] = {a1, a2, a3};
    return wa_clinic_render(fl_text(lang, t), args, 3);
}

static int alnum(char ch)
{
    return (ch >= '0' && ch <= '9') || (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z');
}

int fl_referral_find(const char *text, char *out, size_t outsz)
{
    if (text == NULL || outsz < 11)
        return 0;
    for (const char *p = text; *p != '\0'; p++) {
        int ok = (p == text || !alnum(p[-1])) && (p[0] == 'R' || p[0] == 'r') && (p[1] == 'E' || p[1] == 'e') &&
                 (p[2] == 'F' || p[2] == 'f') && p[3] == '-';
        for (int i = 0; ok && i < 6; i++)
            ok = alnum(p[4 + i]);
        if (!ok || alnum(p[10]))
            continue;
        for (int i = 0; i < 10; i++)
            out[i] = (p[i] >= 'a' && p[i] <= 'z') ? (char)(p[i] - 'a' + 'A') : p[i];
        out[10] = '\0';
        return 1;
    }
    return 0;
}

char *fl_referral_link(const char *doctor_digits, const char *code)
{
    char msg[128], *out;
    size_t len = 0, cap;
    static const char hex[] = "0123456789ABCDEF";

    snprintf(msg, sizeof(msg), "Hi, I was referred by code %s", code);
    cap = strlen("https://wa.me/") + strlen(doctor_digits) + strlen("?text=") + 3 * strlen(msg) + 1;
    out = wa_malloc(cap);
    len = (size_t)snprintf(out, cap, "https://wa.me/%s?text=", doctor_digits);
    for (const char *p = msg; *p != '\0'; p++) {
        if (alnum(*p) || *p == '-' || *p == '.' || *p == '_' || *p == '~') {
            out[len++] = *p;
        } else {
            out[len++] = '%';
            out[len++] = hex[(unsigned char)*p >> 4];
            out[len++] = hex[(unsigned char)*p & 15];
        }
    }
    out[len] = '\0';
    return out;
}

static const char *const when_filler[] = {
    "book", "booking", "appointment", "an",      "a",     "for",    "at", "on",   "please", "pls", "i",
    "want", "need",    "to",          "me",      "slot",  "around", "by", "o",    "clock",  "बुक",  "करें",
    "करो",  "करना",    "है",           "अपॉइंटमेंट", "चाहिए", "का",     "को", "के",    "लिए",    "में",   "बजे",
    "baje", "karna",   "hai",         "chahiye", "ka",    "ko",     "ke", "liye", "mujhe",  "मुझे",  NULL};
static const char *const morning_words[] = {"morning", "सुबह", "subah", "subha", NULL};
static const char *const pm_words[] = {"afternoon", "evening", "night", "दोपहर", "शाम", "रात",
                                       "dopahar",   "shaam",   "sham",  "raat",  NULL};
static const char *const weekdays[] = {"monday", "tuesday",  "wednesday", "thursday",
                                       "friday", "saturday", "sunday",    NULL};
static const char *const weekdays_hi[] = {"सोमवार", "मंगलवार", "बुधवार", "गुरुवार", "शुक्रवार", "शनिवार", "रविवार", NULL};

/* "5", "17", "5pm", "5am": the hour (0..23 as written) and any am/pm suffix (1 am, 2 pm). -1 when not a time. */
static int hour_token(const char *w, int *ampm)
{
    int h = 0, n = 0;
    while (w[n] >= '0' && w[n] <= '9' && n < 3)
        h = h * 10 + (w[n++] - '0');
    if (n == 0 || n > 2 || h > 23)
        return -1;
    *ampm = 0;
    if (w[n] == '\0')
        return h;
    if (strcmp(w + n, "am") == 0 || strcmp(w + n, "pm") == 0) {
        *ampm = w[n] == 'a' ? 1 : 2;
        return h;
    }
    return -1;
}

int fl_parse_when(const char *text, char *arg, size_t argsz)
{
    char norm[256], *save = NULL, *w;
    int day = 0, hour = -1, minute = 0, ampm = 0, part = 0, words = 0, expect_minutes = 0, context = 0;

    if (text == NULL || strlen(text) >= sizeof(norm) || rt_text_normalize(text, norm, sizeof(norm)) == 0)
        return 0;
    for (w = strtok_r(norm, " ", &save); w != NULL; w = strtok_r(NULL, " ", &save)) {
        int a = 0, h;
        if (++words > 12)
            return 0;
        if (expect_minutes) { /* "5:30" was split into "5" "30" (or "30pm") */
            expect_minutes = 0;
            if ((w[0] >= '0' && w[0] <= '5') && (w[1] >= '0' && w[1] <= '9')) {
                minute = (w[0] - '0') * 10 + (w[1] - '0');
                if (strcmp(w + 2, "am") == 0)
                    ampm = 1, context = 1;
                else if (strcmp(w + 2, "pm") == 0)
                    ampm = 2, context = 1;
                else if (w[2] != '\0')
                    return 0;
                continue;
            }
        }
        if (in(when_filler, w)) {
            context |= strcmp(w, "book") == 0 || strcmp(w, "appointment") == 0 || strcmp(w, "बुक") == 0 ||
                       strcmp(w, "अपॉइंटमेंट") == 0 || strcmp(w, "बजे") == 0 || strcmp(w, "baje") == 0;
            continue;
        }
        if (hour_token(w, &a) < 0)
            context = 1; /* a day, a part of the day, am/pm, a weekday (anything else returns below) */
        if (strcmp(w, "today") == 0 || strcmp(w, "aaj") == 0 || strcmp(w, "आज") == 0) {
            day = 0;
        } else if (strcmp(w, "tomorrow") == 0 || strcmp(w, "kal") == 0 || strcmp(w, "कल") == 0) {
            day = day == 2 ? 2 : 1;
        } else if (strcmp(w, "परसों") == 0 || strcmp(w, "parso") == 0 || strcmp(w, "parson") == 0) {
            day = 2;
        } else if (strcmp(w, "day") == 0 || strcmp(w, "after") == 0) {
            day = 2; /* "day after tomorrow" (tomorrow keeps it) */
        } else if (strcmp(w, "am") == 0 || strcmp(w, "pm") == 0) {
            if (hour < 0)
                return 0;
            ampm = w[0] == 'a' ? 1 : 2;
        } else if (in(morning_words, w)) {
            part = 1;
        } else if (in(pm_words, w)) {
            part = 2;
        } else if ((h = hour_token(w, &a)) >= 0) {
            if (hour >= 0)
                return 0; /* two times */
            context |= a != 0;
            hour = h;
            if (a != 0)
                ampm = a;
            else
                expect_minutes = 1;
        } else {
            int found = 0;
            for (int i = 0; weekdays[i] != NULL; i++)
                if (strcmp(w, weekdays[i]) == 0 || strcmp(w, weekdays_hi[i]) == 0 ||
                    (strlen(w) == 3 && strncmp(w, weekdays[i], 3) == 0)) {
                    day = -(i + 1);
                    found = 1;
                }
            if (!found)
                return 0; /* anything else: not a booking request */
        }
    }
    if (hour < 0 || !context)
        return 0; /* a bare number is not a booking request */
    if (ampm == 0)
        ampm = part != 0 ? part : 0;
    if (ampm == 2 && hour < 12)
        hour += 12;
    else if (ampm == 1 && hour == 12)
        hour = 0;
    else if (ampm == 0 && hour >= 1 && hour <= 7)
        hour += 12; /* "5" at a clinic is 5 pm */
    if (hour > 23)
        return 0;
    snprintf(arg, argsz, "%d:%d", day, hour * 60 + minute);
    return 1;
}
