/*
 * store — the one interface to persistence. Everything gongkai keeps (agencies,
 * users, applications, documents, the audit trail, imported calendar years)
 * goes through these functions; the backend is SQLite (a file path) or
 * PostgreSQL (a "postgresql://..." URI or "host=... dbname=..." string), and
 * nothing outside src/store/ knows which. The store persists; it never
 * decides: the domain modules decide what is valid.
 *
 * Every record belongs to an agency: one database serves many agencies.
 * Every change that spans several rows runs in one transaction.
 */
#ifndef GONGKAI_STORE_H
#define GONGKAI_STORE_H

#include "base/base.h"
#include "base/limits.h"

typedef struct store_t store_t;

/* Opens (creating and migrating when needed) the database at target. */
int store_open(const char *target, store_t **out, err *e);
void store_close(store_t *s);
const char *store_backend(const store_t *s);      /* "sqlite" or "postgresql" */
int store_schema_version(store_t *s);

/* ---- several web nodes on one PostgreSQL (watch.c, docs/operations.md §16) ----
 * Opens a read-only store on a streaming-replication standby of the
 * deployment's primary, for public pages: no migration runs there (the
 * standby replays the primary's); GK_ESTATE when its schema is older than
 * this program's, GK_EINVAL for a SQLite target. Close with store_close. */
int store_open_replica(const char *target, store_t **out, err *e);
/* A connection of its own that hears the changes any connection commits to
 * what public pages show (migration 15): store_watch_wait returns 1 when one
 * or more were committed since the last call (with `replica`, once that
 * standby has replayed them, or after STORE_WATCH_REPLAY_MAX_MS), 0 when
 * timeout_ms passed without one, GK_EIO when the connection was lost (close
 * and open again; changes in between are not heard). store_watch_open
 * returns GK_ENOTFOUND for a SQLite target: one file serves one node and
 * store_data_version sees every change. */
#define STORE_WATCH_REPLAY_MAX_MS 1000
typedef struct store_watch store_watch;
int store_watch_open(const char *target, const char *replica, store_watch **out, err *e);
int store_watch_wait(store_watch *w, int timeout_ms, err *e);
void store_watch_close(store_watch *w);

/* Transactions; nested calls join the outermost one. On an error inside,
 * call store_rollback: nothing of the change is kept. */
int store_begin(store_t *s, err *e);
int store_commit(store_t *s, err *e);
void store_rollback(store_t *s);

/* ---- agencies ---- */
struct store_agency {
    int64_t id;
    char code[64];            /* short code used on the command line, e.g. "zmdmzj" */
    char name[256];           /* 驻马店市民政局 */
    char org_code[64];        /* the issuing body's code used in index numbers */
    char index_pattern[128];  /* e.g. "{ORG}/{YYYY}-{NNNNN}" */
    /* the agency tree (migration 014; src/store/tree.c) */
    int64_t parent_id;        /* the agency above (a department's government, a
                                 county's city), 0 for a root */
    char kind[16];            /* "government" or "department" (report/schedule.h) */
    char level[16];           /* "province", "city", "county", "township" or "" */
    char host[128];           /* the host name its portal answers on, "" = none */
    int depth;                /* store_agency_subtree: 0 for the root, 1 below, ... */
};
int store_agency_add(store_t *s, const struct store_agency *a, int64_t *id, err *e);
int store_agency_get(store_t *s, const char *code, struct store_agency *out, err *e);
int store_agency_by_id(store_t *s, int64_t id, struct store_agency *out, err *e);
/* All agencies ordered by code; *out is malloc'ed (free it). */
int store_agency_list(store_t *s, struct store_agency **out, size_t *n, err *e);
/* The agency a command works on: `code` when given; else the only one there
 * is; else an error that lists the codes and asks for --agency. */
int store_agency_resolve(store_t *s, const char *code, struct store_agency *out, err *e);

/* ---- the agency tree (migration 014; src/store/tree.c) ----
 * platform/platform.h decides what may stand where; these keep it. */
/* The subtree of root_id (0: every root and its subtree), depth first (a
 * parent before its children, siblings by code), depth filled; *out is
 * malloc'ed (free it). */
int store_agency_tree(store_t *s, int64_t root_id, struct store_agency **out, size_t *n, err *e);
/* *in: whether agency id is root_id or below it. */
int store_agency_within(store_t *s, int64_t root_id, int64_t id, bool *in, err *e);
/* The agency whose portal answers on `host`; GK_ENOTFOUND when none. */
int store_agency_by_host(store_t *s, const char *host, struct store_agency *out, err *e);
/* One agency of an import: the agency (parent_id ignored), its parent's code
 * ("" = a root; an agency already stored or an earlier row), and settings
 * (key, value; "" values skipped). */
#define STORE_AGENCY_ROW_SETTINGS 8
struct store_agency_row {
    int line;                 /* in the file, for the error */
    struct store_agency a;
    char parent[64];
    const char *settings[STORE_AGENCY_ROW_SETTINGS];   /* NULL/"" ends the list */
    const char *values[STORE_AGENCY_ROW_SETTINGS];
};
/* Adds every row in order, with its settings and an audit entry "import",
 * in ONE transaction: a taken code or a missing parent (GK_EINVAL naming the
 * line) keeps nothing. */
int store_agency_import(store_t *s, const struct store_agency_row *rows, size_t n, const char *actor, err *e);

/* What the supervising office sees of one agency: open applications past
 * their next deadline (due < today) and due from today to soon_until; and
 * documents not published: drafts, and in the review chain. */
int store_oversight_apps(store_t *s, int64_t agency_id, gk_day today, gk_day soon_until, int64_t *overdue,
                         int64_t *soon, err *e);
int store_oversight_docs(store_t *s, int64_t agency_id, int64_t *drafts, int64_t *in_review, err *e);
/* Documents published (and not withdrawn) from `from` to `to`, oldest
 * first, with whether each is of normative_genre and has a published
 * interpretation. The strings live until fn returns. */
struct store_doc_brief {
    int64_t id;
    char title[1024];
    gk_day written, published;
    bool normative, interpreted;
    int64_t agency_id;
};
int store_oversight_published(store_t *s, int64_t agency_id, gk_day from, gk_day to, const char *normative_genre,
                              int (*fn)(const struct store_doc_brief *, void *), void *arg, err *e);
/* The same for every agency of the subtree of root_id, in one query. */
int store_oversight_published_tree(store_t *s, int64_t root_id, gk_day from, gk_day to, const char *normative_genre,
                                   int (*fn)(const struct store_doc_brief *, void *), void *arg, err *e);
/* The office's figures for every agency of the subtree of root_id, in
 * store_agency_tree's order, in a constant number of queries (grouped by
 * agency, whatever the size of the subtree): store_oversight_apps and
 * store_oversight_docs, and the report of `year` (store_report_get's row:
 * whether a draft is saved, signed off, the published version and its
 * report JSON; when its first version was published). *out is malloc'ed:
 * free with store_oversight_free. */
struct store_oversight {
    struct store_agency a;
    int64_t overdue, soon, drafts, review;
    bool drafted, signed_off;
    int version;               /* 0 = never published */
    char *report_json;         /* the published report, NULL */
    char first_published[32];  /* "" when never */
};
int store_oversight_tree(store_t *s, int64_t root_id, gk_day today, gk_day soon_until, int year,
                         struct store_oversight **out, size_t *n, err *e);
void store_oversight_free(struct store_oversight *v, size_t n);
/* A published report sent back by the office of by_agency_id with its
 * comment, and its audit entry "returned" (entity "report"), in one
 * transaction. */
int store_report_return(store_t *s, int64_t agency_id, int year, int version, int64_t by_agency_id,
                        const char *comment, const char *actor, err *e);
struct store_report_returned {
    int version;
    int64_t by_agency_id;
    char by_name[256], at[32], by[128];
    const char *comment;      /* valid during the callback */
};
/* The returns of a year's report, newest first. */
int store_report_returns(store_t *s, int64_t agency_id, int year,
                         int (*fn)(const struct store_report_returned *, void *), void *arg, err *e);
/* The summed report of an office's area for `year` (replacing an earlier
 * one), with the agencies summed (JSON list of codes) and its audit entry,
 * in one transaction. */
int store_area_report_publish(store_t *s, int64_t agency_id, int year, const char *report_json,
                              const char *agencies_json, const char *actor, err *e);
