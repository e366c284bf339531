/*
 * disclosure — 依申请公开: the application lifecycle, the national outcome
 * taxonomy, information-processing fees, and reply letters (DESIGN.md part A).
 * Pure domain: decides, never does I/O; src/store/ persists what it decides.
 */
#ifndef GONGKAI_DISCLOSURE_H
#define GONGKAI_DISCLOSURE_H

#include "base/base.h"
#include "calendar/calendar.h"

/* ---- fees (2020 measures on information-processing fees) ----------------
 * 国办函〔2020〕109号; fee.c quotes what is followed. One method per
 * application: by count (the n-th application of one applicant in one
 * calendar month pays the rate of its band: 1–10 free, 11–30 100 yuan, then
 * +100 yuan for each further band of 10) or by volume (pages of one
 * application, progressively by the part in each band: 1–30 free, 31–100 at
 * 10 yuan/page, 101–200 at 20, above 200 at 40). Amounts are whole yuan.
 * `working` gets a Chinese explanation of the computation, e.g.
 * "按件计收：本月第12件申请，属11—30件档，每件100元，计100元". */
enum fee_method { FEE_BY_COUNT = 1, FEE_BY_PAGES = 2 };

typedef struct fee_result {
    enum fee_method method;
    int64_t amount_yuan;
    char working[512];
} fee_result;

/* Fee for the n-th application (n >= 1) of one applicant in one month. */
int fee_by_count(int nth_in_month, fee_result *out, err *e);
/* Fee for one application of `pages` pages (pages >= 0). */
int fee_by_pages(int pages, fee_result *out, err *e);

#endif
