//! Panic catching, argument checks and error pushing for every export.

use std::ffi::{c_char, CStr};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::Arc;

use crate::api::connection::Ssl;
use crate::api::context::SslContext;
use crate::api::handle::{self, Kind};
use crate::api::session::Session;
use crate::sys::err;

use super::types::{SSL, SSL_CTX, SSL_SESSION};

/// An error to push before returning the failure value.
pub struct Fail {
    pub reason: i32,
    pub detail: Option<&'static str>,
}

impl Fail {
    pub fn new(reason: i32, detail: &'static str) -> Fail {
        Fail { reason, detail: Some(detail) }
    }
    pub fn null() -> Fail {
        Fail { reason: err::ERR_R_PASSED_NULL_PARAMETER, detail: None }
    }
    pub fn invalid(detail: &'static str) -> Fail {
        Fail { reason: err::ERR_R_PASSED_INVALID_ARGUMENT, detail: Some(detail) }
    }
    /// The failure value with nothing queued: OpenSSL's answer where it
    /// checks an argument and returns quietly (`if (s == NULL) return 0;`).
    pub fn quiet() -> Fail {
        Fail { reason: 0, detail: None }
    }
}

impl From<crate::api::ApiError> for Fail {
    fn from(e: crate::api::ApiError) -> Fail {
        Fail { reason: e.reason, detail: Some(e.detail) }
    }
}

/// Functions whose OpenSSL 3.0 versions check for NULL arguments and return
/// their failure value without queuing an error (`if (s == NULL) return
/// 0;`, or an argument they test before using the handle), as measured by
/// calling every export with all-NULL arguments on the system libssl
/// (capi-tests/misuse_all.sh). Ours give the same value and, for a NULL
/// argument, queue nothing either; a foreign or freed pointer still
/// queues ERR_R_PASSED_INVALID_ARGUMENT.
const QUIET_ON_NULL: &[&str] = &[
    "SSL_CIPHER_get_cipher_nid",
    "SSL_CONF_cmd_value_type",
    "SSL_CTX_add1_to_CA_list",
    "SSL_CTX_add_client_CA",
    "SSL_CTX_ctrl",
    "SSL_CTX_get_ciphers",
    "SSL_CTX_get_timeout",
    "SSL_CTX_load_verify_locations",
    "SSL_CTX_remove_session",
    "SSL_CTX_set_timeout",
    "SSL_CTX_use_certificate_chain_file",
    "SSL_SESSION_get_time",
    "SSL_SESSION_get_timeout",
    "SSL_SESSION_print_fp",
    "SSL_SESSION_set_time",
    "SSL_SESSION_set_timeout",
    "SSL_add1_to_CA_list",
    "SSL_add_client_CA",
    "SSL_get0_peer_certificate",
    "SSL_get1_peer_certificate",
    "SSL_get1_supported_ciphers",
    "SSL_get_cipher_list",
    "SSL_get_ciphers",
    "SSL_get_client_ciphers",
    "SSL_get_peer_cert_chain",
    "SSL_get_psk_identity",
    "SSL_get_psk_identity_hint",
    "SSL_get_srtp_profiles",
    "SSL_use_certificate_chain_file",
    "SSL_use_psk_identity_hint",
    "i2d_SSL_SESSION",
];

/// Runs an export's body: a panic becomes ERR_R_INTERNAL_ERROR and `fail`;
/// an `Err` pushes its reason (naming `func`) and returns `fail`.
pub fn guard<R>(func: &'static str, fail: R, body: impl FnOnce() -> Result<R, Fail>) -> R {
    crate::sys::libctx::enter_export();
    let outcome = catch_unwind(AssertUnwindSafe(body));
    crate::sys::libctx::leave_export();
    match outcome {
        Ok(Ok(v)) => v,
        Ok(Err(f)) => {
            let quiet = f.reason == 0 || (f.reason == err::ERR_R_PASSED_NULL_PARAMETER && QUIET_ON_NULL.contains(&func));
            if !quiet {
                err::push(f.reason, func, f.detail);
            }
            fail
        }
        Err(_) => {
            err::push(err::ERR_R_INTERNAL_ERROR, func, Some("internal panic caught at the boundary"));
            fail
        }
    }
}

/// For functions that cannot report failure (void, or a value with no error
/// convention): a panic is still caught and recorded.
pub fn guard_void(func: &'static str, body: impl FnOnce()) {
    guard(func, (), || {
        body();
        Ok(())
    })
}

