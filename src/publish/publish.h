/*
 * publish — 主动公开 (proactive disclosure): documents and the rules that govern
 * them (docs/domain.md). Pure domain: no I/O. The store persists what is
 * decided here; the CLI and the web console translate between people and it.
 *
 *   - 文号 (document numbers): parsed into issuer, year and serial whatever
 *     brackets they were written with, and printed in one canonical form.
 *   - 索引号 (index numbers): generated from the agency's pattern.
 *   - Vocabularies: topic categories, genres, the items of Art. 20 and the
 *     publication channels are data tables walked by code.
 *   - The review workflow (撰稿 → 一审 → 二审 → 签发 → 发布) as a transition
 *     table: state × action × role → new state, with the reason for a refusal.
 *   - Screening before review (Art. 17 审查机制): sensitive words from a list,
 *     ID numbers (GB 11643 check digit), mobile numbers, bank cards (Luhn).
 *   - Masking of welfare recipient lists (低保/特困/临时救助 名单公示).
 *   - Validity (现行有效 / 已废止 / 已失效) and the deadlines: publication
 *     within 20 working days (Art. 26), interpretations within 3.
 *   - Catalogue import: CSV and JSON rows checked into documents, every bad
 *     row named with its line and reason.
 *
 * Functions are prefixed doc_ (the domain's word for what this module holds).
 */
#ifndef GONGKAI_PUBLISH_H
#define GONGKAI_PUBLISH_H

#include <stdio.h>

#include "base/base.h"
#include "base/limits.h"

typedef struct cal_t cal_t;    /* calendar/calendar.h */

/* "No date" for optional dates (published, repealed, expires). */
#define DOC_NODAY INT32_MIN

/* ---- 文号 ---------------------------------------------------------------
 * 驻民文〔2018〕149号: issuer prefix 驻民文, the year in brackets (written with
 * 〔〕, [], (), （）, 【】, ［］ or 〖〗 — reports and websites use them all),
 * the serial and 号 (which may be missing; 第 before the serial is allowed).
 * Full-width digits are read as digits. */
struct doc_docno {
    char issuer[128];
    int year;
    int serial;
    char canonical[192];      /* 驻民文〔2018〕149号 */
};
/* GK_EINVAL with a message naming the text and what is wrong. */
int doc_docno_parse(const char *text, struct doc_docno *out, err *e);
/* The written forms people type, space-separated: the canonical one and the
 * same number with [], (), （）, 【】 (what the search index holds). */
void doc_docno_forms(const struct doc_docno *d, buf *out);

/* ---- 索引号 ---------------------------------------------------------------
 * A pattern holds literal text and the tokens {ORG} (the agency's org code),
 * {YYYY} (the document's year) and {N...} (the serial, zero-padded to as many
 * digits as there are N's: {NNNNN} gives 00123). The serial is per agency and
 * per year and comes from the store. A pattern must have exactly one serial
 * token, at most one {ORG} and {YYYY}. */
int doc_index_pattern_check(const char *pattern, err *e);
int doc_index_format(const char *pattern, const char *org, int year, int64_t serial,
                     char *out, size_t cap, err *e);
/* Reads year and serial back from an index number written to the pattern
 * (used when an imported catalogue brings its own index numbers, so that new
 * serials continue after them). Returns false when the text does not fit. */
bool doc_index_parse(const char *pattern, const char *org, const char *text,
                     int *year, int64_t *serial);

/* ---- vocabularies -------------------------------------------------------- */
struct doc_term {
    const char *name;         /* the name stored and shown: 社会救助, 通知, ... */
    const char *aliases[4];   /* other names accepted on input, NULL-ended */
};
extern const struct doc_term doc_categories[];   /* topic categories (主题分类) */
extern const int doc_ncategories;
extern const struct doc_term doc_genres[];       /* genres (体裁/文种) */
extern const int doc_ngenres;
/* Genres that table 二 counts. */
#define DOC_GENRE_RULES "规章"
#define DOC_GENRE_NORMATIVE "行政规范性文件"
#define DOC_GENRE_INTERPRETATION "政策解读"
/* How search ranks a kind of document against another for the same terms:
 * BM25 is multiplied by the weight of its genre (or, when the genre has no
 * row, of its category), so that a policy and its interpretation come before
 * routine statistics that mention the same words. Rows in vocab.c. */
