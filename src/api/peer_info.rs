//! What the peer told us during the handshake beyond the negotiated result:
//! its signature_algorithms and certificate_authorities (for
//! `SSL_get_sigalgs` / `SSL_get0_peer_CA_list`) and, on a server, the
//! ClientHello fields the client-hello callback may read.

use crate::sys::names::NameStack;

/// The ClientHello as `SSL_client_hello_get0_*` report it.
#[derive(Clone, Default)]
pub struct ClientHelloInfo {
    pub legacy_version: u16,
    pub random: [u8; 32],
    pub session_id: Vec<u8>,
    /// The cipher_suites bytes as sent.
    pub suites: Vec<u8>,
    pub compressions: Vec<u8>,
    /// (type, body) of each extension, in the order sent.
    pub extensions: Vec<(u16, Vec<u8>)>,
}

#[derive(Default)]
pub struct PeerInfo {
    pub sigalgs: Vec<u16>,
    /// A server's view of the client's supported_groups (IANA ids).
    pub groups: Vec<u16>,
    pub ca_names: Option<NameStack>,
    pub client_hello: Option<ClientHelloInfo>,
    /// OCSP stapling: a client's received response, or the response a
    /// server's status callback set (`SSL_set_tlsext_status_ocsp_resp`).
    pub ocsp_response: Option<Vec<u8>>,
}
