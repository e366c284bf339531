/* web — the steps of publishing the annual report (draft, sign-off,
 * publish, correct) as the console, the API and `gongkai report` take them:
 * read what the store holds, ask report/schedule.h, keep the step with one
 * store call. See web.h ("the annual report's publication"). */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engage/engage.h"
#include "publish/channel.h"
#include "report/report.h"
#include "web/web.h"
#include "store/store.h"

#define SIGNOFF_KEY "report.signoff_role"

int web_report_signoff_role(store_t *st, int64_t agency_id, char role[32], err *e)
{
    buf b;
    buf_init(&b);
    int rc = store_setting_get(st, agency_id, SIGNOFF_KEY, &b, e);
    snprintf(role, 32, "%s", rc == 0 && b.data && *b.data ? b.data : "leader");
    buf_free(&b);
    return rc == GK_ENOTFOUND ? 0 : rc;
}

int web_report_set_signoff_role(store_t *st, int64_t agency_id, const char *role, const char *actor, err *e)
{
    enum web_role r = web_role_from_key(role);
    if (r == ROLE_NONE || !web_role_can(r, PERM_REPORT))
        return err_set(e, GK_EINVAL, "signoff_role",
                       "'%s': the sign-off role must be one that may open the report: leader (分管领导) or office (政务公开办)",
                       role ? role : "");
    char before[32];
    int rc = web_report_signoff_role(st, agency_id, before, e);
    if (!rc)
        rc = store_begin(st, e);
    if (rc)
        return rc;
    buf bj, aj;
    buf_init(&bj);
    buf_init(&aj);
    buf_puts(&bj, "{\"signoff_role\":");
    buf_json_str(&bj, before);
    buf_puts(&bj, "}");
    buf_puts(&aj, "{\"signoff_role\":");
    buf_json_str(&aj, web_role_key(r));
    buf_puts(&aj, "}");
    if ((rc = store_setting_set(st, agency_id, SIGNOFF_KEY, web_role_key(r), e)) ||
        (rc = store_audit_add(st, agency_id, actor, "agency", agency_id, "report_signoff_role_set", bj.data, aj.data, e)))
        store_rollback(st);
    else
        rc = store_commit(st, e);
    buf_free(&bj);
    buf_free(&aj);
    return rc;
}

int web_report_kind(store_t *st, int64_t agency_id, enum rpt_agency_kind *out, err *e)
{
    char k[16];
    int rc = store_agency_kind(st, agency_id, k, e);
    return rc ? rc : rpt_agency_kind_parse(k, "agency.kind", out, e);
}

int web_report_state(store_t *st, int64_t agency_id, int year, gk_day today, struct web_report_state *out, err *e)
{
    memset(out, 0, sizeof *out);
    int rc = store_report_get(st, agency_id, year, &out->pub, e);
    if (rc && rc != GK_ENOTFOUND)
        return rc;
    bool have = rc == 0;
    if ((rc = web_report_signoff_role(st, agency_id, out->signoff_role, e)) ||
        (rc = web_report_kind(st, agency_id, &out->kind, e))) {
        store_report_pub_clear(&out->pub);
        return rc;
    }
    out->signoff_label = web_role_label(web_role_from_key(out->signoff_role));
    out->facts = (struct rpt_pub_facts){.year = year, .today = today, .drafted = have,
                                        .signed_off = have && out->pub.signed_json, .version = out->pub.version,
                                        .note = have ? out->pub.correction_note : ""};
    out->status = rpt_pub_status(&out->facts, out->kind);
    out->due = rpt_due(year, out->kind);
    return 0;
}

void web_report_state_clear(struct web_report_state *s) { store_report_pub_clear(&s->pub); }

/* The draft's "document": an object of the report's document fields
 * (rpt_docf_keys), text of at most RPT_DOCF_MAX characters each. */
static int document_check(json_t *d, err *e)
{
    if (!json_is_object(d))
        return err_set(e, GK_EINVAL, "document", "document: an object of doc_no, addressee, introduction");
    const char *key;
    json_t *v;
    json_object_foreach(d, key, v)
    {
        bool known = false;
        for (int i = 0; i < RPT_NDOCF; i++)
            known |= strcmp(key, rpt_docf_keys[i]) == 0;
        if (!known)
            return err_set(e, GK_EINVAL, key, "document.%s: not a field of the report (doc_no, addressee, introduction)",
                           key);
        if (!json_is_string(v))
            return err_set(e, GK_EINVAL, key, "document.%s: must be text", key);
        size_t n = utf8_len(json_string_value(v), json_string_length(v));
        if (n > RPT_DOCF_MAX || memchr(json_string_value(v), '\0', json_string_length(v)))
            return err_set(e, GK_EINVAL, key, "document.%s: %zu characters; at most %d, without NUL", key, n,
                           RPT_DOCF_MAX);
    }
    return 0;
}

/* The narrative: a JSON object of sections, each a string of at most
 * WEB_NARRATIVE_MAX characters (jansson has checked the UTF-8). */
