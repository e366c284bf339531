/* web — parsing what browsers send: query strings and urlencoded forms,
 * multipart/form-data, cookies; percent-encoding; sniffing upload types.
 * Everything parsed lands in the request's arena. */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "web/web_internal.h"

void kv_add(arena *a, kvlist *l, const char *k, const char *v, size_t vlen)
{
    if (l->n == l->cap) {
        size_t cap = l->cap ? l->cap * 2 : 16;
        kv *nv = arena_alloc(a, cap * sizeof *nv);
        if (l->n)
            memcpy(nv, l->v, l->n * sizeof *nv);
        l->v = nv;
        l->cap = cap;
    }
    l->v[l->n++] = (kv){k, v, vlen};
}

const char *kv_get(const kvlist *l, const char *k)
{
    for (size_t i = 0; i < l->n; i++)
        if (strcmp(l->v[i].k, k) == 0)
            return l->v[i].v;
    return NULL;
}

size_t kv_count(const kvlist *l, const char *k)
{
    size_t c = 0;
    for (size_t i = 0; i < l->n; i++)
        c += strcmp(l->v[i].k, k) == 0;
    return c;
}

static int hexval(int c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

char *web_url_decode(arena *a, const char *s, size_t n, bool plus_space)
{
    char *out = arena_alloc(a, n + 1);
    size_t o = 0;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (c == '%') {
            int h, l;
            if (i + 2 >= n)
                return NULL;
            h = hexval((unsigned char)s[i + 1]);
            l = hexval((unsigned char)s[i + 2]);
            if (h < 0 || l < 0)
                return NULL;
            c = (char)(h * 16 + l);
            i += 2;
        } else if (c == '+' && plus_space) {
            c = ' ';
        }
        if (c == '\0')
            return NULL;
        out[o++] = c;
    }
    out[o] = '\0';
    if (!utf8_valid(out, o, NULL))
        return NULL;
    return out;
}

void web_url_encode(buf *b, const char *s)
{
    static const char hex[] = "0123456789ABCDEF";
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
            *p == '-' || *p == '_' || *p == '.' || *p == '~') {
            buf_putc(b, (char)*p);
        } else {
            char t[3] = {'%', hex[*p >> 4], hex[*p & 15]};
            buf_append(b, t, 3);
        }
    }
}

int web_parse_urlencoded(arena *a, const char *s, size_t n, kvlist *out, size_t max_fields, err *e)
{
    size_t i = 0;
    while (i < n) {
        size_t j = i;
        while (j < n && s[j] != '&')
            j++;
        if (j > i) {
            size_t eq = i;
            while (eq < j && s[eq] != '=')
                eq++;
            char *k = web_url_decode(a, s + i, eq - i, true);
            if (!k)
                return err_set(e, GK_EINVAL, "form", "a field name is not valid UTF-8 or percent-encoding");
            const char *v = "";
            if (eq < j) {
                v = web_url_decode(a, s + eq + 1, j - eq - 1, true);
                if (!v)
                    return err_set(e, GK_EINVAL, *k ? k : "form",
                                   "the value is not valid UTF-8 or percent-encoding");
            }
            if (out->n >= max_fields)
                return err_set(e, GK_EINVAL, "form", "more than %zu fields", max_fields);
            kv_add(a, out, k, v, strlen(v));
        }
        i = j + 1;
    }
    return 0;
}

/* ---- multipart/form-data ---- */

/* Finds a parameter (boundary=, name=, filename=) in a header value. */
static const char *header_param(arena *a, const char *h, size_t hn, const char *name)
{
    size_t nl = strlen(name);
    for (size_t i = 0; i + nl < hn; i++) {
        if ((i == 0 || h[i - 1] == ';' || h[i - 1] == ' ' || h[i - 1] == '\t') &&
            strncasecmp(h + i, name, nl) == 0 && h[i + nl] == '=') {
            const char *v = h + i + nl + 1;
            size_t rest = hn - (size_t)(v - h);
            if (rest && *v == '"') {
                const char *q = memchr(v + 1, '"', rest - 1);
                if (!q)
                    return NULL;
                return arena_strndup(a, v + 1, (size_t)(q - v - 1));
            }
            size_t l = 0;
            while (l < rest && v[l] != ';' && v[l] != ' ' && v[l] != '\r')
                l++;
            return arena_strndup(a, v, l);
        }
    }
    return NULL;
}

static const char *memmem_s(const char *h, size_t hn, const char *n, size_t nn)
{
    return memmem(h, hn, n, nn);
}

