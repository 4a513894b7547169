//! The client: one ClientHello for every version we offer, one ServerHello
//! step, then TLS 1.3's state machine (here: one `Expect` state per step of
//! RFC 8446's handshake, then post-handshake messages) or TLS 1.2's
//! (`tls12`).

pub mod tls12;

use crate::tls::tls12_state::{unexpected_after_handshake, HandshakeFacts, Tls12};
use crate::tls::alert::AlertDescription;
use crate::tls::cert_compression::{CertCodec, CertCompression, CompressedCertificate};
use crate::tls::cert_types::{self, CertTypes};
use crate::tls::common::{alpn_list_contains, Common, StateMachine};
use crate::tls::extensions as ext;
use crate::tls::custom_ext::{self, CustomExtensions, Site};
use crate::tls::key_schedule::{self as ks, EarlySecret, Secret};
use crate::tls::msgs::certificate::{verify_content, CertificateMsg, CertificateRequest, CertificateVerify};
use crate::tls::msgs::hello::{binders_len, ClientHello, OfferedPsk, ServerHello};
use crate::tls::msgs::misc::{encode_finished, EncryptedExtensions};
use crate::tls::msgs::ticket::{NewSessionTicket, MAX_TICKET_LIFETIME};
use crate::tls::msgs::{self, MessageLimits};
use crate::tls::record;
use crate::tls::session::{now_ms, SessionData};
use crate::tls::suites::Suite;
use crate::tls::{Error, Reason};
use crate::crypto::hash::{sha256, Transcript};
use crate::crypto::kx::{Group, KeyShare};
use crate::crypto::{rand, verify};

/// What the application configured for this connection.
#[derive(Clone)]
pub struct ClientConfig {
    pub suites: Vec<&'static Suite>,
    pub groups: Vec<Group>,
    /// The groups to send TLS 1.3 key shares for (OpenSSL 3.5's `*`-marked
    /// ones); empty: the first group TLS 1.3 may use.
    pub key_share_groups: Vec<Group>,
    /// `SSL_set_max_cert_list`: the largest Certificate or CertificateRequest accepted.
    pub max_cert_list: usize,
    pub server_name: Option<String>,
    /// ALPN protocol list in wire format (length-prefixed names).
    pub alpn: Vec<u8>,
    /// A session to offer (already checked usable by the API layer).
    pub resume: Option<Box<SessionData>>,
    /// TLS 1.3: an external PSK (identity, and a session holding the key
    /// and its suite) from the application's callbacks, offered when no
    /// session is resumed.
    pub external_psk: Option<Box<(Vec<u8>, SessionData)>>,
    /// Ask the hooks for the external PSK at each ClientHello that offers
    /// TLS 1.3 (replacing `external_psk`).
    pub ask_external_psk: bool,
    /// `SSL_OP_ALLOW_NO_DHE_KEX`: also offer psk_ke.
    pub allow_no_dhe: bool,
    /// Middlebox compatibility mode (on by default, as in OpenSSL).
    pub middlebox_compat: bool,
    /// signature_algorithms to offer, in order (`SSL_CTX_set1_sigalgs_list`).
    pub sigalgs: Vec<u16>,
    /// Ask for a stapled OCSP response (`SSL_set_tlsext_status_type`).
    pub status_request: bool,
    /// Ask for signed certificate timestamps (`SSL_CTX_enable_ct`).
    pub request_scts: bool,
    /// Offer NPN (`SSL_CTX_set_next_proto_select_cb` is set).
    pub npn: bool,
    /// `SSL_OP_TLSEXT_PADDING`: pad the ClientHello (RFC 7685).
    pub padding: bool,
    /// `SSL_set_session_ticket_ext`: the session_ticket to send when no
    /// TLS 1.2 session brings its own; Some(None): send none.
    pub ticket_ext: Option<Option<Vec<u8>>>,
    /// certificate_authorities for a TLS 1.3 ClientHello (DER names).
    pub ca_names: Vec<Vec<u8>>,
    /// Offer post-handshake client authentication (`SSL_set_post_handshake_auth`).
    pub post_handshake_auth: bool,
    /// TLS 1.2 suites, offered after the TLS 1.3 ones when TLS 1.2 is enabled.
    /// Shared with the context's list when nothing is filtered out.
    pub tls12_suites: std::sync::Arc<[&'static Suite]>,
    /// OpenSSL's ssl_set_client_disabled: PSK suites are offered only with
    /// a PSK client callback, SRP suites only with an SRP username (applied
    /// when offering, so the list itself stays shared).
    pub offer_psk_suites: bool,
    pub offer_srp_suites: bool,
    /// The versions we may negotiate, TLS 1.0 (0x0301) to TLS 1.3.
    pub min_version: u16,
    pub max_version: u16,
    /// `SSL_OP_NO_TICKET`: no session_ticket extension.
    pub no_ticket: bool,
    /// `SSL_MODE_SEND_FALLBACK_SCSV` (RFC 7507).
    pub fallback_scsv: bool,
    /// `SSL_OP_NO_EXTENDED_MASTER_SECRET`: no extended_master_secret offered.
    pub no_ems: bool,
    /// `SSL_OP_NO_RENEGOTIATION`: a HelloRequest is refused with a warning.
    pub no_renegotiation: bool,
    /// `SSL_OP_NO_ENCRYPT_THEN_MAC`: no encrypt_then_mac offered.
    pub no_etm: bool,
    /// The fewest security bits a server's DHE group may have (the
    /// security level's minimum; OpenSSL: SSL_R_DH_KEY_TOO_SMALL).
    pub dh_min_bits: i32,
    /// The security level allows TLS 1.0/1.1's SHA-1 and MD5-SHA1
    /// handshake signatures (level 0 in OpenSSL 3.0).
    pub legacy_sigalgs: bool,
    /// TLS 1.2 SRP suites: the username (`SSL_CTX_set_srp_username`),
    /// sent in the srp extension (RFC 5054 2.8.1).
    pub srp_username: Option<Vec<u8>>,
    /// Certificate compression (RFC 8879; OpenSSL 3.5's cert_comp_prefs).
    pub cert_compression: CertCompression,
    /// Raw public keys (RFC 7250): `SSL_set1_client_cert_type` and
    /// `SSL_set1_server_cert_type`.
    pub cert_types: CertTypes,
}

impl ClientConfig {
    fn offers_tls13(&self) -> bool {
        self.max_version >= crate::tls::TLS1_3_VERSION
    }

    /// Whether a version below TLS 1.3 is enabled.
    fn offers_pre13(&self) -> bool {
        self.min_version < crate::tls::TLS1_3_VERSION
    }

    /// The TLS 1.2-style suites we offer: those the best version we offer
    /// has (OpenSSL's ssl_cipher_disabled: min_tls above our max).
    pub(crate) fn pre13_suites(&self) -> impl Iterator<Item = &'static Suite> + '_ {
        self.tls12_suites.iter().copied().filter(|s| {
            self.offers_pre13()
                && s.min_version <= self.max_version
                && (self.offer_psk_suites || !s.kx.is_psk())
                && (self.offer_srp_suites || s.kx != crate::tls::suites::Kx::Srp)
        })
    }

