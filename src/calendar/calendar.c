/*
 * calendar — working days and deadline arithmetic. See calendar.h.
 *
 * Representation. The facts (one per day: holiday or make-up working day,
 * with the festival's name) are kept sorted by day. From them and the set of
 * known years, every load rebuilds flat tables over the span of known years:
 *   cum[i]   working days among the first i days of the span,
 *   rank[k]  the span offset of the k-th working day (k from 0),
 *   kpre[j]  covered years (known from a notice, or provisional) among the
 *            first j years of the span,
 *   ppre[j]  provisional years among the first j years of the span,
 *   yidx[i]  the year (index in the span) of day i.
 * Counting is then cum[b] - cum[a], adding is rank[cum[a] + n - 1], and the
 * "every year touched is covered" check is one subtraction on kpre: O(1), no
 * allocation per call. The span always covers CAL_PROV_FIRST..CAL_PROV_LAST;
 * a provisional year's days are weekends plus prov_facts() (provisional.c),
 * and facts from notices or regional layers on top.
 *
 * The input formats (TSV, iCalendar) are read by load.c.
 */
#include "calendar/calendar_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* data/cn-calendar.tsv, embedded at build time by scripts/embed.py (which
 * defines the struct the same way). */
struct embedded_file {
    const char *name;
    const unsigned char *data;
    size_t len;
};
extern const struct embedded_file cal_data[];

#define NYEARS (CAL_MAX_YEAR - CAL_MIN_YEAR + 1)

typedef struct fact {
    gk_day day;
    uint8_t kind;
    uint32_t name;   /* index into cal_t.names; 0 is "" */
} fact;

struct cal_t {
    fact *facts;
    size_t nfacts;
    char **names;
    size_t nnames;
    bool known[NYEARS];
    bool same_day;
    int kfirst, klast;   /* first and last known year (0: none) */
    /* derived tables over the span [y0, y1] of known and provisional years */
    int y0, y1;
    gk_day d0;
    int32_t ndays;
    int32_t *cum;     /* ndays + 1 */
    int32_t *rank;    /* nwork */
    int32_t nwork;
    uint8_t *yidx;    /* ndays */
    int32_t *kpre;    /* y1 - y0 + 2 */
    int32_t *ppre;    /* y1 - y0 + 2 */
    char known_text[192];
};

/* ---- construction -------------------------------------------------------- */

static void rebuild(cal_t *c);

cal_t *cal_new(void)
{
    cal_t *c = xcalloc(1, sizeof *c);
    c->names = xmalloc(sizeof *c->names);
    c->names[0] = xstrdup("");
    c->nnames = 1;
    snprintf(c->known_text, sizeof c->known_text, "none");
    rebuild(c);
    return c;
}

static void free_tables(cal_t *c)
{
    free(c->cum);
    free(c->rank);
    free(c->yidx);
    free(c->kpre);
    free(c->ppre);
    c->cum = c->rank = c->kpre = c->ppre = NULL;
    c->yidx = NULL;
}

void cal_free(cal_t *c)
{
    if (!c)
        return;
    free_tables(c);
    free(c->facts);
    for (size_t i = 0; i < c->nnames; i++)
        free(c->names[i]);
    free(c->names);
    free(c);
}

cal_t *cal_builtin(void)
{
    cal_t *c = cal_new();
    err e = {0};
    if (cal_load_tsv(c, (const char *)cal_data[0].data, cal_data[0].len, "data/cn-calendar.tsv",
                     &e) != 0) {
        /* The build embeds a file the unit tests load: this cannot happen
         * unless the binary is corrupt. */
        fprintf(stderr, "gongkai: %s: built-in calendar is broken: %s\n", e.where, e.msg);
        abort();
    }
    return c;
}

static int year_of(gk_day d)
{
    int y, m, dd;
    date_to_ymd(d, &y, &m, &dd);
    return y;
}

