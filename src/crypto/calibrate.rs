//! The fastest implementation of each record AEAD and of the handshake's
//! hashes this process has: aws-lc (ours) or the loaded libcrypto's (its
//! EVP ciphers; its low-level SHA-256 and SHA-384, `sys::sha`). Which is faster depends on
//! the CPU and on how each library was built — OpenSSL's libcrypto has
//! AVX-512 code for ChaCha20-Poly1305 that aws-lc lacks, for one — so
//! instead of a table, the first key of an AEAD measures both once (16 KiB
//! sealed and opened a few times each, about a tenth of a millisecond) and
//! the choice is kept for the life of the process. Both implementations
//! are constant-time and work in place on the record. A hash is timed as
//! the key schedule uses it: an HMAC key made and one MAC of a ClientHello's
//! size (aws-lc runs SHA-512's scalar code on AMD CPUs, where OpenSSL's
//! libcrypto runs AVX2: 1.5 to 1.8 times faster; HKDF and the TLS 1.2 PRF
//! with SHA-384 spend most of a resumption's time outside key exchange
//! there).
//!
//! libcrypto is taken only when it is clearly faster (by `MARGIN`): its
//! keys cost more memory (a context per direction), and a near tie is
//! noise. `LIBSSL_RS_AEAD=aws-lc` or `=libcrypto` forces one for the
//! AEADs, `LIBSSL_RS_HASH` for the hashes (tests run both paths against
//! real peers that way).

use std::sync::OnceLock;
use std::time::Instant;

use super::aead::AeadAlg;
use super::hash::{HashAlg, HmacKey};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Impl {
    AwsLc,
    Libcrypto,
}

/// What a calibration measured: the best time of each implementation to
/// seal and open `SAMPLE` bytes (an AEAD) or to make and use `HASH_OPS`
/// HMAC keys (a hash), and the choice.
#[derive(Clone, Copy, Debug)]
pub struct Calibration {
    pub chosen: Impl,
    pub aws_lc_ns: u64,
    pub libcrypto_ns: u64,
    /// Forced by LIBSSL_RS_AEAD rather than measured.
    pub forced: bool,
}

const SAMPLE: usize = 16 * 1024;
const ROUNDS: usize = 6;
/// libcrypto must be this much faster (10%) to be chosen.
const MARGIN: f64 = 1.10;

/// The calibrated AEADs: the three TLS 1.3 and TLS 1.2 use most.
const CALIBRATED: [AeadAlg; 3] = [AeadAlg::Aes128Gcm, AeadAlg::Aes256Gcm, AeadAlg::ChaCha20Poly1305];

fn slot(alg: AeadAlg) -> Option<&'static OnceLock<Calibration>> {
    static SLOTS: [OnceLock<Calibration>; 3] = [OnceLock::new(), OnceLock::new(), OnceLock::new()];
    CALIBRATED.iter().position(|a| *a == alg).map(|i| &SLOTS[i])
}

/// The implementation to make `alg`'s keys in (aws-lc for AEADs not
/// calibrated here).
pub fn choice(alg: AeadAlg) -> Impl {
    slot(alg).map_or(Impl::AwsLc, |s| s.get_or_init(|| calibrate(alg)).chosen)
}

/// Every calibrated AEAD's measurement (made now if not yet), for
/// `make bench`'s report.
pub fn report() -> Vec<(AeadAlg, Calibration)> {
    CALIBRATED.iter().filter_map(|a| slot(*a).map(|s| (*a, *s.get_or_init(|| calibrate(*a))))).collect()
}

/// The implementation of `alg`'s hashes, HMAC and PRF.
pub fn hash_choice(alg: HashAlg) -> Impl {
    hash_slot(alg).get_or_init(|| calibrate_hash(alg)).chosen
}

/// Both hashes' measurements (made now if not yet), for `make bench`.
pub fn hash_report() -> Vec<(HashAlg, Calibration)> {
    [HashAlg::Sha256, HashAlg::Sha384].into_iter().map(|a| (a, *hash_slot(a).get_or_init(|| calibrate_hash(a)))).collect()
}

