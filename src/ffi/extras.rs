//! Setters and getters that cannot fail in OpenSSL: security level and
//! callback, quiet shutdown, read-ahead and buffer hints, post-handshake
//! auth, the certificate and message callbacks, external-PSK and early-data
//! settings, DH parameters, purpose/trust, verify depth and the per-SSL
//! password callback. None of them pushes an error for a live handle.
//! What the engine does with each is said in its doc comment, and
//! `docs/API-COVERAGE.md` repeats the "Stored only" notes.

#![allow(non_snake_case)]

use std::ffi::{c_char, c_int, c_void};
use std::sync::Arc;

use super::boundary::{ctx_arg, guard, guard_void, ssl_arg, str_arg, Fail};
use super::types::{DH, EVP_PKEY, SSL, SSL_CTX};
use crate::api::extras::Extras;
use crate::api::reason;
use crate::sys::callbacks::{
    CertCb, GenSessionIdCb, MsgCb, NotResumableCb, PskClientCb, PskFindSessionCb, PskServerCb, PskUseSessionCb,
    RecordPaddingCb, SecurityCb, TmpDhCb,
};
use crate::sys::pkey::{PKey, PasswordCb};

/// Runs `f` on a context's settings; a dead handle is ignored, as these
/// setters have no way to report it.
fn ctx_set(func: &'static str, ctx: *const SSL_CTX, f: impl FnOnce(&mut Extras)) {
    guard_void(func, || {
        if let Ok(c) = ctx_arg(ctx) {
            f(c.settings.lock().extras_mut())
        }
    })
}

fn ssl_set(func: &'static str, s: *const SSL, f: impl FnOnce(&mut Extras)) {
    guard_void(func, || {
        if let Ok(ssl) = ssl_arg(s) {
            f(ssl.st.lock().settings.extras_mut())
        }
    })
}

fn ctx_get<R>(func: &'static str, ctx: *const SSL_CTX, fail: R, f: impl FnOnce(&Extras) -> R) -> R {
    guard(func, fail, || Ok(f(&ctx_arg(ctx)?.settings.lock().extras)))
}

fn ssl_get<R>(func: &'static str, s: *const SSL, fail: R, f: impl FnOnce(&Extras) -> R) -> R {
    guard(func, fail, || Ok(f(&ssl_arg(s)?.st.lock().settings.extras)))
}

// ---------------------------------------------------------------- security level

/// `SSL_CTX_set_security_level`: stored and reported, and applied where
/// OpenSSL applies it to peers: as the auth level of certificate
/// verification (keys and signature digests in the peer's chain). Suites
/// and groups are not filtered by it yet: OpenSSL drops AES-128 suites and
/// 128-bit groups from level 4 up, we do not.
#[no_mangle]
pub extern "C" fn SSL_CTX_set_security_level(ctx: *mut SSL_CTX, level: c_int) {
    ctx_set("SSL_CTX_set_security_level", ctx, |e| e.security_level = level)
}

/// `SSL_set_security_level`: as the context's.
#[no_mangle]
pub extern "C" fn SSL_set_security_level(s: *mut SSL, level: c_int) {
    ssl_set("SSL_set_security_level", s, |e| e.security_level = level)
}

/// `SSL_CTX_get_security_level`.
#[no_mangle]
pub extern "C" fn SSL_CTX_get_security_level(ctx: *const SSL_CTX) -> c_int {
    ctx_get("SSL_CTX_get_security_level", ctx, 0, |e| e.security_level)
}

/// `SSL_get_security_level`.
#[no_mangle]
pub extern "C" fn SSL_get_security_level(s: *const SSL) -> c_int {
    ssl_get("SSL_get_security_level", s, 0, |e| e.security_level)
}

/// `SSL_SECOP_*` operations, without the SSL_SECOP_PEER bit.
const SECOP_VERSION: i32 = 9;
const SECOP_TICKET: i32 = 10;
const SECOP_COMPRESSION: i32 = 15;
const SECOP_TMP_DH: i32 = 7 | (4 << 16);

/// OpenSSL's default security callback (`ssl_security_default_callback`),
/// what `SSL_CTX_get_security_callback` returns until the application sets
/// one: anything weaker than the level's minimum bits (80, 112, 128, 192,
/// 256 for levels 1-5) is refused; SSLv3, TLS 1.0 and 1.1 need level 0;
/// compression is refused from level 2, session tickets from level 3.
/// Our handshakes only use algorithms above every level's minimum, so we
/// never need to ask it ourselves.
extern "C" fn default_security_callback(
    s: *const crate::sys::SSL,
    ctx: *const crate::sys::SSL_CTX,
    op: std::ffi::c_int,
    bits: std::ffi::c_int,
    nid: std::ffi::c_int,
    other: *mut std::ffi::c_void,
    ex: *mut std::ffi::c_void,
) -> std::ffi::c_int {
    let _ = (other, ex);
    let level = level_of(s as usize, ctx as usize).clamp(0, 5);
    let minbits = crate::api::extras::level_bits(level);
    let op = op & !0x1000;
    if level <= 0 {
        return (op != SECOP_TMP_DH || bits >= 80) as std::ffi::c_int;
    }
    let ok = match op {
        SECOP_VERSION => crate::api::context::version_allowed_at_level(nid, level),
        SECOP_COMPRESSION => level < 2,
        SECOP_TICKET => level < 3,
        _ => bits >= minbits,
    };
    ok as std::ffi::c_int
}

