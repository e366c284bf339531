/*
 * web — the console's tables exported as a file (issue 16 item 8): the
 * application register and the audit trail, as CSV (UTF-8 with a BOM, for
 * Excel; RFC 4180 quoting) or XLSX (libxlsxwriter, every cell a string).
 *
 * A CSV cell that starts with = + - @, a tab or a carriage return gets a
 * leading apostrophe, so that a spreadsheet opening it never reads text
 * typed by the public as a formula (OWASP, "CSV Injection"); XLSX cells are
 * written as strings and need none. Limits, never cut silently: at most
 * WEB_EXPORT_MAX_ROWS rows (past it the export is refused and the console
 * asks for a narrower date range), and in XLSX at most Excel's 32,767
 * characters a cell (past it the export is refused: CSV has no such limit).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <xlsxwriter.h>

#include "web/web_internal.h"

#define XLSX_MAX_CELL 32767   /* characters in one cell (Excel's limit) */

int web_export_open(struct web_export *x, const char *format, const char *sheet, int ncols,
                    const char *const *head)
{
    memset(x, 0, sizeof *x);
    x->ncols = ncols;
    buf_init(&x->csv);
    if (format && strcmp(format, "csv") == 0) {
        buf_puts(&x->csv, "\xEF\xBB\xBF");   /* a BOM: Excel reads UTF-8 */
    } else if (format && strcmp(format, "xlsx") == 0) {
        x->xlsx = true;
        snprintf(x->path, sizeof x->path, "/tmp/gongkai-export-XXXXXX.xlsx");
        int fd = mkstemps(x->path, 5);
        if (fd < 0)
            return GK_EIO;
        close(fd);
        lxw_workbook_options o = {.constant_memory = LXW_TRUE, .tmpdir = "/tmp"};
        x->wb = workbook_new_opt(x->path, &o);
        x->ws = x->wb ? workbook_add_worksheet(x->wb, sheet) : NULL;
        if (!x->ws) {
            web_export_free(x);
            return GK_EIO;
        }
    } else {
        return GK_EINVAL;
    }
    web_export_row(x, head);
    return 0;
}

static void csv_cell(buf *b, const char *s)
{
    buf_putc(b, '"');
    if (strchr("=+-@\t\r", *s) && *s)
        buf_putc(b, '\'');
    for (; *s; s++) {
        if (*s == '"')
            buf_putc(b, '"');
        buf_putc(b, *s);
    }
    buf_putc(b, '"');
}

void web_export_row(struct web_export *x, const char *const *cells)
{
    if (x->over || x->too_long)
        return;
    if (x->rows > WEB_EXPORT_MAX_ROWS) {   /* the header row is row 0 */
        x->over = true;
        return;
    }
    for (int k = 0; k < x->ncols; k++) {
        const char *s = cells[k] ? cells[k] : "";
        if (!x->xlsx) {
            if (k)
                buf_putc(&x->csv, ',');
            csv_cell(&x->csv, s);
        } else if (utf8_len(s, strlen(s)) > XLSX_MAX_CELL) {
            x->too_long = true;
        } else if (worksheet_write_string(x->ws, (lxw_row_t)x->rows, (lxw_col_t)k, s, NULL) != LXW_NO_ERROR) {
            x->failed = true;
        }
    }
    if (!x->xlsx)
        buf_puts(&x->csv, "\r\n");
    x->rows++;
}

void web_export_free(struct web_export *x)
{
    if (x->wb) {
        workbook_close(x->wb);
        x->wb = NULL;
    }
    if (x->path[0]) {
        unlink(x->path);
        x->path[0] = 0;
    }
    buf_free(&x->csv);
}

int web_export_send(web_req *r, struct web_export *x, const char *filename)
{
    int status = 200;
    if (x->over)
        status = web_error(r, 422, arena_printf(&r->a, "超过%d行，无法导出。请缩小日期范围后重试。", WEB_EXPORT_MAX_ROWS));
    else if (x->too_long)
        status = web_error(r, 422, "有单元格超过Excel的32767字上限，无法导出为XLSX。请改为导出CSV。");
    if (status != 200) {
        web_export_free(x);
        return status;
    }
    buf out;
    buf_init(&out);
    if (x->xlsx) {
        err e = {0};
        lxw_error le = workbook_close(x->wb);
        x->wb = NULL;
        if (x->failed || le != LXW_NO_ERROR || file_read_all(x->path, (size_t)1 << 30, &out, &e)) {
            buf_free(&out);
            web_export_free(x);
            return web_error(r, 500, "无法生成表格文件，请稍后重试。");
        }
    } else {
        out = x->csv;
        buf_init(&x->csv);
    }
    web_export_free(x);
    web_add_header(r, "Content-Disposition", arena_printf(&r->a, "attachment; filename=\"%s.%s\"", filename,
                                                          x->xlsx ? "xlsx" : "csv"));
    web_text(r, 200, x->xlsx ? "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
                             : "text/csv; charset=utf-8",
             out.data ? out.data : "", out.len);
    buf_free(&out);
    return 200;
}
