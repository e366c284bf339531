/* report/schedule — when an annual report may and must be published, and
 * who signs it off: the rules of 《政府信息公开条例》第四十九条、第五十条 as
 * table rows. See schedule.h. */
#include <stdio.h>
#include <string.h>

#include "report/schedule.h"

/* 《政府信息公开条例》第四十九条: "县级以上人民政府部门应当在每年1月31日前向本级
 * 政府信息公开工作主管部门提交本行政机关上一年度政府信息公开工作年度报告并向社会
 * 公布。县级以上地方人民政府的政府信息公开工作主管部门应当在每年3月31日前向社会
 * 公布本级政府上一年度政府信息公开工作年度报告。" */
static const struct rpt_deadline_rule deadlines[RPT_AGENCY_NKINDS] = {
    {RPT_AGENCY_DEPARTMENT, "department", "县级以上人民政府部门", 1, 31,
     "《政府信息公开条例》第四十九条：县级以上人民政府部门每年1月31日前公布上一年度年度报告"},
    {RPT_AGENCY_GOVERNMENT, "government", "县级以上地方人民政府", 3, 31,
     "《政府信息公开条例》第四十九条：县级以上地方人民政府每年3月31日前公布上一年度年度报告"},
};

/* When a report may first be published: it reports "上一年度" (第四十九条), the
 * whole year's figures (第五十条: 上一年度主动公开、依申请公开、复议诉讼等情况),
 * so not before the year has ended. */
static const struct {
    int years_after, month, day;
    const char *basis;
} publish_from = {1, 1, 1, "《政府信息公开条例》第四十九条、第五十条：年度报告反映上一年度的情况，年度结束后方可发布"};

const struct rpt_deadline_rule *rpt_deadline_rule(enum rpt_agency_kind k)
{
    return k >= 0 && k < RPT_AGENCY_NKINDS ? &deadlines[k] : &deadlines[RPT_AGENCY_DEPARTMENT];
}

int rpt_agency_kind_parse(const char *key, const char *where, enum rpt_agency_kind *out, err *e)
{
    for (int i = 0; key && i < RPT_AGENCY_NKINDS; i++)
        if (strcmp(deadlines[i].key, key) == 0) {
            *out = deadlines[i].kind;
            return 0;
        }
    return err_set(e, GK_EINVAL, where, "'%s': the agency kind is department (县级以上人民政府部门) "
                                        "or government (县级以上地方人民政府)", key ? key : "");
}

gk_day rpt_publish_from(int year)
{
    return date_from_ymd(year + publish_from.years_after, publish_from.month, publish_from.day);
}

gk_day rpt_due(int year, enum rpt_agency_kind k)
{
    const struct rpt_deadline_rule *r = rpt_deadline_rule(k);
    return date_from_ymd(year + 1, r->month, r->day);
}

static const struct {
    const char *key, *label;
} statuses[] = {
    [RPT_ST_NONE] = {"none", "未起草"},
    [RPT_ST_DRAFTED] = {"drafted", "已起草"},
    [RPT_ST_SIGNED] = {"signed", "已签发"},
    [RPT_ST_PUBLISHED] = {"published", "已发布"},
    [RPT_ST_LATE] = {"late", "已逾期"},
};

enum rpt_pub_status rpt_pub_status(const struct rpt_pub_facts *f, enum rpt_agency_kind k)
{
    if (f->version > 0)
        return RPT_ST_PUBLISHED;
    if (f->today > rpt_due(f->year, k))
        return RPT_ST_LATE;
    if (f->signed_off)
        return RPT_ST_SIGNED;
    return f->drafted ? RPT_ST_DRAFTED : RPT_ST_NONE;
}

const char *rpt_pub_status_key(enum rpt_pub_status s)
{
    return s >= RPT_ST_NONE && s <= RPT_ST_LATE ? statuses[s].key : "";
}

const char *rpt_pub_status_label(enum rpt_pub_status s)
{
    return s >= RPT_ST_NONE && s <= RPT_ST_LATE ? statuses[s].label : "";
}

int rpt_note_check(const char *note, size_t len, err *e)
{
    size_t bad;
    if (memchr(note, '\0', len))
        return err_set(e, GK_EINVAL, "correction_note", "the 更正说明 holds a NUL byte at byte %zu",
                       (size_t)((const char *)memchr(note, '\0', len) - note));
    if (!utf8_valid(note, len, &bad))
        return err_set(e, GK_EINVAL, "correction_note", "the 更正说明 is not valid UTF-8 at byte %zu", bad);
    size_t n = utf8_len(note, len);
    if (n > RPT_NOTE_MAX)
        return err_set(e, GK_EINVAL, "correction_note", "更正说明 has %zu characters; at most %d", n, RPT_NOTE_MAX);
    return 0;
}

/* ---- the conditions of signing off and publishing, in the order asked ---- */

static int until_year_end(const struct rpt_pub_facts *f, const char *verb, err *e)
{
    gk_day from = rpt_publish_from(f->year);
    if (f->today >= from)
        return 0;
    int y, m, d;
    date_to_ymd(from, &y, &m, &d);
    return err_set(e, GK_ESTATE, "report", "%d年度报告须于%d年%d月%d日后%s（%s）", f->year, y, m, d, verb,
                   publish_from.basis);
}

static int correction_noted(const struct rpt_pub_facts *f, const char *verb, err *e)
{
    if (f->version == 0 || (f->note && *f->note))
        return 0;
    return err_set(e, GK_ESTATE, "correction_note",
                   "%d年度报告已发布（第%d版），更正版须填写更正说明后才能%s", f->year, f->version, verb);
}

int rpt_signoff_check(const struct rpt_pub_facts *f, const char *role, const char *designated,
                      const char *designated_label, err *e)
{
    int rc = until_year_end(f, "签发", e);
    if (rc)
        return rc;
    if (!role || !designated || strcmp(role, designated) != 0)
        return err_set(e, GK_ESTATE, "role", "%d年度报告须由本机关指定的%s签发", f->year, designated_label);
    if (!f->drafted)
        return err_set(e, GK_ESTATE, "report", "%d年度报告尚未起草：先保存报告文字，再签发", f->year);
    return correction_noted(f, "签发", e);
}

int rpt_publish_check(const struct rpt_pub_facts *f, const char *designated_label, err *e)
{
    int rc = until_year_end(f, "发布", e);
    if (rc)
        return rc;
    if (!f->signed_off)
        return err_set(e, GK_ESTATE, "signoff", "%d年度报告须经%s签发后才能发布：请%s签发当前稿", f->year,
                       designated_label, designated_label);
    return correction_noted(f, "发布", e);
}
