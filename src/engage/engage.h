/*
 * engage — talking with the public: the rules of three registers.
 *
 *   messages      consultations, suggestions, complaints, reports and requests for help
 *                 (咨询、建议、投诉、举报、求助) from every source, 12345 work orders
 *                 included, and complaints about the disclosure work itself;
 *   suggestions   deputies' suggestions and members' proposals (人大代表建议、政协委员提案);
 *   consultations public comment on drafts (意见征集) and the account of how the
 *                 comments were used (采纳情况).
 *
 * Pure domain, the same shape as src/disclosure/: the lists the rules name are
 * tables (tables.c), each register's steps are a transition table walked by one
 * step function on a copy (message.c, suggestion.c, consult.c); the store keeps
 * what these functions decide and never decides itself. narrative.c writes the
 * annual report's sentences from the year's counts. docs/domain.md §6 is the
 * account for people.
 *
 * Ownership: every struct here is plain data the caller owns; no function keeps
 * a pointer to its arguments.
 */
#ifndef GONGKAI_ENGAGE_H
#define GONGKAI_ENGAGE_H

#include <stdbool.h>
#include <stdint.h>

#include "base/base.h"
#include "base/limits.h"
#include "calendar/calendar.h"

/* Limits of the registers' text fields, in characters (refused, never cut). */
#define ENG_NAME 100
#define ENG_PHONE 30
#define ENG_EMAIL 100
#define ENG_SUBJECT 200
#define ENG_TEXT 5000          /* a message, an answer, a comment, a reply */
#define ENG_SHORT 200          /* platform name, work order number, reference, reason */
#define ENG_PERSON 50          /* a handler's or approver's name */

/* A row of a list the rules name: its code (forms, JSON, the CLI) and label. */
struct eng_code_def { const char *code, *label; };

/* ======================================================================
 * Messages (咨询、投诉、留言)
 * ====================================================================== */
enum msg_source { MSG_SRC_WEBSITE = 1, MSG_SRC_PHONE, MSG_SRC_IN_PERSON, MSG_SRC_LETTER, MSG_SRC_HOTLINE,
                  MSG_SRC_PLATFORM, MSG_NSOURCES = MSG_SRC_PLATFORM };
struct msg_source_def {
    const char *code;          /* "website", "phone", "in_person", "letter", "hotline", "platform" */
    const char *label;         /* 网站留言, 电话, 来访, 来信, 12345热线工单, 其他平台转办 */
    bool order_no;             /* a work order number is required (12345) */
    bool platform;             /* the platform's name is required (民意快线, 人民网留言板, city apps) */
};
extern const struct msg_source_def msg_sources[MSG_NSOURCES + 1];

enum msg_kind { MSG_K_CONSULT = 1, MSG_K_SUGGEST, MSG_K_COMPLAINT, MSG_K_REPORT, MSG_K_HELP, MSG_K_DISCLOSURE,
                MSG_NKINDS = MSG_K_DISCLOSURE };
struct msg_kind_def {
    const char *code;          /* "consult", "suggest", "complaint", "report", "help", "disclosure" */
    const char *label;         /* 咨询, 建议, 投诉, 举报, 求助, 政务公开投诉举报 */
    int days;                  /* default time to answer, in working days (an agency setting) */
    bool rectification;        /* closing needs the rectification (or the finding that none is due) */
    bool publishable;          /* may be shown on the public list when the asker allows it */
};
extern const struct msg_kind_def msg_kinds[MSG_NKINDS + 1];

enum msg_state { MSG_S_OPEN = 1, MSG_S_ASSIGNED, MSG_S_REVIEW, MSG_S_ANSWERED, MSG_S_CLOSED,
                 MSG_NSTATES = MSG_S_CLOSED };
struct msg_state_def { const char *code, *label; bool open; };
extern const struct msg_state_def msg_states[MSG_NSTATES + 1];

enum msg_event { MSG_EV_ASSIGN = 1, MSG_EV_ANSWER, MSG_EV_APPROVE, MSG_EV_RETURN, MSG_EV_HOTLINE,
                 MSG_EV_RECTIFY, MSG_EV_VISIT, MSG_EV_PUBLISH, MSG_EV_UNPUBLISH, MSG_NEVENTS = MSG_EV_UNPUBLISH };
extern const struct eng_code_def msg_events[MSG_NEVENTS + 1];

/* 回访: what the asker said of the answer. */
enum msg_rating { MSG_R_NONE = 0, MSG_R_SATISFIED, MSG_R_BASIC, MSG_R_NOT, MSG_R_UNREACHABLE, MSG_NRATINGS = MSG_R_UNREACHABLE };
extern const struct eng_code_def msg_ratings[MSG_NRATINGS + 1];

