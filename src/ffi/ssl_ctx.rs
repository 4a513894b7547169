//! SSL_CTX exports: creation, reference counting, options and configuration.

use std::ffi::{c_char, c_int, c_long, c_uint, c_void};
use std::sync::atomic::Ordering;
use std::sync::Arc;

use super::boundary::{bytes_arg, ctx_arg, guard, guard_void, str_arg, Fail};
use super::types::{OSSL_LIB_CTX, SSL_CTX, SSL_METHOD, X509_STORE, X509_VERIFY_PARAM};
use crate::api::context::SslContext;
use crate::api::handle::{self, Kind};
use crate::api::reason;
use crate::sys::callbacks::{InfoCb, KeylogCb, NewSessionCb, RemoveSessionCb};
use crate::sys::exdata::{ExData, CLASS_SSL_CTX};
use crate::sys::x509::{DefaultLookup, Store};
use crate::sys::VerifyCb;
use crate::tls::suites;

/// `SSL_CTX_new`: a new context (count 1, release with `SSL_CTX_free`).
#[no_mangle]
pub extern "C" fn SSL_CTX_new(meth: *const SSL_METHOD) -> *mut SSL_CTX {
    guard("SSL_CTX_new", std::ptr::null_mut(), || new_context(0, None, meth))
}

/// `SSL_CTX_new_ex`: as `SSL_CTX_new`, in the application's library context
/// and with its property query. The context is the thread's default while
/// our exports work for this SSL_CTX or its SSLs (`sys/libctx.rs`), so
/// certificates, keys and chain verification go through it (sslapitest
/// loads the "null" provider into the process default to prove it). The
/// property query is kept; our own record and handshake crypto is aws-lc's
/// and does not consult providers.
#[no_mangle]
pub extern "C" fn SSL_CTX_new_ex(libctx: *mut OSSL_LIB_CTX, propq: *const c_char, meth: *const SSL_METHOD) -> *mut SSL_CTX {
    guard("SSL_CTX_new_ex", std::ptr::null_mut(), || {
        // SAFETY: NULL or a NUL-terminated string, per the contract.
        let propq = unsafe { str_arg(propq)? }.map(|p| std::ffi::CString::new(p).unwrap_or_default());
        new_context(libctx as usize, propq, meth)
    })
}

fn new_context(libctx: usize, propq: Option<std::ffi::CString>, meth: *const SSL_METHOD) -> Result<*mut SSL_CTX, Fail> {
    crate::sys::libctx::use_libctx(libctx);
    // As OpenSSL's SSL_CTX_new_ex: initialise (loading openssl.cnf)
    // first, then apply its "system_default" section to the new context.
    OPENSSL_init_ssl(OPENSSL_INIT_LOAD_SSL_STRINGS, std::ptr::null());
    if meth.is_null() {
        return Err(Fail::new(reason::NULL_SSL_METHOD_PASSED, "null ssl method passed"));
    }
    let (role, min, max) = super::method::lookup(meth).ok_or(Fail::invalid("not an SSL_METHOD of ours"))?;
    let ctx = SslContext::new(role, min, max).ok_or(Fail::new(crate::sys::err::ERR_R_INTERNAL_ERROR, "X509_STORE_new failed"))?;
    ctx.libctx.store(libctx, Ordering::Relaxed);
    *ctx.propq.lock() = propq;
    let ptr = handle::register(Kind::SslCtx, Arc::new(ctx));
    if let Some(c) = handle::get::<SslContext>(ptr, Kind::SslCtx) {
        *c.ex.lock() = Some(ExData::new(CLASS_SSL_CTX, ptr));
        let _ = c.handle.set(ptr);
        let _ = c.method.set(meth as usize);
        // A failing command in the system section is not fatal here
        // (OpenSSL fails only with config_diagnostics, which libcrypto
        // does not let us read).
        super::conf::apply_section(Some(c), None, c"system_default", true);
    }
    Ok(ptr as *mut SSL_CTX)
}

/// `SSL_CTX_up_ref`: adds a reference.
#[no_mangle]
pub extern "C" fn SSL_CTX_up_ref(ctx: *mut SSL_CTX) -> c_int {
    super::boundary::up_ref_export("SSL_CTX_up_ref", ctx as usize, Kind::SslCtx)
}

