//! The TLS 1.0-1.2 client (RFC 5246 with RFC 8422 ECDHE, RFC 5288/7905 AEAD
//! suites, RFC 7627 extended master secret, RFC 5746 renegotiation_info,
//! RFC 5077 tickets; RFC 2246/4346 for TLS 1.0/1.1, whose differences live
//! in `tls12_shared` and the record layer): one `Expect` state per step,
//! entered from the shared ServerHello step when the server chose one of them.
//!
//! Full handshake: Certificate, ServerKeyExchange, [CertificateRequest],
//! ServerHelloDone; we send [Certificate], ClientKeyExchange,
//! [CertificateVerify], ChangeCipherSpec, Finished; then [NewSessionTicket],
//! ChangeCipherSpec, Finished. Resumption (the server echoed the offered
//! session's id): [NewSessionTicket], ChangeCipherSpec, Finished; then ours.

use super::{ClientConfig, ClientHooks};
use crate::tls::tls12_shared::{self as shared, check_downgrade, finished, master_secret, scheme_fits_auth, KeyBlock};
use crate::crypto::hash::{sha256, HashAlg};
use crate::crypto::kx::{Group, KeyShare};
use crate::crypto::{prf, verify};
use crate::tls::alert::AlertDescription;
use crate::tls::codec::Writer;
use crate::tls::common::{alpn_list_contains, Common};
use crate::tls::extensions as ext;
use crate::tls::key_schedule::Secret;
use crate::tls::msgs::hello::ServerHello;
use crate::crypto::dhe::{DhKeyPair, DhParamError};
use crate::tls::msgs::tls12::{self as m12, CertificateRequest12, DheServerKeyExchange, ServerKeyExchange};
use crate::tls::msgs::{self, CHANGE_CIPHER_SPEC_MARKER};
use crate::tls::tls12_state::{Connected12, HandshakeFacts};
use crate::tls::record;
use crate::tls::session::{now_ms, SessionData};
use crate::tls::record::Protection;
use crate::tls::msgs::psk12;
use crate::tls::suites::{Auth, Kx, Suite};
use crate::tls::{Error, Reason, TLS1_2_VERSION, TLS1_3_VERSION};


enum Expect {
    Certificate,
    /// A stapled OCSP response follows the Certificate when the server
    /// acknowledged status_request (RFC 6066 section 8).
    CertificateStatus,
    ServerKeyExchange,
    CertificateRequestOrDone,
    ServerHelloDone,
    NewSessionTicket,
    ChangeCipherSpec,
    Finished,
    Connected,
}

pub struct Client12 {
    expect: Expect,
    /// NPN: the protocol to announce in NextProtocol, before Finished.
    pub next_proto: Option<Vec<u8>>,
    /// The negotiated version: TLS 1.0, 1.1 or 1.2.
    version: u16,
    /// ClientHello.legacy_version (our best up to TLS 1.2), which an RSA
    /// premaster secret carries (RFC 5246 7.4.7.1).
    client_version: u16,
    /// handshake_messages: every message so far, for the session hash,
    /// CertificateVerify and the Finished hashes.
    messages: Vec<u8>,
    suite: &'static Suite,
    client_random: [u8; 32],
    server_random: [u8; 32],
    /// The offered session, when the server resumed it.
    /// Boxed: most handshakes resume nothing, and a session is 344 bytes.
    resumed: Option<Box<SessionData>>,
    ems: bool,
    /// encrypt_then_mac (RFC 7366) in use: acknowledged for a CBC suite.
    etm: bool,
    ticket_expected: bool,
    status_expected: bool,
    new_ticket: Option<(u32, Vec<u8>)>,
    server_session_id: Vec<u8>,
    server_chain: Vec<Vec<u8>>,
    server_key: Option<(Group, Vec<u8>)>,
    /// DHE: our key pair in the server's group, and the server's value.
    dh: Option<(DhKeyPair, Vec<u8>)>,
    cert_request: Option<CertificateRequest12>,
    /// A TLS 1.3 key share made for the ClientHello, reused when the
    /// server's curve is its group.
    key_share: Option<KeyShare>,
    master: Secret,
    /// The PRF keyed with the master secret (key block, both Finished).
    prf: Option<prf::Prf>,
    keys: KeyBlock,
    alpn: Option<Vec<u8>>,
    sni_acked: bool,
    group: Option<Group>,
    pub established: Option<SessionData>,
    /// PSK suites: the server's non-empty hint, and the identity we sent.
    psk_hint: Option<Vec<u8>>,
    psk_identity: Option<Vec<u8>>,
    /// SRP: the server's N, g, salt and B, checked.
    srp: Option<[Vec<u8>; 4]>,
    srp_username: Option<Vec<u8>>,
}

