//! The application's extensions as OpenSSL 3.0 keeps them
//! (`ssl/statem/extensions_cust.c`): a table per context, copied into each
//! SSL with its certificates (OpenSSL's `CERT`), and per connection the
//! flags saying which were sent in our ClientHello and which were received
//! in the peer's ClientHello or CertificateRequest (only those are answered).

use std::sync::Arc;

use crate::sys::custom_ext_cb::ExtCallbacks;
use crate::tls::custom_ext::{self as cx, Site};

/// OpenSSL's `SSL_EXT_*` protocol bits of a registration's context.
pub const TLS_ONLY: u32 = 0x0001;
pub const TLS1_2_AND_BELOW_ONLY: u32 = 0x0010;
pub const TLS1_3_ONLY: u32 = 0x0020;
pub const IGNORE_ON_RESUMPTION: u32 = 0x0040;

/// OpenSSL's context for the legacy client/server registrations and for
/// version 1 serverinfo (`SYNTHV1CONTEXT`).
pub const LEGACY_CONTEXT: u32 = TLS1_2_AND_BELOW_ONLY | cx::CLIENT_HELLO | cx::TLS1_2_SERVER_HELLO | IGNORE_ON_RESUMPTION;

/// The flags of one registration on one connection.
pub const SENT: u8 = 1;
pub const RECEIVED: u8 = 2;

/// OpenSSL's ENDPOINT: the legacy API registers per role, the new one for both.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Role {
    Client,
    Server,
    Both,
}

#[derive(Clone, Copy, Debug)]
pub enum Callbacks {
    App(ExtCallbacks),
    /// Data from the chosen certificate's serverinfo
    /// (`SSL_CTX_use_serverinfo`); a client's extension must be empty.
    ServerInfo,
}

#[derive(Clone, Copy, Debug)]
pub struct Method {
    pub role: Role,
    pub ext_type: u16,
    pub context: u32,
    pub callbacks: Callbacks,
}

/// A context's (or connection's) registrations, shared until one changes.
#[derive(Clone, Default)]
pub struct CustomExts {
    methods: Arc<Vec<Method>>,
}

impl CustomExts {
    pub fn methods(&self) -> &[Method] {
        &self.methods
    }

    /// OpenSSL's custom_ext_find: a registration for `role` (the legacy
    /// API's per-role ones match their role; the new API's match any).
    pub fn find(&self, role: Role, ext_type: u16) -> Option<&Method> {
        self.methods.iter().find(|m| m.ext_type == ext_type && (role == Role::Both || m.role == role || m.role == Role::Both))
    }

    /// OpenSSL's add_custom_ext_intern after its checks: false for a
    /// duplicate (the caller made the other checks).
    pub fn add(&mut self, m: Method) -> bool {
        if self.find(m.role, m.ext_type).is_some() {
            return false;
        }
        Arc::make_mut(&mut self.methods).push(m);
        true
    }
}

/// Per connection: the flags of each (role, type) registration, kept by
/// type so that they survive `SSL_set_SSL_CTX` (OpenSSL's
/// custom_exts_copy_flags).
#[derive(Default)]
pub struct ExtFlags(Vec<(Role, u16, u8)>);

impl ExtFlags {
    pub fn get(&self, m: &Method) -> u8 {
        self.0.iter().find(|(r, t, _)| *r == m.role && *t == m.ext_type).map_or(0, |e| e.2)
    }

    pub fn set(&mut self, m: &Method, bit: u8) {
        match self.0.iter_mut().find(|(r, t, _)| *r == m.role && *t == m.ext_type) {
            Some(e) => e.2 |= bit,
            None => self.0.push((m.role, m.ext_type, bit)),
        }
    }

    /// OpenSSL's custom_ext_init at each ClientHello.
    pub fn clear(&mut self) {
        self.0.clear();
    }
}

/// OpenSSL's extension_is_relevant for a registration's context at `site`
/// (`server`: our role). TLS only: DTLS and SSL 3.0 are not offered.
pub fn is_relevant(extctx: u32, site: &Site<'_>, server: bool) -> bool {
    let tls13 = site.tls13 || site.context & cx::TLS1_3_HELLO_RETRY_REQUEST != 0;
    !((tls13 && extctx & TLS1_2_AND_BELOW_ONLY != 0)
        || (!tls13 && extctx & TLS1_3_ONLY != 0 && site.context & cx::CLIENT_HELLO == 0)
        || (server && !tls13 && extctx & TLS1_3_ONLY != 0)
        || (site.resumed && extctx & IGNORE_ON_RESUMPTION != 0))
}

/// OpenSSL's should_add_extension.
pub fn should_add(extctx: u32, site: &Site<'_>, server: bool) -> bool {
    extctx & site.context != 0
        && is_relevant(extctx, site, server)
        && !(extctx & TLS1_3_ONLY != 0 && site.context & cx::CLIENT_HELLO != 0 && site.max_version < crate::tls::TLS1_3_VERSION)
}

/// The messages whose extensions answer the peer's: only what the peer's
/// ClientHello or CertificateRequest carried is added to them.
pub const RESPONSES: u32 =
    cx::TLS1_2_SERVER_HELLO | cx::TLS1_3_SERVER_HELLO | cx::TLS1_3_ENCRYPTED_EXTENSIONS | cx::TLS1_3_CERTIFICATE | cx::TLS1_3_HELLO_RETRY_REQUEST;