/// `SSL_CTX_free`: drops a reference; NULL is ignored.
#[no_mangle]
pub extern "C" fn SSL_CTX_free(ctx: *mut SSL_CTX) {
    super::boundary::free_export("SSL_CTX_free", ctx as usize, Kind::SslCtx)
}

/// `SSL_CTX_set_options`: ORs in options; returns the new set.
#[no_mangle]
pub extern "C" fn SSL_CTX_set_options(ctx: *mut SSL_CTX, op: u64) -> u64 {
    guard("SSL_CTX_set_options", 0, || {
        let c = ctx_arg(ctx)?;
        let mut s = c.settings.lock();
        s.options |= op;
        Ok(s.options)
    })
}

/// `SSL_CTX_clear_options`: clears options; returns the new set.
#[no_mangle]
pub extern "C" fn SSL_CTX_clear_options(ctx: *mut SSL_CTX, op: u64) -> u64 {
    guard("SSL_CTX_clear_options", 0, || {
        let c = ctx_arg(ctx)?;
        let mut s = c.settings.lock();
        s.options &= !op;
        Ok(s.options)
    })
}

/// `SSL_CTX_get_options`.
#[no_mangle]
pub extern "C" fn SSL_CTX_get_options(ctx: *const SSL_CTX) -> u64 {
    guard("SSL_CTX_get_options", 0, || Ok(ctx_arg(ctx)?.settings.lock().options))
}

/// `SSL_CTX_set_verify`: mode and optional callback for new SSLs.
#[no_mangle]
pub extern "C" fn SSL_CTX_set_verify(ctx: *mut SSL_CTX, mode: c_int, cb: VerifyCb) {
    guard_void("SSL_CTX_set_verify", || {
        if let Ok(c) = ctx_arg(ctx) {
            let mut s = c.settings.lock();
            s.verify_mode = mode;
            s.verify_cb = cb;
        }
    })
}

/// `SSL_CTX_get_verify_mode`.
#[no_mangle]
pub extern "C" fn SSL_CTX_get_verify_mode(ctx: *const SSL_CTX) -> c_int {
    guard("SSL_CTX_get_verify_mode", 0, || Ok(ctx_arg(ctx)?.settings.lock().verify_mode))
}

/// `SSL_CTX_get_verify_callback`.
#[no_mangle]
pub extern "C" fn SSL_CTX_get_verify_callback(ctx: *const SSL_CTX) -> VerifyCb {
    guard("SSL_CTX_get_verify_callback", None, || Ok(ctx_arg(ctx)?.settings.lock().verify_cb))
}

/// `SSL_CTX_set_verify_depth`: on the context's X509_VERIFY_PARAM.
#[no_mangle]
pub extern "C" fn SSL_CTX_set_verify_depth(ctx: *mut SSL_CTX, depth: c_int) {
    guard_void("SSL_CTX_set_verify_depth", || {
        if let Ok(c) = ctx_arg(ctx) {
            c.param.set_depth(depth);
        }
    })
}

/// `SSL_CTX_load_verify_locations`: CA file and/or directory into the store.
///
/// # Safety
/// `file` and `dir` must be NULL or NUL-terminated strings.
#[no_mangle]
pub unsafe extern "C" fn SSL_CTX_load_verify_locations(ctx: *mut SSL_CTX, file: *const c_char, dir: *const c_char) -> c_int {
    guard("SSL_CTX_load_verify_locations", 0, || {
        let c = ctx_arg(ctx)?;
        if file.is_null() && dir.is_null() {
            return Err(Fail::null());
        }
        // SAFETY: NUL-terminated or NULL, per the contract.
        let (f, d) = unsafe {
            (
                (!file.is_null()).then(|| std::ffi::CStr::from_ptr(file)),
                (!dir.is_null()).then(|| std::ffi::CStr::from_ptr(dir)),
            )
        };
        // libcrypto pushes its own error (e.g. "no such file") on failure.
        let ok = c.store.lock().load_locations(f, d);
        Ok(ok as c_int)
    })
}

/// `SSL_CTX_load_verify_file`.
///
/// # Safety
/// `file` must be a NUL-terminated string.
#[no_mangle]
pub unsafe extern "C" fn SSL_CTX_load_verify_file(ctx: *mut SSL_CTX, file: *const c_char) -> c_int {
    if file.is_null() {
        return guard("SSL_CTX_load_verify_file", 0, || Err(Fail::null()));
    }
    // SAFETY: forwarded contract.
    unsafe { SSL_CTX_load_verify_locations(ctx, file, std::ptr::null()) }
}

