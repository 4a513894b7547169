//! Handshake, read, write, shutdown and `SSL_get_error`.

use std::ffi::{c_int, c_void};

use super::boundary::{guard, ssl_arg, Fail};
use super::types::SSL;
use crate::api::connection::{
    Failure, RwState, SSL_ERROR_NONE, SSL_ERROR_SSL, SSL_ERROR_SYSCALL, SSL_ERROR_WANT_READ, SSL_ERROR_WANT_WRITE,
    SSL_ERROR_ZERO_RETURN, SSL_RECEIVED_SHUTDOWN,
};
use crate::api::context::Role;
use crate::sys::err;

/// Pushes what a failure needs on the error queue and gives the C return value.
fn report(func: &'static str, f: Failure, ret: c_int) -> c_int {
    match f {
        Failure::Ssl(e) => err::push(e.reason, func, Some(e.detail)),
        Failure::Engine(e) => err::push(e.reason, func, Some(e.detail)),
        Failure::ZeroReturn => return 0,
        Failure::WantRead | Failure::WantWrite | Failure::Syscall => {}
    }
    ret
}

/// OpenSSL's handshake state machine starts every call by clearing the
/// thread's error queue (statem.c, state_machine: ERR_clear_error), so an
/// error an application left there — socat's failed PEM_read of DH
/// parameters, for one — does not turn the next would-block into
/// SSL_ERROR_SSL. We do the same wherever OpenSSL enters that machine:
/// handshake calls, and reads and writes that still drive the handshake.
/// A connection already failed is not entered (and keeps its errors).
fn enter_handshake(ssl: &crate::api::connection::Ssl) {
    if !ssl.is_init_finished() && !ssl.st.lock().fatal {
        err::clear();
    }
}

/// `SSL_do_handshake`: 1 when the handshake is complete, <= 0 otherwise
/// (see `SSL_get_error`).
#[no_mangle]
pub extern "C" fn SSL_do_handshake(s: *mut SSL) -> c_int {
    guard("SSL_do_handshake", -1, || {
        let ssl = ssl_arg(s)?;
        enter_handshake(&ssl);
        Ok(match ssl.do_handshake() {
            Ok(()) => 1,
            Err(f) => report("SSL_do_handshake", f, -1),
        })
    })
}

/// `SSL_connect`: sets the client role and runs the handshake.
#[no_mangle]
pub extern "C" fn SSL_connect(s: *mut SSL) -> c_int {
    guard("SSL_connect", -1, || {
        let ssl = ssl_arg(s)?;
        {
            let mut st = ssl.st.lock();
            if st.role.is_none() {
                st.role = Some(Role::Client);
            }
        }
        enter_handshake(&ssl);
        Ok(match ssl.do_handshake() {
            Ok(()) => 1,
            Err(f) => report("SSL_connect", f, -1),
        })
    })
}

/// `SSL_accept`: sets the server role and runs the handshake.
#[no_mangle]
pub extern "C" fn SSL_accept(s: *mut SSL) -> c_int {
    guard("SSL_accept", -1, || {
        let ssl = ssl_arg(s)?;
        {
            let mut st = ssl.st.lock();
            if st.role.is_none() {
                st.role = Some(Role::Server);
            }
        }
        enter_handshake(&ssl);
        Ok(match ssl.do_handshake() {
            Ok(()) => 1,
            Err(f) => report("SSL_accept", f, -1),
        })
    })
}

fn read_common(func: &'static str, s: *mut SSL, buf: *mut c_void, num: usize, peek: bool) -> Result<Result<usize, c_int>, Fail> {
    let ssl = ssl_arg(s)?;
    if buf.is_null() && num > 0 {
        return Err(Fail::null());
    }
    let out: &mut [u8] = if num == 0 {
        &mut []
    } else {
        // SAFETY: the caller passes `num` writable bytes at `buf`.
        unsafe { std::slice::from_raw_parts_mut(buf.cast::<u8>(), num) }
    };
    enter_handshake(&ssl);
    Ok(match ssl.read(out, peek) {
        Ok(n) => Ok(n),
        // OpenSSL's ssl3_read_n passes the transport's end of stream up as
        // 0 (SSL_ERROR_SSL with its unexpected-eof error), not -1.
        Err(f @ Failure::Ssl(crate::api::ApiError { reason: crate::api::reason::UNEXPECTED_EOF_WHILE_READING, .. })) => Err(report(func, f, 0)),
        Err(f) => Err(report(func, f, -1)),
    })
}

