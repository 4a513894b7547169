//! Certificates and private keys of a context or connection, in OpenSSL's
//! slots: one (certificate, key, chain) per key type, so an RSA and an ECDSA
//! certificate can both be loaded and chosen by the client's signature_algorithms.

use std::sync::Arc;

use super::{reason, ApiError};
use crate::crypto::sign::SigningKey;
use crate::sys::pkey::{cert_key_kind, key_matches, key_matches_quiet, KeyKind, PKey};
use crate::sys::x509::X509Ref;
use crate::tls::cert_compression::{CertCodec, Precompressed};
use crate::tls::server::CertifiedKey;

#[derive(Clone, Default)]
pub struct CertSlot {
    pub cert: Option<X509Ref>,
    pub key: Option<PKey>,
    signer: Option<Arc<SigningKey>>,
    pub chain: Vec<X509Ref>,
    /// DER of the certificate and its own chain, encoded once when they are
    /// set rather than on every handshake.
    der: Arc<Vec<Vec<u8>>>,
    /// The chain as sent, compressed ahead of time per algorithm
    /// (`SSL_CTX_compress_certs`, `SSL_CTX_set1_compressed_cert`), and how
    /// many certificates it holds (None: the application's own bytes).
    compressed: Arc<Vec<Precompressed>>,
    compressed_chain_len: Option<usize>,
    /// `SSL_CTX_use_serverinfo(_ex)`: version 2 serverinfo sent with this
    /// certificate (OpenSSL keeps it in the certificate's slot).
    pub serverinfo: Option<Arc<Vec<u8>>>,
}

impl CertSlot {
    /// A new certificate or chain makes its compressed forms stale: they
    /// are dropped rather than sent for the wrong chain.
    fn refresh_der(&mut self) {
        let mut der: Vec<Vec<u8>> = self.cert.iter().map(|c| c.to_der()).collect();
        der.extend(self.chain.iter().map(|c| c.to_der()));
        self.der = Arc::new(der);
        self.compressed = Arc::default();
        self.compressed_chain_len = None;
    }

    /// The certificates sent from this slot: its own chain, else the
    /// context's extra chain certificates (OpenSSL's ssl_add_cert_chain).
    fn chain_to_send(&self, extra_chain: &[X509Ref]) -> Arc<Vec<Vec<u8>>> {
        if self.chain.is_empty() && !extra_chain.is_empty() {
            let mut c = (*self.der).clone();
            c.extend(extra_chain.iter().map(|x| x.to_der()));
            Arc::new(c)
        } else {
            self.der.clone()
        }
    }

    fn put_compressed(&mut self, p: Option<Precompressed>, alg: u16, chain_len: Option<usize>) {
        let mut list: Vec<Precompressed> = self.compressed.iter().filter(|x| x.alg != alg).cloned().collect();
        list.extend(p);
        self.compressed = Arc::new(list);
        self.compressed_chain_len = chain_len;
    }
}

/// A Certificate message body (RFC 8446 4.4.2) for `chain`: empty
/// request context, no entry extensions; what RFC 8879 compresses.
pub fn certificate_body(chain: &[Vec<u8>]) -> Vec<u8> {
    let mut m = crate::tls::msgs::certificate::CertificateMsg::encode_chain(&[], chain, None);
    m.drain(..4);
    m
}

#[derive(Clone, Default)]
pub struct CertConfig {
    slots: Vec<(KeyKind, CertSlot)>,
    /// The slot the last certificate or key went into (OpenSSL's "current").
    current: Option<KeyKind>,
    /// The application's extensions (`SSL_CTX_add_custom_ext`): OpenSSL
    /// keeps them beside the certificates, copied into each SSL.
    pub custom: super::custom_ext::CustomExts,
}

impl CertConfig {
    fn slot(&mut self, kind: KeyKind) -> &mut CertSlot {
        if let Some(i) = self.slots.iter().position(|(k, _)| *k == kind) {
            return &mut self.slots[i].1;
        }
        self.slots.push((kind, CertSlot::default()));
        &mut self.slots.last_mut().expect("just pushed").1
    }

    /// The kind of the current slot (OpenSSL's `c->key - c->pkeys`).
    pub fn current_kind(&self) -> Option<KeyKind> {
        self.current
    }

    /// Whether the slot of `kind` holds a private key.
    pub fn has_private_key(&self, kind: KeyKind) -> bool {
        self.slots.iter().any(|(k, s)| *k == kind && s.key.is_some())
    }

    pub fn current(&self) -> Option<&CertSlot> {
        let k = self.current?;
        self.slots.iter().find(|(x, _)| *x == k).map(|(_, s)| s)
    }