/* *report_json and *agencies_json (NULL: not wanted) are malloc'ed;
 * GK_ENOTFOUND when none was published. */
int store_area_report_get(store_t *s, int64_t agency_id, int year, char **report_json, char **agencies_json,
                          char published_at[32], err *e);

/* ---- audit trail: who, when, what, before and after ---- */
struct store_audit_entry {
    int64_t id, agency_id, entity_id;
    char at[32];              /* ISO 8601 local time */
    char actor[128];
    char entity[32];          /* "application", "document", "user", ... */
    char action[64];
    char *before_json, *after_json;   /* may be NULL */
};
int store_audit_add(store_t *s, int64_t agency_id, const char *actor, const char *entity,
                    int64_t entity_id, const char *action, const char *before_json,
                    const char *after_json, err *e);
struct store_audit_filter {
    int64_t agency_id;        /* 0 = all */
    const char *entity;       /* NULL = all */
    int64_t entity_id;        /* 0 = all */
    const char *actor;        /* NULL = all */
    const char *const *actions; /* any of these actions (NULL-terminated, at most 16); NULL = all */
    const char *since, *until;/* dates YYYY-MM-DD, NULL = open */
    int limit, offset;
};
/* The chain (issue 15, src/store/audit.c): every row carries a keyed hash of
 * its fields, its id, its place in its agency's chain and the row before it.
 * store_audit_verify walks every chain in id order, then the checkpoint file
 * (NULL or a missing file: none), and stops at the first row that does not
 * match: v->ok false, v->row_id and v->msg name it. Returns 0 whatever it
 * found; an error only when it could not look. */
struct store_audit_verdict {
    bool ok;
    int64_t row_id;                 /* the first row that does not match */
    char msg[256];
    int64_t rows, chains, checkpoints;
};
int store_audit_verify(store_t *s, const char *checkpoints, struct store_audit_verdict *v, err *e);
/* Appends one line per chain head to path (append-only, fsync'ed): the
 * periodic checkpoint an editor of the database cannot take back. */
int store_audit_checkpoint(store_t *s, const char *path, int *chains, err *e);
/* The checkpoint file of this store ($GONGKAI_AUDIT_CHECKPOINTS, else
 * "<database file>.checkpoints", var/gongkai.checkpoints on PostgreSQL, ""
 * in memory); borrowed, valid while the store is open. */
const char *store_audit_checkpoint_path(const store_t *s);
/* Moves the rows of every chain recorded before `before` (an ISO date or
 * time) to the archive file (JSON lines with their hashes, appended and
 * fsync'ed), deletes them and moves each chain's base past them, so that
 * verify starts there; audited ("audit", "rotate"). *n: rows moved. The
 * caller keeps the period (at least six months, 等保 2.0). */
int store_audit_rotate(store_t *s, const char *before, const char *archive, int64_t *n, err *e);
/* Calls fn for each matching entry, newest first. */
int store_audit_list(store_t *s, const struct store_audit_filter *f,
                     int (*fn)(const struct store_audit_entry *, void *), void *arg, err *e);

/* ---- sealed personal data (issue 15, src/store/sealed.c) ----
 * Applicants' name, ID number, phone, e-mail and address are sealed in the
 * database (XChaCha20-Poly1305, keys in a key file outside it: GONGKAI_KEY_FILE,
 * else "<database file>.keys", var/gongkai.keys on PostgreSQL). Callers see
 * clear values; tracking by phone and the fee by count use keyed hashes. */
#define STORE_SEAL_BATCH_MAX 10000
/* Rows by the key that sealed them. */
struct store_seal_tally {
    int64_t total, current, older, clear;
};
struct store_seal_status {
    char key_file[1024];
    int current_key;
    char cipher[24];                        /* the current key's: "xchacha20poly1305" or "sm4-gcm" */
    int64_t total, current, older, clear;   /* applications by the key that sealed them */
    struct store_seal_tally registers;      /* the 互动交流 registers' rows (messages, suggestions, comments) */
};
int store_seal_count(store_t *s, struct store_seal_status *out, err *e);
struct store_seal_progress {
    int new_key;
    int64_t rows, batches;
    double seconds, max_batch_ms;   /* the longest batch: how long others waited at most */
};
/* Seals rows left clear and re-seals rows of older keys with the current
 * one, `batch` rows a transaction (the server answers between batches);
 * with rotate, first adds a new key to the key file. Audited ("seal"). */
int store_seal_run(store_t *s, int batch, bool rotate, struct store_seal_progress *p, err *e);
/* A rotation to a new key of the named cipher ("xchacha20poly1305", or
 * "sm4-gcm": SM4 of GB/T 32907-2016 in GCM mode, by libgcrypt; NULL = the
 * current key's), then every row re-sealed with it as store_seal_run does;
 * GK_EINVAL (where "cipher") for another name. */
int store_seal_rotate(store_t *s, int batch, const char *cipher, struct store_seal_progress *p, err *e);

/* Retention (issue 15): erases the personal fields (name, ID number, phone,
 * e-mail, address, their hashes) of the agency's applications concluded
 * before `before`, keeping what table 三 counts; marks them erased today and
 * audits the run ("retention", "erase_personal"). *n: how many. */
int store_app_retention(store_t *s, int64_t agency_id, gk_day before, const char *actor, int64_t *n, err *e);
/* The same for the 互动交流 registers (src/store/engage.c): the personal
 * fields (name, phone, e-mail, contact) of messages closed, suggestions
 * replied to and comments received before `before` are erased, the codes,
 * dates and states the year's counts need stay; n[] gets the rows of each
 * register (messages, suggestions, comments), one audit row per register
 * that had any, in one transaction. */
#define STORE_ENG_SEALED 3
int store_eng_retention(store_t *s, int64_t agency_id, gk_day before, const char *actor,
                        int64_t n[STORE_ENG_SEALED], err *e);
/* 三员分立: every active account holding admin, security or auditor, ordered
 * by name (a person with two accounts holding two roles comes together);
 * the strings are valid during the call. */
int store_duty_holders(store_t *s, int (*fn)(const char *login, const char *name, const char *role, void *),
                       void *arg, err *e);

/* ---- calendar years imported after the build (src/store/calendar.c) ----
 * Facts belong to the national calendar (region "") or to a regional layer
 * (e.g. "新疆"); an agency counts on the national calendar with its region's
 * layer on top (setting calendar.region, agency's or the deployment's). */
#define STORE_CALENDAR_REGION_KEY "calendar.region"
int store_calendar_put(store_t *s, const char *date, const char *kind, const char *name,
                       const char *source, err *e);
/* Every stored fact of one region ("" national) as TSV lines
 * "date\tkind\tname" (to load into a cal_t). */
int store_calendar_tsv(store_t *s, buf *out, err *e);
int store_calendar_region_tsv(store_t *s, const char *region, buf *out, err *e);
/* The working-day calendar this deployment uses: what gongkai ships
 * (cal_builtin) plus the years imported into the store. *out is the
 * caller's to cal_free. */
struct cal_t;
int store_calendar(store_t *s, struct cal_t **out, err *e);
/* The calendar of one region: store_calendar with the region's layer on top
 * ("" or NULL: the national one). */
int store_calendar_region(store_t *s, const char *region, struct cal_t **out, err *e);
/* The region an agency counts on (its setting, else the deployment's, else
 * ""), into region[64]. */
int store_agency_region(store_t *s, int64_t agency_id, char region[64], err *e);
/* The calendar an agency counts on: store_calendar_region of its region. */
int store_calendar_for(store_t *s, int64_t agency_id, struct cal_t **out, err *e);

/* Importing a year's facts and re-dating what is open, in ONE transaction:
 * the facts (TSV lines as cal_dump_tsv writes them, already checked by the
 * caller with cal_load_tsv) are kept for `region` ("" national), an audit
 * entry records the import, then for every agency that counts on that
 * calendar (all of them for the national one; those whose region is
 * `region` otherwise) every open application is handed to `redate` with the
 * agency's calendar after the import. redate (the domain) recomputes the
 * application in place, writes the history line into `summary` and returns
 * 1 when its deadlines changed, 0 when not, a negative GK_* on error. Each
 * changed application is saved (store_app_save: event "redate", dated
 * `today`, its history and audit entry) and listed in *out, earliest new
 * deadline first. Any error rolls everything back: nothing is kept. *out is
 * malloc'ed (free it), also when *n is 0. */
