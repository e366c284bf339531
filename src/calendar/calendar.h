/*
 * calendar — working days on the Chinese calendar and deadline arithmetic
 * (DESIGN.md part A). A working day is Monday–Friday unless it is a statutory
 * holiday, plus the weekend days that the State Council's annual notice makes
 * working days (调休). The facts come from the data file gongkai ships
 * (data/cn-calendar.tsv, compiled into the program) and from notices imported
 * later. A date in a year with no data is an error (GK_ERANGE), never a guess.
 * Pure: no I/O; callers hand in the text of files.
 */
#ifndef GONGKAI_CALENDAR_H
#define GONGKAI_CALENDAR_H

#include "base/base.h"

typedef struct cal_t cal_t;   /* opaque: known years, holidays, make-up working days */

/* An empty calendar (no year known). */
cal_t *cal_new(void);
/* A new calendar holding the compiled-in data of data/cn-calendar.tsv. */
cal_t *cal_builtin(void);
void cal_free(cal_t *c);

/* Adds facts from the text of a .tsv (date<TAB>holiday|workday[<TAB>name]
 * lines, '#' comments) or an .ics (VEVENTs; see calendar.c for what is read).
 * A year that receives any line becomes known. All or nothing: on error the
 * calendar is unchanged and e names the line. */
int cal_load_tsv(cal_t *c, const char *text, size_t n, const char *source, err *e);
int cal_load_ics(cal_t *c, const char *text, size_t n, const char *source, err *e);

/* Known years: first and last, and whether one year is known. */
bool cal_year_known(const cal_t *c, int year);
int cal_first_year(const cal_t *c);
int cal_last_year(const cal_t *c);

/* Is this day a working day? GK_ERANGE when its year is unknown. */
int cal_is_workday(const cal_t *c, gk_day d, bool *out, err *e);
/* Name of the holiday on d (e.g. "春节"), or NULL. */
const char *cal_holiday_name(const cal_t *c, gk_day d);

/* The date n working days after `from` (n >= 0; day counting starts on the
 * working day after `from`; n == 0 gives `from`). GK_ERANGE when the count
 * runs into a year with no data. */
int cal_add_workdays(const cal_t *c, gk_day from, int n, gk_day *out, err *e);
/* Working days after `from` up to and including `to` (0 when to <= from). */
int cal_count_workdays(const cal_t *c, gk_day from, gk_day to, int *out, err *e);

/* Every fact as TSV lines (for storing imported years and for `calendar export`). */
void cal_dump_tsv(const cal_t *c, int year, buf *out);

#endif
