//! Ssl (`SSL`): one connection — the engine, the application's BIOs and the
//! state OpenSSL reports through `SSL_get_error`, `SSL_get_shutdown`, etc.
//!
//! While the engine runs it is taken out of the state lock, so callbacks it
//! triggers (verify, keylog, new session) may call any `SSL_*` function.

use std::sync::atomic::Ordering;
use std::sync::{Arc, OnceLock};

use parking_lot::Mutex;

use super::context::{Role, Settings, SslContext, Stats};
use super::handle::{CRef, Kind};
use super::hooks::Hooks;
use super::reason;
use super::session::Session;
use super::ApiError;
use crate::sys::bio::{Bio, Io};
use crate::sys::callbacks;
use crate::sys::exdata::{ExData, CLASS_SSL_SESSION};
use crate::sys::x509::{VerifyParam, X509Ref};
use crate::tls::client::{ClientConfig, ClientConnection};
use crate::tls::common::{Common, StateMachine};
use crate::tls::server::{ServerConfig, ServerConnection};
use crate::tls::session::{now_ms, SessionData};

pub const SSL_SENT_SHUTDOWN: i32 = 1;
pub const SSL_RECEIVED_SHUTDOWN: i32 = 2;

pub const SSL_ERROR_NONE: i32 = 0;
pub const SSL_ERROR_SSL: i32 = 1;
pub const SSL_ERROR_WANT_READ: i32 = 2;
pub const SSL_ERROR_WANT_WRITE: i32 = 3;
pub const SSL_ERROR_SYSCALL: i32 = 5;
pub const SSL_ERROR_ZERO_RETURN: i32 = 6;

const SSL_OP_ALLOW_NO_DHE_KEX: u64 = 1 << 10;
const SSL_OP_CIPHER_SERVER_PREFERENCE: u64 = 1 << 22;
const SSL_VERIFY_PEER: i32 = 1;
const SSL_VERIFY_FAIL_IF_NO_PEER_CERT: i32 = 2;
const SSL_VERIFY_POST_HANDSHAKE: i32 = 8;
const SSL_OP_ENABLE_MIDDLEBOX_COMPAT: u64 = 1 << 20;
const SSL_OP_IGNORE_UNEXPECTED_EOF: u64 = 1 << 7;
const SSL_MODE_ENABLE_PARTIAL_WRITE: u64 = 0x1;
const SSL_MODE_SEND_FALLBACK_SCSV: u64 = 0x80;
const SSL_OP_NO_TICKET: u64 = 1 << 14;
/// SSL_OP_TLSEXT_PADDING (RFC 7685 padding in the ClientHello).
const SSL_OP_TLSEXT_PADDING: u64 = 1 << 4;
const SSL_OP_NO_EXTENDED_MASTER_SECRET: u64 = 1 << 0;
const SSL_OP_NO_ENCRYPT_THEN_MAC: u64 = 1 << 19;
const SSL_OP_NO_RENEGOTIATION: u64 = 1 << 30;
const SSL_OP_NO_SESSION_RESUMPTION_ON_RENEGOTIATION: u64 = 1 << 16;
const SSL_OP_ALLOW_CLIENT_RENEGOTIATION: u64 = 1 << 8;
const SSL_OP_ALLOW_UNSAFE_LEGACY_RENEGOTIATION: u64 = 1 << 18;

const SSL_CB_HANDSHAKE_START: i32 = 0x10;
const SSL_CB_HANDSHAKE_DONE: i32 = 0x20;
/// SSL_MODE_AUTO_RETRY.
const SSL_MODE_AUTO_RETRY: u64 = 0x4;
const SSL_CB_CONNECT_LOOP: i32 = 0x1001;
const SSL_CB_CONNECT_EXIT: i32 = 0x1002;
const SSL_CB_ACCEPT_LOOP: i32 = 0x2001;
const SSL_CB_ACCEPT_EXIT: i32 = 0x2002;
const SSL_CB_READ_ALERT: i32 = 0x4004;
const SSL_CB_WRITE_ALERT: i32 = 0x4008;

/// Why an operation stopped, mapped to `SSL_get_error` by the boundary.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RwState {
    Nothing,
    Reading,
    Writing,
}

pub enum Failure {
    /// Pushes this error; SSL_ERROR_SSL.
    Ssl(ApiError),
    /// The engine failed; its error is pushed; SSL_ERROR_SSL.
    Engine(crate::tls::Error),
    WantRead,
    WantWrite,
    /// Transport error or EOF: SSL_ERROR_SYSCALL.
    Syscall,
    /// close_notify received: SSL_ERROR_ZERO_RETURN.
    ZeroReturn,
}

/// The protocol engine of one side.
/// Each role's state in its own allocation: the enum would otherwise be
/// the larger role's size for both.
pub enum Engine {
    Client(Box<ClientConnection>),
    Server(Box<ServerConnection>),
}

impl Engine {
    pub fn common(&self) -> &Common {
        match self {
            Engine::Client(c) => &c.common,
            Engine::Server(s) => &s.common,
        }
    }

    pub fn common_mut(&mut self) -> &mut Common {
        match self {
            Engine::Client(c) => &mut c.common,
            Engine::Server(s) => &mut s.common,
        }
    }

    fn receive(&mut self, data: &[u8], hooks: &mut Hooks) -> Result<(), crate::tls::Error> {
        match self {
            Engine::Client(c) => c.receive(data, hooks),
            Engine::Server(s) => s.receive(data, hooks),
        }
    }

    fn is_handshake_done(&self) -> bool {
        self.common().handshake_done
    }

    /// OpenSSL's SSL_in_init after the first handshake: during a
    /// renegotiation, and after a post-handshake certificate exchange
    /// failed (the state machine was reading it).
    fn in_post_handshake_init(&self) -> bool {
        match self {
            Engine::Client(c) => !c.is_handshake_done(),
            Engine::Server(s) => !s.is_handshake_done() || (s.post_handshake_auth_pending() && s.common.failed.is_some()),
        }
    }

    /// A handshake runs on the established connection: a TLS 1.2
    /// renegotiation, or a TLS 1.3 post-handshake certificate request
    /// awaiting the client's answer. OpenSSL's state machine reads all of
    /// it inside one SSL_read (handshake_func), whatever the retry mode.
    fn handshake_in_progress(&self) -> bool {
        match self {
            Engine::Client(c) => !c.is_handshake_done(),
            Engine::Server(s) => !s.is_handshake_done() || s.post_handshake_auth_pending(),
        }
    }

    pub(super) fn resumed(&self) -> bool {
        match self {
            Engine::Client(c) => c.resumed(),
            Engine::Server(s) => s.resumed(),
        }
    }

    pub(super) fn alpn_selected(&self) -> Option<&[u8]> {
        match self {
            Engine::Client(c) => c.alpn_selected(),
            Engine::Server(s) => s.alpn_selected(),
        }
    }

    fn negotiated_group(&self) -> Option<crate::crypto::kx::Group> {
        match self {
            Engine::Client(c) => c.negotiated_group(),
            Engine::Server(s) => s.negotiated_group(),
        }
    }

    fn established(&self) -> Option<&SessionData> {
        match self {
            Engine::Client(c) => c.established.as_ref(),
            Engine::Server(s) => s.established.as_ref(),
        }
    }
}

/// A connection's SRP numbers (OpenSSL's srp_ctx): the group the server
/// sent (client) or the user's parameters the username callback set
/// (server), lent by `SSL_get_srp_N` / `SSL_get_srp_g`.
#[derive(Default)]
pub struct SrpState {
    pub n: Option<crate::sys::bn::Bn>,
    pub g: Option<crate::sys::bn::Bn>,
    pub salt: Option<crate::sys::bn::Bn>,
    pub verifier: Option<crate::sys::bn::Bn>,
    /// `SSL_set_srp_server_param`'s info (`SSL_get_srp_userinfo`).
    pub info: Option<std::ffi::CString>,
    /// The server's: the username the client sent.
    pub login: Option<std::ffi::CString>,
}

impl State {
    /// OpenSSL's ssl3_write_bytes: requested tickets put the state machine
    /// in init unless a write waits to be retried.
    fn arm_tickets(&mut self) {
        if self.tickets_to_send > 0 && self.pending_write == 0 && self.out.is_empty() {
            self.tickets_armed = true;
        }
    }

