/*
 * libFuzzer target: CSV as gongkai imports it. doc_csv_parse
 * (src/publish/csv.c, which also reads .csv attachments and their masked
 * copies in src/files) must hand over only records of valid UTF-8 without
 * control characters, with line numbers that never go back, and give every
 * bad record a line and a reason; the bad count it returns must be the number
 * of bad() calls. Then the catalogue import (doc_import_parse, CSV) on the
 * same bytes, drafts or published: every error has a line and a message, in
 * line order, and no row is handed over when there is an error.
 * Run: scripts/fuzz.sh SECONDS csv (dictionary csv.dict).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "publish/publish.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

struct seen { int last_line, nbad; };

static void on_row(void *arg, int line, char **fields, int nfields)
{
    struct seen *s = arg;
    if (line < s->last_line || line < 1 || nfields < 1)
        abort();
    s->last_line = line;
    for (int i = 0; i < nfields; i++) {
        size_t l = strlen(fields[i]);
        if (!utf8_valid(fields[i], l, NULL))
            abort();
        for (size_t k = 0; k < l; k++) {
            unsigned char c = (unsigned char)fields[i][k];
            if ((c < 0x20 && c != '\t' && c != '\r' && c != '\n') || c == 0x7f)
                abort();
        }
    }
}

static void on_bad(void *arg, int line, const char *reason)
{
    struct seen *s = arg;
    if (line < 1 || !reason || !*reason)
        abort();
    s->nbad++;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *text = (const char *)data;
    struct seen s = {0, 0};
    struct doc_csv_cb cb = {on_row, on_bad, &s};
    if (doc_csv_parse(text, size, &cb) != s.nbad)
        abort();
    gk_day today = 0;
    if (date_parse("2026-06-30", &today, NULL) != 0)
        abort();
    struct doc_import im;
    memset(&im, 0, sizeof im);
    doc_import_parse(text, size, DOC_IMPORT_CSV, size % 2 == 1, today, &im);
    for (size_t i = 0; i < im.nerrors; i++)
        if (im.errors[i].line < 1 || !im.errors[i].msg[0] || (i && im.errors[i].line < im.errors[i - 1].line))
            abort();
    for (size_t i = 0; i < im.nrows; i++)
        if (!im.rows[i].d.title[0] || !utf8_valid(im.rows[i].d.title, strlen(im.rows[i].d.title), NULL))
            abort();
    doc_import_free(&im);
    return 0;
}
