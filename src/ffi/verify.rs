//! Certificate verification settings and results on SSL.

use std::ffi::{c_char, c_int, c_long, c_uint};

use super::boundary::{guard, guard_void, ssl_arg, str_arg, Fail};
use super::types::{stack_st_X509, SSL, X509, X509_VERIFY_PARAM};
use crate::sys::x509::{ssl_store_ctx_index, X509Stack};
use crate::sys::VerifyCb;

/// `SSL_set_verify`: mode and optional callback for this connection.
#[no_mangle]
pub extern "C" fn SSL_set_verify(s: *mut SSL, mode: c_int, cb: VerifyCb) {
    guard_void("SSL_set_verify", || {
        if let Ok(ssl) = ssl_arg(s) {
            let mut st = ssl.st.lock();
            st.settings.verify_mode = mode;
            if cb.is_some() {
                st.settings.verify_cb = cb;
            }
        }
    })
}

/// `SSL_get_verify_mode`.
#[no_mangle]
pub extern "C" fn SSL_get_verify_mode(s: *const SSL) -> c_int {
    guard("SSL_get_verify_mode", 0, || Ok(ssl_arg(s)?.st.lock().settings.verify_mode))
}

/// `SSL_get_verify_callback`.
#[no_mangle]
pub extern "C" fn SSL_get_verify_callback(s: *const SSL) -> VerifyCb {
    guard("SSL_get_verify_callback", None, || Ok(ssl_arg(s)?.st.lock().settings.verify_cb))
}

/// `SSL_set_verify_depth`.
#[no_mangle]
pub extern "C" fn SSL_set_verify_depth(s: *mut SSL, depth: c_int) {
    guard_void("SSL_set_verify_depth", || {
        if let Ok(ssl) = ssl_arg(s) {
            ssl.st.lock().param.set_depth(depth);
        }
    })
}

/// `SSL_set1_host`: the name the server certificate must match (NULL clears).
///
/// # Safety
/// `host` must be NULL or a NUL-terminated string.
#[no_mangle]
pub unsafe extern "C" fn SSL_set1_host(s: *mut SSL, host: *const c_char) -> c_int {
    guard("SSL_set1_host", 0, || {
        let ssl = ssl_arg(s)?;
        // SAFETY: per the contract.
        let h = unsafe { str_arg(host)? };
        let ok = ssl.st.lock().param.set1_host(h.map(str::as_bytes));
        Ok(ok as c_int)
    })
}

/// `SSL_add1_host`: one more acceptable name.
///
/// # Safety
/// `host` must be a NUL-terminated string.
#[no_mangle]
pub unsafe extern "C" fn SSL_add1_host(s: *mut SSL, host: *const c_char) -> c_int {
    guard("SSL_add1_host", 0, || {
        let ssl = ssl_arg(s)?;
        // SAFETY: per the contract.
        let h = unsafe { str_arg(host)? }.ok_or_else(Fail::null)?;
        let ok = ssl.st.lock().param.add1_host(h.as_bytes());
        Ok(ok as c_int)
    })
}

/// `SSL_set_hostflags`: X509_CHECK_FLAG_* for host name checks.
#[no_mangle]
pub extern "C" fn SSL_set_hostflags(s: *mut SSL, flags: c_uint) {
    guard_void("SSL_set_hostflags", || {
        if let Ok(ssl) = ssl_arg(s) {
            ssl.st.lock().param.set_hostflags(flags);
        }
    })
}

/// `SSL_get0_param`: get0 — this connection's X509_VERIFY_PARAM.
#[no_mangle]
pub extern "C" fn SSL_get0_param(s: *mut SSL) -> *mut X509_VERIFY_PARAM {
    guard("SSL_get0_param", std::ptr::null_mut(), || Ok(ssl_arg(s)?.st.lock().param.as_ptr()))
}

/// `SSL_get_verify_result`: X509_V_OK or the chain's verification error.
#[no_mangle]
pub extern "C" fn SSL_get_verify_result(s: *const SSL) -> c_long {
    guard("SSL_get_verify_result", 1, || Ok(ssl_arg(s)?.st.lock().verify_result as c_long))
}

/// `SSL_set_verify_result`.
#[no_mangle]
pub extern "C" fn SSL_set_verify_result(s: *mut SSL, v: c_long) {
    guard_void("SSL_set_verify_result", || {
        if let Ok(ssl) = ssl_arg(s) {
            ssl.st.lock().verify_result = v as i64;
        }
    })
}

