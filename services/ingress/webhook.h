/*
 * The ingress' HTTP handler (services/ingress): Meta's GET /webhook
 * verification, POST /webhook (signature check on the raw body, then XADD of
 * the raw bytes to wa:in through the worker's async Redis connection, 200
 * only once Redis accepted it), GET /healthz, and 404/405 for the rest. One
 * handler serves every thread; per-thread state comes from the request's
 * worker (worker.h).
 */
#ifndef ing__webhook_h
#define ing__webhook_h

#include "h2o.h"
#include "wa/config.h"

/* Registers the metrics (wa_ingress_requests_total{result=...} and the latency histogram
 * wa_ingress_request_seconds{result=...}). Call once, before threads start. */
void ing_webhook_metrics_init(void);

/* Registers the handler for every path of `host`, plus a logger on the host's fallback path that counts the 413s h2o
 * sends by itself for bodies over max_request_entity_size. `cfg` is borrowed and must outlive the server. Every
 * h2o_context_t serving `host` must be the `ctx` member of an ing_worker_t. */
void ing_webhook_register(h2o_hostconf_t *host, const wa_config_t *cfg);

#endif
