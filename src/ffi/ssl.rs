//! SSL exports: creation, BIOs, per-connection settings and state queries.

use std::ffi::{c_char, c_int, c_uint, c_void};
use std::sync::Arc;

use super::boundary::{bytes_arg, ctx_arg, guard, guard_void, ssl_arg, str_arg, Fail};
use super::types::{BIO, SSL, SSL_CIPHER, SSL_CTX};
use crate::api::connection::Ssl;
use crate::api::context::{Role, SslContext};
use crate::api::handle::{self, CRef, Kind};
use crate::api::reason;
use crate::sys::bio::Bio;
use crate::sys::callbacks::InfoCb;
use crate::sys::exdata::{ExData, CLASS_SSL};
use crate::tls::suites;

/// `SSL_new`: a connection with the context's settings; holds a reference
/// to the context (count 1, release with `SSL_free`).
#[no_mangle]
pub extern "C" fn SSL_new(ctx: *mut SSL_CTX) -> *mut SSL {
    guard("SSL_new", std::ptr::null_mut(), || {
        if ctx.is_null() {
            return Err(Fail::new(reason::NULL_SSL_CTX, "null ssl ctx"));
        }
        ctx_arg(ctx)?;
        let cref = CRef::<SslContext>::acquire(ctx as usize, Kind::SslCtx).ok_or(Fail::invalid("SSL_CTX is not live"))?;
        let ssl = Ssl::new(cref).ok_or(Fail::new(crate::sys::err::ERR_R_INTERNAL_ERROR, "X509_VERIFY_PARAM_new failed"))?;
        let ptr = handle::register(Kind::Ssl, Arc::new(ssl));
        if let Some(s) = handle::get::<Ssl>(ptr, Kind::Ssl) {
            let _ = s.ptr.set(ptr);
            *s.ex.lock() = Some(ExData::new(CLASS_SSL, ptr));
        }
        Ok(ptr as *mut SSL)
    })
}

/// `SSL_up_ref`.
#[no_mangle]
pub extern "C" fn SSL_up_ref(s: *mut SSL) -> c_int {
    super::boundary::up_ref_export("SSL_up_ref", s as usize, Kind::Ssl)
}

/// `SSL_free`: drops a reference; the last frees the BIOs (`BIO_free_all`)
/// and releases the session and context. NULL is ignored.
#[no_mangle]
pub extern "C" fn SSL_free(s: *mut SSL) {
    super::boundary::free_export("SSL_free", s as usize, Kind::Ssl)
}

/// `SSL_get_SSL_CTX`: get0.
#[no_mangle]
pub extern "C" fn SSL_get_SSL_CTX(s: *const SSL) -> *mut SSL_CTX {
    guard("SSL_get_SSL_CTX", std::ptr::null_mut(), || Ok(ssl_arg(s)?.ctx_ptr() as *mut SSL_CTX))
}

/// `SSL_set_fd`: a socket BIO on `fd` for both directions.
#[no_mangle]
pub extern "C" fn SSL_set_fd(s: *mut SSL, fd: c_int) -> c_int {
    guard("SSL_set_fd", 0, || {
        let ssl = ssl_arg(s)?;
        let bio = Bio::socket(fd).ok_or(Fail::new(crate::sys::err::ERR_R_INTERNAL_ERROR, "BIO_new_socket failed"))?;
        let mut st = ssl.st.lock();
        st.wbio = Some(bio.clone());
        st.rbio = Some(bio);
        Ok(1)
    })
}

/// `SSL_set_rfd`: a socket BIO on `fd` for reading.
#[no_mangle]
pub extern "C" fn SSL_set_rfd(s: *mut SSL, fd: c_int) -> c_int {
    guard("SSL_set_rfd", 0, || {
        let ssl = ssl_arg(s)?;
        let bio = Bio::socket(fd).ok_or(Fail::new(crate::sys::err::ERR_R_INTERNAL_ERROR, "BIO_new_socket failed"))?;
        ssl.st.lock().rbio = Some(bio);
        Ok(1)
    })
}

