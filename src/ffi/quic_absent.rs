//! OpenSSL 3.2–3.5's QUIC API, which libssl-rs does not offer (a QUIC stack
//! is later work). The three QUIC methods return NULL with an error naming
//! themselves, so no QUIC object can ever exist here; every other function
//! is called on TLS objects only and answers as OpenSSL 3.5 answers for a
//! TLS object — the value, and the error it queues or not — as measured on
//! Debian 13's libssl by capi-tests/ossl35_api.c. That is what lets curl,
//! which imports this API, start and use TLS over TCP.

use std::ffi::{c_int, c_void};

use super::boundary::{ctx_arg, guard, guard_void, not_implemented, ssl_arg, Fail};
use super::types::{SSL, SSL_CTX, SSL_METHOD};
use crate::sys::err::{ERR_R_INTERNAL_ERROR, ERR_R_SHOULD_NOT_HAVE_BEEN_CALLED, ERR_R_UNSUPPORTED};

/// SSL_R_UNSUPPORTED_PROTOCOL: what SSL_get/set_value_uint queue on TLS.
const SSL_R_UNSUPPORTED_PROTOCOL: i32 = 258;
/// SSL_STREAM_TYPE_BIDI: a TLS connection reads and writes.
const SSL_STREAM_TYPE_BIDI: c_int = 3;

/// `OSSL_QUIC_client_method`: NULL with an error naming itself — QUIC is
/// not offered.
#[no_mangle]
pub extern "C" fn OSSL_QUIC_client_method() -> *const SSL_METHOD {
    not_implemented("OSSL_QUIC_client_method");
    std::ptr::null()
}

/// `OSSL_QUIC_client_thread_method`: NULL with an error naming itself.
#[no_mangle]
pub extern "C" fn OSSL_QUIC_client_thread_method() -> *const SSL_METHOD {
    not_implemented("OSSL_QUIC_client_thread_method");
    std::ptr::null()
}

/// `OSSL_QUIC_server_method`: NULL with an error naming itself.
#[no_mangle]
pub extern "C" fn OSSL_QUIC_server_method() -> *const SSL_METHOD {
    not_implemented("OSSL_QUIC_server_method");
    std::ptr::null()
}

/// `s` checked to be a live SSL, then OpenSSL 3.5's answer for a TLS
/// object, with nothing queued.
fn on_tls<R>(func: &'static str, s: *const SSL, fail: R, answer: R) -> R {
    guard(func, fail, || {
        ssl_arg(s)?;
        Ok(answer)
    })
}

/// `s` checked, then `fail` with OpenSSL 3.5's error for a TLS object.
fn refused_on_tls<R>(func: &'static str, s: *const SSL, fail: R, reason: i32, why: &'static str) -> R {
    guard(func, fail, || {
        ssl_arg(s)?;
        Err(Fail::new(reason, why))
    })
}

/// `SSL_is_quic`: 0.
#[no_mangle]
pub extern "C" fn SSL_is_quic(s: *const SSL) -> c_int {
    on_tls("SSL_is_quic", s, 0, 0)
}

/// `SSL_is_connection`: 1 — a TLS object is its own connection.
#[no_mangle]
pub extern "C" fn SSL_is_connection(s: *mut SSL) -> c_int {
    on_tls("SSL_is_connection", s, 0, 1)
}

/// `SSL_get0_connection`: the object itself (get0).
#[no_mangle]
pub extern "C" fn SSL_get0_connection(s: *mut SSL) -> *mut SSL {
    on_tls("SSL_get0_connection", s, std::ptr::null_mut(), s)
}

/// `SSL_is_domain`: 0.
#[no_mangle]
pub extern "C" fn SSL_is_domain(s: *mut SSL) -> c_int {
    on_tls("SSL_is_domain", s, 0, 0)
}

/// `SSL_is_listener`: 0.
#[no_mangle]
pub extern "C" fn SSL_is_listener(s: *mut SSL) -> c_int {
    on_tls("SSL_is_listener", s, 0, 0)
}

/// `SSL_get0_listener`: NULL.
#[no_mangle]
pub extern "C" fn SSL_get0_listener(s: *mut SSL) -> *mut SSL {
    on_tls("SSL_get0_listener", s, std::ptr::null_mut(), std::ptr::null_mut())
}

