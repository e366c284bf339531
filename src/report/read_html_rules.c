/*
 * report — the rules of the HTML pass (read_html.c), as libxml2 has them:
 * the tags the walk treats apart (HTMLparser.c html40ElementTable), which
 * start tag closes which open element (htmlStartClose), which end tag may
 * close what (htmlEndPriority), and character and entity references
 * (htmlParseReference, htmlEntityLookup).
 */
#include <string.h>

#include <libxml/HTMLparser.h>

#include "report/read_html_internal.h"

/* Every tag the walk treats apart from plain inline content. Blocks are the
 * tree walk's list; empty elements are libxml2's (HTMLparser.c html40ElementTable). */
static const struct tag_row tag_rows[] = {
    {"table", T_TABLE, 0}, {"tr", T_TR, TF_BLOCK}, {"td", T_TD, 0}, {"th", T_TH, 0},
    {"thead", T_THEAD, TF_BLOCK}, {"tbody", T_TBODY, TF_BLOCK}, {"tfoot", T_TFOOT, TF_BLOCK},
    {"caption", T_CAPTION, TF_BLOCK}, {"br", T_BR, TF_VOID}, {"script", T_SCRIPT, TF_RAW | TF_HEAD},
    {"style", T_STYLE, TF_RAW | TF_HEAD}, {"p", T_P, TF_BLOCK}, {"div", T_DIV, TF_BLOCK}, {"li", T_LI, TF_BLOCK},
    {"h1", T_H1, TF_BLOCK}, {"h2", T_H2, TF_BLOCK}, {"h3", T_H3, TF_BLOCK}, {"h4", T_H4, TF_BLOCK},
    {"h5", T_H5, TF_BLOCK}, {"h6", T_H6, TF_BLOCK}, {"a", T_A, 0}, {"span", T_SPAN, 0},
    {"font", T_FONT, 0}, {"b", T_B, 0}, {"i", T_I, 0}, {"u", T_U, 0}, {"tt", T_TT, 0}, {"s", T_S, 0},
    {"strike", T_STRIKE, 0}, {"big", T_BIG, 0}, {"small", T_SMALL, 0}, {"col", T_COL, TF_VOID},
    {"colgroup", T_COLGROUP, 0}, {"pre", T_PRE, TF_BLOCK}, {"listing", T_LISTING, 0}, {"xmp", T_XMP, 0},
    {"dl", T_DL, TF_BLOCK}, {"dt", T_DT, TF_BLOCK}, {"dd", T_DD, TF_BLOCK}, {"address", T_ADDRESS, TF_BLOCK},
    {"ul", T_UL, TF_BLOCK}, {"ol", T_OL, TF_BLOCK}, {"menu", T_MENU, 0}, {"dir", T_DIR, 0},
    {"form", T_FORM, TF_BLOCK}, {"hr", T_HR, TF_BLOCK | TF_VOID}, {"option", T_OPTION, 0},
    {"body", T_BODY, TF_ROOT}, {"html", T_HTML, TF_ROOT}, {"head", T_HEAD, TF_ROOT},
    {"title", T_OTHER, TF_BLOCK | TF_HEAD}, {"section", T_OTHER, TF_BLOCK}, {"article", T_OTHER, TF_BLOCK},
    {"header", T_OTHER, TF_BLOCK}, {"footer", T_OTHER, TF_BLOCK}, {"blockquote", T_OTHER, TF_BLOCK},
    {"center", T_OTHER, TF_BLOCK}, {"nav", T_OTHER, TF_BLOCK}, {"main", T_OTHER, TF_BLOCK},
    {"aside", T_OTHER, TF_BLOCK}, {"figure", T_OTHER, TF_BLOCK},
    {"noscript", T_OTHER, TF_SKIP}, {"template", T_OTHER, TF_SKIP}, {"iframe", T_OTHER, TF_SKIP},
    {"object", T_OTHER, TF_SKIP},
    {"img", T_OTHER, TF_VOID}, {"meta", T_OTHER, TF_VOID | TF_HEAD}, {"link", T_OTHER, TF_VOID | TF_HEAD},
    {"input", T_OTHER, TF_VOID}, {"area", T_OTHER, TF_VOID}, {"base", T_OTHER, TF_VOID | TF_HEAD},
    {"basefont", T_OTHER, TF_VOID}, {"frame", T_OTHER, TF_VOID}, {"isindex", T_OTHER, TF_VOID},
    {"param", T_OTHER, TF_VOID}, {"embed", T_OTHER, TF_VOID},
};

/* The elements a start tag closes when one of them is open innermost, as
 * libxml2 does (HTMLparser.c htmlStartClose), for the tags whose closing
 * changes the lines: table structure, paragraphs, lists and headings. */