struct doc_rank_row { const char *genre_or_category; double weight; };
extern const struct doc_rank_row doc_rank_rows[];
extern const int doc_nrank_rows;
/* Finds a category or genre by name or alias (full-width and spaces folded);
 * returns the canonical name, or NULL with e saying it is unknown and listing
 * some that are known. */
const char *doc_category_find(const char *s, err *e);
const char *doc_genre_find(const char *s, err *e);

/* Art. 20's fifteen items of what every agency publishes proactively. */
struct doc_item { int n; const char *numeral; const char *text; };
extern const struct doc_item doc_items[15];
/* Accepts 5, "五", "(五)", "（五）", "第（五）项", "第二十条第（五）项"; 0 for
 * an empty string (no item). GK_EINVAL when it is none of those. */
int doc_item_parse(const char *s, int *out, err *e);
const char *doc_item_label(int n);               /* "（五）", or "" for 0 */

/* Channels a document is published through (counted in the 2008 report layout;
 * one document on several channels counts once in the total). */
enum doc_channel { DOC_CH_WEBSITE, DOC_CH_GAZETTE, DOC_CH_WEIBO, DOC_CH_WECHAT, DOC_CH_OTHER,
                   DOC_NCHANNELS };
struct doc_channel_def {
    const char *key;          /* website, gazette, weibo, wechat, other (the legacy proactive.* key) */
    const char *label;        /* 政府网站, 政府公报, 政务微博, 政务微信, 其他方式 */
    const char *aliases[3];
};
extern const struct doc_channel_def doc_channels[DOC_NCHANNELS];
/* "website,wechat" or "政府网站、政务微信" → a bit mask (1u << channel). */
int doc_channels_parse(const char *s, unsigned *mask, err *e);
void doc_channels_format(unsigned mask, bool labels, buf *out);  /* "website,wechat" */

/* ---- validity ------------------------------------------------------------ */
enum doc_validity { DOC_V_IN_FORCE, DOC_V_REPEALED, DOC_V_EXPIRED };
const char *doc_validity_key(enum doc_validity v);    /* in_force, repealed, expired */
const char *doc_validity_label(enum doc_validity v);  /* 现行有效, 已废止, 已失效 */
int doc_validity_parse(const char *s, enum doc_validity *out, err *e);

/* ---- the workflow -------------------------------------------------------- */
enum doc_state { DOC_DRAFT, DOC_REVIEW1, DOC_REVIEW2, DOC_SIGNOFF, DOC_SIGNED, DOC_PUBLISHED,
                 DOC_NSTATES };
enum doc_action {
    DOC_A_SUBMIT,     /* author: draft → first review (after screening) */
    DOC_A_APPROVE,    /* reviewer of the current stage: one stage on; the leader signs off */
    DOC_A_RETURN,     /* reviewer: back to the author as a draft, with a comment */
    DOC_A_WITHDRAW,   /* author: takes the draft back out of review; 签发领导 or 公开办:
                         takes a published document off the public site (撤回) */
    DOC_A_PUBLISH,    /* after sign-off: published (blocked by open screening hits) */
    DOC_A_EDIT,       /* change the text: the author in draft, the reviewer of the stage in review */
    DOC_A_COMMENT,    /* anyone in the chain, any time: no change of state */
    DOC_A_CLEAR,      /* a reviewer clears a screening hit (it is not what it looks like) */
    DOC_A_REPEAL,     /* validity: repealed (废止) */
    DOC_A_EXPIRE,     /* validity: runs out of force (失效) on a date */
    DOC_A_CORRECT,    /* 更正: a published document gets a correction draft, which goes
                         through the review chain; published, it replaces the text */
    DOC_NACTIONS
};
enum doc_role {
    DOC_R_AUTHOR,     /* 撰稿人 (信息员) */
    DOC_R_REVIEWER1,  /* 一审 */
    DOC_R_REVIEWER2,  /* 二审 */
    DOC_R_LEADER,     /* 三审 / 签发 (分管领导) */
    DOC_R_OFFICE,     /* 政府信息公开工作机构 */
    DOC_NROLES
};
const char *doc_state_key(enum doc_state s);     /* draft, review1, review2, signoff, signed, published */
const char *doc_state_label(enum doc_state s);   /* 草稿, 待一审, 待二审, 待签发, 已签发待发布, 已发布 */
int doc_state_parse(const char *s, enum doc_state *out);
const char *doc_action_key(enum doc_action a);   /* submit, approve, ... */
const char *doc_action_label(enum doc_action a); /* 提交审核, 审核通过, ... */
const char *doc_role_key(enum doc_role r);       /* author, reviewer1, reviewer2, leader, office */
const char *doc_role_label(enum doc_role r);     /* 撰稿人, 一审, 二审, 签发领导, 公开办 */
int doc_role_parse(const char *s, enum doc_role *out, err *e);

