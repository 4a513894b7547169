/* Misuse from C must give clear errors, never crashes: NULL arguments,
 * freed and foreign pointers, SSL_read before any handshake, bad lengths.
 * Runs on our library (and compiles against the system headers). */
#include <stdio.h>
#include <string.h>

#include <openssl/err.h>
#include <openssl/ssl.h>

static int failures;

#define CHECK(cond)                                                        \
    do {                                                                   \
        if (!(cond)) {                                                     \
            printf("FAIL line %d: %s\n", __LINE__, #cond);                 \
            failures++;                                                    \
        }                                                                  \
    } while (0)

/* An error was queued by the last call (and clear it). */
static int queued(void)
{
    unsigned long e = ERR_peek_error();
    ERR_clear_error();
    return e != 0;
}

int main(void)
{
    char buf[16];
    int foreign = 42;
    SSL_CTX *ctx = SSL_CTX_new(TLS_client_method());
    SSL *ssl = SSL_new(ctx);
    SSL_SESSION *sess = SSL_SESSION_new();

    CHECK(ctx != NULL && ssl != NULL && sess != NULL);

    /* NULL arguments */
    CHECK(SSL_new(NULL) == NULL && queued());
    CHECK(SSL_CTX_new(NULL) == NULL && queued());
    CHECK(SSL_connect(NULL) == -1 && queued());
    CHECK(SSL_read(NULL, buf, sizeof(buf)) == -1 && queued());
    CHECK(SSL_get_session(NULL) == NULL);
    ERR_clear_error();
    SSL_free(NULL);
    SSL_CTX_free(NULL);
    SSL_SESSION_free(NULL);
    CHECK(!queued());

    /* a pointer that is not one of ours */
    CHECK(SSL_connect((SSL *)&foreign) == -1 && queued());
    CHECK(SSL_set_session(ssl, (SSL_SESSION *)&foreign) == 0 && queued());
    CHECK(SSL_SESSION_up_ref((SSL_SESSION *)ssl) == 0 && queued()); /* wrong kind */

    CHECK(SSL_in_before(ssl) == 1 && SSL_is_init_finished(ssl) == 0);

    /* SSL_read before any BIO is set: an error, not a crash */
    CHECK(SSL_read(ssl, buf, sizeof(buf)) <= 0);
    CHECK(SSL_get_error(ssl, -1) == SSL_ERROR_SSL);
    CHECK(queued());
    CHECK(SSL_write(ssl, buf, -1) <= 0 && queued());

    /* session id context limits */
    {
        unsigned char long_ctx[33];
        memset(long_ctx, 'x', sizeof(long_ctx));
        CHECK(SSL_CTX_set_session_id_context(ctx, long_ctx, 33) == 0);
        CHECK(ERR_GET_REASON(ERR_peek_error()) == SSL_R_SSL_SESSION_ID_CONTEXT_TOO_LONG && queued());
        CHECK(SSL_CTX_set_session_id_context(ctx, long_ctx, 32) == 1);
    }

    /* a ctrl number OpenSSL does not know: 0 and no error, as OpenSSL
     * (measured); one it knows and we do not implement: 0 with an error */
    CHECK(SSL_CTX_ctrl(ctx, 9999, 0, NULL) == 0 && !queued());
    CHECK(SSL_CTX_ctrl(ctx, SSL_CTRL_SET_CLIENT_CERT_TYPES, 1, (void *)"\x40") == 0 && queued());
    ERR_clear_error();
    /* bad ciphersuites */
    CHECK(SSL_CTX_set_ciphersuites(ctx, "NOT_A_SUITE") == 0);
    CHECK(ERR_GET_REASON(ERR_peek_error()) == SSL_R_NO_CIPHER_MATCH && queued());

    /* defaults as OpenSSL 3.0 */
    CHECK(SSL_CTX_get_timeout(ctx) == 7200);
    CHECK(SSL_get_default_timeout(ssl) == 7200);
    CHECK(SSL_CTX_get_session_cache_mode(ctx) == SSL_SESS_CACHE_SERVER);
    CHECK(SSL_CTX_sess_get_cache_size(ctx) == SSL_SESSION_CACHE_MAX_SIZE_DEFAULT);
    CHECK(SSL_CTX_get_options(ctx) == (SSL_OP_ENABLE_MIDDLEBOX_COMPAT | SSL_OP_NO_COMPRESSION));
    CHECK(SSL_CTX_get_mode(ctx) == SSL_MODE_AUTO_RETRY);

    /* reference counting: up_ref then two frees; a third free is refused */
    CHECK(SSL_SESSION_up_ref(sess) == 1);
    SSL_SESSION_free(sess);
    CHECK(!queued());
    SSL_SESSION_free(sess);
    CHECK(!queued());
    SSL_SESSION_free(sess); /* double free: an error, not a crash */
    CHECK(queued());

    /* an unimplemented function fails and names itself */
    CHECK(SSL_CTX_dane_enable(ctx) <= 0);
    {
        const char *func = NULL, *data = NULL;
        unsigned long e = ERR_peek_error_all(NULL, NULL, &func, &data, NULL);
        CHECK(e != 0 && func != NULL && strcmp(func, "SSL_CTX_dane_enable") == 0);
        CHECK(data != NULL && strstr(data, "SSL_CTX_dane_enable") != NULL);
        ERR_clear_error();
    }

    SSL_free(ssl);
    SSL_CTX_free(ctx);
    /* the context is gone: using it is an error */
    CHECK(SSL_new(ctx) == NULL && queued());

    if (failures == 0)
        printf("misuse: all checks passed\n");
    return failures != 0;
}
