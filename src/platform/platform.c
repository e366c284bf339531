/* platform — the agency tree's rules, the CSV of agencies and the guide's
 * defaults. See platform.h. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/limits.h"
#include "platform/platform.h"
#include "publish/publish.h"

/* Levels of government (宪法第三十条: 省、自治区、直辖市 / 自治州、县、自治县、市 /
 * 乡、民族乡、镇); a platform's root is a province or a city. */
const struct plat_level_def plat_levels[PLAT_NLEVELS] = {
    [PLAT_NONE] = {PLAT_NONE, "", "", PLAT_NONE, true},
    [PLAT_PROVINCE] = {PLAT_PROVINCE, "province", "省级", PLAT_NONE, true},
    [PLAT_CITY] = {PLAT_CITY, "city", "市级", PLAT_PROVINCE, true},
    [PLAT_COUNTY] = {PLAT_COUNTY, "county", "县级", PLAT_CITY, true},
    [PLAT_TOWNSHIP] = {PLAT_TOWNSHIP, "township", "乡镇", PLAT_COUNTY, false},
};

int plat_level_parse(const char *key, const char *where, enum plat_level *out, err *e)
{
    for (int i = 0; i < PLAT_NLEVELS; i++)
        if (strcmp(plat_levels[i].key, key ? key : "") == 0) {
            *out = (enum plat_level)i;
            return 0;
        }
    return err_set(e, GK_EINVAL, where, "unknown level '%s' (province, city, county or township)", key);
}

int plat_tree_check(const struct plat_node *c, const struct plat_node *p, const char *where, err *e)
{
    if (!c->government) {
        if (c->level != PLAT_NONE)
            return err_set(e, GK_EINVAL, where, "%s is a department: a department has no level", c->code);
        if (!p)
            return err_set(e, GK_EINVAL, where, "department %s needs the government it belongs to as its parent",
                           c->code);
        if (!p->government)
            return err_set(e, GK_EINVAL, where, "department %s is under %s, which is not a government", c->code,
                           p->code);
        return 0;
    }
    if (c->level == PLAT_NONE)
        return err_set(e, GK_EINVAL, where, "government %s needs its level (province, city, county or township)",
                       c->code);
    const struct plat_level_def *L = &plat_levels[c->level];
    if (!p)
        return L->root_ok ? 0
                          : err_set(e, GK_EINVAL, where, "a %s government (%s) needs the government above it",
                                    L->key, c->code);
    if (!p->government)
        return err_set(e, GK_EINVAL, where, "government %s is under %s, which is a department", c->code, p->code);
    if (p->level != L->parent)
        return err_set(e, GK_EINVAL, where, "a %s government (%s) stands under a %s government, not under %s (%s)",
                       L->key, c->code, plat_levels[L->parent].key, p->code, plat_levels[p->level].key);
    return 0;
}

/* The first path segments of the portal (src/web/routes.c). */
const char *const plat_reserved_codes[] = {
    "api", "apply", "catalogue", "console", "doc", "favicon.ico", "guide", "healthz", "login", "logout",
    "platform", "reports", "robots.txt", "rules", "search", "static", NULL,
};

int plat_code_check(const char *code, const char *where, err *e)
{
    size_t n = strlen(code);
    if (n < PLAT_CODE_MIN || n > PLAT_CODE_MAX)
        return err_set(e, GK_EINVAL, where, "a code has %d to %d characters ('%s' has %zu)", PLAT_CODE_MIN,
                       PLAT_CODE_MAX, code, n);
    if (code[0] < 'a' || code[0] > 'z')
        return err_set(e, GK_EINVAL, where, "a code starts with a letter a-z ('%s')", code);
    for (size_t i = 0; i < n; i++) {
        char c = code[i];
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-'))
            return err_set(e, GK_EINVAL, where, "a code holds only a-z, 0-9 and '-' (character %zu of '%s')",
                           i + 1, code);
    }
    for (int i = 0; plat_reserved_codes[i]; i++)
        if (strcmp(plat_reserved_codes[i], code) == 0)
            return err_set(e, GK_EINVAL, where, "'%s' is a path of the portal and cannot be an agency's code", code);
    return 0;
}

