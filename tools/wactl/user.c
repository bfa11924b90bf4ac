/*
 * `wactl user` (see user.h): adds, lists and disables the dashboard's users and resets their passwords. Disabling
 * a user or changing a password bumps users.session_gen, which ends every session of the user at its next request
 * (services/dashboard/auth.h) without touching Redis.
 */
#include "user.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>
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
    fputs("Usage: wactl user <add|list|disable|reset-password|reset-totp> [options]\n"
          "\n"
          "The dashboard's users: an email and a password (read from standard input), a role and, except for an\n"
          "operator, the clinic (doctor) they belong to. Roles: operator (every clinic), clinic_admin (one clinic,\n"
          "may change its settings and knowledge base), staff (one clinic, reads them), school_admin, teacher.\n"
          "\n"
          "  add             add a user (password from standard input)\n"
          "  list            the users, of one clinic or all\n"
          "  disable         stop a user from signing in; their sessions end at once\n"
          "  reset-password  set a new password (from standard input); the user's sessions end\n"
          "  reset-totp      turn a user's two-step sign-in off (a lost phone); the user's sessions end\n"
          "\n"
          "Each takes --help. Example:\n"
          "  printf '%s\\n' \"$PASSWORD\" | wactl user add --email reception@clinic.test --role staff --doctor "
          "919845000001\n",
          f);
}

static void add_usage(FILE *f)
{
    fputs("Usage: wactl user add --email EMAIL --role ROLE [--doctor ID|NUMBER] [--name NAME] [--json] < password\n"
          "\n"
          "Adds a user of the dashboard and prints its id. The password is the first line of standard input (at\n"
          "least 10 characters); at a terminal it is asked for without echo. --doctor is required for every role\n"
          "but operator, and refused for an operator. An email already used (in any case) is refused (exit 1).\n"
          "\n"
          "Example:\n"
          "  printf '%s\\n' \"$PASSWORD\" | wactl user add --email asha@sunrise.test --role clinic_admin \\\n"
          "      --doctor 919845000001 --name 'Dr. Asha Rao'\n",
          f);
}

static void list_usage(FILE *f)
{
    fputs("Usage: wactl user list [--doctor ID|NUMBER] [--json]\n"
          "\n"
          "Lists the users (of one clinic with --doctor): email, role, the clinic's number, name, state (active or\n"
          "disabled) and the last sign-in (UTC).\n"
          "\n"
          "Example:\n"
          "  wactl user list --doctor 919845000001\n",
          f);
}

static void disable_usage(FILE *f)
{
    fputs("Usage: wactl user disable --email EMAIL [--json]\n"
          "\n"
          "Disables a user: they can no longer sign in, and their open sessions end at their next request.\n"
          "Exit 1 when there is no such user; a user already disabled is left as it is (exit 0).\n"
          "\n"
          "Example:\n"
          "  wactl user disable --email reception@sunrise.test\n",
          f);
}

static void reset_usage(FILE *f)
{
    fputs("Usage: wactl user reset-password --email EMAIL [--json] < password\n"
          "\n"
          "Sets a user's password to the first line of standard input (at least 10 characters) and ends the user's\n"
          "open sessions. Exit 1 when there is no such user.\n"
          "\n"
          "Example:\n"
          "  printf '%s\\n' \"$NEW_PASSWORD\" | wactl user reset-password --email asha@sunrise.test\n",
          f);
}

static void reset_totp_usage(FILE *f)
{
    fputs("Usage: wactl user reset-totp --email EMAIL [--json]\n"
          "\n"
          "Clears a user's TOTP second factor (enrolled or pending) and ends the user's open sessions: they sign in\n"
          "with their password alone, and enrol again in the dashboard (at once, if their clinic requires it).\n"
          "Audited as user.reset_totp. Exit 1 when there is no such user.\n"
          "\n"
          "Example:\n"
          "  wactl user reset-totp --email asha@sunrise.test\n",
          f);
}

long ctl_read_password(FILE *in, char *buf, size_t bufsz)
{
    struct termios old, quiet;
    int tty = isatty(fileno(in)) && tcgetattr(fileno(in), &old) == 0;
    char *got;
    if (tty) {
        fputs("Password: ", stderr);
        quiet = old;
        quiet.c_lflag &= (tcflag_t)~ECHO;
        (void)tcsetattr(fileno(in), TCSAFLUSH, &quiet);
    }
    got = fgets(buf, (int)bufsz, in);
    if (tty) {
        (void)tcsetattr(fileno(in), TCSAFLUSH, &old);
        fputs("\n", stderr);
    }
    if (got == NULL)
        return -1;
    size_t n = strlen(buf);
    if (n > 0 && buf[n - 1] == '\n')
        buf[--n] = '\0';
    if (n > 0 && buf[n - 1] == '\r')
        buf[--n] = '\0';
    return (long)n;
}

