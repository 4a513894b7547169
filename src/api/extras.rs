//! Settings and callbacks OpenSSL keeps beside the handshake core: security
//! level, quiet shutdown, read-ahead and buffer hints, the certificate and
//! ClientHello callbacks, and the callbacks of features we do not run yet
//! (external PSKs, early data, record padding, NPN, DTLS cookies). Their
//! setters cannot fail in OpenSSL, so they are stored here and their getters
//! give back what was stored; which of them the engine acts on is said per
//! export in `docs/API-COVERAGE.md`.

use std::ffi::CString;
use std::sync::Arc;


use crate::sys::callbacks::*;
use crate::sys::pkey::PKey;

/// The default security level of the system's OpenSSL 3.0: Debian builds it
/// with OPENSSL_TLS_SECURITY_LEVEL=2 (measured with `SSL_CTX_get_security_level`).
pub const DEFAULT_SECURITY_LEVEL: i32 = 2;
/// `SSL3_RT_MAX_PLAIN_LENGTH`: the default `max_send_fragment` and
/// `recv_max_early_data`.
pub const MAX_PLAIN_LENGTH: usize = 16384;

/// The SRP settings of a context, copied to its connections (OpenSSL's
/// srp_ctx without the per-handshake numbers).
#[derive(Clone)]
pub struct SrpConfig {
    /// `SSL_CTX_set_srp_username`: the client's login.
    pub username: Option<CString>,
    /// Where the client's password comes from: `SSL_CTX_set_srp_password`
    /// or `SSL_CTX_set_srp_client_pwd_callback`, the later call winning.
    pub password: SrpPassword,
    /// `SSL_CTX_set_srp_strength`: the smallest N in bits a client accepts.
    pub strength: i32,
    pub cb_arg: usize,
    pub username_cb: crate::sys::callbacks::SrpUsernameCb,
    pub verify_param_cb: crate::sys::callbacks::SrpVerifyParamCb,
    /// OpenSSL's srp_Mask: SRP suites are enabled (a username, or a
    /// server's username callback, was set).
    pub enabled: bool,
}

#[derive(Clone)]
pub enum SrpPassword {
    None,
    Fixed(zeroize::Zeroizing<Vec<u8>>),
    Callback(crate::sys::callbacks::SrpClientPwdCb),
}

impl Default for SrpConfig {
    /// SSL_CTX_SRP_CTX_init: strength SRP_MINIMAL_N (1024), nothing set.
    fn default() -> Self {
        SrpConfig { username: None, password: SrpPassword::None, strength: 1024, cb_arg: 0, username_cb: None, verify_param_cb: None, enabled: false }
    }
}

