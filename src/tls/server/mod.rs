//! The server: one ClientHello step that picks the version, then TLS 1.3's
//! state machine (here: one `Expect` state per step of RFC 8446's
//! handshake, stateless or stateful tickets through hooks, PSK resumption
//! with binder checks, HelloRetryRequest) or TLS 1.2's
//! (`tls12`).

pub mod tls12;

use crate::tls::tls12_state::{unexpected_after_handshake, Tls12};
use std::sync::Arc;

use crate::tls::alert::AlertDescription;
use crate::tls::codec::Reader;
use crate::tls::common::{alpn_list_contains, constant_time_eq, Common, StateMachine};
use crate::tls::extensions as ext;
use crate::tls::custom_ext::{self, CustomExtensions, Site};
use crate::tls::key_schedule::{self as ks, EarlySecret, Secret};
use crate::tls::cert_compression::{CertCompression, CompressedCertificate, Precompressed};
use crate::tls::cert_types::{self, CertTypes, ClientTypeOutcome};
use crate::tls::msgs::certificate::{parse_u16_list, verify_content, CertificateMsg, CertificateVerify};
use crate::tls::msgs::hello::{ClientHelloIn, OfferedPsks, ServerHelloOut, HRR_RANDOM};
use crate::tls::msgs::misc::encode_finished;
use crate::tls::msgs::{self, MessageLimits};
use crate::tls::record;
use crate::tls::session::{now_ms, SessionData};
use crate::tls::suites::Suite;
use crate::tls::{Error, Reason, TLS1_2_VERSION, TLS1_3_VERSION, TLS1_VERSION};
use crate::crypto::hash::Transcript;
use crate::crypto::kx::{Group, KeyShare};
use crate::crypto::sign::SigningKey;
use crate::crypto::{rand, verify};

/// A certificate chain (DER, leaf first) and the key that signs for it.
#[derive(Clone)]
pub struct CertifiedKey {
    pub chain: Arc<Vec<Vec<u8>>>,
    pub key: Arc<SigningKey>,
    /// The chain's TLS 1.3 Certificate body compressed ahead of time, per
    /// algorithm (`SSL_CTX_compress_certs`; RFC 8879). A server sends a
    /// CompressedCertificate only from these, as OpenSSL 3.5 does.
    pub compressed: Arc<Vec<Precompressed>>,
}

