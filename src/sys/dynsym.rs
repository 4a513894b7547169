//! libcrypto functions newer than OpenSSL 3.0, found at run time: a
//! libssl linked against 3.0's libcrypto must still load where they do not
//! exist, and use them where they do (Debian 13's 3.5).

use std::ffi::{c_void, CStr};
use std::sync::OnceLock;

pub fn lookup(handle: *mut c_void, name: &CStr) -> Option<*mut c_void> {
    // SAFETY: `handle` is a dlopen handle (or RTLD_DEFAULT) and `name` a
    // NUL-terminated string; dlsym only reads them.
    let p = unsafe { libc::dlsym(handle, name.as_ptr()) };
    (!p.is_null()).then_some(p)
}

/// The libcrypto this process already has (we are linked to it); NOLOAD
/// never maps a second copy. Kept for the life of the process.
pub fn libcrypto() -> *mut c_void {
    static HANDLE: OnceLock<usize> = OnceLock::new();
    *HANDLE.get_or_init(|| {
        // SAFETY: a constant soname; dlopen with RTLD_NOLOAD only takes a
        // reference to an already loaded object.
        let handle = unsafe { libc::dlopen(c"libcrypto.so.3".as_ptr(), libc::RTLD_LAZY | libc::RTLD_NOLOAD) };
        if handle.is_null() { libc::RTLD_DEFAULT as usize } else { handle as usize }
    }) as *mut c_void
}

/// A libcrypto function newer than 3.0, looked up at run time (None with
/// a libcrypto that lacks it).
pub fn symbol(name: &CStr) -> Option<*mut c_void> {
    lookup(libcrypto(), name)
}

