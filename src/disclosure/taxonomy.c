/*
 * disclosure — the tables of the application register: channels (Art. 31),
 * delivery forms, states, events, and the national outcome taxonomy
 * (Art. 36–39, one row per outcome with its report row, legal basis and
 * reply-letter paragraph). The lifecycle, the reply letters and the report
 * mapping walk these tables; nothing else knows the list of outcomes.
 */
#include <string.h>

#include "disclosure/disclosure.h"

const struct app_channel_def app_channels[APP_NCHANNELS + 1] = {
    [APP_CH_IN_PERSON] = {"in_person", "当面提交", "以提交之日为收到申请之日", true},
    [APP_CH_REGISTERED] = {"registered", "邮寄（需签收）", "以本机关签收之日为收到申请之日", false},
    [APP_CH_LETTER] = {"letter", "平常信函",
                       "以本机关与申请人确认之日为收到申请之日", false},
    [APP_CH_FAX] = {"fax", "传真", "以双方确认之日为收到申请之日", false},
    [APP_CH_ONLINE] = {"online", "互联网", "以双方确认之日为收到申请之日", false},
};

const struct app_delivery_def app_deliveries[APP_NDELIVERY + 1] = {
    [APP_DL_PAPER_POST] = {"paper_post", "纸质文本，邮寄", true, false},
    [APP_DL_PAPER_PICKUP] = {"paper_pickup", "纸质文本，自行领取", false, false},
    [APP_DL_EMAIL] = {"email", "电子文本，电子邮件", false, true},
    [APP_DL_DISC_POST] = {"disc_post", "光盘等存储介质，邮寄", true, false},
    [APP_DL_ON_SITE] = {"on_site", "当场阅读、抄录", false, false},
    [APP_DL_ONLINE] = {"online", "网上获取", false, false},
};

const struct app_state_def app_states[APP_NSTATES + 1] = {
    [APP_S_PROCESSING] = {"processing", "办理中", true, true},
    [APP_S_AWAITING_SUPPLEMENT] = {"awaiting_supplement", "待补正", true, false},
    [APP_S_CONSULTING] = {"consulting", "征求意见中", true, false},
    [APP_S_AWAITING_FEE] = {"awaiting_fee", "待缴费", true, false},
    [APP_S_ANSWERED] = {"answered", "已答复", false, false},
    [APP_S_LAPSED] = {"lapsed", "已终止", false, false},
    [APP_S_WITHDRAWN] = {"withdrawn", "已撤回", false, false},
};

const char *const app_due_codes[] = {"", "reply", "supplement", "consult", "fee"};
const char *const app_due_labels[] = {"", "答复期限", "补正期限届满", "征求意见期满", "缴费期满"};

const struct app_event_def app_events[APP_NEVENTS + 1] = {
    [APP_EV_SUPPLEMENT_REQUEST] = {"supplement_request", "发出补正通知"},
    [APP_EV_SUPPLEMENT_RECEIVED] = {"supplement_received", "收到补正"},
    [APP_EV_SUPPLEMENT_LAPSED] = {"supplement_lapsed", "逾期未补正"},
    [APP_EV_CONSULT_START] = {"consult_start", "征求意见"},
    [APP_EV_CONSULT_END] = {"consult_end", "征求意见结束"},
    [APP_EV_EXTEND] = {"extend", "延期答复"},
    [APP_EV_FEE_NOTICE] = {"fee_notice", "发出收费通知"},
    [APP_EV_FEE_PAID] = {"fee_paid", "已缴费"},
    [APP_EV_FEE_WAIVED] = {"fee_waived", "减免收费"},
    [APP_EV_FEE_LAPSED] = {"fee_lapsed", "逾期未缴费"},
    [APP_EV_ANSWER] = {"answer", "答复"},
    [APP_EV_WITHDRAW] = {"withdraw", "申请人撤回"},
    [APP_EV_DELIVER] = {"deliver", "送达答复"},
};

#define REG "《中华人民共和国政府信息公开条例》"

/* Paragraph placeholders: {sup_notice} {sup_by} {fee_notice} {fee_pay_by}
 * {fee_yuan} {concluded} {refer} {detail} (see reply.c). The wording is gongkai's own. */
