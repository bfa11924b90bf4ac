/*
 * `wactl kb add|list`: a doctor's knowledge base (kb_entries), the
 * questions and answers the router matches a patient's message against
 * before it asks the ai. Every statement filters by doctor_id.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "wa/log.h"
#include "args.h"
#include "conn.h"
#include "ctl.h"
#include "doctor.h"
#include "table.h"

static void add_usage(FILE *f)
{
    fputs("Usage: wactl kb add --doctor ID|NUMBER --question Q --answer A [--keywords K] [--lang L] [--json]\n"
          "\n"
          "Adds a knowledge-base entry to a doctor (given by id or phone number) and prints the entry id.\n"
          "--keywords are extra words that match the entry (space separated); --lang defaults to en.\n"
          "\n"
          "Example:\n"
          "  wactl kb add --doctor '+91 98450 00001' --question 'What are your timings?' \\\n"
          "      --answer 'Open Monday to Saturday, 9 am to 1 pm and 5 pm to 8 pm.' --keywords 'timings hours open'\n",
          f);
}

static void list_usage(FILE *f)
{
    fputs("Usage: wactl kb list --doctor ID|NUMBER [--json]\n"
          "\n"
          "Lists a doctor's knowledge-base entries: id, question, answer (cut in the table; whole with --json),\n"
          "hits, enabled.\n"
          "\n"
          "Example:\n"
          "  wactl kb list --doctor 919845000001\n",
          f);
}

static void group_usage(FILE *f)
{
    fputs("Usage: wactl kb <add|list> [options]\n"
          "\n"
          "  add    add a question and its answer to a doctor's knowledge base\n"
          "  list   list a doctor's knowledge base\n"
          "\n"
          "Each takes --help. Example:\n"
          "  wactl kb list --doctor 919845000001\n",
          f);
}

static int given(const char *s)
{
    return s != NULL && s[0] != '\0';
}

static int kb_add(ctl_ctx_t *ctx, int argc, char **argv)
{
    const char *doctor = NULL, *question = NULL, *answer = NULL, *keywords = NULL, *lang = NULL;
    int help = 0, json = ctx->json;
    ctl_opt_t opts[] = {
        {"doctor", CTL_OPT_STR, &doctor, 0, 0, 0}, {"question", CTL_OPT_STR, &question, 0, 0, 0},
        {"answer", CTL_OPT_STR, &answer, 0, 0, 0}, {"keywords", CTL_OPT_STR, &keywords, 0, 0, 0},
        {"lang", CTL_OPT_STR, &lang, 0, 0, 0},     {"json", CTL_OPT_FLAG, &json, 0, 0, 0},
        {"help", CTL_OPT_FLAG, &help, 0, 0, 0},    {NULL, CTL_OPT_FLAG, NULL, 0, 0, 0},
    };
    char err[256];
    if (ctl_args_parse(argc, argv, opts, NULL, 0, err, sizeof(err)) < 0)
        return ctl_usage_error("kb add", "%s", err);
    if (help) {
        add_usage(stdout);
        return CTL_EXIT_OK;
    }
    if (!given(doctor))
        return ctl_usage_error("kb add", "--doctor is required");
    if (!given(question))
        return ctl_usage_error("kb add", "--question is required");
    if (!given(answer))
        return ctl_usage_error("kb add", "--answer is required");

    PGconn *c = ctl_pg_open(ctx);
    if (c == NULL)
        return CTL_EXIT_UNREACHABLE;
    char id[64];
    int rc = ctl_doctor_resolve(c, "kb add", doctor, id, sizeof(id));
    if (rc != CTL_EXIT_OK) {
        PQfinish(c);
        return rc;
    }
    const char *params[] = {id, question, answer, given(keywords) ? keywords : NULL, given(lang) ? lang : "en"};
    PGresult *res = ctl_pg_exec(c,
                                "INSERT INTO kb_entries (doctor_id, question, answer, keywords, lang) "
                                "VALUES ($1, $2, $3, $4, $5) RETURNING id",
                                5, params);
    if (!ctl_pg_ok(res)) {
        rc = ctl_pg_fail(c, res, "adding the entry");
        PQfinish(c);
        return rc;
    }
    if (json) {
        cJSON *doc = cJSON_CreateObject();
        if (doc == NULL)
            wa_fatal("out of memory");
        ctl_json_add_str(doc, "id", PQgetvalue(res, 0, 0));
        ctl_json_add_str(doc, "doctor_id", id);
        ctl_json_add_str(doc, "question", question);
        ctl_json_add_str(doc, "answer", answer);
        ctl_json_add_str(doc, "keywords", params[3]);
        ctl_json_add_str(doc, "lang", params[4]);
        rc = ctl_json_print(doc);
    } else {
        rc = printf("%s\n", PQgetvalue(res, 0, 0)) < 0 ? CTL_EXIT_FAIL : CTL_EXIT_OK;
    }
    PQclear(res);
    PQfinish(c);
    return rc;
}

static int kb_list(ctl_ctx_t *ctx, int argc, char **argv)
{
    const char *doctor = NULL;
    int help = 0, json = ctx->json;
    ctl_opt_t opts[] = {
        {"doctor", CTL_OPT_STR, &doctor, 0, 0, 0},
        {"json", CTL_OPT_FLAG, &json, 0, 0, 0},
        {"help", CTL_OPT_FLAG, &help, 0, 0, 0},
        {NULL, CTL_OPT_FLAG, NULL, 0, 0, 0},
    };
    char err[256];
    if (ctl_args_parse(argc, argv, opts, NULL, 0, err, sizeof(err)) < 0)
        return ctl_usage_error("kb list", "%s", err);
    if (help) {
        list_usage(stdout);
        return CTL_EXIT_OK;
    }
    if (!given(doctor))
        return ctl_usage_error("kb list", "--doctor is required");

    PGconn *c = ctl_pg_open(ctx);
    if (c == NULL)
        return CTL_EXIT_UNREACHABLE;
    char id[64];
    int rc = ctl_doctor_resolve(c, "kb list", doctor, id, sizeof(id));
    if (rc != CTL_EXIT_OK) {
        PQfinish(c);
        return rc;
    }
    const char *params[] = {id};
    PGresult *res = ctl_pg_exec(c,
                                "SELECT id, question, answer, hits, enabled, keywords, lang FROM kb_entries "
                                "WHERE doctor_id = $1 ORDER BY id",
                                1, params);
    if (!ctl_pg_ok(res)) {
        rc = ctl_pg_fail(c, res, "listing the knowledge base");
        PQfinish(c);
        return rc;
    }
    int rows = PQntuples(res);
#define VAL(r, col) (PQgetisnull(res, (r), (col)) ? NULL : PQgetvalue(res, (r), (col)))
    if (json) {
        cJSON *arr = cJSON_CreateArray();
        if (arr == NULL)
            wa_fatal("out of memory");
        for (int r = 0; r < rows; r++) {
            cJSON *o = cJSON_CreateObject();
            if (o == NULL || !cJSON_AddItemToArray(arr, o))
                wa_fatal("out of memory");
            ctl_json_add_str(o, "id", VAL(r, 0));
            ctl_json_add_str(o, "doctor_id", id);
            ctl_json_add_str(o, "question", VAL(r, 1));
            ctl_json_add_str(o, "answer", VAL(r, 2));
            ctl_json_add_str(o, "keywords", VAL(r, 5));
            ctl_json_add_str(o, "lang", VAL(r, 6));
            if (cJSON_AddNumberToObject(o, "hits", strtod(PQgetvalue(res, r, 3), NULL)) == NULL ||
                cJSON_AddBoolToObject(o, "enabled", strcmp(PQgetvalue(res, r, 4), "t") == 0) == NULL)
                wa_fatal("out of memory");
        }
        rc = ctl_json_print(arr);
    } else if (rows == 0) {
        fputs("no knowledge-base entries for this doctor (add one with 'wactl kb add')\n", stderr);
    } else {
        static const char *const headers[] = {"ID", "QUESTION", "ANSWER", "HITS", "ENABLED"};
        ctl_table_t *t = ctl_table_create(5, headers);
        ctl_table_max_width(t, 1, 40);
        ctl_table_max_width(t, 2, 60);
        ctl_table_align_right(t, 0);
        ctl_table_align_right(t, 3);
        for (int r = 0; r < rows; r++) {
            const char *cells[] = {VAL(r, 0), VAL(r, 1), VAL(r, 2), VAL(r, 3),
                                   strcmp(PQgetvalue(res, r, 4), "t") == 0 ? "yes" : "no"};
            ctl_table_add_row(t, cells);
        }
        rc = ctl_table_print(t, stdout) == 0 ? CTL_EXIT_OK : CTL_EXIT_FAIL;
        ctl_table_destroy(t);
    }
#undef VAL
    PQclear(res);
    PQfinish(c);
    return rc;
}

int ctl_kb_main(ctl_ctx_t *ctx, int argc, char **argv)
{
    if (argc == 0) {
        group_usage(stderr);
        return CTL_EXIT_USAGE;
    }
    if (strcmp(argv[0], "--help") == 0 || strcmp(argv[0], "-h") == 0 || strcmp(argv[0], "help") == 0) {
        group_usage(stdout);
        return CTL_EXIT_OK;
    }
    if (strcmp(argv[0], "add") == 0)
        return kb_add(ctx, argc - 1, argv + 1);
    if (strcmp(argv[0], "list") == 0)
        return kb_list(ctx, argc - 1, argv + 1);
    return ctl_usage_error("kb", "unknown kb command '%s' (add, list)", argv[0]);
}