    /// TLS 1.3 record padding for the records this connection writes from
    /// now on (`SSL_set_block_padding`): into the engine too when one runs.
    pub fn set_record_padding(&mut self, padding: [usize; 2]) {
        self.settings.extras_mut().block_padding = padding;
        if let Some(engine) = self.engine.as_mut() {
            engine.common_mut().record.block_padding = padding;
        }
    }
}

pub struct State {
    pub settings: Settings,
    pub srp: SrpState,
    pub role: Option<Role>,
    engine: Option<Box<Engine>>,
    engine_out: bool,
    pub rbio: Option<Bio>,
    pub wbio: Option<Bio>,
    pub hostname: Option<String>,
    pub param: VerifyParam,
    pub session: Option<CRef<Session>>,
    /// `session` is a server's new session made at the ClientHello (OpenSSL's
    /// ssl_get_new_session), lent to the callbacks that run before the
    /// handshake settles it; the handshake's session is written into it.
    pub session_provisional: bool,
    /// `SSL_verify_client_post_handshake` asked; the CertificateRequest goes
    /// out with the next handshake call.
    pub pha_to_send: bool,
    /// TLS 1.2 renegotiation as OpenSSL tracks it (`renegotiate.rs`).
    pub reneg: super::renegotiate::RenegState,
    pub session_reused: bool,
    pub verify_result: i64,
    pub peer_chain: Vec<X509Ref>,
    pub verified_chain: Vec<X509Ref>,
    pub rwstate: RwState,
    pub shutdown: i32,
    /// Sealed bytes not yet accepted by the write BIO.
    out: Vec<u8>,
    /// Application bytes already sealed into `out` by an SSL_write that must
    /// be retried (OpenSSL's "same arguments on retry" rule).
    pending_write: usize,
    pub info_cb: callbacks::InfoCb,
    pub negotiated_suite: Option<&'static crate::tls::suites::Suite>,
    /// The negotiated protocol version, once the handshake is done.
    pub version: u16,
    pub negotiated_group: Option<crate::crypto::kx::Group>,
    /// RFC 7250: (client's, server's) certificate type, X.509 (0) unless
    /// EncryptedExtensions said otherwise.
    pub negotiated_cert_types: (u8, u8),
    /// The raw public key this connection's peer sent (RFC 7250), kept
    /// whether or not it verified, as OpenSSL keeps it in the session it
    /// is building (`SSL_get0_peer_rpk` after a refusal still shows it).
    pub peer_rpk: Option<std::sync::Arc<crate::sys::pkey::PKey>>,
    pub alpn_selected: Vec<u8>,
    pub fatal: bool,
    pub handshake_done: bool,
    /// The SNI name the client sent (server side).
    pub servername: Option<String>,
    pub servername_c: Option<std::ffi::CString>,
    /// A server's copy of the client's cipher list (`SSL_get0_raw_cipherlist`).
    pub raw_cipherlist: Vec<u8>,
    /// Stacks lent to C (`SSL_get_peer_cert_chain`, `SSL_get0_verified_chain`).
    pub peer_chain_stack: Option<crate::sys::x509::X509Stack>,
    pub verified_chain_stack: Option<crate::sys::x509::X509Stack>,
    pub peer: super::peer_info::PeerInfo,
    /// OpenSSL's `OSSL_HANDSHAKE_STATE` (see `hs_state`).
    pub hs_state: u32,
    /// Whether OpenSSL's state machine would be in its writing phase.
    pub hs_writing: bool,
    /// `SSL_get_handshake_rtt`'s measurement.
    pub handshake_rtt: super::hs_state::HandshakeRtt,
    /// A chain lent to C by `SSL_get0_chain_certs`.
    pub lent_chain: Option<crate::sys::x509::X509Stack>,
    /// Stacks lent by `SSL_get_ciphers` / `SSL_get_client_ciphers`.
    pub lent_ciphers: Option<(Vec<u16>, crate::sys::StaticPtrStack)>,
    pub lent_client_ciphers: Option<(Vec<u16>, crate::sys::StaticPtrStack)>,
    /// Which application extensions this handshake sent and received.
    pub custom_ext_flags: super::custom_ext::ExtFlags,
    /// A TLS 1.3 server's decrypt ticket callback kept or ignored the
    /// client's ticket without renewal: no NewSessionTickets follow.
    pub tickets_declined: bool,
    /// `SSL_new_session_ticket` calls not yet answered with a ticket, and
    /// whether the state machine is in init to send them: not while a write
    /// waits to be retried (OpenSSL's "until a record boundary").
    pub tickets_to_send: u32,
    pub tickets_armed: bool,
    /// `SSL_set_session_ticket_ext`: the session_ticket a client sends
    /// without a TLS 1.2 session's own (Some(None): none at all).
    pub session_ticket_ext: Option<Option<Vec<u8>>>,
    /// `SSL_set_session_ticket_ext_cb`.
    pub session_ticket_ext_cb: (callbacks::SessionTicketExtCb, usize),
    /// NPN: the protocol this connection negotiated (empty: none).
    pub next_proto: Vec<u8>,
    /// The serverinfo of the certificate chosen for this handshake.
    pub chosen_serverinfo: Option<std::sync::Arc<Vec<u8>>>,
    /// Certificate Transparency: the server's signed_certificate_timestamp
    /// extension as received, and the SCTs lent by `SSL_get0_peer_scts`.
    pub ct: super::ct::PeerScts,
}

impl State {
    /// A server's TLS 1.2 connection carries RFC 5746's binding: the client
    /// sent renegotiation_info or the SCSV.
    pub fn client_bound_renegotiation(&self) -> bool {
        self.engine.as_ref().is_some_and(|e| match &**e {
            Engine::Server(s) => s.secure_renegotiation(),
            Engine::Client(_) => false,
        })
    }

    /// Makes `data` the connection's session: written into the provisional
    /// session the callbacks saw (same handle, same ex_data: OpenSSL fills
    /// in the `s->session` it made at the ClientHello), else a new one.
    ///
    /// With `dup_ex`, the new session also takes the current one's ex_data:
    /// a server's second and later TLS 1.3 tickets are OpenSSL's
    /// ssl_session_dup of `s->session`.
    ///
    /// Returns the new session and the one it displaced. The caller drops
    /// the displaced one after releasing the State lock: its last release
    /// runs the application's ex_data free callbacks, which may call back
    /// into us (no callbacks under a lock).
    pub fn set_current_session(
        &mut self,
        data: SessionData,
        peer: Vec<X509Ref>,
        dup_ex: bool,
    ) -> (Option<CRef<Session>>, Option<CRef<Session>>) {
        if std::mem::take(&mut self.session_provisional) {
            if let Some(s) = &self.session {
                s.fill(data, peer);
                return (Some(s.clone()), None);
            }
        }
        let Some(s) = register_session(Session::with_peer(data, peer)) else { return (None, None) };
        if let (true, Some(old)) = (dup_ex, &self.session) {
            if let (Some(to), Some(from)) = (s.ex.lock().as_mut(), old.ex.lock().as_ref()) {
                to.dup_from(from);
            }
        }
        let displaced = self.session.replace(s.clone());
        (Some(s), displaced)
    }
}

pub struct Ssl {
    pub ctx: Mutex<CRef<SslContext>>,
    /// The current context's library context (`SslContext::libctx`), kept
    /// here so each export finds it without taking the context's lock.
    pub libctx: std::sync::atomic::AtomicUsize,
    /// The context sessions are cached in and counted against: the one the
    /// SSL was created with, even after SSL_set_SSL_CTX (OpenSSL's session_ctx).
    pub session_ctx: CRef<SslContext>,
    pub st: Mutex<State>,
    pub ex: Mutex<Option<ExData>>,
    pub ptr: OnceLock<usize>,
}

impl Drop for Ssl {
    /// OpenSSL's `ssl_clear_bad_session` at `SSL_free`: a connection freed
    /// after its handshake without having sent close_notify takes its
    /// session out of the cache and makes it not resumable.
    fn drop(&mut self) {
        let st = self.st.get_mut();
        if st.shutdown & SSL_SENT_SHUTDOWN == 0 && st.handshake_done {
            if let Some(s) = st.session.take() {
                super::hooks::remove_session(&self.session_ctx, &s);
            }
        }
    }
}

