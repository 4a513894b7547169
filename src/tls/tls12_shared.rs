//! What the TLS 1.2 client and server share: the downgrade sentinel, the
//! master secret, key block and Finished (RFC 5246, RFC 7627), and the
//! signature checks of TLS 1.2's messages.

use crate::crypto::aead::RecordKey;
use crate::crypto::hash::HashAlg;
use crate::crypto::{prf, verify};
use crate::tls::alert::AlertDescription;
use crate::tls::key_schedule::Secret;
use crate::tls::msgs::certificate::CertificateVerify;
use crate::tls::suites::{Auth, Suite};
use crate::tls::{Error, Reason};

/// The last 8 bytes of ServerHello.random of a TLS 1.3-capable server that
/// negotiated TLS 1.2 (RFC 8446 section 4.1.3).
pub const DOWNGRADE_TLS12: [u8; 8] = *b"DOWNGRD\x01";

/// The key block's two write keys (client, server), derived once per
/// handshake; each is taken when its direction changes keys.
#[derive(Default)]
pub struct KeyBlock(Option<(Option<RecordKey>, Option<RecordKey>)>);

impl KeyBlock {
    /// The client's (`client`) or the server's write key.
    pub fn take(
        &mut self,
        client: bool,
        suite: &Suite,
        prf: Option<&prf::Prf>,
        client_random: &[u8; 32],
        server_random: &[u8; 32],
    ) -> Result<RecordKey, Error> {
        if self.0.is_none() {
            let prf = prf.ok_or_else(|| Error::internal("no master secret"))?;
            let (c, s) = key_block(suite, prf, client_random, server_random)?;
            self.0 = Some((Some(c), Some(s)));
        }
        let Some(keys) = self.0.as_mut() else { return Err(Error::internal("no key block")) };
        let slot = if client { &mut keys.0 } else { &mut keys.1 };
        slot.take().ok_or_else(|| Error::internal("key already used"))
    }
}

/// key_block = PRF(master, "key expansion", server_random || client_random):
/// client key, server key, client IV, server IV (AEAD suites have no MAC
/// keys) (RFC 5246 section 6.3). Returns (client write, server write).
pub fn key_block(suite: &Suite, prf: &prf::Prf, client_random: &[u8; 32], server_random: &[u8; 32]) -> Result<(RecordKey, RecordKey), Error> {
    let aead = suite.aead;
    let (k, iv) = (aead.key_len(), aead.tls12_fixed_iv_len());
    let mut seed = [0u8; 64];
    seed[..32].copy_from_slice(server_random);
    seed[32..].copy_from_slice(client_random);
    let block = prf.derive(b"key expansion", &seed, 2 * (k + iv));
    let (ck, rest) = block.split_at(k);
    let (sk, rest) = rest.split_at(k);
    let (civ, siv) = rest.split_at(iv);
    Ok((RecordKey::new_tls12(aead, ck, civ)?, RecordKey::new_tls12(aead, sk, siv)?))
}

/// master_secret: with extended master secret PRF(pms, "extended master
/// secret", Hash(handshake_messages through ClientKeyExchange)) (RFC 7627
/// section 4), else PRF(pms, "master secret", client_random || server_random).
pub fn master_secret(
    hash: HashAlg,
    pms: &[u8],
    ems: bool,
    messages: &[u8],
    client_random: &[u8; 32],
    server_random: &[u8; 32],
) -> Result<Secret, Error> {
    let out = if ems {
        prf::prf(hash, pms, b"extended master secret", &hash.hash(messages), 48)
    } else {
        let mut seed = [0u8; 64];
        seed[..32].copy_from_slice(client_random);
        seed[32..].copy_from_slice(server_random);
        prf::prf(hash, pms, b"master secret", &seed, 48)
    };
    out.ok_or_else(|| Error::internal("master secret"))
}

/// verify_data = PRF(master, label, Hash(handshake_messages))[0..12] (7.4.9).
pub fn finished(hash: HashAlg, master: &prf::Prf, label: &[u8], messages: &[u8]) -> Secret {
    master.derive(label, &hash.hash(messages), 12)
}

/// Whether a signature scheme authenticates a suite of this kind: RSA
/// schemes for aRSA, ECDSA and EdDSA for aECDSA.
pub fn scheme_fits_auth(scheme: u16, auth: Auth) -> bool {
    let rsa = matches!(scheme, 0x0401 | 0x0501 | 0x0601 | 0x0804..=0x0806 | 0x0809..=0x080b);
    match auth {
        Auth::Rsa => rsa,
        Auth::Ecdsa => !rsa,
        Auth::Any => true,
    }
}

/// The TLS 1.2 CertificateVerify check: the scheme must be one we asked
/// for, the signature over handshake_messages (RFC 5246 7.4.8).
pub fn check_certificate_verify(body: &[u8], asked: &[u16], spki: &[u8], messages: &[u8]) -> Result<u16, Error> {
    let cv = CertificateVerify::parse(body)?;
    if !asked.contains(&cv.scheme) {
        return Err(Error::illegal(Reason::WRONG_SIGNATURE_TYPE, "signature scheme not requested"));
    }
    if !verify::verify(cv.scheme, spki, messages, cv.signature) {
        return Err(Error::new(AlertDescription::DecryptError, Reason::BAD_SIGNATURE, "CertificateVerify signature"));
    }
    Ok(cv.scheme)
}
