//! libcrypto's OSSL_PARAM, built by hand for the few parameters the
//! bridge passes, and a guard that keeps libcrypto's errors off the
//! application's queue where a failure is ours to report.

use std::ffi::{c_char, c_int, c_uint, c_void, CStr};

/// libcrypto's OSSL_PARAM (core.h), built by hand for the few we pass.
#[repr(C)]
pub struct OsslParam {
    key: *const c_char,
    data_type: c_uint,
    data: *mut c_void,
    data_size: usize,
    return_size: usize,
}

pub const OSSL_PARAM_UNSIGNED_INTEGER: c_uint = 2;
pub const OSSL_PARAM_UTF8_STRING: c_uint = 4;
pub const OSSL_PARAM_OCTET_PTR: c_uint = 7;
pub const OSSL_PARAM_UNMODIFIED: usize = usize::MAX;

impl OsslParam {
    pub fn new(key: &'static CStr, data_type: c_uint, data: *mut c_void, data_size: usize) -> OsslParam {
        OsslParam { key: key.as_ptr(), data_type, data, data_size, return_size: OSSL_PARAM_UNMODIFIED }
    }

    pub fn end() -> OsslParam {
        OsslParam { key: std::ptr::null(), data_type: 0, data: std::ptr::null_mut(), data_size: 0, return_size: 0 }
    }
}

extern "C" {
    fn ERR_set_mark() -> c_int;
    fn ERR_pop_to_mark() -> c_int;
}

/// Runs `f` with libcrypto's errors set aside: a record that fails to
/// decrypt is our error (bad_record_mac), not a provider's line on the
/// application's queue.
pub fn quietly<T>(f: impl FnOnce() -> T) -> T {
    // SAFETY: a mark on the thread's error queue, always popped.
    unsafe { ERR_set_mark() };
    let r = f();
    // SAFETY: as above.
    unsafe { ERR_pop_to_mark() };
    r
}
