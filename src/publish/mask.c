/* publish — masking welfare recipient lists (低保/特困/临时救助 名单公示)
 * before anyone can publish them (docs/domain.md): names keep the surname,
 * ID numbers keep 4 + 4 characters, phone numbers go, addresses are cut to the
 * village/community level. See publish.h for the exact rules. */
#include <stdlib.h>
#include <string.h>

#include "publish/publish_internal.h"

/* Two-character surnames, so that 欧阳小明 keeps 欧阳. */
static const char *const compound_surnames[] = {
    "欧阳", "司马", "上官", "诸葛", "东方", "皇甫", "尉迟", "公孙", "慕容", "长孙", "宇文", "司徒",
    "夏侯", "令狐", "端木", "澹台", "万俟", "闻人", "轩辕", "单于", "申屠", "呼延", "独孤", "南宫",
    "西门", "百里", "东郭", "钟离", "公羊", "太史", "赫连", "拓跋", "濮阳", "淳于", "仲孙", "司空",
};

static bool is_space_cp(uint32_t cp)
{
    return cp == ' ' || cp == '\t' || cp == '\r' || cp == '\n' || cp == 0x3000 || cp == 0xA0;
}

/* Trims spaces (ASCII and ideographic) off both ends of [*a, *b). */
static void trim(const char *s, size_t *a, size_t *b)
{
    for (;;) {
        if (*a < *b && (s[*a] == ' ' || s[*a] == '\t' || s[*a] == '\r'))
            (*a)++;
        else if (*b - *a >= 3 && memcmp(s + *a, "\xE3\x80\x80", 3) == 0)
            *a += 3;
        else
            break;
    }
    for (;;) {
        if (*b > *a && (s[*b - 1] == ' ' || s[*b - 1] == '\t' || s[*b - 1] == '\r'))
            (*b)--;
        else if (*b - *a >= 3 && memcmp(s + *b - 3, "\xE3\x80\x80", 3) == 0)
            *b -= 3;
        else
            break;
    }
}

void doc_mask_name(const char *name, buf *out)
{
    size_t a = 0, b = strlen(name);
    trim(name, &a, &b);
    size_t nc;
    struct cpx *c = publish_decode(name + a, b - a, &nc);
    if (nc == 0) {
        free(c);
        return;
    }
    if (nc == 1) {   /* one character is no name we can keep any of */
        buf_putc(out, '*');
        free(c);
        return;
    }
    const char *s = name + a;
    size_t sur = 1;
    if (nc >= 3)
        for (size_t i = 0; i < sizeof compound_surnames / sizeof compound_surnames[0]; i++) {
            size_t l = strlen(compound_surnames[i]);
            if (b - a >= l && memcmp(s, compound_surnames[i], l) == 0) {
                sur = 2;
                break;
            }
        }
    for (size_t i = 0; i < sur; i++)
        buf_append(out, s + c[i].off, c[i].len);
    size_t given = nc - sur;
    if (given == 1) {
        buf_putc(out, '*');
    } else {
        for (size_t i = sur; i + 1 < nc; i++) {
            uint32_t cp = c[i].cp;
            if (cp == 0xB7 || cp == 0x2022 || cp == 0x30FB || cp == '.')   /* 阿依古丽·买买提 */
                buf_append(out, s + c[i].off, c[i].len);
            else
                buf_putc(out, '*');
        }
        buf_append(out, s + c[nc - 1].off, c[nc - 1].len);
    }
    free(c);
}

void doc_mask_id(const char *id, buf *out)
{
    size_t a = 0, b = strlen(id);
    trim(id, &a, &b);
    size_t nc;
    struct cpx *c = publish_decode(id + a, b - a, &nc);
    for (size_t i = 0; i < nc; i++) {
        bool keep = nc >= 9 && (i < 4 || i >= nc - 4);
        if (keep)
            buf_append(out, id + a + c[i].off, c[i].len);
        else
            buf_putc(out, '*');
    }
    free(c);
}

