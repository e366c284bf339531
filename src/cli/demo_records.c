/* cli — the records of `gongkai demo`: a municipal civil-affairs bureau's
 * proactive disclosure from January of last year to today (monthly welfare
 * recipient lists, social-organisation notices, statistics, normative
 * documents with their interpretations, one repealed, drafts at every step of
 * the review chain, one held by screening), applications in every state
 * (answered with each kind of outcome, open ones overdue and due within three
 * working days, supplementation, consultation, fees, withdrawal), review and
 * litigation cases, and last year's annual report published with its text.
 * Everything goes through the domain modules and the store like real work;
 * the names, ID numbers and phone numbers are invented. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "calendar/calendar.h"
#include "cli/demo.h"
#include "disclosure/disclosure.h"
#include "publish/publish.h"
#include "report/report.h"
#include "store/store.h"
#include "web/web.h"

struct demo {
    store_t *st;
    int64_t aid;
    const char *agency;
    cal_t *cal;
    struct app_rules rules;
    gk_day today;
    int year;                 /* this year; documents start in January of year - 1 */
    uint32_t rng;
    err *e;
    int docs, apps;
};

static uint32_t rnd(struct demo *d)
{
    uint32_t x = d->rng;
    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    return d->rng = x;
}
static int pick(struct demo *d, int n) { return (int)(rnd(d) % (uint32_t)n); }

static bool workday(struct demo *d, gk_day day)
{
    bool w = false;
    if (cal_is_workday(d->cal, day, &w, NULL))
        return date_weekday(day) <= 5;
    return w;
}

/* The first working day on or after day. */
static gk_day on_workday(struct demo *d, gk_day day)
{
    while (!workday(d, day))
        day++;
    return day;
}

/* n working days before day. */
static gk_day workdays_before(struct demo *d, gk_day day, int n)
{
    while (n > 0) {
        day--;
        if (workday(d, day))
            n--;
    }
    return day;
}

static gk_day add_wd(struct demo *d, gk_day from, int n)
{
    gk_day out = from;
    if (cal_add_workdays(d->cal, from, n, &out, NULL))
        out = from + n + n / 5 * 2;
    return out;
}

static gk_day ymd(int y, int m, int dd) { return date_from_ymd(y, m, dd); }

/* ---- invented people ---- */

static const char *const surnames[] = {"王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周",
                                       "徐", "孙", "马", "朱", "胡", "郭", "何", "林", "罗", "高"};
static const char *const given[] = {"秀英", "桂兰", "建国", "志强", "丽娟", "海燕", "国华", "玉梅", "德明", "春花",
                                    "文斌", "凤英", "红霞", "晓东", "明亮", "淑珍", "振华", "桂芳", "永生", "金凤",
                                    "学军", "兰英", "少华", "宏伟", "秀兰", "长青"};
static const char *const places[] = {"城关镇东风社区", "城关镇南街社区", "石桥镇新华村", "石桥镇红岩村",
                                     "龙泉乡柏林村", "龙泉乡清溪村", "白马镇建设社区", "白马镇青石村",
                                     "河西街道滨江社区", "河西街道玉泉社区"};

static void person(struct demo *d, char *name, size_t cap)
{
    snprintf(name, cap, "%s%s", surnames[pick(d, 20)], given[pick(d, 26)]);
}

/* A resident ID number with a valid check digit (an invented region code). */
static void id_number(struct demo *d, int birth_year, char out[19])
{
    static const int w[17] = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
    static const char check[] = "10X98765432";
    char tmp[32];
    snprintf(tmp, sizeof tmp, "5199%02u%04u%02u%02u%03u", (unsigned)(1 + pick(d, 8)), (unsigned)birth_year % 10000u,
             (unsigned)(1 + pick(d, 12)), (unsigned)(1 + pick(d, 28)), (unsigned)pick(d, 1000));
    memcpy(out, tmp, 17);
    int sum = 0;
    for (int i = 0; i < 17; i++)
        sum += (out[i] - '0') * w[i];
    out[17] = check[sum % 11];
    out[18] = '\0';
}

static void mobile(struct demo *d, char out[16])
{
    static const char *const pre[] = {"139", "138", "158", "187", "135", "181", "199"};
    snprintf(out, 16, "%s%04d%04d", pre[pick(d, 7)], pick(d, 10000), pick(d, 10000));
}

/* ---- documents ---- */

struct docspec {
    const char *title, *docno, *category, *genre;
    int item;
    gk_day written, published;
    const char *body;
    bool list;
    int64_t interprets;
    unsigned channels;
};

/* issuer NULL: the agency alone; a joint document lists every issuer, "、" between. */
static int add_published_by(struct demo *d, const struct docspec *s, const char *issuer, int64_t *id);

static int add_published(struct demo *d, const struct docspec *s, int64_t *id)
{
    return add_published_by(d, s, NULL, id);
}

static int add_published_by(struct demo *d, const struct docspec *s, const char *issuer, int64_t *id)
{
    struct doc doc;
    doc_init(&doc);
    doc.agency_id = d->aid;
    snprintf(doc.title, sizeof doc.title, "%s", s->title);
    if (s->docno) {
        struct doc_docno dn;
        if (doc_docno_parse(s->docno, &dn, d->e))
            return d->e->code;
        snprintf(doc.docno, sizeof doc.docno, "%s", dn.canonical);
    }
    snprintf(doc.issuer, sizeof doc.issuer, "%s", issuer ? issuer : d->agency);
    snprintf(doc.category, sizeof doc.category, "%s", s->category);
    snprintf(doc.genre, sizeof doc.genre, "%s", s->genre);
    doc.item = s->item;
    doc.written = s->written;
    doc.published = s->published;
    doc.state = DOC_PUBLISHED;
    doc.recipient_list = s->list;
    doc.interprets = s->interprets;
    doc.channels = s->channels ? s->channels : 1u << DOC_CH_WEBSITE;
    doc.body = xstrdup(s->body);
    snprintf(doc.author, sizeof doc.author, "xinxiyuan");
    snprintf(doc.reviewer1, sizeof doc.reviewer1, "shenhe");
    snprintf(doc.reviewer2, sizeof doc.reviewer2, "fushen");
    snprintf(doc.signer, sizeof doc.signer, "lingdao");
    snprintf(doc.publisher, sizeof doc.publisher, "gongkaiban");
    int rc = store_doc_add(d->st, &doc, "xinxiyuan", d->e);
    if (!rc && id)
        *id = doc.id;
    doc_clear(&doc);
    d->docs += !rc;
    return rc;
}

