//! Randomness from aws-lc's DRBG; under `cfg(fuzzing)` a deterministic
//! stream instead, so that an engine fuzz target's run depends on its input
//! alone and every crash reproduces from its artifact. When the application
//! made an ENGINE the default RAND method, libcrypto's RAND_bytes (that
//! engine) instead, as OpenSSL's libssl draws from it (`sys::engine`).

/// Fills `out` with random bytes. aws-lc's RNG does not fail in practice; if it
/// ever did we refuse to continue with predictable bytes.
#[cfg(not(fuzzing))]
pub fn fill(out: &mut [u8]) -> Result<(), crate::tls::Error> {
    if crate::sys::engine::rand_engine() {
        return crate::sys::engine::rand_bytes(out).then_some(()).ok_or_else(|| crate::tls::Error::internal("random bytes unavailable"));
    }
    aws_lc_rs::rand::fill(out).map_err(|_| crate::tls::Error::internal("random bytes unavailable"))
}

/// The fuzzing build's stream: SHA-256 of a per-thread counter, restarted
/// by `reset_for_fuzzing` at the start of each input. Never in a release build.
#[cfg(fuzzing)]
pub fn fill(out: &mut [u8]) -> Result<(), crate::tls::Error> {
    for chunk in out.chunks_mut(32) {
        let n = FUZZ_COUNTER.with(|c| {
            let n = c.get();
            c.set(n + 1);
            n
        });
        let block = crate::crypto::hash::sha256(&n.to_be_bytes());
        chunk.copy_from_slice(&block[..chunk.len()]);
    }
    Ok(())
}

#[cfg(fuzzing)]
thread_local! {
    static FUZZ_COUNTER: std::cell::Cell<u64> = const { std::cell::Cell::new(0) };
}

/// Restarts the fuzzing build's stream (each fuzz input starts from it).
#[cfg(fuzzing)]
pub fn reset_for_fuzzing() {
    FUZZ_COUNTER.with(|c| c.set(0));
}

/// Whether key generation draws from `fill` (the fuzzing build, or an
/// ENGINE's RAND method) rather than from aws-lc's own DRBG.
pub fn keys_from_fill() -> bool {
    cfg!(fuzzing) || crate::sys::engine::rand_engine()
}

/// Returns N random bytes.
pub fn array<const N: usize>() -> Result<[u8; N], crate::tls::Error> {
    let mut out = [0u8; N];
    fill(&mut out)?;
    Ok(out)
}