static int narrative_check(const char *narrative_json, err *e)
{
    json_error_t je;
    json_t *nj = json_loads(narrative_json ? narrative_json : "{}", JSON_REJECT_DUPLICATES, &je);
    if (!nj || !json_is_object(nj)) {
        json_decref(nj);
        return err_set(e, GK_EINVAL, "narrative", "not a JSON object of sections (%s)", nj ? "not an object" : je.text);
    }
    const char *key;
    json_t *v;
    int rc = 0;
    json_object_foreach(nj, key, v)
    {
        if (strcmp(key, "document") == 0) {
            if ((rc = document_check(v, e)))
                break;
            continue;
        }
        bool known = false;
        for (int i = 0; i < RPT_NNARR; i++)
            known |= strcmp(key, rpt_narr_keys[i]) == 0;
        if (!known) {
            rc = err_set(e, GK_EINVAL, key, "%s: not a section of the report (overview, proactive, requests, management, platform, "
                         "supervision, problems, other; document)", key);
            break;
        }
        if (!json_is_string(v)) {
            rc = err_set(e, GK_EINVAL, key, "%s: the section must be text", key);
            break;
        }
        size_t n = utf8_len(json_string_value(v), json_string_length(v));
        if (n > WEB_NARRATIVE_MAX || memchr(json_string_value(v), '\0', json_string_length(v))) {
            rc = err_set(e, GK_EINVAL, key, "%s: %zu characters; at most %d, without NUL", key, n, WEB_NARRATIVE_MAX);
            break;
        }
    }
    json_decref(nj);
    return rc;
}

int web_report_draft(store_t *st, int64_t agency_id, int year, const char *narrative_json, const char *note,
                     const char *actor, err *e)
{
    int rc = narrative_check(narrative_json, e);
    if (!rc)
        rc = rpt_note_check(note ? note : "", note ? strlen(note) : 0, e);
    return rc ? rc : store_report_save(st, agency_id, year, narrative_json, note, actor, e);
}

int web_report_signoff(store_t *st, int64_t agency_id, const char *agency_name, int year, gk_day today,
                       const char *actor, const char *role, err *e)
{
    struct web_report_state s;
    int rc = web_report_state(st, agency_id, year, today, &s, e);
    if (rc)
        return rc;
    rc = rpt_signoff_check(&s.facts, role, s.signoff_role, s.signoff_label, e);
    web_report_state_clear(&s);
    if (rc)
        return rc;
    rpt *r;
    if ((rc = web_report_generate(st, agency_id, agency_name, year, &r, e)))
        return rc;
    if (rpt_count_errors(r)) {
        rc = err_set(e, GK_ESTATE, "report", "%d年度报告存在%zu个勾稽关系错误，修正数据后才能签发", year,
                     rpt_count_errors(r));
        rpt_free(r);
        return rc;
    }
    rpt_clear_problems(r);
    buf j;
    buf_init(&j);
    rpt_to_json(r, &j, false);
    rpt_free(r);
    rc = store_report_sign(st, agency_id, year, j.data, actor, role, e);
    buf_free(&j);
    return rc;
}

int web_report_publish(store_t *st, int64_t agency_id, int year, gk_day today, const char *actor, int *version,
                       err *e)
{
    struct web_report_state s;
    int rc = web_report_state(st, agency_id, year, today, &s, e);
    if (rc)
        return rc;
    rc = rpt_publish_check(&s.facts, s.signoff_label, e);
    if (!rc)
        rc = store_report_publish(st, agency_id, year, actor, e);
    if (!rc && version)
        *version = s.facts.version + 1;
    web_report_state_clear(&s);
    return rc;
}

/* ---- the report as a document (issue 18) ---------------------------------- */

void web_report_apply_text(struct rpt *r, const char *narrative_json)
{
    json_t *nj = json_loads(narrative_json ? narrative_json : "{}", 0, NULL);
    if (!json_is_object(nj)) {
        json_decref(nj);
        return;
    }
    r->has_narrative = true;
    for (int i = 0; i < RPT_NNARR; i++) {
        const char *t = json_string_value(json_object_get(nj, rpt_narr_keys[i]));
        free(r->narrative[i]);
        r->narrative[i] = t ? xstrdup(t) : NULL;
    }
    json_t *d = json_object_get(nj, "document");
    if (json_is_object(d)) {
        r->has_document = true;
        for (int i = 0; i < RPT_NDOCF; i++) {
            const char *t = json_string_value(json_object_get(d, rpt_docf_keys[i]));
            free(r->doc[i]);
            r->doc[i] = t ? xstrdup(t) : NULL;
        }
    }
    json_decref(nj);
}

static char *setting(store_t *st, int64_t agency_id, const char *key)
{
    buf b;
    buf_init(&b);
    if (store_setting_get(st, agency_id, key, &b, NULL) != 0 || !b.data) {
        buf_free(&b);
        return xstrdup("");
    }
    return buf_detach(&b);
}

/* The addressee: setting report.addressee, else the agency above (the
 * supervising government or office on the platform), else agency.supervisor. */
