//! TLS 1.0-1.2 handshake messages (RFC 5246 section 7.4, RFC 8422 for
//! ECDHE, RFC 5077 for NewSessionTicket): the ones TLS 1.3 does not have or
//! frames differently. Before TLS 1.2 signatures carry no
//! SignatureAndHashAlgorithm and CertificateRequest no
//! supported_signature_algorithms (RFC 4346 7.4.3, 7.4.4): `with_sigalgs`
//! says which form a message takes.

use super::certificate::{parse_u16_list, parse_distinguished_names};
use crate::tls::codec::Reader;
use crate::tls::{Error, Reason};

pub const HELLO_REQUEST: u8 = 0;
pub const SERVER_KEY_EXCHANGE: u8 = 12;
pub const SERVER_HELLO_DONE: u8 = 14;
pub const CLIENT_KEY_EXCHANGE: u8 = 16;
/// CertificateStatus (RFC 6066 section 8): the stapled OCSP response.
pub const CERTIFICATE_STATUS: u8 = 22;

/// ECCurveType named_curve (RFC 8422 section 5.4).
const NAMED_CURVE: u8 = 3;

/// A TLS 1.2 Certificate: `ASN.1Cert certificate_list<0..2^24-1>`.
pub fn parse_certificate(body: &[u8]) -> Result<Vec<Vec<u8>>, Error> {
    let mut r = Reader::new(body);
    let mut list = Reader::new(r.vec24()?);
    r.finish()?;
    let mut chain = Vec::new();
    while !list.is_empty() {
        let cert = list.vec24()?;
        if cert.is_empty() {
            return Err(Error::decode("empty certificate"));
        }
        chain.push(cert.to_vec());
    }
    Ok(chain)
}

pub fn encode_certificate(chain: &[Vec<u8>]) -> Vec<u8> {
    super::frame(super::CERTIFICATE, |w| {
        w.vec24(|w| {
            for c in chain {
                w.vec24(|w| w.bytes(c));
            }
        })
    })
}

/// ServerKeyExchange for ECDHE: the named curve, the server's point, and
/// the signature over client_random || server_random || params.
pub struct ServerKeyExchange<'a> {
    pub group: u16,
    pub public: &'a [u8],
    /// The ServerECDHParams bytes the signature covers.
    pub params: &'a [u8],
    /// The signature scheme; None before TLS 1.2.
    pub scheme: Option<u16>,
    pub signature: &'a [u8],
}

impl<'a> ServerKeyExchange<'a> {
    pub fn parse(body: &'a [u8], with_sigalgs: bool) -> Result<Self, Error> {
        let mut r = Reader::new(body);
        let (group, public) = parse_ecdh_params(&mut r)?;
        let params = &body[..body.len() - r.remaining()];
        let (scheme, signature) = parse_signature(&mut r, with_sigalgs)?;
        Ok(ServerKeyExchange { group, public, params, scheme, signature })
    }

    /// The ServerECDHParams of `group` and `public`.
    pub fn encode_params(group: u16, public: &[u8]) -> Vec<u8> {
        let mut w = crate::tls::codec::Writer::new();
        w.u8(NAMED_CURVE);
        w.u16(group);
        w.vec8(|w| w.bytes(public));
        w.buf
    }

    /// ServerKeyExchange: the params, then the signature, with its scheme
    /// from TLS 1.2 on (`scheme` None before).
    pub fn encode(params: &[u8], scheme: Option<u16>, signature: &[u8]) -> Vec<u8> {
        super::frame(SERVER_KEY_EXCHANGE, |w| {
            w.bytes(params);
            if let Some(scheme) = scheme {
                w.u16(scheme);
            }
            w.vec16(|w| w.bytes(signature));
        })
    }
}

/// ServerECDHParams (RFC 8422 5.4): a named curve and the server's point.
pub fn parse_ecdh_params<'a>(r: &mut Reader<'a>) -> Result<(u16, &'a [u8]), Error> {
    if r.u8()? != NAMED_CURVE {
        return Err(Error::illegal(Reason::WRONG_CURVE, "curve type is not named_curve"));
    }
    let group = r.u16()?;
    let public = r.vec8()?;
    if public.is_empty() {
        return Err(Error::decode("empty ECDH point"));
    }
    Ok((group, public))
}

