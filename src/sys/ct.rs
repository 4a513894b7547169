//! Certificate Transparency through libcrypto's CT code, as OpenSSL's
//! libssl uses it: the peer's SCTs gathered from the TLS extension, the
//! stapled OCSP response and the certificate (`SSL_get0_peer_scts`), then
//! checked against the log store (`SCT_LIST_validate`) and judged by the
//! validation callback.

use std::ffi::{c_int, c_long, c_void};

use super::x509::X509Ref;
use super::{CtLogStore, OPENSSL_sk_new_null, OPENSSL_sk_num, OPENSSL_sk_push, OPENSSL_sk_value, OPENSSL_STACK, X509};

#[allow(non_camel_case_types)]
#[repr(C)]
pub struct CT_POLICY_EVAL_CTX {
    _p: [u8; 0],
}

pub use super::callbacks::CtValidationCb;

const SCT_SOURCE_TLS_EXTENSION: c_int = 1;
const SCT_SOURCE_X509V3_EXTENSION: c_int = 2;
const SCT_SOURCE_OCSP_STAPLED_RESPONSE: c_int = 3;
const SCT_VALIDATION_STATUS_VALID: c_int = 2;
const NID_CT_PRECERT_SCTS: c_int = 951;
const NID_CT_CERT_SCTS: c_int = 954;

extern "C" {
    fn o2i_SCT_LIST(a: *mut *mut OPENSSL_STACK, pp: *mut *const u8, len: usize) -> *mut OPENSSL_STACK;
    fn SCT_LIST_free(l: *mut OPENSSL_STACK);
    fn SCT_free(s: *mut c_void);
    fn SCT_set_source(s: *mut c_void, source: c_int) -> c_int;
    fn SCT_get_validation_status(s: *const c_void) -> c_int;
    fn SCT_LIST_validate(scts: *const OPENSSL_STACK, ctx: *mut CT_POLICY_EVAL_CTX) -> c_int;
    fn OPENSSL_sk_pop(st: *mut OPENSSL_STACK) -> *mut c_void;
    fn d2i_OCSP_RESPONSE(a: *mut *mut c_void, pp: *mut *const u8, len: c_long) -> *mut c_void;
    fn OCSP_RESPONSE_free(r: *mut c_void);
    fn OCSP_response_get1_basic(r: *mut c_void) -> *mut c_void;
    fn OCSP_BASICRESP_free(b: *mut c_void);
    fn OCSP_resp_count(b: *mut c_void) -> c_int;
    fn OCSP_resp_get0(b: *mut c_void, i: c_int) -> *mut c_void;
    fn OCSP_SINGLERESP_get1_ext_d2i(s: *mut c_void, nid: c_int, crit: *mut c_int, idx: *mut c_int) -> *mut c_void;
    fn X509_get_ext_d2i(x: *const X509, nid: c_int, crit: *mut c_int, idx: *mut c_int) -> *mut c_void;
    fn CT_POLICY_EVAL_CTX_new() -> *mut CT_POLICY_EVAL_CTX;
    fn CT_POLICY_EVAL_CTX_free(c: *mut CT_POLICY_EVAL_CTX);
    fn CT_POLICY_EVAL_CTX_set1_cert(c: *mut CT_POLICY_EVAL_CTX, x: *mut X509) -> c_int;
    fn CT_POLICY_EVAL_CTX_set1_issuer(c: *mut CT_POLICY_EVAL_CTX, x: *mut X509) -> c_int;
    fn CT_POLICY_EVAL_CTX_set_shared_CTLOG_STORE(c: *mut CT_POLICY_EVAL_CTX, s: *mut super::CTLOG_STORE);
    fn CT_POLICY_EVAL_CTX_set_time(c: *mut CT_POLICY_EVAL_CTX, ms: u64);
}

