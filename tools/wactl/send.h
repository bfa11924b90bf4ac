/*
 * `wactl send` (send.c): a manual message to a patient through wa:out. The
 * two pure helpers below build what goes into the entry; the unit tests call
 * them directly.
 */
#ifndef ctl__send_h
#define ctl__send_h

#include <stddef.h>

/* Writes a fresh "manual:<uuid v4>" into out (64 bytes are enough). Returns 0, or -1 when no random bytes. */
int ctl_send_new_out_id(char *out, size_t outsz);

/* The Graph message object of a template (without to/messaging_product): {"type":"template","template":{"name":..,
 * "language":{"code":lang or "en_US"},"components":[{"type":"body","parameters":[{"type":"text","text":..},..]}]}};
 * `params` separates the body parameters with '|' (NULL or "" = no components). Returns new text (caller frees). */
char *ctl_send_template_json(const char *name, const char *lang, const char *params);

#endif
