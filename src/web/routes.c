/* web — the route table: every page and API endpoint, the methods it takes,
 * who may use it (R_* flags and the permission), in one place. */
#include "web/web_internal.h"

#define PUB R_PUBLIC
#define STAFF R_STAFF
#define API R_API
const struct web_route web_routes[] = {
    /* the public portal */
    {M_GET, "/", h_home, PUB | R_CACHE, -1},
    {M_GET, "/guide", h_guide, PUB | R_CACHE, -1},
    {M_GET, "/rules", h_rules, PUB | R_CACHE, -1},
    {M_GET, "/catalogue", h_catalogue, PUB | R_CACHE, -1},
    {M_GET, "/doc/:id", h_doc, PUB | R_CACHE, -1},
    {M_GET, "/doc/:id/files/:file", h_doc_file, PUB, -1},
    {M_GET, "/search", h_search, PUB | R_CACHE, -1},
    {M_GET, "/apply", h_apply_form, PUB | R_PERSONAL, -1},
    {M_POST, "/apply", h_apply_submit, PUB | R_ANON_CSRF | R_PERSONAL, -1},
    {M_GET, "/apply/track", h_track_form, PUB | R_PERSONAL, -1},
    {M_POST, "/apply/track", h_track, PUB | R_ANON_CSRF | R_PERSONAL, -1},
    {M_GET, "/static/*", h_static, PUB, -1},
    {M_GET, "/favicon.ico", h_static, PUB, -1},
    {M_GET, "/robots.txt", h_static, PUB, -1},
    {M_GET, "/healthz", h_health, PUB, -1},
    /* staff login */
    {M_GET, "/login", h_login_form, PUB | R_PERSONAL, -1},
    {M_POST, "/login", h_login, PUB | R_ANON_CSRF | R_PERSONAL, -1},
    {M_POST, "/logout", h_logout, STAFF, -1},
    /* the console */
    {M_GET, "/console", h_console, STAFF, -1},
    {M_GET, "/console/account", h_account, STAFF, -1},
    {M_POST, "/console/account/password", h_account_password, STAFF, -1},
    {M_GET, "/console/users", h_users, STAFF, PERM_USERS},
    {M_POST, "/console/users", h_user_create, STAFF, PERM_USERS},
    {M_GET, "/console/users/new", h_user_new, STAFF, PERM_USERS},
    {M_GET, "/console/users/:id", h_user_edit, STAFF, PERM_USERS},
    {M_POST, "/console/users/:id", h_user_update, STAFF, PERM_USERS},
    {M_GET, "/console/tokens", h_tokens, STAFF, PERM_USERS},
    {M_POST, "/console/tokens", h_token_create, STAFF, PERM_USERS},
    {M_POST, "/console/tokens/:id/revoke", h_token_revoke, STAFF, PERM_USERS},
    {M_GET, "/console/audit", h_audit, STAFF, PERM_AUDIT},
    /* the JSON API */
    {M_GET, "/api/v1/health", h_health, PUB, -1},
    {M_GET, "/api/v1/public/documents", api_public_docs, PUB | R_CACHE, -1},
    {M_GET, "/api/v1/public/documents/:id", api_public_doc, PUB | R_CACHE, -1},
    {M_POST, "/api/v1/public/track", api_public_track, PUB | R_JSON_NO_CSRF | R_PERSONAL, -1},
    {M_GET, "/api/v1/me", api_me, API, -1},
    {M_GET, "/api/v1/users", api_users, API, PERM_USERS},
    {M_POST, "/api/v1/users", api_user_create, API, PERM_USERS},
    {M_GET, "/api/v1/users/:id", api_user_get, API, PERM_USERS},
    {M_POST | M_PUT, "/api/v1/users/:id", api_user_update, API, PERM_USERS},
    {M_GET, "/api/v1/tokens", api_tokens, API, PERM_USERS},
    {M_POST, "/api/v1/tokens", api_token_create, API, PERM_USERS},
    {M_POST, "/api/v1/tokens/:id/revoke", api_token_revoke, API, PERM_USERS},
    {M_GET, "/api/v1/audit", api_audit, API, PERM_AUDIT},
    {0, NULL, NULL, 0, -1},
};
