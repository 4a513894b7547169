//! SRP (RFC 5054) configuration and getters, OpenSSL 3.0's deprecated but
//! exported API: the client's username and password (or password
//! callback) and minimum group size, the server's username callback and
//! `SSL_set_srp_server_param(_pw)`, and the getters the callbacks use.
//! The handshake itself is the engine's (TLS 1.2 SRP suites).

use std::ffi::{c_char, c_int, c_void, CStr, CString};

use super::boundary::{ctx_arg, guard, ssl_arg, str_arg, Fail};
use super::types::{SSL, SSL_CTX};
use crate::api::extras::{SrpConfig, SrpPassword};
use crate::api::reason;
use crate::sys::bn::{Bn, BIGNUM};
use crate::sys::callbacks::{SrpClientPwdCb, SrpUsernameCb, SrpVerifyParamCb};

/// Runs `f` on a context's SRP settings; 1, or 0 for a bad context.
fn with_ctx(func: &'static str, ctx: *mut SSL_CTX, f: impl FnOnce(&mut SrpConfig) -> Result<(), Fail>) -> c_int {
    guard(func, 0, || {
        let c = ctx_arg(ctx)?;
        f(&mut c.settings.lock().extras_mut().srp)?;
        Ok(1)
    })
}

/// `SSL_CTX_SRP_CTX_init`: the context's SRP settings back to their
/// defaults (strength SRP_MINIMAL_N, nothing set).
#[no_mangle]
pub extern "C" fn SSL_CTX_SRP_CTX_init(ctx: *mut SSL_CTX) -> c_int {
    // OpenSSL: "if (ctx == NULL) return 0", no error.
    if ctx.is_null() {
        return 0;
    }
    with_ctx("SSL_CTX_SRP_CTX_init", ctx, |srp| {
        *srp = SrpConfig::default();
        Ok(())
    })
}

/// `SSL_CTX_SRP_CTX_free`: clears the context's SRP settings, as init.
#[no_mangle]
pub extern "C" fn SSL_CTX_SRP_CTX_free(ctx: *mut SSL_CTX) -> c_int {
    if ctx.is_null() {
        return 0;
    }
    with_ctx("SSL_CTX_SRP_CTX_free", ctx, |srp| {
        *srp = SrpConfig::default();
        Ok(())
    })
}

/// `SSL_SRP_CTX_init`: the connection takes its context's SRP settings
/// again, and forgets its SRP numbers.
#[no_mangle]
pub extern "C" fn SSL_SRP_CTX_init(s: *mut SSL) -> c_int {
    // OpenSSL: "if (s == NULL) return 0", no error.
    if s.is_null() {
        return 0;
    }
    guard("SSL_SRP_CTX_init", 0, || {
        let ssl = ssl_arg(s)?;
        let from_ctx = ssl.ctx().settings.lock().extras.srp.clone();
        let mut st = ssl.st.lock();
        st.settings.extras_mut().srp = from_ctx;
        st.srp = Default::default();
        Ok(1)
    })
}

/// `SSL_SRP_CTX_free`: clears the connection's SRP settings and numbers.
#[no_mangle]
pub extern "C" fn SSL_SRP_CTX_free(s: *mut SSL) -> c_int {
    if s.is_null() {
        return 0;
    }
    guard("SSL_SRP_CTX_free", 0, || {
        let ssl = ssl_arg(s)?;
        let mut st = ssl.st.lock();
        st.settings.extras_mut().srp = SrpConfig::default();
        st.srp = Default::default();
        Ok(1)
    })
}

/// `SSL_CTX_set_srp_username`: the client's login (1 to 255 bytes, else
/// SSL_R_INVALID_SRP_USERNAME); enables the SRP suites. NULL clears it.
///
/// # Safety
/// `name` must be NULL or a NUL-terminated string.
#[no_mangle]
pub unsafe extern "C" fn SSL_CTX_set_srp_username(ctx: *mut SSL_CTX, name: *mut c_char) -> c_int {
    // SAFETY: per the contract (read before the closure borrows it).
    let name = if name.is_null() { None } else { Some(unsafe { CStr::from_ptr(name) }.to_owned()) };
    with_ctx("SSL_CTX_set_srp_username", ctx, |srp| {
        srp.enabled = true;
        srp.username = None;
        if let Some(n) = name {
            if n.as_bytes().is_empty() || n.as_bytes().len() > 255 {
                return Err(Fail::new(reason::INVALID_SRP_USERNAME, "invalid srp username"));
            }
            srp.username = Some(n);
        }
        Ok(())
    })
}

