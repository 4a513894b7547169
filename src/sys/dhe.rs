//! Finite-field Diffie-Hellman with explicit parameters, for TLS 1.2 DHE
//! (RFC 5246 7.4.3, 8.1.2), through libcrypto's EVP: the server's key from
//! the application's parameters (`SSL_CTX_set_tmp_dh`,
//! `SSL_CTX_set0_tmp_dh_pkey`) or a named group (OpenSSL's automatic
//! parameters), the client's from the p and g the server sent, checked as
//! OpenSSL's client checks them (tls_process_ske_dhe).

use std::ffi::{c_char, c_int, CStr};

use zeroize::Zeroizing;

use super::kx::{encoded_public_key, peer_key};
use super::pkey_ctx::{derive, Ctx, EVP_PKEY_CTX};
use super::params::quietly;
use super::pkey::PKey;
use super::bn::{Bn, BIGNUM};
use super::EVP_PKEY;

#[repr(C)]
struct OSSL_PARAM_BLD {
    _p: [u8; 0],
}
#[repr(C)]
struct OSSL_PARAM {
    _p: [u8; 0],
}

extern "C" {
    fn EVP_PKEY_fromdata_init(ctx: *mut EVP_PKEY_CTX) -> c_int;
    fn EVP_PKEY_fromdata(ctx: *mut EVP_PKEY_CTX, pkey: *mut *mut EVP_PKEY, selection: c_int, params: *mut OSSL_PARAM) -> c_int;
    fn EVP_PKEY_param_check_quick(ctx: *mut EVP_PKEY_CTX) -> c_int;
    fn EVP_PKEY_public_check(ctx: *mut EVP_PKEY_CTX) -> c_int;
    fn EVP_PKEY_get_bn_param(pkey: *const EVP_PKEY, name: *const c_char, bn: *mut *mut BIGNUM) -> c_int;
    fn EVP_PKEY_get_security_bits(pkey: *const EVP_PKEY) -> c_int;
    fn EVP_PKEY_get_base_id(pkey: *const EVP_PKEY) -> c_int;
    fn BN_get_rfc2409_prime_1024(bn: *mut BIGNUM) -> *mut BIGNUM;
    fn OSSL_PARAM_BLD_new() -> *mut OSSL_PARAM_BLD;
    fn OSSL_PARAM_BLD_free(bld: *mut OSSL_PARAM_BLD);
    fn OSSL_PARAM_BLD_push_BN(bld: *mut OSSL_PARAM_BLD, key: *const c_char, bn: *const BIGNUM) -> c_int;
    fn OSSL_PARAM_BLD_to_param(bld: *mut OSSL_PARAM_BLD) -> *mut OSSL_PARAM;
    fn OSSL_PARAM_free(p: *mut OSSL_PARAM);
}

/// EVP_PKEY_KEY_PARAMETERS, EVP_PKEY_PUBLIC_KEY (evp.h).
const SELECT_PARAMETERS: c_int = 0x04;
const SELECT_PUBLIC_KEY: c_int = 0x02 | SELECT_PARAMETERS;
const EVP_PKEY_DH: c_int = 28;
const EVP_PKEY_DHX: c_int = 920;

/// A big-endian parameter of a DH key ("p", "g", "pub").
fn bn_param(key: &PKey, name: &CStr) -> Option<Vec<u8>> {
    let mut bn: *mut BIGNUM = std::ptr::null_mut();
    // SAFETY: a live key; libcrypto allocates the number, freed by Bn.
    let ok = unsafe { EVP_PKEY_get_bn_param(key.as_ptr(), name.as_ptr(), &mut bn) } == 1;
    let bn = Bn(bn);
    (ok && !bn.0.is_null()).then(|| bn.to_bytes())
}

/// A key pair from domain parameters (a key holding at least p and g).
fn generate_from(domain: &PKey) -> Option<PKey> {
    Ctx::from_pkey(domain)?.generate(None)
}

/// Why the server's DH parameters were refused (OpenSSL's reasons).
#[derive(Debug, PartialEq, Eq)]
pub enum DhParamError {
    /// Zero public value, or parameters or public value that fail
    /// libcrypto's checks: illegal_parameter, SSL_R_BAD_DH_VALUE.
    BadValue,
    /// A prime weaker than the security level allows: handshake_failure,
    /// SSL_R_DH_KEY_TOO_SMALL.
    TooSmall,
}

/// An ephemeral DH key pair with its group's p and g.
pub struct DhKeyPair {
    key: PKey,
    p: Vec<u8>,
    g: Vec<u8>,
    public: Vec<u8>,
}

impl DhKeyPair {
    fn from_key(key: PKey) -> Option<DhKeyPair> {
        let p = bn_param(&key, c"p")?;
        let g = bn_param(&key, c"g")?;
        let public = encoded_public_key(&key)?;
        Some(DhKeyPair { key, p, g, public })
    }

    /// A key pair in a named group: "modp_2048" (RFC 3526) and the like,
    /// which OpenSSL's automatic parameters use.
    pub fn generate_named(group: &CStr) -> Option<DhKeyPair> {
        quietly(|| DhKeyPair::from_key(Ctx::from_name(c"DH")?.generate(Some(group))?))
    }

