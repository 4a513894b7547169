//! Private keys and certificate files through libcrypto: loading PEM/DER,
//! password callbacks, and exporting a key as PKCS#8 for aws-lc-rs to sign.

use super::x509::X509Ref;
use super::*;

#[repr(C)]
pub struct PKCS8_PRIV_KEY_INFO {
    _p: [u8; 0],
}

pub use super::callbacks::PasswordCb;

extern "C" {
    fn BIO_new_file(path: *const c_char, mode: *const c_char) -> *mut BIO;
    fn BIO_new_mem_buf(buf: *const c_void, len: c_int) -> *mut BIO;
    fn PEM_read_bio_PrivateKey(bp: *mut BIO, x: *mut *mut EVP_PKEY, cb: PasswordCb, u: *mut c_void) -> *mut EVP_PKEY;
    fn PEM_read_bio_X509_AUX(bp: *mut BIO, x: *mut *mut X509, cb: PasswordCb, u: *mut c_void) -> *mut X509;
    fn d2i_PrivateKey_bio(bp: *mut BIO, a: *mut *mut EVP_PKEY) -> *mut EVP_PKEY;
    fn d2i_X509_bio(bp: *mut BIO, x: *mut *mut X509) -> *mut X509;
    fn d2i_AutoPrivateKey(a: *mut *mut EVP_PKEY, pp: *mut *const u8, len: c_long) -> *mut EVP_PKEY;
    fn EVP_PKEY_free(k: *mut EVP_PKEY);
    fn EVP_PKEY_new_raw_public_key(ty: c_int, e: *mut c_void, key: *const u8, len: usize) -> *mut EVP_PKEY;
    fn d2i_PUBKEY(a: *mut *mut EVP_PKEY, pp: *mut *const u8, len: c_long) -> *mut EVP_PKEY;
    fn EVP_PKEY_up_ref(k: *mut EVP_PKEY) -> c_int;
    fn EVP_PKEY2PKCS8(k: *const EVP_PKEY) -> *mut PKCS8_PRIV_KEY_INFO;
    fn i2d_PKCS8_PRIV_KEY_INFO(p: *const PKCS8_PRIV_KEY_INFO, out: *mut *mut u8) -> c_int;
    fn PKCS8_PRIV_KEY_INFO_free(p: *mut PKCS8_PRIV_KEY_INFO);
    fn X509_check_private_key(x: *const X509, k: *const EVP_PKEY) -> c_int;
    fn X509_get0_pubkey(x: *const X509) -> *mut EVP_PKEY;
    fn EVP_PKEY_get_base_id(k: *const EVP_PKEY) -> c_int;
    fn EVP_PKEY_get_bits(pkey: *const EVP_PKEY) -> c_int;
    fn ERR_clear_last_mark() -> c_int;
    fn ERR_set_mark() -> c_int;
    fn ERR_pop_to_mark() -> c_int;
}

/// One reference to an EVP_PKEY.
pub struct PKey(*mut EVP_PKEY);
// SAFETY: EVP_PKEY reference counting is atomic; we only read keys.
unsafe impl Send for PKey {}
// SAFETY: as above.
unsafe impl Sync for PKey {}

impl Drop for PKey {
    fn drop(&mut self) {
        // SAFETY: we own one reference.
        unsafe { EVP_PKEY_free(self.0) }
    }
}

impl Clone for PKey {
    fn clone(&self) -> PKey {
        // SAFETY: live key; up_ref is atomic.
        unsafe { EVP_PKEY_up_ref(self.0) };
        PKey(self.0)
    }
}

/// The kind of key a certificate or private key holds, as OpenSSL's
/// certificate slots distinguish them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum KeyKind {
    Rsa,
    /// RSASSA-PSS-only keys (OpenSSL's SSL_PKEY_RSA_PSS_SIGN slot).
    RsaPss,
    Ec,
    Ed25519,
    Ed448,
    /// DSA, for the TLS 1.2 DHE-DSS suites.
    Dsa,
    Other,
}

/// libcrypto's key type ids (EVP_PKEY_get_base_id).
pub const EVP_PKEY_RSA: c_int = 6;
pub const EVP_PKEY_EC: c_int = 408;
pub const EVP_PKEY_DSA: c_int = 116;
pub const EVP_PKEY_RSA_PSS: c_int = 912;
pub const EVP_PKEY_ED448: c_int = 1088;

