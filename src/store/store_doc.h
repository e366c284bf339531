/* store — documents: the register, the catalogue and its review workflow,
 * attachments, imports, table 二 (doc*.c, doc_register.c).
 * Part of store.h, which includes it: callers include "store/store.h". */
#ifndef GONGKAI_STORE_DOC_H
#define GONGKAI_STORE_DOC_H

#include "store/store.h"

/* ==== documents (主动公开) ================================================
 * The catalogue of an agency's proactive disclosure and its review workflow.
 * What is allowed is decided by src/publish/ (the transition table, the
 * checks, screening and masking); these functions load, ask publish/, and
 * persist the outcome with its audit entry, each in one transaction. Types
 * come from publish/publish.h and report/report.h. */
/* ---- the register of documents and their disclosure attribute (issue 18;
 * migration 026; src/store/doc_register.c). publish/attr.h decides; a
 * document registered other than 主动公开, or with a change under review,
 * is never published (the publish step refuses it). Staff only. */
#include "publish/attr.h"
/* Adds a checked registration (doc_reg_check): r->id is set; a doc_id must
 * be a document of the agency not registered before. Audit: "register". */
int store_doc_reg_add(store_t *s, struct doc_reg *r, const char *actor, err *e);
int store_doc_reg_get(store_t *s, int64_t agency_id, int64_t id, struct doc_reg *out, err *e);
/* What doc_reg_step needs to know: whether the linked document is published. */
int store_doc_reg_facts(store_t *s, const struct doc_reg *r, bool *published, err *e);
/* Saves a step (doc_reg_step on a copy of before), with its audit row. */
int store_doc_reg_save(store_t *s, const struct doc_reg *before, struct doc_reg *after, const char *actor,
                       int action, err *e);
/* The register (attr 0: every attribute), oldest first; fn returns non-zero to stop. */
int store_doc_reg_list(store_t *s, int64_t agency_id, int attr, int (*fn)(const struct doc_reg *, void *), void *arg,
                       err *e);
/* How many registered documents of each attribute (counts[enum doc_attr]). */
int store_doc_reg_counts(store_t *s, int64_t agency_id, int64_t counts[DOC_NATTRS + 1], err *e);
/* The registered documents the application's reply cites, as the reply
 * letter names them (app_chain_cite): "《title》（文号）、…" appended to out. */
int store_chain_cites(store_t *s, const struct app *a, buf *out, err *e);
struct doc;
struct doc_import;
struct doc_import_row;
typedef struct doc_words doc_words;
struct rpt;

/* Adds a document as it stands: a draft (state DOC_DRAFT), or — for
 * imports — published, with its index number (generated when empty). The
 * body of a recipient list is masked first; the text is screened with the
 * agency's word list. Fills d->id (and d->index_no). Audit: "add". */
int store_doc_add(store_t *s, struct doc *d, const char *actor, err *e);
/* Loads a document of the agency (agency_id 0: any agency). */
int store_doc_get(store_t *s, int64_t agency_id, int64_t id, struct doc *out, err *e);
/* Finds a document by index number or 文号 (any written form); 0 in *id when none. */
int store_doc_find(store_t *s, int64_t agency_id, const char *ref, int64_t *id, err *e);

/* One workflow step on a document (see enum doc_action). */
struct store_doc_step {
    int action;               /* enum doc_action */
    int role;                 /* enum doc_role the actor acts in */
    const char *actor;
    const char *comment;      /* NULL or "" = none; required to return */
    int64_t hit_id;           /* clear: the screening hit */
    gk_day date;              /* publish: publication date; repeal/expire: the date
                                 (DOC_NODAY = today for publish) */
    unsigned channels;        /* publish: 1u << doc_channel (0 = the website) */
    int64_t by_id;            /* repeal: the repealing document in this store, or 0 */
    const char *by_docno;     /* repeal: its 文号 when it is not in the store */
    const char *const *confirm; /* publish: attachments gongkai could not read or mask */
    int nconfirm;             /*   that the actor confirms by name, kept in the audit trail */
    const struct doc *edit;   /* edit: the new fields (title, docno, issuer, written,
                                 category, genre, item, interprets, expires_on,
                                 recipient_list, body) */
};
struct store_doc_outcome {
    int from, to;             /* enum doc_state */
    int hits_open;            /* screening hits still open after the step */
    int hits_found;           /* hits the step's screening found (submit, edit) */
    char index_no[128];       /* publish: the index number given */
    int64_t created;          /* correct: the correction draft made; publish of a
                                 correction: the document it corrected */
};
/* Takes one step: GK_ESTATE with the reason when publish/ refuses it,
 * GK_EINVAL for bad input, GK_ENOTFOUND for no such document or hit. */
