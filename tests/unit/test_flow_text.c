/* Unit tests for the pure parts of the clinic conversations (services/router/flow_text.c, flow_remind.c's
 * template). wactl queue's notification key is tested in test_wactl_queue.c. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <cjson/cJSON.h>
#include "flow.h"
#include "flow_text.h"

static void reply_ids_win_over_text(void **state)
{
    (void)state;
    fl_intent_t i = fl_intent("day:2026-11-23", "Mon 23 Nov", 0);
    assert_int_equal(i.kind, FL_DAY);
    assert_string_equal(i.arg, "2026-11-23");
    i = fl_intent("slot:1795412400", "10:30 AM", 0);
    assert_int_equal(i.kind, FL_SLOT);
    assert_string_equal(i.arg, "1795412400");
    i = fl_intent("confirm:1795412400", "Confirm", 0);
    assert_int_equal(i.kind, FL_CONFIRM);
    i = fl_intent("cancel:0b8f3c1e-4d2a-4c1b-9e7f-2a3b4c5d6e7f", "Cancel", 0);
    assert_int_equal(i.kind, FL_CANCEL);
    assert_int_equal(fl_intent("menu:book", "anything", 0).kind, FL_BOOK);
    assert_int_equal(fl_intent("menu:queue", "Queue status", 0).kind, FL_QUEUE_STATUS);
    assert_int_equal(fl_intent("queue:join", "Join queue", 0).kind, FL_QUEUE_JOIN);
}

static void malformed_ids_fall_back_to_the_title(void **state)
{
    (void)state;
    assert_int_equal(fl_intent("day:tomorrow", "Tomorrow", 0).kind, FL_NONE);
    assert_int_equal(fl_intent("slot:12a", "12", 0).kind, FL_NONE);
    assert_int_equal(fl_intent("cancel:not-a-uuid", "x", 0).kind, FL_NONE);
    assert_int_equal(fl_intent("slot:", "x", 0).kind, FL_NONE);
    assert_int_equal(fl_intent("other-bot:7", "book", 0).kind, FL_BOOK); /* unknown id: the title as text */
}

static void whole_message_keywords_only(void **state)
{
    (void)state;
    assert_int_equal(fl_intent(NULL, "hi", 1).kind, FL_MENU);
    assert_int_equal(fl_intent(NULL, "Menu", 0).kind, FL_MENU);
    assert_int_equal(fl_intent(NULL, "नमस्ते", 0).kind, FL_MENU);
    assert_int_equal(fl_intent(NULL, "Book appointment!", 0).kind, FL_BOOK);
    assert_int_equal(fl_intent(NULL, "अपॉइंटमेंट", 0).kind, FL_BOOK);
    assert_int_equal(fl_intent(NULL, "my appointment", 0).kind, FL_MY_APPT);
    assert_int_equal(fl_intent(NULL, "TOKEN", 0).kind, FL_QUEUE_JOIN);
    assert_int_equal(fl_intent(NULL, "status", 0).kind, FL_QUEUE_STATUS);
    assert_int_equal(fl_intent(NULL, "talk to doctor", 0).kind, FL_HANDOFF);
    assert_int_equal(fl_intent(NULL, "डॉक्टर से बात", 0).kind, FL_HANDOFF);
    assert_int_equal(fl_intent(NULL, "refer", 0).kind, FL_REFER);
    /* questions that mention the words are for the knowledge base */
    assert_int_equal(fl_intent(NULL, "Do you take appointments on Sunday?", 0).kind, FL_NONE);
    assert_int_equal(fl_intent(NULL, "what is the status of my report", 0).kind, FL_NONE);
    assert_int_equal(fl_intent(NULL, NULL, 0).kind, FL_NONE);
}

static void language_of_a_text(void **state)
{
    (void)state;
    assert_string_equal(fl_lang_of("कल शाम"), "hi");
    assert_string_equal(fl_lang_of("book"), "en");
    assert_string_equal(fl_lang_of("मला उद्या वेळ पाहिजे"), "hi");   /* Marathi: the flows' Devanagari texts */
    assert_string_equal(fl_lang_of("kal shaam milna hai"), "en"); /* Hinglish: the flows' Latin texts */
    assert_null(fl_lang_of("10:30"));
    assert_null(fl_lang_of(NULL));
}

