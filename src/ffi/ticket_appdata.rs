//! `SSL_CTX_set_session_ticket_cb` and ticket application data: a server
//! may store bytes in the tickets it issues and read them back, and decide
//! per ticket whether to use it (OpenSSL 1.1.1's session ticket callbacks).

use std::ffi::{c_int, c_void};

use super::boundary::{bytes_arg, ctx_arg, guard, session_arg, write_borrowed};
use super::types::{SSL_CTX, SSL_SESSION};
use crate::sys::callbacks::{CertCb, DecryptTicketCb};

/// `SSL_CTX_set_session_ticket_cb`: `gen_cb` runs before each ticket is
/// sealed (it may set the session's appdata); `dec_cb` sees every ticket a
/// client offers, with its decryption status, and decides to use it,
/// ignore it or abort. 1 always, as OpenSSL.
#[no_mangle]
pub extern "C" fn SSL_CTX_set_session_ticket_cb(ctx: *mut SSL_CTX, gen_cb: CertCb, dec_cb: DecryptTicketCb, arg: *mut c_void) -> c_int {
    guard("SSL_CTX_set_session_ticket_cb", 0, || {
        ctx_arg(ctx)?.callbacks.lock().hooks.session_ticket = (gen_cb, dec_cb, arg as usize);
        Ok(1)
    })
}

/// `SSL_SESSION_set1_ticket_appdata`: a copy of `data` goes into the
/// tickets issued for this session.
///
/// # Safety
/// `data` must point at `len` readable bytes (or be NULL with 0).
#[no_mangle]
pub unsafe extern "C" fn SSL_SESSION_set1_ticket_appdata(ss: *mut SSL_SESSION, data: *const c_void, len: usize) -> c_int {
    guard("SSL_SESSION_set1_ticket_appdata", 0, || {
        let s = session_arg(ss)?;
        // SAFETY: per the contract.
        let bytes = unsafe { bytes_arg(data as *const u8, len)? }.to_vec();
        s.update(|d| d.ticket_appdata = bytes);
        Ok(1)
    })
}

/// `SSL_SESSION_get0_ticket_appdata`: the session's application data
/// (get0, valid until it is changed); (NULL, 0) when there is none.
///
/// # Safety
/// `data` and `len` must each be NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn SSL_SESSION_get0_ticket_appdata(ss: *mut SSL_SESSION, data: *mut *mut c_void, len: *mut usize) -> c_int {
    guard("SSL_SESSION_get0_ticket_appdata", 0, || {
        let s = session_arg(ss)?;
        // SAFETY: per the contract; the bytes live in the session until changed.
        s.read(|d| unsafe { write_borrowed(Some(&d.ticket_appdata[..]), data as *mut *const u8, len) });
        Ok(1)
    })
}
