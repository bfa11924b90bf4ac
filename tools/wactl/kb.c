/*
 * `wactl kb add|list|import|enable|disable`: a doctor's knowledge base
 * (kb_entries), the questions and answers the router matches a patient's
 * message against before it asks the ai. An entry has its question, more
 * example questions (kb_entries.examples; a trigger of
 * deploy/migrations/002_router.sql keeps their matching form in kb_examples),
 * keywords, a language and an enabled flag; the router reads the flag at
 * every lookup, so enable and disable take effect with the next message.
 * Every statement filters by doctor_id, except enable/disable, which name
 * the entry by its id (and check the doctor when --doctor is given). `import`
 * reads a CSV file (kbcsv.h), rejects the rows that cannot be entries (with
 * the reason, and questions the doctor already has), and inserts the rest in
 * one transaction: all of them or, on a database error, none. `try` shows
 * what the router would do with a question and why (kb_explain() of
 * deploy/migrations/008_understanding.sql): the words as matched, the best
 * candidates with their scores and missing words, and the intent if any.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "wa/buf.h"
#include "wa/log.h"
#include "args.h"
#include "conn.h"
#include "ctl.h"
#include "doctor.h"
#include "kbcsv.h"
#include "table.h"

static void add_usage(FILE *f)
{
    fputs("Usage: wactl kb add --doctor ID|NUMBER --question Q --answer A [--example Q2]... [--keywords K]\n"
          "                    [--lang L] [--json]\n"
          "\n"
          "Adds a knowledge-base entry to a doctor (given by id or phone number) and prints the entry id.\n"
          "--example is another way patients ask the same question (repeat it, up to 20): the router matches a\n"
          "patient's message against the question and every example. --keywords are extra words that match the\n"
          "entry (space separated). --lang is the entry's language (en, hi, mr ...; default en).\n"
          "\n"
          "Example:\n"
          "  wactl kb add --doctor '+91 98450 00001' --question 'What are your timings?' \\\n"
          "      --example 'When is the clinic open?' --example 'clinic kab khulta hai' \\\n"
          "      --answer 'Open Monday to Saturday, 9 am to 1 pm and 5 pm to 8 pm.' --keywords 'timings hours open'\n",
          f);
}

static void list_usage(FILE *f)
{
    fputs("Usage: wactl kb list --doctor ID|NUMBER [--json]\n"
          "\n"
          "Lists a doctor's knowledge-base entries: id, question, answer (cut in the table; whole with --json),\n"
          "number of example questions (the examples themselves with --json), language, how often the entry\n"
          "answered a patient (hits), enabled.\n"
          "\n"
          "Example:\n"
          "  wactl kb list --doctor 919845000001\n",
          f);
}

static void import_usage(FILE *f)
{
    fputs("Usage: wactl kb import --doctor ID|NUMBER FILE.csv [--dry-run] [--progress] [--json]\n"
          "\n"
          "Adds the entries of a CSV file to a doctor's knowledge base. The first row names the columns: question\n"
          "and answer (required), keywords and lang (optional, lang defaults to en), in any order. Fields may be\n"
          "quoted (\"...\") to hold commas, line breaks and doubled quotes. FILE '-' reads standard input.\n"
          "\n"
          "Rows that cannot become entries are rejected and listed with their line and reason: wrong number of\n"
          "fields, no question or answer, not UTF-8, too long (answers: 4096 bytes), a question repeated in the file\n"
          "or one the doctor already has (compared ignoring case and spaces). The other rows are inserted in one\n"
          "transaction. --dry-run checks everything and changes nothing. A progress bar is drawn on a terminal\n"
          "(or always with --progress).\n"
          "\n"
          "Exit codes: 0 every row imported (or importable, with --dry-run); 1 some rows rejected (the others were\n"
          "imported) or the database refused; 2 usage error or unusable file (no header, unknown column, unclosed\n"
          "quote); 3 PostgreSQL unreachable.\n"
          "\n"
          "Example:\n"
          "  printf 'question,answer,keywords\\nWhat are your fees?,Rs 500 per visit.,fees cost\\n' > kb.csv\n"
          "  wactl kb import --doctor 919845000001 kb.csv --dry-run && wactl kb import --doctor 919845000001 kb.csv\n",
          f);
}

static void toggle_usage(FILE *f, int enable)
{
    fprintf(f,
            "Usage: wactl kb %s --id N [--doctor ID|NUMBER] [--json]\n"
            "\n"
            "%s knowledge-base entry N (the ID column of 'wactl kb list'):\n"
            "%s\n"
            "Takes effect with the next patient message, on every router. With --doctor, the entry must be that\n"
            "doctor's. Exit 1 when there is no such entry.\n"
            "\n"
            "Example:\n"
            "  wactl kb %s --id 42 --doctor 919845000001\n",
            enable ? "enable" : "disable", enable ? "Enables" : "Disables",
            enable ? "the router answers with it again."
                   : "the router no longer answers with it (the entry and its hits are kept).",
            enable ? "enable" : "disable");
}

static void try_usage(FILE *f)
{
    fputs("Usage: wactl kb try --doctor ID|NUMBER \"QUESTION\" [--threshold T] [--margin M] [--json]\n"
          "\n"
          "Shows what the router would do with a patient's question and why: the words it matched (typos corrected\n"
          "towards the doctor's own words, synonyms and abbreviations applied, words without meaning ignored), the\n"
          "best entries with their score (0..1), how much of the question each covers and the words it misses (a\n"
          "near miss), the entry chosen or the reason for none, and the conversation the text would start instead\n"
          "(book, talk_to_staff, stop ...). --threshold and --margin default to ROUTER_KB_THRESHOLD and\n"
          "ROUTER_KB_MARGIN (0.65 and 0.04), as in the router. Nothing is changed.\n"
          "\n"
          "Example:\n"
          "  wactl kb try --doctor 919845000001 \"rct kitne ka hai\"\n",
          f);
}

static void group_usage(FILE *f)
{
    fputs("Usage: wactl kb <add|list|import|enable|disable|try> [options]\n"
          "\n"
          "  add      add a question (with more example questions) and its answer to a doctor's knowledge base\n"
          "  list     list a doctor's knowledge base\n"
          "  import   add the entries of a CSV file (with --dry-run and a report of the rejected rows)\n"
          "  enable   let the router answer with an entry again\n"
          "  disable  stop the router answering with an entry\n"
          "  try      show which entry answers a question, or why none does\n"
          "\n"
          "Each takes --help. Example:\n"
          "  wactl kb list --doctor 919845000001\n",
          f);
}

static int given(const char *s)
{
    return s != NULL && s[0] != '\0';
}

#define KB_MAX_EXAMPLES 20

/* A language code as kb_entries.lang holds it: 2 to CTL_KBCSV_MAX_LANG letters, digits, '-' or '_' ("en", "hi",
 * "mr", "hi-Latn"), starting with a letter. */
