/*
 * `wactl migrate` (migrate.h): finds the migrations folder, lists its
 * NNN_name.sql files in numeric order, and applies under an advisory lock
 * every file that schema_migrations does not record yet, each in its own
 * transaction together with its schema_migrations row, so that a file is
 * either applied and recorded or neither, and each in its own session: the
 * session that holds the lock applies none (see apply_one).
 */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <libgen.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "wa/buf.h"
#include "wa/log.h"
#include "args.h"
#include "conn.h"
#include "ctl.h"
#include "migrate.h"

int ctl_migrate_parse_name(const char *name, long *num)
{
    if (name == NULL || strchr(name, '/') != NULL)
        return 0;
    size_t len = strlen(name), digits = 0;
    while (isdigit((unsigned char)name[digits]))
        digits++;
    /* digits, '_', at least one character, ".sql" */
    if (digits == 0 || digits > 9 || name[digits] != '_' || len < digits + 1 + 1 + 4 ||
        strcmp(name + len - 4, ".sql") != 0)
        return 0;
    if (num != NULL)
        *num = strtol(name, NULL, 10);
    return 1;
}

static int compare_names(const void *a, const void *b)
{
    const char *x = *(char *const *)a, *y = *(char *const *)b;
    long nx = 0, ny = 0;
    (void)ctl_migrate_parse_name(x, &nx);
    (void)ctl_migrate_parse_name(y, &ny);
    if (nx != ny)
        return nx < ny ? -1 : 1;
    return strcmp(x, y);
}

void ctl_migrate_sort(char **names, size_t n)
{
    if (n > 1)
        qsort(names, n, sizeof(char *), compare_names);
}

void ctl_migrate_version(const char *name, char *out, size_t outsz)
{
    size_t len = strlen(name);
    if (len >= 4 && strcmp(name + len - 4, ".sql") == 0)
        len -= 4;
    snprintf(out, outsz, "%.*s", (int)len, name);
}

int ctl_migrate_list(const char *dir, char ***names, size_t *n)
{
    *names = NULL;
    *n = 0;
    DIR *d = opendir(dir);
    if (d == NULL)
        return -1;
    size_t cap = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (!ctl_migrate_parse_name(e->d_name, NULL))
            continue;
        char path[PATH_MAX];
        struct stat st;
        if (snprintf(path, sizeof(path), "%s/%s", dir, e->d_name) >= (int)sizeof(path) || stat(path, &st) != 0 ||
            !S_ISREG(st.st_mode))
            continue;
        if (*n == cap) {
            cap = cap == 0 ? 16 : cap * 2;
            char **grown = realloc(*names, cap * sizeof(char *));
            if (grown == NULL)
                wa_fatal("out of memory");
            *names = grown;
        }
        (*names)[(*n)++] = wa_strdup(e->d_name);
    }
    closedir(d);
    ctl_migrate_sort(*names, *n);
    return 0;
}

