/* store — the search dictionary of synonyms and abbreviations an agency
 * uses (setting "search.synonyms"; the deployment's under agency 0; else the
 * one gongkai ships, data/search-synonyms.txt). search/search.h says how a
 * query applies it. */
#include <string.h>

#include "search/search.h"
#include "store/store_internal.h"

#define SYNONYMS_KEY "search.synonyms"

int store_synonyms_text(store_t *s, int64_t agency_id, buf *out, bool *is_default, err *e)
{
    int rc = store_setting_get(s, agency_id, SYNONYMS_KEY, out, e);
    if (is_default)
        *is_default = rc == GK_ENOTFOUND;
    if (rc != GK_ENOTFOUND)
        return rc;
    size_t n;
    const char *t = search_synonyms_shipped(&n);
    buf_append(out, t, n);
    return 0;
}

int store_synonyms(store_t *s, int64_t agency_id, search_synonyms **out, err *e)
{
    *out = NULL;
    buf b;
    buf_init(&b);
    int rc = store_synonyms_text(s, agency_id, &b, NULL, e);
    if (!rc)
        rc = search_synonyms_parse(b.data ? b.data : "", b.len, out, e);
    buf_free(&b);
    return rc;
}

int store_synonyms_set(store_t *s, int64_t agency_id, const char *text, const char *actor, err *e)
{
    int rc;
    if (text) {
        search_synonyms *syn;
        if ((rc = search_synonyms_parse(text, strlen(text), &syn, e)))
            return rc;
        search_synonyms_free(syn);
    }
    if ((rc = store_begin(s, e)))
        return rc;
    if (text)
        rc = store_setting_set(s, agency_id, SYNONYMS_KEY, text, e);
    else
        rc = db_run(s->db, e, NULL, "DELETE FROM setting WHERE agency_id = ? AND key = ?", "is", agency_id,
                    SYNONYMS_KEY);
    if (!rc)
        rc = store_audit_add(s, agency_id, actor, "setting", 0, text ? "synonyms.set" : "synonyms.reset", NULL,
                             NULL, e);
    return store_end(s, rc, e);
}
