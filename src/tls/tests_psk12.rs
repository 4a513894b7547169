//! The TLS 1.2 PSK key exchanges (RFC 4279, 5489) with both engines back
//! to back: every PSK suite, full and resumed; the identity hint and when
//! the ServerKeyExchange is left out; the failures OpenSSL gives for an
//! unknown identity, a wrong key and a client without a key.

use super::alert::AlertDescription;
use super::client::{ClientConfig, ClientConnection};
use super::common::StateMachine;
use super::server::{ServerConfig, ServerConnection};
use super::suites::{Auth, Kx, Suite, TLS12_SUITES};
use super::test_support::{client_config, handshake, handshake_result, rsa_identity, server_config, TestHooks};
use super::{msgs, record, Reason, TLS1_2_VERSION};

const IDENTITY: &[u8] = b"Client_identity";
const KEY: &[u8] = &[1, 2, 3, 4, 5, 6, 7, 8];

/// A TLS 1.2 client offering only `suite`, a server with a PSK callback
/// and `hint`; both hooks know IDENTITY's KEY; the server holds an RSA key.
fn psk_pair(suite: &'static Suite, hint: Option<&[u8]>) -> (ClientConfig, ServerConfig, TestHooks, TestHooks) {
    let mut cc = client_config();
    cc.tls12_suites = vec![suite].into();
    let mut sc = server_config();
    sc.max_version = TLS1_2_VERSION;
    sc.psk = true;
    sc.psk_identity_hint = hint.map(<[u8]>::to_vec);
    let (mut ch, mut sh) = (TestHooks::new(), TestHooks::new());
    sh.identity = rsa_identity();
    ch.psk = Some((IDENTITY.to_vec(), KEY.to_vec()));
    sh.psk = ch.psk.clone();
    (cc, sc, ch, sh)
}

fn psk_suites() -> impl Iterator<Item = &'static Suite> {
    TLS12_SUITES.iter().copied().filter(|s| s.kx.is_psk())
}

/// Application data from the client reaches the server.
fn exchange_data(c: &mut ClientConnection, s: &mut ServerConnection, sh: &mut TestHooks) {
    c.common.write_application_data(b"ping").unwrap();
    s.receive(&c.common.take_outgoing(), sh).unwrap();
    let mut buf = [0u8; 8];
    assert_eq!(s.common.read_plaintext(&mut buf, false), 4);
    assert_eq!(&buf[..4], b"ping");
}

#[test]
fn every_psk_suite_full_and_resumed() {
    // 26 with AES-CBC, AES-GCM and ChaCha20 (OpenSSL's DEFAULT); 8 with
    // Camellia, 8 with AES-CCM(_8), 6 with ARIA-GCM.
    assert_eq!(psk_suites().count(), 48);
    for suite in psk_suites() {
        let (mut cc, sc, mut ch, mut sh) = psk_pair(suite, Some(b"hint"));
        let (mut c, mut s) = handshake(cc.clone(), sc.clone(), &mut ch, &mut sh);
        let name = suite.openssl_name;
        assert_eq!(c.common.suite.unwrap().iana, suite.iana, "{name}");
        assert_eq!(ch.psk_hint_seen, Some(Some(b"hint".to_vec())), "{name}");
        // (EC)DHE-PSK made an ephemeral key; the others none.
        assert_eq!(c.common.peer_key_share.is_some(), suite.kx == Kx::EcdhePsk, "{name}");
        assert_eq!(c.common.peer_dh.is_some(), suite.kx == Kx::DhePsk, "{name}");
        exchange_data(&mut c, &mut s, &mut sh);
        // Both sessions name the identity; the client's also the hint.
        let session = ch.new_sessions.pop().expect("session");
        assert_eq!(session.psk_identity.as_deref(), Some(IDENTITY), "{name}");
        assert_eq!(session.psk_identity_hint.as_deref(), Some(&b"hint"[..]), "{name}");
        let est = s.established.clone().expect("server session");
        assert_eq!((est.psk_identity.as_deref(), est.psk_identity_hint.as_deref()), (Some(IDENTITY), None), "{name}");
        // Resumption needs no PSK callback: the master secret is the session's.
        cc.resume = Some(Box::new(session));
        ch.psk_hint_seen = None;
        let (mut c2, mut s2) = handshake(cc, sc, &mut ch, &mut sh);
        assert!(c2.resumed() && s2.resumed(), "{name}");
        assert_eq!(ch.psk_hint_seen, None, "{name}");
        exchange_data(&mut c2, &mut s2, &mut sh);
    }
}

/// The handshake messages of the server's first flight, by type.
fn server_flight_types(cc: ClientConfig, sc: ServerConfig, sh: &mut TestHooks) -> Vec<u8> {
    let mut c = ClientConnection::new(cc);
    let mut s = ServerConnection::new(sc);
    c.start(&mut TestHooks::new()).unwrap();
    s.receive(&c.common.take_outgoing(), sh).unwrap();
    let wire = s.common.take_outgoing();
    let mut types = Vec::new();
    let mut rest = &wire[..];
    while rest.len() >= 5 {
        let len = u16::from_be_bytes([rest[3], rest[4]]) as usize;
        assert_eq!(rest[0], record::CT_HANDSHAKE);
        let mut body = &rest[5..5 + len];
        while body.len() >= 4 {
            let n = u32::from_be_bytes([0, body[1], body[2], body[3]]) as usize;
            types.push(body[0]);
            body = &body[4 + n..];
        }
        rest = &rest[5 + len..];
    }
    types
}

