//! TLS 1.2 RSA key exchange through libcrypto (RFC 5246 7.4.7.1). The
//! server decrypts with `RSA_PKCS1_WITH_TLS_PADDING`: libcrypto checks the
//! padding, the length (48) and the client_version bytes in constant time
//! and, when any check fails, returns a random premaster secret instead of
//! an error, so nothing — no alert, no timing — tells a Bleichenbacher
//! oracle which ciphertexts were well formed. The client encrypts to the
//! certificate's key with PKCS#1 v1.5.

use std::ffi::{c_int, c_uint};

use zeroize::Zeroizing;

use super::params::{quietly, OsslParam, OSSL_PARAM_UNSIGNED_INTEGER};
use super::pkey::{PKey, EVP_PKEY_RSA};
use super::pkey_ctx::{Ctx, EVP_PKEY_CTX};
use super::EVP_PKEY;


extern "C" {
    fn EVP_PKEY_decrypt_init(ctx: *mut EVP_PKEY_CTX) -> c_int;
    fn EVP_PKEY_encrypt_init(ctx: *mut EVP_PKEY_CTX) -> c_int;
    fn EVP_PKEY_CTX_set_rsa_padding(ctx: *mut EVP_PKEY_CTX, pad: c_int) -> c_int;
    fn EVP_PKEY_CTX_set_params(ctx: *mut EVP_PKEY_CTX, params: *const OsslParam) -> c_int;
    fn EVP_PKEY_decrypt(ctx: *mut EVP_PKEY_CTX, out: *mut u8, outlen: *mut usize, input: *const u8, inlen: usize) -> c_int;
    fn EVP_PKEY_encrypt(ctx: *mut EVP_PKEY_CTX, out: *mut u8, outlen: *mut usize, input: *const u8, inlen: usize) -> c_int;
    fn EVP_MD_CTX_new() -> *mut EVP_MD_CTX;
    fn EVP_MD_CTX_free(ctx: *mut EVP_MD_CTX);
    fn EVP_DigestSignInit_ex(
        ctx: *mut EVP_MD_CTX,
        pctx: *mut *mut EVP_PKEY_CTX,
        mdname: *const std::ffi::c_char,
        libctx: *mut std::ffi::c_void,
        props: *const std::ffi::c_char,
        pkey: *mut EVP_PKEY,
        params: *const OsslParam,
    ) -> c_int;
    fn EVP_DigestSign(ctx: *mut EVP_MD_CTX, sig: *mut u8, siglen: *mut usize, tbs: *const u8, tbslen: usize) -> c_int;
    fn EVP_PKEY_CTX_set_rsa_pss_saltlen(ctx: *mut EVP_PKEY_CTX, len: c_int) -> c_int;
}

const RSA_PKCS1_PSS_PADDING: c_int = 6;
/// RSA_PSS_SALTLEN_DIGEST: the salt as long as the digest (RFC 8446 4.2.3).
const RSA_PSS_SALTLEN_DIGEST: c_int = -1;

use super::EVP_MD_CTX;

const RSA_PKCS1_PADDING: c_int = 1;
const RSA_PKCS1_WITH_TLS_PADDING: c_int = 7;
/// The premaster secret's length: client_version and 46 random bytes.
pub const PREMASTER_LEN: usize = 48;

/// A private key in libcrypto as well: an RSA key decrypts premaster
/// secrets with it; RSA and EC keys make the signatures older protocol
/// versions need and aws-lc does not make (RSASSA-PKCS1-v1_5 with SHA-1,
/// SHA-224 or MD5-SHA1; ECDSA with SHA-1); DSA keys, which aws-lc does not
/// have, sign only here.
pub struct LibcryptoKey(PKey);

impl LibcryptoKey {
    /// From the PKCS#8 PrivateKeyInfo the key was loaded as.
    pub fn from_pkcs8(der: &[u8]) -> Option<LibcryptoKey> {
        quietly(|| PKey::from_der(der)).map(LibcryptoKey)
    }

    /// Whether the key is an RSA key (not RSA-PSS): it can decrypt.
    pub fn is_rsa(&self) -> bool {
        self.0.base_id() == EVP_PKEY_RSA
    }

    /// libcrypto's key type id (EVP_PKEY_get_base_id).
    pub fn base_id(&self) -> c_int {
        self.0.base_id()
    }

    /// Whether the key is a DSA key (which only libcrypto signs with).
    pub fn is_dsa(&self) -> bool {
        self.0.base_id() == super::pkey::EVP_PKEY_DSA
    }

