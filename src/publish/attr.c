/*
 * publish — the disclosure attribute of documents (attr.h): the attributes,
 * the legal bases of the 2019 Regulation (《中华人民共和国政府信息公开条例》)
 * as a table with their articles, the check of a registration and the
 * reviewed change of an attribute as a table of steps.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "publish/attr.h"

const struct doc_attr_def doc_attrs[DOC_NATTRS + 1] = {
    [DOC_ATTR_ACTIVE] = {"active", "主动公开", false},
    [DOC_ATTR_ON_REQUEST] = {"on_request", "依申请公开", true},
    [DOC_ATTR_WITHHELD] = {"withheld", "不予公开", true},
};

int doc_attr_from_code(const char *code)
{
    for (int i = 1; code && i <= DOC_NATTRS; i++)
        if (strcmp(doc_attrs[i].code, code) == 0 || strcmp(doc_attrs[i].label, code) == 0)
            return i;
    return -1;
}

/* Art. 14–16 say what is not disclosed; Art. 19–21 what is disclosed
 * actively; Art. 27 lets anyone ask for the rest. */
const struct doc_attr_basis doc_attr_bases[] = {
    {"art14.secret", "第十四条", "依法确定为国家秘密的政府信息", DOC_ATTR_WITHHELD},
    {"art14.prohibited", "第十四条", "法律、行政法规禁止公开的政府信息", DOC_ATTR_WITHHELD},
    {"art14.security", "第十四条", "公开后可能危及国家安全、公共安全、经济安全、社会稳定的政府信息", DOC_ATTR_WITHHELD},
    {"art15.third_party", "第十五条", "涉及商业秘密、个人隐私等公开会对第三方合法权益造成损害的政府信息",
     DOC_ATTR_WITHHELD},
    {"art16.internal", "第十六条第一款", "人事管理、后勤管理、内部工作流程等方面的内部事务信息", DOC_ATTR_WITHHELD},
    {"art16.process", "第十六条第二款", "讨论记录、过程稿、磋商信函、请示报告等过程性信息", DOC_ATTR_WITHHELD},
    {"art16.enforcement", "第十六条第二款", "行政执法案卷信息", DOC_ATTR_WITHHELD},
    {"art27.on_request", "第二十七条",
     "不属于第十九条至第二十一条规定的主动公开范围，公民、法人或者其他组织可以申请获取", DOC_ATTR_ON_REQUEST},
    {"art15.consent", "第十五条",
     "涉及第三方合法权益，第三方同意公开或者不公开会对公共利益造成重大影响的，可以依申请公开", DOC_ATTR_ON_REQUEST},
};
const int doc_nattr_bases = (int)(sizeof doc_attr_bases / sizeof doc_attr_bases[0]);

const struct doc_attr_basis *doc_attr_basis_find(const char *code)
{
    for (int i = 0; code && i < doc_nattr_bases; i++)
        if (strcmp(doc_attr_bases[i].code, code) == 0)
            return &doc_attr_bases[i];
    return NULL;
}

static bool blank(const char *s)
{
    for (; s && *s; s++)
        if (*s != ' ' && *s != '\t' && *s != '\n' && *s != '\r')
            return false;
    return true;
}

/* The reason and basis that go with attribute attr. */
static int check_basis(int attr, const char *reason, const char *basis, err *e)
{
    if (attr < 1 || attr > DOC_NATTRS)
        return err_field(e, GK_EINVAL, "attr", "missing or unknown attribute (active, on_request, withheld)");
    if (!doc_attrs[attr].needs_basis) {
        if (basis && *basis)
            return err_field(e, GK_EINVAL, "basis", "a 主动公开 document needs no legal basis for not disclosing");
        return 0;
    }
    if (blank(reason))
        return err_field(e, GK_EINVAL, "reason", "a %s document needs the reason", doc_attrs[attr].label);
    int rc = lim_check(LIM_F_DOC_ATTR_REASON, reason, e);
    if (rc)
        return rc;
    const struct doc_attr_basis *b = doc_attr_basis_find(basis);
    if (!b)
        return err_field(e, GK_EINVAL, "basis", "a %s document needs its legal basis: %s%s (see 'gongkai doc bases')",
                         doc_attrs[attr].label, basis && *basis ? "unknown basis " : "one of the Regulation's list",
                         basis && *basis ? basis : "");
    if (b->attr != attr)
        return err_field(e, GK_EINVAL, "basis", "%s (%s) backs %s, not %s", b->code, b->article,
                         doc_attrs[b->attr].label, doc_attrs[attr].label);
    return 0;
}

