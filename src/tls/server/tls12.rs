//! The TLS 1.0-1.2 server, entered from the shared ClientHello step when
//! the client's best version we allow is below TLS 1.3 (TLS 1.0 and 1.1
//! differ in the PRF, the handshake hash, the signatures' form and the
//! CBC IV, all in `tls12_shared` and the record layer): ECDHE with AEAD suites,
//! extended master secret, renegotiation_info, and OpenSSL's session
//! reuse — a ticket first, the session-id cache second
//! (`ssl_get_prev_session`), with the checks the API layer makes.
//!
//! Full: ServerHello, Certificate, [CertificateStatus], ServerKeyExchange,
//! [CertificateRequest], ServerHelloDone; then the client's [Certificate],
//! ClientKeyExchange, [CertificateVerify], ChangeCipherSpec, Finished; then
//! our [NewSessionTicket], ChangeCipherSpec, Finished. Resumed: ServerHello,
//! [NewSessionTicket], ChangeCipherSpec, Finished; then the client's.

use super::{accept_client_chain, parse_server_name, refresh_config, select_alpn, CertifiedKey, Resumption, ServerConfig, ServerHooks};
use crate::crypto::hash::HashAlg;
use crate::crypto::kx::{Group, KeyShare};
use crate::tls::alert::AlertDescription;
use crate::tls::msgs::tls12::CERTIFICATE_STATUS;
use crate::tls::tls12_shared::{self as shared, check_certificate_verify, downgrade_sentinel, finished, master_secret, scheme_fits_auth, KeyBlock};
use crate::tls::common::{constant_time_eq, Common};
use crate::tls::extensions as ext;
use crate::tls::custom_ext::{self, Site};
use crate::tls::key_schedule::Secret;
use crate::tls::msgs::certificate::parse_u16_list;
use crate::tls::msgs::hello::ClientHelloIn;
use crate::crypto::dhe::DhKeyPair;
use crate::tls::msgs::psk12;
use crate::tls::msgs::tls12::{self as m12, CertificateRequest12, DheServerKeyExchange, ServerKeyExchange};
use crate::tls::msgs::{self, CHANGE_CIPHER_SPEC_MARKER};
use crate::tls::tls12_state::{Connected12, HandshakeFacts};
use crate::tls::record;
use crate::tls::session::SessionData;
use crate::tls::record::Protection;
use crate::tls::suites::{Auth, Kx, Suite};
use crate::crypto::sign::SigningKey;
use std::sync::Arc;
use crate::tls::{Error, Reason, TLS1_2_VERSION};
use crate::crypto::{prf, rand};

enum Expect {
    ClientCertificate,
    ClientKeyExchange,
    CertificateVerify,
    ChangeCipherSpec,
    /// NPN: the client's NextProtocol, between its ChangeCipherSpec and Finished.
    NextProtocol,
    Finished,
    Connected,
}

pub struct Server12 {
    expect: Expect,
    /// We announced NPN protocols: a NextProtocol follows the client's
    /// ChangeCipherSpec.
    next_proto_expected: bool,
    /// The negotiated version: TLS 1.0, 1.1 or 1.2.
    version: u16,
    messages: Vec<u8>,
    suite: &'static Suite,
    client_random: [u8; 32],
    server_random: [u8; 32],
    ems: bool,
    /// encrypt_then_mac (RFC 7366) acknowledged for a CBC suite.
    etm: bool,
    ticket_expected: bool,
    /// The session resumed, if any.
    /// Boxed: most handshakes resume nothing, and a session is 344 bytes.
    resumed: Option<Box<SessionData>>,
    session_id: Vec<u8>,
    key_share: Option<KeyShare>,
    /// RSA key exchange: the certificate's key decrypts the premaster secret.
    rsa_key: Option<Arc<SigningKey>>,
    /// DHE: our key pair.
    dh: Option<DhKeyPair>,
    /// The ClientHello's version, which the premaster secret must carry.
    client_version: u16,
    group: Option<Group>,
    client_chain: Vec<Vec<u8>>,
    master: Secret,
    /// The PRF keyed with the master secret (key block, both Finished).
    prf: Option<prf::Prf>,
    alpn: Option<Vec<u8>>,
    server_name: Option<String>,
    sni_ack: bool,
    sid_ctx: Vec<u8>,
    pub established: Option<SessionData>,
    not_resumable: bool,
    keys: KeyBlock,
    /// PSK suites: the client's identity, for the session.
    psk_identity: Option<Vec<u8>>,
    /// SRP: the client's username, the user's parameters and our b and B.
    srp_username: Option<Vec<u8>>,
    srp: Option<(super::SrpUser, crate::sys::srp::ServerKey)>,
    /// RFC 5746's binding is in use (the client signalled support).
    pub secure_renegotiation: bool,
}

pub use m12::HELLO_REQUEST;

/// ClientHello facts the shared step found.
pub struct Hello<'a> {
    pub ch: &'a ClientHelloIn<'a>,
    pub msg: &'a [u8],
    pub sid_ctx: Vec<u8>,
    /// The version chosen: TLS 1.0, 1.1 or 1.2.
    pub version: u16,
    /// Set when this ClientHello renegotiates an established connection.
    pub renegotiation: Option<Renegotiation>,
}

/// What a renegotiation is bound to (RFC 5746 3.7): the previous
/// handshake's Finished verify_data, the client's then ours.
pub struct Renegotiation {
    pub client_verify: Vec<u8>,
    pub server_verify: Vec<u8>,
    /// `SSL_OP_ALLOW_UNSAFE_LEGACY_RENEGOTIATION`.
    pub allow_unsafe: bool,
    /// `SSL_OP_NO_SESSION_RESUMPTION_ON_RENEGOTIATION`: a full handshake.
    pub no_resumption: bool,
}

