//! ClientHello (what the client sends) and ServerHello / HelloRetryRequest.

use crate::tls::codec::{Reader, Writer};
use crate::tls::extensions::{self as ext, Carrier, Extensions};
use crate::tls::{Error, Reason, TLS1_2_VERSION, TLS1_3_VERSION};
use crate::tls::alert::AlertDescription;

/// SHA-256("HelloRetryRequest"): the ServerHello.random of a HelloRetryRequest
/// (RFC 8446 section 4.1.3).
pub const HRR_RANDOM: [u8; 32] = [
    0xcf, 0x21, 0xad, 0x74, 0xe5, 0x9a, 0x61, 0x11, 0xbe, 0x1d, 0x8c, 0x02, 0x1e, 0x65, 0xb8, 0x91,
    0xc2, 0xa2, 0x11, 0x16, 0x7a, 0xbb, 0x8c, 0x5e, 0x07, 0x9e, 0x09, 0xe2, 0xc8, 0xa8, 0x33, 0x9c,
];

/// The PSK offered in a ClientHello (one identity, as OpenSSL's client sends).
pub struct OfferedPsk<'a> {
    pub identity: &'a [u8],
    pub obfuscated_age: u32,
    pub binder_len: usize,
}

pub struct ClientHello<'a> {
    pub random: [u8; 32],
    pub session_id: &'a [u8],
    pub suites: &'a [u16],
    pub server_name: Option<&'a str>,
    /// The groups to name; empty: neither supported_groups nor
    /// ec_point_formats is sent.
    pub groups: &'a [u16],
    pub sigalgs: &'a [u16],
    /// (group, public key) pairs.
    pub key_shares: &'a [(u16, &'a [u8])],
    pub alpn: &'a [u8],
    pub cookie: Option<&'a [u8]>,
    /// psk_ke = 0, psk_dhe_ke = 1.
    pub psk_modes: &'a [u8],
    pub psk: Option<OfferedPsk<'a>>,
    /// status_request (OCSP stapling, RFC 6066 section 8) with no responder
    /// ids or extensions, as OpenSSL sends it.
    pub status_request: bool,
    /// post_handshake_auth (RFC 8446 4.2.6), empty.
    pub post_handshake_auth: bool,
    /// supported_versions, highest first; empty when only TLS 1.2 is
    /// offered, and then none of TLS 1.3's extensions are sent.
    pub versions: &'a [u16],
    /// session_ticket (RFC 5077): Some(ticket or empty), None to omit it
    /// (`SSL_OP_NO_TICKET`).
    pub ticket: Option<&'a [u8]>,
    /// extended_master_secret (RFC 7627); off with SSL_OP_NO_EXTENDED_MASTER_SECRET.
    pub ems: bool,
    /// encrypt_then_mac (RFC 7366); off with SSL_OP_NO_ENCRYPT_THEN_MAC.
    pub etm: bool,
    /// Our best version up to TLS 1.2 (RFC 8446 4.1.2: 0x0303 with TLS
    /// 1.3). Below TLS 1.2, signature_algorithms is not sent (OpenSSL's
    /// SSL_CLIENT_USE_SIGALGS).
    pub legacy_version: u16,
    /// srp (RFC 5054 2.8.1): the SRP username, when SRP suites are offered.
    pub srp_username: Option<&'a [u8]>,
    /// A renegotiation's renegotiation_info: the previous client
    /// verify_data (RFC 5746 3.5); an initial hello sends the SCSV instead.
    pub renegotiation_info: Option<&'a [u8]>,
    /// compress_certificate (RFC 8879), TLS 1.3 only: the algorithms we
    /// accept compressed certificates in; empty: not sent.
    pub compress_certificate: &'a [u16],
    /// client_certificate_type / server_certificate_type (RFC 7250), TLS
    /// 1.3 only: the types we can send and accept; empty: not sent.
    pub client_cert_types: &'a [u8],
    pub server_cert_types: &'a [u8],
    /// next_protocol_negotiation, empty: the application selects a
    /// protocol from the server's list (`SSL_CTX_set_next_proto_select_cb`).
    pub npn: bool,
    /// `SSL_OP_TLSEXT_PADDING`: the padding extension (RFC 7685) brings a
    /// hello of 256 to 511 bytes to 512, for F5 terminators (OpenSSL's
    /// tls_construct_ctos_padding); `padding_counts_psk`: the PSK is a
    /// resumption ticket, which OpenSSL counts in the length.
    pub padding: bool,
    pub padding_counts_psk: bool,
    /// certificate_authorities (RFC 8446 4.2.4), TLS 1.3 only: DER names;
    /// empty: not sent.
    pub ca_names: &'a [Vec<u8>],
    /// signed_certificate_timestamp (RFC 6962 3.3.1), empty: Certificate
    /// Transparency is enabled (`SSL_CTX_enable_ct`).
    pub sct: bool,
    /// The application's extensions, written first as OpenSSL does.
    pub app_extensions: &'a [(u16, Vec<u8>)],
}