/* A document that goes the whole way like real work: drafted with an
 * attachment, reviewed twice, signed, and published on its date. */
static int add_through_chain(struct demo *d, const struct docspec *s, const char *att_name, const void *att,
                             size_t att_len)
{
    struct doc doc;
    doc_init(&doc);
    doc.agency_id = d->aid;
    snprintf(doc.title, sizeof doc.title, "%s", s->title);
    snprintf(doc.issuer, sizeof doc.issuer, "%s", d->agency);
    snprintf(doc.category, sizeof doc.category, "%s", s->category);
    snprintf(doc.genre, sizeof doc.genre, "%s", s->genre);
    doc.item = s->item;
    doc.written = s->written;
    doc.state = DOC_DRAFT;
    doc.body = xstrdup(s->body);
    snprintf(doc.author, sizeof doc.author, "xinxiyuan");
    int rc = store_doc_add(d->st, &doc, "xinxiyuan", d->e);
    int64_t id = doc.id;
    doc_clear(&doc);
    if (!rc && att)
        rc = store_doc_attach(d->st, d->aid, id, att_name, att, att_len, "xinxiyuan", d->e);
    static const struct {
        int action, role;
        const char *actor;
    } chain[] = {{DOC_A_SUBMIT, DOC_R_AUTHOR, "xinxiyuan"}, {DOC_A_APPROVE, DOC_R_REVIEWER1, "shenhe"},
                 {DOC_A_APPROVE, DOC_R_REVIEWER2, "fushen"}, {DOC_A_APPROVE, DOC_R_LEADER, "lingdao"},
                 {DOC_A_PUBLISH, DOC_R_OFFICE, "gongkaiban"}};
    struct store_doc_outcome out;
    for (size_t k = 0; !rc && k < sizeof chain / sizeof chain[0]; k++) {
        struct store_doc_step st = {.action = chain[k].action, .role = chain[k].role, .actor = chain[k].actor,
                                    .date = chain[k].action == DOC_A_PUBLISH ? s->published : DOC_NODAY,
                                    .channels = 1u << DOC_CH_WEBSITE};
        rc = store_doc_step(d->st, d->aid, id, &st, &out, d->e);
    }
    d->docs += !rc;
    return rc;
}

/* A recipient list (低保 / 特困) as the office types it: the store masks names,
 * ID numbers, phones and addresses before anything is kept. */
static void recipient_table(struct demo *d, buf *b, int rows, int amount_base)
{
    buf_puts(b, "序号\t姓名\t身份证号码\t家庭人口\t月保障金额（元）\t家庭住址\t联系电话\n");
    for (int i = 1; i <= rows; i++) {
        char name[32], id[19], ph[16];
        person(d, name, sizeof name);
        id_number(d, 1940 + pick(d, 60), id);
        mobile(d, ph);
        buf_printf(b, "%d\t%s\t%s\t%d\t%d\t青川市%s%d组%d号\t%s\n", i, name, id, 1 + pick(d, 4),
                   amount_base + 10 * pick(d, 30), places[pick(d, 10)], 1 + pick(d, 9), 1 + pick(d, 60), ph);
    }
}

static int add_monthly(struct demo *d, int y, int m)
{
    gk_day first = ymd(y, m, 1);
    gk_day written = on_workday(d, first + 4), published = on_workday(d, first + 8);
    if (published > d->today)
        return 0;
    int rc;
    char title[256];
    buf b;
    buf_init(&b);
    /* 城乡低保 */
    buf_printf(&b, "根据《社会救助暂行办法》和《青川市最低生活保障审核确认办法》，经乡镇（街道）审核、县级民政部门确认，"
                   "现将%d年%d月新增城乡最低生活保障对象名单公示如下。公示期7天，如有异议，请向户籍所在地乡镇人民政府（街道办事处）"
                   "或市民政局社会救助科反映。\n", y, m);
    recipient_table(d, &b, 8 + pick(d, 6), 620);
    snprintf(title, sizeof title, "青川市%d年%d月新增城乡最低生活保障对象名单公示", y, m);
    rc = add_published(d, &(struct docspec){title, NULL, "社会救助", "公示", 11, written, published, b.data, true, 0,
                                            (1u << DOC_CH_WEBSITE) | (1u << DOC_CH_OTHER)}, NULL);
    /* 特困 */
    buf_reset(&b);
    buf_printf(&b, "根据《青川市特困人员认定办法》，经本人申请、乡镇（街道）审核、市民政局确认，现将%d年%d月新增特困人员救助供养对象"
                   "名单公示如下。公示期7天。\n", y, m);
    recipient_table(d, &b, 3 + pick(d, 4), 980);
    snprintf(title, sizeof title, "青川市%d年%d月新增特困人员救助供养对象名单公示", y, m);
    if (!rc)
        rc = add_published(d, &(struct docspec){title, NULL, "社会救助", "公示", 11, written, published, b.data, true,
                                                0, 0}, NULL);
    /* 社会组织登记 */
    buf_reset(&b);
    static const char *const orgs[] = {"青川市老年书画研究会", "青川市青少年足球协会", "青川市家政服务行业协会",
                                       "青川市志愿者协会", "青川市乡村旅游促进会", "青川市心理卫生协会",
                                       "青川市茶叶产业协会", "青川市摄影家协会", "青川市社区养老服务中心",
                                       "青川市残疾人康复服务中心", "青川市餐饮行业协会", "青川市慈善总会"};
    int o = (y * 12 + m) % 12;
    buf_printf(&b, "依据《社会团体登记管理条例》《民办非企业单位登记管理暂行条例》，经审查，准予下列社会组织成立登记：\n"
                   "一、%s，业务主管单位：青川市相关行业主管部门，住所：青川市%s，法定代表人：%s%s。\n"
                   "二、%s，住所：青川市%s。\n"
                   "特此公告。\n",
               orgs[o], places[pick(d, 10)], surnames[pick(d, 20)], given[pick(d, 26)], orgs[(o + 5) % 12],
               places[pick(d, 10)]);
    snprintf(title, sizeof title, "青川市民政局关于%d年%d月社会组织成立登记的公告", y, m);
    if (!rc)
        rc = add_published(d, &(struct docspec){title, NULL, "社会组织", "公告", 5, written, published, b.data, false,
                                                0, 0}, NULL);
    /* quarterly statistics */
    if (m % 3 == 0) {
        buf_reset(&b);
        int q = m / 3;
        buf_printf(&b, "%d年第%d季度，全市城乡最低生活保障对象%d户%d人，其中城市低保%d人、农村低保%d人；"
                       "累计发放低保资金%.1f万元。特困人员救助供养%d人，发放供养金%.1f万元。实施临时救助%d人次，支出%.1f万元。"
                       "全市共有养老机构%d家、床位%d张，社区养老服务设施%d个。办理结婚登记%d对、离婚登记%d对。\n",
                   y, q, 5200 + pick(d, 300), 9100 + pick(d, 500), 2100 + pick(d, 100), 7000 + pick(d, 400),
                   1800.0 + pick(d, 200), 1300 + pick(d, 60), 410.0 + pick(d, 40), 300 + pick(d, 200),
                   60.0 + pick(d, 30), 38, 5600 + pick(d, 100), 120 + pick(d, 10), 900 + pick(d, 300),
                   300 + pick(d, 80));
        snprintf(title, sizeof title, "%d年第%d季度青川市民政事业统计数据", y, q);
        gk_day qp = on_workday(d, ymd(q == 4 ? y + 1 : y, q == 4 ? 1 : m + 1, 12));
        if (!rc && qp <= d->today)
            rc = add_published(d, &(struct docspec){title, NULL, "统计信息", "统计信息", 4, workdays_before(d, qp, 2), qp,
                                                    b.data, false, 0, 0}, NULL);
    }
    buf_free(&b);
    return rc;
}

