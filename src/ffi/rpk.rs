//! OpenSSL 3.2's raw public key API (RFC 7250) for TLS 1.3: the
//! certificate-type lists each side offers, what was negotiated, and the
//! peer's key. Answers measured against Debian 13's libssl
//! (capi-tests/ossl35_api.c, capi-tests/rpk.c).

use std::ffi::{c_int, c_void};

use super::boundary::{ctx_arg, guard, session_arg, ssl_arg, Fail};
use super::types::{SSL, SSL_CTX, SSL_SESSION};
use crate::tls::cert_types::{CertTypes, RPK, X509};

/// OpenSSL's validate_cert_type: (NULL, 0) clears the list; otherwise a
/// non-empty list of X.509 (0) and raw public key (2), each at most once.
/// PGP and 1609.2 are "recognized, but not supported". False (0 returned,
/// nothing queued, as OpenSSL) for anything else.
///
/// # Safety
/// `val` must be NULL or point to `len` bytes.
unsafe fn valid_list(val: *const u8, len: usize) -> Option<Vec<u8>> {
    if val.is_null() && len == 0 {
        return Some(Vec::new());
    }
    if val.is_null() || len == 0 {
        return None;
    }
    // SAFETY: per the contract.
    let v = unsafe { std::slice::from_raw_parts(val, len) };
    for (i, t) in v.iter().enumerate() {
        if (*t != X509 && *t != RPK) || v[..i].contains(t) {
            return None;
        }
    }
    Some(v.to_vec())
}

/// The four setters share this: which list, on which settings.
///
/// # Safety
/// `val` must be NULL or point to `len` bytes.
unsafe fn set_types(types: &mut CertTypes, server: bool, val: *const u8, len: usize) -> Result<c_int, Fail> {
    // SAFETY: per the contract.
    let list = unsafe { valid_list(val, len) }.ok_or_else(Fail::quiet)?;
    if server {
        types.server = list;
    } else {
        types.client = list;
    }
    Ok(1)
}

/// `SSL_CTX_set1_client_cert_type` (3.2): set1 (copied) — on a client the
/// types it can authenticate with, on a server those it accepts, best
/// first; (NULL, 0) for X.509 only.
///
/// # Safety
/// `val` must be NULL or point to `len` bytes.
#[no_mangle]
pub unsafe extern "C" fn SSL_CTX_set1_client_cert_type(ctx: *mut SSL_CTX, val: *const u8, len: usize) -> c_int {
    guard("SSL_CTX_set1_client_cert_type", 0, || {
        let c = ctx_arg(ctx)?;
        let mut settings = c.settings.lock();
        // SAFETY: per the contract.
        unsafe { set_types(&mut settings.cert_types, false, val, len) }
    })
}

/// `SSL_CTX_set1_server_cert_type` (3.2): set1 — on a client the types it
/// accepts from servers, on a server those it can authenticate with.
///
/// # Safety
/// `val` must be NULL or point to `len` bytes.
#[no_mangle]
pub unsafe extern "C" fn SSL_CTX_set1_server_cert_type(ctx: *mut SSL_CTX, val: *const u8, len: usize) -> c_int {
    guard("SSL_CTX_set1_server_cert_type", 0, || {
        let c = ctx_arg(ctx)?;
        let mut settings = c.settings.lock();
        // SAFETY: per the contract.
        unsafe { set_types(&mut settings.cert_types, true, val, len) }
    })
}

/// `SSL_set1_client_cert_type` (3.2): as the context's, for one SSL.
///
/// # Safety
/// `val` must be NULL or point to `len` bytes.
#[no_mangle]
pub unsafe extern "C" fn SSL_set1_client_cert_type(s: *mut SSL, val: *const u8, len: usize) -> c_int {
    guard("SSL_set1_client_cert_type", 0, || {
        let ssl = ssl_arg(s)?;
        let mut st = ssl.st.lock();
        // SAFETY: per the contract.
        unsafe { set_types(&mut st.settings.cert_types, false, val, len) }
    })
}

/// `SSL_set1_server_cert_type` (3.2): as the context's, for one SSL.
///
/// # Safety
/// `val` must be NULL or point to `len` bytes.
#[no_mangle]
pub unsafe extern "C" fn SSL_set1_server_cert_type(s: *mut SSL, val: *const u8, len: usize) -> c_int {
    guard("SSL_set1_server_cert_type", 0, || {
        let ssl = ssl_arg(s)?;
        let mut st = ssl.st.lock();
        // SAFETY: per the contract.
        unsafe { set_types(&mut st.settings.cert_types, true, val, len) }
    })
}

/// Lends a list (get0: valid until it is set again); (NULL, 0) when unset.
///
/// # Safety
/// `t` and `len` must be NULL or writable.
unsafe fn lend(list: &[u8], t: *mut *mut u8, len: *mut usize) -> Result<c_int, Fail> {
    if t.is_null() || len.is_null() {
        return Err(Fail::null());
    }
    // SAFETY: per the contract.
    unsafe {
        *t = if list.is_empty() { std::ptr::null_mut() } else { list.as_ptr() as *mut u8 };
        *len = list.len();
    }
    Ok(1)
}

