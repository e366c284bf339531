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
 * Input formats.
 *
 * TSV (data/cn-calendar.tsv is one): one fact per line,
 *     DATE <TAB> KIND [<TAB> NAME]
 * DATE is YYYY-MM-DD (also 2024/02/10 and 2024年2月10日); KIND is `holiday`
 * (also 休, 假, 放假) or `workday` (also 班, 上班, 补班); NAME is the festival
 * (optional, up to 96 bytes of UTF-8). Fields may be separated by tabs or
 * spaces; NAME is the rest of the line. Blank lines, lines starting with '#'
 * and a header line starting with "date" are skipped; a UTF-8 BOM and CRLF line
 * ends are accepted. A day listed twice is an error.
 *
 * iCalendar (RFC 5545), as published by holiday calendars:
 *   - the text is one or more VCALENDAR objects; long lines may be folded
 *     (a line starting with a space or tab continues the one before); CRLF or LF;
 *   - each VEVENT gives one holiday or make-up period:
 *       DTSTART;VALUE=DATE:YYYYMMDD         required (the VALUE=DATE parameter
 *                                           may be left out when the value is a
 *                                           plain 8-digit date)
 *       DTEND;VALUE=DATE:YYYYMMDD           optional, the day AFTER the last day
 *                                           (RFC 5545); absent or equal to DTSTART
 *                                           means one day; at most 62 days
 *       SUMMARY:...                         required; 班 anywhere in it makes the
 *                                           days make-up working days (上班, 补班),
 *                                           else 休 or 假 makes them holidays (放假,
 *                                           休息, 假期); the festival's name is taken
 *                                           from it (元旦 春节 清明 劳动节/五一 端午
 *                                           中秋 国庆), else the whole summary
 *   - other properties of a VEVENT (UID, DTSTAMP, DESCRIPTION, ...) and
 *     components other than VEVENT (VTIMEZONE, VALARM, ...) are skipped;
 *   - refused, with file:line: a date-time DTSTART/DTEND (holidays are whole
 *     days), recurrence (RRULE, RDATE, EXDATE, RECURRENCE-ID) and DURATION, a
 *     SUMMARY with neither 休/假 nor 班, a VEVENT without DTSTART or SUMMARY,
 *     unbalanced BEGIN/END, a day given as holiday by one event and working day
 *     by another, a make-up working day on a weekday, invalid UTF-8, and a
 *     file with no VEVENT. Overlapping events of the same kind are accepted.
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
#define NAME_MAX_BYTES 96
#define ICS_MAX_SPAN 62

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
    return is_prov(c, year);
}

