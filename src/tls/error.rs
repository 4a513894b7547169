//! Engine errors: the alert to send (if any) and the OpenSSL `SSL_R_*` reason
//! to put on the error queue, so C programs see what OpenSSL would report.

use super::alert::AlertDescription;

/// OpenSSL reason codes (`<openssl/sslerr.h>`). Only numbers: the boundary
/// turns them into ERR entries.
#[allow(non_camel_case_types, clippy::upper_case_acronyms)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(i32)]
pub enum Reason {
    BAD_DECOMPRESSION = 107,
    BAD_DH_VALUE = 102,
    DH_KEY_TOO_SMALL = 394,
    DH_PUBLIC_VALUE_LENGTH_IS_WRONG = 148,
    MISSING_TMP_DH_KEY = 171,
    BAD_EXTENSION = 110,
    /// OpenSSL 3.5's SSL_R_BAD_COMPRESSION_ALGORITHM.
    BAD_COMPRESSION_ALGORITHM = 326,
    BAD_KEY_SHARE = 108,
    BAD_KEY_UPDATE = 122,
    BAD_LENGTH = 271,
    BAD_PACKET_LENGTH = 115,
    BAD_PSK_IDENTITY = 114,
    BAD_RECORD_TYPE = 443,
    BAD_SIGNATURE = 123,
    CCS_RECEIVED_EARLY = 133,
    CERTIFICATE_VERIFY_FAILED = 134,
    DECRYPTION_FAILED = 147,
    DECRYPTION_FAILED_OR_BAD_RECORD_MAC = 281,
    DIGEST_CHECK_FAILED = 149,
    ENCRYPTED_LENGTH_TOO_LONG = 150,
    EXCESSIVE_MESSAGE_SIZE = 152,
    INVALID_CCS_MESSAGE = 260,
    INVALID_ALERT = 205,
    LENGTH_MISMATCH = 159,
    SSL3_SESSION_ID_TOO_LONG = 300,
    LENGTH_TOO_SHORT = 160,
    MISSING_RSA_CERTIFICATE = 168,
    MISSING_SUPPORTED_GROUPS_EXTENSION = 209,
    MISSING_RSA_ENCRYPTING_CERT = 169,
    MIXED_HANDSHAKE_AND_NON_HANDSHAKE_DATA = 293,
    NO_APPLICATION_PROTOCOL = 235,
    NO_CERTIFICATES_RETURNED = 176,
    NO_CIPHERS_AVAILABLE = 181,
    NO_PROTOCOLS_AVAILABLE = 191,
    NO_SHARED_CIPHER = 193,
    NO_SUITABLE_KEY_SHARE = 101,
    NOT_ON_RECORD_BOUNDARY = 182,
    PACKET_LENGTH_TOO_LONG = 198,
    PROTOCOL_IS_SHUTDOWN = 207,
    RECORD_LENGTH_MISMATCH = 213,
    RECORD_TOO_SMALL = 298,
    TOO_MANY_KEY_UPDATES = 132,
    UNEXPECTED_EOF_WHILE_READING = 294,
    UNEXPECTED_MESSAGE = 244,
    UNEXPECTED_RECORD = 245,
    UNKNOWN_CIPHER_RETURNED = 248,
    UNSOLICITED_EXTENSION = 217,
    UNSUPPORTED_PROTOCOL = 258,
    WRONG_CIPHER_RETURNED = 261,
    WRONG_CURVE = 378,
    WRONG_SIGNATURE_TYPE = 370,
    WRONG_SSL_VERSION = 266,
    WRONG_VERSION_NUMBER = 267,
    BAD_LEGACY_VERSION = 292,
    BINDER_DOES_NOT_VERIFY = 253,
    SESSION_ID_CONTEXT_UNINITIALIZED = 277,
    PEER_DID_NOT_RETURN_A_CERTIFICATE = 199,
    MISSING_SIGALGS_EXTENSION = 112,
    NO_SHARED_GROUPS = 410,
    NO_SUITABLE_SIGNATURE_ALGORITHM = 118,
    LEGACY_SIGALG_DISALLOWED_OR_UNSUPPORTED = 333,
    DATA_LENGTH_TOO_LONG = 146,
    PSK_IDENTITY_NOT_FOUND = 223,
    PSK_NO_CLIENT_CB = 224,
    PSK_NO_SERVER_CB = 225,
    UNSUPPORTED_ELLIPTIC_CURVE = 315,
    EXTRA_DATA_IN_MESSAGE = 153,
    INSUFFICIENT_SECURITY = 241,
    BAD_SRP_A_LENGTH = 347,
    BAD_SRP_PARAMETERS = 371,
    MISSING_SRP_PARAM = 358,
    BAD_DATA = 390,
    CALLBACK_FAILED = 234,
    CLIENTHELLO_TLSEXT = 226,
    // TLS 1.2.
    BAD_ECPOINT = 306,
    INAPPROPRIATE_FALLBACK = 373,
    INCONSISTENT_EXTMS = 104,
    NO_RENEGOTIATION = 339,
    RENEGOTIATION_MISMATCH = 337,
    UNSAFE_LEGACY_RENEGOTIATION_DISABLED = 338,
    SCSV_RECEIVED_WHEN_RENEGOTIATING = 345,
    RENEGOTIATION_ENCODING_ERR = 336,
    TOO_MANY_WARN_ALERTS = 409,
    UNEXPECTED_CCS_MESSAGE = 262,
    BAD_CHANGE_CIPHER_SPEC = 103,
    WRONG_CERTIFICATE_TYPE = 383,
    NO_SUITABLE_GROUPS = 295,
    SSL_SESSION_VERSION_MISMATCH = 210,
    REQUIRED_CIPHER_MISSING = 215,
    BAD_DIGEST_LENGTH = 111,
    SSL_SESSION_ID_CALLBACK_FAILED = 301,
    SSL_SESSION_ID_CONFLICT = 302,
    SSL_SESSION_ID_HAS_BAD_LENGTH = 303,
    /// ERR_R_INTERNAL_ERROR: 259 with the fatal and common flags.
    INTERNAL_ERROR = 259 | (3 << 18),
}

