//! Calls into application callbacks. Each one is a C function pointer the
//! application registered; we call it with no lock of ours held.

use std::ffi::{c_char, c_int, c_uint, c_void};

use super::{EVP_PKEY, SSL, SSL_CTX, SSL_SESSION, X509, X509_STORE_CTX};

/// `pem_password_cb`.
pub type PasswordCb = Option<unsafe extern "C" fn(*mut c_char, c_int, c_int, *mut c_void) -> c_int>;

/// The generic `void (*)(void)` of `SSL_callback_ctrl`.
pub type GenericCb = Option<unsafe extern "C" fn()>;

/// `SSL_verify_cb`.
pub type VerifyCb = Option<unsafe extern "C" fn(c_int, *mut X509_STORE_CTX) -> c_int>;

/// `SSL_CTX_keylog_cb_func`.
pub type KeylogCb = Option<unsafe extern "C" fn(*const SSL, *const c_char)>;
/// The info callback of `SSL_CTX_set_info_callback`.
pub type InfoCb = Option<unsafe extern "C" fn(*const SSL, c_int, c_int)>;
/// `SSL_CTX_sess_set_new_cb`'s callback.
pub type NewSessionCb = Option<unsafe extern "C" fn(*mut SSL, *mut SSL_SESSION) -> c_int>;
/// `SSL_CTX_sess_set_remove_cb`'s callback.
pub type RemoveSessionCb = Option<unsafe extern "C" fn(*mut SSL_CTX, *mut SSL_SESSION)>;

pub fn keylog(cb: KeylogCb, ssl: usize, line: &str) {
    let (Some(cb), Ok(line)) = (cb, std::ffi::CString::new(line)) else { return };
    // SAFETY: the application registered cb for exactly this signature.
    unsafe { cb(ssl as *const SSL, line.as_ptr()) }
}

pub fn info(cb: InfoCb, ssl: usize, where_: c_int, ret: c_int) {
    if let Some(cb) = cb {
        // SAFETY: as above.
        unsafe { cb(ssl as *const SSL, where_, ret) }
    }
}

/// Returns the callback's result: 1 means it kept the session reference.
pub fn new_session(cb: NewSessionCb, ssl: usize, session: usize) -> c_int {
    match cb {
        // SAFETY: as above.
        Some(cb) => unsafe { cb(ssl as *mut SSL, session as *mut SSL_SESSION) },
        None => 0,
    }
}

pub fn remove_session(cb: RemoveSessionCb, ctx: usize, session: usize) {
    if let Some(cb) = cb {
        // SAFETY: as above.
        unsafe { cb(ctx as *mut SSL_CTX, session as *mut SSL_SESSION) }
    }
}

/// The servername callback: `int (*)(SSL *, int *al, void *arg)`.
pub type ServernameCb = Option<unsafe extern "C" fn(*mut SSL, *mut c_int, *mut c_void) -> c_int>;
/// `SSL_CTX_set_alpn_select_cb`'s callback.
pub type AlpnSelectCb =
    Option<unsafe extern "C" fn(*mut SSL, *mut *const u8, *mut u8, *const u8, c_uint, *mut c_void) -> c_int>;
/// `SSL_CTX_sess_set_get_cb`'s callback.
pub type GetSessionCb = Option<unsafe extern "C" fn(*mut SSL, *const u8, c_int, *mut c_int) -> *mut SSL_SESSION>;

/// Returns (SSL_TLSEXT_ERR_*, alert the callback chose).
pub fn servername(cb: ServernameCb, ssl: usize, arg: usize, default_alert: c_int) -> (c_int, c_int) {
    let Some(cb) = cb else { return (0, default_alert) };
    let mut al = default_alert;
    // SAFETY: the application registered cb for this signature; al is ours.
    let r = unsafe { cb(ssl as *mut SSL, &mut al, arg as *mut c_void) };
    (r, al)
}

/// Returns (SSL_TLSEXT_ERR_*, the protocol chosen, copied out of the callback's buffer).
pub fn alpn_select(cb: AlpnSelectCb, ssl: usize, offered: &[u8], arg: usize) -> (c_int, Option<Vec<u8>>) {
    let Some(cb) = cb else { return (3, None) };
    let mut out: *const u8 = std::ptr::null();
    let mut outlen: u8 = 0;
    // SAFETY: as above; offered outlives the call.
    let r = unsafe { cb(ssl as *mut SSL, &mut out, &mut outlen, offered.as_ptr(), offered.len() as c_uint, arg as *mut c_void) };
    let chosen = if r == 0 && !out.is_null() && outlen > 0 {
        // SAFETY: the callback points at outlen readable bytes (usually inside `offered`).
        Some(unsafe { std::slice::from_raw_parts(out, outlen as usize) }.to_vec())
    } else {
        None
    };
    (r, chosen)
}

/// Returns (session pointer or NULL, the callback's copy flag).
pub fn get_session(cb: GetSessionCb, ssl: usize, id: &[u8]) -> (usize, bool) {
    let Some(cb) = cb else { return (0, false) };
    let mut copy: c_int = 1;
    // SAFETY: as above.
    let p = unsafe { cb(ssl as *mut SSL, id.as_ptr(), id.len() as c_int, &mut copy) };
    (p as usize, copy != 0)
}

/// `SSL_CTX_set_client_cert_cb`'s callback.
pub type ClientCertCb = Option<unsafe extern "C" fn(*mut SSL, *mut *mut X509, *mut *mut EVP_PKEY) -> c_int>;

/// The certificate and key the callback hands over (we own both references).
pub fn client_cert(cb: ClientCertCb, ssl: usize) -> Option<(super::x509::X509Ref, super::pkey::PKey)> {
    let cb = cb?;
    let mut x: *mut X509 = std::ptr::null_mut();
    let mut k: *mut EVP_PKEY = std::ptr::null_mut();
    // SAFETY: the application registered cb for this signature; x and k are ours.
    let r = unsafe { cb(ssl as *mut SSL, &mut x, &mut k) };
    let x = super::x509::X509Ref::from_owned(x);
    let k = super::pkey::PKey::from_owned(k);
    if r == 1 {
        Some((x?, k?))
    } else {
        None
    }
}
