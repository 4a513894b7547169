//! Both engines back to back, sans I/O: full handshakes, resumption,
//! HelloRetryRequest, rejected and expired tickets, context mismatch,
//! stateful tickets, and what a tampered flight does to each side.

use super::alert::AlertDescription;
use super::client::ClientConnection;
use super::common::StateMachine;
use super::server::ServerConnection;
use super::session::{now_ms, SessionData};
use super::suites::{TLS_AES_128_GCM_SHA256, TLS_CHACHA20_POLY1305_SHA256};
use super::test_support::*;
use super::Reason;
use crate::crypto::kx::Group;

#[test]
fn sigalgs_list_parses_as_openssl() {
    use crate::crypto::verify::parse_sigalgs_list;
    assert_eq!(parse_sigalgs_list("ECDSA+SHA256:RSA-PSS+SHA256:ed25519"), Some(vec![0x0403, 0x0804, 0x0807]));
    assert_eq!(parse_sigalgs_list("SHA384+ECDSA:PSS+SHA512:rsa_pss_pss_sha256"), Some(vec![0x0503, 0x0806, 0x0809]));
    assert_eq!(parse_sigalgs_list("RSA+SHA256:rsa_pkcs1_sha256"), None, "duplicate");
    assert_eq!(parse_sigalgs_list("ECDSA+MD5"), None, "unknown pair");
    assert_eq!(parse_sigalgs_list("not_a_scheme"), None);
}

#[test]
fn ocsp_response_is_stapled_only_when_asked() {
    let (mut ch, mut sh) = (TestHooks::new(), TestHooks::new());
    sh.ocsp = Some(b"ocsp-response".to_vec());
    let mut cc = client_config();
    cc.status_request = true;
    handshake(cc, server_config(), &mut ch, &mut sh);
    assert_eq!(ch.ocsp_seen, Some(Some(b"ocsp-response".to_vec())));
    // Not asked: nothing stapled, and the client is not consulted.
    let (mut ch2, mut sh2) = (TestHooks::new(), TestHooks::new());
    sh2.ocsp = Some(b"ocsp-response".to_vec());
    handshake(client_config(), server_config(), &mut ch2, &mut sh2);
    assert_eq!(ch2.ocsp_seen, None);
    // Asked, but the server has nothing: the client hears "none".
    let (mut ch3, mut sh3) = (TestHooks::new(), TestHooks::new());
    let mut cc3 = client_config();
    cc3.status_request = true;
    handshake(cc3, server_config(), &mut ch3, &mut sh3);
    assert_eq!(ch3.ocsp_seen, Some(None));
}

#[test]
fn full_handshake_then_data_both_ways() {
    let (mut ch, mut sh) = (TestHooks::new(), TestHooks::new());
    let (mut c, mut s) = handshake(client_config(), server_config(), &mut ch, &mut sh);
    assert!(!c.resumed() && !s.resumed());
    assert_eq!(c.alpn_selected(), Some(&b"h2"[..]));
    assert_eq!(ch.new_sessions.len(), 2, "two tickets by default");
    assert_eq!(ch.keylog_lines, 5);
    c.common.write_application_data(b"ping").unwrap();
    s.receive(&c.common.take_outgoing(), &mut sh).unwrap();
    let mut buf = [0u8; 8];
    assert_eq!(s.common.read_plaintext(&mut buf, false), 4);
    assert_eq!(&buf[..4], b"ping");
    // KeyUpdate from the client, requested: both directions rekey.
    c.common.update_write_key(true).unwrap();
    c.common.write_application_data(b"after").unwrap();
    s.receive(&c.common.take_outgoing(), &mut sh).unwrap();
    assert_eq!(s.common.read_plaintext(&mut buf, false), 5);
    s.common.write_application_data(b"pong").unwrap();
    c.receive(&s.common.take_outgoing(), &mut ch).unwrap();
    assert_eq!(c.common.read_plaintext(&mut buf, false), 4);
}

