//! The record layer reading arbitrary bytes: unprotected (the first
//! flight), under a TLS 1.3 AEAD key, under TLS 1.2 AES-GCM, AES-CCM_8 and
//! ARIA-GCM (the last two libcrypto's), and under AES- and Camellia-CBC
//! with and without encrypt-then-MAC in TLS 1.0 and 1.2 (the first byte
//! chooses). Every record is pulled until the layer wants more or fails;
//! it must never panic.
#![no_main]
use libfuzzer_sys::fuzz_target;
use ssl_rs::crypto::aead::{AeadAlg, RecordKey};
use ssl_rs::crypto::cbc::{BlockCipher, CbcKey, MacAlg};
use ssl_rs::tls::record::{Protection, RecordLayer};

fuzz_target!(|data: &[u8]| {
    let Some((&mode, wire)) = data.split_first() else { return };
    let mut rl = RecordLayer::default();
    match mode % 9 {
        0 => {}
        1 => rl.set_read_key(RecordKey::new(AeadAlg::Aes128Gcm, &[7; 16], &[9; 12]).unwrap()),
        m @ 2..=4 => {
            let (alg, key_len) = match m {
                2 => (AeadAlg::Aes256Gcm, 32),
                3 => (AeadAlg::Aes128Ccm8, 16),
                _ => (AeadAlg::Aria256Gcm, 32),
            };
            rl.tls12 = true;
            rl.set_read_protection(Protection::Aead(RecordKey::new_tls12(alg, &vec![7; key_len], &[9; 4], false).unwrap()));
        }
        m => {
            let version = if m == 6 { 0x0301 } else { 0x0303 };
            let cipher = if m == 8 { BlockCipher::Camellia } else { BlockCipher::Aes };
            rl.tls12 = true;
            let key = CbcKey::new(version, cipher, MacAlg::Sha1, &[5; 20], &[7; 16], &[9; 16], false, m == 5).unwrap();
            rl.set_read_protection(Protection::Cbc(key));
        }
    }
    rl.receive(wire);
    for _ in 0..wire.len() + 1 {
        match rl.next_record() {
            Ok(Some(_)) => continue,
            _ => break,
        }
    }
});