/* One row of the transition table: in state `from`, any of `roles` (a bit
 * mask of 1u << doc_role) may take `action`, and the document goes to `to`.
 * Every step not in the table is refused. */
struct doc_transition {
    enum doc_state from;
    enum doc_action action;
    unsigned roles;
    enum doc_state to;
};
extern const struct doc_transition doc_transitions[];
extern const int doc_ntransitions;

/* What the guards look at besides the table. */
struct doc_act_ctx {
    const char *actor;        /* who acts (a user name) */
    const char *author;       /* who wrote the document */
    const char *reviewer1;    /* who approved the first review, "" while nobody has */
    const char *reviewer2;    /* who approved the second review */
    int open_hits;            /* screening hits neither cleared nor fixed */
    bool has_comment;         /* a comment comes with the action */
    bool withdrawn;           /* the document was withdrawn (撤回): only comments now */
    int open_corrections;     /* correction drafts of this document not yet published */
    int unconfirmed_files;    /* attachments not read (or a list not masked) by gongkai, */
    const char *unconfirmed_name; /* not confirmed by a reviewer; the first one's name */
};
/* Decides whether `role` may take `action` on a document in state `from`.
 * 0 and *to on success; GK_ESTATE with e giving the reason otherwise: no such
 * step from this state, the wrong role, the author reviewing their own
 * document, one person approving two stages, a return without a comment,
 * publication with open screening hits, publication of an attachment whose
 * text was not read (or a recipient list not masked) that no reviewer
 * confirmed by name, a withdrawal (撤回) without its reason or a correction
 * (更正) without its 更正说明, a second correction while one is in review, any
 * step but a comment on a withdrawn document. */
int doc_transition_check(enum doc_state from, enum doc_action action, enum doc_role role,
                         const struct doc_act_ctx *c, enum doc_state *to, err *e);
/* The roles that may take `action` in state `from` (a bit mask of 1u << role). */
unsigned doc_transition_roles(enum doc_state from, enum doc_action action);

/* ---- a document ----------------------------------------------------------- */
struct doc {
    int64_t id, agency_id;
    char index_no[128];       /* "" until published (or given by an import) */
    char title[LIM_BYTES(LIM_DOC_TITLE)];   /* base/limits.h */
    char docno[192];          /* canonical 文号, "" when the document has none */
    char issuer[LIM_BYTES(LIM_DOC_ISSUER)];   /* issuing body (发文机关) */
    gk_day written;           /* 成文日期 */
    gk_day published;         /* 发布日期, DOC_NODAY until published */
    char category[64];        /* canonical topic category, "" when none */
    char genre[64];           /* canonical genre, "" when none */
    int item;                 /* Art. 20 item 1..15, 0 when none */
    enum doc_state state;
    gk_day repealed_on;       /* DOC_NODAY when not repealed */
    int64_t repealed_by;      /* the repealing document in this store, 0 when none/unknown */
    char repealed_by_docno[192]; /* its 文号 as text (for documents outside the store) */
    gk_day expires_on;        /* last day in force, DOC_NODAY when open-ended */
    int64_t interprets;       /* a 政策解读 points at its policy, 0 otherwise */
    unsigned channels;        /* 1u << doc_channel */
    bool recipient_list;      /* a welfare recipient list: its body is masked */
    char *body;               /* malloc'ed (doc_clear frees), may be NULL */
    char author[128], reviewer1[128], reviewer2[128], signer[128], publisher[128];
    char created_at[32], updated_at[32];
    /* 撤回: off the public site from withdrawn_on on (DOC_NODAY: not withdrawn) */
    gk_day withdrawn_on;
    char withdrawn_by[128];
    char withdrawn_reason[LIM_BYTES(500)];   /* whole at its limit in characters */
    /* 公示期: the last day the document is shown to the public (DOC_NODAY: no end) */
    gk_day publicity_until;
    /* 更正: a correction draft names the document it corrects (0 otherwise);
     * a corrected document carries the note and date of its last correction */
    int64_t corrects;
    char correction_note[LIM_BYTES(500)];
    gk_day corrected_on;
};
void doc_init(struct doc *d);    /* zero, with the DOC_NODAY dates */
void doc_clear(struct doc *d);   /* frees body; leaves an initialised doc */
void doc_copy(struct doc *dst, const struct doc *src);   /* deep copy (dst uninitialised) */

