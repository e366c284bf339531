/*
 * report — the national layouts as data: rows, columns, keys and labels of
 * tables 二, 三 and 四, and the legacy keys of the 2008 statistics tables.
 * The reader, the checker and the renderers all walk these tables.
 */
#include <string.h>

#include "report/report.h"

#define L21 RPT_LAYOUT_BIT(RPT_LAYOUT_2021)
#define L19 RPT_LAYOUT_BIT(RPT_LAYOUT_2019)

const char *rpt_layout_name(enum rpt_layout l)
{
    switch (l) {
    case RPT_LAYOUT_2021: return "2021";
    case RPT_LAYOUT_2019: return "2019";
    case RPT_LAYOUT_2008: return "2008";
    case RPT_LAYOUT_NARRATIVE: return "narrative";
    default: return NULL;
    }
}

enum rpt_layout rpt_layout_from_name(const char *s)
{
    for (int l = RPT_LAYOUT_2021; l <= RPT_LAYOUT_NARRATIVE; l++)
        if (s && strcmp(s, rpt_layout_name(l)) == 0)
            return l;
    return RPT_LAYOUT_UNKNOWN;
}

/* Table 二. Rows in the order the national formats print them. */
const struct rpt_pro_row rpt_pro_rows[] = {
    {"rules", "规章", NULL, "第二十条第（一）项"},
    {"normative", "行政规范性文件", "规范性文件", "第二十条第（一）项"},
    {"licensing", "行政许可", NULL, "第二十条第（五）项"},
    {"other_services", "其他对外管理服务事项", NULL, "第二十条第（五）项"},
    {"penalty", "行政处罚", NULL, "第二十条第（六）项"},
    {"compulsion", "行政强制", NULL, "第二十条第（六）项"},
    {"fees", "行政事业性收费", NULL, "第二十条第（八）项"},
    {"procurement", "政府集中采购", NULL, "第二十条第（九）项"},
};
const int rpt_pro_nrows = sizeof rpt_pro_rows / sizeof rpt_pro_rows[0];

const struct rpt_pro_field_def rpt_pro_fields[PRO_NFIELDS] = {
    [PRO_RULES_ISSUED] = {0, "issued", "本年制发件数", L21, false},
    [PRO_RULES_REPEALED] = {0, "repealed", "本年废止件数", L21, false},
    [PRO_RULES_IN_FORCE] = {0, "in_force", "现行有效件数", L21, false},
    [PRO_RULES_MADE] = {0, "made", "本年新制作数量", L19, false},
    [PRO_RULES_PUBLISHED] = {0, "published", "本年新公开数量", L19, false},
    [PRO_RULES_PUBLIC_TOTAL] = {0, "public_total", "对外公开总数量", L19, false},
    [PRO_NORM_ISSUED] = {1, "issued", "本年制发件数", L21, false},
    [PRO_NORM_REPEALED] = {1, "repealed", "本年废止件数", L21, false},
    [PRO_NORM_IN_FORCE] = {1, "in_force", "现行有效件数", L21, false},
    [PRO_NORM_MADE] = {1, "made", "本年新制作数量", L19, false},
    [PRO_NORM_PUBLISHED] = {1, "published", "本年新公开数量", L19, false},
    [PRO_NORM_PUBLIC_TOTAL] = {1, "public_total", "对外公开总数量", L19, false},
    [PRO_LIC_ITEMS_LAST] = {2, "items_last_year", "上一年项目数量", L19, false},
    [PRO_LIC_ITEMS_CHANGE] = {2, "items_change", "本年增/减", L19, false},
    [PRO_LIC_DECISIONS] = {2, "decisions", "本年处理决定数量", L21 | L19, false},
    [PRO_SVC_ITEMS_LAST] = {3, "items_last_year", "上一年项目数量", L19, false},
    [PRO_SVC_ITEMS_CHANGE] = {3, "items_change", "本年增/减", L19, false},
    [PRO_SVC_DECISIONS] = {3, "decisions", "处理决定数量", L19, false},
    [PRO_PEN_ITEMS_LAST] = {4, "items_last_year", "上一年项目数量", L19, false},
    [PRO_PEN_ITEMS_CHANGE] = {4, "items_change", "本年增/减", L19, false},
    [PRO_PEN_DECISIONS] = {4, "decisions", "本年处理决定数量", L21 | L19, false},
    [PRO_COMP_ITEMS_LAST] = {5, "items_last_year", "上一年项目数量", L19, false},
    [PRO_COMP_ITEMS_CHANGE] = {5, "items_change", "本年增/减", L19, false},
    [PRO_COMP_DECISIONS] = {5, "decisions", "本年处理决定数量", L21 | L19, false},
    [PRO_FEES_ITEMS_LAST] = {6, "items_last_year", "上一年项目数量", L19, false},
    [PRO_FEES_ITEMS_CHANGE] = {6, "items_change", "本年增/减", L19, false},
    [PRO_FEES_AMOUNT] = {6, "amount_10k_yuan", "本年收费金额（单位：万元）", L21, true},
    [PRO_PROC_ITEMS] = {7, "items", "采购项目数量", L19, false},
    [PRO_PROC_AMOUNT] = {7, "amount_10k_yuan", "采购总金额", L19, true},
};

