/*
 * report — what a report's text says about itself: the title (agency and
 * reporting year), the year the narrative talks about most, the agency the
 * narrative names, and counts stated in sentences ("受理依申请公开事项141件",
 * "未发生…行政复议和行政诉讼"). Fed folded, simplified lines by read.c.
 *
 * Publication dates (2019年1月30日, 2019年01月) are not reporting years: a
 * year followed by a month is a date and is not counted.
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "report/read_int.h"

#define META_TITLE_LINES 60      /* the title is among the first non-empty lines */
#define META_AGENCY_SCAN (256 * 1024)
#define META_MAXCAND 64
#define META_FRAME_LINE 200        /* a metadata line (来源：…) is shorter than this */

struct rd_meta {
    int nonempty;
    buf prev;                    /* previous non-empty line (short ones only) */
    int title_year;
    char *title_agency;          /* full name from the title */
    char *title_tail;            /* "市民政局" when the title names it generically */
    int bare_year;               /* a line like "（2018年度）" */
    int year_count[200];         /* 1900..2099 */
    int year_first[200];
    int year_seq;
    double *counts;              /* [rpt_legacy_n], narrative counts */
    bool is_report;
};

struct rd_meta *rd_meta_new(void)
{
    struct rd_meta *m = xcalloc(1, sizeof *m);
    buf_init(&m->prev);
    m->counts = xmalloc(sizeof(double) * (size_t)rpt_legacy_n);
    for (int i = 0; i < rpt_legacy_n; i++)
        m->counts[i] = RPT_NULL;
    return m;
}

void rd_meta_free(struct rd_meta *m)
{
    if (!m)
        return;
    buf_free(&m->prev);
    free(m->title_agency);
    free(m->title_tail);
    free(m->counts);
    free(m);
}

static const char *find(const char *s, size_t n, const char *pat)
{
    size_t k = strlen(pat);
    if (k == 0 || n < k)
        return NULL;
    return memmem(s, n, pat, k);
}

static bool has(const char *s, size_t n, const char *pat) { return find(s, n, pat) != NULL; }

static bool is_digit(char c) { return c >= '0' && c <= '9'; }

static bool ends_with(const char *s, size_t n, const char *suf)
{
    size_t k = strlen(suf);
    return n >= k && memcmp(s + n - k, suf, k) == 0;
}

static bool starts_with(const char *s, size_t n, const char *pre)
{
    size_t k = strlen(pre);
    return n >= k && memcmp(s, pre, k) == 0;
}

/* Finds "YYYY年" (19xx/20xx, not part of a longer number) from s; returns its
 * offset or -1, and the year. */
static long find_year(const char *s, size_t n, size_t from, int *year, size_t *year_len)
{
    for (size_t i = from; i + 7 <= n; i++) {
        if (!is_digit(s[i]) || (i > 0 && is_digit(s[i - 1])))
            continue;
        if (!(is_digit(s[i + 1]) && is_digit(s[i + 2]) && is_digit(s[i + 3])))
            continue;
        size_t sp = 0;   /* "2024 年": a space before 年, as text out of a PDF has it */
        while (sp < 2 && i + 4 + sp < n && s[i + 4 + sp] == ' ')
            sp++;
        if (i + 4 + sp + 3 > n || memcmp(s + i + 4 + sp, "年", 3) != 0)
            continue;
        int y = (s[i] - '0') * 1000 + (s[i + 1] - '0') * 100 + (s[i + 2] - '0') * 10 + (s[i + 3] - '0');
        if (y < 1990 || y > 2099)
            continue;
        *year = y;
        *year_len = 4 + sp + 3;
        return (long)i;
    }
    return -1;
}

/* What ends an agency's name, longest first where one ends another: organs
 * of government, zones and their committees, sub-district offices,
 * townships, and public institutions (schools, hospitals, centres). */
