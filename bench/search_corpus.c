/*
 * Corpus generator for the search test and benchmark (see search_corpus.h).
 * The text imitates what a civil-affairs bureau and its county offices
 * publish: notices about subsistence allowances, relief, funeral reform,
 * with document numbers (驻民文〔2018〕149号), index numbers, dates, money,
 * phone numbers, standards (GB/T 28827-2012), web addresses, file names,
 * full-width digits and upper-case ASCII now and then.
 */
#include "search_corpus.h"

#include <stdlib.h>
#include <string.h>

typedef struct rng { uint64_t s; } rng;

static uint64_t rnext(rng *r)
{
    uint64_t z = (r->s += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

static size_t rint_(rng *r, size_t n)
{
    return (size_t)(rnext(r) % n);
}

/* Skewed towards the front of a list: common phrases come first. */
static size_t rskew(rng *r, size_t n)
{
    double u = (double)(rnext(r) >> 11) / 9007199254740992.0;
    return (size_t)(u * u * u * (double)n);
}

#define N(a) (sizeof(a) / sizeof((a)[0]))
#define PICK(r, a) ((a)[rint_(r, N(a))])
#define SKEW(r, a) ((a)[rskew(r, N(a))])

static const char *const agencies[] = {
    "驻马店市民政局", "驻马店市人民政府办公室", "河南省民政厅", "驿城区民政局", "西平县人民政府",
    "上蔡县财政局", "平舆县卫生健康委员会", "确山县自然资源局", "泌阳县教育局",
    "汝南县人力资源和社会保障局", "遂平县住房和城乡建设局", "新蔡县农业农村局",
    "正阳县市场监督管理局", "驻马店市残疾人联合会", "驻马店市殡葬管理所", "驻马店市社会福利院",
};
static const char *const docprefix[] = {
    "驻民文", "驻政办", "豫民", "驿民", "西政", "蔡财", "平卫", "确自然", "泌教", "汝人社",
    "遂建", "新农", "正市监", "驻残联", "驻民办", "驻民函",
};
static const char *const topics[] = {
    "最低生活保障", "城乡低保", "临时救助", "特困人员救助供养", "殡葬管理", "养老服务",
    "社会救助", "残疾人两项补贴", "孤儿基本生活保障", "农村留守儿童关爱保护", "社会组织登记管理",
    "慈善捐赠", "婚姻登记", "地名管理", "医疗救助", "困难群众基本生活", "防汛救灾", "疫情防控",
    "优抚安置", "政府信息公开", "行政审批", "安全生产", "乡村振兴", "低保边缘家庭认定",
    "惠民殡葬", "公益性公墓建设", "高龄津贴", "事实无人抚养儿童保障", "流浪乞讨人员救助",
    "居家养老服务", "社区治理", "村务公开", "退役军人服务", "政务服务",
};
static const char *const verbs[] = {
    "做好", "进一步加强", "印发", "开展", "调整", "公布", "规范", "做好全市", "推进", "落实",
};
static const char *const kinds[] = {
    "工作的通知", "实施方案的通知", "管理办法", "情况的公示", "标准的通知", "专项检查的通知",
    "工作要点", "资金分配方案", "实施意见", "名单公示", "考核结果的通报",
};
static const char *const laws[] = {
    "社会救助暂行办法", "中华人民共和国政府信息公开条例", "殡葬管理条例",
    "河南省最低生活保障条例", "特困人员认定办法", "中华人民共和国老年人权益保障法",
    "河南省社会救助实施办法", "残疾人保障法",
};
static const char *const places[] = {
    "驿城区", "西平县", "上蔡县", "平舆县", "正阳县", "确山县", "泌阳县", "汝南县", "遂平县",
    "新蔡县", "开发区", "产业集聚区", "金桥街道", "老街街道", "顺河街道", "水屯镇", "沙河店镇",
};
static const char *const phrases[] = {
    "认真贯彻落实", "切实加强组织领导", "确保各项政策落到实处", "进一步提高保障水平",
    "困难群众", "基本生活", "动态管理", "应保尽保", "应退尽退", "按照规定程序", "严格审核审批",
    "加强资金监管", "做好宣传引导", "及时发放到位", "主动接受社会监督", "建立健全长效机制",
    "各县区民政部门", "有关单位", "高度重视", "压实工作责任", "简化办事流程", "群众满意度",
    "一门受理", "协同办理", "网上申请", "入户调查", "民主评议", "张榜公示", "信息比对",
    "家庭经济状况核对", "分散供养", "集中供养", "火化率", "节地生态安葬", "骨灰堂",
    "移风易俗", "文明祭扫", "红白理事会", "养老机构", "日间照料中心", "护理型床位",
    "救助站", "街面巡查", "寒冬送温暖", "防止返贫", "兜底保障", "乡镇人民政府", "村民委员会",
};
static const char *const words[] = {
    "PDF", "pdf", "doc", "xlsx", "APP", "WiFi", "QQ", "GPS", "EMS", "ID", "http", "www",
    "gov", "cn", "zmd", "mzj", "V2", "ISO9001", "WeChat", "OCR",
};
static const char surnames[] = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤";
static const char given[] = "建国华明丽芳秀英敏静强军伟磊洋勇艳杰娟涛超霞平刚桂兰玉珍凤荣海燕红梅鹏飞志云春兵晶宇浩辉斌雪琳慧婷颖倩文博翔宁博凯鑫淑贞秋菊金凤德福贵喜宝成功顺利长生永新振兴国庆忠义诚信";

/* i-th UTF-8 Han character of a string of 3-byte characters. */
static void put_han(buf *b, const char *pool, size_t i)
{
    buf_append(b, pool + 3 * i, 3);
}

static void put_name(buf *b, rng *r)
{
    size_t ns = strlen(surnames) / 3, ng = strlen(given) / 3;
    put_han(b, surnames, rint_(r, ns));
    put_han(b, given, rint_(r, ng));
    if (rint_(r, 3))
        put_han(b, given, rint_(r, ng));
}

static const char *const fw_digits[] = {"０", "１", "２", "３", "４", "５", "６", "７", "８", "９"};

/* A number, written with full-width digits one time in twenty. */
static void put_num(buf *b, rng *r, unsigned long v)
{
    char s[32];
    snprintf(s, sizeof s, "%lu", v);
    if (rint_(r, 20) == 0) {
        for (char *p = s; *p; p++)
            buf_puts(b, fw_digits[*p - '0']);
    } else {
        buf_puts(b, s);
    }
}

static int doc_year(size_t i, size_t ndocs)
{
    return 2008 + (int)((double)i * 18.0 / (double)(ndocs ? ndocs : 1));
}

static void put_docno(buf *b, rng *r, int year)
{
    buf_puts(b, PICK(r, docprefix));
    switch (rint_(r, 10)) {
    case 0: buf_printf(b, "[%d]", year); break;
    case 1: buf_printf(b, "（%d）", year); break;
    case 2: buf_printf(b, "〔%d〕第", year); break;
    default: buf_printf(b, "〔%d〕", year); break;
    }
    put_num(b, r, 1 + rskew(r, 300));
    buf_puts(b, "号");
}

static void put_sentence(buf *b, rng *r, int year, const char *topic)
{
    switch (rint_(r, 16)) {
    case 0:
        buf_printf(b, "根据《%s》（", PICK(r, laws));
        put_docno(b, r, year - (int)rint_(r, 3));
        buf_puts(b, "）精神，结合我市实际，现将有关事项通知如下。");
        break;
    case 1:
        put_num(b, r, (unsigned long)year);
        buf_puts(b, "年");
        put_num(b, r, 1 + rint_(r, 12));
        buf_puts(b, "月");
        put_num(b, r, 1 + rint_(r, 28));
        buf_printf(b, "日，%s召开%s工作会议，", PICK(r, agencies), topic);
        put_num(b, r, 2 + rint_(r, 14));
        buf_puts(b, "个县区参加。");
        break;
    case 2:
        buf_printf(b, "%s共有%s对象", PICK(r, places), topic);
        put_num(b, r, 100 + rint_(r, 20000));
        buf_puts(b, "户");
        put_num(b, r, 200 + rint_(r, 40000));
        buf_puts(b, "人，月人均补助");
        put_num(b, r, 100 + rint_(r, 900));
        buf_puts(b, "元。");
        break;
    case 3:
        buf_printf(b, "联系人：");
        put_name(b, r);
        buf_printf(b, "，联系电话：0396-%07lu，邮箱：%s%lu@zmd.gov.cn。",
                   (unsigned long)(2000000 + rint_(r, 8000000)), PICK(r, words),
                   (unsigned long)rint_(r, 100));
        break;
    case 4:
        buf_printf(b, "附件：%s申请表.%s", topic, rint_(r, 2) ? "pdf" : "DOCX");
        buf_puts(b, rint_(r, 2) ? "\n" : "　");
        break;
    case 5:
        buf_printf(b, "执行标准为GB/T %lu-%d，详见www.zmd.gov.cn/%s/%lu.html。",
                   (unsigned long)(10000 + rint_(r, 30000)), year - (int)rint_(r, 10),
                   PICK(r, words), (unsigned long)rint_(r, 100000));
        break;
    case 6:
        buf_puts(b, "全年发放资金");
        put_num(b, r, 10 + rint_(r, 5000));
        buf_puts(b, ".");
        put_num(b, r, rint_(r, 100));
        buf_puts(b, "万元，其中中央资金");
        put_num(b, r, 1 + rint_(r, 3000));
        buf_puts(b, "万元。");
        break;
    case 7:
        buf_puts(b, "第");
        put_num(b, r, 1 + rskew(r, 60));
        buf_printf(b, "条　%s，%s。", SKEW(r, phrases), SKEW(r, phrases));
        break;
    case 8:
        buf_printf(b, "索引号：11411700MB%07lu%c/%d-%05lu。", (unsigned long)rint_(r, 10000000),
                   "0123456789XY"[rint_(r, 12)], year, (unsigned long)rint_(r, 3000));
        break;
    case 9:
        buf_printf(b, "经%s%s，", PICK(r, places), SKEW(r, phrases));
        put_name(b, r);
        buf_puts(b, "等");
        put_num(b, r, 2 + rint_(r, 50));
        buf_printf(b, "户纳入%s范围。", topic);
        break;
    case 10:
        buf_printf(b, "请通过%s或“%s”%s办理。", rint_(r, 2) ? "APP" : "微信公众号",
                   PICK(r, agencies), rint_(r, 2) ? "网上申请" : "窗口");
        break;
    default: {
        size_t k = 2 + rint_(r, 3);
        for (size_t j = 0; j < k; j++) {
            buf_puts(b, SKEW(r, phrases));
            buf_puts(b, j + 1 < k ? "，" : "。");
        }
        break;
    }
    }
}

void corpus_doc_init(corpus_doc *d)
{
    buf_init(&d->title);
    buf_init(&d->docno);
    buf_init(&d->body);
    d->published = 0;
}

void corpus_doc_free(corpus_doc *d)
{
    buf_free(&d->title);
    buf_free(&d->docno);
    buf_free(&d->body);
}

void corpus_doc_make(corpus_doc *d, uint64_t seed, size_t i, size_t ndocs)
{
    rng r = {seed ^ ((uint64_t)i * 0xD1B54A32D192ED03ull)};
    rnext(&r);
    buf_reset(&d->title);
    buf_reset(&d->docno);
    buf_reset(&d->body);
    int year = doc_year(i, ndocs);
    gk_day start = date_from_ymd(2008, 1, 1), end = date_from_ymd(2025, 12, 31);
    d->published = start + (gk_day)((double)i * (double)(end - start) / (double)(ndocs ? ndocs : 1));
    const char *topic = SKEW(&r, topics);
    const char *agency = PICK(&r, agencies);
    if (rint_(&r, 4) == 0)
        buf_printf(&d->title, "%s关于", agency);
    else
        buf_puts(&d->title, "关于");
    buf_printf(&d->title, "%s", PICK(&r, verbs));
    if (rint_(&r, 2)) {
        put_num(&d->title, &r, (unsigned long)year);
        buf_puts(&d->title, "年");
    }
    buf_printf(&d->title, "%s%s", topic, PICK(&r, kinds));
    put_docno(&d->docno, &r, year);
    size_t k = 3 + rint_(&r, 5);
    for (size_t j = 0; j < k; j++)
        put_sentence(&d->body, &r, year, j % 2 ? PICK(&r, topics) : topic);
}

/* Hand-written queries: what citizens type. The corpus contains most of
 * them; some it cannot contain (zero results are checked too). */
static const char *const fixed_queries[] = {
    "低保", "救助", "殡葬", "低保户", "最低生活保障", "临时救助", "特困", "特困人员救助供养",
    "养老", "养老服务", "残疾人", "孤儿", "婚姻登记", "慈善", "疫情防控", "通知", "公示",
    "关于", "关于做好", "工作的通知", "的", "民", "县", "元", "万元", "年", "号", "条", "户",
    "149号", "49号", "9号", "1号", "2018", "2018年", "018", "18", "8", "0", "2008", "2025",
    "〔2018〕", "[2018]", "２０１８", "２０１８年", "驻民文", "驻民文〔2018〕", "驻民文〔2018〕1号",
    "豫民", "第3条", "3条", "第12条", "0396", "0396-", "gb/t", "GB/T", "pdf", "PDF", "Pdf",
    "docx", "app", "wifi", "www.zmd.gov.cn", "zmd.gov", "gov.cn", "@zmd", "html", "11411700mb",
    "mb", "x/2018", "驿城区", "驻马店", "驻马店市民政局", "河南省", "条例", "政府信息公开",
    "信息公开", "公开", "张榜公示", "入户调查", "火化率", "节地生态安葬", "骨灰堂", "移风易俗",
    "兜底保障", "防止返贫", "王", "建国", "王建国", "联系电话", "联系人", "邮箱", "附件",
    "申请表", "申请表.pdf", "资金", "中央资金", "万元，", "。", "，", "（", "《", "低保 2018",
    "殡葬 2020年", "救助 驿城区 元", "\"低保 边缘\"", "\"网上申请\"", "低保边缘家庭认定",
    "北京", "上海市", "qwerty", "2030", "9999号", "低保户口", "殡葬改革", "救助站", "补助",
    "月人均补助", "网上", "窗口", "微信", "微信公众号", "工作", "工作会议", "县区", "全市",
    "应保尽保", "应退尽退", "动态管理", "入户", "护理", "护理型床位", "日间照料", "文明祭扫",
    "红白理事会", "寒冬送温暖", "2019年", "2020", "2021年度", "17", "100", "300号", "12月",
};

static bool usable_sample(const char *s, size_t n)
{
    char *f = utf8_fold(s, n);
    bool ok = true;
    for (char *p = f; *p; p++)
        if (*p == ' ' || *p == '"' || *p == '\n' || *p == '\t')
            ok = false;
    free(f);
    return ok && utf8_valid(s, n, NULL);
}

char **corpus_queries(uint64_t seed, size_t ndocs, size_t count)
{
    char **q = xcalloc(count + 1, sizeof *q);
    size_t n = 0;
    for (size_t i = 0; i < N(fixed_queries) && n < count; i++)
        q[n++] = xstrdup(fixed_queries[i]);
    rng r = {seed ^ 0x5EA2C4};
    corpus_doc d;
    corpus_doc_init(&d);
    while (n < count) {
        corpus_doc_make(&d, seed, rint_(&r, ndocs), ndocs);
        buf *field = rint_(&r, 3) == 0 ? &d.title : rint_(&r, 4) == 0 ? &d.docno : &d.body;
        size_t chars = utf8_len(field->data, field->len);
        size_t want = 1 + rint_(&r, 8);
        if (chars < want)
            continue;
        size_t at = rint_(&r, chars - want + 1), off = 0, c = 0;
        uint32_t cp;
        while (c < at) {          /* byte offset of character `at` */
            int l = utf8_decode(field->data + off, field->len - off, &cp);
            off += l ? (size_t)l : 1;
            c++;
        }
        size_t end = off;
        for (c = 0; c < want; c++) {
            int l = utf8_decode(field->data + end, field->len - end, &cp);
            end += l ? (size_t)l : 1;
        }
        if (usable_sample(field->data + off, end - off))
            q[n++] = xstrndup(field->data + off, end - off);
    }
    corpus_doc_free(&d);
    return q;
}

void corpus_queries_free(char **q)
{
    for (size_t i = 0; q && q[i]; i++)
        free(q[i]);
    free(q);
}
