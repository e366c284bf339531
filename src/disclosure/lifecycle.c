/*
 * disclosure — the application lifecycle as a transition table. Each event
 * lists the states it may leave and the state it leads to; its check
 * function holds what the Regulation adds (the 7-day window for the one
 * supplementation notice, one extension of at most 20 working days, lapses
 * only after the date given, ...). app_step refuses anything else with the
 * reason, and leaves the application untouched on refusal. Deadlines are
 * recomputed from the dates on every step (app_deadlines).
 */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "disclosure/disclosure.h"
#include "disclosure/disclosure_internal.h"

#define BIT(s) (1u << (s))
#define OPEN_STATES (BIT(APP_S_PROCESSING) | BIT(APP_S_AWAITING_SUPPLEMENT) | BIT(APP_S_CONSULTING) | \
                     BIT(APP_S_AWAITING_FEE))

/* ---- settings ---- */

const char *const app_rule_keys[] = {"disclosure.count_from", "disclosure.fee_stops_clock",
                                     "disclosure.fee_pay_days", NULL};

void app_rules_default(struct app_rules *r, gk_day today)
{
    memset(r, 0, sizeof *r);
    r->count_same_day = false;
    r->fee_stops_clock = true;
    r->fee_pay_days = 20;
    r->today = today;
}

int app_rules_set(struct app_rules *r, const char *key, const char *value, err *e)
{
    if (strcmp(key, "disclosure.count_from") == 0) {
        if (strcmp(value, "next_day") == 0)
            r->count_same_day = false;
        else if (strcmp(value, "same_day") == 0)
            r->count_same_day = true;
        else
            return err_set(e, GK_EINVAL, key, "'%s' is not next_day or same_day", value);
    } else if (strcmp(key, "disclosure.fee_stops_clock") == 0) {
        if (strcmp(value, "yes") == 0)
            r->fee_stops_clock = true;
        else if (strcmp(value, "no") == 0)
            r->fee_stops_clock = false;
        else
            return err_set(e, GK_EINVAL, key, "'%s' is not yes or no", value);
    } else if (strcmp(key, "disclosure.fee_pay_days") == 0) {
        int64_t v;
        if (!parse_i64(value, strlen(value), &v) || v < 1 || v > 60)
            return err_set(e, GK_EINVAL, key, "'%s' is not a number of working days from 1 to 60", value);
        r->fee_pay_days = (int)v;
    } else {
        return err_set(e, GK_EINVAL, key, "unknown setting");
    }
    return 0;
}

/* ---- calendar helpers ---- */

static void fmt(gk_day d, char out[11])
{
    if (d)
        date_format(d, out);
    else
        snprintf(out, 11, "-");
}

/* "date" is the step's date, a field the user typed; the other places named
 * ("deadline", "consult_due") are computed dates of the record. */
static int wd_where(err *e, int rc)
{
    if (e)
        e->field = strcmp(e->where, "date") == 0;
    return rc;
}

/* The date n working days after `from`, counted the way the calendar is set
 * (cal_set_count_from_same_day, from the agency's disclosure.count_from). */
static int add_wd(const struct app_rules *r, const cal_t *c, gk_day from, int n, gk_day *out,
                  const char *where, err *e)
{
    (void)r;
    int rc = cal_add_workdays(c, from, n, out, e);
    if (rc) {
        char d[11];
        date_format(from, d);
        char why[512];
        snprintf(why, sizeof why, "%s", e ? e->msg : "");
        err_set(e, rc, where, "%d working days after %s cannot be computed: %s%s", n, d, why,
                rc == GK_ERANGE ? " (import that year's calendar: gongkai calendar import FILE)" : "");
        return wd_where(e, rc);
    }
    return 0;
}

static int count_wd(const cal_t *c, gk_day from, gk_day to, int *out, const char *where, err *e)
{
    int rc = cal_count_workdays(c, from, to, out, e);
    if (rc) {
        char why[512];
        snprintf(why, sizeof why, "%s", e ? e->msg : "");
        err_set(e, rc, where, "working days cannot be counted: %s", why);
        return wd_where(e, rc);
    }
    return 0;
}

static bool app_provisional_on(const cal_t *c, const struct app *a);

static int deadlines_of(const struct app_rules *r, const cal_t *c, struct app *a, err *e);

int app_deadlines(const struct app_rules *r, const cal_t *c, struct app *a, err *e)
{
    int rc = deadlines_of(r, c, a, e);
    if (!rc)
        a->provisional = app_provisional_on(c, a);
    return rc;
}

static int deadlines_of(const struct app_rules *r, const cal_t *c, struct app *a, err *e)
{
    int base = APP_REPLY_DAYS + a->ext_days + a->stopped_days, extra = 0, rc;
    const char *w = "deadline";
    switch (a->state) {
    case APP_S_PROCESSING:
        if ((rc = add_wd(r, c, a->clock_start, base, &a->reply_due, w, e)))
            return rc;
        a->due = a->reply_due;
        a->due_kind = APP_DUE_REPLY;
        return 0;
    case APP_S_AWAITING_SUPPLEMENT:
        /* the reply period starts again when the supplement arrives */
        a->reply_due = 0;
        a->due = a->sup_by;
        a->due_kind = APP_DUE_SUPPLEMENT;
        return 0;
    case APP_S_CONSULTING:
        /* projected: the clock stands still until the other side's time runs out */
        if ((rc = count_wd(c, a->consult_start, a->consult_due, &extra, w, e)))
            return rc;
        if ((rc = add_wd(r, c, a->clock_start, base + extra, &a->reply_due, w, e)))
            return rc;
        a->due = a->consult_due;
        a->due_kind = APP_DUE_CONSULT;
        return 0;
    case APP_S_AWAITING_FEE:
        if (r->fee_stops_clock && (rc = count_wd(c, a->fee_notice, a->fee_pay_by, &extra, w, e)))
            return rc;
        if ((rc = add_wd(r, c, a->clock_start, base + extra, &a->reply_due, w, e)))
            return rc;
        a->due = a->fee_pay_by;
        a->due_kind = APP_DUE_FEE;
        if (!r->fee_stops_clock && a->reply_due < a->due) {
            a->due = a->reply_due;
            a->due_kind = APP_DUE_REPLY;
        }
        return 0;
    default:
        /* concluded: reply_due keeps the deadline that applied */
        a->due = 0;
        a->due_kind = APP_DUE_NONE;
        return 0;
    }
}

