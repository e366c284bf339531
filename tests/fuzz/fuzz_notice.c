/*
 * libFuzzer target: cal_notice_to_tsv (the State Council's notice as
 * published) on arbitrary bytes, then cal_load_tsv on what it produced. A
 * refusal must come with a message and leave the output empty; what it
 * accepts must load; anything else aborts, and the sanitizers catch memory
 * errors. Built by tests/fuzz/meson.build (meson option fuzz=true, clang);
 * run: build/fuzz/tests/fuzz/fuzz_notice -dict=tests/fuzz/notice.dict.
 */
#include <stdint.h>
#include <stdlib.h>

#include "calendar/calendar.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    buf b;
    buf_init(&b);
    err e;
    err_clear(&e);
    int year = 0;
    int rc = cal_notice_to_tsv((const char *)data, size, size % 2 ? 2027 : 0, "fuzz", &b, &year, &e);
    if (rc != 0) {
        if (rc != GK_EINVAL || e.msg[0] == '\0' || b.len != 0)
            abort();
    } else {
        cal_t *c = cal_new();
        if (year < CAL_MIN_YEAR || year > CAL_MAX_YEAR || cal_load_tsv(c, b.data, b.len, "fuzz", &e) != 0)
            abort();
        cal_free(c);
    }
    buf_free(&b);
    return 0;
}
