//! What the engine tests and the fuzz targets share (compiled for tests
//! and under `--cfg fuzzing`): stand-in identities, hooks that keep
//! sessions in memory, default configurations, and a driver that moves
//! bytes between a client and a server.

use std::collections::HashMap;
use std::sync::Arc;

use super::alert::AlertDescription;
use super::client::{ClientConfig, ClientConnection, ClientHooks};
use super::common::StateMachine;
use super::custom_ext::{CustomExtensions, Site};
use super::server::{CertifiedKey, Resumption, ServerConfig, ServerConnection, ServerHooks};
use super::session::{now_ms, SessionData};
use super::suites::TLS13_SUITES;
use super::{Error, Reason};
use crate::crypto::kx::Group;
use crate::crypto::sign::SigningKey;
use crate::crypto::ticket::TicketKey;

/// A stand-in certificate: just enough DER around an Ed25519 key's
/// SubjectPublicKeyInfo for the engine to find it (chains are validated by
/// libcrypto in the API layer, not here).
pub fn ed25519_identity() -> CertifiedKey {
    use aws_lc_rs::signature::{Ed25519KeyPair, KeyPair};
    let pkcs8 = Ed25519KeyPair::generate_pkcs8(&aws_lc_rs::rand::SystemRandom::new()).unwrap();
    let key = SigningKey::from_pkcs8(pkcs8.as_ref()).unwrap();
    let public = Ed25519KeyPair::from_pkcs8(pkcs8.as_ref()).unwrap().public_key().as_ref().to_vec();
    let mut spki = vec![0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00];
    spki.extend_from_slice(&public);
    let mut tbs = vec![0xa0, 0x03, 0x02, 0x01, 0x02, 0x02, 0x01, 0x01, 0x30, 0x00, 0x30, 0x00, 0x30, 0x00, 0x30, 0x00];
    tbs.extend_from_slice(&spki);
    let mut body = vec![0x30, tbs.len() as u8];
    body.extend_from_slice(&tbs);
    let mut cert = vec![0x30, body.len() as u8];
    cert.extend_from_slice(&body);
    CertifiedKey { chain: Arc::new(vec![cert]), key: Arc::new(key), compressed: Default::default() }
}

pub struct TestHooks {
    pub identity: CertifiedKey,
    pub ticket_key: TicketKey,
    pub stateful: bool,
    pub store: HashMap<Vec<u8>, SessionData>,
    pub sid_ctx: Vec<u8>,
    pub new_sessions: Vec<SessionData>,
    pub keylog_lines: usize,
    pub hits: usize,
    pub present_client_cert: bool,
    pub client_chain_seen: usize,
    /// Server: the OCSP response to staple; client: the one received.
    pub ocsp: Option<Vec<u8>>,
    pub ocsp_seen: Option<Option<Vec<u8>>>,
    /// Server: an external PSK (identity, session) to accept.
    pub external: Option<(Vec<u8>, SessionData)>,
    /// TLS 1.2 PSK suites: the (identity, key) the client sends and the
    /// server knows; the hint the client was given.
    pub psk: Option<(Vec<u8>, Vec<u8>)>,
    pub psk_hint_seen: Option<Option<Vec<u8>>>,
    /// TLS 1.2 SRP: the client's password; the server's user (name, and
    /// N, g, salt, verifier).
    pub srp_password: Option<Vec<u8>>,
    pub srp_user: Option<(Vec<u8>, super::server::SrpUser)>,
    /// NPN: the server's list to announce; the protocol NPN settled.
    pub npn_list: Option<Vec<u8>>,
    pub npn_seen: Option<Vec<u8>>,
    /// Server: the client's certificate_authorities.
    pub peer_ca_names: Vec<Vec<u8>>,
    /// Application extensions to add: (message context bits, type, data).
    pub app_ext_add: Vec<(u32, u16, Vec<u8>)>,
    /// Application extensions received: (context, type, data, chain index).
    pub app_ext_seen: Vec<(u32, u16, Vec<u8>, Option<usize>)>,
}

