/*
 * The dashboard's own configuration (see dashboard.h): DASHBOARD_* variables
 * with their defaults, and the router's knowledge-base thresholds so that
 * "try a question" decides as the router does.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dashboard.h"
#include "wa/kb.h"

static double env_unit(const char *name, double def, int *ok)
{
    const char *v = wa_env_str(name, NULL);
    char *end;
    double d;
    if (v == NULL)
        return def;
    d = strtod(v, &end);
    if (*end != '\0' || !(d >= 0 && d <= 1)) {
        fprintf(stderr, "invalid value for %s: expected a number between 0 and 1\n", name);
        *ok = 0;
        return def;
    }
    return d;
}

static int range(const char *name, long v, long min, long max, int *ok)
{
    if (v < min || v > max) {
        fprintf(stderr, "invalid value for %s: expected %ld to %ld\n", name, min, max);
        *ok = 0;
    }
    return (int)v;
}

int dash_config_load(dash_config_t *cfg, const wa_config_t *wa)
{
    static char origin[512];
    int ok = 1;
    memset(cfg, 0, sizeof(*cfg));
    cfg->wa = wa;
    cfg->port = range("DASHBOARD_PORT", wa_env_long("DASHBOARD_PORT", 8080, &ok), 1, 65535, &ok);
    cfg->threads = range("DASHBOARD_THREADS", wa_env_long("DASHBOARD_THREADS", 2, &ok), 1, 64, &ok);
    snprintf(origin, sizeof(origin), "%s", wa_env_str("DASHBOARD_ORIGIN", "http://127.0.0.1:8080"));
    size_t n = strlen(origin);
    while (n > 0 && origin[n - 1] == '/')
        origin[--n] = '\0';
    if (strncmp(origin, "http://", 7) != 0 && strncmp(origin, "https://", 8) != 0) {
        fprintf(stderr, "invalid value for DASHBOARD_ORIGIN: expected http://host[:port] or https://host[:port]\n");
        ok = 0;
    }
    cfg->origin = origin;
    cfg->secure_cookie = strncmp(origin, "https://", 8) == 0;
    cfg->cookie_name = wa_env_str("DASHBOARD_COOKIE_NAME", "wa_session");
    for (const char *p = cfg->cookie_name; *p != '\0'; p++)
        if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') || *p == '_' ||
              *p == '-')) {
            fprintf(stderr, "invalid value for DASHBOARD_COOKIE_NAME: letters, digits, '_' and '-' only\n");
            ok = 0;
            break;
        }
    cfg->session_idle_s =
        range("DASHBOARD_SESSION_IDLE_S", wa_env_long("DASHBOARD_SESSION_IDLE_S", 1800, &ok), 10, 86400 * 30, &ok);
    cfg->session_max_s =
        range("DASHBOARD_SESSION_MAX_S", wa_env_long("DASHBOARD_SESSION_MAX_S", 43200, &ok), 10, 86400 * 90, &ok);
    cfg->login_max_account =
        range("DASHBOARD_LOGIN_MAX_ACCOUNT", wa_env_long("DASHBOARD_LOGIN_MAX_ACCOUNT", 5, &ok), 1, 1000000, &ok);
    cfg->login_max_addr =
        range("DASHBOARD_LOGIN_MAX_ADDR", wa_env_long("DASHBOARD_LOGIN_MAX_ADDR", 20, &ok), 1, 1000000, &ok);
    cfg->login_window_s =
        range("DASHBOARD_LOGIN_WINDOW_S", wa_env_long("DASHBOARD_LOGIN_WINDOW_S", 900, &ok), 1, 86400, &ok);
    cfg->hash_concurrency =
        range("DASHBOARD_HASH_CONCURRENCY", wa_env_long("DASHBOARD_HASH_CONCURRENCY", 2, &ok), 1, 64, &ok);
    cfg->kb_threshold = env_unit("ROUTER_KB_THRESHOLD", WA_KB_THRESHOLD, &ok);
    cfg->kb_margin = env_unit("ROUTER_KB_MARGIN", WA_KB_MARGIN, &ok);
    cfg->meta_app_id = wa_env_str("DASHBOARD_META_APP_ID", "");
    cfg->meta_config_id = wa_env_str("DASHBOARD_META_CONFIG_ID", "");
    cfg->meta_app_secret = wa_env_str("DASHBOARD_META_APP_SECRET", "");
    if (cfg->meta_app_id[0] != '\0' && (cfg->meta_config_id[0] == '\0' || cfg->meta_app_secret[0] == '\0')) {
        fprintf(stderr, "DASHBOARD_META_APP_ID needs DASHBOARD_META_CONFIG_ID and DASHBOARD_META_APP_SECRET\n");
        ok = 0;
    }
    return ok ? 0 : -1;
}
