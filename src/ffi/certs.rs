//! Certificates and private keys: `SSL_CTX_use_*` and their `SSL_use_*` twins,
//! the password callback, and the getters.

use std::ffi::{c_char, c_int, c_long, c_void, CStr};

use super::boundary::{ctx_arg, guard, guard_void, ssl_arg, Fail};
use super::types::{stack_st_X509, stack_st_X509_NAME, EVP_PKEY, SSL, SSL_CTX, X509, RSA};
use crate::api::certs::CertConfig;
use crate::api::reason;
use crate::sys::pkey::{self, PKey, PasswordCb};
use crate::sys::x509::X509Ref;

const SSL_FILETYPE_PEM: c_int = 1;
const SSL_FILETYPE_ASN1: c_int = 2;

/// The certificate configuration an export works on: the context's or a connection's.
enum Target {
    Ctx(*const SSL_CTX),
    Ssl(*const SSL),
}

impl Target {
    fn with<R>(&self, f: impl FnOnce(&mut CertConfig) -> Result<R, Fail>) -> Result<R, Fail> {
        match self {
            Target::Ctx(c) => f(&mut ctx_arg(*c)?.settings.lock().certs),
            Target::Ssl(s) => f(&mut ssl_arg(*s)?.st.lock().settings.certs),
        }
    }

    fn password_cb(&self) -> Result<(PasswordCb, *mut c_void), Fail> {
        let ctx = match self {
            Target::Ctx(c) => ctx_arg(*c)?,
            Target::Ssl(s) => {
                let ssl = ssl_arg(*s)?;
                let c = ssl.ctx();
                return Ok({
                    let cb = c.callbacks.lock();
                    (cb.passwd, cb.passwd_arg as *mut c_void)
                });
            }
        };
        let cb = ctx.callbacks.lock();
        Ok((cb.passwd, cb.passwd_arg as *mut c_void))
    }
}

fn file_type(t: c_int) -> Result<bool, Fail> {
    match t {
        SSL_FILETYPE_PEM => Ok(true),
        SSL_FILETYPE_ASN1 => Ok(false),
        _ => Err(Fail::new(reason::BAD_SSL_FILETYPE, "bad ssl filetype")),
    }
}

/// # Safety
/// `file` must be NULL or a NUL-terminated string.
unsafe fn path<'a>(file: *const c_char) -> Result<&'a CStr, Fail> {
    if file.is_null() {
        return Err(Fail::null());
    }
    // SAFETY: per the contract.
    Ok(unsafe { CStr::from_ptr(file) })
}

fn use_certificate(t: Target, x: *mut X509) -> Result<c_int, Fail> {
    let x = X509Ref::from_borrowed(x).ok_or_else(Fail::null)?;
    t.with(|c| c.set_certificate(x).map_err(Fail::from))?;
    Ok(1)
}

fn use_private_key(t: Target, k: *mut EVP_PKEY) -> Result<c_int, Fail> {
    let k = PKey::from_borrowed(k).ok_or_else(Fail::null)?;
    t.with(|c| c.set_private_key(k).map_err(Fail::from))?;
    Ok(1)
}

fn use_certificate_file(t: Target, file: &CStr, ty: c_int) -> Result<c_int, Fail> {
    let pem = file_type(ty)?;
    let (cb, u) = t.password_cb()?;
    let mut certs = pkey::read_certificates(file, pem, cb, u);
    if certs.is_empty() {
        // libcrypto has queued why (no such file, bad PEM).
        return Err(Fail::new(crate::sys::err::ERR_R_PEM_LIB, "no certificate in file"));
    }
    let leaf = certs.remove(0);
    t.with(|c| c.set_certificate(leaf).map_err(Fail::from))?;
    Ok(1)
}

fn use_certificate_chain_file(t: Target, file: &CStr) -> Result<c_int, Fail> {
    let (cb, u) = t.password_cb()?;
    let mut certs = pkey::read_certificates(file, true, cb, u);
    if certs.is_empty() {
        return Err(Fail::new(crate::sys::err::ERR_R_PEM_LIB, "no certificate in file"));
    }
    let leaf = certs.remove(0);
    t.with(|c| {
        c.set_certificate(leaf)?;
        c.clear_chain();
        for x in certs {
            c.add_chain_cert(x)?;
        }
        Ok(())
    })?;
    Ok(1)
}

