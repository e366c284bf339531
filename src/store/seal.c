/* store — keys outside the database, sealing at rest and keyed hashes.
 * See seal_internal.h for the key file and the sealed format. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <sodium.h>

#include "store/seal_internal.h"

#define KEY_BYTES 32
#define SEAL_PREFIX "gk1."
#define NONCE_BYTES crypto_aead_xchacha20poly1305_ietf_NPUBBYTES
#define TAG_BYTES crypto_aead_xchacha20poly1305_ietf_ABYTES
#define SEAL_CLEAR_MAX (64 * 1024)   /* bytes of one sealed field */

struct seal_key { int id; unsigned char k[KEY_BYTES]; };

struct seal_keys {
    char path[1024];
    struct stat seen;           /* the file as last read */
    time_t checked;             /* when the file was last looked at */
    unsigned char index[KEY_BYTES], audit[KEY_BYTES];
    struct seal_key *seal;      /* ascending id */
    size_t n;
};

static void keys_wipe(struct seal_keys *k)
{
    sodium_memzero(k->index, sizeof k->index);
    sodium_memzero(k->audit, sizeof k->audit);
    if (k->seal)
        sodium_memzero(k->seal, k->n * sizeof *k->seal);
    free(k->seal);
    k->seal = NULL;
    k->n = 0;
}

void seal_keys_free(struct seal_keys *k)
{
    if (!k)
        return;
    keys_wipe(k);
    free(k);
}

const char *seal_keys_path(const struct seal_keys *k) { return k->path; }
int seal_keys_current(const struct seal_keys *k) { return k->n ? k->seal[k->n - 1].id : 0; }

static const struct seal_key *key_by_id(const struct seal_keys *k, int id)
{
    for (size_t i = 0; i < k->n; i++)
        if (k->seal[i].id == id)
            return &k->seal[i];
    return NULL;
}

/* ---- the key file ---- */

static bool hex_key(const char *s, size_t n, unsigned char out[KEY_BYTES])
{
    size_t got = 0;
    return n == 2 * KEY_BYTES && sodium_hex2bin(out, KEY_BYTES, s, n, NULL, &got, NULL) == 0 && got == KEY_BYTES;
}

/* One line: "index HEX", "audit HEX", "seal N HEX"; '#' comments and blank lines. */
static int parse_line(struct seal_keys *k, char *line, int lineno, unsigned *have, err *e)
{
    char *w[4];
    int nw = 0;
    for (char *t = strtok(line, " \t\r"); t && nw < 4; t = strtok(NULL, " \t\r"))
        w[nw++] = t;
    if (nw == 0 || w[0][0] == '#')
        return 0;
    if (nw == 2 && strcmp(w[0], "index") == 0 && hex_key(w[1], strlen(w[1]), k->index))
        return *have |= 1, 0;
    if (nw == 2 && strcmp(w[0], "audit") == 0 && hex_key(w[1], strlen(w[1]), k->audit))
        return *have |= 2, 0;
    char *end;
    long id = nw == 3 && strcmp(w[0], "seal") == 0 ? strtol(w[1], &end, 10) : 0;
    struct seal_key sk = {.id = (int)id};
    if (id >= 1 && id <= SEAL_KEY_MAX && *end == 0 && hex_key(w[2], strlen(w[2]), sk.k)) {
        if (k->n && k->seal[k->n - 1].id >= sk.id)
            return err_set(e, GK_EINVAL, k->path, "line %d: seal key %ld must come after key %d (ascending ids)",
                           lineno, id, k->seal[k->n - 1].id);
        k->seal = xrealloc(k->seal, (k->n + 1) * sizeof *k->seal);
        k->seal[k->n++] = sk;
        sodium_memzero(&sk, sizeof sk);
        return 0;
    }
    return err_set(e, GK_EINVAL, k->path,
                   "line %d: expected 'index HEX', 'audit HEX' or 'seal N HEX' (64 hex digits, N 1-%d)", lineno,
                   SEAL_KEY_MAX);
}

