/* publish — the review workflow as a transition table, and the checks on a
 * document's fields and validity. See publish.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "publish/publish.h"

static const char *const state_keys[DOC_NSTATES] = {
    "draft", "review1", "review2", "signoff", "signed", "published"};
static const char *const state_labels[DOC_NSTATES] = {
    "草稿", "待一审", "待二审", "待签发", "已签发待发布", "已发布"};
static const char *const action_keys[DOC_NACTIONS] = {
    "submit", "approve", "return", "withdraw", "publish", "edit", "comment", "clear", "repeal", "expire", "correct"};
static const char *const action_labels[DOC_NACTIONS] = {
    "提交审核", "审核通过", "退回修改", "撤回", "发布", "修改", "批注", "核销筛查提示", "废止", "失效", "更正"};
static const char *const action_done[DOC_NACTIONS] = {
    "submitted", "approved", "returned", "withdrawn", "published", "edited", "commented on",
    "cleared of screening hits", "repealed", "expired", "corrected"};
static const char *const role_keys[DOC_NROLES] = {
    "author", "reviewer1", "reviewer2", "leader", "office"};
static const char *const role_labels[DOC_NROLES] = {
    "撰稿人", "一审", "二审", "签发领导", "公开办"};

const char *doc_state_key(enum doc_state s) { return s < DOC_NSTATES ? state_keys[s] : "?"; }
const char *doc_state_label(enum doc_state s) { return s < DOC_NSTATES ? state_labels[s] : "?"; }
const char *doc_action_key(enum doc_action a) { return a < DOC_NACTIONS ? action_keys[a] : "?"; }
const char *doc_action_label(enum doc_action a) { return a < DOC_NACTIONS ? action_labels[a] : "?"; }
const char *doc_role_key(enum doc_role r) { return r < DOC_NROLES ? role_keys[r] : "?"; }
const char *doc_role_label(enum doc_role r) { return r < DOC_NROLES ? role_labels[r] : "?"; }

int doc_state_parse(const char *s, enum doc_state *out)
{
    for (int i = 0; i < DOC_NSTATES; i++)
        if (strcmp(s, state_keys[i]) == 0 || strcmp(s, state_labels[i]) == 0) {
            *out = (enum doc_state)i;
            return 0;
        }
    return GK_EINVAL;
}

int doc_role_parse(const char *s, enum doc_role *out, err *e)
{
    static const struct { const char *w; enum doc_role r; } extra[] = {
        {"first", DOC_R_REVIEWER1}, {"second", DOC_R_REVIEWER2}, {"三审", DOC_R_LEADER},
        {"签发", DOC_R_LEADER}, {"信息员", DOC_R_AUTHOR}, {"撰稿", DOC_R_AUTHOR},
    };
    for (int i = 0; i < DOC_NROLES; i++)
        if (strcmp(s, role_keys[i]) == 0 || strcmp(s, role_labels[i]) == 0) {
            *out = (enum doc_role)i;
            return 0;
        }
    for (size_t i = 0; i < sizeof extra / sizeof extra[0]; i++)
        if (strcmp(s, extra[i].w) == 0) {
            *out = extra[i].r;
            return 0;
        }
    return err_set(e, GK_EINVAL, "role",
                   "unknown role '%s' (author, reviewer1, reviewer2, leader, office)", s);
}

/* ---- the table ---- */

#define R(x) (1u << DOC_R_##x)
#define ALL (R(AUTHOR) | R(REVIEWER1) | R(REVIEWER2) | R(LEADER) | R(OFFICE))