int store_doc_step(store_t *s, int64_t agency_id, int64_t id, const struct store_doc_step *st,
                   struct store_doc_outcome *out, err *e);

/* Screening hits of a document, in order of source and offset: open ones,
 * cleared ones (with who and why) and fixed ones (no longer in the text). */
struct store_doc_hit {
    int64_t id;
    char source[256];         /* "body" or an attachment's name */
    int kind;                 /* enum doc_hit_kind */
    int64_t byte_off, char_off;
    char found[128], excerpt[384];
    bool cleared, fixed;
    char cleared_by[128], cleared_at[32], note[512];
};
int store_doc_hits(store_t *s, int64_t doc_id, struct store_doc_hit **out, size_t *n, err *e);

/* Comments along the review, oldest first. */
struct store_doc_comment { int64_t id; char at[32], actor[128], role[32], action[32]; char *text; };
int store_doc_comments(store_t *s, int64_t doc_id,
                       int (*fn)(const struct store_doc_comment *, void *), void *arg, err *e);

/* Attachments: the content is stored once per SHA-256. Its text is read
 * whatever the format (src/files/files.h; a damaged file or a zip bomb is
 * refused, nothing stored) and screened; an attachment of a recipient list is
 * stored as gongkai's masked copy (.xlsx, .docx, .csv, .txt). text_state is
 * "read", "masked", "unmasked" (a recipient list in a format gongkai cannot
 * mask) or "unread"; the last two are published only once a reviewer
 * confirms them by name (store_doc_step publish, confirm[]). */
struct store_doc_attachment {
    int64_t id;
    char name[256], sha256[65], added_at[32], added_by[128];
    int64_t size;
    char kind[16], text_state[16], text_note[256];   /* files_kind_key, files_state_key */
    char confirmed_by[128], confirmed_at[32];         /* "" until confirmed */
};
int store_doc_attach(store_t *s, int64_t agency_id, int64_t doc_id, const char *name, const void *data,
                     size_t n, const char *actor, err *e);
/* The limits on a document an agency sets (its setting, else the deployment's,
 * else the default): the body in characters (doc.body_max_chars, default
 * DOC_BODY_MAX_CHARS) and an attachment in bytes (doc.attachment_max_mb, default
 * DOC_ATTACHMENT_MAX_MB MiB). Every add, edit, import and attach checks them. */
int store_doc_body_max(store_t *s, int64_t agency_id, int64_t *out, err *e);
int store_doc_attachment_max(store_t *s, int64_t agency_id, size_t *out, err *e);
int store_doc_attachments(store_t *s, int64_t doc_id, struct store_doc_attachment **out, size_t *n, err *e);
/* The content of an attachment (by its hash). */
int store_doc_blob(store_t *s, const char *sha256, buf *out, err *e);

/* Documents of an agency, newest first (by publication, then by id); the
 * body is not loaded (NULL). */
struct store_doc_filter {
    int64_t agency_id;
    int state;                /* enum doc_state, or -1 for all */
    int year;                 /* year written, 0 = all */
    int64_t interprets;       /* only the interpretations of this policy, 0 = all */
    int64_t corrects;         /* only the correction drafts of this document, 0 = all */
    const char *category;     /* 主题分类, exactly; NULL or "" = all */
    const char *author;       /* the drafter's login, exactly; NULL or "" = all */
    const char *q;            /* words in the title, 文号, 索引号 or body (a substring,
                                 LIKE with % and _ taken literally); NULL or "" = all */
    int limit, offset;        /* limit 0 = 100 */
};
int store_doc_list(store_t *s, const struct store_doc_filter *f,
                   int (*fn)(const struct doc *, void *), void *arg, err *e);

