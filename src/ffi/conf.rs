//! `SSL_CONF_*`: OpenSSL's command interface to SSL_CTX/SSL settings, as
//! `openssl s_client`/`s_server`, openssl.cnf's ssl_conf sections and the
//! servers' configuration pass-throughs (nginx's ssl_conf_command, Apache's
//! SSLOpenSSLConfCmd) use it: the context, prefix and flag handling here,
//! OpenSSL 3.0's whole command table in `conf_cmds.rs`.

use std::ffi::{c_char, c_int, c_uint};
use std::sync::Arc;

use parking_lot::Mutex;

use super::boundary::{guard, guard_void, str_arg, Fail};
use super::conf_cmds::{self as cmds, Pending, Target, FLAG_CMDLINE, FLAG_FILE, FLAG_SHOW_ERRORS, TYPE_NONE, TYPE_UNKNOWN};
use super::types::{SSL, SSL_CTX};
use crate::api::connection::Ssl;
use crate::api::context::{Role, SslContext};
use crate::api::handle::{self, Kind};
use crate::api::reason;

/// Opaque `SSL_CONF_CTX` handle.
#[repr(C)]
pub struct SSL_CONF_CTX {
    _opaque: [u8; 0],
}

struct ConfState {
    flags: c_uint,
    prefix: Option<String>,
    target: Target,
    pending: Pending,
}

impl Default for ConfState {
    fn default() -> Self {
        ConfState { flags: 0, prefix: None, target: Target::None, pending: Pending::default() }
    }
}

#[derive(Default)]
pub struct ConfCtx {
    state: Mutex<ConfState>,
}

fn conf_arg(c: *const SSL_CONF_CTX) -> Result<Arc<ConfCtx>, Fail> {
    if c.is_null() {
        return Err(Fail::null());
    }
    handle::get::<ConfCtx>(c as usize, Kind::ConfCtx).ok_or(Fail::invalid("not a live SSL_CONF_CTX pointer"))
}

/// OpenSSL's ssl_conf_cmd_skip_prefix: the name without its prefix — the
/// context's (exact on the command line, any case in files), else "-" on
/// the command line; None when it does not carry it.
fn skip_prefix<'a>(st: &ConfState, cmd: &'a str) -> Option<&'a str> {
    match &st.prefix {
        Some(p) => {
            if cmd.len() <= p.len() || !cmd.is_char_boundary(p.len()) {
                return None;
            }
            let (head, rest) = cmd.split_at(p.len());
            let ok = (st.flags & FLAG_CMDLINE == 0 || head == p) && (st.flags & FLAG_FILE == 0 || head.eq_ignore_ascii_case(p));
            ok.then_some(rest)
        }
        None if st.flags & FLAG_CMDLINE != 0 => cmd.strip_prefix('-').filter(|r| !r.is_empty()),
        None => Some(cmd),
    }
}

/// OpenSSL's SSL_CONF_cmd after the NULL check: 2 when the value was used,
/// 1 for a switch, 0 when the command failed, -2 for an unknown command
/// (or PrivateKey without SSL_CONF_FLAG_CERTIFICATE), -3 when a value is
/// missing; errors are queued only under SSL_CONF_FLAG_SHOW_ERRORS.
fn run_cmd(st: &mut ConfState, cmd: &str, value: Option<&str>) -> c_int {
    let show = st.flags & FLAG_SHOW_ERRORS != 0;
    let Some(def) = skip_prefix(st, cmd).and_then(|bare| cmds::lookup(st.flags, bare)) else {
        if show {
            crate::sys::err::push(reason::UNKNOWN_CMD_NAME, "SSL_CONF_cmd", Some(&format!("cmd={cmd}")));
        }
        return -2;
    };
    if def.ty == TYPE_NONE {
        cmds::switch_on(def, &st.target);
        return 1;
    }
    let rv = match value {
        None => -3,
        Some(v) => match cmds::run(def, st.flags, &st.target, &mut st.pending, v) {
            r if r > 0 => return 2,
            -2 => -2,
            _ => 0,
        },
    };
    if show {
        crate::sys::err::push(reason::BAD_VALUE, "SSL_CONF_cmd", Some(&format!("cmd={cmd}, value={}", value.unwrap_or("<EMPTY>"))));
    }
    rv
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

/// `SSL_CONF_CTX_finish`: with SSL_CONF_FLAG_REQUIRE_PRIVATE a certificate
/// loaded without its key takes it from the certificate's file; CA names
/// gathered by RequestCAFile & co. become the CA list.
#[no_mangle]
pub extern "C" fn SSL_CONF_CTX_finish(c: *mut SSL_CONF_CTX) -> c_int {
    guard("SSL_CONF_CTX_finish", 0, || {
        let cc = conf_arg(c)?;
        let mut st = cc.state.lock();
        let st = &mut *st;
        Ok(cmds::finish(st.flags, &st.target, &mut st.pending) as c_int)
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
            st.target = match (ctx.is_null(), super::boundary::ctx_arg(ctx)) {
                (false, Ok(c)) => Target::Ctx(c),
                _ => Target::None,
            };
        }
    })
}

