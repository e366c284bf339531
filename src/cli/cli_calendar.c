/*
 * cli — the 'calendar' command group: working-day arithmetic on the built-in
 * Chinese calendar (add, count), a year's holidays (show), and reading a
 * State Council notice from a .tsv or .ics file (import, export).
 */
#include "cli/cli.h"
#include "calendar/calendar.h"
#include "store/store.h"

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
    "  import FILE       keep a year's holidays and make-up days from a .tsv or .ics file\n"
    "  export [YEAR]     print the calendar (or one year) as .tsv\n\n"
    "'gongkai calendar COMMAND --help' describes each. A date in a year with no calendar data\n"
    "is an error (exit 2): import the State Council's notice for that year.\n";

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
    "usage: gongkai calendar import [--dry-run] FILE\n\n"
    "Reads a year's holidays and make-up working days as the State Council's notice gives\n"
    "them, and keeps them in the database (--db) for every command that counts working days:\n"
    "  FILE.tsv   lines DATE<TAB>holiday|workday<TAB>FESTIVAL ('#' comments), as printed by\n"
    "             'gongkai calendar export'\n"
    "  FILE.ics   iCalendar VEVENTs with DTSTART;VALUE=DATE (and DTEND, the day after the last\n"
    "             day) whose SUMMARY says 休/假 (holiday) or 班 (make-up working day)\n"
    "A day in the file replaces what the calendar said about it (a later notice overrides an\n"
    "earlier one). A year counts as known once the file gives days of it from March to\n"
    "November. The whole file is checked before anything is stored: an error names FILE:LINE\n"
    "and nothing is kept. Prints what the file holds, year by year, and what it changes.\n"
    "  --dry-run   check and report only; store nothing\n"
    "Exit status: 0 stored (or checked), 2 unreadable or malformed file, 1 database error.\n";

static const char usage_export[] =
    "usage: gongkai calendar export [YEAR]\n\n"
    "Prints every holiday and make-up working day (or those of YEAR) as .tsv lines that\n"
    "'gongkai calendar import' reads back.\n";

static bool ends_with_ci(const char *s, const char *suffix)
{
    size_t a = strlen(s), b = strlen(suffix);
    return a >= b && strcasecmp(s + a - b, suffix) == 0;
}

/* Loads FILE (.ics, else .tsv; an unknown extension is recognised by its
 * content) into c. Errors are printed; returns the exit status. */
