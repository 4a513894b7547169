//! The engine's hooks for a client connection: certificate verification
//! through libcrypto, key logging, and sessions from tickets — each run with
//! no lock of ours held, so application callbacks may call back in.

use crate::api::connection::Ssl;
use crate::api::context::{SslContext, SESS_CACHE_CLIENT};
use crate::api::handle::{self, CRef, Kind};
use crate::api::session::Session;
use crate::sys::callbacks;
use crate::sys::x509::{self, Store, X509Ref};
use crate::tls::alert::AlertDescription;
use crate::tls::client::ClientHooks;
use crate::tls::session::SessionData;
use crate::tls::{Error, Reason};
use std::sync::Arc;

/// SSL_VERIFY_PEER.
pub const VERIFY_PEER: i32 = 1;

pub struct Hooks<'a> {
    pub ssl: &'a Arc<Ssl>,
    pub ssl_ptr: usize,
    pub ctx: CRef<SslContext>,
}

fn hex(b: &[u8]) -> String {
    let mut s = String::with_capacity(b.len() * 2);
    for x in b {
        s.push_str(&format!("{x:02x}"));
    }
    s
}

impl ClientHooks for Hooks<'_> {
    fn verify_server_chain(&mut self, chain: &[Vec<u8>]) -> Result<(), Error> {
        let mut certs = Vec::with_capacity(chain.len());
        for der in chain {
            match X509Ref::from_der(der) {
                Some(x) => certs.push(x),
                None => {
                    return Err(Error::new(AlertDescription::DecodeError, Reason::BAD_PACKET_LENGTH, "certificate does not parse"))
                }
            }
        }
        let (mode, cb, param_ptr) = {
            let st = self.ssl.st.lock();
            (st.settings.verify_mode, st.settings.verify_cb, st.param.as_ptr())
        };
        let store = {
            let s = self.ctx.store.lock();
            Store::from_borrowed(s.as_ptr())
        }
        .ok_or_else(|| Error::internal("no certificate store"))?;
        // The param object belongs to the SSL and is not freed while the
        // handshake runs (only SSL_free frees it, and the caller holds the SSL).
        let param = x509::VerifyParam::from_owned(param_ptr).ok_or_else(|| Error::internal("no verify param"))?;
        let outcome = x509::verify_chain(&store, &certs, &param, self.ssl_ptr as *mut _, cb, false);
        std::mem::forget(param);
        {
            let mut st = self.ssl.st.lock();
            st.verify_result = outcome.error;
            st.peer_chain = certs;
            st.verified_chain = outcome.verified_chain;
        }
        if !outcome.ok && mode & VERIFY_PEER != 0 {
            return Err(Error::new(
                x509::alert_for_verify_error(outcome.error),
                Reason::CERTIFICATE_VERIFY_FAILED,
                "certificate verify failed",
            ));
        }
        Ok(())
    }

    fn keylog(&mut self, label: &str, client_random: &[u8], secret: &[u8]) {
        let cb = self.ctx.callbacks.lock().keylog;
        if cb.is_some() {
            let line = format!("{label} {} {}", hex(client_random), hex(secret));
            callbacks::keylog(cb, self.ssl_ptr, &line);
        }
    }

    fn new_session(&mut self, mut data: SessionData) {
        let verify_result = {
            let st = self.ssl.st.lock();
            data.sid_ctx = st.settings.sid_ctx.clone();
            st.verify_result
        };
        data.verify_result = verify_result;
        let session_ptr = handle::register(Kind::Session, Arc::new(Session::new(data)));
        let Some(session) = CRef::<Session>::adopt(session_ptr, Kind::Session) else { return };
        crate::api::connection::attach_session_ex_data(&session);
        let old = self.ssl.st.lock().session.replace(session);
        drop(old);
        // OpenSSL's ssl_update_cache for a client: with SSL_SESS_CACHE_CLIENT,
        // the new-session callback gets a reference it keeps by returning 1.
        let mode = self.ctx.cache_mode.load(std::sync::atomic::Ordering::Relaxed);
        let cb = self.ctx.callbacks.lock().new_session;
        if mode & SESS_CACHE_CLIENT != 0 && cb.is_some() {
            handle::up_ref(session_ptr, Kind::Session);
            if callbacks::new_session(cb, self.ssl_ptr, session_ptr) == 0 {
                handle::release(session_ptr, Kind::Session);
            }
        }
    }
}