/* ---- addresses ---- */

static const char *const village_markers[] = {
    "村民委员会", "居民委员会", "村委会", "居委会", "社区", "嘎查", "村"};
static const char *const township_markers[] = {
    "街道办事处", "街道", "办事处", "苏木", "乡", "镇"};
static const char *const county_markers[] = {"县", "区", "旗", "市"};

/* Byte length of the address part before its first digit (house numbers). */
static size_t before_digits(const char *s, size_t n)
{
    size_t i = 0;
    while (i < n) {
        uint32_t cp;
        int l = utf8_decode(s + i, n - i, &cp);
        if (!l)
            return i;
        if ((cp >= '0' && cp <= '9') || (cp >= 0xFF10 && cp <= 0xFF19))
            return i;
        i += (size_t)l;
    }
    return n;
}

static bool has_at(const char *s, size_t n, size_t i, const char *m)
{
    size_t l = strlen(m);
    return i + l <= n && memcmp(s + i, m, l) == 0;
}

/* Does a county-level marker occur at or after byte `from`? Then a unit
 * found before it belongs to a county's name (乡宁县), not to a township. */
static bool county_after(const char *s, size_t n, size_t from)
{
    for (size_t i = from; i < n; i++)
        for (size_t k = 0; k < sizeof county_markers / sizeof county_markers[0]; k++)
            if (has_at(s, n, i, county_markers[k]))
                return true;
    return false;
}

/* The end (byte) of the earliest unit of one level, or 0. A unit needs a
 * name before it, so a marker at the very start does not count. */
static size_t earliest_unit(const char *s, size_t n, const char *const *markers, size_t nm)
{
    for (size_t i = 1; i < n; i++) {
        if (((unsigned char)s[i] & 0xC0) == 0x80)
            continue;   /* not at a character boundary */
        size_t best = 0;
        for (size_t k = 0; k < nm; k++)
            if (has_at(s, n, i, markers[k]) && strlen(markers[k]) > best)
                best = strlen(markers[k]);
        if (best && !county_after(s, n, i + best))
            return i + best;
    }
    return 0;
}

size_t doc_mask_address(const char *addr, buf *out)
{
    size_t a = 0, b = strlen(addr);
    trim(addr, &a, &b);
    const char *s = addr + a;
    size_t n = before_digits(s, b - a);
    size_t cut = earliest_unit(s, n, village_markers, sizeof village_markers / sizeof village_markers[0]);
    if (!cut)
        cut = earliest_unit(s, n, township_markers, sizeof township_markers / sizeof township_markers[0]);
    if (!cut) {
        for (size_t i = 1; i < n; i++)
            for (size_t k = 0; k < sizeof county_markers / sizeof county_markers[0]; k++)
                if (has_at(s, n, i, county_markers[k]))
                    cut = i + strlen(county_markers[k]);
    }
    buf_append(out, s, cut);
    return cut;
}

/* ---- lists ---- */

enum col_kind { COL_KEEP, COL_NAME, COL_ID, COL_PHONE, COL_ADDRESS };

static bool contains(const char *s, size_t n, const char *w)
{
    size_t l = strlen(w);
    for (size_t i = 0; i + l <= n; i++)
        if (memcmp(s + i, w, l) == 0)
            return true;
    return false;
}

static bool equals(const char *s, size_t n, const char *w)
{
    return strlen(w) == n && memcmp(s, w, n) == 0;
}

