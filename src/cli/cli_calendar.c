/*
 * cli — the 'calendar' command group: working-day arithmetic on the built-in
 * Chinese calendar (add, count), a year's holidays (show), and reading a
 * State Council notice from a .tsv or .ics file (import, export).
 */
#include "cli/cli.h"
#include "calendar/calendar.h"
#include "store/store.h"
#include "disclosure/disclosure.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#define CAL_FILE_MAX (4u << 20)

static const char usage_main[] =
    "usage: gongkai calendar COMMAND [ARGS...]\n\n"
    "Working days on the Chinese calendar: Monday–Friday except statutory holidays, plus the\n"
    "weekend days the State Council's notice makes working days (调休): the years built into\n"
    "gongkai, plus those imported into the database (see 'gongkai calendar show').\n"
    "Dates are YYYY-MM-DD.\n\n"
    "Commands:\n"
    "  add DATE N        the date N working days after DATE\n"
    "  count FROM TO     working days after FROM up to and including TO\n"
    "  show YEAR         a year's holidays and make-up working days\n"
    "  import FILE       a year's holidays from the notice's text, a .tsv or an .ics file:\n"
    "                    shows what changes; --apply keeps it and re-dates open applications\n"
    "  export [YEAR]     print the calendar (or one year) as .tsv\n"
    "  region [NAME]     the regional calendar an agency counts on\n\n"
    "'gongkai calendar COMMAND --help' describes each. A year of 2008–2199 whose notice is\n"
    "not imported has a PROVISIONAL calendar (weekends and the statutory holidays of\n"
    "《全国年节及纪念日放假办法》, no 调休): deadlines over it are marked provisional until the\n"
    "notice is imported. Other years are an error (exit 2).\n";

static const char usage_add[] =
    "usage: gongkai calendar add [--same-day] [--with FILE] DATE N\n\n"
    "Prints the date N working days after DATE (YYYY-MM-DD), e.g. the reply deadline of an\n"
    "application received on DATE: 'gongkai calendar add 2024-03-01 20' prints 2024-03-29.\n"
    "Counting starts on the working day after DATE (the common practice); --same-day counts\n"
    "DATE itself as day one when it is a working day. N = 0 prints DATE.\n"
    "  --with FILE   also use the holidays of FILE (.tsv or .ics) without importing it\n"
    "Exit status: 0 done, 2 bad date or N, or a date beyond the calendar's known years.\n";

static const char usage_count[] =
    "usage: gongkai calendar count [--same-day] [--with FILE] FROM TO\n\n"
    "Prints the number of working days after FROM up to and including TO (0 when TO is not\n"
    "after FROM), e.g. how many working days of a deadline have run. --same-day counts FROM\n"
    "itself too.\n"
    "  --with FILE   also use the holidays of FILE (.tsv or .ics)\n"
    "Exit status: 0 done, 2 bad date or a date beyond the calendar's known years.\n";

static const char usage_show[] =
    "usage: gongkai calendar show [--with FILE] [YEAR]\n\n"
    "Prints a year's holidays and make-up working days, festival by festival, and the number\n"
    "of working days in the year. Without YEAR: the known years and where they come from.\n"
    "  --with FILE   also use the holidays of FILE (.tsv or .ics)\n";

static const char usage_import[] =
    "usage: gongkai calendar import [--apply] [--year YYYY] [--region NAME] FILE\n\n"
    "Reads a year's holidays and make-up working days as the State Council's notice gives\n"
    "them and shows what they change: the days, and the deadlines of open applications\n"
    "that move. Nothing is stored without --apply. FILE is one of:\n"
    "  the notice's text  as published (国务院办公厅关于YYYY年部分节假日安排的通知), pasted or\n"
    "             saved from the government site (.txt, or any file whose text has 放假): the\n"
    "             numbered items (一、元旦：1月1日（周五）放假1天，不调休。 / ...至...放假调休，\n"
    "             共N天。X月X日（周六）上班。) are read; the year comes from the title or --year\n"
    "  FILE.tsv   lines DATE<TAB>holiday|workday<TAB>FESTIVAL ('#' comments), as printed by\n"
    "             'gongkai calendar export'\n"
    "  FILE.ics   iCalendar VEVENTs with DTSTART;VALUE=DATE (and DTEND, the day after the last\n"
    "             day) whose SUMMARY says 休/假 (holiday) or 班 (make-up working day)\n"
    "A day in the file replaces what the calendar said about it (a later notice overrides an\n"
    "earlier one). A year counts as known once the file gives days of it from March to\n"
    "November; until then it is provisional. The whole file is checked first: an error\n"
    "names FILE:LINE (a day both 放假 and 上班, a date outside the year, a sentence that\n"
    "cannot be read) and nothing is kept.\n"
    "  --apply        keep the facts and, in the same transaction, re-date every open\n"
    "                 application of every agency counting on this calendar (history and\n"
    "                 audit trail say so); prints the applications whose deadline moved,\n"
    "                 earliest deadline first\n"
    "  --year YYYY    the notice's year when its text has no title\n"
    "  --region NAME  a regional layer (新疆, 西藏, 广西, ...) over the national calendar, for\n"
    "                 the agencies whose region is NAME ('gongkai calendar region')\n"
    "  --dry-run      the default: show only\n"
    "Exit status: 0 shown or stored, 2 unreadable or malformed file, 1 database error.\n";

