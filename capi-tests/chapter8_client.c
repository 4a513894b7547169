/* The "Chapter 8, session reuse" client: connect, read the server's answer
 * (TLS 1.3 tickets arrive with it), SSL_get1_session, SSL_SESSION_get0_ticket,
 * close, connect again on a new SSL with SSL_set_session.
 *
 * Written only against OpenSSL's public API; it runs unchanged on the system
 * libssl and on ours. Exit status 0 only when the second connection resumed.
 *
 * usage: chapter8_client HOST PORT CAFILE [--expect-lib SUBSTRING]
 * environment: TLS12=1 speaks TLS 1.2 only (else TLS 1.3 only);
 *              CH8_PAUSE=N sleeps N seconds between the two connections;
 *              CH8_NO_EMS=N sets SSL_OP_NO_EXTENDED_MASTER_SECRET from round N on.
 */
#include <arpa/inet.h>
#include <netdb.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <openssl/err.h>
#include <openssl/ssl.h>

static int tcp_connect(const char *host, const char *port)
{
    struct addrinfo hints, *res, *ai;
    int fd = -1;
    memset(&hints, 0, sizeof(hints));
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    if (getaddrinfo(host, port, &hints, &res) != 0)
        return -1;
    for (ai = res; ai != NULL; ai = ai->ai_next) {
        fd = socket(ai->ai_family, ai->ai_socktype, ai->ai_protocol);
        if (fd < 0)
            continue;
        if (connect(fd, ai->ai_addr, ai->ai_addrlen) == 0)
            break;
        close(fd);
        fd = -1;
    }
    freeaddrinfo(res);
    return fd;
}

/* Which libssl this process loaded, from /proc/self/maps. */
static void print_loaded_libssl(const char *expect)
{
    FILE *f = fopen("/proc/self/maps", "r");
    char line[1024], seen[1024] = "";
    int ok = expect == NULL;
    if (f == NULL)
        return;
    while (fgets(line, sizeof(line), f) != NULL) {
        char *p = strchr(line, '/'), *base;
        if (p == NULL)
            continue;
        p[strcspn(p, "\n")] = 0;
        base = strrchr(p, '/') + 1;
        if (strncmp(base, "libssl.so", 9) != 0)
            continue;
        if (strcmp(seen, p) != 0) {
            fprintf(stderr, "loaded: %s\n", p);
            strncpy(seen, p, sizeof(seen) - 1);
        }
        if (expect != NULL && strstr(p, expect) != NULL)
            ok = 1;
        else if (expect != NULL) {
            fprintf(stderr, "FAIL: a libssl other than %s is mapped: %s\n", expect, p);
            exit(3);
        }
    }
    fclose(f);
    if (!ok) {
        fprintf(stderr, "FAIL: %s is not mapped\n", expect);
        exit(3);
    }
}

/* Callback observations, printed at the end (compared across libraries). */
static int keylog_lines[6], info_start, info_done, new_sessions;
static const char *keylog_labels[6] = {"CLIENT_HANDSHAKE_TRAFFIC_SECRET", "SERVER_HANDSHAKE_TRAFFIC_SECRET",
                                       "CLIENT_TRAFFIC_SECRET_0", "SERVER_TRAFFIC_SECRET_0", "EXPORTER_SECRET",
                                       "CLIENT_RANDOM"};

static void keylog_cb(const SSL *ssl, const char *line)
{
    (void)ssl;
    for (int i = 0; i < 6; i++)
        if (strncmp(line, keylog_labels[i], strlen(keylog_labels[i])) == 0 && line[strlen(keylog_labels[i])] == ' ')
            keylog_lines[i]++;
}

static void info_cb(const SSL *ssl, int where, int ret)
{
    (void)ssl;
    (void)ret;
    if (where & SSL_CB_HANDSHAKE_START)
        info_start++;
    if (where & SSL_CB_HANDSHAKE_DONE)
        info_done++;
}

static int new_session_cb(SSL *ssl, SSL_SESSION *sess)
{
    (void)ssl;
    (void)sess;
    new_sessions++;
    return 0; /* we do not keep the reference */
}

