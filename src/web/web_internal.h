/*
 * web — what the web module's files share (private to src/web/ and its unit
 * tests): the request context, the router, form and cookie parsing, the
 * template engine, sessions and the page helpers.
 */
#ifndef GONGKAI_WEB_INTERNAL_H
#define GONGKAI_WEB_INTERNAL_H

#include <pthread.h>
#include <stdatomic.h>

#include "base/html.h"
#include "store/store.h"
#include "web/web.h"

struct MHD_Connection;
struct MHD_Daemon;
struct MHD_Response;

/* ---- key/value lists (query, form fields, cookies, extra headers) ---- */
typedef struct kv { const char *k, *v; size_t vlen; } kv;
typedef struct kvlist { kv *v; size_t n, cap; } kvlist;
void kv_add(arena *a, kvlist *l, const char *k, const char *v, size_t vlen);
const char *kv_get(const kvlist *l, const char *k);   /* first value or NULL */
size_t kv_count(const kvlist *l, const char *k);

/* Decodes %XX and '+' (when plus_space) in place-free fashion into the arena.
 * Returns NULL when the result is not valid UTF-8 or holds a NUL byte. */
char *web_url_decode(arena *a, const char *s, size_t n, bool plus_space);
/* Appends s percent-encoded for a query value. */
void web_url_encode(buf *b, const char *s);

/* application/x-www-form-urlencoded (also the query string). Returns 0, or
 * GK_EINVAL with e naming the bad field (bad %-escape, invalid UTF-8, NUL,
 * more than max_fields fields). */
int web_parse_urlencoded(arena *a, const char *s, size_t n, kvlist *out, size_t max_fields, err *e);

/* multipart/form-data: plain fields go to out, files to files[]. */
typedef struct web_upload {
    const char *field, *filename, *ctype;
    const char *data;
    size_t len;
} web_upload;
int web_parse_multipart(arena *a, const char *ctype_header, const char *body, size_t n,
                        kvlist *out, web_upload **files, size_t *nfiles, size_t max_parts, err *e);

/* Cookie header: "a=1; b=2". Malformed pieces are skipped. */
void web_parse_cookies(arena *a, const char *header, kvlist *out);

/* What an upload's first bytes say it is: "application/pdf", "image/png",
 * "image/jpeg", "application/zip" (docx/xlsx), "text/plain", or NULL. */
const char *web_sniff_type(const char *data, size_t n);

/* ---- the template engine ----------------------------------------------------
 * Templates are the files of templates/, compiled into the binary and parsed
 * once at start-up. Syntax:
 *   {{name}}              the value, HTML-escaped (buf_html)
 *   {{{name}}}            the value as is: only HTML that gongkai's own emitters built
 *   {{#name}}...{{/name}} the block when name is set and not empty
 *   {{^name}}...{{/name}} the block when name is unset or empty
 *   {{!comment}}
 * Values come as a NULL-ended list of name, value pairs. */
int tpl_init(err *e);                    /* parses every template; GK_EINVAL names the bad one */
void tpl_free(void);
bool tpl_exists(const char *name);
/* Renders template `name` (the file name without .html) into out. */
void tpl_render(buf *out, const char *name, const char *const *vars);
#define TPL(out, name, ...) tpl_render((out), (name), (const char *const[]){__VA_ARGS__, NULL})
/* Parses a template text (for the unit tests); 0 or GK_EINVAL. */
int tpl_check_text(const char *text, size_t n, err *e);
void tpl_render_text(buf *out, const char *text, size_t n, const char *const *vars);

