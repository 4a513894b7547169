//! Calls into the application's custom extension callbacks
//! (`SSL_CTX_add_custom_ext` and the older client/server forms). What an
//! add callback returns is copied before its free callback runs.

use std::ffi::{c_int, c_void};

use super::{SSL, X509};

pub use super::callbacks::{AddCb, AddCbEx, FreeCb, FreeCbEx, ParseCb, ParseCbEx};

/// One registration's callbacks, in either form.
#[derive(Clone, Copy, Debug)]
pub enum ExtCallbacks {
    Ex { add: AddCbEx, free: FreeCbEx, add_arg: usize, parse: ParseCbEx, parse_arg: usize },
    Legacy { add: AddCb, free: FreeCb, add_arg: usize, parse: ParseCb, parse_arg: usize },
}

/// Where the callback is called from: the SSL, the extension type, the
/// message context bits, and for a Certificate entry its X509 and index.
#[derive(Clone, Copy)]
pub struct CallSite {
    pub ssl: usize,
    pub ext_type: u16,
    pub context: u32,
    pub x509: *mut X509,
    pub chainidx: usize,
}

/// What an add callback answered: its return value, the data it gave
/// (copied), and the alert it set.
pub struct Added {
    pub ret: c_int,
    pub data: Vec<u8>,
    pub alert: c_int,
}

impl ExtCallbacks {
    /// Runs the add callback (None when a new-style registration has none),
    /// then the free callback on what it returned, as OpenSSL's
    /// custom_ext_add does.
    pub fn add(&self, at: CallSite, default_alert: c_int) -> Option<Added> {
        let mut out: *const u8 = std::ptr::null();
        let mut outlen: usize = 0;
        let mut al = default_alert;
        let ret = match *self {
            // SAFETY: the application registered add for this signature;
            // out, outlen and al are ours for the duration of the call.
            ExtCallbacks::Ex { add: Some(add), add_arg, .. } => unsafe {
                add(at.ssl as *mut SSL, at.ext_type.into(), at.context, &mut out, &mut outlen, at.x509, at.chainidx, &mut al, add_arg as *mut c_void)
            },
            // SAFETY: as above, for the legacy signature.
            ExtCallbacks::Legacy { add: Some(add), add_arg, .. } => unsafe {
                add(at.ssl as *mut SSL, at.ext_type.into(), &mut out, &mut outlen, &mut al, add_arg as *mut c_void)
            },
            // OpenSSL wraps a legacy registration without an add callback
            // in one that adds an empty extension (custom_ext_add_old_cb_wrap).
            ExtCallbacks::Legacy { add: None, .. } => 1,
            ExtCallbacks::Ex { add: None, .. } => return None,
        };
        let data = if ret > 0 && !out.is_null() && outlen > 0 {
            // SAFETY: the callback's contract: out points to outlen
            // readable bytes until its free callback runs.
            unsafe { std::slice::from_raw_parts(out, outlen) }.to_vec()
        } else {
            Vec::new()
        };
        // OpenSSL frees only what it added (a skipped or failed extension
        // has nothing to free).
        if ret > 0 {
            self.free(at, out);
        }
        Some(Added { ret, data, alert: al })
    }

    fn free(&self, at: CallSite, out: *const u8) {
        match *self {
            // SAFETY: the application registered free for this signature;
            // out is what its add callback returned.
            ExtCallbacks::Ex { free: Some(free), add_arg, .. } => unsafe {
                free(at.ssl as *mut SSL, at.ext_type.into(), at.context, out, add_arg as *mut c_void)
            },
            // SAFETY: as above, for the legacy signature.
            ExtCallbacks::Legacy { free: Some(free), add_arg, .. } => unsafe { free(at.ssl as *mut SSL, at.ext_type.into(), out, add_arg as *mut c_void) },
            _ => {}
        }
    }

    /// Runs the parse callback: Ok(()) when there is none or it accepts,
    /// Err(alert) when it refuses.
    pub fn parse(&self, at: CallSite, data: &[u8], default_alert: c_int) -> Result<(), c_int> {
        let mut al = default_alert;
        let ret = match *self {
            // SAFETY: the application registered parse for this signature;
            // data is readable for its length during the call, al is ours.
            ExtCallbacks::Ex { parse: Some(parse), parse_arg, .. } => unsafe {
                parse(at.ssl as *mut SSL, at.ext_type.into(), at.context, data.as_ptr(), data.len(), at.x509, at.chainidx, &mut al, parse_arg as *mut c_void)
            },
            // SAFETY: as above, for the legacy signature.
            ExtCallbacks::Legacy { parse: Some(parse), parse_arg, .. } => unsafe {
                parse(at.ssl as *mut SSL, at.ext_type.into(), data.as_ptr(), data.len(), &mut al, parse_arg as *mut c_void)
            },
            _ => return Ok(()),
        };
        if ret <= 0 {
            Err(al)
        } else {
            Ok(())
        }
    }
}
