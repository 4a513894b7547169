//! Owned references to X509, X509_STORE and X509_VERIFY_PARAM, and chain
//! verification through libcrypto's `X509_verify_cert`, exactly as OpenSSL's
//! `ssl_verify_cert_chain` sets it up.

use super::*;
use std::sync::OnceLock;

macro_rules! owned_ptr {
    ($name:ident, $ty:ty, $free:ident) => {
        pub struct $name(*mut $ty);
        // SAFETY: libcrypto's reference-counted objects are thread-safe for the
        // operations we use (up_ref/free are atomic, reads are const).
        unsafe impl Send for $name {}
        // SAFETY: as above.
        unsafe impl Sync for $name {}
        impl $name {
            pub fn as_ptr(&self) -> *mut $ty {
                self.0
            }
            /// Takes ownership of one reference the caller hands over.
            pub fn from_owned(p: *mut $ty) -> Option<Self> {
                (!p.is_null()).then_some($name(p))
            }
        }
        impl Drop for $name {
            fn drop(&mut self) {
                // SAFETY: we own one reference.
                unsafe { $free(self.0) }
            }
        }
    };
}

owned_ptr!(X509Ref, X509, X509_free);
owned_ptr!(Store, X509_STORE, X509_STORE_free);
owned_ptr!(VerifyParam, X509_VERIFY_PARAM, X509_VERIFY_PARAM_free);

impl X509Ref {
    pub fn from_der(der: &[u8]) -> Option<X509Ref> {
        let mut p = der.as_ptr();
        // SAFETY: p points at der.len() readable bytes.
        let x = unsafe { d2i_X509(std::ptr::null_mut(), &mut p, der.len() as c_long) };
        let x = X509Ref::from_owned(x)?;
        // Trailing bytes after the certificate are rejected.
        // SAFETY: d2i advanced p within der.
        let used = unsafe { p.offset_from(der.as_ptr()) } as usize;
        (used == der.len()).then_some(x)
    }

    pub fn from_borrowed(p: *mut X509) -> Option<X509Ref> {
        if p.is_null() {
            return None;
        }
        // SAFETY: the caller passes a live X509.
        unsafe { X509_up_ref(p) };
        Some(X509Ref(p))
    }

    pub fn to_der(&self) -> Vec<u8> {
        // SAFETY: a NULL out pointer asks for the length only.
        let len = unsafe { i2d_X509(self.0, std::ptr::null_mut()) };
        if len <= 0 {
            return Vec::new();
        }
        let mut out = vec![0u8; len as usize];
        let mut p = out.as_mut_ptr();
        // SAFETY: out has len bytes.
        unsafe { i2d_X509(self.0, &mut p) };
        out
    }
}

impl Clone for X509Ref {
    fn clone(&self) -> Self {
        X509Ref::from_borrowed(self.0).expect("non-null")
    }
}

impl Store {
    pub fn new() -> Option<Store> {
        // SAFETY: plain constructor.
        Store::from_owned(unsafe { X509_STORE_new() })
    }

    pub fn from_borrowed(p: *mut X509_STORE) -> Option<Store> {
        if p.is_null() {
            return None;
        }
        // SAFETY: the caller passes a live store.
        unsafe { X509_STORE_up_ref(p) };
        Some(Store(p))
    }

    pub fn load_locations(&self, file: Option<&std::ffi::CStr>, dir: Option<&std::ffi::CStr>) -> bool {
        let f = file.map_or(std::ptr::null(), |c| c.as_ptr());
        let d = dir.map_or(std::ptr::null(), |c| c.as_ptr());
        // SAFETY: NUL-terminated strings or NULL.
        unsafe { X509_STORE_load_locations(self.0, f, d) == 1 }
    }

