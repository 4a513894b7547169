/* A configurable TLS client for the interop matrix, written only against
 * OpenSSL's public API so the same source runs on the system libssl and on
 * ours. It prints one line per fact; the test scripts compare or grep them.
 *
 * usage: probe_client --port N --ca FILE [--host NAME] [--sni NAME]
 *        [--suites LIST] [--groups LIST] [--alpn PROTO] [--mode MODE]
 * MODE: www       send "GET /" and read the answer to close_notify (default)
 *       rev       send a line, expect it reversed (openssl s_server -rev)
 *       keyupdate as rev, after SSL_key_update(REQUESTED)
 *       shutdown  rev exchange, then SSL_shutdown twice (bidirectional)
 *       membio    www over memory BIOs, driven by hand (non-blocking)
 *       handshake only the handshake
 * --cert F --key F: present a client certificate when asked.
 * --export LABEL: print SSL_export_keying_material(LABEL, context "ctx", 32 bytes).
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509_vfy.h>

static const char *opt(int argc, char **argv, const char *name, const char *def)
{
    for (int i = 1; i + 1 < argc; i++)
        if (strcmp(argv[i], name) == 0)
            return argv[i + 1];
    return def;
}

static int tcp_connect(int port)
{
    struct sockaddr_in sa;
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    memset(&sa, 0, sizeof(sa));
    sa.sin_family = AF_INET;
    sa.sin_port = htons((unsigned short)port);
    sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (connect(fd, (struct sockaddr *)&sa, sizeof(sa)) != 0) {
        perror("connect");
        exit(2);
    }
    return fd;
}

/* Prints the reason strings of the queued errors (not the function names,
 * which differ between implementations). */
static void print_errors(const char *what)
{
    unsigned long e;
    while ((e = ERR_get_error()) != 0) {
        const char *r = ERR_reason_error_string(e);
        printf("%s error: lib=%d reason=%d \"%s\"\n", what, ERR_GET_LIB(e), ERR_GET_REASON(e), r ? r : "?");
    }
}

/* Moves ciphertext between the memory BIOs and the socket until the
 * operation stops asking. Returns 0 when the socket closed. */
static int pump(int fd, BIO *to_net, BIO *from_net, int want_read)
{
    char buf[16384];
    int n, pending;
    while ((pending = (int)BIO_ctrl_pending(to_net)) > 0) {
        n = BIO_read(to_net, buf, pending < (int)sizeof(buf) ? pending : (int)sizeof(buf));
        if (n > 0 && write(fd, buf, (size_t)n) != n)
            return 0;
    }
    if (want_read) {
        n = (int)read(fd, buf, sizeof(buf));
        if (n <= 0)
            return 0;
        BIO_write(from_net, buf, n);
    }
    return 1;
}

static int exchange_rev(SSL *ssl)
{
    const char *line = "libssl-rs says hello\n";
    char buf[256];
    int n = SSL_write(ssl, line, (int)strlen(line));
    if (n <= 0)
        return 0;
    n = SSL_read(ssl, buf, sizeof(buf) - 1);
    if (n <= 0)
        return 0;
    buf[n] = 0;
    printf("reversed: %s", buf);
    return strncmp(buf, "olleh syas sr-lssbil", 20) == 0;
}

