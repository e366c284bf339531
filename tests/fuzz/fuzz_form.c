/*
 * libFuzzer target: application/x-www-form-urlencoded bodies and query
 * strings (src/web/http.c:web_parse_urlencoded, web_url_decode), as the router
 * reads every form and query. Accepted fields must be valid UTF-8 without NUL,
 * never more than the limit; a refusal must come with a message naming the
 * field; re-encoding what was read (web_url_encode) and reading it again must
 * give the same value. Run: scripts/fuzz.sh SECONDS form (dictionary form.dict).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "web/web_internal.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

enum { MAX_FIELDS = 16 };

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    arena a = {0};
    kvlist l = {0};
    err e;
    err_clear(&e);
    int rc = web_parse_urlencoded(&a, (const char *)data, size, &l, MAX_FIELDS, &e);
    if (rc != 0) {
        if (rc != GK_EINVAL || e.msg[0] == '\0' || e.where[0] == '\0')
            abort();
    } else {
        if (l.n > MAX_FIELDS)
            abort();
        for (size_t i = 0; i < l.n; i++) {
            const kv *f = &l.v[i];
            if (!utf8_valid(f->k, strlen(f->k), NULL) || strlen(f->v) != f->vlen ||
                !utf8_valid(f->v, f->vlen, NULL))
                abort();
            buf enc;
            buf_init(&enc);
            web_url_encode(&enc, f->v);
            char *back = web_url_decode(&a, enc.data ? enc.data : "", enc.len, true);
            if (!back || strcmp(back, f->v) != 0)
                abort();
            buf_free(&enc);
            if (kv_get(&l, f->k) == NULL || kv_count(&l, f->k) == 0)
                abort();
        }
    }
    arena_free(&a);
    return 0;
}
