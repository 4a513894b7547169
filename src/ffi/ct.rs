//! Certificate Transparency (`SSL_CTX_enable_ct(3)`,
//! `SSL_CTX_set_ct_validation_callback(3)`, `SSL_get0_peer_scts`, the CT
//! log store): a client asks for SCTs, gathers them from the extension, the
//! stapled OCSP response and the certificate, and validates them through
//! libcrypto's CT code once the server's chain is verified.

use std::ffi::{c_char, c_int, c_void};

use super::boundary::{ctx_arg, guard, guard_void, ssl_arg, Fail};
use super::types::{stack_st_SCT, SSL, SSL_CTX};
use crate::api::ct::{Validation, CUSTOM_EXT_HANDLER_ALREADY_INSTALLED, INVALID_CT_VALIDATION_TYPE, VALIDATION_PERMISSIVE, VALIDATION_STRICT};
use crate::api::custom_ext::Role;
use crate::sys::ct::CtValidationCb;
use crate::sys::CTLOG_STORE;

/// OpenSSL's refusal when a client custom extension already handles
/// signed_certificate_timestamp (`SSL_CTX_has_client_custom_ext` on the
/// SSL's context, as OpenSSL checks `s->ctx`).
fn sct_ext_taken(ctx: &crate::api::context::SslContext) -> bool {
    ctx.settings.lock().certs.custom.find(Role::Client, crate::tls::extensions::SCT).is_some()
}

fn validation_for(mode: c_int) -> Result<Validation, Fail> {
    match mode {
        VALIDATION_PERMISSIVE => Ok(Validation::Permissive),
        VALIDATION_STRICT => Ok(Validation::Strict),
        _ => Err(Fail::new(INVALID_CT_VALIDATION_TYPE, "invalid CT validation type")),
    }
}

fn set_ctx(ctx: *mut SSL_CTX, v: Option<Validation>) -> Result<c_int, Fail> {
    let c = ctx_arg(ctx)?;
    if v.is_some() && sct_ext_taken(&c) {
        return Err(Fail::new(CUSTOM_EXT_HANDLER_ALREADY_INSTALLED, "custom extension handler already installed"));
    }
    c.settings.lock().extras_mut().ct_validation = v;
    Ok(1)
}

/// OpenSSL's SSL_set_ct_validation_callback: a callback also asks for a
/// stapled OCSP response, where SCTs may come.
fn set_ssl(s: *mut SSL, v: Option<Validation>) -> Result<c_int, Fail> {
    let ssl = ssl_arg(s)?;
    if v.is_some() && sct_ext_taken(&ssl.ctx()) {
        return Err(Fail::new(CUSTOM_EXT_HANDLER_ALREADY_INSTALLED, "custom extension handler already installed"));
    }
    let mut st = ssl.st.lock();
    let extras = st.settings.extras_mut();
    if v.is_some() {
        extras.status_type = 1;
    }
    extras.ct_validation = v;
    Ok(1)
}

/// `SSL_CTX_enable_ct`: permissive (gather and validate, never refuse) or
/// strict (refuse without one valid SCT) validation for the context's
/// connections.
#[no_mangle]
pub extern "C" fn SSL_CTX_enable_ct(ctx: *mut SSL_CTX, validation_mode: c_int) -> c_int {
    guard("SSL_CTX_enable_ct", 0, || set_ctx(ctx, Some(validation_for(validation_mode)?)))
}

/// `SSL_enable_ct`: as above, for one connection.
#[no_mangle]
pub extern "C" fn SSL_enable_ct(s: *mut SSL, validation_mode: c_int) -> c_int {
    guard("SSL_enable_ct", 0, || set_ssl(s, Some(validation_for(validation_mode)?)))
}

/// `SSL_CTX_set_ct_validation_callback`: the application's own judgement
/// (NULL turns CT off).
#[no_mangle]
pub extern "C" fn SSL_CTX_set_ct_validation_callback(ctx: *mut SSL_CTX, callback: CtValidationCb, arg: *mut c_void) -> c_int {
    guard("SSL_CTX_set_ct_validation_callback", 0, || set_ctx(ctx, callback.map(|_| Validation::App(callback, arg as usize))))
}

/// `SSL_set_ct_validation_callback`: as above, for one connection.
#[no_mangle]
pub extern "C" fn SSL_set_ct_validation_callback(s: *mut SSL, callback: CtValidationCb, arg: *mut c_void) -> c_int {
    guard("SSL_set_ct_validation_callback", 0, || set_ssl(s, callback.map(|_| Validation::App(callback, arg as usize))))
}

