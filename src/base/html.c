/* base — the HTML builder (see html.h): escaping by construction. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/html.h"

const char h_omit_[] = "";

/* Tag and attribute names are the caller's constants: letters, digits, '-'
 * and ':' (svg's xlink:href), starting with a letter, at most 32 bytes. */
static void put_name(buf *b, const char *name)
{
    size_t n = strlen(name);
    bool ok = n > 0 && n <= 32 &&
              ((name[0] >= 'a' && name[0] <= 'z') || (name[0] >= 'A' && name[0] <= 'Z'));
    for (size_t i = 0; ok && i < n; i++) {
        char c = name[i];
        ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
             c == '-' || c == ':';
    }
    buf_puts(b, ok ? name : "x-invalid");
}

static void put_attr(buf *b, const char *name, const char *value)
{
    if (value == h_omit_)
        return;
    buf_putc(b, ' ');
    put_name(b, name);
    if (value && *value) {
        buf_puts(b, "=\"");
        buf_html(b, value);
        buf_putc(b, '"');
    }
}

static void put_attrs(buf *b, va_list ap)
{
    for (;;) {
        const char *name = va_arg(ap, const char *);
        if (!name)
            return;
        put_attr(b, name, va_arg(ap, const char *));
    }
}

void h_vopen(buf *b, const char *tag, va_list ap)
{
    buf_putc(b, '<');
    put_name(b, tag);
    put_attrs(b, ap);
    buf_putc(b, '>');
}

void h_open(buf *b, const char *tag, ...)
{
    va_list ap;
    va_start(ap, tag);
    h_vopen(b, tag, ap);
    va_end(ap);
}

void h_void(buf *b, const char *tag, ...)
{
    va_list ap;
    va_start(ap, tag);
    h_vopen(b, tag, ap);
    va_end(ap);
}

void h_close(buf *b, const char *tag)
{
    buf_puts(b, "</");
    put_name(b, tag);
    buf_putc(b, '>');
}

void h_text(buf *b, const char *s)
{
    if (s)
        buf_html(b, s);
}

void h_text_n(buf *b, const char *s, size_t n)
{
    if (s)
        buf_html_n(b, s, n);
}

static void vtextf(buf *b, const char *fmt, va_list ap)
{
    buf t;
    buf_init(&t);
    buf_vprintf(&t, fmt, ap);
    if (t.data)
        buf_html_n(b, t.data, t.len);
    buf_free(&t);
}

void h_textf(buf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vtextf(b, fmt, ap);
    va_end(ap);
}

void h_el(buf *b, const char *tag, const char *text)
{
    h_open(b, tag, H_END);
    h_text(b, text);
    h_close(b, tag);
}

void h_elf(buf *b, const char *tag, const char *fmt, ...)
{
    h_open(b, tag, H_END);
    va_list ap;
    va_start(ap, fmt);
    vtextf(b, fmt, ap);
    va_end(ap);
    h_close(b, tag);
}

void h_el_attr(buf *b, const char *tag, const char *text, ...)
{
    va_list ap;
    va_start(ap, text);
    h_vopen(b, tag, ap);
    va_end(ap);
    h_text(b, text);
    h_close(b, tag);
}

void h_link(buf *b, const char *href, const char *text)
{
    h_el_attr(b, "a", text, "href", href, H_END);
}

void h_markup_add(buf *b, h_markup m)
{
    if (m.s && m.n)
        buf_append(b, m.s, m.n);
}

/* <thead><tr> with a column header per name of ap, </tr></thead>. */
static void thead_v(buf *b, va_list ap)
{
    h_open(b, "thead", H_END);
    h_open(b, "tr", H_END);
    for (const char *s; (s = va_arg(ap, const char *));)
        h_el_attr(b, "th", s, "scope", "col", H_END);
    h_close(b, "tr");
    h_close(b, "thead");
}

void h_thead(buf *b, ...)
{
    va_list ap;
    va_start(ap, b);
    thead_v(b, ap);
    va_end(ap);
}

void h_row(buf *b, ...)
{
    h_open(b, "tr", H_END);
    va_list ap;
    va_start(ap, b);
    for (const char *s; (s = va_arg(ap, const char *));)
        h_el(b, "td", s);
    va_end(ap);
    h_close(b, "tr");
}

/* ---- the console's shapes (s14webA) ---- */

void h_table_start(buf *b, const char *caption)
{
    h_open(b, "div", "class", "table-wrap", H_END);
    h_open(b, "table", H_END);
    if (caption)
        h_el(b, "caption", caption);
}

/* ---- form and section shapes (s14webB) ---- */

void h_option(buf *b, const char *value, const char *label, bool selected)
{
    h_open(b, "option", "value", value, "selected", selected ? "" : H_OMIT, H_END);
    h_text(b, label);
    h_close(b, "option");
}

void h_hidden(buf *b, const char *name, const char *value)
{
    h_void(b, "input", "type", "hidden", "name", name, "value", value, H_END);
}

void h_submit(buf *b, const char *text, const char *cls)
{
    h_el_attr(b, "button", text, "type", "submit", "class", cls ? cls : H_OMIT, H_END);
}

void h_section_open(buf *b, const char *id, const char *title)
{
    h_open(b, "section", "aria-labelledby", id, H_END);
    h_el_attr(b, "h2", title, "id", id, H_END);
}

void h_open_list(buf *b, const char *tag, const char *const *attrs)
{
    buf_putc(b, '<');
    put_name(b, tag);
    for (size_t i = 0; attrs[i]; i += 2)
        put_attr(b, attrs[i], attrs[i + 1]);
    buf_putc(b, '>');
}

void h_table_open(buf *b, const char *caption, ...)
{
    h_open(b, "div", "class", "table-wrap", H_END);
    h_open(b, "table", H_END);
    if (caption)
        h_el(b, "caption", caption);
    va_list ap;
    va_start(ap, caption);
    thead_v(b, ap);
    va_end(ap);
    h_open(b, "tbody", H_END);
}

void h_table_close(buf *b)
{
    h_close(b, "tbody");
    h_close(b, "table");
    h_close(b, "div");
}

void h_empty_row(buf *b, int ncols, const char *text)
{
    char n[16];
    snprintf(n, sizeof n, "%d", ncols);
    h_open(b, "tr", H_END);
    h_el_attr(b, "td", text, "colspan", n, H_END);
    h_close(b, "tr");
}

void h_empty(buf *b, const char *tag, ...)
{
    buf_putc(b, '<');
    put_name(b, tag);
    va_list ap;
    va_start(ap, tag);
    put_attrs(b, ap);
    va_end(ap);
    buf_puts(b, "/>");
}

void h_box(buf *b, const char *cls, const char *role, const char *text)
{
    h_open(b, "div", "class", cls, "role", role, H_END);
    h_el(b, "p", text);
    h_close(b, "div");
}

void h_dt_dd(buf *b, const char *term, const char *text)
{
    h_el(b, "dt", term);
    h_el(b, "dd", text);
}

void h_doctype(buf *b)
{
    buf_puts(b, "<!DOCTYPE html>\n");
}

void h_filter_form_end(buf *b, const char *text)
{
    h_close(b, "select");
    h_close(b, "div");
    h_open(b, "div", H_END);
    h_submit(b, text, NULL);
    h_close(b, "div");
    h_close(b, "form");
}
