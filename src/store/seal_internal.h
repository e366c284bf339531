/* store — keys outside the database, sealing of personal fields at rest, and
 * keyed hashes for equality lookups and the audit chain (libsodium).
 * Private to src/store/: only the store seals and opens values.
 *
 * The key file (GONGKAI_KEY_FILE; by default "<database file>.keys" next to a
 * SQLite file, "var/gongkai.keys" for PostgreSQL) holds one key a line:
 *     index <64 hex>        keyed hash of lookups (phone, ID number, limits)
 *     audit <64 hex>        keyed hash of the audit chain
 *     seal N <64 hex>       sealing key N (1..SEAL_KEY_MAX); the highest N seals
 *     seal N <32 hex> sm4-gcm   the same, a key of the national cipher SM4
 *                           (GB/T 32907-2016) in GCM mode (RFC 8998), by libgcrypt
 * A sealed value is the text "gk1.N.<base64url(nonce || ciphertext)>": under
 * key N with its cipher (XChaCha20-Poly1305: 24-byte nonce, 16-byte tag;
 * SM4-GCM: 12-byte nonce, 16-byte tag), the field's name as associated data,
 * so that a value moved to another column does not open. "" stays "" (nothing
 * to hide). A new key file's first key has the cipher $GONGKAI_SEAL_CIPHER
 * names (default xchacha20poly1305); a rotation names the cipher of the new
 * key, so a deployment moves from one cipher to the other and back.
 * Rotation appends a new "seal" line (the file is replaced atomically) and
 * re-seals rows in batches; a handle notices a changed file by its mtime and
 * size and reads it again. */
#ifndef GONGKAI_SEAL_INTERNAL_H
#define GONGKAI_SEAL_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>

#include "base/base.h"

#define SEAL_KEY_MAX 65535        /* key ids 1..65535 */
#define SEAL_FILE_MAX (64 * 1024) /* bytes of a key file */
#define SEAL_HASH_HEX 65          /* 32-byte keyed hash as hex, with its NUL */

struct seal_keys;

/* The authenticated ciphers a key may have, by their names in the key file. */
enum seal_cipher { SEAL_XCHACHA20POLY1305, SEAL_SM4_GCM, SEAL_NCIPHERS };
const char *seal_cipher_name(enum seal_cipher c);
/* GK_EINVAL naming the choices when name is not a cipher. */
int seal_cipher_parse(const char *name, enum seal_cipher *out, err *e);
/* The cipher of the key that seals now. */
enum seal_cipher seal_keys_cipher(const struct seal_keys *k);

/* Reads the key file at path; when it does not exist and create is true,
 * writes a new one (mode 0600) with fresh random keys. *out is freed with
 * seal_keys_free. GK_ENOTFOUND when missing and !create; GK_EINVAL with the
 * line when malformed. */
int seal_keys_open(const char *path, bool create, struct seal_keys **out, err *e);
void seal_keys_free(struct seal_keys *k);
/* In-memory keys for a ":memory:" database (gone with the handle). */
struct seal_keys *seal_keys_ephemeral(void);
const char *seal_keys_path(const struct seal_keys *k);   /* borrowed; "" when ephemeral */
int seal_keys_current(const struct seal_keys *k);        /* the id that seals now */
/* Reads the file again when it changed since it was read (checked at most
 * once a second unless force). */
int seal_keys_refresh(struct seal_keys *k, bool force, err *e);
/* Appends a new sealing key (current + 1) of cipher c to the file,
 * replacing it atomically; *id gets its id. */
int seal_keys_add(struct seal_keys *k, enum seal_cipher c, int *id, err *e);

/* Seals clear (NUL-terminated) for column field into out (reset first). */
int seal_text(struct seal_keys *k, const char *field, const char *clear, buf *out, err *e);
/* Opens v into dst (at most cap bytes with the NUL): a sealed value is
 * decrypted (GK_EIO naming field and key when it does not open), a value
 * without the "gk1." prefix is clear text of a row not sealed yet and is
 * copied. */
int seal_open_text(struct seal_keys *k, const char *field, const char *v, char *dst, size_t cap, err *e);
/* The key id of a sealed value, 0 for clear text. */
int seal_key_of(const char *v);

/* Keyed hash (BLAKE2b under the index key) of what ":" v, as hex. */
void seal_lookup(const struct seal_keys *k, const char *what, const char *v, char out[SEAL_HASH_HEX]);
/* Keyed hash under the audit key of n bytes, as hex. */
void seal_audit_mac(const struct seal_keys *k, const void *data, size_t n, char out[SEAL_HASH_HEX]);

#endif