/// The security level of the SSL (else the context) a callback is asked about.
fn level_of(ssl: usize, ctx: usize) -> i32 {
    use crate::api::handle::{self, Kind};
    if ssl != 0 {
        if let Some(s) = handle::get::<crate::api::connection::Ssl>(ssl, Kind::Ssl) {
            return s.st.lock().settings.extras.security_level;
        }
    }
    handle::get::<crate::api::context::SslContext>(ctx, Kind::SslCtx)
        .map_or(crate::api::extras::DEFAULT_SECURITY_LEVEL, |c| c.settings.lock().extras.security_level)
}

/// `SSL_CTX_set_security_callback`: stored only: we make no security
/// callback queries yet; the getter returns it.
#[no_mangle]
pub extern "C" fn SSL_CTX_set_security_callback(ctx: *mut SSL_CTX, cb: SecurityCb) {
    ctx_set("SSL_CTX_set_security_callback", ctx, |e| e.security_cb = Some(cb))
}

/// `SSL_set_security_callback`: stored only, as the context's.
#[no_mangle]
pub extern "C" fn SSL_set_security_callback(s: *mut SSL, cb: SecurityCb) {
    ssl_set("SSL_set_security_callback", s, |e| e.security_cb = Some(cb))
}

/// `SSL_CTX_get_security_callback`: what was set (NULL by default).
#[no_mangle]
pub extern "C" fn SSL_CTX_get_security_callback(ctx: *const SSL_CTX) -> SecurityCb {
    ctx_get("SSL_CTX_get_security_callback", ctx, None, |e| e.security_cb.unwrap_or(Some(default_security_callback)))
}

/// `SSL_get_security_callback`.
#[no_mangle]
pub extern "C" fn SSL_get_security_callback(s: *const SSL) -> SecurityCb {
    ssl_get("SSL_get_security_callback", s, None, |e| e.security_cb.unwrap_or(Some(default_security_callback)))
}

/// `SSL_CTX_set0_security_ex_data`: the pointer handed to the security callback.
#[no_mangle]
pub extern "C" fn SSL_CTX_set0_security_ex_data(ctx: *mut SSL_CTX, ex: *mut c_void) {
    ctx_set("SSL_CTX_set0_security_ex_data", ctx, |e| e.security_ex = ex as usize)
}

/// `SSL_set0_security_ex_data`.
#[no_mangle]
pub extern "C" fn SSL_set0_security_ex_data(s: *mut SSL, ex: *mut c_void) {
    ssl_set("SSL_set0_security_ex_data", s, |e| e.security_ex = ex as usize)
}

/// `SSL_CTX_get0_security_ex_data`.
#[no_mangle]
pub extern "C" fn SSL_CTX_get0_security_ex_data(ctx: *const SSL_CTX) -> *mut c_void {
    ctx_get("SSL_CTX_get0_security_ex_data", ctx, std::ptr::null_mut(), |e| e.security_ex as *mut c_void)
}

/// `SSL_get0_security_ex_data`.
#[no_mangle]
pub extern "C" fn SSL_get0_security_ex_data(s: *const SSL) -> *mut c_void {
    ssl_get("SSL_get0_security_ex_data", s, std::ptr::null_mut(), |e| e.security_ex as *mut c_void)
}

// ---------------------------------------------------------------- shutdown, buffers

/// `SSL_CTX_set_quiet_shutdown`: SSL_shutdown then closes both directions
/// without sending close_notify (OpenSSL's ssl3_shutdown).
#[no_mangle]
pub extern "C" fn SSL_CTX_set_quiet_shutdown(ctx: *mut SSL_CTX, mode: c_int) {
    ctx_set("SSL_CTX_set_quiet_shutdown", ctx, |e| e.quiet_shutdown = mode != 0)
}

/// `SSL_set_quiet_shutdown`.
#[no_mangle]
pub extern "C" fn SSL_set_quiet_shutdown(s: *mut SSL, mode: c_int) {
    ssl_set("SSL_set_quiet_shutdown", s, |e| e.quiet_shutdown = mode != 0)
}

/// `SSL_CTX_get_quiet_shutdown`.
#[no_mangle]
pub extern "C" fn SSL_CTX_get_quiet_shutdown(ctx: *const SSL_CTX) -> c_int {
    ctx_get("SSL_CTX_get_quiet_shutdown", ctx, 0, |e| e.quiet_shutdown as c_int)
}

/// `SSL_get_quiet_shutdown`.
#[no_mangle]
pub extern "C" fn SSL_get_quiet_shutdown(s: *const SSL) -> c_int {
    ssl_get("SSL_get_quiet_shutdown", s, 0, |e| e.quiet_shutdown as c_int)
}

