//! The engine's hooks into the API layer: certificate verification through
//! libcrypto, key logging, sessions and tickets with OpenSSL's cache rules
//! and statistics, SNI and ALPN callbacks. All run with no lock of ours held
//! around an application callback, so callbacks may call back in.

use std::sync::atomic::Ordering;
use std::sync::Arc;

use crate::api::connection::{register_session, Ssl};
use crate::api::context::{
    SslContext, Stats, SESS_CACHE_CLIENT, SESS_CACHE_NO_AUTO_CLEAR, SESS_CACHE_NO_INTERNAL_LOOKUP,
    SESS_CACHE_NO_INTERNAL_STORE, SESS_CACHE_SERVER,
};
use crate::api::handle::{self, CRef, Kind};
use crate::api::session::Session;
use crate::sys::callbacks;
use crate::sys::x509::{self, Store};
use crate::tls::alert::AlertDescription;
use crate::tls::client::ClientHooks;
use crate::tls::server::{CertifiedKey, Resumption, ServerHooks};
use crate::tls::session::{now_ms, SessionData};
use crate::tls::{Error, Reason};

/// SSL_VERIFY_PEER.
pub const VERIFY_PEER: i32 = 1;
const SSL_OP_NO_TICKET: u64 = 1 << 14;

pub struct Hooks<'a> {
    pub ssl: &'a Arc<Ssl>,
    pub ssl_ptr: usize,
    /// The context sessions are cached in and counted against
    /// (OpenSSL's `session_ctx`: the one the SSL was created with).
    pub session_ctx: &'a CRef<SslContext>,
    /// A cache entry a stateful ticket named, kept to remove it on resumption.
    pub found_in_cache: Option<CRef<Session>>,
    /// The certificate callback runs once per handshake, even when TLS 1.2
    /// looks for a certificate per kind of suite.
    pub cert_cb_ran: bool,
    /// An application callback ran since the engine last took the
    /// connection's settings: they may have changed (`updated_config`).
    pub app_callback_ran: bool,
    /// This ClientHello resumes a session (check_session accepted one).
    pub resumed_this_hello: bool,
}

struct Verification {
    mode: i32,
    cb: crate::sys::callbacks::VerifyCb,
    store: Store,
    param: std::mem::ManuallyDrop<x509::VerifyParam>,
    policy: x509::VerifyPolicy,
}

impl Verification {
    fn verifier(&self, ssl: *mut std::ffi::c_void, server_side: bool) -> x509::Verifier<'_> {
        x509::Verifier { store: &self.store, param: &self.param, ssl, cb: self.cb, server_side, policy: &self.policy }
    }
}

fn hex(b: &[u8]) -> String {
    b.iter().map(|x| format!("{x:02x}")).collect()
}