#[test]
fn resumes_with_a_ticket_and_gets_one_new_ticket() {
    let (mut ch, mut sh) = (TestHooks::new(), TestHooks::new());
    handshake(client_config(), server_config(), &mut ch, &mut sh);
    let mut cc = client_config();
    cc.resume = Some(Box::new(ch.new_sessions[0].clone()));
    ch.new_sessions.clear();
    let (c, s) = handshake(cc, server_config(), &mut ch, &mut sh);
    assert!(c.resumed() && s.resumed());
    assert_eq!(sh.hits, 1);
    assert_eq!(ch.new_sessions.len(), 1, "at most one ticket after a resumption");
}

#[test]
fn hello_retry_request_then_resumption_across_it() {
    let (mut ch, mut sh) = (TestHooks::new(), TestHooks::new());
    let mut sc = server_config();
    sc.groups = vec![Group::Secp384r1];
    let (c, s) = handshake(client_config(), sc.clone(), &mut ch, &mut sh);
    assert_eq!(s.negotiated_group(), Some(Group::Secp384r1));
    assert_eq!(c.negotiated_group(), Some(Group::Secp384r1));
    // The binder of the second ClientHello covers message_hash(CH1) and the HRR.
    let mut cc = client_config();
    cc.resume = Some(Box::new(ch.new_sessions[0].clone()));
    let (c, s) = handshake(cc, sc, &mut ch, &mut sh);
    assert!(c.resumed() && s.resumed());
}

#[test]
fn second_hello_retry_request_is_unexpected_message() {
    // RFC 8446 4.1.4: "If a client receives a second HelloRetryRequest in
    // the same connection (i.e., where the ClientHello was itself in
    // response to a HelloRetryRequest), it MUST abort the handshake with an
    // "unexpected_message" alert" (OpenSSL: SSL_R_UNEXPECTED_MESSAGE).
    let (mut ch, mut sh) = (TestHooks::new(), TestHooks::new());
    let mut sc = server_config();
    sc.groups = vec![Group::Secp384r1];
    let mut c = ClientConnection::new(client_config());
    let mut s = ServerConnection::new(sc);
    let mut flights = 0;
    let (cr, _) = run(&mut c, &mut s, &mut ch, &mut sh, |b| {
        flights += 1;
        if flights == 1 {
            // The HelloRetryRequest flight delivered twice.
            let hrr = b.clone();
            b.extend(hrr);
        }
    });
    let e = cr.unwrap_err();
    assert_eq!(e.alert, Some(AlertDescription::UnexpectedMessage));
    assert_eq!(e.reason, Reason::UNEXPECTED_MESSAGE as i32);
}

#[test]
fn ticket_from_another_server_is_a_full_handshake() {
    let (mut ch, mut sh) = (TestHooks::new(), TestHooks::new());
    handshake(client_config(), server_config(), &mut ch, &mut sh);
    let mut cc = client_config();
    cc.resume = Some(Box::new(ch.new_sessions[0].clone()));
    let mut other = TestHooks::new();
    let (c, s) = handshake(cc, server_config(), &mut ch, &mut other);
    assert!(!c.resumed() && !s.resumed());
}

#[test]
fn expired_or_other_context_session_is_declined() {
    let (mut ch, mut sh) = (TestHooks::new(), TestHooks::new());
    handshake(client_config(), server_config(), &mut ch, &mut sh);
    // Expired at the server (its timeout elapsed; the ticket still verifies).
    let mut cc = client_config();
    cc.resume = Some(Box::new(ch.new_sessions[0].clone()));
    sh.sid_ctx = b"other".to_vec();
    let (c, _) = handshake(cc.clone(), server_config(), &mut ch, &mut sh);
    assert!(!c.resumed(), "session id context mismatch is a miss");
    sh.sid_ctx = b"test".to_vec();
    let mut stale = ch.new_sessions[0].clone();
    stale.timeout = 0;
    stale.time_ms = now_ms() - 5_000;
    let sealed = sh.ticket_key.seal(&stale.encode_ticket_state()).unwrap();
    stale.ticket = sealed;
    stale.ticket_lifetime_hint = 7200;
    cc.resume = Some(Box::new(stale));
    let (c, _) = handshake(cc, server_config(), &mut ch, &mut sh);
    assert!(!c.resumed(), "expired session is a miss");
}

