/*
 * The walk-in queue, the flow steps flow.c dispatches to (flow_queue.c): FL_QUEUE_JOIN and FL_QUEUE_STATUS. Each
 * answers the turn and returns 1, or -1 on a PostgreSQL/Redis failure.
 */
#ifndef fl__flow_queue_h
#define fl__flow_queue_h

#include "flow_turn.h"

int fl_queue_join(fl_ctx_t *c);
int fl_queue_status(fl_ctx_t *c);

#endif
