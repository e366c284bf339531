/*
 * engage — deputies' suggestions and members' proposals (建议提案): deadlines
 * counted in months from assignment, the reply and its class, the deputy's
 * rating, handling again after "not satisfied", and the publication of the
 * reply (国办发〔2014〕46号: replies are in principle published in full; a
 * summary only, with the reason).
 */
#include <stdio.h>
#include <string.h>

#include "engage/engage.h"
#include "publish/publish.h"

void sug_rules_default(struct sug_rules *r, gk_day today)
{
    r->lead_months = 3;       /* common rule of the assigning offices: three months */
    r->joint_months = 1;      /* joint handlers give the lead their opinion within one month */
    r->max_months = 6;        /* complex ones: six months at the most, with the office's consent */
    r->rehandle_months = 3;   /* "not satisfied": handled again and answered within three months */
    r->today = today;
}

int sug_rules_set(struct sug_rules *r, const char *key, const char *value, err *e)
{
    static const struct { const char *key; size_t off; } keys[] = {
        {"suggestion.lead_months", offsetof(struct sug_rules, lead_months)},
        {"suggestion.joint_months", offsetof(struct sug_rules, joint_months)},
        {"suggestion.max_months", offsetof(struct sug_rules, max_months)},
        {"suggestion.rehandle_months", offsetof(struct sug_rules, rehandle_months)},
    };
    for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++) {
        if (strcmp(key, keys[i].key) != 0)
            continue;
        int64_t n;
        if (!value || !parse_i64(value, strlen(value), &n) || n < 1 || n > 12)
            return err_set(e, GK_EINVAL, key, "'%s' is not a number of months from 1 to 12", value ? value : "");
        *(int *)((char *)r + keys[i].off) = (int)n;
        return 0;
    }
    return err_set(e, GK_EINVAL, key, "not a setting of the suggestion register");
}

gk_day eng_add_months(gk_day from, int months)
{
    int y, m, d;
    date_to_ymd(from, &y, &m, &d);
    int mm = m - 1 + months;
    y += mm / 12;
    m = mm % 12 + 1;
    static const int mdays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    int last = mdays[m - 1] + (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0));
    return date_from_ymd(y, m, d > last ? last : d);
}

int sug_register(const struct sug_rules *r, struct sug *s, err *e)
{
    if (s->kind < 1 || s->kind > SUG_NKINDS)
        return err_field(e, GK_EINVAL, "kind", "say whether it is a deputy's suggestion (npc) or a member's proposal "
                       "(cppcc)");
    if (s->role < 1 || s->role > SUG_NROLES)
        return err_field(e, GK_EINVAL, "role", "say whether this agency leads (lead) or joins (joint)");
    if (!*s->number)
        return err_field(e, GK_EINVAL, "number", "the number the assigning office gave is required");
    if (!*s->author)
        return err_field(e, GK_EINVAL, "author", "name the deputy or member");
    if (!*s->title)
        return err_field(e, GK_EINVAL, "title", "the title is required");
    if (!s->assigned)
        s->assigned = r->today;
    if (s->assigned > r->today)
        return err_field(e, GK_EINVAL, "assigned", "a suggestion cannot be assigned in the future");
    if (!s->due)
        s->due = eng_add_months(s->assigned, s->role == SUG_LEAD ? r->lead_months : r->joint_months);
    else if (s->due < s->assigned || s->due > eng_add_months(s->assigned, r->max_months))
        return err_field(e, GK_EINVAL, "due", "the deadline must fall within %d months of assignment", r->max_months);
    s->state = SUG_S_HANDLING;
    s->cls = SUG_C_NONE;
    s->rating = SUG_R_NONE;
    s->published = false;
    return 0;
}

/* A required text field. */
static int put(char *dst, size_t cap, const char *v, int max, const char *field, const char *what, err *e)
{
    if (!v || !*v)
        return err_field(e, GK_EINVAL, field, "%s is required", what);
    return eng_copy(dst, cap, v, max, field, e);
}

static int step_reply(const struct sug_rules *r, struct sug *s, const struct sug_step *st, err *e)
{
    (void)r;
    if (s->state != SUG_S_HANDLING && s->state != SUG_S_REHANDLING)
        return err_set(e, GK_ESTATE, "", "the suggestion was answered already (%s)", sug_states[s->state].label);
    if (s->role == SUG_LEAD && (st->cls < SUG_C_A || st->cls > SUG_C_C))
        return err_field(e, GK_EINVAL, "class", "the lead handler's reply is classed A, B or C");
    if (s->role == SUG_JOINT && st->cls != SUG_C_NONE)
        return err_field(e, GK_EINVAL, "class", "a joint handler gives its opinion to the lead, who classes the reply");
    int rc = put(s->reply, sizeof s->reply, st->text, ENG_TEXT, "text", "the reply", e);
    if (rc)
        return rc;
    s->cls = st->cls;
    s->replied = st->on;
    s->state = SUG_S_REPLIED;
    return 0;
}

