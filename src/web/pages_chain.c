/*
 * web — the handling chain of applications in the console and the API
 * (issue 18): the panel on an application's page (who handles it, the
 * draft, the forms each person may use), the chain's events (assign,
 * reassign, draft, return, approve: POST .../events with that kind), and the
 * dashboard's queues of the person logged in (assigned to me, returned to
 * me, drafts to approve). The domain (disclosure/chain.c) decides who may
 * act; the forms only hide what it would refuse.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/html.h"
#include "web/web_internal.h"

static void rules_of(web_req *r, struct app_chain_rules *out)
{
    app_chain_rules_default(out, date_today());
    for (int i = 0; app_chain_rule_keys[i]; i++) {
        const char *v = web_setting(r, app_chain_rule_keys[i], NULL);
        err e = {0};
        if (v && *v)
            app_chain_rules_set(out, app_chain_rule_keys[i], v, &e);   /* a bad value keeps the default */
    }
}

static struct app_chain_actor me(web_req *r)
{
    return (struct app_chain_actor){r->user->login, web_role_key(r->user->role)};
}

int web_chain_kind(const char *kind)
{
    return app_chain_action_from_code(kind);
}

int web_chain_event(web_req *r, struct app *a, int action, const char *(*get)(web_req *, const char *), char *msg,
                    size_t msgn)
{
    return web_chain_event_files(r, a, action, get, NULL, 0, msg, msgn);
}

int web_chain_event_files(web_req *r, struct app *a, int action, const char *(*get)(web_req *, const char *),
                          const struct store_chain_file *files, size_t nfiles, char *msg, size_t msgn)
{
    struct app_chain_event ev = {.action = action, .nfiles = (int)nfiles};
    const char *v;
    if ((v = get(r, "date")) && *v && date_parse(v, &ev.date, NULL))
        return snprintf(msg, msgn, "日期格式应为 YYYY-MM-DD。"), 422;
    ev.to = get(r, "handler");
    ev.reason = get(r, "reason");
    ev.outcome = get(r, "outcome");
    ev.detail = get(r, "detail");
    ev.refer = get(r, "refer");
    ev.letter = get(r, "letter");
    ev.comment = get(r, "comment");
    static const enum lim_field texts[] = {LIM_F_CHAIN_HANDLER, LIM_F_CHAIN_REASON, LIM_F_APP_DETAIL,
                                           LIM_F_APP_REFER, LIM_F_CHAIN_LETTER, LIM_F_CHAIN_COMMENT};
    for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++) {
        buf m;
        buf_init(&m);
        lim_msg_cn(texts[i], get(r, lim_fields[texts[i]].key), &m);
        bool over = m.data != NULL;
        if (over)
            snprintf(msg, msgn, "%s", m.data);
        buf_free(&m);
        if (over)
            return 422;
    }
    int gate = action == APP_CA_APPROVE ? web_chain_files_unchecked(r, a, get(r, "confirm_files"), msg, msgn) : 0;
    if (gate)
        return gate;
    struct app_chain *before = xmalloc(sizeof *before), *after = xmalloc(sizeof *after);
    struct app_chain_rules rules;
    rules_of(r, &rules);
    struct app_chain_actor who = me(r);
    err e = {0};
    int st = 0, rc = store_chain_get(r->st, a, before, &e);
    if (!rc) {
        if (ev.action == APP_CA_ASSIGN && before->state != APP_CH_NONE)
            ev.action = APP_CA_REASSIGN;
        *after = *before;
        if ((rc = app_chain_step(&rules, a, after, &who, &ev, &e)))
            st = rc == GK_ESTATE ? 409 : 422;
    } else {
        st = 500;
    }
    if (!rc) {
        buf sum;
        buf_init(&sum);
        app_chain_summary(after, &ev, &sum);
        rc = store_chain_save(r->st, a, before, after, r->user->login, ev.action, sum.data, files, nfiles, &e);
        buf_free(&sum);
        if (rc)
            st = rc == GK_ESTATE ? 409 : rc == GK_EINVAL ? 422 : 500;
    }
    if (st)
        snprintf(msg, msgn, "%s", e.msg);
    free(before);
    free(after);
    return st;
}

int web_chain_answer_fill(web_req *r, const struct app *a, struct app_event *ev, struct app_chain *keep)
{
    if (ev->outcome && *ev->outcome)
        return 0;
    err e = {0};
    if (store_chain_get(r->st, a, keep, &e) || keep->state != APP_CH_APPROVED)
        return 0;   /* the store refuses the answer with the reason */
    ev->outcome = keep->outcome;
    ev->detail = keep->detail;
    ev->refer = keep->refer;
    return 0;
}