impl ClientHello<'_> {
    /// Encodes the whole handshake message. With a PSK the binder is zeros,
    /// to be filled in by the caller over the truncated message; the binders
    /// list is the last `binders_len()` bytes.
    pub fn encode(&self) -> Vec<u8> {
        let msg = self.encode_padded(None);
        if !self.padding {
            return msg;
        }
        // The length OpenSSL measures: the message so far, and the PSK
        // extension after it when it is a ticket's.
        let psk_len = self.psk.as_ref().map_or(0, |p| 15 + p.identity.len() + p.binder_len);
        let hlen = msg.len() - if self.padding_counts_psk { 0 } else { psk_len };
        if hlen > 0xff && hlen < 0x200 {
            let pad = 0x200 - hlen;
            // Not less than one byte: an empty last extension upsets WebSphere.
            return self.encode_padded(Some(if pad > 4 { pad - 4 } else { 1 }));
        }
        msg
    }

    fn encode_padded(&self, padding: Option<usize>) -> Vec<u8> {
        super::frame(super::CLIENT_HELLO, |w| {
            w.u16(self.legacy_version);
            w.bytes(&self.random);
            w.vec8(|w| w.bytes(self.session_id));
            w.vec16(|w| self.suites.iter().for_each(|s| w.u16(*s)));
            w.vec8(|w| w.u8(0)); // null compression only
            w.vec16(|w| self.encode_extensions(w, padding));
        })
    }

    fn encode_extensions(&self, w: &mut Writer, padding: Option<usize>) {
        let ext = |w: &mut Writer, ty: u16, body: &dyn Fn(&mut Writer)| {
            w.u16(ty);
            w.vec16(body);
        };
        crate::tls::custom_ext::write(w, self.app_extensions);
        // Then ours, as OpenSSL's extension table orders them.
        if let Some(verify_data) = self.renegotiation_info {
            ext(w, ext::RENEGOTIATION_INFO, &|w| w.vec8(|w| w.bytes(verify_data)));
        }
        if let Some(name) = self.server_name {
            ext(w, ext::SERVER_NAME, &|w| {
                w.vec16(|w| {
                    w.u8(0); // host_name
                    w.vec16(|w| w.bytes(name.as_bytes()));
                })
            });
        }
        if let Some(user) = self.srp_username {
            ext(w, ext::SRP, &|w| w.vec8(|w| w.bytes(user)));
        }
        // Both curve extensions go only with curves to name (OpenSSL's use_ecc).
        if !self.groups.is_empty() {
            ext(w, ext::EC_POINT_FORMATS, &|w| w.vec8(|w| w.u8(0)));
        }
        if self.status_request {
            ext(w, ext::STATUS_REQUEST, &|w| {
                w.u8(1); // status_type ocsp
                w.u16(0); // responder_id_list
                w.u16(0); // request_extensions
            });
        }
        if !self.groups.is_empty() {
            ext(w, ext::SUPPORTED_GROUPS, &|w| w.vec16(|w| self.groups.iter().for_each(|g| w.u16(*g))));
        }
        if let Some(t) = self.ticket {
            ext(w, ext::SESSION_TICKET, &|w| w.bytes(t));
        }
        if self.npn {
            ext(w, ext::NEXT_PROTO_NEG, &|_| {});
        }
        if !self.alpn.is_empty() {
            ext(w, ext::ALPN, &|w| w.vec16(|w| w.bytes(self.alpn)));
        }
        if self.etm {
            ext(w, ext::ENCRYPT_THEN_MAC, &|_| {});
        }
        if self.sct {
            ext(w, ext::SCT, &|_| {});
        }
        if self.ems {
            ext(w, ext::EXTENDED_MASTER_SECRET, &|_| {});
        }
        if self.legacy_version >= TLS1_2_VERSION {
            ext(w, ext::SIGNATURE_ALGORITHMS, &|w| w.vec16(|w| self.sigalgs.iter().for_each(|s| w.u16(*s))));
        }
        if self.versions.is_empty() {
            return;
        }
        ext(w, ext::SUPPORTED_VERSIONS, &|w| w.vec8(|w| self.versions.iter().for_each(|v| w.u16(*v))));
        if self.post_handshake_auth {
            ext(w, ext::POST_HANDSHAKE_AUTH, &|_| {});
        }
        if !self.client_cert_types.is_empty() {
            ext(w, ext::CLIENT_CERTIFICATE_TYPE, &|w| crate::tls::cert_types::encode_offered(w, self.client_cert_types));
        }
        if !self.server_cert_types.is_empty() {
            ext(w, ext::SERVER_CERTIFICATE_TYPE, &|w| crate::tls::cert_types::encode_offered(w, self.server_cert_types));
        }
        if let Some(cookie) = self.cookie {
            ext(w, ext::COOKIE, &|w| w.vec16(|w| w.bytes(cookie)));
        }
        ext(w, ext::PSK_KEY_EXCHANGE_MODES, &|w| w.vec8(|w| w.bytes(self.psk_modes)));
        if !self.ca_names.is_empty() {
            ext(w, ext::CERTIFICATE_AUTHORITIES, &|w| w.vec16(|w| self.ca_names.iter().for_each(|n| w.vec16(|w| w.bytes(n)))));
        }
        ext(w, ext::KEY_SHARE, &|w| {
            w.vec16(|w| {
                for (g, k) in self.key_shares {
                    w.u16(*g);
                    w.vec16(|w| w.bytes(k));
                }
            })
        });
        if !self.compress_certificate.is_empty() {
            ext(w, ext::COMPRESS_CERTIFICATE, &|w| crate::tls::cert_compression::encode_extension(w, self.compress_certificate));
        }
        // Padding second to last, before the PSK.
        if let Some(n) = padding {
            ext(w, ext::PADDING, &|w| w.bytes(&vec![0u8; n]));
        }
        // pre_shared_key "MUST be the last extension in the ClientHello"
        // (RFC 8446 section 4.2.11).
        if let Some(psk) = &self.psk {
            ext(w, ext::PRE_SHARED_KEY, &|w| {
                w.vec16(|w| {
                    w.vec16(|w| w.bytes(psk.identity));
                    w.u32(psk.obfuscated_age);
                });
                w.vec16(|w| w.vec8(|w| w.bytes(&vec![0u8; psk.binder_len])));
            });
        }
    }
}