/// `SSL_set_wfd`: a socket BIO on `fd` for writing.
#[no_mangle]
pub extern "C" fn SSL_set_wfd(s: *mut SSL, fd: c_int) -> c_int {
    guard("SSL_set_wfd", 0, || {
        let ssl = ssl_arg(s)?;
        let bio = Bio::socket(fd).ok_or(Fail::new(crate::sys::err::ERR_R_INTERNAL_ERROR, "BIO_new_socket failed"))?;
        ssl.st.lock().wbio = Some(bio);
        Ok(1)
    })
}

/// `SSL_get_fd`/`SSL_get_rfd`: the read BIO's descriptor, or -1.
#[no_mangle]
pub extern "C" fn SSL_get_fd(s: *const SSL) -> c_int {
    SSL_get_rfd(s)
}

/// `SSL_get_rfd`.
#[no_mangle]
pub extern "C" fn SSL_get_rfd(s: *const SSL) -> c_int {
    guard("SSL_get_rfd", -1, || Ok(ssl_arg(s)?.st.lock().rbio.as_ref().map_or(-1, |b| b.fd())))
}

/// `SSL_get_wfd`.
#[no_mangle]
pub extern "C" fn SSL_get_wfd(s: *const SSL) -> c_int {
    guard("SSL_get_wfd", -1, || Ok(ssl_arg(s)?.st.lock().wbio.as_ref().map_or(-1, |b| b.fd())))
}

/// `SSL_set0_rbio`: set0 — takes ownership of `b`'s reference.
#[no_mangle]
pub extern "C" fn SSL_set0_rbio(s: *mut SSL, b: *mut BIO) {
    guard_void("SSL_set0_rbio", || {
        if let Ok(ssl) = ssl_arg(s) {
            let old = std::mem::replace(&mut ssl.st.lock().rbio, Bio::from_owned(b));
            drop(old);
        }
    })
}

/// `SSL_set0_wbio`: set0 — takes ownership of `b`'s reference.
#[no_mangle]
pub extern "C" fn SSL_set0_wbio(s: *mut SSL, b: *mut BIO) {
    guard_void("SSL_set0_wbio", || {
        if let Ok(ssl) = ssl_arg(s) {
            let old = std::mem::replace(&mut ssl.st.lock().wbio, Bio::from_owned(b));
            drop(old);
        }
    })
}

/// `SSL_set_bio`: OpenSSL's ownership rules — when `rbio == wbio` the
/// caller hands one reference for both slots; a slot left unchanged keeps
/// its reference; the historical asymmetry when only rbio changes is kept.
#[no_mangle]
pub extern "C" fn SSL_set_bio(s: *mut SSL, rbio: *mut BIO, wbio: *mut BIO) {
    guard_void("SSL_set_bio", || {
        let Ok(ssl) = ssl_arg(s) else { return };
        let (cur_r, cur_w) = {
            let st = ssl.st.lock();
            let p = |b: &Option<Bio>| b.as_ref().map_or(std::ptr::null_mut(), |b| b.as_ptr());
            (p(&st.rbio), p(&st.wbio))
        };
        if rbio == cur_r && wbio == cur_w {
            return;
        }
        if !rbio.is_null() && rbio == wbio {
            // One reference granted for two slots: take the second ourselves.
            std::mem::forget(Bio::from_borrowed(rbio));
        }
        if rbio == cur_r {
            SSL_set0_wbio(s, wbio);
            return;
        }
        if wbio == cur_w && cur_r != cur_w {
            SSL_set0_rbio(s, rbio);
            return;
        }
        SSL_set0_rbio(s, rbio);
        SSL_set0_wbio(s, wbio);
    })
}

/// `SSL_get_rbio`: get0.
#[no_mangle]
pub extern "C" fn SSL_get_rbio(s: *const SSL) -> *mut BIO {
    guard("SSL_get_rbio", std::ptr::null_mut(), || {
        Ok(ssl_arg(s)?.st.lock().rbio.as_ref().map_or(std::ptr::null_mut(), |b| b.as_ptr()))
    })
}

