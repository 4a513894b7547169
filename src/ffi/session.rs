//! SSL_SESSION exports and the session functions of SSL.

use std::ffi::{c_char, c_int, c_long, c_uint, c_void};

use super::boundary::{bytes_arg, guard, guard_void, session_arg, ssl_arg, str_arg, Fail};
use super::types::{SSL, SSL_CIPHER, SSL_SESSION, X509};
use crate::api::connection::register_session;
use crate::api::handle::{CRef, Kind};
use crate::api::reason;
use crate::api::session::Session;
use crate::tls::session::SessionData;

/// Largest master key / resumption PSK a session holds.
const MAX_MASTER_KEY: usize = 64;

/// `OPENSSL_malloc` through libcrypto, so callers can `OPENSSL_free` it.
///
/// # Safety
/// Returns NULL or `n` uninitialised bytes owned by the caller.
pub unsafe fn crypto_malloc(n: usize) -> *mut c_void {
    // SAFETY: plain allocation.
    unsafe { crate::sys::CRYPTO_malloc(n, c"libssl-rs".as_ptr(), 0) }
}

fn new_session_handle(data: SessionData) -> *mut SSL_SESSION {
    register_session(Session::new(data)).map_or(std::ptr::null_mut(), |s| s.into_ptr() as *mut SSL_SESSION)
}

/// `SSL_SESSION_new`: an empty session (count 1). As in OpenSSL its
/// verify_result is 1 (not X509_V_OK) and its timeout 304 seconds.
#[no_mangle]
pub extern "C" fn SSL_SESSION_new() -> *mut SSL_SESSION {
    guard("SSL_SESSION_new", std::ptr::null_mut(), || {
        let mut d = SessionData::new(None);
        d.verify_result = 1;
        d.timeout = 304;
        Ok(new_session_handle(d))
    })
}

/// `SSL_SESSION_dup`: a new session (count 1) with the same contents.
#[no_mangle]
pub extern "C" fn SSL_SESSION_dup(src: *const SSL_SESSION) -> *mut SSL_SESSION {
    guard("SSL_SESSION_dup", std::ptr::null_mut(), || Ok(new_session_handle(session_arg(src)?.data())))
}

/// `SSL_SESSION_up_ref`.
#[no_mangle]
pub extern "C" fn SSL_SESSION_up_ref(s: *mut SSL_SESSION) -> c_int {
    super::boundary::up_ref_export("SSL_SESSION_up_ref", s as usize, Kind::Session)
}

/// `SSL_SESSION_free`: drops a reference; NULL is ignored.
#[no_mangle]
pub extern "C" fn SSL_SESSION_free(s: *mut SSL_SESSION) {
    super::boundary::free_export("SSL_SESSION_free", s as usize, Kind::Session)
}

/// `SSL_get_session`: get0 — the connection's current session, or NULL.
#[no_mangle]
pub extern "C" fn SSL_get_session(s: *const SSL) -> *mut SSL_SESSION {
    guard("SSL_get_session", std::ptr::null_mut(), || {
        Ok(ssl_arg(s)?.st.lock().session.as_ref().map_or(std::ptr::null_mut(), |x| x.ptr() as *mut SSL_SESSION))
    })
}

/// `SSL_get1_session`: get1 — a new reference to the current session, or NULL.
#[no_mangle]
pub extern "C" fn SSL_get1_session(s: *mut SSL) -> *mut SSL_SESSION {
    guard("SSL_get1_session", std::ptr::null_mut(), || {
        let ssl = ssl_arg(s)?;
        let st = ssl.st.lock();
        Ok(st.session.as_ref().map_or(std::ptr::null_mut(), |x| x.clone().into_ptr() as *mut SSL_SESSION))
    })
}

