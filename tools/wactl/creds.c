/*
 * `wactl creds` (creds.h). Validation (one Graph call per doctor) and the
 * store are libwa's wa/creds.h, shared with the dashboard's PUT
 * /api/v1/whatsapp; sealing is libwa's (wa/crypt.h), and a check's verdict is
 * recorded with the same statement the sender uses (wa_creds_state_exec).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cjson/cJSON.h>
#include <openssl/crypto.h>
#include "wa/creds.h"
#include "wa/hmac.h"
#include "wa/log.h"
#include "wa/phone.h"
#include "args.h"
#include "conn.h"
#include "creds.h"
#include "ctl.h"
#include "doctor.h"
#include "table.h"

#include "wa/creds.h"
#include "wa/crypt.h"

static void usage(FILE *f)
{
    fputs("Usage: wactl creds set DOCTOR --phone-number-id ID --token-file FILE|- [--business-account-id ID]\n"
          "                      [--app-id ID --app-secret-file FILE|-] [--expires-at TIME] [--no-fallback]\n"
          "       wactl creds check [DOCTOR] [--json]\n"
          "       wactl creds rotate [--json]\n"
          "\n"
          "set     validates the credentials against the Graph API (the phone number id must be readable with the\n"
          "        token and its display number must be the doctor's), then stores them sealed with CREDENTIALS_KEY\n"
          "        (AES-256-GCM). DOCTOR is the doctor's id or phone number. --no-fallback: never send this doctor's\n"
          "        messages through the master number when the doctor's own credentials fail.\n"
          "        The token and the app secret are read from a file or, with -, from standard input (the first line;\n"
          "        one of them at most from stdin), so that they never appear in `ps`. The old --token TOKEN and\n"
          "        --app-secret SECRET still work (--token - reads stdin) but warn: argv is visible to every user.\n"
          "check   re-validates each doctor's credentials (or one doctor's) and shows state, expiry and last error;\n"
          "        exits 1 when any is invalid.\n"
          "rotate  re-seals every doctor's token and app secret under the current CREDENTIALS_KEY; values sealed\n"
          "        under an older key are opened with CREDENTIALS_KEY_PREVIOUS (comma-separated base64 keys).\n"
          "\n"
          "Tokens and secrets are never printed. Environment: CREDENTIALS_KEY, CREDENTIALS_KEY_PREVIOUS,\n"
          "WHATSAPP_GRAPH_URL, DATABASE_URL.\n"
          "\n"
          "Example:\n"
          "  printf '%s\\n' \"$DOCTOR_TOKEN\" |\n"
          "    wactl creds set +919845000001 --phone-number-id 123456789012345 --token-file -\n",
          f);
}

/* Reads a secret's first line from `path` ("-": standard input), without its line end and surrounding blanks.
 * Returns a malloc'd string the caller wipes (wipe_free), or NULL with the reason in err (never any content). */
static char *read_secret(const char *path, char *err, size_t errsz)
{
    FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "r");
    if (f == NULL) {
        snprintf(err, errsz, "cannot open %s: %s", path, strerror(errno));
        return NULL;
    }
    char *line = NULL;
    size_t cap = 0;
    ssize_t n = getline(&line, &cap, f);
    if (f != stdin)
        fclose(f);
    if (n < 0) {
        free(line);
        snprintf(err, errsz, "%s is empty", strcmp(path, "-") == 0 ? "standard input" : path);
        return NULL;
    }
    size_t len = (size_t)n, start = 0;
    while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r' || line[len - 1] == ' ' || line[len - 1] == '\t'))
        line[--len] = '\0';
    while (start < len && (line[start] == ' ' || line[start] == '\t'))
        start++;
    if (start == len) {
        OPENSSL_cleanse(line, cap);
        free(line);
        snprintf(err, errsz, "%s holds no secret", strcmp(path, "-") == 0 ? "standard input" : path);
        return NULL;
    }
    memmove(line, line + start, len - start + 1);
    return line; /* cap >= strlen + 1: wipe_free cleans what getline wrote */
}

