//! What the TLS 1.0-1.2 client and server share: the downgrade sentinels,
//! the master secret, key block and Finished (RFC 2246, 4346, 5246, RFC
//! 7627), and the signature checks of their messages.

use crate::crypto::aead::RecordKey;
use crate::crypto::cbc::CbcKey;
use crate::tls::record::Protection;
use zeroize::Zeroizing;
use crate::crypto::hash::HashAlg;
use crate::crypto::sign::SigningKey;
use crate::crypto::{prf, verify};
use crate::tls::alert::AlertDescription;
use crate::tls::key_schedule::Secret;
use crate::tls::msgs::certificate::CertificateVerify;
use crate::tls::suites::{Auth, Bulk, Suite};
use crate::tls::{Error, Reason, TLS1_2_VERSION, TLS1_3_VERSION};

/// The last 8 bytes of ServerHello.random of a TLS 1.3-capable server that
/// negotiated TLS 1.2 (RFC 8446 section 4.1.3).
pub const DOWNGRADE_TLS12: [u8; 8] = *b"DOWNGRD\x01";
/// The same for a TLS 1.2-capable server that negotiated TLS 1.1 or
/// below (RFC 8446 section 4.1.3; OpenSSL sets and checks it too).
pub const DOWNGRADE_TLS11: [u8; 8] = *b"DOWNGRD\x00";

/// The sentinel a server puts at the end of ServerHello.random when it
/// negotiates `version` while able to do better (`server_max`), as
/// OpenSSL's ssl_choose_server_version and ssl_fill_hello_random.
pub fn downgrade_sentinel(version: u16, server_max: u16) -> Option<[u8; 8]> {
    if version == TLS1_2_VERSION && server_max >= TLS1_3_VERSION {
        Some(DOWNGRADE_TLS12)
    } else if version < TLS1_2_VERSION && server_max >= TLS1_2_VERSION {
        Some(DOWNGRADE_TLS11)
    } else {
        None
    }
}

/// The client's check (OpenSSL's ssl_choose_client_version): when we
/// offered better than `version`, the server's random must not end with
/// the sentinel for it (illegal_parameter, SSL_R_INAPPROPRIATE_FALLBACK).
pub fn check_downgrade(version: u16, client_max: u16, server_random: &[u8; 32]) -> Result<(), Error> {
    let tail = &server_random[24..];
    let downgraded = client_max > version
        && ((version == TLS1_2_VERSION && tail == DOWNGRADE_TLS12) || (version < TLS1_2_VERSION && tail == DOWNGRADE_TLS11));
    if downgraded {
        return Err(Error::illegal(Reason::INAPPROPRIATE_FALLBACK, "downgrade sentinel in ServerHello.random"));
    }
    Ok(())
}

/// The hash of handshake_messages that Finished, CertificateVerify and the
/// extended master secret cover: the suite's PRF hash in TLS 1.2, MD5 ||
/// SHA-1 before it (RFC 2246 7.4.9, RFC 7627 section 3).
pub fn handshake_hash(version: u16, hash: HashAlg, messages: &[u8]) -> Result<Vec<u8>, Error> {
    if version >= TLS1_2_VERSION {
        return Ok(hash.hash(messages));
    }
    crate::sys::tls10::md5_sha1(messages).map(|h| h.to_vec()).ok_or_else(|| Error::internal("MD5-SHA1 unavailable"))
}

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
        version: u16,
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
        key_from_block(version, suite, block, client, write, etm)
    }
}

/// (MAC key, encryption key, IV) lengths of a suite's key block: AEAD
/// suites have no MAC key and a 4-byte (AES-GCM, RFC 5288) or 12-byte
/// (ChaCha20, RFC 7905) fixed IV; CBC suites take a 16-byte IV, as
/// OpenSSL derives it (TLS 1.2 records carry their own).
fn key_block_lengths(suite: &Suite) -> (usize, usize, usize) {
    match suite.bulk {
        Bulk::Aead(a) => (0, a.key_len(), a.tls12_fixed_iv_len()),
        Bulk::Cbc { key_len, mac, .. } => (mac.len(), key_len, crate::sys::cbc::BLOCK),
    }
}

