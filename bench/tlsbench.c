/* tlsbench: client and server in one process over a BIO pair, OpenSSL's
 * public API only. The same binary runs on the system libssl and on ours
 * (LD_LIBRARY_PATH); it prints which libssl it loaded and one line per
 * scenario: "scenario VALUE UNIT".
 *
 * usage: tlsbench DIR SCENARIO [N]
 *   DIR holds ca.pem, ec256.pem/key, rsa.pem/key (capi-tests/gen-certs.sh)
 *   SCENARIO: full-ecdsa | full-rsa | resume | bulk-aes128gcm | bulk-chacha20 | memory
 *             | one-handshake (a single full handshake: run.sh times the
 *               whole process, start-up included)
 *             | bulk-SUITE-wW-bB: SUITE aes128gcm, aes256gcm or chacha20, SSL_write
 *               calls of W KiB, BIO pair buffers of B KiB (the matrix)
 *             | rr: request/response on one connection (100 bytes up, 1 KiB down)
 *             | cpu-scaling: two threads of arithmetic over one (the machine's own limit)
 *             | threads-T: T threads, each alternating a full and a resumed
 *               handshake, one shared server SSL_CTX (session cache on) and one
 *               shared client SSL_CTX
 */
#include <pthread.h>
#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <openssl/err.h>
#include <openssl/ssl.h>

#include "../capi-tests/pair.h"

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void die(const char *what)
{
    fprintf(stderr, "tlsbench: %s\n", what);
    ERR_print_errors_fp(stderr);
    exit(1);
}

/* TLS 1.2 scenarios (tls12-*): the client offers TLS 1.2 only; the
 * server resumes by session id instead of tickets when g_no_ticket. */
static int g_tls12, g_no_ticket;

static SSL_CTX *server_ctx(const char *dir, const char *key)
{
    char cert[64], keyf[64];
    SSL_CTX *s = SSL_CTX_new(TLS_server_method());
    snprintf(cert, sizeof(cert), "%s.pem", key);
    snprintf(keyf, sizeof(keyf), "%s.key", key);
    if (SSL_CTX_use_certificate_chain_file(s, in_dir(dir, cert)) != 1
        || SSL_CTX_use_PrivateKey_file(s, in_dir(dir, keyf), SSL_FILETYPE_PEM) != 1)
        die("server certificate");
    SSL_CTX_set_session_id_context(s, (const unsigned char *)"bench", 5);
    SSL_CTX_set1_groups_list(s, "X25519");
    if (g_no_ticket)
        SSL_CTX_set_options(s, SSL_OP_NO_TICKET);
    return s;
}

static SSL_CTX *client_ctx(const char *dir)
{
    SSL_CTX *c = SSL_CTX_new(TLS_client_method());
    if (SSL_CTX_load_verify_locations(c, in_dir(dir, "ca.pem"), NULL) != 1)
        die("CA file");
    SSL_CTX_set_verify(c, SSL_VERIFY_PEER, NULL);
    /* TLS 1.2 uses an ECDSA certificate only on a curve the client lists:
     * X25519 for the key exchange, P-256 for the certificate. */
    SSL_CTX_set1_groups_list(c, g_tls12 ? "X25519:P-256" : "X25519");
    if (g_tls12) {
        SSL_CTX_set_min_proto_version(c, TLS1_2_VERSION);
        SSL_CTX_set_max_proto_version(c, TLS1_2_VERSION);
    } else {
        SSL_CTX_set_min_proto_version(c, TLS1_3_VERSION);
    }
    return c;
}

/* One connection; returns the client's session (get1) if keep != 0. */
static SSL_SESSION *one(SSL_CTX *cctx, SSL_CTX *sctx, SSL_SESSION *resume, int expect_reuse, int keep)
{
    SSL *c = SSL_new(cctx), *s = SSL_new(sctx);
    SSL_SESSION *out = NULL;
    if (!pair_join(c, s))
        die("pair");
    SSL_set1_host(c, "localhost");
    if (resume != NULL)
        SSL_set_session(c, resume);
    if (!pair_handshake(c, s))
        die("handshake");
    if (expect_reuse && !(SSL_session_reused(c) && SSL_session_reused(s)))
        die("a connection that should resume did not (both sides must report reuse)");
    if (SSL_get_verify_result(c) != X509_V_OK)
        die("chain not verified");
    if (keep) {
        pair_pump_tickets(c);
        out = SSL_get1_session(c);
    }
    pair_close(c, s);
    return out;
}