static void build_known_text(cal_t *c)
{
    char *p = c->known_text;
    size_t left = sizeof c->known_text;
    bool any = false;
    for (int i = 0; i < NYEARS; i++) {
        if (!c->known[i])
            continue;
        int j = i;
        while (j + 1 < NYEARS && c->known[j + 1])
            j++;
        int w;
        if (i == j)
            w = snprintf(p, left, "%s%d", any ? ", " : "", CAL_MIN_YEAR + i);
        else
            w = snprintf(p, left, "%s%d–%d", any ? ", " : "", CAL_MIN_YEAR + i, CAL_MIN_YEAR + j);
        if (w < 0 || (size_t)w >= left) {
            snprintf(c->known_text + sizeof c->known_text - 5, 5, "...");
            return;
        }
        p += w;
        left -= (size_t)w;
        any = true;
        i = j;
    }
    if (!any)
        snprintf(c->known_text, sizeof c->known_text, "none");
}

static bool is_prov(const cal_t *c, int y)
{
    return y >= CAL_PROV_FIRST && y <= CAL_PROV_LAST && !c->known[y - CAL_MIN_YEAR];
}

/* Rebuilds the derived tables from facts, known years and the provisional
 * calendar. */
static void rebuild(cal_t *c)
{
    free_tables(c);
    c->kfirst = c->klast = 0;
    c->ndays = c->nwork = 0;
    for (int i = 0; i < NYEARS; i++)
        if (c->known[i]) {
            if (!c->kfirst)
                c->kfirst = CAL_MIN_YEAR + i;
            c->klast = CAL_MIN_YEAR + i;
        }
    build_known_text(c);
    c->y0 = c->kfirst && c->kfirst < CAL_PROV_FIRST ? c->kfirst : CAL_PROV_FIRST;
    c->y1 = c->klast > CAL_PROV_LAST ? c->klast : CAL_PROV_LAST;
    int ny = c->y1 - c->y0 + 1;
    c->d0 = date_from_ymd(c->y0, 1, 1);
    c->ndays = date_from_ymd(c->y1 + 1, 1, 1) - c->d0;
    c->yidx = xmalloc((size_t)c->ndays);
    c->kpre = xmalloc(sizeof(int32_t) * (size_t)(ny + 1));
    c->ppre = xmalloc(sizeof(int32_t) * (size_t)(ny + 1));
    c->kpre[0] = c->ppre[0] = 0;
    for (int j = 0; j < ny; j++) {
        int y = c->y0 + j;
        c->kpre[j + 1] = c->kpre[j] + (c->known[y - CAL_MIN_YEAR] || is_prov(c, y) ? 1 : 0);
        c->ppre[j + 1] = c->ppre[j] + (is_prov(c, y) ? 1 : 0);
        int32_t a = date_from_ymd(y, 1, 1) - c->d0;
        int32_t b = date_from_ymd(y + 1, 1, 1) - c->d0;
        memset(c->yidx + a, j, (size_t)(b - a));   /* ny <= NYEARS = 251 fits a byte */
    }
    uint8_t *work = xmalloc((size_t)c->ndays);
    for (int32_t i = 0; i < c->ndays; i++)
        work[i] = date_weekday(c->d0 + i) <= 5;
    size_t np;
    const prov_fact *pf = prov_facts(&np);
    for (size_t k = 0; k < np; k++)
        if (is_prov(c, year_of(pf[k].day)))
            work[pf[k].day - c->d0] = 0;
    for (size_t k = 0; k < c->nfacts; k++) {
        int32_t i = c->facts[k].day - c->d0;
        if (i >= 0 && i < c->ndays)
            work[i] = c->facts[k].kind == CAL_WORKDAY;
    }
    c->cum = xmalloc(sizeof(int32_t) * (size_t)(c->ndays + 1));
    c->cum[0] = 0;
    for (int32_t i = 0; i < c->ndays; i++)
        c->cum[i + 1] = c->cum[i] + work[i];
    c->nwork = c->cum[c->ndays];
    c->rank = xmalloc(sizeof(int32_t) * (size_t)(c->nwork ? c->nwork : 1));
    for (int32_t i = 0, k = 0; i < c->ndays; i++)
        if (work[i])
            c->rank[k++] = i;
    free(work);
}

/* ---- queries ------------------------------------------------------------- */

bool cal_year_known(const cal_t *c, int year)
{
    return year >= CAL_MIN_YEAR && year <= CAL_MAX_YEAR && c->known[year - CAL_MIN_YEAR];
}

