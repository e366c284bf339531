/*
 * docgen — the Word (.docx) renderer: WordprocessingML written by hand
 * (ECMA-376 Part 1: document.xml, footer1.xml with the page number, the
 * package parts that name them) and zipped with libzip in memory. Every piece
 * of text goes through xml_text, which escapes the five XML specials and
 * turns tabs and line breaks into w:tab / w:br; docgen.c has already checked
 * the text and removed what XML 1.0 cannot hold.
 *
 * Faces: the DOCX names the fonts GB/T 9704 asks for as Chinese offices
 * have them (仿宋_GB2312 for 仿宋, 方正小标宋简体 for 小标宋, 黑体); Word
 * substitutes where one is missing. The PDF (pdf.c) embeds Noto CJK instead.
 * Page numbers are centred ("— 1 —", 四号): the standard puts odd ones right
 * and even ones left (§7.5), which the PDF does; a DOCX would need separate
 * even-page footers for that.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <zip.h>

#include "docgen/docgen_internal.h"
#include "files/zipmem.h"

#define TW(pt) ((long)((pt) * 20.0 + 0.5))   /* points to twentieths of a point */

static const char *const face_serif = "仿宋_GB2312", *const face_title = "方正小标宋简体",
                        *const face_sans = "黑体";

/* s with the XML specials escaped, a tab as `tab` and a line feed as `nl`.
 * The text is valid UTF-8 without the characters XML refuses
 * (docgen.c:gkd_display), so the copy is bounded by its length. */
static void xml_escape(buf *b, const char *s, const char *tab, const char *nl)
{
    for (; *s; s++) {
        switch (*s) {
        case '&': buf_puts(b, "&amp;"); break;
        case '<': buf_puts(b, "&lt;"); break;
        case '>': buf_puts(b, "&gt;"); break;
        case '"': buf_puts(b, "&quot;"); break;
        case '\'': buf_puts(b, "&apos;"); break;
        case '\t': buf_puts(b, tab); break;
        case '\n': buf_puts(b, nl); break;
        default: buf_putc(b, *s);
        }
    }
}

/* Text as WordprocessingML runs' content: tab and line feed as elements. */
static void xml_text(buf *b, const char *s)
{
    buf_puts(b, "<w:t xml:space=\"preserve\">");
    xml_escape(b, s, "</w:t><w:tab/><w:t xml:space=\"preserve\">", "</w:t><w:br/><w:t xml:space=\"preserve\">");
    buf_puts(b, "</w:t>");
}

/* An attribute value (the title in core.xml is element text: same escaping). */
static void xml_attr(buf *b, const char *s)
{
    xml_escape(b, s, " ", " ");
}

static void run_props(buf *b, const struct gkd_style_row *st, double pt, bool bold)
{
    const char *face = st->sans ? face_sans : st->pt > GKD_BODY_PT ? face_title : face_serif;
    buf_printf(b, "<w:rPr><w:rFonts w:ascii=\"%s\" w:hAnsi=\"%s\" w:eastAsia=\"%s\" w:hint=\"eastAsia\"/>", face,
               face, face);
    if (bold)
        buf_puts(b, "<w:b/>");
    if (st->red)
        buf_puts(b, "<w:color w:val=\"FF0000\"/>");
    buf_printf(b, "<w:sz w:val=\"%ld\"/><w:szCs w:val=\"%ld\"/></w:rPr>", TW(pt) / 10, TW(pt) / 10);
}

static void para(buf *b, const gkd_doc *d, int i)
{
    const struct gkd_block *k = &d->b[i];
    const struct gkd_style_row *st = &gkd_styles[k->style];
    double line = st->pt * 1.3 > GKD_LINE ? st->pt * 1.3 : GKD_LINE;
    buf_puts(b, "<w:p><w:pPr>");
    if (st->rule_below)
        buf_puts(b, "<w:pBdr><w:bottom w:val=\"single\" w:sz=\"12\" w:space=\"4\" w:color=\"FF0000\"/></w:pBdr>");
    buf_printf(b, "<w:spacing w:before=\"%ld\" w:after=\"0\" w:line=\"%ld\" w:lineRule=\"exact\"/>",
               TW(st->space_before * GKD_LINE), TW(line));
    double right = gkd_right_ch(d, i);
    buf_printf(b, "<w:ind w:left=\"0\" w:right=\"%ld\" w:firstLine=\"%ld\"/>", TW(right * GKD_BODY_PT),
               TW(st->indent_ch * GKD_BODY_PT));
    buf_printf(b, "<w:jc w:val=\"%s\"/>", st->align == GKD_CENTER ? "center" : st->align == GKD_RIGHT ? "right" : "both");
    buf_puts(b, "</w:pPr><w:r>");
    run_props(b, st, st->pt, st->bold);
    xml_text(b, k->text);
    buf_puts(b, "</w:r></w:p>");
}