static void wipe_free(char *s)
{
    if (s != NULL) {
        OPENSSL_cleanse(s, strlen(s));
        free(s);
    }
}

/* One secret of `creds set`: from --NAME-file F, or the old --NAME VALUE ("-": stdin) with a warning. Returns 0 with
 * *out malloc'd (NULL when neither was given), or -1 after a usage error was printed (*rc set). */
static int take_secret(const char *name, const char *value, const char *file, char **out, int *rc)
{
    char err[512];
    *out = NULL;
    if (value != NULL && file != NULL) {
        *rc = ctl_usage_error("creds set", "--%s and --%s-file exclude each other", name, name);
        return -1;
    }
    if (value != NULL && strcmp(value, "-") != 0) {
        fprintf(stderr,
                "wactl: warning: --%s VALUE is visible to every user of this machine (ps, /proc): use "
                "--%s-file FILE or --%s-file - (standard input)\n",
                name, name, name);
        if ((*out = strdup(value)) == NULL)
            wa_fatal("out of memory");
        return 0;
    }
    const char *path = value != NULL ? value : file;
    if (path == NULL)
        return 0;
    if ((*out = read_secret(path, err, sizeof(err))) == NULL) {
        *rc = ctl_usage_error("creds set", "--%s%s: %s", name, value != NULL ? "" : "-file", err);
        return -1;
    }
    return 0;
}

static int load_ring(const ctl_ctx_t *ctx, wa_crypt_keyring_t *ring)
{
    if (wa_crypt_keyring_load(ring, ctx->cfg.credentials_key, ctx->cfg.credentials_key_previous) != 0) {
        ctl_error("CREDENTIALS_KEY or CREDENTIALS_KEY_PREVIOUS is not 32 bytes of base64");
        return -1;
    }
    if (ring->n == 0) {
        ctl_error("CREDENTIALS_KEY is not set (32 random bytes, base64: openssl rand -base64 32)");
        return -1;
    }
    return 0;
}

static int creds_set_run(ctl_ctx_t *ctx, const char *doctor, const char *pnid, const char *token, const char *waba,
                         const char *app_id, const char *app_secret, const char *expires, int no_fallback, int json);

static int creds_set(ctl_ctx_t *ctx, int argc, char **argv)
{
    const char *pnid = NULL, *token_arg = NULL, *waba = NULL, *app_id = NULL, *secret_arg = NULL, *expires = NULL;
    const char *token_file = NULL, *secret_file = NULL;
    int help = 0, json = ctx->json, no_fallback = 0;
    ctl_opt_t opts[] = {
        {"phone-number-id", CTL_OPT_STR, &pnid, 0, 0, 0},
        {"token", CTL_OPT_STR, &token_arg, 0, 0, 0},
        {"token-file", CTL_OPT_STR, &token_file, 0, 0, 0},
        {"business-account-id", CTL_OPT_STR, &waba, 0, 0, 0},
        {"app-id", CTL_OPT_STR, &app_id, 0, 0, 0},
        {"app-secret", CTL_OPT_STR, &secret_arg, 0, 0, 0},
        {"app-secret-file", CTL_OPT_STR, &secret_file, 0, 0, 0},
        {"expires-at", CTL_OPT_STR, &expires, 0, 0, 0},
        {"no-fallback", CTL_OPT_FLAG, &no_fallback, 0, 0, 0},
        {"json", CTL_OPT_FLAG, &json, 0, 0, 0},
        {"help", CTL_OPT_FLAG, &help, 0, 0, 0},
        {NULL, CTL_OPT_FLAG, NULL, 0, 0, 0},
    };
    const char *pos[1] = {NULL};
    char err[256];
    int npos = ctl_args_parse(argc, argv, opts, pos, 1, err, sizeof(err));
    if (npos < 0)
        return ctl_usage_error("creds set", "%s", err);
    if (help) {
        usage(stdout);
        return CTL_EXIT_OK;
    }
    if (npos != 1)
        return ctl_usage_error("creds set", "DOCTOR (id or phone number) is required");
    if (pnid == NULL || pnid[0] == '\0' || (token_arg == NULL && token_file == NULL))
        return ctl_usage_error("creds set", "--phone-number-id and --token-file are required");
    if ((app_id != NULL) != (secret_arg != NULL || secret_file != NULL))
        return ctl_usage_error("creds set", "--app-id and --app-secret-file go together");
    const char *sources[] = {token_arg, token_file, secret_arg, secret_file};
    int stdin_users = 0;
    for (size_t k = 0; k < sizeof(sources) / sizeof(sources[0]); k++)
        stdin_users += sources[k] != NULL && strcmp(sources[k], "-") == 0;
    if (stdin_users > 1)
        return ctl_usage_error("creds set", "only one of the token and the app secret can come from standard input");
    char *token = NULL, *app_secret = NULL;
    int rc = CTL_EXIT_USAGE;
    if (take_secret("token", token_arg, token_file, &token, &rc) != 0 ||
        take_secret("app-secret", secret_arg, secret_file, &app_secret, &rc) != 0) {
        wipe_free(token);
        return rc;
    }
    if (app_secret != NULL && wa_app_secret_weak(app_secret) != NULL) {
        rc = ctl_usage_error("creds set", "--app-secret refused: %s", wa_app_secret_weak(app_secret));
        wipe_free(token);
        wipe_free(app_secret);
        return rc;
    }
    rc = creds_set_run(ctx, pos[0], pnid, token, waba, app_id, app_secret, expires, no_fallback, json);
    wipe_free(token);
    wipe_free(app_secret);
    return rc;
}

