/*
 * disclosure — 依申请公开: the application lifecycle, the national outcome
 * taxonomy, information-processing fees, and reply letters (docs/domain.md).
 * Pure domain: decides, never does I/O; src/store/ persists what it decides.
 */
#ifndef GONGKAI_DISCLOSURE_H
#define GONGKAI_DISCLOSURE_H

#include "base/base.h"
#include "base/limits.h"
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

/* ======================================================================
 * Applications (依申请公开): the register's domain rules. Everything below
 * is table data (channels, applicant kinds, delivery forms, states, events,
 * the outcome taxonomy, review kinds and results) and the functions that
 * walk it. The lifecycle is a transition table (lifecycle.c): each event
 * lists the states it may leave, the state it leads to and the checks the
 * Regulation imposes; anything else is refused with the reason.
 * ====================================================================== */
#include "report/report.h"

/* Statutory numbers (2019 Regulation). */
#define APP_REPLY_DAYS 20          /* Art. 33: reply within 20 working days */
#define APP_MAX_EXTENSION 20       /* Art. 33: one extension of at most 20 */
#define APP_SUPPLEMENT_NOTICE_DAYS 7 /* Art. 30: one notice within 7 working days */
#define APP_CONSULT_DAYS 15        /* Art. 32, 34: the other side has 15 working days */
#define APP_REVIEW_DAYS 60         /* remedies: administrative review within 60 days */
#define APP_SUIT_MONTHS 6          /* remedies: a lawsuit within 6 months */
/* The 2019 Regulation took effect on this day; gongkai registers
 * applications received from then on (earlier ones ran on 15 + 15 days). */
#define APP_REGULATION_FROM "2019-05-15"

/* Channels and the receipt date each one gives (Art. 31). */
enum app_channel { APP_CH_IN_PERSON = 1, APP_CH_REGISTERED, APP_CH_LETTER, APP_CH_FAX,
                   APP_CH_ONLINE, APP_NCHANNELS = APP_CH_ONLINE };
struct app_channel_def {
    const char *code;          /* "in_person", "registered", "letter", "fax", "online" */
    const char *label;         /* 当面提交, ... */
    const char *receipt_rule;  /* how Art. 31 fixes the receipt date */
    bool same_day;             /* receipt date is the day it was handed in */
};
extern const struct app_channel_def app_channels[APP_NCHANNELS + 1];   /* [0] unused */

/* Forms of delivery the applicant may ask for (Art. 29, 40). */
enum app_delivery { APP_DL_PAPER_POST = 1, APP_DL_PAPER_PICKUP, APP_DL_EMAIL, APP_DL_DISC_POST,
                    APP_DL_ON_SITE, APP_DL_ONLINE, APP_NDELIVERY = APP_DL_ONLINE };
struct app_delivery_def {
    const char *code, *label;
    bool needs_address, needs_email;
};
extern const struct app_delivery_def app_deliveries[APP_NDELIVERY + 1];   /* [0] unused */

/* Applicant kinds are the report's first six columns (enum rpt_col,
 * COL_NATURAL .. COL_OTHER): codes rpt_col_keys[], labels rpt_col_labels[]. */
int app_kind_from_code(const char *code);          /* enum rpt_col, or -1 */

/* States. Open states run or stop the clock; final states conclude the
 * application with exactly one outcome. */
enum app_state { APP_S_PROCESSING = 1, APP_S_AWAITING_SUPPLEMENT, APP_S_CONSULTING,
                 APP_S_AWAITING_FEE, APP_S_ANSWERED, APP_S_LAPSED, APP_S_WITHDRAWN,
                 APP_NSTATES = APP_S_WITHDRAWN };
struct app_state_def {
    const char *code, *label;  /* "processing", 办理中 */
    bool open;                 /* not concluded */
    bool clock_runs;           /* the reply clock runs in this state */
};
extern const struct app_state_def app_states[APP_NSTATES + 1];   /* [0] unused */
int app_state_from_code(const char *code);         /* enum app_state, or -1 */