/* The table starting at row i; returns the index after its last row. */
static int table(buf *b, const gkd_doc *d, int i)
{
    int ncols = d->b[i].ncols;
    long cw = TW(GKD_TEXT_W) / ncols;
    const struct gkd_style_row *st = &gkd_styles[GKD_BODY];
    buf_printf(b, "<w:tbl><w:tblPr><w:tblW w:w=\"%ld\" w:type=\"dxa\"/><w:tblBorders>", cw * ncols);
    static const char *const sides[] = {"top", "left", "bottom", "right", "insideH", "insideV"};
    for (size_t s = 0; s < sizeof sides / sizeof sides[0]; s++)
        buf_printf(b, "<w:%s w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"000000\"/>", sides[s]);
    buf_puts(b, "</w:tblBorders><w:tblLayout w:type=\"fixed\"/></w:tblPr><w:tblGrid>");
    for (int c = 0; c < ncols; c++)
        buf_printf(b, "<w:gridCol w:w=\"%ld\"/>", cw);
    buf_puts(b, "</w:tblGrid>");
    do {
        const struct gkd_block *r = &d->b[i];
        buf_puts(b, "<w:tr>");
        if (r->header)
            buf_puts(b, "<w:trPr><w:tblHeader/></w:trPr>");
        for (int c = 0; c < ncols; c++) {
            buf_printf(b, "<w:tc><w:tcPr><w:tcW w:w=\"%ld\" w:type=\"dxa\"/></w:tcPr><w:p><w:pPr>"
                          "<w:spacing w:before=\"0\" w:after=\"0\"/><w:jc w:val=\"%s\"/></w:pPr><w:r>",
                       cw, r->header ? "center" : "left");
            run_props(b, st, gkd_cell_pt(ncols), r->header);
            xml_text(b, r->cells[c]);
            buf_puts(b, "</w:r></w:p></w:tc>");
        }
        buf_puts(b, "</w:tr>");
        i++;
    } while (i < d->n && d->b[i].kind == GKD_B_ROW && !d->b[i].table_start);
    buf_puts(b, "</w:tbl>");
    return i;
}

static const char ns_w[] = "xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\" "
                           "xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\"";

static void document_xml(const gkd_doc *d, buf *b)
{
    buf_printf(b, "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<w:document %s><w:body>", ns_w);
    for (int i = 0; i < d->n;) {
        if (d->b[i].kind == GKD_B_PARA)
            para(b, d, i++);
        else
            i = table(b, d, i);
    }
    /* a body (and a table) must end with a paragraph */
    buf_puts(b, "<w:p/>");
    buf_printf(b, "<w:sectPr><w:footerReference w:type=\"default\" r:id=\"rIdFooter\"/>"
                  "<w:pgSz w:w=\"%ld\" w:h=\"%ld\"/>"
                  "<w:pgMar w:top=\"%ld\" w:right=\"%ld\" w:bottom=\"%ld\" w:left=\"%ld\" w:header=\"851\" "
                  "w:footer=\"%ld\" w:gutter=\"0\"/><w:docGrid w:type=\"lines\" w:linePitch=\"%ld\"/></w:sectPr>",
               TW(GKD_PAGE_W), TW(GKD_PAGE_H), TW(GKD_TOP), TW(GKD_PAGE_W - GKD_LEFT - GKD_TEXT_W),
               TW(GKD_PAGE_H - GKD_TOP - GKD_TEXT_H), TW(GKD_LEFT), TW(GKD_MM(28.0) - GKD_FOOT_PT),
               TW(GKD_LINE));
    buf_puts(b, "</w:body></w:document>");
}

