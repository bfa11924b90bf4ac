/*
 * Reading the state of a Redis stream's consumer groups (XINFO GROUPS), for
 * the operators' views: `wactl streams` and the dashboard's operator console.
 * The parsing is pure (unit tests call it with built replies).
 */
#ifndef wa__streaminfo_h
#define wa__streaminfo_h

#include <hiredis/hiredis.h>

typedef struct st_wa_stream_group_t {
    char name[128];
    long long consumers;
    long long pending;
    char last_delivered[64];
    long long lag;       /* -1 when Redis does not know it (nil, or a Redis older than 7) */
    long long oldest_ms; /* idle time of the oldest pending entry; -1 when nothing is pending (filled by the caller) */
} wa_stream_group_t;

/* Fills *g from one element of an XINFO GROUPS reply (a flat name/value array in RESP2, a map in RESP3). Unknown
 * fields are ignored. Returns 0, or -1 when the reply is not a group description. */
int wa_stream_parse_group(const redisReply *r, wa_stream_group_t *g);

/* The integer of a reply (an integer, or a string holding one), or `def` (nil, anything else). */
long long wa_stream_reply_int(const redisReply *r, long long def);

#endif
