//! TLS 1.0 and 1.1 with both engines back to back: each key exchange with
//! CBC suites, their records (no IV in TLS 1.0), resumption, client
//! certificates, the downgrade sentinel, and the security-level rule that
//! their SHA-1/MD5-SHA1 signatures need level 0 (OpenSSL 3.0).

use super::alert::AlertDescription;
use super::client::{ClientConfig, ClientConnection};
use super::codec::Writer;
use super::common::StateMachine;
use super::server::{ServerConfig, ServerConnection};
use super::suites::{self, Suite};
use super::test_support::{client_config, handshake, handshake_result, rsa_identity, server_config, TestHooks};
use super::{msgs, record, Reason, TLS1_1_VERSION, TLS1_2_VERSION, TLS1_VERSION};

/// A client enabling TLS 1.0 to 1.3 at security level 0 and offering only
/// `suite`; a server at level 0 whose best version is `version`.
fn configs(version: u16, suite: &'static Suite) -> (ClientConfig, ServerConfig) {
    let mut cc = client_config();
    cc.min_version = TLS1_VERSION;
    cc.tls12_suites = vec![suite].into();
    cc.legacy_sigalgs = true;
    let mut sc = server_config();
    sc.min_version = TLS1_VERSION;
    sc.max_version = version;
    sc.legacy_sigalgs = true;
    (cc, sc)
}

/// Application data both ways; returns the header and fragment length of
/// the client's record carrying 4 bytes.
fn exchange(c: &mut ClientConnection, s: &mut ServerConnection, ch: &mut TestHooks, sh: &mut TestHooks) -> ([u8; 3], usize) {
    c.common.write_application_data(b"ping").unwrap();
    let wire = c.common.take_outgoing();
    let header = [wire[0], wire[1], wire[2]];
    let len = u16::from_be_bytes([wire[3], wire[4]]) as usize;
    s.receive(&wire, sh).unwrap();
    let mut buf = [0u8; 8];
    assert_eq!(s.common.read_plaintext(&mut buf, false), 4);
    assert_eq!(&buf[..4], b"ping");
    s.common.write_application_data(b"pong").unwrap();
    c.receive(&s.common.take_outgoing(), ch).unwrap();
    assert_eq!(c.common.read_plaintext(&mut buf, false), 4);
    (header, len)
}

#[test]
fn tls10_and_tls11_every_key_exchange_full_and_resumed() {
    let kxs = [&suites::TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA, &suites::TLS_RSA_WITH_AES_256_CBC_SHA, &suites::TLS_DHE_RSA_WITH_AES_128_CBC_SHA];
    for version in [TLS1_VERSION, TLS1_1_VERSION] {
        for suite in kxs {
            for etm in [true, false] {
                let (mut ch, mut sh) = (TestHooks::new(), TestHooks::new());
                sh.identity = rsa_identity();
                let (mut cc, mut sc) = configs(version, suite);
                cc.no_etm = !etm;
                sc.no_etm = !etm;
                let (mut c, mut s) = handshake(cc.clone(), sc.clone(), &mut ch, &mut sh);
                let what = format!("{version:#06x} {} etm={etm}", suite.openssl_name);
                assert_eq!((c.common.version, s.common.version), (version, version), "{what}");
                assert_eq!(c.common.tls12_master, s.common.tls12_master);
                // The record carries the version; TLS 1.0 has no IV block:
                // 4 bytes and a 20-byte MAC are one or two padded blocks.
                let (header, len) = exchange(&mut c, &mut s, &mut ch, &mut sh);
                assert_eq!(header, [record::CT_APPLICATION_DATA, 3, version as u8], "{what}");
                let iv = if version == TLS1_VERSION { 0 } else { 16 };
                assert_eq!(len, iv + if etm { 16 + 20 } else { 32 }, "{what}");
                // The exporter works with the MD5/SHA-1 PRF too.
                let a = c.common.export_keying_material(b"EXPORTER-test", None, 20).unwrap();
                assert_eq!(a, s.common.export_keying_material(b"EXPORTER-test", None, 20).unwrap());
                let session = ch.new_sessions.pop().expect("session");
                assert_eq!(session.version, version);
                cc.resume = Some(Box::new(session));
                let (mut c2, mut s2) = handshake(cc, sc, &mut ch, &mut sh);
                assert!(c2.resumed() && s2.resumed(), "{what}");
                assert_eq!(c2.common.version, version);
                exchange(&mut c2, &mut s2, &mut ch, &mut sh);
            }
        }
    }
}

