//! `TLS_method` and friends: static SSL_METHOD objects.

use super::types::SSL_METHOD;
use crate::api::context::{Role, TLS1_2_VERSION, TLS1_VERSION};

const CLIENT: u8 = 0;
const SERVER: u8 = 1;
const EITHER: u8 = 2;

static TLS: SSL_METHOD = SSL_METHOD { role: EITHER, min_version: 0, max_version: 0 };
static TLS_CLIENT: SSL_METHOD = SSL_METHOD { role: CLIENT, min_version: 0, max_version: 0 };
static TLS_SERVER: SSL_METHOD = SSL_METHOD { role: SERVER, min_version: 0, max_version: 0 };
static TLS12: SSL_METHOD = SSL_METHOD { role: EITHER, min_version: TLS1_2_VERSION, max_version: TLS1_2_VERSION };
static TLS12_CLIENT: SSL_METHOD = SSL_METHOD { role: CLIENT, min_version: TLS1_2_VERSION, max_version: TLS1_2_VERSION };
static TLS12_SERVER: SSL_METHOD = SSL_METHOD { role: SERVER, min_version: TLS1_2_VERSION, max_version: TLS1_2_VERSION };
static TLS11: SSL_METHOD = SSL_METHOD { role: EITHER, min_version: TLS1_VERSION + 1, max_version: TLS1_VERSION + 1 };
static TLS11_CLIENT: SSL_METHOD = SSL_METHOD { role: CLIENT, min_version: TLS1_VERSION + 1, max_version: TLS1_VERSION + 1 };
static TLS11_SERVER: SSL_METHOD = SSL_METHOD { role: SERVER, min_version: TLS1_VERSION + 1, max_version: TLS1_VERSION + 1 };
static TLS10: SSL_METHOD = SSL_METHOD { role: EITHER, min_version: TLS1_VERSION, max_version: TLS1_VERSION };
static TLS10_CLIENT: SSL_METHOD = SSL_METHOD { role: CLIENT, min_version: TLS1_VERSION, max_version: TLS1_VERSION };
static TLS10_SERVER: SSL_METHOD = SSL_METHOD { role: SERVER, min_version: TLS1_VERSION, max_version: TLS1_VERSION };

const ALL: [&SSL_METHOD; 12] = [
    &TLS, &TLS_CLIENT, &TLS_SERVER, &TLS12, &TLS12_CLIENT, &TLS12_SERVER, &TLS11, &TLS11_CLIENT, &TLS11_SERVER, &TLS10,
    &TLS10_CLIENT, &TLS10_SERVER,
];

/// The method behind a pointer, if it is one of ours.
pub fn lookup(p: *const SSL_METHOD) -> Option<(Role, i32, i32)> {
    let m = ALL.iter().find(|m| std::ptr::eq(**m, p))?;
    let role = match m.role {
        CLIENT => Role::Client,
        SERVER => Role::Server,
        _ => Role::Either,
    };
    Some((role, m.min_version, m.max_version))
}

/// `TLS_method`: a version-flexible method for either role. A static object, never freed.
#[no_mangle]
pub extern "C" fn TLS_method() -> *const SSL_METHOD {
    &TLS
}

/// `TLS_client_method`: version-flexible, client role. A static object, never freed.
#[no_mangle]
pub extern "C" fn TLS_client_method() -> *const SSL_METHOD {
    &TLS_CLIENT
}

/// `TLS_server_method`: version-flexible, server role. A static object, never freed.
#[no_mangle]
pub extern "C" fn TLS_server_method() -> *const SSL_METHOD {
    &TLS_SERVER
}

/// `TLSv1_2_method`: min = max = TLS 1.2. A static object, never freed.
#[no_mangle]
pub extern "C" fn TLSv1_2_method() -> *const SSL_METHOD {
    &TLS12
}

/// `TLSv1_2_client_method`: min = max = TLS 1.2, client role. A static object, never freed.
#[no_mangle]
pub extern "C" fn TLSv1_2_client_method() -> *const SSL_METHOD {
    &TLS12_CLIENT
}

/// `TLSv1_2_server_method`: min = max = TLS 1.2, server role. A static object, never freed.
#[no_mangle]
pub extern "C" fn TLSv1_2_server_method() -> *const SSL_METHOD {
    &TLS12_SERVER
}

/// `TLSv1_1_method`: min = max = TLS 1.1 (a context we can never complete a handshake with). A static object, never freed.
#[no_mangle]
pub extern "C" fn TLSv1_1_method() -> *const SSL_METHOD {
    &TLS11
}

/// `TLSv1_1_client_method`: min = max = TLS 1.1, client role. A static object, never freed.
#[no_mangle]
pub extern "C" fn TLSv1_1_client_method() -> *const SSL_METHOD {
    &TLS11_CLIENT
}

/// `TLSv1_1_server_method`: min = max = TLS 1.1, server role. A static object, never freed.
#[no_mangle]
pub extern "C" fn TLSv1_1_server_method() -> *const SSL_METHOD {
    &TLS11_SERVER
}

/// `TLSv1_method`: min = max = TLS 1.0. A static object, never freed.
#[no_mangle]
pub extern "C" fn TLSv1_method() -> *const SSL_METHOD {
    &TLS10
}

/// `TLSv1_client_method`: min = max = TLS 1.0, client role. A static object, never freed.
#[no_mangle]
pub extern "C" fn TLSv1_client_method() -> *const SSL_METHOD {
    &TLS10_CLIENT
}

/// `TLSv1_server_method`: min = max = TLS 1.0, server role. A static object, never freed.
#[no_mangle]
pub extern "C" fn TLSv1_server_method() -> *const SSL_METHOD {
    &TLS10_SERVER
}