int app_redate(const struct app_rules *r, const cal_t *c, struct app *a, err *e)
{
    if (!(OPEN_STATES & BIT(a->state)))
        return 0;
    struct app w = *a;
    int rc;
    if (w.state == APP_S_CONSULTING &&
        (rc = add_wd(r, c, w.consult_start, APP_CONSULT_DAYS, &w.consult_due, "consult_due", e)))
        return rc;
    if (w.state == APP_S_AWAITING_FEE &&
        (rc = add_wd(r, c, w.fee_notice, r->fee_pay_days, &w.fee_pay_by, "fee_pay_by", e)))
        return rc;
    if ((rc = app_deadlines(r, c, &w, e)))
        return rc;
    *a = w;
    return 0;
}


/* The last open deadline of a (0: none). */
static gk_day last_deadline(const struct app *a)
{
    if (!(OPEN_STATES & BIT(a->state)))
        return 0;
    gk_day last = a->reply_due > a->due ? a->reply_due : a->due;
    if (a->consult_due > last)
        last = a->consult_due;
    if (a->fee_pay_by > last)
        last = a->fee_pay_by;
    return last;
}

static bool app_provisional_on(const cal_t *c, const struct app *a)
{
    gk_day last = last_deadline(a);
    return last && a->received && cal_range_provisional(c, a->received, last);
}

bool app_provisional(const cal_t *c, const struct app *a)
{
    return app_provisional_on(c, a);
}

void app_provisional_note(const cal_t *c, const struct app *a, buf *out)
{
    if (app_provisional(c, a))
        app_provisional_note_days(c, a->received, last_deadline(a), out);
}

void app_provisional_note_days(const cal_t *c, gk_day from, gk_day to, buf *out)
{
    if (!from || !to || !cal_range_provisional(c, from, to))
        return;
    int y0, y1, m, d;
    date_to_ymd(from, &y0, &m, &d);
    date_to_ymd(to, &y1, &m, &d);
    int y = y0;
    while (y < y1 && !cal_year_provisional(c, y))
        y++;
    if (y > CAL_MAX_YEAR) {
        buf_printf(out, "暂定期限：%d年超出本系统工作日历的年份范围（至%d年），按周一至周五为工作日计算，"
                   "未计法定节假日和调休。", y, CAL_MAX_YEAR);
        return;
    }
    const char *basis = cal_provisional_basis(y);
    buf_printf(out, "暂定期限：%d年的节假日安排尚未公布，按%s的法定节假日计算（不含调休），"
               "国务院办公厅通知公布后重新计算。", y, basis ? basis : "《全国年节及纪念日放假办法》");
}

int app_days_left(const cal_t *c, gk_day today, gk_day due, int *out, err *e)
{
    int n = 0, rc;
    if (due >= today) {
        rc = cal_count_workdays(c, today, due, &n, e);
        *out = n;
    } else {
        rc = cal_count_workdays(c, due, today, &n, e);
        *out = n > 0 ? -n : -1;   /* overdue on a non-working day still counts as overdue */
    }
    return rc;
}

/* ---- registration ---- */

static bool blank(const char *s)
{
    for (; s && *s; s++)
        if (*s != ' ' && *s != '\t' && *s != '\n' && *s != '\r')
            return false;
    return true;
}

bool app_id_number_valid(const char *s)
{
    static const int w[17] = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
    static const char check[] = "10X98765432";
    if (strlen(s) != 18)
        return false;
    int sum = 0;
    for (int i = 0; i < 17; i++) {
        if (s[i] < '0' || s[i] > '9')
            return false;
        sum += (s[i] - '0') * w[i];
    }
    char last = s[17] == 'x' ? 'X' : s[17];
    return last == check[sum % 11];
}

void app_phone_digits(const char *phone, char out[32])
{
    size_t n = 0;
    for (const char *p = phone; p && *p && n < 31; p++)
        if (*p >= '0' && *p <= '9')
            out[n++] = *p;
    out[n] = 0;
}

static int check_phone(const char *p, err *e)
{
    size_t digits = 0;
    for (const char *q = p; *q; q++) {
        if (*q >= '0' && *q <= '9')
            digits++;
        else if (!strchr(" +-()", *q))
            return err_field(e, GK_EINVAL, "phone", "'%s' is not a phone number (digits, spaces, + - ( ) only)", p);
    }
    if (digits < 5 || digits > 20)
        return err_field(e, GK_EINVAL, "phone", "'%s' is not a phone number (5 to 20 digits)", p);
    return 0;
}

