/*
 * The dashboard's HTTP server (services/dashboard): DASHBOARD_THREADS workers
 * (dashboard.h), each with its own h2o evloop, SO_REUSEPORT listener and
 * blocking PostgreSQL and Redis connections, sharing one h2o_globalconf_t
 * whose handler serves /api/v1 (api.c) and a placeholder page at /. main.c
 * calls dash_server_run; it returns after SIGTERM/SIGINT.
 */
#ifndef dash__server_h
#define dash__server_h

#include "dashboard.h"

#define DASH_SERVER_DRAIN_MS 2000

/* Binds every listener on cfg->port, starts the workers and runs until wa_stop_requested(). `cfg` is borrowed for
 * the duration. Returns 0 on a clean stop, -1 when a listener or a worker could not be set up (with a log line). */
int dash_server_run(const dash_config_t *cfg);

#endif