/* Every allowed step. Anything not listed is refused. */
const struct doc_transition doc_transitions[] = {
    {DOC_DRAFT, DOC_A_SUBMIT, R(AUTHOR), DOC_REVIEW1},
    {DOC_DRAFT, DOC_A_EDIT, R(AUTHOR), DOC_DRAFT},
    {DOC_DRAFT, DOC_A_COMMENT, ALL, DOC_DRAFT},

    {DOC_REVIEW1, DOC_A_APPROVE, R(REVIEWER1), DOC_REVIEW2},
    {DOC_REVIEW1, DOC_A_RETURN, R(REVIEWER1), DOC_DRAFT},
    {DOC_REVIEW1, DOC_A_WITHDRAW, R(AUTHOR), DOC_DRAFT},
    {DOC_REVIEW1, DOC_A_EDIT, R(REVIEWER1), DOC_REVIEW1},
    {DOC_REVIEW1, DOC_A_CLEAR, R(REVIEWER1) | R(OFFICE), DOC_REVIEW1},
    {DOC_REVIEW1, DOC_A_COMMENT, ALL, DOC_REVIEW1},

    {DOC_REVIEW2, DOC_A_APPROVE, R(REVIEWER2), DOC_SIGNOFF},
    {DOC_REVIEW2, DOC_A_RETURN, R(REVIEWER2), DOC_DRAFT},
    {DOC_REVIEW2, DOC_A_WITHDRAW, R(AUTHOR), DOC_DRAFT},
    {DOC_REVIEW2, DOC_A_EDIT, R(REVIEWER2), DOC_REVIEW2},
    {DOC_REVIEW2, DOC_A_CLEAR, R(REVIEWER2) | R(OFFICE), DOC_REVIEW2},
    {DOC_REVIEW2, DOC_A_COMMENT, ALL, DOC_REVIEW2},

    {DOC_SIGNOFF, DOC_A_APPROVE, R(LEADER), DOC_SIGNED},
    {DOC_SIGNOFF, DOC_A_RETURN, R(LEADER), DOC_DRAFT},
    {DOC_SIGNOFF, DOC_A_WITHDRAW, R(AUTHOR), DOC_DRAFT},
    {DOC_SIGNOFF, DOC_A_EDIT, R(LEADER), DOC_SIGNOFF},
    {DOC_SIGNOFF, DOC_A_CLEAR, R(LEADER) | R(OFFICE), DOC_SIGNOFF},
    {DOC_SIGNOFF, DOC_A_COMMENT, ALL, DOC_SIGNOFF},

    {DOC_SIGNED, DOC_A_PUBLISH, R(AUTHOR) | R(OFFICE), DOC_PUBLISHED},
    {DOC_SIGNED, DOC_A_RETURN, R(LEADER) | R(OFFICE), DOC_DRAFT},
    {DOC_SIGNED, DOC_A_WITHDRAW, R(AUTHOR), DOC_DRAFT},
    {DOC_SIGNED, DOC_A_CLEAR, R(LEADER) | R(OFFICE), DOC_SIGNED},
    {DOC_SIGNED, DOC_A_COMMENT, ALL, DOC_SIGNED},

    {DOC_PUBLISHED, DOC_A_REPEAL, R(LEADER) | R(OFFICE), DOC_PUBLISHED},
    /* 撤回: who decides publication (签发) or the disclosure office (Art. 17:
     * the agency's 审查机制 decides what is public, and so what stops being) */
    {DOC_PUBLISHED, DOC_A_WITHDRAW, R(LEADER) | R(OFFICE), DOC_PUBLISHED},
    /* 更正: whoever drafts (the author, or the office) starts a correction
     * draft; it goes through 一审 → 二审 → 签发 like any draft */
    {DOC_PUBLISHED, DOC_A_CORRECT, R(AUTHOR) | R(OFFICE), DOC_PUBLISHED},
    {DOC_PUBLISHED, DOC_A_EXPIRE, R(LEADER) | R(OFFICE), DOC_PUBLISHED},
    {DOC_PUBLISHED, DOC_A_COMMENT, ALL, DOC_PUBLISHED},
};
const int doc_ntransitions = (int)(sizeof doc_transitions / sizeof doc_transitions[0]);

static const struct doc_transition *find_row(enum doc_state from, enum doc_action action)
{
    for (int i = 0; i < doc_ntransitions; i++)
        if (doc_transitions[i].from == from && doc_transitions[i].action == action)
            return &doc_transitions[i];
    return NULL;
}

unsigned doc_transition_roles(enum doc_state from, enum doc_action action)
{
    const struct doc_transition *row = find_row(from, action);
    return row ? row->roles : 0;
}

static void roles_text(unsigned roles, buf *b)
{
    bool first = true;
    for (int r = 0; r < DOC_NROLES; r++)
        if (roles & (1u << r)) {
            buf_printf(b, "%s%s", first ? "" : "或", role_labels[r]);
            first = false;
        }
}

static bool same_person(const char *a, const char *b)
{
    return a && b && *a && *b && strcmp(a, b) == 0;
}