impl Server12 {
    /// The negotiated version.
    pub fn start(config: &mut ServerConfig, common: &mut Common, hello: Hello<'_>, hooks: &mut dyn ServerHooks) -> Result<Self, Error> {
        let ch = hello.ch;
        let version = hello.version;
        if !ch.compressions.contains(&0) {
            return Err(Error::illegal(Reason::BAD_DECOMPRESSION, "no null compression"));
        }
        let secure_renegotiation = renegotiation_binding(ch, hello.renegotiation.as_ref())?;
        let ems_offered = match ch.extensions.get(ext::EXTENDED_MASTER_SECRET) {
            Some([]) => !config.no_ems,
            Some(_) => return Err(Error::decode("extended_master_secret not empty")),
            None => false,
        };
        let client_sigalgs = match ch.extensions.get(ext::SIGNATURE_ALGORITHMS) {
            Some(b) => parse_u16_list(b)?,
            // RFC 5246 7.4.1.4.1: without the extension the client accepts
            // SHA-1 signatures, which we do not make: no signing suite fits.
            None => Vec::new(),
        };
        let sigalgs_absent = ch.extensions.get(ext::SIGNATURE_ALGORITHMS).is_none();
        // srp (RFC 5054 2.8.1): srp_I<1..2^8-1>; OpenSSL's tls_parse_ctos_srp
        // refuses an empty or NUL-containing name (decode_error, BAD_EXTENSION).
        let srp_username = match ch.extensions.get(ext::SRP) {
            Some(b) => {
                let mut r = crate::tls::codec::Reader::new(b);
                let name = r.vec8().and_then(|n| r.finish().map(|()| n)).ok().filter(|n| !n.is_empty() && !n.contains(&0));
                Some(name.ok_or_else(|| Error::decode("srp extension").with_reason(Reason::BAD_EXTENSION))?.to_vec())
            }
            None => None,
        };
        let client_groups = match ch.extensions.get(ext::SUPPORTED_GROUPS) {
            Some(b) => parse_u16_list(b)?,
            None => Vec::new(),
        };

        // Session reuse: a ticket first, then the cache (ssl_get_prev_session).
        let ticket_ext = ch.extensions.get(ext::SESSION_TICKET).filter(|_| !config.no_ticket);
        let from_ticket = ticket_ext.is_some_and(|t| !t.is_empty());
        let no_resumption = hello.renegotiation.as_ref().is_some_and(|r| r.no_resumption);
        let (candidate, mut ticket_expected) = match ticket_ext {
            _ if no_resumption => (None, ticket_ext.is_some()),
            // A ticket that does not decrypt earns a new one (the hooks
            // say, after the application's decrypt callback).
            Some(t) if !t.is_empty() => hooks.find_tls12_ticket(t)?,
            // An empty session_ticket asks for one; the id may name a
            // cached session (OpenSSL's ssl_get_prev_session).
            other => {
                let expected = match other {
                    Some(_) => hooks.empty_tls12_ticket()?,
                    None => false,
                };
                let cached = if ch.session_id.is_empty() { None } else { hooks.find_cached_session(ch.session_id)? };
                (cached, expected)
            }
        };
        let mut resumed = None;
        if let Some(mut s) = candidate {
            // A ticket's session takes the client's session id, which the
            // ServerHello echoes (OpenSSL's tls_decrypt_ticket).
            if from_ticket {
                s.session_id = ch.session_id.to_vec();
            }
            match hooks.check_session(&s, version, Some(ems_offered))? {
                Resumption::Accept => resumed = Some(s),
                // A rejected ticket session is replaced, with a new ticket.
                Resumption::Decline => ticket_expected |= from_ticket,
            }
        }
        if let Some(s) = &resumed {
            // "the session's cipher must be in the client's list" (OpenSSL:
            // SSL_R_REQUIRED_CIPHER_MISSING, illegal_parameter).
            let iana = s.suite.map_or(0, |x| x.iana);
            if !ch.suites.contains(&iana) {
                return Err(Error::illegal(Reason::REQUIRED_CIPHER_MISSING, "resumed session's cipher not offered"));
            }
        }

        // The application's extensions are parsed after ours and before
        // the servername callback (OpenSSL's tls_parse_all_extensions, then
        // its finalisers), knowing whether the session resumes.
        let site = |context| Site { context, tls13: false, resumed: resumed.is_some(), max_version: version, cert: None };
        hooks.parse_custom_extensions(site(custom_ext::CLIENT_HELLO), &custom_ext::collect(&ch.extensions))?;
        let name = parse_server_name(ch.extensions.get(ext::SERVER_NAME))?;
        let sni_ack = hooks.servername(name.as_deref())? && name.is_some() && resumed.is_none();
        refresh_config(config, hooks)?;

        let alpn = select_alpn(ch.extensions.get(ext::ALPN), hooks)?;
        refresh_config(config, hooks)?;
        // NPN (OpenSSL's tls_construct_stoc_next_proto_neg): in a first
        // handshake whose client offered it, when ALPN did not settle a
        // protocol ("ALPN takes precedence over NPN"), the application's
        // list if it gives one.
        let npn_offered = ch.extensions.get(ext::NEXT_PROTO_NEG).is_some() && hello.renegotiation.is_none();
        let npn_list = if npn_offered && alpn.is_none() { hooks.next_protos_advertised() } else { None };

        // Suite, certificate and curve for a full handshake; the session's for a resumption.
        let (suite, certified, group) = match &resumed {
            Some(s) => (s.suite.filter(|x| x.version == TLS1_2_VERSION && x.min_version <= version).ok_or_else(|| Error::internal("session suite"))?, None, None),
            None => {
                // The certificate callback runs before the suite is chosen
                // (OpenSSL's tls_post_process_client_hello); what it sets
                // (certificate, verify mode, suites) applies from here on.
                hooks.certificate_callback()?;
                refresh_config(config, hooks)?;
                let group = choose_group(config, &client_groups);
                let offer = ClientOffer {
                    suites: &ch.suites,
                    sigalgs: &client_sigalgs,
                    sigalgs_absent,
                    groups: &client_groups,
                    have_group: group.is_some(),
                    srp_username: srp_username.is_some(),
                };
                let (suite, certified) = choose_suite(config, version, &offer, hooks)?;
                // OpenSSL 3.0's tls_choose_sigalg: before TLS 1.2 the
                // certificate signs with SHA-1 or MD5-SHA1, which only
                // security level 0 allows (also for RSA key exchange); a
                // suite without a certificate (aPSK) needs no signature.
                if version < TLS1_2_VERSION && !config.legacy_sigalgs && certified.is_some() {
                    return Err(Error::new(AlertDescription::InternalError, Reason::NO_SUITABLE_SIGNATURE_ALGORITHM, "no legacy signature at this security level"));
                }
                (suite, certified, group.filter(|_| suite.kx.is_ecdhe()))
            }
        };
        let ems = match &resumed {
            Some(s) => s.extended_master_secret,
            None => ems_offered,
        };
        // OpenSSL's tls_post_process_client_hello: a session the callback
        // makes not resumable gets no ticket and no id.
        // Asked with whether the key exchange is kDHE or kECDHE (not the PSK ones).
        let not_resumable = resumed.is_none() && hooks.new_session_not_resumable(matches!(suite.kx, Kx::Ecdhe | Kx::Dhe));
        // OpenSSL's tls_parse_ctos_etm and tls_construct_stoc_etm: used
        // unless SSL_OP_NO_ENCRYPT_THEN_MAC, and only with a CBC suite.
        let etm = !config.no_etm && ch.extensions.get(ext::ENCRYPT_THEN_MAC).is_some() && !suite.is_aead();
        if not_resumable {
            ticket_expected = false;
        }
        let ocsp = match (&certified, ch.extensions.get(ext::STATUS_REQUEST)) {
            (Some(_), Some(b)) if b.first() == Some(&1) => hooks.ocsp_response()?,
            _ => None,
        };

        // SRP: the username callback runs once an SRP suite is chosen,
        // before the ServerHello (OpenSSL's tls_post_process_client_hello).
        let srp = match (&resumed, suite.kx) {
            (None, Kx::Srp) => {
                let user = hooks.srp_user(version, srp_username.as_deref().unwrap_or_default())?;
                let key = crate::sys::srp::ServerKey::new(&user.n, &user.g, &user.verifier).ok_or_else(|| Error::internal("SRP B"))?;
                Some((user, key))
            }
            _ => None,
        };
        let mut server_random = rand::array::<32>()?;
        // RFC 8446 4.1.3: a server negotiating below its best says so.
        if let Some(sentinel) = downgrade_sentinel(version, config.max_version) {
            server_random[24..].copy_from_slice(&sentinel);
        }
        // A resumed session keeps the client's id (an echo signals resumption);
        // a new one gets 32 random bytes, or none when a ticket will carry it
        // (OpenSSL's ssl_generate_session_id) or when the server cache is
        // off ("we want the new session to be single-use").
        let session_id = match &resumed {
            Some(_) => ch.session_id.to_vec(),
            None if ticket_expected || not_resumable || !config.server_cache => Vec::new(),
            None => hooks.new_session_id()?,
        };
        common.version = version;
        common.record.tls12 = true;
        common.record.version = version;
        common.record.msg_version = version;
        common.suite = Some(suite);
        common.client_random = ch.random;
        common.server_random = server_random;

        let app_extensions = hooks.add_custom_extensions(site(custom_ext::TLS1_2_SERVER_HELLO))?;
        let sh = msgs::frame(msgs::SERVER_HELLO, |w| {
            w.u16(version);
            w.bytes(&server_random);
            w.vec8(|w| w.bytes(&session_id));
            w.u16(suite.iana);
            w.u8(0);
            w.vec16(|w| {
                custom_ext::write(w, &app_extensions);
                // RFC 5746 3.6/3.7: empty in an initial handshake; in a
                // renegotiation the previous client and server verify_data.
                if secure_renegotiation {
                    w.u16(ext::RENEGOTIATION_INFO);
                    w.vec16(|w| {
                        w.vec8(|w| {
                            if let Some(r) = &hello.renegotiation {
                                w.bytes(&r.client_verify);
                                w.bytes(&r.server_verify);
                            }
                        })
                    });
                }
                if sni_ack {
                    w.u16(ext::SERVER_NAME);
                    w.u16(0);
                }
                // OpenSSL answers ec_point_formats only when the suite uses
                // ECC (ECDHE or ECDSA: tls_construct_stoc_ec_pt_formats).
                let ecc = suite.kx == Kx::Ecdhe || suite.auth == Auth::Ecdsa;
                if ecc && resumed.is_none() && ch.extensions.get(ext::EC_POINT_FORMATS).is_some() {
                    w.u16(ext::EC_POINT_FORMATS);
                    w.vec16(|w| w.vec8(|w| w.u8(0)));
                }
                if ticket_expected {
                    w.u16(ext::SESSION_TICKET);
                    w.u16(0);
                }
                if ocsp.is_some() {
                    w.u16(ext::STATUS_REQUEST);
                    w.u16(0);
                }
                if let Some(list) = &npn_list {
                    w.u16(ext::NEXT_PROTO_NEG);
                    w.vec16(|w| w.bytes(list));
                }
                if let Some(p) = &alpn {
                    w.u16(ext::ALPN);
                    w.vec16(|w| w.vec16(|w| w.vec8(|w| w.bytes(p))));
                }
                if etm {
                    w.u16(ext::ENCRYPT_THEN_MAC);
                    w.u16(0);
                }
                if ems {
                    w.u16(ext::EXTENDED_MASTER_SECRET);
                    w.u16(0);
                }
            })
        });
        let mut s = Server12 {
            next_proto_expected: npn_list.is_some(),
            expect: Expect::ClientKeyExchange,
            version,
            messages: Vec::with_capacity(4096),
            suite,
            client_random: ch.random,
            server_random,
            ems,
            etm,
            ticket_expected,
            resumed: None,
            session_id,
            key_share: None,
            rsa_key: None,
            dh: None,
            client_version: ch.legacy_version,
            group,
            client_chain: Vec::new(),
            master: Secret::default(),
            prf: None,
            alpn,
            server_name: name,
            sni_ack,
            sid_ctx: hello.sid_ctx,
            established: None,
            not_resumable,
            keys: KeyBlock::default(),
            psk_identity: None,
            srp_username,
            srp,
            secure_renegotiation,
        };
        s.messages.extend_from_slice(hello.msg);
        s.send(common, &sh)?;

        if let Some(r) = resumed {
            s.master = Secret::new(r.master_key.to_vec());
            s.prf = Some(prf::Prf::for_version(version, suite.hash, &s.master));
            s.resumed = Some(Box::new(r));
            hooks.keylog("CLIENT_RANDOM", &s.client_random, &s.master);
            if s.ticket_expected {
                s.send_ticket(common, hooks)?;
            }
            s.send_change_cipher_spec_and_finished(common)?;
            s.expect = Expect::ChangeCipherSpec;
            return Ok(s);
        }

        // "With normal PSK Certificates and Certificate Requests are omitted" (OpenSSL).
        if let Some((ck, _)) = &certified {
            let cert = m12::encode_certificate(&ck.chain);
            s.send(common, &cert)?;
        }
        if let Some(resp) = &ocsp {
            let status = msgs::frame(CERTIFICATE_STATUS, |w| {
                w.u8(1);
                w.vec24(|w| w.bytes(resp));
            });
            s.send(common, &status)?;
        }
        match (suite.kx, &certified) {
            // RSA key exchange: no ServerKeyExchange (RFC 5246 7.4.3).
            (Kx::Rsa, Some((ck, _))) => s.rsa_key = Some(ck.key.clone()),
            (Kx::Dhe, signer) => s.send_dhe_server_key_exchange(common, signer.as_ref(), hooks)?,
            (Kx::Ecdhe, signer) => s.send_server_key_exchange(common, signer.as_ref(), group)?,
            (Kx::RsaPsk, Some((ck, _))) => {
                s.rsa_key = Some(ck.key.clone());
                s.send_psk_server_key_exchange(common, config, hooks)?;
            }
            (Kx::Psk | Kx::DhePsk | Kx::EcdhePsk, None) => s.send_psk_server_key_exchange(common, config, hooks)?,
            (Kx::Srp, signer) => s.send_srp_server_key_exchange(common, signer.as_ref())?,
            _ => return Err(Error::internal("suite and certificate do not fit")),
        }
        // Not with aPSK or aNULL (OpenSSL's send_certificate_request).
        if config.request_client_cert && suite.auth.uses_certificate() {
            let cr = CertificateRequest12 {
                cert_types: m12::CERT_TYPES.to_vec(),
                sigalgs: config.client_sigalgs.clone(),
                ca_names: config.client_ca_names.clone(),
                with_sigalgs: version >= TLS1_2_VERSION,
            };
            s.send(common, &cr.encode())?;
            s.expect = Expect::ClientCertificate;
        }
        s.send(common, &msgs::frame(m12::SERVER_HELLO_DONE, |_| {}))?;
        Ok(s)
    }

