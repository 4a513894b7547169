//! Certificate compression through the loaded libcrypto (RFC 8879), as
//! OpenSSL 3.5's libssl does it: `COMP_zlib_oneshot`, `COMP_brotli_oneshot`
//! and `COMP_zstd_oneshot` with `COMP_compress_block` / `COMP_expand_block`.
//! An algorithm is available when libcrypto has both its BIO filter and its
//! one-shot method and they are non-NULL (OpenSSL's `ossl_comp_has_alg`:
//! "BIO_f_zlib() != NULL"), so the set follows how the system's OpenSSL
//! was built (Debian 13: zlib and zstd, no brotli). The one-shot methods
//! appeared in OpenSSL 3.2; with a 3.0 libcrypto none is found and
//! certificate compression is off, as it is in OpenSSL 3.0's libssl.
//!
//! The symbols are looked up at run time: a libssl linked against 3.0's
//! libcrypto must still load where those functions do not exist.

use std::ffi::{c_int, c_void};
use std::sync::OnceLock;

use crate::tls::cert_compression::{CertCodec, BROTLI, ZLIB, ZSTD};

type MethodFn = unsafe extern "C" fn() -> *const c_void;
type CtxNew = unsafe extern "C" fn(*const c_void) -> *mut c_void;
type CtxFree = unsafe extern "C" fn(*mut c_void);
type Block = unsafe extern "C" fn(*mut c_void, *mut u8, c_int, *const u8, c_int) -> c_int;

struct Comp {
    /// (algorithm, its one-shot COMP_METHOD) for those libcrypto has.
    methods: Vec<(u16, usize)>,
    /// The same algorithms, in that order.
    algs: Vec<u16>,
    ctx_new: CtxNew,
    ctx_free: CtxFree,
    compress: Block,
    expand: Block,
}

fn load() -> Option<Comp> {
    let handle = super::dynsym::libcrypto();
    // SAFETY (all four transmutes): the symbols are libcrypto's, whose C
    // prototypes are exactly these (openssl/comp.h).
    let ctx_new: CtxNew = unsafe { std::mem::transmute::<*mut c_void, CtxNew>(super::dynsym::lookup(handle, c"COMP_CTX_new")?) };
    let ctx_free: CtxFree = unsafe { std::mem::transmute::<*mut c_void, CtxFree>(super::dynsym::lookup(handle, c"COMP_CTX_free")?) };
    let compress: Block = unsafe { std::mem::transmute::<*mut c_void, Block>(super::dynsym::lookup(handle, c"COMP_compress_block")?) };
    let expand: Block = unsafe { std::mem::transmute::<*mut c_void, Block>(super::dynsym::lookup(handle, c"COMP_expand_block")?) };
    let mut methods = Vec::new();
    for (alg, bio, oneshot) in [
        (BROTLI, c"BIO_f_brotli", c"COMP_brotli_oneshot"),
        (ZLIB, c"BIO_f_zlib", c"COMP_zlib_oneshot"),
        (ZSTD, c"BIO_f_zstd", c"COMP_zstd_oneshot"),
    ] {
        let (Some(bio), Some(oneshot)) = (super::dynsym::lookup(handle, bio), super::dynsym::lookup(handle, oneshot)) else { continue };
        // SAFETY: both are `const X *(void)` functions of libcrypto
        // (BIO_METHOD and COMP_METHOD); calling them has no precondition.
        let (has_bio, method) = unsafe {
            let bio: MethodFn = std::mem::transmute::<*mut c_void, MethodFn>(bio);
            let oneshot: MethodFn = std::mem::transmute::<*mut c_void, MethodFn>(oneshot);
            (!bio().is_null(), oneshot())
        };
        if has_bio && !method.is_null() {
            methods.push((alg, method as usize));
        }
    }
    let algs = methods.iter().map(|(a, _)| *a).collect();
    Some(Comp { methods, algs, ctx_new, ctx_free, compress, expand })
}

fn comp() -> Option<&'static Comp> {
    static COMP: OnceLock<Option<Comp>> = OnceLock::new();
    COMP.get_or_init(load).as_ref()
}

/// The algorithms libcrypto offers, in OpenSSL 3.5's default preference
/// order (brotli, zlib, zstd: `SSL_CTX_new_ex`'s cert_comp_prefs).
pub fn available() -> &'static [u16] {
    comp().map_or(&[], |c| &c.algs[..])
}

/// Whether libcrypto can compress and expand with `alg` (`ossl_comp_has_alg`).
pub fn has_alg(alg: u16) -> bool {
    comp().is_some_and(|c| c.methods.iter().any(|(a, _)| *a == alg))
}

/// Whether libcrypto has any algorithm (`ossl_comp_has_alg(0)`).
pub fn has_alg_any() -> bool {
    comp().is_some_and(|c| !c.methods.is_empty())
}

/// One COMP_CTX for one block operation; freed when dropped.
fn with_ctx<T>(alg: u16, f: impl FnOnce(&Comp, *mut c_void) -> Option<T>) -> Option<T> {
    let c = comp()?;
    let method = c.methods.iter().find(|(a, _)| *a == alg)?.1;
    // SAFETY: `method` is a COMP_METHOD libcrypto returned (static data).
    let ctx = unsafe { (c.ctx_new)(method as *const c_void) };
    if ctx.is_null() {
        return None;
    }
    let out = f(c, ctx);
    // SAFETY: `ctx` came from COMP_CTX_new and is freed once.
    unsafe { (c.ctx_free)(ctx) };
    out
}

/// OpenSSL's ossl_calculate_comp_expansion: the output bound a one-shot
/// compression of `len` bytes may need.
fn expansion_bound(alg: u16, len: usize) -> Option<usize> {
    let extra = match alg {
        ZLIB => 11 + 5 * (len >> 14),
        BROTLI => 5 + 3 * (len >> 16),
        ZSTD => 22 + 3 * (len >> 17),
        _ => return None,
    };
    len.checked_add(extra)
}

/// libcrypto's compressor, for the engine.
pub struct LibcryptoCodec;

impl CertCodec for LibcryptoCodec {
    fn compress(&self, alg: u16, input: &[u8]) -> Option<Vec<u8>> {
        let bound = expansion_bound(alg, input.len())?;
        let (bound_c, len_c) = (c_int::try_from(bound).ok()?, c_int::try_from(input.len()).ok()?);
        with_ctx(alg, |c, ctx| {
            let mut out = vec![0u8; bound];
            // SAFETY: `out` has `bound` writable bytes and `input` `len_c`
            // readable ones; libcrypto writes at most `bound_c` bytes.
            let n = unsafe { (c.compress)(ctx, out.as_mut_ptr(), bound_c, input.as_ptr(), len_c) };
            let n = usize::try_from(n).ok().filter(|n| *n > 0 && *n <= bound)?;
            out.truncate(n);
            Some(out)
        })
    }

    fn decompress(&self, alg: u16, input: &[u8], expected_len: usize) -> Option<Vec<u8>> {
        let (olen, ilen) = (c_int::try_from(expected_len).ok()?, c_int::try_from(input.len()).ok()?);
        with_ctx(alg, |c, ctx| {
            let mut out = vec![0u8; expected_len];
            // SAFETY: `out` has `expected_len` writable bytes, `input` `ilen`
            // readable ones; COMP_expand_block writes at most `olen`.
            let n = unsafe { (c.expand)(ctx, out.as_mut_ptr(), olen, input.as_ptr(), ilen) };
            // OpenSSL: "COMP_expand_block(...) != (int)expected_length" fails.
            (n == olen).then_some(out)
        })
    }
}
