//! `SSL_CTX_set_client_hello_cb` and the `SSL_client_hello_*` getters a
//! callback uses to read the ClientHello (haproxy chooses its certificate
//! there), plus the other context-only callbacks: certificate verification,
//! NPN and the DTLS/stateless cookie callbacks.

use std::ffi::{c_int, c_uint, c_void};

use super::boundary::{ctx_arg, guard, guard_void, ssl_arg, Fail};
use super::types::{SSL, SSL_CTX};
use crate::api::peer_info::ClientHelloInfo;
use crate::sys::callbacks::{
    CertVerifyCb, ClientHelloCb, CookieGenerateCb, CookieVerifyCb, NpnAdvertisedCb, NpnSelectCb, StatelessCookieGenerateCb,
    StatelessCookieVerifyCb,
};

/// `SSL_CTX_set_client_hello_cb`: called with the first ClientHello before
/// anything else is decided; it may switch the context (`SSL_set_SSL_CTX`),
/// install a certificate, or fail the handshake (0, with its alert). A
/// callback that asks to retry (-1) fails the handshake: we cannot pause at
/// that point yet.
#[no_mangle]
pub extern "C" fn SSL_CTX_set_client_hello_cb(c: *mut SSL_CTX, cb: ClientHelloCb, arg: *mut c_void) {
    guard_void("SSL_CTX_set_client_hello_cb", || {
        if let Ok(ctx) = ctx_arg(c) {
            ctx.callbacks.lock().hooks.client_hello = (cb, arg as usize);
        }
    })
}

/// Runs `f` on the ClientHello being processed; `fail` outside the callback.
fn with_hello<R>(func: &'static str, s: *mut SSL, fail: R, f: impl FnOnce(&ClientHelloInfo) -> R) -> R {
    guard(func, fail, || {
        let ssl = ssl_arg(s)?;
        let st = ssl.st.lock();
        let ch = st.peer.client_hello.as_ref().ok_or(Fail::invalid("no ClientHello is being processed"))?;
        Ok(f(ch))
    })
}

/// `SSL_client_hello_isv2`: 0, an SSLv2-format hello is never accepted.
#[no_mangle]
pub extern "C" fn SSL_client_hello_isv2(s: *mut SSL) -> c_int {
    with_hello("SSL_client_hello_isv2", s, 0, |_| 0)
}

/// `SSL_client_hello_get0_legacy_version`.
#[no_mangle]
pub extern "C" fn SSL_client_hello_get0_legacy_version(s: *mut SSL) -> c_uint {
    with_hello("SSL_client_hello_get0_legacy_version", s, 0, |ch| ch.legacy_version as c_uint)
}

/// Lends `bytes` (alive while the handshake's ClientHello is kept) to `*out`.
///
/// # Safety
/// `out` must be NULL or writable.
unsafe fn lend(bytes: &[u8], out: *mut *const u8) -> usize {
    if !out.is_null() {
        // SAFETY: per the contract.
        unsafe { *out = bytes.as_ptr() };
    }
    bytes.len()
}

/// `SSL_client_hello_get0_random`: the 32-byte random (get0).
///
/// # Safety
/// `out` must be NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn SSL_client_hello_get0_random(s: *mut SSL, out: *mut *const u8) -> usize {
    // SAFETY: forwarded contract.
    with_hello("SSL_client_hello_get0_random", s, 0, |ch| unsafe { lend(&ch.random, out) })
}

/// `SSL_client_hello_get0_session_id`: the legacy session id (get0).
///
/// # Safety
/// `out` must be NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn SSL_client_hello_get0_session_id(s: *mut SSL, out: *mut *const u8) -> usize {
    // SAFETY: forwarded contract.
    with_hello("SSL_client_hello_get0_session_id", s, 0, |ch| unsafe { lend(&ch.session_id, out) })
}

/// `SSL_client_hello_get0_ciphers`: the cipher_suites bytes as sent (get0).
///
/// # Safety
/// `out` must be NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn SSL_client_hello_get0_ciphers(s: *mut SSL, out: *mut *const u8) -> usize {
    // SAFETY: forwarded contract.
    with_hello("SSL_client_hello_get0_ciphers", s, 0, |ch| unsafe { lend(&ch.suites, out) })
}