    /// The offered session when it is one of TLS 1.2 or before.
    fn resume_tls12(&self) -> Option<&SessionData> {
        self.resume.as_deref().filter(|s| s.version < crate::tls::TLS1_3_VERSION)
    }
}

/// Calls the engine makes into the API layer during the handshake.
pub trait ClientHooks: CustomExtensions {
    /// Validates the server's chain (leaf first). `Err` aborts with its alert.
    fn verify_server_chain(&mut self, chain: &[Vec<u8>]) -> Result<(), Error>;
    /// An NSS key-log line's parts.
    fn keylog(&mut self, label: &str, client_random: &[u8], secret: &[u8]);
    /// A session created from a NewSessionTicket.
    fn new_session(&mut self, session: SessionData);
    /// A TLS 1.2 handshake ended with a session: a new one after a full
    /// handshake (the client cache and new-session callback see it), or the
    /// resumed one renewed by a NewSessionTicket (it replaces the old one,
    /// which leaves the client cache).
    fn tls12_session(&mut self, session: SessionData, full_handshake: bool);
    /// The certificate to answer a CertificateRequest with (None: send an
    /// empty Certificate), chosen by the server's signature_algorithms.
    fn client_certificate(&mut self, sigalgs: &[u16]) -> Option<crate::tls::server::CertifiedKey>;
    /// The server's CertificateRequest arrived (its signature_algorithms and
    /// certificate_authorities, for `SSL_get_sigalgs` / `SSL_get0_peer_CA_list`).
    fn certificate_request(&mut self, sigalgs: &[u16], ca_names: &[Vec<u8>]) {
        let _ = (sigalgs, ca_names);
    }
    /// The server's extensions are processed (TLS 1.3's EncryptedExtensions,
    /// TLS 1.2's ServerHello): OpenSSL's final_server_name runs the
    /// servername callback on clients too; Err aborts with its alert.
    fn server_extensions_done(&mut self) -> Result<(), Error> {
        Ok(())
    }
    /// The server's raw public key (RFC 7250), a SubjectPublicKeyInfo:
    /// verified as OpenSSL's ssl_verify_rpk does; Err refuses it.
    fn verify_server_rpk(&mut self, _spki: &[u8]) -> Result<(), Error> {
        Err(Error::new(AlertDescription::UnsupportedCertificate, Reason::BAD_EXTENSION, "raw public keys not supported here"))
    }
    /// The certificate types EncryptedExtensions settled (client's, server's).
    fn negotiated_cert_types(&mut self, _client: u8, _server: u8) {}
    /// TLS 1.3: the external PSK to offer now (the use-session or PSK
    /// client callback), told the handshake's hash after a
    /// HelloRetryRequest; Err when a callback fails.
    fn external_psk(&mut self, hrr_hash: Option<crate::crypto::hash::HashAlg>) -> Result<Option<(Vec<u8>, SessionData)>, Error> {
        let _ = hrr_hash;
        Ok(None)
    }
    /// TLS 1.2: the server's session_ticket extension as received, for
    /// `SSL_set_session_ticket_ext_cb`; Err when the callback refuses it.
    fn session_ticket_ext(&mut self, data: &[u8]) -> Result<(), Error> {
        let _ = data;
        Ok(())
    }
    /// NPN: the protocol chosen from the server's list (the application's
    /// `SSL_CTX_set_next_proto_select_cb`); Err when it chooses none.
    fn select_next_proto(&mut self, list: &[u8]) -> Result<Vec<u8>, Error> {
        let _ = list;
        Err(Error::new(AlertDescription::UnsupportedExtension, Reason::BAD_EXTENSION, "NPN not offered"))
    }
    /// NPN: the protocol this handshake settled on.
    fn next_proto_negotiated(&mut self, proto: &[u8]) {
        let _ = proto;
    }
    /// The server's stapled OCSP response (None: none sent), when we asked
    /// for one; the status callback may fail the handshake.
    fn certificate_status(&mut self, response: Option<&[u8]>) -> Result<(), Error> {
        let _ = response;
        Ok(())
    }
    /// TLS 1.2 PSK suites: the identity and key for the server's hint
    /// (`SSL_CTX_set_psk_client_callback`, which may ask SSL_version: the
    /// negotiated `version`); None when the application has
    /// none (OpenSSL's SSL_R_PSK_IDENTITY_NOT_FOUND).
    fn tls12_psk(&mut self, version: u16, hint: Option<&[u8]>) -> Result<Option<(Vec<u8>, zeroize::Zeroizing<Vec<u8>>)>, Error> {
        let _ = (version, hint);
        Err(Error::new(crate::tls::alert::AlertDescription::InternalError, crate::tls::Reason::PSK_NO_CLIENT_CB, "no PSK client callback"))
    }
    /// TLS 1.2 SRP suites: whether the server's group may be used (OpenSSL's
    /// srp_verify_server_param: N at least the SRP strength, then the
    /// application's verify callback, else one of RFC 5054's groups).
    fn srp_check_group(&mut self, n: &[u8], g: &[u8]) -> Result<(), Error> {
        let weak = || Error::new(crate::tls::alert::AlertDescription::InsufficientSecurity, crate::tls::Reason::INSUFFICIENT_SECURITY, "SRP group");
        if n.len() * 8 < 1024 || !crate::sys::srp::is_known_group(g, n) {
            return Err(weak());
        }
        Ok(())
    }
    /// TLS 1.2 SRP suites: the password (`SSL_CTX_set_srp_password` or the
    /// client password callback); None when the application gives none.
    fn srp_password(&mut self) -> Option<zeroize::Zeroizing<Vec<u8>>> {
        None
    }
}

enum Expect {
    ServerHello,
    EncryptedExtensions,
    CertificateOrRequest,
    Certificate,
    CertificateVerify,
    Finished,
    Connected,
}

/// Secrets and choices of the handshake in progress.
struct Handshake {
    client_random: [u8; 32],
    session_id: Vec<u8>,
    key_shares: Vec<KeyShare>,
    /// Raw messages kept until the suite (and so the hash) is known.
    pending_transcript: Vec<u8>,
    transcript: Option<Transcript>,
    suite: Option<&'static Suite>,
    offered_psk: bool,
    /// The PSK offered is the external one, not a resumption.
    offered_external: bool,
    psk_accepted: bool,
    hrr_seen: bool,
    hrr_suite: Option<u16>,
    cookie: Option<Vec<u8>>,
    ccs_sent: bool,
    handshake_secret: Option<ks::HandshakeSecret>,
    client_hs: Secret,
    server_hs: Secret,
    server_chain: Vec<Vec<u8>>,
    cert_request: Option<CertificateRequest>,
    alpn: Option<Vec<u8>>,
    sni_acked: bool,
    /// We sent compress_certificate: a CompressedCertificate may come.
    cert_comp_offered: bool,
    /// The server's compress_certificate in its CertificateRequest: the
    /// algorithms we may compress our certificate with, its order.
    server_accepts_compressed: Vec<u16>,
    /// The certificate types the server chose (RFC 7250); X.509 unless it
    /// said otherwise.
    server_cert_type: u8,
    client_cert_type: u8,
}

pub struct ClientConnection {
    config: ClientConfig,
    expect: Expect,
    hs: Option<Box<Handshake>>,
    pub common: Common,
    resumption_master: Secret,
    /// The established connection's session facts, copied into tickets.
    pub established: Option<SessionData>,
    /// Facts kept once the handshake state is dropped.
    resumed: bool,
    alpn: Option<Vec<u8>>,
    group: Option<Group>,
    /// The transcript through our Finished, kept when we offered
    /// post-handshake auth: each post-handshake CertificateRequest is
    /// answered over it (RFC 8446 4.4: "ClientHello ... client Finished +
    /// CertificateRequest").
    pha_transcript: Option<Box<Transcript>>,
    /// The TLS 1.2 state machine, once the server chose TLS 1.2.
    tls12: Option<Tls12<tls12::Client12>>,
    /// Our certificate's type as the server chose it (RFC 7250), for
    /// post-handshake requests too.
    negotiated_client_cert_type: u8,
    /// During a renegotiation: the previous handshake's client and server
    /// verify_data, which its hellos carry (RFC 5746 3.5).
    renegotiation: Option<(Vec<u8>, Vec<u8>)>,
}

const PSK_KE: u8 = 0;
const PSK_DHE_KE: u8 = 1;

impl ClientConnection {
    pub fn new(config: ClientConfig) -> Self {
        let common = Common::with_limits(MessageLimits { from_server: true, max_cert_list: config.max_cert_list });
        ClientConnection {
            config,
            expect: Expect::ServerHello,
            hs: None,
            common,
            resumption_master: Secret::default(),
            established: None,
            resumed: false,
            alpn: None,
            group: None,
            pha_transcript: None,
            tls12: None,
            renegotiation: None,
            negotiated_client_cert_type: cert_types::X509,
        }
    }

