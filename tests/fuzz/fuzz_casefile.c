/*
 * libFuzzer target: a case file read back (src/files/casefile.c,
 * casefile_read). Any bytes: refused with a message, or every entry read
 * matches the manifest (the reader checks sizes and SHA-256) and has a kind
 * and a name. Then a case file packed from what was read must read back the
 * same (entries and steps).
 * Run: scripts/fuzz.sh SECONDS casefile (dictionary casefile.dict).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "files/casefile.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct casefile cf, again;
    casefile_init(&cf);
    casefile_init(&again);
    err e = {0};
    int rc = casefile_read(data, size, &cf, &e);
    if (rc) {
        if (rc != GK_EINVAL || !e.msg[0])
            abort();
        casefile_free(&cf);
        return 0;
    }
    for (size_t i = 0; i < cf.n; i++)
        if (!cf.v[i].name[0] || !cf.v[i].kind)
            abort();
    buf zip;
    buf_init(&zip);
    if (casefile_zip(&cf, &zip, &e) == 0) {
        if (casefile_read(zip.data, zip.len, &again, &e) != 0 || again.n != cf.n || again.nsteps != cf.nsteps)
            abort();
        for (size_t i = 0; i < cf.n; i++)
            if (again.v[i].len != cf.v[i].len || memcmp(again.v[i].data, cf.v[i].data, cf.v[i].len) != 0)
                abort();
    }
    buf_free(&zip);
    casefile_free(&cf);
    casefile_free(&again);
    return 0;
}