/// `SSL_set_read_ahead`: a hint, stored and reported; our record layer
/// already reads whatever the BIO has ready.
#[no_mangle]
pub extern "C" fn SSL_set_read_ahead(s: *mut SSL, yes: c_int) {
    ssl_set("SSL_set_read_ahead", s, |e| e.read_ahead = yes != 0)
}

/// `SSL_get_read_ahead`.
#[no_mangle]
pub extern "C" fn SSL_get_read_ahead(s: *const SSL) -> c_int {
    ssl_get("SSL_get_read_ahead", s, 0, |e| e.read_ahead as c_int)
}

/// `SSL_CTX_set_default_read_buffer_len`: a hint (our buffers are sized to
/// the records that arrive).
#[no_mangle]
pub extern "C" fn SSL_CTX_set_default_read_buffer_len(ctx: *mut SSL_CTX, len: usize) {
    ctx_set("SSL_CTX_set_default_read_buffer_len", ctx, |e| e.default_read_buffer_len = len)
}

/// `SSL_set_default_read_buffer_len`: a hint, as the context's.
#[no_mangle]
pub extern "C" fn SSL_set_default_read_buffer_len(s: *mut SSL, len: usize) {
    ssl_set("SSL_set_default_read_buffer_len", s, |e| e.default_read_buffer_len = len)
}

// ---------------------------------------------------------------- callbacks

/// `SSL_CTX_set_post_handshake_auth`: a client offers post_handshake_auth
/// and answers a post-handshake CertificateRequest with its certificate (or
/// an empty one); a server requests one with
/// `SSL_verify_client_post_handshake`.
#[no_mangle]
pub extern "C" fn SSL_CTX_set_post_handshake_auth(ctx: *mut SSL_CTX, val: c_int) {
    ctx_set("SSL_CTX_set_post_handshake_auth", ctx, |e| e.post_handshake_auth = val != 0)
}

/// `SSL_set_post_handshake_auth`: as the context's, for one connection.
#[no_mangle]
pub extern "C" fn SSL_set_post_handshake_auth(s: *mut SSL, val: c_int) {
    ssl_set("SSL_set_post_handshake_auth", s, |e| e.post_handshake_auth = val != 0)
}

/// `SSL_CTX_set_cert_cb`: called on a server before its certificate is
/// chosen, and on a client when the server asks for one; it may install a
/// certificate (`SSL_use_certificate`...) or fail the handshake (0).
#[no_mangle]
pub extern "C" fn SSL_CTX_set_cert_cb(ctx: *mut SSL_CTX, cb: CertCb, arg: *mut c_void) {
    ctx_set("SSL_CTX_set_cert_cb", ctx, |e| e.cert_cb = (cb, arg as usize))
}

/// `SSL_set_cert_cb`: as the context's, for one connection.
#[no_mangle]
pub extern "C" fn SSL_set_cert_cb(s: *mut SSL, cb: CertCb, arg: *mut c_void) {
    ssl_set("SSL_set_cert_cb", s, |e| e.cert_cb = (cb, arg as usize))
}

/// `SSL_CTX_set_msg_callback`: called with each record header, inner
/// content type, handshake message, alert and change_cipher_spec, sent and
/// received, with OpenSSL's pseudo content types and versions; its argument
/// is set with `SSL_CTX_set_msg_callback_arg`.
#[no_mangle]
pub extern "C" fn SSL_CTX_set_msg_callback(ctx: *mut SSL_CTX, cb: MsgCb) {
    ctx_set("SSL_CTX_set_msg_callback", ctx, |e| e.msg_cb.0 = cb)
}

/// `SSL_set_msg_callback`: as the context's, for one connection.
#[no_mangle]
pub extern "C" fn SSL_set_msg_callback(s: *mut SSL, cb: MsgCb) {
    ssl_set("SSL_set_msg_callback", s, |e| e.msg_cb.0 = cb)
}

/// `SSL_CTX_set_psk_client_callback`: asked before a TLS 1.3 ClientHello
/// when the use-session callback offers nothing; its key is offered as an
/// external PSK for TLS_AES_128_GCM_SHA256, as OpenSSL does. In TLS 1.2 it
/// enables the PSK suites in the ClientHello and is asked, with the
/// server's hint, for the ClientKeyExchange's identity and key.
#[no_mangle]
pub extern "C" fn SSL_CTX_set_psk_client_callback(ctx: *mut SSL_CTX, cb: PskClientCb) {
    ctx_set("SSL_CTX_set_psk_client_callback", ctx, |e| e.psk_client_cb = cb)
}

/// `SSL_set_psk_client_callback`: as the context's, for one connection.
#[no_mangle]
pub extern "C" fn SSL_set_psk_client_callback(s: *mut SSL, cb: PskClientCb) {
    ssl_set("SSL_set_psk_client_callback", s, |e| e.psk_client_cb = cb)
}