    /// `X509_STORE_load_store`: the certificates an OSSL_STORE URI names.
    pub fn load_store(&self, uri: &std::ffi::CStr) -> bool {
        extern "C" {
            fn X509_STORE_load_store(s: *mut X509_STORE, uri: *const c_char) -> c_int;
        }
        // SAFETY: live store, NUL-terminated URI.
        unsafe { X509_STORE_load_store(self.0, uri.as_ptr()) == 1 }
    }

    /// OpenSSL's `SSL_CTX_set_default_verify_file`/`_dir`: the default CA file
    /// or directory (SSL_CERT_FILE / SSL_CERT_DIR honoured); errors ignored
    /// as OpenSSL does, "in case the directory doesn't exist".
    pub fn add_default_lookup(&self, kind: DefaultLookup) -> bool {
        extern "C" {
            fn X509_STORE_add_lookup(s: *mut X509_STORE, m: *mut c_void) -> *mut c_void;
            fn X509_LOOKUP_file() -> *mut c_void;
            fn X509_LOOKUP_hash_dir() -> *mut c_void;
            fn X509_LOOKUP_store() -> *mut c_void;
            fn X509_LOOKUP_ctrl(l: *mut c_void, cmd: c_int, argc: *const c_char, argl: c_long, ret: *mut *mut c_char) -> c_int;
            fn ERR_set_mark() -> c_int;
            fn ERR_pop_to_mark() -> c_int;
        }
        // SAFETY: the store is live; the lookup belongs to it; NULL path with
        // X509_FILETYPE_DEFAULT (3) means the default location.
        unsafe {
            let (method, cmd) = match kind {
                // X509_L_FILE_LOAD, X509_L_ADD_DIR, X509_L_ADD_STORE.
                DefaultLookup::File => (X509_LOOKUP_file(), 1),
                DefaultLookup::Dir => (X509_LOOKUP_hash_dir(), 2),
                DefaultLookup::Store => (X509_LOOKUP_store(), 3),
            };
            let lookup = X509_STORE_add_lookup(self.0, method);
            if lookup.is_null() {
                return false;
            }
            ERR_set_mark();
            X509_LOOKUP_ctrl(lookup, cmd, std::ptr::null(), 3, std::ptr::null_mut());
            ERR_pop_to_mark();
        }
        true
    }

    pub fn set_default_paths(&self) -> bool {
        // SAFETY: store is live.
        unsafe { X509_STORE_set_default_paths(self.0) == 1 }
    }
}

/// Which default CA location `Store::add_default_lookup` adds.
pub enum DefaultLookup {
    File,
    Dir,
    Store,
}

impl VerifyParam {
    pub fn new() -> Option<VerifyParam> {
        // SAFETY: plain constructor.
        VerifyParam::from_owned(unsafe { X509_VERIFY_PARAM_new() })
    }

    /// A copy of `from`'s settings (OpenSSL's SSL_new: inherit from the ctx).
    pub fn inherit_from(&self, from: &VerifyParam) {
        // SAFETY: both live.
        unsafe { X509_VERIFY_PARAM_inherit(self.0, from.0) };
    }

    pub fn set1_host(&self, name: Option<&[u8]>) -> bool {
        let (p, l) = name.map_or((std::ptr::null(), 0), |n| (n.as_ptr().cast(), n.len()));
        // SAFETY: the name is passed with its length (no NUL needed).
        unsafe { X509_VERIFY_PARAM_set1_host(self.0, p, l) == 1 }
    }

    pub fn add1_host(&self, name: &[u8]) -> bool {
        // SAFETY: as above.
        unsafe { X509_VERIFY_PARAM_add1_host(self.0, name.as_ptr().cast(), name.len()) == 1 }
    }

    pub fn set_hostflags(&self, flags: u32) {
        // SAFETY: param is live.
        unsafe { X509_VERIFY_PARAM_set_hostflags(self.0, flags) }
    }

    pub fn set_depth(&self, depth: i32) {
        // SAFETY: param is live.
        unsafe { X509_VERIFY_PARAM_set_depth(self.0, depth) }
    }