const struct app_outcome app_outcomes[] = {
    {"granted", "予以公开", REG "第三十六条第（二）项",
     "经审查，您申请获取的信息属于可以公开的政府信息，本机关决定予以公开。",
     APP_GRANTED, APP_EV_ANSWER, false, false, true, true},
    /* Art. 36(一): already published proactively; the letter says where
     * (--detail), and table 三 counts it under 予以公开 */
    {"granted.published", "予以公开（已主动公开，告知获取途径）", REG "第三十六条第（一）项",
     "经审查，您申请获取的信息已经主动公开，您可以通过以下途径获取：{detail}",
     APP_GRANTED, APP_EV_ANSWER, false, true, false, true},
    {"partly_granted", "部分公开", REG "第三十七条",
     "经审查，您申请获取的信息中含有不应当公开的内容，但能够作区分处理。本机关向您提供可以公开的部分，"
     "不应当公开的部分不予公开。",
     APP_PARTLY, APP_EV_ANSWER, false, true, true, true},
    {"withheld.state_secret", "不予公开（属于国家秘密）", REG "第十四条、第三十六条第（三）项",
     "经审查，您申请获取的信息属于国家秘密，依法不予公开。",
     APP_W_STATE_SECRET, APP_EV_ANSWER, false, false, false, true},
    {"withheld.prohibited_by_law", "不予公开（其他法律行政法规禁止公开）", REG "第十四条、第三十六条第（三）项",
     "经审查，您申请获取的信息属于法律、行政法规禁止公开的信息，依法不予公开。",
     APP_W_PROHIBITED, APP_EV_ANSWER, false, true, false, true},
    {"withheld.security_stability", "不予公开（危及“三安全一稳定”）", REG "第十四条、第三十六条第（三）项",
     "经审查，您申请获取的信息公开后可能危及国家安全、公共安全、经济安全或者社会稳定，依法不予公开。",
     APP_W_SECURITY, APP_EV_ANSWER, false, false, false, true},
    {"withheld.third_party_rights", "不予公开（保护第三方合法权益）", REG "第十五条、第三十六条第（三）项",
     "经审查，您申请获取的信息涉及商业秘密、个人隐私等，公开会对第三方合法权益造成损害，依法不予公开。",
     APP_W_THIRD_PARTY, APP_EV_ANSWER, false, false, false, true},
    {"withheld.internal_affairs", "不予公开（属于三类内部事务信息）", REG "第十六条第一款、第三十六条第（三）项",
     "经审查，您申请获取的信息属于人事管理、后勤管理、内部工作流程等方面的内部事务信息，本机关决定不予公开。",
     APP_W_INTERNAL, APP_EV_ANSWER, false, false, false, true},
    {"withheld.process_info", "不予公开（属于四类过程性信息）", REG "第十六条第二款、第三十六条第（三）项",
     "经审查，您申请获取的信息属于本机关在履行行政管理职能过程中形成的讨论记录、过程稿、磋商信函、请示报告等"
     "过程性信息，本机关决定不予公开。",
     APP_W_PROCESS, APP_EV_ANSWER, false, false, false, true},
    {"withheld.enforcement_files", "不予公开（属于行政执法案卷）", REG "第十六条第二款、第三十六条第（三）项",
     "经审查，您申请获取的信息属于行政执法案卷信息，本机关决定不予公开。",
     APP_W_ENFORCEMENT, APP_EV_ANSWER, false, false, false, true},
    {"withheld.admin_query", "不予公开（属于行政查询事项）", REG "第三十六条第（七）项",
     "经审查，您申请获取的信息属于有关法律、行政法规对信息的获取有特别规定的查询事项，"
     "请依照有关法律、行政法规的规定办理。",
     APP_W_ADMIN_QUERY, APP_EV_ANSWER, false, false, false, true},
    {"unavailable.not_held", "无法提供（本机关不掌握相关政府信息）", REG "第三十六条第（四）项、第（五）项",
     "经检索，本机关没有制作或者获取您申请获取的信息。{refer}",
     APP_U_NOT_HELD, APP_EV_ANSWER, false, false, false, true},
    {"unavailable.needs_creation", "无法提供（没有现成信息需要另行制作）", REG "第三十八条",
     "经审查，本机关没有您申请获取的现成信息，需要对现有政府信息进行加工、分析方能形成，本机关不予提供。",
     APP_U_NEEDS_CREATION, APP_EV_ANSWER, false, false, false, true},
    {"unavailable.unclear_after_supplement", "无法提供（补正后申请内容仍不明确）", REG "第二十九条第二款、第三十条",
     "本机关已于{sup_notice}一次性告知您补正申请内容。经审查，补正后的申请内容仍不明确，本机关无法提供。",
     APP_U_UNCLEAR, APP_EV_ANSWER, true, false, false, true},
    {"not_processed.petition_complaint", "不予处理（信访举报投诉类申请）", REG "第三十九条第一款",
     "您提出的申请实质上是信访、投诉、举报等事项，本机关不作为政府信息公开申请处理，您可以通过相应渠道提出。",
     APP_N_PETITION, APP_EV_ANSWER, false, false, false, true},
    {"not_processed.repeated", "不予处理（重复申请）", REG "第三十六条第（六）项",
     "本机关已就您提出的政府信息公开申请作出答复，您重复申请公开相同政府信息，本机关不予重复处理。",
     APP_N_REPEATED, APP_EV_ANSWER, false, false, false, true},
    {"not_processed.publication", "不予处理（要求提供公开出版物）", REG "第三十九条第二款",
     "您申请获取的是政府公报、报刊、书籍等公开出版物，本机关不作为政府信息公开申请处理，您可以通过公开发行渠道获取。",
     APP_N_PUBLICATION, APP_EV_ANSWER, false, false, false, true},
    {"not_processed.excessive", "不予处理（无正当理由大量反复申请）", REG "第三十五条",
     "您申请公开政府信息的数量、频次明显超过合理范围，经要求说明理由，所说明的理由不合理，本机关不予处理。",
     APP_N_EXCESSIVE, APP_EV_ANSWER, false, false, false, true},
    {"not_processed.reconfirm", "不予处理（要求确认或重新出具已获取信息）", REG "第二条",
     "您要求本机关确认或者重新出具您已经获取的信息，不属于获取政府信息的申请，本机关不予处理。",
     APP_N_RECONFIRM, APP_EV_ANSWER, false, false, false, true},
    {"other.no_supplement", "其他处理（逾期不补正）", REG "第三十条",
     "本机关已于{sup_notice}告知您补正申请，补正期限至{sup_by}。您无正当理由逾期未补正，视为放弃申请，"
     "本机关不再处理该政府信息公开申请。",
     APP_O_NO_SUPPLEMENT, APP_EV_SUPPLEMENT_LAPSED, true, false, false, true},
    {"other.fee_unpaid", "其他处理（逾期未缴纳信息处理费）", REG "第四十二条",
     "本机关已于{fee_notice}向您发出收费通知，信息处理费{fee_yuan}元，缴费期限至{fee_pay_by}。"
     "您逾期未缴纳，本机关不再处理该政府信息公开申请。",
     APP_O_FEE_UNPAID, APP_EV_FEE_LAPSED, false, false, false, true},
    {"other.other", "其他处理（其他）", REG "第三十六条",
     "", APP_O_OTHER, APP_EV_ANSWER, false, true, false, true},
    {"other.withdrawn", "其他处理（申请人撤回申请）", "",
     "您于{concluded}撤回了该政府信息公开申请，本机关终止处理。",
     APP_O_OTHER, APP_EV_WITHDRAW, false, false, false, false},
};
const int app_noutcomes = sizeof app_outcomes / sizeof app_outcomes[0];

