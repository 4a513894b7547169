/* Functions that cannot fail in OpenSSL must never leave an error on the
 * queue: a queued error turns the next ordinary would-block into
 * SSL_ERROR_SSL (this broke openssl s_client's -sess_out on a loaded
 * machine, Python asyncio, haproxy and Ruby). This program calls them the
 * way real programs do — on fresh objects and around a TLS 1.3 handshake
 * over a BIO pair — and prints each value and any error it queued. The
 * run.sh test requires no queued error, and the output must equal the
 * system libssl's line for line (so the values are OpenSSL's too).
 *
 * usage: nofail CERT KEY */
#define OPENSSL_SUPPRESS_DEPRECATED /* real programs still call the DH callback setters */
#include <stdio.h>
#include <string.h>
#include <openssl/err.h>
#include <openssl/ssl.h>
#include "pair.h"

static int queued;

/* Reports an error the previous call left, and clears it. */
static void check(const char *what)
{
    unsigned long e = ERR_peek_error();
    if (e != 0) {
        char buf[256];
        ERR_error_string_n(e, buf, sizeof buf);
        printf("  ERROR QUEUED by %s: %s\n", what, buf);
        queued++;
        ERR_clear_error();
    }
}

#define SHOW_INT(expr) do { long v_ = (long)(expr); check(#expr); printf("%s = %ld\n", #expr, v_); } while (0)
#define SHOW_STR(expr) do { const char *v_ = (expr); check(#expr); printf("%s = %s\n", #expr, v_ ? v_ : "(null)"); } while (0)
#define SHOW_NULL(expr) do { const void *v_ = (const void *)(expr); check(#expr); printf("%s is %s\n", #expr, v_ ? "set" : "NULL"); } while (0)
#define CALL(stmt) do { stmt; check(#stmt); printf("%s: done\n", #stmt); } while (0)

static int cert_cb_calls;
static int cert_cb(SSL *s, void *arg)
{
    (void)s;
    (void)arg;
    cert_cb_calls++;
    return 1;
}

static int hello_cb_calls;
static int client_hello_cb(SSL *s, int *al, void *arg)
{
    (void)al;
    (void)arg;
    const unsigned char *p = NULL;
    size_t len = 0;
    hello_cb_calls++;
    printf("client hello: legacy_version=0x%04x random=%zu session_id=%zu ciphers>0=%d compression=%zu\n",
           SSL_client_hello_get0_legacy_version(s), SSL_client_hello_get0_random(s, &p),
           SSL_client_hello_get0_session_id(s, &p), SSL_client_hello_get0_ciphers(s, &p) > 0,
           SSL_client_hello_get0_compression_methods(s, &p));
    printf("client hello: has supported_versions=%d has sni=%d\n", SSL_client_hello_get0_ext(s, 43, &p, &len),
           SSL_client_hello_get0_ext(s, 0, &p, &len));
    int *exts = NULL;
    size_t n = 0;
    if (SSL_client_hello_get1_extensions_present(s, &exts, &n) == 1) {
        int has_key_share = 0;
        for (size_t i = 0; i < n; i++)
            has_key_share |= exts[i] == 51;
        printf("client hello: extensions present include key_share=%d\n", has_key_share);
        OPENSSL_free(exts);
    }
    check("client hello getters");
    return SSL_CLIENT_HELLO_SUCCESS;
}

