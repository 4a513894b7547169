//! Sealing stateless session tickets: key_name (16) || nonce (12) ||
//! AES-256-GCM(ticket state) || tag, with the key name as associated data so
//! keys can rotate and a ticket from another context fails to open.

use aws_lc_rs::aead::{Aad, LessSafeKey, Nonce, UnboundKey, AES_256_GCM};
use zeroize::Zeroizing;

pub const KEY_NAME_LEN: usize = 16;
const NONCE_LEN: usize = 12;
const TAG_LEN: usize = 16;

pub struct TicketKey {
    pub name: [u8; KEY_NAME_LEN],
    /// The 64 secret bytes of OpenSSL's 80-byte key blob (HMAC and AES
    /// halves), kept so `SSL_CTX_get_tlsext_ticket_keys` returns them.
    pub secret: Zeroizing<[u8; 64]>,
    key: LessSafeKey,
}

impl TicketKey {
    /// From OpenSSL's 80-byte blob: name (16) || HMAC key (32) || AES key (32).
    /// Our AEAD key is SHA-256 of both secret halves.
    pub fn from_blob(blob: &[u8; 80]) -> TicketKey {
        let mut name = [0u8; KEY_NAME_LEN];
        name.copy_from_slice(&blob[..16]);
        let mut secret = Zeroizing::new([0u8; 64]);
        secret.copy_from_slice(&blob[16..]);
        let k = Zeroizing::new(super::hash::sha256(&secret[..]));
        let key = LessSafeKey::new(UnboundKey::new(&AES_256_GCM, &k).expect("32-byte key"));
        TicketKey { name, secret, key }
    }

    pub fn generate() -> Result<TicketKey, crate::tls::Error> {
        let mut blob = Zeroizing::new([0u8; 80]);
        super::rand::fill(&mut blob[..])?;
        Ok(TicketKey::from_blob(&blob))
    }

    pub fn blob(&self) -> [u8; 80] {
        let mut out = [0u8; 80];
        out[..16].copy_from_slice(&self.name);
        out[16..].copy_from_slice(&self.secret[..]);
        out
    }

    pub fn seal(&self, state: &[u8]) -> Result<Vec<u8>, crate::tls::Error> {
        let nonce: [u8; NONCE_LEN] = super::rand::array()?;
        let mut body = state.to_vec();
        self.key
            .seal_in_place_append_tag(Nonce::assume_unique_for_key(nonce), Aad::from(&self.name), &mut body)
            .map_err(|_| crate::tls::Error::internal("ticket seal"))?;
        let mut out = Vec::with_capacity(KEY_NAME_LEN + NONCE_LEN + body.len());
        out.extend_from_slice(&self.name);
        out.extend_from_slice(&nonce);
        out.extend_from_slice(&body);
        Ok(out)
    }

    /// The state inside a ticket sealed under this key, or None.
    pub fn open(&self, ticket: &[u8]) -> Option<Zeroizing<Vec<u8>>> {
        if ticket.len() < KEY_NAME_LEN + NONCE_LEN + TAG_LEN || ticket[..KEY_NAME_LEN] != self.name {
            return None;
        }
        let nonce: [u8; NONCE_LEN] = ticket[KEY_NAME_LEN..KEY_NAME_LEN + NONCE_LEN].try_into().ok()?;
        let mut body = Zeroizing::new(ticket[KEY_NAME_LEN + NONCE_LEN..].to_vec());
        let n = self.key.open_in_place(Nonce::assume_unique_for_key(nonce), Aad::from(&self.name), &mut body).ok()?.len();
        body.truncate(n);
        Some(body)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seal_open_and_reject() {
        let k = TicketKey::generate().unwrap();
        let t = k.seal(b"state").unwrap();
        assert_eq!(&k.open(&t).unwrap()[..], b"state");
        let mut bad = t.clone();
        let last = bad.len() - 1;
        bad[last] ^= 1;
        assert!(k.open(&bad).is_none());
        assert!(TicketKey::generate().unwrap().open(&t).is_none(), "another context's key");
        assert!(k.open(&t[..20]).is_none());
        let again = TicketKey::from_blob(&k.blob());
        assert_eq!(&again.open(&t).unwrap()[..], b"state");
    }
}
