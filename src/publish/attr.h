/*
 * publish/attr.h — the disclosure attribute of every document, registered
 * when it is drafted (五公开纳入办文办会程序; issue 18): 主动公开 (the document
 * then goes through the review chain as now), 依申请公开 or 不予公开, the last
 * two with the reason and the legal basis chosen from the Regulation's list
 * (a table with its articles, attr.c). A change of attribute later is a
 * reviewed step: requested by the author or the office, decided by a
 * reviewer or the signing leader, never by the one who asked. Only a
 * 主动公开 document may be published (the store refuses the others).
 *
 * Pure domain: doc_reg_check and doc_reg_step decide on a copy; the store
 * (store/doc_register.c) keeps the register with the audit trail.
 */
#ifndef GONGKAI_PUBLISH_ATTR_H
#define GONGKAI_PUBLISH_ATTR_H

#include "publish/publish.h"

enum doc_attr { DOC_ATTR_NONE = 0, DOC_ATTR_ACTIVE, DOC_ATTR_ON_REQUEST, DOC_ATTR_WITHHELD,
                DOC_NATTRS = DOC_ATTR_WITHHELD };
struct doc_attr_def {
    const char *code;          /* active, on_request, withheld */
    const char *label;         /* 主动公开, 依申请公开, 不予公开 */
    bool needs_basis;          /* a reason and a legal basis are required */
};
extern const struct doc_attr_def doc_attrs[DOC_NATTRS + 1];   /* [0] unused */
int doc_attr_from_code(const char *code);   /* enum doc_attr, or -1 (code or label) */

/* One legal basis of the Regulation (2019) for not disclosing actively. */
struct doc_attr_basis {
    const char *code;          /* "art14.secret", ... */
    const char *article;       /* 第十四条 */
    const char *text;          /* what the article covers */
    int attr;                  /* the attribute it backs (enum doc_attr) */
};
extern const struct doc_attr_basis doc_attr_bases[];
extern const int doc_nattr_bases;
const struct doc_attr_basis *doc_attr_basis_find(const char *code);

/* A registered document. */
struct doc_reg {
    int64_t id, agency_id;
    int64_t doc_id;            /* 主动公开: the document in the review chain (0: none yet) */
    char title[LIM_BYTES(LIM_DOC_TITLE)];
    char docno[192];           /* 文号, "" when none */
    char issuer[LIM_BYTES(LIM_DOC_ISSUER)];
    gk_day written;            /* 成文日期, 0 when not given */
    int attr;                  /* enum doc_attr */
    char reason[LIM_BYTES(LIM_DOC_ATTR_REASON)];
    char basis[32];            /* doc_attr_bases[].code, "" for 主动公开 */
    char registered_by[128];
    gk_day registered_on;
    /* a change of attribute under review (pending_attr 0: none) */
    int pending_attr;
    char pending_reason[LIM_BYTES(LIM_DOC_ATTR_REASON)], pending_basis[32];
    char requested_by[128];
    gk_day requested_on;
    int changes;               /* changes approved */
    gk_day last_on;
    int version;               /* bumped by the store */
};

/* Checks a registration: title, attribute, the reason and a basis that backs
 * that attribute when it is not 主动公开, 成文日期 not after today; GK_EINVAL
 * naming the field. */
int doc_reg_check(const struct doc_reg *r, gk_day today, err *e);

enum doc_reg_action { DOC_REG_REQUEST = 1, DOC_REG_APPROVE, DOC_REG_REJECT, DOC_NREG_ACTIONS = DOC_REG_REJECT };
extern const char *const doc_reg_action_codes[];   /* "", "attr_request", "attr_approve", "attr_reject" */
struct doc_reg_event {
    int action;                /* enum doc_reg_action */
    gk_day date;               /* 0 = today */
    const char *actor;
    enum doc_role role;        /* request: author or office; decide: reviewer1, reviewer2, leader */
    int attr;                  /* request: the attribute asked for */
    const char *reason, *basis;   /* request */
    const char *comment;       /* reject: why */
    bool doc_published;        /* a fact the store gathers: the linked document is published */
};
/* Applies one step on *r (unchanged on refusal: GK_ESTATE with the reason,
 * GK_EINVAL naming the field). Approving a change away from 主动公开 is
 * refused while the document is published (withdraw it first). */
int doc_reg_step(struct doc_reg *r, const struct doc_reg_event *ev, gk_day today, err *e);
/* The history line of a step just applied, and the register row as JSON. */
void doc_reg_summary(const struct doc_reg *after, const struct doc_reg_event *ev, buf *out);
void doc_reg_to_json(const struct doc_reg *r, buf *out);

#endif
