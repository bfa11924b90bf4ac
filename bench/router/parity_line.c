/*
 * The parity tools' line protocol (parity_line.h): one JSON answer a line, flushed after each.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/types.h>
#include <time.h>

#include "parity_line.h"

static FILE *answers; /* NULL: stdout, which is not a constant an initialiser may name */

void parity_set_out(FILE *out)
{
    answers = out;
}

/* A failed print (out of memory) still answers, so that the other side never waits forever. */
void parity_answer(cJSON *obj)
{
    FILE *out = answers != NULL ? answers : stdout;
    char *text = obj != NULL ? cJSON_PrintUnformatted(obj) : NULL;
    if (text != NULL) {
        fputs(text, out);
        fputc('\n', out);
        free(text);
    } else {
        fputs("{\"error\": \"out of memory\"}\n", out);
    }
    cJSON_Delete(obj);
    fflush(out);
}

void parity_error(const char *fmt, ...)
{
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    cJSON *obj = cJSON_CreateObject();
    if (obj != NULL)
        cJSON_AddStringToObject(obj, "error", msg);
    parity_answer(obj);
}

long long parity_now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

void parity_serve(void (*handle)(const char *line, void *arg), void *arg)
{
    char *line = NULL;
    size_t cap = 0;
    ssize_t len;
    while ((len = getline(&line, &cap, stdin)) >= 0) {
        while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r'))
            line[--len] = '\0';
        handle(line, arg);
    }
    free(line);
}
