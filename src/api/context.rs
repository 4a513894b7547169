//! SslContext (`SSL_CTX`): configuration shared by connections, the client
//! session-cache settings and statistics.

use std::sync::atomic::{AtomicI64, Ordering};

use parking_lot::Mutex;

use crate::crypto::kx::Group;
use crate::sys::callbacks::{AlpnSelectCb, GetSessionCb, InfoCb, KeylogCb, NewSessionCb, RemoveSessionCb, ServernameCb};
use crate::sys::exdata::ExData;
use crate::sys::x509::{Store, VerifyParam};
use crate::sys::VerifyCb;
use crate::tls::suites::{Suite, TLS12_SUITES, TLS13_SUITES};

pub const TLS1_VERSION: i32 = 0x0301;
pub const TLS1_2_VERSION: i32 = 0x0303;
pub const TLS1_3_VERSION: i32 = 0x0304;

/// `SSL_SESS_CACHE_*` bits.
pub const SESS_CACHE_CLIENT: i64 = 0x1;
pub const SESS_CACHE_SERVER: i64 = 0x2;
pub const SESS_CACHE_NO_AUTO_CLEAR: i64 = 0x80;
pub const SESS_CACHE_NO_INTERNAL_LOOKUP: i64 = 0x100;
pub const SESS_CACHE_NO_INTERNAL_STORE: i64 = 0x200;
/// `SSL_SESSION_CACHE_MAX_SIZE_DEFAULT`.
pub const SESSION_CACHE_MAX_SIZE_DEFAULT: i64 = 1024 * 20;
/// `SSL_get_default_timeout` for TLS: two hours.
pub const DEFAULT_TIMEOUT: u64 = 7200;

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Role {
    Client,
    Server,
    Either,
}

/// Settings copied into each `SSL` at `SSL_new`, as OpenSSL does.
#[derive(Clone)]
pub struct Settings {
    pub options: u64,
    pub mode: u64,
    pub min_version: i32,
    pub max_version: i32,
    pub suites: Vec<&'static Suite>,
    pub groups: Vec<Group>,
    /// The groups a client sends key shares for (OpenSSL 3.5's `*`-marked
    /// groups); empty: the first group's only.
    pub key_share_groups: Vec<Group>,
    pub verify_mode: i32,
    pub verify_cb: VerifyCb,
    pub alpn: Vec<u8>,
    pub num_tickets: u64,
    pub sid_ctx: Vec<u8>,
    pub certs: super::certs::CertConfig,
    /// The client CA list (`SSL_CTX_set_client_CA_list`), shared by clones.
    pub client_ca: Option<std::sync::Arc<parking_lot::Mutex<crate::sys::names::NameStack>>>,
    /// The TLS 1.2 cipher string and the suites it selects, in order;
    /// shared, not copied, by the connections a context makes (up to 137
    /// suites: a copy per connection cost a kilobyte each).
    pub tls12_cipher_list: String,
    pub tls12_suites: std::sync::Arc<[&'static Suite]>,
    /// Certificate compression algorithms, best first, 0-terminated
    /// (OpenSSL 3.5's cert_comp_prefs; RFC 8879 ids fit a byte).
    pub cert_comp_prefs: [u8; 3],
    /// `SSL_CTX_set0_CA_list`: names for the certificate_authorities
    /// extension. Not in `extras`: every SSL starts without its own (so
    /// SSL_new would otherwise copy the shared extras each time).
    pub ca_list: Option<std::sync::Arc<parking_lot::Mutex<crate::sys::names::NameStack>>>,
    /// `SSL_CTX_set1_client_cert_type` / `set1_server_cert_type` (RFC 7250).
    pub cert_types: crate::tls::cert_types::CertTypes,
    /// Shared by the connections a context makes until one changes a
    /// setting in it (copy on write): most never do, and a copy is 432 bytes.
    pub extras: std::sync::Arc<super::extras::Extras>,
}

/// OpenSSL 3.0's defaults for `SSL_CTX_get_options`:
/// SSL_OP_ENABLE_MIDDLEBOX_COMPAT | SSL_OP_NO_COMPRESSION (0x120000, as 3.0 prints).
pub const DEFAULT_OPTIONS: u64 = 0x0010_0000 | 0x0002_0000;
/// SSL_MODE_AUTO_RETRY is on by default in 3.0.
pub const DEFAULT_MODE: u64 = 0x4;

impl Settings {
    pub fn new() -> Self {
        Settings {
            options: DEFAULT_OPTIONS,
            mode: DEFAULT_MODE,
            min_version: 0,
            max_version: 0,
            suites: TLS13_SUITES.to_vec(),
            // OpenSSL 3.0's default list and order.
            groups: Group::default_list(),
            key_share_groups: Group::default_key_shares(),
            verify_mode: 0,
            verify_cb: None,
            alpn: Vec::new(),
            num_tickets: 2,
            sid_ctx: Vec::new(),
            certs: Default::default(),
            client_ca: None,
            tls12_cipher_list: String::from("DEFAULT"),
            tls12_suites: default_tls12_suites(),
            cert_comp_prefs: default_cert_comp_prefs(),
            // OpenSSL creates an empty list with every context.
            ca_list: crate::sys::names::NameStack::new().map(|l| std::sync::Arc::new(parking_lot::Mutex::new(l))),
            cert_types: Default::default(),
            extras: Default::default(),
        }
    }