    /// The key's size in bits (a DSA key's p).
    pub fn bits(&self) -> usize {
        self.0.bits()
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
            let Some(ctx) = Ctx::from_pkey(&self.0) else { return false };
            let c = ctx.as_ptr();
            // SAFETY: a live context over a live key; params outlive the
            // call; `out` has PREMASTER_LEN writable bytes, all libcrypto
            // writes with this padding mode.
            unsafe {
                EVP_PKEY_decrypt_init(c) == 1
                    && EVP_PKEY_CTX_set_rsa_padding(c, RSA_PKCS1_WITH_TLS_PADDING) == 1
                    && EVP_PKEY_CTX_set_params(c, params.as_ptr()) == 1
                    && EVP_PKEY_decrypt(c, out.as_mut_ptr(), &mut outlen, ciphertext.as_ptr(), ciphertext.len()) == 1
            }
        });
        (ok && outlen == PREMASTER_LEN).then_some(out)
    }
}

impl LibcryptoKey {
    /// A signature over `msg` with the digest `md` ("SHA1", "SHA224",
    /// "MD5-SHA1") and the key's default scheme: RSASSA-PKCS1-v1_5 (for
    /// MD5-SHA1 without DigestInfo, RFC 2246 7.4.3), or ECDSA.
    pub fn sign_digest(&self, md: &std::ffi::CStr, msg: &[u8]) -> Option<Vec<u8>> {
        self.sign(Some(md), false, msg)
    }

    /// A signature over `msg`: with the digest `md` (None for EdDSA, which
    /// hashes itself), RSASSA-PSS with a digest-long salt when `pss`.
    pub fn sign(&self, md: Option<&std::ffi::CStr>, pss: bool, msg: &[u8]) -> Option<Vec<u8>> {
        quietly(|| {
            // SAFETY: a fresh digest context freed below, over a live key;
            // the signature buffer has the size libcrypto asked for.
            unsafe {
                let ctx = EVP_MD_CTX_new();
                if ctx.is_null() {
                    return None;
                }
                let mut len = 0usize;
                let mut out = Vec::new();
                let mut pctx: *mut EVP_PKEY_CTX = std::ptr::null_mut();
                let md = md.map_or(std::ptr::null(), |m| m.as_ptr());
                let ok = EVP_DigestSignInit_ex(ctx, &mut pctx, md, std::ptr::null_mut(), std::ptr::null(), self.0.as_ptr(), std::ptr::null()) == 1
                    && (!pss
                        || (EVP_PKEY_CTX_set_rsa_padding(pctx, RSA_PKCS1_PSS_PADDING) == 1
                            && EVP_PKEY_CTX_set_rsa_pss_saltlen(pctx, RSA_PSS_SALTLEN_DIGEST) == 1))
                    && EVP_DigestSign(ctx, std::ptr::null_mut(), &mut len, msg.as_ptr(), msg.len()) == 1
                    && {
                        out.resize(len, 0);
                        EVP_DigestSign(ctx, out.as_mut_ptr(), &mut len, msg.as_ptr(), msg.len()) == 1
                    };
                EVP_MD_CTX_free(ctx);
                ok.then(|| {
                    out.truncate(len);
                    out
                })
            }
        })
    }
}

/// Encrypts a premaster secret to the RSA key of a SubjectPublicKeyInfo;
/// None when the key is not RSA.
pub fn encrypt_premaster(spki: &[u8], premaster: &[u8]) -> Option<Vec<u8>> {
    quietly(|| {
        let key = PKey::from_spki(spki).filter(|k| k.base_id() == EVP_PKEY_RSA)?;
        // SAFETY: the context is freed on every path; the output buffer has
        // the size libcrypto asked for.
        unsafe {
            let ctx = Ctx::from_pkey(&key)?;
            let c = ctx.as_ptr();
            if EVP_PKEY_encrypt_init(c) != 1 || EVP_PKEY_CTX_set_rsa_padding(c, RSA_PKCS1_PADDING) != 1 {
                return None;
            }
            let mut len = 0usize;
            if EVP_PKEY_encrypt(c, std::ptr::null_mut(), &mut len, premaster.as_ptr(), premaster.len()) != 1 {
                return None;
            }
            let mut out = vec![0u8; len];
            if EVP_PKEY_encrypt(c, out.as_mut_ptr(), &mut len, premaster.as_ptr(), premaster.len()) != 1 {
                return None;
            }
            out.truncate(len);
            Some(out)
        }
    })
}
