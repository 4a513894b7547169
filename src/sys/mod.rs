//! The libcrypto bridge: declarations of the `libcrypto.so.3` functions we
//! call, and small owning wrappers so the API layer needs no `unsafe`.

pub mod bio;
pub mod aead;
pub mod bn;
pub mod cbc;
pub mod comp;
pub mod ct;
pub mod custom_ext_cb;
pub mod dynsym;
pub mod dhe;
pub mod engine;
pub mod params;
pub mod rsa_kx;
pub mod sha;
pub mod srp;
pub mod err;
pub mod evp_cipher;
pub mod exdata;
pub mod names;
pub mod callbacks;
pub mod kx;
pub mod libctx;
pub mod pkey;
pub mod pkey_ctx;
pub mod ticket_cb;
pub mod tls10;
pub mod x509;

use std::ffi::{c_char, c_int, c_long, c_ulong, c_void};

/// Opaque libcrypto types (never dereferenced by us).
/// Opaque: our handles (see `api::handle`); never dereferenced.
#[repr(C)]
pub struct SSL {
    _p: [u8; 0],
}
/// Opaque handle, as SSL.
#[repr(C)]
pub struct SSL_CTX {
    _p: [u8; 0],
}
/// Opaque handle, as SSL.
#[repr(C)]
pub struct SSL_SESSION {
    _p: [u8; 0],
}
#[repr(C)]
pub struct BIO {
    _p: [u8; 0],
}
#[repr(C)]
pub struct X509 {
    _p: [u8; 0],
}
#[repr(C)]
pub struct X509_STORE {
    _p: [u8; 0],
}
#[repr(C)]
pub struct X509_STORE_CTX {
    _p: [u8; 0],
}
#[repr(C)]
pub struct X509_VERIFY_PARAM {
    _p: [u8; 0],
}
#[repr(C)]
pub struct OPENSSL_STACK {
    _p: [u8; 0],
}
#[repr(C)]
pub struct EVP_PKEY {
    _p: [u8; 0],
}
/// libcrypto's message digest (opaque).
#[repr(C)]
pub struct EVP_MD {
    _p: [u8; 0],
}
/// libcrypto's digest context (opaque).
#[repr(C)]
pub struct EVP_MD_CTX {
    _p: [u8; 0],
}
/// libcrypto's RSA key (opaque; the deprecated API older programs call).
#[repr(C)]
pub struct RSA {
    _p: [u8; 0],
}
/// libcrypto's DH parameters (opaque; deprecated API, still called by programs).
#[repr(C)]
pub struct DH {
    _p: [u8; 0],
}
/// libcrypto's legacy HMAC context (opaque).
#[repr(C)]
pub struct HMAC_CTX {
    _p: [u8; 0],
}
/// libcrypto's EC key (opaque).
#[repr(C)]
pub struct EC_KEY {
    _p: [u8; 0],
}
/// libcrypto's cipher context (opaque).
#[repr(C)]
pub struct EVP_CIPHER_CTX {
    _p: [u8; 0],
}
/// libcrypto's MAC context (opaque).
#[repr(C)]
pub struct EVP_MAC_CTX {
    _p: [u8; 0],
}
#[repr(C)]
pub struct BIO_METHOD {
    _p: [u8; 0],
}

/// `CRYPTO_EX_DATA` as laid out in OpenSSL 3.0's `<openssl/crypto.h>`.
#[repr(C)]
pub struct CRYPTO_EX_DATA {
    pub ctx: *mut c_void,
    pub sk: *mut OPENSSL_STACK,
}

#[repr(C)]
pub struct ERR_STRING_DATA {
    pub error: c_ulong,
    pub string: *const c_char,
}

pub use callbacks::VerifyCb;
pub type ExNew = unsafe extern "C" fn(*mut c_void, *mut c_void, *mut CRYPTO_EX_DATA, c_int, c_long, *mut c_void);
pub type ExFree = ExNew;
pub type ExDup =
    unsafe extern "C" fn(*mut CRYPTO_EX_DATA, *const CRYPTO_EX_DATA, *mut *mut c_void, c_int, c_long, *mut c_void) -> c_int;