/// `SSL_client_hello_get0_compression_methods`: as sent (get0).
///
/// # Safety
/// `out` must be NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn SSL_client_hello_get0_compression_methods(s: *mut SSL, out: *mut *const u8) -> usize {
    // SAFETY: forwarded contract.
    with_hello("SSL_client_hello_get0_compression_methods", s, 0, |ch| unsafe { lend(&ch.compressions, out) })
}

/// `SSL_client_hello_get0_ext`: the body of extension `ty` (get0); 0 when
/// the client did not send it (no error, as OpenSSL).
///
/// # Safety
/// `out` and `outlen` must each be NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn SSL_client_hello_get0_ext(s: *mut SSL, ty: c_uint, out: *mut *const u8, outlen: *mut usize) -> c_int {
    with_hello("SSL_client_hello_get0_ext", s, 0, |ch| match ch.extensions.iter().find(|(t, _)| *t as c_uint == ty) {
        Some((_, body)) => {
            // SAFETY: forwarded contract; an empty body is reported as (ptr, 0).
            unsafe {
                if !out.is_null() {
                    *out = body.as_ptr();
                }
                if !outlen.is_null() {
                    *outlen = body.len();
                }
            }
            1
        }
        None => 0,
    })
}

/// `SSL_client_hello_get1_extensions_present`: the extension types in the
/// order sent, in an array the caller frees with `OPENSSL_free` (get1);
/// (NULL, 0) when there are none.
///
/// # Safety
/// `out` and `outlen` must be writable.
#[no_mangle]
pub unsafe extern "C" fn SSL_client_hello_get1_extensions_present(s: *mut SSL, out: *mut *mut c_int, outlen: *mut usize) -> c_int {
    if out.is_null() || outlen.is_null() {
        return guard("SSL_client_hello_get1_extensions_present", 0, || Err(Fail::null()));
    }
    let types = with_hello("SSL_client_hello_get1_extensions_present", s, None, |ch| {
        Some(ch.extensions.iter().map(|(t, _)| *t as c_int).collect::<Vec<_>>())
    });
    let Some(types) = types else { return 0 };
    guard("SSL_client_hello_get1_extensions_present", 0, || {
        let p = if types.is_empty() {
            std::ptr::null_mut()
        } else {
            // SAFETY: a fresh libcrypto allocation of exactly the bytes we copy.
            let p = unsafe { crate::sys::CRYPTO_malloc(types.len() * 4, c"client_hello".as_ptr(), 0) } as *mut c_int;
            if p.is_null() {
                return Err(Fail::new(crate::sys::err::ERR_R_INTERNAL_ERROR, "malloc failure"));
            }
            // SAFETY: p has room for types.len() ints.
            unsafe { std::ptr::copy_nonoverlapping(types.as_ptr(), p, types.len()) };
            p
        };
        // SAFETY: per the contract.
        unsafe {
            *out = p;
            *outlen = types.len();
        }
        Ok(1)
    })
}

/// `SSL_CTX_set_cert_verify_callback`: the callback replaces
/// `X509_verify_cert` for peer chains, with the X509_STORE_CTX set up as
/// OpenSSL sets it up (store, chain, param, SSL ex_data, verify callback).
#[no_mangle]
pub extern "C" fn SSL_CTX_set_cert_verify_callback(ctx: *mut SSL_CTX, cb: CertVerifyCb, arg: *mut c_void) {
    guard_void("SSL_CTX_set_cert_verify_callback", || {
        if let Ok(c) = ctx_arg(ctx) {
            c.callbacks.lock().hooks.cert_verify = (cb, arg as usize);
        }
    })
}

/// `SSL_CTX_set_next_proto_select_cb`: a client offers NPN (TLS 1.2 and
/// below) and chooses from the server's list with it.
#[no_mangle]
pub extern "C" fn SSL_CTX_set_next_proto_select_cb(s: *mut SSL_CTX, cb: NpnSelectCb, arg: *mut c_void) {
    guard_void("SSL_CTX_set_next_proto_select_cb", || {
        if let Ok(c) = ctx_arg(s) {
            c.callbacks.lock().hooks.next_proto_select = (cb, arg as usize);
        }
    })
}

