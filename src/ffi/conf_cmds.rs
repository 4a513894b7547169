//! OpenSSL 3.0's `SSL_CONF` command table (`ssl/ssl_conf.c`): every
//! command-line and file name, the flags that allow it, its value type, and
//! what it does. As in OpenSSL, each command acts through the same public
//! calls an application would make (`SSL_CTX_use_certificate_chain_file`,
//! `SSL_CTX_set_num_tickets`, ...), so a command does exactly what that
//! call does, errors included.

use std::ffi::{c_int, c_uint, CString};
use std::sync::Arc;

use super::types::{SSL, SSL_CTX};
use crate::api::connection::Ssl;
use crate::api::context::{parse_groups_list, valid_version_bound, Settings, SslContext};
use crate::sys::names::NameStack;
use crate::sys::pkey::KeyKind;
use crate::tls::suites;

pub const FLAG_CMDLINE: c_uint = 0x1;
pub const FLAG_FILE: c_uint = 0x2;
pub const FLAG_CLIENT: c_uint = 0x4;
pub const FLAG_SERVER: c_uint = 0x8;
pub const FLAG_SHOW_ERRORS: c_uint = 0x10;
pub const FLAG_CERTIFICATE: c_uint = 0x20;
pub const FLAG_REQUIRE_PRIVATE: c_uint = 0x40;

pub const TYPE_UNKNOWN: c_int = 0;
pub const TYPE_STRING: c_int = 1;
pub const TYPE_FILE: c_int = 2;
pub const TYPE_DIR: c_int = 3;
pub const TYPE_NONE: c_int = 4;
pub const TYPE_STORE: c_int = 5;

const OP_ALL: u64 = 0x8000_0850; // SSL_OP_ALL in OpenSSL 3.0
const OP_NO_SSLV3: u64 = 1 << 25;
const OP_NO_TLSV1: u64 = 1 << 26;
const OP_NO_TLSV1_2: u64 = 1 << 27;
const OP_NO_TLSV1_1: u64 = 1 << 28;
const OP_NO_TLSV1_3: u64 = 1 << 29;
const OP_NO_SSL_MASK: u64 = OP_NO_SSLV3 | OP_NO_TLSV1 | OP_NO_TLSV1_1 | OP_NO_TLSV1_2 | OP_NO_TLSV1_3;
const CERT_FLAG_TLS_STRICT: u32 = 0x1;

const VERIFY_PEER: i32 = 0x01;
const VERIFY_FAIL_IF_NO_PEER_CERT: i32 = 0x02;
const VERIFY_CLIENT_ONCE: i32 = 0x04;
const VERIFY_POST_HANDSHAKE: i32 = 0x08;

/// Where CA certificates come from.
#[derive(Clone, Copy)]
pub enum Source {
    File,
    Dir,
    Store,
}

/// What a command does.
#[derive(Clone, Copy)]
pub enum Cmd {
    /// A switch setting (or, inverted, clearing) option bits.
    Switch(u64, bool),
    /// `strict`: SSL_CERT_FLAG_TLS_STRICT.
    StrictCert,
    SignatureAlgorithms,
    ClientSignatureAlgorithms,
    Groups,
    EcdhParameters,
    CipherString,
    Ciphersuites,
    Protocol,
    MinProtocol,
    MaxProtocol,
    Options,
    VerifyMode,
    Certificate,
    PrivateKey,
    ServerInfoFile,
    ChainCa(Source),
    VerifyCa(Source),
    RequestCa(Source),
    DhParameters,
    RecordPadding,
    NumTickets,
}

/// One row of OpenSSL's `ssl_conf_cmds`.
pub struct CmdDef {
    pub file: Option<&'static str>,
    pub cmdline: Option<&'static str>,
    pub flags: c_uint,
    pub ty: c_int,
    pub cmd: Cmd,
}

const fn switch(name: &'static str, flags: c_uint, option: u64, invert: bool) -> CmdDef {
    CmdDef { file: None, cmdline: Some(name), flags, ty: TYPE_NONE, cmd: Cmd::Switch(option, invert) }
}

const fn string(file: &'static str, cmdline: Option<&'static str>, flags: c_uint, cmd: Cmd) -> CmdDef {
    CmdDef { file: Some(file), cmdline, flags, ty: TYPE_STRING, cmd }
}

