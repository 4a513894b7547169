//! Session (`SSL_SESSION`): what a connection can resume from. A session that
//! has been handed out is changed only through the C setters, which OpenSSL
//! also allows; the engine works on snapshots (`data()`), and each ticket
//! makes a new Session rather than changing a shared one.

use parking_lot::Mutex;

use crate::sys::exdata::ExData;
use crate::sys::x509::X509Ref;
use crate::tls::session::SessionData;

pub struct Session {
    data: Mutex<SessionData>,
    /// The peer's certificates as libcrypto objects, built once, so
    /// `SSL_SESSION_get0_peer` can lend a pointer that stays valid.
    peer: Mutex<Option<Vec<X509Ref>>>,
    pub ex: Mutex<Option<ExData>>,
    /// NUL-terminated hostname lent by `SSL_SESSION_get0_hostname`.
    pub hostname_c: Mutex<Option<std::ffi::CString>>,
    /// NUL-terminated PSK identity and hint lent by `SSL_get_psk_identity`
    /// and `SSL_get_psk_identity_hint`.
    pub psk_identity_c: Mutex<Option<std::ffi::CString>>,
    pub psk_identity_hint_c: Mutex<Option<std::ffi::CString>>,
    /// The peer's raw public key as an EVP_PKEY, decoded on first use so
    /// `SSL_SESSION_get0_peer_rpk` can lend it.
    peer_rpk: Mutex<Option<crate::sys::pkey::PKey>>,
}

/// A NUL-terminated copy of `value` kept in `cache`, for the get0 string
/// getters: the pointer stays valid while the session lives and the value
/// is not changed; NULL for no value.
pub fn lend_c_str(cache: &Mutex<Option<std::ffi::CString>>, value: Option<&[u8]>) -> *const std::ffi::c_char {
    let Some(v) = value else { return std::ptr::null() };
    let mut cache = cache.lock();
    if cache.as_ref().is_none_or(|c| c.to_bytes() != v) {
        *cache = std::ffi::CString::new(v).ok();
    }
    cache.as_ref().map_or(std::ptr::null(), |c| c.as_ptr())
}

impl Session {
    pub fn new(data: SessionData) -> Session {
        Session {
            data: Mutex::new(data),
            peer: Mutex::new(None),
            ex: Mutex::new(None),
            hostname_c: Mutex::new(None),
            psk_identity_c: Mutex::new(None),
            psk_identity_hint_c: Mutex::new(None),
            peer_rpk: Mutex::new(None),
        }
    }

    /// A session whose peer certificates are already parsed (the
    /// connection's own objects), so nothing is parsed again.
    pub fn with_peer(data: SessionData, peer: Vec<X509Ref>) -> Session {
        let s = Session::new(data);
        if !peer.is_empty() {
            *s.peer.lock() = Some(peer);
        }
        s
    }

    /// A snapshot of the session's fields.
    pub fn data(&self) -> SessionData {
        self.data.lock().clone()
    }

    pub fn update(&self, f: impl FnOnce(&mut SessionData)) {
        f(&mut self.data.lock());
    }

    /// Replaces the whole contents (`d2i_SSL_SESSION` into an existing
    /// session); cached views of the old contents are dropped.
    pub fn replace(&self, data: SessionData) {
        *self.data.lock() = data;
        *self.peer.lock() = None;
        *self.hostname_c.lock() = None;
        *self.peer_rpk.lock() = None;
    }

    /// Fills a provisional session with the handshake's result and the
    /// peer's certificates (the handle and ex_data stay).
    pub fn fill(&self, data: SessionData, peer: Vec<X509Ref>) {
        self.replace(data);
        if !peer.is_empty() {
            *self.peer.lock() = Some(peer);
        }
    }

    pub fn read<R>(&self, f: impl FnOnce(&SessionData) -> R) -> R {
        f(&self.data.lock())
    }

    /// The peer chain as X509 objects (leaf first), built on first use.
    pub fn peer_chain(&self) -> Vec<X509Ref> {
        let mut peer = self.peer.lock();
        if peer.is_none() {
            let der = self.data.lock().peer_chain.clone();
            *peer = Some(der.iter().filter_map(|d| X509Ref::from_der(d)).collect());
        }
        peer.as_ref().expect("just set").clone()
    }

    /// Lends the peer's raw public key (get0): valid while the session
    /// lives and its contents are not replaced; None when it has none.
    pub fn peer_rpk_ptr(&self) -> Option<*mut crate::sys::EVP_PKEY> {
        let mut cached = self.peer_rpk.lock();
        if cached.is_none() {
            let der = self.data.lock().peer_rpk.clone()?;
            *cached = crate::sys::pkey::PKey::from_spki(&der);
        }
        cached.as_ref().map(|k| k.as_ptr())
    }

    /// Lends the leaf: the pointer stays valid while the session lives.
    pub fn peer_leaf_ptr(&self) -> Option<*mut crate::sys::X509> {
        self.peer_chain();
        self.peer.lock().as_ref().and_then(|v| v.first().map(|x| x.as_ptr()))
    }
}
