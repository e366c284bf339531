/* Test helper for tests/e2e/attach.sh.
 *   mkattach DIR        writes the fixtures of tests/unit/files_fixtures.h into DIR:
 *                       list.xlsx list.docx list.html list.csv scan.pdf text.pdf bomb.xlsx
 *                       bad.xlsx bad.docx bad.pdf bad.csv bad.odt secret.docx
 *   mkattach --text FILE  prints the text gongkai reads from FILE (src/files),
 *                       and "kind state note" on stderr; exit 1 when refused. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "files/files.h"
#include "files_fixtures.h"

static int put(const char *dir, const char *name, const buf *b)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "wb");
    if (!f || fwrite(b->data ? b->data : "", 1, b->len, f) != b->len || fclose(f) != 0) {
        fprintf(stderr, "mkattach: cannot write %s\n", path);
        return 1;
    }
    return 0;
}

static int put_s(const char *dir, const char *name, const char *s)
{
    buf b;
    buf_init(&b);
    buf_puts(&b, s);
    int rc = put(dir, name, &b);
    buf_free(&b);
    return rc;
}

int main(int argc, char **argv)
{
    if (argc == 3 && strcmp(argv[1], "--text") == 0) {
        buf in, text;
        buf_init(&in);
        buf_init(&text);
        err e = {0};
        if (file_read_all(argv[2], FILES_MAX_INPUT, &in, &e)) {
            fprintf(stderr, "mkattach: %s\n", e.msg);
            return 1;
        }
        struct files_info fi;
        int rc = files_text(argv[2], in.data ? in.data : "", in.len, &text, &fi, &e);
        if (rc)
            fprintf(stderr, "refused: %s\n", e.msg);
        else
            fprintf(stderr, "%s %s %s\n", files_kind_key(fi.kind), files_state_key(fi.state), fi.note);
        fwrite(text.data ? text.data : "", 1, text.len, stdout);
        buf_free(&in);
        buf_free(&text);
        return rc ? 1 : 0;
    }
    if (argc != 2) {
        fprintf(stderr, "usage: mkattach DIR | mkattach --text FILE\n");
        return 2;
    }
    const char *dir = argv[1];
    buf b;
    buf_init(&b);
    int rc = 0;
    rc |= fx_xlsx_list(dir, &b) || put(dir, "list.xlsx", &b);
    b.len /= 2;
    rc |= put(dir, "bad.xlsx", &b);
    rc |= fx_docx_list(&b) || put(dir, "list.docx", &b);
    fx_html_list(&b);
    rc |= put(dir, "list.html", &b);
    fx_csv_list(&b);
    rc |= put(dir, "list.csv", &b);
    fx_pdf_image_only(&b);
    rc |= put(dir, "scan.pdf", &b);
    rc |= fx_pdf_text(&b) || put(dir, "text.pdf", &b);
    rc |= fx_xlsx_bomb(8u << 20, &b) || put(dir, "bomb.xlsx", &b);
    const char *dn[] = {"[Content_Types].xml", "word/document.xml"};
    const char *dt[] = {"<Types/>", "<w:document><w:body><w:p>未闭合"};
    rc |= fx_zip(dn, dt, NULL, 2, &b) || put(dir, "bad.docx", &b);
    const char *on[] = {"mimetype"};
    const char *ot[] = {"application/vnd.oasis.opendocument.text"};
    rc |= fx_zip(on, ot, NULL, 1, &b) || put(dir, "bad.odt", &b);
    const char *sn[] = {"[Content_Types].xml", "word/document.xml"};
    const char *st[] = {"<Types/>", "<w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\">"
                                    "<w:body><w:p><w:r><w:t>此件为内部资料，不得外传。</w:t></w:r></w:p></w:body></w:document>"};
    rc |= fx_zip(sn, st, NULL, 2, &b) || put(dir, "secret.docx", &b);
    rc |= put_s(dir, "bad.pdf", "%PDF-1.4\nnothing here at all\n");
    rc |= put_s(dir, "bad.csv", "姓名,身份证号\n\"李四\"x,1\n");
    buf_free(&b);
    return rc ? 1 : 0;
}
