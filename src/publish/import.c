/* publish — reading an agency's existing catalogue (CSV or JSON) into checked
 * documents. Every bad row is recorded with its line and reason; nothing is
 * written here (the store imports all rows or none). See publish.h. */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "publish/publish.h"

const struct doc_import_col doc_import_cols[] = {
    {"title", {"标题", "文件标题", "名称", NULL}, true, "the title (required)"},
    {"docno", {"文号", "发文字号", "发文文号", NULL}, true,
     "the document number 文号, e.g. 驻民文〔2018〕149号 (any brackets); may be empty"},
    {"issuer", {"发文机关", "发布机构", "发文单位", "发布机关"}, true, "the issuing body (required)"},
    {"written", {"成文日期", "成文时间", "印发日期", NULL}, true, "date written, YYYY-MM-DD (required)"},
    {"published", {"发布日期", "公开日期", "发布时间", NULL}, true,
     "publication date, YYYY-MM-DD (required with --publish, empty without)"},
    {"body", {"正文", "内容", "全文", NULL}, true, "the text; may be empty"},
    {"category", {"主题分类", "分类", "类别", NULL}, false, "topic category (see 'gongkai doc vocab')"},
    {"genre", {"体裁", "文种", "体裁分类", NULL}, false, "genre: 通知, 规范性文件, 政策解读, ..."},
    {"item", {"公开事项", "条例条款", "第二十条", NULL}, false, "item of Art. 20: 1-15 or （一）-（十五）"},
    {"validity", {"效力", "有效性", "时效性", NULL}, false,
     "in_force/现行有效, repealed/已废止, expired/已失效 (default: from the dates)"},
    {"repealed_on", {"废止日期", NULL}, false, "date of repeal (required when repealed)"},
    {"repealed_by", {"废止文件", "废止依据", NULL}, false, "the 文号 of the repealing document"},
    {"expires_on", {"失效日期", "有效期至", NULL}, false, "last day in force (required when expired)"},
    {"index_no", {"索引号", NULL}, false, "index number; generated from the pattern when empty"},
    {"channels", {"发布渠道", "公开渠道", "公开方式", NULL}, false,
     "website, gazette, weibo, wechat, other (comma-separated; default website)"},
    {"interprets", {"解读对象", "解读文件", "所解读文件", NULL}, false,
     "for a 政策解读: the index number or 文号 of its policy (in the file or the database)"},
    {"recipient_list", {"名单公示", "救助名单", NULL}, false,
     "1/是 when the body is a recipient list to mask (default: from the title)"},
    {"publicity_until", {"公示期至", "公示截止日期", "公示结束日期", NULL}, false,
     "last day of a 公示期: the document leaves the public site after it"},
};
const int doc_import_ncols = (int)(sizeof doc_import_cols / sizeof doc_import_cols[0]);

enum { C_TITLE, C_DOCNO, C_ISSUER, C_WRITTEN, C_PUBLISHED, C_BODY, C_CATEGORY, C_GENRE, C_ITEM,
       C_VALIDITY, C_REPEALED_ON, C_REPEALED_BY, C_EXPIRES_ON, C_INDEX_NO, C_CHANNELS, C_INTERPRETS,
       C_RECIPIENT_LIST, C_PUBLICITY_UNTIL };

void doc_import_add_error(struct doc_import *im, int line, const char *fmt, ...)
{
    if ((im->nerrors & (im->nerrors - 1)) == 0)
        im->errors = xrealloc(im->errors, (im->nerrors ? im->nerrors * 2 : 16) * sizeof *im->errors);
    struct doc_import_error *x = &im->errors[im->nerrors++];
    x->line = line;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(x->msg, sizeof x->msg, fmt, ap);
    va_end(ap);
}

/* The index numbers given so far, hashed (open addressing over given[]). */
struct doc_import_seen { size_t *slot; size_t cap; };   /* slot: given index + 1, 0 empty */

static size_t str_hash(const char *k)
{
    size_t h = 1469598103934665603u;   /* FNV-1a */
    for (; *k; k++)
        h = (h ^ (unsigned char)*k) * 1099511628211u;
    return h;
}

