/* publish — the vocabularies documents are described with: topic categories,
 * genres, the items of Art. 20, publication channels, validity. Data tables;
 * the functions below only walk them. See publish.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "publish/publish.h"

/* Topic categories (主题分类). The first block is the State Council's subject
 * classification that government websites file documents under; the second
 * the categories civil-affairs and other departments' disclosure catalogues
 * commonly use (社会救助, 养老服务, ...); the third the catalogue headings
 * every agency has (机构职能, 财政预决算, ...). */
const struct doc_term doc_categories[] = {
    {"综合政务", {"政务综合", NULL}},
    {"国民经济管理、国有资产监管", {"国民经济管理", "国有资产监管", NULL}},
    {"财政、金融、审计", {"财政金融审计", "财政", "审计", NULL}},
    {"国土资源、能源", {"国土资源", "自然资源", "能源", NULL}},
    {"农业、林业、水利", {"农业", "林业", "水利", NULL}},
    {"工业、交通", {"工业", "交通", "交通运输", NULL}},
    {"商贸、海关、旅游", {"商贸", "商务", "旅游", NULL}},
    {"市场监管、安全生产监管", {"市场监管", "安全生产", "应急管理", NULL}},
    {"城乡建设、环境保护", {"城乡建设", "住房和城乡建设", "环境保护", "生态环境"}},
    {"科技、教育", {"科技", "教育", NULL}},
    {"文化、广电、新闻出版", {"文化", "广电", "新闻出版", NULL}},
    {"卫生、体育", {"卫生", "卫生健康", "体育", NULL}},
    {"人口与计划生育、妇女儿童工作", {"人口与计划生育", "妇女儿童", NULL}},
    {"劳动、人事、监察", {"劳动", "人事", "人力资源和社会保障", NULL}},
    {"公安、安全、司法", {"公安", "司法", NULL}},
    {"民政、扶贫、救灾", {"民政", "扶贫", "救灾", NULL}},
    {"民族、宗教", {"民族", "宗教", NULL}},
    {"对外事务", {"外事", NULL}},
    {"港澳台侨工作", {"港澳台侨", NULL}},
    {"国防", {NULL}},
    {"国务院组织机构", {NULL}},
    /* civil affairs and social policy */
    {"社会救助", {"救助", "最低生活保障", "低保", NULL}},
    {"养老服务", {"养老", NULL}},
    {"儿童福利", {"儿童福利和未成年人保护", "未成年人保护", NULL}},
    {"残疾人福利", {"残疾人", NULL}},
    {"社会事务", {NULL}},
    {"婚姻登记", {"婚姻", "收养登记", NULL}},
    {"殡葬管理", {"殡葬", NULL}},
    {"社会组织", {"社会组织管理", "民间组织", NULL}},
    {"慈善事业", {"慈善", "慈善和社会工作", "福利彩票", NULL}},
    {"社会工作和志愿服务", {"社会工作", "志愿服务", NULL}},
    {"区划地名", {"行政区划", "地名", NULL}},
    {"基层政权和社区建设", {"社区建设", "社区治理", "城乡社区治理", NULL}},
    {"优抚安置", {"退役军人", "优抚", NULL}},
    {"就业创业", {"就业", "促进就业", NULL}},
    {"社会保险", {"社保", NULL}},
    {"医疗保障", {"医保", NULL}},
    {"乡村振兴", {NULL}},
    /* catalogue headings */
    {"机构职能", {"机构设置", "机构概况", "领导信息", NULL}},
    {"政策文件", {"法规文件", "政策法规", NULL}},
    {"规划计划", {"发展规划", "工作计划", "规划", NULL}},
    {"统计信息", {"统计数据", "统计", NULL}},
    {"财政预决算", {"预决算", "财政资金", "部门预算", "部门决算"}},
    {"人事信息", {"人事任免", "公务员招考", "招录", NULL}},
    {"行政许可", {"审批服务", "政务服务", NULL}},
    {"行政处罚", {"行政执法", "双随机一公开", NULL}},
    {"政府采购", {"采购", "招标采购", NULL}},
    {"重大建设项目", {"重大项目", NULL}},
    {"应急管理和突发事件", {"应急预案", "突发事件", NULL}},
    {"建议提案办理", {"建议提案", "人大建议", "政协提案", NULL}},
    {"政府信息公开年报", {"年度报告", "信息公开年报", NULL}},
    {"其他", {NULL}},
};
const int doc_ncategories = (int)(sizeof doc_categories / sizeof doc_categories[0]);