/* The one-off documents of a year. */
/* Publishes rows as the year y has them, those published by today. */
static int add_demo_docs(struct demo *d, int y, const struct demo_doc *rows, size_t n)
{
    int rc = 0;
    for (size_t i = 0; !rc && i < n; i++) {
        const struct demo_doc *r = &rows[i];
        char title[256];
        if (r->pre)
            snprintf(title, sizeof title, "%s%d%s", r->pre, y + r->yoff, r->post);
        else
            snprintf(title, sizeof title, "%s", r->post);
        gk_day w = on_workday(d, ymd(y, r->wm, r->wd)), p = on_workday(d, ymd(y, r->pm, r->pd));
        if (p <= d->today)
            rc = add_published(d, &(struct docspec){title, NULL, r->category, r->genre, r->item, w, p, r->body, false, 0, 0},
                               NULL);
    }
    return rc;
}

/* Publishes s when its day has come (the year's documents up to today). */
static int add_if_due(struct demo *d, const struct docspec *s, int64_t *id)
{
    return s->published <= d->today ? add_published(d, s, id) : 0;
}

/* The normative document on the low-income standard (issued jointly with
 * the finance bureau), and its interpretation. */
static int add_standard(struct demo *d, int y, buf *b)
{
    int rc = 0;
    char title[256], docno[64];
    int64_t std_id = 0;
    snprintf(title, sizeof title, "青川市民政局 青川市财政局关于提高%d年城乡居民最低生活保障标准的通知", y);
    snprintf(docno, sizeof docno, "青民发〔%d〕%d号", y, 3 + y % 5);
    buf_printf(b, "各乡镇人民政府、街道办事处，市级有关部门：\n"
                   "为进一步保障困难群众基本生活，根据省民政厅、省财政厅有关要求，经市人民政府同意，现就提高%d年全市城乡居民最低生活保障标准"
                   "有关事项通知如下：\n"
                   "一、城市居民最低生活保障标准由每人每月%d元提高到%d元；农村居民最低生活保障标准由每人每年%d元提高到%d元。\n"
                   "二、特困人员基本生活标准按不低于当地城市低保标准的1.3倍确定，同步调整。\n"
                   "三、新标准自%d年1月1日起执行，所需资金由中央、省、市、县按规定比例分担。\n"
                   "四、各地要及时将提标资金发放到位，不得截留、挤占、挪用，并通过“一卡通”发放。\n"
                   "本通知自印发之日起施行，有效期5年。\n",
               y, 680 + (y - 2024) * 20, 700 + (y - 2024) * 20, 5400 + (y - 2024) * 200, 5640 + (y - 2024) * 200, y);
    gk_day w = on_workday(d, ymd(y, 1, 8)), p = on_workday(d, ymd(y, 1, 15));
    if (!rc && p <= d->today) {   /* issued jointly with the finance bureau */
        char issuers[128];
        snprintf(issuers, sizeof issuers, "%s、青川市财政局", d->agency);
        rc = add_published_by(d, &(struct docspec){title, docno, "社会救助", "行政规范性文件", 1, w, p, b->data, false, 0, 0},
                              issuers, &std_id);
    }
    buf_reset(b);
    buf_printf(b, "一、出台背景\n为落实困难群众基本生活保障制度，建立低保标准与经济社会发展水平相适应的动态调整机制，市民政局会同市财政局制定了本通知。\n"
                   "二、主要内容\n本次调整后，城市低保标准每人每月提高20元，农村低保标准每人每年提高240元，特困人员基本生活标准同步提高。\n"
                   "三、执行时间\n新标准自%d年1月1日起执行，1月份未按新标准发放的，将于2月份一并补发。\n"
                   "四、咨询方式\n市民政局社会救助科，电话：0839-5521240。\n", y);
    snprintf(title, sizeof title, "《关于提高%d年城乡居民最低生活保障标准的通知》政策解读", y);
    if (!rc)
        rc = add_if_due(d, &(struct docspec){title, NULL, "社会救助", "政策解读", 1, w, p, b->data, false, std_id, 0},
                        NULL);

    return rc;
}

/* The budget (through the review chain, with its table attached) and last
 * year's final accounts. */
