//! `SSL_CONF_*`: OpenSSL's command interface to SSL_CTX/SSL settings, as
//! `openssl s_client`/`s_server` and applications with config-driven TLS use
//! it. We implement the commands for what our engine supports; any other
//! command is "unknown" (-2), the answer OpenSSL gives for names it lacks.

use std::ffi::{c_char, c_int, c_uint};
use std::sync::Arc;

use parking_lot::Mutex;

use super::boundary::{guard, guard_void, str_arg, Fail};
use super::types::{SSL, SSL_CTX};
use crate::api::connection::Ssl;
use crate::api::context::{parse_groups_list, valid_version_bound, Settings, SslContext};
use crate::api::handle::{self, Kind};
use crate::api::reason;
use crate::tls::suites;

const FLAG_CMDLINE: c_uint = 0x1;
const FLAG_FILE: c_uint = 0x2;
const FLAG_SHOW_ERRORS: c_uint = 0x10;

const TYPE_UNKNOWN: c_int = 0;
const TYPE_STRING: c_int = 1;
const TYPE_NONE: c_int = 4;

/// Opaque `SSL_CONF_CTX` handle.
#[repr(C)]
pub struct SSL_CONF_CTX {
    _opaque: [u8; 0],
}

#[derive(Default)]
struct ConfState {
    flags: c_uint,
    prefix: Option<String>,
    ctx: Option<Arc<SslContext>>,
    ssl: Option<Arc<Ssl>>,
}

#[derive(Default)]
pub struct ConfCtx {
    state: Mutex<ConfState>,
}

enum Action {
    MinProtocol,
    MaxProtocol,
    Ciphersuites,
    CipherString,
    Groups,
    Sigalgs,
    ClientSigalgs,
    SetOption(u64),
    ClearOption(u64),
}

/// (command-line name, configuration-file name, value type, action).
const COMMANDS: &[(&str, &str, c_int, Action)] = &[
    ("min_protocol", "MinProtocol", TYPE_STRING, Action::MinProtocol),
    ("max_protocol", "MaxProtocol", TYPE_STRING, Action::MaxProtocol),
    ("ciphersuites", "Ciphersuites", TYPE_STRING, Action::Ciphersuites),
    ("cipher", "CipherString", TYPE_STRING, Action::CipherString),
    ("groups", "Groups", TYPE_STRING, Action::Groups),
    ("curves", "Curves", TYPE_STRING, Action::Groups),
    ("sigalgs", "SignatureAlgorithms", TYPE_STRING, Action::Sigalgs),
    ("client_sigalgs", "ClientSignatureAlgorithms", TYPE_STRING, Action::ClientSigalgs),
    ("no_ticket", "", TYPE_NONE, Action::SetOption(1 << 14)),
    ("serverpref", "", TYPE_NONE, Action::SetOption(1 << 22)),
    ("allow_no_dhe_kex", "", TYPE_NONE, Action::SetOption(1 << 10)),
    ("prioritize_chacha", "", TYPE_NONE, Action::SetOption(1 << 21)),
    ("no_middlebox", "", TYPE_NONE, Action::ClearOption(1 << 20)),
    ("no_tls1_3", "", TYPE_NONE, Action::SetOption(1 << 29)),
    ("no_tls1_2", "", TYPE_NONE, Action::SetOption(1 << 27)),
    ("no_renegotiation", "", TYPE_NONE, Action::SetOption(1 << 30)),
    ("legacy_renegotiation", "", TYPE_NONE, Action::SetOption(1 << 18)),
    ("client_renegotiation", "", TYPE_NONE, Action::SetOption(1 << 8)),
    ("legacy_server_connect", "", TYPE_NONE, Action::SetOption(1 << 2)),
    ("no_legacy_server_connect", "", TYPE_NONE, Action::ClearOption(1 << 2)),
    ("no_resumption_on_reneg", "", TYPE_NONE, Action::SetOption(1 << 16)),
    ("no_etm", "", TYPE_NONE, Action::SetOption(1 << 19)),
    ("no_ssl3", "", TYPE_NONE, Action::SetOption(1 << 25)),
    ("no_tls1", "", TYPE_NONE, Action::SetOption(1 << 26)),
    ("no_tls1_1", "", TYPE_NONE, Action::SetOption(1 << 28)),
    ("no_comp", "", TYPE_NONE, Action::SetOption(1 << 17)),
    ("ignore_unexpected_eof", "", TYPE_NONE, Action::SetOption(1 << 7)),
    ("anti_replay", "", TYPE_NONE, Action::ClearOption(1 << 24)),
    ("no_anti_replay", "", TYPE_NONE, Action::SetOption(1 << 24)),
];

