//! The AEADs of the TLS 1.3 suites, keyed per traffic secret, and of the
//! TLS 1.2 ones: aws-lc-rs's AES-GCM and ChaCha20-Poly1305, and libcrypto's
//! AES-CCM, AES-CCM-8 and ARIA-GCM (`sys::aead`), which aws-lc-rs lacks.

use aws_lc_rs::aead::{self, Aad, LessSafeKey, Nonce, UnboundKey};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AeadAlg {
    Aes128Gcm,
    Aes256Gcm,
    ChaCha20Poly1305,
    /// AES-CCM with a 16-byte tag (RFC 6655, RFC 7251).
    Aes128Ccm,
    Aes256Ccm,
    /// AES-CCM with an 8-byte tag ("CCM_8").
    Aes128Ccm8,
    Aes256Ccm8,
    /// ARIA-GCM (RFC 6209).
    Aria128Gcm,
    Aria256Gcm,
}

/// The longest tag (every AEAD's but CCM_8's).
pub const TAG_LEN: usize = 16;
pub const NONCE_LEN: usize = 12;

impl AeadAlg {
    pub fn key_len(self) -> usize {
        match self {
            AeadAlg::Aes128Gcm | AeadAlg::Aes128Ccm | AeadAlg::Aes128Ccm8 | AeadAlg::Aria128Gcm => 16,
            _ => 32,
        }
    }

    pub fn tag_len(self) -> usize {
        match self {
            AeadAlg::Aes128Ccm8 | AeadAlg::Aes256Ccm8 => 8,
            _ => TAG_LEN,
        }
    }

    /// libcrypto's name for the AEADs aws-lc-rs does not have.
    fn libcrypto_name(self) -> Option<&'static std::ffi::CStr> {
        Some(match self {
            AeadAlg::Aes128Ccm | AeadAlg::Aes128Ccm8 => c"AES-128-CCM",
            AeadAlg::Aes256Ccm | AeadAlg::Aes256Ccm8 => c"AES-256-CCM",
            AeadAlg::Aria128Gcm => c"ARIA-128-GCM",
            AeadAlg::Aria256Gcm => c"ARIA-256-GCM",
            _ => return None,
        })
    }

    /// The IV a TLS 1.2 key block gives each side: 4 bytes of salt for
    /// AES-GCM (RFC 5288), the whole 12-byte nonce base for ChaCha20 (RFC 7905).
    pub fn tls12_fixed_iv_len(self) -> usize {
        match self {
            AeadAlg::ChaCha20Poly1305 => NONCE_LEN,
            _ => 4,
        }
    }

    /// AES-GCM goes to libcrypto too when an ENGINE is the default for the
    /// cipher, as OpenSSL's record layer then uses the engine's
    /// (`sys::engine`).
    fn engine_name(self) -> Option<&'static std::ffi::CStr> {
        use crate::sys::engine::{cipher_engine, NID_AES_128_GCM, NID_AES_256_GCM};
        let (nid, name) = match self {
            AeadAlg::Aes128Gcm => (NID_AES_128_GCM, c"AES-128-GCM"),
            AeadAlg::Aes256Gcm => (NID_AES_256_GCM, c"AES-256-GCM"),
            _ => return None,
        };
        cipher_engine(nid).then_some(name)
    }

    /// The libcrypto cipher a key of this AEAD is made in, if not aws-lc's:
    /// one aws-lc lacks, one an ENGINE implements, or one libcrypto runs
    /// faster on this CPU (`calibrate`).
    fn evp_name(self) -> Option<&'static std::ffi::CStr> {
        self.libcrypto_name()
            .or_else(|| self.engine_name())
            .or_else(|| (super::calibrate::choice(self) == super::calibrate::Impl::Libcrypto).then(|| self.evp_cipher_name()).flatten())
    }

    /// libcrypto's name for the AEADs aws-lc also has.
    fn evp_cipher_name(self) -> Option<&'static std::ffi::CStr> {
        Some(match self {
            AeadAlg::Aes128Gcm => c"AES-128-GCM",
            AeadAlg::Aes256Gcm => c"AES-256-GCM",
            AeadAlg::ChaCha20Poly1305 => c"ChaCha20-Poly1305",
            _ => return None,
        })
    }

    fn algorithm(self) -> Option<&'static aead::Algorithm> {
        match self {
            AeadAlg::Aes128Gcm => Some(&aead::AES_128_GCM),
            AeadAlg::Aes256Gcm => Some(&aead::AES_256_GCM),
            AeadAlg::ChaCha20Poly1305 => Some(&aead::CHACHA20_POLY1305),
            _ => None,
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
    key: Keyed,
    iv: [u8; NONCE_LEN],
    /// The AEAD's tag length, read per record by the record layer.
    tag_len: usize,
    /// TLS 1.2 AES-GCM: each record carries the 8-byte nonce_explicit
    /// (RFC 5288 section 3); the nonce is fixed IV (4 bytes) || explicit.
    pub explicit_nonce: bool,
}