const fn typed(file: &'static str, cmdline: Option<&'static str>, flags: c_uint, ty: c_int, cmd: Cmd) -> CmdDef {
    CmdDef { file: Some(file), cmdline, flags, ty, cmd }
}

const CERT: c_uint = FLAG_CERTIFICATE;
const SRV: c_uint = FLAG_SERVER;
const CLI: c_uint = FLAG_CLIENT;

/// OpenSSL 3.0's table, in its order.
pub static COMMANDS: &[CmdDef] = &[
    switch("no_ssl3", 0, OP_NO_SSLV3, false),
    switch("no_tls1", 0, OP_NO_TLSV1, false),
    switch("no_tls1_1", 0, OP_NO_TLSV1_1, false),
    switch("no_tls1_2", 0, OP_NO_TLSV1_2, false),
    switch("no_tls1_3", 0, OP_NO_TLSV1_3, false),
    switch("bugs", 0, OP_ALL, false),
    switch("no_comp", 0, 1 << 17, false),
    switch("comp", 0, 1 << 17, true),
    switch("ecdh_single", SRV, 0, false),
    switch("no_ticket", 0, 1 << 14, false),
    switch("serverpref", SRV, 1 << 22, false),
    switch("legacy_renegotiation", 0, 1 << 18, false),
    switch("client_renegotiation", SRV, 1 << 8, false),
    switch("legacy_server_connect", CLI, 1 << 2, false),
    switch("no_renegotiation", 0, 1 << 30, false),
    switch("no_resumption_on_reneg", SRV, 1 << 16, false),
    switch("no_legacy_server_connect", CLI, 1 << 2, true),
    switch("allow_no_dhe_kex", 0, 1 << 10, false),
    switch("prioritize_chacha", SRV, 1 << 21, false),
    CmdDef { file: None, cmdline: Some("strict"), flags: 0, ty: TYPE_NONE, cmd: Cmd::StrictCert },
    switch("no_middlebox", 0, 1 << 20, true),
    switch("anti_replay", SRV, 1 << 24, true),
    switch("no_anti_replay", SRV, 1 << 24, false),
    switch("no_etm", 0, 1 << 19, false),
    // OpenSSL 3.2's certificate compression switches (known with a 3.2+
    // libcrypto only: see `known_here`).
    switch("no_tx_cert_comp", 0, 1 << 32, false),
    switch("no_rx_cert_comp", 0, 1 << 33, false),
    string("SignatureAlgorithms", Some("sigalgs"), 0, Cmd::SignatureAlgorithms),
    string("ClientSignatureAlgorithms", Some("client_sigalgs"), 0, Cmd::ClientSignatureAlgorithms),
    string("Curves", Some("curves"), 0, Cmd::Groups),
    string("Groups", Some("groups"), 0, Cmd::Groups),
    string("ECDHParameters", Some("named_curve"), SRV, Cmd::EcdhParameters),
    string("CipherString", Some("cipher"), 0, Cmd::CipherString),
    string("Ciphersuites", Some("ciphersuites"), 0, Cmd::Ciphersuites),
    string("Protocol", None, 0, Cmd::Protocol),
    string("MinProtocol", Some("min_protocol"), 0, Cmd::MinProtocol),
    string("MaxProtocol", Some("max_protocol"), 0, Cmd::MaxProtocol),
    string("Options", None, 0, Cmd::Options),
    string("VerifyMode", None, 0, Cmd::VerifyMode),
    typed("Certificate", Some("cert"), CERT, TYPE_FILE, Cmd::Certificate),
    typed("PrivateKey", Some("key"), CERT, TYPE_FILE, Cmd::PrivateKey),
    typed("ServerInfoFile", None, SRV | CERT, TYPE_FILE, Cmd::ServerInfoFile),
    typed("ChainCAPath", Some("chainCApath"), CERT, TYPE_DIR, Cmd::ChainCa(Source::Dir)),
    typed("ChainCAFile", Some("chainCAfile"), CERT, TYPE_FILE, Cmd::ChainCa(Source::File)),
    typed("ChainCAStore", Some("chainCAstore"), CERT, TYPE_STORE, Cmd::ChainCa(Source::Store)),
    typed("VerifyCAPath", Some("verifyCApath"), CERT, TYPE_DIR, Cmd::VerifyCa(Source::Dir)),
    typed("VerifyCAFile", Some("verifyCAfile"), CERT, TYPE_FILE, Cmd::VerifyCa(Source::File)),
    typed("VerifyCAStore", Some("verifyCAstore"), CERT, TYPE_STORE, Cmd::VerifyCa(Source::Store)),
    typed("RequestCAFile", Some("requestCAFile"), CERT, TYPE_FILE, Cmd::RequestCa(Source::File)),
    typed("ClientCAFile", None, SRV | CERT, TYPE_FILE, Cmd::RequestCa(Source::File)),
    typed("RequestCAPath", None, CERT, TYPE_DIR, Cmd::RequestCa(Source::Dir)),
    typed("ClientCAPath", None, SRV | CERT, TYPE_DIR, Cmd::RequestCa(Source::Dir)),
    typed("RequestCAStore", Some("requestCAStore"), CERT, TYPE_STORE, Cmd::RequestCa(Source::Store)),
    typed("ClientCAStore", None, SRV | CERT, TYPE_STORE, Cmd::RequestCa(Source::Store)),
    typed("DHParameters", Some("dhparam"), SRV | CERT, TYPE_FILE, Cmd::DhParameters),
    string("RecordPadding", Some("record_padding"), 0, Cmd::RecordPadding),
    string("NumTickets", Some("num_tickets"), SRV, Cmd::NumTickets),
];

