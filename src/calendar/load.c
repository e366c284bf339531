/*
 * calendar/load.c — reading holiday notices' day lists into a calendar: the
 * TSV and iCalendar formats. Each reader checks every line (UTF-8, no control
 * characters, the year range, a make-up day on a weekend), collects the facts,
 * and merges them into the calendar only when the whole text is valid
 * (cal_merge): a bad line changes nothing. See calendar.h.
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

#define ICS_MAX_SPAN 62   /* days one VEVENT may cover */
#define ICS_MAX_DEPTH 8   /* nesting of BEGIN/END */
#define WHERE_MAX 300

/* ---- shared ---------------------------------------------------------------- */

typedef struct plist {
    cal_pending *v;
    size_t n, cap;
} plist;

static cal_pending *plist_add(plist *l)
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
    const cal_pending *x = a, *y = b;
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

static void where_at(char *where, const char *source, int line)
{
    snprintf(where, WHERE_MAX, "%s:%d", source, line);
}

/* Checks one fact's date: the year range and, for a make-up day, the weekend. */
static int check_fact(gk_day d, int kind, const char *source, int line, err *e)
{
    char where[WHERE_MAX], ds[11];
    where_at(where, source, line);
    date_format(d, ds);
    int y, m, dd;
    date_to_ymd(d, &y, &m, &dd);
    if (y < CAL_MIN_YEAR || y > CAL_MAX_YEAR)
        return err_set(e, GK_EINVAL, where, "%s: the calendar holds years %d–%d only", ds,
                       CAL_MIN_YEAR, CAL_MAX_YEAR);
    if (kind == CAL_WORKDAY && date_weekday(d) <= 5)
        return err_set(e, GK_EINVAL, where,
                       "%s is a %s: a make-up working day (workday) must be a Saturday or Sunday",
                       ds, weekday_en(d));
    return 0;
}

/* Copies a name (already valid UTF-8) into dst, cutting it at a character
 * boundary to fit CAL_NAME_MAX_BYTES. */
static void set_name(char *dst, const char *s, size_t n)
{
    if (n > CAL_NAME_MAX_BYTES) {
        n = CAL_NAME_MAX_BYTES;
        while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
            n--;
    }
    memcpy(dst, s, n);
    dst[n] = '\0';
}

/* Checks a line of input: valid UTF-8 and no control characters but tab. */
static int check_text(const char *s, size_t n, const char *source, int line, err *e)
{
    char where[WHERE_MAX];
    where_at(where, source, line);
    size_t bad;
    if (!utf8_valid(s, n, &bad))
        return err_set(e, GK_EINVAL, where, "invalid UTF-8 at byte %zu of the line", bad + 1);
    for (size_t i = 0; i < n; i++)
        if ((unsigned char)s[i] < 0x20 && s[i] != '\t')
            return err_set(e, GK_EINVAL, where, "control character 0x%02x in the line",
                           (unsigned char)s[i]);
    return 0;
}

/* Next line of text: [*ls, *ls + *ll) without the line end; false at the end. */
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

static size_t skip_bom(const char *text, size_t n)
{
    return n >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
}

static void upcase(char *s)
{
    for (; *s; s++)
        if (*s >= 'a' && *s <= 'z')
            *s = (char)(*s - 'a' + 'A');
}

/* ---- TSV ------------------------------------------------------------------- */

static const struct {
    const char *word;
    int kind;
} tsv_kinds[] = {
    {"holiday", CAL_HOLIDAY}, {"休", CAL_HOLIDAY}, {"假", CAL_HOLIDAY}, {"放假", CAL_HOLIDAY},
    {"workday", CAL_WORKDAY}, {"班", CAL_WORKDAY}, {"上班", CAL_WORKDAY}, {"补班", CAL_WORKDAY},
};

/* Splits a trimmed line into up to three fields: date, kind, and the rest. */
static int tsv_fields(const char *ls, size_t ll, const char *f[3], size_t fl[3])
{
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
    return nf;
}

/* Reads one non-blank, non-comment line into a fact of l (the header line adds
 * nothing). */
