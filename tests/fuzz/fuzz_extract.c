/*
 * libFuzzer target: the attachment readers of src/files on arbitrary bytes.
 * The first byte picks the file name's extension (so that each reader, and
 * the refusal of a file that is not what its name says, is reached); the
 * rest is the file. files_text must read it, call it unread, or refuse it
 * with GK_EINVAL and a message naming the file; a file read as a maskable
 * kind is masked too, and the masked copy must read back as the same kind.
 * Anything else aborts, and the sanitizers catch memory errors.
 * Seeds: tests/fuzz/corpus_extract/ (small files of every kind); dictionary
 * tests/fuzz/extract.dict. Run with scripts/fuzz.sh SECONDS fuzz_extract.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "files/files.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *const names[] = {"a.txt", "a.csv", "a.html", "a.docx", "a.xlsx", "a.odt",
                                    "a.ods", "a.pdf", "a.doc", "a.png", "noext"};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    const char *name = names[data[0] % (sizeof names / sizeof names[0])];
    const char *d = (const char *)data + 1;
    size_t n = size - 1;
    buf text, out;
    buf_init(&text);
    buf_init(&out);
    struct files_info fi;
    err e;
    err_clear(&e);
    int rc = files_text(name, d, n, &text, &fi, &e);
    if (rc) {
        if (rc != GK_EINVAL || !e.msg[0] || strcmp(e.where, name) != 0)
            abort();
    } else {
        if (fi.state == FILES_UNREAD ? text.len != 0 : !utf8_valid(text.data, text.len, NULL))
            abort();
        if (fi.state == FILES_READ && files_maskable(fi.kind)) {
            struct files_info mi;
            rc = files_mask(name, d, n, &out, &mi, &e);
            if (rc && (rc != GK_EINVAL || !e.msg[0]))
                abort();
            if (!rc) {
                struct files_info back;
                if (files_text(name, out.data, out.len, &text, &back, &e) || back.kind != fi.kind)
                    abort();
            }
        }
    }
    buf_free(&text);
    buf_free(&out);
    return 0;
}
