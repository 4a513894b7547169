//! Custom extensions and serverinfo (`SSL_CTX_add_custom_ext(3)`,
//! `SSL_CTX_use_serverinfo(3)`), with OpenSSL 3.0's rules: a registration
//! that is refused returns 0 without an error on the queue, as
//! `add_custom_ext_intern` does.

use std::ffi::{c_char, c_int, c_uint, c_void};

use super::boundary::{ctx_arg, guard, Fail};
use super::types::SSL_CTX;
use crate::api::custom_ext::{self as ce, Callbacks, Method, Role};
use crate::api::context::SslContext;
use crate::sys::custom_ext_cb::{AddCb, AddCbEx, ExtCallbacks, FreeCb, FreeCbEx, ParseCb, ParseCbEx};
use crate::sys::err;

const SSL_SERVERINFOV1: c_uint = 1;
const SSL_SERVERINFOV2: c_uint = 2;
const SCT: c_uint = 18;
const INVALID_SERVERINFO_DATA: i32 = 388;
const NO_PEM_EXTENSIONS: i32 = 389;
const BAD_DATA: i32 = 390;
const PEM_NAME_BAD_PREFIX: i32 = 391;
const PEM_NAME_TOO_SHORT: i32 = 392;

/// OpenSSL's add_custom_ext_intern: false (and no error) for a type
/// libssl handles itself (signed_certificate_timestamp excepted, unless a
/// client would use it beside Certificate Transparency), one over 16 bits,
/// or a duplicate.
fn register(ctx: &SslContext, role: Role, ext_type: c_uint, context: c_uint, callbacks: Callbacks) -> bool {
    let mut settings = ctx.settings.lock();
    if ext_type == SCT && context & crate::tls::custom_ext::CLIENT_HELLO != 0 && settings.extras.ct_validation.is_some() {
        return false;
    }
    if super::misc::SSL_extension_supported(ext_type) == 1 && ext_type != SCT {
        return false;
    }
    let Ok(ext_type) = u16::try_from(ext_type) else { return false };
    settings.certs.custom.add(Method { role, ext_type, context, callbacks })
}

/// `SSL_CTX_add_custom_ext`: registers an extension for both roles in the
/// messages `context` names (1, or 0 when refused).
#[no_mangle]
pub extern "C" fn SSL_CTX_add_custom_ext(
    ctx: *mut SSL_CTX,
    ext_type: c_uint,
    context: c_uint,
    add_cb: AddCbEx,
    free_cb: FreeCbEx,
    add_arg: *mut c_void,
    parse_cb: ParseCbEx,
    parse_arg: *mut c_void,
) -> c_int {
    guard("SSL_CTX_add_custom_ext", 0, || {
        let c = ctx_arg(ctx)?;
        // "if add_cb is not set free_cb will never be called"
        if add_cb.is_none() && free_cb.is_some() {
            return Ok(0);
        }
        let cbs = ExtCallbacks::Ex { add: add_cb, free: free_cb, add_arg: add_arg as usize, parse: parse_cb, parse_arg: parse_arg as usize };
        Ok(register(&c, Role::Both, ext_type, context, Callbacks::App(cbs)) as c_int)
    })
}

fn add_legacy(func: &'static str, ctx: *mut SSL_CTX, role: Role, ext_type: c_uint, cbs: ExtCallbacks) -> c_int {
    guard(func, 0, || {
        let c = ctx_arg(ctx)?;
        Ok(register(&c, role, ext_type, ce::LEGACY_CONTEXT, Callbacks::App(cbs)) as c_int)
    })
}

/// `SSL_CTX_add_client_custom_ext`: the pre-TLS 1.3 form, for a client:
/// ClientHello and TLS 1.2 ServerHello, not on resumption.
#[no_mangle]
pub extern "C" fn SSL_CTX_add_client_custom_ext(
    ctx: *mut SSL_CTX,
    ext_type: c_uint,
    add_cb: AddCb,
    free_cb: FreeCb,
    add_arg: *mut c_void,
    parse_cb: ParseCb,
    parse_arg: *mut c_void,
) -> c_int {
    let cbs = ExtCallbacks::Legacy { add: add_cb, free: free_cb, add_arg: add_arg as usize, parse: parse_cb, parse_arg: parse_arg as usize };
    add_legacy("SSL_CTX_add_client_custom_ext", ctx, Role::Client, ext_type, cbs)
}

/// `SSL_CTX_add_server_custom_ext`: as above, for a server.
#[no_mangle]
pub extern "C" fn SSL_CTX_add_server_custom_ext(
    ctx: *mut SSL_CTX,
    ext_type: c_uint,
    add_cb: AddCb,
    free_cb: FreeCb,
    add_arg: *mut c_void,
    parse_cb: ParseCb,
    parse_arg: *mut c_void,
) -> c_int {
    let cbs = ExtCallbacks::Legacy { add: add_cb, free: free_cb, add_arg: add_arg as usize, parse: parse_cb, parse_arg: parse_arg as usize };
    add_legacy("SSL_CTX_add_server_custom_ext", ctx, Role::Server, ext_type, cbs)
}

/// `SSL_CTX_has_client_custom_ext`: 1 when a client registration (of
/// either form) exists for the type.
#[no_mangle]
pub extern "C" fn SSL_CTX_has_client_custom_ext(ctx: *const SSL_CTX, ext_type: c_uint) -> c_int {
    guard("SSL_CTX_has_client_custom_ext", 0, || {
        let c = ctx_arg(ctx)?;
        let Ok(t) = u16::try_from(ext_type) else { return Ok(0) };
        let found = c.settings.lock().certs.custom.find(Role::Client, t).is_some();
        Ok(found as c_int)
    })
}

