/* Client and server SSLs joined by a BIO pair in one process: no sockets.
 * Used by the concurrency test and the benchmark; OpenSSL public API only. */
#ifndef LIBSSL_RS_PAIR_H
#define LIBSSL_RS_PAIR_H

#include <openssl/bio.h>
#include <openssl/ssl.h>

#include <stdio.h>

/* Room for two full records each way. */
#define PAIR_BUF 34000

/* Joins c (client) and s (server) with a BIO pair. */
static int pair_join(SSL *c, SSL *s)
{
    BIO *bc = NULL, *bs = NULL;
    if (!BIO_new_bio_pair(&bc, PAIR_BUF, &bs, PAIR_BUF))
        return 0;
    SSL_set_bio(c, bc, bc);
    SSL_set_bio(s, bs, bs);
    SSL_set_connect_state(c);
    SSL_set_accept_state(s);
    return 1;
}

/* Drives both handshakes to completion; 1 on success. */
static int pair_handshake(SSL *c, SSL *s)
{
    int cdone = 0, sdone = 0;
    for (int i = 0; i < 1000 && !(cdone && sdone); i++) {
        if (!cdone) {
            int r = SSL_do_handshake(c);
            if (r == 1)
                cdone = 1;
            else if (SSL_get_error(c, r) != SSL_ERROR_WANT_READ && SSL_get_error(c, r) != SSL_ERROR_WANT_WRITE)
                return 0;
        }
        if (!sdone) {
            int r = SSL_do_handshake(s);
            if (r == 1)
                sdone = 1;
            else if (SSL_get_error(s, r) != SSL_ERROR_WANT_READ && SSL_get_error(s, r) != SSL_ERROR_WANT_WRITE)
                return 0;
        }
    }
    return cdone && sdone;
}

/* Lets the client read what the server sent after the handshake (the
 * TLS 1.3 tickets): one read attempt that finds no application data. */
static void pair_pump_tickets(SSL *c)
{
    char b[1];
    int r = SSL_read(c, b, 0);
    (void)r;
    r = SSL_peek(c, b, 1);
    (void)r;
}

/* DIR/FILE, for the files capi-tests/gen-certs.sh makes; the buffer is
 * reused by the next call. */
static inline const char *in_dir(const char *dir, const char *file)
{
    static char path[4096];
    snprintf(path, sizeof(path), "%s/%s", dir, file);
    return path;
}

/* Sends both close_notify alerts (without them SSL_free would leave the
 * sessions unusable for resumption) and frees both. */
static inline void pair_close(SSL *c, SSL *s)
{
    SSL_shutdown(c);
    SSL_shutdown(s);
    SSL_free(c);
    SSL_free(s);
}

#endif
