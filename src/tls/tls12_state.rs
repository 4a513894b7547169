//! A TLS 1.0-1.2 engine's state in two shapes: the handshake's, while it
//! runs, and afterwards only what the connection still answers for. The
//! handshake state (Client12 1,152 bytes, Server12 1,040, plus their
//! message buffer, peer chain and key-exchange leftovers) is freed when the
//! handshake ends, as OpenSSL frees its handshake scratch state
//! (`s->s3.tmp`); a renegotiation starts a new one.

use crate::crypto::kx::Group;
use crate::tls::msgs::CHANGE_CIPHER_SPEC_MARKER;
use crate::tls::{Error, Reason};

/// What a TLS 1.2 handshake state tells the connection.
pub trait HandshakeFacts {
    fn is_connected(&self) -> bool;
    fn resumed(&self) -> bool;
    fn alpn_selected(&self) -> Option<&[u8]>;
    /// The client's SNI as the server took it (None on the client).
    fn server_name(&self) -> Option<&str>;
    fn negotiated_group(&self) -> Option<Group>;
    /// RFC 5746's binding is in use (on the server).
    fn secure_renegotiation(&self) -> bool;
    fn version(&self) -> u16;
    /// Moves the lasting facts out at the handshake's end.
    fn take_connected(&mut self) -> Connected12;
}

/// The facts of an established TLS 1.2 connection.
pub struct Connected12 {
    pub version: u16,
    pub resumed: bool,
    pub alpn: Option<Vec<u8>>,
    pub server_name: Option<String>,
    pub group: Option<Group>,
    pub secure_renegotiation: bool,
}

pub enum Tls12<T> {
    Handshake(Box<T>),
    Connected(Box<Connected12>),
}

impl<T: HandshakeFacts> Tls12<T> {
    pub fn new(handshake: T) -> Self {
        Tls12::Handshake(Box::new(handshake))
    }

    /// The running handshake, if one is.
    pub fn handshake_mut(&mut self) -> Option<&mut T> {
        match self {
            Tls12::Handshake(t) => Some(t),
            Tls12::Connected(_) => None,
        }
    }

    /// Frees the handshake state once it is done.
    pub fn settle(&mut self) {
        if let Tls12::Handshake(t) = self {
            if t.is_connected() {
                let connected = t.take_connected();
                *self = Tls12::Connected(Box::new(connected));
            }
        }
    }

    pub fn is_connected(&self) -> bool {
        match self {
            Tls12::Handshake(t) => t.is_connected(),
            Tls12::Connected(_) => true,
        }
    }

    pub fn resumed(&self) -> bool {
        match self {
            Tls12::Handshake(t) => t.resumed(),
            Tls12::Connected(c) => c.resumed,
        }
    }

    pub fn alpn_selected(&self) -> Option<&[u8]> {
        match self {
            Tls12::Handshake(t) => t.alpn_selected(),
            Tls12::Connected(c) => c.alpn.as_deref(),
        }
    }

    pub fn server_name(&self) -> Option<&str> {
        match self {
            Tls12::Handshake(t) => t.server_name(),
            Tls12::Connected(c) => c.server_name.as_deref(),
        }
    }

    pub fn negotiated_group(&self) -> Option<Group> {
        match self {
            Tls12::Handshake(t) => t.negotiated_group(),
            Tls12::Connected(c) => c.group,
        }
    }

    pub fn secure_renegotiation(&self) -> bool {
        match self {
            Tls12::Handshake(t) => t.secure_renegotiation(),
            Tls12::Connected(c) => c.secure_renegotiation,
        }
    }

    pub fn version(&self) -> u16 {
        match self {
            Tls12::Handshake(t) => t.version(),
            Tls12::Connected(c) => c.version,
        }
    }
}

/// A message on an established connection that no step expects (the
/// callers have already taken a HelloRequest or a renegotiating
/// ClientHello): what the finished handshake's last state answered.
pub fn unexpected_after_handshake(ty: u8, msg: &[u8]) -> Error {
    if ty == CHANGE_CIPHER_SPEC_MARKER && msg.is_empty() {
        return Error::unexpected("change_cipher_spec out of order").with_reason(Reason::UNEXPECTED_CCS_MESSAGE);
    }
    Error::unexpected("unexpected handshake message")
}
