//! Small queries that cannot fail in OpenSSL: the peer's signature
//! algorithms, the method, group names, which extensions we handle, and
//! the no-op or per-object resets OpenSSL 3.0 defines.

use std::ffi::{c_char, c_int, c_void};

use super::boundary::{guard, guard_void, ssl_arg};
use super::types::{BIO, SSL, SSL_METHOD};

/// (signature key NID, digest NID, combined NID) as OpenSSL's sigalg table
/// names them; NID_undef (0) where it has none.
fn sigalg_nids(scheme: u16) -> (c_int, c_int, c_int) {
    match scheme {
        0x0403 => (408, 672, 794),
        0x0503 => (408, 673, 795),
        0x0603 => (408, 674, 796),
        0x0203 => (408, 64, 416),
        0x0804 | 0x0809 => (912, 672, 0),
        0x0805 | 0x080a => (912, 673, 0),
        0x0806 | 0x080b => (912, 674, 0),
        0x0807 => (1087, 0, 0),
        0x0808 => (1088, 0, 0),
        0x0401 => (6, 672, 668),
        0x0501 => (6, 673, 669),
        0x0601 => (6, 674, 670),
        0x0201 => (6, 64, 65),
        0x0303 => (408, 675, 793),
        0x0301 => (6, 675, 671),
        0x0302 => (116, 675, 0),
        0x0402 => (116, 672, 803),
        0x0502 => (116, 673, 0),
        0x0602 => (116, 674, 0),
        _ => (0, 0, 0),
    }
}

/// Fills the out-parameters for entry `idx` of `list`; returns the list's
/// length, as SSL_get_sigalgs does (also when `idx` is out of range).
///
/// # Safety
/// Each out-parameter must be NULL or writable.
unsafe fn report_sigalg(list: &[u16], idx: c_int, psign: *mut c_int, phash: *mut c_int, psignhash: *mut c_int, rsig: *mut u8, rhash: *mut u8) -> c_int {
    if idx >= 0 {
        let Some(&scheme) = list.get(idx as usize) else { return 0 };
        let (sign, hash, both) = sigalg_nids(scheme);
        // SAFETY: per the contract.
        unsafe {
            if !psign.is_null() {
                *psign = sign;
            }
            if !phash.is_null() {
                *phash = hash;
            }
            if !psignhash.is_null() {
                *psignhash = both;
            }
            if !rsig.is_null() {
                *rsig = scheme as u8;
            }
            if !rhash.is_null() {
                *rhash = (scheme >> 8) as u8;
            }
        }
    }
    list.len().min(c_int::MAX as usize) as c_int
}

/// `SSL_get_sigalgs`: the signature_algorithms the peer sent (a server: the
/// client's, from the ClientHello of a full handshake; a client: the
/// server's CertificateRequest); 0 when it sent none.
///
/// # Safety
/// Each out-parameter must be NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn SSL_get_sigalgs(
    s: *mut SSL,
    idx: c_int,
    psign: *mut c_int,
    phash: *mut c_int,
    psignhash: *mut c_int,
    rsig: *mut u8,
    rhash: *mut u8,
) -> c_int {
    guard("SSL_get_sigalgs", 0, || {
        let list = ssl_arg(s)?.st.lock().peer.sigalgs.clone();
        // SAFETY: forwarded contract.
        Ok(unsafe { report_sigalg(&list, idx, psign, phash, psignhash, rsig, rhash) })
    })
}