int app_register(const struct app_rules *r, const cal_t *c, struct app *a, err *e)
{
    char d1[11], d2[11];
    gk_day from;
    date_parse(APP_REGULATION_FROM, &from, NULL);
    if (a->channel < 1 || a->channel > APP_NCHANNELS)
        return err_field(e, GK_EINVAL, "channel", "missing or unknown channel (in_person, registered, letter, fax, online)");
    if (!a->received)
        return err_field(e, GK_EINVAL, "received", "the receipt date is required (Art. 31: %s)",
                       app_channels[a->channel].receipt_rule);
    fmt(a->received, d1);
    if (a->received > r->today)
        return err_field(e, GK_EINVAL, "received", "%s is in the future", d1);
    if (a->received < from)
        return err_field(e, GK_EINVAL, "received",
                       "%s is before %s: gongkai registers applications under the 2019 Regulation", d1,
                       APP_REGULATION_FROM);
    if (a->submitted) {
        fmt(a->submitted, d2);
        if (a->submitted > a->received)
            return err_field(e, GK_EINVAL, "received", "received %s before it was submitted (%s)", d1, d2);
        if (app_channels[a->channel].same_day && a->submitted != a->received)
            return err_field(e, GK_EINVAL, "received",
                           "an application handed in person is received the day it is handed in (Art. 31), not %s", d1);
    }
    if (a->kind < COL_NATURAL || a->kind >= COL_TOTAL)
        return err_field(e, GK_EINVAL, "kind",
                       "missing or unknown applicant kind (natural_person, commercial, research, "
                       "public_interest, legal_services, other)");
    if (blank(a->name))
        return err_field(e, GK_EINVAL, "name", "the applicant's name is required");
    if (blank(a->request))
        return err_field(e, GK_EINVAL, "request", "say what information is asked for");
    if (a->delivery < 1 || a->delivery > APP_NDELIVERY)
        return err_field(e, GK_EINVAL, "delivery",
                       "missing or unknown form of delivery (paper_post, paper_pickup, email, disc_post, on_site, online)");
    /* every typed field within its limit in characters (base/limits.h), valid UTF-8 */
    static const struct { enum lim_field f; size_t off; } texts[] = {
        {LIM_F_APP_NAME, offsetof(struct app, name)},       {LIM_F_APP_ID_NUMBER, offsetof(struct app, id_number)},
        {LIM_F_APP_PHONE, offsetof(struct app, phone)},     {LIM_F_APP_EMAIL, offsetof(struct app, email)},
        {LIM_F_APP_ADDRESS, offsetof(struct app, address)}, {LIM_F_APP_REQUEST, offsetof(struct app, request)},
    };
    int rc;
    for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++)
        if ((rc = lim_check(texts[i].f, (const char *)a + texts[i].off, e)))
            return rc;
    if ((rc = app_id_check(a->id_type, a->id_number, e)))
        return rc;
    if (a->phone[0] && (rc = check_phone(a->phone, e)))
        return rc;
    if (a->email[0] && (!strchr(a->email, '@') || strchr(a->email, ' ')))
        return err_field(e, GK_EINVAL, "email", "'%s' is not an email address", a->email);
    const struct app_delivery_def *dl = &app_deliveries[a->delivery];
    if (dl->needs_address && blank(a->address))
        return err_field(e, GK_EINVAL, "address", "delivery '%s' (%s) needs a postal address", dl->code, dl->label);
    if (dl->needs_email && !a->email[0])
        return err_field(e, GK_EINVAL, "email", "delivery '%s' (%s) needs an email address", dl->code, dl->label);
    if (!a->phone[0] && !a->email[0] && blank(a->address))
        return err_field(e, GK_EINVAL, "phone", "give at least one way to reach the applicant (phone, email or address)");
    a->state = APP_S_PROCESSING;
    a->clock_start = a->received;
    a->last_step = a->received;
    a->outcome[0] = 0;
    a->concluded = 0;
    if ((rc = app_deadlines(r, c, a, e))) {
        e->field = true;
        snprintf(e->where, sizeof e->where, "received");
        return rc;
    }
    return 0;
}

/* ---- the transition table ---- */

struct step_ctx {
    const struct app_rules *r;
    const cal_t *c;
    struct app *a;
    const struct app_event *ev;
    gk_day date;
    err *e;
};

static void copy(char *dst, size_t cap, const char *src)
{
    snprintf(dst, cap, "%s", src ? src : "");
}

static int conclude(struct step_ctx *x, int state, const char *outcome)
{
    x->a->state = state;
    copy(x->a->outcome, sizeof x->a->outcome, outcome);
    x->a->concluded = x->date;
    return 0;
}

static int ev_sup_request(struct step_ctx *x)
{
    struct app *a = x->a;
    char d[11], lim[11];
    if (a->sup_notice) {
        fmt(a->sup_notice, d);
        return err_set(x->e, GK_ESTATE, "apply supplement",
                       "a supplementation notice was already sent on %s: the Regulation allows one notice (Art. 30)", d);
    }
    if (a->consults || a->ext_days || a->fee_method)
        return err_set(x->e, GK_ESTATE, "apply supplement",
                       "supplementation comes first: it cannot follow a consultation, an extension or a fee notice");
    if (blank(x->ev->what))
        return err_field(x->e, GK_EINVAL, "what", "say what the applicant must supplement");
    int rc = lim_check(LIM_F_APP_SUP_WHAT, x->ev->what, x->e);
    if (rc)
        return rc;
    gk_day limit;
    if ((rc = add_wd(x->r, x->c, a->received, APP_SUPPLEMENT_NOTICE_DAYS, &limit, "date", x->e)))
        return rc;
    fmt(x->date, d);
    fmt(limit, lim);
    if (x->date > limit)
        return err_field(x->e, GK_EINVAL, "date",
                       "the supplementation notice must go out within %d working days of receipt (Art. 30), "
                       "by %s; %s is too late", APP_SUPPLEMENT_NOTICE_DAYS, lim, d);
    if (!x->ev->by)
        return err_field(x->e, GK_EINVAL, "by", "give the date by which the applicant must supplement");
    if (x->ev->by <= x->date)
        return err_field(x->e, GK_EINVAL, "by", "the supplementation deadline must come after the notice (%s)", d);
    if ((rc = lim_copy(LIM_F_APP_SUP_WHAT, a->sup_what, sizeof a->sup_what, x->ev->what, x->e)))
        return rc;
    a->sup_notice = x->date;
    a->sup_by = x->ev->by;
    a->state = APP_S_AWAITING_SUPPLEMENT;
    return 0;
}