impl Hooks<'_> {
    /// A setting for a callback about to run, SSL_version already the
    /// negotiated version (callbacks may ask it: s_server's PSK callback does).
    fn setting_at<T>(&self, version: u16, f: impl FnOnce(&crate::api::extras::Extras) -> T) -> T {
        let mut st = self.ssl.st.lock();
        st.version = version;
        f(&st.settings.extras)
    }

    fn verify_chain(&mut self, chain: &[Vec<u8>], server_side: bool) -> Result<(), Error> {
        let parsed = &self.session_ctx.parsed_certs;
        let mut certs = Vec::with_capacity(chain.len());
        for der in chain {
            match parsed.get_or_parse(der) {
                Some(x) => certs.push(x),
                None => return Err(Error::new(AlertDescription::DecodeError, Reason::BAD_PACKET_LENGTH, "certificate does not parse")),
            }
        }
        let v = self.verification()?;
        let mode = v.mode;
        let outcome = x509::verify_chain(&v.verifier(self.ssl_ptr as *mut _, server_side), &certs);
        let refused = !outcome.ok && mode & VERIFY_PEER != 0;
        {
            // OpenSSL records the verify result whatever it is, but keeps
            // the peer's certificate only when the handshake goes on
            // (tls_process_client/server_certificate).
            let mut st = self.ssl.st.lock();
            st.verify_result = outcome.error;
            if !refused {
                st.peer_chain = certs;
                st.peer_chain_stack = None;
                st.verified_chain = outcome.verified_chain;
            }
        }
        if refused {
            return Err(Error::new(x509::alert_for_verify_error(outcome.error), Reason::CERTIFICATE_VERIFY_FAILED, "certificate verify failed"));
        }
        Ok(())
    }

    /// What a verification of the peer uses: the verify mode and callback,
    /// the store (`SSL_CTX_set1_verify_cert_store`, else the context's), the
    /// SSL's param, and OpenSSL's policy (security level, app callback).
    fn verification(&self) -> Result<Verification, Error> {
        let (mode, cb, param_ptr, verify_store, auth_level) = {
            let st = self.ssl.st.lock();
            let e = &st.settings.extras;
            (st.settings.verify_mode, st.settings.verify_cb, st.param.as_ptr(), e.verify_store.clone(), e.security_level)
        };
        let ctx = self.ssl.ctx();
        let policy = x509::VerifyPolicy { auth_level, app_verify: ctx.callbacks.lock().hooks.cert_verify };
        let store = match verify_store {
            Some(s) => s,
            None => Store::from_borrowed(ctx.store.lock().as_ptr()).ok_or_else(|| Error::internal("no certificate store"))?,
        };
        // The param belongs to the SSL, which the caller keeps alive for the
        // whole handshake; we borrow it without taking ownership.
        let param = std::mem::ManuallyDrop::new(x509::VerifyParam::from_owned(param_ptr).ok_or_else(|| Error::internal("no verify param"))?);
        Ok(Verification { mode, cb, store, param, policy })
    }

    /// A raw public key (RFC 7250) as OpenSSL 3.5's ssl_verify_rpk checks
    /// it; with SSL_VERIFY_PEER a failure refuses the peer, otherwise the
    /// result is only recorded (`SSL_get_verify_result`).
    fn verify_rpk(&mut self, spki: &[u8], server_side: bool) -> Result<(), Error> {
        // OpenSSL's tls_process_rpk: d2i_PUBKEY must take every byte.
        let key = crate::sys::pkey::PKey::from_spki(spki).ok_or_else(|| Error::new(AlertDescription::DecodeError, Reason::LENGTH_MISMATCH, "raw public key"))?;
        let key = std::sync::Arc::new(key);
        // OpenSSL's client keeps the server's key in its session before
        // verifying it (tls_process_server_rpk); its server keeps the
        // client's only once verified (tls_process_client_rpk).
        if !server_side {
            self.ssl.st.lock().peer_rpk = Some(key.clone());
        }
        let v = self.verification()?;
        let outcome = x509::verify_rpk(&v.verifier(self.ssl_ptr as *mut _, server_side), &key);
        let refused = !outcome.ok && v.mode & VERIFY_PEER != 0;
        {
            let mut st = self.ssl.st.lock();
            st.verify_result = outcome.error;
            if server_side && !refused {
                st.peer_rpk = Some(key);
            }
        }
        if refused {
            return Err(Error::new(x509::alert_for_verify_error(outcome.error), Reason::CERTIFICATE_VERIFY_FAILED, "raw public key verify failed"));
        }
        Ok(())
    }

    fn log_key(&mut self, label: &str, client_random: &[u8], secret: &[u8]) {
        let cb = self.ssl.ctx().callbacks.lock().keylog;
        if cb.is_some() {
            let line = format!("{label} {} {}", hex(client_random), hex(secret));
            callbacks::keylog(cb, self.ssl_ptr, &line);
        }
    }

    /// Registers a new session as the connection's current one.
    fn install_session(&mut self, data: SessionData) -> CRef<Session> {
        self.install_session_from(data, false)
    }

    /// As install_session; with `dup_ex` the session is OpenSSL's
    /// ssl_session_dup of the current one (its ex_data carried over).
    fn install_session_from(&mut self, data: SessionData, dup_ex: bool) -> CRef<Session> {
        let mut st = self.ssl.st.lock();
        let peer = st.peer_chain.clone();
        let (session, displaced) = st.set_current_session(data, peer, dup_ex);
        drop(st);
        drop(displaced);
        session.expect("just registered")
    }

    /// OpenSSL's ssl_get_new_session on a server: from the ClientHello on,
    /// the SSL has a session (unless one is being resumed), so the
    /// servername, certificate and ALPN callbacks can read and write it —
    /// nginx reads `SSL_SESSION_get0_hostname(SSL_get0_session(ssl))` in
    /// its servername callback. The handshake fills it in later.
    fn provide_new_session(&mut self) {
        if self.resumed_this_hello {
            return;
        }
        let mut data = SessionData::new(None);
        data.sid_ctx = self.ssl.st.lock().settings.sid_ctx.clone();
        data.timeout = self.ssl.ctx().timeout.load(Ordering::Relaxed).max(0) as u64;
        let Some(session) = register_session(Session::new(data)) else { return };
        let mut st = self.ssl.st.lock();
        let old = st.session.replace(session);
        st.session_provisional = true;
        drop(st);
        drop(old);
    }

    /// OpenSSL's `ssl_update_cache` for one side.
    fn update_cache(&mut self, session: &CRef<Session>, side: i64) {
        let ctx = self.session_ctx;
        // "If the session_id_length is 0, we are not supposed to cache it."
        if session.read(|d| d.session_id.is_empty()) {
            return;
        }
        // "Do not cache (on the server) these sessions that are not
        // resumable": no session id context with SSL_VERIFY_PEER.
        if side == SESS_CACHE_SERVER {
            let st = self.ssl.st.lock();
            if st.settings.sid_ctx.is_empty() && st.settings.verify_mode & VERIFY_PEER != 0 {
                return;
            }
        }
        let mode = ctx.cache_mode.load(Ordering::Relaxed);
        if mode & side == 0 {
            return;
        }
        // The automatic flush every 255 good handshakes.
        if mode & SESS_CACHE_NO_AUTO_CLEAR == 0 {
            let good = if side == SESS_CACHE_CLIENT { &ctx.stats.connect_good } else { &ctx.stats.accept_good };
            if good.load(Ordering::Relaxed) & 0xff == 0xff {
                flush_sessions(ctx, now_ms());
            }
        }
        let (remove_cb, new_cb) = {
            let c = ctx.callbacks.lock();
            (c.remove_session, c.new_session)
        };
        let stateful = self.ssl.st.lock().settings.options & SSL_OP_NO_TICKET != 0;
        // OpenSSL's ssl_update_cache: a TLS 1.3 server keeps stateless-ticket
        // sessions out of the internal cache unless a remove callback or
        // stateful tickets need them there; TLS 1.2 sessions always go in.
        let tls13 = session.read(|d| d.version == crate::tls::TLS1_3_VERSION);
        let store_internally = side == SESS_CACHE_CLIENT || !tls13 || stateful || remove_cb.is_some();
        if mode & SESS_CACHE_NO_INTERNAL_STORE == 0 && store_internally {
            add_session(ctx, session.clone());
        }
        if new_cb.is_some() {
            handle::up_ref(session.ptr(), Kind::Session);
            if callbacks::new_session(new_cb, self.ssl_ptr, session.ptr()) == 0 {
                handle::release(session.ptr(), Kind::Session);
            }
        }
    }

    /// OpenSSL's `lookup_sess_in_cache`: internal cache, then the get callback.
    fn lookup(&mut self, id: &[u8]) -> Option<CRef<Session>> {
        let ctx = self.session_ctx;
        let mode = ctx.cache_mode.load(Ordering::Relaxed);
        if mode & SESS_CACHE_NO_INTERNAL_LOOKUP == 0 {
            if let Some(s) = ctx.cache.get(id) {
                return Some(s);
            }
            Stats::bump(&ctx.stats.misses);
        }
        let cb = ctx.callbacks.lock().get_session;
        let (ptr, copy) = callbacks::get_session(cb, self.ssl_ptr, id);
        if ptr == 0 {
            return None;
        }
        Stats::bump(&ctx.stats.cb_hits);
        // copy=1: the callback kept its reference and we take a new one;
        // copy=0: the callback handed us its reference.
        let s = if copy { CRef::<Session>::acquire(ptr, Kind::Session) } else { CRef::<Session>::adopt(ptr, Kind::Session) }?;
        if mode & SESS_CACHE_NO_INTERNAL_STORE == 0 {
            add_session(&ctx, s.clone());
        }
        Some(s)
    }
}

/// `SSL_CTX_add_session` with eviction counted as cache_full and the remove
/// callback run for evicted sessions after the cache lock is released.
pub fn add_session(ctx: &CRef<SslContext>, s: CRef<Session>) -> bool {
    let max = ctx.cache_size.load(Ordering::Relaxed).max(0) as usize;
    let (added, evicted, removed) = ctx.cache.add(s, max);
    let cb = ctx.callbacks.lock().remove_session;
    for (i, r) in removed.into_iter().enumerate() {
        // The first entries of `removed` are evictions; a replaced entry (same id) is last.
        if i < evicted {
            Stats::bump(&ctx.stats.cache_full);
            callbacks::remove_session(cb, ctx.ptr(), r.ptr());
        }
    }
    added
}

/// `SSL_CTX_remove_session`: the remove callback runs for any session with an id.
pub fn remove_session(ctx: &CRef<SslContext>, s: &CRef<Session>) -> bool {
    let id = s.read(|d| d.session_id.clone());
    if id.is_empty() {
        return false;
    }
    let removed = ctx.cache.remove(s.ptr(), &id);
    s.update(|d| d.not_resumable = true);
    let cb = ctx.callbacks.lock().remove_session;
    callbacks::remove_session(cb, ctx.ptr(), s.ptr());
    removed.is_some()
}