/* ---- the application (one per server) ---- */
struct page_cache;
typedef struct cal_t cal_t;
typedef struct web_app {
    struct web_config cfg;
    struct store_agency agency;  /* the default agency (--agency, or the only one); id 0 on a platform */
    bool platform;               /* several agencies, none named: "/" is the platform home (issue 13) */
    bool hosts;                  /* some agency answers on its own host name */
    struct MHD_Daemon *d;
    int log_fd;                  /* -1 = no access log */
    pthread_key_t store_key;     /* each worker thread's own store connection */
    pthread_key_t replica_key;   /* ... and to the standby (cfg.replica), for public pages */
    pthread_t watcher;           /* hears other nodes' changes (PostgreSQL; server.c) */
    bool watching;
    struct web_mailer *mailer;   /* sends the e-mail outbox (pages_mail.c) */
    atomic_bool stopping;
    struct page_cache *cache;
    atomic_uint_fast64_t gen;    /* bumped whenever content may have changed */
    /* limits and policies (settings, with defaults) */
    int session_idle_s, session_max_s;
    int login_fail_max, login_fail_window_s;
    int apply_per_ip_hour, apply_per_phone_day, apply_per_id_day, apply_surge_per_hour;
    size_t form_limit, upload_limit;
    size_t body_mem_max;         /* bytes of request bodies buffered at once (web.body_memory_mb) */
    atomic_size_t body_mem;      /* ... buffered or reserved now */
    int retry_after_s;           /* Retry-After of a 503 when body_mem_max bites */
    struct conn_watch *watch;    /* header deadline and body rate (server.c) */
    unsigned char secret[32];    /* per-process key for hashing client addresses */
    char css_url[80];            /* /static/gongkai.css?v=ETAG */
    cal_t *cal;                  /* working days: built in, plus the years imported into the store */
    int port;
} web_app;

/* ---- the request ---- */
enum web_method { M_GET = 1, M_POST = 2, M_HEAD = 4, M_PUT = 8, M_DELETE = 16, M_OTHER = 32 };

struct web_route;
typedef struct web_user {
    int64_t id, agency_id;
    char login[64], name[LIM_BYTES(LIM_USER_NAME)];
    enum web_role role;
    bool pw_expired;          /* past security.password_max_days: the console asks for a new one first */
} web_user;

typedef struct web_req {
    web_app *app;
    struct MHD_Connection *conn;
    arena a;
    int method;
    const char *method_s, *path;
    kvlist query, form, cookies;
    web_upload *files;
    size_t nfiles;
    const char *params[6];
    int nparams;
    /* body */
    buf body;
    size_t body_limit;
    size_t body_reserved;        /* bytes counted in app->body_mem for this request */
    bool body_overflow, body_bad;
    bool body_busy;              /* bodies in memory reached their cap: 503 */
    bool gated;                  /* web_gate ran (and passed) */
    /* which agency: the default, or the one of the host name or of the
     * path's first segment (/{code}/..., then stripped from path and put
     * back on every local link of the answer); id 0 = the platform */
    struct store_agency agency;
    const char *prefix;          /* "" or "/{code}" */
    cal_t *cal;                  /* the agency's working days (app->cal, or own_cal) */
    cal_t *own_cal;              /* loaded for an agency of another region; freed with r */
    bool abs_links;              /* the answer holds web_agency_href links */
    /* who */
    store_t *st;
    web_user *user;              /* NULL when anonymous */
    char session_hash[65];       /* hex hash of the session cookie, when logged in */
    char csrf[65];               /* the session's (or the anonymous cookie's) CSRF token */
    bool via_token;              /* API bearer token */
    struct json_t *api_fields;   /* the JSON object an API write is reading its fields from
                                  * (web_json_field); borrowed, set by the handler while it reads */
    bool large;                  /* large-text mode (?size=large) */
    bool small;                  /* small text (?size=small, 【字体：小】) */
    bool print;                  /* the print view (?print=1, 【打印】) */
    char ip[64];
    const struct web_route *route;
    /* response */
    int status;
    buf out;
    const char *ctype;
    kvlist hdrs;
    bool cacheable;
    bool no_store;
    int refresh_s;               /* console pages: reload every refresh_s seconds (meta refresh, no script) */
    struct timespec t0;
    size_t sent_bytes;
} web_req;

/* Request accessors. */
const char *web_q(web_req *r, const char *k);       /* query value or NULL */
const char *web_f(web_req *r, const char *k);       /* form value or NULL */
const char *web_fq(web_req *r, const char *k);      /* form, else query */
const char *web_param(web_req *r, int i);           /* route parameter i */
bool web_param_id(web_req *r, int i, int64_t *id);  /* route parameter as an id > 0 */
const char *web_header(web_req *r, const char *name);
const char *web_cookie(web_req *r, const char *name);
void web_add_header(web_req *r, const char *name, const char *value);
void web_set_cookie(web_req *r, const char *name, const char *value, int max_age_s);

/* Responses: these fill r and return the status for `return web_...(r, ...)`. */
int web_html(web_req *r, int status);                       /* r->out holds the page */
int web_redirect(web_req *r, const char *location);         /* 303 See Other */
int web_text(web_req *r, int status, const char *ctype, const char *body, size_t n);