/// A key file read by `read` (any key, or the deprecated RSA-only form).
type KeyReader = fn(&CStr, bool, PasswordCb, *mut c_void) -> Option<PKey>;

fn use_private_key_file(t: Target, file: &CStr, ty: c_int) -> Result<c_int, Fail> {
    use_key_file(t, file, ty, pkey::read_private_key, "no private key in file")
}

fn use_key_file(t: Target, file: &CStr, ty: c_int, read: KeyReader, missing: &'static str) -> Result<c_int, Fail> {
    let pem = file_type(ty)?;
    let (cb, u) = t.password_cb()?;
    let k = read(file, pem, cb, u).ok_or(Fail::new(crate::sys::err::ERR_R_PEM_LIB, missing))?;
    t.with(|c| c.set_private_key(k).map_err(Fail::from))?;
    Ok(1)
}

/// `SSL_CTX_use_certificate`: set1 — the context takes a reference.
#[no_mangle]
pub extern "C" fn SSL_CTX_use_certificate(ctx: *mut SSL_CTX, x: *mut X509) -> c_int {
    guard("SSL_CTX_use_certificate", 0, || use_certificate(Target::Ctx(ctx), x))
}

/// `SSL_use_certificate`.
#[no_mangle]
pub extern "C" fn SSL_use_certificate(s: *mut SSL, x: *mut X509) -> c_int {
    guard("SSL_use_certificate", 0, || use_certificate(Target::Ssl(s), x))
}

/// `SSL_CTX_use_PrivateKey`: set1.
#[no_mangle]
pub extern "C" fn SSL_CTX_use_PrivateKey(ctx: *mut SSL_CTX, k: *mut EVP_PKEY) -> c_int {
    guard("SSL_CTX_use_PrivateKey", 0, || use_private_key(Target::Ctx(ctx), k))
}

/// `SSL_use_PrivateKey`.
#[no_mangle]
pub extern "C" fn SSL_use_PrivateKey(s: *mut SSL, k: *mut EVP_PKEY) -> c_int {
    guard("SSL_use_PrivateKey", 0, || use_private_key(Target::Ssl(s), k))
}

/// `SSL_CTX_use_certificate_file`: PEM or ASN1 (DER).
///
/// # Safety
/// `file` must be a NUL-terminated path.
#[no_mangle]
pub unsafe extern "C" fn SSL_CTX_use_certificate_file(ctx: *mut SSL_CTX, file: *const c_char, ty: c_int) -> c_int {
    // SAFETY: per the contract.
    guard("SSL_CTX_use_certificate_file", 0, || use_certificate_file(Target::Ctx(ctx), unsafe { path(file)? }, ty))
}

/// `SSL_use_certificate_file`.
///
/// # Safety
/// `file` must be a NUL-terminated path.
#[no_mangle]
pub unsafe extern "C" fn SSL_use_certificate_file(s: *mut SSL, file: *const c_char, ty: c_int) -> c_int {
    // SAFETY: per the contract.
    guard("SSL_use_certificate_file", 0, || use_certificate_file(Target::Ssl(s), unsafe { path(file)? }, ty))
}

/// `SSL_CTX_use_certificate_chain_file`: leaf then chain, PEM.
///
/// # Safety
/// `file` must be a NUL-terminated path.
#[no_mangle]
pub unsafe extern "C" fn SSL_CTX_use_certificate_chain_file(ctx: *mut SSL_CTX, file: *const c_char) -> c_int {
    // SAFETY: per the contract.
    guard("SSL_CTX_use_certificate_chain_file", 0, || use_certificate_chain_file(Target::Ctx(ctx), unsafe { path(file)? }))
}

/// `SSL_use_certificate_chain_file`.
///
/// # Safety
/// `file` must be a NUL-terminated path.
#[no_mangle]
pub unsafe extern "C" fn SSL_use_certificate_chain_file(s: *mut SSL, file: *const c_char) -> c_int {
    // SAFETY: per the contract.
    guard("SSL_use_certificate_chain_file", 0, || use_certificate_chain_file(Target::Ssl(s), unsafe { path(file)? }))
}

