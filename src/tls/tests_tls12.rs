//! TLS 1.2 with both engines back to back: version negotiation, the full
//! handshake and its data, resumption by ticket and by session id, and the
//! ServerHello checks a client makes (downgrade sentinel, secure
//! renegotiation).

use super::alert::AlertDescription;
use super::client::ClientConnection;
use super::codec::Writer;
use super::common::StateMachine;
use super::server::ServerConnection;
use super::session::SessionData;
use super::test_support::{client_config, handshake, server_config, TestHooks};
use super::{msgs, record, Reason, TLS1_2_VERSION, TLS1_3_VERSION};

fn exchange_data(c: &mut ClientConnection, s: &mut ServerConnection, ch: &mut TestHooks, sh: &mut TestHooks) {
    c.common.write_application_data(b"ping").unwrap();
    s.receive(&c.common.take_outgoing(), sh).unwrap();
    let mut buf = [0u8; 16];
    assert_eq!(s.common.read_plaintext(&mut buf, false), 4);
    assert_eq!(&buf[..4], b"ping");
    s.common.write_application_data(b"pong!").unwrap();
    c.receive(&s.common.take_outgoing(), ch).unwrap();
    assert_eq!(c.common.read_plaintext(&mut buf, false), 5);
    assert_eq!(&buf[..5], b"pong!");
}

#[test]
fn tls12_full_handshake_with_ticket_and_data() {
    let (mut ch, mut sh) = (TestHooks::new(), TestHooks::new());
    let mut sc = server_config();
    sc.max_version = TLS1_2_VERSION;
    let (mut c, mut s) = handshake(client_config(), sc, &mut ch, &mut sh);
    assert_eq!((c.common.version, s.common.version), (TLS1_2_VERSION, TLS1_2_VERSION));
    // An Ed25519 key authenticates aECDSA suites; the client's first is AES-256.
    assert_eq!(c.common.suite.unwrap().openssl_name, "ECDHE-ECDSA-AES256-GCM-SHA384");
    assert_eq!(c.common.our_finished, s.common.peer_finished);
    assert_eq!(c.common.tls12_master, s.common.tls12_master);
    exchange_data(&mut c, &mut s, &mut ch, &mut sh);
    let session = ch.new_sessions.pop().expect("a session with its ticket");
    assert!(session.extended_master_secret && !session.ticket.is_empty());
    assert_eq!(session.session_id, crate::crypto::hash::sha256(&session.ticket));
    assert_eq!(c.alpn_selected(), Some(&b"h2"[..]));
    // The exporter of RFC 5705 agrees on both sides, and a context changes it.
    let a = c.common.export_keying_material(b"EXPORTER-test", None, 32).unwrap();
    assert_eq!(a, s.common.export_keying_material(b"EXPORTER-test", None, 32).unwrap());
    assert_ne!(a, c.common.export_keying_material(b"EXPORTER-test", Some(&[]), 32).unwrap());
}

#[test]
fn tls12_resumes_by_ticket_and_by_session_id() {
    for no_ticket in [false, true] {
        let (mut ch, mut sh) = (TestHooks::new(), TestHooks::new());
        let mut sc = server_config();
        sc.max_version = TLS1_2_VERSION;
        sc.no_ticket = no_ticket;
        let mut cc = client_config();
        cc.no_ticket = no_ticket;
        let (c, _) = handshake(cc.clone(), sc.clone(), &mut ch, &mut sh);
        let first = ch.new_sessions.pop().expect("session");
        assert_eq!(first.ticket.is_empty(), no_ticket);
        assert!(!first.session_id.is_empty());
        assert!(!c.resumed());
        cc.resume = Some(Box::new(first.clone()));
        let (mut c2, mut s2) = handshake(cc, sc, &mut ch, &mut sh);
        assert!(c2.resumed() && s2.resumed(), "no_ticket={no_ticket}");
        assert_eq!(sh.hits, 1);
        assert_eq!(&c2.common.tls12_master[..], &first.master_key[..]);
        exchange_data(&mut c2, &mut s2, &mut ch, &mut sh);
    }
}