static int add_budget(struct demo *d, int y, buf *b)
{
    int rc = 0;
    char title[256];
    buf_reset(b);
    buf_printf(b, "按照《中华人民共和国预算法》和市财政局关于部门预算公开的要求，现将青川市民政局%d年部门预算公开如下。\n"
                   "一、部门基本情况：本部门内设办公室、社会救助科、养老服务科、社会事务科、社会组织管理科5个科室，下属事业单位3个。\n"
                   "二、收支预算总体情况：%d年收入预算%.2f万元，其中一般公共预算拨款%.2f万元；支出预算%.2f万元。\n"
                   "三、“三公”经费预算：公务接待费%.2f万元，公务用车运行维护费%.2f万元，无因公出国（境）费用。\n",
               y, y, 28650.40 + y % 7 * 310, 27120.15 + y % 7 * 300, 28650.40 + y % 7 * 310, 2.10, 4.80);
    snprintf(title, sizeof title, "青川市民政局%d年部门预算公开", y);
    if (!rc && on_workday(d, ymd(y, 2, 20)) <= d->today) {
        buf att;
        buf_init(&att);
        buf_printf(&att, "青川市民政局%d年部门预算收支总表（单位：万元）\n项目\t预算数\n一、一般公共预算拨款\t%.2f\n"
                         "二、政府性基金预算拨款\t%.2f\n三、事业收入\t%.2f\n收入合计\t%.2f\n"
                         "社会保障和就业支出\t%.2f\n一般公共服务支出\t%.2f\n支出合计\t%.2f\n",
                   y, 27120.15, 1200.00, 330.25, 28650.40, 26410.80, 2239.60, 28650.40);
        char name[96];
        snprintf(name, sizeof name, "%d年部门预算收支总表.txt", y);
        rc = add_through_chain(d, &(struct docspec){title, NULL, "财政预决算", "报告", 7, on_workday(d, ymd(y, 2, 10)),
                                                    on_workday(d, ymd(y, 2, 20)), b->data, false, 0, 0},
                               name, att.data, att.len);
        buf_free(&att);
    }
    buf_reset(b);
    buf_printf(b, "现将青川市民政局%d年度部门决算公开如下：%d年度收入总计%.2f万元，支出总计%.2f万元，年末结转和结余%.2f万元。"
                   "其中社会保障和就业支出%.2f万元，主要用于城乡低保、特困供养、临时救助和养老服务补贴。\n",
               y - 1, y - 1, 27310.66, 27190.02, 120.64, 25880.31);
    snprintf(title, sizeof title, "青川市民政局%d年度部门决算公开", y - 1);
    if (!rc)
        rc = add_if_due(d, &(struct docspec){title, NULL, "财政预决算", "报告", 7, on_workday(d, ymd(y, 8, 5)),
                                             on_workday(d, ymd(y, 8, 12)), b->data, false, 0, 0}, NULL);
    return rc;
}

/* The rules on temporary relief (a 行政规范性文件 with its 文号). */
static int add_temp_relief(struct demo *d, int y, buf *b)
{
    char docno[64];
    const char *title = "青川市困难群众临时救助实施细则";
    buf_reset(b);
    snprintf(docno, sizeof docno, "青民规〔%d〕2号", y);
    buf_printf(b, "第一条 为规范临时救助工作，根据《社会救助暂行办法》，结合本市实际，制定本细则。\n"
                   "第二条 临时救助对象为因突发性、紧迫性、临时性原因导致基本生活陷入困境的家庭或个人。\n"
                   "第三条 救助标准按照城市低保标准的2至6倍确定，对特别困难的可实行“一事一议”。\n"
                   "第四条 本细则自%d年7月1日起施行，有效期5年。\n", y);
    return add_if_due(d, &(struct docspec){title, docno, "社会救助", "行政规范性文件", 1, on_workday(d, ymd(y, 6, 3)),
                                           on_workday(d, ymd(y, 6, 10)), b->data, false, 0, 0}, NULL);
}

static int add_year_documents(struct demo *d, int y)
{
    buf b;
    buf_init(&b);
    int rc = add_standard(d, y, &b);
    if (!rc)
        rc = add_budget(d, y, &b);
    if (!rc)
        rc = add_demo_docs(d, y, demo_docs_spring, demo_ndocs_spring);
    if (!rc)
        rc = add_temp_relief(d, y, &b);
    if (!rc)
        rc = add_demo_docs(d, y, demo_docs_autumn, demo_ndocs_autumn);
    buf_free(&b);
    return rc;
}

/* This year's temporary-relief rules repeal last year's. */
static int repeal_old_rules(struct demo *d)
{
    struct store_doc_query q = {.agency_id = d->aid, .text = "临时救助实施细则", .validity = -1, .by_date = true,
                                .limit = 5};
    struct store_doc_result *res;
    size_t n;
    int64_t total;
    int rc = store_doc_search(d->st, &q, &res, &n, &total, d->e);
    if (rc)
        return rc;
    int64_t newer = 0, older = 0;
    char mine[32];
    snprintf(mine, sizeof mine, "青民规〔%d〕", d->year);
    for (size_t i = 0; i < n; i++) {
        if (strncmp(res[i].docno, mine, strlen(mine)) == 0)
            newer = res[i].id;
        else if (strncmp(res[i].docno, "青民规〔", strlen("青民规〔")) == 0)
            older = res[i].id;
    }
    store_doc_results_free(res, n);
    if (!newer || !older)
        return 0;
    struct doc nd;
    doc_init(&nd);
    if ((rc = store_doc_get(d->st, d->aid, newer, &nd, d->e)))
        return rc;
    struct store_doc_step s = {.action = DOC_A_REPEAL, .role = DOC_R_OFFICE, .actor = "gongkaiban",
                               .comment = "新细则施行，原细则同时废止", .date = nd.published, .by_id = newer};
    doc_clear(&nd);
    struct store_doc_outcome out;
    return store_doc_step(d->st, d->aid, older, &s, &out, d->e);
}