#[derive(Clone)]
pub struct ServerConfig {
    pub suites: Vec<&'static Suite>,
    pub groups: Vec<Group>,
    /// `SSL_set_max_cert_list`: the largest client Certificate accepted.
    pub max_cert_list: usize,
    /// `SSL_OP_CIPHER_SERVER_PREFERENCE`.
    pub server_preference: bool,
    /// `SSL_OP_ALLOW_NO_DHE_KEX`.
    pub allow_no_dhe: bool,
    pub middlebox_compat: bool,
    /// `SSL_VERIFY_PEER`: send a CertificateRequest.
    pub request_client_cert: bool,
    /// `SSL_VERIFY_FAIL_IF_NO_PEER_CERT`.
    pub require_client_cert: bool,
    /// `SSL_VERIFY_POST_HANDSHAKE`: no CertificateRequest in the handshake
    /// when the client offers post_handshake_auth; the application asks
    /// later with `SSL_verify_client_post_handshake`.
    pub client_cert_post_handshake_only: bool,
    pub num_tickets: u64,
    /// DER distinguished names for certificate_authorities in CertificateRequest.
    pub client_ca_names: Vec<Vec<u8>>,
    /// Schemes we may sign with (`SSL_CTX_set1_sigalgs_list`).
    pub sigalgs: Vec<u16>,
    /// Schemes we ask client certificates to use, in CertificateRequest
    /// (`SSL_CTX_set1_client_sigalgs_list`, else `sigalgs`).
    pub client_sigalgs: Vec<u16>,
    /// TLS 1.2 suites, in preference order.
    /// Shared with the context's list when nothing is filtered out (no
    /// per-connection copy of up to 137 suites).
    pub tls12_suites: std::sync::Arc<[&'static Suite]>,
    /// The versions we may negotiate (TLS1_2_VERSION or TLS1_3_VERSION).
    pub min_version: u16,
    pub max_version: u16,
    /// `SSL_OP_NO_TICKET`: TLS 1.2 resumes by session id only.
    pub no_ticket: bool,
    /// `SSL_OP_NO_EXTENDED_MASTER_SECRET`: a client's extended_master_secret is ignored.
    pub no_ems: bool,
    /// `SSL_OP_NO_ENCRYPT_THEN_MAC`: a client's encrypt_then_mac is ignored.
    pub no_etm: bool,
    /// TLS 1.2: a client without signature_algorithms may be served (its
    /// SHA-1 default is allowed: security level 0).
    pub legacy_sigalgs: bool,
    /// TLS 1.3: prefer SHA-256 suites (no certificate, a PSK server callback).
    pub prefer_sha256: bool,
    /// TLS 1.2 DHE suites may be chosen: the application set DH parameters,
    /// a DH callback or automatic parameters (OpenSSL's mask_k kDHE).
    pub dhe: bool,
    /// The session context's cache mode has SSL_SESS_CACHE_SERVER: new
    /// TLS 1.2 sessions get an id.
    pub server_cache: bool,
    /// TLS 1.2 PSK suites may be chosen: a PSK server callback is set
    /// (OpenSSL's ssl3_choose_cipher).
    pub psk: bool,
    /// `SSL_CTX_use_psk_identity_hint`'s hint, sent in a PSK suite's
    /// ServerKeyExchange.
    pub psk_identity_hint: Option<Vec<u8>>,
    /// TLS 1.2 SRP suites may be chosen: an SRP username callback is set
    /// (OpenSSL's srp_Mask).
    pub srp: bool,
    /// `SSL_OP_NO_RENEGOTIATION`: every renegotiation refused.
    pub no_renegotiation: bool,
    /// `SSL_OP_ALLOW_CLIENT_RENEGOTIATION`: a renegotiation the client
    /// starts is accepted (OpenSSL 3.0 refuses it by default).
    pub allow_client_renegotiation: bool,
    /// `SSL_OP_ALLOW_UNSAFE_LEGACY_RENEGOTIATION`: renegotiation without
    /// RFC 5746's binding.
    pub allow_unsafe_renegotiation: bool,
    /// `SSL_OP_NO_SESSION_RESUMPTION_ON_RENEGOTIATION`.
    pub no_resumption_on_renegotiation: bool,
    /// Certificate compression (RFC 8879; OpenSSL 3.5's cert_comp_prefs).
    pub cert_compression: CertCompression,
    /// Raw public keys (RFC 7250): `SSL_set1_server_cert_type` (what we
    /// can send) and `SSL_set1_client_cert_type` (what we accept).
    pub cert_types: CertTypes,
}

/// A user's SRP group, salt and verifier (`SSL_set_srp_server_param`).
pub struct SrpUser {
    pub n: Vec<u8>,
    pub g: Vec<u8>,
    pub salt: Vec<u8>,
    pub verifier: Vec<u8>,
}

/// What the API layer decides about a session found from a PSK identity
/// (OpenSSL's `ssl_get_prev_session` checks, made after the binder verifies).
pub enum Resumption {
    Accept,
    /// A miss: full handshake.
    Decline,
}

/// Calls the engine makes into the API layer.
pub trait ServerHooks: CustomExtensions {
    /// The client-hello callback (`SSL_CTX_set_client_hello_cb`), first of
    /// all on the first ClientHello; Err aborts with its alert.
    fn client_hello(&mut self, ch: &ClientHelloIn<'_>) -> Result<(), Error> {
        let _ = ch;
        Ok(())
    }
    /// SNI callback and context switch; Ok(true) when the name is accepted
    /// and acknowledged (OpenSSL acks only when a servername callback
    /// returned SSL_TLSEXT_ERR_OK); Err aborts with its alert.
    fn servername(&mut self, name: Option<&str>) -> Result<bool, Error>;
    /// The certificate to present, chosen by the client's signature_algorithms.
    fn certificate(&mut self, sigalgs: &[u16]) -> Option<CertifiedKey>;
    /// The certificate callback (`SSL_CTX_set_cert_cb`), once per full
    /// handshake, before the certificate (and in TLS 1.2 the suite) is
    /// chosen, as OpenSSL's tls_post_process_client_hello runs it; Err
    /// (internal_error, SSL_R_CERT_CB_ERROR) when it fails.
    fn certificate_callback(&mut self) -> Result<(), Error> {
        Ok(())
    }
    /// The connection's settings anew when an application callback ran
    /// since the last call and may have changed them (None: nothing ran).
    /// OpenSSL reads each setting from the SSL at the step that uses it, so
    /// the engine asks after every callback (see `refresh_config`).
    fn updated_config(&mut self) -> Result<Option<ServerConfig>, Error> {
        Ok(None)
    }
    /// ALPN selection from the client's wire-format list; Ok(None) = no ALPN.
    fn select_alpn(&mut self, offered: &[u8]) -> Result<Option<Vec<u8>>, Error>;
    /// The session a ticket (PSK identity) names, if any.
    /// The session a ticket (PSK identity) names, if any; Err aborts the
    /// handshake (an application's ticket callback said so).
    fn find_session(&mut self, identity: &[u8]) -> Result<Option<SessionData>, Error>;
    /// TLS 1.3: an external PSK for an offered identity, asked before the
    /// identity is tried as a ticket (OpenSSL: the find-session callback,
    /// then the PSK server callback); Err when a callback fails.
    fn find_external_psk(&mut self, _identity: &[u8]) -> Result<Option<SessionData>, Error> {
        Ok(None)
    }
    /// OpenSSL's checks on a found session (in TLS 1.3 once its binder
    /// verified), for a handshake of `version`; `ems_offered` is TLS 1.2's
    /// extended_master_secret from the ClientHello (None in TLS 1.3).
    fn check_session(&mut self, session: &SessionData, version: u16, ems_offered: Option<bool>) -> Result<Resumption, Error>;
    /// TLS 1.2: the session a ticket carries (None: it does not decrypt or
    /// is not to be used) and whether a new ticket is issued (OpenSSL's
    /// ticket_expected); Err aborts.
    fn find_tls12_ticket(&mut self, ticket: &[u8]) -> Result<(Option<SessionData>, bool), Error>;
    /// TLS 1.2: the client sent an empty session_ticket; whether a ticket
    /// is issued (the decrypt callback may decline); Err aborts.
    fn empty_tls12_ticket(&mut self) -> Result<bool, Error> {
        Ok(true)
    }
    /// TLS 1.3: whether NewSessionTickets follow this handshake (a decrypt
    /// callback that kept or ignored a ticket without renewal says no).
    fn tickets_expected(&mut self) -> bool {
        true
    }
    /// TLS 1.2: the session cached under a session id.
    fn find_cached_session(&mut self, id: &[u8]) -> Result<Option<SessionData>, Error>;
    /// TLS 1.2: the certificate whose key can sign with one of `sigalgs`.
    fn tls12_certificate(&mut self, sigalgs: &[u16]) -> Option<CertifiedKey>;
    /// TLS 1.2: a full handshake's new session becomes the connection's and
    /// enters the cache (when it has an id); with `issue_ticket`, the
    /// ticket that carries it (None: the application declined).
    fn tls12_session(&mut self, session: &mut SessionData, issue_ticket: bool) -> Option<Vec<u8>>;
    /// TLS 1.2: a renewed ticket for a resumed session.
    fn seal_tls12_ticket(&mut self, session: &mut SessionData) -> Option<Vec<u8>>;
    /// TLS 1.2 DHE: the server's key pair for a certificate key of
    /// `rsa_bits` (OpenSSL's tmp DH, automatic parameters or callback);
    /// Err when it is weaker than the security level allows.
    fn dhe_key_pair(&mut self, _rsa_bits: usize) -> Result<Option<crate::crypto::dhe::DhKeyPair>, Error> {
        Ok(None)
    }
    /// TLS 1.2: whether a full handshake's new session must not be
    /// resumable (`SSL_CTX_set_not_resumable_session_callback`, asked with
    /// whether the key exchange was forward secure: ECDHE, not RSA).
    fn new_session_not_resumable(&mut self, _forward_secure: bool) -> bool {
        false
    }
    /// TLS 1.2 PSK suites: the key of the client's identity
    /// (`SSL_CTX_set_psk_server_callback`, which may ask SSL_version: s_server's
    /// answers nothing for TLS 1.3); None when it has none (OpenSSL's
    /// unknown_psk_identity, SSL_R_PSK_IDENTITY_NOT_FOUND).
    fn tls12_psk(&mut self, version: u16, identity: &[u8]) -> Result<Option<zeroize::Zeroizing<Vec<u8>>>, Error> {
        let _ = (version, identity);
        Err(Error::new(crate::tls::alert::AlertDescription::InternalError, crate::tls::Reason::PSK_NO_SERVER_CB, "no PSK server callback"))
    }
    /// TLS 1.2 SRP suites: the parameters of the client's username (OpenSSL's
    /// ssl_srp_server_param_with_username: the username callback, which
    /// sets them; none is unknown_psk_identity).
    fn srp_user(&mut self, version: u16, username: &[u8]) -> Result<SrpUser, Error> {
        let _ = (version, username);
        Err(Error::new(crate::tls::alert::AlertDescription::UnknownPskIdentity, crate::tls::Reason::PSK_IDENTITY_NOT_FOUND, "unknown SRP user"))
    }
    /// The connection's settings as they are now, unconditionally: a
    /// renegotiation starts from them (the application may have changed
    /// them since the first handshake: Apache sets the verify mode and
    /// session id context before it asks for one).
    fn current_config(&mut self) -> Result<Option<ServerConfig>, Error> {
        Ok(None)
    }
    /// TLS 1.2: the id of a new session: 32 random bytes, or the
    /// application's generator's (`SSL_CTX_set_generate_session_id`).
    fn new_session_id(&mut self) -> Result<Vec<u8>, Error> {
        Ok(crate::crypto::rand::array::<32>()?.to_vec())
    }
    /// Verifies a client certificate chain (leaf first).
    fn verify_client_chain(&mut self, chain: &[Vec<u8>]) -> Result<(), Error>;
    /// Verifies a client's raw public key (RFC 7250), a SubjectPublicKeyInfo.
    fn verify_client_rpk(&mut self, _spki: &[u8]) -> Result<(), Error> {
        Err(Error::new(AlertDescription::UnsupportedCertificate, Reason::BAD_EXTENSION, "raw public keys not supported here"))
    }
    /// The certificate types EncryptedExtensions announced (client's, server's).
    fn negotiated_cert_types(&mut self, _client: u8, _server: u8) {}
    fn keylog(&mut self, label: &str, client_random: &[u8], secret: &[u8]);
    /// Stores or seals a new session; returns the ticket to send (None: no ticket).
    fn issue_ticket(&mut self, session: &mut SessionData) -> Option<Vec<u8>>;
    /// The session id context to record in new sessions.
    fn sid_ctx(&mut self) -> Vec<u8>;
    /// TLS 1.3: the client's certificate_authorities (DER names), for
    /// `SSL_get0_peer_CA_list`.
    fn peer_ca_names(&mut self, names: &[Vec<u8>]) {
        let _ = names;
    }
    /// NPN: the protocols to announce, in wire format (the application's
    /// `SSL_CTX_set_next_protos_advertised_cb`); None: no NPN.
    fn next_protos_advertised(&mut self) -> Option<Vec<u8>> {
        None
    }
    /// NPN: the protocol the client announced.
    fn next_proto_negotiated(&mut self, proto: &[u8]) {
        let _ = proto;
    }
    /// The OCSP response to staple, asked of the status callback when the
    /// client sent status_request (None: staple nothing).
    fn ocsp_response(&mut self) -> Result<Option<Vec<u8>>, Error> {
        Ok(None)
    }
}

enum Expect {
    ClientHello,
    /// After HelloRetryRequest.
    SecondClientHello,
    ClientCertificate,
    ClientCertificateVerify,
    ClientFinished,
    Connected,
    /// After a post-handshake CertificateRequest.
    PhaCertificate,
    PhaCertificateVerify,
    PhaFinished,
}

/// A post-handshake certificate request in progress.
struct PostHandshakeAuth {
    context: Vec<u8>,
    transcript: Transcript,
    chain: Vec<Vec<u8>>,
}

#[derive(Default)]
struct Handshake {
    /// The OCSP response to staple in the leaf's CertificateEntry.
    ocsp: Option<Vec<u8>>,
    client_random: [u8; 32],
    session_id: Vec<u8>,
    transcript: Option<Transcript>,
    hrr_group: Option<Group>,
    cookie: Vec<u8>,
    ccs_sent: bool,
    server_name: Option<String>,
    sni_ack: bool,
    sid_ctx: Vec<u8>,
    alpn: Option<Vec<u8>>,
    /// Boxed: most handshakes resume nothing, and a session is 344 bytes.
    resumed: Option<Box<SessionData>>,
    group: Option<Group>,
    client_hs: Secret,
    client_chain: Vec<Vec<u8>>,
    client_app: Secret,
    /// The client sent post_handshake_auth (RFC 8446 4.2.6).
    client_offered_pha: bool,
    /// The first ClientHello carried early_data (we decline it).
    early_data_offered: bool,
    /// The client's compress_certificate: algorithms it takes compressed
    /// certificates in that we have too, its order (RFC 8879).
    client_accepts_compressed: Vec<u16>,
    /// RFC 7250: our certificate's type (X.509 unless the client asked for
    /// one we set), and what the client's extension settled for its own.
    server_cert_type: u8,
    client_cert_type_offer: ClientTypeOutcome,
}

pub struct ServerConnection {
    config: ServerConfig,
    expect: Expect,
    hs: Handshake,
    pub common: Common,
    resumption_master: Secret,
    master_for_resumption: Option<ks::MasterSecret>,
    /// The transcript right after HelloRetryRequest, for the second binder.
    hrr_transcript: Option<Box<Transcript>>,
    tickets_sent: u64,
    /// Facts of the established connection, copied into new sessions.
    pub established: Option<SessionData>,
    /// The client's cipher_suites as sent (`SSL_get0_raw_cipherlist`).
    pub client_suites_raw: Vec<u8>,
    /// The handshake transcript through the client's Finished, kept only
    /// when the client offered post_handshake_auth: a post-handshake
    /// CertificateVerify and Finished hash it (RFC 8446 4.4.1).
    pha_transcript: Option<Box<Transcript>>,
    /// The post-handshake certificate request in progress.
    pha: Option<Box<PostHandshakeAuth>>,
    /// The TLS 1.2 state machine, when the ClientHello chose TLS 1.2.
    tls12: Option<Tls12<tls12::Server12>>,
    /// The client certificate's type EncryptedExtensions announced (RFC
    /// 7250), for post-handshake requests too.
    negotiated_client_cert_type: u8,
    /// We sent a HelloRequest (`SSL_renegotiate`) and await the ClientHello.
    renegotiation_requested: bool,
}

const PSK_KE: u8 = 0;
const PSK_DHE_KE: u8 = 1;

impl ServerConnection {
    pub fn new(config: ServerConfig) -> Self {
        // `started` when the first ClientHello arrives: before it, a
        // change_cipher_spec is unexpected (RFC 8446 section 5).
        let common = Common::with_limits(MessageLimits { from_server: false, max_cert_list: config.max_cert_list });
        ServerConnection {
            config,
            expect: Expect::ClientHello,
            hs: Handshake::default(),
            common,
            resumption_master: Secret::default(),
            master_for_resumption: None,
            hrr_transcript: None,
            tickets_sent: 0,
            established: None,
            client_suites_raw: Vec::new(),
            pha_transcript: None,
            pha: None,
            tls12: None,
            negotiated_client_cert_type: cert_types::X509,
            renegotiation_requested: false,
        }
    }

