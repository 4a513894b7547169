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
 * Then a flood of bogus resumption offers: BOGUS connections (default
 * 100,000) whose client offers a session taken from a real one with its
 * ticket (TLS 1.3, TLS 1.2) or its session id (TLS 1.2, stateful) replaced
 * by random bytes. Each must end in a full handshake; the server's ticket
 * key callback must have been asked to decrypt exactly once per bogus
 * ticket (no more work than one decryption attempt), its cache must stay
 * within its size, and resident memory after the first 10% and at the end
 * must again be within 10%.
 *
 * usage: soak DIR [TOTAL] [THREADS] [BOGUS]   (DIR from gen-certs.sh)
 */
#include <openssl/core_names.h>
#include <openssl/rand.h>
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

/* ---------------------------------------------------------------- bogus offers */

static SSL_CTX *bogus_sctx, *bogus_cctx12, *bogus_cctx13;
static long bogus_total;
static atomic_long bogus_started, bogus_full, bogus_wrong, bogus_ticket_offers, decrypt_calls;
static long bogus_rss_early = -1;
/* DER templates: 0 TLS 1.3 with ticket, 1 TLS 1.2 with ticket, 2 TLS 1.2 by id. */
static unsigned char *tmpl[3];
static long tmpl_len[3], ticket_at[3], ticket_len[3];
static const unsigned char key_name[16] = "soak-ticket-key";
static unsigned char aes_key[16], hmac_key[32];

/* The application's ticket keys (SSL_CTX_set_tlsext_ticket_key_evp_cb),
 * counting every decryption the server asks for. */
static int ticket_key_cb(SSL *s, unsigned char name[16], unsigned char *iv, EVP_CIPHER_CTX *ctx, EVP_MAC_CTX *hctx, int enc)
{
    OSSL_PARAM params[3];
    (void)s;
    params[0] = OSSL_PARAM_construct_octet_string(OSSL_MAC_PARAM_KEY, hmac_key, sizeof(hmac_key));
    params[1] = OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, "SHA256", 0);
    params[2] = OSSL_PARAM_construct_end();
    if (enc) {
        memcpy(name, key_name, 16);
        if (RAND_bytes(iv, 16) != 1 || !EVP_EncryptInit_ex(ctx, EVP_aes_128_cbc(), NULL, aes_key, iv)
            || !EVP_MAC_CTX_set_params(hctx, params))
            return -1;
        return 1;
    }
    atomic_fetch_add(&decrypt_calls, 1);
    if (memcmp(name, key_name, 16) != 0)
        return 0; /* not our key: a full handshake */
    if (!EVP_DecryptInit_ex(ctx, EVP_aes_128_cbc(), NULL, aes_key, iv) || !EVP_MAC_CTX_set_params(hctx, params))
        return -1;
    return 1;
}

static void make_template(int which)
{
    SSL *c = SSL_new(which == 0 ? bogus_cctx13 : bogus_cctx12), *s = SSL_new(bogus_sctx);
    SSL_SESSION *sess;
    const unsigned char *tick = NULL;
    size_t tlen = 0;
    unsigned char *p;
    if (which == 2)
        SSL_set_options(s, SSL_OP_NO_TICKET);
    if (!pair_join(c, s) || !pair_handshake(c, s)) {
        ERR_print_errors_fp(stderr);
        exit(2);
    }
    pair_pump_tickets(c);
    sess = SSL_get1_session(c);
    SSL_SESSION_get0_ticket(sess, &tick, &tlen);
    tmpl_len[which] = i2d_SSL_SESSION(sess, NULL);
    tmpl[which] = malloc((size_t)tmpl_len[which]);
    p = tmpl[which];
    i2d_SSL_SESSION(sess, &p);
    ticket_at[which] = -1;
    ticket_len[which] = (long)tlen;
    for (long i = 0; tlen > 0 && i + (long)tlen <= tmpl_len[which]; i++)
        if (memcmp(tmpl[which] + i, tick, tlen) == 0)
            ticket_at[which] = i;
    if ((which < 2) != (ticket_at[which] >= 0)) {
        fprintf(stderr, "soak: template %d: ticket %s\n", which, which < 2 ? "not found" : "unexpected");
        exit(2);
    }
    SSL_SESSION_free(sess);
    pair_close(c, s);
}

