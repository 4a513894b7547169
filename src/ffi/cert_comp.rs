//! OpenSSL 3.2's certificate compression API (RFC 8879). The algorithms are
//! those the loaded libcrypto has (`sys::comp`); with a 3.0 libcrypto there
//! are none, and every function answers as OpenSSL built without them
//! (`OPENSSL_NO_COMP_ALG`): 0, nothing done.

use std::ffi::c_int;

use super::boundary::{ctx_arg, guard, ssl_arg, Fail};
use super::types::{SSL, SSL_CTX};
use crate::api::context::Role;
use crate::sys::comp;

/// ERR_R_MALLOC_FAILURE.
const ERR_R_MALLOC_FAILURE: i32 = 256 | (0x3 << 18);

/// TLSEXT_comp_cert_limit: ids 1..=3.
const COMP_CERT_LIMIT: c_int = 4;

/// OpenSSL's ssl_set_cert_comp_pref: the algorithms libcrypto has, in the
/// order given, unknown ones skipped; a repeated one fails (0, nothing
/// changed); (NULL, 0) clears the list. 1 when at least one was kept.
///
/// # Safety
/// `algs` must be NULL or point to `len` ints.
unsafe fn parse_prefs(algs: *const c_int, len: usize) -> Result<Option<[u8; 3]>, Fail> {
    if algs.is_null() || len == 0 {
        return Ok(Some([0; 3]));
    }
    // SAFETY: per the contract.
    let given = unsafe { std::slice::from_raw_parts(algs, len) };
    let mut prefs = [0u8; 3];
    let mut n = 0;
    for &a in given {
        if a <= 0 || a >= COMP_CERT_LIMIT || !comp::has_alg(a as u16) {
            continue;
        }
        if prefs[..n].contains(&(a as u8)) {
            return Ok(None);
        }
        prefs[n] = a as u8;
        n += 1;
    }
    Ok((n > 0).then_some(prefs))
}

/// `SSL_CTX_set1_cert_comp_preference` (3.2): the algorithms, best first,
/// we accept compressed certificates in and compress ours with. 1 on
/// success; 0 (no error queued, as OpenSSL) when none is usable.
///
/// # Safety
/// `algs` must be NULL or point to `len` ints.
#[no_mangle]
pub unsafe extern "C" fn SSL_CTX_set1_cert_comp_preference(ctx: *mut SSL_CTX, algs: *mut c_int, len: usize) -> c_int {
    guard("SSL_CTX_set1_cert_comp_preference", 0, || {
        let c = ctx_arg(ctx)?;
        // SAFETY: per the contract.
        let Some(prefs) = (unsafe { parse_prefs(algs, len) })? else { return Err(Fail::quiet()) };
        c.settings.lock().cert_comp_prefs = prefs;
        Ok(1)
    })
}

/// `SSL_set1_cert_comp_preference` (3.2): as the context's, for one SSL.
///
/// # Safety
/// `algs` must be NULL or point to `len` ints.
#[no_mangle]
pub unsafe extern "C" fn SSL_set1_cert_comp_preference(s: *mut SSL, algs: *mut c_int, len: usize) -> c_int {
    guard("SSL_set1_cert_comp_preference", 0, || {
        let ssl = ssl_arg(s)?;
        // SAFETY: per the contract.
        let Some(prefs) = (unsafe { parse_prefs(algs, len) })? else { return Err(Fail::quiet()) };
        ssl.st.lock().settings.cert_comp_prefs = prefs;
        Ok(1)
    })
}

/// The algorithms `alg` names for compress_certs: 0 is every preferred one.
fn algs_for(prefs: &[u8; 3], alg: c_int) -> Option<Vec<u16>> {
    if alg == 0 {
        comp::has_alg_any().then(|| prefs.iter().take_while(|a| **a != 0).map(|a| u16::from(*a)).collect())
    } else {
        let a = u16::try_from(alg).ok()?;
        (comp::has_alg(a) && prefs.contains(&(a as u8))).then(|| vec![a])
    }
}

