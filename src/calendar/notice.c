/*
 * calendar — reading the State Council's notice as published
 * (国务院办公厅关于YYYY年部分节假日安排的通知), pasted or saved as text from the
 * government site, into the .tsv facts cal_load_tsv reads. See calendar.h
 * (cal_notice_to_tsv) for the forms accepted.
 *
 * Only the numbered items ("一、元旦：...") are read; the title gives the
 * year, every other line (the preamble, the closing paragraph, the date) is
 * prose and skipped. An item is split into sentences at "。"; parentheses
 * （农历腊月二十八、周日） are remarks and dropped; each sentence is one of
 *     DATE[至DATE]放假[调休|公休][N天][，共N天][，不调休][，与周末连休]
 *     DATE[、DATE...]上班
 * where DATE is [YYYY年][M月]D日 (month and year carried over from the date
 * before, so "2月15日至23日" and "9月29日至10月6日" both read). Anything else
 * in an item is refused with the line.
 */
#include "calendar/calendar_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NOTICE_MAX_BYTES (256u << 10)   /* a notice is about 2 KB */
#define NOTICE_MAX_LINE 4096            /* bytes of one line */
#define NOTICE_MAX_LINES 2000
#define NOTICE_MAX_DAYS 400             /* facts in one notice */
#define NOTICE_MAX_SPAN 62              /* days of one 放假 range */
#define NOTICE_EDGE_DAYS 7              /* a date of the neighbouring year must be this close */

typedef struct nday {
    gk_day day;
    int kind;        /* CAL_HOLIDAY or CAL_WORKDAY */
    int line;
    char name[64];
} nday;

typedef struct nctx {
    int year;
    const char *source;
    int line;
    nday *v;
    size_t n;
    err *e;
} nctx;

static int nerr(nctx *x, const char *fmt, const char *arg)
{
    char where[300];
    snprintf(where, sizeof where, "%s:%d", x->source, x->line);
    return err_set(x->e, GK_EINVAL, where, fmt, arg);
}

/* The first control character but tab in [p, end), or NULL: a holiday
 * item's text becomes a calendar line, which refuses them. */
static const char *control_char(const char *p, const char *end)
{
    for (; p < end; p++)
        if ((unsigned char)*p < 0x20 && *p != '\t')
            return p;
    return NULL;
}

static bool lit(const char **p, const char *end, const char *s)
{
    size_t n = strlen(s);
    if ((size_t)(end - *p) >= n && memcmp(*p, s, n) == 0) {
        *p += n;
        return true;
    }
    return false;
}

static bool num(const char **p, const char *end, int *out)
{
    int v = 0, k = 0;
    while (*p < end && **p >= '0' && **p <= '9' && k < 5) {
        v = v * 10 + (**p - '0');
        (*p)++;
        k++;
    }
    *out = v;
    return k > 0;
}

/* [YYYY年][M月]D日 with year and month carried over in *y, *m. */
static int read_date(nctx *x, const char **p, const char *end, int *y, int *m, gk_day *out)
{
    const char *s = *p;
    int a;
    if (!num(p, end, &a))
        return nerr(x, "expected a date (M月D日) at '%.24s'", s);
    if (lit(p, end, "年")) {
        *y = a;
        if (!num(p, end, &a))
            return nerr(x, "expected a month after the year at '%.24s'", s);
    }
    int d = a;
    if (lit(p, end, "月")) {
        *m = a;
        if (!num(p, end, &d))
            return nerr(x, "expected a day after the month at '%.24s'", s);
    }
    if (!lit(p, end, "日"))
        return nerr(x, "expected 日 after the day at '%.24s'", s);
    if (!*m || *m > 12 || d < 1 || d > 31)
        return nerr(x, "'%.24s' is not a date", s);
    gk_day g = date_from_ymd(*y, *m, d);
    int yy, mm, dd;
    date_to_ymd(g, &yy, &mm, &dd);
    if (yy != *y || mm != *m || dd != d)
        return nerr(x, "'%.24s' is not a date in the calendar", s);
    /* a date of the neighbouring year: only the days next to the new year
     * that a notice gives for 元旦 (e.g. 2011年12月31日 上班 in the 2012 notice) */
    gk_day y0 = date_from_ymd(x->year, 1, 1), y1 = date_from_ymd(x->year + 1, 1, 1);
    if (g < y0 - NOTICE_EDGE_DAYS || g >= y1 + NOTICE_EDGE_DAYS ||
        ((g < y0 || g >= y1) && yy == x->year)) {
        char ds[11], msg[96];
        date_format(g, ds);
        snprintf(msg, sizeof msg, "%s is outside the notice's year %d", ds, x->year);
        return nerr(x, "%s", msg);
    }
    *out = g;
    return 0;
}

