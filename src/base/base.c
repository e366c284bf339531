/* base — errors, memory, buffers and files. See base.h. */
#define _POSIX_C_SOURCE 200809L
#include "base.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int err_set(err *e, int code, const char *where, const char *fmt, ...)
{
    if (!e)
        return code;
    e->code = code;
    e->field = false;
    snprintf(e->where, sizeof e->where, "%s", where ? where : "");
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(e->msg, sizeof e->msg, fmt, ap);
    va_end(ap);
    return code;
}

int err_field(err *e, int code, const char *field, const char *fmt, ...)
{
    if (!e)
        return code;
    e->code = code;
    e->field = true;
    snprintf(e->where, sizeof e->where, "%s", field);
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(e->msg, sizeof e->msg, fmt, ap);
    va_end(ap);
    return code;
}

static const struct gk_error_row {
    int code;
    const char *label;
    int exit_status, http_status;
} gk_error_rows[] = {
#define GK_ERROR_ROW(name, value, label, exit_status, http_status) {name, label, exit_status, http_status},
    GK_ERRORS(GK_ERROR_ROW)
#undef GK_ERROR_ROW
};

static const struct gk_error_row *gk_error_row(int code)
{
    for (size_t i = 0; i < sizeof gk_error_rows / sizeof gk_error_rows[0]; i++)
        if (gk_error_rows[i].code == code)
            return &gk_error_rows[i];
    return &gk_error_rows[1]; /* GK_EIO: a failure nobody classified */
}

const char *gk_err_label(int code)
{
    return code ? gk_error_row(code)->label : "";
}

int gk_exit_status(int code)
{
    return code ? gk_error_row(code)->exit_status : 0;
}

int gk_http_status(int code)
{
    return code ? gk_error_row(code)->http_status : 200;
}

const char *err_text(const err *e)
{
    return e->msg[0] || !e->code ? e->msg : gk_err_label(e->code);
}

void err_clear(err *e)
{
    if (e) {
        e->code = 0;
        e->field = false;
        e->where[0] = e->msg[0] = '\0';
    }
}

static void oom(void)
{
    fputs("gongkai: out of memory\n", stderr);
    abort();
}

void *xmalloc(size_t n)
{
    void *p = malloc(n ? n : 1);
    if (!p)
        oom();
    return p;
}

void *xcalloc(size_t n, size_t sz)
{
    void *p = calloc(n ? n : 1, sz ? sz : 1);
    if (!p)
        oom();
    return p;
}

void *xrealloc(void *p, size_t n)
{
    p = realloc(p, n ? n : 1);
    if (!p)
        oom();
    return p;
}

char *xstrdup(const char *s) { return xstrndup(s, strlen(s)); }

