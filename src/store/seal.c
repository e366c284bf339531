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

#include <gcrypt.h>
#include <pthread.h>
#include <sodium.h>

#include "store/seal_internal.h"

#define KEY_BYTES 32
#define SEAL_PREFIX "gk1."
#define NONCE_BYTES crypto_aead_xchacha20poly1305_ietf_NPUBBYTES
#define TAG_BYTES crypto_aead_xchacha20poly1305_ietf_ABYTES
#define SEAL_CLEAR_MAX (64 * 1024)   /* bytes of one sealed field */
#define SM4_KEY_BYTES 16
#define SM4_NONCE_BYTES 12            /* GCM's 96-bit IV (RFC 8998, section 3.1) */
#define SM4_TAG_BYTES 16

struct seal_key { int id; enum seal_cipher cipher; unsigned char k[KEY_BYTES]; };

/* The ciphers: name in the key file, key, nonce and tag bytes. */
static const struct {
    const char *name;
    size_t key, nonce, tag;
} ciphers[SEAL_NCIPHERS] = {
    [SEAL_XCHACHA20POLY1305] = {"xchacha20poly1305", KEY_BYTES, NONCE_BYTES, TAG_BYTES},
    [SEAL_SM4_GCM] = {"sm4-gcm", SM4_KEY_BYTES, SM4_NONCE_BYTES, SM4_TAG_BYTES},
};

const char *seal_cipher_name(enum seal_cipher c) { return c < SEAL_NCIPHERS ? ciphers[c].name : ""; }

int seal_cipher_parse(const char *name, enum seal_cipher *out, err *e)
{
    for (int i = 0; i < SEAL_NCIPHERS; i++)
        if (name && strcmp(name, ciphers[i].name) == 0)
            return *out = (enum seal_cipher)i, 0;
    return err_set(e, GK_EINVAL, "cipher", "'%s' is not a cipher (xchacha20poly1305 or sm4-gcm)", name ? name : "");
}

static pthread_once_t gcrypt_once = PTHREAD_ONCE_INIT;
static bool gcrypt_ok;
static void gcrypt_start(void)
{
    gcrypt_ok = gcry_check_version(GCRYPT_VERSION) != NULL;
    gcry_control(GCRYCTL_DISABLE_SECMEM, 0);   /* keys are wiped by us (sodium_memzero) */
    gcry_control(GCRYCTL_INITIALIZATION_FINISHED, 0);
}

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
enum seal_cipher seal_keys_cipher(const struct seal_keys *k)
{
    return k->n ? k->seal[k->n - 1].cipher : SEAL_XCHACHA20POLY1305;
}

static const struct seal_key *key_by_id(const struct seal_keys *k, int id)
{
    for (size_t i = 0; i < k->n; i++)
        if (k->seal[i].id == id)
            return &k->seal[i];
    return NULL;
}

/* ---- the key file ---- */

static bool hex_bytes(const char *s, size_t n, unsigned char *out, size_t want)
{
    size_t got = 0;
    return n == 2 * want && sodium_hex2bin(out, want, s, n, NULL, &got, NULL) == 0 && got == want;
}
static bool hex_key(const char *s, size_t n, unsigned char out[KEY_BYTES]) { return hex_bytes(s, n, out, KEY_BYTES); }

/* One line: "index HEX", "audit HEX", "seal N HEX [CIPHER]"; '#' comments and
 * blank lines. */