impl TestHooks {
    pub fn new() -> Self {
        TestHooks {
            identity: ed25519_identity(),
            ticket_key: TicketKey::generate().unwrap(),
            stateful: false,
            store: HashMap::new(),
            sid_ctx: b"test".to_vec(),
            new_sessions: Vec::new(),
            keylog_lines: 0,
            hits: 0,
            present_client_cert: false,
            client_chain_seen: 0,
            ocsp: None,
            ocsp_seen: None,
            external: None,
            psk: None,
            psk_hint_seen: None,
            srp_password: None,
            srp_user: None,
            npn_list: None,
            npn_seen: None,
            peer_ca_names: Vec::new(),
            app_ext_add: Vec::new(),
            app_ext_seen: Vec::new(),
        }
    }
}

impl CustomExtensions for TestHooks {
    fn add_custom_extensions(&mut self, site: Site<'_>) -> Result<Vec<(u16, Vec<u8>)>, Error> {
        Ok(self.app_ext_add.iter().filter(|(c, _, _)| c & site.context != 0).map(|(_, t, d)| (*t, d.clone())).collect())
    }
    fn parse_custom_extensions(&mut self, site: Site<'_>, received: &[(u16, Vec<u8>)]) -> Result<(), Error> {
        for (t, d) in received {
            self.app_ext_seen.push((site.context, *t, d.clone(), site.cert.map(|c| c.1)));
        }
        Ok(())
    }
}

impl ClientHooks for TestHooks {
    fn verify_server_chain(&mut self, _chain: &[Vec<u8>]) -> Result<(), Error> {
        Ok(())
    }
    fn keylog(&mut self, _l: &str, _r: &[u8], _s: &[u8]) {
        self.keylog_lines += 1;
    }
    fn new_session(&mut self, s: SessionData) {
        self.new_sessions.push(s);
    }
    fn tls12_session(&mut self, s: SessionData, _full_handshake: bool) {
        self.new_sessions.push(s);
    }
    fn client_certificate(&mut self, sigalgs: &[u16]) -> Option<CertifiedKey> {
        self.present_client_cert
            .then(|| self.identity.clone())
            .filter(|ck| ck.key.choose_scheme(sigalgs).is_some() || ck.key.choose_tls12_scheme(sigalgs).is_some())
    }
    fn certificate_status(&mut self, response: Option<&[u8]>) -> Result<(), Error> {
        self.ocsp_seen = Some(response.map(<[u8]>::to_vec));
        Ok(())
    }
    fn select_next_proto(&mut self, list: &[u8]) -> Result<Vec<u8>, Error> {
        // The last protocol listed.
        let mut r = super::codec::Reader::new(list);
        let mut last = Vec::new();
        while let Ok(p) = r.vec8() {
            last = p.to_vec();
        }
        Ok(last)
    }
    fn next_proto_negotiated(&mut self, proto: &[u8]) {
        self.npn_seen = Some(proto.to_vec());
    }
    fn srp_password(&mut self) -> Option<zeroize::Zeroizing<Vec<u8>>> {
        self.srp_password.clone().map(zeroize::Zeroizing::new)
    }
    fn tls12_psk(&mut self, _version: u16, hint: Option<&[u8]>) -> Result<Option<(Vec<u8>, zeroize::Zeroizing<Vec<u8>>)>, Error> {
        self.psk_hint_seen = Some(hint.map(<[u8]>::to_vec));
        Ok(self.psk.clone().map(|(id, key)| (id, zeroize::Zeroizing::new(key))))
    }
}