#[test]
fn tls10_client_certificate_signs_and_is_verified_in_the_legacy_form() {
    let (mut ch, mut sh) = (TestHooks::new(), TestHooks::new());
    sh.identity = rsa_identity();
    ch.identity = rsa_identity();
    ch.present_client_cert = true;
    let (cc, mut sc) = configs(TLS1_VERSION, &suites::TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA);
    sc.request_client_cert = true;
    sc.require_client_cert = true;
    let (mut c, mut s) = handshake(cc, sc, &mut ch, &mut sh);
    assert_eq!(sh.client_chain_seen, 1);
    // No SignatureAndHashAlgorithm before TLS 1.2: reported as
    // MD5-SHA1 for RSA, as OpenSSL does.
    let md5_sha1 = Some(super::tls12_shared::LEGACY_RSA_MD5_SHA1);
    assert_eq!((c.common.our_sig_scheme, s.common.peer_sig_scheme), (md5_sha1, md5_sha1));
    assert_eq!(crate::crypto::verify::scheme_nids(md5_sha1.unwrap()), Some((114, 6)));
    exchange(&mut c, &mut s, &mut ch, &mut sh);
}

#[test]
fn tls12_capable_server_marks_a_tls11_handshake() {
    // The client offers up to TLS 1.1 only; the server could do TLS 1.3.
    let (mut ch, mut sh) = (TestHooks::new(), TestHooks::new());
    sh.identity = rsa_identity();
    let (mut cc, mut sc) = configs(TLS1_2_VERSION, &suites::TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA);
    cc.max_version = TLS1_1_VERSION;
    sc.max_version = super::TLS1_3_VERSION;
    let (c, _) = handshake(cc, sc, &mut ch, &mut sh);
    assert_eq!(c.common.version, TLS1_1_VERSION);
    assert_eq!(&c.common.server_random[24..], b"DOWNGRD\x00");
}

/// A ServerHello of `version` choosing ECDHE-RSA-AES128-SHA.
fn server_hello(version: u16, random: [u8; 32]) -> Vec<u8> {
    let sh = msgs::frame(msgs::SERVER_HELLO, |w: &mut Writer| {
        w.u16(version);
        w.bytes(&random);
        w.vec8(|_| {});
        w.u16(0xc013);
        w.u8(0);
        w.vec16(|w| {
            w.u16(super::extensions::RENEGOTIATION_INFO);
            w.vec16(|w| w.vec8(|_| {}));
        });
    });
    let mut rec = vec![record::CT_HANDSHAKE, 3, version as u8, (sh.len() >> 8) as u8, sh.len() as u8];
    rec.extend_from_slice(&sh);
    rec
}

#[test]
fn client_checks_the_tls11_sentinel_and_its_version_range() {
    let mut ch = TestHooks::new();
    let (cc, _) = configs(TLS1_1_VERSION, &suites::TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA);
    let mut random = [7u8; 32];
    random[24..].copy_from_slice(b"DOWNGRD\x00");
    // Offering better than TLS 1.1: the sentinel is an attack.
    let mut c = ClientConnection::new(cc.clone());
    c.start(&mut TestHooks::new()).unwrap();
    let e = c.receive(&server_hello(TLS1_1_VERSION, random), &mut ch).unwrap_err();
    assert_eq!((e.alert, e.reason), (Some(AlertDescription::IllegalParameter), Reason::INAPPROPRIATE_FALLBACK as i32));
    // Offering TLS 1.1 at best, the same random is fine.
    let mut c = ClientConnection::new(ClientConfig { max_version: TLS1_1_VERSION, ..cc.clone() });
    c.start(&mut TestHooks::new()).unwrap();
    c.receive(&server_hello(TLS1_1_VERSION, random), &mut ch).unwrap();
    // Below our minimum: protocol_version.
    let mut c = ClientConnection::new(ClientConfig { min_version: TLS1_2_VERSION, ..cc });
    c.start(&mut TestHooks::new()).unwrap();
    let e = c.receive(&server_hello(TLS1_VERSION, [7; 32]), &mut ch).unwrap_err();
    assert_eq!((e.alert, e.reason), (Some(AlertDescription::ProtocolVersion), Reason::UNSUPPORTED_PROTOCOL as i32));
}

