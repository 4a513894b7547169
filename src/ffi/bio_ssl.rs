//! `BIO_f_ssl`: a libcrypto filter BIO whose reads and writes go through an
//! SSL (what `openssl s_server -www`/`-rev` and BIO-chain programs use).
//! The method is built once with libcrypto's `BIO_meth_*` functions; its
//! callbacks call our own exports, so they go through the boundary too.

use std::ffi::{c_char, c_int, c_long, c_void};
use std::sync::OnceLock;

use super::io::{SSL_do_handshake, SSL_get_error, SSL_pending, SSL_read, SSL_write};
use super::ssl::{SSL_free, SSL_get_rbio, SSL_get_wbio, SSL_set_accept_state, SSL_set_bio, SSL_set_connect_state};
use super::types::{BIO, SSL};
use crate::sys::BIO_METHOD;

extern "C" {
    fn BIO_meth_new(ty: c_int, name: *const c_char) -> *mut BIO_METHOD;
    fn BIO_meth_set_write(m: *mut BIO_METHOD, f: unsafe extern "C" fn(*mut BIO, *const c_char, c_int) -> c_int) -> c_int;
    fn BIO_meth_set_read(m: *mut BIO_METHOD, f: unsafe extern "C" fn(*mut BIO, *mut c_char, c_int) -> c_int) -> c_int;
    fn BIO_meth_set_puts(m: *mut BIO_METHOD, f: unsafe extern "C" fn(*mut BIO, *const c_char) -> c_int) -> c_int;
    fn BIO_meth_set_ctrl(m: *mut BIO_METHOD, f: unsafe extern "C" fn(*mut BIO, c_int, c_long, *mut c_void) -> c_long) -> c_int;
    fn BIO_meth_set_create(m: *mut BIO_METHOD, f: unsafe extern "C" fn(*mut BIO) -> c_int) -> c_int;
    fn BIO_meth_set_destroy(m: *mut BIO_METHOD, f: unsafe extern "C" fn(*mut BIO) -> c_int) -> c_int;
    fn BIO_get_data(b: *mut BIO) -> *mut c_void;
    fn BIO_set_data(b: *mut BIO, p: *mut c_void);
    fn BIO_set_init(b: *mut BIO, init: c_int);
    fn BIO_get_init(b: *mut BIO) -> c_int;
    fn BIO_set_flags(b: *mut BIO, f: c_int);
    fn BIO_clear_flags(b: *mut BIO, f: c_int);
    fn BIO_next(b: *mut BIO) -> *mut BIO;
    fn BIO_set_next(b: *mut BIO, next: *mut BIO);
    fn BIO_push(b: *mut BIO, next: *mut BIO) -> *mut BIO;
    fn BIO_up_ref(b: *mut BIO) -> c_int;
    fn BIO_get_shutdown(b: *mut BIO) -> c_int;
    fn BIO_set_shutdown(b: *mut BIO, s: c_int);
    fn BIO_ctrl(b: *mut BIO, cmd: c_int, larg: c_long, parg: *mut c_void) -> c_long;
}

/// BIO_TYPE_SSL: 7 | BIO_TYPE_FILTER.
const BIO_TYPE_SSL: c_int = 7 | 0x0200;
const BIO_FLAGS_READ: c_int = 0x01;
const BIO_FLAGS_WRITE: c_int = 0x02;
const BIO_FLAGS_IO_SPECIAL: c_int = 0x04;
const BIO_FLAGS_SHOULD_RETRY: c_int = 0x08;
const BIO_FLAGS_RWS: c_int = BIO_FLAGS_READ | BIO_FLAGS_WRITE | BIO_FLAGS_IO_SPECIAL;

const BIO_CTRL_RESET: c_int = 1;
const BIO_CTRL_PUSH: c_int = 6;
const BIO_CTRL_POP: c_int = 7;
const BIO_CTRL_GET_CLOSE: c_int = 8;
const BIO_CTRL_SET_CLOSE: c_int = 9;
const BIO_CTRL_PENDING: c_int = 10;
const BIO_CTRL_FLUSH: c_int = 11;
const BIO_CTRL_DUP: c_int = 12;
const BIO_CTRL_WPENDING: c_int = 13;
const BIO_C_DO_STATE_MACHINE: c_int = 101;
const BIO_C_SET_SSL: c_int = 109;
const BIO_C_GET_SSL: c_int = 110;
const BIO_C_SSL_MODE: c_int = 119;

struct Method(*mut BIO_METHOD);
// SAFETY: created once, then only read (libcrypto treats methods as const).
unsafe impl Send for Method {}
// SAFETY: as above.
unsafe impl Sync for Method {}

