/*
 * libFuzzer target: JSON that comes from outside.
 *  1. The catalogue import (src/publish/import.c, doc_import_parse, JSON: an
 *     array of objects or {"documents": [...]}): every error has a line and a
 *     message, in line order; every row a title of valid UTF-8.
 *  2. An API body as src/web/page.c:web_json_body reads it (jansson, duplicate
 *     keys refused, an object) and as POST /api/v1/applications takes it
 *     (src/web/pages_apps.c:register_app): the channel, dates and kind read
 *     from their codes, the texts through the limits table (lim_copy), then
 *     the domain's check, app_register, over the built-in calendar. A refusal
 *     must name the field and say why; what is accepted must have a state and
 *     a reply deadline on or after its receipt.
 * Run: scripts/fuzz.sh SECONDS json (dictionary json.dict).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "disclosure/disclosure.h"
#include "publish/publish.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *jstr(json_t *o, const char *k)
{
    json_t *v = json_object_get(o, k);
    return json_is_string(v) ? json_string_value(v) : NULL;
}

static void import_json(const char *text, size_t n, gk_day today)
{
    struct doc_import im;
    memset(&im, 0, sizeof im);
    doc_import_parse(text, n, DOC_IMPORT_JSON, n % 2 == 1, today, &im);
    for (size_t i = 0; i < im.nerrors; i++)
        if (im.errors[i].line < 1 || !im.errors[i].msg[0] || (i && im.errors[i].line < im.errors[i - 1].line))
            abort();
    for (size_t i = 0; i < im.nrows; i++)
        if (!im.rows[i].d.title[0] || !utf8_valid(im.rows[i].d.title, strlen(im.rows[i].d.title), NULL))
            abort();
    doc_import_free(&im);
}

static const enum lim_field text_fields[] = {LIM_F_APP_NAME, LIM_F_APP_ID_NUMBER, LIM_F_APP_PHONE,
                                             LIM_F_APP_EMAIL, LIM_F_APP_ADDRESS, LIM_F_APP_REQUEST};

static char *text_of(struct app *a, enum lim_field f, size_t *cap)
{
    switch (f) {
    case LIM_F_APP_NAME: *cap = sizeof a->name; return a->name;
    case LIM_F_APP_ID_NUMBER: *cap = sizeof a->id_number; return a->id_number;
    case LIM_F_APP_PHONE: *cap = sizeof a->phone; return a->phone;
    case LIM_F_APP_EMAIL: *cap = sizeof a->email; return a->email;
    case LIM_F_APP_ADDRESS: *cap = sizeof a->address; return a->address;
    default: *cap = sizeof a->request; return a->request;
    }
}

static void api_body(const char *text, size_t n, const cal_t *cal, gk_day today)
{
    json_error_t je;
    json_t *o = json_loadb(text, n, JSON_REJECT_DUPLICATES, &je);
    if (!o || !json_is_object(o)) {
        if (!o && !je.text[0])
            abort();
        json_decref(o);
        return;
    }
    struct app *a = calloc(1, sizeof *a);
    err e;
    err_clear(&e);
    const char *v;
    for (int i = 1; (v = jstr(o, "channel")) && i <= APP_NCHANNELS; i++)
        if (strcmp(v, app_channels[i].code) == 0)
            a->channel = i;
    for (int i = 1; (v = jstr(o, "delivery")) && i <= APP_NDELIVERY; i++)
        if (strcmp(v, app_deliveries[i].code) == 0)
            a->delivery = i;
    bool bad = ((v = jstr(o, "submitted")) && *v && date_parse(v, &a->submitted, &e)) ||
               ((v = jstr(o, "received")) && *v && date_parse(v, &a->received, &e));
    a->kind = (v = jstr(o, "kind")) ? app_kind_from_code(v) : -1;
    for (size_t i = 0; !bad && i < sizeof text_fields / sizeof *text_fields; i++) {
        size_t cap;
        char *dst = text_of(a, text_fields[i], &cap);
        bad = lim_copy(text_fields[i], dst, cap, jstr(o, lim_fields[text_fields[i]].key), &e) != 0;
    }
    if (bad) {
        if (!e.msg[0])
            abort();
    } else {
        struct app_rules rules;
        app_rules_default(&rules, today);
        int rc = app_register(&rules, cal, a, &e);
        if (rc != 0 && (!e.msg[0] || !e.where[0]))
            abort();
        if (rc == 0 && (a->state == 0 || a->received == 0 || a->reply_due < a->received))
            abort();
    }
    free(a);
    json_decref(o);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static cal_t *cal;
    if (!cal)
        cal = cal_builtin();
    gk_day today = 0;
    if (date_parse("2026-06-30", &today, NULL) != 0)
        abort();
    import_json((const char *)data, size, today);
    api_body((const char *)data, size, cal, today);
    return 0;
}
