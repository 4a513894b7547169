//! SRP (RFC 5054, RFC 2945) arithmetic for the TLS 1.2 SRP suites, through
//! libcrypto's SRP functions — the ones OpenSSL's own libssl calls — over
//! big-endian byte strings. Secrets (a, b, x, the shared S) are BIGNUMs
//! cleared when freed, and zeroised byte copies.

use std::ffi::{c_char, c_int, CStr, CString};

use zeroize::Zeroizing;

use super::bn::{Bn, BIGNUM};
use super::params::quietly;

#[repr(C)]
struct SrpGn {
    id: *mut c_char,
    g: *const BIGNUM,
    n: *const BIGNUM,
}

extern "C" {
    fn SRP_Calc_B(b: *const BIGNUM, n: *const BIGNUM, g: *const BIGNUM, v: *const BIGNUM) -> *mut BIGNUM;
    fn SRP_Calc_u(a: *const BIGNUM, b: *const BIGNUM, n: *const BIGNUM) -> *mut BIGNUM;
    fn SRP_Calc_server_key(a: *const BIGNUM, v: *const BIGNUM, u: *const BIGNUM, b: *const BIGNUM, n: *const BIGNUM) -> *mut BIGNUM;
    fn SRP_Calc_x(s: *const BIGNUM, user: *const c_char, pass: *const c_char) -> *mut BIGNUM;
    fn SRP_Calc_A(a: *const BIGNUM, n: *const BIGNUM, g: *const BIGNUM) -> *mut BIGNUM;
    fn SRP_Calc_client_key(n: *const BIGNUM, b: *const BIGNUM, g: *const BIGNUM, x: *const BIGNUM, a: *const BIGNUM, u: *const BIGNUM) -> *mut BIGNUM;
    fn SRP_check_known_gN_param(g: *const BIGNUM, n: *const BIGNUM) -> *mut c_char;
    fn SRP_get_default_gN(id: *const c_char) -> *mut SrpGn;
    fn SRP_create_verifier_BN(user: *const c_char, pass: *const c_char, salt: *mut *mut BIGNUM, verifier: *mut *mut BIGNUM, n: *const BIGNUM, g: *const BIGNUM) -> c_int;
    fn BN_ucmp(a: *const BIGNUM, b: *const BIGNUM) -> c_int;
    fn BN_is_zero(a: *const BIGNUM) -> c_int;
}

/// SSL_MAX_MASTER_KEY_LENGTH: the bytes of randomness OpenSSL draws for a and b.
const SECRET_LEN: usize = 48;

fn random_secret() -> Option<Bn> {
    let mut r = Zeroizing::new([0u8; SECRET_LEN]);
    crate::crypto::rand::fill(&mut r[..]).ok()?;
    Bn::from_bytes(&r[..])
}

/// Whether `x` is in [1, N) (OpenSSL's check of g, B and A).
pub fn below_n_and_nonzero(x: &[u8], n: &[u8]) -> bool {
    let (Some(x), Some(n)) = (Bn::from_bytes(x), Bn::from_bytes(n)) else { return false };
    // SAFETY: live numbers.
    unsafe { BN_ucmp(x.as_ptr(), n.as_ptr()) < 0 && BN_is_zero(x.as_ptr()) == 0 }
}

/// Whether (g, N) is one of RFC 5054's groups (SRP_check_known_gN_param).
pub fn is_known_group(g: &[u8], n: &[u8]) -> bool {
    let (Some(g), Some(n)) = (Bn::from_bytes(g), Bn::from_bytes(n)) else { return false };
    // SAFETY: live numbers; the result is a static string or NULL.
    !unsafe { SRP_check_known_gN_param(g.as_ptr(), n.as_ptr()) }.is_null()
}

/// RFC 5054's group named `id` ("1024" ... "8192"): (N, g).
pub fn default_group(id: &CStr) -> Option<(Vec<u8>, Vec<u8>)> {
    // SAFETY: a static table entry or NULL; its numbers are libcrypto's.
    unsafe {
        let gn = SRP_get_default_gN(id.as_ptr());
        if gn.is_null() || (*gn).n.is_null() || (*gn).g.is_null() {
            return None;
        }
        Some((Bn::copy_of((*gn).n)?.to_bytes(), Bn::copy_of((*gn).g)?.to_bytes()))
    }
}

/// A new salt and verifier for user and password in group (N, g)
/// (`SSL_set_srp_server_param_pw`).
pub fn create_verifier(user: &CStr, pass: &CStr, n: &[u8], g: &[u8]) -> Option<(Vec<u8>, Vec<u8>)> {
    let (n, g) = (Bn::from_bytes(n)?, Bn::from_bytes(g)?);
    let (mut s, mut v): (*mut BIGNUM, *mut BIGNUM) = (std::ptr::null_mut(), std::ptr::null_mut());
    quietly(|| {
        // SAFETY: C strings and live numbers; salt and verifier receive fresh numbers we own.
        let ok = unsafe { SRP_create_verifier_BN(user.as_ptr(), pass.as_ptr(), &mut s, &mut v, n.as_ptr(), g.as_ptr()) } == 1;
        let (s, v) = (Bn::from_owned(s), Bn::from_owned(v));
        if !ok {
            return None;
        }
        Some((s?.to_bytes(), v?.to_bytes()))
    })
}

