/* A misbehaving TLS peer, driven through OpenSSL's own API over in-process
 * BIOs: the same binary runs on the system libssl and on ours
 * (capi-tests/adversarial.sh), and every line it prints must be the same on
 * both. Each line says how the victim side ended, in terms that do not
 * depend on which library ran (no sizes, no timings).
 *
 *   nst-flood        the server sends 1,000 extra NewSessionTickets; the
 *                    client's session cache (size 10) must stay within its
 *                    size, its heap must not grow with the count
 *   keyupdate-flood  1,000 KeyUpdates each with one byte of data both ways,
 *                    then 40 KeyUpdates in a row with no data in between
 *   max-cert-list    a Certificate over SSL_CTX_set_max_cert_list, both ways
 *   after-close      bytes after the peer's close_notify
 *   truncated-flight the server's first flight cut at every byte, then EOF
 *
 * usage: hostile_peer DIR   (DIR from gen-certs.sh)
 */
#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/err.h>
#include <openssl/ssl.h>

#include "pair.h"

static const char *dir;

static void die(const char *what)
{
    fprintf(stderr, "hostile_peer: %s\n", what);
    ERR_print_errors_fp(stderr);
    exit(2);
}

static SSL_CTX *server_ctx(void)
{
    SSL_CTX *s = SSL_CTX_new(TLS_server_method());
    if (SSL_CTX_use_certificate_chain_file(s, in_dir(dir, "ec256.pem")) != 1
        || SSL_CTX_use_PrivateKey_file(s, in_dir(dir, "ec256.key"), SSL_FILETYPE_PEM) != 1)
        die("server certificate");
    return s;
}

static SSL_CTX *client_ctx(void)
{
    SSL_CTX *c = SSL_CTX_new(TLS_client_method());
    if (SSL_CTX_load_verify_locations(c, in_dir(dir, "ca.pem"), NULL) != 1)
        die("CA");
    SSL_CTX_set_verify(c, SSL_VERIFY_PEER, NULL);
    return c;
}

/* "ret=R error=E reason" of a failed call, library-neutral. */
static void outcome(char *out, size_t n, SSL *ssl, int ret)
{
    unsigned long e = ERR_peek_error();
    const char *reason = e ? ERR_reason_error_string(e) : NULL;
    snprintf(out, n, "ret=%d error=%d %s", ret, SSL_get_error(ssl, ret), reason ? reason : "(no error queued)");
    ERR_clear_error();
}

/* Reads whatever the client has pending without blocking on the pair. */
static void client_drain(SSL *c)
{
    char b[256];
    pair_pump_tickets(c);
    for (int i = 0; i < 8; i++)
        if (SSL_read(c, b, sizeof(b)) <= 0)
            break;
    ERR_clear_error();
}

static int tickets_seen;
static int count_ticket(SSL *ssl, SSL_SESSION *sess)
{
    (void)ssl;
    (void)sess;
    tickets_seen++;
    return 0; /* not kept: the cache's reference is the only one */
}

static void nst_flood(void)
{
    SSL_CTX *sctx = server_ctx(), *cctx = client_ctx();
    SSL *c, *s;
    size_t early = 0, late = 0;
    SSL_CTX_set_session_cache_mode(cctx, SSL_SESS_CACHE_CLIENT);
    SSL_CTX_sess_set_cache_size(cctx, 10);
    SSL_CTX_sess_set_new_cb(cctx, count_ticket);
    c = SSL_new(cctx);
    s = SSL_new(sctx);
    if (!pair_join(c, s) || !pair_handshake(c, s))
        die("nst-flood handshake");
    client_drain(c);
    for (int i = 0; i < 1000; i++) {
        if (SSL_new_session_ticket(s) != 1 || SSL_do_handshake(s) != 1)
            die("SSL_new_session_ticket");
        client_drain(c);
        if (i == 99)
            early = mallinfo2().uordblks;
    }
    late = mallinfo2().uordblks;
    /* 900 tickets later: a per-ticket leak of even 64 bytes would show. */
    printf("nst-flood: client new-session callbacks %d, client cache %ld of at most 10, heap %s over the last 900 tickets\n",
           tickets_seen, SSL_CTX_sess_number(cctx),
           late <= early + 900 * 64 ? "bounded" : "GROWING");
    SSL_free(c);
    SSL_free(s);
    SSL_CTX_free(cctx);
    SSL_CTX_free(sctx);
}