static const char *const agency_suffixes[] = {
    "委员会", "办公室", "人民政府", "街道办事处", "办事处", "管委会", "综合实验区", "新区", "开发区",
    "高新区", "示范区", "试验区", "医院", "学校", "学院", "大学", "中学", "小学", "幼儿园", "中心",
    "研究院", "研究所", "街道", "局", "厅", "委", "办", "乡", "镇", "院", "所", "站", "馆",
};

/* Lines of a page's frame, not of the report: its metadata (来源, 发布机构)
 * and navigation. No title or agency is taken from them. */
static const char *const meta_prefixes[] = {
    "来源", "信息来源", "发布机构", "发布单位", "发布日期", "发布时间", "发文机关", "索引号", "文号",
    "主题分类", "成文日期", "作者", "浏览次数", "访问次数", "当前位置", "您当前的位置", "您的位置",
};

/* Bytes of a metadata prefix ("来源：") at s, or 0. */
static size_t meta_prefix(const char *s, size_t n)
{
    for (size_t k = 0; k < sizeof meta_prefixes / sizeof meta_prefixes[0]; k++) {
        size_t l = strlen(meta_prefixes[k]);
        if (n >= l && memcmp(s, meta_prefixes[k], l) == 0) {
            size_t i = l;
            while (i < n && s[i] == ' ')
                i++;
            if (i < n && (s[i] == ':' || s[i] == '>'))
                return i + 1;
        }
    }
    return 0;
}

static bool han_only(const char *s, size_t n)
{
    size_t i = 0;
    while (i < n) {
        uint32_t cp;
        int l = utf8_decode(s + i, n - i, &cp);
        if (!l || !utf8_is_han(cp))
            return false;
        i += (size_t)l;
    }
    return n > 0;
}

static bool agency_like(const char *s, size_t n)
{
    if (n < 6 || n > 90 || !han_only(s, n))
        return false;
    for (size_t k = 0; k < sizeof agency_suffixes / sizeof agency_suffixes[0]; k++)
        if (ends_with(s, n, agency_suffixes[k]))
            return true;
    return false;
}

/* Strips spaces and punctuation at both ends (ASCII and a few CJK marks). */
static void trim_punct(const char **s, size_t *n)
{
    static const char *const marks[] = {"：", "，", "、", "。", "《", "》", "“", "”"};
    for (bool again = true; again;) {
        again = false;
        while (*n && ((unsigned char)**s < 0x80) && !is_digit(**s) &&
               !((**s | 32) >= 'a' && (**s | 32) <= 'z')) {
            (*s)++, (*n)--;
            again = true;
        }
        while (*n && ((unsigned char)(*s)[*n - 1] < 0x80) && !is_digit((*s)[*n - 1])) {
            (*n)--;
            again = true;
        }
        for (size_t k = 0; k < sizeof marks / sizeof marks[0]; k++) {
            size_t ml = strlen(marks[k]);
            if (starts_with(*s, *n, marks[k]))
                *s += ml, *n -= ml, again = true;
            if (ends_with(*s, *n, marks[k]))
                *n -= ml, again = true;
        }
    }
}

/* Generic references: the title says "市民政局" and the text says which city. */
static bool generic_place(const char *s, size_t n)
{
    static const char *const g[] = {"市", "区", "县", "省", "州", "旗", "本", "我", "各", "全", "该"};
    for (size_t k = 0; k < sizeof g / sizeof g[0]; k++)
        if (starts_with(s, n, g[k]))
            return true;
    return false;
}

