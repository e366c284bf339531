/*
 * engage — the lists the three registers are built on: sources and kinds of
 * messages with their default times to answer, states and steps, the classes
 * and ratings of suggestions and proposals, the kinds of consultation with the
 * minimum comment period each has and where it comes from. Everything that
 * names one of these walks these tables.
 */
#include <string.h>

#include "engage/engage.h"

const struct msg_source_def msg_sources[MSG_NSOURCES + 1] = {
    [MSG_SRC_WEBSITE] = {"website", "网站留言", false, false},
    [MSG_SRC_PHONE] = {"phone", "电话", false, false},
    [MSG_SRC_IN_PERSON] = {"in_person", "来访", false, false},
    [MSG_SRC_LETTER] = {"letter", "来信", false, false},
    [MSG_SRC_HOTLINE] = {"hotline", "12345热线工单", true, false},
    [MSG_SRC_PLATFORM] = {"platform", "其他平台转办", false, true},
};

/* Default times to answer are agency settings (message.days.KIND): the
 * Regulation sets none for these; 12345 work orders carry the hotline's own
 * deadline, which then prevails. A 举报 is never shown publicly (the person
 * who reports is protected); a complaint about disclosure work is closed only
 * with its rectification, or the finding that none is due, on record. */
const struct msg_kind_def msg_kinds[MSG_NKINDS + 1] = {
    [MSG_K_CONSULT] = {"consult", "咨询", 5, false, true},
    [MSG_K_SUGGEST] = {"suggest", "建议", 15, false, true},
    [MSG_K_COMPLAINT] = {"complaint", "投诉", 15, false, true},
    [MSG_K_REPORT] = {"report", "举报", 15, false, false},
    [MSG_K_HELP] = {"help", "求助", 5, false, true},
    [MSG_K_DISCLOSURE] = {"disclosure", "政务公开投诉举报", 15, true, true},
};

const struct msg_state_def msg_states[MSG_NSTATES + 1] = {
    [MSG_S_OPEN] = {"open", "待分办", true},
    [MSG_S_ASSIGNED] = {"assigned", "办理中", true},
    [MSG_S_REVIEW] = {"review", "答复待审核", true},
    [MSG_S_ANSWERED] = {"answered", "已答复", false},
    [MSG_S_CLOSED] = {"closed", "已办结", false},
};

const struct eng_code_def msg_events[MSG_NEVENTS + 1] = {
    [MSG_EV_ASSIGN] = {"assign", "分办"},
    [MSG_EV_ANSWER] = {"answer", "答复"},
    [MSG_EV_APPROVE] = {"approve", "审核通过"},
    [MSG_EV_RETURN] = {"return", "退回修改"},
    [MSG_EV_HOTLINE] = {"hotline", "回复12345平台"},
    [MSG_EV_RECTIFY] = {"rectify", "整改情况"},
    [MSG_EV_VISIT] = {"visit", "回访"},
    [MSG_EV_PUBLISH] = {"publish", "公开答复"},
    [MSG_EV_UNPUBLISH] = {"unpublish", "撤下公开"},
};

const struct eng_code_def msg_ratings[MSG_NRATINGS + 1] = {
    [MSG_R_NONE] = {"none", "未回访"},
    [MSG_R_SATISFIED] = {"satisfied", "满意"},
    [MSG_R_BASIC] = {"basic", "基本满意"},
    [MSG_R_NOT] = {"not", "不满意"},
    [MSG_R_UNREACHABLE] = {"unreachable", "联系不上"},
};

const struct eng_code_def sug_kinds[SUG_NKINDS + 1] = {
    [SUG_NPC] = {"npc", "人大代表建议"},
    [SUG_CPPCC] = {"cppcc", "政协委员提案"},
};
const struct eng_code_def sug_roles[SUG_NROLES + 1] = {
    [SUG_LEAD] = {"lead", "主办"},
    [SUG_JOINT] = {"joint", "协办"},
};
const struct eng_code_def sug_states[SUG_NSTATES + 1] = {
    [SUG_S_HANDLING] = {"handling", "办理中"},
    [SUG_S_REPLIED] = {"replied", "已答复"},
    [SUG_S_RATED] = {"rated", "已评价"},
    [SUG_S_REHANDLING] = {"rehandling", "重新办理"},
};
/* The classes the assigning offices use for the lead handler's reply. */
const struct eng_code_def sug_classes[SUG_NCLASSES + 1] = {
    [SUG_C_NONE] = {"", ""},
    [SUG_C_A] = {"A", "A类（所提问题已经解决或者意见建议已被采纳）"},
    [SUG_C_B] = {"B", "B类（所提问题正在解决或者已列入计划逐步解决）"},
    [SUG_C_C] = {"C", "C类（因条件限制或其他原因暂时无法解决，已作解释说明）"},
};
const struct eng_code_def sug_ratings[SUG_NRATINGS + 1] = {
    [SUG_R_NONE] = {"none", "未评价"},
    [SUG_R_SATISFIED] = {"satisfied", "满意"},
    [SUG_R_BASIC] = {"basic", "基本满意"},
    [SUG_R_NOT] = {"not", "不满意"},
};
const struct eng_code_def sug_events[SUG_NEVENTS + 1] = {
    [SUG_EV_REPLY] = {"reply", "答复"},
    [SUG_EV_RATE] = {"rate", "代表委员评价"},
    [SUG_EV_EXTEND] = {"extend", "延期办理"},
    [SUG_EV_PUBLISH] = {"publish", "公开办理结果"},
};