#ifndef KEY_UPDATES
#define KEY_UPDATES 100
#endif

static void keyupdate_flood(void)
{
    SSL_CTX *sctx = server_ctx(), *cctx = client_ctx();
    SSL *c = SSL_new(cctx), *s = SSL_new(sctx);
    char b[8], res[256];
    int ok = 1, r;
    if (!pair_join(c, s) || !pair_handshake(c, s))
        die("keyupdate handshake");
    client_drain(c);
    for (int i = 0; i < 1000 && ok; i++) {
        ok = SSL_key_update(s, SSL_KEY_UPDATE_REQUESTED) == 1 && SSL_write(s, "k", 1) == 1
             && SSL_read(c, b, 1) == 1 && b[0] == 'k' && SSL_write(c, "c", 1) == 1
             && SSL_read(s, b, 1) == 1 && b[0] == 'c';
    }
    printf("keyupdate-flood: 1000 requested KeyUpdates with data: %s\n", ok ? "all data intact" : "FAILED");
    ERR_clear_error();
    /* 40 KeyUpdates in a row, no application data between them. */
    for (int i = 0; i < KEY_UPDATES; i++) {
        if (SSL_key_update(s, SSL_KEY_UPDATE_NOT_REQUESTED) != 1)
            die("SSL_key_update");
        r = SSL_do_handshake(s);
        (void)r;
    }
    r = SSL_read(c, b, 1);
    outcome(res, sizeof(res), c, r);
    printf("keyupdate-flood: %d KeyUpdates without data, client SSL_read: %s\n", KEY_UPDATES, res);
    SSL_free(c);
    SSL_free(s);
    SSL_CTX_free(cctx);
    SSL_CTX_free(sctx);
}

/* One SSL_do_handshake unless `*done`; a call that neither succeeds nor
 * wants I/O ends that side, its outcome in `res`. */
static void handshake_step(SSL *ssl, int *done, int *ret, char *res, size_t n)
{
    if (*done)
        return;
    *ret = SSL_do_handshake(ssl);
    int e = SSL_get_error(ssl, *ret);
    if (*ret == 1 || (e != SSL_ERROR_WANT_READ && e != SSL_ERROR_WANT_WRITE)) {
        *done = 1;
        if (*ret != 1)
            outcome(res, n, ssl, *ret);
    }
}

/* A full handshake where `victim_client` (or the server) accepts at most
 * 300 bytes of certificate; prints both ends' results. */
static void max_cert_list(int victim_client)
{
    SSL_CTX *sctx = server_ctx(), *cctx = client_ctx();
    SSL *c, *s;
    char cres[256], sres[256];
    int cdone = 0, sdone = 0, cr = 0, sr = 0;
    if (victim_client) {
        long old = SSL_CTX_set_max_cert_list(cctx, 300);
        printf("max-cert-list: default %ld, now %ld\n", old, SSL_CTX_get_max_cert_list(cctx));
    } else {
        SSL_CTX_set_max_cert_list(sctx, 300);
        SSL_CTX_set_verify(sctx, SSL_VERIFY_PEER, NULL);
        if (SSL_CTX_load_verify_locations(sctx, in_dir(dir, "ca.pem"), NULL) != 1
            || SSL_CTX_use_certificate_file(cctx, in_dir(dir, "client.pem"), SSL_FILETYPE_PEM) != 1
            || SSL_CTX_use_PrivateKey_file(cctx, in_dir(dir, "client.key"), SSL_FILETYPE_PEM) != 1)
            die("client certificate");
    }
    c = SSL_new(cctx);
    s = SSL_new(sctx);
    if (!pair_join(c, s))
        die("pair");
    if (victim_client)
        printf("max-cert-list: SSL_get_max_cert_list of a new SSL %ld\n", SSL_get_max_cert_list(c));
    strcpy(cres, "completed");
    strcpy(sres, "completed");
    for (int i = 0; i < 100 && !(cdone && sdone); i++) {
        handshake_step(c, &cdone, &cr, cres, sizeof(cres));
        handshake_step(s, &sdone, &sr, sres, sizeof(sres));
    }
    /* A TLS 1.3 server finishes before the client's Certificate arrives: its
     * verdict on the client's certificate comes with the next read. */
    if (!victim_client && sr == 1) {
        char b[1];
        sr = SSL_read(s, b, 1);
        outcome(sres, sizeof(sres), s, sr);
    }
    printf("max-cert-list: 300-byte limit on the %s: client %s; server %s\n", victim_client ? "client" : "server", cres, sres);
    SSL_free(c);
    SSL_free(s);
    SSL_CTX_free(cctx);
    SSL_CTX_free(sctx);
}

