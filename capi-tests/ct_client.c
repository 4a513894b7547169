/* A Certificate Transparency client, written only against OpenSSL's public
 * API so the same source runs on the system libssl and on ours: it verifies
 * the server (SSL_VERIFY_PEER) with CT enabled in the given mode and prints
 * the verdict, the verify result and each SCT's source and validation
 * status, one fact per line.
 *
 * usage: ct_client PORT CAFILE CTLOGFILE strict|permissive|callback TLS1.2|TLS1.3
 * "callback" installs SSL_CTX_set_ct_validation_callback with a callback
 * that accepts when an SCT validated and counts its calls.
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <openssl/ct.h>
#include <openssl/err.h>
#include <openssl/ssl.h>

static int callback_calls;

static int accept_if_valid(const CT_POLICY_EVAL_CTX *ctx, const STACK_OF(SCT) *scts, void *arg)
{
    (void)ctx;
    callback_calls += *(int *)arg;
    for (int i = 0; i < sk_SCT_num(scts); i++)
        if (SCT_get_validation_status(sk_SCT_value(scts, i)) == SCT_VALIDATION_STATUS_VALID)
            return 1;
    return 0;
}

int main(int argc, char **argv)
{
    if (argc != 6) {
        fprintf(stderr, "usage: %s PORT CAFILE CTLOGFILE strict|permissive|callback TLS1.2|TLS1.3\n", argv[0]);
        return 2;
    }
    static int one = 1;
    SSL_CTX *ctx = SSL_CTX_new(TLS_client_method());
    SSL_CTX_load_verify_locations(ctx, argv[2], NULL);
    SSL_CTX_set_verify(ctx, SSL_VERIFY_PEER, NULL);
    int v = strcmp(argv[5], "TLS1.3") == 0 ? TLS1_3_VERSION : TLS1_2_VERSION;
    SSL_CTX_set_min_proto_version(ctx, v);
    SSL_CTX_set_max_proto_version(ctx, v);
    if (!SSL_CTX_set_ctlog_list_file(ctx, argv[3])) {
        printf("ctlog list: not loaded\n");
        return 1;
    }
    printf("ct enabled before: %d\n", SSL_CTX_ct_is_enabled(ctx));
    int ok;
    if (strcmp(argv[4], "callback") == 0)
        ok = SSL_CTX_set_ct_validation_callback(ctx, accept_if_valid, &one);
    else
        ok = SSL_CTX_enable_ct(ctx, strcmp(argv[4], "strict") == 0 ? SSL_CT_VALIDATION_STRICT : SSL_CT_VALIDATION_PERMISSIVE);
    printf("enable: %d, enabled: %d\n", ok, SSL_CTX_ct_is_enabled(ctx));
    /* A bad mode is refused. */
    printf("bad mode: %d\n", SSL_CTX_enable_ct(ctx, 7));
    ERR_clear_error();

    int fd = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons(atoi(argv[1])) };
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (connect(fd, (struct sockaddr *)&a, sizeof a) != 0) {
        perror("connect");
        return 1;
    }
    SSL *ssl = SSL_new(ctx);
    printf("ssl ct enabled: %d, status type: %ld\n", SSL_ct_is_enabled(ssl), (long)SSL_get_tlsext_status_type(ssl));
    SSL_set_fd(ssl, fd);
    int r = SSL_connect(ssl);
    printf("handshake: %s\n", r == 1 ? "ok" : "failed");
    if (r != 1) {
        unsigned long e = ERR_peek_last_error();
        printf("error: %s\n", ERR_reason_error_string(e) ? ERR_reason_error_string(e) : "?");
    }
    printf("verify result: %ld\n", SSL_get_verify_result(ssl));
    const STACK_OF(SCT) *scts = SSL_get0_peer_scts(ssl);
    printf("scts: %d\n", scts ? sk_SCT_num(scts) : -1);
    for (int i = 0; scts && i < sk_SCT_num(scts); i++) {
        SCT *s = sk_SCT_value(scts, i);
        printf("sct %d: source %d status %s\n", i, SCT_get_source(s), SCT_validation_status_string(s));
    }
    printf("same stack on a second call: %d\n", SSL_get0_peer_scts(ssl) == scts);
    printf("callback calls: %d\n", callback_calls);
    if (r == 1)
        SSL_shutdown(ssl);
    SSL_free(ssl);
    close(fd);
    SSL_CTX_free(ctx);
    return 0;
}