/// `SSL_CTX_set_psk_server_callback`: asked for each TLS 1.3 PSK identity
/// the find-session callback does not know; its key is accepted as an
/// external PSK for a SHA-256 suite, as OpenSSL does. In TLS 1.2 it lets
/// the server choose PSK suites and gives the key of the client's identity.
#[no_mangle]
pub extern "C" fn SSL_CTX_set_psk_server_callback(ctx: *mut SSL_CTX, cb: PskServerCb) {
    ctx_set("SSL_CTX_set_psk_server_callback", ctx, |e| e.psk_server_cb = cb)
}

/// `SSL_set_psk_server_callback`: as the context's, for one connection.
#[no_mangle]
pub extern "C" fn SSL_set_psk_server_callback(s: *mut SSL, cb: PskServerCb) {
    ssl_set("SSL_set_psk_server_callback", s, |e| e.psk_server_cb = cb)
}

/// `SSL_CTX_set_psk_find_session_callback`: asked first for each TLS 1.3
/// PSK identity a client offers; the session it returns (we take its
/// reference) is the external PSK, with "ext binder" binders.
#[no_mangle]
pub extern "C" fn SSL_CTX_set_psk_find_session_callback(ctx: *mut SSL_CTX, cb: PskFindSessionCb) {
    ctx_set("SSL_CTX_set_psk_find_session_callback", ctx, |e| e.psk_find_session_cb = cb)
}

/// `SSL_set_psk_find_session_callback`: as the context's, for one connection.
#[no_mangle]
pub extern "C" fn SSL_set_psk_find_session_callback(s: *mut SSL, cb: PskFindSessionCb) {
    ssl_set("SSL_set_psk_find_session_callback", s, |e| e.psk_find_session_cb = cb)
}

/// `SSL_CTX_set_psk_use_session_callback`: asked before a TLS 1.3
/// ClientHello (md NULL); the identity and TLS 1.3 session it returns (we
/// take its reference) are offered as an external PSK when no session is
/// resumed (OpenSSL would offer both; we offer one identity).
#[no_mangle]
pub extern "C" fn SSL_CTX_set_psk_use_session_callback(ctx: *mut SSL_CTX, cb: PskUseSessionCb) {
    ctx_set("SSL_CTX_set_psk_use_session_callback", ctx, |e| e.psk_use_session_cb = cb)
}

/// `SSL_set_psk_use_session_callback`: as the context's, for one connection.
#[no_mangle]
pub extern "C" fn SSL_set_psk_use_session_callback(s: *mut SSL, cb: PskUseSessionCb) {
    ssl_set("SSL_set_psk_use_session_callback", s, |e| e.psk_use_session_cb = cb)
}

/// `SSL_CTX_use_psk_identity_hint`: the hint a TLS 1.2 PSK suite's
/// ServerKeyExchange carries (TLS 1.3 has none); NULL removes it. Fails,
/// as OpenSSL does, for a hint over PSK_MAX_IDENTITY_LEN (256) bytes.
///
/// # Safety
/// `hint` must be NULL or a NUL-terminated string.
#[no_mangle]
pub unsafe extern "C" fn SSL_CTX_use_psk_identity_hint(ctx: *mut SSL_CTX, hint: *const c_char) -> c_int {
    guard("SSL_CTX_use_psk_identity_hint", 0, || {
        let c = ctx_arg(ctx)?;
        // SAFETY: per the contract.
        let h = unsafe { str_arg(hint)? };
        c.settings.lock().extras_mut().psk_identity_hint = psk_hint(h)?;
        Ok(1)
    })
}

/// `SSL_use_psk_identity_hint`: as the context's.
///
/// # Safety
/// `hint` must be NULL or a NUL-terminated string.
#[no_mangle]
pub unsafe extern "C" fn SSL_use_psk_identity_hint(s: *mut SSL, hint: *const c_char) -> c_int {
    guard("SSL_use_psk_identity_hint", 0, || {
        let ssl = ssl_arg(s)?;
        // SAFETY: per the contract.
        let h = unsafe { str_arg(hint)? };
        ssl.st.lock().settings.extras_mut().psk_identity_hint = psk_hint(h)?;
        Ok(1)
    })
}

/// `PSK_MAX_IDENTITY_LEN` (256 in OpenSSL 3.0's ssl.h): OpenSSL's
/// SSL_R_DATA_LENGTH_TOO_LONG beyond it.
fn psk_hint(h: Option<&str>) -> Result<Option<std::ffi::CString>, Fail> {
    match h {
        Some(h) if h.len() > crate::sys::callbacks::PSK_MAX_IDENTITY_LEN => Err(Fail::new(reason::DATA_LENGTH_TOO_LONG, "data length too long")),
        Some(h) => Ok(std::ffi::CString::new(h).ok()),
        None => Ok(None),
    }
}