int cal_first_year(const cal_t *c) { return c->kfirst; }
int cal_last_year(const cal_t *c) { return c->klast; }

bool cal_year_provisional(const cal_t *c, int year)
{
    return year > CAL_MAX_YEAR || is_prov(c, year);
}

bool cal_range_provisional(const cal_t *c, gk_day from, gk_day to)
{
    int a = year_of(from), b = year_of(to);
    if (a > b) {
        int t = a;
        a = b;
        b = t;
    }
    if (b > c->y1)
        return true;   /* after CAL_MAX_YEAR: Monday–Friday, assumed */
    if (a < c->y0)
        a = c->y0;
    return a <= b && c->ppre[b - c->y0 + 1] - c->ppre[a - c->y0] > 0;
}

void cal_known_years(const cal_t *c, char *out, size_t n)
{
    if (n)
        snprintf(out, n, "%s", c->known_text);
}

void cal_set_count_from_same_day(cal_t *c, bool on) { c->same_day = on; }
bool cal_count_from_same_day(const cal_t *c) { return c->same_day; }

/* Index of the span year holding span offset i (0 <= i < ndays). */
static inline int year_index(const cal_t *c, int32_t i)
{
    return c->yidx[i];
}

/* True when every year of the span from index ja to jb (inclusive) is known. */
static inline bool years_known(const cal_t *c, int ja, int jb)
{
    return c->kpre[jb + 1] - c->kpre[ja] == jb - ja + 1;
}

/* The first year at or after year y that is neither known nor provisional. */
static int first_unknown_from(const cal_t *c, int y)
{
    while (cal_year_known(c, y) || is_prov(c, y))
        y++;
    return y;
}

static int range_err(const cal_t *c, err *e, gk_day d)
{
    char ds[11];
    date_format(d, ds);
    int y = year_of(d);
    return err_set(e, GK_ERANGE, "", "%s: no working-day calendar for %d (known years: %s; "
                   "provisional: %d–%d without a notice)", ds, y, c->known_text, CAL_PROV_FIRST,
                   CAL_PROV_LAST);
}

/* Span offset of d when its year is known; -1 (and e set) otherwise. */
static int32_t known_offset(const cal_t *c, gk_day d, err *e)
{
    int32_t i = d - c->d0;
    if (i < 0 || i >= c->ndays || !years_known(c, year_index(c, i), year_index(c, i))) {
        range_err(c, e, d);
        return -1;
    }
    return i;
}

/* ---- after CAL_MAX_YEAR: Monday to Friday -------------------------------- *
 * No calendar holds a year after CAL_MAX_YEAR, and an application is never
 * refused for want of one: after the span (whose last year is CAL_MAX_YEAR,
 * provisional or known), Monday–Friday are counted as working days, without
 * holidays. Such a year is provisional (cal_range_provisional) and a
 * deadline in it says so. */

static gk_day span_end(const cal_t *c) { return c->d0 + c->ndays; }

/* Mon–Fri among the days [a, b] (b >= a - 1). */
static int64_t weekdays_between(gk_day a, gk_day b)
{
    if (b < a)
        return 0;
    int64_t n = (int64_t)b - a + 1, full = n / 7, rest = n % 7, k = full * 5;
    int wd = date_weekday(a);   /* 1 Monday .. 7 Sunday */
    for (int64_t i = 0; i < rest; i++, wd = wd % 7 + 1)
        k += wd <= 5;
    return k;
}

/* The k-th (k >= 1) Mon–Fri day on or after a. */
static gk_day nth_weekday(gk_day a, int64_t k)
{
    while (date_weekday(a) > 5)
        a++;
    int64_t weeks = (k - 1) / 5, left = (k - 1) % 5;
    gk_day d = (gk_day)(a + weeks * 7);
    while (left > 0) {
        d++;
        if (date_weekday(d) <= 5)
            left--;
    }
    return d;
}

/* True when every year from the span's year index ja to its end is covered. */
static bool covered_to_end(const cal_t *c, int ja)
{
    return years_known(c, ja, c->y1 - c->y0);
}