/// `SSL_get0_peer_certificate`: get0 — the peer's leaf, or NULL.
#[no_mangle]
pub extern "C" fn SSL_get0_peer_certificate(s: *const SSL) -> *mut X509 {
    guard("SSL_get0_peer_certificate", std::ptr::null_mut(), || {
        Ok(ssl_arg(s)?.st.lock().peer_chain.first().map_or(std::ptr::null_mut(), |x| x.as_ptr()))
    })
}

/// `SSL_get1_peer_certificate`: get1 — a new reference (free with X509_free).
#[no_mangle]
pub extern "C" fn SSL_get1_peer_certificate(s: *const SSL) -> *mut X509 {
    guard("SSL_get1_peer_certificate", std::ptr::null_mut(), || {
        Ok(ssl_arg(s)?.st.lock().peer_chain.first().cloned().map_or(std::ptr::null_mut(), |x| {
            let p = x.as_ptr();
            std::mem::forget(x);
            p
        }))
    })
}

/// `SSL_get_peer_cert_chain`: get0 — on a client, the server's chain including the leaf.
#[no_mangle]
pub extern "C" fn SSL_get_peer_cert_chain(s: *const SSL) -> *mut stack_st_X509 {
    guard("SSL_get_peer_cert_chain", std::ptr::null_mut(), || {
        let ssl = ssl_arg(s)?;
        let mut st = ssl.st.lock();
        if st.peer_chain.is_empty() {
            return Ok(std::ptr::null_mut());
        }
        if st.peer_chain_stack.is_none() {
            st.peer_chain_stack = X509Stack::new(&st.peer_chain);
        }
        Ok(st.peer_chain_stack.as_ref().map_or(std::ptr::null_mut(), |k| k.as_ptr()))
    })
}

/// `SSL_get0_verified_chain`: get0 — the chain `X509_verify_cert` built.
#[no_mangle]
pub extern "C" fn SSL_get0_verified_chain(s: *const SSL) -> *mut stack_st_X509 {
    guard("SSL_get0_verified_chain", std::ptr::null_mut(), || {
        let ssl = ssl_arg(s)?;
        let mut st = ssl.st.lock();
        if st.verified_chain.is_empty() {
            return Ok(std::ptr::null_mut());
        }
        if st.verified_chain_stack.is_none() {
            st.verified_chain_stack = X509Stack::new(&st.verified_chain);
        }
        Ok(st.verified_chain_stack.as_ref().map_or(std::ptr::null_mut(), |k| k.as_ptr()))
    })
}

/// `SSL_get_ex_data_X509_STORE_CTX_idx`: where verify callbacks find the SSL.
#[no_mangle]
pub extern "C" fn SSL_get_ex_data_X509_STORE_CTX_idx() -> c_int {
    guard("SSL_get_ex_data_X509_STORE_CTX_idx", -1, || Ok(ssl_store_ctx_index()))
}

/// `SSL_CTX_set1_param`: copies the settings of `vpm` into the context's
/// X509_VERIFY_PARAM (X509_VERIFY_PARAM_set1, as OpenSSL); 1, 0 on failure.
/// `openssl s_client -verify_hostname` and the like hand theirs this way.
#[no_mangle]
pub extern "C" fn SSL_CTX_set1_param(ctx: *mut super::types::SSL_CTX, vpm: *mut X509_VERIFY_PARAM) -> c_int {
    guard("SSL_CTX_set1_param", 0, || {
        let c = super::boundary::ctx_arg(ctx)?;
        // SAFETY: our context's live parameter object; vpm is the caller's (or NULL).
        Ok(unsafe { crate::sys::X509_VERIFY_PARAM_set1(c.param.as_ptr(), vpm) })
    })
}

/// `SSL_set1_param`: as `SSL_CTX_set1_param`, into this connection's.
#[no_mangle]
pub extern "C" fn SSL_set1_param(s: *mut SSL, vpm: *mut X509_VERIFY_PARAM) -> c_int {
    guard("SSL_set1_param", 0, || {
        let ssl = ssl_arg(s)?;
        let param = ssl.st.lock().param.as_ptr();
        // SAFETY: as above.
        Ok(unsafe { crate::sys::X509_VERIFY_PARAM_set1(param, vpm) })
    })
}
