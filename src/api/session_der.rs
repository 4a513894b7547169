//! OpenSSL 3.0's SSL_SESSION ASN.1 layout (ssl/ssl_asn1.c), so a session
//! written by `i2d_SSL_SESSION` here loads in OpenSSL and the reverse:
//!
//! ```text
//! SSL_SESSION_ASN1 ::= SEQUENCE {
//!   version INTEGER (1), ssl_version INTEGER, cipher OCTET STRING (2 bytes),
//!   session_id OCTET STRING, master_key OCTET STRING,
//!   key_arg [0] IMPLICIT OCTET STRING OPTIONAL,
//!   time [1] INTEGER OPTIONAL (0 omitted), timeout [2] INTEGER OPTIONAL,
//!   peer [3] Certificate OPTIONAL, session_id_context [4] OCTET STRING OPTIONAL,
//!   verify_result [5] INTEGER OPTIONAL, hostname [6] OCTET STRING OPTIONAL,
//!   psk_identity_hint [7], psk_identity [8] OCTET STRING OPTIONAL,
//!   tick_lifetime_hint [9] INTEGER OPTIONAL, ticket [10] OCTET STRING OPTIONAL,
//!   comp_id [11] OCTET STRING OPTIONAL, srp_username [12] OCTET STRING OPTIONAL,
//!   flags [13] INTEGER OPTIONAL, tick_age_add [14] INTEGER OPTIONAL,
//!   max_early_data [15] INTEGER OPTIONAL, alpn_selected [16] OCTET STRING OPTIONAL,
//!   max_fragment_len_mode [17] INTEGER OPTIONAL, ticket_appdata [18] OCTET STRING OPTIONAL,
//!   kex_group [19] INTEGER OPTIONAL, peer_rpk [20] OCTET STRING OPTIONAL }
//! (3.0.19 writes kex_group — measured with `openssl asn1parse` — so we do too.)
//! ```
//! Tags [1]..[18] are EXPLICIT. Zero-valued integers are omitted (OpenSSL's
//! ZINT/ZUINT types); parsing is strict DER and rejects trailing bytes.

use crate::tls::session::SessionData;
use crate::tls::suites;

const SESSION_ASN1_VERSION: i64 = 1;

fn len_bytes(n: usize, out: &mut Vec<u8>) {
    if n < 0x80 {
        out.push(n as u8);
    } else {
        let be = n.to_be_bytes();
        let skip = be.iter().take_while(|b| **b == 0).count();
        out.push(0x80 | (be.len() - skip) as u8);
        out.extend_from_slice(&be[skip..]);
    }
}

fn tlv(tag: u8, body: &[u8], out: &mut Vec<u8>) {
    out.push(tag);
    len_bytes(body.len(), out);
    out.extend_from_slice(body);
}

/// A DER INTEGER's contents: minimal two's complement.
fn int_body(v: i64) -> Vec<u8> {
    let be = v.to_be_bytes();
    let mut i = 0;
    while i < 7 && ((be[i] == 0 && be[i + 1] & 0x80 == 0) || (be[i] == 0xff && be[i + 1] & 0x80 != 0)) {
        i += 1;
    }
    be[i..].to_vec()
}

fn explicit(tag: u8, inner_tag: u8, inner: &[u8], out: &mut Vec<u8>) {
    let mut wrapped = Vec::new();
    tlv(inner_tag, inner, &mut wrapped);
    tlv(0xa0 | tag, &wrapped, out);
}

fn explicit_int(tag: u8, v: i64, out: &mut Vec<u8>) {
    if v != 0 {
        explicit(tag, 0x02, &int_body(v), out);
    }
}

