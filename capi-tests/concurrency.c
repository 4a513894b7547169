/* One server SSL_CTX and one client SSL_CTX shared by THREADS threads; each
 * thread makes a full handshake, then ROUNDS resumptions, each offering the
 * previous connection's SSL_get1_session. Every resumption must succeed on
 * both sides. Exit 0 only if all did; prints the totals and cache statistics.
 *
 * usage: concurrency CERT KEY [THREADS] [ROUNDS]
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

#include <openssl/err.h>
#include <openssl/ssl.h>

#include "pair.h"

static SSL_CTX *sctx, *cctx;
static int rounds;

struct result {
    int full, resumed, failed;
};

static void *worker(void *arg)
{
    struct result *res = arg;
    SSL_SESSION *sess = NULL;
    for (int i = 0; i <= rounds; i++) {
        SSL *c = SSL_new(cctx), *s = SSL_new(sctx);
        if (c == NULL || s == NULL || !pair_join(c, s)) {
            res->failed++;
            break;
        }
        if (sess != NULL)
            SSL_set_session(c, sess);
        if (!pair_handshake(c, s)) {
            res->failed++;
            ERR_print_errors_fp(stderr);
        } else if (SSL_session_reused(c) && SSL_session_reused(s)) {
            res->resumed++;
        } else if (!SSL_session_reused(c) && !SSL_session_reused(s) && sess == NULL) {
            res->full++;
        } else {
            res->failed++;
        }
        pair_pump_tickets(c);
        SSL_SESSION_free(sess);
        sess = SSL_get1_session(c);
        /* Without close_notify, SSL_free would make the session unusable. */
        SSL_shutdown(c);
        SSL_shutdown(s);
        SSL_free(c);
        SSL_free(s);
    }
    SSL_SESSION_free(sess);
    return NULL;
}

int main(int argc, char **argv)
{
    int threads = argc > 3 ? atoi(argv[3]) : 8;
    pthread_t tid[64];
    struct result res[64] = {{0, 0, 0}};
    int full = 0, resumed = 0, failed = 0;

    if (argc < 3 || threads < 1 || threads > 64)
        return 2;
    rounds = argc > 4 ? atoi(argv[4]) : 500;
    sctx = SSL_CTX_new(TLS_server_method());
    cctx = SSL_CTX_new(TLS_client_method());
    if (SSL_CTX_use_certificate_chain_file(sctx, argv[1]) != 1
        || SSL_CTX_use_PrivateKey_file(sctx, argv[2], SSL_FILETYPE_PEM) != 1) {
        ERR_print_errors_fp(stderr);
        return 2;
    }
    SSL_CTX_set_session_id_context(sctx, (const unsigned char *)"conc", 4);
    for (int i = 0; i < threads; i++)
        pthread_create(&tid[i], NULL, worker, &res[i]);
    for (int i = 0; i < threads; i++) {
        pthread_join(tid[i], NULL);
        full += res[i].full;
        resumed += res[i].resumed;
        failed += res[i].failed;
    }
    printf("threads=%d rounds=%d full=%d resumed=%d failed=%d server_hits=%ld accept_good=%ld\n", threads, rounds,
           full, resumed, failed, SSL_CTX_sess_hits(sctx), SSL_CTX_sess_accept_good(sctx));
    SSL_CTX_free(sctx);
    SSL_CTX_free(cctx);
    return (failed == 0 && full == threads && resumed == threads * rounds) ? 0 : 1;
}