/* An agency's settings for the register. */
struct msg_rules {
    int days[MSG_NKINDS + 1];  /* working days to answer, per kind */
    bool review;               /* an answer goes out only once approved by another person */
    int due_soon;              /* "due soon" within this many working days */
    gk_day today;
};
void msg_rules_default(struct msg_rules *r, gk_day today);
/* key "message.days.KIND" (1-60), "message.review" (on|off), "message.due_soon" (0-20). */
int msg_rules_set(struct msg_rules *r, const char *key, const char *value, err *e);

struct msg {
    int64_t id, agency_id;
    int64_t version;                        /* the store's: each save checks and bumps it */
    char code[24];                          /* tracking code, given by the store */
    enum msg_source source;
    enum msg_kind kind;
    enum msg_state state;
    char platform[LIM_BYTES(ENG_SHORT)];    /* other platforms: its name */
    char order_no[LIM_BYTES(ENG_SHORT)];    /* 12345 work order number */
    gk_day received;                        /* the day it arrived (the work order's dispatch day) */
    gk_day order_due;                       /* the deadline the hotline set, 0 if none */
    gk_day due;                             /* computed: order_due, or received + days[kind] */
    bool due_provisional;                   /* due rests on a provisional calendar */
    /* the asker: personal data, never on a public page */
    char name[LIM_BYTES(ENG_NAME)];
    char phone[LIM_BYTES(ENG_PHONE)];
    char email[LIM_BYTES(ENG_EMAIL)];
    bool public_wish;                       /* the asker allows the exchange to be shown */
    char subject[LIM_BYTES(ENG_SUBJECT)];
    char body[LIM_BYTES(ENG_TEXT)];
    /* handling */
    char handler[LIM_BYTES(ENG_PERSON)];
    char answer[LIM_BYTES(ENG_TEXT)];
    char answered_by[LIM_BYTES(ENG_PERSON)];
    char review_note[LIM_BYTES(ENG_SHORT)];
    gk_day answered;
    char rectification[LIM_BYTES(ENG_TEXT)];
    char hotline_ref[LIM_BYTES(ENG_SHORT)];
    gk_day hotline_returned;
    enum msg_rating rating;
    gk_day closed;
    bool published;
    gk_day last_on;                         /* the day of the latest step: none may come before it */
};

/* One step: what the person did, on which day. */
struct msg_step {
    enum msg_event ev;
    gk_day on;                              /* 0: today */
    const char *actor;                      /* who acts (APPROVE: not the one who answered) */
    const char *text;                       /* ASSIGN handler, ANSWER answer, RETURN comment,
                                               HOTLINE reference, RECTIFY rectification */
    enum msg_rating rating;                 /* VISIT */
};

/* Checks a new message (source, kind, required fields, dates not in the
 * future) and sets state and due. where = the field, in the domain's terms. */
int msg_register(const struct msg_rules *r, const cal_t *c, struct msg *m, err *e);
/* Applies one step to m (a copy the caller saves once this returns 0);
 * refused steps leave m unchanged and say why. */
int msg_apply(const struct msg_rules *r, const cal_t *c, struct msg *m, const struct msg_step *s, err *e);

enum msg_urgency { MSG_U_DONE = 0, MSG_U_OVERDUE, MSG_U_DUE_SOON, MSG_U_OK };
enum msg_urgency msg_urgency_of(const struct msg_rules *r, const cal_t *c, const struct msg *m);
/* Answered within its deadline (answered and answered <= due). */
bool msg_on_time(const struct msg *m);
/* The exchange may be shown to the public: a publishable kind, the asker's
 * consent, an answer, and the agency's decision to publish. */
bool msg_is_public(const struct msg *m);
/* The asker as the public list shows it: the surname and a mask ("张*"),
 * "匿名" for an empty name; organisations keep their name. */
void msg_public_name(const char *name, char *out, size_t cap);

/* ======================================================================
 * Deputies' suggestions and members' proposals (建议提案)
 * ====================================================================== */