    /// Whether a TLS 1.2 connection's handshake state has been freed.
    #[cfg(test)]
    pub fn tls12_settled(&self) -> bool {
        matches!(self.tls12, Some(Tls12::Connected(_)))
    }

    pub fn is_handshake_done(&self) -> bool {
        if let Some(t) = &self.tls12 {
            return t.is_connected();
        }
        // A post-handshake certificate request does not reopen the handshake.
        matches!(self.expect, Expect::Connected | Expect::PhaCertificate | Expect::PhaCertificateVerify | Expect::PhaFinished)
    }

    pub fn resumed(&self) -> bool {
        match &self.tls12 {
            Some(t) => t.resumed(),
            None => self.hs.resumed.is_some(),
        }
    }

    pub fn alpn_selected(&self) -> Option<&[u8]> {
        match &self.tls12 {
            Some(t) => t.alpn_selected(),
            None => self.hs.alpn.as_deref(),
        }
    }

    pub fn server_name(&self) -> Option<&str> {
        match &self.tls12 {
            Some(t) => t.server_name(),
            None => self.hs.server_name.as_deref(),
        }
    }

    pub fn negotiated_group(&self) -> Option<Group> {
        match &self.tls12 {
            Some(t) => t.negotiated_group(),
            None => self.hs.group,
        }
    }

    fn handle(&mut self, ty: u8, msg: &[u8], hooks: &mut dyn ServerHooks) -> Result<(), Error> {
        if let Some(t) = self.tls12.as_mut() {
            if t.is_connected() && ty == msgs::CLIENT_HELLO {
                return self.on_renegotiation_hello(msg, hooks);
            }
            let Some(handshake) = t.handshake_mut() else {
                return Err(unexpected_after_handshake(ty, msg));
            };
            let before = self.common.handshakes_completed;
            handshake.handle(ty, msg, &self.config, &mut self.common, hooks)?;
            if self.common.handshakes_completed != before {
                self.established = handshake.established.take();
                t.settle();
            }
            return Ok(());
        }
        match (&self.expect, ty) {
            (Expect::ClientHello | Expect::SecondClientHello, msgs::CLIENT_HELLO) => self.on_client_hello(msg, hooks),
            (Expect::ClientCertificate, msgs::CERTIFICATE) => self.on_client_certificate(&msg[4..], msg, hooks),
            // RFC 8879: only after a CertificateRequest that offered it.
            (Expect::ClientCertificate, msgs::COMPRESSED_CERTIFICATE) if !self.config.cert_compression.offered().is_empty() => {
                let body = self.config.cert_compression.expand(&msg[4..], self.config.max_cert_list)?;
                self.on_client_certificate(&body, msg, hooks)
            }
            (Expect::ClientCertificateVerify, msgs::CERTIFICATE_VERIFY) => self.on_client_certificate_verify(msg),
            (Expect::ClientFinished, msgs::FINISHED) => self.on_client_finished(msg, hooks),
            (Expect::Connected, msgs::KEY_UPDATE) => self.common.on_key_update(&msg[4..]),
            (Expect::PhaCertificate, msgs::CERTIFICATE) => self.on_pha_certificate(&msg[4..], msg, hooks),
            (Expect::PhaCertificate, msgs::COMPRESSED_CERTIFICATE) if !self.config.cert_compression.offered().is_empty() => {
                let body = self.config.cert_compression.expand(&msg[4..], self.config.max_cert_list)?;
                self.on_pha_certificate(&body, msg, hooks)
            }
            (Expect::PhaCertificateVerify, msgs::CERTIFICATE_VERIFY) => self.on_pha_certificate_verify(msg),
            (Expect::PhaFinished, msgs::FINISHED) => self.on_pha_finished(msg, hooks),
            _ => Err(Error::unexpected("unexpected handshake message")),
        }
    }

    /// `SSL_renegotiate` on a TLS 1.2 (or older) server: a HelloRequest
    /// (RFC 5246 7.4.1.1), sent under the current keys; the client answers
    /// with a ClientHello when it agrees to renegotiate.
    pub fn send_hello_request(&mut self) -> Result<(), Error> {
        if !self.tls12.as_ref().is_some_and(|t| t.is_connected()) {
            return Err(Error::internal("HelloRequest outside a TLS 1.2 connection"));
        }
        self.common.record.send(record::CT_HANDSHAKE, &msgs::frame(tls12::HELLO_REQUEST, |_| {}))?;
        self.renegotiation_requested = true;
        Ok(())
    }

    /// Whether the established TLS 1.2 connection has RFC 5746's binding
    /// (`SSL_get_secure_renegotiation_support`).
    pub fn secure_renegotiation(&self) -> bool {
        self.tls12.as_ref().is_some_and(|t| t.secure_renegotiation())
    }

    /// A ClientHello on an established TLS 1.2 connection: a renegotiation.
    /// OpenSSL 3.0 refuses it with a no_renegotiation warning, and carries
    /// on, under SSL_OP_NO_RENEGOTIATION, without RFC 5746's binding unless
    /// SSL_OP_ALLOW_UNSAFE_LEGACY_RENEGOTIATION, and when the client started
    /// it unless SSL_OP_ALLOW_CLIENT_RENEGOTIATION (tls_process_client_hello,
    /// ssl3_read_bytes); otherwise a new handshake runs under the current
    /// keys, bound to the previous one's Finished messages.
    fn on_renegotiation_hello(&mut self, msg: &[u8], hooks: &mut dyn ServerHooks) -> Result<(), Error> {
        refresh_current_config(&mut self.config, hooks)?;
        let prev = self.tls12.as_ref().expect("checked by the caller");
        let (secure, version) = (prev.secure_renegotiation(), prev.version());
        let c = &self.config;
        let allowed = !c.no_renegotiation
            && (secure || c.allow_unsafe_renegotiation)
            && (self.renegotiation_requested || c.allow_client_renegotiation);
        if !allowed {
            return self.common.record.send(record::CT_ALERT, &[crate::tls::alert::LEVEL_WARNING, AlertDescription::NoRenegotiation as u8]);
        }
        let ch = ClientHelloIn::parse(&msg[4..])?;
        hooks.client_hello(&ch)?;
        refresh_config(&mut self.config, hooks)?;
        // The version stays what the first handshake chose.
        if ch.legacy_version < version {
            return Err(Error::new(AlertDescription::ProtocolVersion, Reason::WRONG_SSL_VERSION, "renegotiation at another version"));
        }
        let renegotiation = tls12::Renegotiation {
            client_verify: self.common.peer_finished.clone(),
            server_verify: self.common.our_finished.clone(),
            allow_unsafe: self.config.allow_unsafe_renegotiation,
            no_resumption: self.config.no_resumption_on_renegotiation,
        };
        let hello = tls12::Hello { ch: &ch, msg, sid_ctx: hooks.sid_ctx(), version, renegotiation: Some(renegotiation) };
        self.common.renegotiations_started += 1;
        let t = tls12::Server12::start(&mut self.config, &mut self.common, hello, hooks)?;
        self.tls12 = Some(Tls12::new(t));
        self.renegotiation_requested = false;
        Ok(())
    }

    fn transcript(&mut self) -> &mut Transcript {
        self.hs.transcript.as_mut().expect("suite chosen before use")
    }

