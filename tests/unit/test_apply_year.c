/* Two generated years of the register, through the real domain and store
 * functions: every working day of 2023 some 24 applications come in, and of
 * 2024 some 82 (over 20,000 in the year); each one goes through a random
 * lifecycle (supplementation, consultations, extension, fees, an answer with
 * a random outcome, a withdrawal, lapses), with review and litigation cases
 * on some answers.
 * Then the annual reports of both years are computed from the register and
 *   - checked against the consistency rules R1–R5 and X1 (docs/domain.md §5),
 *   - compared cell by cell with independent plain-SQL counts made here
 *     directly on the SQLite file (the outcome-to-row mapping is written out
 *     below, separately from the taxonomy in src/disclosure/).
 * Along the way about one step in eight is first tried as an ILLEGAL one,
 * drawn from illegal_steps[] (written out here from the Regulation, not
 * from the transition table in src/disclosure/lifecycle.c): each must be
 * refused with a message, leave the application as it was in memory and in
 * the store, and every row of the table must have been tried. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"

/* applications per working day: the first year warms the register up (its
 * carry-over feeds the second), the second is the full year under test */
#define PER_DAY_FIRST 24
#define PER_DAY 82

static cal_t *cal;
static store_t *st;
static int64_t agency;
static uint64_t rng = 0x9E3779B97F4A7C15u;

static uint32_t rnd(uint32_t n)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return (uint32_t)(rng % n);
}

static gk_day D(const char *s)
{
    gk_day d = 0;
    assert_int_equal(date_parse(s, &d, NULL), 0);
    return d;
}

/* An open application and the day of its next step. */
struct live {
    struct app a;
    gk_day next;
};
static struct live *live;
static size_t nlive, caplive;
static int64_t registered_in[2];
static int concluded_count, steps_count, refused_count;

static const char *const answerable[] = {
    "granted", "granted", "granted", "granted", "partly_granted", "partly_granted",
    "withheld.state_secret", "withheld.prohibited_by_law", "withheld.security_stability",
    "withheld.third_party_rights", "withheld.internal_affairs", "withheld.process_info",
    "withheld.enforcement_files", "withheld.admin_query", "unavailable.not_held", "unavailable.not_held",
    "unavailable.needs_creation", "unavailable.unclear_after_supplement", "not_processed.petition_complaint",
    "not_processed.repeated", "not_processed.publication", "not_processed.excessive", "not_processed.reconfirm",
    "other.other",
};

static void register_one(gk_day today)
{
    struct live *l;
    if (nlive == caplive) {
        caplive = caplive ? caplive * 2 : 4096;
        live = xrealloc(live, caplive * sizeof *live);
    }
    l = &live[nlive];
    struct app *a = &l->a;
    memset(a, 0, sizeof *a);
    a->agency_id = agency;
    a->channel = 1 + (int)rnd(APP_NCHANNELS);
    a->received = today;
    /* mostly natural persons, like real registers */
    static const int kinds[] = {COL_NATURAL, COL_NATURAL, COL_NATURAL, COL_NATURAL, COL_NATURAL, COL_NATURAL,
                                COL_COMMERCIAL, COL_RESEARCH, COL_PUBLIC_INTEREST, COL_LEGAL_SERVICES, COL_OTHER};
    a->kind = kinds[rnd(sizeof kinds / sizeof kinds[0])];
    snprintf(a->name, sizeof a->name, "申请人%u", rnd(5000));
    snprintf(a->phone, sizeof a->phone, "139%08u", rnd(100000000));
    snprintf(a->request, sizeof a->request, "申请公开第%u号文件", rnd(100000));
    a->delivery = 1 + (int)rnd(APP_NDELIVERY);
    snprintf(a->address, sizeof a->address, "某市某路%u号", rnd(999));
    snprintf(a->email, sizeof a->email, "a%u@example.com", rnd(99999));
    struct app_rules r;
    app_rules_default(&r, today);
    err e = {0};
    if (app_register(&r, cal, a, &e) || store_app_add(st, a, "generator", &e))
        fail_msg("register on day %d: %s: %s", today, e.where, e.msg);
    int y, m, d;
    date_to_ymd(today, &y, &m, &d);
    registered_in[y - 2023]++;
    l->next = today + 1 + (gk_day)rnd(6);
    nlive++;
}

