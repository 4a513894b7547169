//! TLS 1.3 certificate compression (RFC 8879) as OpenSSL 3.5 does it: the
//! compress_certificate extension in the ClientHello and the
//! CertificateRequest, and the CompressedCertificate message that replaces
//! a Certificate. The compressors themselves are libcrypto's (`sys::comp`),
//! reached through [`CertCodec`].

use std::sync::Arc;

use super::alert::AlertDescription;
use super::codec::{Reader, Writer};
use super::{Error, Reason};

/// TLSEXT_comp_cert_zlib / brotli / zstd (RFC 8879 section 3, RFC 8478).
pub const ZLIB: u16 = 1;
pub const BROTLI: u16 = 2;
pub const ZSTD: u16 = 3;

/// Compresses and expands certificate messages.
pub trait CertCodec: Send + Sync {
    fn compress(&self, alg: u16, input: &[u8]) -> Option<Vec<u8>>;
    /// The expansion, which must be exactly `expected_len` bytes.
    fn decompress(&self, alg: u16, input: &[u8], expected_len: usize) -> Option<Vec<u8>>;
}

/// A connection's certificate compression settings.
#[derive(Clone, Default)]
pub struct CertCompression {
    /// `SSL_CTX_set1_cert_comp_preference`: the algorithms we accept and
    /// use, best first; only those the codec has.
    pub prefs: Vec<u16>,
    /// What the codec can do at all (OpenSSL's ossl_comp_has_alg).
    pub available: &'static [u16],
    pub codec: Option<Arc<dyn CertCodec>>,
    /// `SSL_OP_NO_TX_CERTIFICATE_COMPRESSION`: the peer's extension is ignored.
    pub no_tx: bool,
    /// `SSL_OP_NO_RX_CERTIFICATE_COMPRESSION`: the extension is not sent.
    pub no_rx: bool,
}

impl CertCompression {
    /// OpenSSL's tls_comp_in_pref: with preferences, one of them; with
    /// none set, any algorithm the codec has.
    fn acceptable(&self, alg: u16) -> bool {
        if self.prefs.is_empty() {
            self.available.contains(&alg)
        } else {
            self.prefs.contains(&alg)
        }
    }

    /// What our compress_certificate extension lists; empty: not sent
    /// (OpenSSL's tls_construct_compress_certificate).
    pub fn offered(&self) -> &[u16] {
        if self.codec.is_none() || self.no_rx {
            return &[];
        }
        &self.prefs
    }

    /// The peer's compress_certificate extension: its algorithms that we
    /// also have, in its order, each once (OpenSSL's
    /// tls_parse_compress_certificate). An empty or odd list is a
    /// decode_error; with SSL_OP_NO_TX_CERTIFICATE_COMPRESSION the
    /// extension is ignored.
    pub fn parse_peer_extension(&self, body: &[u8]) -> Result<Vec<u16>, Error> {
        if self.codec.is_none() || self.no_tx {
            return Ok(Vec::new());
        }
        let mut r = Reader::new(body);
        let list = r.vec8()?;
        r.finish()?;
        if list.is_empty() || list.len() % 2 != 0 {
            return Err(Error::new(AlertDescription::DecodeError, Reason::BAD_EXTENSION, "compress_certificate"));
        }
        let mut out: Vec<u16> = Vec::new();
        for c in list.chunks(2) {
            let alg = u16::from_be_bytes([c[0], c[1]]);
            if self.acceptable(alg) && !out.contains(&alg) {
                out.push(alg);
            }
        }
        Ok(out)
    }

    /// A CompressedCertificate's body expanded to the Certificate body it
    /// stands for (OpenSSL's tls13_process_compressed_certificate), at most
    /// `max_len` bytes (`SSL_CTX_set_max_cert_list`).
    pub fn expand(&self, body: &[u8], max_len: usize) -> Result<Vec<u8>, Error> {
        let m = CompressedCertificate::parse(body)?;
        if !self.prefs.is_empty() && !self.prefs.contains(&m.alg) {
            return Err(Error::illegal(Reason::BAD_COMPRESSION_ALGORITHM, "certificate compressed with an algorithm we did not offer"));
        }
        if !self.available.contains(&m.alg) {
            return Err(Error::new(AlertDescription::BadCertificate, Reason::BAD_COMPRESSION_ALGORITHM, "certificate compressed with an algorithm we lack"));
        }
        let codec = self.codec.as_ref().ok_or_else(|| Error::new(AlertDescription::BadCertificate, Reason::BAD_COMPRESSION_ALGORITHM, "no compressor"))?;
        if m.uncompressed_len > max_len {
            return Err(Error::new(AlertDescription::IllegalParameter, Reason::EXCESSIVE_MESSAGE_SIZE, "compressed certificate expands beyond max_cert_list"));
        }
        codec
            .decompress(m.alg, m.data, m.uncompressed_len)
            .ok_or_else(|| Error::new(AlertDescription::BadCertificate, Reason::BAD_DECOMPRESSION, "certificate decompression"))
    }
}