impl ServerHooks for TestHooks {
    fn next_protos_advertised(&mut self) -> Option<Vec<u8>> {
        self.npn_list.clone()
    }
    fn peer_ca_names(&mut self, names: &[Vec<u8>]) {
        self.peer_ca_names = names.to_vec();
    }
    fn next_proto_negotiated(&mut self, proto: &[u8]) {
        self.npn_seen = Some(proto.to_vec());
    }
    fn servername(&mut self, _name: Option<&str>) -> Result<bool, Error> {
        Ok(true)
    }
    fn certificate(&mut self, sigalgs: &[u16]) -> Option<CertifiedKey> {
        self.identity.key.choose_scheme(sigalgs).map(|_| self.identity.clone())
    }
    fn select_alpn(&mut self, offered: &[u8]) -> Result<Option<Vec<u8>>, Error> {
        Ok(Some(offered[1..1 + offered[0] as usize].to_vec()))
    }
    fn dhe_key_pair(&mut self, _rsa_bits: usize) -> Result<Option<crate::crypto::dhe::DhKeyPair>, Error> {
        Ok(crate::crypto::dhe::DhKeyPair::generate_named(c"modp_2048"))
    }
    fn find_external_psk(&mut self, identity: &[u8]) -> Result<Option<SessionData>, Error> {
        Ok(self.external.as_ref().filter(|(id, _)| id == identity).map(|(_, s)| s.clone()))
    }
    fn find_session(&mut self, identity: &[u8]) -> Result<Option<SessionData>, Error> {
        if self.stateful {
            return Ok(self.store.get(identity).cloned());
        }
        Ok(self.ticket_key.open(identity).and_then(|st| SessionData::decode_ticket_state(&st)))
    }
    fn check_session(&mut self, s: &SessionData, version: u16, ems_offered: Option<bool>) -> Result<Resumption, Error> {
        if s.version != version || s.sid_ctx != self.sid_ctx || s.is_expired(now_ms()) {
            return Ok(Resumption::Decline);
        }
        match ems_offered {
            Some(false) if s.extended_master_secret => {
                return Err(Error::new(AlertDescription::HandshakeFailure, Reason::INCONSISTENT_EXTMS, "inconsistent extms"))
            }
            Some(true) if !s.extended_master_secret => return Ok(Resumption::Decline),
            _ => {}
        }
        self.hits += 1;
        Ok(Resumption::Accept)
    }
    fn find_tls12_ticket(&mut self, ticket: &[u8]) -> Result<(Option<SessionData>, bool), Error> {
        // As the API without a decrypt callback: a ticket that does not
        // open earns a new one.
        let found = self.ticket_key.open(ticket).and_then(|st| SessionData::decode_ticket_state(&st));
        let expected = found.is_none();
        Ok((found, expected))
    }
    fn find_cached_session(&mut self, id: &[u8]) -> Result<Option<SessionData>, Error> {
        Ok(self.store.get(id).cloned())
    }
    fn tls12_certificate(&mut self, sigalgs: &[u16]) -> Option<CertifiedKey> {
        // As the API's certificate choice: TLS 1.3's schemes or TLS 1.2's.
        self.identity.key.choose_tls12_scheme(sigalgs).map(|_| self.identity.clone())
    }
    fn tls12_session(&mut self, s: &mut SessionData, issue_ticket: bool) -> Option<Vec<u8>> {
        if !s.session_id.is_empty() {
            self.store.insert(s.session_id.clone(), s.clone());
        }
        issue_ticket.then(|| self.ticket_key.seal(&s.encode_ticket_state()).unwrap())
    }
    fn seal_tls12_ticket(&mut self, s: &mut SessionData) -> Option<Vec<u8>> {
        Some(self.ticket_key.seal(&s.encode_ticket_state()).unwrap())
    }
    fn verify_client_chain(&mut self, chain: &[Vec<u8>]) -> Result<(), Error> {
        self.client_chain_seen = chain.len();
        Ok(())
    }
    fn keylog(&mut self, _l: &str, _r: &[u8], _s: &[u8]) {}
    fn issue_ticket(&mut self, s: &mut SessionData) -> Option<Vec<u8>> {
        s.session_id = crate::crypto::rand::array::<32>().unwrap().to_vec();
        if self.stateful {
            self.store.insert(s.session_id.clone(), s.clone());
            return Some(s.session_id.clone());
        }
        Some(self.ticket_key.seal(&s.encode_ticket_state()).unwrap())
    }
    fn sid_ctx(&mut self) -> Vec<u8> {
        self.sid_ctx.clone()
    }
    fn ocsp_response(&mut self) -> Result<Option<Vec<u8>>, Error> {
        Ok(self.ocsp.clone())
    }
    fn srp_user(&mut self, _version: u16, username: &[u8]) -> Result<super::server::SrpUser, Error> {
        match &self.srp_user {
            Some((name, u)) if name == username => {
                Ok(super::server::SrpUser { n: u.n.clone(), g: u.g.clone(), salt: u.salt.clone(), verifier: u.verifier.clone() })
            }
            _ => Err(Error::new(AlertDescription::UnknownPskIdentity, Reason::PSK_IDENTITY_NOT_FOUND, "unknown SRP user")),
        }
    }
    fn tls12_psk(&mut self, _version: u16, identity: &[u8]) -> Result<Option<zeroize::Zeroizing<Vec<u8>>>, Error> {
        Ok(self.psk.as_ref().filter(|(id, _)| id == identity).map(|(_, key)| zeroize::Zeroizing::new(key.clone())))
    }
}