/// A `STACK_OF(SCT)` we own (freed with `SCT_LIST_free`).
pub struct Scts(*mut OPENSSL_STACK);
// SAFETY: owned by one connection and only read by C while lent.
unsafe impl Send for Scts {}
// SAFETY: as above.
unsafe impl Sync for Scts {}

impl Drop for Scts {
    fn drop(&mut self) {
        // SAFETY: we own the stack and its SCTs.
        unsafe { SCT_LIST_free(self.0) }
    }
}

impl Scts {
    pub fn as_ptr(&self) -> *const OPENSSL_STACK {
        self.0
    }

    /// OpenSSL's ct_move_scts: pops each SCT off `src` (so the order
    /// reverses, as OpenSSL's does), marks its source and pushes it here;
    /// `src` is freed. False on failure.
    fn take_from(&mut self, src: *mut OPENSSL_STACK, source: c_int) -> bool {
        if src.is_null() {
            return true;
        }
        let mut ok = true;
        loop {
            // SAFETY: src is a live STACK_OF(SCT) we were given ownership of.
            let sct = unsafe { OPENSSL_sk_pop(src) };
            if sct.is_null() {
                break;
            }
            // SAFETY: sct is a live SCT popped from src, now ours.
            if unsafe { SCT_set_source(sct, source) } != 1 || unsafe { OPENSSL_sk_push(self.0, sct) } <= 0 {
                // SAFETY: not pushed, so still ours to free.
                unsafe { SCT_free(sct) };
                ok = false;
                break;
            }
        }
        // SAFETY: the (now usually empty) stack is ours.
        unsafe { SCT_LIST_free(src) };
        ok
    }

    /// `SSL_get0_peer_scts`' gathering: from the signed_certificate_timestamp
    /// extension, the stapled OCSP response's single responses and the
    /// leaf's embedded SCT list, in OpenSSL's order. None when nothing was
    /// gathered and there is no leaf (OpenSSL's NULL), or on failure.
    pub fn gather(tls_extension: Option<&[u8]>, ocsp: Option<&[u8]>, leaf: Option<&X509Ref>) -> Option<Scts> {
        let mut out: Option<Scts> = None;
        fn dst(out: &mut Option<Scts>) -> Option<&mut Scts> {
            if out.is_none() {
                // SAFETY: plain constructor.
                let p = unsafe { OPENSSL_sk_new_null() };
                if p.is_null() {
                    return None;
                }
                *out = Some(Scts(p));
            }
            out.as_mut()
        }
        if let Some(bytes) = tls_extension {
            let mut p = bytes.as_ptr();
            // SAFETY: p walks over `bytes`, readable for its length.
            let list = unsafe { o2i_SCT_LIST(std::ptr::null_mut(), &mut p, bytes.len()) };
            if !dst(&mut out)?.take_from(list, SCT_SOURCE_TLS_EXTENSION) {
                return None;
            }
        }
        if let Some(resp) = ocsp.filter(|r| !r.is_empty()) {
            if !ocsp_scts(resp, dst(&mut out)?) {
                return None;
            }
        }
        if let Some(leaf) = leaf {
            // SAFETY: a live certificate; the result is ours.
            let list = unsafe { X509_get_ext_d2i(leaf.as_ptr(), NID_CT_PRECERT_SCTS, std::ptr::null_mut(), std::ptr::null_mut()) };
            if !dst(&mut out)?.take_from(list as *mut OPENSSL_STACK, SCT_SOURCE_X509V3_EXTENSION) {
                return None;
            }
        }
        out
    }

    /// Whether one SCT validated (OpenSSL's ct_strict callback).
    pub fn any_valid(list: *const OPENSSL_STACK) -> bool {
        if list.is_null() {
            return false;
        }
        // SAFETY: a live STACK_OF(SCT).
        let n = unsafe { OPENSSL_sk_num(list) };
        // SAFETY: each index is in range; the SCTs are live.
        (0..n).any(|i| unsafe { SCT_get_validation_status(OPENSSL_sk_value(list, i)) } == SCT_VALIDATION_STATUS_VALID)
    }
}