/* ---- the CSV ---- */

const struct plat_col_def plat_cols[PLAT_NCOLS] = {
    [PLAT_C_CODE] = {"code", "机关代码", true, NULL},
    [PLAT_C_NAME] = {"name", "机关名称", true, NULL},
    [PLAT_C_PARENT] = {"parent", "上级机关代码", false, NULL},
    [PLAT_C_KIND] = {"kind", "类型", true, NULL},
    [PLAT_C_LEVEL] = {"level", "层级", false, NULL},
    [PLAT_C_ORG_CODE] = {"org_code", "发布机构代码", false, NULL},
    [PLAT_C_REGION] = {"region", "日历地区", false, "calendar.region"},
    [PLAT_C_HOST] = {"host", "域名", false, NULL},
    [PLAT_C_OFFICE] = {"office", "工作机构", false, "agency.office"},
    [PLAT_C_ADDRESS] = {"address", "办公地址", false, "agency.address"},
    [PLAT_C_POSTCODE] = {"postcode", "邮编", false, "agency.postcode"},
    [PLAT_C_PHONE] = {"phone", "咨询电话", false, "agency.phone"},
    [PLAT_C_EMAIL] = {"email", "电子邮箱", false, "agency.email"},
    [PLAT_C_HOURS] = {"hours", "办公时间", false, "agency.hours"},
    [PLAT_C_SUPERVISOR] = {"supervisor", "监督机构", false, "agency.supervisor"},
};

void plat_import_error(struct plat_import *im, int line, int col, const char *fmt, ...)
{
    if (im->nerrors >= PLAT_MAX_ERRORS)
        return;
    im->errors = xrealloc(im->errors, (im->nerrors + 1) * sizeof *im->errors);
    struct plat_error *x = &im->errors[im->nerrors++];
    x->line = line;
    x->col = col;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(x->msg, sizeof x->msg, fmt, ap);
    va_end(ap);
}

struct parse {
    struct plat_import *im;
    int map[PLAT_NCOLS];      /* column index (from 0) of each key, -1 = absent */
    bool header_done, header_bad;
    int nfields;
};

static void read_header(struct parse *p, int line, char **f, int n)
{
    for (int k = 0; k < PLAT_NCOLS; k++)
        p->map[k] = -1;
    p->nfields = n;
    for (int i = 0; i < n; i++) {
        int k = 0;
        while (k < PLAT_NCOLS && strcmp(f[i], plat_cols[k].key) != 0 && strcmp(f[i], plat_cols[k].label) != 0)
            k++;
        if (k == PLAT_NCOLS) {
            plat_import_error(p->im, line, i + 1, "unknown column '%s'", f[i]);
            p->header_bad = true;
        } else if (p->map[k] >= 0) {
            plat_import_error(p->im, line, i + 1, "column '%s' appears twice", plat_cols[k].key);
            p->header_bad = true;
        } else {
            p->map[k] = i;
        }
    }
    for (int k = 0; k < PLAT_NCOLS; k++)
        if (plat_cols[k].required && p->map[k] < 0) {
            plat_import_error(p->im, line, 0, "the header has no column '%s' (%s)", plat_cols[k].key,
                              plat_cols[k].label);
            p->header_bad = true;
        }
}

/* The row's checks that need no other row: the code, the kind and level,
 * lengths (names by base/limits.c, contact fields PLAT_CONTACT_MAX_CHARS). */