/// `SSL_get_psk_identity_hint`: get0 — the hint the server sent in a TLS
/// 1.2 PSK handshake, kept in the session (client side); NULL without a
/// session or hint, as OpenSSL (which reads s->session).
#[no_mangle]
pub extern "C" fn SSL_get_psk_identity_hint(s: *const SSL) -> *const c_char {
    guard("SSL_get_psk_identity_hint", std::ptr::null(), || {
        let Some(sess) = ssl_arg(s)?.st.lock().session.clone() else { return Ok(std::ptr::null()) };
        let hint = sess.read(|d| d.psk_identity_hint.clone());
        Ok(crate::api::session::lend_c_str(&sess.psk_identity_hint_c, hint.as_deref()))
    })
}

/// `SSL_get_psk_identity`: get0 — the identity of a TLS 1.2 PSK handshake,
/// kept in the session (both sides); NULL without one (TLS 1.3 external
/// PSKs leave it unset, as in OpenSSL).
#[no_mangle]
pub extern "C" fn SSL_get_psk_identity(s: *const SSL) -> *const c_char {
    guard("SSL_get_psk_identity", std::ptr::null(), || {
        let Some(sess) = ssl_arg(s)?.st.lock().session.clone() else { return Ok(std::ptr::null()) };
        let identity = sess.read(|d| d.psk_identity.clone());
        Ok(crate::api::session::lend_c_str(&sess.psk_identity_c, identity.as_deref()))
    })
}

/// `SSL_CTX_set_not_resumable_session_callback`: asked for each new TLS 1.2
/// session of a full handshake (TLS 1.3 never asks it, as in OpenSSL).
#[no_mangle]
pub extern "C" fn SSL_CTX_set_not_resumable_session_callback(ctx: *mut SSL_CTX, cb: NotResumableCb) {
    ctx_set("SSL_CTX_set_not_resumable_session_callback", ctx, |e| e.not_resumable_cb = cb)
}

/// `SSL_set_not_resumable_session_callback`: as the context's.
#[no_mangle]
pub extern "C" fn SSL_set_not_resumable_session_callback(s: *mut SSL, cb: NotResumableCb) {
    ssl_set("SSL_set_not_resumable_session_callback", s, |e| e.not_resumable_cb = cb)
}

// ---------------------------------------------------------------- early data, padding

/// `SSL_CTX_set_allow_early_data_cb`: stored only (we accept no early data).
#[no_mangle]
pub extern "C" fn SSL_CTX_set_allow_early_data_cb(ctx: *mut SSL_CTX, cb: CertCb, arg: *mut c_void) {
    ctx_set("SSL_CTX_set_allow_early_data_cb", ctx, |e| e.allow_early_data = (cb, arg as usize))
}

/// `SSL_set_allow_early_data_cb`: stored only: we accept no early data.
#[no_mangle]
pub extern "C" fn SSL_set_allow_early_data_cb(s: *mut SSL, cb: CertCb, arg: *mut c_void) {
    ssl_set("SSL_set_allow_early_data_cb", s, |e| e.allow_early_data = (cb, arg as usize))
}

/// `SSL_CTX_set_max_early_data`: stored only: our tickets never invite early
/// data, so no client sends any; `SSL_CTX_get_max_early_data` reports it.
#[no_mangle]
pub extern "C" fn SSL_CTX_set_max_early_data(ctx: *mut SSL_CTX, max_early_data: u32) -> c_int {
    guard("SSL_CTX_set_max_early_data", 0, || {
        ctx_arg(ctx)?.settings.lock().extras_mut().max_early_data = max_early_data;
        Ok(1)
    })
}

/// `SSL_set_max_early_data`: stored only, as the context's.
#[no_mangle]
pub extern "C" fn SSL_set_max_early_data(s: *mut SSL, max_early_data: u32) -> c_int {
    guard("SSL_set_max_early_data", 0, || {
        ssl_arg(s)?.st.lock().settings.extras_mut().max_early_data = max_early_data;
        Ok(1)
    })
}

/// `SSL_CTX_set_recv_max_early_data`: stored only: we accept no early data.
#[no_mangle]
pub extern "C" fn SSL_CTX_set_recv_max_early_data(ctx: *mut SSL_CTX, recv_max_early_data: u32) -> c_int {
    guard("SSL_CTX_set_recv_max_early_data", 0, || {
        ctx_arg(ctx)?.settings.lock().extras_mut().recv_max_early_data = recv_max_early_data;
        Ok(1)
    })
}

/// `SSL_set_recv_max_early_data`: stored only, as the context's.
#[no_mangle]
pub extern "C" fn SSL_set_recv_max_early_data(s: *mut SSL, recv_max_early_data: u32) -> c_int {
    guard("SSL_set_recv_max_early_data", 0, || {
        ssl_arg(s)?.st.lock().settings.extras_mut().recv_max_early_data = recv_max_early_data;
        Ok(1)
    })
}

/// `SSL_CTX_get_max_early_data`: what was set (0 by default: none).
#[no_mangle]
pub extern "C" fn SSL_CTX_get_max_early_data(ctx: *const SSL_CTX) -> u32 {
    ctx_get("SSL_CTX_get_max_early_data", ctx, 0, |e| e.max_early_data)
}