char *xstrndup(const char *s, size_t n)
{
    char *p = xmalloc(n + 1);
    memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

/* ---- arena ---- */
struct arena_block {
    arena_block *next;
    size_t used, cap;
    _Alignas(16) unsigned char mem[];
};

void *arena_alloc(arena *a, size_t n)
{
    n = (n + 15) & ~(size_t)15;
    arena_block *b = a->head;
    if (!b || b->cap - b->used < n) {
        size_t cap = n > 64 * 1024 ? n : 64 * 1024;
        b = xmalloc(sizeof *b + cap);
        b->cap = cap;
        b->used = 0;
        b->next = a->head;
        a->head = b;
    }
    void *p = b->mem + b->used;
    b->used += n;
    memset(p, 0, n);
    return p;
}

char *arena_strndup(arena *a, const char *s, size_t n)
{
    char *p = arena_alloc(a, n + 1);
    memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

char *arena_strdup(arena *a, const char *s) { return arena_strndup(a, s, strlen(s)); }

char *arena_printf(arena *a, const char *fmt, ...)
{
    va_list ap, ap2;
    va_start(ap, fmt);
    va_copy(ap2, ap);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    char *p = arena_alloc(a, (size_t)n + 1);
    vsnprintf(p, (size_t)n + 1, fmt, ap2);
    va_end(ap2);
    return p;
}

void arena_free(arena *a)
{
    arena_block *b = a->head;
    while (b) {
        arena_block *n = b->next;
        free(b);
        b = n;
    }
    a->head = NULL;
}

/* ---- buffers ---- */
void buf_init(buf *b) { b->data = NULL, b->len = b->cap = 0; }

void buf_free(buf *b)
{
    free(b->data);
    buf_init(b);
}

void buf_reset(buf *b)
{
    b->len = 0;
    if (b->data)
        b->data[0] = '\0';
}

void buf_reserve(buf *b, size_t extra)
{
    if (b->len + extra + 1 <= b->cap)
        return;
    size_t cap = b->cap ? b->cap : 64;
    while (cap < b->len + extra + 1)
        cap *= 2;
    b->data = xrealloc(b->data, cap);
    b->cap = cap;
    b->data[b->len] = '\0';   /* NUL-terminated even before the first append */
}

void buf_append(buf *b, const void *p, size_t n)
{
    buf_reserve(b, n);
    if (n)
        memcpy(b->data + b->len, p, n);
    b->len += n;
    b->data[b->len] = '\0';
}

void buf_puts(buf *b, const char *s) { buf_append(b, s, strlen(s)); }

void buf_putc(buf *b, char c) { buf_append(b, &c, 1); }

void buf_vprintf(buf *b, const char *fmt, va_list ap)
{
    va_list ap2;
    va_copy(ap2, ap);
    int n = vsnprintf(NULL, 0, fmt, ap);
    buf_reserve(b, (size_t)n);
    vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap2);
    va_end(ap2);
    b->len += (size_t)n;
}

void buf_printf(buf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    buf_vprintf(b, fmt, ap);
    va_end(ap);
}

char *buf_detach(buf *b)
{
    char *p = b->data ? b->data : xstrdup("");
    buf_init(b);
    return p;
}

void buf_html_n(buf *b, const char *s, size_t n)
{
    size_t start = 0;
    for (size_t i = 0; i < n; i++) {
        const char *rep = NULL;
        switch (s[i]) {
        case '&': rep = "&amp;"; break;
        case '<': rep = "&lt;"; break;
        case '>': rep = "&gt;"; break;
        case '"': rep = "&quot;"; break;
        case '\'': rep = "&#39;"; break;
        default: continue;
        }
        buf_append(b, s + start, i - start);
        buf_puts(b, rep);
        start = i + 1;
    }
    buf_append(b, s + start, n - start);
}

void buf_html(buf *b, const char *s) { buf_html_n(b, s, strlen(s)); }

void buf_csv_quoted(buf *b, const char *s)
{
    buf_putc(b, '"');
    for (s = s ? s : ""; *s; s++) {
        if (*s == '"')
            buf_putc(b, '"');
        buf_putc(b, *s);
    }
    buf_putc(b, '"');
}

void buf_csv_field(buf *b, const char *s)
{
    s = s ? s : "";
    if (strpbrk(s, ",\"\r\n"))
        buf_csv_quoted(b, s);
    else
        buf_puts(b, s);
}

void buf_json_str(buf *b, const char *s)
{
    buf_putc(b, '"');
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        switch (*p) {
        case '"': buf_puts(b, "\\\""); break;
        case '\\': buf_puts(b, "\\\\"); break;
        case '\n': buf_puts(b, "\\n"); break;
        case '\r': buf_puts(b, "\\r"); break;
        case '\t': buf_puts(b, "\\t"); break;
        default:
            if (*p < 0x20)
                buf_printf(b, "\\u%04x", *p);
            else
                buf_putc(b, (char)*p);
        }
    }
    buf_putc(b, '"');
}