static int tsv_line(const char *ls, size_t ll, const char *source, int line, plist *l, err *e)
{
    char where[WHERE_MAX];
    where_at(where, source, line);
    const char *f[3] = {0};
    size_t fl[3] = {0};
    int nf = tsv_fields(ls, ll, f, fl);
    if (fl[0] == 4 && memcmp(f[0], "date", 4) == 0)
        return 0;   /* header line */
    if (nf < 2)
        return err_set(e, GK_EINVAL, where,
                       "expected DATE<TAB>holiday|workday[<TAB>NAME], got '%.*s'", (int)ll, ls);
    char ds[64];
    if (fl[0] >= sizeof ds)
        return err_set(e, GK_EINVAL, where, "'%.*s…' is not a date: expected YYYY-MM-DD", 20, f[0]);
    memcpy(ds, f[0], fl[0]);
    ds[fl[0]] = '\0';
    gk_day d;
    err de = {0};
    if (date_parse(ds, &d, &de) != 0)
        return err_set(e, GK_EINVAL, where, "%s", de.msg);
    int kind = 0;
    for (size_t k = 0; k < sizeof tsv_kinds / sizeof tsv_kinds[0]; k++)
        if (strlen(tsv_kinds[k].word) == fl[1] && memcmp(tsv_kinds[k].word, f[1], fl[1]) == 0)
            kind = tsv_kinds[k].kind;
    if (!kind)
        return err_set(e, GK_EINVAL, where,
                       "'%.*s' is not a kind of day: expected holiday (休) or workday (班)",
                       (int)fl[1], f[1]);
    int rc = check_fact(d, kind, source, line, e);
    if (rc)
        return rc;
    cal_pending *pd = plist_add(l);
    pd->day = d;
    pd->kind = (uint8_t)kind;
    pd->line = line;
    if (nf == 3)
        set_name(pd->name, f[2], fl[2]);
    return 0;
}

/* Sorts l and refuses a day listed twice. */
static int tsv_no_twice(plist *l, const char *source, err *e)
{
    qsort(l->v, l->n, sizeof l->v[0], cmp_pending);
    for (size_t k = 1; k < l->n; k++)
        if (l->v[k].day == l->v[k - 1].day) {
            char where[WHERE_MAX], ds[11];
            where_at(where, source, l->v[k].line);
            date_format(l->v[k].day, ds);
            return err_set(e, GK_EINVAL, where, "%s is listed twice (first at line %d)", ds,
                           l->v[k - 1].line);
        }
    return 0;
}

static int load_tsv(cal_t *c, const char *text, size_t n, const char *source, bool mark_known,
                    err *e)
{
    if (!source)
        source = "calendar";
    plist l = {0};
    size_t pos = skip_bom(text, n), ll;
    int line = 0, rc = 0;
    const char *ls;
    while (rc == 0 && next_line(text, n, &pos, &ls, &ll)) {
        line++;
        if ((rc = check_text(ls, ll, source, line, e)) != 0)
            break;
        while (ll && is_blank(*ls))
            ls++, ll--;
        while (ll && is_blank(ls[ll - 1]))
            ll--;
        if (ll && *ls != '#')
            rc = tsv_line(ls, ll, source, line, &l, e);
    }
    if (rc == 0 && l.n == 0)
        rc = err_set(e, GK_EINVAL, source, "no holidays or make-up working days in the file");
    if (rc == 0)
        rc = tsv_no_twice(&l, source, e);
    if (rc == 0)
        cal_merge(c, l.v, l.n, mark_known);
    free(l.v);
    return rc;
}

int cal_load_tsv(cal_t *c, const char *text, size_t n, const char *source, err *e)
{
    return load_tsv(c, text, n, source, true, e);
}

int cal_load_region_tsv(cal_t *c, const char *text, size_t n, const char *source, err *e)
{
    return load_tsv(c, text, n, source, false, e);
}
/* ---- iCalendar ------------------------------------------------------------- */

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
    char where[WHERE_MAX];
    where_at(where, source, il->line);
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
    upcase(il->name);
    upcase(il->params);
    return true;
}

typedef struct ics_event {
    int begin_line;
    bool has_start, has_end, has_summary;
    gk_day start, end;
    int start_line, end_line, summary_line;
    char summary[256];
} ics_event;

