//! Alert descriptions (RFC 8446 section 6).

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(u8)]
pub enum AlertDescription {
    CloseNotify = 0,
    UnexpectedMessage = 10,
    BadRecordMac = 20,
    RecordOverflow = 22,
    HandshakeFailure = 40,
    BadCertificate = 42,
    UnsupportedCertificate = 43,
    CertificateRevoked = 44,
    CertificateExpired = 45,
    CertificateUnknown = 46,
    IllegalParameter = 47,
    UnknownCa = 48,
    AccessDenied = 49,
    DecodeError = 50,
    DecryptError = 51,
    ProtocolVersion = 70,
    InsufficientSecurity = 71,
    InternalError = 80,
    InappropriateFallback = 86,
    UserCanceled = 90,
    /// TLS 1.2 only (RFC 5246 7.2.2), always a warning.
    NoRenegotiation = 100,
    MissingExtension = 109,
    UnsupportedExtension = 110,
    UnrecognizedName = 112,
    BadCertificateStatusResponse = 113,
    UnknownPskIdentity = 115,
    CertificateRequired = 116,
    NoApplicationProtocol = 120,
}

pub const LEVEL_WARNING: u8 = 1;
pub const LEVEL_FATAL: u8 = 2;

/// The description for a wire value, if we know it.
pub fn from_u8(v: u8) -> Option<AlertDescription> {
    use AlertDescription::*;
    [
        CloseNotify, UnexpectedMessage, BadRecordMac, RecordOverflow, HandshakeFailure, BadCertificate,
        UnsupportedCertificate, CertificateRevoked, CertificateExpired, CertificateUnknown, IllegalParameter,
        UnknownCa, AccessDenied, DecodeError, DecryptError, ProtocolVersion, InsufficientSecurity, InternalError,
        InappropriateFallback, UserCanceled, NoRenegotiation, MissingExtension, UnsupportedExtension, UnrecognizedName,
        BadCertificateStatusResponse, UnknownPskIdentity, CertificateRequired, NoApplicationProtocol,
    ]
    .into_iter()
    .find(|a| *a as u8 == v)
}
