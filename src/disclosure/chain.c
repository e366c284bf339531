/*
 * disclosure — the handling chain of an application as a table of rules
 * (chain.h): for each action, the chain states it may leave, who may take
 * it, and the state it leads to. "由经办人员提出初步办理意见…由分管领导审核"
 * (the office's practice in the annual reports; the Regulation's Art. 33
 * makes the agency answerable for the reply, not one clerk). Nobody approves
 * their own draft; a handler drafts only the cases assigned to them; an
 * answer is given only on an approved draft (app_chain_issue).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "disclosure/chain.h"
#include "disclosure/disclosure_internal.h"

#define BIT(s) (1u << (s))

const struct app_chain_state_def app_chain_states[APP_CH_NSTATES + 1] = {
    [APP_CH_NONE] = {"none", "未分办"},         [APP_CH_ASSIGNED] = {"assigned", "承办中"},
    [APP_CH_DRAFTED] = {"drafted", "待审批"},   [APP_CH_RETURNED] = {"returned", "已退回修改"},
    [APP_CH_APPROVED] = {"approved", "已审批"}, [APP_CH_ISSUED] = {"issued", "已答复"},
};

const struct app_chain_action_def app_chain_actions[APP_CA_NACTIONS + 1] = {
    [APP_CA_ASSIGN] = {"assign", "分办"},   [APP_CA_REASSIGN] = {"reassign", "改派"},
    [APP_CA_DRAFT] = {"draft", "拟办"},     [APP_CA_RETURN] = {"return", "退回修改"},
    [APP_CA_APPROVE] = {"approve", "审批同意"},
};

int app_chain_state_from_code(const char *code)
{
    for (int i = 0; code && i <= APP_CH_NSTATES; i++)
        if (strcmp(app_chain_states[i].code, code) == 0)
            return i;
    return -1;
}

int app_chain_action_from_code(const char *code)
{
    for (int i = 1; code && i <= APP_CA_NACTIONS; i++)
        if (strcmp(app_chain_actions[i].code, code) == 0)
            return i;
    return -1;
}

/* ---- who is designated (settings) ---- */

const char *const app_chain_rule_keys[] = {"disclosure.approvers", "disclosure.assigners", NULL};

void app_chain_rules_default(struct app_chain_rules *r, gk_day today)
{
    memset(r, 0, sizeof *r);
    snprintf(r->approvers, sizeof r->approvers, "role:leader");
    snprintf(r->assigners, sizeof r->assigners, "role:office");
    r->today = today;
}

int app_chain_rules_set(struct app_chain_rules *r, const char *key, const char *value, err *e)
{
    char *dst;
    size_t cap;
    if (strcmp(key, "disclosure.approvers") == 0) {
        dst = r->approvers;
        cap = sizeof r->approvers;
    } else if (strcmp(key, "disclosure.assigners") == 0) {
        dst = r->assigners;
        cap = sizeof r->assigners;
    } else {
        return err_set(e, GK_EINVAL, key, "unknown setting");
    }
    size_t n = strlen(value);
    if (n >= cap || !utf8_valid(value, n, NULL))
        return err_set(e, GK_EINVAL, key, "at most %zu bytes of UTF-8 (names or role:KEY, comma-separated)", cap - 1);
    bool any = false;
    for (const char *p = value; *p; p++)
        if (*p != ',' && *p != ' ')
            any = true;
    if (!any)
        return err_set(e, GK_EINVAL, key, "name at least one person or role:KEY (the chain cannot run without one)");
    memcpy(dst, value, n + 1);
    return 0;
}

/* Whether who matches one entry of a comma-separated list ("王主任,role:leader"). */
static bool listed(const char *list, const struct app_chain_actor *who)
{
    const char *p = list;
    while (*p) {
        while (*p == ' ' || *p == ',')
            p++;
        const char *end = p;
        while (*end && *end != ',')
            end++;
        size_t n = (size_t)(end - p);
        while (n && p[n - 1] == ' ')
            n--;
        if (n > 5 && strncmp(p, "role:", 5) == 0) {
            if (who->role && strlen(who->role) == n - 5 && strncmp(who->role, p + 5, n - 5) == 0)
                return true;
        } else if (n && who->name && strlen(who->name) == n && strncmp(who->name, p, n) == 0) {
            return true;
        }
        p = end;
    }
    return false;
}

bool app_chain_is_approver(const struct app_chain_rules *r, const struct app_chain_actor *who)
{
    return listed(r->approvers, who);
}