static int creds_set_run(ctl_ctx_t *ctx, const char *doctor, const char *pnid, const char *token, const char *waba,
                         const char *app_id, const char *app_secret, const char *expires, int no_fallback, int json)
{
    wa_crypt_keyring_t ring;
    if (load_ring(ctx, &ring) != 0)
        return CTL_EXIT_USAGE;
    PGconn *c = ctl_pg_open(ctx);
    if (c == NULL) {
        wa_crypt_keyring_wipe(&ring);
        return CTL_EXIT_UNREACHABLE;
    }
    char id[64];
    int rc = ctl_doctor_resolve(c, "creds set", doctor, id, sizeof(id));
    if (rc != CTL_EXIT_OK)
        goto out;
    const char *p1[1] = {id};
    PGresult *res = ctl_pg_exec(
        c, "SELECT phone_digits, coalesce(whatsapp_business_account_id, '') <> '' FROM doctors WHERE id = $1", 1, p1);
    if (!ctl_pg_ok(res)) {
        rc = ctl_pg_fail(c, res, "reading the doctor");
        goto out;
    }
    char doctor_digits[32];
    wa_number_t num;
    snprintf(doctor_digits, sizeof(doctor_digits), "%s", PQgetvalue(res, 0, 0));
    if (app_secret != NULL && (waba == NULL || waba[0] == '\0') && PQgetvalue(res, 0, 1)[0] != 't')
        fprintf(stderr, "wactl: warning: this doctor has no business account id: webhooks signed with its app "
                        "secret are refused until one is set (--business-account-id)\n");
    PQclear(res);
    int vrc = wa_creds_validate(ctx->cfg.graph_url, ctx->cfg.graph_timeout_ms, pnid, token, doctor_digits, &num);
    if (vrc != WA_CREDS_OK) {
        if (num.display[0] != '\0') /* Graph answered: the number is another's */
            ctl_error("%s: nothing stored", num.why);
        else
            ctl_error("credentials refused, nothing stored: %s", num.why);
        rc = CTL_EXIT_FAIL;
        goto out;
    }
    const char *display = num.display;
    char aad_t[128], aad_s[128];
    snprintf(aad_t, sizeof(aad_t), "%s/whatsapp_access_token", id);
    snprintf(aad_s, sizeof(aad_s), "%s/whatsapp_app_secret", id);
    char *sealed_t = wa_crypt_seal(&ring.keys[0], token, aad_t);
    char *sealed_s = app_secret != NULL ? wa_crypt_seal(&ring.keys[0], app_secret, aad_s) : NULL;
    if (sealed_t == NULL || (app_secret != NULL && sealed_s == NULL)) {
        ctl_error("encryption failed (OpenSSL)");
        free(sealed_t);
        free(sealed_s);
        rc = CTL_EXIT_FAIL;
        goto out;
    }
    wa_creds_row_t row = {id, pnid, sealed_t, waba, app_id, sealed_s, 0, ring.keys[0].id, expires, !no_fallback, &num};
    int src = wa_creds_store(c, &row, &res);
    free(sealed_t);
    free(sealed_s);
    if (src != 0) {
        rc = ctl_pg_fail(c, res, "storing the credentials");
        goto out;
    }
    if (json) {
        cJSON *doc = cJSON_CreateObject();
        if (doc == NULL)
            wa_fatal("out of memory");
        ctl_json_add_str(doc, "doctor_id", id);
        ctl_json_add_str(doc, "phone_number_id", pnid);
        ctl_json_add_str(doc, "display_phone_number", display);
        ctl_json_add_str(doc, "state", "valid");
        ctl_json_add_str(doc, "key_id", ring.keys[0].id);
        rc = ctl_json_print(doc);
    } else {
        printf("credentials of %s stored (phone number id %s, %s), state valid\n", id, pnid, display);
    }
out:
    wa_crypt_keyring_wipe(&ring);
    PQfinish(c);
    return rc;
}