pub fn ssl_arg(s: *const SSL) -> Result<Arc<Ssl>, Fail> {
    if s.is_null() {
        return Err(Fail::null());
    }
    let ssl = handle::get::<Ssl>(s as usize, Kind::Ssl).ok_or(Fail::invalid("not a live SSL pointer"))?;
    crate::sys::libctx::use_libctx(ssl.libctx.load(std::sync::atomic::Ordering::Relaxed));
    Ok(ssl)
}

pub fn ctx_arg(c: *const SSL_CTX) -> Result<Arc<SslContext>, Fail> {
    if c.is_null() {
        return Err(Fail::null());
    }
    let ctx = handle::get::<SslContext>(c as usize, Kind::SslCtx).ok_or(Fail::invalid("not a live SSL_CTX pointer"))?;
    crate::sys::libctx::use_libctx(ctx.libctx.load(std::sync::atomic::Ordering::Relaxed));
    Ok(ctx)
}

pub fn session_arg(s: *const SSL_SESSION) -> Result<Arc<Session>, Fail> {
    if s.is_null() {
        return Err(Fail::null());
    }
    handle::get::<Session>(s as usize, Kind::Session).ok_or(Fail::invalid("not a live SSL_SESSION pointer"))
}

/// A C string argument as UTF-8 (None for NULL).
///
/// # Safety
/// `p` must be NULL or point at a NUL-terminated string.
pub unsafe fn str_arg<'a>(p: *const c_char) -> Result<Option<&'a str>, Fail> {
    if p.is_null() {
        return Ok(None);
    }
    // SAFETY: the caller guarantees a NUL-terminated string.
    let s = unsafe { CStr::from_ptr(p) };
    s.to_str().map(Some).map_err(|_| Fail::invalid("string is not UTF-8"))
}

/// A C byte buffer argument.
///
/// # Safety
/// `p` must be NULL (with len 0) or point at `len` readable bytes.
pub unsafe fn bytes_arg<'a>(p: *const u8, len: usize) -> Result<&'a [u8], Fail> {
    if len == 0 {
        return Ok(&[]);
    }
    if p.is_null() {
        return Err(Fail::null());
    }
    // SAFETY: the caller guarantees len readable bytes.
    Ok(unsafe { std::slice::from_raw_parts(p, len) })
}

/// Pushes the error for an unimplemented export; used by the generated stubs.
pub fn not_implemented(func: &'static str) {
    err::push(err::ERR_R_UNSUPPORTED, func, Some(&format!("{func} is not implemented by libssl-rs yet")));
}

/// Writes a borrowed (pointer, length) pair to out-parameters that may be
/// NULL; an empty or absent value is (NULL, 0), as OpenSSL's get0 functions
/// report "none".
///
/// # Safety
/// `data` and `len` must each be NULL or writable.
pub unsafe fn write_borrowed<L: TryFrom<usize> + Default>(bytes: Option<&[u8]>, data: *mut *const u8, len: *mut L) {
    let (p, n) = match bytes {
        Some(b) if !b.is_empty() => (b.as_ptr(), b.len()),
        _ => (std::ptr::null(), 0),
    };
    // SAFETY: per the contract.
    unsafe {
        if !data.is_null() {
            *data = p;
        }
        if !len.is_null() {
            *len = L::try_from(n).unwrap_or_default();
        }
    }
}

/// `*_up_ref` for a handle kind: 1, or 0 with an error for a pointer that is
/// not a live object of that kind.
pub fn up_ref_export(func: &'static str, p: usize, kind: Kind) -> std::ffi::c_int {
    guard(func, 0, || {
        if p == 0 {
            return Err(Fail::null());
        }
        if handle::up_ref(p, kind) {
            Ok(1)
        } else {
            Err(Fail::invalid("not a live object of this type"))
        }
    })
}

/// `*_free` for a handle kind: NULL is ignored; an unknown or already freed
/// pointer is an error, never a crash.
pub fn free_export(func: &'static str, p: usize, kind: Kind) {
    if p == 0 {
        return;
    }
    guard(func, (), || {
        if handle::release(p, kind) {
            Ok(())
        } else {
            Err(Fail::invalid("free of a pointer that is not a live object of this type"))
        }
    })
}
