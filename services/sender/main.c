/*
 * wa-sender: consumes wa:out (group "sender") and sends each message once
 * through the Graph API, or to wa:sandbox when there are no credentials
 * (sender.c does the work). This file only wires configuration, the ops
 * server, PostgreSQL, the stage driver (loop.h: libwa's stage loop with many
 * Graph calls in flight), the thread that moves due wa:retry members back to
 * wa:out (retry.c) and the token refresh and credential metrics thread
 * (refresh.c), the broadcast pump (broadcast.c) and the media fetcher thread (media.c, wa:media) together.
 * SENDER_LOOP is no longer read: the continuous loop is the only one (a value of "batch" is ignored with a warning).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "wa/config.h"
#include "wa/consumer.h"
#include "wa/log.h"
#include "wa/ops.h"
#include "wa/pg.h"
#include "wa/sys.h"
#include "broadcast.h"
#include "loop.h"
#include "media.h"
#include "refresh.h"
#include "retry.h"
#include "sender.h"

int main(int argc, char **argv)
{
    wa_sys_lean_start(argv); /* GnuTLS not initialised at load: nothing here uses it */
    wa_config_t cfg;
    wa_config_args(argc, argv, "sender",
                   "consumes wa:out: sends through the Graph API with each clinic's credentials, rate limits, retries, "
                   "dead letters");
    if (wa_config_load(&cfg, "sender") != 0)
        return 2;
    (void)wa_sys_harden(); /* no core dumps: they would hold tokens and CREDENTIALS_KEY */
    const char *mode = getenv("SENDER_LOOP");
    if (mode != NULL && mode[0] != '\0' && strcmp(mode, "continuous") != 0)
        wa_warn("SENDER_LOOP is no longer read: the sender always runs its continuous loop", "SENDER_LOOP", mode);
    snd_loop_opts_t opts;
    if (snd_loop_opts_load(&opts) != 0 || snd_broadcast_settings_check() != 0)
        return 2;
    wa_stop_install();
    if (wa_ops_start(cfg.ops_port) != 0)
        return 1;
    wa_ready_require(WA_READY_REDIS | WA_READY_PG | WA_READY_GROUP);

    wa_pg_t *pg = wa_pg_create(cfg.database_url);
    if (wa_pg_conn(pg) == NULL)
        wa_warn("PostgreSQL not reachable yet; will retry"); /* readiness stays down until it is */
    snd_sender_t *sender = snd_sender_create(&cfg, pg);
    int sandbox = cfg.master_phone_number_id == NULL || cfg.master_phone_number_id[0] == '\0' ||
                  cfg.master_token == NULL || cfg.master_token[0] == '\0';
    wa_info("sender starting", "stream", cfg.key_out, "consumer", cfg.consumer_name, "graph_url", cfg.graph_url, "mode",
            sandbox ? "sandbox" : "master");

    snd_retry_mover_t *mover = snd_retry_mover_start(&cfg, snd_sender_retry_settings(sender));
    if (mover == NULL)
        wa_error("cannot start the wa:retry mover thread: scheduled resends wait for another replica");
    snd_refresh_t *refresh = snd_refresh_start(&cfg);
    snd_broadcast_t *pump = snd_broadcast_start(&cfg); /* broadcasts: paced into wa:out (broadcast.h) */
    snd_media_t *media = snd_media_start(&cfg); /* wa:media: inbound photos and documents (issue 17) */
    int rc = snd_loop_run(&cfg, cfg.key_out, "sender", sender, pg, &opts);
    snd_media_stop(media);
    snd_broadcast_stop(pump);
    snd_refresh_stop(refresh);
    snd_retry_mover_stop(mover);

    snd_sender_destroy(sender);
    wa_pg_destroy(pg);
    wa_info("sender stopped");
    return rc == 0 ? 0 : 1;
}