static double bench_handshakes(const char *dir, const char *key, int n, int resume)
{
    SSL_CTX *sctx = server_ctx(dir, key), *cctx = client_ctx(dir);
    SSL_SESSION *sess = resume ? one(cctx, sctx, NULL, 0, 1) : NULL;
    double t0 = now();
    for (int i = 0; i < n; i++) {
        if (resume) {
            SSL_SESSION *next = one(cctx, sctx, sess, 1, 1);
            SSL_SESSION_free(sess);
            sess = next;
        } else {
            one(cctx, sctx, NULL, 0, 0);
        }
    }
    double dt = now() - t0;
    SSL_SESSION_free(sess);
    SSL_CTX_free(sctx);
    SSL_CTX_free(cctx);
    return n / dt;
}

/* Joins c and s with a BIO pair of `size` bytes each way. */
static void join_sized(SSL *c, SSL *s, size_t size)
{
    BIO *bc = NULL, *bs = NULL;
    if (!BIO_new_bio_pair(&bc, size, &bs, size))
        die("BIO pair");
    SSL_set_bio(c, bc, bc);
    SSL_set_bio(s, bs, bs);
    SSL_set_connect_state(c);
    SSL_set_accept_state(s);
}

/* MiB/s of application data from client to server: SSL_write calls of
 * `wsize` bytes (retried with the same arguments after WANT_WRITE, as the
 * API requires), the server reading 16 KiB at a time. */
static double bench_bulk_sized(const char *dir, const char *suite, int mib, size_t wsize, size_t bio_size)
{
    SSL_CTX *sctx = server_ctx(dir, "ec256"), *cctx = client_ctx(dir);
    SSL *c, *s;
    static unsigned char buf[65536], rbuf[16384];
    long long total = (long long)mib << 20, sent = 0, got = 0;
    if (wsize > sizeof(buf))
        die("write size");
    if (g_tls12) {
        SSL_CTX_set_cipher_list(cctx, suite);
        SSL_CTX_set_cipher_list(sctx, suite);
    } else {
        SSL_CTX_set_ciphersuites(cctx, suite);
        SSL_CTX_set_ciphersuites(sctx, suite);
    }
    c = SSL_new(cctx);
    s = SSL_new(sctx);
    join_sized(c, s, bio_size);
    if (!pair_handshake(c, s))
        die("bulk handshake");
    if (strcmp(SSL_CIPHER_get_name(SSL_get_current_cipher(c)), suite) != 0)
        die("wrong suite negotiated");
    memset(buf, 0x5a, sizeof(buf));
    double t0 = now();
    while (got < total) {
        if (sent < total) {
            int w = SSL_write(c, buf, (int)wsize);
            if (w > 0)
                sent += w;
            else if (SSL_get_error(c, w) != SSL_ERROR_WANT_WRITE)
                die("bulk write");
        }
        for (;;) {
            int r = SSL_read(s, rbuf, sizeof(rbuf));
            if (r > 0) {
                got += r;
                continue;
            }
            if (SSL_get_error(s, r) != SSL_ERROR_WANT_READ)
                die("bulk read");
            break;
        }
    }
    double dt = now() - t0;
    SSL_free(c);
    SSL_free(s);
    SSL_CTX_free(sctx);
    SSL_CTX_free(cctx);
    return (double)total / (1 << 20) / dt;
}

static double bench_bulk(const char *dir, const char *suite, int mib)
{
    return bench_bulk_sized(dir, suite, mib, 16384, PAIR_BUF);
}

/* Request/response round trips per second on one established connection:
 * the client writes 100 bytes, the server reads them and answers 1 KiB,
 * the client reads the answer (the shape of an HTTP API or database call;
 * what it measures is per-call overhead, not the cipher). */
static double bench_request_response(const char *dir, int n)
{
    SSL_CTX *sctx = server_ctx(dir, "ec256"), *cctx = client_ctx(dir);
    SSL *c = SSL_new(cctx), *s = SSL_new(sctx);
    unsigned char req[100], resp[1024], rbuf[2048];
    memset(req, 'q', sizeof(req));
    memset(resp, 'r', sizeof(resp));
    if (!pair_join(c, s) || !pair_handshake(c, s))
        die("request/response handshake");
    pair_pump_tickets(c);
    double t0 = now();
    for (int i = 0; i < n; i++) {
        int got = 0;
        if (SSL_write(c, req, sizeof(req)) != (int)sizeof(req))
            die("request write");
        while (got < (int)sizeof(req)) {
            int r = SSL_read(s, rbuf, sizeof(rbuf));
            if (r <= 0)
                die("request read");
            got += r;
        }
        if (SSL_write(s, resp, sizeof(resp)) != (int)sizeof(resp))
            die("response write");
        got = 0;
        while (got < (int)sizeof(resp)) {
            int r = SSL_read(c, rbuf, sizeof(rbuf));
            if (r <= 0)
                die("response read");
            got += r;
        }
    }
    double dt = now() - t0;
    SSL_free(c);
    SSL_free(s);
    SSL_CTX_free(sctx);
    SSL_CTX_free(cctx);
    return n / dt;
}

