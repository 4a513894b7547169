//! The cipher-string language (SSL_CTX_set_cipher_list) and the TLS 1.3
//! ciphersuites list (SSL_CTX_set_ciphersuites) on arbitrary text.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let _ = ssl_rs::tls::cipher_string::evaluate(text);
    let _ = ssl_rs::tls::suites::parse_ciphersuites(text);
});