/// `SSL_CTX_set_srp_password`: the client's password (replacing a
/// password callback, as OpenSSL's installs its own); NULL fails.
///
/// # Safety
/// `password` must be NULL or a NUL-terminated string.
#[no_mangle]
pub unsafe extern "C" fn SSL_CTX_set_srp_password(ctx: *mut SSL_CTX, password: *mut c_char) -> c_int {
    let pass = if password.is_null() {
        None
    } else {
        // SAFETY: per the contract.
        Some(zeroize::Zeroizing::new(unsafe { CStr::from_ptr(password) }.to_bytes().to_vec()))
    };
    with_ctx("SSL_CTX_set_srp_password", ctx, |srp| {
        let pass = pass.ok_or_else(Fail::null)?;
        srp.password = SrpPassword::Fixed(pass);
        Ok(())
    })
}

/// `SSL_CTX_set_srp_strength`: the smallest group (bits of N) a client accepts.
#[no_mangle]
pub extern "C" fn SSL_CTX_set_srp_strength(ctx: *mut SSL_CTX, strength: c_int) -> c_int {
    with_ctx("SSL_CTX_set_srp_strength", ctx, |srp| {
        srp.strength = strength;
        Ok(())
    })
}

/// `SSL_CTX_set_srp_client_pwd_callback`: asked for the password (an
/// OPENSSL_malloc'd string, which we clear and free).
#[no_mangle]
pub extern "C" fn SSL_CTX_set_srp_client_pwd_callback(ctx: *mut SSL_CTX, cb: SrpClientPwdCb) -> c_int {
    with_ctx("SSL_CTX_set_srp_client_pwd_callback", ctx, |srp| {
        srp.password = SrpPassword::Callback(cb);
        Ok(())
    })
}

/// `SSL_CTX_set_srp_verify_param_callback`: asked whether the server's N
/// and g may be used (instead of the check against RFC 5054's groups).
#[no_mangle]
pub extern "C" fn SSL_CTX_set_srp_verify_param_callback(ctx: *mut SSL_CTX, cb: SrpVerifyParamCb) -> c_int {
    with_ctx("SSL_CTX_set_srp_verify_param_callback", ctx, |srp| {
        srp.verify_param_cb = cb;
        Ok(())
    })
}

/// `SSL_CTX_set_srp_username_callback`: the server's lookup of the
/// client's username, which sets the user's parameters with
/// `SSL_set_srp_server_param`; enables the SRP suites.
#[no_mangle]
pub extern "C" fn SSL_CTX_set_srp_username_callback(ctx: *mut SSL_CTX, cb: SrpUsernameCb) -> c_int {
    with_ctx("SSL_CTX_set_srp_username_callback", ctx, |srp| {
        srp.enabled = true;
        srp.username_cb = cb;
        Ok(())
    })
}

/// `SSL_CTX_set_srp_cb_arg`: the argument of the three SRP callbacks.
#[no_mangle]
pub extern "C" fn SSL_CTX_set_srp_cb_arg(ctx: *mut SSL_CTX, arg: *mut c_void) -> c_int {
    with_ctx("SSL_CTX_set_srp_cb_arg", ctx, |srp| {
        srp.cb_arg = arg as usize;
        Ok(())
    })
}

