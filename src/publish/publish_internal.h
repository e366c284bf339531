/* publish — helpers shared by the module's files (private to src/publish/). */
#ifndef GONGKAI_PUBLISH_INTERNAL_H
#define GONGKAI_PUBLISH_INTERNAL_H

#include "publish/publish.h"

/* A code point of a text, folded for matching (full-width forms to ASCII,
 * ASCII letters to lower case), with where it came from. Invalid bytes are
 * U+FFFD of length 1. */
struct cpx { uint32_t cp; uint32_t off; uint32_t len; };
struct cpx *publish_decode(const char *s, size_t n, size_t *count);   /* caller frees */

/* The first two digits of an ID number name a province-level region. */
bool publish_region_ok(const char *s);
bool publish_ymd_ok(int y, int m, int d);
/* A 15-digit ID number of before 1999: region and a 19YYMMDD birth date. */
bool publish_old_id_plausible(const char *s, size_t n);

#endif
