/*
 * The clinic's texts to patients about appointments and the walk-in queue (see wa/clinic.h), in English and Hindi,
 * shared by the router's flows, wactl and the dashboard's reception so that a patient reads the same words whoever
 * acted. Pure: no I/O.
 */
#include "wa/clinic.h"

#include <stdio.h>
#include <string.h>

#include "wa/log.h"

void wa_clinic_day_title(const char *lang, int isodow, int mday, int month, char *out, size_t outsz)
{
    static const char *const en_days[] = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};
    static const char *const hi_days[] = {"सोम", "मंगल", "बुध", "गुरु", "शुक्र", "शनि", "रवि"};
    static const char *const months[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                         "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    int hi = lang != NULL && strcmp(lang, "hi") == 0;
    if (isodow < 1 || isodow > 7)
        isodow = 1;
    if (month < 1 || month > 12)
        month = 1;
    snprintf(out, outsz, "%s %d %s", hi ? hi_days[isodow - 1] : en_days[isodow - 1], mday, months[month - 1]);
}

void wa_clinic_when(const char *lang, int isodow, int mday, int month, const char *hhmm, char *out, size_t outsz)
{
    char day[64];
    wa_clinic_day_title(lang, isodow, mday, month, day, sizeof(day));
    snprintf(out, outsz, "%s, %s", day, hhmm != NULL ? hhmm : "");
}

char *wa_clinic_render(const char *tpl, const char *const *args, size_t nargs)
{
    size_t cap = strlen(tpl) + 1, len = 0, k = 0;
    char *out;
    for (size_t i = 0; i < nargs; i++)
        cap += args[i] != NULL ? strlen(args[i]) : 0;
    out = wa_malloc(cap);
    for (const char *p = tpl; *p != '\0'; p++) {
        if (p[0] == '%' && p[1] == 's') {
            const char *a = k < nargs ? args[k] : NULL;
            size_t n = a != NULL ? strlen(a) : 0;
            k++;
            memcpy(out + len, a != NULL ? a : "", n);
            len += n;
            p++;
            continue;
        }
        out[len++] = *p;
    }
    out[len] = '\0';
    return out;
}

static int is_hi(const char *lang)
{
    return lang != NULL && strcmp(lang, "hi") == 0;
}

char *wa_clinic_text_booked(const char *lang, const char *clinic, const char *when, const char *address)
{
    const char *args[] = {clinic, when, address != NULL && address[0] != '\0' ? address : "-"};
    return wa_clinic_render(is_hi(lang) ? WA_CLINIC_T_BOOKED_HI : WA_CLINIC_T_BOOKED_EN, args, 3);
}

char *wa_clinic_text_cancelled(const char *lang, const char *clinic, const char *when, const char *reason)
{
    const char *args[] = {clinic, when, reason};
    int has_reason = reason != NULL && reason[0] != '\0';
    if (is_hi(lang))
        return wa_clinic_render(has_reason ? "%s में आपका %s का अपॉइंटमेंट क्लिनिक ने रद्द कर दिया है। कारण: %s। दूसरा समय चुनने के लिए "
                                   "\"book\" भेजें।"
                                 : "%s में आपका %s का अपॉइंटमेंट क्लिनिक ने रद्द कर दिया है। दूसरा समय चुनने के लिए \"book\" भेजें।",
                      args, 3);
    return wa_clinic_render(has_reason
                      ? "Your appointment at %s on %s has been cancelled by the clinic. Reason: %s. Send \"book\" "
                        "to choose another time."
                      : "Your appointment at %s on %s has been cancelled by the clinic. Send \"book\" to choose "
                        "another time.",
                  args, 3);
}

char *wa_clinic_text_moved(const char *lang, const char *clinic, const char *old_when, const char *new_when,
                           const char *reason)
{
    const char *args[] = {clinic, old_when, new_when, reason};
    int has_reason = reason != NULL && reason[0] != '\0';
    if (is_hi(lang))
        return wa_clinic_render(has_reason ? "%s में आपका %s का अपॉइंटमेंट क्लिनिक ने %s पर बदल दिया है। कारण: %s। देखने या रद्द करने के लिए "
                                   "\"मेरा अपॉइंटमेंट\" भेजें।"
                                 : "%s में आपका %s का अपॉइंटमेंट क्लिनिक ने %s पर बदल दिया है। देखने या रद्द करने के लिए "
                                   "\"मेरा अपॉइंटमेंट\" भेजें।",
                      args, 4);
    return wa_clinic_render(has_reason ? "Your appointment at %s on %s has been moved by the clinic to %s. Reason: %s. Send \"my "
                               "appointment\" to see or cancel it."
                             : "Your appointment at %s on %s has been moved by the clinic to %s. Send \"my "
                               "appointment\" to see or cancel it.",
                  args, 4);
}

char *wa_clinic_text_queue_called(const char *lang, const char *token)
{
    const char *args[] = {token};
    return wa_clinic_render(is_hi(lang) ? "टोकन %s: अब आपकी बारी है। कृपया अंदर आइए।"
                              : "Token %s: it is your turn now. Please come in.",
                  args, 1);
}

char *wa_clinic_text_queue_near(const char *lang, const char *token, int ahead)
{
    char n[16];
    snprintf(n, sizeof(n), "%d", ahead);
    const char *args[] = {token, n};
    return wa_clinic_render(is_hi(lang) ? "टोकन %s: आपकी बारी जल्द आने वाली है, आपसे पहले %s मरीज़ हैं। कृपया क्लिनिक में रहें।"
                              : "Token %s: your turn is near, %s patient(s) before you. Please be at the clinic.",
                  args, 2);
}

int wa_clinic_queue_out_id(char *out, size_t outsz, const char *doctor_id, const char *day, const char *token,
                           const char *what)
{
    int n = snprintf(out, outsz, "queue:%s:%s:%s:%s", doctor_id, day, token, what);
    return n > 0 && (size_t)n < outsz ? 0 : -1;
}
