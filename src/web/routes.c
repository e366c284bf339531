/* web — the route table: every page and API endpoint, the methods it takes,
 * who may use it (R_* flags and the permission), the largest body it takes,
 * and for cached pages the query parameters that make the page, in one place. */
#include "web/web_internal.h"

/* Body limits: anonymous forms get small ones (a login or a follow-up lookup
 * is a few hundred bytes; an application's longest field is 2,000 characters,
 * percent-encoded 18 KB); the staff's forms the form limit, attachments the
 * upload limit. Only a request that passed the login and permission checks
 * on its headers gets its body read at all (router.c:web_gate). */
#define SMALL ((size_t)8 * 1024)
#define APPLY ((size_t)32 * 1024)
#define FORM WEB_BODY_FORM
#define UPLOAD WEB_BODY_UPLOAD
/* The query parameters of the search (pages_docs.c:search_query). */
#define SEARCH_PARAMS "q year item page category genre validity sort"

#define PUB R_PUBLIC
#define STAFF R_STAFF
#define API R_API
const struct web_route web_routes[] = {
    /* the public portal */
    {M_GET, "/", h_home, PUB | R_CACHE, -1, SMALL, ""},
    {M_GET, "/guide", h_guide, PUB | R_CACHE, -1, SMALL, ""},
    {M_GET, "/rules", h_rules, PUB | R_CACHE, -1, SMALL, ""},
    {M_GET, "/catalogue", h_catalogue, PUB | R_CACHE, -1, SMALL, "item page category"},
    {M_GET, "/doc/:id", h_doc, PUB | R_CACHE, -1, SMALL, ""},
    {M_GET, "/doc/:id/files/:file", h_doc_file, PUB, -1, SMALL, NULL},
    {M_GET, "/search", h_search, PUB | R_CACHE, -1, SMALL, SEARCH_PARAMS},
    {M_GET, "/reports", h_reports, PUB | R_CACHE, -1, SMALL, ""},
    {M_GET, "/reports/:year", h_report_year, PUB | R_CACHE, -1, SMALL, ""},
    {M_GET, "/reports/:year/:file", h_report_file, PUB, -1, SMALL, NULL},
    {M_GET, "/apply", h_apply_form, PUB | R_PERSONAL, -1, SMALL, NULL},
    {M_POST, "/apply", h_apply_submit, PUB | R_ANON_CSRF | R_PERSONAL, -1, APPLY, NULL},
    {M_GET, "/apply/receipt/:token", h_apply_receipt, PUB | R_PERSONAL, -1, SMALL, NULL},
    {M_GET, "/apply/track", h_track_form, PUB | R_PERSONAL, -1, SMALL, NULL},
    {M_POST, "/apply/track", h_track, PUB | R_ANON_CSRF | R_PERSONAL, -1, SMALL, NULL},
    {M_GET, "/static/*", h_static, PUB, -1, SMALL, NULL},
    {M_GET, "/favicon.ico", h_static, PUB, -1, SMALL, NULL},
    {M_GET, "/robots.txt", h_static, PUB, -1, SMALL, NULL},
    {M_GET, "/feeds/:name", h_feed, PUB | R_CACHE, -1, SMALL, "item category"},
    {M_GET, "/sitemap.xml", h_sitemap, PUB | R_CACHE, -1, SMALL, ""},
    {M_GET, "/healthz", h_health, PUB, -1, SMALL, NULL},
    /* staff login */
    {M_GET, "/login", h_login_form, PUB | R_PERSONAL, -1, SMALL, NULL},
    {M_POST, "/login", h_login, PUB | R_ANON_CSRF | R_PERSONAL, -1, SMALL, NULL},
    {M_POST, "/logout", h_logout, STAFF, -1, FORM, NULL},
    /* the console */
    {M_GET, "/console", h_console, STAFF, -1, FORM, NULL},
    {M_GET, "/console/account", h_account, STAFF, -1, FORM, NULL},
    {M_POST, "/console/account/password", h_account_password, STAFF, -1, FORM, NULL},
    {M_GET, "/console/users", h_users, STAFF, PERM_USERS, FORM, NULL},
    {M_POST, "/console/users", h_user_create, STAFF, PERM_USERS, FORM, NULL},
    {M_GET, "/console/users/new", h_user_new, STAFF, PERM_USERS, FORM, NULL},
    {M_GET, "/console/users/:id", h_user_edit, STAFF, PERM_USERS, FORM, NULL},
    {M_POST, "/console/users/:id", h_user_update, STAFF, PERM_USERS, FORM, NULL},
    /* tokens: every account its own; the administrator issues none for others */
    {M_GET, "/console/tokens", h_tokens, STAFF, -1, FORM, NULL},
    {M_POST, "/console/tokens", h_token_create, STAFF, -1, FORM, NULL},
    {M_POST, "/console/tokens/:id/revoke", h_token_revoke, STAFF, -1, FORM, NULL},
    {M_GET, "/console/logins", h_console_logins, STAFF, PERM_AUDIT, FORM, NULL},
    {M_GET, "/console/audit", h_audit, STAFF, PERM_AUDIT, FORM, NULL},
    {M_GET, "/console/docs", h_console_docs, STAFF, -1, FORM, NULL},
    {M_POST, "/console/docs", h_console_doc_create, STAFF, PERM_DOC_DRAFT, FORM, NULL},
    {M_GET, "/console/docs/new", h_console_doc_new, STAFF, PERM_DOC_DRAFT, FORM, NULL},
    {M_GET, "/console/docs/:id", h_console_doc, STAFF, -1, FORM, NULL},
    {M_GET, "/console/docs/:id/edit", h_console_doc_edit_form, STAFF, -1, FORM, NULL},
    {M_POST, "/console/docs/:id/edit", h_console_doc_edit, STAFF, -1, FORM, NULL},
    {M_POST, "/console/docs/:id/step", h_console_doc_step, STAFF, -1, FORM, NULL},
    {M_POST, "/console/docs/:id/attachments", h_console_doc_attach, STAFF | R_UPLOAD, -1, UPLOAD, NULL},
    {M_GET, "/console/docs/:id/files/:file", h_console_doc_file, STAFF, -1, FORM, NULL},
    {M_GET, "/console/docs/:id/versions/:n", h_console_doc_version, STAFF, -1, FORM, NULL},
    {M_GET, "/console/applications", h_console_apps, STAFF | R_PERSONAL, PERM_APP_VIEW, FORM, NULL},
    {M_POST, "/console/applications", h_console_app_create, STAFF | R_PERSONAL, PERM_APP_REGISTER, FORM, NULL},
    {M_GET, "/console/applications/new", h_console_app_new, STAFF, PERM_APP_REGISTER, FORM, NULL},
    {M_GET, "/console/applications/:no", h_console_app, STAFF | R_PERSONAL, PERM_APP_VIEW, FORM, NULL},
    {M_POST, "/console/applications/:no/events", h_console_app_event, STAFF | R_PERSONAL, PERM_APP_VIEW, FORM, NULL},
    {M_GET, "/console/applications/:no/letter", h_console_app_letter, STAFF | R_PERSONAL, PERM_APP_VIEW, FORM, NULL},
    {M_GET, "/console/intake", h_console_intake, STAFF | R_PERSONAL, PERM_APP_VIEW, FORM, NULL},
    {M_POST, "/console/intake/:no", h_console_intake_set, STAFF | R_PERSONAL, PERM_APP_PROCESS, FORM, NULL},
    {M_GET, "/console/cases", h_console_cases, STAFF, PERM_APP_VIEW, FORM, NULL},
    {M_POST, "/console/cases", h_console_case_create, STAFF, PERM_APP_PROCESS, FORM, NULL},
    {M_POST, "/console/cases/:id/close", h_console_case_close, STAFF, PERM_APP_PROCESS, FORM, NULL},
    {M_GET, "/console/report", h_console_report, STAFF, PERM_REPORT, FORM, NULL},
    {M_POST, "/console/report/:year", h_console_report_save, STAFF, PERM_REPORT, FORM, NULL},
    {M_GET, "/console/report/:year/:file", h_console_report_file, STAFF, PERM_REPORT, FORM, NULL},
    /* the JSON API */
    {M_GET, "/api/v1/health", h_health, PUB, -1, SMALL, NULL},
    {M_GET, "/api/v1/public/documents", api_public_docs, PUB | R_CACHE, -1, SMALL, SEARCH_PARAMS},
    {M_GET, "/api/v1/public/documents/:id", api_public_doc, PUB | R_CACHE, -1, SMALL, ""},
    {M_POST, "/api/v1/public/track", api_public_track, PUB | R_JSON_NO_CSRF | R_PERSONAL, -1, SMALL, NULL},
    {M_GET, "/api/v1/public/reports", api_public_reports, PUB | R_CACHE, -1, SMALL, ""},
    {M_GET, "/api/v1/public/feeds/:kind", api_public_feed, PUB | R_CACHE, -1, SMALL, "item category"},
    {M_GET, "/api/v1/public/reports/:year", api_public_report, PUB | R_CACHE, -1, SMALL, ""},
    {M_GET, "/api/v1/documents", api_docs, API, -1, FORM, NULL},
    {M_POST, "/api/v1/documents", api_doc_create, API, PERM_DOC_DRAFT, FORM, NULL},
    {M_GET, "/api/v1/documents/:id", api_doc_get, API, -1, FORM, NULL},
    {M_POST, "/api/v1/documents/:id/steps", api_doc_step, API, -1, FORM, NULL},
    {M_POST, "/api/v1/documents/:id/attachments", api_doc_attach, API | R_UPLOAD, -1, UPLOAD, NULL},
    {M_GET, "/api/v1/applications", api_apps, API | R_PERSONAL, PERM_APP_VIEW, FORM, NULL},
    {M_POST, "/api/v1/applications", api_app_create, API | R_PERSONAL, PERM_APP_REGISTER, FORM, NULL},
    {M_GET, "/api/v1/applications/:no", api_app_get, API | R_PERSONAL, PERM_APP_VIEW, FORM, NULL},
    {M_POST, "/api/v1/applications/:no/events", api_app_event, API | R_PERSONAL, PERM_APP_VIEW, FORM, NULL},
    {M_GET, "/api/v1/applications/:no/letter", api_app_letter, API | R_PERSONAL, PERM_APP_VIEW, FORM, NULL},
    {M_GET, "/api/v1/due", api_due, API | R_PERSONAL, PERM_APP_VIEW, FORM, NULL},
    {M_GET, "/api/v1/cases", api_cases, API, PERM_APP_VIEW, FORM, NULL},
    {M_POST, "/api/v1/cases", api_case_create, API, PERM_APP_PROCESS, FORM, NULL},
    {M_POST, "/api/v1/cases/:id/close", api_case_close, API, PERM_APP_PROCESS, FORM, NULL},
    {M_GET, "/api/v1/reports/:year", api_report, API, PERM_REPORT, FORM, NULL},
    {M_POST, "/api/v1/reports/:year/draft", api_report_draft, API, PERM_REPORT, FORM, NULL},
    {M_POST, "/api/v1/reports/:year/signoff", api_report_signoff, API, PERM_REPORT, FORM, NULL},
    {M_POST, "/api/v1/reports/:year/publish", api_report_publish, API, PERM_REPORT, FORM, NULL},
    {M_GET, "/api/v1/me", api_me, API, -1, FORM, NULL},
    {M_GET, "/api/v1/users", api_users, API, PERM_USERS, FORM, NULL},
    {M_POST, "/api/v1/users", api_user_create, API, PERM_USERS, FORM, NULL},
    {M_GET, "/api/v1/users/:id", api_user_get, API, PERM_USERS, FORM, NULL},
    {M_POST | M_PUT, "/api/v1/users/:id", api_user_update, API, PERM_USERS, FORM, NULL},
    {M_GET, "/api/v1/tokens", api_tokens, API, -1, FORM, NULL},
    {M_POST, "/api/v1/tokens", api_token_create, API, -1, FORM, NULL},
    {M_POST, "/api/v1/tokens/:id/revoke", api_token_revoke, API, -1, FORM, NULL},
    {M_GET, "/api/v1/audit", api_audit, API, PERM_AUDIT, FORM, NULL},
    {0, NULL, NULL, 0, -1, 0, NULL},
};
