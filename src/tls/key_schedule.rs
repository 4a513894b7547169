//! The TLS 1.3 key schedule (RFC 8446 section 7.1), one type per stage so a
//! secret cannot be used at the wrong step.

use crate::crypto::aead::{AeadAlg, RecordKey, NONCE_LEN};
use crate::crypto::hash::{HashAlg, Prk};
use zeroize::Zeroizing;

pub type Secret = Zeroizing<Vec<u8>>;

/// Derive-Secret(Secret, Label, Messages) with Hash(Messages) given.
fn derive_secret(prk: &Prk, label: &[u8], transcript_hash: &[u8]) -> Secret {
    prk.expand_label(label, transcript_hash, prk.alg().output_len())
}

/// Each stage keeps its secret as a keyed `Prk`: every label derived from
/// it reuses one HMAC key setup.
///
/// Early Secret = HKDF-Extract(0, PSK or zeros).
pub struct EarlySecret {
    prk: Prk,
}

impl EarlySecret {
    pub fn new(hash: HashAlg, psk: Option<&[u8]>) -> Self {
        let zeros = vec![0u8; hash.output_len()];
        EarlySecret { prk: Prk::extract(hash, &[], psk.unwrap_or(&zeros)) }
    }

    /// binder_key = Derive-Secret(., "res binder", "") for resumption PSKs.
    pub fn resumption_binder_key(&self) -> Secret {
        derive_secret(&self.prk, b"res binder", self.prk.alg().empty_hash())
    }

    /// The binder key of a resumption PSK, or of an external one
    /// (Derive-Secret(., "ext binder", ""), RFC 8446 section 7.1).
    pub fn binder_key(&self, external: bool) -> Secret {
        if external {
            derive_secret(&self.prk, b"ext binder", self.prk.alg().empty_hash())
        } else {
            self.resumption_binder_key()
        }
    }

    /// Handshake Secret = HKDF-Extract(Derive-Secret(., "derived", ""), (EC)DHE).
    pub fn into_handshake(self, ecdhe: &[u8]) -> HandshakeSecret {
        let hash = self.prk.alg();
        let salt = derive_secret(&self.prk, b"derived", hash.empty_hash());
        HandshakeSecret { prk: Prk::extract(hash, &salt, ecdhe) }
    }
}

pub struct HandshakeSecret {
    prk: Prk,
}

impl HandshakeSecret {
    /// (client, server) handshake traffic secrets over Hash(ClientHello..ServerHello).
    pub fn traffic_secrets(&self, hello_hash: &[u8]) -> (Secret, Secret) {
        (derive_secret(&self.prk, b"c hs traffic", hello_hash), derive_secret(&self.prk, b"s hs traffic", hello_hash))
    }

    pub fn into_master(self) -> MasterSecret {
        let hash = self.prk.alg();
        let salt = derive_secret(&self.prk, b"derived", hash.empty_hash());
        let zeros = vec![0u8; hash.output_len()];
        MasterSecret { prk: Prk::extract(hash, &salt, &zeros) }
    }
}

pub struct MasterSecret {
    prk: Prk,
}

impl MasterSecret {
    /// (client, server) application traffic secrets over Hash(ClientHello..server Finished).
    pub fn traffic_secrets(&self, transcript_hash: &[u8]) -> (Secret, Secret) {
        (derive_secret(&self.prk, b"c ap traffic", transcript_hash), derive_secret(&self.prk, b"s ap traffic", transcript_hash))
    }

    pub fn exporter_master(&self, transcript_hash: &[u8]) -> Secret {
        derive_secret(&self.prk, b"exp master", transcript_hash)
    }

    /// resumption_master_secret over Hash(ClientHello..client Finished).
    pub fn resumption_master(&self, transcript_hash: &[u8]) -> Secret {
        derive_secret(&self.prk, b"res master", transcript_hash)
    }
}

/// The PSK of a ticket: HKDF-Expand-Label(resumption_master_secret,
/// "resumption", ticket_nonce, Hash.length) (RFC 8446 section 4.6.1).
pub fn resumption_psk(hash: HashAlg, resumption_master: &[u8], nonce: &[u8]) -> Secret {
    hash.expand_label(resumption_master, b"resumption", nonce, hash.output_len())
}

/// verify_data = HMAC(finished_key, transcript hash), finished_key =
/// HKDF-Expand-Label(base_key, "finished", "", Hash.length) (section 4.4.4).
/// The PSK binder uses the same construction with the binder key.
pub fn finished_mac(hash: HashAlg, base_key: &[u8], transcript_hash: &[u8]) -> Vec<u8> {
    let key = hash.expand_label(base_key, b"finished", &[], hash.output_len());
    hash.hmac(&key, transcript_hash)
}

/// application_traffic_secret_N+1 (section 7.2).
pub fn next_traffic_secret(hash: HashAlg, secret: &[u8]) -> Secret {
    hash.expand_label(secret, b"traffic upd", &[], hash.output_len())
}

/// The record protection key and IV of a traffic secret (section 7.3).
pub fn record_key(hash: HashAlg, aead: AeadAlg, secret: &[u8]) -> Result<RecordKey, crate::tls::Error> {
    let prk = Prk::new(hash, secret);
    let key = prk.expand_label(b"key", &[], aead.key_len());
    let iv = prk.expand_label(b"iv", &[], NONCE_LEN);
    RecordKey::new(aead, &key, &iv)
}

