/*
 * calendar — the provisional calendar of a year whose State Council notice
 * is not known yet: weekends plus the statutory holidays of
 * 《全国年节及纪念日放假办法》 in the version in force that year, with no
 * 调休 and no 补休 (only the notice decides those). See calendar_internal.h.
 *
 * Lunar dates (春节, 除夕, 端午, 中秋) come from Debian's liblunar-date
 * (lunar-date-3.0, table of 1900–2100); GLib stays inside this file. After
 * 2100, up to CAL_PROV_LAST, they come from data/lunar-festivals.tsv, a table
 * computed by ICU's astronomical Chinese calendar (tools/lunar_table.c; the
 * unit test lunar_table regenerates it and compares): ICU and liblunar-date
 * agree on 596 of the 600 festival days of 1901–2100, the other four being
 * new moons within minutes of Beijing midnight, so a year after 2100 may have
 * a festival one day off — one more reason its deadlines say 暂定. The day
 * of the 清明 solar term is computed here: the instant the Sun's apparent
 * ecliptic longitude reaches 15°, by the low-precision solar theory of
 * J. Meeus, Astronomical Algorithms (2nd ed.), ch. 25 (about 0.01°, i.e.
 * some 15 minutes), with ΔT from the polynomial expressions of Espenak and
 * Meeus (NASA Five Millennium Canon), taken in Beijing time (UTC+8).
 * tests/unit/test_calendar.c checks every year 2008–2026 against the
 * official calendar (data/cn-calendar.tsv) and 2027–2100 against the solar
 * terms of liblunar-date.
 */
#include "calendar/calendar_internal.h"

#include <lunar-date/lunar-date.h>
#include <math.h>
#include <stdio.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

/* ---- the rules: one row per holiday and version of the Measures -------- */

enum prov_how { P_SOLAR = 1, P_LUNAR, P_EVE, P_QINGMING };

static const struct prov_rule {
    int from, to;          /* years the version was in force */
    const char *name;      /* festival, as the notice names it */
    int how;               /* enum prov_how */
    int month, day, days;  /* P_SOLAR / P_LUNAR: first day and how many */
} prov_rules[] = {
    /* 国务院令第513号 (2007-12-14, in force 2008-01-01), Art. 2 */
    {2008, 2013, "元旦", P_SOLAR, 1, 1, 1},
    {2008, 2013, "春节", P_EVE, 0, 0, 1},           /* 除夕 */
    {2008, 2013, "春节", P_LUNAR, 1, 1, 2},         /* 正月初一、初二 */
    {2008, 2013, "清明", P_QINGMING, 0, 0, 1},
    {2008, 2013, "劳动节", P_SOLAR, 5, 1, 1},
    {2008, 2013, "端午", P_LUNAR, 5, 5, 1},
    {2008, 2013, "中秋", P_LUNAR, 8, 15, 1},
    {2008, 2013, "国庆节", P_SOLAR, 10, 1, 3},
    /* 国务院令第644号 (2013-12-11, in force 2014-01-01), Art. 2: 春节 is
     * 正月初一至初三, 除夕 no longer */
    {2014, 2024, "元旦", P_SOLAR, 1, 1, 1},
    {2014, 2024, "春节", P_LUNAR, 1, 1, 3},
    {2014, 2024, "清明", P_QINGMING, 0, 0, 1},
    {2014, 2024, "劳动节", P_SOLAR, 5, 1, 1},
    {2014, 2024, "端午", P_LUNAR, 5, 5, 1},
    {2014, 2024, "中秋", P_LUNAR, 8, 15, 1},
    {2014, 2024, "国庆节", P_SOLAR, 10, 1, 3},
    /* 国务院令第795号 (2024-11-10, in force 2025-01-01), Art. 2: 除夕 again,
     * 劳动节 two days */
    {2025, CAL_PROV_LAST, "元旦", P_SOLAR, 1, 1, 1},
    {2025, CAL_PROV_LAST, "春节", P_EVE, 0, 0, 1},
    {2025, CAL_PROV_LAST, "春节", P_LUNAR, 1, 1, 3},
    {2025, CAL_PROV_LAST, "清明", P_QINGMING, 0, 0, 1},
    {2025, CAL_PROV_LAST, "劳动节", P_SOLAR, 5, 1, 2},
    {2025, CAL_PROV_LAST, "端午", P_LUNAR, 5, 5, 1},
    {2025, CAL_PROV_LAST, "中秋", P_LUNAR, 8, 15, 1},
    {2025, CAL_PROV_LAST, "国庆节", P_SOLAR, 10, 1, 3},
};