    /// DHE: ServerDHParams of our key pair, signed with the certificate's
    /// key (`signer`; None for anonymous DH, which signs nothing); no
    /// parameters is OpenSSL's internal_error MISSING_TMP_DH_KEY.
    fn send_dhe_server_key_exchange(&mut self, common: &mut Common, signer: Option<&(CertifiedKey, u16)>, hooks: &mut dyn ServerHooks) -> Result<(), Error> {
        let pair = self.dh_key_pair(signer.map(|(ck, _)| ck), hooks)?;
        let params = DheServerKeyExchange::encode_params(pair.p(), pair.g(), pair.public());
        common.our_dh = Some(Box::new((pair.p().to_vec(), pair.g().to_vec(), pair.public().to_vec())));
        self.dh = Some(pair);
        self.send_signed_params(common, params, signer)
    }

    /// Our DH key pair: OpenSSL's ssl_get_auto_dh sizes automatic
    /// parameters by the certificate's key, or for aNULL and aPSK suites
    /// by the cipher (128 bits of security for a 256-bit one, else 80: an
    /// RSA key of 3072 or 1024 bits).
    fn dh_key_pair(&self, cert: Option<&CertifiedKey>, hooks: &mut dyn ServerHooks) -> Result<DhKeyPair, Error> {
        let rsa_bits = match cert {
            Some(ck) => ck.key.rsa_bits(),
            None if self.suite.bits == 256 => 3072,
            None => 1024,
        };
        hooks.dhe_key_pair(rsa_bits)?.ok_or_else(|| Error::new(AlertDescription::InternalError, Reason::MISSING_TMP_DH_KEY, "no DH parameters"))
    }

