//! TLS 1.2 RSA key exchange: the libcrypto paths of `sys::rsa_kx`, whose
//! implicit rejection of bad premaster secrets is libcrypto's constant-time
//! code (RSA_PKCS1_WITH_TLS_PADDING).

pub use crate::sys::rsa_kx::{encrypt_premaster, LibcryptoKey, PREMASTER_LEN};
