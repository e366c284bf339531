/*
 * libFuzzer target: rpt_read on arbitrary bytes, then rpt_to_json on what it
 * read. The JSON must parse (jansson) and a refusal must come with a message;
 * anything else aborts, and the sanitizers catch memory errors.
 * Built by tests/fuzz/meson.build (meson option fuzz=true, clang); run with
 * scripts/fuzz.sh SECONDS.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include <jansson.h>

#include "report/report.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    rpt *r = NULL;
    err e;
    err_clear(&e);
    int rc = rpt_read((const char *)data, size, "fuzz", &r, &e);
    if (rc != 0) {
        if (r != NULL || rc != GK_EINVAL || e.msg[0] == '\0')
            abort();
        return 0;
    }
    buf b;
    buf_init(&b);
    rpt_to_json(r, &b, size & 1);
    json_error_t je;
    json_t *j = json_loads(b.data, 0, &je);
    if (!j) {
        fprintf(stderr, "rpt_to_json made invalid JSON: %s\n", je.text);
        abort();
    }
    json_decref(j);
    buf_free(&b);
    rpt_free(r);
    return 0;
}
