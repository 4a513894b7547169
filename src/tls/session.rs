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
    /// X509_V_OK (0) or the verification error.
    pub verify_result: i64,
    /// Whether a handshake may resume it (`SSL_SESSION_is_resumable`).
    pub not_resumable: bool,
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
            verify_result: 0,
            not_resumable: false,
        }
    }

    /// OpenSSL's `SSL_SESSION_is_resumable`: "the session has a session id, or
    /// a ticket, and has not been marked not resumable".
    pub fn is_resumable(&self) -> bool {
        !self.not_resumable && (!self.session_id.is_empty() || !self.ticket.is_empty())
    }

    pub fn is_expired(&self, now_ms: u64) -> bool {
        now_ms.saturating_sub(self.time_ms) / 1000 >= self.timeout
    }
}

pub fn now_ms() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_millis() as u64)
        .unwrap_or(0)
}