bool cal_range_provisional(const cal_t *c, gk_day from, gk_day to)
{
    int a = year_of(from), b = year_of(to);
    if (a > b) {
        int t = a;
        a = b;
        b = t;
    }
    if (a < c->y0)
        a = c->y0;
    if (b > c->y1)
        b = c->y1;
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

int cal_is_workday(const cal_t *c, gk_day d, bool *out, err *e)
{
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
    int32_t a = known_offset(c, first, e);
    if (a < 0)
        return GK_ERANGE;
    int32_t b = to - c->d0;
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

/* ---- loading: shared ----------------------------------------------------- */

/* A fact read from a text, before it is merged. */
typedef struct pending {
    gk_day day;
    uint8_t kind;
    int line;
    char name[NAME_MAX_BYTES + 1];
} pending;

typedef struct plist {
    pending *v;
    size_t n, cap;
} plist;

static pending *plist_add(plist *l)
{
    if (l->n == l->cap) {
        l->cap = l->cap ? l->cap * 2 : 256;
        l->v = xrealloc(l->v, sizeof *l->v * l->cap);
    }
    memset(&l->v[l->n], 0, sizeof l->v[0]);
    return &l->v[l->n++];
}

static int cmp_pending(const void *a, const void *b)
{
    const pending *x = a, *y = b;
    if (x->day != y->day)
        return x->day < y->day ? -1 : 1;
    return x->line - y->line;   /* stable by line */
}

static const char *weekday_en(gk_day d)
{
    static const char *names[] = {"Monday", "Tuesday", "Wednesday", "Thursday", "Friday",
                                  "Saturday", "Sunday"};
    return names[date_weekday(d) - 1];
}

/* Checks one fact's date: the year range and, for a make-up day, the weekend. */
static int check_fact(gk_day d, int kind, const char *source, int line, err *e)
{
    char where[300], ds[11];
    snprintf(where, sizeof where, "%s:%d", source, line);
    date_format(d, ds);
    int y = year_of(d);
    if (y < CAL_MIN_YEAR || y > CAL_MAX_YEAR)
        return err_set(e, GK_EINVAL, where, "%s: the calendar holds years %d–%d only", ds,
                       CAL_MIN_YEAR, CAL_MAX_YEAR);
    if (kind == CAL_WORKDAY && date_weekday(d) <= 5)
        return err_set(e, GK_EINVAL, where,
                       "%s is a %s: a make-up working day (workday) must be a Saturday or Sunday",
                       ds, weekday_en(d));
    return 0;
}

static uint32_t intern(cal_t *c, const char *name)
{
    for (size_t i = 0; i < c->nnames; i++)
        if (strcmp(c->names[i], name) == 0)
            return (uint32_t)i;
    c->names = xrealloc(c->names, sizeof *c->names * (c->nnames + 1));
    c->names[c->nnames] = xstrdup(name);
    return (uint32_t)c->nnames++;
}

/* Merges validated, sorted, duplicate-free pending facts into c; a national
 * notice (mark_known) makes the years it covers known. */
static void merge(cal_t *c, const plist *l, bool mark_known)
{
    fact *out = xmalloc(sizeof *out * (c->nfacts + l->n + 1));
    size_t i = 0, j = 0, k = 0;
    while (i < c->nfacts || j < l->n) {
        if (j == l->n || (i < c->nfacts && c->facts[i].day < l->v[j].day)) {
            out[k++] = c->facts[i++];
        } else {
            if (i < c->nfacts && c->facts[i].day == l->v[j].day)
                i++;   /* the new fact replaces the old one */
            out[k].day = l->v[j].day;
            out[k].kind = l->v[j].kind;
            out[k].name = intern(c, l->v[j].name);
            k++;
            j++;
        }
    }
    free(c->facts);
    c->facts = out;
    c->nfacts = k;
    for (size_t t = 0; mark_known && t < l->n; t++) {
        int y, m, d;
        date_to_ymd(l->v[t].day, &y, &m, &d);
        if (m >= 3 && m <= 11)
            c->known[y - CAL_MIN_YEAR] = true;
    }
    rebuild(c);
}

/* Copies a name (already valid UTF-8) into dst, cutting it at a character
 * boundary to fit NAME_MAX_BYTES. */
static void set_name(char *dst, const char *s, size_t n)
{
    if (n > NAME_MAX_BYTES) {
        n = NAME_MAX_BYTES;
        while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
            n--;
    }
    memcpy(dst, s, n);
    dst[n] = '\0';
}

/* Checks a line of input: valid UTF-8 and no control characters but tab. */
static int check_text(const char *s, size_t n, const char *source, int line, err *e)
{
    char where[300];
    snprintf(where, sizeof where, "%s:%d", source, line);
    size_t bad;
    if (!utf8_valid(s, n, &bad))
        return err_set(e, GK_EINVAL, where, "invalid UTF-8 at byte %zu of the line", bad + 1);
    for (size_t i = 0; i < n; i++)
        if ((unsigned char)s[i] < 0x20 && s[i] != '\t')
            return err_set(e, GK_EINVAL, where, "control character 0x%02x in the line",
                           (unsigned char)s[i]);
    return 0;
}

/* Next line of text: [*s, *e) without the line end; returns false at the end. */
static bool next_line(const char *text, size_t n, size_t *pos, const char **ls, size_t *ll)
{
    if (*pos >= n)
        return false;
    const char *p = text + *pos;
    const char *nl = memchr(p, '\n', n - *pos);
    size_t len = nl ? (size_t)(nl - p) : n - *pos;
    *pos += len + (nl ? 1 : 0);
    if (len && p[len - 1] == '\r')
        len--;
    *ls = p;
    *ll = len;
    return true;
}

static bool is_blank(char ch) { return ch == ' ' || ch == '\t'; }

/* ---- loading: TSV -------------------------------------------------------- */

static const struct {
    const char *word;
    int kind;
} tsv_kinds[] = {
    {"holiday", CAL_HOLIDAY}, {"休", CAL_HOLIDAY}, {"假", CAL_HOLIDAY}, {"放假", CAL_HOLIDAY},
    {"workday", CAL_WORKDAY}, {"班", CAL_WORKDAY}, {"上班", CAL_WORKDAY}, {"补班", CAL_WORKDAY},
};

static int load_tsv(cal_t *c, const char *text, size_t n, const char *source, bool mark_known,
                    err *e);

int cal_load_tsv(cal_t *c, const char *text, size_t n, const char *source, err *e)
{
    return load_tsv(c, text, n, source, true, e);
}

int cal_load_region_tsv(cal_t *c, const char *text, size_t n, const char *source, err *e)
{
    return load_tsv(c, text, n, source, false, e);
}

static int load_tsv(cal_t *c, const char *text, size_t n, const char *source, bool mark_known,
                    err *e)
{
    if (!source)
        source = "calendar";
    plist l = {0};
    size_t pos = 0;
    int line = 0, rc = 0;
    const char *ls;
    size_t ll;
    if (n >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0)
        pos = 3;
    while (next_line(text, n, &pos, &ls, &ll)) {
        line++;
        char where[300];
        snprintf(where, sizeof where, "%s:%d", source, line);
        if ((rc = check_text(ls, ll, source, line, e)) != 0)
            goto out;
        while (ll && is_blank(*ls))
            ls++, ll--;
        while (ll && is_blank(ls[ll - 1]))
            ll--;
        if (!ll || *ls == '#')
            continue;
        /* fields: date, kind, rest */
        const char *f[3] = {0};
        size_t fl[3] = {0};
        int nf = 0;
        const char *p = ls, *end = ls + ll;
        while (p < end && nf < 3) {
            while (p < end && is_blank(*p))
                p++;
            if (p == end)
                break;
            const char *q = p;
            if (nf < 2)
                while (q < end && !is_blank(*q))
                    q++;
            else
                q = end;
            f[nf] = p;
            fl[nf++] = (size_t)(q - p);
            p = q;
        }
        if (fl[0] == 4 && memcmp(f[0], "date", 4) == 0)
            continue;   /* header line */
        if (nf < 2) {
            rc = err_set(e, GK_EINVAL, where,
                         "expected DATE<TAB>holiday|workday[<TAB>NAME], got '%.*s'", (int)ll, ls);
            goto out;
        }
        char ds[64];
        if (fl[0] >= sizeof ds) {
            rc = err_set(e, GK_EINVAL, where, "'%.*s…' is not a date: expected YYYY-MM-DD", 20, f[0]);
            goto out;
        }
        memcpy(ds, f[0], fl[0]);
        ds[fl[0]] = '\0';
        gk_day d;
        err de = {0};
        if (date_parse(ds, &d, &de) != 0) {
            rc = err_set(e, GK_EINVAL, where, "%s", de.msg);
            goto out;
        }
        int kind = 0;
        for (size_t k = 0; k < sizeof tsv_kinds / sizeof tsv_kinds[0]; k++)
            if (strlen(tsv_kinds[k].word) == fl[1] && memcmp(tsv_kinds[k].word, f[1], fl[1]) == 0)
                kind = tsv_kinds[k].kind;
        if (!kind) {
            rc = err_set(e, GK_EINVAL, where,
                         "'%.*s' is not a kind of day: expected holiday (休) or workday (班)",
                         (int)fl[1], f[1]);
            goto out;
        }
        if ((rc = check_fact(d, kind, source, line, e)) != 0)
            goto out;
        pending *pd = plist_add(&l);
        pd->day = d;
        pd->kind = (uint8_t)kind;
        pd->line = line;
        if (nf == 3)
            set_name(pd->name, f[2], fl[2]);
    }
    if (l.n == 0) {
        rc = err_set(e, GK_EINVAL, source, "no holidays or make-up working days in the file");
        goto out;
    }
    qsort(l.v, l.n, sizeof l.v[0], cmp_pending);
    for (size_t k = 1; k < l.n; k++)
        if (l.v[k].day == l.v[k - 1].day) {
            char where[300], ds[11];
            snprintf(where, sizeof where, "%s:%d", source, l.v[k].line);
            date_format(l.v[k].day, ds);
            rc = err_set(e, GK_EINVAL, where, "%s is listed twice (first at line %d)", ds,
                         l.v[k - 1].line);
            goto out;
        }
    merge(c, &l, mark_known);
out:
    free(l.v);
    return rc;
}

/* ---- loading: iCalendar -------------------------------------------------- */

/* One content line after unfolding: NAME[;PARAMS]:VALUE. */
typedef struct ics_line {
    int line;          /* physical line where it starts */
    char *name;        /* upper-cased */
    char *params;      /* upper-cased, "" when none */
    char *value;
} ics_line;

static const struct {
    const char *key;   /* text found in a SUMMARY */
    const char *name;  /* festival name stored */
} ics_festivals[] = {
    {"元旦", "元旦"}, {"春节", "春节"}, {"清明", "清明"}, {"劳动节", "劳动节"}, {"五一", "劳动节"},
    {"端午", "端午"}, {"中秋", "中秋"}, {"国庆", "国庆节"},
};

static const char *ics_refused[] = {"RRULE", "RDATE", "EXDATE", "RECURRENCE-ID", "DURATION"};

/* Parses an iCalendar DATE value (YYYYMMDD) of property `prop`. */
static int ics_date(const ics_line *il, const char *source, gk_day *out, err *e)
{
    char where[300];
    snprintf(where, sizeof where, "%s:%d", source, il->line);
    const char *v = il->value;
    if (strchr(v, 'T') || strstr(il->params, "VALUE=DATE-TIME"))
        return err_set(e, GK_EINVAL, where,
                       "%s is a date-time ('%s'): holidays are whole days, write %s;VALUE=DATE:YYYYMMDD",
                       il->name, v, il->name);
    size_t n = strlen(v);
    bool digits = n == 8;
    for (size_t i = 0; digits && i < 8; i++)
        digits = v[i] >= '0' && v[i] <= '9';
    if (!digits)
        return err_set(e, GK_EINVAL, where, "%s '%s' is not a date: expected %s;VALUE=DATE:YYYYMMDD",
                       il->name, v, il->name);
    /* a plain 8-digit value is taken as a date with or without VALUE=DATE */
    char iso[11];
    snprintf(iso, sizeof iso, "%.4s-%.2s-%.2s", v, v + 4, v + 6);
    err de = {0};
    if (date_parse(iso, out, &de) != 0)
        return err_set(e, GK_EINVAL, where, "%s '%s' is not a date in the calendar", il->name, v);
    return 0;
}

/* Undoes iCalendar TEXT escapes in place (\\ \; \, \n \N). */
static void ics_unescape(char *s)
{
    char *w = s;
    for (char *r = s; *r; r++) {
        if (*r == '\\' && r[1]) {
            r++;
            *w++ = (*r == 'n' || *r == 'N') ? ' ' : *r;
        } else {
            *w++ = *r;
        }
    }
    *w = '\0';
}

/* Splits one unfolded line into an ics_line (strings point into `s`, which
 * is modified). Returns false when it has no ':'. */
static bool ics_split(char *s, ics_line *il)
{
    char *p = s;
    while (*p && *p != ';' && *p != ':')
        p++;
    if (!*p)
        return false;
    il->name = s;
    il->params = (char *)"";
    if (*p == ';') {
        *p++ = '\0';
        il->params = p;
        bool quoted = false;
        while (*p && (quoted || *p != ':')) {
            if (*p == '"')
                quoted = !quoted;
            p++;
        }
        if (!*p)
            return false;
    }
    *p++ = '\0';
    il->value = p;
    for (char *q = il->name; *q; q++)
        if (*q >= 'a' && *q <= 'z')
            *q = (char)(*q - 'a' + 'A');
    for (char *q = il->params; *q; q++)
        if (*q >= 'a' && *q <= 'z')
            *q = (char)(*q - 'a' + 'A');
    return true;
}

typedef struct ics_event {
    int begin_line;
    bool has_start, has_end, has_summary;
    gk_day start, end;
    int start_line, end_line, summary_line;
    char summary[256];
} ics_event;

static int ics_finish_event(const ics_event *ev, const char *source, plist *l, err *e)
{
    char where[300];
    snprintf(where, sizeof where, "%s:%d", source, ev->begin_line);
    if (!ev->has_start)
        return err_set(e, GK_EINVAL, where, "VEVENT without DTSTART");
    if (!ev->has_summary)
        return err_set(e, GK_EINVAL, where, "VEVENT without SUMMARY: cannot tell holiday (休/假) from make-up working day (班)");
    snprintf(where, sizeof where, "%s:%d", source, ev->summary_line);
    int kind = 0;
    if (strstr(ev->summary, "班"))
        kind = CAL_WORKDAY;
    else if (strstr(ev->summary, "休") || strstr(ev->summary, "假"))
        kind = CAL_HOLIDAY;
    if (!kind)
        return err_set(e, GK_EINVAL, where,
                       "SUMMARY '%s' says neither 休/假 (holiday) nor 班 (make-up working day)",
                       ev->summary);
    gk_day end = ev->has_end ? ev->end : ev->start + 1;
    if (end == ev->start)
        end = ev->start + 1;
    if (end < ev->start || end - ev->start > ICS_MAX_SPAN) {
        snprintf(where, sizeof where, "%s:%d", source, ev->end_line);
        char s1[11], s2[11];
        date_format(ev->start, s1);
        date_format(end, s2);
        return err_set(e, GK_EINVAL, where,
                       end < ev->start ? "DTEND %s is before DTSTART %s"
                                       : "DTEND %s is more than 62 days after DTSTART %s",
                       s2, s1);
    }
    const char *name = NULL;
    for (size_t k = 0; k < sizeof ics_festivals / sizeof ics_festivals[0] && !name; k++)
        if (strstr(ev->summary, ics_festivals[k].key))
            name = ics_festivals[k].name;
    for (gk_day d = ev->start; d < end; d++) {
        int rc = check_fact(d, kind, source, ev->start_line, e);
        if (rc)
            return rc;
        pending *pd = plist_add(l);
        pd->day = d;
        pd->kind = (uint8_t)kind;
        pd->line = ev->begin_line;
        if (name)
            set_name(pd->name, name, strlen(name));
        else
            set_name(pd->name, ev->summary, strlen(ev->summary));
    }
    return 0;
}

int cal_load_ics(cal_t *c, const char *text, size_t n, const char *source, err *e)
{
    if (!source)
        source = "calendar.ics";
    plist l = {0};
    buf lb;
    buf_init(&lb);
    int rc = 0, line = 0, nevents = 0;
    /* Component nesting: depth 0 outside; stack of names. */
    char stack[8][32];
    int stack_line[8];
    int depth = 0;
    bool in_event = false;
    int skip_depth = 0;   /* > 0 while inside a component we skip */
    ics_event ev;
    memset(&ev, 0, sizeof ev);
    size_t pos = 0;
    if (n >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0)
        pos = 3;
    const char *ls;
    size_t ll;
    int pending_line = 0;
    bool have = false, more = true;
    while (more) {
        /* Unfold: read physical lines until the next one does not continue. */
        more = next_line(text, n, &pos, &ls, &ll);
        if (more) {
            line++;
            if ((rc = check_text(ls, ll, source, line, e)) != 0)
                goto out;
            if (ll && is_blank(*ls) && have) {
                buf_append(&lb, ls + 1, ll - 1);
                continue;
            }
        }
        if (have) {
            /* process the logical line in lb, which started at pending_line */
            char where[300];
            snprintf(where, sizeof where, "%s:%d", source, pending_line);
            ics_line il = {.line = pending_line};
            if (!ics_split(lb.data, &il)) {
                rc = err_set(e, GK_EINVAL, where, "not an iCalendar line (NAME:VALUE): '%.60s'", lb.data);
                goto out;
            }
            if (strcmp(il.name, "BEGIN") == 0) {
                if (depth == 8) {
                    rc = err_set(e, GK_EINVAL, where, "components nested too deeply");
                    goto out;
                }
                for (char *q = il.value; *q; q++)
                    if (*q >= 'a' && *q <= 'z')
                        *q = (char)(*q - 'a' + 'A');
                if (depth == 0 && strcmp(il.value, "VCALENDAR") != 0) {
                    rc = err_set(e, GK_EINVAL, where, "expected BEGIN:VCALENDAR, got BEGIN:%.40s", il.value);
                    goto out;
                }
                snprintf(stack[depth], sizeof stack[depth], "%s", il.value);
                stack_line[depth++] = pending_line;
                if (skip_depth)
                    skip_depth++;
                else if (depth == 2 && strcmp(il.value, "VEVENT") == 0) {
                    in_event = true;
                    memset(&ev, 0, sizeof ev);
                    ev.begin_line = pending_line;
                } else if (depth >= 2) {
                    skip_depth = 1;   /* VTIMEZONE, VALARM, ...: no day facts */
                }
            } else if (strcmp(il.name, "END") == 0) {
                for (char *q = il.value; *q; q++)
                    if (*q >= 'a' && *q <= 'z')
                        *q = (char)(*q - 'a' + 'A');
                if (depth == 0 || strcmp(stack[depth - 1], il.value) != 0) {
                    if (depth)
                        rc = err_set(e, GK_EINVAL, where, "END:%.40s does not close BEGIN:%s of line %d",
                                     il.value, stack[depth - 1], stack_line[depth - 1]);
                    else
                        rc = err_set(e, GK_EINVAL, where, "END:%.40s without BEGIN", il.value);
                    goto out;
                }
                depth--;
                if (skip_depth)
                    skip_depth--;
                else if (in_event && depth == 1) {
                    in_event = false;
                    nevents++;
                    if ((rc = ics_finish_event(&ev, source, &l, e)) != 0)
                        goto out;
                }
            } else if (depth == 0) {
                rc = err_set(e, GK_EINVAL, where, "expected BEGIN:VCALENDAR, got '%.40s'", il.name);
                goto out;
            } else if (in_event && !skip_depth) {
                for (size_t k = 0; k < sizeof ics_refused / sizeof ics_refused[0]; k++)
                    if (strcmp(il.name, ics_refused[k]) == 0) {
                        rc = err_set(e, GK_EINVAL, where,
                                     "%s is not supported: give each holiday period as its own "
                                     "VEVENT with DTSTART and DTEND", il.name);
                        goto out;
                    }
                bool is_start = strcmp(il.name, "DTSTART") == 0;
                bool is_end = strcmp(il.name, "DTEND") == 0;
                if (is_start || is_end) {
                    if (is_start ? ev.has_start : ev.has_end) {
                        rc = err_set(e, GK_EINVAL, where, "second %s in one VEVENT", il.name);
                        goto out;
                    }
                    gk_day d;
                    if ((rc = ics_date(&il, source, &d, e)) != 0)
                        goto out;
                    if (is_start) {
                        ev.has_start = true, ev.start = d, ev.start_line = pending_line;
                    } else {
                        ev.has_end = true, ev.end = d, ev.end_line = pending_line;
                    }
                } else if (strcmp(il.name, "SUMMARY") == 0) {
                    ics_unescape(il.value);
                    char *v = il.value;
                    while (is_blank(*v))
                        v++;
                    size_t vl = strlen(v);
                    while (vl && is_blank(v[vl - 1]))
                        vl--;
                    if (vl >= sizeof ev.summary)
                        vl = sizeof ev.summary - 1;
                    while (vl && ((unsigned char)v[vl] & 0xC0) == 0x80)
                        vl--;   /* do not cut a character */
                    memcpy(ev.summary, v, vl);
                    ev.summary[vl] = '\0';
                    ev.has_summary = true;
                    ev.summary_line = pending_line;
                }
            } else if (depth == 1 && strcmp(il.name, "CALSCALE") == 0 &&
                       strcmp(il.value, "GREGORIAN") != 0) {
                rc = err_set(e, GK_EINVAL, where, "CALSCALE %.40s: only GREGORIAN dates are read", il.value);
                goto out;
            }
            have = false;
        }
        if (more) {
            if (ll == 0) {
                /* blank line: only tolerated between objects or at the end */
                continue;
            }
            buf_reset(&lb);
            buf_append(&lb, ls, ll);
            have = true;
            pending_line = line;
        }
    }
    if (depth > 0) {
        char where[300];
        snprintf(where, sizeof where, "%s:%d", source, stack_line[depth - 1]);
        rc = err_set(e, GK_EINVAL, where, "the file ends inside BEGIN:%s (no END:%s)",
                     stack[depth - 1], stack[depth - 1]);
        goto out;
    }
    if (nevents == 0) {
        rc = err_set(e, GK_EINVAL, source, "no VEVENT in the file: nothing to import");
        goto out;
    }
    /* Same day from several events: same kind merges, different kinds conflict. */
    qsort(l.v, l.n, sizeof l.v[0], cmp_pending);
    size_t w = 0;
    for (size_t k = 0; k < l.n; k++) {
        if (w && l.v[w - 1].day == l.v[k].day) {
            if (l.v[w - 1].kind != l.v[k].kind) {
                char where[300], ds[11];
                snprintf(where, sizeof where, "%s:%d", source, l.v[k].line);
                date_format(l.v[k].day, ds);
                rc = err_set(e, GK_EINVAL, where,
                             "%s is a %s here but a %s in the VEVENT of line %d", ds,
                             l.v[k].kind == CAL_HOLIDAY ? "holiday" : "make-up working day",
                             l.v[w - 1].kind == CAL_HOLIDAY ? "holiday" : "make-up working day",
                             l.v[w - 1].line);
                goto out;
            }
            continue;
        }
        l.v[w++] = l.v[k];
    }
    l.n = w;
    merge(c, &l, true);
out:
    buf_free(&lb);
    free(l.v);
    return rc;
}