/* Drafts at every step of the review chain. */
static int add_workflow_documents(struct demo *d)
{
    static const struct {
        const char *title, *body;
        int steps;            /* how far: 0 draft, 1 review1, 2 review2, 3 signoff, 4 signed */
        bool returned;
    } drafts[] = {
        {"青川市民政局关于做好今冬明春困难群众救助工作的通知",
         "各乡镇人民政府、街道办事处：为切实保障困难群众温暖过冬，现就做好今冬明春困难群众救助工作通知如下：\n"
         "一、全面排查摸底，对低保对象、特困人员、低保边缘家庭等开展走访。\n二、及时发放取暖补贴和春节一次性生活补贴。\n", 0, false},
        {"青川市最低生活保障家庭经济状况核对办法（征求意见稿）",
         "第一条 为规范最低生活保障家庭经济状况核对工作，制定本办法。\n第二条 核对内容包括家庭成员的收入、财产和支出情况。\n", 1,
         false},
        {"关于公布青川市第二批社区养老服务站名单的通知",
         "经乡镇（街道）申报、市民政局组织验收，现将青川市第二批社区养老服务站名单予以公布。\n", 2, false},
        {"青川市民政局关于调整高龄津贴发放标准的通知",
         "经市人民政府同意，自明年1月1日起，80至89周岁老年人高龄津贴由每人每月50元提高到60元，90周岁以上由每人每月100元提高到120元。\n", 3,
         false},
        {"青川市民政局2026年度社会组织等级评估结果公告",
         "根据《社会组织评估管理办法》，经评估委员会审定，评定5A级社会组织2家、4A级6家、3A级11家。\n", 4, false},
        {"关于印发《青川市养老服务补贴管理办法》的通知",
         "现将《青川市养老服务补贴管理办法》印发给你们，请认真贯彻执行。\n", 0, true},
        {"关于李某某临时救助申请审核情况的说明",
         "申请人李某某，联系电话13912345678，身份证号码519901196503124512，因家庭成员重病申请临时救助，经入户调查……\n", 1, false},
    };
    int rc = 0;
    for (size_t i = 0; !rc && i < sizeof drafts / sizeof drafts[0]; i++) {
        struct doc doc;
        doc_init(&doc);
        doc.agency_id = d->aid;
        snprintf(doc.title, sizeof doc.title, "%s", drafts[i].title);
        snprintf(doc.issuer, sizeof doc.issuer, "%s", d->agency);
        snprintf(doc.category, sizeof doc.category, "%s", i == 4 ? "社会组织" : i == 2 || i == 3 ? "养老服务" : "社会救助");
        snprintf(doc.genre, sizeof doc.genre, "%s", i == 4 ? "公告" : "通知");
        doc.item = i == 4 ? 5 : 11;
        doc.written = workdays_before(d, d->today, 3 + (int)i);
        doc.state = DOC_DRAFT;
        doc.body = xstrdup(drafts[i].body);
        snprintf(doc.author, sizeof doc.author, "xinxiyuan");
        rc = store_doc_add(d->st, &doc, "xinxiyuan", d->e);
        int64_t id = doc.id;
        doc_clear(&doc);
        struct store_doc_outcome out;
        static const struct {
            int action, role;
            const char *actor;
        } chain[] = {{DOC_A_SUBMIT, DOC_R_AUTHOR, "xinxiyuan"},
                     {DOC_A_APPROVE, DOC_R_REVIEWER1, "shenhe"},
                     {DOC_A_APPROVE, DOC_R_REVIEWER2, "fushen"},
                     {DOC_A_APPROVE, DOC_R_LEADER, "lingdao"}};
        for (int k = 0; !rc && k < drafts[i].steps; k++) {
            struct store_doc_step s = {.action = chain[k].action, .role = chain[k].role, .actor = chain[k].actor,
                                       .comment = k ? "同意。" : NULL, .date = DOC_NODAY};
            rc = store_doc_step(d->st, d->aid, id, &s, &out, d->e);
        }
        if (!rc && drafts[i].returned) {
            struct store_doc_step s = {.action = DOC_A_SUBMIT, .role = DOC_R_AUTHOR, .actor = "xinxiyuan",
                                       .date = DOC_NODAY};
            rc = store_doc_step(d->st, d->aid, id, &s, &out, d->e);
            struct store_doc_step ret = {.action = DOC_A_RETURN, .role = DOC_R_REVIEWER1, .actor = "shenhe",
                                         .comment = "第三条补贴标准与市财政局会签意见不一致，请核实后修改。", .date = DOC_NODAY};
            if (!rc)
                rc = store_doc_step(d->st, d->aid, id, &ret, &out, d->e);
        }
    }
    return rc;
}

/* ---- applications ---- */

struct appspec {
    int kind;                 /* enum rpt_col */
    int channel;
    const char *request;
    int delivery;
};

static const struct appspec requests[] = {
    {COL_NATURAL, APP_CH_ONLINE, "本人所在社区%d年度城乡低保资金发放明细", APP_DL_EMAIL},
    {COL_NATURAL, APP_CH_IN_PERSON, "本人父亲%d年殡葬基本服务费用减免的审批记录", APP_DL_PAPER_PICKUP},
    {COL_NATURAL, APP_CH_ONLINE, "%d年本市临时救助资金分配方案及各乡镇分配金额", APP_DL_EMAIL},
    {COL_NATURAL, APP_CH_REGISTERED, "石桥镇新华村%d年低保评议会议记录和评议结果", APP_DL_PAPER_POST},
    {COL_NATURAL, APP_CH_ONLINE, "%d年全市养老服务补贴发放人数和金额", APP_DL_ONLINE},
    {COL_NATURAL, APP_CH_LETTER, "城关镇东风社区养老服务站%d年建设项目的审批文件和验收报告", APP_DL_PAPER_POST},
    {COL_COMMERCIAL, APP_CH_ONLINE, "%d年本局养老机构适老化改造服务项目的采购文件和中标结果", APP_DL_EMAIL},
    {COL_COMMERCIAL, APP_CH_IN_PERSON, "青川市家政服务行业协会的成立登记材料（%d年）", APP_DL_PAPER_PICKUP},
    {COL_RESEARCH, APP_CH_ONLINE, "%d年全市特困人员集中供养和分散供养人数统计", APP_DL_EMAIL},
    {COL_PUBLIC_INTEREST, APP_CH_ONLINE, "%d年本市慈善组织认定名单及年度工作报告", APP_DL_EMAIL},
    {COL_LEGAL_SERVICES, APP_CH_FAX, "某社会组织%d年行政处罚决定书及执法案卷", APP_DL_PAPER_POST},
    {COL_OTHER, APP_CH_ONLINE, "%d年社区居委会换届选举工作方案", APP_DL_ONLINE},
};
#define NREQ ((int)(sizeof requests / sizeof requests[0]))

static int add_app(struct demo *d, gk_day received, int which, struct app *a)
{
    const struct appspec *s = &requests[which % NREQ];
    memset(a, 0, sizeof *a);
    a->agency_id = d->aid;
    a->channel = s->channel;
    a->received = received;
    a->submitted = s->channel == APP_CH_IN_PERSON || s->channel == APP_CH_ONLINE ? received : received - 2;
    a->kind = s->kind;
    int y, m, dd;
    date_to_ymd(received, &y, &m, &dd);
    snprintf(a->request, sizeof a->request, s->request, y - (pick(d, 3) == 0));
    if (s->kind == COL_NATURAL) {
        person(d, a->name, sizeof a->name);
        id_number(d, 1950 + pick(d, 50), a->id_number);
    } else {
        static const char *const orgs[] = {"", "青川市安康养老服务有限公司", "西南民政政策研究院", "青川市益众公益服务中心",
                                           "四川青川律师事务所", "青川日报社"};
        snprintf(a->name, sizeof a->name, "%s", orgs[s->kind]);
        snprintf(a->id_number, sizeof a->id_number, "91511100MA%02d%04dX%d", pick(d, 100), pick(d, 10000), pick(d, 10));
    }
    mobile(d, a->phone);
    snprintf(a->address, sizeof a->address, "青川市%s%d组%d号", places[pick(d, 10)], 1 + pick(d, 9), 1 + pick(d, 60));
    if (s->delivery == APP_DL_EMAIL)
        snprintf(a->email, sizeof a->email, "applicant%d@example.cn", pick(d, 100000));
    a->delivery = s->delivery;
    int rc = app_register(&d->rules, d->cal, a, d->e);
    if (!rc)
        rc = store_app_add(d->st, a, s->channel == APP_CH_ONLINE ? "online" : "xinxiyuan", d->e);
    d->apps += !rc;
    return rc;
}

