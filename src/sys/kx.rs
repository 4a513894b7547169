//! Key shares for the groups aws-lc does not have — x448 and the RFC 7919
//! ffdhe groups — through libcrypto's EVP, behind the same small interface
//! `crypto::kx` offers: generate, public bytes, agree.

use std::ffi::{c_int, CStr};

use zeroize::Zeroizing;

use super::pkey::PKey;
use super::pkey_ctx::{derive, Ctx};
use super::EVP_PKEY;

extern "C" {
    fn EVP_PKEY_get1_encoded_public_key(pkey: *const EVP_PKEY, ppub: *mut *mut u8) -> usize;
    fn EVP_PKEY_set1_encoded_public_key(pkey: *mut EVP_PKEY, public: *const u8, len: usize) -> c_int;
    fn EVP_PKEY_new() -> *mut EVP_PKEY;
    fn EVP_PKEY_copy_parameters(to: *mut EVP_PKEY, from: *const EVP_PKEY) -> c_int;
}

/// Which libcrypto algorithm a group is: "X448", or "DH" with a named group.
#[derive(Clone, Copy)]
pub struct EvpGroup {
    pub algorithm: &'static CStr,
    pub group: Option<&'static CStr>,
}

/// An ephemeral key pair in libcrypto.
pub struct EvpKeyShare {
    key: PKey,
    public: Vec<u8>,
    group: EvpGroup,
}

impl EvpKeyShare {
    pub fn generate(group: EvpGroup) -> Option<EvpKeyShare> {
        let key = Ctx::from_name(group.algorithm)?.generate(group.group)?;
        let public = encoded_public_key(&key)?;
        Some(EvpKeyShare { key, public, group })
    }

    pub fn public(&self) -> &[u8] {
        &self.public
    }

    /// The shared secret with the peer's public value; None when it is not
    /// a valid element of the group (wrong length, out of range). For
    /// ffdhe the secret is left-padded to the size of p (RFC 8446 7.4.1).
    pub fn agree(&self, peer: &[u8]) -> Option<Zeroizing<Vec<u8>>> {
        if peer.len() != self.public.len() {
            return None;
        }
        // An EC point only in its uncompressed form (RFC 8422 5.4.1).
        if self.group.algorithm == c"EC" && peer.first() != Some(&4) {
            return None;
        }
        let peer_key = peer_key(&self.key, peer)?;
        derive(&self.key, &peer_key, self.group.algorithm == c"DH")
    }
}

/// The TLS encoding of a key's public value (x448: 56 raw bytes; DH: Y,
/// big-endian, padded to the size of p).
pub(super) fn encoded_public_key(key: &PKey) -> Option<Vec<u8>> {
    let mut p: *mut u8 = std::ptr::null_mut();
    // SAFETY: libcrypto allocates `len` bytes at p, which we copy and free.
    unsafe {
        let len = EVP_PKEY_get1_encoded_public_key(key.as_ptr(), &mut p);
        if len == 0 || p.is_null() {
            return None;
        }
        let v = std::slice::from_raw_parts(p, len).to_vec();
        super::CRYPTO_free(p.cast(), c"kx".as_ptr(), 0);
        Some(v)
    }
}

/// A public key of the same group as `template` with the peer's value.
pub(super) fn peer_key(template: &PKey, public: &[u8]) -> Option<PKey> {
    // SAFETY: a fresh key takes the template's parameters and the value.
    unsafe {
        let k = PKey::from_owned(EVP_PKEY_new())?;
        if EVP_PKEY_copy_parameters(k.as_ptr(), template.as_ptr()) != 1
            || EVP_PKEY_set1_encoded_public_key(k.as_ptr(), public.as_ptr(), public.len()) != 1
        {
            return None;
        }
        Some(k)
    }
}

/// libcrypto's NID for a curve name (`SSL_get_negotiated_group`).
pub fn curve_nid(name: &CStr) -> c_int {
    extern "C" {
        fn OBJ_sn2nid(s: *const std::ffi::c_char) -> c_int;
    }
    // SAFETY: a NUL-terminated name; a lookup in libcrypto's tables.
    unsafe { OBJ_sn2nid(name.as_ptr()) }
}

/// The peer's key share as an EVP_PKEY (`SSL_get_peer_tmp_key`).
pub fn public_key_of(group: EvpGroup, public: &[u8]) -> Option<PKey> {
    let template = EvpKeyShare::generate(group)?;
    peer_key(&template.key, public)
}