static int is_dir(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

int ctl_migrate_find_dir(const char *opt, const char *argv0, char *out, size_t outsz)
{
    const char *env = getenv("WA_MIGRATIONS_DIR");
    if (opt != NULL && opt[0] != '\0') {
        snprintf(out, outsz, "%s", opt);
        return 0;
    }
    if (env != NULL && env[0] != '\0') {
        snprintf(out, outsz, "%s", env);
        return 0;
    }
    /* never ./deploy/migrations: run in someone else's folder, wactl would apply their SQL as the tables' owner */
    char exe[PATH_MAX];
    ssize_t len = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
    if (len > 0) {
        exe[len] = '\0';
    } else if (argv0 != NULL && strchr(argv0, '/') != NULL) {
        snprintf(exe, sizeof(exe), "%s", argv0);
    } else {
        return -1;
    }
    char candidate[PATH_MAX + 64];
    snprintf(candidate, sizeof(candidate), "%s/../../deploy/migrations", dirname(exe));
    if (!is_dir(candidate))
        return -1;
    char resolved[PATH_MAX];
    snprintf(out, outsz, "%s", realpath(candidate, resolved) != NULL ? resolved : candidate);
    return 0;
}

/* Reads a whole file into a NUL-terminated buffer (caller frees). NULL with errno on failure. */
static char *read_file(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (f == NULL)
        return NULL;
    wa_buf_t b = WA_BUF_INIT;
    int rc = wa_buf_read(&b, f, (size_t)-1 / 2);
    fclose(f);
    if (rc != 0) {
        wa_buf_dispose(&b);
        errno = EIO;
        return NULL;
    }
    return wa_buf_release(&b);
}

static void usage(FILE *f)
{
    fputs("Usage: wactl migrate [--dir DIR] [--login-roles] [--json]\n"
          "\n"
          "Applies the database migrations (NNN_name.sql, in numeric order) that schema_migrations does not record\n"
          "yet, each in its own transaction and its own session, under an advisory lock (two migrators never race).\n"
          "Prints \"applied NNN_name\" for each, or \"up to date\". A failing file is rolled back; wactl exits 1.\n"
          "\n"
          "Folder: --dir, else $WA_MIGRATIONS_DIR, else <wactl's folder>/../../deploy/migrations (build/bin/wactl\n"
          "in a checkout); never the current folder's deploy/migrations.\n"
          "\n"
          "--login-roles: then creates (or sets the password of) each service's PostgreSQL login role, a member of\n"
          "the group role 007_roles.sql grants: wa_ingress_login from PG_PASSWORD_INGRESS, wa_router_login from\n"
          "PG_PASSWORD_ROUTER, wa_ai_login from PG_PASSWORD_AI, wa_sender_login from PG_PASSWORD_SENDER,\n"
          "wa_dashboard_login from PG_PASSWORD_DASHBOARD (014_dashboard_role.sql; a service whose variable is empty\n"
          "is skipped). The password is sent hashed (SCRAM), never in clear.\n"
          "\n"
          "Example:\n"
          "  wactl migrate --dir deploy/migrations\n",
          f);
}

static void free_names(char **names, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(names[i]);
    free(names);
}

/* 1 when `version` is among the rows of `res` (column 0). */
static int recorded(const PGresult *res, const char *version)
{
    for (int i = 0; i < PQntuples(res); i++)
        if (strcmp(PQgetvalue(res, i, 0), version) == 0)
            return 1;
    return 0;
}

/* Applies one file in its own transaction on `c`. Returns CTL_EXIT_OK or an exit code after printing the error. */
static int apply_in(PGconn *c, const char *dir, const char *name, const char *version)
{
    char path[PATH_MAX];
    if (snprintf(path, sizeof(path), "%s/%s", dir, name) >= (int)sizeof(path)) {
        ctl_error("path too long: %s/%s", dir, name);
        return CTL_EXIT_FAIL;
    }
    char *sql = read_file(path);
    if (sql == NULL) {
        ctl_error("cannot read %s: %s", path, strerror(errno));
        return CTL_EXIT_FAIL;
    }
    PGresult *res = PQexec(c, "BEGIN");
    if (!ctl_pg_ok(res)) {
        free(sql);
        return ctl_pg_fail(c, res, "BEGIN");
    }
    PQclear(res);
    res = PQexec(c, sql); /* a file may hold many statements; PQexec runs them all */
    free(sql);
    if (!ctl_pg_ok(res) && PQresultStatus(res) != PGRES_EMPTY_QUERY) {
        char what[300];
        snprintf(what, sizeof(what), "migration %s failed (rolled back)", version);
        int rc = ctl_pg_fail(c, res, what);
        PQclear(PQexec(c, "ROLLBACK"));
        return rc;
    }
    PQclear(res);
    const char *params[] = {version};
    res = ctl_pg_exec(c, "INSERT INTO schema_migrations (version) VALUES ($1)", 1, params);
    if (!ctl_pg_ok(res)) {
        int rc = ctl_pg_fail(c, res, "recording the migration");
        PQclear(PQexec(c, "ROLLBACK"));
        return rc;
    }
    PQclear(res);
    res = PQexec(c, "COMMIT");
    if (!ctl_pg_ok(res)) {
        char what[300];
        snprintf(what, sizeof(what), "migration %s failed at COMMIT", version);
        return ctl_pg_fail(c, res, what);
    }
    PQclear(res);
    return CTL_EXIT_OK;
}

/* Applies one file in its own transaction, in a session of its own opened here and closed before returning (the
 * caller's session holds the advisory lock throughout). A session keeps state from one migration to the next that
 * changes what the next costs: PL/pgSQL caches every statement's plan per session and, from a statement's sixth
 * execution on, may keep a generic plan estimated without its arguments' values (kb_vocab_refresh()'s checks over
 * unnest() of its arrays, estimated at 10 rows, nested-loop 12,385 x 6,193 rows: the function 17.5 s a call from its
 * sixth in a session against 0.6-1.1 s), and a database setting a migration makes (122's jit = off) reaches only later
 * sessions. A fresh database's migrations 110 .. 127 took 10-44 s each in one session at a load of 4-7, 1.6-4.6 s
 * each in their own (docs/performance.md "Round 22, a fresh session for each migration"). Returns CTL_EXIT_OK or an
 * exit code after printing the error. */
static int apply_one(const ctl_ctx_t *ctx, const char *dir, const char *name, const char *version)
{
    PGconn *c = ctl_pg_open(ctx);
    if (c == NULL)
        return CTL_EXIT_UNREACHABLE;
    /* No JIT compiling in a migration's session: a migration runs each statement once, and a lexicon migration's
     * statements (kb_lexicon_add's inserts, kb_vocab_refresh()'s, whose set-returning functions the planner counts at
     * 1,000 rows a row) pass jit_above_cost and spent 0.3-0.4 s compiling for ~0.2 s of work; the same plans and
     * results, only interpreted (a file may still SET jit itself). 122 turns JIT off for the database's later
     * sessions; a fresh database's 001 .. 121 ran with it (docs/performance.md "Round 23, no JIT in a migration's
     * session"). */
    PGresult *res = PQexec(c, "SET jit = off");
    if (!ctl_pg_ok(res)) {
        int rc = ctl_pg_fail(c, res, "SET jit = off");
        PQfinish(c);
        return rc;
    }
    PQclear(res);
    int rc = apply_in(c, dir, name, version);
    PQfinish(c);
    return rc;
}

/* Creates or updates one service's login role (`group`_login, member of `group`) with the password in $var. Returns
 * CTL_EXIT_OK (also when $var is empty: skipped) or an exit code after printing the error (never the password). */
/* After migrations were applied: VACUUM (ANALYZE) the understanding's tables (every public table named kb_...). A
 * lexicon migration re-reads every entry and intent example and rewrites kb_vocab, kb_lexicon_words and the tables
 * kept from them through their triggers, leaving those tables mostly dead rows until autovacuum comes (measured: a
 * new text's analysis 1.7-1.9 ms on a freshly migrated database against 0.4 ms once vacuumed, docs/performance.md
 * "Round 7, the mix's router PostgreSQL"; kb_lexicon_words, which 076 added and this list missed, 15 dead rows to a
 * live one after the migrations, docs/performance.md "Round 17, the lexicon's word table vacuumed after the
 * migrations"). By prefix, so a table a later migration adds is vacuumed too. VACUUM cannot run inside a migration's
 * transaction, hence here. Best effort: a failure is a warning, never a failed migration. */
static void vacuum_understanding(PGconn *c)
{
    PGresult *res = PQexec(c, "SELECT string_agg(quote_ident(relname), ', ' ORDER BY relname) FROM pg_class "
                              "WHERE relkind = 'r' AND relnamespace = 'public'::regnamespace "
                              "AND relname LIKE 'kb\\_%'");
    if (ctl_pg_ok(res) && PQntuples(res) == 1 && !PQgetisnull(res, 0, 0)) {
        char sql[8192];
        int n = snprintf(sql, sizeof(sql), "VACUUM (ANALYZE) %s", PQgetvalue(res, 0, 0));
        if (n < 0 || (size_t)n >= sizeof(sql)) {
            wa_warn("vacuuming the knowledge base's tables after the migrations skipped", "error",
                    "the list of tables is too long");
        } else {
            PGresult *v = PQexec(c, sql);
            if (PQresultStatus(v) != PGRES_COMMAND_OK)
                wa_warn("vacuuming the knowledge base's tables after the migrations failed", "error",
                        PQresultErrorMessage(v));
            PQclear(v);
        }
    }
    PQclear(res);
}

static int login_role(PGconn *c, const char *group, const char *var, int json)
{
    const char *pw = getenv(var);
    char login[64];
    if (pw == NULL || pw[0] == '\0')
        return CTL_EXIT_OK;
    snprintf(login, sizeof(login), "%s_login", group);
    const char *p1[] = {login};
    PGresult *res = ctl_pg_exec(c, "SELECT 1 FROM pg_roles WHERE rolname = $1", 1, p1);
    if (!ctl_pg_ok(res))
        return ctl_pg_fail(c, res, "reading pg_roles");
    int exists = PQntuples(res) > 0;
    PQclear(res);
    char *hashed = PQencryptPasswordConn(c, pw, login, NULL);
    if (hashed == NULL) {
        ctl_error("login role %s: cannot hash the password: %s", login, PQerrorMessage(c));
        return CTL_EXIT_FAIL;
    }
    char *lit = PQescapeLiteral(c, hashed, strlen(hashed));
    char *ident = PQescapeIdentifier(c, login, strlen(login));
    char *gident = PQescapeIdentifier(c, group, strlen(group));
    PQfreemem(hashed);
    if (lit == NULL || ident == NULL || gident == NULL)
        wa_fatal("out of memory");
    size_t sz = strlen(lit) + strlen(ident) * 2 + strlen(gident) + 128;
    char *sql = malloc(sz);
    if (sql == NULL)
        wa_fatal("out of memory");
    if (exists)
        snprintf(sql, sz, "ALTER ROLE %s LOGIN PASSWORD %s; GRANT %s TO %s", ident, lit, gident, ident);
    else
        snprintf(sql, sz, "CREATE ROLE %s LOGIN PASSWORD %s IN ROLE %s", ident, lit, gident);
    PQfreemem(lit);
    PQfreemem(ident);
    PQfreemem(gident);
    res = PQexec(c, sql);
    free(sql);
    char what[128];
    snprintf(what, sizeof(what), "login role %s", login);
    if (!ctl_pg_ok(res))
        return ctl_pg_fail(c, res, what);
    PQclear(res);
    if (!json)
        printf("login role %s %s\n", login, exists ? "updated" : "created");
    return CTL_EXIT_OK;
}

int ctl_migrate_main(ctl_ctx_t *ctx, int argc, char **argv)
{
    const char *dir_opt = NULL;
    int help = 0, json = ctx->json, login_roles = 0;
    ctl_opt_t opts[] = {
        {"dir", CTL_OPT_STR, &dir_opt, 0, 0, 0},
        {"login-roles", CTL_OPT_FLAG, &login_roles, 0, 0, 0},
        {"json", CTL_OPT_FLAG, &json, 0, 0, 0},
        {"help", CTL_OPT_FLAG, &help, 0, 0, 0},
        {NULL, CTL_OPT_FLAG, NULL, 0, 0, 0},
    };
    char err[256];
    if (ctl_args_parse(argc, argv, opts, NULL, 0, err, sizeof(err)) < 0)
        return ctl_usage_error("migrate", "%s", err);
    if (help) {
        usage(stdout);
        return CTL_EXIT_OK;
    }

    char dir[PATH_MAX];
    if (ctl_migrate_find_dir(dir_opt, ctx->argv0, dir, sizeof(dir)) != 0) {
        ctl_error("no migrations folder found next to the wactl binary; use --dir or WA_MIGRATIONS_DIR");
        return CTL_EXIT_FAIL;
    }
    char **names;
    size_t n;
    if (ctl_migrate_list(dir, &names, &n) != 0) {
        ctl_error("cannot read the migrations folder %s: %s", dir, strerror(errno));
        return CTL_EXIT_FAIL;
    }
    if (n == 0) {
        ctl_error("no migration files (NNN_name.sql) in %s", dir);
        free_names(names, n);
        return CTL_EXIT_FAIL;
    }

    PGconn *c = ctl_pg_open(ctx);
    if (c == NULL) {
        free_names(names, n);
        return CTL_EXIT_UNREACHABLE;
    }
    int rc = CTL_EXIT_OK;
    cJSON *applied = cJSON_CreateArray();
    if (applied == NULL)
        wa_fatal("out of memory");
    PGresult *done = NULL;

    /* the lock first: CREATE TABLE IF NOT EXISTS itself races when two migrators start on an empty database */
    PGresult *res = PQexec(c, "SELECT pg_advisory_lock(" CTL_MIGRATE_LOCK_KEY ")");
    if (!ctl_pg_ok(res)) {
        rc = ctl_pg_fail(c, res, "taking the migration lock");
        goto out;
    }
    PQclear(res);
    res = PQexec(c, "CREATE TABLE IF NOT EXISTS schema_migrations (version text PRIMARY KEY, "
                    "applied_at timestamptz NOT NULL DEFAULT now())");
    if (!ctl_pg_ok(res)) {
        rc = ctl_pg_fail(c, res, "creating schema_migrations");
        goto out;
    }
    PQclear(res);
    done = PQexec(c, "SELECT version FROM schema_migrations");
    if (!ctl_pg_ok(done)) {
        rc = ctl_pg_fail(c, done, "reading schema_migrations");
        done = NULL;
        goto out;
    }

    for (size_t i = 0; i < n; i++) {
        char version[NAME_MAX + 1];
        ctl_migrate_version(names[i], version, sizeof(version));
        if (recorded(done, version))
            continue;
        if ((rc = apply_one(ctx, dir, names[i], version)) != CTL_EXIT_OK)
            break;
        if (!json) {
            printf("applied %s\n", version);
            fflush(stdout);
        }
        if (!cJSON_AddItemToArray(applied, cJSON_CreateString(version)))
            wa_fatal("out of memory");
    }
    if (rc == CTL_EXIT_OK && !json && cJSON_GetArraySize(applied) == 0)
        puts("up to date");
    if (rc == CTL_EXIT_OK && cJSON_GetArraySize(applied) > 0)
        vacuum_understanding(c);
    if (rc == CTL_EXIT_OK && login_roles) {
        static const char *const roles[][2] = {{"wa_ingress", "PG_PASSWORD_INGRESS"},
                                               {"wa_router", "PG_PASSWORD_ROUTER"},
                                               {"wa_ai", "PG_PASSWORD_AI"},
                                               {"wa_sender", "PG_PASSWORD_SENDER"},
                                               {"wa_dashboard", "PG_PASSWORD_DASHBOARD"}};
        for (size_t r = 0; r < sizeof(roles) / sizeof(roles[0]) && rc == CTL_EXIT_OK; r++)
            rc = login_role(c, roles[r][0], roles[r][1], json);
    }

out:
    PQclear(done);
    if (PQstatus(c) == CONNECTION_OK)
        PQclear(PQexec(c, "SELECT pg_advisory_unlock(" CTL_MIGRATE_LOCK_KEY ")"));
    PQfinish(c);
    free_names(names, n);
    if (json && rc == CTL_EXIT_OK) {
        cJSON *doc = cJSON_CreateObject();
        if (doc == NULL)
            wa_fatal("out of memory");
        ctl_json_add_str(doc, "dir", dir);
        if (!cJSON_AddItemToObject(doc, "applied", applied) ||
            cJSON_AddBoolToObject(doc, "up_to_date", cJSON_GetArraySize(applied) == 0) == NULL)
            wa_fatal("out of memory");
        return ctl_json_print(doc);
    }
    cJSON_Delete(applied);
    return rc;
}
