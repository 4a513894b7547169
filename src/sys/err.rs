//! Pushing errors onto libcrypto's queue as `ERR_LIB_SSL`, and registering
//! our reason strings so `ERR_error_string_n` prints OpenSSL's text.

use super::*;
use std::ffi::CString;
use std::sync::Once;

pub const ERR_LIB_SSL: c_int = 20;
/// Library-independent reasons of `<openssl/err.h>` (with their flag bits).
const ERR_R_FATAL: c_int = (0x1 << 18) | (0x2 << 18);
pub const ERR_R_SHOULD_NOT_HAVE_BEEN_CALLED: c_int = 257 | ERR_R_FATAL;
pub const ERR_R_PASSED_NULL_PARAMETER: c_int = 258 | ERR_R_FATAL;
pub const ERR_R_INTERNAL_ERROR: c_int = 259 | ERR_R_FATAL;
pub const ERR_R_PASSED_INVALID_ARGUMENT: c_int = 262 | (0x2 << 18);
pub const ERR_R_UNSUPPORTED: c_int = 268 | (0x2 << 18);
/// Errors from other libraries, as OpenSSL's `ERR_R_PEM_LIB` / `ERR_R_ASN1_LIB`.
pub const ERR_R_PEM_LIB: c_int = 9 | (0x2 << 18);
/// `ERR_R_SYS_LIB`.
pub const ERR_R_SYS_LIB: c_int = 2 | (0x2 << 18);
pub const ERR_R_ASN1_LIB: c_int = 13 | (0x2 << 18);

/// `ERR_clear_error`: empties this thread's error queue.
pub fn clear() {
    // SAFETY: no arguments; affects only the calling thread's queue.
    unsafe { super::ERR_clear_error() }
}

/// Pushes one error. `func` is the C function name, recorded as OpenSSL's
/// `ERR_set_debug` does.
pub fn push(reason: c_int, func: &str, detail: Option<&str>) {
    register_strings();
    let func_c = CString::new(func).unwrap_or_default();
    // SAFETY: ERR_set_debug keeps the file and func pointers, so both are
    // 'static (func is interned); ERR_set_error copies the formatted text.
    unsafe {
        ERR_new();
        ERR_set_debug(c"libssl-rs".as_ptr(), 0, intern(func_c));
        match detail {
            Some(d) => {
                let d = CString::new(d).unwrap_or_default();
                ERR_set_error(ERR_LIB_SSL, reason, c"%s".as_ptr(), d.as_ptr());
            }
            None => ERR_set_error(ERR_LIB_SSL, reason, std::ptr::null()),
        }
    }
}

/// libcrypto keeps the func pointer of ERR_set_debug, so names live forever.
fn intern(name: CString) -> *const c_char {
    use std::collections::HashMap;
    use std::sync::Mutex;
    static NAMES: Mutex<Option<HashMap<CString, &'static std::ffi::CStr>>> = Mutex::new(None);
    let mut g = NAMES.lock().unwrap_or_else(|e| e.into_inner());
    let map = g.get_or_insert_with(HashMap::new);
    if let Some(s) = map.get(&name) {
        return s.as_ptr();
    }
    let leaked: &'static std::ffi::CStr = Box::leak(name.clone().into_boxed_c_str());
    map.insert(name, leaked);
    leaked.as_ptr()
}