/* The line of an earlier row that gives index_no, or 0 after recording it. */
static int given_before(struct doc_import *im, const char *index_no, int line)
{
    struct doc_import_seen *h = im->seen;
    if (!h)
        h = im->seen = xcalloc(1, sizeof *h);
    if ((im->ngiven + 1) * 2 > h->cap) {   /* grow, rehash */
        size_t cap = h->cap ? h->cap * 2 : 64;
        size_t *slot = xcalloc(cap, sizeof *slot);
        for (size_t i = 0; i < im->ngiven; i++) {
            size_t k = str_hash(im->given[i].index_no) & (cap - 1);
            while (slot[k])
                k = (k + 1) & (cap - 1);
            slot[k] = i + 1;
        }
        free(h->slot);
        h->slot = slot;
        h->cap = cap;
    }
    size_t k = str_hash(index_no) & (h->cap - 1);
    for (; h->slot[k]; k = (k + 1) & (h->cap - 1))
        if (strcmp(im->given[h->slot[k] - 1].index_no, index_no) == 0)
            return im->given[h->slot[k] - 1].line;
    if ((im->ngiven & (im->ngiven - 1)) == 0)
        im->given = xrealloc(im->given, (im->ngiven ? im->ngiven * 2 : 16) * sizeof *im->given);
    im->given[im->ngiven] = (struct doc_import_given){line, xstrdup(index_no)};
    h->slot[k] = ++im->ngiven;
    return 0;
}

void doc_import_free(struct doc_import *im)
{
    for (size_t i = 0; i < im->nrows; i++)
        doc_clear(&im->rows[i].d);
    free(im->rows);
    free(im->errors);
    for (size_t i = 0; i < im->ngiven; i++)
        free(im->given[i].index_no);
    free(im->given);
    if (im->seen)
        free(im->seen->slot);
    free(im->seen);
    memset(im, 0, sizeof *im);
}

/* Header text to a column index, -1 when unknown. */
static int column_of(const char *name)
{
    char *f = utf8_fold(name, strlen(name));
    /* trim and lower-case */
    char *p = f;
    while (*p == ' ' || *p == '\t')
        p++;
    size_t l = strlen(p);
    while (l && (p[l - 1] == ' ' || p[l - 1] == '\t' || p[l - 1] == '\r'))
        p[--l] = 0;
    for (char *q = p; *q; q++)
        if (*q >= 'A' && *q <= 'Z')
            *q += 32;
    int found = -1;
    for (int c = 0; c < doc_import_ncols && found < 0; c++) {
        if (strcmp(p, doc_import_cols[c].key) == 0)
            found = c;
        for (int a = 0; a < 4 && found < 0 && doc_import_cols[c].aliases[a]; a++)
            if (strcmp(p, doc_import_cols[c].aliases[a]) == 0)
                found = c;
    }
    free(f);
    return found;
}

/* Copies a trimmed value (newlines in one-line fields become spaces). */
static void copy_trim(char *dst, size_t cap, const char *v, bool one_line)
{
    const char *a = v;
    while (*a == ' ' || *a == '\t' || *a == '\r' || *a == '\n')
        a++;
    size_t l = strlen(a);
    while (l && (a[l - 1] == ' ' || a[l - 1] == '\t' || a[l - 1] == '\r' || a[l - 1] == '\n'))
        l--;
    /* ideographic spaces */
    while (l >= 3 && memcmp(a, "\xE3\x80\x80", 3) == 0)
        a += 3, l -= 3;
    while (l >= 3 && memcmp(a + l - 3, "\xE3\x80\x80", 3) == 0)
        l -= 3;
    if (l >= cap) {
        l = cap - 1;
        while (l && ((unsigned char)a[l] & 0xC0) == 0x80)
            l--;
    }
    memcpy(dst, a, l);
    dst[l] = 0;
    if (one_line)
        for (char *p = dst; *p; p++)
            if (*p == '\n' || *p == '\r' || *p == '\t')
                *p = ' ';
}

static bool too_long(const char *v, size_t cap)
{
    return strlen(v) >= cap;
}

static int parse_bool(const char *v, bool *out)
{
    static const char *const yes[] = {"1", "true", "yes", "y", "是", "Y"};
    static const char *const no[] = {"0", "false", "no", "n", "否", "N", ""};
    for (size_t i = 0; i < sizeof yes / sizeof yes[0]; i++)
        if (strcasecmp(v, yes[i]) == 0) {
            *out = true;
            return 0;
        }
    for (size_t i = 0; i < sizeof no / sizeof no[0]; i++)
        if (strcasecmp(v, no[i]) == 0) {
            *out = false;
            return 0;
        }
    return GK_EINVAL;
}

