/*
 * web — gongkai's HTTP face: the public disclosure portal (zh-CN), the staff
 * console and the JSON API under /api/v1/, served by gongkai itself on
 * libmicrohttpd (a thread pool over epoll). TLS and HTTP/2 belong to a reverse
 * proxy in front (docs/operations.md).
 *
 * The module translates between people and the domain: it parses requests,
 * checks who may do what (roles, sessions, CSRF, throttling), calls the
 * domain modules and the store, and renders HTML (templates compiled into the
 * binary, every value escaped) or JSON.
 */
#ifndef GONGKAI_WEB_H
#define GONGKAI_WEB_H

#include "base/base.h"

struct web_config {
    const char *db_path;      /* the store target (a file path or a PostgreSQL URI) */
    const char *replica;      /* a standby of that PostgreSQL for public pages; NULL = none */
    const char *agency;       /* agency code; NULL = the only one in the store */
    const char *listen;       /* "ADDR:PORT"; port 0 picks a free one */
    int threads;              /* worker threads; 0 = one per core */
    const char *access_log;   /* file path, "-" for stderr, NULL for none */
    bool trust_proxy;         /* take the client address from X-Forwarded-For */
    bool secure_cookies;      /* add Secure to cookies (behind an HTTPS proxy) */
    bool no_page_cache;       /* render every public page afresh (for measuring and debugging) */
    /* Called once the server listens, with the URL it serves (for the CLI to print). */
    void (*on_ready)(const char *url, void *arg);
    void *on_ready_arg;
};

/* Serves until SIGTERM or SIGINT, then stops accepting, lets the requests in
 * flight finish (up to a few seconds) and returns 0. Errors (cannot listen,
 * cannot open the store, no agency) return a negative code with e filled. */
int web_serve(const struct web_config *cfg, err *e);

/* The annual report of `year` computed from the agency's records (table 二
 * from the documents, 三 and 四 from the register) and checked (rpt_check).
 * Used by the console, the API and `gongkai demo`. */
struct rpt;
typedef struct store_t store_t;
int web_report_generate(store_t *st, int64_t agency_id, const char *agency_name, int year, struct rpt **out,
                        err *e);

/* ---- the annual report's publication (report_steps.c) ---------------------
 * The steps the console, the API and `gongkai report` share: each reads what
 * the store holds, asks report/schedule.h and keeps the step with one store
 * call (one transaction). Refusals are GK_ESTATE/GK_EINVAL with the reason
 * and the date from which the step is allowed. */
#include "report/schedule.h"
#include "store/store.h"
struct web_report_state {
    struct store_report_pub pub;    /* zeroed when nothing was saved */
    char signoff_role[32];          /* the role key the agency designates ("leader") */
    const char *signoff_label;      /* 分管领导 ... (static) */
    enum rpt_agency_kind kind;
    struct rpt_pub_facts facts;     /* facts.note borrows pub.correction_note */
    enum rpt_pub_status status;
    gk_day due;                     /* Art. 49's last day */
};
/* Fills *out (free with web_report_state_clear). */
int web_report_state(store_t *st, int64_t agency_id, int year, gk_day today, struct web_report_state *out, err *e);
void web_report_state_clear(struct web_report_state *s);
/* The role that signs off the agency's report: setting "report.signoff_role",
 * else "leader". Setting it: a role that may open the report (leader,
 * office), audited. */
int web_report_signoff_role(store_t *st, int64_t agency_id, char role[32], err *e);
int web_report_set_signoff_role(store_t *st, int64_t agency_id, const char *role, const char *actor, err *e);
int web_report_kind(store_t *st, int64_t agency_id, enum rpt_agency_kind *out, err *e);
/* Saves the draft: the narrative JSON (an object of the sections
 * rpt_narr_keys names, text of at most WEB_NARRATIVE_MAX characters each:
 * what report JSON carries, see report.h) and the 更正说明 are checked first;
 * saving withdraws a sign-off. */
