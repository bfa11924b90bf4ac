/*
 * The ingress server (services/ingress): INGRESS_THREADS workers (worker.h),
 * each with its own h2o evloop, context, SO_REUSEPORT listener, asynchronous
 * Redis connection and HMAC, sharing one h2o_globalconf_t whose only host
 * runs the webhook handler (webhook.c). main.c calls ing_server_run; it
 * returns after SIGTERM/SIGINT once in-flight XADDs finished (or a deadline
 * passed).
 */
#ifndef ing__server_h
#define ing__server_h

#include "wa/config.h"
#include "wa/redis.h"

/* How long a stopping worker waits for in-flight XADDs and responses before it exits anyway. */
#define ING_SERVER_DRAIN_MS 5000

/* Binds every listener on cfg->ingress_port, starts the workers, and runs until wa_stop_requested() and the drain
 * finished. `cfg` and `url` are borrowed for the duration. Requires ing_webhook_metrics_init() to have run. Returns 0
 * on a clean stop, -1 when a listener or a worker could not be set up (with a log line). */
int ing_server_run(const wa_config_t *cfg, const wa_redis_url_t *url);

#endif
