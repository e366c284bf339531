/*
 * libFuzzer target: plat_import_parse (the CSV of agencies `gongkai agency
 * import` reads) on arbitrary bytes. Every row kept must carry all its
 * columns; every error its line; a file with errors keeps going to the end
 * and never holds more than PLAT_MAX_ERRORS; anything else aborts, and the
 * sanitizers catch memory errors. Built by tests/fuzz/meson.build (meson
 * option fuzz=true, clang); run:
 * build/fuzz/tests/fuzz/fuzz_agency_csv -dict=tests/fuzz/agency_csv.dict.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "platform/platform.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct plat_import im;
    plat_import_parse((const char *)data, size, &im);
    if (im.nerrors > PLAT_MAX_ERRORS || im.nrows > PLAT_CSV_MAX_ROWS)
        abort();
    for (size_t i = 0; i < im.nrows; i++)
        for (int k = 0; k < PLAT_NCOLS; k++)
            if (!im.rows[i].v[k] || (im.rows[i].col[k] == 0 && im.rows[i].v[k][0]))
                abort();
    for (size_t i = 0; i < im.nerrors; i++)
        if (im.errors[i].msg[0] == '\0' || (im.errors[i].line < 1 && size <= PLAT_CSV_MAX_BYTES))
            abort();
    plat_import_free(&im);
    return 0;
}