/* Builds a link inside the site, keeping large-text mode: "/path?x=1" → "/path?x=1&size=large". */
const char *web_href(web_req *r, const char *path);

/* ---- router ---- */
typedef int (*web_handler)(web_req *r);
enum {
    R_PUBLIC = 1 << 0,    /* anyone */
    R_STAFF = 1 << 1,     /* a console page: login needed (redirect to /login), then perm */
    R_API = 1 << 2,       /* JSON: session or bearer token; errors as JSON */
    R_CACHE = 1 << 3,     /* the response may be cached while content is unchanged */
    R_ANON_CSRF = 1 << 4, /* a public form: double-submit CSRF cookie on POST */
    R_UPLOAD = 1 << 5,    /* multipart bodies up to the upload limit */
    R_PERSONAL = 1 << 7,  /* shows personal data: never cached, no-store */
    R_JSON_NO_CSRF = 1 << 8, /* a public JSON endpoint: a JSON body cannot come from a
                                cross-site form, so no CSRF token is asked for */
    R_PW_EXPIRED_OK = 1 << 9, /* open to an account whose password expired (to change it, or leave) */
};
/* A route's body limit (web_route.body_max): bytes, or one of these. The
 * login, the permission and (for uploads) the CSRF token are checked on the
 * headers before any of the body is read, so only what the route admits is
 * ever buffered. */
#define WEB_BODY_FORM ((size_t)0)        /* the form limit (setting web.form_limit_kb) */
#define WEB_BODY_UPLOAD SIZE_MAX         /* the upload limit (setting web.upload_limit_mb) */
struct web_route {
    int methods;
    const char *pattern;         /* "/doc/:id", "/api/v1/applications/:id/answer" */
    web_handler h;
    unsigned flags;
    int perm;                    /* enum web_perm, or -1 for none beyond the login */
    size_t body_max;             /* bytes, WEB_BODY_FORM or WEB_BODY_UPLOAD */
    /* R_CACHE routes: the query parameters the handler reads, separated by
     * spaces ("q page sort"); size and msg are known everywhere. The others
     * are dropped before the handler runs, and the cache key is built from
     * what remains (web_cache_key). */
    const char *params;
};
extern const struct web_route web_routes[];
/* Finds the route for method and path; fills params. NULL when none; *path_known
 * tells whether another method would have matched (405 rather than 404). */
const struct web_route *web_route_match(const struct web_route *routes, int method,
                                        const char *path, const char **params, int *nparams,
                                        arena *a, bool *path_known);
/* The checks that need only the headers: the route exists and takes the
 * method, the login and the permission, and on R_UPLOAD routes the CSRF token
 * (X-CSRF-Token or ?csrf=, since the body is not read yet). True to go on;
 * false with the refusal in r. Needs r->st. Run once; web_dispatch runs it
 * when the server has not. */
bool web_gate(web_req *r);
/* Runs the request through auth, CSRF and the handler; fills the response. */
void web_dispatch(web_req *r);

/* The page-cache key of a GET: today's date, the path and the query normalised (parameters
 * the route declares, first value of each, sorted by name, names and values
 * percent-escaped), so that two requests share a key exactly when the handler
 * sees the same input. Also drops the undeclared parameters from r->query.
 * The key lives in r's arena. */
const char *web_cache_key(web_req *r);
/* The same on its own (for the unit tests): path, query, the route's params;
 * *out is keyed into out (reset first); kept[] (query->n entries) says which
 * pairs stay. */
void web_cache_key_of(const char *path, const kvlist *query, const char *params, buf *out, bool *kept);

/* Appends s for a log line: printable ASCII and valid UTF-8 as they are,
 * backslash and double quote backslashed, control characters, DEL and bytes
 * that are not UTF-8 as \xNN. One line stays one line. */
void web_log_escape(buf *b, const char *s);

/* ---- the platform (issue 13; server.c, pages_platform.c) ---- */
/* Picks the request's agency from its host name or its path's first
 * segment (before routing; needs r->st). */
void web_agency_resolve(web_req *r);
/* Whether u may work on r->agency: its own agency; for the 政务公开办 and
 * the administrator, any agency of its subtree (store_agency_within). */
bool web_in_scope(web_req *r, const web_user *u);
/* Rewrites the answer's local links (href, action, src, Location) under
 * r->prefix, and web_agency_href's marked links to plain ones. */