/* Genres (体裁, 文种): the fifteen kinds of official documents of the 党政机关
 * 公文处理工作条例, then the kinds disclosure catalogues add. 规章 and
 * 行政规范性文件 are what table 二 counts. */
const struct doc_term doc_genres[] = {
    {"决议", {NULL}},
    {"决定", {NULL}},
    {"命令", {"令", "命令（令）", NULL}},
    {"公报", {NULL}},
    {"公告", {NULL}},
    {"通告", {NULL}},
    {"意见", {"指导意见", "实施意见", NULL}},
    {"通知", {NULL}},
    {"通报", {NULL}},
    {"报告", {NULL}},
    {"请示", {NULL}},
    {"批复", {NULL}},
    {"议案", {NULL}},
    {"函", {"复函", NULL}},
    {"纪要", {"会议纪要", NULL}},
    {DOC_GENRE_RULES, {"政府规章", "部门规章", NULL}},
    {DOC_GENRE_NORMATIVE, {"规范性文件", "行政规范性", NULL}},
    {DOC_GENRE_INTERPRETATION, {"解读", "政策解读稿", "文件解读", NULL}},
    {"公示", {"名单公示", "公示公告", NULL}},
    {"规划", {"发展规划", "专项规划", NULL}},
    {"计划", {"工作计划", "工作要点", NULL}},
    {"方案", {"实施方案", "工作方案", "应急预案"}},
    {"总结", {"工作总结", NULL}},
    {"统计信息", {"统计数据", "统计公报", NULL}},
    {"年度报告", {"政府信息公开年度报告", "年报", NULL}},
    {"工作动态", {"动态", "新闻", NULL}},
    {"其他", {NULL}},
};
const int doc_ngenres = (int)(sizeof doc_genres / sizeof doc_genres[0]);

/* Search ranking weights (publish.h, struct doc_rank_row). Policies — what
 * Art. 20 item 一 lists first (规章, 规范性文件) and the other 政策文件 — and
 * their 政策解读 (国办发〔2016〕80号 asks that interpretations be published
 * with the policy and found with it) weigh most; statistics pages, routine
 * news and lists weigh less. A genre or category without a row weighs 1. */
const struct doc_rank_row doc_rank_rows[] = {
    {DOC_GENRE_RULES, 3.0},
    {DOC_GENRE_NORMATIVE, 3.0},
    {DOC_GENRE_INTERPRETATION, 2.5},
    {"政策文件", 2.5},
    {"决定", 2.0},
    {"意见", 2.0},
    {"规划", 1.5},
    {"方案", 1.5},
    {"通知", 1.2},
    {"统计信息", 0.5},
    {"工作动态", 0.6},
    {"公示", 0.8},
};
const int doc_nrank_rows = (int)(sizeof doc_rank_rows / sizeof doc_rank_rows[0]);

/* Art. 20 of the 2019 Regulation: what every agency publishes proactively. */
const struct doc_item doc_items[15] = {
    {1, "一", "行政法规、规章和规范性文件"},
    {2, "二", "机关职能、机构设置、办公地址、办公时间、联系方式、负责人姓名"},
    {3, "三", "国民经济和社会发展规划、专项规划、区域规划及相关政策"},
    {4, "四", "国民经济和社会发展统计信息"},
    {5, "五", "办理行政许可和其他对外管理服务事项的依据、条件、程序以及办理结果"},
    {6, "六", "实施行政处罚、行政强制的依据、条件、程序以及本行政机关认为具有一定社会影响的行政处罚决定"},
    {7, "七", "财政预算、决算信息"},
    {8, "八", "行政事业性收费项目及其依据、标准"},
    {9, "九", "政府集中采购项目的目录、标准及实施情况"},
    {10, "十", "重大建设项目的批准和实施情况"},
    {11, "十一", "扶贫、教育、医疗、社会保障、促进就业等方面的政策、措施及其实施情况"},
    {12, "十二", "突发公共事件的应急预案、预警信息及应对情况"},
    {13, "十三", "环境保护、公共卫生、安全生产、食品药品、产品质量的监督检查情况"},
    {14, "十四", "公务员招考的职位、名额、报考条件等事项以及录用结果"},
    {15, "十五", "法律、法规、规章和国家有关规定规定应当主动公开的其他政府信息"},
};