    /// `SSL_CTX_use_certificate`: a key of another type stays; a key of this
    /// type that does not match the certificate is dropped, as in OpenSSL.
    pub fn set_certificate(&mut self, x: X509Ref) -> Result<(), ApiError> {
        let kind = cert_key_kind(&x);
        if kind == KeyKind::Other {
            return Err(ApiError::new(reason::UNKNOWN_CERTIFICATE_TYPE, "unknown certificate type"));
        }
        let slot = self.slot(kind);
        if slot.key.as_ref().is_some_and(|k| !key_matches_quiet(&x, k)) {
            slot.key = None;
            slot.signer = None;
        }
        slot.cert = Some(x);
        slot.refresh_der();
        self.current = Some(kind);
        Ok(())
    }

    /// `SSL_CTX_use_PrivateKey`: must match a certificate already in its slot.
    pub fn set_private_key(&mut self, k: PKey) -> Result<(), ApiError> {
        let kind = k.kind();
        let der = k.to_pkcs8().ok_or(ApiError::new(reason::UNKNOWN_PKEY_TYPE, "key cannot be exported"))?;
        let signer = SigningKey::from_pkcs8(&der).ok_or(ApiError::new(reason::UNKNOWN_PKEY_TYPE, "unsupported private key type"))?;
        let slot = self.slot(kind);
        if let Some(c) = &slot.cert {
            // OpenSSL's ssl_set_pkey: X509_check_private_key's own error
            // (X509_R_KEY_VALUES_MISMATCH) is the only one queued.
            if !key_matches(c, &k) {
                return Err(ApiError::new(0, "private key does not match the certificate"));
            }
        }
        slot.key = Some(k);
        slot.signer = Some(Arc::new(signer));
        self.current = Some(kind);
        Ok(())
    }

    /// `SSL_CTX_add0_chain_cert`: to the current slot.
    /// With no certificate loaded yet it goes to the RSA slot, where
    /// OpenSSL's `cert->key` points until a certificate is set.
    pub fn add_chain_cert(&mut self, x: X509Ref) -> Result<(), ApiError> {
        let kind = self.current.unwrap_or(KeyKind::Rsa);
        let slot = self.slot(kind);
        slot.chain.push(x);
        slot.refresh_der();
        Ok(())
    }

    pub fn clear_chain(&mut self) {
        if let Some(k) = self.current {
            let slot = self.slot(k);
            slot.chain.clear();
            slot.refresh_der();
        }
    }

    /// `SSL_CTX_set0_chain` / `set1_chain` (SSL_CTRL_CHAIN): replaces the
    /// current slot's chain (the RSA slot before any certificate, as OpenSSL).
    pub fn set_chain(&mut self, chain: Vec<X509Ref>) -> Result<(), ApiError> {
        let kind = self.current.unwrap_or(KeyKind::Rsa);
        let slot = self.slot(kind);
        slot.chain = chain;
        slot.refresh_der();
        Ok(())
    }

    /// The current slot's certificate and chain (`SSL_CTX_build_cert_chain`'s input).
    pub fn current_cert_and_chain(&self) -> Option<(X509Ref, Vec<X509Ref>)> {
        let slot = self.current()?;
        Some((slot.cert.clone()?, slot.chain.clone()))
    }

    /// `SSL_CTX_compress_certs` / `SSL_compress_certs` (OpenSSL 3.5's
    /// ssl_compress_certs): every slot's chain compressed with each of
    /// `algs`; a form no smaller than the original is not kept. The number
    /// kept.
    pub fn compress(&mut self, extra_chain: &[X509Ref], algs: &[u16], codec: &dyn CertCodec) -> Result<usize, ApiError> {
        let mut kept = 0;
        for (_, slot) in self.slots.iter_mut().filter(|(_, s)| s.cert.is_some()) {
            let chain = slot.chain_to_send(extra_chain);
            let body = certificate_body(&chain);
            for &alg in algs {
                let data = codec.compress(alg, &body).ok_or(ApiError::new(reason::BAD_COMPRESSION_ALGORITHM, "certificate compression failed"))?;
                let smaller = data.len() < body.len();
                let p = smaller.then(|| Precompressed { alg, uncompressed_len: body.len(), data: Arc::new(data) });
                slot.put_compressed(p, alg, Some(chain.len()));
                kept += usize::from(smaller);
            }
        }
        Ok(kept)
    }

    /// `SSL_CTX_get1_compressed_cert`: the current slot's chain compressed
    /// with `alg` (data, original length), nothing kept.
    pub fn compress_current(&self, extra_chain: &[X509Ref], alg: u16, codec: &dyn CertCodec) -> Option<(Vec<u8>, usize)> {
        let slot = self.current()?;
        slot.cert.as_ref()?;
        let body = certificate_body(&slot.chain_to_send(extra_chain));
        Some((codec.compress(alg, &body)?, body.len()))
    }

    /// `SSL_CTX_set1_compressed_cert`: the application's compressed form
    /// for the current slot (OpenSSL's cert->key).
    pub fn set_compressed(&mut self, alg: u16, data: Vec<u8>, uncompressed_len: usize) {
        // OpenSSL's cert->key: the RSA slot until a certificate is set.
        let slot = self.slot(self.current.unwrap_or(KeyKind::Rsa));
        slot.put_compressed(Some(Precompressed { alg, uncompressed_len, data: Arc::new(data) }), alg, None);
    }

