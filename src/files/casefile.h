/*
 * files/casefile.h — the case file of an application for 归档 (issue 18):
 * one ZIP holding the entries given (summary, steps, letters, files
 * released) and manifest.csv, which lists every entry (with its size and
 * SHA-256) and every step of the history, so that an archive can check the
 * package whole. The caller gathers the content (the store, the letters);
 * this module only packs it. casefile_read parses such a ZIP back within
 * named limits (the tests read it; an archive's intake could).
 */
#ifndef GONGKAI_FILES_CASEFILE_H
#define GONGKAI_FILES_CASEFILE_H

#include "base/base.h"

#define CASEFILE_MAX_ENTRIES 200       /* entries of one case file */
#define CASEFILE_MAX_BYTES (512u << 20)   /* a case file read back, and every entry inflated */
#define CASEFILE_MAX_RATIO 200            /* inflated / compressed size of an entry ... */
#define CASEFILE_RATIO_FROM (1u << 20)    /* ... larger than this */

struct casefile_entry {
    char *name;                /* path inside the ZIP ("letters/答复告知书.txt") */
    char *kind;                /* summary, steps, letter, file */
    void *data;
    size_t len;
};
struct casefile_step { char *date, *event, *actor, *summary; };

/* Owns copies of everything added; casefile_free releases them. */
struct casefile {
    struct casefile_entry *v;
    size_t n, cap;
    struct casefile_step *steps;
    size_t nsteps, capsteps;
};
void casefile_init(struct casefile *cf);
void casefile_free(struct casefile *cf);
/* Copies name, kind and data in. */
void casefile_add(struct casefile *cf, const char *name, const char *kind, const void *data, size_t len);
/* A step of the history, for the manifest. */
void casefile_step(struct casefile *cf, const char *date, const char *event, const char *actor,
                   const char *summary);
/* The ZIP (entries in order, then manifest.csv) into *out. GK_EINVAL for a
 * duplicate or unsafe name, too many entries; GK_EIO when libzip fails. */
int casefile_zip(const struct casefile *cf, buf *out, err *e);
/* Reads a case file back: every entry but the manifest into cf (kind from
 * the manifest), the manifest's steps into cf->steps; checks each entry's
 * size and SHA-256 against the manifest. GK_EINVAL naming the entry when
 * anything disagrees or a limit is passed. */
int casefile_read(const void *zip, size_t n, struct casefile *cf, err *e);

#endif
