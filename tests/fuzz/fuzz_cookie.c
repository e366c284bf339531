/*
 * libFuzzer target: the Cookie header (src/web/http.c:web_parse_cookies),
 * read on every request before anything else. Every pair it keeps must have
 * a non-empty name without '=' or ';' and a value without ';', each taken
 * from the header as sent; then the session and CSRF cookies are looked up
 * as src/web/auth.c does. Run: scripts/fuzz.sh SECONDS cookie.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "web/web_internal.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > 8192)                  /* MHD's header limit is smaller */
        return 0;
    char *h = malloc(size + 1);
    memcpy(h, data, size);
    h[size] = '\0';                   /* a header value ends at its first NUL */
    arena a = {0};
    kvlist l = {0};
    web_parse_cookies(&a, h, &l);
    size_t hn = strlen(h);
    for (size_t i = 0; i < l.n; i++) {
        const kv *c = &l.v[i];
        size_t kl = strlen(c->k);
        if (kl == 0 || strchr(c->k, '=') || strchr(c->k, ';') || strlen(c->v) != c->vlen ||
            strchr(c->v, ';') || kl > hn || c->vlen > hn || !strstr(h, c->k) || !strstr(h, c->v))
            abort();
    }
    const char *sid = kv_get(&l, "gk_session");
    const char *csrf = kv_get(&l, "gk_csrf");
    if ((sid && !strstr(h, sid)) || (csrf && !strstr(h, csrf)))
        abort();
    arena_free(&a);
    free(h);
    return 0;
}