/// `SSL_CTX_flush_sessions`.
pub fn flush_sessions(ctx: &CRef<SslContext>, t_ms: u64) {
    let removed = ctx.cache.flush(t_ms);
    let cb = ctx.callbacks.lock().remove_session;
    for r in removed {
        r.update(|d| d.not_resumable = true);
        callbacks::remove_session(cb, ctx.ptr(), r.ptr());
    }
}

impl ClientHooks for Hooks<'_> {
    fn verify_server_chain(&mut self, chain: &[Vec<u8>]) -> Result<(), Error> {
        self.verify_chain(chain, false)
    }

    fn verify_server_rpk(&mut self, spki: &[u8]) -> Result<(), Error> {
        self.verify_rpk(spki, false)
    }

    fn negotiated_cert_types(&mut self, client: u8, server: u8) {
        self.ssl.st.lock().negotiated_cert_types = (client, server);
    }

    fn keylog(&mut self, label: &str, client_random: &[u8], secret: &[u8]) {
        self.log_key(label, client_random, secret)
    }

    fn new_session(&mut self, mut data: SessionData) {
        {
            let st = self.ssl.st.lock();
            data.sid_ctx = st.settings.sid_ctx.clone();
            data.verify_result = st.verify_result;
        }
        let session = self.install_session(data);
        self.update_cache(&session, SESS_CACHE_CLIENT);
    }

    fn server_extensions_done(&mut self) -> Result<(), Error> {
        let (cb, arg) = {
            let ctx = self.ssl.ctx();
            let c = ctx.callbacks.lock();
            (c.servername, c.servername_arg)
        };
        if cb.is_none() {
            return Ok(());
        }
        let (r, al) = callbacks::servername(cb, self.ssl_ptr, arg, AlertDescription::UnrecognizedName as i32);
        // SSL_TLSEXT_ERR_ALERT_FATAL aborts; anything else carries on.
        if r == 2 {
            let alert = crate::tls::alert::from_u8(al as u8).unwrap_or(AlertDescription::UnrecognizedName);
            return Err(Error { alert: Some(alert), reason: crate::api::reason::CALLBACK_FAILED, detail: "servername callback failed" });
        }
        Ok(())
    }

    fn tls12_session(&mut self, mut data: SessionData, full_handshake: bool) {
        {
            let mut st = self.ssl.st.lock();
            st.version = data.version;
            data.sid_ctx = st.settings.sid_ctx.clone();
            if full_handshake {
                data.verify_result = st.verify_result;
                data.timeout = self.ssl.ctx().timeout.load(Ordering::Relaxed).max(0) as u64;
            }
        }
        if full_handshake {
            let session = self.install_session(data);
            self.update_cache(&session, SESS_CACHE_CLIENT);
            return;
        }
        // A resumed session renewed by a NewSessionTicket: "the arrival of a
        // new ticket signals that any old ticket we were using is now out of
        // date", so the old session leaves the client cache; the copy with
        // the new ticket replaces it, without the new-session callback
        // (ssl_update_cache skips resumed TLS 1.2 handshakes).
        let old = self.ssl.st.lock().session.clone();
        if let Some(old) = old {
            if self.session_ctx.cache_mode.load(Ordering::Relaxed) & SESS_CACHE_CLIENT != 0 {
                remove_session(self.session_ctx, &old);
            }
        }
        self.install_session(data);
    }

    fn client_certificate(&mut self, sigalgs: &[u16]) -> Option<CertifiedKey> {
        self.choose_client_certificate(sigalgs)
    }

    /// OpenSSL's srp_verify_server_param after its range checks: N of at
    /// least the SRP strength, then the verify callback (which may read N
    /// and g with `SSL_get_srp_N` / `SSL_get_srp_g`), else RFC 5054's groups.
    fn srp_check_group(&mut self, n: &[u8], g: &[u8]) -> Result<(), Error> {
        let insufficient = |reason| Error::new(AlertDescription::InsufficientSecurity, reason, "SRP group");
        let (bits, strength, cb, arg) = {
            let mut st = self.ssl.st.lock();
            st.srp.n = crate::sys::bn::Bn::from_bytes(n);
            st.srp.g = crate::sys::bn::Bn::from_bytes(g);
            let srp = &st.settings.extras.srp;
            (st.srp.n.as_ref().map_or(0, |b| b.bits()), srp.strength, srp.verify_param_cb, srp.cb_arg)
        };
        if (bits as i64) < i64::from(strength) {
            return Err(insufficient(Reason::INSUFFICIENT_SECURITY));
        }
        match callbacks::srp_verify_param(cb, self.ssl_ptr, arg) {
            Some(true) => Ok(()),
            Some(false) => Err(insufficient(Reason::CALLBACK_FAILED)),
            None if crate::sys::srp::is_known_group(g, n) => Ok(()),
            None => Err(insufficient(Reason::INSUFFICIENT_SECURITY)),
        }
    }

    fn srp_password(&mut self) -> Option<zeroize::Zeroizing<Vec<u8>>> {
        let (password, arg) = {
            let st = self.ssl.st.lock();
            (st.settings.extras.srp.password.clone(), st.settings.extras.srp.cb_arg)
        };
        match password {
            crate::api::extras::SrpPassword::None => None,
            crate::api::extras::SrpPassword::Fixed(p) => Some(p),
            crate::api::extras::SrpPassword::Callback(cb) => callbacks::srp_client_pwd(cb, self.ssl_ptr, arg),
        }
    }

    fn tls12_psk(&mut self, version: u16, hint: Option<&[u8]>) -> Result<Option<(Vec<u8>, zeroize::Zeroizing<Vec<u8>>)>, Error> {
        let cb = self.setting_at(version, |e| e.psk_client_cb);
        if cb.is_none() {
            return Err(Error::new(AlertDescription::InternalError, Reason::PSK_NO_CLIENT_CB, "no PSK client callback"));
        }
        // OpenSSL: a key over PSK_MAX_PSK_LEN is handshake_failure, internal error.
        callbacks::psk_client(cb, self.ssl_ptr, hint)
            .map_err(|_| Error::new(AlertDescription::HandshakeFailure, Reason::INTERNAL_ERROR, "PSK client callback returned too long a key"))
    }

    fn certificate_status(&mut self, response: Option<&[u8]>) -> Result<(), Error> {
        self.ssl.st.lock().peer.ocsp_response = response.map(<[u8]>::to_vec);
        let (cb, arg) = self.session_ctx.callbacks.lock().hooks.status;
        // OpenSSL: 0 is an invalid response (bad_certificate_status_response),
        // below 0 a callback failure (internal_error); then Certificate
        // Transparency (tls_process_initial_server_flight).
        match callbacks::status(cb, self.ssl_ptr, arg) {
            Some(0) => Err(Error {
                alert: Some(AlertDescription::BadCertificateStatusResponse),
                reason: crate::api::reason::INVALID_STATUS_RESPONSE,
                detail: "invalid status response",
            }),
            Some(r) if r < 0 => Err(Error {
                alert: Some(AlertDescription::InternalError),
                reason: crate::api::reason::OCSP_CALLBACK_FAILURE,
                detail: "ocsp callback failure",
            }),
            _ => self.validate_ct(),
        }
    }

    fn external_psk(&mut self, hrr_hash: Option<crate::crypto::hash::HashAlg>) -> Result<Option<(Vec<u8>, SessionData)>, Error> {
        use crate::crypto::hash::HashAlg;
        let md = hrr_hash.map(|h| match h {
            HashAlg::Sha256 => c"SHA256",
            HashAlg::Sha384 => c"SHA384",
        });
        // OpenSSL: SSLfatal(internal_error, SSL_R_BAD_PSK).
        self.ssl.external_psk(md).map_err(|_| Error { alert: Some(AlertDescription::InternalError), reason: crate::api::reason::BAD_PSK, detail: "bad psk" })
    }

    fn session_ticket_ext(&mut self, data: &[u8]) -> Result<(), Error> {
        let (cb, arg) = self.ssl.st.lock().session_ticket_ext_cb;
        if callbacks::session_ticket_ext(cb, self.ssl_ptr, data, arg) == 0 {
            return Err(Error::new(AlertDescription::HandshakeFailure, Reason::BAD_EXTENSION, "session ticket extension callback refused"));
        }
        Ok(())
    }

    fn select_next_proto(&mut self, list: &[u8]) -> Result<Vec<u8>, Error> {
        let (cb, arg) = self.ssl.ctx().callbacks.lock().hooks.next_proto_select;
        // OpenSSL: anything but SSL_TLSEXT_ERR_OK is handshake_failure.
        callbacks::npn_select(cb, self.ssl_ptr, list, arg)
            .ok_or_else(|| Error::new(AlertDescription::HandshakeFailure, Reason::BAD_EXTENSION, "NPN select callback failed"))
    }

    fn next_proto_negotiated(&mut self, proto: &[u8]) {
        self.ssl.st.lock().next_proto = proto.to_vec();
    }

    fn certificate_request(&mut self, sigalgs: &[u16], ca_names: &[Vec<u8>]) {
        let names = if ca_names.is_empty() { None } else { crate::sys::names::NameStack::from_der_list(ca_names) };
        let mut st = self.ssl.st.lock();
        st.peer.sigalgs = sigalgs.to_vec();
        st.peer.ca_names = names;
    }
}