static enum col_kind header_kind(const char *s, size_t n)
{
    static const char *const name_eq[] = {"户主", "申请人", "救助对象", "保障对象", "供养对象",
                                          "家庭成员", "成员", "户主名", "共同生活家庭成员"};
    if (contains(s, n, "身份证") || contains(s, n, "身份号码") || contains(s, n, "证件号"))
        return COL_ID;
    if (contains(s, n, "电话") || contains(s, n, "手机") || contains(s, n, "联系方式"))
        return COL_PHONE;
    if (contains(s, n, "住址") || contains(s, n, "地址") || contains(s, n, "居住地") ||
        contains(s, n, "户籍地"))
        return COL_ADDRESS;
    if (contains(s, n, "姓名"))
        return COL_NAME;
    for (size_t i = 0; i < sizeof name_eq / sizeof name_eq[0]; i++)
        if (equals(s, n, name_eq[i]))
            return COL_NAME;
    return COL_KEEP;
}

/* A line split into cells: cell k is [cs[k], ce[k]) and is followed by the
 * separator [ce[k], cs[k+1]). */
#define MAXCELLS DOC_MASK_MAXCOLS
struct cells { size_t cs[MAXCELLS], ce[MAXCELLS]; int n; };

static void split_line(const char *s, size_t n, struct cells *c)
{
    enum { SEP_TAB, SEP_PIPE, SEP_COMMA, SEP_FWCOMMA, SEP_SPACES, SEP_NONE } kind = SEP_NONE;
    if (memchr(s, '\t', n))
        kind = SEP_TAB;
    else if (memchr(s, '|', n))
        kind = SEP_PIPE;
    else if (memchr(s, ',', n))
        kind = SEP_COMMA;
    else if (contains(s, n, "，"))
        kind = SEP_FWCOMMA;
    else {
        /* two or more spaces (ASCII or ideographic) in a row */
        int run = 0;
        for (size_t i = 0; i < n && kind == SEP_NONE;) {
            if (s[i] == ' ') {
                run++;
                i++;
            } else if (has_at(s, n, i, "\xE3\x80\x80")) {
                run += 2;
                i += 3;
            } else {
                run = 0;
                i++;
            }
            if (run >= 2)
                kind = SEP_SPACES;
        }
    }
    c->n = 0;
    size_t start = 0, i = 0;
    while (i <= n) {
        if (c->n == MAXCELLS - 1) {   /* the last cell takes the rest of the line */
            c->cs[c->n] = start;
            c->ce[c->n] = n;
            c->n++;
            break;
        }
        size_t seplen = 0;
        if (i < n) {
            switch (kind) {
            case SEP_TAB: seplen = s[i] == '\t'; break;
            case SEP_PIPE: seplen = s[i] == '|'; break;
            case SEP_COMMA: seplen = s[i] == ','; break;
            case SEP_FWCOMMA: seplen = has_at(s, n, i, "，") ? 3 : 0; break;
            case SEP_SPACES: {
                size_t j = i;
                int run = 0;
                while (j < n && (s[j] == ' ' || has_at(s, n, j, "\xE3\x80\x80"))) {
                    run += s[j] == ' ' ? 1 : 2;
                    j += s[j] == ' ' ? 1 : 3;
                }
                seplen = run >= 2 ? j - i : 0;
                break;
            }
            case SEP_NONE: break;
            }
        }
        if (i == n || seplen) {
            c->cs[c->n] = start;
            c->ce[c->n] = i;
            c->n++;
            if (i == n)
                break;
            i += seplen;
            start = i;
        } else {
            i++;
        }
    }
}

/* Labels in running text ("户主：张三明，住址：…") whose value is masked. */
static const struct { const char *label; enum col_kind kind; } text_labels[] = {
    {"户主姓名", COL_NAME}, {"申请人姓名", COL_NAME}, {"姓名", COL_NAME}, {"户主", COL_NAME},
    {"申请人", COL_NAME}, {"家庭详细住址", COL_ADDRESS}, {"家庭住址", COL_ADDRESS},
    {"居住地址", COL_ADDRESS}, {"住址", COL_ADDRESS}, {"地址", COL_ADDRESS},
};

/* The label at byte i followed by a colon: returns the byte where its value
 * starts (after the colon and spaces), or 0. */