static int creds_check(ctl_ctx_t *ctx, int argc, char **argv)
{
    int help = 0, json = ctx->json;
    ctl_opt_t opts[] = {
        {"json", CTL_OPT_FLAG, &json, 0, 0, 0},
        {"help", CTL_OPT_FLAG, &help, 0, 0, 0},
        {NULL, CTL_OPT_FLAG, NULL, 0, 0, 0},
    };
    const char *pos[1] = {NULL};
    char err[256];
    int npos = ctl_args_parse(argc, argv, opts, pos, 1, err, sizeof(err));
    if (npos < 0)
        return ctl_usage_error("creds check", "%s", err);
    if (help) {
        usage(stdout);
        return CTL_EXIT_OK;
    }
    wa_crypt_keyring_t ring;
    if (load_ring(ctx, &ring) != 0)
        return CTL_EXIT_USAGE;
    PGconn *c = ctl_pg_open(ctx);
    if (c == NULL) {
        wa_crypt_keyring_wipe(&ring);
        return CTL_EXIT_UNREACHABLE;
    }
    char id[64] = "";
    int rc = CTL_EXIT_OK;
    if (npos == 1 && (rc = ctl_doctor_resolve(c, "creds check", pos[0], id, sizeof(id))) != CTL_EXIT_OK) {
        wa_crypt_keyring_wipe(&ring);
        PQfinish(c);
        return rc;
    }
    const char *p1[1] = {id[0] ? id : NULL};
    PGresult *res = ctl_pg_exec(c,
                                "SELECT id, phone_digits, whatsapp_phone_number_id, whatsapp_access_token, "
                                "coalesce(to_char(whatsapp_token_expires_at, 'YYYY-MM-DD\"T\"HH24:MI:SSOF'), ''), "
                                "coalesce(whatsapp_token_expires_at < now() + interval '7 days', false) "
                                "FROM doctors WHERE whatsapp_access_token IS NOT NULL AND ($1::uuid IS NULL OR id = $1) "
                                "ORDER BY name",
                                1, p1);
    if (!ctl_pg_ok(res)) {
        rc = ctl_pg_fail(c, res, "reading the credentials");
        wa_crypt_keyring_wipe(&ring);
        PQfinish(c);
        return rc;
    }
    static const char *headers[] = {"doctor", "phone_number_id", "state", "expires_at", "error"};
    ctl_table_t *t = ctl_table_create(5, headers);
    cJSON *arr = cJSON_CreateArray();
    int bad = 0, vrc;
    for (int i = 0; i < PQntuples(res); i++) {
        const char *did = PQgetvalue(res, i, 0), *pnid = PQgetvalue(res, i, 2);
        char aad[128], why[400] = "";
        char *token = NULL;
        wa_number_t num = {0};
        const char *state;
        snprintf(aad, sizeof(aad), "%s/whatsapp_access_token", did);
        int orc = wa_crypt_open(&ring, PQgetvalue(res, i, 3), aad, &token);
        if (orc != WA_CRYPT_OK) {
            state = "invalid";
            snprintf(why, sizeof(why), "cannot open the stored token: %s", wa_crypt_strerror(orc));
        } else if ((vrc = wa_creds_validate(ctx->cfg.graph_url, ctx->cfg.graph_timeout_ms, pnid, token,
                                            PQgetvalue(res, i, 1), &num)) != WA_CREDS_OK) {
            state = vrc == WA_CREDS_REFUSED ? "invalid" : "unknown"; /* unreachable Graph: no verdict */
            if (vrc == WA_CREDS_REFUSED && num.code[0] == '\0')
                snprintf(why, sizeof(why), "the number id now belongs to %s", num.display);
            else
                snprintf(why, sizeof(why), "%s", num.why);
        } else {
            state = strcmp(PQgetvalue(res, i, 5), "t") == 0 ? "expiring" : "valid";
        }
        wa_crypt_free(token);
        if (strcmp(state, "invalid") == 0)
            bad = 1;
        if (strcmp(state, "unknown") != 0) {
            PQclear(wa_creds_state_exec(c, did, state, why[0] ? why : NULL));
            if (strcmp(state, "invalid") != 0 && (num.quality[0] != '\0' || num.limit[0] != '\0')) {
                const char *pq[] = {did, num.quality[0] ? num.quality : NULL, num.limit[0] ? num.limit : NULL};
                PQclear(ctl_pg_exec(c,
                                    "UPDATE doctors SET whatsapp_quality_rating = coalesce($2, whatsapp_quality_rating), "
                                    "whatsapp_messaging_limit = coalesce($3, whatsapp_messaging_limit) WHERE id = $1",
                                    3, pq));
            }
        }
        const char *cells[] = {did, pnid, state, PQgetvalue(res, i, 4)[0] ? PQgetvalue(res, i, 4) : NULL,
                               why[0] ? why : NULL};
        ctl_table_add_row(t, cells);
        cJSON *o = cJSON_CreateObject();
        if (o == NULL)
            wa_fatal("out of memory");
        ctl_json_add_str(o, "doctor_id", did);
        ctl_json_add_str(o, "phone_number_id", pnid);
        ctl_json_add_str(o, "state", state);
        ctl_json_add_str(o, "expires_at", cells[3]);
        ctl_json_add_str(o, "error", cells[4]);
        cJSON_AddItemToArray(arr, o);
    }
    PQclear(res);
    if (json) {
        rc = ctl_json_print(arr);
    } else {
        cJSON_Delete(arr);
        ctl_table_print(t, stdout);
    }
    ctl_table_destroy(t);
    wa_crypt_keyring_wipe(&ring);
    PQfinish(c);
    return rc != CTL_EXIT_OK ? rc : bad ? CTL_EXIT_FAIL : CTL_EXIT_OK;
}