/// key_block = PRF(master, "key expansion", server_random || client_random)
/// = client MAC key, server MAC key, client key, server key, client IV,
/// server IV (RFC 5246 section 6.3).
fn key_from_block(version: u16, suite: &Suite, block: &[u8], client: bool, write: bool, etm: bool) -> Result<Protection, Error> {
    let (m, k, iv) = key_block_lengths(suite);
    let pick = |offset: usize, len: usize| -> &[u8] {
        let start = offset + if client { 0 } else { len };
        &block[start..start + len]
    };
    let mac_key = pick(0, m);
    let key = pick(2 * m, k);
    let iv_bytes = pick(2 * (m + k), iv);
    Ok(match suite.bulk {
        Bulk::Aead(a) => Protection::Aead(RecordKey::new_tls12(a, key, iv_bytes, write)?),
        Bulk::Cbc { cipher, mac, .. } => Protection::Cbc(Box::new(CbcKey::new(version, cipher, mac, mac_key, key, iv_bytes, write, etm)?)),
    })
}

/// master_secret: with extended master secret PRF(pms, "extended master
/// secret", Hash(handshake_messages through ClientKeyExchange)) (RFC 7627
/// section 4), else PRF(pms, "master secret", client_random || server_random).
pub fn master_secret(
    version: u16,
    hash: HashAlg,
    pms: &[u8],
    ems: bool,
    messages: &[u8],
    client_random: &[u8; 32],
    server_random: &[u8; 32],
) -> Result<Secret, Error> {
    let out = if ems {
        prf::prf(version, hash, pms, b"extended master secret", &handshake_hash(version, hash, messages)?, 48)
    } else {
        let mut seed = [0u8; 64];
        seed[..32].copy_from_slice(client_random);
        seed[32..].copy_from_slice(server_random);
        prf::prf(version, hash, pms, b"master secret", &seed, 48)
    };
    out.ok_or_else(|| Error::internal("master secret"))
}

/// verify_data = PRF(master, label, Hash(handshake_messages))[0..12] (7.4.9).
pub fn finished(version: u16, hash: HashAlg, master: &prf::Prf, label: &[u8], messages: &[u8]) -> Result<Secret, Error> {
    Ok(master.derive(label, &handshake_hash(version, hash, messages)?, 12))
}

/// Whether a signature scheme authenticates a suite of this kind: RSA
/// schemes for aRSA, ECDSA and EdDSA for aECDSA, DSA for aDSS; aPSK and
/// aNULL sign nothing.
pub fn scheme_fits_auth(scheme: u16, auth: Auth) -> bool {
    let rsa = matches!(scheme, 0x0201 | 0x0301 | 0x0401 | 0x0501 | 0x0601 | 0x0804..=0x0806 | 0x0809..=0x080b);
    let dsa = crate::crypto::verify::dsa_digest(scheme).is_some();
    match auth {
        Auth::Rsa => rsa,
        Auth::Ecdsa => !rsa && !dsa,
        Auth::Dss => dsa,
        Auth::Any => true,
        Auth::Psk | Auth::Null | Auth::Srp => false,
    }
}

/// What TLS 1.0/1.1's RSA signatures (PKCS#1 over MD5 || SHA-1) are
/// reported as: a SignatureScheme from the private-use range, never sent,
/// that `SSL_get_peer_signature_nid` names MD5-SHA1 as OpenSSL does.
pub const LEGACY_RSA_MD5_SHA1: u16 = 0xfe01;
/// TLS 1.0/1.1's ECDSA and DSA signatures are ecdsa_sha1's and dsa_sha1's.
const LEGACY_ECDSA_SHA1: u16 = 0x0203;
const LEGACY_DSA_SHA1: u16 = 0x0202;

/// A handshake signature of ours.
pub struct Signature {
    /// The SignatureAndHashAlgorithm on the wire (None before TLS 1.2).
    pub wire_scheme: Option<u16>,
    /// The scheme the API reports (`SSL_get_signature_nid`).
    pub scheme: u16,
    pub bytes: Vec<u8>,
}

