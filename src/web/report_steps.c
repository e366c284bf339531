/* web — the steps of publishing the annual report (draft, sign-off,
 * publish, correct) as the console, the API and `gongkai report` take them:
 * read what the store holds, ask report/schedule.h, keep the step with one
 * store call. See web.h ("the annual report's publication"). */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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
        bool known = false;
        for (int i = 0; i < RPT_NNARR; i++)
            known |= strcmp(key, rpt_narr_keys[i]) == 0;
        if (!known) {
            rc = err_set(e, GK_EINVAL, key, "%s: not a section of the report (overview, problems, other)", key);
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
