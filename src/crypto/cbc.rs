//! CBC record protection (RFC 5246 6.2.3.2; TLS 1.0's implicit IV, RFC
//! 2246 6.2.3.2) with HMAC, as
//! MAC-then-encrypt or encrypt-then-MAC (RFC 7366). The cipher and the
//! receiving side's MAC run in libcrypto's TLS modes (`sys::cbc`), whose
//! constant-time padding and MAC handling is OpenSSL's own; the sending
//! side's MAC and encrypt-then-MAC's check (over public ciphertext) use
//! aws-lc's HMAC with a constant-time comparison.

use std::ffi::CStr;
use std::ops::Range;

use aws_lc_rs::{constant_time, hmac};
use zeroize::Zeroizing;

use super::aead::mac_header;
use crate::sys::cbc::{tls_cbc_record_mac, TlsCbcCipher, BLOCK};

/// The block cipher of a CBC suite; both have 16-byte blocks.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BlockCipher {
    Aes,
    /// Camellia (RFC 5932, RFC 6367 for ECDHE and PSK).
    Camellia,
}

impl BlockCipher {
    /// libcrypto's name of the cipher in CBC mode with a key of `key_len` bytes.
    fn libcrypto_name(self, key_len: usize) -> Option<&'static CStr> {
        Some(match (self, key_len) {
            (BlockCipher::Aes, 16) => c"AES-128-CBC",
            (BlockCipher::Aes, 32) => c"AES-256-CBC",
            (BlockCipher::Camellia, 16) => c"CAMELLIA-128-CBC",
            (BlockCipher::Camellia, 32) => c"CAMELLIA-256-CBC",
            _ => return None,
        })
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MacAlg {
    Sha1,
    Sha256,
    Sha384,
}

impl MacAlg {
    pub fn len(self) -> usize {
        match self {
            MacAlg::Sha1 => 20,
            MacAlg::Sha256 => 32,
            MacAlg::Sha384 => 48,
        }
    }

    fn hmac_alg(self) -> hmac::Algorithm {
        match self {
            MacAlg::Sha1 => hmac::HMAC_SHA1_FOR_LEGACY_USE_ONLY,
            MacAlg::Sha256 => hmac::HMAC_SHA256,
            MacAlg::Sha384 => hmac::HMAC_SHA384,
        }
    }

    fn libcrypto_name(self) -> &'static CStr {
        match self {
            MacAlg::Sha1 => c"SHA1",
            MacAlg::Sha256 => c"SHA2-256",
            MacAlg::Sha384 => c"SHA2-384",
        }
    }
}

/// Why a CBC record was refused.
#[derive(Debug, PartialEq, Eq)]
pub enum CbcError {
    /// Padding or MAC wrong, or a length no record of ours can have:
    /// bad_record_mac, never saying which (RFC 5246 6.2.3.2).
    BadRecordMac,
    /// Encrypt-then-MAC record shorter than its MAC (OpenSSL:
    /// decode_error, SSL_R_LENGTH_TOO_SHORT).
    TooShort,
}

/// One direction's CBC key: cipher context, MAC key, and whether the MAC
/// covers the ciphertext (encrypt-then-MAC).
pub struct CbcKey {
    cipher: TlsCbcCipher,
    mac: MacAlg,
    mac_key: hmac::Key,
    mac_secret: Zeroizing<Vec<u8>>,
    etm: bool,
    /// The record version the MAC covers.
    version: u16,
}

/// The largest content a MAC-then-encrypt record may carry before it is
/// refused with its MAC (OpenSSL: SSL3_RT_MAX_COMPRESSED_LENGTH).
const MAX_CONTENT_WITH_MAC_CHECK: usize = 16_384 + 1024;

impl CbcKey {
    #[allow(clippy::too_many_arguments)]
    pub fn new(version: u16, cipher: BlockCipher, mac: MacAlg, mac_secret: &[u8], key: &[u8], iv: &[u8], encrypt: bool, etm: bool) -> Result<CbcKey, crate::tls::Error> {
        let iv: &[u8; BLOCK] = iv.try_into().map_err(|_| crate::tls::Error::internal("bad CBC IV length"))?;
        if mac_secret.len() != mac.len() {
            return Err(crate::tls::Error::internal("bad MAC key length"));
        }
        let inner_mac = if etm { 0 } else { mac.len() };
        let name = cipher.libcrypto_name(key.len()).ok_or_else(|| crate::tls::Error::internal("bad CBC key length"))?;
        let cipher = TlsCbcCipher::new(name, version, key, iv, encrypt, inner_mac).ok_or_else(|| crate::tls::Error::internal("CBC cipher unavailable"))?;
        Ok(CbcKey {
            cipher,
            mac,
            mac_key: hmac::Key::new(mac.hmac_alg(), mac_secret),
            mac_secret: Zeroizing::new(mac_secret.to_vec()),
            etm,
            version,
        })
    }