static int ev_sup_received(struct step_ctx *x)
{
    struct app *a = x->a;
    a->sup_received = x->date;
    a->clock_start = x->date;     /* Art. 30: the reply period runs from the supplemented application */
    a->stopped_days = 0;
    a->state = APP_S_PROCESSING;
    return 0;
}

static int ev_sup_lapsed(struct step_ctx *x)
{
    char by[11];
    fmt(x->a->sup_by, by);
    if (x->date <= x->a->sup_by)
        return err_field(x->e, GK_ESTATE, "date",
                       "the applicant has until %s to supplement: the application lapses only after that day", by);
    return conclude(x, APP_S_LAPSED, "other.no_supplement");
}

static int ev_consult_start(struct step_ctx *x)
{
    struct app *a = x->a;
    if (x->ev->consult_kind != 1 && x->ev->consult_kind != 2)
        return err_field(x->e, GK_EINVAL, "third_party", "say whom: --third-party NAME (Art. 32) or --other-agency NAME (Art. 34)");
    if (blank(x->ev->party))
        return err_field(x->e, GK_EINVAL, x->ev->consult_kind == 1 ? "third_party" : "other_agency",
                       "name the party consulted");
    int rc = lim_check(LIM_F_APP_PARTY, x->ev->party, x->e);
    if (rc) {
        if (x->ev->consult_kind == 2)
            snprintf(x->e->where, sizeof x->e->where, "other_agency");
        return rc;
    }
    gk_day due;
    if ((rc = add_wd(x->r, x->c, x->date, APP_CONSULT_DAYS, &due, "date", x->e)))
        return rc;
    if ((rc = lim_copy(LIM_F_APP_PARTY, a->consult_party, sizeof a->consult_party, x->ev->party, x->e)))
        return rc;
    a->consult_kind = x->ev->consult_kind;
    a->consult_start = x->date;
    a->consult_due = due;
    a->consults++;
    a->state = APP_S_CONSULTING;
    return 0;
}

static int ev_consult_end(struct step_ctx *x)
{
    struct app *a = x->a;
    /* the time the consultation needed does not count, up to the other side's 15 days */
    gk_day end = x->date < a->consult_due ? x->date : a->consult_due;
    int n, rc = count_wd(x->c, a->consult_start, end, &n, "date", x->e);
    if (rc)
        return rc;
    a->stopped_days += n;
    a->state = APP_S_PROCESSING;
    return 0;
}

static int ev_extend(struct step_ctx *x)
{
    struct app *a = x->a;
    char d[11], due[11];
    if (a->ext_days) {
        fmt(a->ext_on, d);
        return err_set(x->e, GK_ESTATE, "apply extend",
                       "the reply period was already extended on %s by %d working days: the Regulation allows one "
                       "extension (Art. 33)", d, a->ext_days);
    }
    if (x->ev->days < 1 || x->ev->days > APP_MAX_EXTENSION)
        return err_field(x->e, GK_EINVAL, "days", "an extension is 1 to %d working days (Art. 33), not %d",
                       APP_MAX_EXTENSION, x->ev->days);
    if (blank(x->ev->approver))
        return err_field(x->e, GK_EINVAL, "approved_by",
                       "an extension needs the approval of the head of the disclosure office (Art. 33): say who approved");
    if (blank(x->ev->reason))
        return err_field(x->e, GK_EINVAL, "reason", "say why the reply needs more time");
    int rc;
    if ((rc = lim_check(LIM_F_APP_APPROVER, x->ev->approver, x->e)) ||
        (rc = lim_check(LIM_F_APP_EXT_REASON, x->ev->reason, x->e)))
        return rc;
    fmt(x->date, d);
    fmt(a->reply_due, due);
    if (x->date > a->reply_due)
        return err_field(x->e, GK_ESTATE, "date",
                       "the reply deadline (%s) has passed: an extension must be decided before it, not on %s", due, d);
    if ((rc = lim_copy(LIM_F_APP_APPROVER, a->ext_by, sizeof a->ext_by, x->ev->approver, x->e)) ||
        (rc = lim_copy(LIM_F_APP_EXT_REASON, a->ext_reason, sizeof a->ext_reason, x->ev->reason, x->e)))
        return rc;
    a->ext_days = x->ev->days;
    a->ext_on = x->date;
    return 0;
}

