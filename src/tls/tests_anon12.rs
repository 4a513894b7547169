//! Anonymous TLS 1.2 suites (DH_anon, ECDH_anon: RFC 5246 7.4.3, RFC 8422
//! 2.5) with both engines back to back: no Certificate, an unsigned
//! ServerKeyExchange, no CertificateRequest, resumption.

use super::client::ClientConnection;
use super::common::StateMachine;
use super::server::ServerConnection;
use super::suites::{Suite, TLS_DH_anon_WITH_AES_128_GCM_SHA256, TLS_DH_anon_WITH_CAMELLIA_256_CBC_SHA, TLS_ECDH_anon_WITH_AES_256_CBC_SHA};
use super::test_support::{client_config, handshake, server_config, TestHooks};
use super::{msgs, record, TLS1_2_VERSION};

const SUITES: [&Suite; 3] = [&TLS_DH_anon_WITH_AES_128_GCM_SHA256, &TLS_ECDH_anon_WITH_AES_256_CBC_SHA, &TLS_DH_anon_WITH_CAMELLIA_256_CBC_SHA];

/// The handshake message types of the server's first flight.
fn first_flight(suite: &'static Suite, request_client_cert: bool) -> Vec<u8> {
    let mut cc = client_config();
    cc.tls12_suites = vec![suite].into();
    let mut sc = server_config();
    sc.max_version = TLS1_2_VERSION;
    sc.request_client_cert = request_client_cert;
    let mut sh = TestHooks::new();
    let mut c = ClientConnection::new(cc);
    let mut s = ServerConnection::new(sc);
    c.start(&mut TestHooks::new()).unwrap();
    s.receive(&c.common.take_outgoing(), &mut sh).unwrap();
    let wire = s.common.take_outgoing();
    let (mut types, mut rest) = (Vec::new(), &wire[..]);
    while rest.len() >= 5 {
        assert_eq!(rest[0], record::CT_HANDSHAKE);
        let len = u16::from_be_bytes([rest[3], rest[4]]) as usize;
        let mut body = &rest[5..5 + len];
        while body.len() >= 4 {
            types.push(body[0]);
            body = &body[4 + u32::from_be_bytes([0, body[1], body[2], body[3]]) as usize..];
        }
        rest = &rest[5 + len..];
    }
    types
}

#[test]
fn anonymous_suites_send_no_certificate_and_sign_nothing() {
    use msgs::tls12::{SERVER_HELLO_DONE, SERVER_KEY_EXCHANGE};
    for suite in SUITES {
        // Even when asked to request one: "anonymous servers cannot request
        // client authentication" (RFC 5246 7.4.4).
        let types = first_flight(suite, true);
        assert_eq!(types, [msgs::SERVER_HELLO, SERVER_KEY_EXCHANGE, SERVER_HELLO_DONE], "{}", suite.openssl_name);
    }
}

#[test]
fn anonymous_suites_full_and_resumed() {
    for suite in SUITES {
        let (mut ch, mut sh) = (TestHooks::new(), TestHooks::new());
        let mut cc = client_config();
        cc.tls12_suites = vec![suite].into();
        let mut sc = server_config();
        sc.max_version = TLS1_2_VERSION;
        let (c, _) = handshake(cc.clone(), sc.clone(), &mut ch, &mut sh);
        assert_eq!(c.common.suite.unwrap().iana, suite.iana);
        assert!(c.common.peer_sig_scheme.is_none(), "nothing signed");
        let session = ch.new_sessions.pop().expect("session");
        assert!(session.peer_chain.is_empty());
        cc.resume = Some(Box::new(session));
        let (c2, s2) = handshake(cc, sc, &mut ch, &mut sh);
        assert!(c2.resumed() && s2.resumed(), "{}", suite.openssl_name);
    }
}
