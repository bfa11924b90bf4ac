/*
 * `wactl doctor` (doctor.c): adding, listing, showing, disabling the tenants, and the lookup
 * the other command groups (kb, simulate) use to turn what an operator types
 * (a doctor's id or phone number) into a doctor row.
 */
#ifndef ctl__doctor_h
#define ctl__doctor_h

#include <stddef.h>
#include <libpq-fe.h>
#include "ctl.h"

/* Finds a doctor by `ref`: a UUID (the id) or a phone number in any format (compared as digits). On success returns
 * CTL_EXIT_OK with the id in id_out (37 bytes at least). Otherwise prints the reason ("no doctor with id ...", "...
 * is neither a doctor id nor a phone number") and returns CTL_EXIT_FAIL, CTL_EXIT_USAGE or CTL_EXIT_UNREACHABLE. */
int ctl_doctor_resolve(PGconn *c, const char *command, const char *ref, char *id_out, size_t id_outsz);
/* Connects to the database and resolves `ref` as ctl_doctor_resolve does. Returns the connection (caller
 * PQfinish()es it) with the id in id_out, or NULL with *rc the exit code (the reason printed; nothing left open). */
PGconn *ctl_doctor_open(const ctl_ctx_t *ctx, const char *command, const char *ref, char *id_out, size_t id_outsz,
                        int *rc);

#endif