pub fn client_config() -> ClientConfig {
    ClientConfig {
        suites: TLS13_SUITES.to_vec(),
        groups: vec![Group::X25519, Group::Secp256r1, Group::Secp384r1],
        key_share_groups: Vec::new(),
        max_cert_list: crate::tls::msgs::DEFAULT_MAX_CERT_LIST,
        server_name: Some("example.test".into()),
        alpn: b"\x02h2".to_vec(),
        resume: None,
        external_psk: None,
        allow_no_dhe: false,
        middlebox_compat: true,
        sigalgs: crate::crypto::verify::ADVERTISED_SCHEMES.to_vec(),
        status_request: false,
        request_scts: false,
        npn: false,
        ca_names: Vec::new(),
        padding: false,
        ticket_ext: None,
        ask_external_psk: false,
        post_handshake_auth: false,
        tls12_suites: super::suites::TLS12_SUITES[..].into(),
        offer_psk_suites: true,
        offer_srp_suites: true,
        min_version: super::TLS1_2_VERSION,
        max_version: super::TLS1_3_VERSION,
        no_ticket: false,
        fallback_scsv: false,
        no_ems: false,
        no_renegotiation: false,
        no_etm: false,
        dh_min_bits: 112,
        legacy_sigalgs: false,
        srp_username: None,
        cert_compression: Default::default(),
        cert_types: Default::default(),
    }
}

pub fn server_config() -> ServerConfig {
    ServerConfig {
        suites: TLS13_SUITES.to_vec(),
        groups: vec![Group::X25519, Group::Secp256r1, Group::Secp384r1],
        max_cert_list: crate::tls::msgs::DEFAULT_MAX_CERT_LIST,
        server_preference: false,
        allow_no_dhe: false,
        middlebox_compat: true,
        request_client_cert: false,
        require_client_cert: false,
        client_cert_post_handshake_only: false,
        num_tickets: 2,
        client_ca_names: Vec::new(),
        sigalgs: crate::crypto::verify::ADVERTISED_SCHEMES.to_vec(),
        client_sigalgs: crate::crypto::verify::ADVERTISED_SCHEMES.to_vec(),
        tls12_suites: super::suites::TLS12_SUITES[..].into(),
        min_version: super::TLS1_2_VERSION,
        max_version: super::TLS1_3_VERSION,
        no_ticket: false,
        no_ems: false,
        no_etm: false,
        dhe: true,
        prefer_sha256: false,
        legacy_sigalgs: false,
        server_cache: true,
        psk: false,
        psk_identity_hint: None,
        srp: false,
        no_renegotiation: false,
        allow_client_renegotiation: false,
        allow_unsafe_renegotiation: false,
        no_resumption_on_renegotiation: false,
        cert_compression: Default::default(),
        cert_types: Default::default(),
    }
}

