/*
 * `wactl settings show|set DOCTOR [--KEY VALUE ...]`: a clinic's settings (profile, schedule, texts, conversation
 * settings), the same fields as the dashboard's GET/PATCH /api/v1/settings, validated and stored by the same code
 * (libwa's wa/settings.h) and audited with actor "wactl".
 */
#ifndef ctl__settings_h
#define ctl__settings_h

#include "ctl.h"

int ctl_settings_main(ctl_ctx_t *ctx, int argc, char **argv);

#endif
