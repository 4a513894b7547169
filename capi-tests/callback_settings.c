/* Settings an application changes inside handshake callbacks, as web
 * servers do, must take effect. Written only against OpenSSL's public API,
 * so the same source runs on the system libssl and on ours; the harness
 * (callback_settings.sh) drives it with openssl s_client and compares the
 * verdicts of the two libraries.
 *
 * usage: callback_settings MODE CERT KEY CAFILE COUNT
 *   certcb     lighttpd: the certificate callback sets SSL_VERIFY_PEER |
 *              SSL_VERIFY_FAIL_IF_NO_PEER_CERT and the client CA list
 *   sni        nginx/Apache: the servername callback switches to a context
 *              that verifies clients (SSL_set_SSL_CTX), copies its verify
 *              mode and depth, and reads and writes the handshake's session
 *   chversion  haproxy: the client-hello callback caps the version at
 *              TLS 1.2 and narrows the cipher list
 * Prints "port N", then one verdict line per connection.
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>

static const char *cafile;
static SSL_CTX *verifying_ctx;
static int session_ex_index;
static char marker[] = "set in the servername callback";
static char seen[256];

static void note(const char *what)
{
    strncat(seen, what, sizeof(seen) - strlen(seen) - 1);
}

static int cert_cb(SSL *ssl, void *arg)
{
    (void)arg;
    SSL_set_verify(ssl, SSL_VERIFY_PEER | SSL_VERIFY_FAIL_IF_NO_PEER_CERT, NULL);
    SSL_set_client_CA_list(ssl, SSL_load_client_CA_file(cafile));
    note(" cert_cb");
    return 1;
}

static int servername_cb(SSL *ssl, int *al, void *arg)
{
    (void)al;
    (void)arg;
    SSL_SESSION *sess = SSL_get0_session(ssl);
    note(sess != NULL ? " session=present" : " session=NULL");
    if (sess != NULL) {
        /* nginx's check of a resumed session's name; NULL for a new one. */
        note(SSL_SESSION_get0_hostname(sess) != NULL ? " hostname=set" : " hostname=none");
        SSL_SESSION_set_ex_data(sess, session_ex_index, marker);
    }
    if (SSL_get_servername(ssl, TLSEXT_NAMETYPE_host_name) == NULL)
        return SSL_TLSEXT_ERR_NOACK;
    SSL_set_SSL_CTX(ssl, verifying_ctx);
    SSL_set_verify(ssl, SSL_CTX_get_verify_mode(verifying_ctx), SSL_CTX_get_verify_callback(verifying_ctx));
    SSL_set_verify_depth(ssl, SSL_CTX_get_verify_depth(verifying_ctx));
    SSL_clear_options(ssl, SSL_get_options(ssl) & ~SSL_CTX_get_options(verifying_ctx));
    SSL_set_options(ssl, SSL_CTX_get_options(verifying_ctx));
    return SSL_TLSEXT_ERR_OK;
}

static int client_hello_cb(SSL *ssl, int *al, void *arg)
{
    (void)al;
    (void)arg;
    if (!SSL_set_max_proto_version(ssl, TLS1_2_VERSION) || !SSL_set_cipher_list(ssl, "ECDHE-ECDSA-AES256-GCM-SHA384"))
        return SSL_CLIENT_HELLO_ERROR;
    note(" client_hello_cb");
    return SSL_CLIENT_HELLO_SUCCESS;
}

static SSL_CTX *server_ctx(const char *cert, const char *key)
{
    SSL_CTX *ctx = SSL_CTX_new(TLS_server_method());
    if (ctx == NULL || SSL_CTX_use_certificate_chain_file(ctx, cert) != 1
        || SSL_CTX_use_PrivateKey_file(ctx, key, SSL_FILETYPE_PEM) != 1
        || SSL_CTX_load_verify_locations(ctx, cafile, NULL) != 1) {
        ERR_print_errors_fp(stderr);
        exit(2);
    }
    SSL_CTX_set_session_id_context(ctx, (const unsigned char *)"cbset", 5);
    return ctx;
}

int main(int argc, char **argv)
{
    if (argc != 6) {
        fprintf(stderr, "usage: callback_settings MODE CERT KEY CAFILE COUNT\n");
        return 2;
    }
    const char *mode = argv[1];
    cafile = argv[4];
    int count = atoi(argv[5]);
    session_ex_index = SSL_SESSION_get_ex_new_index(0, NULL, NULL, NULL, NULL);
    SSL_CTX *ctx = server_ctx(argv[2], argv[3]);
    if (strcmp(mode, "certcb") == 0) {
        SSL_CTX_set_cert_cb(ctx, cert_cb, NULL);
    } else if (strcmp(mode, "sni") == 0) {
        verifying_ctx = server_ctx(argv[2], argv[3]);
        SSL_CTX_set_verify(verifying_ctx, SSL_VERIFY_PEER | SSL_VERIFY_FAIL_IF_NO_PEER_CERT, NULL);
        SSL_CTX_set_verify_depth(verifying_ctx, 3);
        SSL_CTX_set_client_CA_list(verifying_ctx, SSL_load_client_CA_file(cafile));
        SSL_CTX_set_tlsext_servername_callback(ctx, servername_cb);
    } else if (strcmp(mode, "chversion") == 0) {
        SSL_CTX_set_client_hello_cb(ctx, client_hello_cb, NULL);
    } else {
        fprintf(stderr, "unknown mode %s\n", mode);
        return 2;
    }

    int ls = socket(AF_INET, SOCK_STREAM, 0);
    int one = 1;
    setsockopt(ls, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
    struct sockaddr_in a = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
    socklen_t alen = sizeof(a);
    if (bind(ls, (struct sockaddr *)&a, sizeof(a)) != 0 || listen(ls, 8) != 0
        || getsockname(ls, (struct sockaddr *)&a, &alen) != 0) {
        perror("listen");
        return 2;
    }
    printf("port %d\n", ntohs(a.sin_port));
    fflush(stdout);

    for (int i = 0; i < count; i++) {
        int fd = accept(ls, NULL, NULL);
        if (fd < 0)
            return 2;
        struct timeval tv = { .tv_sec = 10 };
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
        seen[0] = 0;
        SSL *ssl = SSL_new(ctx);
        SSL_set_fd(ssl, fd);
        if (SSL_accept(ssl) == 1) {
            X509 *peer = SSL_get_peer_certificate(ssl);
            char cn[128] = "none";
            if (peer != NULL)
                X509_NAME_get_text_by_NID(X509_get_subject_name(peer), NID_commonName, cn, sizeof(cn));
            SSL_SESSION *sess = SSL_get0_session(ssl);
            const char *ex = sess != NULL ? SSL_SESSION_get_ex_data(sess, session_ex_index) : NULL;
            printf("conn %d: accepted %s %s peer=%s verify=%ld%s%s\n", i, SSL_get_version(ssl),
                   SSL_CIPHER_get_name(SSL_get_current_cipher(ssl)), cn, SSL_get_verify_result(ssl), seen,
                   ex == marker ? " session_ex_data=kept" : "");
            X509_free(peer);
            SSL_shutdown(ssl);
        } else {
            unsigned long e = ERR_peek_last_error();
            printf("conn %d: refused: %s%s\n", i, e ? ERR_reason_error_string(e) : "no error queued", seen);
        }
        ERR_clear_error();
        fflush(stdout);
        SSL_free(ssl);
        close(fd);
    }
    SSL_CTX_free(ctx);
    return 0;
}