fn kind_of(id: c_int) -> KeyKind {
    match id {
        EVP_PKEY_RSA => KeyKind::Rsa,
        EVP_PKEY_RSA_PSS => KeyKind::RsaPss,
        EVP_PKEY_EC => KeyKind::Ec,
        1087 => KeyKind::Ed25519,
        EVP_PKEY_ED448 => KeyKind::Ed448,
        EVP_PKEY_DSA => KeyKind::Dsa,
        _ => KeyKind::Other,
    }
}

impl PKey {
    pub fn from_borrowed(p: *mut EVP_PKEY) -> Option<PKey> {
        if p.is_null() {
            return None;
        }
        // SAFETY: live key from the caller.
        unsafe { EVP_PKEY_up_ref(p) };
        Some(PKey(p))
    }

    pub fn as_ptr(&self) -> *mut EVP_PKEY {
        self.0
    }

    /// Takes ownership of one reference the caller hands over.
    pub fn from_owned(p: *mut EVP_PKEY) -> Option<PKey> {
        (!p.is_null()).then_some(PKey(p))
    }

    pub fn kind(&self) -> KeyKind {
        kind_of(self.base_id())
    }

    /// The key's size in bits (EVP_PKEY_get_bits: an RSA modulus, a DSA p).
    pub fn bits(&self) -> usize {
        // SAFETY: live key.
        usize::try_from(unsafe { EVP_PKEY_get_bits(self.0) }).unwrap_or(0)
    }

    /// libcrypto's key type (EVP_PKEY_RSA, EVP_PKEY_EC, ...).
    pub fn base_id(&self) -> c_int {
        // SAFETY: live key.
        unsafe { EVP_PKEY_get_base_id(self.0) }
    }

    /// A public key from a DER SubjectPublicKeyInfo.
    pub fn from_spki(spki: &[u8]) -> Option<PKey> {
        let mut p = spki.as_ptr();
        // SAFETY: p points at spki.len() readable bytes.
        PKey::from_owned(unsafe { d2i_PUBKEY(std::ptr::null_mut(), &mut p, spki.len() as c_long) })
    }

    /// Whether `sig` is this key's signature over `message` with the digest
    /// `md` (None: the key's own scheme, as EdDSA's), libcrypto's default
    /// padding for RSA.
    pub fn verify(&self, md: Option<&std::ffi::CStr>, message: &[u8], sig: &[u8]) -> bool {
        let md = md.map_or(std::ptr::null(), |m| m.as_ptr());
        // SAFETY: a fresh digest context freed below, over a live key.
        unsafe {
            let ctx = EVP_MD_CTX_new();
            if ctx.is_null() {
                return false;
            }
            let ok = EVP_DigestVerifyInit_ex(ctx, std::ptr::null_mut(), md, std::ptr::null_mut(), std::ptr::null(), self.0, std::ptr::null()) == 1
                && EVP_DigestVerify(ctx, sig.as_ptr(), sig.len(), message.as_ptr(), message.len()) == 1;
            EVP_MD_CTX_free(ctx);
            ok
        }
    }

    /// PKCS#8 PrivateKeyInfo DER (secret: the caller zeroises it).
    pub fn to_pkcs8(&self) -> Option<zeroize::Zeroizing<Vec<u8>>> {
        // SAFETY: conversion of a live key; the info object is freed below.
        unsafe {
            let p8 = EVP_PKEY2PKCS8(self.0);
            if p8.is_null() {
                return None;
            }
            let len = i2d_PKCS8_PRIV_KEY_INFO(p8, std::ptr::null_mut());
            let mut out = zeroize::Zeroizing::new(vec![0u8; len.max(0) as usize]);
            let mut p = out.as_mut_ptr();
            let ok = len > 0 && i2d_PKCS8_PRIV_KEY_INFO(p8, &mut p) == len;
            PKCS8_PRIV_KEY_INFO_free(p8);
            ok.then_some(out)
        }
    }

    pub fn from_der(der: &[u8]) -> Option<PKey> {
        let mut p = der.as_ptr();
        // SAFETY: p points at der.len() readable bytes.
        let k = unsafe { d2i_AutoPrivateKey(std::ptr::null_mut(), &mut p, der.len() as c_long) };
        (!k.is_null()).then_some(PKey(k))
    }
}

/// The key kind of a certificate's public key.
pub fn cert_key_kind(x: &X509Ref) -> KeyKind {
    // SAFETY: get0 of a live certificate's key.
    unsafe {
        let k = X509_get0_pubkey(x.as_ptr());
        if k.is_null() {
            KeyKind::Other
        } else {
            kind_of(EVP_PKEY_get_base_id(k))
        }
    }
}

