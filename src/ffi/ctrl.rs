//! `SSL_ctrl`, `SSL_CTX_ctrl` and the callback twins: the commands behind
//! ssl.h's macros, decoded into typed calls. Unknown commands fail with an
//! error, as OpenSSL's return 0.

use std::ffi::{c_char, c_int, c_long, c_void};
use std::sync::atomic::Ordering;

use super::boundary::{ctx_arg, guard, ssl_arg, str_arg, Fail};
use super::types::{SSL, SSL_CTX, X509};
use crate::api::context::{parse_groups_list, valid_version_bound, Settings};
use crate::api::reason;
use crate::crypto::kx::Group;
use crate::sys::callbacks::GenericCb;
use crate::sys::x509::X509Ref;

const EXTRA_CHAIN_CERT: c_int = 14;
const SESS_NUMBER: c_int = 20;
const SESS_CONNECT: c_int = 21;
const SESS_CONNECT_GOOD: c_int = 22;
const SESS_CONNECT_RENEGOTIATE: c_int = 23;
const SESS_ACCEPT: c_int = 24;
const SESS_ACCEPT_GOOD: c_int = 25;
const SESS_ACCEPT_RENEGOTIATE: c_int = 26;
const SESS_HIT: c_int = 27;
const SESS_CB_HIT: c_int = 28;
const SESS_MISSES: c_int = 29;
const SESS_TIMEOUTS: c_int = 30;
const SESS_CACHE_FULL: c_int = 31;
const MODE: c_int = 33;
const GET_READ_AHEAD: c_int = 40;
const SET_READ_AHEAD: c_int = 41;
const SET_SESS_CACHE_SIZE: c_int = 42;
const GET_SESS_CACHE_SIZE: c_int = 43;
const SET_SESS_CACHE_MODE: c_int = 44;
const GET_SESS_CACHE_MODE: c_int = 45;
const GET_MAX_CERT_LIST: c_int = 50;
const SET_MAX_CERT_LIST: c_int = 51;
const SET_TLSEXT_SERVERNAME_CB: c_int = 53;
const SET_TLSEXT_SERVERNAME_ARG: c_int = 54;
const SET_TLSEXT_HOSTNAME: c_int = 55;
const GET_NUM_RENEGOTIATIONS: c_int = 10;
const CLEAR_NUM_RENEGOTIATIONS: c_int = 11;
const GET_TOTAL_RENEGOTIATIONS: c_int = 12;
const CLEAR_MODE: c_int = 78;
const CLEAR_EXTRA_CHAIN_CERTS: c_int = 83;
const SET_GROUPS: c_int = 91;
const SET_GROUPS_LIST: c_int = 92;
const SET_MIN_PROTO_VERSION: c_int = 123;
const SET_MAX_PROTO_VERSION: c_int = 124;
const GET_MIN_PROTO_VERSION: c_int = 130;
const GET_MAX_PROTO_VERSION: c_int = 131;
const GET_NEGOTIATED_GROUP: c_int = 134;
const GET_TLSEXT_TICKET_KEYS: c_int = 58;
const SET_TLSEXT_TICKET_KEYS: c_int = 59;
const CHAIN_CERT: c_int = 89;
const GET_RAW_CIPHERLIST: c_int = 110;
const GET_PEER_TMP_KEY: c_int = 109;
const GET_PEER_SIGNATURE_NID: c_int = 108;

/// Commands that act on settings shared by SSL_CTX and SSL.
///
/// # Safety
/// `parg` must be what the command's macro passes.
unsafe fn settings_ctrl(s: &mut Settings, cmd: c_int, larg: c_long, parg: *mut c_void) -> Option<Result<c_long, Fail>> {
    Some(match cmd {
        MODE => {
            s.mode |= larg as u64;
            Ok(s.mode as c_long)
        }
        CLEAR_MODE => {
            s.mode &= !(larg as u64);
            Ok(s.mode as c_long)
        }
        SET_MIN_PROTO_VERSION | SET_MAX_PROTO_VERSION => {
            let v = larg as i32;
            if !valid_version_bound(v) {
                // OpenSSL's ssl_set_version_bound fails without pushing an error.
                return Some(Ok(0));
            }
            if cmd == SET_MIN_PROTO_VERSION {
                s.min_version = v;
            } else {
                s.max_version = v;
            }
            Ok(1)
        }
        GET_MIN_PROTO_VERSION => Ok(s.min_version as c_long),
        GET_MAX_PROTO_VERSION => Ok(s.max_version as c_long),
        SET_GROUPS_LIST => {
            // SAFETY: the macro passes a NUL-terminated string.
            let list = match unsafe { str_arg(parg as *const c_char) } {
                Ok(Some(l)) => l,
                Ok(None) => return Some(Err(Fail::null())),
                Err(e) => return Some(Err(e)),
            };
            match parse_groups_list(list) {
                Some(g) => {
                    s.groups = g;
                    Ok(1)
                }
                None => Err(Fail::new(reason::BAD_VALUE, "unknown group in list")),
            }
        }
        SET_GROUPS => {
            if parg.is_null() || larg <= 0 {
                return Some(Err(Fail::null()));
            }
            // SAFETY: the macro passes `larg` ints.
            let nids = unsafe { std::slice::from_raw_parts(parg as *const c_int, larg as usize) };
            let groups: Option<Vec<Group>> = nids.iter().map(|n| Group::from_nid(*n)).collect();
            match groups {
                Some(g) => {
                    s.groups = g;
                    Ok(1)
                }
                None => Err(Fail::new(reason::BAD_VALUE, "unsupported group")),
            }
        }
        _ => return None,
    })
}