static const char usage_region[] =
    "usage: gongkai calendar region [--agency CODE] [NAME | --national]\n\n"
    "Shows or sets the regional calendar the agency counts deadlines on: the national\n"
    "calendar with the holidays imported with 'calendar import --region NAME' on top\n"
    "(e.g. 新疆 肉孜节、古尔邦节; 西藏 藏历新年; 广西 三月三). --national: the national\n"
    "calendar only. Without --agency, the only agency (or the deployment's default).\n";

static const char usage_export[] =
    "usage: gongkai calendar export [YEAR]\n\n"
    "Prints every holiday and make-up working day (or those of YEAR) as .tsv lines that\n"
    "'gongkai calendar import' reads back.\n";

static bool ends_with_ci(const char *s, const char *suffix)
{
    size_t a = strlen(s), b = strlen(suffix);
    return a >= b && strcasecmp(s + a - b, suffix) == 0;
}

/* Is the text the notice as published (not .tsv or .ics)? */
static bool is_notice_text(const char *p, size_t n)
{
    return n && (strstr(p, "放假") || strstr(p, "上班") || strstr(p, "节假日安排"));
}

/* Loads FILE (.ics, .tsv, or the notice's text, told by the extension or
 * the content) into c: the national calendar, or a regional layer when
 * `region`. `year` is the notice's year when given (0 none). Errors are
 * printed; returns the exit status. */
static int load_file_as(cal_t *c, const char *path, const char *region, int year)
{
    buf b;
    buf_init(&b);
    err e = {0};
    if (file_read_all(path, CAL_FILE_MAX, &b, &e) != 0) {
        cli_report_err(&e);
        buf_free(&b);
        return 2;
    }
    buf_putc(&b, '\0');
    b.len--;
    const char *p = b.data ? b.data : "";
    bool ics = ends_with_ci(path, ".ics") || ends_with_ci(path, ".ical") ||
               ends_with_ci(path, ".ifb");
    bool tsv = ends_with_ci(path, ".tsv");
    if (!ics && !tsv) {
        const char *q = p;
        if (strncmp(q, "\xEF\xBB\xBF", 3) == 0)
            q += 3;
        while (*q == ' ' || *q == '\t' || *q == '\r' || *q == '\n')
            q++;
        ics = strncasecmp(q, "BEGIN:VCALENDAR", 15) == 0;
    }
    int rc;
    if (!ics && !tsv && is_notice_text(p, b.len)) {
        buf t;
        buf_init(&t);
        rc = cal_notice_to_tsv(p, b.len, year, path, &t, NULL, &e);
        if (!rc)
            rc = region ? cal_load_region_tsv(c, t.data, t.len, path, &e)
                        : cal_load_tsv(c, t.data, t.len, path, &e);
        buf_free(&t);
    } else if (ics) {
        rc = region ? err_set(&e, GK_EINVAL, path, "a regional calendar is imported from .tsv or "
                              "the notice's text") : cal_load_ics(c, p, b.len, path, &e);
    } else {
        rc = region ? cal_load_region_tsv(c, p, b.len, path, &e) : cal_load_tsv(c, p, b.len, path, &e);
    }
    buf_free(&b);
    if (rc != 0) {
        cli_report_err(&e);
        return 2;
    }
    return 0;
}

static int load_file(cal_t *c, const char *path)
{
    return load_file_as(c, path, NULL, 0);
}

static int parse_date_arg(const char *cmd, const char *what, const char *s, gk_day *out)
{
    err e = {0};
    if (date_parse(s, out, &e) != 0) {
        cli_error(cmd, "%s: %s", what, e.msg);
        return 2;
    }
    return 0;
}

/* Is there a database to read imported years from? A server connection
 * string, or a file that exists: working-day arithmetic never creates one. */
static bool db_present(const char *target)
{
    return target && *target &&
           (strstr(target, "://") || strchr(target, '=') || access(target, F_OK) == 0);
}

/* The calendar gongkai works with: the built-in years, then the years
 * imported into the database (when there is one). */