static int add_day(nctx *x, gk_day d, int kind, const char *name)
{
    if (x->n >= NOTICE_MAX_DAYS)
        return nerr(x, "more than %s days in the notice", "400");
    for (size_t i = 0; i < x->n; i++)
        if (x->v[i].day == d && x->v[i].kind != kind) {
            char ds[11], msg[160];
            date_format(d, ds);
            snprintf(msg, sizeof msg, "%s is both 放假 and 上班 (line %d and line %d)", ds,
                     x->v[i].line, x->line);
            return nerr(x, "%s", msg);
        }
    if (kind == CAL_WORKDAY && date_weekday(d) <= 5) {
        char ds[11];
        date_format(d, ds);
        return nerr(x, "%s is a weekday: a 上班 day of the notice is a Saturday or Sunday", ds);
    }
    nday *nd = &x->v[x->n++];
    nd->day = d;
    nd->kind = kind;
    nd->line = x->line;
    snprintf(nd->name, sizeof nd->name, "%s", name);
    return 0;
}

/* One sentence (parentheses removed) of an item about festival `name`. */
static int read_sentence(nctx *x, const char *p, const char *end, const char *name)
{
    int y = x->year, m = 0, rc;
    gk_day a, b;
    const char *s = p;
    if ((rc = read_date(x, &p, end, &y, &m, &a)))
        return rc;
    if (lit(&p, end, "至")) {
        if ((rc = read_date(x, &p, end, &y, &m, &b)))
            return rc;
        if (b < a || b - a >= NOTICE_MAX_SPAN)
            return nerr(x, "'%.40s': the range runs backwards or is too long", s);
    } else {
        b = a;
        if (lit(&p, end, "、")) {
            /* a list of dates: only before 上班 */
            if ((rc = add_day(x, a, CAL_WORKDAY, name)))
                return rc;
            for (;;) {
                gk_day d;
                if ((rc = read_date(x, &p, end, &y, &m, &d)) || (rc = add_day(x, d, CAL_WORKDAY, name)))
                    return rc;
                if (!lit(&p, end, "、"))
                    break;
            }
            if (!lit(&p, end, "上班") || p != end)
                return nerr(x, "'%.60s': a list of dates must end with 上班", s);
            return 0;
        }
    }
    if (lit(&p, end, "上班")) {
        if (p != end)
            return nerr(x, "cannot read '%.60s' after 上班", p);
        for (gk_day d = a; d <= b; d++)
            if ((rc = add_day(x, d, CAL_WORKDAY, name)))
                return rc;
        return 0;
    }
    if (!lit(&p, end, "放假"))
        return nerr(x, "'%.60s': expected 放假 or 上班 after the date", s);
    int total = -1, n;
    if (!lit(&p, end, "调休"))
        lit(&p, end, "公休");
    if (num(&p, end, &n)) {
        if (!lit(&p, end, "天"))
            return nerr(x, "'%.60s': expected 天 after the number of days", s);
        total = n;
    }
    while (p < end) {
        if (lit(&p, end, "，") || lit(&p, end, ","))
            continue;
        if (lit(&p, end, "共")) {
            if (!num(&p, end, &n) || !lit(&p, end, "天"))
                return nerr(x, "'%.60s': expected 共N天", s);
            total = n;
        } else if (!lit(&p, end, "不调休") && !lit(&p, end, "与周末连休")) {
            return nerr(x, "cannot read '%.60s'", p);
        }
    }
    if (total >= 0 && total != b - a + 1) {
        char msg[120];
        snprintf(msg, sizeof msg, "the notice says %d days, the dates give %d", total, b - a + 1);
        return nerr(x, "%s", msg);
    }
    for (gk_day d = a; d <= b; d++)
        if ((rc = add_day(x, d, CAL_HOLIDAY, name)))
            return rc;
    return 0;
}

static const struct {
    const char *key, *name;   /* text in the item's heading, name stored */
} festivals[] = {
    {"元旦", "元旦"}, {"春节", "春节"}, {"清明", "清明"}, {"劳动节", "劳动节"},
    {"端午", "端午"}, {"中秋", "中秋"}, {"国庆", "国庆节"},
};