    /// `SSL_renegotiate` on a TLS 1.2 client, or a server's HelloRequest
    /// answered (OpenSSL's client agrees unless SSL_OP_NO_RENEGOTIATION):
    /// a new handshake at the version in use, its ClientHello bound to the
    /// previous handshake by renegotiation_info and sent under the current
    /// keys; application data keeps flowing until the new keys. An
    /// `abbreviated` one offers the connection's session for resumption
    /// (`SSL_renegotiate_abbreviated`, and OpenSSL's answer to a
    /// HelloRequest); otherwise the handshake is a full one.
    pub fn start_renegotiation(&mut self, abbreviated: bool, hooks: &mut dyn ClientHooks) -> Result<(), Error> {
        if !self.tls12.as_ref().is_some_and(|t| t.is_connected()) {
            return Err(Error::internal("renegotiation outside an established TLS 1.2 connection"));
        }
        let version = self.common.version;
        self.renegotiation = Some((self.common.our_finished.clone(), self.common.peer_finished.clone()));
        self.common.renegotiations_started += 1;
        self.config.min_version = version;
        self.config.max_version = version;
        self.config.resume = self.established.clone().filter(|s| abbreviated && s.is_resumable()).map(Box::new);
        self.config.external_psk = None;
        self.tls12 = None;
        self.expect = Expect::ServerHello;
        self.start(hooks)
    }

    /// Whether a TLS 1.2 connection's handshake state has been freed.
    #[cfg(test)]
    pub fn tls12_settled(&self) -> bool {
        matches!(self.tls12, Some(Tls12::Connected(_)))
    }

    pub fn is_handshake_done(&self) -> bool {
        match &self.tls12 {
            Some(t) => t.is_connected(),
            None => matches!(self.expect, Expect::Connected),
        }
    }

    pub fn negotiated_group(&self) -> Option<Group> {
        match &self.tls12 {
            Some(t) => t.negotiated_group(),
            None => self.group,
        }
    }

    /// Sends the first ClientHello.
    pub fn start(&mut self, hooks: &mut dyn ClientHooks) -> Result<(), Error> {
        let cfg = &self.config;
        self.common.record.msg_version = cfg.max_version;
        // OpenSSL's legacy_session_id: a TLS 1.2 session's id; else 32
        // random bytes in middlebox compatibility mode when TLS 1.3 is
        // offered; else empty.
        let session_id = match cfg.resume_tls12() {
            Some(s) => s.session_id.clone(),
            None if cfg.offers_tls13() && cfg.middlebox_compat => rand::array::<32>()?.to_vec(),
            None => Vec::new(),
        };
        // TLS 1.3's key share: the first group TLS 1.3 may use.
        let first_group = *cfg.groups.iter().find(|g| g.in_tls13() || !cfg.offers_tls13()).ok_or_else(|| {
            Error::new(AlertDescription::InternalError, Reason::NO_SUITABLE_KEY_SHARE, "no groups configured")
        })?;
        let suites13 = if cfg.offers_tls13() { cfg.suites.len() } else { 0 };
        let suites12 = cfg.pre13_suites().count();
        if suites13 + suites12 == 0 {
            return Err(Error::new(AlertDescription::InternalError, Reason::NO_CIPHERS_AVAILABLE, "no suites").silent());
        }
        // The marked groups (OpenSSL 3.5's `*`, two in its default list:
        // X25519MLKEM768 and X25519, so a server without ML-KEM answers
        // without a HelloRetryRequest) that are still offered; else the
        // first group.
        let marked: Vec<Group> = cfg.key_share_groups.iter().copied().filter(|g| g.in_tls13() && cfg.groups.contains(g)).collect();
        let share_groups = if marked.is_empty() { vec![first_group] } else { marked };
        let key_shares = if cfg.offers_tls13() {
            share_groups.into_iter().map(KeyShare::generate).collect::<Result<Vec<_>, _>>()?
        } else {
            Vec::new()
        };
        self.hs = Some(Box::new(Handshake {
            client_random: rand::array::<32>()?,
            session_id,
            key_shares,
            pending_transcript: Vec::new(),
            transcript: None,
            suite: None,
            offered_psk: false,
            offered_external: false,
            psk_accepted: false,
            hrr_seen: false,
            hrr_suite: None,
            cookie: None,
            ccs_sent: false,
            handshake_secret: None,
            client_hs: Secret::default(),
            server_hs: Secret::default(),
            server_chain: Vec::new(),
            cert_request: None,
            alpn: None,
            sni_acked: false,
            cert_comp_offered: false,
            server_accepts_compressed: Vec::new(),
            server_cert_type: cert_types::X509,
            client_cert_type: cert_types::X509,
        }));
        self.common.started = true;
        self.send_client_hello(hooks)
    }

    fn hs(&mut self) -> &mut Handshake {
        self.hs.as_mut().expect("handshake state exists while handshaking")
    }