#[test]
fn legacy_signatures_need_security_level_0() {
    // Our server above level 0: internal_error, no suitable signature
    // algorithm (OpenSSL 3.0's tls_choose_sigalg), even for RSA key exchange.
    for suite in [&suites::TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA, &suites::TLS_RSA_WITH_AES_128_CBC_SHA] {
        let (mut ch, mut sh) = (TestHooks::new(), TestHooks::new());
        sh.identity = rsa_identity();
        let (cc, mut sc) = configs(TLS1_VERSION, suite);
        sc.legacy_sigalgs = false;
        let (_, sr) = handshake_result(cc, sc, &mut ch, &mut sh);
        let e = sr.unwrap_err();
        assert_eq!((e.alert, e.reason), (Some(AlertDescription::InternalError), Reason::NO_SUITABLE_SIGNATURE_ALGORITHM as i32));
    }
    // Our client above level 0 refuses the signed ServerKeyExchange, but
    // RSA key exchange has none and succeeds, as with OpenSSL 3.0.
    let (mut ch, mut sh) = (TestHooks::new(), TestHooks::new());
    sh.identity = rsa_identity();
    let (mut cc, sc) = configs(TLS1_VERSION, &suites::TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA);
    cc.legacy_sigalgs = false;
    let (cr, _) = handshake_result(cc, sc, &mut ch, &mut sh);
    let e = cr.unwrap_err();
    assert_eq!((e.alert, e.reason), (Some(AlertDescription::InternalError), Reason::LEGACY_SIGALG_DISALLOWED_OR_UNSUPPORTED as i32));
    let (mut ch, mut sh) = (TestHooks::new(), TestHooks::new());
    sh.identity = rsa_identity();
    let (mut cc, sc) = configs(TLS1_VERSION, &suites::TLS_RSA_WITH_AES_128_CBC_SHA);
    cc.legacy_sigalgs = false;
    let (c, _) = handshake(cc, sc, &mut ch, &mut sh);
    assert_eq!(c.common.version, TLS1_VERSION);
}

#[test]
fn tls12_only_suites_are_neither_offered_nor_accepted_below_tls12() {
    // A client whose best is TLS 1.1 and whose only suite needs TLS 1.2
    // has nothing to offer; a server at TLS 1.1 does not choose it.
    let (mut ch, mut sh) = (TestHooks::new(), TestHooks::new());
    sh.identity = rsa_identity();
    let (mut cc, sc) = configs(TLS1_1_VERSION, &suites::TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256);
    cc.max_version = TLS1_1_VERSION;
    let e = ClientConnection::new(cc.clone()).start(&mut TestHooks::new()).unwrap_err();
    assert_eq!(e.reason, Reason::NO_CIPHERS_AVAILABLE as i32);
    cc.max_version = super::TLS1_3_VERSION;
    cc.suites = Vec::new();
    let (_, sr) = handshake_result(cc, sc, &mut ch, &mut sh);
    assert_eq!(sr.unwrap_err().reason, Reason::NO_SHARED_CIPHER as i32);
}

#[test]
fn a_session_of_another_version_is_not_resumed() {
    let (mut ch, mut sh) = (TestHooks::new(), TestHooks::new());
    sh.identity = rsa_identity();
    let (mut cc, sc) = configs(TLS1_VERSION, &suites::TLS_RSA_WITH_AES_128_CBC_SHA);
    handshake(cc.clone(), sc.clone(), &mut ch, &mut sh);
    cc.resume = Some(Box::new(ch.new_sessions.pop().expect("session")));
    let (c, s) = handshake(cc, ServerConfig { max_version: TLS1_2_VERSION, ..sc }, &mut ch, &mut sh);
    assert!(!c.resumed() && !s.resumed());
    assert_eq!(c.common.version, TLS1_2_VERSION);
}
