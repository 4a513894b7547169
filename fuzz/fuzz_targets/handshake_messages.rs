//! Every handshake message and extension decoder on arbitrary bodies (the
//! first byte chooses the decoder). Decoders must reject, never panic.
#![no_main]
use libfuzzer_sys::fuzz_target;
use ssl_rs::tls::extensions::{Carrier, Extensions};
use ssl_rs::tls::msgs::{certificate, hello, misc, ticket, tls12};

fuzz_target!(|data: &[u8]| {
    let Some((&which, body)) = data.split_first() else { return };
    let any = |_: u16| true;
    let comp = ssl_rs::tls::cert_compression::CertCompression {
        prefs: vec![1, 3],
        available: &[1, 3],
        ..Default::default()
    };
    let _ = match which % 25 {
        0 => hello::ClientHelloIn::parse(body).map(|_| ()),
        1 => hello::ServerHello::parse(body, &any).map(|_| ()),
        2 => hello::OfferedPsks::parse(body).map(|_| ()),
        3 => misc::EncryptedExtensions::parse(body, &any).map(|_| ()),
        4 => certificate::CertificateMsg::parse(body, &any).map(|_| ()),
        5 => certificate::CertificateRequest::parse(body).map(|_| ()),
        6 => certificate::CertificateVerify::parse(body).map(|_| ()),
        7 => ticket::NewSessionTicket::parse(body).map(|_| ()),
        8 => misc::parse_key_update(body).map(|_| ()),
        9 => tls12::parse_certificate(body).map(|_| ()),
        10 => tls12::ServerKeyExchange::parse(body, true).map(|_| ()),
        11 => tls12::ServerKeyExchange::parse(body, false).map(|_| ()),
        12 => tls12::DheServerKeyExchange::parse(body, true).map(|_| ()),
        13 => tls12::CertificateRequest12::parse(body, true).map(|_| ()),
        14 => tls12::CertificateRequest12::parse(body, false).map(|_| ()),
        15 => tls12::parse_new_session_ticket(body).map(|_| ()),
        16 => tls12::parse_dhe_client_key_exchange(body).map(|_| ()),
        17 => certificate::parse_distinguished_names(body).map(|_| ()),
        18 => Extensions::parse(body, Carrier::ClientHello, &any).map(|_| ()),
        19 => ssl_rs::tls::cert_compression::CompressedCertificate::parse(body).map(|_| ()),
        20 => comp.parse_peer_extension(body).map(|_| ()),
        21 => ssl_rs::tls::cert_types::parse_offered(body).map(|_| ()),
        22 => ssl_rs::tls::cert_types::parse_chosen(body, &[0, 2]).map(|_| ()),
        23 => ssl_rs::tls::spki::check_spki(body),
        _ => Extensions::parse(body, Carrier::ServerHello12, &any).map(|_| ()),
    };
});
