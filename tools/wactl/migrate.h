/*
 * `wactl migrate`: applies deploy/migrations/NNN_name.sql in numeric order,
 * each file not yet recorded in schema_migrations in its own transaction,
 * under a PostgreSQL advisory lock so that two migrators (the local stack and
 * a compose job, two replicas' init containers) never race. The helpers below
 * that find and order the files are exposed for the unit tests.
 */
#ifndef ctl__migrate_h
#define ctl__migrate_h

#include <stddef.h>

/* The advisory lock key every migrator takes ("wactl" in hex). */
#define CTL_MIGRATE_LOCK_KEY "512970011244"

/* 1 when `name` is a migration file name: one or more digits, '_', at least one more character, ".sql" (no path,
 * no hidden file); its number goes to *num (may be NULL). 0 otherwise (README.md, 001_init.sql~, 001.sql). */
int ctl_migrate_parse_name(const char *name, long *num);

/* Sorts file names by their number, then by name, so "2_b.sql" < "10_a.sql". */
void ctl_migrate_sort(char **names, size_t n);

/* Writes the version recorded for a file name ("001_init" for "001_init.sql") into out. */
void ctl_migrate_version(const char *name, char *out, size_t outsz);

/* Lists the migration files of `dir`, sorted. On success returns 0 and an array of *n names (caller frees each name
 * and the array; *names may be NULL when *n is 0); -1 with errno when the folder cannot be read. */
int ctl_migrate_list(const char *dir, char ***names, size_t *n);

/* Picks the migrations folder: `opt` (--dir) if given, else $WA_MIGRATIONS_DIR, else <folder of the wactl
 * binary>/../../deploy/migrations if it exists (build/bin/wactl in a checkout); never the current folder's, which
 * may be anyone's.
 * `argv0` is used only when /proc/self/exe cannot be read. Returns 0 with the path in out, or -1 when none of the
 * defaults exists (an explicit --dir or $WA_MIGRATIONS_DIR is returned even when missing; opening it reports
 * that). */
int ctl_migrate_find_dir(const char *opt, const char *argv0, char *out, size_t outsz);

#endif