/// Both engines free their handshake state when the handshake ends, full
/// or resumed, and still answer for what it settled (resumption, ALPN,
/// group); a handshake message or change_cipher_spec nothing expects is
/// refused afterwards as before.
#[test]
fn tls12_handshake_state_is_freed_at_its_end() {
    let (mut ch, mut sh) = (TestHooks::new(), TestHooks::new());
    let mut sc = server_config();
    sc.max_version = TLS1_2_VERSION;
    let (c, s) = handshake(client_config(), sc.clone(), &mut ch, &mut sh);
    assert!(c.tls12_settled() && s.tls12_settled());
    assert!(c.is_handshake_done() && s.is_handshake_done() && !c.resumed() && !s.resumed());
    assert_eq!((c.alpn_selected(), s.alpn_selected()), (Some(&b"h2"[..]), Some(&b"h2"[..])));
    assert!(c.negotiated_group().is_some() && c.negotiated_group() == s.negotiated_group());
    let mut cc = client_config();
    cc.resume = Some(Box::new(ch.new_sessions.pop().expect("session")));
    let (mut c2, mut s2) = handshake(cc, sc, &mut ch, &mut sh);
    assert!(c2.tls12_settled() && s2.tls12_settled() && c2.resumed() && s2.resumed());
    // No key exchange in a resumption: both report the session's group,
    // as OpenSSL's SSL_get_negotiated_group reads its kex_group.
    assert_eq!((c2.negotiated_group(), s2.negotiated_group()), (s.negotiated_group(), s.negotiated_group()));
    c2.common.record.send(record::CT_HANDSHAKE, &msgs::frame(msgs::FINISHED, |w: &mut Writer| w.bytes(&[0; 12]))).unwrap();
    let e = s2.receive(&c2.common.take_outgoing(), &mut sh).unwrap_err();
    assert_eq!((e.alert, e.detail), (Some(AlertDescription::UnexpectedMessage), "unexpected handshake message"));
    let (mut c3, mut s3) = handshake(client_config(), server_config_12(), &mut ch, &mut sh);
    s3.common.record.send_change_cipher_spec().unwrap();
    let e = c3.receive(&s3.common.take_outgoing(), &mut ch).unwrap_err();
    assert_eq!(e.reason, Reason::UNEXPECTED_CCS_MESSAGE as i32);
}

fn server_config_12() -> super::server::ServerConfig {
    let mut sc = server_config();
    sc.max_version = TLS1_2_VERSION;
    sc
}

#[test]
fn tls13_is_chosen_when_both_offer_it() {
    let (mut ch, mut sh) = (TestHooks::new(), TestHooks::new());
    let (c, _) = handshake(client_config(), server_config(), &mut ch, &mut sh);
    assert_eq!(c.common.version, TLS1_3_VERSION);
}

/// A TLS 1.2 ServerHello for a client that sent `c`'s ClientHello.
fn server_hello(random: [u8; 32], renegotiation_info: bool) -> Vec<u8> {
    let sh = msgs::frame(msgs::SERVER_HELLO, |w: &mut Writer| {
        w.u16(TLS1_2_VERSION);
        w.bytes(&random);
        w.vec8(|_| {});
        w.u16(0xc02b);
        w.u8(0);
        w.vec16(|w| {
            if renegotiation_info {
                w.u16(super::extensions::RENEGOTIATION_INFO);
                w.vec16(|w| w.vec8(|_| {}));
            }
        });
    });
    let mut rec = vec![record::CT_HANDSHAKE, 3, 3, (sh.len() >> 8) as u8, sh.len() as u8];
    rec.extend_from_slice(&sh);
    rec
}

#[test]
fn rejects_downgrade_sentinel_after_offering_tls13() {
    let mut ch = TestHooks::new();
    let mut c = ClientConnection::new(client_config());
    c.start(&mut TestHooks::new()).unwrap();
    let mut random = [7u8; 32];
    random[24..].copy_from_slice(b"DOWNGRD\x01");
    let e = c.receive(&server_hello(random, true), &mut ch).err().unwrap();
    assert_eq!((e.alert, e.reason), (Some(AlertDescription::IllegalParameter), Reason::INAPPROPRIATE_FALLBACK as i32));
    // A client that offered TLS 1.2 only does not look for it.
    let mut cc = client_config();
    cc.max_version = TLS1_2_VERSION;
    let mut c = ClientConnection::new(cc);
    c.start(&mut TestHooks::new()).unwrap();
    assert!(c.receive(&server_hello(random, true), &mut ch).is_ok());
}

#[test]
fn rejects_server_without_secure_renegotiation() {
    let mut ch = TestHooks::new();
    let mut c = ClientConnection::new(client_config());
    c.start(&mut TestHooks::new()).unwrap();
    let e = c.receive(&server_hello([7; 32], false), &mut ch).err().unwrap();
    assert_eq!((e.alert, e.reason), (Some(AlertDescription::HandshakeFailure), Reason::UNSAFE_LEGACY_RENEGOTIATION_DISABLED as i32));
}

