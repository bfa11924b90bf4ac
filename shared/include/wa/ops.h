/*
 * Health and metrics: every service serves /healthz (alive), /readyz (its
 * dependencies reachable) and /metrics (Prometheus text) on OPS_PORT, from a
 * small h2o server on a thread of its own, so a busy or blocked worker never
 * hides its own health. Metrics are process-wide counters, gauges and
 * latency histograms, updated with atomics from any thread.
 */
#ifndef wa__ops_h
#define wa__ops_h

#include <stdint.h>

/* Readiness conditions; a service requires some of them. */
enum {
    WA_READY_REDIS = 1u << 0, /* Redis reachable */
    WA_READY_PG = 1u << 1,    /* PostgreSQL reachable */
    WA_READY_GROUP = 1u << 2, /* consumer group joined */
};
void wa_ready_require(unsigned bits);
void wa_ready_set(unsigned bit, int on);
int wa_ready(void); /* 1 when every required bit is set */
unsigned wa_ready_bits(void);

typedef enum en_wa_metric_kind_t { WA_METRIC_COUNTER, WA_METRIC_GAUGE, WA_METRIC_HISTOGRAM } wa_metric_kind_t;

typedef struct st_wa_metric_t wa_metric_t;

/* Registers (or finds) the series name{labels}. `labels` is the Prometheus label text without braces, e.g.
 * "stage=\"router\",outcome=\"ack\"", or NULL/"" for none. The name and help are borrowed (use literals); labels are
 * copied. The returned pointer lives as long as the process: look it up once, then add from any thread. */
wa_metric_t *wa_metric(wa_metric_kind_t kind, const char *name, const char *labels, const char *help);
void wa_metric_add(wa_metric_t *m, int64_t v);
void wa_metric_set(wa_metric_t *m, int64_t v);
int64_t wa_metric_value(const wa_metric_t *m);
/* A histogram observation in milliseconds; exported in seconds with the fixed buckets 1 ms .. 60 s (+Inf), as
 * name_bucket{le=...}, name_sum and name_count. For a histogram, wa_metric_value() is the observation count. */
void wa_metric_observe_ms(wa_metric_t *m, double ms);

/* Renders every series as Prometheus text exposition. Caller frees. */
char *wa_metrics_render(unsigned long *len);

/* Starts the ops server on 0.0.0.0:port in a thread. Returns 0, or -1 (port in use...) with a log line. */
int wa_ops_start(int port);

#endif