static void buttons_respect_whatsapp_limits(void **state)
{
    (void)state;
    fl_choice_t c[4] = {{"a", "A title that is much longer than twenty", NULL},
                        {"b", "अपॉइंटमेंट बुक करें और भी लंबा शीर्षक", NULL},
                        {"c", "C", NULL},
                        {"d", "D", NULL}};
    char *s = fl_buttons_json("Pick one", c, 4);
    cJSON *m = cJSON_Parse(s);
    assert_non_null(m);
    assert_string_equal(cJSON_GetObjectItem(m, "type")->valuestring, "interactive");
    cJSON *ia = cJSON_GetObjectItem(m, "interactive");
    assert_string_equal(cJSON_GetObjectItem(ia, "type")->valuestring, "button");
    assert_string_equal(cJSON_GetObjectItem(cJSON_GetObjectItem(ia, "body"), "text")->valuestring, "Pick one");
    cJSON *bs = cJSON_GetObjectItem(cJSON_GetObjectItem(ia, "action"), "buttons");
    assert_int_equal(cJSON_GetArraySize(bs), 3);
    cJSON *r0 = cJSON_GetObjectItem(cJSON_GetArrayItem(bs, 0), "reply");
    assert_string_equal(cJSON_GetObjectItem(r0, "id")->valuestring, "a");
    assert_string_equal(cJSON_GetObjectItem(r0, "title")->valuestring, "A title that is much");
    const char *hi = cJSON_GetObjectItem(cJSON_GetObjectItem(cJSON_GetArrayItem(bs, 1), "reply"), "title")->valuestring;
    size_t chars = 0;
    for (const char *p = hi; *p; p++)
        chars += ((unsigned char)*p & 0xC0) != 0x80;
    assert_int_equal(chars, 20);
    cJSON_Delete(m);
    free(s);
}

static void lists_have_at_most_ten_rows(void **state)
{
    (void)state;
    fl_choice_t c[12];
    char ids[12][16];
    for (int i = 0; i < 12; i++) {
        snprintf(ids[i], sizeof(ids[i]), "slot:%d", i);
        c[i] = (fl_choice_t){ids[i], "10:30 AM", i == 0 ? "free" : NULL};
    }
    char *s = fl_list_json("Free times", "Choose a time, please do", "Times", c, 12);
    cJSON *m = cJSON_Parse(s);
    cJSON *action = cJSON_GetObjectItem(cJSON_GetObjectItem(m, "interactive"), "action");
    assert_string_equal(cJSON_GetObjectItem(action, "button")->valuestring, "Choose a time, pleas");
    cJSON *rows = cJSON_GetObjectItem(cJSON_GetArrayItem(cJSON_GetObjectItem(action, "sections"), 0), "rows");
    assert_int_equal(cJSON_GetArraySize(rows), 10);
    assert_string_equal(cJSON_GetObjectItem(cJSON_GetArrayItem(rows, 0), "description")->valuestring, "free");
    assert_null(cJSON_GetObjectItem(cJSON_GetArrayItem(rows, 1), "description"));
    cJSON_Delete(m);
    free(s);
}

static void render_fills_in_order(void **state)
{
    (void)state;
    char *s = fl_render("en", FL_T_QUEUE_HAVE, "7", "3", "30");
    assert_string_equal(s, "Your token number is 7. Patients before you: 3. Estimated wait: about 30 minutes.");
    free(s);
    s = fl_render("hi", FL_T_QUEUE_CALLED, "4", NULL, NULL);
    assert_string_equal(s, "टोकन 4: अब आपकी बारी है। कृपया अंदर आइए।");
    free(s);
    s = fl_render("en", FL_T_WELCOME, NULL, NULL, NULL);
    assert_string_equal(s, "Welcome to ! How can we help you today?");
    free(s);
    /* the booking limit, in both languages, says how many and what to do */
    s = fl_render("en", FL_T_LIMIT, "2", NULL, NULL);
    assert_non_null(strstr(s, "You already have 2 upcoming appointments"));
    assert_non_null(strstr(s, "\"my appointment\""));
    free(s);
    s = fl_render("hi", FL_T_LIMIT, "2", NULL, NULL);
    assert_non_null(strstr(s, "2 आने वाले अपॉइंटमेंट"));
    assert_non_null(strstr(s, "\"मेरा अपॉइंटमेंट\""));
    free(s);
}

static void day_titles(void **state)
{
    (void)state;
    char b[64];
    fl_day_title("en", 1, 23, 11, b, sizeof(b));
    assert_string_equal(b, "Mon 23 Nov");
    fl_day_title("hi", 7, 1, 1, b, sizeof(b));
    assert_string_equal(b, "रवि 1 Jan");
    fl_day_title("en", 9, 1, 13, b, sizeof(b)); /* out of range: clamped, never out of bounds */
    assert_string_equal(b, "Mon 1 Jan");
}

static void referral_codes_and_links(void **state)
{
    (void)state;
    char code[16];
    assert_int_equal(fl_referral_find("Hi, I was referred by code ref-ab12cd", code, sizeof(code)), 1);
    assert_string_equal(code, "REF-AB12CD");
    assert_int_equal(fl_referral_find("REF-AB12CD!", code, sizeof(code)), 1);
    assert_int_equal(fl_referral_find("xREF-AB12CD", code, sizeof(code)), 0);
    assert_int_equal(fl_referral_find("REF-AB12CDE", code, sizeof(code)), 0);
    assert_int_equal(fl_referral_find("REF-AB1", code, sizeof(code)), 0);
    assert_int_equal(fl_referral_find(NULL, code, sizeof(code)), 0);
    char *link = fl_referral_link("919845000001", "REF-AB12CD");
    assert_string_equal(link, "https://wa.me/919845000001?text=Hi%2C%20I%20was%20referred%20by%20code%20REF-AB12CD");
    free(link);
}

