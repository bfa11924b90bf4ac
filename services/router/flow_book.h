/*
 * Booking, the flow steps flow.c dispatches to (flow_book.c): FL_BOOK, FL_DAY, FL_SLOT, FL_CONFIRM, FL_MY_APPT,
 * FL_CANCEL, FL_RESCHEDULE and FL_BOOK_AT. Each answers the turn and returns 1, or -1 on a PostgreSQL/Redis failure.
 */
#ifndef fl__flow_book_h
#define fl__flow_book_h

#include "flow_turn.h"

int fl_book_days(fl_ctx_t *c, const char *intro);
int fl_book_day(fl_ctx_t *c, const char *day);
int fl_book_slot(fl_ctx_t *c, const char *epoch);
int fl_book_confirm(fl_ctx_t *c, const char *epoch);
int fl_book_mine(fl_ctx_t *c);
int fl_book_cancel(fl_ctx_t *c, const char *appointment_id);
int fl_book_reschedule(fl_ctx_t *c, const char *appointment_id);
/* A free-text request (FL_BOOK_AT's arg): the confirm buttons when that slot is free, else the nearest free ones. */
int fl_book_at(fl_ctx_t *c, const char *when);

#endif