    pub fn depth(&self) -> i32 {
        // SAFETY: param is live.
        unsafe { X509_VERIFY_PARAM_get_depth(self.0) }
    }

    /// The host name the last verification matched (`get0_peername`), borrowed.
    pub fn peername(&self) -> *const c_char {
        // SAFETY: param is live; the string is owned by it.
        unsafe { X509_VERIFY_PARAM_get0_peername(self.0) }
    }

    /// `X509_VERIFY_PARAM_set_purpose`/`set_trust`: 1 on success.
    pub fn set_purpose(&self, purpose: i32) -> bool {
        // SAFETY: param is live.
        unsafe { X509_VERIFY_PARAM_set_purpose(self.0, purpose) == 1 }
    }

    pub fn set_trust(&self, trust: i32) -> bool {
        // SAFETY: param is live.
        unsafe { X509_VERIFY_PARAM_set_trust(self.0, trust) == 1 }
    }

    /// `X509_VERIFY_PARAM_set1`: copies every setting of `from`.
    pub fn set1(&self, from: *const X509_VERIFY_PARAM) -> bool {
        // SAFETY: self is live; the caller passes a live param.
        unsafe { X509_VERIFY_PARAM_set1(self.0, from) == 1 }
    }
}

/// The ex_data index under which the verify callback finds the SSL
/// (`SSL_get_ex_data_X509_STORE_CTX_idx`).
pub fn ssl_store_ctx_index() -> c_int {
    static IDX: OnceLock<c_int> = OnceLock::new();
    *IDX.get_or_init(|| {
        super::exdata::new_index(super::exdata::CLASS_X509_STORE_CTX, 0, c"SSL for verify callback".as_ptr() as *mut c_void, None, None, None)
    })
}

pub struct VerifyOutcome {
    pub ok: bool,
    /// `X509_STORE_CTX_get_error`: X509_V_OK or the failure.
    pub error: i64,
    pub verified_chain: Vec<X509Ref>,
}

/// Verifies `chain` (leaf first) against `store` with `param`, calling the
/// application's verify callback; `ssl` is the C handle the callback can
/// fetch with `X509_STORE_CTX_get_ex_data(ctx, SSL_get_ex_data_X509_STORE_CTX_idx())`.
/// How OpenSSL's ssl_verify_cert_chain runs a verification beyond the store
/// and param: the security level as the param's auth level, and the
/// application's replacement for X509_verify_cert
/// (`SSL_CTX_set_cert_verify_callback`), if any.
pub struct VerifyPolicy {
    pub auth_level: i32,
    pub app_verify: (super::callbacks::CertVerifyCb, usize),
}

/// Everything a verification of the peer uses besides what is verified:
/// the store, the SSL's param, the SSL (for the callback's ex_data), the
/// verify callback, which side checks, and OpenSSL's policy.
pub struct Verifier<'a> {
    pub store: &'a Store,
    pub param: &'a VerifyParam,
    pub ssl: *mut c_void,
    pub cb: VerifyCb,
    pub server_side: bool,
    pub policy: &'a VerifyPolicy,
}

pub fn verify_chain(v: &Verifier, chain: &[X509Ref]) -> VerifyOutcome {
    let fail = |error| VerifyOutcome { ok: false, error, verified_chain: Vec::new() };
    if chain.is_empty() {
        return fail(X509_V_ERR_UNSPECIFIED);
    }
    // SAFETY: every pointer below is live for the duration of the call: the
    // chain's X509s are held by `chain`, the stack only borrows them and is
    // freed (without freeing its elements) before returning.
    unsafe {
        let ctx = X509_STORE_CTX_new();
        if ctx.is_null() {
            return fail(X509_V_ERR_UNSPECIFIED);
        }
        let sk = OPENSSL_sk_new_null();
        for c in chain {
            OPENSSL_sk_push(sk, c.as_ptr() as *const c_void);
        }
        if X509_STORE_CTX_init(ctx, v.store.as_ptr(), chain[0].as_ptr(), sk) != 1 {
            OPENSSL_sk_free(sk);
            X509_STORE_CTX_free(ctx);
            return fail(X509_V_ERR_UNSPECIFIED);
        }
        let (ok, error) = run_verification(ctx, v);
        let mut verified_chain = Vec::new();
        if ok {
            let vc = X509_STORE_CTX_get1_chain(ctx);
            if !vc.is_null() {
                for i in 0..OPENSSL_sk_num(vc) {
                    if let Some(x) = X509Ref::from_owned(OPENSSL_sk_value(vc, i) as *mut X509) {
                        verified_chain.push(x);
                    }
                }
                // The stack's references moved into verified_chain.
                OPENSSL_sk_free(vc);
            }
        }
        X509_STORE_CTX_free(ctx);
        OPENSSL_sk_free(sk);
        VerifyOutcome { ok, error, verified_chain }
    }
}