static int current_calendar(cli_ctx *ctx, cal_t **out)
{
    if (!db_present(ctx->db_path)) {
        *out = cal_builtin();
        return 0;
    }
    store_t *s;
    err e = {0};
    if (store_open(ctx->db_path, &s, &e) != 0)
        return cli_report_err(&e);
    int rc = store_calendar(s, out, &e);
    store_close(s);
    if (rc) {
        *out = cal_builtin();   /* callers free *out whatever happens */
        return cli_report_err(&e);
    }
    return 0;
}

/* Common start of add/count/show: options, then the calendar. */
static int open_calendar(cli_ctx *ctx, const char *cmd, int *argc, char **argv, bool allow_same_day,
                         cal_t **out)
{
    bool same_day = allow_same_day && cli_flag(argc, argv, "--same-day");
    const char *with = cli_opt(argc, argv, "--with");
    int rc = cli_reject_unknown(*argc, argv, cmd);
    if (rc)
        return rc;
    cal_t *c;
    if ((rc = current_calendar(ctx, &c)) != 0 || (with && (rc = load_file(c, with)) != 0)) {
        cal_free(c);
        return rc;
    }
    cal_set_count_from_same_day(c, same_day);
    *out = c;
    return 0;
}

static int cmd_add(cli_run *run, int argc, char **argv)
{
    cli_ctx *ctx = run->ctx;
    const char *cmd = "calendar add";
    cal_t *c;
    int rc = open_calendar(ctx, cmd, &argc, argv, true, &c);
    if (rc)
        return rc;
    gk_day from, to;
    int64_t n;
    err e = {0};
    if (argc != 2) {
        cli_error(cmd, "expected DATE and N (see 'gongkai %s --help')", cmd);
        rc = 2;
    } else if ((rc = parse_date_arg(cmd, "DATE", argv[0], &from)) != 0) {
    } else if (!parse_i64(argv[1], strlen(argv[1]), &n) || n < 0 || n > 1000000) {
        cli_error(cmd, "N: '%s' is not a number of working days (a whole number from 0 to 1000000)",
                  argv[1]);
        rc = 2;
    } else if (cal_add_workdays(c, from, (int)n, &to, &e) != 0) {
        if (!e.where[0])
            snprintf(e.where, sizeof e.where, "%s", cmd);
        rc = cli_report_err(&e);
    } else {
        char s[11];
        date_format(to, s);
        puts(s);
    }
    cal_free(c);
    return rc;
}

static int cmd_count(cli_run *run, int argc, char **argv)
{
    cli_ctx *ctx = run->ctx;
    const char *cmd = "calendar count";
    cal_t *c;
    int rc = open_calendar(ctx, cmd, &argc, argv, true, &c);
    if (rc)
        return rc;
    gk_day from, to;
    int n;
    err e = {0};
    if (argc != 2) {
        cli_error(cmd, "expected FROM and TO (see 'gongkai %s --help')", cmd);
        rc = 2;
    } else if ((rc = parse_date_arg(cmd, "FROM", argv[0], &from)) != 0 ||
               (rc = parse_date_arg(cmd, "TO", argv[1], &to)) != 0) {
    } else if (cal_count_workdays(c, from, to, &n, &e) != 0) {
        if (!e.where[0])
            snprintf(e.where, sizeof e.where, "%s", cmd);
        rc = cli_report_err(&e);
    } else {
        printf("%d\n", n);
    }
    cal_free(c);
    return rc;
}

static const char *weekday_zh(gk_day d)
{
    static const char *w[] = {"周一", "周二", "周三", "周四", "周五", "周六", "周日"};
    return w[date_weekday(d) - 1];
}

static void put_day(buf *b, gk_day d, bool with_month)
{
    int y, m, dd;
    date_to_ymd(d, &y, &m, &dd);
    if (with_month)
        buf_printf(b, "%d月%d日（%s）", m, dd, weekday_zh(d));
    else
        buf_printf(b, "%d日（%s）", dd, weekday_zh(d));
}

/* True when every day strictly between a and b is a Saturday or Sunday. */
static bool weekend_gap(gk_day a, gk_day b)
{
    if (b - a > 3)
        return false;
    for (gk_day d = a + 1; d < b; d++)
        if (date_weekday(d) < 6)
            return false;
    return true;
}

/* A holiday period as a notice gives it: consecutive days off (a weekend the
 * data leaves out included), the festivals it is for (国庆节、中秋 when they
 * share a week), and the make-up working days that go with it. */
typedef struct period {
    gk_day first, last;
    bool off;            /* has days off (not only make-up days) */
    buf names;           /* "国庆节、中秋" */
    gk_day work[16];
    int nwork;
} period;

