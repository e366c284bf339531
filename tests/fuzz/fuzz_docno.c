/*
 * libFuzzer target: 文号 and 索引号 as people type them and imports bring them
 * (src/publish/docno.c). doc_docno_parse must refuse with a message or give
 * a canonical form that parses again to the same issuer, year and serial, and
 * whose written forms (doc_docno_forms) each parse back to that canonical
 * form. The same bytes as an index number against the default pattern
 * (doc_index_parse) must give, when read, a year and serial that format
 * to an index number which reads back to the same year and serial. Run: scripts/fuzz.sh SECONDS docno (dictionary docno.dict).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "publish/publish.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

enum { MAX_TEXT = 512 };

static void docno(const char *text)
{
    struct doc_docno d, d2;
    err e;
    err_clear(&e);
    if (doc_docno_parse(text, &d, &e) != 0) {
        if (!e.msg[0])
            abort();
        return;
    }
    if (doc_docno_parse(d.canonical, &d2, &e) != 0 || strcmp(d2.canonical, d.canonical) != 0 ||
        strcmp(d2.issuer, d.issuer) != 0 || d2.year != d.year || d2.serial != d.serial)
        abort();
    buf forms;
    buf_init(&forms);
    doc_docno_forms(&d, &forms);
    char *s = forms.data, *save = NULL;
    for (char *f = s ? strtok_r(s, " ", &save) : NULL; f; f = strtok_r(NULL, " ", &save))
        if (doc_docno_parse(f, &d2, &e) != 0 || strcmp(d2.canonical, d.canonical) != 0)
            abort();
    buf_free(&forms);
}

static void index_no(const char *text)
{
    static const char pattern[] = "{ORG}-{YYYY}-{NNNNN}";
    int year = 0;
    int64_t serial = 0;
    if (!doc_index_parse(pattern, "11100000MB0000000X", text, &year, &serial))
        return;
    char out[128];
    err e;
    err_clear(&e);
    int y2 = 0;
    int64_t s2 = 0;
    if (year < 1 || doc_index_format(pattern, "11100000MB0000000X", year, serial, out, sizeof out, &e) != 0)
        return;
    if (!doc_index_parse(pattern, "11100000MB0000000X", out, &y2, &s2) || y2 != year || s2 != serial)
        abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > MAX_TEXT)
        return 0;
    char text[MAX_TEXT + 1];
    memcpy(text, data, size);
    text[size] = '\0';
    docno(text);
    index_no(text);
    return 0;
}
