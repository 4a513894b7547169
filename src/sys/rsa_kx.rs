//! TLS 1.2 RSA key exchange through libcrypto (RFC 5246 7.4.7.1). The
//! server decrypts with `RSA_PKCS1_WITH_TLS_PADDING`: libcrypto checks the
//! padding, the length (48) and the client_version bytes in constant time
//! and, when any check fails, returns a random premaster secret instead of
//! an error, so nothing — no alert, no timing — tells a Bleichenbacher
//! oracle which ciphertexts were well formed. The client encrypts to the
//! certificate's key with PKCS#1 v1.5.

use std::ffi::{c_char, c_int, c_uint, c_void};

use zeroize::Zeroizing;

use super::params::{quietly, OsslParam, OSSL_PARAM_UNSIGNED_INTEGER};
use super::pkey::PKey;
use super::EVP_PKEY;

#[repr(C)]
struct EVP_PKEY_CTX {
    _p: [u8; 0],
}

extern "C" {
    fn EVP_PKEY_CTX_new_from_pkey(libctx: *mut c_void, pkey: *mut EVP_PKEY, propq: *const c_char) -> *mut EVP_PKEY_CTX;
    fn EVP_PKEY_CTX_free(ctx: *mut EVP_PKEY_CTX);
    fn EVP_PKEY_decrypt_init(ctx: *mut EVP_PKEY_CTX) -> c_int;
    fn EVP_PKEY_encrypt_init(ctx: *mut EVP_PKEY_CTX) -> c_int;
    fn EVP_PKEY_CTX_set_rsa_padding(ctx: *mut EVP_PKEY_CTX, pad: c_int) -> c_int;
    fn EVP_PKEY_CTX_set_params(ctx: *mut EVP_PKEY_CTX, params: *const OsslParam) -> c_int;
    fn EVP_PKEY_decrypt(ctx: *mut EVP_PKEY_CTX, out: *mut u8, outlen: *mut usize, input: *const u8, inlen: usize) -> c_int;
    fn EVP_PKEY_encrypt(ctx: *mut EVP_PKEY_CTX, out: *mut u8, outlen: *mut usize, input: *const u8, inlen: usize) -> c_int;
    fn d2i_PUBKEY(a: *mut *mut EVP_PKEY, pp: *mut *const u8, len: std::ffi::c_long) -> *mut EVP_PKEY;
    fn EVP_PKEY_get_base_id(k: *const EVP_PKEY) -> c_int;
}

const RSA_PKCS1_PADDING: c_int = 1;
const RSA_PKCS1_WITH_TLS_PADDING: c_int = 7;
const EVP_PKEY_RSA: c_int = 6;
/// The premaster secret's length: client_version and 46 random bytes.
pub const PREMASTER_LEN: usize = 48;

struct Ctx(*mut EVP_PKEY_CTX);

impl Drop for Ctx {
    fn drop(&mut self) {
        // SAFETY: we own the context (NULL is accepted).
        unsafe { EVP_PKEY_CTX_free(self.0) }
    }
}

/// An RSA private key the server decrypts premaster secrets with.
pub struct PremasterDecrypter(PKey);

impl PremasterDecrypter {
    /// From the PKCS#8 PrivateKeyInfo the key was loaded as; None unless RSA.
    pub fn from_pkcs8(der: &[u8]) -> Option<PremasterDecrypter> {
        let k = quietly(|| PKey::from_der(der))?;
        // SAFETY: a live key.
        (unsafe { EVP_PKEY_get_base_id(k.as_ptr()) } == EVP_PKEY_RSA).then_some(PremasterDecrypter(k))
    }

    /// The 48-byte premaster secret of an EncryptedPreMasterSecret, or
    /// libcrypto's random substitute when the padding, length or version
    /// is wrong (`client_version` is the ClientHello's). None only when
    /// the ciphertext is publicly invalid (longer than the modulus).
    pub fn decrypt(&self, ciphertext: &[u8], client_version: u16) -> Option<Zeroizing<[u8; PREMASTER_LEN]>> {
        let mut version = c_uint::from(client_version);
        let params = [
            OsslParam::new(c"tls-client-version", OSSL_PARAM_UNSIGNED_INTEGER, (&mut version as *mut c_uint).cast(), std::mem::size_of::<c_uint>()),
            OsslParam::end(),
        ];
        let mut out = Zeroizing::new([0u8; PREMASTER_LEN]);
        let mut outlen = PREMASTER_LEN;
        let ok = quietly(|| {
            // SAFETY: a fresh context over a live key; params outlive the
            // call; `out` has PREMASTER_LEN writable bytes, all libcrypto
            // writes with this padding mode.
            unsafe {
                let ctx = Ctx(EVP_PKEY_CTX_new_from_pkey(std::ptr::null_mut(), self.0.as_ptr(), std::ptr::null()));
                !ctx.0.is_null()
                    && EVP_PKEY_decrypt_init(ctx.0) == 1
                    && EVP_PKEY_CTX_set_rsa_padding(ctx.0, RSA_PKCS1_WITH_TLS_PADDING) == 1
                    && EVP_PKEY_CTX_set_params(ctx.0, params.as_ptr()) == 1
                    && EVP_PKEY_decrypt(ctx.0, out.as_mut_ptr(), &mut outlen, ciphertext.as_ptr(), ciphertext.len()) == 1
            }
        });
        (ok && outlen == PREMASTER_LEN).then_some(out)
    }
}

/// Encrypts a premaster secret to the RSA key of a SubjectPublicKeyInfo;
/// None when the key is not RSA.
pub fn encrypt_premaster(spki: &[u8], premaster: &[u8]) -> Option<Vec<u8>> {
    quietly(|| {
        let mut p = spki.as_ptr();
        // SAFETY: p points at spki.len() readable bytes; the key and the
        // context are freed on every path; the output buffer has the size
        // libcrypto asked for.
        unsafe {
            let key = PKey::from_owned(d2i_PUBKEY(std::ptr::null_mut(), &mut p, spki.len() as std::ffi::c_long))?;
            if EVP_PKEY_get_base_id(key.as_ptr()) != EVP_PKEY_RSA {
                return None;
            }
            let ctx = Ctx(EVP_PKEY_CTX_new_from_pkey(std::ptr::null_mut(), key.as_ptr(), std::ptr::null()));
            if ctx.0.is_null() || EVP_PKEY_encrypt_init(ctx.0) != 1 || EVP_PKEY_CTX_set_rsa_padding(ctx.0, RSA_PKCS1_PADDING) != 1 {
                return None;
            }
            let mut len = 0usize;
            if EVP_PKEY_encrypt(ctx.0, std::ptr::null_mut(), &mut len, premaster.as_ptr(), premaster.len()) != 1 {
                return None;
            }
            let mut out = vec![0u8; len];
            if EVP_PKEY_encrypt(ctx.0, out.as_mut_ptr(), &mut len, premaster.as_ptr(), premaster.len()) != 1 {
                return None;
            }
            out.truncate(len);
            Some(out)
        }
    })
}