void web_prefix_links(web_req *r);
/* A link into another agency's section, "/{code}{path}", kept as it is
 * whatever section the page is served under (arena). */
const char *web_agency_href(web_req *r, const char *code, const char *path);
/* Makes a the request's agency, with its calendar. */
void web_agency_use(web_req *r, const struct store_agency *a);
/* After the login is known: in the platform's own pages a console or API
 * route works on the account's agency; an account outside its scope is
 * refused (403) on the console and the API, and is anonymous on the public
 * portal. False with the refusal in r. */
bool web_scope_gate(web_req *r);
/* The platform's home and search (no agency): the tree, the latest
 * publications, search across agencies with an agency filter. */
int web_platform_home(web_req *r);
/* A document asked for on the platform: redirected to its agency's page. */
int web_platform_doc(web_req *r);
/* The link to a published document of this agency, /doc/ID under the
 * request's section (arena; pages_docs.c). */
const char *web_doc_href(web_req *r, int64_t id);
/* The options of the platform search's agency filter: every agency of the
 * tree, cur selected (nothing when the tree cannot be read). */
void web_platform_agency_options(web_req *r, buf *b, const char *cur);

/* The tables of a report as the portal shows them (pages_report.c). */
struct rpt;
int web_report_body(const struct rpt *r, buf *out, err *e);

/* ---- per-thread store and cache generation ---- */
store_t *web_store(web_app *app, err *e);
void web_content_changed(web_app *app);

/* ---- sessions, CSRF, throttling (auth.c) ---- */
/* Looks up the session cookie or bearer token; sets r->user. */
void web_auth_load(web_req *r);
/* Starts a session for user (new random id), sets the cookie, fills r->csrf;
 * a login also records the account's last login and the audit entry, all
 * in one transaction. */
int web_session_start(web_req *r, const web_user *u, bool login, err *e);
/* Ends the session (with its audit entry "logout") and clears the cookie;
 * on a store error nothing is ended. */
int web_session_end(web_req *r, err *e);
/* The token for anonymous forms (cookie gk_csrf, created when missing). */
const char *web_anon_csrf(web_req *r);
/* True when the form's csrf field (or X-CSRF-Token) matches. */
bool web_csrf_ok(web_req *r);
/* Hex of a keyed hash: for session ids, tokens, client addresses. */
void web_hash_hex(const unsigned char *key, const char *data, size_t n, char out[65]);
void web_random_hex(size_t nbytes, char *out);              /* out: 2*nbytes+1 */
bool web_can(web_req *r, enum web_perm p);
/* Login throttling by account and address together (throttle.c): the
 * seconds this login must wait from this address (0 = go ahead). Failures
 * elsewhere never delay an address that has not failed. */
int64_t web_login_throttled(web_req *r, const char *login);
void web_login_failed(web_req *r, const char *login);
void web_login_succeeded(web_req *r, const char *login);
/* The login throttle rules (throttle.c): the delay after `fails` failures
 * of one account from one address in 24 hours, the first free_fails free;
 * and the seconds still to wait after the last failure at `last`. */
int64_t web_login_delay(int64_t fails, int64_t free_fails);
int64_t web_login_wait(int64_t fails, int64_t last, int64_t now, int64_t free_fails);
/* The limits on online applications (throttle.c): rate kind, window and
 * the reason shown to the citizen; the maximums are settings. */
enum { WEB_APPLY_PER_ADDRESS, WEB_APPLY_PER_PHONE, WEB_APPLY_PER_ID, WEB_APPLY_NLIMITS };
struct web_apply_limit {
    const char *kind;
    int64_t window_s;
    const char *why;
};
extern const struct web_apply_limit web_apply_limits[WEB_APPLY_NLIMITS];
/* The refusal a citizen reads: why, when to try again, the other channels. */
void web_apply_refusal(int which, int64_t wait_s, char *out, size_t n);
/* Registers an online application under the limits and the surge brake in
 * one transaction (store_app_intake), with the form's one-time token (NULL =
 * none; *again set when that form was submitted before, *a being its
 * application). 0 = registered; 429 = refused, msg says why, when and the
 * other channels, and Retry-After is set; other = the store failed (e). */