#[test]
fn server_key_exchange_only_when_it_carries_something() {
    use super::suites::*;
    use msgs::tls12::{SERVER_HELLO_DONE as DONE, SERVER_KEY_EXCHANGE as SKE};
    use msgs::{CERTIFICATE as CERT, SERVER_HELLO as SH};
    // RFC 4279 2: without a hint, PSK and RSA-PSK leave ServerKeyExchange
    // out; DHE-PSK and ECDHE-PSK always send it. Only RSA-PSK sends a
    // Certificate.
    let cases: [(&'static Suite, Option<&[u8]>, &[u8]); 6] = [
        (&TLS_PSK_WITH_AES_128_GCM_SHA256, None, &[SH, DONE]),
        (&TLS_PSK_WITH_AES_128_GCM_SHA256, Some(b"h"), &[SH, SKE, DONE]),
        (&TLS_RSA_PSK_WITH_AES_128_GCM_SHA256, None, &[SH, CERT, DONE]),
        (&TLS_RSA_PSK_WITH_AES_128_GCM_SHA256, Some(b"h"), &[SH, CERT, SKE, DONE]),
        (&TLS_DHE_PSK_WITH_AES_128_GCM_SHA256, None, &[SH, SKE, DONE]),
        (&TLS_ECDHE_PSK_WITH_AES_128_CBC_SHA256, None, &[SH, SKE, DONE]),
    ];
    for (suite, hint, want) in cases {
        let (cc, sc, mut ch, mut sh) = psk_pair(suite, hint);
        assert_eq!(server_flight_types(cc.clone(), sc.clone(), &mut sh), want, "{} hint {hint:?}", suite.openssl_name);
        // And the client completes each, seeing the hint or none.
        handshake(cc, sc, &mut ch, &mut sh);
        assert_eq!(ch.psk_hint_seen, Some(hint.map(<[u8]>::to_vec)), "{}", suite.openssl_name);
    }
}

#[test]
fn no_certificate_request_with_apsk() {
    // OpenSSL: "With normal PSK Certificates and Certificate Requests are
    // omitted"; RSA-PSK is authenticated by a certificate and may ask.
    use super::suites::*;
    for (suite, asks) in [(&TLS_PSK_WITH_AES_128_GCM_SHA256, false), (&TLS_RSA_PSK_WITH_AES_128_GCM_SHA256, true)] {
        let (cc, mut sc, _, mut sh) = psk_pair(suite, None);
        sc.request_client_cert = true;
        let types = server_flight_types(cc, sc, &mut sh);
        assert_eq!(types.contains(&msgs::CERTIFICATE_REQUEST), asks, "{}", suite.openssl_name);
    }
}

#[test]
fn unknown_identity_is_unknown_psk_identity() {
    let (cc, sc, mut ch, mut sh) = psk_pair(&super::suites::TLS_ECDHE_PSK_WITH_CHACHA20_POLY1305_SHA256, None);
    ch.psk = Some((b"someone else".to_vec(), KEY.to_vec()));
    let (_, sr) = handshake_result(cc, sc, &mut ch, &mut sh);
    let e = sr.unwrap_err();
    assert_eq!((e.alert, e.reason), (Some(AlertDescription::UnknownPskIdentity), Reason::PSK_IDENTITY_NOT_FOUND as i32));
}

#[test]
fn wrong_key_fails_at_the_finished() {
    for suite in [&super::suites::TLS_PSK_WITH_AES_128_CBC_SHA, &super::suites::TLS_DHE_PSK_WITH_AES_256_GCM_SHA384] {
        let (cc, sc, mut ch, mut sh) = psk_pair(suite, None);
        ch.psk = Some((IDENTITY.to_vec(), vec![9; 8]));
        let (_, sr) = handshake_result(cc, sc, &mut ch, &mut sh);
        let e = sr.unwrap_err();
        assert_eq!((e.alert, e.reason), (Some(AlertDescription::BadRecordMac), Reason::DECRYPTION_FAILED_OR_BAD_RECORD_MAC as i32));
    }
}

#[test]
fn client_without_a_key_fails_with_psk_identity_not_found() {
    let (cc, sc, mut ch, mut sh) = psk_pair(&super::suites::TLS_PSK_WITH_AES_256_GCM_SHA384, Some(b"h"));
    ch.psk = None;
    let (cr, _) = handshake_result(cc, sc, &mut ch, &mut sh);
    let e = cr.unwrap_err();
    assert_eq!((e.alert, e.reason), (Some(AlertDescription::HandshakeFailure), Reason::PSK_IDENTITY_NOT_FOUND as i32));
}

#[test]
fn psk_suites_need_a_server_callback() {
    // OpenSSL's ssl3_choose_cipher: "with PSK there must be server callback set".
    let (mut cc, mut sc, mut ch, mut sh) = psk_pair(&super::suites::TLS_PSK_WITH_AES_128_GCM_SHA256, None);
    sc.psk = false;
    let (_, sr) = handshake_result(cc.clone(), sc.clone(), &mut ch, &mut sh);
    assert_eq!(sr.unwrap_err().reason, Reason::NO_SHARED_CIPHER as i32);
    // Offered beside a certificate suite, that one is chosen instead.
    cc.tls12_suites = cc.tls12_suites.iter().copied().chain([&super::suites::TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256]).collect();
    let (c, _) = handshake(cc, sc, &mut ch, &mut sh);
    assert_eq!(c.common.suite.unwrap().auth, Auth::Rsa);
}