    /// ServerKeyExchange: the params and, with a certificate's key, the
    /// signature over client_random || server_random || params (RFC 5246
    /// 7.4.3); anonymous suites send the params alone.
    fn send_signed_params(&mut self, common: &mut Common, params: Vec<u8>, signer: Option<&(CertifiedKey, u16)>) -> Result<(), Error> {
        let Some((ck, scheme)) = signer else {
            return self.send(common, &msgs::frame(m12::SERVER_KEY_EXCHANGE, |w| w.bytes(&params)));
        };
        let signed = m12::signed_params(&self.client_random, &self.server_random, &params);
        let sig = shared::sign(self.version, &ck.key, *scheme, &signed)?;
        common.our_sig_scheme = Some(sig.scheme);
        self.send(common, &ServerKeyExchange::encode(&params, sig.wire_scheme, &sig.bytes))
    }

    /// PSK suites (OpenSSL's tls_construct_server_key_exchange): the hint
    /// and, for DHE-PSK and ECDHE-PSK, our parameters, unsigned. PSK and
    /// RSA-PSK send it only when a hint is set.
    fn send_psk_server_key_exchange(&mut self, common: &mut Common, config: &ServerConfig, hooks: &mut dyn ServerHooks) -> Result<(), Error> {
        let hint = config.psk_identity_hint.as_deref();
        let params = match self.suite.kx {
            Kx::Psk | Kx::RsaPsk if hint.is_none() => return Ok(()),
            Kx::DhePsk => {
                let pair = self.dh_key_pair(None, hooks)?;
                let params = DheServerKeyExchange::encode_params(pair.p(), pair.g(), pair.public());
                common.our_dh = Some(Box::new((pair.p().to_vec(), pair.g().to_vec(), pair.public().to_vec())));
                self.dh = Some(pair);
                params
            }
            Kx::EcdhePsk => {
                let group = self
                    .group
                    .ok_or_else(|| Error::new(AlertDescription::HandshakeFailure, Reason::UNSUPPORTED_ELLIPTIC_CURVE, "no shared curve"))?;
                let share = KeyShare::generate(group)?;
                let params = ServerKeyExchange::encode_params(group.iana(), share.public());
                common.our_key_share = Some((group, share.public().to_vec()));
                self.key_share = Some(share);
                params
            }
            _ => Vec::new(),
        };
        let ske = psk12::encode_server_key_exchange(hint.unwrap_or_default(), &params);
        self.send(common, &ske)
    }