static size_t label_at(const char *s, size_t n, size_t i, enum col_kind *kind)
{
    for (size_t k = 0; k < sizeof text_labels / sizeof text_labels[0]; k++) {
        size_t l = strlen(text_labels[k].label);
        if (!has_at(s, n, i, text_labels[k].label))
            continue;
        size_t p = i + l;
        if (has_at(s, n, p, "："))
            p += 3;
        else if (p < n && s[p] == ':')
            p++;
        else
            continue;
        while (p < n && (s[p] == ' ' || has_at(s, n, p, "\xE3\x80\x80")))
            p += s[p] == ' ' ? 1 : 3;
        *kind = text_labels[k].kind;
        return p;
    }
    return 0;
}

/* End of a labelled value: the next punctuation, space or end of text. */
static size_t value_end(const char *s, size_t n, size_t p, enum col_kind kind)
{
    size_t i = p;
    int chars = 0;
    while (i < n) {
        uint32_t cp;
        int l = utf8_decode(s + i, n - i, &cp);
        if (!l)
            break;
        if (is_space_cp(cp) || cp == ',' || cp == ';' || cp == 0xFF0C || cp == 0x3002 ||
            cp == 0xFF1B || cp == 0x3001 || cp == 0xFF08 || cp == '(')
            break;
        if (kind == COL_NAME && ((!utf8_is_han(cp) && cp != '*') || ++chars > 6))
            break;
        i += (size_t)l;
    }
    return i;
}

enum num_kind { NUM_NONE, NUM_ID, NUM_PHONE };

/* Digits after code point j: how many, and where they end. */
static size_t digits_from(const struct cpx *c, size_t nc, size_t j, size_t *count)
{
    size_t k = j, m = 0;
    while (k < nc && c[k].cp >= '0' && c[k].cp <= '9')
        k++, m++;
    *count = m;
    return k;
}

static bool is_sep(const struct cpx *c, size_t nc, size_t j)
{
    return j + 1 < nc && (c[j].cp == '-' || c[j].cp == ' ');
}

/* What the number d (l digits, code points [i, j)) is: an ID number, a phone
 * (mobile; a landline only when landlines), or neither. A number written in
 * parts (0396-2816123, 138-1234-5678) moves *end past its last part. */
static enum num_kind number_kind(const struct cpx *c, size_t nc, size_t j, const char *d, size_t l,
                                 bool landlines, size_t *end)
{
    *end = j;
    if ((l == 18 && publish_region_ok(d) &&
         publish_ymd_ok((d[6] - '0') * 1000 + (d[7] - '0') * 100 + (d[8] - '0') * 10 + d[9] - '0',
                        (d[10] - '0') * 10 + d[11] - '0', (d[12] - '0') * 10 + d[13] - '0')) ||
        publish_old_id_plausible(d, l))
        return NUM_ID;   /* masked whether or not its check digit is right */
    if ((l == 11 && d[0] == '1' && d[1] >= '3' && d[1] <= '9') ||
        (l == 13 && d[0] == '8' && d[1] == '6' && d[2] == '1'))
        return NUM_PHONE;
    if (landlines && d[0] == '0' && (l == 11 || l == 12))
        return NUM_PHONE;   /* landline with its area code, written together */
    size_t m1, m2, k;
    if (landlines && d[0] == '0' && (l == 3 || l == 4) && is_sep(c, nc, j)) {
        /* 0396-2816123: area code, separator, 7 or 8 digits */
        k = digits_from(c, nc, j + 1, &m1);
        if (m1 == 7 || m1 == 8) {
            *end = k;
            return NUM_PHONE;
        }
    } else if (l == 3 && d[0] == '1' && is_sep(c, nc, j)) {
        /* 138-1234-5678 */
        k = digits_from(c, nc, j + 1, &m1);
        if (m1 == 4 && is_sep(c, nc, k)) {
            k = digits_from(c, nc, k + 1, &m2);
            if (m2 == 4) {
                *end = k;
                return NUM_PHONE;
            }
        }
    }
    return NUM_NONE;
}