/// The server's side of one handshake: b and B = kv + g^b mod N.
pub struct ServerKey {
    b: Bn,
    pub public: Vec<u8>,
}

impl ServerKey {
    pub fn new(n: &[u8], g: &[u8], v: &[u8]) -> Option<ServerKey> {
        let (n, g, v, b) = (Bn::from_bytes(n)?, Bn::from_bytes(g)?, Bn::from_bytes(v)?, random_secret()?);
        // SAFETY: live numbers; a fresh number is returned.
        let big_b = quietly(|| Bn::from_owned(unsafe { SRP_Calc_B(b.as_ptr(), n.as_ptr(), g.as_ptr(), v.as_ptr()) }))?;
        Some(ServerKey { b, public: big_b.to_bytes() })
    }

    /// The premaster secret S = (A v^u)^b mod N, u = H(A | B), for the
    /// client's A (already checked to be in [1, N)).
    pub fn premaster(&self, client_a: &[u8], n: &[u8], v: &[u8]) -> Option<Zeroizing<Vec<u8>>> {
        let (a, n, v, big_b) = (Bn::from_bytes(client_a)?, Bn::from_bytes(n)?, Bn::from_bytes(v)?, Bn::from_bytes(&self.public)?);
        quietly(|| {
            // SAFETY: live numbers; fresh numbers are returned.
            let u = Bn::from_owned(unsafe { SRP_Calc_u(a.as_ptr(), big_b.as_ptr(), n.as_ptr()) })?;
            let s = Bn::from_owned(unsafe { SRP_Calc_server_key(a.as_ptr(), v.as_ptr(), u.as_ptr(), self.b.as_ptr(), n.as_ptr()) })?;
            Some(Zeroizing::new(s.to_bytes()))
        })
    }
}

/// The client's side: A = g^a mod N and the premaster secret
/// S = (B - k g^x)^(a + u x) mod N, x = H(s | H(user ":" password)).
pub fn client_exchange(n: &[u8], g: &[u8], salt: &[u8], server_b: &[u8], user: &[u8], pass: &[u8]) -> Option<(Vec<u8>, Zeroizing<Vec<u8>>)> {
    let (n, g, s, big_b, a) = (Bn::from_bytes(n)?, Bn::from_bytes(g)?, Bn::from_bytes(salt)?, Bn::from_bytes(server_b)?, random_secret()?);
    let user = CString::new(user).ok()?;
    let pass = Zeroizing::new(CString::new(pass).ok()?.into_bytes_with_nul());
    quietly(|| {
        // SAFETY: live numbers and NUL-terminated strings; fresh numbers are returned.
        unsafe {
            let big_a = Bn::from_owned(SRP_Calc_A(a.as_ptr(), n.as_ptr(), g.as_ptr()))?;
            let u = Bn::from_owned(SRP_Calc_u(big_a.as_ptr(), big_b.as_ptr(), n.as_ptr()))?;
            let x = Bn::from_owned(SRP_Calc_x(s.as_ptr(), user.as_ptr(), pass.as_ptr().cast()))?;
            let key = Bn::from_owned(SRP_Calc_client_key(n.as_ptr(), big_b.as_ptr(), g.as_ptr(), x.as_ptr(), a.as_ptr(), u.as_ptr()))?;
            Some((big_a.to_bytes(), Zeroizing::new(key.to_bytes())))
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn client_and_server_agree_and_a_wrong_password_does_not() {
        let (n, g) = default_group(c"2048").unwrap();
        assert!(is_known_group(&g, &n));
        let (salt, v) = create_verifier(c"user", c"password", &n, &g).unwrap();
        let server = ServerKey::new(&n, &g, &v).unwrap();
        assert!(below_n_and_nonzero(&server.public, &n));
        let (a, client_s) = client_exchange(&n, &g, &salt, &server.public, b"user", b"password").unwrap();
        assert!(below_n_and_nonzero(&a, &n));
        assert_eq!(server.premaster(&a, &n, &v).unwrap(), client_s);
        let (a2, wrong) = client_exchange(&n, &g, &salt, &server.public, b"user", b"passw0rd").unwrap();
        assert_ne!(server.premaster(&a2, &n, &v).unwrap(), wrong);
        assert!(!below_n_and_nonzero(&n, &n) && !below_n_and_nonzero(&[0], &n));
        assert!(!is_known_group(&[5], &n));
    }
}