static void maybe_case(const struct app *a, gk_day today)
{
    if (rnd(100) >= 3)
        return;
    struct app_case c = {.agency_id = agency, .app_id = a->id, .filed = today};
    c.kind = rnd(3) ? APP_CASE_REVIEW : APP_CASE_LIT_DIRECT;
    err e = {0};
    if (app_case_check_new(&c, a, NULL, today, &e) || store_case_add(st, &c, "generator", &e))
        fail_msg("case: %s: %s", e.where, e.msg);
}

/* Closes some pending cases, and files suits after closed reviews. */
struct case_pass { gk_day today; int64_t ids[4096]; int n; };
static int collect_case(const struct app_case *c, void *arg)
{
    struct case_pass *p = arg;
    if (p->n < 4096 && (!c->closed || (c->kind == APP_CASE_REVIEW && c->closed >= p->today - 7)))
        p->ids[p->n++] = c->id;
    return 0;
}

static void case_day(gk_day today)
{
    struct case_pass *p = xcalloc(1, sizeof *p);
    p->today = today;
    err e = {0};
    int y, m, d;
    date_to_ymd(today, &y, &m, &d);
    for (int yy = y - 1; yy <= y; yy++)
        if (store_case_list(st, agency, yy, collect_case, p, &e))
            fail_msg("case list: %s", e.msg);
    for (int i = 0; i < p->n; i++) {
        struct app_case c, after;
        assert_int_equal(store_case_get(st, agency, p->ids[i], &c, &e), 0);
        if (c.closed) {
            /* a suit after the review, now and then */
            if (rnd(4) == 0) {
                struct app a;
                char no[24];
                snprintf(no, sizeof no, "%lld", (long long)c.app_id);
                assert_int_equal(store_app_get(st, agency, no, &a, &e), 0);
                struct app_case suit = {.agency_id = agency, .app_id = c.app_id, .prior_id = c.id,
                                        .kind = APP_CASE_LIT_AFTER_REVIEW, .filed = today};
                if (app_case_check_new(&suit, &a, &c, today, &e) || store_case_add(st, &suit, "generator", &e))
                    fail_msg("suit: %s: %s", e.where, e.msg);
            }
            continue;
        }
        if (rnd(40) != 0)
            continue;
        after = c;
        if (app_case_close(&after, 1 + (int)rnd(3), today, today, &e) ||
            store_case_save(st, &c, &after, "generator", &e))
            fail_msg("close case: %s: %s", e.where, e.msg);
    }
    free(p);
}

/* ---- illegal steps ---------------------------------------------------------
 * What the Regulation does not allow, by state (a bit per state in which the
 * row applies) and kind; the event is made wrong in the way the row says. */
#define ST(s) (1u << (s))
#define ALL_OPEN (ST(APP_S_PROCESSING) | ST(APP_S_AWAITING_SUPPLEMENT) | ST(APP_S_CONSULTING) | ST(APP_S_AWAITING_FEE))
#define CONCLUDED (ST(APP_S_ANSWERED) | ST(APP_S_LAPSED) | ST(APP_S_WITHDRAWN))
enum bad { B_STATE, B_FUTURE, B_BEFORE_LAST, B_EXT_TOO_LONG, B_EXT_ZERO, B_EXT_TWICE, B_FEE_TWICE, B_SUP_LATE,
           B_LAPSE_EARLY, B_NO_APPROVER };