/// `SSL_get_max_early_data`.
#[no_mangle]
pub extern "C" fn SSL_get_max_early_data(s: *const SSL) -> u32 {
    ssl_get("SSL_get_max_early_data", s, 0, |e| e.max_early_data)
}

/// `SSL_CTX_get_recv_max_early_data`: 16384 by default, as in OpenSSL.
#[no_mangle]
pub extern "C" fn SSL_CTX_get_recv_max_early_data(ctx: *const SSL_CTX) -> u32 {
    ctx_get("SSL_CTX_get_recv_max_early_data", ctx, 0, |e| e.recv_max_early_data)
}

/// `SSL_get_recv_max_early_data`.
#[no_mangle]
pub extern "C" fn SSL_get_recv_max_early_data(s: *const SSL) -> u32 {
    ssl_get("SSL_get_recv_max_early_data", s, 0, |e| e.recv_max_early_data)
}

/// OpenSSL's check of a padding block size: 0 or 1 is no padding; at most
/// SSL3_RT_MAX_PLAIN_LENGTH; else refused (0, nothing queued).
fn block_size(size: usize) -> Option<usize> {
    match size {
        0 | 1 => Some(0),
        n if n <= crate::tls::record::MAX_PLAINTEXT => Some(n),
        _ => None,
    }
}

/// Stores the TLS 1.3 padding block sizes (application data, the other
/// records) in `e`; 1, or 0 for a size OpenSSL refuses.
fn set_block_padding(e: &mut Extras, app: usize, hs: usize) -> Result<c_int, Fail> {
    let (Some(app), Some(hs)) = (block_size(app), block_size(hs)) else { return Ok(0) };
    e.block_padding = [app, hs];
    Ok(1)
}

/// `SSL_CTX_set_block_padding`: TLS 1.3 records are padded with zeros to a
/// multiple of `block_size` (RFC 8446 5.4); 0 or 1 turns it off; 0 for a
/// size over 16384.
#[no_mangle]
pub extern "C" fn SSL_CTX_set_block_padding(ctx: *mut SSL_CTX, block_size: usize) -> c_int {
    SSL_CTX_set_block_padding_ex(ctx, block_size, block_size)
}

/// `SSL_CTX_set_block_padding_ex` (3.4): separate block sizes for
/// application data and for the other records (handshake, alerts).
#[no_mangle]
pub extern "C" fn SSL_CTX_set_block_padding_ex(ctx: *mut SSL_CTX, app_block_size: usize, hs_block_size: usize) -> c_int {
    guard("SSL_CTX_set_block_padding_ex", 0, || {
        let c = ctx_arg(ctx)?;
        let mut settings = c.settings.lock();
        set_block_padding(settings.extras_mut(), app_block_size, hs_block_size)
    })
}

/// `SSL_set_block_padding`: as `SSL_CTX_set_block_padding`, for this
/// connection's later records.
#[no_mangle]
pub extern "C" fn SSL_set_block_padding(s: *mut SSL, block_size: usize) -> c_int {
    SSL_set_block_padding_ex(s, block_size, block_size)
}

/// `SSL_set_block_padding_ex` (3.4).
#[no_mangle]
pub extern "C" fn SSL_set_block_padding_ex(s: *mut SSL, app_block_size: usize, hs_block_size: usize) -> c_int {
    guard("SSL_set_block_padding_ex", 0, || {
        let ssl = ssl_arg(s)?;
        let mut st = ssl.st.lock();
        let r = set_block_padding(st.settings.extras_mut(), app_block_size, hs_block_size)?;
        if r == 1 {
            let padding = st.settings.extras.block_padding;
            st.set_record_padding(padding);
        }
        Ok(r)
    })
}

/// `SSL_CTX_set_record_padding_callback`: stored only (records are not padded).
#[no_mangle]
pub extern "C" fn SSL_CTX_set_record_padding_callback(ctx: *mut SSL_CTX, cb: RecordPaddingCb) {
    ctx_set("SSL_CTX_set_record_padding_callback", ctx, |e| e.record_padding.0 = cb)
}

/// `SSL_CTX_set_record_padding_callback_arg`.
#[no_mangle]
pub extern "C" fn SSL_CTX_set_record_padding_callback_arg(ctx: *mut SSL_CTX, arg: *mut c_void) {
    ctx_set("SSL_CTX_set_record_padding_callback_arg", ctx, |e| e.record_padding.1 = arg as usize)
}

/// `SSL_set_record_padding_callback_arg`.
#[no_mangle]
pub extern "C" fn SSL_set_record_padding_callback_arg(s: *mut SSL, arg: *mut c_void) {
    ssl_set("SSL_set_record_padding_callback_arg", s, |e| e.record_padding.1 = arg as usize)
}

/// `SSL_CTX_get_record_padding_callback_arg`.
#[no_mangle]
pub extern "C" fn SSL_CTX_get_record_padding_callback_arg(ctx: *const SSL_CTX) -> *mut c_void {
    ctx_get("SSL_CTX_get_record_padding_callback_arg", ctx, std::ptr::null_mut(), |e| e.record_padding.1 as *mut c_void)
}