static void *bogus_worker(void *arg)
{
    (void)arg;
    for (;;) {
        long i = atomic_fetch_add(&bogus_started, 1);
        if (i >= bogus_total)
            break;
        if (i == bogus_total / 10)
            bogus_rss_early = rss_kib();
        int which = (int)(i % 3);
        unsigned char der[8192], id[32];
        const unsigned char *p = der;
        SSL_SESSION *sess;
        if (tmpl_len[which] > (long)sizeof(der))
            exit(2);
        memcpy(der, tmpl[which], (size_t)tmpl_len[which]);
        if (which < 2)
            RAND_bytes(der + ticket_at[which], (int)ticket_len[which]);
        sess = d2i_SSL_SESSION(NULL, &p, tmpl_len[which]);
        if (sess == NULL) {
            atomic_fetch_add(&bogus_wrong, 1);
            continue;
        }
        if (which == 2) {
            RAND_bytes(id, sizeof(id));
            SSL_SESSION_set1_id(sess, id, sizeof(id));
        } else {
            atomic_fetch_add(&bogus_ticket_offers, 1);
        }
        SSL *c = SSL_new(which == 0 ? bogus_cctx13 : bogus_cctx12), *s = SSL_new(bogus_sctx);
        if (which == 2)
            SSL_set_options(s, SSL_OP_NO_TICKET);
        if (!pair_join(c, s) || SSL_set_session(c, sess) != 1 || !pair_handshake(c, s) || SSL_session_reused(c)
            || SSL_session_reused(s))
            atomic_fetch_add(&bogus_wrong, 1);
        else
            atomic_fetch_add(&bogus_full, 1);
        ERR_clear_error();
        SSL_SESSION_free(sess);
        pair_close(c, s);
    }
    return NULL;
}

static int bogus_phase(const char *dir, int threads)
{
    pthread_t tid[64];
    bogus_sctx = SSL_CTX_new(TLS_server_method());
    bogus_cctx12 = SSL_CTX_new(TLS_client_method());
    bogus_cctx13 = SSL_CTX_new(TLS_client_method());
    if (SSL_CTX_use_certificate_chain_file(bogus_sctx, in_dir(dir, "ec256.pem")) != 1
        || SSL_CTX_use_PrivateKey_file(bogus_sctx, in_dir(dir, "ec256.key"), SSL_FILETYPE_PEM) != 1
        || SSL_CTX_load_verify_locations(bogus_cctx12, in_dir(dir, "ca.pem"), NULL) != 1
        || SSL_CTX_load_verify_locations(bogus_cctx13, in_dir(dir, "ca.pem"), NULL) != 1
        || RAND_bytes(aes_key, sizeof(aes_key)) != 1 || RAND_bytes(hmac_key, sizeof(hmac_key)) != 1) {
        ERR_print_errors_fp(stderr);
        return 2;
    }
    SSL_CTX_set_session_id_context(bogus_sctx, (const unsigned char *)"bogus", 5);
    SSL_CTX_set_tlsext_ticket_key_evp_cb(bogus_sctx, ticket_key_cb);
    SSL_CTX_sess_set_cache_size(bogus_sctx, 1000);
    SSL_CTX_set_max_proto_version(bogus_cctx12, TLS1_2_VERSION);
    SSL_CTX_set1_groups_list(bogus_cctx12, "X25519:P-256");
    for (int w = 0; w < 3; w++)
        make_template(w);
    atomic_store(&decrypt_calls, 0);
    long cache_before = SSL_CTX_sess_number(bogus_sctx);
    for (int i = 0; i < threads; i++)
        pthread_create(&tid[i], NULL, bogus_worker, NULL);
    for (int i = 0; i < threads; i++)
        pthread_join(tid[i], NULL);
    long rss_end = rss_kib();
    long full = atomic_load(&bogus_full), wrong = atomic_load(&bogus_wrong);
    long offers = atomic_load(&bogus_ticket_offers), calls = atomic_load(&decrypt_calls);
    long cached = SSL_CTX_sess_number(bogus_sctx);
    printf("soak: %ld bogus resumption offers (random tickets, TLS 1.3 and 1.2; random TLS 1.2 session ids): "
           "%ld full handshakes, %ld wrong\n", bogus_total, full, wrong);
    printf("soak: ticket decryptions asked of the application's key callback: %ld for %ld bogus tickets\n", calls, offers);
    printf("soak: server cache %ld sessions before, %ld after (size 1000); resident memory %ld KiB after %ld offers, "
           "%ld KiB at the end (%+.1f%%)\n", cache_before, cached, bogus_rss_early, bogus_total / 10, rss_end,
           100.0 * (rss_end - bogus_rss_early) / bogus_rss_early);
    SSL_CTX_free(bogus_sctx);
    SSL_CTX_free(bogus_cctx12);
    SSL_CTX_free(bogus_cctx13);
    if (wrong != 0 || full != bogus_total) {
        printf("soak: FAILED: bogus offers did not all end in full handshakes\n");
        return 1;
    }
    if (calls != offers) {
        printf("soak: FAILED: one decryption attempt per bogus ticket expected\n");
        return 1;
    }
    if (cached > 1000 || bogus_rss_early <= 0 || rss_end > bogus_rss_early + bogus_rss_early / 10) {
        printf("soak: FAILED: cache or resident memory not bounded\n");
        return 1;
    }
    return 0;
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
    bogus_total = argc > 4 ? atol(argv[4]) : 100000;
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
    if (bogus_total > 0 && bogus_phase(argv[1], threads) != 0)
        return 1;
    printf("soak: passed\n");
    return 0;
}
