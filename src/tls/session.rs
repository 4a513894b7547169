//! What a resumable session carries, as the engine needs it. The API layer's
//! `Session` wraps this with OpenSSL's SSL_SESSION behaviour.

use super::suites::Suite;
use zeroize::Zeroizing;

#[derive(Clone)]
pub struct SessionData {
    /// 0 for a session made by `SSL_SESSION_new` and never filled in.
    pub version: u16,
    pub suite: Option<&'static Suite>,
    /// For TLS 1.3 the resumption PSK (OpenSSL keeps it as the master key).
    pub master_key: Zeroizing<Vec<u8>>,
    pub session_id: Vec<u8>,
    pub sid_ctx: Vec<u8>,
    pub ticket: Vec<u8>,
    pub ticket_lifetime_hint: u32,
    pub ticket_age_add: u32,
    pub max_early_data: u32,
    /// Creation time, in milliseconds since the Unix epoch (OpenSSL reports seconds).
    pub time_ms: u64,
    /// Timeout in seconds.
    pub timeout: u64,
    pub hostname: Option<String>,
    pub alpn_selected: Vec<u8>,
    /// The peer's chain as DER, leaf first.
    pub peer_chain: Vec<Vec<u8>>,
    /// The peer's raw public key (RFC 7250), a SubjectPublicKeyInfo, when
    /// it authenticated with one instead of a certificate.
    pub peer_rpk: Option<Vec<u8>>,
    /// X509_V_OK (0) or the verification error.
    pub verify_result: i64,
    /// Whether a handshake may resume it (`SSL_SESSION_is_resumable`).
    pub not_resumable: bool,
    /// IANA id of the key-exchange group (OpenSSL's kex_group), 0 if none.
    pub kex_group: u16,
    /// Application data a server keeps in its tickets
    /// (`SSL_SESSION_set1_ticket_appdata`).
    pub ticket_appdata: Vec<u8>,
    /// TLS 1.2: the master secret is RFC 7627's extended one (OpenSSL's
    /// SSL_SESS_FLAG_EXTMS).
    pub extended_master_secret: bool,
    /// TLS 1.2 PSK suites: the identity the client sent
    /// (`SSL_get_psk_identity`), as OpenSSL keeps it, up to a NUL.
    pub psk_identity: Option<Vec<u8>>,
    /// TLS 1.2 PSK suites, client side: the server's non-empty hint
    /// (`SSL_get_psk_identity_hint`).
    pub psk_identity_hint: Option<Vec<u8>>,
    /// TLS 1.2 SRP suites: the username (`SSL_get_srp_username` reads the
    /// connection's; OpenSSL keeps it in the session too).
    pub srp_username: Option<Vec<u8>>,
}

impl SessionData {
    pub fn new(suite: Option<&'static Suite>) -> Self {
        SessionData {
            version: if suite.is_some() { super::TLS1_3_VERSION } else { 0 },
            suite,
            master_key: Zeroizing::new(Vec::new()),
            session_id: Vec::new(),
            sid_ctx: Vec::new(),
            ticket: Vec::new(),
            ticket_lifetime_hint: 0,
            ticket_age_add: 0,
            max_early_data: 0,
            time_ms: now_ms(),
            timeout: 7200,
            hostname: None,
            alpn_selected: Vec::new(),
            peer_chain: Vec::new(),
            peer_rpk: None,
            verify_result: 0,
            not_resumable: false,
            kex_group: 0,
            ticket_appdata: Vec::new(),
            extended_master_secret: false,
            psk_identity: None,
            psk_identity_hint: None,
            srp_username: None,
        }
    }

    /// OpenSSL's `SSL_SESSION_is_resumable`: "the session has a session id, or
    /// a ticket, and has not been marked not resumable".
    pub fn is_resumable(&self) -> bool {
        !self.not_resumable && (!self.session_id.is_empty() || !self.ticket.is_empty())
    }

    /// OpenSSL's `sess_timedout`: now > time + timeout, in whole seconds.
    pub fn is_expired(&self, now_ms: u64) -> bool {
        now_ms / 1000 > (self.time_ms / 1000).saturating_add(self.timeout)
    }
}

pub fn now_ms() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_millis() as u64)
        .unwrap_or(0)
}

/// Format version of the state inside our stateless tickets.
/// 2: ticket_appdata added at the end (a version-1 ticket is a miss).
/// 3: the extended-master-secret flag (TLS 1.2 sessions) at the end.
/// 4: the peer's raw public key (RFC 7250), possibly empty, at the end.
/// 5: the key-exchange group (kex_group) at the end; a version-4 ticket is
///    still read, without it.
const TICKET_STATE_VERSION: u8 = 5;