/// What the shared ServerHello step hands over.
pub struct Hello<'a> {
    pub client_hello: &'a [u8],
    pub client_random: [u8; 32],
    pub session_id_sent: &'a [u8],
    pub key_share: Option<KeyShare>,
    /// The best version we offered.
    pub offered_max: u16,
    /// In a renegotiation, the previous client and server verify_data.
    pub renegotiation: Option<(&'a [u8], &'a [u8])>,
}

impl Client12 {
    /// Processes a TLS 1.2 ServerHello (`msg`, header included).
    pub fn start(
        config: &ClientConfig,
        common: &mut Common,
        hello: Hello<'_>,
        sh: &ServerHello<'_>,
        msg: &[u8],
    ) -> Result<Self, Error> {
        let version = sh.version;
        check_downgrade(version, hello.offered_max, &sh.random)?;
        // A suite we offered and that this version has (OpenSSL's
        // ssl_cipher_disabled: min_tls above the version is WRONG_CIPHER_RETURNED).
        let Some(suite) = config.pre13_suites().find(|s| s.iana == sh.suite && s.min_version <= version) else {
            return Err(Error::illegal(Reason::WRONG_CIPHER_RETURNED, "suite not offered"));
        };
        // RFC 5746 3.4: the server must answer our SCSV with an empty
        // renegotiation_info; OpenSSL 3.0 refuses servers without it
        // (SSL_OP_LEGACY_SERVER_CONNECT is off by default).
        match (sh.extensions.get(ext::RENEGOTIATION_INFO), hello.renegotiation) {
            (Some([0]), None) => {}
            (Some(_), None) => return Err(Error::new(AlertDescription::HandshakeFailure, Reason::RENEGOTIATION_MISMATCH, "renegotiation_info not empty")),
            // RFC 5746 3.5: our verify_data then the server's, or the
            // handshake is aborted (OpenSSL: illegal_parameter).
            (Some(body), Some((client_verify, server_verify))) => {
                let mut r = crate::tls::codec::Reader::new(body);
                let bound = r.vec8().and_then(|v| r.finish().map(|()| v)).map_err(|_| Error::decode("renegotiation_info").with_reason(Reason::RENEGOTIATION_ENCODING_ERR))?;
                if bound.len() != client_verify.len() + server_verify.len()
                    || !crate::tls::common::constant_time_eq(&bound[..client_verify.len()], client_verify)
                    || !crate::tls::common::constant_time_eq(&bound[client_verify.len()..], server_verify)
                {
                    return Err(Error::illegal(Reason::RENEGOTIATION_MISMATCH, "renegotiation_info mismatch"));
                }
            }
            (None, _) => {
                return Err(Error::new(
                    AlertDescription::HandshakeFailure,
                    Reason::UNSAFE_LEGACY_RENEGOTIATION_DISABLED,
                    "server does not support secure renegotiation",
                ))
            }
        }
        let ems = match sh.extensions.get(ext::EXTENDED_MASTER_SECRET) {
            Some([]) if config.no_ems => return Err(Error::new(AlertDescription::UnsupportedExtension, Reason::UNSOLICITED_EXTENSION, "extended_master_secret not offered")),
            Some([]) => true,
            Some(_) => return Err(Error::decode("extended_master_secret not empty")),
            None => false,
        };
        // As OpenSSL's tls_parse_stoc_etm: acknowledged encrypt_then_mac is
        // used with CBC suites and ignored with AEAD ones.
        let etm = sh.extensions.get(ext::ENCRYPT_THEN_MAC).is_some() && !suite.is_aead();
        let ticket_expected = match sh.extensions.get(ext::SESSION_TICKET) {
            Some([]) => true,
            Some(_) => return Err(Error::decode("session_ticket not empty")),
            None => false,
        };
        let alpn = match sh.extensions.get(ext::ALPN) {
            Some(b) => {
                let mut r = crate::tls::codec::Reader::new(b);
                let mut list = crate::tls::codec::Reader::new(r.vec16()?);
                r.finish()?;
                let p = list.vec8()?;
                list.finish()?;
                if p.is_empty() || !alpn_list_contains(&config.alpn, p) {
                    return Err(Error::illegal(Reason::BAD_EXTENSION, "ALPN protocol not offered"));
                }
                Some(p.to_vec())
            }
            None => None,
        };
        // The server resumed when it echoed the id of the session we offered,
        // which must be of this version (OpenSSL's tls_process_server_hello:
        // protocol_version, SSL_R_SSL_SESSION_VERSION_MISMATCH).
        let resumed = config
            .resume
            .as_ref()
            .filter(|s| s.version < TLS1_3_VERSION && !sh.session_id.is_empty() && sh.session_id == hello.session_id_sent)
            .cloned();
        if let Some(s) = &resumed {
            if s.version != version {
                return Err(Error::new(AlertDescription::ProtocolVersion, Reason::SSL_SESSION_VERSION_MISMATCH, "resumed session's version"));
            }
            if s.suite.map(|x| x.iana) != Some(suite.iana) {
                return Err(Error::illegal(Reason::WRONG_CIPHER_RETURNED, "resumed session's cipher not returned"));
            }
            // RFC 7627 5.3, OpenSSL's final_ems: the resumed handshake's
            // extended master secret must match the session's.
            if s.extended_master_secret != ems {
                return Err(Error::new(AlertDescription::HandshakeFailure, Reason::INCONSISTENT_EXTMS, "inconsistent extended master secret"));
            }
        }
        common.version = version;
        common.record.tls12 = true;
        common.record.version = version;
        common.record.msg_version = version;
        common.suite = Some(suite);
        common.client_random = hello.client_random;
        common.server_random = sh.random;
        let mut messages = Vec::with_capacity(4096);
        messages.extend_from_slice(hello.client_hello);
        messages.extend_from_slice(msg);
        let mut c = Client12 {
            next_proto: None,
            // "With normal PSK Certificates and Certificate Requests are
            // omitted" (OpenSSL); anonymous suites have none either.
            expect: if suite.auth.uses_certificate() { Expect::Certificate } else { Expect::ServerKeyExchange },
            version,
            client_version: hello.offered_max.min(TLS1_2_VERSION),
            messages,
            suite,
            client_random: hello.client_random,
            server_random: sh.random,
            master: Secret::default(),
            prf: None,
            keys: KeyBlock::default(),
            resumed: None,
            ems,
            etm,
            ticket_expected,
            status_expected: config.status_request && sh.extensions.get(ext::STATUS_REQUEST).is_some(),
            new_ticket: None,
            server_session_id: sh.session_id.to_vec(),
            server_chain: Vec::new(),
            server_key: None,
            dh: None,
            cert_request: None,
            key_share: hello.key_share,
            alpn,
            sni_acked: sh.extensions.get(ext::SERVER_NAME).is_some(),
            group: None,
            established: None,
            psk_hint: None,
            psk_identity: None,
            srp: None,
            srp_username: config.srp_username.clone(),
        };
        if let Some(s) = resumed {
            c.master = Secret::new(s.master_key.to_vec());
            c.prf = Some(prf::Prf::for_version(version, suite.hash, &c.master));
            c.resumed = Some(s);
            c.expect = if ticket_expected { Expect::NewSessionTicket } else { Expect::ChangeCipherSpec };
        }
        Ok(c)
    }