const struct doc_channel_def doc_channels[DOC_NCHANNELS] = {
    [DOC_CH_WEBSITE] = {"website", "政府网站", {"网站", "门户网站", NULL}},
    [DOC_CH_GAZETTE] = {"gazette", "政府公报", {"公报", NULL, NULL}},
    [DOC_CH_WEIBO] = {"weibo", "政务微博", {"微博", NULL, NULL}},
    [DOC_CH_WECHAT] = {"wechat", "政务微信", {"微信", "微信公众号", NULL}},
    [DOC_CH_OTHER] = {"other", "其他方式", {"其他", "报刊", "公开栏"}},
};

/* Folds for comparing names: full-width forms, and drops spaces and the
 * separators people type differently (、，,·). Caller frees. */
static char *norm(const char *s)
{
    char *f = utf8_fold(s, strlen(s));
    buf b;
    buf_init(&b);
    buf_puts(&b, "");
    size_t n = strlen(f), i = 0;
    while (i < n) {
        uint32_t cp;
        int l = utf8_decode(f + i, n - i, &cp);
        if (!l) {
            buf_putc(&b, f[i++]);
            continue;
        }
        if (!(cp == ' ' || cp == '\t' || cp == 0x3001 || cp == 0xFF0C || cp == ',' || cp == 0xB7 ||
              cp == '\r' || cp == '\n'))
            buf_append(&b, f + i, (size_t)l);
        i += (size_t)l;
    }
    free(f);
    return buf_detach(&b);
}

static bool same(const char *a_norm, const char *b)
{
    char *nb = norm(b);
    bool r = strcmp(a_norm, nb) == 0;
    free(nb);
    return r;
}

static const char *term_find(const struct doc_term *t, int n, const char *s, const char *what,
                             err *e)
{
    char *k = norm(s ? s : "");
    for (int i = 0; i < n; i++) {
        bool hit = same(k, t[i].name);
        for (int a = 0; !hit && a < 4 && t[i].aliases[a]; a++)
            hit = same(k, t[i].aliases[a]);
        if (hit) {
            free(k);
            return t[i].name;
        }
    }
    free(k);
    buf b;
    buf_init(&b);
    for (int i = 0; i < n && i < 12; i++)
        buf_printf(&b, "%s%s", i ? "、" : "", t[i].name);
    err_set(e, GK_EINVAL, what, "unknown %s '%s' (known: %s%s; see 'gongkai doc vocab')", what,
            s ? s : "", b.data, n > 12 ? " ..." : "");
    buf_free(&b);
    return NULL;
}

const char *doc_category_find(const char *s, err *e)
{
    return term_find(doc_categories, doc_ncategories, s, "category", e);
}

const char *doc_genre_find(const char *s, err *e)
{
    return term_find(doc_genres, doc_ngenres, s, "genre", e);
}

int doc_item_parse(const char *s, int *out, err *e)
{
    char *k = norm(s ? s : "");
    char *p = k;
    int rc = 0;
    *out = 0;
    if (!*p)
        goto done;
    /* strip 第二十条 and the 第 ... 项 around the numeral, and brackets */
    static const char *const strip_front[] = {"第二十条", "第20条", "第", "(", "（"};
    for (size_t i = 0; i < sizeof strip_front / sizeof strip_front[0]; i++) {
        size_t l = strlen(strip_front[i]);
        if (strncmp(p, strip_front[i], l) == 0)
            p += l;
    }
    size_t l = strlen(p);
    static const char *const strip_back[] = {"项", ")", "）"};
    for (size_t i = 0; i < sizeof strip_back / sizeof strip_back[0]; i++) {
        size_t bl = strlen(strip_back[i]);
        if (l >= bl && strcmp(p + l - bl, strip_back[i]) == 0)
            p[l -= bl] = 0;
    }
    int64_t v;
    if (parse_i64(p, l, &v)) {
        if (v >= 1 && v <= 15) {
            *out = (int)v;
            goto done;
        }
    } else {
        for (int i = 0; i < 15; i++)
            if (strcmp(p, doc_items[i].numeral) == 0) {
                *out = i + 1;
                goto done;
            }
    }
    rc = err_set(e, GK_EINVAL, "item",
                 "'%s' is not an item of Art. 20: write 1 to 15 or （一） to （十五）", s);
done:
    free(k);
    return rc;
}