/// `SSL_CTX_use_PrivateKey_file`: PEM (encrypted keys use the password callback) or ASN1.
///
/// # Safety
/// `file` must be a NUL-terminated path.
#[no_mangle]
pub unsafe extern "C" fn SSL_CTX_use_PrivateKey_file(ctx: *mut SSL_CTX, file: *const c_char, ty: c_int) -> c_int {
    // SAFETY: per the contract.
    guard("SSL_CTX_use_PrivateKey_file", 0, || use_private_key_file(Target::Ctx(ctx), unsafe { path(file)? }, ty))
}

/// `SSL_use_PrivateKey_file`.
///
/// # Safety
/// `file` must be a NUL-terminated path.
#[no_mangle]
pub unsafe extern "C" fn SSL_use_PrivateKey_file(s: *mut SSL, file: *const c_char, ty: c_int) -> c_int {
    // SAFETY: per the contract.
    guard("SSL_use_PrivateKey_file", 0, || use_private_key_file(Target::Ssl(s), unsafe { path(file)? }, ty))
}

fn use_certificate_asn1(t: Target, d: *const u8, len: usize) -> Result<c_int, Fail> {
    // SAFETY: the caller's contract: d points at len readable bytes.
    let der = unsafe { super::boundary::bytes_arg(d, len)? };
    let x = X509Ref::from_der(der).ok_or(Fail::new(crate::sys::err::ERR_R_ASN1_LIB, "certificate does not parse"))?;
    t.with(|c| c.set_certificate(x).map_err(Fail::from))?;
    Ok(1)
}

fn use_private_key_asn1(t: Target, d: *const u8, len: usize) -> Result<c_int, Fail> {
    // SAFETY: the caller's contract: d points at len readable bytes.
    let der = unsafe { super::boundary::bytes_arg(d, len)? };
    let k = PKey::from_der(der).ok_or(Fail::new(crate::sys::err::ERR_R_ASN1_LIB, "private key does not parse"))?;
    t.with(|c| c.set_private_key(k).map_err(Fail::from))?;
    Ok(1)
}

/// `SSL_CTX_use_certificate_ASN1`: a DER certificate.
///
/// # Safety
/// `d` must point at `len` readable bytes.
#[no_mangle]
pub unsafe extern "C" fn SSL_CTX_use_certificate_ASN1(ctx: *mut SSL_CTX, len: c_int, d: *const u8) -> c_int {
    guard("SSL_CTX_use_certificate_ASN1", 0, || use_certificate_asn1(Target::Ctx(ctx), d, len.max(0) as usize))
}

/// `SSL_use_certificate_ASN1`: a DER certificate for one connection.
///
/// # Safety
/// `d` must point at `len` readable bytes.
#[no_mangle]
pub unsafe extern "C" fn SSL_use_certificate_ASN1(s: *mut SSL, d: *const u8, len: c_int) -> c_int {
    guard("SSL_use_certificate_ASN1", 0, || use_certificate_asn1(Target::Ssl(s), d, len.max(0) as usize))
}

/// `SSL_CTX_use_PrivateKey_ASN1`: a DER private key (`pk` is the key type; any is accepted).
///
/// # Safety
/// `d` must point at `len` readable bytes.
#[no_mangle]
pub unsafe extern "C" fn SSL_CTX_use_PrivateKey_ASN1(pk: c_int, ctx: *mut SSL_CTX, d: *const u8, len: c_long) -> c_int {
    let _ = pk;
    guard("SSL_CTX_use_PrivateKey_ASN1", 0, || use_private_key_asn1(Target::Ctx(ctx), d, len.max(0) as usize))
}

/// `SSL_use_PrivateKey_ASN1`: a DER private key for one connection.
///
/// # Safety
/// `d` must point at `len` readable bytes.
#[no_mangle]
pub unsafe extern "C" fn SSL_use_PrivateKey_ASN1(pk: c_int, s: *mut SSL, d: *const u8, len: c_long) -> c_int {
    let _ = pk;
    guard("SSL_use_PrivateKey_ASN1", 0, || use_private_key_asn1(Target::Ssl(s), d, len.max(0) as usize))
}