/// `SSL_get_wbio`: get0.
#[no_mangle]
pub extern "C" fn SSL_get_wbio(s: *const SSL) -> *mut BIO {
    guard("SSL_get_wbio", std::ptr::null_mut(), || {
        Ok(ssl_arg(s)?.st.lock().wbio.as_ref().map_or(std::ptr::null_mut(), |b| b.as_ptr()))
    })
}

/// `SSL_set_connect_state`: this connection is a client.
#[no_mangle]
pub extern "C" fn SSL_set_connect_state(s: *mut SSL) {
    guard_void("SSL_set_connect_state", || {
        if let Ok(ssl) = ssl_arg(s) {
            ssl.reset(Some(Role::Client));
        }
    })
}

/// `SSL_set_accept_state`: this connection is a server; state cleared.
#[no_mangle]
pub extern "C" fn SSL_set_accept_state(s: *mut SSL) {
    guard_void("SSL_set_accept_state", || {
        if let Ok(ssl) = ssl_arg(s) {
            ssl.reset(Some(Role::Server));
        }
    })
}

/// `SSL_clear`: ready for a new handshake with the same settings; a session
/// that ended badly (no close_notify sent) is dropped, as in OpenSSL.
#[no_mangle]
pub extern "C" fn SSL_clear(s: *mut SSL) -> c_int {
    guard("SSL_clear", 0, || {
        let ssl = ssl_arg(s)?;
        let bad = {
            let mut st = ssl.st.lock();
            if st.shutdown & crate::api::connection::SSL_SENT_SHUTDOWN == 0 && st.handshake_done {
                st.session.take()
            } else {
                None
            }
        };
        if let Some(sess) = bad {
            crate::api::hooks::remove_session(&ssl.session_ctx, &sess);
        }
        ssl.reset(None);
        Ok(1)
    })
}

/// `SSL_is_server`.
#[no_mangle]
pub extern "C" fn SSL_is_server(s: *const SSL) -> c_int {
    guard("SSL_is_server", 0, || Ok((ssl_arg(s)?.st.lock().role == Some(Role::Server)) as c_int))
}

/// `SSL_set_options`.
#[no_mangle]
pub extern "C" fn SSL_set_options(s: *mut SSL, op: u64) -> u64 {
    guard("SSL_set_options", 0, || {
        let ssl = ssl_arg(s)?;
        let mut st = ssl.st.lock();
        st.settings.options |= op;
        Ok(st.settings.options)
    })
}

/// `SSL_clear_options`.
#[no_mangle]
pub extern "C" fn SSL_clear_options(s: *mut SSL, op: u64) -> u64 {
    guard("SSL_clear_options", 0, || {
        let ssl = ssl_arg(s)?;
        let mut st = ssl.st.lock();
        st.settings.options &= !op;
        Ok(st.settings.options)
    })
}

/// `SSL_get_options`.
#[no_mangle]
pub extern "C" fn SSL_get_options(s: *const SSL) -> u64 {
    guard("SSL_get_options", 0, || Ok(ssl_arg(s)?.st.lock().settings.options))
}

/// `SSL_set_ciphersuites`.
///
/// # Safety
/// `list` must be a NUL-terminated string.
#[no_mangle]
pub unsafe extern "C" fn SSL_set_ciphersuites(s: *mut SSL, list: *const c_char) -> c_int {
    guard("SSL_set_ciphersuites", 0, || {
        let ssl = ssl_arg(s)?;
        // SAFETY: NUL-terminated per the contract.
        let list = unsafe { str_arg(list)? }.ok_or_else(Fail::null)?;
        let parsed = suites::parse_ciphersuites(list).ok_or(Fail::new(reason::NO_CIPHER_MATCH, "no cipher match"))?;
        ssl.st.lock().settings.suites = parsed;
        Ok(1)
    })
}