/// As `key_matches`, leaving no error on the queue.
pub fn key_matches_quiet(x: &X509Ref, k: &PKey) -> bool {
    // SAFETY: mark/pop only touch this thread's error queue.
    unsafe { ERR_set_mark() };
    let ok = key_matches(x, k);
    // SAFETY: as above.
    unsafe { ERR_pop_to_mark() };
    ok
}

/// `X509_check_private_key` (libcrypto pushes its own error on mismatch).
pub fn key_matches(x: &X509Ref, k: &PKey) -> bool {
    // SAFETY: both live.
    unsafe { X509_check_private_key(x.as_ptr(), k.0) == 1 }
}

struct FileBio(*mut BIO);
impl Drop for FileBio {
    fn drop(&mut self) {
        // SAFETY: we own the BIO.
        unsafe { BIO_free_all(self.0) }
    }
}

fn open(path: &std::ffi::CStr) -> Option<FileBio> {
    // SAFETY: NUL-terminated path and mode.
    let b = unsafe { BIO_new_file(path.as_ptr(), c"rb".as_ptr()) };
    (!b.is_null()).then_some(FileBio(b))
}

/// DH parameters from a PEM file, as an owned EVP_PKEY pointer for a set0
/// call (SSL_CONF's DHParameters); None when the file has none, or holds
/// parameters of another type.
pub fn read_dh_parameters(path: &std::ffi::CStr) -> Option<*mut EVP_PKEY> {
    extern "C" {
        fn PEM_read_bio_Parameters(bp: *mut BIO, x: *mut *mut EVP_PKEY) -> *mut EVP_PKEY;
        fn EVP_PKEY_is_a(k: *const EVP_PKEY, name: *const c_char) -> c_int;
    }
    let bio = open(path)?;
    // SAFETY: bio is live; the key returned is ours to free or hand over.
    unsafe {
        let k = PEM_read_bio_Parameters(bio.0, std::ptr::null_mut());
        if k.is_null() {
            return None;
        }
        if EVP_PKEY_is_a(k, c"DH".as_ptr()) != 1 {
            EVP_PKEY_free(k);
            return None;
        }
        Some(k)
    }
}

/// Frees an EVP_PKEY a set0 call did not take.
pub fn free_raw(k: *mut EVP_PKEY) {
    // SAFETY: the caller owns `k` (or passes NULL, which libcrypto ignores).
    unsafe { EVP_PKEY_free(k) }
}

/// A file's private key (PEM, possibly encrypted, or DER).
pub fn read_private_key(path: &std::ffi::CStr, pem: bool, cb: PasswordCb, u: *mut c_void) -> Option<PKey> {
    let bio = open(path)?;
    // SAFETY: bio is live; cb/u are the application's password callback.
    let k = unsafe {
        if pem {
            PEM_read_bio_PrivateKey(bio.0, std::ptr::null_mut(), cb, u)
        } else {
            d2i_PrivateKey_bio(bio.0, std::ptr::null_mut())
        }
    };
    (!k.is_null()).then_some(PKey(k))
}

extern "C" {
    fn EVP_PKEY_set1_RSA(k: *mut EVP_PKEY, rsa: *mut RSA) -> c_int;
    fn RSA_free(rsa: *mut RSA);
    fn d2i_RSAPrivateKey(a: *mut *mut RSA, pp: *mut *const u8, len: c_long) -> *mut RSA;
    fn d2i_RSAPrivateKey_bio(bp: *mut BIO, a: *mut *mut RSA) -> *mut RSA;
    fn PEM_read_bio_RSAPrivateKey(bp: *mut BIO, a: *mut *mut RSA, cb: PasswordCb, u: *mut c_void) -> *mut RSA;
}

impl PKey {
    /// An EVP_PKEY holding a reference to `rsa` (EVP_PKEY_set1_RSA; the
    /// caller keeps its own).
    pub fn from_rsa(rsa: *mut RSA) -> Option<PKey> {
        if rsa.is_null() {
            return None;
        }
        // SAFETY: a new key we own; set1 takes its own reference to the live RSA.
        unsafe {
            let k = EVP_PKEY_new();
            if k.is_null() {
                return None;
            }
            if EVP_PKEY_set1_RSA(k, rsa) != 1 {
                EVP_PKEY_free(k);
                return None;
            }
            Some(PKey(k))
        }
    }