static const struct illegal {
    const char *why;
    unsigned states;
    int kind;
    enum bad how;
    int tried;
} illegal_init[] = {
    {"supplement received without a notice (Art. 30)", ST(APP_S_PROCESSING) | ST(APP_S_CONSULTING) | ST(APP_S_AWAITING_FEE),
     APP_EV_SUPPLEMENT_RECEIVED, B_STATE, 0},
    {"lapse without a supplementation notice", ST(APP_S_PROCESSING) | ST(APP_S_AWAITING_FEE), APP_EV_SUPPLEMENT_LAPSED,
     B_STATE, 0},
    {"a consultation ended that was never started", ST(APP_S_PROCESSING) | ST(APP_S_AWAITING_SUPPLEMENT), APP_EV_CONSULT_END,
     B_STATE, 0},
    {"fee paid without a fee notice", ST(APP_S_PROCESSING) | ST(APP_S_CONSULTING), APP_EV_FEE_PAID, B_STATE, 0},
    {"fee waived without a fee notice", ST(APP_S_PROCESSING) | ST(APP_S_AWAITING_SUPPLEMENT), APP_EV_FEE_WAIVED, B_STATE, 0},
    {"answer while a supplement, a consultation or a payment is awaited (Art. 30, 32, 33)",
     ST(APP_S_AWAITING_SUPPLEMENT) | ST(APP_S_CONSULTING) | ST(APP_S_AWAITING_FEE), APP_EV_ANSWER, B_STATE, 0},
    {"extension while the clock stands still", ST(APP_S_AWAITING_SUPPLEMENT) | ST(APP_S_AWAITING_FEE), APP_EV_EXTEND,
     B_STATE, 0},
    {"consultation while awaiting a supplement or a payment", ST(APP_S_AWAITING_SUPPLEMENT) | ST(APP_S_AWAITING_FEE),
     APP_EV_CONSULT_START, B_STATE, 0},
    {"a second fee notice while one awaits payment", ST(APP_S_AWAITING_FEE), APP_EV_FEE_NOTICE, B_STATE, 0},
    {"any step on a concluded application", CONCLUDED, APP_EV_ANSWER, B_STATE, 0},
    {"withdrawal of a concluded application", CONCLUDED, APP_EV_WITHDRAW, B_STATE, 0},
    {"a step dated after today", ALL_OPEN, APP_EV_WITHDRAW, B_FUTURE, 0},
    {"a step dated before the last one", ST(APP_S_PROCESSING), APP_EV_WITHDRAW, B_BEFORE_LAST, 0},
    {"an extension of more than 20 working days (Art. 33)", ST(APP_S_PROCESSING), APP_EV_EXTEND, B_EXT_TOO_LONG, 0},
    {"an extension of 0 days", ST(APP_S_PROCESSING), APP_EV_EXTEND, B_EXT_ZERO, 0},
    {"an extension without the head's approval (Art. 33)", ST(APP_S_PROCESSING), APP_EV_EXTEND, B_NO_APPROVER, 0},
    {"a second extension (Art. 33: once)", ST(APP_S_PROCESSING), APP_EV_EXTEND, B_EXT_TWICE, 0},
    {"a second fee notice (one per application)", ST(APP_S_PROCESSING), APP_EV_FEE_NOTICE, B_FEE_TWICE, 0},
    {"a supplementation notice after the application was worked on", ST(APP_S_PROCESSING), APP_EV_SUPPLEMENT_REQUEST,
     B_SUP_LATE, 0},
    {"a lapse before the supplement period ends", ST(APP_S_AWAITING_SUPPLEMENT), APP_EV_SUPPLEMENT_LAPSED, B_LAPSE_EARLY,
     0},
};
#define NILLEGAL (sizeof illegal_init / sizeof illegal_init[0])
static struct illegal illegal_steps[NILLEGAL];
static int illegal_count;

/* Builds the illegal event of row k for a, or returns false when a does not
 * fit the row (the rule needs a history a has not got). */
static bool illegal_event(const struct illegal *row, const struct app *a, gk_day today, struct app_event *ev)
{
    *ev = (struct app_event){.kind = row->kind, .date = today, .note = "撤回", .what = "补正", .by = today + 10,
                             .consult_kind = 1, .party = "某某有限公司", .days = 10, .approver = "公开办主任",
                             .reason = "档案较多", .fee_method = FEE_BY_PAGES, .pages = 50, .outcome = "granted",
                             .detail = "提供"};
    switch (row->how) {
    case B_STATE: return true;
    case B_FUTURE: ev->date = today + 1; return true;
    case B_BEFORE_LAST: ev->date = a->last_step - 1; return a->last_step > a->received;
    case B_EXT_TOO_LONG: ev->days = APP_MAX_EXTENSION + 1 + (int)rnd(10); return !a->ext_days;
    case B_EXT_ZERO: ev->days = 0; return !a->ext_days;
    case B_NO_APPROVER: ev->approver = ""; return !a->ext_days;
    case B_EXT_TWICE: return a->ext_days > 0;
    case B_FEE_TWICE: return a->fee_method != 0;
    case B_SUP_LATE: return a->consults || a->ext_days || a->fee_method;
    case B_LAPSE_EARLY: ev->date = today; return today <= a->sup_by;
    }
    return false;
}

