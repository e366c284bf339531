/*
 * disclosure — information-processing fees (信息处理费). See disclosure.h.
 *
 * What this follows: 《政府信息公开信息处理费管理办法》 (国办函〔2020〕109号,
 * issued by the State Council General Office on 2020-11-17), under Art. 42 of
 * the Regulation on Open Government Information.
 *   第三条: a fee is charged either by count (按件) or by volume (按量), never
 *     both for one application, and both are computed "超额累进", i.e.
 *     progressively: each band's rate applies to the part that falls in it.
 *   第四条 (by count, one applicant, one calendar month, all decision types):
 *     up to 10 applications (含10件) free; the part from the 11th to the 30th
 *     (含30件) 100 yuan per application; the part from the 31st on: every 10
 *     applications form a band, and each further band costs 100 yuan more per
 *     application (31–40 at 200, 41–50 at 300, ...).
 *     Read per application, as gongkai charges it when an application comes
 *     in: the n-th application of the month pays the rate of the band n falls
 *     in (the sum over a month is then exactly the progressive total).
 *   第五条 (by volume, for paper copies, e-mail, copied electronic data):
 *     up to 30 pages (含30页) free; the part from page 31 to 100 (含100页) at
 *     10 yuan/page; the part from 101 to 200 (含200页) at 20 yuan/page; the part
 *     above 200 at 40 yuan/page.
 * Whether to charge at all (only when volume or frequency clearly exceeds a
 * reasonable range), waivers for hardship and the payment period are decided
 * by the application lifecycle, not here.
 */
#include "disclosure/disclosure.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

/* A band covers [from, to] (to == 0: no upper end) at `yuan` per unit. An
 * open band with `step` > 0 is cut into sub-bands of `step` units, each
 * `step_yuan` dearer than the one before. */
typedef struct fee_band {
    int64_t from, to;
    int64_t yuan;
    int64_t step, step_yuan;
} fee_band;

/* 第四条: the n-th application of one applicant in one calendar month. */
static const fee_band count_bands[] = {
    {1, 10, 0, 0, 0},
    {11, 30, 100, 0, 0},
    {31, 0, 200, 10, 100},
};

/* 第五条: pages of one application. */
static const fee_band page_bands[] = {
    {1, 30, 0, 0, 0},
    {31, 100, 10, 0, 0},
    {101, 200, 20, 0, 0},
    {201, 0, 40, 0, 0},
};

#define NB(a) (sizeof(a) / sizeof((a)[0]))

int fee_by_count(int nth_in_month, fee_result *out, err *e)
{
    if (nth_in_month < 1)
        return err_set(e, GK_EINVAL, "fee", "the application's number in the month must be 1 or more (got %d)",
                       nth_in_month);
    int64_t n = nth_in_month;
    memset(out, 0, sizeof *out);
    out->method = FEE_BY_COUNT;
    for (size_t i = 0; i < NB(count_bands); i++) {
        const fee_band *b = &count_bands[i];
        if (n < b->from || (b->to && n > b->to))
            continue;
        int64_t lo = b->from, hi = b->to, rate = b->yuan;
        if (b->step) {
            int64_t k = (n - b->from) / b->step;
            lo = b->from + k * b->step;
            hi = lo + b->step - 1;
            rate = b->yuan + k * b->step_yuan;
        }
        out->amount_yuan = rate;
        if (rate == 0)
            snprintf(out->working, sizeof out->working,
                     "按件计收：本月第%" PRId64 "件申请，属%" PRId64 "件以内（含%" PRId64 "件）免费档，不收费",
                     n, hi, hi);
        else if (b->step)
            snprintf(out->working, sizeof out->working,
                     "按件计收：本月第%" PRId64 "件申请，属%" PRId64 "—%" PRId64 "件档（%" PRId64
                     "件以上每%" PRId64 "件为一档，每档每件提高%" PRId64 "元），每件%" PRId64 "元，计%" PRId64 "元",
                     n, lo, hi, b->from, b->step, b->step_yuan, rate, rate);
        else
            snprintf(out->working, sizeof out->working,
                     "按件计收：本月第%" PRId64 "件申请，属%" PRId64 "—%" PRId64 "件档，每件%" PRId64
                     "元，计%" PRId64 "元", n, lo, hi, rate, rate);
        return 0;
    }
    return err_set(e, GK_EINVAL, "fee", "no fee band for application %d", nth_in_month);   /* unreachable: bands cover 1.. */
}

int fee_by_pages(int pages, fee_result *out, err *e)
{
    if (pages < 0)
        return err_set(e, GK_EINVAL, "fee", "the number of pages must be 0 or more (got %d)", pages);
    memset(out, 0, sizeof *out);
    out->method = FEE_BY_PAGES;
    int64_t n = pages, total = 0;
    buf w;
    buf_init(&w);
    buf_printf(&w, "按量计收：共%" PRId64 "页", n);
    for (size_t i = 0; i < NB(page_bands); i++) {
        const fee_band *b = &page_bands[i];
        if (n < b->from)
            break;
        int64_t hi = b->to && b->to < n ? b->to : n;
        int64_t part = hi - b->from + 1;
        if (b->yuan == 0) {
            buf_printf(&w, "，%" PRId64 "页以内（含%" PRId64 "页）不收费", b->to, b->to);
            continue;
        }
        int64_t amount = part * b->yuan;
        total += amount;
        buf_printf(&w, "；第%" PRId64 "—%" PRId64 "页%" PRId64 "页×%" PRId64 "元=%" PRId64 "元",
                   b->from, hi, part, b->yuan, amount);
    }
    if (n == 0)
        buf_puts(&w, "，不收费");
    else if (total > 0)
        buf_printf(&w, "；合计%" PRId64 "元", total);
    out->amount_yuan = total;
    snprintf(out->working, sizeof out->working, "%s", w.data);
    buf_free(&w);
    return 0;
}
