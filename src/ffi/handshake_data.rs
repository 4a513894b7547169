//! Bytes of the handshake an application may read back: the hello randoms
//! and the Finished verify_data of each side (tls-unique style bindings).

use std::ffi::c_void;

use super::boundary::{guard, ssl_arg};
use super::types::SSL;

/// Copies up to `outlen` bytes of `data` to `out`: OpenSSL's convention for
/// these getters (with `outlen` 0, the full length and nothing copied).
///
/// # Safety
/// `out` must point at `outlen` writable bytes (or be NULL with 0).
unsafe fn copy_out(data: &[u8], out: *mut u8, outlen: usize) -> usize {
    if outlen == 0 {
        return data.len();
    }
    let n = data.len().min(outlen);
    if !out.is_null() {
        // SAFETY: per the contract, n <= outlen.
        unsafe { std::ptr::copy_nonoverlapping(data.as_ptr(), out, n) };
    }
    n
}

/// `SSL_get_client_random`: the ClientHello random (zeros before it exists).
///
/// # Safety
/// `out` must point at `outlen` writable bytes.
#[no_mangle]
pub unsafe extern "C" fn SSL_get_client_random(ssl: *const SSL, out: *mut u8, outlen: usize) -> usize {
    guard("SSL_get_client_random", 0, || {
        // OpenSSL answers a size query before looking at the SSL.
        if outlen == 0 {
            return Ok(32);
        }
        let r = ssl_arg(ssl)?.with_common(|c| c.client_random).unwrap_or([0; 32]);
        // SAFETY: forwarded contract.
        Ok(unsafe { copy_out(&r, out, outlen) })
    })
}

/// `SSL_get_server_random`: the ServerHello random (zeros before it exists).
///
/// # Safety
/// `out` must point at `outlen` writable bytes.
#[no_mangle]
pub unsafe extern "C" fn SSL_get_server_random(ssl: *const SSL, out: *mut u8, outlen: usize) -> usize {
    guard("SSL_get_server_random", 0, || {
        // OpenSSL answers a size query before looking at the SSL.
        if outlen == 0 {
            return Ok(32);
        }
        let r = ssl_arg(ssl)?.with_common(|c| c.server_random).unwrap_or([0; 32]);
        // SAFETY: forwarded contract.
        Ok(unsafe { copy_out(&r, out, outlen) })
    })
}

/// A Finished verify_data into the caller's buffer: its full length, at
/// most `count` bytes copied (0 before it exists).
///
/// # Safety
/// `buf` must point at `count` writable bytes.
unsafe fn finished_out(func: &'static str, s: *const SSL, buf: *mut c_void, count: usize, ours: bool) -> usize {
    guard(func, 0, || {
        let f = ssl_arg(s)?.with_common(|c| if ours { c.our_finished.clone() } else { c.peer_finished.clone() }).unwrap_or_default();
        if count > 0 {
            // SAFETY: forwarded contract.
            unsafe { copy_out(&f, buf as *mut u8, count) };
        }
        Ok(f.len())
    })
}

/// `SSL_get_finished`: our Finished verify_data; returns its full length
/// and copies at most `count` bytes (0 before we sent it).
///
/// # Safety
/// `buf` must point at `count` writable bytes.
#[no_mangle]
pub unsafe extern "C" fn SSL_get_finished(s: *const SSL, buf: *mut c_void, count: usize) -> usize {
    // SAFETY: forwarded contract.
    unsafe { finished_out("SSL_get_finished", s, buf, count, true) }
}

/// `SSL_get_peer_finished`: the peer's Finished verify_data, as above.
///
/// # Safety
/// `buf` must point at `count` writable bytes.
#[no_mangle]
pub unsafe extern "C" fn SSL_get_peer_finished(s: *const SSL, buf: *mut c_void, count: usize) -> usize {
    // SAFETY: forwarded contract.
    unsafe { finished_out("SSL_get_peer_finished", s, buf, count, false) }
}