/* One step on an application, dated `on`. */
static int step(struct demo *d, struct app *a, struct app_event ev, gk_day on, const char *actor)
{
    struct app after = *a;
    ev.date = on;
    if (ev.kind == APP_EV_FEE_NOTICE && ev.fee_method == FEE_BY_COUNT) {
        int rc = store_app_nth_in_month(d->st, a, &ev.nth_in_month, d->e);
        if (rc)
            return rc;
    }
    int rc = app_step(&d->rules, d->cal, &after, &ev, d->e);
    if (rc)
        return rc;
    buf sum;
    buf_init(&sum);
    app_step_summary(&after, &ev, &sum);
    rc = store_app_save(d->st, a, &after, actor, app_events[ev.kind].code, after.last_step, sum.data, d->e);
    buf_free(&sum);
    if (!rc)
        *a = after;
    return rc;
}

/* The handling chain before the answer (issue 18): the office assigns to the
 * 信息员, who drafts; the 分管领导 approves. */
static int demo_chain(struct demo *d, const struct app *a, const char *outcome, const char *detail,
                      const char *refer, gk_day on)
{
    static const struct app_chain_actor who[] = {{"gongkaiban", "office"}, {"xinxiyuan", "officer"},
                                                 {"lingdao", "leader"}};
    const struct app_chain_event evs[] = {
        {.action = APP_CA_ASSIGN, .to = "xinxiyuan"},
        {.action = APP_CA_DRAFT, .outcome = outcome, .detail = detail, .refer = refer},
        {.action = APP_CA_APPROVE},
    };
    struct app_chain_rules r;
    app_chain_rules_default(&r, on);
    struct app_chain *before = xmalloc(sizeof *before), *after = xmalloc(sizeof *after);
    int rc = 0;
    for (size_t i = 0; !rc && i < sizeof evs / sizeof evs[0]; i++) {
        struct app_chain_event ev = evs[i];
        ev.date = on;
        if ((rc = store_chain_get(d->st, a, before, d->e)))
            break;
        *after = *before;
        buf sum;
        buf_init(&sum);
        if (!(rc = app_chain_step(&r, a, after, &who[i], &ev, d->e))) {
            app_chain_summary(after, &ev, &sum);
            rc = store_chain_save(d->st, a, before, after, who[i].name, ev.action, sum.data, NULL, 0, d->e);
        }
        buf_free(&sum);
    }
    free(before);
    free(after);
    return rc;
}

static const char *const detail_granted[] = {
    "现将相关信息以电子文本形式提供给您，共3页。",
    "现将相关文件复印件提供给您，共5页，请于收到本告知书后到本机关领取。",
};

/* The office's words for an outcome (a code, or the group its code starts
 * with), and the body responsible when the information is not held here. */
static const struct {
    const char *outcome;
    bool group;
    const char *detail, *refer;
} demo_details[] = {
    {"withheld", true,
     "所申请信息中含有申请人以外的自然人姓名、身份证号码、家庭住址等个人信息，公开后会对第三方合法权益造成损害，且第三方不同意公开。",
     NULL},
    {"unavailable.not_held", false,
     "经检索本机关档案和业务系统，未找到您所描述的政府信息。该信息可能由乡镇人民政府制作和保存。", "青川市石桥镇人民政府"},
    {"unavailable.needs_creation", false, "您申请的统计数据需要对现有数据进行汇总、加工，本机关没有现成信息。", NULL},
    {"not_processed", true, "您的申请实质是对社区低保评议结果的投诉，本机关已转社会救助科按信访程序办理。", NULL},
};

static int answer(struct demo *d, struct app *a, const char *outcome, gk_day on)
{
    const char *detail = "";
    const char *refer = NULL;
    if (strcmp(outcome, "granted") == 0 || strcmp(outcome, "partly_granted") == 0)
        detail = detail_granted[pick(d, 2)];
    for (size_t i = 0; i < sizeof demo_details / sizeof demo_details[0]; i++) {
        size_t n = strlen(demo_details[i].outcome);
        if (demo_details[i].group ? strncmp(outcome, demo_details[i].outcome, n) == 0
                                  : strcmp(outcome, demo_details[i].outcome) == 0) {
            detail = demo_details[i].detail;
            refer = demo_details[i].refer;
            break;
        }
    }
    int rc = demo_chain(d, a, outcome, detail, refer, on);
    return rc ? rc : step(d, a, (struct app_event){.kind = APP_EV_ANSWER, .outcome = outcome, .detail = detail,
                                                   .refer = refer}, on, "gongkaiban");
}