/* What the next deadline in `due` is. */
enum app_due_kind { APP_DUE_NONE = 0, APP_DUE_REPLY, APP_DUE_SUPPLEMENT, APP_DUE_CONSULT, APP_DUE_FEE };
extern const char *const app_due_codes[];          /* "", "reply", "supplement", "consult", "fee" */
extern const char *const app_due_labels[];         /* "", 答复期限, 补正期限届满, 征求意见期满, 缴费期满 */

/* Events: the steps of the lifecycle. */
enum app_event_kind {
    APP_EV_SUPPLEMENT_REQUEST = 1,  /* one notice, within 7 working days of receipt */
    APP_EV_SUPPLEMENT_RECEIVED,     /* the clock restarts from this day */
    APP_EV_SUPPLEMENT_LAPSED,       /* no supplement by the date given: other.no_supplement */
    APP_EV_CONSULT_START,           /* third party (Art. 32) or other agency (Art. 34): clock stops */
    APP_EV_CONSULT_END,             /* the other side answered, or its 15 working days ran out */
    APP_EV_EXTEND,                  /* once, at most 20 working days, approved */
    APP_EV_FEE_NOTICE,              /* fee notice: clock stops (setting) */
    APP_EV_FEE_PAID,
    APP_EV_FEE_WAIVED,              /* hardship waiver */
    APP_EV_FEE_LAPSED,              /* unpaid by the date: other.fee_unpaid */
    APP_EV_ANSWER,                  /* reply with one outcome */
    APP_EV_WITHDRAW,                /* the applicant withdraws: other.withdrawn */
    APP_EV_DELIVER,                 /* the reply served (送达): how, when, proof */
    APP_NEVENTS = APP_EV_DELIVER
};
struct app_event_def {
    const char *code;          /* "supplement_request", ... (audit action) */
    const char *label;         /* 发出补正通知, ... */
};
extern const struct app_event_def app_events[APP_NEVENTS + 1];   /* [0] unused */

/* The outcome taxonomy (Art. 36–39 and the national report rows): one row
 * per outcome. The code is the report JSON key path ("granted",
 * "withheld.state_secret", ...); outcomes that no reply letter chooses
 * (lapses, withdrawal) name the event that produces them. */
struct app_outcome {
    const char *code;
    const char *label;         /* 予以公开, 不予公开（属于国家秘密）, ... */
    const char *basis;         /* legal basis, e.g. "《中华人民共和国政府信息公开条例》第十四条" */
    const char *paragraph;     /* reply-letter paragraph; {placeholders} see reply.c */
    int row;                   /* enum rpt_app_row */
    int via;                   /* enum app_event_kind that concludes with it */
    bool needs_supplement;     /* only after a supplementation (unclear_after_supplement) */
    bool needs_detail;         /* the letter must say what / why in --detail */
    bool provides;             /* information is provided (delivery form applies) */
    bool remedies;             /* the letter states the remedies (an agency decision) */
};
extern const struct app_outcome app_outcomes[];
extern const int app_noutcomes;
const struct app_outcome *app_outcome_find(const char *code);   /* NULL when unknown */

/* Settings that shape the deadlines (per agency, from the store). */
struct app_rules {
    bool count_same_day;       /* count the receipt day itself as day 1 (default: the day after);
                                  the caller sets the calendar with cal_set_count_from_same_day */
    bool fee_stops_clock;      /* the wait for payment does not count (default true) */
    int fee_pay_days;          /* payment period in working days (default 20) */
    gk_day today;              /* no step may be dated after today */
};
void app_rules_default(struct app_rules *r, gk_day today);
/* Reads one setting value into r ("disclosure.count_from" = next_day|same_day,
 * "disclosure.fee_stops_clock" = yes|no, "disclosure.fee_pay_days" = N). */
int app_rules_set(struct app_rules *r, const char *key, const char *value, err *e);
extern const char *const app_rule_keys[];          /* NULL-ended */

