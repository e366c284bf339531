/* publish — the working-day rules of proactive disclosure: publication within
 * 20 working days of being created or changed (Art. 26), and a policy's
 * interpretation with it or within 3 working days. See publish.h. */
#include "calendar/calendar.h"
#include "publish/publish.h"

int doc_publish_due(const cal_t *cal, gk_day written, gk_day *due, err *e)
{
    if (written == DOC_NODAY)
        return err_set(e, GK_EINVAL, "written", "the document has no date written");
    return cal_add_workdays(cal, written, DOC_PUBLISH_WORKDAYS, due, e);
}

int doc_interp_timing(const cal_t *cal, gk_day policy_published, gk_day interp_published,
                      enum doc_interp_timing *out, int *workdays, err *e)
{
    if (policy_published == DOC_NODAY || interp_published == DOC_NODAY)
        return err_set(e, GK_EINVAL, "interprets", "both the policy and its interpretation must be published");
    int n = 0, rc;
    if (interp_published < policy_published) {
        if ((rc = cal_count_workdays(cal, interp_published, policy_published, &n, e)))
            return rc;
        *workdays = -n;
        *out = DOC_INTERP_BEFORE_POLICY;
        return 0;
    }
    if ((rc = cal_count_workdays(cal, policy_published, interp_published, &n, e)))
        return rc;
    *workdays = n;
    *out = n <= DOC_INTERP_WORKDAYS ? DOC_INTERP_ON_TIME : DOC_INTERP_LATE;
    return 0;
}