/// The role a received extension is looked up under (OpenSSL's
/// custom_ext_parse and verify_extension): the legacy registrations are
/// per role and live only in the two hellos.
pub fn lookup_role(context: u32, server: bool) -> Role {
    if context & (cx::CLIENT_HELLO | cx::TLS1_2_SERVER_HELLO) == 0 {
        Role::Both
    } else if server {
        Role::Server
    } else {
        Role::Client
    }
}

/// OpenSSL's serverinfo_find_extension over version 2 serverinfo
/// (`context(4) type(2) data<0..2^16-1>`, repeated): the data of `ty`,
/// Ok(None) if absent, Err if the list is malformed.
pub fn serverinfo_find(serverinfo: &[u8], ty: u16) -> Result<Option<&[u8]>, ()> {
    let mut r = crate::tls::codec::Reader::new(serverinfo);
    while !r.is_empty() {
        r.u32().map_err(|_| ())?;
        let t = r.u16().map_err(|_| ())?;
        let data = r.vec16().map_err(|_| ())?;
        if t == ty {
            return Ok(Some(data));
        }
    }
    Ok(None)
}

/// Checks version 2 serverinfo and lists its (context, type) entries
/// (OpenSSL's serverinfo_process_buffer); None when malformed or empty.
pub fn serverinfo_entries(serverinfo: &[u8]) -> Option<Vec<(u32, u16)>> {
    if serverinfo.is_empty() {
        return None;
    }
    let mut r = crate::tls::codec::Reader::new(serverinfo);
    let mut out = Vec::new();
    while !r.is_empty() {
        let context = r.u32().ok()?;
        let ty = r.u16().ok()?;
        r.vec16().ok()?;
        out.push((context, ty));
    }
    Some(out)
}

/// Version 1 serverinfo (`type(2) data<0..2^16-1>`, repeated) as version 2,
/// each entry given OpenSSL's legacy context (extension_append).
pub fn serverinfo_v1_to_v2(v1: &[u8]) -> Option<Vec<u8>> {
    let mut r = crate::tls::codec::Reader::new(v1);
    let mut w = crate::tls::codec::Writer::new();
    while !r.is_empty() {
        let ty = r.u16().ok()?;
        let data = r.vec16().ok()?;
        w.u32(LEGACY_CONTEXT);
        w.u16(ty);
        w.vec16(|w| w.bytes(data));
    }
    Some(w.buf)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site(context: u32, tls13: bool, resumed: bool) -> Site<'static> {
        Site { context, tls13, resumed, max_version: crate::tls::TLS1_3_VERSION, cert: None }
    }

    #[test]
    fn legacy_context_is_tls12_only_and_skipped_on_resumption() {
        assert!(should_add(LEGACY_CONTEXT, &site(cx::CLIENT_HELLO, false, false), false));
        assert!(!is_relevant(LEGACY_CONTEXT, &site(cx::CLIENT_HELLO, true, false), true));
        assert!(!is_relevant(LEGACY_CONTEXT, &site(cx::TLS1_2_SERVER_HELLO, false, true), false));
        assert!(!should_add(LEGACY_CONTEXT, &site(cx::TLS1_3_ENCRYPTED_EXTENSIONS, true, false), true));
    }

    #[test]
    fn tls13_only_offered_in_client_hello_when_tls13_is() {
        let ctx = TLS1_3_ONLY | cx::CLIENT_HELLO;
        assert!(should_add(ctx, &site(cx::CLIENT_HELLO, false, false), false));
        let old = Site { max_version: crate::tls::TLS1_2_VERSION, ..site(cx::CLIENT_HELLO, false, false) };
        assert!(!should_add(ctx, &old, false));
        // A TLS 1.2 server ignores it.
        assert!(!is_relevant(ctx, &site(cx::CLIENT_HELLO, false, false), true));
    }

    #[test]
    fn duplicate_registrations_are_refused_per_role() {
        let cb = Callbacks::ServerInfo;
        let mut t = CustomExts::default();
        assert!(t.add(Method { role: Role::Client, ext_type: 1000, context: LEGACY_CONTEXT, callbacks: cb }));
        assert!(t.add(Method { role: Role::Server, ext_type: 1000, context: LEGACY_CONTEXT, callbacks: cb }));
        assert!(!t.add(Method { role: Role::Server, ext_type: 1000, context: LEGACY_CONTEXT, callbacks: cb }));
        assert!(!t.add(Method { role: Role::Both, ext_type: 1000, context: LEGACY_CONTEXT, callbacks: cb }));
    }

    #[test]
    fn serverinfo_v1_converts_and_finds() {
        let v1 = [0x03, 0xe8, 0, 2, 7, 8, 0, 18, 0, 0];
        let v2 = serverinfo_v1_to_v2(&v1).unwrap();
        assert_eq!(serverinfo_entries(&v2).unwrap(), vec![(LEGACY_CONTEXT, 1000), (LEGACY_CONTEXT, 18)]);
        assert_eq!(serverinfo_find(&v2, 1000).unwrap(), Some(&[7u8, 8][..]));
        assert_eq!(serverinfo_find(&v2, 18).unwrap(), Some(&[][..]));
        assert_eq!(serverinfo_find(&v2, 5).unwrap(), None);
        assert!(serverinfo_entries(&v2[..v2.len() - 1]).is_none());
        assert!(serverinfo_v1_to_v2(&v1[..3]).is_none());
    }
}
