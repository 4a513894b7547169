//! `STACK_OF(X509_NAME)`: the client CA list a server sends in its
//! CertificateRequest (certificate_authorities), owned as OpenSSL owns it.

use super::x509::X509Ref;
use super::*;

#[repr(C)]
pub struct X509_NAME {
    _p: [u8; 0],
}

extern "C" {
    fn X509_get_subject_name(x: *const X509) -> *mut X509_NAME;
    fn X509_NAME_dup(n: *const X509_NAME) -> *mut X509_NAME;
    fn X509_NAME_free(n: *mut X509_NAME);
    fn X509_NAME_cmp(a: *const X509_NAME, b: *const X509_NAME) -> c_int;
    fn i2d_X509_NAME(n: *const X509_NAME, out: *mut *mut u8) -> c_int;
    fn d2i_X509_NAME(n: *mut *mut X509_NAME, inp: *mut *const u8, len: c_long) -> *mut X509_NAME;
}

unsafe extern "C" fn free_name(p: *mut c_void) {
    // SAFETY: elements of a name stack are X509_NAMEs we own.
    unsafe { X509_NAME_free(p.cast()) }
}

/// An owned `STACK_OF(X509_NAME)`.
pub struct NameStack(*mut OPENSSL_STACK);
// SAFETY: the stack is only changed through &mut and read under the owner's lock.
unsafe impl Send for NameStack {}
// SAFETY: as above.
unsafe impl Sync for NameStack {}

impl Drop for NameStack {
    fn drop(&mut self) {
        // SAFETY: we own the stack and its names.
        unsafe { OPENSSL_sk_pop_free(self.0, Some(free_name)) }
    }
}

impl NameStack {
    pub fn new() -> Option<NameStack> {
        // SAFETY: plain constructor.
        let sk = unsafe { OPENSSL_sk_new_null() };
        (!sk.is_null()).then_some(NameStack(sk))
    }

    /// Takes ownership of a stack the caller hands over (set0).
    pub fn from_owned(sk: *mut OPENSSL_STACK) -> Option<NameStack> {
        (!sk.is_null()).then_some(NameStack(sk))
    }

    pub fn as_ptr(&self) -> *mut OPENSSL_STACK {
        self.0
    }

    /// Gives the stack to the caller (the caller frees it).
    pub fn into_ptr(self) -> *mut OPENSSL_STACK {
        let p = self.0;
        std::mem::forget(self);
        p
    }

    fn contains(&self, name: *const X509_NAME) -> bool {
        // SAFETY: reading our own stack of names.
        unsafe { (0..OPENSSL_sk_num(self.0)).any(|i| X509_NAME_cmp(OPENSSL_sk_value(self.0, i).cast(), name) == 0) }
    }

    /// Adds a copy of the certificate's subject (duplicates skipped when `dedup`).
    pub fn push_subject(&mut self, x: &X509Ref, dedup: bool) -> bool {
        // SAFETY: get0 of a live certificate's subject; the copy is ours until pushed.
        unsafe {
            let subject = X509_get_subject_name(x.as_ptr());
            if subject.is_null() {
                return false;
            }
            if dedup && self.contains(subject) {
                return true;
            }
            let copy = X509_NAME_dup(subject);
            if copy.is_null() {
                return false;
            }
            OPENSSL_sk_push(self.0, copy as *const c_void) > 0
        }
    }

    /// The DER of every name, in order.
    pub fn to_der(&self) -> Vec<Vec<u8>> {
        let mut out = Vec::new();
        // SAFETY: i2d with NULL gives the length, then writes that many bytes.
        unsafe {
            for i in 0..OPENSSL_sk_num(self.0) {
                let n = OPENSSL_sk_value(self.0, i) as *const X509_NAME;
                let len = i2d_X509_NAME(n, std::ptr::null_mut());
                if len <= 0 {
                    continue;
                }
                let mut der = vec![0u8; len as usize];
                let mut p = der.as_mut_ptr();
                i2d_X509_NAME(n, &mut p);
                out.push(der);
            }
        }
        out
    }

    /// A stack of the names in `ders` (DER distinguished names as a peer
    /// sent them); names libcrypto cannot parse are skipped.
    pub fn from_der_list(ders: &[Vec<u8>]) -> Option<NameStack> {
        let out = NameStack::new()?;
        for d in ders {
            let mut p = d.as_ptr();
            // SAFETY: p points at d.len() readable bytes; the new name is ours until pushed.
            unsafe {
                let n = d2i_X509_NAME(std::ptr::null_mut(), &mut p, d.len() as c_long);
                if n.is_null() {
                    continue;
                }
                if OPENSSL_sk_push(out.0, n as *const c_void) <= 0 {
                    X509_NAME_free(n);
                }
            }
        }
        Some(out)
    }

    /// A deep copy of a caller's stack (NULL copies as empty).
    pub fn dup_of(sk: *mut OPENSSL_STACK) -> Option<NameStack> {
        let out = NameStack::new()?;
        if sk.is_null() {
            return Some(out);
        }
        // SAFETY: a live stack of X509_NAME from the caller; each copy is ours until pushed.
        unsafe {
            for i in 0..OPENSSL_sk_num(sk) {
                let n = X509_NAME_dup(OPENSSL_sk_value(sk, i) as *const X509_NAME);
                if n.is_null() || OPENSSL_sk_push(out.0, n as *const c_void) <= 0 {
                    X509_NAME_free(n);
                    return None;
                }
            }
        }
        Some(out)
    }
}