/// `SSL_CTX_ct_is_enabled`: 1 when a validation callback is set.
#[no_mangle]
pub extern "C" fn SSL_CTX_ct_is_enabled(ctx: *const SSL_CTX) -> c_int {
    guard("SSL_CTX_ct_is_enabled", 0, || Ok(ctx_arg(ctx)?.settings.lock().extras.ct_validation.is_some() as c_int))
}

/// `SSL_ct_is_enabled`: as above, for one connection.
#[no_mangle]
pub extern "C" fn SSL_ct_is_enabled(s: *const SSL) -> c_int {
    guard("SSL_ct_is_enabled", 0, || Ok(ssl_arg(s)?.st.lock().settings.extras.ct_validation.is_some() as c_int))
}

/// `SSL_get0_peer_scts`: the SCTs the server sent — in its
/// signed_certificate_timestamp extension, its stapled OCSP response and
/// its certificate — gathered on first call (get0: owned by the SSL).
#[no_mangle]
pub extern "C" fn SSL_get0_peer_scts(s: *mut SSL) -> *const stack_st_SCT {
    guard("SSL_get0_peer_scts", std::ptr::null(), || {
        let ssl = ssl_arg(s)?;
        let mut st = ssl.st.lock();
        let ocsp = st.peer.ocsp_response.clone();
        let leaf = st.peer_chain.first().cloned();
        Ok(st.ct.get0(ocsp.as_deref(), leaf.as_ref()) as *const stack_st_SCT)
    })
}

/// `SSL_CTX_set0_ctlog_store`: takes ownership of the store (freed with the
/// context or when replaced); `SSL_CTX_get0_ctlog_store` returns it.
#[no_mangle]
pub extern "C" fn SSL_CTX_set0_ctlog_store(ctx: *mut SSL_CTX, logs: *mut CTLOG_STORE) {
    guard_void("SSL_CTX_set0_ctlog_store", || {
        let store = crate::sys::CtLogStore::from_owned(logs).map(std::sync::Arc::new);
        if let Ok(c) = ctx_arg(ctx) {
            *c.ctlog_store.lock() = store;
        }
    })
}

/// Loads CT logs into the context's store, made on first use, as OpenSSL's
/// `SSL_CTX_set_default_ctlog_list_file` / `SSL_CTX_set_ctlog_list_file`.
fn load_ctlogs(ctx: *mut SSL_CTX, file: Option<&std::ffi::CStr>) -> Result<c_int, Fail> {
    let c = ctx_arg(ctx)?;
    let mut slot = c.ctlog_store.lock();
    if slot.is_none() {
        *slot = crate::sys::CtLogStore::new().map(std::sync::Arc::new);
    }
    Ok(slot.as_ref().is_some_and(|s| s.load(file)) as c_int)
}

/// `SSL_CTX_set_default_ctlog_list_file`: the default CT log list into the
/// context's store (1; 0 with libcrypto's error when it does not load).
#[no_mangle]
pub extern "C" fn SSL_CTX_set_default_ctlog_list_file(ctx: *mut SSL_CTX) -> c_int {
    guard("SSL_CTX_set_default_ctlog_list_file", 0, || load_ctlogs(ctx, None))
}

/// `SSL_CTX_set_ctlog_list_file`: a CT log list file into the context's store.
///
/// # Safety
/// `path` must be a NUL-terminated string.
#[no_mangle]
pub unsafe extern "C" fn SSL_CTX_set_ctlog_list_file(ctx: *mut SSL_CTX, path: *const c_char) -> c_int {
    guard("SSL_CTX_set_ctlog_list_file", 0, || {
        if path.is_null() {
            return Err(Fail::null());
        }
        // SAFETY: per the contract.
        load_ctlogs(ctx, Some(unsafe { std::ffi::CStr::from_ptr(path) }))
    })
}

/// `SSL_CTX_get0_ctlog_store`: the store set (get0), or NULL.
#[no_mangle]
pub extern "C" fn SSL_CTX_get0_ctlog_store(ctx: *const SSL_CTX) -> *const CTLOG_STORE {
    guard("SSL_CTX_get0_ctlog_store", std::ptr::null(), || {
        Ok(ctx_arg(ctx)?.ctlog_store.lock().as_ref().map_or(std::ptr::null(), |s| s.as_ptr() as *const _))
    })
}
