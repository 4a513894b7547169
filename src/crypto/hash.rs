//! Hashes, HMAC and HKDF (RFC 5869) as TLS 1.3 uses them.

use std::sync::LazyLock;

use aws_lc_rs::{digest, hmac};
use zeroize::Zeroizing;

use super::calibrate::Impl;
use crate::sys::sha::{Sha, ShaFunctions};

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
        let mut ctx = HashCtx::new(self);
        ctx.update(data);
        ctx.finish()
    }

    /// The hash's input block: the size of HMAC's pads (RFC 2104).
    fn block_len(self) -> usize {
        match self {
            HashAlg::Sha256 => 64,
            HashAlg::Sha384 => 128,
        }
    }

    /// libcrypto's low-level functions for the hash, if it exports them.
    fn libcrypto_functions(self) -> Option<&'static ShaFunctions> {
        match self {
            HashAlg::Sha256 => crate::sys::sha::sha256(),
            HashAlg::Sha384 => crate::sys::sha::sha384(),
        }
    }

    /// The implementation calibration chose for this hash in this process.
    fn chosen(self) -> Impl {
        super::calibrate::hash_choice(self)
    }

    pub fn hmac(self, key: &[u8], data: &[u8]) -> Vec<u8> {
        HmacKey::new(self, key).sign(&[data])
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

/// A running hash in the implementation calibration chose: aws-lc's, or
/// libcrypto's low-level one (`sys::sha`). Both clone by copying state.
#[derive(Clone)]
pub enum HashCtx {
    AwsLc(digest::Context),
    Libcrypto(Sha),
}

impl HashCtx {
    pub fn new(alg: HashAlg) -> Self {
        HashCtx::with_impl(alg, alg.chosen()).unwrap_or_else(|| HashCtx::AwsLc(digest::Context::new(alg.digest_alg())))
    }

    /// A context in a given implementation (None if libcrypto lacks it).
    pub(crate) fn with_impl(alg: HashAlg, imp: Impl) -> Option<Self> {
        Some(match imp {
            Impl::AwsLc => HashCtx::AwsLc(digest::Context::new(alg.digest_alg())),
            Impl::Libcrypto => HashCtx::Libcrypto(Sha::new(alg.libcrypto_functions()?)),
        })
    }

    pub fn update(&mut self, data: &[u8]) {
        match self {
            HashCtx::AwsLc(ctx) => ctx.update(data),
            HashCtx::Libcrypto(ctx) => ctx.update(data),
        }
    }

    pub fn finish(self) -> Vec<u8> {
        match self {
            HashCtx::AwsLc(ctx) => ctx.finish().as_ref().to_vec(),
            HashCtx::Libcrypto(ctx) => ctx.finish(),
        }
    }
}

/// An HMAC key (RFC 2104) with its padded-key states hashed once, so each
/// MAC costs only the message's blocks and the outer block. In aws-lc
/// (its HMAC_CTX, about 700 bytes, cleansed on drop) or as two libcrypto
/// hash states, copied per MAC and wiped on drop.
pub enum HmacKey {
    AwsLc(hmac::Key),
    Libcrypto { inner: Sha, outer: Sha },
}

impl HmacKey {
    pub fn new(alg: HashAlg, key: &[u8]) -> Self {
        HmacKey::with_impl(alg, alg.chosen(), key).unwrap_or_else(|| HmacKey::AwsLc(hmac::Key::new(alg.hmac_alg(), key)))
    }

    /// A key in a given implementation (None if libcrypto lacks it).
    pub(crate) fn with_impl(alg: HashAlg, imp: Impl, key: &[u8]) -> Option<Self> {
        let Impl::Libcrypto = imp else {
            return Some(HmacKey::AwsLc(hmac::Key::new(alg.hmac_alg(), key)));
        };
        let functions = alg.libcrypto_functions()?;
        // K0: the key, hashed first if longer than a block, zero-padded to
        // a block; the states after K0 ^ ipad and K0 ^ opad.
        let mut pad = Zeroizing::new(vec![0u8; alg.block_len()]);
        if key.len() > pad.len() {
            let mut h = Sha::new(functions);
            h.update(key);
            let digest = Zeroizing::new(h.finish());
            pad[..digest.len()].copy_from_slice(&digest);
        } else {
            pad[..key.len()].copy_from_slice(key);
        }
        pad.iter_mut().for_each(|b| *b ^= 0x36);
        let mut inner = Sha::new(functions);
        inner.update(&pad);
        pad.iter_mut().for_each(|b| *b ^= 0x36 ^ 0x5c);
        let mut outer = Sha::new(functions);
        outer.update(&pad);
        Some(HmacKey::Libcrypto { inner, outer })
    }

    /// HMAC(key, the concatenation of `parts`).
    pub fn sign(&self, parts: &[&[u8]]) -> Vec<u8> {
        match self {
            HmacKey::AwsLc(key) => {
                let mut ctx = hmac::Context::with_key(key);
                parts.iter().for_each(|p| ctx.update(p));
                ctx.sign().as_ref().to_vec()
            }
            HmacKey::Libcrypto { inner, outer } => {
                let mut ctx = inner.clone();
                parts.iter().for_each(|p| ctx.update(p));
                let inner_hash = Zeroizing::new(ctx.finish());
                let mut ctx = outer.clone();
                ctx.update(&inner_hash);
                ctx.finish()
            }
        }
    }
}

/// An HKDF pseudorandom key made into an HMAC key once, so that every
/// expansion from it reuses the hashed inner and outer pads. A fresh
/// hmac::Key costs two compression-function calls plus context setup, about
/// half of one HKDF-Expand-Label; a TLS 1.3 secret typically yields two to
/// four labels (key and iv; c/s traffic and "derived"; four from the master
/// secret). It is boxed: an HmacKey is 430 to 700 bytes inline, and the engines keep
/// key-schedule stages in `Option` fields that would otherwise carry that
/// size for the whole life of every connection.
pub struct Prk {
    alg: HashAlg,
    key: Box<HmacKey>,
}

impl Prk {
    pub fn new(alg: HashAlg, prk: &[u8]) -> Self {
        Prk { alg, key: Box::new(HmacKey::new(alg, prk)) }
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
            previous = Zeroizing::new(self.key.sign(&[&previous, info, &[counter]]));
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
    Running(HashCtx),
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
            TranscriptState::Running(HashCtx::new(alg))
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
            TranscriptState::Running(ctx) => ctx.clone().finish(),
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

    /// libcrypto's HMAC (pads over its low-level hash) gives aws-lc's
    /// answer for keys shorter than, equal to and longer than a block, and
    /// a transcript snapshot does not disturb the running hash.
    #[test]
    fn both_implementations_agree() {
        for alg in [HashAlg::Sha256, HashAlg::Sha384] {
            for key_len in [0, 32, 48, 64, 65, 128, 129, 300] {
                let key: Vec<u8> = (0..key_len).map(|i| i as u8).collect();
                let aws = HmacKey::with_impl(alg, Impl::AwsLc, &key).unwrap();
                let lib = HmacKey::with_impl(alg, Impl::Libcrypto, &key).expect("the system libcrypto has SHA256_Init and SHA384_Init");
                assert!(matches!(lib, HmacKey::Libcrypto { .. }));
                let parts: [&[u8]; 3] = [b"label", &[7; 150], b""];
                assert_eq!(aws.sign(&parts), lib.sign(&parts), "{alg:?} key {key_len}");
                assert_eq!(lib.sign(&parts), lib.sign(&[&parts.concat()]));
                assert_ne!(lib.sign(&parts), lib.sign(&[b"label"]));
            }
            for imp in [Impl::AwsLc, Impl::Libcrypto] {
                let mut running = HashCtx::with_impl(alg, imp).unwrap();
                running.update(b"client hello");
                let snapshot = running.clone().finish();
                running.update(b"server hello");
                assert_eq!(snapshot, alg.own_hash(b"client hello"));
                assert_eq!(running.finish(), alg.own_hash(b"client helloserver hello"));
            }
        }
    }

    pub(crate) fn hex(b: &[u8]) -> String {
        b.iter().map(|x| format!("{x:02x}")).collect()
    }
}