struct app;
struct store_redated {
    int64_t agency_id, app_id;
    char agency[64];          /* agency code */
    char no[24];
    gk_day due_before, due_after;        /* next deadline */
    gk_day reply_before, reply_after;    /* reply deadline */
    bool provisional;                    /* still counted over a provisional year */
};
typedef int (*store_redate_fn)(void *arg, struct cal_t *cal, struct app *a, buf *summary,
                               bool *provisional, err *e);
int store_calendar_import(store_t *s, const char *region, const char *tsv, size_t tsv_len,
                          const char *source, const char *actor, gk_day today,
                          store_redate_fn redate, void *arg, struct store_redated **out,
                          size_t *n, err *e);

/* ---- settings per agency (0 = the deployment's defaults) ---- */
int store_setting_get(store_t *s, int64_t agency_id, const char *key, buf *out, err *e);
int store_setting_set(store_t *s, int64_t agency_id, const char *key, const char *value, err *e);
/* A security policy setting (key: one of web_policy_keys, a plain name)
 * changed to value, with its audit row entity "security", action "policy"
 * (before: the value in force, def when unset), in one transaction. */
int store_policy_set(store_t *s, int64_t agency_id, const char *key, int64_t value, int64_t def, const char *actor,
                     err *e);
/* Sets key to value only when it has no value yet, then reads what is kept
 * into out (buf_init'ed by the caller; free it): when several processes
 * start at once (web nodes), all end up with the first one's value. */
int store_setting_init(store_t *s, int64_t agency_id, const char *key, const char *value, buf *out, err *e);

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

/* A number that changes whenever another connection has committed a change
 * (SQLite's data_version); the web's page cache uses it. 0 when the backend
 * cannot say. */
int64_t store_data_version(store_t *s);

/* ==== portal publications (the web portal's annual reports) ================
 * The report of a year as the agency published it on its portal (the JSON
 * of report/ at the moment of sign-off, so that later corrections to the
 * records do not change what the public read), and the narrative sections
 * staff write around the tables. report/schedule.h decides when a report may
 * be signed off and published; these functions keep it, each in one
 * transaction with its entry in the audit trail (entity "report", the year). */
struct store_report_pub {
    int64_t agency_id;
    int year;
    char *narrative_json;     /* the draft: {"overview": "...", "problems": "...", "other": "..."} */
    char *correction_note;    /* the draft's 更正说明 ("" when none) */
    char *report_json;        /* the current published version; NULL until published */
    char published_at[32], published_by[128];
    char updated_at[32], updated_by[128];
    int version;              /* the current published version; 0 = never published */
    char *signed_json;        /* the signed report JSON; NULL when the draft is not signed off */
    char signed_at[32], signed_by[128], signed_role[32];
};
/* Saves the draft (narrative and 更正说明, NULL note = ""); clears any
 * sign-off, since what was signed changed. Audit: "draft_saved". */
int store_report_save(store_t *s, int64_t agency_id, int year, const char *narrative_json,
                      const char *correction_note, const char *actor, err *e);
/* Signs off the draft: keeps report_json (computed now), the draft's
 * narrative and 更正说明 as signed, with who and in what role. Creates the
 * draft when none was saved. Audit: "signed_off". */
int store_report_sign(store_t *s, int64_t agency_id, int year, const char *report_json, const char *actor,
                      const char *role, err *e);
/* Publishes what was signed as the next version (1, 2, ...): the public sees
 * it from now on; the sign-off and the draft's note are cleared. GK_ESTATE
 * when nothing is signed. Audit: "published" (version 1) or "corrected". */
int store_report_publish(store_t *s, int64_t agency_id, int year, const char *actor, err *e);
/* GK_ENOTFOUND when nothing was saved for the year. */
int store_report_get(store_t *s, int64_t agency_id, int year, struct store_report_pub *out, err *e);
void store_report_pub_clear(struct store_report_pub *p);
/* Years with a published report, newest first; *out is malloc'ed. */
int store_report_years(store_t *s, int64_t agency_id, int **out, size_t *n, err *e);
/* One published version of a year's report. */
struct store_report_version {
    int version;
    char *report_json, *narrative_json;
    char *correction_note;    /* "" for the first version */
    char signed_at[32], signed_by[128], signed_role[32];
    char published_at[32], published_by[128];
};
/* The published versions of a year, newest (the public one) first; *out is
 * malloc'ed: free with store_report_versions_free. *n = 0 when never published. */
int store_report_versions(store_t *s, int64_t agency_id, int year, struct store_report_version **out,
                          size_t *n, err *e);
void store_report_versions_free(struct store_report_version *v, size_t n);
/* The agency's kind for the deadline of Art. 49: "department" or
 * "government" (report/schedule.h decides which are valid). */
int store_agency_kind(store_t *s, int64_t agency_id, char out[16], err *e);
int store_agency_set_kind(store_t *s, int64_t agency_id, const char *kind, const char *actor, err *e);
/* How many published documents each Art. 20 item (column "item") or topic
 * category (column "category") holds: fn(key, count) per non-empty key. */
int store_doc_counts(store_t *s, int64_t agency_id, const char *column,
                     int (*fn)(const char *key, int64_t n, void *), void *arg, err *e);
/* ======================================================================
 * applications (依申请公开): the register. The domain (src/disclosure/)
 * decides every step; these functions keep what it decided, each change in
 * one transaction with its step in the application's history and an entry
 * in the audit trail (personal data left out of the audit).
 * ====================================================================== */
#include "disclosure/disclosure.h"

/* Registers a checked application (app_register): assigns its number (per
 * agency and receipt year), a public tracking code and its id. */
int store_app_add(store_t *s, struct app *a, const char *actor, err *e);
/* store_app_add for a form carrying a one-time token (a hidden field issued
 * with the form; NULL or "" = none): the token and the new application are
 * kept in the same transaction. When the token was consumed before (the same
 * form submitted again), nothing is added: *a becomes the application that
 * submission created and *again is set. */
int store_app_add_once(store_t *s, struct app *a, const char *actor, const char *form_token, bool *again,
                       err *e);
/* Keeps token -> (kind, record_id) for a record just created, inside the
 * caller's transaction (store_begin ... store_commit around the creation), so
 * that both are kept or neither. GK_EINVAL when the token was used before. */
int store_form_token_put(store_t *s, int64_t agency_id, const char *token, const char *kind, int64_t record_id,
                         err *e);
/* What a consumed form token created in the agency: kind ("application")
 * and the record's id; GK_ENOTFOUND when the token was never used. */
int store_form_token_get(store_t *s, int64_t agency_id, const char *token, char kind[32], int64_t *record_id,
                         err *e);
/* ---- idempotency keys of the JSON API (migration 013; web/idem.c) ---- */
/* A committed API write and its first answer, under (scope, key). */
struct store_idem {
    char method[8];
    char path[512];
    char request_hash[65];    /* of method, path and body */
    int status;
    char location[512];
    char ctype[64];
    char *body;               /* malloc'ed by store_idem_get; store_idem_free */
};
/* The answer kept under (scope, key); GK_ENOTFOUND when none was committed. */
int store_idem_get(store_t *s, const char *scope, const char *key, struct store_idem *out, err *e);
/* Keeps (scope, key) -> in, inside the caller's transaction around the write,
 * so both are kept or neither; GK_EINVAL when the key was taken meanwhile. */
int store_idem_put(store_t *s, int64_t agency_id, const char *scope, const char *key, const struct store_idem *in,
                   err *e);
void store_idem_free(struct store_idem *x);

/* One application by its number ("2024-00012") or its id as text. */
int store_app_get(store_t *s, int64_t agency_id, const char *no, struct app *out, err *e);
/* Saves a step: after must come from app_step on a copy of before. Refused
 * (GK_ESTATE) when someone changed the application since before was read.
 * event is the app_events[] code, summary the history line. after->version
 * is bumped. */
int store_app_save(store_t *s, const struct app *before, struct app *after, const char *actor,
                   const char *event, gk_day on, const char *summary, err *e);

/* store_app_save with a file proving a delivery (送达, APP_EV_DELIVER), kept
 * in the same transaction (one per application). proof may be NULL; its
 * pointers are borrowed for the call. */