fn conf_arg(c: *const SSL_CONF_CTX) -> Result<Arc<ConfCtx>, Fail> {
    if c.is_null() {
        return Err(Fail::null());
    }
    handle::get::<ConfCtx>(c as usize, Kind::ConfCtx).ok_or(Fail::invalid("not a live SSL_CONF_CTX pointer"))
}

/// The table entry a command names, with OpenSSL's naming rules: a prefix
/// (default "-") on the command line, case-insensitive names in files.
fn find(st: &ConfState, cmd: &str) -> Option<&'static (&'static str, &'static str, c_int, Action)> {
    let cmdline = st.flags & FLAG_CMDLINE != 0;
    let file = st.flags & FLAG_FILE != 0;
    let prefix = st.prefix.as_deref().unwrap_or(if cmdline { "-" } else { "" });
    let bare = cmd.strip_prefix(prefix)?;
    COMMANDS.iter().find(|(cl, fl, _, _)| {
        (cmdline && *cl == bare) || (file && !fl.is_empty() && fl.eq_ignore_ascii_case(bare))
    })
}

fn version(v: &str) -> Option<i32> {
    Some(match v {
        "None" => 0,
        "SSLv3" => 0x0300,
        "TLSv1" => 0x0301,
        "TLSv1.1" => 0x0302,
        "TLSv1.2" => 0x0303,
        "TLSv1.3" => 0x0304,
        _ => return None,
    })
}

fn apply(s: &mut Settings, action: &Action, value: Option<&str>) -> bool {
    let v = value.unwrap_or("");
    match action {
        Action::MinProtocol => version(v).filter(|x| valid_version_bound(*x)).map(|x| s.min_version = x).is_some(),
        Action::MaxProtocol => version(v).filter(|x| valid_version_bound(*x)).map(|x| s.max_version = x).is_some(),
        Action::Ciphersuites => suites::parse_ciphersuites(v).map(|l| s.suites = l).is_some(),
        Action::CipherString => s.set_cipher_list(v),
        Action::Groups => parse_groups_list(v).map(|g| s.groups = g).is_some(),
        Action::Sigalgs => crate::crypto::verify::parse_sigalgs_list(v).map(|l| s.extras.sigalgs = Some(l)).is_some(),
        Action::ClientSigalgs => crate::crypto::verify::parse_sigalgs_list(v).map(|l| s.extras.client_sigalgs = Some(l)).is_some(),
        Action::SetOption(bit) => {
            s.options |= bit;
            true
        }
        Action::ClearOption(bit) => {
            s.options &= !bit;
            true
        }
    }
}

/// `SSL_CONF_CTX_new`: a new configuration context (free with `SSL_CONF_CTX_free`).
#[no_mangle]
pub extern "C" fn SSL_CONF_CTX_new() -> *mut SSL_CONF_CTX {
    guard("SSL_CONF_CTX_new", std::ptr::null_mut(), || Ok(handle::register(Kind::ConfCtx, Arc::new(ConfCtx::default())) as *mut SSL_CONF_CTX))
}

/// `SSL_CONF_CTX_free`: NULL is ignored.
#[no_mangle]
pub extern "C" fn SSL_CONF_CTX_free(c: *mut SSL_CONF_CTX) {
    if c.is_null() {
        return;
    }
    guard_void("SSL_CONF_CTX_free", || {
        handle::release(c as usize, Kind::ConfCtx);
    })
}

/// `SSL_CONF_CTX_finish`: nothing is deferred, so this succeeds.
#[no_mangle]
pub extern "C" fn SSL_CONF_CTX_finish(c: *mut SSL_CONF_CTX) -> c_int {
    guard("SSL_CONF_CTX_finish", 0, || {
        conf_arg(c)?;
        Ok(1)
    })
}

/// `SSL_CONF_CTX_set_flags`: returns the new flags.
#[no_mangle]
pub extern "C" fn SSL_CONF_CTX_set_flags(c: *mut SSL_CONF_CTX, flags: c_uint) -> c_uint {
    guard("SSL_CONF_CTX_set_flags", 0, || {
        let cc = conf_arg(c)?;
        let mut st = cc.state.lock();
        st.flags |= flags;
        Ok(st.flags)
    })
}

/// `SSL_CONF_CTX_clear_flags`: returns the new flags.
#[no_mangle]
pub extern "C" fn SSL_CONF_CTX_clear_flags(c: *mut SSL_CONF_CTX, flags: c_uint) -> c_uint {
    guard("SSL_CONF_CTX_clear_flags", 0, || {
        let cc = conf_arg(c)?;
        let mut st = cc.state.lock();
        st.flags &= !flags;
        Ok(st.flags)
    })
}