/// OpenSSL's ssl_set_cert_and_key: certificate, optional key and chain in
/// the certificate's slot; without `override_` an occupied slot is
/// refused (SSL_R_NOT_REPLACING_CERTIFICATE), a key that does not match
/// the certificate too.
fn use_cert_and_key(t: Target, x: *mut X509, k: *mut EVP_PKEY, chain: *mut stack_st_X509, override_: c_int) -> Result<c_int, Fail> {
    const NOT_REPLACING_CERTIFICATE: i32 = 289;
    let x = X509Ref::from_borrowed(x).ok_or_else(Fail::null)?;
    let k = if k.is_null() { None } else { Some(PKey::from_borrowed(k).ok_or_else(Fail::null)?) };
    let extra = crate::sys::x509::stack_to_vec(chain);
    t.with(|c| {
        if override_ == 0 && c.slot_in_use(crate::sys::pkey::cert_key_kind(&x)) {
            return Err(Fail::new(NOT_REPLACING_CERTIFICATE, "not replacing certificate"));
        }
        if let Some(k) = &k {
            if !crate::sys::pkey::key_matches(&x, k) {
                return Err(Fail::new(crate::api::reason::PRIVATE_KEY_MISMATCH, "private key mismatch"));
            }
        }
        c.set_certificate(x)?;
        if let Some(k) = k {
            c.set_private_key(k)?;
        }
        c.clear_chain();
        for e in extra {
            c.add_chain_cert(e)?;
        }
        Ok(1)
    })
}

/// `SSL_CTX_use_cert_and_key`: certificate, key and optional chain at once.
#[no_mangle]
pub extern "C" fn SSL_CTX_use_cert_and_key(ctx: *mut SSL_CTX, x: *mut X509, k: *mut EVP_PKEY, chain: *mut stack_st_X509, override_: c_int) -> c_int {
    guard("SSL_CTX_use_cert_and_key", 0, || use_cert_and_key(Target::Ctx(ctx), x, k, chain, override_))
}

/// `SSL_use_cert_and_key`: as above, for one connection.
#[no_mangle]
pub extern "C" fn SSL_use_cert_and_key(s: *mut SSL, x: *mut X509, k: *mut EVP_PKEY, chain: *mut stack_st_X509, override_: c_int) -> c_int {
    guard("SSL_use_cert_and_key", 0, || use_cert_and_key(Target::Ssl(s), x, k, chain, override_))
}

/// `SSL_CTX_check_private_key`: the current certificate and key match.
#[no_mangle]
pub extern "C" fn SSL_CTX_check_private_key(ctx: *const SSL_CTX) -> c_int {
    guard("SSL_CTX_check_private_key", 0, || {
        Target::Ctx(ctx).with(|c| c.check_private_key().map_err(Fail::from))?;
        Ok(1)
    })
}

/// `SSL_check_private_key`.
#[no_mangle]
pub extern "C" fn SSL_check_private_key(s: *const SSL) -> c_int {
    guard("SSL_check_private_key", 0, || {
        Target::Ssl(s).with(|c| c.check_private_key().map_err(Fail::from))?;
        Ok(1)
    })
}

/// `SSL_CTX_get0_certificate`: get0 — the current certificate.
#[no_mangle]
pub extern "C" fn SSL_CTX_get0_certificate(ctx: *const SSL_CTX) -> *mut X509 {
    guard("SSL_CTX_get0_certificate", std::ptr::null_mut(), || {
        Target::Ctx(ctx).with(|c| Ok(c.current().and_then(|s| s.cert.as_ref()).map_or(std::ptr::null_mut(), |x| x.as_ptr())))
    })
}

/// `SSL_CTX_get0_privatekey`: get0 — the current private key.
#[no_mangle]
pub extern "C" fn SSL_CTX_get0_privatekey(ctx: *const SSL_CTX) -> *mut EVP_PKEY {
    guard("SSL_CTX_get0_privatekey", std::ptr::null_mut(), || {
        Target::Ctx(ctx).with(|c| Ok(c.current().and_then(|s| s.key.as_ref()).map_or(std::ptr::null_mut(), |k| k.as_ptr())))
    })
}

/// `SSL_get_certificate`: get0 — the connection's current certificate.
#[no_mangle]
pub extern "C" fn SSL_get_certificate(s: *const SSL) -> *mut X509 {
    guard("SSL_get_certificate", std::ptr::null_mut(), || {
        Target::Ssl(s).with(|c| Ok(c.current().and_then(|s| s.cert.as_ref()).map_or(std::ptr::null_mut(), |x| x.as_ptr())))
    })
}