int doc_reg_check(const struct doc_reg *r, gk_day today, err *e)
{
    if (blank(r->title))
        return err_field(e, GK_EINVAL, "title", "the document's title is required");
    int rc;
    if ((rc = lim_check(LIM_F_DOC_TITLE, r->title, e)) || (rc = lim_check(LIM_F_DOC_ISSUER, r->issuer, e)))
        return rc;
    if (r->written && r->written > today)
        return err_field(e, GK_EINVAL, "written", "the 成文日期 is in the future");
    if ((rc = check_basis(r->attr, r->reason, r->basis, e)))
        return rc;
    if (r->doc_id && r->attr != DOC_ATTR_ACTIVE)
        return err_field(e, GK_EINVAL, "doc", "only a 主动公开 document goes into the review chain");
    return 0;
}

const char *const doc_reg_action_codes[] = {"", "attr_request", "attr_approve", "attr_reject"};

#define RB(r) (1u << (r))
static const struct reg_rule {
    int action;
    bool pending;              /* needs a change under review (else: none may be) */
    unsigned roles;
} reg_rules[] = {
    {DOC_REG_REQUEST, false, RB(DOC_R_AUTHOR) | RB(DOC_R_OFFICE)},
    {DOC_REG_APPROVE, true, RB(DOC_R_REVIEWER1) | RB(DOC_R_REVIEWER2) | RB(DOC_R_LEADER)},
    {DOC_REG_REJECT, true, RB(DOC_R_REVIEWER1) | RB(DOC_R_REVIEWER2) | RB(DOC_R_LEADER)},
};

static void clear_pending(struct doc_reg *r)
{
    r->pending_attr = 0;
    r->pending_reason[0] = r->pending_basis[0] = r->requested_by[0] = 0;
    r->requested_on = 0;
}

static int run_reg(struct doc_reg *w, const struct doc_reg_event *ev, gk_day date, err *e)
{
    int rc;
    switch (ev->action) {
    case DOC_REG_REQUEST:
        if (ev->attr == w->attr)
            return err_field(e, GK_EINVAL, "attr", "the document is %s already", doc_attrs[w->attr].label);
        if ((rc = check_basis(ev->attr, ev->reason, ev->basis, e)))
            return rc;
        w->pending_attr = ev->attr;
        snprintf(w->pending_reason, sizeof w->pending_reason, "%s", doc_attrs[ev->attr].needs_basis ? ev->reason : "");
        snprintf(w->pending_basis, sizeof w->pending_basis, "%s", doc_attrs[ev->attr].needs_basis ? ev->basis : "");
        snprintf(w->requested_by, sizeof w->requested_by, "%s", ev->actor);
        w->requested_on = date;
        return 0;
    case DOC_REG_APPROVE:
        if (w->attr == DOC_ATTR_ACTIVE && ev->doc_published)
            return err_set(e, GK_ESTATE, "attr", "the document is published: withdraw it (doc withdraw) before it "
                                                 "becomes %s", doc_attrs[w->pending_attr].label);
        w->attr = w->pending_attr;
        memcpy(w->reason, w->pending_reason, sizeof w->reason);
        memcpy(w->basis, w->pending_basis, sizeof w->basis);
        w->changes++;
        clear_pending(w);
        return 0;
    case DOC_REG_REJECT:
        if (blank(ev->comment))
            return err_field(e, GK_EINVAL, "comment", "say why the change is refused");
        clear_pending(w);
        return 0;
    }
    abort();
}