/// `SSL_get0_domain`: NULL.
#[no_mangle]
pub extern "C" fn SSL_get0_domain(s: *mut SSL) -> *mut SSL {
    on_tls("SSL_get0_domain", s, std::ptr::null_mut(), std::ptr::null_mut())
}

/// `SSL_get_stream_type`: SSL_STREAM_TYPE_BIDI.
#[no_mangle]
pub extern "C" fn SSL_get_stream_type(s: *mut SSL) -> c_int {
    on_tls("SSL_get_stream_type", s, 0, SSL_STREAM_TYPE_BIDI)
}

/// `SSL_get_stream_id`: UINT64_MAX, no stream.
#[no_mangle]
pub extern "C" fn SSL_get_stream_id(s: *mut SSL) -> u64 {
    on_tls("SSL_get_stream_id", s, u64::MAX, u64::MAX)
}

/// `SSL_is_stream_local`: -1.
#[no_mangle]
pub extern "C" fn SSL_is_stream_local(s: *mut SSL) -> c_int {
    on_tls("SSL_is_stream_local", s, -1, -1)
}

/// `SSL_get_stream_read_state`: SSL_STREAM_STATE_NONE (0).
#[no_mangle]
pub extern "C" fn SSL_get_stream_read_state(s: *mut SSL) -> c_int {
    on_tls("SSL_get_stream_read_state", s, 0, 0)
}

/// `SSL_get_stream_write_state`: SSL_STREAM_STATE_NONE (0).
#[no_mangle]
pub extern "C" fn SSL_get_stream_write_state(s: *mut SSL) -> c_int {
    on_tls("SSL_get_stream_write_state", s, 0, 0)
}

/// `SSL_get_stream_read_error_code`: -1, `*app_error_code` untouched.
#[no_mangle]
pub extern "C" fn SSL_get_stream_read_error_code(s: *mut SSL, _app_error_code: *mut u64) -> c_int {
    on_tls("SSL_get_stream_read_error_code", s, -1, -1)
}

/// `SSL_get_stream_write_error_code`: -1.
#[no_mangle]
pub extern "C" fn SSL_get_stream_write_error_code(s: *mut SSL, _app_error_code: *mut u64) -> c_int {
    on_tls("SSL_get_stream_write_error_code", s, -1, -1)
}

/// `SSL_get_blocking_mode`: -1, not a QUIC object.
#[no_mangle]
pub extern "C" fn SSL_get_blocking_mode(s: *mut SSL) -> c_int {
    on_tls("SSL_get_blocking_mode", s, -1, -1)
}

/// `SSL_set_blocking_mode`: 0, nothing queued.
#[no_mangle]
pub extern "C" fn SSL_set_blocking_mode(s: *mut SSL, _blocking: c_int) -> c_int {
    on_tls("SSL_set_blocking_mode", s, 0, 0)
}

/// `SSL_new_stream`: NULL, nothing queued.
#[no_mangle]
pub extern "C" fn SSL_new_stream(s: *mut SSL, _flags: u64) -> *mut SSL {
    on_tls("SSL_new_stream", s, std::ptr::null_mut(), std::ptr::null_mut())
}

/// `SSL_accept_stream`: NULL.
#[no_mangle]
pub extern "C" fn SSL_accept_stream(s: *mut SSL, _flags: u64) -> *mut SSL {
    on_tls("SSL_accept_stream", s, std::ptr::null_mut(), std::ptr::null_mut())
}

/// `SSL_get_accept_stream_queue_len`: 0.
#[no_mangle]
pub extern "C" fn SSL_get_accept_stream_queue_len(s: *mut SSL) -> usize {
    on_tls("SSL_get_accept_stream_queue_len", s, 0, 0)
}

/// `SSL_set_default_stream_mode`: 0.
#[no_mangle]
pub extern "C" fn SSL_set_default_stream_mode(s: *mut SSL, _mode: u32) -> c_int {
    on_tls("SSL_set_default_stream_mode", s, 0, 0)
}

/// `SSL_set_incoming_stream_policy`: 0.
#[no_mangle]
pub extern "C" fn SSL_set_incoming_stream_policy(s: *mut SSL, _policy: c_int, _aec: u64) -> c_int {
    on_tls("SSL_set_incoming_stream_policy", s, 0, 0)
}