/// OpenSSL's ssl_conf_cmd_allowed: a command marked for servers, clients
/// or certificates needs the context's flag for it.
fn allowed(flags: c_uint, def: &CmdDef) -> bool {
    [FLAG_SERVER, FLAG_CLIENT, FLAG_CERTIFICATE].iter().all(|f| def.flags & f == 0 || flags & f != 0)
}

/// OpenSSL's ssl_conf_cmd_lookup on a name with its prefix removed:
/// command-line names match exactly, file names without regard to case.
pub fn lookup(flags: c_uint, name: &str) -> Option<&'static CmdDef> {
    COMMANDS.iter().filter(|d| allowed(flags, d) && !matches!(d.cmd, Cmd::Switch(bits, _) if !known_here(bits))).find(|d| {
        (flags & FLAG_CMDLINE != 0 && d.cmdline == Some(name)) || (flags & FLAG_FILE != 0 && d.file.is_some_and(|f| f.eq_ignore_ascii_case(name)))
    })
}

/// What the commands act on.
pub enum Target {
    Ctx(Arc<SslContext>),
    Ssl(Arc<Ssl>),
    /// Neither: OpenSSL only checks the syntax of some values.
    None,
}

impl Target {
    fn with_settings<R>(&self, f: impl FnOnce(&mut Settings) -> R) -> Option<R> {
        match self {
            Target::Ctx(c) => Some(f(&mut c.settings.lock())),
            Target::Ssl(s) => Some(f(&mut s.st.lock().settings)),
            Target::None => None,
        }
    }

    fn ctx_ptr(&self) -> *mut SSL_CTX {
        match self {
            Target::Ctx(c) => c.handle.get().copied().unwrap_or(0) as *mut SSL_CTX,
            _ => std::ptr::null_mut(),
        }
    }

    fn ssl_ptr(&self) -> *mut SSL {
        match self {
            Target::Ssl(s) => s.handle() as *mut SSL,
            _ => std::ptr::null_mut(),
        }
    }
}

/// The state commands keep between calls (OpenSSL's SSL_CONF_CTX fields).
#[derive(Default)]
pub struct Pending {
    /// Certificate files by slot, for SSL_CONF_FLAG_REQUIRE_PRIVATE.
    pub cert_files: Vec<(KeyKind, CString)>,
    /// RequestCAFile & co., installed by SSL_CONF_CTX_finish.
    pub ca_names: Option<NameStack>,
}

