//! libcrypto's BIGNUM, owned: made from big-endian bytes, read back as
//! bytes, cleared when freed (the numbers hold DH and SRP secrets too).

use std::ffi::c_int;

#[repr(C)]
pub struct BIGNUM {
    _p: [u8; 0],
}

extern "C" {
    fn BN_bin2bn(s: *const u8, len: c_int, ret: *mut BIGNUM) -> *mut BIGNUM;
    fn BN_bn2bin(a: *const BIGNUM, to: *mut u8) -> c_int;
    fn BN_num_bits(a: *const BIGNUM) -> c_int;
    fn BN_clear_free(a: *mut BIGNUM);
    fn BN_dup(a: *const BIGNUM) -> *mut BIGNUM;
}

/// An owned number (never NULL once made).
pub struct Bn(pub *mut BIGNUM);

// SAFETY: a number owned by one holder; libcrypto numbers may move between threads.
unsafe impl Send for Bn {}
// SAFETY: read only through &self (BN_bn2bin, BN_num_bits, BN_dup do not mutate).
unsafe impl Sync for Bn {}

impl Drop for Bn {
    fn drop(&mut self) {
        // SAFETY: we own the number (NULL is accepted).
        unsafe { BN_clear_free(self.0) }
    }
}

impl Bn {
    /// Takes ownership of a number libcrypto returned; None for NULL.
    pub fn from_owned(p: *mut BIGNUM) -> Option<Bn> {
        (!p.is_null()).then_some(Bn(p))
    }

    pub fn from_bytes(b: &[u8]) -> Option<Bn> {
        let len = c_int::try_from(b.len()).ok()?;
        // SAFETY: b is readable for len bytes; a fresh number is returned.
        Bn::from_owned(unsafe { BN_bin2bn(b.as_ptr(), len, std::ptr::null_mut()) })
    }

    /// A copy of a number the caller lends (`SSL_set_srp_server_param`).
    ///
    /// # Safety
    /// `p` must be NULL or a live BIGNUM.
    pub unsafe fn copy_of(p: *const BIGNUM) -> Option<Bn> {
        if p.is_null() {
            return None;
        }
        // SAFETY: per the contract.
        Bn::from_owned(unsafe { BN_dup(p) })
    }

    /// Big-endian, without leading zeros.
    pub fn to_bytes(&self) -> Vec<u8> {
        // SAFETY: a live number; the buffer holds its (BN_num_bits + 7) / 8 bytes.
        unsafe {
            let n = ((BN_num_bits(self.0).max(0) + 7) / 8) as usize;
            let mut out = vec![0u8; n];
            BN_bn2bin(self.0, out.as_mut_ptr());
            out
        }
    }

    pub fn bits(&self) -> usize {
        // SAFETY: a live number.
        unsafe { BN_num_bits(self.0) }.max(0) as usize
    }

    pub fn as_ptr(&self) -> *const BIGNUM {
        self.0
    }
}