    /// TLS 1.1 and later carry an IV in each record; TLS 1.0 chains the
    /// CBC state from the previous record (RFC 4346 1.1).
    fn explicit_iv(&self) -> bool {
        self.version >= crate::tls::TLS1_1_VERSION
    }

    /// The fragment length of a record carrying `len` bytes: explicit IV
    /// (TLS 1.1 and later), content, MAC and 1 to 16 bytes of padding.
    pub fn sealed_len(&self, len: usize) -> usize {
        let padded = |n: usize| (n / BLOCK + 1) * BLOCK;
        let iv = if self.explicit_iv() { BLOCK } else { 0 };
        if self.etm {
            iv + padded(len) + self.mac.len()
        } else {
            iv + padded(len + self.mac.len())
        }
    }

    fn sign(&self, header: &[u8; 13], data: &[u8]) -> hmac::Tag {
        let mut ctx = hmac::Context::with_key(&self.mac_key);
        ctx.update(header);
        ctx.update(data);
        ctx.sign()
    }

    /// Appends the protected fragment of `content` to `out`.
    pub fn seal(&mut self, seq: u64, content_type: u8, content: &[u8], out: &mut Vec<u8>) -> Result<(), crate::tls::Error> {
        let fail = || crate::tls::Error::internal("CBC encryption failed");
        let start = out.len();
        // RFC 5246 6.2.3.2: the IV "SHOULD be chosen at random, and MUST be
        // unpredictable".
        if self.explicit_iv() {
            out.extend_from_slice(&super::rand::array::<BLOCK>()?);
        }
        out.extend_from_slice(content);
        if !self.etm {
            let tag = self.sign(&mac_header(seq, content_type, self.version, content.len()), content);
            out.extend_from_slice(tag.as_ref());
        }
        self.cipher.seal(out, start).ok_or_else(fail)?;
        if self.etm {
            // RFC 7366 3: the MAC covers IV and ciphertext, with their length.
            let tag = self.sign(&mac_header(seq, content_type, self.version, out.len() - start), &out[start..]);
            out.extend_from_slice(tag.as_ref());
        }
        Ok(())
    }

