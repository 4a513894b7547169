/* A session's ex_data free callback that calls back into the library.
 * OpenSSL runs it wherever the session's last reference goes, never under a
 * lock of its own; here the client's first TLS 1.3 ticket session is
 * replaced by the second while only the SSL holds it, and the callback asks
 * the same SSL for its session. A library that frees the displaced session
 * under its connection lock deadlocks (run.sh bounds the run with timeout).
 * Client and server in one process over a BIO pair; run.sh compares the
 * output on both libraries.
 *
 * usage: session_free_reentry CERT KEY */
#include <stdio.h>
#include <openssl/ssl.h>
#include "pair.h"

static SSL *client;
static int frees, frees_seeing_a_session;

static void free_cb(void *parent, void *ptr, CRYPTO_EX_DATA *ad, int idx, long argl, void *argp)
{
    (void)parent;
    (void)ptr;
    (void)ad;
    (void)idx;
    (void)argl;
    (void)argp;
    frees++;
    if (client != NULL && SSL_get0_session(client) != NULL)
        frees_seeing_a_session++;
}

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: session_free_reentry CERT KEY\n");
        return 2;
    }
    SSL_SESSION_get_ex_new_index(0, NULL, NULL, NULL, free_cb);
    SSL_CTX *sctx = SSL_CTX_new(TLS_server_method()), *cctx = SSL_CTX_new(TLS_client_method());
    SSL_CTX_use_certificate_chain_file(sctx, argv[1]);
    SSL_CTX_use_PrivateKey_file(sctx, argv[2], SSL_FILETYPE_PEM);
    SSL_CTX_set_num_tickets(sctx, 2);
    SSL *c = SSL_new(cctx), *s = SSL_new(sctx);
    client = c;
    if (!pair_join(c, s) || !pair_handshake(c, s)) {
        printf("handshake failed\n");
        return 1;
    }
    pair_pump_tickets(c);
    /* How many sessions are freed by now differs (OpenSSL dups the
     * client's session per ticket and ours replaces it); that some were,
     * each callback returned, and each saw the SSL's session does not. */
    printf("after two tickets: session=%s some freed=%s each saw a session=%s\n",
           SSL_get0_session(c) != NULL ? "yes" : "no", frees > 0 ? "yes" : "no",
           frees == frees_seeing_a_session ? "yes" : "no");
    client = NULL;
    pair_close(c, s);
    SSL_CTX_free(cctx);
    SSL_CTX_free(sctx);
    printf("done\n");
    return 0;
}