int web_parse_multipart(arena *a, const char *ctype_header, const char *body, size_t n,
                        kvlist *out, web_upload **files, size_t *nfiles, size_t max_parts, err *e)
{
    const char *bnd = header_param(a, ctype_header, strlen(ctype_header), "boundary");
    if (!bnd || !*bnd || strlen(bnd) > 200)
        return err_set(e, GK_EINVAL, "form", "multipart body without a boundary");
    char *delim = arena_printf(a, "--%s", bnd);
    size_t dl = strlen(delim);
    const char *p = memmem_s(body, n, delim, dl);
    if (!p)
        return err_set(e, GK_EINVAL, "form", "multipart body without its boundary");
    size_t cap = 4, cnt = 0;
    web_upload *fv = arena_alloc(a, cap * sizeof *fv);
    size_t parts = 0;
    for (;;) {
        p += dl;
        size_t left = n - (size_t)(p - body);
        if (left >= 2 && p[0] == '-' && p[1] == '-')
            break;                                   /* closing delimiter */
        if (left < 2 || p[0] != '\r' || p[1] != '\n')
            return err_set(e, GK_EINVAL, "form", "malformed multipart delimiter");
        p += 2;
        left -= 2;
        const char *hend = memmem_s(p, left, "\r\n\r\n", 4);
        if (!hend)
            return err_set(e, GK_EINVAL, "form", "a multipart part without headers' end");
        const char *name = NULL, *filename = NULL, *pctype = NULL;
        for (const char *h = p; h < hend;) {
            const char *eol = memmem_s(h, (size_t)(hend - h), "\r\n", 2);
            size_t hl = eol ? (size_t)(eol - h) : (size_t)(hend - h);
            if (hl > 20 && strncasecmp(h, "Content-Disposition:", 20) == 0) {
                name = header_param(a, h + 20, hl - 20, "name");
                filename = header_param(a, h + 20, hl - 20, "filename");
            } else if (hl > 13 && strncasecmp(h, "Content-Type:", 13) == 0) {
                const char *v = h + 13;
                while (*v == ' ')
                    v++;
                pctype = arena_strndup(a, v, hl - (size_t)(v - h));
            }
            h += hl + 2;
        }
        const char *data = hend + 4;
        size_t dleft = n - (size_t)(data - body);
        char *needle = arena_printf(a, "\r\n%s", delim);
        const char *next = memmem_s(data, dleft, needle, dl + 2);
        if (!next)
            return err_set(e, GK_EINVAL, "form", "a multipart part is not closed");
        size_t len = (size_t)(next - data);
        if (!name || !*name)
            return err_set(e, GK_EINVAL, "form", "a multipart part without a field name");
        if (++parts > max_parts)
            return err_set(e, GK_EINVAL, "form", "more than %zu parts", max_parts);
        if (!utf8_valid(name, strlen(name), NULL))
            return err_set(e, GK_EINVAL, "form", "a field name is not valid UTF-8");
        if (filename) {
            if (!utf8_valid(filename, strlen(filename), NULL))
                return err_set(e, GK_EINVAL, name, "the file name is not valid UTF-8");
            if (cnt == cap) {
                web_upload *nv = arena_alloc(a, (cap *= 2) * sizeof *nv);
                memcpy(nv, fv, cnt * sizeof *nv);
                fv = nv;
            }
            char *copy = arena_alloc(a, len + 1);
            memcpy(copy, data, len);
            fv[cnt++] = (web_upload){name, filename, pctype ? pctype : "application/octet-stream", copy, len};
        } else {
            if (memchr(data, '\0', len) || !utf8_valid(data, len, NULL))
                return err_set(e, GK_EINVAL, name, "the value is not valid UTF-8 text");
            char *v = arena_strndup(a, data, len);
            kv_add(a, out, name, v, len);
        }
        p = next + 2;
    }
    *files = fv;
    *nfiles = cnt;
    return 0;
}

void web_parse_cookies(arena *a, const char *h, kvlist *out)
{
    if (!h)
        return;
    const char *p = h;
    while (*p) {
        while (*p == ' ' || *p == ';')
            p++;
        const char *eq = strchr(p, '=');
        const char *end = strchr(p, ';');
        if (!end)
            end = p + strlen(p);
        if (eq && eq < end && eq > p) {
            const char *v = eq + 1;
            size_t vl = (size_t)(end - v);
            if (vl >= 2 && v[0] == '"' && v[vl - 1] == '"')
                v++, vl -= 2;
            kv_add(a, out, arena_strndup(a, p, (size_t)(eq - p)), arena_strndup(a, v, vl), vl);
        }
        p = end;
    }
}

const char *web_sniff_type(const char *d, size_t n)
{
    const unsigned char *u = (const unsigned char *)d;
    if (n >= 5 && memcmp(d, "%PDF-", 5) == 0)
        return "application/pdf";
    if (n >= 8 && memcmp(d, "\x89PNG\r\n\x1a\n", 8) == 0)
        return "image/png";
    if (n >= 3 && u[0] == 0xFF && u[1] == 0xD8 && u[2] == 0xFF)
        return "image/jpeg";
    if (n >= 4 && memcmp(d, "PK\x03\x04", 4) == 0)
        return "application/zip";
    if (n > 0 && !memchr(d, '\0', n) && utf8_valid(d, n, NULL))
        return "text/plain";
    return NULL;
}