static bool names_has(const buf *names, const char *name)
{
    if (!names->data || !*name)
        return false;
    size_t l = strlen(name);
    for (const char *p = names->data; (p = strstr(p, name)) != NULL; p += l) {
        bool start = p == names->data || strncmp(p - 3, "、", 3) == 0;
        bool end = p[l] == '\0' || strncmp(p + l, "、", 3) == 0;
        if (start && end)
            return true;
    }
    return false;
}

/* The days off of the year as periods: consecutive days (a weekend between
 * joins them), with their festivals' names; returns how many. */
static size_t holiday_periods(const cal_fact *fs, size_t nf, period *ps)
{
    size_t np = 0;
    for (size_t i = 0; i < nf; i++) {
        if (fs[i].kind != CAL_HOLIDAY)
            continue;
        period *p = np ? &ps[np - 1] : NULL;
        if (!p || !(fs[i].day == p->last + 1 || weekend_gap(p->last, fs[i].day))) {
            p = &ps[np++];
            p->first = fs[i].day;
            buf_init(&p->names);
        }
        p->off = true;
        p->last = fs[i].day;
        const char *name = fs[i].name[0] ? fs[i].name : "（未命名）";
        if (!names_has(&p->names, name)) {
            if (p->names.len)
                buf_puts(&p->names, "、");
            buf_puts(&p->names, name);
        }
    }
    return np;
}

/* Make-up days go with the nearest period of their festival (within 40
 * days); one that has none is shown on its own (a 元旦 make-up day on
 * 31 December belongs to the next year's holiday). */
static void makeup_days(const cal_fact *fs, size_t nf, period *ps, size_t *np)
{
    size_t nh = *np;
    for (size_t i = 0; i < nf; i++) {
        if (fs[i].kind != CAL_WORKDAY)
            continue;
        const char *name = fs[i].name[0] ? fs[i].name : "（未命名）";
        period *best = NULL;
        gk_day bestd = 41;
        for (size_t k = 0; k < nh; k++) {
            gk_day dist = fs[i].day < ps[k].first ? ps[k].first - fs[i].day : fs[i].day - ps[k].last;
            if (names_has(&ps[k].names, name) && dist < bestd && ps[k].nwork < 16) {
                best = &ps[k];
                bestd = dist;
            }
        }
        if (!best) {
            best = &ps[(*np)++];
            best->first = best->last = fs[i].day;
            buf_init(&best->names);
            buf_puts(&best->names, name);
        }
        best->work[best->nwork++] = fs[i].day;
    }
}

/* "春节：2月10日至17日放假，共8天；2月4日、2月18日上班" */
static void print_period(buf *out, const period *p)
{
    buf_printf(out, "%s：", p->names.data);
    if (p->off) {
        int y1, m1, d1, y2, m2, d2;
        date_to_ymd(p->first, &y1, &m1, &d1);
        date_to_ymd(p->last, &y2, &m2, &d2);
        put_day(out, p->first, true);
        if (p->last != p->first) {
            buf_puts(out, "至");
            put_day(out, p->last, m1 != m2);
        }
        buf_printf(out, "放假，共%d天", p->last - p->first + 1);
    }
    for (int w = 0; w < p->nwork; w++) {
        buf_puts(out, w ? "、" : (p->off ? "；" : ""));
        put_day(out, p->work[w], true);
    }
    if (p->nwork)
        buf_puts(out, "上班");
    buf_puts(out, "\n");
}

static void print_year(const cal_t *c, int year, buf *out)
{
    size_t nf = cal_facts(c, year, NULL, 0);
    cal_fact *fs = xmalloc(sizeof *fs * (nf ? nf : 1));
    cal_facts(c, year, fs, nf);
    period *ps = xcalloc(nf ? nf : 1, sizeof *ps);
    size_t np = holiday_periods(fs, nf, ps);
    makeup_days(fs, nf, ps, &np);
    buf_printf(out, "%d年节假日安排\n", year);
    for (size_t k = 0; k < np; k++) {
        print_period(out, &ps[k]);
        buf_free(&ps[k].names);
    }
    int n = 0;
    err e = {0};
    if (cal_count_workdays(c, date_from_ymd(year - 1, 12, 31), date_from_ymd(year, 12, 31), &n, &e) == 0)
        buf_printf(out, "全年工作日%d天\n", n);
    free(ps);
    free(fs);
}