/// Moves bytes both ways until nothing moves; `tamper` may alter what the
/// server sends. Returns each side's result.
pub fn run(
    client: &mut ClientConnection,
    server: &mut ServerConnection,
    ch: &mut TestHooks,
    sh: &mut TestHooks,
    mut tamper: impl FnMut(&mut Vec<u8>),
) -> (Result<(), Error>, Result<(), Error>) {
    client.start(ch).unwrap();
    let (mut cr, mut sr) = (Ok(()), Ok(()));
    for _ in 0..20 {
        let to_server = client.common.take_outgoing();
        let mut to_client = Vec::new();
        if !to_server.is_empty() {
            let r = server.receive(&to_server, sh);
            if sr.is_ok() {
                sr = r;
            }
        }
        to_client.extend(server.common.take_outgoing());
        if to_server.is_empty() && to_client.is_empty() {
            break;
        }
        if !to_client.is_empty() {
            tamper(&mut to_client);
            let r = client.receive(&to_client, ch);
            // Keep the first failure: later calls only repeat it without an alert.
            if cr.is_ok() {
                cr = r;
            }
        }
    }
    (cr, sr)
}

/// Both sides' results of a handshake expected to fail.
pub fn handshake_result(cc: ClientConfig, sc: ServerConfig, ch: &mut TestHooks, sh: &mut TestHooks) -> (Result<(), Error>, Result<(), Error>) {
    let mut c = ClientConnection::new(cc);
    let mut s = ServerConnection::new(sc);
    run(&mut c, &mut s, ch, sh, |_| {})
}

pub fn handshake(cc: ClientConfig, sc: ServerConfig, ch: &mut TestHooks, sh: &mut TestHooks) -> (ClientConnection, ServerConnection) {
    let mut c = ClientConnection::new(cc);
    let mut s = ServerConnection::new(sc);
    let (cr, sr) = run(&mut c, &mut s, ch, sh, |_| {});
    cr.unwrap();
    sr.unwrap();
    assert!(c.is_handshake_done() && s.is_handshake_done());
    (c, s)
}

/// DER: a tag and its content, with the length in short or long form.
fn der(tag: u8, content: &[u8]) -> Vec<u8> {
    let mut out = vec![tag];
    let n = content.len();
    if n < 0x80 {
        out.push(n as u8);
    } else if n < 0x100 {
        out.extend_from_slice(&[0x81, n as u8]);
    } else {
        out.extend_from_slice(&[0x82, (n >> 8) as u8, n as u8]);
    }
    out.extend_from_slice(content);
    out
}

/// An RSA-2048 identity with a stand-in certificate around its
/// SubjectPublicKeyInfo (as `ed25519_identity`), for RSA key exchange.
pub fn rsa_identity() -> CertifiedKey {
    use aws_lc_rs::encoding::{AsDer, Pkcs8V1Der, PublicKeyX509Der};
    use aws_lc_rs::signature::KeyPair;
    let kp = aws_lc_rs::rsa::KeyPair::generate(aws_lc_rs::rsa::KeySize::Rsa2048).unwrap();
    let pkcs8: Pkcs8V1Der = kp.as_der().unwrap();
    let spki: PublicKeyX509Der = kp.public_key().as_der().unwrap();
    let key = SigningKey::from_pkcs8(pkcs8.as_ref()).unwrap();
    assert!(key.can_decrypt_premaster());
    let mut tbs = vec![0xa0, 0x03, 0x02, 0x01, 0x02, 0x02, 0x01, 0x01, 0x30, 0x00, 0x30, 0x00, 0x30, 0x00, 0x30, 0x00];
    tbs.extend_from_slice(spki.as_ref());
    let cert = der(0x30, &der(0x30, &tbs));
    CertifiedKey { chain: Arc::new(vec![cert]), key: Arc::new(key), compressed: Default::default() }
}