/* One row being checked: its values (vals[c] is NULL for a column the file
 * lacks), the document they make, and what the steps found. */
struct row_check {
    struct doc_import *im;
    int line;
    char *const *vals;
    bool publish;
    gk_day today;
    struct doc_import_row row;
    bool dates_ok;              /* every date given is a date */
    char tmp[1024];
    err e;
};

#define V(c) (x->vals[c] ? x->vals[c] : "")

/* The title, 文号 and issuer. */
static void ck_title_issuer(struct row_check *x)
{
    struct doc *d = &x->row.d;
    copy_trim(d->title, sizeof d->title, V(C_TITLE), true);
    if (!d->title[0])
        doc_import_add_error(x->im, x->line, "title: missing (every document needs a title)");
    else if (too_long(V(C_TITLE), sizeof d->title) || utf8_len(d->title, strlen(d->title)) > LIM_DOC_TITLE)
        doc_import_add_error(x->im, x->line, "title: longer than %d characters", LIM_DOC_TITLE);

    copy_trim(x->tmp, sizeof x->tmp, V(C_DOCNO), true);
    if (x->tmp[0]) {
        struct doc_docno dn;
        if (doc_docno_parse(x->tmp, &dn, &x->e))
            doc_import_add_error(x->im, x->line, "docno: %s", x->e.msg);
        else
            snprintf(d->docno, sizeof d->docno, "%s", dn.canonical);
    }

    if (too_long(V(C_ISSUER), sizeof d->issuer) || utf8_len(V(C_ISSUER), strlen(V(C_ISSUER))) > LIM_DOC_ISSUER)
        doc_import_add_error(x->im, x->line, "issuer: longer than %d characters", LIM_DOC_ISSUER);
    copy_trim(d->issuer, sizeof d->issuer, V(C_ISSUER), true);
    if (!d->issuer[0])
        doc_import_add_error(x->im, x->line, "issuer: missing (the issuing body, 发文机关)");
}

/* The dates: each a date, none of the past in the future, in their order. */
static void ck_dates(struct row_check *x)
{
    struct doc *d = &x->row.d;
    struct { int col; gk_day *dst; const char *name; } dates[] = {
        {C_WRITTEN, &d->written, "written"},
        {C_PUBLISHED, &d->published, "published"},
        {C_REPEALED_ON, &d->repealed_on, "repealed_on"},
        {C_EXPIRES_ON, &d->expires_on, "expires_on"},
        {C_PUBLICITY_UNTIL, &d->publicity_until, "publicity_until"},
    };
    for (size_t k = 0; k < sizeof dates / sizeof dates[0]; k++) {
        copy_trim(x->tmp, sizeof x->tmp, V(dates[k].col), true);
        if (!x->tmp[0])
            continue;
        gk_day day;
        if (date_parse(x->tmp, &day, NULL)) {
            doc_import_add_error(x->im, x->line, "%s: '%s' is not a date (write YYYY-MM-DD)", dates[k].name, x->tmp);
            x->dates_ok = false;
            continue;
        }
        *dates[k].dst = day;
        /* dates of the past only, but for a repeal or expiry decided ahead */
        if (day > x->today && k < 2) {
            char t[11];
            date_format(x->today, t);
            doc_import_add_error(x->im, x->line, "%s: %s is in the future (today is %s)", dates[k].name, x->tmp, t);
            x->dates_ok = false;
        }
    }
    if (d->written == DOC_NODAY && x->dates_ok && !V(C_WRITTEN)[0])
        doc_import_add_error(x->im, x->line, "written: missing (the date written, 成文日期)");
    if (x->publish && d->published == DOC_NODAY && x->dates_ok)
        doc_import_add_error(x->im, x->line, "published: missing (--publish imports published documents: each needs its publication date)");
    if (!x->publish && d->published != DOC_NODAY)
        doc_import_add_error(x->im, x->line,
                             "published: the row has a publication date but the import makes drafts (use --publish to import published documents)");
    if (d->written != DOC_NODAY && d->published != DOC_NODAY && d->published < d->written)
        doc_import_add_error(x->im, x->line, "published: the publication date is before the date written");
}