/* Tries one illegal step on a (in the state it is in): refused, with a
 * message, and nothing changed in memory or in the store. */
static void try_illegal(const struct app *a, gk_day today)
{
    size_t k = rnd(NILLEGAL);
    for (size_t n = 0; n < NILLEGAL; n++, k = (k + 1) % NILLEGAL) {
        struct illegal *row = &illegal_steps[k];
        struct app_event ev;
        if (!(row->states & ST(a->state)) || !illegal_event(row, a, today, &ev))
            continue;
        struct app after = *a;
        struct app_rules r;
        app_rules_default(&r, today);
        err e = {0};
        int rc = app_step(&r, cal, &after, &ev, &e);
        if (rc == 0)
            fail_msg("%s (%s, %s) was accepted", row->why, a->no, app_states[a->state].code);
        if ((rc != GK_ESTATE && rc != GK_EINVAL) || !e.msg[0])
            fail_msg("%s (%s): refused with %d and no message", row->why, a->no, rc);
        if (memcmp(&after, a, sizeof after) != 0)
            fail_msg("%s (%s): refused, but the application changed", row->why, a->no);
        struct app *stored = malloc(sizeof *stored);
        assert_non_null(stored);
        if (store_app_get(st, agency, a->no, stored, &e))
            fail_msg("%s: %s", a->no, e.msg);
        if (stored->version != a->version || stored->state != a->state || stored->last_step != a->last_step)
            fail_msg("%s (%s): refused, but the stored application changed", row->why, a->no);
        free(stored);
        row->tried++;
        illegal_count++;
        return;
    }
}

/* Concluded applications kept to try steps on them (a ring). */
static struct app concluded_ring[64];
static size_t nconcluded_ring;

/* One random step that the application's state allows. Returns true when
 * the application is concluded. */
