//! libcrypto's EVP_PKEY_CTX as the key-exchange paths use it (x448 and
//! ffdhe key shares, TLS 1.2 DHE, RSA key exchange): an owning wrapper,
//! key generation and Diffie-Hellman derivation.

use std::ffi::{c_char, c_int, c_void, CStr};

use zeroize::Zeroizing;

use super::pkey::PKey;
use super::EVP_PKEY;

#[repr(C)]
pub struct EVP_PKEY_CTX {
    _p: [u8; 0],
}

extern "C" {
    fn EVP_PKEY_CTX_new_from_name(libctx: *mut c_void, name: *const c_char, propq: *const c_char) -> *mut EVP_PKEY_CTX;
    fn EVP_PKEY_CTX_new_from_pkey(libctx: *mut c_void, pkey: *mut EVP_PKEY, propq: *const c_char) -> *mut EVP_PKEY_CTX;
    fn EVP_PKEY_CTX_free(ctx: *mut EVP_PKEY_CTX);
    fn EVP_PKEY_keygen_init(ctx: *mut EVP_PKEY_CTX) -> c_int;
    fn EVP_PKEY_CTX_set_group_name(ctx: *mut EVP_PKEY_CTX, name: *const c_char) -> c_int;
    fn EVP_PKEY_keygen(ctx: *mut EVP_PKEY_CTX, pkey: *mut *mut EVP_PKEY) -> c_int;
    fn EVP_PKEY_derive_init(ctx: *mut EVP_PKEY_CTX) -> c_int;
    fn EVP_PKEY_CTX_set_dh_pad(ctx: *mut EVP_PKEY_CTX, pad: c_int) -> c_int;
    fn EVP_PKEY_derive_set_peer(ctx: *mut EVP_PKEY_CTX, peer: *mut EVP_PKEY) -> c_int;
    fn EVP_PKEY_derive(ctx: *mut EVP_PKEY_CTX, key: *mut u8, keylen: *mut usize) -> c_int;
}

/// A libcrypto EVP_PKEY_CTX we own, freed on drop; `None` when libcrypto
/// could not make one.
pub struct Ctx(*mut EVP_PKEY_CTX);

impl Drop for Ctx {
    fn drop(&mut self) {
        // SAFETY: we own the context (never NULL: see the constructors).
        unsafe { EVP_PKEY_CTX_free(self.0) }
    }
}

impl Ctx {
    /// A context for an algorithm by name ("X448", "DH").
    pub fn from_name(name: &CStr) -> Option<Ctx> {
        // SAFETY: a NUL-terminated name; the result is checked.
        let p = unsafe { EVP_PKEY_CTX_new_from_name(std::ptr::null_mut(), name.as_ptr(), std::ptr::null()) };
        (!p.is_null()).then_some(Ctx(p))
    }

    /// A context over a live key.
    pub fn from_pkey(key: &PKey) -> Option<Ctx> {
        // SAFETY: a live key; the context takes its own reference.
        let p = unsafe { EVP_PKEY_CTX_new_from_pkey(std::ptr::null_mut(), key.as_ptr(), std::ptr::null()) };
        (!p.is_null()).then_some(Ctx(p))
    }

    pub fn as_ptr(&self) -> *mut EVP_PKEY_CTX {
        self.0
    }

    /// A new key pair: in `group` when given (a named DH or EC group),
    /// else with the context key's parameters.
    pub fn generate(&self, group: Option<&CStr>) -> Option<PKey> {
        // SAFETY: a live context; the new key is owned by PKey.
        unsafe {
            if EVP_PKEY_keygen_init(self.0) != 1 {
                return None;
            }
            if let Some(g) = group {
                if EVP_PKEY_CTX_set_group_name(self.0, g.as_ptr()) != 1 {
                    return None;
                }
            }
            let mut k: *mut EVP_PKEY = std::ptr::null_mut();
            if EVP_PKEY_keygen(self.0, &mut k) != 1 {
                return None;
            }
            PKey::from_owned(k)
        }
    }
}

/// The shared secret of `key` and `peer`; `pad` left-pads a DH secret to
/// the size of p (TLS 1.3's ffdhe, RFC 8446 7.4.1), else a DH secret loses
/// its leading zero bytes (TLS 1.2, RFC 5246 8.1.2). None when libcrypto
/// refuses the peer's value.
pub fn derive(key: &PKey, peer: &PKey, pad: bool) -> Option<Zeroizing<Vec<u8>>> {
    let ctx = Ctx::from_pkey(key)?;
    // SAFETY: a live context and peer key; the output buffer has the
    // length libcrypto asked for.
    unsafe {
        if EVP_PKEY_derive_init(ctx.0) != 1 || (pad && EVP_PKEY_CTX_set_dh_pad(ctx.0, 1) != 1) {
            return None;
        }
        if EVP_PKEY_derive_set_peer(ctx.0, peer.as_ptr()) != 1 {
            return None;
        }
        let mut len = 0usize;
        if EVP_PKEY_derive(ctx.0, std::ptr::null_mut(), &mut len) != 1 {
            return None;
        }
        let mut out = Zeroizing::new(vec![0u8; len]);
        if EVP_PKEY_derive(ctx.0, out.as_mut_ptr(), &mut len) != 1 {
            return None;
        }
        out.truncate(len);
        Some(out)
    }
}