/// `SSL_set_cipher_list`: see `SSL_CTX_set_cipher_list`.
///
/// # Safety
/// `list` must be a NUL-terminated string.
#[no_mangle]
pub unsafe extern "C" fn SSL_set_cipher_list(s: *mut SSL, list: *const c_char) -> c_int {
    guard("SSL_set_cipher_list", 0, || {
        let ssl = ssl_arg(s)?;
        // SAFETY: NUL-terminated per the contract.
        let list = unsafe { str_arg(list)? }.ok_or_else(Fail::null)?;
        if !ssl.st.lock().settings.set_cipher_list(list) {
            return Err(Fail::new(reason::NO_CIPHER_MATCH, "no cipher match"));
        }
        Ok(1)
    })
}

/// `SSL_set_alpn_protos`: 0 on success (OpenSSL's inverted convention).
///
/// # Safety
/// `protos` must point at `len` readable bytes.
#[no_mangle]
pub unsafe extern "C" fn SSL_set_alpn_protos(s: *mut SSL, protos: *const u8, len: c_uint) -> c_int {
    guard("SSL_set_alpn_protos", 1, || {
        let ssl = ssl_arg(s)?;
        // OpenSSL: NULL or empty clears the list (0, success); a list
        // that is not valid wire format is refused quietly (1).
        if protos.is_null() || len == 0 {
            ssl.st.lock().settings.alpn = Vec::new();
            return Ok(0);
        }
        // SAFETY: per the contract.
        let list = unsafe { bytes_arg(protos, len as usize)? };
        if !super::ssl_ctx::valid_alpn_list(list) {
            return Ok(1);
        }
        ssl.st.lock().settings.alpn = list.to_vec();
        Ok(0)
    })
}

/// `SSL_get0_alpn_selected`: get0 — the negotiated protocol, or NULL/0.
///
/// # Safety
/// `data` and `len` must be writable.
#[no_mangle]
pub unsafe extern "C" fn SSL_get0_alpn_selected(s: *const SSL, data: *mut *const u8, len: *mut c_uint) {
    guard_void("SSL_get0_alpn_selected", || {
        let ssl = ssl_arg(s).ok();
        let st = ssl.as_ref().map(|x| x.st.lock());
        // The bytes live in the SSL until it is freed.
        // SAFETY: out-parameters per the contract.
        unsafe { super::boundary::write_borrowed(st.as_ref().map(|st| &st.alpn_selected[..]), data, len) };
    })
}

/// The connection's version as OpenSSL's `s->version`: the negotiated one
/// after the handshake, before it the highest the settings enable.
fn connection_version(st: &crate::api::connection::State) -> u16 {
    if st.version != 0 {
        return st.version;
    }
    let s = &st.settings;
    s.enabled_versions().map_or(crate::tls::TLS1_3_VERSION, |(_, max)| max)
}

/// `SSL_get_version`: "TLSv1.3", "TLSv1.2", "TLSv1.1" or "TLSv1" (static
/// strings), for the negotiated version or, before a handshake, the
/// highest enabled one.
#[no_mangle]
pub extern "C" fn SSL_get_version(s: *const SSL) -> *const c_char {
    guard("SSL_get_version", std::ptr::null(), || {
        let ssl = ssl_arg(s)?;
        let v = connection_version(&ssl.st.lock());
        Ok(match v {
            crate::tls::TLS1_VERSION => c"TLSv1".as_ptr(),
            crate::tls::TLS1_1_VERSION => c"TLSv1.1".as_ptr(),
            crate::tls::TLS1_2_VERSION => c"TLSv1.2".as_ptr(),
            _ => c"TLSv1.3".as_ptr(),
        })
    })
}

/// `SSL_version`: 0x0301 to 0x0304, as `SSL_get_version` names it.
#[no_mangle]
pub extern "C" fn SSL_version(s: *const SSL) -> c_int {
    guard("SSL_version", 0, || Ok(connection_version(&ssl_arg(s)?.st.lock()) as c_int))
}