/// Runs a command with a value: OpenSSL's cmd_* return, > 0 for success,
/// 0 for failure, -2 for "not allowed here".
pub fn run(def: &CmdDef, flags: c_uint, target: &Target, pending: &mut Pending, value: &str) -> c_int {
    let ok = |b: bool| b as c_int;
    match def.cmd {
        Cmd::Switch(..) | Cmd::StrictCert => 1,
        Cmd::SignatureAlgorithms | Cmd::ClientSignatureAlgorithms => {
            let Some(list) = crate::crypto::verify::parse_sigalgs_list(value) else { return 0 };
            let client = matches!(def.cmd, Cmd::ClientSignatureAlgorithms);
            target.with_settings(|s| if client { s.extras_mut().client_sigalgs = Some(list) } else { s.extras_mut().sigalgs = Some(list) });
            1
        }
        Cmd::Groups => set_groups(target, value),
        Cmd::EcdhParameters => {
            // 1.0.2's automatic selection is accepted and ignored.
            if (flags & FLAG_FILE != 0 && (value.eq_ignore_ascii_case("+automatic") || value.eq_ignore_ascii_case("automatic")))
                || (flags & FLAG_CMDLINE != 0 && value == "auto")
            {
                return 1;
            }
            if value.contains(':') {
                return 0;
            }
            set_groups(target, value)
        }
        Cmd::CipherString => ok(target.with_settings(|s| s.set_cipher_list(value)).unwrap_or(true)),
        Cmd::Ciphersuites => match target.with_settings(|s| suites::parse_ciphersuites(value).map(|l| s.suites = l).is_some()) {
            Some(r) => ok(r),
            None => 1,
        },
        Cmd::Protocol => option_list(flags, value, PROTOCOLS, &mut |bits, on, _| set_options(target, bits, on)),
        Cmd::MinProtocol | Cmd::MaxProtocol => {
            // OpenSSL's ssl_set_version_bound: a DTLS version is valid and
            // leaves a TLS method's bound as it is.
            let Some(v) = protocol_version(value) else { return 0 };
            let min = matches!(def.cmd, Cmd::MinProtocol);
            let tls = valid_version_bound(v);
            ok(target.with_settings(|s| if !tls {} else if min { s.min_version = v } else { s.max_version = v }).is_some())
        }
        Cmd::Options => option_list(flags, value, OPTIONS, &mut |bits, on, _| set_options(target, bits, on)),
        Cmd::VerifyMode => option_list(flags, value, VERIFY_MODES, &mut |bits, on, _| {
            target.with_settings(|s| {
                if on {
                    s.verify_mode |= bits as i32;
                } else {
                    s.verify_mode &= !(bits as i32);
                }
            });
        }),
        Cmd::Certificate => certificate(flags, target, pending, value),
        Cmd::PrivateKey => private_key(flags, target, value),
        // OpenSSL's cmd_ServerInfoFile: the context's only.
        Cmd::ServerInfoFile => match (target, CString::new(value)) {
            // SAFETY: a live context handle and a NUL-terminated path.
            (Target::Ctx(_), Ok(path)) => ok(unsafe { super::custom_ext::SSL_CTX_use_serverinfo_file(target.ctx_ptr(), path.as_ptr()) } > 0),
            (Target::Ctx(_), Err(_)) => 0,
            _ => 1,
        },
        Cmd::ChainCa(src) | Cmd::VerifyCa(src) => {
            let verify = matches!(def.cmd, Cmd::VerifyCa(_));
            load_store(target, src, verify, value)
        }
        Cmd::RequestCa(src) => request_ca(pending, src, value),
        Cmd::DhParameters => dh_parameters(target, value),
        // OpenSSL's cmd_RecordPadding: a non-negative block size.
        Cmd::RecordPadding => match (value.parse::<i64>().unwrap_or(-1), target) {
            (n, Target::Ctx(_)) if n >= 0 => super::extras::SSL_CTX_set_block_padding(target.ctx_ptr(), n as usize),
            (n, Target::Ssl(_)) if n >= 0 => super::extras::SSL_set_block_padding(target.ssl_ptr(), n as usize),
            _ => 0,
        },
        Cmd::NumTickets => match value.parse::<i64>() {
            Ok(n) if n >= 0 => match target {
                Target::Ctx(_) => super::ssl_ctx::SSL_CTX_set_num_tickets(target.ctx_ptr(), n as usize),
                Target::Ssl(_) => super::ssl::SSL_set_num_tickets(target.ssl_ptr(), n as usize),
                Target::None => 0,
            },
            _ => 0,
        },
    }
}