/// `SSL_CTX_compress_certs` (3.2): compresses the context's certificate
/// chains ahead of time with `alg` (0: every preferred algorithm), so a
/// TLS 1.3 server can send them as CompressedCertificate. 1 if at least one
/// compressed form was kept (a form no smaller than the original is not);
/// 0 otherwise, and for a context that makes clients only (OpenSSL's
/// ssl_get_cert_to_compress needs a server).
#[no_mangle]
pub extern "C" fn SSL_CTX_compress_certs(ctx: *mut SSL_CTX, alg: c_int) -> c_int {
    guard("SSL_CTX_compress_certs", 0, || {
        let c = ctx_arg(ctx)?;
        if c.role == Role::Client {
            return Err(Fail::quiet());
        }
        let extra = c.extra_chain.lock().clone();
        let mut s = c.settings.lock();
        let Some(algs) = algs_for(&s.cert_comp_prefs, alg) else { return Err(Fail::quiet()) };
        let kept = s.certs.compress(&extra, &algs, &comp::LibcryptoCodec)?;
        Ok(c_int::from(kept > 0))
    })
}

/// `SSL_compress_certs` (3.2): as the context's, for this SSL's
/// certificates, before its handshake and on the server side.
#[no_mangle]
pub extern "C" fn SSL_compress_certs(s: *mut SSL, alg: c_int) -> c_int {
    guard("SSL_compress_certs", 0, || {
        let ssl = ssl_arg(s)?;
        if !ssl.in_before() || !is_server(&ssl) {
            return Err(Fail::quiet());
        }
        let extra = ssl.ctx().extra_chain.lock().clone();
        let mut st = ssl.st.lock();
        let Some(algs) = algs_for(&st.settings.cert_comp_prefs, alg) else { return Err(Fail::quiet()) };
        let kept = st.settings.certs.compress(&extra, &algs, &comp::LibcryptoCodec)?;
        Ok(c_int::from(kept > 0))
    })
}

/// OpenSSL's sc->server: set by SSL_set_accept_state, cleared by
/// SSL_set_connect_state, else from the method (TLS_method: server).
fn is_server(ssl: &crate::api::connection::Ssl) -> bool {
    match ssl.st.lock().role {
        Some(Role::Client) => false,
        Some(_) => true,
        None => ssl.ctx().role != Role::Client,
    }
}

/// Copies `data` into an OPENSSL_malloc'd buffer the caller frees.
///
/// # Safety
/// `out` must be writable.
unsafe fn hand_over(data: &[u8], out: *mut *mut u8) -> Result<(), Fail> {
    // SAFETY: CRYPTO_malloc of a non-zero size; NULL checked.
    let p = unsafe { super::session::crypto_malloc(data.len().max(1)) } as *mut u8;
    if p.is_null() {
        return Err(Fail::new(ERR_R_MALLOC_FAILURE, "malloc failure"));
    }
    // SAFETY: `p` has room for `data`; `out` is writable per the contract.
    unsafe {
        std::ptr::copy_nonoverlapping(data.as_ptr(), p, data.len());
        *out = p;
    }
    Ok(())
}

/// Shared by the get1 functions: compress the current certificate chain.
///
/// # Safety
/// `data` and `orig_len` must be writable.
unsafe fn get1(certs: &crate::api::certs::CertConfig, extra: &[crate::sys::x509::X509Ref], alg: c_int, data: *mut *mut u8, orig_len: *mut usize) -> Result<usize, Fail> {
    if data.is_null() || orig_len.is_null() {
        return Err(Fail::null());
    }
    let a = u16::try_from(alg).ok().filter(|a| comp::has_alg(*a)).ok_or_else(Fail::quiet)?;
    let (compressed, len) = certs.compress_current(extra, a, &comp::LibcryptoCodec).ok_or_else(Fail::quiet)?;
    // SAFETY: per the contract.
    unsafe {
        hand_over(&compressed, data)?;
        *orig_len = len;
    }
    Ok(compressed.len())
}

