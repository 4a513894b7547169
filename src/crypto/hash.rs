//! Hashes, HMAC and HKDF (RFC 5869) as TLS 1.3 uses them.

use std::sync::LazyLock;

use aws_lc_rs::{digest, hmac};
use zeroize::Zeroizing;

/// The hash of a TLS 1.3 cipher suite.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum HashAlg {
    Sha256,
    Sha384,
}

impl HashAlg {
    pub fn output_len(self) -> usize {
        match self {
            HashAlg::Sha256 => 32,
            HashAlg::Sha384 => 48,
        }
    }

    fn digest_alg(self) -> &'static digest::Algorithm {
        match self {
            HashAlg::Sha256 => &digest::SHA256,
            HashAlg::Sha384 => &digest::SHA384,
        }
    }

    fn hmac_alg(self) -> hmac::Algorithm {
        match self {
            HashAlg::Sha256 => hmac::HMAC_SHA256,
            HashAlg::Sha384 => hmac::HMAC_SHA384,
        }
    }

    /// libcrypto's NID and name of the hash, for an ENGINE registered for it.
    fn engine_ids(self) -> (std::ffi::c_int, &'static std::ffi::CStr) {
        match self {
            HashAlg::Sha256 => (crate::sys::engine::NID_SHA256, c"SHA256"),
            HashAlg::Sha384 => (crate::sys::engine::NID_SHA384, c"SHA384"),
        }
    }

    /// Whether the handshake hash goes to an ENGINE the application made
    /// the default for it, as OpenSSL's `ssl_handshake_md` does
    /// (`sys::engine`).
    fn through_engine(self) -> bool {
        crate::sys::engine::digest_engine(self.engine_ids().0)
    }

    /// Hash(data): the handshake hash of TLS 1.2 and of TLS 1.3's exporter.
    pub fn hash(self, data: &[u8]) -> Vec<u8> {
        if self.through_engine() {
            if let Some(h) = crate::sys::engine::engine_digest(self.engine_ids().1, data) {
                return h;
            }
        }
        self.own_hash(data)
    }

    fn own_hash(self, data: &[u8]) -> Vec<u8> {
        digest::digest(self.digest_alg(), data).as_ref().to_vec()
    }

    pub fn hmac(self, key: &[u8], data: &[u8]) -> Vec<u8> {
        let key = hmac::Key::new(self.hmac_alg(), key);
        hmac::sign(&key, data).as_ref().to_vec()
    }

    /// HKDF-Extract(salt, IKM) = HMAC-Hash(salt, IKM); an empty salt means
    /// a string of hash-length zeros (RFC 5869 section 2.2).
    pub fn hkdf_extract(self, salt: &[u8], ikm: &[u8]) -> Zeroizing<Vec<u8>> {
        let zeros;
        let salt = if salt.is_empty() {
            zeros = vec![0u8; self.output_len()];
            &zeros[..]
        } else {
            salt
        };
        Zeroizing::new(self.hmac(salt, ikm))
    }

    /// HKDF-Expand-Label(Secret, Label, Context, Length) of RFC 8446 section 7.1.
    pub fn expand_label(self, secret: &[u8], label: &[u8], context: &[u8], len: usize) -> Zeroizing<Vec<u8>> {
        Prk::new(self, secret).expand_label(label, context, len)
    }

    /// Hash(""), which Derive-Secret(., "derived", "") and the binder keys
    /// hash: computed once per algorithm, not once per use.
    pub fn empty_hash(self) -> &'static [u8] {
        static SHA256: LazyLock<Vec<u8>> = LazyLock::new(|| HashAlg::Sha256.own_hash(&[]));
        static SHA384: LazyLock<Vec<u8>> = LazyLock::new(|| HashAlg::Sha384.own_hash(&[]));
        match self {
            HashAlg::Sha256 => &SHA256,
            HashAlg::Sha384 => &SHA384,
        }
    }
}

/// An HKDF pseudorandom key made into an HMAC key once, so that every
/// expansion from it reuses the hashed inner and outer pads. A fresh
/// hmac::Key costs two compression-function calls plus context setup, about
/// half of one HKDF-Expand-Label; a TLS 1.3 secret typically yields two to
/// four labels (key and iv; c/s traffic and "derived"; four from the master
/// secret). aws-lc's HMAC_CTX, which holds the pads, is cleansed on drop.
/// It is boxed: an HMAC_CTX is about 700 bytes inline, and the engines keep
/// key-schedule stages in `Option` fields that would otherwise carry that
/// size for the whole life of every connection.
pub struct Prk {
    alg: HashAlg,
    key: Box<hmac::Key>,
}