/* One application: what was asked, by whom, and where it stands. Dates are
 * gk_day with 0 meaning "none". name, id_number, phone, email and address are
 * personal data: staff only. */
struct app {
    int64_t id, agency_id;
    char no[24];               /* the agency's number, "2024-00012" */
    char tracking[16];         /* the public follow-up code */
    int channel;               /* enum app_channel */
    gk_day submitted;          /* day handed in or sent (optional) */
    gk_day received;           /* receipt date per Art. 31 */
    int kind;                  /* enum rpt_col, COL_NATURAL .. COL_OTHER */
    /* text typed by people: sized for their limit in characters (base/limits.h) */
    char id_type[24];          /* app_id_types[].code; "" = not said (taken from the number) */
    char name[LIM_BYTES(LIM_APP_NAME)], id_number[LIM_BYTES(LIM_APP_ID_NUMBER)], phone[LIM_BYTES(LIM_APP_PHONE)],
        email[LIM_BYTES(LIM_APP_EMAIL)], address[LIM_BYTES(LIM_APP_ADDRESS)];
    char request[LIM_BYTES(LIM_APP_REQUEST)];   /* what is asked for */
    int delivery;              /* enum app_delivery */
    int state;                 /* enum app_state */
    /* delivery of the reply (送达, APP_EV_DELIVER): an answered application
     * counts as delivered only once this is set */
    int dl_how;                /* enum app_delivery it was served by, 0 = not yet */
    gk_day delivered;          /* the day it was served (signed for, handed over, sent) */
    char dl_ref[LIM_BYTES(LIM_APP_DL_REF)];      /* tracking number, who signed, address sent to */
    char dl_proof[LIM_BYTES(LIM_APP_DL_PROOF)];  /* the proof in words */
    gk_day clock_start;        /* receipt, or the day the supplemented application arrived */
    /* supplementation (one notice) */
    gk_day sup_notice, sup_by, sup_received;
    char sup_what[LIM_BYTES(LIM_APP_SUP_WHAT)];
    /* consultations: the open one, and how many there were */
    int consult_kind;          /* 1 third party (Art. 32), 2 other agency (Art. 34) */
    char consult_party[LIM_BYTES(LIM_APP_PARTY)];
    gk_day consult_start, consult_due;
    int consults;
    int stopped_days;          /* working days the clock stood still (closed stops) */
    /* extension (once) */
    int ext_days;
    gk_day ext_on;
    char ext_by[LIM_BYTES(LIM_APP_APPROVER)], ext_reason[LIM_BYTES(LIM_APP_REASON)];
    /* fee */
    int fee_method;            /* enum fee_method, 0 = no fee notice */
    int64_t fee_yuan;
    gk_day fee_notice, fee_pay_by, fee_settled;
    bool fee_waived;
    char fee_working[512];
    /* conclusion */
    char outcome[48];          /* app_outcomes[].code, "" while open */
    gk_day concluded;
    char detail[LIM_BYTES(LIM_APP_DETAIL)];   /* what is provided, or why not; or why withdrawn */
    char refer[LIM_BYTES(LIM_APP_REFER)];   /* the agency responsible, when not held here (Art. 36 (5)) */
    /* deadlines (recomputed on every step) */
    gk_day reply_due;          /* reply deadline (projected while the clock stands still) */
    gk_day due;                /* the next deadline staff must watch, 0 when concluded */
    int due_kind;              /* enum app_due_kind */
    gk_day last_step;          /* date of the latest step: steps never go back in time */
    bool provisional;          /* deadlines counted over a provisional year (no notice): computed,
                                  not stored; set by app_deadlines, or app_provisional after a read */
    int version;               /* bumped by the store on every change */
};

