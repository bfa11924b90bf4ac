/*
 * JSON-lines logging for every service: one object per line on stdout, with a
 * timestamp, level, service name, message and any number of string key/value
 * pairs (wamid, out_id, doctor_id, entry id ...). The level is checked before
 * the arguments are evaluated. Never pass a token, an app secret or a message
 * body at info level.
 */
#ifndef wa__log_h
#define wa__log_h

#include <stddef.h>

typedef enum en_wa_log_level_t { WA_LOG_DEBUG = 0, WA_LOG_INFO, WA_LOG_WARN, WA_LOG_ERROR } wa_log_level_t;

extern wa_log_level_t wa_log_level;

/* Sets the service name shown on every line and the level ("debug", "info", "warn", "error"; NULL = info). */
void wa_log_init(const char *service, const char *level_name);

/* Writes one line. After `msg` come pairs of `const char *key, const char *value`, ended by NULL; a pair whose
 * value is NULL is skipped. Values are JSON-escaped. Thread-safe (one write(2) per line). Use the macros. */
void wa_log_write(wa_log_level_t level, const char *msg, ...);

#define WA_LOG(lvl, ...)                                                                                               \
    do {                                                                                                               \
        if ((lvl) >= wa_log_level)                                                                                     \
            wa_log_write((lvl), __VA_ARGS__, (const char *)0);                                                         \
    } while (0)
#define wa_debug(...) WA_LOG(WA_LOG_DEBUG, __VA_ARGS__)
#define wa_info(...) WA_LOG(WA_LOG_INFO, __VA_ARGS__)
#define wa_warn(...) WA_LOG(WA_LOG_WARN, __VA_ARGS__)
#define wa_error(...) WA_LOG(WA_LOG_ERROR, __VA_ARGS__)

/* Out of memory and other impossible states: logs and aborts. The one fatal path of service code. */
_Noreturn void wa_fatal(const char *msg);

/* malloc/calloc/strdup that never return NULL (wa_fatal instead). */
void *wa_malloc(unsigned long n);
void *wa_calloc(unsigned long n, unsigned long size);
char *wa_strdup(const char *s);
/* Grows the array `p` of `elem`-sized slots, whose capacity is *cap, to hold at least `need` (doubling, from 16);
 * returns the array (moved: the old pointer is freed) and updates *cap. Dies on out of memory, like wa_malloc. */
void *wa_grow(void *p, size_t *cap, size_t need, size_t elem);
char *wa_strndup(const char *s, unsigned long n);

#endif
