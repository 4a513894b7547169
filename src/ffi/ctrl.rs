//! `SSL_ctrl`, `SSL_CTX_ctrl` and the callback twins: the commands behind
//! ssl.h's macros, decoded into typed calls. Unknown commands fail with an
//! error, as OpenSSL's return 0.

use std::ffi::{c_char, c_int, c_long, c_void};
use std::sync::atomic::Ordering;

use super::boundary::{ctx_arg, guard, ssl_arg, str_arg, Fail};
use super::types::{DH, EC_KEY, SSL, SSL_CTX, X509};
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
const SET_TMP_DH: c_int = 3;
const SET_TMP_ECDH: c_int = 4;
const SET_TMP_DH_CB: c_int = 6;
const SET_MSG_CALLBACK: c_int = 15;
const SET_MSG_CALLBACK_ARG: c_int = 16;
const SET_MAX_SEND_FRAGMENT: c_int = 52;
const SET_TLSEXT_STATUS_REQ_CB: c_int = 63;
const SET_TLSEXT_STATUS_REQ_CB_ARG: c_int = 64;
const SET_TLSEXT_STATUS_REQ_TYPE: c_int = 65;
const GET_RI_SUPPORT: c_int = 76;
const GET_EC_POINT_FORMATS: c_int = 111;
const GET_TLSEXT_STATUS_REQ_OCSP_RESP: c_int = 70;
const SET_TLSEXT_STATUS_REQ_OCSP_RESP: c_int = 71;
const SET_SIGALGS: c_int = 97;
const SET_CLIENT_SIGALGS: c_int = 101;
const SET_SIGALGS_LIST: c_int = 98;
const SET_CLIENT_SIGALGS_LIST: c_int = 102;
const GET_SIGNATURE_NID: c_int = 132;
/// OpenSSL 3.5's SSL_get0_signature_name / SSL_get0_peer_signature_name.
const GET_SIGNATURE_NAME: c_int = 140;
const GET_PEER_SIGNATURE_NAME: c_int = 141;
const GET_TMP_KEY: c_int = 133;
const SET_TLSEXT_TICKET_KEY_CB: c_int = 72;
const BUILD_CERT_CHAIN: c_int = 105;
const SET_VERIFY_CERT_STORE: c_int = 106;
const SET_CHAIN_CERT_STORE: c_int = 107;
const GET_VERIFY_CERT_STORE: c_int = 137;
const GET_CHAIN_CERT_STORE: c_int = 138;
const GET_CLIENT_CERT_TYPES: c_int = 103;
const GET_EXTRA_CHAIN_CERTS: c_int = 82;
const CHAIN: c_int = 88;
const GET_GROUPS: c_int = 90;
const GET_SHARED_GROUP: c_int = 93;
const CERT_FLAGS: c_int = 99;
const CLEAR_CERT_FLAGS: c_int = 100;
const GET_CHAIN_CERTS: c_int = 115;
const SELECT_CURRENT_CERT: c_int = 116;
const SET_CURRENT_CERT: c_int = 117;
const SET_DH_AUTO: c_int = 118;
const GET_EXTMS_SUPPORT: c_int = 122;
const SET_SPLIT_SEND_FRAGMENT: c_int = 125;
const SET_MAX_PIPELINES: c_int = 126;
const GET_TLSEXT_STATUS_REQ_TYPE: c_int = 127;
const GET_TLSEXT_STATUS_REQ_CB: c_int = 128;
const GET_TLSEXT_STATUS_REQ_CB_ARG: c_int = 129;

/// Commands OpenSSL 3.0's TLS ctrl functions handle that we do not yet:
/// they fail with an error naming the command. Any other number is unknown
/// to OpenSSL's TLS methods too, which return 0 without an error.
const KNOWN_UNIMPLEMENTED: &[c_int] = &[
    9, 13, 56, 57, 66, 67, 68, 69, 75, 77, 79, 80, 81, 97, 101, 104, 136,
];