static void reminder_template(void **state)
{
    (void)state;
    char *s = fl_remind_template_json("appointment_reminder", "en", "Asha Clinic", "Mon 23 Nov, 10:30 AM", "");
    assert_string_equal(s, "{\"type\":\"template\",\"template\":{\"name\":\"appointment_reminder\",\"language\":{"
                           "\"code\":\"en\"},\"components\":[{\"type\":\"body\",\"parameters\":[{\"type\":\"text\","
                           "\"text\":\"Asha Clinic\"},{\"type\":\"text\",\"text\":\"Mon 23 Nov, 10:30 AM\"},{\"type\":"
                           "\"text\",\"text\":\"-\"}]}]}}");
    free(s);
}

static void free_text_times(void **state)
{
    (void)state;
    char a[64];
    assert_int_equal(fl_parse_when("book tomorrow 5pm", a, sizeof(a)), 1);
    assert_string_equal(a, "1:1020");
    assert_int_equal(fl_parse_when("कल शाम 5 बजे", a, sizeof(a)), 1);
    assert_string_equal(a, "1:1020");
    assert_int_equal(fl_parse_when("Book an appointment for today at 10:30 am", a, sizeof(a)), 1);
    assert_string_equal(a, "0:630");
    assert_int_equal(fl_parse_when("day after tomorrow 11am", a, sizeof(a)), 1);
    assert_string_equal(a, "2:660");
    assert_int_equal(fl_parse_when("परसों सुबह 9 बजे", a, sizeof(a)), 1);
    assert_string_equal(a, "2:540");
    assert_int_equal(fl_parse_when("book monday 17:00", a, sizeof(a)), 1);
    assert_string_equal(a, "-1:1020");
    assert_int_equal(fl_parse_when("kal 4 baje", a, sizeof(a)), 1);
    assert_string_equal(a, "1:960"); /* 4 at a clinic: 4 pm */
    assert_int_equal(fl_parse_when("book 12am", a, sizeof(a)), 1);
    assert_string_equal(a, "0:0");
    /* not booking requests */
    assert_int_equal(fl_parse_when("5", a, sizeof(a)), 0);
    assert_int_equal(fl_parse_when("are you open tomorrow at 5pm?", a, sizeof(a)), 0);
    assert_int_equal(fl_parse_when("tomorrow", a, sizeof(a)), 0);
    assert_int_equal(fl_parse_when("book 5pm 6pm", a, sizeof(a)), 0);
    assert_int_equal(fl_parse_when("book 25", a, sizeof(a)), 0);
    assert_int_equal(fl_intent(NULL, "book tomorrow 5pm", 0).kind, FL_BOOK_AT);
    assert_int_equal(fl_intent(NULL, "book", 0).kind, FL_BOOK);
}

/* kb_intent_choose()'s labels (008_understanding.sql): a sentence names no appointment, so cancel and reschedule
 * show the patient's appointments with their buttons; stop/start are the opt-out sentences. */
static void intent_labels_map_to_flows(void **state)
{
    (void)state;
    assert_int_equal(fl_intent_of_label("greeting"), FL_MENU);
    assert_int_equal(fl_intent_of_label("book"), FL_BOOK);
    assert_int_equal(fl_intent_of_label("my_appointment"), FL_MY_APPT);
    assert_int_equal(fl_intent_of_label("cancel"), FL_MY_APPT);
    assert_int_equal(fl_intent_of_label("reschedule"), FL_MY_APPT);
    assert_int_equal(fl_intent_of_label("queue_join"), FL_QUEUE_JOIN);
    assert_int_equal(fl_intent_of_label("queue_status"), FL_QUEUE_STATUS);
    assert_int_equal(fl_intent_of_label("talk_to_staff"), FL_HANDOFF);
    assert_int_equal(fl_intent_of_label("refer"), FL_REFER);
    assert_int_equal(fl_intent_of_label("stop"), FL_OPT_OUT);
    assert_int_equal(fl_intent_of_label("start"), FL_OPT_IN);
    assert_int_equal(fl_intent_of_label(""), FL_NONE);
    assert_int_equal(fl_intent_of_label("Book"), FL_NONE);
    assert_int_equal(fl_intent_of_label(NULL), FL_NONE);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(intent_labels_map_to_flows),
        cmocka_unit_test(reply_ids_win_over_text),
        cmocka_unit_test(malformed_ids_fall_back_to_the_title),
        cmocka_unit_test(whole_message_keywords_only),
        cmocka_unit_test(language_of_a_text),
        cmocka_unit_test(buttons_respect_whatsapp_limits),
        cmocka_unit_test(lists_have_at_most_ten_rows),
        cmocka_unit_test(render_fills_in_order),
        cmocka_unit_test(day_titles),
        cmocka_unit_test(referral_codes_and_links),
        cmocka_unit_test(reminder_template),
        cmocka_unit_test(free_text_times),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