/// OpenSSL's reason strings for the `SSL_R_*` codes we push (from its
/// crypto/err/openssl.txt), registered once.
const REASONS: &[(c_int, &std::ffi::CStr)] = &[
    (101, c"no suitable key share"),
    (120, c"invalid key update type"),
    (124, c"bad ssl filetype"),
    (128, c"bio not set"),
    (139, c"unknown command"),
    (196, c"null ssl method passed"),
    (319, c"ssl3 ext invalid servername"),
    (320, c"ssl3 ext invalid servername type"),
    (384, c"bad value"),
    (385, c"invalid null cmd name"),
    (386, c"unknown cmd name"),
    (407, c"shutdown while in init"),
    (408, c"ssl session id too long"),
    (104, c"inconsistent extms"),
    (107, c"bad decompression"),
    (326, c"bad compression algorithm"),
    (108, c"bad key share"),
    (110, c"bad extension"),
    (114, c"bad psk identity"),
    (115, c"bad packet length"),
    (122, c"bad key update"),
    (123, c"bad signature"),
    (132, c"too many key updates"),
    (133, c"ccs received early"),
    (134, c"certificate verify failed"),
    (179, c"no certificate set"),
    (328, c"invalid status response"),
    (305, c"ocsp callback failure"),
    (226, c"clienthello tlsext"),
    (113, c"invalid configuration name"),
    (144, c"connection type not set"),
    (146, c"data length too long"),
    (223, c"psk identity not found"),
    (241, c"insufficient security"),
    (347, c"bad srp a length"),
    (371, c"bad srp parameters"),
    (358, c"missing srp param"),
    (390, c"bad data"),
    (289, c"not replacing certificate"),
    (206, c"custom ext handler already installed"),
    (208, c"sct verification failed"),
    (212, c"invalid ct validation type"),
    (216, c"no valid scts"),
    (388, c"invalid serverinfo data"),
    (389, c"no pem extensions"),
    (391, c"pem name bad prefix"),
    (392, c"pem name too short"),
    (357, c"invalid srp username"),
    (315, c"unsupported elliptic curve"),
    (224, c"psk no client cb"),
    (225, c"psk no server cb"),
    (149, c"digest check failed"),
    (150, c"encrypted length too long"),
    (152, c"excessive message size"),
    (153, c"extra data in message"),
    (159, c"length mismatch"),
    (176, c"no certificates returned"),
    (177, c"no certificate assigned"),
    (190, c"no private key assigned"),
    (199, c"peer did not return a certificate"),
    (234, c"callback failed"),
    (247, c"unknown certificate type"),
    (251, c"unknown pkey type"),
    (253, c"binder does not verify"),
    (306, c"bad ecpoint"),
    (373, c"inappropriate fallback"),
    (339, c"no renegotiation"),
    (337, c"renegotiation mismatch"),
    (338, c"unsafe legacy renegotiation disabled"),
    (409, c"too many warn alerts"),
    (262, c"unexpected ccs message"),
    (103, c"bad change cipher spec"),
    (383, c"wrong certificate type"),
    (295, c"no suitable groups"),
    (210, c"ssl session version mismatch"),
    (215, c"required cipher missing"),
    (111, c"bad digest length"),
    (301, c"ssl session id callback failed"),
    (302, c"ssl session id conflict"),
    (303, c"ssl session id has bad length"),
    (288, c"private key mismatch"),
    (325, c"invalid ticket keys length"),
    (410, c"no shared groups"),
    (112, c"missing sigalgs extension"),
    (118, c"no suitable signature algorithm"),
    (333, c"legacy sigalg disallowed or unsupported"),
    (181, c"no ciphers available"),
    (182, c"not on record boundary"),
    (185, c"no cipher match"),
    (191, c"no protocols available"),
    (193, c"no shared cipher"),
    (195, c"null ssl ctx"),
    (205, c"invalid alert"),
    (207, c"protocol is shutdown"),
    (213, c"record length mismatch"),
    (217, c"unsolicited extension"),
    (235, c"no application protocol"),
    (244, c"unexpected message"),
    (245, c"unexpected record"),
    (248, c"unknown cipher returned"),
    (258, c"unsupported protocol"),
    (259, c"unsupported ssl version"),
    (260, c"invalid ccs message"),
    (261, c"wrong cipher returned"),
    (266, c"wrong ssl version"),
    (279, c"extension not received"),
    (284, c"not server"),
    (121, c"still in init"),
    (285, c"request pending"),
    (283, c"invalid config"),
    (267, c"wrong version number"),
    (271, c"bad length"),
    (273, c"ssl session id context too long"),
    (276, c"uninitialized"),
    (277, c"session id context uninitialized"),
    (280, c"invalid command"),
    (281, c"decryption failed or bad record mac"),
    (292, c"bad legacy version"),
    (293, c"mixed handshake and non handshake data"),
    (294, c"unexpected eof while reading"),
    (370, c"wrong signature type"),
    (378, c"wrong curve"),
    (443, c"bad record type"),
    (1010, c"sslv3 alert unexpected message"),
    (1020, c"sslv3 alert bad record mac"),
    (1022, c"tlsv1 alert record overflow"),
    (1040, c"sslv3 alert handshake failure"),
    (1042, c"sslv3 alert bad certificate"),
    (1043, c"sslv3 alert unsupported certificate"),
    (1044, c"sslv3 alert certificate revoked"),
    (1045, c"sslv3 alert certificate expired"),
    (1046, c"sslv3 alert certificate unknown"),
    (1047, c"sslv3 alert illegal parameter"),
    (1048, c"tlsv1 alert unknown ca"),
    (1049, c"tlsv1 alert access denied"),
    (1050, c"tlsv1 alert decode error"),
    (1051, c"tlsv1 alert decrypt error"),
    (1070, c"tlsv1 alert protocol version"),
    (1071, c"tlsv1 alert insufficient security"),
    (1080, c"tlsv1 alert internal error"),
    (1086, c"tlsv1 alert inappropriate fallback"),
    (1090, c"tlsv1 alert user cancelled"),
    (1109, c"tlsv13 alert missing extension"),
    (1110, c"tlsv1 unsupported extension"),
    (1112, c"tlsv1 unrecognized name"),
    (1115, c"tlsv1 alert unknown psk identity"),
    (1116, c"tlsv13 alert certificate required"),
    (1120, c"tlsv1 alert no application protocol"),
];

/// The registered table; kept in a static so it stays reachable (libcrypto
/// keeps pointers into it for the life of the process).
struct Table(Box<[ERR_STRING_DATA]>);
// SAFETY: the table is written once before being shared and only read after.
unsafe impl Send for Table {}
// SAFETY: as above.
unsafe impl Sync for Table {}
static TABLE: std::sync::OnceLock<Table> = std::sync::OnceLock::new();

fn register_strings() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        let mut table: Vec<ERR_STRING_DATA> = REASONS
            .iter()
            .map(|(r, s)| ERR_STRING_DATA { error: ((ERR_LIB_SSL as c_ulong) << 23) | *r as c_ulong, string: s.as_ptr() })
            .collect();
        table.push(ERR_STRING_DATA { error: 0, string: std::ptr::null() });
        let table = TABLE.get_or_init(|| Table(table.into_boxed_slice()));
        // SAFETY: the table is terminated by a zero entry and lives forever.
        unsafe { ERR_load_strings_const(table.0.as_ptr()) };
    });
}

/// Called from `OPENSSL_init_ssl` and `ERR_load_SSL_strings`.
pub fn load_strings() {
    register_strings();
}
