//! Calls into application callbacks. Each one is a C function pointer the
//! application registered; we call it with no lock of ours held.

use std::ffi::{c_char, c_int};

use super::{SSL, SSL_CTX, SSL_SESSION, X509_STORE_CTX};

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
