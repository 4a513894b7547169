//! A small cache of parsed peer certificates, shared by a context's
//! connections. X509 objects are immutable once parsed and reference
//! counted, so one object can serve every connection that receives the same
//! DER; verification still runs on every handshake.

use parking_lot::Mutex;

use crate::sys::x509::X509Ref;

/// Entries kept; a server's chain is one to three certificates.
const CAPACITY: usize = 16;

#[derive(Default)]
pub struct CertCache {
    /// Most recently used last.
    entries: Mutex<Vec<(Vec<u8>, X509Ref)>>,
}

impl CertCache {
    /// The certificate for `der`, parsed now or earlier; None if it does not parse.
    pub fn get_or_parse(&self, der: &[u8]) -> Option<X509Ref> {
        {
            let mut e = self.entries.lock();
            if let Some(i) = e.iter().position(|(d, _)| d.as_slice() == der) {
                let hit = e.remove(i);
                let x = hit.1.clone();
                e.push(hit);
                return Some(x);
            }
        }
        let x = X509Ref::from_der(der)?;
        let mut e = self.entries.lock();
        if e.len() >= CAPACITY {
            e.remove(0);
        }
        e.push((der.to_vec(), x.clone()));
        Some(x)
    }
}
