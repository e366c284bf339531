/* web — who may do what: the roles and their permissions (a table), argon2id
 * passwords, login sessions, API tokens, CSRF tokens, login throttling and
 * the per-address application limit. */
#include <jansson.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
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
    [ROLE_SECURITY] = {"security", "安全管理员"},
    [ROLE_AUDITOR] = {"auditor", "审计管理员"},
};

#define O (1u << ROLE_OFFICER)
#define R (1u << ROLE_REVIEWER)
#define L (1u << ROLE_LEADER)
#define F (1u << ROLE_OFFICE)
#define A (1u << ROLE_ADMIN)
#define S (1u << ROLE_SECURITY)
#define U (1u << ROLE_AUDITOR)
/* 三员分立 (GB/T 22239-2019 等保 2.0, 8.1.4.2 and 8.1.10.6 at level 3): the
 * system administrator (A) manages accounts, the security administrator (S)
 * security policy, the audit administrator (U) only reads the audit trail;
 * none holds another's permission (tests/unit/test_web.c checks each). */
static const struct {
    const char *key;
    unsigned roles;
} perms[PERM_COUNT] = {
    [PERM_CONSOLE] = {"console", O | R | L | F | A | S | U},
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
    [PERM_AUDIT] = {"audit", L | F | U},
    [PERM_OVERSIGHT] = {"oversight", F},
    [PERM_AGENCY] = {"agency", F | A},
    [PERM_SECURITY] = {"security.policy", S},
    [PERM_DOC_REGISTER] = {"doc.register", O | R | L | F},
};
#undef S
#undef U
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

/* The security administrator's policy (等保 2.0 identification and
 * authentication, GB/T 22239-2019 8.1.4.1 a: identities unique, passwords
 * complex and changed periodically; b: lockout of repeated failures; d:
 * session limits), as settings of the agency: `gongkai security policy` and
 * the console's 安全策略 page set them, audited as security events. The
 * security.* rows apply to the next password set (the server reloads them
 * when the page changes one); the web.* rows are read by the server at start. */
const struct web_policy_key web_policy_keys[] = {
    {"security.password_min_length", "密码最短长度（字符）", 8, 8, 64},
    {"security.password_classes", "密码至少包含的字符类别数（小写、大写、数字、其他）", 2, 2, 4},
    {"security.password_history", "新密码不得与最近几次使用过的密码相同（0为不限制）", 5, 0, 24},
    {"security.password_max_days", "密码最长使用天数，到期须在下次登录时修改（0为不过期）", 0, 0, 3650},
    {"web.session_idle_minutes", "会话空闲超时（分钟）", 30, 1, 1440},
    {"web.session_max_hours", "会话最长时间（小时）", 12, 1, 720},
    {"web.login_fail_max", "登录失败多少次后开始延迟", 5, 1, 1000},
    {"web.login_fail_window_minutes", "按地址计算登录失败的时间窗（分钟）", 15, 1, 1440},
    {NULL, NULL, 0, 0, 0},
};

const struct web_policy_key *web_policy_key_find(const char *key)
{
    for (const struct web_policy_key *k = web_policy_keys; key && k->key; k++)
        if (strcmp(k->key, key) == 0)
            return k;
    return NULL;
}

int64_t web_policy_value(store_t *st, int64_t agency_id, const struct web_policy_key *k)
{
    buf b;
    buf_init(&b);
    int64_t v = k->def;
    if (store_setting_get(st, agency_id, k->key, &b, NULL) == 0 && b.data &&
        (!parse_i64(b.data, b.len, &v) || v < k->lo || v > k->hi))
        v = k->def;
    buf_free(&b);
    return v;
}

/* The process's password policy; the floor is the default: 8 characters
 * with letters and digits, the last 5 passwords not reused, no expiry. */
static struct web_pw_policy pw_policy = {8, 2, 5, 0};

static int clampi(int64_t v, const char *key)
{
    const struct web_policy_key *k = web_policy_key_find(key);
    return (int)(v < k->lo ? k->lo : v > k->hi ? k->hi : v);
}

