/*
 * Test files for src/files: a welfare recipient list as .xlsx (written with
 * libxlsxwriter, as gongkai writes workbooks), as .docx (WordprocessingML
 * zipped with libzip), as .html (printed to a text-layer PDF by Chromium in
 * tests/e2e/attach.sh), an image-only PDF (a scan, no text layer), and the
 * damaged files and zip bombs that must be refused. Used by
 * tests/unit/test_files.c and tests/e2e/mkattach.c.
 */
#ifndef GONGKAI_FILES_FIXTURES_H
#define GONGKAI_FILES_FIXTURES_H

#include "base/base.h"

/* The people on the list: full names, ID numbers and mobile numbers that
 * must not be in any public copy. */
#define FX_NPEOPLE 3
extern const char *const fx_names[FX_NPEOPLE];
extern const char *const fx_ids[FX_NPEOPLE];
extern const char *const fx_phones[FX_NPEOPLE];
extern const char *const fx_streets[FX_NPEOPLE];   /* the part of the address below 村 */

/* Each fills out (reset first); 0, or -1 when a library call failed. dir is
 * a writable directory for libxlsxwriter's temporary file. */
int fx_xlsx_list(const char *dir, buf *out);
int fx_docx_list(buf *out);
void fx_html_list(buf *out);
void fx_csv_list(buf *out);
void fx_pdf_image_only(buf *out);
/* A PDF with a text layer (written by src/docgen) holding fx_names[0],
 * fx_ids[0] and fx_phones[0], and the office's 监督电话 0396-7012345. */
int fx_pdf_text(buf *out);
/* A package of the given parts (name, content) zipped with libzip. */
int fx_zip(const char *const *names, const char *const *texts, const size_t *lens, int n, buf *out);
/* A .xlsx whose worksheet inflates from a few KB to `inflated` bytes. */
int fx_xlsx_bomb(size_t inflated, buf *out);

#endif