static bool step_one(struct live *l, gk_day today)
{
    struct app *a = &l->a;
    if (rnd(8) == 0)
        try_illegal(a, today);
    struct app_event ev = {.date = today};
    switch (a->state) {
    case APP_S_PROCESSING: {
        uint32_t p = rnd(100);
        gk_day sup_limit = 0;
        err e0 = {0};
        cal_add_workdays(cal, a->received, 7, &sup_limit, &e0);
        if (p < 12 && !a->sup_notice && !a->consults && !a->ext_days && !a->fee_method && today <= sup_limit) {
            ev.kind = APP_EV_SUPPLEMENT_REQUEST;
            ev.what = "请写明所需信息的名称或文号";
            ev.by = today + 7 + (gk_day)rnd(10);
        } else if (p < 20 && a->consults < 2) {
            ev.kind = APP_EV_CONSULT_START;
            ev.consult_kind = 1 + (int)rnd(2);
            ev.party = ev.consult_kind == 1 ? "某某有限公司" : "市财政局";
        } else if (p < 26 && !a->ext_days && today <= a->reply_due) {
            ev.kind = APP_EV_EXTEND;
            ev.days = 1 + (int)rnd(20);
            ev.approver = "公开办主任";
            ev.reason = "需要检索的档案较多";
        } else if (p < 30 && !a->fee_method) {
            ev.kind = APP_EV_FEE_NOTICE;
            ev.fee_method = FEE_BY_PAGES;
            ev.pages = 31 + (int)rnd(400);
        } else if (p < 33) {
            ev.kind = APP_EV_WITHDRAW;
            ev.note = "申请人撤回";
        } else {
            ev.kind = APP_EV_ANSWER;
            ev.outcome = answerable[rnd(sizeof answerable / sizeof answerable[0])];
            if (strcmp(ev.outcome, "unavailable.unclear_after_supplement") == 0 && !a->sup_received)
                ev.outcome = "unavailable.not_held";
            ev.detail = "提供有关文件的复制件";
        }
        break;
    }
    case APP_S_AWAITING_SUPPLEMENT:
        if (today > a->sup_by && rnd(3) == 0)
            ev.kind = APP_EV_SUPPLEMENT_LAPSED;
        else if (today <= a->sup_by)
            ev.kind = rnd(3) ? APP_EV_SUPPLEMENT_RECEIVED : 0;
        else
            ev.kind = rnd(2) ? APP_EV_SUPPLEMENT_LAPSED : APP_EV_WITHDRAW;
        break;
    case APP_S_CONSULTING:
        ev.kind = rnd(3) ? APP_EV_CONSULT_END : 0;
        ev.note = "第三方回复";
        break;
    case APP_S_AWAITING_FEE:
        if (today > a->fee_pay_by)
            ev.kind = rnd(2) ? APP_EV_FEE_LAPSED : APP_EV_FEE_PAID;
        else if (a->id % 4 == 0)
            ev.kind = 0;    /* this applicant will not pay */
        else
            ev.kind = rnd(5) == 0 ? APP_EV_FEE_WAIVED : rnd(4) ? APP_EV_FEE_PAID : 0;
        break;
    }
    l->next = today + 1 + (gk_day)rnd(8);
    if (!ev.kind)
        return false;
    struct app after = *a;
    struct app_rules r;
    app_rules_default(&r, today);
    err e = {0};
    int rc = app_step(&r, cal, &after, &ev, &e);
    if (rc) {
        /* the law said no (e.g. an extension after the deadline): nothing changes */
        assert_true(rc == GK_ESTATE || rc == GK_EINVAL);
        assert_memory_equal(&after, a, sizeof after);
        refused_count++;
        return false;
    }
    /* the reply is drafted by its handler and approved first (issue 18) */
    if (ev.kind == APP_EV_ANSWER && tu_chain_approve(st, a, ev.outcome, ev.detail, ev.refer, today, &e))
        fail_msg("chain: %s: %s", e.where, e.msg);
    buf sum;
    buf_init(&sum);
    app_step_summary(&after, &ev, &sum);
    if (store_app_save(st, a, &after, "generator", app_events[ev.kind].code, today, sum.data, &e))
        fail_msg("save: %s: %s", e.where, e.msg);
    buf_free(&sum);
    *a = after;
    steps_count++;
    if (!app_states[a->state].open) {
        concluded_ring[nconcluded_ring++ % 64] = *a;
        if (rnd(4) == 0)
            try_illegal(&concluded_ring[rnd(nconcluded_ring < 64 ? (uint32_t)nconcluded_ring : 64)], today);
        concluded_count++;
        if (a->state == APP_S_ANSWERED)
            maybe_case(a, today);
        return true;
    }
    return false;
}

static void simulate(gk_day from, gk_day to)
{
    err e = {0};
    for (gk_day day = from; day <= to; day++) {
        bool work = false;
        assert_int_equal(cal_is_workday(cal, day, &work, &e), 0);
        if (!work)
            continue;
        assert_int_equal(store_begin(st, &e), 0);
        int y, m, d;
        date_to_ymd(day, &y, &m, &d);
        for (int i = 0; i < (y == 2023 ? PER_DAY_FIRST : PER_DAY); i++)
            register_one(day);
        for (size_t i = 0; i < nlive;) {
            if (live[i].next <= day && step_one(&live[i], day)) {
                live[i] = live[--nlive];
                continue;
            }
            i++;
        }
        if (day % 7 == 0)
            case_day(day);
        assert_int_equal(store_commit(st, &e), 0);
    }
}

/* ---- the independent count ---- */