/// The implementation a key lives in.
enum Keyed {
    AwsLc(LessSafeKey),
    /// libcrypto's contexts carry state across calls: behind a lock so a
    /// key can still be used through `&self`, as aws-lc's.
    Libcrypto(parking_lot::Mutex<crate::sys::aead::EvpAead>),
    /// A TLS 1.3 key of libcrypto's (AES-CCM): one context for each
    /// direction, as the record layer uses a key both ways.
    LibcryptoBoth {
        seal: parking_lot::Mutex<crate::sys::aead::EvpAead>,
        open: parking_lot::Mutex<crate::sys::aead::EvpAead>,
    },
}

/// A tag as sealing returns it: up to 16 bytes.
pub struct Tag {
    bytes: [u8; TAG_LEN],
    len: usize,
}

impl AsRef<[u8]> for Tag {
    fn as_ref(&self) -> &[u8] {
        &self.bytes[..self.len]
    }
}

impl Drop for RecordKey {
    fn drop(&mut self) {
        zeroize::Zeroize::zeroize(&mut self.iv);
    }
}

impl RecordKey {
    /// A key in aws-lc for an AEAD it has, whatever the calibration says.
    pub fn new_aws_lc(alg: AeadAlg, key: &[u8], iv: &[u8]) -> Result<Self, crate::tls::Error> {
        let algorithm = alg.algorithm().ok_or_else(|| crate::tls::Error::internal("not an aws-lc AEAD"))?;
        let unbound = UnboundKey::new(algorithm, key).map_err(|_| crate::tls::Error::internal("bad AEAD key length"))?;
        let iv: [u8; NONCE_LEN] = iv.try_into().map_err(|_| crate::tls::Error::internal("bad AEAD IV length"))?;
        Ok(RecordKey { key: Keyed::AwsLc(LessSafeKey::new(unbound)), iv, tag_len: alg.tag_len(), explicit_nonce: false })
    }

    /// A key in libcrypto for an AEAD aws-lc also has, for calibration.
    pub fn new_libcrypto(alg: AeadAlg, key: &[u8], iv: &[u8]) -> Result<Self, crate::tls::Error> {
        let name = alg.evp_cipher_name().ok_or_else(|| crate::tls::Error::internal("no libcrypto name"))?;
        Self::in_libcrypto(name, alg, key, iv)
    }

    /// A key of libcrypto's cipher `name`, usable both ways.
    fn in_libcrypto(name: &std::ffi::CStr, alg: AeadAlg, key: &[u8], iv: &[u8]) -> Result<Self, crate::tls::Error> {
        let iv_array: [u8; NONCE_LEN] = iv.try_into().map_err(|_| crate::tls::Error::internal("bad AEAD IV length"))?;
        let make = |encrypt| crate::sys::aead::EvpAead::new(name, key, encrypt, alg.tag_len()).ok_or_else(|| crate::tls::Error::internal("AEAD cipher unavailable"));
        let key = Keyed::LibcryptoBoth { seal: parking_lot::Mutex::new(make(true)?), open: parking_lot::Mutex::new(make(false)?) };
        Ok(RecordKey { key, iv: iv_array, tag_len: alg.tag_len(), explicit_nonce: false })
    }

    /// A TLS 1.3 record key (and TLS 1.2's with a 12-byte IV): in aws-lc,
    /// or in libcrypto for TLS 1.3's AES-CCM suites (RFC 8446 B.4), for
    /// AES-GCM that an ENGINE implements, and where libcrypto is the
    /// faster on this CPU (`calibrate`).
    pub fn new(alg: AeadAlg, key: &[u8], iv: &[u8]) -> Result<Self, crate::tls::Error> {
        match alg.evp_name() {
            Some(name) => Self::in_libcrypto(name, alg, key, iv),
            None => Self::new_aws_lc(alg, key, iv),
        }
    }

    /// A TLS 1.2 record key for sealing (`encrypt`) or opening. AES-GCM's,
    /// AES-CCM's and ARIA-GCM's 4-byte fixed IV is followed by the explicit
    /// part, which we make the sequence number (as OpenSSL does), so the
    /// nonce is (fixed || 0^8) xor seq; ChaCha20-Poly1305's 12-byte IV is
    /// xored with the sequence number (RFC 7905 section 2).
    pub fn new_tls12(alg: AeadAlg, key: &[u8], iv: &[u8], encrypt: bool) -> Result<Self, crate::tls::Error> {
        if iv.len() != alg.tls12_fixed_iv_len() {
            return Err(crate::tls::Error::internal("bad TLS 1.2 IV length"));
        }
        let mut full = [0u8; NONCE_LEN];
        full[..iv.len()].copy_from_slice(iv);
        let k = match alg.evp_name() {
            Some(name) => {
                let evp = crate::sys::aead::EvpAead::new(name, key, encrypt, alg.tag_len())
                    .ok_or_else(|| crate::tls::Error::internal("AEAD cipher unavailable"))?;
                // ChaCha20-Poly1305 has no explicit nonce (RFC 7905).
                RecordKey { key: Keyed::Libcrypto(parking_lot::Mutex::new(evp)), iv: full, tag_len: alg.tag_len(), explicit_nonce: alg != AeadAlg::ChaCha20Poly1305 }
            }
            None => {
                let mut k = RecordKey::new(alg, key, &full)?;
                k.explicit_nonce = alg != AeadAlg::ChaCha20Poly1305;
                k
            }
        };
        full.fill(0);
        Ok(k)
    }