    fn choose_suite(&self, offered: &[u16]) -> Option<&'static Suite> {
        let shared: Vec<&'static Suite> = if self.config.server_preference {
            self.config.suites.iter().copied().filter(|s| offered.contains(&s.iana)).collect()
        } else {
            offered.iter().filter_map(|id| self.config.suites.iter().copied().find(|s| s.iana == *id)).collect()
        };
        // OpenSSL's ssl3_choose_cipher: a server with no certificate and a
        // PSK server callback can only succeed with a PSK, whose hash is
        // SHA-256 by default: SHA-256 suites first.
        if self.config.prefer_sha256 {
            if let Some(s) = shared.iter().copied().find(|s| s.hash == crate::crypto::hash::HashAlg::Sha256) {
                return Some(s);
            }
        }
        shared.first().copied()
    }

    /// The version below TLS 1.3 we negotiate, as OpenSSL's
    /// ssl_choose_server_version: the highest we enable of the client's
    /// supported_versions, or without that extension the client's
    /// legacy_version capped at our best (TLS 1.0 at the least; no SSL 3).
    fn older_version(&self, supported_versions: &[u16], legacy_version: u16) -> Option<u16> {
        let (min, max) = (self.config.min_version.max(TLS1_VERSION), self.config.max_version.min(TLS1_2_VERSION));
        if !supported_versions.is_empty() {
            return supported_versions.iter().copied().filter(|v| (min..=max).contains(v)).max();
        }
        Some(legacy_version.min(max)).filter(|v| *v >= min)
    }

    fn on_client_hello(&mut self, msg: &[u8], hooks: &mut dyn ServerHooks) -> Result<(), Error> {
        self.common.started = true;
        let second = matches!(self.expect, Expect::SecondClientHello);
        if second {
            self.common.record.skip_early_data = 0;
        }
        let ch = ClientHelloIn::parse(&msg[4..])?;
        // OpenSSL runs the client-hello callback before anything else looks
        // at the hello (tls_early_post_process_client_hello).
        if !second {
            hooks.client_hello(&ch)?;
            refresh_config(&mut self.config, hooks)?;
        }
        // supported_versions (or legacy_version) decides the version.
        let versions = match ch.extensions.get(ext::SUPPORTED_VERSIONS) {
            Some(b) => {
                let mut r = Reader::new(b);
                let list = r.vec8()?;
                r.finish()?;
                if list.is_empty() || list.len() % 2 != 0 {
                    return Err(Error::decode("supported_versions"));
                }
                list.chunks(2).map(|c| u16::from_be_bytes([c[0], c[1]])).collect::<Vec<_>>()
            }
            None => Vec::new(),
        };
        // "Any endpoint receiving a Hello message with
        // ClientHello.legacy_version ... set to 0x0300 MUST abort the
        // handshake with a protocol_version alert" (RFC 8446 D.5); OpenSSL is
        // slightly stricter (SSLv3 or lower) when supported_versions is sent.
        if !versions.is_empty() && ch.legacy_version <= 0x0300 {
            return Err(Error::new(AlertDescription::ProtocolVersion, Reason::BAD_LEGACY_VERSION, "bad legacy version"));
        }
        // The highest version both sides enable: TLS 1.3 from
        // supported_versions, TLS 1.2 from it or from legacy_version.
        let tls13 = self.config.max_version >= TLS1_3_VERSION && versions.contains(&TLS1_3_VERSION);
        if !tls13 {
            let Some(version) = self.older_version(&versions, ch.legacy_version).filter(|_| !second) else {
                return Err(Error::new(AlertDescription::ProtocolVersion, Reason::UNSUPPORTED_PROTOCOL, "no common protocol version"));
            };
            // RFC 7507: TLS_FALLBACK_SCSV from a client below our best version.
            if ch.suites.contains(&0x5600) && self.config.max_version > version {
                return Err(Error::new(AlertDescription::InappropriateFallback, Reason::INAPPROPRIATE_FALLBACK, "inappropriate fallback"));
            }
            self.client_suites_raw = ch.suites.iter().flat_map(|s| s.to_be_bytes()).collect();
            let hello = tls12::Hello { ch: &ch, msg, sid_ctx: hooks.sid_ctx(), version, renegotiation: None };
            let t = tls12::Server12::start(&mut self.config, &mut self.common, hello, hooks)?;
            self.tls12 = Some(Tls12::new(t));
            return Ok(());
        }
        self.common.version = TLS1_3_VERSION;
        self.common.record.tls13 = true;
        if ch.compressions != [0] {
            return Err(Error::illegal(Reason::BAD_DECOMPRESSION, "compression offered in TLS 1.3"));
        }
        let Some(suite) = self.choose_suite(&ch.suites) else {
            return Err(Error::new(AlertDescription::HandshakeFailure, Reason::NO_SHARED_CIPHER, "no shared cipher"));
        };
        if second {
            if self.common.suite != Some(suite) {
                return Err(Error::illegal(Reason::WRONG_CIPHER_RETURNED, "second ClientHello changed the suite"));
            }
            let cookie = match ch.extensions.get(ext::COOKIE) {
                Some(b) => {
                    let mut r = Reader::new(b);
                    let c = r.vec16()?;
                    r.finish()?;
                    c
                }
                None => &[][..],
            };
            if cookie != self.hs.cookie.as_slice() {
                return Err(Error::illegal(Reason::BAD_EXTENSION, "cookie does not match"));
            }
        } else {
            self.hs.client_random = ch.random;
            self.hs.early_data_offered = ch.extensions.get(ext::EARLY_DATA).is_some();
            self.hs.session_id = ch.session_id.to_vec();
            self.client_suites_raw = ch.suites.iter().flat_map(|s| s.to_be_bytes()).collect();
            self.common.suite = Some(suite);
            let mut t = Transcript::new(suite.hash);
            t.update(msg);
            self.hs.transcript = Some(t);
        }
        if second {
            self.transcript().update(msg);
        }

        let offered_sigalgs = match ch.extensions.get(ext::SIGNATURE_ALGORITHMS) {
            Some(b) => parse_u16_list(b)?,
            None => Vec::new(),
        };
        let client_groups = match ch.extensions.get(ext::SUPPORTED_GROUPS) {
            Some(b) => parse_u16_list(b)?,
            None => Vec::new(),
        };
        let shares = parse_key_shares(ch.extensions.get(ext::KEY_SHARE))?;
        let psk_modes = match ch.extensions.get(ext::PSK_KEY_EXCHANGE_MODES) {
            Some(b) => {
                let mut r = Reader::new(b);
                let m = r.vec8()?.to_vec();
                r.finish()?;
                m
            }
            None => Vec::new(),
        };

        if !second {
            // The session id context is fixed when the handshake starts,
            // before the servername callback may switch contexts (OpenSSL
            // copies it into the new session then).
            self.hs.sid_ctx = hooks.sid_ctx();
        }

        // Key exchange: the first client share in a group we support; else a
        // HelloRetryRequest for the first shared group (OpenSSL's order).
        let ours: Vec<Group> = self.config.groups.iter().copied().filter(|g| g.in_tls13()).collect();
        let chosen_share = shares.iter().find(|(g, _)| Group::from_iana(*g).is_some_and(|g| ours.contains(&g))).copied();
        // OpenSSL's tls_parse_ctos_key_share: a key_share needs the
        // client's supported_groups (missing_extension), and each share up
        // to the one chosen must be for a group listed there — RFC 8446
        // 4.2.8: "Servers MAY check for violations of these rules and abort
        // the handshake with an "illegal_parameter" alert".
        if ch.extensions.get(ext::KEY_SHARE).is_some() && client_groups.is_empty() {
            return Err(Error::new(AlertDescription::MissingExtension, Reason::MISSING_SUPPORTED_GROUPS_EXTENSION, "key_share without supported_groups"));
        }
        for (g, _) in &shares {
            if !client_groups.contains(g) {
                return Err(Error::illegal(Reason::BAD_KEY_SHARE, "key_share group not in supported_groups"));
            }
            if chosen_share.is_some_and(|(c, _)| c == *g) {
                break;
            }
        }
        if let Some(g) = self.hs.hrr_group {
            if shares.len() != 1 || shares[0].0 != g.iana() {
                return Err(Error::illegal(Reason::BAD_KEY_SHARE, "second ClientHello lacks the requested share"));
            }
        }

        // PSK resumption (RFC 8446 section 4.2.11), before choosing (EC)DHE.
        let dhe_ok = psk_modes.contains(&PSK_DHE_KE) && (chosen_share.is_some() || !client_groups.is_empty());
        let ke_ok = psk_modes.contains(&PSK_KE) && self.config.allow_no_dhe;
        let mut psk: Option<(u16, SessionData)> = None;
        if let Some(body) = ch.extensions.get(ext::PRE_SHARED_KEY) {
            if psk_modes.is_empty() {
                return Err(Error::new(AlertDescription::MissingExtension, Reason::BAD_EXTENSION, "pre_shared_key without psk_key_exchange_modes"));
            }
            if dhe_ok || ke_ok {
                let offered = OfferedPsks::parse(body)?;
                let binders_offset = ch.binders_offset.expect("pre_shared_key is last");
                psk = self.find_psk(&offered, &msg[..binders_offset], suite, hooks)?;
            }
        }
        // The application's extensions, after ours (OpenSSL's
        // tls_parse_all_extensions), knowing whether a PSK was accepted.
        hooks.parse_custom_extensions(site13(custom_ext::CLIENT_HELLO, psk.is_some()), &custom_ext::collect(&ch.extensions))?;
        // The servername callback runs after the session lookup, as in
        // OpenSSL (ssl_get_prev_session precedes the extension finalisers).
        if !second {
            let name = parse_server_name(ch.extensions.get(ext::SERVER_NAME))?;
            self.hs.sni_ack = hooks.servername(name.as_deref())? && name.is_some();
            self.hs.server_name = name;
            refresh_config(&mut self.config, hooks)?;
        }

        // With psk_ke only (no DHE) a resumed handshake needs no share.
        let mut use_dhe = psk.is_none() || (dhe_ok && !(ke_ok && chosen_share.is_none() && !psk_modes.contains(&PSK_DHE_KE)));

        if use_dhe && chosen_share.is_none() {
            // OpenSSL's final_key_share: a HelloRetryRequest for a group both
            // support, if the client sent key_share at all; else a
            // resumption the client also allows without (EC)DHE (psk_ke)
            // goes on without one; else the handshake fails.
            let sent = ch.extensions.get(ext::KEY_SHARE).is_some();
            let shared = match (sent && !second, self.config.server_preference) {
                (false, _) => None,
                (true, true) => ours.iter().copied().find(|g| client_groups.contains(&g.iana())),
                (true, false) => client_groups.iter().find_map(|id| Group::from_iana(*id).filter(|g| ours.contains(g))),
            };
            match shared {
                Some(group) => return self.send_hello_retry_request(suite, group, hooks),
                None if second => return Err(Error::illegal(Reason::BAD_KEY_SHARE, "no usable share after HelloRetryRequest")),
                None if psk.is_some() && ke_ok => use_dhe = false,
                // Without the extension there is nothing to retry with
                // (missing_extension, SSL_R_NO_SUITABLE_KEY_SHARE).
                None if !sent => return Err(Error::new(AlertDescription::MissingExtension, Reason::NO_SUITABLE_KEY_SHARE, "no key_share extension")),
                None => return Err(Error::new(AlertDescription::HandshakeFailure, Reason::NO_SHARED_GROUPS, "no shared group")),
            }
        }

        // Certificate for a full handshake, chosen by the client's sigalgs.
        let status_requested = match ch.extensions.get(ext::STATUS_REQUEST) {
            Some(b) => {
                // CertificateStatusRequest: status_type, then the OCSP request's
                // responder ids and extensions; only "ocsp" (1) is known.
                let mut r = Reader::new(b);
                let ty = r.u8()?;
                if ty == 1 {
                    r.vec16()?;
                    r.vec16()?;
                    r.finish()?;
                }
                ty == 1
            }
            None => false,
        };
        let certified = if psk.is_none() {
            if offered_sigalgs.is_empty() {
                return Err(Error::new(AlertDescription::MissingExtension, Reason::MISSING_SIGALGS_EXTENSION, "no signature_algorithms"));
            }
            hooks.certificate_callback()?;
            refresh_config(&mut self.config, hooks)?;
            // The client's schemes we are configured to sign with, in its order.
            let sigalgs: Vec<u16> = offered_sigalgs.iter().copied().filter(|s| self.config.sigalgs.contains(s)).collect();
            let Some(ck) = hooks.certificate(&sigalgs) else {
                return Err(Error::new(AlertDescription::HandshakeFailure, Reason::NO_SUITABLE_SIGNATURE_ALGORITHM, "no certificate for the client's signature algorithms"));
            };
            let Some(scheme) = ck.key.choose_scheme(&sigalgs) else {
                return Err(Error::new(AlertDescription::HandshakeFailure, Reason::NO_SUITABLE_SIGNATURE_ALGORITHM, "no usable signature scheme"));
            };
            if !leaf_signature_allowed(&ck.chain, ch.extensions.get(ext::SIGNATURE_ALGORITHMS_CERT))? {
                return Err(Error::new(AlertDescription::HandshakeFailure, Reason::NO_SUITABLE_SIGNATURE_ALGORITHM, "certificate signature not in signature_algorithms_cert"));
            }
            Some((ck, scheme))
        } else {
            None
        };
        // OpenSSL asks its status callback once the certificate is chosen
        // (tls_handle_status_request), only for full handshakes.
        self.hs.ocsp = if certified.is_some() && status_requested { hooks.ocsp_response()? } else { None };

        self.hs.client_offered_pha = ch.extensions.get(ext::POST_HANDSHAKE_AUTH).is_some();
        // OpenSSL's tls_parse_certificate_authorities.
        if let Some(b) = ch.extensions.get(ext::CERTIFICATE_AUTHORITIES) {
            hooks.peer_ca_names(&crate::tls::msgs::certificate::parse_distinguished_names(b)?);
        }
        if let Some(b) = ch.extensions.get(ext::COMPRESS_CERTIFICATE) {
            self.hs.client_accepts_compressed = self.config.cert_compression.parse_peer_extension(b)?;
        }
        self.parse_cert_types(&ch)?;
        self.hs.alpn = select_alpn(ch.extensions.get(ext::ALPN), hooks)?;
        refresh_config(&mut self.config, hooks)?;

        // ServerHello.
        let share = if use_dhe {
            let (gid, peer_key) = chosen_share.expect("checked above");
            let group = Group::from_iana(gid).expect("supported");
            let (ks, secret) = KeyShare::respond(group, peer_key)?.ok_or_else(|| Error::illegal(Reason::BAD_KEY_SHARE, "invalid key share"))?;
            self.common.peer_key_share = Some((group, peer_key.to_vec()));
            self.common.our_key_share = Some((group, ks.public().to_vec()));
            self.hs.group = Some(group);
            Some((ks, secret))
        } else {
            None
        };
        let random = rand::array::<32>()?;
        self.common.client_random = self.hs.client_random;
        self.common.server_random = random;
        let resumed = psk.is_some();
        let sh_app = hooks.add_custom_extensions(site13(custom_ext::TLS1_3_SERVER_HELLO, resumed))?;
        let sh = ServerHelloOut {
            random,
            session_id: &self.hs.session_id,
            suite: suite.iana,
            key_share: share.as_ref().map(|(k, _)| (k.group().iana(), k.public())),
            hrr_group: None,
            cookie: None,
            psk_identity: psk.as_ref().map(|(i, _)| *i),
            app_extensions: &sh_app,
        }
        .encode();
        // The ClientHello must end its record: the client's next message
        // comes under the handshake key (RFC 8446 5.1). Checked before the
        // ServerHello goes out, as OpenSSL answers with the alert alone.
        self.common.require_record_boundary()?;
        self.transcript().update(&sh);
        self.common.record.send(record::CT_HANDSHAKE, &sh)?;
        self.send_compat_ccs();

        let zeros = vec![0u8; suite.hash.output_len()];
        let ecdhe: &[u8] = share.as_ref().map_or(&zeros[..], |(_, s)| &s[..]);
        let early = EarlySecret::new(suite.hash, psk.as_ref().map(|(_, s)| &s.master_key[..]));
        let hsecret = early.into_handshake(ecdhe);
        let hello_hash = self.transcript().current();
        let (c, s) = hsecret.traffic_secrets(&hello_hash);
        hooks.keylog("CLIENT_HANDSHAKE_TRAFFIC_SECRET", &self.hs.client_random, &c);
        hooks.keylog("SERVER_HANDSHAKE_TRAFFIC_SECRET", &self.hs.client_random, &s);
        self.common.record.set_write_key(ks::record_key(suite.hash, suite.aead()?, &s)?);
        self.common.record.set_read_key(ks::record_key(suite.hash, suite.aead()?, &c)?);
        self.common.record.allow_plain_alerts = true;
        // We never accept early data: a client that sent some has it
        // skipped, up to OpenSSL's default recv_max_early_data (2^14).
        if self.hs.early_data_offered {
            self.common.record.skip_early_data = crate::tls::record::MAX_PLAINTEXT;
        }
        self.hs.client_hs = c;
        self.hs.resumed = psk.map(|(_, s)| Box::new(s));

        // EncryptedExtensions.
        let client_cert_type = self.settle_client_cert_type()?;
        self.negotiated_client_cert_type = client_cert_type;
        hooks.negotiated_cert_types(client_cert_type, self.hs.server_cert_type);
        let ee_app = hooks.add_custom_extensions(site13(custom_ext::TLS1_3_ENCRYPTED_EXTENSIONS, resumed))?;
        let ee = msgs::frame(msgs::ENCRYPTED_EXTENSIONS, |w| {
            w.vec16(|w| {
                custom_ext::write(w, &ee_app);
                if self.hs.sni_ack {
                    w.u16(ext::SERVER_NAME);
                    w.u16(0);
                }
                // OpenSSL's tls_construct_stoc_supported_groups: when the
                // key share accepted is not in our preferred group, our
                // TLS 1.3 groups, so the client can share that next time
                // (RFC 8446 4.2.7).
                let ours13 = self.config.groups.iter().filter(|g| g.in_tls13());
                if self.hs.group.is_some_and(|g| ours13.clone().next() != Some(&g)) {
                    w.u16(ext::SUPPORTED_GROUPS);
                    w.vec16(|w| w.vec16(|w| ours13.for_each(|g| w.u16(g.iana()))));
                }
                if let Some(p) = &self.hs.alpn {
                    w.u16(ext::ALPN);
                    w.vec16(|w| w.vec16(|w| w.vec8(|w| w.bytes(p))));
                }
                if client_cert_type != cert_types::X509 {
                    w.u16(ext::CLIENT_CERTIFICATE_TYPE);
                    w.vec16(|w| w.u8(client_cert_type));
                }
                if self.hs.server_cert_type != cert_types::X509 {
                    w.u16(ext::SERVER_CERTIFICATE_TYPE);
                    w.vec16(|w| w.u8(self.hs.server_cert_type));
                }
            })
        });
        self.send_handshake(&ee)?;

        if let Some((ck, scheme)) = certified {
            if self.requests_certificate_in_handshake() {
                let cr = self.certificate_request(&[], hooks)?;
                self.send_handshake(&cr)?;
            }
            // OpenSSL 3.5's get_compressed_certificate_alg: the first of
            // the client's algorithms we hold a precompressed chain for. A
            // precompressed chain carries no OCSP response, so a stapling
            // handshake sends the Certificate whole.
            let precompressed = self
                .hs
                .client_accepts_compressed
                .iter()
                .find_map(|alg| ck.compressed.iter().find(|p| p.alg == *alg))
                .filter(|_| self.hs.ocsp.is_none());
            let rpk = self.hs.server_cert_type == cert_types::RPK;
            let cert = match precompressed {
                // RFC 7250: the one entry is our key (OpenSSL's
                // tls_output_rpk: no entry extensions, never compressed).
                _ if rpk => CertificateMsg::encode_chain(&[], &[crate::tls::spki::subject_public_key_info(&ck.chain[0])?.to_vec()], None),
                Some(p) => CompressedCertificate::encode(p.alg, p.uncompressed_len, &p.data),
                None => CertificateMsg::encode_with(&[], &ck.chain, self.hs.ocsp.as_deref(), &custom_ext::for_chain(hooks, &ck.chain, false)?),
            };
            self.send_handshake(&cert)?;
            let content = verify_content(true, &self.transcript().current());
            let sig = ck.key.sign(scheme, &content).ok_or_else(|| Error::internal("signing failed"))?;
            self.common.our_sig_scheme = Some(scheme);
            let cv = msgs::frame(msgs::CERTIFICATE_VERIFY, |w| {
                w.u16(scheme);
                w.vec16(|w| w.bytes(&sig));
            });
            self.send_handshake(&cv)?;
        }
        let verify_data = ks::finished_mac(suite.hash, &s, &self.transcript().current());
        self.common.our_finished = verify_data.to_vec();
        let fin = encode_finished(&verify_data);
        self.send_handshake(&fin)?;

        // Application secrets over ClientHello..server Finished; we may send
        // data from now on (RFC 8446 section 4.4.4's 0.5-RTT is not used).
        let master = hsecret.into_master();
        let th = self.transcript().current();
        let (c_app, s_app) = master.traffic_secrets(&th);
        hooks.keylog("CLIENT_TRAFFIC_SECRET_0", &self.hs.client_random, &c_app);
        hooks.keylog("SERVER_TRAFFIC_SECRET_0", &self.hs.client_random, &s_app);
        let exporter = master.exporter_master(&th);
        hooks.keylog("EXPORTER_SECRET", &self.hs.client_random, &exporter);
        self.common.exporter_master = exporter;
        self.common.record.set_write_key(ks::record_key(suite.hash, suite.aead()?, &s_app)?);
        self.common.our_app = s_app;
        self.hs.client_app = c_app;
        self.master_for_resumption = Some(master);
        self.expect = if self.requests_certificate_in_handshake() && self.hs.resumed.is_none() {
            Expect::ClientCertificate
        } else {
            Expect::ClientFinished
        };
        Ok(())
    }

    fn send_handshake(&mut self, m: &[u8]) -> Result<(), Error> {
        self.transcript().update(m);
        self.common.record.send(record::CT_HANDSHAKE, m)
    }

    fn send_compat_ccs(&mut self) {
        if self.config.middlebox_compat && !self.hs.session_id.is_empty() && !self.hs.ccs_sent {
            self.hs.ccs_sent = true;
            self.common.record.send_plain(record::CT_CHANGE_CIPHER_SPEC, &[1]);
        }
    }

    /// Tries each offered identity: an external PSK or a session must be
    /// found, fit the suite's hash, and its binder must verify (a wrong
    /// binder is fatal). An external PSK is used as the application gave
    /// it; a resumed session is checked as OpenSSL checks it.
    fn find_psk(
        &mut self,
        offered: &OfferedPsks,
        truncated_hello: &[u8],
        suite: &'static Suite,
        hooks: &mut dyn ServerHooks,
    ) -> Result<Option<(u16, SessionData)>, Error> {
        for (i, (identity, _age)) in offered.identities.iter().enumerate() {
            let (session, external) = match hooks.find_external_psk(identity)? {
                Some(s) => (s, true),
                None => match hooks.find_session(identity)? {
                    Some(s) => (s, false),
                    None => continue,
                },
            };
            if session.suite.map(|s| s.hash) != Some(suite.hash) || session.version != TLS1_3_VERSION {
                continue;
            }
            // The binder covers the transcript before this ClientHello (after
            // HelloRetryRequest: message_hash(CH1), HRR) and the truncated
            // ClientHello (RFC 8446 section 4.2.11.2).
            let mut fresh = match &self.hrr_transcript {
                Some(t) => (**t).clone(),
                None => Transcript::new(suite.hash),
            };
            fresh.update(truncated_hello);
            let early = EarlySecret::new(suite.hash, Some(&session.master_key));
            let expected = ks::finished_mac(suite.hash, &early.binder_key(external), &fresh.current());
            if !constant_time_eq(&expected, offered.binders[i]) {
                return Err(Error::new(AlertDescription::DecryptError, Reason::BINDER_DOES_NOT_VERIFY, "binder does not verify"));
            }
            if external {
                return Ok(Some((i as u16, session)));
            }
            return match hooks.check_session(&session, TLS1_3_VERSION, None)? {
                Resumption::Accept => Ok(Some((i as u16, session))),
                Resumption::Decline => Ok(None),
            };
        }
        Ok(None)
    }

    fn send_hello_retry_request(&mut self, suite: &'static Suite, group: Group, hooks: &mut dyn ServerHooks) -> Result<(), Error> {
        let app_extensions = hooks.add_custom_extensions(site13(custom_ext::TLS1_3_HELLO_RETRY_REQUEST, false))?;
        self.hs.hrr_group = Some(group);
        // Early data sent with the first ClientHello precedes the second
        // one, as application_data records we have no key for: skipped.
        if std::mem::take(&mut self.hs.early_data_offered) {
            self.common.record.skip_early_data = crate::tls::record::MAX_PLAINTEXT;
        }
        // No cookie: OpenSSL's server sends one only for stateless
        // (SSL_OP_COOKIE_EXCHANGE) handshakes, and tlsfuzzer counts an
        // unrequested one as an unexpected extension. The second
        // ClientHello then must carry none.
        self.hs.cookie = Vec::new();
        let hrr = ServerHelloOut {
            random: HRR_RANDOM,
            session_id: &self.hs.session_id,
            suite: suite.iana,
            key_share: None,
            hrr_group: Some(group.iana()),
            cookie: None,
            psk_identity: None,
            app_extensions: &app_extensions,
        }
        .encode();
        // Transcript: message_hash(Hash(ClientHello1)), HelloRetryRequest.
        let ch1_hash = self.transcript().current();
        let mut fresh = Transcript::new(suite.hash);
        fresh.update(&msgs::frame(msgs::MESSAGE_HASH, |w| w.bytes(&ch1_hash)));
        fresh.update(&hrr);
        self.hrr_transcript = Some(Box::new(fresh.clone()));
        self.hs.transcript = Some(fresh);
        self.common.record.send(record::CT_HANDSHAKE, &hrr)?;
        self.send_compat_ccs();
        self.expect = Expect::SecondClientHello;
        Ok(())
    }

    /// The client's Certificate (`body`: as sent, or expanded from a
    /// CompressedCertificate; `msg` as received, for the transcript).
    fn on_client_certificate(&mut self, body: &[u8], msg: &[u8], hooks: &mut dyn ServerHooks) -> Result<(), Error> {
        let cert = CertificateMsg::parse(body, &|t| !ext::is_known(t))?;
        parse_entry_extensions(&cert, hooks)?;
        if !cert.context.is_empty() {
            return Err(Error::illegal(Reason::LENGTH_MISMATCH, "certificate_request_context"));
        }
        self.transcript().update(msg);
        let rpk = self.negotiated_client_cert_type == cert_types::RPK;
        self.expect = if accept_client_chain(self.config.require_client_cert, &cert.chain, rpk, hooks)? {
            self.hs.client_chain = cert.chain;
            Expect::ClientCertificateVerify
        } else {
            Expect::ClientFinished
        };
        Ok(())
    }

    fn on_client_certificate_verify(&mut self, msg: &[u8]) -> Result<(), Error> {
        let th = self.transcript().current();
        self.common.peer_sig_scheme = Some(check_client_signature(msg, &self.hs.client_chain, self.negotiated_client_cert_type == cert_types::RPK, &th)?);
        self.transcript().update(msg);
        self.expect = Expect::ClientFinished;
        Ok(())
    }

    fn on_client_finished(&mut self, msg: &[u8], hooks: &mut dyn ServerHooks) -> Result<(), Error> {
        let suite = self.common.suite.expect("chosen");
        let th = self.transcript().current();
        let expected = ks::finished_mac(suite.hash, &self.hs.client_hs, &th);
        self.common.peer_finished = msg[4..].to_vec();
        crate::tls::common::check_finished(&expected, &msg[4..], "client Finished")?;
        self.transcript().update(msg);
        self.common.require_record_boundary()?;
        let c_app = std::mem::take(&mut self.hs.client_app);
        self.common.record.set_read_key(ks::record_key(suite.hash, suite.aead()?, &c_app)?);
        self.common.peer_app = c_app;
        let th = self.transcript().current();
        let master = self.master_for_resumption.take().expect("set after server Finished");
        self.resumption_master = master.resumption_master(&th);

        let mut est = match &self.hs.resumed {
            Some(prev) => (**prev).clone(),
            None => {
                let mut s = SessionData::new(Some(suite));
                if self.negotiated_client_cert_type == cert_types::RPK {
                    s.peer_rpk = std::mem::take(&mut self.hs.client_chain).into_iter().next();
                } else {
                    s.peer_chain = std::mem::take(&mut self.hs.client_chain);
                }
                // Only an accepted name goes into the session (OpenSSL's final_server_name).
                s.hostname = if self.hs.sni_ack { self.hs.server_name.clone() } else { None };
                s
            }
        };
        est.alpn_selected = self.hs.alpn.clone().unwrap_or_default();
        est.kex_group = self.hs.group.map_or(0, |g| g.iana());
        est.sid_ctx = self.hs.sid_ctx.clone();
        self.established = Some(est);
        self.expect = Expect::Connected;
        self.common.handshake_done = true;
        // Free what only the handshake needed; post-handshake
        // authentication keeps the transcript.
        self.pha_transcript = if self.hs.client_offered_pha { self.hs.transcript.take().map(Box::new) } else { None };
        self.hs.transcript = None;
        self.hrr_transcript = None;
        // "In a resumption we only ever send a maximum of one new ticket"
        // (OpenSSL's server state machine).
        let tickets = if !hooks.tickets_expected() {
            0
        } else if self.hs.resumed.is_some() {
            self.config.num_tickets.min(1)
        } else {
            self.config.num_tickets
        };
        for _ in 0..tickets {
            self.send_ticket(hooks)?;
        }
        Ok(())
    }

    /// A CertificateRequest with our signature algorithms and client CA list.
    fn certificate_request(&self, context: &[u8], hooks: &mut dyn ServerHooks) -> Result<Vec<u8>, Error> {
        let app_extensions = hooks.add_custom_extensions(site13(custom_ext::TLS1_3_CERTIFICATE_REQUEST, false))?;
        Ok(msgs::frame(msgs::CERTIFICATE_REQUEST, |w| {
            w.vec8(|w| w.bytes(context));
            w.vec16(|w| {
                custom_ext::write(w, &app_extensions);
                w.u16(ext::SIGNATURE_ALGORITHMS);
                w.vec16(|w| w.vec16(|w| self.config.client_sigalgs.iter().for_each(|s| w.u16(*s))));
                // RFC 8879: we take the client's certificate compressed.
                let comp = self.config.cert_compression.offered();
                if !comp.is_empty() {
                    w.u16(ext::COMPRESS_CERTIFICATE);
                    w.vec16(|w| crate::tls::cert_compression::encode_extension(w, comp));
                }
                // The client CA list (SSL_CTX_set_client_CA_list), RFC 8446 section 4.2.4.
                if !self.config.client_ca_names.is_empty() {
                    w.u16(ext::CERTIFICATE_AUTHORITIES);
                    w.vec16(|w| {
                        w.vec16(|w| {
                            for n in &self.config.client_ca_names {
                                w.vec16(|w| w.bytes(n));
                            }
                        })
                    });
                }
            });
        }))
    }

    /// The client's server_certificate_type and client_certificate_type
    /// (RFC 7250), when we set lists (OpenSSL ignores them otherwise): our
    /// type is the first of ours the client takes, none is fatal
    /// (unsupported_certificate); theirs is the first of theirs we take,
    /// judged when EncryptedExtensions is built.
    fn parse_cert_types(&mut self, ch: &ClientHelloIn) -> Result<(), Error> {
        let types = &self.config.cert_types;
        self.hs.server_cert_type = cert_types::X509;
        self.hs.client_cert_type_offer = ClientTypeOutcome::None;
        if let Some(b) = ch.extensions.get(ext::SERVER_CERTIFICATE_TYPE).filter(|_| !types.server.is_empty()) {
            let offered = cert_types::parse_offered(b)?;
            self.hs.server_cert_type = cert_types::reconcile(&types.server, offered).ok_or_else(cert_types::unsupported)?;
        }
        if let Some(b) = ch.extensions.get(ext::CLIENT_CERTIFICATE_TYPE).filter(|_| !types.client.is_empty()) {
            let offered = cert_types::parse_offered(b)?;
            self.hs.client_cert_type_offer = match cert_types::reconcile(offered, &types.client) {
                Some(t) => ClientTypeOutcome::Chosen(t),
                None => ClientTypeOutcome::NoOverlap,
            };
        }
        Ok(())
    }

    /// OpenSSL's tls_construct_stoc_client_cert_type: the client's type is
    /// announced only when we may ask for its certificate (in the handshake,
    /// or later because it offered post_handshake_auth); with nothing in
    /// common and a request coming, the handshake fails.
    fn settle_client_cert_type(&self) -> Result<u8, Error> {
        let requesting = self.requests_certificate_in_handshake() || self.hs.client_offered_pha;
        match self.hs.client_cert_type_offer {
            ClientTypeOutcome::NoOverlap if requesting => Err(cert_types::unsupported()),
            ClientTypeOutcome::Chosen(t) if requesting => Ok(t),
            _ => Ok(cert_types::X509),
        }
    }

    /// OpenSSL's send_certificate_request: SSL_VERIFY_PEER, unless
    /// SSL_VERIFY_POST_HANDSHAKE defers the request to after the handshake
    /// of a client that offered post_handshake_auth.
    fn requests_certificate_in_handshake(&self) -> bool {
        self.config.request_client_cert && !(self.config.client_cert_post_handshake_only && self.hs.client_offered_pha)
    }

    /// Whether the client offered post_handshake_auth.
    pub fn post_handshake_auth_offered(&self) -> bool {
        self.pha_transcript.is_some()
    }

    /// Whether a post-handshake certificate request is unanswered.
    pub fn post_handshake_auth_pending(&self) -> bool {
        self.pha.is_some()
    }

    /// `SSL_verify_client_post_handshake`: sends a CertificateRequest with a
    /// fresh context (RFC 8446 4.6.2); the client's Certificate,
    /// CertificateVerify and Finished are processed as they arrive.
    pub fn request_client_certificate(&mut self, hooks: &mut dyn ServerHooks) -> Result<(), Error> {
        // The verify mode and CA list as the application set them for this
        // request (Apache sets SSL_VERIFY_PEER just before it asks).
        refresh_current_config(&mut self.config, hooks)?;
        let base = self.pha_transcript.as_deref().cloned().ok_or_else(|| Error::internal("post_handshake_auth not offered"))?;
        let context = rand::array::<32>()?.to_vec();
        let cr = self.certificate_request(&context, hooks)?;
        let mut transcript = base;
        transcript.update(&cr);
        self.common.record.send(record::CT_HANDSHAKE, &cr)?;
        self.pha = Some(Box::new(PostHandshakeAuth { context, transcript, chain: Vec::new() }));
        self.expect = Expect::PhaCertificate;
        Ok(())
    }

    fn on_pha_certificate(&mut self, body: &[u8], msg: &[u8], hooks: &mut dyn ServerHooks) -> Result<(), Error> {
        let cert = CertificateMsg::parse(body, &|t| !ext::is_known(t))?;
        parse_entry_extensions(&cert, hooks)?;
        let pha = self.pha.as_mut().ok_or_else(|| Error::unexpected("no certificate request outstanding"))?;
        if cert.context != pha.context {
            return Err(Error::illegal(Reason::LENGTH_MISMATCH, "certificate_request_context"));
        }
        pha.transcript.update(msg);
        let rpk = self.negotiated_client_cert_type == cert_types::RPK;
        self.expect = if accept_client_chain(self.config.require_client_cert, &cert.chain, rpk, hooks)? {
            pha.chain = cert.chain;
            Expect::PhaCertificateVerify
        } else {
            Expect::PhaFinished
        };
        Ok(())
    }

    fn on_pha_certificate_verify(&mut self, msg: &[u8]) -> Result<(), Error> {
        let rpk = self.negotiated_client_cert_type == cert_types::RPK;
        let pha = self.pha.as_mut().ok_or_else(|| Error::unexpected("no certificate request outstanding"))?;
        self.common.peer_sig_scheme = Some(check_client_signature(msg, &pha.chain, rpk, &pha.transcript.current())?);
        pha.transcript.update(msg);
        self.expect = Expect::PhaFinished;
        Ok(())
    }

    fn on_pha_finished(&mut self, msg: &[u8], hooks: &mut dyn ServerHooks) -> Result<(), Error> {
        let suite = self.common.suite.ok_or_else(|| Error::internal("no suite"))?;
        let pha = self.pha.take().ok_or_else(|| Error::unexpected("no certificate request outstanding"))?;
        // The Finished base key after the handshake is the client's current
        // application traffic secret (RFC 8446 4.4).
        let expected = ks::finished_mac(suite.hash, &self.common.peer_app, &pha.transcript.current());
        crate::tls::common::check_finished(&expected, &msg[4..], "client Finished")?;
        self.expect = Expect::Connected;
        // OpenSSL's tls_process_client_certificate: the session now names
        // the certificate just received (in a copy: a cached session stays
        // as it was), and the tickets are sent again to carry it.
        if let Some(est) = self.established.as_mut() {
            if self.negotiated_client_cert_type == cert_types::RPK {
                est.peer_rpk = pha.chain.into_iter().next();
            } else {
                est.peer_chain = pha.chain;
            }
        }
        // As after the handshake: one at most on a resumed connection.
        let tickets = if self.hs.resumed.is_some() { self.config.num_tickets.min(1) } else { self.config.num_tickets };
        for _ in 0..tickets {
            self.send_ticket(hooks)?;
        }
        Ok(())
    }

    /// Sends one NewSessionTicket (also `SSL_new_session_ticket`).
    pub fn send_ticket(&mut self, hooks: &mut dyn ServerHooks) -> Result<(), Error> {
        let suite = self.common.suite.filter(|_| self.is_handshake_done()).ok_or_else(|| Error::internal("ticket before handshake"))?;
        let nonce = self.tickets_sent.to_be_bytes();
        self.tickets_sent += 1;
        let mut s = self.established.clone().expect("connected");
        s.master_key = ks::resumption_psk(suite.hash, &self.resumption_master, &nonce);
        s.ticket_age_add = u32::from_be_bytes(rand::array::<4>()?);
        s.time_ms = now_ms();
        s.ticket.clear();
        s.session_id.clear();
        let Some(ticket) = hooks.issue_ticket(&mut s) else { return Ok(()) };
        let app_extensions = hooks.add_custom_extensions(site13(custom_ext::TLS1_3_NEW_SESSION_TICKET, self.resumed()))?;
        let lifetime = s.timeout.min(msgs::ticket::MAX_TICKET_LIFETIME as u64) as u32;
        let nst = msgs::frame(msgs::NEW_SESSION_TICKET, |w| {
            w.u32(lifetime);
            w.u32(s.ticket_age_add);
            w.vec8(|w| w.bytes(&nonce));
            w.vec16(|w| w.bytes(&ticket));
            w.vec16(|w| custom_ext::write(w, &app_extensions));
        });
        self.common.record.send(record::CT_HANDSHAKE, &nst)
    }
}