int web_apply_intake(web_req *r, struct app *a, const char *form_token, bool *again, char *msg, size_t msgn, err *e);
/* Public follow-up lookups that found nothing, limited per address per hour. */
bool web_track_throttled(web_req *r);
void web_track_failed(web_req *r);
/* The follow-up's check (pages_apply.c): tracking code and phone -> the
 * application's public status; 0, or an HTTP status with msg (failures
 * counted by the throttle). */
struct store_app_public;
int web_track_lookup(web_req *r, const char *code, const char *phone, struct store_app_public *out, const char **msg);
/* The files released with a's reply (pages_track_files.c): for the applicant
 * on the follow-up page (masked copies to download, or why not), and for
 * staff on the application's page (the same decision with its detail). */
void web_track_files(web_req *r, const struct app *a, buf *b);
void web_released_files_staff(web_req *r, const struct app *a, buf *b);
/* A public form's limit per client address: true (and the use counted) while
 * fewer than max uses of `kind` fall in the last window_s seconds. */
bool web_rate_take(web_req *r, const char *kind, int64_t window_s, int64_t max);
/* A follow-up code as typed (any case, dashes or spaces) into XXXX-XXXX-XXXX. */
bool web_norm_tracking(const char *in, char out[16]);
/* Fills a web_user from the store's record. */
int web_user_load(web_req *r, int64_t id, web_user *out);

/* ---- page helpers (page.c) ---- */
/* The public frame around body (section: the active navigation key). */
int web_page_public(web_req *r, int status, const char *title, const char *section, const char *body);
/* The console frame. */
int web_page_console(web_req *r, int status, const char *title, const char *section, const char *body);
/* 当前位置：首页 › [mid_label (a link to mid_path) ›] here, as a portal
 * page opens (mid_path NULL for none). */
void web_crumbs(web_req *r, buf *b, const char *mid_path, const char *mid_label, const char *here);
/* An error page in the public or console frame (by the route), or JSON for the API. */
int web_error(web_req *r, int status, const char *message);
/* The error page for a failure: the status from e->code through GK_ERRORS
 * (gk_http_status), the message e->msg, or `fallback` when it has none. */
int web_fail(web_req *r, const err *e, const char *fallback);

/* HTTP statuses by name: page handlers never write the number. A failure's
 * status comes from its GK_* code (web_fail, gk_http_status). */
enum web_status {
    HTTP_OK = 200,
    HTTP_CREATED = 201,
    HTTP_SEE_OTHER = 303,
    HTTP_NOT_MODIFIED = 304,
    HTTP_BAD_REQUEST = 400,
    HTTP_UNAUTHORIZED = 401,
    HTTP_FORBIDDEN = 403,
    HTTP_NOT_FOUND = 404,
    HTTP_METHOD_NOT_ALLOWED = 405,
    HTTP_CONFLICT = 409,
    HTTP_GONE = 410,
    HTTP_TOO_LARGE = 413,
    HTTP_UNSUPPORTED_TYPE = 415,
    HTTP_UNPROCESSABLE = 422,
    HTTP_TOO_MANY = 429,
    HTTP_INTERNAL = 500,
    HTTP_UNAVAILABLE = 503,
};
/* An API failure as JSON: the status from e->code (GK_ERRORS), the API's code
 * for it ("invalid", "not_found", "refused", "forbidden", …) and e->msg, or
 * fallback when it has none (api_docs.c). */
int web_api_fail(web_req *r, const err *e, const char *fallback);
/* An API write's JSON field as a form value (strings, integers as decimal,
 * true as "1"), read from r->api_fields: the getter the form readers share
 * with the pages (api_docs.c). */
const char *web_json_field(web_req *r, const char *k);
/* The request's query as "&k=v&…" (percent-encoded, without `skip`), for a
 * link that keeps the filters (arena). */
const char *web_query_keep(web_req *r, const char *skip);
/* The console's pager: 上一页 (page > 1), 第 N 页, 下一页 (when more),
 * linking path?page=N with the other filters kept (pages_console.c). */
void web_console_pager(web_req *r, buf *b, const char *path, int page, bool more);
/* JSON error: {"error": {"code": CODE, "message": MSG}} */
int web_api_error(web_req *r, int status, const char *code, const char *message);
/* JSON body from a jansson value (stolen). */
struct json_t;
int web_json(web_req *r, int status, struct json_t *j);
/* {"ip":"<the client's address>"} for an audit row, in the request's arena. */
const char *web_ip_json(web_req *r);
/* A labelled form field with its hint and error (accessible: the label, the
 * hint and the error are tied to the input by for/aria-describedby, and a
 * field in error carries aria-invalid). type: text, tel, email, date, number,
 * password, textarea, select (options: value, label pairs, NULL-ended). */