/// OpenSSL's ssl_verify_internal after the context's init, shared by
/// chains and raw public keys: the SSL for the callback, the purpose
/// ("ssl_server" when a client checks a server), the SSL's param, the
/// security level as the auth level ("a single @SECLEVEL sets the same
/// policy for TLS crypto and PKI authentication"), the verify callback,
/// then X509_verify_cert or the application's replacement. (ok, error).
///
/// # Safety
/// `ctx` is an initialised X509_STORE_CTX; `param` is live.
unsafe fn run_verification(ctx: *mut X509_STORE_CTX, v: &Verifier) -> (bool, i64) {
    // SAFETY: per the contract; every call only reads its arguments or
    // updates `ctx`.
    unsafe {
        X509_STORE_CTX_set_ex_data(ctx, ssl_store_ctx_index(), v.ssl);
        X509_STORE_CTX_set_default(ctx, if v.server_side { c"ssl_client".as_ptr() } else { c"ssl_server".as_ptr() });
        X509_VERIFY_PARAM_set1(X509_STORE_CTX_get0_param(ctx), v.param.as_ptr());
        X509_VERIFY_PARAM_set_auth_level(X509_STORE_CTX_get0_param(ctx), v.policy.auth_level);
        if v.cb.is_some() {
            X509_STORE_CTX_set_verify_cb(ctx, v.cb);
        }
        let ok = match v.policy.app_verify {
            (Some(app), arg) => app(ctx, arg as *mut c_void) > 0,
            (None, _) => X509_verify_cert(ctx) > 0,
        };
        (ok, X509_STORE_CTX_get_error(ctx) as i64)
    }
}

/// OpenSSL 3.5's ssl_verify_rpk: a raw public key (RFC 7250) checked the
/// way libssl checks one, through `X509_STORE_CTX_init_rpk` and
/// `X509_verify_cert` (or the application's replacement). Without DANE
/// records (we have no DANE) libcrypto reports X509_V_ERR_RPK_UNTRUSTED
/// and asks the verify callback, which may accept a key it recognises
/// (`X509_STORE_CTX_get0_rpk`). `X509_STORE_CTX_init_rpk` came with 3.2:
/// with an older libcrypto a raw public key is never negotiated, and this
/// answers X509_V_ERR_UNSPECIFIED.
pub fn verify_rpk(v: &Verifier, rpk: &super::pkey::PKey) -> VerifyOutcome {
    type InitRpk = unsafe extern "C" fn(*mut X509_STORE_CTX, *mut X509_STORE, *mut super::EVP_PKEY) -> c_int;
    let fail = |error| VerifyOutcome { ok: false, error, verified_chain: Vec::new() };
    let Some(init_rpk) = super::dynsym::symbol(c"X509_STORE_CTX_init_rpk") else { return fail(X509_V_ERR_UNSPECIFIED) };
    // SAFETY: the symbol is libcrypto's X509_STORE_CTX_init_rpk, whose
    // prototype is InitRpk (openssl/x509_vfy.h, 3.2+). Every pointer is live
    // for the call: the store and param by their owners, the key by `rpk`.
    unsafe {
        let init_rpk: InitRpk = std::mem::transmute::<*mut c_void, InitRpk>(init_rpk);
        let ctx = X509_STORE_CTX_new();
        if ctx.is_null() {
            return fail(X509_V_ERR_UNSPECIFIED);
        }
        if init_rpk(ctx, v.store.as_ptr(), rpk.as_ptr()) != 1 {
            X509_STORE_CTX_free(ctx);
            return fail(X509_V_ERR_UNSPECIFIED);
        }
        let (ok, error) = run_verification(ctx, v);
        X509_STORE_CTX_free(ctx);
        VerifyOutcome { ok, error, verified_chain: Vec::new() }
    }
}