static void try_title(struct rd_meta *m, const char *s, size_t n)
{
    int year;
    size_t yl;
    long pos = find_year(s, n, 0, &year, &yl);
    if (pos < 0)
        return;
    m->title_year = year;
    const char *b = s;
    size_t bn = (size_t)pos;
    trim_punct(&b, &bn);
    if (agency_like(b, bn) && !generic_place(b, bn)) {
        m->title_agency = xstrndup(b, bn);
        return;
    }
    /* "2009年度市民政局信息公开工作报告": the agency after the year */
    const char *a = s + pos + yl;
    size_t an = n - (size_t)pos - yl;
    if (starts_with(a, an, "度"))
        a += 3, an -= 3;
    static const char *const ends[] = {"政府信息公开", "信息公开", "政务公开", "政府信息"};
    for (size_t k = 0; k < sizeof ends / sizeof ends[0]; k++) {
        const char *e = find(a, an, ends[k]);
        if (!e)
            continue;
        const char *c = a;
        size_t cn = (size_t)(e - a);
        trim_punct(&c, &cn);
        if (cn >= 3 && han_only(c, cn)) {
            bool suffix = false;
            for (size_t j = 0; j < sizeof agency_suffixes / sizeof agency_suffixes[0]; j++)
                suffix |= ends_with(c, cn, agency_suffixes[j]);
            if (!suffix)
                break;
            if (generic_place(c, cn))
                m->title_tail = xstrndup(c, cn);
            else if (agency_like(c, cn))
                m->title_agency = xstrndup(c, cn);
        }
        break;
    }
}

/* The title split over two lines before its year: the previous line and
 * this one read as one title, kept when that names the agency. */
static void title_joined(struct rd_meta *m, const char *s, size_t n)
{
    buf t;
    buf_init(&t);
    buf_append(&t, m->prev.data, m->prev.len);
    buf_append(&t, s, n);
    try_title(m, t.data, t.len);
    buf_free(&t);
}

static bool title_words(const char *s, size_t n)
{
    return (has(s, n, "报告") || has(s, n, "年报")) &&
           (has(s, n, "信息公开") || has(s, n, "政务公开") || has(s, n, "政府信息"));
}

/* ---- narrative counts ---- */

struct stem {
    const char *stem;
    const char *key;
};
/* Longest first where one ends another ("信函、传真申请" before "传真申请"). */
static const struct stem stems[] = {
    {"受理依申请公开事项", "applications.received"},
    {"受理政府信息公开申请", "applications.received"},
    {"收到政府信息公开申请", "applications.received"},
    {"政府信息依申请公开申请", "applications.received"},
    {"受理信息公开申请", "applications.received"},
    {"收到信息公开申请", "applications.received"},
    {"依申请公开申请", "applications.received"},
    {"信函、传真申请", "applications.letter_fax"},
    {"信函传真申请", "applications.letter_fax"},
    {"信函申请", "applications.letter"},
    {"传真申请", "applications.fax"},
    {"当面申请", "applications.in_person"},
    {"现场申请", "applications.in_person"},
    {"网络申请", "applications.online"},
    {"网上申请", "applications.online"},
    {"行政复议", "review.total"},
    {"行政诉讼", "litigation.total"},
};

/* Units that make a number a count of cases. */
static size_t count_unit(const char *s, size_t n)
{
    static const char *const units[] = {"件", "条", "起", "个", "宗", "例", "次"};
    for (size_t k = 0; k < sizeof units / sizeof units[0]; k++)
        if (starts_with(s, n, units[k]))
            return strlen(units[k]);
    return 0;
}

static void set_count(struct rd_meta *m, const char *key, double v)
{
    int k = rpt_legacy_index(key);
    if (k >= 0 && rpt_is_null(m->counts[k]))
        m->counts[k] = v;
}

/* Text before a number: skip "共", "计", "为", ":" and the like. */
static size_t skip_fillers_back(const char *s, size_t end)
{
    static const char *const fill[] = {"合计", "总计", "共计", "共", "计", "为", "达", "了", ":", " ", "，", ","};
    for (bool again = true; again;) {
        again = false;
        for (size_t k = 0; k < sizeof fill / sizeof fill[0]; k++) {
            size_t fl = strlen(fill[k]);
            if (end >= fl && memcmp(s + end - fl, fill[k], fl) == 0) {
                end -= fl;
                again = true;
                break;
            }
        }
    }
    return end;
}