/// `SSL_set_session`: set1 — the session to offer in the next handshake
/// (NULL clears it). Offered only if usable; see `Ssl::start_client`.
#[no_mangle]
pub extern "C" fn SSL_set_session(s: *mut SSL, session: *mut SSL_SESSION) -> c_int {
    guard("SSL_set_session", 0, || {
        let ssl = ssl_arg(s)?;
        let new = if session.is_null() {
            None
        } else {
            session_arg(session)?;
            Some(CRef::<Session>::acquire(session as usize, Kind::Session).ok_or(Fail::invalid("session is not live"))?)
        };
        // OpenSSL's ssl_clear_bad_session: a session the connection
        // established and left without close_notify leaves the cache.
        let bad = {
            let st = ssl.st.lock();
            st.session.clone().filter(|_| st.shutdown & crate::api::connection::SSL_SENT_SHUTDOWN == 0 && st.handshake_done)
        };
        if let Some(b) = bad {
            crate::api::hooks::remove_session(&ssl.session_ctx, &b);
        }
        let mut st = ssl.st.lock();
        if let Some(n) = &new {
            st.verify_result = n.read(|d| d.verify_result);
        }
        let old = std::mem::replace(&mut st.session, new);
        drop(st);
        drop(old);
        Ok(1)
    })
}

/// `SSL_session_reused`: 1 when the last handshake resumed a session.
#[no_mangle]
pub extern "C" fn SSL_session_reused(s: *const SSL) -> c_int {
    guard("SSL_session_reused", 0, || Ok(ssl_arg(s)?.st.lock().session_reused as c_int))
}

/// `SSL_SESSION_get0_ticket`: get0 — the ticket bytes (NULL/0 if none).
///
/// # Safety
/// `tick` and `len` must be NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn SSL_SESSION_get0_ticket(s: *const SSL_SESSION, tick: *mut *const u8, len: *mut usize) {
    guard_void("SSL_SESSION_get0_ticket", || {
        let sess = session_arg(s).ok();
        // The ticket lives in the session until it is changed or freed.
        // SAFETY: out-parameters per the contract.
        sess.as_ref().map_or_else(
            || unsafe { super::boundary::write_borrowed::<usize>(None, tick, len) },
            |x| x.read(|d| unsafe { super::boundary::write_borrowed(Some(&d.ticket[..]), tick, len) }),
        );
    })
}

/// `SSL_SESSION_has_ticket`.
#[no_mangle]
pub extern "C" fn SSL_SESSION_has_ticket(s: *const SSL_SESSION) -> c_int {
    guard("SSL_SESSION_has_ticket", 0, || Ok(session_arg(s)?.read(|d| !d.ticket.is_empty()) as c_int))
}

/// `SSL_SESSION_get_ticket_lifetime_hint`.
#[no_mangle]
pub extern "C" fn SSL_SESSION_get_ticket_lifetime_hint(s: *const SSL_SESSION) -> u64 {
    guard("SSL_SESSION_get_ticket_lifetime_hint", 0, || Ok(session_arg(s)?.read(|d| d.ticket_lifetime_hint as u64)))
}

/// `SSL_SESSION_is_resumable`.
#[no_mangle]
pub extern "C" fn SSL_SESSION_is_resumable(s: *const SSL_SESSION) -> c_int {
    guard("SSL_SESSION_is_resumable", 0, || Ok(session_arg(s)?.read(|d| d.is_resumable()) as c_int))
}

/// `SSL_SESSION_get_time`: creation time, seconds since the epoch.
#[no_mangle]
pub extern "C" fn SSL_SESSION_get_time(s: *const SSL_SESSION) -> c_long {
    guard("SSL_SESSION_get_time", 0, || Ok(session_arg(s)?.read(|d| (d.time_ms / 1000) as c_long)))
}

/// `SSL_SESSION_set_time`: returns the time set, 0 on error.
#[no_mangle]
pub extern "C" fn SSL_SESSION_set_time(s: *mut SSL_SESSION, t: c_long) -> c_long {
    guard("SSL_SESSION_set_time", 0, || {
        session_arg(s)?.update(|d| d.time_ms = (t.max(0) as u64) * 1000);
        Ok(t)
    })
}

/// `SSL_SESSION_get_timeout`: seconds.
#[no_mangle]
pub extern "C" fn SSL_SESSION_get_timeout(s: *const SSL_SESSION) -> c_long {
    guard("SSL_SESSION_get_timeout", 0, || Ok(session_arg(s)?.read(|d| d.timeout as c_long)))
}