/// `SSL_CTX_load_verify_dir`.
///
/// # Safety
/// `dir` must be a NUL-terminated string.
#[no_mangle]
pub unsafe extern "C" fn SSL_CTX_load_verify_dir(ctx: *mut SSL_CTX, dir: *const c_char) -> c_int {
    if dir.is_null() {
        return guard("SSL_CTX_load_verify_dir", 0, || Err(Fail::null()));
    }
    // SAFETY: forwarded contract.
    unsafe { SSL_CTX_load_verify_locations(ctx, std::ptr::null(), dir) }
}

/// `SSL_CTX_set_default_verify_paths`: the system's default CA locations.
#[no_mangle]
pub extern "C" fn SSL_CTX_set_default_verify_paths(ctx: *mut SSL_CTX) -> c_int {
    guard("SSL_CTX_set_default_verify_paths", 0, || Ok(ctx_arg(ctx)?.store.lock().set_default_paths() as c_int))
}

/// `SSL_CTX_set_default_verify_file`: the default CA file.
#[no_mangle]
pub extern "C" fn SSL_CTX_set_default_verify_file(ctx: *mut SSL_CTX) -> c_int {
    guard("SSL_CTX_set_default_verify_file", 0, || {
        let c = ctx_arg(ctx)?;
        let ok = c.store.lock().add_default_lookup(DefaultLookup::File);
        Ok(ok as c_int)
    })
}

/// `SSL_CTX_set_default_verify_dir`: the default CA directory.
#[no_mangle]
pub extern "C" fn SSL_CTX_set_default_verify_dir(ctx: *mut SSL_CTX) -> c_int {
    guard("SSL_CTX_set_default_verify_dir", 0, || {
        let c = ctx_arg(ctx)?;
        let ok = c.store.lock().add_default_lookup(DefaultLookup::Dir);
        Ok(ok as c_int)
    })
}

/// `SSL_CTX_set_default_verify_store`: the default certificate store URI.
#[no_mangle]
pub extern "C" fn SSL_CTX_set_default_verify_store(ctx: *mut SSL_CTX) -> c_int {
    guard("SSL_CTX_set_default_verify_store", 0, || {
        let c = ctx_arg(ctx)?;
        let ok = c.store.lock().add_default_lookup(DefaultLookup::Store);
        Ok(ok as c_int)
    })
}

/// `SSL_CTX_get_cert_store`: get0 — the context keeps ownership.
#[no_mangle]
pub extern "C" fn SSL_CTX_get_cert_store(ctx: *const SSL_CTX) -> *mut X509_STORE {
    guard("SSL_CTX_get_cert_store", std::ptr::null_mut(), || Ok(ctx_arg(ctx)?.store.lock().as_ptr()))
}

/// `SSL_CTX_set_cert_store`: set0 — takes ownership of `store` and frees the old one.
#[no_mangle]
pub extern "C" fn SSL_CTX_set_cert_store(ctx: *mut SSL_CTX, store: *mut X509_STORE) {
    guard_void("SSL_CTX_set_cert_store", || {
        if let Ok(c) = ctx_arg(ctx) {
            let new = Store::from_owned(store).or_else(Store::new);
            if let Some(new) = new {
                *c.store.lock() = new;
            }
        }
    })
}

/// `SSL_CTX_set1_cert_store`: set1 — takes a new reference to `store`.
#[no_mangle]
pub extern "C" fn SSL_CTX_set1_cert_store(ctx: *mut SSL_CTX, store: *mut X509_STORE) {
    guard_void("SSL_CTX_set1_cert_store", || {
        if let (Ok(c), Some(new)) = (ctx_arg(ctx), Store::from_borrowed(store)) {
            *c.store.lock() = new;
        }
    })
}

/// `SSL_CTX_get0_param`: get0 — the context's verification parameters.
#[no_mangle]
pub extern "C" fn SSL_CTX_get0_param(ctx: *mut SSL_CTX) -> *mut X509_VERIFY_PARAM {
    guard("SSL_CTX_get0_param", std::ptr::null_mut(), || Ok(ctx_arg(ctx)?.param.as_ptr()))
}