/* Answered applications over a year: a realistic mix of outcomes. */
static int year_of_applications(struct demo *d, int y, int64_t *for_review)
{
    static const char *const outcomes[] = {
        "granted", "granted", "granted", "granted", "granted", "granted", "granted", "partly_granted",
        "partly_granted", "unavailable.not_held", "unavailable.not_held", "unavailable.not_held", "granted",
        "withheld.third_party_rights", "withheld.process_info", "unavailable.needs_creation",
        "not_processed.petition_complaint", "not_processed.repeated", "granted", "withheld.internal_affairs",
        "granted", "not_processed.publication", "granted", "partly_granted",
    };
    int n = (int)(sizeof outcomes / sizeof outcomes[0]);
    int rc = 0;
    for (int i = 0; !rc && i < n; i++) {
        gk_day rec = on_workday(d, ymd(y, 1, 6) + i * 15 + pick(d, 5));
        gk_day done = add_wd(d, rec, 6 + pick(d, 12));
        if (done >= d->today)
            break;
        struct app a;
        rc = add_app(d, rec, i, &a);
        if (!rc && i == 5) {
            /* an extension, approved by the office head, before the answer */
            gk_day ext = add_wd(d, rec, 17);
            rc = step(d, &a, (struct app_event){.kind = APP_EV_EXTEND, .days = 15, .approver = "赵敏",
                                                .reason = "涉及多个乡镇的档案需要调取核对"}, ext, "gongkaiban");
            done = add_wd(d, rec, 28);
        }
        if (!rc && i == 9) {
            gk_day c0 = add_wd(d, rec, 3), c1 = add_wd(d, rec, 12);
            rc = step(d, &a, (struct app_event){.kind = APP_EV_CONSULT_START, .consult_kind = 2,
                                                .party = "青川市财政局"}, c0, "gongkaiban");
            if (!rc)
                rc = step(d, &a, (struct app_event){.kind = APP_EV_CONSULT_END, .note = "市财政局回复同意公开"}, c1,
                          "gongkaiban");
            done = add_wd(d, c1, 5);
        }
        if (!rc && done < d->today)
            rc = answer(d, &a, outcomes[i], done);
        if (!rc && i == 13 && for_review)
            *for_review = a.id;
    }
    /* the other ways an application ends */
    if (!rc) {
        struct app a;
        gk_day rec = on_workday(d, ymd(y, 3, 9));
        rc = add_app(d, rec, 2, &a);
        gk_day n1 = add_wd(d, rec, 4), by = add_wd(d, n1, 15);
        if (!rc)
            rc = step(d, &a, (struct app_event){.kind = APP_EV_SUPPLEMENT_REQUEST,
                                                .what = "请明确所需信息的具体年份和所涉乡镇", .by = by}, n1, "gongkaiban");
        if (!rc && add_wd(d, by, 1) < d->today)
            rc = step(d, &a, (struct app_event){.kind = APP_EV_SUPPLEMENT_LAPSED}, add_wd(d, by, 1), "gongkaiban");
    }
    if (!rc) {
        struct app a;
        gk_day rec = on_workday(d, ymd(y, 5, 18));
        rc = add_app(d, rec, 4, &a);
        if (!rc)
            rc = step(d, &a, (struct app_event){.kind = APP_EV_WITHDRAW, .note = "申请人来电表示已通过其他途径获得"},
                      add_wd(d, rec, 5), "gongkaiban");
    }
    if (!rc) {
        /* a fee by pages, paid, then answered */
        struct app a;
        gk_day rec = on_workday(d, ymd(y, 7, 14));
        rc = add_app(d, rec, 6, &a);
        gk_day fn = add_wd(d, rec, 8);
        if (!rc)
            rc = step(d, &a, (struct app_event){.kind = APP_EV_FEE_NOTICE, .fee_method = FEE_BY_PAGES, .pages = 86},
                      fn, "gongkaiban");
        if (!rc)
            rc = step(d, &a, (struct app_event){.kind = APP_EV_FEE_PAID}, add_wd(d, fn, 6), "gongkaiban");
        if (!rc)
            rc = answer(d, &a, "granted", add_wd(d, fn, 10));
    }
    return rc;
}

/* A step whose deadline runs past the last year the calendar knows (late in
 * December, before the State Council's notice for next year is imported) is
 * left out: the demo never guesses a deadline. */
static int tolerate_range(int rc, struct demo *d)
{
    if (rc == GK_ERANGE) {
        d->e->code = 0;
        return 0;
    }
    return rc;
}

/* Open applications: every open state, one overdue, two due within three working days. */
static int open_app(struct demo *d, int ago, int which, struct app *a, bool *added)
{
    *added = false;
    int rc = add_app(d, workdays_before(d, d->today, ago), which, a);
    if (!rc)
        *added = true;
    return tolerate_range(rc, d);
}

static int open_applications(struct demo *d)
{
    struct app a;
    bool ok;
    int rc = 0;
    /* overdue: 24 working days ago, never answered */
    if (!rc)
        rc = open_app(d, 24, 3, &a, &ok);
    /* due in 1 and 3 working days */
    if (!rc)
        rc = open_app(d, 19, 0, &a, &ok);
    if (!rc)
        rc = open_app(d, 17, 8, &a, &ok);
    /* fresh */
    if (!rc)
        rc = open_app(d, 2, 1, &a, &ok);
    if (!rc)
        rc = open_app(d, 0, 9, &a, &ok);
    /* extended */
    if (!rc && !(rc = open_app(d, 22, 5, &a, &ok)) && ok)
        rc = tolerate_range(step(d, &a, (struct app_event){.kind = APP_EV_EXTEND, .days = 20, .approver = "赵敏",
                                                           .reason = "所需信息数量较大，需调取历年档案"},
                                 add_wd(d, a.received, 18), "gongkaiban"), d);
    /* awaiting supplementation */
    if (!rc && !(rc = open_app(d, 6, 11, &a, &ok)) && ok)
        rc = tolerate_range(step(d, &a, (struct app_event){.kind = APP_EV_SUPPLEMENT_REQUEST,
                                                           .what = "请说明所需换届选举工作方案所属的社区名称和年份",
                                                           .by = add_wd(d, d->today, 10)},
                                 add_wd(d, a.received, 3), "gongkaiban"), d);
    /* consulting a third party */
    if (!rc && !(rc = open_app(d, 9, 7, &a, &ok)) && ok)
        rc = tolerate_range(step(d, &a, (struct app_event){.kind = APP_EV_CONSULT_START, .consult_kind = 1,
                                                           .party = "青川市家政服务行业协会"},
                                 add_wd(d, a.received, 4), "gongkaiban"), d);
    /* awaiting a fee */
    if (!rc && !(rc = open_app(d, 16, 10, &a, &ok)) && ok)
        rc = tolerate_range(step(d, &a, (struct app_event){.kind = APP_EV_FEE_NOTICE, .fee_method = FEE_BY_PAGES,
                                                           .pages = 240},
                                 add_wd(d, a.received, 3), "gongkaiban"), d);
    return rc;
}