static void check_row(struct plat_import *im, const struct plat_row *r)
{
    err e = {0};
#define AT(k) r->line, r->col[k]
    if (plat_code_check(r->v[PLAT_C_CODE], "code", &e))
        plat_import_error(im, AT(PLAT_C_CODE), "%s", e.msg);
    if (!r->v[PLAT_C_NAME][0])
        plat_import_error(im, AT(PLAT_C_NAME), "the name is empty");
    else if (lim_check(LIM_F_AGENCY_NAME, r->v[PLAT_C_NAME], &e))
        plat_import_error(im, AT(PLAT_C_NAME), "name: %s", e.msg);
    const char *kind = r->v[PLAT_C_KIND];
    if (strcmp(kind, "government") != 0 && strcmp(kind, "department") != 0)
        plat_import_error(im, AT(PLAT_C_KIND), "kind is 'government' or 'department', not '%s'", kind);
    enum plat_level lv;
    if (plat_level_parse(r->v[PLAT_C_LEVEL], "level", &lv, &e))
        plat_import_error(im, AT(PLAT_C_LEVEL), "%s", e.msg);
    if (r->v[PLAT_C_PARENT][0] && strcmp(r->v[PLAT_C_PARENT], r->v[PLAT_C_CODE]) == 0)
        plat_import_error(im, AT(PLAT_C_PARENT), "an agency cannot be its own parent");
    if (lim_check(LIM_F_AGENCY_ORG_CODE, r->v[PLAT_C_ORG_CODE], &e))
        plat_import_error(im, AT(PLAT_C_ORG_CODE), "org_code: %s", e.msg);
    for (int k = PLAT_C_REGION; k < PLAT_NCOLS; k++) {
        size_t chars = utf8_len(r->v[k], strlen(r->v[k]));
        if (chars > PLAT_CONTACT_MAX_CHARS)
            plat_import_error(im, AT(k), "%s: at most %d characters (this one has %zu)", plat_cols[k].key,
                              PLAT_CONTACT_MAX_CHARS, chars);
    }
    const char *h = r->v[PLAT_C_HOST];
    for (size_t i = 0; h[i]; i++)
        if (!((h[i] >= 'a' && h[i] <= 'z') || (h[i] >= '0' && h[i] <= '9') || h[i] == '-' || h[i] == '.')) {
            plat_import_error(im, AT(PLAT_C_HOST), "a host name holds a-z, 0-9, '-' and '.' (character %zu)", i + 1);
            break;
        }
#undef AT
}

static void on_row(void *arg, int line, char **f, int n)
{
    struct parse *p = arg;
    struct plat_import *im = p->im;
    if (!p->header_done) {
        p->header_done = true;
        read_header(p, line, f, n);
        return;
    }
    if (p->header_bad)
        return;
    if (im->nrows >= PLAT_CSV_MAX_ROWS) {
        if (im->nrows == PLAT_CSV_MAX_ROWS)
            plat_import_error(im, line, 0, "more than %d agencies in one file: split it", PLAT_CSV_MAX_ROWS);
        im->nrows++;   /* counted, not kept: the error is reported once */
        return;
    }
    if (n != p->nfields) {
        plat_import_error(im, line, 0, "%d fields where the header has %d", n, p->nfields);
        return;
    }
    if ((im->nrows & (im->nrows - 1)) == 0)   /* 0, 1, 2, 4, ...: room doubles */
        im->rows = xrealloc(im->rows, (im->nrows ? im->nrows * 2 : 1) * sizeof *im->rows);
    struct plat_row *r = &im->rows[im->nrows++];
    r->line = line;
    for (int k = 0; k < PLAT_NCOLS; k++) {
        r->col[k] = p->map[k] >= 0 ? p->map[k] + 1 : 0;
        r->v[k] = xstrdup(p->map[k] >= 0 ? f[p->map[k]] : "");
    }
    size_t before = im->nerrors;
    check_row(im, r);
    r->bad = im->nerrors != before;
}

static void on_bad(void *arg, int line, const char *reason)
{
    struct parse *p = arg;
    plat_import_error(p->im, line, 0, "%s", reason);
}

static const struct plat_row *find_row(const struct plat_import *im, size_t before, const char *code)
{
    for (size_t i = 0; i < before; i++)
        if (strcmp(im->rows[i].v[PLAT_C_CODE], code) == 0)
            return &im->rows[i];
    return NULL;
}

static struct plat_node node_of(const struct plat_row *r)
{
    enum plat_level lv = PLAT_NONE;
    plat_level_parse(r->v[PLAT_C_LEVEL], "level", &lv, NULL);
    return (struct plat_node){r->v[PLAT_C_CODE], strcmp(r->v[PLAT_C_KIND], "government") == 0, lv};
}