/// `SSL_client_version`: the highest version our ClientHello offers.
#[no_mangle]
pub extern "C" fn SSL_client_version(s: *const SSL) -> c_int {
    guard("SSL_client_version", 0, || {
        let ssl = ssl_arg(s)?;
        let st = ssl.st.lock();
        let set = &st.settings;
        Ok(set.enabled_versions().map_or(crate::api::context::TLS1_3_VERSION, |(_, max)| max as c_int))
    })
}

/// `SSL_get_current_cipher`: get0 — the negotiated suite, NULL before.
#[no_mangle]
pub extern "C" fn SSL_get_current_cipher(s: *const SSL) -> *const SSL_CIPHER {
    guard("SSL_get_current_cipher", std::ptr::null(), || {
        Ok(ssl_arg(s)?.st.lock().negotiated_suite.map_or(std::ptr::null(), super::cipher::cipher_for))
    })
}

/// `SSL_get_pending_cipher`: NULL outside a handshake in progress.
#[no_mangle]
pub extern "C" fn SSL_get_pending_cipher(s: *const SSL) -> *const SSL_CIPHER {
    guard("SSL_get_pending_cipher", std::ptr::null(), || {
        ssl_arg(s)?;
        Ok(std::ptr::null())
    })
}

/// `SSL_is_init_finished`.
#[no_mangle]
pub extern "C" fn SSL_is_init_finished(s: *const SSL) -> c_int {
    guard("SSL_is_init_finished", 0, || Ok(ssl_arg(s)?.is_init_finished() as c_int))
}

/// `SSL_in_init`: 1 until the handshake completes.
#[no_mangle]
pub extern "C" fn SSL_in_init(s: *const SSL) -> c_int {
    guard("SSL_in_init", 0, || Ok(!ssl_arg(s)?.is_init_finished() as c_int))
}

/// `SSL_in_before`: 1 before the first handshake message.
#[no_mangle]
pub extern "C" fn SSL_in_before(s: *const SSL) -> c_int {
    guard("SSL_in_before", 0, || Ok(ssl_arg(s)?.in_before() as c_int))
}

/// `SSL_get_state`: OpenSSL's `OSSL_HANDSHAKE_STATE` — TLS_ST_BEFORE until
/// the first handshake message, then the state after the last message sent
/// or received (e.g. TLS_ST_SR_CLNT_HELLO), TLS_ST_OK when done. The C
/// return type is that enum, ABI-compatible with `unsigned int`.
#[no_mangle]
pub extern "C" fn SSL_get_state(s: *const SSL) -> c_uint {
    guard("SSL_get_state", 0, || Ok(ssl_arg(s)?.st.lock().hs_state))
}

/// `SSL_set_ex_data`.
#[no_mangle]
pub extern "C" fn SSL_set_ex_data(s: *mut SSL, idx: c_int, data: *mut c_void) -> c_int {
    guard("SSL_set_ex_data", 0, || {
        let ssl = ssl_arg(s)?;
        let mut ex = ssl.ex.lock();
        Ok(ex.as_mut().is_some_and(|e| e.set(idx, data)) as c_int)
    })
}

/// `SSL_get_ex_data`.
#[no_mangle]
pub extern "C" fn SSL_get_ex_data(s: *const SSL, idx: c_int) -> *mut c_void {
    guard("SSL_get_ex_data", std::ptr::null_mut(), || {
        let ssl = ssl_arg(s)?;
        let ex = ssl.ex.lock();
        Ok(ex.as_ref().map_or(std::ptr::null_mut(), |e| e.get(idx)))
    })
}

/// `SSL_set_info_callback`.
#[no_mangle]
pub extern "C" fn SSL_set_info_callback(s: *mut SSL, cb: InfoCb) {
    guard_void("SSL_set_info_callback", || {
        if let Ok(ssl) = ssl_arg(s) {
            ssl.st.lock().info_cb = cb;
        }
    })
}

/// `SSL_get_info_callback`.
#[no_mangle]
pub extern "C" fn SSL_get_info_callback(s: *const SSL) -> InfoCb {
    guard("SSL_get_info_callback", None, || Ok(ssl_arg(s)?.st.lock().info_cb))
}