    fn send_client_hello(&mut self, hooks: &mut dyn ClientHooks) -> Result<(), Error> {
        // OpenSSL's custom_ext_add for the ClientHello: the application's
        // extensions first (relevant to the best version offered).
        // After a HelloRetryRequest TLS 1.3 is settled: extensions for TLS
        // 1.2 and below are left out (OpenSSL's SSL_IS_TLS13 then).
        let app_extensions = hooks.add_custom_extensions(Site {
            context: custom_ext::CLIENT_HELLO,
            tls13: self.hs.as_ref().is_some_and(|h| h.hrr_seen),
            resumed: false,
            max_version: self.config.max_version,
            cert: None,
        })?;
        // OpenSSL asks for the external PSK at each ClientHello offering
        // TLS 1.3 (tls_construct_ctos_early_data), after a
        // HelloRetryRequest with the handshake's hash.
        if self.config.ask_external_psk && self.config.offers_tls13() {
            let hrr_hash = self.hs.as_ref().and_then(|h| h.hrr_suite).and_then(crate::tls::suites::by_iana).map(|s| s.hash);
            self.config.external_psk = hooks.external_psk(hrr_hash)?.map(Box::new);
        }
        let cfg = &self.config;
        let hs = self.hs.as_mut().expect("started");
        // TLS 1.3 suites, then TLS 1.2 ones, then
        // TLS_EMPTY_RENEGOTIATION_INFO_SCSV, as OpenSSL sends them; and
        // TLS_FALLBACK_SCSV when the application asked (RFC 7507).
        let offer13 = cfg.offers_tls13();
        let suites: Vec<u16> = cfg
            .suites
            .iter()
            .copied()
            .filter(|_| offer13)
            .chain(cfg.pre13_suites())
            .map(|s| s.iana)
            .chain(std::iter::once(0x00ff).filter(|_| self.renegotiation.is_none()))
            .chain(cfg.fallback_scsv.then_some(0x5600))
            .collect();
        // supported_versions: every version we enable, best first (only
        // when TLS 1.3 is among them, as OpenSSL sends it).
        let versions: Vec<u16> = if offer13 { (cfg.min_version..=cfg.max_version).rev().collect() } else { Vec::new() };
        // session_ticket: a TLS 1.2 session's ticket, else empty (we want
        // one); none with SSL_OP_NO_TICKET.
        // OpenSSL's tls_construct_ctos_session_ticket: a TLS 1.2 session's
        // ticket, else the application's (SSL_set_session_ticket_ext), else
        // empty (we want one).
        let ticket: Option<&[u8]> = match (cfg.no_ticket, cfg.resume_tls12().filter(|s| !s.ticket.is_empty()), &cfg.ticket_ext) {
            (true, _, _) => None,
            (false, Some(s), _) => Some(&s.ticket[..]),
            (false, None, Some(Some(t))) => Some(&t[..]),
            (false, None, Some(None)) => None,
            (false, None, None) => Some(&[][..]),
        };
        // The ffdhe groups are TLS 1.3's only (OpenSSL 3.0's group table:
        // min TLS 1.3), so a client without TLS 1.3 lists the curves alone.
        let groups: Vec<u16> = cfg.groups.iter().filter(|g| offer13 || g.is_elliptic()).map(|g| g.iana()).collect();
        // OpenSSL's use_ecc: the curves matter when a suite offered uses
        // them (ECDHE, ECDHE-PSK, ECDSA) or TLS 1.3 is offered; otherwise
        // neither ec_point_formats nor supported_groups is sent.
        let ecc = !groups.is_empty() && (offer13 || cfg.pre13_suites().any(|s| s.kx.is_ecdhe() || s.auth == crate::tls::suites::Auth::Ecdsa));
        let shares: Vec<(u16, &[u8])> = hs.key_shares.iter().map(|k| (k.group().iana(), k.public())).collect();
        let psk_modes: &[u8] = if cfg.allow_no_dhe { &[PSK_KE, PSK_DHE_KE] } else { &[PSK_DHE_KE] };
        // A PSK is offered only if its hash matches the suite the server chose in HRR.
        let resume = cfg.resume.as_ref().filter(|s| offer13 && s.version == crate::tls::TLS1_3_VERSION).and_then(|s| s.suite.map(|suite| (s, suite))).filter(|(_, psk_suite)| {
            match hs.hrr_suite.and_then(crate::tls::suites::by_iana) {
                Some(suite) => suite.hash == psk_suite.hash,
                None => true,
            }
        });
        let now = now_ms();
        // Without a session to resume, an external PSK of TLS 1.3 (OpenSSL
        // offers it after the ticket; we offer one identity or the other).
        let hrr_hash = hs.hrr_suite.and_then(crate::tls::suites::by_iana).map(|s| s.hash);
        let external = cfg
            .external_psk
            .as_ref()
            .filter(|_| resume.is_none() && offer13)
            .and_then(|b| b.1.suite.map(|suite| (&b.0, &b.1, suite)))
            .filter(|(_, _, suite)| hrr_hash.is_none_or(|h| h == suite.hash));
        // (identity, obfuscated age, session, suite, external)
        let offer = match (resume, external) {
            // obfuscated_ticket_age = age in ms + ticket_age_add (mod 2^32).
            (Some((s, suite)), _) => Some((&s.ticket[..], (now.saturating_sub(s.time_ms) as u32).wrapping_add(s.ticket_age_add), &**s, suite, false)),
            // An external PSK's age is 0 (RFC 8446 4.2.11).
            (None, Some((id, s, suite))) => Some((&id[..], 0, s, suite, true)),
            (None, None) => None,
        };
        let psk = offer.map(|(identity, obfuscated_age, _, suite, _)| OfferedPsk { identity, obfuscated_age, binder_len: suite.hash.output_len() });
        let ch = ClientHello {
            random: hs.client_random,
            session_id: &hs.session_id,
            suites: &suites,
            server_name: cfg.server_name.as_deref(),
            groups: if ecc { &groups } else { &[] },
            sigalgs: &cfg.sigalgs,
            key_shares: &shares,
            alpn: &cfg.alpn,
            cookie: hs.cookie.as_deref(),
            psk_modes,
            psk,
            status_request: cfg.status_request,
            post_handshake_auth: cfg.post_handshake_auth && offer13,
            versions: &versions,
            ticket,
            ems: !cfg.no_ems,
            etm: !cfg.no_etm,
            legacy_version: cfg.max_version.min(crate::tls::TLS1_2_VERSION),
            srp_username: cfg.srp_username.as_deref().filter(|_| cfg.pre13_suites().any(|s| s.kx == crate::tls::suites::Kx::Srp)),
            renegotiation_info: self.renegotiation.as_ref().map(|(client_verify, _)| &client_verify[..]),
            // OpenSSL: "If we sent a client cert-type extension, don't
            // indicate compression".
            compress_certificate: if offer13 && cfg.cert_types.client.is_empty() { cfg.cert_compression.offered() } else { &[] },
            client_cert_types: if offer13 { &cfg.cert_types.client } else { &[] },
            server_cert_types: if offer13 { &cfg.cert_types.server } else { &[] },
            sct: cfg.request_scts,
            // OpenSSL offers NPN in the first handshake only.
            npn: cfg.npn && self.renegotiation.is_none(),
            ca_names: if offer13 { &cfg.ca_names } else { &[] },
            padding: cfg.padding,
            padding_counts_psk: offer.is_some_and(|o| !o.4),
            app_extensions: &app_extensions,
        };
        hs.cert_comp_offered = !ch.compress_certificate.is_empty();
        let mut msg = ch.encode();
        hs.offered_psk = offer.is_some();
        hs.offered_external = offer.is_some_and(|o| o.4);
        if let Some((_, _, s, suite, external)) = offer {
            // The binder covers the transcript so far and the truncated
            // ClientHello (RFC 8446 section 4.2.11.2).
            let hash = suite.hash;
            // After HelloRetryRequest the transcript holds message_hash(CH1)
            // and the HRR; before it, nothing (the hash was not known yet).
            let mut t = match &hs.transcript {
                Some(tr) if tr.alg() != hash => return Err(Error::internal("PSK hash differs from transcript hash")),
                Some(tr) => tr.clone(),
                None => {
                    let mut t = Transcript::new(hash);
                    t.update(&hs.pending_transcript);
                    t
                }
            };
            let truncated_len = msg.len() - binders_len(hash.output_len());
            t.update(&msg[..truncated_len]);
            let early = EarlySecret::new(hash, Some(&s.master_key));
            let binder = ks::finished_mac(hash, &early.binder_key(external), &t.current());
            let n = msg.len();
            msg[n - binder.len()..].copy_from_slice(&binder);
        }
        add_transcript(hs, &msg);
        self.common.record.send(record::CT_HANDSHAKE, &msg)
    }