static int parse_line(struct seal_keys *k, char *line, int lineno, unsigned *have, err *e)
{
    char *w[5];
    int nw = 0;
    for (char *t = strtok(line, " \t\r"); t && nw < 5; t = strtok(NULL, " \t\r"))
        w[nw++] = t;
    if (nw == 0 || w[0][0] == '#')
        return 0;
    if (nw == 2 && strcmp(w[0], "index") == 0 && hex_key(w[1], strlen(w[1]), k->index))
        return *have |= 1, 0;
    if (nw == 2 && strcmp(w[0], "audit") == 0 && hex_key(w[1], strlen(w[1]), k->audit))
        return *have |= 2, 0;
    char *end;
    long id = (nw == 3 || nw == 4) && strcmp(w[0], "seal") == 0 ? strtol(w[1], &end, 10) : 0;
    struct seal_key sk = {.id = (int)id};
    if (nw == 4 && id && seal_cipher_parse(w[3], &sk.cipher, NULL) != 0)
        return err_set(e, GK_EINVAL, k->path, "line %d: '%s' is not a cipher (xchacha20poly1305 or sm4-gcm)", lineno,
                       w[3]);
    if (id >= 1 && id <= SEAL_KEY_MAX && *end == 0 &&
        hex_bytes(w[2], strlen(w[2]), sk.k, ciphers[sk.cipher].key)) {
        if (k->n && k->seal[k->n - 1].id >= sk.id)
            return err_set(e, GK_EINVAL, k->path, "line %d: seal key %ld must come after key %d (ascending ids)",
                           lineno, id, k->seal[k->n - 1].id);
        k->seal = xrealloc(k->seal, (k->n + 1) * sizeof *k->seal);
        k->seal[k->n++] = sk;
        sodium_memzero(&sk, sizeof sk);
        return 0;
    }
    return err_set(e, GK_EINVAL, k->path,
                   "line %d: expected 'index HEX', 'audit HEX', 'seal N HEX' (64 hex digits, N 1-%d) or "
                   "'seal N HEX sm4-gcm' (32 hex digits)", lineno, SEAL_KEY_MAX);
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

static void hex_line(buf *b, const char *label, const unsigned char *key, size_t n, const char *cipher)
{
    char hex[2 * KEY_BYTES + 1];
    sodium_bin2hex(hex, sizeof hex, key, n);
    buf_printf(b, "%s %s%s%s\n", label, hex, cipher ? " " : "", cipher ? cipher : "");
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
    hex_line(&b, "index", k->index, KEY_BYTES, NULL);
    hex_line(&b, "audit", k->audit, KEY_BYTES, NULL);
    for (size_t i = 0; i < k->n; i++) {
        char label[16];
        enum seal_cipher c = k->seal[i].cipher;
        snprintf(label, sizeof label, "seal %d", k->seal[i].id);
        hex_line(&b, label, k->seal[i].k, ciphers[c].key, c == SEAL_XCHACHA20POLY1305 ? NULL : ciphers[c].name);
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

static struct seal_keys *keys_fresh(enum seal_cipher c)
{
    if (sodium_init() < 0)
        abort();
    struct seal_keys *k = xcalloc(1, sizeof *k);
    randombytes_buf(k->index, sizeof k->index);
    randombytes_buf(k->audit, sizeof k->audit);
    k->seal = xcalloc(1, sizeof *k->seal);
    k->seal[0].id = 1;
    k->seal[0].cipher = c;
    randombytes_buf(k->seal[0].k, ciphers[c].key);
    k->n = 1;
    return k;
}

/* The cipher of a new key file's first key: $GONGKAI_SEAL_CIPHER. */
static int first_cipher(enum seal_cipher *c, err *e)
{
    const char *env = getenv("GONGKAI_SEAL_CIPHER");
    *c = SEAL_XCHACHA20POLY1305;
    return env && *env ? seal_cipher_parse(env, c, e) : 0;
}

struct seal_keys *seal_keys_ephemeral(void)
{
    pthread_once(&gcrypt_once, gcrypt_start);
    enum seal_cipher c;
    return keys_fresh(first_cipher(&c, NULL) == 0 ? c : SEAL_XCHACHA20POLY1305);
}

int seal_keys_open(const char *path, bool create, struct seal_keys **out, err *e)
{
    if (sodium_init() < 0)
        return err_set(e, GK_EIO, "keys", "libsodium cannot start");
    pthread_once(&gcrypt_once, gcrypt_start);
    if (!gcrypt_ok)
        return err_set(e, GK_EIO, "keys", "libgcrypt is older than gongkai was built with");
    if (strlen(path) >= sizeof ((struct seal_keys *)0)->path)
        return err_set(e, GK_EINVAL, "keys", "the key file's path is too long");
    struct stat sb;
    if (stat(path, &sb) != 0 && errno == ENOENT) {
        if (!create)
            return err_set(e, GK_ENOTFOUND, path,
                           "the key file is missing: this database's personal data cannot be opened without it "
                           "(set GONGKAI_KEY_FILE to where it is kept)");
        enum seal_cipher c;
        int rc = first_cipher(&c, e);
        if (rc)
            return rc;
        struct seal_keys *k = keys_fresh(c);
        snprintf(k->path, sizeof k->path, "%s", path);
        rc = keys_write(k, true, e);
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

int seal_keys_add(struct seal_keys *k, enum seal_cipher c, int *id, err *e)
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
    memset(&k->seal[k->n], 0, sizeof k->seal[k->n]);
    k->seal[k->n].id = next;
    k->seal[k->n].cipher = c;
    randombytes_buf(k->seal[k->n].k, ciphers[c].key);
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

/* SM4-GCM through libgcrypt: n bytes of in into out, then the tag (enc), or
 * n bytes of ciphertext checked against the tag that follows them (!enc);
 * false when the tag does not match or libgcrypt refuses. */
static bool sm4_gcm(bool enc, const unsigned char *key, const unsigned char *nonce, const char *ad,
                    const unsigned char *in, size_t n, unsigned char *out)
{
    gcry_cipher_hd_t h;
    if (gcry_cipher_open(&h, GCRY_CIPHER_SM4, GCRY_CIPHER_MODE_GCM, 0))
        return false;
    bool ok = !gcry_cipher_setkey(h, key, SM4_KEY_BYTES) && !gcry_cipher_setiv(h, nonce, SM4_NONCE_BYTES) &&
              !gcry_cipher_authenticate(h, ad, strlen(ad));
    if (ok && enc)
        ok = !gcry_cipher_encrypt(h, out, n, in, n) && !gcry_cipher_gettag(h, out + n, SM4_TAG_BYTES);
    else if (ok)
        ok = !gcry_cipher_decrypt(h, out, n, in, n) && !gcry_cipher_checktag(h, in + n, SM4_TAG_BYTES);
    gcry_cipher_close(h);
    return ok;
}

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
    size_t nonce = ciphers[sk->cipher].nonce, blen = nonce + n + ciphers[sk->cipher].tag;
    unsigned char *bin = xmalloc(blen);
    randombytes_buf(bin, nonce);
    if (sk->cipher == SEAL_SM4_GCM) {
        if (!sm4_gcm(true, sk->k, bin, field, (const unsigned char *)clear, n, bin + nonce)) {
            free(bin);
            return err_set(e, GK_EIO, field, "SM4-GCM (libgcrypt) refused to seal under key %d", sk->id);
        }
    } else {
        unsigned long long clen = 0;
        crypto_aead_xchacha20poly1305_ietf_encrypt(bin + nonce, &clen, (const unsigned char *)clear, n,
                                                   (const unsigned char *)field, strlen(field), NULL, bin, sk->k);
    }
    size_t b64 = sodium_base64_encoded_len(blen, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
    buf_printf(out, SEAL_PREFIX "%d.", sk->id);
    buf_reserve(out, b64);
    sodium_bin2base64(out->data + out->len, b64, bin, blen, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
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
    size_t nonce = ciphers[sk->cipher].nonce, tag = ciphers[sk->cipher].tag;
    unsigned char *bin = xmalloc(blen + 1);
    unsigned long long mlen = 0;
    int rc = 0;
    bool bad = !b64 ||
               sodium_base642bin(bin, blen, b64 + 1, vlen, NULL, &got, NULL, sodium_base64_VARIANT_URLSAFE_NO_PADDING) != 0 ||
               got < nonce + tag || got - nonce - tag >= cap;
    if (!bad && sk->cipher == SEAL_SM4_GCM) {
        mlen = got - nonce - tag;
        bad = !sm4_gcm(false, sk->k, bin, field, bin + nonce, (size_t)mlen, (unsigned char *)dst);
    } else if (!bad) {
        bad = crypto_aead_xchacha20poly1305_ietf_decrypt((unsigned char *)dst, &mlen, NULL, bin + nonce, got - nonce,
                                                         (const unsigned char *)field, strlen(field), bin, sk->k) != 0;
    }
    if (bad) {
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