/// SSL_TICKET_STATUS values the decrypt callback is told.
const TICKET_EMPTY: i32 = 3;
const TICKET_NO_DECRYPT: i32 = 4;
const TICKET_SUCCESS: i32 = 5;
const TICKET_SUCCESS_RENEW: i32 = 6;

/// What a decrypt callback's answer means for a ticket of `status`
/// (OpenSSL's tls_decrypt_ticket): (use the session, issue a new ticket).
/// SSL_TICKET_RETURN_ABORT 0, IGNORE 1, IGNORE_RENEW 2, USE 3, USE_RENEW 4;
/// using a ticket that did not open, or anything else, is fatal.
fn ticket_callback_outcome(r: i32, status: i32) -> Result<(bool, bool), Error> {
    let fatal = |detail| Error { alert: Some(AlertDescription::InternalError), reason: crate::api::reason::CALLBACK_FAILED, detail };
    let decrypted = status == TICKET_SUCCESS || status == TICKET_SUCCESS_RENEW;
    match r {
        1 => Ok((false, false)),
        2 => Ok((false, true)),
        3 | 4 if decrypted => Ok((true, r == 4)),
        0 => Err(fatal("session ticket callback aborted")),
        _ => Err(fatal("session ticket callback: no session to use")),
    }
}