#[link(name = "crypto")]
extern "C" {
    pub fn ERR_new();
    pub fn ERR_set_debug(file: *const c_char, line: c_int, func: *const c_char);
    pub fn ERR_set_error(lib: c_int, reason: c_int, fmt: *const c_char, ...);
    pub fn ERR_load_strings_const(s: *const ERR_STRING_DATA) -> c_int;
    pub fn ERR_peek_last_error() -> c_ulong;
    pub fn ERR_peek_error() -> c_ulong;
    pub fn ERR_clear_error();

    pub fn BIO_read(b: *mut BIO, data: *mut c_void, dlen: c_int) -> c_int;
    pub fn BIO_write(b: *mut BIO, data: *const c_void, dlen: c_int) -> c_int;
    pub fn BIO_ctrl(b: *mut BIO, cmd: c_int, larg: c_long, parg: *mut c_void) -> c_long;
    pub fn BIO_test_flags(b: *const BIO, flags: c_int) -> c_int;
    pub fn BIO_up_ref(b: *mut BIO) -> c_int;
    pub fn BIO_free_all(b: *mut BIO);
    pub fn BIO_new_socket(sock: c_int, close_flag: c_int) -> *mut BIO;
    pub fn BIO_new(m: *const BIO_METHOD) -> *mut BIO;
    pub fn BIO_s_mem() -> *const BIO_METHOD;

    pub fn d2i_X509(a: *mut *mut X509, pp: *mut *const u8, len: c_long) -> *mut X509;
    pub fn i2d_X509(x: *const X509, out: *mut *mut u8) -> c_int;
    pub fn X509_free(x: *mut X509);
    pub fn X509_up_ref(x: *mut X509) -> c_int;
    pub fn PEM_read_bio_X509(bp: *mut BIO, x: *mut *mut X509, cb: *mut c_void, u: *mut c_void) -> *mut X509;

    pub fn X509_STORE_new() -> *mut X509_STORE;
    pub fn X509_STORE_free(s: *mut X509_STORE);
    pub fn X509_STORE_up_ref(s: *mut X509_STORE) -> c_int;
    pub fn X509_STORE_load_locations(s: *mut X509_STORE, file: *const c_char, dir: *const c_char) -> c_int;
    pub fn X509_STORE_set_default_paths(s: *mut X509_STORE) -> c_int;

    pub fn X509_STORE_CTX_new() -> *mut X509_STORE_CTX;
    pub fn X509_STORE_CTX_free(c: *mut X509_STORE_CTX);
    pub fn X509_STORE_CTX_init(c: *mut X509_STORE_CTX, s: *mut X509_STORE, leaf: *mut X509, chain: *mut OPENSSL_STACK) -> c_int;
    pub fn X509_STORE_CTX_set_ex_data(c: *mut X509_STORE_CTX, idx: c_int, data: *mut c_void) -> c_int;
    pub fn X509_STORE_CTX_get0_param(c: *const X509_STORE_CTX) -> *mut X509_VERIFY_PARAM;
    pub fn X509_STORE_CTX_set_default(c: *mut X509_STORE_CTX, name: *const c_char) -> c_int;
    pub fn X509_STORE_CTX_set_verify_cb(c: *mut X509_STORE_CTX, cb: VerifyCb);
    pub fn X509_STORE_CTX_get_error(c: *const X509_STORE_CTX) -> c_int;
    pub fn X509_STORE_CTX_get1_chain(c: *const X509_STORE_CTX) -> *mut OPENSSL_STACK;
    pub fn X509_verify_cert(c: *mut X509_STORE_CTX) -> c_int;

    pub fn X509_VERIFY_PARAM_new() -> *mut X509_VERIFY_PARAM;
    pub fn X509_VERIFY_PARAM_free(p: *mut X509_VERIFY_PARAM);
    pub fn X509_VERIFY_PARAM_set1(to: *mut X509_VERIFY_PARAM, from: *const X509_VERIFY_PARAM) -> c_int;
    pub fn X509_VERIFY_PARAM_inherit(to: *mut X509_VERIFY_PARAM, from: *const X509_VERIFY_PARAM) -> c_int;
    pub fn X509_VERIFY_PARAM_set1_host(p: *mut X509_VERIFY_PARAM, name: *const c_char, len: usize) -> c_int;
    pub fn X509_VERIFY_PARAM_add1_host(p: *mut X509_VERIFY_PARAM, name: *const c_char, len: usize) -> c_int;
    pub fn X509_VERIFY_PARAM_set_hostflags(p: *mut X509_VERIFY_PARAM, flags: std::ffi::c_uint);
    pub fn X509_VERIFY_PARAM_set_depth(p: *mut X509_VERIFY_PARAM, depth: c_int);
    pub fn X509_VERIFY_PARAM_get_depth(p: *const X509_VERIFY_PARAM) -> c_int;
    pub fn X509_VERIFY_PARAM_get0_peername(p: *const X509_VERIFY_PARAM) -> *const c_char;
    pub fn X509_VERIFY_PARAM_set_purpose(p: *mut X509_VERIFY_PARAM, purpose: c_int) -> c_int;
    pub fn X509_VERIFY_PARAM_set_trust(p: *mut X509_VERIFY_PARAM, trust: c_int) -> c_int;

    pub fn OPENSSL_sk_new_null() -> *mut OPENSSL_STACK;
    pub fn OPENSSL_sk_push(st: *mut OPENSSL_STACK, data: *const c_void) -> c_int;
    pub fn OPENSSL_sk_num(st: *const OPENSSL_STACK) -> c_int;
    pub fn OPENSSL_sk_value(st: *const OPENSSL_STACK, i: c_int) -> *mut c_void;
    pub fn OPENSSL_sk_free(st: *mut OPENSSL_STACK);
    pub fn OPENSSL_sk_pop_free(st: *mut OPENSSL_STACK, f: Option<unsafe extern "C" fn(*mut c_void)>);

    pub fn CRYPTO_get_ex_new_index(class: c_int, argl: c_long, argp: *mut c_void, new: Option<ExNew>, dup: Option<ExDup>, free: Option<ExFree>) -> c_int;
    pub fn CRYPTO_new_ex_data(class: c_int, obj: *mut c_void, ad: *mut CRYPTO_EX_DATA) -> c_int;
    pub fn CRYPTO_dup_ex_data(class: c_int, to: *mut CRYPTO_EX_DATA, from: *const CRYPTO_EX_DATA) -> c_int;
    pub fn CRYPTO_set_ex_data(ad: *mut CRYPTO_EX_DATA, idx: c_int, val: *mut c_void) -> c_int;
    pub fn CRYPTO_get_ex_data(ad: *const CRYPTO_EX_DATA, idx: c_int) -> *mut c_void;
    pub fn CRYPTO_free_ex_data(class: c_int, obj: *mut c_void, ad: *mut CRYPTO_EX_DATA);
    pub fn CRYPTO_free(p: *mut c_void, file: *const c_char, line: c_int);
    pub fn CRYPTO_clear_free(p: *mut c_void, num: usize, file: *const c_char, line: c_int);
}