/// `SSL_CTX_set_ciphersuites`: the TLS 1.3 suites, in order.
///
/// # Safety
/// `list` must be a NUL-terminated string.
#[no_mangle]
pub unsafe extern "C" fn SSL_CTX_set_ciphersuites(ctx: *mut SSL_CTX, list: *const c_char) -> c_int {
    guard("SSL_CTX_set_ciphersuites", 0, || {
        let c = ctx_arg(ctx)?;
        // SAFETY: NUL-terminated per the contract.
        let list = unsafe { str_arg(list)? }.ok_or_else(Fail::null)?;
        let parsed = suites::parse_ciphersuites(list).ok_or(Fail::new(reason::NO_CIPHER_MATCH, "no cipher match"))?;
        c.settings.lock().suites = parsed;
        Ok(1)
    })
}

/// `SSL_CTX_set_cipher_list`: the TLS 1.2 suites, in OpenSSL's
/// cipher-string language (`tls::cipher_string`). As in OpenSSL it never
/// changes the TLS 1.3 suites; a string that selects no TLS 1.2 suite we
/// implement fails with "no cipher match" and changes nothing.
///
/// # Safety
/// `list` must be a NUL-terminated string.
#[no_mangle]
pub unsafe extern "C" fn SSL_CTX_set_cipher_list(ctx: *mut SSL_CTX, list: *const c_char) -> c_int {
    guard("SSL_CTX_set_cipher_list", 0, || {
        let c = ctx_arg(ctx)?;
        // SAFETY: NUL-terminated per the contract.
        let list = unsafe { str_arg(list)? }.ok_or_else(Fail::null)?;
        if !c.settings.lock().set_cipher_list(list) {
            return Err(Fail::new(reason::NO_CIPHER_MATCH, "no cipher match"));
        }
        Ok(1)
    })
}

/// `SSL_CTX_set_alpn_protos`: wire-format protocol list. Returns 0 on
/// success (OpenSSL's inverted convention), 1 on error.
///
/// # Safety
/// `protos` must point at `len` readable bytes.
#[no_mangle]
pub unsafe extern "C" fn SSL_CTX_set_alpn_protos(ctx: *mut SSL_CTX, protos: *const u8, len: c_uint) -> c_int {
    guard("SSL_CTX_set_alpn_protos", 1, || {
        let c = ctx_arg(ctx)?;
        // OpenSSL: NULL or empty clears the list (0, success); a list
        // that is not valid wire format is refused quietly (1).
        if protos.is_null() || len == 0 {
            c.settings.lock().alpn = Vec::new();
            return Ok(0);
        }
        // SAFETY: per the contract.
        let list = unsafe { bytes_arg(protos, len as usize)? };
        if !valid_alpn_list(list) {
            return Ok(1);
        }
        c.settings.lock().alpn = list.to_vec();
        Ok(0)
    })
}

/// A non-empty sequence of length-prefixed, non-empty names.
pub fn valid_alpn_list(list: &[u8]) -> bool {
    let mut i = 0;
    while i < list.len() {
        let n = list[i] as usize;
        if n == 0 || i + 1 + n > list.len() {
            return false;
        }
        i += 1 + n;
    }
    !list.is_empty()
}

/// `SSL_CTX_set_timeout`: session timeout in seconds; returns the previous one.
#[no_mangle]
pub extern "C" fn SSL_CTX_set_timeout(ctx: *mut SSL_CTX, t: c_long) -> c_long {
    guard("SSL_CTX_set_timeout", 0, || Ok(ctx_arg(ctx)?.timeout.swap(t as i64, Ordering::Relaxed) as c_long))
}

/// `SSL_CTX_get_timeout`: 7200 by default.
#[no_mangle]
pub extern "C" fn SSL_CTX_get_timeout(ctx: *const SSL_CTX) -> c_long {
    guard("SSL_CTX_get_timeout", 0, || Ok(ctx_arg(ctx)?.timeout.load(Ordering::Relaxed) as c_long))
}

/// `SSL_CTX_set_keylog_callback`.
#[no_mangle]
pub extern "C" fn SSL_CTX_set_keylog_callback(ctx: *mut SSL_CTX, cb: KeylogCb) {
    guard_void("SSL_CTX_set_keylog_callback", || {
        if let Ok(c) = ctx_arg(ctx) {
            c.callbacks.lock().keylog = cb;
        }
    })
}