static void scan_counts(struct rd_meta *m, const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (!is_digit(s[i]) || (i > 0 && (is_digit(s[i - 1]) || s[i - 1] == '.')))
            continue;
        size_t j = i;
        while (j < n && is_digit(s[j]))
            j++;
        size_t ul = count_unit(s + j, n - j);
        if (!ul || j - i > 15) {
            i = j;
            continue;
        }
        size_t end = skip_fillers_back(s, i);
        for (size_t k = 0; k < sizeof stems / sizeof stems[0]; k++) {
            if (ends_with(s, end, stems[k].stem)) {
                double v = 0;
                for (size_t d = i; d < j; d++)
                    v = v * 10 + (s[d] - '0');
                set_count(m, stems[k].key, v);
                break;
            }
        }
        i = j;
    }
}

/* A sentence with a negation and no counted number: "未发生…行政复议和行政诉讼". */
static bool counted_number(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (is_digit(s[i])) {
            size_t j = i;
            while (j < n && is_digit(s[j]))
                j++;
            if (count_unit(s + j, n - j))
                return true;
            i = j;
        }
    return false;
}

static void scan_sentences(struct rd_meta *m, const char *s, size_t n)
{
    static const char *const neg[] = {"未发生", "没有发生", "未曾发生", "未出现", "没有出现", "未有"};
    static const char *const neg_recv[] = {"未收到", "未曾收到", "没有收到", "未接到", "没有接到", "未受理"};
    size_t start = 0;
    while (start < n) {
        size_t end = start;
        while (end < n && !(starts_with(s + end, n - end, "。") || s[end] == ';'))
            end++;
        const char *t = s + start;
        size_t tn = end - start;
        if (tn > 6 && !counted_number(t, tn)) {
            /* what is negated comes after the negation (a heading before it,
             * "五、…行政复议…情况2009年我局未发生…", is not what it denies) */
            for (size_t k = 0; k < sizeof neg / sizeof neg[0]; k++) {
                const char *q = find(t, tn, neg[k]);
                if (!q)
                    continue;
                size_t qn = tn - (size_t)(q - t);
                if (has(q, qn, "行政复议"))
                    set_count(m, "review.total", 0);
                if (has(q, qn, "行政诉讼") || has(q, qn, "行政起诉"))
                    set_count(m, "litigation.total", 0);
                break;
            }
            /* "未收到…申请": about applications only when what was not received is
             * an application for information, not a request for review
             * ("未收到有关政府信息公开行政复议申请") */
            for (size_t k = 0; k < sizeof neg_recv / sizeof neg_recv[0]; k++) {
                const char *q = find(t, tn, neg_recv[k]);
                size_t qn = q ? tn - (size_t)(q - t) : 0;
                const char *ap = q ? find(q, qn, "申请") : NULL;
                if (!ap || has(t, tn, "补正"))
                    continue;
                size_t subj = (size_t)(ap - q);
                if (!has(q, subj, "复议") && !has(q, subj, "诉讼") && !has(q, subj, "起诉"))
                    set_count(m, "applications.received", 0);
                break;
            }
        }
        start = end + (end < n && s[end] == ';' ? 1 : 3);
    }
}

/* The title: the first line naming a report, or two lines that do together. */
static void meta_title(struct rd_meta *m, const char *s, size_t n)
{
    const char *rep = n >= 300 ? find(s, n < 600 ? n : 600, "报告") : NULL;
    if (title_words(s, n) && n < 300) {
        try_title(m, s, n);
        if (!m->title_agency && !m->title_tail && m->prev.len)
            title_joined(m, s, n);   /* "某县人民政府办" / "公室2022年…报告" */
    } else if (rep && title_words(s, (size_t)(rep - s) + 6)) {
        /* the whole report on one line: the title is its start */
        try_title(m, s, (size_t)(rep - s) + 6);
    } else if (m->prev.len && (has(s, n, "报告") || has(s, n, "年报")) && n < 120) {
        buf t;
        buf_init(&t);
        buf_append(&t, m->prev.data, m->prev.len);
        buf_append(&t, s, n);
        if (title_words(t.data, t.len))
            try_title(m, t.data, t.len);
        buf_free(&t);
    }
    buf_reset(&m->prev);
    if (n < 120)
        buf_append(&m->prev, s, n);
}