/// `SSL_SESSION_set_timeout`: returns 1.
#[no_mangle]
pub extern "C" fn SSL_SESSION_set_timeout(s: *mut SSL_SESSION, t: c_long) -> c_long {
    guard("SSL_SESSION_set_timeout", 0, || {
        session_arg(s)?.update(|d| d.timeout = t.max(0) as u64);
        Ok(1)
    })
}

/// `SSL_SESSION_get_protocol_version`.
#[no_mangle]
pub extern "C" fn SSL_SESSION_get_protocol_version(s: *const SSL_SESSION) -> c_int {
    guard("SSL_SESSION_get_protocol_version", 0, || Ok(session_arg(s)?.read(|d| d.version as c_int)))
}

/// `SSL_SESSION_set_protocol_version`.
#[no_mangle]
pub extern "C" fn SSL_SESSION_set_protocol_version(s: *mut SSL_SESSION, version: c_int) -> c_int {
    guard("SSL_SESSION_set_protocol_version", 0, || {
        let v = u16::try_from(version).map_err(|_| Fail::new(reason::UNSUPPORTED_SSL_VERSION, "bad version"))?;
        session_arg(s)?.update(|d| d.version = v);
        Ok(1)
    })
}

/// `SSL_SESSION_get0_cipher`: get0, NULL if none.
#[no_mangle]
pub extern "C" fn SSL_SESSION_get0_cipher(s: *const SSL_SESSION) -> *const SSL_CIPHER {
    guard("SSL_SESSION_get0_cipher", std::ptr::null(), || {
        Ok(session_arg(s)?.read(|d| d.suite.map_or(std::ptr::null(), super::cipher::cipher_for)))
    })
}

/// `SSL_SESSION_set_cipher`.
#[no_mangle]
pub extern "C" fn SSL_SESSION_set_cipher(s: *mut SSL_SESSION, c: *const SSL_CIPHER) -> c_int {
    guard("SSL_SESSION_set_cipher", 0, || {
        let sess = session_arg(s)?;
        let suite = super::cipher::suite_arg(c)?;
        sess.update(|d| d.suite = Some(suite));
        Ok(1)
    })
}

/// `SSL_SESSION_get_id`: get0 — the session id (SHA-256 of the ticket for
/// TLS 1.3 ticket sessions).
///
/// # Safety
/// `len` must be NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn SSL_SESSION_get_id(s: *const SSL_SESSION, len: *mut c_uint) -> *const u8 {
    guard("SSL_SESSION_get_id", std::ptr::null(), || {
        let sess = session_arg(s)?;
        let (p, n) = sess.read(|d| (d.session_id.as_ptr(), d.session_id.len() as c_uint));
        if !len.is_null() {
            // SAFETY: writable per the contract.
            unsafe { *len = n };
        }
        Ok(p)
    })
}

/// `SSL_SESSION_set1_id`: at most 32 bytes (`SSL_R_SSL_SESSION_ID_TOO_LONG`).
///
/// # Safety
/// `sid` must point at `len` readable bytes.
#[no_mangle]
pub unsafe extern "C" fn SSL_SESSION_set1_id(s: *mut SSL_SESSION, sid: *const u8, len: c_uint) -> c_int {
    guard("SSL_SESSION_set1_id", 0, || {
        let sess = session_arg(s)?;
        if len > 32 {
            return Err(Fail::new(reason::SSL_SESSION_ID_TOO_LONG, "ssl session id too long"));
        }
        // SAFETY: per the contract.
        let b = unsafe { bytes_arg(sid, len as usize)? };
        sess.update(|d| d.session_id = b.to_vec());
        Ok(1)
    })
}

/// `SSL_SESSION_get0_id_context`: get0.
///
/// # Safety
/// `len` must be NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn SSL_SESSION_get0_id_context(s: *const SSL_SESSION, len: *mut c_uint) -> *const u8 {
    guard("SSL_SESSION_get0_id_context", std::ptr::null(), || {
        let sess = session_arg(s)?;
        let (p, n) = sess.read(|d| (d.sid_ctx.as_ptr(), d.sid_ctx.len() as c_uint));
        if !len.is_null() {
            // SAFETY: writable per the contract.
            unsafe { *len = n };
        }
        Ok(p)
    })
}