enum sug_kind { SUG_NPC = 1, SUG_CPPCC, SUG_NKINDS = SUG_CPPCC };
enum sug_role { SUG_LEAD = 1, SUG_JOINT, SUG_NROLES = SUG_JOINT };
enum sug_state { SUG_S_HANDLING = 1, SUG_S_REPLIED, SUG_S_RATED, SUG_S_REHANDLING, SUG_NSTATES = SUG_S_REHANDLING };
enum sug_class { SUG_C_NONE = 0, SUG_C_A, SUG_C_B, SUG_C_C, SUG_NCLASSES = SUG_C_C };
enum sug_rating { SUG_R_NONE = 0, SUG_R_SATISFIED, SUG_R_BASIC, SUG_R_NOT, SUG_NRATINGS = SUG_R_NOT };
enum sug_event { SUG_EV_REPLY = 1, SUG_EV_RATE, SUG_EV_EXTEND, SUG_EV_PUBLISH, SUG_NEVENTS = SUG_EV_PUBLISH };
extern const struct eng_code_def sug_kinds[SUG_NKINDS + 1];     /* npc 人大代表建议, cppcc 政协委员提案 */
extern const struct eng_code_def sug_roles[SUG_NROLES + 1];     /* lead 主办, joint 协办 */
extern const struct eng_code_def sug_states[SUG_NSTATES + 1];
extern const struct eng_code_def sug_classes[SUG_NCLASSES + 1]; /* A B C with their meaning */
extern const struct eng_code_def sug_ratings[SUG_NRATINGS + 1];
extern const struct eng_code_def sug_events[SUG_NEVENTS + 1];

/* Periods set by the assigning office (months from assignment); defaults:
 * lead 3 months, a joint handler's opinion to the lead 1 month, 6 months at
 * the most with an extension, 3 months to handle again after "not satisfied". */
struct sug_rules { int lead_months, joint_months, max_months, rehandle_months; gk_day today; };
void sug_rules_default(struct sug_rules *r, gk_day today);
/* key "suggestion.lead_months" | ".joint_months" | ".max_months" | ".rehandle_months" (1-12). */
int sug_rules_set(struct sug_rules *r, const char *key, const char *value, err *e);

struct sug {
    int64_t id, agency_id, doc_id;          /* doc_id: the published reply in the catalogue */
    int64_t version;
    char number[LIM_BYTES(ENG_SHORT)];      /* 第123号 as the assigning office numbered it */
    char session[LIM_BYTES(ENG_SHORT)];     /* 市十六届人大三次会议 */
    enum sug_kind kind;
    enum sug_role role;
    enum sug_state state;
    char author[LIM_BYTES(ENG_NAME)];       /* the deputy or member (a public figure; contact details are not) */
    char contact[LIM_BYTES(ENG_SHORT)];     /* the deputy's contact details: staff only */
    char title[LIM_BYTES(ENG_SUBJECT)];
    char content[LIM_BYTES(ENG_TEXT)];
    gk_day assigned, due;
    bool extended;
    char extend_reason[LIM_BYTES(ENG_SHORT)];
    char reply[LIM_BYTES(ENG_TEXT)];
    gk_day replied;
    enum sug_class cls;
    enum sug_rating rating;
    gk_day rated;
    int rounds;                             /* how many times it was handled again */
    bool published, summary_only;
    char summary_reason[LIM_BYTES(ENG_SHORT)];
};

struct sug_step {
    enum sug_event ev;
    gk_day on;
    const char *text;                       /* REPLY the reply (or the opinion to the lead); EXTEND the reason;
                                               PUBLISH with summary: why not the full text */
    enum sug_class cls;                     /* REPLY by the lead */
    enum sug_rating rating;                 /* RATE */
    gk_day until;                           /* EXTEND: the new deadline */
    bool summary;                           /* PUBLISH a summary instead of the full reply */
};

/* Adds `months` calendar months the way the Civil Code counts a period
 * (民法典第二百零二条): the same day of the month it ends in, or that month's
 * last day when there is none. */
gk_day eng_add_months(gk_day from, int months);
int sug_register(const struct sug_rules *r, struct sug *s, err *e);
int sug_apply(const struct sug_rules *r, struct sug *s, const struct sug_step *st, err *e);
bool sug_overdue(const struct sug_rules *r, const struct sug *s);
/* The catalogue draft a published reply becomes (item 建议提案办理), which then
 * goes through the review chain: d is initialised here (doc_clear frees it). */
struct doc;
int sug_reply_doc(const struct sug *x, const char *issuer, struct doc *d, err *e);

/* ======================================================================
 * Comment on drafts (意见征集)
 * ====================================================================== */
enum consult_kind { CONS_DECISION = 1, CONS_RULES, CONS_NORMATIVE, CONS_OTHER, CONS_NKINDS = CONS_OTHER };
struct consult_kind_def {
    const char *code, *label;
    int min_days;              /* the period "一般不少于" (calendar days; 0 = see min_workdays) */
    int min_workdays;          /* or working days */
    const char *basis;         /* where the minimum comes from */
};
extern const struct consult_kind_def consult_kinds[CONS_NKINDS + 1];

enum comment_state { CMT_RECEIVED = 1, CMT_SHOWN, CMT_HIDDEN, CMT_NSTATES = CMT_HIDDEN };
enum comment_adoption { CMT_A_NONE = 0, CMT_A_ADOPTED, CMT_A_PARTLY, CMT_A_NOT, CMT_A_OUT_OF_SCOPE,
                        CMT_NADOPTIONS = CMT_A_OUT_OF_SCOPE };