/* A "YYYY年" that is not a date (…年…月) at s[i..j): counted as a year of
 * the report; "（2018年度）" alone on a line is the bare year. sp: a space
 * between the digits and 年. */
static void meta_year(struct rd_meta *m, const char *s, size_t n, size_t i, size_t j, size_t sp)
{
    int y = (s[i] - '0') * 1000 + (s[i + 1] - '0') * 100 + (s[i + 2] - '0') * 10 + (s[i + 3] - '0');
    size_t after = j + sp + 3, d = after;
    while (d < n && d < after + 2 && is_digit(s[d]))
        d++;
    bool date = d > after && starts_with(s + d, n - d, "月");
    if (y < 1990 || y > 2099 || date)
        return;
    int k = y - 1900;
    if (m->year_count[k]++ == 0)
        m->year_first[k] = ++m->year_seq;
    if (!m->bare_year && n <= 24 && starts_with(s + after, n - after, "度"))
        m->bare_year = y;
}

/* One pass over the numbers of the line: years and counts ("当面申请82件");
 * returns whether the line has counts. */
static bool meta_numbers(struct rd_meta *m, const char *s, size_t n)
{
    bool counts = false;
    for (size_t i = 0; i < n; i++) {
        if (!is_digit(s[i]))
            continue;
        size_t j = i;
        while (j < n && is_digit(s[j]))
            j++;
        size_t sp = j < n && s[j] == ' ' && j - i == 4 ? 1 : 0;   /* "2024 年" */
        if (j - i == 4 && (i == 0 || s[i - 1] != '.') && starts_with(s + j + sp, n - j - sp, "年"))
            meta_year(m, s, n, i, j, sp);
        else if (count_unit(s + j, n - j))
            counts = true;
        i = j;
    }
    return counts;
}

void rd_meta_line(struct rd_meta *m, const char *s, size_t n)
{
    while (n && (*s == ' ' || *s == '\t'))
        s++, n--;
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
        n--;
    if (!n)
        return;
    m->nonempty++;
    if (n < 7)
        return;   /* a cell: no title, year or sentence fits */
    if (n < META_FRAME_LINE && meta_prefix(s, n))
        return;   /* 来源：…, 发布机构：…: the page's frame, not the report */
    if (n > 6 && memcmp(s, "标题", 6) == 0) {   /* 标题：XX局2023年…报告 */
        size_t i = 6;
        while (i < n && s[i] == ' ')
            i++;
        if (i < n && s[i] == ':') {
            s += i + 1, n -= i + 1;
            while (n && *s == ' ')
                s++, n--;
        }
    }
    if (!m->is_report && (has(s, n, "信息公开") || has(s, n, "政务公开")))
        m->is_report = true;
    if (!m->title_year && m->nonempty <= META_TITLE_LINES)
        meta_title(m, s, n);
    if (meta_numbers(m, s, n))
        scan_counts(m, s, n);
    /* sentences saying nothing happened all have 未 or 没 (E6 9C AA, E6 B2 A1) */
    for (const char *p = s, *e = s + n; (p = memchr(p, 0xE6, (size_t)(e - p))) != NULL && e - p >= 3; p++)
        if ((p[1] == '\x9C' && p[2] == '\xAA') || (p[1] == '\xB2' && p[2] == '\xA1')) {
            scan_sentences(m, s, n);
            break;
        }
}

int rd_meta_year(struct rd_meta *m)
{
    if (m->title_year)
        return m->title_year;
    if (m->bare_year)
        return m->bare_year;
    int best = -1;
    for (int k = 0; k < 200; k++)
        if (m->year_count[k] &&
            (best < 0 || m->year_count[k] > m->year_count[best] ||
             (m->year_count[k] == m->year_count[best] && m->year_first[k] < m->year_first[best])))
            best = k;
    return best < 0 ? 0 : 1900 + best;
}

