/*
 * The audit log through the API (services/dashboard): GET /api/v1/audit lists
 * the tenant's rows newest first (the writers are the modules that change
 * things, each in the statement or transaction of its change, and wactl).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api.h"
#include "http.h"

void dash_audit_list(dash_call_t *c)
{
    long limit;
    long long before;
    char lim[24], bef[24];
    if (dash_list_texts(c, &limit, &before, lim, bef) != 0)
        return;
    const char *params[] = {c->tenant, bef, lim};
    dash_reply_page(
        c, "dashboard audit list",
        "SELECT coalesce(json_agg(json_build_object('id', a.id, 'at', a.at, 'actor', a.actor, 'action', a.action,"
        " 'target', a.target, 'before', a.before, 'after', a.after) ORDER BY a.id DESC) FILTER (WHERE a.n <= $3::int),"
        " '[]'), count(*) > $3::int, min(a.id) FILTER (WHERE a.n <= $3::int)"
        " FROM (SELECT *, row_number() OVER (ORDER BY id DESC) AS n FROM audit_log"
        " WHERE doctor_id = $1 AND ($2::bigint = 0 OR id < $2::bigint) ORDER BY id DESC LIMIT $3::int + 1) a",
        3, params);
}