impl<'h> StateMachine<dyn ServerHooks + 'h> for ServerConnection {
    fn common_mut(&mut self) -> &mut Common {
        &mut self.common
    }

    fn handle_message(&mut self, ty: u8, msg: &[u8], hooks: &mut (dyn ServerHooks + 'h)) -> Result<(), Error> {
        self.handle(ty, msg, hooks)
    }
}

/// Takes the connection's settings anew when a callback may have changed
/// them: the steps after it read what the application set (OpenSSL reads
/// the verify mode and CA list when it builds the CertificateRequest, the
/// version bounds after the client-hello callback, the suites after the
/// certificate callback).
/// A TLS 1.3 message's place for the application's extensions.
fn site13(context: u32, resumed: bool) -> Site<'static> {
    Site { context, tls13: true, resumed, max_version: TLS1_3_VERSION, cert: None }
}

/// The application's extensions of each entry of a client's Certificate.
fn parse_entry_extensions(cert: &CertificateMsg, hooks: &mut dyn ServerHooks) -> Result<(), Error> {
    for (i, (der, app)) in cert.chain.iter().zip(&cert.app_extensions).enumerate() {
        hooks.parse_custom_extensions(Site { cert: Some((der, i)), ..site13(custom_ext::TLS1_3_CERTIFICATE, false) }, app)?;
    }
    Ok(())
}