#[test]
fn rejects_tls12_when_client_requires_tls13() {
    let (mut ch, mut sh) = (TestHooks::new(), TestHooks::new());
    let mut cc = client_config();
    cc.min_version = TLS1_3_VERSION;
    let mut sc = server_config();
    sc.max_version = TLS1_2_VERSION;
    let (_, sr) = super::test_support::handshake_result(cc, sc, &mut ch, &mut sh);
    assert_eq!(sr.err().unwrap().alert, Some(AlertDescription::ProtocolVersion));
}

/// A TLS 1.2 client offering only `suite`, and a TLS 1.2 server.
fn configs_for(suite: &'static super::suites::Suite, etm: bool) -> (super::client::ClientConfig, super::server::ServerConfig) {
    let mut cc = client_config();
    cc.tls12_suites = vec![suite].into();
    cc.no_etm = !etm;
    let mut sc = server_config();
    sc.max_version = TLS1_2_VERSION;
    (cc, sc)
}

/// The fragment length of the first application-data record `c` sends.
fn app_record_len(c: &mut ClientConnection, data: &[u8]) -> usize {
    c.common.write_application_data(data).unwrap();
    let wire = c.common.take_outgoing();
    assert_eq!(wire[0], record::CT_APPLICATION_DATA);
    let len = u16::from_be_bytes([wire[3], wire[4]]) as usize;
    assert_eq!(wire.len(), 5 + len, "one record");
    len
}

#[test]
fn tls12_cbc_suites_with_and_without_encrypt_then_mac() {
    use super::suites::*;
    // (suite, MAC length); the Ed25519 test key authenticates aECDSA suites.
    let cases = [
        (&TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA, 20),
        (&TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA, 20),
        (&TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256, 32),
        (&TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA384, 48),
    ];
    for (suite, mac) in cases {
        for etm in [true, false] {
            let (mut ch, mut sh) = (TestHooks::new(), TestHooks::new());
            let (cc, sc) = configs_for(suite, etm);
            let (mut c, mut s) = handshake(cc, sc, &mut ch, &mut sh);
            assert_eq!(c.common.suite.unwrap().iana, suite.iana);
            exchange_data(&mut c, &mut s, &mut ch, &mut sh);
            // 4 bytes: IV, then with encrypt-then-MAC one padded block and
            // the MAC outside; without, content and MAC padded together.
            let expected = if etm { 16 + 16 + mac } else { 16 + (4 + mac) / 16 * 16 + 16 };
            assert_eq!(app_record_len(&mut c, b"data"), expected, "{} etm={etm}", suite.openssl_name);
        }
    }
}

#[test]
fn tls12_encrypt_then_mac_is_not_used_with_aead_suites() {
    let (mut ch, mut sh) = (TestHooks::new(), TestHooks::new());
    let (cc, sc) = configs_for(&super::suites::TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256, true);
    let (mut c, _) = handshake(cc, sc, &mut ch, &mut sh);
    // nonce_explicit, 4 bytes, tag.
    assert_eq!(app_record_len(&mut c, b"data"), 8 + 4 + 16);
}

#[test]
fn tls12_rsa_key_exchange_full_and_resumed() {
    use super::suites::*;
    for suite in [&TLS_RSA_WITH_AES_128_GCM_SHA256, &TLS_RSA_WITH_AES_256_CBC_SHA256, &TLS_RSA_WITH_AES_128_CBC_SHA] {
        let (mut ch, mut sh) = (TestHooks::new(), TestHooks::new());
        sh.identity = super::test_support::rsa_identity();
        let (mut cc, sc) = configs_for(suite, true);
        let (mut c, mut s) = handshake(cc.clone(), sc.clone(), &mut ch, &mut sh);
        assert_eq!(s.common.suite.unwrap().iana, suite.iana);
        // No ServerKeyExchange: no key share on either side.
        assert!(c.common.peer_key_share.is_none() && s.common.peer_key_share.is_none());
        exchange_data(&mut c, &mut s, &mut ch, &mut sh);
        cc.resume = Some(Box::new(ch.new_sessions.pop().expect("session")));
        let (mut c2, mut s2) = handshake(cc, sc, &mut ch, &mut sh);
        assert!(c2.resumed() && s2.resumed(), "{}", suite.openssl_name);
        exchange_data(&mut c2, &mut s2, &mut ch, &mut sh);
    }
}

#[test]
fn tls12_rsa_suites_need_an_rsa_certificate() {
    // The Ed25519 identity cannot decrypt: no shared cipher.
    let (mut ch, mut sh) = (TestHooks::new(), TestHooks::new());
    let (cc, sc) = configs_for(&super::suites::TLS_RSA_WITH_AES_128_CBC_SHA, true);
    let (_, sr) = super::test_support::handshake_result(cc, sc, &mut ch, &mut sh);
    assert_eq!(sr.unwrap_err().reason, Reason::NO_SHARED_CIPHER as i32);
}