/// `SSL_SESSION_set1_id_context`: at most 32 bytes.
///
/// # Safety
/// `ctx` must point at `len` readable bytes.
#[no_mangle]
pub unsafe extern "C" fn SSL_SESSION_set1_id_context(s: *mut SSL_SESSION, ctx: *const u8, len: c_uint) -> c_int {
    guard("SSL_SESSION_set1_id_context", 0, || {
        let sess = session_arg(s)?;
        if len > 32 {
            return Err(Fail::new(reason::SSL_SESSION_ID_CONTEXT_TOO_LONG, "ssl session id context too long"));
        }
        // SAFETY: per the contract.
        let b = unsafe { bytes_arg(ctx, len as usize)? };
        sess.update(|d| d.sid_ctx = b.to_vec());
        Ok(1)
    })
}

/// `SSL_SESSION_get_master_key`: with `outlen` 0 the key's length;
/// otherwise copies up to `outlen` bytes and returns how many.
///
/// # Safety
/// `out` must be writable for `outlen` bytes.
#[no_mangle]
pub unsafe extern "C" fn SSL_SESSION_get_master_key(s: *const SSL_SESSION, out: *mut u8, outlen: usize) -> usize {
    guard("SSL_SESSION_get_master_key", 0, || {
        let sess = session_arg(s)?;
        Ok(sess.read(|d| {
            if outlen == 0 {
                return d.master_key.len();
            }
            let n = outlen.min(d.master_key.len());
            if n > 0 && !out.is_null() {
                // SAFETY: out is writable for outlen >= n bytes.
                unsafe { std::ptr::copy_nonoverlapping(d.master_key.as_ptr(), out, n) };
            }
            n
        }))
    })
}

/// `SSL_SESSION_set1_master_key`: at most 64 bytes.
///
/// # Safety
/// `key` must point at `len` readable bytes.
#[no_mangle]
pub unsafe extern "C" fn SSL_SESSION_set1_master_key(s: *mut SSL_SESSION, key: *const u8, len: usize) -> c_int {
    guard("SSL_SESSION_set1_master_key", 0, || {
        let sess = session_arg(s)?;
        if len > MAX_MASTER_KEY {
            return Err(Fail::invalid("master key too long"));
        }
        // SAFETY: per the contract.
        let b = unsafe { bytes_arg(key, len)? };
        sess.update(|d| d.master_key = zeroize::Zeroizing::new(b.to_vec()));
        Ok(1)
    })
}

/// `SSL_SESSION_get0_hostname`: get0 — the SNI name the session was made for.
#[no_mangle]
pub extern "C" fn SSL_SESSION_get0_hostname(s: *const SSL_SESSION) -> *const c_char {
    guard("SSL_SESSION_get0_hostname", std::ptr::null(), || {
        let sess = session_arg(s)?;
        let name = sess.read(|d| d.hostname.clone());
        Ok(crate::api::session::lend_c_str(&sess.hostname_c, name.as_ref().map(|n| n.as_bytes())))
    })
}

/// `SSL_SESSION_set1_hostname`: NULL clears it.
///
/// # Safety
/// `name` must be NULL or a NUL-terminated string.
#[no_mangle]
pub unsafe extern "C" fn SSL_SESSION_set1_hostname(s: *mut SSL_SESSION, name: *const c_char) -> c_int {
    guard("SSL_SESSION_set1_hostname", 0, || {
        let sess = session_arg(s)?;
        // SAFETY: per the contract.
        let n = unsafe { str_arg(name)? }.map(str::to_string);
        sess.update(|d| d.hostname = n);
        Ok(1)
    })
}

/// `SSL_SESSION_get0_alpn_selected`: get0.
///
/// # Safety
/// `alpn` and `len` must be NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn SSL_SESSION_get0_alpn_selected(s: *const SSL_SESSION, alpn: *mut *const u8, len: *mut usize) {
    guard_void("SSL_SESSION_get0_alpn_selected", || {
        let sess = session_arg(s).ok();
        // SAFETY: out-parameters per the contract.
        sess.as_ref().map_or_else(
            || unsafe { super::boundary::write_borrowed::<usize>(None, alpn, len) },
            |x| x.read(|d| unsafe { super::boundary::write_borrowed(Some(&d.alpn_selected[..]), alpn, len) }),
        );
    })
}

