/*
 * `wactl token` (see user.h): API tokens for a clinic's own software. create prints the token once ("wat_" and 43
 * base64url characters, 256 random bits) and stores only its BLAKE2b-256 hash; list shows names and use, never a
 * token; revoke ends a token at once (the dashboard looks each one up on every request).
 */
#include "user.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sodium.h>

#include "wa/log.h"

#include "args.h"
#include "conn.h"
#include "listing.h"
#include "doctor.h"
#include "wa/secret.h"
#include "table.h"

static void group_usage(FILE *f)
{
    fputs("Usage: wactl token <create|list|revoke> [options]\n"
          "\n"
          "API tokens let a clinic's own software call the dashboard's API (Authorization: Bearer <token>) for that\n"
          "clinic only, with a clinic admin's permissions. A token is shown once, when created.\n"
          "\n"
          "  create  make a token for a clinic and print it\n"
          "  list    the tokens (names, dates, state; never the tokens themselves)\n"
          "  revoke  end a token now\n"
          "\n"
          "Each takes --help. Example:\n"
          "  wactl token create --doctor 919845000001 --name 'billing system'\n",
          f);
}

static void create_usage(FILE *f)
{
    fputs("Usage: wactl token create --doctor ID|NUMBER --name NAME [--json]\n"
          "\n"
          "Creates an API token for the clinic and prints it on standard output, once: store it in the software\n"
          "that will use it. Only its hash is kept. Names are labels (1 to 100 characters), shown in the audit log.\n"
          "\n"
          "Example:\n"
          "  wactl token create --doctor 919845000001 --name 'billing system'\n",
          f);
}

static void list_usage(FILE *f)
{
    fputs("Usage: wactl token list [--doctor ID|NUMBER] [--json]\n"
          "\n"
          "Lists the API tokens (of one clinic with --doctor): id, clinic number, name, created, last used (UTC,\n"
          "to the minute) and state (active or revoked).\n"
          "\n"
          "Example:\n"
          "  wactl token list --doctor 919845000001\n",
          f);
}

static void revoke_usage(FILE *f)
{
    fputs("Usage: wactl token revoke (--id ID | --doctor ID|NUMBER --name NAME) [--json]\n"
          "\n"
          "Revokes a token (by its id from 'wactl token list', or by its clinic and name): requests carrying it\n"
          "answer 401 from now on. Exit 1 when no active token matches.\n"
          "\n"
          "Example:\n"
          "  wactl token revoke --doctor 919845000001 --name 'billing system'\n",
          f);
}

static int create(ctl_ctx_t *ctx, int argc, char **argv)
{
    const char *doctor = NULL, *name = NULL;
    int help = 0, json = ctx->json, rc;
    ctl_opt_t opts[] = {
        {"doctor", CTL_OPT_STR, &doctor, 0, 0, 0}, {"name", CTL_OPT_STR, &name, 0, 0, 0},
        {"json", CTL_OPT_FLAG, &json, 0, 0, 0},    {"help", CTL_OPT_FLAG, &help, 0, 0, 0},
        {NULL, CTL_OPT_FLAG, NULL, 0, 0, 0},
    };
    char err[256], id[64], token[WA_TOKEN_MAX], hash[WA_TOKEN_HASH_HEX];
    if (ctl_args_parse(argc, argv, opts, NULL, 0, err, sizeof(err)) < 0)
        return ctl_usage_error("token create", "%s", err);
    if (help) {
        create_usage(stdout);
        return CTL_EXIT_OK;
    }
    if (doctor == NULL)
        return ctl_usage_error("token create", "--doctor is required");
    if (name == NULL || name[0] == '\0' || strlen(name) > 100)
        return ctl_usage_error("token create", "--name needs 1 to 100 characters");
    if (sodium_init() < 0) {
        ctl_error("token create: libsodium failed to start");
        return CTL_EXIT_FAIL;
    }
    PGconn *c = ctl_pg_open(ctx);
    if (c == NULL)
        return CTL_EXIT_UNREACHABLE;
    if ((rc = ctl_doctor_resolve(c, "token create", doctor, id, sizeof(id))) != CTL_EXIT_OK) {
        PQfinish(c);
        return rc;
    }
    wa_token_new("wat_", token);
    wa_token_hash(token, strlen(token), hash);
    const char *params[] = {id, name, hash};
    PGresult *res = ctl_pg_exec(c,
                                "WITH t AS (INSERT INTO api_tokens (doctor_id, name, token_hash) VALUES ($1, $2, $3)"
                                " RETURNING id, doctor_id, name),"
                                " a AS (INSERT INTO audit_log (doctor_id, actor, action, target, after)"
                                " SELECT doctor_id, 'wactl', 'token.create', 'token:' || id,"
                                " jsonb_build_object('name', name) FROM t)"
                                " SELECT id FROM t",
                                3, params);
    if (!ctl_pg_ok(res)) {
        sodium_memzero(token, sizeof(token));
        rc = ctl_pg_fail(c, res, "creating the token");
        PQfinish(c);
        return rc;
    }
    PQfinish(c);
    if (json) {
        cJSON *doc = cJSON_CreateObject();
        if (doc == NULL)
            wa_fatal("out of memory");
        ctl_json_add_str(doc, "id", PQgetvalue(res, 0, 0));
        ctl_json_add_str(doc, "doctor_id", id);
        ctl_json_add_str(doc, "name", name);
        ctl_json_add_str(doc, "token", token);
        rc = ctl_json_print(doc);
    } else {
        printf("%s\n", token);
        fputs("wactl: this token is shown once; only its hash is stored\n", stderr);
        rc = CTL_EXIT_OK;
    }
    sodium_memzero(token, sizeof(token));
    PQclear(res);
    return rc;
}

