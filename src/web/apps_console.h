/* web — what the console's application pages share (private to
 * pages_apps.c, pages_app_view.c and api_apps.c): dates and deadlines as the
 * pages show them, and the writes the pages and the API both make. Failures
 * come back as GK_* codes with a Chinese message in e (web_fail,
 * web_api_fail); get reads a field of the form (web_f) or of the API's JSON
 * body (web_json_field). */
#ifndef GK_WEB_APPS_CONSOLE_H
#define GK_WEB_APPS_CONSOLE_H

#include "disclosure/disclosure.h"
#include "web/web_internal.h"

/* A day as YYYY-MM-DD, or "—" when there is none. */
void wapp_day(gk_day d, char out[11]);
/* Working days left to a deadline; INT32_MIN when it cannot be said. */
int wapp_days_left(web_req *r, gk_day due);
/* The urgency tag of a deadline: overdue, due within three working days, or plain. */
void wapp_urgency_tag(buf *b, int left);
/* Loads the application of route parameter 0 in the request's agency. */
bool wapp_load(web_req *r, struct app *a);
/* The reply letter of a closed application, as text or HTML, into out. */
int wapp_letter(web_req *r, const struct app *a, bool html, buf *out, err *e);

/* Registers an application from get's fields (token: the form's one-time
 * token, or NULL): 0 with *a kept, or GK_EINVAL / GK_ERANGE (no calendar for
 * the deadline) with e naming the field as the form does, or the store's code. */
int wapp_register(web_req *r, const char *(*get)(web_req *, const char *), const char *token, struct app *a, err *e);
/* Takes the event get names ("kind") on *a: 0 with *a updated, or a GK_* code
 * (GK_EPERM: not the user's role; GK_ESTATE: not from this state). */
int wapp_apply_event(web_req *r, struct app *a, const char *(*get)(web_req *, const char *), err *e);
/* Files a review or litigation case: 0 with *id, or GK_EINVAL. */
int wapp_case_create(web_req *r, const char *(*get)(web_req *, const char *), int64_t *id, err *e);
/* Closes case id with its result and date: 0, GK_ENOTFOUND, GK_ESTATE
 * (closed already) or GK_EINVAL. */
int wapp_case_close(web_req *r, int64_t id, const char *result, const char *date, err *e);

#endif