/// `SSL_stream_conclude`: 0.
#[no_mangle]
pub extern "C" fn SSL_stream_conclude(s: *mut SSL, _flags: u64) -> c_int {
    on_tls("SSL_stream_conclude", s, 0, 0)
}

/// `SSL_stream_reset`: 0.
#[no_mangle]
pub extern "C" fn SSL_stream_reset(s: *mut SSL, _args: *const c_void, _args_len: usize) -> c_int {
    on_tls("SSL_stream_reset", s, 0, 0)
}

/// `SSL_get_conn_close_info`: -1.
#[no_mangle]
pub extern "C" fn SSL_get_conn_close_info(s: *mut SSL, _info: *mut c_void, _info_len: usize) -> c_int {
    on_tls("SSL_get_conn_close_info", s, -1, -1)
}

/// `SSL_set1_initial_peer_addr`: 0.
#[no_mangle]
pub extern "C" fn SSL_set1_initial_peer_addr(s: *mut SSL, _peer_addr: *const c_void) -> c_int {
    on_tls("SSL_set1_initial_peer_addr", s, 0, 0)
}

/// `SSL_get_value_uint`: every value is a QUIC one: 0 with
/// SSL_R_UNSUPPORTED_PROTOCOL.
#[no_mangle]
pub extern "C" fn SSL_get_value_uint(s: *mut SSL, _class: u32, _id: u32, _v: *mut u64) -> c_int {
    refused_on_tls("SSL_get_value_uint", s, 0, SSL_R_UNSUPPORTED_PROTOCOL, "not a QUIC object")
}

/// `SSL_set_value_uint`: 0 with SSL_R_UNSUPPORTED_PROTOCOL.
#[no_mangle]
pub extern "C" fn SSL_set_value_uint(s: *mut SSL, _class: u32, _id: u32, _v: u64) -> c_int {
    refused_on_tls("SSL_set_value_uint", s, 0, SSL_R_UNSUPPORTED_PROTOCOL, "not a QUIC object")
}

/// `SSL_listen`: 0.
#[no_mangle]
pub extern "C" fn SSL_listen(s: *mut SSL) -> c_int {
    on_tls("SSL_listen", s, 0, 0)
}

/// `SSL_accept_connection`: NULL.
#[no_mangle]
pub extern "C" fn SSL_accept_connection(s: *mut SSL, _flags: u64) -> *mut SSL {
    on_tls("SSL_accept_connection", s, std::ptr::null_mut(), std::ptr::null_mut())
}

/// `SSL_get_accept_connection_queue_len`: 0.
#[no_mangle]
pub extern "C" fn SSL_get_accept_connection_queue_len(s: *mut SSL) -> usize {
    on_tls("SSL_get_accept_connection_queue_len", s, 0, 0)
}

/// `SSL_new_from_listener`: NULL.
#[no_mangle]
pub extern "C" fn SSL_new_from_listener(s: *mut SSL, _flags: u64) -> *mut SSL {
    on_tls("SSL_new_from_listener", s, std::ptr::null_mut(), std::ptr::null_mut())
}

/// `SSL_new_listener_from`: NULL.
#[no_mangle]
pub extern "C" fn SSL_new_listener_from(s: *mut SSL, _flags: u64) -> *mut SSL {
    on_tls("SSL_new_listener_from", s, std::ptr::null_mut(), std::ptr::null_mut())
}

/// `SSL_get_domain_flags`: 0, nothing queued.
#[no_mangle]
pub extern "C" fn SSL_get_domain_flags(s: *const SSL, _flags: *mut u64) -> c_int {
    on_tls("SSL_get_domain_flags", s, 0, 0)
}

/// `SSL_inject_net_dgram`: 0 with ERR_R_INTERNAL_ERROR, as OpenSSL 3.5
/// answers for a TLS object.
#[no_mangle]
pub extern "C" fn SSL_inject_net_dgram(s: *mut SSL, _buf: *const u8, _len: usize, _peer: *const c_void, _local: *const c_void) -> c_int {
    refused_on_tls("SSL_inject_net_dgram", s, 0, ERR_R_INTERNAL_ERROR, "not a QUIC object")
}