/* Earlier versions of a corrected document (更正), oldest first: version 1
 * is the text first published; each correction published keeps the text it
 * replaced. The strings live until fn returns. */
struct store_doc_version {
    int64_t version;
    char title[1024], docno[192], issuer[256], written[11], published[11], corrected_on[11];
    char replaced_on[32], replaced_by[128];
    char *body, *correction_note;
    char *attachments;        /* JSON [{"name", "sha256", "size"}] */
};
int store_doc_versions(store_t *s, int64_t doc_id, int (*fn)(const struct store_doc_version *, void *), void *arg,
                       err *e);

/* Imports checked rows (publish/'s doc_import_parse) all or none, in one
 * transaction: index numbers given must be free, interpretations must find
 * their policy (in the file or the store); each problem is added to im's
 * errors with its line and GK_EINVAL returned with nothing written. Rows
 * are screened (hits are recorded for staff to see; imported published
 * documents are not held back). *nhits gets the number of hits found. */
int store_doc_import(store_t *s, int64_t agency_id, struct doc_import *im, const char *actor,
                     int *nhits, err *e);
/* The same as a stream, for a file read row by row (publish/'s
 * doc_import_read with a sink): begin opens the transaction and checks the
 * index numbers the file gives (im->given); add writes one checked row
 * (keeping only its id; the caller frees the row); end links the
 * interpretations to their policies and commits when keep is set (false:
 * the reading failed) and im holds no error, else rolls back (GK_EINVAL, the problems in im's errors, in line order):
 * all or nothing. A row that cannot be written is added to im's errors and
 * add returns GK_EINVAL: stop reading and call end. end frees x in every
 * case; im must live until then. Memory: a few bytes per row (its id). */
typedef struct store_doc_importer store_doc_importer;
struct store_doc_import_result { size_t count; int64_t first, last; int hits; };
int store_doc_import_begin(store_t *s, int64_t agency_id, const char *actor, struct doc_import *im,
                           store_doc_importer **x, err *e);
int store_doc_import_add(store_doc_importer *x, struct doc_import_row *r, err *e);
int store_doc_import_end(store_doc_importer *x, bool keep, struct store_doc_import_result *res, err *e);

/* The sensitive-word list screening uses for an agency: its own (setting
 * "publish.sensitive_words") or the default gongkai ships. */
int store_doc_words(store_t *s, int64_t agency_id, doc_words **out, err *e);
int store_doc_words_text(store_t *s, int64_t agency_id, buf *out, bool *is_default, err *e);
/* Replaces the agency's list (checked first); NULL restores the default. */
int store_doc_words_set(store_t *s, int64_t agency_id, const char *text, const char *actor, err *e);

/* Yearly figures of table 二 that do not come from documents, by report key
 * "group.field": licensing.decisions, penalty.decisions,
 * compulsion.decisions, fees.amount_10k_yuan, and the 2019 layout's
 * *.items_last_year, *.items_change, other_services.decisions,
 * procurement.items, procurement.amount_10k_yuan. */
int store_doc_stat_set(store_t *s, int64_t agency_id, int year, const char *key, double value,
                       const char *actor, err *e);
/* GK_ENOTFOUND when the figure was never entered. */
int store_doc_stat_get(store_t *s, int64_t agency_id, int year, const char *key, double *value, err *e);

/* Table 二 of the agency's report for `year`, in r's layout (when r->layout
 * is unknown: 2021 from 2021 on, 2019 for 2019–2020, 2008 before):
 *   2021: rules/normative issued (written that year), repealed (ceased to be
 *         in force that year: repealed, or past their last day), in force at
 *         year end; the entered figures.
 *   2019: rules/normative made (written), published, public total (published
 *         by year end and in force); the entered figures.
 *   2008: legacy proactive.total (documents published that year, each once),
 *         .website/.gazette/.weibo/.wechat/.other, .normative (published) and
 *         .normative_issued (written).
 * Only published documents count; a withdrawn one (撤回) does not count at
 * all, in the year it was published or any other (it is as if it had not
 * been published); a 公示 whose period ended counts as published in its
 * year but not in the year-end public total. Figures never entered stay null. */
int store_doc_table2(store_t *s, int64_t agency_id, int year, struct rpt *r, err *e);

#endif