struct store_proof {
    const char *name, *ctype;
    const void *data;
    size_t len;
};
int store_app_save_proof(store_t *s, const struct app *before, struct app *after, const char *actor,
                         const char *event, gk_day on, const char *summary, const struct store_proof *proof, err *e);
/* The proof file of an application's delivery; out->data is the caller's to
 * buf_free. GK_ENOTFOUND when none was kept. */
struct store_proof_file {
    char name[256], ctype[128];
    buf data;
};
int store_app_proof(store_t *s, int64_t agency_id, int64_t app_id, struct store_proof_file *out, err *e);

/* ---- the e-mail outbox (migration 022; store/mail.c, src/mail/) ----
 * A step that owes a mail (register: the applicant's receipt and staff's
 * notice; supplement_request; answer) writes an outbox row in its own
 * transaction when the agency has mail.host set (the applicant's only when
 * there is an address, staff's only when mail.staff_to is set). Senders
 * claim a row under a lease, then mark it sent or failed (queued again
 * with the error and the time of the next try). Nothing is deleted. */
extern const char *const store_mail_kinds[];   /* receipt, supplement, reply, staff_new, staff_due; NULL-ended */
struct store_mail {
    int64_t id, agency_id, app_id;
    char kind[16], ref[32], state[16];          /* state: queued, sending, sent */
    int attempts;
    int64_t next_at;                            /* epoch seconds */
    char last_error[512], subject[512], message_id[160], created_at[32], sent_at[32];
};
/* Adds a row unless (agency, kind, app, ref) has one; *added (may be NULL)
 * says whether it did. */
int store_mail_enqueue(store_t *s, int64_t agency_id, const char *kind, int64_t app_id, const char *ref, int64_t now,
                       bool *added, err *e);
/* Takes the next row due at now (or left by a sender whose lease ran out)
 * and holds it for lease_s seconds: 1 and *out, 0 when none is due. */
int store_mail_claim(store_t *s, int64_t now, int lease_s, struct store_mail *out, err *e);
int store_mail_sent(store_t *s, int64_t id, const char *subject, const char *message_id, err *e);
/* Back to the queue: one more attempt, the error, not before next_at. */
int store_mail_failed(store_t *s, int64_t id, const char *why, int64_t next_at, const char *subject,
                      const char *message_id, err *e);
/* Every queued row of the agency due now (after the server came back); *n rows. */
int store_mail_retry_now(store_t *s, int64_t agency_id, int64_t now, int64_t *n, err *e);
/* Newest first; pending_only: not sent yet. fn returns non-zero to stop. */
int store_mail_list(store_t *s, int64_t agency_id, bool pending_only, int limit,
                    int (*fn)(const struct store_mail *, void *), void *arg, err *e);
int store_mail_counts(store_t *s, int64_t agency_id, int64_t *queued, int64_t *failing, int64_t *sent, err *e);
/* The agencies that send mail (mail.host set for them or the deployment);
 * *ids malloc'ed. */
int store_mail_agencies(store_t *s, int64_t **ids, size_t *n, err *e);

/* The history of one application, oldest first. */
struct store_app_step {
    int64_t id;
    char event[32], on_date[11], actor[128], recorded_at[32];
    const char *summary;     /* valid during the callback */
};
int store_app_steps(store_t *s, int64_t app_id, int (*fn)(const struct store_app_step *, void *),
                    void *arg, err *e);

/* Intake of an online application under limits (issue 11). A limit allows
 * at most max rate events of kind/key in the last window_s seconds; an
 * empty key is not limited (e.g. no ID number given). */
struct store_limit {
    const char *kind, *key;
    int64_t window_s, max;
};
struct store_intake {
    const struct store_limit *limits;  /* borrowed for the call */
    int nlimits;
    int64_t now;                       /* epoch seconds */
    int64_t surge_max;                 /* platform-wide per hour; 0 = no brake */
    const char *form_token;            /* the form's one-time token, or NULL (store_app_add_once) */
    bool again;                        /* out: the token was used before; *a is that application */
    int refused;                       /* out: -1, or the index of the full limit (nothing written) */
    int64_t retry_at;                  /* out: when that limit has room again (epoch seconds) */
    bool surge;                        /* out: registered and marked 'surge' for staff to confirm */
};
/* Registers like store_app_add, with the limits checked and counted and the
 * surge mark set in the same transaction as the insert, so concurrent
 * requests cannot pass a full limit (SQLite: BEGIN IMMEDIATE; PostgreSQL:
 * the agency row is locked). A refusal returns 0 with in->refused >= 0. A
 * surge never refuses: the application is registered and marked. */
int store_app_intake(store_t *s, struct app *a, const char *actor, struct store_intake *in, err *e);
/* Staff's verdict on an application's intake: "genuine" or "spam", with a
 * reason (required), and the audit entry "intake" (before, after with the
 * reason), in one transaction. Spam is counted nowhere in table 三, the due
 * list or fees by count. */
int store_app_intake_set(store_t *s, int64_t agency_id, const char *no, const char *verdict, const char *reason,
                         const char *actor, err *e);
/* Applications whose intake is `intake` ("surge", "genuine", "spam"; "" =
 * any of them), newest first; fn gets the row, its intake and reason (valid
 * during the call) and returns non-zero to stop. */
int store_app_intake_list(store_t *s, int64_t agency_id, const char *intake, int limit,
                          int (*fn)(const struct app *, const char *intake, const char *reason, void *), void *arg,
                          err *e);

struct store_app_filter {
    int64_t agency_id;
    int state;               /* enum app_state, 0 = all */
    bool open_only;
    int year;                /* year of receipt, 0 = all */
    int kind;                /* enum rpt_col, -1 = all */
    const char *since, *until;  /* received on or after / on or before, YYYY-MM-DD; NULL = open */
    int limit, offset;       /* limit 0 = 100 */
    bool undelivered;        /* answered, the reply not yet served (送达) */
};
/* Applications newest first; fn returns non-zero to stop. */
int store_app_list(store_t *s, const struct store_app_filter *f, int (*fn)(const struct app *, void *),
                   void *arg, err *e);
/* Open applications whose next deadline is on or before `until`, most
 * urgent first (earliest deadline). */
int store_app_due(store_t *s, int64_t agency_id, gk_day until, int (*fn)(const struct app *, void *),
                  void *arg, err *e);
/* Open applications re-dated by a calendar import (a "redate" step) on or
 * after `since`, earliest deadline first: the console lists them. */
int store_app_redated(store_t *s, int64_t agency_id, gk_day since, int (*fn)(const struct app *, void *),
                      void *arg, err *e);
/* The rank of this application among its applicant's applications received
 * in the same calendar month (by ID number, else name and phone): for fees by
 * count. */
int store_app_nth_in_month(store_t *s, const struct app *a, int *nth, err *e);

/* The public follow-up: tracking code and phone number; only the state and
 * the deadlines come back, never personal data. GK_ENOTFOUND when the code
 * and phone do not match (without saying which). */
struct store_app_public {
    int state;               /* enum app_state */
    gk_day received, reply_due, concluded;
    int64_t agency_id;       /* the agency that holds it */
    int dl_how;              /* enum app_delivery the reply was served by, 0 = not yet */
    gk_day delivered;
    char no[24];             /* to read the application (store_app_get) for its own letter */
};
int store_app_public_status(store_t *s, const char *tracking, const char *phone,
                            struct store_app_public *out, err *e);

/* Table 三 of `year`: one GROUP BY pass; calls fn per (kind, outcome) row
 * (see struct app_tally in disclosure.h for what each count means). */
int store_app_tally(store_t *s, int64_t agency_id, int year,
                    int (*fn)(const struct app_tally *, void *), void *arg, err *e);
/* Tables 三 and 四 of `year` into r: both tallies, mapped through the
 * outcome taxonomy (app_report_*, app_cases_*); sets year and layout. */
int store_app_report(store_t *s, int64_t agency_id, int year, rpt *r, err *e);
/* The dates of every application of the agency received or concluded in
 * `year` (spam aside), for the public statistics (report/stats.h; stats.c):
 * no personal field. fn's pointer lives for the call. */
struct rpt_stats_app;
int store_app_times(store_t *s, int64_t agency_id, int year,
                    int (*fn)(const struct rpt_stats_app *, void *), void *arg, err *e);