/* A step requested by staff. Fields not used by the kind are ignored. */
struct app_event {
    int kind;                  /* enum app_event_kind */
    gk_day date;               /* the day it happened (0 = rules->today) */
    const char *what;          /* supplement request: what to supplement */
    gk_day by;                 /* supplement request: supplement by this day */
    int consult_kind;          /* consult start: 1 third party, 2 other agency */
    const char *party;         /* consult start: who */
    const char *note;          /* consult end, withdraw, fee waiver: free text */
    int days;                  /* extend: working days */
    const char *approver, *reason;  /* extend */
    int fee_method;            /* fee notice: FEE_BY_COUNT or FEE_BY_PAGES */
    int nth_in_month;          /* fee notice by count: this application's rank in the month */
    int pages;                 /* fee notice by pages */
    const char *outcome;       /* answer */
    const char *detail, *refer;/* answer */
    int how;                   /* deliver: enum app_delivery (0 = the form the applicant asked for) */
    const char *ref, *proof;   /* deliver: tracking number / who signed / address; proof in words */
};

/* Delivery (送达) of the reply, by the form it is served in (Art. 40: in the
 * form the applicant asked for, else a suitable one): what proof each form
 * needs. One row per enum app_delivery. */
struct app_serve_rule {
    int delivery;              /* enum app_delivery */
    const char *ref_label;     /* what --ref is for this form: 邮件号, 签收人, ... */
    bool needs_ref;            /* the form cannot be proved without it */
    const char *ref_hint;      /* the refusal, in English, naming what is missing */
    const char *served_cn;     /* "以邮寄方式" for the public page */
};
extern const struct app_serve_rule app_serve_rules[APP_NDELIVERY + 1];   /* [0] unused */
/* An answered application not yet served: staff must deliver it. */
bool app_awaits_delivery(const struct app *a);

/* Checks a new application (required fields, dates, personal data formats)
 * and sets its state and deadlines. Names the field in e on refusal. Needs
 * the calendar for the receipt year and the reply deadline (GK_ERANGE). */
int app_register(const struct app_rules *r, const cal_t *c, struct app *a, err *e);
/* Applies one step: refused (GK_ESTATE with the reason, or GK_EINVAL naming
 * the field) unless the law and the state allow it; on refusal *a is left
 * unchanged. Recomputes the deadlines. */
int app_step(const struct app_rules *r, const cal_t *c, struct app *a,
             const struct app_event *ev, err *e);
/* Whether a reply with this outcome, detail and referral could be given to
 * a (the checks of the answer step, without its state): the handling chain
 * checks a draft with it (chain.h). */
int app_answer_check(const struct app *a, const char *outcome, const char *detail, const char *refer, err *e);
/* The history line of a step just applied (after = the application after it). */
void app_step_summary(const struct app *after, const struct app_event *ev, buf *out);
/* Whether an event is allowed from a state at all (the transition table). */
bool app_event_allowed(int state, int event);
/* Recomputes reply_due, due and due_kind from the state and the dates. */
int app_deadlines(const struct app_rules *r, const cal_t *c, struct app *a, err *e);
/* Re-dates an application on calendar c (after a year's notice was
 * imported): the deadlines computed from a step's date are computed again
 * from that date (consult_due = consult_start + APP_CONSULT_DAYS, fee_pay_by
 * = fee_notice + fee_pay_days), then app_deadlines. Working days of stops
 * already closed (stopped_days) are kept as counted. Concluded applications
 * are left alone. *a is unchanged on error. */
int app_redate(const struct app_rules *r, const cal_t *c, struct app *a, err *e);
/* Whether a's open deadlines are counted over a year of c that is
 * provisional (no notice known): they must be shown as provisional. */
bool app_provisional(const cal_t *c, const struct app *a);
/* The sentence people read next to a provisional deadline, e.g. "暂定期限：
 * 2027年的节假日安排尚未公布，按《全国年节及纪念日放假办法》（国务院令第795号）
 * 的法定节假日计算（不含调休），国务院办公厅通知公布后重新计算。"; nothing
 * appended when a is not provisional on c. */
