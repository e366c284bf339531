/* Test files for src/files (see files_fixtures.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <xlsxwriter.h>
#include <zip.h>

#include "docgen/docgen.h"
#include "files_fixtures.h"

/* ID numbers with their GB 11643 check digits (so that screening knows them). */
const char *const fx_names[FX_NPEOPLE] = {"张三明", "欧阳小明", "李四"};
const char *const fx_ids[FX_NPEOPLE] = {"41282219900101123X", "412822198503150024", "412822197812240010"};
const char *const fx_phones[FX_NPEOPLE] = {"13812345678", "15900001111", "18637612345"};
const char *const fx_streets[FX_NPEOPLE] = {"3组18号", "5组2号", "东街9号"};

static const char *const villages[FX_NPEOPLE] = {"河南省驻马店市确山县竹沟镇竹沟村", "河南省驻马店市确山县竹沟镇肖庄村",
                                                 "河南省驻马店市确山县竹沟镇竹沟社区"};

static int slurp(const char *path, buf *out)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return -1;
    buf_reset(out);
    char tmp[8192];
    size_t got;
    while ((got = fread(tmp, 1, sizeof tmp, f)) > 0)
        buf_append(out, tmp, got);
    fclose(f);
    return 0;
}

int fx_xlsx_list(const char *dir, buf *out)
{
    char path[512];
    snprintf(path, sizeof path, "%s/fx-list-%d.xlsx", dir, (int)getpid());
    lxw_workbook *wb = workbook_new(path);
    if (!wb)
        return -1;
    lxw_worksheet *ws = workbook_add_worksheet(wb, "名单");
    worksheet_write_string(ws, 0, 0, "2026年11月竹沟镇城乡低保对象名单公示", NULL);
    static const char *const head[] = {"序号", "姓名", "身份证号", "联系电话", "家庭住址", "保障人数", "月保障金（元）"};
    for (int c = 0; c < 7; c++)
        worksheet_write_string(ws, 2, (lxw_col_t)c, head[c], NULL);
    for (int i = 0; i < FX_NPEOPLE; i++) {
        char addr[256];
        snprintf(addr, sizeof addr, "%s%s", villages[i], fx_streets[i]);
        lxw_row_t r = (lxw_row_t)(3 + i);
        worksheet_write_number(ws, r, 0, i + 1, NULL);
        worksheet_write_string(ws, r, 1, fx_names[i], NULL);
        worksheet_write_string(ws, r, 2, fx_ids[i], NULL);
        if (i == 0)   /* a mobile number typed as a number, as people do */
            worksheet_write_number(ws, r, 3, 13812345678.0, NULL);
        else
            worksheet_write_string(ws, r, 3, fx_phones[i], NULL);
        worksheet_write_string(ws, r, 4, addr, NULL);
        worksheet_write_number(ws, r, 5, 2 + i, NULL);
        worksheet_write_number(ws, r, 6, 660 + 100 * i, NULL);
    }
    worksheet_write_string(ws, 7, 0, "监督电话：0396-7012345", NULL);
    lxw_worksheet *ws2 = workbook_add_worksheet(wb, "备注");
    char note[512];
    snprintf(note, sizeof note, "户主：%s，身份证号%s，住址：%s%s", fx_names[2], fx_ids[2], villages[2], fx_streets[2]);
    worksheet_write_string(ws2, 0, 0, note, NULL);
    if (workbook_close(wb) != LXW_NO_ERROR)
        return -1;
    int rc = slurp(path, out);
    remove(path);
    return rc;
}

