/* Client authentication asked for in the middle of a connection, driven
 * through the API calls Apache's mod_ssl makes for a per-directory
 * "SSLVerifyClient require": on TLS 1.3 SSL_set_verify +
 * SSL_verify_client_post_handshake + SSL_do_handshake + SSL_peek(ssl, buf,
 * 0); on TLS 1.2 SSL_set_verify + SSL_set_session_id_context +
 * SSL_renegotiate + SSL_do_handshake + SSL_peek(ssl, buf, 0). Prints each
 * call's result and what the connection reports after, so the harness can
 * compare the system libssl with ours line by line.
 *
 * usage: late_client_auth CERT KEY CAFILE [tls1_2]
 * Prints "port N" first; serves one connection.
 */
#include <arpa/inet.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <openssl/err.h>
#include <openssl/ssl.h>

static void errors(void)
{
    unsigned long e;
    while ((e = ERR_get_error()) != 0)
        printf("  error: %s\n", ERR_reason_error_string(e));
}

int main(int argc, char **argv)
{
    if (argc < 4)
        return 2;
    int tls12 = argc > 4 && strcmp(argv[4], "tls1_2") == 0;
    SSL_CTX *ctx = SSL_CTX_new(TLS_server_method());
    if (SSL_CTX_use_certificate_file(ctx, argv[1], SSL_FILETYPE_PEM) != 1
        || SSL_CTX_use_PrivateKey_file(ctx, argv[2], SSL_FILETYPE_PEM) != 1
        || SSL_CTX_load_verify_locations(ctx, argv[3], NULL) != 1)
        return 2;
    if (tls12)
        SSL_CTX_set_max_proto_version(ctx, TLS1_2_VERSION);
    int ls = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in a = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
    socklen_t alen = sizeof(a);
    if (bind(ls, (struct sockaddr *)&a, sizeof(a)) != 0 || listen(ls, 1) != 0 || getsockname(ls, (struct sockaddr *)&a, &alen) != 0)
        return 2;
    printf("port %d\n", ntohs(a.sin_port));
    fflush(stdout);
    int fd = accept(ls, NULL, NULL);
    struct timeval tv = { .tv_sec = 5 };
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
    SSL *ssl = SSL_new(ctx);
    SSL_set_fd(ssl, fd);
    int accepted = SSL_accept(ssl);
    printf("SSL_accept %d %s\n", accepted, SSL_get_version(ssl));
    char buf[64];
    printf("SSL_read %d\n", SSL_read(ssl, buf, sizeof(buf)));
    int r;
    if (tls12) {
        r = SSL_verify_client_post_handshake(ssl);
        printf("SSL_verify_client_post_handshake %d\n", r);
        errors();
    }
    SSL_set_verify(ssl, SSL_VERIFY_PEER | SSL_VERIFY_FAIL_IF_NO_PEER_CERT | SSL_VERIFY_CLIENT_ONCE, NULL);
    if (tls12) {
        SSL_set_session_id_context(ssl, (const unsigned char *)"late", 4);
        r = SSL_renegotiate(ssl);
        printf("SSL_renegotiate %d pending %d\n", r, SSL_renegotiate_pending(ssl));
    } else {
        r = SSL_verify_client_post_handshake(ssl);
        printf("SSL_verify_client_post_handshake %d\n", r);
        r = SSL_verify_client_post_handshake(ssl);
        printf("again %d\n", r);
        errors();
    }
    printf("init finished %d\n", SSL_is_init_finished(ssl));
    r = SSL_do_handshake(ssl);
    printf("SSL_do_handshake %d, init finished %d\n", r, SSL_is_init_finished(ssl));
    r = SSL_peek(ssl, buf, 0);
    printf("SSL_peek %d error %d, init finished %d, pending %d\n", r, SSL_get_error(ssl, r), SSL_is_init_finished(ssl), SSL_renegotiate_pending(ssl));
    errors();
    X509 *peer = SSL_get_peer_certificate(ssl);
    char cn[64] = "none";
    if (peer != NULL)
        X509_NAME_get_text_by_NID(X509_get_subject_name(peer), NID_commonName, cn, sizeof(cn));
    printf("peer %s verify %ld\n", cn, SSL_get_verify_result(ssl));
    X509_free(peer);
    SSL_free(ssl);
    close(fd);
    SSL_CTX_free(ctx);
    return 0;
}
