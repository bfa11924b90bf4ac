/*
 * `wactl user` and `wactl token` (user.c, token.c): the dashboard's users (email, password, role, clinic) and the
 * API tokens of a clinic's own software. Passwords are read from standard input, never from the command line; a
 * token is printed once and stored only as its hash. Every change writes an audit_log row (actor "wactl").
 */
#ifndef ctl__user_h
#define ctl__user_h

#include <stddef.h>
#include <stdio.h>

#include "ctl.h"

/* `wactl user add|list|disable|reset-password`. */
int ctl_user_main(ctl_ctx_t *ctx, int argc, char **argv);
/* `wactl token create|list|revoke`. */
int ctl_token_main(ctl_ctx_t *ctx, int argc, char **argv);

/* Reads a password from `in`: the first line, without its line break (a terminal gets a prompt on stderr and no
 * echo). Returns its length, or -1 when nothing could be read. */
long ctl_read_password(FILE *in, char *buf, size_t bufsz);

#endif
