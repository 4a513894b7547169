/* Compiles only if every prototype in our generated header agrees with
 * OpenSSL's <openssl/ssl.h>: C rejects conflicting redeclarations. */
#include <openssl/ssl.h>
#include "libssl_rs.h"

int main(void) { return 0; }
