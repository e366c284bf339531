/* web — /api/v1/applications, /api/v1/due and /api/v1/cases: the
 * applications, their events, reply letters and the review and litigation
 * cases as JSON, through the same steps as the console's pages. */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/limits.h"
#include "calendar/calendar.h"
#include "disclosure/disclosure.h"
#include "docgen/docgen.h"
#include "web/apps_console.h"
#include "web/web_internal.h"

/* ---- API ---- */

/* An application as the API gives it; "provisional" says whether its
 * deadlines are counted over a year whose notice is not imported yet. */
static json_t *app_json_on(const cal_t *cal, const struct app *a)
{
    buf j;
    buf_init(&j);
    app_to_json(a, true, &j);
    json_t *o = json_loads(j.data ? j.data : "{}", 0, NULL);
    buf_free(&j);
    if (!o)
        o = json_object();
    json_object_set_new(o, "provisional", json_boolean(app_provisional(cal, a)));
    return o;
}
#define app_json(a) app_json_on(r->cal, (a))

struct api_rows {
    json_t *items;
    const cal_t *cal;
};

static int api_row(const struct app *a, void *arg)
{
    struct api_rows *x = arg;
    json_array_append_new(x->items, app_json_on(x->cal, a));
    return 0;
}

int api_apps(web_req *r)
{
    struct store_app_filter f = {.agency_id = r->agency.id, .kind = -1, .limit = 100};
    const char *v;
    int64_t x;
    if ((v = web_q(r, "state")) && *v && (f.state = app_state_from_code(v)) < 0)
        return web_api_error(r, HTTP_BAD_REQUEST, "bad_request", "unknown state");
    if ((v = web_q(r, "year")) && *v) {
        if (!parse_i64(v, strlen(v), &x) || !lim_year_ok(x, 2019))
            return web_api_error(r, HTTP_BAD_REQUEST, "bad_request", "year: 2019 or later");
        f.year = (int)x;
    }
    if ((v = web_q(r, "limit")) && *v) {
        if (!parse_i64(v, strlen(v), &x) || x < 1 || x > 1000)
            return web_api_error(r, HTTP_BAD_REQUEST, "bad_request", "limit: 1 to 1000");
        f.limit = (int)x;
    }
    if ((v = web_q(r, "offset")) && *v) {
        if (!parse_i64(v, strlen(v), &x) || x < 0)
            return web_api_error(r, HTTP_BAD_REQUEST, "bad_request", "offset: 0 or more");
        f.offset = (int)x;
    }
    f.open_only = (v = web_q(r, "open")) && strcmp(v, "1") == 0;
    json_t *items = json_array();
    store_app_list(r->st, &f, api_row, &(struct api_rows){items, r->cal}, NULL);
    return web_json(r, HTTP_OK, json_pack("{s:o}", "items", items));
}

int api_app_create(web_req *r)
{
    json_t *j = web_json_body(r);
    if (!j)
        return r->status;
    r->api_fields = j;
    struct app *a = xmalloc(sizeof *a);
    err e = {0};
    int rc = wapp_register(r, web_json_field, NULL, a, &e);
    r->api_fields = NULL;
    json_decref(j);
    if (rc) {
        free(a);
        char m[sizeof e.msg];
        snprintf(m, sizeof m, "%s", e.msg);
        snprintf(e.msg, sizeof e.msg, "%.100s: %.400s", e.where, m);   /* the API names the field first */
        return web_api_fail(r, &e, NULL);
    }
    json_t *o = app_json(a);
    web_add_header(r, "Location", web_href(r, arena_printf(&r->a, "/api/v1/applications/%s", a->no)));
    free(a);
    return web_json(r, HTTP_CREATED, o);
}

static int api_step_row(const struct store_app_step *s, void *arg)
{
    json_array_append_new(arg, json_pack("{s:s,s:s,s:s,s:s}", "event", s->event, "on", s->on_date, "actor", s->actor,
                                         "summary", s->summary ? s->summary : ""));
    return 0;
}

int api_app_get(web_req *r)
{
    struct app *a = xmalloc(sizeof *a);
    if (!wapp_load(r, a)) {
        free(a);
        return web_api_error(r, HTTP_NOT_FOUND, "not_found", "no such application");
    }
    json_t *o = app_json(a);
    json_t *steps = json_array();
    store_app_steps(r->st, a->id, api_step_row, steps, NULL);
    json_object_set_new(o, "steps", steps);
    json_t *allowed = json_array();
    for (int k = 1; k <= APP_NEVENTS; k++)
        if (app_event_allowed(a->state, k) && (k != APP_EV_DELIVER || app_awaits_delivery(a)))
            json_array_append_new(allowed, json_string(app_events[k].code));
    json_object_set_new(o, "allowed_events", allowed);
    json_object_set_new(o, "chain", web_chain_json(r, a));   /* staff only: the route needs PERM_APP_VIEW */
    free(a);
    return web_json(r, HTTP_OK, o);
}