/// `SSL_CONF_CTX_set_ssl`: commands act on this connection from now on.
#[no_mangle]
pub extern "C" fn SSL_CONF_CTX_set_ssl(c: *mut SSL_CONF_CTX, s: *mut SSL) {
    guard_void("SSL_CONF_CTX_set_ssl", || {
        if let Ok(cc) = conf_arg(c) {
            let mut st = cc.state.lock();
            st.target = match (s.is_null(), super::boundary::ssl_arg(s)) {
                (false, Ok(x)) => Target::Ssl(x),
                _ => Target::None,
            };
        }
    })
}

/// `SSL_CONF_cmd` on a context with `flags` and `prefix` acting on
/// nothing (values are only checked): what the `conf_cmd` fuzz target
/// drives. Returns what `SSL_CONF_cmd` would (2, 1, 0, -2, -3).
#[cfg(any(fuzzing, test))]
pub fn apply_to_fresh_settings(flags: c_uint, prefix: Option<&str>, cmd: &str, value: Option<&str>) -> c_int {
    let mut st = ConfState { flags, prefix: prefix.map(str::to_owned), ..ConfState::default() };
    run_cmd(&mut st, cmd, value)
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
        let r = run_cmd(&mut cc.state.lock(), cmd, value);
        Ok(r)
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
            // OpenSSL's SSL_CONF_cmd_argv: the context is a command-line one from now on.
            let r = {
                let mut st = cc.state.lock();
                st.flags = (st.flags & !FLAG_FILE) | FLAG_CMDLINE;
                run_cmd(&mut st, cmd, value)
            };
            let used = match r {
                r if r > 0 => r as usize,
                -2 => return Ok(0),
                0 => return Ok(-1),
                r => return Ok(r),
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
        Ok(skip_prefix(&st, cmd).and_then(|bare| cmds::lookup(st.flags, bare)).map_or(TYPE_UNKNOWN, |d| d.ty))
    })
}

/// Applies a named "ssl_conf" section of the loaded configuration to a
/// context or connection, as OpenSSL's ssl_do_config: file-style names,
/// certificate commands (with their keys required) unless it is the
/// system default section, client and server commands as the method
/// allows; false when the section is missing or any command failed.
pub(super) fn apply_section(ctx: Option<Arc<SslContext>>, ssl: Option<Arc<Ssl>>, name: &std::ffi::CStr, system: bool) -> bool {
    let Some(commands) = crate::sys::ssl_conf_section(name) else { return false };
    let role = match (&ctx, &ssl) {
        (Some(c), _) => c.role,
        (None, Some(s)) => s.ctx().role,
        (None, None) => return false,
    };
    let mut flags = FLAG_FILE;
    if !system {
        flags |= cmds::FLAG_CERTIFICATE | cmds::FLAG_REQUIRE_PRIVATE;
    }
    flags |= match role {
        Role::Server => cmds::FLAG_SERVER,
        Role::Client => cmds::FLAG_CLIENT,
        Role::Either => cmds::FLAG_SERVER | cmds::FLAG_CLIENT,
    };
    let target = match (ctx, ssl) {
        (_, Some(s)) => Target::Ssl(s),
        (Some(c), None) => Target::Ctx(c),
        (None, None) => Target::None,
    };
    let mut st = ConfState { flags, prefix: None, target, pending: Pending::default() };
    let mut ok = true;
    for (cmd, value) in &commands {
        ok &= run_cmd(&mut st, cmd, Some(value.as_str())) > 0;
    }
    ok &= cmds::finish(st.flags, &st.target, &mut st.pending);
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
    Ok(apply_section(ctx, ssl, name, false) as c_int)
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