static int valid_role(const char *r)
{
    static const char *const roles[] = {"operator", "clinic_admin", "staff", "school_admin", "teacher"};
    for (size_t i = 0; i < sizeof(roles) / sizeof(roles[0]); i++)
        if (strcmp(r, roles[i]) == 0)
            return 1;
    return 0;
}

/* Reads and checks a new password, then hashes it into hash. Returns CTL_EXIT_OK or an exit code after printing. */
static int new_password_hash(const char *command, char hash[WA_HASH_MAX])
{
    char pw[WA_PASSWORD_MAX + 4];
    long n = ctl_read_password(stdin, pw, sizeof(pw));
    const char *weak;
    if (n < 0) {
        ctl_error("%s: no password on standard input", command);
        return CTL_EXIT_USAGE;
    }
    if ((weak = wa_password_weak(pw, (size_t)n)) != NULL) {
        sodium_memzero(pw, sizeof(pw));
        ctl_error("%s: %s", command, weak);
        return CTL_EXIT_USAGE;
    }
    if (wa_secret_init(1) != 0 || wa_password_hash(pw, (size_t)n, hash) != 0) {
        sodium_memzero(pw, sizeof(pw));
        ctl_error("%s: cannot hash the password (out of memory?)", command);
        return CTL_EXIT_FAIL;
    }
    sodium_memzero(pw, sizeof(pw));
    return CTL_EXIT_OK;
}

static int add(ctl_ctx_t *ctx, int argc, char **argv)
{
    const char *email = NULL, *role = NULL, *doctor = NULL, *name = NULL;
    int help = 0, json = ctx->json, rc;
    ctl_opt_t opts[] = {
        {"email", CTL_OPT_STR, &email, 0, 0, 0},   {"role", CTL_OPT_STR, &role, 0, 0, 0},
        {"doctor", CTL_OPT_STR, &doctor, 0, 0, 0}, {"name", CTL_OPT_STR, &name, 0, 0, 0},
        {"json", CTL_OPT_FLAG, &json, 0, 0, 0},    {"help", CTL_OPT_FLAG, &help, 0, 0, 0},
        {NULL, CTL_OPT_FLAG, NULL, 0, 0, 0},
    };
    char err[256], id[64] = "", hash[WA_HASH_MAX];
    if (ctl_args_parse(argc, argv, opts, NULL, 0, err, sizeof(err)) < 0)
        return ctl_usage_error("user add", "%s", err);
    if (help) {
        add_usage(stdout);
        return CTL_EXIT_OK;
    }
    if (email == NULL || strchr(email, '@') == NULL || strlen(email) > 254 || strchr(email, ' ') != NULL)
        return ctl_usage_error("user add", "--email needs an email address");
    if (role == NULL || !valid_role(role))
        return ctl_usage_error("user add", "--role must be operator, clinic_admin, staff, school_admin or teacher");
    if ((strcmp(role, "operator") == 0) != (doctor == NULL))
        return ctl_usage_error("user add", strcmp(role, "operator") == 0
                                               ? "an operator belongs to no clinic: leave out --doctor"
                                               : "--doctor is required for this role");
    if ((rc = new_password_hash("user add", hash)) != CTL_EXIT_OK)
        return rc;

    PGconn *c = ctl_pg_open(ctx);
    if (c == NULL)
        return CTL_EXIT_UNREACHABLE;
    if (doctor != NULL && (rc = ctl_doctor_resolve(c, "user add", doctor, id, sizeof(id))) != CTL_EXIT_OK) {
        PQfinish(c);
        return rc;
    }
    const char *params[] = {email, hash, role, id[0] != '\0' ? id : NULL, name};
    PGresult *res = ctl_pg_exec(
        c,
        "WITH u AS (INSERT INTO users (email, password_hash, role, doctor_id, name) VALUES ($1, $2, $3, $4, $5)"
        " RETURNING id, email, role, doctor_id, name),"
        " a AS (INSERT INTO audit_log (doctor_id, actor, action, target, after)"
        " SELECT doctor_id, 'wactl', 'user.add', 'user:' || email,"
        " jsonb_build_object('email', email, 'role', role, 'doctor_id', doctor_id, 'name', name) FROM u)"
        " SELECT id FROM u",
        5, params);
    sodium_memzero(hash, sizeof(hash));
    if (!ctl_pg_ok(res)) {
        if (strcmp(ctl_pg_sqlstate(res), "23505") == 0) {
            PQclear(res);
            PQfinish(c);
            ctl_error("user add: a user with the email %s exists already", email);
            return CTL_EXIT_FAIL;
        }
        rc = ctl_pg_fail(c, res, "adding the user");
        PQfinish(c);
        return rc;
    }
    PQfinish(c);
    if (json) {
        cJSON *doc = cJSON_CreateObject();
        if (doc == NULL)
            wa_fatal("out of memory");
        ctl_json_add_str(doc, "id", PQgetvalue(res, 0, 0));
        ctl_json_add_str(doc, "email", email);
        ctl_json_add_str(doc, "role", role);
        ctl_json_add_str(doc, "doctor_id", id[0] != '\0' ? id : NULL);
        PQclear(res);
        return ctl_json_print(doc);
    }
    printf("%s\n", PQgetvalue(res, 0, 0));
    PQclear(res);
    return CTL_EXIT_OK;
}