impl Hooks<'_> {
    /// The certificate for the peer's signature algorithms; its serverinfo
    /// is what this handshake's serverinfo extensions send (OpenSSL's
    /// `s->s3.tmp.cert`).
    fn choose_certificate(&mut self, sigalgs: &[u16]) -> Option<CertifiedKey> {
        let ctx = self.ssl.ctx();
        let extra = ctx.extra_chain.lock();
        let mut st = self.ssl.st.lock();
        let chosen = st.settings.certs.choose(sigalgs, &extra);
        st.chosen_serverinfo = chosen.as_ref().and_then(|ck| st.settings.certs.serverinfo_of(ck));
        chosen
    }

    /// OpenSSL's ssl_validate_ct once the server's chain is verified, when
    /// Certificate Transparency is on: refused SCTs record
    /// X509_V_ERR_NO_VALID_SCTS and end the handshake under SSL_VERIFY_PEER.
    fn validate_ct(&mut self) -> Result<(), Error> {
        if self.ssl.st.lock().settings.extras.ct_validation.is_none() {
            return Ok(());
        }
        let store = self.ssl.ctx().ctlog_store.lock().clone();
        let mut st = self.ssl.st.lock();
        let Some(validation) = st.settings.extras.ct_validation else { return Ok(()) };
        let ocsp = st.peer.ocsp_response.clone();
        let leaf = st.peer_chain.first().cloned();
        let scts = st.ct.get0(ocsp.as_deref(), leaf.as_ref());
        let session_time_ms = st.session.as_ref().map_or_else(crate::tls::session::now_ms, |s| s.data().time_ms);
        let verified_chain = st.verified_chain.clone();
        let check = crate::api::ct::Check { validation, verify_result: st.verify_result, verified_chain: &verified_chain, scts, store: store.as_deref(), session_time_ms };
        let verify_mode = st.settings.verify_mode;
        drop(st);
        // The application's callback runs without our connection lock.
        let ok = crate::api::ct::validate(&check)?;
        if ok {
            return Ok(());
        }
        let (error, verify_result) = crate::api::ct::refused();
        self.ssl.st.lock().verify_result = verify_result;
        if verify_mode & VERIFY_PEER != 0 {
            return Err(error);
        }
        Ok(())
    }

    /// OpenSSL's tls_decrypt_ticket outcome for a ticket: the session to
    /// use and whether a new ticket is to be issued (its ticket_expected).
    /// Without a decrypt callback: a ticket that does not open earns a new
    /// one, as does one to renew (`open_ticket`: SSL_TICKET_SUCCESS_RENEW).
    /// With
    /// `SSL_CTX_set_session_ticket_cb`'s decrypt callback, it decides: ABORT
    /// is fatal, IGNORE(_RENEW) a full handshake, USE(_RENEW) the session;
    /// the _RENEW forms issue a new ticket.
    fn ticket_decision(&mut self, identity: &[u8], found: Option<SessionData>, renew: bool) -> Result<(Option<SessionData>, bool), Error> {
        let status = match (&found, renew) {
            (None, _) => TICKET_NO_DECRYPT,
            (Some(_), true) => TICKET_SUCCESS_RENEW,
            (Some(_), false) => TICKET_SUCCESS,
        };
        let (_, dec_cb, arg) = self.session_ctx.callbacks.lock().hooks.session_ticket;
        if dec_cb.is_none() {
            return Ok((found, status != TICKET_SUCCESS));
        }
        // The callback gets an SSL_SESSION of its own for the ticket's session.
        let temp = found.map(|d| {
            let ptr = handle::register(Kind::Session, Arc::new(Session::new(d)));
            CRef::<Session>::adopt(ptr, Kind::Session).expect("just registered")
        });
        let key_name = &identity[..identity.len().min(16)];
        let r = callbacks::decrypt_ticket(dec_cb, self.ssl_ptr, temp.as_ref().map_or(0, |s| s.ptr()), key_name, status, arg);
        let data = temp.map(|s| s.data());
        ticket_callback_outcome(r, status).map(|(use_it, expected)| (data.filter(|_| use_it), expected))
    }

    /// TLS 1.2: the client sent an empty session_ticket (it wants one): the
    /// decrypt callback, if set, hears SSL_TICKET_EMPTY and decides whether
    /// one is issued; without it, one is.
    fn empty_ticket_decision(&mut self) -> Result<bool, Error> {
        let (_, dec_cb, arg) = self.session_ctx.callbacks.lock().hooks.session_ticket;
        if dec_cb.is_none() {
            return Ok(true);
        }
        let r = callbacks::decrypt_ticket(dec_cb, self.ssl_ptr, 0, &[], TICKET_EMPTY, arg);
        ticket_callback_outcome(r, TICKET_EMPTY).map(|(_, expected)| expected)
    }

    /// The session state a stateless ticket carries, opened with the
    /// application's ticket-key callback or the context's keys.
    /// With whether the ticket is to be renewed (OpenSSL's renew_ticket):
    /// when the application's key callback says so (2), or, under our own
    /// keys, always in TLS 1.3.
    fn open_ticket(&mut self, ticket: &[u8], tls13: bool) -> (Option<SessionData>, bool) {
        let app_keys = self.app_ticket_keys();
        let (state, renew) = if app_keys.is_set() {
            match crate::sys::ticket_cb::open(app_keys, self.ssl_ptr, ticket) {
                Some((st, renew)) => (Some(st), renew),
                None => (None, false),
            }
        } else {
            let key = self.session_ctx.ticket_key.lock().clone();
            (key.open(ticket), tls13)
        };
        (state.and_then(|st| SessionData::decode_ticket_state(&st)), renew)
    }

    /// The application's ticket generation callback, with the session as the
    /// connection's; false when it declined (0: no ticket).
    fn run_ticket_gen_cb(&mut self, data: &mut SessionData, pending: Option<CRef<Session>>) -> bool {
        let (gen_cb, _, arg) = self.session_ctx.callbacks.lock().hooks.session_ticket;
        if gen_cb.is_some() {
            let pending = pending.unwrap_or_else(|| self.install_session(data.clone()));
            if callbacks::cert(gen_cb, self.ssl_ptr, arg) == 0 {
                return false;
            }
            data.ticket_appdata = pending.data().ticket_appdata;
        }
        true
    }

    /// Seals `data` into a ticket: the application's ticket callback
    /// (`SSL_CTX_set_session_ticket_cb`) first runs with the session as
    /// the connection's (`pending`, or one installed here) and may attach
    /// appdata or decline (0: no ticket); then the application's ticket
    /// keys or the context's seal it.
    fn seal_session(&mut self, data: &mut SessionData, pending: Option<CRef<Session>>) -> Option<Vec<u8>> {
        if !self.run_ticket_gen_cb(data, pending) {
            return None;
        }
        let app_keys = self.app_ticket_keys();
        if app_keys.is_set() {
            // The application's keys (nginx's ssl_session_ticket_key...); a
            // callback that declines or fails means no ticket.
            crate::sys::ticket_cb::seal(app_keys, self.ssl_ptr, &data.encode_ticket_state()).ok()?
        } else {
            let key = self.session_ctx.ticket_key.lock().clone();
            key.seal(&data.encode_ticket_state()).ok()
        }
    }

    /// The application's ticket-key callback, the EVP form first (as OpenSSL
    /// prefers it when both are set).
    fn app_ticket_keys(&self) -> crate::sys::ticket_cb::TicketKeyCb {
        use crate::sys::ticket_cb::TicketKeyCb;
        let h = self.session_ctx.callbacks.lock().hooks;
        if h.ticket_key_evp_cb.is_some() {
            TicketKeyCb::Evp(h.ticket_key_evp_cb)
        } else {
            TicketKeyCb::Hmac(h.ticket_key_hmac_cb)
        }
    }

    /// The `SSL_set_cert_cb` callback, before a certificate is chosen (it may
    /// install one); false when it failed. A retry (<0) is not supported
    /// and fails likewise.
    fn run_cert_cb(&mut self) -> bool {
        let (cb, arg) = self.ssl.st.lock().settings.extras.cert_cb;
        cb.is_none() || callbacks::cert(cb, self.ssl_ptr, arg) > 0
    }

    /// The client certificate: the application's client_cert_cb (whose
    /// certificate and key become the connection's, as in OpenSSL), else
    /// what SSL_use_certificate / SSL_CTX_use_certificate configured.
    fn choose_client_certificate(&mut self, sigalgs: &[u16]) -> Option<CertifiedKey> {
        if !self.run_cert_cb() {
            return None;
        }
        let ctx = self.ssl.ctx();
        let extra = ctx.extra_chain.lock().clone();
        if let Some(ck) = self.ssl.st.lock().settings.certs.choose(sigalgs, &extra) {
            return Some(ck);
        }
        // No usable certificate configured: ask the application.
        let cb = ctx.callbacks.lock().client_cert;
        let (x, k) = callbacks::client_cert(cb, self.ssl_ptr)?;
        let mut st = self.ssl.st.lock();
        let certs = &mut st.settings.certs;
        certs.set_certificate(x).ok()?;
        certs.set_private_key(k).ok()?;
        certs.choose(sigalgs, &extra)
    }
}