/// ServerDHParams (RFC 5246 7.4.3): dh_p, dh_g, dh_Ys, each <1..2^16-1>;
/// malformed lengths are OpenSSL's decode_error, LENGTH_MISMATCH.
pub fn parse_dh_params<'a>(r: &mut Reader<'a>) -> Result<(&'a [u8], &'a [u8], &'a [u8]), Error> {
    let mismatch = |_| Error::decode("ServerDHParams").with_reason(Reason::LENGTH_MISMATCH);
    let p = r.vec16().map_err(mismatch)?;
    let g = r.vec16().map_err(mismatch)?;
    let public = r.vec16().map_err(mismatch)?;
    Ok((p, g, public))
}

/// ServerSRPParams (RFC 5054 2.6): srp_N, srp_g, srp_B <1..2^16-1> and
/// srp_s <1..2^8-1>; malformed lengths are OpenSSL's decode_error,
/// LENGTH_MISMATCH.
pub struct SrpParams<'a> {
    pub n: &'a [u8],
    pub g: &'a [u8],
    pub salt: &'a [u8],
    pub public: &'a [u8],
}

impl<'a> SrpParams<'a> {
    pub fn parse(r: &mut Reader<'a>) -> Result<Self, Error> {
        let mismatch = |_| Error::decode("ServerSRPParams").with_reason(Reason::LENGTH_MISMATCH);
        let n = r.vec16().map_err(mismatch)?;
        let g = r.vec16().map_err(mismatch)?;
        let salt = r.vec8().map_err(mismatch)?;
        let public = r.vec16().map_err(mismatch)?;
        Ok(SrpParams { n, g, salt, public })
    }

    pub fn encode(&self) -> Vec<u8> {
        let mut w = crate::tls::codec::Writer::new();
        w.vec16(|w| w.bytes(self.n));
        w.vec16(|w| w.bytes(self.g));
        w.vec8(|w| w.bytes(self.salt));
        w.vec16(|w| w.bytes(self.public));
        w.buf
    }
}

/// A digitally-signed element: [SignatureAndHashAlgorithm] and
/// signature<0..2^16-1>, the last thing in its message.
fn parse_signature<'a>(r: &mut Reader<'a>, with_sigalgs: bool) -> Result<(Option<u16>, &'a [u8]), Error> {
    let scheme = if with_sigalgs { Some(r.u16()?) } else { None };
    let signature = r.vec16()?;
    r.finish()?;
    Ok((scheme, signature))
}

/// The signature that ends a ServerKeyExchange (reader after the params).
pub fn parse_trailing_signature<'a>(r: &mut Reader<'a>, with_sigalgs: bool) -> Result<(Option<u16>, &'a [u8]), Error> {
    parse_signature(r, with_sigalgs)
}

/// A CertificateVerify before TLS 1.2: the signature alone.
pub fn parse_legacy_certificate_verify(body: &[u8]) -> Result<&[u8], Error> {
    let mut r = Reader::new(body);
    Ok(parse_signature(&mut r, false)?.1)
}

/// ServerKeyExchange for DHE: ServerDHParams (dh_p, dh_g, dh_Ys, each
/// <1..2^16-1>) and the signature over the randoms and params (RFC 5246
/// 7.4.3). Malformed lengths are OpenSSL's decode_error, LENGTH_MISMATCH.
pub struct DheServerKeyExchange<'a> {
    pub p: &'a [u8],
    pub g: &'a [u8],
    pub public: &'a [u8],
    /// The ServerDHParams bytes the signature covers.
    pub params: &'a [u8],
    /// The signature scheme; None before TLS 1.2.
    pub scheme: Option<u16>,
    pub signature: &'a [u8],
}

impl<'a> DheServerKeyExchange<'a> {
    pub fn parse(body: &'a [u8], with_sigalgs: bool) -> Result<Self, Error> {
        let mut r = Reader::new(body);
        let (p, g, public) = parse_dh_params(&mut r)?;
        let params = &body[..body.len() - r.remaining()];
        let (scheme, signature) = parse_signature(&mut r, with_sigalgs)?;
        Ok(DheServerKeyExchange { p, g, public, params, scheme, signature })
    }

    /// The ServerDHParams of p, g and our public value.
    pub fn encode_params(p: &[u8], g: &[u8], public: &[u8]) -> Vec<u8> {
        let mut w = crate::tls::codec::Writer::new();
        w.vec16(|w| w.bytes(p));
        w.vec16(|w| w.bytes(g));
        w.vec16(|w| w.bytes(public));
        w.buf
    }
}