int fx_zip(const char *const *names, const char *const *texts, const size_t *lens, int n, buf *out)
{
    zip_error_t ze;
    zip_error_init(&ze);
    zip_source_t *src = zip_source_buffer_create(NULL, 0, 0, &ze);
    zip_t *z = src ? zip_open_from_source(src, ZIP_TRUNCATE, &ze) : NULL;
    zip_error_fini(&ze);
    if (!z)
        return -1;
    zip_source_keep(src);
    for (int i = 0; i < n; i++) {
        size_t len = lens ? lens[i] : strlen(texts[i]);
        zip_source_t *s = zip_source_buffer(z, texts[i], len, 0);
        if (!s || zip_file_add(z, names[i], s, ZIP_FL_ENC_UTF_8) < 0)
            return -1;
    }
    if (zip_close(z) != 0)
        return -1;
    zip_stat_t st;
    zip_stat_init(&st);
    if (zip_source_stat(src, &st) != 0 || zip_source_open(src) != 0)
        return -1;
    buf_reset(out);
    buf_reserve(out, (size_t)st.size + 1);
    zip_int64_t got = zip_source_read(src, out->data, st.size);
    zip_source_close(src);
    zip_source_free(src);
    if (got < 0)
        return -1;
    out->len = (size_t)got;
    out->data[out->len] = 0;
    return 0;
}