int doc_reg_step(struct doc_reg *r, const struct doc_reg_event *ev, gk_day today, err *e)
{
    const struct reg_rule *t = NULL;
    for (size_t i = 0; i < sizeof reg_rules / sizeof reg_rules[0]; i++)
        if (reg_rules[i].action == ev->action)
            t = &reg_rules[i];
    if (!t)
        return err_set(e, GK_EINVAL, "doc", "unknown step of the register");
    const char *act = doc_reg_action_codes[t->action];
    if (!ev->actor || blank(ev->actor))
        return err_set(e, GK_EINVAL, "actor", "%s: say who acts", act);
    if (t->pending && !r->pending_attr)
        return err_set(e, GK_ESTATE, "attr", "%s refused: no change of attribute awaits review", act);
    if (!t->pending && r->pending_attr)
        return err_set(e, GK_ESTATE, "attr", "%s refused: a change to %s awaits review already", act,
                       doc_attrs[r->pending_attr].label);
    if (!(t->roles & RB(ev->role)))
        return err_set(e, GK_ESTATE, "role", "%s refused: a %s may not take this step (request: author or office; "
                       "decide: reviewer1, reviewer2 or leader)", act, doc_role_label(ev->role));
    if (t->pending && strcmp(ev->actor, r->requested_by) == 0)
        return err_set(e, GK_ESTATE, "actor", "%s refused: %s asked for the change; another person reviews it", act,
                       ev->actor);
    gk_day date = ev->date ? ev->date : today;
    char d[11];
    date_format(date, d);
    if (date > today)
        return err_field(e, GK_EINVAL, "date", "%s is in the future", d);
    if (date < r->last_on)
        return err_field(e, GK_EINVAL, "date", "%s is before the register's last step", d);
    struct doc_reg *w = xmalloc(sizeof *w);
    *w = *r;
    int rc = run_reg(w, ev, date, e);
    if (!rc) {
        w->last_on = date;
        *r = *w;
    }
    free(w);
    return rc;
}

void doc_reg_summary(const struct doc_reg *r, const struct doc_reg_event *ev, buf *b)
{
    switch (ev->action) {
    case DOC_REG_REQUEST:
        buf_printf(b, "申请将公开属性改为%s", doc_attrs[r->pending_attr].label);
        if (r->pending_basis[0]) {
            const struct doc_attr_basis *x = doc_attr_basis_find(r->pending_basis);
            buf_printf(b, "（%s；依据条例%s）", r->pending_reason, x ? x->article : r->pending_basis);
        }
        break;
    case DOC_REG_APPROVE:
        buf_printf(b, "审核同意：公开属性改为%s", doc_attrs[r->attr].label);
        break;
    case DOC_REG_REJECT:
        buf_printf(b, "审核不同意更改公开属性：%s", ev->comment ? ev->comment : "");
        break;
    }
}

void doc_reg_to_json(const struct doc_reg *r, buf *b)
{
    char d[11];
    buf_printf(b, "{\"id\":%lld,\"doc_id\":%lld,\"title\":", (long long)r->id, (long long)r->doc_id);
    buf_json_str(b, r->title);
    buf_puts(b, ",\"docno\":");
    buf_json_str(b, r->docno);
    buf_puts(b, ",\"issuer\":");
    buf_json_str(b, r->issuer);
    if (r->written) {
        date_format(r->written, d);
        buf_printf(b, ",\"written\":\"%s\"", d);
    }
    buf_printf(b, ",\"attr\":\"%s\",\"reason\":", r->attr >= 1 && r->attr <= DOC_NATTRS ? doc_attrs[r->attr].code : "");
    buf_json_str(b, r->reason);
    buf_puts(b, ",\"basis\":");
    buf_json_str(b, r->basis);
    buf_printf(b, ",\"pending_attr\":\"%s\",\"pending_reason\":",
               r->pending_attr >= 1 && r->pending_attr <= DOC_NATTRS ? doc_attrs[r->pending_attr].code : "");
    buf_json_str(b, r->pending_reason);
    buf_puts(b, ",\"pending_basis\":");
    buf_json_str(b, r->pending_basis);
    buf_puts(b, ",\"requested_by\":");
    buf_json_str(b, r->requested_by);
    buf_printf(b, ",\"changes\":%d}", r->changes);
}