#define WEB_NARRATIVE_MAX RPT_NARR_MAX
int web_report_draft(store_t *st, int64_t agency_id, int year, const char *narrative_json, const char *note,
                     const char *actor, err *e);
/* Signs off the draft in `role` (a role key): the report is generated now,
 * must check clean, and is kept as what will be published. */
int web_report_signoff(store_t *st, int64_t agency_id, const char *agency_name, int year, gk_day today,
                       const char *actor, const char *role, err *e);
/* Publishes the signed draft; *version (may be NULL) gets its number. */
int web_report_publish(store_t *st, int64_t agency_id, int year, gk_day today, const char *actor, int *version,
                       err *e);

/* The report as a document (issue 18). The draft's narrative JSON holds the
 * sections (rpt_narr_keys) and "document": {"doc_no", "addressee",
 * "introduction"}; web_report_apply_text puts both into r (every format then
 * prints them). web_report_compose drafts section 一's five parts from the
 * records (report/compose.c) and the document's introduction (agency.url,
 * agency.address, agency.phone) and addressee (setting report.addressee, else
 * the agency above on the platform, else agency.supervisor) into the saved
 * draft's JSON: parts and fields left empty, or all of them when replace;
 * *out (malloc'ed) is the new narrative JSON, not yet saved. */
void web_report_apply_text(struct rpt *r, const char *narrative_json);
int web_report_compose(store_t *st, const struct store_agency *a, int year, bool replace, char **out, err *e);

/* Archive and library copies (publish/channel.h): the agency's rule (setting
 * archive.workdays, default 20; archive.from, "" = every published document),
 * and how many copies (documents × recipient) wait and how many of them are
 * past their last day on cal. */
int web_archive_rule(store_t *st, int64_t agency_id, int *workdays, char from[11], err *e);
int web_archive_overdue(store_t *st, int64_t agency_id, const struct cal_t *cal, gk_day today, int64_t *pending,
                        int64_t *overdue, err *e);
/* The documents waiting for a copy to recipient (enum arch_recipient) under
 * the rule, oldest first; unpackaged: only those in no undelivered package.
 * *ids is malloc'ed (the caller frees it). (web/archive.c) */
int web_archive_waiting(store_t *st, int64_t agency_id, int recipient, bool unpackaged, int64_t **ids, size_t *n,
                        err *e);
/* Writes package pid of agency ag as a ZIP at path (publish/channel.h:
 * arch_package_write): its documents with their text, attachments and last
 * day on cal. GK_ENOTFOUND for another agency's package. */
int web_archive_package_write(store_t *st, const struct store_agency *ag, const struct cal_t *cal, int64_t pid,
                              const char *path, err *e);
/* The contents of a gazette issue: the documents sent to channel_id with
 * reference ref, as publish/channel.h:chan_issue_csv writes them, appended
 * to out; *n rows. (web/archive.c) */
int web_channel_issue_csv(store_t *st, int64_t agency_id, int64_t channel_id, const char *ref, buf *out, size_t *n,
                          err *e);

/* ---- staff roles: what the console and the API let each do ----------------
 * One role per account. The permission table (auth.c) is walked by code. */
enum web_role {
    ROLE_NONE = 0,
    ROLE_OFFICER,     /* 信息员: drafts documents, registers applications */
    ROLE_REVIEWER,    /* 审核人 (一审/二审): reviews drafts */
    ROLE_LEADER,      /* 分管领导 (三审): signs off, approves */
    ROLE_OFFICE,      /* 政府信息公开工作机构: applications, extensions, the annual report */
    ROLE_ADMIN,       /* 系统管理员: accounts and tokens; not the audit trail */
    ROLE_SECURITY,    /* 安全管理员: security policy; no business data, no accounts */
    ROLE_AUDITOR,     /* 审计管理员: reads the audit trail and security events; changes nothing */
    ROLE_COUNT
};
const char *web_role_key(enum web_role r);          /* "officer", ... ("" for none) */
const char *web_role_label(enum web_role r);        /* 信息员, ... */
enum web_role web_role_from_key(const char *key);   /* ROLE_NONE when unknown */