static const struct {
    int from, to;
    const char *basis;
} prov_basis[] = {
    {2008, 2013, "《全国年节及纪念日放假办法》（国务院令第513号）"},
    {2014, 2024, "《全国年节及纪念日放假办法》（国务院令第644号）"},
    {2025, CAL_PROV_LAST, "《全国年节及纪念日放假办法》（国务院令第795号）"},
};

const char *cal_provisional_basis(int year)
{
    for (size_t i = 0; i < sizeof prov_basis / sizeof prov_basis[0]; i++)
        if (year >= prov_basis[i].from && year <= prov_basis[i].to)
            return prov_basis[i].basis;
    return NULL;
}

/* ---- lunar dates (liblunar-date) ---------------------------------------- */

/* One LunarDate for the process, kept to the end: liblunar-date 3.0.1 does
 * not release what lunar_date_new allocates (about 1.7 KB each), so a new
 * object per conversion would leak. Guarded by a mutex: the object is not
 * thread-safe. */
static pthread_mutex_t lunar_mu = PTHREAD_MUTEX_INITIALIZER;
static LunarDate *lunar_obj;

/* data/lunar-festivals.tsv, embedded with the calendar's data. */
struct embedded_file {
    const char *name;
    const unsigned char *data;
    size_t len;
};
extern const struct embedded_file cal_data[];

#define TABLE_FIRST 2101
#define TABLE_YEARS (CAL_PROV_LAST - TABLE_FIRST + 1)
static const int table_days[3][2] = {{1, 1}, {5, 5}, {8, 15}};   /* the columns */
static gk_day table[TABLE_YEARS][3];
static pthread_once_t table_once = PTHREAD_ONCE_INIT;

/* Reads the embedded table; a missing or malformed row aborts: the file is
 * part of the program and checked by the unit test lunar_table. */
static void table_load(void)
{
    const struct embedded_file *f = cal_data;
    while (f->name && strcmp(f->name, "lunar-festivals.tsv") != 0)
        f++;
    if (!f->name)
        abort();
    const char *p = (const char *)f->data, *end = p + f->len;
    int rows = 0;
    while (p < end) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        if (!nl)
            nl = end;
        int y, m[3], d[3], yy[3];
        if (*p != '#' &&
            sscanf(p, "%d\t%d-%d-%d\t%d-%d-%d\t%d-%d-%d", &y, &yy[0], &m[0], &d[0], &yy[1], &m[1],
                   &d[1], &yy[2], &m[2], &d[2]) == 10 &&
            y >= TABLE_FIRST && y <= CAL_PROV_LAST) {
            for (int k = 0; k < 3; k++)
                table[y - TABLE_FIRST][k] = date_from_ymd(yy[k], m[k], d[k]);
            rows++;
        }
        p = nl + 1;
    }
    if (rows != TABLE_YEARS)
        abort();
}

/* A festival day after 2100 from the table; -1 for another lunar day. */
static int table_lunar(int ly, int lm, int ld, gk_day *out)
{
    pthread_once(&table_once, table_load);
    for (int k = 0; k < 3; k++)
        if (table_days[k][0] == lm && table_days[k][1] == ld && ly >= TABLE_FIRST &&
            ly <= CAL_PROV_LAST) {
            *out = table[ly - TABLE_FIRST][k];
            return 0;
        }
    return -1;
}

/* The Gregorian date of day `ld` of (non-leap) month `lm` of lunar year `ly`. */
int prov_lunar_to_solar(int ly, int lm, int ld, gk_day *out)
{
    if (ly >= TABLE_FIRST)
        return table_lunar(ly, lm, ld, out);
    pthread_mutex_lock(&lunar_mu);
    if (!lunar_obj)
        lunar_obj = lunar_date_new();
    LunarDate *d = lunar_obj;
    GError *ge = NULL;
    lunar_date_set_lunar_date(d, (GDateYear)ly, (GDateMonth)lm, (GDateDay)ld, 0, FALSE, &ge);
    int rc = -1;
    if (!ge) {
        gchar *s = lunar_date_strftime(d, "%(year) %(month) %(day)");
        int y, m, dd;
        if (s && sscanf(s, "%d %d %d", &y, &m, &dd) == 3) {
            *out = date_from_ymd(y, m, dd);
            rc = 0;
        }
        g_free(s);
    } else {
        g_error_free(ge);
    }
    pthread_mutex_unlock(&lunar_mu);
    return rc;
}

