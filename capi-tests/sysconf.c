/* The system-wide configuration (openssl.cnf "system_default", found
 * through OPENSSL_CONF) applies to every new SSL_CTX, as OpenSSL's
 * SSL_CTX_new does; SSL_CTX_config applies a named section. run.sh runs
 * this on both libraries with the same configuration and compares.
 *
 * usage: sysconf CERT KEY */
#include <stdio.h>
#include <openssl/ssl.h>
#include <openssl/err.h>
#include "pair.h"
int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: sysconf CERT KEY\n");
        return 2;
    }
    SSL_CTX *sctx = SSL_CTX_new(TLS_server_method()), *cctx = SSL_CTX_new(TLS_client_method());
    printf("min proto: 0x%lx\n", SSL_CTX_get_min_proto_version(cctx));
    SSL_CTX_use_certificate_chain_file(sctx, argv[1]);
    SSL_CTX_use_PrivateKey_file(sctx, argv[2], SSL_FILETYPE_PEM);
    SSL *c = SSL_new(cctx), *s = SSL_new(sctx);
    if (!pair_join(c, s) || !pair_handshake(c, s)) { printf("handshake failed\n"); return 1; }
    pair_pump_tickets(c);
    printf("negotiated: %s group %s\n", SSL_get_cipher_name(c), OBJ_nid2sn(SSL_get_negotiated_group(c)));
    printf("SSL_CTX_config(strict): %d\n", SSL_CTX_config(cctx, "strict"));
    SSL *c2 = SSL_new(cctx), *s2 = SSL_new(sctx);
    SSL_CTX_set1_groups_list(sctx, "P-521:P-384");
    SSL_free(s2); s2 = SSL_new(sctx);
    if (!pair_join(c2, s2) || !pair_handshake(c2, s2)) { printf("handshake 2 failed\n"); return 1; }
    printf("after strict: group %s\n", OBJ_nid2sn(SSL_get_negotiated_group(c2)));
    printf("SSL_CTX_config(nosuch): %d error %s\n", SSL_CTX_config(cctx, "nosuch"), ERR_reason_error_string(ERR_peek_error()));
    return 0;
}
