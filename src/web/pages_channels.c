/* web — the console's 渠道与报送 page (issue 18): the agency's channels with
 * what was sent to each this year, and the copies for the archive and the
 * library that wait, each with its last day (past it: 逾期), and the packages
 * made and delivered. Recording is done here through pages_sends.c's forms,
 * or with `gongkai channel` and `gongkai archive` (docs/operations.md §23, §25). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "publish/channel.h"
#include "web/web_internal.h"

struct copies { web_req *r; buf *b; int workdays, to; gk_day today; int n; };

static int copy_row(const struct store_arch_pending *p, void *arg)
{
    struct copies *x = arg;
    gk_day pub, due;
    char d[11] = "—";
    bool late = false;
    if (date_parse(p->published, &pub, NULL) == 0 && arch_due(x->r->cal, pub, x->workdays, &due, NULL) == 0) {
        date_format(due, d);
        late = due < x->today;
    }
    buf_printf(x->b, "<tr%s><td>%s</td><td>", late ? " class=\"overdue\"" : "", arch_recipients[x->to].label);
    buf_html(x->b, p->title);
    buf_printf(x->b, "</td><td>%s</td><td>%s</td><td>%s%s</td></tr>", p->published, d, late ? "逾期" : "待报送",
               p->package_id ? "（已打包）" : "");
    x->n++;
    return 0;
}

struct pkgs { web_req *r; buf *b; };

static int package_row(const struct store_arch_package *p, void *arg)
{
    struct pkgs *x = arg;
    buf *b = x->b;
    buf_printf(b, "<tr><td>%lld</td><td>%s</td><td>%lld</td><td>%.10s</td><td>", (long long)p->id,
               arch_recipients[p->recipient].label, (long long)p->ndocs, p->created_at);
    if (p->delivered[0]) {
        buf_printf(b, "%s ", p->delivered);
        buf_html(b, p->receiver);
        buf_puts(b, " ");
        buf_html(b, p->reference);
    } else {
        buf_puts(b, "待交付");
    }
    buf_puts(b, "</td><td>");
    web_archive_package_forms(x->r, b, p);
    buf_puts(b, "</td></tr>");
    return 0;
}

int h_console_channels(web_req *r)
{
    int y, m, d;
    date_to_ymd(date_today(), &y, &m, &d);
    buf b;
    buf_init(&b);
    buf_puts(&b, "<h1>渠道与报送</h1><p class=\"muted\">发布渠道和报送记录在本页登记，也可用 <code>gongkai channel</code>、"
                 "<code>gongkai archive</code> 登记（见运维手册第23、25节）。</p>");
    struct store_channel *ch = NULL;
    size_t n = 0;
    int64_t counts[6] = {0};
    store_channel_list(r->st, r->agency.id, &ch, &n, NULL);
    store_channel_counts(r->st, r->agency.id, y, counts, NULL);
    buf_printf(&b, "<div class=\"table-wrap\"><table><caption>发布渠道（%d年各类渠道发布文件：", y);
    for (int k = 0; k < CHAN_NKINDS; k++)
        buf_printf(&b, "%s%s%lld件", k ? "、" : "", chan_kinds[k].label, (long long)counts[k]);
    buf_puts(&b, "）</caption><thead><tr><th scope=\"col\">编号</th><th scope=\"col\">类型</th><th scope=\"col\">名称</th>"
                 "<th scope=\"col\">累计发送</th></tr></thead><tbody>");
    for (size_t i = 0; i < n; i++) {
        buf_printf(&b, "<tr><td>%lld</td><td>%s</td><td>", (long long)ch[i].id, chan_kinds[ch[i].kind].label);
        buf_html(&b, ch[i].name);
        buf_printf(&b, "</td><td>%lld</td></tr>", (long long)ch[i].sends);
    }
    if (!n)
        buf_puts(&b, "<tr><td colspan=\"4\">尚未登记发布渠道。</td></tr>");
    buf_puts(&b, "</tbody></table></div>");
    free(ch);
    struct copies x = {.r = r, .b = &b, .today = date_today()};
    char from[11];
    web_archive_rule(r->st, r->agency.id, &x.workdays, from, NULL);
    buf_printf(&b, "<div class=\"table-wrap\"><table><caption>待报送档案馆、图书馆的文件（发布后%d个工作日内）</caption>"
                   "<thead><tr><th scope=\"col\">报送单位</th><th scope=\"col\">标题</th><th scope=\"col\">发布日期</th>"
                   "<th scope=\"col\">报送期限</th><th scope=\"col\">状态</th></tr></thead><tbody>", x.workdays);
    for (x.to = 0; x.to < ARCH_NRECIPIENTS; x.to++)
        store_archive_pending(r->st, r->agency.id, x.to, from, copy_row, &x, NULL);
    if (!x.n)
        buf_puts(&b, "<tr><td colspan=\"5\">没有待报送的文件。</td></tr>");
    buf_puts(&b, "</tbody></table></div><div class=\"table-wrap\"><table><caption>报送包</caption><thead><tr>"
                 "<th scope=\"col\">编号</th><th scope=\"col\">报送单位</th><th scope=\"col\">文件数</th>"
                 "<th scope=\"col\">制作日期</th><th scope=\"col\">交付</th><th scope=\"col\">操作</th></tr></thead><tbody>");
    store_archive_packages(r->st, r->agency.id, package_row, &(struct pkgs){r, &b}, NULL);
    buf_puts(&b, "</tbody></table></div>");
    web_archive_make_forms(r, &b);
    web_page_console(r, 200, "渠道与报送", "channels", b.data);
    buf_free(&b);
    return 200;
}
