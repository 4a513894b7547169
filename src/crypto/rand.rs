//! Randomness from aws-lc's DRBG.

/// Fills `out` with random bytes. aws-lc's RNG does not fail in practice; if it
/// ever did we refuse to continue with predictable bytes.
pub fn fill(out: &mut [u8]) -> Result<(), crate::tls::Error> {
    aws_lc_rs::rand::fill(out).map_err(|_| crate::tls::Error::internal("random bytes unavailable"))
}

/// Returns N random bytes.
pub fn array<const N: usize>() -> Result<[u8; N], crate::tls::Error> {
    let mut out = [0u8; N];
    fill(&mut out)?;
    Ok(out)
}