/* Repeated requests (Art. 44; disclosure/repeat.h, stats.c): the newest
 * `limit` applications received on or after `since` (spam aside) with what
 * grouping needs: the request, the keyed hash of who applied (never a
 * personal field), the outcome ("" while open) and the draft document the
 * application is linked to (0 = none), and what its issued reply released
 * (released: "doc:ID" for each registered document cited, "file:SHA256" for
 * each file, comma-separated; "" when nothing or not yet answered through
 * the chain). The row's pointers live for the call. */
struct store_repeat_row {
    int64_t id;
    const char *app_no, *request, *who, *outcome;
    gk_day received;
    int64_t doc_id;
    const char *released;
};
int store_repeat_rows(store_t *s, int64_t agency_id, gk_day since, int limit,
                      int (*fn)(const struct store_repeat_row *, void *), void *arg, err *e);
/* Publishing what several applicants asked for: adds the draft d (its id
 * set; store_doc_add) and links each application to it, with the audit entry
 * "art44_proposed", in one transaction. GK_ENOTFOUND for an application not
 * of the agency, GK_ESTATE for one already linked; nothing is kept then. */
struct doc;
int store_repeat_publish(store_t *s, int64_t agency_id, const int64_t *app_ids, size_t n, struct doc *d,
                         const char *actor, err *e);
/* One plain aggregate pass (SELECT kind, outcome, COUNT(*) ... GROUP BY):
 * the floor the report computation is measured against. */
int store_app_count_groups(store_t *s, int64_t agency_id, int64_t *groups, int64_t *rows, err *e);
/* Bulk load (benchmarks, imports): rows from next() until it returns 1,
 * in one transaction, numbered like store_app_add, with one audit entry for
 * the whole load. next returns 0 = a row is ready, 1 = done, <0 = error. */
int store_app_bulk(store_t *s, int64_t agency_id, int (*next)(struct app *, void *), void *arg,
                   const char *actor, int64_t *count, err *e);

/* ---- the handling chain (issue 18; migration 025; src/store/chain.c) ----
 * The domain (disclosure/chain.h) decides each step on a copy; the store
 * keeps it with its history line (app_step, event = the action's code) and
 * its audit row in one transaction. store_app_save refuses an "answer"
 * unless the chain holds an approved draft of that very reply
 * (app_chain_issue, inside the answer's transaction), and marks it issued. */
#include "disclosure/chain.h"
/* The application's chain; state APP_CH_NONE (version 0) when never assigned. */
int store_chain_get(store_t *s, const struct app *a, struct app_chain *out, err *e);
/* A file a draft releases. In: name, data, len (borrowed for the call).
 * Out (store_chain_files): name, sha256, len, and data when asked. */
struct store_chain_file {
    char name[256];
    char sha256[65];
    const void *data;
    size_t len;
};
/* Saves a step: after comes from app_chain_step on a copy of before
 * (store_chain_get). A draft's files (at most APP_CHAIN_MAX_FILES, each at
 * most APP_CHAIN_FILE_MAX_MB MiB, a plain name) replace those of earlier
 * drafts. GK_ESTATE when someone changed the chain since before was read. */
int store_chain_save(store_t *s, const struct app *a, const struct app_chain *before, struct app_chain *after,
                     const char *actor, int action, const char *summary, const struct store_chain_file *files,
                     size_t nfiles, err *e);
/* The files of the application's latest draft, oldest first; *out is
 * malloc'ed, with each data when with_data: free with store_chain_files_free. */
int store_chain_files(store_t *s, const struct app *a, bool with_data, struct store_chain_file **out, size_t *n,
                      err *e);
void store_chain_files_free(struct store_chain_file *f, size_t n);
/* One row of a queue: the chain and what the dashboard shows of the
 * application (pointers valid during the callback). */
struct store_chain_item {
    const struct app_chain *chain;
    char app_no[24];
    char request[LIM_BYTES(LIM_APP_REQUEST)];
    gk_day due;                /* the application's next deadline, 0 when none */
};
/* Chains of the agency in `state`, of one handler (NULL: anyone's), the
 * nearest deadline first; fn returns non-zero to stop. */
int store_chain_queue(store_t *s, int64_t agency_id, int state, const char *handler,
                      int (*fn)(const struct store_chain_item *, void *), void *arg, err *e);

/* ======================================================================
 * review cases: administrative review and litigation arising from
 * applications (report table 四).
 * ====================================================================== */
int store_case_add(store_t *s, struct app_case *c, const char *actor, err *e);
int store_case_get(store_t *s, int64_t agency_id, int64_t id, struct app_case *out, err *e);
/* Saves a closed case (app_case_close on a copy of before). */
int store_case_save(store_t *s, const struct app_case *before, const struct app_case *after,
                    const char *actor, err *e);
/* Cases filed in `year` (0 = all), newest first. */
int store_case_list(store_t *s, int64_t agency_id, int year, int (*fn)(const struct app_case *, void *),
                    void *arg, err *e);
/* Table 四 of `year`: cases filed in the year by kind and result as of 31 December. */
int store_case_tally(store_t *s, int64_t agency_id, int year,
                     int (*fn)(const struct app_case_tally *, void *), void *arg, err *e);
/* ==== documents (主动公开) ================================================
 * The catalogue of an agency's proactive disclosure and its review workflow.
 * What is allowed is decided by src/publish/ (the transition table, the
 * checks, screening and masking); these functions load, ask publish/, and
 * persist the outcome with its audit entry, each in one transaction. Types
 * come from publish/publish.h and report/report.h. */
/* ---- the register of documents and their disclosure attribute (issue 18;
 * migration 026; src/store/doc_register.c). publish/attr.h decides; a
 * document registered other than 主动公开, or with a change under review,
 * is never published (the publish step refuses it). Staff only. */
#include "publish/attr.h"
/* Adds a checked registration (doc_reg_check): r->id is set; a doc_id must
 * be a document of the agency not registered before. Audit: "register". */
int store_doc_reg_add(store_t *s, struct doc_reg *r, const char *actor, err *e);
int store_doc_reg_get(store_t *s, int64_t agency_id, int64_t id, struct doc_reg *out, err *e);
/* What doc_reg_step needs to know: whether the linked document is published. */
int store_doc_reg_facts(store_t *s, const struct doc_reg *r, bool *published, err *e);
/* Saves a step (doc_reg_step on a copy of before), with its audit row. */
int store_doc_reg_save(store_t *s, const struct doc_reg *before, struct doc_reg *after, const char *actor,
                       int action, err *e);
/* The register (attr 0: every attribute), oldest first; fn returns non-zero to stop. */
int store_doc_reg_list(store_t *s, int64_t agency_id, int attr, int (*fn)(const struct doc_reg *, void *), void *arg,
                       err *e);
/* How many registered documents of each attribute (counts[enum doc_attr]). */
int store_doc_reg_counts(store_t *s, int64_t agency_id, int64_t counts[DOC_NATTRS + 1], err *e);
/* The registered documents the application's reply cites, as the reply
 * letter names them (app_chain_cite): "《title》（文号）、…" appended to out. */
int store_chain_cites(store_t *s, const struct app *a, buf *out, err *e);
struct doc;
struct doc_import;
struct doc_import_row;
typedef struct doc_words doc_words;
struct rpt;

/* Adds a document as it stands: a draft (state DOC_DRAFT), or — for
 * imports — published, with its index number (generated when empty). The
 * body of a recipient list is masked first; the text is screened with the
 * agency's word list. Fills d->id (and d->index_no). Audit: "add". */
int store_doc_add(store_t *s, struct doc *d, const char *actor, err *e);
/* Loads a document of the agency (agency_id 0: any agency). */
int store_doc_get(store_t *s, int64_t agency_id, int64_t id, struct doc *out, err *e);
/* Finds a document by index number or 文号 (any written form); 0 in *id when none. */
int store_doc_find(store_t *s, int64_t agency_id, const char *ref, int64_t *id, err *e);