/* Validity on a day: repealed from repealed_on, expired after expires_on. */
enum doc_validity doc_validity_at(const struct doc *d, gk_day day);
/* The longest document body (正文), in characters, by default: about 2,000 pages
 * of text; an agency may set another (setting doc.body_max_chars). Longer texts
 * are attachments (issue 11; docs/operations.md, section 11). */
#define DOC_BODY_MAX_CHARS 1000000
/* The largest attachment by default, in MiB (setting doc.attachment_max_mb, which
 * can lower it: src/files/ reads no more than FILES_MAX_INPUT). */
#define DOC_ATTACHMENT_MAX_MB 64
/* Checks the fields of a document as entered: title, issuer, body length (at most
 * body_max_chars characters), dates (none in the future of `today`, published not
 * before written), item range, 文号 in canonical form, validity dates in order. */
int doc_validate(const struct doc *d, gk_day today, int64_t body_max_chars, err *e);
/* Checks a repeal (date not before the document's publication, not repealed
 * already) or an expiry (date not before written). */
int doc_repeal_check(const struct doc *d, gk_day on, err *e);
int doc_expire_check(const struct doc *d, gk_day on, err *e);
/* ---- what the public sees (撤回, 公示期, 废止) ------------------------------
 * Decided at request time against `today`, so a 公示 leaves the site by
 * itself after its last day (no job, no cron). */
enum doc_public {
    DOC_PUB_SHOWN,            /* published and public */
    DOC_PUB_NONE,             /* never published (or a correction draft): 404 */
    DOC_PUB_WITHDRAWN,        /* 撤回: 410 with a one-line notice and its date */
    DOC_PUB_ENDED,            /* 公示期 over: 410 with a one-line notice and its date */
};
enum doc_public doc_public_status(const struct doc *d, gk_day today);
/* The state as staff read it: 已撤回 for a withdrawn document, 已发布（公示期满）
 * for a 公示 past its last day, else doc_state_label (a correction draft is
 * marked 更正稿). Static strings. */
const char *doc_status_label(const struct doc *d, gk_day today);
/* Whether its attachments are served: only while the document is shown, and
 * for a recipient list (personal data, masked or not) only while it is in
 * force too: a repealed or expired list keeps its page (marked) but its
 * files answer 410 like a withdrawn one. */
bool doc_files_public(const struct doc *d, gk_day today);
/* Whether its text is shown: the same rule (a repealed or expired recipient
 * list shows its title, dates and 已废止/已失效 only, not the list). */
bool doc_body_public(const struct doc *d, gk_day today);
/* Checks a withdrawal (撤回) on `on`: published, not withdrawn yet, not
 * before its publication, with a reason of at most 500 characters. */
int doc_withdraw_check(const struct doc *d, gk_day on, const char *reason, err *e);
/* ---- a workflow step's fields (step.c) ----------------------------------
 * The domain decides what a step changes; the store gathers these facts
 * first, then saves the result and its audit row in one transaction. */
struct doc_step_facts {
    const char *actor;          /* who takes the step (signs, publishes, withdraws) */
    gk_day today;
    gk_day date;                /* publish, repeal, expire: the step's date; DOC_NODAY for today */
    const char *comment;        /* withdraw: the reason */
    int64_t by_id;              /* repeal: the repealing document of the catalogue, 0 none */
    bool by_found;              /* ... and whether it is in the agency's catalogue */
    const char *by_docno;       /* repeal: its 文号 (by_id), or the 文号 typed (no by_id) */
    char by_docno_buf[192];     /* where the store keeps the found one's (as doc.docno) */
    enum doc_public policy;     /* publish of an interpretation: its policy's public status */
    unsigned channels;          /* publish: DOC_CH_* bits, 0 for the website */
};
/* Applies to d (the caller's copy, in its state before the step, which the
 * transition table has allowed) what `action` changes: the signer of the
 * stage approved, the reviewers cleared on submit and return, the 撤回, 废止
 * (never by itself, by a document of the catalogue or a 文号), 失效 and the
 * publication's date, channels and publisher (an interpretation not before
 * its policy). 0, or GK_EINVAL / GK_ESTATE with e naming what; d is then
 * half-changed and to be thrown away. Edit, comment, clear and correct
 * change nothing here. */
