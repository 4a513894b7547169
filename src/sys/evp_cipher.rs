//! libcrypto's EVP_CIPHER interface as the record layer's libcrypto
//! ciphers use it (the CBC TLS mode, the AEADs aws-lc-rs lacks): fetching
//! a cipher by name and keying a context, one record's update and final.

use std::ffi::{c_char, c_int, c_void, CStr};

use super::params::OsslParam;
use super::EVP_CIPHER_CTX;

#[repr(C)]
pub struct EVP_CIPHER {
    _p: [u8; 0],
}

extern "C" {
    fn EVP_CIPHER_fetch(libctx: *mut c_void, algorithm: *const c_char, properties: *const c_char) -> *mut EVP_CIPHER;
    fn EVP_CIPHER_free(cipher: *mut EVP_CIPHER);
    fn EVP_CIPHER_CTX_new() -> *mut EVP_CIPHER_CTX;
    fn EVP_CIPHER_CTX_free(ctx: *mut EVP_CIPHER_CTX);
    pub fn EVP_CipherInit_ex2(
        ctx: *mut EVP_CIPHER_CTX,
        cipher: *const EVP_CIPHER,
        key: *const u8,
        iv: *const u8,
        enc: c_int,
        params: *const OsslParam,
    ) -> c_int;
    pub fn EVP_CipherUpdate(ctx: *mut EVP_CIPHER_CTX, out: *mut u8, outl: *mut c_int, input: *const u8, inl: c_int) -> c_int;
    pub fn EVP_CipherFinal_ex(ctx: *mut EVP_CIPHER_CTX, out: *mut u8, outl: *mut c_int) -> c_int;
    pub fn EVP_CIPHER_CTX_get_params(ctx: *mut EVP_CIPHER_CTX, params: *mut OsslParam) -> c_int;
    pub fn EVP_CIPHER_CTX_set_params(ctx: *mut EVP_CIPHER_CTX, params: *const OsslParam) -> c_int;
    pub fn EVP_CIPHER_CTX_ctrl(ctx: *mut EVP_CIPHER_CTX, ty: c_int, arg: c_int, ptr: *mut c_void) -> c_int;
    pub fn EVP_CIPHER_CTX_set_padding(ctx: *mut EVP_CIPHER_CTX, pad: c_int) -> c_int;
    fn EVP_CIPHER_CTX_get0_cipher(ctx: *const EVP_CIPHER_CTX) -> *const EVP_CIPHER;
    fn EVP_CIPHER_get0_provider(cipher: *const EVP_CIPHER) -> *const c_void;
}

/// An owned cipher context, freed (its key schedule cleared) when dropped.
pub struct CipherCtx(*mut EVP_CIPHER_CTX);

// SAFETY: a context is owned by one record layer and used through `&mut`
// only; libcrypto contexts may move between threads.
unsafe impl Send for CipherCtx {}

impl Drop for CipherCtx {
    fn drop(&mut self) {
        // SAFETY: we own the context.
        unsafe { EVP_CIPHER_CTX_free(self.0) }
    }
}

impl CipherCtx {
    pub fn as_ptr(&self) -> *mut EVP_CIPHER_CTX {
        self.0
    }

    /// Whether an ENGINE's cipher runs this context: libcrypto's init hands
    /// a fetched cipher to the ENGINE an application made the default for
    /// it (`sys::engine`), and such a cipher has no provider — nor the
    /// provider's TLS modes and parameters.
    pub fn is_engine(&self) -> bool {
        // SAFETY: an initialised context; both calls only read.
        unsafe {
            let cipher = EVP_CIPHER_CTX_get0_cipher(self.0);
            !cipher.is_null() && EVP_CIPHER_get0_provider(cipher).is_null()
        }
    }
}

/// A context of libcrypto's cipher `name` initialised for `encrypt` with
/// `key`, `iv` and `params` (each may be NULL: set later); None when
/// libcrypto has no such cipher or refuses them.
///
/// # Safety
/// `key` and `iv` must be NULL or hold the lengths the cipher takes;
/// `params` NULL or an OSSL_PARAM array that outlives the call.
pub unsafe fn new_context(name: &CStr, key: *const u8, iv: *const u8, encrypt: bool, params: *const OsslParam) -> Option<CipherCtx> {
    // SAFETY: a fetched cipher, freed after the init (the context keeps its
    // own reference); a fresh context, freed on failure; the rest per the contract.
    unsafe {
        let cipher = EVP_CIPHER_fetch(std::ptr::null_mut(), name.as_ptr(), std::ptr::null());
        if cipher.is_null() {
            return None;
        }
        let ctx = EVP_CIPHER_CTX_new();
        if ctx.is_null() {
            EVP_CIPHER_free(cipher);
            return None;
        }
        let ctx = CipherCtx(ctx);
        let ok = EVP_CipherInit_ex2(ctx.as_ptr(), cipher, key, iv, c_int::from(encrypt), params) == 1;
        EVP_CIPHER_free(cipher);
        ok.then_some(ctx)
    }
}
