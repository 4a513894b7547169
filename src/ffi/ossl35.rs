//! The functions OpenSSL 3.2 to 3.5 added to libssl for TLS objects (the
//! QUIC API is in `quic_absent`), exported under their own version nodes
//! (tools/libssl-3.5-exports.txt). Where OpenSSL 3.5 answers for a TLS
//! object without doing anything QUIC-specific, ours gives the same answer,
//! as measured on Debian 13's libssl by capi-tests/ossl35_api.c.

use std::ffi::{c_char, c_int, c_long, c_void};

use super::boundary::{guard, session_arg, ssl_arg, Fail};
use super::types::{SSL, SSL_CTX, SSL_SESSION};
use crate::api::connection::RwState;

/// SSL_WRITE_FLAG_CONCLUDE's family: QUIC stream flags, none valid on TLS.
const SSL_R_UNSUPPORTED_WRITE_FLAG: i32 = 412;

/// `SSL_is_tls` (3.2): 1 for every SSL object of ours, 0 for NULL (no error).
#[no_mangle]
pub extern "C" fn SSL_is_tls(s: *const SSL) -> c_int {
    guard("SSL_is_tls", 0, || {
        if s.is_null() {
            return Err(Fail::quiet());
        }
        ssl_arg(s)?;
        Ok(1)
    })
}

/// `SSL_get0_group_name` (3.2): the TLS name of the group the handshake's
/// key exchange used ("x25519", "secp256r1", ...), get0 of a static string;
/// NULL before one was negotiated. (OpenSSL 3.5 crashes there; we answer.)
#[no_mangle]
pub extern "C" fn SSL_get0_group_name(s: *mut SSL) -> *const c_char {
    guard("SSL_get0_group_name", std::ptr::null(), || {
        let ssl = ssl_arg(s)?;
        let group = ssl.st.lock().negotiated_group;
        Ok(group.and_then(super::misc::group_name).map_or(std::ptr::null(), |n| n.as_ptr()))
    })
}

/// `SSL_get_handshake_rtt` (3.2): the microseconds between our first flight
/// and the peer's answer; 0 while not yet measured (no error), 1 when set.
///
/// # Safety
/// `rtt` must be NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn SSL_get_handshake_rtt(s: *const SSL, rtt: *mut u64) -> c_int {
    guard("SSL_get_handshake_rtt", 0, || {
        let ssl = ssl_arg(s)?;
        let Some(us) = ssl.st.lock().handshake_rtt.micros() else { return Ok(0) };
        if rtt.is_null() {
            return Err(Fail::null());
        }
        // SAFETY: per the contract.
        unsafe { *rtt = us };
        Ok(1)
    })
}

/// `SSL_SESSION_get_time_ex` (3.3): creation time, seconds since the epoch,
/// as a 64-bit time_t.
#[no_mangle]
pub extern "C" fn SSL_SESSION_get_time_ex(s: *const SSL_SESSION) -> i64 {
    guard("SSL_SESSION_get_time_ex", 0, || {
        if s.is_null() {
            return Err(Fail::quiet());
        }
        Ok(session_arg(s)?.read(|d| (d.time_ms / 1000) as i64))
    })
}

/// `SSL_SESSION_set_time_ex` (3.3): returns the time set, 0 on error.
#[no_mangle]
pub extern "C" fn SSL_SESSION_set_time_ex(s: *mut SSL_SESSION, t: i64) -> i64 {
    guard("SSL_SESSION_set_time_ex", 0, || {
        if s.is_null() {
            return Err(Fail::quiet());
        }
        session_arg(s)?.update(|d| d.time_ms = (t.max(0) as u64).saturating_mul(1000));
        Ok(t)
    })
}