#[test]
fn stateful_tickets_name_cached_sessions() {
    let (mut ch, mut sh) = (TestHooks::new(), TestHooks::new());
    sh.stateful = true;
    handshake(client_config(), server_config(), &mut ch, &mut sh);
    assert_eq!(ch.new_sessions[0].ticket.len(), 32);
    let mut cc = client_config();
    cc.resume = Some(Box::new(ch.new_sessions[1].clone()));
    let (c, s) = handshake(cc, server_config(), &mut ch, &mut sh);
    assert!(c.resumed() && s.resumed());
}

#[test]
fn suites_follow_client_or_server_preference() {
    let (mut ch, mut sh) = (TestHooks::new(), TestHooks::new());
    let mut cc = client_config();
    cc.suites = vec![&TLS_CHACHA20_POLY1305_SHA256, &TLS_AES_128_GCM_SHA256];
    let mut sc = server_config();
    sc.suites = vec![&TLS_AES_128_GCM_SHA256, &TLS_CHACHA20_POLY1305_SHA256];
    let (c, _) = handshake(cc.clone(), sc.clone(), &mut ch, &mut sh);
    assert_eq!(c.common.suite.unwrap().iana, 0x1303);
    sc.server_preference = true;
    let (c, _) = handshake(cc, sc, &mut ch, &mut sh);
    assert_eq!(c.common.suite.unwrap().iana, 0x1301);
}

#[test]
fn rejects_tampered_server_flight_with_bad_record_mac() {
    let (mut ch, mut sh) = (TestHooks::new(), TestHooks::new());
    let mut c = ClientConnection::new(client_config());
    let mut s = ServerConnection::new(server_config());
    let mut flights = 0;
    let (cr, _) = run(&mut c, &mut s, &mut ch, &mut sh, |b| {
        flights += 1;
        if flights == 1 {
            let n = b.len();
            b[n - 1] ^= 0x80; // last byte of the Finished record's tag
        }
    });
    let e = cr.unwrap_err();
    assert_eq!(e.alert, Some(AlertDescription::BadRecordMac));
    assert_eq!(e.reason, Reason::DECRYPTION_FAILED_OR_BAD_RECORD_MAC as i32);
}

#[test]
fn rejects_wrong_binder_with_decrypt_error() {
    let (mut ch, mut sh) = (TestHooks::new(), TestHooks::new());
    handshake(client_config(), server_config(), &mut ch, &mut sh);
    let mut forged = ch.new_sessions[0].clone();
    forged.master_key = zeroize::Zeroizing::new(vec![0x55; forged.master_key.len()]);
    let mut cc = client_config();
    cc.resume = Some(Box::new(forged));
    let (_, sr) = handshake_result(cc, server_config(), &mut ch, &mut sh);
    let e = sr.unwrap_err();
    assert_eq!(e.alert, Some(AlertDescription::DecryptError));
    assert_eq!(e.reason, Reason::BINDER_DOES_NOT_VERIFY as i32);
}

#[test]
fn rejects_client_without_shared_suite() {
    let (mut ch, mut sh) = (TestHooks::new(), TestHooks::new());
    let mut cc = client_config();
    cc.suites = vec![&TLS_CHACHA20_POLY1305_SHA256];
    let mut sc = server_config();
    sc.suites = vec![&TLS_AES_128_GCM_SHA256];
    let (cr, sr) = handshake_result(cc, sc, &mut ch, &mut sh);
    assert_eq!(sr.unwrap_err().alert, Some(AlertDescription::HandshakeFailure));
    assert_eq!(cr.unwrap_err().reason, 1040, "client reports the peer's handshake_failure alert");
}