static int ev_fee_notice(struct step_ctx *x)
{
    struct app *a = x->a;
    if (a->fee_method) {
        char d[11];
        fmt(a->fee_notice, d);
        return err_set(x->e, GK_ESTATE, "apply fee", "a fee notice was already sent on %s: one per application", d);
    }
    fee_result fr;
    int rc;
    const char *where;
    if (x->ev->fee_method == FEE_BY_COUNT) {
        where = "by_count";
        rc = fee_by_count(x->ev->nth_in_month, &fr, x->e);
    } else if (x->ev->fee_method == FEE_BY_PAGES) {
        where = "pages";
        rc = fee_by_pages(x->ev->pages, &fr, x->e);
    } else {
        return err_field(x->e, GK_EINVAL, "pages", "say how the fee is computed: --by-count or --pages N");
    }
    if (rc) {
        x->e->field = true;
        snprintf(x->e->where, sizeof x->e->where, "%s", where);
        return rc;
    }
    if (fr.amount_yuan <= 0)
        return err_field(x->e, GK_EINVAL, where, "no fee is due (%s): information is provided free", fr.working);
    gk_day by;
    if ((rc = add_wd(x->r, x->c, x->date, x->r->fee_pay_days, &by, "date", x->e)))
        return rc;
    a->fee_method = fr.method;
    a->fee_yuan = fr.amount_yuan;
    copy(a->fee_working, sizeof a->fee_working, fr.working);
    a->fee_notice = x->date;
    a->fee_pay_by = by;
    a->state = APP_S_AWAITING_FEE;
    return 0;
}

static int ev_fee_settled(struct step_ctx *x)
{
    struct app *a = x->a;
    if (x->r->fee_stops_clock) {
        gk_day end = x->date < a->fee_pay_by ? x->date : a->fee_pay_by;
        int n, rc = count_wd(x->c, a->fee_notice, end, &n, "date", x->e);
        if (rc)
            return rc;
        a->stopped_days += n;
    }
    a->fee_settled = x->date;
    a->fee_waived = x->ev->kind == APP_EV_FEE_WAIVED;
    a->state = APP_S_PROCESSING;
    return 0;
}

static int ev_fee_lapsed(struct step_ctx *x)
{
    char by[11];
    fmt(x->a->fee_pay_by, by);
    if (x->date <= x->a->fee_pay_by)
        return err_field(x->e, GK_ESTATE, "date",
                       "the applicant has until %s to pay: the application lapses only after that day", by);
    return conclude(x, APP_S_LAPSED, "other.fee_unpaid");
}

int app_answer_check(const struct app *a, const char *code, const char *detail, const char *refer, err *e)
{
    if (!code || !*code)
        return err_field(e, GK_EINVAL, "outcome", "the reply needs an outcome (see 'gongkai apply outcomes')");
    const struct app_outcome *o = app_outcome_find(code);
    if (!o)
        return err_field(e, GK_EINVAL, "outcome", "unknown outcome '%s' (see 'gongkai apply outcomes')", code);
    if (o->via != APP_EV_ANSWER)
        return err_field(e, GK_EINVAL, "outcome", "'%s' is not a reply: it is recorded by '%s'", code,
                       o->via == APP_EV_WITHDRAW ? "apply withdraw"
                       : o->via == APP_EV_FEE_LAPSED ? "apply fee --lapse" : "apply supplement --lapse");
    if (o->needs_supplement && !a->sup_received)
        return err_field(e, GK_ESTATE, "outcome",
                       "'%s' needs a supplementation first: no supplemented application was received", code);
    if (o->needs_detail && blank(detail))
        return err_field(e, GK_EINVAL, "detail", "outcome '%s' needs --detail: say what is provided or why not", code);
    if (refer && *refer && o->row != APP_U_NOT_HELD)
        return err_field(e, GK_EINVAL, "refer", "--refer (the agency responsible) goes with unavailable.not_held only");
    int rc;
    if ((rc = lim_check(LIM_F_APP_DETAIL, detail, e)) || (rc = lim_check(LIM_F_APP_REFER, refer, e)))
        return rc;
    return 0;
}

static int ev_answer(struct step_ctx *x)
{
    struct app *a = x->a;
    int rc = app_answer_check(a, x->ev->outcome, x->ev->detail, x->ev->refer, x->e);
    if (rc)
        return rc;
    if ((rc = lim_copy(LIM_F_APP_DETAIL, a->detail, sizeof a->detail, x->ev->detail, x->e)) ||
        (rc = lim_copy(LIM_F_APP_REFER, a->refer, sizeof a->refer, x->ev->refer, x->e)))
        return rc;
    return conclude(x, APP_S_ANSWERED, x->ev->outcome);
}

static int ev_withdraw(struct step_ctx *x)
{
    if (x->ev->note && *x->ev->note) {
        int rc = lim_copy(LIM_F_APP_WITHDRAW_REASON, x->a->detail, sizeof x->a->detail, x->ev->note, x->e);
        if (rc)
            return rc;
    }
    return conclude(x, APP_S_WITHDRAWN, "other.withdrawn");
}

/* ---- delivery (送达) ----
 * The reply is served in the form the applicant asked for, or another
 * suitable one (Art. 40). What proves the service depends on the form: the
 * postal tracking number of a letter signed for (邮寄), the signature of who
 * took it in person (当面), the address it was sent to (电子邮件), nothing
 * more than the date for the reply put on the follow-up page (在线). */