/// `SSL_get_record_padding_callback_arg`.
#[no_mangle]
pub extern "C" fn SSL_get_record_padding_callback_arg(s: *const SSL) -> *mut c_void {
    ssl_get("SSL_get_record_padding_callback_arg", s, std::ptr::null_mut(), |e| e.record_padding.1 as *mut c_void)
}

// ---------------------------------------------------------------- DH, session ids, purpose

/// `SSL_CTX_set_tmp_dh_callback`: asked for TLS 1.2 DHE parameters (not
/// export, key length 1024, as OpenSSL 3.0 asks) when neither automatic
/// parameters nor `SSL_CTX_set_tmp_dh` gave any; TLS 1.3 never asks it.
#[no_mangle]
pub extern "C" fn SSL_CTX_set_tmp_dh_callback(ctx: *mut SSL_CTX, cb: TmpDhCb) {
    ctx_set("SSL_CTX_set_tmp_dh_callback", ctx, |e| e.tmp_dh_cb = cb)
}

/// `SSL_set_tmp_dh_callback`: as the context's, for one connection.
#[no_mangle]
pub extern "C" fn SSL_set_tmp_dh_callback(s: *mut SSL, cb: TmpDhCb) {
    ssl_set("SSL_set_tmp_dh_callback", s, |e| e.tmp_dh_cb = cb)
}

/// `SSL_CTX_set0_tmp_dh_pkey`: takes ownership of DH parameters for TLS 1.2
/// DHE (TLS 1.3 does not use them). 0 for NULL, as OpenSSL.
#[no_mangle]
pub extern "C" fn SSL_CTX_set0_tmp_dh_pkey(ctx: *mut SSL_CTX, dhpkey: *mut EVP_PKEY) -> c_int {
    guard("SSL_CTX_set0_tmp_dh_pkey", 0, || {
        let c = ctx_arg(ctx)?;
        let k = PKey::from_owned(dhpkey).ok_or_else(Fail::null)?;
        c.settings.lock().extras_mut().tmp_dh = Some(Arc::new(k));
        Ok(1)
    })
}

/// `SSL_set0_tmp_dh_pkey`: as the context's.
#[no_mangle]
pub extern "C" fn SSL_set0_tmp_dh_pkey(s: *mut SSL, dhpkey: *mut EVP_PKEY) -> c_int {
    guard("SSL_set0_tmp_dh_pkey", 0, || {
        let ssl = ssl_arg(s)?;
        let k = PKey::from_owned(dhpkey).ok_or_else(Fail::null)?;
        ssl.st.lock().settings.extras_mut().tmp_dh = Some(Arc::new(k));
        Ok(1)
    })
}

/// DH parameters from `SSL_CTX_set_tmp_dh` (ctrl 3): kept as an EVP_PKEY.
pub fn tmp_dh_from_dh(dh: *mut DH) -> Result<Arc<PKey>, Fail> {
    crate::sys::pkey::from_dh(dh).map(Arc::new).ok_or(Fail::new(reason::BAD_VALUE, "DH parameters not usable"))
}

/// `SSL_CTX_set_generate_session_id`: the generator of TLS 1.2 session ids
/// (TLS 1.3 sessions carry none); always 1, as in OpenSSL.
#[no_mangle]
pub extern "C" fn SSL_CTX_set_generate_session_id(ctx: *mut SSL_CTX, cb: GenSessionIdCb) -> c_int {
    guard("SSL_CTX_set_generate_session_id", 0, || {
        ctx_arg(ctx)?.settings.lock().extras_mut().generate_session_id = cb;
        Ok(1)
    })
}

/// `SSL_set_generate_session_id`: as the context's.
#[no_mangle]
pub extern "C" fn SSL_set_generate_session_id(s: *mut SSL, cb: GenSessionIdCb) -> c_int {
    guard("SSL_set_generate_session_id", 0, || {
        ssl_arg(s)?.st.lock().settings.extras_mut().generate_session_id = cb;
        Ok(1)
    })
}

/// `SSL_CTX_set_purpose`: on the context's X509_VERIFY_PARAM, as OpenSSL.
#[no_mangle]
pub extern "C" fn SSL_CTX_set_purpose(ctx: *mut SSL_CTX, purpose: c_int) -> c_int {
    guard("SSL_CTX_set_purpose", 0, || Ok(ctx_arg(ctx)?.param.set_purpose(purpose) as c_int))
}

/// `SSL_set_purpose`: on the connection's X509_VERIFY_PARAM.
#[no_mangle]
pub extern "C" fn SSL_set_purpose(s: *mut SSL, purpose: c_int) -> c_int {
    guard("SSL_set_purpose", 0, || Ok(ssl_arg(s)?.st.lock().param.set_purpose(purpose) as c_int))
}