/// `i2d_SSL_SESSION`'s bytes; None without a cipher (OpenSSL returns 0).
pub fn encode(d: &SessionData) -> Option<Vec<u8>> {
    let suite = d.suite?;
    let mut body = Vec::new();
    tlv(0x02, &int_body(SESSION_ASN1_VERSION), &mut body);
    tlv(0x02, &int_body(d.version as i64), &mut body);
    tlv(0x04, &suite.iana.to_be_bytes(), &mut body);
    tlv(0x04, &d.session_id, &mut body);
    tlv(0x04, &d.master_key, &mut body);
    explicit_int(1, (d.time_ms / 1000) as i64, &mut body);
    explicit_int(2, d.timeout.min(i64::MAX as u64) as i64, &mut body);
    if let Some(leaf) = d.peer_chain.first() {
        let mut wrapped = Vec::new();
        wrapped.extend_from_slice(leaf);
        tlv(0xa3, &wrapped, &mut body);
    }
    explicit(4, 0x04, &d.sid_ctx, &mut body);
    explicit_int(5, d.verify_result, &mut body);
    if let Some(h) = &d.hostname {
        explicit(6, 0x04, h.as_bytes(), &mut body);
    }
    if let Some(h) = &d.psk_identity_hint {
        explicit(7, 0x04, h, &mut body);
    }
    if let Some(i) = &d.psk_identity {
        explicit(8, 0x04, i, &mut body);
    }
    explicit_int(9, d.ticket_lifetime_hint as i64, &mut body);
    if !d.ticket.is_empty() {
        explicit(10, 0x04, &d.ticket, &mut body);
    }
    if let Some(u) = &d.srp_username {
        explicit(12, 0x04, u, &mut body);
    }
    // flags: SSL_SESS_FLAG_EXTMS (0x1) for an extended master secret.
    explicit_int(13, d.extended_master_secret as i64, &mut body);
    explicit_int(14, d.ticket_age_add as i64, &mut body);
    explicit_int(15, d.max_early_data as i64, &mut body);
    if !d.alpn_selected.is_empty() {
        explicit(16, 0x04, &d.alpn_selected, &mut body);
    }
    // kex_group is a plain UINT32: written even when 0.
    explicit(19, 0x02, &int_body(d.kex_group as i64), &mut body);
    let mut out = Vec::with_capacity(body.len() + 4);
    tlv(0x30, &body, &mut out);
    Some(out)
}

struct Der<'a> {
    buf: &'a [u8],
}

impl<'a> Der<'a> {
    fn peek_tag(&self) -> Option<u8> {
        self.buf.first().copied()
    }

    /// The next TLV: (tag, contents, whole encoding).
    fn next(&mut self) -> Option<(u8, &'a [u8], &'a [u8])> {
        let start = self.buf;
        let (&tag, rest) = self.buf.split_first()?;
        let (&first, mut rest) = rest.split_first()?;
        let len = if first < 0x80 {
            first as usize
        } else {
            let n = (first & 0x7f) as usize;
            if n == 0 || n > 4 || rest.len() < n || rest[0] == 0 {
                return None;
            }
            let l = rest[..n].iter().fold(0usize, |a, b| (a << 8) | *b as usize);
            if l < 0x80 {
                return None; // not minimal
            }
            rest = &rest[n..];
            l
        };
        if rest.len() < len {
            return None;
        }
        let whole_len = start.len() - rest.len() + len;
        self.buf = &rest[len..];
        Some((tag, &rest[..len], &start[..whole_len]))
    }

    fn expect(&mut self, tag: u8) -> Option<&'a [u8]> {
        let (t, body, _) = self.next()?;
        (t == tag).then_some(body)
    }

    fn int(body: &[u8]) -> Option<i64> {
        if body.is_empty() || body.len() > 8 || (body.len() > 1 && ((body[0] == 0 && body[1] & 0x80 == 0) || (body[0] == 0xff && body[1] & 0x80 != 0))) {
            return None;
        }
        let neg = body[0] & 0x80 != 0;
        Some(body.iter().fold(if neg { -1i64 } else { 0 }, |a, b| (a << 8) | *b as i64))
    }

    /// An explicit [tag] wrapper around one inner TLV of `inner_tag`, if present.
    fn explicit(&mut self, tag: u8, inner_tag: u8) -> Option<Option<&'a [u8]>> {
        if self.peek_tag() != Some(0xa0 | tag) {
            return Some(None);
        }
        let body = self.expect(0xa0 | tag)?;
        let mut inner = Der { buf: body };
        let v = inner.expect(inner_tag)?;
        inner.buf.is_empty().then_some(Some(v))
    }

    fn explicit_int(&mut self, tag: u8) -> Option<i64> {
        match self.explicit(tag, 0x02)? {
            Some(b) => Der::int(b),
            None => Some(0),
        }
    }
}

