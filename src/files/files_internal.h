/*
 * files — what extract.c and mask_pkg.c share: the bounded zip package and
 * XML readers. Only src/files/ includes this header.
 */
#ifndef GONGKAI_FILES_INTERNAL_H
#define GONGKAI_FILES_INTERNAL_H

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <zip.h>

#include "files/files.h"

/* A zip package opened from memory, with what has been inflated so far. */
struct files_pkg {
    zip_t *z;
    zip_source_t *src;
    const char *name;         /* the file's name, for messages */
    size_t inflated;          /* bytes read from every part so far */
};
/* Opens data[0..n) (which must outlive the package); GK_EINVAL when it is no
 * zip, is damaged or has more than FILES_MAX_PARTS entries. */
int files_pkg_open(struct files_pkg *p, const char *name, const void *data, size_t n, err *e);
void files_pkg_close(struct files_pkg *p);
/* Reads part `part` into out (reset first) within the limits of files.h.
 * GK_ENOTFOUND (e untouched) when there is no such part and !required. */
int files_pkg_part(struct files_pkg *p, const char *part, buf *out, bool required, err *e);
/* The name of entry i (valid while the package is open), NULL past the end. */
const char *files_pkg_entry(struct files_pkg *p, zip_uint64_t i);

/* Parses a part; NULL with e set when it is not well-formed or declares a DTD.
 * A tree that will be changed needs edit (XML_PARSE_COMPACT text nodes are
 * read-only). */
xmlDoc *files_xml_parse(const buf *b, const char *file, const char *part, bool edit, err *e);
/* Whether n is the element with this local name. */
bool files_xml_is(const xmlNode *n, const char *local);
/* The value of attribute `name` (any namespace) or NULL; caller frees with free(). */
char *files_xml_attr(const xmlNode *n, const char *name);
/* Appends the text content of n's subtree. */
void files_xml_text(const xmlNode *n, buf *out);
/* Replaces the children of element n by the text s (no markup is interpreted). */
void files_xml_set_text(xmlNode *n, const char *s);

/* Column (0-based) of a cell reference such as "AB12"; -1 when it has none. */
int files_cell_col(const char *ref);
/* What the mask pass of mask_pkg.c and the text of extract.c agree on: the
 * text of an xlsx cell (shared strings already resolved into sst). */
char *files_xlsx_cell_text(const xmlNode *c, char *const *sst, size_t nsst);
/* Reads the shared strings of a workbook: *sst[i] (malloc'ed, free each and
 * the array) and, when nodes is not NULL, the <si> elements of *doc (caller
 * frees with xmlFreeDoc). No shared strings part: 0 strings. */
int files_xlsx_sst(struct files_pkg *p, xmlDoc **doc, char ***sst, xmlNode ***nodes, size_t *n, err *e);
/* Whether a part name is a worksheet / a docx part holding text. */
bool files_xlsx_is_sheet(const char *part);
bool files_docx_is_text_part(const char *part);

/* Text as UTF-8: UTF-8 (a BOM dropped), UTF-16 with a BOM, or GB18030;
 * GK_EINVAL when it is none of them or holds NUL. out is reset first. */
int files_decode_text(const char *name, const void *data, size_t n, buf *out, err *e);

#endif
