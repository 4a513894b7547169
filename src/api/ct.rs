//! Certificate Transparency on a client, as OpenSSL's libssl does it
//! (`ssl_validate_ct`, `SSL_get0_peer_scts`, `SSL_CTX_enable_ct`): the
//! validation setting, the SCTs a connection received, and the check made
//! once the server's chain is verified.

use crate::sys::ct::{self, CtValidationCb, Scts};
use crate::sys::x509::X509Ref;
use crate::tls::alert::AlertDescription;
use crate::tls::Error;

/// `SSL_CT_VALIDATION_PERMISSIVE` / `SSL_CT_VALIDATION_STRICT`.
pub const VALIDATION_PERMISSIVE: i32 = 0;
pub const VALIDATION_STRICT: i32 = 1;

pub const NO_VALID_SCTS: i32 = 216;
pub const SCT_VERIFICATION_FAILED: i32 = 208;
pub const CUSTOM_EXT_HANDLER_ALREADY_INSTALLED: i32 = 206;
pub const INVALID_CT_VALIDATION_TYPE: i32 = 212;
/// `X509_V_ERR_NO_VALID_SCTS`.
const X509_V_ERR_NO_VALID_SCTS: i64 = 71;

/// The validation callback a context or connection has (OpenSSL's
/// `ct_validation_callback`): one of `SSL_CTX_enable_ct`'s two, or the
/// application's own.
#[derive(Clone, Copy, Debug)]
pub enum Validation {
    /// ct_permissive: gather and validate, never refuse.
    Permissive,
    /// ct_strict: at least one valid SCT.
    Strict,
    App(CtValidationCb, usize),
}

/// What a connection received, gathered on first request.
#[derive(Default)]
pub struct PeerScts(Option<Box<Gathered>>);

#[derive(Default)]
struct Gathered {
    /// The signed_certificate_timestamp extension's body.
    tls_extension: Option<Vec<u8>>,
    /// `SSL_get0_peer_scts`' stack, once built (OpenSSL's scts_parsed).
    list: Option<Option<Scts>>,
}

impl PeerScts {
    /// The extension as received (OpenSSL keeps the last one).
    pub fn set_extension(&mut self, body: &[u8]) {
        let g = self.0.get_or_insert_with(Default::default);
        g.tls_extension = Some(body.to_vec());
        g.list = None;
    }

    /// `SSL_get0_peer_scts`: the stack, built once from the extension, the
    /// stapled OCSP response and the leaf (get0; NULL when there is none).
    pub fn get0(&mut self, ocsp: Option<&[u8]>, leaf: Option<&X509Ref>) -> *const crate::sys::OPENSSL_STACK {
        let g = self.0.get_or_insert_with(Default::default);
        if g.list.is_none() {
            g.list = Some(Scts::gather(g.tls_extension.as_deref(), ocsp, leaf));
        }
        g.list.as_ref().and_then(|l| l.as_ref()).map_or(std::ptr::null(), |s| s.as_ptr())
    }
}

/// The inputs of OpenSSL's ssl_validate_ct, read under the connection's lock.
pub struct Check<'a> {
    pub validation: Validation,
    pub verify_result: i64,
    pub verified_chain: &'a [X509Ref],
    pub scts: *const crate::sys::OPENSSL_STACK,
    pub store: Option<&'a crate::sys::CtLogStore>,
    pub session_time_ms: u64,
}

/// OpenSSL's ssl_validate_ct: Ok(true) when the SCTs satisfy the callback
/// (or the check does not apply: no chain, an unverified one, or a leaf
/// without issuer in it), Ok(false) when they do not — the caller then
/// records X509_V_ERR_NO_VALID_SCTS and refuses under SSL_VERIFY_PEER —
/// and Err when validation itself failed.
pub fn validate(check: &Check<'_>) -> Result<bool, Error> {
    if check.verify_result != 0 || check.verified_chain.len() <= 1 {
        return Ok(true);
    }
    let judged = ct::evaluate(
        check.scts,
        &check.verified_chain[0],
        &check.verified_chain[1],
        check.store,
        check.session_time_ms / 1000 * 1000,
        |policy, list| match check.validation {
            Validation::Permissive => 1,
            Validation::Strict => {
                if Scts::any_valid(list) {
                    1
                } else {
                    crate::sys::err::push(NO_VALID_SCTS, "ct_strict", None);
                    0
                }
            }
            Validation::App(cb, arg) => ct::call(cb, policy, list, arg),
        },
    );
    match judged {
        Err(()) => Err(Error { alert: Some(AlertDescription::HandshakeFailure), reason: SCT_VERIFICATION_FAILED, detail: "SCT verification failed" }),
        Ok(r) => Ok(r > 0),
    }
}

/// The error a refused handshake ends with (SSL_R_CALLBACK_FAILED), and
/// the verify result it records.
pub fn refused() -> (Error, i64) {
    (
        Error { alert: Some(AlertDescription::HandshakeFailure), reason: crate::api::reason::CALLBACK_FAILED, detail: "CT validation callback failed" },
        X509_V_ERR_NO_VALID_SCTS,
    )
}