fn refresh_config(config: &mut ServerConfig, hooks: &mut dyn ServerHooks) -> Result<(), Error> {
    if let Some(fresh) = hooks.updated_config()? {
        *config = fresh;
    }
    Ok(())
}

/// Takes the connection's settings as they are now, whether or not a
/// callback ran (a renegotiation starts from them).
fn refresh_current_config(config: &mut ServerConfig, hooks: &mut dyn ServerHooks) -> Result<(), Error> {
    if let Some(fresh) = hooks.current_config()? {
        *config = fresh;
    }
    Ok(())
}

/// A client's Certificate, in the handshake or after it: true when it
/// carries a chain (its leaf key usable and the chain verified), false for
/// an empty one, which SSL_VERIFY_FAIL_IF_NO_PEER_CERT refuses.
fn accept_client_chain(required: bool, chain: &[Vec<u8>], rpk: bool, hooks: &mut dyn ServerHooks) -> Result<bool, Error> {
    let Some(leaf) = chain.first() else {
        if required {
            return Err(Error::new(AlertDescription::CertificateRequired, Reason::PEER_DID_NOT_RETURN_A_CERTIFICATE, "peer did not return a certificate"));
        }
        return Ok(false);
    };
    if rpk {
        let spki = cert_types::single_key(chain)?.ok_or_else(|| Error::internal("checked non-empty"))?;
        hooks.verify_client_rpk(spki)?;
        return Ok(true);
    }
    crate::tls::spki::subject_public_key_info(leaf)?;
    hooks.verify_client_chain(chain)?;
    Ok(true)
}