/// `SSL_CTX_ctrl`.
///
/// # Safety
/// `parg` must be what the command's macro passes.
#[no_mangle]
pub unsafe extern "C" fn SSL_CTX_ctrl(ctx: *mut SSL_CTX, cmd: c_int, larg: c_long, parg: *mut c_void) -> c_long {
    guard("SSL_CTX_ctrl", 0, || {
        let c = ctx_arg(ctx)?;
        // SAFETY: forwarded contract.
        if let Some(r) = unsafe { settings_ctrl(&mut c.settings.lock(), cmd, larg, parg) } {
            return r;
        }
        let stat = |a: &std::sync::atomic::AtomicI64| Ok(a.load(Ordering::Relaxed) as c_long);
        match cmd {
            SESS_NUMBER => Ok(c.cache.len() as c_long),
            CHAIN_CERT => super::certs::add_chain_cert_ctrl(&mut c.settings.lock().certs, larg, parg as *mut X509),
            GET_TLSEXT_TICKET_KEYS | SET_TLSEXT_TICKET_KEYS => {
                // The 80-byte blob: key name (16), HMAC key (32), AES key (32).
                if larg != 80 || parg.is_null() {
                    return Err(Fail::new(reason::INVALID_TICKET_KEYS_LENGTH, "invalid ticket keys length"));
                }
                if cmd == SET_TLSEXT_TICKET_KEYS {
                    // SAFETY: the macro passes an 80-byte buffer.
                    let blob: &[u8; 80] = unsafe { &*(parg as *const [u8; 80]) };
                    *c.ticket_key.lock() = std::sync::Arc::new(crate::crypto::ticket::TicketKey::from_blob(blob));
                } else {
                    let blob = c.ticket_key.lock().blob();
                    // SAFETY: the macro passes an 80-byte writable buffer.
                    unsafe { std::ptr::copy_nonoverlapping(blob.as_ptr(), parg as *mut u8, 80) };
                }
                Ok(1)
            }
            SESS_CONNECT => stat(&c.stats.connect),
            SESS_CONNECT_GOOD => stat(&c.stats.connect_good),
            SESS_CONNECT_RENEGOTIATE => stat(&c.stats.connect_renegotiate),
            SESS_ACCEPT => stat(&c.stats.accept),
            SESS_ACCEPT_GOOD => stat(&c.stats.accept_good),
            SESS_ACCEPT_RENEGOTIATE => stat(&c.stats.accept_renegotiate),
            SESS_HIT => stat(&c.stats.hits),
            SESS_CB_HIT => stat(&c.stats.cb_hits),
            SESS_MISSES => stat(&c.stats.misses),
            SESS_TIMEOUTS => stat(&c.stats.timeouts),
            SESS_CACHE_FULL => stat(&c.stats.cache_full),
            SET_SESS_CACHE_SIZE => {
                if larg < 0 {
                    return Ok(0);
                }
                Ok(c.cache_size.swap(larg as i64, Ordering::Relaxed) as c_long)
            }
            GET_SESS_CACHE_SIZE => stat(&c.cache_size),
            SET_SESS_CACHE_MODE => Ok(c.cache_mode.swap(larg as i64, Ordering::Relaxed) as c_long),
            GET_SESS_CACHE_MODE => stat(&c.cache_mode),
            GET_READ_AHEAD => stat(&c.read_ahead),
            SET_READ_AHEAD => Ok(c.read_ahead.swap(larg as i64, Ordering::Relaxed) as c_long),
            GET_MAX_CERT_LIST => stat(&c.max_cert_list),
            SET_MAX_CERT_LIST => {
                if larg < 0 {
                    return Ok(0);
                }
                Ok(c.max_cert_list.swap(larg as i64, Ordering::Relaxed) as c_long)
            }
            SET_TLSEXT_SERVERNAME_ARG => {
                c.callbacks.lock().servername_arg = parg as usize;
                Ok(1)
            }
            EXTRA_CHAIN_CERT => {
                // set0: we take ownership of the X509 reference.
                let x = X509Ref::from_owned(parg as *mut X509).ok_or_else(Fail::null)?;
                c.extra_chain.lock().push(x);
                Ok(1)
            }
            CLEAR_EXTRA_CHAIN_CERTS => {
                c.extra_chain.lock().clear();
                Ok(1)
            }
            _ => Err(Fail::new(reason::UNKNOWN_COMMAND, "SSL_CTX_ctrl command not implemented")),
        }
    })
}

