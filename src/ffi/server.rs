//! Server-side exports: SNI, ALPN selection, context switching, tickets.

use std::ffi::{c_char, c_int, c_uint, c_void};

use super::boundary::{ctx_arg, guard, guard_void, ssl_arg, Fail};
use super::types::{SSL, SSL_CTX};
use crate::api::connection::Failure;
use crate::api::context::SslContext;
use crate::api::handle::{CRef, Kind};
use crate::sys::callbacks::AlpnSelectCb;

/// `SSL_get_servername`: the SNI host name (server: what the client sent;
/// client: what we set), or NULL. `type` must be TLSEXT_NAMETYPE_host_name.
#[no_mangle]
pub extern "C" fn SSL_get_servername(s: *const SSL, ty: c_int) -> *const c_char {
    guard("SSL_get_servername", std::ptr::null(), || {
        let ssl = ssl_arg(s)?;
        if ty != 0 {
            return Ok(std::ptr::null());
        }
        let before = ssl.in_before();
        let mut st = ssl.st.lock();
        let session_name = |st: &crate::api::connection::State| st.session.as_ref().map(|s| s.read(|d| (d.version, d.hostname.clone())));
        // OpenSSL: "In TLSv1.3 on the server SNI is not associated with
        // the session but in TLSv1.2 or below it is": a resumed TLS 1.2
        // server reports the name the session accepted (or none). A client
        // reports a TLS 1.2 session's accepted name before the handshake
        // when it set none, and after a TLS 1.2 resumption whatever it set.
        let name = if st.role != Some(crate::api::context::Role::Server) {
            match session_name(&st) {
                Some((v, Some(n))) if before && st.hostname.is_none() && v != crate::tls::TLS1_3_VERSION => Some(n),
                Some((_, Some(n))) if !before && st.session_reused && st.version < crate::tls::TLS1_3_VERSION => Some(n),
                _ => st.hostname.clone(),
            }
        } else if st.session_reused && st.version < crate::tls::TLS1_3_VERSION {
            st.session.as_ref().and_then(|s| s.read(|d| d.hostname.clone()))
        } else {
            st.servername.clone()
        };
        // Kept NUL-terminated in the SSL so the pointer stays valid.
        st.servername_c = name.and_then(|n| std::ffi::CString::new(n).ok());
        Ok(st.servername_c.as_ref().map_or(std::ptr::null(), |c| c.as_ptr()))
    })
}

/// `SSL_get_servername_type`: TLSEXT_NAMETYPE_host_name (0) when a name is known, else -1.
#[no_mangle]
pub extern "C" fn SSL_get_servername_type(s: *const SSL) -> c_int {
    if SSL_get_servername(s, 0).is_null() {
        -1
    } else {
        0
    }
}

/// `SSL_set_SSL_CTX`: switch the connection to another context (typically
/// from the servername callback): its certificates and, if the session id
/// context was the old context's, its session id context. Sessions stay
/// cached in the original context, as in OpenSSL.
#[no_mangle]
pub extern "C" fn SSL_set_SSL_CTX(s: *mut SSL, ctx: *mut SSL_CTX) -> *mut SSL_CTX {
    guard("SSL_set_SSL_CTX", std::ptr::null_mut(), || {
        let ssl = ssl_arg(s)?;
        if ctx.is_null() {
            return Ok(ssl.ctx_ptr() as *mut SSL_CTX);
        }
        ctx_arg(ctx)?;
        let new = CRef::<SslContext>::acquire(ctx as usize, Kind::SslCtx).ok_or(Fail::invalid("SSL_CTX is not live"))?;
        let (certs, new_sid) = {
            let s = new.settings.lock();
            (s.certs.clone(), s.sid_ctx.clone())
        };
        ssl.libctx.store(new.libctx.load(std::sync::atomic::Ordering::Relaxed), std::sync::atomic::Ordering::Relaxed);
        let old = {
            let mut cur = ssl.ctx.lock();
            std::mem::replace(&mut *cur, new)
        };
        {
            let old_sid = old.settings.lock().sid_ctx.clone();
            let mut st = ssl.st.lock();
            st.settings.certs = certs;
            if st.settings.sid_ctx == old_sid {
                st.settings.sid_ctx = new_sid;
            }
        }
        drop(old);
        Ok(ctx)
    })
}