double rd_meta_count(const struct rd_meta *m, int k) { return m->counts[k]; }

bool rd_meta_is_report(const struct rd_meta *m) { return m->is_report; }

/* ---- the agency named in the text ---- */

/* What an agency does: 民政 in 牡丹江市民政局. Longest first where one ends another. */
static const char *const depts[] = {
    "人力资源和社会保障", "人力资源社会保障", "住房和城乡建设", "住房城乡建设", "卫生和计划生育",
    "市场监督管理", "退役军人事务", "民族宗教事务", "工业和信息化", "机关事务管理", "林业和草原",
    "文化广电旅游", "文化和旅游", "农业农村", "自然资源", "生态环境", "环境保护", "交通运输",
    "卫生健康", "卫生计生", "应急管理", "医疗保障", "发展和改革", "发展改革", "科学技术",
    "国土资源", "城乡规划", "城市管理", "行政审批", "乡村振兴", "扶贫开发", "市场监管",
    "民政", "财政", "教育", "公安", "司法", "人社", "水利", "农业", "商务", "审计", "统计",
    "林业", "体育", "科技", "工信", "税务", "信访", "档案", "粮食", "能源", "地震", "气象",
    "人民政府", "人民", "外事", "侨务", "规划", "交通", "文化", "卫生", "金融", "国资",
};

static bool place_marker(const char *s, size_t n)
{
    static const char *const marks[] = {"省", "市", "区", "县", "州", "旗", "盟", "乡", "镇"};
    for (size_t k = 0; k < sizeof marks / sizeof marks[0]; k++)
        if (ends_with(s, n, marks[k]))
            return true;
    return false;
}

struct cand {
    char *name;
    int count;
    size_t first;
};

/* The name ending at suffix offset `at` (suffix length sl), or 0 length. */
static size_t agency_at(const char *s, size_t n, size_t at, size_t sl, size_t *start)
{
    (void)n;
    size_t dend = at;
    size_t dl = 0;
    for (size_t k = 0; k < sizeof depts / sizeof depts[0]; k++)
        if (ends_with(s, dend, depts[k])) {
            dl = strlen(depts[k]);
            break;
        }
    /* 人民政府 is a whole organ: the place comes right before it */
    if (!dl && !(sl == strlen("人民政府") && memcmp(s + at, "人民政府", sl) == 0))
        return 0;
    size_t pend = dend - dl;
    /* the place: Han characters back to a boundary, at most 10 */
    size_t p = pend;
    int chars = 0;
    while (p >= 3 && chars < 11) {
        uint32_t cp;
        if (utf8_decode(s + p - 3, 3, &cp) != 3 || !utf8_is_han(cp))
            break;
        p -= 3;
        chars++;
    }
    if (chars > 10)
        return 0;
    /* cut after the last function word: "局属各单位及各县区" → "县区" */
    static const char *const fw[] = {"的", "及", "与", "各", "在", "对", "将", "把", "被", "从", "向",
                                     "据", "照", "年", "度"};
    for (size_t q = pend; q > p; q -= 3)
        for (size_t k = 0; k < sizeof fw / sizeof fw[0]; k++)
            if (memcmp(s + q - 3, fw[k], 3) == 0) {
                p = q;
                goto cut;
            }
cut:
    if (pend - p < 6 || !place_marker(s + p, pend - p) || generic_place(s + p, pend - p))
        return 0;
    *start = p;
    return at + sl - p;
}

static void add_cand(struct cand *c, int *nc, const char *s, size_t n, size_t first)
{
    for (int i = 0; i < *nc; i++)
        if (strlen(c[i].name) == n && memcmp(c[i].name, s, n) == 0) {
            c[i].count++;
            return;
        }
    if (*nc < META_MAXCAND) {
        c[*nc].name = xstrndup(s, n);
        c[*nc].count = 1;
        c[*nc].first = first;
        (*nc)++;
    }
}