static void fresh_objects(void)
{
    SSL_CTX *ctx = SSL_CTX_new(TLS_method());
    SSL *s = SSL_new(ctx);
    printf("-- fresh SSL_CTX and SSL\n");
    SHOW_INT(SSL_CTX_get_security_level(ctx));
    SHOW_INT(SSL_get_security_level(s));
    CALL(SSL_CTX_set_security_level(ctx, 2));
    SHOW_INT(SSL_CTX_get_security_level(ctx));
    SHOW_NULL(SSL_CTX_get_security_callback(ctx));
    SHOW_NULL(SSL_CTX_get0_security_ex_data(ctx));
    SHOW_INT(SSL_CTX_get_quiet_shutdown(ctx));
    CALL(SSL_set_quiet_shutdown(s, 1));
    SHOW_INT(SSL_get_quiet_shutdown(s));
    SHOW_INT(SSL_get_read_ahead(s));
    CALL(SSL_set_read_ahead(s, 1));
    SHOW_INT(SSL_get_read_ahead(s));
    CALL(SSL_CTX_set_default_read_buffer_len(ctx, 16384));
    CALL(SSL_set_default_read_buffer_len(s, 16384));
    CALL(SSL_CTX_set_post_handshake_auth(ctx, 1));
    CALL(SSL_set_post_handshake_auth(s, 1));
    SHOW_INT(SSL_CTX_get_verify_depth(ctx));
    CALL(SSL_CTX_set_verify_depth(ctx, 4));
    SHOW_INT(SSL_CTX_get_verify_depth(ctx));
    SHOW_INT(SSL_get_verify_depth(s));
    SHOW_INT(SSL_CTX_get_max_early_data(ctx));
    SHOW_INT(SSL_CTX_get_recv_max_early_data(ctx));
    SHOW_INT(SSL_get_max_early_data(s));
    SHOW_INT(SSL_get_recv_max_early_data(s));
    SHOW_NULL(SSL_CTX_get0_CA_list(ctx));
    SHOW_NULL(SSL_get0_CA_list(s));
    SHOW_NULL(SSL_get0_peer_CA_list(s));
    SHOW_NULL(SSL_get_current_compression(s));
    SHOW_NULL(SSL_get_current_expansion(s));
    SHOW_INT(sk_SSL_COMP_num(SSL_COMP_get_compression_methods()));
    SHOW_NULL(SSL_get_selected_srtp_profile(s));
    SHOW_NULL(SSL_get_srtp_profiles(s));
    SHOW_INT(SSL_get_early_data_status(s));
    SHOW_INT(SSL_get0_dane_authority(s, NULL, NULL));
    SHOW_INT(SSL_get0_dane_tlsa(s, NULL, NULL, NULL, NULL, NULL));
    SHOW_INT(SSL_CTX_ct_is_enabled(ctx));
    SHOW_INT(SSL_ct_is_enabled(s));
    SHOW_INT(SSL_waiting_for_async(s));
    SHOW_INT(SSL_renegotiate_pending(s));
    SHOW_STR(SSL_rstate_string(s));
    SHOW_STR(SSL_rstate_string_long(s));
    SHOW_STR(SSL_state_string(s));
    SHOW_STR(SSL_state_string_long(s));
    SHOW_NULL(SSL_get_psk_identity(s));
    SHOW_NULL(SSL_get_psk_identity_hint(s));
    SHOW_INT(SSL_get_ssl_method(s) == TLS_method());
    SHOW_STR(OSSL_default_cipher_list());
    SHOW_STR(OSSL_default_ciphersuites());
    SHOW_STR(SSL_CIPHER_get_name(sk_SSL_CIPHER_value(SSL_CTX_get_ciphers(ctx), 0)));
    SHOW_STR(SSL_group_to_name(s, NID_X9_62_prime256v1));
    SHOW_STR(SSL_group_to_name(s, NID_X25519));
    SHOW_STR(SSL_group_to_name(s, NID_secp521r1));
    SHOW_STR(SSL_group_to_name(s, NID_ffdhe2048));
    SHOW_STR(SSL_group_to_name(s, 0x1000000 | 29));
    {
        size_t numfds = 99;
        SHOW_INT(SSL_get_all_async_fds(s, NULL, &numfds));
        printf("numfds = %zu\n", numfds);
    }
    {
        const unsigned char *data = (const unsigned char *)"x";
        unsigned len = 7;
        CALL(SSL_get0_next_proto_negotiated(s, &data, &len));
        printf("next proto: %s %u\n", data ? "set" : "NULL", len);
    }
    {
        int ext_count = 0;
        for (unsigned t = 0; t < 65536; t++)
            ext_count += SSL_extension_supported(t);
        check("SSL_extension_supported");
        printf("SSL_extension_supported: %d types\n", ext_count);
    }
    CALL(SSL_CTX_set_cert_cb(ctx, cert_cb, NULL));
    CALL(SSL_CTX_set_msg_callback(ctx, NULL));
    CALL(SSL_CTX_set_tmp_dh_callback(ctx, NULL));
    SHOW_INT(SSL_CTX_set_dh_auto(ctx, 1));
    SHOW_INT(SSL_CTX_set1_groups_list(ctx, "X25519:P-256:X448:P-521:P-384"));
    SHOW_INT(SSL_CTX_set_max_send_fragment(ctx, 4096));
    SHOW_INT(SSL_CTX_set_max_send_fragment(ctx, 100));
    SHOW_INT(SSL_get_secure_renegotiation_support(s));
    SHOW_INT(SSL_CTX_set0_chain(ctx, NULL));
    SHOW_INT(SSL_get_shared_sigalgs(s, 0, NULL, NULL, NULL, NULL, NULL));
    SHOW_INT(SSL_get_sigalgs(s, 0, NULL, NULL, NULL, NULL, NULL));
    CALL(SSL_certs_clear(s));
    SSL_free(s);
    SSL_CTX_free(ctx);
    check("SSL_free/SSL_CTX_free");
}

