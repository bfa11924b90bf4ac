/*
 * `wactl broadcast create|list|show|pause|resume|cancel` (broadcast.c): a tenant's broadcasts of an approved
 * template to its groups (or to the patients with an appointment on a day), as the dashboard's (issue 18). The SQL is
 * 025_broadcasts.sql's (broadcast_create, broadcast_control, broadcast_report); wa-sender's pump sends them.
 */
#ifndef ctl__broadcast_h
#define ctl__broadcast_h

#include "ctl.h"

int ctl_broadcast_main(ctl_ctx_t *ctx, int argc, char **argv);

#endif