/// `d2i_SSL_SESSION`: the session and how many bytes it took; None for
/// anything that is not an OpenSSL 3.0 session of a suite we know.
pub fn decode(input: &[u8]) -> Option<(SessionData, usize)> {
    let mut outer = Der { buf: input };
    let (tag, body, whole) = outer.next()?;
    if tag != 0x30 {
        return None;
    }
    let mut r = Der { buf: body };
    if Der::int(r.expect(0x02)?)? != SESSION_ASN1_VERSION {
        return None;
    }
    let ssl_version = Der::int(r.expect(0x02)?)?;
    // SSL3/TLS major version 3 (DTLS is not ours).
    if ssl_version >> 8 != 3 {
        return None;
    }
    let cipher = r.expect(0x04)?;
    if cipher.len() != 2 {
        return None;
    }
    let suite = suites::by_iana(u16::from_be_bytes([cipher[0], cipher[1]]))?;
    let mut d = SessionData::new(Some(suite));
    d.version = ssl_version as u16;
    let id = r.expect(0x04)?;
    let mk = r.expect(0x04)?;
    if id.len() > 32 || mk.len() > 64 {
        return None;
    }
    d.session_id = id.to_vec();
    d.master_key = zeroize::Zeroizing::new(mk.to_vec());
    if r.peek_tag() == Some(0x80) {
        r.next()?; // key_arg: obsolete, ignored as OpenSSL does
    }
    let time = r.explicit_int(1)?;
    let timeout = r.explicit_int(2)?;
    // Absent time means "now", absent timeout 3 seconds (OpenSSL's defaults).
    // A negative one (OpenSSL keeps it) becomes the least positive value,
    // which expires the session as surely and re-encodes as itself; a
    // time too large for milliseconds is capped where it still fits.
    d.time_ms = if time != 0 { (time.max(1) as u64).min(u64::MAX / 1000) * 1000 } else { crate::tls::session::now_ms() };
    d.timeout = if timeout != 0 { timeout.max(1) as u64 } else { 3 };
    if r.peek_tag() == Some(0xa3) {
        let peer = r.expect(0xa3)?;
        let mut p = Der { buf: peer };
        let (t, _, cert) = p.next()?;
        if t != 0x30 || !p.buf.is_empty() {
            return None;
        }
        d.peer_chain = vec![cert.to_vec()];
    }
    let sid_ctx = r.explicit(4, 0x04)?.unwrap_or(&[]);
    if sid_ctx.len() > 32 {
        return None;
    }
    d.sid_ctx = sid_ctx.to_vec();
    d.verify_result = r.explicit_int(5)?;
    d.hostname = match r.explicit(6, 0x04)? {
        Some(h) => Some(String::from_utf8(h.to_vec()).ok()?),
        None => None,
    };
    d.psk_identity_hint = r.explicit(7, 0x04)?.map(<[u8]>::to_vec);
    d.psk_identity = r.explicit(8, 0x04)?.map(<[u8]>::to_vec);
    d.ticket_lifetime_hint = u32::try_from(r.explicit_int(9)?).ok()?;
    d.ticket = r.explicit(10, 0x04)?.map(<[u8]>::to_vec).unwrap_or_default();
    if let Some(comp) = r.explicit(11, 0x04)? {
        if comp.len() != 1 {
            return None;
        }
    }
    d.srp_username = r.explicit(12, 0x04)?.map(<[u8]>::to_vec);
    // flags: SSL_SESS_FLAG_EXTMS is the only one OpenSSL 3.0 defines.
    d.extended_master_secret = r.explicit_int(13)? & 1 != 0;
    d.ticket_age_add = u32::try_from(r.explicit_int(14)?).ok()?;
    d.max_early_data = u32::try_from(r.explicit_int(15)?).ok()?;
    d.alpn_selected = r.explicit(16, 0x04)?.map(<[u8]>::to_vec).unwrap_or_default();
    r.explicit_int(17)?; // max_fragment_len_mode
    r.explicit(18, 0x04)?; // ticket_appdata
    d.kex_group = u16::try_from(r.explicit_int(19)?).ok()?;
    r.explicit(20, 0x04)?; // peer_rpk (raw public keys are not ours)
    if !r.buf.is_empty() {
        return None;
    }
    Some((d, whole.len()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> SessionData {
        let mut d = SessionData::new(Some(&suites::TLS_AES_256_GCM_SHA384));
        d.session_id = vec![1; 32];
        d.master_key = zeroize::Zeroizing::new(vec![2; 48]);
        d.time_ms = 1_700_000_000_000;
        d.timeout = 7200;
        d.sid_ctx = b"ctx".to_vec();
        d.hostname = Some("example.test".into());
        d.ticket = vec![3; 200];
        d.ticket_lifetime_hint = 7200;
        d.ticket_age_add = 0xdeadbeef;
        d.alpn_selected = b"h2".to_vec();
        d.psk_identity = Some(b"client1".to_vec());
        d.psk_identity_hint = Some(b"hint".to_vec());
        d.srp_username = Some(b"alice".to_vec());
        d.peer_chain = vec![vec![0x30, 0x03, 0x02, 0x01, 0x05]];
        d
    }

    #[test]
    fn round_trip() {
        let d = sample();
        let der = encode(&d).unwrap();
        let (back, used) = decode(&der).unwrap();
        assert_eq!(used, der.len());
        assert_eq!(back.session_id, d.session_id);
        assert_eq!(&back.master_key[..], &d.master_key[..]);
        assert_eq!((back.time_ms, back.timeout), (d.time_ms, d.timeout));
        assert_eq!((back.ticket, back.ticket_age_add, back.ticket_lifetime_hint), (d.ticket, d.ticket_age_add, 7200));
        assert_eq!((back.hostname, back.alpn_selected, back.sid_ctx), (d.hostname, d.alpn_selected, d.sid_ctx));
        assert_eq!(back.peer_chain, d.peer_chain);
        assert_eq!((back.psk_identity, back.psk_identity_hint, back.srp_username), (d.psk_identity, d.psk_identity_hint, d.srp_username));
    }

    /// Found by the session_der fuzz target: a negative time decoded to 0,
    /// which encodes as absent and decodes as "now", so a session did not
    /// survive d2i/i2d/d2i unchanged; negative timeouts did the same.
    #[test]
    fn negative_and_huge_times_round_trip_unchanged() {
        for (time, timeout) in [(-5i64, -7i64), (i64::MAX, i64::MAX), (1_700_000_000, 300)] {
            let mut body = Vec::new();
            tlv(0x02, &int_body(SESSION_ASN1_VERSION), &mut body);
            tlv(0x02, &int_body(0x0304), &mut body);
            tlv(0x04, &[0x13, 0x02], &mut body);
            tlv(0x04, &[], &mut body);
            tlv(0x04, &[9; 48], &mut body);
            explicit_int(1, time, &mut body);
            explicit_int(2, timeout, &mut body);
            let mut der = Vec::new();
            tlv(0x30, &body, &mut der);
            let (first, _) = decode(&der).expect("decodes");
            assert!(first.time_ms > 0 && first.timeout > 0, "time {time} timeout {timeout}");
            let encoded = encode(&first).unwrap();
            let (second, _) = decode(&encoded).unwrap();
            assert_eq!((second.time_ms, second.timeout), (first.time_ms, first.timeout), "time {time} timeout {timeout}");
            assert_eq!(encode(&second).unwrap(), encoded);
        }
    }

    #[test]
    fn integers_are_minimal_twos_complement() {
        assert_eq!(int_body(0), vec![0]);
        assert_eq!(int_body(127), vec![0x7f]);
        assert_eq!(int_body(128), vec![0, 0x80]);
        assert_eq!(int_body(0xdeadbeef), vec![0, 0xde, 0xad, 0xbe, 0xef]);
        assert_eq!(int_body(-1), vec![0xff]);
        assert_eq!(Der::int(&[0, 0x80]), Some(128));
        assert_eq!(Der::int(&[0, 0x7f]), None, "non-minimal");
    }

    #[test]
    fn rejects_truncated_trailing_and_unknown() {
        let der = encode(&sample()).unwrap();
        assert!(decode(&der[..der.len() - 1]).is_none());
        let mut bad = der.clone();
        bad[4] = 9; // version
        assert!(decode(&bad).is_none());
        // An unknown trailing field inside the SEQUENCE.
        let mut body = der[4..].to_vec();
        body.extend_from_slice(&[0xb5, 0x03, 0x02, 0x01, 0x01]);
        let mut framed = vec![0x30, 0x82, (body.len() >> 8) as u8, body.len() as u8];
        framed.extend_from_slice(&body);
        assert!(decode(&framed).is_none());
    }
}