/// `SSL_set_srp_server_param`: the user's N, g, salt and verifier (copied)
/// and info; -1 when one of the four is still missing, as OpenSSL.
///
/// # Safety
/// Each number must be NULL or a live BIGNUM; `info` NULL or a NUL-terminated string.
#[no_mangle]
pub unsafe extern "C" fn SSL_set_srp_server_param(s: *mut SSL, n: *const BIGNUM, g: *const BIGNUM, sa: *mut BIGNUM, v: *mut BIGNUM, info: *mut c_char) -> c_int {
    guard("SSL_set_srp_server_param", -1, || {
        let ssl = ssl_arg(s)?;
        // SAFETY: per the contract.
        let (n, g, sa, v) = unsafe { (Bn::copy_of(n), Bn::copy_of(g), Bn::copy_of(sa), Bn::copy_of(v)) };
        // SAFETY: per the contract.
        let info = unsafe { str_arg(info)? }.and_then(|i| CString::new(i).ok());
        let mut st = ssl.st.lock();
        let srp = &mut st.srp;
        for (slot, value) in [(&mut srp.n, n), (&mut srp.g, g), (&mut srp.salt, sa), (&mut srp.verifier, v)] {
            if value.is_some() {
                *slot = value;
            }
        }
        if info.is_some() {
            srp.info = info;
        }
        Ok(if srp.n.is_some() && srp.g.is_some() && srp.salt.is_some() && srp.verifier.is_some() { 1 } else { -1 })
    })
}

/// `SSL_set_srp_server_param_pw`: the user's parameters made from the
/// password in RFC 5054's group `grp` ("1024" ... "8192"); -1 for an
/// unknown group.
///
/// # Safety
/// `user`, `pass` and `grp` must be NUL-terminated strings.
#[no_mangle]
pub unsafe extern "C" fn SSL_set_srp_server_param_pw(s: *mut SSL, user: *const c_char, pass: *const c_char, grp: *const c_char) -> c_int {
    guard("SSL_set_srp_server_param_pw", -1, || {
        let ssl = ssl_arg(s)?;
        if user.is_null() || pass.is_null() || grp.is_null() {
            return Err(Fail::null());
        }
        // SAFETY: per the contract.
        let (user, pass, grp) = unsafe { (CStr::from_ptr(user), CStr::from_ptr(pass), CStr::from_ptr(grp)) };
        let Some((n, g)) = crate::sys::srp::default_group(grp) else { return Ok(-1) };
        let Some((salt, v)) = crate::sys::srp::create_verifier(user, pass, &n, &g) else { return Ok(-1) };
        let mut st = ssl.st.lock();
        st.srp.n = Bn::from_bytes(&n);
        st.srp.g = Bn::from_bytes(&g);
        st.srp.salt = Bn::from_bytes(&salt);
        st.srp.verifier = Bn::from_bytes(&v);
        st.srp.info = None;
        Ok(1)
    })
}

/// `SSL_get_srp_g`: get0 — the connection's g (the server's, on a client
/// once its ServerKeyExchange arrived), or NULL.
#[no_mangle]
pub extern "C" fn SSL_get_srp_g(s: *mut SSL) -> *mut BIGNUM {
    guard("SSL_get_srp_g", std::ptr::null_mut(), || Ok(ssl_arg(s)?.st.lock().srp.g.as_ref().map_or(std::ptr::null_mut(), |b| b.0)))
}

/// `SSL_get_srp_N`: get0 — the connection's N, as `SSL_get_srp_g`.
#[no_mangle]
pub extern "C" fn SSL_get_srp_N(s: *mut SSL) -> *mut BIGNUM {
    guard("SSL_get_srp_N", std::ptr::null_mut(), || Ok(ssl_arg(s)?.st.lock().srp.n.as_ref().map_or(std::ptr::null_mut(), |b| b.0)))
}

/// `SSL_get_srp_username`: get0 — on a server the username the client
/// sent, on a client its own; NULL if none.
#[no_mangle]
pub extern "C" fn SSL_get_srp_username(s: *mut SSL) -> *mut c_char {
    guard("SSL_get_srp_username", std::ptr::null_mut(), || {
        let ssl = ssl_arg(s)?;
        let st = ssl.st.lock();
        let name = st.srp.login.as_ref().or(st.settings.extras.srp.username.as_ref());
        Ok(name.map_or(std::ptr::null_mut(), |n| n.as_ptr().cast_mut()))
    })
}

/// `SSL_get_srp_userinfo`: get0 — the info `SSL_set_srp_server_param` set, or NULL.
#[no_mangle]
pub extern "C" fn SSL_get_srp_userinfo(s: *mut SSL) -> *mut c_char {
    guard("SSL_get_srp_userinfo", std::ptr::null_mut(), || {
        Ok(ssl_arg(s)?.st.lock().srp.info.as_ref().map_or(std::ptr::null_mut(), |i| i.as_ptr().cast_mut()))
    })
}