/* Category, genre and 公开事项 from their vocabularies. */
static void ck_lookups(struct row_check *x)
{
    struct doc *d = &x->row.d;
    copy_trim(x->tmp, sizeof x->tmp, V(C_CATEGORY), true);
    if (x->tmp[0]) {
        const char *c = doc_category_find(x->tmp, &x->e);
        if (!c)
            doc_import_add_error(x->im, x->line, "category: %s", x->e.msg);
        else
            snprintf(d->category, sizeof d->category, "%s", c);
    }
    copy_trim(x->tmp, sizeof x->tmp, V(C_GENRE), true);
    if (x->tmp[0]) {
        const char *g = doc_genre_find(x->tmp, &x->e);
        if (!g)
            doc_import_add_error(x->im, x->line, "genre: %s", x->e.msg);
        else
            snprintf(d->genre, sizeof d->genre, "%s", g);
    }
    copy_trim(x->tmp, sizeof x->tmp, V(C_ITEM), true);
    if (doc_item_parse(x->tmp, &d->item, &x->e))
        doc_import_add_error(x->im, x->line, "item: %s", x->e.msg);
}

/* Validity and the dates that say it. */
static void ck_validity(struct row_check *x)
{
    struct doc *d = &x->row.d;
    copy_trim(x->tmp, sizeof x->tmp, V(C_VALIDITY), true);
    enum doc_validity v = DOC_V_IN_FORCE;
    bool v_given = x->tmp[0] != 0;
    if (doc_validity_parse(x->tmp, &v, &x->e)) {
        doc_import_add_error(x->im, x->line, "validity: %s", x->e.msg);
    } else if (v_given) {
        if (v == DOC_V_REPEALED && d->repealed_on == DOC_NODAY && x->dates_ok)
            doc_import_add_error(x->im, x->line, "repealed_on: the row says repealed but gives no repeal date");
        if (v == DOC_V_EXPIRED && d->expires_on == DOC_NODAY && x->dates_ok)
            doc_import_add_error(x->im, x->line, "expires_on: the row says expired but gives no expiry date");
        if (v == DOC_V_EXPIRED && d->expires_on != DOC_NODAY && d->expires_on >= x->today)
            doc_import_add_error(x->im, x->line, "validity: the row says expired but its expiry date has not passed");
        if (v == DOC_V_IN_FORCE && d->repealed_on != DOC_NODAY && d->repealed_on <= x->today)
            doc_import_add_error(x->im, x->line, "validity: the row says in force but was repealed on its repealed_on date");
        if (v == DOC_V_IN_FORCE && d->expires_on != DOC_NODAY && d->expires_on < x->today)
            doc_import_add_error(x->im, x->line, "validity: the row says in force but its expiry date has passed");
        if (v == DOC_V_REPEALED && d->repealed_on != DOC_NODAY && d->repealed_on > x->today)
            doc_import_add_error(x->im, x->line, "validity: the row says repealed but its repeal date is in the future");
    }
    if (d->repealed_on != DOC_NODAY && d->written != DOC_NODAY && d->repealed_on < d->written)
        doc_import_add_error(x->im, x->line, "repealed_on: the repeal date is before the date written");
    if (d->expires_on != DOC_NODAY && d->written != DOC_NODAY && d->expires_on < d->written)
        doc_import_add_error(x->im, x->line, "expires_on: the expiry date is before the date written");
    if (d->publicity_until != DOC_NODAY && d->written != DOC_NODAY && d->publicity_until < d->written)
        doc_import_add_error(x->im, x->line, "publicity_until: the last day of the 公示期 is before the date written");
    if ((d->repealed_on != DOC_NODAY || d->expires_on != DOC_NODAY) && !x->publish)
        doc_import_add_error(x->im, x->line, "validity: only published documents are repealed or expire (use --publish)");
}

