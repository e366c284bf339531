/*
 * libFuzzer target: the document writer (src/docgen) with any text a form
 * or an import could hand it. The input is cut at 0x1E into blocks; a
 * block's first byte picks a paragraph style or a table row (its cells cut
 * at 0x1F). Text docgen refuses (not UTF-8, NUL) must be refused with a
 * message and leave the document as it was; everything accepted must render
 * as a DOCX that gongkai's own reader (src/files) opens (well-formed XML, a
 * sound zip); a short input whose first byte is odd is also rendered as PDF
 * (slower: cairo and pango) and read back by poppler.
 * Run: scripts/fuzz.sh SECONDS docgen (dictionary docgen.dict).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "docgen/docgen.h"
#include "files/files.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

enum { MAX_INPUT = 65536, MAX_CELLS = 8 };

/* Adds one block; 1 when it was accepted. */
static int block(gkd_doc *d, const char *p, size_t n)
{
    err e;
    err_clear(&e);
    if (!n)
        return 0;
    unsigned pick = (unsigned char)p[0] % (GKD_NSTYLES + 2);
    int rc;
    if (pick < GKD_NSTYLES) {
        rc = gkd_para_n(d, (enum gkd_style)pick, p + 1, n - 1, &e);
    } else {
        char *copy = strndup(p + 1, n - 1);
        const char *cells[MAX_CELLS];
        int nc = 0;
        for (char *c = copy, *next; c && nc < MAX_CELLS; c = next) {
            next = strchr(c, 0x1F);
            if (next)
                *next++ = 0;
            cells[nc++] = c;
        }
        rc = gkd_row(d, nc, cells, pick == GKD_NSTYLES, &e);
        free(copy);
    }
    if (rc && (rc != GK_EINVAL || !e.msg[0]))
        abort();
    return rc == 0;
}

static void read_back(const gkd_doc *d, enum gkd_format f)
{
    buf out, text;
    buf_init(&out);
    buf_init(&text);
    err e;
    err_clear(&e);
    struct files_info info;
    if (gkd_render(d, f, &out, &e) != 0)
        abort();
    if (files_text(f == GKD_PDF ? "f.pdf" : "f.docx", out.data, out.len, &text, &info, &e) != 0 ||
        info.state != FILES_READ)
        abort();
    buf_free(&out);
    buf_free(&text);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > MAX_INPUT)
        return 0;
    gkd_doc *d = gkd_new("fuzz");
    const char *p = (const char *)data, *end = p + size;
    while (p < end) {
        const char *q = memchr(p, 0x1E, (size_t)(end - p));
        size_t n = q ? (size_t)(q - p) : (size_t)(end - p);
        block(d, p, n);
        p += n + (q ? 1 : 0);
    }
    read_back(d, GKD_DOCX);
    if (size && (data[0] & 1) && size < 4096)
        read_back(d, GKD_PDF);
    gkd_free(d);
    return 0;
}
