//! `SSL_SESSION_print` and friends: a session as OpenSSL's ssl_txt.c prints
//! it (openssl s_client shows it after every handshake and ticket), and
//! the NSS key-log line for it.

use std::ffi::{c_int, c_long, CStr};
use std::fmt::Write;

use super::boundary::{guard, session_arg};
use super::types::{BIO, SSL_SESSION};
use crate::tls::session::SessionData;

use crate::sys::bio::{BIO_dump_indent, X509_verify_cert_error_string};

fn hex_upper(b: &[u8]) -> String {
    b.iter().fold(String::with_capacity(b.len() * 2), |mut s, x| {
        let _ = write!(s, "{x:02X}");
        s
    })
}

/// OpenSSL's ssl_protocol_to_string.
fn protocol_name(v: u16) -> &'static str {
    match v {
        0x0304 => "TLSv1.3",
        0x0303 => "TLSv1.2",
        0x0302 => "TLSv1.1",
        0x0301 => "TLSv1",
        0x0300 => "SSLv3",
        0xfeff => "DTLSv1",
        0xfefd => "DTLSv1.2",
        _ => "unknown",
    }
}

/// Writes `text` to the BIO; false when the BIO refuses it.
fn put(bp: *mut BIO, text: &str) -> bool {
    // SAFETY: bp is the caller's live BIO; text outlives the call.
    text.is_empty() || unsafe { crate::sys::BIO_write(bp, text.as_ptr().cast(), text.len() as c_int) } > 0
}

/// The text up to the ticket dump, and after it.
fn session_text(d: &SessionData) -> (String, String) {
    let tls13 = d.version == 0x0304;
    let mut a = String::from("SSL-Session:\n");
    let _ = writeln!(a, "    Protocol  : {}", protocol_name(d.version));
    match d.suite {
        Some(s) => {
            let _ = writeln!(a, "    Cipher    : {}", s.openssl_name);
        }
        None => a.push_str("    Cipher    : 0000\n"),
    }
    let _ = write!(a, "    Session-ID: {}\n    Session-ID-ctx: {}", hex_upper(&d.session_id), hex_upper(&d.sid_ctx));
    let _ = write!(a, "\n    {}{}", if tls13 { "Resumption PSK: " } else { "Master-Key: " }, hex_upper(&d.master_key));
    // OpenSSL prints the strings as they are, "None" when unset.
    let text = |v: &Option<Vec<u8>>| v.as_ref().map_or("None".to_string(), |v| String::from_utf8_lossy(v).into_owned());
    let _ = write!(a, "\n    PSK identity: {}\n    PSK identity hint: {}", text(&d.psk_identity), text(&d.psk_identity_hint));
    let _ = write!(a, "\n    SRP username: {}", text(&d.srp_username));
    if d.ticket_lifetime_hint != 0 {
        let _ = write!(a, "\n    TLS session ticket lifetime hint: {} (seconds)", d.ticket_lifetime_hint);
    }
    if !d.ticket.is_empty() {
        a.push_str("\n    TLS session ticket:\n");
    }
    let mut b = String::new();
    if d.time_ms != 0 {
        let _ = write!(b, "\n    Start Time: {}", d.time_ms / 1000);
    }
    if d.timeout != 0 {
        let _ = write!(b, "\n    Timeout   : {} (sec)", d.timeout);
    }
    b.push('\n');
    // SAFETY: libcrypto returns a static string for any code.
    let reason = unsafe { CStr::from_ptr(X509_verify_cert_error_string(d.verify_result as c_long)) }.to_string_lossy();
    let _ = writeln!(b, "    Verify return code: {} ({})", d.verify_result, reason);
    let _ = writeln!(b, "    Extended master secret: {}", if d.extended_master_secret { "yes" } else { "no" });
    if tls13 {
        let _ = writeln!(b, "    Max Early Data: {}", d.max_early_data);
    }
    (a, b)
}

/// `SSL_SESSION_print`: the session in OpenSSL's text form; 0 when the
/// session is NULL or the BIO fails (no error queued, as OpenSSL).
#[no_mangle]
pub extern "C" fn SSL_SESSION_print(bp: *mut BIO, x: *const SSL_SESSION) -> c_int {
    guard("SSL_SESSION_print", 0, || {
        if bp.is_null() {
            return Ok(0);
        }
        let Ok(s) = session_arg(x) else { return Ok(0) };
        let d = s.data();
        let (a, b) = session_text(&d);
        if !put(bp, &a) {
            return Ok(0);
        }
        // SAFETY: the ticket bytes outlive the call; bp is live.
        if !d.ticket.is_empty() && unsafe { BIO_dump_indent(bp, d.ticket.as_ptr().cast(), d.ticket.len() as c_int, 4) } <= 0 {
            return Ok(0);
        }
        Ok(put(bp, &b) as c_int)
    })
}

/// `SSL_SESSION_print_fp`: as `SSL_SESSION_print`, to a stdio FILE.
///
/// # Safety
/// `fp` must be an open FILE.
#[no_mangle]
pub unsafe extern "C" fn SSL_SESSION_print_fp(fp: *mut libc::FILE, x: *const SSL_SESSION) -> c_int {
    guard("SSL_SESSION_print_fp", 0, || {
        let bio = crate::sys::bio::Bio::for_file(fp).ok_or_else(super::boundary::Fail::null)?;
        Ok(SSL_SESSION_print(bio.as_ptr(), x))
    })
}

/// `SSL_SESSION_print_keylog`: "RSA Session-ID:<id> Master-Key:<key>" (the
/// NSS key-log format's name for it); 0 for a session without an id or key.
#[no_mangle]
pub extern "C" fn SSL_SESSION_print_keylog(bp: *mut BIO, x: *const SSL_SESSION) -> c_int {
    guard("SSL_SESSION_print_keylog", 0, || {
        let Ok(s) = session_arg(x) else { return Ok(0) };
        let d = s.data();
        if bp.is_null() || d.session_id.is_empty() || d.master_key.is_empty() {
            return Ok(0);
        }
        let line = format!("RSA Session-ID:{} Master-Key:{}\n", hex_upper(&d.session_id), hex_upper(&d.master_key));
        Ok(put(bp, &line) as c_int)
    })
}