    /// RSA key exchange has no ServerKeyExchange (RFC 5246 7.4.3).
    fn after_certificate(&self) -> Expect {
        if self.suite.kx == Kx::Rsa {
            Expect::CertificateRequestOrDone
        } else {
            Expect::ServerKeyExchange
        }
    }

    fn hash(&self) -> HashAlg {
        self.suite.hash
    }

    pub fn handle(
        &mut self,
        ty: u8,
        msg: &[u8],
        config: &ClientConfig,
        common: &mut Common,
        hooks: &mut dyn ClientHooks,
    ) -> Result<(), Error> {
        let ccs = ty == CHANGE_CIPHER_SPEC_MARKER && msg.is_empty();
        if ccs && !matches!(self.expect, Expect::ChangeCipherSpec) {
            return Err(Error::unexpected("change_cipher_spec out of order").with_reason(Reason::UNEXPECTED_CCS_MESSAGE));
        }
        let body = if ccs { &[][..] } else { &msg[4..] };
        // RFC 4279 2: "If no PSK identity hint is provided, the
        // ServerKeyExchange message is omitted" (PSK and RSA-PSK; the
        // (EC)DHE-PSK ones carry parameters and always send it).
        if matches!(self.expect, Expect::ServerKeyExchange) && ty != m12::SERVER_KEY_EXCHANGE && matches!(self.suite.kx, Kx::Psk | Kx::RsaPsk) {
            self.expect = Expect::CertificateRequestOrDone;
        }
        match (&self.expect, ty) {
            (Expect::ChangeCipherSpec, _) if ccs => {
                let key = self.take_key(false)?;
                common.record.set_read_protection(key);
                self.expect = Expect::Finished;
                Ok(())
            }
            (Expect::Certificate, msgs::CERTIFICATE) => {
                let chain = m12::parse_certificate(body)?;
                if chain.is_empty() {
                    return Err(Error::new(AlertDescription::DecodeError, Reason::NO_CERTIFICATES_RETURNED, "empty server Certificate"));
                }
                crate::tls::spki::subject_public_key_info(&chain[0])?;
                hooks.verify_server_chain(&chain)?;
                self.server_chain = chain;
                self.messages.extend_from_slice(msg);
                self.expect = if self.status_expected { Expect::CertificateStatus } else { self.after_certificate() };
                if !self.status_expected && config.status_request {
                    hooks.certificate_status(None)?;
                }
                Ok(())
            }
            (Expect::CertificateStatus, m12::CERTIFICATE_STATUS) => {
                // CertificateStatus: status_type ocsp (1), OCSPResponse<1..2^24-1>.
                let mut r = crate::tls::codec::Reader::new(body);
                if r.u8()? != 1 {
                    return Err(Error::decode("certificate status type"));
                }
                let resp = r.vec24()?;
                r.finish()?;
                hooks.certificate_status(Some(resp))?;
                self.messages.extend_from_slice(msg);
                self.expect = self.after_certificate();
                Ok(())
            }
            (Expect::ServerKeyExchange, m12::SERVER_KEY_EXCHANGE) => self.on_server_key_exchange(msg, config, common, hooks),
            // OpenSSL's cert_req_allowed: never with aPSK or aNULL.
            (Expect::CertificateRequestOrDone, msgs::CERTIFICATE_REQUEST) if self.suite.auth.uses_certificate() => {
                self.cert_request = Some(CertificateRequest12::parse(body, self.version >= TLS1_2_VERSION)?);
                if let Some(cr) = &self.cert_request {
                    hooks.certificate_request(&cr.sigalgs, &cr.ca_names);
                }
                self.messages.extend_from_slice(msg);
                self.expect = Expect::ServerHelloDone;
                Ok(())
            }
            (Expect::CertificateRequestOrDone | Expect::ServerHelloDone, m12::SERVER_HELLO_DONE) => {
                if !body.is_empty() {
                    return Err(Error::decode("ServerHelloDone not empty").with_reason(Reason::LENGTH_MISMATCH));
                }
                self.messages.extend_from_slice(msg);
                self.send_second_flight(config, common, hooks)
            }
            (Expect::NewSessionTicket, msgs::NEW_SESSION_TICKET) => {
                self.new_ticket = Some(m12::parse_new_session_ticket(body)?);
                self.messages.extend_from_slice(msg);
                self.expect = Expect::ChangeCipherSpec;
                Ok(())
            }
            (Expect::Finished, msgs::FINISHED) => self.on_server_finished(msg, config, common, hooks),
            _ => Err(Error::unexpected("unexpected handshake message")),
        }
    }