/// Length of the binders list at the end of a ClientHello with one binder.
pub fn binders_len(binder_len: usize) -> usize {
    2 + 1 + binder_len
}

/// A ServerHello or HelloRetryRequest as the client reads it.
pub struct ServerHello<'a> {
    pub is_hrr: bool,
    pub random: [u8; 32],
    pub session_id: &'a [u8],
    pub suite: u16,
    pub extensions: Extensions<'a>,
    /// The negotiated version: supported_versions' (TLS 1.3), else legacy_version.
    pub version: u16,
    pub compression: u8,
}

impl<'a> ServerHello<'a> {
    /// Parses the body (after the 4-byte handshake header).
    pub fn parse(body: &'a [u8], solicited: &dyn Fn(u16) -> bool) -> Result<Self, Error> {
        let mut r = Reader::new(body);
        let (legacy_version, random, session_id) = hello_prefix(&mut r, false)?;
        let suite = r.u16()?;
        let compression = r.u8()?;
        let is_hrr = random == HRR_RANDOM;
        let block = if r.is_empty() { &[][..] } else { r.vec16()? };
        r.finish()?;
        // The version decides how the rest is read, so it is found first.
        let selected = match raw_extension(block, ext::SUPPORTED_VERSIONS)? {
            Some(b) => {
                let mut er = Reader::new(b);
                let v = er.u16()?;
                er.finish()?;
                Some(v)
            }
            None => None,
        };
        let version = match selected {
            // RFC 8446 section 4.1.3: with TLS 1.3, legacy_version MUST be
            // 0x0303 and legacy_compression_method 0.
            Some(TLS1_3_VERSION) => {
                if legacy_version != TLS1_2_VERSION {
                    return Err(Error::new(AlertDescription::ProtocolVersion, Reason::BAD_LEGACY_VERSION, "legacy_version"));
                }
                TLS1_3_VERSION
            }
            // "a version prior to TLS 1.3": illegal_parameter (4.2.1).
            Some(_) => return Err(Error::illegal(Reason::UNSUPPORTED_PROTOCOL, "supported_versions selects an older version")),
            None if is_hrr => return Err(Error::illegal(Reason::UNSUPPORTED_PROTOCOL, "HelloRetryRequest without supported_versions")),
            None => legacy_version,
        };
        if compression != 0 {
            return Err(Error::illegal(Reason::BAD_DECOMPRESSION, "compression"));
        }
        let carrier = match (is_hrr, version) {
            (true, _) => Carrier::HelloRetryRequest,
            (false, TLS1_3_VERSION) => Carrier::ServerHello,
            _ => Carrier::ServerHello12,
        };
        let extensions = Extensions::parse(block, carrier, solicited)?;
        Ok(ServerHello { is_hrr, random, session_id, suite, extensions, version, compression })
    }
}