enum web_perm {
    PERM_CONSOLE,          /* open the console at all */
    PERM_DOC_DRAFT,        /* create and edit drafts, submit them */
    PERM_DOC_REVIEW,       /* first and second review */
    PERM_DOC_SIGNOFF,      /* sign-off (三审) and publish */
    PERM_DOC_REPEAL,       /* mark a document repealed or expired */
    PERM_APP_VIEW,         /* see applications with the applicant's personal data */
    PERM_APP_REGISTER,     /* register an application received on paper */
    PERM_APP_PROCESS,      /* supplement, consult, fee, answer, withdraw */
    PERM_APP_EXTEND,       /* approve an extension (the office head) */
    PERM_REPORT,           /* generate, check and download the annual report */
    PERM_USERS,            /* manage accounts and API tokens */
    PERM_AUDIT,            /* read the audit trail */
    PERM_OVERSIGHT,        /* supervise the subtree: overdue, reports, summed report (政务公开办) */
    PERM_AGENCY,           /* edit the agency's contact details, 指南 and 制度 */
    PERM_SECURITY,         /* set the security policy: passwords, sessions, lockout (安全管理员) */
    PERM_DOC_REGISTER,     /* the register of documents and their disclosure attribute (issue 18) */
    PERM_COUNT
};
bool web_role_can(enum web_role r, enum web_perm p);
const char *web_perm_key(enum web_perm p);

/* Password hashing (argon2id through libsodium): out gets the encoded hash
 * (at most 128 bytes with its NUL). The policy: at least 8 characters with
 * letters and digits; GK_EINVAL with a Chinese message otherwise. */
int web_password_hash(const char *password, char out[128], err *e);
bool web_password_verify(const char *hash, const char *password);
int web_password_policy(const char *password, err *e);

/* The security administrator's policy: one row per setting, with its
 * default and range (auth.c cites 等保 2.0); the table ends with a NULL key.
 * `gongkai security policy` and the console's 安全策略 page walk it. */
struct web_policy_key {
    const char *key, *what;   /* the setting, and what it means (Chinese) */
    int64_t def, lo, hi;
};
extern const struct web_policy_key web_policy_keys[];
const struct web_policy_key *web_policy_key_find(const char *key);   /* NULL when not a policy key */
/* The agency's value of k (its default when unset or out of range). */
int64_t web_policy_value(store_t *st, int64_t agency_id, const struct web_policy_key *k);

/* The password policy the process checks: at least min_len characters
 * (8-64) and `classes` (2-4) of lower case, upper case, digits and other
 * characters, letters and digits always among them; not one of the last
 * `history` passwords (0-24, 0 = any); to be changed after max_days (0 =
 * never). Values out of range are brought to the nearest bound. */
struct web_pw_policy { int min_len, classes, history, max_days; };
void web_password_policy_set(const struct web_pw_policy *p);
/* Reads the agency's security.password_* settings into the process's policy. */
void web_password_policy_load(store_t *st, int64_t agency_id);
struct web_pw_policy web_password_policy_get(void);
/* GK_EINVAL (Chinese message) when password is one of the account's last
 * `history` passwords (argon2id verification against each). */
int web_password_fresh(store_t *st, int64_t user_id, const char *password, err *e);
/* A new password for an account (user_id 0: a new account): the policy,
 * the history, then the hash into out. */
int web_password_set_hash(store_t *st, int64_t user_id, const char *password, char out[128], err *e);
/* Whether a password set at pw_changed (ISO 8601) is max_days or more old on
 * today; never when max_days is 0. */
bool web_password_expired(const char *pw_changed, int max_days, gk_day today);

#endif