    fn on_server_key_exchange(&mut self, msg: &[u8], config: &ClientConfig, common: &mut Common, hooks: &mut dyn ClientHooks) -> Result<(), Error> {
        if self.suite.kx == Kx::Srp {
            return self.on_srp_server_key_exchange(msg, config, common, hooks);
        }
        if self.suite.kx.is_psk() || self.suite.auth == Auth::Null {
            return self.on_unsigned_server_key_exchange(msg, config, common);
        }
        if self.suite.kx == Kx::Dhe {
            return self.on_dhe_server_key_exchange(msg, config, common);
        }
        let ske = ServerKeyExchange::parse(&msg[4..], self.version >= TLS1_2_VERSION)?;
        let Some(group) = Group::from_iana(ske.group).filter(|g| config.groups.contains(g) && g.is_elliptic()) else {
            return Err(Error::illegal(Reason::WRONG_CURVE, "curve not offered"));
        };
        // Known before the signature is checked, as OpenSSL's peer_tmp
        // (SSL_get_peer_tmp_key reports it even when the signature fails).
        common.peer_key_share = Some((group, ske.public.to_vec()));
        self.check_server_signature(ske.scheme, ske.signature, ske.params, config, common)?;
        self.server_key = Some((group, ske.public.to_vec()));
        self.messages.extend_from_slice(msg);
        self.expect = Expect::CertificateRequestOrDone;
        Ok(())
    }