    fn handle_handshake(&mut self, ty: u8, msg: &[u8], hooks: &mut dyn ClientHooks) -> Result<(), Error> {
        if let Some(t) = self.tls12.as_mut() {
            // A HelloRequest (RFC 5246 7.4.1.1) on an established
            // connection; ignored while a handshake is in progress.
            if ty == crate::tls::msgs::tls12::HELLO_REQUEST {
                if msg.len() != 4 {
                    return Err(Error::decode("HelloRequest not empty"));
                }
                if !t.is_connected() {
                    return Ok(());
                }
                if self.config.no_renegotiation {
                    return self.common.record.send(record::CT_ALERT, &[crate::tls::alert::LEVEL_WARNING, AlertDescription::NoRenegotiation as u8]);
                }
                return self.start_renegotiation(true, hooks);
            }
            let Some(handshake) = t.handshake_mut() else {
                return Err(unexpected_after_handshake(ty, msg));
            };
            let before = self.common.handshakes_completed;
            handshake.handle(ty, msg, &self.config, &mut self.common, hooks)?;
            if self.common.handshakes_completed != before {
                self.established = handshake.established.take();
                self.renegotiation = None;
                t.settle();
            }
            return Ok(());
        }
        let body = &msg[4..];
        match (&self.expect, ty) {
            (Expect::ServerHello, msgs::SERVER_HELLO) => self.on_server_hello(msg, hooks),
            (Expect::EncryptedExtensions, msgs::ENCRYPTED_EXTENSIONS) => {
                let offered_alpn = !self.config.alpn.is_empty();
                let sni = self.config.server_name.is_some();
                let types = &self.config.cert_types;
                let ee = EncryptedExtensions::parse(body, &|t| match t {
                    ext::ALPN => offered_alpn,
                    ext::SERVER_NAME => sni,
                    ext::CLIENT_CERTIFICATE_TYPE => !types.client.is_empty(),
                    ext::SERVER_CERTIFICATE_TYPE => !types.server.is_empty(),
                    ext::SUPPORTED_GROUPS => true,
                    ext::EARLY_DATA => false,
                    _ => !is_known_extension(t),
                })?;
                let resumed = self.hs().psk_accepted;
                hooks.parse_custom_extensions(site(custom_ext::TLS1_3_ENCRYPTED_EXTENSIONS, true, resumed, crate::tls::TLS1_3_VERSION), &ee.app_extensions)?;
                if let Some(p) = &ee.alpn {
                    if !alpn_list_contains(&self.config.alpn, p) {
                        return Err(Error::illegal(Reason::BAD_EXTENSION, "ALPN protocol not offered"));
                    }
                }
                let server_type = ee.server_cert_type.as_deref().map(|b| cert_types::parse_chosen(b, &self.config.cert_types.server)).transpose()?;
                let client_type = ee.client_cert_type.as_deref().map(|b| cert_types::parse_chosen(b, &self.config.cert_types.client)).transpose()?;
                hooks.server_extensions_done()?;
                let hs = self.hs();
                hs.server_cert_type = server_type.unwrap_or(cert_types::X509);
                hs.client_cert_type = client_type.unwrap_or(cert_types::X509);
                hooks.negotiated_cert_types(hs.client_cert_type, hs.server_cert_type);
                self.negotiated_client_cert_type = client_type.unwrap_or(cert_types::X509);
                let hs = self.hs();
                hs.alpn = ee.alpn;
                hs.sni_acked = ee.server_name_acked;
                add_transcript(hs, msg);
                self.expect = if hs.psk_accepted { Expect::Finished } else { Expect::CertificateOrRequest };
                Ok(())
            }
            (Expect::CertificateOrRequest, msgs::CERTIFICATE_REQUEST) => {
                let req = CertificateRequest::parse(body)?;
                hooks.parse_custom_extensions(site(custom_ext::TLS1_3_CERTIFICATE_REQUEST, true, false, crate::tls::TLS1_3_VERSION), &req.app_extensions)?;
                let compressed = self.server_accepts_compressed(&req)?;
                hooks.certificate_request(&req.sigalgs, &req.ca_names);
                let hs = self.hs();
                hs.cert_request = Some(req);
                hs.server_accepts_compressed = compressed;
                add_transcript(hs, msg);
                self.expect = Expect::Certificate;
                Ok(())
            }
            (Expect::CertificateOrRequest | Expect::Certificate, msgs::CERTIFICATE) => self.on_server_certificate(body, msg, hooks),
            // RFC 8879 section 4: only if we offered compress_certificate.
            (Expect::CertificateOrRequest | Expect::Certificate, msgs::COMPRESSED_CERTIFICATE) if self.hs.as_ref().is_some_and(|h| h.cert_comp_offered) => {
                let expanded = self.config.cert_compression.expand(body, self.config.max_cert_list)?;
                self.on_server_certificate(&expanded, msg, hooks)
            }
            (Expect::CertificateVerify, msgs::CERTIFICATE_VERIFY) => {
                let cv = CertificateVerify::parse(body)?;
                if !verify::allowed_in_tls13_certificate_verify(cv.scheme) || !self.config.sigalgs.contains(&cv.scheme) {
                    return Err(Error::illegal(Reason::WRONG_SIGNATURE_TYPE, "signature scheme not offered"));
                }
                let hs = self.hs();
                let transcript = hs.transcript.as_ref().expect("suite known").current();
                let spki = if hs.server_cert_type == cert_types::RPK { &hs.server_chain[0][..] } else { crate::tls::spki::subject_public_key_info(&hs.server_chain[0])? };
                if !verify::verify(cv.scheme, spki, &verify_content(true, &transcript), cv.signature) {
                    return Err(Error::new(AlertDescription::DecryptError, Reason::BAD_SIGNATURE, "CertificateVerify signature"));
                }
                add_transcript(hs, msg);
                self.common.peer_sig_scheme = Some(cv.scheme);
                self.expect = Expect::Finished;
                Ok(())
            }
            (Expect::Finished, msgs::FINISHED) => self.on_server_finished(msg, hooks),
            (Expect::Connected, msgs::NEW_SESSION_TICKET) => self.on_new_session_ticket(body, hooks),
            (Expect::Connected, msgs::KEY_UPDATE) => self.common.on_key_update(&msg[4..]),
            (Expect::Connected, msgs::CERTIFICATE_REQUEST) if self.pha_transcript.is_some() => self.on_post_handshake_request(msg, hooks),
            _ => Err(Error::unexpected("unexpected handshake message")),
        }
    }

    /// The server's Certificate, or the body a CompressedCertificate
    /// expanded to; `msg` is the message as received, for the transcript.
    fn on_server_certificate(&mut self, body: &[u8], msg: &[u8], hooks: &mut dyn ClientHooks) -> Result<(), Error> {
        // We request no SCTs; an OCSP response only if we asked; unknown
        // types are ignored as OpenSSL does.
        let asked = self.config.status_request;
        // signed_certificate_timestamp goes to the application's side,
        // which refuses it unless Certificate Transparency or a custom
        // extension asked for it (OpenSSL's tls_parse_stoc_sct).
        let cert = CertificateMsg::parse(body, &|t| (t == ext::STATUS_REQUEST && asked) || t == ext::SCT || !is_known_extension(t))?;
        if !cert.context.is_empty() {
            return Err(Error::illegal(Reason::LENGTH_MISMATCH, "certificate_request_context"));
        }
        if cert.chain.is_empty() {
            return Err(Error::new(AlertDescription::DecodeError, Reason::NO_CERTIFICATES_RETURNED, "empty server Certificate"));
        }
        if self.hs().server_cert_type == cert_types::RPK {
            let spki = cert_types::single_key(&cert.chain)?.ok_or_else(|| Error::internal("checked non-empty"))?;
            hooks.verify_server_rpk(spki)?;
        } else {
            crate::tls::spki::subject_public_key_info(&cert.chain[0])?;
            hooks.verify_server_chain(&cert.chain)?;
        }
        for (i, (der, app)) in cert.chain.iter().zip(&cert.app_extensions).enumerate() {
            let at = Site { cert: Some((der, i)), ..site(custom_ext::TLS1_3_CERTIFICATE, true, false, crate::tls::TLS1_3_VERSION) };
            hooks.parse_custom_extensions(at, app)?;
        }
        if asked {
            hooks.certificate_status(cert.leaf_ocsp.as_deref())?;
        }
        let hs = self.hs();
        hs.server_chain = cert.chain;
        add_transcript(hs, msg);
        self.expect = Expect::CertificateVerify;
        Ok(())
    }

    /// A CertificateRequest's compress_certificate: the algorithms we may
    /// send our certificate compressed with (none if we did not offer
    /// compression ourselves: OpenSSL's cert_comp_prefs gate both ways).
    fn server_accepts_compressed(&self, req: &CertificateRequest) -> Result<Vec<u16>, Error> {
        match &req.compress_certificate {
            Some(b) => self.config.cert_compression.parse_peer_extension(b),
            None => Ok(Vec::new()),
        }
    }

