//! TLS 1.2 renegotiation (`SSL_renegotiate(3)`): the request, and whether
//! one is pending. The handshake itself runs in the engine as records
//! arrive (`api/renegotiate.rs`).

use std::ffi::c_int;

use super::boundary::{guard, ssl_arg, Fail};
use super::types::SSL;
use crate::api::connection::Failure;

fn request(name: &'static str, s: *mut SSL, abbreviated: bool) -> c_int {
    guard(name, 0, || match ssl_arg(s)?.renegotiate(abbreviated) {
        Ok(()) => Ok(1),
        Err(Failure::Ssl(e)) => Err(e.into()),
        Err(Failure::Engine(e)) => Err(Fail { reason: e.reason, detail: Some(e.detail) }),
        Err(_) => Ok(0),
    })
}

/// `SSL_renegotiate`: asks for a new handshake on a TLS 1.2 (or older)
/// connection; the next `SSL_do_handshake`, `SSL_read` or `SSL_write`
/// starts it (a server sends a HelloRequest, a client a ClientHello). 1, or
/// 0 with SSL_R_WRONG_SSL_VERSION (TLS 1.3) or SSL_R_NO_RENEGOTIATION
/// (SSL_OP_NO_RENEGOTIATION), as OpenSSL's can_renegotiate.
#[no_mangle]
pub extern "C" fn SSL_renegotiate(s: *mut SSL) -> c_int {
    request("SSL_renegotiate", s, false)
}

/// `SSL_renegotiate_abbreviated`: as `SSL_renegotiate`, but a client
/// offers its session, so the server may resume it.
#[no_mangle]
pub extern "C" fn SSL_renegotiate_abbreviated(s: *mut SSL) -> c_int {
    request("SSL_renegotiate_abbreviated", s, true)
}

/// `SSL_renegotiate_pending`: 1 from the request (ours or the peer's) until
/// the new handshake completes.
#[no_mangle]
pub extern "C" fn SSL_renegotiate_pending(s: *const SSL) -> c_int {
    guard("SSL_renegotiate_pending", 0, || Ok(ssl_arg(s)?.renegotiate_pending() as c_int))
}