/// The SCTs of an OCSP response's single responses (ct_extract_ocsp_response_scts):
/// an unparsable response has none; false only when moving them fails.
fn ocsp_scts(resp: &[u8], dst: &mut Scts) -> bool {
    let mut p = resp.as_ptr();
    // SAFETY: p walks over `resp`, readable for its length.
    let rsp = unsafe { d2i_OCSP_RESPONSE(std::ptr::null_mut(), &mut p, resp.len() as c_long) };
    if rsp.is_null() {
        return true;
    }
    // SAFETY: a live response; the basic response is ours.
    let br = unsafe { OCSP_response_get1_basic(rsp) };
    let mut ok = true;
    if !br.is_null() {
        // SAFETY: a live basic response; indexes in range.
        for i in 0..unsafe { OCSP_resp_count(br) } {
            // SAFETY: as above; the single response is borrowed from br.
            let single = unsafe { OCSP_resp_get0(br, i) };
            if single.is_null() {
                continue;
            }
            // SAFETY: the extension's decoded STACK_OF(SCT) is ours.
            let list = unsafe { OCSP_SINGLERESP_get1_ext_d2i(single, NID_CT_CERT_SCTS, std::ptr::null_mut(), std::ptr::null_mut()) };
            if !dst.take_from(list as *mut OPENSSL_STACK, SCT_SOURCE_OCSP_STAPLED_RESPONSE) {
                ok = false;
                break;
            }
        }
        // SAFETY: ours.
        unsafe { OCSP_BASICRESP_free(br) };
    }
    // SAFETY: ours.
    unsafe { OCSP_RESPONSE_free(rsp) };
    ok
}

/// OpenSSL's ssl_validate_ct after its early exits: a policy context for
/// the leaf and its issuer, the log store and the session's time (ms);
/// `SCT_LIST_validate` sets each SCT's status, then `judge` (the
/// validation callback) decides. `list` is a live `STACK_OF(SCT)` or NULL.
/// Err(()) when validation could not run.
pub fn evaluate(
    list: *const OPENSSL_STACK,
    leaf: &X509Ref,
    issuer: &X509Ref,
    store: Option<&CtLogStore>,
    time_ms: u64,
    judge: impl FnOnce(*const CT_POLICY_EVAL_CTX, *const OPENSSL_STACK) -> c_int,
) -> Result<c_int, ()> {
    // SAFETY: plain constructor.
    let ctx = unsafe { CT_POLICY_EVAL_CTX_new() };
    if ctx.is_null() {
        return Err(());
    }
    // SAFETY: ctx is ours; the certificates and store are live (the store
    // outlives ctx, which only borrows it).
    let validated = unsafe {
        CT_POLICY_EVAL_CTX_set1_cert(ctx, leaf.as_ptr());
        CT_POLICY_EVAL_CTX_set1_issuer(ctx, issuer.as_ptr());
        CT_POLICY_EVAL_CTX_set_shared_CTLOG_STORE(ctx, store.map_or(std::ptr::null_mut(), |s| s.as_ptr()));
        CT_POLICY_EVAL_CTX_set_time(ctx, time_ms);
        SCT_LIST_validate(list, ctx)
    };
    let result = if validated < 0 { Err(()) } else { Ok(judge(ctx, list)) };
    // SAFETY: ours.
    unsafe { CT_POLICY_EVAL_CTX_free(ctx) };
    result
}

/// Runs an application's validation callback.
pub fn call(cb: CtValidationCb, ctx: *const CT_POLICY_EVAL_CTX, scts: *const OPENSSL_STACK, arg: usize) -> c_int {
    match cb {
        // SAFETY: the application registered cb for this signature.
        Some(cb) => unsafe { cb(ctx, scts, arg as *mut c_void) },
        None => 1,
    }
}
