/* web — /api/v1/documents: the documents' list, drafting, reading, the
 * review chain's steps and attachments as JSON, through the same steps as
 * the console's pages (pages_docs_console.c). */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base/limits.h"
#include "files/files.h"
#include "publish/publish.h"
#include "web/docs_console.h"
#include "web/web_internal.h"

/* ---- API ---- */

static json_t *doc_json(const struct doc *d, bool body)
{
    buf j;
    buf_init(&j);
    doc_to_json(d, body, &j);
    json_t *o = json_loads(j.data ? j.data : "{}", 0, NULL);
    buf_free(&j);
    if (o)
        json_object_set_new(o, "state_label", json_string(doc_status_label(d, date_today())));
    return o ? o : json_object();
}

static int api_list_row(const struct doc *d, void *arg)
{
    json_array_append_new(arg, doc_json(d, false));
    return 0;
}

int api_docs(web_req *r)
{
    struct store_doc_filter f = {.agency_id = r->agency.id, .state = -1, .limit = 100};
    const char *v;
    if ((v = web_q(r, "state")) && *v) {
        enum doc_state s;
        if (doc_state_parse(v, &s))
            return web_api_error(r, HTTP_BAD_REQUEST, "bad_request", "state is one of draft, review1, review2, signoff, signed, published");
        f.state = (int)s;
    }
    int64_t x;
    if ((v = web_q(r, "year")) && *v) {
        if (!parse_i64(v, strlen(v), &x) || !lim_year_ok(x, 1990))
            return web_api_error(r, HTTP_BAD_REQUEST, "bad_request", "year is a year");
        f.year = (int)x;
    }
    if ((v = web_q(r, "limit")) && *v) {
        if (!parse_i64(v, strlen(v), &x) || x < 1 || x > 1000)
            return web_api_error(r, HTTP_BAD_REQUEST, "bad_request", "limit is 1 to 1000");
        f.limit = (int)x;
    }
    if ((v = web_q(r, "offset")) && *v) {
        if (!parse_i64(v, strlen(v), &x) || x < 0)
            return web_api_error(r, HTTP_BAD_REQUEST, "bad_request", "offset is 0 or more");
        f.offset = (int)x;
    }
    json_t *items = json_array();
    if (store_doc_list(r->st, &f, api_list_row, items, NULL)) {
        json_decref(items);
        return web_api_error(r, HTTP_INTERNAL, "internal", "cannot list the documents");
    }
    return web_json(r, HTTP_OK, json_pack("{s:o}", "items", items));
}

/* The API's code for a failure's GK_* code, in the JSON error's "code". */
static const struct {
    int gk;
    const char *code;
} api_codes[] = {
    {GK_EINVAL, "invalid"},   {GK_ENOTFOUND, "not_found"},           {GK_ESTATE, "refused"},
    {GK_ERANGE, "calendar"},  {GK_EPERM, "forbidden"},               {GK_ETYPE, "unsupported_media_type"},
    {GK_ETOOBIG, "too_large"},
};

int web_api_fail(web_req *r, const err *e, const char *fallback)
{
    const char *code = "internal";
    for (size_t i = 0; i < sizeof api_codes / sizeof api_codes[0]; i++)
        if (api_codes[i].gk == e->code)
            code = api_codes[i].code;
    return web_api_error(r, gk_http_status(e->code ? e->code : GK_EIO), code, e->msg[0] ? e->msg : fallback);
}

const char *web_json_field(web_req *r, const char *k)
{
    json_t *v = json_object_get(r->api_fields, k);
    if (json_is_string(v))
        return json_string_value(v);
    if (json_is_integer(v))
        return arena_printf(&r->a, "%lld", (long long)json_integer_value(v));
    if (json_is_true(v))
        return "1";
    return NULL;
}

int api_doc_create(web_req *r)
{
    json_t *j = web_json_body(r);
    if (!j)
        return r->status;
    r->api_fields = j;
    err e = {0};
    int64_t id = 0;
    int rc = wdoc_create_draft(r, web_json_field, &id, &e);
    r->api_fields = NULL;
    json_decref(j);
    if (rc == GK_ESTATE)   /* a draft the store refuses is bad input here */
        e.code = GK_EINVAL;
    if (rc)
        return web_api_fail(r, &e, "cannot create the draft");
    struct doc d;
    doc_init(&d);
    store_doc_get(r->st, r->agency.id, id, &d, NULL);
    json_t *o = doc_json(&d, true);
    doc_clear(&d);
    web_add_header(r, "Location", web_href(r, arena_printf(&r->a, "/api/v1/documents/%lld", (long long)id)));
    return web_json(r, HTTP_CREATED, o);
}

static int hit_cb_json(json_t *a, const struct store_doc_hit *h)
{
    json_array_append_new(a, json_pack("{s:I,s:s,s:s,s:I,s:s,s:b,s:b}", "id", (json_int_t)h->id, "kind",
                                       doc_hit_kind_key((enum doc_hit_kind)h->kind), "source", h->source, "char_off",
                                       (json_int_t)h->char_off, "excerpt", h->excerpt, "cleared", h->cleared, "fixed",
                                       h->fixed));
    return 0;
}