/// Runs an RSA key exchange handshake, letting `tamper` alter the client's
/// second flight (ClientKeyExchange, ChangeCipherSpec, Finished); returns
/// the server's error.
fn rsa_handshake_with_tampered_client_flight(tamper: impl Fn(&mut Vec<u8>)) -> super::Error {
    let (mut ch, mut sh) = (TestHooks::new(), TestHooks::new());
    sh.identity = super::test_support::rsa_identity();
    let (cc, sc) = configs_for(&super::suites::TLS_RSA_WITH_AES_128_CBC_SHA, true);
    let mut c = ClientConnection::new(cc);
    let mut s = ServerConnection::new(sc);
    c.start(&mut TestHooks::new()).unwrap();
    s.receive(&c.common.take_outgoing(), &mut sh).unwrap();
    c.receive(&s.common.take_outgoing(), &mut ch).unwrap();
    let mut flight = c.common.take_outgoing();
    assert_eq!(&flight[..6], &[record::CT_HANDSHAKE, 3, 3, 1, 6, super::msgs::tls12::CLIENT_KEY_EXCHANGE], "CKE of a 2048-bit key");
    tamper(&mut flight);
    s.receive(&flight, &mut sh).unwrap_err()
}

#[test]
fn rsa_premaster_tampering_fails_exactly_like_a_corrupted_finished() {
    // A ciphertext whose padding no longer checks: libcrypto substitutes a
    // random premaster secret, so the server fails only at the client's
    // Finished — with what a Finished corrupted in transit gives.
    let bad_premaster = rsa_handshake_with_tampered_client_flight(|f| f[5 + 4 + 2 + 100] ^= 0x40);
    let bad_finished = rsa_handshake_with_tampered_client_flight(|f| {
        let n = f.len();
        f[n - 1] ^= 0x40;
    });
    for e in [&bad_premaster, &bad_finished] {
        assert_eq!(e.alert, Some(AlertDescription::BadRecordMac));
        assert_eq!(e.reason, Reason::DECRYPTION_FAILED_OR_BAD_RECORD_MAC as i32);
    }
}

#[test]
fn tls12_dhe_suites_full_and_resumed() {
    use super::suites::*;
    for suite in [&TLS_DHE_RSA_WITH_AES_128_GCM_SHA256, &TLS_DHE_RSA_WITH_CHACHA20_POLY1305_SHA256, &TLS_DHE_RSA_WITH_AES_256_CBC_SHA] {
        let (mut ch, mut sh) = (TestHooks::new(), TestHooks::new());
        sh.identity = super::test_support::rsa_identity();
        let (mut cc, sc) = configs_for(suite, true);
        let (mut c, mut s) = handshake(cc.clone(), sc.clone(), &mut ch, &mut sh);
        assert_eq!(c.common.suite.unwrap().iana, suite.iana);
        // Both sides know the other's DH value, in the same 2048-bit group.
        let (cp, sp) = (*c.common.peer_dh.clone().unwrap(), *s.common.peer_dh.clone().unwrap());
        assert_eq!((cp.0.len(), &cp.0, &cp.1), (256, &sp.0, &sp.1));
        assert_eq!(c.common.our_dh.clone().unwrap().2, sp.2);
        exchange_data(&mut c, &mut s, &mut ch, &mut sh);
        cc.resume = Some(Box::new(ch.new_sessions.pop().expect("session")));
        let (c2, s2) = handshake(cc, sc, &mut ch, &mut sh);
        assert!(c2.resumed() && s2.resumed());
    }
}

#[test]
fn tls12_dhe_is_not_chosen_without_parameters() {
    let (mut ch, mut sh) = (TestHooks::new(), TestHooks::new());
    sh.identity = super::test_support::rsa_identity();
    let (cc, mut sc) = configs_for(&super::suites::TLS_DHE_RSA_WITH_AES_128_GCM_SHA256, true);
    sc.dhe = false;
    let (_, sr) = super::test_support::handshake_result(cc, sc, &mut ch, &mut sh);
    assert_eq!(sr.unwrap_err().reason, Reason::NO_SHARED_CIPHER as i32);
}