/// ClientKeyExchange for DHE: dh_Yc<1..2^16-1> (RFC 5246 7.4.7.2), with
/// OpenSSL's errors: a length that does not match is
/// DH_PUBLIC_VALUE_LENGTH_IS_WRONG, an empty value MISSING_TMP_DH_KEY.
pub fn parse_dhe_client_key_exchange(body: &[u8]) -> Result<&[u8], Error> {
    let wrong = || Error::decode("dh_Yc length").with_reason(Reason::DH_PUBLIC_VALUE_LENGTH_IS_WRONG);
    let mut r = Reader::new(body);
    let y = r.vec16().map_err(|_| wrong())?;
    r.finish().map_err(|_| wrong())?;
    if y.is_empty() {
        return Err(Error::decode("empty dh_Yc").with_reason(Reason::MISSING_TMP_DH_KEY));
    }
    Ok(y)
}

/// What a ServerKeyExchange signature covers (RFC 8422 section 5.4).
pub fn signed_params(client_random: &[u8; 32], server_random: &[u8; 32], params: &[u8]) -> Vec<u8> {
    let mut m = Vec::with_capacity(64 + params.len());
    m.extend_from_slice(client_random);
    m.extend_from_slice(server_random);
    m.extend_from_slice(params);
    m
}

/// ClientKeyExchange for ECDHE: the client's point (RFC 8422 5.7).
pub fn parse_client_key_exchange(body: &[u8]) -> Result<&[u8], Error> {
    let mut r = Reader::new(body);
    let point = r.vec8()?;
    r.finish()?;
    if point.is_empty() {
        return Err(Error::decode("empty ECDH point"));
    }
    Ok(point)
}

/// CertificateRequest: certificate types, signature algorithms (TLS 1.2;
/// `with_sigalgs`), CA names.
pub struct CertificateRequest12 {
    pub cert_types: Vec<u8>,
    pub sigalgs: Vec<u16>,
    pub ca_names: Vec<Vec<u8>>,
    pub with_sigalgs: bool,
}

/// ClientCertificateType rsa_sign, dss_sign and ecdsa_sign: what OpenSSL
/// 3.0 asks for (ssl3_get_req_cert_type), matching the RSA, DSA and ECDSA
/// schemes our signature_algorithms list offers.
pub const CERT_TYPES: [u8; 3] = [1, 2, 64];

impl CertificateRequest12 {
    pub fn parse(body: &[u8], with_sigalgs: bool) -> Result<Self, Error> {
        let mut r = Reader::new(body);
        let cert_types = r.vec8()?.to_vec();
        if cert_types.is_empty() {
            return Err(Error::decode("certificate_types"));
        }
        // Both lists keep their length prefix for the shared list parsers.
        let mut sigalgs = Vec::new();
        if with_sigalgs {
            let at = body.len() - r.remaining();
            let sig_block = r.vec16()?;
            sigalgs = parse_u16_list(&body[at..at + 2 + sig_block.len()])?;
        }
        let at = body.len() - r.remaining();
        let names = r.vec16()?;
        r.finish()?;
        let ca_names = if names.is_empty() { Vec::new() } else { parse_distinguished_names(&body[at..])? };
        Ok(CertificateRequest12 { cert_types, sigalgs, ca_names, with_sigalgs })
    }

    pub fn encode(&self) -> Vec<u8> {
        super::frame(super::CERTIFICATE_REQUEST, |w| {
            w.vec8(|w| w.bytes(&self.cert_types));
            if self.with_sigalgs {
                w.vec16(|w| self.sigalgs.iter().for_each(|s| w.u16(*s)));
            }
            w.vec16(|w| {
                for n in &self.ca_names {
                    w.vec16(|w| w.bytes(n));
                }
            });
        })
    }
}

/// RFC 5077 NewSessionTicket: lifetime hint and ticket.
pub fn parse_new_session_ticket(body: &[u8]) -> Result<(u32, Vec<u8>), Error> {
    let mut r = Reader::new(body);
    let lifetime = r.u32()?;
    let ticket = r.vec16()?.to_vec();
    r.finish()?;
    Ok((lifetime, ticket))
}

