/*
 * libFuzzer target: rpt_load on arbitrary bytes (report JSON v1, .xlsx
 * workbooks, published reports), then everything done with a loaded report:
 * rpt_check, rendering to text, Markdown, HTML and JSON, and reading that
 * JSON back, which must give the same JSON again. A refusal must come with a
 * message; anything else aborts, and the sanitizers catch memory errors.
 * Seed it with workbooks and JSON from tests/data/report (see the report in
 * docs or the comment in tests/fuzz/meson.build).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report/report.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    rpt *r = NULL;
    err e;
    err_clear(&e);
    int rc = rpt_load((const char *)data, size, "fuzz", &r, &e);
    if (rc != 0) {
        if (r != NULL || rc != GK_EINVAL || e.msg[0] == '\0')
            abort();
        return 0;
    }
    rpt_check(r);
    static const enum rpt_format fmts[] = {RPT_FMT_TXT, RPT_FMT_MD, RPT_FMT_HTML};
    for (size_t i = 0; i < sizeof fmts / sizeof fmts[0]; i++) {
        buf b;
        buf_init(&b);
        if (rpt_render(r, fmts[i], &b, &e) != 0)
            abort();
        buf_free(&b);
    }
    buf j1, j2;
    buf_init(&j1);
    buf_init(&j2);
    rpt_to_json(r, &j1, true);
    rpt *back = NULL;
    if (rpt_from_json(j1.data, j1.len, "fuzz.json", &back, &e) != 0) {
        fprintf(stderr, "JSON of a loaded report does not read back: %s\n", e.msg);
        abort();
    }
    rpt_to_json(back, &j2, true);
    if (strcmp(j1.data, j2.data) != 0) {
        fprintf(stderr, "JSON round trip differs\n");
        abort();
    }
    buf_free(&j1);
    buf_free(&j2);
    rpt_free(back);
    rpt_free(r);
    return 0;
}