const struct app_outcome *app_outcome_find(const char *code)
{
    for (int i = 0; code && i < app_noutcomes; i++)
        if (strcmp(app_outcomes[i].code, code) == 0)
            return &app_outcomes[i];
    return NULL;
}

int app_kind_from_code(const char *code)
{
    for (int c = COL_NATURAL; code && c < COL_TOTAL; c++)
        if (strcmp(rpt_col_keys[c], code) == 0)
            return c;
    return -1;
}

int app_state_from_code(const char *code)
{
    for (int s = 1; code && s <= APP_NSTATES; s++)
        if (strcmp(app_states[s].code, code) == 0)
            return s;
    return -1;
}

/* ---- review and litigation ---- */

const struct app_case_kind_def app_case_kinds[APP_NCASE_KINDS + 1] = {
    [APP_CASE_REVIEW] = {"review", "行政复议", RL_REVIEW},
    [APP_CASE_LIT_DIRECT] = {"litigation_direct", "行政诉讼（未经复议直接起诉）", RL_LIT_DIRECT},
    [APP_CASE_LIT_AFTER_REVIEW] = {"litigation_after_review", "行政诉讼（复议后起诉）", RL_LIT_AFTER_REVIEW},
};
const struct app_case_result_def app_case_results[APP_NCASE_RESULTS + 1] = {
    [APP_CR_PENDING] = {"pending", "尚未审结", RL_PENDING},
    [APP_CR_UPHELD] = {"upheld", "结果维持", RL_UPHELD},
    [APP_CR_CORRECTED] = {"corrected", "结果纠正", RL_CORRECTED},
    [APP_CR_OTHER] = {"other", "其他结果", RL_OTHER},
};

int app_case_kind_from_code(const char *code)
{
    for (int k = 1; code && k <= APP_NCASE_KINDS; k++)
        if (strcmp(app_case_kinds[k].code, code) == 0)
            return k;
    return -1;
}

int app_case_result_from_code(const char *code)
{
    for (int k = 1; code && k <= APP_NCASE_RESULTS; k++)
        if (strcmp(app_case_results[k].code, code) == 0)
            return k;
    return -1;
}