/// `SSL_get_privatekey`: get0.
#[no_mangle]
pub extern "C" fn SSL_get_privatekey(s: *const SSL) -> *mut EVP_PKEY {
    guard("SSL_get_privatekey", std::ptr::null_mut(), || {
        Target::Ssl(s).with(|c| Ok(c.current().and_then(|s| s.key.as_ref()).map_or(std::ptr::null_mut(), |k| k.as_ptr())))
    })
}

/// `SSL_CTX_set_default_passwd_cb`: used when reading encrypted PEM keys.
#[no_mangle]
pub extern "C" fn SSL_CTX_set_default_passwd_cb(ctx: *mut SSL_CTX, cb: PasswordCb) {
    guard_void("SSL_CTX_set_default_passwd_cb", || {
        if let Ok(c) = ctx_arg(ctx) {
            c.callbacks.lock().passwd = cb;
        }
    })
}

/// `SSL_CTX_set_default_passwd_cb_userdata`.
#[no_mangle]
pub extern "C" fn SSL_CTX_set_default_passwd_cb_userdata(ctx: *mut SSL_CTX, u: *mut c_void) {
    guard_void("SSL_CTX_set_default_passwd_cb_userdata", || {
        if let Ok(c) = ctx_arg(ctx) {
            c.callbacks.lock().passwd_arg = u as usize;
        }
    })
}

/// `SSL_CTX_get_default_passwd_cb`.
#[no_mangle]
pub extern "C" fn SSL_CTX_get_default_passwd_cb(ctx: *mut SSL_CTX) -> PasswordCb {
    guard("SSL_CTX_get_default_passwd_cb", None, || Ok(ctx_arg(ctx)?.callbacks.lock().passwd))
}

/// `SSL_CTX_get_default_passwd_cb_userdata`.
#[no_mangle]
pub extern "C" fn SSL_CTX_get_default_passwd_cb_userdata(ctx: *mut SSL_CTX) -> *mut c_void {
    guard("SSL_CTX_get_default_passwd_cb_userdata", std::ptr::null_mut(), || {
        Ok(ctx_arg(ctx)?.callbacks.lock().passwd_arg as *mut c_void)
    })
}

/// Chain-certificate ctrls (SSL_CTRL_CHAIN_CERT): add0 (larg 0) or add1 (larg 1).
pub fn add_chain_cert_ctrl(certs: &mut CertConfig, larg: c_long, x: *mut X509) -> Result<c_long, Fail> {
    let x = if larg != 0 { X509Ref::from_borrowed(x) } else { X509Ref::from_owned(x) }.ok_or_else(Fail::null)?;
    certs.add_chain_cert(x)?;
    Ok(1)
}

/// `SSL_CTX_set_client_cert_cb`: asked for a certificate and key when a
/// server requests one and none is configured; returning 1 hands both over.
#[no_mangle]
pub extern "C" fn SSL_CTX_set_client_cert_cb(ctx: *mut SSL_CTX, cb: crate::sys::callbacks::ClientCertCb) {
    guard_void("SSL_CTX_set_client_cert_cb", || {
        if let Ok(c) = ctx_arg(ctx) {
            c.callbacks.lock().client_cert = cb;
        }
    })
}

/// `SSL_CTX_get_client_cert_cb`.
#[no_mangle]
pub extern "C" fn SSL_CTX_get_client_cert_cb(ctx: *mut SSL_CTX) -> crate::sys::callbacks::ClientCertCb {
    guard("SSL_CTX_get_client_cert_cb", None, || Ok(ctx_arg(ctx)?.callbacks.lock().client_cert))
}

use crate::sys::names::NameStack;
use std::sync::Arc;

fn set_ca_list(t: Target, list: *mut stack_st_X509_NAME) -> Result<(), Fail> {
    let names = NameStack::from_owned(list).map(|n| Arc::new(parking_lot::Mutex::new(n)));
    match t {
        Target::Ctx(c) => ctx_arg(c)?.settings.lock().client_ca = names,
        Target::Ssl(s) => ssl_arg(s)?.st.lock().settings.client_ca = names,
    }
    Ok(())
}

fn get_ca_list(t: Target) -> Result<*mut stack_st_X509_NAME, Fail> {
    let list = match t {
        Target::Ctx(c) => ctx_arg(c)?.settings.lock().client_ca.clone(),
        // OpenSSL's SSL_get_client_CA_list: the SSL's own list, else its
        // current context's.
        Target::Ssl(s) => {
            let ssl = ssl_arg(s)?;
            let own = ssl.st.lock().settings.client_ca.clone();
            own.or_else(|| ssl.ctx().settings.lock().client_ca.clone())
        }
    };
    Ok(list.map_or(std::ptr::null_mut(), |l| l.lock().as_ptr()))
}