impl SessionData {
    /// The state a stateless ticket carries (sealed by the API layer).
    pub fn encode_ticket_state(&self) -> zeroize::Zeroizing<Vec<u8>> {
        let mut w = super::codec::Writer::new();
        w.u8(TICKET_STATE_VERSION);
        w.u16(self.version);
        w.u16(self.suite.map_or(0, |s| s.iana));
        w.vec8(|w| w.bytes(&self.master_key));
        w.vec8(|w| w.bytes(&self.sid_ctx));
        w.buf.extend_from_slice(&self.time_ms.to_be_bytes());
        w.buf.extend_from_slice(&self.timeout.to_be_bytes());
        w.u32(self.ticket_age_add);
        w.vec8(|w| w.bytes(&self.alpn_selected));
        w.vec16(|w| w.bytes(self.hostname.as_deref().unwrap_or("").as_bytes()));
        w.buf.extend_from_slice(&self.verify_result.to_be_bytes());
        w.vec24(|w| {
            for c in &self.peer_chain {
                w.vec24(|w| w.bytes(c));
            }
        });
        w.vec16(|w| w.bytes(&self.ticket_appdata));
        w.u8(self.extended_master_secret as u8);
        w.vec24(|w| w.bytes(self.peer_rpk.as_deref().unwrap_or_default()));
        w.u16(self.kex_group);
        zeroize::Zeroizing::new(w.buf)
    }

    /// Parses ticket state; None for anything malformed (a miss, not an error).
    pub fn decode_ticket_state(b: &[u8]) -> Option<SessionData> {
        let mut r = super::codec::Reader::new(b);
        let format = r.u8().ok()?;
        if format != TICKET_STATE_VERSION && format != 4 {
            return None;
        }
        let version = r.u16().ok()?;
        let suite = super::suites::by_iana(r.u16().ok()?)?;
        let mut s = SessionData::new(Some(suite));
        s.version = version;
        s.master_key = zeroize::Zeroizing::new(r.vec8().ok()?.to_vec());
        s.sid_ctx = r.vec8().ok()?.to_vec();
        s.time_ms = u64::from_be_bytes(r.take(8).ok()?.try_into().ok()?);
        s.timeout = u64::from_be_bytes(r.take(8).ok()?.try_into().ok()?);
        s.ticket_age_add = r.u32().ok()?;
        s.alpn_selected = r.vec8().ok()?.to_vec();
        let host = r.vec16().ok()?;
        s.hostname = if host.is_empty() { None } else { Some(String::from_utf8(host.to_vec()).ok()?) };
        s.verify_result = i64::from_be_bytes(r.take(8).ok()?.try_into().ok()?);
        let mut chain = super::codec::Reader::new(r.vec24().ok()?);
        while !chain.is_empty() {
            s.peer_chain.push(chain.vec24().ok()?.to_vec());
        }
        s.ticket_appdata = r.vec16().ok()?.to_vec();
        s.extended_master_secret = match r.u8().ok()? {
            0 => false,
            1 => true,
            _ => return None,
        };
        let rpk = r.vec24().ok()?;
        s.peer_rpk = (!rpk.is_empty()).then(|| rpk.to_vec());
        if format == TICKET_STATE_VERSION {
            s.kex_group = r.u16().ok()?;
        }
        r.finish().ok()?;
        Some(s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ticket_state_round_trip() {
        let mut s = SessionData::new(Some(&super::super::suites::TLS_AES_128_GCM_SHA256));
        s.master_key = zeroize::Zeroizing::new(vec![7; 32]);
        s.sid_ctx = b"ctx".to_vec();
        s.hostname = Some("a.test".into());
        s.alpn_selected = b"h2".to_vec();
        s.peer_chain = vec![vec![1, 2, 3]];
        s.verify_result = 20;
        s.kex_group = 29;
        let enc = s.encode_ticket_state();
        let d = SessionData::decode_ticket_state(&enc).unwrap();
        assert_eq!(d.kex_group, 29);
        // A version-4 ticket (before kex_group) still resumes.
        let mut v4 = enc[..enc.len() - 2].to_vec();
        v4[0] = 4;
        assert_eq!(SessionData::decode_ticket_state(&v4).unwrap().kex_group, 0);
        assert_eq!(&d.master_key[..], &s.master_key[..]);
        assert_eq!((d.sid_ctx, d.hostname, d.alpn_selected, d.peer_chain, d.verify_result), (s.sid_ctx, s.hostname, s.alpn_selected, s.peer_chain, 20));
    }

    #[test]
    fn rejects_truncated_or_trailing_ticket_state() {
        let s = SessionData::new(Some(&super::super::suites::TLS_AES_128_GCM_SHA256));
        let enc = s.encode_ticket_state();
        assert!(SessionData::decode_ticket_state(&enc[..enc.len() - 1]).is_none());
        let mut long = enc.to_vec();
        long.push(0);
        assert!(SessionData::decode_ticket_state(&long).is_none());
    }
}