/// A session we create, as a C handle (count 1) with its ex_data, which
/// is made after registration because it names the handle.
pub fn register_session(session: Session) -> Option<CRef<Session>> {
    let ptr = super::handle::register(Kind::Session, Arc::new(session));
    let s = CRef::<Session>::adopt(ptr, Kind::Session)?;
    *s.ex.lock() = Some(ExData::new(CLASS_SSL_SESSION, s.ptr()));
    Some(s)
}

impl Ssl {
    pub fn new(ctx: CRef<SslContext>) -> Option<Ssl> {
        let mut settings = ctx.settings.lock().clone();
        // OpenSSL: a new SSL has no CA list of its own (SSL_get0_CA_list
        // falls back to the context's), so adding to it never changes the context.
        settings.ca_list = None;
        // Nor a client CA list: SSL_get_client_CA_list falls back to the
        // current context's, so a context switched in by the servername
        // callback brings its list (nginx's and Apache's per-vhost
        // ssl_client_certificate / SSLCACertificateFile).
        settings.client_ca = None;
        // OpenSSL's SSL_new sets the context's CT validation callback on the
        // SSL, which asks for OCSP too: SCTs may come stapled.
        if settings.extras.ct_validation.is_some() && settings.extras.status_type != 1 {
            settings.extras_mut().status_type = 1;
        }
        let param = VerifyParam::new()?;
        param.inherit_from(&ctx.param);
        let role = match ctx.role {
            Role::Client => Some(Role::Client),
            Role::Server => Some(Role::Server),
            Role::Either => None,
        };
        Some(Ssl {
            st: Mutex::new(State {
                settings,
                role,
                engine: None,
                engine_out: false,
                custom_ext_flags: Default::default(),
                chosen_serverinfo: None,
                next_proto: Vec::new(),
                session_ticket_ext: None,
                session_ticket_ext_cb: (None, 0),
                tickets_declined: false,
                tickets_to_send: 0,
                tickets_armed: false,
                ct: Default::default(),
                rbio: None,
                wbio: None,
                hostname: None,
                param,
                session: None,
                session_provisional: false,
                pha_to_send: false,
                reneg: Default::default(),
                session_reused: false,
                verify_result: 0,
                peer_chain: Vec::new(),
                verified_chain: Vec::new(),
                rwstate: RwState::Nothing,
                shutdown: 0,
                out: Vec::new(),
                pending_write: 0,
                info_cb: None,
                negotiated_suite: None,
                version: 0,
                negotiated_group: None,
                negotiated_cert_types: (0, 0),
                peer_rpk: None,
                alpn_selected: Vec::new(),
                fatal: false,
                handshake_done: false,
                servername: None,
                servername_c: None,
                srp: SrpState::default(),
                raw_cipherlist: Vec::new(),
                peer_chain_stack: None,
                verified_chain_stack: None,
                peer: Default::default(),
                hs_state: super::hs_state::BEFORE,
                hs_writing: true,
                handshake_rtt: Default::default(),
                lent_chain: None,
                lent_ciphers: None,
                lent_client_ciphers: None,
            }),
            session_ctx: ctx.clone(),
            libctx: std::sync::atomic::AtomicUsize::new(ctx.libctx.load(Ordering::Relaxed)),
            ctx: Mutex::new(ctx),
            ex: Mutex::new(None),
            ptr: OnceLock::new(),
        })
    }

    pub fn handle(&self) -> usize {
        self.ptr.get().copied().unwrap_or(0)
    }

    /// The current context, without taking a C reference.
    pub fn ctx(&self) -> Arc<SslContext> {
        self.ctx.lock().arc()
    }

    /// The current context's C handle.
    pub fn ctx_ptr(&self) -> usize {
        self.ctx.lock().ptr()
    }

    /// `SSL_set_connect_state` / `SSL_set_accept_state` / `SSL_clear`: the
    /// role is set and the connection state cleared (OpenSSL's
    /// ossl_statem_clear and shutdown = 0), so an SSL can make a new
    /// handshake — `openssl s_client -reconnect` reuses its SSL this way.
    /// Settings and the session (for resumption) stay.
    pub fn reset(&self, role: Option<Role>) {
        let mut st = self.st.lock();
        if st.engine_out {
            return;
        }
        if role.is_some() {
            st.role = role;
        }
        st.engine = None;
        st.shutdown = 0;
        st.handshake_done = false;
        st.fatal = false;
        st.session_reused = false;
        st.rwstate = RwState::Nothing;
        st.out.clear();
        st.pending_write = 0;
        st.negotiated_suite = None;
        st.version = 0;
        st.negotiated_group = None;
        st.negotiated_cert_types = (0, 0);
        st.peer_rpk = None;
        st.alpn_selected.clear();
        st.next_proto.clear();
        st.tickets_declined = false;
        st.tickets_to_send = 0;
        st.tickets_armed = false;
        st.peer_chain.clear();
        st.verified_chain.clear();
        st.peer_chain_stack = None;
        st.verified_chain_stack = None;
        st.verify_result = 0;
        st.peer = Default::default();
        st.hs_state = super::hs_state::BEFORE;
        st.hs_writing = true;
        st.handshake_rtt = Default::default();
    }

    /// `SSL_in_before`: no handshake started yet.
    pub fn in_before(&self) -> bool {
        let st = self.st.lock();
        st.engine.is_none() && !st.engine_out && !st.handshake_done
    }

    /// OpenSSL's SSL_is_init_finished: the handshake is done and no
    /// post-handshake certificate request waits to be sent.
    /// A renegotiation in progress, or a post-handshake exchange that
    /// failed part-way, leaves OpenSSL's state machine in init too.
    pub fn is_init_finished(&self) -> bool {
        let st = self.st.lock();
        st.handshake_done && !st.pha_to_send && !st.tickets_armed && !st.engine.as_deref().is_some_and(Engine::in_post_handshake_init)
    }

    pub(super) fn info(&self, where_: i32, ret: i32) {
        let cb = self.st.lock().info_cb.or_else(|| self.ctx().callbacks.lock().info);
        callbacks::info(cb, self.handle(), where_, ret);
    }

    /// The external PSK a TLS 1.3 client offers (OpenSSL's
    /// tls_construct_ctos_early_data): the use-session callback's session,
    /// else the PSK client callback's key as a TLS_AES_128_GCM_SHA256
    /// session. Asked without our lock held (the callbacks may call us), for
    /// each ClientHello; after a HelloRetryRequest the use-session callback
    /// is told the handshake's digest (`md_name`).
    pub(super) fn external_psk(&self, md_name: Option<&std::ffi::CStr>) -> Result<Option<(Vec<u8>, SessionData)>, Failure> {
        let (use_cb, client_cb) = {
            let st = self.st.lock();
            (st.settings.extras.psk_use_session_cb, st.settings.extras.psk_client_cb)
        };
        let bad_psk = || Failure::Ssl(ApiError::new(reason::BAD_PSK, "bad psk"));
        let md = md_name.map_or(std::ptr::null(), crate::sys::digest_by_name);
        if let Some((identity, ptr)) = callbacks::psk_use_session(use_cb, self.handle(), md).map_err(|_| bad_psk())? {
            let s = CRef::<Session>::adopt(ptr, Kind::Session).ok_or_else(bad_psk)?;
            let data = s.data();
            if data.version != crate::tls::TLS1_3_VERSION {
                return Err(bad_psk());
            }
            return Ok(Some((identity, data)));
        }
        let Some((identity, psk)) = callbacks::psk_client(client_cb, self.handle(), None).map_err(|_| bad_psk())? else {
            return Ok(None);
        };
        let mut data = SessionData::new(Some(&crate::tls::suites::TLS_AES_128_GCM_SHA256));
        data.version = crate::tls::TLS1_3_VERSION;
        data.master_key = psk;
        Ok(Some((identity, data)))
    }

