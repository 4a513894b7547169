//! The server engine (TLS 1.0 to 1.3, tickets, DHE, a certificate) fed an
//! arbitrary client flight in chunks whose sizes the input chooses; it must
//! fail with an alert or wait for more, never panic.
#![no_main]
use libfuzzer_sys::fuzz_target;
use ssl_rs::tls::common::StateMachine;
use ssl_rs::tls::server::ServerConnection;
use ssl_rs::tls::test_support::{server_config, TestHooks};

fuzz_target!(|data: &[u8]| {
    // Same input, same run: the fuzzing build's deterministic randomness restarts.
    ssl_rs::crypto::rand::reset_for_fuzzing();
    let Some((&chunk, flight)) = data.split_first() else { return };
    let mut cfg = server_config();
    cfg.min_version = 0x0301;
    cfg.legacy_sigalgs = true;
    let mut hooks = TestHooks::new();
    let mut s = ServerConnection::new(cfg);
    let size = usize::from(chunk).max(1);
    for piece in flight.chunks(size) {
        if s.receive(piece, &mut hooks).is_err() {
            break;
        }
        s.common.take_outgoing();
    }
});