extern "C" {
    fn X509_VERIFY_PARAM_set_auth_level(p: *mut X509_VERIFY_PARAM, level: c_int);
    fn X509_STORE_add_cert(s: *mut X509_STORE, x: *mut X509) -> c_int;
    fn X509_get_extension_flags(x: *mut X509) -> u32;
}

impl Clone for Store {
    fn clone(&self) -> Store {
        Store::from_borrowed(self.0).expect("non-null")
    }
}

/// `SSL_BUILD_CHAIN_FLAG_*`.
pub const BUILD_CHAIN_UNTRUSTED: i64 = 0x1;
pub const BUILD_CHAIN_NO_ROOT: i64 = 0x2;
pub const BUILD_CHAIN_CHECK: i64 = 0x4;
pub const BUILD_CHAIN_IGNORE_ERROR: i64 = 0x8;
pub const BUILD_CHAIN_CLEAR_ERROR: i64 = 0x10;

/// OpenSSL's `ssl_build_cert_chain`: the chain X509_verify_cert builds for
/// `leaf`, without the leaf (and without a self-signed root with NO_ROOT).
/// With CHECK only the certificates already in `chain` are trusted; else
/// `store` is, and with UNTRUSTED `chain` helps as untrusted intermediates.
/// Returns (chain, 1) or, when verification failed but IGNORE_ERROR is set,
/// (partial chain, 2); None when it failed.
pub fn build_chain(store: &Store, leaf: &X509Ref, chain: &[X509Ref], flags: i64) -> Option<(Vec<X509Ref>, i32)> {
    // SAFETY: every pointer is live during the call: leaf and chain are held
    // by the caller, the stores by us; stacks only borrow their elements.
    unsafe {
        let check_store;
        let (trust, untrusted) = if flags & BUILD_CHAIN_CHECK != 0 {
            check_store = Store::new()?;
            for x in chain.iter().chain(std::iter::once(leaf)) {
                X509_STORE_add_cert(check_store.as_ptr(), x.as_ptr());
            }
            (&check_store, &[][..])
        } else if flags & BUILD_CHAIN_UNTRUSTED != 0 {
            (store, chain)
        } else {
            (store, &[][..])
        };
        let ctx = X509_STORE_CTX_new();
        if ctx.is_null() {
            return None;
        }
        let sk = OPENSSL_sk_new_null();
        for c in untrusted {
            OPENSSL_sk_push(sk, c.as_ptr() as *const c_void);
        }
        if X509_STORE_CTX_init(ctx, trust.as_ptr(), leaf.as_ptr(), sk) != 1 {
            OPENSSL_sk_free(sk);
            X509_STORE_CTX_free(ctx);
            return None;
        }
        let mut rv = 1;
        if X509_verify_cert(ctx) <= 0 {
            if flags & BUILD_CHAIN_IGNORE_ERROR == 0 {
                X509_STORE_CTX_free(ctx);
                OPENSSL_sk_free(sk);
                return None;
            }
            if flags & BUILD_CHAIN_CLEAR_ERROR != 0 {
                ERR_clear_error();
            }
            rv = 2;
        }
        let mut built = Vec::new();
        let vc = X509_STORE_CTX_get1_chain(ctx);
        if !vc.is_null() {
            for i in 0..OPENSSL_sk_num(vc) {
                if let Some(x) = X509Ref::from_owned(OPENSSL_sk_value(vc, i) as *mut X509) {
                    built.push(x);
                }
            }
            OPENSSL_sk_free(vc);
        }
        X509_STORE_CTX_free(ctx);
        OPENSSL_sk_free(sk);
        if !built.is_empty() {
            built.remove(0);
        }
        // EXFLAG_SS: self-signed.
        if flags & BUILD_CHAIN_NO_ROOT != 0 && built.last().is_some_and(|x| X509_get_extension_flags(x.as_ptr()) & 0x2000 != 0) {
            built.pop();
        }
        Some((built, rv))
    }
}

