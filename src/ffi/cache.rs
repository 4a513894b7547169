//! The server session cache exports.

use std::ffi::{c_int, c_long, c_uint};

use super::boundary::{ctx_arg, guard, guard_void, session_arg, ssl_arg, Fail};
use super::types::{SSL, SSL_CTX, SSL_SESSION};
use crate::api::context::SslContext;
use crate::api::handle::{CRef, Kind};
use crate::api::hooks;
use crate::api::session::Session;
use crate::sys::callbacks::GetSessionCb;

fn ctx_ref(ctx: *const SSL_CTX) -> Result<CRef<SslContext>, Fail> {
    ctx_arg(ctx)?;
    CRef::acquire(ctx as usize, Kind::SslCtx).ok_or(Fail::invalid("SSL_CTX is not live"))
}

fn session_ref(s: *const SSL_SESSION) -> Result<CRef<Session>, Fail> {
    session_arg(s)?;
    CRef::acquire(s as usize, Kind::Session).ok_or(Fail::invalid("SSL_SESSION is not live"))
}

/// `SSL_CTX_add_session`: the cache takes a reference; 1 if added, 0 if it
/// was already cached (OpenSSL's return).
#[no_mangle]
pub extern "C" fn SSL_CTX_add_session(ctx: *mut SSL_CTX, s: *mut SSL_SESSION) -> c_int {
    guard("SSL_CTX_add_session", 0, || {
        let c = ctx_ref(ctx)?;
        let sess = session_ref(s)?;
        Ok(hooks::add_session(&c, sess) as c_int)
    })
}

/// `SSL_CTX_remove_session`: 1 if it was cached. The remove callback runs
/// and the session becomes not resumable either way.
#[no_mangle]
pub extern "C" fn SSL_CTX_remove_session(ctx: *mut SSL_CTX, s: *mut SSL_SESSION) -> c_int {
    guard("SSL_CTX_remove_session", 0, || {
        let c = ctx_ref(ctx)?;
        let sess = session_ref(s)?;
        Ok(hooks::remove_session(&c, &sess) as c_int)
    })
}

/// `SSL_CTX_flush_sessions`: removes sessions expired at time `tm`
/// (seconds); `tm` 0 removes them all, as in OpenSSL.
#[no_mangle]
pub extern "C" fn SSL_CTX_flush_sessions(ctx: *mut SSL_CTX, tm: c_long) {
    guard_void("SSL_CTX_flush_sessions", || {
        if let Ok(c) = ctx_ref(ctx) {
            let t_ms = if tm == 0 { u64::MAX } else { (tm.max(0) as u64).saturating_mul(1000) };
            hooks::flush_sessions(&c, t_ms);
        }
    })
}

/// `SSL_CTX_sess_set_get_cb`: the external cache lookup (copy flag as in OpenSSL).
#[no_mangle]
pub extern "C" fn SSL_CTX_sess_set_get_cb(ctx: *mut SSL_CTX, cb: GetSessionCb) {
    guard_void("SSL_CTX_sess_set_get_cb", || {
        if let Ok(c) = ctx_arg(ctx) {
            c.callbacks.lock().get_session = cb;
        }
    })
}

/// `SSL_CTX_sess_get_get_cb`.
#[no_mangle]
pub extern "C" fn SSL_CTX_sess_get_get_cb(ctx: *mut SSL_CTX) -> GetSessionCb {
    guard("SSL_CTX_sess_get_get_cb", None, || Ok(ctx_arg(ctx)?.callbacks.lock().get_session))
}

/// `SSL_has_matching_session_id`: whether the internal cache holds that id.
///
/// # Safety
/// `id` must point at `len` readable bytes.
#[no_mangle]
pub unsafe extern "C" fn SSL_has_matching_session_id(s: *const SSL, id: *const u8, len: c_uint) -> c_int {
    guard("SSL_has_matching_session_id", 0, || {
        let ssl = ssl_arg(s)?;
        if len > 32 {
            return Ok(0);
        }
        // SAFETY: per the contract.
        let id = unsafe { super::boundary::bytes_arg(id, len as usize)? };
        Ok(ssl.session_ctx.cache.contains(id) as c_int)
    })
}