static SSL_SESSION *session_round(SSL_CTX *ctx, const char *host, const char *port, SSL_SESSION *resume, int round,
                                  int *reused)
{
    char buf[4096];
    const unsigned char *tick = NULL;
    size_t ticklen = 0;
    SSL_SESSION *sess;
    int fd = tcp_connect(host, port), n, total = 0;
    SSL *ssl;

    if (fd < 0) {
        fprintf(stderr, "connect failed\n");
        exit(2);
    }
    ssl = SSL_new(ctx);
    SSL_set_fd(ssl, fd);
    SSL_set_tlsext_host_name(ssl, host);
    SSL_set1_host(ssl, host);
    if (resume != NULL)
        SSL_set_session(ssl, resume);
    if (SSL_connect(ssl) != 1) {
        fprintf(stderr, "round %d: SSL_connect failed\n", round);
        ERR_print_errors_fp(stderr);
        exit(1);
    }
    *reused = SSL_session_reused(ssl);
    printf("round %d: %s %s reused=%d verify=%ld\n", round, SSL_get_version(ssl),
           SSL_CIPHER_get_name(SSL_get_current_cipher(ssl)), SSL_session_reused(ssl),
           SSL_get_verify_result(ssl));
    {
        const SSL_CIPHER *c = SSL_get_current_cipher(ssl);
        char desc[128];
        int alg_bits = 0, bits = SSL_CIPHER_get_bits(c, &alg_bits);
        printf("round %d: cipher id=%#lx protocol_id=%#x bits=%d/%d std=%s version=%s aead=%d\n", round,
               (unsigned long)SSL_CIPHER_get_id(c), SSL_CIPHER_get_protocol_id(c), bits, alg_bits,
               SSL_CIPHER_standard_name(c), SSL_CIPHER_get_version(c), SSL_CIPHER_is_aead(c));
        printf("round %d: description %s", round, SSL_CIPHER_description(c, desc, sizeof(desc)));
        printf("round %d: SSL_version=%#x session_protocol=%#x\n", round, SSL_version(ssl),
               SSL_SESSION_get_protocol_version(SSL_get_session(ssl)));
    }
    const char *req = "GET / HTTP/1.0\r\n\r\n";
    if (SSL_write(ssl, req, (int)strlen(req)) <= 0) {
        ERR_print_errors_fp(stderr);
        exit(1);
    }
    /* Read the whole answer: the server's tickets arrive before it. */
    while ((n = SSL_read(ssl, buf, sizeof(buf))) > 0)
        total += n;
    printf("round %d: read %s, error after answer=%d\n", round, total > 0 ? "answer" : "nothing",
           SSL_get_error(ssl, n));
    sess = SSL_get1_session(ssl);
    SSL_SESSION_get0_ticket(sess, &tick, &ticklen);
    printf("round %d: has_ticket=%d ticket_len=%s resumable=%d lifetime_hint=%lu\n", round,
           SSL_SESSION_has_ticket(sess), ticklen > 0 ? ">0" : "0", SSL_SESSION_is_resumable(sess),
           (unsigned long)SSL_SESSION_get_ticket_lifetime_hint(sess));
    fprintf(stderr, "round %d: ticket length %zu\n", round, ticklen);
    {
        unsigned int idlen = 0, ctxlen = 0;
        const unsigned char *alpn = NULL;
        size_t alpnlen = 0;
        const char *host = SSL_SESSION_get0_hostname(sess);
        SSL_SESSION_get_id(sess, &idlen);
        SSL_SESSION_get0_id_context(sess, &ctxlen);
        SSL_SESSION_get0_alpn_selected(sess, &alpn, &alpnlen);
        printf("round %d: session timeout=%ld time_set=%d id_len=%u sid_ctx_len=%u master_key_len=%zu cipher=%s "
               "hostname=%s alpn_len=%zu max_early_data=%u peer=%s version=%#x\n",
               round, SSL_SESSION_get_timeout(sess), SSL_SESSION_get_time(sess) > 0, idlen, ctxlen,
               SSL_SESSION_get_master_key(sess, NULL, 0), SSL_CIPHER_get_name(SSL_SESSION_get0_cipher(sess)),
               host ? host : "(null)", alpnlen, SSL_SESSION_get_max_early_data(sess),
               SSL_SESSION_get0_peer(sess) ? "yes" : "no", SSL_SESSION_get_protocol_version(sess));
    }
    SSL_shutdown(ssl);
    SSL_free(ssl);
    close(fd);
    return sess;
}