/* Threaded handshakes: every thread alternates a full handshake and one
 * resumed from the session it just got, on the shared contexts. */
struct thread_job {
    SSL_CTX *cctx, *sctx;
    int pairs;
};

static void *handshake_thread(void *arg)
{
    struct thread_job *job = arg;
    for (int i = 0; i < job->pairs; i++) {
        SSL_SESSION *sess = one(job->cctx, job->sctx, NULL, 0, 1);
        SSL_SESSION *again = one(job->cctx, job->sctx, sess, 1, 1);
        SSL_SESSION_free(sess);
        SSL_SESSION_free(again);
    }
    return NULL;
}

/* What two threads of pure arithmetic get on this machine over one: the
 * ceiling of any thread scaling here (a VM's two vCPUs rarely give 2.0). */
static void *spin(void *arg)
{
    volatile unsigned long x = 1;
    (void)arg;
    for (long i = 0; i < 200000000L; i++)
        x = x * 6364136223846793005UL + 1442695040888963407UL;
    return NULL;
}

static double cpu_scaling(void)
{
    pthread_t a, b;
    double t0 = now(), t1, t2;
    spin(NULL);
    t1 = now();
    pthread_create(&a, NULL, spin, NULL);
    pthread_create(&b, NULL, spin, NULL);
    pthread_join(a, NULL);
    pthread_join(b, NULL);
    t2 = now();
    return 2 * (t1 - t0) / (t2 - t1);
}

static double bench_threads(const char *dir, int threads, int pairs_per_thread)
{
    SSL_CTX *sctx = server_ctx(dir, "ec256"), *cctx = client_ctx(dir);
    pthread_t tid[64];
    struct thread_job job = {cctx, sctx, pairs_per_thread};
    if (threads < 1 || threads > 64)
        die("thread count");
    SSL_CTX_set_session_cache_mode(sctx, SSL_SESS_CACHE_SERVER);
    double t0 = now();
    for (int i = 0; i < threads; i++)
        if (pthread_create(&tid[i], NULL, handshake_thread, &job) != 0)
            die("pthread_create");
    for (int i = 0; i < threads; i++)
        pthread_join(tid[i], NULL);
    double dt = now() - t0;
    SSL_CTX_free(sctx);
    SSL_CTX_free(cctx);
    return 2.0 * threads * pairs_per_thread / dt;
}

/* Heap bytes per established client+server pair with n pairs open, and the
 * bytes still allocated after all are freed (relative to before). */
static void bench_memory(const char *dir, int n, double *per_pair, double *left)
{
    SSL_CTX *sctx = server_ctx(dir, "ec256"), *cctx = client_ctx(dir);
    SSL **cs = calloc((size_t)n, sizeof(SSL *)), **ss = calloc((size_t)n, sizeof(SSL *));
    /* Warm up lazily created global state (error strings, method tables). */
    one(cctx, sctx, NULL, 0, 0);
    struct mallinfo2 before = mallinfo2();
    for (int i = 0; i < n; i++) {
        cs[i] = SSL_new(cctx);
        ss[i] = SSL_new(sctx);
        if (!pair_join(cs[i], ss[i]) || !pair_handshake(cs[i], ss[i]))
            die("memory handshake");
        pair_pump_tickets(cs[i]);
    }
    struct mallinfo2 during = mallinfo2();
    for (int i = 0; i < n; i++) {
        SSL_shutdown(cs[i]);
        SSL_shutdown(ss[i]);
        SSL_free(cs[i]);
        SSL_free(ss[i]);
    }
    struct mallinfo2 after = mallinfo2();
    *per_pair = ((double)during.uordblks - (double)before.uordblks) / n;
    *left = (double)after.uordblks - (double)before.uordblks;
    free(cs);
    free(ss);
    /* The harness's share: the BIO pairs alone, buffers allocated (one byte each way). */
    {
        BIO **a = calloc((size_t)n, sizeof(BIO *)), **b = calloc((size_t)n, sizeof(BIO *));
        char x = 0;
        struct mallinfo2 b0 = mallinfo2();
        for (int i = 0; i < n; i++) {
            BIO_new_bio_pair(&a[i], PAIR_BUF, &b[i], PAIR_BUF);
            BIO_write(a[i], &x, 1);
            BIO_write(b[i], &x, 1);
        }
        struct mallinfo2 b1 = mallinfo2();
        printf("memory-harness-per-pair %.0f bytes\n", ((double)b1.uordblks - (double)b0.uordblks) / n);
        for (int i = 0; i < n; i++) {
            BIO_free(a[i]);
            BIO_free(b[i]);
        }
        free(a);
        free(b);
    }
    SSL_CTX_free(sctx);
    SSL_CTX_free(cctx);
}

