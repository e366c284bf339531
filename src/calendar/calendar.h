/*
 * calendar — working days on the Chinese calendar and deadline arithmetic
 * (docs/domain.md). A working day is Monday–Friday unless it is a statutory
 * holiday, plus the weekend days that the State Council's annual notice makes
 * working days (调休). The facts come from the data file gongkai ships
 * (data/cn-calendar.tsv, compiled into the program) and from notices imported
 * later. A year of CAL_PROV_FIRST..CAL_PROV_LAST without a notice has a
 * PROVISIONAL calendar: weekends plus the statutory holidays of
 * 《全国年节及纪念日放假办法》 in the version in force that year (the rows of
 * src/calendar/provisional.c), with no 调休 or 补休, so a deadline can always
 * be given; whatever is computed on such a year must say so
 * (cal_range_provisional) and is re-dated when the notice is imported. After
 * CAL_MAX_YEAR no calendar is held: Monday–Friday count as working days, and
 * such a year is provisional too, so an application is never refused for want
 * of a calendar. A date in a year before the provisional ones that no notice
 * covers is an error (GK_ERANGE).
 * Pure: no I/O; callers hand in the text of files.
 *
 * Queries are O(1) table look-ups with no allocation, so deadline arithmetic
 * can run millions of times. A cal_t is not changed by queries: one calendar
 * may be shared by threads as long as nobody loads into it meanwhile.
 */
#ifndef GONGKAI_CALENDAR_H
#define GONGKAI_CALENDAR_H

#include "base/base.h"
#include "base/limits.h"

typedef struct cal_t cal_t;   /* opaque: known years, holidays, make-up working days */

/* Years a calendar can hold facts for. */
#define CAL_MIN_YEAR LIM_YEAR_FIRST   /* base/limits.h: the years of every filter too */
#define CAL_MAX_YEAR LIM_YEAR_LAST

/* Years that get a provisional calendar when no notice is known. */
#define CAL_PROV_FIRST 2008
#define CAL_PROV_LAST CAL_MAX_YEAR

/* An empty calendar: no notice known, every year of CAL_PROV_FIRST..
 * CAL_PROV_LAST provisional. */
cal_t *cal_new(void);
/* A new calendar holding the compiled-in data of data/cn-calendar.tsv
 * (parsed on each call, about a millisecond: keep one per process). */
cal_t *cal_builtin(void);
void cal_free(cal_t *c);

/* Adds facts from the text of a .tsv (date<TAB>holiday|workday[<TAB>name]
 * lines, '#' comments) or an .ics (VEVENTs; calendar.c lists the accepted
 * forms). `source` names the text in messages (e.g. the file name).
 *
 * A fact for a day replaces what the calendar said about that day (so a later
 * notice such as the 2020 extension of the Spring Festival overrides the
 * earlier one). A year becomes known when the text lists at least one day of
 * it from March to November: the days of late December and early January that
 * a notice often lists for the neighbouring year (元旦) do not make that year
 * known on their own. All or nothing: on error the calendar is unchanged and
 * e->where is "source:line". */
int cal_load_tsv(cal_t *c, const char *text, size_t n, const char *source, err *e);
int cal_load_ics(cal_t *c, const char *text, size_t n, const char *source, err *e);

/* Adds a regional layer (新疆 肉孜节, 西藏 藏历新年, 广西 三月三, ...) in the
 * .tsv form: like cal_load_tsv, but the days do not make their year known
 * (only the national notice does), so a regional calendar is the national
 * one (known or provisional) with these days on top. */
int cal_load_region_tsv(cal_t *c, const char *text, size_t n, const char *source, err *e);

/* Reads the State Council's notice as published (国务院办公厅关于YYYY年部分节假
 * 日安排的通知, its text pasted or saved from the government site) and appends
 * its facts to `out` as .tsv lines for cal_load_tsv. The year comes from the
 * title, else from `year` (0: none given; both given and different is an
 * error). Read: the numbered items, e.g.
 *   一、元旦：1月1日（周四）放假1天，不调休。
 *   二、春节：2月15日（农历腊月二十八、周日）至23日（农历正月初七、周一）放假调休，共9天。2月14日（周六）、2月28日（周六）上班。
 *   七、国庆节、中秋节：9月29日至10月6日放假调休，共8天。
 *   三、清明节：4月4日放假，与周末连休。
 * (src/calendar/notice.c lists the sentence forms); other lines are prose and
 * skipped. Refused with "source:line": a sentence of an item that is not one
 * of the forms, a day both 放假 and 上班, a date not in the calendar or
 * outside the notice's year (the 7 days either side of 1 January, which a
 * notice gives for 元旦, with the year written, excepted), a 上班 day on a
 * weekday, 共N天 not matching the dates. Bounded: 256 KiB, lines of 4096
 * bytes, 2000 lines, 400 days. *year_out (may be NULL) gets the year. */
