/* Unit tests for files (src/files): the text of every format read, what is
 * unread said so, damaged files and zip bombs refused with the place, masked
 * copies of recipient lists that read back with no name, ID number, phone
 * number or street left, and screening of attachment text. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "files/files.h"
#include "files_fixtures.h"

static const char *tmpdir(void)
{
    const char *t = getenv("TMPDIR");
    return t && *t ? t : "/tmp";
}

/* ---- fixtures by name ---- */

static void fx_odf(const char *mime, const char *content, buf *out)
{
    const char *names[] = {"mimetype", "content.xml"};
    const char *texts[] = {mime, content};
    assert_int_equal(fx_zip(names, texts, NULL, content ? 2 : 1, out), 0);
}

static const char odt_content[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?><office:document-content "
    "xmlns:office=\"urn:oasis:names:tc:opendocument:xmlns:office:1.0\" "
    "xmlns:text=\"urn:oasis:names:tc:opendocument:xmlns:text:1.0\"><office:body><office:text>"
    "<text:h>通知</text:h><text:p>联系人王某<text:s/>身份证号41282219900101123X</text:p>"
    "</office:text></office:body></office:document-content>";
static const char ods_content[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?><office:document-content "
    "xmlns:office=\"urn:oasis:names:tc:opendocument:xmlns:office:1.0\" "
    "xmlns:table=\"urn:oasis:names:tc:opendocument:xmlns:table:1.0\" "
    "xmlns:text=\"urn:oasis:names:tc:opendocument:xmlns:text:1.0\"><office:body><office:spreadsheet>"
    "<table:table><table:table-row><table:table-cell><text:p>姓名</text:p></table:table-cell>"
    "<table:table-cell><text:p>电话</text:p></table:table-cell></table:table-row>"
    "<table:table-row><table:table-cell><text:p>李四</text:p></table:table-cell>"
    "<table:table-cell><text:p>18637612345</text:p></table:table-cell></table:table-row>"
    "</table:table></office:spreadsheet></office:body></office:document-content>";

/* The named fixture (the test table names them). */
static void fixture(const char *which, buf *out)
{
    buf_reset(out);
    if (strcmp(which, "xlsx") == 0)
        assert_int_equal(fx_xlsx_list(tmpdir(), out), 0);
    else if (strcmp(which, "docx") == 0)
        assert_int_equal(fx_docx_list(out), 0);
    else if (strcmp(which, "html") == 0)
        fx_html_list(out);
    else if (strcmp(which, "csv") == 0)
        fx_csv_list(out);
    else if (strcmp(which, "scan") == 0)
        fx_pdf_image_only(out);
    else if (strcmp(which, "odt") == 0)
        fx_odf("application/vnd.oasis.opendocument.text", odt_content, out);
    else if (strcmp(which, "ods") == 0)
        fx_odf("application/vnd.oasis.opendocument.spreadsheet", ods_content, out);
    else if (strcmp(which, "odt-nocontent") == 0)
        fx_odf("application/vnd.oasis.opendocument.text", NULL, out);
    else if (strcmp(which, "bomb") == 0)
        assert_int_equal(fx_xlsx_bomb(8u << 20, out), 0);
    else if (strcmp(which, "xlsx-half") == 0) {
        assert_int_equal(fx_xlsx_list(tmpdir(), out), 0);
        out->len /= 2;
    } else if (strcmp(which, "docx-badxml") == 0 || strcmp(which, "docx-dtd") == 0) {
        const char *names[] = {"[Content_Types].xml", "word/document.xml"};
        const char *texts[] = {"<Types/>", which[5] == 'b' ? "<w:document><w:body><w:p>未闭合"
                                                         : "<!DOCTYPE d [<!ENTITY a \"aaaa\">]><d>&a;</d>"};
        assert_int_equal(fx_zip(names, texts, NULL, 2, out), 0);
    } else if (strcmp(which, "zip-other") == 0) {
        const char *names[] = {"photo1.jpg"};
        const char *texts[] = {"\xFF\xD8\xFF not really"};
        assert_int_equal(fx_zip(names, texts, NULL, 1, out), 0);
    } else if (strcmp(which, "pdf-text") == 0) {
        assert_int_equal(fx_pdf_text(out), 0);
    } else
        buf_puts(out, which);   /* the bytes themselves */
}

/* ---- reading ---- */

static void test_text_formats(void **state)
{
    (void)state;
    static const struct {
        const char *name, *fixture;
        const char *kind, *state;
        const char *has[3];       /* in the text (or, when unread, in the note) */
    } cases[] = {
        {"名单.xlsx", "xlsx", "xlsx", "read", {"张三明\t41282219900101123X\t13812345678", "欧阳小明", "户主：李四"}},
        {"名单.docx", "docx", "docx", "read", {"欧阳小明\t412822198503150024", "户主：李四", "张三明公示期"}},
        {"名单.csv", "csv", "csv", "read", {"李四\t412822197812240010\t18637612345", "新增,第3户", NULL}},
        {"名单.html", "html", "html", "read", {"欧阳小明", "412822198503150024", NULL}},
        {"通知.odt", "odt", "odt", "read", {"联系人王某 身份证号41282219900101123X", "通知", NULL}},
        {"名单.ods", "ods", "ods", "read", {"李四\t18637612345", NULL, NULL}},
        {"扫描件.pdf", "scan", "pdf", "unread", {"第 1 页没有文字层", NULL, NULL}},
        {"photo.png", "\x89PNG\r\n\x1a\n\x01\x02\x03\xff", "other", "unread", {"不是文字文件", NULL, NULL}},
        {"旧文件.doc", "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1\x01\x02", "legacy", "unread", {"旧版二进制格式", NULL, NULL}},
        {"照片.zip", "zip-other", "other", "unread", {"压缩包", NULL, NULL}},
        /* GB18030, as Excel saves CSV on Chinese Windows: 姓名：张三 */
        {"gbk.txt", "\xD0\xD5\xC3\xFB\xA3\xBA\xD5\xC5\xC8\xFD", "txt", "read", {"姓名：张三", NULL, NULL}},
        {"说明.txt", "\xEF\xBB\xBF纯文本", "txt", "read", {"纯文本", NULL, NULL}},
        {"noext", "<!DOCTYPE html><p>网页</p>", "html", "read", {"网页", NULL, NULL}},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        buf in, text;
        buf_init(&in);
        buf_init(&text);
        fixture(cases[i].fixture, &in);
        struct files_info fi;
        err e = {0};
        if (files_text(cases[i].name, in.data, in.len, &text, &fi, &e))
            fail_msg("%s: refused: %s", cases[i].name, e.msg);
        assert_string_equal(files_kind_key(fi.kind), cases[i].kind);
        assert_string_equal(files_state_key(fi.state), cases[i].state);
        bool unread = fi.state == FILES_UNREAD;
        if (unread)
            assert_int_equal(text.len, 0);
        for (int k = 0; k < 3 && cases[i].has[k]; k++)
            if (!strstr(unread ? fi.note : text.data, cases[i].has[k]))
                fail_msg("%s: '%s' not in: %s", cases[i].name, cases[i].has[k], unread ? fi.note : text.data);
        buf_free(&in);
        buf_free(&text);
    }
}

/* Damaged files, zip bombs and files that are not what their name says:
 * refused with a message naming the file and the place. */
static void test_refused(void **state)
{
    (void)state;
    static const struct { const char *name, *fixture, *msg; } cases[] = {
        {"bomb.xlsx", "bomb", "inflates more than 200 times its compressed size (a zip bomb?)"},
        {"half.xlsx", "xlsx-half", "not a readable zip package"},
        {"fake.xlsx", "just some text", "not a readable zip package"},
        {"other.xlsx", "docx", "named .xlsx but the package holds no xlsx document"},
        {"bad.docx", "docx-badxml", "part word/document.xml is not well-formed XML"},
        {"dtd.docx", "docx-dtd", "part word/document.xml declares a DTD"},
        {"bad.pdf", "%PDF-1.4\nnothing here at all\n", "not a PDF that can be read"},
        {"fake.pdf", "plain text", "named .pdf but it does not start as a PDF"},
        {"bad.odt", "odt-nocontent", "part content.xml is missing"},
        {"bad.ods", "ods-missing", "not a readable zip package"},
        {"bad.csv", "a,b\n\"c\"x,d\n", "line 2: text after the closing quote"},
        {"enc.csv", "\x81\x30\xFF\xFF", "neither UTF-8 nor GB18030"},
        {"bad.txt", "\xFF\xFF\xFF", "neither UTF-8 nor GB18030"},
        {"bad.html", "<p>\xFF\xFF</p>", "neither UTF-8 nor GB18030"},
        {"nul.txt", "", NULL},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        if (!cases[i].msg)
            continue;
        buf in, text;
        buf_init(&in);
        buf_init(&text);
        fixture(cases[i].fixture, &in);
        struct files_info fi;
        err e = {0};
        int rc = files_text(cases[i].name, in.data, in.len, &text, &fi, &e);
        if (rc != GK_EINVAL)
            fail_msg("%s: not refused (rc %d, state %s)", cases[i].name, rc, files_state_key(fi.state));
        assert_string_equal(e.where, cases[i].name);
        if (!strstr(e.msg, cases[i].msg))
            fail_msg("%s: '%s' not in: %s", cases[i].name, cases[i].msg, e.msg);
        buf_free(&in);
        buf_free(&text);
    }
    /* a NUL in a text file */
    buf text;
    buf_init(&text);
    struct files_info fi;
    err e = {0};
    assert_int_equal(files_text("nul.txt", "ab\0cd", 5, &text, &fi, &e), GK_EINVAL);
    assert_non_null(strstr(e.msg, "NUL byte at character offset 2"));
    /* over the input limit, before anything is read */
    assert_int_equal(files_text("big.txt", "x", (size_t)FILES_MAX_INPUT + 1, &text, &fi, &e), GK_EINVAL);
    assert_non_null(strstr(e.msg, "more than 64 MB"));
    buf_free(&text);
}

/* ---- masking ---- */

static void test_mask_lists(void **state)
{
    (void)state;
    static const struct {
        const char *name, *fixture;
        const char *has[4];       /* in the text of the masked copy */
    } cases[] = {
        {"名单.xlsx", "xlsx", {"张*明\t4128**********123X\t\t河南省驻马店市确山县竹沟镇竹沟村", "欧阳*明", "住址（至村、社区）",
                               "监督电话：0396-7012345"}},
        {"名单.docx", "docx", {"欧阳*明\t4128**********0024\t\t河南省驻马店市确山县竹沟镇肖庄村", "户主：李*", "住址（至村、社区）",
                               "监督电话：0396-7012345"}},
        {"名单.csv", "csv", {"张*明\t4128**********123X\t\t河南省驻马店市确山县竹沟镇竹沟村", "新增,第3户", NULL, NULL}},
        {"名单.txt", "姓名\t身份证号\t电话\n李四\t412822197812240010\t18637612345\n", {"李*\t4128**********0010", NULL, NULL, NULL}},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        buf in, out, text;
        buf_init(&in);
        buf_init(&out);
        buf_init(&text);
        fixture(cases[i].fixture, &in);
        struct files_info fi;
        err e = {0};
        if (files_mask(cases[i].name, in.data, in.len, &out, &fi, &e))
            fail_msg("%s: not masked: %s", cases[i].name, e.msg);
        assert_string_equal(files_state_key(fi.state), "masked");
        assert_true(fi.mask.names >= 1);
        /* the copy reads back as the same kind of file */
        struct files_info back;
        if (files_text(cases[i].name, out.data, out.len, &text, &back, &e))
            fail_msg("%s: the masked copy does not read back: %s", cases[i].name, e.msg);
        assert_int_equal(back.kind, fi.kind);
        for (int p = 0; p < FX_NPEOPLE; p++) {
            const char *gone[] = {fx_names[p], fx_ids[p], fx_phones[p], fx_streets[p]};
            for (int g = 0; g < 4; g++)
                if (strstr(text.data, gone[g]) || memmem(out.data, out.len, gone[g], strlen(gone[g])))
                    fail_msg("%s: '%s' is still in the masked copy:\n%s", cases[i].name, gone[g], text.data);
        }
        for (int k = 0; k < 4 && cases[i].has[k]; k++)
            if (!strstr(text.data, cases[i].has[k]))
                fail_msg("%s: '%s' not in the masked copy:\n%s", cases[i].name, cases[i].has[k], text.data);
        /* masking the copy again changes nothing */
        buf again;
        buf_init(&again);
        struct files_info fi2;
        assert_int_equal(files_mask(cases[i].name, out.data, out.len, &again, &fi2, &e), 0);
        buf t2;
        buf_init(&t2);
        assert_int_equal(files_text(cases[i].name, again.data, again.len, &t2, &back, &e), 0);
        assert_string_equal(t2.data, text.data);
        buf_free(&t2);
        buf_free(&again);
        buf_free(&in);
        buf_free(&out);
        buf_free(&text);
    }
}

static void test_mask_refuses_what_it_cannot_mask(void **state)
{
    (void)state;
    static const struct { const char *name, *fixture, *msg; } cases[] = {
        {"名单.html", "html", "cannot mask a file of this kind (html)"},
        {"扫描件.pdf", "scan", "cannot mask a file of this kind (pdf)"},
        {"名单.ods", "ods", "cannot mask a file of this kind (ods)"},
        {"bomb.xlsx", "bomb", "zip bomb"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        buf in, out;
        buf_init(&in);
        buf_init(&out);
        fixture(cases[i].fixture, &in);
        struct files_info fi;
        err e = {0};
        assert_int_equal(files_mask(cases[i].name, in.data, in.len, &out, &fi, &e), GK_EINVAL);
        if (!strstr(e.msg, cases[i].msg))
            fail_msg("%s: '%s' not in: %s", cases[i].name, cases[i].msg, e.msg);
        buf_free(&in);
        buf_free(&out);
    }
}

/* ---- screening covers attachment text ---- */

static void test_screen_attachment_text(void **state)
{
    (void)state;
    doc_words *w;
    err e = {0};
    size_t nw;
    const char *words = doc_words_default_text(&nw);
    assert_int_equal(doc_words_load(words, nw, &w, &e), 0);
    static const struct { const char *name, *fixture, *found; } cases[] = {
        {"名单.xlsx", "xlsx", "41282219900101123X"},
        {"名单.docx", "docx", "412822198503150024"},
        {"通知.odt", "odt", "41282219900101123X"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        buf in, text;
        buf_init(&in);
        buf_init(&text);
        fixture(cases[i].fixture, &in);
        struct files_info fi;
        assert_int_equal(files_text(cases[i].name, in.data, in.len, &text, &fi, &e), 0);
        struct doc_hit *h;
        size_t n;
        doc_screen(text.data, text.len, w, &h, &n);
        bool found = false;
        for (size_t k = 0; k < n; k++)
            found |= h[k].kind == DOC_HIT_ID && strcmp(h[k].match, cases[i].found) == 0;
        if (!found)
            fail_msg("%s: ID %s not a screening hit (%zu hits)", cases[i].name, cases[i].found, n);
        free(h);
        buf_free(&in);
        buf_free(&text);
    }
    doc_words_free(w);
}

/* ---- released files online (release.c) ---- */

static void test_release_copy(void **state)
{
    (void)state;
    static const struct {
        const char *name, *fixture;
        const char *copy;         /* the copy's name; NULL: not served */
        const char *has[2];       /* in the copy's text, or in the reason */
    } cases[] = {
        {"名单.docx", "docx", "名单.docx", {"4128**********0024", "监督电话：0396-7012345"}},
        {"名单.xlsx", "xlsx", "名单.xlsx", {"4128**********123X", NULL}},
        {"名单.csv", "csv", "名单.csv", {"4128**********0010", NULL}},
        {"说明.txt", "联系人：王某，身份证号41282219900101123X，手机13812345678，监督电话0396-7012345。",
         "说明.txt", {"4128**********123X", "0396-7012345"}},
        {"材料.pdf", "pdf-text", "材料（脱敏文本）.pdf", {"4128**********123X", "监督电话：0396-7012345"}},
        {"名单.html", "html", "名单（脱敏文本）.pdf", {"4128**********0024", NULL}},
        {"通知.odt", "odt", "通知（脱敏文本）.pdf", {"4128**********123X", NULL}},
        {"扫描件.pdf", "scan", NULL, {"第 1 页没有文字层", NULL}},
        {"旧文件.doc", "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1\x01\x02", NULL, {"旧版二进制格式", NULL}},
        {"photo.png", "\x89PNG\r\n\x1a\n\x01\x02\x03\xff", NULL, {"不是文字文件", NULL}},
        {"bad.docx", "docx-badxml", NULL, {"已损坏", NULL}},
        {"bomb.xlsx", "bomb", NULL, {"已损坏", NULL}},
        /* masking leaves a bank card number; screening the copy finds it */
        {"账户.txt", "补助发放账户：6222021001112223331。", NULL, {"脱敏后仍检出银行卡号", NULL}},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        buf in = {0}, out = {0}, text = {0};   /* as buf_init leaves them */
        fixture(cases[i].fixture, &in);
        struct files_release r;
        bool served = files_release_copy(cases[i].name, in.data, in.len, &out, &r);
        if (served != (cases[i].copy != NULL))
            fail_msg("%s: served %d (%s; %s)", cases[i].name, served, r.reason, r.detail);
        const char *where = r.reason;
        if (served) {
            assert_string_equal(r.name, cases[i].copy);
            assert_non_null(r.mime);
            struct files_info back;
            err e = {0};
            if (files_text(r.name, out.data, out.len, &text, &back, &e))
                fail_msg("%s: the copy does not read: %s", cases[i].name, e.msg);
            where = text.data;
            for (int p = 0; p < FX_NPEOPLE; p++) {
                const char *gone[] = {fx_ids[p], fx_phones[p], "41282219900101123X", "13812345678"};
                for (int g = 0; g < 4; g++)
                    if (strstr(text.data, gone[g]))
                        fail_msg("%s: '%s' is in the copy served:\n%s", cases[i].name, gone[g], text.data);
            }
        } else {
            assert_int_equal(out.len, 0);
            assert_true(r.detail[0] != '\0');
        }
        for (int k = 0; k < 2 && cases[i].has[k]; k++)
            if (!strstr(where, cases[i].has[k]))
                fail_msg("%s: '%s' not in: %s", cases[i].name, cases[i].has[k], where);
        buf_free(&in);
        buf_free(&out);
        buf_free(&text);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_text_formats),
        cmocka_unit_test(test_refused),
        cmocka_unit_test(test_mask_lists),
        cmocka_unit_test(test_mask_refuses_what_it_cannot_mask),
        cmocka_unit_test(test_screen_attachment_text),
        cmocka_unit_test(test_release_copy),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