/// Maps an SSL result to the BIO's retry flags, as OpenSSL's ssl BIO does.
///
/// # Safety
/// `b` must be a live BIO.
unsafe fn set_retry(b: *mut BIO, ssl: *mut SSL, ret: c_int) {
    // SAFETY: per the contract.
    unsafe {
        BIO_clear_flags(b, BIO_FLAGS_RWS | BIO_FLAGS_SHOULD_RETRY);
        if ret > 0 {
            return;
        }
        match SSL_get_error(ssl, ret) {
            2 => BIO_set_flags(b, BIO_FLAGS_READ | BIO_FLAGS_SHOULD_RETRY),
            3 => BIO_set_flags(b, BIO_FLAGS_WRITE | BIO_FLAGS_SHOULD_RETRY),
            _ => {}
        }
    }
}

unsafe extern "C" fn ssl_bio_write(b: *mut BIO, buf: *const c_char, len: c_int) -> c_int {
    // SAFETY: libcrypto calls us with our own BIO.
    unsafe {
        let ssl = BIO_get_data(b) as *mut SSL;
        if ssl.is_null() || buf.is_null() {
            return 0;
        }
        let r = SSL_write(ssl, buf.cast(), len);
        set_retry(b, ssl, r);
        r
    }
}

unsafe extern "C" fn ssl_bio_read(b: *mut BIO, buf: *mut c_char, len: c_int) -> c_int {
    // SAFETY: as above.
    unsafe {
        let ssl = BIO_get_data(b) as *mut SSL;
        if ssl.is_null() || buf.is_null() {
            return 0;
        }
        let r = SSL_read(ssl, buf.cast(), len);
        set_retry(b, ssl, r);
        r
    }
}

unsafe extern "C" fn ssl_bio_puts(b: *mut BIO, s: *const c_char) -> c_int {
    // SAFETY: a NUL-terminated string from the caller.
    unsafe {
        let n = std::ffi::CStr::from_ptr(s).to_bytes().len();
        ssl_bio_write(b, s, n.min(c_int::MAX as usize) as c_int)
    }
}

unsafe extern "C" fn ssl_bio_create(b: *mut BIO) -> c_int {
    // SAFETY: a BIO libcrypto is creating.
    unsafe {
        BIO_set_data(b, std::ptr::null_mut());
        BIO_set_init(b, 0);
    }
    1
}

unsafe extern "C" fn ssl_bio_destroy(b: *mut BIO) -> c_int {
    // SAFETY: a BIO libcrypto is freeing; with BIO_CLOSE the SSL goes with it.
    unsafe {
        let ssl = BIO_get_data(b) as *mut SSL;
        if !ssl.is_null() && BIO_get_shutdown(b) != 0 && BIO_get_init(b) != 0 {
            SSL_free(ssl);
        }
        BIO_set_data(b, std::ptr::null_mut());
        BIO_set_init(b, 0);
    }
    1
}

unsafe extern "C" fn ssl_bio_ctrl(b: *mut BIO, cmd: c_int, larg: c_long, parg: *mut c_void) -> c_long {
    // SAFETY: libcrypto calls us with our own BIO; pointer arguments are as
    // each BIO_ctrl command defines them.
    unsafe {
        let ssl = BIO_get_data(b) as *mut SSL;
        match cmd {
            BIO_C_SET_SSL => {
                if !ssl.is_null() {
                    ssl_bio_destroy(b);
                }
                let new = parg as *mut SSL;
                BIO_set_shutdown(b, larg as c_int);
                BIO_set_data(b, new.cast());
                // The SSL's read BIO becomes our next BIO in the chain.
                let rbio = SSL_get_rbio(new);
                if !rbio.is_null() {
                    let next = BIO_next(b);
                    if !next.is_null() {
                        BIO_push(rbio, next);
                    }
                    BIO_set_next(b, rbio);
                    BIO_up_ref(rbio);
                }
                BIO_set_init(b, 1);
                1
            }
            BIO_C_GET_SSL => {
                if !parg.is_null() {
                    *(parg as *mut *mut SSL) = ssl;
                }
                (!ssl.is_null()) as c_long
            }
            _ if ssl.is_null() => 0,
            BIO_C_SSL_MODE => {
                if larg != 0 {
                    SSL_set_connect_state(ssl);
                } else {
                    SSL_set_accept_state(ssl);
                }
                1
            }
            BIO_C_DO_STATE_MACHINE => {
                let r = SSL_do_handshake(ssl);
                set_retry(b, ssl, r);
                r as c_long
            }
            BIO_CTRL_PENDING => {
                let p = SSL_pending(ssl) as c_long;
                if p > 0 {
                    p
                } else {
                    BIO_ctrl(SSL_get_rbio(ssl), BIO_CTRL_PENDING, 0, std::ptr::null_mut())
                }
            }
            BIO_CTRL_WPENDING => BIO_ctrl(SSL_get_wbio(ssl), cmd, larg, parg),
            BIO_CTRL_FLUSH => {
                let r = BIO_ctrl(SSL_get_wbio(ssl), cmd, larg, parg);
                BIO_clear_flags(b, BIO_FLAGS_RWS | BIO_FLAGS_SHOULD_RETRY);
                r
            }
            BIO_CTRL_PUSH => {
                let next = BIO_next(b);
                if !next.is_null() && next != SSL_get_rbio(ssl) {
                    // SSL_set_bio takes one reference for both slots.
                    BIO_up_ref(next);
                    SSL_set_bio(ssl, next, next);
                }
                1
            }
            BIO_CTRL_POP => {
                if b as *mut c_void == parg {
                    SSL_set_bio(ssl, std::ptr::null_mut(), std::ptr::null_mut());
                }
                1
            }
            BIO_CTRL_GET_CLOSE => BIO_get_shutdown(b) as c_long,
            BIO_CTRL_SET_CLOSE => {
                BIO_set_shutdown(b, larg as c_int);
                1
            }
            // Duplicating an SSL BIO would duplicate its SSL: not supported.
            BIO_CTRL_DUP => 0,
            BIO_CTRL_RESET => BIO_ctrl(SSL_get_rbio(ssl), cmd, larg, parg),
            _ => BIO_ctrl(SSL_get_rbio(ssl), cmd, larg, parg),
        }
    }
}