static int beyond_err(err *e, gk_day from)
{
    char ds[11];
    date_format(from, ds);
    return err_set(e, GK_ERANGE, "", "%s: the deadline falls after the year 9999", ds);
}

int cal_is_workday(const cal_t *c, gk_day d, bool *out, err *e)
{
    if (d >= span_end(c)) {
        *out = date_weekday(d) <= 5;
        return 0;
    }
    int32_t i = known_offset(c, d, e);
    if (i < 0)
        return GK_ERANGE;
    *out = c->cum[i + 1] != c->cum[i];
    return 0;
}

static const fact *find_fact(const cal_t *c, gk_day d)
{
    size_t lo = 0, hi = c->nfacts;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (c->facts[mid].day < d)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < c->nfacts && c->facts[lo].day == d ? &c->facts[lo] : NULL;
}

/* The provisional holiday on d, or NULL (whether or not its year is
 * provisional in c). */
static const prov_fact *find_prov(gk_day d)
{
    size_t n, lo = 0;
    const prov_fact *pf = prov_facts(&n);
    size_t hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (pf[mid].day < d)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < n && pf[lo].day == d ? &pf[lo] : NULL;
}

const char *cal_holiday_name(const cal_t *c, gk_day d)
{
    const fact *f = find_fact(c, d);
    if (f)
        return f->kind == CAL_HOLIDAY ? c->names[f->name] : NULL;
    const prov_fact *p = is_prov(c, year_of(d)) ? find_prov(d) : NULL;
    return p ? p->name : NULL;
}

int cal_add_workdays(const cal_t *c, gk_day from, int n, gk_day *out, err *e)
{
    if (n < 0) {
        char ds[11];
        date_format(from, ds);
        return err_set(e, GK_EINVAL, "", "cannot count %d working days from %s: the number must be 0 or more",
                       n, ds);
    }
    if (n == 0) {
        *out = from;
        return 0;
    }
    gk_day first = c->same_day ? from : from + 1;
    gk_day end = span_end(c);
    if (first >= end) {
        *out = nth_weekday(first, n);
        return *out > date_from_ymd(9999, 12, 31) ? beyond_err(e, from) : 0;
    }
    int32_t a = known_offset(c, first, e);
    if (a < 0)
        return GK_ERANGE;
    int64_t r = (int64_t)c->cum[a] + n - 1;
    int ja = year_index(c, a);
    if (r < c->nwork) {
        int32_t b = c->rank[r];
        if (years_known(c, ja, year_index(c, b))) {
            *out = c->d0 + b;
            return 0;
        }
    } else if (covered_to_end(c, ja)) {
        *out = nth_weekday(end, r - c->nwork + 1);   /* past CAL_MAX_YEAR */
        return 0;
    }
    char ds[11];
    date_format(from, ds);
    int y = first_unknown_from(c, c->y0 + ja);
    return err_set(e, GK_ERANGE, "",
                   "%d working days after %s run into %d, which has no working-day calendar "
                   "(known years: %s; import the State Council's notice for %d)",
                   n, ds, y, c->known_text, y);
}

int cal_count_workdays(const cal_t *c, gk_day from, gk_day to, int *out, err *e)
{
    gk_day first = c->same_day ? from : from + 1;
    if (to < first) {
        *out = 0;
        return 0;
    }
    gk_day end = span_end(c);
    if (first >= end) {
        *out = (int)weekdays_between(first, to);
        return 0;
    }
    int32_t a = known_offset(c, first, e);
    if (a < 0)
        return GK_ERANGE;
    int32_t b = to - c->d0;
    if (b >= c->ndays && covered_to_end(c, year_index(c, a))) {
        *out = (int)(c->cum[c->ndays] - c->cum[a] + weekdays_between(end, to));   /* past CAL_MAX_YEAR */
        return 0;
    }
    if (b >= c->ndays || !years_known(c, year_index(c, a), year_index(c, b))) {
        char fs[11], ts[11];
        date_format(from, fs);
        date_format(to, ts);
        int y = first_unknown_from(c, c->y0 + year_index(c, a));
        return err_set(e, GK_ERANGE, "",
                       "counting working days from %s to %s runs into %d, which has no "
                       "working-day calendar (known years: %s)", fs, ts, y, c->known_text);
    }
    *out = c->cum[b + 1] - c->cum[a];
    return 0;
}