/// `SSL_CTX_set_alpn_select_cb`.
#[no_mangle]
pub extern "C" fn SSL_CTX_set_alpn_select_cb(ctx: *mut SSL_CTX, cb: AlpnSelectCb, arg: *mut c_void) {
    guard_void("SSL_CTX_set_alpn_select_cb", || {
        if let Ok(c) = ctx_arg(ctx) {
            let mut cbs = c.callbacks.lock();
            cbs.alpn_select = cb;
            cbs.alpn_select_arg = arg as usize;
        }
    })
}

/// `SSL_select_next_proto`: the first of the server's protocols the client
/// also offers (OPENSSL_NPN_NEGOTIATED, 1); otherwise the client's first
/// (OPENSSL_NPN_NO_OVERLAP, 2). `*out` points into the given lists.
///
/// # Safety
/// The lists must be readable for their lengths and `out`/`outlen` writable.
#[no_mangle]
pub unsafe extern "C" fn SSL_select_next_proto(
    out: *mut *mut u8,
    outlen: *mut u8,
    server: *const u8,
    server_len: c_uint,
    client: *const u8,
    client_len: c_uint,
) -> c_int {
    guard("SSL_select_next_proto", 0, || {
        if out.is_null() || outlen.is_null() {
            return Err(Fail::null());
        }
        // SAFETY: per the contract.
        let (srv, cli) = unsafe {
            (super::boundary::bytes_arg(server, server_len as usize)?, super::boundary::bytes_arg(client, client_len as usize)?)
        };
        let items = |l: &[u8]| -> Vec<(usize, usize)> {
            let mut v = Vec::new();
            let mut i = 0;
            while i < l.len() {
                let n = l[i] as usize;
                if n == 0 || i + 1 + n > l.len() {
                    break;
                }
                v.push((i + 1, n));
                i += 1 + n;
            }
            v
        };
        let (si, ci) = (items(srv), items(cli));
        for &(so, sn) in &si {
            for &(co, cn) in &ci {
                if srv[so..so + sn] == cli[co..co + cn] {
                    // SAFETY: out/outlen writable; the pointer is into `server`.
                    unsafe {
                        *out = server.add(so) as *mut u8;
                        *outlen = sn as u8;
                    }
                    return Ok(1);
                }
            }
        }
        // SAFETY: as above; into `client`, or NULL/0 for an empty list.
        unsafe {
            match ci.first() {
                Some(&(co, cn)) => {
                    *out = client.add(co) as *mut u8;
                    *outlen = cn as u8;
                }
                None => {
                    *out = std::ptr::null_mut();
                    *outlen = 0;
                }
            }
        }
        Ok(2)
    })
}

/// `SSL_verify_client_post_handshake`: a TLS 1.3 server sends a
/// CertificateRequest to an established client that offered
/// post_handshake_auth; 1 when sent (the answer arrives with later reads),
/// 0 with OpenSSL's reason otherwise.
#[no_mangle]
pub extern "C" fn SSL_verify_client_post_handshake(s: *mut SSL) -> c_int {
    guard("SSL_verify_client_post_handshake", 0, || {
        let ssl = ssl_arg(s)?;
        match ssl.verify_client_post_handshake() {
            Ok(()) => Ok(1),
            Err(Failure::Ssl(e)) => Err(e.into()),
            Err(Failure::Engine(e)) => Err(Fail { reason: e.reason, detail: Some(e.detail) }),
            Err(_) => Ok(0),
        }
    })
}

/// `SSL_new_session_ticket`: a TLS 1.3 server sends one more ticket now.
#[no_mangle]
pub extern "C" fn SSL_new_session_ticket(s: *mut SSL) -> c_int {
    guard("SSL_new_session_ticket", 0, || {
        let ssl = ssl_arg(s)?;
        match ssl.new_session_ticket() {
            Ok(()) => Ok(1),
            Err(Failure::Ssl(e)) => Err(e.into()),
            Err(Failure::Engine(e)) => Err(Fail { reason: e.reason, detail: Some(e.detail) }),
            Err(_) => Ok(0),
        }
    })
}
