/*
 * Phone numbers are compared as digits only: "+91 95458-16728" and
 * "919545816728" are the same number (ARCHITECTURE.md, PostgreSQL).
 */
#ifndef wa__phone_h
#define wa__phone_h

#include <stddef.h>

/* Copies the decimal digits of `in` (NUL-terminated) into `out` and NUL-terminates it. Returns the number of digits,
 * or 0 when `in` holds no digit, has more than 20 digits (no E.164 number does), or `outsz` is too small. Other
 * characters (spaces, '+', '-', '(', ')', '.') are dropped; letters make the number invalid (returns 0). */
size_t wa_phone_digits(const char *in, char *out, size_t outsz);

/* 1 when both normalise to the same non-empty digit string. */
int wa_phone_equal(const char *a, const char *b);

/* 1 when `s` is a business-scoped user id (BSUID, API_REFERENCE A.9.1) or a parent BSUID rather than a phone
 * number: two uppercase letters (the country), '.', then letters, digits and dots ("US.13491208655302741918",
 * "US.ENT.11815799212886844830"), at most 200 characters. A patient's address (patients.wa_id, a wa:out `to`) is
 * either a phone number's digits or a BSUID; the sender sends a BSUID in `recipient` instead of `to`. */
int wa_is_bsuid(const char *s);

#endif
