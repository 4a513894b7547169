//! CA name lists: `SSL_CTX_set0_CA_list` and friends, and the helpers that
//! fill a caller's `STACK_OF(X509_NAME)` from certificate files.

use std::ffi::{c_char, c_int, CStr};
use std::sync::Arc;

use parking_lot::Mutex;

use super::boundary::{ctx_arg, guard, guard_void, ssl_arg, Fail};
use super::types::{stack_st_X509_NAME, OSSL_LIB_CTX, SSL, SSL_CTX, X509};
use crate::sys::err;
use crate::sys::names::NameStack;
use crate::sys::pkey;
use crate::sys::x509::X509Ref;

fn list_ptr(l: &Option<Arc<Mutex<NameStack>>>) -> *const stack_st_X509_NAME {
    l.as_ref().map_or(std::ptr::null(), |l| l.lock().as_ptr() as *const _)
}

/// `SSL_CTX_set0_CA_list`: takes ownership of the list (NULL clears it).
/// Kept and returned by the getters; the certificate_authorities a server
/// sends come from the client CA list (`SSL_CTX_set_client_CA_list`).
#[no_mangle]
pub extern "C" fn SSL_CTX_set0_CA_list(ctx: *mut SSL_CTX, name_list: *mut stack_st_X509_NAME) {
    guard_void("SSL_CTX_set0_CA_list", || {
        let list = NameStack::from_owned(name_list).map(|l| Arc::new(Mutex::new(l)));
        if let Ok(c) = ctx_arg(ctx) {
            c.settings.lock().ca_list = list;
        }
    })
}

/// `SSL_set0_CA_list`: as the context's, for one connection.
#[no_mangle]
pub extern "C" fn SSL_set0_CA_list(s: *mut SSL, name_list: *mut stack_st_X509_NAME) {
    guard_void("SSL_set0_CA_list", || {
        let list = NameStack::from_owned(name_list).map(|l| Arc::new(Mutex::new(l)));
        if let Ok(ssl) = ssl_arg(s) {
            ssl.st.lock().settings.ca_list = list;
        }
    })
}

/// `SSL_CTX_get0_CA_list`: the list set (get0), or NULL.
#[no_mangle]
pub extern "C" fn SSL_CTX_get0_CA_list(ctx: *const SSL_CTX) -> *const stack_st_X509_NAME {
    guard("SSL_CTX_get0_CA_list", std::ptr::null(), || Ok(list_ptr(&ctx_arg(ctx)?.settings.lock().ca_list)))
}

/// `SSL_get0_CA_list`: the connection's list, else its context's (as OpenSSL).
#[no_mangle]
pub extern "C" fn SSL_get0_CA_list(s: *const SSL) -> *const stack_st_X509_NAME {
    guard("SSL_get0_CA_list", std::ptr::null(), || {
        let ssl = ssl_arg(s)?;
        let own = list_ptr(&ssl.st.lock().settings.ca_list);
        if !own.is_null() {
            return Ok(own);
        }
        Ok(list_ptr(&ssl.ctx().settings.lock().ca_list))
    })
}

/// `SSL_get0_peer_CA_list`: the names the peer sent in
/// certificate_authorities (get0); NULL when it sent none.
#[no_mangle]
pub extern "C" fn SSL_get0_peer_CA_list(s: *const SSL) -> *const stack_st_X509_NAME {
    guard("SSL_get0_peer_CA_list", std::ptr::null(), || {
        let ssl = ssl_arg(s)?;
        let st = ssl.st.lock();
        Ok(st.peer.ca_names.as_ref().map_or(std::ptr::null(), |n| n.as_ptr() as *const _))
    })
}

fn add_subject(list: &mut Option<Arc<Mutex<NameStack>>>, x: *const X509) -> Result<c_int, Fail> {
    let x = X509Ref::from_borrowed(x as *mut X509).ok_or_else(Fail::null)?;
    if list.is_none() {
        let l = NameStack::new().ok_or(Fail::new(err::ERR_R_INTERNAL_ERROR, "stack allocation failed"))?;
        *list = Some(Arc::new(Mutex::new(l)));
    }
    let l = list.as_ref().expect("just set");
    Ok(l.lock().push_subject(&x, false) as c_int)
}

/// `SSL_CTX_add1_to_CA_list`: appends a copy of the certificate's subject.
#[no_mangle]
pub extern "C" fn SSL_CTX_add1_to_CA_list(ctx: *mut SSL_CTX, x: *const X509) -> c_int {
    guard("SSL_CTX_add1_to_CA_list", 0, || add_subject(&mut ctx_arg(ctx)?.settings.lock().ca_list, x))
}

