//! What the TLS 1.2 client and server share: the downgrade sentinel, the
//! master secret, key block and Finished (RFC 5246, RFC 7627), and the
//! signature checks of TLS 1.2's messages.

use crate::crypto::aead::RecordKey;
use crate::crypto::cbc::CbcKey;
use crate::tls::record::Protection;
use zeroize::Zeroizing;
use crate::crypto::hash::HashAlg;
use crate::crypto::{prf, verify};
use crate::tls::alert::AlertDescription;
use crate::tls::key_schedule::Secret;
use crate::tls::msgs::certificate::CertificateVerify;
use crate::tls::suites::{Auth, Bulk, Suite};
use crate::tls::{Error, Reason};

/// The last 8 bytes of ServerHello.random of a TLS 1.3-capable server that
/// negotiated TLS 1.2 (RFC 8446 section 4.1.3).
pub const DOWNGRADE_TLS12: [u8; 8] = *b"DOWNGRD\x01";

/// The key block, derived once per handshake; each side's write key is
/// made from it when its direction changes keys.
#[derive(Default)]
pub struct KeyBlock(Option<Zeroizing<Vec<u8>>>);

impl KeyBlock {
    /// The client's (`client`) or the server's write key, for sending
    /// (`write`) or receiving; `etm` when encrypt-then-MAC was negotiated.
    #[allow(clippy::too_many_arguments)]
    pub fn take(
        &mut self,
        client: bool,
        write: bool,
        etm: bool,
        suite: &Suite,
        prf: Option<&prf::Prf>,
        client_random: &[u8; 32],
        server_random: &[u8; 32],
    ) -> Result<Protection, Error> {
        if self.0.is_none() {
            let prf = prf.ok_or_else(|| Error::internal("no master secret"))?;
            let mut seed = [0u8; 64];
            seed[..32].copy_from_slice(server_random);
            seed[32..].copy_from_slice(client_random);
            let (mac, key, iv) = key_block_lengths(suite);
            self.0 = Some(Zeroizing::new(prf.derive(b"key expansion", &seed, 2 * (mac + key + iv)).to_vec()));
        }
        let block = self.0.as_deref().ok_or_else(|| Error::internal("no key block"))?;
        key_from_block(suite, block, client, write, etm)
    }
}

/// (MAC key, encryption key, IV) lengths of a suite's key block: AEAD
/// suites have no MAC key and a 4-byte (AES-GCM, RFC 5288) or 12-byte
/// (ChaCha20, RFC 7905) fixed IV; CBC suites take a 16-byte IV, as
/// OpenSSL derives it (TLS 1.2 records carry their own).
fn key_block_lengths(suite: &Suite) -> (usize, usize, usize) {
    match suite.bulk {
        Bulk::Aead(a) => (0, a.key_len(), a.tls12_fixed_iv_len()),
        Bulk::Cbc { key_len, mac } => (mac.len(), key_len, crate::sys::cbc::BLOCK),
    }
}

/// key_block = PRF(master, "key expansion", server_random || client_random)
/// = client MAC key, server MAC key, client key, server key, client IV,
/// server IV (RFC 5246 section 6.3).
fn key_from_block(suite: &Suite, block: &[u8], client: bool, write: bool, etm: bool) -> Result<Protection, Error> {
    let (m, k, iv) = key_block_lengths(suite);
    let pick = |offset: usize, len: usize| -> &[u8] {
        let start = offset + if client { 0 } else { len };
        &block[start..start + len]
    };
    let mac_key = pick(0, m);
    let key = pick(2 * m, k);
    let iv_bytes = pick(2 * (m + k), iv);
    Ok(match suite.bulk {
        Bulk::Aead(a) => Protection::Aead(RecordKey::new_tls12(a, key, iv_bytes)?),
        Bulk::Cbc { mac, .. } => Protection::Cbc(CbcKey::new(mac, mac_key, key, iv_bytes, write, etm)?),
    })
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
    let rsa = matches!(scheme, 0x0201 | 0x0301 | 0x0401 | 0x0501 | 0x0601 | 0x0804..=0x0806 | 0x0809..=0x080b);
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
