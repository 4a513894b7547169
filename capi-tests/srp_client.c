/* A TLS 1.2 SRP client (RFC 5054) written against OpenSSL's public API, so
 * the same source runs on the system libssl and on ours: it connects to
 * 127.0.0.1:PORT with SRP username and password and suite list, sends an
 * HTTP request and prints the negotiated suite, the SRP username, the
 * group size the server sent and the first response line, or the error.
 *
 * usage: srp_client PORT USER PASSWORD CIPHERS [CAFILE]
 */
#define OPENSSL_SUPPRESS_DEPRECATED
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <openssl/bn.h>
#include <openssl/err.h>
#include <openssl/srp.h>
#include <openssl/ssl.h>

static int verify_param_calls;

/* Accepts the groups of RFC 5054 only, as OpenSSL's default check, and
 * records that the callback could read N and g. */
static int verify_param_cb(SSL *s, void *arg)
{
    (void)arg;
    verify_param_calls++;
    return SSL_get_srp_N(s) != NULL && SSL_get_srp_g(s) != NULL
           && SRP_check_known_gN_param(SSL_get_srp_g(s), SSL_get_srp_N(s)) != NULL;
}

int main(int argc, char **argv)
{
    if (argc < 5) {
        fprintf(stderr, "usage: srp_client PORT USER PASSWORD CIPHERS [CAFILE]\n");
        return 2;
    }
    SSL_CTX *ctx = SSL_CTX_new(TLS_client_method());
    SSL_CTX_set_max_proto_version(ctx, TLS1_2_VERSION);
    if (SSL_CTX_set_cipher_list(ctx, argv[4]) != 1 || SSL_CTX_set_srp_username(ctx, argv[2]) != 1
        || SSL_CTX_set_srp_password(ctx, argv[3]) != 1 || SSL_CTX_set_srp_verify_param_callback(ctx, verify_param_cb) != 1) {
        printf("setup failed\n");
        return 1;
    }
    if (argc > 5) {
        SSL_CTX_load_verify_locations(ctx, argv[5], NULL);
        SSL_CTX_set_verify(ctx, SSL_VERIFY_PEER, NULL);
    }
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in sa;
    struct timeval tv = {5, 0};
    memset(&sa, 0, sizeof(sa));
    sa.sin_family = AF_INET;
    sa.sin_port = htons((unsigned short)atoi(argv[1]));
    sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
    if (connect(fd, (struct sockaddr *)&sa, sizeof(sa)) != 0) {
        perror("connect");
        return 1;
    }
    SSL *ssl = SSL_new(ctx);
    SSL_set_fd(ssl, fd);
    if (SSL_connect(ssl) != 1) {
        unsigned long e;
        printf("handshake failed\n");
        while ((e = ERR_get_error()) != 0)
            printf("error \"%s\"\n", ERR_reason_error_string(e));
        return 0;
    }
    const char *req = "GET / HTTP/1.0\r\n\r\n";
    char buf[256] = {0};
    SSL_write(ssl, req, (int)strlen(req));
    int n = SSL_read(ssl, buf, sizeof(buf) - 1);
    char *eol = n > 0 ? strpbrk(buf, "\r\n") : NULL;
    if (eol != NULL)
        *eol = 0;
    printf("%s %s username=%s N_bits=%d verify_param_calls=%d response=\"%s\"\n", SSL_get_version(ssl),
           SSL_CIPHER_get_name(SSL_get_current_cipher(ssl)), SSL_get_srp_username(ssl),
           SSL_get_srp_N(ssl) ? BN_num_bits(SSL_get_srp_N(ssl)) : 0, verify_param_calls, n > 0 ? buf : "");
    SSL_shutdown(ssl);
    SSL_free(ssl);
    SSL_CTX_free(ctx);
    close(fd);
    return 0;
}
