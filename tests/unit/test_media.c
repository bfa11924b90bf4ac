/* Unit tests for the pure half of libwa's media module (shared/src/media.c, wa/media.h): the wa:media job's encoding,
 * A.11's kinds, types and limits, which stored types the dashboard may show inline, and SHA-256 digests in the
 * webhook's base64 and GET /{media-id}'s hex forms. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "wa/media.h"

/* A wa_entry_t from the argv of an XADD (as Redis would hand it back). */
static void entry_from_cmd(const wa_cmd_t *c, wa_entry_t *e)
{
    memset(e, 0, sizeof(*e));
    for (int i = 3; i + 1 < c->argc; i += 2) {
        wa_field_t *f = &e->fields[e->nfields++];
        f->name = c->argv[i], f->name_len = c->argvlen[i];
        f->value = c->argv[i + 1], f->value_len = c->argvlen[i + 1];
    }
}

static void job_round_trip_and_required_fields(void **state)
{
    (void)state;
    wa_media_job_t j = {.doctor_id = "d1",
                        .wamid = "wamid.X",
                        .kind = "document",
                        .media_id = "300",
                        .mime_type = "application/pdf",
                        .sha256 = "",
                        .filename = "a.pdf",
                        .url = NULL,
                        .phone_number_id = "200",
                        .created_at = "1"};
    wa_cmd_t c;
    wa_entry_t e;
    wa_media_job_t back;
    const char *missing = "x";
    wa_cmd_init(&c);
    wa_media_job_xadd(&c, "wa:media", &j);
    assert_string_equal(c.argv[0], "XADD");
    assert_string_equal(c.argv[1], "wa:media");
    assert_int_equal(c.argc, 3 + 2 * 8); /* empty sha256 and url are left out */
    entry_from_cmd(&c, &e);
    assert_int_equal(wa_media_job_decode(&e, &back, &missing), 0);
    assert_null(missing);
    assert_string_equal(back.media_id, "300");
    assert_string_equal(back.filename, "a.pdf");
    assert_string_equal(back.url, "");
    e.nfields = 2; /* doctor_id and wamid only */
    assert_int_equal(wa_media_job_decode(&e, &back, &missing), -1);
    assert_string_equal(missing, "kind");
}

static void kinds_types_and_limits_follow_a11(void **state)
{
    (void)state;
    assert_true(wa_media_type_allowed("image", "image/jpeg"));
    assert_true(wa_media_type_allowed("image", "IMAGE/PNG"));
    assert_false(wa_media_type_allowed("image", "image/webp")); /* a sticker's */
    assert_false(wa_media_type_allowed("image", "image/svg+xml"));
    assert_true(wa_media_type_allowed("audio", "audio/ogg; codecs=opus"));
    assert_true(wa_media_type_allowed("document", "application/vnd.openxmlformats-officedocument.wordprocessingml"
                                                  ".document"));
    assert_false(wa_media_type_allowed("document", "text/html"));
    assert_false(wa_media_type_allowed("nonsense", "image/jpeg"));
    assert_int_equal(wa_media_max_bytes("image"), 5 * 1024 * 1024);
    assert_int_equal(wa_media_max_bytes("video"), 16 * 1024 * 1024);
    assert_int_equal(wa_media_max_bytes("audio"), 16 * 1024 * 1024);
    assert_int_equal(wa_media_max_bytes("document"), 100 * 1024 * 1024);
    assert_int_equal(wa_media_max_bytes("sticker"), 500 * 1024);
    assert_int_equal(wa_media_max_bytes("x"), 0);
    assert_string_equal(wa_media_kind_of_mime("image/png"), "image");
    assert_string_equal(wa_media_kind_of_mime("image/webp"), "sticker");
    assert_string_equal(wa_media_kind_of_mime("application/pdf"), "document");
    assert_null(wa_media_kind_of_mime("text/html"));
    char base[32];
    assert_string_equal(wa_media_mime_base(" Audio/OGG ; codecs=opus", base, sizeof(base)), "audio/ogg");
    assert_string_equal(wa_media_mime_base(NULL, base, sizeof(base)), "");
}

static void only_images_audio_and_video_are_inline(void **state)
{
    (void)state;
    assert_true(wa_media_inline_safe("image/jpeg"));
    assert_true(wa_media_inline_safe("audio/ogg; codecs=opus"));
    assert_true(wa_media_inline_safe("video/mp4"));
    assert_false(wa_media_inline_safe("application/pdf"));
    assert_false(wa_media_inline_safe("text/plain"));
    assert_false(wa_media_inline_safe("text/html"));
    assert_false(wa_media_inline_safe("image/svg+xml"));
    assert_false(wa_media_inline_safe(""));
}

static void digests_in_both_forms(void **state)
{
    (void)state;
    char hex[65], conv[65];
    wa_media_sha256_hex("abc", 3, hex); /* FIPS 180-2's example */
    assert_string_equal(hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    assert_int_equal(wa_media_sha256_to_hex("ungWv48Bz+pBQUDeXa4iI7ADYaOWF3qctBD/YfIAFa0=", conv), 0);
    assert_string_equal(conv, hex);
    assert_int_equal(wa_media_sha256_to_hex("BA7816BF8F01CFEA414140DE5DAE2223B00361A396177A9CB410FF61F20015AD", conv),
                     0);
    assert_string_equal(conv, hex);
    assert_int_equal(wa_media_sha256_to_hex("q3k3T0Hh4x2m7p8bH3c2l0P4Y8QJm3bqfK2sW0cH1E", conv), -1); /* no padding */
    assert_int_equal(wa_media_sha256_to_hex("!!!!T0Hh4x2m7p8bH3c2l0P4Y8QJm3bqfK2sW0cH1E0=", conv), -1);
    assert_int_equal(wa_media_sha256_to_hex("", conv), -1);
    assert_int_equal(wa_media_sha256_to_hex(NULL, conv), -1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(job_round_trip_and_required_fields),
        cmocka_unit_test(kinds_types_and_limits_follow_a11),
        cmocka_unit_test(only_images_audio_and_video_are_inline),
        cmocka_unit_test(digests_in_both_forms),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
