/*
 * libFuzzer target: the PDF reader (read_pdf.c: poppler's text layer rebuilt into rows by glyph position)
 * on arbitrary bytes, through the public entry points: rpt_load_text (the
 * rows the reader sees) and rpt_load (the report read from them). Inputs that
 * are not a PDF are skipped so that the fuzzer stays on this reader.
 * A refusal must be GK_EINVAL with a message; the sanitizers catch the rest.
 * Seeds: tests/fuzz/corpus_pdf/ (scripts/fuzz.sh SECONDS pdf).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "report/report.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 5 || memcmp(data, "%PDF-", 5) != 0)
        return 0;
    buf t;
    buf_init(&t);
    err e;
    err_clear(&e);
    const char *what = NULL;
    int rc = rpt_load_text((const char *)data, size, "fuzz", &t, &what, &e);
    if (rc != 0 && (rc != GK_EINVAL || e.msg[0] == '\0'))
        abort();
    buf_free(&t);
    rpt *r = NULL;
    err_clear(&e);
    rc = rpt_load((const char *)data, size, "fuzz", &r, &e);
    if (rc != 0) {
        if (r != NULL || rc != GK_EINVAL || e.msg[0] == '\0')
            abort();
        return 0;
    }
    rpt_check(r);
    rpt_free(r);
    return 0;
}