bool web_chain_answer_fields(web_req *r, buf *b, const struct app *a)
{
    struct app_chain *c = xmalloc(sizeof *c);
    err e = {0};
    bool ok = store_chain_get(r->st, a, c, &e) == 0 && c->state == APP_CH_APPROVED;
    if (ok) {
        const struct app_outcome *o = app_outcome_find(c->outcome);
        const char *names[] = {"outcome", "detail", "refer"}, *vals[] = {c->outcome, c->detail, c->refer};
        for (int i = 0; i < 3; i++) {
            buf_printf(b, "<input type=\"hidden\" name=\"%s\" value=\"", names[i]);
            buf_html(b, vals[i]);
            buf_puts(b, "\">");
        }
        buf_puts(b, "<p>按审批同意的意见答复：");
        buf_html(b, o ? o->label : c->outcome);
        if (c->detail[0]) {
            buf_puts(b, "；");
            buf_html(b, c->detail);
        }
        buf_puts(b, "</p>");
    }
    free(c);
    return ok;
}

const char *web_chain_cites(web_req *r, const struct app *a)
{
    buf b;
    buf_init(&b);
    err e = {0};
    store_chain_cites(r->st, a, &b, &e);   /* a letter without its citations rather than none */
    const char *out = b.len ? arena_printf(&r->a, "%s", b.data) : NULL;
    buf_free(&b);
    return out;
}

static void form_head(buf *b, const struct app *a, const char *hidden, const char *kind, const char *label)
{
    char today[11];
    date_format(date_today(), today);
    buf_printf(b, "<details><summary>%s</summary><form class=\"stack\" method=\"post\" "
                  "action=\"/console/applications/%s/events\">%s<input type=\"hidden\" name=\"kind\" value=\"%s\">"
                  "<label for=\"c-d-%s\">日期</label><input type=\"date\" id=\"c-d-%s\" name=\"date\" value=\"%s\" required>",
               label, a->no, hidden, kind, kind, kind, today);
}

/* The draft goes as multipart, with its files, to .../draft (the CSRF token
 * in the query: an upload's token is checked before its body is read). */
static void draft_head(web_req *r, buf *b, const struct app *a, const char *hidden)
{
    char today[11];
    date_format(date_today(), today);
    const char *act = arena_printf(&r->a, "/console/applications/%s/draft?csrf=%s", a->no, r->csrf);
    h_open(b, "details", H_END);
    h_el(b, "summary", "拟办（提出初步办理意见）");
    h_open(b, "form", "class", "stack", "method", "post", "action", act, "enctype", "multipart/form-data", H_END);
    h_markup_add(b, H_MARKUP(hidden));
    h_el_attr(b, "label", "日期", "for", "c-d-draft", H_END);
    h_void(b, "input", "type", "date", "id", "c-d-draft", "name", "date", "value", today, "required", "", H_END);
}

static void draft_files(buf *b)
{
    h_open(b, "label", "for", "c-files", H_END);
    h_textf(b, "拟提供的文件（PDF、Word、Excel、图片或文本，每个不超过%d MiB，最多%d个）", APP_CHAIN_FILE_MAX_MB,
            APP_CHAIN_MAX_FILES);
    h_close(b, "label");
    h_void(b, "input", "type", "file", "id", "c-files", "name", "files", "multiple", "", H_END);
    h_open(b, "label", H_END);
    h_void(b, "input", "type", "checkbox", "name", "keep_files", "value", "1", "checked", "", H_END);
    h_text(b, " 未选择新文件时保留上一稿的文件");
    h_close(b, "label");
    h_el_attr(b, "button", "报送审批", "type", "submit", H_END);
    h_close(b, "form");
    h_close(b, "details");
}

static void approve_confirm(buf *b)
{
    h_open(b, "label", H_END);
    h_void(b, "input", "type", "checkbox", "name", "confirm_files", "value", "1", H_END);
    h_text(b, " 已人工核对拟提供的文件（有未能筛查或发现个人信息的文件时必须勾选）");
    h_close(b, "label");
    h_el_attr(b, "button", "审批同意", "type", "submit", H_END);
    h_close(b, "form");
    h_close(b, "details");
}

static void outcome_select(buf *b, const char *chosen)
{
    buf_puts(b, "<label for=\"c-outcome\">拟答复类型</label><select id=\"c-outcome\" name=\"outcome\" required>");
    for (int i = 0; i < app_noutcomes; i++)
        if (app_outcomes[i].via == APP_EV_ANSWER) {
            buf_printf(b, "<option value=\"%s\"%s>", app_outcomes[i].code,
                       strcmp(chosen, app_outcomes[i].code) == 0 ? " selected" : "");
            buf_html(b, app_outcomes[i].label);
            buf_puts(b, "</option>");
        }
    buf_puts(b, "</select>");
}

