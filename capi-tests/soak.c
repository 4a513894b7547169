/* make soak: TOTAL handshakes (default 1,000,000) through one server SSL_CTX
 * and one client SSL_CTX on THREADS worker threads (default 4), mixed:
 *   - full handshakes,
 *   - resumptions of the thread's previous session (by TLS 1.3 ticket, or
 *     stateful: every other server SSL sets SSL_OP_NO_TICKET, so the server
 *     cache holds sessions too),
 *   - failed handshakes (a client that trusts another CA),
 * while one more thread flushes the server cache and changes its timeout
 * and size limit. Resident memory is read after the first 10% of the work
 * and at the end: the end must be within 10% of the early figure (memory
 * stays bounded however long it runs). Exit 0 only if it is, and if every
 * handshake ended as intended (a resumption may fall back to a full
 * handshake when the churn thread has flushed or expired its session; that
 * is counted, not failed).
 *
 * usage: soak DIR [TOTAL] [THREADS]   (DIR from gen-certs.sh)
 */
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <openssl/err.h>
#include <openssl/ssl.h>

#include "pair.h"

static SSL_CTX *sctx, *cctx, *wrong_cctx;
static long total;
static atomic_long started, done_full, done_resumed, done_fallback, done_failed, bad;
static atomic_int stop_churn;
static long rss_early = -1;
static pthread_mutex_t early_lock = PTHREAD_MUTEX_INITIALIZER;

static long rss_kib(void)
{
    long pages = 0, resident = 0;
    FILE *f = fopen("/proc/self/statm", "r");
    if (f == NULL)
        return -1;
    if (fscanf(f, "%ld %ld", &pages, &resident) != 2)
        resident = -1;
    fclose(f);
    return resident * (sysconf(_SC_PAGESIZE) / 1024);
}

static char path_buf[4096];
static const char *in_dir(const char *dir, const char *file)
{
    snprintf(path_buf, sizeof(path_buf), "%s/%s", dir, file);
    return path_buf;
}

/* One connection. kind: 0 full, 1 resume `sess`, 2 must fail. Returns the
 * client's session (get1) after a successful handshake. */
static SSL_SESSION *one(int kind, SSL_SESSION *sess, int no_ticket)
{
    SSL *c = SSL_new(kind == 2 ? wrong_cctx : cctx), *s = SSL_new(sctx);
    SSL_SESSION *out = NULL;
    if (c == NULL || s == NULL || !pair_join(c, s)) {
        atomic_fetch_add(&bad, 1);
        SSL_free(c);
        SSL_free(s);
        return NULL;
    }
    if (no_ticket)
        SSL_set_options(s, SSL_OP_NO_TICKET);
    SSL_set1_host(c, "localhost");
    if (kind == 1 && sess != NULL)
        SSL_set_session(c, sess);
    int ok = pair_handshake(c, s);
    if (kind == 2) {
        if (ok || SSL_get_verify_result(c) != X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY)
            atomic_fetch_add(&bad, 1);
        else
            atomic_fetch_add(&done_failed, 1);
        ERR_clear_error();
    } else if (!ok) {
        atomic_fetch_add(&bad, 1);
        ERR_print_errors_fp(stderr);
        ERR_clear_error();
    } else {
        int reused = SSL_session_reused(c);
        if (reused != SSL_session_reused(s))
            atomic_fetch_add(&bad, 1);
        else if (kind == 0 && !reused)
            atomic_fetch_add(&done_full, 1);
        else if (kind == 1 && reused)
            atomic_fetch_add(&done_resumed, 1);
        else if (kind == 1)
            atomic_fetch_add(&done_fallback, 1);
        else
            atomic_fetch_add(&bad, 1);
        pair_pump_tickets(c);
        out = SSL_get1_session(c);
        SSL_shutdown(c);
        SSL_shutdown(s);
    }
    SSL_free(c);
    SSL_free(s);
    return out;
}

static void *worker(void *arg)
{
    SSL_SESSION *sess = NULL;
    (void)arg;
    for (;;) {
        long i = atomic_fetch_add(&started, 1);
        if (i >= total)
            break;
        if (i == total / 10) {
            pthread_mutex_lock(&early_lock);
            rss_early = rss_kib();
            pthread_mutex_unlock(&early_lock);
        }
        /* Of every 10: 2 full, 7 resumed, 1 failed. */
        int slot = (int)(i % 10), kind = slot < 2 ? 0 : slot < 9 ? 1 : 2;
        SSL_SESSION *next = one(kind, sess, (int)(i / 10) % 2);
        if (next != NULL) {
            SSL_SESSION_free(sess);
            sess = next;
        }
    }
    SSL_SESSION_free(sess);
    return NULL;
}

