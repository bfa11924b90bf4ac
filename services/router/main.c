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
#include "wa/sys.h"

#include "flow.h"
#include "route.h"

/* Once per consumer loop turn: a cheap PostgreSQL check at most every second, so that /readyz reports a
 * database that went away even while no messages come; and the connections' cached plans dropped every
 * WA_PG_REPLAN_MS (rt_router_replan, wa_pg_replan: plans made on the small tables of a fresh start are not kept). */
static wa_pg_t *turn_pg;

static void turn(void *router)
{
    (void)wa_pg_ping(turn_pg, 1000);
    rt_router_replan(router);
}

int main(int argc, char **argv)
{
    wa_config_t cfg;
    wa_pg_t *pg;
    rt_router_t *router;
    fl_flows_t *flows;
    wa_consumer_t *consumer;
    int rc;

    wa_config_args(argc, argv, "router",
                   "consumes wa:in: records patients and messages, runs the clinic conversations, answers from the "
                   "knowledge base or hands on to wa:ai");
    if (wa_config_load(&cfg, "router") != 0)
        return 2;
    (void)wa_sys_harden(); /* no core dumps: they would hold tokens and CREDENTIALS_KEY */
    wa_stop_install();
    if (wa_ops_start(cfg.ops_port) != 0)
        return 1;
    wa_ready_require(WA_READY_REDIS | WA_READY_PG | WA_READY_GROUP);

    pg = wa_pg_create(cfg.database_url);
    (void)wa_pg_conn(pg); /* connect early so that /readyz reflects PostgreSQL; NULL is retried on first use */
    router = rt_router_create(&cfg, pg);
    rt_router_set_pg_parallel(router, (int)cfg.router_pg_parallel);
    flows = fl_flows_create(&cfg, pg); /* the clinic conversations (flow.c) */
    rt_router_set_flows(router, fl_flows_turn, flows);
    rt_router_set_flow_needs(router, fl_flows_needs);
    consumer = wa_consumer_create(&cfg, cfg.key_in, "router", "router");
    turn_pg = pg;
    wa_consumer_on_turn(consumer, turn, router);
    wa_info("router starting", "stream", cfg.key_in, "consumer", cfg.consumer_name);

    rc = wa_consumer_run(consumer, rt_router_batch_cb, router);

    wa_info("router stopping");
    wa_consumer_destroy(consumer);
    rt_router_destroy(router);
    fl_flows_destroy(flows);
    wa_pg_destroy(pg);
    return rc == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