void web_chain_panel(web_req *r, buf *b, const struct app *a, const char *hidden)
{
    struct app_chain *c = xmalloc(sizeof *c);
    err e = {0};
    if (store_chain_get(r->st, a, c, &e)) {
        free(c);
        return;
    }
    struct app_chain_rules rules;
    rules_of(r, &rules);
    struct app_chain_actor who = me(r);
    buf_printf(b, "<h2>办理流程</h2><p><span class=\"tag %s\">%s</span>",
               c->state == APP_CH_APPROVED || c->state == APP_CH_ISSUED ? "ok" : "warn", app_chain_states[c->state].label);
    if (c->handler[0]) {
        buf_puts(b, " 承办人：");
        buf_html(b, c->handler);
    }
    if (c->approver[0]) {
        buf_puts(b, " 审批人：");
        buf_html(b, c->approver);
    }
    buf_puts(b, "</p>");
    if (c->outcome[0]) {
        const struct app_outcome *o = app_outcome_find(c->outcome);
        buf_puts(b, "<p>拟答复：");
        buf_html(b, o ? o->label : c->outcome);
        if (c->detail[0]) {
            buf_puts(b, "；");
            buf_html(b, c->detail);
        }
        buf_puts(b, "</p>");
    }
    web_released_files_staff(r, a, b);
    if (c->state == APP_CH_RETURNED) {
        buf_puts(b, "<p>退回意见：");
        buf_html(b, c->comment);
        buf_puts(b, "</p>");
    }
    bool open = app_states[a->state].open;
    if (open && c->state <= APP_CH_RETURNED && app_chain_is_assigner(&rules, &who)) {
        form_head(b, a, hidden, "assign", c->state == APP_CH_NONE ? "分办" : "改派");
        buf_puts(b, "<label for=\"c-handler\">承办人（用户名）</label><input type=\"text\" id=\"c-handler\" name=\"handler\" "
                    "required maxlength=\"50\">");
        if (c->state != APP_CH_NONE)
            buf_puts(b, "<label for=\"c-reason\">改派理由</label><textarea id=\"c-reason\" name=\"reason\" required "
                        "maxlength=\"500\"></textarea>");
        buf_printf(b, "<button type=\"submit\">%s</button></form></details>", c->state == APP_CH_NONE ? "分办" : "改派");
    }
    if (open && (c->state == APP_CH_ASSIGNED || c->state == APP_CH_RETURNED) && strcmp(c->handler, who.name) == 0) {
        draft_head(r, b, a, hidden);
        outcome_select(b, c->outcome);
        buf_puts(b, "<label for=\"c-detail\">具体内容（提供了什么，或不予公开的理由）</label>"
                    "<textarea id=\"c-detail\" name=\"detail\" maxlength=\"2000\">");
        buf_html(b, c->detail);
        buf_puts(b, "</textarea><label for=\"c-refer\">负责该信息的机关（本机关不掌握时）</label>"
                    "<input type=\"text\" id=\"c-refer\" name=\"refer\" maxlength=\"100\">"
                    "<label for=\"c-letter\">答复书正文（拟稿）</label><textarea id=\"c-letter\" name=\"letter\" "
                    "maxlength=\"4000\"></textarea>");
        draft_files(b);
    }
    if (c->state != APP_CH_NONE)
        web_chain_files_html(r, b, a);
    if (open && c->state == APP_CH_DRAFTED && app_chain_is_approver(&rules, &who) && strcmp(c->drafter, who.name) != 0) {
        form_head(b, a, hidden, "approve", "审批同意");
        approve_confirm(b);
        form_head(b, a, hidden, "return", "退回修改");
        buf_puts(b, "<label for=\"c-comment\">退回意见</label><textarea id=\"c-comment\" name=\"comment\" required "
                    "maxlength=\"500\"></textarea><button type=\"submit\">退回修改</button></form></details>");
    }
    free(c);
}

/* ---- the dashboard: the queues of the person logged in ---- */

struct q { web_req *r; buf *b; int n; const char *skip_drafter; };

static int q_row(const struct store_chain_item *it, void *arg)
{
    struct q *x = arg;
    if (x->skip_drafter && strcmp(it->chain->drafter, x->skip_drafter) == 0)
        return 0;
    char due[11] = "-";
    if (it->due)
        date_format(it->due, due);
    char path[64];
    snprintf(path, sizeof path, "/console/applications/%s", it->app_no);
    buf_printf(x->b, "<li><a href=\"%s\">%s</a> %s ", web_href(x->r, path), it->app_no, due);
    buf_html(x->b, it->request);
    buf_puts(x->b, "</li>");
    x->n++;
    return 0;
}

static void queue(web_req *r, buf *b, const char *title, int state, const char *handler, const char *skip)
{
    buf items;
    buf_init(&items);
    struct q x = {r, &items, 0, skip};
    store_chain_queue(r->st, r->agency.id, state, handler, q_row, &x, NULL);
    buf_printf(b, "<h3>%s（%d）</h3>", title, x.n);
    if (x.n)
        buf_printf(b, "<ul>%s</ul>", items.data);
    buf_free(&items);
}

void web_dash_chain(web_req *r, buf *b)
{
    if (!web_can(r, PERM_APP_VIEW))
        return;
    struct app_chain_rules rules;
    rules_of(r, &rules);
    struct app_chain_actor who = me(r);
    buf_puts(b, "<h2>我的待办申请</h2>");
    queue(r, b, "交我承办", APP_CH_ASSIGNED, who.name, NULL);
    queue(r, b, "退回我修改", APP_CH_RETURNED, who.name, NULL);
    if (app_chain_is_approver(&rules, &who))
        queue(r, b, "待我审批", APP_CH_DRAFTED, NULL, who.name);
}