static int cmd_show(cli_run *run, int argc, char **argv)
{
    cli_ctx *ctx = run->ctx;
    const char *cmd = "calendar show";
    cal_t *c;
    int rc = open_calendar(ctx, cmd, &argc, argv, false, &c);
    if (rc)
        return rc;
    char known[192];
    cal_known_years(c, known, sizeof known);
    if (argc == 0) {
        cal_t *b = cal_builtin();
        char builtin[192];
        cal_known_years(b, builtin, sizeof builtin);
        cal_free(b);
        printf("工作日历已知年份：%s\n"
               "来源：内置 %s 年（国务院办公厅历年节假日安排通知，含2020年春节延长假期）",
               known, builtin);
        if (strcmp(known, builtin) != 0)
            printf("；其余年份由 gongkai calendar import 导入数据库");
        printf("\n计算规则：周一至周五为工作日，法定节假日除外；调休上班的周六、周日为工作日。\n"
               "期限自收到申请之日的次一工作日起算（--same-day 则自当日起算）。\n");
        cal_free(c);
        return 0;
    }
    int64_t year;
    if (argc != 1 || !parse_i64(argv[0], strlen(argv[0]), &year)) {
        cli_error(cmd, "expected a YEAR such as 2024 (see 'gongkai %s --help')", cmd);
        cal_free(c);
        return 2;
    }
    if (year < CAL_MIN_YEAR || year > CAL_MAX_YEAR) {
        cli_error(cmd, "YEAR: %lld is outside the years a calendar holds (%d–%d)", (long long)year,
                  CAL_MIN_YEAR, CAL_MAX_YEAR);
        cal_free(c);
        return 2;
    }
    bool prov = cal_year_provisional(c, (int)year);
    if (!cal_year_known(c, (int)year) && !prov) {
        cli_error(cmd, "no working-day calendar for %d (known years: %s; provisional: %d–%d)",
                  (int)year, known, CAL_PROV_FIRST, CAL_PROV_LAST);
        cal_free(c);
        return 2;
    }
    buf out;
    buf_init(&out);
    if (prov)
        buf_printf(&out, "%d年：暂定日历——尚未导入国务院办公厅%d年部分节假日安排的通知。依据%s，"
                   "只含法定节假日和周末，不含调休；据此计算的期限均为暂定，导入通知后重新计算。\n",
                   (int)year, (int)year, cal_provisional_basis((int)year));
    print_year(c, (int)year, &out);
    fputs(out.data, stdout);
    buf_free(&out);
    cal_free(c);
    return 0;
}

/* ---- import: preview, then store and re-date -------------------------- */

struct redate_ctx {
    store_t *s;
    const char *source;
    int64_t agency_id;          /* whose rules are in `rules` (0: none yet) */
    struct app_rules rules;
};

static bool deadlines_differ(const struct app *a, const struct app *b)
{
    return a->due != b->due || a->reply_due != b->reply_due || a->consult_due != b->consult_due ||
           a->fee_pay_by != b->fee_pay_by;
}

/* The domain's part of store_calendar_import: re-date one application on
 * its agency's calendar after the import (store_redate_fn). */
static int redate_one(void *arg, cal_t *cal, struct app *a, buf *summary, bool *prov, err *e)
{
    struct redate_ctx *x = arg;
    int rc;
    if (x->agency_id != a->agency_id) {
        if ((rc = cli_app_rules(x->s, a->agency_id, &x->rules, e)))
            return rc;
        x->agency_id = a->agency_id;
    }
    cal_set_count_from_same_day(cal, x->rules.count_same_day);
    struct app before = *a;
    if ((rc = app_redate(&x->rules, cal, a, e)))
        return rc;
    *prov = app_provisional(cal, a);
    if (!deadlines_differ(&before, a))
        return 0;
    char d0[11], d1[11];
    date_format(before.due ? before.due : before.reply_due, d0);
    date_format(a->due ? a->due : a->reply_due, d1);
    buf_printf(summary, "工作日历更新（%s）：%s %s → %s%s", x->source,
               app_due_labels[a->due_kind ? a->due_kind : APP_DUE_REPLY], d0, d1,
               *prov ? "（仍为暂定期限）" : "");
    return 1;
}

static void print_moved(const struct store_redated *v, size_t n, bool stored)
{
    if (!n) {
        printf("%s\n", stored ? "没有在办申请的期限改变。" : "不会改变任何在办申请的期限。");
        return;
    }
    printf("%s（%zu件，按新期限先后）：\n", stored ? "期限已改变的在办申请" : "存入后期限将改变的在办申请",
           n);
    for (size_t i = 0; i < n; i++) {
        char a[11], b[11], c[11], d[11];
        date_format(v[i].due_before, a);
        date_format(v[i].due_after, b);
        date_format(v[i].reply_before, c);
        date_format(v[i].reply_after, d);
        printf("  %s %s  期限 %s → %s  答复期限 %s → %s%s\n", v[i].agency, v[i].no,
               v[i].due_before ? a : "-", v[i].due_after ? b : "-", v[i].reply_before ? c : "-",
               v[i].reply_after ? d : "-", v[i].provisional ? "  （暂定）" : "");
    }
}