/// Per-connection settings, copied from the context at `SSL_new`.
#[derive(Clone)]
pub struct Extras {
    pub security_level: i32,
    /// `SSL_CTX_set_security_callback`; None until the application sets
    /// one, when the getter reports OpenSSL's default callback.
    pub security_cb: Option<SecurityCb>,
    pub security_ex: usize,
    /// `SSL_set_quiet_shutdown`: SSL_shutdown marks both directions closed
    /// without sending close_notify.
    pub quiet_shutdown: bool,
    /// `SSL_set_read_ahead`: a hint; our record layer reads what the BIO has.
    pub read_ahead: bool,
    /// `SSL_set_default_read_buffer_len`: a hint; buffers are sized by records.
    pub default_read_buffer_len: usize,
    /// `SSL_set_max_cert_list`: the largest Certificate or CertificateRequest
    /// message accepted (OpenSSL's default, 100 KiB).
    pub max_cert_list: usize,
    pub post_handshake_auth: bool,
    /// `SSL_set_cert_cb`: called before the certificate is chosen.
    pub cert_cb: (CertCb, usize),
    pub msg_cb: (MsgCb, usize),
    pub psk_client_cb: PskClientCb,
    pub psk_server_cb: PskServerCb,
    pub psk_find_session_cb: PskFindSessionCb,
    pub psk_use_session_cb: PskUseSessionCb,
    pub psk_identity_hint: Option<CString>,
    pub srp: SrpConfig,
    pub not_resumable_cb: NotResumableCb,
    pub allow_early_data: (CertCb, usize),
    pub record_padding: (RecordPaddingCb, usize),
    /// TLS 1.3 record padding (`SSL_CTX_set_block_padding(_ex)`): the block
    /// size application data records ([0]) and all others ([1]) are padded
    /// to; 0 for none.
    pub block_padding: [usize; 2],
    pub max_early_data: u32,
    pub recv_max_early_data: u32,
    /// DH parameters for TLS 1.2 DHE (`SSL_CTX_set_tmp_dh`, `set0_tmp_dh_pkey`);
    /// TLS 1.3 does not use them, as in OpenSSL.
    pub tmp_dh: Option<Arc<PKey>>,
    pub dh_auto: i64,
    pub tmp_dh_cb: TmpDhCb,
    pub max_send_fragment: usize,
    pub generate_session_id: GenSessionIdCb,
    /// `SSL_CTX_set_cert_flags`.
    pub cert_flags: u32,
    /// `SSL_set_tlsext_status_type`: -1 until set.
    pub status_type: i32,
    /// `SSL_set_default_passwd_cb(_userdata)` on one SSL (None: the context's).
    pub passwd: Option<(crate::sys::pkey::PasswordCb, usize)>,
    /// `SSL_CTX_set_purpose` / `set_trust`.
    pub purpose: i32,
    pub trust: i32,
    /// `SSL_CTX_set1_verify_cert_store`: peers are verified against it
    /// instead of the context's store when set.
    pub verify_store: Option<crate::sys::x509::Store>,
    /// `SSL_CTX_set1_chain_cert_store`: where `SSL_CTX_build_cert_chain` looks.
    pub chain_store: Option<crate::sys::x509::Store>,
    /// `SSL_CTX_set1_sigalgs_list` (None: OpenSSL's default list).
    pub sigalgs: Option<Vec<u16>>,
    /// `SSL_CTX_set1_client_sigalgs_list` (None: as `sigalgs`).
    pub client_sigalgs: Option<Vec<u16>>,
    /// `SSL_CTX_enable_ct` / `SSL_CTX_set_ct_validation_callback` (None: off).
    pub ct_validation: Option<super::ct::Validation>,
}

impl Default for Extras {
    fn default() -> Self {
        Extras {
            security_level: DEFAULT_SECURITY_LEVEL,
            security_cb: None,
            security_ex: 0,
            quiet_shutdown: false,
            read_ahead: false,
            default_read_buffer_len: 0,
            max_cert_list: crate::tls::msgs::DEFAULT_MAX_CERT_LIST,
            post_handshake_auth: false,
            cert_cb: (None, 0),
            msg_cb: (None, 0),
            psk_client_cb: None,
            psk_server_cb: None,
            psk_find_session_cb: None,
            psk_use_session_cb: None,
            psk_identity_hint: None,
            srp: SrpConfig::default(),
            not_resumable_cb: None,
            allow_early_data: (None, 0),
            record_padding: (None, 0),
            block_padding: [0, 0],
            max_early_data: 0,
            recv_max_early_data: MAX_PLAIN_LENGTH as u32,
            tmp_dh: None,
            dh_auto: 0,
            tmp_dh_cb: None,
            max_send_fragment: MAX_PLAIN_LENGTH,
            generate_session_id: None,
            cert_flags: 0,
            status_type: -1,
            passwd: None,
            purpose: 0,
            trust: 0,
            verify_store: None,
            chain_store: None,
            sigalgs: None,
            client_sigalgs: None,
            ct_validation: None,
        }
    }
}