/// The fields both hellos start with: legacy_version, random and
/// legacy_session_id (at most 32 bytes). A longer id is, as in OpenSSL, a
/// malformed ClientHello (decode_error, SSL_R_LENGTH_MISMATCH) but an
/// illegal ServerHello (illegal_parameter, SSL_R_SSL3_SESSION_ID_TOO_LONG).
fn hello_prefix<'a>(r: &mut Reader<'a>, client_hello: bool) -> Result<(u16, [u8; 32], &'a [u8]), Error> {
    let legacy_version = r.u16()?;
    let mut random = [0u8; 32];
    random.copy_from_slice(r.take(32)?);
    let session_id = r.vec8()?;
    if session_id.len() > 32 {
        return Err(if client_hello {
            Error::decode("legacy_session_id too long").with_reason(Reason::LENGTH_MISMATCH)
        } else {
            Error::illegal(Reason::SSL3_SESSION_ID_TOO_LONG, "legacy_session_id too long")
        });
    }
    Ok((legacy_version, random, session_id))
}

/// Finds one extension in a block without validating the rest.
fn raw_extension(block: &[u8], ty: u16) -> Result<Option<&[u8]>, Error> {
    let mut r = Reader::new(block);
    while !r.is_empty() {
        let t = r.u16()?;
        let body = r.vec16()?;
        if t == ty {
            return Ok(Some(body));
        }
    }
    Ok(None)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sh_body(exts: &[u8]) -> Vec<u8> {
        let mut w = Writer::new();
        w.u16(0x0303);
        w.bytes(&[7; 32]);
        w.vec8(|w| w.bytes(&[1; 32]));
        w.u16(0x1301);
        w.u8(0);
        w.vec16(|w| w.bytes(exts));
        w.buf
    }

    #[test]
    fn parses_server_hello_version() {
        let body = sh_body(&[0, 43, 0, 2, 3, 4]);
        let sh = ServerHello::parse(&body, &|_| true).unwrap();
        assert_eq!(sh.version, TLS1_3_VERSION);
        assert!(!sh.is_hrr);
        assert_eq!(sh.suite, 0x1301);
    }

    #[test]
    fn rejects_server_hello_with_trailing_bytes() {
        let mut body = sh_body(&[0, 43, 0, 2, 3, 4]);
        body.push(0);
        assert!(ServerHello::parse(&body, &|_| true).is_err());
    }

    #[test]
    fn server_hello_without_supported_versions_is_tls12() {
        let body = sh_body(&[0, 23, 0, 0]);
        assert_eq!(ServerHello::parse(&body, &|_| true).unwrap().version, TLS1_2_VERSION);
        // supported_versions may not select TLS 1.2 (RFC 8446 4.2.1).
        let e = ServerHello::parse(&sh_body(&[0, 43, 0, 2, 3, 3]), &|_| true).err().unwrap();
        assert_eq!(e.alert, Some(AlertDescription::IllegalParameter));
        // key_share is not a TLS 1.2 ServerHello extension.
        assert!(ServerHello::parse(&sh_body(&[0, 51, 0, 0]), &|_| true).is_err());
    }

    #[test]
    fn rejects_server_hello_with_long_supported_versions() {
        let body = sh_body(&[0, 43, 0, 3, 3, 4, 0]);
        assert!(ServerHello::parse(&body, &|_| true).is_err());
    }

    #[test]
    fn padding_brings_a_mid_sized_hello_to_512_bytes() {
        let alpn = vec![b'a'; 200];
        let mk = |padding, alpn: &[u8]| {
            ClientHello {
                random: [0; 32],
                session_id: &[],
                suites: &[0x1301],
                server_name: None,
                groups: &[29],
                sigalgs: &[0x0403],
                key_shares: &[(29, &[5; 32])],
                alpn,
                cookie: None,
                psk_modes: &[1],
                psk: None,
                status_request: false,
                post_handshake_auth: false,
                versions: &[TLS1_3_VERSION],
                ticket: None,
                ems: true,
                etm: true,
                legacy_version: TLS1_2_VERSION,
                srp_username: None,
                renegotiation_info: None,
                compress_certificate: &[],
                client_cert_types: &[],
                server_cert_types: &[],
                sct: false,
                npn: false,
                padding,
                padding_counts_psk: false,
                ca_names: &[],
                app_extensions: &[],
            }
            .encode()
        };
        let unpadded = mk(false, &alpn);
        assert!(unpadded.len() > 0xff && unpadded.len() < 0x200);
        let padded = mk(true, &alpn);
        assert_eq!(padded.len(), 0x200);
        assert!(padded.windows(2).any(|w| w == [0, ext::PADDING as u8]));
        // A short hello needs none (RFC 7685 pads only 256..511-byte ones).
        assert_eq!(mk(true, &[]), mk(false, &[]));
    }

    #[test]
    fn client_hello_ends_with_binders() {
        let ch = ClientHello {
            random: [0; 32],
            session_id: &[],
            suites: &[0x1301],
            server_name: Some("example.com"),
            groups: &[29],
            sigalgs: &[0x0403],
            key_shares: &[(29, &[5; 32])],
            alpn: &[],
            cookie: None,
            psk_modes: &[1],
            psk: Some(OfferedPsk { identity: b"id", obfuscated_age: 1, binder_len: 32 }),
            status_request: false,
            post_handshake_auth: false,
            versions: &[TLS1_3_VERSION],
            ticket: Some(&[]),
            ems: true,
            etm: true,
            legacy_version: TLS1_2_VERSION,
            srp_username: None,
            renegotiation_info: None,
            compress_certificate: &[],
            client_cert_types: &[],
            server_cert_types: &[],
            sct: false,
            npn: false,
            padding: false,
            padding_counts_psk: false,
            ca_names: &[],
            app_extensions: &[],
        };
        let enc = ch.encode();
        let tail = &enc[enc.len() - binders_len(32)..];
        assert_eq!(&tail[..3], &[0, 33, 32]);
        assert_eq!(enc[1..4], [0, ((enc.len() - 4) >> 8) as u8, (enc.len() - 4) as u8]);
    }
}