/* One workflow step on a document (see enum doc_action). */
struct store_doc_step {
    int action;               /* enum doc_action */
    int role;                 /* enum doc_role the actor acts in */
    const char *actor;
    const char *comment;      /* NULL or "" = none; required to return */
    int64_t hit_id;           /* clear: the screening hit */
    gk_day date;              /* publish: publication date; repeal/expire: the date
                                 (DOC_NODAY = today for publish) */
    unsigned channels;        /* publish: 1u << doc_channel (0 = the website) */
    int64_t by_id;            /* repeal: the repealing document in this store, or 0 */
    const char *by_docno;     /* repeal: its 文号 when it is not in the store */
    const char *const *confirm; /* publish: attachments gongkai could not read or mask */
    int nconfirm;             /*   that the actor confirms by name, kept in the audit trail */
    const struct doc *edit;   /* edit: the new fields (title, docno, issuer, written,
                                 category, genre, item, interprets, expires_on,
                                 recipient_list, body) */
};
struct store_doc_outcome {
    int from, to;             /* enum doc_state */
    int hits_open;            /* screening hits still open after the step */
    int hits_found;           /* hits the step's screening found (submit, edit) */
    char index_no[128];       /* publish: the index number given */
    int64_t created;          /* correct: the correction draft made; publish of a
                                 correction: the document it corrected */
};
/* Takes one step: GK_ESTATE with the reason when publish/ refuses it,
 * GK_EINVAL for bad input, GK_ENOTFOUND for no such document or hit. */
int store_doc_step(store_t *s, int64_t agency_id, int64_t id, const struct store_doc_step *st,
                   struct store_doc_outcome *out, err *e);

/* Screening hits of a document, in order of source and offset: open ones,
 * cleared ones (with who and why) and fixed ones (no longer in the text). */
struct store_doc_hit {
    int64_t id;
    char source[256];         /* "body" or an attachment's name */
    int kind;                 /* enum doc_hit_kind */
    int64_t byte_off, char_off;
    char found[128], excerpt[384];
    bool cleared, fixed;
    char cleared_by[128], cleared_at[32], note[512];
};
int store_doc_hits(store_t *s, int64_t doc_id, struct store_doc_hit **out, size_t *n, err *e);

/* Comments along the review, oldest first. */
struct store_doc_comment { int64_t id; char at[32], actor[128], role[32], action[32]; char *text; };
int store_doc_comments(store_t *s, int64_t doc_id,
                       int (*fn)(const struct store_doc_comment *, void *), void *arg, err *e);

/* Attachments: the content is stored once per SHA-256. Its text is read
 * whatever the format (src/files/files.h; a damaged file or a zip bomb is
 * refused, nothing stored) and screened; an attachment of a recipient list is
 * stored as gongkai's masked copy (.xlsx, .docx, .csv, .txt). text_state is
 * "read", "masked", "unmasked" (a recipient list in a format gongkai cannot
 * mask) or "unread"; the last two are published only once a reviewer
 * confirms them by name (store_doc_step publish, confirm[]). */
struct store_doc_attachment {
    int64_t id;
    char name[256], sha256[65], added_at[32], added_by[128];
    int64_t size;
    char kind[16], text_state[16], text_note[256];   /* files_kind_key, files_state_key */
    char confirmed_by[128], confirmed_at[32];         /* "" until confirmed */
};
int store_doc_attach(store_t *s, int64_t agency_id, int64_t doc_id, const char *name, const void *data,
                     size_t n, const char *actor, err *e);
/* The limits on a document an agency sets (its setting, else the deployment's,
 * else the default): the body in characters (doc.body_max_chars, default
 * DOC_BODY_MAX_CHARS) and an attachment in bytes (doc.attachment_max_mb, default
 * DOC_ATTACHMENT_MAX_MB MiB). Every add, edit, import and attach checks them. */
int store_doc_body_max(store_t *s, int64_t agency_id, int64_t *out, err *e);
int store_doc_attachment_max(store_t *s, int64_t agency_id, size_t *out, err *e);
int store_doc_attachments(store_t *s, int64_t doc_id, struct store_doc_attachment **out, size_t *n, err *e);
/* The content of an attachment (by its hash). */
int store_doc_blob(store_t *s, const char *sha256, buf *out, err *e);

/* Documents of an agency, newest first (by publication, then by id); the
 * body is not loaded (NULL). */
struct store_doc_filter {
    int64_t agency_id;
    int state;                /* enum doc_state, or -1 for all */
    int year;                 /* year written, 0 = all */
    int64_t interprets;       /* only the interpretations of this policy, 0 = all */
    int64_t corrects;         /* only the correction drafts of this document, 0 = all */
    const char *category;     /* 主题分类, exactly; NULL or "" = all */
    const char *author;       /* the drafter's login, exactly; NULL or "" = all */
    const char *q;            /* words in the title, 文号, 索引号 or body (a substring,
                                 LIKE with % and _ taken literally); NULL or "" = all */
    int limit, offset;        /* limit 0 = 100 */
};
int store_doc_list(store_t *s, const struct store_doc_filter *f,
                   int (*fn)(const struct doc *, void *), void *arg, err *e);

/* Earlier versions of a corrected document (更正), oldest first: version 1
 * is the text first published; each correction published keeps the text it
 * replaced. The strings live until fn returns. */
struct store_doc_version {
    int64_t version;
    char title[1024], docno[192], issuer[256], written[11], published[11], corrected_on[11];
    char replaced_on[32], replaced_by[128];
    char *body, *correction_note;
    char *attachments;        /* JSON [{"name", "sha256", "size"}] */
};
int store_doc_versions(store_t *s, int64_t doc_id, int (*fn)(const struct store_doc_version *, void *), void *arg,
                       err *e);

/* Imports checked rows (publish/'s doc_import_parse) all or none, in one
 * transaction: index numbers given must be free, interpretations must find
 * their policy (in the file or the store); each problem is added to im's
 * errors with its line and GK_EINVAL returned with nothing written. Rows
 * are screened (hits are recorded for staff to see; imported published
 * documents are not held back). *nhits gets the number of hits found. */
int store_doc_import(store_t *s, int64_t agency_id, struct doc_import *im, const char *actor,
                     int *nhits, err *e);
/* The same as a stream, for a file read row by row (publish/'s
 * doc_import_read with a sink): begin opens the transaction and checks the
 * index numbers the file gives (im->given); add writes one checked row
 * (keeping only its id; the caller frees the row); end links the
 * interpretations to their policies and commits when keep is set (false:
 * the reading failed) and im holds no error, else rolls back (GK_EINVAL, the problems in im's errors, in line order):
 * all or nothing. A row that cannot be written is added to im's errors and
 * add returns GK_EINVAL: stop reading and call end. end frees x in every
 * case; im must live until then. Memory: a few bytes per row (its id). */
typedef struct store_doc_importer store_doc_importer;
struct store_doc_import_result { size_t count; int64_t first, last; int hits; };
int store_doc_import_begin(store_t *s, int64_t agency_id, const char *actor, struct doc_import *im,
                           store_doc_importer **x, err *e);
int store_doc_import_add(store_doc_importer *x, struct doc_import_row *r, err *e);
int store_doc_import_end(store_doc_importer *x, bool keep, struct store_doc_import_result *res, err *e);

/* The sensitive-word list screening uses for an agency: its own (setting
 * "publish.sensitive_words") or the default gongkai ships. */
int store_doc_words(store_t *s, int64_t agency_id, doc_words **out, err *e);
int store_doc_words_text(store_t *s, int64_t agency_id, buf *out, bool *is_default, err *e);
/* Replaces the agency's list (checked first); NULL restores the default. */
int store_doc_words_set(store_t *s, int64_t agency_id, const char *text, const char *actor, err *e);

/* Yearly figures of table 二 that do not come from documents, by report key
 * "group.field": licensing.decisions, penalty.decisions,
 * compulsion.decisions, fees.amount_10k_yuan, and the 2019 layout's
 * *.items_last_year, *.items_change, other_services.decisions,
 * procurement.items, procurement.amount_10k_yuan. */
int store_doc_stat_set(store_t *s, int64_t agency_id, int year, const char *key, double value,
                       const char *actor, err *e);
/* GK_ENOTFOUND when the figure was never entered. */
int store_doc_stat_get(store_t *s, int64_t agency_id, int year, const char *key, double *value, err *e);

/* Table 二 of the agency's report for `year`, in r's layout (when r->layout
 * is unknown: 2021 from 2021 on, 2019 for 2019–2020, 2008 before):
 *   2021: rules/normative issued (written that year), repealed (ceased to be
 *         in force that year: repealed, or past their last day), in force at
 *         year end; the entered figures.
 *   2019: rules/normative made (written), published, public total (published
 *         by year end and in force); the entered figures.
 *   2008: legacy proactive.total (documents published that year, each once),
 *         .website/.gazette/.weibo/.wechat/.other, .normative (published) and
 *         .normative_issued (written).
 * Only published documents count; a withdrawn one (撤回) does not count at
 * all, in the year it was published or any other (it is as if it had not
 * been published); a 公示 whose period ended counts as published in its
 * year but not in the year-end public total. Figures never entered stay null. */