/* No row for the step: say what the state allows instead. */
static int refuse_no_row(enum doc_state from, enum doc_action action, err *e)
{
    buf b;
    buf_init(&b);
    for (int i = 0; i < doc_ntransitions; i++)
        if (doc_transitions[i].from == from && doc_transitions[i].action != DOC_A_COMMENT)
            buf_printf(&b, "%s%s", b.len ? ", " : "", action_keys[doc_transitions[i].action]);
    int rc = err_set(e, GK_ESTATE, "workflow", "a document in state %s (%s) cannot be %s: %s%s",
                     state_keys[from], state_labels[from],
                     action_done[action],
                     b.len ? "what it allows is " : "nothing but comments are possible",
                     b.len ? b.data : "");
    buf_free(&b);
    return rc;
}

/* The row allows the step, but not in this role. */
static int refuse_role(enum doc_state from, enum doc_action action, enum doc_role role, unsigned roles, err *e)
{
    buf b;
    buf_init(&b);
    roles_text(roles, &b);
    int rc = err_set(e, GK_ESTATE, "workflow", "in state %s (%s) only %s may %s (you act as %s)",
                     state_keys[from], state_labels[from], b.data, action_keys[action],
                     role_labels[role]);
    buf_free(&b);
    return rc;
}

/* Separation of duties: nobody reviews their own text, nobody approves twice. */
static int check_duties(enum doc_state from, enum doc_action action, enum doc_role role,
                        const struct doc_act_ctx *c, err *e)
{
    bool published_withdraw = action == DOC_A_WITHDRAW && from == DOC_PUBLISHED;
    if (role != DOC_R_AUTHOR && action != DOC_A_COMMENT && action != DOC_A_PUBLISH &&
        action != DOC_A_REPEAL && action != DOC_A_EXPIRE && action != DOC_A_CORRECT && !published_withdraw &&
        same_person(c->actor, c->author))
        return err_set(e, GK_ESTATE, "workflow",
                       "%s wrote this document and cannot %s it as %s: review needs another person",
                       c->actor, action_keys[action], role_labels[role]);
    if (action == DOC_A_APPROVE && from == DOC_REVIEW2 && same_person(c->actor, c->reviewer1))
        return err_set(e, GK_ESTATE, "workflow",
                       "%s approved the first review: the second review needs another person", c->actor);
    if (action == DOC_A_APPROVE && from == DOC_SIGNOFF &&
        (same_person(c->actor, c->reviewer1) || same_person(c->actor, c->reviewer2)))
        return err_set(e, GK_ESTATE, "workflow",
                       "%s approved an earlier review: sign-off needs another person", c->actor);
    return 0;
}

/* The steps that say why in a comment, and what the refusal says without one. */
static const struct {
    enum doc_action action;
    bool published;             /* only from DOC_PUBLISHED (a withdrawal of a published document) */
    int code;
    const char *msg;
} comment_needed[] = {
    {DOC_A_RETURN, false, GK_ESTATE, "a document goes back to its author with a comment saying what to change"},
    {DOC_A_CLEAR, false, GK_ESTATE, "clearing a screening hit needs a note saying why it may be published"},
    {DOC_A_WITHDRAW, true, GK_ESTATE, "a withdrawal (撤回) states its reason: it is kept in the audit trail"},
    {DOC_A_CORRECT, false, GK_ESTATE,
     "a correction (更正) states what it corrects (更正说明): the public page shows it"},
    {DOC_A_COMMENT, false, GK_EINVAL, "the comment is empty"},
};

/* Publication waits for every screening hit and every unread attachment. */
static int check_publish(const struct doc_act_ctx *c, err *e)
{
    if (c->open_hits > 0)
        return err_set(e, GK_ESTATE, "workflow",
                       "%d screening hit%s still open: a reviewer clears each (it is not what it looks like) or the text is fixed before publication",
                       c->open_hits, c->open_hits == 1 ? " is" : "s are");
    if (c->unconfirmed_files > 0)
        return err_set(e, GK_ESTATE, "attachment",
                       "gongkai could not read (or, for a recipient list, mask) %d attachment%s, first '%s': it is "
                       "neither screened nor masked, and is published only when a reviewer confirms each by name",
                       c->unconfirmed_files, c->unconfirmed_files == 1 ? "" : "s",
                       c->unconfirmed_name ? c->unconfirmed_name : "");
    return 0;
}