/* Table 三 rows and the outcome codes each counts, written out here. */
static const struct { int row; const char *codes[3]; } row_codes[] = {
    {APP_GRANTED, {"granted"}},
    {APP_PARTLY, {"partly_granted"}},
    {APP_W_STATE_SECRET, {"withheld.state_secret"}},
    {APP_W_PROHIBITED, {"withheld.prohibited_by_law"}},
    {APP_W_SECURITY, {"withheld.security_stability"}},
    {APP_W_THIRD_PARTY, {"withheld.third_party_rights"}},
    {APP_W_INTERNAL, {"withheld.internal_affairs"}},
    {APP_W_PROCESS, {"withheld.process_info"}},
    {APP_W_ENFORCEMENT, {"withheld.enforcement_files"}},
    {APP_W_ADMIN_QUERY, {"withheld.admin_query"}},
    {APP_U_NOT_HELD, {"unavailable.not_held"}},
    {APP_U_NEEDS_CREATION, {"unavailable.needs_creation"}},
    {APP_U_UNCLEAR, {"unavailable.unclear_after_supplement"}},
    {APP_N_PETITION, {"not_processed.petition_complaint"}},
    {APP_N_REPEATED, {"not_processed.repeated"}},
    {APP_N_PUBLICATION, {"not_processed.publication"}},
    {APP_N_EXCESSIVE, {"not_processed.excessive"}},
    {APP_N_RECONFIRM, {"not_processed.reconfirm"}},
    {APP_O_NO_SUPPLEMENT, {"other.no_supplement"}},
    {APP_O_FEE_UNPAID, {"other.fee_unpaid"}},
    {APP_O_OTHER, {"other.other", "other.withdrawn"}},
};

static const char *const kind_keys[] = {"natural_person", "commercial", "research", "public_interest",
                                        "legal_services", "other"};

static int64_t count(sqlite3 *db, const char *sql, const char *a1, const char *a2, const char *a3, const char *a4)
{
    sqlite3_stmt *s;
    if (sqlite3_prepare_v2(db, sql, -1, &s, NULL) != SQLITE_OK)
        fail_msg("prepare %s: %s", sql, sqlite3_errmsg(db));
    sqlite3_bind_int64(s, 1, agency);
    const char *args[] = {a1, a2, a3, a4};
    for (int i = 0; i < 4; i++)
        if (args[i])
            sqlite3_bind_text(s, i + 2, args[i], -1, SQLITE_STATIC);
    int64_t n = -1;
    if (sqlite3_step(s) == SQLITE_ROW)
        n = sqlite3_column_int64(s, 0);
    sqlite3_finalize(s);
    return n;
}

/* A cell of table 三 counted with one plain query. kind NULL = the total column. */
static int64_t sql_cell(sqlite3 *db, int row, const char *kind, const char *start, const char *end)
{
    char sql[1024];
    const char *k = kind ? " AND kind = ?5" : "";
    switch (row) {
    case APP_NEW:
        snprintf(sql, sizeof sql, "SELECT COUNT(*) FROM application WHERE agency_id = ?1 AND received >= ?2 "
                                  "AND received <= ?3%s", k);
        return count(db, sql, start, end, NULL, kind);
    case APP_CARRIED_IN:
        snprintf(sql, sizeof sql, "SELECT COUNT(*) FROM application WHERE agency_id = ?1 AND received < ?2 "
                                  "AND (concluded IS NULL OR concluded >= ?2) AND ?3 = ?3%s", k);
        return count(db, sql, start, end, NULL, kind);
    case APP_CARRIED_OUT:
        snprintf(sql, sizeof sql, "SELECT COUNT(*) FROM application WHERE agency_id = ?1 AND received <= ?3 "
                                  "AND (concluded IS NULL OR concluded > ?3) AND ?2 = ?2%s", k);
        return count(db, sql, start, end, NULL, kind);
    case APP_HANDLED_TOTAL:
        snprintf(sql, sizeof sql, "SELECT COUNT(*) FROM application WHERE agency_id = ?1 AND concluded >= ?2 "
                                  "AND concluded <= ?3 AND outcome IS NOT NULL%s", k);
        return count(db, sql, start, end, NULL, kind);
    }
    for (size_t i = 0; i < sizeof row_codes / sizeof row_codes[0]; i++) {
        if (row_codes[i].row != row)
            continue;
        int64_t n = 0;
        for (int c = 0; c < 3 && row_codes[i].codes[c]; c++) {
            snprintf(sql, sizeof sql, "SELECT COUNT(*) FROM application WHERE agency_id = ?1 AND concluded >= ?2 "
                                      "AND concluded <= ?3 AND outcome = ?4%s", k);
            n += count(db, sql, start, end, row_codes[i].codes[c], kind);
        }
        return n;
    }
    fail_msg("row %d has no count", row);
    return -1;
}