/// `SSL_read`: up to `num` bytes; 0 after close_notify; -1 on error or retry.
#[no_mangle]
pub extern "C" fn SSL_read(s: *mut SSL, buf: *mut c_void, num: c_int) -> c_int {
    guard("SSL_read", -1, || {
        if num < 0 {
            return Err(Fail::new(crate::api::reason::BAD_LENGTH, "bad length"));
        }
        Ok(match read_common("SSL_read", s, buf, num as usize, false)? {
            Ok(n) => n as c_int,
            Err(r) => r,
        })
    })
}

/// `SSL_peek`: as `SSL_read` without consuming.
#[no_mangle]
pub extern "C" fn SSL_peek(s: *mut SSL, buf: *mut c_void, num: c_int) -> c_int {
    guard("SSL_peek", -1, || {
        if num < 0 {
            return Err(Fail::new(crate::api::reason::BAD_LENGTH, "bad length"));
        }
        Ok(match read_common("SSL_peek", s, buf, num as usize, true)? {
            Ok(n) => n as c_int,
            Err(r) => r,
        })
    })
}

fn ex_result(r: Result<usize, c_int>, readbytes: *mut usize) -> c_int {
    match r {
        Ok(n) => {
            if !readbytes.is_null() {
                // SAFETY: the caller passes a writable size_t.
                unsafe { *readbytes = n };
            }
            1
        }
        Err(_) => 0,
    }
}

/// `SSL_read_ex`: 1 with `*readbytes` set, 0 on failure.
#[no_mangle]
pub extern "C" fn SSL_read_ex(s: *mut SSL, buf: *mut c_void, num: usize, readbytes: *mut usize) -> c_int {
    guard("SSL_read_ex", 0, || Ok(ex_result(read_common("SSL_read_ex", s, buf, num, false)?, readbytes)))
}

/// `SSL_peek_ex`.
#[no_mangle]
pub extern "C" fn SSL_peek_ex(s: *mut SSL, buf: *mut c_void, num: usize, readbytes: *mut usize) -> c_int {
    guard("SSL_peek_ex", 0, || Ok(ex_result(read_common("SSL_peek_ex", s, buf, num, true)?, readbytes)))
}

fn write_common(func: &'static str, s: *mut SSL, buf: *const c_void, num: usize) -> Result<Result<usize, c_int>, Fail> {
    let ssl = ssl_arg(s)?;
    if buf.is_null() && num > 0 {
        return Err(Fail::null());
    }
    let data: &[u8] = if num == 0 {
        &[]
    } else {
        // SAFETY: the caller passes `num` readable bytes at `buf`.
        unsafe { std::slice::from_raw_parts(buf.cast::<u8>(), num) }
    };
    enter_handshake(&ssl);
    Ok(match ssl.write(data) {
        Ok(n) => Ok(n),
        Err(f) => Err(report(func, f, -1)),
    })
}

/// `SSL_write`: all `num` bytes (or a record's worth with
/// SSL_MODE_ENABLE_PARTIAL_WRITE); -1 on error or retry.
#[no_mangle]
pub extern "C" fn SSL_write(s: *mut SSL, buf: *const c_void, num: c_int) -> c_int {
    guard("SSL_write", -1, || {
        if num < 0 {
            return Err(Fail::new(crate::api::reason::BAD_LENGTH, "bad length"));
        }
        Ok(match write_common("SSL_write", s, buf, num as usize)? {
            Ok(n) => n as c_int,
            Err(r) => r,
        })
    })
}

/// `SSL_write_ex`: 1 with `*written` set, 0 on failure.
#[no_mangle]
pub extern "C" fn SSL_write_ex(s: *mut SSL, buf: *const c_void, num: usize, written: *mut usize) -> c_int {
    guard("SSL_write_ex", 0, || Ok(ex_result(write_common("SSL_write_ex", s, buf, num)?, written)))
}

/// `SSL_pending`: decrypted bytes buffered and not yet read.
#[no_mangle]
pub extern "C" fn SSL_pending(s: *const SSL) -> c_int {
    guard("SSL_pending", 0, || Ok(ssl_arg(s)?.pending().min(c_int::MAX as usize) as c_int))
}

/// `SSL_free_buffers`: 1 when the connection's record buffers were
/// released, 0 when they are in use (data waits in them).
#[no_mangle]
pub extern "C" fn SSL_free_buffers(s: *mut SSL) -> c_int {
    guard("SSL_free_buffers", 0, || Ok(ssl_arg(s)?.free_buffers() as c_int))
}