bool app_chain_is_assigner(const struct app_chain_rules *r, const struct app_chain_actor *who)
{
    return listed(r->assigners, who) || listed(r->approvers, who);
}

void app_chain_init(struct app_chain *c, const struct app *a)
{
    memset(c, 0, sizeof *c);
    c->app_id = a->id;
    c->agency_id = a->agency_id;
    c->state = APP_CH_NONE;
}

/* ---- the table ---- */

enum who { WHO_ASSIGNER, WHO_HANDLER, WHO_APPROVER };

struct chain_ctx {
    const struct app_chain_rules *r;
    const struct app *a;
    struct app_chain *c;
    const struct app_chain_actor *who;
    const struct app_chain_event *ev;
    gk_day date;
    err *e;
};

static bool blank(const char *s)
{
    for (; s && *s; s++)
        if (*s != ' ' && *s != '\t' && *s != '\n' && *s != '\r')
            return false;
    return true;
}

static int set_handler(struct chain_ctx *x)
{
    if (blank(x->ev->to))
        return err_field(x->e, GK_EINVAL, "handler", "name the handler the application goes to");
    int rc = lim_copy(LIM_F_CHAIN_HANDLER, x->c->handler, sizeof x->c->handler, x->ev->to, x->e);
    if (rc)
        return rc;
    snprintf(x->c->assigned_by, sizeof x->c->assigned_by, "%s", x->who->name);
    x->c->assigned_on = x->date;
    x->c->state = APP_CH_ASSIGNED;
    return 0;
}

static int do_assign(struct chain_ctx *x) { return set_handler(x); }

static int do_reassign(struct chain_ctx *x)
{
    if (blank(x->ev->reason))
        return err_field(x->e, GK_EINVAL, "reason", "say why the application goes to another handler");
    int rc = lim_check(LIM_F_CHAIN_REASON, x->ev->reason, x->e);
    if (rc)
        return rc;
    if (x->ev->to && strcmp(x->ev->to, x->c->handler) == 0)
        return err_field(x->e, GK_EINVAL, "handler", "%s already handles it", x->c->handler);
    return set_handler(x);
}

static int do_draft(struct chain_ctx *x)
{
    const struct app_chain_event *ev = x->ev;
    struct app_chain *c = x->c;
    int rc = app_answer_check(x->a, ev->outcome, ev->detail, ev->refer, x->e);
    if (rc)
        return rc;
    if (ev->ndocs < 0 || ev->ndocs > APP_CHAIN_MAX_DOCS)
        return err_field(x->e, GK_EINVAL, "docs", "a reply cites at most %d registered documents", APP_CHAIN_MAX_DOCS);
    if (ev->nfiles < 0 || ev->nfiles > APP_CHAIN_MAX_FILES)
        return err_field(x->e, GK_EINVAL, "file", "a reply releases at most %d files", APP_CHAIN_MAX_FILES);
    if ((rc = lim_copy(LIM_F_APP_DETAIL, c->detail, sizeof c->detail, ev->detail, x->e)) ||
        (rc = lim_copy(LIM_F_APP_REFER, c->refer, sizeof c->refer, ev->refer, x->e)) ||
        (rc = lim_copy(LIM_F_CHAIN_LETTER, c->letter, sizeof c->letter, ev->letter, x->e)))
        return rc;
    snprintf(c->outcome, sizeof c->outcome, "%s", ev->outcome);
    for (int i = 0; i < ev->ndocs; i++)
        c->docs[i] = ev->docs[i];
    c->ndocs = ev->ndocs;
    snprintf(c->drafter, sizeof c->drafter, "%s", x->who->name);
    c->drafted_on = x->date;
    c->state = APP_CH_DRAFTED;
    return 0;
}

static int decide(struct chain_ctx *x, int state)
{
    snprintf(x->c->approver, sizeof x->c->approver, "%s", x->who->name);
    x->c->decided_on = x->date;
    x->c->state = state;
    return 0;
}

static int do_return(struct chain_ctx *x)
{
    if (blank(x->ev->comment))
        return err_field(x->e, GK_EINVAL, "comment", "say what the handler must change");
    int rc = lim_copy(LIM_F_CHAIN_COMMENT, x->c->comment, sizeof x->c->comment, x->ev->comment, x->e);
    if (rc)
        return rc;
    x->c->returns++;
    return decide(x, APP_CH_RETURNED);
}

