//! Human-readable names OpenSSL prints in logs: alert types and
//! descriptions, handshake states, signature algorithms of the peer.
//! Texts are OpenSSL 3.0's (ssl/ssl_stat.c); `make check` compares them
//! with the system libssl's for every input.

use std::ffi::{c_char, c_int, c_uint};
use std::ffi::CStr;

use super::boundary::{guard, ssl_arg};
use super::types::SSL;

/// `SSL_alert_type_string_long`: "warning", "fatal" or "unknown".
#[no_mangle]
pub extern "C" fn SSL_alert_type_string_long(value: c_int) -> *const c_char {
    match value >> 8 {
        1 => c"warning",
        2 => c"fatal",
        _ => c"unknown",
    }
    .as_ptr()
}

/// `SSL_alert_type_string`: "W", "F" or "U".
#[no_mangle]
pub extern "C" fn SSL_alert_type_string(value: c_int) -> *const c_char {
    match value >> 8 {
        1 => c"W",
        2 => c"F",
        _ => c"U",
    }
    .as_ptr()
}

/// (code, short, long) for every alert OpenSSL 3.0 names.
const ALERTS: &[(u8, &CStr, &CStr)] = &[
    (0, c"CN", c"close notify"),
    (10, c"UM", c"unexpected_message"), // sic: OpenSSL 3.0's text
    (20, c"BM", c"bad record mac"),
    (21, c"DC", c"decryption failed"),
    (22, c"RO", c"record overflow"),
    (30, c"DF", c"decompression failure"),
    (40, c"HF", c"handshake failure"),
    (41, c"NC", c"no certificate"),
    (42, c"BC", c"bad certificate"),
    (43, c"UC", c"unsupported certificate"),
    (44, c"CR", c"certificate revoked"),
    (45, c"CE", c"certificate expired"),
    (46, c"CU", c"certificate unknown"),
    (47, c"IP", c"illegal parameter"),
    (48, c"CA", c"unknown CA"),
    (49, c"AD", c"access denied"),
    (50, c"DE", c"decode error"),
    (51, c"CY", c"decrypt error"),
    (60, c"ER", c"export restriction"),
    (70, c"PV", c"protocol version"),
    (71, c"IS", c"insufficient security"),
    (80, c"IE", c"internal error"),
    (90, c"US", c"user canceled"),
    (100, c"NR", c"no renegotiation"),
    (110, c"UE", c"unsupported extension"),
    (111, c"CO", c"certificate unobtainable"),
    (112, c"UN", c"unrecognized name"),
    (113, c"BR", c"bad certificate status response"),
    (114, c"BH", c"bad certificate hash value"),
    (115, c"UP", c"unknown PSK identity"),
];

/// `SSL_alert_desc_string`: two letters per alert, "UK" for others.
#[no_mangle]
pub extern "C" fn SSL_alert_desc_string(value: c_int) -> *const c_char {
    let code = (value & 0xff) as u8;
    ALERTS.iter().find(|a| a.0 == code).map_or(c"UK", |a| a.1).as_ptr()
}

/// `SSL_alert_desc_string_long`: the alert's name, "unknown" for others.
#[no_mangle]
pub extern "C" fn SSL_alert_desc_string_long(value: c_int) -> *const c_char {
    let code = (value & 0xff) as u8;
    if code == 120 {
        return c"no application protocol".as_ptr();
    }
    ALERTS.iter().find(|a| a.0 == code).map_or(c"unknown", |a| a.2).as_ptr()
}