pub const BIO_FLAGS_SHOULD_RETRY: c_int = 0x08;
pub const BIO_CTRL_FLUSH: c_int = 11;
pub const BIO_CTRL_EOF: c_int = 2;
pub const BIO_C_GET_FD: c_int = 105;
pub const BIO_NOCLOSE: c_int = 0;

extern "C" {
    fn OPENSSL_init_crypto(opts: u64, settings: *const c_void) -> c_int;
    fn EVP_get_digestbyname(name: *const c_char) -> *const EVP_MD;
    pub fn CRYPTO_malloc(num: usize, file: *const c_char, line: c_int) -> *mut c_void;
}

/// libcrypto's static EVP_MD for a digest name.
pub fn digest_by_name(name: &std::ffi::CStr) -> *const EVP_MD {
    // SAFETY: a NUL-terminated name; the result is a static object or NULL.
    unsafe { EVP_get_digestbyname(name.as_ptr()) }
}

/// `OPENSSL_init_crypto` with the caller's options (libssl's init forwards them).
pub fn init_crypto(opts: u64, settings: *const c_void) -> bool {
    // SAFETY: settings is NULL or an OPENSSL_INIT_SETTINGS from the caller.
    unsafe { OPENSSL_init_crypto(opts, settings) == 1 }
}

/// `ERR_peek_error`: the oldest queued error code, 0 if none.
pub fn peek_error() -> c_ulong {
    // SAFETY: reads this thread's error queue.
    unsafe { ERR_peek_error() }
}


/// `STACK_OF(SCT)`: a libcrypto stack (named so C sees OpenSSL's type).
#[allow(non_camel_case_types)]
pub type stack_st_SCT = OPENSSL_STACK;

/// libcrypto's Certificate Transparency log store (opaque).
#[repr(C)]
pub struct CTLOG_STORE {
    _p: [u8; 0],
}

extern "C" {
    fn CTLOG_STORE_free(store: *mut CTLOG_STORE);
}

/// A CT log store handed to us with `SSL_CTX_set0_ctlog_store` (we own it).
pub struct CtLogStore(*mut CTLOG_STORE);
// SAFETY: only kept and freed; never used concurrently by us.
unsafe impl Send for CtLogStore {}
// SAFETY: as above.
unsafe impl Sync for CtLogStore {}

impl CtLogStore {
    pub fn from_owned(p: *mut CTLOG_STORE) -> Option<CtLogStore> {
        (!p.is_null()).then_some(CtLogStore(p))
    }
    pub fn as_ptr(&self) -> *mut CTLOG_STORE {
        self.0
    }

    /// `CTLOG_STORE_new` (in the thread's current default library context).
    pub fn new() -> Option<CtLogStore> {
        extern "C" {
            fn CTLOG_STORE_new() -> *mut CTLOG_STORE;
        }
        // SAFETY: plain constructor.
        CtLogStore::from_owned(unsafe { CTLOG_STORE_new() })
    }