    fn on_server_hello(&mut self, msg: &[u8], hooks: &mut dyn ClientHooks) -> Result<(), Error> {
        let offered_psk = self.hs().offered_psk;
        let cfg = &self.config;
        let sh = ServerHello::parse(&msg[4..], &|t| match t {
            ext::SUPPORTED_VERSIONS | ext::KEY_SHARE | ext::COOKIE => true,
            ext::PRE_SHARED_KEY => offered_psk,
            // What a TLS 1.2 ServerHello may answer (the carrier check
            // keeps them out of TLS 1.3's).
            ext::RENEGOTIATION_INFO | ext::EXTENDED_MASTER_SECRET | ext::EC_POINT_FORMATS => true,
            ext::ENCRYPT_THEN_MAC => !cfg.no_etm,
            ext::SESSION_TICKET => !cfg.no_ticket,
            ext::SERVER_NAME => cfg.server_name.is_some(),
            ext::ALPN => !cfg.alpn.is_empty(),
            ext::STATUS_REQUEST => cfg.status_request,
            // Left to the application's side (OpenSSL's tls_parse_stoc_sct).
            ext::SCT => true,
            _ => !is_known_extension(t),
        })?;
        let hs = self.hs.as_mut().expect("started");
        match sh.version {
            crate::tls::TLS1_3_VERSION if self.config.offers_tls13() => {}
            v if (self.config.min_version.max(crate::tls::TLS1_VERSION)..=self.config.max_version.min(crate::tls::TLS1_2_VERSION)).contains(&v)
                && !hs.hrr_seen =>
            {
                let hello = tls12::Hello {
                    client_hello: &hs.pending_transcript,
                    client_random: hs.client_random,
                    session_id_sent: &hs.session_id,
                    key_share: hs.key_shares.pop(),
                    offered_max: self.config.max_version,
                    renegotiation: self.renegotiation.as_ref().map(|(c, s)| (&c[..], &s[..])),
                };
                // OpenSSL's tls_parse_stoc_session_ticket: the application's
                // callback sees the extension first.
                if let Some(b) = sh.extensions.get(ext::SESSION_TICKET) {
                    hooks.session_ticket_ext(b)?;
                }
                let mut t = tls12::Client12::start(&self.config, &mut self.common, hello, &sh, msg)?;
                // NPN (OpenSSL's tls_parse_stoc_npn): ignored in a
                // renegotiation; else it must have been offered and its list
                // valid, and the application chooses.
                if let Some(list) = sh.extensions.get(ext::NEXT_PROTO_NEG).filter(|_| self.renegotiation.is_none()) {
                    if !self.config.npn {
                        return Err(Error::new(AlertDescription::UnsupportedExtension, Reason::BAD_EXTENSION, "NPN not offered"));
                    }
                    if !crate::tls::msgs::tls12::valid_next_proto_list(list) {
                        return Err(Error::new(AlertDescription::DecodeError, Reason::BAD_EXTENSION, "NPN list"));
                    }
                    let proto = hooks.select_next_proto(list)?;
                    hooks.next_proto_negotiated(&proto);
                    t.next_proto = Some(proto);
                }
                let app = custom_ext::collect(&sh.extensions);
                hooks.parse_custom_extensions(site(custom_ext::TLS1_2_SERVER_HELLO, false, t.resumed(), sh.version), &app)?;
                hooks.server_extensions_done()?;
                self.tls12 = Some(Tls12::new(t));
                self.hs = None;
                return Ok(());
            }
            _ => return Err(Error::new(AlertDescription::ProtocolVersion, Reason::UNSUPPORTED_PROTOCOL, "server chose a version we did not offer")),
        }
        self.common.version = crate::tls::TLS1_3_VERSION;
        self.common.record.tls13 = true;
        if sh.session_id != hs.session_id.as_slice() {
            return Err(Error::illegal(Reason::LENGTH_MISMATCH, "legacy_session_id_echo"));
        }
        let Some(suite) = self.config.suites.iter().copied().find(|s| s.iana == sh.suite) else {
            return Err(Error::illegal(Reason::WRONG_CIPHER_RETURNED, "suite not offered"));
        };
        if let Some(hrr_suite) = hs.hrr_suite {
            if hrr_suite != sh.suite {
                return Err(Error::illegal(Reason::WRONG_CIPHER_RETURNED, "suite differs from HelloRetryRequest"));
            }
        }
        if hs.transcript.is_none() {
            let mut t = Transcript::new(suite.hash);
            t.update(&hs.pending_transcript);
            hs.pending_transcript.clear();
            hs.transcript = Some(t);
        }
        hs.suite = Some(suite);
        if sh.is_hrr {
            let app = custom_ext::collect(&sh.extensions);
            hooks.parse_custom_extensions(site(custom_ext::TLS1_3_HELLO_RETRY_REQUEST, true, false, crate::tls::TLS1_3_VERSION), &app)?;
            return self.on_hello_retry_request(&sh, msg, hooks);
        }
        self.common.client_random = hs.client_random;
        self.common.server_random = sh.random;
        add_transcript(hs, msg);

        // pre_shared_key: we offer one identity, so the server may select 0.
        let psk = match sh.extensions.get(ext::PRE_SHARED_KEY) {
            Some(b) => {
                let mut r = crate::tls::codec::Reader::new(b);
                let idx = r.u16()?;
                r.finish()?;
                if idx != 0 || !hs.offered_psk {
                    return Err(Error::illegal(Reason::BAD_PSK_IDENTITY, "selected_identity"));
                }
                let s = if hs.offered_external {
                    self.config.external_psk.as_ref().map(|b| &b.1)
                } else {
                    self.config.resume.as_deref()
                };
                let s = s.ok_or_else(|| Error::internal("offered PSK"))?;
                if s.suite.map(|x| x.hash) != Some(suite.hash) {
                    return Err(Error::illegal(Reason::BAD_PSK_IDENTITY, "PSK hash differs from suite"));
                }
                Some(s.master_key.clone())
            }
            None => None,
        };
        hs.psk_accepted = psk.is_some();
        let app = custom_ext::collect(&sh.extensions);
        hooks.parse_custom_extensions(site(custom_ext::TLS1_3_SERVER_HELLO, true, psk.is_some(), crate::tls::TLS1_3_VERSION), &app)?;
        let hs = self.hs.as_mut().expect("started");
        let ecdhe = match sh.extensions.get(ext::KEY_SHARE) {
            Some(b) => {
                let mut r = crate::tls::codec::Reader::new(b);
                let group = r.u16()?;
                let key = r.vec16()?;
                r.finish()?;
                let Some(share) = hs.key_shares.iter().find(|k| k.group().iana() == group) else {
                    return Err(Error::illegal(Reason::BAD_KEY_SHARE, "key_share group not offered"));
                };
                let secret = share.agree(key).ok_or_else(|| Error::illegal(Reason::BAD_KEY_SHARE, "invalid key share"))?;
                self.common.peer_key_share = Some((share.group(), key.to_vec()));
                self.common.our_key_share = Some((share.group(), share.public().to_vec()));
                secret
            }
            // Without key_share only psk_ke is possible, and only if we allowed it.
            None if psk.is_some() && self.config.allow_no_dhe => zeroize::Zeroizing::new(vec![0u8; suite.hash.output_len()]),
            None => {
                return Err(Error::new(AlertDescription::MissingExtension, Reason::BAD_KEY_SHARE, "no key_share"));
            }
        };
        let early = EarlySecret::new(suite.hash, psk.as_deref().map(|p| &p[..]));
        let hsecret = early.into_handshake(&ecdhe);
        let hello_hash = hs.transcript.as_ref().expect("set").current();
        let (c, s) = hsecret.traffic_secrets(&hello_hash);
        hooks.keylog("CLIENT_HANDSHAKE_TRAFFIC_SECRET", &hs.client_random, &c);
        hooks.keylog("SERVER_HANDSHAKE_TRAFFIC_SECRET", &hs.client_random, &s);
        self.common.record.set_read_key(ks::record_key(suite.hash, suite.aead()?, &s)?);
        hs.client_hs = c;
        hs.server_hs = s;
        hs.handshake_secret = Some(hsecret);
        self.common.suite = Some(suite);
        self.expect = Expect::EncryptedExtensions;
        Ok(())
    }