static int step_rate(const struct sug_rules *r, struct sug *s, const struct sug_step *st, err *e)
{
    if (s->role != SUG_LEAD)
        return err_set(e, GK_ESTATE, "", "the deputy rates the lead handler's reply");
    if (s->state != SUG_S_REPLIED)
        return err_set(e, GK_ESTATE, "", "only a reply can be rated");
    if (st->rating < SUG_R_SATISFIED || st->rating > SUG_NRATINGS)
        return err_field(e, GK_EINVAL, "rating", "satisfied, basic or not");
    s->rating = st->rating;
    s->rated = st->on;
    if (st->rating == SUG_R_NOT) {   /* handled again, answered again within the period */
        s->state = SUG_S_REHANDLING;
        s->due = eng_add_months(st->on, r->rehandle_months);
        s->rounds++;
        s->published = false;
    } else {
        s->state = SUG_S_RATED;
    }
    return 0;
}

static int step_extend(const struct sug_rules *r, struct sug *s, const struct sug_step *st, err *e)
{
    if (s->state != SUG_S_HANDLING)
        return err_set(e, GK_ESTATE, "", "only a suggestion being handled is extended");
    gk_day limit = eng_add_months(s->assigned, r->max_months);
    if (!st->until || st->until <= s->due || st->until > limit) {
        char d[11];
        date_format(limit, d);
        return err_field(e, GK_EINVAL, "until", "the new deadline must be later than the present one and no later "
                       "than %s (%d months from assignment)", d, r->max_months);
    }
    int rc = put(s->extend_reason, sizeof s->extend_reason, st->text, ENG_SHORT, "text",
                 "the reason (and the assigning office's consent)", e);
    if (rc)
        return rc;
    s->due = st->until;
    s->extended = true;
    return 0;
}

static int step_publish(const struct sug_rules *r, struct sug *s, const struct sug_step *st, err *e)
{
    (void)r;
    if (s->role != SUG_LEAD)
        return err_set(e, GK_ESTATE, "", "the lead handler publishes the reply");
    if (s->state != SUG_S_REPLIED && s->state != SUG_S_RATED)
        return err_set(e, GK_ESTATE, "", "there is no reply to publish yet");
    if (st->summary) {
        int rc = put(s->summary_reason, sizeof s->summary_reason, st->text, ENG_SHORT, "text",
                     "why only a summary is published (the full reply is the rule)", e);
        if (rc)
            return rc;
    } else {
        s->summary_reason[0] = 0;
    }
    s->summary_only = st->summary;
    s->published = true;
    return 0;
}

int sug_apply(const struct sug_rules *r, struct sug *s, const struct sug_step *st, err *e)
{
    static int (*const fns[SUG_NEVENTS + 1])(const struct sug_rules *, struct sug *, const struct sug_step *,
                                              err *) = {
        [SUG_EV_REPLY] = step_reply, [SUG_EV_RATE] = step_rate, [SUG_EV_EXTEND] = step_extend,
        [SUG_EV_PUBLISH] = step_publish,
    };
    if (st->ev < 1 || st->ev > SUG_NEVENTS)
        return err_set(e, GK_EINVAL, "", "no such step");
    struct sug_step x = *st;
    if (!x.on)
        x.on = r->today;
    if (x.on > r->today || x.on < s->assigned)
        return err_field(e, GK_EINVAL, "date", "a step is dated between assignment and today");
    struct sug copy = *s;
    int rc = fns[st->ev](r, &copy, &x, e);
    if (!rc)
        *s = copy;
    return rc;
}

bool sug_overdue(const struct sug_rules *r, const struct sug *s)
{
    return (s->state == SUG_S_HANDLING || s->state == SUG_S_REHANDLING) && r->today > s->due;
}

int sug_reply_doc(const struct sug *x, const char *issuer, struct doc *d, err *e)
{
    doc_init(d);
    d->agency_id = x->agency_id;
    buf t;
    buf_init(&t);
    buf_printf(&t, "关于%s%s《%s》的%s", sug_kinds[x->kind].label, x->number, x->title,
               x->summary_only ? "答复摘要" : "答复");
    int rc = eng_copy(d->title, sizeof d->title, t.data, LIM_DOC_TITLE, "title", e);
    buf_reset(&t);
    if (x->summary_only)
        buf_printf(&t, "（摘要公开。理由：%s）\n\n", x->summary_reason);
    buf_puts(&t, x->reply);
    if (!rc)
        rc = eng_copy(d->issuer, sizeof d->issuer, issuer, LIM_DOC_ISSUER, "issuer", e);
    snprintf(d->category, sizeof d->category, "建议提案办理");
    d->body = xstrdup(t.data ? t.data : "");
    d->written = x->replied;
    buf_free(&t);
    return rc;
}