#define HX_FONTSTYLE T_TT, T_I, T_B, T_U, T_S, T_STRIKE, T_BIG, T_SMALL
#define HX_HEADINGS T_H1, T_H2, T_H3, T_H4, T_H5, T_H6
static const struct {
    unsigned char tag;
    unsigned char closes[16];
} start_close[] = {
    {T_TD, {T_TH, T_TD, T_P, T_SPAN, T_FONT, T_A, T_B, T_I, T_U}},
    {T_TH, {T_TH, T_TD, T_P, T_SPAN, T_FONT, T_A, T_B, T_I, T_U}},
    {T_TR, {T_TH, T_TD, T_TR, T_CAPTION, T_COL, T_COLGROUP, T_P}},
    {T_THEAD, {T_CAPTION, T_COL, T_COLGROUP}},
    {T_TFOOT, {T_TH, T_TD, T_TR, T_CAPTION, T_COL, T_COLGROUP, T_THEAD, T_TBODY, T_P}},
    {T_TBODY, {T_TH, T_TD, T_TR, T_CAPTION, T_COL, T_COLGROUP, T_THEAD, T_TFOOT, T_TBODY, T_P}},
    {T_TABLE, {T_P, HX_HEADINGS, T_PRE, T_LISTING, T_XMP, T_A}},
    {T_P, {T_P, HX_HEADINGS, HX_FONTSTYLE}},
    {T_DIV, {T_P}},
    {T_LI, {T_P, HX_HEADINGS, T_DL, T_ADDRESS, T_PRE, T_LISTING, T_XMP, T_LI}},
    {T_H1, {T_P, T_H2, T_H3, T_H4, T_H5, T_H6}},
    {T_H2, {T_P, T_H1, T_H3, T_H4, T_H5, T_H6}},
    {T_H3, {T_P, T_H1, T_H2, T_H4, T_H5, T_H6}},
    {T_H4, {T_P, T_H1, T_H2, T_H3, T_H5, T_H6}},
    {T_H5, {T_P, T_H1, T_H2, T_H3, T_H4, T_H6}},
    {T_H6, {T_P, T_H1, T_H2, T_H3, T_H4, T_H5}},
    {T_CAPTION, {T_P}},
    {T_COLGROUP, {T_CAPTION, T_COLGROUP, T_COL, T_P}},
    {T_UL, {T_P, T_OL, T_MENU, T_DIR, T_ADDRESS, T_PRE, T_LISTING, T_XMP}},
    {T_OL, {T_P, T_UL}},
    {T_DT, {T_P, T_MENU, T_DIR, T_ADDRESS, T_PRE, T_LISTING, T_XMP, T_DD}},
    {T_DD, {T_P, T_MENU, T_DIR, T_ADDRESS, T_PRE, T_LISTING, T_XMP, T_DT}},
    {T_FORM, {T_FORM, T_P, T_HR, HX_HEADINGS, T_DL, T_UL, T_OL, T_MENU, T_DIR, T_ADDRESS, T_PRE}},
    {T_HR, {T_P}},
    {T_A, {T_A}},
    {T_OPTION, {T_OPTION}},
};

/* An end tag closes the elements opened after its own only when none of them
 * ranks higher (libxml2's htmlEndPriority); else it is ignored. */
int rd_html_end_priority(int tag)
{
    switch (tag) {
    case T_DIV: return 150;
    case T_TD: case T_TH: return 160;
    case T_TR: return 170;
    case T_THEAD: case T_TBODY: case T_TFOOT: return 180;
    case T_TABLE: return 190;
    default: return 100;
    }
}

bool rd_html_closes(int tag, int open)
{
    for (size_t i = 0; i < sizeof start_close / sizeof start_close[0]; i++)
        if (start_close[i].tag == tag) {
            for (int k = 0; k < 16 && start_close[i].closes[k]; k++)
                if (start_close[i].closes[k] == open)
                    return true;
            return false;
        }
    return false;
}

const struct tag_row *rd_html_tag_find(const char *name, size_t n)
{
    static const struct tag_row other = {"", T_OTHER, 0};
    for (size_t i = 0; i < sizeof tag_rows / sizeof tag_rows[0]; i++) {
        const char *t = tag_rows[i].name;
        if (t[0] == name[0] && strlen(t) == n && memcmp(t, name, n) == 0)
            return &tag_rows[i];
    }
    return &other;
}


/* ---- character and entity references ----------------------------------- */


int rd_html_hexval(char c)
{
    return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
}

static bool xml_char(uint32_t v)
{
    return v == 0x9 || v == 0xA || v == 0xD || (v >= 0x20 && v <= 0xD7FF) || (v >= 0xE000 && v <= 0xFFFD) ||
           (v >= 0x10000 && v <= 0x10FFFF);
}

/* One reference at s ('&'), as libxml2 reads it (HTMLparser.c htmlParseReference):
 * a character reference with or without ';' (dropped when not a character), a
 * known entity followed by ';', else the '&' and the name as they stand.
 * Returns the bytes read. */
size_t rd_html_entity(const char *s, const char *end, buf *o)
{
    const char *p = s + 1;
    if (p < end && *p == '#') {
        p++;
        uint32_t v = 0;
        bool hex = p < end && (*p == 'x' || *p == 'X');
        if (hex)
            p++;
        for (; p < end && *p != ';'; p++) {
            int d = hex ? rd_html_hexval(*p) : rd_html_digit(*p) ? *p - '0' : -1;
            if (d < 0)
                break;
            if (v < 0x110000)
                v = v * (hex ? 16 : 10) + (uint32_t)d;
        }
        if (p < end && *p == ';')
            p++;
        if (xml_char(v)) {
            char u[4];
            buf_append(o, u, (size_t)utf8_encode(v, u));
        }
        return (size_t)(p - s);
    }
    const char *nm = p;
    if (p < end && (rd_html_alpha(*p) || *p == '_' || *p == ':')) {
        while (p < end && p - nm < 64 &&
               (rd_html_alpha(*p) || rd_html_digit(*p) || *p == '_' || *p == ':' || *p == '.' || *p == '-'))
            p++;
    }
    if (p > nm && p < end && *p == ';') {
        char name[65];
        memcpy(name, nm, (size_t)(p - nm));
        name[p - nm] = '\0';
        const htmlEntityDesc *ent = htmlEntityLookup((const xmlChar *)name);
        if (ent && ent->value > 0) {
            char u[4];
            buf_append(o, u, (size_t)utf8_encode(ent->value, u));
            return (size_t)(p + 1 - s);
        }
    }
    buf_append(o, s, (size_t)(p - s));
    return (size_t)(p - s);
}