    /// `SSL_CTX_select_current_cert`: makes the slot holding `x` current.
    pub fn select_current(&mut self, x: &X509Ref) -> bool {
        let der = x.to_der();
        match self.slots.iter().find(|(_, s)| s.cert.as_ref().is_some_and(|c| c.to_der() == der)) {
            Some((k, _)) => {
                self.current = Some(*k);
                true
            }
            None => false,
        }
    }

    /// `SSL_CTX_set_current_cert`: SSL_CERT_SET_FIRST (1) or
    /// Whether any slot holds a certificate with its key (OpenSSL's ssl_has_cert).
    pub fn has_any(&self) -> bool {
        self.slots.iter().any(|(_, s)| s.cert.is_some() && s.key.is_some())
    }

    /// SSL_CERT_SET_NEXT (2) over the slots that hold a certificate.
    pub fn step_current(&mut self, first: bool) -> bool {
        let filled: Vec<KeyKind> = self.slots.iter().filter(|(_, s)| s.cert.is_some()).map(|(k, _)| *k).collect();
        let next = if first {
            filled.first().copied()
        } else {
            let pos = self.current.and_then(|c| filled.iter().position(|k| *k == c));
            pos.and_then(|i| filled.get(i + 1).copied())
        };
        match next {
            Some(k) => {
                self.current = Some(k);
                true
            }
            None => false,
        }
    }

    /// `SSL_CTX_check_private_key` on the current slot.
    pub fn check_private_key(&self) -> Result<(), ApiError> {
        let slot = self.current().ok_or(ApiError::new(reason::NO_CERTIFICATE_ASSIGNED, "no certificate assigned"))?;
        let cert = slot.cert.as_ref().ok_or(ApiError::new(reason::NO_CERTIFICATE_ASSIGNED, "no certificate assigned"))?;
        let key = slot.key.as_ref().ok_or(ApiError::new(reason::NO_PRIVATE_KEY_ASSIGNED, "no private key assigned"))?;
        // OpenSSL returns X509_check_private_key's answer, its error alone.
        if key_matches(cert, key) {
            Ok(())
        } else {
            Err(ApiError::new(0, "private key does not match the certificate"))
        }
    }

    /// The first complete slot whose key can sign one of `sigalgs`, taking
    /// the client's preference order (OpenSSL's tls_choose_sigalg).
    /// Whether a certificate with its key can sign in TLS 1.3 (not DSA).
    pub fn has_tls13_certificate(&self) -> bool {
        self.slots.iter().any(|(_, s)| s.cert.is_some() && s.signer.as_ref().is_some_and(|k| !k.schemes().is_empty()))
    }

    /// Whether the slot for a key kind holds a certificate, key or chain.
    pub fn slot_in_use(&self, kind: KeyKind) -> bool {
        self.slots.iter().any(|(k, s)| *k == kind && (s.cert.is_some() || s.key.is_some() || !s.chain.is_empty()))
    }

    /// The serverinfo of the slot a chosen certificate came from.
    pub fn serverinfo_of(&self, chosen: &CertifiedKey) -> Option<Arc<Vec<u8>>> {
        self.slots.iter().find(|(_, s)| s.signer.as_ref().is_some_and(|k| Arc::ptr_eq(k, &chosen.key))).and_then(|(_, s)| s.serverinfo.clone())
    }

    /// `SSL_CTX_use_serverinfo_ex` after its checks: into the current slot
    /// (the RSA slot before any certificate, as OpenSSL's `c->key`).
    pub fn set_serverinfo(&mut self, v2: Vec<u8>) {
        let kind = self.current.unwrap_or(KeyKind::Rsa);
        self.slot(kind).serverinfo = Some(Arc::new(v2));
    }

    /// `SSL_certs_clear`: the certificates and keys go, the custom
    /// extensions stay (OpenSSL's ssl_cert_clear_certs).
    pub fn clear_certs(&mut self) {
        self.slots.clear();
        self.current = None;
    }

    pub fn choose(&self, sigalgs: &[u16], extra_chain: &[X509Ref]) -> Option<CertifiedKey> {
        for alg in sigalgs {
            for (_, slot) in &self.slots {
                let (Some(_), Some(signer)) = (&slot.cert, &slot.signer) else { continue };
                if signer.schemes().contains(alg) || signer.tls12_schemes().contains(alg) {
                    // The slot's own chain wins over the context's extra chain certs.
                    let chain = slot.chain_to_send(extra_chain);
                    // Compressed forms made for another chain (extra chain
                    // certificates added since) are not sent.
                    let compressed = if slot.compressed_chain_len.is_none_or(|n| n == chain.len()) { slot.compressed.clone() } else { Arc::default() };
                    return Some(CertifiedKey { chain, key: signer.clone(), compressed });
                }
            }
        }
        None
    }
}
