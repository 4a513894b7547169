//! The cost of the public-key and AEAD operations a handshake or a bulk
//! transfer cannot avoid, measured through aws-lc-rs (the engine's own
//! crypto). bench/report.py turns them into the ceiling each scenario
//! implies and reports the fraction of it each library reaches.
//!
//! Prints one line per primitive: "primitive NAME VALUE UNIT", where VALUE
//! is microseconds per operation. `cargo run --release --example primitives`.

use std::hint::black_box;
use std::time::{Duration, Instant};

use aws_lc_rs::aead::{Aad, LessSafeKey, Nonce, UnboundKey, AES_128_GCM, AES_256_GCM, CHACHA20_POLY1305};
use aws_lc_rs::agreement::{self, PrivateKey, UnparsedPublicKey};
use aws_lc_rs::rand::SystemRandom;
use aws_lc_rs::rsa::KeySize;
use aws_lc_rs::signature::{self, EcdsaKeyPair, KeyPair, RsaKeyPair};

/// Long enough for a stable median on a loaded 2-core machine, short enough
/// that the whole set costs a few seconds per bench run.
const SPAN: Duration = Duration::from_millis(300);

/// Microseconds per call of `op`, run repeatedly for `SPAN`.
fn per_op(mut op: impl FnMut()) -> f64 {
    for _ in 0..10 {
        op();
    }
    let start = Instant::now();
    let mut n = 0u64;
    while start.elapsed() < SPAN {
        for _ in 0..16 {
            op();
        }
        n += 16;
    }
    start.elapsed().as_secs_f64() * 1e6 / n as f64
}

fn report(name: &str, micros: f64) {
    println!("primitive {name} {micros:.3} us");
}

/// One key share: generate the ephemeral key and its public value, then
/// agree with the peer's (each side of a handshake does both once).
fn key_share(alg: &'static agreement::Algorithm) -> f64 {
    let peer = PrivateKey::generate(alg).unwrap().compute_public_key().unwrap().as_ref().to_vec();
    per_op(|| {
        let mine = PrivateKey::generate(alg).unwrap();
        black_box(mine.compute_public_key().unwrap());
        let secret = agreement::agree(&mine, UnparsedPublicKey::new(alg, &peer), (), |s| Ok(s.to_vec())).unwrap();
        black_box(secret);
    })
}

/// Verification as the engine does it: the key parsed from the peer's
/// SubjectPublicKeyInfo bytes every time.
fn verify(alg: &'static dyn signature::VerificationAlgorithm, public: &[u8], msg: &[u8], sig: &[u8]) -> f64 {
    per_op(|| {
        signature::UnparsedPublicKey::new(alg, public).verify(msg, sig).unwrap();
    })
}

/// Seal then open of one record of `len` bytes (what one record of a bulk
/// transfer costs the two ends together).
fn seal_open(alg: &'static aws_lc_rs::aead::Algorithm, len: usize) -> f64 {
    let key = LessSafeKey::new(UnboundKey::new(alg, &vec![7u8; alg.key_len()]).unwrap());
    let mut record = vec![0x5au8; len];
    per_op(|| {
        let tag = key
            .seal_in_place_separate_tag(Nonce::assume_unique_for_key([1u8; 12]), Aad::from([23u8, 3, 3, 0x40, 0x11]), &mut record)
            .unwrap();
        record.extend_from_slice(tag.as_ref());
        let plain = key.open_in_place(Nonce::assume_unique_for_key([1u8; 12]), Aad::from([23u8, 3, 3, 0x40, 0x11]), &mut record).unwrap();
        let len = plain.len();
        record.truncate(len);
    })
}

fn main() {
    let rng = SystemRandom::new();
    // The CertificateVerify input of TLS 1.3: 64 spaces, context string, 0, hash.
    let msg = [0x20u8; 130];

    report("x25519-keyshare", key_share(&agreement::X25519));
    report("p256-keyshare", key_share(&agreement::ECDH_P256));

    let ecdsa_pkcs8 = EcdsaKeyPair::generate_pkcs8(&signature::ECDSA_P256_SHA256_ASN1_SIGNING, &rng).unwrap();
    let ecdsa = EcdsaKeyPair::from_pkcs8(&signature::ECDSA_P256_SHA256_ASN1_SIGNING, ecdsa_pkcs8.as_ref()).unwrap();
    report("ecdsa-p256-sign", per_op(|| { black_box(ecdsa.sign(&rng, &msg).unwrap()); }));
    let sig = ecdsa.sign(&rng, &msg).unwrap();
    report("ecdsa-p256-verify", verify(&signature::ECDSA_P256_SHA256_ASN1, ecdsa.public_key().as_ref(), &msg, sig.as_ref()));

    let rsa = RsaKeyPair::generate(KeySize::Rsa2048).unwrap();
    let mut rsa_sig = vec![0u8; rsa.public_modulus_len()];
    report("rsa2048-pss-sign", per_op(|| rsa.sign(&signature::RSA_PSS_SHA256, &rng, &msg, &mut rsa_sig).unwrap()));
    rsa.sign(&signature::RSA_PSS_SHA256, &rng, &msg, &mut rsa_sig).unwrap();
    report("rsa2048-pss-verify", verify(&signature::RSA_PSS_2048_8192_SHA256, rsa.public_key().as_ref(), &msg, &rsa_sig));

    // Records of the bulk matrix's write sizes (64 KiB writes are 16 KiB records).
    for (name, alg) in [("aes128gcm", &AES_128_GCM), ("aes256gcm", &AES_256_GCM), ("chacha20", &CHACHA20_POLY1305)] {
        for kib in [1, 4, 16] {
            report(&format!("{name}-{kib}k-seal-open"), seal_open(alg, kib << 10));
        }
    }

    // Which implementation the library's record layer takes for each AEAD
    // on this CPU (src/crypto/calibrate.rs: 16 KiB sealed and opened by
    // aws-lc and by the loaded libcrypto), and the CPU features behind it.
    for (alg, c) in ssl_rs::crypto::calibrate::report() {
        let chosen = match c.chosen {
            ssl_rs::crypto::calibrate::Impl::AwsLc => "aws-lc",
            ssl_rs::crypto::calibrate::Impl::Libcrypto => "libcrypto",
        };
        println!("calibration {alg:?} {chosen} {} {}", c.aws_lc_ns, c.libcrypto_ns);
    }
    for (alg, c) in ssl_rs::crypto::calibrate::hash_report() {
        let chosen = match c.chosen {
            ssl_rs::crypto::calibrate::Impl::AwsLc => "aws-lc",
            ssl_rs::crypto::calibrate::Impl::Libcrypto => "libcrypto",
        };
        println!("calibration {alg:?} {chosen} {} {}", c.aws_lc_ns, c.libcrypto_ns);
    }
    let flags = std::fs::read_to_string("/proc/cpuinfo").unwrap_or_default();
    let flags = flags.lines().find(|l| l.starts_with("flags")).unwrap_or("");
    let wanted = ["aes", "pclmulqdq", "avx2", "avx512f", "avx512vl", "vaes", "vpclmulqdq", "sha_ni", "adx", "bmi2"];
    let have: Vec<&str> = wanted.iter().copied().filter(|f| flags.split_whitespace().any(|x| x == *f)).collect();
    println!("cpu-features {}", have.join(","));
}