/* The repealing 文号 and the index number (unique in the file). */
static void ck_repeal_index(struct row_check *x)
{
    struct doc *d = &x->row.d;
    copy_trim(x->tmp, sizeof x->tmp, V(C_REPEALED_BY), true);
    if (x->tmp[0]) {
        struct doc_docno dn;
        if (doc_docno_parse(x->tmp, &dn, &x->e))
            doc_import_add_error(x->im, x->line, "repealed_by: %s", x->e.msg);
        else
            snprintf(d->repealed_by_docno, sizeof d->repealed_by_docno, "%s", dn.canonical);
        if (d->repealed_on == DOC_NODAY && x->dates_ok)
            doc_import_add_error(x->im, x->line, "repealed_by: a repealing document without a repeal date (repealed_on)");
    }

    if (too_long(V(C_INDEX_NO), sizeof d->index_no))
        doc_import_add_error(x->im, x->line, "index_no: too long");
    copy_trim(d->index_no, sizeof d->index_no, V(C_INDEX_NO), true);
    if (d->index_no[0] && !x->publish)
        doc_import_add_error(x->im, x->line, "index_no: drafts get their index number when they are published (use --publish)");
    int earlier = d->index_no[0] ? given_before(x->im, d->index_no, x->line) : 0;
    if (earlier)
        doc_import_add_error(x->im, x->line, "index_no: %s is also the index number of the row on line %d",
                             d->index_no, earlier);
}

/* Channels, and the policy a 政策解读 interprets. */
static void ck_channels(struct row_check *x)
{
    struct doc *d = &x->row.d;
    copy_trim(x->tmp, sizeof x->tmp, V(C_CHANNELS), true);
    if (doc_channels_parse(x->tmp, &d->channels, &x->e))
        doc_import_add_error(x->im, x->line, "channels: %s", x->e.msg);
    if (!d->channels && x->publish)
        d->channels = 1u << DOC_CH_WEBSITE;

    copy_trim(x->tmp, sizeof x->tmp, V(C_INTERPRETS), true);
    if (x->tmp[0]) {
        if (strlen(x->tmp) >= sizeof x->row.interprets_ref)
            doc_import_add_error(x->im, x->line, "interprets: too long for an index number or 文号");
        else
            memcpy(x->row.interprets_ref, x->tmp, strlen(x->tmp) + 1);
        if (!d->genre[0])
            snprintf(d->genre, sizeof d->genre, "%s", DOC_GENRE_INTERPRETATION);
        else if (strcmp(d->genre, DOC_GENRE_INTERPRETATION) != 0)
            doc_import_add_error(x->im, x->line, "interprets: only a 政策解读 interprets a policy (the genre is %s)",
                                 d->genre);
    }
}

/* The recipient list flag and the body (a list masked). */
static void ck_body(struct row_check *x)
{
    struct doc *d = &x->row.d;
    copy_trim(x->tmp, sizeof x->tmp, V(C_RECIPIENT_LIST), true);
    bool rl = false;
    if (parse_bool(x->tmp, &rl))
        doc_import_add_error(x->im, x->line, "recipient_list: '%s' is not yes or no (1/0, 是/否)", x->tmp);
    d->recipient_list = rl || (!x->tmp[0] && doc_is_recipient_list(d->title));

    const char *body = V(C_BODY);
    if (d->recipient_list && *body) {
        buf m;
        buf_init(&m);
        struct doc_mask_stats st;
        doc_mask_list(body, strlen(body), &m, &st);
        d->body = buf_detach(&m);
    } else {
        d->body = xstrdup(body);
    }
    if (x->publish)
        d->state = DOC_PUBLISHED;
}

#undef V

/* The checks of a row, in the order its problems are listed. */
static void (*const row_checks[])(struct row_check *) = {
    ck_title_issuer, ck_dates, ck_lookups, ck_validity, ck_repeal_index, ck_channels, ck_body,
};

/* Checks one row's values into a document; records every problem. A row
 * without problems goes to the sink (streaming) or is kept. */
static void check_row(struct doc_import *im, int line, char *const *vals, bool publish, gk_day today)
{
    struct row_check x = {.im = im, .line = line, .vals = vals, .publish = publish, .today = today,
                          .dates_ok = true};
    doc_init(&x.row.d);
    x.row.line = line;
    size_t before = im->nerrors;
    for (size_t k = 0; k < sizeof row_checks / sizeof row_checks[0]; k++)
        row_checks[k](&x);
    struct doc_import_row row = x.row;
    struct doc *d = &row.d;
    if (im->nerrors > before) {
        doc_clear(d);
        return;
    }
    im->nchecked++;
    if (im->sink) {   /* streaming: the row goes now, while no row has failed */
        if (!im->stopped)
            im->stopped = im->sink->row(im->sink->arg, &row);
        doc_clear(d);
        return;
    }
    if ((im->nrows & (im->nrows - 1)) == 0)   /* grow at powers of two */
        im->rows = xrealloc(im->rows, (im->nrows ? im->nrows * 2 : 16) * sizeof *im->rows);
    im->rows[im->nrows++] = row;
}