/* The festival of a heading: its one known festival, else the heading. */
static void festival_name(const char *h, size_t n, char *out, size_t cap)
{
    int found = -1, count = 0;
    for (size_t i = 0; i < sizeof festivals / sizeof festivals[0]; i++) {
        const char *k = festivals[i].key;
        for (size_t j = 0; j + strlen(k) <= n; j++)
            if (memcmp(h + j, k, strlen(k)) == 0) {
                found = (int)i;
                count++;
                break;
            }
    }
    if (count == 1)
        snprintf(out, cap, "%s", festivals[found].name);
    else
        snprintf(out, cap, "%.*s", (int)(n < cap - 1 ? n : cap - 1), h);
    /* cut at a character boundary: the last character, if the cut split it,
     * goes (a lead byte left alone, or one with too few continuation bytes) */
    size_t l = strlen(out), k = l;
    while (k && ((unsigned char)out[k - 1] & 0xC0) == 0x80 && l - k < 3)
        k--;
    if (k && (unsigned char)out[k - 1] >= 0xC0) {
        unsigned char lead = (unsigned char)out[k - 1];
        size_t need = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : 2;
        if (l - (k - 1) != need)
            out[k - 1] = '\0';
    }
}

/* The item's heading "一、元旦：": returns the position after "：" or NULL. */
static const char *item_heading(const char *p, const char *end, const char **h, size_t *hn)
{
    static const char *const numerals[] = {"十", "一", "二", "三", "四", "五", "六", "七", "八", "九"};
    const char *q = p;
    bool any = false;
    for (bool more = true; more && q < end;) {
        more = false;
        for (size_t i = 0; i < 10; i++)
            if (lit(&q, end, numerals[i])) {
                any = more = true;
                break;
            }
    }
    if (!any || !lit(&q, end, "、"))
        return NULL;
    const char *c = q;
    while (c < end && !(end - c >= 3 && memcmp(c, "：", 3) == 0) && *c != ':')
        c++;
    if (c >= end)
        return NULL;
    *h = q;
    *hn = (size_t)(c - q);
    return c + (*c == ':' ? 1 : 3);
}

/* Copies a sentence without its parenthesised remarks. */
static size_t strip_remarks(const char *p, const char *end, char *out, size_t cap)
{
    size_t k = 0;
    int depth = 0;
    while (p < end && k + 1 < cap) {
        if (lit(&p, end, "（") || (*p == '(' && p++)) {
            depth++;
            continue;
        }
        if (lit(&p, end, "）") || (*p == ')' && p++)) {
            if (depth)
                depth--;
            continue;
        }
        if (!depth && *p != ' ' && *p != '\t' && !(end - p >= 3 && memcmp(p, "\xE3\x80\x80", 3) == 0))
            out[k++] = *p;
        p += (end - p >= 3 && memcmp(p, "\xE3\x80\x80", 3) == 0) ? 3 : 1;
    }
    out[k] = '\0';
    return k;
}

static int read_item(nctx *x, const char *p, const char *end, const char *name)
{
    char s[NOTICE_MAX_LINE + 1];
    size_t n = strip_remarks(p, end, s, sizeof s);
    const char *q = s, *e = s + n;
    while (q < e) {
        const char *stop = strstr(q, "。");
        const char *se = stop ? stop : e;
        /* a trailing comma or semicolon before the full stop */
        const char *t = se;
        while (t > q && (t[-1] == ',' || t[-1] == ';'))
            t--;
        if (t - q >= 3 && (memcmp(t - 3, "，", 3) == 0 || memcmp(t - 3, "；", 3) == 0))
            t -= 3;
        if (t > q) {
            int rc = read_sentence(x, q, t, name);
            if (rc)
                return rc;
        }
        q = stop ? stop + 3 : e;
    }
    return 0;
}

static const char *find(const char *p, const char *end, const char *s)
{
    size_t n = strlen(s);
    for (; (size_t)(end - p) >= n; p++)
        if (memcmp(p, s, n) == 0)
            return p;
    return NULL;
}

/* The year in the title: "关于2027年部分节假日安排". 0 when absent. */
static int title_year(const char *text, size_t n)
{
    const char *p = text, *end = text + n;
    while (p < end) {
        const char *k = find(p, end, "关于");
        if (!k)
            return 0;
        const char *q = k + 6;
        int y;
        if (num(&q, end, &y) && lit(&q, end, "年") &&
            find(q, end - q < 60 ? end : q + 60, "节假日"))
            return y;
        p = k + 6;
    }
    return 0;
}

static int cmp_nday(const void *a, const void *b)
{
    const nday *x = a, *y = b;
    if (x->day != y->day)
        return x->day < y->day ? -1 : 1;
    return x->line - y->line;
}

