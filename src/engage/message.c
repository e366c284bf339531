/*
 * engage — the message register (咨询、建议、投诉、举报、求助): registration,
 * the steps as a transition table, deadlines on the working-day calendar,
 * urgency, and what the public may see.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engage/engage.h"
#include "publish/publish.h"

void msg_rules_default(struct msg_rules *r, gk_day today)
{
    memset(r, 0, sizeof *r);
    for (int k = 1; k <= MSG_NKINDS; k++)
        r->days[k] = msg_kinds[k].days;
    r->review = false;
    r->due_soon = 3;
    r->today = today;
}

static int int_in(const char *key, const char *v, int lo, int hi, int *out, err *e)
{
    int64_t n;
    if (!v || !parse_i64(v, strlen(v), &n) || n < lo || n > hi)
        return err_set(e, GK_EINVAL, key, "'%s' is not a whole number from %d to %d", v ? v : "", lo, hi);
    *out = (int)n;
    return 0;
}

int msg_rules_set(struct msg_rules *r, const char *key, const char *value, err *e)
{
    if (strncmp(key, "message.days.", 13) == 0) {
        int k = msg_kind_find(key + 13);
        if (k < 0)
            return err_set(e, GK_EINVAL, key, "no message kind '%s' (consult, suggest, complaint, report, help, "
                           "disclosure)", key + 13);
        return int_in(key, value, 1, 60, &r->days[k], e);
    }
    if (strcmp(key, "message.review") == 0) {
        if (value && (strcmp(value, "on") == 0 || strcmp(value, "off") == 0)) {
            r->review = strcmp(value, "on") == 0;
            return 0;
        }
        return err_set(e, GK_EINVAL, key, "'%s' is not on or off", value ? value : "");
    }
    if (strcmp(key, "message.due_soon") == 0)
        return int_in(key, value, 0, 20, &r->due_soon, e);
    return err_set(e, GK_EINVAL, key, "not a setting of the message register");
}

static int set_due(const struct msg_rules *r, const cal_t *c, struct msg *m, err *e)
{
    if (m->order_due) {
        m->due = m->order_due;
        m->due_provisional = cal_range_provisional(c, m->received, m->due);
        return 0;
    }
    int rc = cal_add_workdays(c, m->received, r->days[m->kind], &m->due, e);
    if (rc)
        return rc;
    m->due_provisional = cal_range_provisional(c, m->received, m->due);
    return 0;
}

int msg_register(const struct msg_rules *r, const cal_t *c, struct msg *m, err *e)
{
    if (m->source < 1 || m->source > MSG_NSOURCES)
        return err_field(e, GK_EINVAL, "source", "say where the message came from (website, phone, in_person, "
                       "letter, hotline, platform)");
    if (m->kind < 1 || m->kind > MSG_NKINDS)
        return err_field(e, GK_EINVAL, "kind", "say what kind of message it is (consult, suggest, complaint, report, "
                       "help, disclosure)");
    const struct msg_source_def *src = &msg_sources[m->source];
    if (src->order_no && !*m->order_no)
        return err_field(e, GK_EINVAL, "order_no", "a 12345 work order is registered with its order number");
    if (src->platform && !*m->platform)
        return err_field(e, GK_EINVAL, "platform", "name the platform the message was passed on from");
    if (!*m->body)
        return err_field(e, GK_EINVAL, "body", "the message itself is empty");
    if (!m->received)
        m->received = r->today;
    if (m->received > r->today)
        return err_field(e, GK_EINVAL, "received", "a message cannot arrive in the future");
    if (m->order_due && m->order_due < m->received)
        return err_field(e, GK_EINVAL, "order_due", "the work order's deadline is before the day it was received");
    if (m->order_due && m->source != MSG_SRC_HOTLINE && m->source != MSG_SRC_PLATFORM)
        return err_field(e, GK_EINVAL, "order_due", "only a work order passed on by the hotline or another platform "
                       "brings its own deadline");
    m->state = MSG_S_OPEN;
    m->published = false;
    m->last_on = m->received;
    return set_due(r, c, m, e);
}

/* ---- steps ------------------------------------------------------------ */
#define FROM(s) (1u << (s))

typedef int (*msg_check_fn)(const struct msg_rules *r, struct msg *m, const struct msg_step *s, err *e);

