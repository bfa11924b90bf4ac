/*
 * Building webhooks as Meta sends them (API_REFERENCE.md A.2), for clients
 * of the ingress: wactl simulate, the load generator and tests.
 */
#ifndef wa__webhook_build_h
#define wa__webhook_build_h

/* Returns the JSON text (caller frees) of a "messages" webhook with one entry, one change and one text message from
 * `from` (digits) named `profile_name` to the business number `display_phone_number` / `phone_number_id`, with
 * message id `wamid` and `timestamp` unix seconds. */
char *wa_webhook_build_text(const char *waba_id, const char *display_phone_number, const char *phone_number_id,
                            const char *from, const char *profile_name, const char *wamid, long long timestamp,
                            const char *text);

/* The same from a patient given by phone number `from` (digits), by business-scoped user id `user_id` (A.9.2), or
 * both: NULL leaves the field out, as Meta does for a user who hides the number (`from` and `contacts[].wa_id`
 * absent; `from_user_id` and `contacts[].user_id` present). `username` (or NULL) goes in contacts[].profile.username.
 * At least one of from and user_id must be given. */
char *wa_webhook_build_text_ids(const char *waba_id, const char *display_phone_number, const char *phone_number_id,
                                const char *from, const char *user_id, const char *username, const char *profile_name,
                                const char *wamid, long long timestamp, const char *text);

#endif
