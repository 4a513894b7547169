/* SSL_set_session_ticket_ext and SSL_set_session_ticket_ext_cb (the
 * EAP-FAST hooks) over TLS 1.2: the session_ticket a client sends without
 * a session of its own (data, or NULL for none), the server's extension as
 * the client's callback sees it, and a callback that refuses it. Client and
 * server in one process over a BIO pair; run.sh compares the output on
 * both libraries.
 *
 * usage: ticket_ext CERT KEY */
#include <stdio.h>
#include <string.h>
#include <openssl/err.h>
#include <openssl/ssl.h>
#include "pair.h"

static int cb_verdict = 1;

static int ticket_ext_cb(SSL *s, const unsigned char *data, int len, void *arg)
{
    (void)s;
    (void)data;
    printf("  ticket_ext_cb: len=%d arg=%s -> %d\n", len, (const char *)arg, cb_verdict);
    return cb_verdict;
}

/* The session_ticket extension of the ClientHello the client writes first. */
static void show_hello_ticket(SSL_CTX *cctx, const char *data, int use_null)
{
    SSL *c = SSL_new(cctx);
    BIO *r = BIO_new(BIO_s_mem()), *w = BIO_new(BIO_s_mem());
    SSL_set_bio(c, r, w);
    SSL_set_connect_state(c);
    printf("set_session_ticket_ext: %d\n",
           SSL_set_session_ticket_ext(c, use_null ? NULL : (void *)data, use_null ? 0 : (int)strlen(data)));
    SSL_connect(c);
    unsigned char *d;
    long len = BIO_get_mem_data(w, (char **)&d);
    const unsigned char *p = d + 5 + 4 + 2 + 32, *end = d + len;
    p += 1 + p[0];
    p += 2 + ((p[0] << 8) | p[1]);
    p += 1 + p[0];
    p += 2;
    int found = 0;
    while (p + 4 <= end) {
        int t = (p[0] << 8) | p[1], l = (p[2] << 8) | p[3];
        if (t == 35) {
            printf("  hello session_ticket: %d bytes \"%.*s\"\n", l, l, (const char *)p + 4);
            found = 1;
        }
        p += 4 + l;
    }
    if (!found)
        printf("  hello session_ticket: absent\n");
    SSL_free(c);
    ERR_clear_error();
}

static void handshake(SSL_CTX *cctx, SSL_CTX *sctx, const char *label)
{
    SSL *c = SSL_new(cctx), *s = SSL_new(sctx);
    printf("%s: set_session_ticket_ext=%d set_cb=%d\n", label, SSL_set_session_ticket_ext(c, "Hello World!", 12),
           SSL_set_session_ticket_ext_cb(c, ticket_ext_cb, "x"));
    int ok = pair_join(c, s) && pair_handshake(c, s);
    printf("  handshake %s, reused=%d\n", ok ? "ok" : "failed", ok ? SSL_session_reused(c) : -1);
    if (ok)
        pair_pump_tickets(c);
    SSL_free(c);
    SSL_free(s);
    ERR_clear_error();
}

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: ticket_ext CERT KEY\n");
        return 2;
    }
    SSL_CTX *sctx = SSL_CTX_new(TLS_server_method()), *cctx = SSL_CTX_new(TLS_client_method());
    SSL_CTX_use_certificate_chain_file(sctx, argv[1]);
    SSL_CTX_use_PrivateKey_file(sctx, argv[2], SSL_FILETYPE_PEM);
    SSL_CTX_set_max_proto_version(cctx, TLS1_2_VERSION);
    show_hello_ticket(cctx, "Hello World!", 0);
    show_hello_ticket(cctx, NULL, 1);
    handshake(cctx, sctx, "callback accepts");
    cb_verdict = 0;
    handshake(cctx, sctx, "callback refuses");
    SSL_CTX_free(cctx);
    SSL_CTX_free(sctx);
    return 0;
}