static int do_approve(struct chain_ctx *x) { return decide(x, APP_CH_APPROVED); }

static const struct chain_rule {
    int action;
    unsigned from;             /* BIT(state)s it may leave */
    enum who who;
    bool not_drafter;          /* refused to the one who drafted */
    const char *needs;         /* what the refusal says the state must be */
    int (*run)(struct chain_ctx *);
} rules[] = {
    {APP_CA_ASSIGN, BIT(APP_CH_NONE), WHO_ASSIGNER, false, "before it was assigned (未分办)", do_assign},
    {APP_CA_REASSIGN, BIT(APP_CH_ASSIGNED) | BIT(APP_CH_DRAFTED) | BIT(APP_CH_RETURNED), WHO_ASSIGNER, false,
     "while it is assigned, drafted or returned (not after approval)", do_reassign},
    {APP_CA_DRAFT, BIT(APP_CH_ASSIGNED) | BIT(APP_CH_RETURNED), WHO_HANDLER, false,
     "while it is with its handler (承办中) or returned (已退回修改)", do_draft},
    {APP_CA_RETURN, BIT(APP_CH_DRAFTED), WHO_APPROVER, true, "while a draft awaits approval (待审批)", do_return},
    {APP_CA_APPROVE, BIT(APP_CH_DRAFTED), WHO_APPROVER, true, "while a draft awaits approval (待审批)", do_approve},
};

static int check_who(const struct chain_rule *t, struct chain_ctx *x, const char *act)
{
    const struct app_chain_actor *w = x->who;
    const char *no = x->a->no;
    switch (t->who) {
    case WHO_ASSIGNER:
        if (!app_chain_is_assigner(x->r, w))
            return err_set(x->e, GK_ESTATE, no,
                           "%s refused: %s is not among those who assign applications (disclosure.assigners: %s; "
                           "disclosure.approvers: %s)", act, w->name, x->r->assigners, x->r->approvers);
        return 0;
    case WHO_HANDLER:
        if (strcmp(w->name, x->c->handler) != 0)
            return err_set(x->e, GK_ESTATE, no, "%s refused: the application is assigned to %s, not to %s", act,
                           x->c->handler, w->name);
        return 0;
    case WHO_APPROVER:
        if (!app_chain_is_approver(x->r, w))
            return err_set(x->e, GK_ESTATE, no, "%s refused: %s is not an approver of this agency "
                           "(disclosure.approvers: %s)", act, w->name, x->r->approvers);
        if (t->not_drafter && strcmp(w->name, x->c->drafter) == 0)
            return err_set(x->e, GK_ESTATE, no, "%s refused: %s drafted this reply; nobody approves their own "
                           "draft (an agency of one person names its leader as approver)", act, w->name);
        return 0;
    }
    abort();
}

int app_chain_step(const struct app_chain_rules *r, const struct app *a, struct app_chain *c,
                   const struct app_chain_actor *who, const struct app_chain_event *ev, err *e)
{
    const struct chain_rule *t = NULL;
    for (size_t i = 0; i < sizeof rules / sizeof rules[0]; i++)
        if (rules[i].action == ev->action)
            t = &rules[i];
    if (!t)
        return err_set(e, GK_EINVAL, "apply", "unknown handling step %d", ev->action);
    const char *act = app_chain_actions[t->action].code;
    if (!who || blank(who->name))
        return err_set(e, GK_EINVAL, "actor", "%s: say who acts", act);
    if (!app_states[a->state].open)
        return err_set(e, GK_ESTATE, a->no, "%s refused: the application was concluded (%s)", act,
                       app_states[a->state].label);
    if (c->state < 0 || c->state > APP_CH_NSTATES)
        return err_set(e, GK_ESTATE, a->no, "the handling chain has no valid state");
    if (!(t->from & BIT(c->state)))
        return err_set(e, GK_ESTATE, a->no, "%s refused: the reply is %s (%s); this step is possible only %s", act,
                       app_chain_states[c->state].code, app_chain_states[c->state].label, t->needs);
    struct chain_ctx x = {r, a, c, who, ev, ev->date ? ev->date : r->today, e};
    char d[11], lim[11];
    date_format(x.date, d);
    if (x.date > r->today)
        return err_field(e, GK_EINVAL, "date", "%s is in the future", d);
    gk_day floor = c->last_on > a->received ? c->last_on : a->received;
    if (x.date < floor) {
        date_format(floor, lim);
        return err_field(e, GK_EINVAL, "date", "%s is before the last step of the application's handling (%s)", d, lim);
    }
    int rc = check_who(t, &x, act);
    if (rc)
        return rc;
    /* work on a copy: a refusal leaves *c untouched */
    struct app_chain *work = xmalloc(sizeof *work);
    *work = *c;
    x.c = work;
    if (!(rc = t->run(&x))) {
        work->last_on = x.date;
        *c = *work;
    }
    free(work);
    return rc;
}