static const char *const case_kinds[] = {NULL, "review", "litigation_direct", "litigation_after_review"};

static int64_t sql_case_cell(sqlite3 *db, int group, int col, const char *start, const char *end)
{
    const char *result = col == RL_UPHELD ? "upheld" : col == RL_CORRECTED ? "corrected" : col == RL_OTHER ? "other"
                                                                                                           : NULL;
    char sql[512];
    const char *kind = case_kinds[group + 1];
    if (col == RL_TOTAL)
        snprintf(sql, sizeof sql, "SELECT COUNT(*) FROM review_case WHERE agency_id = ?1 AND filed >= ?2 "
                                  "AND filed <= ?3 AND kind = ?4");
    else if (col == RL_PENDING)
        snprintf(sql, sizeof sql, "SELECT COUNT(*) FROM review_case WHERE agency_id = ?1 AND filed >= ?2 "
                                  "AND filed <= ?3 AND kind = ?4 AND (closed IS NULL OR closed > ?3)");
    else
        snprintf(sql, sizeof sql, "SELECT COUNT(*) FROM review_case WHERE agency_id = ?1 AND filed >= ?2 "
                                  "AND filed <= ?3 AND kind = ?4 AND closed <= ?3 AND result = ?5");
    return count(db, sql, start, end, kind, result);
}

static void compare_with_sql(sqlite3 *db, const rpt *r, int year)
{
    char start[11], end[11];
    snprintf(start, sizeof start, "%d-01-01", year);
    snprintf(end, sizeof end, "%d-12-31", year);
    int cells = 0;
    for (int row = 0; row < APP_NROWS; row++) {
        for (int c = 0; c < RPT_NCOLS; c++) {
            int64_t want = sql_cell(db, row, c == COL_TOTAL ? NULL : kind_keys[c], start, end);
            if (rpt_is_null(r->app[row][c]) || r->app[row][c] != (double)want)
                fail_msg("%d 三/%s/%s: report %g, SQL %lld", year, rpt_app_rows[row].key, rpt_col_keys[c],
                         r->app[row][c], (long long)want);
            cells++;
        }
    }
    for (int g = 0; g < RL_NGROUPS; g++)
        for (int c = 0; c < RL_NCOLS; c++) {
            int64_t want = sql_case_cell(db, g, c, start, end);
            if (r->rl[g][c] != (double)want)
                fail_msg("%d 四/%s/%s: report %g, SQL %lld", year, rpt_rl_group_keys[g], rpt_rl_col_keys[c],
                         r->rl[g][c], (long long)want);
            cells++;
        }
    assert_int_equal(cells, APP_NROWS * RPT_NCOLS + RL_NGROUPS * RL_NCOLS);
}

/* The consistency rules of docs/domain.md §5 that tables 三 and 四 must keep. */
static void check_rules(const rpt *r)
{
    for (int c = 0; c < RPT_NCOLS; c++) {
        double outcomes = 0;
        for (int row = 0; row < APP_NROWS; row++) {
            double v = r->app[row][c];
            assert_false(rpt_is_null(v));
            assert_true(v >= 0 && v == (double)(int64_t)v);                 /* R5 */
            if (rpt_app_rows[row].outcome)
                outcomes += v;
        }
        assert_true(r->app[APP_NEW][c] + r->app[APP_CARRIED_IN][c] ==
                    r->app[APP_HANDLED_TOTAL][c] + r->app[APP_CARRIED_OUT][c]);   /* R1 */
        assert_true(r->app[APP_HANDLED_TOTAL][c] == outcomes);                    /* R2 */
    }
    for (int row = 0; row < APP_NROWS; row++) {
        double sum = 0;
        for (int c = 0; c < COL_TOTAL; c++)
            sum += r->app[row][c];
        assert_true(r->app[row][COL_TOTAL] == sum);                                /* R3 */
    }
    for (int g = 0; g < RL_NGROUPS; g++)
        assert_true(r->rl[g][RL_TOTAL] ==
                    r->rl[g][RL_UPHELD] + r->rl[g][RL_CORRECTED] + r->rl[g][RL_OTHER] + r->rl[g][RL_PENDING]);  /* R4 */
}

