/* web — the throttle rules as tables (issue 11): growing login delays per
 * account and address together, and the limits on online applications per
 * address, phone number and ID number. Pure functions of counts and times,
 * so they are tested as tables (tests/unit/test_web.c); auth.c asks the
 * store for the counts and applies them.
 *
 * Why these numbers (docs/operations.md, "Limits"): a citizen rarely sends
 * more than a few applications a day, and heavy requesters are already
 * charged from the 11th a month (国办函〔2020〕109号), so 10 per phone and
 * 10 per ID number a day refuses almost no one; the address limit is the
 * operator's setting (shared addresses: a service hall's network); the
 * surge brake refuses no one at all. */
#include <stdio.h>
#include <string.h>

#include "web/web_internal.h"

/* Delay before the next login attempt for one account from one address,
 * by failures beyond the free ones (web.login_fail_max) in the last 24
 * hours. Other addresses are not delayed: the owner can still log in. */
static const struct {
    int64_t beyond;   /* failures beyond the free ones, at least */
    int64_t delay_s;
} login_delays[] = {
    {1, 60}, {2, 120}, {3, 300}, {4, 900}, {6, 3600},
};

int64_t web_login_delay(int64_t fails, int64_t free_fails)
{
    int64_t beyond = fails - free_fails + 1, d = 0;
    for (size_t i = 0; i < sizeof login_delays / sizeof *login_delays; i++)
        if (beyond >= login_delays[i].beyond)
            d = login_delays[i].delay_s;
    return d;
}

int64_t web_login_wait(int64_t fails, int64_t last, int64_t now, int64_t free_fails)
{
    int64_t d = web_login_delay(fails, free_fails);
    return d && last + d > now ? last + d - now : 0;
}

/* The limits an online application passes, in the order they are checked;
 * the message says why and when, and offers the other channels (条例
 * art. 29: an application may be made in writing by letter or in person). */
const struct web_apply_limit web_apply_limits[WEB_APPLY_NLIMITS] = {
    {"apply", 3600, "同一网络地址在一小时内提交的申请已达上限"},
    {"apply_phone", 86400, "同一联系电话在一天内提交的申请已达上限"},
    {"apply_id", 86400, "同一证件号码在一天内提交的申请已达上限"},
};

void web_apply_refusal(int which, int64_t wait_s, char *out, size_t n)
{
    int64_t min = (wait_s + 59) / 60;
    if (min < 1)
        min = 1;
    char when[64];
    if (min < 120)
        snprintf(when, sizeof when, "%lld分钟", (long long)min);
    else
        snprintf(when, sizeof when, "%lld小时", (long long)((min + 59) / 60));
    snprintf(out, n, "%s，请在%s后再提交；也可以通过信函或当面等方式提交申请，不受此限。",
             which >= 0 && which < WEB_APPLY_NLIMITS ? web_apply_limits[which].why : "提交过于频繁", when);
}