/// `SSL_SESSION_set1_alpn_selected`.
///
/// # Safety
/// `alpn` must point at `len` readable bytes.
#[no_mangle]
pub unsafe extern "C" fn SSL_SESSION_set1_alpn_selected(s: *mut SSL_SESSION, alpn: *const u8, len: usize) -> c_int {
    guard("SSL_SESSION_set1_alpn_selected", 0, || {
        let sess = session_arg(s)?;
        // SAFETY: per the contract.
        let b = unsafe { bytes_arg(alpn, len)? };
        sess.update(|d| d.alpn_selected = b.to_vec());
        Ok(1)
    })
}

/// `SSL_SESSION_get0_peer`: get0 — the peer's leaf certificate, or NULL.
#[no_mangle]
pub extern "C" fn SSL_SESSION_get0_peer(s: *mut SSL_SESSION) -> *mut X509 {
    guard("SSL_SESSION_get0_peer", std::ptr::null_mut(), || Ok(session_arg(s)?.peer_leaf_ptr().unwrap_or(std::ptr::null_mut())))
}

/// `SSL_SESSION_get_max_early_data`: from the ticket's early_data extension.
#[no_mangle]
pub extern "C" fn SSL_SESSION_get_max_early_data(s: *const SSL_SESSION) -> u32 {
    guard("SSL_SESSION_get_max_early_data", 0, || Ok(session_arg(s)?.read(|d| d.max_early_data)))
}

/// `SSL_SESSION_set_max_early_data`.
#[no_mangle]
pub extern "C" fn SSL_SESSION_set_max_early_data(s: *mut SSL_SESSION, n: u32) -> c_int {
    guard("SSL_SESSION_set_max_early_data", 0, || {
        session_arg(s)?.update(|d| d.max_early_data = n);
        Ok(1)
    })
}

/// `SSL_SESSION_set_ex_data`.
#[no_mangle]
pub extern "C" fn SSL_SESSION_set_ex_data(s: *mut SSL_SESSION, idx: c_int, data: *mut c_void) -> c_int {
    guard("SSL_SESSION_set_ex_data", 0, || {
        let sess = session_arg(s)?;
        let mut ex = sess.ex.lock();
        Ok(ex.as_mut().is_some_and(|e| e.set(idx, data)) as c_int)
    })
}

/// `SSL_SESSION_get_ex_data`.
#[no_mangle]
pub extern "C" fn SSL_SESSION_get_ex_data(s: *const SSL_SESSION, idx: c_int) -> *mut c_void {
    guard("SSL_SESSION_get_ex_data", std::ptr::null_mut(), || {
        let sess = session_arg(s)?;
        let ex = sess.ex.lock();
        Ok(ex.as_ref().map_or(std::ptr::null_mut(), |e| e.get(idx)))
    })
}

/// `i2d_SSL_SESSION`: OpenSSL 3.0's DER layout (`api::session_der`). With
/// `pp` NULL the length; with `*pp` NULL a new OPENSSL_malloc'd buffer in
/// `*pp`; otherwise written at `*pp`, which advances. 0 without a cipher.
///
/// # Safety
/// `pp` must be NULL or point at NULL or at a buffer large enough.
#[no_mangle]
pub unsafe extern "C" fn i2d_SSL_SESSION(s: *const SSL_SESSION, pp: *mut *mut u8) -> c_int {
    guard("i2d_SSL_SESSION", 0, || {
        let sess = session_arg(s)?;
        let Some(der) = sess.read(crate::api::session_der::encode) else { return Ok(0) };
        let len = c_int::try_from(der.len()).map_err(|_| Fail::invalid("session too large"))?;
        if pp.is_null() {
            return Ok(len);
        }
        // SAFETY: per the contract.
        unsafe {
            if (*pp).is_null() {
                let buf = crypto_malloc(der.len()) as *mut u8;
                if buf.is_null() {
                    return Err(Fail::new(crate::sys::err::ERR_R_INTERNAL_ERROR, "out of memory"));
                }
                std::ptr::copy_nonoverlapping(der.as_ptr(), buf, der.len());
                *pp = buf;
            } else {
                std::ptr::copy_nonoverlapping(der.as_ptr(), *pp, der.len());
                *pp = (*pp).add(der.len());
            }
        }
        Ok(len)
    })
}

