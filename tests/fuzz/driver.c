/*
 * The fuzz targets' driver for `make test` (gcc, the test build's ASan and
 * UBSan, no libFuzzer): runs a target's LLVMFuzzerTestOneInput over every
 * file of its seeds, then, for the seconds given, over random mutations of
 * them (bit flips, byte changes, dictionary words put in, ranges cut,
 * repeated or spliced from another seed). It is not coverage-guided: the
 * long runs that find new paths are libFuzzer's (`make fuzz`,
 * scripts/fuzz.sh); this one keeps every target built, and runs each on its
 * corpus and near it on every test run. A crash (a sanitizer report, or the
 * target's own abort()) writes the input to crash-TARGET in the working
 * directory and fails the test; the output is TAP.
 *   driver NAME SECONDS MAXLEN DICT|- PATH...   (PATH: a file or a directory, walked)
 */
#define _XOPEN_SOURCE 700
#include <ftw.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

struct blob { uint8_t *p; size_t n; };
static struct blob *seeds, *words;
static size_t nseeds, nwords, maxlen;
static const uint8_t *cur;
static size_t curn;
static const char *name;

static void add(struct blob **v, size_t *n, const uint8_t *p, size_t len)
{
    if ((*n & (*n - 1)) == 0) {
        *v = realloc(*v, (*n ? *n * 2 : 16) * sizeof **v);
        if (!*v)
            abort();
    }
    uint8_t *c = malloc(len ? len : 1);
    if (!c)
        abort();
    memcpy(c, p, len);
    (*v)[(*n)++] = (struct blob){c, len};
}

static int seed_file(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
    (void)ftw;
    if (flag != FTW_F || sb->st_size < 0)
        return 0;
    FILE *f = fopen(path, "rb");
    if (!f)
        return 0;
    size_t len = (size_t)sb->st_size < maxlen ? (size_t)sb->st_size : maxlen;
    uint8_t *p = malloc(len ? len : 1);
    if (!p)
        abort();
    len = fread(p, 1, len, f);
    fclose(f);
    add(&seeds, &nseeds, p, len);
    free(p);
    return 0;
}

/* libFuzzer's dictionary format: "word" per line, \xNN and \\ \" escapes,
 * an optional name= before it, # comments. */
static void load_dict(const char *path)
{
    FILE *f = fopen(path, "r");
    if (!f) {
        fprintf(stderr, "%s: cannot open the dictionary %s\n", name, path);
        exit(2);
    }
    char line[4096];
    while (fgets(line, sizeof line, f)) {
        char *q = strchr(line, '"');
        if (!q || line[0] == '#')
            continue;
        uint8_t w[4096];
        size_t n = 0;
        for (char *p = q + 1; *p && *p != '"' && n < sizeof w; p++) {
            if (*p == '\\' && p[1] == 'x' && p[2] && p[3]) {
                char hex[3] = {p[2], p[3], 0};
                w[n++] = (uint8_t)strtoul(hex, NULL, 16);
                p += 3;
            } else if (*p == '\\' && p[1]) {
                w[n++] = (uint8_t)*++p;
            } else {
                w[n++] = (uint8_t)*p;
            }
        }
        add(&words, &nwords, w, n);
    }
    fclose(f);
}

static uint64_t rng = 0x853c49e6748fea9bu;
static size_t rnd(size_t n)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return n ? (size_t)(rng % n) : 0;
}

