/*
 * engage — the sentences of the annual report's section 一 that come from the
 * three registers: messages by source and kind, suggestions and proposals by
 * class and rating, drafts put out for comment. The agency edits them before
 * publication; every number is a count of the registers' records.
 */
#include <stdio.h>

#include "engage/engage.h"

static int sum_row(const int *row, int n)
{
    int s = 0;
    for (int i = 1; i <= n; i++)
        s += row[i];
    return s;
}

static void pct(buf *out, int part, int whole)
{
    if (whole <= 0)
        return;
    int tenths = (int)(((long long)part * 1000 + whole / 2) / whole);
    if (tenths % 10)
        buf_printf(out, "%d.%d%%", tenths / 10, tenths % 10);
    else
        buf_printf(out, "%d%%", tenths / 10);
}

static void messages(const struct engage_year *y, buf *out)
{
    int total = 0, by_kind[MSG_NKINDS + 1] = {0};
    for (int s = 1; s <= MSG_NSOURCES; s++)
        for (int k = 1; k <= MSG_NKINDS; k++) {
            total += y->msgs[s][k];
            by_kind[k] += y->msgs[s][k];
        }
    if (!total) {
        buf_printf(out, "%d年，本机关未收到群众咨询、投诉和留言。", y->year);
        return;
    }
    buf_printf(out, "%d年，本机关共受理群众咨询、建议、投诉等%d件，其中", y->year, total);
    int first = 1;
    for (int s = 1; s <= MSG_NSOURCES; s++) {
        int n = sum_row(y->msgs[s], MSG_NKINDS);
        if (!n)
            continue;
        buf_printf(out, "%s%s%d件", first ? "" : "、", msg_sources[s].label, n);
        first = 0;
    }
    buf_puts(out, "；按类型分，");
    first = 1;
    for (int k = 1; k <= MSG_NKINDS; k++) {
        if (!by_kind[k])
            continue;
        buf_printf(out, "%s%s%d件", first ? "" : "、", msg_kinds[k].label, by_kind[k]);
        first = 0;
    }
    buf_printf(out, "。已答复%d件，其中按期答复%d件", y->msgs_answered, y->msgs_on_time);
    if (y->msgs_answered) {
        buf_puts(out, "（按期答复率");
        pct(out, y->msgs_on_time, y->msgs_answered);
        buf_puts(out, "）");
    }
    int rated = y->msgs_rated[MSG_R_SATISFIED] + y->msgs_rated[MSG_R_BASIC] + y->msgs_rated[MSG_R_NOT];
    if (rated) {
        buf_printf(out, "；回访%d件，满意%d件、基本满意%d件、不满意%d件", rated, y->msgs_rated[MSG_R_SATISFIED],
                   y->msgs_rated[MSG_R_BASIC], y->msgs_rated[MSG_R_NOT]);
    }
    if (y->msgs_published)
        buf_printf(out, "；经提问人同意公开答复%d件", y->msgs_published);
    buf_puts(out, "。");
}

static void suggestions(const struct engage_year *y, buf *out)
{
    int npc = sum_row(y->sugs[SUG_NPC], SUG_NROLES), cppcc = sum_row(y->sugs[SUG_CPPCC], SUG_NROLES);
    if (!npc && !cppcc) {
        buf_puts(out, "本年度未承办人大代表建议和政协委员提案。");
        return;
    }
    int lead = y->sugs[SUG_NPC][SUG_LEAD] + y->sugs[SUG_CPPCC][SUG_LEAD];
    buf_printf(out, "本年度共承办人大代表建议%d件、政协委员提案%d件，其中主办%d件、协办%d件", npc, cppcc, lead,
               npc + cppcc - lead);
    int classed = y->sug_classes[SUG_C_A] + y->sug_classes[SUG_C_B] + y->sug_classes[SUG_C_C];
    if (classed)
        buf_printf(out, "。主办件办理结果A类%d件、B类%d件、C类%d件", y->sug_classes[SUG_C_A], y->sug_classes[SUG_C_B],
                   y->sug_classes[SUG_C_C]);
    int rated = y->sug_ratings[SUG_R_SATISFIED] + y->sug_ratings[SUG_R_BASIC] + y->sug_ratings[SUG_R_NOT];
    if (rated) {
        buf_puts(out, "，代表委员满意率");
        pct(out, y->sug_ratings[SUG_R_SATISFIED] + y->sug_ratings[SUG_R_BASIC], rated);
        buf_printf(out, "（满意%d件、基本满意%d件、不满意%d件）", y->sug_ratings[SUG_R_SATISFIED],
                   y->sug_ratings[SUG_R_BASIC], y->sug_ratings[SUG_R_NOT]);
    }
    if (y->sug_published)
        buf_printf(out, "，公开办理结果%d件", y->sug_published);
    buf_puts(out, "。");
}

static void consultations(const struct engage_year *y, buf *out)
{
    if (!y->consults) {
        buf_puts(out, "本年度未开展公开征求意见。");
        return;
    }
    buf_printf(out, "本年度公开征求意见的草案%d件，共收到意见建议%d条，采纳%d条、部分采纳%d条，"
               "采纳情况均已向社会公布。", y->consults, y->comments, y->comments_adopted, y->comments_partly);
}

void engage_narrative(const struct engage_year *y, buf *out)
{
    messages(y, out);
    buf_putc(out, '\n');
    suggestions(y, out);
    buf_putc(out, '\n');
    consultations(y, out);
    buf_putc(out, '\n');
}
