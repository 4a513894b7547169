//! The C types behind the pointers we hand out. SSL, SSL_CTX and SSL_SESSION
//! are opaque handles (see `api::handle`); SSL_METHOD and SSL_CIPHER are
//! static tables whose addresses identify them.

use crate::tls::suites::Suite;

pub use crate::sys::{SSL, SSL_CTX, SSL_SESSION};

/// A method: which role and protocol range `SSL_CTX_new` configures.
#[repr(C)]
pub struct SSL_METHOD {
    pub(crate) role: u8,
    pub(crate) min_version: i32,
    pub(crate) max_version: i32,
}

/// A cipher suite; `SSL_get_current_cipher` returns a pointer into a static table.
#[repr(C)]
#[derive(Clone, Copy)]
pub struct SSL_CIPHER {
    pub(crate) suite: &'static Suite,
}

pub use crate::sys::{DH, EC_KEY, EVP_CIPHER_CTX, EVP_MAC_CTX, EVP_MD, RSA};
pub use crate::sys::{BIO, EVP_PKEY, X509, X509_STORE, X509_STORE_CTX, X509_VERIFY_PARAM, OPENSSL_STACK};

/// `OPENSSL_INIT_SETTINGS` (opaque, from libcrypto).
#[repr(C)]
pub struct OPENSSL_INIT_SETTINGS {
    _opaque: [u8; 0],
}

/// `OSSL_LIB_CTX` (opaque, from libcrypto).
#[repr(C)]
pub struct OSSL_LIB_CTX {
    _opaque: [u8; 0],
}

/// `STACK_OF(X509)` as libcrypto's generic stack.
#[allow(non_camel_case_types)]
pub type stack_st_X509 = OPENSSL_STACK;

/// `STACK_OF(X509_NAME)` as libcrypto's generic stack.
#[allow(non_camel_case_types)]
pub type stack_st_X509_NAME = OPENSSL_STACK;

/// Opaque types of features that are off for us; we only ever hand out NULL
/// (or an empty stack) of them.
macro_rules! opaque {
    ($($(#[$m:meta])* $name:ident),*) => {$(
        $(#[$m])*
        #[repr(C)]
        pub struct $name {
            _opaque: [u8; 0],
        }
    )*};
}
opaque!(
    /// `COMP_METHOD`.
    COMP_METHOD,
    /// `SSL_COMP`.
    SSL_COMP,
    /// `SRTP_PROTECTION_PROFILE`.
    SRTP_PROTECTION_PROFILE,
    /// `SSL_DANE`.
    SSL_DANE
);

/// `STACK_OF(SSL_COMP)`.
#[allow(non_camel_case_types)]
pub type stack_st_SSL_COMP = OPENSSL_STACK;
/// `STACK_OF(SRTP_PROTECTION_PROFILE)`.
#[allow(non_camel_case_types)]
pub type stack_st_SRTP_PROTECTION_PROFILE = OPENSSL_STACK;
/// `STACK_OF(SCT)`.
#[allow(non_camel_case_types)]
pub use crate::sys::stack_st_SCT;