int main(int argc, char **argv)
{
    SSL_CTX *ctx;
    SSL_SESSION *s1, *s2;
    const char *expect = NULL;
    int reused1, reused2;

    if (argc < 4) {
        fprintf(stderr, "usage: %s HOST PORT CAFILE [--expect-lib SUBSTRING]\n", argv[0]);
        return 2;
    }
    if (argc >= 6 && strcmp(argv[4], "--expect-lib") == 0)
        expect = argv[5];
    setvbuf(stdout, NULL, _IOLBF, 0);
    print_loaded_libssl(expect);
    ctx = SSL_CTX_new(TLS_client_method());
    if (ctx == NULL || SSL_CTX_load_verify_locations(ctx, argv[3], NULL) != 1) {
        ERR_print_errors_fp(stderr);
        return 1;
    }
    SSL_CTX_set_verify(ctx, SSL_VERIFY_PEER, NULL);
    if (getenv("TLS12") != NULL) {
        SSL_CTX_set_min_proto_version(ctx, TLS1_2_VERSION);
        SSL_CTX_set_max_proto_version(ctx, TLS1_2_VERSION);
    } else {
        SSL_CTX_set_min_proto_version(ctx, TLS1_3_VERSION);
    }
    SSL_CTX_set_keylog_callback(ctx, keylog_cb);
    SSL_CTX_set_info_callback(ctx, info_cb);
    SSL_CTX_set_session_cache_mode(ctx, SSL_SESS_CACHE_CLIENT);
    SSL_CTX_sess_set_new_cb(ctx, new_session_cb);

    if (getenv("CH8_NO_EMS") != NULL && atoi(getenv("CH8_NO_EMS")) == 1)
        SSL_CTX_set_options(ctx, SSL_OP_NO_EXTENDED_MASTER_SECRET);
    s1 = session_round(ctx, argv[1], argv[2], NULL, 1, &reused1);
    if (getenv("CH8_PAUSE") != NULL)
        sleep((unsigned)atoi(getenv("CH8_PAUSE")));
    if (getenv("CH8_NO_EMS") != NULL && atoi(getenv("CH8_NO_EMS")) == 2)
        SSL_CTX_set_options(ctx, SSL_OP_NO_EXTENDED_MASTER_SECRET);
    if (getenv("CH8_NO_EMS") != NULL && atoi(getenv("CH8_NO_EMS")) == 1)
        SSL_CTX_clear_options(ctx, SSL_OP_NO_EXTENDED_MASTER_SECRET);
    s2 = session_round(ctx, argv[1], argv[2], s1, 2, &reused2);
    printf("keylog lines:");
    for (int i = 0; i < 6; i++)
        printf(" %s=%d", keylog_labels[i], keylog_lines[i]);
    printf("\ninfo: handshake_start=%d handshake_done=%d\n", info_start, info_done);
    printf("client cache: new_cb=%d number=%ld connect=%ld connect_good=%ld hits=%ld\n", new_sessions,
           SSL_CTX_sess_number(ctx), SSL_CTX_sess_connect(ctx), SSL_CTX_sess_connect_good(ctx), SSL_CTX_sess_hits(ctx));
    SSL_SESSION_free(s1);
    SSL_SESSION_free(s2);
    SSL_CTX_free(ctx);
    if (reused1 != 0 || reused2 != 1) {
        fprintf(stderr, "FAIL: expected a full handshake then a resumption (got %d, %d)\n", reused1, reused2);
        return 1;
    }
    printf("resumption: ok\n");
    return 0;
}
