/*
 * base — what every gongkai module stands on: error records, growable
 * buffers, an arena, UTF-8 handling with full-width folding, civil dates,
 * and reading whole files. Nothing here knows about the disclosure domain.
 */
#ifndef GONGKAI_BASE_H
#define GONGKAI_BASE_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdbool.h>
#include <stdio.h>

/* ---- errors ------------------------------------------------------------
 * Functions return 0 on success or a negative code, and fill an err record
 * with a one-line message a user can act on: what went wrong and where.
 *
 * GK_ERRORS is the one table of gongkai's error codes: the enum, the label
 * (what a message says when it has nothing better), the command line's exit
 * status (0 done, 1 refused or failed, 2 bad input: cli.h) and the HTTP
 * status a page or the API answers with are all generated from its rows. */
#define GK_ERRORS(X)                                                              \
    /* name          value  label                         exit  http */          \
    X(GK_EINVAL,       -1, "bad input",                     2,  422)  /* malformed, out of range, refused */ \
    X(GK_EIO,          -2, "could not read or write",       1,  500)  /* a file or the store */ \
    X(GK_ENOMEM,       -3, "out of memory",                 1,  500)                     \
    X(GK_ENOTFOUND,    -4, "not found",                     1,  404)                     \
    X(GK_ESTATE,       -5, "not allowed in this state",     1,  409)  /* the record's state forbids it */ \
    X(GK_ERANGE,       -6, "outside the known data",        2,  503)  /* e.g. a year with no calendar */ \
    X(GK_EPERM,        -7, "not permitted",                 1,  403)  /* the person's role may not */ \
    X(GK_ETYPE,        -8, "unsupported type",              2,  415)  /* a file or body of a kind not taken */ \
    X(GK_ETOOBIG,      -9, "too large",                     2,  413)  /* past a configured size */

enum {
    GK_OK = 0,
#define GK_ERROR_ENUM(name, value, label, exit_status, http_status) name = value,
    GK_ERRORS(GK_ERROR_ENUM)
#undef GK_ERROR_ENUM
};

/* The row of GK_ERRORS for a code: its label, exit status and HTTP status.
 * 0 gives "", 0 and 200; a code not in the table (a failure nobody
 * classified) is treated as GK_EIO. */
const char *gk_err_label(int code);
int gk_exit_status(int code);
int gk_http_status(int code);

typedef struct err {
    int code;
    char where[256];  /* file:line, record, or with `field` set a field's name */
    char msg[512];
    bool field;       /* where is a field in the domain's terms ("id_number",
                       * "date"); each front end spells it its own way: the
                       * command line as an option ("--id-number"), the web
                       * as the form field ("id_number") */
} err;

