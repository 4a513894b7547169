//! The loaded libcrypto's SHA-256 and SHA-384 through its low-level
//! interface (`SHA256_Init`/`_Update`/`_Final`, `SHA384_...`): the same
//! block functions its EVP digests run, without a provider dispatch or an
//! allocation per context. A context is a plain struct that copies with
//! `memcpy`, which is what HMAC with precomputed pads and a transcript
//! snapshot need. On AMD CPUs aws-lc runs SHA-512's scalar code where
//! OpenSSL runs AVX2 (measured 19.1 us against 10.4-13.1 us for 8 KiB);
//! `crypto::calibrate` picks whichever is faster.
//!
//! The functions are deprecated in OpenSSL 3 but exported by 3.0 and 3.5;
//! they are looked up at run time so a libcrypto built without deprecated
//! interfaces only means aws-lc is used.

use std::ffi::{c_int, c_void, CStr};
use std::sync::OnceLock;

use zeroize::Zeroize;

/// Room for OpenSSL's `SHA512_CTX` (8 + 2 64-bit words, a 128-byte block,
/// two ints: 216 bytes), which is larger than `SHA256_CTX` (112 bytes),
/// 8-byte aligned as both need.
const STATE_WORDS: usize = 27;

type InitFn = unsafe extern "C" fn(*mut c_void) -> c_int;
type UpdateFn = unsafe extern "C" fn(*mut c_void, *const c_void, usize) -> c_int;
type FinalFn = unsafe extern "C" fn(*mut u8, *mut c_void) -> c_int;

/// One hash's three functions.
pub struct ShaFunctions {
    init: InitFn,
    update: UpdateFn,
    finalize: FinalFn,
    output_len: usize,
}

/// SHA-256's functions (None when libcrypto does not export them).
pub fn sha256() -> Option<&'static ShaFunctions> {
    static FNS: OnceLock<Option<ShaFunctions>> = OnceLock::new();
    FNS.get_or_init(|| find(c"SHA256_Init", c"SHA256_Update", c"SHA256_Final", 32)).as_ref()
}

/// SHA-384's functions (None when libcrypto does not export them).
pub fn sha384() -> Option<&'static ShaFunctions> {
    static FNS: OnceLock<Option<ShaFunctions>> = OnceLock::new();
    FNS.get_or_init(|| find(c"SHA384_Init", c"SHA384_Update", c"SHA384_Final", 48)).as_ref()
}

fn find(init: &CStr, update: &CStr, finalize: &CStr, output_len: usize) -> Option<ShaFunctions> {
    let (init, update, finalize) = (super::dynsym::symbol(init)?, super::dynsym::symbol(update)?, super::dynsym::symbol(finalize)?);
    // SAFETY: the three symbols are libcrypto's SHA{256,384}_{Init,Update,Final},
    // whose C prototypes (sha.h) are exactly InitFn, UpdateFn and FinalFn.
    unsafe {
        Some(ShaFunctions {
            init: std::mem::transmute::<*mut c_void, InitFn>(init),
            update: std::mem::transmute::<*mut c_void, UpdateFn>(update),
            finalize: std::mem::transmute::<*mut c_void, FinalFn>(finalize),
            output_len,
        })
    }
}

/// A running hash in libcrypto: cloned by copying its state, wiped on drop
/// (an HMAC's padded-key states are as secret as the key).
#[derive(Clone)]
pub struct Sha {
    fns: &'static ShaFunctions,
    state: [u64; STATE_WORDS],
}

impl Sha {
    pub fn new(fns: &'static ShaFunctions) -> Sha {
        let mut sha = Sha { fns, state: [0; STATE_WORDS] };
        // SAFETY: `state` is larger than and as aligned as the context
        // the function initialises; Init cannot fail for these hashes.
        unsafe { (fns.init)(sha.state.as_mut_ptr().cast()) };
        sha
    }

    pub fn update(&mut self, data: &[u8]) {
        // SAFETY: an initialised context, and `data` valid for its length.
        unsafe { (self.fns.update)(self.state.as_mut_ptr().cast(), data.as_ptr().cast(), data.len()) };
    }

    /// The digest; the context is consumed (Final leaves it unusable).
    pub fn finish(mut self) -> Vec<u8> {
        let mut out = vec![0u8; self.fns.output_len];
        // SAFETY: `out` holds the hash's output length, the context is
        // initialised.
        unsafe { (self.fns.finalize)(out.as_mut_ptr(), self.state.as_mut_ptr().cast()) };
        out
    }
}

impl Drop for Sha {
    fn drop(&mut self) {
        self.state.zeroize();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hex(b: &[u8]) -> String {
        b.iter().map(|x| format!("{x:02x}")).collect()
    }

    #[test]
    fn matches_the_fips_180_values() {
        let (Some(s256), Some(s384)) = (sha256(), sha384()) else {
            panic!("the system libcrypto exports SHA256_Init and SHA384_Init");
        };
        let mut h = Sha::new(s256);
        h.update(b"a");
        h.update(b"bc");
        let snapshot = h.clone();
        assert_eq!(hex(&h.finish()), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
        assert_eq!(hex(&snapshot.finish()), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
        let mut h = Sha::new(s384);
        h.update(b"abc");
        assert_eq!(
            hex(&h.finish()),
            "cb00753f45a35e8bb5a03d699ac65007272c32ab0eded1631a8b605a43ff5bed8086072ba1e7cc2358baeca134c825a7"
        );
    }
}