/// `SSL_get_shared_sigalgs`: the peer's signature algorithms that we also
/// offer, in the peer's order (OpenSSL's order without server preference);
/// the count, or 0 for an index out of range.
///
/// # Safety
/// Each out-parameter must be NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn SSL_get_shared_sigalgs(
    s: *mut SSL,
    idx: c_int,
    psign: *mut c_int,
    phash: *mut c_int,
    psignhash: *mut c_int,
    rsig: *mut u8,
    rhash: *mut u8,
) -> c_int {
    guard("SSL_get_shared_sigalgs", 0, || {
        let peer = ssl_arg(s)?.st.lock().peer.sigalgs.clone();
        // TLS 1.3 allows no DSA (OpenSSL's tls12_sigalg_allowed), so those never count as shared.
        let shared: Vec<u16> =
            peer.into_iter().filter(|x| crate::crypto::verify::advertised_schemes().contains(x) && x & 0xff != 0x02).collect();
        // Unlike SSL_get_sigalgs, OpenSSL answers 0 for an index out of range (-1 included).
        if idx < 0 || idx as usize >= shared.len() {
            return Ok(0);
        }
        // SAFETY: forwarded contract.
        Ok(unsafe { report_sigalg(&shared, idx, psign, phash, psignhash, rsig, rhash) })
    })
}

/// `SSL_get_ssl_method`: the method the connection's context was made with.
#[no_mangle]
pub extern "C" fn SSL_get_ssl_method(s: *const SSL) -> *const SSL_METHOD {
    guard("SSL_get_ssl_method", std::ptr::null(), || {
        Ok(ssl_arg(s)?.ctx().method.get().copied().unwrap_or(0) as *const SSL_METHOD)
    })
}

/// (IANA group id, NID, OpenSSL's TLS group name) for the groups OpenSSL
/// 3.0's default provider knows.
const GROUP_NAMES: &[(u16, c_int, &std::ffi::CStr)] = &[
    (23, 415, c"secp256r1"),
    (24, 715, c"secp384r1"),
    (25, 716, c"secp521r1"),
    (29, 1034, c"x25519"),
    (30, 1035, c"x448"),
    (256, 1126, c"ffdhe2048"),
    (257, 1127, c"ffdhe3072"),
    (258, 1128, c"ffdhe4096"),
    (259, 1129, c"ffdhe6144"),
    (260, 1130, c"ffdhe8192"),
    // OpenSSL 3.5's hybrids have no NID (TLSEXT_nid_unknown | id).
    (0x11eb, 0x0100_11eb, c"SecP256r1MLKEM768"),
    (0x11ec, 0x0100_11ec, c"X25519MLKEM768"),
    (0x11ed, 0x0100_11ed, c"SecP384r1MLKEM1024"),
];

/// The TLS name of a group (OpenSSL's tls1_group_id2name): static.
pub fn group_name(g: crate::crypto::kx::Group) -> Option<&'static std::ffi::CStr> {
    if let crate::crypto::kx::Group::Curve(c) = g {
        return Some(c.name);
    }
    GROUP_NAMES.iter().find(|e| e.0 == g.iana()).map(|e| e.2)
}

/// `SSL_group_to_name`: the TLS name of a group given by NID, or by IANA id
/// with TLSEXT_nid_unknown (0x1000000) set; NULL when unknown.
#[no_mangle]
pub extern "C" fn SSL_group_to_name(s: *mut SSL, nid: c_int) -> *const c_char {
    guard("SSL_group_to_name", std::ptr::null(), || {
        ssl_arg(s)?;
        let found = if nid & 0x0100_0000 != 0 {
            GROUP_NAMES.iter().find(|g| g.0 as c_int == nid & 0xffff)
        } else {
            GROUP_NAMES.iter().find(|g| g.1 == nid)
        };
        Ok(found.map_or(std::ptr::null(), |g| g.2.as_ptr()))
    })
}

/// `SSL_extension_supported`: 1 for the extension types libssl handles
/// itself (OpenSSL 3.0's list, so custom extensions are refused for the
/// same types), else 0.
#[no_mangle]
pub extern "C" fn SSL_extension_supported(ext_type: std::ffi::c_uint) -> c_int {
    const BUILT_IN: &[u32] = &[0, 1, 5, 10, 11, 12, 13, 14, 16, 18, 21, 22, 23, 35, 41, 42, 43, 44, 45, 47, 49, 51, 13172, 0xff01];
    BUILT_IN.contains(&ext_type) as c_int
}

