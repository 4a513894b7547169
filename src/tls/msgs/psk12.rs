//! The TLS 1.0-1.2 PSK key exchanges' parts of ServerKeyExchange and
//! ClientKeyExchange (RFC 4279 for PSK, DHE-PSK and RSA-PSK, RFC 5489 for
//! ECDHE-PSK), and the premaster secret they make. What follows the hint
//! or the identity is the key exchange's own message (ServerDHParams,
//! ServerECDHParams, dh_Yc, the ECDH point, the encrypted premaster),
//! parsed by `tls12` as for the suites without a PSK.

use crate::tls::alert::AlertDescription;
use crate::tls::codec::{Reader, Writer};
use crate::tls::{Error, Reason};
use zeroize::Zeroizing;

/// PSK_MAX_IDENTITY_LEN (ssl.h): the longest identity or hint OpenSSL takes.
pub const MAX_IDENTITY_LEN: usize = 256;

/// `psk_identity_hint<0..2^16-1>` at the start of a ServerKeyExchange, and
/// what follows it. OpenSSL's tls_process_ske_psk_preamble: a bad length
/// is decode_error LENGTH_MISMATCH, a hint over PSK_MAX_IDENTITY_LEN
/// handshake_failure DATA_LENGTH_TOO_LONG.
pub fn split_hint(body: &[u8]) -> Result<(&[u8], Reader<'_>), Error> {
    split_vec16(body, "psk_identity_hint")
}

/// `psk_identity<0..2^16-1>` at the start of a ClientKeyExchange, and what
/// follows it, with OpenSSL's errors (tls_process_cke_psk_preamble), as
/// for the hint.
pub fn split_identity(body: &[u8]) -> Result<(&[u8], &[u8]), Error> {
    let (identity, mut rest) = split_vec16(body, "psk_identity")?;
    Ok((identity, rest.rest()))
}

fn split_vec16<'a>(body: &'a [u8], what: &'static str) -> Result<(&'a [u8], Reader<'a>), Error> {
    let mut r = Reader::new(body);
    let v = r.vec16().map_err(|_| Error::decode(what).with_reason(Reason::LENGTH_MISMATCH))?;
    if v.len() > MAX_IDENTITY_LEN {
        return Err(Error::new(AlertDescription::HandshakeFailure, Reason::DATA_LENGTH_TOO_LONG, what));
    }
    Ok((v, r))
}

/// ServerKeyExchange of a PSK suite: the hint, then `params` (empty for
/// PSK and RSA-PSK). Unsigned: aPSK has no certificate, and RSA-PSK's
/// certificate only decrypts (RFC 4279 4: "not signed").
pub fn encode_server_key_exchange(hint: &[u8], params: &[u8]) -> Vec<u8> {
    super::frame(super::tls12::SERVER_KEY_EXCHANGE, |w| {
        w.vec16(|w| w.bytes(hint));
        w.bytes(params);
    })
}

/// ClientKeyExchange of a PSK suite: the identity, then the key
/// exchange's part (`exchange`, already length-prefixed; empty for PSK).
pub fn encode_client_key_exchange(identity: &[u8], exchange: &[u8]) -> Vec<u8> {
    super::frame(super::tls12::CLIENT_KEY_EXCHANGE, |w| {
        w.vec16(|w| w.bytes(identity));
        w.bytes(exchange);
    })
}

/// The premaster secret (RFC 4279 2): `other_secret<0..2^16-1>` and
/// `psk<0..2^16-1>`, where other_secret is the (EC)DH or RSA secret, or
/// for plain PSK as many zero bytes as the key is long.
pub fn premaster(other_secret: Option<&[u8]>, psk: &[u8]) -> Zeroizing<Vec<u8>> {
    let zeros = Zeroizing::new(vec![0u8; psk.len()]);
    let other = other_secret.unwrap_or(&zeros);
    let mut w = Writer::new();
    w.vec16(|w| w.bytes(other));
    w.vec16(|w| w.bytes(psk));
    Zeroizing::new(w.buf)
}

/// A byte string as OpenSSL's PACKET_strndup keeps it: up to the first NUL.
pub fn c_string_bytes(v: &[u8]) -> Vec<u8> {
    v.iter().copied().take_while(|b| *b != 0).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_psk_premaster_is_zeros_then_key() {
        // RFC 4279 2: "the premaster secret is formed as follows: if the PSK
        // is N octets long, concatenate a uint16 with the value N, N zero
        // octets, a second uint16 with the value N, and the PSK itself."
        assert_eq!(&premaster(None, &[0xaa, 0xbb])[..], &[0, 2, 0, 0, 0, 2, 0xaa, 0xbb]);
        assert_eq!(&premaster(Some(&[1, 2, 3]), &[9])[..], &[0, 3, 1, 2, 3, 0, 1, 9]);
    }

    #[test]
    fn identity_and_hint_bounds() {
        let (id, rest) = split_identity(&[0, 2, b'i', b'd', 7, 8]).unwrap();
        assert_eq!((id, rest), (&b"id"[..], &[7u8, 8][..]));
        let e = split_identity(&[0, 3, b'i']).unwrap_err();
        assert_eq!((e.alert, e.reason), (Some(AlertDescription::DecodeError), Reason::LENGTH_MISMATCH as i32));
        let mut long = vec![1u8, 1];
        long.extend([b'a'; 257]);
        let e = split_hint(&long).err().unwrap();
        assert_eq!((e.alert, e.reason), (Some(AlertDescription::HandshakeFailure), Reason::DATA_LENGTH_TOO_LONG as i32));
        assert_eq!(c_string_bytes(b"ab\0cd"), b"ab");
    }
}