static int need_text(const struct msg_step *s, const char *what, err *e)
{
    if (!s->text || !*s->text)
        return err_field(e, GK_EINVAL, "text", "%s is required", what);
    return 0;
}

static int ck_assign(const struct msg_rules *r, struct msg *m, const struct msg_step *s, err *e)
{
    (void)r;
    int rc = need_text(s, "the handler's name", e);
    return rc ? rc : eng_copy(m->handler, sizeof m->handler, s->text, ENG_PERSON, "handler", e);
}

static int ck_answer(const struct msg_rules *r, struct msg *m, const struct msg_step *s, err *e)
{
    int rc = need_text(s, "the answer", e);
    if (!rc)
        rc = eng_copy(m->answer, sizeof m->answer, s->text, ENG_TEXT, "answer", e);
    if (rc)
        return rc;
    snprintf(m->answered_by, sizeof m->answered_by, "%s", s->actor ? s->actor : "");
    m->review_note[0] = 0;
    if (!r->review)
        m->answered = s->on;
    return 0;
}

static int ck_approve(const struct msg_rules *r, struct msg *m, const struct msg_step *s, err *e)
{
    (void)r;
    if (s->actor && *s->actor && strcmp(s->actor, m->answered_by) == 0)
        return err_field(e, GK_ESTATE, "actor", "an answer is approved by someone other than the person who wrote it");
    m->answered = s->on;
    return 0;
}

static int ck_return(const struct msg_rules *r, struct msg *m, const struct msg_step *s, err *e)
{
    (void)r;
    int rc = need_text(s, "what to change in the answer", e);
    return rc ? rc : eng_copy(m->review_note, sizeof m->review_note, s->text, ENG_SHORT, "text", e);
}

static int ck_hotline(const struct msg_rules *r, struct msg *m, const struct msg_step *s, err *e)
{
    (void)r;
    if (m->source != MSG_SRC_HOTLINE && m->source != MSG_SRC_PLATFORM)
        return err_set(e, GK_ESTATE, "", "only a work order passed on by a platform is returned to it");
    int rc = need_text(s, "the reference the platform gave the reply", e);
    if (!rc)
        rc = eng_copy(m->hotline_ref, sizeof m->hotline_ref, s->text, ENG_SHORT, "text", e);
    if (!rc)
        m->hotline_returned = s->on;
    return rc;
}

static int ck_rectify(const struct msg_rules *r, struct msg *m, const struct msg_step *s, err *e)
{
    (void)r;
    if (!msg_kinds[m->kind].rectification && m->kind != MSG_K_COMPLAINT)
        return err_set(e, GK_ESTATE, "", "a rectification is recorded for complaints");
    int rc = need_text(s, "the rectification (or the finding that none is due)", e);
    return rc ? rc : eng_copy(m->rectification, sizeof m->rectification, s->text, ENG_TEXT, "text", e);
}

static int ck_visit(const struct msg_rules *r, struct msg *m, const struct msg_step *s, err *e)
{
    (void)r;
    if (s->rating < MSG_R_SATISFIED || s->rating > MSG_NRATINGS)
        return err_field(e, GK_EINVAL, "rating", "say what the asker said: satisfied, basic, not or unreachable");
    if ((m->source == MSG_SRC_HOTLINE || m->source == MSG_SRC_PLATFORM) && !m->hotline_returned)
        return err_set(e, GK_ESTATE, "", "return the reply to the platform that passed the work order on "
                       "before closing it");
    if (msg_kinds[m->kind].rectification && !*m->rectification)
        return err_set(e, GK_ESTATE, "", "a complaint about disclosure work is closed with its rectification "
                       "on record");
    m->rating = s->rating;
    m->closed = s->on;
    return 0;
}

static int ck_publish(const struct msg_rules *r, struct msg *m, const struct msg_step *s, err *e)
{
    (void)r;
    (void)s;
    if (!msg_kinds[m->kind].publishable)
        return err_set(e, GK_ESTATE, "", "a %s is never shown to the public", msg_kinds[m->kind].label);
    if (!m->public_wish)
        return err_set(e, GK_ESTATE, "", "the asker did not allow the exchange to be shown");
    m->published = true;
    return 0;
}

static int ck_unpublish(const struct msg_rules *r, struct msg *m, const struct msg_step *s, err *e)
{
    (void)r;
    (void)s;
    if (!m->published)
        return err_set(e, GK_ESTATE, "", "the exchange is not shown to the public");
    m->published = false;
    return 0;
}

