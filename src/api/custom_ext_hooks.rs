//! The engine's custom extension hooks on a connection: OpenSSL's
//! custom_ext_add and custom_ext_parse over the SSL's table, the serverinfo
//! of the chosen certificate, and the signed_certificate_timestamp extension
//! a Certificate Transparency client keeps (tls_parse_stoc_sct).

use crate::api::context::Role as SslRole;
use crate::api::custom_ext::{self as ce, Callbacks, Method, Role};
use crate::api::hooks::Hooks;
use crate::sys::custom_ext_cb::CallSite;
use crate::tls::alert::AlertDescription;
use crate::tls::custom_ext::{self as cx, CustomExtensions, Site};
use crate::tls::extensions as ext;
use crate::tls::{Error, Reason};

/// SSL_AD_INTERNAL_ERROR and SSL_AD_DECODE_ERROR, the alerts a callback
/// finds preset (OpenSSL leaves them unset).
const AD_INTERNAL_ERROR: i32 = 80;
const AD_DECODE_ERROR: i32 = 50;

fn alert_error(al: i32, reason: i32, detail: &'static str) -> Error {
    let alert = u8::try_from(al).ok().and_then(crate::tls::alert::from_u8).unwrap_or(AlertDescription::InternalError);
    Error { alert: Some(alert), reason, detail }
}

impl Hooks<'_> {
    fn is_server(&self) -> bool {
        self.ssl.st.lock().role == Some(SslRole::Server)
    }

    /// The callback site: the SSL, and for a Certificate entry its X509
    /// (parsed once per context, kept alive by the context's cache).
    fn call_site(&self, m: &Method, site: &Site<'_>) -> (CallSite, Option<crate::sys::x509::X509Ref>) {
        let x509 = site.cert.and_then(|(der, _)| self.session_ctx.parsed_certs.get_or_parse(der));
        let at = CallSite {
            ssl: self.ssl_ptr,
            ext_type: m.ext_type,
            context: site.context,
            x509: x509.as_ref().map_or(std::ptr::null_mut(), |x| x.as_ptr()),
            chainidx: site.cert.map_or(0, |c| c.1),
        };
        (at, x509)
    }

    /// A Certificate Transparency client's signed_certificate_timestamp
    /// (OpenSSL's tls_parse_stoc_sct): Some(result) when handled here.
    fn take_sct(&mut self, site: &Site<'_>, data: &[u8]) -> Option<Result<(), Error>> {
        // "We ignore this if the server sends it in a CertificateRequest."
        if site.context & cx::TLS1_3_CERTIFICATE_REQUEST != 0 {
            return Some(Ok(()));
        }
        let mut st = self.ssl.st.lock();
        if st.settings.extras.ct_validation.is_some() {
            st.ct.set_extension(data);
            return Some(Ok(()));
        }
        // Otherwise only a custom extension may have asked for it.
        let role = if site.context & cx::TLS1_2_SERVER_HELLO != 0 { Role::Client } else { Role::Both };
        if st.settings.certs.custom.find(role, ext::SCT).is_none() {
            return Some(Err(Error::new(AlertDescription::UnsupportedExtension, Reason::BAD_EXTENSION, "unsolicited signed_certificate_timestamp")));
        }
        None
    }
}

/// GOST's cryptopro_bug type, which OpenSSL 3.0's table lists without a
/// parser, so a registration for it is parsed among the built-in ones.
const CRYPTOPRO_BUG: u16 = 0xfde8;

/// OpenSSL's order of parsing (tls_parse_all_extensions walks its table,
/// then the registrations in the order they were made, whatever order the
/// peer sent them in): signed_certificate_timestamp and cryptopro_bug in
/// the table's order, then each registered type.
fn parse_order<'r>(table: &ce::CustomExts, received: &'r [(u16, Vec<u8>)]) -> Vec<&'r (u16, Vec<u8>)> {
    let rank = |ty: u16| match ty {
        ext::SCT => 0,
        CRYPTOPRO_BUG => 1,
        _ => 2 + table.methods().iter().position(|m| m.ext_type == ty).unwrap_or(usize::MAX - 2),
    };
    let mut order: Vec<&(u16, Vec<u8>)> = received.iter().collect();
    order.sort_by_key(|(ty, _)| rank(*ty));
    order
}