/* Where a phone number's label right before byte `from` begins (联系电话：,
 * 手机: ...), not before `copied`; `from` when there is none. */
static size_t phone_label_start(const char *s, size_t copied, size_t from)
{
    static const char *const labels[] = {"联系电话", "联系方式", "手机号码", "电话号码",
                                         "手机号", "电话", "手机", "Tel", "tel", "TEL"};
    size_t p = from;
    while (p > copied && (s[p - 1] == ' ' || s[p - 1] == ':'))
        p--;
    if (p >= copied + 3 && memcmp(s + p - 3, "\xEF\xBC\x9A", 3) == 0)   /* ： */
        p -= 3;
    for (size_t k = 0; k < sizeof labels / sizeof labels[0]; k++) {
        size_t ll = strlen(labels[k]);
        if (p >= copied + ll && memcmp(s + p - ll, labels[k], ll) == 0)
            return p - ll;
    }
    return from;
}

/* The number starting at code point i, as ASCII digits in d (an 18-digit ID's
 * final x as X); returns the code point after it. */
static size_t read_number(const struct cpx *c, size_t nc, size_t i, char d[64], size_t *l)
{
    size_t j = i, n = 0;
    while (j < nc && c[j].cp >= '0' && c[j].cp <= '9') {
        if (n < 63)
            d[n++] = (char)c[j].cp;
        j++;
    }
    if (j < nc && c[j].cp == 'x' && n == 17) {
        d[n++] = 'X';
        j++;
    }
    d[n] = 0;
    *l = n;
    return j;
}

/* Masks the value after a label (姓名：, 住址：) at code point i, if one is
 * there; returns true and moves *i and *copied past it. */
static bool mask_labelled(const char *s, size_t n, const struct cpx *c, size_t nc, size_t *i,
                          size_t *copied, buf *out, struct doc_mask_stats *st)
{
    enum col_kind lk;
    size_t vstart = label_at(s, n, c[*i].off, &lk);
    if (!vstart)
        return false;
    size_t vend = value_end(s, n, vstart, lk);
    if (vend <= vstart)
        return false;
    buf_append(out, s + *copied, vstart - *copied);
    char *v = xstrndup(s + vstart, vend - vstart);
    if (lk == COL_NAME) {
        doc_mask_name(v, out);
        st->names++;
    } else {
        doc_mask_address(v, out);
        st->addresses++;
    }
    free(v);
    *copied = vend;
    while (*i < nc && c[*i].off < vend)
        (*i)++;
    return true;
}

/* Masks IDs, names and addresses after their labels, and removes mobile
 * numbers (and landlines when asked: in table cells, not in the running text,
 * where they are the office's own numbers such as the 监督电话), in a piece of
 * text; appends to out. */
static void mask_free_text(const char *s, size_t n, buf *out, struct doc_mask_stats *st,
                           bool landlines)
{
    size_t nc;
    struct cpx *c = publish_decode(s, n, &nc);
    size_t i = 0, copied = 0;   /* copied: bytes of s already appended */
    char d[64];
    while (i < nc) {
        if (mask_labelled(s, n, c, nc, &i, &copied, out, st))
            continue;
        bool dig = c[i].cp >= '0' && c[i].cp <= '9';
        bool alnum_before = i > 0 && ((c[i - 1].cp >= '0' && c[i - 1].cp <= '9') ||
                                      (c[i - 1].cp >= 'a' && c[i - 1].cp <= 'z'));
        if (!dig || alnum_before) {
            i++;
            continue;
        }
        size_t l, j = read_number(c, nc, i, d, &l), end;
        if (j < nc && c[j].cp >= 'a' && c[j].cp <= 'z') {
            i = j;
            continue;
        }
        enum num_kind what = number_kind(c, nc, j, d, l, landlines, &end);
        if (what == NUM_NONE) {
            i = j;
            continue;
        }
        size_t from = c[i].off, to = c[end - 1].off + c[end - 1].len;
        if (what == NUM_ID) {
            buf_append(out, s + copied, from - copied);
            doc_mask_id(d, out);
            st->ids++;
        } else {
            size_t cut = phone_label_start(s, copied, from);
            buf_append(out, s + copied, cut - copied);
            st->phones++;
        }
        copied = to;
        i = end;
    }
    buf_append(out, s + copied, n - copied);
    free(c);
}

