/*
 * files_bench — how fast gongkai reads and masks a large .xlsx attachment
 * (src/files): a recipient list of N rows written with libxlsxwriter (names,
 * ID numbers, mobile numbers, addresses as shared strings, as Excel saves
 * them). Prints MB/s of the file and of its inflated XML for files_text and
 * files_mask, against a floor run in the same process over the same bytes:
 * inflating every part with libzip (the least any reader of the package must
 * do). Best of 3 runs each, CPU time of this process.
 *
 * usage: files_bench [ROWS] [DIR]   (defaults: 200000, /tmp)
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <xlsxwriter.h>
#include <zip.h>

#include "files/files.h"

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
    return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

static int make_list(const char *path, int rows)
{
    static const char *const sur[] = {"张", "王", "李", "赵", "刘", "陈", "杨", "黄", "欧阳", "周"};
    static const char *const given[] = {"伟", "芳", "娜", "秀英", "敏", "静", "丽", "强", "磊", "军", "洋", "勇"};
    static const char *const vil[] = {"竹沟村", "肖庄村", "竹沟社区", "任店村", "三里河社区"};
    lxw_workbook *wb = workbook_new(path);
    if (!wb)
        return -1;
    lxw_worksheet *ws = workbook_add_worksheet(wb, NULL);
    static const char *const head[] = {"序号", "姓名", "身份证号", "联系电话", "家庭住址", "保障人数", "月保障金（元）"};
    for (int c = 0; c < 7; c++)
        worksheet_write_string(ws, 0, (lxw_col_t)c, head[c], NULL);
    unsigned x = 12345;
    for (int i = 1; i <= rows; i++) {
        char name[32], id[32], phone[16], addr[160];
        x = x * 1103515245u + 12345u;
        snprintf(name, sizeof name, "%s%s%s", sur[x % 10], given[(x >> 8) % 12], given[(x >> 16) % 12]);
        snprintf(id, sizeof id, "4128221%03u%04u%03u%c", 950 + (x >> 4) % 60, 101 + (x >> 12) % 1100 % 1200,
                 (x >> 3) % 1000, "0123456789X"[(x >> 20) % 11]);
        snprintf(phone, sizeof phone, "1%u%09u", 3 + (x >> 5) % 7, (x >> 2) % 1000000000u);
        snprintf(addr, sizeof addr, "河南省驻马店市确山县竹沟镇%s%u组%u号", vil[(x >> 9) % 5], 1 + (x >> 7) % 12,
                 1 + (x >> 11) % 90);
        worksheet_write_number(ws, (lxw_row_t)i, 0, i, NULL);
        worksheet_write_string(ws, (lxw_row_t)i, 1, name, NULL);
        worksheet_write_string(ws, (lxw_row_t)i, 2, id, NULL);
        worksheet_write_string(ws, (lxw_row_t)i, 3, phone, NULL);
        worksheet_write_string(ws, (lxw_row_t)i, 4, addr, NULL);
        worksheet_write_number(ws, (lxw_row_t)i, 5, 1 + (x >> 13) % 5, NULL);
        worksheet_write_number(ws, (lxw_row_t)i, 6, 300 + (x >> 6) % 600, NULL);
    }
    return workbook_close(wb) == LXW_NO_ERROR ? 0 : -1;
}

/* The floor: inflate every part; returns the inflated bytes. */
static size_t inflate_all(const buf *b)
{
    zip_error_t ze;
    zip_error_init(&ze);
    zip_source_t *src = zip_source_buffer_create(b->data, b->len, 0, &ze);
    zip_t *z = zip_open_from_source(src, ZIP_RDONLY, &ze);
    zip_error_fini(&ze);
    if (!z)
        exit(1);
    size_t total = 0;
    static char tmp[1 << 16];
    for (zip_int64_t i = 0; i < zip_get_num_entries(z, 0); i++) {
        zip_file_t *f = zip_fopen_index(z, (zip_uint64_t)i, 0);
        zip_int64_t got;
        while (f && (got = zip_fread(f, tmp, sizeof tmp)) > 0)
            total += (size_t)got;
        if (f)
            zip_fclose(f);
    }
    zip_discard(z);
    return total;
}

int main(int argc, char **argv)
{
    int rows = argc > 1 ? atoi(argv[1]) : 200000;
    const char *dir = argc > 2 ? argv[2] : "/tmp";
    char path[512];
    snprintf(path, sizeof path, "%s/files_bench-%d.xlsx", dir, (int)getpid());
    if (make_list(path, rows)) {
        fprintf(stderr, "files_bench: cannot write %s\n", path);
        return 1;
    }
    buf b, text, out;
    buf_init(&b);
    buf_init(&text);
    buf_init(&out);
    err e = {0};
    if (file_read_all(path, FILES_MAX_INPUT, &b, &e)) {
        fprintf(stderr, "files_bench: %s\n", e.msg);
        return 1;
    }
    remove(path);
    double best[3] = {1e9, 1e9, 1e9};
    size_t inflated = 0;
    struct files_info fi;
    for (int run = 0; run < 3; run++) {
        double t0 = now();
        inflated = inflate_all(&b);
        double t1 = now();
        if (files_text("list.xlsx", b.data, b.len, &text, &fi, &e)) {
            fprintf(stderr, "files_bench: %s\n", e.msg);
            return 1;
        }
        double t2 = now();
        if (files_mask("list.xlsx", b.data, b.len, &out, &fi, &e)) {
            fprintf(stderr, "files_bench: %s\n", e.msg);
            return 1;
        }
        double t3 = now();
        if (t1 - t0 < best[0]) best[0] = t1 - t0;
        if (t2 - t1 < best[1]) best[1] = t2 - t1;
        if (t3 - t2 < best[2]) best[2] = t3 - t2;
    }
    double mb = (double)b.len / 1e6, xmb = (double)inflated / 1e6;
    printf("xlsx: %d rows, %.1f MB file, %.1f MB inflated XML, %.1f MB text\n", rows, mb, xmb, (double)text.len / 1e6);
    static const char *const what[3] = {"floor: inflate every part", "files_text (read)", "files_mask (read, mask x2, repack, read back)"};
    for (int k = 0; k < 3; k++)
        printf("%-46s %7.3f s  %7.2f MB/s file  %7.2f MB/s XML  %6.1fx floor\n", what[k], best[k], mb / best[k],
               xmb / best[k], best[k] / best[0]);
    printf("masked: %d rows, %d names, %d IDs, %d phones, %d addresses\n", fi.mask.rows, fi.mask.names, fi.mask.ids,
           fi.mask.phones, fi.mask.addresses);
    buf_free(&b);
    buf_free(&text);
    buf_free(&out);
    return 0;
}