static void strings(void)
{
    printf("-- alert strings\n");
    for (int v = 0; v < 256; v++) {
        const char *l = SSL_alert_desc_string_long(v), *sh = SSL_alert_desc_string(v);
        if (strcmp(l, "unknown") != 0 || strcmp(sh, "UK") != 0)
            printf("alert %d: %s %s\n", v, sh, l);
    }
    for (int t = 0; t < 4; t++)
        printf("alert type %d: %s %s\n", t, SSL_alert_type_string(t << 8), SSL_alert_type_string_long(t << 8));
    check("alert strings");
}

static void handshake(const char *cert, const char *key)
{
    SSL_CTX *sctx = SSL_CTX_new(TLS_server_method());
    SSL_CTX *cctx = SSL_CTX_new(TLS_client_method());
    SSL_CTX_use_certificate_chain_file(sctx, cert);
    SSL_CTX_use_PrivateKey_file(sctx, key, SSL_FILETYPE_PEM);
    SSL_CTX_set_client_hello_cb(sctx, client_hello_cb, NULL);
    SSL_CTX_set_cert_cb(sctx, cert_cb, NULL);
    SSL_CTX_set_min_proto_version(sctx, TLS1_3_VERSION);
    SSL *c = SSL_new(cctx), *s = SSL_new(sctx);
    printf("-- handshake over a BIO pair\n");
    if (!pair_join(c, s) || !pair_handshake(c, s)) {
        printf("handshake failed\n");
        ERR_print_errors_fp(stdout);
        return;
    }
    pair_pump_tickets(c);
    ERR_clear_error(); /* the pump's would-block reads queue nothing, but be exact */
    printf("client_hello_cb calls = %d, cert_cb calls = %d\n", hello_cb_calls, cert_cb_calls);
    SHOW_STR(SSL_state_string(c));
    SHOW_STR(SSL_state_string_long(s));
    SHOW_INT(SSL_get_secure_renegotiation_support(c));
    SHOW_INT(SSL_get_extms_support(c));
    SHOW_INT(SSL_get_shared_group(c, -1));
    SHOW_INT(SSL_get_shared_group(s, -1));
    SHOW_INT(SSL_get_shared_group(s, 0));
    SHOW_INT(SSL_get1_groups(s, NULL) > 0);
    SHOW_INT(SSL_get_sigalgs(c, -1, NULL, NULL, NULL, NULL, NULL));
    SHOW_INT(SSL_get_sigalgs(s, -1, NULL, NULL, NULL, NULL, NULL) > 0);
    {
        int sign = 0, hash = 0, both = 0;
        unsigned char rsig = 0, rhash = 0;
        SHOW_INT(SSL_get_sigalgs(s, 0, &sign, &hash, &both, &rsig, &rhash) > 0);
        printf("first client sigalg: sign=%d hash=%d signandhash=%d rsig=%u rhash=%u\n", sign, hash, both, rsig, rhash);
        /* the whole list the client offered, as the server sees it */
        int n = SSL_get_sigalgs(s, -1, NULL, NULL, NULL, NULL, NULL);
        for (int i = 0; i < n; i++) {
            SSL_get_sigalgs(s, i, &sign, &hash, &both, &rsig, &rhash);
            printf("client sigalg %d: 0x%02x%02x sign=%d hash=%d signandhash=%d\n", i, rhash, rsig, sign, hash, both);
        }
        SHOW_INT(SSL_get_shared_sigalgs(s, -1, NULL, NULL, NULL, NULL, NULL));
        SHOW_INT(SSL_get_shared_sigalgs(s, 0, &sign, &hash, &both, &rsig, &rhash));
        printf("first shared sigalg: 0x%02x%02x\n", rhash, rsig);
    }
    {
        int nid = 0;
        EVP_PKEY *k = NULL;
        SHOW_INT(SSL_get_signature_type_nid(s, &nid));
        printf("server's own signature type: %d\n", nid);
        SHOW_INT(SSL_get_signature_type_nid(c, &nid));
        SHOW_INT(SSL_get_signature_nid(s, &nid));
        printf("server's own signature digest: %d\n", nid);
        SHOW_INT(SSL_get_tmp_key(s, &k));
        printf("server's own key share: %s %d bits\n", k ? OBJ_nid2sn(EVP_PKEY_get_base_id(k)) : "none", k ? EVP_PKEY_get_bits(k) : 0);
        EVP_PKEY_free(k);
    }
    SHOW_NULL(SSL_get0_peer_CA_list(c));
    SHOW_NULL(SSL_get_current_compression(c));
    SHOW_INT(SSL_get_early_data_status(c));
    SHOW_INT(SSL_get0_dane_authority(c, NULL, NULL));
    {
        const unsigned char *ct = (const unsigned char *)"x";
        SHOW_INT(SSL_get0_certificate_types(c, &ct));
    }
    {
        const unsigned char *data = (const unsigned char *)"x";
        unsigned len = 7;
        CALL(SSL_get0_next_proto_negotiated(c, &data, &len));
        printf("next proto: %s %u\n", data ? "set" : "NULL", len);
    }
    SHOW_NULL(SSL_get0_peername(c));
    {
        unsigned char fin[64], pfin[64];
        SHOW_INT(SSL_get_client_random(c, NULL, 0));
        SHOW_INT(SSL_get_server_random(s, NULL, 0));
        SHOW_INT(SSL_get_finished(c, fin, sizeof fin));
        SHOW_INT(SSL_get_peer_finished(s, pfin, sizeof pfin));
        printf("client Finished == server's peer Finished: %d\n", memcmp(fin, pfin, SSL_get_finished(c, NULL, 0)) == 0);
        unsigned char cr[32], sr[32];
        SSL_get_client_random(c, cr, sizeof cr);
        SSL_get_server_random(c, sr, sizeof sr);
        unsigned char cr2[32];
        SSL_get_client_random(s, cr2, sizeof cr2);
        printf("client random agrees on both sides: %d, differs from server random: %d\n", memcmp(cr, cr2, 32) == 0,
               memcmp(cr, sr, 32) != 0);
    }
    SHOW_STR(SSL_CIPHER_get_name(sk_SSL_CIPHER_value(SSL_get_ciphers(c), 0)));
    SHOW_INT(sk_SSL_CIPHER_num(SSL_get_client_ciphers(s)) > 0);
    SHOW_NULL(SSL_get_client_ciphers(c));
    SHOW_STR(SSL_get_cipher_list(c, 0));
    {
        char buf[512];
        const char *shared = SSL_get_shared_ciphers(s, buf, sizeof buf);
        check("SSL_get_shared_ciphers");
        printf("shared ciphers start with TLS_AES_256_GCM_SHA384: %d\n", shared && strncmp(shared, "TLS_AES_256_GCM_SHA384", 22) == 0);
    }
    SSL_set_quiet_shutdown(c, 1);
    SHOW_INT(SSL_shutdown(c));
    SHOW_INT(SSL_get_shutdown(c));
    SSL_free(c);
    SSL_free(s);
    SSL_CTX_free(cctx);
    SSL_CTX_free(sctx);
}

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: nofail CERT KEY\n");
        return 2;
    }
    OPENSSL_init_ssl(0, NULL);
    fresh_objects();
    strings();
    handshake(argv[1], argv[2]);
    printf("queued errors: %d\n", queued);
    return queued == 0 ? 0 : 1;
}
