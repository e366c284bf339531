/*
 * disclosure_internal.h — what lifecycle.c and chain.c share: the JSON
 * members of an application and of its handling chain. Included by
 * src/disclosure/ only.
 */
#ifndef GONGKAI_DISCLOSURE_INTERNAL_H
#define GONGKAI_DISCLOSURE_INTERNAL_H

#include "base/base.h"

/* Appends ,"key":"YYYY-MM-DD" (null for no date) to an object being written. */
void app_json_date(buf *b, const char *key, gk_day d);
/* Appends ,"key":"v" (v escaped; NULL as ""). */
void app_json_str(buf *b, const char *key, const char *v);

#endif
