/*
 * libFuzzer target: calendar files from outside (src/calendar/calendar.c):
 * an .ics (cal_load_ics), the .tsv that `calendar import` takes
 * (cal_load_tsv) or a regional layer (cal_load_region_tsv), by the input's
 * length, loaded over
 * an empty calendar (one input in 16: over the built-in one, which takes
 * longer to build). All or nothing: a refusal must name "source:line"
 * and leave the calendar's dump (cal_dump_tsv) byte for byte as it was; what
 * is accepted must dump to text that loads again into an empty calendar.
 * Run: scripts/fuzz.sh SECONDS ics (dictionary ics.dict).
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "calendar/calendar.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

typedef int (*loader)(cal_t *, const char *, size_t, const char *, err *);

static void one(loader load, const char *text, size_t n, bool over_builtin)
{
    cal_t *c = over_builtin ? cal_builtin() : cal_new();
    buf before, after;
    buf_init(&before);
    buf_init(&after);
    cal_dump_tsv(c, 0, &before);
    err e;
    err_clear(&e);
    int rc = load(c, text, n, "fuzz", &e);
    cal_dump_tsv(c, 0, &after);
    if (rc != 0) {
        if (!e.msg[0] || strncmp(e.where, "fuzz", 4) != 0 || before.len != after.len ||
            (before.len && memcmp(before.data, after.data, before.len) != 0))
            abort();
    } else {
        cal_t *again = cal_new();
        if (cal_load_tsv(again, after.data ? after.data : "", after.len, "dump", &e) != 0)
            abort();
        cal_free(again);
    }
    buf_free(&before);
    buf_free(&after);
    cal_free(c);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *text = (const char *)data;
    /* a calendar is slow to build (every provisional year is computed):
     * one loader an input, by its length, and over the built-in calendar
     * for one input in 16 */
    static const loader loaders[] = {cal_load_ics, cal_load_tsv, cal_load_region_tsv};
    one(loaders[size % 3], text, size, (size & 15) == 0);
    return 0;
}