static char *addressee(store_t *st, const struct store_agency *a)
{
    char *s = setting(st, a->id, "report.addressee");
    if (*s)
        return s;
    free(s);
    struct store_agency p;
    if (a->parent_id && store_agency_by_id(st, a->parent_id, &p, NULL) == 0)
        return xstrdup(p.name);
    return setting(st, a->id, "agency.supervisor");
}

/* Sets key of o to text when it is absent or empty, or always when replace. */
static void fill(json_t *o, const char *key, const char *text, bool replace)
{
    const char *have = json_string_value(json_object_get(o, key));
    if (replace || !have || !*have)
        json_object_set_new(o, key, json_string(text));
}

int web_report_compose(store_t *st, const struct store_agency *a, int year, bool replace, char **out, err *e)
{
    struct rpt *r;
    int rc = web_report_generate(st, a->id, a->name, year, &r, e);
    if (rc)
        return rc;
    struct rpt_facts f;
    struct engage_year *ey = xmalloc(sizeof *ey);
    buf eng, parts[5];
    buf_init(&eng);
    for (int i = 0; i < 5; i++)
        buf_init(&parts[i]);
    rc = store_report_facts(st, a->id, year, &f, e);
    if (!rc && store_engage_year(st, a->id, year, ey, NULL) == 0)
        engage_narrative(ey, &eng);
    free(ey);
    struct store_report_pub p;
    json_t *nj = NULL;
    if (!rc) {
        rpt_compose(r, &f, eng.data, parts);
        int g = store_report_get(st, a->id, year, &p, e);
        if (g && g != GK_ENOTFOUND)
            rc = g;
        nj = json_loads(g == 0 && p.narrative_json ? p.narrative_json : "{}", 0, NULL);
        if (g == 0)
            store_report_pub_clear(&p);
        if (!json_is_object(nj)) {
            json_decref(nj);
            nj = json_object();
        }
    }
    if (!rc) {
        for (int i = 0; i < 5; i++)
            fill(nj, rpt_narr_keys[RPT_NARR_PROACTIVE + i], parts[i].data ? parts[i].data : "", replace);
        json_t *d = json_object_get(nj, "document");
        if (!json_is_object(d)) {
            d = json_object();
            json_object_set_new(nj, "document", d);
        }
        char *url = setting(st, a->id, "agency.url"), *addr = setting(st, a->id, "agency.address"),
             *phone = setting(st, a->id, "agency.phone"), *to = addressee(st, a);
        buf intro;
        buf_init(&intro);
        rpt_compose_intro(a->name, year, url, addr, phone, &intro);
        fill(d, "introduction", intro.data, replace);
        fill(d, "addressee", to, replace);
        if (!json_object_get(d, "doc_no"))
            json_object_set_new(d, "doc_no", json_string(""));
        buf_free(&intro);
        free(url), free(addr), free(phone), free(to);
        *out = json_dumps(nj, JSON_COMPACT);
    }
    json_decref(nj);
    buf_free(&eng);
    for (int i = 0; i < 5; i++)
        buf_free(&parts[i]);
    rpt_free(r);
    return rc;
}

/* ---- archive and library copies (issue 18) -------------------------------- */

int web_archive_rule(store_t *st, int64_t agency_id, int *workdays, char from[11], err *e)
{
    buf b;
    buf_init(&b);
    int rc = store_setting_get(st, agency_id, "archive.workdays", &b, e);
    if (rc && rc != GK_ENOTFOUND) {
        buf_free(&b);
        return rc;
    }
    rc = arch_workdays_parse(rc == 0 ? b.data : NULL, workdays, e);
    buf_reset(&b);
    from[0] = 0;
    if (!rc && store_setting_get(st, agency_id, "archive.from", &b, NULL) == 0 && b.data)
        snprintf(from, 11, "%.10s", b.data);
    buf_free(&b);
    return rc;
}

struct overdue_count {
    const cal_t *cal;
    int workdays;
    gk_day today;
    int64_t pending, overdue;
    err *e;
    int rc;
};

static int count_pending(const struct store_arch_pending *p, void *arg)
{
    struct overdue_count *x = arg;
    gk_day pub, due;
    if ((x->rc = date_parse(p->published, &pub, x->e)) || (x->rc = arch_due(x->cal, pub, x->workdays, &due, x->e)))
        return 1;
    x->pending++;
    x->overdue += due < x->today;
    return 0;
}

int web_archive_overdue(store_t *st, int64_t agency_id, const cal_t *cal, gk_day today, int64_t *pending,
                        int64_t *overdue, err *e)
{
    struct overdue_count x = {.cal = cal, .today = today, .e = e};
    char from[11];
    int rc = web_archive_rule(st, agency_id, &x.workdays, from, e);
    for (int t = 0; !rc && t < ARCH_NRECIPIENTS; t++) {
        rc = store_archive_pending(st, agency_id, t, from, count_pending, &x, e);
        if (!rc)
            rc = x.rc;
    }
    *pending = x.pending;
    *overdue = x.overdue;
    return rc;
}