    /// Builds the engine for the first ClientHello; decides which session to offer.
    fn start_client(self: &Arc<Self>) -> Result<Box<Engine>, Failure> {
        let ctx = self.ctx();
        let ctx_ca_list = ctx.settings.lock().ca_list.clone();
        let mut st = self.st.lock();
        let s = &st.settings;
        let Some((min_version, max_version)) = s.enabled_versions() else {
            return Err(Failure::Ssl(ApiError::new(reason::NO_PROTOCOLS_AVAILABLE, "no protocols available")));
        };
        // A TLS 1.3 session is offered when it carries a ticket younger
        // than its lifetime hint and names a suite we can use (OpenSSL's
        // tls_construct_ctos_psk); a TLS 1.2 one when it is resumable and
        // TLS 1.2 is enabled (its id and ticket go in the ClientHello);
        // otherwise the handshake is a full one.
        // Without a group TLS 1.3 can use (only TLS 1.2's older curves
        // configured), TLS 1.3 is not offered: it would have no key share.
        let groups = super::extras::allowed_groups(&s.groups, s.extras.security_level);
        let max_version = if max_version == crate::tls::TLS1_3_VERSION && min_version < max_version && !groups.iter().any(|g| g.in_tls13()) {
            crate::tls::TLS1_2_VERSION
        } else {
            max_version
        };
        let resume = st.session.as_ref().map(|s| s.data()).filter(|d| match d.version {
            crate::tls::TLS1_3_VERSION => {
                max_version == crate::tls::TLS1_3_VERSION
                    && !d.ticket.is_empty()
                    && !d.not_resumable
                    && now_ms().saturating_sub(d.time_ms) / 1000 < d.ticket_lifetime_hint as u64
                    && d.suite.is_some_and(|ds| s.suites.iter().any(|x| x.hash == ds.hash))
            }
            v if v < crate::tls::TLS1_3_VERSION => (min_version..=max_version).contains(&v) && d.is_resumable(),
            _ => false,
        });
        let config = ClientConfig {
            suites: super::extras::allowed_suites(&s.suites, s.extras.security_level),
            key_share_groups: s.key_share_groups.clone(),
            groups,
            max_cert_list: s.extras.max_cert_list,
            server_name: st.hostname.clone(),
            alpn: s.alpn.clone(),
            resume: resume.map(Box::new),
            // Asked of the application at each ClientHello that offers TLS
            // 1.3 (OpenSSL's tls_construct_ctos_early_data).
            external_psk: None,
            ask_external_psk: true,
            allow_no_dhe: s.options & SSL_OP_ALLOW_NO_DHE_KEX != 0,
            middlebox_compat: s.options & SSL_OP_ENABLE_MIDDLEBOX_COMPAT != 0,
            sigalgs: s.extras.sigalgs.clone().unwrap_or_else(|| crate::crypto::verify::advertised_schemes().to_vec()),
            // TLSEXT_STATUSTYPE_ocsp.
            status_request: s.extras.status_type == 1,
            request_scts: s.extras.ct_validation.is_some(),
            npn: ctx.callbacks.lock().hooks.next_proto_select.0.is_some(),
            // OpenSSL's get_ca_names on a client: the CA list
            // (SSL_set0_CA_list, else the context's).
            padding: s.options & SSL_OP_TLSEXT_PADDING != 0,
            ticket_ext: st.session_ticket_ext.clone(),
            ca_names: s.ca_list.as_ref().or(ctx_ca_list.as_ref()).map(|n| n.lock().to_der()).unwrap_or_default(),
            post_handshake_auth: s.extras.post_handshake_auth,
            // OpenSSL's ssl_set_client_disabled: PSK suites are offered only
            // with a PSK client callback.
            tls12_suites: super::extras::allowed_suites_shared(&s.tls12_suites, s.extras.security_level),
            offer_psk_suites: s.extras.psk_client_cb.is_some(),
            // And SRP suites only with an SRP username.
            offer_srp_suites: s.extras.srp.enabled && s.extras.srp.username.is_some(),
            min_version,
            max_version,
            no_ticket: s.options & SSL_OP_NO_TICKET != 0,
            fallback_scsv: s.mode & SSL_MODE_SEND_FALLBACK_SCSV != 0,
            no_ems: s.options & SSL_OP_NO_EXTENDED_MASTER_SECRET != 0,
            no_renegotiation: s.options & SSL_OP_NO_RENEGOTIATION != 0,
            no_etm: s.options & SSL_OP_NO_ENCRYPT_THEN_MAC != 0,
            dh_min_bits: super::extras::dh_min_bits(s.extras.security_level),
            legacy_sigalgs: s.extras.security_level <= 0,
            srp_username: s.extras.srp.username.as_ref().map(|u| u.as_bytes().to_vec()),
            cert_compression: s.cert_compression(),
            cert_types: s.cert_types.clone(),
        };
        let mut engine = ClientConnection::new(config);
        if s.extras.msg_cb.0.is_some() {
            engine.common.record.msg = Some(Vec::new());
        }
        engine.common.record.block_padding = s.extras.block_padding;
        st.engine_out = true;
        // The ClientHello asks the application for its extensions: no lock
        // of ours held while its callbacks run.
        drop(st);
        if let Err(e) = engine.start(&mut self.hooks()) {
            let mut st = self.st.lock();
            st.engine_out = false;
            st.fatal = true;
            return Err(Failure::Engine(e));
        }
        Stats::bump(&ctx.stats.connect);
        self.info(SSL_CB_HANDSHAKE_START, 1);
        Ok(Box::new(Engine::Client(Box::new(engine))))
    }

    /// The server engine's settings as the connection has them now. Read
    /// when the engine starts and again after every application callback
    /// that may change them (client-hello, servername, certificate, ALPN,
    /// session callbacks) and before a post-handshake request: OpenSSL reads
    /// each setting from the SSL at the step that uses it, so a change made
    /// in a callback takes effect (lighttpd sets the verify mode and CA list
    /// in its certificate callback, haproxy the version bounds in its
    /// client-hello callback).
    pub fn server_config(&self) -> Result<ServerConfig, Failure> {
        let servername_cb = self.ctx().callbacks.lock().servername.is_some() || self.session_ctx.callbacks.lock().servername.is_some();
        let (ctx_client_ca, ctx_ca_list) = {
            let ctx = self.ctx();
            let cs = ctx.settings.lock();
            (cs.client_ca.clone(), cs.ca_list.clone())
        };
        let st = self.st.lock();
        let s = &st.settings;
        let Some((min_version, mut max_version)) = s.enabled_versions() else {
            return Err(Failure::Ssl(ApiError::new(reason::NO_PROTOCOLS_AVAILABLE, "no protocols available")));
        };
        // OpenSSL's is_tls13_capable: without a certificate TLS 1.3 can
        // sign with (a DSA one cannot), a PSK or a callback that may still
        // provide one (servername, certificate), the server does not
        // negotiate TLS 1.3.
        let tls13_capable = servername_cb
            || s.extras.psk_server_cb.is_some()
            || s.extras.psk_find_session_cb.is_some()
            || s.extras.cert_cb.0.is_some()
            || s.certs.has_tls13_certificate();
        if max_version == crate::tls::TLS1_3_VERSION && min_version < max_version && !tls13_capable {
            max_version = crate::tls::TLS1_2_VERSION;
        }
        let config = ServerConfig {
            suites: super::extras::allowed_suites(&s.suites, s.extras.security_level),
            groups: super::extras::allowed_groups(&s.groups, s.extras.security_level),
            max_cert_list: s.extras.max_cert_list,
            server_preference: s.options & SSL_OP_CIPHER_SERVER_PREFERENCE != 0,
            allow_no_dhe: s.options & SSL_OP_ALLOW_NO_DHE_KEX != 0,
            middlebox_compat: s.options & SSL_OP_ENABLE_MIDDLEBOX_COMPAT != 0,
            request_client_cert: s.verify_mode & SSL_VERIFY_PEER != 0,
            require_client_cert: s.verify_mode & SSL_VERIFY_PEER != 0 && s.verify_mode & SSL_VERIFY_FAIL_IF_NO_PEER_CERT != 0,
            client_cert_post_handshake_only: s.verify_mode & SSL_VERIFY_POST_HANDSHAKE != 0,
            num_tickets: s.num_tickets,
            // OpenSSL's get_ca_names: the client CA list, else the CA list
            // (SSL_CTX_set0_CA_list, SSL_CONF's ClientCAFile/RequestCAFile).
            client_ca_names: [s.client_ca.as_ref().or(ctx_client_ca.as_ref()), s.ca_list.as_ref().or(ctx_ca_list.as_ref())]
                .into_iter()
                .flatten()
                .map(|n| n.lock().to_der())
                .find(|names| !names.is_empty())
                .unwrap_or_default(),
            // OpenSSL's default list also lets a TLS 1.2 server sign with
            // rsa_pkcs1_sha224 for a client that offers nothing stronger.
            sigalgs: s.extras.sigalgs.clone().unwrap_or_else(|| {
                let mut v = crate::crypto::verify::advertised_schemes().to_vec();
                v.push(0x0301);
                v
            }),
            client_sigalgs: s
                .extras
                .client_sigalgs
                .clone()
                .or_else(|| s.extras.sigalgs.clone())
                .unwrap_or_else(|| crate::crypto::verify::advertised_schemes().to_vec()),
            tls12_suites: super::extras::allowed_suites_shared(&s.tls12_suites, s.extras.security_level),
            min_version,
            max_version,
            no_ticket: s.options & SSL_OP_NO_TICKET != 0,
            no_ems: s.options & SSL_OP_NO_EXTENDED_MASTER_SECRET != 0,
            no_etm: s.options & SSL_OP_NO_ENCRYPT_THEN_MAC != 0,
            dhe: s.extras.dh_auto != 0 || s.extras.tmp_dh.is_some() || s.extras.tmp_dh_cb.is_some(),
            prefer_sha256: !s.certs.has_any() && s.extras.psk_server_cb.is_some(),
            legacy_sigalgs: s.extras.security_level <= 0,
            server_cache: self.session_ctx.cache_mode.load(Ordering::Relaxed) & super::context::SESS_CACHE_SERVER != 0,
            psk: s.extras.psk_server_cb.is_some(),
            psk_identity_hint: s.extras.psk_identity_hint.as_ref().map(|h| h.as_bytes().to_vec()),
            srp: s.extras.srp.enabled,
            no_renegotiation: s.options & SSL_OP_NO_RENEGOTIATION != 0,
            allow_client_renegotiation: s.options & SSL_OP_ALLOW_CLIENT_RENEGOTIATION != 0,
            allow_unsafe_renegotiation: s.options & SSL_OP_ALLOW_UNSAFE_LEGACY_RENEGOTIATION != 0,
            no_resumption_on_renegotiation: s.options & SSL_OP_NO_SESSION_RESUMPTION_ON_RENEGOTIATION != 0,
            cert_compression: s.cert_compression(),
            cert_types: s.cert_types.clone(),
        };
        Ok(config)
    }