const struct app_serve_rule app_serve_rules[APP_NDELIVERY + 1] = {
    [APP_DL_PAPER_POST] = {APP_DL_PAPER_POST, "邮件号", true,
                           "a posted reply needs its postal tracking number (--ref)", "以邮寄方式"},
    [APP_DL_PAPER_PICKUP] = {APP_DL_PAPER_PICKUP, "签收人", true,
                             "a reply collected in person needs the name of who signed for it (--ref)", "由申请人当面签收"},
    [APP_DL_EMAIL] = {APP_DL_EMAIL, "收件邮箱", false, NULL, "以电子邮件方式"},
    [APP_DL_DISC_POST] = {APP_DL_DISC_POST, "邮件号", true,
                          "a posted reply needs its postal tracking number (--ref)", "以邮寄方式"},
    [APP_DL_ON_SITE] = {APP_DL_ON_SITE, "签收人", true,
                        "a reply given on site needs the name of who signed for it (--ref)", "由申请人当面签收"},
    [APP_DL_ONLINE] = {APP_DL_ONLINE, "网上查阅", false, NULL, "通过网上查询"},
};

bool app_awaits_delivery(const struct app *a)
{
    return a->state == APP_S_ANSWERED && !a->dl_how;
}

static int ev_deliver(struct step_ctx *x)
{
    struct app *a = x->a;
    if (a->dl_how) {
        char d[11];
        fmt(a->delivered, d);
        return err_set(x->e, GK_ESTATE, "apply deliver", "the reply was already delivered on %s (%s)", d,
                       app_deliveries[a->dl_how].label);
    }
    int how = x->ev->how ? x->ev->how : a->delivery;
    if (how < 1 || how > APP_NDELIVERY)
        return err_field(x->e, GK_EINVAL, "how",
                       "unknown form of delivery (paper_post, paper_pickup, email, disc_post, on_site, online)");
    const struct app_serve_rule *sr = &app_serve_rules[how];
    const char *ref = x->ev->ref;
    if (how == APP_DL_EMAIL && blank(ref))
        ref = a->email;
    if (sr->needs_ref && blank(ref))
        return err_field(x->e, GK_EINVAL, "ref", "%s", sr->ref_hint);
    if (how == APP_DL_EMAIL && (blank(ref) || !strchr(ref, '@')))
        return err_field(x->e, GK_EINVAL, "ref", "a reply sent by e-mail needs the address it was sent to (--ref)");
    int rc;
    if ((rc = lim_copy(LIM_F_APP_DL_REF, a->dl_ref, sizeof a->dl_ref, ref, x->e)) ||
        (rc = lim_copy(LIM_F_APP_DL_PROOF, a->dl_proof, sizeof a->dl_proof, x->ev->proof, x->e)))
        return rc;
    a->dl_how = how;
    a->delivered = x->date;
    return 0;
}

static const struct transition {
    int event;
    unsigned from;              /* BIT(state)s it may leave */
    const char *needs;          /* what the refusal says it needs */
    int (*run)(struct step_ctx *);
} transitions[] = {
    {APP_EV_SUPPLEMENT_REQUEST, BIT(APP_S_PROCESSING), "while the application is being processed (办理中)",
     ev_sup_request},
    {APP_EV_SUPPLEMENT_RECEIVED, BIT(APP_S_AWAITING_SUPPLEMENT), "after a supplementation notice (待补正)",
     ev_sup_received},
    {APP_EV_SUPPLEMENT_LAPSED, BIT(APP_S_AWAITING_SUPPLEMENT), "after a supplementation notice (待补正)",
     ev_sup_lapsed},
    {APP_EV_CONSULT_START, BIT(APP_S_PROCESSING), "while the application is being processed (办理中)",
     ev_consult_start},
    {APP_EV_CONSULT_END, BIT(APP_S_CONSULTING), "while a consultation is open (征求意见中)", ev_consult_end},
    {APP_EV_EXTEND, BIT(APP_S_PROCESSING), "while the application is being processed (办理中)", ev_extend},
    {APP_EV_FEE_NOTICE, BIT(APP_S_PROCESSING), "while the application is being processed (办理中)", ev_fee_notice},
    {APP_EV_FEE_PAID, BIT(APP_S_AWAITING_FEE), "after a fee notice (待缴费)", ev_fee_settled},
    {APP_EV_FEE_WAIVED, BIT(APP_S_AWAITING_FEE), "after a fee notice (待缴费)", ev_fee_settled},
    {APP_EV_FEE_LAPSED, BIT(APP_S_AWAITING_FEE), "after a fee notice (待缴费)", ev_fee_lapsed},
    {APP_EV_ANSWER, BIT(APP_S_PROCESSING),
     "while the application is being processed (办理中): not while a supplement, a consultation or a payment is awaited",
     ev_answer},
    {APP_EV_WITHDRAW, OPEN_STATES, "while the application is open", ev_withdraw},
    {APP_EV_DELIVER, BIT(APP_S_ANSWERED), "after the reply (已答复)", ev_deliver},
};

static const struct transition *find_transition(int event)
{
    for (size_t i = 0; i < sizeof transitions / sizeof transitions[0]; i++)
        if (transitions[i].event == event)
            return &transitions[i];
    return NULL;
}

bool app_event_allowed(int state, int event)
{
    const struct transition *t = find_transition(event);
    return t && state >= 1 && state <= APP_NSTATES && (t->from & BIT(state));
}