/// `SSL_certs_clear`: drops the connection's certificates and keys.
#[no_mangle]
pub extern "C" fn SSL_certs_clear(s: *mut SSL) {
    guard_void("SSL_certs_clear", || {
        if let Ok(ssl) = ssl_arg(s) {
            ssl.st.lock().settings.certs.clear_certs();
        }
    })
}

/// `SSL_add_ssl_module`: a no-op in OpenSSL 3.0 too (libcrypto registers
/// the "ssl_conf" module itself).
#[no_mangle]
pub extern "C" fn SSL_add_ssl_module() {}

/// `DTLS_set_timer_cb`: DTLS is not offered (the DTLS methods fail), so no
/// SSL here has a DTLS timer to set; nothing is stored.
#[no_mangle]
pub extern "C" fn DTLS_set_timer_cb(s: *mut SSL, cb: Option<unsafe extern "C" fn(*mut SSL, std::ffi::c_uint) -> std::ffi::c_uint>) {
    let _ = (s, cb);
}

/// `SSL_trace`: the message callback OpenSSL offers for protocol traces,
/// writing to the BIO passed as `arg`. We print the record header
/// (direction, version, content type, length) for SSL3_RT_HEADER
/// messages and one line per other message.
///
/// # Safety
/// `buf` must point at `len` readable bytes; `arg` must be NULL or a BIO.
#[no_mangle]
pub unsafe extern "C" fn SSL_trace(write_p: c_int, version: c_int, content_type: c_int, buf: *const c_void, len: usize, ssl: *mut SSL, arg: *mut c_void) {
    let _ = ssl;
    guard_void("SSL_trace", || {
        let bio = arg as *mut BIO;
        if bio.is_null() {
            return;
        }
        let dir = if write_p != 0 { "Sent" } else { "Received" };
        // SAFETY: per the contract.
        let bytes = unsafe { super::boundary::bytes_arg(buf as *const u8, len) }.unwrap_or(&[]);
        let text = if content_type == 256 && bytes.len() >= 5 {
            let ver = u16::from_be_bytes([bytes[1], bytes[2]]);
            let rlen = u16::from_be_bytes([bytes[3], bytes[4]]);
            format!("{dir} Record\nHeader:\n  Version = 0x{ver:04x}\n  Content Type = {}\n  Length = {rlen}\n", bytes[0])
        } else {
            format!("{dir} message: version 0x{version:04x}, content type {content_type}, length {len}\n")
        };
        // SAFETY: bio is the caller's live BIO; text outlives the call.
        unsafe { crate::sys::BIO_write(bio, text.as_ptr().cast(), text.len() as c_int) };
    })
}

/// `SSL_get_signature_type_nid`: the key type of our own CertificateVerify
/// signature (e.g. NID_rsassaPss, NID_X9_62_id_ecPublicKey); 0 when we
/// signed nothing on this connection.
///
/// # Safety
/// `pnid` must be NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn SSL_get_signature_type_nid(s: *const SSL, pnid: *mut c_int) -> c_int {
    guard("SSL_get_signature_type_nid", 0, || {
        let scheme = ssl_arg(s)?.with_common(|c| c.our_sig_scheme).flatten();
        let Some((_, key_type)) = scheme.and_then(crate::crypto::verify::scheme_nids) else { return Ok(0) };
        if !pnid.is_null() {
            // SAFETY: per the contract.
            unsafe { *pnid = key_type };
        }
        Ok(1)
    })
}

/// `SSL_set_debug`: does nothing, as in OpenSSL 3.0 (deprecated since
/// 1.1.0, where it already did nothing); never queues an error.
#[no_mangle]
pub extern "C" fn SSL_set_debug(s: *mut SSL, debug: c_int) {
    let _ = (s, debug);
}