    /// Builds the server engine; it waits for the ClientHello.
    fn start_server(self: &Arc<Self>) -> Result<Box<Engine>, Failure> {
        let config = self.server_config()?;
        let mut st = self.st.lock();
        let s = &st.settings;
        let report_messages = s.extras.msg_cb.0.is_some();
        let block_padding = s.extras.block_padding;
        st.engine_out = true;
        drop(st);
        Stats::bump(&self.session_ctx.stats.accept);
        self.info(SSL_CB_HANDSHAKE_START, 1);
        let mut engine = ServerConnection::new(config);
        if report_messages {
            engine.common.record.msg = Some(Vec::new());
        }
        engine.common.record.block_padding = block_padding;
        Ok(Box::new(Engine::Server(Box::new(engine))))
    }

    pub(super) fn hooks(self: &Arc<Self>) -> Hooks<'_> {
        Hooks { ssl: self, ssl_ptr: self.handle(), session_ctx: &self.session_ctx, found_in_cache: None, cert_cb_ran: false, app_callback_ran: false, resumed_this_hello: false }
    }

    /// Takes the engine out of the lock (creating it if needed).
    fn take_engine(self: &Arc<Self>) -> Result<Box<Engine>, Failure> {
        let mut st = self.st.lock();
        if st.engine_out {
            return Err(Failure::Ssl(ApiError::new(reason::BAD_VALUE, "SSL used re-entrantly from a callback")));
        }
        if st.fatal {
            return Err(Failure::Ssl(ApiError::new(reason::PROTOCOL_IS_SHUTDOWN, "connection failed earlier")));
        }
        let role = st.role.ok_or(Failure::Ssl(ApiError::new(reason::CONNECTION_TYPE_NOT_SET, "connection type not set")))?;
        if let Some(e) = st.engine.take() {
            st.engine_out = true;
            return Ok(e);
        }
        drop(st);
        let started = match role {
            Role::Server => self.start_server(),
            _ => self.start_client(),
        };
        // OpenSSL's tls_setup_handshake: no version enabled is a fatal
        // protocol_version alert, sent before anything else.
        if let Err(Failure::Ssl(e)) = &started {
            if e.reason == reason::NO_PROTOCOLS_AVAILABLE {
                self.send_first_alert(crate::tls::alert::AlertDescription::ProtocolVersion);
            }
        }
        started
    }

    /// A fatal alert before any record was written, in the clear.
    fn send_first_alert(&self, alert: crate::tls::alert::AlertDescription) {
        let wbio = {
            let mut st = self.st.lock();
            st.fatal = true;
            st.wbio.clone()
        };
        if let Some(wbio) = wbio {
            let _ = wbio.write(&[crate::tls::record::CT_ALERT, 3, 1, 0, 2, crate::tls::alert::LEVEL_FATAL, alert as u8]);
            wbio.flush();
        }
    }

    fn put_engine(&self, engine: Box<Engine>) {
        let mut st = self.st.lock();
        st.engine = Some(engine);
        st.engine_out = false;
    }

    /// Runs `f` with the engine out of the lock, then puts it back and
    /// records fatal errors.
    pub(super) fn with_engine<R>(self: &Arc<Self>, f: impl FnOnce(&Arc<Self>, &mut Engine) -> Result<R, Failure>) -> Result<R, Failure> {
        let mut engine = self.take_engine()?;
        let r = f(self, &mut engine);
        let failed = engine.common().failed.is_some();
        self.put_engine(engine);
        let mut st = self.st.lock();
        st.rwstate = match &r {
            Err(Failure::WantRead) => RwState::Reading,
            Err(Failure::WantWrite) => RwState::Writing,
            _ => RwState::Nothing,
        };
        if failed || matches!(r, Err(Failure::Engine(_))) {
            st.fatal = true;
        }
        r
    }

    /// Writes queued bytes to the write BIO.
    /// Reports what the engine handled since the last call: the handshake
    /// state follows each message (`SSL_get_state`), and the info callback
    /// hears SSL_CB_{CONNECT,ACCEPT}_LOOP and SSL_CB_{READ,WRITE}_ALERT
    /// (value (level << 8) | description) as OpenSSL's state machine and
    /// record layer report them. No lock of ours is held while it runs.
    ///
    /// OpenSSL calls LOOP before each transition, with the state it is
    /// leaving: once per message sent or received, once more when it stops
    /// writing to start reading, once when the handshake ends; a TLS 1.3
    /// server waits for the client's Finished in TLS_ST_EARLY_DATA; every
    /// post-handshake message is a run of its own (from TLS_ST_OK back to it).
    fn report_events(&self, engine: &mut Engine) {
        let server = matches!(engine, Engine::Server(_));
        // SSL_version and SSL_get_current_cipher follow the negotiation as
        // soon as the hellos are done (OpenSSL sets both from the ServerHello);
        // after the handshake finish_handshake has set them, so records read
        // later take no lock here.
        let version = engine.common().version;
        if version != 0 && !engine.is_handshake_done() {
            let mut st = self.st.lock();
            st.version = version;
            st.negotiated_suite = engine.common().suite;
        }
        let rec = &mut engine.common_mut().record;
        let messages = rec.msg.as_mut().map(std::mem::take).unwrap_or_default();
        if !messages.is_empty() {
            let (cb, arg) = self.st.lock().settings.extras.msg_cb;
            for (sent, version, content_type, bytes) in &messages {
                callbacks::message(cb, *sent, *version, *content_type, bytes, self.handle(), arg);
            }
        }
        let rec = &mut engine.common_mut().record;
        if rec.trace.is_empty() && rec.alerts.is_empty() {
            return;
        }
        let trace = std::mem::take(&mut rec.trace);
        let alerts = std::mem::take(&mut rec.alerts);
        let looped = if server { SSL_CB_ACCEPT_LOOP } else { SSL_CB_CONNECT_LOOP };
        let step = |to: Option<u32>| {
            self.info(looped, 1);
            if let Some(to) = to {
                self.st.lock().hs_state = to;
            }
        };
        {
            let mut st = self.st.lock();
            for &(sent, ty) in &trace {
                st.handshake_rtt.message(server, sent, ty);
            }
        }
        for (sent, ty) in trace {
            let Some(state) = super::hs_state::after_message(server, sent, ty) else { continue };
            let (done, writing) = {
                let st = self.st.lock();
                (st.handshake_done, st.hs_writing)
            };
            if done {
                if !sent {
                    step(None);
                }
                step(Some(state));
                step(Some(super::hs_state::OK));
                continue;
            }
            if !sent && writing {
                step(None);
            }
            self.st.lock().hs_writing = sent;
            step(Some(state));
            if server && sent && ty == crate::tls::msgs::FINISHED && version == crate::tls::TLS1_3_VERSION {
                step(Some(super::hs_state::EARLY_DATA));
            }
        }
        for (sent, level, desc) in alerts {
            let what = if sent { SSL_CB_WRITE_ALERT } else { SSL_CB_READ_ALERT };
            self.info(what, ((level as i32) << 8) | desc as i32);
        }
    }

    pub(super) fn flush(&self, engine: &mut Engine) -> Result<(), Failure> {
        self.report_events(engine);
        let (wbio, mut out) = {
            let mut st = self.st.lock();
            let fresh = engine.common_mut().take_outgoing();
            let out = if st.out.is_empty() {
                fresh
            } else {
                let mut o = std::mem::take(&mut st.out);
                o.extend_from_slice(&fresh);
                o
            };
            if out.is_empty() {
                // Nothing to write: no reference taken on the BIO (each
                // clone is a BIO_up_ref and a BIO_free in libcrypto). The
                // empty buffer is dropped, not kept: an idle connection
                // holds no write buffer.
                return Ok(());
            }
            (st.wbio.clone(), out)
        };
        let Some(wbio) = wbio else {
            self.st.lock().out = out;
            return Err(Failure::Ssl(ApiError::new(reason::BIO_NOT_SET, "bio not set")));
        };
        let mut written = 0;
        let result = loop {
            if written == out.len() {
                wbio.flush();
                break Ok(());
            }
            match wbio.write(&out[written..]) {
                Io::Done(n) => written += n,
                Io::Retry => break Err(Failure::WantWrite),
                Io::Eof | Io::Error => break Err(Failure::Syscall),
            }
        };
        if written == out.len() {
            // Hand the (now empty) buffer back so its capacity is reused.
            out.clear();
            engine.common_mut().return_outgoing(out);
        } else {
            out.drain(..written);
            self.st.lock().out = out;
        }
        result
    }

    /// Reads at most one record's worth from the read BIO, straight into the
    /// engine's receive buffer, and processes it.
    pub(super) fn read_some(self: &Arc<Self>, engine: &mut Engine) -> Result<(), Failure> {
        let rbio = self.st.lock().rbio.clone().ok_or(Failure::Ssl(ApiError::new(reason::BIO_NOT_SET, "bio not set")))?;
        let want = engine.common().bytes_wanted().max(1);
        let io = rbio.read(engine.common_mut().record.spare(want));
        match io {
            Io::Done(n) => {
                engine.common_mut().record.commit(n);
                let mut hooks = self.hooks();
                let r = engine.receive(&[], &mut hooks);
                self.report_events(engine);
                // An alert we owe the peer goes out before we report failure.
                let _ = self.flush(engine);
                r.map_err(Failure::Engine)
            }
            Io::Retry => Err(Failure::WantRead),
            Io::Eof => {
                let ignore = self.st.lock().settings.options & SSL_OP_IGNORE_UNEXPECTED_EOF != 0;
                if ignore && engine.is_handshake_done() {
                    engine.common_mut().peer_closed = true;
                    Ok(())
                } else {
                    // OpenSSL 3.0's ssl3_read_n: a fatal decode_error alert
                    // (the peer may have closed only its sending side). Sent
                    // during the handshake only: after it, a write to a fully
                    // closed socket would risk SIGPIPE in programs that do
                    // not ignore it.
                    if !engine.is_handshake_done() && engine.common().failed.is_none() {
                        let eof = crate::tls::Error::new(crate::tls::alert::AlertDescription::DecodeError, crate::tls::Reason::UNEXPECTED_EOF_WHILE_READING, "unexpected eof while reading");
                        engine.common_mut().fail(eof);
                        let _ = self.flush(engine);
                    }
                    Err(Failure::Ssl(ApiError::new(reason::UNEXPECTED_EOF_WHILE_READING, "unexpected eof while reading")))
                }
            }
            Io::Error => Err(Failure::Syscall),
        }
    }

    /// `SSL_do_handshake` / `SSL_connect`: 1 when done.
    pub fn do_handshake(self: &Arc<Self>) -> Result<(), Failure> {
        if self.st.lock().handshake_done {
            self.send_requested_tickets()?;
            self.send_post_handshake_request()?;
            return self.start_requested_renegotiation();
        }
        let r = self.with_engine(|me, engine| me.handshake_loop(engine));
        if r.is_ok() {
            self.finish_handshake();
        }
        // OpenSSL's state machine reports every exit, with its return value.
        let server = self.st.lock().role == Some(Role::Server);
        self.info(if server { SSL_CB_ACCEPT_EXIT } else { SSL_CB_CONNECT_EXIT }, if r.is_ok() { 1 } else { -1 });
        r
    }

    fn handshake_loop(self: &Arc<Self>, engine: &mut Engine) -> Result<(), Failure> {
        loop {
            self.flush(engine)?;
            if let Some(e) = &engine.common().failed {
                return Err(Failure::Engine(e.clone()));
            }
            if engine.is_handshake_done() {
                return Ok(());
            }
            self.read_some(engine)?;
        }
    }

    pub(super) fn finish_handshake(self: &Arc<Self>) {
        // Dropped only after the lock is released (see set_current_session).
        let mut displaced_session = None;
        let st = self.st.lock();
        if st.handshake_done {
            return;
        }
        // The last transition, into TLS_ST_OK, is reported like the others.
        let server = st.role == Some(Role::Server);
        drop(st);
        self.info(if server { SSL_CB_ACCEPT_LOOP } else { SSL_CB_CONNECT_LOOP }, 1);
        let mut st = self.st.lock();
        st.handshake_done = true;
        st.hs_state = super::hs_state::OK;
        let Some(engine) = st.engine.take() else { return };
        st.reneg = super::renegotiate::RenegState {
            handshakes_seen: engine.common().handshakes_completed,
            renegotiations_seen: engine.common().renegotiations_started,
            ..Default::default()
        };
        let resumed = engine.resumed();
        let is_server = matches!(*engine, Engine::Server(_));
        st.session_reused = resumed;
        st.negotiated_suite = engine.common().suite;
        st.version = engine.common().version;
        let tls12 = st.version < crate::tls::TLS1_3_VERSION;
        st.negotiated_group = engine.negotiated_group();
        st.alpn_selected = engine.alpn_selected().map(|a| a.to_vec()).unwrap_or_default();
        if let Engine::Server(s) = &*engine {
            st.raw_cipherlist = s.client_suites_raw.clone();
        }
        if is_server {
            // The server's session was installed by ticket issuance or
            // resumption; with no ticket sent it is the handshake's own
            // session (no id, no master key yet in TLS 1.3), as in OpenSSL.
            if resumed {
                if let Some(s) = &st.session {
                    st.peer_chain = s.peer_chain();
                }
            } else if st.session.is_none() || st.session_provisional {
                if let Some(mut data) = engine.established().cloned() {
                    data.timeout = self.ctx().timeout.load(Ordering::Relaxed).max(0) as u64;
                    data.verify_result = st.verify_result;
                    let peer = st.peer_chain.clone();
                    displaced_session = st.set_current_session(data, peer, false).1;
                }
            }
        } else if tls12 {
            // The TLS 1.2 session was installed (and cached) by the engine's
            // tls12_session hook; a resumed one carries the peer's chain.
            if resumed {
                st.verify_result = engine.established().map_or(0, |e| e.verify_result);
                if let Some(s) = &st.session {
                    st.peer_chain = s.peer_chain();
                }
            }
        } else if !resumed {
            // A full handshake gets a fresh session (OpenSSL's
            // ssl_get_new_session before the ClientHello); it becomes
            // resumable when a ticket arrives. Tickets are read only after
            // this point, since we never read past the Finished record.
            if let Some(mut data) = engine.established().cloned() {
                data.verify_result = st.verify_result;
                data.sid_ctx = st.settings.sid_ctx.clone();
                data.timeout = self.ctx().timeout.load(Ordering::Relaxed) as u64;
                let peer = st.peer_chain.clone();
                displaced_session = st.set_current_session(data, peer, false).1;
            }
        } else {
            st.verify_result = engine.established().map_or(0, |e| e.verify_result);
            if let Some(s) = &st.session {
                st.peer_chain = s.peer_chain();
            }
        }
        // The ClientHello kept for the client-hello callback's getters is
        // the handshake's only (OpenSSL frees s->clienthello once it is
        // processed; SSL_client_hello_* fail outside the handshake).
        st.peer.client_hello = None;
        st.engine = Some(engine);
        // A TLS 1.3 client's tickets are single use: OpenSSL takes a resumed
        // session out of the client cache (measured: the remove callback runs
        // during the resumed handshake and the cache count drops).
        let used_up = (!is_server && resumed && !tls12 && self.session_ctx.cache_mode.load(Ordering::Relaxed) & super::context::SESS_CACHE_CLIENT != 0)
            .then(|| st.session.clone())
            .flatten();
        drop(st);
        drop(displaced_session);
        if let Some(s) = used_up {
            super::hooks::remove_session(&self.session_ctx, &s);
        }
        // "good" handshakes count in the current context (which the
        // servername callback may have switched); hits in the session context.
        let current = self.ctx();
        if is_server {
            Stats::bump(&current.stats.accept_good);
        } else {
            if resumed {
                Stats::bump(&self.session_ctx.stats.hits);
            }
            Stats::bump(&current.stats.connect_good);
        }
        self.info(SSL_CB_HANDSHAKE_DONE, 1);
    }

    /// `SSL_read`/`SSL_peek`: bytes read, or why not.
    pub fn read(self: &Arc<Self>, out: &mut [u8], peek: bool) -> Result<usize, Failure> {
        if self.st.lock().shutdown & SSL_RECEIVED_SHUTDOWN != 0 {
            return Err(Failure::ZeroReturn);
        }
        self.do_handshake()?;
        self.with_engine(|me, engine| loop {
            if engine.common().plaintext_len() > 0 {
                return Ok(engine.common_mut().read_plaintext(out, peek));
            }
            if engine.common().peer_closed {
                me.st.lock().shutdown |= SSL_RECEIVED_SHUTDOWN;
                return Err(Failure::ZeroReturn);
            }
            me.flush(engine)?;
            // Even for zero bytes OpenSSL reads records until application
            // data is there (ssl3_read_bytes), handling handshake messages on
            // the way: Apache drives renegotiation and post-handshake
            // authentication with SSL_peek(ssl, buf, 0).
            me.read_some(engine)?;
            me.note_renegotiation(engine);
            // OpenSSL's ssl3_read_bytes: a whole record that carried no
            // application data (a ticket, a KeyUpdate) ends the call with
            // SSL_ERROR_WANT_READ unless SSL_MODE_AUTO_RETRY is set; openssl
            // s_client clears it and goes back to select() on the socket.
            let record_done = !engine.common().record.has_buffered_input();
            if record_done
                && engine.common().plaintext_len() == 0
                && !engine.common().peer_closed
                && !engine.handshake_in_progress()
                && me.st.lock().settings.mode & SSL_MODE_AUTO_RETRY == 0
            {
                return Err(Failure::WantRead);
            }
        })
    }

    /// `SSL_free_buffers`: releases the record buffers unless they hold
    /// something — received bytes not yet processed, unread plaintext, or
    /// records not yet written (OpenSSL's RECORD_LAYER checks).
    pub fn free_buffers(&self) -> bool {
        let mut st = self.st.lock();
        if st.engine_out || !st.out.is_empty() || st.pending_write > 0 {
            return false;
        }
        match st.engine.as_mut() {
            Some(e) => e.common().plaintext_len() == 0 && e.common_mut().record.release_buffers(),
            None => true,
        }
    }

    /// `SSL_alloc_buffers`: the record buffers allocated now rather than
    /// at first use (nothing to do before the connection starts).
    pub fn alloc_buffers(&self) -> bool {
        let mut st = self.st.lock();
        if let Some(e) = st.engine.as_mut() {
            e.common_mut().record.allocate_buffers();
        }
        true
    }

    /// `SSL_has_pending`: plaintext, or bytes not yet made into records.
    pub fn has_pending(&self) -> bool {
        self.st.lock().engine.as_ref().is_some_and(|e| e.common().plaintext_len() > 0 || e.common().record.has_buffered_input())
    }

    pub fn pending(&self) -> usize {
        self.st.lock().engine.as_ref().map_or(0, |e| e.common().plaintext_len())
    }

    /// `SSL_write`: bytes written (all of them unless partial writes are on).
    pub fn write(self: &Arc<Self>, data: &[u8]) -> Result<usize, Failure> {
        {
            let mut st = self.st.lock();
            if st.shutdown & SSL_SENT_SHUTDOWN != 0 {
                return Err(Failure::Ssl(ApiError::new(reason::PROTOCOL_IS_SHUTDOWN, "write after close_notify")));
            }
            st.arm_tickets();
        }
        self.do_handshake()?;
        self.with_engine(|me, engine| {
            let pending = me.st.lock().pending_write;
            if pending > 0 {
                // A retried write: what we sealed last time goes out first.
                me.flush(engine)?;
                me.st.lock().pending_write = 0;
                return Ok(pending);
            }
            let partial = me.st.lock().settings.mode & SSL_MODE_ENABLE_PARTIAL_WRITE != 0;
            let n = if partial { data.len().min(crate::tls::record::MAX_PLAINTEXT) } else { data.len() };
            engine.common_mut().write_application_data(&data[..n]).map_err(Failure::Engine)?;
            match me.flush(engine) {
                Ok(()) => Ok(n),
                Err(Failure::WantWrite) => {
                    me.st.lock().pending_write = n;
                    Err(Failure::WantWrite)
                }
                Err(e) => Err(e),
            }
        })
    }

    /// `SSL_shutdown`: Ok(0) after sending close_notify, Ok(1) when both sides closed.
    pub fn shutdown(self: &Arc<Self>) -> Result<i32, Failure> {
        {
            let st = self.st.lock();
            if !st.handshake_done {
                if st.engine.is_none() && !st.engine_out {
                    // Nothing started: OpenSSL returns 1 for an idle SSL.
                    return Ok(1);
                }
                return Err(Failure::Ssl(ApiError::new(reason::SHUTDOWN_WHILE_IN_INIT, "shutdown while in init")));
            }
        }
        {
            // OpenSSL's ssl3_shutdown: with quiet shutdown both directions are
            // marked closed and nothing is sent.
            let mut st = self.st.lock();
            if st.settings.extras.quiet_shutdown {
                st.shutdown = SSL_SENT_SHUTDOWN | SSL_RECEIVED_SHUTDOWN;
                return Ok(1);
            }
            if st.fatal {
                return Err(Failure::Ssl(ApiError::new(reason::PROTOCOL_IS_SHUTDOWN, "connection failed")));
            }
        }
        self.with_engine(|me, engine| {
            let first = !engine.common().sent_close;
            engine.common_mut().send_close_notify().map_err(Failure::Engine)?;
            me.st.lock().shutdown |= SSL_SENT_SHUTDOWN;
            me.flush(engine)?;
            if engine.common().peer_closed {
                me.st.lock().shutdown |= SSL_RECEIVED_SHUTDOWN;
                return Ok(1);
            }
            if first {
                return Ok(0);
            }
            // Second call: wait for the peer's close_notify. Application
            // data instead is fatal (OpenSSL's ssl3_read_bytes reading for
            // SSL_shutdown: SSL_R_APPLICATION_DATA_AFTER_CLOSE_NOTIFY, no
            // alert since ours is sent); SSL_read would still have taken it.
            loop {
                me.read_some(engine)?;
                if engine.common().plaintext_len() > 0 {
                    me.st.lock().fatal = true;
                    return Err(Failure::Ssl(ApiError::new(reason::APPLICATION_DATA_AFTER_CLOSE_NOTIFY, "application data after close notify")));
                }
                if engine.common().peer_closed {
                    me.st.lock().shutdown |= SSL_RECEIVED_SHUTDOWN;
                    return Ok(1);
                }
            }
        })
    }

    /// `SSL_key_update`: queue a KeyUpdate, sent on the next write or handshake call.
    /// Refused as OpenSSL's SSL_key_update refuses it: not TLS 1.3
    /// (SSL_R_WRONG_SSL_VERSION), during a handshake (SSL_R_STILL_IN_INIT),
    /// while a write waits to be retried (SSL_R_BAD_WRITE_RETRY).
    pub fn key_update(self: &Arc<Self>, request_peer: bool) -> Result<(), Failure> {
        {
            let st = self.st.lock();
            if st.version != crate::tls::TLS1_3_VERSION {
                return Err(Failure::Ssl(ApiError::new(reason::WRONG_SSL_VERSION, "key update outside TLS 1.3")));
            }
            if !st.handshake_done || st.pha_to_send {
                return Err(Failure::Ssl(ApiError::new(reason::STILL_IN_INIT, "key update during the handshake")));
            }
            if st.pending_write > 0 || !st.out.is_empty() {
                return Err(Failure::Ssl(ApiError::new(reason::BAD_WRITE_RETRY, "a write is waiting to be retried")));
            }
        }
        self.with_engine(|me, engine| {
            engine.common_mut().update_write_key(request_peer).map_err(Failure::Engine)?;
            match me.flush(engine) {
                Err(Failure::WantWrite) | Ok(()) => Ok(()),
                Err(e) => Err(e),
            }
        })
    }

    /// `SSL_new_session_ticket`: a TLS 1.3 server will send one more
    /// ticket with its next SSL_write, SSL_read or SSL_do_handshake (OpenSSL
    /// counts it in extra_tickets_expected and re-enters init); refused
    /// during the first handshake, on a client and before TLS 1.3.
    pub fn new_session_ticket(self: &Arc<Self>) -> Result<(), Failure> {
        let mut st = self.st.lock();
        if !st.handshake_done || st.role != Some(Role::Server) || st.version != crate::tls::TLS1_3_VERSION {
            return Err(Failure::Ssl(ApiError::new(reason::BAD_VALUE, "no TLS 1.3 server handshake done")));
        }
        st.tickets_to_send += 1;
        st.arm_tickets();
        Ok(())
    }

    /// Sends the tickets `new_session_ticket` asked for, once armed.
    fn send_requested_tickets(self: &Arc<Self>) -> Result<(), Failure> {
        if !self.st.lock().tickets_armed {
            return Ok(());
        }
        self.with_engine(|me, engine| {
            let Engine::Server(s) = engine else {
                return Err(Failure::Ssl(ApiError::new(reason::BAD_VALUE, "only a server sends tickets")));
            };
            let mut hooks = me.hooks();
            while me.st.lock().tickets_to_send > 0 {
                s.send_ticket(&mut hooks).map_err(Failure::Engine)?;
                me.st.lock().tickets_to_send -= 1;
            }
            drop(hooks);
            me.st.lock().tickets_armed = false;
            match me.flush(engine) {
                Err(Failure::WantWrite) | Ok(()) => Ok(()),
                Err(e) => Err(e),
            }
        })
    }

    /// `SSL_verify_client_post_handshake`: a TLS 1.3 server will ask an
    /// established client for its certificate (RFC 8446 4.6.2). As in
    /// OpenSSL the request is only marked here (the connection is back "in
    /// init"); the next SSL_do_handshake, SSL_read or SSL_write sends the
    /// CertificateRequest, and later reads process the answer. Fails in
    /// OpenSSL's order: SSL_R_WRONG_SSL_VERSION (not TLS 1.3),
    /// SSL_R_NOT_SERVER, SSL_R_STILL_IN_INIT, SSL_R_EXTENSION_NOT_RECEIVED
    /// (no post_handshake_auth from the client), SSL_R_REQUEST_SENT (one is
    /// unanswered), SSL_R_INVALID_CONFIG (no SSL_VERIFY_PEER).
    pub fn verify_client_post_handshake(self: &Arc<Self>) -> Result<(), Failure> {
        let fail = |reason, detail| Err(Failure::Ssl(ApiError::new(reason, detail)));
        let mut st = self.st.lock();
        if st.version != crate::tls::TLS1_3_VERSION {
            return fail(reason::WRONG_SSL_VERSION, "post-handshake authentication is TLS 1.3's");
        }
        if st.role != Some(Role::Server) {
            return fail(reason::NOT_SERVER, "SSL_verify_client_post_handshake on a client");
        }
        if !st.handshake_done || st.pha_to_send {
            return fail(reason::STILL_IN_INIT, "handshake not finished");
        }
        let Some(Engine::Server(s)) = st.engine.as_deref() else {
            return fail(reason::STILL_IN_INIT, "connection in use");
        };
        if !s.post_handshake_auth_offered() {
            return fail(reason::EXTENSION_NOT_RECEIVED, "client did not offer post_handshake_auth");
        }
        if s.post_handshake_auth_pending() {
            return fail(reason::REQUEST_SENT, "certificate request unanswered");
        }
        if st.settings.verify_mode & SSL_VERIFY_PEER == 0 {
            return fail(reason::INVALID_CONFIG, "SSL_VERIFY_PEER not set");
        }
        st.pha_to_send = true;
        Ok(())
    }

    /// Sends the CertificateRequest `verify_client_post_handshake` marked
    /// (OpenSSL's state machine writes it on the next handshake call).
    fn send_post_handshake_request(self: &Arc<Self>) -> Result<(), Failure> {
        if !self.st.lock().pha_to_send {
            return Ok(());
        }
        self.with_engine(|me, engine| {
            let Engine::Server(s) = engine else {
                return Err(Failure::Ssl(ApiError::new(reason::NOT_SERVER, "post-handshake request on a client")));
            };
            let mut hooks = me.hooks();
            s.request_client_certificate(&mut hooks).map_err(Failure::Engine)?;
            drop(hooks);
            me.st.lock().pha_to_send = false;
            match me.flush(engine) {
                Err(Failure::WantWrite) | Ok(()) => Ok(()),
                Err(e) => Err(e),
            }
        })
    }

    /// The peer's CertificateVerify scheme, once verified.
    /// Reads the engine's shared state once it exists (None before the
    /// first handshake call, or while another thread drives the engine).
    pub fn with_common<R>(&self, f: impl FnOnce(&crate::tls::common::Common) -> R) -> Option<R> {
        self.st.lock().engine.as_ref().map(|e| f(e.common()))
    }

    pub fn peer_sig_scheme(&self) -> Option<u16> {
        self.st.lock().engine.as_ref()?.common().peer_sig_scheme
    }

    /// The peer's ephemeral public key and group, once the handshake used one.
    pub fn peer_key_share(&self) -> Option<(crate::crypto::kx::Group, Vec<u8>)> {
        self.st.lock().engine.as_ref()?.common().peer_key_share.clone()
    }

    /// `SSL_export_keying_material` (the TLS 1.3 exporter or RFC 5705's).
    pub fn export_keying_material(&self, label: &[u8], context: Option<&[u8]>, len: usize) -> Option<Vec<u8>> {
        let st = self.st.lock();
        let engine = st.engine.as_ref()?;
        engine.common().export_keying_material(label, context, len).map(|s| s.to_vec())
    }

    pub fn peer_chain(&self) -> Vec<X509Ref> {
        self.st.lock().peer_chain.clone()
    }
}