pub fn encode_new_session_ticket(lifetime: u32, ticket: &[u8]) -> Vec<u8> {
    super::frame(super::NEW_SESSION_TICKET, |w| {
        w.u32(lifetime);
        w.vec16(|w| w.bytes(ticket));
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn server_key_exchange_round_trip() {
        let params = ServerKeyExchange::encode_params(29, &[9; 32]);
        let msg = ServerKeyExchange::encode(&params, Some(0x0403), &[1, 2, 3]);
        let ske = ServerKeyExchange::parse(&msg[4..], true).unwrap();
        assert_eq!((ske.group, ske.public, ske.params, ske.scheme, ske.signature), (29, &[9u8; 32][..], &params[..], Some(0x0403), &[1u8, 2, 3][..]));
        // Before TLS 1.2: no scheme; either form read as the other fails.
        let legacy = ServerKeyExchange::encode(&params, None, &[1, 2, 3]);
        assert_eq!(legacy.len() + 2, msg.len());
        let ske = ServerKeyExchange::parse(&legacy[4..], false).unwrap();
        assert_eq!((ske.scheme, ske.signature), (None, &[1u8, 2, 3][..]));
        assert!(ServerKeyExchange::parse(&legacy[4..], true).is_err());
        assert!(ServerKeyExchange::parse(&msg[4..], false).is_err());
    }

    #[test]
    fn rejects_truncated_or_trailing_server_key_exchange() {
        let params = ServerKeyExchange::encode_params(23, &[4; 65]);
        let msg = ServerKeyExchange::encode(&params, Some(0x0403), &[1, 2, 3]);
        assert!(ServerKeyExchange::parse(&msg[4..msg.len() - 1], true).is_err());
        let mut long = msg[4..].to_vec();
        long.push(0);
        assert!(ServerKeyExchange::parse(&long, true).is_err());
    }

    #[test]
    fn rejects_explicit_curve() {
        let e = ServerKeyExchange::parse(&[1, 0, 23, 1, 4, 4, 3, 0, 0], true).err().unwrap();
        assert_eq!(e.reason, Reason::WRONG_CURVE as i32);
    }

    #[test]
    fn certificate_request_round_trip() {
        let cr = CertificateRequest12 { cert_types: CERT_TYPES.to_vec(), sigalgs: vec![0x0403, 0x0804], ca_names: vec![vec![0x30, 0]], with_sigalgs: true };
        let enc = cr.encode();
        let back = CertificateRequest12::parse(&enc[4..], true).unwrap();
        assert_eq!((back.cert_types, back.sigalgs, back.ca_names), (cr.cert_types.clone(), cr.sigalgs.clone(), cr.ca_names.clone()));
        // TLS 1.0/1.1: no signature algorithms.
        let legacy = CertificateRequest12 { with_sigalgs: false, ..cr };
        let enc = legacy.encode();
        let back = CertificateRequest12::parse(&enc[4..], false).unwrap();
        assert_eq!((back.sigalgs.len(), back.ca_names), (0, legacy.ca_names));
        assert!(CertificateRequest12::parse(&enc[4..], true).is_err());
    }

    #[test]
    fn rejects_empty_client_key_exchange_and_trailing_ticket() {
        assert!(parse_client_key_exchange(&[0]).is_err());
        let nst = encode_new_session_ticket(300, b"tkt");
        assert_eq!(parse_new_session_ticket(&nst[4..]).unwrap(), (300, b"tkt".to_vec()));
        let mut long = nst[4..].to_vec();
        long.push(1);
        assert!(parse_new_session_ticket(&long).is_err());
    }

    #[test]
    fn certificate_list_round_trip_and_empty() {
        let enc = encode_certificate(&[vec![1, 2], vec![3]]);
        assert_eq!(parse_certificate(&enc[4..]).unwrap(), vec![vec![1, 2], vec![3]]);
        assert!(parse_certificate(&[0, 0, 0]).unwrap().is_empty());
        assert!(parse_certificate(&[0, 0, 3, 0, 0, 0]).is_err());
    }
}

/// NextProtocol (NPN): `opaque selected_protocol<0..255>; opaque
/// padding<0..255>`, padded with zeros so the body is a multiple of 32
/// bytes, as OpenSSL's tls_construct_next_proto pads it.
pub fn encode_next_protocol(proto: &[u8]) -> Vec<u8> {
    let padding = 32 - ((proto.len() + 2) % 32);
    super::frame(super::NEXT_PROTOCOL, |w| {
        w.vec8(|w| w.bytes(proto));
        w.vec8(|w| w.bytes(&vec![0u8; padding]));
    })
}

/// A NextProtocol body's protocol (OpenSSL's tls_process_next_proto:
/// anything else is decode_error, SSL_R_LENGTH_MISMATCH).
pub fn parse_next_protocol(body: &[u8]) -> Result<Vec<u8>, Error> {
    let mut r = Reader::new(body);
    let proto = r.vec8()?.to_vec();
    r.vec8()?;
    r.finish()?;
    Ok(proto)
}

/// A server's NPN list: length-prefixed, non-empty names filling the
/// extension (OpenSSL's ssl_next_proto_validate: decode_error, BAD_EXTENSION).
pub fn valid_next_proto_list(list: &[u8]) -> bool {
    let mut r = Reader::new(list);
    while !r.is_empty() {
        match r.vec8() {
            Ok(name) if !name.is_empty() => {}
            _ => return false,
        }
    }
    true
}