int doc_transition_check(enum doc_state from, enum doc_action action, enum doc_role role,
                         const struct doc_act_ctx *c, enum doc_state *to, err *e)
{
    static const struct doc_act_ctx none = {0};
    if (!c)
        c = &none;
    if (from >= DOC_NSTATES || action >= DOC_NACTIONS || role >= DOC_NROLES)
        return err_set(e, GK_EINVAL, "workflow", "unknown state, action or role");
    const struct doc_transition *row = find_row(from, action);
    if (!row)
        return refuse_no_row(from, action, e);
    if (!(row->roles & (1u << role)))
        return refuse_role(from, action, role, row->roles, e);
    if (!c->actor || !*c->actor)
        return err_set(e, GK_EINVAL, "workflow", "every step needs the name of who takes it");
    if (c->withdrawn && action != DOC_A_COMMENT)
        return err_set(e, GK_ESTATE, "workflow",
                       "the document was withdrawn (已撤回): it cannot be %s, only commented on", action_done[action]);
    int rc = check_duties(from, action, role, c, e);
    if (rc)
        return rc;
    for (size_t i = 0; i < sizeof comment_needed / sizeof comment_needed[0]; i++)
        if (comment_needed[i].action == action && (!comment_needed[i].published || from == DOC_PUBLISHED) &&
            !c->has_comment)
            return err_set(e, comment_needed[i].code, "workflow", "%s", comment_needed[i].msg);
    if (action == DOC_A_CORRECT && c->open_corrections > 0)
        return err_set(e, GK_ESTATE, "workflow",
                       "a correction of this document is in review already: finish or change that one");
    if (action == DOC_A_PUBLISH && (rc = check_publish(c, e)))
        return rc;
    *to = row->to;
    return 0;
}

/* ---- documents ---- */

void doc_init(struct doc *d)
{
    memset(d, 0, sizeof *d);
    d->written = DOC_NODAY;
    d->published = DOC_NODAY;
    d->repealed_on = DOC_NODAY;
    d->expires_on = DOC_NODAY;
    d->withdrawn_on = DOC_NODAY;
    d->publicity_until = DOC_NODAY;
    d->corrected_on = DOC_NODAY;
}

void doc_clear(struct doc *d)
{
    free(d->body);
    doc_init(d);
}

void doc_copy(struct doc *dst, const struct doc *src)
{
    *dst = *src;
    dst->body = src->body ? xstrdup(src->body) : NULL;
}

enum doc_validity doc_validity_at(const struct doc *d, gk_day day)
{
    if (d->repealed_on != DOC_NODAY && d->repealed_on <= day)
        return DOC_V_REPEALED;
    if (d->expires_on != DOC_NODAY && d->expires_on < day)
        return DOC_V_EXPIRED;
    return DOC_V_IN_FORCE;
}

static void fmt_day(gk_day d, char out[11])
{
    if (d == DOC_NODAY)
        out[0] = 0;
    else
        date_format(d, out);
}

int doc_validate(const struct doc *d, gk_day today, int64_t body_max_chars, err *e)
{
    if (!d->title[0])
        return err_set(e, GK_EINVAL, "title", "the title is empty");
    /* limits in characters (base/limits.h); where is the field, as callers expect */
    int lrc;
    if ((lrc = lim_check(LIM_F_DOC_TITLE, d->title, e)) || (lrc = lim_check(LIM_F_DOC_ISSUER, d->issuer, e)))
        return lrc;
    if (!d->issuer[0])
        return err_set(e, GK_EINVAL, "issuer", "the issuing body (发文机关) is empty");
    if (d->body) {   /* counted in characters, as people read it (issue 11: a 100 MB body slowed every search) */
        size_t chars = 0;
        for (const unsigned char *p = (const unsigned char *)d->body; *p; p++)
            chars += (*p & 0xC0) != 0x80;
        if ((int64_t)chars > body_max_chars)
            return err_set(e, GK_EINVAL, "body",
                           "the body has %zu characters: at most %lld (setting doc.body_max_chars; attach a long "
                           "text as a file instead)", chars, (long long)body_max_chars);
    }
    if (d->docno[0]) {
        struct doc_docno dn;
        int rc = doc_docno_parse(d->docno, &dn, e);
        if (rc)
            return rc;
    }
    char a[11], b[11];
    if (d->written == DOC_NODAY)
        return err_set(e, GK_EINVAL, "written", "the date written (成文日期) is missing");
    if (d->written > today) {
        fmt_day(d->written, a);
        fmt_day(today, b);
        return err_set(e, GK_EINVAL, "written", "the date written %s is in the future (today is %s)", a, b);
    }
    if (d->published != DOC_NODAY) {
        if (d->published > today) {
            fmt_day(d->published, a);
            fmt_day(today, b);
            return err_set(e, GK_EINVAL, "published", "the publication date %s is in the future (today is %s)",
                           a, b);
        }
        if (d->published < d->written) {
            fmt_day(d->published, a);
            fmt_day(d->written, b);
            return err_set(e, GK_EINVAL, "published",
                           "the publication date %s is before the date written %s", a, b);
        }
    }
    if (d->item < 0 || d->item > 15)
        return err_set(e, GK_EINVAL, "item", "item %d is not an item of Art. 20 (1 to 15)", d->item);
    if (d->repealed_on != DOC_NODAY && d->repealed_on < d->written) {
        fmt_day(d->repealed_on, a);
        fmt_day(d->written, b);
        return err_set(e, GK_EINVAL, "repealed_on", "the repeal date %s is before the date written %s", a, b);
    }
    if (d->expires_on != DOC_NODAY && d->expires_on < d->written) {
        fmt_day(d->expires_on, a);
        fmt_day(d->written, b);
        return err_set(e, GK_EINVAL, "expires_on", "the expiry date %s is before the date written %s", a, b);
    }
    if (d->body && !utf8_valid(d->body, strlen(d->body), NULL))
        return err_set(e, GK_EINVAL, "body", "the body is not valid UTF-8");
    return doc_publicity_check(d, e);
}