/// `SSL_add1_to_CA_list`: as the context's.
#[no_mangle]
pub extern "C" fn SSL_add1_to_CA_list(s: *mut SSL, x: *const X509) -> c_int {
    guard("SSL_add1_to_CA_list", 0, || add_subject(&mut ssl_arg(s)?.st.lock().settings.ca_list, x))
}

/// Adds the subjects of the PEM certificates in `file` that `stack` lacks;
/// how many certificates the file held. The stack is the caller's: lent to
/// a NameStack and handed back unfreed.
fn add_file_subjects(stack: *mut stack_st_X509_NAME, file: &CStr) -> Result<usize, Fail> {
    let certs = pkey::read_certificates(file, true, None, std::ptr::null_mut());
    let mut names = NameStack::from_owned(stack).ok_or_else(Fail::null)?;
    for x in &certs {
        names.push_subject(x, true);
    }
    let _ = names.into_ptr();
    Ok(certs.len())
}

/// `SSL_add_file_cert_subjects_to_stack`: the subjects of every certificate
/// in a PEM file, skipping names already on the stack; 0 with an error when
/// the file has none.
///
/// # Safety
/// `file` must be a NUL-terminated path.
#[no_mangle]
pub unsafe extern "C" fn SSL_add_file_cert_subjects_to_stack(stack: *mut stack_st_X509_NAME, file: *const c_char) -> c_int {
    guard("SSL_add_file_cert_subjects_to_stack", 0, || {
        if stack.is_null() || file.is_null() {
            return Err(Fail::null());
        }
        // SAFETY: per the contract.
        match add_file_subjects(stack, unsafe { CStr::from_ptr(file) })? {
            0 => Err(Fail::new(err::ERR_R_PEM_LIB, "no certificate in file")),
            _ => Ok(1),
        }
    })
}

/// `SSL_add_dir_cert_subjects_to_stack`: as the file form, for every file
/// in a directory (in name order, as OpenSSL's OPENSSL_DIR_read order is
/// not defined); files without certificates are skipped.
///
/// # Safety
/// `dir` must be a NUL-terminated path.
#[no_mangle]
pub unsafe extern "C" fn SSL_add_dir_cert_subjects_to_stack(stack: *mut stack_st_X509_NAME, dir: *const c_char) -> c_int {
    guard("SSL_add_dir_cert_subjects_to_stack", 0, || {
        if stack.is_null() || dir.is_null() {
            return Err(Fail::null());
        }
        // SAFETY: per the contract.
        let dir = unsafe { CStr::from_ptr(dir) }.to_str().map_err(|_| Fail::invalid("path is not UTF-8"))?;
        let mut paths: Vec<_> = std::fs::read_dir(dir)
            .map_err(|_| Fail::new(err::ERR_R_SYS_LIB, "cannot read directory"))?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.is_file())
            .collect();
        paths.sort();
        for p in paths {
            let Ok(c) = std::ffi::CString::new(p.as_os_str().as_encoded_bytes()) else { continue };
            add_file_subjects(stack, &c)?;
        }
        Ok(1)
    })
}

/// `SSL_load_client_CA_file_ex`: as `SSL_load_client_CA_file`; the library
/// context and property query select providers, and libcrypto's defaults are
/// the only ones we read certificates with.
///
/// # Safety
/// `file` must be a NUL-terminated path; `propq` NULL or a string.
#[no_mangle]
pub unsafe extern "C" fn SSL_load_client_CA_file_ex(
    file: *const c_char,
    libctx: *mut OSSL_LIB_CTX,
    propq: *const c_char,
) -> *mut stack_st_X509_NAME {
    let _ = (libctx, propq);
    // SAFETY: forwarded contract.
    unsafe { super::certs::SSL_load_client_CA_file(file) }
}

/// `SSL_dup_CA_list`: a deep copy of a `STACK_OF(X509_NAME)` the caller
/// owns and frees (get1); NULL only when allocation fails.
#[no_mangle]
pub extern "C" fn SSL_dup_CA_list(sk: *const stack_st_X509_NAME) -> *mut stack_st_X509_NAME {
    guard("SSL_dup_CA_list", std::ptr::null_mut(), || {
        NameStack::dup_of(sk as *mut stack_st_X509_NAME)
            .map(NameStack::into_ptr)
            .ok_or(Fail::new(err::ERR_R_INTERNAL_ERROR, "malloc failure"))
    })
}