    pub fn tag_len(&self) -> usize {
        self.tag_len
    }

    fn nonce(&self, seq: u64) -> [u8; NONCE_LEN] {
        let mut n = self.iv;
        for (i, b) in seq.to_be_bytes().iter().enumerate() {
            n[NONCE_LEN - 8 + i] ^= b;
        }
        n
    }

    /// Encrypts `buf` in place and appends the tag.
    pub fn seal(&self, seq: u64, aad: &[u8], buf: &mut Vec<u8>) -> Result<(), crate::tls::Error> {
        let tag = self.seal_in_place(seq, aad, buf)?;
        buf.extend_from_slice(tag.as_ref());
        Ok(())
    }

    /// Encrypts `buf` in place; returns the tag to append.
    pub fn seal_in_place(&self, seq: u64, aad: &[u8], buf: &mut [u8]) -> Result<Tag, crate::tls::Error> {
        let failed = || crate::tls::Error::internal("AEAD seal failed");
        let nonce = self.nonce(seq);
        match &self.key {
            Keyed::AwsLc(k) => {
                let tag = k.seal_in_place_separate_tag(Nonce::assume_unique_for_key(nonce), Aad::from(aad), buf).map_err(|_| failed())?;
                let mut out = Tag { bytes: [0u8; TAG_LEN], len: tag.as_ref().len() };
                out.bytes[..out.len].copy_from_slice(tag.as_ref());
                Ok(out)
            }
            Keyed::Libcrypto(k) | Keyed::LibcryptoBoth { seal: k, .. } => {
                let (bytes, len) = k.lock().seal(&nonce, aad, buf).ok_or_else(failed)?;
                Ok(Tag { bytes, len })
            }
        }
    }

    /// The nonce of a received TLS 1.2 record: the fixed IV and the
    /// record's nonce_explicit, or for ChaCha20 IV xor seq.
    pub fn tls12_nonce_for(&self, seq: u64, explicit: Option<&[u8]>) -> Option<[u8; NONCE_LEN]> {
        match explicit {
            Some(e) => {
                let mut n = self.iv;
                n.get_mut(4..)?.copy_from_slice(e.get(..8)?);
                Some(n)
            }
            None => Some(self.nonce(seq)),
        }
    }

    /// Decrypts a record body (text and tag) in place with a given nonce;
    /// the text's length, or None when it does not authenticate.
    pub fn open_with(&self, nonce: [u8; NONCE_LEN], aad: &[u8], buf: &mut [u8]) -> Option<usize> {
        match &self.key {
            Keyed::AwsLc(k) => k.open_in_place(Nonce::assume_unique_for_key(nonce), Aad::from(aad), buf).ok().map(|p| p.len()),
            Keyed::Libcrypto(k) | Keyed::LibcryptoBoth { open: k, .. } => k.lock().open(&nonce, aad, buf),
        }
    }

    /// Decrypts `buf` (ciphertext and tag) in place; returns the plaintext length.
    pub fn open(&self, seq: u64, aad: &[u8], buf: &mut [u8]) -> Option<usize> {
        self.open_with(self.nonce(seq), aad, buf)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Each TLS 1.2 AEAD libcrypto carries for us: a record round-trips,
    /// and a flipped bit in the text, the tag or the additional data fails.
    #[test]
    fn libcrypto_aeads_round_trip_and_reject_tampering() {
        for alg in [AeadAlg::Aes128Ccm, AeadAlg::Aes256Ccm, AeadAlg::Aes128Ccm8, AeadAlg::Aes256Ccm8, AeadAlg::Aria128Gcm, AeadAlg::Aria256Gcm] {
            let key = vec![7u8; alg.key_len()];
            let tx = RecordKey::new_tls12(alg, &key, &[1, 2, 3, 4], true).unwrap();
            let rx = RecordKey::new_tls12(alg, &key, &[1, 2, 3, 4], false).unwrap();
            assert_eq!(tx.tag_len(), alg.tag_len());
            for seq in 0..3u64 {
                let aad = tls12_aad(seq, 23, 5);
                let mut buf = b"hello".to_vec();
                tx.seal(seq, &aad, &mut buf).unwrap();
                assert_eq!(buf.len(), 5 + alg.tag_len(), "{alg:?}");
                let nonce = rx.tls12_nonce_for(seq, Some(&seq.to_be_bytes())).unwrap();
                for flip in [0, buf.len() - 1] {
                    let mut bad = buf.clone();
                    bad[flip] ^= 1;
                    assert_eq!(rx.open_with(nonce, &aad, &mut bad), None, "{alg:?} byte {flip}");
                }
                assert_eq!(rx.open_with(nonce, &tls12_aad(seq, 22, 5), &mut buf.clone()), None, "{alg:?} aad");
                let n = rx.open_with(nonce, &aad, &mut buf).unwrap();
                assert_eq!(&buf[..n], b"hello", "{alg:?}");
            }
        }
    }
}