int doc_step_fields(struct doc *d, enum doc_action action, const struct doc_step_facts *f, err *e);

/* Checks a 公示期 end against the document: not before the date written. */
int doc_publicity_check(const struct doc *d, err *e);
/* 更正: makes `draft` (uninitialised) the correction draft of the published
 * document `pub` — its text and fields, in state draft, written by `author`,
 * no index number, no publication date, carrying `note` (更正说明, at most
 * 500 characters). GK_ESTATE when pub cannot be corrected (not published,
 * withdrawn), GK_EINVAL for the note. */
int doc_correction_start(const struct doc *pub, const char *note, const char *author, struct doc *draft,
                         err *e);
/* Publishing a correction: `target` (the published document) takes the
 * correction's text and fields, keeps its identity (id, index number,
 * publication date, channels, validity) and gets the note and `on` as its
 * 更正日期. GK_ESTATE when target is no longer public (withdrawn, or not
 * published) or corr does not correct it. */
int doc_correction_apply(struct doc *target, const struct doc *corr, gk_day on, err *e);
#define DOC_REASON_MAX_CHARS 500
_Static_assert(DOC_REASON_MAX_CHARS <= 500, "withdrawn_reason and correction_note hold DOC_REASON_MAX_CHARS characters");

/* Whether a document is a recipient list whose body must be masked: its title
 * names 低保 / 最低生活保障 / 特困 / 临时救助 (or 救助对象) together with 名单,
 * 公示 or 花名册. */
bool doc_is_recipient_list(const char *title);
/* The document as JSON (for the audit trail and --json): every field but the
 * body, whose length and a hash are given instead when with_body is false. */
void doc_to_json(const struct doc *d, bool with_body, buf *out);

/* ---- deadlines (calendar) ------------------------------------------------ */
/* Art. 26: published within 20 working days of being created or changed.
 * *due is the last day; GK_ERANGE when the calendar does not cover it. */
#define DOC_PUBLISH_WORKDAYS 20
int doc_publish_due(const cal_t *cal, gk_day written, gk_day *due, err *e);
/* An interpretation is published with its policy or within 3 working days.
 * *workdays gets the working days from the policy's publication to the
 * interpretation's (negative when the interpretation came first). */
#define DOC_INTERP_WORKDAYS 3
enum doc_interp_timing { DOC_INTERP_ON_TIME, DOC_INTERP_LATE, DOC_INTERP_BEFORE_POLICY };
int doc_interp_timing(const cal_t *cal, gk_day policy_published, gk_day interp_published,
                      enum doc_interp_timing *out, int *workdays, err *e);

/* ---- screening (Art. 17 审查机制) ----------------------------------------- */
enum doc_hit_kind { DOC_HIT_WORD, DOC_HIT_ID, DOC_HIT_MOBILE, DOC_HIT_CARD, DOC_NHITKINDS };
const char *doc_hit_kind_key(enum doc_hit_kind k);    /* word, id_number, mobile, bank_card */
const char *doc_hit_kind_label(enum doc_hit_kind k);  /* 敏感词, 身份证号码, 手机号码, 银行卡号 */
struct doc_hit {
    enum doc_hit_kind kind;
    size_t off, len;          /* bytes in the screened text */
    size_t char_off;          /* the same offset counted in characters */
    char match[128];          /* the text found */
    char excerpt[384];        /* up to 12 characters either side of it, newlines as spaces */
};
/* A sensitive-word list: one word or phrase a line, '#' starts a comment,
 * blank lines ignored; matching folds full-width forms and ASCII case. */
typedef struct doc_words doc_words;
int doc_words_load(const char *text, size_t n, doc_words **out, err *e);
/* The list gongkai ships (data/sensitive-words.txt, compiled in). */
const char *doc_words_default_text(size_t *n);
void doc_words_free(doc_words *w);
size_t doc_words_count(const doc_words *w);
/* Screens text; *hits is malloc'ed (free it), in order of offset. Invalid
 * UTF-8 bytes are skipped. words may be NULL (patterns only). */
