/* web — who may do what: the roles and their permissions (a table), argon2id
 * passwords, login sessions, API tokens, CSRF tokens, login throttling and
 * the per-address application limit. */
#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "web/web_internal.h"

/* ---- roles and permissions: the table the console and the API walk ---- */

static const struct {
    const char *key, *label;
} roles[ROLE_COUNT] = {
    [ROLE_NONE] = {"", "无"},
    [ROLE_OFFICER] = {"officer", "信息员"},
    [ROLE_REVIEWER] = {"reviewer", "审核人"},
    [ROLE_LEADER] = {"leader", "分管领导"},
    [ROLE_OFFICE] = {"office", "政务公开办"},
    [ROLE_ADMIN] = {"admin", "系统管理员"},
};

#define O (1u << ROLE_OFFICER)
#define R (1u << ROLE_REVIEWER)
#define L (1u << ROLE_LEADER)
#define F (1u << ROLE_OFFICE)
#define A (1u << ROLE_ADMIN)
static const struct {
    const char *key;
    unsigned roles;
} perms[PERM_COUNT] = {
    [PERM_CONSOLE] = {"console", O | R | L | F | A},
    [PERM_DOC_DRAFT] = {"doc.draft", O | F},
    [PERM_DOC_REVIEW] = {"doc.review", R},
    [PERM_DOC_SIGNOFF] = {"doc.signoff", L},
    [PERM_DOC_REPEAL] = {"doc.repeal", L | F},
    [PERM_APP_VIEW] = {"app.view", O | L | F},
    [PERM_APP_REGISTER] = {"app.register", O | F},
    [PERM_APP_PROCESS] = {"app.process", F},
    [PERM_APP_EXTEND] = {"app.extend", L | F},
    [PERM_REPORT] = {"report", L | F},
    [PERM_USERS] = {"users", A},
    [PERM_AUDIT] = {"audit", L | F | A},
    [PERM_OVERSIGHT] = {"oversight", F},
    [PERM_AGENCY] = {"agency", F | A},
};
#undef O
#undef R
#undef L
#undef F
#undef A

const char *web_role_key(enum web_role r) { return r < ROLE_COUNT ? roles[r].key : ""; }
const char *web_role_label(enum web_role r) { return r < ROLE_COUNT ? roles[r].label : ""; }
const char *web_perm_key(enum web_perm p) { return p < PERM_COUNT ? perms[p].key : ""; }

enum web_role web_role_from_key(const char *key)
{
    if (!key || !*key)
        return ROLE_NONE;
    for (int i = 1; i < ROLE_COUNT; i++)
        if (strcmp(roles[i].key, key) == 0)
            return (enum web_role)i;
    return ROLE_NONE;
}

bool web_role_can(enum web_role r, enum web_perm p)
{
    if (r <= ROLE_NONE || r >= ROLE_COUNT || p < 0 || p >= PERM_COUNT)
        return false;
    return (perms[p].roles >> r) & 1u;
}

bool web_can(web_req *r, enum web_perm p) { return r->user && web_role_can(r->user->role, p); }

/* ---- passwords ---- */

int web_password_policy(const char *pw, err *e)
{
    size_t n = strlen(pw);
    bool letter = false, digit = false;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)pw[i];
        letter |= (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
        digit |= c >= '0' && c <= '9';
    }
    if (utf8_len(pw, n) < 8 || !letter || !digit)
        return err_set(e, GK_EINVAL, "password", "密码至少8位，须同时包含字母和数字。");
    if (n > 256)
        return err_set(e, GK_EINVAL, "password", "密码过长（最多256字节）。");
    return 0;
}

