//! OpenSSL semantics in safe Rust: contexts, connections, sessions. No C
//! types beyond the owning wrappers of `crate::sys`.

pub mod cert_cache;
pub mod certs;
pub mod connection;
pub mod context;
pub mod ct;
pub mod custom_ext;
pub mod custom_ext_hooks;
pub mod extras;
pub mod handle;
pub mod hooks;
pub mod hs_state;
pub mod peer_info;
pub mod renegotiate;
pub mod session;
pub mod session_cache;
pub mod session_der;

/// An error for the boundary to push: `SSL_R_*` reason and detail.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiError {
    pub reason: i32,
    pub detail: &'static str,
}

impl ApiError {
    pub fn new(reason: i32, detail: &'static str) -> Self {
        ApiError { reason, detail }
    }
}

/// `SSL_R_*` codes used by the API layer.
pub mod reason {
    pub const NO_CIPHER_MATCH: i32 = 185;
    pub const BAD_PSK: i32 = 219;
    pub const UNSUPPORTED_SSL_VERSION: i32 = 259;
    pub const UNINITIALIZED: i32 = 276;
    pub const SSL_SESSION_ID_CONTEXT_TOO_LONG: i32 = 273;
    pub const PROTOCOL_IS_SHUTDOWN: i32 = 207;
    pub const BAD_LENGTH: i32 = 271;
    pub const INVALID_COMMAND: i32 = 280;
    pub const UNEXPECTED_EOF_WHILE_READING: i32 = 294;
    pub const SHUTDOWN_WHILE_IN_INIT: i32 = 407;
    pub const CONNECTION_TYPE_NOT_SET: i32 = 144;
    pub const BAD_VALUE: i32 = 384;
    /// OpenSSL 3.5's SSL_R_BAD_COMPRESSION_ALGORITHM.
    pub const BAD_COMPRESSION_ALGORITHM: i32 = 326;
    pub const EXTENSION_NOT_RECEIVED: i32 = 279;
    pub const NOT_SERVER: i32 = 284;
    pub const STILL_IN_INIT: i32 = 121;
    pub const REQUEST_PENDING: i32 = 285;
    pub const REQUEST_SENT: i32 = 286;
    pub const INVALID_CONFIG: i32 = 283;
    pub const DATA_LENGTH_TOO_LONG: i32 = 146;
    pub const INVALID_SRP_USERNAME: i32 = 357;
    pub const UNSUPPORTED_PROTOCOL: i32 = 258;
    pub const NO_PROTOCOLS_AVAILABLE: i32 = 191;
    pub const CERTIFICATE_VERIFY_FAILED: i32 = 134;
    pub const NO_CERTIFICATE_SET: i32 = 179;
    pub const INVALID_STATUS_RESPONSE: i32 = 328;
    pub const OCSP_CALLBACK_FAILURE: i32 = 305;
    pub const CLIENTHELLO_TLSEXT: i32 = 226;
    pub const INVALID_CONFIGURATION_NAME: i32 = 113;
    pub const SESSION_ID_CONTEXT_UNINITIALIZED: i32 = 277;
    pub const BAD_SSL_FILETYPE: i32 = 124;
    pub const INVALID_SESSION_ID: i32 = 999;
    pub const BAD_DATA: i32 = 390;
    pub const NULL_SSL_METHOD_PASSED: i32 = 196;
    pub const NULL_SSL_CTX: i32 = 195;
    pub const INVALID_KEY_UPDATE_TYPE: i32 = 120;
    pub const BAD_WRITE_RETRY: i32 = 127;
    pub const APPLICATION_DATA_AFTER_CLOSE_NOTIFY: i32 = 291;
    pub const SSL3_EXT_INVALID_MAX_FRAGMENT_LENGTH: i32 = 232;
    pub const SSL_SESSION_ID_TOO_LONG: i32 = 408;
    pub const SSL3_EXT_INVALID_SERVERNAME: i32 = 319;
    pub const SSL3_EXT_INVALID_SERVERNAME_TYPE: i32 = 320;
    pub const UNKNOWN_COMMAND: i32 = 139;
    pub const BIO_NOT_SET: i32 = 128;
    pub const UNKNOWN_CMD_NAME: i32 = 386;
    pub const INVALID_NULL_CMD_NAME: i32 = 385;
    pub const UNKNOWN_CERTIFICATE_TYPE: i32 = 247;
    pub const UNKNOWN_PKEY_TYPE: i32 = 251;
    pub const PRIVATE_KEY_MISMATCH: i32 = 288;
    pub const NO_CERTIFICATE_ASSIGNED: i32 = 177;
    pub const NO_PRIVATE_KEY_ASSIGNED: i32 = 190;
    pub const CALLBACK_FAILED: i32 = 234;
    pub const CERT_CB_ERROR: i32 = 377;
    pub const WRONG_SSL_VERSION: i32 = 266;
    pub const NO_RENEGOTIATION: i32 = 339;
    pub const INVALID_TICKET_KEYS_LENGTH: i32 = 325;
    pub const NO_APPLICATION_PROTOCOL: i32 = 235;
}