/// Lends a chain as a get0 `STACK_OF(X509)` kept alive in `slot` (until the
/// next such call); NULL for an empty chain.
///
/// # Safety
/// `parg` must be NULL or a writable `STACK_OF(X509) **`.
unsafe fn lend_chain(certs: Vec<X509Ref>, slot: &mut Option<crate::sys::x509::X509Stack>, parg: *mut c_void) -> Result<c_long, Fail> {
    if parg.is_null() {
        return Err(Fail::null());
    }
    let stack = if certs.is_empty() { None } else { crate::sys::x509::X509Stack::new(&certs) };
    let p = stack.as_ref().map_or(std::ptr::null_mut(), |st| st.as_ptr());
    *slot = stack;
    // SAFETY: per the contract.
    unsafe { *(parg as *mut *mut crate::sys::OPENSSL_STACK) = p };
    Ok(1)
}

/// `SSL_CTX_build_cert_chain`: replaces the current certificate's chain
/// with the one libcrypto builds from the chain store (else the context's
/// store); 1, 2 when an error was ignored (IGNORE_ERROR), else 0 with
/// SSL_R_CERTIFICATE_VERIFY_FAILED, as OpenSSL.
fn build_cert_chain(s: &mut Settings, fallback: Option<crate::sys::x509::Store>, flags: c_long) -> Result<c_long, Fail> {
    let (leaf, chain) = s.certs.current_cert_and_chain().ok_or(Fail::new(reason::NO_CERTIFICATE_SET, "no certificate set"))?;
    let store = s.extras.chain_store.clone().or(fallback).ok_or(Fail::null())?;
    match crate::sys::x509::build_chain(&store, &leaf, &chain, flags) {
        Some((built, rv)) => {
            s.certs.set_chain(built)?;
            Ok(rv as c_long)
        }
        None => Err(Fail::new(reason::CERTIFICATE_VERIFY_FAILED, "certificate verify failed")),
    }
}