    /// SRP (RFC 5054 2.6, OpenSSL's tls_process_ske_srp): N, g, salt and B;
    /// then, as srp_verify_server_param checks them, g and B in [1, N)
    /// (illegal_parameter, BAD_DATA) and the group (strength, the verify
    /// callback or RFC 5054's groups); then SRP-RSA's and SRP-DSS's signature.
    fn on_srp_server_key_exchange(&mut self, msg: &[u8], config: &ClientConfig, common: &mut Common, hooks: &mut dyn ClientHooks) -> Result<(), Error> {
        let body = &msg[4..];
        let mut r = crate::tls::codec::Reader::new(body);
        let p = m12::SrpParams::parse(&mut r)?;
        let params = &body[..body.len() - r.remaining()];
        if !crate::sys::srp::below_n_and_nonzero(p.g, p.n) || !crate::sys::srp::below_n_and_nonzero(p.public, p.n) {
            return Err(Error::illegal(Reason::BAD_DATA, "SRP parameters"));
        }
        hooks.srp_check_group(p.n, p.g)?;
        if self.suite.auth.uses_certificate() {
            let (scheme, signature) = m12::parse_trailing_signature(&mut r, self.version >= TLS1_2_VERSION)?;
            self.check_server_signature(scheme, signature, params, config, common)?;
        } else {
            r.finish().map_err(|_| Error::decode("ServerKeyExchange").with_reason(Reason::EXTRA_DATA_IN_MESSAGE))?;
        }
        self.srp = Some([p.n.to_vec(), p.g.to_vec(), p.salt.to_vec(), p.public.to_vec()]);
        self.messages.extend_from_slice(msg);
        self.expect = Expect::CertificateRequestOrDone;
        Ok(())
    }

    /// SRP's ClientKeyExchange: A, and the premaster secret S (RFC 5054
    /// 2.6), with the application's password (none: internal_error,
    /// CALLBACK_FAILED, as OpenSSL).
    fn srp_premaster(&mut self, hooks: &mut dyn ClientHooks) -> Result<(zeroize::Zeroizing<Vec<u8>>, Vec<u8>), Error> {
        let [n, g, salt, b] = self.srp.take().ok_or_else(|| Error::internal("no SRP parameters"))?;
        let user = self.srp_username.clone().ok_or_else(|| Error::internal("no SRP username"))?;
        let pass = hooks
            .srp_password()
            .ok_or_else(|| Error::new(AlertDescription::InternalError, Reason::CALLBACK_FAILED, "no SRP password"))?;
        let (a, pms) = crate::sys::srp::client_exchange(&n, &g, &salt, &b, &user, &pass).ok_or_else(|| Error::internal("SRP computation failed"))?;
        Ok((pms, Writer::vec16_of(&a)))
    }

    /// PSK and anonymous suites (OpenSSL's tls_process_key_exchange): a
    /// PSK suite's hint, then the (EC)DH parameters, checked as for DHE and
    /// ECDHE; nothing is signed, and nothing may follow (decode_error,
    /// EXTRA_DATA_IN_MESSAGE).
    fn on_unsigned_server_key_exchange(&mut self, msg: &[u8], config: &ClientConfig, common: &mut Common) -> Result<(), Error> {
        let mut r = if self.suite.kx.is_psk() {
            let (hint, r) = psk12::split_hint(&msg[4..])?;
            self.psk_hint = (!hint.is_empty()).then(|| psk12::c_string_bytes(hint));
            r
        } else {
            crate::tls::codec::Reader::new(&msg[4..])
        };
        match self.suite.kx {
            Kx::Dhe | Kx::DhePsk => {
                let (p, g, public) = m12::parse_dh_params(&mut r)?;
                let pair = DhKeyPair::for_server_params(p, g, public, config.dh_min_bits).map_err(dh_param_error)?;
                common.peer_dh = Some(Box::new((p.to_vec(), g.to_vec(), public.to_vec())));
                self.dh = Some((pair, public.to_vec()));
            }
            Kx::Ecdhe | Kx::EcdhePsk => {
                let (group, public) = m12::parse_ecdh_params(&mut r)?;
                let Some(group) = Group::from_iana(group).filter(|g| config.groups.contains(g) && g.is_elliptic()) else {
                    return Err(Error::illegal(Reason::WRONG_CURVE, "curve not offered"));
                };
                common.peer_key_share = Some((group, public.to_vec()));
                self.server_key = Some((group, public.to_vec()));
            }
            _ => {}
        }
        r.finish().map_err(|_| Error::decode("ServerKeyExchange").with_reason(Reason::EXTRA_DATA_IN_MESSAGE))?;
        self.messages.extend_from_slice(msg);
        self.expect = Expect::CertificateRequestOrDone;
        Ok(())
    }

    /// DHE: the server's group and value are checked as OpenSSL's client
    /// checks them (tls_process_ske_dhe) before the signature; our key pair
    /// in that group is made now.
    fn on_dhe_server_key_exchange(&mut self, msg: &[u8], config: &ClientConfig, common: &mut Common) -> Result<(), Error> {
        let ske = DheServerKeyExchange::parse(&msg[4..], self.version >= TLS1_2_VERSION)?;
        let pair = DhKeyPair::for_server_params(ske.p, ske.g, ske.public, config.dh_min_bits).map_err(dh_param_error)?;
        common.peer_dh = Some(Box::new((ske.p.to_vec(), ske.g.to_vec(), ske.public.to_vec())));
        self.check_server_signature(ske.scheme, ske.signature, ske.params, config, common)?;
        self.dh = Some((pair, ske.public.to_vec()));
        self.messages.extend_from_slice(msg);
        self.expect = Expect::CertificateRequestOrDone;
        Ok(())
    }

