/*
 * read_html_internal.h — what the HTML pass (read_html.c) and its rules
 * (read_html_rules.c: libxml2's tag table, which start tag closes what, end
 * tag priorities, character and entity references) share. Included by those
 * two files only.
 */
#ifndef GONGKAI_READ_HTML_INTERNAL_H
#define GONGKAI_READ_HTML_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>

#include "base/base.h"

enum {
    TF_BLOCK = 1 << 0,   /* a line of its own (is_block of the tree walk it replaces) */
    TF_VOID = 1 << 1,    /* no content, no end tag (libxml2's empty elements) */
    TF_SKIP = 1 << 2,    /* content not read (noscript, template, iframe, object) */
    TF_RAW = 1 << 3,     /* raw text up to its end tag: script, style */
    TF_ROOT = 1 << 4,    /* html, head, body: lines around them, never on the stack */
    TF_HEAD = 1 << 5,    /* may stand in <head>: does not imply <body> */
};

enum tag {
    T_OTHER, T_TABLE, T_TR, T_TD, T_TH, T_THEAD, T_TBODY, T_TFOOT, T_CAPTION, T_BR, T_SCRIPT, T_STYLE,
    T_P, T_DIV, T_LI, T_H1, T_H2, T_H3, T_H4, T_H5, T_H6, T_A, T_SPAN, T_FONT, T_B, T_I, T_U, T_TT,
    T_S, T_STRIKE, T_BIG, T_SMALL, T_COL, T_COLGROUP, T_PRE, T_LISTING, T_XMP, T_DL, T_DT, T_DD,
    T_ADDRESS, T_UL, T_OL, T_MENU, T_DIR, T_FORM, T_HR, T_OPTION, T_BODY, T_HTML, T_HEAD,
};

struct tag_row {
    const char *name;
    unsigned char id, flags;
};

static inline bool rd_html_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
static inline bool rd_html_digit(char c) { return c >= '0' && c <= '9'; }

/* The row of a lower-case tag name of n bytes (a row with T_OTHER and no
 * flags when the walk treats the tag as plain inline content); static. */
const struct tag_row *rd_html_tag_find(const char *name, size_t n);
/* Whether a start tag closes the element open innermost (htmlStartClose). */
bool rd_html_closes(int tag, int open);
/* An end tag's rank (htmlEndPriority): it closes the elements opened after
 * its own only when none of them ranks higher. */
int rd_html_end_priority(int tag);
/* The value of a hexadecimal digit, or -1. */
int rd_html_hexval(char c);
/* One reference at s ('&') appended to o as libxml2 reads it; returns the
 * bytes read (at least 1, never past end). */
size_t rd_html_entity(const char *s, const char *end, buf *o);

#endif