const char *doc_item_label(int n)
{
    static const char *const labels[16] = {
        "", "（一）", "（二）", "（三）", "（四）", "（五）", "（六）", "（七）", "（八）",
        "（九）", "（十）", "（十一）", "（十二）", "（十三）", "（十四）", "（十五）"};
    return n >= 1 && n <= 15 ? labels[n] : "";
}

int doc_channels_parse(const char *s, unsigned *mask, err *e)
{
    *mask = 0;
    char *f = utf8_fold(s ? s : "", s ? strlen(s) : 0);
    /* split on , ; 、 ， ； and spaces */
    buf word;
    buf_init(&word);
    int rc = 0;
    size_t n = strlen(f), i = 0;
    while (i <= n) {
        uint32_t cp = 0;
        int l = 1;
        if (i < n) {
            l = utf8_decode(f + i, n - i, &cp);
            if (!l) {
                cp = 0xFFFD;
                l = 1;
            }
        }
        bool sep = i == n || cp == ',' || cp == ';' || cp == ' ' || cp == 0x3001 || cp == 0xFF0C ||
                   cp == 0xFF1B || cp == '|' || cp == '/';
        if (!sep) {
            buf_append(&word, f + i, (size_t)l);
        } else if (word.len) {
            int found = -1;
            for (int c = 0; c < DOC_NCHANNELS && found < 0; c++) {
                if (strcasecmp(word.data, doc_channels[c].key) == 0 ||
                    strcmp(word.data, doc_channels[c].label) == 0)
                    found = c;
                for (int a = 0; a < 3 && found < 0 && doc_channels[c].aliases[a]; a++)
                    if (strcmp(word.data, doc_channels[c].aliases[a]) == 0)
                        found = c;
            }
            if (found < 0) {
                rc = err_set(e, GK_EINVAL, "channels",
                             "unknown channel '%s' (known: website, gazette, weibo, wechat, other)",
                             word.data);
                break;
            }
            *mask |= 1u << found;
            buf_reset(&word);
        }
        i += (size_t)l;
    }
    buf_free(&word);
    free(f);
    return rc;
}

void doc_channels_format(unsigned mask, bool labels, buf *out)
{
    bool first = true;
    for (int c = 0; c < DOC_NCHANNELS; c++)
        if (mask & (1u << c)) {
            buf_printf(out, "%s%s", first ? "" : labels ? "、" : ",",
                       labels ? doc_channels[c].label : doc_channels[c].key);
            first = false;
        }
}

/* ---- validity ---- */

static const char *const validity_keys[] = {"in_force", "repealed", "expired"};
static const char *const validity_labels[] = {"现行有效", "已废止", "已失效"};

const char *doc_validity_key(enum doc_validity v) { return validity_keys[v]; }
const char *doc_validity_label(enum doc_validity v) { return validity_labels[v]; }

int doc_validity_parse(const char *s, enum doc_validity *out, err *e)
{
    static const struct { const char *word; enum doc_validity v; } words[] = {
        {"in_force", DOC_V_IN_FORCE}, {"现行有效", DOC_V_IN_FORCE}, {"有效", DOC_V_IN_FORCE},
        {"现行", DOC_V_IN_FORCE}, {"repealed", DOC_V_REPEALED}, {"已废止", DOC_V_REPEALED},
        {"废止", DOC_V_REPEALED}, {"expired", DOC_V_EXPIRED}, {"已失效", DOC_V_EXPIRED},
        {"失效", DOC_V_EXPIRED}, {"", DOC_V_IN_FORCE},
    };
    char *k = norm(s ? s : "");
    for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
        if (strcasecmp(k, words[i].word) == 0) {
            *out = words[i].v;
            free(k);
            return 0;
        }
    free(k);
    return err_set(e, GK_EINVAL, "validity",
                   "unknown validity '%s' (write in_force/现行有效, repealed/已废止 or expired/已失效)", s);
}
