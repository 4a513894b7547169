//! TLS 1.2 renegotiation (RFC 5246 7.4.1.1, RFC 5746) as OpenSSL 3.0
//! drives it from its API: `SSL_renegotiate` marks one wanted; the next
//! `SSL_do_handshake`, `SSL_read` or `SSL_write` starts it (a server sends a
//! HelloRequest, a client its ClientHello); the engine runs the new handshake
//! as the records arrive, application data still flowing, and
//! `SSL_renegotiate_pending` stays 1 until that handshake completes.

use std::sync::Arc;

use super::connection::{Engine, Failure, Ssl};
use super::{reason, ApiError};

const SSL_OP_NO_RENEGOTIATION: u64 = 1 << 30;
const SSL_CB_HANDSHAKE_START: i32 = 0x10;
const SSL_CB_HANDSHAKE_DONE: i32 = 0x20;

/// What the connection knows of renegotiation.
#[derive(Default)]
pub struct RenegState {
    /// OpenSSL's `s->renegotiate`: asked for and not yet completed.
    pub pending: bool,
    /// The HelloRequest (server) or ClientHello (client) went out.
    pub started: bool,
    /// `SSL_renegotiate_abbreviated`: a client offers its session.
    pub abbreviated: bool,
    /// The engine's handshake counters as last reported to the application.
    pub handshakes_seen: u32,
    pub renegotiations_seen: u32,
}

impl Ssl {
    /// `SSL_renegotiate` / `SSL_renegotiate_abbreviated`: OpenSSL's
    /// can_renegotiate (SSL_R_WRONG_SSL_VERSION on TLS 1.3,
    /// SSL_R_NO_RENEGOTIATION under SSL_OP_NO_RENEGOTIATION), then the
    /// request; before the first handshake completes it is a no-op, as the
    /// first handshake's end clears OpenSSL's flag.
    pub fn renegotiate(&self, abbreviated: bool) -> Result<(), Failure> {
        let mut st = self.st.lock();
        if st.version >= crate::tls::TLS1_3_VERSION {
            return Err(Failure::Ssl(ApiError::new(reason::WRONG_SSL_VERSION, "no renegotiation in TLS 1.3")));
        }
        if st.settings.options & SSL_OP_NO_RENEGOTIATION != 0 {
            return Err(Failure::Ssl(ApiError::new(reason::NO_RENEGOTIATION, "renegotiation disabled")));
        }
        if st.handshake_done {
            st.reneg.pending = true;
            st.reneg.started = false;
            st.reneg.abbreviated = abbreviated;
        }
        Ok(())
    }

    /// `SSL_renegotiate_pending`.
    pub fn renegotiate_pending(&self) -> bool {
        self.st.lock().reneg.pending
    }

    /// Called by every handshake entry point once the first handshake is
    /// done: starts a renegotiation that was asked for. A server's
    /// HelloRequest goes out and the call returns (the client answers when
    /// it will; OpenSSL's state machine is back in TLS_ST_OK). A client's
    /// ClientHello goes out and the call drives the handshake to its end.
    pub(super) fn start_requested_renegotiation(self: &Arc<Self>) -> Result<(), Failure> {
        {
            let st = self.st.lock();
            if !st.reneg.pending || st.reneg.started {
                return Ok(());
            }
        }
        let abbreviated = self.st.lock().reneg.abbreviated;
        let client = self.with_engine(|me, engine| {
            let client = match engine {
                Engine::Server(s) => {
                    s.send_hello_request().map_err(Failure::Engine)?;
                    false
                }
                Engine::Client(c) => {
                    c.start_renegotiation(abbreviated, &mut me.hooks()).map_err(Failure::Engine)?;
                    true
                }
            };
            me.st.lock().reneg.started = true;
            match me.flush(engine) {
                Ok(()) | Err(Failure::WantWrite) => Ok(client),
                Err(e) => Err(e),
            }
        })?;
        if client {
            self.with_engine(|me, engine| loop {
                me.flush(engine)?;
                if let Some(e) = &engine.common().failed {
                    return Err(Failure::Engine(e.clone()));
                }
                me.note_renegotiation(engine);
                if !me.st.lock().reneg.pending {
                    return Ok(());
                }
                me.read_some(engine)?;
            })?;
        }
        Ok(())
    }

    /// After records were processed: reports a renegotiation the engine
    /// started (SSL_CB_HANDSHAKE_START) or completed (SSL_CB_HANDSHAKE_DONE),
    /// and on completion takes the new handshake's results — suite,
    /// version, resumption; the peer's certificate and verify result were
    /// recorded when it was verified, the session when it was made.
    pub(super) fn note_renegotiation(&self, engine: &Engine) {
        let common = engine.common();
        let (started, completed) = (common.renegotiations_started, common.handshakes_completed);
        let mut st = self.st.lock();
        if started > st.reneg.renegotiations_seen {
            st.reneg.renegotiations_seen = started;
            // One the peer started (a client answering a HelloRequest, a
            // server accepting a ClientHello) is pending as well.
            st.reneg.pending = true;
            st.reneg.started = true;
            drop(st);
            self.info(SSL_CB_HANDSHAKE_START, 1);
            st = self.st.lock();
        }
        if completed <= st.reneg.handshakes_seen {
            return;
        }
        st.reneg.handshakes_seen = completed;
        st.reneg.pending = false;
        st.reneg.started = false;
        st.negotiated_suite = common.suite;
        st.version = common.version;
        let resumed = engine.resumed();
        st.session_reused = resumed;
        st.alpn_selected = engine.alpn_selected().map(|a| a.to_vec()).unwrap_or_default();
        if resumed {
            if let Some(s) = st.session.clone() {
                st.peer_chain = s.peer_chain();
                st.peer_chain_stack = None;
            }
        }
        drop(st);
        self.info(SSL_CB_HANDSHAKE_DONE, 1);
    }
}
