/* limits — the table of limits on outside input and the checks that walk it
 * (see limits.h). One row per field: what it is called, its limit in
 * characters, and where it is typed. */
#include <stdio.h>
#include <string.h>

#include "base/limits.h"

const struct lim_def lim_fields[LIM_NFIELDS] = {
    [LIM_F_APP_NAME] = {"name", "--name", "姓名或名称", LIM_APP_NAME,
                        "申请表 /apply, 控制台 登记, API POST /api/v1/applications, apply register --name"},
    [LIM_F_APP_ID_NUMBER] = {"id_number", "--id-number", "证件号码", LIM_APP_ID_NUMBER,
                             "申请表 /apply, 控制台 登记, API, apply register --id-number"},
    [LIM_F_APP_PHONE] = {"phone", "--phone", "联系电话", LIM_APP_PHONE,
                         "申请表 /apply, 控制台 登记, API, apply register --phone"},
    [LIM_F_APP_EMAIL] = {"email", "--email", "电子邮箱", LIM_APP_EMAIL,
                         "申请表 /apply, 控制台 登记, API, apply register --email"},
    [LIM_F_APP_ADDRESS] = {"address", "--address", "通信地址", LIM_APP_ADDRESS,
                           "申请表 /apply, 控制台 登记, API, apply register --address"},
    [LIM_F_APP_REQUEST] = {"request", "--request", "所需信息的描述", LIM_APP_REQUEST,
                           "申请表 /apply, 控制台 登记, API, apply register --request/--request-file"},
    [LIM_F_APP_SUP_WHAT] = {"what", "--what", "补正内容", LIM_APP_SUP_WHAT,
                            "控制台 补正, API events, apply supplement --what"},
    [LIM_F_APP_PARTY] = {"party", "--third-party", "征求意见对象", LIM_APP_PARTY,
                         "控制台 征求意见, API events, apply consult --third-party/--other-agency"},
    [LIM_F_APP_APPROVER] = {"approver", "--approved-by", "批准人", LIM_APP_APPROVER,
                            "控制台 延期, API events, apply extend --approved-by"},
    [LIM_F_APP_EXT_REASON] = {"reason", "--reason", "延期理由", LIM_APP_REASON,
                              "控制台 延期, API events, apply extend --reason"},
    [LIM_F_APP_DETAIL] = {"detail", "--detail", "答复内容", LIM_APP_DETAIL,
                          "控制台 答复, API events, apply answer --detail"},
    [LIM_F_APP_REFER] = {"refer", "--refer", "负责该信息的机关", LIM_APP_REFER,
                         "控制台 答复, API events, apply answer --refer"},
    [LIM_F_APP_WITHDRAW_REASON] = {"note", "--reason", "撤回说明", LIM_APP_REASON,
                                   "控制台 撤回, API events, apply withdraw --reason"},
    [LIM_F_CASE_BODY] = {"body", "--body", "复议机关或法院", LIM_CASE_BODY,
                         "控制台 案件, API POST /api/v1/cases, review add --body"},
    [LIM_F_CASE_NO] = {"case_no", "--case-no", "案号", LIM_CASE_NO,
                       "控制台 案件, API POST /api/v1/cases, review add --case-no"},
    [LIM_F_CASE_NOTE] = {"note", "--note", "备注", LIM_CASE_NOTE,
                         "API POST /api/v1/cases, review add/close --note"},
    [LIM_F_DOC_TITLE] = {"title", "--title", "标题", LIM_DOC_TITLE,
                         "控制台 文件, API POST /api/v1/documents, doc add/edit --title, doc import"},
    [LIM_F_DOC_ISSUER] = {"issuer", "--issuer", "发布机构", LIM_DOC_ISSUER,
                          "控制台 文件, API POST /api/v1/documents, doc add/edit --issuer, doc import"},
    [LIM_F_USER_NAME] = {"name", "--name", "姓名", LIM_USER_NAME,
                         "控制台 用户, API /api/v1/users, user add --name"},
    [LIM_F_TOKEN_NAME] = {"name", "--name", "令牌用途", LIM_TOKEN_NAME, "控制台 令牌, API POST /api/v1/tokens"},
    [LIM_F_AGENCY_NAME] = {"name", "--name", "机关名称", LIM_AGENCY_NAME, "agency add --name"},
    [LIM_F_USER_LOGIN] = {"login", "LOGIN", "用户名", LIM_USER_LOGIN, "控制台 用户, API /api/v1/users, user add LOGIN"},
    [LIM_F_AGENCY_CODE] = {"code", "CODE", "机关代码", LIM_AGENCY_CODE, "agency add CODE"},
    [LIM_F_AGENCY_ORG_CODE] = {"org_code", "--org-code", "发布机构代码", LIM_AGENCY_CODE, "agency add --org-code"},
    [LIM_F_AGENCY_INDEX_PATTERN] = {"index_pattern", "--index-pattern", "索引号格式", LIM_INDEX_PATTERN,
                                    "agency add --index-pattern"},
    [LIM_F_CHAIN_HANDLER] = {"handler", "--to", "承办人", LIM_CHAIN_WHO,
                             "控制台 分办, API events, apply assign --to"},
    [LIM_F_CHAIN_REASON] = {"reason", "--reason", "改派理由", LIM_CHAIN_NOTE,
                            "控制台 分办, API events, apply assign --reason"},
    [LIM_F_CHAIN_COMMENT] = {"comment", "--comment", "退回意见", LIM_CHAIN_NOTE,
                             "控制台 审批, API events, apply return --comment"},
    [LIM_F_CHAIN_LETTER] = {"letter", "--letter-text", "答复书正文", LIM_CHAIN_LETTER,
                            "控制台 拟办, API events, apply draft --letter-text"},
    [LIM_F_DOC_ATTR_REASON] = {"reason", "--reason", "不公开理由", LIM_DOC_ATTR_REASON,
                               "doc register --reason, doc attr --reason"},
    [LIM_F_APP_DL_REF] = {"ref", "--ref", "送达凭据（邮件号、签收人或收件地址）", LIM_APP_DL_REF,
                          "控制台 送达, API events, apply deliver --ref"},
    [LIM_F_APP_DL_PROOF] = {"proof", "--proof", "送达证明", LIM_APP_DL_PROOF,
                            "控制台 送达, API events, apply deliver --proof"},
};