static void test_two_years(void **state)
{
    (void)state;
    memcpy(illegal_steps, illegal_init, sizeof illegal_steps);
    simulate(D("2023-01-01"), D("2024-12-31"));
    print_message("# %d illegal steps tried, each refused with nothing changed\n", illegal_count);
    for (size_t k = 0; k < NILLEGAL; k++)
        if (illegal_steps[k].tried == 0)
            fail_msg("the illegal step \"%s\" was never tried", illegal_steps[k].why);
    assert_true(registered_in[0] >= 5000);
    assert_true(registered_in[1] >= 20000);
    print_message("# registered %lld + %lld, %d steps, %d concluded, %d refused by the rules, %zu open at the end\n",
                  (long long)registered_in[0], (long long)registered_in[1], steps_count, concluded_count,
                  refused_count, nlive);
    err e = {0};
    rpt *r23 = rpt_new(), *r24 = rpt_new();
    assert_int_equal(store_app_report(st, agency, 2023, r23, &e), 0);
    assert_int_equal(store_app_report(st, agency, 2024, r24, &e), 0);
    check_rules(r23);
    check_rules(r24);
    for (int c = 0; c < RPT_NCOLS; c++)                                          /* X1 */
        assert_true(r24->app[APP_CARRIED_IN][c] == r23->app[APP_CARRIED_OUT][c]);
    assert_true(r24->app[APP_CARRIED_IN][COL_TOTAL] > 0);
    assert_true(r24->app[APP_CARRIED_OUT][COL_TOTAL] > 0);
    /* every outcome row was exercised */
    for (int row = 0; row < APP_NROWS; row++)
        if (rpt_app_rows[row].outcome && r24->app[row][COL_TOTAL] == 0)
            fail_msg("row %s never happened", rpt_app_rows[row].key);
    assert_true(r24->rl[RL_REVIEW][RL_TOTAL] > 0 && r24->rl[RL_LIT_AFTER_REVIEW][RL_TOTAL] > 0);

    /* and what `gongkai report check` says of both years: every rule, incl. X1 across them */
    rpt_set_agency(r23, "测试局");
    rpt_set_agency(r24, "测试局");
    rpt_check(r23);
    rpt_check(r24);
    rpt *pair[2] = {r23, r24};
    rpt_check_across(pair, 2);
    for (int k = 0; k < 2; k++)
        for (size_t i = 0; i < pair[k]->nproblems; i++)
            if (pair[k]->problems[i].severity == RPT_ERROR)
                fail_msg("%d: %s %s: %s", 2023 + k, pair[k]->problems[i].rule, pair[k]->problems[i].where,
                         pair[k]->problems[i].message);

    sqlite3 *db;
    assert_int_equal(sqlite3_open_v2(tu_store_target(), &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
    compare_with_sql(db, r23, 2023);
    compare_with_sql(db, r24, 2024);
    sqlite3_close(db);
    rpt_free(r23);
    rpt_free(r24);
}

static int setup(void **state)
{
    (void)state;
    if (getenv("GONGKAI_TEST_PG"))
        return -1;   /* this test counts on the SQLite file itself */
    cal = cal_builtin();
    if (tu_store_open(&st))
        return -1;
    struct store_agency a = {0};
    strcpy(a.code, "gen");
    strcpy(a.name, "某市生成局");
    err e = {0};
    return store_agency_add(st, &a, &agency, &e) ? -1 : 0;
}

static int teardown(void **state)
{
    (void)state;
    tu_store_close(st);
    cal_free(cal);
    free(live);
    return 0;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_two_years),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