int main(int argc, char **argv)
{
    int port = atoi(opt(argc, argv, "--port", "0"));
    const char *ca = opt(argc, argv, "--ca", NULL);
    const char *host = opt(argc, argv, "--host", "localhost");
    const char *sni = opt(argc, argv, "--sni", host);
    const char *suites = opt(argc, argv, "--suites", NULL);
    const char *groups = opt(argc, argv, "--groups", NULL);
    const char *alpn = opt(argc, argv, "--alpn", NULL);
    const char *mode = opt(argc, argv, "--mode", "www");
    const char *cert = opt(argc, argv, "--cert", NULL);
    const char *export_label = opt(argc, argv, "--export", NULL);
    const char *key = opt(argc, argv, "--key", NULL);
    const char *seclevel = opt(argc, argv, "--seclevel", NULL);
    SSL_CTX *ctx = SSL_CTX_new(TLS_client_method());
    if (seclevel != NULL)
        SSL_CTX_set_security_level(ctx, atoi(seclevel));
    SSL *ssl;
    int fd, ret, ok = 1;

    if (ctx == NULL || ca == NULL || SSL_CTX_load_verify_locations(ctx, ca, NULL) != 1) {
        print_errors("setup");
        return 2;
    }
    SSL_CTX_set_verify(ctx, SSL_VERIFY_PEER, NULL);
    SSL_CTX_set_min_proto_version(ctx, TLS1_3_VERSION);
    if (cert != NULL && (SSL_CTX_use_certificate_chain_file(ctx, cert) != 1
                         || SSL_CTX_use_PrivateKey_file(ctx, key, SSL_FILETYPE_PEM) != 1)) {
        print_errors("client certificate");
        return 2;
    }
    if (suites != NULL && SSL_CTX_set_ciphersuites(ctx, suites) != 1) {
        print_errors("ciphersuites");
        return 2;
    }
    if (groups != NULL && SSL_CTX_set1_groups_list(ctx, groups) != 1) {
        print_errors("groups");
        return 2;
    }
    if (alpn != NULL) {
        unsigned char wire[256];
        size_t l = strlen(alpn);
        wire[0] = (unsigned char)l;
        memcpy(wire + 1, alpn, l);
        if (SSL_CTX_set_alpn_protos(ctx, wire, (unsigned)(l + 1)) != 0)
            return 2;
    }
    fd = tcp_connect(port);
    ssl = SSL_new(ctx);
    SSL_set_tlsext_host_name(ssl, sni);
    SSL_set1_host(ssl, host);

    if (strcmp(mode, "membio") == 0) {
        BIO *in = BIO_new(BIO_s_mem()), *out = BIO_new(BIO_s_mem());
        int wants = 0;
        BIO_set_mem_eof_return(in, -1); /* empty read BIO = retry, not EOF */
        SSL_set_bio(ssl, in, out);
        SSL_set_connect_state(ssl);
        while ((ret = SSL_do_handshake(ssl)) != 1) {
            int err = SSL_get_error(ssl, ret);
            if (err != SSL_ERROR_WANT_READ && err != SSL_ERROR_WANT_WRITE) {
                printf("handshake: failed ssl_error=%d\n", err);
                print_errors("handshake");
                return 1;
            }
            wants++;
            if (!pump(fd, out, in, err == SSL_ERROR_WANT_READ))
                return 1;
        }
        pump(fd, out, in, 0);
        printf("membio: handshake needed retries=%s\n", wants > 0 ? "yes" : "no");
        SSL_write(ssl, "GET / HTTP/1.0\r\n\r\n", 18);
        for (;;) {
            char buf[4096];
            ret = SSL_read(ssl, buf, sizeof(buf));
            if (ret > 0)
                continue;
            int err = SSL_get_error(ssl, ret);
            if (err == SSL_ERROR_WANT_READ || err == SSL_ERROR_WANT_WRITE) {
                if (!pump(fd, out, in, err == SSL_ERROR_WANT_READ))
                    break;
                continue;
            }
            printf("membio: read ended with ssl_error=%d\n", err);
            break;
        }
    } else {
        SSL_set_fd(ssl, fd);
        ret = SSL_connect(ssl);
        if (ret != 1) {
            printf("handshake: failed ssl_error=%d verify_result=%ld (%s)\n", SSL_get_error(ssl, ret),
                   SSL_get_verify_result(ssl), X509_verify_cert_error_string(SSL_get_verify_result(ssl)));
            print_errors("handshake");
            return 1;
        }
    }
    {
        const unsigned char *sel = NULL;
        unsigned int sel_len = 0;
        X509 *peer = SSL_get0_peer_certificate(ssl);
        SSL_get0_alpn_selected(ssl, &sel, &sel_len);
        printf("handshake: %s %s verify=%ld peer=%s alpn=%.*s\n", SSL_get_version(ssl),
               SSL_CIPHER_get_name(SSL_get_current_cipher(ssl)), SSL_get_verify_result(ssl),
               peer != NULL ? "yes" : "no", (int)sel_len, sel_len ? (const char *)sel : "(none)");
    }
    if (export_label != NULL) {
        unsigned char km[32];
        int ok = SSL_export_keying_material(ssl, km, sizeof(km), export_label, strlen(export_label),
                                            (const unsigned char *)"ctx", 3, 1);
        printf("exporter: %d ", ok);
        for (size_t i = 0; i < sizeof(km); i++)
            printf("%02x", km[i]);
        printf("\n");
    }
    if (strcmp(mode, "www") == 0) {
        char buf[4096];
        int total = 0, n;
        SSL_write(ssl, "GET / HTTP/1.0\r\n\r\n", 18);
        while ((n = SSL_read(ssl, buf, sizeof(buf))) > 0)
            total += n;
        printf("www: answer=%s end=%d\n", total > 0 ? "yes" : "no", SSL_get_error(ssl, n));
        ok = total > 0;
    } else if (strcmp(mode, "rev") == 0) {
        ok = exchange_rev(ssl);
    } else if (strcmp(mode, "keyupdate") == 0) {
        ok = exchange_rev(ssl);
        printf("key_update: %d\n", SSL_key_update(ssl, SSL_KEY_UPDATE_REQUESTED));
        ok = ok && exchange_rev(ssl) && exchange_rev(ssl);
    } else if (strcmp(mode, "shutdown") == 0) {
        ok = exchange_rev(ssl);
        ret = SSL_shutdown(ssl);
        printf("shutdown 1: %d state=%d\n", ret, SSL_get_shutdown(ssl));
        ok = ok && ret == 0;
        ret = SSL_shutdown(ssl);
        printf("shutdown 2: %d state=%d\n", ret, SSL_get_shutdown(ssl));
        ok = ok && ret == 1;
    }
    print_errors("after");
    SSL_free(ssl);
    SSL_CTX_free(ctx);
    close(fd);
    printf("result: %s\n", ok ? "ok" : "FAIL");
    return ok ? 0 : 1;
}