int app_step(const struct app_rules *r, const cal_t *c, struct app *a, const struct app_event *ev, err *e)
{
    const struct transition *t = find_transition(ev->kind);
    if (!t)
        return err_set(e, GK_EINVAL, "apply", "unknown step %d", ev->kind);
    const char *ecode = app_events[ev->kind].code;
    if (a->state < 1 || a->state > APP_NSTATES)
        return err_set(e, GK_ESTATE, a->no, "the application has no valid state");
    if (!(t->from & BIT(a->state))) {
        if (!app_states[a->state].open && ev->kind != APP_EV_DELIVER) {
            char d[11];
            fmt(a->concluded, d);
            return err_set(e, GK_ESTATE, a->no, "%s refused: the application was concluded on %s (%s, %s)", ecode,
                           d, app_states[a->state].label, a->outcome);
        }
        return err_set(e, GK_ESTATE, a->no, "%s refused: the application is %s (%s); this step is possible only %s",
                       ecode, app_states[a->state].code, app_states[a->state].label, t->needs);
    }
    struct step_ctx x = {r, c, NULL, ev, ev->date ? ev->date : r->today, e};
    char d[11], last[11];
    fmt(x.date, d);
    fmt(a->last_step, last);
    if (x.date > r->today)
        return err_field(e, GK_EINVAL, "date", "%s is in the future", d);
    if (x.date < a->last_step)
        return err_field(e, GK_EINVAL, "date", "%s is before the application's last step (%s)%s", d, last,
                       x.date < a->received ? ", even before its receipt" : "");
    /* work on a copy: a refusal leaves *a untouched */
    struct app *work = xmalloc(sizeof *work);
    *work = *a;
    x.a = work;
    int rc = t->run(&x);
    if (!rc)
        rc = app_deadlines(r, c, work, e);
    if (!rc) {
        work->last_step = x.date;
        *a = *work;
    }
    free(work);
    return rc;
}

/* ---- presentation helpers ---- */

void app_step_summary(const struct app *a, const struct app_event *ev, buf *b)
{
    char d1[11];
    switch (ev->kind) {
    case APP_EV_SUPPLEMENT_REQUEST:
        fmt(a->sup_by, d1);
        buf_printf(b, "发出补正通知：%s；补正期限至%s", a->sup_what, d1);
        break;
    case APP_EV_SUPPLEMENT_RECEIVED:
        fmt(a->reply_due, d1);
        buf_printf(b, "收到补正后的申请，答复期限自该日重新计算，至%s", d1);
        break;
    case APP_EV_SUPPLEMENT_LAPSED:
        buf_puts(b, "申请人无正当理由逾期未补正，视为放弃申请，不再处理");
        break;
    case APP_EV_CONSULT_START:
        fmt(a->consult_due, d1);
        buf_printf(b, "书面征求%s（%s）意见，期限至%s，期间不计入答复期限", a->consult_kind == 1 ? "第三方" : "有关行政机关",
                   a->consult_party, d1);
        break;
    case APP_EV_CONSULT_END:
        fmt(a->reply_due, d1);
        buf_printf(b, "征求意见结束%s%s；累计不计入答复期限%d个工作日，答复期限至%s", ev->note && *ev->note ? "：" : "",
                   ev->note && *ev->note ? ev->note : "", a->stopped_days, d1);
        break;
    case APP_EV_EXTEND:
        fmt(a->reply_due, d1);
        buf_printf(b, "经%s同意延长答复期限%d个工作日（%s），答复期限至%s", a->ext_by, a->ext_days, a->ext_reason, d1);
        break;
    case APP_EV_FEE_NOTICE:
        fmt(a->fee_pay_by, d1);
        buf_printf(b, "发出收费通知：%s；缴费期限至%s", a->fee_working, d1);
        break;
    case APP_EV_FEE_PAID:
    case APP_EV_FEE_WAIVED:
        fmt(a->reply_due, d1);
        buf_printf(b, "%s%s%s，答复期限至%s", ev->kind == APP_EV_FEE_PAID ? "申请人已缴纳信息处理费" : "减免信息处理费",
                   ev->note && *ev->note ? "：" : "", ev->note && *ev->note ? ev->note : "", d1);
        break;
    case APP_EV_FEE_LAPSED:
        buf_puts(b, "申请人逾期未缴纳信息处理费，不再处理");
        break;
    case APP_EV_ANSWER: {
        const struct app_outcome *o = app_outcome_find(a->outcome);
        buf_printf(b, "答复：%s%s", o ? o->label : a->outcome, a->concluded > a->reply_due ? "（逾期答复）" : "");
        break;
    }
    case APP_EV_WITHDRAW:
        buf_printf(b, "申请人撤回申请%s%s", ev->note && *ev->note ? "：" : "", ev->note && *ev->note ? ev->note : "");
        break;
    case APP_EV_DELIVER:
        buf_printf(b, "答复书已送达（%s%s%s%s%s%s）", app_deliveries[a->dl_how].label, a->dl_ref[0] ? "，" : "",
                   a->dl_ref[0] ? app_serve_rules[a->dl_how].ref_label : "", a->dl_ref[0] ? "：" : "", a->dl_ref,
                   a->dl_proof[0] ? "；有送达证明" : "");
        break;
    default:
        buf_puts(b, app_events[ev->kind].label);
    }
}

void app_status_label(const struct app *a, buf *out)
{
    if (a->state < 1 || a->state > APP_NSTATES) {
        buf_puts(out, "?");
        return;
    }
    buf_puts(out, app_states[a->state].label);
    const char *notes[4];
    char ext[64];
    int n = 0;
    if (a->sup_received && app_states[a->state].open)
        notes[n++] = "已补正";
    if (a->ext_days) {
        snprintf(ext, sizeof ext, "已延期%d个工作日", a->ext_days);
        notes[n++] = ext;
    }
    if (a->fee_settled && app_states[a->state].open)
        notes[n++] = a->fee_waived ? "已减免收费" : "已缴费";
    if (a->state == APP_S_ANSWERED || a->state == APP_S_LAPSED) {
        const struct app_outcome *o = app_outcome_find(a->outcome);
        if (o)
            notes[n++] = o->label;
    }
    if (a->state == APP_S_ANSWERED && n < 4)
        notes[n++] = a->dl_how ? "已送达" : "待送达";
    for (int i = 0; i < n; i++)
        buf_printf(out, "%s%s", i ? "，" : "（", notes[i]);
    if (n)
        buf_puts(out, "）");
}

