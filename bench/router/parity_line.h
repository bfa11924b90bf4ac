/*
 * The line protocol of the parity tools (bench/router/kbscore_parity.c, analyse_parity.c): each reads one JSON object
 * a line from stdin and answers each line with one JSON object a line, flushed, which a Python driver reads back
 * (bench/router/kbscore_lists.py's Scorer). Every line is answered, a malformed or blank one too, so the driver never
 * waits for an answer that does not come.
 */
#ifndef parity__line_h
#define parity__line_h

#include <stdio.h>

#include <cjson/cJSON.h>

/* Where the answers go: stdout unless set (a tool whose libraries log on descriptor 1 moves its answers off it). */
void parity_set_out(FILE *out);

/* Prints obj as one line, flushed, and deletes it; NULL (an object that could not be built) answers an out of memory
 * error instead. */
void parity_answer(cJSON *obj);

/* Answers {"error": "<message>"} (printf format, cut at 511 bytes). */
__attribute__((format(printf, 1, 2))) void parity_error(const char *fmt, ...);

/* CLOCK_MONOTONIC in nanoseconds, for the timings the tools answer. */
long long parity_now_ns(void);

/* Calls handle(line, arg) for each line of stdin, its line break removed, until the end of input; handle answers every
 * line (parity_answer or parity_error exactly once), a blank or malformed one too. Lines of any length (a snapshot of
 * a few hundred kilobytes, 64 long texts): getline. */
void parity_serve(void (*handle)(const char *line, void *arg), void *arg);

#endif
