//! The application's extensions through both engines: each message the
//! engine builds asks for them (written first, as OpenSSL does), each one
//! received that the engine does not handle itself is handed over with
//! where it came from (message, Certificate entry).

use super::custom_ext::{self as cx};
use super::test_support::*;
use super::TLS1_2_VERSION;

const T: u16 = 0x4242;

fn seen(h: &TestHooks, context: u32) -> Vec<(u16, Vec<u8>, Option<usize>)> {
    h.app_ext_seen.iter().filter(|e| e.0 == context).map(|e| (e.1, e.2.clone(), e.3)).collect()
}

#[test]
fn tls13_messages_carry_application_extensions_both_ways() {
    let (mut ch, mut sh) = (TestHooks::new(), TestHooks::new());
    ch.app_ext_add = vec![(cx::CLIENT_HELLO, T, vec![1, 2])];
    sh.app_ext_add = vec![
        (cx::TLS1_3_SERVER_HELLO, T, vec![3]),
        (cx::TLS1_3_ENCRYPTED_EXTENSIONS, T, vec![4, 5]),
        (cx::TLS1_3_CERTIFICATE, T, vec![6]),
        (cx::TLS1_3_NEW_SESSION_TICKET, T, vec![]),
    ];
    handshake(client_config(), server_config(), &mut ch, &mut sh);
    assert_eq!(seen(&sh, cx::CLIENT_HELLO), vec![(T, vec![1, 2], None)]);
    assert_eq!(seen(&ch, cx::TLS1_3_SERVER_HELLO), vec![(T, vec![3], None)]);
    assert_eq!(seen(&ch, cx::TLS1_3_ENCRYPTED_EXTENSIONS), vec![(T, vec![4, 5], None)]);
    // The leaf's entry, with its position in the chain.
    assert_eq!(seen(&ch, cx::TLS1_3_CERTIFICATE), vec![(T, vec![6], Some(0))]);
    // Two tickets, each with the extension.
    assert_eq!(seen(&ch, cx::TLS1_3_NEW_SESSION_TICKET).len(), 2);
    // A ClientHello is handed over even when it carries none of them.
    assert_eq!(seen(&ch, cx::CLIENT_HELLO), vec![]);
}

#[test]
fn client_certificate_and_request_carry_application_extensions() {
    let (mut ch, mut sh) = (TestHooks::new(), TestHooks::new());
    ch.present_client_cert = true;
    ch.app_ext_add = vec![(cx::TLS1_3_CERTIFICATE, T, vec![7])];
    sh.app_ext_add = vec![(cx::TLS1_3_CERTIFICATE_REQUEST, T, vec![8])];
    let mut sc = server_config();
    sc.request_client_cert = true;
    handshake(client_config(), sc, &mut ch, &mut sh);
    assert_eq!(seen(&ch, cx::TLS1_3_CERTIFICATE_REQUEST), vec![(T, vec![8], None)]);
    assert_eq!(seen(&sh, cx::TLS1_3_CERTIFICATE), vec![(T, vec![7], Some(0))]);
}

#[test]
fn tls12_server_hello_carries_application_extensions() {
    let (mut ch, mut sh) = (TestHooks::new(), TestHooks::new());
    ch.app_ext_add = vec![(cx::CLIENT_HELLO, T, vec![])];
    sh.app_ext_add = vec![(cx::TLS1_2_SERVER_HELLO, T, vec![9, 9]), (cx::TLS1_3_ENCRYPTED_EXTENSIONS, T + 1, vec![1])];
    let mut cc = client_config();
    cc.max_version = TLS1_2_VERSION;
    handshake(cc, server_config(), &mut ch, &mut sh);
    assert_eq!(seen(&sh, cx::CLIENT_HELLO), vec![(T, vec![], None)]);
    assert_eq!(seen(&ch, cx::TLS1_2_SERVER_HELLO), vec![(T, vec![9, 9], None)]);
    assert!(seen(&ch, cx::TLS1_3_ENCRYPTED_EXTENSIONS).is_empty());
}

#[test]
fn extensions_the_engine_handles_are_not_handed_over() {
    let (mut ch, mut sh) = (TestHooks::new(), TestHooks::new());
    handshake(client_config(), server_config(), &mut ch, &mut sh);
    // server_name, ALPN, key_share, supported_versions...: the engine's own.
    assert!(sh.app_ext_seen.is_empty(), "{:?}", sh.app_ext_seen);
    assert!(ch.app_ext_seen.is_empty(), "{:?}", ch.app_ext_seen);
}
