//! Extensions the application defines (OpenSSL's custom extensions,
//! `SSL_CTX_add_custom_ext`, and the serverinfo and Certificate
//! Transparency built on them): at each message that carries extensions
//! the engine asks the API layer for the application's, and hands it those
//! received that the engine does not handle itself. Which callback runs,
//! and whether an extension is relevant to the negotiated version, is
//! decided there, from OpenSSL's `SSL_EXT_*` context bits named here.

use super::extensions::{self as ext, Extensions};
use super::Error;

/// `SSL_EXT_CLIENT_HELLO` and the other message bits of OpenSSL's context.
pub const CLIENT_HELLO: u32 = 0x0080;
pub const TLS1_2_SERVER_HELLO: u32 = 0x0100;
pub const TLS1_3_SERVER_HELLO: u32 = 0x0200;
pub const TLS1_3_ENCRYPTED_EXTENSIONS: u32 = 0x0400;
pub const TLS1_3_HELLO_RETRY_REQUEST: u32 = 0x0800;
pub const TLS1_3_CERTIFICATE: u32 = 0x1000;
pub const TLS1_3_NEW_SESSION_TICKET: u32 = 0x2000;
pub const TLS1_3_CERTIFICATE_REQUEST: u32 = 0x4000;

/// Extensions as (type, body) pairs, in order.
pub type AppExtensions = Vec<(u16, Vec<u8>)>;

/// Where in the handshake an extension is added or was received.
#[derive(Clone, Copy, Debug)]
pub struct Site<'a> {
    /// One of the message bits above.
    pub context: u32,
    /// TLS 1.3 is negotiated (a HelloRetryRequest counts as TLS 1.3).
    pub tls13: bool,
    /// This handshake resumes a session.
    pub resumed: bool,
    /// A ClientHello's best offered version (others: the negotiated one).
    pub max_version: u16,
    /// A Certificate message's entry: the certificate (DER) and its
    /// position in the chain, the leaf being 0.
    pub cert: Option<(&'a [u8], usize)>,
}

/// The API layer's side; the defaults are a connection without any.
pub trait CustomExtensions {
    /// The application's extensions for a message at `site`, in order;
    /// Err (its alert) when a callback fails.
    fn add_custom_extensions(&mut self, site: Site<'_>) -> Result<AppExtensions, Error> {
        let _ = site;
        Ok(Vec::new())
    }
    /// The extensions of a received message at `site` that the engine left
    /// to the application, in the order they came (OpenSSL parses them
    /// after its own); called for every ClientHello, even with none, as
    /// the start of a handshake's bookkeeping. Err (its alert) when the
    /// application refuses one or did not ask for it.
    fn parse_custom_extensions(&mut self, site: Site<'_>, received: &[(u16, Vec<u8>)]) -> Result<(), Error> {
        let _ = (site, received);
        Ok(())
    }
}

/// Whether the engine leaves an extension type to the application: one it
/// does not know, or signed_certificate_timestamp, which OpenSSL handles
/// through its custom extension code (Certificate Transparency on clients,
/// serverinfo on servers).
pub fn left_to_application(ty: u16) -> bool {
    ty == ext::SCT || !ext::is_known(ty)
}

/// The extensions of a received block left to the application, in order.
pub fn collect(exts: &Extensions<'_>) -> AppExtensions {
    exts.list.iter().filter(|(t, _)| left_to_application(*t)).map(|(t, b)| (*t, b.to_vec())).collect()
}

/// Writes extensions as `type, opaque data<0..2^16-1>`.
pub fn write(w: &mut super::codec::Writer, list: &[(u16, Vec<u8>)]) {
    for (ty, data) in list {
        w.u16(*ty);
        w.vec16(|w| w.bytes(data));
    }
}

/// The application's extensions for each entry of a TLS 1.3 Certificate
/// message (OpenSSL asks once per certificate, the leaf first).
pub fn for_chain(hooks: &mut dyn CustomExtensions, chain: &[Vec<u8>], resumed: bool) -> Result<Vec<AppExtensions>, Error> {
    chain
        .iter()
        .enumerate()
        .map(|(i, der)| {
            hooks.add_custom_extensions(Site {
                context: TLS1_3_CERTIFICATE,
                tls13: true,
                resumed,
                max_version: super::TLS1_3_VERSION,
                cert: Some((der, i)),
            })
        })
        .collect()
}
