/* The session-cache API on its own: add, replace, evict at the size limit,
 * look up by id, flush by time, remove — printing what OpenSSL's functions
 * return and what the remove callback saw. The output must be the same on
 * the system libssl and on ours. */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include <openssl/err.h>
#include <openssl/ssl.h>

static int removed;
static void remove_cb(SSL_CTX *ctx, SSL_SESSION *s)
{
    unsigned int len;
    const unsigned char *id = SSL_SESSION_get_id(s, &len);
    (void)ctx;
    removed++;
    printf("  remove_cb: id=%c%c len=%u resumable=%d\n", id[0], id[1], len, SSL_SESSION_is_resumable(s));
}

static SSL_SESSION *make(const char *id, long t, long timeout)
{
    SSL_SESSION *s = SSL_SESSION_new();
    SSL_SESSION_set1_id(s, (const unsigned char *)id, (unsigned)strlen(id));
    SSL_SESSION_set_time(s, t);
    SSL_SESSION_set_timeout(s, timeout);
    SSL_SESSION_set_protocol_version(s, TLS1_3_VERSION);
    return s;
}

int main(void)
{
    SSL_CTX *ctx = SSL_CTX_new(TLS_server_method());
    SSL *ssl = SSL_new(ctx);
    long now = (long)time(NULL);
    SSL_SESSION *a = make("aa", now, 100), *b = make("bb", now - 50, 10), *c = make("cc", now, 100);
    SSL_SESSION *a2 = make("aa", now, 100);

    SSL_CTX_sess_set_remove_cb(ctx, remove_cb);
    printf("add a=%d b=%d c=%d number=%ld\n", SSL_CTX_add_session(ctx, a), SSL_CTX_add_session(ctx, b),
           SSL_CTX_add_session(ctx, c), SSL_CTX_sess_number(ctx));
    printf("add a again=%d number=%ld\n", SSL_CTX_add_session(ctx, a), SSL_CTX_sess_number(ctx));
    printf("add a2 (same id)=%d number=%ld\n", SSL_CTX_add_session(ctx, a2), SSL_CTX_sess_number(ctx));
    printf("has aa=%d has zz=%d\n", SSL_has_matching_session_id(ssl, (const unsigned char *)"aa", 2),
           SSL_has_matching_session_id(ssl, (const unsigned char *)"zz", 2));
    printf("flush at now:\n");
    SSL_CTX_flush_sessions(ctx, now);
    printf("number=%ld\n", SSL_CTX_sess_number(ctx));
    printf("remove c=%d number=%ld\n", SSL_CTX_remove_session(ctx, c), SSL_CTX_sess_number(ctx));
    printf("remove c again=%d\n", SSL_CTX_remove_session(ctx, c));
    SSL_CTX_sess_set_cache_size(ctx, 1);
    {
        SSL_SESSION *d = make("dd", now, 100), *e = make("ee", now, 100);
        printf("size 1: add d=%d add e=%d number=%ld cache_full=%ld\n", SSL_CTX_add_session(ctx, d),
               SSL_CTX_add_session(ctx, e), SSL_CTX_sess_number(ctx), SSL_CTX_sess_cache_full(ctx));
        SSL_SESSION_free(d);
        SSL_SESSION_free(e);
    }
    printf("flush all (0):\n");
    SSL_CTX_flush_sessions(ctx, 0);
    printf("number=%ld removed=%d\n", SSL_CTX_sess_number(ctx), removed);
    SSL_SESSION_free(a);
    SSL_SESSION_free(a2);
    SSL_SESSION_free(b);
    SSL_SESSION_free(c);
    SSL_free(ssl);
    SSL_CTX_free(ctx);
    return 0;
}
