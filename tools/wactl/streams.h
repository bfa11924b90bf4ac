/*
 * `wactl streams` (streams.c): the state of every Redis stream of the
 * pipeline (length, consumer groups, consumers, pending, lag, age of the
 * oldest pending entry), once or refreshed with --watch. The reply parsing
 * and formatting helpers below are pure, for the unit tests.
 */
#ifndef ctl__streams_h
#define ctl__streams_h

#include <stddef.h>
#include <hiredis/hiredis.h>
#include "wa/streaminfo.h"

/* One consumer group's state (libwa, wa/streaminfo.h, shared with the dashboard's console). */
typedef wa_stream_group_t ctl_stream_group_t;

/* Fills *g from one element of an XINFO GROUPS reply (a flat name/value array in RESP2, a map in RESP3). Unknown
 * fields are ignored. Returns 0, or -1 when the reply is not a group description. */
int ctl_streams_parse_group(const redisReply *r, ctl_stream_group_t *g);

/* Writes a duration in milliseconds the way an operator reads it: "-" (negative: none), "850ms", "12.3s", "4m05s",
 * "2h03m", "3d04h". */
void ctl_format_age_ms(long long ms, char *out, size_t outsz);

#endif