void app_provisional_note(const cal_t *c, const struct app *a, buf *out);
/* The same for a deadline `to` counted from `from` (the public follow-up). */
void app_provisional_note_days(const cal_t *c, gk_day from, gk_day to, buf *out);
/* Working days from today to the next deadline (negative: overdue by that many). */
int app_days_left(const cal_t *c, gk_day today, gk_day due, int *out, err *e);
/* "办理中（已延期）" and the like. */
void app_status_label(const struct app *a, buf *out);
/* Name with the given name masked (张*明, 张*); organisations are shown as given. */
void app_mask_name(const char *name, int kind, buf *out);
/* Phone reduced to its digits (for the public follow-up). */
void app_phone_digits(const char *phone, char out[32]);
/* JSON of the application for the audit trail; personal data only when asked. */
void app_to_json(const struct app *a, bool personal, buf *out);
/* Checks an 18-digit resident ID number's check digit (GB 11643). */
bool app_id_number_valid(const char *s);

/* 证件类型: the identity papers and the rule each number is checked by
 * (idtype.c cites the published formats). */
struct app_id_type {
    const char *code;          /* id_card, hkmo_permit, ..., uscc, other */
    const char *label;         /* 居民身份证, ... */
    bool (*valid)(const char *number);
    const char *rule;          /* the rule in words, for the command line */
    const char *rule_zh;       /* the rule in words, for the forms */
};
extern const struct app_id_type app_id_types[];
extern const int app_nid_types;
/* By code or label; NULL when unknown. */
const struct app_id_type *app_id_type_find(const char *s);
/* Checks number against type (a code or a label; "" = not said: an
 * 18-character number of digits is taken for a 居民身份证, anything else for
 * 其他证件) and sets type to the code. GK_EINVAL naming --id-type (unknown
 * type) or --id-number (the rule broken). No number: nothing to check. */
int app_id_check(char type[24], const char *number, err *e);

/* ---- reply letters (答复告知书) ----------------------------------------- */
struct app_letter_ctx {
    const char *agency;        /* 驻马店市民政局 */
    const char *review_body;   /* 行政复议机关 (setting), NULL = generic wording */
    const char *court;         /* 人民法院 (setting), NULL = generic wording */
    const char *contact;       /* office phone / address (setting), may be NULL */
    const char *provisional;   /* app_provisional_note when the deadline the letter gives is
                                  provisional (no notice for a year yet), else NULL */
    const char *cites;         /* the registered documents the reply cites, "《title》（文号）、…"
                                  (the handling chain's draft, issue 18), or NULL */
};
/* The reply letter of a concluded application, as text or HTML (every
 * value escaped). GK_ESTATE while the application is open. */
int app_reply_letter(const struct app *a, const struct app_letter_ctx *ctx, bool html,
                     buf *out, err *e);
/* The notice a step sends the applicant: the supplementation notice
 * (补正告知书, Art. 30), the extension notice (延期答复告知书, Art. 33) or the
 * fee notice (缴费通知书, Art. 42), as of the application's current state
 * (print it right after the step). GK_EINVAL for other events, GK_ESTATE when
 * the step was not taken. */
int app_notice_letter(const struct app *a, int event, const struct app_letter_ctx *ctx, bool fee_stops_clock,
                      bool html, buf *out, err *e);

/* The letters as documents to print and stamp (公文, GB/T 9704; src/docgen),
 * one row per kind: the reply letter, the three notices and the receipt
 * (受理回执, with the tracking code, for applications handed in on paper). */
struct app_letter_kind {
    const char *code;          /* "reply", "supplement", "extend", "fee", "receipt" */
    const char *label;         /* 答复告知书, ... */
    int event;                 /* APP_EV_ANSWER, the notice's step, 0 for the receipt */
};
extern const struct app_letter_kind app_letter_kinds[];
extern const int app_nletter_kinds;
const struct app_letter_kind *app_letter_kind_find(const char *code);   /* NULL when unknown */
/* Whether the application has this letter yet (concluded; the step taken). */
bool app_letter_available(const struct app *a, const struct app_letter_kind *k);
struct gkd_doc;
/* The letter as a docgen document (*out: caller frees with gkd_free; NULL
 * on error). GK_ESTATE when the application has no such letter yet; GK_EINVAL
 * when a value cannot be written (docgen's message). */