const char *const rpt_col_keys[RPT_NCOLS] = {
    "natural_person", "commercial", "research", "public_interest", "legal_services", "other", "total",
};
const char *const rpt_col_labels[RPT_NCOLS] = {
    "自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计",
};

/* Table 三, in the order of the 2021 format. */
const struct rpt_app_row_def rpt_app_rows[APP_NROWS] = {
    [APP_NEW] = {NULL, "new", "一、", "本年新收政府信息公开申请数量", NULL, false, true},
    [APP_CARRIED_IN] = {NULL, "carried_in", "二、", "上年结转政府信息公开申请数量", NULL, false, true},
    [APP_GRANTED] = {NULL, "granted", "（一）", "予以公开", NULL, true, true},
    [APP_PARTLY] = {NULL, "partly_granted", "（二）", "部分公开（区分处理的，只计这一情形，不计其他情形）", NULL, true, true},
    [APP_W_STATE_SECRET] = {"withheld", "state_secret", "1.", "属于国家秘密", "不予公开", true, true},
    [APP_W_PROHIBITED] = {"withheld", "prohibited_by_law", "2.", "其他法律行政法规禁止公开", "不予公开", true, true},
    [APP_W_SECURITY] = {"withheld", "security_stability", "3.", "危及“三安全一稳定”", "不予公开", true, true},
    [APP_W_THIRD_PARTY] = {"withheld", "third_party_rights", "4.", "保护第三方合法权益", "不予公开", true, true},
    [APP_W_INTERNAL] = {"withheld", "internal_affairs", "5.", "属于三类内部事务信息", "不予公开", true, true},
    [APP_W_PROCESS] = {"withheld", "process_info", "6.", "属于四类过程性信息", "不予公开", true, true},
    [APP_W_ENFORCEMENT] = {"withheld", "enforcement_files", "7.", "属于行政执法案卷", "不予公开", true, true},
    [APP_W_ADMIN_QUERY] = {"withheld", "admin_query", "8.", "属于行政查询事项", "不予公开", true, true},
    [APP_U_NOT_HELD] = {"unavailable", "not_held", "1.", "本机关不掌握相关政府信息", "无法提供", true, true},
    [APP_U_NEEDS_CREATION] = {"unavailable", "needs_creation", "2.", "没有现成信息需要另行制作", "无法提供", true, true},
    [APP_U_UNCLEAR] = {"unavailable", "unclear_after_supplement", "3.", "补正后申请内容仍不明确", "无法提供", true, true},
    [APP_N_PETITION] = {"not_processed", "petition_complaint", "1.", "信访举报投诉类申请", "不予处理", true, true},
    [APP_N_REPEATED] = {"not_processed", "repeated", "2.", "重复申请", "不予处理", true, true},
    [APP_N_PUBLICATION] = {"not_processed", "publication", "3.", "要求提供公开出版物", "不予处理", true, true},
    [APP_N_EXCESSIVE] = {"not_processed", "excessive", "4.", "无正当理由大量反复申请", "不予处理", true, true},
    [APP_N_RECONFIRM] = {"not_processed", "reconfirm", "5.", "要求行政机关确认或重新出具已获取信息", "不予处理", true, true},
    [APP_O_NO_SUPPLEMENT] = {"other", "no_supplement", "1.", "申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请", "其他处理", true, false},
    [APP_O_FEE_UNPAID] = {"other", "fee_unpaid", "2.", "申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请", "其他处理", true, false},
    [APP_O_OTHER] = {"other", "other", "3.", "其他", "其他处理", true, true},
    [APP_HANDLED_TOTAL] = {NULL, "handled_total", "（七）", "总计", NULL, false, true},
    [APP_CARRIED_OUT] = {NULL, "carried_out", "四、", "结转下年度继续办理", NULL, false, true},
};