impl ServerHooks for Hooks<'_> {
    fn client_hello(&mut self, ch: &crate::tls::msgs::hello::ClientHelloIn<'_>) -> Result<(), Error> {
        // The client's groups, for SSL_get_shared_group / SSL_get1_groups.
        let groups = ch
            .extensions
            .get(crate::tls::extensions::SUPPORTED_GROUPS)
            .and_then(|b| crate::tls::msgs::certificate::parse_u16_list(b).ok())
            .unwrap_or_default();
        self.ssl.st.lock().peer.groups = groups;
        let (cb, arg) = self.ssl.ctx().callbacks.lock().hooks.client_hello;
        if cb.is_none() {
            return Ok(());
        }
        self.ssl.st.lock().peer.client_hello = Some(crate::api::peer_info::ClientHelloInfo {
            legacy_version: ch.legacy_version,
            random: ch.random,
            session_id: ch.session_id.to_vec(),
            suites: ch.suites.iter().flat_map(|s| s.to_be_bytes()).collect(),
            compressions: ch.compressions.to_vec(),
            extensions: ch.extensions.list.iter().map(|(t, b)| (*t, b.to_vec())).collect(),
        });
        // OpenSSL has read the ClientHello when its callback runs; the loop
        // events that lead there are reported after this message.
        let before = std::mem::replace(&mut self.ssl.st.lock().hs_state, crate::api::hs_state::SR_CLNT_HELLO);
        // OpenSSL: al starts as handshake_failure; 0 is SSL_R_CALLBACK_FAILED.
        let (r, al) = callbacks::client_hello(cb, self.ssl_ptr, arg, AlertDescription::HandshakeFailure as i32);
        self.app_callback_ran = true;
        self.ssl.st.lock().hs_state = before;
        match r {
            1.. => Ok(()),
            0 => {
                let alert = crate::tls::alert::from_u8(al as u8).unwrap_or(AlertDescription::HandshakeFailure);
                Err(Error { alert: Some(alert), reason: crate::api::reason::CALLBACK_FAILED, detail: "client hello callback failed" })
            }
            // SSL_CLIENT_HELLO_RETRY would suspend the handshake until the
            // application calls again; we cannot resume a parsed hello yet.
            _ => Err(Error {
                alert: Some(AlertDescription::InternalError),
                reason: crate::api::reason::CALLBACK_FAILED,
                detail: "client hello callback asked to retry: not supported",
            }),
        }
    }

    fn servername(&mut self, name: Option<&str>) -> Result<bool, Error> {
        self.provide_new_session();
        self.ssl.st.lock().servername = name.map(str::to_string);
        let (cb, arg) = {
            let ctx = self.ssl.ctx();
            let c = ctx.callbacks.lock();
            (c.servername, c.servername_arg)
        };
        if cb.is_none() {
            // No callback: SSL_TLSEXT_ERR_NOACK, the name is not acknowledged.
            return Ok(false);
        }
        let (r, al) = callbacks::servername(cb, self.ssl_ptr, arg, AlertDescription::UnrecognizedName as i32);
        self.app_callback_ran = true;
        // OpenSSL's final_server_name: when the callback switched contexts,
        // the accept counted at the start moves to the new context.
        if r == 0 && self.ssl.ctx_ptr() != self.session_ctx.ptr() {
            Stats::bump(&self.ssl.ctx().stats.accept);
            self.session_ctx.stats.accept.fetch_sub(1, Ordering::Relaxed);
        }
        // SSL_TLSEXT_ERR_ALERT_FATAL aborts with the callback's alert
        // (unrecognized_name by default); OK acknowledges; the others do not.
        if r == 2 {
            let alert = crate::tls::alert::from_u8(al as u8).unwrap_or(AlertDescription::UnrecognizedName);
            return Err(Error { alert: Some(alert), reason: crate::api::reason::CALLBACK_FAILED, detail: "servername callback failed" });
        }
        Ok(r == 0)
    }

    fn certificate(&mut self, sigalgs: &[u16]) -> Option<CertifiedKey> {
        self.ssl.st.lock().peer.sigalgs = sigalgs.to_vec();
        if !self.cert_cb_ran {
            self.cert_cb_ran = true;
            if !self.run_cert_cb() {
                return None;
            }
        }
        self.choose_certificate(sigalgs)
    }

    fn certificate_callback(&mut self) -> Result<(), Error> {
        if self.cert_cb_ran {
            return Ok(());
        }
        self.cert_cb_ran = true;
        if self.ssl.st.lock().settings.extras.cert_cb.0.is_none() {
            return Ok(());
        }
        self.app_callback_ran = true;
        if self.run_cert_cb() {
            Ok(())
        } else {
            Err(Error { alert: Some(AlertDescription::InternalError), reason: crate::api::reason::CERT_CB_ERROR, detail: "certificate callback failed" })
        }
    }

    fn updated_config(&mut self) -> Result<Option<crate::tls::server::ServerConfig>, Error> {
        if !std::mem::take(&mut self.app_callback_ran) {
            return Ok(None);
        }
        self.current_config()
    }

    fn current_config(&mut self) -> Result<Option<crate::tls::server::ServerConfig>, Error> {
        match self.ssl.server_config() {
            Ok(c) => Ok(Some(c)),
            Err(_) => Err(Error { alert: Some(AlertDescription::ProtocolVersion), reason: crate::api::reason::NO_PROTOCOLS_AVAILABLE, detail: "no protocols available" }),
        }
    }

    fn peer_ca_names(&mut self, names: &[Vec<u8>]) {
        let stack = if names.is_empty() { None } else { crate::sys::names::NameStack::from_der_list(names) };
        self.ssl.st.lock().peer.ca_names = stack;
    }

    fn next_protos_advertised(&mut self) -> Option<Vec<u8>> {
        let (cb, arg) = self.ssl.ctx().callbacks.lock().hooks.next_protos_advertised;
        callbacks::npn_advertised(cb, self.ssl_ptr, arg)
    }

    fn next_proto_negotiated(&mut self, proto: &[u8]) {
        self.ssl.st.lock().next_proto = proto.to_vec();
    }

    fn select_alpn(&mut self, offered: &[u8]) -> Result<Option<Vec<u8>>, Error> {
        let (cb, arg) = {
            let ctx = self.ssl.ctx();
            let c = ctx.callbacks.lock();
            (c.alpn_select, c.alpn_select_arg)
        };
        self.app_callback_ran |= cb.is_some();
        match callbacks::alpn_select(cb, self.ssl_ptr, offered, arg) {
            // OpenSSL's tls_handle_alpn copies the selection, and an empty
            // one fails to copy: internal_error.
            (0, Some(p)) if p.is_empty() => Err(Error::internal("ALPN callback selected an empty protocol")),
            (0, chosen) => Ok(chosen),
            (2, _) => Err(Error::new(AlertDescription::NoApplicationProtocol, Reason::NO_APPLICATION_PROTOCOL, "no application protocol")),
            _ => Ok(None),
        }
    }

    fn find_session(&mut self, identity: &[u8]) -> Result<Option<SessionData>, Error> {
        let stateful = self.ssl.st.lock().settings.options & SSL_OP_NO_TICKET != 0;
        if stateful {
            // A stateful ticket is a 32-byte session id naming a cache entry.
            if identity.len() != 32 {
                return Ok(None);
            }
            let Some(s) = self.lookup(identity) else { return Ok(None) };
            let data = s.data();
            self.found_in_cache = Some(s);
            return Ok(Some(data));
        }
        let (found, renew) = self.open_ticket(identity, true);
        let (session, expected) = self.ticket_decision(identity, found, renew)?;
        // OpenSSL's TLS 1.3 server sends NewSessionTickets only when its
        // ticket_expected is set (tickets_expected reads it).
        self.ssl.st.lock().tickets_declined = !expected;
        Ok(session)
    }

    /// OpenSSL's tls_construct_server_key_exchange for DHE: automatic
    /// parameters (ssl_get_auto_dh: the RFC 3526 group as strong as the
    /// certificate key, at least the security level), else the
    /// application's, else its callback's; weaker than the level allows is
    /// handshake_failure, SSL_R_DH_KEY_TOO_SMALL.
    fn dhe_key_pair(&mut self, rsa_bits: usize) -> Result<Option<crate::crypto::dhe::DhKeyPair>, Error> {
        use crate::crypto::dhe::DhKeyPair;
        let (tmp, auto, cb, level) = {
            let st = self.ssl.st.lock();
            let e = &st.settings.extras;
            (e.tmp_dh.clone(), e.dh_auto, e.tmp_dh_cb, e.security_level)
        };
        let min_bits = crate::api::extras::dh_min_bits(level);
        let pair = if auto != 0 {
            let key_bits = if auto == 2 { 80 } else { crate::api::extras::rsa_security_bits(rsa_bits) };
            let bits = key_bits.max(crate::api::extras::level_bits(level));
            let group: Option<&std::ffi::CStr> = match bits {
                192.. => Some(c"modp_8192"),
                152.. => Some(c"modp_4096"),
                128.. => Some(c"modp_3072"),
                112.. => Some(c"modp_2048"),
                // Below: RFC 2409's 1024-bit prime, which has no name.
                _ => None,
            };
            match group {
                Some(name) => DhKeyPair::generate_named(name),
                None => DhKeyPair::generate_rfc2409_1024(),
            }
        } else if let Some(params) = tmp {
            DhKeyPair::generate_like(&params)
        } else {
            let dh = callbacks::tmp_dh(cb, self.ssl_ptr);
            crate::sys::pkey::from_dh(dh).and_then(|k| DhKeyPair::generate_like(&k))
        };
        if let Some(p) = &pair {
            if p.security_bits() < min_bits {
                return Err(Error::new(AlertDescription::HandshakeFailure, Reason::DH_KEY_TOO_SMALL, "DH parameters too small"));
            }
        }
        Ok(pair)
    }

    /// OpenSSL's tls_parse_ctos_psk: the find-session callback, then the
    /// PSK server callback, whose key becomes a TLS 1.3 session with
    /// TLS_AES_128_GCM_SHA256 ("we don't know the digest so we default to
    /// SHA256"); either way the session takes this connection's sid_ctx.
    fn find_external_psk(&mut self, identity: &[u8]) -> Result<Option<SessionData>, Error> {
        let (find_cb, server_cb, sid_ctx) = {
            let mut st = self.ssl.st.lock();
            // The callbacks may ask SSL_version (s_server's does).
            st.version = crate::tls::TLS1_3_VERSION;
            (st.settings.extras.psk_find_session_cb, st.settings.extras.psk_server_cb, st.settings.sid_ctx.clone())
        };
        let ptr = callbacks::psk_find_session(find_cb, self.ssl_ptr, identity)
            .map_err(|_| Error::illegal(Reason::BAD_EXTENSION, "PSK find-session callback failed"))?;
        let mut data = if ptr != 0 {
            let s = CRef::<Session>::adopt(ptr, Kind::Session).ok_or_else(|| Error::internal("PSK callback returned no session of ours"))?;
            s.data()
        } else {
            match callbacks::psk_server(server_cb, self.ssl_ptr, identity) {
                Err(()) => return Err(Error::internal("PSK server callback returned too long a key")),
                Ok(None) => return Ok(None),
                Ok(Some(psk)) => {
                    let mut d = SessionData::new(Some(&crate::tls::suites::TLS_AES_128_GCM_SHA256));
                    d.version = crate::tls::TLS1_3_VERSION;
                    d.master_key = psk;
                    d
                }
            }
        };
        data.sid_ctx = sid_ctx;
        Ok(Some(data))
    }

    fn empty_tls12_ticket(&mut self) -> Result<bool, Error> {
        self.empty_ticket_decision()
    }

    fn tickets_expected(&mut self) -> bool {
        !self.ssl.st.lock().tickets_declined
    }

    fn find_tls12_ticket(&mut self, ticket: &[u8]) -> Result<(Option<SessionData>, bool), Error> {
        let (found, renew) = self.open_ticket(ticket, false);
        self.ticket_decision(ticket, found, renew)
    }

    fn find_cached_session(&mut self, id: &[u8]) -> Result<Option<SessionData>, Error> {
        let Some(s) = self.lookup(id) else { return Ok(None) };
        let data = s.data();
        self.found_in_cache = Some(s);
        Ok(Some(data))
    }

    fn tls12_certificate(&mut self, sigalgs: &[u16]) -> Option<CertifiedKey> {
        if !self.cert_cb_ran {
            self.cert_cb_ran = true;
            if !self.run_cert_cb() {
                return None;
            }
        }
        self.choose_certificate(sigalgs)
    }

    fn tls12_session(&mut self, data: &mut SessionData, issue_ticket: bool) -> Option<Vec<u8>> {
        self.ssl.st.lock().version = data.version;
        data.timeout = self.ssl.ctx().timeout.load(Ordering::Relaxed).max(0) as u64;
        data.verify_result = self.ssl.st.lock().verify_result;
        let session = self.install_session(data.clone());
        let ticket = if issue_ticket { self.seal_session(data, Some(session.clone())) } else { None };
        if !data.ticket_appdata.is_empty() {
            session.update(|d| d.ticket_appdata = data.ticket_appdata.clone());
        }
        // OpenSSL's ssl_update_cache after the handshake: a session without
        // an id (a ticket carries it) stays out of the cache.
        self.update_cache(&session, SESS_CACHE_SERVER);
        ticket
    }

    /// OpenSSL's ssl_srp_server_param_with_username: the username callback
    /// (given the login through `SSL_get_srp_username`) sets the user's
    /// parameters with `SSL_set_srp_server_param`; a failing callback's
    /// alert ends the handshake (unknown_psk_identity: PSK_IDENTITY_NOT_FOUND),
    /// and missing parameters are internal_error.
    fn srp_user(&mut self, version: u16, username: &[u8]) -> Result<crate::tls::server::SrpUser, Error> {
        let (cb, arg) = {
            let mut st = self.ssl.st.lock();
            st.version = version;
            st.srp.login = std::ffi::CString::new(username).ok();
            (st.settings.extras.srp.username_cb, st.settings.extras.srp.cb_arg)
        };
        if let Err(ad) = callbacks::srp_username(cb, self.ssl_ptr, arg) {
            let alert = crate::tls::alert::from_u8(ad).unwrap_or(AlertDescription::InternalError);
            let reason = if alert == AlertDescription::UnknownPskIdentity { Reason::PSK_IDENTITY_NOT_FOUND } else { Reason::CLIENTHELLO_TLSEXT };
            return Err(Error::new(alert, reason, "SRP username callback"));
        }
        let st = self.ssl.st.lock();
        let srp = &st.srp;
        match (&srp.n, &srp.g, &srp.salt, &srp.verifier) {
            (Some(n), Some(g), Some(salt), Some(v)) => {
                Ok(crate::tls::server::SrpUser { n: n.to_bytes(), g: g.to_bytes(), salt: salt.to_bytes(), verifier: v.to_bytes() })
            }
            _ => Err(Error::new(AlertDescription::InternalError, Reason::CLIENTHELLO_TLSEXT, "no SRP parameters for the user")),
        }
    }

    fn tls12_psk(&mut self, version: u16, identity: &[u8]) -> Result<Option<zeroize::Zeroizing<Vec<u8>>>, Error> {
        let cb = self.setting_at(version, |e| e.psk_server_cb);
        if cb.is_none() {
            return Err(Error::new(AlertDescription::InternalError, Reason::PSK_NO_SERVER_CB, "no PSK server callback"));
        }
        callbacks::psk_server(cb, self.ssl_ptr, identity).map_err(|_| Error::internal("PSK server callback returned too long a key"))
    }

    fn new_session_not_resumable(&mut self, forward_secure: bool) -> bool {
        let cb = self.ssl.st.lock().settings.extras.not_resumable_cb;
        crate::sys::callbacks::not_resumable(cb, self.ssl_ptr, forward_secure)
    }

    /// OpenSSL's ssl_generate_session_id: the SSL's generator, else the
    /// session context's, else 32 random bytes; a failed callback, a bad
    /// length or an id already in the cache is a fatal internal_error.
    fn new_session_id(&mut self) -> Result<Vec<u8>, Error> {
        let cb = self.ssl.st.lock().settings.extras.generate_session_id.or_else(|| self.session_ctx.settings.lock().extras.generate_session_id);
        let Some((r, id)) = crate::sys::callbacks::generate_session_id(cb, self.ssl_ptr) else {
            return Ok(crate::crypto::rand::array::<32>()?.to_vec());
        };
        let fail = |reason, detail| Err(Error::new(AlertDescription::InternalError, reason, detail));
        if r == 0 {
            return fail(Reason::SSL_SESSION_ID_CALLBACK_FAILED, "ssl session id callback failed");
        }
        if id.is_empty() || id.len() > 32 {
            return fail(Reason::SSL_SESSION_ID_HAS_BAD_LENGTH, "ssl session id has bad length");
        }
        if self.session_ctx.cache.contains(&id) {
            return fail(Reason::SSL_SESSION_ID_CONFLICT, "ssl session id conflict");
        }
        Ok(id)
    }

    fn seal_tls12_ticket(&mut self, data: &mut SessionData) -> Option<Vec<u8>> {
        let current = self.ssl.st.lock().session.clone();
        self.seal_session(data, current)
    }

    fn check_session(&mut self, session: &SessionData, version: u16, ems_offered: Option<bool>) -> Result<Resumption, Error> {
        let ctx = self.session_ctx;
        let from_cache = self.found_in_cache.take();
        let (sid_ctx, verify_mode) = {
            let st = self.ssl.st.lock();
            (st.settings.sid_ctx.clone(), st.settings.verify_mode)
        };
        // OpenSSL's ssl_get_prev_session, in its order.
        if session.version != version || session.sid_ctx != sid_ctx {
            return Ok(Resumption::Decline);
        }
        if verify_mode & VERIFY_PEER != 0 && sid_ctx.is_empty() {
            return Err(Error::new(AlertDescription::InternalError, Reason::SESSION_ID_CONTEXT_UNINITIALIZED, "session id context uninitialized"));
        }
        if session.is_expired(now_ms()) {
            Stats::bump(&ctx.stats.timeouts);
            if let Some(s) = &from_cache {
                remove_session(&ctx, s);
            }
            return Ok(Resumption::Decline);
        }
        // RFC 7627 5.3: a session with an extended master secret resumed
        // without one aborts; one without it offered with it is a miss.
        match ems_offered {
            Some(false) if session.extended_master_secret => {
                return Err(Error::new(AlertDescription::HandshakeFailure, Reason::INCONSISTENT_EXTMS, "inconsistent extms"));
            }
            Some(true) if !session.extended_master_secret => return Ok(Resumption::Decline),
            _ => {}
        }
        Stats::bump(&ctx.stats.hits);
        // A session found in the cache stays there: OpenSSL 3.0 does not
        // remove a stateful ticket's session when it is resumed (measured:
        // the cache count and the remove callback show no removal).
        let resumed = match from_cache {
            Some(s) => s,
            None => register_session(Session::new(session.clone())).expect("just registered"),
        };
        self.resumed_this_hello = true;
        let mut st = self.ssl.st.lock();
        st.verify_result = session.verify_result;
        st.session_provisional = false;
        let old = st.session.replace(resumed);
        drop(st);
        drop(old);
        Ok(Resumption::Accept)
    }

    fn verify_client_chain(&mut self, chain: &[Vec<u8>]) -> Result<(), Error> {
        self.verify_chain(chain, true)
    }

    fn verify_client_rpk(&mut self, spki: &[u8]) -> Result<(), Error> {
        self.verify_rpk(spki, true)
    }

    fn negotiated_cert_types(&mut self, client: u8, server: u8) {
        self.ssl.st.lock().negotiated_cert_types = (client, server);
    }

    fn keylog(&mut self, label: &str, client_random: &[u8], secret: &[u8]) {
        self.log_key(label, client_random, secret)
    }

    fn issue_ticket(&mut self, data: &mut SessionData) -> Option<Vec<u8>> {
        let (stateful, verify_result) = {
            let st = self.ssl.st.lock();
            (st.settings.options & SSL_OP_NO_TICKET != 0, st.verify_result)
        };
        // Each ticket names a new session with a fresh id (TLS 1.3: "each
        // ticket is separate"); its timeout is the context's.
        data.session_id = crate::crypto::rand::array::<32>().ok()?.to_vec();
        data.timeout = self.ssl.ctx().timeout.load(Ordering::Relaxed).max(0) as u64;
        data.verify_result = verify_result;
        let ticket = if stateful {
            // A stateful ticket is the session id; the callback still runs.
            if !self.run_ticket_gen_cb(data, None) {
                return None;
            }
            data.session_id.clone()
        } else {
            self.seal_session(data, None)?
        };
        let session = self.install_session_from(data.clone(), true);
        self.update_cache(&session, SESS_CACHE_SERVER);
        Some(ticket)
    }

    fn sid_ctx(&mut self) -> Vec<u8> {
        self.ssl.st.lock().settings.sid_ctx.clone()
    }

    fn ocsp_response(&mut self) -> Result<Option<Vec<u8>>, Error> {
        let (cb, arg) = self.ssl.ctx().callbacks.lock().hooks.status;
        // OpenSSL's tls_handle_status_request: OK staples what the callback
        // set, NOACK nothing, anything else is fatal.
        match callbacks::status(cb, self.ssl_ptr, arg) {
            None | Some(3) => Ok(None),
            Some(0) => Ok(self.ssl.st.lock().peer.ocsp_response.clone()),
            Some(_) => Err(Error {
                alert: Some(AlertDescription::InternalError),
                reason: crate::api::reason::CLIENTHELLO_TLSEXT,
                detail: "clienthello tlsext",
            }),
        }
    }
}