struct web_field {
    const char *name, *label, *type;
    const char *value;           /* NULL: the submitted value, if any */
    const char *hint, *error;
    bool required;
    int maxlength;
    const char *const *options;
    const char *attrs;           /* extra attributes, trusted */
};
void web_field(web_req *r, buf *b, const struct web_field *f);
/* The hidden inputs every form carries: csrf, and size=large in large-text mode. */
void web_form_hidden(web_req *r, buf *b);
/* The one-time token of a creating form (hidden field "form_token", 32 hex
 * digits): the one this request submitted, or a new one (arena). The store
 * keeps what a submission created under it (store_app_add_once), so the same
 * form submitted twice creates one record (form_token.c). */
const char *web_form_token(web_req *r);
void web_form_token_field(web_req *r, buf *b);   /* appends the hidden input */
/* The id of the record of `kind` this request's token (or `token`) created
 * before, or 0. */
int64_t web_form_token_record(web_req *r, const char *kind);
int64_t web_form_token_find(web_req *r, const char *token, const char *kind);
/* Runs create(r, arg, &id, e) in one transaction with the token -> record
 * mapping (a form without a valid token gets none). Returns create's status
 * (0 when created), or 500 when the store failed with e filled. */
int web_create_once(web_req *r, const char *kind, int (*create)(web_req *, void *, int64_t *, err *), void *arg,
                    int64_t *id, err *e);
/* Runs the API write h under the request's "Idempotency-Key" header, if any:
 * the key and the first answer are kept in the write's transaction and a
 * retry gets that answer again (idem.c). Without the header, h(r). */
int web_idem_run(web_req *r, web_handler h);
/* Escaped text into the arena (for template values built by hand). */
const char *web_esc(web_req *r, const char *s);
/* An agency setting (store settings), or def. */
const char *web_setting(web_req *r, const char *key, const char *def);
/* Records an action in the audit trail as the current user. */
void web_audit(web_req *r, const char *entity, int64_t id, const char *action, const char *before_json,
               const char *after_json);
/* The request body as a JSON object, or NULL with a 400 response made. */
struct json_t *web_json_body(web_req *r);
/* A status message shown once after a redirect: ?msg=KEY → Chinese text. */
const char *web_flash(web_req *r);

/* ---- static files (static.c) ---- */
int web_static_init(web_app *app, err *e);
int web_static(web_req *r);

/* ---- what the workflow pages share ---- */
struct app_rules;
/* The agency's deadline rules (settings), with today. */
int web_app_rules(web_req *r, struct app_rules *out);
/* disclosure/'s field names ("--id-number") as the forms' ("id_number"). */
const char *web_app_field(web_req *r, const char *where);
/* 2026年11月23日 */
void web_day_cn(gk_day d, char out[32]);
/* Dashboard panels: each adds nothing when the role has nothing there. */
void web_dash_docs(web_req *r, buf *b);
void web_dash_apps(web_req *r, buf *b);
void web_dash_mail(web_req *r, buf *b);     /* pages_mail.c: mail failing */
/* The outbox worker (pages_mail.c): a thread with its own store connection
 * that sends what is due every few seconds (at once when woken) and queues
 * staff's due-soon reminders hourly. Stopped after the daemon. */
void web_mail_start(web_app *app);
void web_mail_stop(web_app *app);
void web_mail_wake(web_app *app);
void web_dash_report(web_req *r, buf *b);   /* pages_report.c: Art. 49 deadlines */
/* The annual report's key figures and charts (pages_stats.c): cur the
 * year shown, years every published year of the agency, newest first. */
void web_report_figures(web_req *r, const struct rpt *cur, struct rpt *const *years, size_t n, buf *b);
/* The handling chain (pages_chain.c, issue 18): the queues of the person
 * logged in; the panel on an application's page; a chain event (kind code
 * -> action, -1 when the kind is not the chain's) answering 0 or an HTTP
 * status with msg; the approved reply for an answer given without outcome. */
void web_dash_chain(web_req *r, buf *b);
void web_chain_panel(web_req *r, buf *b, const struct app *a, const char *hidden);
int web_chain_kind(const char *kind);
int web_chain_event(web_req *r, struct app *a, int action, const char *(*get)(web_req *, const char *), char *msg,
                    size_t msgn);