static int list(ctl_ctx_t *ctx, int argc, char **argv)
{
    static const ctl_listing_col_t cols[] = {
        {0, "id", "ID", 0},           {1, "doctor_id", NULL, 0},      {2, NULL, "DOCTOR", 0},
        {3, "name", "NAME", 30},      {4, "created", "CREATED (UTC)", 0}, {5, "last_used", "LAST USED", 0},
        {6, "state", "STATE", 0},
    };
    return ctl_listing_command(ctx, argc, argv, "token list", list_usage,
                               "SELECT t.id, t.doctor_id, d.phone_digits, t.name,"
                               " to_char(t.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI'),"
                               " to_char(t.last_used_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI'),"
                               " CASE WHEN t.revoked_at IS NULL THEN 'active' ELSE 'revoked' END"
                               " FROM api_tokens t JOIN doctors d ON d.id = t.doctor_id"
                               " WHERE $1::uuid IS NULL OR t.doctor_id = $1::uuid ORDER BY t.created_at, t.id",
                               cols, sizeof(cols) / sizeof(cols[0]), "no API tokens", "listing the tokens");
}

static int revoke(ctl_ctx_t *ctx, int argc, char **argv)
{
    const char *tid = NULL, *doctor = NULL, *name = NULL;
    int help = 0, json = ctx->json, rc;
    ctl_opt_t opts[] = {
        {"id", CTL_OPT_STR, &tid, 0, 0, 0},     {"doctor", CTL_OPT_STR, &doctor, 0, 0, 0},
        {"name", CTL_OPT_STR, &name, 0, 0, 0},  {"json", CTL_OPT_FLAG, &json, 0, 0, 0},
        {"help", CTL_OPT_FLAG, &help, 0, 0, 0}, {NULL, CTL_OPT_FLAG, NULL, 0, 0, 0},
    };
    char err[256], id[64] = "";
    if (ctl_args_parse(argc, argv, opts, NULL, 0, err, sizeof(err)) < 0)
        return ctl_usage_error("token revoke", "%s", err);
    if (help) {
        revoke_usage(stdout);
        return CTL_EXIT_OK;
    }
    if ((tid == NULL) == (doctor == NULL || name == NULL) || (tid != NULL && (doctor != NULL || name != NULL)))
        return ctl_usage_error("token revoke", "give --id, or --doctor and --name");
    if (tid != NULL && !ctl_is_uuid(tid))
        return ctl_usage_error("token revoke", "--id is a token id (uuid) from 'wactl token list'");
    PGconn *c = ctl_pg_open(ctx);
    if (c == NULL)
        return CTL_EXIT_UNREACHABLE;
    if (doctor != NULL && (rc = ctl_doctor_resolve(c, "token revoke", doctor, id, sizeof(id))) != CTL_EXIT_OK) {
        PQfinish(c);
        return rc;
    }
    const char *params[] = {tid, id[0] != '\0' ? id : NULL, name};
    PGresult *res = ctl_pg_exec(c,
                                "WITH t AS (UPDATE api_tokens SET revoked_at = now() WHERE revoked_at IS NULL AND"
                                " (id = $1::uuid OR ($1::uuid IS NULL AND doctor_id = $2::uuid AND name = $3))"
                                " RETURNING id, doctor_id, name),"
                                " a AS (INSERT INTO audit_log (doctor_id, actor, action, target, before, after)"
                                " SELECT doctor_id, 'wactl', 'token.revoke', 'token:' || id,"
                                " jsonb_build_object('name', name, 'state', 'active'),"
                                " jsonb_build_object('name', name, 'state', 'revoked') FROM t)"
                                " SELECT id FROM t",
                                3, params);
    if (!ctl_pg_ok(res)) {
        rc = ctl_pg_fail(c, res, "revoking the token");
        PQfinish(c);
        return rc;
    }
    PQfinish(c);
    int n = PQntuples(res);
    if (n == 0) {
        PQclear(res);
        ctl_error("token revoke: no active token matches (see 'wactl token list')");
        return CTL_EXIT_FAIL;
    }
    if (json) {
        cJSON *doc = cJSON_CreateObject(), *ids = cJSON_CreateArray();
        if (doc == NULL || ids == NULL || !cJSON_AddItemToObject(doc, "revoked", ids))
            wa_fatal("out of memory");
        for (int i = 0; i < n; i++)
            if (!cJSON_AddItemToArray(ids, cJSON_CreateString(PQgetvalue(res, i, 0))))
                wa_fatal("out of memory");
        PQclear(res);
        return ctl_json_print(doc);
    }
    for (int i = 0; i < n; i++)
        printf("revoked %s\n", PQgetvalue(res, i, 0));
    PQclear(res);
    return CTL_EXIT_OK;
}

int ctl_token_main(ctl_ctx_t *ctx, int argc, char **argv)
{
    static const ctl_subcmd_t cmds[] = {
        {"create", create},
        {"list", list},
        {"revoke", revoke},
        {NULL, NULL},
    };
    return ctl_dispatch(ctx, "token", cmds, group_usage, argc, argv);
}
