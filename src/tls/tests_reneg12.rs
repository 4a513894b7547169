//! TLS 1.2 renegotiation with both engines back to back (RFC 5246
//! 7.4.1.1, RFC 5746): server-initiated by HelloRequest, client-initiated,
//! the refusals OpenSSL 3.0 makes by default, and data across it.

use super::client::ClientConnection;
use super::common::StateMachine;
use super::server::ServerConnection;
use super::test_support::{client_config, handshake, server_config, TestHooks};
use super::{Reason, TLS1_2_VERSION};

/// SSL_AD_REASON_OFFSET + handshake_failure: the peer's fatal alert.
const PEER_HANDSHAKE_FAILURE: i32 = 1000 + 40;

fn tls12_pair(allow_client: bool) -> (ClientConnection, ServerConnection, TestHooks, TestHooks) {
    let (mut ch, mut sh) = (TestHooks::new(), TestHooks::new());
    let mut sc = server_config();
    sc.max_version = TLS1_2_VERSION;
    sc.allow_client_renegotiation = allow_client;
    let (c, s) = handshake(client_config(), sc, &mut ch, &mut sh);
    assert_eq!(c.common.handshakes_completed, 1);
    (c, s, ch, sh)
}

/// Moves bytes both ways until neither side has anything to send.
fn pump(c: &mut ClientConnection, s: &mut ServerConnection, ch: &mut TestHooks, sh: &mut TestHooks) -> (Result<(), super::Error>, Result<(), super::Error>) {
    let (mut cr, mut sr) = (Ok(()), Ok(()));
    for _ in 0..16 {
        let to_server = c.common.take_outgoing();
        if !to_server.is_empty() && sr.is_ok() {
            sr = s.receive(&to_server, sh);
        }
        let to_client = s.common.take_outgoing();
        if !to_client.is_empty() && cr.is_ok() {
            cr = c.receive(&to_client, ch);
        }
        if to_server.is_empty() && to_client.is_empty() {
            break;
        }
    }
    (cr, sr)
}

fn ping(from_client: bool, c: &mut ClientConnection, s: &mut ServerConnection, ch: &mut TestHooks, sh: &mut TestHooks) {
    let mut buf = [0u8; 8];
    if from_client {
        c.common.write_application_data(b"ping").unwrap();
        s.receive(&c.common.take_outgoing(), sh).unwrap();
        assert_eq!(s.common.read_plaintext(&mut buf, false), 4);
    } else {
        s.common.write_application_data(b"pong").unwrap();
        c.receive(&s.common.take_outgoing(), ch).unwrap();
        assert_eq!(c.common.read_plaintext(&mut buf, false), 4);
    }
}

#[test]
fn server_hello_request_renegotiates_with_new_keys_and_binding() {
    let (mut c, mut s, mut ch, mut sh) = tls12_pair(false);
    let first_finished = c.common.our_finished.clone();
    s.send_hello_request().unwrap();
    let (cr, sr) = pump(&mut c, &mut s, &mut ch, &mut sh);
    cr.unwrap();
    sr.unwrap();
    assert_eq!(c.common.handshakes_completed, 2);
    assert_eq!(s.common.handshakes_completed, 2);
    assert_eq!(c.common.renegotiations_started, 1);
    assert_eq!(s.common.renegotiations_started, 1);
    assert_ne!(c.common.our_finished, first_finished, "a new handshake ran");
    assert!(s.secure_renegotiation());
    ping(true, &mut c, &mut s, &mut ch, &mut sh);
    ping(false, &mut c, &mut s, &mut ch, &mut sh);
}

#[test]
fn rejects_client_renegotiation_by_default() {
    // OpenSSL 3.0 answers a client's renegotiating ClientHello with a
    // no_renegotiation warning, which the client takes as fatal.
    let (mut c, mut s, mut ch, mut sh) = tls12_pair(false);
    c.start_renegotiation(false, &mut TestHooks::new()).unwrap();
    let (cr, sr) = pump(&mut c, &mut s, &mut ch, &mut sh);
    assert_eq!(cr.unwrap_err().reason, Reason::NO_RENEGOTIATION as i32);
    // The server then reads the client's fatal handshake_failure.
    assert_eq!(sr.unwrap_err().reason, PEER_HANDSHAKE_FAILURE);
    assert_eq!(s.common.handshakes_completed, 1);
}

#[test]
fn client_renegotiation_when_allowed_and_data_across_it() {
    let (mut c, mut s, mut ch, mut sh) = tls12_pair(true);
    c.start_renegotiation(false, &mut TestHooks::new()).unwrap();
    // The server still reads data under the old keys before the hello.
    let (cr, sr) = pump(&mut c, &mut s, &mut ch, &mut sh);
    cr.unwrap();
    sr.unwrap();
    assert_eq!(s.common.handshakes_completed, 2);
    assert!(!s.resumed(), "a full renegotiation");
    ping(true, &mut c, &mut s, &mut ch, &mut sh);
}

#[test]
fn abbreviated_renegotiation_resumes_the_session() {
    let (mut c, mut s, mut ch, mut sh) = tls12_pair(true);
    c.start_renegotiation(true, &mut TestHooks::new()).unwrap();
    let (cr, sr) = pump(&mut c, &mut s, &mut ch, &mut sh);
    cr.unwrap();
    sr.unwrap();
    assert_eq!(c.common.handshakes_completed, 2);
    assert!(s.resumed() && c.resumed());
}

#[test]
fn rejects_hello_request_under_no_renegotiation() {
    let (mut ch, mut sh) = (TestHooks::new(), TestHooks::new());
    let mut cc = client_config();
    cc.no_renegotiation = true;
    let mut sc = server_config();
    sc.max_version = TLS1_2_VERSION;
    let (mut c, mut s) = handshake(cc, sc, &mut ch, &mut sh);
    s.send_hello_request().unwrap();
    let (cr, sr) = pump(&mut c, &mut s, &mut ch, &mut sh);
    // The server asked: the refusal ends its connection (OpenSSL's
    // ssl3_read_bytes, SSL_R_NO_RENEGOTIATION) with handshake_failure.
    assert_eq!(sr.unwrap_err().reason, Reason::NO_RENEGOTIATION as i32);
    assert_eq!(cr.unwrap_err().reason, PEER_HANDSHAKE_FAILURE);
    assert_eq!(c.common.handshakes_completed, 1);
}