#[test]
fn rejects_dhe_group_below_the_security_level() {
    // A 2048-bit group has 112 security bits; a client at level 3 wants 128.
    let (mut ch, mut sh) = (TestHooks::new(), TestHooks::new());
    sh.identity = super::test_support::rsa_identity();
    let (mut cc, sc) = configs_for(&super::suites::TLS_DHE_RSA_WITH_AES_128_GCM_SHA256, true);
    cc.dh_min_bits = 128;
    let (cr, _) = super::test_support::handshake_result(cc, sc, &mut ch, &mut sh);
    let e = cr.unwrap_err();
    assert_eq!(e.alert, Some(AlertDescription::HandshakeFailure));
    assert_eq!(e.reason, Reason::DH_KEY_TOO_SMALL as i32);
}

#[test]
fn tls12_camellia_suites_full_and_resumed() {
    use super::suites::*;
    // (suite, server key: the Ed25519 test key signs for aECDSA, RSA for the rest)
    let cases = [
        (&TLS_ECDHE_ECDSA_WITH_CAMELLIA_128_CBC_SHA256, false),
        (&TLS_ECDHE_RSA_WITH_CAMELLIA_256_CBC_SHA384, true),
        (&TLS_DHE_RSA_WITH_CAMELLIA_128_CBC_SHA, true),
        (&TLS_RSA_WITH_CAMELLIA_256_CBC_SHA256, true),
    ];
    for (suite, rsa) in cases {
        for etm in [true, false] {
            let (mut ch, mut sh) = (TestHooks::new(), TestHooks::new());
            if rsa {
                sh.identity = super::test_support::rsa_identity();
            }
            let (mut cc, sc) = configs_for(suite, etm);
            let (mut c, mut s) = handshake(cc.clone(), sc.clone(), &mut ch, &mut sh);
            assert_eq!(c.common.suite.unwrap().iana, suite.iana);
            exchange_data(&mut c, &mut s, &mut ch, &mut sh);
            cc.resume = Some(Box::new(ch.new_sessions.pop().expect("session")));
            let (mut c2, mut s2) = handshake(cc, sc, &mut ch, &mut sh);
            assert!(c2.resumed() && s2.resumed(), "{}", suite.openssl_name);
            exchange_data(&mut c2, &mut s2, &mut ch, &mut sh);
        }
    }
}

#[test]
fn npn_announced_chosen_and_sent_before_finished() {
    let npn_list = b"\x08http/1.1\x06spdy/3".to_vec();
    // One server (its ticket key) for every handshake.
    let mut sh = TestHooks::new();
    sh.npn_list = Some(npn_list.clone());
    let mut run_npn = |client_alpn: bool, resume: Option<SessionData>| {
        let mut ch = TestHooks::new();
        sh.npn_seen = None;
        let mut sc = server_config();
        sc.max_version = TLS1_2_VERSION;
        let mut cc = client_config();
        cc.npn = true;
        cc.resume = resume.map(Box::new);
        if !client_alpn {
            cc.alpn.clear();
        }
        let (c, s) = handshake(cc, sc, &mut ch, &mut sh);
        (c.resumed() && s.resumed(), ch.npn_seen, sh.npn_seen.clone(), ch.new_sessions.pop())
    };
    // Without ALPN: the client's choice (TestHooks picks the last) reaches
    // the server in NextProtocol, in the full handshake and on resumption.
    let (resumed, c_npn, s_npn, session) = run_npn(false, None);
    assert!(!resumed);
    assert_eq!((c_npn.as_deref(), s_npn.as_deref()), (Some(&b"spdy/3"[..]), Some(&b"spdy/3"[..])));
    let (resumed, c_npn, s_npn, _) = run_npn(false, session);
    assert!(resumed);
    assert_eq!((c_npn.as_deref(), s_npn.as_deref()), (Some(&b"spdy/3"[..]), Some(&b"spdy/3"[..])));
    // "ALPN takes precedence over NPN": no NPN when ALPN chose.
    let (_, c_npn, s_npn, _) = run_npn(true, None);
    assert_eq!((c_npn, s_npn), (None, None));
}

#[test]
fn npn_messages_are_checked_as_openssl_checks_them() {
    use crate::tls::msgs::tls12::{encode_next_protocol, parse_next_protocol, valid_next_proto_list};
    assert!(valid_next_proto_list(b"\x02h2\x08http/1.1"));
    assert!(valid_next_proto_list(b""));
    assert!(!valid_next_proto_list(b"\x00"));
    assert!(!valid_next_proto_list(b"\x05h2"));
    // NextProtocol pads its body to a multiple of 32 bytes.
    let m = encode_next_protocol(b"spdy/3");
    assert_eq!((m.len() - 4) % 32, 0);
    assert_eq!(parse_next_protocol(&m[4..]).unwrap(), b"spdy/3");
    let mut trailing = m[4..].to_vec();
    trailing.push(0);
    assert!(parse_next_protocol(&trailing).is_err());
}