/// A handshake signature of ours over `msg` (ServerKeyExchange params,
/// CertificateVerify's handshake_messages): with `scheme` from TLS 1.2
/// on, in the key's legacy form before.
pub fn sign(version: u16, key: &SigningKey, scheme: u16, msg: &[u8]) -> Result<Signature, Error> {
    let signed = if version >= TLS1_2_VERSION {
        key.sign(scheme, msg).map(|bytes| Signature { wire_scheme: Some(scheme), scheme, bytes })
    } else {
        let scheme = if key.is_dsa() {
            LEGACY_DSA_SHA1
        } else if key.is_ecdsa_class() {
            LEGACY_ECDSA_SHA1
        } else {
            LEGACY_RSA_MD5_SHA1
        };
        key.sign_legacy(msg).map(|bytes| Signature { wire_scheme: None, scheme, bytes })
    };
    signed.ok_or_else(|| Error::internal("signing failed"))
}

/// Verifies a TLS 1.0/1.1 signature over `msg` by the certificate key
/// `spki`, whose type must fit the suite's authentication (OpenSSL:
/// SSL_R_WRONG_CERTIFICATE_TYPE); a bad signature is decrypt_error.
/// Returns the scheme to report.
pub fn verify_legacy(spki: &[u8], auth: Auth, msg: &[u8], sig: &[u8], what: &'static str) -> Result<u16, Error> {
    use crate::sys::tls10::LegacyKey;
    match (crate::sys::tls10::verify_legacy(spki, msg, sig), auth) {
        (Some(LegacyKey::Rsa), Auth::Rsa | Auth::Any) => Ok(LEGACY_RSA_MD5_SHA1),
        (Some(LegacyKey::Ecdsa), Auth::Ecdsa | Auth::Any) => Ok(LEGACY_ECDSA_SHA1),
        (Some(LegacyKey::Dsa), Auth::Dss | Auth::Any) => Ok(LEGACY_DSA_SHA1),
        (Some(_), _) => Err(Error::illegal(Reason::WRONG_CERTIFICATE_TYPE, "certificate key does not fit the suite")),
        (None, _) => Err(Error::new(AlertDescription::DecryptError, Reason::BAD_SIGNATURE, what)),
    }
}

/// The CertificateVerify check: from TLS 1.2 the scheme must be one we
/// asked for, the signature over handshake_messages (RFC 5246 7.4.8);
/// before, the legacy signature (RFC 4346 7.4.8). Returns the scheme.
pub fn check_certificate_verify(version: u16, body: &[u8], asked: &[u16], spki: &[u8], messages: &[u8]) -> Result<u16, Error> {
    if version < TLS1_2_VERSION {
        let sig = crate::tls::msgs::tls12::parse_legacy_certificate_verify(body)?;
        return verify_legacy(spki, Auth::Any, messages, sig, "CertificateVerify signature");
    }
    let cv = CertificateVerify::parse(body)?;
    if !asked.contains(&cv.scheme) {
        return Err(Error::illegal(Reason::WRONG_SIGNATURE_TYPE, "signature scheme not requested"));
    }
    if !verify::verify(cv.scheme, spki, messages, cv.signature) {
        return Err(Error::new(AlertDescription::DecryptError, Reason::BAD_SIGNATURE, "CertificateVerify signature"));
    }
    Ok(cv.scheme)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn schemes_fit_their_suites_authentication() {
        // (scheme, aRSA, aECDSA, aDSS)
        for (scheme, rsa, ecdsa, dss) in [
            (0x0401, true, false, false),
            (0x0804, true, false, false),
            (0x0403, false, true, false),
            (0x0807, false, true, false),
            (0x0202, false, false, true),
            (0x0402, false, false, true),
            (0x0602, false, false, true),
        ] {
            assert_eq!(scheme_fits_auth(scheme, Auth::Rsa), rsa, "{scheme:04x}");
            assert_eq!(scheme_fits_auth(scheme, Auth::Ecdsa), ecdsa, "{scheme:04x}");
            assert_eq!(scheme_fits_auth(scheme, Auth::Dss), dss, "{scheme:04x}");
            assert!(!scheme_fits_auth(scheme, Auth::Psk) && !scheme_fits_auth(scheme, Auth::Null));
        }
    }
}