int doc_repeal_check(const struct doc *d, gk_day on, err *e)
{
    char a[11], b[11];
    if (d->state != DOC_PUBLISHED)
        return err_set(e, GK_ESTATE, "repeal", "only a published document can be repealed (this one is %s)",
                       state_labels[d->state]);
    if (d->repealed_on != DOC_NODAY) {
        fmt_day(d->repealed_on, a);
        return err_set(e, GK_ESTATE, "repeal", "the document was repealed already, on %s", a);
    }
    gk_day from = d->published != DOC_NODAY ? d->published : d->written;
    if (on < from) {
        fmt_day(on, a);
        fmt_day(from, b);
        return err_set(e, GK_EINVAL, "repeal", "the repeal date %s is before the document's publication on %s",
                       a, b);
    }
    if (d->expires_on != DOC_NODAY && d->expires_on < on) {
        fmt_day(d->expires_on, a);
        return err_set(e, GK_ESTATE, "repeal", "the document ran out of force on %s already: nothing to repeal", a);
    }
    return 0;
}

int doc_expire_check(const struct doc *d, gk_day on, err *e)
{
    char a[11], b[11];
    if (d->state != DOC_PUBLISHED)
        return err_set(e, GK_ESTATE, "expire", "only a published document can run out of force (this one is %s)",
                       state_labels[d->state]);
    if (d->repealed_on != DOC_NODAY) {
        fmt_day(d->repealed_on, a);
        return err_set(e, GK_ESTATE, "expire", "the document was repealed on %s", a);
    }
    if (on < d->written) {
        fmt_day(on, a);
        fmt_day(d->written, b);
        return err_set(e, GK_EINVAL, "expire", "the last day in force %s is before the date written %s", a, b);
    }
    return 0;
}

bool doc_is_recipient_list(const char *title)
{
    static const char *const who[] = {"低保", "最低生活保障", "特困", "临时救助", "救助对象", "保障对象",
                                      "供养人员", "供养对象"};
    static const char *const what[] = {"名单", "公示", "花名册", "名册"};
    bool w = false, l = false;
    for (size_t i = 0; i < sizeof who / sizeof who[0] && !w; i++)
        w = strstr(title, who[i]) != NULL;
    for (size_t i = 0; i < sizeof what / sizeof what[0] && !l; i++)
        l = strstr(title, what[i]) != NULL;
    return w && l;
}

static void json_day(buf *b, const char *key, gk_day d)
{
    buf_printf(b, ",\"%s\":", key);
    if (d == DOC_NODAY) {
        buf_puts(b, "null");
    } else {
        char s[11];
        date_format(d, s);
        buf_printf(b, "\"%s\"", s);
    }
}

static void json_str(buf *b, const char *key, const char *v)
{
    buf_printf(b, ",\"%s\":", key);
    buf_json_str(b, v ? v : "");
}