/// `SSL_CTX_set_next_protos_advertised_cb`: a server answers a client's
/// NPN offer with the list it gives (unless ALPN settled a protocol).
#[no_mangle]
pub extern "C" fn SSL_CTX_set_next_protos_advertised_cb(s: *mut SSL_CTX, cb: NpnAdvertisedCb, arg: *mut c_void) {
    guard_void("SSL_CTX_set_next_protos_advertised_cb", || {
        if let Ok(c) = ctx_arg(s) {
            c.callbacks.lock().hooks.next_protos_advertised = (cb, arg as usize);
        }
    })
}

/// `SSL_get0_next_proto_negotiated`: the protocol NPN settled (get0: owned
/// by the SSL), or (NULL, 0).
///
/// # Safety
/// `data` and `len` must each be NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn SSL_get0_next_proto_negotiated(s: *const SSL, data: *mut *const u8, len: *mut c_uint) {
    guard_void("SSL_get0_next_proto_negotiated", || {
        let Ok(ssl) = ssl_arg(s) else { return };
        let st = ssl.st.lock();
        let proto = (!st.next_proto.is_empty()).then_some(&st.next_proto[..]);
        // SAFETY: per the contract; the bytes live in the SSL until its next handshake.
        unsafe { super::boundary::write_borrowed::<c_uint>(proto, data, len) }
    })
}

/// `SSL_CTX_set_cookie_generate_cb`: stored only (a DTLS callback; DTLS is
/// not offered).
#[no_mangle]
pub extern "C" fn SSL_CTX_set_cookie_generate_cb(ctx: *mut SSL_CTX, cb: CookieGenerateCb) {
    guard_void("SSL_CTX_set_cookie_generate_cb", || {
        if let Ok(c) = ctx_arg(ctx) {
            c.callbacks.lock().hooks.cookie_generate = cb;
        }
    })
}

/// `SSL_CTX_set_cookie_verify_cb`: stored only, as above.
#[no_mangle]
pub extern "C" fn SSL_CTX_set_cookie_verify_cb(ctx: *mut SSL_CTX, cb: CookieVerifyCb) {
    guard_void("SSL_CTX_set_cookie_verify_cb", || {
        if let Ok(c) = ctx_arg(ctx) {
            c.callbacks.lock().hooks.cookie_verify = cb;
        }
    })
}

/// `SSL_CTX_set_stateless_cookie_generate_cb`: stored only: used by
/// `SSL_stateless`, which fails here; our HelloRetryRequest cookie is our own.
#[no_mangle]
pub extern "C" fn SSL_CTX_set_stateless_cookie_generate_cb(ctx: *mut SSL_CTX, cb: StatelessCookieGenerateCb) {
    guard_void("SSL_CTX_set_stateless_cookie_generate_cb", || {
        if let Ok(c) = ctx_arg(ctx) {
            c.callbacks.lock().hooks.stateless_cookie_generate = cb;
        }
    })
}

/// `SSL_CTX_set_stateless_cookie_verify_cb`: stored only, as above.
#[no_mangle]
pub extern "C" fn SSL_CTX_set_stateless_cookie_verify_cb(ctx: *mut SSL_CTX, cb: StatelessCookieVerifyCb) {
    guard_void("SSL_CTX_set_stateless_cookie_verify_cb", || {
        if let Ok(c) = ctx_arg(ctx) {
            c.callbacks.lock().hooks.stateless_cookie_verify = cb;
        }
    })
}

/// `SSL_CTX_set_tlsext_ticket_key_evp_cb`: tickets are sealed and opened
/// under the keys the callback chooses, in OpenSSL's envelope (key name,
/// IV, encrypted state, HMAC); 1 always, as OpenSSL. The state inside is
/// ours, so a ticket resumes on libssl-rs processes sharing the keys.
#[no_mangle]
pub extern "C" fn SSL_CTX_set_tlsext_ticket_key_evp_cb(ctx: *mut SSL_CTX, fp: crate::sys::callbacks::TicketKeyEvpCb) -> c_int {
    guard("SSL_CTX_set_tlsext_ticket_key_evp_cb", 0, || {
        ctx_arg(ctx)?.callbacks.lock().hooks.ticket_key_evp_cb = fp;
        Ok(1)
    })
}
