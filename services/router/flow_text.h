/*
 * The pure part of the clinic conversations (issue 8): what a patient's message asks for (fl_intent: a button or
 * list reply's id, else a few whole-message keywords in English, Hinglish and Hindi), the Graph API interactive
 * message objects (reply buttons and lists, API_REFERENCE.md A.4.6) with their length limits applied, and the
 * texts in English and Hindi. No I/O; unit-tested in tests/unit/test_flow_text.c. flow.c and its siblings do the
 * PostgreSQL and Redis work.
 */
#ifndef fl__flow_text_h
#define fl__flow_text_h

#include <stddef.h>

typedef enum en_fl_intent_kind_t {
    FL_NONE = 0,     /* not for the flows: greeting, knowledge base, ai as usual */
    FL_MENU,         /* hi / menu / नमस्ते: the welcome with buttons */
    FL_ASK,          /* the "Ask a question" button */
    FL_BOOK,         /* start booking: the day list */
    FL_DAY,          /* a day picked: arg = YYYY-MM-DD */
    FL_SLOT,         /* a slot picked: arg = unix seconds */
    FL_CONFIRM,      /* booking confirmed: arg = unix seconds */
    FL_MY_APPT,      /* "my appointment" */
    FL_CANCEL,       /* cancel: arg = appointment uuid */
    FL_RESCHEDULE,   /* reschedule: arg = appointment uuid */
    FL_QUEUE_JOIN,   /* "queue" / "token" / the Join button */
    FL_QUEUE_STATUS, /* "status" / the Queue status button */
    FL_HANDOFF,      /* "talk to doctor" / "staff" / "डॉक्टर से बात" */
    FL_REFER,        /* "refer" */
    FL_BOOK_AT, /* free-text booking ("book tomorrow 5pm", "कल शाम 5 बजे"): arg = "<day>:<minutes>", day >= 0 a
                   number of days from today, -1..-7 the next Monday..Sunday (today included) */
    FL_OPT_OUT, /* a sentence asking to stop messages ("please don't send me messages"); the keywords are route.c's */
    FL_OPT_IN   /* a sentence asking for messages again */
} fl_intent_kind_t;

typedef struct st_fl_intent_t {
    fl_intent_kind_t kind;
    char arg[64];
} fl_intent_t;

/* What the message asks for: `reply_id` (a button_reply/list_reply id, may be NULL) wins, else `text` as a whole
 * message keyword. Unknown ids and texts give FL_NONE. `greeting` says whether the router thinks the text is a
 * greeting (rt_text_is_greeting), which opens the menu. */
fl_intent_t fl_intent(const char *reply_id, const char *text, int greeting);

/* The kind for an intent label of kb_intent_choose() (008_understanding.sql): greeting -> FL_MENU, book ->
 * FL_BOOK, my_appointment, cancel and reschedule -> FL_MY_APPT (the list of appointments with their Cancel and
 * Reschedule buttons: a sentence names no appointment), queue_join, queue_status, talk_to_staff -> FL_HANDOFF,
 * refer, stop -> FL_OPT_OUT, start -> FL_OPT_IN; NULL or anything else FL_NONE. */
fl_intent_kind_t fl_intent_of_label(const char *label);

/* A free-text booking request: every word is a booking word ("book", "appointment", "for", "please", "बुक",
 * "चाहिए" ...), a day ("today", "tomorrow", "day after tomorrow", a weekday, "आज", "कल", "परसों", "kal" ...), a part
 * of the day ("morning", "evening", "सुबह", "शाम" ...) or a time ("5pm", "5:30 pm", "17:00", "5 बजे"), with a time
 * among them. Hours without am/pm or a part of the day are read as clinic hours (8..11 morning, 12..7 afternoon
 * and evening). Writes "<day>:<minutes after midnight>" (see FL_BOOK_AT) into arg and returns 1, else 0. */
int fl_parse_when(const char *text, char *arg, size_t argsz);

/* The flows' text language for text (they have Hindi and English texts): "hi" when wa_lang_detect finds a
 * Devanagari language (Hindi or Marathi), "en" for a Latin one, NULL when the text has no letters (keep the
 * conversation's). Static string. */