/// `SSL_CTX_get_keylog_callback`.
#[no_mangle]
pub extern "C" fn SSL_CTX_get_keylog_callback(ctx: *const SSL_CTX) -> KeylogCb {
    guard("SSL_CTX_get_keylog_callback", None, || Ok(ctx_arg(ctx)?.callbacks.lock().keylog))
}

/// `SSL_CTX_set_info_callback`.
#[no_mangle]
pub extern "C" fn SSL_CTX_set_info_callback(ctx: *mut SSL_CTX, cb: InfoCb) {
    guard_void("SSL_CTX_set_info_callback", || {
        if let Ok(c) = ctx_arg(ctx) {
            c.callbacks.lock().info = cb;
        }
    })
}

/// `SSL_CTX_get_info_callback`.
#[no_mangle]
pub extern "C" fn SSL_CTX_get_info_callback(ctx: *mut SSL_CTX) -> InfoCb {
    guard("SSL_CTX_get_info_callback", None, || Ok(ctx_arg(ctx)?.callbacks.lock().info))
}

/// `SSL_CTX_sess_set_new_cb`: called for each new session when the cache
/// mode includes the connection's side; returning 1 keeps the reference.
#[no_mangle]
pub extern "C" fn SSL_CTX_sess_set_new_cb(ctx: *mut SSL_CTX, cb: NewSessionCb) {
    guard_void("SSL_CTX_sess_set_new_cb", || {
        if let Ok(c) = ctx_arg(ctx) {
            c.callbacks.lock().new_session = cb;
        }
    })
}

/// `SSL_CTX_sess_get_new_cb`.
#[no_mangle]
pub extern "C" fn SSL_CTX_sess_get_new_cb(ctx: *mut SSL_CTX) -> NewSessionCb {
    guard("SSL_CTX_sess_get_new_cb", None, || Ok(ctx_arg(ctx)?.callbacks.lock().new_session))
}

/// `SSL_CTX_sess_set_remove_cb`: stored for the session cache.
#[no_mangle]
pub extern "C" fn SSL_CTX_sess_set_remove_cb(ctx: *mut SSL_CTX, cb: RemoveSessionCb) {
    guard_void("SSL_CTX_sess_set_remove_cb", || {
        if let Ok(c) = ctx_arg(ctx) {
            c.callbacks.lock().remove_session = cb;
        }
    })
}

/// `SSL_CTX_sess_get_remove_cb`.
#[no_mangle]
pub extern "C" fn SSL_CTX_sess_get_remove_cb(ctx: *mut SSL_CTX) -> RemoveSessionCb {
    guard("SSL_CTX_sess_get_remove_cb", None, || Ok(ctx_arg(ctx)?.callbacks.lock().remove_session))
}

/// `SSL_CTX_set_num_tickets`: tickets a server sends (default 2).
#[no_mangle]
pub extern "C" fn SSL_CTX_set_num_tickets(ctx: *mut SSL_CTX, n: usize) -> c_int {
    guard("SSL_CTX_set_num_tickets", 0, || {
        ctx_arg(ctx)?.settings.lock().num_tickets = n as u64;
        Ok(1)
    })
}

/// `SSL_CTX_get_num_tickets`.
#[no_mangle]
pub extern "C" fn SSL_CTX_get_num_tickets(ctx: *const SSL_CTX) -> usize {
    guard("SSL_CTX_get_num_tickets", 0, || Ok(ctx_arg(ctx)?.settings.lock().num_tickets as usize))
}

/// `SSL_CTX_set_session_id_context`: at most 32 bytes
/// (`SSL_R_SSL_SESSION_ID_CONTEXT_TOO_LONG` otherwise).
///
/// # Safety
/// `sid` must point at `len` readable bytes.
#[no_mangle]
pub unsafe extern "C" fn SSL_CTX_set_session_id_context(ctx: *mut SSL_CTX, sid: *const u8, len: c_uint) -> c_int {
    guard("SSL_CTX_set_session_id_context", 0, || {
        let c = ctx_arg(ctx)?;
        if len > 32 {
            return Err(Fail::new(reason::SSL_SESSION_ID_CONTEXT_TOO_LONG, "ssl session id context too long"));
        }
        // SAFETY: per the contract.
        let b = unsafe { bytes_arg(sid, len as usize)? };
        c.settings.lock().sid_ctx = b.to_vec();
        Ok(1)
    })
}