static const char docx_types[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>"
    "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
    "<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
    "<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
    "<Override PartName=\"/word/document.xml\" "
    "ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/>"
    "</Types>";
static const char docx_rels[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>"
    "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
    "<Relationship Id=\"rId1\" "
    "Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" "
    "Target=\"word/document.xml\"/></Relationships>";

static void w_p(buf *b, const char *text)
{
    buf_puts(b, "<w:p><w:r><w:t xml:space=\"preserve\">");
    buf_html(b, text);
    buf_puts(b, "</w:t></w:r></w:p>");
}

static void w_tc(buf *b, const char *text)
{
    buf_puts(b, "<w:tc><w:tcPr><w:tcW w:w=\"1500\" w:type=\"dxa\"/></w:tcPr>");
    w_p(b, text);
    buf_puts(b, "</w:tc>");
}

int fx_docx_list(buf *out)
{
    buf d;
    buf_init(&d);
    buf_puts(&d, "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>"
                 "<w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body>");
    w_p(&d, "2026年11月竹沟镇特困供养人员名单公示");
    buf_puts(&d, "<w:tbl><w:tblPr><w:tblW w:w=\"0\" w:type=\"auto\"/></w:tblPr>"
                 "<w:tblGrid><w:gridCol w:w=\"1500\"/><w:gridCol w:w=\"1500\"/><w:gridCol w:w=\"1500\"/>"
                 "<w:gridCol w:w=\"1500\"/><w:gridCol w:w=\"1500\"/></w:tblGrid><w:tr>");
    static const char *const head[] = {"序号", "姓名", "身份证号码", "手机号码", "居住地址"};
    for (int c = 0; c < 5; c++)
        w_tc(&d, head[c]);
    buf_puts(&d, "</w:tr>");
    for (int i = 0; i < FX_NPEOPLE; i++) {
        char n[8], addr[256];
        snprintf(n, sizeof n, "%d", i + 1);
        snprintf(addr, sizeof addr, "%s%s", villages[i], fx_streets[i]);
        buf_puts(&d, "<w:tr>");
        w_tc(&d, n);
        if (i == 1) {   /* a name split over two runs, as Word does after an edit */
            buf_puts(&d, "<w:tc><w:p><w:r><w:t>欧阳</w:t></w:r><w:r><w:rPr><w:b/></w:rPr><w:t>小明</w:t></w:r></w:p></w:tc>");
        } else {
            w_tc(&d, fx_names[i]);
        }
        w_tc(&d, fx_ids[i]);
        w_tc(&d, fx_phones[i]);
        w_tc(&d, addr);
        buf_puts(&d, "</w:tr>");
    }
    buf_puts(&d, "</w:tbl>");
    char line[512];
    snprintf(line, sizeof line, "户主：%s，身份证号%s，手机%s，住址：%s%s。", fx_names[2], fx_ids[2], fx_phones[2],
             villages[2], fx_streets[2]);
    w_p(&d, line);
    /* a tracked deletion still holding a name */
    buf_puts(&d, "<w:p><w:del w:id=\"1\" w:author=\"a\"><w:r><w:delText>");
    buf_puts(&d, fx_names[0]);
    buf_puts(&d, "</w:delText></w:r></w:del><w:r><w:t>公示期7天，监督电话：0396-7012345。</w:t></w:r></w:p>");
    buf_puts(&d, "<w:sectPr/></w:body></w:document>");
    const char *names[] = {"[Content_Types].xml", "_rels/.rels", "word/document.xml"};
    const char *texts[] = {docx_types, docx_rels, d.data};
    int rc = fx_zip(names, texts, NULL, 3, out);
    buf_free(&d);
    return rc;
}

void fx_html_list(buf *out)
{
    buf_reset(out);
    buf_puts(out, "<!DOCTYPE html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>低保名单</title></head><body>"
                  "<h1>2026年11月竹沟镇城乡低保对象名单公示</h1><table border=\"1\"><tr><th>姓名</th><th>身份证号</th>"
                  "<th>联系电话</th><th>家庭住址</th></tr>");
    for (int i = 0; i < FX_NPEOPLE; i++)
        buf_printf(out, "<tr><td>%s</td><td>%s</td><td>%s</td><td>%s%s</td></tr>", fx_names[i], fx_ids[i], fx_phones[i],
                   villages[i], fx_streets[i]);
    buf_puts(out, "</table></body></html>\n");
}

void fx_csv_list(buf *out)
{
    buf_reset(out);
    buf_puts(out, "序号,姓名,身份证号,联系电话,家庭住址,备注\r\n");
    for (int i = 0; i < FX_NPEOPLE; i++)
        buf_printf(out, "%d,%s,%s,%s,\"%s%s\",\"新增,第%d户\"\r\n", i + 1, fx_names[i], fx_ids[i], fx_phones[i], villages[i],
                   fx_streets[i], i + 1);
}

/* A one-page PDF that shows a 2×2 grey image and holds no text: what a
 * scanner makes. Offsets in the xref table are counted as it is written. */
void fx_pdf_image_only(buf *out)
{
    static const char *const objs[] = {
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /XObject << /Im1 4 0 R >> >> "
        "/Contents 5 0 R >>",
        "<< /Type /XObject /Subtype /Image /Width 2 /Height 2 /ColorSpace /DeviceGray /BitsPerComponent 8 "
        "/Length 4 >>\nstream\n\x40\x80\xC0\xF0\nendstream",
        "<< /Length 33 >>\nstream\nq 500 0 0 700 50 70 cm /Im1 Do Q\nendstream",
    };
    size_t off[6];
    buf_reset(out);
    buf_puts(out, "%PDF-1.4\n");
    for (int i = 0; i < 5; i++) {
        off[i] = out->len;
        buf_printf(out, "%d 0 obj\n%s\nendobj\n", i + 1, objs[i]);
    }
    size_t xref = out->len;
    buf_puts(out, "xref\n0 6\n0000000000 65535 f \n");
    for (int i = 0; i < 5; i++)
        buf_printf(out, "%010zu 00000 n \n", off[i]);
    buf_printf(out, "trailer\n<< /Size 6 /Root 1 0 R >>\nstartxref\n%zu\n%%%%EOF\n", xref);
}

int fx_xlsx_bomb(size_t inflated, buf *out)
{
    char *sheet = malloc(inflated + 256);
    if (!sheet)
        return -1;
    int k = snprintf(sheet, 256, "<?xml version=\"1.0\"?><worksheet><sheetData>");
    memset(sheet + k, ' ', inflated);
    strcpy(sheet + k + inflated, "</sheetData></worksheet>");
    const char *names[] = {"[Content_Types].xml", "xl/workbook.xml", "xl/worksheets/sheet1.xml"};
    const char *texts[] = {"<Types/>", "<workbook/>", sheet};
    size_t lens[] = {8, 11, strlen(sheet)};
    int rc = fx_zip(names, texts, lens, 3, out);
    free(sheet);
    return rc;
}

int fx_pdf_text(buf *out)
{
    gkd_doc *d = gkd_new("答复材料");
    err e = {0};
    char line[256];
    snprintf(line, sizeof line, "申请人：%s，身份证号%s，手机%s。", fx_names[0], fx_ids[0], fx_phones[0]);
    int rc = gkd_para(d, GKD_TITLE, "关于补助发放情况的说明", &e) || gkd_para(d, GKD_BODY, line, &e) ||
             gkd_para(d, GKD_BODY, "监督电话：0396-7012345。", &e) || gkd_render(d, GKD_PDF, out, &e);
    gkd_free(d);
    return rc ? -1 : 0;
}
