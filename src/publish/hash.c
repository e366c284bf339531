/* publish — content hashes: attachments are stored once per content. */
#include <sodium.h>
#include <stdio.h>

#include "publish/publish.h"

void doc_content_hash(const void *data, size_t n, char out[65])
{
    unsigned char h[crypto_hash_sha256_BYTES];
    crypto_hash_sha256(h, data, n);
    for (size_t i = 0; i < sizeof h; i++)
        snprintf(out + 2 * i, 3, "%02x", h[i]);
}