/// `SSL_CTX_set_ex_data`.
#[no_mangle]
pub extern "C" fn SSL_CTX_set_ex_data(ctx: *mut SSL_CTX, idx: c_int, data: *mut c_void) -> c_int {
    guard("SSL_CTX_set_ex_data", 0, || {
        let c = ctx_arg(ctx)?;
        let mut ex = c.ex.lock();
        Ok(ex.as_mut().is_some_and(|e| e.set(idx, data)) as c_int)
    })
}

/// `SSL_CTX_get_ex_data`.
#[no_mangle]
pub extern "C" fn SSL_CTX_get_ex_data(ctx: *const SSL_CTX, idx: c_int) -> *mut c_void {
    guard("SSL_CTX_get_ex_data", std::ptr::null_mut(), || {
        let c = ctx_arg(ctx)?;
        let ex = c.ex.lock();
        Ok(ex.as_ref().map_or(std::ptr::null_mut(), |e| e.get(idx)))
    })
}

/// `SSL_CTX_get_ssl_method`: the static method the context was made with
/// is not kept; we return the version-flexible method of its role.
#[no_mangle]
pub extern "C" fn SSL_CTX_get_ssl_method(ctx: *const SSL_CTX) -> *const SSL_METHOD {
    guard("SSL_CTX_get_ssl_method", std::ptr::null(), || {
        Ok(match ctx_arg(ctx)?.role {
            crate::api::context::Role::Client => super::method::TLS_client_method(),
            crate::api::context::Role::Server => super::method::TLS_server_method(),
            crate::api::context::Role::Either => super::method::TLS_method(),
        })
    })
}

/// `SSL_get_default_timeout`: 7200 seconds for TLS.
#[no_mangle]
pub extern "C" fn SSL_get_default_timeout(s: *const super::types::SSL) -> c_long {
    guard("SSL_get_default_timeout", 0, || {
        super::boundary::ssl_arg(s)?;
        Ok(crate::api::context::DEFAULT_TIMEOUT as c_long)
    })
}

/// `OPENSSL_init_ssl`: initialises libcrypto and registers our error strings.
#[no_mangle]
pub extern "C" fn OPENSSL_init_ssl(opts: u64, settings: *const super::types::OPENSSL_INIT_SETTINGS) -> c_int {
    guard("OPENSSL_init_ssl", 0, || {
        crate::sys::err::load_strings();
        // OpenSSL adds all ciphers and digests, and loads the configuration
        // file unless told not to (OPENSSL_INIT_NO_LOAD_CONFIG).
        let mut opts = opts | OPENSSL_INIT_ADD_ALL_CIPHERS | OPENSSL_INIT_ADD_ALL_DIGESTS;
        if opts & OPENSSL_INIT_NO_LOAD_CONFIG == 0 {
            opts |= OPENSSL_INIT_LOAD_CONFIG;
        }
        Ok(crate::sys::init_crypto(opts, settings.cast()) as c_int)
    })
}

const OPENSSL_INIT_ADD_ALL_CIPHERS: u64 = 0x4;
const OPENSSL_INIT_ADD_ALL_DIGESTS: u64 = 0x8;
const OPENSSL_INIT_LOAD_CONFIG: u64 = 0x40;
const OPENSSL_INIT_NO_LOAD_CONFIG: u64 = 0x80;
const OPENSSL_INIT_LOAD_SSL_STRINGS: u64 = 0x0020_0000;

/// `ERR_load_SSL_strings`: registers the SSL reason strings.
#[no_mangle]
pub extern "C" fn ERR_load_SSL_strings() -> c_int {
    crate::sys::err::load_strings();
    1
}

/// `SSL_CTX_load_verify_store`: the certificates an OSSL_STORE URI names
/// join the context's store (X509_STORE_load_store; libcrypto pushes its
/// own error when the URI does not load).
///
/// # Safety
/// `store` must be a NUL-terminated string.
#[no_mangle]
pub unsafe extern "C" fn SSL_CTX_load_verify_store(ctx: *mut SSL_CTX, store: *const c_char) -> c_int {
    guard("SSL_CTX_load_verify_store", 0, || {
        let c = ctx_arg(ctx)?;
        if store.is_null() {
            return Err(Fail::null());
        }
        // SAFETY: per the contract.
        let uri = unsafe { std::ffi::CStr::from_ptr(store) };
        let ok = c.store.lock().load_store(uri);
        Ok(ok as c_int)
    })
}
