/* store — staff accounts, sessions, API tokens and event counts (user.c).
 * Part of store.h, which includes it: callers include "store/store.h". */
#ifndef GONGKAI_STORE_USER_H
#define GONGKAI_STORE_USER_H

#include "store/store.h"

/* ==== users and sessions (the web console and the JSON API) ================
 * Staff accounts, login sessions, API tokens and the event counts behind
 * login throttling and the application limit. The web module decides (roles,
 * expiry, limits); these functions only persist. Times here are Unix seconds
 * handed in by the caller. Session ids and tokens are stored as keyed hashes,
 * never as they travel. */
struct store_user {
    int64_t id, agency_id;
    char login[64];
    char name[LIM_BYTES(LIM_USER_NAME)];   /* base/limits.h */
    char role[32];            /* officer | reviewer | leader | office | admin */
    char pw_hash[128];        /* argon2id, encoded (libsodium crypto_pwhash_str) */
    bool active;
    char created_at[32];
    char last_login[32];      /* "" when never */
    char pw_changed[32];      /* when the password was last set (ISO); the creation for older accounts */
};
/* Adds an account, its password in the history; GK_EINVAL when the login is taken. */
int store_user_add(store_t *s, const struct store_user *u, int64_t *id, err *e);
int store_user_get(store_t *s, int64_t id, struct store_user *out, err *e);
int store_user_by_login(store_t *s, const char *login, struct store_user *out, err *e);
/* An agency's accounts ordered by login; *out is malloc'ed (free it). */
int store_user_list(store_t *s, int64_t agency_id, struct store_user **out, size_t *n, err *e);
/* Updates name, role and active (not the login, not the password). */
int store_user_update(store_t *s, const struct store_user *u, err *e);
/* Sets the password hash and its time (pw_changed), and keeps it in the
 * password history, in one transaction. */
int store_user_set_password(store_t *s, int64_t id, const char *pw_hash, err *e);
/* The account's last n password hashes, newest first (the current one
 * among them): fn gets each (borrowed for the call), returns non-zero to stop. */
int store_user_pw_history(store_t *s, int64_t id, int n, int (*fn)(const char *pw_hash, void *), void *arg, err *e);
int store_user_logged_in(store_t *s, int64_t id, err *e);
/* What the console and `gongkai user` do: the account (store_user_add) and
 * its audit entry "create" by actor (after_json: what to keep of it), in one
 * transaction. */
int store_user_create(store_t *s, const struct store_user *u, const char *actor, const char *after_json,
                      int64_t *id, err *e);
/* A change of an account, in one transaction with its audit entry: the new
 * name, role and active (from set), the new password hash, the end of every
 * session of the account. GK_ENOTFOUND for no such account. */
struct store_user_change {
    int64_t user_id;
    const struct store_user *set;   /* new name, role and active; NULL = unchanged */
    const char *pw_hash;            /* new password hash; NULL = unchanged */
    bool end_sessions;              /* end every session of the account */
    const char *actor, *action;     /* audit: who, and "update", "password_reset", ... */
    const char *before_json, *after_json;   /* audit: NULL = none */
};
int store_user_change(store_t *s, const struct store_user_change *c, err *e);
/* How many active accounts an agency has with this role. */
int store_user_count_role(store_t *s, int64_t agency_id, const char *role, int64_t *n, err *e);

struct store_session {
    char id_hash[65];         /* hex keyed hash of the cookie value */
    int64_t user_id;
    char csrf[65];            /* the session's CSRF token */
    int64_t created, seen;
};
int store_session_add(store_t *s, const struct store_session *ss, err *e);
int store_session_get(store_t *s, const char *id_hash, struct store_session *out, err *e);
int store_session_touch(store_t *s, const char *id_hash, int64_t seen, err *e);
int store_session_delete(store_t *s, const char *id_hash, err *e);
/* A login: the new session, the account's last login and the audit entry
 * "login" by actor (after_json: where from, NULL = not said), in one transaction. */
int store_session_login(store_t *s, const struct store_session *ss, int64_t agency_id, const char *actor,
                        const char *after_json, err *e);
/* The login notice (等保 2.0, 8.1.4.1): the account's login before its
 * latest one (known false when there is none), what its audit row says
 * (after_json, e.g. {"ip":"…"}), and the failed logins recorded for the
 * account since that login. */
struct store_login_notice {
    bool known;
    char at[32];
    char after_json[256];
    int64_t failures;
};
int store_user_login_notice(store_t *s, int64_t agency_id, int64_t user_id, struct store_login_notice *out, err *e);
/* A logout: the session ended and the audit entry "logout", in one transaction. */
int store_session_logout(store_t *s, const char *id_hash, int64_t user_id, int64_t agency_id, const char *actor,
                         err *e);
/* Ends every session of one account (password changed, account disabled). */
int store_session_delete_user(store_t *s, int64_t user_id, err *e);
/* Drops sessions idle since before idle_before or created before created_before. */
int store_session_purge(store_t *s, int64_t idle_before, int64_t created_before, err *e);

struct store_token {
    int64_t id, user_id;
    char user_login[64];      /* filled by list and find */
    char name[LIM_BYTES(LIM_TOKEN_NAME)];   /* what the token is for, e.g. "市政府汇总脚本" */
    char hash[65];            /* hex keyed hash of the token */
    char prefix[16];          /* the token's first characters, to recognise it */
    int64_t created, last_used;
    bool revoked;
};
/* Adds a token, with its audit entry "create" by actor, in one transaction. */
int store_token_add(store_t *s, const struct store_token *t, const char *actor, int64_t *id, err *e);
/* A token that is not revoked, by its hash; GK_ENOTFOUND otherwise. */
int store_token_find(store_t *s, const char *hash, struct store_token *out, err *e);
/* Tokens of one account (user_id > 0) or of an agency's accounts (user_id 0). */
int store_token_list(store_t *s, int64_t agency_id, int64_t user_id, struct store_token **out,
                     size_t *n, err *e);
int store_token_get(store_t *s, int64_t id, struct store_token *out, err *e);
/* Revokes a token, with its audit entry "revoke" by actor, in one
 * transaction; GK_ENOTFOUND for no such token. */
int store_token_revoke(store_t *s, int64_t id, const char *actor, err *e);
int store_token_used(store_t *s, int64_t id, int64_t at, err *e);

/* Event counts in a time window (kind "login_fail", "apply", ...; key: a
 * login name or a hashed client address). */
int store_rate_add(store_t *s, const char *kind, const char *key, int64_t at, err *e);
int store_rate_count(store_t *s, const char *kind, const char *key, int64_t since, int64_t *n, err *e);
int store_rate_clear(store_t *s, const char *kind, const char *key, err *e);
int store_rate_purge(store_t *s, int64_t before, err *e);
/* Count and latest time of kind/key events since `since` (0, 0 when none). */
int store_rate_last(store_t *s, const char *kind, const char *key, int64_t since, int64_t *n, int64_t *last, err *e);
/* Groups of kind events since `since`, latest first: fn gets the key, the
 * count and the latest time; returns non-zero to stop. At most limit groups. */
int store_rate_groups(store_t *s, const char *kind, int64_t since, int limit,
                      int (*fn)(const char *key, int64_t n, int64_t last, void *), void *arg, err *e);

#endif