#[test]
fn client_certificate_required_but_absent() {
    let (mut ch, mut sh) = (TestHooks::new(), TestHooks::new());
    let mut sc = server_config();
    sc.request_client_cert = true;
    sc.require_client_cert = true;
    let (_, sr) = handshake_result(client_config(), sc, &mut ch, &mut sh);
    let e = sr.unwrap_err();
    assert_eq!(e.alert, Some(AlertDescription::CertificateRequired));
    assert_eq!(e.reason, Reason::PEER_DID_NOT_RETURN_A_CERTIFICATE as i32);
}

#[test]
fn rejects_garbage_as_first_record() {
    let mut sh = TestHooks::new();
    let mut s = ServerConnection::new(server_config());
    // A handshake record whose ClientHello is truncated.
    let e = s.receive(&[22, 3, 1, 0, 6, 1, 0, 0, 2, 3, 3], &mut sh).unwrap_err();
    assert_eq!(e.alert, Some(AlertDescription::DecodeError));
    // A flood of bogus records after failure grows nothing and repeats the error.
    for _ in 0..100 {
        assert!(s.receive(&[23, 3, 3, 0, 1, 0], &mut sh).is_err());
    }
}

#[test]
fn application_data_keeps_its_order_across_records() {
    let (mut ch, mut sh) = (TestHooks::new(), TestHooks::new());
    let (mut c, mut s) = handshake(client_config(), server_config(), &mut ch, &mut sh);
    // Three records in one delivery, read in small pieces.
    for part in [&b"first-"[..], b"second-", b"third"] {
        c.common.write_application_data(part).unwrap();
    }
    s.receive(&c.common.take_outgoing(), &mut sh).unwrap();
    let mut got = Vec::new();
    let mut buf = [0u8; 4];
    loop {
        let n = s.common.read_plaintext(&mut buf, false);
        if n == 0 {
            break;
        }
        got.extend_from_slice(&buf[..n]);
    }
    assert_eq!(got, b"first-second-third");
    // Peeking does not consume.
    c.common.write_application_data(b"peek").unwrap();
    s.receive(&c.common.take_outgoing(), &mut sh).unwrap();
    assert_eq!(s.common.read_plaintext(&mut buf, true), 4);
    assert_eq!(s.common.plaintext_len(), 4);
}

#[test]
fn client_certificate_is_sent_and_its_signature_checked() {
    let (mut ch, mut sh) = (TestHooks::new(), TestHooks::new());
    ch.present_client_cert = true;
    let mut sc = server_config();
    sc.request_client_cert = true;
    sc.require_client_cert = true;
    let (_, s) = handshake(client_config(), sc, &mut ch, &mut sh);
    assert_eq!(sh.client_chain_seen, 1);
    assert_eq!(s.established.as_ref().unwrap().peer_chain.len(), 1);
}

#[test]
fn post_handshake_auth_is_deferred_then_requested_and_verified() {
    let (mut ch, mut sh) = (TestHooks::new(), TestHooks::new());
    ch.present_client_cert = true;
    let mut cc = client_config();
    cc.post_handshake_auth = true;
    let mut sc = server_config();
    sc.request_client_cert = true;
    sc.client_cert_post_handshake_only = true;
    let (mut c, mut s) = handshake(cc, sc, &mut ch, &mut sh);
    // SSL_VERIFY_POST_HANDSHAKE: nothing was asked during the handshake.
    assert_eq!(sh.client_chain_seen, 0);
    assert!(s.post_handshake_auth_offered());
    s.request_client_certificate(&mut sh).unwrap();
    assert!(s.post_handshake_auth_pending());
    assert!(s.is_handshake_done(), "a pending request does not reopen the handshake");
    c.receive(&s.common.take_outgoing(), &mut ch).unwrap();
    s.receive(&c.common.take_outgoing(), &mut sh).unwrap();
    assert_eq!(sh.client_chain_seen, 1);
    assert!(!s.post_handshake_auth_pending(), "Certificate, CertificateVerify and Finished all checked");
    // The connection still carries data afterwards.
    c.common.write_application_data(b"after").unwrap();
    s.receive(&c.common.take_outgoing(), &mut sh).unwrap();
    assert_eq!(s.common.plaintext_len(), 5);
}