/// `d2i_SSL_SESSION`: a session from OpenSSL's DER; `*pp` advances past it.
/// With `a` and `*a` set, that session is overwritten and returned (get0 of
/// the caller's object); otherwise a new one (count 1), also stored in `*a`.
///
/// # Safety
/// `pp` must point at a pointer to `length` readable bytes; `a` NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn d2i_SSL_SESSION(a: *mut *mut SSL_SESSION, pp: *mut *const u8, length: c_long) -> *mut SSL_SESSION {
    guard("d2i_SSL_SESSION", std::ptr::null_mut(), || {
        if pp.is_null() || length < 0 {
            return Err(Fail::null());
        }
        // SAFETY: per the contract.
        let input = unsafe { bytes_arg(*pp, length as usize)? };
        let (data, used) =
            crate::api::session_der::decode(input).ok_or(Fail::new(reason::BAD_DATA, "not an SSL_SESSION this library can use"))?;
        // SAFETY: per the contract.
        unsafe {
            *pp = (*pp).add(used);
            if !a.is_null() && !(*a).is_null() {
                let existing = session_arg(*a)?;
                existing.replace(data);
                return Ok(*a);
            }
            let s = new_session_handle(data);
            if !a.is_null() {
                *a = s;
            }
            Ok(s)
        }
    })
}

const PEM_NAME: &std::ffi::CStr = c"SSL SESSION PARAMETERS";

extern "C" {
    fn PEM_write_bio(bp: *mut crate::sys::BIO, name: *const c_char, hdr: *const c_char, data: *const u8, len: c_long) -> c_int;
    fn PEM_bytes_read_bio(
        pdata: *mut *mut u8,
        plen: *mut c_long,
        pnm: *mut *mut c_char,
        name: *const c_char,
        bp: *mut crate::sys::BIO,
        cb: crate::sys::callbacks::PasswordCb,
        u: *mut c_void,
    ) -> c_int;
}

/// `PEM_write_bio_SSL_SESSION`: "SSL SESSION PARAMETERS" PEM of the DER.
#[no_mangle]
pub extern "C" fn PEM_write_bio_SSL_SESSION(bp: *mut crate::sys::BIO, s: *const SSL_SESSION) -> c_int {
    guard("PEM_write_bio_SSL_SESSION", 0, || {
        let sess = session_arg(s)?;
        if bp.is_null() {
            return Err(Fail::null());
        }
        let der = sess.read(crate::api::session_der::encode).ok_or(Fail::invalid("session without a cipher"))?;
        // SAFETY: a live BIO from the caller; data and name outlive the call.
        Ok(unsafe { PEM_write_bio(bp, PEM_NAME.as_ptr(), c"".as_ptr(), der.as_ptr(), der.len() as c_long) }.min(1).max(0))
    })
}

/// `PEM_read_bio_SSL_SESSION`: the next "SSL SESSION PARAMETERS" block.
///
/// # Safety
/// `x` must be NULL or writable; cb/u as for PEM functions.
#[no_mangle]
pub unsafe extern "C" fn PEM_read_bio_SSL_SESSION(
    bp: *mut crate::sys::BIO,
    x: *mut *mut SSL_SESSION,
    cb: crate::sys::callbacks::PasswordCb,
    u: *mut c_void,
) -> *mut SSL_SESSION {
    guard("PEM_read_bio_SSL_SESSION", std::ptr::null_mut(), || {
        if bp.is_null() {
            return Err(Fail::null());
        }
        let mut data: *mut u8 = std::ptr::null_mut();
        let mut len: c_long = 0;
        // SAFETY: libcrypto allocates data (freed below with OPENSSL_free).
        let ok = unsafe { PEM_bytes_read_bio(&mut data, &mut len, std::ptr::null_mut(), PEM_NAME.as_ptr(), bp, cb, u) };
        if ok != 1 || data.is_null() {
            return Ok(std::ptr::null_mut());
        }
        let mut p = data as *const u8;
        // SAFETY: data holds len bytes; freed after decoding.
        let s = unsafe { d2i_SSL_SESSION(x, &mut p, len) };
        // SAFETY: allocated by libcrypto.
        unsafe { crate::sys::CRYPTO_free(data.cast(), c"libssl-rs".as_ptr(), 0) };
        Ok(s)
    })
}