/// Applies a switch (no value).
pub fn switch_on(def: &CmdDef, target: &Target) {
    match def.cmd {
        Cmd::Switch(bits, invert) => set_options(target, bits, !invert),
        Cmd::StrictCert => {
            target.with_settings(|s| s.extras_mut().cert_flags |= CERT_FLAG_TLS_STRICT);
        }
        _ => {}
    }
}

/// cmd_Groups: SSL_CTX_set1_groups_list / SSL_set1_groups_list (their
/// errors included); with neither, the list's syntax alone.
fn set_groups(target: &Target, value: &str) -> c_int {
    const SET_GROUPS_LIST: c_int = 92;
    let Ok(list) = CString::new(value) else { return 0 };
    let rv = match target {
        // SAFETY: a live handle and a NUL-terminated list, as the macro passes.
        Target::Ctx(_) => unsafe { super::ctrl::SSL_CTX_ctrl(target.ctx_ptr(), SET_GROUPS_LIST, 0, list.as_ptr() as *mut _) },
        // SAFETY: as above.
        Target::Ssl(_) => unsafe { super::ctrl::SSL_ctrl(target.ssl_ptr(), SET_GROUPS_LIST, 0, list.as_ptr() as *mut _) },
        Target::None => parse_groups_list(value).is_some() as std::ffi::c_long,
    };
    (rv > 0) as c_int
}

fn set_options(target: &Target, bits: u64, on: bool) {
    target.with_settings(|s| {
        if on {
            s.options |= bits;
        } else {
            s.options &= !bits;
        }
    });
}