/* One to four changes to b (capacity maxlen). */
static size_t mutate(uint8_t *b, size_t n)
{
    for (size_t k = 1 + rnd(4); k > 0; k--) {
        size_t at = rnd(n + 1);
        switch (rnd(6)) {
        case 0:   /* flip a bit */
            if (n)
                b[rnd(n)] ^= (uint8_t)(1u << rnd(8));
            break;
        case 1:   /* an interesting byte */
            if (n) {
                static const uint8_t any[] = {0, 0x7f, 0x80, 0xff, '\n', '\r', '"', ',', '%', ';', '=', '<', 0xe5};
                b[rnd(n)] = any[rnd(sizeof any)];
            }
            break;
        case 2: { /* a dictionary word put in */
            if (!nwords)
                break;
            const struct blob *w = &words[rnd(nwords)];
            if (n + w->n > maxlen)
                break;
            memmove(b + at + w->n, b + at, n - at);
            memcpy(b + at, w->p, w->n);
            n += w->n;
            break;
        }
        case 3: { /* a range cut */
            size_t len = rnd(n - at + 1);
            memmove(b + at, b + at + len, n - at - len);
            n -= len;
            break;
        }
        case 4: { /* a range repeated */
            size_t len = rnd(n - at + 1);
            if (!len || n + len > maxlen)
                break;
            memmove(b + at + len, b + at, n - at);
            n += len;
            break;
        }
        default: { /* spliced with another seed */
            const struct blob *o = &seeds[rnd(nseeds)];
            size_t from = rnd(o->n + 1), len = rnd(o->n - from + 1);
            if (at + len > maxlen)
                len = maxlen - at;
            memcpy(b + at, o->p + from, len);
            if (at + len > n)
                n = at + len;
            break;
        }
        }
    }
    return n;
}

/* The input that crashed, for the record (a sanitizer's death callback or
 * SIGABRT: the target's own check). */
static void keep_input(void)
{
    char path[256];
    snprintf(path, sizeof path, "crash-%s", name);
    FILE *f = fopen(path, "wb");
    if (f) {
        fwrite(cur, 1, curn, f);
        fclose(f);
    }
    fprintf(stderr, "%s: the input is in %s (%zu bytes)\n", name, path, curn);
}
static void on_abort(int sig)
{
    (void)sig;
    keep_input();
    signal(SIGABRT, SIG_DFL);
    abort();
}
/* weak: the driver also links without the sanitizers (scripts/mutate.py) */
void __sanitizer_set_death_callback(void (*cb)(void)) __attribute__((weak));

static void run(const uint8_t *p, size_t n)
{
    /* a copy of its own size, so that a read past the end is caught */
    uint8_t *c = malloc(n ? n : 1);
    if (!c)
        abort();
    memcpy(c, p, n);
    cur = c, curn = n;
    LLVMFuzzerTestOneInput(c, n);
    free(c);
}

int main(int argc, char **argv)
{
    if (argc < 6) {
        fprintf(stderr, "usage: %s NAME SECONDS MAXLEN DICT|- PATH...\n", argv[0]);
        return 2;
    }
    name = argv[1];
    double secs = atof(argv[2]);
    maxlen = (size_t)strtoul(argv[3], NULL, 10);
    if (strcmp(argv[4], "-") != 0)
        load_dict(argv[4]);
    for (int i = 5; i < argc; i++)
        nftw(argv[i], seed_file, 16, FTW_PHYS);
    if (!nseeds)
        add(&seeds, &nseeds, (const uint8_t *)"", 0);
    if (__sanitizer_set_death_callback)
        __sanitizer_set_death_callback(keep_input);
    signal(SIGABRT, on_abort);
    printf("1..1\n");
    fflush(stdout);
    struct timespec t0, t;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    for (size_t i = 0; i < nseeds; i++)
        run(seeds[i].p, seeds[i].n);
    uint8_t *b = malloc(maxlen ? maxlen : 1);
    if (!b)
        abort();
    size_t runs = 0;
    double el = 0;
    do {
        const struct blob *s = &seeds[rnd(nseeds)];
        memcpy(b, s->p, s->n);
        run(b, mutate(b, s->n));
        runs++;
        clock_gettime(CLOCK_MONOTONIC, &t);
        el = (double)(t.tv_sec - t0.tv_sec) + (double)(t.tv_nsec - t0.tv_nsec) / 1e9;
    } while (el < secs);
    printf("ok 1 - %s: %zu seeds and %zu mutations of them in %.1f s, no finding\n", name, nseeds, runs, el);
    free(b);
    for (size_t i = 0; i < nseeds; i++)
        free(seeds[i].p);
    for (size_t i = 0; i < nwords; i++)
        free(words[i].p);
    free(seeds);
    free(words);
    return 0;
}
