/* web — what the console's document pages share (private to
 * pages_docs_console.c, pages_doc_view.c and api_docs.c): who may act, the
 * draft's fields, one step of the review chain, attachments. Failures come
 * back as GK_* codes with a Chinese message in e (web_fail, web_api_fail). */
#ifndef GK_WEB_DOCS_CONSOLE_H
#define GK_WEB_DOCS_CONSOLE_H

#include "publish/publish.h"
#include "web/web_internal.h"

/* The role in which the user takes action a on a document in state st
 * (publish/'s transition table), or -1 when none of theirs may. */
int wdoc_role_for(web_req *r, enum doc_state st, enum doc_action a);
/* The tag class of a document's state: "ok", "warn", "bad" or "". */
const char *wdoc_state_tag(const struct doc *d);
/* Loads the document of route parameter 0 in the request's agency; false
 * when there is none (d is then empty; doc_clear it either way). */
bool wdoc_load(web_req *r, struct doc *d);
/* Reads the draft's fields through get (form or JSON): 0, or GK_EINVAL with
 * e naming the field. */
int wdoc_read_fields(web_req *r, struct doc *d, const char *(*get)(web_req *, const char *), err *e);
/* Creates a draft by this user from get's fields: 0 with *id, or a GK_* code. */
int wdoc_create_draft(web_req *r, const char *(*get)(web_req *, const char *), int64_t *id, err *e);

/* One step as the console's form or the API gives it. */
struct wdoc_step {
    const char *action, *comment, *date, *by_docno;
    unsigned channels;
    int64_t hit;                    /* the screening hit cleared */
    const struct doc *edit;         /* the new fields (edit, correct) */
    const char *const *confirm;     /* publish: unread attachments confirmed by name */
    int nconfirm;
};
/* Takes the step for this user: 0 with out filled, or a GK_* code with the
 * Chinese reason in e (GK_EPERM: not the user's role at this stage). */
int wdoc_take_step(web_req *r, int64_t id, const struct wdoc_step *in, struct store_doc_outcome *out, err *e);
/* Attaches the request's upload "file" to document id: 0, or a GK_* code
 * (GK_ETYPE: a kind not taken; GK_ETOOBIG: over the agency's limit). */
int wdoc_attach(web_req *r, int64_t id, err *e);

#endif