/* The first characters of agency_suffixes, as a bitmap over U+4E00..U+9FFF. */
static uint8_t suffix_first[(0xA000 - 0x4E00) / 8];
static size_t suffix_len[sizeof agency_suffixes / sizeof agency_suffixes[0]];
static pthread_once_t suffix_once = PTHREAD_ONCE_INIT;

static void suffix_init(void)
{
    for (size_t k = 0; k < sizeof agency_suffixes / sizeof agency_suffixes[0]; k++) {
        uint32_t cp;
        suffix_len[k] = strlen(agency_suffixes[k]);
        if (utf8_decode(agency_suffixes[k], strlen(agency_suffixes[k]), &cp) == 3 && cp >= 0x4E00 && cp < 0xA000)
            suffix_first[(cp - 0x4E00) >> 3] |= (uint8_t)(1u << ((cp - 0x4E00) & 7));
    }
}

char *rd_meta_agency(struct rd_meta *m, const char *text, size_t n)
{
    pthread_once(&suffix_once, suffix_init);
    if (m->title_agency)
        return xstrdup(m->title_agency);
    if (n > META_AGENCY_SCAN)
        n = META_AGENCY_SCAN;
    struct cand c[META_MAXCAND];
    int nc = 0;
    for (size_t i = 0; i + 3 <= n; i++) {
        unsigned char b = (unsigned char)text[i];
        if ((i == 0 || text[i - 1] == '\n') && meta_prefix(text + i, n - i)) {
            /* 来源：…, 发布机构：…: the page's frame names no agency of the report
             * (on a page run into one line, only the words after the prefix) */
            const char *nl = memchr(text + i, '\n', n - i);
            size_t e = nl ? (size_t)(nl - text) : n;
            i = e - i < META_FRAME_LINE ? e : i + meta_prefix(text + i, n - i) + 60;
            continue;
        }
        if (b == 0xE3 && i + 3 <= n && text[i + 1] == '\x80' && text[i + 2] == '\x8A') {   /* 《 */
            /* a cited document (《XX市人民政府关于…的通知》) names its own author */
            const char *cl = find(text + i, n - i < 600 ? n - i : 600, "》");
            if (cl)
                i = (size_t)(cl - text) + 2;
            continue;
        }
        if (b < 0xE4 || b > 0xE9 || i + 3 > n)
            continue;
        uint32_t cp = ((uint32_t)(b & 0x0F) << 12) | ((uint32_t)(text[i + 1] & 0x3F) << 6) | (uint32_t)(text[i + 2] & 0x3F);
        if (cp < 0x4E00 || cp >= 0xA000 || !(suffix_first[(cp - 0x4E00) >> 3] >> ((cp - 0x4E00) & 7) & 1))
            continue;   /* no suffix starts with this character */
        for (size_t k = 0; k < sizeof agency_suffixes / sizeof agency_suffixes[0]; k++) {
            size_t sl = suffix_len[k];
            const char *sf = agency_suffixes[k];
            if (sf[0] == text[i] && sf[1] == text[i + 1] && sf[2] == text[i + 2] && i + sl <= n &&
                memcmp(text + i + 3, sf + 3, sl - 3) == 0) {
                size_t start, len = agency_at(text, n, i, sl, &start);
                if (len && len < 90)
                    add_cand(c, &nc, text + start, len, start);
                break;
            }
        }
    }
    int best = -1;
    size_t tl = m->title_tail ? strlen(m->title_tail) : 0;
    for (int i = 0; i < nc; i++) {
        size_t l = strlen(c[i].name);
        if (tl && !ends_with(c[i].name, l, m->title_tail))
            continue;
        if (!tl && c[i].count < 2 && c[i].first > 4096)
            continue;
        if (best < 0 || c[i].count > c[best].count ||
            (c[i].count == c[best].count && c[i].first < c[best].first))
            best = i;
    }
    char *r = best >= 0 ? xstrdup(c[best].name) : NULL;
    for (int i = 0; i < nc; i++)
        free(c[i].name);
    return r;
}
