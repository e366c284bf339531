/*
 * files — what an attachment holds: its text, whatever its format, and the
 * masked copy of a welfare recipient list that the public gets.
 *
 * Screening (Art. 17 审查机制) and masking (docs/domain.md) can only vouch
 * for what they read. This module reads .txt, .csv and .html (UTF-8, or GB18030
 * as Chinese spreadsheets and editors save it, converted with iconv), .docx and
 * .xlsx (libzip + libxml2), .odt and .ods (their content.xml), and .pdf (the
 * text layer, with poppler-glib). Everything else — images, scans, a PDF page
 * without text, the binary .doc/.wps/.et/.xls formats, archives — is "unread":
 * never reported as screened or masked; publishing it needs a reviewer's named
 * confirmation (src/store/doc_step.c).
 *
 * Outside bytes are bounded: the input, every part of a package (after
 * decompression, counted as it is inflated, not as the header claims), the sum
 * of the parts, the ratio of a part to its compressed size, the number of
 * parts, of PDF pages and of the text read. A file over a limit, or a file
 * that is not what its name or its first bytes say (a .docx that is no zip, a
 * damaged zip, XML that is not well-formed or declares a DTD, a PDF poppler
 * cannot open, a CSV with a stray quote, text in no known encoding) is refused
 * with GK_EINVAL and a message naming the file and the place.
 */
#ifndef GONGKAI_FILES_H
#define GONGKAI_FILES_H

#include "base/base.h"
#include "publish/publish.h"

/* Named maximums (bytes unless said otherwise). */
#define FILES_MAX_INPUT (64u << 20)      /* an attachment as uploaded */
#define FILES_MAX_PART (64u << 20)       /* one part of a zip package, inflated */
#define FILES_MAX_UNZIPPED (256u << 20)  /* all parts read from one package, inflated */
#define FILES_MAX_RATIO 200              /* inflated / compressed size of one part */
#define FILES_MAX_PARTS 10000            /* entries of a zip package */
#define FILES_MAX_PDF_PAGES 2000
#define FILES_MAX_TEXT (32u << 20)       /* text taken out of one file */
#define FILES_MAX_SHEETS 256             /* worksheets of one workbook */

enum files_kind {
    FILES_TXT, FILES_CSV, FILES_HTML, FILES_DOCX, FILES_XLSX, FILES_ODT, FILES_ODS, FILES_PDF,
    FILES_LEGACY,   /* .doc/.wps/.et/.xls (OLE compound files): not read */
    FILES_OTHER,    /* images, scans, archives, anything else: not read */
};
const char *files_kind_key(enum files_kind k);   /* "docx", "pdf", "other", ... */

/* What gongkai did with an attachment's text (kept with the attachment). */
enum files_state {
    FILES_READ,      /* its whole text was read (and is screened) */
    FILES_MASKED,    /* read, and the stored copy is masked by gongkai (a recipient list) */
    FILES_UNMASKED,  /* read, but a recipient list in a format gongkai cannot mask */
    FILES_UNREAD,    /* its text could not be read: neither screened nor masked */
};
const char *files_state_key(enum files_state s);    /* "read", "masked", "unmasked", "unread" */
const char *files_state_label(enum files_state s);  /* 已读取并筛查, 已脱敏（副本）, ... */
int files_state_parse(const char *s, enum files_state *out);   /* 0, or GK_EINVAL */
/* Whether publishing a file in this state needs a reviewer's named confirmation. */
bool files_state_needs_confirm(enum files_state s);

struct files_info {
    enum files_kind kind;
    enum files_state state;
    char note[256];           /* why it is unread or unmasked, or what was masked */
    struct doc_mask_stats mask;
    int pages;                /* PDF pages, sheets of a workbook; 0 otherwise */
};

/* Reads the text of the file `name` (used for its extension and in
 * messages) holding data[0..n). On 0, info->kind and info->state are set:
 * FILES_READ with *text holding the UTF-8 text (cells split by tabs, rows and
 * paragraphs by newlines, a blank line between sheets and tables), or
 * FILES_UNREAD with info->note saying why and *text empty. GK_EINVAL with e
 * when the file is refused (see above). text is the caller's buf, reset first. */
int files_text(const char *name, const void *data, size_t n, buf *text, struct files_info *info, err *e);

/* Whether gongkai makes masked copies of this kind (.xlsx, .docx, .csv, .txt). */
bool files_maskable(enum files_kind k);

/* The copy of a recipient list the public gets: the same file with the
 * names, ID numbers, phone numbers and addresses masked by doc_mask_row /
 * doc_mask_list (cells and runs rewritten inside the package, which stays a
 * valid .xlsx/.docx; a .csv or .txt comes back as UTF-8). Shared strings,
 * deleted-text runs, headers and footers are masked too. Masking the copy
 * again changes nothing (checked here: GK_EINVAL otherwise). On 0, *out
 * (the caller's buf, reset first) holds the copy and info the counts, with
 * state FILES_MASKED; a kind that files_maskable() refuses gives GK_EINVAL. */
int files_mask(const char *name, const void *data, size_t n, buf *out, struct files_info *info, err *e);

/* ---- released files online (release.c) ----
 * The copy of a file released with a reply (store_chain_files) that the
 * applicant may download from the follow-up page. .txt, .csv, .docx and .xlsx
 * are masked in place (files_mask: the same format); .pdf, .html, .odt and
 * .ods are read, their text masked (doc_mask_list) and written as a
 * text-only PDF named "原名（脱敏文本）.pdf". The copy is then read back and
 * screened (doc_screen): an ID, mobile or bank card number left in it means
 * it is not served. A file gongkai cannot read (scans, images, the binary
 * Office formats, a damaged or mislabelled file) is never served. */
struct files_release {
    bool served;              /* out holds the copy to serve */
    enum files_kind kind;     /* of the original, when it was read */
    char name[256];           /* the copy's file name */
    const char *mime;         /* its Content-Type (static) */
    char reason[256];         /* not served: why, in Chinese, for the public page */
    char detail[512];         /* for staff: what was masked, or the error */
};
/* Fills r (zeroed first) and, when served, out (the caller's buf, reset first;
 * empty when not served). Returns r->served. Never prints; the reasons are
 * in r. */
bool files_release_copy(const char *name, const void *data, size_t n, buf *out, struct files_release *r);

#endif
