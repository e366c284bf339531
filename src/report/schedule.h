/*
 * report/schedule — when the annual report of a year may and must be
 * published, and who signs it off. The domain decides here; the store keeps
 * the drafts, sign-offs and published versions (store.h, "portal
 * publications"), the CLI (cli_report_pub.c) and the console
 * (web/pages_report.c) ask these functions before every step.
 *
 * The rules are rows of tables (schedule.c) citing 《政府信息公开条例》:
 *   - 第四十九条、第五十条: a report covers the whole of the year before
 *     ("上一年度"), so the report of year Y is published from 1 January of
 *     Y+1 on; it may be drafted at any time;
 *   - 第四十九条: departments (县级以上人民政府部门) publish by 31 January of
 *     Y+1, governments (县级以上地方人民政府) by 31 March of Y+1.
 * The sign-off is the agency's own rule of internal review (分管领导 by
 * default, a setting names another role): what was signed is what is
 * published, and a published report is replaced only by a corrected version
 * that carries its 更正说明 and goes through the same sign-off.
 */
#ifndef GONGKAI_REPORT_SCHEDULE_H
#define GONGKAI_REPORT_SCHEDULE_H

#include "base/base.h"

/* What kind of body the agency is: the deadline of Art. 49 depends on it. */
enum rpt_agency_kind {
    RPT_AGENCY_DEPARTMENT = 0,  /* 县级以上人民政府部门: 31 January */
    RPT_AGENCY_GOVERNMENT,      /* 县级以上地方人民政府: 31 March */
    RPT_AGENCY_NKINDS
};
struct rpt_deadline_rule {
    enum rpt_agency_kind kind;
    const char *key;            /* "department", "government" (stored, CLI) */
    const char *label;          /* 县级以上人民政府部门 ... */
    int month, day;             /* the last day, in the year after the report's */
    const char *basis;          /* the article */
};
/* The row of the kind (never NULL for a valid kind). */
const struct rpt_deadline_rule *rpt_deadline_rule(enum rpt_agency_kind k);
/* "department" or "government"; GK_EINVAL naming `where` otherwise. */
int rpt_agency_kind_parse(const char *key, const char *where, enum rpt_agency_kind *out, err *e);

/* The first day the report of `year` may be signed off and published. */
gk_day rpt_publish_from(int year);
/* The last day of Art. 49 for the report of `year`. */
gk_day rpt_due(int year, enum rpt_agency_kind k);

/* What the store holds about a year's report, as the domain needs it. */
struct rpt_pub_facts {
    int year;
    gk_day today;
    bool drafted;               /* a draft (narrative) was saved */
    bool signed_off;            /* the current draft carries a sign-off */
    int version;                /* published versions so far; 0 = never published */
    const char *note;           /* the draft's 更正说明 ("" or NULL when none) */
};

enum rpt_pub_status {
    RPT_ST_NONE = 0,            /* 未起草: nothing saved yet */
    RPT_ST_DRAFTED,             /* 已起草 */
    RPT_ST_SIGNED,              /* 已签发，待发布 */
    RPT_ST_PUBLISHED,           /* 已发布 */
    RPT_ST_LATE,                /* 已逾期: not published and the deadline passed */
};
enum rpt_pub_status rpt_pub_status(const struct rpt_pub_facts *f, enum rpt_agency_kind k);
const char *rpt_pub_status_key(enum rpt_pub_status s);    /* "none", "drafted", ... */
const char *rpt_pub_status_label(enum rpt_pub_status s);  /* 未起草, 已起草, ... */

/* A 更正说明 is at most this many characters (what people read). */
#define RPT_NOTE_MAX 2000
/* Checks a 更正说明 as typed: valid UTF-8, no NUL (len is its bytes), at most
 * RPT_NOTE_MAX characters. GK_EINVAL naming the field "correction_note". */
int rpt_note_check(const char *note, size_t len, err *e);

/* May `role` sign off the report now? role and designated are role keys
 * ("leader", ...), designated_label the designated role's name (分管领导).
 * Refusals (GK_ESTATE / GK_EINVAL) say why and from when it is allowed:
 * before 1 January of Y+1; another role; a correction without its 更正说明. */
int rpt_signoff_check(const struct rpt_pub_facts *f, const char *role, const char *designated,
                      const char *designated_label, err *e);
/* May the signed draft be published now? GK_ESTATE with the reason and the
 * date from which it is allowed: "2026年度报告须于2027年1月1日后发布",
 * not signed off, a correction without its 更正说明. */
int rpt_publish_check(const struct rpt_pub_facts *f, const char *designated_label, err *e);

#endif