int store_doc_table2(store_t *s, int64_t agency_id, int year, struct rpt *r, err *e);

/* Full-text search over published documents (title, 文号 in every written
 * form, body), with filters; results by relevance or date, the exact total,
 * and snippets with the terms marked. Query syntax: search/search.h (terms
 * are ANDed, each matched as a substring after folding); an empty query
 * lists the documents the filters select, newest first. GK_EINVAL for a
 * query search/ refuses. */
struct store_doc_query {
    int64_t agency_id;        /* 0 = every agency */
    const char *text;         /* the query as typed */
    int year;                 /* year published, 0 = any */
    const char *category;     /* canonical names, NULL = any */
    const char *genre;
    const char *issuer;       /* issuing body, exact */
    int item;                 /* Art. 20 item, 0 = any */
    int validity;             /* enum doc_validity (today), -1 = any */
    bool by_date;             /* newest first instead of by relevance */
    int limit, offset;        /* limit 0 = 20, at most 1000 */
    int relevance_pool;       /* 0 = STORE_RELEVANCE_POOL (see below) */
};
/* By relevance, a search that finds more documents than the pool ranks the
 * most recently added `pool` of them (PostgreSQL: the hits among the `pool`
 * most recently added candidates of its index), and lists the others after
 * them, most recently added first (so paging shows each hit once). On 1,000,000 documents ranking every hit of 关于
 * took 673 ms, the pool 18 ms; BM25 still walks a phrase's hits once for
 * its weight (最低生活保障: 64 ms). The total stays exact. */
#define STORE_RELEVANCE_POOL 2000
struct store_doc_result {
    int64_t id;
    char title[1024], docno[192], published[11], index_no[128];
    char *snippet;            /* HTML (escaped) with the terms in <mark>; malloc'ed */
    int validity;             /* enum doc_validity today: 现行有效 / 已废止 / 已失效 */
};
/* Every page is a slice of one order, whatever the sort and the total:
 * by date newest first; by relevance BM25 weighed by the kind of document
 * (doc_rank_weight: policies and interpretations above routine statistics),
 * and past the pool (above) the hits outside it newest first. The terms are
 * widened by the agency's synonym dictionary (store_synonyms). */
int store_doc_search(store_t *s, const struct store_doc_query *q, struct store_doc_result **out,
                     size_t *n, int64_t *total, err *e);
void store_doc_results_free(struct store_doc_result *r, size_t n);
/* How a search is answered (docs/operations.md §19), as store_doc_search
 * chose for q: the rarest term by the counts of frequent strings drives it;
 * its total is read from the counts (one term, no filter but the agency) or
 * counted; the candidates come from the index over the terms, or (SQLite, a
 * frequent term in one agency of many) from the agency's documents with the
 * terms checked as text; by relevance, more hits than the pool rank the
 * pool. store_doc_search_plan runs the search (first page) to tell. */
enum store_total_from { STORE_TOTAL_COUNTED = 1, STORE_TOTAL_PLATFORM, STORE_TOTAL_AGENCY };
enum store_access { STORE_ACCESS_INDEX = 1, STORE_ACCESS_SCAN };
struct store_search_plan {
    int total_from;           /* enum store_total_from */
    int access;               /* enum store_access */
    int driver;               /* the rarest term (in the order typed), -1 without text */
    int64_t driver_docs;      /* its documents in the search's scope, -1: fewer than the counts keep */
    bool exact_tokens;        /* PostgreSQL: the index alone decides (every form one token) */
    bool pooled;              /* by relevance: the pool ranked, the other hits after it */
};
int store_doc_search_plan(store_t *s, const struct store_doc_query *q, struct store_search_plan *out, err *e);
/* "Did you mean": for a query that finds nothing, the query with each term
 * that finds nothing alone replaced by the nearest string of the published
 * titles (search.h, search_suggester), when that query finds something.
 * *out is malloc'ed (caller frees), NULL when there is no suggestion. At most
 * STORE_SUGGEST_MAX_TITLES titles are read, the newest. */
#define STORE_SUGGEST_MAX_TITLES 50000
int store_doc_suggest(store_t *s, const struct store_doc_query *q, char **out, err *e);

/* Feeds (RSS, Atom, their JSON): the newest publications of an agency, or
 * (changes) its withdrawals, repeals and expiries, newest first, optionally
 * of one Art. 20 item or one category. Of a withdrawn document the title is
 * left empty: the public sees only its index number, 文号 and the date. */
#define STORE_FEED_MAX 100
struct store_feed_query {
    int64_t agency_id;
    bool changes;             /* withdrawals, repeals, expiries instead of publications */
    int item;                 /* 0 = every item */
    const char *category;     /* canonical; NULL = every category */
    int limit;                /* 0 = STORE_FEED_MAX, at most that */
};
struct store_feed_entry {
    int64_t id;
    char title[1024], docno[192], index_no[128], published[11], issuer[256], category[64];
    int item;
    char event[16];           /* published, withdrawn, repealed, expired */
    char on[11];              /* the day of the event */
    char updated[32];         /* the row's last change (ISO 8601) */
};
/* *out is malloc'ed (free), *n entries. */
int store_doc_feed(store_t *s, const struct store_feed_query *q, struct store_feed_entry **out, size_t *n, err *e);
/* Every document the public sees today, by id, for the sitemap (at most
 * STORE_SITEMAP_MAX, the sitemap protocol's limit per file); fn's non-zero
 * return stops the walk and is returned. */
#define STORE_SITEMAP_MAX 50000
int store_doc_public_ids(store_t *s, int64_t agency_id, int (*fn)(int64_t id, const char *published, void *arg),
                         void *arg, err *e);

/* The synonym and abbreviation dictionary searches use (search/search.h):
 * the agency's own (setting "search.synonyms"), else the deployment's
 * (agency 0), else the one gongkai ships. _set checks the text first
 * (GK_EINVAL naming the line) and records it in the audit trail; text NULL
 * goes back to the default. *out is freed with search_synonyms_free. */
typedef struct search_synonyms search_synonyms;
int store_synonyms(store_t *s, int64_t agency_id, search_synonyms **out, err *e);
int store_synonyms_text(store_t *s, int64_t agency_id, buf *out, bool *is_default, err *e);
int store_synonyms_set(store_t *s, int64_t agency_id, const char *text, const char *actor, err *e);

/* Frequent strings (search/search.h): the exact number of published
 * documents holding each string found in many of them, so that a one-term
 * search without filters reads its total instead of counting every hit.
 * Kept up to date as documents are published, changed or withdrawn; mined
 * afresh by store_doc_grams_rebuild (automatically while the index is small
 * and doubles, `gongkai doc reindex` beyond), for the platform and for each
 * agency, on SQLite and (migration 19) on PostgreSQL. */
struct store_gram_stats {
    int64_t version;          /* how often mined */
    int64_t docs;             /* documents indexed when mined */
    int64_t indexed;          /* documents indexed now */
    int64_t sampled;          /* documents of the sample mined */
    int64_t min_docs;         /* strings in fewer documents were not kept */
    int64_t grams;            /* strings kept */
    char mined_at[32];
    double seconds;           /* store_doc_grams_rebuild: how long it took */
    bool per_agency;          /* each agency's counts kept too (mined since migration 15) */
};
int store_doc_grams_rebuild(store_t *s, struct store_gram_stats *out, err *e);
/* The same, telling pg (base/progress.h; NULL: nobody) how far it got: the
 * sample and the count over every document ("取样", "计数"), then each
 * agency in turn ("按机关计数"), each in documents. */
struct gk_progress;
int store_doc_grams_rebuild_progress(store_t *s, const struct gk_progress *pg, struct store_gram_stats *out, err *e);
/* GK_ENOTFOUND when never mined. */
int store_doc_grams_info(store_t *s, struct store_gram_stats *out, err *e);