/// `SSL_CONF_CTX_set1_prefix`: the prefix command names carry (NULL: none).
///
/// # Safety
/// `pre` must be NULL or a NUL-terminated string.
#[no_mangle]
pub unsafe extern "C" fn SSL_CONF_CTX_set1_prefix(c: *mut SSL_CONF_CTX, pre: *const c_char) -> c_int {
    guard("SSL_CONF_CTX_set1_prefix", 0, || {
        let cc = conf_arg(c)?;
        // SAFETY: per the contract.
        let p = unsafe { str_arg(pre)? };
        cc.state.lock().prefix = Some(p.unwrap_or("").to_string());
        Ok(1)
    })
}

/// `SSL_CONF_CTX_set_ssl_ctx`: commands act on this context from now on.
#[no_mangle]
pub extern "C" fn SSL_CONF_CTX_set_ssl_ctx(c: *mut SSL_CONF_CTX, ctx: *mut SSL_CTX) {
    guard_void("SSL_CONF_CTX_set_ssl_ctx", || {
        if let Ok(cc) = conf_arg(c) {
            let mut st = cc.state.lock();
            st.ctx = if ctx.is_null() { None } else { super::boundary::ctx_arg(ctx).ok() };
            st.ssl = None;
        }
    })
}

/// `SSL_CONF_CTX_set_ssl`: commands act on this connection from now on.
#[no_mangle]
pub extern "C" fn SSL_CONF_CTX_set_ssl(c: *mut SSL_CONF_CTX, s: *mut SSL) {
    guard_void("SSL_CONF_CTX_set_ssl", || {
        if let Ok(cc) = conf_arg(c) {
            let mut st = cc.state.lock();
            st.ssl = if s.is_null() { None } else { super::boundary::ssl_arg(s).ok() };
            st.ctx = None;
        }
    })
}

fn run_cmd(cc: &ConfCtx, cmd: &str, value: Option<&str>) -> Result<c_int, Fail> {
    let st = cc.state.lock();
    let Some((_, _, ty, action)) = find(&st, cmd) else {
        if st.flags & FLAG_SHOW_ERRORS != 0 {
            return Err(Fail::new(reason::UNKNOWN_CMD_NAME, "unknown cmd name"));
        }
        return Ok(-2);
    };
    if *ty != TYPE_NONE && value.is_none() {
        return Ok(-3);
    }
    let ok = match (&st.ctx, &st.ssl) {
        (Some(ctx), _) => apply(&mut ctx.settings.lock(), action, value),
        (None, Some(ssl)) => apply(&mut ssl.st.lock().settings, action, value),
        // With neither set the command is only checked (OpenSSL's behaviour).
        (None, None) => true,
    };
    if !ok {
        return Err(Fail::new(reason::BAD_VALUE, "bad value"));
    }
    Ok(if *ty == TYPE_NONE { 1 } else { 2 })
}

/// `SSL_CONF_cmd`'s command lookup (flags, prefix) and value parsers applied
/// to fresh settings, without handles: what the `conf_cmd` fuzz target
/// drives. Returns what `SSL_CONF_cmd` would (2, 1, 0, -2, -3).
#[cfg(any(fuzzing, test))]
pub fn apply_to_fresh_settings(flags: c_uint, prefix: Option<&str>, cmd: &str, value: Option<&str>) -> c_int {
    let st = ConfState { flags, prefix: prefix.map(str::to_owned), ..ConfState::default() };
    let Some((_, _, ty, action)) = find(&st, cmd) else { return -2 };
    if *ty != TYPE_NONE && value.is_none() {
        return -3;
    }
    match (apply(&mut Settings::default(), action, value), *ty == TYPE_NONE) {
        (false, _) => 0,
        (true, true) => 1,
        (true, false) => 2,
    }
}

/// `SSL_CONF_cmd`: 2 when the value was used, 1 for a switch, 0 on a bad
/// value, -2 for an unknown command, -3 when a value is missing.
///
/// # Safety
/// `cmd` and `value` must be NULL or NUL-terminated strings.
#[no_mangle]
pub unsafe extern "C" fn SSL_CONF_cmd(c: *mut SSL_CONF_CTX, cmd: *const c_char, value: *const c_char) -> c_int {
    guard("SSL_CONF_cmd", 0, || {
        let cc = conf_arg(c)?;
        // SAFETY: per the contract.
        let (cmd, value) = unsafe { (str_arg(cmd)?, str_arg(value)?) };
        let cmd = cmd.ok_or(Fail::new(reason::INVALID_NULL_CMD_NAME, "invalid null cmd name"))?;
        run_cmd(&cc, cmd, value)
    })
}