fn add_ca(t: Target, x: *mut X509) -> Result<c_int, Fail> {
    let x = X509Ref::from_borrowed(x).ok_or_else(Fail::null)?;
    let with = |slot: &mut Option<Arc<parking_lot::Mutex<NameStack>>>| -> Result<c_int, Fail> {
        if slot.is_none() {
            let fresh = NameStack::new().ok_or(Fail::new(crate::sys::err::ERR_R_INTERNAL_ERROR, "stack allocation failed"))?;
            *slot = Some(Arc::new(parking_lot::Mutex::new(fresh)));
        }
        Ok(slot.as_ref().expect("just set").lock().push_subject(&x, false) as c_int)
    };
    match t {
        Target::Ctx(c) => with(&mut ctx_arg(c)?.settings.lock().client_ca),
        Target::Ssl(s) => with(&mut ssl_arg(s)?.st.lock().settings.client_ca),
    }
}

/// `SSL_CTX_set_client_CA_list`: set0 — takes ownership of the name stack
/// sent as certificate_authorities in CertificateRequest.
#[no_mangle]
pub extern "C" fn SSL_CTX_set_client_CA_list(ctx: *mut SSL_CTX, list: *mut stack_st_X509_NAME) {
    guard_void("SSL_CTX_set_client_CA_list", || {
        let _ = set_ca_list(Target::Ctx(ctx), list);
    })
}

/// `SSL_set_client_CA_list`: set0, per connection.
#[no_mangle]
pub extern "C" fn SSL_set_client_CA_list(s: *mut SSL, list: *mut stack_st_X509_NAME) {
    guard_void("SSL_set_client_CA_list", || {
        let _ = set_ca_list(Target::Ssl(s), list);
    })
}

/// `SSL_CTX_get_client_CA_list`: get0.
#[no_mangle]
pub extern "C" fn SSL_CTX_get_client_CA_list(ctx: *const SSL_CTX) -> *mut stack_st_X509_NAME {
    guard("SSL_CTX_get_client_CA_list", std::ptr::null_mut(), || get_ca_list(Target::Ctx(ctx)))
}

/// `SSL_get_client_CA_list`: get0 — on a server, the list it sends.
#[no_mangle]
pub extern "C" fn SSL_get_client_CA_list(s: *const SSL) -> *mut stack_st_X509_NAME {
    guard("SSL_get_client_CA_list", std::ptr::null_mut(), || get_ca_list(Target::Ssl(s)))
}

/// `SSL_CTX_add_client_CA`: appends a copy of the certificate's subject.
#[no_mangle]
pub extern "C" fn SSL_CTX_add_client_CA(ctx: *mut SSL_CTX, x: *mut X509) -> c_int {
    guard("SSL_CTX_add_client_CA", 0, || add_ca(Target::Ctx(ctx), x))
}

/// `SSL_add_client_CA`.
#[no_mangle]
pub extern "C" fn SSL_add_client_CA(s: *mut SSL, x: *mut X509) -> c_int {
    guard("SSL_add_client_CA", 0, || add_ca(Target::Ssl(s), x))
}

/// `SSL_load_client_CA_file`: the subjects of a PEM file's certificates,
/// without duplicates; a new stack the caller owns (NULL if none).
///
/// # Safety
/// `file` must be a NUL-terminated path.
#[no_mangle]
pub unsafe extern "C" fn SSL_load_client_CA_file(file: *const c_char) -> *mut stack_st_X509_NAME {
    guard("SSL_load_client_CA_file", std::ptr::null_mut(), || {
        // SAFETY: per the contract.
        let path = unsafe { path(file)? };
        let certs = pkey::read_certificates(path, true, None, std::ptr::null_mut());
        let mut names = NameStack::new().ok_or(Fail::new(crate::sys::err::ERR_R_INTERNAL_ERROR, "stack allocation failed"))?;
        for x in &certs {
            names.push_subject(x, true);
        }
        if certs.is_empty() {
            return Err(Fail::new(crate::sys::err::ERR_R_PEM_LIB, "no certificate in file"));
        }
        Ok(names.into_ptr())
    })
}