int doc_screen(const char *text, size_t n, const doc_words *words, struct doc_hit **hits,
               size_t *nhits);
/* The pattern checks on their own (ASCII digits; the ID may end in X). */
bool doc_id_valid(const char *s, size_t n);       /* 18 chars, region, birth date, GB 11643 check */
bool doc_luhn_valid(const char *digits, size_t n);
bool doc_uscc_valid(const char *s, size_t n);     /* 统一社会信用代码, GB 32100 check */

/* ---- masking recipient lists ------------------------------------------- */
/* Names keep the surname (compound surnames such as 欧阳 count as one) and
 * the last character of the given name: 张三明 → 张*明, 张三 → 张*,
 * 欧阳小明 → 欧阳*明, 张三明亮 → 张**亮. */
void doc_mask_name(const char *name, buf *out);
/* ID numbers keep the first 4 and the last 4 characters: 4128**********1234
 * (15-digit numbers likewise). */
void doc_mask_id(const char *id, buf *out);
/* Addresses are cut after the first village/community-level unit (村, 社区,
 * 居委会, 村委会, 居民委员会, 村民委员会, 嘎查); with none, after the last
 * township-level unit (乡, 镇, 街道, 街道办事处, 苏木); with none of those,
 * after the last county-level unit (县, 区, 旗, 市); with none at all,
 * nothing is kept. Returns the number of bytes kept of addr. */
size_t doc_mask_address(const char *addr, buf *out);
struct doc_mask_stats {
    int rows;                 /* table rows masked */
    int names, ids, phones, addresses;   /* cells or numbers changed */
    bool header_found;        /* a header row with a 姓名 column was found */
};
/* Masks a recipient list (its text): lines are table rows with cells split by
 * tabs, commas (ASCII or full-width), '|' or two or more spaces. A header row
 * (one with a short 姓名/户主/申请人/家庭成员 label) says which column holds
 * names (several per cell allowed: 李四、王五), ID numbers, phone numbers (the
 * column is dropped) and addresses (its heading becomes 住址（至村、社区）);
 * a blank line ends the table. Every other cell has its ID numbers masked and
 * its mobile and landline numbers removed. Outside tables, the values after
 * 姓名：/户主：/申请人： and 住址：/地址： are masked, ID numbers masked and
 * mobile numbers removed (landlines there are the office's own, such as the
 * 监督电话, and stay). Masking twice changes nothing more. The output keeps
 * each line's separators and line ends. */
void doc_mask_list(const char *text, size_t n, buf *out, struct doc_mask_stats *st);
/* The same rules, one row at a time, for tables whose cells cannot be dropped
 * or split again (spreadsheet rows, word-processor table rows, a paragraph as
 * a row of one cell): cells[0..n) are NUL-terminated UTF-8, and out[j] (bufs
 * the caller initialised) gets cell j masked. A phone column's cells, its
 * heading too, come out empty instead of going. A row with only empty cells
 * ends a table, as a blank line does. t starts zeroed and is carried from row
 * to row of one table or sheet; cells past DOC_MASK_MAXCOLS are masked as free
 * text (ID and phone numbers). */
#define DOC_MASK_MAXCOLS 64
struct doc_mask_table { int cols[DOC_MASK_MAXCOLS]; int ncols; bool in_table; };
void doc_mask_row(struct doc_mask_table *t, const char *const *cells, int n, buf *out,
                  struct doc_mask_stats *st);

/* ---- CSV ------------------------------------------------------------------ */
/* RFC 4180 with what spreadsheets write: a UTF-8 BOM, CRLF or LF, quoted fields
 * holding commas, quotes ("") and newlines. Calls row() for each record with
 * its first line number; a malformed record (a stray quote, a quote never
 * closed, invalid UTF-8) goes to bad() with the line and the reason, and
 * reading goes on at the next line. Returns the number of bad records. */