/// `SSL_get0_client_cert_type` (3.2): get0 of the list set for this SSL.
///
/// # Safety
/// `t` and `len` must be NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn SSL_get0_client_cert_type(s: *const SSL, t: *mut *mut u8, len: *mut usize) -> c_int {
    guard("SSL_get0_client_cert_type", 0, || {
        let ssl = ssl_arg(s)?;
        let st = ssl.st.lock();
        // SAFETY: per the contract; the list lives in the SSL.
        unsafe { lend(&st.settings.cert_types.client, t, len) }
    })
}

/// `SSL_get0_server_cert_type` (3.2): get0, as the client's.
///
/// # Safety
/// `t` and `len` must be NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn SSL_get0_server_cert_type(s: *const SSL, t: *mut *mut u8, len: *mut usize) -> c_int {
    guard("SSL_get0_server_cert_type", 0, || {
        let ssl = ssl_arg(s)?;
        let st = ssl.st.lock();
        // SAFETY: per the contract; the list lives in the SSL.
        unsafe { lend(&st.settings.cert_types.server, t, len) }
    })
}

/// `SSL_CTX_get0_client_cert_type` (3.2): get0 of the context's list.
///
/// # Safety
/// `t` and `len` must be NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn SSL_CTX_get0_client_cert_type(c: *const SSL_CTX, t: *mut *mut u8, len: *mut usize) -> c_int {
    guard("SSL_CTX_get0_client_cert_type", 0, || {
        let ctx = ctx_arg(c)?;
        let s = ctx.settings.lock();
        // SAFETY: per the contract; the list lives in the context.
        unsafe { lend(&s.cert_types.client, t, len) }
    })
}

/// `SSL_CTX_get0_server_cert_type` (3.2): get0 of the context's list.
///
/// # Safety
/// `t` and `len` must be NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn SSL_CTX_get0_server_cert_type(c: *const SSL_CTX, t: *mut *mut u8, len: *mut usize) -> c_int {
    guard("SSL_CTX_get0_server_cert_type", 0, || {
        let ctx = ctx_arg(c)?;
        let s = ctx.settings.lock();
        // SAFETY: per the contract; the list lives in the context.
        unsafe { lend(&s.cert_types.server, t, len) }
    })
}

/// `SSL_get_negotiated_client_cert_type` (3.2): TLSEXT_cert_type_x509 (0)
/// or _rpk (2), as EncryptedExtensions settled it; X.509 before then.
#[no_mangle]
pub extern "C" fn SSL_get_negotiated_client_cert_type(s: *const SSL) -> c_int {
    guard("SSL_get_negotiated_client_cert_type", 0, || Ok(c_int::from(ssl_arg(s)?.st.lock().negotiated_cert_types.0)))
}

/// `SSL_get_negotiated_server_cert_type` (3.2): as the client's.
#[no_mangle]
pub extern "C" fn SSL_get_negotiated_server_cert_type(s: *const SSL) -> c_int {
    guard("SSL_get_negotiated_server_cert_type", 0, || Ok(c_int::from(ssl_arg(s)?.st.lock().negotiated_cert_types.1)))
}

/// `SSL_get0_peer_rpk` (3.2): get0 — the peer's raw public key (OpenSSL's
/// `sc->session->peer_rpk`): the one this connection's peer sent, kept even
/// when it was refused, else the resumed session's; NULL for none.
#[no_mangle]
pub extern "C" fn SSL_get0_peer_rpk(s: *const SSL) -> *mut c_void {
    guard("SSL_get0_peer_rpk", std::ptr::null_mut(), || {
        let ssl = ssl_arg(s)?;
        let st = ssl.st.lock();
        if let Some(k) = &st.peer_rpk {
            return Ok(k.as_ptr() as *mut c_void);
        }
        let session = st.session.clone();
        drop(st);
        Ok(session.and_then(|x| x.peer_rpk_ptr()).map_or(std::ptr::null_mut(), |p| p as *mut c_void))
    })
}

/// `SSL_SESSION_get0_peer_rpk` (3.2): get0 — the raw public key the
/// session's peer authenticated with; NULL for none.
#[no_mangle]
pub extern "C" fn SSL_SESSION_get0_peer_rpk(s: *mut SSL_SESSION) -> *mut c_void {
    guard("SSL_SESSION_get0_peer_rpk", std::ptr::null_mut(), || {
        let session = session_arg(s)?;
        Ok(session.peer_rpk_ptr().map_or(std::ptr::null_mut(), |p| p as *mut c_void))
    })
}

/// `SSL_add_expected_rpk` (3.2): OpenSSL adds the key as a DANE-EE SPKI
/// record and answers 0, queuing nothing, on an SSL without DANE enabled
/// (`SSL_dane_enable`). DANE is not implemented here (`SSL_dane_enable`
/// always fails), so no SSL ever has it enabled and this is always that
/// answer; applications pin raw public keys in their verify callback
/// (`X509_STORE_CTX_get0_rpk`), which we honour.
#[no_mangle]
pub extern "C" fn SSL_add_expected_rpk(s: *mut SSL, rpk: *mut c_void) -> c_int {
    guard("SSL_add_expected_rpk", 0, || {
        ssl_arg(s)?;
        // Checked before the key, as OpenSSL does: a NULL key answers alike.
        let _ = rpk;
        Err(Fail::quiet())
    })
}