/* ---- CSV ---- */

struct csv_state {
    struct doc_import *im;
    bool publish;
    gk_day today;
    int col_of[64];     /* file column → our column, -1 ignored */
    int nfile;
    bool have_header, header_bad;
};

static void csv_bad(void *arg, int line, const char *reason)
{
    struct csv_state *cs = arg;
    doc_import_add_error(cs->im, line, "%s", reason);
    if (!cs->have_header) {
        cs->have_header = true;
        cs->header_bad = true;
    }
}

static void csv_row(void *arg, int line, char **f, int nf)
{
    struct csv_state *cs = arg;
    if (cs->im->stopped)
        return;
    if (!cs->have_header) {
        cs->have_header = true;
        bool seen[64] = {0};
        if (nf > 64) {
            doc_import_add_error(cs->im, line, "the header has %d columns: at most 64", nf);
            cs->header_bad = true;
            return;
        }
        cs->nfile = nf;
        for (int i = 0; i < nf; i++) {
            cs->col_of[i] = -1;
            const char *h = f[i];
            bool empty = true;
            for (const char *p = h; *p; p++)
                if (*p != ' ' && *p != '\t')
                    empty = false;
            if (empty)
                continue;   /* a trailing comma in the header: an unnamed column, ignored */
            int c = column_of(h);
            if (c < 0) {
                buf b;
                buf_init(&b);
                for (int k = 0; k < doc_import_ncols; k++)
                    buf_printf(&b, "%s%s", k ? ", " : "", doc_import_cols[k].key);
                doc_import_add_error(cs->im, line, "unknown column '%s' (known: %s)", h, b.data);
                buf_free(&b);
                cs->header_bad = true;
                continue;
            }
            if (seen[c]) {
                doc_import_add_error(cs->im, line, "column '%s' appears twice", doc_import_cols[c].key);
                cs->header_bad = true;
                continue;
            }
            seen[c] = true;
            cs->col_of[i] = c;
        }
        for (int c = 0; c < doc_import_ncols; c++)
            if (doc_import_cols[c].required && !seen[c]) {
                doc_import_add_error(cs->im, line, "the header lacks the column '%s' (required: title, docno, issuer, written, published, body)",
                                     doc_import_cols[c].key);
                cs->header_bad = true;
            }
        return;
    }
    if (cs->header_bad)
        return;
    if (nf != cs->nfile) {
        doc_import_add_error(cs->im, line, "the row has %d fields but the header has %d (a field with a comma or a line break must be in double quotes)",
                             nf, cs->nfile);
        return;
    }
    char *vals[64] = {0};
    for (int i = 0; i < nf; i++)
        if (cs->col_of[i] >= 0)
            vals[cs->col_of[i]] = f[i];
    static char empty[] = "";
    for (int c = 0; c < doc_import_ncols; c++)
        if (!vals[c])
            vals[c] = empty;
    check_row(cs->im, line, vals, cs->publish, cs->today);
}

/* ---- JSON ---- */

/* Byte offsets of the elements of the document array, in order: the
 * top-level array, or the array under the top-level key "documents". */
static size_t *element_offsets(const char *s, size_t n, size_t *count)
{
    size_t *v = NULL, nv = 0, cap = 0;
    int depth = 0;
    int target = -1;           /* depth of the array whose elements we want */
    bool want_value = false;   /* just read a value separator in the target array */
    char key[32] = "";
    size_t i = 0;
    while (i < n) {
        char ch = s[i];
        if (ch == ' ' || ch == '\t' || ch == '\r' || ch == '\n') {
            i++;
            continue;
        }
        if (want_value && depth == target && ch != ']') {
            if (nv == cap)
                v = xrealloc(v, (cap = cap ? cap * 2 : 64) * sizeof *v);
            v[nv++] = i;
            want_value = false;
        }
        if (ch == '"') {
            size_t a = ++i;
            while (i < n && s[i] != '"')
                i += s[i] == '\\' ? 2 : 1;
            size_t l = i - a;
            if (depth == 1 && target < 0) {
                l = l < sizeof key - 1 ? l : sizeof key - 1;
                memcpy(key, s + a, l);
                key[l] = 0;
            }
            i++;
            continue;
        }
        if (ch == '[' || ch == '{') {
            depth++;
            if (ch == '[' && target < 0 && (depth == 1 || (depth == 2 && strcmp(key, "documents") == 0))) {
                target = depth;
                want_value = true;
            }
            i++;
            continue;
        }
        if (ch == ']' || ch == '}') {
            if (depth == target)
                want_value = false;
            depth--;
            i++;
            continue;
        }
        if (ch == ',' && depth == target) {
            want_value = true;
            i++;
            continue;
        }
        i++;
    }
    *count = nv;
    return v;
}

