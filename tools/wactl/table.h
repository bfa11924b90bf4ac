/*
 * Column-aligned tables for wactl's human output: a header row and data rows,
 * each column as wide as its widest cell (measured in terminal columns, so
 * UTF-8 names and Devanagari or emoji text line up), two spaces between
 * columns, numbers right-aligned on request, no trailing spaces. Cells are
 * copied; control characters in them (a newline in a knowledge-base answer)
 * become spaces. Rendering is pure: the unit tests compare strings.
 */
#ifndef ctl__table_h
#define ctl__table_h

#include <stddef.h>
#include <stdio.h>

typedef struct st_ctl_table_t ctl_table_t;

/* Creates a table with `ncols` columns and their headers (copied). Out of memory is fatal. */
ctl_table_t *ctl_table_create(size_t ncols, const char *const *headers);
/* NULL is a no-op. */
void ctl_table_destroy(ctl_table_t *t);
/* Right-aligns column `col` (numbers). */
void ctl_table_align_right(ctl_table_t *t, size_t col);
/* Cuts the cells of column `col` to at most `width` terminal columns, ending a cut cell with "…" (0 = no limit). */
void ctl_table_max_width(ctl_table_t *t, size_t col, size_t width);
/* Appends a row of ncols cells (copied; NULL shows as "-"). */
void ctl_table_add_row(ctl_table_t *t, const char *const *cells);
/* Number of data rows. */
size_t ctl_table_rows(const ctl_table_t *t);

/* Returns the rendered table, every line ending in '\n' (caller frees). */
char *ctl_table_render(const ctl_table_t *t);
/* Renders to `f`. Returns 0, or -1 when writing failed. */
int ctl_table_print(const ctl_table_t *t, FILE *f);

/* Width of a UTF-8 string in terminal columns: combining marks and zero-width characters count 0, East Asian wide
 * characters and most emoji 2, everything else 1 (an invalid byte counts 1). */
size_t ctl_text_width(const char *s);
/* Returns a copy of `s` (caller frees) with control characters replaced by spaces and, when it is wider than
 * `width` columns (0 = no limit), cut on a character boundary so that it fits with a trailing "…". */
char *ctl_text_fit(const char *s, size_t width);

#endif
