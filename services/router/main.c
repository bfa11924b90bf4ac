/*
 * wa-router: consumes wa:in (group "router"), turns each Meta webhook into recorded patients, messages and
 * statuses, and hands each answerable message on to wa:out (welcome, knowledge base) or wa:ai. This file only
 * wires the parts together: configuration, the ops server, PostgreSQL, the router state (route.c) and the shared
 * stream consumer loop, which runs until SIGTERM/SIGINT.
 */
#include <stdlib.h>

#include "wa/config.h"
#include "wa/consumer.h"
#include "wa/log.h"
#include "wa/ops.h"
#include "wa/pg.h"

#include "route.h"

int main(void)
{
    wa_config_t cfg;
    wa_pg_t *pg;
    rt_router_t *router;
    wa_consumer_t *consumer;
    int rc;

    if (wa_config_load(&cfg, "router") != 0)
        return 2;
    wa_stop_install();
    if (wa_ops_start(cfg.ops_port) != 0)
        return 1;
    wa_ready_require(WA_READY_REDIS | WA_READY_PG | WA_READY_GROUP);

    pg = wa_pg_create(cfg.database_url);
    (void)wa_pg_conn(pg); /* connect early so that /readyz reflects PostgreSQL; NULL is retried on first use */
    router = rt_router_create(&cfg, pg);
    consumer = wa_consumer_create(&cfg, cfg.key_in, "router", "router");
    wa_info("router starting", "stream", cfg.key_in, "consumer", cfg.consumer_name);

    rc = wa_consumer_run(consumer, rt_router_batch_cb, router);

    wa_info("router stopping");
    wa_consumer_destroy(consumer);
    rt_router_destroy(router);
    wa_pg_destroy(pg);
    return rc == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