int app_letter_doc(const struct app *a, const struct app_letter_kind *k, const struct app_letter_ctx *ctx,
                   bool fee_stops_clock, struct gkd_doc **out, err *e);

/* ---- annual report tables 三 and 四 from tallies -----------------------
 * The store counts (one GROUP BY pass); these map the counts onto report
 * rows. For table 三 of year Y, one tally row per (applicant kind, outcome)
 * among applications received on or before 31 December Y and not concluded
 * before 1 January Y:
 *   n_new  received in Y                     -> 一、本年新收
 *   n_in   received before Y                 -> 二、上年结转
 *   n_done concluded in Y (outcome set)      -> the outcome's row
 *   n_out  not concluded on 31 December Y    -> 四、结转下年度继续办理
 * Withdrawn applications count in （六）其他处理/3.其他 (other.withdrawn). */
struct app_tally {
    int kind;                  /* enum rpt_col */
    const char *outcome;       /* "" when not concluded */
    int64_t n_new, n_in, n_done, n_out;
};
/* Sets table 三 to zeros (layout by year), then app_report_add for each tally
 * row, then app_report_finish (handled_total, total column). */
void app_report_start(rpt *r, int year);
int app_report_add(rpt *r, const struct app_tally *t, err *e);
void app_report_finish(rpt *r);
/* The layout that year's report uses (2019 layout for 2019 and 2020). */
enum rpt_layout app_report_layout(int year);

/* ---- review and litigation cases (table 四) ------------------------------ */
enum app_case_kind { APP_CASE_REVIEW = 1, APP_CASE_LIT_DIRECT, APP_CASE_LIT_AFTER_REVIEW,
                     APP_NCASE_KINDS = APP_CASE_LIT_AFTER_REVIEW };
enum app_case_result { APP_CR_PENDING = 0, APP_CR_UPHELD, APP_CR_CORRECTED, APP_CR_OTHER,
                       APP_NCASE_RESULTS = APP_CR_OTHER };
struct app_case_kind_def { const char *code, *label; int group; /* enum rpt_rl_group */ };
struct app_case_result_def { const char *code, *label; int col; /* enum rpt_rl_col */ };
extern const struct app_case_kind_def app_case_kinds[APP_NCASE_KINDS + 1];       /* [0] unused */
extern const struct app_case_result_def app_case_results[APP_NCASE_RESULTS + 1]; /* [0] pending */
int app_case_kind_from_code(const char *code);     /* -1 when unknown */
int app_case_result_from_code(const char *code);   /* -1 when unknown; "pending" is not one to close with */

struct app_case {
    int64_t id, agency_id, app_id, prior_id;  /* prior_id: the review before a suit */
    char app_no[24];
    int kind;                  /* enum app_case_kind */
    gk_day filed, closed;      /* closed = 0 while pending */
    int result;                /* enum app_case_result */
    char body[LIM_BYTES(LIM_CASE_BODY)];   /* 复议机关 / 法院 */
    char case_no[LIM_BYTES(LIM_CASE_NO)];
    char note[LIM_BYTES(LIM_CASE_NOTE)];
};
/* Checks a new case against the application it arises from (filed on or
 * after receipt, not after today) and, for a suit after review, the review
 * case (concluded, not after the filing). prior may be NULL otherwise. */
int app_case_check_new(const struct app_case *c, const struct app *from,
                       const struct app_case *prior, gk_day today, err *e);
/* Checks and applies closing a case with a result on a date. */
int app_case_close(struct app_case *c, int result, gk_day date, gk_day today, err *e);
/* Table 四 of year Y: cases filed in Y, with their result as of 31 December Y
 * (a case closed later counts as pending). Tally rows come from the store. */
struct app_case_tally { int kind; int result; int64_t n; };
void app_cases_start(rpt *r);
int app_cases_add(rpt *r, const struct app_case_tally *t, err *e);
void app_cases_finish(rpt *r);

#endif
