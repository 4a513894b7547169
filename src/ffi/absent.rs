//! OpenSSL's own answers for features that are off for us, exactly as
//! OpenSSL gives them when the feature is not in use: compression (always
//! off, SSL_OP_NO_COMPRESSION), SRTP,
//! DANE, async jobs, early data not sent, the
//! record-layer read state. These are full implementations: none of them
//! can fail in OpenSSL, and none pushes an error for a live handle.

use std::ffi::{c_char, c_int, c_uint};

use super::boundary::{guard, session_arg, ssl_arg};
use super::types::{
    stack_st_SRTP_PROTECTION_PROFILE, stack_st_SSL_COMP, COMP_METHOD, EVP_PKEY, SRTP_PROTECTION_PROFILE, SSL,
    SSL_COMP, SSL_DANE, SSL_SESSION, X509,
};

/// `SSL_get_current_compression`: NULL, no compression is ever negotiated.
#[no_mangle]
pub extern "C" fn SSL_get_current_compression(s: *const SSL) -> *const COMP_METHOD {
    guard("SSL_get_current_compression", std::ptr::null(), || ssl_arg(s).map(|_| std::ptr::null()))
}

/// `SSL_get_current_expansion`: NULL, as above.
#[no_mangle]
pub extern "C" fn SSL_get_current_expansion(s: *const SSL) -> *const COMP_METHOD {
    guard("SSL_get_current_expansion", std::ptr::null(), || ssl_arg(s).map(|_| std::ptr::null()))
}

/// An empty `STACK_OF(SSL_COMP)` for the life of the process, as OpenSSL's
/// list is when no compression method is built in.
fn empty_comp_stack() -> *mut stack_st_SSL_COMP {
    static EMPTY: std::sync::OnceLock<usize> = std::sync::OnceLock::new();
    // SAFETY: a new empty stack, never freed (process lifetime, as OpenSSL's).
    *EMPTY.get_or_init(|| unsafe { crate::sys::OPENSSL_sk_new_null() } as usize) as *mut stack_st_SSL_COMP
}

/// `SSL_COMP_get_compression_methods`: the (empty) list of methods.
#[no_mangle]
pub extern "C" fn SSL_COMP_get_compression_methods() -> *mut stack_st_SSL_COMP {
    guard("SSL_COMP_get_compression_methods", std::ptr::null_mut(), || Ok(empty_comp_stack()))
}

/// `SSL_COMP_get0_name`: NULL (no SSL_COMP ever exists here).
#[no_mangle]
pub extern "C" fn SSL_COMP_get0_name(comp: *const SSL_COMP) -> *const c_char {
    let _ = comp;
    std::ptr::null()
}

/// `SSL_COMP_get_id`: -1, OpenSSL's answer without compression support.
#[no_mangle]
pub extern "C" fn SSL_COMP_get_id(comp: *const SSL_COMP) -> c_int {
    let _ = comp;
    -1
}

/// `SSL_COMP_get_name`: NULL, as for a NULL method.
#[no_mangle]
pub extern "C" fn SSL_COMP_get_name(comp: *const COMP_METHOD) -> *const c_char {
    let _ = comp;
    std::ptr::null()
}

/// `SSL_SESSION_get_compress_id`: 0, no compression.
#[no_mangle]
pub extern "C" fn SSL_SESSION_get_compress_id(s: *const SSL_SESSION) -> c_uint {
    guard("SSL_SESSION_get_compress_id", 0, || session_arg(s).map(|_| 0))
}

/// `SSL_SESSION_get_max_fragment_length`: 0 (TLSEXT_max_fragment_length_DISABLED).
#[no_mangle]
pub extern "C" fn SSL_SESSION_get_max_fragment_length(s: *const SSL_SESSION) -> u8 {
    guard("SSL_SESSION_get_max_fragment_length", 0, || session_arg(s).map(|_| 0))
}

/// `SSL_get_selected_srtp_profile`: NULL, no SRTP profile is negotiated.
#[no_mangle]
pub extern "C" fn SSL_get_selected_srtp_profile(s: *mut SSL) -> *mut SRTP_PROTECTION_PROFILE {
    guard("SSL_get_selected_srtp_profile", std::ptr::null_mut(), || ssl_arg(s).map(|_| std::ptr::null_mut()))
}