/* Sets code, where and a printf-style message; returns code for `return err_set(...)`. */
int err_set(err *e, int code, const char *where, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
/* err_set for a field of the domain's records ("received", "id_number"):
 * lower case with '_' between words, as the web forms name them. */
int err_field(err *e, int code, const char *field, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
/* The message, else the code's label: what a front end shows; never empty
 * for a non-zero code. */
const char *err_text(const err *e);
void err_clear(err *e);

/* ---- memory ------------------------------------------------------------ */
void *xmalloc(size_t n);              /* aborts on exhaustion: nothing sensible to do */
void *xcalloc(size_t n, size_t sz);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);

/* Arena: many small allocations freed together at the end of a request. */
typedef struct arena_block arena_block;
typedef struct arena { arena_block *head; } arena;
void *arena_alloc(arena *a, size_t n);            /* zeroed, 16-byte aligned */
char *arena_strdup(arena *a, const char *s);
char *arena_strndup(arena *a, const char *s, size_t n);
char *arena_printf(arena *a, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void arena_free(arena *a);

/* ---- buffers ----------------------------------------------------------- */
typedef struct buf { char *data; size_t len, cap; } buf;  /* always NUL-terminated when data != NULL */
void buf_init(buf *b);
void buf_free(buf *b);
void buf_reset(buf *b);
void buf_reserve(buf *b, size_t extra);
void buf_append(buf *b, const void *p, size_t n);
void buf_puts(buf *b, const char *s);
void buf_putc(buf *b, char c);
void buf_printf(buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void buf_vprintf(buf *b, const char *fmt, va_list ap);
char *buf_detach(buf *b);             /* caller frees; b is reset */

/* Escapes text for HTML element content and attribute values (& < > " '). The
 * one escaping function every string reaching HTML goes through. */
void buf_html(buf *b, const char *s);
void buf_html_n(buf *b, const char *s, size_t n);
/* Appends s as a JSON string literal with quotes. */
void buf_json_str(buf *b, const char *s);
/* Appends s as one CSV field (RFC 4180): in double quotes, a quote doubled
 * (buf_csv_quoted); buf_csv_field quotes only a field that needs it (a
 * comma, quote or line break in it). s NULL is "". */
void buf_csv_quoted(buf *b, const char *s);
void buf_csv_field(buf *b, const char *s);

/* ---- UTF-8 ------------------------------------------------------------- */
/* Decodes one code point at s (n bytes available). Returns its length, or 0
 * for invalid/truncated sequences (overlongs, surrogates, > U+10FFFF). */
int utf8_decode(const char *s, size_t n, uint32_t *cp);
int utf8_encode(uint32_t cp, char out[4]);
/* Returns true when the whole buffer is valid UTF-8; *bad_off gets the byte
 * offset of the first invalid sequence otherwise. */
bool utf8_valid(const char *s, size_t n, size_t *bad_off);
/* Folds a code point for matching: full-width ASCII (U+FF01..FF5E) to ASCII,
 * ideographic space and other spaces to ' ', Chinese brackets to ASCII ones. */
uint32_t utf8_fold_cp(uint32_t cp);
/* Returns a newly allocated folded copy of s (invalid bytes are kept as is). */
char *utf8_fold(const char *s, size_t n);
/* True for CJK unified ideographs (basic block and extension A). */
bool utf8_is_han(uint32_t cp);
/* Number of code points (invalid bytes count one each). */
size_t utf8_len(const char *s, size_t n);
/* The edit distance (Levenshtein, over code points) of a[0..na) and
 * b[0..nb) when it is at most k; else k + 1 (also when b is longer than
 * UTF8_EDIT_MAX). Stops as soon as a row of the table passes k. */
#define UTF8_EDIT_MAX 64
int utf8_edit_distance(const uint32_t *a, size_t na, const uint32_t *b, size_t nb, int k);

/* ---- civil dates ------------------------------------------------------- */
/* Days since 1970-01-01 (proleptic Gregorian); works for years 1..9999. */
typedef int32_t gk_day;
gk_day date_from_ymd(int y, int m, int d);
void date_to_ymd(gk_day day, int *y, int *m, int *d);
int date_weekday(gk_day day);   /* 1 = Monday .. 7 = Sunday */
/* Parses YYYY-MM-DD strictly (also accepts 2018年1月30日 and 2018/01/30);
 * returns 0 and the day, or GK_EINVAL with a message naming the text. */
int date_parse(const char *s, gk_day *out, err *e);
/* Formats as YYYY-MM-DD into out (at least 11 bytes). */
void date_format(gk_day day, char out[11]);
/* Today in the local time zone (or $GONGKAI_TODAY=YYYY-MM-DD for tests, or the
 * date in the file $GONGKAI_TODAY_FILE names, read at each call). */
gk_day date_today(void);

/* ---- files ------------------------------------------------------------- */
/* Reads a whole file (up to max_bytes; 0 = no limit) into *out (NUL-terminated).
 * Only a regular file is read (GK_EIO for a pipe, device, socket or
 * directory, naming it); "-" reads standard input. */
int file_read_all(const char *path, size_t max_bytes, buf *out, err *e);
/* Opens a regular file to read (refused like file_read_all; no "-"): for a
 * reader that goes through the file more than once. The caller fcloses it. */
FILE *file_open_regular(const char *path, err *e);
/* Writes data atomically: to PATH.tmp, then rename. */
int file_write_all(const char *path, const void *data, size_t n, err *e);

/* ---- numbers ----------------------------------------------------------- */
/* Parses a whole decimal integer (ASCII digits, optional leading '-'),
 * rejecting overflow past int64. Returns false when s is not one. */
bool parse_i64(const char *s, size_t n, int64_t *out);

#endif