static int valid_lang(const char *s)
{
    size_t n = strlen(s);
    if (n < 2 || n > CTL_KBCSV_MAX_LANG || !((s[0] >= 'a' && s[0] <= 'z') || (s[0] >= 'A' && s[0] <= 'Z')))
        return 0;
    for (size_t i = 0; i < n; i++) {
        char ch = s[i];
        if (!((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') || ch == '-' ||
              ch == '_'))
            return 0;
    }
    return 1;
}

static int kb_add(ctl_ctx_t *ctx, int argc, char **argv)
{
    const char *doctor = NULL, *question = NULL, *answer = NULL, *keywords = NULL, *lang = NULL;
    const char *example_items[KB_MAX_EXAMPLES];
    ctl_strlist_t examples = {example_items, 0, KB_MAX_EXAMPLES};
    int help = 0, json = ctx->json;
    ctl_opt_t opts[] = {
        {"doctor", CTL_OPT_STR, &doctor, 0, 0, 0},     {"question", CTL_OPT_STR, &question, 0, 0, 0},
        {"answer", CTL_OPT_STR, &answer, 0, 0, 0},     {"keywords", CTL_OPT_STR, &keywords, 0, 0, 0},
        {"example", CTL_OPT_LIST, &examples, 0, 0, 0}, {"lang", CTL_OPT_STR, &lang, 0, 0, 0},
        {"json", CTL_OPT_FLAG, &json, 0, 0, 0},        {"help", CTL_OPT_FLAG, &help, 0, 0, 0},
        {NULL, CTL_OPT_FLAG, NULL, 0, 0, 0},
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
    if (strlen(question) > CTL_KBCSV_MAX_QUESTION)
        return ctl_usage_error("kb add", "--question is longer than %d bytes", CTL_KBCSV_MAX_QUESTION);
    if (strlen(answer) > CTL_KBCSV_MAX_ANSWER)
        return ctl_usage_error("kb add", "--answer is longer than %d bytes (a WhatsApp text's limit)",
                               CTL_KBCSV_MAX_ANSWER);
    if (given(lang) && !valid_lang(lang))
        return ctl_usage_error("kb add", "--lang '%s' is not a language code (en, hi, mr ...)", lang);

    /* the examples go to PostgreSQL as one JSON array (text[] through jsonb: no array-literal quoting) */
    cJSON *ex = cJSON_CreateArray();
    if (ex == NULL)
        wa_fatal("out of memory");
    for (size_t i = 0; i < examples.n; i++) {
        if (!given(examples.items[i])) {
            cJSON_Delete(ex);
            return ctl_usage_error("kb add", "--example is empty");
        }
        if (strlen(examples.items[i]) > CTL_KBCSV_MAX_QUESTION) {
            cJSON_Delete(ex);
            return ctl_usage_error("kb add", "--example %zu is longer than %d bytes", i + 1, CTL_KBCSV_MAX_QUESTION);
        }
        cJSON *item = cJSON_CreateString(examples.items[i]);
        if (item == NULL || !cJSON_AddItemToArray(ex, item))
            wa_fatal("out of memory");
    }
    char *ex_json = cJSON_PrintUnformatted(ex);
    if (ex_json == NULL)
        wa_fatal("out of memory");

    PGconn *c = ctl_pg_open(ctx);
    if (c == NULL) {
        cJSON_Delete(ex);
        free(ex_json);
        return CTL_EXIT_UNREACHABLE;
    }
    char id[64];
    int rc = ctl_doctor_resolve(c, "kb add", doctor, id, sizeof(id));
    if (rc != CTL_EXIT_OK) {
        cJSON_Delete(ex);
        free(ex_json);
        PQfinish(c);
        return rc;
    }
    const char *params[] = {id,      question, answer, given(keywords) ? keywords : NULL, given(lang) ? lang : "en",
                            ex_json};
    PGresult *res = ctl_pg_exec(c,
                                "INSERT INTO kb_entries (doctor_id, question, answer, keywords, lang, examples) "
                                "VALUES ($1, $2, $3, $4, $5, ARRAY(SELECT jsonb_array_elements_text($6::jsonb))) "
                                "RETURNING id",
                                6, params);
    free(ex_json);
    if (!ctl_pg_ok(res)) {
        cJSON_Delete(ex);
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
        if (!cJSON_AddItemToObject(doc, "examples", ex))
            wa_fatal("out of memory");
        ex = NULL; /* owned by doc now */
        if (cJSON_AddBoolToObject(doc, "enabled", 1) == NULL)
            wa_fatal("out of memory");
        rc = ctl_json_print(doc);
    } else {
        rc = printf("%s\n", PQgetvalue(res, 0, 0)) < 0 ? CTL_EXIT_FAIL : CTL_EXIT_OK;
    }
    cJSON_Delete(ex);
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

    char id[64];
    int rc;
    PGconn *c = ctl_doctor_open(ctx, "kb list", doctor, id, sizeof(id), &rc);
    if (c == NULL)
        return rc;
    const char *params[] = {id};
    PGresult *res = ctl_pg_exec(c,
                                "SELECT id, question, answer, hits, enabled, keywords, lang, "
                                "coalesce(cardinality(examples), 0), to_jsonb(examples)::text FROM kb_entries "
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
            cJSON *ex = VAL(r, 8) != NULL ? cJSON_Parse(VAL(r, 8)) : cJSON_CreateArray();
            if (ex == NULL || !cJSON_AddItemToObject(o, "examples", ex))
                wa_fatal("out of memory");
            if (cJSON_AddNumberToObject(o, "example_count", strtod(PQgetvalue(res, r, 7), NULL)) == NULL ||
                cJSON_AddNumberToObject(o, "hits", strtod(PQgetvalue(res, r, 3), NULL)) == NULL ||
                cJSON_AddBoolToObject(o, "enabled", strcmp(PQgetvalue(res, r, 4), "t") == 0) == NULL)
                wa_fatal("out of memory");
        }
        rc = ctl_json_print(arr);
    } else if (rows == 0) {
        fputs("no knowledge-base entries for this doctor (add one with 'wactl kb add')\n", stderr);
    } else {
        static const char *const headers[] = {"ID", "QUESTION", "ANSWER", "EXAMPLES", "LANG", "HITS", "ENABLED"};
        ctl_table_t *t = ctl_table_create(7, headers);
        ctl_table_max_width(t, 1, 40);
        ctl_table_max_width(t, 2, 60);
        ctl_table_align_right(t, 0);
        ctl_table_align_right(t, 3);
        ctl_table_align_right(t, 5);
        for (int r = 0; r < rows; r++) {
            const char *cells[] = {VAL(r, 0), VAL(r, 1), VAL(r, 2), VAL(r, 7), VAL(r, 6), VAL(r, 3),
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

/* `kb enable|disable --id N [--doctor D]`: one UPDATE that also returns the flag as it was, so that the operator is
 * told when nothing changed ("already disabled"). */
static int kb_toggle(ctl_ctx_t *ctx, int argc, char **argv, int enable)
{
    const char *command = enable ? "kb enable" : "kb disable";
    const char *doctor = NULL;
    long entry = 0;
    int help = 0, json = ctx->json;
    ctl_opt_t opts[] = {
        {"id", CTL_OPT_LONG, &entry, 1, 999999999999999L, 0},
        {"doctor", CTL_OPT_STR, &doctor, 0, 0, 0},
        {"json", CTL_OPT_FLAG, &json, 0, 0, 0},
        {"help", CTL_OPT_FLAG, &help, 0, 0, 0},
        {NULL, CTL_OPT_FLAG, NULL, 0, 0, 0},
    };
    char err[256];
    if (ctl_args_parse(argc, argv, opts, NULL, 0, err, sizeof(err)) < 0)
        return ctl_usage_error(command, "%s", err);
    if (help) {
        toggle_usage(stdout, enable);
        return CTL_EXIT_OK;
    }
    if (!opts[0].seen)
        return ctl_usage_error(command, "--id is required (the entry's ID in 'wactl kb list')");

    PGconn *c = ctl_pg_open(ctx);
    if (c == NULL)
        return CTL_EXIT_UNREACHABLE;
    char doctor_id[64] = "", id[32];
    int rc = CTL_EXIT_OK;
    if (given(doctor))
        rc = ctl_doctor_resolve(c, command, doctor, doctor_id, sizeof(doctor_id));
    if (rc != CTL_EXIT_OK) {
        PQfinish(c);
        return rc;
    }
    snprintf(id, sizeof(id), "%ld", entry);
    const char *params[] = {id, enable ? "true" : "false", doctor_id[0] != '\0' ? doctor_id : NULL};
    PGresult *res = ctl_pg_exec(c,
                                "UPDATE kb_entries k SET enabled = $2::boolean, updated_at = now() "
                                "FROM (SELECT id, enabled FROM kb_entries WHERE id = $1::bigint "
                                "AND ($3::uuid IS NULL OR doctor_id = $3::uuid) FOR UPDATE) o "
                                "WHERE k.id = o.id RETURNING k.doctor_id, k.question, o.enabled",
                                3, params);
    if (!ctl_pg_ok(res)) {
        rc = ctl_pg_fail(c, res, enable ? "enabling the entry" : "disabling the entry");
        PQfinish(c);
        return rc;
    }
    if (PQntuples(res) != 1) {
        PQclear(res);
        PQfinish(c);
        if (doctor_id[0] != '\0')
            ctl_error("no knowledge-base entry %s for this doctor", id);
        else
            ctl_error("no knowledge-base entry %s", id);
        return CTL_EXIT_FAIL;
    }
    int was = strcmp(PQgetvalue(res, 0, 2), "t") == 0;
    int changed = was != enable;
    if (json) {
        cJSON *doc = cJSON_CreateObject();
        if (doc == NULL)
            wa_fatal("out of memory");
        ctl_json_add_str(doc, "id", id);
        ctl_json_add_str(doc, "doctor_id", PQgetvalue(res, 0, 0));
        ctl_json_add_str(doc, "question", PQgetvalue(res, 0, 1));
        if (cJSON_AddBoolToObject(doc, "enabled", enable) == NULL ||
            cJSON_AddBoolToObject(doc, "changed", changed) == NULL)
            wa_fatal("out of memory");
        rc = ctl_json_print(doc);
    } else {
        const char *state = enable ? "enabled" : "disabled";
        rc = printf("entry %s %s%s\n", id, changed ? "" : "already ", state) < 0 ? CTL_EXIT_FAIL : CTL_EXIT_OK;
    }
    PQclear(res);
    PQfinish(c);
    return rc;
}

#define IMPORT_MAX_BYTES (64L * 1024 * 1024)

/* Reads a whole file ("-" = stdin) into a new buffer (caller frees). Returns NULL after printing why. */
static char *read_all(const char *path, size_t *len)
{
    FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
    if (f == NULL) {
        ctl_error("cannot open %s: %s", path, strerror(errno));
        return NULL;
    }
    wa_buf_t b = WA_BUF_INIT;
    int rc = wa_buf_read(&b, f, (size_t)IMPORT_MAX_BYTES);
    if (f != stdin)
        fclose(f);
    if (rc == -2)
        ctl_error("%s is larger than %ld MB", path, IMPORT_MAX_BYTES / 1024 / 1024);
    else if (rc != 0)
        ctl_error("cannot read %s", path);
    if (rc != 0) {
        wa_buf_dispose(&b);
        return NULL;
    }
    *len = b.len;
    return wa_buf_release(&b);
}

/* "[#########.........]  45/100" on stderr, redrawn in place. */
static void progress(int on, size_t done, size_t total)
{
    if (!on || total == 0)
        return;
    enum { WIDTH = 30 };
    size_t fill = done * WIDTH / total;
    char bar[WIDTH + 1];
    for (size_t i = 0; i < WIDTH; i++)
        bar[i] = i < fill ? '#' : '.';
    bar[WIDTH] = '\0';
    fprintf(stderr, "\r[%s] %zu/%zu%s", bar, done, total, done == total ? "\n" : "");
    fflush(stderr);
}

/* Rejects the rows whose question the doctor already has. Returns CTL_EXIT_OK or an exit code after printing. */
static int reject_existing(PGconn *c, const char *doctor_id, ctl_kbcsv_t *csv)
{
    const char *params[] = {doctor_id};
    PGresult *res = ctl_pg_exec(c, "SELECT id, question FROM kb_entries WHERE doctor_id = $1", 1, params);
    if (!ctl_pg_ok(res))
        return ctl_pg_fail(c, res, "reading the knowledge base");
    int n = PQntuples(res);
    char **keys = wa_calloc(n > 0 ? (size_t)n : 1, sizeof(*keys));
    for (int i = 0; i < n; i++)
        keys[i] = ctl_kbcsv_question_key(PQgetvalue(res, i, 1));
    for (size_t r = 0; r < csv->nrows; r++) {
        ctl_kbcsv_row_t *row = &csv->rows[r];
        if (row->rejected)
            continue;
        char *k = ctl_kbcsv_question_key(row->question);
        for (int i = 0; i < n; i++)
            if (strcmp(k, keys[i]) == 0) {
                ctl_kbcsv_reject(csv, row, "the doctor already has this question (entry %s)", PQgetvalue(res, i, 0));
                break;
            }
        free(k);
    }
    for (int i = 0; i < n; i++)
        free(keys[i]);
    free(keys);
    PQclear(res);
    return CTL_EXIT_OK;
}

/* Inserts the good rows in one transaction. Returns CTL_EXIT_OK or an exit code after printing (nothing inserted). */
static int insert_rows(PGconn *c, const char *doctor_id, const ctl_kbcsv_t *csv, int show_progress)
{
    PGresult *res = ctl_pg_exec(c, "BEGIN", 0, NULL);
    if (!ctl_pg_ok(res))
        return ctl_pg_fail(c, res, "starting the import");
    PQclear(res);
    size_t good = csv->nrows - csv->nrejected, done = 0;
    for (size_t r = 0; r < csv->nrows; r++) {
        const ctl_kbcsv_row_t *row = &csv->rows[r];
        if (row->rejected)
            continue;
        const char *params[] = {doctor_id, row->question, row->answer, row->keywords, row->lang};
        res = ctl_pg_exec(c,
                          "INSERT INTO kb_entries (doctor_id, question, answer, keywords, lang) "
                          "VALUES ($1, $2, $3, $4, $5)",
                          5, params);
        if (!ctl_pg_ok(res)) {
            char what[64];
            snprintf(what, sizeof(what), "line %zu", row->line);
            int rc = ctl_pg_fail(c, res, what);
            PQclear(ctl_pg_exec(c, "ROLLBACK", 0, NULL));
            ctl_error("nothing was imported");
            return rc;
        }
        PQclear(res);
        progress(show_progress, ++done, good);
    }
    res = ctl_pg_exec(c, "COMMIT", 0, NULL);
    if (!ctl_pg_ok(res))
        return ctl_pg_fail(c, res, "committing the import");
    PQclear(res);
    return CTL_EXIT_OK;
}

static int kb_import(ctl_ctx_t *ctx, int argc, char **argv)
{
    const char *doctor = NULL;
    int help = 0, json = ctx->json, dry_run = 0, force_progress = 0;
    ctl_opt_t opts[] = {
        {"doctor", CTL_OPT_STR, &doctor, 0, 0, 0},
        {"dry-run", CTL_OPT_FLAG, &dry_run, 0, 0, 0},
        {"progress", CTL_OPT_FLAG, &force_progress, 0, 0, 0},
        {"json", CTL_OPT_FLAG, &json, 0, 0, 0},
        {"help", CTL_OPT_FLAG, &help, 0, 0, 0},
        {NULL, CTL_OPT_FLAG, NULL, 0, 0, 0},
    };
    const char *pos[1] = {NULL};
    char err[256];
    int npos = ctl_args_parse(argc, argv, opts, pos, 1, err, sizeof(err));
    if (npos < 0)
        return ctl_usage_error("kb import", "%s", err);
    if (help) {
        import_usage(stdout);
        return CTL_EXIT_OK;
    }
    if (!given(doctor))
        return ctl_usage_error("kb import", "--doctor is required");
    if (npos == 0)
        return ctl_usage_error("kb import", "which file? give the CSV file (or - for standard input)");

    size_t len = 0;
    char *buf = read_all(pos[0], &len);
    if (buf == NULL)
        return CTL_EXIT_USAGE;
    ctl_kbcsv_t csv;
    int prc = ctl_kbcsv_parse(buf, len, &csv, err, sizeof(err));
    free(buf);
    if (prc != 0) {
        ctl_kbcsv_dispose(&csv);
        ctl_error("%s: %s", pos[0], err);
        return CTL_EXIT_USAGE;
    }

    PGconn *c = ctl_pg_open(ctx);
    if (c == NULL) {
        ctl_kbcsv_dispose(&csv);
        return CTL_EXIT_UNREACHABLE;
    }
    char id[64];
    int rc = ctl_doctor_resolve(c, "kb import", doctor, id, sizeof(id));
    if (rc == CTL_EXIT_OK)
        rc = reject_existing(c, id, &csv);
    size_t good = csv.nrows - csv.nrejected;
    int show_progress = !json && (force_progress || isatty(STDERR_FILENO));
    if (rc == CTL_EXIT_OK && !dry_run && good > 0)
        rc = insert_rows(c, id, &csv, show_progress);
    PQfinish(c);
    if (rc != CTL_EXIT_OK) {
        ctl_kbcsv_dispose(&csv);
        return rc;
    }

    if (json) {
        cJSON *doc = cJSON_CreateObject(), *rej = cJSON_CreateArray();
        if (doc == NULL || rej == NULL)
            wa_fatal("out of memory");
        ctl_json_add_str(doc, "doctor_id", id);
        if (cJSON_AddBoolToObject(doc, "dry_run", dry_run) == NULL ||
            cJSON_AddNumberToObject(doc, "rows", (double)csv.nrows) == NULL ||
            cJSON_AddNumberToObject(doc, dry_run ? "would_import" : "imported", (double)good) == NULL ||
            !cJSON_AddItemToObject(doc, "rejected", rej))
            wa_fatal("out of memory");
        for (size_t r = 0; r < csv.nrows; r++) {
            if (!csv.rows[r].rejected)
                continue;
            cJSON *o = cJSON_CreateObject();
            if (o == NULL || !cJSON_AddItemToArray(rej, o) ||
                cJSON_AddNumberToObject(o, "line", (double)csv.rows[r].line) == NULL)
                wa_fatal("out of memory");
            ctl_json_add_str(o, "question", csv.rows[r].question);
            ctl_json_add_str(o, "reason", csv.rows[r].reject);
        }
        rc = ctl_json_print(doc);
    } else {
        printf("%s %zu of %zu rows; %zu rejected\n", dry_run ? "dry run: would import" : "imported", good, csv.nrows,
               csv.nrejected);
        if (csv.nrejected > 0) {
            static const char *const headers[] = {"LINE", "REASON", "QUESTION"};
            ctl_table_t *t = ctl_table_create(3, headers);
            ctl_table_align_right(t, 0);
            ctl_table_max_width(t, 2, 50);
            for (size_t r = 0; r < csv.nrows; r++) {
                if (!csv.rows[r].rejected)
                    continue;
                char line[32];
                snprintf(line, sizeof(line), "%zu", csv.rows[r].line);
                const char *cells[] = {line, csv.rows[r].reject, csv.rows[r].question};
                ctl_table_add_row(t, cells);
            }
            if (ctl_table_print(t, stdout) != 0)
                rc = CTL_EXIT_FAIL;
            ctl_table_destroy(t);
        }
        if (fflush(stdout) != 0)
            rc = CTL_EXIT_FAIL;
    }
    if (rc == CTL_EXIT_OK && csv.nrejected > 0)
        rc = CTL_EXIT_FAIL;
    ctl_kbcsv_dispose(&csv);
    return rc;
}

static int kb_enable(ctl_ctx_t *ctx, int argc, char **argv)
{
    return kb_toggle(ctx, argc, argv, 1);
}

static int kb_disable(ctl_ctx_t *ctx, int argc, char **argv)
{
    return kb_toggle(ctx, argc, argv, 0);
}

/* Joins the strings of a JSON array with spaces (empty when not an array). Caller frees. */
static char *join_words(const cJSON *arr)
{
    size_t cap = 1, len = 0;
    const cJSON *it;
    char *out;
    cJSON_ArrayForEach(it, arr) if (cJSON_IsString(it)) cap += strlen(it->valuestring) + 1;
    out = wa_malloc(cap);
    out[0] = '\0';
    cJSON_ArrayForEach(it, arr)
    {
        if (!cJSON_IsString(it))
            continue;
        len += (size_t)snprintf(out + len, cap - len, "%s%s", len > 0 ? " " : "", it->valuestring);
    }
    return out;
}

/* "a -> b, c -> d" from a JSON object of strings, or "-" when empty. Caller frees. */
static char *join_pairs(const cJSON *obj)
{
    size_t cap = 2, len = 0;
    const cJSON *it;
    char *out;
    cJSON_ArrayForEach(it, obj) if (cJSON_IsString(it)) cap += strlen(it->string) + strlen(it->valuestring) + 8;
    out = wa_malloc(cap);
    out[0] = '\0';
    cJSON_ArrayForEach(it, obj)
    {
        if (!cJSON_IsString(it))
            continue;
        len += (size_t)snprintf(out + len, cap - len, "%s%s -> %s", len > 0 ? ", " : "", it->string,
                                it->valuestring[0] != '\0' ? it->valuestring : "(ignored)");
    }
    if (len == 0)
        snprintf(out, cap, "-");
    return out;
}

static double env_or(const char *name, double dflt)
{
    const char *v = getenv(name);
    char *end;
    double d;
    if (v == NULL || v[0] == '\0')
        return dflt;
    d = strtod(v, &end);
    return *end == '\0' && d >= 0 && d <= 1 ? d : dflt;
}

/* `kb try --doctor D "question"`: kb_explain() of 008_understanding.sql, printed as a short report or as its JSON. */
static int kb_try(ctl_ctx_t *ctx, int argc, char **argv)
{
    const char *doctor = NULL, *threshold_s = NULL, *margin_s = NULL;
    int help = 0, json = ctx->json;
    ctl_opt_t opts[] = {
        {"doctor", CTL_OPT_STR, &doctor, 0, 0, 0},
        {"threshold", CTL_OPT_STR, &threshold_s, 0, 0, 0},
        {"margin", CTL_OPT_STR, &margin_s, 0, 0, 0},
        {"json", CTL_OPT_FLAG, &json, 0, 0, 0},
        {"help", CTL_OPT_FLAG, &help, 0, 0, 0},
        {NULL, CTL_OPT_FLAG, NULL, 0, 0, 0},
    };
    const char *pos[1] = {NULL};
    char err[256], th[32], mg[32];
    double threshold = env_or("ROUTER_KB_THRESHOLD", 0.65), margin = env_or("ROUTER_KB_MARGIN", 0.04);
    int npos = ctl_args_parse(argc, argv, opts, pos, 1, err, sizeof(err));
    if (npos < 0)
        return ctl_usage_error("kb try", "%s", err);
    if (help) {
        try_usage(stdout);
        return CTL_EXIT_OK;
    }
    if (!given(doctor))
        return ctl_usage_error("kb try", "--doctor is required");
    if (npos == 0 || !given(pos[0]))
        return ctl_usage_error("kb try", "which question? give it as one argument, in quotes");
    for (int i = 0; i < 2; i++) {
        const char *v = i == 0 ? threshold_s : margin_s;
        char *end;
        double d;
        if (v == NULL)
            continue;
        d = strtod(v, &end);
        if (v[0] == '\0' || *end != '\0' || d < 0 || d > 1)
            return ctl_usage_error("kb try", "--%s must be a number from 0 to 1", i == 0 ? "threshold" : "margin");
        *(i == 0 ? &threshold : &margin) = d;
    }
    snprintf(th, sizeof(th), "%.4f", threshold);
    snprintf(mg, sizeof(mg), "%.4f", margin);

    char id[64];
    int rc;
    PGconn *c = ctl_doctor_open(ctx, "kb try", doctor, id, sizeof(id), &rc);
    if (c == NULL)
        return rc;
    const char *params[] = {id, pos[0], th, mg};
    PGresult *res = ctl_pg_exec(c, "SELECT kb_explain($1::uuid, $2, $3::float8, $4::float8)::text", 4, params);
    if (!ctl_pg_ok(res)) {
        rc = ctl_pg_fail(c, res, "explaining the match");
        PQfinish(c);
        return rc;
    }
    cJSON *doc = cJSON_Parse(PQgetvalue(res, 0, 0));
    PQclear(res);
    PQfinish(c);
    if (doc == NULL)
        wa_fatal("kb_explain returned something that is not JSON");
    if (json) {
        if (cJSON_AddStringToObject(doc, "doctor_id", id) == NULL || cJSON_AddStringToObject(doc, "question_text",
                                                                                             pos[0]) == NULL)
            wa_fatal("out of memory");
        return ctl_json_print(doc);
    }
    const cJSON *chosen = cJSON_GetObjectItemCaseSensitive(doc, "chosen");
    const cJSON *reason = cJSON_GetObjectItemCaseSensitive(doc, "reason");
    const cJSON *intent = cJSON_GetObjectItemCaseSensitive(doc, "intent");
    const cJSON *cands = cJSON_GetObjectItemCaseSensitive(doc, "candidates"), *it;
    char *words = join_words(cJSON_GetObjectItemCaseSensitive(doc, "tokens"));
    char *fixed = join_pairs(cJSON_GetObjectItemCaseSensitive(doc, "corrected"));
    char *syn = join_pairs(cJSON_GetObjectItemCaseSensitive(doc, "synonyms"));
    char *ignored = join_words(cJSON_GetObjectItemCaseSensitive(doc, "dropped"));
    printf("words matched:  %s\n", words[0] != '\0' ? words : "(none)");
    printf("typos fixed:    %s\n", fixed);
    printf("synonyms:       %s\n", syn);
    printf("ignored:        %s\n", ignored[0] != '\0' ? ignored : "-");
    free(words);
    free(fixed);
    free(syn);
    free(ignored);
    if (cJSON_GetArraySize(cands) > 0) {
        static const char *const headers[] = {"ID", "QUESTION", "SCORE", "COVERAGE", "FIT", "MISSING"};
        ctl_table_t *t = ctl_table_create(6, headers);
        ctl_table_max_width(t, 1, 50);
        ctl_table_align_right(t, 0);
        cJSON_ArrayForEach(it, cands)
        {
            char idb[32], sc[16], cv[16], ft[16];
            const cJSON *q = cJSON_GetObjectItemCaseSensitive(it, "question");
            char *missing = join_words(cJSON_GetObjectItemCaseSensitive(it, "missing"));
            snprintf(idb, sizeof(idb), "%.0f", cJSON_GetNumberValue(cJSON_GetObjectItemCaseSensitive(it, "id")));
            snprintf(sc, sizeof(sc), "%.3f", cJSON_GetNumberValue(cJSON_GetObjectItemCaseSensitive(it, "score")));
            snprintf(cv, sizeof(cv), "%.3f", cJSON_GetNumberValue(cJSON_GetObjectItemCaseSensitive(it, "coverage")));
            snprintf(ft, sizeof(ft), "%.3f", cJSON_GetNumberValue(cJSON_GetObjectItemCaseSensitive(it, "fit")));
            const char *cells[] = {idb, cJSON_IsString(q) ? q->valuestring : "", sc, cv, ft,
                                   missing[0] != '\0' ? missing : "-"};
            ctl_table_add_row(t, cells);
            free(missing);
        }
        if (ctl_table_print(t, stdout) != 0)
            rc = CTL_EXIT_FAIL;
        ctl_table_destroy(t);
    }
    if (cJSON_IsNumber(chosen))
        printf("answer:         entry %.0f (%s)\n", cJSON_GetNumberValue(chosen),
               cJSON_IsString(reason) ? reason->valuestring : "");
    else
        printf("answer:         none, the ai answers (%s)\n", cJSON_IsString(reason) ? reason->valuestring : "");
    printf("intent:         %s\n", cJSON_IsString(intent) ? intent->valuestring
                                                           : "none (the text goes to the knowledge base)");
    cJSON_Delete(doc);
    return rc;
}

int ctl_kb_main(ctl_ctx_t *ctx, int argc, char **argv)
{
    static const ctl_subcmd_t cmds[] = {
        {"add", kb_add},
        {"list", kb_list},
        {"import", kb_import},
        {"enable", kb_enable},
        {"disable", kb_disable},
        {"try", kb_try},
        {NULL, NULL},
    };
    return ctl_dispatch(ctx, "kb", cmds, group_usage, argc, argv);
}