#[test]
fn post_handshake_auth_needs_the_clients_offer() {
    let (mut ch, mut sh) = (TestHooks::new(), TestHooks::new());
    let (_, mut s) = handshake(client_config(), server_config(), &mut ch, &mut sh);
    assert!(!s.post_handshake_auth_offered());
    assert!(s.request_client_certificate(&mut sh).is_err());
}

fn external_psk(key: &[u8]) -> (Vec<u8>, SessionData) {
    let mut s = SessionData::new(Some(&TLS_AES_128_GCM_SHA256));
    s.version = super::TLS1_3_VERSION;
    s.master_key = zeroize::Zeroizing::new(key.to_vec());
    (b"test".to_vec(), s)
}

#[test]
fn external_psk_handshake_with_and_without_dhe() {
    for allow_no_dhe in [false, true] {
        let (mut ch, mut sh) = (TestHooks::new(), TestHooks::new());
        sh.external = Some(external_psk(&[0xaa]));
        let mut cc = client_config();
        cc.external_psk = Some(Box::new(external_psk(&[0xaa])));
        cc.allow_no_dhe = allow_no_dhe;
        let mut sc = server_config();
        sc.allow_no_dhe = allow_no_dhe;
        // The client prefers AES-256 (SHA-384); a server that can only use
        // a PSK prefers SHA-256 suites, as OpenSSL's does.
        sc.prefer_sha256 = true;
        let (c, s) = handshake(cc, sc, &mut ch, &mut sh);
        assert!(c.resumed() && s.resumed(), "allow_no_dhe={allow_no_dhe}");
        // The client's first SHA-256 suite.
        assert_eq!(c.common.suite.unwrap().iana, TLS_CHACHA20_POLY1305_SHA256.iana);
        // With psk_ke allowed too, psk_dhe_ke is still preferred (OpenSSL 3.0).
        assert!(s.common.peer_key_share.is_some());
    }
}

#[test]
fn rejects_external_psk_with_wrong_key_as_bad_binder() {
    let (mut ch, mut sh) = (TestHooks::new(), TestHooks::new());
    sh.external = Some(external_psk(&[0xaa]));
    let mut cc = client_config();
    cc.external_psk = Some(Box::new(external_psk(&[0xbb])));
    cc.suites = vec![&TLS_AES_128_GCM_SHA256];
    let (_, sr) = handshake_result(cc, server_config(), &mut ch, &mut sh);
    let e = sr.unwrap_err();
    assert_eq!(e.alert, Some(AlertDescription::DecryptError));
    assert_eq!(e.reason, Reason::BINDER_DOES_NOT_VERIFY as i32);
}

#[test]
fn unknown_external_psk_identity_falls_back_to_certificates() {
    let (mut ch, mut sh) = (TestHooks::new(), TestHooks::new());
    let mut cc = client_config();
    cc.external_psk = Some(Box::new(external_psk(&[0xaa])));
    let (c, _) = handshake(cc, server_config(), &mut ch, &mut sh);
    assert!(!c.resumed());
}

/// The EncryptedExtensions the client received, from its message log.
fn encrypted_extensions(c: &ClientConnection) -> Vec<u8> {
    let log = c.common.record.msg.as_ref().expect("message log on");
    log.iter().find(|(sent, _, ty, m)| !sent && *ty == 22 && m.first() == Some(&8)).map(|e| e.3.clone()).expect("EncryptedExtensions")
}