    fn on_hello_retry_request(&mut self, sh: &ServerHello, msg: &[u8], hooks: &mut dyn ClientHooks) -> Result<(), Error> {
        let hs = self.hs.as_mut().expect("started");
        if hs.hrr_seen {
            return Err(Error::unexpected("second HelloRetryRequest"));
        }
        hs.hrr_seen = true;
        hs.hrr_suite = Some(sh.suite);
        let mut changed = false;
        if let Some(c) = sh.extensions.get(ext::COOKIE) {
            let mut r = crate::tls::codec::Reader::new(c);
            let cookie = r.vec16()?;
            r.finish()?;
            if cookie.is_empty() {
                return Err(Error::decode("empty cookie"));
            }
            hs.cookie = Some(cookie.to_vec());
            changed = true;
        }
        if let Some(k) = sh.extensions.get(ext::KEY_SHARE) {
            let mut r = crate::tls::codec::Reader::new(k);
            let group = r.u16()?;
            r.finish()?;
            // The group must be one we support and not one we already sent a
            // share for (section 4.2.8).
            let Some(g) = Group::from_iana(group).filter(|g| g.in_tls13() && self.config.groups.contains(g)) else {
                return Err(Error::illegal(Reason::BAD_KEY_SHARE, "HRR group not offered"));
            };
            if hs.key_shares.iter().any(|k| k.group() == g) {
                return Err(Error::illegal(Reason::BAD_KEY_SHARE, "HRR group already shared"));
            }
            hs.key_shares = vec![KeyShare::generate(g)?];
            changed = true;
        }
        if !changed {
            return Err(Error::illegal(Reason::BAD_EXTENSION, "HelloRetryRequest changes nothing"));
        }
        // Transcript: message_hash(Hash(ClientHello1)), HelloRetryRequest (4.4.1).
        let t = hs.transcript.as_mut().expect("set");
        let ch1_hash = t.current();
        let mut fresh = Transcript::new(t.alg());
        fresh.update(&msgs::frame(msgs::MESSAGE_HASH, |w| w.bytes(&ch1_hash)));
        fresh.update(msg);
        hs.transcript = Some(fresh);
        if self.config.middlebox_compat && !hs.ccs_sent {
            hs.ccs_sent = true;
            self.common.record.send_plain(record::CT_CHANGE_CIPHER_SPEC, &[1]);
        }
        self.send_client_hello(hooks)
    }

    fn on_server_finished(&mut self, msg: &[u8], hooks: &mut dyn ClientHooks) -> Result<(), Error> {
        let suite = self.common.suite.expect("suite chosen");
        let hash = suite.hash;
        let hs = self.hs.as_mut().expect("started");
        let transcript = hs.transcript.as_mut().expect("set");
        let expected = ks::finished_mac(hash, &hs.server_hs, &transcript.current());
        self.common.peer_finished = msg[4..].to_vec();
        crate::tls::common::check_finished(&expected, &msg[4..], "server Finished")?;
        transcript.update(msg);
        let master = hs.handshake_secret.take().expect("handshake secret").into_master();
        let th = transcript.current();
        let (c_app, s_app) = master.traffic_secrets(&th);
        hooks.keylog("CLIENT_TRAFFIC_SECRET_0", &hs.client_random, &c_app);
        hooks.keylog("SERVER_TRAFFIC_SECRET_0", &hs.client_random, &s_app);
        let exporter = master.exporter_master(&th);
        hooks.keylog("EXPORTER_SECRET", &hs.client_random, &exporter);
        self.common.exporter_master = exporter;
        self.common.record.set_read_key(ks::record_key(hash, suite.aead()?, &s_app)?);

        // Our second flight: CCS (compat), Certificate if asked, Finished.
        if self.config.middlebox_compat && !hs.ccs_sent {
            hs.ccs_sent = true;
            self.common.record.send_plain(record::CT_CHANGE_CIPHER_SPEC, &[1]);
        }
        self.common.record.set_write_key(ks::record_key(hash, suite.aead()?, &hs.client_hs)?);
        let hs = self.hs.as_mut().expect("started");
        let transcript = hs.transcript.as_mut().expect("set");
        if let Some(req) = &hs.cert_request {
            let rpk = hs.client_cert_type == cert_types::RPK;
            let compress = compression_for(&self.config.cert_compression, &hs.server_accepts_compressed, rpk);
            send_client_authentication(&mut self.common, &self.config.sigalgs, req, compress, rpk, transcript, hooks)?;
        }
        let verify_data = ks::finished_mac(hash, &hs.client_hs, &transcript.current());
        self.common.our_finished = verify_data.to_vec();
        let fin = encode_finished(&verify_data);
        transcript.update(&fin);
        self.common.record.send(record::CT_HANDSHAKE, &fin)?;
        if self.config.post_handshake_auth {
            self.pha_transcript = Some(Box::new(transcript.clone()));
        }
        self.common.record.set_write_key(ks::record_key(hash, suite.aead()?, &c_app)?);
        self.resumption_master = master.resumption_master(&transcript.current());
        self.common.our_app = c_app;
        self.common.peer_app = s_app;
        self.common.handshake_done = true;

        let mut est = SessionData::new(Some(suite));
        // The session records the name only if the server acknowledged it
        // (OpenSSL's client copies it when parsing the server's ack).
        est.hostname = if hs.sni_acked { self.config.server_name.clone() } else { None };
        est.alpn_selected = hs.alpn.clone().unwrap_or_default();
        if hs.server_cert_type == cert_types::RPK {
            est.peer_rpk = std::mem::take(&mut hs.server_chain).into_iter().next();
        } else {
            est.peer_chain = std::mem::take(&mut hs.server_chain);
        }
        if hs.psk_accepted && !hs.offered_external {
            if let Some(prev) = &self.config.resume {
                est.peer_chain = prev.peer_chain.clone();
                est.peer_rpk = prev.peer_rpk.clone();
                est.verify_result = prev.verify_result;
            }
        }
        self.established = Some(est);
        self.expect = Expect::Connected;
        // The handshake state (key shares, transcript, certificates) is not
        // needed any more: keep the facts, free the rest.
        self.resumed = hs.psk_accepted;
        self.alpn = hs.alpn.take();
        // The group of the share the server took (of several offered).
        self.group = self.common.our_key_share.as_ref().map(|(g, _)| *g).or_else(|| hs.key_shares.first().map(|k| k.group()));
        self.hs = None;
        Ok(())
    }

    /// Whether the handshake resumed the offered session.
    pub fn resumed(&self) -> bool {
        match &self.tls12 {
            Some(t) => t.resumed(),
            None => self.resumed,
        }
    }

    pub fn alpn_selected(&self) -> Option<&[u8]> {
        match &self.tls12 {
            Some(t) => t.alpn_selected(),
            None => self.alpn.as_deref(),
        }
    }

    pub fn server_chain(&self) -> Option<&Vec<Vec<u8>>> {
        self.established.as_ref().map(|e| &e.peer_chain)
    }