/// `SSL_set_num_tickets`.
#[no_mangle]
pub extern "C" fn SSL_set_num_tickets(s: *mut SSL, n: usize) -> c_int {
    guard("SSL_set_num_tickets", 0, || {
        ssl_arg(s)?.st.lock().settings.num_tickets = n as u64;
        Ok(1)
    })
}

/// `SSL_get_num_tickets`.
#[no_mangle]
pub extern "C" fn SSL_get_num_tickets(s: *const SSL) -> usize {
    guard("SSL_get_num_tickets", 0, || Ok(ssl_arg(s)?.st.lock().settings.num_tickets as usize))
}

/// `SSL_set_session_id_context`: at most 32 bytes.
///
/// # Safety
/// `sid` must point at `len` readable bytes.
#[no_mangle]
pub unsafe extern "C" fn SSL_set_session_id_context(s: *mut SSL, sid: *const u8, len: c_uint) -> c_int {
    guard("SSL_set_session_id_context", 0, || {
        let ssl = ssl_arg(s)?;
        if len > 32 {
            return Err(Fail::new(reason::SSL_SESSION_ID_CONTEXT_TOO_LONG, "ssl session id context too long"));
        }
        // SAFETY: per the contract.
        let b = unsafe { bytes_arg(sid, len as usize)? };
        ssl.st.lock().settings.sid_ctx = b.to_vec();
        Ok(1)
    })
}

/// `SSL_is_dtls`: 0 — we implement TLS only.
#[no_mangle]
pub extern "C" fn SSL_is_dtls(s: *const SSL) -> c_int {
    guard("SSL_is_dtls", 0, || {
        ssl_arg(s)?;
        Ok(0)
    })
}

/// `SSL_export_keying_material`: the TLS 1.3 exporter (RFC 8446 section 7.5)
/// or TLS 1.2's (RFC 5705) into `out`; 1 on success, 0 before the handshake or for a label too long.
///
/// # Safety
/// `out` must be writable for `olen` bytes; `label` readable for `llen`,
/// `context` for `contextlen` bytes.
#[no_mangle]
pub unsafe extern "C" fn SSL_export_keying_material(
    s: *mut SSL,
    out: *mut u8,
    olen: usize,
    label: *const c_char,
    llen: usize,
    context: *const u8,
    contextlen: usize,
    use_context: c_int,
) -> c_int {
    guard("SSL_export_keying_material", 0, || {
        let ssl = ssl_arg(s)?;
        // SAFETY: per the contract.
        let (label, ctx) = unsafe {
            (bytes_arg(label.cast(), llen)?, if use_context != 0 { Some(bytes_arg(context, contextlen)?) } else { None })
        };
        if out.is_null() && olen > 0 {
            return Err(Fail::null());
        }
        let km = ssl
            .export_keying_material(label, ctx, olen)
            .ok_or(Fail::new(reason::BAD_VALUE, "no keying material before the handshake"))?;
        // SAFETY: out is writable for olen bytes; km has olen bytes.
        unsafe { std::ptr::copy_nonoverlapping(km.as_ptr(), out, olen) };
        Ok(1)
    })
}

/// `SSL_get_peer_signature_type_nid`: the key type of the peer's
/// CertificateVerify (e.g. NID_X9_62_id_ecPublicKey, NID_rsassaPss).
///
/// # Safety
/// `pnid` must be writable.
#[no_mangle]
pub unsafe extern "C" fn SSL_get_peer_signature_type_nid(s: *const SSL, pnid: *mut c_int) -> c_int {
    guard("SSL_get_peer_signature_type_nid", 0, || {
        let ssl = ssl_arg(s)?;
        let Some((_, ty)) = ssl.peer_sig_scheme().and_then(crate::crypto::verify::scheme_nids) else { return Ok(0) };
        if pnid.is_null() {
            return Err(Fail::null());
        }
        // SAFETY: per the contract.
        unsafe { *pnid = ty };
        Ok(1)
    })
}