    /// SRP (RFC 5054 2.6): the user's N, g and salt and our B, signed by
    /// SRP-RSA's and SRP-DSS's certificate.
    fn send_srp_server_key_exchange(&mut self, common: &mut Common, signer: Option<&(CertifiedKey, u16)>) -> Result<(), Error> {
        let (user, key) = self.srp.as_ref().ok_or_else(|| Error::internal("no SRP parameters"))?;
        let params = m12::SrpParams { n: &user.n, g: &user.g, salt: &user.salt, public: &key.public }.encode();
        self.send_signed_params(common, params, signer)
    }

    /// SRP's ClientKeyExchange: A<1..2^16-1> (decode_error, BAD_SRP_A_LENGTH),
    /// in [1, N) (illegal_parameter, BAD_SRP_PARAMETERS); the premaster S.
    fn srp_premaster(&mut self, body: &[u8]) -> Result<zeroize::Zeroizing<Vec<u8>>, Error> {
        let bad_length = || Error::decode("SRP A").with_reason(Reason::BAD_SRP_A_LENGTH);
        let mut r = crate::tls::codec::Reader::new(body);
        let a = r.vec16().map_err(|_| bad_length())?;
        r.finish().map_err(|_| bad_length())?;
        let (user, key) = self.srp.take().ok_or_else(|| Error::internal("no SRP parameters"))?;
        if !crate::sys::srp::below_n_and_nonzero(a, &user.n) {
            return Err(Error::illegal(Reason::BAD_SRP_PARAMETERS, "SRP A"));
        }
        key.premaster(a, &user.n, &user.verifier).ok_or_else(|| Error::internal("SRP computation failed"))
    }

    /// ECDHE: our share of the chosen curve, signed with the certificate's
    /// key (`signer`; None for anonymous ECDH).
    fn send_server_key_exchange(&mut self, common: &mut Common, signer: Option<&(CertifiedKey, u16)>, group: Option<Group>) -> Result<(), Error> {
        let group = group.ok_or_else(|| Error::internal("no group"))?;
        let share = KeyShare::generate(group)?;
        let params = ServerKeyExchange::encode_params(group.iana(), share.public());
        common.our_key_share = Some((group, share.public().to_vec()));
        self.key_share = Some(share);
        self.send_signed_params(common, params, signer)
    }

    fn hash(&self) -> HashAlg {
        self.suite.hash
    }

    fn send(&mut self, common: &mut Common, msg: &[u8]) -> Result<(), Error> {
        self.messages.extend_from_slice(msg);
        common.record.send(record::CT_HANDSHAKE, msg)
    }

    pub fn handle(&mut self, ty: u8, msg: &[u8], config: &ServerConfig, common: &mut Common, hooks: &mut dyn ServerHooks) -> Result<(), Error> {
        let ccs = ty == CHANGE_CIPHER_SPEC_MARKER && msg.is_empty();
        if ccs && !matches!(self.expect, Expect::ChangeCipherSpec) {
            return Err(Error::unexpected("change_cipher_spec out of order").with_reason(Reason::UNEXPECTED_CCS_MESSAGE));
        }
        match (&self.expect, ty) {
            (Expect::ChangeCipherSpec, _) if ccs => {
                let key = self.take_key(true)?;
                common.record.set_read_protection(key);
                self.expect = if self.next_proto_expected { Expect::NextProtocol } else { Expect::Finished };
                Ok(())
            }
            (Expect::NextProtocol, msgs::NEXT_PROTOCOL) => {
                let proto = m12::parse_next_protocol(&msg[4..])?;
                hooks.next_proto_negotiated(&proto);
                self.messages.extend_from_slice(msg);
                self.expect = Expect::Finished;
                Ok(())
            }
            (Expect::ClientCertificate, msgs::CERTIFICATE) => {
                let chain = m12::parse_certificate(&msg[4..])?;
                self.messages.extend_from_slice(msg);
                // TLS 1.2 has no certificate_required alert: handshake_failure,
                // as OpenSSL sends for SSL_R_PEER_DID_NOT_RETURN_A_CERTIFICATE.
                let accepted = accept_client_chain(config.require_client_cert, &chain, false, hooks).map_err(|mut e| {
                    if e.alert == Some(AlertDescription::CertificateRequired) {
                        e.alert = Some(AlertDescription::HandshakeFailure);
                    }
                    e
                })?;
                if accepted {
                    self.client_chain = chain;
                }
                self.expect = Expect::ClientKeyExchange;
                Ok(())
            }
            (Expect::ClientKeyExchange, m12::CLIENT_KEY_EXCHANGE) => {
                let (psk, exchange) = self.psk_identity(&msg[4..], hooks)?;
                let other = match self.suite.kx {
                    Kx::Rsa | Kx::RsaPsk => Some(self.rsa_premaster(exchange)?),
                    Kx::Dhe | Kx::DhePsk => Some(self.dhe_premaster(exchange, common)?),
                    Kx::Ecdhe | Kx::EcdhePsk => Some(self.ecdhe_premaster(exchange, common)?),
                    Kx::Srp => Some(self.srp_premaster(exchange)?),
                    // Plain PSK: nothing follows the identity.
                    Kx::Psk if exchange.is_empty() => None,
                    Kx::Psk => return Err(Error::decode("ClientKeyExchange length").with_reason(Reason::LENGTH_MISMATCH)),
                    Kx::Any => return Err(Error::internal("TLS 1.3 suite in TLS 1.2")),
                };
                let pms = match (&psk, &other) {
                    (Some(psk), other) => psk12::premaster(other.as_deref().map(|v| &v[..]), psk),
                    (None, Some(other)) => other.clone(),
                    (None, None) => return Err(Error::internal("no premaster secret")),
                };
                self.messages.extend_from_slice(msg);
                self.master = master_secret(self.version, self.hash(), &pms, self.ems, &self.messages, &self.client_random, &self.server_random)?;
                self.prf = Some(prf::Prf::for_version(self.version, self.hash(), &self.master));
                hooks.keylog("CLIENT_RANDOM", &self.client_random, &self.master);
                self.expect = if self.client_chain.is_empty() { Expect::ChangeCipherSpec } else { Expect::CertificateVerify };
                Ok(())
            }
            (Expect::CertificateVerify, msgs::CERTIFICATE_VERIFY) => {
                let spki = crate::tls::spki::subject_public_key_info(&self.client_chain[0])?;
                common.peer_sig_scheme = Some(check_certificate_verify(self.version, &msg[4..], &config.client_sigalgs, spki, &self.messages)?);
                self.messages.extend_from_slice(msg);
                self.expect = Expect::ChangeCipherSpec;
                Ok(())
            }
            (Expect::Finished, msgs::FINISHED) => self.on_client_finished(msg, common, hooks),
            _ => Err(Error::unexpected("unexpected handshake message")),
        }
    }