void doc_to_json(const struct doc *d, bool with_body, buf *b)
{
    buf_printf(b, "{\"id\":%lld", (long long)d->id);
    json_str(b, "index_no", d->index_no);
    json_str(b, "title", d->title);
    json_str(b, "docno", d->docno);
    json_str(b, "issuer", d->issuer);
    json_day(b, "written", d->written);
    json_day(b, "published", d->published);
    json_str(b, "category", d->category);
    json_str(b, "genre", d->genre);
    buf_printf(b, ",\"item\":%d", d->item);
    json_str(b, "state", doc_state_key(d->state));
    json_day(b, "repealed_on", d->repealed_on);
    buf_printf(b, ",\"repealed_by\":%lld", (long long)d->repealed_by);
    json_str(b, "repealed_by_docno", d->repealed_by_docno);
    json_day(b, "expires_on", d->expires_on);
    json_day(b, "publicity_until", d->publicity_until);
    json_day(b, "withdrawn_on", d->withdrawn_on);
    if (d->withdrawn_on != DOC_NODAY) {
        json_str(b, "withdrawn_by", d->withdrawn_by);
        json_str(b, "withdrawn_reason", d->withdrawn_reason);
    }
    buf_printf(b, ",\"corrects\":%lld", (long long)d->corrects);
    json_str(b, "correction_note", d->correction_note);
    json_day(b, "corrected_on", d->corrected_on);
    buf_printf(b, ",\"interprets\":%lld", (long long)d->interprets);
    buf_puts(b, ",\"channels\":\"");
    doc_channels_format(d->channels, false, b);
    buf_puts(b, "\"");
    buf_printf(b, ",\"recipient_list\":%s", d->recipient_list ? "true" : "false");
    json_str(b, "author", d->author);
    json_str(b, "reviewer1", d->reviewer1);
    json_str(b, "reviewer2", d->reviewer2);
    json_str(b, "signer", d->signer);
    json_str(b, "publisher", d->publisher);
    const char *body = d->body ? d->body : "";
    if (with_body) {
        json_str(b, "body", body);
    } else {
        char h[65];
        doc_content_hash(body, strlen(body), h);
        buf_printf(b, ",\"body_chars\":%zu,\"body_sha256\":\"%s\"", utf8_len(body, strlen(body)), h);
    }
    buf_putc(b, '}');
}

/* ---- what the public sees: 撤回, 公示期, 废止, 更正 ---- */

enum doc_public doc_public_status(const struct doc *d, gk_day today)
{
    if (d->state != DOC_PUBLISHED || d->corrects)
        return DOC_PUB_NONE;
    if (d->withdrawn_on != DOC_NODAY)
        return DOC_PUB_WITHDRAWN;
    if (d->publicity_until != DOC_NODAY && d->publicity_until < today)
        return DOC_PUB_ENDED;
    return DOC_PUB_SHOWN;
}

const char *doc_status_label(const struct doc *d, gk_day today)
{
    static const char *const corr[DOC_NSTATES] = {"更正稿（草稿）", "更正稿（待一审）", "更正稿（待二审）",
                                                  "更正稿（待签发）", "更正稿（已签发待发布）", "更正稿"};
    switch (doc_public_status(d, today)) {
    case DOC_PUB_WITHDRAWN: return "已撤回";
    case DOC_PUB_ENDED: return "已发布（公示期满）";
    default: break;
    }
    if (d->corrects && d->state < DOC_NSTATES)
        return corr[d->state];
    return doc_state_label(d->state);
}

bool doc_files_public(const struct doc *d, gk_day today)
{
    if (doc_public_status(d, today) != DOC_PUB_SHOWN)
        return false;
    /* personal data is published for its purpose only (Art. 15, and the
     * 公示 rules of 民政部 for 低保/特困 lists): once the list is repealed or
     * out of force, its files are not served any more */
    return !d->recipient_list || doc_validity_at(d, today) == DOC_V_IN_FORCE;
}

bool doc_body_public(const struct doc *d, gk_day today) { return doc_files_public(d, today); }

static int note_check(const char *what, const char *note, err *e)
{
    size_t n = note ? strlen(note) : 0;
    if (!n)
        return err_set(e, GK_EINVAL, what, "the %s is empty", what);
    if (!utf8_valid(note, n, NULL))
        return err_set(e, GK_EINVAL, what, "the %s is not valid UTF-8", what);
    if (utf8_len(note, n) > DOC_REASON_MAX_CHARS)
        return err_set(e, GK_EINVAL, what, "the %s is longer than %d characters (%zu)", what,
                       DOC_REASON_MAX_CHARS, utf8_len(note, n));
    return 0;
}

