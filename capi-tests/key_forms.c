/* Every way OpenSSL 3.0 takes a certificate and key, on a context and on
 * one connection: the deprecated RSA forms (RSA *, PKCS #1 DER, PEM and DER
 * files), the ASN1 (DER) forms and SSL(_CTX)_use_cert_and_key with and
 * without override, and SSL_copy_session_id; each loaded pair then serves
 * a handshake over a BIO pair. One line per call; run.sh compares the output on both libraries.
 *
 * usage: key_forms RSA_CERT RSA_KEY EC_CERT EC_KEY WORKDIR */
#define OPENSSL_SUPPRESS_DEPRECATED
#include <stdio.h>
#include <string.h>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>
#include <openssl/ssl.h>
#include "pair.h"

static const char *certfile, *keyfile, *eccert, *eckey, *work;

static X509 *load_cert(const char *f)
{
    FILE *fp = fopen(f, "r");
    X509 *x = fp ? PEM_read_X509(fp, NULL, NULL, NULL) : NULL;
    if (fp)
        fclose(fp);
    return x;
}

static EVP_PKEY *load_key(const char *f)
{
    FILE *fp = fopen(f, "r");
    EVP_PKEY *k = fp ? PEM_read_PrivateKey(fp, NULL, NULL, NULL) : NULL;
    if (fp)
        fclose(fp);
    return k;
}

/* A handshake against a client: 1 when the server's certificate serves. */
static int serves(SSL_CTX *sctx, SSL *s)
{
    SSL_CTX *cctx = SSL_CTX_new(TLS_client_method());
    SSL *c = SSL_new(cctx);
    int ok = pair_join(c, s) && pair_handshake(c, s);
    if (ok)
        pair_pump_tickets(c);
    SSL_free(c);
    SSL_CTX_free(cctx);
    (void)sctx;
    ERR_clear_error();
    return ok;
}

static void report(const char *what, int r, SSL_CTX *ctx, SSL *s)
{
    unsigned long e = ERR_peek_last_error();
    int check = s ? SSL_check_private_key(s) : SSL_CTX_check_private_key(ctx);
    ERR_clear_error();
    printf("%-40s -> %d (error %s) check=%d\n", what, r, e ? ERR_reason_error_string(e) : "none", check);
}

