/* store — what app.c (applications one by one) and app_bulk.c (many at
 * once) share: the columns of a new row and how they are bound. Private to
 * those two files. */
#ifndef GONGKAI_STORE_APP_INTERNAL_H
#define GONGKAI_STORE_APP_INTERNAL_H

#include "store/store_internal.h"

/* The columns a step may change, in this order (31 values). */
#define APP_MUTABLE \
    "state, clock_start, sup_notice, sup_by, sup_received, sup_what, consult_kind, consult_party, " \
    "consult_start, consult_due, consults, stopped_days, ext_days, ext_on, ext_by, ext_reason, fee_method, " \
    "fee_yuan, fee_notice, fee_pay_by, fee_settled, fee_waived, fee_working, outcome, concluded, detail, " \
    "refer_to, reply_due, due, due_kind, last_step"
/* The columns of a new application, in the order store_app_bind_new binds
 * them (22 + the 31 of APP_MUTABLE). */
#define STORE_APP_INSERT_COLS \
    "agency_id, year, seq, app_no, tracking, channel, submitted, received, kind, name, id_number, phone, " \
    "phone_hash, email, address, request, delivery, created_at, updated_at, seal_key, who_hash, id_type, " \
    APP_MUTABLE

/* False (e filled) unless a went through app_register: its codes in range. */
bool store_app_valid_codes(const struct app *a, err *e);
/* Binds a new row of STORE_APP_INSERT_COLS from 1: a's fields, its personal
 * ones as sealed in sv (store_seal_app), numbered year-seq (a->no is set). */
void store_app_bind_new(db_stmt *st, struct app *a, const struct store_sealed *sv, int year, int seq,
                        const char *now);
/* The next serial of the agency's applications received in year. */
int store_app_next_seq(store_t *s, int64_t agency_id, int year, int *seq, err *e);

#endif
