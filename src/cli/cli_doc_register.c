/*
 * cli — the register of documents and their disclosure attribute (issue
 * 18): 'doc register', 'doc attr', 'doc registry' and 'doc bases', rows of
 * the 'doc' table (cli_doc.c). The domain is publish/attr.c; the store keeps
 * the register (store/doc_register.c). Also the documents an application's
 * reply cites (cli_chain_check_cites, cli_chain_cites).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli_doc_internal.h"

const char cli_doc_usage_register[] =
    "usage: gongkai doc register --title TEXT --attr A [--docno NO] [--issuer NAME] [--written DATE]\n"
    "                            [--reason TEXT --basis CODE] [--doc ID] [--date DATE]\n\n"
    "Registers a document when it is drafted, with its disclosure attribute (--attr):\n"
    "  active      主动公开: it goes through the review chain; --doc ID links the draft\n"
    "              made with 'doc add' (it may be linked at once or left for later)\n"
    "  on_request  依申请公开  } both need --reason and --basis, a legal basis of the\n"
    "  withheld    不予公开    } Regulation ('gongkai doc bases' lists them)\n"
    "A document registered other than 主动公开 is never published.\n";
const char cli_doc_usage_attr[] =
    "usage: gongkai doc attr REG --to A [--reason TEXT --basis CODE] --role author|office [--date DATE]\n"
    "       gongkai doc attr REG --approve | --reject --comment TEXT  --role reviewer1|reviewer2|leader\n\n"
    "Changes a registered document's attribute through review: the author or the office asks\n"
    "(--to), a reviewer or the signing leader decides; nobody decides on their own request.\n"
    "A published document is withdrawn (doc withdraw) before it stops being 主动公开.\n";
const char cli_doc_usage_registry[] =
    "usage: gongkai doc registry [--attr A] [--json]\n\n"
    "The register: every registered document with its attribute, reason and basis (staff\n"
    "only), and the count by attribute.\n";
const char cli_doc_usage_bases[] =
    "usage: gongkai doc bases\n\nThe legal bases of the Regulation for not disclosing a document actively.\n";

static int parse_attr(const char *opt, const char *v, int *out)
{
    if (!v)
        return 0;
    if ((*out = doc_attr_from_code(v)) < 0) {
        cli_error(opt, "unknown attribute '%s' (active, on_request, withheld)", v);
        return 2;
    }
    return 0;
}

static int copy_lim(char *dst, size_t cap, const char *v, enum lim_field f, const char *opt)
{
    err e = {0};
    if (v && lim_copy(f, dst, cap, v, &e)) {
        snprintf(e.where, sizeof e.where, "%s", opt + 2);
        e.field = true;
        return cli_report_err(&e);
    }
    return 0;
}

int cli_doc_cmd_register(cli_run *run, int argc, char **argv)
{
    const char *cmd = "doc register";
    const char *title = cli_opt(&argc, argv, "--title"), *attr = cli_opt(&argc, argv, "--attr"),
               *docno = cli_opt(&argc, argv, "--docno"), *issuer = cli_opt(&argc, argv, "--issuer"),
               *written = cli_opt(&argc, argv, "--written"), *reason = cli_opt(&argc, argv, "--reason"),
               *basis = cli_opt(&argc, argv, "--basis"), *doc = cli_opt(&argc, argv, "--doc"),
               *date = cli_opt(&argc, argv, "--date");
    int rc = cli_no_args(argc, argv, cmd);
    if (rc)
        return rc;
    struct doc_reg *r = xcalloc(1, sizeof *r);
    r->registered_on = date_today();
    if ((rc = parse_attr("--attr", attr, &r->attr)) ||
        (rc = copy_lim(r->title, sizeof r->title, title, LIM_F_DOC_TITLE, "--title")) ||
        (rc = copy_lim(r->issuer, sizeof r->issuer, issuer, LIM_F_DOC_ISSUER, "--issuer")) ||
        (rc = copy_lim(r->reason, sizeof r->reason, reason, LIM_F_DOC_ATTR_REASON, "--reason")))
        goto out;
    if (docno && strlen(docno) >= sizeof r->docno) {
        cli_error("--docno", "at most %zu bytes", sizeof r->docno - 1);
        rc = 2;
        goto out;
    }
    snprintf(r->docno, sizeof r->docno, "%s", docno ? docno : "");
    snprintf(r->basis, sizeof r->basis, "%s", basis && strlen(basis) < sizeof r->basis ? basis : basis ? "?" : "");
    if ((written && !cli_doc_date_opt(cmd, "--written", written, &r->written)) ||
        (date && !cli_doc_date_opt(cmd, "--date", date, &r->registered_on)) ||
        (doc && !cli_doc_parse_id(cmd, doc, &r->doc_id))) {
        rc = 2;
        goto out;
    }
    if (r->written == DOC_NODAY)
        r->written = 0;
    store_t *s;
    struct store_agency ag;
    if ((rc = cli_doc_open(run, &s, &ag)))
        goto out;
    r->agency_id = ag.id;
    err e = {0};
    if (doc_reg_check(r, date_today(), &e) || store_doc_reg_add(s, r, run->actor, &e)) {
        rc = cli_report_err(&e);
        goto out;
    }
    printf("已登记 %lld  %s  %s\n", (long long)r->id, doc_attrs[r->attr].label, r->title);
out:
    free(r);
    return rc;
}

int cli_doc_cmd_attr(cli_run *run, int argc, char **argv)
{
    const char *cmd = "doc attr";
    struct doc_reg_event ev = {.actor = run->actor};
    const char *to = cli_opt(&argc, argv, "--to"), *role = cli_opt(&argc, argv, "--role"),
               *date = cli_opt(&argc, argv, "--date");
    ev.reason = cli_opt(&argc, argv, "--reason");
    ev.basis = cli_opt(&argc, argv, "--basis");
    ev.comment = cli_opt(&argc, argv, "--comment");
    bool approve = cli_flag(&argc, argv, "--approve"), reject = cli_flag(&argc, argv, "--reject");
    int rc = cli_reject_unknown(argc, argv, cmd);
    if (rc)
        return rc;
    int64_t id;
    if (!cli_doc_only_id(cmd, argc, argv, &id))
        return 2;
    if ((to != NULL) + approve + reject != 1) {
        cli_error(cmd, "say one of: --to ATTR (ask for a change), --approve, --reject");
        return 2;
    }
    ev.action = to ? DOC_REG_REQUEST : approve ? DOC_REG_APPROVE : DOC_REG_REJECT;
    if ((rc = parse_attr("--to", to, &ev.attr)))
        return rc;
    err e = {0};
    if (!role) {
        cli_error("--role", "say the role the step is taken in (author|office to ask; reviewer1|reviewer2|leader "
                            "to decide)");
        return 2;
    }
    if (doc_role_parse(role, &ev.role, &e)) {
        cli_error("--role", "%s", e.msg);
        return 2;
    }
    if (date && !cli_doc_date_opt(cmd, "--date", date, &ev.date))
        return 2;
    if (ev.date == DOC_NODAY)
        ev.date = 0;
    store_t *s;
    struct store_agency ag;
    if ((rc = cli_doc_open(run, &s, &ag)))
        return rc;
    struct doc_reg *before = xmalloc(sizeof *before), *after = xmalloc(sizeof *after);
    if (store_doc_reg_get(s, ag.id, id, before, &e) || store_doc_reg_facts(s, before, &ev.doc_published, &e)) {
        rc = cli_report_err(&e);
    } else {
        *after = *before;
        buf sum;
        buf_init(&sum);
        if (doc_reg_step(after, &ev, date_today(), &e) || store_doc_reg_save(s, before, after, run->actor, ev.action, &e)) {
            rc = cli_report_err(&e);
        } else {
            doc_reg_summary(after, &ev, &sum);
            printf("登记 %lld  %s%s\n  %s\n", (long long)id, doc_attrs[after->attr].label,
                   after->pending_attr ? "（更改待审核）" : "", sum.data);
        }
        buf_free(&sum);
    }
    free(before);
    free(after);
    return rc;
}

struct reg_x { bool json; json_t *arr; int n; };

static int reg_line(const struct doc_reg *r, void *arg)
{
    struct reg_x *x = arg;
    const struct doc_attr_basis *b = doc_attr_basis_find(r->basis);
    if (x->json) {
        buf j;
        buf_init(&j);
        doc_reg_to_json(r, &j);
        json_array_append_new(x->arr, json_loads(j.data, 0, NULL));
        buf_free(&j);
    } else {
        buf l;
        buf_init(&l);
        buf_printf(&l, "%-5lld ", (long long)r->id);
        cli_app_cell(&l, doc_attrs[r->attr].label, 10);
        buf_puts(&l, "  ");
        cli_app_cell(&l, r->docno[0] ? r->docno : "-", 22);
        buf_puts(&l, "  ");
        cli_app_cell(&l, r->title, 40);
        if (b)
            buf_printf(&l, "  %s：%s（%s）", b->article, r->reason, b->code);
        if (r->pending_attr)
            buf_printf(&l, "  [改为%s待审核]", doc_attrs[r->pending_attr].label);
        printf("%s\n", l.data);
        buf_free(&l);
    }
    x->n++;
    return 0;
}

int cli_doc_cmd_registry(cli_run *run, int argc, char **argv)
{
    const char *cmd = "doc registry";
    const char *attr = cli_opt(&argc, argv, "--attr");
    bool json = cli_flag(&argc, argv, "--json");
    int rc = cli_no_args(argc, argv, cmd);
    if (rc)
        return rc;
    int a = 0;
    if ((rc = parse_attr("--attr", attr, &a)))
        return rc;
    store_t *s;
    struct store_agency ag;
    if ((rc = cli_doc_open(run, &s, &ag)))
        return rc;
    err e = {0};
    int64_t counts[DOC_NATTRS + 1];
    struct reg_x x = {json, json ? json_array() : NULL, 0};
    if (store_doc_reg_list(s, ag.id, a, reg_line, &x, &e) || store_doc_reg_counts(s, ag.id, counts, &e)) {
        json_decref(x.arr);
        return cli_report_err(&e);
    }
    if (json) {
        json_t *o = json_pack("{s:o, s:{s:I, s:I, s:I}}", "documents", x.arr, "counts", "active",
                              (json_int_t)counts[DOC_ATTR_ACTIVE], "on_request", (json_int_t)counts[DOC_ATTR_ON_REQUEST],
                              "withheld", (json_int_t)counts[DOC_ATTR_WITHHELD]);
        return cli_json_print(o, JSON_INDENT(2));
    }
    printf("共%lld件：主动公开%lld件，依申请公开%lld件，不予公开%lld件\n",
           (long long)(counts[1] + counts[2] + counts[3]), (long long)counts[DOC_ATTR_ACTIVE],
           (long long)counts[DOC_ATTR_ON_REQUEST], (long long)counts[DOC_ATTR_WITHHELD]);
    return 0;
}

int cli_doc_cmd_bases(cli_run *run, int argc, char **argv)
{
    (void)run;
    int rc = cli_reject_unknown(argc, argv, "doc bases");
    if (rc)
        return rc;
    for (int i = 0; i < doc_nattr_bases; i++) {
        const struct doc_attr_basis *b = &doc_attr_bases[i];
        buf l;
        buf_init(&l);
        cli_app_cell(&l, b->code, 20);
        buf_printf(&l, "  %s  《中华人民共和国政府信息公开条例》%s：%s", doc_attrs[b->attr].label, b->article, b->text);
        printf("%s\n", l.data);
        buf_free(&l);
    }
    return 0;
}

/* ---- documents an application's reply cites ---- */

int cli_chain_check_cites(cli_app_env *env, const int64_t *ids, int n)
{
    struct doc_reg *r = xmalloc(sizeof *r);
    int rc = 0;
    for (int i = 0; !rc && i < n; i++) {
        err e = {0};
        if (store_doc_reg_get(env->store, env->agency.id, ids[i], r, &e)) {
            if (e.code == GK_ENOTFOUND) {
                cli_error("--cite", "no registered document %lld in %s (see 'gongkai doc registry')",
                          (long long)ids[i], env->agency.code);
                rc = 2;
            } else {
                rc = cli_report_err(&e);
            }
        }
    }
    free(r);
    return rc;
}

void cli_chain_cites(store_t *s, const struct app *a, buf *out)
{
    err e = {0};
    store_chain_cites(s, a, out, &e);   /* a letter without its citations rather than none */
}