/// `SSL_get_srtp_profiles`: NULL, none configured.
#[no_mangle]
pub extern "C" fn SSL_get_srtp_profiles(s: *mut SSL) -> *mut stack_st_SRTP_PROTECTION_PROFILE {
    guard("SSL_get_srtp_profiles", std::ptr::null_mut(), || ssl_arg(s).map(|_| std::ptr::null_mut()))
}

/// `SSL_get_early_data_status`: SSL_EARLY_DATA_NOT_SENT (0); we neither send
/// nor accept early data.
#[no_mangle]
pub extern "C" fn SSL_get_early_data_status(s: *const SSL) -> c_int {
    guard("SSL_get_early_data_status", 0, || ssl_arg(s).map(|_| 0))
}

/// `SSL_get0_dane`: NULL — DANE is never enabled here (`SSL_dane_enable`
/// fails), and callers test it before use.
#[no_mangle]
pub extern "C" fn SSL_get0_dane(s: *mut SSL) -> *mut SSL_DANE {
    guard("SSL_get0_dane", std::ptr::null_mut(), || ssl_arg(s).map(|_| std::ptr::null_mut()))
}

/// `SSL_get0_dane_authority`: -1, OpenSSL's answer when DANE is not enabled.
#[no_mangle]
pub extern "C" fn SSL_get0_dane_authority(s: *mut SSL, mcert: *mut *mut X509, mspki: *mut *mut EVP_PKEY) -> c_int {
    let _ = (mcert, mspki);
    guard("SSL_get0_dane_authority", -1, || ssl_arg(s).map(|_| -1))
}

/// `SSL_get0_dane_tlsa`: -1, as above.
#[no_mangle]
pub extern "C" fn SSL_get0_dane_tlsa(
    s: *mut SSL,
    usage: *mut u8,
    selector: *mut u8,
    mtype: *mut u8,
    data: *mut *const u8,
    dlen: *mut usize,
) -> c_int {
    let _ = (usage, selector, mtype, data, dlen);
    guard("SSL_get0_dane_tlsa", -1, || ssl_arg(s).map(|_| -1))
}

/// `SSL_waiting_for_async`: 0, no async job ever runs (SSL_MODE_ASYNC is
/// accepted but our operations complete synchronously).
#[no_mangle]
pub extern "C" fn SSL_waiting_for_async(s: *mut SSL) -> c_int {
    guard("SSL_waiting_for_async", 0, || ssl_arg(s).map(|_| 0))
}

/// `SSL_get_all_async_fds`: 0 without touching the out-parameters —
/// OpenSSL 3.0's answer (measured) for a connection with no async wait
/// context, which is every connection here.
#[no_mangle]
pub extern "C" fn SSL_get_all_async_fds(s: *mut SSL, fds: *mut c_int, numfds: *mut usize) -> c_int {
    let _ = (fds, numfds);
    guard("SSL_get_all_async_fds", 0, || ssl_arg(s).map(|_| 0))
}

/// `SSL_get_changed_async_fds`: 0 without touching the out-parameters, as
/// above (no async wait context).
#[no_mangle]
pub extern "C" fn SSL_get_changed_async_fds(
    s: *mut SSL,
    addfd: *mut c_int,
    numaddfds: *mut usize,
    delfd: *mut c_int,
    numdelfds: *mut usize,
) -> c_int {
    let _ = (addfd, numaddfds, delfd, numdelfds);
    guard("SSL_get_changed_async_fds", 0, || ssl_arg(s).map(|_| 0))
}

/// `SSL_get_async_status`: 0 without touching `status` — OpenSSL's answer
/// when the connection has no async wait context.
#[no_mangle]
pub extern "C" fn SSL_get_async_status(s: *mut SSL, status: *mut c_int) -> c_int {
    let _ = status;
    guard("SSL_get_async_status", 0, || ssl_arg(s).map(|_| 0))
}

/// `SSL_rstate_string`: "RH" — between calls our record layer always waits
/// for a record header (OpenSSL's SSL_ST_READ_HEADER).
#[no_mangle]
pub extern "C" fn SSL_rstate_string(s: *const SSL) -> *const c_char {
    let _ = s;
    c"RH".as_ptr()
}

/// `SSL_rstate_string_long`: "read header", as above.
#[no_mangle]
pub extern "C" fn SSL_rstate_string_long(s: *const SSL) -> *const c_char {
    let _ = s;
    c"read header".as_ptr()
}