int web_chain_answer_fill(web_req *r, const struct app *a, struct app_event *ev, struct app_chain *keep);
/* The answer form's fields: the approved reply (hidden inputs and its text);
 * false, nothing appended, while no reply is approved. */
bool web_chain_answer_fields(web_req *r, buf *b, const struct app *a);
/* web_chain_event with the files a draft releases (borrowed for the call;
 * pages_chain_files.c checks uploads). An approval is refused (409) while a
 * file of the draft could not be screened or has hits, unless the form's
 * confirm_files is "1" (web_chain_files_unchecked, given that field: 0 or
 * the status, with msg). */
int web_chain_event_files(web_req *r, struct app *a, int action, const char *(*get)(web_req *, const char *),
                          const struct store_chain_file *files, size_t nfiles, char *msg, size_t msgn);
int web_chain_files_unchecked(web_req *r, const struct app *a, const char *confirm, char *msg, size_t msgn);
/* The draft's files with their screening, as a table (nothing when none). */
void web_chain_files_html(web_req *r, buf *b, const struct app *a);
/* The chain of application a as the API gives it (staff only): the chain's
 * fields, its steps, the returns' comments, the files with their screening. */
struct json_t *web_chain_json(web_req *r, const struct app *a);
/* Whether an upload is of a type gongkai accepts (its first bytes and its
 * extension agree: PDF, DOCX, XLSX, ODT, ODS, PNG, JPEG, text): 0, or
 * GK_ETYPE with the reason in Chinese (pages_docs_console.c). */
int web_upload_check(const web_upload *u, err *e);
/* The documents the reply cites (store_chain_cites), in the request's arena; NULL when none. */
const char *web_chain_cites(web_req *r, const struct app *a);
/* pages_sends.c: the package table's download and delivery forms, and the
 * forms making a package per recipient (for pages_channels.c). */
struct store_arch_package;
void web_archive_package_forms(web_req *r, buf *b, const struct store_arch_package *p);
void web_archive_make_forms(web_req *r, buf *b);
/* The latest published documents for the home page. */
void web_home_latest(web_req *r, buf *out);

/* ---- shared by the console pages and the API (pages_console.c) ----
 * Each returns 0, or a GK_* code with the Chinese reason in e (GK_EINVAL
 * naming the field; GK_ESTATE: a login taken, the last administrator;
 * GK_EPERM: a token for another account). */
int web_user_create(web_req *r, const char *login, const char *name, const char *role, const char *password,
                    int64_t *id, err *e);
/* active: 1, 0, or -1 to leave it. */
int web_user_change(web_req *r, struct store_user *u, const char *name, const char *role, int active,
                    const char *password, err *e);
int web_token_create(web_req *r, int64_t user_id, const char *name, char out[80], int64_t *id, err *e);
/* The audit trail's filters from the query: 0, or GK_EINVAL naming the bad one. */
int web_audit_filter(web_req *r, struct store_audit_filter *f, int *page, err *e);
/* The kinds of event the auditor filters by (pages_security.c): a key of the
 * query (?kind=), a label, the audit actions it takes; ends with a NULL key. */
struct web_audit_kind {
    const char *key, *label;
    const char *const *actions;
};
extern const struct web_audit_kind web_audit_kinds[];
/* The Chinese word for an audit entity or action; w itself when unknown. */
const char *web_audit_label(const char *w);
const struct web_audit_kind *web_audit_kind_find(const char *key);   /* NULL when unknown */

/* ---- tables exported as CSV or XLSX (export.c) ----
 * web_export_open ("csv" or "xlsx"; GK_EINVAL otherwise, GK_EIO when the
 * workbook cannot be made) writes the header row; web_export_row adds one
 * (cells copied; ncols of them); web_export_send answers the request with
 * the file (filename without extension) or a 422 past the limits, and frees
 * x; web_export_free frees x without answering. */
#define WEB_EXPORT_MAX_ROWS 100000
struct web_export {
    int ncols;
    size_t rows;
    bool xlsx, over, too_long, failed;
    buf csv;
    struct lxw_workbook *wb;
    struct lxw_worksheet *ws;
    char path[64];
};
int web_export_open(struct web_export *x, const char *format, const char *sheet, int ncols,
                    const char *const *head);