/* The footer: "— N —", the page number a PAGE field (GB/T 9704-2012 §7.5 页码). */
static void footer_xml(buf *b)
{
    static const char *const runs[] = {
        "<w:t xml:space=\"preserve\">— </w:t>", "<w:fldChar w:fldCharType=\"begin\"/>",
        "<w:instrText xml:space=\"preserve\"> PAGE </w:instrText>", "<w:fldChar w:fldCharType=\"separate\"/>",
        "<w:t>1</w:t>", "<w:fldChar w:fldCharType=\"end\"/>", "<w:t xml:space=\"preserve\"> —</w:t>",
    };
    const struct gkd_style_row st = {GKD_FOOT_PT, false, false, false, GKD_CENTER, 0, 0, 0, false};
    buf_printf(b, "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<w:ftr %s><w:p><w:pPr>"
                  "<w:jc w:val=\"center\"/></w:pPr>", ns_w);
    for (size_t i = 0; i < sizeof runs / sizeof runs[0]; i++) {
        buf_puts(b, "<w:r>");
        run_props(b, &st, GKD_FOOT_PT, false);
        buf_puts(b, runs[i]);
        buf_puts(b, "</w:r>");
    }
    buf_puts(b, "</w:p></w:ftr>");
}

static void core_xml(const gkd_doc *d, buf *b)
{
    buf_puts(b, "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<cp:coreProperties "
                "xmlns:cp=\"http://schemas.openxmlformats.org/package/2006/metadata/core-properties\" "
                "xmlns:dc=\"http://purl.org/dc/elements/1.1/\"><dc:title>");
    xml_attr(b, d->title ? d->title : "");
    buf_puts(b, "</dc:title><dc:creator>gongkai</dc:creator></cp:coreProperties>");
}

static const char content_types[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
    "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
    "<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
    "<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
    "<Override PartName=\"/word/document.xml\" "
    "ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/>"
    "<Override PartName=\"/word/footer1.xml\" "
    "ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml\"/>"
    "<Override PartName=\"/docProps/core.xml\" "
    "ContentType=\"application/vnd.openxmlformats-package.core-properties+xml\"/></Types>";
static const char package_rels[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
    "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
    "<Relationship Id=\"rId1\" "
    "Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" "
    "Target=\"word/document.xml\"/>"
    "<Relationship Id=\"rId2\" "
    "Type=\"http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties\" "
    "Target=\"docProps/core.xml\"/></Relationships>";
static const char document_rels[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
    "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
    "<Relationship Id=\"rIdFooter\" "
    "Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer\" "
    "Target=\"footer1.xml\"/></Relationships>";

/* Adds name with a copy of data[0..n) to z (libzip frees the copy). */
static int add_part(zip_t *z, const char *name, const char *data, size_t n, err *e)
{
    void *copy = xmalloc(n ? n : 1);
    memcpy(copy, data, n);
    zip_source_t *s = zip_source_buffer(z, copy, n, 1);
    if (!s) {
        free(copy);
        return err_set(e, GK_EIO, "docgen", "libzip: %s", zip_strerror(z));
    }
    if (zip_file_add(z, name, s, ZIP_FL_ENC_UTF_8) < 0) {
        zip_source_free(s);
        return err_set(e, GK_EIO, "docgen", "libzip: %s: %s", name, zip_strerror(z));
    }
    return 0;
}

int gkd_docx(const gkd_doc *d, buf *out, err *e)
{
    struct zipmem m;
    char why[160];
    if (zipmem_open(&m, NULL, 0, why, sizeof why))
        return err_set(e, GK_EIO, "docgen", "libzip: %s", why);
    zip_t *z = m.z;
    buf doc, foot, core;
    buf_init(&doc);
    buf_init(&foot);
    buf_init(&core);
    document_xml(d, &doc);
    footer_xml(&foot);
    core_xml(d, &core);
    /* [Content_Types].xml first, as Office writes it */
    int rc = add_part(z, "[Content_Types].xml", content_types, sizeof content_types - 1, e);
    if (!rc)
        rc = add_part(z, "_rels/.rels", package_rels, sizeof package_rels - 1, e);
    if (!rc)
        rc = add_part(z, "docProps/core.xml", core.data, core.len, e);
    if (!rc)
        rc = add_part(z, "word/_rels/document.xml.rels", document_rels, sizeof document_rels - 1, e);
    if (!rc)
        rc = add_part(z, "word/document.xml", doc.data, doc.len, e);
    if (!rc)
        rc = add_part(z, "word/footer1.xml", foot.data, foot.len, e);
    buf_free(&doc);
    buf_free(&foot);
    buf_free(&core);
    enum zipmem_result k = zipmem_finish(&m, rc != 0, out, why, sizeof why);
    if (rc)
        return rc;
    if (k == ZIPMEM_WRITE)
        return err_set(e, GK_EIO, "docgen", "libzip: %s", why);
    if (k == ZIPMEM_READ)
        return err_set(e, GK_EIO, "docgen", "libzip: the archive written cannot be read back");
    return 0;
}