/// `SSL_CTX_set_trust`: on the context's X509_VERIFY_PARAM.
#[no_mangle]
pub extern "C" fn SSL_CTX_set_trust(ctx: *mut SSL_CTX, trust: c_int) -> c_int {
    guard("SSL_CTX_set_trust", 0, || Ok(ctx_arg(ctx)?.param.set_trust(trust) as c_int))
}

/// `SSL_set_trust`: on the connection's X509_VERIFY_PARAM.
#[no_mangle]
pub extern "C" fn SSL_set_trust(s: *mut SSL, trust: c_int) -> c_int {
    guard("SSL_set_trust", 0, || Ok(ssl_arg(s)?.st.lock().param.set_trust(trust) as c_int))
}

/// `SSL_CTX_get_verify_depth`: from the context's X509_VERIFY_PARAM (-1 unset).
#[no_mangle]
pub extern "C" fn SSL_CTX_get_verify_depth(ctx: *const SSL_CTX) -> c_int {
    guard("SSL_CTX_get_verify_depth", 0, || Ok(ctx_arg(ctx)?.param.depth()))
}

/// `SSL_get_verify_depth`: from the connection's X509_VERIFY_PARAM.
#[no_mangle]
pub extern "C" fn SSL_get_verify_depth(s: *const SSL) -> c_int {
    guard("SSL_get_verify_depth", 0, || Ok(ssl_arg(s)?.st.lock().param.depth()))
}

/// `SSL_get0_peername`: the host name X509_verify_cert matched (get0), or
/// NULL when no name was checked.
#[no_mangle]
pub extern "C" fn SSL_get0_peername(s: *mut SSL) -> *const c_char {
    guard("SSL_get0_peername", std::ptr::null(), || Ok(ssl_arg(s)?.st.lock().param.peername()))
}

// ---------------------------------------------------------------- password callback per SSL

/// `SSL_set_default_passwd_cb`: the callback `SSL_use_PrivateKey_file` and
/// friends use for this connection instead of the context's.
#[no_mangle]
pub extern "C" fn SSL_set_default_passwd_cb(s: *mut SSL, cb: PasswordCb) {
    ssl_set("SSL_set_default_passwd_cb", s, |e| e.passwd = Some((cb, e.passwd.map_or(0, |p| p.1))))
}

/// `SSL_set_default_passwd_cb_userdata`.
#[no_mangle]
pub extern "C" fn SSL_set_default_passwd_cb_userdata(s: *mut SSL, u: *mut c_void) {
    ssl_set("SSL_set_default_passwd_cb_userdata", s, |e| e.passwd = Some((e.passwd.and_then(|p| p.0), u as usize)))
}

/// `SSL_get_default_passwd_cb`: this connection's (NULL when unset).
#[no_mangle]
pub extern "C" fn SSL_get_default_passwd_cb(s: *mut SSL) -> PasswordCb {
    ssl_get("SSL_get_default_passwd_cb", s, None, |e| e.passwd.and_then(|p| p.0))
}

/// `SSL_get_default_passwd_cb_userdata`.
#[no_mangle]
pub extern "C" fn SSL_get_default_passwd_cb_userdata(s: *mut SSL) -> *mut c_void {
    ssl_get("SSL_get_default_passwd_cb_userdata", s, std::ptr::null_mut(), |e| e.passwd.map_or(0, |p| p.1) as *mut c_void)
}

/// TLSEXT_max_fragment_length_DISABLED .. _4096 (RFC 6066 section 4).
fn max_fragment_length_mode(name: &'static str, mode: u8) -> Result<c_int, Fail> {
    match mode {
        // Disabled is what we do: no max_fragment_length extension.
        0 => Ok(1),
        1..=4 => {
            crate::ffi::boundary::not_implemented(name);
            Ok(0)
        }
        _ => Err(Fail::new(crate::api::reason::SSL3_EXT_INVALID_MAX_FRAGMENT_LENGTH, "invalid max fragment length")),
    }
}

/// `SSL_CTX_set_tlsext_max_fragment_length`: TLSEXT_max_fragment_length_DISABLED
/// (what we do) succeeds; the four lengths are not implemented yet (0 with an
/// error naming this function); anything else is
/// SSL_R_SSL3_EXT_INVALID_MAX_FRAGMENT_LENGTH.
#[no_mangle]
pub extern "C" fn SSL_CTX_set_tlsext_max_fragment_length(ctx: *mut SSL_CTX, mode: u8) -> c_int {
    guard("SSL_CTX_set_tlsext_max_fragment_length", 0, || {
        ctx_arg(ctx)?;
        max_fragment_length_mode("SSL_CTX_set_tlsext_max_fragment_length", mode)
    })
}

/// `SSL_set_tlsext_max_fragment_length`: as the context's, for one connection.
#[no_mangle]
pub extern "C" fn SSL_set_tlsext_max_fragment_length(s: *mut SSL, mode: u8) -> c_int {
    guard("SSL_set_tlsext_max_fragment_length", 0, || {
        ssl_arg(s)?;
        max_fragment_length_mode("SSL_set_tlsext_max_fragment_length", mode)
    })
}