static int line_at(const char *s, size_t off)
{
    int l = 1;
    for (size_t i = 0; i < off; i++)
        l += s[i] == '\n';
    return l;
}

/* A field's value as the text a CSV cell would hold (numbers and booleans
 * written out, channels as a list joined by commas); NULL with the problem
 * recorded when the value cannot be one. Caller frees. */
static char *json_field_text(struct doc_import *im, int line, int c, json_t *val)
{
    if (json_is_string(val))
        return xstrdup(json_string_value(val));
    if (json_is_null(val))
        return xstrdup("");
    if (json_is_integer(val)) {
        char t[32];
        snprintf(t, sizeof t, "%lld", (long long)json_integer_value(val));
        return xstrdup(t);
    }
    if (json_is_boolean(val))
        return xstrdup(json_is_true(val) ? "1" : "0");
    if (!json_is_array(val) || c != C_CHANNELS) {
        doc_import_add_error(im, line, "%s: the value must be a string", doc_import_cols[c].key);
        return NULL;
    }
    buf b;
    buf_init(&b);
    buf_puts(&b, "");
    size_t k;
    json_t *x;
    json_array_foreach(val, k, x) {
        if (!json_is_string(x)) {
            doc_import_add_error(im, line, "channels: write the channels as strings");
            buf_free(&b);
            return NULL;
        }
        buf_printf(&b, "%s%s", k ? "," : "", json_string_value(x));
    }
    return buf_detach(&b);
}

/* One element of the array: its fields by column, then the row's checks. */
static void json_element(struct doc_import *im, int line, json_t *el, bool publish, gk_day today)
{
    char *vals[64] = {0};
    char *owned[64] = {0};
    bool ok = true;
    const char *key;
    json_t *val;
    json_object_foreach(el, key, val) {
        int c = column_of(key);
        if (c < 0) {
            doc_import_add_error(im, line, "unknown field '%s'", key);
            ok = false;
            continue;
        }
        char *s = json_field_text(im, line, c, val);
        if (!s) {
            ok = false;
            continue;
        }
        if (owned[c]) {   /* "title" and "标题" in one object: which is meant? */
            doc_import_add_error(im, line, "'%s' gives the field %s a second time", key, doc_import_cols[c].key);
            free(s);
            ok = false;
            continue;
        }
        owned[c] = vals[c] = s;
    }
    static char empty[] = "";
    for (int c = 0; c < doc_import_ncols; c++)
        if (!vals[c])
            vals[c] = empty;
    if (ok)
        check_row(im, line, vals, publish, today);
    for (int c = 0; c < 64; c++)
        free(owned[c]);
}

static void json_import(const char *text, size_t n, bool publish, gk_day today, struct doc_import *im)
{
    size_t bad;
    if (!utf8_valid(text, n, &bad)) {
        doc_import_add_error(im, line_at(text, bad), "the text is not valid UTF-8 (save the file as UTF-8)");
        return;
    }
    json_error_t je;
    size_t skip = n >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
    json_t *root = json_loadb(text + skip, n - skip, JSON_REJECT_DUPLICATES, &je);
    if (!root) {
        doc_import_add_error(im, je.line > 0 ? je.line : 1, "not valid JSON: %s", je.text);
        return;
    }
    json_t *arr = root;
    if (json_is_object(root))
        arr = json_object_get(root, "documents");
    if (!json_is_array(arr)) {
        doc_import_add_error(im, 1, "the JSON holds no array of documents (write [{...}, ...] or {\"documents\": [...]})");
        json_decref(root);
        return;
    }
    size_t noff;
    size_t *offs = element_offsets(text + skip, n - skip, &noff);
    size_t idx;
    json_t *el;
    json_array_foreach(arr, idx, el) {
        if (im->stopped)
            break;
        int line = idx < noff ? line_at(text + skip, offs[idx]) : 0;
        if (!json_is_object(el))
            doc_import_add_error(im, line, "element %zu is not an object with the document's fields", idx + 1);
        else
            json_element(im, line, el, publish, today);
    }
    free(offs);
    json_decref(root);
}

