//! Calls into application callbacks. Each one is a C function pointer the
//! application registered; we call it with no lock of ours held.

use std::ffi::{c_char, c_int, c_void};

pub type KeylogCb = unsafe extern "C" fn(*const c_void, *const c_char);
pub type InfoCb = unsafe extern "C" fn(*const c_void, c_int, c_int);
pub type NewSessionCb = unsafe extern "C" fn(*mut c_void, *mut c_void) -> c_int;
pub type RemoveSessionCb = unsafe extern "C" fn(*mut c_void, *mut c_void);

pub fn keylog(cb: KeylogCb, ssl: usize, line: &str) {
    let Ok(line) = std::ffi::CString::new(line) else { return };
    // SAFETY: the application registered cb for exactly this signature.
    unsafe { cb(ssl as *const c_void, line.as_ptr()) }
}

pub fn info(cb: InfoCb, ssl: usize, where_: c_int, ret: c_int) {
    // SAFETY: as above.
    unsafe { cb(ssl as *const c_void, where_, ret) }
}

/// Returns the callback's result: 1 means it kept the session reference.
pub fn new_session(cb: NewSessionCb, ssl: usize, session: usize) -> c_int {
    // SAFETY: as above.
    unsafe { cb(ssl as *mut c_void, session as *mut c_void) }
}

pub fn remove_session(cb: RemoveSessionCb, ctx: usize, session: usize) {
    // SAFETY: as above.
    unsafe { cb(ctx as *mut c_void, session as *mut c_void) }
}
