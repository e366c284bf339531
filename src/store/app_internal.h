/* store — what the application register's files (app.c, app_intake.c,
 * app_list.c, and app_bulk.c: many at once) share: the columns of a row and
 * of a new row and how they are bound (private to src/store/). */
#ifndef GONGKAI_STORE_APP_INTERNAL_H
#define GONGKAI_STORE_APP_INTERNAL_H

#include "store/store_internal.h"

#define APP_COLS \
    "id, agency_id, app_no, tracking, channel, submitted, received, kind, name, id_number, phone, email, " \
    "address, request, delivery, state, clock_start, sup_notice, sup_by, sup_received, sup_what, " \
    "consult_kind, consult_party, consult_start, consult_due, consults, stopped_days, ext_days, ext_on, " \
    "ext_by, ext_reason, fee_method, fee_yuan, fee_notice, fee_pay_by, fee_settled, fee_waived, " \
    "fee_working, outcome, concluded, detail, refer_to, reply_due, due, due_kind, last_step, version, id_type, " \
    APP_COLS_DELIVERY
/* delivery (migration 022), read after the rest */
#define APP_COLS_DELIVERY "dl_how, delivered, dl_ref, dl_proof"

/* The enum app_delivery of a stored code, 0 for none or an unknown one. */
int store_app_delivery_from(const char *s);
/* Reads a row of APP_COLS into a (zeroed first), the personal fields opened
 * (seal_internal.h); an error names the application. */
int store_app_row(store_t *s, db_stmt *st, struct app *a, err *e);
/* Whether a was checked (app_register) before it is stored: false with e
 * filled when its codes are out of range. */
bool store_app_valid_codes(const struct app *a, err *e);
/* Numbers, inserts and audits one application inside the caller's
 * transaction; with form_token, keeps the token -> application mapping in
 * the same transaction (migration 008). */
int store_app_add_tx(store_t *s, struct app *a, const char *actor, const char *form_token, const char *now, err *e);
/* What comes before store_app_add_tx: a checked (store_app_valid_codes),
 * the time now, a new tracking code, the transaction begun. */
int store_app_add_begin(store_t *s, struct app *a, char now[32], err *e);
/* store_app_add_tx in a transaction of its own, with a new tracking code. */
int store_app_add_form(store_t *s, struct app *a, const char *actor, const char *form_token, err *e);
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

/* Binds a new row of STORE_APP_INSERT_COLS from 1: a's fields, its personal
 * ones as sealed in sv (store_seal_app), numbered year-seq (a->no is set). */
void store_app_bind_new(db_stmt *st, struct app *a, const struct store_sealed *sv, int year, int seq,
                        const char *now);
/* The next serial of the agency's applications received in year. */
int store_app_next_seq(store_t *s, int64_t agency_id, int year, int *seq, err *e);

#endif