int main(int argc, char **argv)
{
    if (argc != 6) {
        fprintf(stderr, "usage: key_forms RSA_CERT RSA_KEY EC_CERT EC_KEY WORKDIR\n");
        return 2;
    }
    certfile = argv[1], keyfile = argv[2], eccert = argv[3], eckey = argv[4], work = argv[5];
    char der_file[512];
    snprintf(der_file, sizeof der_file, "%s/rsa-pkcs1.der", work);

    /* The RSA key as an RSA * and as PKCS #1 DER. */
    EVP_PKEY *pk = load_key(keyfile);
    RSA *rsa = EVP_PKEY_get1_RSA(pk);
    unsigned char *der = NULL;
    int derlen = i2d_RSAPrivateKey(rsa, &der);
    FILE *fp = fopen(der_file, "wb");
    fwrite(der, 1, derlen, fp);
    fclose(fp);
    X509 *x = load_cert(certfile), *ecx = load_cert(eccert);
    EVP_PKEY *eck = load_key(eckey);
    unsigned char *xder = NULL;
    int xderlen = i2d_X509(x, &xder);

    for (int on_ssl = 0; on_ssl < 2; on_ssl++) {
        printf("== %s\n", on_ssl ? "SSL" : "SSL_CTX");
        for (int form = 0; form < 4; form++) {
            SSL_CTX *ctx = SSL_CTX_new(TLS_server_method());
            SSL *s = SSL_new(ctx);
            int r = on_ssl ? SSL_use_certificate(s, x) : SSL_CTX_use_certificate(ctx, x);
            const char *name = "";
            switch (form) {
            case 0:
                name = "use_RSAPrivateKey";
                r = on_ssl ? SSL_use_RSAPrivateKey(s, rsa) : SSL_CTX_use_RSAPrivateKey(ctx, rsa);
                break;
            case 1:
                name = "use_RSAPrivateKey_ASN1";
                r = on_ssl ? SSL_use_RSAPrivateKey_ASN1(s, der, derlen) : SSL_CTX_use_RSAPrivateKey_ASN1(ctx, der, derlen);
                break;
            case 2:
                name = "use_RSAPrivateKey_file PEM";
                r = on_ssl ? SSL_use_RSAPrivateKey_file(s, keyfile, SSL_FILETYPE_PEM)
                           : SSL_CTX_use_RSAPrivateKey_file(ctx, keyfile, SSL_FILETYPE_PEM);
                break;
            case 3:
                name = "use_RSAPrivateKey_file ASN1";
                r = on_ssl ? SSL_use_RSAPrivateKey_file(s, der_file, SSL_FILETYPE_ASN1)
                           : SSL_CTX_use_RSAPrivateKey_file(ctx, der_file, SSL_FILETYPE_ASN1);
                break;
            }
            report(name, r, ctx, on_ssl ? s : NULL);
            SSL_free(s);
            s = SSL_new(ctx);
            if (!on_ssl)
                printf("%-40s -> handshake %d\n", name, serves(ctx, s));
            SSL_free(s);
            SSL_CTX_free(ctx);
        }
        /* An EC key file is not an RSA key. */
        SSL_CTX *ctx = SSL_CTX_new(TLS_server_method());
        SSL *s = SSL_new(ctx);
        int r = on_ssl ? SSL_use_RSAPrivateKey_file(s, eckey, SSL_FILETYPE_PEM)
                       : SSL_CTX_use_RSAPrivateKey_file(ctx, eckey, SSL_FILETYPE_PEM);
        printf("%-40s -> %d\n", "use_RSAPrivateKey_file (EC key)", r);
        ERR_clear_error();
        /* The DER certificate and key forms. */
        r = on_ssl ? SSL_use_certificate_ASN1(s, xder, xderlen) : SSL_CTX_use_certificate_ASN1(ctx, xderlen, xder);
        printf("%-40s -> %d\n", "use_certificate_ASN1", r);
        r = on_ssl ? SSL_use_PrivateKey_ASN1(EVP_PKEY_RSA, s, der, derlen) : SSL_CTX_use_PrivateKey_ASN1(EVP_PKEY_RSA, ctx, der, derlen);
        report("use_PrivateKey_ASN1", r, ctx, on_ssl ? s : NULL);
        r = on_ssl ? SSL_use_certificate_ASN1(s, xder, 10) : SSL_CTX_use_certificate_ASN1(ctx, 10, xder);
        printf("%-40s -> %d\n", "use_certificate_ASN1 (truncated)", r);
        ERR_clear_error();
        /* use_cert_and_key: the RSA slot is taken; EC goes in beside it. */
        r = on_ssl ? SSL_use_cert_and_key(s, x, pk, NULL, 0) : SSL_CTX_use_cert_and_key(ctx, x, pk, NULL, 0);
        report("use_cert_and_key RSA, no override", r, ctx, on_ssl ? s : NULL);
        r = on_ssl ? SSL_use_cert_and_key(s, x, pk, NULL, 1) : SSL_CTX_use_cert_and_key(ctx, x, pk, NULL, 1);
        report("use_cert_and_key RSA, override", r, ctx, on_ssl ? s : NULL);
        r = on_ssl ? SSL_use_cert_and_key(s, ecx, pk, NULL, 1) : SSL_CTX_use_cert_and_key(ctx, ecx, pk, NULL, 1);
        report("use_cert_and_key EC cert, RSA key", r, ctx, on_ssl ? s : NULL);
        r = on_ssl ? SSL_use_cert_and_key(s, ecx, eck, NULL, 0) : SSL_CTX_use_cert_and_key(ctx, ecx, eck, NULL, 0);
        report("use_cert_and_key EC, no override", r, ctx, on_ssl ? s : NULL);
        if (on_ssl)
            printf("%-40s -> handshake %d\n", "after use_cert_and_key", serves(ctx, s));
        SSL_free(s);
        SSL_CTX_free(ctx);
    }
    /* SSL_copy_session_id: the certificates and key go along. */
    {
        SSL_CTX *ctx = SSL_CTX_new(TLS_server_method());
        SSL *a = SSL_new(ctx), *b = SSL_new(ctx);
        SSL_use_certificate(a, x);
        SSL_use_PrivateKey(a, pk);
        SSL_set_session_id_context(a, (const unsigned char *)"abc", 3);
        printf("%-40s -> %d\n", "copy_session_id", SSL_copy_session_id(b, a));
        printf("%-40s -> same cert %d, check %d\n", "after copy_session_id", X509_cmp(SSL_get_certificate(b), x) == 0,
               SSL_check_private_key(b));
        printf("%-40s -> handshake %d\n", "after copy_session_id", serves(ctx, b));
        SSL_free(a);
        SSL_free(b);
        SSL_CTX_free(ctx);
    }
    OPENSSL_free(der);
    OPENSSL_free(xder);
    RSA_free(rsa);
    EVP_PKEY_free(pk);
    EVP_PKEY_free(eck);
    X509_free(x);
    X509_free(ecx);
    return 0;
}
