/*
 * `wactl contacts import|export` and `wactl group add|list` (issue 18): a doctor's (a clinic's or a school's)
 * contacts from and to CSV, with the dashboard's own import (libwa's wa/contacts.h: the same checks, one
 * transaction, nothing half-imported, audited with actor "wactl"), and its groups (classes with their teachers,
 * lists).
 */
#ifndef ctl__contacts_h
#define ctl__contacts_h

#include "ctl.h"

int ctl_contacts_main(ctl_ctx_t *ctx, int argc, char **argv);
int ctl_group_main(ctl_ctx_t *ctx, int argc, char **argv);

#endif
