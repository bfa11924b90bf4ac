/*
 * `wactl appt` (appt.c): the clinic staff's side of issue 8's appointments: list a doctor's upcoming
 * appointments, cancel one (its place is freed and the patient told through wa:out), and block or unblock a day
 * of the doctor's schedule (the router's booking lists change with the next message).
 */
#ifndef ctl__appt_h
#define ctl__appt_h

#include "ctl.h"

/* `wactl appt list DOCTOR | cancel ID | block DOCTOR DAY | unblock DOCTOR DAY`. */
int ctl_appt_main(ctl_ctx_t *ctx, int argc, char **argv);

/* 1 when s is a calendar date written YYYY-MM-DD (month 1..12, day 1..31), else 0. Pure. */
int ctl_appt_is_day(const char *s);

#endif