static int cmp_moved(const void *a, const void *b)
{
    const struct store_redated *x = a, *y = b;
    gk_day dx = x->due_after ? x->due_after : x->reply_after;
    gk_day dy = y->due_after ? y->due_after : y->reply_after;
    if (dx != dy)
        return dx < dy ? -1 : 1;
    return strcmp(x->no, y->no);
}

/* Re-dates each application of a listing without storing (the preview). */
struct preview_ctx {
    struct redate_ctx *x;
    cal_t *cal;
    const struct store_agency *ag;
    struct store_redated **out;
    size_t *n, *cap;
    buf *summary;
    err *e;
    struct app *work;   /* the copy re-dated (about 10 KB: on the heap) */
};

static int preview_one(const struct app *orig, void *arg)
{
    struct preview_ctx *p = arg;
    struct app *a = p->work;
    *a = *orig;
    bool prov = false;
    p->summary->len = 0;
    int ch = redate_one(p->x, p->cal, a, p->summary, &prov, p->e);
    if (ch <= 0)
        return ch < 0 ? 1 : 0;   /* non-zero stops the listing; e is set */
    if (*p->n == *p->cap) {
        *p->cap = *p->cap ? *p->cap * 2 : 16;
        *p->out = xrealloc(*p->out, sizeof **p->out * *p->cap);
    }
    struct store_redated *r = &(*p->out)[(*p->n)++];
    memset(r, 0, sizeof *r);
    r->agency_id = p->ag->id;
    r->app_id = orig->id;
    snprintf(r->agency, sizeof r->agency, "%s", p->ag->code);
    snprintf(r->no, sizeof r->no, "%s", orig->no);
    r->due_before = orig->due;
    r->due_after = a->due;
    r->reply_before = orig->reply_due;
    r->reply_after = a->reply_due;
    r->provisional = prov;
    return 0;
}

/* What --apply would do to open applications, computed without storing. */
static int preview_redate(store_t *s, const char *region, const buf *tsv, const char *source,
                          struct store_redated **out, size_t *n, err *e)
{
    struct store_agency *ags = NULL;
    size_t nag = 0, cap = 0;
    *out = NULL;
    *n = 0;
    int rc = store_agency_list(s, &ags, &nag, e);
    struct redate_ctx x = {.s = s, .source = source};
    buf summary;
    buf_init(&summary);
    for (size_t i = 0; !rc && i < nag; i++) {
        char ar[64];
        if ((rc = store_agency_region(s, ags[i].id, ar, e)))
            break;
        if (*region && strcmp(ar, region) != 0)
            continue;
        /* national (stored, then the file's), then the region's layer */
        cal_t *cal = NULL;
        buf lay;
        buf_init(&lay);
        if (!(rc = store_calendar(s, &cal, e)) && !*region)
            rc = cal_load_tsv(cal, tsv->data, tsv->len, source, e);
        if (!rc && *ar)
            rc = store_calendar_region_tsv(s, ar, &lay, e);
        if (!rc && lay.len)
            rc = cal_load_region_tsv(cal, lay.data, lay.len, ar, e);
        if (!rc && *region)
            rc = cal_load_region_tsv(cal, tsv->data, tsv->len, source, e);
        buf_free(&lay);
        struct store_app_filter f = {.agency_id = ags[i].id, .open_only = true, .kind = -1,
                                     .limit = 1 << 30};
        struct preview_ctx pc = {&x, cal, &ags[i], out, n, &cap, &summary, e, xmalloc(sizeof(struct app))};
        e->code = 0;
        if (!rc && (rc = store_app_list(s, &f, preview_one, &pc, e)) == 0 && e->code)
            rc = e->code;
        free(pc.work);
        cal_free(cal);
    }
    buf_free(&summary);
    free(ags);
    if (!rc && *n)
        qsort(*out, *n, sizeof **out, cmp_moved);
    return rc;
}