/* Minimum comment periods. 重大行政决策: 《重大行政决策程序暂行条例》 (国务院令
 * 第713号), "一般不少于30日", shorter only with the reason stated when the draft
 * is put out; 规章草案: likewise 30 days (《规章制定程序条例》); 行政规范性文件:
 * 国办发〔2018〕37号, "一般不少于7个工作日". Agencies may set longer ones. */
const struct consult_kind_def consult_kinds[CONS_NKINDS + 1] = {
    [CONS_DECISION] = {"decision", "重大行政决策", 30, 0, "《重大行政决策程序暂行条例》"},
    [CONS_RULES] = {"rules", "规章草案", 30, 0, "《规章制定程序条例》"},
    [CONS_NORMATIVE] = {"normative", "行政规范性文件", 0, 7, "国办发〔2018〕37号"},
    [CONS_OTHER] = {"other", "其他征求意见", 0, 0, "本机关规定"},
};

const struct eng_code_def comment_states[CMT_NSTATES + 1] = {
    [CMT_RECEIVED] = {"received", "待审核"},
    [CMT_SHOWN] = {"shown", "已公开"},
    [CMT_HIDDEN] = {"hidden", "不予展示"},
};
const struct eng_code_def comment_adoptions[CMT_NADOPTIONS + 1] = {
    [CMT_A_NONE] = {"none", "未处理"},
    [CMT_A_ADOPTED] = {"adopted", "采纳"},
    [CMT_A_PARTLY] = {"partly", "部分采纳"},
    [CMT_A_NOT] = {"not", "未采纳"},
    [CMT_A_OUT_OF_SCOPE] = {"out_of_scope", "不属于征求意见范围"},
};

int eng_code_find(const struct eng_code_def *t, int n, const char *code)
{
    for (int i = 0; code && i <= n; i++)
        if (t[i].code && *t[i].code && strcmp(t[i].code, code) == 0)
            return i;
    return -1;
}

int msg_source_find(const char *code)
{
    for (int i = 1; code && i <= MSG_NSOURCES; i++)
        if (strcmp(msg_sources[i].code, code) == 0)
            return i;
    return -1;
}

int msg_kind_find(const char *code)
{
    for (int i = 1; code && i <= MSG_NKINDS; i++)
        if (strcmp(msg_kinds[i].code, code) == 0)
            return i;
    return -1;
}

const char *const eng_rule_keys[] = {
    "message.days.consult", "message.days.suggest", "message.days.complaint", "message.days.report",
    "message.days.help", "message.days.disclosure", "message.review", "message.due_soon",
    "suggestion.lead_months", "suggestion.joint_months", "suggestion.max_months", "suggestion.rehandle_months",
    "consult.min_days", NULL,
};

void eng_rules_default(struct eng_rules *r, gk_day today)
{
    msg_rules_default(&r->msg, today);
    sug_rules_default(&r->sug, today);
    r->consult_min_days = 0;
}

int eng_rules_set(struct eng_rules *r, const char *key, const char *value, err *e)
{
    if (strncmp(key, "message.", 8) == 0)
        return msg_rules_set(&r->msg, key, value, e);
    if (strncmp(key, "suggestion.", 11) == 0)
        return sug_rules_set(&r->sug, key, value, e);
    if (strcmp(key, "consult.min_days") == 0) {
        int64_t n;
        if (!value || !parse_i64(value, strlen(value), &n) || n < 0 || n > 365)
            return err_set(e, GK_EINVAL, key, "'%s' is not a number of days from 0 to 365", value ? value : "");
        r->consult_min_days = (int)n;
        return 0;
    }
    return err_set(e, GK_EINVAL, key, "not a setting of the registers of talking with the public");
}

int eng_copy(char *dst, size_t cap, const char *v, int max, const char *field, err *e)
{
    if (!v)
        v = "";
    size_t n = strlen(v), bad;
    if (!utf8_valid(v, n, &bad))
        return err_field(e, GK_EINVAL, field, "not valid UTF-8 (byte %zu)", bad);
    size_t chars = utf8_len(v, n);
    if (chars > (size_t)max || n >= cap)
        return err_field(e, GK_EINVAL, field, "at most %d characters (this one has %zu)", max, chars);
    memcpy(dst, v, n + 1);
    return 0;
}