/* Flushes, timeouts and size limits changing under the workers. */
static void *churn(void *arg)
{
    struct timespec pause = {0, 20 * 1000 * 1000};
    (void)arg;
    for (unsigned n = 0; !atomic_load(&stop_churn); n++) {
        SSL_CTX_set_timeout(sctx, n % 3 == 0 ? 1 : 300);
        SSL_CTX_sess_set_cache_size(sctx, n % 2 ? 100 : 20480);
        SSL_CTX_flush_sessions(sctx, (long)time(NULL) + (n % 5 == 0 ? 400 : 0));
        nanosleep(&pause, NULL);
    }
    return NULL;
}

int main(int argc, char **argv)
{
    int threads;
    pthread_t tid[64], churner;
    double t0, t1;
    struct timespec ts;

    if (argc < 2)
        return 2;
    total = argc > 2 ? atol(argv[2]) : 1000000;
    threads = argc > 3 ? atoi(argv[3]) : 4;
    if (total < 10 || threads < 1 || threads > 64)
        return 2;
    sctx = SSL_CTX_new(TLS_server_method());
    cctx = SSL_CTX_new(TLS_client_method());
    wrong_cctx = SSL_CTX_new(TLS_client_method());
    if (sctx == NULL || cctx == NULL || wrong_cctx == NULL
        || SSL_CTX_use_certificate_chain_file(sctx, in_dir(argv[1], "ec256.pem")) != 1
        || SSL_CTX_use_PrivateKey_file(sctx, in_dir(argv[1], "ec256.key"), SSL_FILETYPE_PEM) != 1
        || SSL_CTX_load_verify_locations(cctx, in_dir(argv[1], "ca.pem"), NULL) != 1
        || SSL_CTX_load_verify_locations(wrong_cctx, in_dir(argv[1], "wrongca.pem"), NULL) != 1) {
        ERR_print_errors_fp(stderr);
        return 2;
    }
    SSL_CTX_set_session_id_context(sctx, (const unsigned char *)"soak", 4);
    SSL_CTX_set_verify(cctx, SSL_VERIFY_PEER, NULL);
    SSL_CTX_set_verify(wrong_cctx, SSL_VERIFY_PEER, NULL);

    long rss_start = rss_kib();
    clock_gettime(CLOCK_MONOTONIC, &ts);
    t0 = ts.tv_sec + ts.tv_nsec / 1e9;
    pthread_create(&churner, NULL, churn, NULL);
    for (int i = 0; i < threads; i++)
        pthread_create(&tid[i], NULL, worker, NULL);
    for (int i = 0; i < threads; i++)
        pthread_join(tid[i], NULL);
    atomic_store(&stop_churn, 1);
    pthread_join(churner, NULL);
    clock_gettime(CLOCK_MONOTONIC, &ts);
    t1 = ts.tv_sec + ts.tv_nsec / 1e9;
    long rss_end = rss_kib();

    long full = atomic_load(&done_full), resumed = atomic_load(&done_resumed), fallback = atomic_load(&done_fallback);
    long failed = atomic_load(&done_failed), wrong = atomic_load(&bad);
    printf("soak: %ld handshakes on %d threads in %.1f s (%.0f/s): %ld full, %ld resumed, %ld resumption offers "
           "answered with a full handshake (session flushed or expired), %ld failed as intended, %ld wrong\n",
           full + resumed + fallback + failed + wrong, threads, t1 - t0, (full + resumed + fallback + failed) / (t1 - t0),
           full, resumed, fallback, failed, wrong);
    printf("soak: resident memory: %ld KiB at start, %ld KiB after %ld handshakes, %ld KiB at the end (%+.1f%%)\n",
           rss_start, rss_early, total / 10, rss_end, 100.0 * (rss_end - rss_early) / rss_early);
    printf("soak: server cache at the end: %ld sessions, %ld hits, %ld misses, %ld timeouts, %ld cache-full evictions\n",
           SSL_CTX_sess_number(sctx), SSL_CTX_sess_hits(sctx), SSL_CTX_sess_misses(sctx), SSL_CTX_sess_timeouts(sctx),
           SSL_CTX_sess_cache_full(sctx));
    SSL_CTX_free(sctx);
    SSL_CTX_free(cctx);
    SSL_CTX_free(wrong_cctx);
    if (wrong != 0 || full + resumed + fallback + failed != total) {
        printf("soak: FAILED: %ld handshakes did not end as intended\n", wrong);
        return 1;
    }
    if (rss_early <= 0 || rss_end > rss_early + rss_early / 10) {
        printf("soak: FAILED: resident memory grew by more than 10%%\n");
        return 1;
    }
    printf("soak: passed\n");
    return 0;
}