int doc_withdraw_check(const struct doc *d, gk_day on, const char *reason, err *e)
{
    char a[11], b[11];
    if (d->state != DOC_PUBLISHED)
        return err_set(e, GK_ESTATE, "withdraw", "only a published document is withdrawn from the public site "
                       "(this one is %s)", state_labels[d->state]);
    if (d->withdrawn_on != DOC_NODAY) {
        fmt_day(d->withdrawn_on, a);
        return err_set(e, GK_ESTATE, "withdraw", "the document was withdrawn already, on %s", a);
    }
    if (d->published != DOC_NODAY && on < d->published) {
        fmt_day(on, a);
        fmt_day(d->published, b);
        return err_set(e, GK_EINVAL, "withdraw", "the withdrawal date %s is before the publication on %s", a, b);
    }
    return note_check("reason", reason, e);
}

int doc_publicity_check(const struct doc *d, err *e)
{
    if (d->publicity_until != DOC_NODAY && d->written != DOC_NODAY && d->publicity_until < d->written) {
        char a[11], b[11];
        fmt_day(d->publicity_until, a);
        fmt_day(d->written, b);
        return err_set(e, GK_EINVAL, "publicity_until", "the last day of the 公示期 %s is before the date written %s",
                       a, b);
    }
    return 0;
}

int doc_correction_start(const struct doc *pub, const char *note, const char *author, struct doc *draft,
                         err *e)
{
    doc_init(draft);
    if (pub->state != DOC_PUBLISHED || pub->corrects)
        return err_set(e, GK_ESTATE, "correct", "only a published document is corrected (this one is %s)",
                       state_labels[pub->state]);
    if (pub->withdrawn_on != DOC_NODAY)
        return err_set(e, GK_ESTATE, "correct", "the document was withdrawn: a withdrawn document is not corrected");
    int rc = note_check("correction_note", note, e);
    if (rc)
        return rc;
    doc_copy(draft, pub);
    draft->id = 0;
    draft->index_no[0] = 0;
    draft->published = DOC_NODAY;
    draft->state = DOC_DRAFT;
    draft->repealed_on = DOC_NODAY;
    draft->repealed_by = 0;
    draft->repealed_by_docno[0] = 0;
    draft->channels = 0;
    draft->reviewer1[0] = draft->reviewer2[0] = draft->signer[0] = draft->publisher[0] = 0;
    draft->created_at[0] = draft->updated_at[0] = 0;
    snprintf(draft->author, sizeof draft->author, "%s", author ? author : "");
    draft->corrects = pub->id;
    snprintf(draft->correction_note, sizeof draft->correction_note, "%s", note);
    draft->corrected_on = DOC_NODAY;
    return 0;
}

int doc_correction_apply(struct doc *target, const struct doc *corr, gk_day on, err *e)
{
    if (corr->corrects != target->id)
        return err_set(e, GK_EINVAL, "correct", "document %lld does not correct document %lld",
                       (long long)corr->id, (long long)target->id);
    if (doc_public_status(target, on) == DOC_PUB_WITHDRAWN || target->state != DOC_PUBLISHED)
        return err_set(e, GK_ESTATE, "correct",
                       "document %lld is no longer published (withdrawn): its correction cannot be published",
                       (long long)target->id);
    snprintf(target->title, sizeof target->title, "%s", corr->title);
    snprintf(target->docno, sizeof target->docno, "%s", corr->docno);
    snprintf(target->issuer, sizeof target->issuer, "%s", corr->issuer);
    target->written = corr->written;
    snprintf(target->category, sizeof target->category, "%s", corr->category);
    snprintf(target->genre, sizeof target->genre, "%s", corr->genre);
    target->item = corr->item;
    target->expires_on = corr->expires_on;
    target->publicity_until = corr->publicity_until;
    target->interprets = corr->interprets;
    target->recipient_list = corr->recipient_list;
    free(target->body);
    target->body = xstrdup(corr->body ? corr->body : "");
    snprintf(target->correction_note, sizeof target->correction_note, "%s", corr->correction_note);
    target->corrected_on = on;
    return 0;
}