/// Stores version 2 serverinfo in the current certificate's slot and
/// registers a server extension per entry (OpenSSL's
/// SSL_CTX_use_serverinfo_ex after the version 1 conversion).
fn use_serverinfo_v2(ctx: &SslContext, v2: Vec<u8>) -> Result<c_int, Fail> {
    let invalid = || Fail::new(INVALID_SERVERINFO_DATA, "invalid serverinfo data");
    let entries = ce::serverinfo_entries(&v2).ok_or_else(invalid)?;
    ctx.settings.lock().certs.set_serverinfo(v2);
    for (context, ext_type) in entries {
        // Version 1 entries (and version 2 ones that look like them) use
        // the per-role legacy registration, as OpenSSL does.
        let role = if context == ce::LEGACY_CONTEXT { Role::Server } else { Role::Both };
        if !register(ctx, role, ext_type.into(), context, Callbacks::ServerInfo) {
            return Err(invalid());
        }
    }
    Ok(1)
}

/// `SSL_CTX_use_serverinfo_ex`: serverinfo of `version` 1
/// (`type, data` entries) or 2 (`context, type, data`) for the current
/// certificate (copied).
///
/// # Safety
/// `serverinfo` must be readable for `serverinfo_length` bytes.
#[no_mangle]
pub unsafe extern "C" fn SSL_CTX_use_serverinfo_ex(ctx: *mut SSL_CTX, version: c_uint, serverinfo: *const u8, serverinfo_length: usize) -> c_int {
    guard("SSL_CTX_use_serverinfo_ex", 0, || {
        if ctx.is_null() || serverinfo.is_null() || serverinfo_length == 0 {
            return Err(Fail::null());
        }
        let c = ctx_arg(ctx)?;
        // SAFETY: per the contract.
        let data = unsafe { std::slice::from_raw_parts(serverinfo, serverinfo_length) };
        let v2 = match version {
            // Each entry takes OpenSSL's legacy context (extension_append).
            SSL_SERVERINFOV1 => ce::serverinfo_v1_to_v2(data),
            SSL_SERVERINFOV2 => Some(data.to_vec()),
            _ => None,
        };
        use_serverinfo_v2(&c, v2.ok_or(Fail::new(INVALID_SERVERINFO_DATA, "invalid serverinfo data"))?)
    })
}

/// `SSL_CTX_use_serverinfo`: version 1 serverinfo, as above.
///
/// # Safety
/// As `SSL_CTX_use_serverinfo_ex`.
#[no_mangle]
pub unsafe extern "C" fn SSL_CTX_use_serverinfo(ctx: *mut SSL_CTX, serverinfo: *const u8, serverinfo_length: usize) -> c_int {
    // SAFETY: the same contract.
    unsafe { SSL_CTX_use_serverinfo_ex(ctx, SSL_SERVERINFOV1, serverinfo, serverinfo_length) }
}

/// `SSL_CTX_use_serverinfo_file`: the "SERVERINFO FOR ..." (version 1)
/// and "SERVERINFOV2 FOR ..." PEM blocks of a file, each one extension.
///
/// # Safety
/// `file` must be a NUL-terminated path.
#[no_mangle]
pub unsafe extern "C" fn SSL_CTX_use_serverinfo_file(ctx: *mut SSL_CTX, file: *const c_char) -> c_int {
    guard("SSL_CTX_use_serverinfo_file", 0, || {
        if ctx.is_null() || file.is_null() {
            return Err(Fail::null());
        }
        let c = ctx_arg(ctx)?;
        // SAFETY: per the contract.
        let path = unsafe { std::ffi::CStr::from_ptr(file) };
        let blocks = crate::sys::pkey::read_pem_blocks(path).ok_or(Fail::new(err::ERR_R_SYS_LIB, "cannot open serverinfo file"))?;
        if blocks.is_empty() {
            return Err(Fail::new(NO_PEM_EXTENSIONS, "no PEM extensions"));
        }
        let mut v2 = Vec::new();
        for b in blocks {
            let v1 = match b.name.as_slice() {
                n if n.len() < b"SERVERINFO FOR ".len() => return Err(Fail::new(PEM_NAME_TOO_SHORT, "PEM name too short")),
                n if n.starts_with(b"SERVERINFO FOR ") => true,
                n if n.len() < b"SERVERINFOV2 FOR ".len() => return Err(Fail::new(PEM_NAME_TOO_SHORT, "PEM name too short")),
                n if n.starts_with(b"SERVERINFOV2 FOR ") => false,
                _ => return Err(Fail::new(PEM_NAME_BAD_PREFIX, "PEM name bad prefix")),
            };
            // The header's length must match what follows it.
            let header = if v1 { 4 } else { 8 };
            let d = &b.data;
            if d.len() < header || usize::from(u16::from_be_bytes([d[header - 2], d[header - 1]])) != d.len() - header {
                return Err(Fail::new(BAD_DATA, "serverinfo length"));
            }
            if v1 {
                v2.extend_from_slice(&ce::LEGACY_CONTEXT.to_be_bytes());
            }
            v2.extend_from_slice(d);
        }
        use_serverinfo_v2(&c, v2)
    })
}