/// `SSL_ctrl`.
///
/// # Safety
/// `parg` must be what the command's macro passes.
#[no_mangle]
pub unsafe extern "C" fn SSL_ctrl(s: *mut SSL, cmd: c_int, larg: c_long, parg: *mut c_void) -> c_long {
    guard("SSL_ctrl", 0, || {
        let ssl = ssl_arg(s)?;
        if cmd == GET_PEER_SIGNATURE_NID {
            // The digest of the peer's signature; 0 when there is none.
            let Some((digest, _)) = ssl.peer_sig_scheme().and_then(crate::crypto::verify::scheme_nids) else { return Ok(0) };
            if parg.is_null() {
                return Err(Fail::null());
            }
            // SAFETY: the macro passes an `int *`.
            unsafe { *(parg as *mut c_int) = digest };
            return Ok(1);
        }
        if cmd == GET_PEER_TMP_KEY {
            // get1: the caller frees the EVP_PKEY.
            if parg.is_null() {
                return Err(Fail::null());
            }
            let Some((group, key)) = ssl.peer_key_share() else { return Ok(0) };
            let k = crate::sys::pkey::from_key_share(group, &key).ok_or(Fail::new(reason::BAD_VALUE, "peer key does not decode"))?;
            // SAFETY: the macro passes an `EVP_PKEY **`.
            unsafe { *(parg as *mut *mut crate::sys::EVP_PKEY) = k.into_ptr() };
            return Ok(1);
        }
        let mut st = ssl.st.lock();
        // SAFETY: forwarded contract.
        if let Some(r) = unsafe { settings_ctrl(&mut st.settings, cmd, larg, parg) } {
            return r;
        }
        match cmd {
            SET_TLSEXT_HOSTNAME => {
                if larg != 0 {
                    return Err(Fail::new(reason::SSL3_EXT_INVALID_SERVERNAME_TYPE, "ssl3 ext invalid servername type"));
                }
                // SAFETY: the macro passes a NUL-terminated string or NULL.
                let name = unsafe { str_arg(parg as *const c_char)? };
                if let Some(n) = name {
                    if n.is_empty() || n.len() > 255 {
                        return Err(Fail::new(reason::SSL3_EXT_INVALID_SERVERNAME, "ssl3 ext invalid servername"));
                    }
                }
                st.hostname = name.map(str::to_string);
                Ok(1)
            }
            GET_NEGOTIATED_GROUP => Ok(st.negotiated_group.map_or(0, |g| g.nid() as c_long)),
            CHAIN_CERT => super::certs::add_chain_cert_ctrl(&mut st.settings.certs, larg, parg as *mut X509),
            GET_NUM_RENEGOTIATIONS | CLEAR_NUM_RENEGOTIATIONS | GET_TOTAL_RENEGOTIATIONS => Ok(0),
            GET_RAW_CIPHERLIST => {
                // With NULL: the size of one entry (2 in TLS); else a get0
                // pointer to the client's list and its length.
                if parg.is_null() {
                    return Ok(2);
                }
                // SAFETY: the macro passes a `const unsigned char **`.
                unsafe { *(parg as *mut *const u8) = st.raw_cipherlist.as_ptr() };
                Ok(st.raw_cipherlist.len() as c_long)
            }
            GET_READ_AHEAD => Ok(0),
            _ => Err(Fail::new(reason::UNKNOWN_COMMAND, "SSL_ctrl command not implemented")),
        }
    })
}

/// `SSL_CTX_callback_ctrl`: the servername callback.
#[no_mangle]
pub extern "C" fn SSL_CTX_callback_ctrl(ctx: *mut SSL_CTX, cmd: c_int, fp: GenericCb) -> c_long {
    guard("SSL_CTX_callback_ctrl", 0, || {
        let c = ctx_arg(ctx)?;
        match cmd {
            SET_TLSEXT_SERVERNAME_CB => {
                // SAFETY: SSL_CTX_set_tlsext_servername_callback passes a
                // function of this signature through the generic pointer type.
                c.callbacks.lock().servername = fp.map(|f| unsafe {
                    std::mem::transmute::<unsafe extern "C" fn(), unsafe extern "C" fn(*mut crate::sys::SSL, *mut c_int, *mut c_void) -> c_int>(f)
                });
                Ok(1)
            }
            _ => Err(Fail::new(reason::UNKNOWN_COMMAND, "SSL_CTX_callback_ctrl command not implemented")),
        }
    })
}

/// `SSL_callback_ctrl`: no per-connection callback commands are implemented yet.
#[no_mangle]
pub extern "C" fn SSL_callback_ctrl(s: *mut SSL, cmd: c_int, fp: GenericCb) -> c_long {
    guard("SSL_callback_ctrl", 0, || {
        ssl_arg(s)?;
        let _ = (cmd, fp);
        Err(Fail::new(reason::UNKNOWN_COMMAND, "SSL_callback_ctrl command not implemented"))
    })
}
