/*
 * report — section 一 of the annual report drafted from the records
 * (issue 18): the five parts 主动公开 / 依申请公开 / 政府信息管理 / 平台建设 /
 * 监督保障 that reports write by hand today, each sentence built from a
 * count: tables 二–四 as computed from the registers (store_app_report,
 * store_doc_table2) and the year's facts (struct rpt_facts). The office
 * edits the draft in the console before the sign-off; nothing here is
 * published without it. And the report's introduction as a document.
 */
#include <stdio.h>

#include "publish/channel.h"
#include "publish/publish.h"
#include "report/report.h"

/* A figure of the tables; a null one (not computed) reads as 0. */
static long long fig(double v) { return rpt_is_null(v) ? 0 : (long long)v; }

static long long app_sum(const rpt *r, int from, int to)
{
    long long n = 0;
    for (int i = from; i <= to; i++)
        n += fig(r->app[i][COL_TOTAL]);
    return n;
}

static void proactive(const rpt *r, const struct rpt_facts *f, buf *out)
{
    (void)r;
    buf_printf(out, "%d年，本机关主动公开政府信息%lld条", f->year, (long long)f->published);
    int first = 1;
    for (int i = 1; i <= 15; i++) {
        if (!f->by_item[i])
            continue;
        buf_printf(out, "%s第%s项%lld条", first ? "，其中按《条例》第二十条" : "、", doc_item_label(i),
                   (long long)f->by_item[i]);
        first = 0;
    }
    buf_printf(out, "；发布政策解读%lld篇。", (long long)f->interpretations);
    first = 1;
    for (int k = 0; k < CHAN_NKINDS; k++) {
        if (!f->by_channel[k])
            continue;
        buf_printf(out, "%s%s%lld条", first ? "通过其他渠道发布政府信息：" : "、", chan_kinds[k].label,
                   (long long)f->by_channel[k]);
        first = 0;
    }
    buf_puts(out, first ? "本年度未通过政务新媒体、政府公报等其他渠道发布政府信息。" : "。");
}

static void requests(const rpt *r, buf *out)
{
    buf_printf(out, "本年度新收政府信息公开申请%lld件，上年结转%lld件；办结%lld件，其中予以公开%lld件、部分公开%lld件、"
                    "不予公开%lld件、无法提供%lld件、不予处理%lld件、其他处理%lld件；结转下年度继续办理%lld件。",
               fig(r->app[APP_NEW][COL_TOTAL]), fig(r->app[APP_CARRIED_IN][COL_TOTAL]),
               fig(r->app[APP_HANDLED_TOTAL][COL_TOTAL]), fig(r->app[APP_GRANTED][COL_TOTAL]),
               fig(r->app[APP_PARTLY][COL_TOTAL]), app_sum(r, APP_W_STATE_SECRET, APP_W_ADMIN_QUERY),
               app_sum(r, APP_U_NOT_HELD, APP_U_UNCLEAR), app_sum(r, APP_N_PETITION, APP_N_RECONFIRM),
               app_sum(r, APP_O_NO_SUPPLEMENT, APP_O_OTHER), fig(r->app[APP_CARRIED_OUT][COL_TOTAL]));
}

static void management(const rpt *r, const struct rpt_facts *f, buf *out)
{
    if (r->layout == RPT_LAYOUT_2019)
        buf_printf(out, "本年度制作行政规范性文件%lld件，公开%lld件，对外公开总数量%lld件。",
                   fig(r->pro[PRO_NORM_MADE]), fig(r->pro[PRO_NORM_PUBLISHED]), fig(r->pro[PRO_NORM_PUBLIC_TOTAL]));
    else
        buf_printf(out, "本年度制发行政规范性文件%lld件，废止%lld件，年末现行有效%lld件。",
                   fig(r->pro[PRO_NORM_ISSUED]), fig(r->pro[PRO_NORM_REPEALED]), fig(r->pro[PRO_NORM_IN_FORCE]));
    buf_printf(out, "按规定向档案馆、图书馆报送主动公开文件%lld件次。", (long long)f->copies_delivered);
}

static void platform(const struct rpt_facts *f, const char *engage_text, buf *out)
{
    buf_printf(out, "本机关政府信息公开专栏本年度发布信息%lld条；现有政务新媒体、政府公报等发布渠道%lld个。",
               (long long)f->published, (long long)f->channels);
    if (engage_text && *engage_text) {
        buf_putc(out, '\n');
        buf_puts(out, engage_text);
        while (out->len && out->data[out->len - 1] == '\n')
            out->data[--out->len] = 0;
    }
}

static void supervision(const rpt *r, buf *out)
{
    long long lit = fig(r->rl[RL_LIT_DIRECT][RL_TOTAL]) + fig(r->rl[RL_LIT_AFTER_REVIEW][RL_TOTAL]);
    long long lit_corr = fig(r->rl[RL_LIT_DIRECT][RL_CORRECTED]) + fig(r->rl[RL_LIT_AFTER_REVIEW][RL_CORRECTED]);
    buf_printf(out, "本年度因政府信息公开工作被申请行政复议%lld件，结果纠正%lld件；被提起行政诉讼%lld件，结果纠正%lld件。",
               fig(r->rl[RL_REVIEW][RL_TOTAL]), fig(r->rl[RL_REVIEW][RL_CORRECTED]), lit, lit_corr);
}

void rpt_compose(const rpt *r, const struct rpt_facts *f, const char *engage_text, buf out[5])
{
    proactive(r, f, &out[0]);
    requests(r, &out[1]);
    management(r, f, &out[2]);
    platform(f, engage_text, &out[3]);
    supervision(r, &out[4]);
}

void rpt_compose_intro(const char *agency, int year, const char *url, const char *address, const char *phone,
                       buf *out)
{
    buf_printf(out, "根据《中华人民共和国政府信息公开条例》（以下简称《条例》）第四十九条、第五十条规定，现将%s%d年度"
                    "政府信息公开工作情况报告如下。本报告中所列数据的统计期限自%d年1月1日起至%d年12月31日止。",
               agency, year, year, year);
    if (url && *url)
        buf_printf(out, "本报告电子版可在%s门户网站（%s）下载。", agency, url);
    if ((address && *address) || (phone && *phone)) {
        buf_printf(out, "如对本报告有疑问，请与%s联系（", agency);
        if (address && *address)
            buf_printf(out, "地址：%s", address);
        if (phone && *phone)
            buf_printf(out, "%s电话：%s", address && *address ? "；" : "", phone);
        buf_puts(out, "）。");
    }
}