    /// A PSK suite's identity at the start of ClientKeyExchange, looked up
    /// with the PSK server callback (OpenSSL's tls_process_cke_psk_preamble):
    /// the key and the rest of the message. Other suites: the whole body.
    fn psk_identity<'a>(&mut self, body: &'a [u8], hooks: &mut dyn ServerHooks) -> Result<(Option<zeroize::Zeroizing<Vec<u8>>>, &'a [u8]), Error> {
        if !self.suite.kx.is_psk() {
            return Ok((None, body));
        }
        let (identity, rest) = psk12::split_identity(body)?;
        let identity = psk12::c_string_bytes(identity);
        let psk = hooks
            .tls12_psk(self.version, &identity)?
            .ok_or_else(|| Error::new(AlertDescription::UnknownPskIdentity, Reason::PSK_IDENTITY_NOT_FOUND, "PSK identity not found"))?;
        self.psk_identity = Some(identity);
        Ok((Some(psk), rest))
    }

    /// The client's ECDHE share agreed with ours.
    fn ecdhe_premaster(&mut self, body: &[u8], common: &mut Common) -> Result<zeroize::Zeroizing<Vec<u8>>, Error> {
        let point = m12::parse_client_key_exchange(body)?;
        let share = self.key_share.take().ok_or_else(|| Error::internal("no key share"))?;
        let pms = share.agree(point).ok_or_else(|| Error::illegal(Reason::BAD_ECPOINT, "invalid client ECDH point"))?;
        common.peer_key_share = Some((share.group(), point.to_vec()));
        Ok(pms)
    }

    /// The client's DH value agreed with ours.
    fn dhe_premaster(&mut self, body: &[u8], common: &mut Common) -> Result<zeroize::Zeroizing<Vec<u8>>, Error> {
        let y = m12::parse_dhe_client_key_exchange(body)?;
        let pair = self.dh.take().ok_or_else(|| Error::internal("no DH key"))?;
        // OpenSSL 3.0 refuses a value outside the group when it sets it on
        // the key: illegal_parameter, SSL_R_BAD_DH_VALUE.
        let pms = pair.agree(y).ok_or_else(|| Error::illegal(Reason::BAD_DH_VALUE, "client DH value"))?;
        common.peer_dh = Some(Box::new((pair.p().to_vec(), pair.g().to_vec(), y.to_vec())));
        Ok(pms)
    }

    /// EncryptedPreMasterSecret<0..2^16-1> decrypted by libcrypto (RFC 5246
    /// 7.4.7.1). A wrong padding, length or version does not fail here:
    /// libcrypto substitutes a random secret in constant time, and the
    /// handshake fails later at the client's Finished exactly as with a
    /// wrong key (bad_record_mac). Only a publicly invalid ciphertext is
    /// refused now, as OpenSSL does (decrypt_error, SSL_R_DECRYPTION_FAILED).
    fn rsa_premaster(&mut self, body: &[u8]) -> Result<zeroize::Zeroizing<Vec<u8>>, Error> {
        let mut r = crate::tls::codec::Reader::new(body);
        let encrypted = r.vec16().map_err(|_| Error::decode("ClientKeyExchange length").with_reason(Reason::LENGTH_MISMATCH))?;
        r.finish().map_err(|_| Error::decode("ClientKeyExchange length").with_reason(Reason::LENGTH_MISMATCH))?;
        let key = self.rsa_key.take().ok_or_else(|| Error::internal("no RSA key"))?;
        let pms = key
            .decrypt_premaster(encrypted, self.client_version)
            .ok_or_else(|| Error::new(AlertDescription::DecryptError, Reason::DECRYPTION_FAILED, "RSA premaster secret"))?;
        Ok(zeroize::Zeroizing::new(pms.to_vec()))
    }

    fn on_client_finished(&mut self, msg: &[u8], common: &mut Common, hooks: &mut dyn ServerHooks) -> Result<(), Error> {
        common.require_record_boundary()?;
        let expected = self.finished(b"client finished")?;
        common.peer_finished = msg[4..].to_vec();
        crate::tls::common::check_finished(&expected, &msg[4..], "client Finished")?;
        self.messages.extend_from_slice(msg);
        if self.resumed.is_none() {
            let mut s = SessionData::new(Some(self.suite));
            s.version = self.version;
            s.master_key = zeroize::Zeroizing::new(self.master.to_vec());
            s.session_id = self.session_id.clone();
            s.extended_master_secret = self.ems;
            s.sid_ctx = self.sid_ctx.clone();
            s.peer_chain = std::mem::take(&mut self.client_chain);
            s.hostname = if self.sni_ack { self.server_name.clone() } else { None };
            s.alpn_selected = self.alpn.clone().unwrap_or_default();
            s.kex_group = self.group.map_or(0, |g| g.iana());
            s.not_resumable = self.not_resumable;
            s.psk_identity = self.psk_identity.take();
            s.srp_username = self.srp_username.clone().filter(|_| self.suite.kx == Kx::Srp);
            let ticket = hooks.tls12_session(&mut s, self.ticket_expected);
            self.established = Some(s.clone());
            if self.ticket_expected {
                // A callback that declines sends an empty ticket, as OpenSSL does.
                let nst = m12::encode_new_session_ticket(s.timeout.min(u32::MAX as u64) as u32, ticket.as_deref().unwrap_or(&[]));
                self.send(common, &nst)?;
            }
            self.send_change_cipher_spec_and_finished(common)?;
        } else {
            self.established = self.resumed.as_deref().cloned();
        }
        common.tls12_master = self.master.clone();
        common.handshake_done = true;
        common.handshakes_completed += 1;
        self.messages = Vec::new();
        // Only the handshake needed the PRF and the key block.
        self.prf = None;
        self.keys = KeyBlock::default();
        self.expect = Expect::Connected;
        Ok(())
    }

    /// A new ticket for the resumed session (RFC 5077 3.1: the server may
    /// renew it); OpenSSL's lifetime hint is 0 on resumption.
    fn send_ticket(&mut self, common: &mut Common, hooks: &mut dyn ServerHooks) -> Result<(), Error> {
        let mut s = self.resumed.as_deref().cloned().ok_or_else(|| Error::internal("no session"))?;
        let ticket = hooks.seal_tls12_ticket(&mut s).unwrap_or_default();
        let nst = m12::encode_new_session_ticket(0, &ticket);
        self.send(common, &nst)
    }

    fn send_change_cipher_spec_and_finished(&mut self, common: &mut Common) -> Result<(), Error> {
        common.record.send_change_cipher_spec()?;
        let key = self.take_key(false)?;
        common.record.set_write_protection(key);
        let verify_data = self.finished(b"server finished")?;
        common.our_finished = verify_data.to_vec();
        let fin = crate::tls::msgs::misc::encode_finished(&verify_data);
        self.send(common, &fin)
    }

    /// verify_data over the handshake messages so far.
    fn finished(&self, label: &[u8]) -> Result<Secret, Error> {
        let prf = self.prf.as_ref().ok_or_else(|| Error::internal("no master secret"))?;
        finished(self.version, self.hash(), prf, label, &self.messages)
    }

    /// The client's write key, which we read with, or ours (`!client`).
    fn take_key(&mut self, client: bool) -> Result<Protection, Error> {
        self.keys.take(self.version, client, !client, self.etm, self.suite, self.prf.as_ref(), &self.client_random, &self.server_random)
    }
}