int web_password_hash(const char *pw, char out[128], err *e)
{
    int rc = web_password_policy(pw, e);
    if (rc)
        return rc;
    if (crypto_pwhash_str(out, pw, strlen(pw), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                          crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
        return err_set(e, GK_ENOMEM, "password", "not enough memory to hash the password");
    return 0;
}

bool web_password_verify(const char *hash, const char *pw)
{
    if (!hash || !*hash || !pw)
        return false;
    return crypto_pwhash_str_verify(hash, pw, strlen(pw)) == 0;
}

/* ---- tokens and hashes ---- */

void web_random_hex(size_t nbytes, char *out)
{
    unsigned char b[64];
    if (nbytes > sizeof b)
        nbytes = sizeof b;
    randombytes_buf(b, nbytes);
    sodium_bin2hex(out, nbytes * 2 + 1, b, nbytes);
}

void web_hash_hex(const unsigned char *key, const char *data, size_t n, char out[65])
{
    unsigned char h[32];
    crypto_generichash(h, sizeof h, (const unsigned char *)data, n, key, key ? 32 : 0);
    sodium_bin2hex(out, 65, h, sizeof h);
}

static bool is_hex(const char *s, size_t want)
{
    if (!s || strlen(s) != want)
        return false;
    for (size_t i = 0; i < want; i++)
        if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f')))
            return false;
    return true;
}

static void set_session_cookie(web_req *r, const char *v, int max_age)
{
    web_set_cookie(r, "gk_session", v, max_age);
}

int web_user_load(web_req *r, int64_t id, web_user *out)
{
    struct store_user u;
    if (store_user_get(r->st, id, &u, NULL))
        return GK_ENOTFOUND;
    if (!u.active)
        return GK_ENOTFOUND;
    memset(out, 0, sizeof *out);
    out->id = u.id;
    out->agency_id = u.agency_id;
    snprintf(out->login, sizeof out->login, "%s", u.login);
    snprintf(out->name, sizeof out->name, "%s", u.name);
    out->role = web_role_from_key(u.role);
    return out->role == ROLE_NONE ? GK_ENOTFOUND : 0;
}

void web_auth_load(web_req *r)
{
    int64_t now = (int64_t)time(NULL);
    const char *auth = web_header(r, "Authorization");
    if (auth && strncasecmp(auth, "Bearer ", 7) == 0) {
        const char *tok = auth + 7;
        while (*tok == ' ')
            tok++;
        if (strncmp(tok, "gk_", 3) != 0 || !is_hex(tok + 3, 64))
            return;
        char h[65];
        web_hash_hex(NULL, tok, strlen(tok), h);
        struct store_token t;
        if (store_token_find(r->st, h, &t, NULL))
            return;
        web_user *u = arena_alloc(&r->a, sizeof *u);
        if (web_user_load(r, t.user_id, u))
            return;
        r->user = u;
        r->via_token = true;
        if (now - t.last_used > 60)
            store_token_used(r->st, t.id, now, NULL);
        return;
    }
    const char *sid = web_cookie(r, "gk_session");
    if (!is_hex(sid, 64))
        return;
    char h[65];
    web_hash_hex(NULL, sid, 64, h);
    struct store_session s;
    if (store_session_get(r->st, h, &s, NULL))
        return;
    if (now - s.seen > r->app->session_idle_s || now - s.created > r->app->session_max_s) {
        store_session_delete(r->st, h, NULL);
        set_session_cookie(r, "", 0);
        return;
    }
    web_user *u = arena_alloc(&r->a, sizeof *u);
    if (web_user_load(r, s.user_id, u))
        return;
    r->user = u;
    snprintf(r->session_hash, sizeof r->session_hash, "%s", h);
    snprintf(r->csrf, sizeof r->csrf, "%s", s.csrf);
    if (now - s.seen > 60)
        store_session_touch(r->st, h, now, NULL);
}

int web_session_start(web_req *r, const web_user *u, bool login, err *e)
{
    char sid[65], h[65];
    web_random_hex(32, sid);
    web_hash_hex(NULL, sid, 64, h);
    struct store_session s = {0};
    snprintf(s.id_hash, sizeof s.id_hash, "%s", h);
    s.user_id = u->id;
    web_random_hex(32, s.csrf);
    s.created = s.seen = (int64_t)time(NULL);
    int rc = login ? store_session_login(r->st, &s, r->agency.id, u->login, e) : store_session_add(r->st, &s, e);
    if (rc)
        return rc;
    set_session_cookie(r, sid, -1);
    web_user *copy = arena_alloc(&r->a, sizeof *copy);
    *copy = *u;
    r->user = copy;
    snprintf(r->session_hash, sizeof r->session_hash, "%s", h);
    snprintf(r->csrf, sizeof r->csrf, "%s", s.csrf);
    return 0;
}

int web_session_end(web_req *r, err *e)
{
    if (r->session_hash[0] && r->user) {
        int rc = store_session_logout(r->st, r->session_hash, r->user->id, r->agency.id, r->user->login, e);
        if (rc)
            return rc;
    } else if (r->user) {   /* signed in by a token: no session to end */
        web_audit(r, "user", r->user->id, "logout", NULL, NULL);
    }
    set_session_cookie(r, "", 0);
    r->user = NULL;
    r->session_hash[0] = '\0';
    return 0;
}

const char *web_anon_csrf(web_req *r)
{
    if (r->csrf[0])
        return r->csrf;
    const char *c = web_cookie(r, "gk_csrf");
    if (is_hex(c, 32)) {
        snprintf(r->csrf, sizeof r->csrf, "%s", c);
        return r->csrf;
    }
    web_random_hex(16, r->csrf);
    web_set_cookie(r, "gk_csrf", r->csrf, -1);
    return r->csrf;
}

bool web_csrf_ok(web_req *r)
{
    const char *got = web_f(r, "csrf");
    if (!got)
        got = web_header(r, "X-CSRF-Token");
    if (!got || !r->csrf[0])
        return false;
    size_t n = strlen(r->csrf);
    return strlen(got) == n && sodium_memcmp(got, r->csrf, n) == 0;
}

/* ---- throttling ---- */

static const char *ip_key(web_req *r)
{
    char *h = arena_alloc(&r->a, 65);
    web_hash_hex(r->app->secret, r->ip, strlen(r->ip), h);
    return h;
}

static const char *login_key(web_req *r, const char *login)
{
    char *k = arena_strdup(&r->a, login ? login : "");
    for (char *p = k; *p; p++)
        if (*p >= 'A' && *p <= 'Z')
            *p = (char)(*p - 'A' + 'a');
    return k;
}

/* One account from one address: the key shown to the office on the
 * console (the address in clear: it is the attacker's or a colleague's). */
static const char *pair_key(web_req *r, const char *login)
{
    size_t n = strlen(login_key(r, login)) + strlen(r->ip) + 2;
    char *k = arena_alloc(&r->a, n);
    snprintf(k, n, "%s %s", login_key(r, login), r->ip);
    return k;
}

int64_t web_login_throttled(web_req *r, const char *login)
{
    int64_t now = (int64_t)time(NULL), n = 0, last = 0, m = 0, mlast = 0;
    store_rate_last(r->st, "login_fail", pair_key(r, login), now - 86400, &n, &last, NULL);
    int64_t wait = web_login_wait(n, last, now, r->app->login_fail_max);
    /* an address failing on many accounts waits too (password spraying) */
    store_rate_last(r->st, "login_fail_ip", ip_key(r), now - r->app->login_fail_window_s, &m, &mlast, NULL);
    if (m >= 4 * r->app->login_fail_max && mlast + r->app->login_fail_window_s - now > wait)
        wait = mlast + r->app->login_fail_window_s - now;
    return wait;
}

void web_login_failed(web_req *r, const char *login)
{
    int64_t now = (int64_t)time(NULL);
    store_rate_add(r->st, "login_fail", pair_key(r, login), now, NULL);
    store_rate_add(r->st, "login_fail_ip", ip_key(r), now, NULL);
}

void web_login_succeeded(web_req *r, const char *login)
{
    store_rate_clear(r->st, "login_fail", pair_key(r, login), NULL);
}

static void digits_of(const char *in, char *out, size_t n)
{
    size_t k = 0;
    for (; *in && k + 1 < n; in++)
        if ((*in >= '0' && *in <= '9') || *in == 'X' || *in == 'x')
            out[k++] = *in == 'x' ? 'X' : *in;
    out[k] = '\0';
}

int web_apply_intake(web_req *r, struct app *a, const char *form_token, bool *again, char *msg, size_t msgn, err *e)
{
    /* phone and ID number are hashed with the deployment's key, like addresses */
    char phone[32], id[32], hp[65] = "", hi[65] = "";
    digits_of(a->phone, phone, sizeof phone);
    digits_of(a->id_number, id, sizeof id);
    if (*phone)
        web_hash_hex(r->app->secret, phone, strlen(phone), hp);
    if (*id)
        web_hash_hex(r->app->secret, id, strlen(id), hi);
    struct store_limit l[WEB_APPLY_NLIMITS];
    const char *keys[WEB_APPLY_NLIMITS] = {ip_key(r), hp, hi};
    const int64_t max[WEB_APPLY_NLIMITS] = {r->app->apply_per_ip_hour, r->app->apply_per_phone_day,
                                            r->app->apply_per_id_day};
    for (int i = 0; i < WEB_APPLY_NLIMITS; i++)
        l[i] = (struct store_limit){web_apply_limits[i].kind, keys[i], web_apply_limits[i].window_s, max[i]};
    struct store_intake in = {.limits = l, .nlimits = WEB_APPLY_NLIMITS, .now = (int64_t)time(NULL),
                              .surge_max = r->app->apply_surge_per_hour, .form_token = form_token};
    int rc = store_app_intake(r->st, a, "online", &in, e);
    if (rc)
        return rc;
    *again = in.again;
    if (in.refused < 0)
        return 0;
    int64_t retry = in.retry_at > in.now ? in.retry_at - in.now : 60;
    char ra[24];
    snprintf(ra, sizeof ra, "%lld", (long long)retry);
    web_add_header(r, "Retry-After", ra);
    web_apply_refusal(in.refused, retry, msg, msgn);
    return 429;
}

/* Follow-up lookups that found nothing, per address: guessing tracking codes
 * and phone numbers stops after 20 misses an hour. */
bool web_track_throttled(web_req *r)
{
    int64_t n = 0;
    store_rate_count(r->st, "track_fail", ip_key(r), (int64_t)time(NULL) - 3600, &n, NULL);
    return n >= 20;
}

void web_track_failed(web_req *r)
{
    store_rate_add(r->st, "track_fail", ip_key(r), (int64_t)time(NULL), NULL);
}

bool web_rate_take(web_req *r, const char *kind, int64_t window_s, int64_t max)
{
    int64_t n = 0, now = (int64_t)time(NULL);
    if (store_rate_count(r->st, kind, ip_key(r), now - window_s, &n, NULL) == 0 && n >= max)
        return false;
    store_rate_add(r->st, kind, ip_key(r), now, NULL);
    return true;
}