const char *fl_lang_of(const char *text);

/* Finds a referral code ("REF-" and 6 letters or digits, any case, as a word) in text: writes it upper-cased into
 * out (at least 11 bytes) and returns 1, else 0. */
int fl_referral_find(const char *text, char *out, size_t outsz);

/* The wa.me link that opens a chat with `doctor_digits` with the referral message prefilled (URL-encoded): "Hi, I
 * was referred by code REF-XXXXXX". Caller frees. */
char *fl_referral_link(const char *doctor_digits, const char *code);

/* One button or list row. */
typedef struct st_fl_choice_t {
    const char *id;
    const char *title;
    const char *description; /* list rows only; may be NULL */
} fl_choice_t;

/* {"type":"interactive","interactive":{"type":"button","body":{"text":..},"action":{"buttons":[..]}}}: at most 3
 * buttons, titles cut to 20 characters (UTF-8 aware), body to 1024. Caller frees. */
char *fl_buttons_json(const char *body, const fl_choice_t *c, size_t n);

/* A list: one section, at most 10 rows, row titles cut to 24 characters, descriptions to 72, the list button to
 * 20. Caller frees. */
char *fl_list_json(const char *body, const char *button, const char *section, const fl_choice_t *c, size_t n);

/* A day title "Mon 23 Nov" / "सोम 23 Nov" from the ISO day of week (1..7), day of month and month (1..12). */
void fl_day_title(const char *lang, int isodow, int mday, int month, char *out, size_t outsz);

/* The texts. `lang` is "hi" or anything else (English). */
typedef enum en_fl_text_t {
    FL_T_WELCOME, /* %s = clinic */
    FL_T_BTN_BOOK,
    FL_T_BTN_QUEUE,
    FL_T_BTN_ASK,
    FL_T_ASK,
    FL_T_PICK_DAY,
    FL_T_BTN_DAYS,
    FL_T_NO_DAYS,
    FL_T_PICK_SLOT, /* %s = day */
    FL_T_BTN_SLOTS,
    FL_T_NO_SLOTS,  /* %s = day */
    FL_T_CONFIRM_Q, /* %s = when */
    FL_T_BTN_CONFIRM,
    FL_T_BTN_OTHER,
    FL_T_BOOKED,  /* %s = clinic, %s = when, %s = address */
    FL_T_TAKEN,   /* the slot was taken meanwhile: next slots */
    FL_T_ALREADY, /* %s = when */
    FL_T_NO_APPT,
    FL_T_MY_APPT, /* %s = list of appointments */
    FL_T_BTN_CANCEL,
    FL_T_BTN_RESCHEDULE,
    FL_T_CANCELLED, /* %s = when */
    FL_T_NOT_FOUND,
    FL_T_QUEUE_JOINED, /* %s token, %s ahead, %s minutes */
    FL_T_QUEUE_HAVE,   /* %s token, %s ahead, %s minutes */
    FL_T_QUEUE_CALLED, /* %s token */
    FL_T_QUEUE_DONE,   /* %s token */
    FL_T_QUEUE_NONE,
    FL_T_BTN_JOIN,
    FL_T_QUEUE_CLOSED,
    FL_T_NOT_FREE,
    FL_T_HANDOFF,      /* %s = clinic */
    FL_T_REFER,        /* %s = code, %s = link */
    FL_T_REFER_THANKS, /* %s = clinic */
    FL_T_REMIND,       /* %s = clinic, %s = when, %s = address */
    FL_T_LIMIT,        /* %s = the patient's upcoming appointments (the most one patient may hold) */
    FL_T__COUNT
} fl_text_t;

/* The template of a text in a language (its "%s" are filled by fl_render, see the comments above). Static. */
const char *fl_text(const char *lang, fl_text_t t);

/* The text with its "%s" replaced in order by a1, a2, a3 (NULL = ""; unused ones are ignored). Caller frees. */
char *fl_render(const char *lang, fl_text_t t, const char *a1, const char *a2, const char *a3);

#endif