/* Masks each name in a cell that may hold several (李四、王五). */
static void mask_names_cell(const char *s, size_t n, buf *out, struct doc_mask_stats *st)
{
    size_t i = 0, start = 0;
    while (i <= n) {
        uint32_t cp = 0;
        int l = 1;
        if (i < n) {
            l = utf8_decode(s + i, n - i, &cp);
            if (!l) {
                cp = 0xFFFD;
                l = 1;
            }
        }
        bool sep = i == n || cp == 0x3001 || cp == 0xFF0C || cp == ',' || cp == ';' || cp == 0xFF1B ||
                   cp == '/' || is_space_cp(cp);
        if (sep) {
            if (i > start) {
                char *one = xstrndup(s + start, i - start);
                doc_mask_name(one, out);
                free(one);
                st->names++;
            }
            if (i < n)
                buf_append(out, s + i, (size_t)l);
            start = i + (size_t)l;
        }
        i += (size_t)l;
    }
}

/* Whether cells [cs[j], ce[j]) of s make a header row (one with a 姓名
 * column); k[] gets each column's kind. */
static bool header_row(const char *const *s, const size_t *cs, const size_t *ce, int n, enum col_kind *k)
{
    bool name = false;
    for (int j = 0; j < n; j++) {
        size_t a = cs[j], b = ce[j];
        trim(s[j], &a, &b);
        /* a header cell is a short label: no digits, no colon
         * ("姓名：张三" is a name, not a column heading) */
        bool label = utf8_len(s[j] + a, b - a) <= 12 && before_digits(s[j] + a, b - a) == b - a &&
                     !contains(s[j] + a, b - a, "：") && !memchr(s[j] + a, ':', b - a);
        k[j] = label ? header_kind(s[j] + a, b - a) : COL_KEEP;
        name |= k[j] == COL_NAME;
    }
    return name;
}

/* Masks the trimmed content [a, b) of one table cell of column kind k. */
static void mask_cell(enum col_kind k, bool header, const char *s, size_t a, size_t b, buf *out,
                      struct doc_mask_stats *st)
{
    if (header) {
        if (k == COL_ADDRESS)
            buf_puts(out, "住址（至村、社区）");
        else
            mask_free_text(s + a, b - a, out, st, true);
    } else if (a == b) {
        /* empty cell */
    } else if (k == COL_NAME) {
        mask_names_cell(s + a, b - a, out, st);
    } else if (k == COL_ID) {
        char *v = xstrndup(s + a, b - a);
        doc_mask_id(v, out);
        free(v);
        st->ids++;
    } else if (k == COL_ADDRESS) {
        char *v = xstrndup(s + a, b - a);
        doc_mask_address(v, out);
        free(v);
        st->addresses++;
    } else {
        mask_free_text(s + a, b - a, out, st, true);
    }
}