    /// A key pair in RFC 2409's 1024-bit MODP group with g = 2: what
    /// OpenSSL's automatic parameters use below 112 bits of security
    /// (ssl_get_auto_dh; libcrypto has no name for this group).
    pub fn generate_rfc2409_1024() -> Option<DhKeyPair> {
        // SAFETY: returns a fresh number, owned by Bn (NULL on failure).
        let p = Bn(unsafe { BN_get_rfc2409_prime_1024(std::ptr::null_mut()) });
        if p.0.is_null() {
            return None;
        }
        quietly(|| DhKeyPair::from_key(generate_from(&Self::key_from_params(&p.to_bytes(), &[2], None)?)?))
    }

    /// A key pair with the parameters of an application's DH key
    /// (`SSL_CTX_set0_tmp_dh_pkey`, `SSL_CTX_set_tmp_dh`).
    pub fn generate_like(params: &PKey) -> Option<DhKeyPair> {
        // SAFETY: reads the type of a live key.
        let id = unsafe { EVP_PKEY_get_base_id(params.as_ptr()) };
        if id != EVP_PKEY_DH && id != EVP_PKEY_DHX {
            return None;
        }
        quietly(|| DhKeyPair::from_key(generate_from(params)?))
    }

    /// The client's key pair for the server's p and g, after checking the
    /// server's parameters and public value as OpenSSL's client does: a
    /// non-zero public value, parameters that pass the quick check (a safe
    /// prime is not required of ephemeral DH), a valid public value, and
    /// at least `min_bits` of security.
    pub fn for_server_params(p: &[u8], g: &[u8], server_public: &[u8], min_bits: i32) -> Result<DhKeyPair, DhParamError> {
        if server_public.iter().all(|b| *b == 0) {
            return Err(DhParamError::BadValue);
        }
        quietly(|| {
            let peer = Self::key_from_params(p, g, Some(server_public)).ok_or(DhParamError::BadValue)?;
            let ctx = Ctx::from_pkey(&peer).ok_or(DhParamError::BadValue)?;
            // SAFETY: a live context over the live peer key.
            let (params_ok, public_ok, bits) = unsafe {
                (EVP_PKEY_param_check_quick(ctx.as_ptr()) == 1, EVP_PKEY_public_check(ctx.as_ptr()) == 1, EVP_PKEY_get_security_bits(peer.as_ptr()))
            };
            if !params_ok || !public_ok {
                return Err(DhParamError::BadValue);
            }
            if bits < min_bits {
                return Err(DhParamError::TooSmall);
            }
            DhKeyPair::from_key(generate_from(&peer).ok_or(DhParamError::BadValue)?).ok_or(DhParamError::BadValue)
        })
    }

    /// A DH key from p, g and a public value, or parameters alone.
    fn key_from_params(p: &[u8], g: &[u8], public: Option<&[u8]>) -> Option<PKey> {
        let (p, g) = (Bn::from_bytes(p)?, Bn::from_bytes(g)?);
        let y = public.map(Bn::from_bytes);
        if matches!(y, Some(None)) {
            return None;
        }
        let y = y.flatten();
        let selection = if y.is_some() { SELECT_PUBLIC_KEY } else { SELECT_PARAMETERS };
        // SAFETY: the builder and its parameters are freed on every path;
        // the numbers outlive the builder's use of them.
        unsafe {
            let bld = OSSL_PARAM_BLD_new();
            if bld.is_null() {
                return None;
            }
            let pushed = OSSL_PARAM_BLD_push_BN(bld, c"p".as_ptr(), p.0) == 1
                && OSSL_PARAM_BLD_push_BN(bld, c"g".as_ptr(), g.0) == 1
                && y.as_ref().is_none_or(|y| OSSL_PARAM_BLD_push_BN(bld, c"pub".as_ptr(), y.0) == 1);
            let params = if pushed { OSSL_PARAM_BLD_to_param(bld) } else { std::ptr::null_mut() };
            OSSL_PARAM_BLD_free(bld);
            if params.is_null() {
                return None;
            }
            let mut k: *mut EVP_PKEY = std::ptr::null_mut();
            let ok = Ctx::from_name(c"DH")
                .is_some_and(|ctx| EVP_PKEY_fromdata_init(ctx.as_ptr()) == 1 && EVP_PKEY_fromdata(ctx.as_ptr(), &mut k, selection, params) == 1);
            OSSL_PARAM_free(params);
            if ok { PKey::from_owned(k) } else { None }
        }
    }

    pub fn p(&self) -> &[u8] {
        &self.p
    }

    pub fn g(&self) -> &[u8] {
        &self.g
    }

    /// Our public value, left-padded to the length of p (as OpenSSL sends it).
    pub fn public(&self) -> &[u8] {
        &self.public
    }

    /// The security strength of the group in bits (the security level's measure).
    pub fn security_bits(&self) -> i32 {
        // SAFETY: a live key.
        unsafe { EVP_PKEY_get_security_bits(self.key.as_ptr()) }
    }

    /// The premaster secret with the peer's public value: Z with its
    /// leading zero bytes stripped (RFC 5246 8.1.2; libcrypto's DH derive
    /// without padding). None when the value is invalid for the group.
    pub fn agree(&self, peer_public: &[u8]) -> Option<Zeroizing<Vec<u8>>> {
        if peer_public.is_empty() || peer_public.len() > self.p.len() {
            return None;
        }
        quietly(|| derive(&self.key, &peer_key(&self.key, peer_public)?, false))
    }
}

/// A DH public key from p, g and a public value (`SSL_get_peer_tmp_key`).
pub fn public_key(p: &[u8], g: &[u8], public: &[u8]) -> Option<PKey> {
    quietly(|| DhKeyPair::key_from_params(p, g, Some(public)))
}