#[cfg(test)]
mod tests {
    //! RFC 8448 section 3 (simple 1-RTT) and section 4 (resumed) traces.
    use super::*;

    use crate::unhex;

    const ECDHE: &str = "8bd4054fb55b9d63fdfbacf9f04b9f0d35e6d63f537563efd46272900f89492d";
    const HELLO_HASH: &str = "860c06edc07858ee8e78f0e7428c58edd6b43f2ca3e6e95f02ed063cf0e1cad8";
    const SERVER_FINISHED_HASH: &str = "9608102a0f1ccc6db6250b7b7e417b1a000eaada3daae4777a7686c9ff83df13";
    const CLIENT_FINISHED_HASH: &str = "209145a96ee8e2a122ff810047cc952684658d6049e86429426db87c54ad143d";

    /// A stage holds its secret only as an HMAC key: it equals the RFC's
    /// value when it expands exactly as a key made from that value does.
    fn assert_keyed_with(prk: &Prk, secret_hex: &str) {
        let expected = Prk::new(prk.alg(), &unhex(secret_hex));
        assert_eq!(&prk.expand(b"probe", 48)[..], &expected.expand(b"probe", 48)[..]);
        assert_ne!(&prk.expand(b"probe", 48)[..], &Prk::new(prk.alg(), &[0u8; 32]).expand(b"probe", 48)[..]);
    }

    fn rfc8448_handshake() -> HandshakeSecret {
        let early = EarlySecret::new(HashAlg::Sha256, None);
        assert_keyed_with(&early.prk, "33ad0a1c607ec03b09e6cd9893680ce210adf300aa1f2660e1b22e10f170f92a");
        let hs = early.into_handshake(&unhex(ECDHE));
        assert_keyed_with(&hs.prk, "1dc826e93606aa6fdc0aadc12f741b01046aa6b99f691ed221a9f0ca043fbeac");
        hs
    }

    #[test]
    fn handshake_traffic_secrets_match_rfc8448() {
        let (c, s) = rfc8448_handshake().traffic_secrets(&unhex(HELLO_HASH));
        assert_eq!(&c[..], &unhex("b3eddb126e067f35a780b3abf45e2d8f3b1a950738f52e9600746a0e27a55a21")[..]);
        assert_eq!(&s[..], &unhex("b67b7d690cc16c4e75e54213cb2d37b4e9c912bcded9105d42befd59d391ad38")[..]);
        let h = HashAlg::Sha256;
        assert_eq!(&h.expand_label(&s, b"key", &[], 16)[..], &unhex("3fce516009c21727d0f2e4e86ee403bc")[..]);
        assert_eq!(&h.expand_label(&s, b"iv", &[], 12)[..], &unhex("5d313eb2671276ee13000b30")[..]);
        assert_eq!(&h.expand_label(&c, b"key", &[], 16)[..], &unhex("dbfaa693d1762c5b666af5d950258d01")[..]);
        assert_eq!(&h.expand_label(&c, b"iv", &[], 12)[..], &unhex("5bd3c71b836e0b76bb73265f")[..]);
    }

    #[test]
    fn client_finished_matches_rfc8448() {
        // The client's Finished covers ClientHello..server Finished.
        let (c, _) = rfc8448_handshake().traffic_secrets(&unhex(HELLO_HASH));
        let cf = finished_mac(HashAlg::Sha256, &c, &unhex(SERVER_FINISHED_HASH));
        assert_eq!(cf, unhex("a8ec436d677634ae525ac1fcebe11a039ec17694fac6e98527b642f2edd5ce61"));
    }

    #[test]
    fn application_and_resumption_secrets_match_rfc8448() {
        let master = rfc8448_handshake().into_master();
        assert_keyed_with(&master.prk, "18df06843d13a08bf2a449844c5f8a478001bc4d4c627984d5a41da8d0402919");
        let (c, s) = master.traffic_secrets(&unhex(SERVER_FINISHED_HASH));
        assert_eq!(&c[..], &unhex("9e40646ce79a7f9dc05af8889bce6552875afa0b06df0087f792ebb7c17504a5")[..]);
        assert_eq!(&s[..], &unhex("a11af9f05531f856ad47116b45a950328204b4f44bfb6b3a4b4f1f3fcb631643")[..]);
        let res = master.resumption_master(&unhex(CLIENT_FINISHED_HASH));
        assert_eq!(&res[..], &unhex("7df235f2031d2a051287d02b0241b0bfdaf86cc856231f2d5aba46c434ec196c")[..]);
        // Section 4: the ticket with nonce 00 00 gives the PSK that is the
        // resumed handshake's early-secret IKM.
        let psk = resumption_psk(HashAlg::Sha256, &res, &[0, 0]);
        assert_eq!(&psk[..], &unhex("4ecd0eb6ec3b4d87f5d6028f922ca4c5851a277fd41311c9e62d2c9492e1c4f3")[..]);
        let early = EarlySecret::new(HashAlg::Sha256, Some(&psk));
        assert_keyed_with(&early.prk, "9b2188e9b2fc6d64d71dc329900e20bb41915000f678aa839cbb797cb7d8332c");
    }
}