    /// An RSAPrivateKey (PKCS #1) in DER (d2i_RSAPrivateKey).
    pub fn from_rsa_der(der: &[u8]) -> Option<PKey> {
        let mut p = der.as_ptr();
        // SAFETY: p walks over der, readable for its length; the RSA is ours.
        let rsa = unsafe { d2i_RSAPrivateKey(std::ptr::null_mut(), &mut p, der.len() as c_long) };
        take_rsa(rsa)
    }
}

/// Wraps an RSA we own into a key, dropping our reference to it.
fn take_rsa(rsa: *mut RSA) -> Option<PKey> {
    let key = PKey::from_rsa(rsa);
    if !rsa.is_null() {
        // SAFETY: ours; the key holds its own reference.
        unsafe { RSA_free(rsa) };
    }
    key
}

/// An RSA private key from a file, PEM ("RSA PRIVATE KEY" or PKCS #8,
/// through the password callback) or DER, as PEM_read_bio_RSAPrivateKey /
/// d2i_RSAPrivateKey_bio read it.
pub fn read_rsa_private_key(path: &std::ffi::CStr, pem: bool, cb: PasswordCb, u: *mut c_void) -> Option<PKey> {
    let bio = open(path)?;
    // SAFETY: bio is live; cb/u are the application's password callback.
    let rsa = unsafe {
        if pem {
            PEM_read_bio_RSAPrivateKey(bio.0, std::ptr::null_mut(), cb, u)
        } else {
            d2i_RSAPrivateKey_bio(bio.0, std::ptr::null_mut())
        }
    };
    take_rsa(rsa)
}

/// A file's certificates: the first (PEM or DER) and, for PEM chains, the rest.
pub fn read_certificates(path: &std::ffi::CStr, pem: bool, cb: PasswordCb, u: *mut c_void) -> Vec<X509Ref> {
    let Some(bio) = open(path) else { return Vec::new() };
    let mut out = Vec::new();
    // SAFETY: bio is live; each returned X509 is a new reference we own.
    unsafe {
        if !pem {
            if let Some(x) = X509Ref::from_owned(d2i_X509_bio(bio.0, std::ptr::null_mut())) {
                out.push(x);
            }
            return out;
        }
        ERR_set_mark();
        loop {
            let x = PEM_read_bio_X509_AUX(bio.0, std::ptr::null_mut(), cb, u);
            match X509Ref::from_owned(x) {
                Some(x) => out.push(x),
                None => break,
            }
        }
        // Reaching the end of the file leaves a "no start line" error: not ours to report.
        if out.is_empty() {
            ERR_clear_last_mark();
        } else {
            ERR_pop_to_mark();
        }
    }
    out
}

/// Reads a certificate from DER bytes in memory.
pub fn certificate_from_der(der: &[u8]) -> Option<X509Ref> {
    X509Ref::from_der(der)
}

#[allow(dead_code)]
fn mem_bio(data: &[u8]) -> *mut BIO {
    // SAFETY: read-only memory BIO over data.
    unsafe { BIO_new_mem_buf(data.as_ptr().cast(), data.len() as c_int) }
}

/// A libcrypto EVP_PKEY for a key-exchange public key (as OpenSSL's
/// `SSL_get_peer_tmp_key` returns): X25519 raw, or an EC point wrapped in
/// its SubjectPublicKeyInfo.
pub fn from_key_share(group: crate::crypto::kx::Group, key: &[u8]) -> Option<PKey> {
    use crate::crypto::kx::Group;
    if let Some(g) = group.evp() {
        return super::kx::public_key_of(g, key);
    }
    let spki_prefix: &[u8] = match group {
        Group::X25519 => {
            // SAFETY: raw 32-byte X25519 public key; EVP_PKEY_X25519 = 1034.
            let k = unsafe { EVP_PKEY_new_raw_public_key(1034, std::ptr::null_mut(), key.as_ptr(), key.len()) };
            return (!k.is_null()).then_some(PKey(k));
        }
        // SEQUENCE { SEQUENCE { id-ecPublicKey, namedCurve }, BIT STRING (0 unused bits) ... }
        Group::Secp256r1 => &[
            0x30, 0x59, 0x30, 0x13, 0x06, 0x07, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02, 0x01, 0x06, 0x08, 0x2a, 0x86, 0x48,
            0xce, 0x3d, 0x03, 0x01, 0x07, 0x03, 0x42, 0x00,
        ],
        Group::Secp384r1 => &[
            0x30, 0x76, 0x30, 0x10, 0x06, 0x07, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02, 0x01, 0x06, 0x05, 0x2b, 0x81, 0x04,
            0x00, 0x22, 0x03, 0x62, 0x00,
        ],
        Group::Secp521r1 => &[
            0x30, 0x81, 0x9b, 0x30, 0x10, 0x06, 0x07, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02, 0x01, 0x06, 0x05, 0x2b, 0x81,
            0x04, 0x00, 0x23, 0x03, 0x81, 0x86, 0x00,
        ],
        _ => return None,
    };
    let mut der = spki_prefix.to_vec();
    der.extend_from_slice(key);
    let mut p = der.as_ptr();
    // SAFETY: p points at der.len() readable bytes.
    let k = unsafe { d2i_PUBKEY(std::ptr::null_mut(), &mut p, der.len() as c_long) };
    (!k.is_null()).then_some(PKey(k))
}