/// `struct { CertificateCompressionAlgorithm algorithm; uint24
/// uncompressed_length; opaque compressed_certificate_message<1..2^24-1>; }
/// CompressedCertificate;` (RFC 8879 section 4).
pub struct CompressedCertificate<'a> {
    pub alg: u16,
    pub uncompressed_len: usize,
    pub data: &'a [u8],
}

impl<'a> CompressedCertificate<'a> {
    pub fn parse(body: &'a [u8]) -> Result<Self, Error> {
        let mut r = Reader::new(body);
        let alg = r.u16().map_err(|_| Error::new(AlertDescription::BadCertificate, Reason::BAD_DECOMPRESSION, "CompressedCertificate"))?;
        let uncompressed_len = r.u24().map_err(|_| Error::new(AlertDescription::BadCertificate, Reason::BAD_DECOMPRESSION, "CompressedCertificate"))?;
        let data = r.vec24().map_err(|_| Error::new(AlertDescription::DecodeError, Reason::BAD_DECOMPRESSION, "CompressedCertificate"))?;
        if !r.is_empty() || data.is_empty() {
            return Err(Error::new(AlertDescription::DecodeError, Reason::BAD_DECOMPRESSION, "CompressedCertificate length"));
        }
        Ok(CompressedCertificate { alg, uncompressed_len, data })
    }

    /// The whole handshake message.
    pub fn encode(alg: u16, uncompressed_len: usize, data: &[u8]) -> Vec<u8> {
        super::msgs::frame(super::msgs::COMPRESSED_CERTIFICATE, |w| {
            w.u16(alg);
            w.u24(uncompressed_len);
            w.vec24(|w| w.bytes(data));
        })
    }
}

/// A certificate chain compressed ahead of time (`SSL_CTX_compress_certs`,
/// `SSL_CTX_set1_compressed_cert`): what a server sends for `alg`.
#[derive(Clone, Debug)]
pub struct Precompressed {
    pub alg: u16,
    pub uncompressed_len: usize,
    pub data: Arc<Vec<u8>>,
}

/// Writes our compress_certificate extension body.
pub fn encode_extension(w: &mut Writer, algs: &[u16]) {
    w.vec8(|w| algs.iter().for_each(|a| w.u16(*a)));
}

#[cfg(test)]
mod tests {
    use super::*;

    /// "Compresses" by reversing: enough to drive the message logic.
    struct Reverse;
    impl CertCodec for Reverse {
        fn compress(&self, _alg: u16, input: &[u8]) -> Option<Vec<u8>> {
            Some(input.iter().rev().copied().collect())
        }
        fn decompress(&self, _alg: u16, input: &[u8], n: usize) -> Option<Vec<u8>> {
            (input.len() == n).then(|| input.iter().rev().copied().collect())
        }
    }

    fn config() -> CertCompression {
        CertCompression { prefs: vec![ZLIB, ZSTD], available: &[ZLIB, ZSTD], codec: Some(Arc::new(Reverse)), no_tx: false, no_rx: false }
    }

    #[test]
    fn peer_list_keeps_its_order_and_our_algorithms() {
        let c = config();
        assert_eq!(c.parse_peer_extension(&[6, 0, 2, 0, 3, 0, 1]).unwrap(), vec![ZSTD, ZLIB]);
        assert_eq!(c.parse_peer_extension(&[4, 0, 1, 0, 1]).unwrap(), vec![ZLIB]);
        assert!(c.parse_peer_extension(&[0]).is_err(), "empty list");
        assert!(c.parse_peer_extension(&[3, 0, 1, 0]).is_err(), "odd list");
        assert!(c.parse_peer_extension(&[2, 0, 1, 9]).is_err(), "trailing byte");
        let off = CertCompression { no_tx: true, ..config() };
        assert!(off.parse_peer_extension(&[2, 0, 1]).unwrap().is_empty());
    }

    #[test]
    fn expands_only_offered_algorithms_to_the_stated_length() {
        let c = config();
        let msg = CompressedCertificate::encode(ZLIB, 3, &[3, 2, 1]);
        assert_eq!(c.expand(&msg[4..], 100).unwrap(), vec![1, 2, 3]);
        let brotli = CompressedCertificate::encode(BROTLI, 3, &[3, 2, 1]);
        assert_eq!(c.expand(&brotli[4..], 100).err().unwrap().alert, Some(AlertDescription::IllegalParameter));
        let wrong_len = CompressedCertificate::encode(ZLIB, 4, &[3, 2, 1]);
        assert_eq!(c.expand(&wrong_len[4..], 100).err().unwrap().alert, Some(AlertDescription::BadCertificate));
        assert!(c.expand(&msg[4..], 2).is_err(), "beyond max_cert_list");
        let mut trailing = msg[4..].to_vec();
        trailing.push(0);
        assert!(c.expand(&trailing, 100).is_err());
        assert!(c.expand(&CompressedCertificate::encode(ZLIB, 0, &[])[4..], 100).is_err(), "empty data");
    }

    #[test]
    fn nothing_offered_without_codec_or_with_no_rx() {
        assert!(CertCompression { codec: None, ..config() }.offered().is_empty());
        assert!(CertCompression { no_rx: true, ..config() }.offered().is_empty());
        assert_eq!(config().offered(), &[ZLIB, ZSTD]);
    }
}