/// `d2i_SSL_SESSION_ex` (3.2): `d2i_SSL_SESSION` with a library context and
/// property query, which a session's decoding does not use.
///
/// # Safety
/// As `d2i_SSL_SESSION`.
#[no_mangle]
pub unsafe extern "C" fn d2i_SSL_SESSION_ex(
    a: *mut *mut SSL_SESSION,
    pp: *mut *const u8,
    length: c_long,
    _libctx: *mut c_void,
    _propq: *const c_char,
) -> *mut SSL_SESSION {
    // SAFETY: forwarded contract.
    unsafe { super::session::d2i_SSL_SESSION(a, pp, length) }
}

/// `SSL_CTX_flush_sessions_ex` (3.3): `SSL_CTX_flush_sessions` with a
/// 64-bit time.
#[no_mangle]
pub extern "C" fn SSL_CTX_flush_sessions_ex(ctx: *mut SSL_CTX, tm: i64) {
    // time_t and long are both 64 bits on the ABIs we build for.
    super::cache::SSL_CTX_flush_sessions(ctx, tm as c_long)
}

/// `SSL_client_hello_get_extension_order` (3.2): the ClientHello's
/// extension types in the order received, from a client-hello callback.
/// With `exts` NULL only the count; 0 (no error) outside the callback or
/// when `*num_exts` is too small, as OpenSSL 3.5.
///
/// # Safety
/// `num_exts` must be NULL or writable; `exts` NULL or `*num_exts` writable entries.
#[no_mangle]
pub unsafe extern "C" fn SSL_client_hello_get_extension_order(s: *mut SSL, exts: *mut u16, num_exts: *mut usize) -> c_int {
    guard("SSL_client_hello_get_extension_order", 0, || {
        let ssl = ssl_arg(s)?;
        let st = ssl.st.lock();
        let Some(ch) = st.peer.client_hello.as_ref() else { return Ok(0) };
        if num_exts.is_null() {
            return Ok(0);
        }
        let n = ch.extensions.len();
        // SAFETY: per the contract.
        unsafe {
            if n > 0 && !exts.is_null() {
                if *num_exts < n {
                    return Ok(0);
                }
                for (i, (ty, _)) in ch.extensions.iter().enumerate() {
                    *exts.add(i) = *ty;
                }
            }
            *num_exts = n;
        }
        Ok(1)
    })
}

/// `SSL_get1_builtin_sigalgs` (3.4): the signature algorithms this library
/// implements, by OpenSSL's names, colon-separated, in memory the caller
/// frees with `OPENSSL_free` (get1).
#[no_mangle]
pub extern "C" fn SSL_get1_builtin_sigalgs(_libctx: *mut c_void) -> *mut c_char {
    guard("SSL_get1_builtin_sigalgs", std::ptr::null_mut(), || {
        let names = crate::crypto::verify::builtin_sigalg_names();
        // SAFETY: a fresh libcrypto allocation with room for the name list and its NUL.
        let p = unsafe { crate::sys::CRYPTO_malloc(names.len() + 1, c"sigalgs".as_ptr(), 0) } as *mut u8;
        if p.is_null() {
            return Err(Fail::new(crate::sys::err::ERR_R_INTERNAL_ERROR, "malloc failure"));
        }
        // SAFETY: p holds names.len() + 1 bytes.
        unsafe {
            std::ptr::copy_nonoverlapping(names.as_ptr(), p, names.len());
            *p.add(names.len()) = 0;
        }
        Ok(p.cast())
    })
}

/// `SSL_write_ex2` (3.3): `SSL_write_ex` with flags; every flag defined is
/// a QUIC stream's (SSL_WRITE_FLAG_CONCLUDE), refused on TLS with
/// SSL_R_UNSUPPORTED_WRITE_FLAG as OpenSSL 3.5 does.
#[no_mangle]
pub extern "C" fn SSL_write_ex2(s: *mut SSL, buf: *const c_void, num: usize, flags: u64, written: *mut usize) -> c_int {
    if flags != 0 {
        return guard("SSL_write_ex2", 0, || Err(Fail::new(SSL_R_UNSUPPORTED_WRITE_FLAG, "write flags are QUIC stream flags")));
    }
    super::io::SSL_write_ex(s, buf, num, written)
}