    /// `CTLOG_STORE_load_default_file` (CTLOG_FILE, else the OpenSSL
    /// directory's ct_log_list.cnf) or `CTLOG_STORE_load_file`.
    pub fn load(&self, file: Option<&std::ffi::CStr>) -> bool {
        extern "C" {
            fn CTLOG_STORE_load_default_file(s: *mut CTLOG_STORE) -> c_int;
            fn CTLOG_STORE_load_file(s: *mut CTLOG_STORE, file: *const c_char) -> c_int;
        }
        // SAFETY: our store; a NUL-terminated path.
        unsafe {
            match file {
                None => CTLOG_STORE_load_default_file(self.0) == 1,
                Some(f) => CTLOG_STORE_load_file(self.0, f.as_ptr()) == 1,
            }
        }
    }
}

impl Drop for CtLogStore {
    fn drop(&mut self) {
        // SAFETY: we own the store.
        unsafe { CTLOG_STORE_free(self.0) }
    }
}

/// A libcrypto stack of pointers to static objects (our SSL_CIPHER table):
/// freeing it frees the stack only.
pub struct StaticPtrStack(*mut OPENSSL_STACK);
// SAFETY: the stack is only read by C after we build it; the elements are statics.
unsafe impl Send for StaticPtrStack {}
// SAFETY: as above.
unsafe impl Sync for StaticPtrStack {}

impl StaticPtrStack {
    /// A new stack holding `ptrs`, in order.
    pub fn new(ptrs: &[*const c_void]) -> Option<StaticPtrStack> {
        // SAFETY: a fresh stack; pushed pointers are to statics.
        unsafe {
            let sk = StaticPtrStack(OPENSSL_sk_new_null());
            if sk.0.is_null() {
                return None;
            }
            for p in ptrs {
                if OPENSSL_sk_push(sk.0, *p) <= 0 {
                    return None;
                }
            }
            Some(sk)
        }
    }
    pub fn as_ptr(&self) -> *mut OPENSSL_STACK {
        self.0
    }
    /// Gives the stack to the caller, who frees it with `sk_*_free`.
    pub fn into_ptr(self) -> *mut OPENSSL_STACK {
        let p = self.0;
        std::mem::forget(self);
        p
    }
}

impl Drop for StaticPtrStack {
    fn drop(&mut self) {
        // SAFETY: we own the stack; its elements are statics.
        unsafe { OPENSSL_sk_free(self.0) }
    }
}

extern "C" {
    fn conf_ssl_name_find(name: *const c_char, idx: *mut usize) -> c_int;
    fn conf_ssl_get(idx: usize, name: *mut *const c_char, cnt: *mut usize) -> *const c_void;
    fn conf_ssl_get_cmd(cmd: *const c_void, idx: usize, cmdstr: *mut *mut c_char, arg: *mut *mut c_char);
}

/// The (command, value) pairs of a named section of the "ssl_conf" module
/// of the loaded configuration (openssl.cnf), e.g. "system_default"; None
/// when no such section exists. libcrypto parses the file and keeps these.
pub fn ssl_conf_section(name: &std::ffi::CStr) -> Option<Vec<(String, String)>> {
    let mut idx = 0usize;
    // SAFETY: name is NUL-terminated; libcrypto returns pointers into its
    // own configuration, which we copy before returning.
    unsafe {
        if conf_ssl_name_find(name.as_ptr(), &mut idx) != 1 {
            return None;
        }
        let mut section: *const c_char = std::ptr::null();
        let mut cnt = 0usize;
        let cmds = conf_ssl_get(idx, &mut section, &mut cnt);
        let mut out = Vec::with_capacity(cnt);
        for i in 0..cnt {
            let (mut cmd, mut arg): (*mut c_char, *mut c_char) = (std::ptr::null_mut(), std::ptr::null_mut());
            conf_ssl_get_cmd(cmds, i, &mut cmd, &mut arg);
            if cmd.is_null() {
                continue;
            }
            let value = if arg.is_null() { String::new() } else { std::ffi::CStr::from_ptr(arg).to_string_lossy().into_owned() };
            out.push((std::ffi::CStr::from_ptr(cmd).to_string_lossy().into_owned(), value));
        }
        Some(out)
    }
}

extern "C" {
    fn OpenSSL_version_num() -> c_ulong;
}

/// The loaded libcrypto's OPENSSL_VERSION_NUMBER (0xMNN00PP0): which
/// OpenSSL's defaults a process expects of its libssl.
pub fn libcrypto_version() -> u64 {
    // SAFETY: a constant of the loaded library.
    u64::from(unsafe { OpenSSL_version_num() })
}