/* ---- talking with the public (src/engage, store/engage.c) ----------------
 * Three registers: messages (咨询、投诉、12345 work orders), suggestions and
 * proposals, public comment on drafts. Each add and each save writes the
 * record, one engage_step row and one audit row in one transaction; a save
 * whose `before` is no longer what is stored (someone else saved meanwhile:
 * the version moved) is refused with GK_ESTATE and nothing written. The audit
 * rows leave out personal data (names and contacts of askers, commenters,
 * deputies' contacts). Steps are listed oldest first. */
#include "engage/engage.h"
struct store_eng_step {
    char event[32];
    char on[11];
    char actor[64];
    char text[LIM_BYTES(ENG_TEXT)];
    char at[32];
};
int store_eng_steps(store_t *s, const char *reg, int64_t record_id,
                    int (*fn)(const struct store_eng_step *, void *), void *arg, err *e);

/* m->code is given a new follow-up code; m->id and m->version are set. A
 * second work order with the same source and order number in the agency is
 * refused (GK_ESTATE, where "order_no") — never registered twice. */
int store_msg_add(store_t *s, struct msg *m, const char *actor, err *e);
int store_msg_get(store_t *s, int64_t agency_id, int64_t id, struct msg *out, err *e);
/* By the public follow-up code, in any agency. */
int store_msg_by_code(store_t *s, const char *code, struct msg *out, err *e);
int store_msg_save(store_t *s, const struct msg *before, struct msg *after, const struct msg_step *st,
                   const char *actor, err *e);
struct store_msg_filter {
    int year;                 /* received in this year; 0 = any */
    bool open_only;           /* not yet answered */
    bool public_only;         /* what the public list shows (msg_is_public) */
    int limit, offset;        /* 0 = no limit */
};
int store_msg_list(store_t *s, int64_t agency_id, const struct store_msg_filter *f,
                   int (*fn)(const struct msg *, void *), void *arg, err *e);
int64_t store_msg_count(store_t *s, int64_t agency_id, const struct store_msg_filter *f, err *e);

int store_sug_add(store_t *s, struct sug *x, const char *actor, err *e);
int store_sug_get(store_t *s, int64_t agency_id, int64_t id, struct sug *out, err *e);
int store_sug_save(store_t *s, const struct sug *before, struct sug *after, const char *event,
                   const char *text, gk_day on, const char *actor, err *e);
/* The publish step: the reply's catalogue draft (sug_reply_doc, issued by
 * `issuer`; none when it has one) and the record, both or neither; after->doc_id
 * is set from the draft. */
int store_sug_publish(store_t *s, const struct sug *before, struct sug *after, const char *issuer, const char *text,
                      gk_day on, const char *actor, err *e);
int store_sug_list(store_t *s, int64_t agency_id, int year, bool published_only,
                   int (*fn)(const struct sug *, void *), void *arg, err *e);

int store_consult_add(store_t *s, struct consult *k, const char *actor, err *e);
int store_consult_get(store_t *s, int64_t agency_id, int64_t id, struct consult *out, err *e);
int store_consult_save(store_t *s, const struct consult *before, struct consult *after, const char *event,
                       const char *actor, err *e);
/* The consultation a document was put out for (draft) or came out of (final);
 * GK_ENOTFOUND when none. */
int store_consult_of_doc(store_t *s, int64_t agency_id, int64_t doc_id, struct consult *out, err *e);
int store_consult_list(store_t *s, int64_t agency_id, int year, int (*fn)(const struct consult *, void *),
                       void *arg, err *e);
int store_comment_add(store_t *s, struct comment *m, err *e);
int store_comment_save(store_t *s, const struct comment *before, struct comment *after, const char *event,
                       const char *actor, err *e);
int store_comment_get(store_t *s, int64_t agency_id, int64_t id, struct comment *out, err *e);
/* shown_only: what the public sees (moderated and shown). */
int store_comment_list(store_t *s, int64_t consult_id, bool shown_only, int (*fn)(const struct comment *, void *),
                       void *arg, err *e);

/* The year's counts of the three registers, for the report's narrative. */
int store_engage_year(store_t *s, int64_t agency_id, int year, struct engage_year *y, err *e);

/* ==== channels and archive copies (issue 18; src/store/channel.c) ==========
 * The agency's channels (publish/channel.h: kinds), the documents sent to
 * them (date, reference), and copy packages for the archive and the library
 * with their delivery. Each change is one transaction with its audit entry
 * (entities "channel", "channel_send", "archive_package"). */
struct store_channel {
    int64_t id;
    int kind;                 /* enum chan_kind */
    char name[256];
    char created_at[32];
    int64_t sends;            /* documents sent to it so far */
};
/* GK_ESTATE when the agency has a channel of that name; GK_EINVAL for an
 * empty or too long name (CHAN_NAME_MAX characters). */
int store_channel_add(store_t *s, int64_t agency_id, int kind, const char *name, const char *actor, int64_t *id,
                      err *e);
/* *out is malloc'ed (free it), in the order they were added. */
int store_channel_list(store_t *s, int64_t agency_id, struct store_channel **out, size_t *n, err *e);
int store_channel_get(store_t *s, int64_t agency_id, int64_t id, struct store_channel *out, err *e);
/* Records that a published document of the agency went to a channel on
 * `sent` (not before its publication) with its reference (the gazette's
 * issue, a newspaper's date and page, a post's address; CHAN_REF_MAX
 * characters). GK_ESTATE when the document is not published (or withdrawn)
 * or was sent to that channel already. */
int store_channel_send(store_t *s, int64_t agency_id, int64_t channel_id, int64_t doc_id, gk_day sent,
                       const char *reference, const char *actor, int64_t *id, err *e);
struct store_channel_sent {
    int64_t id, channel_id, doc_id;
    int kind;
    char channel[256], title[1024], docno[192], issuer[256], index_no[128];
    char written[11], published[11], sent[11], reference[512], sent_by[128];
};
struct store_send_filter {
    int64_t agency_id;
    int64_t channel_id, doc_id;   /* 0 = all */
    int year;                     /* year sent, 0 = all */
    const char *reference;        /* exact (a gazette issue), NULL = all */
};
/* Sends, oldest first. */
int store_channel_sends(store_t *s, const struct store_send_filter *f,
                        int (*fn)(const struct store_channel_sent *, void *), void *arg, err *e);
/* Documents (each once, not withdrawn) sent in `year` per kind of channel. */
int store_channel_counts(store_t *s, int64_t agency_id, int year, int64_t out[6], err *e);

/* A published document whose copy for a recipient is not delivered yet
 * (package_id: the newest undelivered package holding it, 0 = none). */
struct store_arch_pending {
    int64_t doc_id, package_id;
    char title[1024], published[11];
};
/* Published documents (not withdrawn) from `since` (YYYY-MM-DD; ""/NULL =
 * all) with no delivered copy for recipient (enum arch_recipient), oldest first. */
int store_archive_pending(store_t *s, int64_t agency_id, int recipient, const char *since,
                          int (*fn)(const struct store_arch_pending *, void *), void *arg, err *e);
/* A copy package of the documents (all published by the agency) for the
 * recipient; GK_ESTATE when there are none or one is not published. */
int store_archive_package_add(store_t *s, int64_t agency_id, int recipient, const int64_t *docs, size_t n,
                              const char *actor, int64_t *id, err *e);
struct store_arch_package {
    int64_t id, ndocs;
    int recipient;            /* enum arch_recipient */
    char created_at[32], created_by[128];
    char delivered[11];       /* "" until delivered */
    char receiver[256], reference[512], delivered_by[128];
};
/* Its delivery: on which day, who received it (required), the reference
 * (a receipt's number). GK_ESTATE when it was delivered already. */
int store_archive_deliver(store_t *s, int64_t agency_id, int64_t package_id, gk_day on, const char *receiver,
                          const char *reference, const char *actor, err *e);
int store_archive_package_get(store_t *s, int64_t agency_id, int64_t id, struct store_arch_package *out, err *e);
/* Newest first. */
int store_archive_packages(store_t *s, int64_t agency_id, int (*fn)(const struct store_arch_package *, void *),
                           void *arg, err *e);
/* The documents of a package, oldest first; *out is malloc'ed (free it). */
int store_archive_package_docs(store_t *s, int64_t agency_id, int64_t id, int64_t **out, size_t *n, err *e);

/* The facts of `year` section 一 is drafted from (report.h struct rpt_facts). */
struct rpt_facts;
int store_report_facts(store_t *s, int64_t agency_id, int year, struct rpt_facts *f, err *e);

#endif