/// A ClientHello as the server reads it. Extension bodies are kept raw and
/// interpreted by the server state machine.
pub struct ClientHelloIn<'a> {
    pub legacy_version: u16,
    pub random: [u8; 32],
    pub session_id: &'a [u8],
    pub suites: Vec<u16>,
    pub compressions: &'a [u8],
    pub extensions: Extensions<'a>,
    /// Offset of the binders list (for the truncated-hello binder hash),
    /// present when the last extension is pre_shared_key.
    pub binders_offset: Option<usize>,
}

impl<'a> ClientHelloIn<'a> {
    /// Parses the body (after the 4-byte header). RFC 8446 section 4.2.11:
    /// pre_shared_key "MUST be the last extension" (illegal_parameter).
    pub fn parse(body: &'a [u8]) -> Result<Self, Error> {
        let mut r = Reader::new(body);
        let (legacy_version, random, session_id) = hello_prefix(&mut r, true)?;
        let suites_raw = r.vec16()?;
        if suites_raw.is_empty() || suites_raw.len() % 2 != 0 {
            return Err(Error::decode("cipher_suites"));
        }
        let suites = suites_raw.chunks(2).map(|c| u16::from_be_bytes([c[0], c[1]])).collect();
        let compressions = r.vec8()?;
        if compressions.is_empty() {
            return Err(Error::decode("legacy_compression_methods"));
        }
        let block = if r.is_empty() { &[][..] } else { r.vec16()? };
        r.finish()?;
        let extensions = Extensions::parse(block, Carrier::ClientHello, &|_| true)?;
        let mut binders_offset = None;
        if let Some(pos) = extensions.list.iter().position(|(t, _)| *t == ext::PRE_SHARED_KEY) {
            if pos != extensions.list.len() - 1 {
                return Err(Error::illegal(Reason::BAD_EXTENSION, "pre_shared_key is not the last extension"));
            }
            // The PSK body is identities<7..2^16-1> then binders<33..2^16-1>;
            // binders end the message.
            let psk = extensions.list[pos].1;
            let mut pr = Reader::new(psk);
            pr.vec16()?;
            let binders_len = pr.remaining();
            // +4: the handshake header precedes the body in the transcript.
            binders_offset = Some(4 + body.len() - binders_len);
        }
        Ok(ClientHelloIn { legacy_version, random, session_id, suites, compressions, extensions, binders_offset })
    }
}