/// `SSL_set_quic_tls_transport_params`: 0 with
/// ERR_R_SHOULD_NOT_HAVE_BEEN_CALLED — only after `SSL_set_quic_tls_cbs`,
/// which we do not offer.
#[no_mangle]
pub extern "C" fn SSL_set_quic_tls_transport_params(s: *mut SSL, _params: *const u8, _len: usize) -> c_int {
    refused_on_tls("SSL_set_quic_tls_transport_params", s, 0, ERR_R_SHOULD_NOT_HAVE_BEEN_CALLED, "no QUIC TLS callbacks set")
}

/// `SSL_set_quic_tls_early_data_enabled`: as the transport parameters.
#[no_mangle]
pub extern "C" fn SSL_set_quic_tls_early_data_enabled(s: *mut SSL, _enabled: c_int) -> c_int {
    refused_on_tls("SSL_set_quic_tls_early_data_enabled", s, 0, ERR_R_SHOULD_NOT_HAVE_BEEN_CALLED, "no QUIC TLS callbacks set")
}

/// `SSL_set_quic_tls_cbs`: 0 with an error naming itself — the QUIC TLS
/// handshake layer (a third-party QUIC stack driving our handshake) is not
/// offered.
#[no_mangle]
pub extern "C" fn SSL_set_quic_tls_cbs(_s: *mut SSL, _dispatch: *const c_void, _arg: *mut c_void) -> c_int {
    not_implemented("SSL_set_quic_tls_cbs");
    0
}

/// `SSL_new_listener`: NULL, nothing queued, for a TLS context.
#[no_mangle]
pub extern "C" fn SSL_new_listener(c: *mut SSL_CTX, _flags: u64) -> *mut SSL {
    guard("SSL_new_listener", std::ptr::null_mut(), || {
        ctx_arg(c)?;
        Ok(std::ptr::null_mut())
    })
}

/// `SSL_new_domain`: NULL, nothing queued, for a TLS context.
#[no_mangle]
pub extern "C" fn SSL_new_domain(c: *mut SSL_CTX, _flags: u64) -> *mut SSL {
    guard("SSL_new_domain", std::ptr::null_mut(), || {
        ctx_arg(c)?;
        Ok(std::ptr::null_mut())
    })
}

/// `SSL_CTX_get_domain_flags`: 0 with ERR_R_UNSUPPORTED for a TLS context.
#[no_mangle]
pub extern "C" fn SSL_CTX_get_domain_flags(c: *const SSL_CTX, _flags: *mut u64) -> c_int {
    guard("SSL_CTX_get_domain_flags", 0, || {
        ctx_arg(c)?;
        Err(Fail::new(ERR_R_UNSUPPORTED, "not a QUIC context"))
    })
}

/// `SSL_CTX_set_domain_flags`: 0 with ERR_R_UNSUPPORTED for a TLS context.
#[no_mangle]
pub extern "C" fn SSL_CTX_set_domain_flags(c: *mut SSL_CTX, _flags: u64) -> c_int {
    guard("SSL_CTX_set_domain_flags", 0, || {
        ctx_arg(c)?;
        Err(Fail::new(ERR_R_UNSUPPORTED, "not a QUIC context"))
    })
}

/// `SSL_CTX_set_new_pending_conn_cb`: the callback runs for connections a
/// QUIC listener receives; no QUIC listener can exist here, so it can never
/// be due and is not kept.
#[no_mangle]
pub extern "C" fn SSL_CTX_set_new_pending_conn_cb(c: *mut SSL_CTX, _cb: *const c_void, _arg: *mut c_void) {
    guard_void("SSL_CTX_set_new_pending_conn_cb", || {
        let _ = ctx_arg(c);
    })
}

/// `SSL_poll`: with no items, 1 and a result count of 0, as OpenSSL 3.5;
/// polling items fails with an error naming itself, as every pollable
/// object it defines is a QUIC one.
///
/// # Safety
/// `result_count` must be NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn SSL_poll(
    _items: *mut c_void,
    num_items: usize,
    _stride: usize,
    _timeout: *const c_void,
    _flags: u64,
    result_count: *mut usize,
) -> c_int {
    if num_items > 0 {
        not_implemented("SSL_poll");
        return 0;
    }
    if !result_count.is_null() {
        // SAFETY: per the contract.
        unsafe { *result_count = 0 };
    }
    1
}
