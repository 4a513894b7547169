//! d2i_SSL_SESSION's decoder (OpenSSL's SSL_SESSION_ASN1 DER) and the
//! ticket state decoder on arbitrary bytes; what decodes must encode and
//! decode again to the same session.
#![no_main]
use libfuzzer_sys::fuzz_target;
use ssl_rs::api::session_der;
use ssl_rs::tls::session::SessionData;

fuzz_target!(|data: &[u8]| {
    if let Some((session, used)) = session_der::decode(data) {
        assert!(used <= data.len());
        if let Some(der) = session_der::encode(&session) {
            let (again, n) = session_der::decode(&der).expect("our own encoding decodes");
            assert_eq!(n, der.len());
            assert_eq!(session_der::encode(&again), Some(der));
        }
    }
    let _ = SessionData::decode_ticket_state(data);
});
