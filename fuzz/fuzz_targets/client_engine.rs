//! The client engine after its ClientHello (TLS 1.0 to 1.3 offered, every
//! suite) fed an arbitrary server flight, in chunks whose sizes the input
//! chooses. It must fail with an alert or wait for more, never panic.
#![no_main]
use libfuzzer_sys::fuzz_target;
use ssl_rs::tls::client::ClientConnection;
use ssl_rs::tls::common::StateMachine;
use ssl_rs::tls::test_support::{client_config, TestHooks};

fuzz_target!(|data: &[u8]| {
    // Same input, same run: the fuzzing build's deterministic randomness restarts.
    ssl_rs::crypto::rand::reset_for_fuzzing();
    let Some((&chunk, flight)) = data.split_first() else { return };
    let mut cfg = client_config();
    cfg.min_version = 0x0301;
    cfg.legacy_sigalgs = true;
    let mut hooks = TestHooks::new();
    let mut c = ClientConnection::new(cfg);
    if c.start().is_err() {
        return;
    }
    let size = usize::from(chunk).max(1);
    for piece in flight.chunks(size) {
        if c.receive(piece, &mut hooks).is_err() {
            break;
        }
        c.common.take_outgoing();
    }
});