/* Turns a closed VEVENT into facts of l. */
static int ics_finish_event(const ics_event *ev, const char *source, plist *l, err *e)
{
    char where[WHERE_MAX];
    where_at(where, source, ev->begin_line);
    if (!ev->has_start)
        return err_set(e, GK_EINVAL, where, "VEVENT without DTSTART");
    if (!ev->has_summary)
        return err_set(e, GK_EINVAL, where, "VEVENT without SUMMARY: cannot tell holiday (休/假) from make-up working day (班)");
    where_at(where, source, ev->summary_line);
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
        where_at(where, source, ev->end_line);
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
        cal_pending *pd = plist_add(l);
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

/* The reader's state between logical lines. */
typedef struct ics_reader {
    const char *source;
    plist l;
    char stack[ICS_MAX_DEPTH][32];   /* open components, outermost first */
    int stack_line[ICS_MAX_DEPTH];
    int depth;
    int skip_depth;                  /* > 0 inside a component that gives no day facts */
    bool in_event;
    int nevents;
    ics_event ev;
} ics_reader;

static int ics_begin(ics_reader *r, ics_line *il, const char *where, err *e)
{
    if (r->depth == ICS_MAX_DEPTH)
        return err_set(e, GK_EINVAL, where, "components nested too deeply");
    upcase(il->value);
    if (r->depth == 0 && strcmp(il->value, "VCALENDAR") != 0)
        return err_set(e, GK_EINVAL, where, "expected BEGIN:VCALENDAR, got BEGIN:%.40s", il->value);
    snprintf(r->stack[r->depth], sizeof r->stack[r->depth], "%s", il->value);
    r->stack_line[r->depth++] = il->line;
    if (r->skip_depth) {
        r->skip_depth++;
    } else if (r->depth == 2 && strcmp(il->value, "VEVENT") == 0) {
        r->in_event = true;
        memset(&r->ev, 0, sizeof r->ev);
        r->ev.begin_line = il->line;
    } else if (r->depth >= 2) {
        r->skip_depth = 1;   /* VTIMEZONE, VALARM, ...: no day facts */
    }
    return 0;
}

static int ics_end(ics_reader *r, ics_line *il, const char *where, err *e)
{
    upcase(il->value);
    if (r->depth == 0)
        return err_set(e, GK_EINVAL, where, "END:%.40s without BEGIN", il->value);
    if (strcmp(r->stack[r->depth - 1], il->value) != 0)
        return err_set(e, GK_EINVAL, where, "END:%.40s does not close BEGIN:%s of line %d",
                       il->value, r->stack[r->depth - 1], r->stack_line[r->depth - 1]);
    r->depth--;
    if (r->skip_depth) {
        r->skip_depth--;
    } else if (r->in_event && r->depth == 1) {
        r->in_event = false;
        r->nevents++;
        return ics_finish_event(&r->ev, r->source, &r->l, e);
    }
    return 0;
}

/* Keeps the SUMMARY's text, trimmed and cut at a character boundary. */
static void ics_summary(ics_event *ev, char *v, int line)
{
    ics_unescape(v);
    while (is_blank(*v))
        v++;
    size_t vl = strlen(v);
    while (vl && is_blank(v[vl - 1]))
        vl--;
    if (vl >= sizeof ev->summary)
        vl = sizeof ev->summary - 1;
    while (vl && ((unsigned char)v[vl] & 0xC0) == 0x80)
        vl--;   /* do not cut a character */
    memcpy(ev->summary, v, vl);
    ev->summary[vl] = '\0';
    ev->has_summary = true;
    ev->summary_line = line;
}

/* A property inside a VEVENT. */
static int ics_event_prop(ics_reader *r, const ics_line *il, const char *where, err *e)
{
    ics_event *ev = &r->ev;
    for (size_t k = 0; k < sizeof ics_refused / sizeof ics_refused[0]; k++)
        if (strcmp(il->name, ics_refused[k]) == 0)
            return err_set(e, GK_EINVAL, where,
                           "%s is not supported: give each holiday period as its own "
                           "VEVENT with DTSTART and DTEND", il->name);
    bool is_start = strcmp(il->name, "DTSTART") == 0;
    bool is_end = strcmp(il->name, "DTEND") == 0;
    if (is_start || is_end) {
        if (is_start ? ev->has_start : ev->has_end)
            return err_set(e, GK_EINVAL, where, "second %s in one VEVENT", il->name);
        gk_day d;
        int rc = ics_date(il, r->source, &d, e);
        if (rc)
            return rc;
        if (is_start)
            ev->has_start = true, ev->start = d, ev->start_line = il->line;
        else
            ev->has_end = true, ev->end = d, ev->end_line = il->line;
    } else if (strcmp(il->name, "SUMMARY") == 0) {
        ics_summary(ev, il->value, il->line);
    }
    return 0;
}

/* One logical (unfolded) line `s` that started at physical line `line`. */
static int ics_logical(ics_reader *r, char *s, int line, err *e)
{
    char where[WHERE_MAX];
    where_at(where, r->source, line);
    ics_line il = {.line = line};
    if (!ics_split(s, &il))
        return err_set(e, GK_EINVAL, where, "not an iCalendar line (NAME:VALUE): '%.60s'", s);
    if (strcmp(il.name, "BEGIN") == 0)
        return ics_begin(r, &il, where, e);
    if (strcmp(il.name, "END") == 0)
        return ics_end(r, &il, where, e);
    if (r->depth == 0)
        return err_set(e, GK_EINVAL, where, "expected BEGIN:VCALENDAR, got '%.40s'", il.name);
    if (r->in_event && !r->skip_depth)
        return ics_event_prop(r, &il, where, e);
    if (r->depth == 1 && strcmp(il.name, "CALSCALE") == 0 && strcmp(il.value, "GREGORIAN") != 0)
        return err_set(e, GK_EINVAL, where, "CALSCALE %.40s: only GREGORIAN dates are read",
                       il.value);
    return 0;
}

/* At the end of the text: every component closed, some event read; the same
 * day from several events merges when of the same kind and conflicts if not. */
static int ics_close(ics_reader *r, err *e)
{
    char where[WHERE_MAX];
    if (r->depth > 0) {
        where_at(where, r->source, r->stack_line[r->depth - 1]);
        return err_set(e, GK_EINVAL, where, "the file ends inside BEGIN:%s (no END:%s)",
                       r->stack[r->depth - 1], r->stack[r->depth - 1]);
    }
    if (r->nevents == 0)
        return err_set(e, GK_EINVAL, r->source, "no VEVENT in the file: nothing to import");
    plist *l = &r->l;
    qsort(l->v, l->n, sizeof l->v[0], cmp_pending);
    size_t w = 0;
    for (size_t k = 0; k < l->n; k++) {
        if (w && l->v[w - 1].day == l->v[k].day) {
            if (l->v[w - 1].kind != l->v[k].kind) {
                char ds[11];
                where_at(where, r->source, l->v[k].line);
                date_format(l->v[k].day, ds);
                return err_set(e, GK_EINVAL, where,
                               "%s is a %s here but a %s in the VEVENT of line %d", ds,
                               l->v[k].kind == CAL_HOLIDAY ? "holiday" : "make-up working day",
                               l->v[w - 1].kind == CAL_HOLIDAY ? "holiday" : "make-up working day",
                               l->v[w - 1].line);
            }
            continue;
        }
        l->v[w++] = l->v[k];
    }
    l->n = w;
    return 0;
}

int cal_load_ics(cal_t *c, const char *text, size_t n, const char *source, err *e)
{
    ics_reader r = {.source = source ? source : "calendar.ics"};
    buf lb;   /* the logical line being unfolded */
    buf_init(&lb);
    int rc = 0, line = 0, start = 0;
    size_t pos = skip_bom(text, n), ll;
    const char *ls;
    bool have = false, more = true;
    while (rc == 0 && more) {
        more = next_line(text, n, &pos, &ls, &ll);
        if (more) {
            line++;
            if ((rc = check_text(ls, ll, r.source, line, e)) != 0)
                break;
            if (ll && is_blank(*ls) && have) {
                buf_append(&lb, ls + 1, ll - 1);   /* a folded line continues */
                continue;
            }
        }
        if (have && (rc = ics_logical(&r, lb.data, start, e)) != 0)
            break;
        have = more && ll > 0;   /* a blank line is tolerated between objects */
        if (have) {
            buf_reset(&lb);
            buf_append(&lb, ls, ll);
            start = line;
        }
    }
    if (rc == 0)
        rc = ics_close(&r, e);
    if (rc == 0)
        cal_merge(c, r.l.v, r.l.n, true);
    buf_free(&lb);
    free(r.l.v);
    return rc;
}