impl PKey {
    /// Gives our reference to the caller.
    pub fn into_ptr(self) -> *mut EVP_PKEY {
        let p = self.0;
        std::mem::forget(self);
        p
    }
}

extern "C" {
    fn EVP_PKEY_new() -> *mut EVP_PKEY;
    fn EVP_PKEY_set1_DH(k: *mut EVP_PKEY, dh: *mut super::DH) -> c_int;
    fn EVP_PKEY_set1_EC_KEY(k: *mut EVP_PKEY, ec: *mut super::EC_KEY) -> c_int;
    fn EVP_PKEY_get_group_name(k: *const EVP_PKEY, name: *mut std::ffi::c_char, len: usize, out: *mut usize) -> c_int;
    fn EVP_PKEY_is_a(k: *const EVP_PKEY, name: *const std::ffi::c_char) -> c_int;
}

/// An EVP_PKEY holding a copy of the caller's reference to DH parameters
/// (`SSL_CTX_set_tmp_dh` keeps its own reference, as OpenSSL's does).
pub fn from_dh(dh: *mut super::DH) -> Option<PKey> {
    if dh.is_null() {
        return None;
    }
    // SAFETY: a fresh key; set1 takes its own reference to the live DH.
    unsafe {
        let k = PKey(EVP_PKEY_new());
        if k.0.is_null() || EVP_PKEY_set1_DH(k.0, dh) != 1 {
            return None;
        }
        Some(k)
    }
}

/// The curve name of an EC key (`SSL_CTX_set_tmp_ecdh`), e.g. "prime256v1".
pub fn ec_key_group_name(ec: *mut super::EC_KEY) -> Option<String> {
    if ec.is_null() {
        return None;
    }
    // SAFETY: a fresh key wrapping a new reference to the live EC_KEY; the
    // name is written into our buffer with its length.
    unsafe {
        let k = PKey(EVP_PKEY_new());
        if k.0.is_null() || EVP_PKEY_set1_EC_KEY(k.0, ec) != 1 {
            return None;
        }
        let mut buf = [0 as std::ffi::c_char; 64];
        let mut len = 0usize;
        if EVP_PKEY_get_group_name(k.0, buf.as_mut_ptr(), buf.len(), &mut len) != 1 {
            return None;
        }
        Some(std::ffi::CStr::from_ptr(buf.as_ptr()).to_string_lossy().into_owned())
    }
}

use super::EVP_MD_CTX;

extern "C" {
    fn EVP_MD_CTX_new() -> *mut EVP_MD_CTX;
    fn EVP_MD_CTX_free(ctx: *mut EVP_MD_CTX);
    fn EVP_DigestVerifyInit_ex(
        ctx: *mut EVP_MD_CTX,
        pctx: *mut *mut c_void,
        mdname: *const std::ffi::c_char,
        libctx: *mut c_void,
        props: *const std::ffi::c_char,
        pkey: *mut EVP_PKEY,
        params: *const c_void,
    ) -> c_int;
    fn EVP_DigestVerify(ctx: *mut EVP_MD_CTX, sig: *const u8, siglen: usize, tbs: *const u8, tbslen: usize) -> c_int;
}

/// Ed448 signature verification (RFC 8032) through libcrypto, which aws-lc
/// lacks: `sig` over `message` by the SubjectPublicKeyInfo `spki`, which
/// must hold an Ed448 key.
pub fn verify_ed448(spki: &[u8], message: &[u8], sig: &[u8]) -> bool {
    PKey::from_spki(spki).filter(|k| k.base_id() == EVP_PKEY_ED448).is_some_and(|k| k.verify(None, message, sig))
}

