/* A TLS server written only against OpenSSL's public API, so the same
 * source runs on the system libssl and on ours. It serves --count
 * connections one after another on 127.0.0.1 and prints, per connection,
 * whether the session was reused, then the session-cache statistics and
 * what the cache callbacks saw. The test harness compares this output
 * between the two libraries.
 *
 * usage: tls_server --cert F --key F [--port N] [--count N]
 *        [--mode stateless|noticket|tickets0|off|external|noauto]
 *        [--sidctx S] [--verify CAFILE] [--alpn P] [--tickets N] [--timeout S]
 *        [--pass PASSWORD] [--ticket-keys FILE80] [--extra-ticket] [--cert2 F --key2 F]
 *        [--sni-cert F --sni-key F]   (served for SNI "alt.test" via SSL_set_SSL_CTX)
 *        [--export LABEL]   (print SSL_export_keying_material per connection)
 *        [--srp USER:PASSWORD]   (TLS 1.2 SRP: the username callback sets the
 *                                 user's parameters in RFC 5054's 2048-bit group)
 * Prints "port N" first (port 0 picks a free one).
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

/* SRP's API is deprecated in OpenSSL 3.0 but still exported and used. */
#define OPENSSL_SUPPRESS_DEPRECATED
#include <openssl/err.h>
#include <openssl/ssl.h>

static int new_calls, remove_calls, get_calls;
static SSL_SESSION *external[64];
static int n_external;

static const char *opt(int argc, char **argv, const char *name, const char *def)
{
    for (int i = 1; i + 1 < argc; i++)
        if (strcmp(argv[i], name) == 0)
            return argv[i + 1];
    return def;
}

/* An external cache: keeps every new session (return 1 = we keep the reference). */
static int new_cb(SSL *ssl, SSL_SESSION *sess)
{
    (void)ssl;
    new_calls++;
    if (n_external < 64) {
        external[n_external++] = sess;
        return 1;
    }
    return 0;
}

static void remove_cb(SSL_CTX *ctx, SSL_SESSION *sess)
{
    (void)ctx;
    (void)sess;
    remove_calls++;
}

static SSL_SESSION *get_cb(SSL *ssl, const unsigned char *id, int len, int *copy)
{
    (void)ssl;
    get_calls++;
    for (int i = 0; i < n_external; i++) {
        unsigned int l;
        const unsigned char *sid = SSL_SESSION_get_id(external[i], &l);
        if ((int)l == len && memcmp(sid, id, l) == 0) {
            *copy = 1; /* we keep our reference; the library takes its own */
            return external[i];
        }
    }
    return NULL;
}

/* SRP: one user, "name:password"; anyone else is unknown_psk_identity. */
static int srp_cb(SSL *s, int *ad, void *arg)
{
    const char *spec = arg, *colon = strchr(spec, ':');
    const char *login = SSL_get_srp_username(s);
    if (login == NULL || colon == NULL || strlen(login) != (size_t)(colon - spec) || strncmp(login, spec, colon - spec) != 0) {
        *ad = SSL_AD_UNKNOWN_PSK_IDENTITY;
        return SSL3_AL_FATAL;
    }
    char user[256];
    snprintf(user, sizeof(user), "%.*s", (int)(colon - spec), spec);
    if (SSL_set_srp_server_param_pw(s, user, colon + 1, "2048") != 1) {
        *ad = SSL_AD_INTERNAL_ERROR;
        return SSL3_AL_FATAL;
    }
    return SSL_ERROR_NONE;
}

static const char *password;
static int passwd_cb(char *buf, int size, int rwflag, void *u)
{
    (void)rwflag;
    (void)u;
    int n = (int)strlen(password);
    if (n > size)
        return -1;
    memcpy(buf, password, (size_t)n);
    return n;
}

/* SNI: a second context for "alt.test", switched to from the servername callback. */
static SSL_CTX *alt_ctx;
static int sni_cb(SSL *s, int *al, void *arg)
{
    const char *name = SSL_get_servername(s, TLSEXT_NAMETYPE_host_name);
    (void)al;
    (void)arg;
    if (name != NULL && strcmp(name, "alt.test") == 0 && alt_ctx != NULL)
        SSL_set_SSL_CTX(s, alt_ctx);
    return SSL_TLSEXT_ERR_OK;
}