static int keys_read(struct seal_keys *k, err *e)
{
    buf b;
    buf_init(&b);
    int rc = file_read_all(k->path, SEAL_FILE_MAX, &b, e);
    if (rc) {
        buf_free(&b);
        return rc;
    }
    keys_wipe(k);
    unsigned have = 0;
    int lineno = 0;
    if (b.len != strlen(b.data))
        rc = err_set(e, GK_EINVAL, k->path, "the key file holds a NUL byte");
    for (char *p = b.data, *nl; !rc && p && *p; p = nl ? nl + 1 : NULL) {
        nl = strchr(p, '\n');
        if (nl)
            *nl = 0;
        rc = parse_line(k, p, ++lineno, &have, e);
    }
    sodium_memzero(b.data, b.len);
    buf_free(&b);
    if (!rc && (have != 3 || k->n == 0))
        rc = err_set(e, GK_EINVAL, k->path, "the key file needs an 'index', an 'audit' and at least one 'seal' line");
    if (!rc && stat(k->path, &k->seen) != 0)
        rc = err_set(e, GK_EIO, k->path, "cannot stat the key file: %s", strerror(errno));
    if (rc)
        keys_wipe(k);
    k->checked = time(NULL);
    return rc;
}

static void hex_line(buf *b, const char *label, const unsigned char key[KEY_BYTES])
{
    char hex[2 * KEY_BYTES + 1];
    sodium_bin2hex(hex, sizeof hex, key, KEY_BYTES);
    buf_printf(b, "%s %s\n", label, hex);
    sodium_memzero(hex, sizeof hex);
}

/* Writes the keys to a temporary file (0600), syncs it and renames it over
 * path; with fresh, links it to path instead, so that of two processes
 * creating the file at once one wins and the other reads the winner's (EEXIST). */