/// RFC 5746's renegotiation_info (or the SCSV) in a ClientHello: whether
/// the connection is bound. In an initial handshake the extension is empty
/// (anything else is handshake_failure); in a renegotiation it must carry
/// the previous client verify_data (3.7) and the SCSV may not appear;
/// without it the renegotiation is refused unless unsafe legacy
/// renegotiation is allowed (OpenSSL's final_renegotiate).
fn renegotiation_binding(ch: &ClientHelloIn<'_>, renegotiation: Option<&Renegotiation>) -> Result<bool, Error> {
    let mismatch = || Error::new(AlertDescription::HandshakeFailure, Reason::RENEGOTIATION_MISMATCH, "renegotiation_info mismatch");
    let scsv = ch.suites.contains(&0x00ff);
    let Some(r) = renegotiation else {
        return match ch.extensions.get(ext::RENEGOTIATION_INFO) {
            Some([0]) => Ok(true),
            Some(_) => Err(mismatch()),
            None => Ok(scsv),
        };
    };
    if scsv {
        return Err(Error::new(AlertDescription::HandshakeFailure, Reason::SCSV_RECEIVED_WHEN_RENEGOTIATING, "SCSV in a renegotiation"));
    }
    match ch.extensions.get(ext::RENEGOTIATION_INFO) {
        Some(body) => {
            let mut rd = crate::tls::codec::Reader::new(body);
            let bound = rd.vec8().and_then(|v| rd.finish().map(|()| v)).map_err(|_| Error::decode("renegotiation_info").with_reason(Reason::RENEGOTIATION_ENCODING_ERR))?;
            if !constant_time_eq(bound, &r.client_verify) {
                return Err(mismatch());
            }
            Ok(true)
        }
        None if r.allow_unsafe => Ok(false),
        None => Err(Error::new(AlertDescription::HandshakeFailure, Reason::UNSAFE_LEGACY_RENEGOTIATION_DISABLED, "unsafe legacy renegotiation disabled")),
    }
}

/// The ECDHE curve: the first shared one in the client's order, or ours
/// with `SSL_OP_CIPHER_SERVER_PREFERENCE` (OpenSSL's tls1_shared_group);
/// a client without supported_groups accepts any (our first).
fn choose_group(config: &ServerConfig, client_groups: &[u16]) -> Option<Group> {
    let ours: Vec<Group> = config.groups.iter().copied().filter(|g| g.is_elliptic()).collect();
    if client_groups.is_empty() {
        return ours.first().copied();
    }
    if config.server_preference {
        ours.into_iter().find(|g| client_groups.contains(&g.iana()))
    } else {
        client_groups.iter().find_map(|id| Group::from_iana(*id).filter(|g| ours.contains(g)))
    }
}

/// What the ClientHello offers that the suite choice depends on.
struct ClientOffer<'a> {
    suites: &'a [u16],
    sigalgs: &'a [u16],
    sigalgs_absent: bool,
    groups: &'a [u16],
    have_group: bool,
    /// The client sent an SRP username.
    srp_username: bool,
}

