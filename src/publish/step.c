/* publish — the fields a workflow step changes on a document, decided here
 * beside the transition table (workflow.c), on a copy the store then saves
 * with its audit row in one transaction (store/doc_step.c do_step). What only the
 * store knows (the repealing document's 文号, the interpreted policy's
 * public status) comes in as facts gathered before the step. */
#include <stdio.h>
#include <string.h>

#include "publish/publish.h"

static void clear_signers(struct doc *d)
{
    d->reviewer1[0] = d->reviewer2[0] = d->signer[0] = 0;
}

/* 废止: on the step's date, by a document of the catalogue or a 文号. */
static int repeal(struct doc *d, const struct doc_step_facts *f, gk_day on, err *e)
{
    int rc = doc_repeal_check(d, on, e);
    if (rc)
        return rc;
    d->repealed_on = on;
    d->repealed_by = f->by_id;
    d->repealed_by_docno[0] = 0;
    if (f->by_id) {
        if (f->by_id == d->id)
            return err_set(e, GK_EINVAL, "repeal", "a document does not repeal itself");
        if (!f->by_found)
            return err_set(e, GK_EINVAL, "repeal", "the repealing document %lld is not in this agency's catalogue",
                           (long long)f->by_id);
        snprintf(d->repealed_by_docno, sizeof d->repealed_by_docno, "%s", f->by_docno ? f->by_docno : "");
    } else if (f->by_docno && *f->by_docno) {
        struct doc_docno dn;
        if ((rc = doc_docno_parse(f->by_docno, &dn, e)))
            return rc;
        snprintf(d->repealed_by_docno, sizeof d->repealed_by_docno, "%s", dn.canonical);
    }
    return 0;
}

/* 发布: the date, the channels, the publisher; an interpretation (政策解读)
 * only with or after its policy (Art. 26 and the 解读 rules: the same day or
 * later, never for a withdrawn policy). */
static int publish(struct doc *d, const struct doc_step_facts *f, gk_day on, err *e)
{
    d->published = on;
    d->channels = f->channels ? f->channels : 1u << DOC_CH_WEBSITE;
    snprintf(d->publisher, sizeof d->publisher, "%s", f->actor);
    if (!d->interprets)
        return 0;
    if (f->policy == DOC_PUB_WITHDRAWN)
        return err_set(e, GK_ESTATE, "interprets",
                       "the policy %lld this interprets was withdrawn: its interpretation is not published",
                       (long long)d->interprets);
    if (f->policy == DOC_PUB_NONE)
        return err_set(e, GK_ESTATE, "interprets",
                       "the policy %lld this interprets is not published: publish it first, or both the same day",
                       (long long)d->interprets);
    return 0;
}

int doc_step_fields(struct doc *d, enum doc_action action, const struct doc_step_facts *f, err *e)
{
    gk_day on = f->date != DOC_NODAY ? f->date : f->today;
    switch (action) {
    case DOC_A_SUBMIT:
    case DOC_A_RETURN:
        clear_signers(d);
        return 0;
    case DOC_A_APPROVE: {   /* the stage approved is signed by the actor */
        char *who = d->state == DOC_REVIEW1 ? d->reviewer1 : d->state == DOC_REVIEW2 ? d->reviewer2 : d->signer;
        snprintf(who, sizeof d->signer, "%s", f->actor);
        return 0;
    }
    case DOC_A_WITHDRAW: {
        if (d->state != DOC_PUBLISHED) {   /* the author takes a draft back out of review */
            clear_signers(d);
            return 0;
        }
        int rc = doc_withdraw_check(d, f->today, f->comment, e);   /* 撤回: off the public site today */
        if (rc)
            return rc;
        d->withdrawn_on = f->today;
        snprintf(d->withdrawn_by, sizeof d->withdrawn_by, "%s", f->actor);
        snprintf(d->withdrawn_reason, sizeof d->withdrawn_reason, "%s", f->comment ? f->comment : "");
        return 0;
    }
    case DOC_A_REPEAL:
        return repeal(d, f, on, e);
    case DOC_A_EXPIRE: {
        int rc = doc_expire_check(d, on, e);
        if (!rc)
            d->expires_on = on;
        return rc;
    }
    case DOC_A_PUBLISH:
        return publish(d, f, on, e);
    default:   /* edit, comment, clear, correct: the store's part only */
        return 0;
    }
}