static const unsigned char *alpn_want;
static int alpn_cb(SSL *s, const unsigned char **out, unsigned char *outlen, const unsigned char *in,
                   unsigned int inlen, void *arg)
{
    (void)s;
    (void)arg;
    if (SSL_select_next_proto((unsigned char **)out, outlen, alpn_want, alpn_want[0] + 1, in, inlen)
        != OPENSSL_NPN_NEGOTIATED)
        return SSL_TLSEXT_ERR_ALERT_FATAL;
    return SSL_TLSEXT_ERR_OK;
}

int main(int argc, char **argv)
{
    const char *mode = opt(argc, argv, "--mode", "stateless");
    const char *sidctx = opt(argc, argv, "--sidctx", "tls_server");
    const char *verify = opt(argc, argv, "--verify", NULL);
    const char *alpn = opt(argc, argv, "--alpn", NULL);
    int count = atoi(opt(argc, argv, "--count", "2"));
    int tickets = atoi(opt(argc, argv, "--tickets", "-1"));
    long timeout = atol(opt(argc, argv, "--timeout", "0"));
    SSL_CTX *ctx = SSL_CTX_new(TLS_server_method());
    struct sockaddr_in sa;
    socklen_t salen = sizeof(sa);
    int lfd, one = 1;
    unsigned char alpn_buf[64];

    setvbuf(stdout, NULL, _IOLBF, 0);
    password = opt(argc, argv, "--pass", NULL);
    if (password != NULL)
        SSL_CTX_set_default_passwd_cb(ctx, passwd_cb);
    if (ctx == NULL || SSL_CTX_use_certificate_chain_file(ctx, opt(argc, argv, "--cert", "")) != 1
        || SSL_CTX_use_PrivateKey_file(ctx, opt(argc, argv, "--key", ""), SSL_FILETYPE_PEM) != 1
        || SSL_CTX_check_private_key(ctx) != 1) {
        ERR_print_errors_fp(stderr);
        return 2;
    }
    if (opt(argc, argv, "--cert2", NULL) != NULL
        && (SSL_CTX_use_certificate_chain_file(ctx, opt(argc, argv, "--cert2", "")) != 1
            || SSL_CTX_use_PrivateKey_file(ctx, opt(argc, argv, "--key2", ""), SSL_FILETYPE_PEM) != 1)) {
        ERR_print_errors_fp(stderr);
        return 2;
    }
    if (opt(argc, argv, "--sni-cert", NULL) != NULL) {
        alt_ctx = SSL_CTX_new(TLS_server_method());
        if (SSL_CTX_use_certificate_chain_file(alt_ctx, opt(argc, argv, "--sni-cert", "")) != 1
            || SSL_CTX_use_PrivateKey_file(alt_ctx, opt(argc, argv, "--sni-key", ""), SSL_FILETYPE_PEM) != 1) {
            ERR_print_errors_fp(stderr);
            return 2;
        }
        SSL_CTX_set_tlsext_servername_callback(ctx, sni_cb);
    }
    if (opt(argc, argv, "--ticket-keys", NULL) != NULL) {
        unsigned char keys[80];
        FILE *kf = fopen(opt(argc, argv, "--ticket-keys", ""), "rb");
        if (kf == NULL || fread(keys, 1, sizeof(keys), kf) != sizeof(keys)
            || SSL_CTX_set_tlsext_ticket_keys(ctx, keys, sizeof(keys)) != 1) {
            fprintf(stderr, "ticket keys\n");
            return 2;
        }
        fclose(kf);
    }
    /* TLS12=1 in the environment: TLS 1.2 only (else TLS 1.3 only). */
    if (getenv("TLS12") != NULL) {
        SSL_CTX_set_min_proto_version(ctx, TLS1_2_VERSION);
        SSL_CTX_set_max_proto_version(ctx, TLS1_2_VERSION);
    } else {
        SSL_CTX_set_min_proto_version(ctx, TLS1_3_VERSION);
    }
    /* --sidctx none: no session id context at all. */
    if (strcmp(sidctx, "none") != 0)
        SSL_CTX_set_session_id_context(ctx, (const unsigned char *)sidctx, (unsigned)strlen(sidctx));
    if (timeout > 0)
        SSL_CTX_set_timeout(ctx, timeout);
    if (tickets >= 0)
        SSL_CTX_set_num_tickets(ctx, (size_t)tickets);
    if (strcmp(mode, "noticket") == 0) {
        SSL_CTX_set_options(ctx, SSL_OP_NO_TICKET);
    } else if (strcmp(mode, "tickets0") == 0) {
        SSL_CTX_set_num_tickets(ctx, 0);
    } else if (strcmp(mode, "off") == 0) {
        SSL_CTX_set_session_cache_mode(ctx, SSL_SESS_CACHE_OFF);
        SSL_CTX_set_options(ctx, SSL_OP_NO_TICKET);
    } else if (strcmp(mode, "external") == 0) {
        SSL_CTX_set_session_cache_mode(ctx, SSL_SESS_CACHE_SERVER | SSL_SESS_CACHE_NO_INTERNAL);
        SSL_CTX_set_options(ctx, SSL_OP_NO_TICKET);
    } else if (strcmp(mode, "small") == 0) {
        SSL_CTX_set_options(ctx, SSL_OP_NO_TICKET);
        SSL_CTX_sess_set_cache_size(ctx, 1);
    }
    if (strcmp(mode, "stateless") != 0 && strcmp(mode, "tickets0") != 0) {
        SSL_CTX_sess_set_new_cb(ctx, new_cb);
        SSL_CTX_sess_set_remove_cb(ctx, remove_cb);
        SSL_CTX_sess_set_get_cb(ctx, get_cb);
    }
    if (verify != NULL) {
        SSL_CTX_load_verify_locations(ctx, verify, NULL);
        SSL_CTX_set_client_CA_list(ctx, SSL_load_client_CA_file(verify));
        SSL_CTX_set_verify(ctx, SSL_VERIFY_PEER | SSL_VERIFY_FAIL_IF_NO_PEER_CERT, NULL);
    }
    if (opt(argc, argv, "--srp", NULL) != NULL) {
        SSL_CTX_set_srp_cb_arg(ctx, (void *)opt(argc, argv, "--srp", NULL));
        SSL_CTX_set_srp_username_callback(ctx, srp_cb);
        SSL_CTX_set_cipher_list(ctx, "ALL:@SECLEVEL=0");
    }
    if (alpn != NULL) {
        alpn_buf[0] = (unsigned char)strlen(alpn);
        memcpy(alpn_buf + 1, alpn, alpn_buf[0]);
        alpn_want = alpn_buf;
        SSL_CTX_set_alpn_select_cb(ctx, alpn_cb, NULL);
    }

    lfd = socket(AF_INET, SOCK_STREAM, 0);
    setsockopt(lfd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
    memset(&sa, 0, sizeof(sa));
    sa.sin_family = AF_INET;
    sa.sin_port = htons((unsigned short)atoi(opt(argc, argv, "--port", "0")));
    sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (bind(lfd, (struct sockaddr *)&sa, sizeof(sa)) != 0 || listen(lfd, 16) != 0) {
        perror("bind");
        return 2;
    }
    getsockname(lfd, (struct sockaddr *)&sa, &salen);
    printf("port %d\n", ntohs(sa.sin_port));

    for (int i = 1; i <= count; i++) {
        char buf[4096];
        int fd = accept(lfd, NULL, NULL), n;
        struct timeval tv = {3, 0};
        SSL *ssl = SSL_new(ctx);
        /* A peer that neither sends nor closes must not stall the next connection. */
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
        SSL_set_fd(ssl, fd);
        if (SSL_accept(ssl) != 1) {
            unsigned long e;
            printf("conn %d: handshake failed\n", i);
            while ((e = ERR_get_error()) != 0)
                printf("conn %d: error \"%s\"\n", i, ERR_reason_error_string(e));
            SSL_free(ssl);
            close(fd);
            continue;
        }
        {
            const unsigned char *sel = NULL;
            unsigned int sel_len = 0;
            X509 *peer = SSL_get0_peer_certificate(ssl);
            SSL_get0_alpn_selected(ssl, &sel, &sel_len);
            printf("conn %d: %s %s reused=%d client_cert=%s verify=%ld alpn=%.*s sni=%s\n", i, SSL_get_version(ssl),
                   SSL_CIPHER_get_name(SSL_get_current_cipher(ssl)), SSL_session_reused(ssl),
                   peer != NULL ? "yes" : "no", SSL_get_verify_result(ssl), (int)sel_len,
                   sel_len ? (const char *)sel : "-", SSL_get_servername(ssl, TLSEXT_NAMETYPE_host_name)
                       ? SSL_get_servername(ssl, TLSEXT_NAMETYPE_host_name) : "-");
        }
        if (opt(argc, argv, "--srp", NULL) != NULL)
            printf("conn %d: srp username=%s\n", i, SSL_get_srp_username(ssl) ? SSL_get_srp_username(ssl) : "(null)");
        if (opt(argc, argv, "--extra-ticket", NULL) != NULL || (argc > 1 && strcmp(argv[argc - 1], "--extra-ticket") == 0))
            printf("conn %d: SSL_new_session_ticket=%d\n", i, SSL_new_session_ticket(ssl));
        {
            SSL_SESSION *ss = SSL_get_session(ssl);
            unsigned int idlen = 0, ctxlen = 0;
            const char *host = ss ? SSL_SESSION_get0_hostname(ss) : NULL;
            if (ss != NULL) {
                SSL_SESSION_get_id(ss, &idlen);
                SSL_SESSION_get0_id_context(ss, &ctxlen);
                printf("conn %d: session id_len=%u sid_ctx_len=%u timeout=%ld resumable=%d has_ticket=%d "
                       "master_key_len=%zu hostname=%s cipher=%s\n",
                       i, idlen, ctxlen, SSL_SESSION_get_timeout(ss), SSL_SESSION_is_resumable(ss),
                       SSL_SESSION_has_ticket(ss), SSL_SESSION_get_master_key(ss, NULL, 0), host ? host : "(null)",
                       SSL_CIPHER_get_name(SSL_SESSION_get0_cipher(ss)));
            } else {
                printf("conn %d: no session\n", i);
            }
        }
        if (opt(argc, argv, "--export", NULL) != NULL) {
            const char *label = opt(argc, argv, "--export", "");
            unsigned char km[32];
            int ok = SSL_export_keying_material(ssl, km, sizeof(km), label, strlen(label),
                                                (const unsigned char *)"ctx", 3, 1);
            printf("conn %d: exporter: %d ", i, ok);
            for (size_t k = 0; k < sizeof(km); k++)
                printf("%02x", km[k]);
            printf("\n");
        }
        n = SSL_read(ssl, buf, sizeof(buf));
        if (n < 0) {
            unsigned long e;
            printf("conn %d: read failed, ssl_error=%d\n", i, SSL_get_error(ssl, n));
            while ((e = ERR_get_error()) != 0)
                printf("conn %d: error \"%s\"\n", i, ERR_reason_error_string(e));
        }
        if (n > 0) {
            const char *resp = "HTTP/1.0 200 ok\r\nContent-Type: text/plain\r\n\r\nhello from tls_server\n";
            SSL_write(ssl, resp, (int)strlen(resp));
        }
        SSL_shutdown(ssl);
        SSL_free(ssl);
        close(fd);
    }
    printf("stats: number=%ld accept=%ld accept_good=%ld hits=%ld cb_hits=%ld misses=%ld timeouts=%ld cache_full=%ld\n",
           SSL_CTX_sess_number(ctx), SSL_CTX_sess_accept(ctx), SSL_CTX_sess_accept_good(ctx), SSL_CTX_sess_hits(ctx),
           SSL_CTX_sess_cb_hits(ctx), SSL_CTX_sess_misses(ctx), SSL_CTX_sess_timeouts(ctx),
           SSL_CTX_sess_cache_full(ctx));
    printf("callbacks: new=%d remove=%d get=%d\n", new_calls, remove_calls, get_calls);
    for (int i = 0; i < n_external; i++)
        SSL_SESSION_free(external[i]);
    SSL_CTX_free(ctx);
    SSL_CTX_free(alt_ctx);
    close(lfd);
    return 0;
}