pub const X509_V_OK: i64 = 0;
pub const X509_V_ERR_UNSPECIFIED: i64 = 1;

/// OpenSSL's `ssl_x509err2alert`: the alert a verification error sends.
pub fn alert_for_verify_error(err: i64) -> crate::tls::alert::AlertDescription {
    use crate::tls::alert::AlertDescription as A;
    match err {
        2 | 20 | 21 | 18 | 19 | 79 | 24 => A::UnknownCa,
        7 => A::DecryptError,
        27 | 28 => A::BadCertificate,
        10 | 12 => A::CertificateExpired,
        23 => A::CertificateRevoked,
        62 | 63 | 64 => A::HandshakeFailure,
        8 | 9 | 11 | 13 | 14 | 15 | 16 | 6 | 4 | 5 => A::BadCertificate,
        22 | 25 => A::UnknownCa,
        50 => A::HandshakeFailure,
        _ => A::CertificateUnknown,
    }
}

/// A `STACK_OF(X509)` owning one reference to each element, lent to C by
/// `SSL_get_peer_cert_chain` and `SSL_get0_verified_chain`.
pub struct X509Stack(*mut OPENSSL_STACK);

// SAFETY: the stack is built once and then only read.
unsafe impl Send for X509Stack {}
// SAFETY: as above.
unsafe impl Sync for X509Stack {}

unsafe extern "C" fn free_x509(p: *mut c_void) {
    // SAFETY: elements are X509 references we took.
    unsafe { X509_free(p.cast()) }
}

impl X509Stack {
    pub fn new(certs: &[X509Ref]) -> Option<X509Stack> {
        // SAFETY: a fresh stack; each pushed element carries its own reference.
        unsafe {
            let sk = OPENSSL_sk_new_null();
            if sk.is_null() {
                return None;
            }
            for c in certs {
                X509_up_ref(c.as_ptr());
                OPENSSL_sk_push(sk, c.as_ptr() as *const c_void);
            }
            Some(X509Stack(sk))
        }
    }

    pub fn as_ptr(&self) -> *mut OPENSSL_STACK {
        self.0
    }
}

impl Drop for X509Stack {
    fn drop(&mut self) {
        // SAFETY: we own the stack and one reference per element.
        unsafe { OPENSSL_sk_pop_free(self.0, Some(free_x509)) }
    }
}

/// Frees a `STACK_OF(X509)` handed to us with its references (set0).
pub fn free_stack(sk: *mut OPENSSL_STACK) {
    if !sk.is_null() {
        // SAFETY: the caller gave us the stack and one reference per element.
        unsafe { OPENSSL_sk_pop_free(sk, Some(free_x509)) }
    }
}

/// New references to the certificates of a `STACK_OF(X509)` (NULL: none).
pub fn stack_to_vec(sk: *mut OPENSSL_STACK) -> Vec<X509Ref> {
    if sk.is_null() {
        return Vec::new();
    }
    // SAFETY: a live stack of X509 from the caller; we up-ref each element.
    unsafe { (0..OPENSSL_sk_num(sk)).filter_map(|i| X509Ref::from_borrowed(OPENSSL_sk_value(sk, i) as *mut X509)).collect() }
}