/// `SSL_shutdown_ex` (3.2): on TLS, `SSL_shutdown` (the flags and arguments
/// are QUIC's).
#[no_mangle]
pub extern "C" fn SSL_shutdown_ex(s: *mut SSL, _flags: u64, _args: *const c_void, _args_len: usize) -> c_int {
    super::io::SSL_shutdown(s)
}

/// `SSL_net_read_desired` (3.2): on TLS, whether the last operation wants
/// to read (SSL_want_read).
#[no_mangle]
pub extern "C" fn SSL_net_read_desired(s: *mut SSL) -> c_int {
    guard("SSL_net_read_desired", 0, || Ok(matches!(ssl_arg(s)?.st.lock().rwstate, RwState::Reading) as c_int))
}

/// `SSL_net_write_desired` (3.2): on TLS, SSL_want_write.
#[no_mangle]
pub extern "C" fn SSL_net_write_desired(s: *mut SSL) -> c_int {
    guard("SSL_net_write_desired", 0, || Ok(matches!(ssl_arg(s)?.st.lock().rwstate, RwState::Writing) as c_int))
}

/// `SSL_get_event_timeout` (3.2): a TLS object has no timer: 1 with an
/// infinite deadline (OpenSSL 3.5 sets tv to 1,000,000 s and
/// `*is_infinite` to 1).
///
/// # Safety
/// `tv` (a `struct timeval`) and `is_infinite` must be NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn SSL_get_event_timeout(s: *mut SSL, tv: *mut c_void, is_infinite: *mut c_int) -> c_int {
    guard("SSL_get_event_timeout", 0, || {
        ssl_arg(s)?;
        if tv.is_null() || is_infinite.is_null() {
            return Err(Fail::null());
        }
        // SAFETY: per the contract.
        unsafe {
            *tv.cast::<libc::timeval>() = libc::timeval { tv_sec: 1_000_000, tv_usec: 0 };
            *is_infinite = 1;
        }
        Ok(1)
    })
}

/// `SSL_handle_events` (3.2): a TLS object has no events of its own: 1.
#[no_mangle]
pub extern "C" fn SSL_handle_events(s: *mut SSL) -> c_int {
    guard("SSL_handle_events", 0, || {
        ssl_arg(s)?;
        Ok(1)
    })
}

/// The read (`write` false) or write BIO's poll descriptor.
fn poll_descriptor(func: &'static str, s: *mut SSL, desc: *mut c_void, write: bool) -> c_int {
    guard(func, 0, || {
        let ssl = ssl_arg(s)?;
        if desc.is_null() {
            return Err(Fail::null());
        }
        let st = ssl.st.lock();
        let bio = if write { st.wbio.as_ref() } else { st.rbio.as_ref() };
        // SAFETY: desc is the caller's BIO_POLL_DESCRIPTOR.
        Ok(bio.is_some_and(|b| unsafe { b.poll_descriptor(write, desc) }) as c_int)
    })
}

/// `SSL_get_rpoll_descriptor` (3.2): on TLS, the read BIO's
/// (BIO_get_rpoll_descriptor); 0 without one.
#[no_mangle]
pub extern "C" fn SSL_get_rpoll_descriptor(s: *mut SSL, desc: *mut c_void) -> c_int {
    poll_descriptor("SSL_get_rpoll_descriptor", s, desc, false)
}

/// `SSL_get_wpoll_descriptor` (3.2): on TLS, the write BIO's.
#[no_mangle]
pub extern "C" fn SSL_get_wpoll_descriptor(s: *mut SSL, desc: *mut c_void) -> c_int {
    poll_descriptor("SSL_get_wpoll_descriptor", s, desc, true)
}