struct doc_csv_cb {
    void (*row)(void *arg, int line, char **fields, int nfields);
    void (*bad)(void *arg, int line, const char *reason);
    void *arg;
};
int doc_csv_parse(const char *text, size_t n, const struct doc_csv_cb *cb);
/* The same records read from f in blocks of DOC_CSV_BLOCK bytes: memory
 * holds a block and the record that crosses its end (a record longer than
 * DOC_CSV_RECORD_MAX bytes is handed to the parser as it stands, which then
 * says where its quotes go wrong). Returns the number of bad records, or
 * GK_EIO when f cannot be read. */
#define DOC_CSV_BLOCK (1u << 20)
#define DOC_CSV_RECORD_MAX (64u << 20)
int doc_csv_read(FILE *f, const struct doc_csv_cb *cb, err *e);

/* ---- catalogue import ----------------------------------------------------
 * Columns (header names, or JSON keys; Chinese headers are accepted too):
 * title, docno, issuer, written, published, body (required columns) and
 * category, genre, item, validity, repealed_on, repealed_by, expires_on,
 * index_no, channels, interprets, recipient_list. See README "doc import". */
struct doc_import_col { const char *key; const char *aliases[4]; bool required; const char *help; };
extern const struct doc_import_col doc_import_cols[];
extern const int doc_import_ncols;

struct doc_import_row {
    int line;                 /* line in the file where the row starts */
    struct doc d;
    char interprets_ref[192]; /* index number or 文号 of the policy this interprets, "" */
};
struct doc_import_error { int line; char msg[512]; };
/* An index number a row of the file gives (malloc'ed; doc_import_free frees). */
struct doc_import_given { int line; char *index_no; };
/* Where checked rows go when the file is read as a stream (doc_import_read):
 * row() gets each row without a problem, in file order, while im->nerrors is
 * 0; it may keep nothing of the row (its body is freed when row() returns)
 * but what it copies. It returns 0, or a GK_* error after adding the reason
 * to im's errors (doc_import_add_error), which ends the reading. */
struct doc_import_sink { int (*row)(void *arg, struct doc_import_row *r); void *arg; };
struct gk_progress;
struct doc_import {
    struct doc_import_row *rows; size_t nrows;     /* without a sink: every good row */
    struct doc_import_error *errors; size_t nerrors;
    size_t nchecked;                               /* rows checked without a problem */
    struct doc_import_given *given; size_t ngiven; /* the index numbers the file gives */
    struct doc_import_seen *seen;                  /* private: given, hashed */
    const struct doc_import_sink *sink;            /* NULL: rows are kept in rows[] */
    int stopped;                                   /* the sink's error, 0 */
    const struct gk_progress *progress;   /* borrowed; store_doc_import reports on it, may be NULL */
};
enum doc_import_format { DOC_IMPORT_CSV, DOC_IMPORT_JSON };
/* Reads the file's text (CSV with a header row, or JSON: an array of objects
 * or {"documents": [...]}) into checked rows. Every problem is recorded, with
 * its line, in line order; the caller imports only when nerrors is 0.
 * `publish` makes the rows published documents (each needs its publication
 * date); without it they are drafts (and must not carry one). No date may be
 * after `today` but a repeal or expiry decided ahead. Recipient lists (by
 * title, or the recipient_list column) have their body masked here. */
void doc_import_parse(const char *text, size_t n, enum doc_import_format fmt, bool publish,
                      gk_day today, struct doc_import *out);
/* The same as a stream from f: CSV in blocks (doc_csv_read), so memory
 * holds one record at a time; JSON whole (at most DOC_IMPORT_JSON_MAX bytes).
 * Without a sink, out is initialised here and the rows are only checked
 * (a first reading: out->nchecked counts them, out->given lists the index
 * numbers given; no row is kept).
 * With one, out must hold the first reading of the same file, without rows:
 * the file is read again and each good row goes to the sink as it is
 * checked; problems (the file changed since, the sink's) are added to out.
 * Returns 0, GK_EIO when f cannot be read, or the sink's error; the
 * problems of the file are in out->errors either way. */
#define DOC_IMPORT_JSON_MAX (256u << 20)
int doc_import_read(FILE *f, enum doc_import_format fmt, bool publish, gk_day today,
                    const struct doc_import_sink *sink, struct doc_import *out, err *e);
void doc_import_add_error(struct doc_import *im, int line, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
void doc_import_free(struct doc_import *im);

/* ---- content hashes for attachments ---------------------------------------- */
/* SHA-256 of data as 64 lowercase hex digits. */
void doc_content_hash(const void *data, size_t n, char out[65]);

#endif