/// `BIO_f_ssl`: the SSL filter BIO method (static; never freed).
#[no_mangle]
pub extern "C" fn BIO_f_ssl() -> *const BIO_METHOD {
    static METHOD: OnceLock<Method> = OnceLock::new();
    let m = METHOD.get_or_init(|| {
        // SAFETY: building a method table once with our callbacks.
        unsafe {
            let m = BIO_meth_new(BIO_TYPE_SSL, c"ssl".as_ptr());
            if !m.is_null() {
                BIO_meth_set_write(m, ssl_bio_write);
                BIO_meth_set_read(m, ssl_bio_read);
                BIO_meth_set_puts(m, ssl_bio_puts);
                BIO_meth_set_ctrl(m, ssl_bio_ctrl);
                BIO_meth_set_create(m, ssl_bio_create);
                BIO_meth_set_destroy(m, ssl_bio_destroy);
            }
            Method(m)
        }
    });
    m.0
}

extern "C" {
    fn BIO_method_type(b: *const BIO) -> c_int;
}

/// `BIO_ssl_shutdown`: walks the BIO chain and calls SSL_shutdown on the
/// SSL of every SSL filter BIO in it, discarding the result, as OpenSSL.
///
/// # Safety
/// `ssl_bio` must be NULL or a live BIO chain.
#[no_mangle]
pub unsafe extern "C" fn BIO_ssl_shutdown(ssl_bio: *mut BIO) {
    super::boundary::guard_void("BIO_ssl_shutdown", || {
        let mut b = ssl_bio;
        // SAFETY: we follow libcrypto's own chain links of live BIOs.
        unsafe {
            while !b.is_null() {
                if BIO_method_type(b) == BIO_TYPE_SSL {
                    let ssl = BIO_get_data(b) as *mut SSL;
                    if !ssl.is_null() {
                        let _ = super::io::SSL_shutdown(ssl);
                    }
                }
                b = BIO_next(b);
            }
        }
    })
}

/// `BIO_ssl_copy_session_id`: SSL_copy_session_id between the SSLs of the
/// first SSL filter BIO in each chain; 0 when either has none.
///
/// # Safety
/// `to` and `from` must be NULL or live BIO chains.
#[no_mangle]
pub unsafe extern "C" fn BIO_ssl_copy_session_id(to: *mut BIO, from: *mut BIO) -> c_int {
    super::boundary::guard("BIO_ssl_copy_session_id", 0, || {
        // OpenSSL's BIO_find_type refuses NULL with an error.
        if to.is_null() || from.is_null() {
            return Err(super::boundary::Fail::null());
        }
        // SAFETY: per the contract; we only follow libcrypto's chain links.
        let (t, f) = unsafe { (first_ssl(to), first_ssl(from)) };
        if t.is_null() || f.is_null() {
            return Ok(0);
        }
        Ok(super::session::SSL_copy_session_id(t, f))
    })
}

/// The SSL of the first SSL filter BIO in a chain (NULL: none).
///
/// # Safety
/// `b` must be NULL or a live BIO chain.
unsafe fn first_ssl(mut b: *mut BIO) -> *mut SSL {
    // SAFETY: per the contract.
    unsafe {
        while !b.is_null() {
            if BIO_method_type(b) == BIO_TYPE_SSL {
                return BIO_get_data(b) as *mut SSL;
            }
            b = BIO_next(b);
        }
    }
    std::ptr::null_mut()
}