void web_export_row(struct web_export *x, const char *const *cells);
int web_export_send(web_req *r, struct web_export *x, const char *filename);
void web_export_free(struct web_export *x);

/* ---- handlers (pages_*.c, api.c) ---- */
#define H(name) int name(web_req *r)
H(h_home); H(h_guide); H(h_rules); H(h_catalogue); H(h_doc); H(h_search);
H(h_reports); H(h_report_year); H(h_apply_form); H(h_apply_submit); H(h_apply_receipt); H(h_track_form);
H(h_track); H(h_track_file); H(h_login_form); H(h_login); H(h_logout); H(h_health); H(h_static);
H(h_console); H(h_account); H(h_account_password); H(h_users); H(h_user_new);
H(h_user_create); H(h_user_edit); H(h_user_update); H(h_tokens); H(h_token_create);
H(h_token_revoke); H(h_audit); H(h_audit_export); H(h_security_policy); H(h_security_policy_save);
H(api_me); H(api_users); H(api_user_create); H(api_user_get); H(api_user_update);
H(api_audit); H(api_tokens); H(api_token_create); H(api_token_revoke);
H(h_doc_file); H(api_public_docs); H(api_public_doc); H(api_public_track);
H(h_report_file); H(api_public_reports); H(api_public_report); H(h_console_report);
H(h_console_channels);   /* pages_channels.c (issue 18) */
/* pages_register.c, pages_sends.c (issue 18): the register of documents; channel sends, copy packages */
H(h_console_register); H(h_console_register_create); H(h_console_register_doc); H(h_console_register_attr);
H(h_console_channel_add); H(h_console_channel_send); H(h_console_channel_sends); H(h_console_channel_issue);
H(h_console_archive_package); H(h_console_archive_zip); H(h_console_archive_deliver);
H(h_console_app_draft);   /* pages_chain_files.c: a draft reply with its files (multipart) */
H(h_console_report_save); H(h_console_report_file); H(api_report); H(api_report_publish);
H(api_report_signoff); H(api_report_draft);
H(h_console_docs); H(h_console_doc_new); H(h_console_doc_create); H(h_console_doc); H(h_console_doc_edit_form);
H(h_console_doc_edit); H(h_console_doc_step); H(h_console_doc_attach); H(h_console_doc_file);
H(h_console_doc_version);
H(api_docs); H(api_doc_create); H(api_doc_get); H(api_doc_step); H(api_doc_attach);
H(h_console_intake); H(h_console_intake_set); H(h_console_logins);
H(h_console_mail); H(h_console_mail_retry);
H(h_console_import_form); H(h_console_import); H(h_console_import_job);
H(h_console_apps); H(h_console_app_new); H(h_console_app_create); H(h_console_app); H(h_console_app_event);
H(h_console_app_letter); H(h_console_app_doc); H(h_console_apps_export); H(h_audit_export); H(h_console_cases); H(h_console_case_create); H(h_console_case_close);
H(api_apps); H(api_app_create); H(api_app_get); H(api_app_event); H(api_app_letter); H(api_due);
H(api_cases); H(api_case_create); H(api_case_close);
H(h_oversight); H(h_oversight_apps); H(h_oversight_reports); H(h_oversight_docs); H(h_oversight_return);
H(h_oversight_sum); H(h_oversight_export); H(h_area_report); H(h_console_agency); H(h_console_agency_save);
/* talking with the public (pages_engage.c, pages_engage_console.c) */
void web_eng_rules(web_req *r, struct eng_rules *out);
H(h_messages); H(h_message_form); H(h_message_submit); H(h_message_track_form); H(h_message_track);
H(h_consultations); H(h_consultation); H(h_consultation_comment); H(h_suggestions);
H(h_console_messages); H(h_console_message_create); H(h_console_message); H(h_console_message_step);
H(h_console_suggestions); H(h_console_suggestion_create); H(h_console_suggestion); H(h_console_suggestion_step);
H(h_console_consultations); H(h_console_consultation_create); H(h_console_consultation);
H(h_console_comment_step); H(h_console_consultation_result);
H(h_feed); H(h_sitemap); H(api_public_feed);
/* figures people can see (pages_stats.c, issue 16) */
H(h_stats); H(h_stats_csv);
/* repeated requests, Art. 44 (pages_repeat.c) */
H(h_console_repeats); H(h_console_repeat_publish);
#undef H

#endif
