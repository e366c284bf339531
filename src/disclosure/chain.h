/*
 * disclosure/chain.h — the handling chain of an application (issue 18):
 * "由经办人员提出初步办理意见…由分管领导审核". An application is assigned to a
 * handler (and reassigned, with the reason); the handler drafts the reply
 * (outcome, detail, letter text, files released, registered documents
 * cited); an approver the agency designates approves it or returns it with
 * a comment; only an approved reply can be answered, and the answer must be
 * the reply approved. The chain is always on: an agency of one person names
 * another (its leader) as approver, since nobody approves their own draft.
 *
 * Pure domain: app_chain_step decides on a copy of the chain from a table of
 * rules (who may take which action in which state, chain.c); the store keeps
 * the result with the history line and the audit row in one transaction,
 * and checks the gate (app_chain_issue) inside the answer's transaction.
 */
#ifndef GONGKAI_DISCLOSURE_CHAIN_H
#define GONGKAI_DISCLOSURE_CHAIN_H

#include "disclosure/disclosure.h"

enum app_chain_state {
    APP_CH_NONE = 0,           /* not assigned yet (no row in the store) */
    APP_CH_ASSIGNED,           /* with its handler: to draft */
    APP_CH_DRAFTED,            /* the draft awaits the approver */
    APP_CH_RETURNED,           /* returned to the handler with a comment */
    APP_CH_APPROVED,           /* approved: may be answered with the reply approved */
    APP_CH_ISSUED,             /* answered: the letter went out */
    APP_CH_NSTATES = APP_CH_ISSUED
};
struct app_chain_state_def { const char *code, *label; };
extern const struct app_chain_state_def app_chain_states[APP_CH_NSTATES + 1];   /* [0] "none" 未分办 */
int app_chain_state_from_code(const char *code);   /* -1 when unknown */

enum app_chain_action {
    APP_CA_ASSIGN = 1,         /* to a handler */
    APP_CA_REASSIGN,           /* to another handler, with the reason */
    APP_CA_DRAFT,              /* the handler's draft reply */
    APP_CA_RETURN,             /* the approver returns the draft with a comment */
    APP_CA_APPROVE,            /* the approver approves the draft */
    APP_CA_NACTIONS = APP_CA_APPROVE
};
struct app_chain_action_def { const char *code, *label; };   /* "assign", 分办 */
extern const struct app_chain_action_def app_chain_actions[APP_CA_NACTIONS + 1];   /* [0] unused */
int app_chain_action_from_code(const char *code);  /* -1 when unknown */

#define APP_CHAIN_MAX_DOCS 20          /* registered documents one reply cites */
#define APP_CHAIN_MAX_FILES 20         /* files one reply releases */
#define APP_CHAIN_FILE_MAX_MB 20       /* one released file, in MiB */

struct app_chain {
    int64_t app_id, agency_id;
    int state;                 /* enum app_chain_state */
    char handler[LIM_BYTES(LIM_CHAIN_WHO)], assigned_by[LIM_BYTES(LIM_CHAIN_WHO)];
    gk_day assigned_on;
    char drafter[LIM_BYTES(LIM_CHAIN_WHO)];
    gk_day drafted_on;
    char outcome[48];          /* app_outcomes[].code of the draft */
    char detail[LIM_BYTES(LIM_APP_DETAIL)], refer[LIM_BYTES(LIM_APP_REFER)];
    char letter[LIM_BYTES(LIM_CHAIN_LETTER)];   /* the handler's text of the letter, may be "" */
    int64_t docs[APP_CHAIN_MAX_DOCS];   /* registered documents cited (doc ids) */
    int ndocs;
    char approver[LIM_BYTES(LIM_CHAIN_WHO)];    /* who approved or returned last */
    gk_day decided_on;
    char comment[LIM_BYTES(LIM_CHAIN_NOTE)];    /* the latest return's comment */
    int returns;
    gk_day last_on;            /* the day of the latest chain step */
    int version;               /* 0: not stored yet; bumped by the store */
};

/* Who acts: the name the history records (an account's login on the web,
 * the --actor on the command line) and the account's role key ("leader",
 * "office", ...; "" when the actor is no account). */
struct app_chain_actor { const char *name, *role; };

/* Who is designated (per agency, settings): disclosure.approvers and
 * disclosure.assigners, comma-separated entries, each a name (login) or
 * "role:KEY". Defaults: approvers "role:leader" (分管领导), assigners
 * "role:office" (the disclosure office); approvers may always assign. */
struct app_chain_rules {
    char approvers[512], assigners[512];
    gk_day today;              /* no step may be dated after today */
};
void app_chain_rules_default(struct app_chain_rules *r, gk_day today);
int app_chain_rules_set(struct app_chain_rules *r, const char *key, const char *value, err *e);
extern const char *const app_chain_rule_keys[];    /* NULL-ended */
bool app_chain_is_approver(const struct app_chain_rules *r, const struct app_chain_actor *who);
bool app_chain_is_assigner(const struct app_chain_rules *r, const struct app_chain_actor *who);

/* One step requested. Fields not used by the action are ignored. */
struct app_chain_event {
    int action;                /* enum app_chain_action */
    gk_day date;               /* 0 = rules->today */
    const char *to;            /* assign, reassign: the handler */
    const char *reason;        /* reassign */
    const char *outcome, *detail, *refer, *letter;   /* draft */
    const int64_t *docs;       /* draft: registered documents cited */
    int ndocs;
    int nfiles;                /* draft: files released (the store keeps them) */
    const char *comment;       /* return */
};

/* Applies one step to *c for application a: refused (GK_ESTATE with the
 * reason: the state, or who may do it; GK_EINVAL naming the field) unless
 * the table allows it; *c is unchanged on refusal. */
int app_chain_step(const struct app_chain_rules *r, const struct app *a, struct app_chain *c,
                   const struct app_chain_actor *who, const struct app_chain_event *ev, err *e);
/* The history line of a step just applied. */
void app_chain_summary(const struct app_chain *after, const struct app_chain_event *ev, buf *out);
/* The gate of the answer (called by the store inside the answer's
 * transaction): the chain must be approved and `after` (the application
 * answered) must carry the outcome, detail and referral approved; then the
 * chain becomes issued. GK_ESTATE with what is missing otherwise. */
int app_chain_issue(struct app_chain *c, const struct app *after, err *e);
/* The chain for the audit trail and the API. */
void app_chain_to_json(const struct app_chain *c, buf *out);
/* Appends one cited document as the reply letter names it: "《title》（文号）",
 * after "、" when out holds one already. */
void app_chain_cite(buf *out, const char *title, const char *docno);
/* The empty chain of an application (state APP_CH_NONE). */
void app_chain_init(struct app_chain *c, const struct app *a);

#endif