    /// The ServerKeyExchange signature: a scheme we offered that fits the
    /// suite's authentication, over the randoms and the params (RFC 5246
    /// 7.4.3); before TLS 1.2 the legacy signature of the certificate's key
    /// type, which the security level must allow (level 0 in OpenSSL 3.0:
    /// internal_error, SSL_R_LEGACY_SIGALG_DISALLOWED_OR_UNSUPPORTED).
    fn check_server_signature(&self, scheme: Option<u16>, signature: &[u8], params: &[u8], config: &ClientConfig, common: &mut Common) -> Result<(), Error> {
        let spki = crate::tls::spki::subject_public_key_info(&self.server_chain[0])?;
        let signed = m12::signed_params(&self.client_random, &self.server_random, params);
        let Some(scheme) = scheme else {
            if !config.legacy_sigalgs {
                return Err(Error::new(AlertDescription::InternalError, Reason::LEGACY_SIGALG_DISALLOWED_OR_UNSUPPORTED, "legacy signature not allowed at this security level"));
            }
            common.peer_sig_scheme = Some(shared::verify_legacy(spki, self.suite.auth, &signed, signature, "ServerKeyExchange signature")?);
            return Ok(());
        };
        if !config.sigalgs.contains(&scheme) || !scheme_fits_auth(scheme, self.suite.auth) {
            return Err(Error::illegal(Reason::WRONG_SIGNATURE_TYPE, "signature scheme not offered"));
        }
        if !verify::verify(scheme, spki, &signed, signature) {
            return Err(Error::new(AlertDescription::DecryptError, Reason::BAD_SIGNATURE, "ServerKeyExchange signature"));
        }
        common.peer_sig_scheme = Some(scheme);
        Ok(())
    }

    /// [Certificate], ClientKeyExchange, [CertificateVerify], ChangeCipherSpec, Finished.
    fn send_second_flight(&mut self, config: &ClientConfig, common: &mut Common, hooks: &mut dyn ClientHooks) -> Result<(), Error> {
        let mut signer = None;
        if let Some(cr) = &self.cert_request {
            let chosen = if cr.with_sigalgs {
                let usable: Vec<u16> = cr.sigalgs.iter().copied().filter(|s| config.sigalgs.contains(s)).collect();
                hooks.client_certificate(&usable).and_then(|ck| ck.key.choose_tls12_scheme(&usable).map(|s| (ck, s)))
            } else {
                // Before TLS 1.2: an RSA or ECDSA key, which signs in the
                // legacy form (the schemes only select the key type).
                hooks.client_certificate(&[0x0401, 0x0403, 0x0503]).filter(|ck| ck.key.signs_legacy() && config.legacy_sigalgs).map(|ck| (ck, 0))
            };
            let chain: &[Vec<u8>] = chosen.as_ref().map_or(&[], |(ck, _)| &ck.chain[..]);
            let cert = m12::encode_certificate(chain);
            self.send(common, &cert)?;
            signer = chosen;
        }
        let pms = self.send_client_key_exchange(common, hooks)?;
        self.master = master_secret(self.version, self.hash(), &pms, self.ems, &self.messages, &self.client_random, &self.server_random)?;
        self.prf = Some(prf::Prf::for_version(self.version, self.hash(), &self.master));
        hooks.keylog("CLIENT_RANDOM", &self.client_random, &self.master);
        if let Some((ck, scheme)) = signer {
            // TLS 1.2 CertificateVerify signs handshake_messages itself (7.4.8).
            let sig = shared::sign(self.version, &ck.key, scheme, &self.messages)?;
            common.our_sig_scheme = Some(sig.scheme);
            let cv = msgs::frame(msgs::CERTIFICATE_VERIFY, |w| {
                if let Some(scheme) = sig.wire_scheme {
                    w.u16(scheme);
                }
                w.vec16(|w| w.bytes(&sig.bytes));
            });
            self.send(common, &cv)?;
        }
        self.send_change_cipher_spec_and_finished(common)?;
        self.expect = if self.ticket_expected { Expect::NewSessionTicket } else { Expect::ChangeCipherSpec };
        Ok(())
    }