/* A review upheld, and a suit after it still pending. */
static int review_cases(struct demo *d, int64_t app_id)
{
    if (!app_id)
        return 0;
    char no[24];
    snprintf(no, sizeof no, "%lld", (long long)app_id);
    struct app a;
    int rc = store_app_get(d->st, d->aid, no, &a, d->e);
    if (rc || !a.concluded)
        return rc;
    struct app_case c = {0};
    c.agency_id = d->aid;
    c.app_id = a.id;
    c.kind = APP_CASE_REVIEW;
    c.filed = add_wd(d, a.concluded, 20);
    if (c.filed >= d->today)
        return 0;
    snprintf(c.body, sizeof c.body, "青川市人民政府");
    snprintf(c.case_no, sizeof c.case_no, "青府复〔%d〕%d号", d->year - 1, 17);
    if ((rc = app_case_check_new(&c, &a, NULL, d->today, d->e)) || (rc = store_case_add(d->st, &c, "gongkaiban", d->e)))
        return rc;
    struct app_case closed = c;
    gk_day end = add_wd(d, c.filed, 40);
    if (end < d->today) {
        if ((rc = app_case_close(&closed, APP_CR_UPHELD, end, d->today, d->e)) ||
            (rc = store_case_save(d->st, &c, &closed, "gongkaiban", d->e)))
            return rc;
        struct app_case suit = {0};
        suit.agency_id = d->aid;
        suit.app_id = a.id;
        suit.prior_id = closed.id;
        suit.kind = APP_CASE_LIT_AFTER_REVIEW;
        suit.filed = add_wd(d, end, 10);
        snprintf(suit.body, sizeof suit.body, "青川市人民法院");
        snprintf(suit.case_no, sizeof suit.case_no, "（%d）川1102行初%d号", d->year - 1 + (suit.filed >= ymd(d->year, 1, 1)), 33);
        if (suit.filed < d->today && (rc = app_case_check_new(&suit, &a, &closed, d->today, d->e)) == 0)
            rc = store_case_add(d->st, &suit, "gongkaiban", d->e);
    }
    return rc;
}

/* Last year's annual report, generated from the records, signed off and published with its text. */
static int publish_last_year(struct demo *d)
{
    int y = d->year - 1;
    char narrative[4096];
    snprintf(narrative, sizeof narrative,
             "{\"overview\":\"%d年，%s坚持以公开为常态、不公开为例外，围绕社会救助、养老服务、社会组织管理等重点领域，"
             "扎实推进政府信息公开工作。\\n（一）主动公开。全年通过门户网站政府信息公开专栏主动公开政府信息，"
             "每月公示城乡低保、特困人员新增对象名单，名单中的姓名、身份证号码一律作去标识化处理。\\n"
             "（二）依申请公开。严格按照《条例》规定的时限办理，全部申请均在法定期限内答复。\\n"
             "（三）政府信息管理。落实“撰稿、一审、二审、三审”审核流程，发布前自动筛查个人信息和敏感词。\\n"
             "（四）平台建设。政府信息公开专栏实现适老化改造，支持大字版和键盘操作。\",\"problems\":\"一是政策解读形式还比较单一，"
             "图解、音视频解读较少；二是部分乡镇上报信息不够及时。下一步，我局将丰富解读形式，加强对乡镇的业务指导和考核。\","
             "\"other\":\"本年度未收取信息处理费。\"}",
             y, d->agency);
    int rc = store_report_save(d->st, d->aid, y, narrative, NULL, "gongkaiban", d->e);
    if (rc)
        return rc;
    rpt *r;
    if ((rc = web_report_generate(d->st, d->aid, d->agency, y, &r, d->e)))
        return rc;
    if (rpt_count_errors(r)) {
        rc = err_set(d->e, GK_ESTATE, "demo", "the demo's %d report does not check: %s", y, r->problems[0].message);
        rpt_free(r);
        return rc;
    }
    rpt_clear_problems(r);
    buf j;
    buf_init(&j);
    rpt_to_json(r, &j, false);
    rpt_free(r);
    /* signed off by the 分管领导, then published by the office */
    rc = store_report_sign(d->st, d->aid, y, j.data, "lingdao", "leader", d->e);
    buf_free(&j);
    if (!rc)
        rc = store_report_publish(d->st, d->aid, y, "gongkaiban", d->e);
    return rc;
}

int demo_records(store_t *st, int64_t agency_id, const char *agency_name, int *ndocs, int *napps, err *e)
{
    struct demo d = {.st = st, .aid = agency_id, .agency = agency_name, .e = e, .rng = 20260101u};
    if (store_calendar(st, &d.cal, e))
        return e->code ? e->code : GK_EIO;
    d.today = date_today();
    int m, dd;
    date_to_ymd(d.today, &d.year, &m, &dd);
    app_rules_default(&d.rules, d.today);
    int rc = 0;
    if (!cal_year_known(d.cal, d.year)) {
        cal_free(d.cal);
        return err_set(e, GK_ERANGE, "demo", "the calendar has no data for %d: import the year's holidays first "
                                             "(gongkai calendar import)", d.year);
    }
    store_setting_set(st, agency_id, "disclosure.review_body", "青川市人民政府", e);
    store_setting_set(st, agency_id, "disclosure.court", "青川市人民法院", e);
    store_setting_set(st, agency_id, "disclosure.contact", "青川市民政局办公室，电话0839-5521234，地址青川市人民路88号", e);
    /* the figures of table 二 that do not come from documents */
    for (int y = d.year - 1; !rc && y <= d.year; y++) {
        static const struct { const char *key; double v; } figs[] = {
            {"licensing.decisions", 92}, {"penalty.decisions", 3}, {"compulsion.decisions", 0},
            {"fees.amount_10k_yuan", 0},
        };
        for (size_t i = 0; !rc && i < sizeof figs / sizeof figs[0]; i++)
            rc = store_doc_stat_set(st, agency_id, y, figs[i].key, figs[i].v + (y == d.year ? -20 * (i == 0) : 0),
                                    "gongkaiban", e);
    }
    for (int y = d.year - 1; !rc && y <= d.year; y++) {
        for (int mo = 1; !rc && mo <= 12; mo++)
            rc = add_monthly(&d, y, mo);
        if (!rc)
            rc = add_year_documents(&d, y);
    }
    if (!rc)
        rc = repeal_old_rules(&d);
    if (!rc)
        rc = add_workflow_documents(&d);
    int64_t review_app = 0;
    for (int y = d.year - 1; !rc && y <= d.year; y++)
        rc = year_of_applications(&d, y, y == d.year - 1 ? &review_app : NULL);
    if (!rc)
        rc = open_applications(&d);
    if (!rc)
        rc = review_cases(&d, review_app);
    if (!rc)
        rc = publish_last_year(&d);
    cal_free(d.cal);
    *ndocs = d.docs;
    *napps = d.apps;
    return rc;
}
