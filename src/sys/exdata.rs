//! `CRYPTO_EX_DATA` embedded in our objects, so applications' ex_data indexes
//! (from `CRYPTO_get_ex_new_index`) work on SSL, SSL_CTX and SSL_SESSION.

use super::*;

pub const CLASS_SSL: c_int = 0;
pub const CLASS_SSL_CTX: c_int = 1;
pub const CLASS_SSL_SESSION: c_int = 2;
pub const CLASS_X509_STORE_CTX: c_int = 5;

pub struct ExData {
    class: c_int,
    obj: usize,
    data: Box<CRYPTO_EX_DATA>,
}

// SAFETY: the ex_data stack is only touched through libcrypto's functions,
// which lock internally; our objects guard access with their own mutex.
unsafe impl Send for ExData {}
// SAFETY: as above.
unsafe impl Sync for ExData {}

impl ExData {
    /// Runs the class's registered new-callbacks for `obj` (the C handle).
    pub fn new(class: c_int, obj: usize) -> ExData {
        let mut data = Box::new(CRYPTO_EX_DATA { ctx: std::ptr::null_mut(), sk: std::ptr::null_mut() });
        // SAFETY: data is a valid, zeroed CRYPTO_EX_DATA that we keep boxed.
        unsafe { CRYPTO_new_ex_data(class, obj as *mut c_void, &mut *data) };
        ExData { class, obj, data }
    }

    pub fn set(&mut self, idx: i32, val: *mut c_void) -> bool {
        // SAFETY: the ex_data was initialised by CRYPTO_new_ex_data.
        unsafe { CRYPTO_set_ex_data(&mut *self.data, idx, val) == 1 }
    }

    /// `CRYPTO_dup_ex_data`: `from`'s values copied in (through each
    /// index's dup callback), as OpenSSL's ssl_session_dup does.
    pub fn dup_from(&mut self, from: &ExData) -> bool {
        // SAFETY: both were initialised by CRYPTO_new_ex_data for the same class.
        unsafe { CRYPTO_dup_ex_data(self.class, &mut *self.data, &*from.data) == 1 }
    }

    pub fn get(&self, idx: i32) -> *mut c_void {
        // SAFETY: as above; a missing index yields NULL.
        unsafe { CRYPTO_get_ex_data(&*self.data, idx) }
    }
}

impl Drop for ExData {
    fn drop(&mut self) {
        // SAFETY: frees what CRYPTO_new_ex_data set up, running free-callbacks.
        unsafe { CRYPTO_free_ex_data(self.class, self.obj as *mut c_void, &mut *self.data) }
    }
}

/// `CRYPTO_get_ex_new_index` for one of our classes.
pub fn new_index(class: c_int, argl: c_long, argp: *mut c_void, new: Option<ExNew>, dup: Option<ExDup>, free: Option<ExFree>) -> c_int {
    // SAFETY: libcrypto stores the pointers; the caller vouches for them.
    unsafe { CRYPTO_get_ex_new_index(class, argl, argp, new, dup, free) }
}