impl Prk {
    pub fn new(alg: HashAlg, prk: &[u8]) -> Self {
        Prk { alg, key: Box::new(hmac::Key::new(alg.hmac_alg(), prk)) }
    }

    /// HKDF-Extract(salt, IKM) as a keyed PRK.
    pub fn extract(alg: HashAlg, salt: &[u8], ikm: &[u8]) -> Self {
        Prk::new(alg, &alg.hkdf_extract(salt, ikm))
    }

    pub fn alg(&self) -> HashAlg {
        self.alg
    }

    /// HKDF-Expand(PRK, info, L) (RFC 5869 section 2.3).
    pub fn expand(&self, info: &[u8], len: usize) -> Zeroizing<Vec<u8>> {
        let mut out = Zeroizing::new(Vec::with_capacity(len + self.alg.output_len()));
        // T(i-1) is output key material too: zeroised like the output.
        let mut previous: Zeroizing<Vec<u8>> = Zeroizing::new(Vec::new());
        let mut counter = 1u8;
        while out.len() < len {
            let mut ctx = hmac::Context::with_key(&self.key);
            ctx.update(&previous);
            ctx.update(info);
            ctx.update(&[counter]);
            previous = Zeroizing::new(ctx.sign().as_ref().to_vec());
            out.extend_from_slice(&previous);
            counter = counter.wrapping_add(1);
        }
        out.truncate(len);
        out
    }

    /// HKDF-Expand-Label(Secret, Label, Context, Length) of RFC 8446 section 7.1.
    pub fn expand_label(&self, label: &[u8], context: &[u8], len: usize) -> Zeroizing<Vec<u8>> {
        let mut info = Vec::with_capacity(4 + 6 + label.len() + context.len());
        info.extend_from_slice(&(len as u16).to_be_bytes());
        info.push((6 + label.len()) as u8);
        info.extend_from_slice(b"tls13 ");
        info.extend_from_slice(label);
        info.push(context.len() as u8);
        info.extend_from_slice(context);
        self.expand(&info, len)
    }
}

/// A running transcript hash; `current()` snapshots without finishing.
#[derive(Clone)]
pub struct Transcript {
    alg: HashAlg,
    state: TranscriptState,
}

#[derive(Clone)]
enum TranscriptState {
    Running(digest::Context),
    /// An ENGINE implements the hash (`sys::engine`): the messages are
    /// kept and hashed through it at each snapshot, as an engine's digest
    /// context cannot be copied from here.
    Engine(Vec<u8>),
}

impl Transcript {
    pub fn new(alg: HashAlg) -> Self {
        let state = if alg.through_engine() {
            TranscriptState::Engine(Vec::new())
        } else {
            TranscriptState::Running(digest::Context::new(alg.digest_alg()))
        };
        Transcript { alg, state }
    }

    pub fn alg(&self) -> HashAlg {
        self.alg
    }

    pub fn update(&mut self, data: &[u8]) {
        match &mut self.state {
            TranscriptState::Running(ctx) => ctx.update(data),
            TranscriptState::Engine(messages) => messages.extend_from_slice(data),
        }
    }

    pub fn current(&self) -> Vec<u8> {
        match &self.state {
            TranscriptState::Running(ctx) => ctx.clone().finish().as_ref().to_vec(),
            TranscriptState::Engine(messages) => self.alg.hash(messages),
        }
    }
}

/// SHA-256 of arbitrary bytes (session ids of ticket sessions).
pub fn sha256(data: &[u8]) -> Vec<u8> {
    HashAlg::Sha256.hash(data)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_hashes_are_the_fips_180_values() {
        assert_eq!(hex(HashAlg::Sha256.empty_hash()), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
        assert_eq!(
            hex(HashAlg::Sha384.empty_hash()),
            "38b060a751ac96384cd9327eb1b1e36a21fdb71114be07434c0cc7bf63f6e1da274edebfe76f65fbd51ad2f14898b95b"
        );
    }

    #[test]
    fn hkdf_rfc5869_case_1() {
        let ikm = [0x0bu8; 22];
        let salt: Vec<u8> = (0u8..=0x0c).collect();
        let info: Vec<u8> = (0xf0u8..=0xf9).collect();
        let prk = HashAlg::Sha256.hkdf_extract(&salt, &ikm);
        assert_eq!(hex(&prk), "077709362c2e32df0ddc3f0dc47bba6390b6c73bb50f9c3122ec844ad7c2b3e5");
        let okm = Prk::new(HashAlg::Sha256, &prk).expand(&info, 42);
        assert_eq!(
            hex(&okm),
            "3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf34007208d5b887185865"
        );
    }

    pub(crate) fn hex(b: &[u8]) -> String {
        b.iter().map(|x| format!("{x:02x}")).collect()
    }
}