/* ---- files ---- */
/* A descriptor of path ("-": a copy of standard input) or -1 with e set. */
static int open_regular(const char *path, bool allow_stdin, err *e)
{
    /* "-" is standard input, whatever it is; a named file must be a regular
     * file: a named pipe or a device would block or never end (issue 11).
     * O_NONBLOCK keeps the open itself from waiting for a pipe's writer. */
    bool std_in = allow_stdin && strcmp(path, "-") == 0;
    int fd = std_in ? dup(0) : open(path, O_RDONLY | O_NONBLOCK);
    if (fd < 0) {
        err_set(e, GK_EIO, path, "cannot open: %s", strerror(errno));
        return -1;
    }
    struct stat st;
    if (!std_in && fstat(fd, &st) == 0 && !S_ISREG(st.st_mode)) {
        close(fd);
        err_set(e, GK_EIO, path, "%s: only a regular file is read%s",
                S_ISDIR(st.st_mode) ? "is a directory" : S_ISFIFO(st.st_mode) ? "is a named pipe"
                                                       : S_ISSOCK(st.st_mode) ? "is a socket"
                                                                              : "is a device",
                allow_stdin ? " (or '-' for standard input)" : "");
        return -1;
    }
    if (!std_in)
        fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK);
    return fd;
}

FILE *file_open_regular(const char *path, err *e)
{
    int fd = open_regular(path, false, e);
    FILE *f = fd < 0 ? NULL : fdopen(fd, "rb");
    if (fd >= 0 && !f) {
        err_set(e, GK_EIO, path, "cannot open: %s", strerror(errno));
        close(fd);
    }
    return f;
}

int file_read_all(const char *path, size_t max_bytes, buf *out, err *e)
{
    int fd = open_regular(path, true, e);
    if (fd < 0)
        return GK_EIO;
    buf_reset(out);
    buf_reserve(out, 0);
    for (;;) {
        buf_reserve(out, 65536);
        ssize_t r = read(fd, out->data + out->len, out->cap - out->len - 1);
        if (r < 0) {
            if (errno == EINTR)
                continue;
            int saved = errno;
            close(fd);
            return err_set(e, GK_EIO, path, "cannot read: %s", strerror(saved));
        }
        if (r == 0)
            break;
        out->len += (size_t)r;
        out->data[out->len] = '\0';
        if (max_bytes && out->len > max_bytes) {
            close(fd);
            return err_set(e, GK_EINVAL, path, "file is larger than %zu bytes", max_bytes);
        }
    }
    close(fd);
    return 0;
}

int file_write_all(const char *path, const void *data, size_t n, err *e)
{
    buf tmp;
    buf_init(&tmp);
    buf_printf(&tmp, "%s.tmp", path);
    FILE *f = fopen(tmp.data, "wb");
    if (!f) {
        int rc = err_set(e, GK_EIO, path, "cannot write: %s", strerror(errno));
        buf_free(&tmp);
        return rc;
    }
    size_t w = fwrite(data, 1, n, f);
    int bad = (w != n) | (fclose(f) != 0);
    if (bad || rename(tmp.data, path) != 0) {
        int rc = err_set(e, GK_EIO, path, "cannot write: %s", strerror(errno));
        unlink(tmp.data);
        buf_free(&tmp);
        return rc;
    }
    buf_free(&tmp);
    return 0;
}

bool parse_i64(const char *s, size_t n, int64_t *out)
{
    size_t i = 0;
    bool neg = false;
    if (n && s[0] == '-')
        neg = true, i = 1;
    if (i >= n)
        return false;
    uint64_t v = 0;
    for (; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return false;
        unsigned d = (unsigned)(s[i] - '0');
        if (v > (UINT64_MAX - d) / 10)
            return false;
        v = v * 10 + d;
    }
    if (v > (uint64_t)INT64_MAX + (neg ? 1u : 0u))
        return false;
    *out = neg ? (int64_t)(0 - v) : (int64_t)v;
    return true;
}