/// The failure for a command we do not decode (see `KNOWN_UNIMPLEMENTED`).
fn unhandled(cmd: c_int) -> Result<c_long, Fail> {
    if KNOWN_UNIMPLEMENTED.contains(&cmd) {
        Err(Fail::new(reason::UNKNOWN_COMMAND, "ctrl command not implemented by libssl-rs"))
    } else {
        Ok(0)
    }
}

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
        // SSL_{CTX_,}{get,set}_max_cert_list: the largest Certificate (and
        // CertificateRequest) message accepted from the peer; the setter
        // returns the old value, and ignores a negative one (returns 0).
        GET_MAX_CERT_LIST => Ok(s.extras.max_cert_list as c_long),
        SET_MAX_CERT_LIST => {
            if larg < 0 {
                return Some(Ok(0));
            }
            Ok(std::mem::replace(&mut s.extras_mut().max_cert_list, larg as usize) as c_long)
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
                Some((g, shares)) => {
                    s.groups = g;
                    s.key_share_groups = shares;
                    Ok(1)
                }
                // tls1_set_groups_list: ERR_R_PASSED_INVALID_ARGUMENT.
                None => Err(Fail::invalid("unknown group in list")),
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
                    s.key_share_groups.clear();
                    Ok(1)
                }
                None => Err(Fail::new(reason::BAD_VALUE, "unsupported group")),
            }
        }
        SET_TMP_DH => {
            // SSL_CTX_set_tmp_dh: OpenSSL keeps its own reference (for TLS 1.2 DHE).
            if parg.is_null() {
                return Some(Err(Fail::null()));
            }
            match super::extras::tmp_dh_from_dh(parg as *mut DH) {
                Ok(k) => {
                    s.extras_mut().tmp_dh = Some(k);
                    Ok(1)
                }
                Err(e) => Err(e),
            }
        }
        SET_TMP_ECDH => {
            // OpenSSL 3.0 turns the key's curve into a one-group list.
            let Some(name) = crate::sys::pkey::ec_key_group_name(parg as *mut EC_KEY) else {
                return Some(Err(Fail::null()));
            };
            match Group::from_name(&name) {
                Some(g) => {
                    s.groups = vec![g];
                    s.key_share_groups.clear();
                    Ok(1)
                }
                None => Err(Fail::new(reason::BAD_VALUE, "unsupported curve")),
            }
        }
        SET_DH_AUTO => {
            s.extras_mut().dh_auto = larg;
            Ok(1)
        }
        SET_MSG_CALLBACK_ARG => {
            s.extras_mut().msg_cb.1 = parg as usize;
            Ok(1)
        }
        SET_MAX_SEND_FRAGMENT => {
            // 512..=16384, as OpenSSL checks.
            if !(512..=16384).contains(&larg) {
                return Some(Ok(0));
            }
            s.extras_mut().max_send_fragment = larg as usize;
            Ok(1)
        }
        SET_SPLIT_SEND_FRAGMENT => {
            // Only used with pipelines; we write one record at a time, as
            // OpenSSL does with its default of one pipeline.
            Ok((larg > 0 && larg as usize <= s.extras.max_send_fragment) as c_long)
        }
        SET_MAX_PIPELINES => Ok((1..=32).contains(&larg) as c_long),
        CERT_FLAGS => {
            s.extras_mut().cert_flags |= larg as u32;
            Ok(s.extras.cert_flags as c_long)
        }
        CLEAR_CERT_FLAGS => {
            s.extras_mut().cert_flags &= !(larg as u32);
            Ok(s.extras.cert_flags as c_long)
        }
        CHAIN => {
            // SSL_CTX_set0_chain (larg 0, takes the stack) / set1_chain (larg 1,
            // copies it); NULL clears the chain.
            let chain = if parg.is_null() { Vec::new() } else { crate::sys::x509::stack_to_vec(parg as *mut crate::sys::OPENSSL_STACK) };
            if larg == 0 && !parg.is_null() {
                crate::sys::x509::free_stack(parg as *mut crate::sys::OPENSSL_STACK);
            }
            match s.certs.set_chain(chain) {
                Ok(()) => Ok(1),
                Err(e) => Err(e.into()),
            }
        }
        SELECT_CURRENT_CERT => {
            let Some(x) = X509Ref::from_borrowed(parg as *mut X509) else { return Some(Ok(0)) };
            Ok(s.certs.select_current(&x) as c_long)
        }
        SET_CURRENT_CERT => match larg {
            1 | 2 => Ok(s.certs.step_current(larg == 1) as c_long),
            // SSL_CERT_SET_SERVER needs a finished server handshake.
            _ => Ok(0),
        },
        SET_VERIFY_CERT_STORE | SET_CHAIN_CERT_STORE => {
            // larg 1: set1 (we take a reference); 0: set0 (we take theirs).
            let p = parg as *mut crate::sys::X509_STORE;
            let store = if larg != 0 { crate::sys::x509::Store::from_borrowed(p) } else { crate::sys::x509::Store::from_owned(p) };
            if cmd == SET_VERIFY_CERT_STORE {
                s.extras_mut().verify_store = store;
            } else {
                s.extras_mut().chain_store = store;
            }
            Ok(1)
        }
        GET_VERIFY_CERT_STORE | GET_CHAIN_CERT_STORE => {
            if parg.is_null() {
                return Some(Err(Fail::null()));
            }
            let store = if cmd == GET_VERIFY_CERT_STORE { &s.extras.verify_store } else { &s.extras.chain_store };
            // SAFETY: the macro passes an `X509_STORE **` (get0).
            unsafe { *(parg as *mut *mut crate::sys::X509_STORE) = store.as_ref().map_or(std::ptr::null_mut(), |st| st.as_ptr()) };
            Ok(1)
        }
        SET_SIGALGS_LIST | SET_CLIENT_SIGALGS_LIST => {
            // SSL_CTX_set1_sigalgs_list / set1_client_sigalgs_list: 0 for a
            // list OpenSSL refuses (no error queued, as tls1_set_sigalgs_list).
            // SAFETY: the macro passes a NUL-terminated string.
            let list = match unsafe { str_arg(parg as *const c_char) } {
                Ok(Some(l)) => l,
                Ok(None) => return Some(Err(Fail::null())),
                Err(e) => return Some(Err(e)),
            };
            let Some(schemes) = crate::crypto::verify::parse_sigalgs_list(list) else { return Some(Ok(0)) };
            if cmd == SET_SIGALGS_LIST {
                s.extras_mut().sigalgs = Some(schemes);
            } else {
                s.extras_mut().client_sigalgs = Some(schemes);
            }
            Ok(1)
        }
        SET_SIGALGS | SET_CLIENT_SIGALGS => {
            // SSL_CTX_set1_sigalgs / set1_client_sigalgs: an int array of
            // (hash, key type) NID pairs; 0 for one OpenSSL refuses.
            let Ok(n) = usize::try_from(larg) else { return Some(Ok(0)) };
            if parg.is_null() {
                return Some(Err(Fail::null()));
            }
            // SAFETY: the macro passes an `int *` of larg entries.
            let pairs = unsafe { std::slice::from_raw_parts(parg as *const c_int, n) };
            let Some(schemes) = crate::crypto::verify::parse_sigalgs_nids(pairs) else { return Some(Ok(0)) };
            if cmd == SET_SIGALGS {
                s.extras_mut().sigalgs = Some(schemes);
            } else {
                s.extras_mut().client_sigalgs = Some(schemes);
            }
            Ok(1)
        }
        SET_TLSEXT_STATUS_REQ_TYPE => {
            s.extras_mut().status_type = larg as i32;
            Ok(1)
        }
        GET_TLSEXT_STATUS_REQ_TYPE => Ok(s.extras.status_type as c_long),
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
                // The 80-byte blob: key name (16), HMAC key (32), AES key (32);
                // without a buffer, its length (OpenSSL's ssl3_ctx_ctrl).
                if parg.is_null() {
                    return Ok(80);
                }
                if larg != 80 {
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
            BUILD_CERT_CHAIN => {
                let fallback = crate::sys::x509::Store::from_borrowed(c.store.lock().as_ptr());
                build_cert_chain(&mut c.settings.lock(), fallback, larg)
            }
            GET_EXTRA_CHAIN_CERTS => {
                // get0; with larg 0 and no extra certs, the current chain (OpenSSL).
                if parg.is_null() {
                    return Err(Fail::null());
                }
                let mut certs = c.extra_chain.lock().clone();
                if certs.is_empty() && larg == 0 {
                    certs = c.settings.lock().certs.current().map(|x| x.chain.clone()).unwrap_or_default();
                }
                // SAFETY: the macro passes a `STACK_OF(X509) **`.
                unsafe { lend_chain(certs, &mut c.lent_chain.lock(), parg) }
            }
            GET_CHAIN_CERTS => {
                let certs = c.settings.lock().certs.current().map(|x| x.chain.clone()).unwrap_or_default();
                // SAFETY: the macro passes a `STACK_OF(X509) **`.
                unsafe { lend_chain(certs, &mut c.lent_chain.lock(), parg) }
            }
            SET_TLSEXT_STATUS_REQ_CB_ARG => {
                c.callbacks.lock().hooks.status.1 = parg as usize;
                Ok(1)
            }
            GET_TLSEXT_STATUS_REQ_CB => {
                if parg.is_null() {
                    return Err(Fail::null());
                }
                let cb = c.callbacks.lock().hooks.status.0;
                // SAFETY: the macro passes a pointer to a function pointer.
                unsafe { *(parg as *mut crate::sys::callbacks::GenericCb) = cb };
                Ok(1)
            }
            GET_TLSEXT_STATUS_REQ_CB_ARG => {
                if parg.is_null() {
                    return Err(Fail::null());
                }
                // SAFETY: the macro passes a `void **`.
                unsafe { *(parg as *mut *mut c_void) = c.callbacks.lock().hooks.status.1 as *mut c_void };
                Ok(1)
            }
            _ => unhandled(cmd),
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
        if cmd == GET_SIGNATURE_NID {
            // Our own signature's digest (SSL_get_signature_nid); 0 when we signed nothing.
            let scheme = ssl.with_common(|c| c.our_sig_scheme).flatten();
            let Some((digest, _)) = scheme.and_then(crate::crypto::verify::scheme_nids) else { return Ok(0) };
            if parg.is_null() {
                return Err(Fail::null());
            }
            // SAFETY: the macro passes an `int *`.
            unsafe { *(parg as *mut c_int) = digest };
            return Ok(1);
        }
        if (cmd == GET_SIGNATURE_NAME || cmd == GET_PEER_SIGNATURE_NAME) && crate::sys::libcrypto_version() >= 0x3050_0000 {
            // get0 of a static name ("ecdsa_secp256r1_sha256"); 0 when no
            // signature was made (ctrls of OpenSSL 3.5, as its s_client
            // prints "Peer signature type").
            let scheme = if cmd == GET_SIGNATURE_NAME { ssl.with_common(|c| c.our_sig_scheme).flatten() } else { ssl.peer_sig_scheme() };
            let Some(name) = scheme.and_then(crate::crypto::verify::scheme_c_name) else { return Ok(0) };
            if parg.is_null() {
                return Err(Fail::null());
            }
            // SAFETY: the macro passes a `const char **`.
            unsafe { *(parg as *mut *const std::ffi::c_char) = name.as_ptr() };
            return Ok(1);
        }
        if cmd == GET_PEER_TMP_KEY || cmd == GET_TMP_KEY {
            // get1: the caller frees the EVP_PKEY.
            if parg.is_null() {
                return Err(Fail::null());
            }
            let share = if cmd == GET_TMP_KEY { ssl.with_common(|c| c.our_key_share.clone()).flatten() } else { ssl.peer_key_share() };
            // TLS 1.2 DHE: a DH key of the group's p and g.
            let dh = ssl.with_common(|c| if cmd == GET_TMP_KEY { c.our_dh.as_deref().cloned() } else { c.peer_dh.as_deref().cloned() }).flatten();
            if let (None, Some((p, g, y))) = (&share, dh) {
                let k = crate::sys::dhe::public_key(&p, &g, &y).ok_or(Fail::new(reason::BAD_VALUE, "peer key does not decode"))?;
                // SAFETY: the macro passes an `EVP_PKEY **`.
                unsafe { *(parg as *mut *mut crate::sys::EVP_PKEY) = k.into_ptr() };
                return Ok(1);
            }
            let Some((group, key)) = share else { return Ok(0) };
            // A hybrid ML-KEM share is no EVP_PKEY a 3.0 libcrypto knows:
            // "no key" (0, nothing queued), as OpenSSL 3.5's client reports
            // for a KEM group, whose peer key it never sets.
            if matches!(group, crate::crypto::kx::Group::Hybrid(_)) {
                return Ok(0);
            }
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
            BUILD_CERT_CHAIN => {
                let ctx = ssl.ctx();
                let fallback = crate::sys::x509::Store::from_borrowed(ctx.store.lock().as_ptr());
                build_cert_chain(&mut st.settings, fallback, larg)
            }
            GET_CHAIN_CERTS => {
                let certs = st.settings.certs.current().map(|x| x.chain.clone()).unwrap_or_default();
                // SAFETY: the macro passes a `STACK_OF(X509) **`.
                unsafe { lend_chain(certs, &mut st.lent_chain, parg) }
            }
            GET_READ_AHEAD => Ok(st.settings.extras.read_ahead as c_long),
            SET_READ_AHEAD => {
                let old = st.settings.extras.read_ahead;
                st.settings.extras_mut().read_ahead = larg != 0;
                Ok(old as c_long)
            }
            SET_TLSEXT_STATUS_REQ_OCSP_RESP => {
                // SSL_set_tlsext_status_ocsp_resp: we take the OPENSSL_malloc'd
                // response (set0), keep a copy and free it.
                if parg.is_null() || larg <= 0 {
                    st.peer.ocsp_response = None;
                    return Ok(1);
                }
                // SAFETY: the macro passes `larg` bytes the caller gave up.
                let resp = unsafe { std::slice::from_raw_parts(parg as *const u8, larg as usize) }.to_vec();
                // SAFETY: allocated with OPENSSL_malloc by the caller, now ours.
                unsafe { crate::sys::CRYPTO_free(parg, c"ocsp".as_ptr(), 0) };
                st.peer.ocsp_response = Some(resp);
                Ok(1)
            }
            GET_TLSEXT_STATUS_REQ_OCSP_RESP => {
                // get0: the stapled response, or -1 and NULL when there is none.
                if parg.is_null() {
                    return Err(Fail::null());
                }
                let (p, len) = st.peer.ocsp_response.as_ref().map_or((std::ptr::null(), -1), |r| (r.as_ptr(), r.len() as c_long));
                // SAFETY: the macro passes an `unsigned char **`.
                unsafe { *(parg as *mut *const u8) = p };
                Ok(len)
            }
            // OpenSSL's s3.send_connection_binding: a server sets it when the
            // client's cipher list carries TLS_EMPTY_RENEGOTIATION_INFO_SCSV
            // (RFC 5746 3.3), whatever the version; the renegotiation_info
            // extension itself is TLS 1.2 only, so a TLS 1.3 client never
            // sets it.
            // SSL_get0_ec_point_formats: the client's ec_point_formats, an
            // extension OpenSSL reads only below TLS 1.3; none here.
            GET_EC_POINT_FORMATS => {
                if !parg.is_null() {
                    // SAFETY: the macro passes an `unsigned char **`.
                    unsafe { *(parg as *mut *const u8) = std::ptr::null() };
                }
                Ok(0)
            }
            // A server: whether the client signalled RFC 5746 (SCSV or
            // renegotiation_info; OpenSSL's send_connection_binding); a
            // client: whether the server sent renegotiation_info, which our
            // TLS 1.2 client requires and a TLS 1.3 ServerHello never carries.
            GET_RI_SUPPORT => Ok(if st.role == Some(crate::api::context::Role::Server) {
                (st.client_bound_renegotiation() || st.raw_cipherlist.chunks_exact(2).any(|c| c == [0x00, 0xff])) as c_long
            } else {
                (st.version != 0 && st.version < crate::tls::TLS1_3_VERSION) as c_long
            }),
            // SSL_get0_certificate_types: the TLS 1.2 CertificateRequest's
            // certificate_types; TLS 1.3 requests carry none.
            GET_CLIENT_CERT_TYPES => {
                if !parg.is_null() {
                    // SAFETY: the macro passes a `const unsigned char **`.
                    unsafe { *(parg as *mut *const u8) = std::ptr::null() };
                }
                Ok(0)
            }
            // -1 before the handshake ends, then the session's
            // SSL_SESS_FLAG_EXTMS (TLS 1.3 sessions never carry it).
            GET_EXTMS_SUPPORT => Ok(match (&st.session, st.handshake_done) {
                (Some(s), true) => s.read(|d| d.extended_master_secret) as c_long,
                _ => -1,
            }),
            GET_SHARED_GROUP => {
                // OpenSSL: "can't do anything on client side".
                if st.role != Some(crate::api::context::Role::Server) {
                    return Ok(0);
                }
                let ours = st.settings.groups.clone();
                let shared: Vec<Group> =
                    st.peer.groups.iter().filter_map(|id| Group::from_iana(*id)).filter(|g| ours.contains(g)).collect();
                if larg == -1 {
                    return Ok(shared.len() as c_long);
                }
                Ok(shared.get(larg as usize).map_or(0, |g| g.nid() as c_long))
            }
            GET_GROUPS => {
                // SSL_get1_groups: the peer's supported_groups as NIDs (an
                // unknown group as TLSEXT_nid_unknown | id); the count always.
                let groups = st.peer.groups.clone();
                if !parg.is_null() && !groups.is_empty() {
                    // SAFETY: SSL_get1_groups passes larg 0 and an int array
                    // sized by a previous count call; OpenSSL writes the whole
                    // list into it, so do we.
                    let out = unsafe { std::slice::from_raw_parts_mut(parg as *mut c_int, groups.len()) };
                    for (o, id) in out.iter_mut().zip(groups.iter()) {
                        *o = Group::from_iana(*id).map_or(0x0100_0000 | *id as c_int, |g| g.nid());
                    }
                }
                Ok(groups.len() as c_long)
            }
            _ => unhandled(cmd),
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
            SET_TLSEXT_STATUS_REQ_CB => {
                // OCSP stapling: a server asks it for the response to staple
                // when the client sent status_request; a client that asked
                // for one hands it the response (or none) to judge.
                c.callbacks.lock().hooks.status.0 = fp;
                Ok(1)
            }
            SET_MSG_CALLBACK => {
                // SAFETY: SSL_CTX_set_msg_callback's signature, through the generic type.
                c.settings.lock().extras_mut().msg_cb.0 = fp.map(|f| unsafe { std::mem::transmute::<unsafe extern "C" fn(), MsgFn>(f) });
                Ok(1)
            }
            SET_TLSEXT_TICKET_KEY_CB => {
                // SSL_CTX_set_tlsext_ticket_key_cb (nginx 1.22): tickets are
                // sealed under the keys its callback chooses.
                // SAFETY: the macro passes a function of this signature through the generic type.
                c.callbacks.lock().hooks.ticket_key_hmac_cb = fp.map(|f| unsafe { std::mem::transmute::<unsafe extern "C" fn(), TicketHmacFn>(f) });
                Ok(1)
            }
            SET_TMP_DH_CB => {
                // SAFETY: SSL_CTX_set_tmp_dh_callback's signature, through the generic type.
                c.settings.lock().extras_mut().tmp_dh_cb = fp.map(|f| unsafe { std::mem::transmute::<unsafe extern "C" fn(), TmpDhFn>(f) });
                Ok(1)
            }
            _ => unhandled(cmd),
        }
    })
}