#[test]
fn server_names_its_groups_when_the_share_is_not_its_first() {
    // The client shares P-256 only; the server prefers X25519: its
    // EncryptedExtensions lists its TLS 1.3 groups (OpenSSL's
    // tls_construct_stoc_supported_groups, RFC 8446 4.2.7).
    let (mut ch, mut sh) = (TestHooks::new(), TestHooks::new());
    let mut cc = client_config();
    cc.groups = vec![Group::Secp256r1, Group::X25519];
    let mut c = ClientConnection::new(cc);
    c.common.record.msg = Some(Vec::new());
    let mut s = ServerConnection::new(server_config());
    let (cr, sr) = run(&mut c, &mut s, &mut ch, &mut sh, |_| {});
    assert!(cr.is_ok() && sr.is_ok());
    let groups_ext = [0, 10, 0, 8, 0, 6, 0, 29, 0, 23, 0, 24];
    assert!(encrypted_extensions(&c).windows(groups_ext.len()).any(|w| w == groups_ext));
    // Sharing the server's first group: no list.
    let (mut ch, mut sh) = (TestHooks::new(), TestHooks::new());
    let mut c = ClientConnection::new(client_config());
    c.common.record.msg = Some(Vec::new());
    let mut s = ServerConnection::new(server_config());
    let (cr, sr) = run(&mut c, &mut s, &mut ch, &mut sh, |_| {});
    assert!(cr.is_ok() && sr.is_ok());
    assert!(!encrypted_extensions(&c).windows(2).any(|w| w == [0, 10]));
}

#[test]
fn psk_without_a_shared_group_resumes_with_psk_ke_when_both_allow_it() {
    // OpenSSL's final_key_share: no shared group, no HelloRetryRequest
    // possible, but both sides allow psk_ke: the PSK alone (no key share).
    for allow_no_dhe in [true, false] {
        let (mut ch, mut sh) = (TestHooks::new(), TestHooks::new());
        sh.external = Some(external_psk(&[0xaa]));
        let mut cc = client_config();
        cc.external_psk = Some(Box::new(external_psk(&[0xaa])));
        cc.allow_no_dhe = allow_no_dhe;
        cc.groups = vec![Group::Secp384r1];
        let mut sc = server_config();
        sc.allow_no_dhe = allow_no_dhe;
        sc.prefer_sha256 = true;
        sc.groups = vec![Group::Secp256r1];
        let (cr, sr) = handshake_result(cc, sc, &mut ch, &mut sh);
        if allow_no_dhe {
            assert!(cr.is_ok() && sr.is_ok(), "{cr:?} {sr:?}");
        } else {
            let e = sr.unwrap_err();
            assert_eq!((e.alert, e.reason), (Some(AlertDescription::HandshakeFailure), Reason::NO_SHARED_GROUPS as i32));
        }
    }
}

#[test]
fn record_buffers_are_released_only_when_nothing_waits_in_them() {
    let (mut ch, mut sh) = (TestHooks::new(), TestHooks::new());
    let (mut c, mut s) = handshake(client_config(), server_config(), &mut ch, &mut sh);
    // Idle: both buffers go (SSL_free_buffers succeeds).
    assert!(s.common.record.release_buffers());
    // Records queued for the transport: refused.
    c.common.write_application_data(b"ping").unwrap();
    assert!(!c.common.record.release_buffers());
    let wire = c.common.take_outgoing();
    // Half a record received: refused; the whole record's plaintext unread: refused.
    s.receive(&wire[..3], &mut sh).unwrap();
    assert!(!s.common.record.release_buffers());
    s.receive(&wire[3..], &mut sh).unwrap();
    assert!(s.common.plaintext_len() > 0);
    let mut buf = [0u8; 8];
    assert_eq!(s.common.read_plaintext(&mut buf, false), 4);
    assert!(s.common.record.release_buffers());
    s.common.record.allocate_buffers();
    assert!(s.common.record.release_buffers(), "allocated but empty buffers release");
}

#[test]
fn client_certificate_authorities_reach_the_server_in_tls13_only() {
    let names = vec![b"0\x0f1\x0d0\x0b\x06\x03U\x04\x03\x0c\x04root".to_vec()];
    let (mut ch, mut sh) = (TestHooks::new(), TestHooks::new());
    let mut cc = client_config();
    cc.ca_names = names.clone();
    handshake(cc.clone(), server_config(), &mut ch, &mut sh);
    assert_eq!(sh.peer_ca_names, names);
    // A TLS 1.2-only client does not send it (TLS 1.3's extension).
    let (mut ch, mut sh) = (TestHooks::new(), TestHooks::new());
    cc.max_version = super::TLS1_2_VERSION;
    handshake(cc, server_config(), &mut ch, &mut sh);
    assert!(sh.peer_ca_names.is_empty());
}