    /// ClientKeyExchange: a PSK suite's identity (OpenSSL's
    /// tls_construct_cke_psk_preamble asks the PSK client callback with the
    /// server's hint), then the key exchange's part; the premaster secret.
    fn send_client_key_exchange(&mut self, common: &mut Common, hooks: &mut dyn ClientHooks) -> Result<zeroize::Zeroizing<Vec<u8>>, Error> {
        let psk = if self.suite.kx.is_psk() {
            let found = hooks.tls12_psk(self.version, self.psk_hint.as_deref())?;
            Some(found.ok_or_else(|| Error::new(AlertDescription::HandshakeFailure, Reason::PSK_IDENTITY_NOT_FOUND, "no PSK for the server"))?)
        } else {
            None
        };
        let (other, exchange) = match self.suite.kx {
            Kx::Rsa | Kx::RsaPsk => {
                let (pms, exchange) = self.rsa_premaster()?;
                // OpenSSL's ssl_log_rsa_client_key_exchange: an "RSA" line
                // keyed by the encrypted premaster's first 8 bytes (after
                // its length).
                if let Some(tag) = exchange.get(2..10) {
                    hooks.keylog("RSA", tag, &pms);
                }
                (pms, exchange)
            }
            Kx::Dhe | Kx::DhePsk => self.dhe_premaster(common)?,
            Kx::Ecdhe | Kx::EcdhePsk => self.ecdhe_premaster(common)?,
            Kx::Psk => (zeroize::Zeroizing::new(Vec::new()), Vec::new()),
            Kx::Srp => self.srp_premaster(hooks)?,
            Kx::Any => return Err(Error::internal("TLS 1.3 suite in TLS 1.2")),
        };
        let (cke, pms) = match psk {
            Some((identity, key)) => {
                let other = (self.suite.kx != Kx::Psk).then_some(&other[..]);
                let cke = psk12::encode_client_key_exchange(&identity, &exchange);
                self.psk_identity = Some(identity);
                (cke, psk12::premaster(other, &key))
            }
            None => (msgs::frame(m12::CLIENT_KEY_EXCHANGE, |w| w.bytes(&exchange)), other),
        };
        self.send(common, &cke)?;
        Ok(pms)
    }

    /// ECDHE: our share for the server's curve: the secret and our point
    /// as ClientKeyExchange carries it.
    fn ecdhe_premaster(&mut self, common: &mut Common) -> Result<(zeroize::Zeroizing<Vec<u8>>, Vec<u8>), Error> {
        let (group, server_public) = self.server_key.take().ok_or_else(|| Error::internal("no server key"))?;
        let share = match self.key_share.take() {
            Some(k) if k.group() == group => k,
            _ => KeyShare::generate(group)?,
        };
        let pms = share
            .agree(&server_public)
            .ok_or_else(|| Error::illegal(Reason::BAD_ECPOINT, "invalid server ECDH point"))?;
        common.peer_key_share = Some((group, server_public));
        common.our_key_share = Some((group, share.public().to_vec()));
        self.group = Some(group);
        Ok((pms, Writer::vec8_of(share.public())))
    }

    /// DHE: Z without leading zeros, and our value as ClientKeyExchange carries it.
    fn dhe_premaster(&mut self, common: &mut Common) -> Result<(zeroize::Zeroizing<Vec<u8>>, Vec<u8>), Error> {
        let (pair, server_public) = self.dh.take().ok_or_else(|| Error::internal("no DH parameters"))?;
        let pms = pair.agree(&server_public).ok_or_else(|| Error::illegal(Reason::BAD_DH_VALUE, "server DH value"))?;
        common.our_dh = Some(Box::new((pair.p().to_vec(), pair.g().to_vec(), pair.public().to_vec())));
        Ok((pms, Writer::vec16_of(pair.public())))
    }

    /// RSA: client_version and 46 random bytes, encrypted to the server
    /// certificate's key (RFC 5246 7.4.7.1); a certificate without an RSA
    /// key cannot carry it (OpenSSL: SSL_R_MISSING_RSA_ENCRYPTING_CERT).
    fn rsa_premaster(&mut self) -> Result<(zeroize::Zeroizing<Vec<u8>>, Vec<u8>), Error> {
        let mut pms = zeroize::Zeroizing::new(vec![0u8; crate::crypto::rsa_kx::PREMASTER_LEN]);
        pms[..2].copy_from_slice(&self.client_version.to_be_bytes());
        crate::crypto::rand::fill(&mut pms[2..])?;
        let spki = crate::tls::spki::subject_public_key_info(&self.server_chain[0])?;
        let encrypted = crate::crypto::rsa_kx::encrypt_premaster(spki, &pms)
            .ok_or_else(|| Error::illegal(Reason::MISSING_RSA_ENCRYPTING_CERT, "server key cannot encrypt the premaster secret"))?;
        Ok((pms, Writer::vec16_of(&encrypted)))
    }

    fn send(&mut self, common: &mut Common, msg: &[u8]) -> Result<(), Error> {
        self.messages.extend_from_slice(msg);
        common.record.send(record::CT_HANDSHAKE, msg)
    }