/// (name, flags: client/server it applies to, bits, inverted)
type FlagRow = (&'static str, c_uint, u64, bool);
const BOTH: c_uint = FLAG_CLIENT | FLAG_SERVER;

const PROTOCOLS: &[FlagRow] = &[
    ("ALL", BOTH, OP_NO_SSL_MASK, true),
    ("SSLv2", BOTH, 0, true),
    ("SSLv3", BOTH, OP_NO_SSLV3, true),
    ("TLSv1", BOTH, OP_NO_TLSV1, true),
    ("TLSv1.1", BOTH, OP_NO_TLSV1_1, true),
    ("TLSv1.2", BOTH, OP_NO_TLSV1_2, true),
    ("TLSv1.3", BOTH, OP_NO_TLSV1_3, true),
    ("DTLSv1", BOTH, OP_NO_TLSV1, true),
    ("DTLSv1.2", BOTH, OP_NO_TLSV1_2, true),
];

const OPTIONS: &[FlagRow] = &[
    ("SessionTicket", BOTH, 1 << 14, true),
    ("EmptyFragments", BOTH, 1 << 11, true),
    ("Bugs", BOTH, OP_ALL, false),
    ("Compression", BOTH, 1 << 17, true),
    ("ServerPreference", FLAG_SERVER, 1 << 22, false),
    ("NoResumptionOnRenegotiation", FLAG_SERVER, 1 << 16, false),
    ("DHSingle", FLAG_SERVER, 0, false),
    ("ECDHSingle", FLAG_SERVER, 0, false),
    ("UnsafeLegacyRenegotiation", BOTH, 1 << 18, false),
    ("UnsafeLegacyServerConnect", BOTH, 1 << 2, false),
    ("ClientRenegotiation", BOTH, 1 << 8, false),
    ("EncryptThenMac", BOTH, 1 << 19, true),
    ("NoRenegotiation", BOTH, 1 << 30, false),
    ("AllowNoDHEKEX", BOTH, 1 << 10, false),
    ("PrioritizeChaCha", BOTH, 1 << 21, false),
    ("MiddleboxCompat", BOTH, 1 << 20, false),
    ("AntiReplay", BOTH, 1 << 24, true),
    ("ExtendedMasterSecret", BOTH, 1 << 0, true),
    ("CANames", BOTH, 1 << 9, true),
    ("KTLS", BOTH, 1 << 3, false),
    ("TxCertificateCompression", BOTH, 1 << 32, true),
    ("RxCertificateCompression", BOTH, 1 << 33, true),
];

/// Options above bit 31 came with OpenSSL 3.2 (certificate compression);
/// with a 3.0 libcrypto the table is 3.0's, without them.
fn known_here(bits: u64) -> bool {
    bits >> 32 == 0 || crate::sys::libcrypto_version() >= 0x3020_0000
}

const VERIFY_MODES: &[FlagRow] = &[
    ("Peer", FLAG_CLIENT, VERIFY_PEER as u64, false),
    ("Request", FLAG_SERVER, VERIFY_PEER as u64, false),
    ("Require", FLAG_SERVER, (VERIFY_PEER | VERIFY_FAIL_IF_NO_PEER_CERT) as u64, false),
    ("Once", FLAG_SERVER, (VERIFY_PEER | VERIFY_CLIENT_ONCE) as u64, false),
    ("RequestPostHandshake", FLAG_SERVER, (VERIFY_PEER | VERIFY_POST_HANDSHAKE) as u64, false),
    ("RequirePostHandshake", FLAG_SERVER, (VERIFY_PEER | VERIFY_POST_HANDSHAKE | VERIFY_FAIL_IF_NO_PEER_CERT) as u64, false),
];

/// OpenSSL's CONF_parse_list(value, ',', 1, ssl_set_option_list): each
/// comma-separated name (spaces around it dropped), "+" to set and "-" to
/// clear, matched without regard to case among the rows that apply to the
/// context's role; 1 when every name matched, 0 at the first that did not.
fn option_list(flags: c_uint, value: &str, table: &[FlagRow], apply: &mut dyn FnMut(u64, bool, &str)) -> c_int {
    for elem in value.split(',') {
        let elem = elem.trim();
        if elem.is_empty() {
            continue;
        }
        let (on, name) = match elem.as_bytes()[0] {
            b'+' => (true, &elem[1..]),
            b'-' => (false, &elem[1..]),
            _ => (true, elem),
        };
        let Some((_, _, bits, inv)) = table.iter().find(|(n, f, bits, _)| flags & f & BOTH != 0 && known_here(*bits) && n.eq_ignore_ascii_case(name)) else {
            return 0;
        };
        apply(*bits, on != *inv, name);
    }
    1
}

/// OpenSSL's protocol_from_string.
fn protocol_version(v: &str) -> Option<i32> {
    Some(match v {
        "None" => 0,
        "SSLv3" => 0x0300,
        "TLSv1" => 0x0301,
        "TLSv1.1" => 0x0302,
        "TLSv1.2" => 0x0303,
        "TLSv1.3" => 0x0304,
        "DTLSv1" => 0xfeff,
        "DTLSv1.2" => 0xfefd,
        _ => return None,
    })
}

/// cmd_Certificate: SSL_CTX_use_certificate_chain_file; with
/// SSL_CONF_FLAG_REQUIRE_PRIVATE the file is remembered for its slot, so
/// that SSL_CONF_CTX_finish can load a key from it.
fn certificate(flags: c_uint, target: &Target, pending: &mut Pending, value: &str) -> c_int {
    let Ok(path) = CString::new(value) else { return 0 };
    let rv = match target {
        // SAFETY: live handles and a NUL-terminated path.
        Target::Ctx(_) => unsafe { super::certs::SSL_CTX_use_certificate_chain_file(target.ctx_ptr(), path.as_ptr()) },
        // SAFETY: as above.
        Target::Ssl(_) => unsafe { super::certs::SSL_use_certificate_chain_file(target.ssl_ptr(), path.as_ptr()) },
        Target::None => return 1,
    };
    if rv > 0 && flags & FLAG_REQUIRE_PRIVATE != 0 {
        if let Some(kind) = target.with_settings(|s| s.certs.current_kind()).flatten() {
            pending.cert_files.retain(|(k, _)| *k != kind);
            pending.cert_files.push((kind, path));
        }
    }
    (rv > 0) as c_int
}

/// cmd_PrivateKey: only with SSL_CONF_FLAG_CERTIFICATE (else -2).
pub fn private_key(flags: c_uint, target: &Target, value: &str) -> c_int {
    const FILETYPE_PEM: c_int = 1;
    if flags & FLAG_CERTIFICATE == 0 {
        return -2;
    }
    let Ok(path) = CString::new(value) else { return 0 };
    let rv = match target {
        // SAFETY: live handles and a NUL-terminated path.
        Target::Ctx(_) => unsafe { super::certs::SSL_CTX_use_PrivateKey_file(target.ctx_ptr(), path.as_ptr(), FILETYPE_PEM) },
        // SAFETY: as above.
        Target::Ssl(_) => unsafe { super::certs::SSL_use_PrivateKey_file(target.ssl_ptr(), path.as_ptr(), FILETYPE_PEM) },
        Target::None => 1,
    };
    (rv > 0) as c_int
}

/// OpenSSL's do_store: the verify store (peer chains are checked against
/// it) or the chain store (our chain is built from it), made on first use.
fn load_store(target: &Target, src: Source, verify: bool, value: &str) -> c_int {
    let Ok(path) = CString::new(value) else { return 0 };
    if matches!(target, Target::None) {
        return 1;
    }
    let store = target.with_settings(|s| {
        let slot = if verify { &mut s.extras_mut().verify_store } else { &mut s.extras_mut().chain_store };
        if slot.is_none() {
            *slot = crate::sys::x509::Store::new();
        }
        slot.clone()
    });
    let Some(Some(store)) = store else { return 0 };
    let loaded = match src {
        Source::File => store.load_locations(Some(&path), None),
        Source::Dir => store.load_locations(None, Some(&path)),
        Source::Store => store.load_store(&path),
    };
    loaded as c_int
}

/// cmd_RequestCAFile & co.: subjects gathered for SSL_CONF_CTX_finish.
fn request_ca(pending: &mut Pending, src: Source, value: &str) -> c_int {
    let Ok(path) = CString::new(value) else { return 0 };
    if pending.ca_names.is_none() {
        pending.ca_names = NameStack::new();
    }
    let Some(names) = pending.ca_names.as_ref() else { return 0 };
    let stack = names.as_ptr().cast();
    // SAFETY: a live name stack of ours and a NUL-terminated path.
    unsafe {
        match src {
            Source::File => super::ca_names::SSL_add_file_cert_subjects_to_stack(stack, path.as_ptr()),
            Source::Dir => super::ca_names::SSL_add_dir_cert_subjects_to_stack(stack, path.as_ptr()),
            Source::Store => super::stubs::SSL_add_store_cert_subjects_to_stack(),
        }
    }
}

/// cmd_DHParameters: the file's DH parameters become the temporary DH key.
fn dh_parameters(target: &Target, value: &str) -> c_int {
    if matches!(target, Target::None) {
        return 1;
    }
    let Ok(path) = CString::new(value) else { return 0 };
    let Some(pkey) = crate::sys::pkey::read_dh_parameters(&path) else { return 0 };
    let rv = match target {
        Target::Ctx(_) => super::extras::SSL_CTX_set0_tmp_dh_pkey(target.ctx_ptr(), pkey.cast()),
        _ => super::extras::SSL_set0_tmp_dh_pkey(target.ssl_ptr(), pkey.cast()),
    };
    if rv <= 0 {
        crate::sys::pkey::free_raw(pkey);
    }
    (rv > 0) as c_int
}

/// SSL_CONF_CTX_finish: a certificate loaded without its key takes the key
/// from the certificate's file (SSL_CONF_FLAG_REQUIRE_PRIVATE); the CA
/// names gathered become the CA list.
pub fn finish(flags: c_uint, target: &Target, pending: &mut Pending) -> bool {
    if flags & FLAG_REQUIRE_PRIVATE != 0 {
        for (kind, path) in std::mem::take(&mut pending.cert_files) {
            let has_key = target.with_settings(|s| s.certs.has_private_key(kind)).unwrap_or(true);
            if !has_key && private_key(flags, target, &path.to_string_lossy()) <= 0 {
                return false;
            }
        }
    }
    if let Some(names) = pending.ca_names.take() {
        match target {
            Target::Ssl(_) => super::ca_names::SSL_set0_CA_list(target.ssl_ptr(), names.into_ptr().cast()),
            Target::Ctx(_) => super::ca_names::SSL_CTX_set0_CA_list(target.ctx_ptr(), names.into_ptr().cast()),
            Target::None => drop(names),
        }
    }
    true
}