int cal_notice_to_tsv(const char *text, size_t n, int year, const char *source, buf *out,
                      int *year_out, err *e);

/* Known years (from a notice): first and last (0 when none), and whether one
 * year is known. */
bool cal_year_known(const cal_t *c, int year);
/* A year counted on the provisional calendar (no notice known for it and
 * CAL_PROV_FIRST <= year <= CAL_PROV_LAST), or after CAL_MAX_YEAR (Monday to
 * Friday). */
bool cal_year_provisional(const cal_t *c, int year);
/* Whether any year from the year of `from` to that of `to` is provisional:
 * a deadline computed over those days is provisional. */
bool cal_range_provisional(const cal_t *c, gk_day from, gk_day to);
/* The legal basis of a year's provisional calendar, e.g.
 * "《全国年节及纪念日放假办法》（国务院令第795号）" (static); NULL outside
 * CAL_PROV_FIRST..CAL_PROV_LAST. */
const char *cal_provisional_basis(int year);
int cal_first_year(const cal_t *c);
int cal_last_year(const cal_t *c);
/* The known years as text for messages, e.g. "2004–2026" or "2004–2026, 2028"
 * ("none" when empty); provisional years are not listed. */
void cal_known_years(const cal_t *c, char *out, size_t n);

/* Is this day a working day? GK_ERANGE when its year is unknown. */
int cal_is_workday(const cal_t *c, gk_day d, bool *out, err *e);
/* Name of the holiday on d (e.g. "春节"), or NULL. */
const char *cal_holiday_name(const cal_t *c, gk_day d);

/* Where counting starts. By default (false) day counting starts on the
 * working day after `from` (the common practice: the receipt day itself does
 * not count). When set, `from` itself is day one if it is a working day. */
void cal_set_count_from_same_day(cal_t *c, bool on);
bool cal_count_from_same_day(const cal_t *c);

/* The date n working days after `from` (n >= 0; n == 0 gives `from`): the
 * n-th working day counted from the day after `from` (or from `from` itself
 * under cal_set_count_from_same_day). GK_EINVAL for n < 0; GK_ERANGE when the
 * count examines a day of a year with no data. */
int cal_add_workdays(const cal_t *c, gk_day from, int n, gk_day *out, err *e);
/* Working days after `from` up to and including `to` (0 when to <= from);
 * under cal_set_count_from_same_day, from `from` itself (0 when to < from).
 * GK_ERANGE when a day counted lies in a year with no data. For n >= 1,
 * count(from, add(from, n)) == n. */
int cal_count_workdays(const cal_t *c, gk_day from, gk_day to, int *out, err *e);

/* ---- the facts themselves (for show, export and the store) ---- */
enum cal_kind { CAL_HOLIDAY = 1, CAL_WORKDAY = 2 };
typedef struct cal_fact {
    gk_day day;
    enum cal_kind kind;
    const char *name;   /* festival, e.g. "春节"; "" when the source gave none; owned by the calendar */
    bool provisional;   /* a statutory holiday of a provisional year (not from a notice) */
} cal_fact;
/* Copies the facts of `year` (0: of every year) in date order into out (up
 * to max; out may be NULL) and returns how many there are. Facts are listed
 * for unknown years too (an early-January day a notice gave for its
 * neighbour). For a provisional `year` (not 0) the statutory holidays of the
 * provisional calendar are listed too, marked provisional. */
size_t cal_facts(const cal_t *c, int year, cal_fact *out, size_t max);

/* Every fact from notices and regional layers (never provisional ones) of
 * `year` (0: of every year) as TSV lines "date\tkind\tname\n",
 * the form cal_load_tsv reads: what the store keeps of imported notices, and
 * what `calendar export` prints. Loading the dump of a calendar into an empty
 * one gives the same working days for every known year. */
void cal_dump_tsv(const cal_t *c, int year, buf *out);

#endif
