/* base — civil dates as day numbers. See base.h. */
#define _POSIX_C_SOURCE 200809L
#include "base.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* Days from civil, after Howard Hinnant's public-domain algorithm description. */
gk_day date_from_ymd(int y, int m, int d)
{
    y -= m <= 2;
    int era = (y >= 0 ? y : y - 399) / 400;
    unsigned yoe = (unsigned)(y - era * 400);
    unsigned doy = (unsigned)((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1);
    unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + (int)doe - 719468;
}

void date_to_ymd(gk_day z, int *y, int *m, int *d)
{
    z += 719468;
    int era = (z >= 0 ? z : z - 146096) / 146097;
    unsigned doe = (unsigned)(z - era * 146097);
    unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int yy = (int)yoe + era * 400;
    unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    unsigned mp = (5 * doy + 2) / 153;
    unsigned dd = doy - (153 * mp + 2) / 5 + 1;
    unsigned mm = mp < 10 ? mp + 3 : mp - 9;
    *y = yy + (mm <= 2);
    *m = (int)mm;
    *d = (int)dd;
}

int date_weekday(gk_day day)
{
    /* 1970-01-01 was a Thursday (4). */
    int w = (int)((day % 7 + 7) % 7);
    return (w + 3) % 7 + 1;
}

static int days_in_month(int y, int m)
{
    static const int dm[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
        return 29;
    return dm[m - 1];
}

/* Reads 1..4 ASCII digits; returns count read. */
static int digits(const char *s, int max, int *out)
{
    int n = 0, v = 0;
    while (n < max && s[n] >= '0' && s[n] <= '9')
        v = v * 10 + (s[n++] - '0');
    *out = v;
    return n;
}

int date_parse(const char *s, gk_day *out, err *e)
{
    int y, m, d, n;
    const char *p = s;
    if ((n = digits(p, 4, &y)) != 4)
        goto bad;
    p += n;
    const char *seps[][2] = {{"-", "-"}, {"/", "/"}, {".", "."}, {"年", "月"}};
    const char *close = NULL;
    size_t k;
    for (k = 0; k < sizeof seps / sizeof seps[0]; k++) {
        size_t l = strlen(seps[k][0]);
        if (strncmp(p, seps[k][0], l) == 0) {
            p += l;
            break;
        }
    }
    if (k == sizeof seps / sizeof seps[0])
        goto bad;
    if ((n = digits(p, 2, &m)) < 1)
        goto bad;
    p += n;
    size_t l2 = strlen(seps[k][1]);
    if (strncmp(p, seps[k][1], l2) != 0)
        goto bad;
    p += l2;
    if ((n = digits(p, 2, &d)) < 1)
        goto bad;
    p += n;
    close = k == 3 ? "日" : "";
    if (strncmp(p, close, strlen(close)) != 0)
        goto bad;
    p += strlen(close);
    if (*p)
        goto bad;
    if (y < 1 || m < 1 || m > 12 || d < 1 || d > days_in_month(y, m))
        return err_set(e, GK_EINVAL, "", "'%s' is not a date in the calendar", s);
    *out = date_from_ymd(y, m, d);
    return 0;
bad:
    return err_set(e, GK_EINVAL, "", "'%s' is not a date: expected YYYY-MM-DD", s);
}

void date_format(gk_day day, char out[11])
{
    int y, m, d;
    date_to_ymd(day, &y, &m, &d);
    snprintf(out, 11, "%04d-%02d-%02d", y % 10000, m, d);
}

gk_day date_today(void)
{
    const char *fake = getenv("GONGKAI_TODAY");
    /* GONGKAI_TODAY_FILE: the date read from a file at each use, so that a
     * test can move a running server past midnight */
    const char *file = getenv("GONGKAI_TODAY_FILE");
    char line[32];
    if (file && *file) {
        FILE *f = fopen(file, "r");
        if (f) {
            if (fgets(line, sizeof line, f)) {
                line[strcspn(line, "\r\n")] = 0;
                fake = line;
            }
            fclose(f);
        }
    }
    gk_day day;
    if (fake && *fake && date_parse(fake, &day, NULL) == 0)
        return day;
    time_t t = time(NULL);
    struct tm tm;
    localtime_r(&t, &tm);
    return date_from_ymd(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
}
