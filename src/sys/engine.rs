//! ENGINEs as OpenSSL 3.0's libssl honours them. When an application makes
//! an ENGINE the default for a digest or cipher (`ENGINE_set_default`,
//! `openssl s_server -engine e`), OpenSSL's `ssl_evp_md_fetch` and
//! `ssl_evp_cipher_fetch` use that engine's implementation for the
//! handshake hash and the record cipher instead of a provider's. We do the
//! same for the algorithms we would otherwise take from aws-lc: the
//! handshake hash (SHA-256, SHA-384), the AES-GCM record ciphers, and the
//! random bytes (`ENGINE_get_default_RAND`). (The
//! CBC record ciphers already go through libcrypto's EVP, whose init
//! consults the engine table itself; `sys::cbc` handles a context that an
//! engine took over.)
//!
//! OpenSSL's test suite depends on it: its TLSProxy recipes run both peers
//! with the "ossltest" engine, whose AES-128-GCM and AES-128-CBC leave the
//! records in the clear and whose digests return a fixed value, so that a
//! proxy can read and rewrite handshake messages without breaking the
//! Finished check.

use std::ffi::{c_char, c_int, c_uint, c_void, CStr};

use super::params::quietly;
use super::EVP_MD;

pub const NID_SHA256: c_int = 672;
pub const NID_SHA384: c_int = 673;
pub const NID_AES_128_GCM: c_int = 895;
pub const NID_AES_256_GCM: c_int = 901;

extern "C" {
    fn ENGINE_get_digest_engine(nid: c_int) -> *mut c_void;
    fn ENGINE_get_cipher_engine(nid: c_int) -> *mut c_void;
    fn ENGINE_finish(e: *mut c_void) -> c_int;
    fn ENGINE_get_default_RAND() -> *mut c_void;
    fn RAND_bytes(buf: *mut u8, num: c_int) -> c_int;
    fn EVP_get_digestbyname(name: *const c_char) -> *const EVP_MD;
    fn EVP_Digest(data: *const c_void, count: usize, md: *mut u8, size: *mut c_uint, ty: *const EVP_MD, e: *mut c_void) -> c_int;
}

/// Whether a lookup found an ENGINE: the functional reference it returns is
/// released at once, as OpenSSL's ssl_evp_md_fetch / ssl_evp_cipher_fetch
/// do. The lookups queue nothing (libcrypto sets and pops its own error
/// mark) and are cheap when nothing is registered: libcrypto returns before
/// taking its lock.
fn found(e: *mut c_void) -> bool {
    if e.is_null() {
        return false;
    }
    // SAFETY: a functional reference the lookup gave us.
    unsafe { ENGINE_finish(e) };
    true
}

/// Whether an ENGINE is the default implementation of digest `nid`
/// (`ENGINE_get_digest_engine`).
pub fn digest_engine(nid: c_int) -> bool {
    // SAFETY: a lookup by NID.
    found(unsafe { ENGINE_get_digest_engine(nid) })
}

/// Whether an ENGINE is the default implementation of cipher `nid`
/// (`ENGINE_get_cipher_engine`).
pub fn cipher_engine(nid: c_int) -> bool {
    // SAFETY: a lookup by NID.
    found(unsafe { ENGINE_get_cipher_engine(nid) })
}

/// Whether an ENGINE is the default RAND method (OpenSSL's RAND_bytes then
/// draws from it, and so does its libssl).
pub fn rand_engine() -> bool {
    // SAFETY: a lookup.
    found(unsafe { ENGINE_get_default_RAND() })
}

/// libcrypto's RAND_bytes into `out`.
pub fn rand_bytes(out: &mut [u8]) -> bool {
    out.chunks_mut(1 << 20).all(|chunk| {
        // SAFETY: writes exactly chunk.len() bytes (at most 1 MiB, within c_int).
        quietly(|| unsafe { RAND_bytes(chunk.as_mut_ptr(), chunk.len() as c_int) == 1 })
    })
}

/// `name`(data) through libcrypto's legacy digest of that name, which
/// `EVP_Digest` hands to the ENGINE registered for it.
pub fn engine_digest(name: &CStr, data: &[u8]) -> Option<Vec<u8>> {
    let mut out = [0u8; 64];
    let mut len: c_uint = 0;
    let ok = quietly(|| {
        // SAFETY: a built-in method table (never freed); `out` holds the
        // largest digest (64 bytes); `data` is readable for its length.
        unsafe {
            let md = EVP_get_digestbyname(name.as_ptr());
            !md.is_null() && EVP_Digest(data.as_ptr().cast(), data.len(), out.as_mut_ptr(), &mut len, md, std::ptr::null_mut()) == 1
        }
    });
    let len = usize::try_from(len).ok().filter(|n| ok && *n <= out.len())?;
    Some(out[..len].to_vec())
}