/* A refusal names the field in the domain's terms: the option without its
 * dashes, words joined by '_' ("--id-number" -> "id_number"); the command
 * line spells it back as the option (err.field). */
__attribute__((format(printf, 3, 4)))
static int lim_err(err *e, const struct lim_def *d, const char *fmt, ...)
{
    if (!e)
        return GK_EINVAL;
    char field[sizeof e->where];
    snprintf(field, sizeof field, "%s", d->opt + 2);
    for (char *p = field; *p; p++)
        if (*p == '-')
            *p = '_';
    va_list ap;
    va_start(ap, fmt);
    char msg[sizeof e->msg];
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    return err_field(e, GK_EINVAL, field, "%s", msg);
}

int lim_check(enum lim_field f, const char *value, err *e)
{
    const struct lim_def *d = &lim_fields[f];
    const char *v = value ? value : "";
    size_t n = strlen(v), bad;
    if (!utf8_valid(v, n, &bad))
        return lim_err(e, d, "not valid UTF-8 (byte %zu)", bad);
    size_t chars = utf8_len(v, n);
    if (chars > (size_t)d->max)
        return lim_err(e, d, "at most %d characters (this one has %zu)", d->max, (size_t)chars);
    return 0;
}

int lim_copy(enum lim_field f, char *dst, size_t cap, const char *value, err *e)
{
    int rc = lim_check(f, value, e);
    if (rc)
        return rc;
    const char *v = value ? value : "";
    size_t n = strlen(v);
    if (n >= cap)   /* a field kept in an array smaller than LIM_BYTES(max) */
        return lim_err(e, &lim_fields[f], "at most %zu bytes (this one has %zu)", cap - 1, n);
    memcpy(dst, v, n + 1);
    return 0;
}

void lim_msg_cn(enum lim_field f, const char *value, buf *out)
{
    const struct lim_def *d = &lim_fields[f];
    const char *v = value ? value : "";
    size_t chars = utf8_len(v, strlen(v));
    if (chars > (size_t)d->max)
        buf_printf(out, "%s不能超过%d个字（现为%zu个字）", d->label, d->max, chars);
}