/// `PEM_write_SSL_SESSION`: as the BIO form, to a stdio FILE.
///
/// # Safety
/// `fp` must be an open FILE.
#[no_mangle]
pub unsafe extern "C" fn PEM_write_SSL_SESSION(fp: *mut libc::FILE, s: *const SSL_SESSION) -> c_int {
    guard("PEM_write_SSL_SESSION", 0, || {
        let bio = crate::sys::bio::Bio::for_file(fp).ok_or_else(Fail::null)?;
        Ok(PEM_write_bio_SSL_SESSION(bio.as_ptr(), s))
    })
}

/// `PEM_read_SSL_SESSION`: as the BIO form, from a stdio FILE.
///
/// # Safety
/// `fp` must be an open FILE; `x` NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn PEM_read_SSL_SESSION(
    fp: *mut libc::FILE,
    x: *mut *mut SSL_SESSION,
    cb: crate::sys::callbacks::PasswordCb,
    u: *mut c_void,
) -> *mut SSL_SESSION {
    guard("PEM_read_SSL_SESSION", std::ptr::null_mut(), || {
        let bio = crate::sys::bio::Bio::for_file(fp).ok_or_else(Fail::null)?;
        // SAFETY: forwarded contract.
        Ok(unsafe { PEM_read_bio_SSL_SESSION(bio.as_ptr(), x, cb, u) })
    })
}

/// `SSL_copy_session_id`: `to` takes `from`'s session (as SSL_set_session),
/// certificates and keys, and session id context, as OpenSSL's copy does.
#[no_mangle]
pub extern "C" fn SSL_copy_session_id(to: *mut SSL, from: *const SSL) -> c_int {
    guard("SSL_copy_session_id", 0, || {
        let (t, f) = (ssl_arg(to)?, ssl_arg(from)?);
        if SSL_set_session(to, SSL_get_session(from)) != 1 {
            return Ok(0);
        }
        let (certs, sid_ctx) = {
            let fs = f.st.lock();
            (fs.settings.certs.clone(), fs.settings.sid_ctx.clone())
        };
        let mut ts = t.st.lock();
        ts.settings.certs = certs;
        ts.settings.sid_ctx = sid_ctx;
        Ok(1)
    })
}

/// `SSL_set_session_ticket_ext`: the session_ticket extension a client
/// sends when no TLS 1.2 session brings a ticket (copied; NULL data: send
/// no session_ticket extension), as EAP-FAST's PAC-Opaque.
///
/// # Safety
/// `ext_data` must be NULL or point at `ext_len` readable bytes.
#[no_mangle]
pub unsafe extern "C" fn SSL_set_session_ticket_ext(s: *mut SSL, ext_data: *mut c_void, ext_len: c_int) -> c_int {
    guard("SSL_set_session_ticket_ext", 0, || {
        let ssl = ssl_arg(s)?;
        let data = if ext_data.is_null() {
            None
        } else {
            // SAFETY: per the contract.
            Some(unsafe { bytes_arg(ext_data as *const u8, ext_len.max(0) as usize)? }.to_vec())
        };
        ssl.st.lock().session_ticket_ext = Some(data);
        Ok(1)
    })
}

/// `SSL_set_session_ticket_ext_cb`: called with the server's
/// session_ticket extension (TLS 1.2); 0 from it ends the handshake.
#[no_mangle]
pub extern "C" fn SSL_set_session_ticket_ext_cb(s: *mut SSL, cb: crate::sys::callbacks::SessionTicketExtCb, arg: *mut c_void) -> c_int {
    guard("SSL_set_session_ticket_ext_cb", 0, || {
        // OpenSSL: NULL is refused without an error.
        if s.is_null() {
            return Err(Fail::quiet());
        }
        ssl_arg(s)?.st.lock().session_ticket_ext_cb = (cb, arg as usize);
        Ok(1)
    })
}