/// Context-only callbacks (no per-SSL setter in OpenSSL).
#[derive(Clone, Copy, Default)]
pub struct CtxHooks {
    /// `SSL_CTX_set_client_hello_cb`: called first on each ClientHello.
    pub client_hello: (ClientHelloCb, usize),
    pub cert_verify: (CertVerifyCb, usize),
    pub next_proto_select: (NpnSelectCb, usize),
    pub next_protos_advertised: (NpnAdvertisedCb, usize),
    pub cookie_generate: CookieGenerateCb,
    pub cookie_verify: CookieVerifyCb,
    pub stateless_cookie_generate: StatelessCookieGenerateCb,
    pub stateless_cookie_verify: StatelessCookieVerifyCb,
    pub ticket_key_evp_cb: TicketKeyEvpCb,
    pub ticket_key_hmac_cb: TicketKeyHmacCb,
    pub session_ticket: (CertCb, DecryptTicketCb, usize),
    /// OCSP status callback (`SSL_CTX_set_tlsext_status_cb`) and its argument.
    pub status: (GenericCb, usize),
}

/// The security bits a level requires (OpenSSL's minbits: 0, 80, 112,
/// 128, 192, 256 for levels 0-5).
pub fn level_bits(level: i32) -> i32 {
    [0, 80, 112, 128, 192, 256][level.clamp(0, 5) as usize]
}

/// The fewest security bits a temporary DH group may have at a security
/// level, as OpenSSL's default security callback decides SSL_SECOP_TMP_DH
/// ("no EDH keys weaker than 1024 bits even when the security level is
/// zero").
pub fn dh_min_bits(level: i32) -> i32 {
    level_bits(level).max(80)
}

/// The security strength of an RSA modulus (OpenSSL's BN_security_bits
/// steps), for automatic DH parameters.
pub fn rsa_security_bits(modulus_bits: usize) -> i32 {
    match modulus_bits {
        15360.. => 256,
        7680.. => 192,
        3072.. => 128,
        2048.. => 112,
        1024.. => 80,
        _ => 0,
    }
}

/// The suites a security level allows, as OpenSSL's default security
/// callback decides SSL_SECOP_CIPHER_SUPPORTED/SHARED: none weaker than the
/// level's bits, no SHA-1 MAC above 160 bits, and from level 3 only forward
/// secret key exchange (TLS 1.3 suites always are); "no unauthenticated
/// ciphersuites" (aNULL) above level 0. The client offers and the server
/// chooses among these only.
/// As `allowed_suites`, for a list shared with the context: the same list
/// (no copy) when every suite passes, as with the default security level
/// and cipher string.
pub fn allowed_suites_shared(
    suites: &std::sync::Arc<[&'static crate::tls::suites::Suite]>,
    level: i32,
) -> std::sync::Arc<[&'static crate::tls::suites::Suite]> {
    let pass = |s: &&'static crate::tls::suites::Suite| suite_allowed(s, level);
    if suites.iter().all(pass) {
        suites.clone()
    } else {
        suites.iter().copied().filter(pass).collect()
    }
}

pub fn allowed_suites(suites: &[&'static crate::tls::suites::Suite], level: i32) -> Vec<&'static crate::tls::suites::Suite> {
    suites.iter().copied().filter(|s| suite_allowed(s, level)).collect()
}

/// Whether the security level allows the suite (OpenSSL's SSL_SECOP_CIPHER_SUPPORTED).
fn suite_allowed(s: &crate::tls::suites::Suite, level: i32) -> bool {
    use crate::crypto::cbc::MacAlg;
    use crate::tls::suites::{Auth, Bulk};
    let min_bits = level_bits(level);
    let sha1 = matches!(s.bulk, Bulk::Cbc { mac: MacAlg::Sha1, .. });
    s.bits >= min_bits
        && !(min_bits > 160 && sha1)
        && !(level >= 1 && s.auth == Auth::Null)
        && !(level >= 3 && !s.is_tls13() && !(s.kx.is_ecdhe() || s.kx.is_dhe()))
}

/// The groups a security level allows (SSL_SECOP_CURVE_SUPPORTED: the
/// group's strength at least the level's bits): the client offers, and the
/// server picks, only these.
pub fn allowed_groups(groups: &[crate::crypto::kx::Group], level: i32) -> Vec<crate::crypto::kx::Group> {
    let min_bits = level_bits(level);
    groups.iter().copied().filter(|g| g.security_bits() >= min_bits).collect()
}