/* The notice facts of `year` (0: all): [*lo, *hi) in c->facts. */
static void fact_range(const cal_t *c, int year, size_t *lo, size_t *hi)
{
    *lo = 0;
    *hi = c->nfacts;
    if (!year)
        return;
    gk_day a = date_from_ymd(year, 1, 1), b = date_from_ymd(year + 1, 1, 1);
    while (*lo < c->nfacts && c->facts[*lo].day < a)
        (*lo)++;
    *hi = *lo;
    while (*hi < c->nfacts && c->facts[*hi].day < b)
        (*hi)++;
}

size_t cal_facts(const cal_t *c, int year, cal_fact *out, size_t max)
{
    size_t lo, hi, k = 0, pi = 0, pn = 0;
    fact_range(c, year, &lo, &hi);
    const prov_fact *pf = NULL;
    if (year && is_prov(c, year)) {
        size_t np;
        pf = prov_facts(&np);
        gk_day a = date_from_ymd(year, 1, 1), b = date_from_ymd(year + 1, 1, 1);
        while (pi < np && pf[pi].day < a)
            pi++;
        pn = pi;
        while (pn < np && pf[pn].day < b)
            pn++;
    }
    /* merge: a notice or regional fact wins over the provisional holiday */
    size_t i = lo;
    while (i < hi || pi < pn) {
        cal_fact f;
        if (pi == pn || (i < hi && c->facts[i].day <= pf[pi].day)) {
            if (pi < pn && c->facts[i].day == pf[pi].day)
                pi++;
            f = (cal_fact){c->facts[i].day, (enum cal_kind)c->facts[i].kind,
                           c->names[c->facts[i].name], false};
            i++;
        } else {
            f = (cal_fact){pf[pi].day, CAL_HOLIDAY, pf[pi].name, true};
            pi++;
        }
        if (out && k < max)
            out[k] = f;
        k++;
    }
    return k;
}

void cal_dump_tsv(const cal_t *c, int year, buf *out)
{
    size_t lo, hi;
    fact_range(c, year, &lo, &hi);
    for (size_t k = lo; k < hi; k++) {
        char ds[11];
        date_format(c->facts[k].day, ds);
        const char *name = c->names[c->facts[k].name];
        buf_printf(out, "%s\t%s%s%s\n", ds, c->facts[k].kind == CAL_HOLIDAY ? "holiday" : "workday",
                   name[0] ? "\t" : "", name);
    }
}


/* ---- merging facts read by load.c ---------------------------------------- */

static uint32_t intern(cal_t *c, const char *name)
{
    for (size_t i = 0; i < c->nnames; i++)
        if (strcmp(c->names[i], name) == 0)
            return (uint32_t)i;
    c->names = xrealloc(c->names, sizeof *c->names * (c->nnames + 1));
    c->names[c->nnames] = xstrdup(name);
    return (uint32_t)c->nnames++;
}

void cal_merge(cal_t *c, const cal_pending *v, size_t n, bool mark_known)
{
    fact *out = xmalloc(sizeof *out * (c->nfacts + n + 1));
    size_t i = 0, j = 0, k = 0;
    while (i < c->nfacts || j < n) {
        if (j == n || (i < c->nfacts && c->facts[i].day < v[j].day)) {
            out[k++] = c->facts[i++];
        } else {
            if (i < c->nfacts && c->facts[i].day == v[j].day)
                i++;   /* the new fact replaces the old one */
            out[k].day = v[j].day;
            out[k].kind = v[j].kind;
            out[k].name = intern(c, v[j].name);
            k++;
            j++;
        }
    }
    free(c->facts);
    c->facts = out;
    c->nfacts = k;
    for (size_t t = 0; mark_known && t < n; t++) {
        int y, m, d;
        date_to_ymd(v[t].day, &y, &m, &d);
        if (m >= 3 && m <= 11)
            c->known[y - CAL_MIN_YEAR] = true;
    }
    rebuild(c);
}