fn hash_slot(alg: HashAlg) -> &'static OnceLock<Calibration> {
    static SLOTS: [OnceLock<Calibration>; 2] = [OnceLock::new(), OnceLock::new()];
    &SLOTS[usize::from(alg == HashAlg::Sha384)]
}

fn calibrate_hash(alg: HashAlg) -> Calibration {
    let aws_lc_ns = time_hash(alg, Impl::AwsLc).unwrap_or(u64::MAX);
    let libcrypto_ns = time_hash(alg, Impl::Libcrypto).unwrap_or(u64::MAX);
    decide(aws_lc_ns, libcrypto_ns, forced("LIBSSL_RS_HASH"))
}

/// The best of `HASH_ROUNDS` rounds of `HASH_OPS` key setups and MACs of
/// 200 bytes; None if libcrypto lacks the hash.
fn time_hash(alg: HashAlg, imp: Impl) -> Option<u64> {
    let message = [0x5a; 200];
    best_time(HASH_ROUNDS, || {
        for _ in 0..HASH_OPS {
            std::hint::black_box(HmacKey::with_impl(alg, imp, &KEY)?.sign(&[&message]));
        }
        Some(())
    })
}

/// The fastest of `rounds` timed runs of `round` after an untimed warm-up
/// run, in nanoseconds; None if any run failed (then that implementation
/// is not used).
fn best_time(rounds: usize, mut round: impl FnMut() -> Option<()>) -> Option<u64> {
    round()?;
    let mut best = u64::MAX;
    for _ in 0..rounds {
        let t = Instant::now();
        round()?;
        best = best.min(t.elapsed().as_nanos() as u64);
    }
    Some(best)
}

/// HMACs per timed hash round (8 to 15 us), and rounds: both hashes'
/// calibration adds about 0.2 ms to a process's first handshake.
const HASH_OPS: usize = 8;
const HASH_ROUNDS: usize = 4;

/// libcrypto when measured faster by `MARGIN`, unless forced.
fn decide(aws_lc_ns: u64, libcrypto_ns: u64, forced: Option<Impl>) -> Calibration {
    if let Some(chosen) = forced {
        return Calibration { chosen, aws_lc_ns, libcrypto_ns, forced: true };
    }
    let chosen = if libcrypto_ns != u64::MAX && (libcrypto_ns as f64) * MARGIN < aws_lc_ns as f64 { Impl::Libcrypto } else { Impl::AwsLc };
    Calibration { chosen, aws_lc_ns, libcrypto_ns, forced: false }
}

fn forced(variable: &str) -> Option<Impl> {
    match std::env::var(variable).ok()?.as_str() {
        "aws-lc" => Some(Impl::AwsLc),
        "libcrypto" => Some(Impl::Libcrypto),
        _ => None,
    }
}

fn calibrate(alg: AeadAlg) -> Calibration {
    let key = &KEY[..key_len(alg)];
    let aws_lc_ns = super::aead::RecordKey::new_aws_lc(alg, key, &NONCE).ok().and_then(|k| time(&k)).unwrap_or(u64::MAX);
    let libcrypto_ns = super::aead::RecordKey::new_libcrypto(alg, key, &NONCE).ok().and_then(|k| time(&k)).unwrap_or(u64::MAX);
    decide(aws_lc_ns, libcrypto_ns, forced("LIBSSL_RS_AEAD"))
}

/// The best of `ROUNDS` seal-and-open rounds of `SAMPLE` bytes with one key.
fn time(key: &super::aead::RecordKey) -> Option<u64> {
    let mut buf = vec![0x5a; SAMPLE];
    best_time(ROUNDS, || {
        buf.truncate(SAMPLE);
        key.seal(1, b"aad", &mut buf).ok()?;
        let n = key.open(1, b"aad", &mut buf)?;
        (n == SAMPLE).then_some(())
    })
}

/// A throwaway key: calibration data is not secret.
const KEY: [u8; 32] = [7; 32];
const NONCE: [u8; 12] = [9; 12];

fn key_len(alg: AeadAlg) -> usize {
    if alg == AeadAlg::Aes128Gcm {
        16
    } else {
        32
    }
}