/* ---- the 清明 solar term ---------------------------------------------------- */

/* ΔT = TT − UT in seconds (Espenak & Meeus: 2005–2050, 2050–2150, and the
 * long-term parabola after 2150). */
static double delta_t(double y)
{
    if (y < 2050) {
        double t = y - 2000;
        return 62.92 + 0.32217 * t + 0.005589 * t * t;
    }
    double u = (y - 1820) / 100;
    if (y > 2150)
        return -20 + 32 * u * u;
    return -20 + 32 * u * u - 0.5628 * (2150 - y);
}

/* The Sun's apparent longitude in degrees at Julian Ephemeris Day jde. */
static double sun_longitude(double jde)
{
    const double rad = M_PI / 180;
    double t = (jde - 2451545.0) / 36525;
    double l0 = 280.46646 + 36000.76983 * t + 0.0003032 * t * t;
    double m = (357.52911 + 35999.05029 * t - 0.0001537 * t * t) * rad;
    double c = (1.914602 - 0.004817 * t - 0.000014 * t * t) * sin(m) +
               (0.019993 - 0.000101 * t) * sin(2 * m) + 0.000289 * sin(3 * m);
    double omega = (125.04 - 1934.136 * t) * rad;
    double lambda = l0 + c - 0.00569 - 0.00478 * sin(omega);
    return fmod(fmod(lambda, 360) + 360, 360);
}

gk_day prov_qingming(int year)
{
    /* JD (UT) of 0h on 1 April; the term falls on 4–6 April */
    gk_day apr1 = date_from_ymd(year, 4, 1);
    double jd0 = 2451544.5 + (double)(apr1 - date_from_ymd(2000, 1, 1));
    double dt = delta_t(year + 0.25) / 86400;
    double lo = jd0, hi = jd0 + 8;   /* longitude rises ~0.986°/day through 15° */
    for (int i = 0; i < 60; i++) {
        double mid = (lo + hi) / 2;
        if (sun_longitude(mid + dt) < 15)
            lo = mid;
        else
            hi = mid;
    }
    /* Beijing civil day: UT + 8 h */
    double local = lo + 8.0 / 24 - jd0;
    return apr1 + (gk_day)floor(local);
}

/* ---- the provisional facts of 2008–CAL_PROV_LAST, computed once --------- */

static prov_fact *all_facts;
static size_t n_all;
static pthread_once_t all_once = PTHREAD_ONCE_INIT;

static int cmp_fact(const void *a, const void *b)
{
    const prov_fact *x = a, *y = b;
    return (x->day > y->day) - (x->day < y->day);
}

static void add(prov_fact **v, size_t *n, size_t *cap, gk_day d, const char *name)
{
    for (size_t i = *n; i-- > 0 && (*v)[i].day >= d - 400;)
        if ((*v)[i].day == d)
            return;   /* 中秋 on 1–3 October: one holiday, named once */
    if (*n == *cap) {
        *cap = *cap ? *cap * 2 : 1024;
        *v = xrealloc(*v, sizeof **v * *cap);
    }
    (*v)[(*n)++] = (prov_fact){d, name};
}

static void compute_all(void)
{
    prov_fact *v = NULL;
    size_t n = 0, cap = 0;
    for (int y = CAL_PROV_FIRST; y <= CAL_PROV_LAST; y++) {
        for (size_t r = 0; r < sizeof prov_rules / sizeof prov_rules[0]; r++) {
            const struct prov_rule *pr = &prov_rules[r];
            if (y < pr->from || y > pr->to)
                continue;
            gk_day d = 0;
            switch (pr->how) {
            case P_SOLAR:
                d = date_from_ymd(y, pr->month, pr->day);
                break;
            case P_LUNAR:
                if (prov_lunar_to_solar(y, pr->month, pr->day, &d) != 0)
                    abort();   /* liblunar-date to 2100, the table after */
                break;
            case P_EVE:
                if (prov_lunar_to_solar(y, 1, 1, &d) != 0)
                    abort();
                d -= 1;
                break;
            case P_QINGMING:
                d = prov_qingming(y);
                break;
            }
            for (int k = 0; k < (pr->days ? pr->days : 1); k++)
                add(&v, &n, &cap, d + k, pr->name);
        }
    }
    qsort(v, n, sizeof *v, cmp_fact);
    all_facts = v;
    n_all = n;
}

const prov_fact *prov_facts(size_t *n)
{
    pthread_once(&all_once, compute_all);
    *n = n_all;
    return all_facts;
}