/// A signature by a key libcrypto decodes from `spki` and that is `alg`
/// ("ML-DSA-65", ...), checked by libcrypto with `md` (None: the key's own
/// scheme, as ML-DSA's pure signing): for the OpenSSL 3.5 schemes aws-lc
/// lacks. With `group`, an EC key must be on that curve (brainpool).
pub fn verify_by_libcrypto(spki: &[u8], alg: &std::ffi::CStr, group: Option<&str>, md: Option<&std::ffi::CStr>, message: &[u8], sig: &[u8]) -> bool {
    let Some(k) = PKey::from_spki(spki) else { return false };
    // SAFETY: a live key and a NUL-terminated name.
    if unsafe { EVP_PKEY_is_a(k.0, alg.as_ptr()) } != 1 {
        return false;
    }
    if let Some(want) = group {
        let mut buf = [0 as std::ffi::c_char; 64];
        let mut n = 0usize;
        // SAFETY: the buffer's size is given; libcrypto NUL-terminates.
        let ok = unsafe { EVP_PKEY_get_group_name(k.0, buf.as_mut_ptr(), buf.len(), &mut n) } == 1;
        // SAFETY: NUL-terminated by libcrypto on success.
        if !ok || unsafe { std::ffi::CStr::from_ptr(buf.as_ptr()) }.to_bytes() != want.as_bytes() {
            return false;
        }
    }
    k.verify(md, message, sig)
}

/// An rsa_pss_pss_* signature by an RSASSA-PSS key (id-RSASSA-PSS
/// SubjectPublicKeyInfo, which aws-lc does not parse): libcrypto checks it
/// (PSS is such a key's only padding). None when `spki` is not such a key.
pub fn verify_rsa_pss_key(spki: &[u8], md: &std::ffi::CStr, message: &[u8], sig: &[u8]) -> Option<bool> {
    let k = PKey::from_spki(spki).filter(|k| k.base_id() == EVP_PKEY_RSA_PSS)?;
    Some(k.verify(Some(md), message, sig))
}

/// A DSA signature (DER, as TLS carries it) over `message` with the digest
/// `md` by the DSA key in `spki`: aws-lc does not have DSA.
pub fn verify_dsa(spki: &[u8], md: &std::ffi::CStr, message: &[u8], sig: &[u8]) -> bool {
    PKey::from_spki(spki).filter(|k| k.base_id() == EVP_PKEY_DSA).is_some_and(|k| k.verify(Some(md), message, sig))
}

/// One PEM block: its type name (after "BEGIN ") and decoded bytes.
pub struct PemBlock {
    pub name: Vec<u8>,
    pub data: Vec<u8>,
}

/// The PEM blocks of a file, in order, read with `PEM_read_bio` until it
/// finds no more (libcrypto leaves its "no start line" error on the queue
/// then, as it does for OpenSSL's own readers); None when the file does not
/// open.
pub fn read_pem_blocks(path: &std::ffi::CStr) -> Option<Vec<PemBlock>> {
    extern "C" {
        fn PEM_read_bio(bp: *mut BIO, name: *mut *mut c_char, header: *mut *mut c_char, data: *mut *mut u8, len: *mut c_long) -> c_int;
    }
    let bio = open(path)?;
    let mut blocks = Vec::new();
    loop {
        let (mut name, mut header, mut data, mut len): (*mut c_char, *mut c_char, *mut u8, c_long) =
            (std::ptr::null_mut(), std::ptr::null_mut(), std::ptr::null_mut(), 0);
        // SAFETY: bio is live; the out-pointers are ours and receive
        // allocations we free below.
        if unsafe { PEM_read_bio(bio.0, &mut name, &mut header, &mut data, &mut len) } == 0 {
            break;
        }
        // SAFETY: on success name is a NUL-terminated string and data holds
        // len bytes; all three are ours to free with OPENSSL_free.
        unsafe {
            let block = PemBlock {
                name: std::ffi::CStr::from_ptr(name).to_bytes().to_vec(),
                data: if data.is_null() || len <= 0 { Vec::new() } else { std::slice::from_raw_parts(data, len as usize).to_vec() },
            };
            for p in [name as *mut c_void, header as *mut c_void, data as *mut c_void] {
                CRYPTO_free(p, c"pkey.rs".as_ptr(), 0);
            }
            blocks.push(block);
        }
    }
    Some(blocks)
}