/* Re-seals one column value of one doctor. Returns 1 re-sealed, 0 already current, -1 failure (printed). */
static int reseal(PGconn *c, const wa_crypt_keyring_t *ring, const char *id, const char *col, const char *sealed)
{
    char aad[128], kid[WA_CRYPT_ID_LEN + 1];
    if (wa_crypt_sealed_key_id(sealed, kid) == 0 && strcmp(kid, ring->keys[0].id) == 0)
        return 0;
    snprintf(aad, sizeof(aad), "%s/%s", id, col);
    char *plain = NULL;
    int rc = wa_crypt_open(ring, sealed, aad, &plain);
    if (rc != WA_CRYPT_OK) {
        ctl_error("doctor %s: cannot open %s (%s); set CREDENTIALS_KEY_PREVIOUS to the key that sealed it", id, col,
                  wa_crypt_strerror(rc));
        return -1;
    }
    char *fresh = wa_crypt_seal(&ring->keys[0], plain, aad);
    wa_crypt_free(plain);
    if (fresh == NULL) {
        ctl_error("encryption failed (OpenSSL)");
        return -1;
    }
    char sql[256];
    snprintf(sql, sizeof(sql), "UPDATE doctors SET %s = $2, credentials_key_id = $3 WHERE id = $1", col);
    const char *params[] = {id, fresh, ring->keys[0].id};
    PGresult *res = ctl_pg_exec(c, sql, 3, params);
    free(fresh);
    int ok = ctl_pg_ok(res);
    if (!ok)
        return ctl_pg_fail(c, res, "storing a re-sealed value"), -1;
    PQclear(res);
    return 1;
}