/// PSK identities and binders of a ClientHello's pre_shared_key extension.
pub struct OfferedPsks<'a> {
    pub identities: Vec<(&'a [u8], u32)>,
    pub binders: Vec<&'a [u8]>,
}

impl<'a> OfferedPsks<'a> {
    pub fn parse(body: &'a [u8]) -> Result<Self, Error> {
        let mut r = Reader::new(body);
        let mut ids = Reader::new(r.vec16()?);
        let mut bs = Reader::new(r.vec16()?);
        r.finish()?;
        let mut identities = Vec::new();
        while !ids.is_empty() {
            let id = ids.vec16()?;
            if id.is_empty() {
                return Err(Error::decode("empty PSK identity"));
            }
            identities.push((id, ids.u32()?));
        }
        let mut binders = Vec::new();
        while !bs.is_empty() {
            let b = bs.vec8()?;
            if b.len() < 32 {
                return Err(Error::decode("short binder"));
            }
            binders.push(b);
        }
        if identities.is_empty() || identities.len() != binders.len() {
            return Err(Error::illegal(Reason::BAD_EXTENSION, "PSK identities and binders differ in number"));
        }
        Ok(OfferedPsks { identities, binders })
    }
}

/// A ServerHello or HelloRetryRequest the server sends.
pub struct ServerHelloOut<'a> {
    pub random: [u8; 32],
    pub session_id: &'a [u8],
    pub suite: u16,
    /// (group, public key) for ServerHello; the group alone for HRR.
    pub key_share: Option<(u16, &'a [u8])>,
    pub hrr_group: Option<u16>,
    pub cookie: Option<&'a [u8]>,
    pub psk_identity: Option<u16>,
    /// The application's extensions, written first as OpenSSL does.
    pub app_extensions: &'a [(u16, Vec<u8>)],
}

