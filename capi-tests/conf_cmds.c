/* OpenSSL's SSL_CONF command table through SSL_CONF_cmd, SSL_CONF_cmd_argv,
 * SSL_CONF_cmd_value_type and SSL_CONF_CTX_finish: each command's return
 * value, the errors it queues, and the context's settings afterwards, so
 * the harness can compare the system libssl with ours line by line.
 *
 * usage: conf_cmds CERT KEY CAFILE DHPARAM
 */
#include <stdio.h>
#include <string.h>

#include <openssl/err.h>
#include <openssl/ssl.h>

static void errors(void)
{
    unsigned long e;
    while ((e = ERR_get_error()) != 0)
        printf("    error: %s\n", ERR_reason_error_string(e));
}

static void cmd(SSL_CONF_CTX *c, const char *name, const char *value)
{
    int type = SSL_CONF_cmd_value_type(c, name);
    int r = SSL_CONF_cmd(c, name, value);
    printf("  %s %s -> %d (type %d)\n", name, value ? value : "(null)", r, type);
    errors();
}

static void show(SSL_CTX *ctx)
{
    const STACK_OF(X509_NAME) *ca = SSL_CTX_get0_CA_list(ctx);
    printf("  options %#llx verify %d tickets %zu min %#lx max %#lx key ok %d ca names %d\n",
           (unsigned long long)SSL_CTX_get_options(ctx), SSL_CTX_get_verify_mode(ctx), SSL_CTX_get_num_tickets(ctx),
           SSL_CTX_get_min_proto_version(ctx), SSL_CTX_get_max_proto_version(ctx),
           SSL_CTX_get0_certificate(ctx) != NULL && SSL_CTX_check_private_key(ctx), ca ? sk_X509_NAME_num(ca) : -1);
    ERR_clear_error();
}

int main(int argc, char **argv)
{
    if (argc != 5)
        return 2;
    const char *cert = argv[1], *key = argv[2], *cafile = argv[3], *dh = argv[4];

    printf("file, server, certificates, errors shown\n");
    SSL_CTX *ctx = SSL_CTX_new(TLS_server_method());
    SSL_CONF_CTX *c = SSL_CONF_CTX_new();
    SSL_CONF_CTX_set_flags(c, SSL_CONF_FLAG_FILE | SSL_CONF_FLAG_SERVER | SSL_CONF_FLAG_CERTIFICATE | SSL_CONF_FLAG_SHOW_ERRORS);
    SSL_CONF_CTX_set_ssl_ctx(c, ctx);
    cmd(c, "Certificate", cert);
    cmd(c, "privatekey", key);
    cmd(c, "VerifyCAFile", cafile);
    cmd(c, "ChainCAFile", cafile);
    cmd(c, "ClientCAFile", cafile);
    cmd(c, "Options", "-SessionTicket,ServerPreference, -EncryptThenMac");
    cmd(c, "Options", "NoSuchOption");
    cmd(c, "VerifyMode", "Require,Once");
    cmd(c, "VerifyMode", "Peer");
    cmd(c, "Protocol", "-ALL,TLSv1.2,+TLSv1.3");
    cmd(c, "MinProtocol", "TLSv1.2");
    cmd(c, "MaxProtocol", "DTLSv1.2");
    cmd(c, "NumTickets", "4");
    cmd(c, "NumTickets", "-1");
    cmd(c, "Groups", "X25519:P-256");
    cmd(c, "Groups", "NoSuchGroup");
    cmd(c, "ECDHParameters", "automatic");
    cmd(c, "Ciphersuites", "TLS_AES_256_GCM_SHA384");
    cmd(c, "CipherString", "ECDHE+AESGCM");
    cmd(c, "SignatureAlgorithms", "ECDSA+SHA256:rsa_pss_rsae_sha256");
    cmd(c, "DHParameters", dh);
    cmd(c, "NoSuchCommand", "x");
    cmd(c, "no_ticket", NULL);
    cmd(c, "Certificate", NULL);
    printf("  finish %d\n", SSL_CONF_CTX_finish(c));
    errors();
    show(ctx);
    SSL_CONF_CTX_free(c);
    SSL_CTX_free(ctx);

    printf("file, client, no certificate flag\n");
    ctx = SSL_CTX_new(TLS_client_method());
    c = SSL_CONF_CTX_new();
    SSL_CONF_CTX_set_flags(c, SSL_CONF_FLAG_FILE | SSL_CONF_FLAG_CLIENT);
    SSL_CONF_CTX_set_ssl_ctx(c, ctx);
    cmd(c, "Certificate", cert);
    cmd(c, "PrivateKey", key);
    cmd(c, "VerifyMode", "Peer");
    cmd(c, "VerifyMode", "Require");
    cmd(c, "Options", "ServerPreference");
    cmd(c, "NumTickets", "3");
    show(ctx);
    SSL_CONF_CTX_free(c);
    SSL_CTX_free(ctx);

    printf("certificate without key: REQUIRE_PRIVATE loads the key from its file at finish\n");
    ctx = SSL_CTX_new(TLS_server_method());
    c = SSL_CONF_CTX_new();
    SSL_CONF_CTX_set_flags(c, SSL_CONF_FLAG_FILE | SSL_CONF_FLAG_SERVER | SSL_CONF_FLAG_CERTIFICATE | SSL_CONF_FLAG_REQUIRE_PRIVATE);
    SSL_CONF_CTX_set_ssl_ctx(c, ctx);
    cmd(c, "Certificate", cert);
    cmd(c, "Certificate", cert);
    printf("  finish %d\n", SSL_CONF_CTX_finish(c));
    errors();
    show(ctx);
    SSL_CONF_CTX_free(c);
    SSL_CTX_free(ctx);

    printf("command line, server, prefix\n");
    ctx = SSL_CTX_new(TLS_server_method());
    c = SSL_CONF_CTX_new();
    SSL_CONF_CTX_set_flags(c, SSL_CONF_FLAG_CMDLINE | SSL_CONF_FLAG_SERVER | SSL_CONF_FLAG_CERTIFICATE);
    SSL_CONF_CTX_set_ssl_ctx(c, ctx);
    char *args[] = { "-no_ticket", "-cipher", "AES128-SHA", "-num_tickets", "1", "-cert", (char *)cert, "-key", (char *)key,
                     "-client_renegotiation", "-unknown", "-min_protocol", "TLSv9", NULL };
    int n = 13;
    char **p = args;
    while (n > 0) {
        int used = SSL_CONF_cmd_argv(c, &n, &p);
        printf("  argv at %s -> %d\n", *p ? *p : "(end)", used);
        errors();
        if (used <= 0) {
            p++;
            n--;
        }
    }
    SSL_CONF_CTX_set1_prefix(c, "--");
    cmd(c, "--serverpref", NULL);
    cmd(c, "-serverpref", NULL);
    printf("  type of --cipher %d, of --nope %d\n", SSL_CONF_cmd_value_type(c, "--cipher"), SSL_CONF_cmd_value_type(c, "--nope"));
    show(ctx);
    SSL_CONF_CTX_free(c);
    SSL_CTX_free(ctx);
    return 0;
}