static int cmp_err(const void *a, const void *b)
{
    const struct plat_error *x = a, *y = b;
    return x->line != y->line ? (x->line > y->line) - (x->line < y->line) : (x->col > y->col) - (x->col < y->col);
}

void plat_import_parse(const char *text, size_t n, struct plat_import *out)
{
    memset(out, 0, sizeof *out);
    if (n > PLAT_CSV_MAX_BYTES) {
        plat_import_error(out, 0, 0, "the file has %zu bytes, more than %zu: split it", n, PLAT_CSV_MAX_BYTES);
        return;
    }
    struct parse p = {.im = out};
    doc_csv_parse(text, n, &(struct doc_csv_cb){on_row, on_bad, &p});
    if (!p.header_done)
        plat_import_error(out, 1, 0, "the file is empty: a header row and one agency a line");
    if (out->nrows > PLAT_CSV_MAX_ROWS)
        out->nrows = PLAT_CSV_MAX_ROWS;
    /* duplicates, and the tree among the file's own rows */
    for (size_t i = 0; i < out->nrows; i++) {
        const struct plat_row *r = &out->rows[i];
        if (r->bad)
            continue;
        const struct plat_row *dup = find_row(out, i, r->v[PLAT_C_CODE]);
        if (dup) {
            plat_import_error(out, r->line, r->col[PLAT_C_CODE], "code '%s' is taken by line %d",
                              r->v[PLAT_C_CODE], dup->line);
            continue;
        }
        const char *pc = r->v[PLAT_C_PARENT];
        const struct plat_row *pr = pc[0] ? find_row(out, i, pc) : NULL;
        if (pc[0] && !pr && find_row(out, out->nrows, pc)) {
            plat_import_error(out, r->line, r->col[PLAT_C_PARENT], "parent '%s' comes later in the file: list "
                              "a parent before its agencies", pc);
            continue;
        }
        if (!pc[0] || (pr && !pr->bad)) {
            struct plat_node c = node_of(r), pn;
            if (pr)
                pn = node_of(pr);
            err e = {0};
            if (plat_tree_check(&c, pr ? &pn : NULL, "parent", &e))
                plat_import_error(out, r->line, r->col[PLAT_C_PARENT] ? r->col[PLAT_C_PARENT] : r->col[PLAT_C_KIND],
                                  "%s", e.msg);
        }
    }
    if (out->nerrors)
        qsort(out->errors, out->nerrors, sizeof *out->errors, cmp_err);
}

void plat_import_free(struct plat_import *im)
{
    for (size_t i = 0; i < im->nrows; i++)
        for (int k = 0; k < PLAT_NCOLS; k++)
            free(im->rows[i].v[k]);
    free(im->rows);
    free(im->errors);
    memset(im, 0, sizeof *im);
}

void plat_import_errors_text(const struct plat_import *im, buf *out)
{
    for (size_t i = 0; i < im->nerrors; i++) {
        const struct plat_error *x = &im->errors[i];
        buf_printf(out, "line %d", x->line);
        if (x->col)
            buf_printf(out, ", column %d", x->col);
        buf_printf(out, ": %s\n", x->msg);
    }
}

/* ---- the guide's defaults ----
 * Art. 20: what every agency discloses of its own accord, in the article's
 * order, "本机关职责范围内" where an item depends on its duties; governments
 * add statistics (item 4) and major projects (item 10), city and county
 * governments Art. 21's first list, township governments its second.
 * Nothing of one line of work (低保, 婚姻登记, ...): an agency adds its own in
 * the console (setting guide.scope). */