static int list(ctl_ctx_t *ctx, int argc, char **argv)
{
    static const ctl_listing_col_t cols[] = {
        {0, "id", NULL, 0},          {1, "email", "EMAIL", 0},    {2, "role", "ROLE", 0},
        {3, "doctor_id", NULL, 0},   {4, NULL, "DOCTOR", 0},      {5, "name", "NAME", 30},
        {6, "state", "STATE", 0},    {7, "last_login", "LAST SIGN-IN (UTC)", 0},
    };
    return ctl_listing_command(ctx, argc, argv, "user list", list_usage,
                               "SELECT u.id, u.email, u.role, u.doctor_id, d.phone_digits, u.name,"
                               " CASE WHEN u.disabled_at IS NULL THEN 'active' ELSE 'disabled' END,"
                               " to_char(u.last_login_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI')"
                               " FROM users u LEFT JOIN doctors d ON d.id = u.doctor_id"
                               " WHERE $1::uuid IS NULL OR u.doctor_id = $1::uuid ORDER BY lower(u.email)",
                               cols, sizeof(cols) / sizeof(cols[0]), "no users", "listing the users");
}

/* disable and reset-password: one UPDATE that bumps session_gen, with its audit row. */
static int change(ctl_ctx_t *ctx, int argc, char **argv, int reset)
{
    const char *email = NULL, *command = reset ? "user reset-password" : "user disable";
    int help = 0, json = ctx->json, rc;
    ctl_opt_t opts[] = {
        {"email", CTL_OPT_STR, &email, 0, 0, 0},
        {"json", CTL_OPT_FLAG, &json, 0, 0, 0},
        {"help", CTL_OPT_FLAG, &help, 0, 0, 0},
        {NULL, CTL_OPT_FLAG, NULL, 0, 0, 0},
    };
    char err[256], hash[WA_HASH_MAX] = "";
    if (ctl_args_parse(argc, argv, opts, NULL, 0, err, sizeof(err)) < 0)
        return ctl_usage_error(command, "%s", err);
    if (help) {
        (reset ? reset_usage : disable_usage)(stdout);
        return CTL_EXIT_OK;
    }
    if (email == NULL || email[0] == '\0')
        return ctl_usage_error(command, "--email is required");
    if (reset && (rc = new_password_hash(command, hash)) != CTL_EXIT_OK)
        return rc;
    PGconn *c = ctl_pg_open(ctx);
    if (c == NULL)
        return CTL_EXIT_UNREACHABLE;
    const char *params[] = {email, reset ? hash : NULL};
    PGresult *res =
        ctl_pg_exec(c,
                    reset ? "WITH u AS (UPDATE users SET password_hash = $2, password_changed_at = now(),"
                            " session_gen = session_gen + 1 WHERE lower(email) = lower($1) RETURNING doctor_id, email),"
                            " a AS (INSERT INTO audit_log (doctor_id, actor, action, target)"
                            " SELECT doctor_id, 'wactl', 'user.reset_password', 'user:' || email FROM u)"
                            " SELECT 1 FROM u"
                          : "WITH u AS (UPDATE users SET disabled_at = now(), session_gen = session_gen + 1"
                            " WHERE lower(email) = lower($1) AND disabled_at IS NULL AND $2::text IS NULL"
                            " RETURNING doctor_id, email),"
                            " a AS (INSERT INTO audit_log (doctor_id, actor, action, target, before, after)"
                            " SELECT doctor_id, 'wactl', 'user.disable', 'user:' || email, '{\"state\":\"active\"}',"
                            " '{\"state\":\"disabled\"}' FROM u)"
                            " SELECT 1 FROM u UNION ALL SELECT 2 FROM users WHERE lower(email) = lower($1)",
                    2, params);
    sodium_memzero(hash, sizeof(hash));
    if (!ctl_pg_ok(res)) {
        rc = ctl_pg_fail(c, res, reset ? "setting the password" : "disabling the user");
        PQfinish(c);
        return rc;
    }
    PQfinish(c);
    int changed = PQntuples(res) > 0 && strcmp(PQgetvalue(res, 0, 0), "1") == 0, exists = PQntuples(res) > 0;
    PQclear(res);
    if (!exists) {
        ctl_error("%s: no user with the email %s (see 'wactl user list')", command, email);
        return CTL_EXIT_FAIL;
    }
    if (json) {
        cJSON *doc = cJSON_CreateObject();
        if (doc == NULL || cJSON_AddBoolToObject(doc, "changed", changed) == NULL)
            wa_fatal("out of memory");
        ctl_json_add_str(doc, "email", email);
        return ctl_json_print(doc);
    }
    if (reset)
        printf("password of %s changed; their sessions have ended\n", email);
    else if (changed)
        printf("disabled %s; their sessions have ended\n", email);
    else
        printf("%s was disabled already\n", email);
    return CTL_EXIT_OK;
}