static int load_file(cal_t *c, const char *path)
{
    buf b;
    buf_init(&b);
    err e = {0};
    if (file_read_all(path, CAL_FILE_MAX, &b, &e) != 0) {
        cli_error(e.where, "%s", e.msg);
        buf_free(&b);
        return 2;
    }
    bool ics = ends_with_ci(path, ".ics") || ends_with_ci(path, ".ical") ||
               ends_with_ci(path, ".ifb");
    if (!ics && !ends_with_ci(path, ".tsv") && !ends_with_ci(path, ".txt")) {
        const char *p = b.data ? b.data : "";
        if (strncmp(p, "\xEF\xBB\xBF", 3) == 0)
            p += 3;
        while (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n')
            p++;
        ics = strncasecmp(p, "BEGIN:VCALENDAR", 15) == 0;
    }
    int rc = ics ? cal_load_ics(c, b.data ? b.data : "", b.len, path, &e)
                 : cal_load_tsv(c, b.data ? b.data : "", b.len, path, &e);
    buf_free(&b);
    if (rc != 0) {
        cli_error(e.where, "%s", e.msg);
        return 2;
    }
    return 0;
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

static int cmd_add(cli_ctx *ctx, int argc, char **argv)
{
    const char *cmd = "calendar add";
    if (cli_wants_help(argc, argv)) {
        fputs(usage_add, stdout);
        return 0;
    }
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

static int cmd_count(cli_ctx *ctx, int argc, char **argv)
{
    const char *cmd = "calendar count";
    if (cli_wants_help(argc, argv)) {
        fputs(usage_count, stdout);
        return 0;
    }
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

static void print_year(const cal_t *c, int year, buf *out)
{
    size_t nf = cal_facts(c, year, NULL, 0);
    cal_fact *fs = xmalloc(sizeof *fs * (nf ? nf : 1));
    cal_facts(c, year, fs, nf);
    period *ps = xcalloc(nf ? nf : 1, sizeof *ps);
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
    /* make-up days go with the nearest period of their festival (within 40
     * days); one that has none is shown on its own (a 元旦 make-up day on
     * 31 December belongs to the next year's holiday) */
    size_t nh = np;
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
            best = &ps[np++];
            best->first = best->last = fs[i].day;
            buf_init(&best->names);
            buf_puts(&best->names, name);
        }
        best->work[best->nwork++] = fs[i].day;
    }
    buf_printf(out, "%d年节假日安排\n", year);
    for (size_t k = 0; k < np; k++) {
        period *p = &ps[k];
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
        buf_free(&p->names);
    }
    int n = 0;
    err e = {0};
    if (cal_count_workdays(c, date_from_ymd(year - 1, 12, 31), date_from_ymd(year, 12, 31), &n, &e) == 0)
        buf_printf(out, "全年工作日%d天\n", n);
    free(ps);
    free(fs);
}

static int cmd_show(cli_ctx *ctx, int argc, char **argv)
{
    const char *cmd = "calendar show";
    if (cli_wants_help(argc, argv)) {
        fputs(usage_show, stdout);
        return 0;
    }
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
    if (argc != 1 || !parse_i64(argv[0], strlen(argv[0]), &year) || year < CAL_MIN_YEAR ||
        year > CAL_MAX_YEAR) {
        cli_error(cmd, "expected a YEAR such as 2024 (see 'gongkai %s --help')", cmd);
        cal_free(c);
        return 2;
    }
    if (!cal_year_known(c, (int)year)) {
        cli_error(cmd, "no working-day calendar for %d (known years: %s)", (int)year, known);
        cal_free(c);
        return 2;
    }
    buf out;
    buf_init(&out);
    print_year(c, (int)year, &out);
    fputs(out.data, stdout);
    buf_free(&out);
    cal_free(c);
    return 0;
}

/* Stores the facts of `alone` (the file's own) in the database, with an
 * audit entry, in one transaction. */
static int store_facts(cli_ctx *ctx, const cal_t *alone, const char *path, int nh, int nw)
{
    store_t *s;
    err e = {0};
    if (store_open(ctx->db_path, &s, &e) != 0)
        return cli_report_err(&e);
    const char *base = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
    size_t nf = cal_facts(alone, 0, NULL, 0);
    cal_fact *fs = xmalloc(sizeof *fs * (nf ? nf : 1));
    cal_facts(alone, 0, fs, nf);
    buf j;
    buf_init(&j);
    buf_puts(&j, "{\"file\": ");
    buf_json_str(&j, base);
    buf_printf(&j, ", \"days\": %zu, \"holidays\": %d, \"workdays\": %d}", nf, nh, nw);
    const char *actor = getenv("USER");
    int rc = store_calendar_import(s, fs, nf, base, actor && *actor ? actor : "cli", j.data, &e);
    buf_free(&j);
    if (rc != 0)
        rc = cli_report_err(&e);
    free(fs);
    store_close(s);
    return rc;
}

static int cmd_import(cli_ctx *ctx, int argc, char **argv)
{
    const char *cmd = "calendar import";
    if (cli_wants_help(argc, argv)) {
        fputs(usage_import, stdout);
        return 0;
    }
    bool dry_run = cli_flag(&argc, argv, "--dry-run");
    int rc = cli_reject_unknown(argc, argv, cmd);
    if (rc)
        return rc;
    if (argc != 1) {
        cli_error(cmd, "expected one FILE (see 'gongkai %s --help')", cmd);
        return 2;
    }
    const char *path = argv[0];
    /* What the file holds on its own, then what it does to the calendar in use. */
    cal_t *alone = cal_new(), *before = NULL, *after = NULL;
    if ((rc = load_file(alone, path)) != 0)
        goto out;
    if ((rc = current_calendar(ctx, &before)) != 0 || (rc = current_calendar(ctx, &after)) != 0 ||
        (rc = load_file(after, path)) != 0)
        goto out;
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
        /* the facts the calendar already has for the year, to say what changes */
        size_t no = cal_facts(before, y, NULL, 0);
        cal_fact *os = xmalloc(sizeof *os * (no ? no : 1));
        cal_facts(before, y, os, no);
        size_t j = i, o = 0;
        int yh = 0, yw = 0, same = 0;
        for (; j < nf; j++) {
            int y2, m2, d2;
            date_to_ymd(fs[j].day, &y2, &m2, &d2);
            if (y2 != y)
                break;
            if (fs[j].kind == CAL_HOLIDAY)
                yh++;
            else
                yw++;
            while (o < no && os[o].day < fs[j].day)
                o++;
            if (o < no && os[o].day == fs[j].day && os[o].kind == fs[j].kind &&
                strcmp(os[o].name, fs[j].name) == 0)
                same++;
        }
        free(os);
        printf("  %d年：放假%d天，调休上班%d天", y, yh, yw);
        if (!cal_year_known(alone, y))
            printf("（只有年初或年末的几天，不足以确定该年的日历，该年%s）",
                   cal_year_known(before, y) ? "沿用已有日历" : "仍未知");
        else if (cal_year_known(before, y))
            printf("；日历已有该年：相同%d天，新增或改变%d天", same, yh + yw - same);
        else
            printf("；新增年份");
        putchar('\n');
        i = j;
    }
    free(fs);
    char known[192];
    cal_known_years(after, known, sizeof known);
    if (dry_run) {
        printf("校验通过（--dry-run，未存入）；存入后工作日历已知年份：%s\n", known);
    } else if ((rc = store_facts(ctx, alone, path, nh, nw)) == 0) {
        printf("已存入数据库 %s；工作日历已知年份：%s\n", ctx->db_path, known);
    }
out:
    cal_free(after);
    cal_free(before);
    cal_free(alone);
    return rc;
}

static int cmd_export(cli_ctx *ctx, int argc, char **argv)
{
    const char *cmd = "calendar export";
    if (cli_wants_help(argc, argv)) {
        fputs(usage_export, stdout);
        return 0;
    }
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

int cli_calendar(cli_ctx *ctx, int argc, char **argv)
{
    if (argc == 0) {
        fputs(usage_main, stderr);
        return 2;
    }
    const char *sub = argv[0];
    if (strcmp(sub, "--help") == 0 || strcmp(sub, "-h") == 0 || strcmp(sub, "help") == 0) {
        fputs(usage_main, stdout);
        return 0;
    }
    static const struct {
        const char *name;
        int (*run)(cli_ctx *, int, char **);
    } subs[] = {
        {"add", cmd_add}, {"count", cmd_count}, {"show", cmd_show},
        {"import", cmd_import}, {"export", cmd_export},
    };
    for (size_t i = 0; i < sizeof subs / sizeof subs[0]; i++)
        if (strcmp(sub, subs[i].name) == 0)
            return subs[i].run(ctx, argc - 1, argv + 1);
    cli_error("calendar", "unknown command '%s' (see 'gongkai calendar --help')", sub);
    return 2;
}