/* One row a step: the states it may leave, the state it leads to (0: the
 * same), and its check, which also records what the step brings. ANSWER
 * leads to REVIEW when the agency has answers approved (see msg_apply). */
static const struct {
    enum msg_event ev;
    unsigned from;
    enum msg_state to;
    msg_check_fn check;
} steps[] = {
    {MSG_EV_ASSIGN, FROM(MSG_S_OPEN) | FROM(MSG_S_ASSIGNED), MSG_S_ASSIGNED, ck_assign},
    {MSG_EV_ANSWER, FROM(MSG_S_ASSIGNED), MSG_S_ANSWERED, ck_answer},
    {MSG_EV_APPROVE, FROM(MSG_S_REVIEW), MSG_S_ANSWERED, ck_approve},
    {MSG_EV_RETURN, FROM(MSG_S_REVIEW), MSG_S_ASSIGNED, ck_return},
    {MSG_EV_HOTLINE, FROM(MSG_S_ANSWERED), 0, ck_hotline},
    {MSG_EV_RECTIFY, FROM(MSG_S_ANSWERED), 0, ck_rectify},
    {MSG_EV_VISIT, FROM(MSG_S_ANSWERED), MSG_S_CLOSED, ck_visit},
    {MSG_EV_PUBLISH, FROM(MSG_S_ANSWERED) | FROM(MSG_S_CLOSED), 0, ck_publish},
    {MSG_EV_UNPUBLISH, FROM(MSG_S_ANSWERED) | FROM(MSG_S_CLOSED), 0, ck_unpublish},
};

int msg_apply(const struct msg_rules *r, const cal_t *c, struct msg *m, const struct msg_step *s, err *e)
{
    (void)c;
    size_t i = 0, n = sizeof steps / sizeof steps[0];
    while (i < n && steps[i].ev != s->ev)
        i++;
    if (i == n)
        return err_set(e, GK_EINVAL, "", "no such step");
    if (!(steps[i].from & FROM(m->state)))
        return err_set(e, GK_ESTATE, "", "%s is not possible when the message is %s", msg_events[s->ev].label,
                       msg_states[m->state].label);
    struct msg_step st = *s;
    if (!st.on)
        st.on = r->today;
    if (st.on > r->today)
        return err_field(e, GK_EINVAL, "date", "a step cannot be dated in the future");
    if (st.on < m->received || st.on < m->last_on) {
        char d[11];
        date_format(m->last_on > m->received ? m->last_on : m->received, d);
        return err_field(e, GK_EINVAL, "date", "a step cannot be dated before the one before it (%s)", d);
    }
    struct msg copy = *m;   /* a refused step leaves m as it was */
    int rc = steps[i].check(r, &copy, &st, e);
    if (rc)
        return rc;
    if (steps[i].to)
        copy.state = steps[i].to;
    copy.last_on = st.on;
    if (s->ev == MSG_EV_ANSWER && r->review)
        copy.state = MSG_S_REVIEW;
    *m = copy;
    return 0;
}

enum msg_urgency msg_urgency_of(const struct msg_rules *r, const cal_t *c, const struct msg *m)
{
    if (!msg_states[m->state].open)
        return MSG_U_DONE;
    if (r->today > m->due)
        return MSG_U_OVERDUE;
    int left = 0;
    err e;
    if (cal_count_workdays(c, r->today, m->due, &left, &e) != 0)
        return MSG_U_OK;
    return left <= r->due_soon ? MSG_U_DUE_SOON : MSG_U_OK;
}

bool msg_on_time(const struct msg *m)
{
    return m->answered && m->answered <= m->due;
}

bool msg_is_public(const struct msg *m)
{
    return m->published && m->public_wish && msg_kinds[m->kind].publishable && *m->answer &&
           (m->state == MSG_S_ANSWERED || m->state == MSG_S_CLOSED);
}

void msg_public_name(const char *name, char *out, size_t cap)
{
    if (!name || !*name) {
        snprintf(out, cap, "匿名");
        return;
    }
    buf b;
    buf_init(&b);
    doc_mask_name(name, &b);
    snprintf(out, cap, "%s", b.data ? b.data : "匿名");
    buf_free(&b);
}
