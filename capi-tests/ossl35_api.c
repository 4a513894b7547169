/*
 * OpenSSL 3.5's additions to libssl, called the way a program built on
 * Debian 13 calls them, on TLS objects (a connected TLS 1.3 pair over a
 * socketpair, and fresh objects). Prints one line per call: the result and
 * the reason code of the first error queued (0: none). Built against
 * trixie's headers and run once on trixie's libssl and once on ours (in the
 * Debian 13 chroot, debian13.sh); the two outputs must be equal, but for the
 * lines marked "differs:", whose reason is printed with them.
 */
#include <openssl/ssl.h>
#include <openssl/err.h>
#include <openssl/quic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

static void line(const char *what, long long ret)
{
    unsigned long e = ERR_peek_error();
    printf("%s = %lld err=%d:%d\n", what, ret, e == 0 ? 0 : ERR_GET_LIB(e), e == 0 ? 0 : ERR_GET_REASON(e));
    ERR_clear_error();
}

static int handshake(SSL *c, SSL *s)
{
    for (int i = 0; i < 100; i++) {
        int rc = SSL_connect(c), rs = SSL_accept(s);
        if (rc == 1 && rs == 1)
            return 1;
        if (rc <= 0 && SSL_get_error(c, rc) != SSL_ERROR_WANT_READ)
            return 0;
        if (rs <= 0 && SSL_get_error(s, rs) != SSL_ERROR_WANT_READ)
            return 0;
    }
    return 0;
}

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: %s cert.pem key.pem\n", argv[0]);
        return 2;
    }
    setvbuf(stdout, NULL, _IONBF, 0);
    SSL_CTX *cctx = SSL_CTX_new(TLS_client_method());
    SSL_CTX *sctx = SSL_CTX_new(TLS_server_method());
    if (cctx == NULL || sctx == NULL
        || SSL_CTX_use_certificate_chain_file(sctx, argv[1]) != 1
        || SSL_CTX_use_PrivateKey_file(sctx, argv[2], SSL_FILETYPE_PEM) != 1)
        return 2;
    /* One group both libraries offer by default, so the name is comparable. */
    SSL_CTX_set1_groups_list(cctx, "X25519");

    /* ---------------------------------------------------------- before a handshake */
    SSL *fresh = SSL_new(cctx);
    line("SSL_is_tls(tls)", SSL_is_tls(fresh));
    line("SSL_is_quic(tls)", SSL_is_quic(fresh));
    line("SSL_is_connection(tls)", SSL_is_connection(fresh));
    line("SSL_get0_connection(tls)==tls", SSL_get0_connection(fresh) == fresh);
    line("SSL_is_domain(tls)", SSL_is_domain(fresh));
    line("SSL_is_listener(tls)", SSL_is_listener(fresh));
    line("SSL_get0_listener(tls)", SSL_get0_listener(fresh) != NULL);
    line("SSL_get0_domain(tls)", SSL_get0_domain(fresh) != NULL);
    line("SSL_get_stream_type(tls)", SSL_get_stream_type(fresh));
    line("SSL_get_stream_id(tls)", (long long)SSL_get_stream_id(fresh));
    line("SSL_is_stream_local(tls)", SSL_is_stream_local(fresh));
    line("SSL_get_stream_read_state(tls)", SSL_get_stream_read_state(fresh));
    line("SSL_get_stream_write_state(tls)", SSL_get_stream_write_state(fresh));
    uint64_t code = 7;
    line("SSL_get_stream_read_error_code(tls)", SSL_get_stream_read_error_code(fresh, &code));
    line("SSL_get_stream_write_error_code(tls)", SSL_get_stream_write_error_code(fresh, &code));
    line("SSL_get_blocking_mode(tls)", SSL_get_blocking_mode(fresh));
    line("SSL_set_blocking_mode(tls)", SSL_set_blocking_mode(fresh, 1));
    uint64_t rtt = 99;
    line("SSL_get_handshake_rtt(fresh)", SSL_get_handshake_rtt(fresh, &rtt));
    line("SSL_net_read_desired(fresh)", SSL_net_read_desired(fresh));
    line("SSL_net_write_desired(fresh)", SSL_net_write_desired(fresh));
    struct timeval tv = {5, 5};
    int inf = 5;
    line("SSL_get_event_timeout(tls)", SSL_get_event_timeout(fresh, &tv, &inf));
    printf("  tv=%ld.%06ld infinite=%d\n", (long)tv.tv_sec, (long)tv.tv_usec, inf);
    line("SSL_handle_events(tls)", SSL_handle_events(fresh));
    BIO_POLL_DESCRIPTOR d;
    memset(&d, 0xff, sizeof(d));
    line("SSL_get_rpoll_descriptor(no bio)", SSL_get_rpoll_descriptor(fresh, &d));
    line("SSL_new_stream(tls)", SSL_new_stream(fresh, 0) != NULL);
    line("SSL_accept_stream(tls)", SSL_accept_stream(fresh, 0) != NULL);
    line("SSL_get_accept_stream_queue_len(tls)", (long long)SSL_get_accept_stream_queue_len(fresh));
    line("SSL_set_default_stream_mode(tls)", SSL_set_default_stream_mode(fresh, SSL_DEFAULT_STREAM_MODE_NONE));
    line("SSL_set_incoming_stream_policy(tls)", SSL_set_incoming_stream_policy(fresh, SSL_INCOMING_STREAM_POLICY_ACCEPT, 0));
    line("SSL_stream_conclude(tls)", SSL_stream_conclude(fresh, 0));
    line("SSL_stream_reset(tls)", SSL_stream_reset(fresh, NULL, 0));
    SSL_CONN_CLOSE_INFO ci;
    line("SSL_get_conn_close_info(tls)", SSL_get_conn_close_info(fresh, &ci, sizeof(ci)));
    line("SSL_set1_initial_peer_addr(tls)", SSL_set1_initial_peer_addr(fresh, NULL));
    uint64_t v = 42;
    line("SSL_get_value_uint(tls, idle timeout)", SSL_get_value_uint(fresh, SSL_VALUE_CLASS_GENERIC, SSL_VALUE_QUIC_IDLE_TIMEOUT, &v));
    line("SSL_set_value_uint(tls, event mode)", SSL_set_value_uint(fresh, SSL_VALUE_CLASS_GENERIC, SSL_VALUE_EVENT_HANDLING_MODE, 1));
    line("SSL_listen(tls)", SSL_listen(fresh));
    line("SSL_accept_connection(tls)", SSL_accept_connection(fresh, 0) != NULL);
    line("SSL_get_accept_connection_queue_len(tls)", (long long)SSL_get_accept_connection_queue_len(fresh));
    line("SSL_new_from_listener(tls)", SSL_new_from_listener(fresh, 0) != NULL);
    line("SSL_new_listener_from(tls)", SSL_new_listener_from(fresh, 0) != NULL);
    uint64_t flags = 3;
    line("SSL_get_domain_flags(tls)", SSL_get_domain_flags(fresh, &flags));
    line("SSL_CTX_get_domain_flags(tls ctx)", SSL_CTX_get_domain_flags(cctx, &flags));
    line("SSL_set_quic_tls_transport_params(tls)", SSL_set_quic_tls_transport_params(fresh, (const unsigned char *)"x", 1));
    line("SSL_set_quic_tls_early_data_enabled(tls)", SSL_set_quic_tls_early_data_enabled(fresh, 1));
    line("SSL_is_tls(NULL)", SSL_is_tls(NULL));
    line("SSL_inject_net_dgram(tls)", SSL_inject_net_dgram(fresh, (const unsigned char *)"x", 1, NULL, NULL));
    line("SSL_CTX_set_domain_flags(tls ctx)", SSL_CTX_set_domain_flags(cctx, 0));
    line("SSL_new_listener(tls ctx)", SSL_new_listener(cctx, 0) != NULL);
    line("SSL_new_domain(tls ctx)", SSL_new_domain(cctx, 0) != NULL);
    size_t nres = 9;
    line("SSL_poll(no items)", SSL_poll(NULL, 0, sizeof(SSL_POLL_ITEM), NULL, 0, &nres));
    printf("  result_count=%zu\n", nres);
    uint16_t exts[4];
    size_t nexts = 4;
    line("SSL_client_hello_get_extension_order(outside)", SSL_client_hello_get_extension_order(fresh, exts, &nexts));
    unsigned char *types = (unsigned char *)"z";
    size_t ntypes = 9;
    line("SSL_get0_client_cert_type(default)", SSL_get0_client_cert_type(fresh, &types, &ntypes));
    printf("  types=%s len=%zu\n", types == NULL ? "NULL" : "set", ntypes);
    line("SSL_CTX_get0_server_cert_type(default)", SSL_CTX_get0_server_cert_type(cctx, &types, &ntypes));
    printf("  types=%s len=%zu\n", types == NULL ? "NULL" : "set", ntypes);
    line("SSL_get_negotiated_client_cert_type(fresh)", SSL_get_negotiated_client_cert_type(fresh));
    line("SSL_get_negotiated_server_cert_type(fresh)", SSL_get_negotiated_server_cert_type(fresh));
    line("SSL_get0_peer_rpk(fresh)", SSL_get0_peer_rpk(fresh) != NULL);
    SSL_free(fresh);

    /* ---------------------------------------------------------- block padding, sigalgs, sessions */
    line("SSL_CTX_set_block_padding_ex(16, 32)", SSL_CTX_set_block_padding_ex(cctx, 16, 32));
    line("SSL_CTX_set_block_padding_ex(0, 0)", SSL_CTX_set_block_padding_ex(cctx, 0, 0));
    line("SSL_CTX_set_block_padding_ex(16385, 0)", SSL_CTX_set_block_padding_ex(cctx, 16385, 0));
    char *sigalgs = SSL_get1_builtin_sigalgs(NULL);
    printf("differs: the algorithms each library signs with: SSL_get1_builtin_sigalgs non-empty=%d\n",
           sigalgs != NULL && strlen(sigalgs) > 0 && strchr(sigalgs, ':') != NULL);
    if (getenv("SHOW_SIGALGS") != NULL)
        fprintf(stderr, "%s\n", sigalgs);
    OPENSSL_free(sigalgs);
    ERR_clear_error();

    /* ---------------------------------------------------------- a TLS 1.3 pair */
    int sv[2];
    if (socketpair(AF_UNIX, SOCK_STREAM, 0, sv) != 0)
        return 2;
    SSL *c = SSL_new(cctx), *s = SSL_new(sctx);
    SSL_set_fd(c, sv[0]);
    SSL_set_fd(s, sv[1]);
    /* non-blocking so the loop can drive both ends */
    BIO_socket_nbio(sv[0], 1);
    BIO_socket_nbio(sv[1], 1);
    if (!handshake(c, s)) {
        ERR_print_errors_fp(stderr);
        return 1;
    }
    printf("handshake: %s\n", SSL_get_version(c));
    const char *g = SSL_get0_group_name(c);
    printf("SSL_get0_group_name(client) = %s\n", g == NULL ? "(null)" : g);
    g = SSL_get0_group_name(s);
    printf("SSL_get0_group_name(server) = %s\n", g == NULL ? "(null)" : g);
    ERR_clear_error();
    line("SSL_get_handshake_rtt(server) ok", SSL_get_handshake_rtt(s, &rtt));
    memset(&d, 0xff, sizeof(d));
    line("SSL_get_rpoll_descriptor(fd)", SSL_get_rpoll_descriptor(c, &d));
    printf("  type=%u fd=%d\n", d.type, d.value.fd);
    memset(&d, 0xff, sizeof(d));
    line("SSL_get_wpoll_descriptor(fd)", SSL_get_wpoll_descriptor(c, &d));
    printf("  type=%u fd=%d\n", d.type, d.value.fd);
    size_t w = 0;
    line("SSL_write_ex2(hello)", SSL_write_ex2(c, "hello", 5, 0, &w));
    printf("  written=%zu\n", w);
    line("SSL_write_ex2(CONCLUDE)", SSL_write_ex2(c, "x", 1, SSL_WRITE_FLAG_CONCLUDE, &w));
    char buf[16];
    size_t got = 0;
    line("SSL_read_ex(server)", SSL_read_ex(s, buf, sizeof(buf), &got));
    printf("  read=%zu %.*s\n", got, (int)got, buf);
    line("SSL_net_read_desired(idle client)", SSL_net_read_desired(c));
    got = 0;
    int r = SSL_read_ex(c, buf, sizeof(buf), &got);
    line("SSL_read_ex(client, nothing)", r);
    line("SSL_net_read_desired(after WANT_READ)", SSL_net_read_desired(c));

    SSL_SESSION *sess = SSL_get1_session(c);
    time_t t = SSL_SESSION_get_time_ex(sess);
    printf("SSL_SESSION_get_time_ex within 60s of now = %d\n", t > time(NULL) - 60 && t <= time(NULL));
    time_t far = (time_t)4102444800LL; /* 2100-01-01: past 2038 */
    line("SSL_SESSION_set_time_ex(2100)", (long long)SSL_SESSION_set_time_ex(sess, far));
    line("SSL_SESSION_get_time_ex(2100)", (long long)SSL_SESSION_get_time_ex(sess));
    unsigned char der[8192];
    unsigned char *p = der;
    int len = i2d_SSL_SESSION(sess, &p);
    const unsigned char *q = der;
    SSL_SESSION *back = d2i_SSL_SESSION_ex(NULL, &q, len, NULL, NULL);
    line("d2i_SSL_SESSION_ex round trip", back != NULL && q == der + len);
    line("  its time", back == NULL ? -1 : (long long)SSL_SESSION_get_time_ex(back));
    SSL_SESSION_free(back);
    q = der;
    /* Both refuse it; the error queued is the decoder's (OpenSSL's ASN.1
     * decoder: ASN1_R_TOO_LONG; ours: SSL_R_BAD_DATA). */
    printf("d2i_SSL_SESSION_ex(truncated) = %d\n", d2i_SSL_SESSION_ex(NULL, &q, len / 2, NULL, NULL) != NULL);
    printf("differs: the decoder's error: queued=%d\n", ERR_peek_error() != 0);
    ERR_clear_error();
    SSL_SESSION_free(sess);
    line("SSL_shutdown_ex(client)", SSL_shutdown_ex(c, 0, NULL, 0));

    /* ---------------------------------------------------------- the server cache, flushed by time */
    SSL_CTX_flush_sessions_ex(sctx, 0);
    line("SSL_CTX_flush_sessions_ex: sessions left", SSL_CTX_sess_number(sctx));

    /* ---------------------------------------------------------- certificate compression (RFC 8879) */
    {
        /* trixie's libcrypto has zlib and zstd, not brotli: both libraries
         * compress through it, so the lengths agree byte for byte. */
        int prefs[] = { TLSEXT_comp_cert_zstd, TLSEXT_comp_cert_brotli, TLSEXT_comp_cert_zlib };
        int dup[] = { TLSEXT_comp_cert_zlib, TLSEXT_comp_cert_zlib };
        int only_brotli[] = { TLSEXT_comp_cert_brotli };
        line("SSL_CTX_set1_cert_comp_preference(zstd,brotli,zlib)", SSL_CTX_set1_cert_comp_preference(sctx, prefs, 3));
        line("SSL_CTX_set1_cert_comp_preference(zlib,zlib)", SSL_CTX_set1_cert_comp_preference(sctx, dup, 2));
        line("SSL_CTX_set1_cert_comp_preference(brotli)", SSL_CTX_set1_cert_comp_preference(sctx, only_brotli, 1));
        ERR_clear_error();
        line("SSL_CTX_compress_certs(server, brotli)", SSL_CTX_compress_certs(sctx, TLSEXT_comp_cert_brotli));
        line("SSL_CTX_compress_certs(server, any)", SSL_CTX_compress_certs(sctx, 0));
        line("SSL_CTX_compress_certs(client ctx, any)", SSL_CTX_compress_certs(cctx, 0));
        ERR_clear_error();
        for (int alg = TLSEXT_comp_cert_zlib; alg <= TLSEXT_comp_cert_zstd; alg++) {
            unsigned char *data = NULL;
            size_t orig = 0;
            size_t n = SSL_CTX_get1_compressed_cert(sctx, alg, &data, &orig);
            printf("SSL_CTX_get1_compressed_cert(alg %d) = %zu orig=%zu data=%s\n", alg, n, orig, data == NULL ? "NULL" : "set");
            if (n > 0 && alg != TLSEXT_comp_cert_brotli) {
                /* What the application made elsewhere, handed back. */
                line("  SSL_CTX_set1_compressed_cert(that)", SSL_CTX_set1_compressed_cert(sctx, alg, data, n, orig));
            }
            OPENSSL_free(data);
            ERR_clear_error();
        }
        line("SSL_CTX_set1_compressed_cert(brotli)", SSL_CTX_set1_compressed_cert(sctx, TLSEXT_comp_cert_brotli, (unsigned char *)"x", 1, 10));
        SSL *cl = SSL_new(cctx);
        line("SSL_set1_compressed_cert(client)", SSL_set1_compressed_cert(cl, TLSEXT_comp_cert_zlib, (unsigned char *)"x", 1, 10));
        line("SSL_set1_cert_comp_preference(NULL, 0)", SSL_set1_cert_comp_preference(cl, NULL, 0));
        SSL_free(cl);
        ERR_clear_error();
    }

    /* ---------------------------------------------------------- raw public key lists (RFC 7250) */
    {
        unsigned char both[] = { TLSEXT_cert_type_rpk, TLSEXT_cert_type_x509 }, pgp[] = { TLSEXT_cert_type_pgp };
        unsigned char dup[] = { TLSEXT_cert_type_rpk, TLSEXT_cert_type_rpk }, *t = NULL;
        size_t n = 0;
        SSL *r = SSL_new(cctx);
        line("SSL_set1_server_cert_type(rpk,x509)", SSL_set1_server_cert_type(r, both, 2));
        SSL_get0_server_cert_type(r, &t, &n);
        printf("  server types len=%zu first=%d\n", n, n > 0 ? t[0] : -1);
        line("SSL_set1_server_cert_type(pgp)", SSL_set1_server_cert_type(r, pgp, 1));
        line("SSL_set1_server_cert_type(rpk,rpk)", SSL_set1_server_cert_type(r, dup, 2));
        line("SSL_set1_server_cert_type(NULL,1)", SSL_set1_server_cert_type(r, NULL, 1));
        line("SSL_set1_server_cert_type(list,0)", SSL_set1_server_cert_type(r, both, 0));
        line("SSL_set1_server_cert_type(NULL,0)", SSL_set1_server_cert_type(r, NULL, 0));
        SSL_get0_server_cert_type(r, &t, &n);
        printf("  server types %s len=%zu\n", t == NULL ? "NULL" : "set", n);
        line("SSL_CTX_set1_client_cert_type(rpk)", SSL_CTX_set1_client_cert_type(cctx, both, 1));
        SSL *r2 = SSL_new(cctx);
        SSL_get0_client_cert_type(r2, &t, &n);
        printf("  a new SSL takes the context's client types: len=%zu\n", n);
        line("SSL_CTX_set1_client_cert_type(NULL,0)", SSL_CTX_set1_client_cert_type(cctx, NULL, 0));
        line("SSL_add_expected_rpk(no DANE)", SSL_add_expected_rpk(r, SSL_CTX_get0_privatekey(sctx)));
        line("SSL_get0_peer_rpk(before)", SSL_get0_peer_rpk(r) != NULL);
        line("SSL_get_negotiated_server_cert_type(before)", SSL_get_negotiated_server_cert_type(r));
        SSL_free(r);
        SSL_free(r2);
    }

    /* ---------------------------------------------------------- QUIC methods */
    const SSL_METHOD *m = OSSL_QUIC_client_method();
    printf("differs: QUIC is not offered: OSSL_QUIC_client_method non-NULL=%d\n", m != NULL);
    ERR_clear_error();

    SSL_free(c);
    SSL_free(s);
    SSL_CTX_free(cctx);
    SSL_CTX_free(sctx);
    close(sv[0]);
    close(sv[1]);
    return 0;
}