static void print_lib(void)
{
    FILE *f = fopen("/proc/self/maps", "r");
    char line[1024];
    while (f != NULL && fgets(line, sizeof(line), f) != NULL) {
        char *p = strchr(line, '/');
        if (p != NULL && strstr(p, "/libssl.so") != NULL) {
            p[strcspn(p, "\n")] = 0;
            printf("lib %s\n", p);
            break;
        }
    }
    if (f != NULL)
        fclose(f);
}

int main(int argc, char **argv)
{
    const char *dir, *sc;
    int n;
    if (argc < 3)
        return 2;
    dir = argv[1];
    sc = argv[2];
    n = argc > 3 ? atoi(argv[3]) : 0;
    print_lib();
    if (strncmp(sc, "tls12-", 6) == 0) {
        g_tls12 = 1;
        g_no_ticket = strcmp(sc, "tls12-resume-id") == 0;
        if (strcmp(sc, "tls12-full-ecdsa") == 0)
            printf("%s %.1f handshakes/s\n", sc, bench_handshakes(dir, "ec256", n ? n : 400, 0));
        else if (strcmp(sc, "tls12-resume-id") == 0 || strcmp(sc, "tls12-resume-ticket") == 0)
            printf("%s %.1f handshakes/s\n", sc, bench_handshakes(dir, "ec256", n ? n : 1000, 1));
        else if (strcmp(sc, "tls12-bulk-aes128gcm") == 0)
            printf("%s %.1f MB/s\n", sc, bench_bulk(dir, "ECDHE-ECDSA-AES128-GCM-SHA256", n ? n : 256));
        else if (strcmp(sc, "tls12-memory") == 0) {
            double per, left;
            bench_memory(dir, n ? n : 1000, &per, &left);
            printf("tls12-memory-per-pair %.0f bytes\n", per);
        } else
            return 2;
        return 0;
    }
    if (strcmp(sc, "one-handshake") == 0)
        bench_handshakes(dir, "ec256", 1, 0);
    else if (strcmp(sc, "full-ecdsa") == 0)
        printf("full-ecdsa %.1f handshakes/s\n", bench_handshakes(dir, "ec256", n ? n : 400, 0));
    else if (strcmp(sc, "full-rsa") == 0)
        printf("full-rsa %.1f handshakes/s\n", bench_handshakes(dir, "rsa", n ? n : 200, 0));
    else if (strcmp(sc, "resume") == 0)
        printf("resume %.1f handshakes/s\n", bench_handshakes(dir, "ec256", n ? n : 1000, 1));
    else if (strcmp(sc, "bulk-aes128gcm") == 0)
        printf("bulk-aes128gcm %.1f MB/s\n", bench_bulk(dir, "TLS_AES_128_GCM_SHA256", n ? n : 256));
    else if (strcmp(sc, "bulk-chacha20") == 0)
        printf("bulk-chacha20 %.1f MB/s\n", bench_bulk(dir, "TLS_CHACHA20_POLY1305_SHA256", n ? n : 256));
    else if (strcmp(sc, "cpu-scaling") == 0)
        printf("cpu-scaling %.2f x\n", cpu_scaling());
    else if (strcmp(sc, "rr") == 0)
        printf("rr %.1f round-trips/s\n", bench_request_response(dir, n ? n : 100000));
    else if (strncmp(sc, "threads-", 8) == 0) {
        int t = atoi(sc + 8);
        /* The same work per thread: the total grows with T. */
        printf("%s %.1f handshakes/s\n", sc, bench_threads(dir, t, n ? n : 300));
    } else if (strncmp(sc, "bulk-", 5) == 0 && strstr(sc, "-w") != NULL) {
        char suite[32];
        int wk = 0, bk = 0;
        const char *name;
        if (sscanf(sc, "bulk-%31[a-z0-9]-w%dk-b%dk", suite, &wk, &bk) != 3 || wk < 1 || bk < 1)
            return 2;
        if (strcmp(suite, "aes128gcm") == 0)
            name = "TLS_AES_128_GCM_SHA256";
        else if (strcmp(suite, "aes256gcm") == 0)
            name = "TLS_AES_256_GCM_SHA384";
        else if (strcmp(suite, "chacha20") == 0)
            name = "TLS_CHACHA20_POLY1305_SHA256";
        else
            return 2;
        printf("%s %.1f MB/s\n", sc, bench_bulk_sized(dir, name, n ? n : 128, (size_t)wk << 10, (size_t)bk << 10));
    } else if (strcmp(sc, "memory") == 0) {
        double per, left;
        bench_memory(dir, n ? n : 1000, &per, &left);
        printf("memory-per-pair %.0f bytes\n", per);
        printf("memory-after-free %.0f bytes\n", left);
    } else
        return 2;
    return 0;
}