/// (OSSL_HANDSHAKE_STATE, short, long), as OpenSSL 3.0's ssl_stat.c names them.
const STATES: &[(c_uint, &CStr, &CStr)] = &[
    (0, c"PINIT", c"before SSL initialization"),
    (1, c"SSLOK", c"SSL negotiation finished successfully"),
    (2, c"DRCHV", c"DTLS1 read hello verify request"),
    (3, c"TRSH", c"SSLv3/TLS read server hello"),
    (4, c"TRSC", c"SSLv3/TLS read server certificate"),
    (5, c"TRCS", c"SSLv3/TLS read certificate status"),
    (6, c"TRSKE", c"SSLv3/TLS read server key exchange"),
    (7, c"TRCR", c"SSLv3/TLS read server certificate request"),
    (8, c"TRSD", c"SSLv3/TLS read server done"),
    (9, c"TRST", c"SSLv3/TLS read server session ticket"),
    (10, c"TRCCS", c"SSLv3/TLS read change cipher spec"),
    (11, c"TRFIN", c"SSLv3/TLS read finished"),
    (12, c"TWCH", c"SSLv3/TLS write client hello"),
    (13, c"TWCC", c"SSLv3/TLS write client certificate"),
    (14, c"TWCKE", c"SSLv3/TLS write client key exchange"),
    (15, c"TWCV", c"SSLv3/TLS write certificate verify"),
    (16, c"TWCCS", c"SSLv3/TLS write change cipher spec"),
    (17, c"TWNP", c"SSLv3/TLS write next proto"),
    (18, c"TWFIN", c"SSLv3/TLS write finished"),
    (19, c"TWHR", c"SSLv3/TLS write hello request"),
    (20, c"TRCH", c"SSLv3/TLS read client hello"),
    (21, c"DWCHV", c"DTLS1 write hello verify request"),
    (22, c"TWSH", c"SSLv3/TLS write server hello"),
    (23, c"TWSC", c"SSLv3/TLS write certificate"),
    (24, c"TWSKE", c"SSLv3/TLS write key exchange"),
    (25, c"TWCR", c"SSLv3/TLS write certificate request"),
    (26, c"TWSD", c"SSLv3/TLS write server done"),
    (27, c"TRCC", c"SSLv3/TLS read client certificate"),
    (28, c"TRCKE", c"SSLv3/TLS read client key exchange"),
    (29, c"TRCV", c"SSLv3/TLS read certificate verify"),
    (30, c"TRNP", c"SSLv3/TLS read next proto"),
    (31, c"TRCCS", c"SSLv3/TLS read change cipher spec"),
    (32, c"TRFIN", c"SSLv3/TLS read finished"),
    (33, c"TWST", c"SSLv3/TLS write session ticket"),
    (34, c"TWCS", c"SSLv3/TLS write certificate status"),
    (35, c"TWCCS", c"SSLv3/TLS write change cipher spec"),
    (36, c"TWFIN", c"SSLv3/TLS write finished"),
    (37, c"TWEE", c"TLSv1.3 write encrypted extensions"),
    (38, c"TREE", c"TLSv1.3 read encrypted extensions"),
    (39, c"TRSCV", c"TLSv1.3 read server certificate verify"),
    (40, c"TWSCV", c"TLSv1.3 write server certificate verify"),
    (41, c"TRHR", c"SSLv3/TLS read hello request"),
    (42, c"TWSKU", c"TLSv1.3 write server key update"),
    (43, c"TWCKU", c"TLSv1.3 write client key update"),
    (44, c"TRCKU", c"TLSv1.3 read client key update"),
    (45, c"TRSKU", c"TLSv1.3 read server key update"),
    (46, c"TED", c"TLSv1.3 early data"),
    (47, c"TPEDE", c"TLSv1.3 pending early data end"),
    (48, c"TWEOED", c"TLSv1.3 write end of early data"),
    (49, c"TWEOED", c"TLSv1.3 read end of early data"),
];

fn state_of(s: *const SSL) -> Option<(c_uint, bool)> {
    let ssl = ssl_arg(s).ok()?;
    let failed = ssl.st.lock().fatal;
    Some((super::ssl::SSL_get_state(s), failed))
}

/// `SSL_state_string_long`: the handshake state as OpenSSL names it
/// ("error" after a fatal error).
#[no_mangle]
pub extern "C" fn SSL_state_string_long(s: *const SSL) -> *const c_char {
    guard("SSL_state_string_long", c"error".as_ptr(), || {
        Ok(match state_of(s) {
            Some((_, true)) | None => c"error",
            Some((st, false)) => STATES.iter().find(|x| x.0 == st).map_or(c"unknown state", |x| x.2),
        }
        .as_ptr())
    })
}

/// `SSL_state_string`: the short form ("SSLERR" after a fatal error).
#[no_mangle]
pub extern "C" fn SSL_state_string(s: *const SSL) -> *const c_char {
    guard("SSL_state_string", c"SSLERR".as_ptr(), || {
        Ok(match state_of(s) {
            Some((_, true)) | None => c"SSLERR",
            Some((st, false)) => STATES.iter().find(|x| x.0 == st).map_or(c"UNKWN", |x| x.1),
        }
        .as_ptr())
    })
}