static void after_close(void)
{
    SSL_CTX *sctx = server_ctx(), *cctx = client_ctx();
    SSL *c = SSL_new(cctx), *s = SSL_new(sctx);
    static const unsigned char junk[] = "\x17\x03\x03\x00\x05hello";
    char b[16], first[256], second[256];
    if (!pair_join(c, s) || !pair_handshake(c, s))
        die("after-close handshake");
    client_drain(c);
    SSL_shutdown(s);
    if (BIO_write(SSL_get_wbio(s), junk, sizeof(junk) - 1) != (int)sizeof(junk) - 1)
        die("raw write");
    outcome(first, sizeof(first), c, SSL_read(c, b, sizeof(b)));
    outcome(second, sizeof(second), c, SSL_read(c, b, sizeof(b)));
    printf("after-close: a record after close_notify: first SSL_read %s; second %s; SSL_get_shutdown %d\n", first, second,
           SSL_get_shutdown(c));
    SSL_free(c);
    SSL_free(s);
    SSL_CTX_free(cctx);
    SSL_CTX_free(sctx);
}

static int by_text(const void *a, const void *b)
{
    return strcmp(a, b);
}

/* Client and server on memory BIOs, so bytes can be cut and EOF given. */
static void truncated_flight(void)
{
    SSL_CTX *sctx = server_ctx(), *cctx = client_ctx();
    char classes[8][256];
    int nclasses = 0, cuts = 0, len = 1;
    for (int n = 0; n < len; n++) {
        SSL *c = SSL_new(cctx), *s = SSL_new(sctx);
        BIO *c_in = BIO_new(BIO_s_mem()), *c_out = BIO_new(BIO_s_mem());
        BIO *s_in = BIO_new(BIO_s_mem()), *s_out = BIO_new(BIO_s_mem());
        char *data, res[256];
        long got;
        int r;
        SSL_set_bio(c, c_in, c_out);
        SSL_set_bio(s, s_in, s_out);
        SSL_set_connect_state(c);
        SSL_set_accept_state(s);
        BIO_set_mem_eof_return(c_in, -1); /* empty means "retry" until the cut */
        BIO_set_mem_eof_return(s_in, -1);
        SSL_do_handshake(c);
        got = BIO_get_mem_data(c_out, &data);
        BIO_write(s_in, data, (int)got);
        SSL_do_handshake(s);
        got = BIO_get_mem_data(s_out, &data);
        len = (int)got; /* the whole first flight: cut at 0 .. len-1 */
        if (n < len && n > 0)
            BIO_write(c_in, data, n);
        BIO_set_mem_eof_return(c_in, 0); /* then end of stream */
        r = SSL_do_handshake(c);
        outcome(res, sizeof(res), c, r);
        cuts++;
        int known = 0;
        for (int i = 0; i < nclasses; i++)
            known |= strcmp(classes[i], res) == 0;
        if (!known && nclasses < 8)
            strcpy(classes[nclasses++], res);
        SSL_free(c);
        SSL_free(s);
    }
    qsort(classes, (size_t)nclasses, sizeof(classes[0]), by_text);
    printf("truncated-flight: the server's first flight cut at each of its bytes, then EOF: %s", cuts > 100 ? "every cut ended" : "TOO FEW CUTS");
    for (int i = 0; i < nclasses; i++)
        printf("%s %s", i ? ";" : ":", classes[i]);
    printf("\n");
    SSL_CTX_free(cctx);
    SSL_CTX_free(sctx);
}

int main(int argc, char **argv)
{
    if (argc < 2)
        return 2;
    dir = argv[1];
    nst_flood();
    keyupdate_flood();
    max_cert_list(1);
    max_cert_list(0);
    after_close();
    truncated_flight();
    return 0;
}