/* The days the file gives, year by year, against the calendar in use. */
static void print_days(const cal_t *alone, const cal_t *before, const char *path)
{
    size_t nf = cal_facts(alone, 0, NULL, 0);
    cal_fact *fs = xmalloc(sizeof *fs * (nf ? nf : 1));
    cal_facts(alone, 0, fs, nf);
    int nh = 0, nw = 0;
    for (size_t i = 0; i < nf; i++) {
        if (fs[i].kind == CAL_HOLIDAY)
            nh++;
        else
            nw++;
    }
    printf("%s：共%zu天，放假%d天，调休上班%d天\n", path, nf, nh, nw);
    for (size_t i = 0; i < nf;) {
        int y, m, d;
        date_to_ymd(fs[i].day, &y, &m, &d);
        size_t j = i;
        int yh = 0, yw = 0, changed = 0;
        for (; j < nf; j++) {
            int y2, m2, d2;
            date_to_ymd(fs[j].day, &y2, &m2, &d2);
            if (y2 != y)
                break;
            if (fs[j].kind == CAL_HOLIDAY)
                yh++;
            else
                yw++;
        }
        /* days whose working-day status changes */
        for (gk_day day = date_from_ymd(y, 1, 1); day < date_from_ymd(y + 1, 1, 1); day++) {
            bool w0 = false, w1 = false;
            err e = {0};
            bool k0 = cal_is_workday(before, day, &w0, &e) == 0;
            w1 = date_weekday(day) <= 5;
            for (size_t k = i; k < j; k++)
                if (fs[k].day == day)
                    w1 = fs[k].kind == CAL_WORKDAY;
            if (!k0 || w0 != w1)
                changed++;
        }
        printf("  %d年：放假%d天，调休上班%d天", y, yh, yw);
        if (!cal_year_known(alone, y))
            printf("（只有年初或年末的几天，不足以确定该年的日历）");
        else if (cal_year_known(before, y))
            printf("；日历已有该年的通知，工作日改变%d天", changed);
        else if (cal_year_provisional(before, y))
            printf("；取代该年的暂定日历，工作日改变%d天", changed);
        else
            printf("；新增年份");
        putchar('\n');
        i = j;
    }
    free(fs);
}

/* --year and --region of 'calendar import'. */
static int import_opts(const char *year_s, const char *region, int64_t *year)
{
    *year = 0;
    if (year_s && (!parse_i64(year_s, strlen(year_s), year) || *year < CAL_MIN_YEAR + 1 ||
                   *year > CAL_MAX_YEAR - 1)) {
        cli_error("--year", "'%s' is not a year such as 2027", year_s);
        return 2;
    }
    if (region && (!*region || strlen(region) >= 64 || !utf8_valid(region, strlen(region), NULL))) {
        cli_error("--region", "a region is a name of 1 to 63 bytes of UTF-8, e.g. 新疆");
        return 2;
    }
    return 0;
}

/* --apply: the days kept, the open applications re-dated, the years now known. */
static int import_apply(cli_ctx *ctx, store_t *s, const char *region, const buf *tsv, const char *base)
{
    const char *actor = getenv("GONGKAI_USER");
    if (!actor || !*actor)
        actor = getenv("USER");
    struct redate_ctx x = {.s = s, .source = base};
    struct store_redated *moved = NULL;
    size_t nmoved = 0;
    err e = {0};
    if (store_calendar_import(s, region ? region : "", tsv->data ? tsv->data : "", tsv->len, base,
                              actor && *actor ? actor : "cli", date_today(), redate_one, &x, &moved, &nmoved, &e)) {
        free(moved);
        return cli_report_err(&e);
    }
    print_moved(moved, nmoved, true);
    free(moved);
    cal_t *now;
    if (store_calendar(s, &now, &e) == 0) {
        char known[192];
        cal_known_years(now, known, sizeof known);
        printf("已存入数据库 %s；工作日历已知年份：%s\n", ctx->db_path, known);
        cal_free(now);
    }
    return 0;
}

/* Without --apply: which open applications would get another deadline. */
static int import_preview(store_t *s, const char *region, buf *tsv, const char *base)
{
    struct store_redated *moved = NULL;
    size_t nmoved = 0;
    err e = {0};
    if (preview_redate(s, region ? region : "", tsv, base, &moved, &nmoved, &e)) {
        free(moved);
        return cli_report_err(&e);
    }
    print_moved(moved, nmoved, false);
    free(moved);
    printf("仅预览，未存入：确认无误后加 --apply 存入并重新计算在办申请的期限。\n");
    return 0;
}