    fn send_change_cipher_spec_and_finished(&mut self, common: &mut Common) -> Result<(), Error> {
        common.record.send_change_cipher_spec()?;
        let key = self.take_key(true)?;
        common.record.set_write_protection(key);
        if let Some(proto) = self.next_proto.take() {
            let np = m12::encode_next_protocol(&proto);
            self.send(common, &np)?;
        }
        let verify_data = self.finished(b"client finished")?;
        common.our_finished = verify_data.to_vec();
        let fin = crate::tls::msgs::misc::encode_finished(&verify_data);
        self.send(common, &fin)
    }

    fn on_server_finished(&mut self, msg: &[u8], config: &ClientConfig, common: &mut Common, hooks: &mut dyn ClientHooks) -> Result<(), Error> {
        common.require_record_boundary()?;
        let expected = self.finished(b"server finished")?;
        common.peer_finished = msg[4..].to_vec();
        crate::tls::common::check_finished(&expected, &msg[4..], "server Finished")?;
        self.messages.extend_from_slice(msg);
        if self.resumed.is_some() {
            hooks.keylog("CLIENT_RANDOM", &self.client_random, &self.master);
            self.send_change_cipher_spec_and_finished(common)?;
        }
        common.tls12_master = self.master.clone();
        common.handshake_done = true;
        common.handshakes_completed += 1;
        self.expect = Expect::Connected;
        self.messages = Vec::new();
        // Only the handshake needed the PRF and the key block.
        self.prf = None;
        self.keys = KeyBlock::default();

        // The session: the resumed one, or a new one from this handshake; a
        // NewSessionTicket replaces it with a copy that carries the ticket,
        // named SHA-256(ticket) so that an echoed id signals resumption
        // (OpenSSL's tls_process_new_session_ticket).
        let full = self.resumed.is_none();
        let mut s = match &self.resumed {
            Some(prev) => (**prev).clone(),
            None => {
                let mut s = SessionData::new(Some(self.suite));
                s.version = self.version;
                s.master_key = zeroize::Zeroizing::new(self.master.to_vec());
                s.session_id = self.server_session_id.clone();
                s.extended_master_secret = self.ems;
                s.peer_chain = std::mem::take(&mut self.server_chain);
                s.hostname = if self.sni_acked { config.server_name.clone() } else { None };
                s.alpn_selected = self.alpn.clone().unwrap_or_default();
                s.kex_group = self.group.map_or(0, |g| g.iana());
                s.psk_identity = self.psk_identity.take();
                s.psk_identity_hint = self.psk_hint.take();
                s.srp_username = self.srp_username.clone().filter(|_| self.suite.kx == Kx::Srp);
                s
            }
        };
        let renewed = self.new_ticket.is_some();
        if let Some((lifetime, ticket)) = self.new_ticket.take() {
            s.session_id = sha256(&ticket);
            s.ticket = ticket;
            s.ticket_lifetime_hint = lifetime;
            s.time_ms = now_ms();
        }
        self.established = Some(s.clone());
        if full || renewed {
            hooks.tls12_session(s, full);
        }
        Ok(())
    }

    /// verify_data over the handshake messages so far.
    fn finished(&self, label: &[u8]) -> Result<Secret, Error> {
        let prf = self.prf.as_ref().ok_or_else(|| Error::internal("no master secret"))?;
        finished(self.version, self.hash(), prf, label, &self.messages)
    }

    /// Our (client) write key or the server's, which we read with.
    fn take_key(&mut self, client: bool) -> Result<Protection, Error> {
        self.keys.take(self.version, client, client, self.etm, self.suite, self.prf.as_ref(), &self.client_random, &self.server_random)
    }
}

fn dh_param_error(e: DhParamError) -> Error {
    match e {
        DhParamError::BadValue => Error::illegal(Reason::BAD_DH_VALUE, "server DH parameters"),
        DhParamError::TooSmall => Error::new(AlertDescription::HandshakeFailure, Reason::DH_KEY_TOO_SMALL, "server DH group too small"),
    }
}
impl HandshakeFacts for Client12 {
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
        None
    }

    /// OpenSSL's SSL_get_negotiated_group in TLS 1.2: the session's
    /// kex_group, so a resumption reports the original handshake's group.
    fn negotiated_group(&self) -> Option<Group> {
        self.group.or_else(|| self.resumed.as_ref().and_then(|s| Group::from_iana(s.kex_group)))
    }

    fn secure_renegotiation(&self) -> bool {
        false
    }

    fn version(&self) -> u16 {
        self.version
    }

    fn take_connected(&mut self) -> Connected12 {
        Connected12 {
            version: self.version,
            resumed: self.resumed.is_some(),
            alpn: self.alpn.take(),
            server_name: None,
            group: self.negotiated_group(),
            secure_renegotiation: false,
        }
    }
}
