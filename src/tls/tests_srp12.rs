//! TLS 1.2 SRP (RFC 5054) with both engines back to back: each SRP suite
//! we can authenticate here, full and resumed; a wrong password, an unknown
//! user and a server group outside RFC 5054's.

use super::alert::AlertDescription;
use super::client::ClientConfig;
use super::server::{ServerConfig, SrpUser};
use super::suites::{Suite, TLS_SRP_SHA_RSA_WITH_AES_256_CBC_SHA, TLS_SRP_SHA_WITH_AES_128_CBC_SHA, TLS_SRP_SHA_WITH_AES_256_CBC_SHA};
use super::test_support::{client_config, handshake, handshake_result, rsa_identity, server_config, TestHooks};
use super::{Reason, TLS1_2_VERSION};

/// A client offering `suite` as alice with `password`, a server that knows
/// alice's password "secret1" in RFC 5054's 2048-bit group.
fn srp_pair(suite: &'static Suite, password: &[u8]) -> (ClientConfig, ServerConfig, TestHooks, TestHooks) {
    let mut cc = client_config();
    cc.tls12_suites = vec![suite].into();
    cc.srp_username = Some(b"alice".to_vec());
    let mut sc = server_config();
    sc.max_version = TLS1_2_VERSION;
    sc.srp = true;
    let (mut ch, mut sh) = (TestHooks::new(), TestHooks::new());
    sh.identity = rsa_identity();
    ch.srp_password = Some(password.to_vec());
    let (n, g) = crate::sys::srp::default_group(c"2048").unwrap();
    let (salt, verifier) = crate::sys::srp::create_verifier(c"alice", c"secret1", &n, &g).unwrap();
    sh.srp_user = Some((b"alice".to_vec(), SrpUser { n, g, salt, verifier }));
    (cc, sc, ch, sh)
}

#[test]
fn srp_suites_full_and_resumed() {
    for suite in [&TLS_SRP_SHA_WITH_AES_128_CBC_SHA, &TLS_SRP_SHA_WITH_AES_256_CBC_SHA, &TLS_SRP_SHA_RSA_WITH_AES_256_CBC_SHA] {
        let (mut cc, sc, mut ch, mut sh) = srp_pair(suite, b"secret1");
        let (c, s) = handshake(cc.clone(), sc.clone(), &mut ch, &mut sh);
        assert_eq!(c.common.suite.unwrap().iana, suite.iana);
        // SRP-RSA signs its parameters; plain SRP signs nothing.
        assert_eq!(c.common.peer_sig_scheme.is_some(), suite.auth.uses_certificate(), "{}", suite.openssl_name);
        let session = ch.new_sessions.pop().expect("session");
        assert_eq!(session.srp_username.as_deref(), Some(&b"alice"[..]));
        assert_eq!(s.established.as_ref().and_then(|e| e.srp_username.clone()).as_deref(), Some(&b"alice"[..]));
        cc.resume = Some(Box::new(session));
        let (c2, s2) = handshake(cc, sc, &mut ch, &mut sh);
        assert!(c2.resumed() && s2.resumed(), "{}", suite.openssl_name);
    }
}

#[test]
fn wrong_password_fails_at_the_finished() {
    let (cc, sc, mut ch, mut sh) = srp_pair(&TLS_SRP_SHA_WITH_AES_128_CBC_SHA, b"secret2");
    let (_, sr) = handshake_result(cc, sc, &mut ch, &mut sh);
    let e = sr.unwrap_err();
    assert_eq!((e.alert, e.reason), (Some(AlertDescription::BadRecordMac), Reason::DECRYPTION_FAILED_OR_BAD_RECORD_MAC as i32));
}

#[test]
fn unknown_user_is_unknown_psk_identity() {
    let (mut cc, sc, mut ch, mut sh) = srp_pair(&TLS_SRP_SHA_WITH_AES_128_CBC_SHA, b"secret1");
    cc.srp_username = Some(b"mallory".to_vec());
    let (cr, sr) = handshake_result(cc, sc, &mut ch, &mut sh);
    let e = sr.unwrap_err();
    assert_eq!((e.alert, e.reason), (Some(AlertDescription::UnknownPskIdentity), Reason::PSK_IDENTITY_NOT_FOUND as i32));
    assert!(cr.is_err());
}

#[test]
fn client_refuses_a_group_outside_rfc5054() {
    // The same user in a 1536-bit group padded with a non-standard prime:
    // a 2048-bit N that is not one of RFC 5054's (its last byte changed).
    let (cc, sc, mut ch, mut sh) = srp_pair(&TLS_SRP_SHA_WITH_AES_128_CBC_SHA, b"secret1");
    if let Some((_, user)) = sh.srp_user.as_mut() {
        let last = user.n.len() - 1;
        user.n[last] ^= 0x02;
    }
    let (cr, _) = handshake_result(cc, sc, &mut ch, &mut sh);
    let e = cr.unwrap_err();
    assert_eq!((e.alert, e.reason), (Some(AlertDescription::InsufficientSecurity), Reason::INSUFFICIENT_SECURITY as i32));
}