static int err_line_cmp(const void *a, const void *b)
{
    const struct doc_import_error *x = a, *y = b;
    return (x->line > y->line) - (x->line < y->line);
}

static void sort_errors(struct doc_import *out);

/* What every reading ends with: a file without a header or without rows. */
static void finish(struct doc_import *out, const struct csv_state *cs)
{
    if (cs && !cs->have_header)
        doc_import_add_error(out, 1, "the file is empty: the first line must be the header (title,docno,issuer,written,published,body,...)");
    if (!out->nerrors && !out->nchecked && !out->stopped)
        doc_import_add_error(out, 1, "the file holds no documents");
    sort_errors(out);
}

void doc_import_parse(const char *text, size_t n, enum doc_import_format fmt, bool publish,
                      gk_day today, struct doc_import *out)
{
    memset(out, 0, sizeof *out);
    if (fmt == DOC_IMPORT_JSON) {
        json_import(text, n, publish, today, out);
        finish(out, NULL);
        return;
    }
    struct csv_state cs = {.im = out, .publish = publish, .today = today};
    struct doc_csv_cb cb = {csv_row, csv_bad, &cs};
    doc_csv_parse(text, n, &cb);
    finish(out, &cs);
}

static int discard_row(void *arg, struct doc_import_row *r)
{
    (void)arg;
    (void)r;
    return 0;
}

int doc_import_read(FILE *f, enum doc_import_format fmt, bool publish, gk_day today,
                    const struct doc_import_sink *sink, struct doc_import *out, err *e)
{
    static const struct doc_import_sink discard = {discard_row, NULL};
    if (!sink) {   /* the first reading checks and keeps no row */
        memset(out, 0, sizeof *out);
        sink = &discard;
    } else {   /* the second reading: the index numbers are counted again */
        for (size_t i = 0; i < out->ngiven; i++)
            free(out->given[i].index_no);
        free(out->given);
        if (out->seen)
            free(out->seen->slot);
        free(out->seen);
        out->given = NULL;
        out->seen = NULL;
        out->ngiven = out->nchecked = 0;
        out->stopped = 0;
    }
    out->sink = sink;
    if (fmt == DOC_IMPORT_JSON) {
        buf b;
        buf_init(&b);
        size_t got;
        do {
            buf_reserve(&b, 1u << 16);
            got = fread(b.data + b.len, 1, 1u << 16, f);
            b.len += got;
        } while (got && b.len <= DOC_IMPORT_JSON_MAX);
        int rc = 0;
        if (ferror(f))
            rc = err_set(e, GK_EIO, "file", "could not read the file");
        else if (b.len > DOC_IMPORT_JSON_MAX)
            rc = err_set(e, GK_EINVAL, "file", "a JSON catalogue is read whole: at most %u MB (write CSV for more)",
                         DOC_IMPORT_JSON_MAX >> 20);
        if (!rc) {
            json_import(b.data ? b.data : "", b.len, publish, today, out);
            finish(out, NULL);
        }
        buf_free(&b);
        return rc ? rc : out->stopped;
    }
    struct csv_state cs = {.im = out, .publish = publish, .today = today};
    struct doc_csv_cb cb = {csv_row, csv_bad, &cs};
    int rc = doc_csv_read(f, &cb, e);
    if (rc < 0)
        return rc;
    finish(out, &cs);
    return out->stopped;
}

static void sort_errors(struct doc_import *out)
{
    /* stable: errors of one row stay in the order found */
    if (out->nerrors > 1) {
        /* insertion sort keeps equal lines in order */
        for (size_t i = 1; i < out->nerrors; i++) {
            struct doc_import_error x = out->errors[i];
            size_t j = i;
            while (j > 0 && err_line_cmp(&out->errors[j - 1], &x) > 0) {
                out->errors[j] = out->errors[j - 1];
                j--;
            }
            out->errors[j] = x;
        }
    }
}
