/* base — gongkai's HTML builder: the one way a page, a report or a letter
 * writes HTML, so that escaping holds by construction.
 *
 * Every text argument is escaped (& < > " ') — element content, attribute
 * values, formatted text alike. Markup that is already HTML (a fragment the
 * builder produced into another buf, an SVG chart, a document body that the
 * publishing step sanitised) is appended only through h_markup(), whose
 * argument type says what it is. Tag and attribute names are the caller's
 * constants ("td", "class"); they are written as given and must be plain
 * ASCII names (checked: a name that is not is written as "x-invalid").
 *
 * Attributes come as name, value pairs ending with H_END:
 *     h_open(b, "a", "href", url, "class", "tag bad", H_END);
 * A value of H_OMIT leaves the attribute out (for attributes that depend on
 * a condition: `sel ? "" : H_OMIT`); the empty string writes a boolean
 * attribute (`selected`). Values are never NULL: pass H_OMIT.
 *
 * Nothing here allocates but the buf; nothing fails. */
#ifndef GK_BASE_HTML_H
#define GK_BASE_HTML_H

#include <stdarg.h>
#include <string.h>

#include "base/base.h"

#define H_END ((const char *)0)
extern const char h_omit_[];
#define H_OMIT h_omit_

/* Trusted markup: only what the builder made, or what a sanitiser of
 * gongkai's approved. Make one with H_MARKUP(s) where that is so. */
typedef struct h_markup { const char *s; size_t n; } h_markup;
#define H_MARKUP(s) ((h_markup){(s), strlen(s)})
#define H_MARKUP_BUF(bp) ((h_markup){(bp)->data ? (bp)->data : "", (bp)->len})

/* <tag name="value" …> */
void h_open(buf *b, const char *tag, ...) __attribute__((sentinel));
void h_vopen(buf *b, const char *tag, va_list ap);
/* </tag> */
void h_close(buf *b, const char *tag);
/* A void element: <input …>, <br>, <meta …>. */
void h_void(buf *b, const char *tag, ...) __attribute__((sentinel));

/* Escaped text; NULL writes nothing. */
void h_text(buf *b, const char *s);
void h_text_n(buf *b, const char *s, size_t n);
void h_textf(buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* <tag>text</tag>; NULL text gives an empty element. */
void h_el(buf *b, const char *tag, const char *text);
/* <tag>formatted text</tag>, the result escaped. */
void h_elf(buf *b, const char *tag, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* <tag attributes…>text</tag>: the attributes after the text, ending with H_END. */
void h_el_attr(buf *b, const char *tag, const char *text, ...) __attribute__((sentinel));
/* <a href="href">text</a> */
void h_link(buf *b, const char *href, const char *text);

/* Appends trusted markup as it is. */
void h_markup_add(buf *b, h_markup m);

/* A table's header row: <thead><tr><th scope="col">…</th>…</tr></thead>,
 * the names ending with H_END. */
void h_thead(buf *b, ...) __attribute__((sentinel));
/* A row of cells, each escaped text: <tr><td>…</td>…</tr>, ending with H_END. */
void h_row(buf *b, ...) __attribute__((sentinel));

/* ---- the console's shapes (s14webA) ---- */

/* A table that scrolls in its own box: <div class="table-wrap"><table>, with
 * <caption> when caption is not NULL; h_table_close closes the body, the
 * table and the box: </tbody></table></div>. */
void h_table_start(buf *b, const char *caption);

/* ---- form and section shapes (s14webB) ---- */
/* <option value="value"[ selected]>label</option> */
void h_option(buf *b, const char *value, const char *label, bool selected);
/* <input type="hidden" name="name" value="value"> */
void h_hidden(buf *b, const char *name, const char *value);
/* <button type="submit"[ class="cls"]>text</button>; cls NULL for none. */
void h_submit(buf *b, const char *text, const char *cls);
/* <section aria-labelledby="id"><h2 id="id">title</h2>, left open for
 * h_close(b, "section"). */
void h_section_open(buf *b, const char *id, const char *title);
/* An element of SVG or XML with no content, self-closed: <rect …/>. (An
 * HTML void element is h_void's: <input …>.) */
void h_empty(buf *b, const char *tag, ...) __attribute__((sentinel));
/* A box of one paragraph: <div class="cls" role="role"><p>text</p></div>
 * (errors/alert, receipt/status, notice/status). */
void h_box(buf *b, const char *cls, const char *role, const char *text);
/* <dt>term</dt><dd>text</dd> */
void h_dt_dd(buf *b, const char *term, const char *text);
/* The end of a filter form: closes its last select and that select's div,
 * then <div><button type="submit">text</button></div></form>. */
void h_filter_form_end(buf *b, const char *text);
/* <!DOCTYPE html> and a line break. */
void h_doctype(buf *b);
/* A scrolling table: <div class="table-wrap"><table>, the caption (NULL
 * for none), the header row of the names ending with H_END, and <tbody>
 * left open for the rows and h_table_close. */
void h_table_open(buf *b, const char *caption, ...) __attribute__((sentinel));
/* </tbody></table></div> */
void h_table_close(buf *b);
/* A row of one cell across ncols columns, for "nothing here". */
void h_empty_row(buf *b, int ncols, const char *text);
/* <tag …> from an array of name, value pairs ending with H_END (for
 * attributes gathered at run time; H_OMIT and "" as in h_open). */
void h_open_list(buf *b, const char *tag, const char *const *attrs);

#endif