static int cmd_import(cli_run *run, int argc, char **argv)
{
    cli_ctx *ctx = run->ctx;
    const char *cmd = "calendar import";
    bool apply = cli_flag(&argc, argv, "--apply");
    (void)cli_flag(&argc, argv, "--dry-run");
    const char *region = cli_opt(&argc, argv, "--region");
    const char *year_s = cli_opt(&argc, argv, "--year");
    int rc = cli_reject_unknown(argc, argv, cmd);
    if (rc)
        return rc;
    if (argc != 1) {
        cli_error(cmd, "expected one FILE (see 'gongkai %s --help')", cmd);
        return 2;
    }
    int64_t year;
    if (import_opts(year_s, region, &year))
        return 2;
    const char *path = argv[0];
    const char *base = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
    cal_t *alone = cal_new(), *before = NULL;
    store_t *s = NULL;
    err e = {0};
    buf tsv;
    buf_init(&tsv);
    if ((rc = load_file_as(alone, path, region, (int)year)) != 0)
        goto out;
    cal_dump_tsv(alone, 0, &tsv);
    if ((rc = current_calendar(ctx, &before)) != 0)
        goto out;
    if (region)
        printf("地区日历：%s（叠加在全国日历之上）\n", region);
    print_days(alone, before, path);
    if (!apply && !db_present(ctx->db_path))
        printf("没有数据库（%s）：未检查在办申请\n仅预览，未存入：确认无误后加 --apply 存入。\n",
               ctx->db_path ? ctx->db_path : "--db");
    else if (store_open(ctx->db_path, &s, &e) != 0)
        rc = cli_report_err(&e);
    else
        rc = apply ? import_apply(ctx, s, region, &tsv, base) : import_preview(s, region, &tsv, base);
out:
    if (s)
        store_close(s);
    buf_free(&tsv);
    cal_free(before);
    cal_free(alone);
    return rc;
}

static int cmd_region(cli_run *run, int argc, char **argv)
{
    cli_ctx *ctx = run->ctx;
    const char *cmd = "calendar region";
    bool national = cli_flag(&argc, argv, "--national");
    const char *agency = cli_opt(&argc, argv, "--agency");
    int rc = cli_reject_unknown(argc, argv, cmd);
    if (rc)
        return rc;
    if (argc > 1 || (argc == 1 && national)) {
        cli_error(cmd, "expected at most one NAME, or --national (see 'gongkai %s --help')", cmd);
        return 2;
    }
    if (argc == 1 && (!*argv[0] || strlen(argv[0]) >= 64 || !utf8_valid(argv[0], strlen(argv[0]), NULL))) {
        cli_error(cmd, "a region is a name of 1 to 63 bytes of UTF-8, e.g. 新疆");
        return 2;
    }
    if (agency)
        ctx->agency = agency;
    if ((rc = cli_open(run)))
        return rc;
    store_t *s = run->store;
    const struct store_agency ag = run->agency;
    err e = {0};
    {
        char r[64];
        if (argc == 1 || national)
            rc = store_setting_set(s, ag.id, STORE_CALENDAR_REGION_KEY, national ? "" : argv[0], &e);
        if (!rc)
            rc = store_agency_region(s, ag.id, r, &e);
        if (!rc)
            printf("%s：%s\n", ag.code, *r ? r : "全国日历（无地区节假日）");
    }
    if (rc)
        rc = cli_report_err(&e);
    return rc;
}

static int cmd_export(cli_run *run, int argc, char **argv)
{
    cli_ctx *ctx = run->ctx;
    const char *cmd = "calendar export";
    int rc = cli_reject_unknown(argc, argv, cmd);
    if (rc)
        return rc;
    int64_t year = 0;
    if (argc > 1 || (argc == 1 && (!parse_i64(argv[0], strlen(argv[0]), &year) ||
                                   year < CAL_MIN_YEAR || year > CAL_MAX_YEAR))) {
        cli_error(cmd, "expected at most one YEAR such as 2024 (see 'gongkai %s --help')", cmd);
        return 2;
    }
    cal_t *c;
    if ((rc = current_calendar(ctx, &c)) != 0) {
        cal_free(c);
        return rc;
    }
    if (year && !cal_year_known(c, (int)year)) {
        char known[192];
        cal_known_years(c, known, sizeof known);
        cli_error(cmd, "no working-day calendar for %d (known years: %s)", (int)year, known);
        cal_free(c);
        return 2;
    }
    buf b;
    buf_init(&b);
    buf_puts(&b, "# gongkai working-day calendar: holidays and make-up working days (调休上班)\n"
                 "# date\tkind\tfestival\n");
    cal_dump_tsv(c, (int)year, &b);
    fputs(b.data, stdout);
    buf_free(&b);
    cal_free(c);
    return 0;
}

static const struct cli_sub calendar_subs[] = {
    {"add", usage_add, cmd_add, 0, 0},
    {"count", usage_count, cmd_count, 0, 0},
    {"show", usage_show, cmd_show, 0, 0},
    {"import", usage_import, cmd_import, 0, 0},
    {"export", usage_export, cmd_export, 0, 0},
    {"region", usage_region, cmd_region, 0, 0},
};

int cli_calendar(cli_ctx *ctx, int argc, char **argv)
{
    static const struct cli_group g = {"calendar", usage_main, calendar_subs,
                                       sizeof calendar_subs / sizeof calendar_subs[0], "cli"};
    return cli_run_group(ctx, &g, argc, argv);
}