int api_app_event(web_req *r)
{
    struct app *a = xmalloc(sizeof *a);
    if (!wapp_load(r, a)) {
        free(a);
        return web_api_error(r, HTTP_NOT_FOUND, "not_found", "no such application");
    }
    json_t *j = web_json_body(r);
    if (!j) {
        free(a);
        return r->status;
    }
    r->api_fields = j;
    err e = {0};
    int rc = wapp_apply_event(r, a, web_json_field, &e);
    r->api_fields = NULL;
    json_decref(j);
    if (rc) {
        free(a);
        return web_api_fail(r, &e, NULL);
    }
    json_t *o = app_json(a);
    free(a);
    return web_json(r, HTTP_OK, o);
}

int api_app_letter(web_req *r)
{
    struct app *a = xmalloc(sizeof *a);
    if (!wapp_load(r, a)) {
        free(a);
        return web_api_error(r, HTTP_NOT_FOUND, "not_found", "no such application");
    }
    buf t, h;
    buf_init(&t);
    buf_init(&h);
    err e = {0};
    int rc = wapp_letter(r, a, false, &t, &e);
    if (!rc)
        rc = wapp_letter(r, a, true, &h, &e);
    free(a);
    json_t *o = rc ? NULL : json_pack("{s:s,s:s}", "text", t.data ? t.data : "", "html", h.data ? h.data : "");
    buf_free(&t);
    buf_free(&h);
    if (rc)
        return web_api_error(r, HTTP_CONFLICT, "refused", "the application is still open: no reply letter yet");
    return web_json(r, HTTP_OK, o);
}

int api_due(web_req *r)
{
    const char *v = web_q(r, "within");
    int64_t n = 5;
    if (v && *v && (!parse_i64(v, strlen(v), &n) || n < 0 || n > 400))
        return web_api_error(r, HTTP_BAD_REQUEST, "bad_request", "within: 0 to 400 working days");
    gk_day until = date_today();
    if (cal_add_workdays(r->cal, date_today(), (int)n, &until, NULL))
        until = date_today() + (gk_day)n * 7 / 5 + 2;
    json_t *items = json_array();
    store_app_due(r->st, r->agency.id, until, api_row, &(struct api_rows){items, r->cal}, NULL);
    size_t i;
    json_t *it;
    json_array_foreach(items, i, it)
    {
        const char *due = json_string_value(json_object_get(it, "due"));
        gk_day d;
        int left;
        if (due && date_parse(due, &d, NULL) == 0 && app_days_left(r->cal, date_today(), d, &left, NULL) == 0)
            json_object_set_new(it, "workdays_left", json_integer(left));
    }
    return web_json(r, HTTP_OK, json_pack("{s:o}", "items", items));
}

static int api_case_row(const struct app_case *c, void *arg)
{
    char f[11], cl[11];
    wapp_day(c->filed, f);
    wapp_day(c->closed, cl);
    json_array_append_new(arg, json_pack("{s:I,s:s,s:s,s:s,s:s,s:s,s:s?}", "id", (json_int_t)c->id, "application", c->app_no,
                                         "kind", app_case_kinds[c->kind].code, "body", c->body, "case_no", c->case_no,
                                         "filed", f, "result", c->closed ? app_case_results[c->result].code : NULL));
    return 0;
}

int api_cases(web_req *r)
{
    json_t *items = json_array();
    store_case_list(r->st, r->agency.id, 0, api_case_row, items, NULL);
    return web_json(r, HTTP_OK, json_pack("{s:o}", "items", items));
}

int api_case_create(web_req *r)
{
    json_t *j = web_json_body(r);
    if (!j)
        return r->status;
    r->api_fields = j;
    int64_t id = 0;
    err e = {0};
    int rc = wapp_case_create(r, web_json_field, &id, &e);
    r->api_fields = NULL;
    json_decref(j);
    if (rc)
        return web_api_fail(r, &e, NULL);
    return web_json(r, HTTP_CREATED, json_pack("{s:I}", "id", (json_int_t)id));
}

int api_case_close(web_req *r)
{
    int64_t id;
    if (!web_param_id(r, 0, &id))
        return web_api_error(r, HTTP_NOT_FOUND, "not_found", "no such case");
    json_t *j = web_json_body(r);
    if (!j)
        return r->status;
    err e = {0};
    int rc = wapp_case_close(r, id, json_string_value(json_object_get(j, "result")),
                             json_string_value(json_object_get(j, "date")), &e);
    json_decref(j);
    if (rc)
        return web_api_fail(r, &e, NULL);
    return web_json(r, HTTP_OK, json_pack("{s:I,s:b}", "id", (json_int_t)id, "closed", 1));
}