/// The first suite, in the client's order or ours, that we enable for
/// `version`, that has a shared curve, and for whose authentication we
/// hold a certificate that can sign with one of the client's signature
/// algorithms (before TLS 1.2: any RSA or ECDSA key, which signs in the
/// legacy form; OpenSSL ignores signature_algorithms there). PSK suites
/// need a PSK server callback; aPSK ones no certificate (None).
fn choose_suite(config: &ServerConfig, version: u16, offer: &ClientOffer<'_>, hooks: &mut dyn ServerHooks) -> Result<(&'static Suite, Option<(CertifiedKey, u16)>), Error> {
    let (offered, client_sigalgs, sigalgs_absent, client_groups) = (offer.suites, offer.sigalgs, offer.sigalgs_absent, offer.groups);
    let legacy = version < TLS1_2_VERSION;
    // The certificate found for aRSA, aECDSA and aDSS suites, once each.
    let mut certs: [Option<Option<(CertifiedKey, u16)>>; 3] = [None, None, None];
    let enabled = || config.tls12_suites.iter().copied().filter(|s| s.min_version <= version);
    let candidates: Vec<&'static Suite> = if config.server_preference {
        enabled().filter(|s| offered.contains(&s.iana)).collect()
    } else {
        offered.iter().filter_map(|id| enabled().find(|s| s.iana == *id)).collect()
    };
    // The RSA schemes pick the RSA certificate for RSA key exchange,
    // which signs nothing (the client's signature_algorithms do not matter).
    const RSA_KEY: &[u16] = &[0x0804, 0x0805, 0x0806, 0x0401, 0x0501, 0x0601];
    let mut rsa_kx_cert: Option<Option<CertifiedKey>> = None;
    // OpenSSL's tls1_set_server_sigalgs: the RSA certificate is usable only
    // with a shared RSA signature algorithm, or, from a client without
    // signature_algorithms, with the SHA-1 default the security level must
    // allow (level 0 only in OpenSSL 3.0) — also for RSA key exchange.
    let rsa_cert_usable = if legacy {
        true
    } else if sigalgs_absent {
        config.legacy_sigalgs
    } else {
        client_sigalgs.iter().any(|s| config.sigalgs.contains(s) && scheme_fits_auth(*s, Auth::Rsa))
    };
    for suite in candidates {
        if (suite.kx.is_psk() && !config.psk) || (suite.kx == Kx::Srp && !(config.srp && offer.srp_username)) {
            continue;
        }
        if suite.kx.is_rsa() {
            if !rsa_cert_usable {
                continue;
            }
            let ck = rsa_kx_cert.get_or_insert_with(|| hooks.tls12_certificate(RSA_KEY).filter(|ck| ck.key.can_decrypt_premaster()));
            if let Some(ck) = ck {
                return Ok((suite, Some((ck.clone(), 0))));
            }
            continue;
        }
        // ECDHE needs a shared curve; DHE parameters we were given. OpenSSL
        // checks the curve of kECDHE only: ECDHE-PSK without one fails
        // later (UNSUPPORTED_ELLIPTIC_CURVE).
        if (suite.kx == Kx::Ecdhe && !offer.have_group) || (suite.kx.is_dhe() && !config.dhe) {
            continue;
        }
        if !suite.auth.uses_certificate() {
            return Ok((suite, None));
        }
        let slot = match suite.auth {
            Auth::Ecdsa => 1,
            Auth::Dss => 2,
            _ => 0,
        };
        if certs[slot].is_none() && legacy {
            // Any key of the suite's type that makes legacy signatures;
            // the scheme is only a key-type selector here.
            let selector: &[u16] = match suite.auth {
                Auth::Ecdsa => &[0x0403, 0x0503],
                Auth::Dss => &[0x0202],
                _ => &[0x0401],
            };
            certs[slot] = Some(
                hooks
                    .tls12_certificate(selector)
                    .filter(|ck| ck.key.signs_legacy() && ck.key.ec_curve().is_none_or(|c| client_groups.is_empty() || client_groups.contains(&c)))
                    .map(|ck| (ck, selector[0])),
            );
        }
        if certs[slot].is_none() {
            // Without signature_algorithms the client takes SHA-1 (RFC 5246
            // 7.4.1.4.1): rsa_pkcs1_sha1, where the level allows it.
            let usable: Vec<u16> = if sigalgs_absent && config.legacy_sigalgs {
                vec![0x0201]
            } else {
                client_sigalgs.iter().copied().filter(|s| config.sigalgs.contains(s) && scheme_fits_auth(*s, suite.auth)).collect()
            };
            certs[slot] = Some(
                hooks
                    .tls12_certificate(&usable)
                    // An ECDSA key's curve must be one the client supports.
                    .filter(|ck| ck.key.ec_curve().is_none_or(|c| client_groups.is_empty() || client_groups.contains(&c)))
                    .and_then(|ck| ck.key.choose_tls12_scheme(&usable).filter(|s| scheme_fits_auth(*s, suite.auth)).map(|s| (ck, s))),
            );
        }
        if let Some(Some((ck, scheme))) = &certs[slot] {
            return Ok((suite, Some((ck.clone(), *scheme))));
        }
    }
    Err(Error::new(AlertDescription::HandshakeFailure, Reason::NO_SHARED_CIPHER, "no shared cipher"))
}

impl HandshakeFacts for Server12 {
    fn is_connected(&self) -> bool {
        matches!(self.expect, Expect::Connected)
    }

    fn resumed(&self) -> bool {
        self.resumed.is_some()
    }

    fn alpn_selected(&self) -> Option<&[u8]> {
        self.alpn.as_deref()
    }

    fn server_name(&self) -> Option<&str> {
        self.server_name.as_deref()
    }

    /// OpenSSL's SSL_get_negotiated_group in TLS 1.2: the session's
    /// kex_group, so a resumption reports the original handshake's group.
    fn negotiated_group(&self) -> Option<Group> {
        match &self.resumed {
            Some(s) => Group::from_iana(s.kex_group),
            None => self.group,
        }
    }

    fn secure_renegotiation(&self) -> bool {
        self.secure_renegotiation
    }

    fn version(&self) -> u16 {
        self.version
    }

    fn take_connected(&mut self) -> Connected12 {
        Connected12 {
            version: self.version,
            resumed: self.resumed.is_some(),
            alpn: self.alpn.take(),
            server_name: self.server_name.take(),
            group: self.negotiated_group(),
            secure_renegotiation: self.secure_renegotiation,
        }
    }
}