impl CustomExtensions for Hooks<'_> {
    fn add_custom_extensions(&mut self, site: Site<'_>) -> Result<Vec<(u16, Vec<u8>)>, Error> {
        let server = self.is_server();
        let (table, serverinfo) = {
            let mut st = self.ssl.st.lock();
            // OpenSSL's custom_ext_init when a client builds its ClientHello.
            if site.context & cx::CLIENT_HELLO != 0 {
                st.custom_ext_flags.clear();
            }
            (st.settings.certs.custom.clone(), st.chosen_serverinfo.clone())
        };
        let mut out = Vec::new();
        for m in table.methods() {
            if !ce::should_add(m.context, &site, server) {
                continue;
            }
            let flags = self.ssl.st.lock().custom_ext_flags.get(m);
            // Only what the peer's ClientHello or CertificateRequest carried
            // is answered.
            if site.context & ce::RESPONSES != 0 && flags & ce::RECEIVED == 0 {
                continue;
            }
            let data = match m.callbacks {
                Callbacks::App(cb) => {
                    let (at, _x509) = self.call_site(m, &site);
                    match cb.add(at, AD_INTERNAL_ERROR) {
                        // Without an add callback: an empty extension in a
                        // ClientHello, nothing elsewhere.
                        None if site.context & cx::CLIENT_HELLO != 0 => Vec::new(),
                        None => continue,
                        Some(a) if a.ret < 0 => return Err(alert_error(a.alert, crate::api::reason::CALLBACK_FAILED, "custom extension add callback failed")),
                        Some(a) if a.ret == 0 => continue,
                        Some(a) => a.data,
                    }
                }
                // OpenSSL's serverinfoex_srv_add_cb: the leaf's entry only.
                Callbacks::ServerInfo => {
                    if site.context & cx::TLS1_3_CERTIFICATE != 0 && site.cert.is_some_and(|c| c.1 > 0) {
                        continue;
                    }
                    let Some(info) = &serverinfo else { continue };
                    match ce::serverinfo_find(info, m.ext_type) {
                        Ok(Some(d)) => d.to_vec(),
                        Ok(None) => continue,
                        Err(()) => return Err(alert_error(AD_INTERNAL_ERROR, crate::api::reason::CALLBACK_FAILED, "serverinfo does not parse")),
                    }
                }
            };
            out.push((m.ext_type, data));
            if site.context & cx::CLIENT_HELLO != 0 {
                self.ssl.st.lock().custom_ext_flags.set(m, ce::SENT);
            }
        }
        Ok(out)
    }

    fn parse_custom_extensions(&mut self, site: Site<'_>, received: &[(u16, Vec<u8>)]) -> Result<(), Error> {
        let server = self.is_server();
        let table = {
            let mut st = self.ssl.st.lock();
            // OpenSSL's custom_ext_init when a server collects a ClientHello.
            if server && site.context & cx::CLIENT_HELLO != 0 {
                st.custom_ext_flags.clear();
            }
            st.settings.certs.custom.clone()
        };
        for (ty, data) in parse_order(&table, received) {
            if *ty == ext::SCT && !server {
                if let Some(r) = self.take_sct(&site, data) {
                    r?;
                    continue;
                }
            }
            let Some(m) = table.find(ce::lookup_role(site.context, server), *ty) else { continue };
            // OpenSSL's verify_extension: a registered type in a message its
            // context does not name (signed_certificate_timestamp is checked
            // against the built-in table instead).
            if *ty != ext::SCT && m.context & site.context == 0 {
                return Err(Error::illegal(Reason::BAD_EXTENSION, "custom extension in a message it is not defined for"));
            }
            if !ce::is_relevant(m.context, &site, server) {
                continue;
            }
            let answers = cx::TLS1_2_SERVER_HELLO | cx::TLS1_3_SERVER_HELLO | cx::TLS1_3_ENCRYPTED_EXTENSIONS;
            if site.context & answers != 0 && self.ssl.st.lock().custom_ext_flags.get(m) & ce::SENT == 0 {
                return Err(Error::new(AlertDescription::UnsupportedExtension, Reason::BAD_EXTENSION, "custom extension we did not send"));
            }
            if site.context & (cx::CLIENT_HELLO | cx::TLS1_3_CERTIFICATE_REQUEST) != 0 {
                self.ssl.st.lock().custom_ext_flags.set(m, ce::RECEIVED);
            }
            match m.callbacks {
                Callbacks::App(cb) => {
                    let (at, _x509) = self.call_site(m, &site);
                    cb.parse(at, data, AD_DECODE_ERROR).map_err(|al| alert_error(al, Reason::BAD_EXTENSION as i32, "custom extension refused"))?;
                }
                // OpenSSL's serverinfoex_srv_parse_cb: the client's must be empty.
                Callbacks::ServerInfo if !data.is_empty() => {
                    return Err(alert_error(AD_DECODE_ERROR, Reason::BAD_EXTENSION as i32, "serverinfo extension not empty"));
                }
                Callbacks::ServerInfo => {}
            }
        }
        Ok(())
    }
}