/// `SSL_alloc_buffers`: 1, the record buffers allocated.
#[no_mangle]
pub extern "C" fn SSL_alloc_buffers(s: *mut SSL) -> c_int {
    guard("SSL_alloc_buffers", 0, || Ok(ssl_arg(s)?.alloc_buffers() as c_int))
}

/// `SSL_has_pending`: 1 when plaintext or received bytes not yet
/// processed are buffered (OpenSSL counts read-ahead data too).
#[no_mangle]
pub extern "C" fn SSL_has_pending(s: *const SSL) -> c_int {
    guard("SSL_has_pending", 0, || Ok(ssl_arg(s)?.has_pending() as c_int))
}

/// `SSL_shutdown`: 0 after sending close_notify, 1 when the peer's was
/// received too, -1 on error or retry.
#[no_mangle]
pub extern "C" fn SSL_shutdown(s: *mut SSL) -> c_int {
    guard("SSL_shutdown", -1, || {
        let ssl = ssl_arg(s)?;
        Ok(match ssl.shutdown() {
            Ok(r) => r,
            Err(f) => report("SSL_shutdown", f, -1),
        })
    })
}

/// `SSL_get_shutdown`: SSL_SENT_SHUTDOWN | SSL_RECEIVED_SHUTDOWN bits.
#[no_mangle]
pub extern "C" fn SSL_get_shutdown(s: *const SSL) -> c_int {
    guard("SSL_get_shutdown", 0, || Ok(ssl_arg(s)?.st.lock().shutdown))
}

/// `SSL_set_shutdown`: sets the bits (no alert is sent).
#[no_mangle]
pub extern "C" fn SSL_set_shutdown(s: *mut SSL, mode: c_int) {
    super::boundary::guard_void("SSL_set_shutdown", || {
        if let Ok(ssl) = ssl_arg(s) {
            ssl.st.lock().shutdown = mode & 3;
        }
    })
}

/// `SSL_get_error`: OpenSSL's order — a queued error wins, then the
/// retry state, then close_notify, else SSL_ERROR_SYSCALL.
#[no_mangle]
pub extern "C" fn SSL_get_error(s: *const SSL, ret: c_int) -> c_int {
    guard("SSL_get_error", SSL_ERROR_SSL, || {
        if ret > 0 {
            return Ok(SSL_ERROR_NONE);
        }
        let ssl = ssl_arg(s)?;
        let queued = crate::sys::peek_error();
        if queued != 0 {
            // ERR_LIB_SYS errors are system call failures.
            return Ok(if (queued >> 23) & 0xff == 2 { SSL_ERROR_SYSCALL } else { SSL_ERROR_SSL });
        }
        let st = ssl.st.lock();
        Ok(match st.rwstate {
            RwState::Reading => SSL_ERROR_WANT_READ,
            RwState::Writing => SSL_ERROR_WANT_WRITE,
            RwState::Nothing if st.shutdown & SSL_RECEIVED_SHUTDOWN != 0 => SSL_ERROR_ZERO_RETURN,
            RwState::Nothing => SSL_ERROR_SYSCALL,
        })
    })
}

/// `SSL_want`: SSL_NOTHING (1), SSL_WRITING (2), SSL_READING (3).
#[no_mangle]
pub extern "C" fn SSL_want(s: *const SSL) -> c_int {
    guard("SSL_want", 1, || {
        Ok(match ssl_arg(s)?.st.lock().rwstate {
            RwState::Nothing => 1,
            RwState::Writing => 2,
            RwState::Reading => 3,
        })
    })
}

/// `SSL_key_update`: sends a KeyUpdate now (SSL_KEY_UPDATE_NOT_REQUESTED or
/// SSL_KEY_UPDATE_REQUESTED).
#[no_mangle]
pub extern "C" fn SSL_key_update(s: *mut SSL, updatetype: c_int) -> c_int {
    guard("SSL_key_update", 0, || {
        let ssl = ssl_arg(s)?;
        if updatetype != 0 && updatetype != 1 {
            return Err(Fail::new(crate::api::reason::INVALID_KEY_UPDATE_TYPE, "invalid key update type"));
        }
        Ok(match ssl.key_update(updatetype == 1) {
            Ok(()) => 1,
            Err(f) => report("SSL_key_update", f, 0),
        })
    })
}

/// `SSL_get_key_update_type`: we send KeyUpdates immediately, so none is pending.
#[no_mangle]
pub extern "C" fn SSL_get_key_update_type(s: *const SSL) -> c_int {
    guard("SSL_get_key_update_type", -1, || {
        ssl_arg(s)?;
        Ok(-1)
    })
}
