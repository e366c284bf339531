/* base — UTF-8 decoding, validation and full-width folding. See base.h. */
#include "base.h"

#include <string.h>

int utf8_decode(const char *str, size_t n, uint32_t *cp)
{
    const unsigned char *s = (const unsigned char *)str;
    if (n == 0)
        return 0;
    unsigned c = s[0];
    if (c < 0x80) {
        *cp = c;
        return 1;
    }
    int len;
    uint32_t v, min;
    if ((c & 0xE0) == 0xC0)
        len = 2, v = c & 0x1F, min = 0x80;
    else if ((c & 0xF0) == 0xE0)
        len = 3, v = c & 0x0F, min = 0x800;
    else if ((c & 0xF8) == 0xF0)
        len = 4, v = c & 0x07, min = 0x10000;
    else
        return 0;
    if ((size_t)len > n)
        return 0;
    for (int i = 1; i < len; i++) {
        if ((s[i] & 0xC0) != 0x80)
            return 0;
        v = (v << 6) | (s[i] & 0x3F);
    }
    if (v < min || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF))
        return 0;
    *cp = v;
    return len;
}

int utf8_encode(uint32_t cp, char out[4])
{
    if (cp < 0x80) {
        out[0] = (char)cp;
        return 1;
    }
    if (cp < 0x800) {
        out[0] = (char)(0xC0 | (cp >> 6));
        out[1] = (char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        out[0] = (char)(0xE0 | (cp >> 12));
        out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        out[2] = (char)(0x80 | (cp & 0x3F));
        return 3;
    }
    out[0] = (char)(0xF0 | (cp >> 18));
    out[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
    out[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
    out[3] = (char)(0x80 | (cp & 0x3F));
    return 4;
}

bool utf8_valid(const char *s, size_t n, size_t *bad_off)
{
    size_t i = 0;
    while (i < n) {
        if ((unsigned char)s[i] < 0x80) {
            i++;
            continue;
        }
        uint32_t cp;
        int l = utf8_decode(s + i, n - i, &cp);
        if (!l) {
            if (bad_off)
                *bad_off = i;
            return false;
        }
        i += (size_t)l;
    }
    return true;
}

uint32_t utf8_fold_cp(uint32_t cp)
{
    if (cp >= 0xFF01 && cp <= 0xFF5E)
        return cp - 0xFF01 + 0x21;      /* full-width ASCII */
    switch (cp) {
    case 0x3000: case 0x00A0: case 0x2002: case 0x2003: case 0x2009: case 0x200B:
        return ' ';
    case 0x3014: case 0x3010: case 0xFF3B: case 0x3016: return '[';  /* 〔 【 ［ 〖 */
    case 0x3015: case 0x3011: case 0xFF3D: case 0x3017: return ']';
    case 0x2014: case 0x2013: case 0x2015: case 0x2212: return '-';
    case 0x201C: case 0x201D: return '"';
    case 0x2018: case 0x2019: return '\'';
    default: return cp;
    }
}

char *utf8_fold(const char *s, size_t n)
{
    buf b;
    buf_init(&b);
    buf_reserve(&b, n);
    size_t i = 0;
    while (i < n) {
        uint32_t cp;
        int l = utf8_decode(s + i, n - i, &cp);
        if (!l) {
            buf_putc(&b, s[i]);
            i++;
            continue;
        }
        uint32_t f = utf8_fold_cp(cp);
        if (f == cp) {
            buf_append(&b, s + i, (size_t)l);
        } else {
            char out[4];
            buf_append(&b, out, (size_t)utf8_encode(f, out));
        }
        i += (size_t)l;
    }
    return buf_detach(&b);
}

bool utf8_is_han(uint32_t cp)
{
    return (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0x3400 && cp <= 0x4DBF) ||
           (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0x20000 && cp <= 0x2FA1F);
}

size_t utf8_len(const char *s, size_t n)
{
    size_t i = 0, count = 0;
    while (i < n) {
        uint32_t cp;
        int l = utf8_decode(s + i, n - i, &cp);
        i += l ? (size_t)l : 1;
        count++;
    }
    return count;
}

int utf8_edit_distance(const uint32_t *a, size_t na, const uint32_t *b, size_t nb, int k)
{
    if (nb > UTF8_EDIT_MAX || (na > nb ? na - nb : nb - na) > (size_t)(k < 0 ? 0 : k))
        return k + 1;
    int prev[UTF8_EDIT_MAX + 1], cur[UTF8_EDIT_MAX + 1];
    for (size_t j = 0; j <= nb; j++)
        prev[j] = (int)j;
    for (size_t i = 1; i <= na; i++) {
        cur[0] = (int)i;
        int best = cur[0];
        for (size_t j = 1; j <= nb; j++) {
            int d = prev[j - 1] + (a[i - 1] != b[j - 1]);
            if (prev[j] + 1 < d)
                d = prev[j] + 1;
            if (cur[j - 1] + 1 < d)
                d = cur[j - 1] + 1;
            cur[j] = d;
            if (d < best)
                best = d;
        }
        if (best > k)
            return k + 1;
        memcpy(prev, cur, (nb + 1) * sizeof *cur);
    }
    return prev[nb] > k ? k + 1 : prev[nb];
}