    fn on_new_session_ticket(&mut self, body: &[u8], hooks: &mut dyn ClientHooks) -> Result<(), Error> {
        let nst = NewSessionTicket::parse(body)?;
        let resumed = self.resumed;
        hooks.parse_custom_extensions(site(custom_ext::TLS1_3_NEW_SESSION_TICKET, true, resumed, crate::tls::TLS1_3_VERSION), &nst.app_extensions)?;
        let suite = self.common.suite.expect("connected");
        let mut s = self.established.clone().expect("connected");
        s.master_key = ks::resumption_psk(suite.hash, &self.resumption_master, &nst.nonce);
        s.session_id = sha256(&nst.ticket);
        s.ticket_lifetime_hint = nst.lifetime;
        s.ticket_age_add = nst.age_add;
        s.max_early_data = nst.max_early_data;
        s.time_ms = now_ms();
        // The ticket's lifetime bounds the session (OpenSSL sets the session
        // timeout from it for TLS 1.3), never beyond seven days.
        s.timeout = nst.lifetime.min(MAX_TICKET_LIFETIME) as u64;
        s.ticket = nst.ticket;
        hooks.new_session(s);
        Ok(())
    }

}

/// Answers a CertificateRequest, in the handshake or after it: our
/// certificate if one fits the server's signature_algorithms, else an empty
/// Certificate (RFC 8446 section 4.4.2.4), then a CertificateVerify over the
/// transcript when we sent a certificate. The server's schemes we are
/// configured to sign with are tried in its order.
fn send_client_authentication(
    common: &mut Common,
    our_sigalgs: &[u16],
    req: &CertificateRequest,
    compress: Option<(u16, &dyn CertCodec)>,
    rpk: bool,
    transcript: &mut Transcript,
    hooks: &mut dyn ClientHooks,
) -> Result<(), Error> {
    let usable: Vec<u16> = req.sigalgs.iter().copied().filter(|s| our_sigalgs.contains(s)).collect();
    let chosen = hooks.client_certificate(&usable).and_then(|ck| ck.key.choose_scheme(&usable).map(|s| (ck, s)));
    let chain: &[Vec<u8>] = chosen.as_ref().map_or(&[], |(ck, _)| &ck.chain[..]);
    // RFC 7250: with a raw public key the one entry is the leaf's key.
    let key_only: Vec<Vec<u8>>;
    let chain = match chain.first() {
        Some(leaf) if rpk => {
            key_only = vec![crate::tls::spki::subject_public_key_info(leaf)?.to_vec()];
            &key_only[..]
        }
        _ => chain,
    };
    // RFC 7250's single key carries no entry extensions (OpenSSL's tls_output_rpk).
    let app = if rpk { Vec::new() } else { custom_ext::for_chain(hooks, chain, false)? };
    let mut cert = CertificateMsg::encode_with(&req.context, chain, None, &app);
    // RFC 8879: the server listed an algorithm we have, so the Certificate
    // goes compressed (OpenSSL's client compresses it as it sends it: a
    // client's certificates are never compressed ahead of time).
    if let Some((alg, codec)) = compress {
        if let Some(data) = codec.compress(alg, &cert[4..]) {
            cert = CompressedCertificate::encode(alg, cert.len() - 4, &data);
        }
    }
    transcript.update(&cert);
    common.record.send(record::CT_HANDSHAKE, &cert)?;
    if let Some((ck, scheme)) = chosen {
        let content = verify_content(false, &transcript.current());
        let sig = ck.key.sign(scheme, &content).ok_or_else(|| Error::internal("signing failed"))?;
        common.our_sig_scheme = Some(scheme);
        let cv = msgs::frame(msgs::CERTIFICATE_VERIFY, |w| {
            w.u16(scheme);
            w.vec16(|w| w.bytes(&sig));
        });
        transcript.update(&cv);
        common.record.send(record::CT_HANDSHAKE, &cv)?;
    }
    Ok(())
}

/// The algorithm and codec to compress our certificate with: the first of
/// the server's list (OpenSSL's compress_certificate_from_peer[0]); none
/// for a raw public key (OpenSSL's do_compressed_cert).
fn compression_for<'a>(c: &'a CertCompression, accepted: &[u16], rpk: bool) -> Option<(u16, &'a dyn CertCodec)> {
    if rpk {
        return None;
    }
    Some((*accepted.first()?, c.codec.as_deref()?))
}

fn add_transcript(hs: &mut Handshake, msg: &[u8]) {
    match &mut hs.transcript {
        Some(t) => t.update(msg),
        None => hs.pending_transcript.extend_from_slice(msg),
    }
}

impl ClientConnection {
    /// A post-handshake CertificateRequest (RFC 8446 4.6.2): Certificate,
    /// CertificateVerify if we have a certificate for its signature
    /// algorithms, and Finished keyed by our current application traffic
    /// secret, all over the handshake transcript plus this request.
    fn on_post_handshake_request(&mut self, msg: &[u8], hooks: &mut dyn ClientHooks) -> Result<(), Error> {
        let req = CertificateRequest::parse(&msg[4..])?;
        if req.context.is_empty() {
            return Err(Error::illegal(Reason::LENGTH_MISMATCH, "post-handshake certificate_request_context is empty"));
        }
        hooks.certificate_request(&req.sigalgs, &req.ca_names);
        let Some(suite) = self.common.suite else { return Err(Error::internal("no suite")) };
        let mut transcript = self.pha_transcript.as_deref().cloned().ok_or_else(|| Error::internal("no transcript"))?;
        transcript.update(msg);
        let accepted = self.server_accepts_compressed(&req)?;
        let rpk = self.negotiated_client_cert_type == cert_types::RPK;
        let compress = compression_for(&self.config.cert_compression, &accepted, rpk);
        send_client_authentication(&mut self.common, &self.config.sigalgs, &req, compress, rpk, &mut transcript, hooks)?;
        let verify_data = ks::finished_mac(suite.hash, &self.common.our_app, &transcript.current());
        self.common.record.send(record::CT_HANDSHAKE, &encode_finished(&verify_data))?;
        Ok(())
    }
}

/// A received message's place for the application's extensions.
fn site(context: u32, tls13: bool, resumed: bool, version: u16) -> Site<'static> {
    Site { context, tls13, resumed, max_version: version, cert: None }
}

fn is_known_extension(t: u16) -> bool {
    matches!(
        t,
        ext::SERVER_NAME
            | ext::STATUS_REQUEST
            | ext::SUPPORTED_GROUPS
            | ext::EC_POINT_FORMATS
            | ext::SIGNATURE_ALGORITHMS
            | ext::ALPN
            | ext::SCT
            | ext::PADDING
            | ext::ENCRYPT_THEN_MAC
            | ext::EXTENDED_MASTER_SECRET
            | ext::SESSION_TICKET
            | ext::PRE_SHARED_KEY
            | ext::EARLY_DATA
            | ext::SUPPORTED_VERSIONS
            | ext::COOKIE
            | ext::PSK_KEY_EXCHANGE_MODES
            | ext::CERTIFICATE_AUTHORITIES
            | ext::POST_HANDSHAKE_AUTH
            | ext::SIGNATURE_ALGORITHMS_CERT
            | ext::KEY_SHARE
            | ext::RENEGOTIATION_INFO
            | ext::COMPRESS_CERTIFICATE
            | ext::CLIENT_CERTIFICATE_TYPE
            | ext::SERVER_CERTIFICATE_TYPE
    )
}



impl<'h> StateMachine<dyn ClientHooks + 'h> for ClientConnection {
    fn common_mut(&mut self) -> &mut Common {
        &mut self.common
    }

    fn handle_message(&mut self, ty: u8, msg: &[u8], hooks: &mut (dyn ClientHooks + 'h)) -> Result<(), Error> {
        self.handle_handshake(ty, msg, hooks)
    }
}