impl ServerHelloOut<'_> {
    pub fn encode(&self) -> Vec<u8> {
        super::frame(super::SERVER_HELLO, |w| {
            w.u16(TLS1_2_VERSION);
            w.bytes(&self.random);
            w.vec8(|w| w.bytes(self.session_id));
            w.u16(self.suite);
            w.u8(0);
            w.vec16(|w| {
                crate::tls::custom_ext::write(w, self.app_extensions);
                w.u16(ext::SUPPORTED_VERSIONS);
                w.vec16(|w| w.u16(TLS1_3_VERSION));
                if let Some((g, k)) = self.key_share {
                    w.u16(ext::KEY_SHARE);
                    w.vec16(|w| {
                        w.u16(g);
                        w.vec16(|w| w.bytes(k));
                    });
                }
                if let Some(g) = self.hrr_group {
                    w.u16(ext::KEY_SHARE);
                    w.vec16(|w| w.u16(g));
                }
                if let Some(c) = self.cookie {
                    w.u16(ext::COOKIE);
                    w.vec16(|w| w.vec16(|w| w.bytes(c)));
                }
                if let Some(i) = self.psk_identity {
                    w.u16(ext::PRE_SHARED_KEY);
                    w.vec16(|w| w.u16(i));
                }
            });
        })
    }
}

#[cfg(test)]
mod server_side_tests {
    use super::*;

    fn ch(psk_last: bool) -> Vec<u8> {
        let ch = ClientHello {
            random: [1; 32],
            session_id: &[2; 32],
            suites: &[0x1301],
            server_name: Some("a.test"),
            groups: &[29],
            sigalgs: &[0x0403],
            key_shares: &[(29, &[5; 32])],
            alpn: &[],
            cookie: None,
            psk_modes: &[1],
            psk: Some(OfferedPsk { identity: b"ticket", obfuscated_age: 9, binder_len: 32 }),
            status_request: true,
            post_handshake_auth: true,
            versions: &[TLS1_3_VERSION, TLS1_2_VERSION],
            ticket: Some(&[]),
            ems: true,
            etm: true,
            legacy_version: TLS1_2_VERSION,
            srp_username: None,
            renegotiation_info: None,
            compress_certificate: &[],
            client_cert_types: &[],
            server_cert_types: &[],
            sct: false,
            npn: false,
            padding: false,
            padding_counts_psk: false,
            ca_names: &[],
            app_extensions: &[],
        };
        let mut enc = ch.encode();
        if !psk_last {
            // Append an extra extension after pre_shared_key.
            let n = enc.len();
            enc.extend_from_slice(&[0xfa, 0xfa, 0, 0]);
            let ext_len_pos = 4 + 2 + 32 + 1 + 32 + 2 + 2 + 1 + 1;
            let l = u16::from_be_bytes([enc[ext_len_pos], enc[ext_len_pos + 1]]) + 4;
            enc[ext_len_pos..ext_len_pos + 2].copy_from_slice(&l.to_be_bytes());
            let body = (n + 4 - 4) as u32;
            enc[1..4].copy_from_slice(&body.to_be_bytes()[1..]);
        }
        enc
    }

    #[test]
    fn client_hello_round_trip_with_psk() {
        let enc = ch(true);
        let p = ClientHelloIn::parse(&enc[4..]).unwrap();
        assert_eq!(p.suites, vec![0x1301]);
        assert_eq!(p.binders_offset, Some(enc.len() - binders_len(32)));
        let psks = OfferedPsks::parse(p.extensions.get(ext::PRE_SHARED_KEY).unwrap()).unwrap();
        assert_eq!(psks.identities, vec![(&b"ticket"[..], 9)]);
    }

    #[test]
    fn rejects_pre_shared_key_not_last() {
        let enc = ch(false);
        let e = ClientHelloIn::parse(&enc[4..]).err().unwrap();
        assert_eq!(e.alert, Some(AlertDescription::IllegalParameter));
    }

    #[test]
    fn rejects_truncated_client_hello() {
        let enc = ch(true);
        for cut in [5, 40, 80, enc.len() - 1] {
            assert!(ClientHelloIn::parse(&enc[4..cut]).is_err(), "cut at {cut}");
        }
    }

    #[test]
    fn rejects_binder_count_mismatch() {
        // one identity, two binders
        let mut w = Writer::new();
        w.vec16(|w| {
            w.vec16(|w| w.bytes(b"id"));
            w.u32(0);
        });
        w.vec16(|w| {
            w.vec8(|w| w.bytes(&[0; 32]));
            w.vec8(|w| w.bytes(&[0; 32]));
        });
        assert!(OfferedPsks::parse(&w.buf).is_err());
    }
}