static int reset_totp(ctl_ctx_t *ctx, int argc, char **argv)
{
    const char *email = NULL, *command = "user reset-totp";
    int help = 0, json = ctx->json, rc;
    ctl_opt_t opts[] = {
        {"email", CTL_OPT_STR, &email, 0, 0, 0},
        {"json", CTL_OPT_FLAG, &json, 0, 0, 0},
        {"help", CTL_OPT_FLAG, &help, 0, 0, 0},
        {NULL, CTL_OPT_FLAG, NULL, 0, 0, 0},
    };
    char err[256];
    if (ctl_args_parse(argc, argv, opts, NULL, 0, err, sizeof(err)) < 0)
        return ctl_usage_error(command, "%s", err);
    if (help) {
        reset_totp_usage(stdout);
        return CTL_EXIT_OK;
    }
    if (email == NULL || email[0] == '\0')
        return ctl_usage_error(command, "--email is required");
    PGconn *c = ctl_pg_open(ctx);
    if (c == NULL)
        return CTL_EXIT_UNREACHABLE;
    const char *params[] = {email};
    PGresult *res = ctl_pg_exec(
        c,
        "WITH o AS (SELECT id, totp_secret IS NOT NULL AS was FROM users WHERE lower(email) = lower($1)),"
        " u AS (UPDATE users SET totp_secret = NULL, totp_pending = NULL, totp_enabled_at = NULL, totp_last_step = NULL,"
        " session_gen = session_gen + 1 WHERE id IN (SELECT id FROM o) RETURNING doctor_id, email),"
        " a AS (INSERT INTO audit_log (doctor_id, actor, action, target, before, after)"
        " SELECT u.doctor_id, 'wactl', 'user.reset_totp', 'user:' || u.email,"
        " json_build_object('totp', (SELECT was FROM o)), '{\"totp\":false}' FROM u)"
        " SELECT (SELECT was FROM o) FROM u",
        1, params);
    if (!ctl_pg_ok(res)) {
        rc = ctl_pg_fail(c, res, "clearing the second factor");
        PQfinish(c);
        return rc;
    }
    PQfinish(c);
    int exists = PQntuples(res) > 0, was = exists && strcmp(PQgetvalue(res, 0, 0), "t") == 0;
    PQclear(res);
    if (!exists) {
        ctl_error("%s: no user with the email %s (see 'wactl user list')", command, email);
        return CTL_EXIT_FAIL;
    }
    if (json) {
        cJSON *doc = cJSON_CreateObject();
        if (doc == NULL || cJSON_AddBoolToObject(doc, "had_totp", was) == NULL)
            wa_fatal("out of memory");
        ctl_json_add_str(doc, "email", email);
        return ctl_json_print(doc);
    }
    printf("two-step sign-in of %s %s; their sessions have ended\n", email, was ? "turned off" : "was off already");
    return CTL_EXIT_OK;
}

static int disable(ctl_ctx_t *ctx, int argc, char **argv)
{
    return change(ctx, argc, argv, 0);
}

static int reset_password(ctl_ctx_t *ctx, int argc, char **argv)
{
    return change(ctx, argc, argv, 1);
}

int ctl_user_main(ctl_ctx_t *ctx, int argc, char **argv)
{
    static const ctl_subcmd_t cmds[] = {
        {"add", add}, {"list", list}, {"disable", disable}, {"reset-password", reset_password},
        {"reset-totp", reset_totp}, {NULL, NULL},
    };
    return ctl_dispatch(ctx, "user", cmds, group_usage, argc, argv);
}