    /// The extra settings, for a change: copied first if still shared.
    pub fn extras_mut(&mut self) -> &mut super::extras::Extras {
        std::sync::Arc::make_mut(&mut self.extras)
    }

    /// The engine's certificate compression settings (RFC 8879).
    pub fn cert_compression(&self) -> crate::tls::cert_compression::CertCompression {
        let available = crate::sys::comp::available();
        crate::tls::cert_compression::CertCompression {
            prefs: self.cert_comp_prefs.iter().take_while(|a| **a != 0).map(|a| u16::from(*a)).collect(),
            codec: (!available.is_empty()).then(cert_codec),
            available,
            no_tx: self.options & SSL_OP_NO_TX_CERTIFICATE_COMPRESSION != 0,
            no_rx: self.options & SSL_OP_NO_RX_CERTIFICATE_COMPRESSION != 0,
        }
    }
}

/// OpenSSL 3.5's SSL_OP_NO_TX_CERTIFICATE_COMPRESSION: compress_certificate
/// from the peer is ignored.
pub const SSL_OP_NO_TX_CERTIFICATE_COMPRESSION: u64 = 1 << 32;
/// SSL_OP_NO_RX_CERTIFICATE_COMPRESSION: we do not offer to receive them.
pub const SSL_OP_NO_RX_CERTIFICATE_COMPRESSION: u64 = 1 << 33;

/// OpenSSL 3.5's SSL_CTX_new_ex: "Set the default order: brotli, zlib,
/// zstd", of those libcrypto has (none with a 3.0 libcrypto).
fn default_cert_comp_prefs() -> [u8; 3] {
    let mut prefs = [0u8; 3];
    for (slot, alg) in prefs.iter_mut().zip(crate::sys::comp::available()) {
        *slot = *alg as u8;
    }
    prefs
}

fn cert_codec() -> std::sync::Arc<dyn crate::tls::cert_compression::CertCodec> {
    static CODEC: std::sync::OnceLock<std::sync::Arc<crate::sys::comp::LibcryptoCodec>> = std::sync::OnceLock::new();
    CODEC.get_or_init(|| std::sync::Arc::new(crate::sys::comp::LibcryptoCodec)).clone()
}

/// The suites OpenSSL's "DEFAULT" cipher string selects, which a new
/// context starts with (60 with TLS 1.3's, not every suite we have):
/// evaluated once, shared by every context.
fn default_tls12_suites() -> std::sync::Arc<[&'static Suite]> {
    static DEFAULT: std::sync::OnceLock<std::sync::Arc<[&'static Suite]>> = std::sync::OnceLock::new();
    DEFAULT
        .get_or_init(|| match crate::tls::cipher_string::evaluate("DEFAULT") {
            Some(l) if !l.suites.is_empty() => l.suites.into(),
            _ => TLS12_SUITES[..].into(),
        })
        .clone()
}

impl Settings {
    /// `SSL_CTX_set_cipher_list` / `SSL_set_cipher_list` / CipherString:
    /// evaluates the string; false (nothing changed) for a syntax error or
    /// when it selects no TLS 1.2 suite we implement — OpenSSL's
    /// `SSL_R_NO_CIPHER_MATCH` when its list has no TLS 1.2 suite.
    /// `SSL_CTX_set_cipher_list`: false when the string selects no TLS 1.2
    /// suite. As OpenSSL's, a string that parses replaces the list even
    /// then (only TLS 1.3's suites remain: ssl_create_cipher_list updated
    /// it before the count is checked); one that does not parse (a bad
    /// `@` command) changes nothing.
    pub fn set_cipher_list(&mut self, list: &str) -> bool {
        let Some(l) = crate::tls::cipher_string::evaluate(list) else { return false };
        let any = !l.suites.is_empty();
        self.tls12_cipher_list = list.to_string();
        self.tls12_suites = l.suites.into();
        if let Some(level) = l.security_level {
            self.extras_mut().security_level = level;
        }
        any
    }

    /// The (lowest, highest) version these settings let us negotiate
    /// (`enabled_versions` over their bounds, options and security level).
    pub fn enabled_versions(&self) -> Option<(u16, u16)> {
        enabled_versions(self.min_version, self.max_version, self.options, self.extras.security_level)
    }

    /// The enabled suites as OpenSSL's cipher list holds them: the TLS 1.3
    /// suites, then the TLS 1.2 ones of the cipher string.
    pub fn all_suites(&self) -> Vec<&'static Suite> {
        self.suites.iter().chain(self.tls12_suites.iter()).copied().collect()
    }
}

impl Default for Settings {
    fn default() -> Self {
        Settings::new()
    }
}

pub struct Callbacks {
    pub keylog: KeylogCb,
    pub info: InfoCb,
    pub new_session: NewSessionCb,
    pub remove_session: RemoveSessionCb,
    pub get_session: GetSessionCb,
    pub servername: ServernameCb,
    pub servername_arg: usize,
    pub alpn_select: AlpnSelectCb,
    pub alpn_select_arg: usize,
    pub passwd: crate::sys::pkey::PasswordCb,
    pub passwd_arg: usize,
    pub client_cert: crate::sys::callbacks::ClientCertCb,
    pub hooks: super::extras::CtxHooks,
}

/// Session-cache statistics, counted as OpenSSL's `SSL_CTX_sess_*` report them.
#[derive(Default)]
pub struct Stats {
    pub connect: AtomicI64,
    pub connect_good: AtomicI64,
    pub connect_renegotiate: AtomicI64,
    pub accept: AtomicI64,
    pub accept_good: AtomicI64,
    pub accept_renegotiate: AtomicI64,
    pub hits: AtomicI64,
    pub cb_hits: AtomicI64,
    pub misses: AtomicI64,
    pub timeouts: AtomicI64,
    pub cache_full: AtomicI64,
}

impl Stats {
    pub fn bump(counter: &AtomicI64) {
        counter.fetch_add(1, Ordering::Relaxed);
    }
}

pub struct SslContext {
    pub role: Role,
    /// `SSL_CTX_new_ex`'s library context (an OSSL_LIB_CTX*, 0 for the
    /// default), in effect while exports work for this context
    /// (`sys/libctx.rs`); not owned, as in OpenSSL.
    pub libctx: std::sync::atomic::AtomicUsize,
    /// `SSL_CTX_new_ex`'s property query.
    pub propq: Mutex<Option<std::ffi::CString>>,
    pub settings: Mutex<Settings>,
    pub callbacks: Mutex<Callbacks>,
    pub store: Mutex<Store>,
    pub param: VerifyParam,
    pub cache_mode: AtomicI64,
    pub cache_size: AtomicI64,
    /// Session timeout in seconds (`SSL_CTX_set_timeout`).
    pub timeout: AtomicI64,
    pub stats: Stats,
    pub ex: Mutex<Option<ExData>>,
    /// Certificates added with SSL_CTX_add_extra_chain_cert (sent after the
    /// leaf when we present a certificate).
    pub extra_chain: Mutex<Vec<crate::sys::x509::X509Ref>>,
    pub read_ahead: AtomicI64,
    pub cache: super::session_cache::SessionCache,
    /// Peer certificates already parsed by libcrypto, by DER: a server's
    /// chain repeats across handshakes and `d2i_X509` is costly (measured at
    /// about 1.2M instructions per certificate with OpenSSL 3.0).
    pub parsed_certs: super::cert_cache::CertCache,
    /// Our C handle, known after registration (for callbacks at free time).
    pub handle: std::sync::OnceLock<usize>,
    pub ticket_key: Mutex<std::sync::Arc<crate::crypto::ticket::TicketKey>>,
    /// The SSL_METHOD the context was made with (`SSL_get_ssl_method`).
    pub method: std::sync::OnceLock<usize>,
    /// A chain lent to C by `SSL_CTX_get0_chain_certs` / `get_extra_chain_certs`.
    pub lent_chain: Mutex<Option<crate::sys::x509::X509Stack>>,
    /// `SSL_CTX_set0_ctlog_store` (kept for `get0`; CT validation is not offered).
    pub ctlog_store: Mutex<Option<std::sync::Arc<crate::sys::CtLogStore>>>,
    /// The stack `SSL_CTX_get_ciphers` lends, with the suites it holds.
    pub lent_ciphers: Mutex<Option<(Vec<u16>, crate::sys::StaticPtrStack)>>,
}

impl SslContext {
    pub fn new(role: Role, min_version: i32, max_version: i32) -> Option<SslContext> {
        let mut settings = Settings::new();
        settings.min_version = min_version;
        settings.max_version = max_version;
        Some(SslContext {
            role,
            libctx: std::sync::atomic::AtomicUsize::new(0),
            propq: Mutex::new(None),
            settings: Mutex::new(settings),
            callbacks: Mutex::new(Callbacks {
                keylog: None,
                info: None,
                new_session: None,
                remove_session: None,
                get_session: None,
                servername: None,
                servername_arg: 0,
                alpn_select: None,
                alpn_select_arg: 0,
                passwd: None,
                passwd_arg: 0,
                client_cert: None,
                hooks: Default::default(),
            }),
            store: Mutex::new(Store::new()?),
            param: VerifyParam::new()?,
            cache_mode: AtomicI64::new(SESS_CACHE_SERVER),
            cache_size: AtomicI64::new(SESSION_CACHE_MAX_SIZE_DEFAULT),
            timeout: AtomicI64::new(DEFAULT_TIMEOUT as i64),
            stats: Stats::default(),
            ex: Mutex::new(None),
            extra_chain: Mutex::new(Vec::new()),
            read_ahead: AtomicI64::new(0),
            cache: Default::default(),
            parsed_certs: Default::default(),
            handle: std::sync::OnceLock::new(),
            ticket_key: Mutex::new(std::sync::Arc::new(crate::crypto::ticket::TicketKey::generate().ok()?)),
            method: std::sync::OnceLock::new(),
            lent_chain: Mutex::new(None),
            ctlog_store: Mutex::new(None),
            lent_ciphers: Mutex::new(None),
        })
    }
}

pub const SSL_OP_NO_TLSV1: u64 = 0x0400_0000;
pub const SSL_OP_NO_TLSV1_2: u64 = 0x0800_0000;
pub const SSL_OP_NO_TLSV1_1: u64 = 0x1000_0000;
pub const SSL_OP_NO_TLSV1_3: u64 = 0x2000_0000;

/// Whether OpenSSL 3.0's default security callback allows a protocol
/// version at a security level (SSL_SECOP_VERSION): SSL 3 is refused from
/// level 2, TLS 1.0 from level 3, TLS 1.1 from level 4. (TLS 1.0 and 1.1
/// still fail from level 1 where a handshake needs their SHA-1 or MD5-SHA1
/// signatures; the engine enforces that per handshake.)
pub fn version_allowed_at_level(version: i32, level: i32) -> bool {
    !((version <= 0x0300 && level >= 2) || (version <= TLS1_VERSION && level >= 3) || (version <= TLS1_VERSION + 1 && level >= 4))
}

/// The (lowest, highest) version we may negotiate, TLS 1.0 to 1.3, from a
/// min/max pair (0 = no limit, as in OpenSSL), the SSL_OP_NO_TLSv1_x
/// options and the security level; None when that leaves none. As
/// OpenSSL's ssl_get_min_max_version, a disabled version between enabled
/// ones splits them and the lower run is used.
pub fn enabled_versions(min: i32, max: i32, options: u64, level: i32) -> Option<(u16, u16)> {
    let allowed = |v: i32, off: u64| (min == 0 || min <= v) && (max == 0 || max >= v) && options & off == 0 && version_allowed_at_level(v, level);
    let versions = [
        (TLS1_3_VERSION, SSL_OP_NO_TLSV1_3),
        (TLS1_2_VERSION, SSL_OP_NO_TLSV1_2),
        (TLS1_VERSION + 1, SSL_OP_NO_TLSV1_1),
        (TLS1_VERSION, SSL_OP_NO_TLSV1),
    ];
    // From the best version down: a run of enabled versions; after a
    // disabled one, a new run replaces it.
    let mut run: Option<(u16, u16)> = None;
    let mut hole = true;
    for (v, off) in versions {
        if !allowed(v, off) {
            hole = true;
        } else if hole {
            run = Some((v as u16, v as u16));
            hole = false;
        } else if let Some(r) = run.as_mut() {
            r.0 = v as u16;
        }
    }
    run
}

/// Parses OpenSSL's groups list ("X25519:P-256") into the groups and the
/// ones marked for key shares; None when a name is unknown to OpenSSL too,
/// or when no group we implement remains. Groups OpenSSL has and we do not
/// are accepted and skipped. With a 3.5 libcrypto loaded, 3.5's syntax too
/// (SSL_CTX_set1_groups_list(3) of 3.5): `/` separates tuples (kept in
/// order here), a `?` prefix makes an unknown name skipped instead of
/// refused, a `*` prefix marks a group for a key share, and `DEFAULT`
/// stands for the default list with its key shares.
pub fn parse_groups_list(list: &str) -> Option<(Vec<Group>, Vec<Group>)> {
    let syntax35 = crate::sys::libcrypto_version() >= 0x3050_0000;
    let mut out = Vec::new();
    let mut shares = Vec::new();
    let tokens: Vec<&str> = if syntax35 { list.split([':', '/']).collect() } else { list.split(':').collect() };
    for token in tokens {
        let mut name = token;
        let (mut optional, mut share) = (false, false);
        while syntax35 {
            if let Some(rest) = name.strip_prefix('?') {
                optional = true;
                name = rest;
            } else if let Some(rest) = name.strip_prefix('*') {
                share = true;
                name = rest;
            } else {
                break;
            }
        }
        if syntax35 && name.eq_ignore_ascii_case("DEFAULT") {
            for g in Group::default_list() {
                if !out.contains(&g) {
                    out.push(g);
                }
            }
            for g in Group::default_key_shares() {
                if !shares.contains(&g) {
                    shares.push(g);
                }
            }
            continue;
        }
        match Group::from_name(name) {
            Some(g) => {
                if !out.contains(&g) {
                    out.push(g);
                }
                if share && !shares.contains(&g) {
                    shares.push(g);
                }
            }
            None if Group::is_known_elsewhere(name) || optional => {}
            None => return None,
        }
    }
    (!out.is_empty()).then_some((out, shares))
}

/// A protocol version OpenSSL accepts as a min/max bound (0 = none).
pub fn valid_version_bound(v: i32) -> bool {
    v == 0 || (0x0300..=TLS1_3_VERSION).contains(&v)
}

impl Drop for SslContext {
    /// `SSL_CTX_free` flushes the whole cache, calling the remove callback
    /// for each session, as OpenSSL's `SSL_CTX_flush_sessions(ctx, 0)` does.
    fn drop(&mut self) {
        let removed = self.cache.flush(u64::MAX);
        let cb = self.callbacks.get_mut().remove_session;
        let ctx = self.handle.get().copied().unwrap_or(0);
        for s in removed {
            s.update(|d| d.not_resumable = true);
            crate::sys::callbacks::remove_session(cb, ctx, s.ptr());
        }
    }
}

#[cfg(test)]
mod cipher_list_tests {
    use super::Settings;

    #[test]
    fn a_string_selecting_nothing_leaves_tls13_only_as_openssl() {
        let mut s = Settings::new();
        assert!(s.set_cipher_list("ECDHE+AESGCM"));
        assert!(!s.tls12_suites.is_empty());
        // Parses, matches nothing: refused, yet the list is replaced.
        assert!(!s.set_cipher_list("NO-SUCH-CIPHER"));
        assert!(s.tls12_suites.is_empty());
        assert_eq!(s.tls12_cipher_list, "NO-SUCH-CIPHER");
        // Does not parse (an unknown @ command): refused, nothing changes.
        assert!(s.set_cipher_list("ECDHE+AESGCM"));
        let before = s.tls12_suites.len();
        assert!(!s.set_cipher_list("ECDHE:@NOSUCHCOMMAND"));
        assert_eq!(s.tls12_suites.len(), before);
    }
}