const char *const rpt_rl_group_keys[RL_NGROUPS] = {"review", "litigation_direct", "litigation_after_review"};
const char *const rpt_rl_group_labels[RL_NGROUPS] = {"行政复议", "未经复议直接起诉", "复议后起诉"};
const char *const rpt_rl_col_keys[RL_NCOLS] = {"upheld", "corrected", "other", "pending", "total"};
const char *const rpt_rl_col_labels[RL_NCOLS] = {"结果维持", "结果纠正", "其他结果", "尚未审结", "总计"};

/* The 2008 statistics tables (and narrative counts). Labels are matched
 * loosely by the reader (folded width, numbering and 其中 stripped); the
 * first label is the one the renderer prints. Order is the print order. */
const struct rpt_legacy_def rpt_legacy_defs[] = {
    {"proactive.total", {"主动公开政府信息数", "主动公开文件数", "主动公开信息数", NULL}, NULL, false},
    {"proactive.normative", {"主动公开规范性文件数", NULL}, "proactive.total", false},
    {"proactive.normative_issued", {"制发规范性文件总数", NULL}, NULL, false},
    {"proactive.gazette", {"政府公报公开政府信息数", "政府公报公开数", "政府公报公开", NULL}, "proactive.total", false},
    {"proactive.website", {"政府网站公开政府信息数", "政府网站公开数", "网站公开", "政府网站公开", NULL}, "proactive.total", false},
    {"proactive.weibo", {"政务微博公开政府信息数", "政务微博公开数", "微博公开", NULL}, "proactive.total", false},
    {"proactive.wechat", {"政务微信公开政府信息数", "政务微信公开数", "微信公开", NULL}, "proactive.total", false},
    {"proactive.other", {"其他方式公开政府信息数", "其他方式公开数", NULL}, "proactive.total", false},
    {"responses.hot_topics", {"回应公众关注热点或重大舆情数", NULL}, NULL, false},
    {"responses.press", {"参加或举办新闻发布会总次数", "新闻发布会总次数", NULL}, NULL, false},
    {"responses.press_leaders", {"主要负责同志参加新闻发布会次数", NULL}, "responses.press", false},
    {"responses.interviews", {"政府网站在线访谈次数", NULL}, NULL, false},
    {"responses.interviews_leaders", {"主要负责同志参加政府网站在线访谈次数", NULL}, "responses.interviews", false},
    {"responses.interpretations", {"政策解读稿件发布数", NULL}, NULL, false},
    {"responses.social", {"微博微信回应事件数", NULL}, NULL, false},
    {"responses.other", {"其他方式回应事件数", NULL}, NULL, false},
    {"applications.received", {"收到申请数", "受理政府信息公开申请总数", "受理依申请公开事项", NULL}, NULL, false},
    {"applications.in_person", {"当面申请数", NULL}, "applications.received", false},
    {"applications.fax", {"传真申请数", NULL}, "applications.received", false},
    {"applications.online", {"网络申请数", NULL}, "applications.received", false},
    {"applications.letter", {"信函申请数", NULL}, "applications.received", false},
    {"applications.letter_fax", {"信函、传真申请数", NULL}, "applications.received", false},
    {"applications.completed", {"申请办结数", NULL}, NULL, false},
    {"applications.on_time", {"按时办结数", NULL}, "applications.completed", false},
    {"applications.extended", {"延期办结数", NULL}, "applications.completed", false},
    {"replies.total", {"申请答复数", "对申请的答复总数", NULL}, NULL, false},
    {"replies.already_public", {"属于已主动公开范围数", NULL}, "replies.total", false},
    {"replies.granted", {"同意公开答复数", NULL}, "replies.total", false},
    {"replies.partly", {"同意部分公开答复数", NULL}, "replies.total", false},
    {"replies.refused", {"不同意公开答复数", "不予公开答复数", "否决公开答复数", NULL}, "replies.total", false},
    {"replies.refused.state_secret", {"涉及国家秘密", NULL}, "replies.refused", false},
    {"replies.refused.commercial_secret", {"涉及商业秘密", NULL}, "replies.refused", false},
    {"replies.refused.privacy", {"涉及个人隐私", NULL}, "replies.refused", false},
    {"replies.refused.security", {"危及国家安全、公共安全、经济安全和社会稳定", NULL}, "replies.refused", false},
    {"replies.refused.not_gov_info", {"不是《条例》所指政府信息", NULL}, "replies.refused", false},
    {"replies.refused.other_law", {"法律法规规定的其他情形", NULL}, "replies.refused", false},
    {"replies.not_this_agency", {"不属于本行政机关公开数", NULL}, "replies.total", false},
    {"replies.not_exist", {"申请信息不存在数", NULL}, "replies.total", false},
    {"replies.amend", {"告知作出更改补充数", NULL}, "replies.total", false},
    {"replies.other_route", {"告知通过其他途径办理数", NULL}, "replies.total", false},
    {"replies.other_types", {"其他类型答复数", NULL}, "replies.total", false},
    {"review.total", {"行政复议数量", "行政复议数", NULL}, NULL, false},
    {"review.upheld", {"维持具体行政行为数", NULL}, "review.total", false},
    {"review.corrected", {"被依法纠错数", NULL}, "review.total", false},
    {"review.other", {"其他情形数", NULL}, "review.total", false},
    {"litigation.total", {"行政诉讼数量", "行政诉讼数", NULL}, NULL, false},
    {"litigation.upheld", {"维持具体行政行为或者驳回原告诉讼请求数", NULL}, "litigation.total", false},
    {"litigation.corrected", {"被依法纠错数", NULL}, "litigation.total", false},
    {"litigation.other", {"其他情形数", NULL}, "litigation.total", false},
    {"complaints", {"举报投诉数量", "接受行政申诉、举报数", "行政申诉数", "举报投诉数", NULL}, NULL, false},
    {"fees_10k_yuan", {"依申请公开信息收取的费用", NULL}, NULL, true},
    {"staff.offices", {"政府信息公开工作专门机构数", NULL}, NULL, false},
    {"staff.reading_points", {"设置政府信息公开查阅点数", NULL}, NULL, false},
    {"staff.total", {"从事政府信息公开工作人员数", NULL}, NULL, false},
    {"staff.full_time", {"专职人员数", NULL}, "staff.total", false},
    {"staff.part_time", {"兼职人员数", NULL}, "staff.total", false},
    {"budget_10k_yuan", {"政府信息公开专项经费", NULL}, NULL, true},
    {"meetings", {"召开政府信息公开工作会议或专题会议数", NULL}, NULL, false},
    {"trainings", {"举办各类培训班数", NULL}, NULL, false},
    {"trainees", {"接受培训人员数", NULL}, NULL, false},
};
const int rpt_legacy_n = sizeof rpt_legacy_defs / sizeof rpt_legacy_defs[0];

int rpt_legacy_index(const char *key)
{
    for (int i = 0; i < rpt_legacy_n; i++)
        if (strcmp(rpt_legacy_defs[i].key, key) == 0)
            return i;
    return -1;
}

/* Units the statistics table prints, by key prefix (first match wins). */
static const struct { const char *prefix, *unit; } legacy_units[] = {
    {"fees_10k_yuan", "万元"}, {"budget_10k_yuan", "万元"}, {"trainees", "人次"},
    {"staff.offices", "个"}, {"staff.reading_points", "个"}, {"staff.", "人"},
    {"proactive.", "条"}, {"responses.", "次"}, {"meetings", "次"}, {"trainings", "次"},
    {"", "件"},
};

const char *rpt_legacy_unit(int i)
{
    const char *key = rpt_legacy_defs[i].key;
    for (size_t k = 0; k < sizeof legacy_units / sizeof legacy_units[0]; k++)
        if (strncmp(key, legacy_units[k].prefix, strlen(legacy_units[k].prefix)) == 0)
            return legacy_units[k].unit;
    return "";
}
