//! Ticket decryption with a fixed key on arbitrary tickets (tampered,
//! truncated, foreign): only a ticket this key sealed opens; a sealed
//! state opens to itself.
#![no_main]
use libfuzzer_sys::fuzz_target;
use ssl_rs::crypto::ticket::TicketKey;

fuzz_target!(|data: &[u8]| {
    let key = TicketKey::from_blob(&[0x42; 80]);
    let _ = key.open(data);
    let sealed = key.seal(data).expect("sealing");
    assert_eq!(key.open(&sealed).as_deref().map(|v| &v[..]), Some(data));
});
