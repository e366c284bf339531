/*
 * engage — comment on drafts (意见征集): the period, comments from the public
 * (no account needed; contact details optional and never shown), moderation,
 * the decision on each comment, and the 采纳情况 published after the period.
 */
#include <stdio.h>
#include <string.h>

#include "engage/engage.h"

int consult_check(const cal_t *c, const struct consult *k, int min_days, err *e)
{
    if (k->kind < 1 || k->kind > CONS_NKINDS)
        return err_field(e, GK_EINVAL, "kind", "say what is put out for comment (decision, rules, normative, other)");
    if (!*k->title)
        return err_field(e, GK_EINVAL, "title", "the draft's title is required");
    if (!k->opens || !k->closes || k->closes < k->opens)
        return err_field(e, GK_EINVAL, "closes", "the period must end on or after the day it opens");
    const struct consult_kind_def *d = &consult_kinds[k->kind];
    /* the period runs from the day after the draft is put out (民法典第二百零一条) */
    int days = (int)(k->closes - k->opens), need = min_days > 0 ? min_days : d->min_days;
    const char *unit = "日";
    if (min_days <= 0 && d->min_workdays) {
        int wd = 0;
        int rc = cal_count_workdays(c, k->opens, k->closes, &wd, e);
        if (rc)
            return rc;
        days = wd;
        need = d->min_workdays;
        unit = "个工作日";
    }
    if (days < need && !*k->short_reason)
        return err_field(e, GK_EINVAL, "closes", "%s的征求意见期限一般不少于%d%s（依据%s），本次为%d%s；"
                       "确需缩短的，请说明理由", d->label, need, unit, min_days > 0 ? "本机关规定" : d->basis, days,
                       unit);
    return 0;
}

bool consult_is_open(const struct consult *k, gk_day today)
{
    return today >= k->opens && today <= k->closes;
}

int comment_check_new(const struct consult *k, struct comment *m, gk_day today, err *e)
{
    if (today < k->opens)
        return err_set(e, GK_ESTATE, "", "the period for comments has not begun");
    if (today > k->closes) {
        char d[11];
        date_format(k->closes, d);
        return err_set(e, GK_ESTATE, "", "the period for comments ended on %s", d);
    }
    const char *p = m->body;
    while (*p == ' ' || *p == '\n' || *p == '\r' || *p == '\t')
        p++;
    if (!*p)
        return err_field(e, GK_EINVAL, "body", "the comment is empty");
    m->consult_id = k->id;
    m->received = today;
    m->state = CMT_RECEIVED;
    m->adoption = CMT_A_NONE;
    return 0;
}

int comment_moderate(struct comment *m, bool show, const char *reason, err *e)
{
    if (!show && (!reason || !*reason))
        return err_field(e, GK_EINVAL, "reason", "say why the comment is not shown (it is still counted)");
    if (reason && strlen(reason) >= sizeof m->hide_reason)
        return err_field(e, GK_EINVAL, "reason", "at most %d characters", ENG_SHORT);
    snprintf(m->hide_reason, sizeof m->hide_reason, "%s", show ? "" : reason);
    m->state = show ? CMT_SHOWN : CMT_HIDDEN;
    return 0;
}

int comment_adopt(const struct consult *k, struct comment *m, enum comment_adoption a, const char *reason,
                  gk_day today, err *e)
{
    if (a < CMT_A_ADOPTED || a > CMT_NADOPTIONS)
        return err_field(e, GK_EINVAL, "adoption", "adopted, partly, not or out_of_scope");
    if (k->result_published)
        return err_field(e, GK_ESTATE, "adoption", "the 采纳情况 is published already");
    if (today < m->received)
        return err_field(e, GK_EINVAL, "date", "a decision cannot come before the comment");
    if (a != CMT_A_ADOPTED && (!reason || !*reason))
        return err_field(e, GK_EINVAL, "reason", "a comment not adopted in full is answered with the reason");
    if (reason && strlen(reason) >= sizeof m->adoption_reason)
        return err_field(e, GK_EINVAL, "reason", "at most %d characters", ENG_SHORT);
    snprintf(m->adoption_reason, sizeof m->adoption_reason, "%s", reason ? reason : "");
    m->adoption = a;
    return 0;
}

void consult_tally_add(struct consult_tally *t, const struct comment *m)
{
    t->received++;
    if (m->state == CMT_HIDDEN) {
        t->hidden++;
        return;
    }
    if (m->state == CMT_SHOWN)
        t->shown++;
    switch (m->adoption) {
    case CMT_A_ADOPTED: t->adopted++; break;
    case CMT_A_PARTLY: t->partly++; break;
    case CMT_A_NOT: t->not_adopted++; break;
    case CMT_A_OUT_OF_SCOPE: t->out_of_scope++; break;
    default: t->undecided++; break;
    }
}

int consult_result_ready(const struct consult *k, const struct consult_tally *t, gk_day today, err *e)
{
    if (today <= k->closes)
        return err_set(e, GK_ESTATE, "", "the 采纳情况 is published after the period for comments");
    if (t->undecided)
        return err_set(e, GK_ESTATE, "", "%d comment(s) have no decision yet", t->undecided);
    return 0;
}

void consult_result_text(const struct consult *k, const struct consult_tally *t, buf *out)
{
    char a[11], b[11];
    date_format(k->opens, a);
    date_format(k->closes, b);
    buf_printf(out, "《%s》于%s至%s公开征求意见，", k->title, a, b);
    if (!t->received) {
        buf_puts(out, "期间未收到意见建议。");
        return;
    }
    buf_printf(out, "共收到意见建议%d条", t->received);
    if (t->hidden)
        buf_printf(out, "（其中%d条因与征求意见内容无关或含有不宜公开的内容未予展示）", t->hidden);
    buf_printf(out, "。经研究，采纳%d条，部分采纳%d条，未采纳%d条", t->adopted, t->partly, t->not_adopted);
    if (t->out_of_scope)
        buf_printf(out, "，不属于征求意见范围%d条", t->out_of_scope);
    buf_puts(out, "；未采纳和部分采纳的意见已逐条说明理由。");
}

int consult_close(const struct consult *before, const struct consult_tally *t, gk_day today, struct consult *after,
                  err *e)
{
    if (before->result_published)
        return err_set(e, GK_ESTATE, "", "the 采纳情况 is published already");
    int rc = consult_result_ready(before, t, today, e);
    if (rc)
        return rc;
    buf b;
    buf_init(&b);
    consult_result_text(before, t, &b);
    rc = eng_copy(after->result, sizeof after->result, b.data, ENG_TEXT, "result", e);
    buf_free(&b);
    if (!rc)
        after->result_published = true;
    return rc;
}