/// `SSL_CONF_cmd_argv`: applies the command at `(*pargv)[0]` (with its
/// value), advancing past what it used; 0 if it is not a command.
///
/// # Safety
/// `pargc`/`pargv` must point at a valid argument count and vector.
#[no_mangle]
pub unsafe extern "C" fn SSL_CONF_cmd_argv(c: *mut SSL_CONF_CTX, pargc: *mut c_int, pargv: *mut *mut *mut c_char) -> c_int {
    guard("SSL_CONF_cmd_argv", 0, || {
        let cc = conf_arg(c)?;
        if pargv.is_null() {
            return Err(Fail::null());
        }
        // SAFETY: per the contract; argc bounds the reads.
        unsafe {
            let argc = if pargc.is_null() { -1 } else { *pargc };
            let argv = *pargv;
            if argc == 0 || argv.is_null() || (*argv).is_null() {
                return Ok(0);
            }
            let Some(cmd) = str_arg(*argv)? else { return Ok(0) };
            let value = if argc < 0 || argc >= 2 { str_arg(*argv.add(1))? } else { None };
            let r = run_cmd(&cc, cmd, value)?;
            let used = match r {
                -2 => return Ok(0),
                -3 => return Ok(-3),
                1 => 1,
                _ => 2,
            };
            *pargv = argv.add(used);
            if !pargc.is_null() {
                *pargc -= used as c_int;
            }
            Ok(used as c_int)
        }
    })
}

/// `SSL_CONF_cmd_value_type`: SSL_CONF_TYPE_* of a command, UNKNOWN if none.
///
/// # Safety
/// `cmd` must be a NUL-terminated string.
#[no_mangle]
pub unsafe extern "C" fn SSL_CONF_cmd_value_type(c: *mut SSL_CONF_CTX, cmd: *const c_char) -> c_int {
    guard("SSL_CONF_cmd_value_type", TYPE_UNKNOWN, || {
        let cc = conf_arg(c)?;
        // SAFETY: per the contract.
        let cmd = unsafe { str_arg(cmd)? }.ok_or_else(Fail::null)?;
        let st = cc.state.lock();
        Ok(find(&st, cmd).map_or(TYPE_UNKNOWN, |(_, _, t, _)| *t))
    })
}

/// Applies a named "ssl_conf" section of the loaded configuration to a
/// context or connection, as OpenSSL's ssl_do_config: file-style command
/// names; false when the section is missing or a command failed.
pub(super) fn apply_section(ctx: Option<Arc<SslContext>>, ssl: Option<Arc<Ssl>>, name: &std::ffi::CStr) -> bool {
    let Some(cmds) = crate::sys::ssl_conf_section(name) else { return false };
    let cc = ConfCtx { state: Mutex::new(ConfState { flags: FLAG_FILE, prefix: None, ctx, ssl }) };
    let mut ok = true;
    for (cmd, value) in &cmds {
        ok &= matches!(run_cmd(&cc, cmd, Some(value.as_str())), Ok(r) if r > 0);
    }
    ok
}

/// A named section for `SSL_CTX_config`/`SSL_config`: 0 with
/// SSL_R_INVALID_CONFIGURATION_NAME when it does not exist.
///
/// # Safety
/// `name` must be NULL or a NUL-terminated string.
unsafe fn config_named(name: *const c_char, ctx: Option<Arc<SslContext>>, ssl: Option<Arc<Ssl>>) -> Result<c_int, Fail> {
    if name.is_null() {
        return Err(Fail::null());
    }
    // SAFETY: per the contract.
    let name = unsafe { std::ffi::CStr::from_ptr(name) };
    if crate::sys::ssl_conf_section(name).is_none() {
        return Err(Fail::new(reason::INVALID_CONFIGURATION_NAME, "invalid configuration name"));
    }
    Ok(apply_section(ctx, ssl, name) as c_int)
}

/// `SSL_CTX_config`: applies the named "ssl_conf" section to the context.
///
/// # Safety
/// `name` must be a NUL-terminated string.
#[no_mangle]
pub unsafe extern "C" fn SSL_CTX_config(ctx: *mut SSL_CTX, name: *const c_char) -> c_int {
    // SAFETY: forwarded contract.
    guard("SSL_CTX_config", 0, || unsafe { config_named(name, Some(super::boundary::ctx_arg(ctx)?), None) })
}

/// `SSL_config`: as `SSL_CTX_config`, for one connection.
///
/// # Safety
/// `name` must be a NUL-terminated string.
#[no_mangle]
pub unsafe extern "C" fn SSL_config(s: *mut SSL, name: *const c_char) -> c_int {
    // SAFETY: forwarded contract.
    guard("SSL_config", 0, || unsafe { config_named(name, None, Some(super::boundary::ssl_arg(s)?)) })
}