/// The deprecated RSA forms (`SSL_CTX_use_RSAPrivateKey(3)`): the RSA key
/// goes in as an EVP_PKEY, as OpenSSL's wrappers do.
fn use_rsa_key(t: Target, key: Option<PKey>, what: &'static str) -> Result<c_int, Fail> {
    let k = key.ok_or(Fail::new(crate::sys::err::ERR_R_ASN1_LIB, what))?;
    t.with(|c| c.set_private_key(k).map_err(Fail::from))?;
    Ok(1)
}

/// `SSL_CTX_use_RSAPrivateKey`: set1 — the context takes a reference.
#[no_mangle]
pub extern "C" fn SSL_CTX_use_RSAPrivateKey(ctx: *mut SSL_CTX, rsa: *mut RSA) -> c_int {
    guard("SSL_CTX_use_RSAPrivateKey", 0, || {
        if rsa.is_null() {
            return Err(Fail::null());
        }
        use_rsa_key(Target::Ctx(ctx), PKey::from_rsa(rsa), "RSA key")
    })
}

/// `SSL_use_RSAPrivateKey`: as above, for one connection.
#[no_mangle]
pub extern "C" fn SSL_use_RSAPrivateKey(s: *mut SSL, rsa: *mut RSA) -> c_int {
    guard("SSL_use_RSAPrivateKey", 0, || {
        if rsa.is_null() {
            return Err(Fail::null());
        }
        use_rsa_key(Target::Ssl(s), PKey::from_rsa(rsa), "RSA key")
    })
}

/// `SSL_CTX_use_RSAPrivateKey_ASN1`: a DER RSAPrivateKey (PKCS #1).
///
/// # Safety
/// `d` must point at `len` readable bytes.
#[no_mangle]
pub unsafe extern "C" fn SSL_CTX_use_RSAPrivateKey_ASN1(ctx: *mut SSL_CTX, d: *const u8, len: c_long) -> c_int {
    guard("SSL_CTX_use_RSAPrivateKey_ASN1", 0, || {
        // SAFETY: per the contract.
        let der = unsafe { super::boundary::bytes_arg(d, len.max(0) as usize)? };
        use_rsa_key(Target::Ctx(ctx), PKey::from_rsa_der(der), "RSA private key does not parse")
    })
}

/// `SSL_use_RSAPrivateKey_ASN1`: as above, for one connection.
///
/// # Safety
/// `d` must point at `len` readable bytes.
#[no_mangle]
pub unsafe extern "C" fn SSL_use_RSAPrivateKey_ASN1(s: *mut SSL, d: *const u8, len: c_long) -> c_int {
    guard("SSL_use_RSAPrivateKey_ASN1", 0, || {
        // SAFETY: per the contract.
        let der = unsafe { super::boundary::bytes_arg(d, len.max(0) as usize)? };
        use_rsa_key(Target::Ssl(s), PKey::from_rsa_der(der), "RSA private key does not parse")
    })
}

fn use_rsa_key_file(t: Target, file: &CStr, ty: c_int) -> Result<c_int, Fail> {
    use_key_file(t, file, ty, pkey::read_rsa_private_key, "no RSA private key in file")
}

/// `SSL_CTX_use_RSAPrivateKey_file`: PEM (through the password callback) or ASN1.
///
/// # Safety
/// `file` must be a NUL-terminated path.
#[no_mangle]
pub unsafe extern "C" fn SSL_CTX_use_RSAPrivateKey_file(ctx: *mut SSL_CTX, file: *const c_char, ty: c_int) -> c_int {
    // SAFETY: per the contract.
    guard("SSL_CTX_use_RSAPrivateKey_file", 0, || use_rsa_key_file(Target::Ctx(ctx), unsafe { path(file)? }, ty))
}

/// `SSL_use_RSAPrivateKey_file`: as above, for one connection.
///
/// # Safety
/// `file` must be a NUL-terminated path.
#[no_mangle]
pub unsafe extern "C" fn SSL_use_RSAPrivateKey_file(s: *mut SSL, file: *const c_char, ty: c_int) -> c_int {
    // SAFETY: per the contract.
    guard("SSL_use_RSAPrivateKey_file", 0, || use_rsa_key_file(Target::Ssl(s), unsafe { path(file)? }, ty))
}