/// Checks a client's CertificateVerify `msg` against the leaf of `chain`
/// over the transcript hash before it (RFC 8446 4.4.3); its scheme.
fn check_client_signature(msg: &[u8], chain: &[Vec<u8>], rpk: bool, transcript_hash: &[u8]) -> Result<u16, Error> {
    let cv = CertificateVerify::parse(&msg[4..])?;
    if !verify::allowed_in_tls13_certificate_verify(cv.scheme) {
        return Err(Error::illegal(Reason::WRONG_SIGNATURE_TYPE, "signature scheme not offered"));
    }
    let leaf = chain.first().ok_or_else(|| Error::unexpected("CertificateVerify without a certificate"))?;
    let spki = if rpk { &leaf[..] } else { crate::tls::spki::subject_public_key_info(leaf)? };
    if !verify::verify(cv.scheme, spki, &verify_content(false, transcript_hash), cv.signature) {
        return Err(Error::new(AlertDescription::DecryptError, Reason::BAD_SIGNATURE, "client CertificateVerify signature"));
    }
    Ok(cv.scheme)
}

/// "The TLS 1.3 signature_algorithms_cert extension places restrictions on
/// the sigalg with which the certificate was signed (by its issuer)"
/// (OpenSSL's check_cert_usable, by digest and key type): the leaf's
/// signature must be one the client lists, when it sent the extension.
fn leaf_signature_allowed(chain: &[Vec<u8>], sig_algs_cert: Option<&[u8]>) -> Result<bool, Error> {
    let Some(body) = sig_algs_cert else { return Ok(true) };
    let allowed = parse_u16_list(body)?;
    let Some(sig) = chain.first().and_then(|leaf| crate::tls::spki::certificate_signature(leaf)) else { return Ok(false) };
    Ok(allowed.iter().any(|s| sig.matches_scheme(*s)))
}

