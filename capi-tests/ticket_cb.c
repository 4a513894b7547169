/* SSL_CTX_set_session_ticket_cb with ticket appdata: the server stores
 * bytes in its tickets and reads them back on resumption; its decrypt
 * callback chooses USE, USE_RENEW, IGNORE_RENEW or IGNORE, in TLS 1.3 and
 * TLS 1.2 (where an empty session_ticket reaches it as SSL_TICKET_EMPTY);
 * how many tickets each connection issues is printed. Client and server in
 * one process over a BIO pair; run.sh compares the output on both
 * libraries.
 *
 * usage: ticket_cb CERT KEY */
#include <stdio.h>
#include <string.h>
#include <openssl/ssl.h>
#include "pair.h"

static int decision = SSL_TICKET_RETURN_USE;
static int gen_calls;

static int gen_cb(SSL *s, void *arg)
{
    (void)arg;
    gen_calls++;
    static const char appdata[] = "hello-appdata";
    return SSL_SESSION_set1_ticket_appdata(SSL_get_session(s), appdata, sizeof appdata - 1);
}

static SSL_TICKET_RETURN dec_cb(SSL *s, SSL_SESSION *ss, const unsigned char *keyname, size_t keyname_len,
                                SSL_TICKET_STATUS status, void *arg)
{
    (void)s;
    (void)keyname;
    (void)arg;
    void *data = NULL;
    size_t len = 0;
    if (ss != NULL)
        SSL_SESSION_get0_ticket_appdata(ss, &data, &len);
    printf("dec_cb: status=%d keyname_len=%zu appdata=%.*s -> %d\n", status, keyname_len, (int)len,
           data ? (const char *)data : "", decision);
    return decision;
}

static SSL_SESSION *connect_once(SSL_CTX *cctx, SSL_CTX *sctx, SSL_SESSION *sess, const char *label)
{
    SSL *c = SSL_new(cctx), *s = SSL_new(sctx);
    if (sess != NULL)
        SSL_set_session(c, sess);
    if (!pair_join(c, s) || !pair_handshake(c, s)) {
        printf("%s: handshake failed\n", label);
        return NULL;
    }
    pair_pump_tickets(c);
    printf("%s: %s reused=%d tickets=%d\n", label, SSL_get_version(c), SSL_session_reused(c), gen_calls);
    gen_calls = 0;
    SSL_SESSION *out = SSL_get1_session(c);
    SSL_shutdown(c);
    SSL_shutdown(s);
    SSL_free(c);
    SSL_free(s);
    return out;
}

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: ticket_cb CERT KEY\n");
        return 2;
    }
    SSL_CTX *sctx = SSL_CTX_new(TLS_server_method()), *cctx = SSL_CTX_new(TLS_client_method());
    SSL_CTX_use_certificate_chain_file(sctx, argv[1]);
    SSL_CTX_use_PrivateKey_file(sctx, argv[2], SSL_FILETYPE_PEM);
    SSL_CTX_set_num_tickets(sctx, 1);
    printf("set_session_ticket_cb: %d\n", SSL_CTX_set_session_ticket_cb(sctx, gen_cb, dec_cb, NULL));
    static const struct { int d; const char *name; } decisions[] = {
        { SSL_TICKET_RETURN_USE, "USE" },
        { SSL_TICKET_RETURN_USE_RENEW, "USE_RENEW" },
        { SSL_TICKET_RETURN_IGNORE_RENEW, "IGNORE_RENEW" },
        { SSL_TICKET_RETURN_IGNORE, "IGNORE" },
    };
    for (int v = 0; v < 2; v++) {
        SSL_CTX_set_max_proto_version(cctx, v == 0 ? TLS1_3_VERSION : TLS1_2_VERSION);
        /* A TLS 1.2 full handshake asks the callback about its empty ticket. */
        decision = SSL_TICKET_RETURN_IGNORE_RENEW;
        SSL_SESSION *s1 = connect_once(cctx, sctx, NULL, "full");
        for (size_t i = 0; s1 != NULL && i < sizeof decisions / sizeof decisions[0]; i++) {
            char label[64];
            decision = decisions[i].d;
            snprintf(label, sizeof label, "resume (%s)", decisions[i].name);
            SSL_SESSION_free(connect_once(cctx, sctx, s1, label));
        }
        /* Declining the empty ticket: no ticket issued. */
        decision = SSL_TICKET_RETURN_IGNORE;
        SSL_SESSION_free(connect_once(cctx, sctx, NULL, "full (IGNORE)"));
        SSL_SESSION_free(s1);
    }
    SSL_CTX_free(cctx);
    SSL_CTX_free(sctx);
    return 0;
}