static int creds_rotate(ctl_ctx_t *ctx, int argc, char **argv)
{
    int help = 0, json = ctx->json;
    ctl_opt_t opts[] = {
        {"json", CTL_OPT_FLAG, &json, 0, 0, 0},
        {"help", CTL_OPT_FLAG, &help, 0, 0, 0},
        {NULL, CTL_OPT_FLAG, NULL, 0, 0, 0},
    };
    char err[256];
    if (ctl_args_parse(argc, argv, opts, NULL, 0, err, sizeof(err)) < 0)
        return ctl_usage_error("creds rotate", "%s", err);
    if (help) {
        usage(stdout);
        return CTL_EXIT_OK;
    }
    wa_crypt_keyring_t ring;
    if (load_ring(ctx, &ring) != 0)
        return CTL_EXIT_USAGE;
    PGconn *c = ctl_pg_open(ctx);
    if (c == NULL) {
        wa_crypt_keyring_wipe(&ring);
        return CTL_EXIT_UNREACHABLE;
    }
    PGresult *res = ctl_pg_exec(c,
                                "SELECT id, whatsapp_access_token, whatsapp_app_secret FROM doctors "
                                "WHERE whatsapp_access_token IS NOT NULL OR whatsapp_app_secret IS NOT NULL",
                                0, NULL);
    int rc = CTL_EXIT_OK;
    long resealed = 0, failed = 0;
    if (!ctl_pg_ok(res)) {
        rc = ctl_pg_fail(c, res, "reading the credentials");
    } else {
        for (int i = 0; i < PQntuples(res); i++) {
            static const char *cols[] = {"whatsapp_access_token", "whatsapp_app_secret"};
            for (int k = 0; k < 2; k++) {
                if (PQgetisnull(res, i, 1 + k))
                    continue;
                int r = reseal(c, &ring, PQgetvalue(res, i, 0), cols[k], PQgetvalue(res, i, 1 + k));
                if (r > 0)
                    resealed++;
                else if (r < 0)
                    failed++;
            }
        }
        PQclear(res);
        if (json) {
            cJSON *doc = cJSON_CreateObject();
            if (doc == NULL)
                wa_fatal("out of memory");
            cJSON_AddNumberToObject(doc, "resealed", (double)resealed);
            cJSON_AddNumberToObject(doc, "failed", (double)failed);
            ctl_json_add_str(doc, "key_id", ring.keys[0].id);
            ctl_json_print(doc);
        } else {
            printf("re-sealed %ld value(s) under key %s, %ld failed\n", resealed, ring.keys[0].id, failed);
        }
        if (failed > 0)
            rc = CTL_EXIT_FAIL;
    }
    wa_crypt_keyring_wipe(&ring);
    PQfinish(c);
    return rc;
}

int ctl_creds_main(ctl_ctx_t *ctx, int argc, char **argv)
{
    static const ctl_subcmd_t cmds[] = {
        {"set", creds_set},
        {"check", creds_check},
        {"rotate", creds_rotate},
        {NULL, NULL},
    };
    return ctl_dispatch(ctx, "creds", cmds, usage, argc, argv);
}
