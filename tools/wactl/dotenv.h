/*
 * wactl's .env reader. The local stack (`make run`) writes .env at the top of
 * the checkout and loads it into the services' environment; wactl reads the
 * same file so that an operator's second terminal gets the same configuration.
 * It is the checkout's own .env (found from the wactl binary's location) or
 * the file named by --env-file / WACTL_ENV_FILE, never ./.env of whatever
 * folder wactl runs in: a .env planted there could point WHATSAPP_GRAPH_URL
 * elsewhere and receive decrypted tokens. Variables already in the environment
 * win (setenv with overwrite 0). The line parser is pure, for the unit tests.
 */
#ifndef ctl__dotenv_h
#define ctl__dotenv_h

#include <stddef.h>

/* Parses one line of a .env file in place (the line is modified): "KEY=VALUE", optionally preceded by "export ",
 * with blanks around; VALUE unquoted (cut at a " #" comment, trailing blanks dropped), in 'single quotes' (literal)
 * or "double quotes" (\" \\ \$ \` unescaped, as in the shell). Returns 1 with *key and *value pointing into `line`, 0
 * for a blank or comment line, -1 for a malformed one (no '=', a key that is not [A-Za-z_][A-Za-z0-9_]*, an
 * unterminated quote, text after the closing quote). */
int ctl_dotenv_parse_line(char *line, char **key, char **value);

/* Reads `path` and setenv()s (overwrite 0) every variable it assigns. A missing file is not an error. Returns the
 * number of variables read, or -1 when the file exists but cannot be read. Malformed lines are reported on stderr
 * ("wactl: .env:3: ignored: ...") and skipped. */
int ctl_dotenv_load(const char *path);

/* The checkout's .env for a wactl binary at `exe` (an absolute path, e.g. from /proc/self/exe): when exe is
 * <root>/<build dir>/bin/wactl and <root>/deploy/migrations is a folder, writes "<root>/.env" to out and returns 0;
 * otherwise (an installed binary, a path too long) returns -1 and no .env is read. */
int ctl_dotenv_project_path(const char *exe, char *out, size_t outsz);

#endif