static int comment_cb_json(const struct store_doc_comment *c, void *arg)
{
    json_array_append_new(arg, json_pack("{s:s,s:s,s:s,s:s,s:s}", "at", c->at, "actor", c->actor, "role", c->role,
                                         "action", c->action, "text", c->text ? c->text : ""));
    return 0;
}

int api_doc_get(web_req *r)
{
    struct doc d;
    if (!wdoc_load(r, &d))
        return web_api_error(r, HTTP_NOT_FOUND, "not_found", "no such document");
    json_t *o = doc_json(&d, true);
    struct store_doc_hit *hits = NULL;
    size_t nh = 0;
    json_t *ha = json_array();
    if (store_doc_hits(r->st, d.id, &hits, &nh, NULL) == 0)
        for (size_t i = 0; i < nh; i++)
            hit_cb_json(ha, &hits[i]);
    free(hits);
    json_object_set_new(o, "hits", ha);
    json_t *ca = json_array();
    store_doc_comments(r->st, d.id, comment_cb_json, ca, NULL);
    json_object_set_new(o, "comments", ca);
    json_t *acts = json_array();
    for (int a = 0; a < DOC_NACTIONS; a++)
        if (wdoc_role_for(r, d.state, (enum doc_action)a) >= 0)
            json_array_append_new(acts, json_string(doc_action_key((enum doc_action)a)));
    json_object_set_new(o, "your_actions", acts);
    doc_clear(&d);
    return web_json(r, HTTP_OK, o);
}

int api_doc_step(web_req *r)
{
    int64_t id;
    if (!web_param_id(r, 0, &id))
        return web_api_error(r, HTTP_NOT_FOUND, "not_found", "no such document");
    json_t *j = web_json_body(r);
    if (!j)
        return r->status;
    unsigned channels = 0;
    const char *chs = json_string_value(json_object_get(j, "channels"));
    if (chs && doc_channels_parse(chs, &channels, NULL)) {
        json_decref(j);
        return web_api_error(r, HTTP_UNPROCESSABLE, "invalid", "channels: website, gazette, weibo, wechat, other (comma-separated)");
    }
    json_t *hit = json_object_get(j, "hit_id");
    struct doc edit, *ep = NULL;
    doc_init(&edit);
    const char *action = json_string_value(json_object_get(j, "action"));
    /* edit takes "fields"; a correction may come with its corrected fields */
    bool fields = action && (strcmp(action, "edit") == 0 ||
                             (strcmp(action, "correct") == 0 && json_object_get(j, "fields")));
    if (fields) {
        err e = {0};
        r->api_fields = json_object_get(j, "fields");
        if (!json_is_object(r->api_fields) || wdoc_read_fields(r, &edit, web_json_field, &e)) {
            r->api_fields = NULL;
            json_decref(j);
            doc_clear(&edit);
            return web_api_error(r, HTTP_UNPROCESSABLE, "invalid", e.msg[0] ? e.msg : "edit needs \"fields\"");
        }
        r->api_fields = NULL;
        ep = &edit;
    }
    const char *confirm[64];   /* "confirm_unread": ["scan.pdf", ...] */
    int nconfirm = 0;
    json_t *cj = json_object_get(j, "confirm_unread");
    for (size_t i = 0; json_is_array(cj) && i < json_array_size(cj) && nconfirm < 64; i++)
        if (json_is_string(json_array_get(cj, i)))
            confirm[nconfirm++] = json_string_value(json_array_get(cj, i));
    struct store_doc_outcome out = {0};
    struct wdoc_step in = {.action = action, .comment = json_string_value(json_object_get(j, "comment")),
                           .date = json_string_value(json_object_get(j, "date")), .channels = channels,
                           .by_docno = json_string_value(json_object_get(j, "by_docno")),
                           .hit = json_is_integer(hit) ? json_integer_value(hit) : 0, .edit = ep, .confirm = confirm,
                           .nconfirm = nconfirm};
    err e = {0};
    int rc = wdoc_take_step(r, id, &in, &out, &e);
    json_decref(j);
    doc_clear(&edit);
    if (rc)
        return web_api_fail(r, &e, NULL);
    json_t *res = json_pack("{s:s,s:s,s:i,s:i,s:s}", "from", doc_state_key(out.from), "to", doc_state_key(out.to),
                            "hits_open", out.hits_open, "hits_found", out.hits_found, "index_no", out.index_no);
    if (out.created)   /* correct: the correction draft; publish of one: the corrected document */
        json_object_set_new(res, "document", json_integer(out.created));
    return web_json(r, HTTP_OK, res);
}

int api_doc_attach(web_req *r)
{
    int64_t id;
    if (!web_param_id(r, 0, &id))
        return web_api_error(r, HTTP_NOT_FOUND, "not_found", "no such document");
    err e = {0};
    if (wdoc_attach(r, id, &e))
        return web_api_fail(r, &e, NULL);
    return web_json(r, HTTP_CREATED, json_pack("{s:b}", "attached", 1));
}