/// `SSL_CTX_get1_compressed_cert` (3.2): the current certificate chain
/// compressed with `alg`, in a buffer the caller frees with OPENSSL_free
/// (get1), its uncompressed length in `*orig_len`; the compressed length,
/// or 0 (no certificate, no such algorithm, a client-only context).
///
/// # Safety
/// `data` and `orig_len` must be writable.
#[no_mangle]
pub unsafe extern "C" fn SSL_CTX_get1_compressed_cert(ctx: *mut SSL_CTX, alg: c_int, data: *mut *mut u8, orig_len: *mut usize) -> usize {
    guard("SSL_CTX_get1_compressed_cert", 0, || {
        let c = ctx_arg(ctx)?;
        if c.role == Role::Client {
            return Err(Fail::quiet());
        }
        let extra = c.extra_chain.lock().clone();
        let s = c.settings.lock();
        // SAFETY: per the contract.
        unsafe { get1(&s.certs, &extra, alg, data, orig_len) }
    })
}

/// `SSL_get1_compressed_cert` (3.2): as the context's, for this SSL (a
/// server before its handshake).
///
/// # Safety
/// `data` and `orig_len` must be writable.
#[no_mangle]
pub unsafe extern "C" fn SSL_get1_compressed_cert(s: *mut SSL, alg: c_int, data: *mut *mut u8, orig_len: *mut usize) -> usize {
    guard("SSL_get1_compressed_cert", 0, || {
        let ssl = ssl_arg(s)?;
        if !ssl.in_before() || !is_server(&ssl) {
            return Err(Fail::quiet());
        }
        let extra = ssl.ctx().extra_chain.lock().clone();
        let st = ssl.st.lock();
        // SAFETY: per the contract.
        unsafe { get1(&st.settings.certs, &extra, alg, data, orig_len) }
    })
}

/// Shared by the set1 functions: checks and copies the application's bytes.
///
/// # Safety
/// `data` must be NULL or point to `len` bytes.
unsafe fn compressed_arg(alg: c_int, data: *const u8, len: usize) -> Result<(u16, Vec<u8>), Fail> {
    // OpenSSL's OSSL_COMP_CERT_new reports an algorithm libcrypto lacks,
    // or no data, as ERR_R_MALLOC_FAILURE; so do we.
    let a = u16::try_from(alg).ok().filter(|a| comp::has_alg(*a));
    let (Some(a), false, false) = (a, data.is_null(), len == 0) else {
        return Err(Fail::new(ERR_R_MALLOC_FAILURE, "compressed certificate"));
    };
    // SAFETY: per the contract.
    Ok((a, unsafe { std::slice::from_raw_parts(data, len) }.to_vec()))
}

/// `SSL_CTX_set1_compressed_cert` (3.2): a compressed form of the current
/// certificate chain made elsewhere (set1: the bytes are copied), sent as
/// is to clients that accept `alg`. It is the application's promise that
/// it expands to `orig_length` bytes of this chain's Certificate message.
///
/// # Safety
/// `comp_data` must be NULL or point to `comp_length` bytes.
#[no_mangle]
pub unsafe extern "C" fn SSL_CTX_set1_compressed_cert(ctx: *mut SSL_CTX, alg: c_int, comp_data: *mut u8, comp_length: usize, orig_length: usize) -> c_int {
    guard("SSL_CTX_set1_compressed_cert", 0, || {
        let c = ctx_arg(ctx)?;
        // SAFETY: per the contract.
        let (a, bytes) = unsafe { compressed_arg(alg, comp_data, comp_length) }?;
        c.settings.lock().certs.set_compressed(a, bytes, orig_length);
        Ok(1)
    })
}

/// `SSL_set1_compressed_cert` (3.2): as the context's; a client's fails.
///
/// # Safety
/// `comp_data` must be NULL or point to `comp_length` bytes.
#[no_mangle]
pub unsafe extern "C" fn SSL_set1_compressed_cert(s: *mut SSL, alg: c_int, comp_data: *mut u8, comp_length: usize, orig_length: usize) -> c_int {
    guard("SSL_set1_compressed_cert", 0, || {
        let ssl = ssl_arg(s)?;
        if !is_server(&ssl) {
            return Err(Fail::quiet());
        }
        // SAFETY: per the contract.
        let (a, bytes) = unsafe { compressed_arg(alg, comp_data, comp_length) }?;
        ssl.st.lock().settings.certs.set_compressed(a, bytes, orig_length);
        Ok(1)
    })
}