    /// Opens a fragment in place; returns the content's range in `body`.
    pub fn open(&mut self, seq: u64, content_type: u8, body: &mut [u8]) -> Result<Range<usize>, CbcError> {
        if self.etm {
            let mac_len = self.mac.len();
            if body.len() < mac_len {
                return Err(CbcError::TooShort);
            }
            let (sealed, tag) = body.split_at_mut(body.len() - mac_len);
            let header = mac_header(seq, content_type, self.version, sealed.len());
            let mut ctx = hmac::Context::with_key(&self.mac_key);
            ctx.update(&header);
            ctx.update(sealed);
            if constant_time::verify_slices_are_equal(ctx.sign().as_ref(), tag).is_err() {
                return Err(CbcError::BadRecordMac);
            }
            // The MAC held: the padding check that follows is over
            // authenticated bytes.
            let (off, len, _) = self.cipher.open(sealed).ok_or(CbcError::BadRecordMac)?;
            return Ok(off..off + len);
        }
        let (off, len, carried) = self.cipher.open(body).ok_or(CbcError::BadRecordMac)?;
        let header = mac_header(seq, content_type, self.version, len);
        let expected = tls_cbc_record_mac(self.mac.libcrypto_name(), &self.mac_secret, &header, &body[off..], len)
            .ok_or(CbcError::BadRecordMac)?;
        if constant_time::verify_slices_are_equal(&expected, &carried).is_err() || len > MAX_CONTENT_WITH_MAC_CHECK {
            return Err(CbcError::BadRecordMac);
        }
        Ok(off..off + len)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pair(mac: MacAlg, key_len: usize, etm: bool) -> (CbcKey, CbcKey) {
        pair_for(crate::tls::TLS1_2_VERSION, mac, key_len, etm)
    }

    fn pair_for(version: u16, mac: MacAlg, key_len: usize, etm: bool) -> (CbcKey, CbcKey) {
        pair_of(BlockCipher::Aes, version, mac, key_len, etm)
    }

    fn pair_of(cipher: BlockCipher, version: u16, mac: MacAlg, key_len: usize, etm: bool) -> (CbcKey, CbcKey) {
        let mk = vec![5u8; mac.len()];
        let k = vec![6u8; key_len];
        let iv = [7u8; 16];
        (CbcKey::new(version, cipher, mac, &mk, &k, &iv, true, etm).unwrap(), CbcKey::new(version, cipher, mac, &mk, &k, &iv, false, etm).unwrap())
    }

    #[test]
    fn camellia_round_trips_and_rejects_a_flipped_bit() {
        for key_len in [16, 32] {
            for etm in [false, true] {
                let (mut tx, mut rx) = pair_of(BlockCipher::Camellia, crate::tls::TLS1_2_VERSION, MacAlg::Sha256, key_len, etm);
                let mut out = Vec::new();
                tx.seal(0, 23, b"camellia", &mut out).unwrap();
                let mut bad = out.clone();
                let r = rx.open(0, 23, &mut out).unwrap();
                assert_eq!(&out[r], b"camellia");
                let n = bad.len();
                bad[n - 20] ^= 1;
                assert!(rx.open(1, 23, &mut bad).is_err());
            }
        }
        // And it differs from AES under the same key.
        let (mut aes, _) = pair_of(BlockCipher::Aes, crate::tls::TLS1_2_VERSION, MacAlg::Sha256, 16, true);
        let (mut cam, _) = pair_of(BlockCipher::Camellia, crate::tls::TLS1_2_VERSION, MacAlg::Sha256, 16, true);
        let (mut a, mut c) = (Vec::new(), Vec::new());
        aes.seal(0, 23, b"x", &mut a).unwrap();
        cam.seal(0, 23, b"x", &mut c).unwrap();
        assert_ne!(a[16..32], c[16..32]);
    }

    #[test]
    fn round_trips_every_version_mac_and_mode() {
        for (version, mac) in [(0x0303, MacAlg::Sha1), (0x0303, MacAlg::Sha256), (0x0303, MacAlg::Sha384), (0x0301, MacAlg::Sha1), (0x0302, MacAlg::Sha1)] {
            for etm in [false, true] {
                let (mut tx, mut rx) = pair_for(version, mac, if mac == MacAlg::Sha1 { 16 } else { 32 }, etm);
                for (seq, len) in [0usize, 1, 15, 16, 17, 1000].iter().enumerate() {
                    let content = vec![seq as u8; *len];
                    let mut out = Vec::new();
                    tx.seal(seq as u64, 23, &content, &mut out).unwrap();
                    assert_eq!(out.len(), tx.sealed_len(*len));
                    let r = rx.open(seq as u64, 23, &mut out).unwrap();
                    assert_eq!(&out[r], &content[..]);
                }
            }
        }
    }

    #[test]
    fn rejects_tampering_sequence_and_type_as_bad_record_mac() {
        for etm in [false, true] {
            let (mut tx, mut rx) = pair(MacAlg::Sha256, 16, etm);
            let mut out = Vec::new();
            tx.seal(0, 23, b"hello", &mut out).unwrap();
            // Wrong sequence number and wrong type: the MAC fails.
            assert_eq!(rx.open(1, 23, &mut out.clone()), Err(CbcError::BadRecordMac));
            let (_, mut rx) = pair(MacAlg::Sha256, 16, etm);
            assert_eq!(rx.open(0, 22, &mut out.clone()), Err(CbcError::BadRecordMac));
            // A flipped bit in the last block (padding under MAC-then-encrypt).
            let (_, mut rx) = pair(MacAlg::Sha256, 16, etm);
            let mut bad = out.clone();
            let n = bad.len();
            bad[n - 1] ^= 1;
            assert_eq!(rx.open(0, 23, &mut bad), Err(CbcError::BadRecordMac));
            // Not a whole number of blocks.
            let (_, mut rx) = pair(MacAlg::Sha256, 16, etm);
            let mut short = out[..out.len() - 1].to_vec();
            assert!(rx.open(0, 23, &mut short).is_err());
        }
    }

    /// TLS 1.0 records carry no IV: the second record's CBC state follows
    /// the first's last ciphertext block, so records opened out of order
    /// fail; and the MAC covers the record version (0x0301 vs 0x0302).
    #[test]
    fn tls10_chains_records_and_macs_its_version() {
        let (mut tx, mut rx) = pair_for(0x0301, MacAlg::Sha1, 16, false);
        let (mut first, mut second) = (Vec::new(), Vec::new());
        tx.seal(0, 23, b"first record", &mut first).unwrap();
        tx.seal(1, 23, b"second record", &mut second).unwrap();
        // 12 bytes and a 20-byte MAC fill two blocks; the padding adds a third.
        assert_eq!(first.len(), 48, "content, MAC, padding and no IV block");
        assert!(rx.open(1, 23, &mut second.clone()).is_err());
        let (_, mut rx) = pair_for(0x0301, MacAlg::Sha1, 16, false);
        let r = rx.open(0, 23, &mut first).unwrap();
        assert_eq!(&first[r], b"first record");
        let r = rx.open(1, 23, &mut second).unwrap();
        assert_eq!(&second[r], b"second record");
        let (mut tx, _) = pair_for(0x0301, MacAlg::Sha1, 16, false);
        let (_, mut rx11) = pair_for(0x0302, MacAlg::Sha1, 16, false);
        let mut out = Vec::new();
        tx.seal(0, 23, b"x", &mut out).unwrap();
        assert_eq!(rx11.open(0, 23, &mut out), Err(CbcError::BadRecordMac));
    }

    #[test]
    fn rejects_etm_record_shorter_than_its_mac() {
        let (_, mut rx) = pair(MacAlg::Sha1, 16, true);
        assert_eq!(rx.open(0, 23, &mut [0u8; 19]), Err(CbcError::TooShort));
    }
}
