/*
 * What every fuzz target of tests/fuzz shares: the libFuzzer entry point each target defines, and small helpers
 * to cut one fuzz input into pieces. A target is built twice: with clang's libFuzzer (-DWA_FUZZ=ON) to search for
 * crashes, and with any compiler against replay.c, whose main() feeds it every file of a corpus so that ctest
 * replays the corpora under the sanitizers. Helpers are static inline so that each target stays one file.
 */
#ifndef fz__fuzz_h
#define fz__fuzz_h

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* The libFuzzer entry point: must not crash, leak or read out of bounds for any input. */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* A NUL-terminated copy of `len` bytes; caller frees. Exactly sized so ASan sees any overread. */
static inline char *fz_strndup(const uint8_t *data, size_t len)
{
    char *s = malloc(len + 1);
    if (s == NULL)
        abort();
    if (len > 0)
        memcpy(s, data, len);
    s[len] = '\0';
    return s;
}

/* Takes the next piece of the input, up to (not including) byte `sep` or the end, and advances past the separator.
 * Returns 0 when the input is exhausted (no piece), else 1 with *piece and *piece_len set (borrowed). */
static inline int fz_next(const uint8_t **data, size_t *size, uint8_t sep, const uint8_t **piece, size_t *piece_len)
{
    if (*size == 0)
        return 0;
    const uint8_t *end = memchr(*data, sep, *size);
    size_t n = end != NULL ? (size_t)(end - *data) : *size;
    *piece = *data, *piece_len = n;
    size_t used = end != NULL ? n + 1 : n;
    *data += used, *size -= used;
    return 1;
}

#endif