static int keys_write(const struct seal_keys *k, bool fresh, err *e)
{
    buf b, tmp;
    buf_init(&b);
    buf_init(&tmp);
    buf_puts(&b, "# gongkai keys: keep this file outside the database and its backups (docs/operations.md, section 17).\n"
                 "# index: lookups; audit: the audit chain; seal N: sealing keys, the highest seals new values.\n");
    hex_line(&b, "index", k->index);
    hex_line(&b, "audit", k->audit);
    for (size_t i = 0; i < k->n; i++) {
        char label[16];
        snprintf(label, sizeof label, "seal %d", k->seal[i].id);
        hex_line(&b, label, k->seal[i].k);
    }
    buf_printf(&tmp, "%s.%ld.tmp", k->path, (long)getpid());
    int rc = 0, fd = open(tmp.data, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (fd < 0)
        rc = err_set(e, GK_EIO, k->path, "cannot write the key file: %s", strerror(errno));
    else {
        bool bad = write(fd, b.data, b.len) != (ssize_t)b.len || fsync(fd) != 0;
        bad |= close(fd) != 0;
        if (bad || (fresh ? link(tmp.data, k->path) : rename(tmp.data, k->path)) != 0)
            rc = errno == EEXIST && fresh ? GK_ESTATE
                                          : err_set(e, GK_EIO, k->path, "cannot write the key file: %s", strerror(errno));
        unlink(tmp.data);
    }
    sodium_memzero(b.data, b.len);
    buf_free(&b);
    buf_free(&tmp);
    return rc;
}

static struct seal_keys *keys_fresh(void)
{
    if (sodium_init() < 0)
        abort();
    struct seal_keys *k = xcalloc(1, sizeof *k);
    randombytes_buf(k->index, sizeof k->index);
    randombytes_buf(k->audit, sizeof k->audit);
    k->seal = xmalloc(sizeof *k->seal);
    k->seal[0].id = 1;
    randombytes_buf(k->seal[0].k, KEY_BYTES);
    k->n = 1;
    return k;
}

struct seal_keys *seal_keys_ephemeral(void) { return keys_fresh(); }

int seal_keys_open(const char *path, bool create, struct seal_keys **out, err *e)
{
    if (sodium_init() < 0)
        return err_set(e, GK_EIO, "keys", "libsodium cannot start");
    if (strlen(path) >= sizeof ((struct seal_keys *)0)->path)
        return err_set(e, GK_EINVAL, "keys", "the key file's path is too long");
    struct stat sb;
    if (stat(path, &sb) != 0 && errno == ENOENT) {
        if (!create)
            return err_set(e, GK_ENOTFOUND, path,
                           "the key file is missing: this database's personal data cannot be opened without it "
                           "(set GONGKAI_KEY_FILE to where it is kept)");
        struct seal_keys *k = keys_fresh();
        snprintf(k->path, sizeof k->path, "%s", path);
        int rc = keys_write(k, true, e);
        if (rc == GK_ESTATE) {   /* another process made it first: read it */
            seal_keys_free(k);
            return seal_keys_open(path, false, out, e);
        }
        if (!rc && stat(path, &k->seen) != 0)
            rc = err_set(e, GK_EIO, path, "cannot stat the key file: %s", strerror(errno));
        if (rc) {
            seal_keys_free(k);
            return rc;
        }
        k->checked = time(NULL);
        *out = k;
        return 0;
    }
    struct seal_keys *k = xcalloc(1, sizeof *k);
    snprintf(k->path, sizeof k->path, "%s", path);
    int rc = keys_read(k, e);
    if (rc) {
        seal_keys_free(k);
        return rc;
    }
    *out = k;
    return 0;
}

int seal_keys_refresh(struct seal_keys *k, bool force, err *e)
{
    time_t now = time(NULL);
    if (!k->path[0] || (!force && now == k->checked))
        return 0;
    k->checked = now;
    struct stat sb;
    if (stat(k->path, &sb) != 0)
        return err_set(e, GK_EIO, k->path, "the key file went away: %s", strerror(errno));
    if (sb.st_mtim.tv_sec == k->seen.st_mtim.tv_sec && sb.st_mtim.tv_nsec == k->seen.st_mtim.tv_nsec &&
        sb.st_size == k->seen.st_size && sb.st_ino == k->seen.st_ino)
        return 0;
    return keys_read(k, e);
}

int seal_keys_add(struct seal_keys *k, int *id, err *e)
{
    if (!k->path[0])
        return err_set(e, GK_EINVAL, "keys", "an in-memory database has no key file to rotate");
    int rc = seal_keys_refresh(k, true, e);
    if (rc)
        return rc;
    int next = seal_keys_current(k) + 1;
    if (next > SEAL_KEY_MAX)
        return err_set(e, GK_ERANGE, k->path, "no key id is left after %d", SEAL_KEY_MAX);
    k->seal = xrealloc(k->seal, (k->n + 1) * sizeof *k->seal);
    k->seal[k->n].id = next;
    randombytes_buf(k->seal[k->n].k, KEY_BYTES);
    k->n++;
    if ((rc = keys_write(k, false, e))) {
        k->n--;
        return rc;
    }
    if (stat(k->path, &k->seen) != 0)
        return err_set(e, GK_EIO, k->path, "cannot stat the key file: %s", strerror(errno));
    *id = next;
    return 0;
}

/* ---- sealing ---- */

int seal_key_of(const char *v)
{
    if (!v || strncmp(v, SEAL_PREFIX, strlen(SEAL_PREFIX)) != 0)
        return 0;
    return atoi(v + strlen(SEAL_PREFIX));
}

int seal_text(struct seal_keys *k, const char *field, const char *clear, buf *out, err *e)
{
    buf_reset(out);
    size_t n = strlen(clear);
    if (n == 0)
        return 0;
    if (n > SEAL_CLEAR_MAX)
        return err_set(e, GK_EINVAL, field, "too long to seal (%zu bytes, at most %d)", n, SEAL_CLEAR_MAX);
    int rc = seal_keys_refresh(k, false, e);
    if (rc)
        return rc;
    const struct seal_key *sk = &k->seal[k->n - 1];
    size_t blen = NONCE_BYTES + n + TAG_BYTES;
    unsigned char *bin = xmalloc(blen);
    randombytes_buf(bin, NONCE_BYTES);
    unsigned long long clen = 0;
    crypto_aead_xchacha20poly1305_ietf_encrypt(bin + NONCE_BYTES, &clen, (const unsigned char *)clear, n,
                                               (const unsigned char *)field, strlen(field), NULL, bin, sk->k);
    size_t b64 = sodium_base64_encoded_len(blen, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
    buf_printf(out, SEAL_PREFIX "%d.", sk->id);
    buf_reserve(out, b64);
    sodium_bin2base64(out->data + out->len, b64, bin, NONCE_BYTES + (size_t)clen,
                      sodium_base64_VARIANT_URLSAFE_NO_PADDING);
    out->len += strlen(out->data + out->len);
    free(bin);
    return 0;
}

int seal_open_text(struct seal_keys *k, const char *field, const char *v, char *dst, size_t cap, err *e)
{
    int id = seal_key_of(v);
    if (id == 0) {
        snprintf(dst, cap, "%s", v ? v : "");
        return 0;
    }
    const struct seal_key *sk = key_by_id(k, id);
    if (!sk) {
        int rc = seal_keys_refresh(k, true, e);   /* rotated by another process? */
        if (rc)
            return rc;
        if (!(sk = key_by_id(k, id)))
            return err_set(e, GK_EIO, field, "sealed with key %d, which the key file %s does not hold", id,
                           k->path[0] ? k->path : "(in memory)");
    }
    const char *b64 = strchr(v + strlen(SEAL_PREFIX), '.');
    size_t vlen = b64 ? strlen(b64 + 1) : 0, blen = vlen, got = 0;
    unsigned char *bin = xmalloc(blen + 1);
    unsigned long long mlen = 0;
    int rc = 0;
    if (!b64 || sodium_base642bin(bin, blen, b64 + 1, vlen, NULL, &got, NULL, sodium_base64_VARIANT_URLSAFE_NO_PADDING) != 0 ||
        got < NONCE_BYTES + TAG_BYTES || got - NONCE_BYTES - TAG_BYTES >= cap ||
        crypto_aead_xchacha20poly1305_ietf_decrypt((unsigned char *)dst, &mlen, NULL, bin + NONCE_BYTES,
                                                   got - NONCE_BYTES, (const unsigned char *)field, strlen(field),
                                                   bin, sk->k) != 0) {
        dst[0] = 0;
        rc = err_set(e, GK_EIO, field, "a sealed value does not open under key %d: it was altered or moved", id);
    } else {
        dst[mlen] = 0;
    }
    free(bin);
    return rc;
}

/* ---- keyed hashes ---- */

static void hash_hex(const unsigned char key[KEY_BYTES], const char *what, const void *data, size_t n,
                     char out[SEAL_HASH_HEX])
{
    unsigned char h[32];
    crypto_generichash_state st;
    crypto_generichash_init(&st, key, KEY_BYTES, sizeof h);
    if (what) {
        crypto_generichash_update(&st, (const unsigned char *)what, strlen(what));
        crypto_generichash_update(&st, (const unsigned char *)":", 1);
    }
    crypto_generichash_update(&st, data, n);
    crypto_generichash_final(&st, h, sizeof h);
    sodium_bin2hex(out, SEAL_HASH_HEX, h, sizeof h);
}

void seal_lookup(const struct seal_keys *k, const char *what, const char *v, char out[SEAL_HASH_HEX])
{
    hash_hex(k->index, what, v, strlen(v), out);
}

void seal_audit_mac(const struct seal_keys *k, const void *data, size_t n, char out[SEAL_HASH_HEX])
{
    hash_hex(k->audit, NULL, data, n, out);
}