void doc_mask_row(struct doc_mask_table *t, const char *const *cells, int n, buf *out,
                  struct doc_mask_stats *st)
{
    int nall = n;
    if (n > DOC_MASK_MAXCOLS)
        n = DOC_MASK_MAXCOLS;   /* the cells beyond are masked as free text */
    for (int j = n; j < nall; j++)
        mask_free_text(cells[j], strlen(cells[j]), &out[j], st, true);
    size_t cs[DOC_MASK_MAXCOLS], ce[DOC_MASK_MAXCOLS];
    int filled = 0;
    for (int j = 0; j < n; j++) {
        cs[j] = 0;
        ce[j] = strlen(cells[j]);
        size_t a = cs[j], b = ce[j];
        trim(cells[j], &a, &b);
        filled += a < b;
    }
    enum col_kind k[DOC_MASK_MAXCOLS];
    bool header = n >= 2 && header_row(cells, cs, ce, n, k);
    if (header) {
        t->in_table = true;
        t->ncols = n;
        for (int j = 0; j < n; j++)
            t->cols[j] = (int)k[j];
        st->header_found = true;
    }
    if (!filled)
        t->in_table = false;   /* an empty row ends a table, as a blank line does */
    bool row = t->in_table && filled >= 1 && n >= 2;
    if (row && !header)
        st->rows++;
    for (int j = 0; j < n; j++) {
        const char *s = cells[j];
        if (!row) {
            mask_free_text(s, ce[j], &out[j], st, false);
            continue;
        }
        enum col_kind kj = j < t->ncols ? (enum col_kind)t->cols[j] : COL_KEEP;
        size_t a = 0, b = ce[j];
        trim(s, &a, &b);
        if (kj == COL_PHONE) {   /* the cell stays, empty; so does the heading */
            if (!header && a < b)
                st->phones++;
            continue;
        }
        buf_append(&out[j], s, a);
        mask_cell(kj, header, s, a, b, &out[j], st);
        buf_append(&out[j], s + b, ce[j] - b);
    }
}

void doc_mask_list(const char *text, size_t n, buf *out, struct doc_mask_stats *st)
{
    memset(st, 0, sizeof *st);
    enum col_kind cols[MAXCELLS];
    int ncols = 0;
    bool in_table = false;
    size_t i = 0;
    buf_puts(out, "");
    while (i < n) {
        size_t end = i;
        while (end < n && text[end] != '\n')
            end++;
        size_t lend = end;   /* line without its newline (and \r) */
        if (lend > i && text[lend - 1] == '\r')
            lend--;
        const char *s = text + i;
        size_t len = lend - i;
        struct cells c;
        split_line(s, len, &c);
        /* is this a header row? */
        bool header = false;
        if (c.n >= 2) {
            enum col_kind k[MAXCELLS];
            const char *lines[MAXCELLS];
            for (int j = 0; j < c.n; j++)
                lines[j] = s;
            if (header_row(lines, c.cs, c.ce, c.n, k)) {
                header = true;
                st->header_found = true;
                in_table = true;
                ncols = c.n;
                memcpy(cols, k, sizeof(enum col_kind) * (size_t)c.n);
            }
        }
        if (in_table && c.n >= 2) {
            if (!header)
                st->rows++;
            bool first_out = true;
            for (int j = 0; j < c.n; j++) {
                enum col_kind k = j < ncols ? cols[j] : COL_KEEP;
                if (k == COL_PHONE) {
                    if (!header && c.ce[j] > c.cs[j])
                        st->phones++;
                    continue;   /* the column goes, with its separator */
                }
                if (!first_out)   /* the separator before this cell */
                    buf_append(out, s + c.ce[j - 1], c.cs[j] - c.ce[j - 1]);
                first_out = false;
                size_t a = c.cs[j], b = c.ce[j];
                trim(s, &a, &b);
                buf_append(out, s + c.cs[j], a - c.cs[j]);
                mask_cell(k, header, s, a, b, out, st);
                buf_append(out, s + b, c.ce[j] - b);
            }
        } else {
            if (len == 0)
                in_table = false;   /* a blank line ends a table */
            mask_free_text(s, len, out, st, false);
        }
        buf_append(out, text + lend, end - lend);   /* \r */
        if (end < n)
            buf_putc(out, '\n');
        i = end + 1;
    }
}