extern const struct eng_code_def comment_states[CMT_NSTATES + 1];
extern const struct eng_code_def comment_adoptions[CMT_NADOPTIONS + 1];

struct consult {
    int64_t id, agency_id, draft_doc_id, final_doc_id;
    int64_t version;
    enum consult_kind kind;
    char title[LIM_BYTES(ENG_SUBJECT)];
    gk_day opens, closes;                   /* comments accepted from opens to closes, inclusive */
    char short_reason[LIM_BYTES(ENG_SHORT)];/* why the period is shorter than the minimum (情况紧急) */
    bool result_published;
    char result[LIM_BYTES(ENG_TEXT)];       /* the 采纳情况 as published */
};

struct comment {
    int64_t id, agency_id, consult_id;
    int64_t version;
    char name[LIM_BYTES(ENG_NAME)];         /* optional, never shown */
    char contact[LIM_BYTES(ENG_SHORT)];     /* optional, never shown */
    char body[LIM_BYTES(ENG_TEXT)];
    gk_day received;
    enum comment_state state;
    char hide_reason[LIM_BYTES(ENG_SHORT)];
    enum comment_adoption adoption;
    char adoption_reason[LIM_BYTES(ENG_SHORT)];
};

/* The consultation's period is long enough for its kind (counted from the day
 * after it opens, 民法典第二百零一条), or a reason for the shorter period is
 * given; `min_days` > 0 overrides the kind's minimum (an agency setting). */
int consult_check(const cal_t *c, const struct consult *k, int min_days, err *e);
bool consult_is_open(const struct consult *k, gk_day today);
/* A comment may be sent today (the period is running). */
int comment_check_new(const struct consult *k, struct comment *m, gk_day today, err *e);
int comment_moderate(struct comment *m, bool show, const char *reason, err *e);
int comment_adopt(const struct consult *k, struct comment *m, enum comment_adoption a, const char *reason,
                  gk_day today, err *e);

struct consult_tally { int received, shown, hidden, adopted, partly, not_adopted, out_of_scope, undecided; };
void consult_tally_add(struct consult_tally *t, const struct comment *m);
/* The 采纳情况 may be published: the period is over and every shown comment has a decision. */
int consult_result_ready(const struct consult *k, const struct consult_tally *t, gk_day today, err *e);
/* The 采纳情况 summary in Chinese, appended to out. */
void consult_result_text(const struct consult *k, const struct consult_tally *t, buf *out);
/* Publishes the 采纳情况 on a copy: after = before with the result text and the
 * flag, once consult_result_ready holds and it was not published before. */
int consult_close(const struct consult *before, const struct consult_tally *t, gk_day today, struct consult *after,
                  err *e);

/* ======================================================================
 * An agency's settings for the three registers, by key (store settings)
 * ====================================================================== */
struct eng_rules {
    struct msg_rules msg;
    struct sug_rules sug;
    int consult_min_days;      /* "consult.min_days": the agency's own minimum, 0 = by kind */
};
extern const char *const eng_rule_keys[];   /* NULL-terminated */
void eng_rules_default(struct eng_rules *r, gk_day today);
int eng_rules_set(struct eng_rules *r, const char *key, const char *value, err *e);

/* ======================================================================
 * The annual report's narrative (section 一) from the registers
 * ====================================================================== */
struct engage_year {
    int year;
    int msgs[MSG_NSOURCES + 1][MSG_NKINDS + 1];     /* received in the year, by source and kind */
    int msgs_answered, msgs_on_time, msgs_published;
    int msgs_rated[MSG_NRATINGS + 1];
    int sugs[SUG_NKINDS + 1][SUG_NROLES + 1];       /* assigned in the year */
    int sug_classes[SUG_NCLASSES + 1];              /* replies by the lead, by class */
    int sug_ratings[SUG_NRATINGS + 1];
    int sug_published, sug_on_time;
    int consults, comments, comments_adopted, comments_partly;
};
/* Sentences for section 一 (the agency edits them before publication). */
void engage_narrative(const struct engage_year *y, buf *out);

/* Copies a text field whole into dst (cap bytes): valid UTF-8 and at most max
 * characters, else GK_EINVAL naming the field — refused, never cut. NULL is "". */
int eng_copy(char *dst, size_t cap, const char *v, int max, const char *field, err *e);

/* Code lookups: the index of code in a table of n + 1 rows, or -1. */
int eng_code_find(const struct eng_code_def *t, int n, const char *code);
int msg_source_find(const char *code);
int msg_kind_find(const char *code);

#endif