void web_password_policy_set(const struct web_pw_policy *p)
{
    pw_policy.min_len = clampi(p->min_len, "security.password_min_length");
    pw_policy.classes = clampi(p->classes, "security.password_classes");
    pw_policy.history = clampi(p->history, "security.password_history");
    pw_policy.max_days = clampi(p->max_days, "security.password_max_days");
}

void web_password_policy_load(store_t *st, int64_t agency_id)
{
    struct web_pw_policy p = {
        (int)web_policy_value(st, agency_id, web_policy_key_find("security.password_min_length")),
        (int)web_policy_value(st, agency_id, web_policy_key_find("security.password_classes")),
        (int)web_policy_value(st, agency_id, web_policy_key_find("security.password_history")),
        (int)web_policy_value(st, agency_id, web_policy_key_find("security.password_max_days")),
    };
    web_password_policy_set(&p);
}

struct web_pw_policy web_password_policy_get(void) { return pw_policy; }

int web_password_policy(const char *pw, err *e)
{
    size_t n = strlen(pw);
    bool lower = false, upper = false, digit = false, other = false;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)pw[i];
        lower |= c >= 'a' && c <= 'z';
        upper |= c >= 'A' && c <= 'Z';
        digit |= c >= '0' && c <= '9';
        other |= !(c >= 'a' && c <= 'z') && !(c >= 'A' && c <= 'Z') && !(c >= '0' && c <= '9');
    }
    int classes = lower + upper + digit + other;
    if (utf8_len(pw, n) < (size_t)pw_policy.min_len || !(lower || upper) || !digit || classes < pw_policy.classes) {
        if (pw_policy.classes > 2)
            return err_set(e, GK_EINVAL, "password", "密码至少%d位，须同时包含字母和数字，并至少包含小写字母、大写字母、数字、其他字符中的%d类。",
                           pw_policy.min_len, pw_policy.classes);
        return err_set(e, GK_EINVAL, "password", "密码至少%d位，须同时包含字母和数字。", pw_policy.min_len);
    }
    if (n > 256)
        return err_set(e, GK_EINVAL, "password", "密码过长（最多256字节）。");
    return 0;
}

struct reuse { const char *pw; bool hit; };

static int reuse_row(const char *hash, void *arg)
{
    struct reuse *x = arg;
    x->hit = web_password_verify(hash, x->pw);
    return x->hit;
}

int web_password_fresh(store_t *st, int64_t user_id, const char *pw, err *e)
{
    if (pw_policy.history == 0)
        return 0;
    struct reuse x = {pw, false};
    int rc = store_user_pw_history(st, user_id, pw_policy.history, reuse_row, &x, e);
    if (rc)
        return rc;
    if (x.hit)
        return err_set(e, GK_EINVAL, "password", "新密码不得与最近%d次使用过的密码相同。", pw_policy.history);
    return 0;
}

int web_password_set_hash(store_t *st, int64_t user_id, const char *pw, char out[128], err *e)
{
    int rc = web_password_policy(pw, e);
    if (!rc && user_id)
        rc = web_password_fresh(st, user_id, pw, e);
    return rc ? rc : web_password_hash(pw, out, e);
}

bool web_password_expired(const char *pw_changed, int max_days, gk_day today)
{
    gk_day set;
    if (max_days <= 0 || !pw_changed || strlen(pw_changed) < 10)
        return false;
    char day[11];
    snprintf(day, sizeof day, "%.10s", pw_changed);
    if (date_parse(day, &set, NULL) != 0)
        return false;
    return today - set >= max_days;
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
    out->pw_expired = web_password_expired(u.pw_changed, pw_policy.max_days, date_today());
    return out->role == ROLE_NONE ? GK_ENOTFOUND : 0;
}

const char *web_ip_json(web_req *r)
{
    json_t *j = json_pack("{s:s}", "ip", r->ip);
    char *d = j ? json_dumps(j, JSON_COMPACT) : NULL;
    const char *out = arena_strdup(&r->a, d ? d : "{}");
    free(d);
    json_decref(j);
    return out;
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
    int rc = login ? store_session_login(r->st, &s, r->agency.id, u->login, web_ip_json(r), e)
                   : store_session_add(r->st, &s, e);
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
