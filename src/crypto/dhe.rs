//! TLS 1.2 finite-field DHE: the libcrypto paths of `sys::dhe` (explicit
//! parameters, OpenSSL's checks of a server's parameters).

pub use crate::sys::dhe::{DhKeyPair, DhParamError};
