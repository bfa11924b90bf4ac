/*
 * .env loading for wactl (dotenv.h): the subset of shell syntax that
 * .env.example and the local stack use (KEY=VALUE, comments, quotes), read
 * line by line, and where the checkout's .env is. No variable expansion:
 * "$HOME" stays as written.
 */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include "dotenv.h"

static char *skip_blanks(char *s)
{
    while (*s == ' ' || *s == '\t')
        s++;
    return s;
}

/* 1 when the rest of the line after a closing quote is blank or a comment. */
static int only_comment(const char *s)
{
    while (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n')
        s++;
    return *s == '\0' || *s == '#';
}

int ctl_dotenv_parse_line(char *line, char **key, char **value)
{
    char *p = skip_blanks(line);
    if (*p == '\0' || *p == '#' || *p == '\n' || *p == '\r')
        return 0;
    if (strncmp(p, "export", 6) == 0 && (p[6] == ' ' || p[6] == '\t'))
        p = skip_blanks(p + 6);
    char *k = p;
    if (!(isalpha((unsigned char)*p) || *p == '_'))
        return -1;
    while (isalnum((unsigned char)*p) || *p == '_')
        p++;
    if (*p != '=')
        return -1; /* also "KEY = value", which a shell would not accept either */
    *p++ = '\0';

    char *v = p, *w = p;
    if (*p == '\'') {
        v = w = ++p;
        while (*p != '\0' && *p != '\'')
            p++;
        if (*p != '\'' || !only_comment(p + 1))
            return -1;
        *p = '\0';
    } else if (*p == '"') {
        v = w = ++p;
        for (;; p++) {
            if (*p == '\0')
                return -1;
            if (*p == '"')
                break;
            if (*p == '\\' && p[1] != '\0' && strchr("\"\\$`", p[1]) != NULL) {
                *w++ = *++p; /* as in the shell: only these four are escapes inside double quotes */
                continue;
            }
            *w++ = *p;
        }
        if (!only_comment(p + 1))
            return -1;
        *w = '\0';
    } else {
        /* unquoted: up to a '#' that follows a blank (as in the shell), without trailing blanks */
        while (*p != '\0' && *p != '\n' && *p != '\r' && !(*p == '#' && p > v && (p[-1] == ' ' || p[-1] == '\t')))
            p++;
        while (p > v && (p[-1] == ' ' || p[-1] == '\t'))
            p--;
        *p = '\0';
    }
    *key = k;
    *value = v;
    return 1;
}

int ctl_dotenv_project_path(const char *exe, char *out, size_t outsz)
{
    char root[4096];
    struct stat st;
    if (exe == NULL || exe[0] != '/' || strlen(exe) >= sizeof(root))
        return -1;
    strcpy(root, exe);
    for (int up = 0; up < 3; up++) { /* drop "wactl", "bin", then the build folder */
        char *slash = strrchr(root, '/');
        if (slash == NULL || slash == root)
            return -1;
        if (up == 1 && strcmp(slash, "/bin") != 0)
            return -1;
        *slash = '\0';
    }
    char marker[4200];
    snprintf(marker, sizeof(marker), "%s/deploy/migrations", root);
    if (stat(marker, &st) != 0 || !S_ISDIR(st.st_mode))
        return -1;
    if ((size_t)snprintf(out, outsz, "%s/.env", root) >= outsz)
        return -1;
    return 0;
}

int ctl_dotenv_load(const char *path)
{
    FILE *f = fopen(path, "r");
    if (f == NULL)
        return errno == ENOENT ? 0 : -1;
    char *line = NULL;
    size_t cap = 0;
    int n = 0, lineno = 0;
    while (getline(&line, &cap, f) >= 0) {
        lineno++;
        char *key, *value;
        int r = ctl_dotenv_parse_line(line, &key, &value);
        if (r < 0) {
            fprintf(stderr, "wactl: %s:%d: ignored: not KEY=VALUE\n", path, lineno);
            continue;
        }
        if (r == 1 && setenv(key, value, 0) == 0)
            n++;
    }
    int failed = ferror(f);
    free(line);
    fclose(f);
    return failed ? -1 : n;
}
