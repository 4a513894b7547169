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

    /// The IV a TLS 1.2 key block gives each side: 4 bytes of salt for
    /// AES-GCM (RFC 5288), the whole 12-byte nonce base for ChaCha20 (RFC 7905).
    pub fn tls12_fixed_iv_len(self) -> usize {
        match self {
            AeadAlg::ChaCha20Poly1305 => NONCE_LEN,
            _ => 4,
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

/// The 13 bytes TLS 1.2 authenticates with every record: seq_num, type,
/// version, length — the AEAD's additional data (RFC 5246 6.2.3.3) and the
/// start of a CBC record's MAC input (6.2.3.1).
pub fn tls12_aad(seq: u64, content_type: u8, len: usize) -> [u8; 13] {
    mac_header(seq, content_type, crate::tls::TLS1_2_VERSION, len)
}

/// seq_num || type || version || length: what a record's MAC or AEAD
/// additional data covers before TLS 1.3 (RFC 5246 6.2.3.1 and 6.2.3.3).
pub fn mac_header(seq: u64, content_type: u8, version: u16, len: usize) -> [u8; 13] {
    let mut aad = [0u8; 13];
    aad[..8].copy_from_slice(&seq.to_be_bytes());
    aad[8] = content_type;
    aad[9..11].copy_from_slice(&version.to_be_bytes());
    aad[11..].copy_from_slice(&(len as u16).to_be_bytes());
    aad
}

/// A key with its static IV; the per-record nonce is IV xor sequence number
/// (RFC 8446 section 5.3).
pub struct RecordKey {
    key: LessSafeKey,
    iv: [u8; NONCE_LEN],
    /// TLS 1.2 AES-GCM: each record carries the 8-byte nonce_explicit
    /// (RFC 5288 section 3); the nonce is fixed IV (4 bytes) || explicit.
    pub explicit_nonce: bool,
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
        Ok(RecordKey { key: LessSafeKey::new(unbound), iv, explicit_nonce: false })
    }

    /// A TLS 1.2 record key. AES-GCM's 4-byte fixed IV is followed by the
    /// explicit part, which we make the sequence number (as OpenSSL does),
    /// so its nonce is (fixed || 0^8) xor seq; ChaCha20-Poly1305's 12-byte
    /// IV is xored with the sequence number (RFC 7905 section 2).
    pub fn new_tls12(alg: AeadAlg, key: &[u8], iv: &[u8]) -> Result<Self, crate::tls::Error> {
        let explicit_nonce = alg != AeadAlg::ChaCha20Poly1305;
        let mut full = [0u8; NONCE_LEN];
        if iv.len() != alg.tls12_fixed_iv_len() {
            return Err(crate::tls::Error::internal("bad TLS 1.2 IV length"));
        }
        full[..iv.len()].copy_from_slice(iv);
        let mut k = RecordKey::new(alg, key, &full)?;
        full.fill(0);
        k.explicit_nonce = explicit_nonce;
        Ok(k)
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

    /// The nonce of a received TLS 1.2 record: the fixed IV and the
    /// record's nonce_explicit for AES-GCM, IV xor seq for ChaCha20.
    pub fn tls12_nonce_for(&self, seq: u64, explicit: Option<&[u8]>) -> Option<Nonce> {
        match explicit {
            Some(e) => {
                let mut n = self.iv;
                n.get_mut(4..)?.copy_from_slice(e.get(..8)?);
                Some(Nonce::assume_unique_for_key(n))
            }
            None => Some(self.nonce(seq)),
        }
    }

    /// Decrypts a TLS 1.2 record body in place with a given nonce.
    pub fn open_with(&self, nonce: Nonce, aad: &[u8], buf: &mut [u8]) -> Option<usize> {
        self.key.open_in_place(nonce, Aad::from(aad), buf).ok().map(|p| p.len())
    }

    /// Decrypts `buf` (ciphertext and tag) in place; returns the plaintext length.
    pub fn open(&self, seq: u64, aad: &[u8], buf: &mut [u8]) -> Option<usize> {
        self.key
            .open_in_place(self.nonce(seq), Aad::from(aad), buf)
            .ok()
            .map(|p| p.len())
    }
}
