/*
 * `wactl referrals` (referrals.c): the referral counts of issue 8, per doctor (codes handed out, patients referred,
 * patients who referred someone) and per referrer (how many new patients their code brought), from the
 * referral_codes and referrals tables (deploy/migrations/005_clinic.sql) that the router fills. Every count is of
 * one doctor's rows: a patient of two doctors is two referrers.
 */
#ifndef ctl__referrals_h
#define ctl__referrals_h

#include "ctl.h"

/* `wactl referrals [--doctor ID] [--json]`. */
int ctl_referrals_main(ctl_ctx_t *ctx, int argc, char **argv);

#endif