void app_chain_summary(const struct app_chain *c, const struct app_chain_event *ev, buf *b)
{
    switch (ev->action) {
    case APP_CA_ASSIGN:
        buf_printf(b, "分办：交%s承办", c->handler);
        break;
    case APP_CA_REASSIGN:
        buf_printf(b, "改派：交%s承办（%s）", c->handler, ev->reason ? ev->reason : "");
        break;
    case APP_CA_DRAFT: {
        const struct app_outcome *o = app_outcome_find(c->outcome);
        buf_printf(b, "拟办：拟答复%s", o ? o->label : c->outcome);
        if (ev->nfiles)
            buf_printf(b, "，拟提供文件%d件", ev->nfiles);
        if (c->ndocs)
            buf_printf(b, "，引用登记文件%d件", c->ndocs);
        buf_puts(b, "，报审批");
        break;
    }
    case APP_CA_RETURN:
        buf_printf(b, "退回修改：%s", c->comment);
        break;
    case APP_CA_APPROVE:
        buf_puts(b, "审批同意拟办意见");
        break;
    default:
        buf_puts(b, "?");
    }
}

int app_chain_issue(struct app_chain *c, const struct app *after, err *e)
{
    if (c->state != APP_CH_APPROVED) {
        const char *why = c->state == APP_CH_NONE ? "it was never assigned and drafted (apply assign, apply draft)"
                          : c->state == APP_CH_ASSIGNED ? "its handler has not drafted the reply yet (apply draft)"
                          : c->state == APP_CH_DRAFTED ? "the draft awaits approval (apply approve)"
                          : c->state == APP_CH_RETURNED ? "the draft was returned for changes (apply draft again)"
                                                        : "it was answered already";
        return err_set(e, GK_ESTATE, after->no, "answer refused: no approved reply: %s", why);
    }
    if (strcmp(after->outcome, c->outcome) != 0)
        return err_set(e, GK_ESTATE, after->no, "answer refused: the reply approved is '%s', not '%s'", c->outcome,
                       after->outcome);
    if (strcmp(after->detail, c->detail) != 0 || strcmp(after->refer, c->refer) != 0)
        return err_set(e, GK_ESTATE, after->no,
                       "answer refused: the reply's text differs from the draft approved (--detail, --refer): "
                       "answer with the reply approved, or have a new draft approved");
    c->state = APP_CH_ISSUED;
    if (after->concluded > c->last_on)
        c->last_on = after->concluded;
    return 0;
}

void app_chain_to_json(const struct app_chain *c, buf *b)
{
    buf_puts(b, "{\"state\":");
    buf_json_str(b, c->state >= 0 && c->state <= APP_CH_NSTATES ? app_chain_states[c->state].code : "");
    app_json_str(b, "handler", c->handler);
    app_json_str(b, "assigned_by", c->assigned_by);
    app_json_date(b, "assigned_on", c->assigned_on);
    app_json_str(b, "drafter", c->drafter);
    app_json_date(b, "drafted_on", c->drafted_on);
    app_json_str(b, "outcome", c->outcome);
    app_json_str(b, "detail", c->detail);
    app_json_str(b, "refer", c->refer);
    app_json_str(b, "letter", c->letter);
    buf_puts(b, ",\"docs\":[");
    for (int i = 0; i < c->ndocs; i++)
        buf_printf(b, "%s%lld", i ? "," : "", (long long)c->docs[i]);
    buf_putc(b, ']');
    app_json_str(b, "approver", c->approver);
    app_json_date(b, "decided_on", c->decided_on);
    app_json_str(b, "comment", c->comment);
    buf_printf(b, ",\"returns\":%d", c->returns);
    buf_putc(b, '}');
}

void app_chain_cite(buf *out, const char *title, const char *docno)
{
    buf_printf(out, "%s《%s》", out->len ? "、" : "", title);
    if (docno && *docno)
        buf_printf(out, "（%s）", docno);
}