fn parse_key_shares(body: Option<&[u8]>) -> Result<Vec<(u16, &[u8])>, Error> {
    let Some(b) = body else { return Ok(Vec::new()) };
    let mut r = Reader::new(b);
    let mut list = Reader::new(r.vec16()?);
    r.finish()?;
    let mut out: Vec<(u16, &[u8])> = Vec::new();
    while !list.is_empty() {
        let g = list.u16()?;
        let k = list.vec16()?;
        if k.is_empty() {
            return Err(Error::decode("empty key share"));
        }
        // "Clients MUST NOT offer multiple KeyShareEntry values for the same group" (4.2.8).
        if out.iter().any(|(x, _)| *x == g) {
            return Err(Error::illegal(Reason::BAD_KEY_SHARE, "duplicate key share group"));
        }
        out.push((g, k));
    }
    Ok(out)
}

/// The client's ALPN extension through the application's select callback:
/// the protocol chosen, which must be one the client offered (RFC 7301).
fn select_alpn(body: Option<&[u8]>, hooks: &mut dyn ServerHooks) -> Result<Option<Vec<u8>>, Error> {
    let Some(b) = body else { return Ok(None) };
    let mut r = Reader::new(b);
    let list = r.vec16()?;
    r.finish()?;
    // OpenSSL's tls_parse_ctos_alpn: at least one name, every name
    // non-empty and within the list, else decode_error (SSL_R_BAD_EXTENSION).
    let bad = || Error::decode("malformed ALPN list").with_reason(Reason::BAD_EXTENSION);
    if list.len() < 2 {
        return Err(bad());
    }
    let mut names = Reader::new(list);
    while names.remaining() > 0 {
        if names.vec8().map_err(|_| bad())?.is_empty() {
            return Err(bad());
        }
    }
    let chosen = hooks.select_alpn(list)?;
    if chosen.as_ref().is_some_and(|p| !alpn_list_contains(list, p)) {
        return Err(Error::internal("ALPN callback chose a protocol the client did not offer"));
    }
    Ok(chosen)
}

/// The host_name of a server_name extension (RFC 6066 section 3).
fn parse_server_name(body: Option<&[u8]>) -> Result<Option<String>, Error> {
    let Some(b) = body else { return Ok(None) };
    let mut r = Reader::new(b);
    let mut list = Reader::new(r.vec16()?);
    r.finish()?;
    let ty = list.u8()?;
    let name = list.vec16()?;
    list.finish()?;
    if ty != 0 || name.is_empty() || name.contains(&0) {
        return Err(Error::new(AlertDescription::DecodeError, Reason::BAD_EXTENSION, "server_name"));
    }
    String::from_utf8(name.to_vec()).map(Some).map_err(|_| Error::new(AlertDescription::DecodeError, Reason::BAD_EXTENSION, "server_name"))
}
