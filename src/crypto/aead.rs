//! The AEADs of the TLS 1.3 suites, keyed per traffic secret.

use aws_lc_rs::aead::{self, Aad, LessSafeKey, Nonce, UnboundKey};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AeadAlg {
    Aes128Gcm,
    Aes256Gcm,
    ChaCha20Poly1305,
}

pub const TAG_LEN: usize = 16;
pub const NONCE_LEN: usize = 12;

impl AeadAlg {
    pub fn key_len(self) -> usize {
        match self {
            AeadAlg::Aes128Gcm => 16,
            AeadAlg::Aes256Gcm | AeadAlg::ChaCha20Poly1305 => 32,
        }
    }

    fn algorithm(self) -> &'static aead::Algorithm {
        match self {
            AeadAlg::Aes128Gcm => &aead::AES_128_GCM,
            AeadAlg::Aes256Gcm => &aead::AES_256_GCM,
            AeadAlg::ChaCha20Poly1305 => &aead::CHACHA20_POLY1305,
        }
    }
}

/// A key with its static IV; the per-record nonce is IV xor sequence number
/// (RFC 8446 section 5.3).
pub struct RecordKey {
    key: LessSafeKey,
    iv: [u8; NONCE_LEN],
}

impl Drop for RecordKey {
    fn drop(&mut self) {
        zeroize::Zeroize::zeroize(&mut self.iv);
    }
}

impl RecordKey {
    pub fn new(alg: AeadAlg, key: &[u8], iv: &[u8]) -> Result<Self, crate::tls::Error> {
        let unbound = UnboundKey::new(alg.algorithm(), key)
            .map_err(|_| crate::tls::Error::internal("bad AEAD key length"))?;
        let iv: [u8; NONCE_LEN] =
            iv.try_into().map_err(|_| crate::tls::Error::internal("bad AEAD IV length"))?;
        Ok(RecordKey { key: LessSafeKey::new(unbound), iv })
    }

    fn nonce(&self, seq: u64) -> Nonce {
        let mut n = self.iv;
        for (i, b) in seq.to_be_bytes().iter().enumerate() {
            n[NONCE_LEN - 8 + i] ^= b;
        }
        Nonce::assume_unique_for_key(n)
    }

    /// Encrypts `buf` in place and appends the tag.
    pub fn seal(&self, seq: u64, aad: &[u8], buf: &mut Vec<u8>) -> Result<(), crate::tls::Error> {
        self.key
            .seal_in_place_append_tag(self.nonce(seq), Aad::from(aad), buf)
            .map_err(|_| crate::tls::Error::internal("AEAD seal failed"))
    }

    /// Encrypts `buf` in place; returns the tag to append.
    pub fn seal_in_place(&self, seq: u64, aad: &[u8], buf: &mut [u8]) -> Result<[u8; TAG_LEN], crate::tls::Error> {
        let tag = self
            .key
            .seal_in_place_separate_tag(self.nonce(seq), Aad::from(aad), buf)
            .map_err(|_| crate::tls::Error::internal("AEAD seal failed"))?;
        let mut out = [0u8; TAG_LEN];
        out.copy_from_slice(tag.as_ref());
        Ok(out)
    }

    /// Decrypts `buf` (ciphertext and tag) in place; returns the plaintext length.
    pub fn open(&self, seq: u64, aad: &[u8], buf: &mut [u8]) -> Option<usize> {
        self.key
            .open_in_place(self.nonce(seq), Aad::from(aad), buf)
            .ok()
            .map(|p| p.len())
    }
}