static const struct { unsigned who; const char *item; } guide_scope[] = {
#define ALL 7u
#define GOV 2u
#define DEPT 1u
#define TOWN 4u
#define CITYCOUNTY 8u
    {ALL, "行政法规、规章和行政规范性文件及其政策解读（第二十条第一项）"},
    {ALL, "机关职能、机构设置、办公地址、办公时间、联系方式、负责人姓名（第二十条第二项）"},
    {ALL, "本机关职责范围内的发展规划、专项规划及相关政策（第二十条第三项）"},
    {GOV, "国民经济和社会发展统计信息（第二十条第四项）"},
    {ALL, "办理行政许可和其他对外管理服务事项的依据、条件、程序以及办理结果（第二十条第五项）"},
    {ALL, "实施行政处罚、行政强制的依据、条件、程序以及本机关认为具有一定社会影响的行政处罚决定（第二十条第六项）"},
    {ALL, "财政预算、决算信息（第二十条第七项）"},
    {ALL, "行政事业性收费项目及其依据、标准（第二十条第八项）"},
    {ALL, "政府集中采购项目的目录、标准及实施情况（第二十条第九项）"},
    {GOV, "重大建设项目的批准和实施情况（第二十条第十项）"},
    {ALL, "本机关职责范围内扶贫、教育、医疗、社会保障、促进就业等方面的政策、措施及其实施情况（第二十条第十一项）"},
    {ALL, "突发公共事件的应急预案、预警信息及应对情况（第二十条第十二项）"},
    {ALL, "本机关职责范围内环境保护、公共卫生、安全生产、食品药品、产品质量的监督检查情况（第二十条第十三项）"},
    {ALL, "公务员招考的职位、名额、报考条件等事项以及录用结果（第二十条第十四项）"},
    {CITYCOUNTY, "市政建设、公共服务、公益事业、土地征收、房屋征收、治安管理、社会救助等方面的政府信息（第二十一条）"},
    {TOWN, "贯彻落实农业农村政策、农田水利工程建设运营、农村土地承包经营权流转、宅基地使用情况审核、土地征收、房屋征收、"
           "筹资筹劳、社会救助等方面的政府信息（第二十一条）"},
    {ALL, "政府信息公开工作年度报告（第五十条）"},
    {ALL, "法律、法规、规章和国家有关规定规定应当主动公开的其他政府信息（第二十条第十五项）"},
};

const char *plat_guide_scope_default(const struct plat_guide_facts *f)
{
    static __thread char out[4096];
    unsigned me = !f->government ? DEPT
                  : f->level == PLAT_TOWNSHIP ? (GOV | TOWN)
                  : f->level == PLAT_CITY || f->level == PLAT_COUNTY ? (GOV | CITYCOUNTY) : GOV;
    size_t len = 0;
    out[0] = 0;
    for (size_t i = 0; i < sizeof guide_scope / sizeof guide_scope[0]; i++) {
        unsigned who = guide_scope[i].who;
        if (!(who == ALL || (who & me)))
            continue;
        int w = snprintf(out + len, sizeof out - len, "%s\n", guide_scope[i].item);
        if (w < 0 || (size_t)w >= sizeof out - len)
            abort();   /* the table outgrew its buffer: a broken invariant of our own */
        len += (size_t)w;
    }
    return out;
#undef ALL
#undef GOV
#undef DEPT
#undef TOWN
#undef CITYCOUNTY
}

void plat_guide_supervisor(const struct plat_guide_facts *f, buf *out)
{
    if (!f->government)
        buf_printf(out, "%s办公室（政务公开工作主管部门）", f->parent_name && *f->parent_name ? f->parent_name : "本级人民政府");
    else if (f->parent_name && *f->parent_name)
        buf_printf(out, "%s办公室（政务公开工作主管部门）", f->parent_name);
    else
        buf_puts(out, "上一级人民政府办公厅（室）（政务公开工作主管部门）");
}

void plat_guide_review_body(const struct plat_guide_facts *f, buf *out)
{
    if (!f->government)
        buf_printf(out, "%s", f->parent_name && *f->parent_name ? f->parent_name : "本级人民政府");
    else if (f->parent_name && *f->parent_name)
        buf_printf(out, "%s", f->parent_name);
    else
        buf_puts(out, "上一级人民政府");
}

const char *plat_guide_report_deadline(const struct plat_guide_facts *f)
{
    return f->government ? "3月31日" : "1月31日";
}