void app_mask_name(const char *name, int kind, buf *out)
{
    if (kind != COL_NATURAL) {
        buf_puts(out, name);
        return;
    }
    size_t n = strlen(name);
    uint32_t cp;
    /* code point boundaries: first, last */
    int l0 = utf8_decode(name, n, &cp);
    if (l0 <= 0) {
        buf_puts(out, "*");
        return;
    }
    size_t cps = utf8_len(name, n);
    if (cps <= 1) {
        buf_puts(out, "*");
        return;
    }
    buf_append(out, name, (size_t)l0);
    buf_puts(out, "*");
    if (cps >= 3) {
        size_t k = n;
        while (k > 0 && ((unsigned char)name[k - 1] & 0xC0) == 0x80)
            k--;
        if (k > 0)
            k--;
        buf_append(out, name + k, n - k);
    }
}

void app_json_date(buf *b, const char *key, gk_day d)
{
    char s[11];
    buf_printf(b, ",\"%s\":", key);
    if (d) {
        date_format(d, s);
        buf_printf(b, "\"%s\"", s);
    } else {
        buf_puts(b, "null");
    }
}

void app_json_str(buf *b, const char *key, const char *v)
{
    buf_printf(b, ",\"%s\":", key);
    buf_json_str(b, v ? v : "");
}

void app_to_json(const struct app *a, bool personal, buf *b)
{
    buf_puts(b, "{\"no\":");
    buf_json_str(b, a->no);
    app_json_str(b, "state", a->state >= 1 && a->state <= APP_NSTATES ? app_states[a->state].code : "");
    app_json_str(b, "channel", a->channel >= 1 && a->channel <= APP_NCHANNELS ? app_channels[a->channel].code : "");
    app_json_date(b, "submitted", a->submitted);
    app_json_date(b, "received", a->received);
    app_json_str(b, "kind", a->kind >= 0 && a->kind < COL_TOTAL ? rpt_col_keys[a->kind] : "");
    if (personal) {
        app_json_str(b, "name", a->name);
        app_json_str(b, "id_type", a->id_type);
        app_json_str(b, "id_number", a->id_number);
        app_json_str(b, "phone", a->phone);
        app_json_str(b, "email", a->email);
        app_json_str(b, "address", a->address);
    } else {
        buf m;
        buf_init(&m);
        app_mask_name(a->name, a->kind, &m);
        app_json_str(b, "name_masked", m.data ? m.data : "");
        buf_free(&m);
    }
    app_json_str(b, "request", a->request);
    app_json_str(b, "delivery", a->delivery >= 1 && a->delivery <= APP_NDELIVERY ? app_deliveries[a->delivery].code : "");
    app_json_date(b, "clock_start", a->clock_start);
    app_json_date(b, "sup_notice", a->sup_notice);
    app_json_date(b, "sup_by", a->sup_by);
    app_json_date(b, "sup_received", a->sup_received);
    if (a->sup_notice)
        app_json_str(b, "sup_what", a->sup_what);
    buf_printf(b, ",\"consults\":%d,\"stopped_days\":%d", a->consults, a->stopped_days);
    if (a->consults) {
        app_json_str(b, "consult_kind", a->consult_kind == 1 ? "third_party" : "other_agency");
        app_json_str(b, "consult_party", a->consult_party);
        app_json_date(b, "consult_start", a->consult_start);
        app_json_date(b, "consult_due", a->consult_due);
    }
    buf_printf(b, ",\"ext_days\":%d", a->ext_days);
    if (a->ext_days) {
        app_json_date(b, "ext_on", a->ext_on);
        app_json_str(b, "ext_by", a->ext_by);
        app_json_str(b, "ext_reason", a->ext_reason);
    }
    if (a->fee_method) {
        app_json_str(b, "fee_method", a->fee_method == FEE_BY_COUNT ? "by_count" : "by_pages");
        buf_printf(b, ",\"fee_yuan\":%lld", (long long)a->fee_yuan);
        app_json_date(b, "fee_notice", a->fee_notice);
        app_json_date(b, "fee_pay_by", a->fee_pay_by);
        app_json_date(b, "fee_settled", a->fee_settled);
        buf_printf(b, ",\"fee_waived\":%s", a->fee_waived ? "true" : "false");
    }
    if (a->outcome[0])
        app_json_str(b, "outcome", a->outcome);
    else
        buf_puts(b, ",\"outcome\":null");
    app_json_date(b, "concluded", a->concluded);
    if (a->detail[0])
        app_json_str(b, "detail", a->detail);
    if (a->refer[0])
        app_json_str(b, "refer", a->refer);
    if (a->dl_how) {
        app_json_str(b, "delivered_by", app_deliveries[a->dl_how].code);
        app_json_date(b, "delivered", a->delivered);
        if (personal || a->dl_how != APP_DL_EMAIL)
            app_json_str(b, "delivery_ref", a->dl_ref);
        if (a->dl_proof[0])
            app_json_str(b, "delivery_proof", a->dl_proof);
    }
    app_json_date(b, "reply_due", a->reply_due);
    app_json_date(b, "due", a->due);
    buf_printf(b, ",\"provisional\":%s", a->provisional ? "true" : "false");
    app_json_str(b, "due_kind", app_due_codes[a->due_kind]);
    buf_putc(b, '}');
}