/// An engine error. `alert` is what we send the peer (None when the peer
/// sent the alert or the connection is already dead).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Error {
    pub alert: Option<AlertDescription>,
    /// `SSL_R_*` code to push.
    pub reason: i32,
    pub detail: &'static str,
}

impl Error {
    pub fn new(alert: AlertDescription, reason: Reason, detail: &'static str) -> Self {
        Error { alert: Some(alert), reason: reason as i32, detail }
    }

    pub fn decode(detail: &'static str) -> Self {
        Error::new(AlertDescription::DecodeError, Reason::LENGTH_MISMATCH, detail)
    }

    pub fn bad_extension(detail: &'static str) -> Self {
        Error::new(AlertDescription::DecodeError, Reason::BAD_EXTENSION, detail)
    }

    pub fn unexpected(detail: &'static str) -> Self {
        Error::new(AlertDescription::UnexpectedMessage, Reason::UNEXPECTED_MESSAGE, detail)
    }

    pub fn illegal(reason: Reason, detail: &'static str) -> Self {
        Error::new(AlertDescription::IllegalParameter, reason, detail)
    }

    pub fn internal(detail: &'static str) -> Self {
        Error { alert: Some(AlertDescription::InternalError), reason: Reason::INTERNAL_ERROR as i32, detail }
    }

    /// A fatal alert received from the peer: OpenSSL's reason is
    /// SSL_AD_REASON_OFFSET + description, e.g. 1048 "tlsv1 alert unknown ca".
    /// The error data is OpenSSL's "SSL alert number N".
    pub fn peer_alert(desc: u8) -> Self {
        Error { alert: None, reason: 1000 + desc as i32, detail: alert_number_text(desc) }
    }

    /// The error is one we must not answer with an alert.
    pub fn silent(mut self) -> Self {
        self.alert = None;
        self
    }
}

/// "SSL alert number N", the error data OpenSSL adds to a received fatal
/// alert (ssl3_read_bytes), for every alert description the registry has.
fn alert_number_text(desc: u8) -> &'static str {
    match desc {
        0 => "SSL alert number 0",
        10 => "SSL alert number 10",
        20 => "SSL alert number 20",
        21 => "SSL alert number 21",
        22 => "SSL alert number 22",
        30 => "SSL alert number 30",
        40 => "SSL alert number 40",
        41 => "SSL alert number 41",
        42 => "SSL alert number 42",
        43 => "SSL alert number 43",
        44 => "SSL alert number 44",
        45 => "SSL alert number 45",
        46 => "SSL alert number 46",
        47 => "SSL alert number 47",
        48 => "SSL alert number 48",
        49 => "SSL alert number 49",
        50 => "SSL alert number 50",
        51 => "SSL alert number 51",
        60 => "SSL alert number 60",
        70 => "SSL alert number 70",
        71 => "SSL alert number 71",
        80 => "SSL alert number 80",
        86 => "SSL alert number 86",
        90 => "SSL alert number 90",
        100 => "SSL alert number 100",
        109 => "SSL alert number 109",
        110 => "SSL alert number 110",
        111 => "SSL alert number 111",
        112 => "SSL alert number 112",
        113 => "SSL alert number 113",
        114 => "SSL alert number 114",
        115 => "SSL alert number 115",
        116 => "SSL alert number 116",
        120 => "SSL alert number 120",
        _ => "SSL alert number (unassigned)",
    }
}