type MsgFn = unsafe extern "C" fn(c_int, c_int, c_int, *const c_void, usize, *mut crate::sys::SSL, *mut c_void);
type TicketHmacFn = unsafe extern "C" fn(*mut crate::sys::SSL, *mut u8, *mut u8, *mut crate::sys::EVP_CIPHER_CTX, *mut crate::sys::HMAC_CTX, c_int) -> c_int;
type TmpDhFn = unsafe extern "C" fn(*mut crate::sys::SSL, c_int, c_int) -> *mut DH;

/// `SSL_callback_ctrl`: the message and DH callbacks.
#[no_mangle]
pub extern "C" fn SSL_callback_ctrl(s: *mut SSL, cmd: c_int, fp: GenericCb) -> c_long {
    guard("SSL_callback_ctrl", 0, || {
        let ssl = ssl_arg(s)?;
        match cmd {
            SET_MSG_CALLBACK => {
                // SAFETY: SSL_set_msg_callback's signature, through the generic type.
                ssl.st.lock().settings.extras_mut().msg_cb.0 = fp.map(|f| unsafe { std::mem::transmute::<unsafe extern "C" fn(), MsgFn>(f) });
                Ok(1)
            }
            SET_TMP_DH_CB => {
                // SAFETY: SSL_set_tmp_dh_callback's signature, through the generic type.
                ssl.st.lock().settings.extras_mut().tmp_dh_cb = fp.map(|f| unsafe { std::mem::transmute::<unsafe extern "C" fn(), TmpDhFn>(f) });
                Ok(1)
            }
            _ => unhandled(cmd),
        }
    })
}