/* The notice's bytes and its year: size, NUL, UTF-8, and the year of the
 * title agreeing with the one given (or standing for it). */
static int notice_check(const char *text, size_t n, int *year, const char *source, err *e)
{
    if (n > NOTICE_MAX_BYTES)
        return err_set(e, GK_EINVAL, source, "the notice is %zu bytes: at most %u", n, NOTICE_MAX_BYTES);
    size_t bad;
    if (memchr(text, '\0', n))
        return err_set(e, GK_EINVAL, source, "the notice contains a NUL byte");
    if (!utf8_valid(text, n, &bad))
        return err_set(e, GK_EINVAL, source, "invalid UTF-8 at byte %zu", bad + 1);
    int ty = title_year(text, n);
    if (*year && ty && ty != *year)
        return err_set(e, GK_EINVAL, source, "the title is about %d, not %d", ty, *year);
    if (!*year)
        *year = ty;
    if (!*year)
        return err_set(e, GK_EINVAL, source,
                       "no year: the title (国务院办公厅关于YYYY年部分节假日安排的通知) is missing; "
                       "give the year");
    if (*year < CAL_MIN_YEAR + 1 || *year > CAL_MAX_YEAR - 1)
        return err_set(e, GK_EINVAL, source, "%d: the calendar holds years %d–%d", *year,
                       CAL_MIN_YEAR + 1, CAL_MAX_YEAR - 1);
    return 0;
}

/* One line of the notice (without its end): an item ("一、元旦：…") is read
 * into x, prose is passed over. Returns 0 or the error; *item says whether
 * the line was an item. */
static int notice_line(nctx *x, const char *ls, size_t ll, bool *item)
{
    *item = false;
    if (++x->line > NOTICE_MAX_LINES)
        return nerr(x, "more than %s lines", "2000");
    if (ll && ls[ll - 1] == '\r')
        ll--;
    if (ll > NOTICE_MAX_LINE)
        return nerr(x, "the line is longer than %s bytes", "4096");
    const char *p = ls, *end = ls + ll;
    for (;;) {
        if (p < end && (*p == ' ' || *p == '\t'))
            p++;
        else if (!lit(&p, end, "\xE3\x80\x80"))   /* ideographic space */
            break;
    }
    const char *h;
    size_t hn;
    const char *body = item_heading(p, end, &h, &hn);
    if (!body)
        return 0;   /* prose: title, preamble, closing paragraph */
    const char *cc = control_char(p, end);
    if (cc) {
        char hex[8];
        snprintf(hex, sizeof hex, "0x%02x", (unsigned char)*cc);
        return nerr(x, "control character %s in a holiday item", hex);
    }
    char name[64];
    festival_name(h, hn, name, sizeof name);
    *item = true;
    return read_item(x, body, end, name);
}

/* The days read, in order, each once, as TSV lines. */
static void notice_tsv(nctx *x, buf *out)
{
    qsort(x->v, x->n, sizeof *x->v, cmp_nday);
    for (size_t i = 0; i < x->n; i++) {
        if (i && x->v[i].day == x->v[i - 1].day)
            continue;   /* 国庆节、中秋节: one day given once */
        char ds[11];
        date_format(x->v[i].day, ds);
        buf_printf(out, "%s\t%s\t%s\n", ds, x->v[i].kind == CAL_HOLIDAY ? "holiday" : "workday",
                   x->v[i].name);
    }
}

int cal_notice_to_tsv(const char *text, size_t n, int year, const char *source, buf *out,
                      int *year_out, err *e)
{
    if (!source)
        source = "notice";
    int rc = notice_check(text, n, &year, source, e);
    if (rc)
        return rc;
    nctx x = {.year = year, .source = source, .e = e};
    x.v = xmalloc(sizeof *x.v * NOTICE_MAX_DAYS);
    size_t pos = n >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
    int items = 0;
    while (!rc && pos < n) {
        const char *ls = text + pos;
        const char *nl = memchr(ls, '\n', n - pos);
        size_t ll = nl ? (size_t)(nl - ls) : n - pos;
        pos += ll + (nl ? 1 : 0);
        bool item;
        rc = notice_line(&x, ls, ll, &item);
        items += item && !rc;
    }
    if (!rc && (!items || !x.n))
        rc = err_set(e, GK_EINVAL, source, "no holiday items (lines like 一、元旦：1月1日放假1天。) in the notice");
    if (!rc) {
        notice_tsv(&x, out);
        if (year_out)
            *year_out = year;
    }
    free(x.v);
    return rc;
}
