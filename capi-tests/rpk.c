/*
 * Raw public keys (RFC 7250) as an application pins them with OpenSSL 3.5:
 * SSL_VERIFY_PEER and a verify callback that accepts the peer's key
 * (X509_STORE_CTX_get0_rpk) when it equals the pinned one. One TLS 1.3
 * connection, as a client or as a server, against a real peer (trixie's
 * openssl s_server / s_client -enable_*_rpk); debian13.sh runs it on
 * trixie's libssl and on ours and expects the same line.
 *
 *   rpk client PORT PIN|-|none          (server's key: "-" = no callback,
 *                                        "none" = SSL_VERIFY_NONE)
 *   rpk server PORT PIN|- CERT KEY      (client's key, as above)
 *
 * Prints: handshake=ok|failed verify=N server_type=N client_type=N
 *         peer_rpk=pinned|other|none
 */
#include <openssl/ssl.h>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

static EVP_PKEY *pinned;

static int pin_cb(int ok, X509_STORE_CTX *ctx)
{
    EVP_PKEY *k = X509_STORE_CTX_get0_rpk(ctx);

    if (k != NULL && pinned != NULL && EVP_PKEY_eq(k, pinned) == 1) {
        X509_STORE_CTX_set_error(ctx, X509_V_OK);
        return 1;
    }
    return ok;
}

static EVP_PKEY *read_pubkey(const char *path)
{
    FILE *f = fopen(path, "r");
    EVP_PKEY *k = NULL;

    if (f == NULL)
        return NULL;
    /* A private key file gives its public half. */
    k = PEM_read_PrivateKey(f, NULL, NULL, NULL);
    fclose(f);
    return k;
}

int main(int argc, char **argv)
{
    if (argc < 4)
        return 2;
    int server = strcmp(argv[1], "server") == 0;
    int port = atoi(argv[2]);
    const char *pin = argv[3];
    unsigned char rpk_first[] = { TLSEXT_cert_type_rpk, TLSEXT_cert_type_x509 };
    SSL_CTX *ctx = SSL_CTX_new(server ? TLS_server_method() : TLS_client_method());

    if (ctx == NULL)
        return 2;
    SSL_CTX_set_min_proto_version(ctx, TLS1_3_VERSION);
    if (strcmp(pin, "-") != 0 && strcmp(pin, "none") != 0 && (pinned = read_pubkey(pin)) == NULL)
        return 2;
    int mode = strcmp(pin, "none") == 0 ? SSL_VERIFY_NONE
        : server ? SSL_VERIFY_PEER | SSL_VERIFY_FAIL_IF_NO_PEER_CERT : SSL_VERIFY_PEER;
    SSL_CTX_set_verify(ctx, mode, pinned != NULL ? pin_cb : NULL);

    int fd;
    if (server) {
        if (argc < 6 || SSL_CTX_use_certificate_file(ctx, argv[4], SSL_FILETYPE_PEM) != 1
            || SSL_CTX_use_PrivateKey_file(ctx, argv[5], SSL_FILETYPE_PEM) != 1)
            return 2;
        /* We accept the client's raw public key (and X.509). */
        if (SSL_CTX_set1_client_cert_type(ctx, rpk_first, 2) != 1)
            return 2;
        int ls = socket(AF_INET, SOCK_STREAM, 0), one = 1;
        struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons(port) };
        a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        setsockopt(ls, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
        if (bind(ls, (struct sockaddr *)&a, sizeof(a)) != 0 || listen(ls, 1) != 0)
            return 2;
        printf("listening\n");
        fflush(stdout);
        fd = accept(ls, NULL, NULL);
        close(ls);
    } else {
        /* We accept the server's raw public key (and X.509). */
        if (SSL_CTX_set1_server_cert_type(ctx, rpk_first, 2) != 1)
            return 2;
        fd = socket(AF_INET, SOCK_STREAM, 0);
        struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons(port) };
        a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        if (connect(fd, (struct sockaddr *)&a, sizeof(a)) != 0)
            return 2;
    }
    SSL *s = SSL_new(ctx);
    SSL_set_fd(s, fd);
    int ok = (server ? SSL_accept(s) : SSL_connect(s)) == 1;
    if (ok && server) {
        /* The client's Finished has been checked; read its request. */
        char buf[256];
        SSL_read(s, buf, sizeof(buf));
        SSL_write(s, "HTTP/1.0 200 ok\r\n\r\nrpk\n", 23);
    }
    EVP_PKEY *peer = SSL_get0_peer_rpk(s);
    printf("handshake=%s verify=%ld server_type=%d client_type=%d peer_rpk=%s\n", ok ? "ok" : "failed",
           SSL_get_verify_result(s), SSL_get_negotiated_server_cert_type(s), SSL_get_negotiated_client_cert_type(s),
           peer == NULL ? "none" : pinned != NULL && EVP_PKEY_eq(peer, pinned) == 1 ? "pinned" : "other");
    if (ok)
        SSL_shutdown(s);
    SSL_free(s);
    close(fd);
    SSL_CTX_free(ctx);
    return 0;
}
