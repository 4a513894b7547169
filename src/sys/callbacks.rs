//! Calls into application callbacks. Each one is a C function pointer the
//! application registered; we call it with no lock of ours held.

use std::ffi::{c_char, c_int, c_uint, c_void};

use super::{EVP_PKEY, SSL, SSL_CTX, SSL_SESSION, X509, X509_STORE_CTX};

/// `pem_password_cb`.
pub type PasswordCb = Option<unsafe extern "C" fn(*mut c_char, c_int, c_int, *mut c_void) -> c_int>;

/// The generic `void (*)(void)` of `SSL_callback_ctrl`.
pub type GenericCb = Option<unsafe extern "C" fn()>;

/// `SSL_verify_cb`.
pub type VerifyCb = Option<unsafe extern "C" fn(c_int, *mut X509_STORE_CTX) -> c_int>;

/// `SSL_CTX_keylog_cb_func`.
pub type KeylogCb = Option<unsafe extern "C" fn(*const SSL, *const c_char)>;
/// The info callback of `SSL_CTX_set_info_callback`.
pub type InfoCb = Option<unsafe extern "C" fn(*const SSL, c_int, c_int)>;
/// `SSL_CTX_sess_set_new_cb`'s callback.
pub type NewSessionCb = Option<unsafe extern "C" fn(*mut SSL, *mut SSL_SESSION) -> c_int>;
/// `SSL_CTX_sess_set_remove_cb`'s callback.
pub type RemoveSessionCb = Option<unsafe extern "C" fn(*mut SSL_CTX, *mut SSL_SESSION)>;

pub fn keylog(cb: KeylogCb, ssl: usize, line: &str) {
    let (Some(cb), Ok(line)) = (cb, std::ffi::CString::new(line)) else { return };
    // SAFETY: the application registered cb for exactly this signature.
    unsafe { cb(ssl as *const SSL, line.as_ptr()) }
}

pub fn info(cb: InfoCb, ssl: usize, where_: c_int, ret: c_int) {
    if let Some(cb) = cb {
        // SAFETY: as above.
        unsafe { cb(ssl as *const SSL, where_, ret) }
    }
}

/// Returns the callback's result: 1 means it kept the session reference.
pub fn new_session(cb: NewSessionCb, ssl: usize, session: usize) -> c_int {
    match cb {
        // SAFETY: as above.
        Some(cb) => unsafe { cb(ssl as *mut SSL, session as *mut SSL_SESSION) },
        None => 0,
    }
}

pub fn remove_session(cb: RemoveSessionCb, ctx: usize, session: usize) {
    if let Some(cb) = cb {
        // SAFETY: as above.
        unsafe { cb(ctx as *mut SSL_CTX, session as *mut SSL_SESSION) }
    }
}

/// The servername callback: `int (*)(SSL *, int *al, void *arg)`.
pub type ServernameCb = Option<unsafe extern "C" fn(*mut SSL, *mut c_int, *mut c_void) -> c_int>;
/// `SSL_CTX_set_alpn_select_cb`'s callback.
pub type AlpnSelectCb =
    Option<unsafe extern "C" fn(*mut SSL, *mut *const u8, *mut u8, *const u8, c_uint, *mut c_void) -> c_int>;
/// `SSL_CTX_sess_set_get_cb`'s callback.
pub type GetSessionCb = Option<unsafe extern "C" fn(*mut SSL, *const u8, c_int, *mut c_int) -> *mut SSL_SESSION>;

/// Returns (SSL_TLSEXT_ERR_*, alert the callback chose).
pub fn servername(cb: ServernameCb, ssl: usize, arg: usize, default_alert: c_int) -> (c_int, c_int) {
    let Some(cb) = cb else { return (0, default_alert) };
    let mut al = default_alert;
    // SAFETY: the application registered cb for this signature; al is ours.
    let r = unsafe { cb(ssl as *mut SSL, &mut al, arg as *mut c_void) };
    (r, al)
}

/// Returns (SSL_TLSEXT_ERR_*, the protocol chosen, copied out of the callback's buffer).
pub fn alpn_select(cb: AlpnSelectCb, ssl: usize, offered: &[u8], arg: usize) -> (c_int, Option<Vec<u8>>) {
    let Some(cb) = cb else { return (3, None) };
    let mut out: *const u8 = std::ptr::null();
    let mut outlen: u8 = 0;
    // SAFETY: as above; offered outlives the call.
    let r = unsafe { cb(ssl as *mut SSL, &mut out, &mut outlen, offered.as_ptr(), offered.len() as c_uint, arg as *mut c_void) };
    // SSL_TLSEXT_ERR_OK (0) with an empty selection yields Some(empty).
    let chosen = if r != 0 {
        None
    } else if !out.is_null() && outlen > 0 {
        // SAFETY: the callback points at outlen readable bytes (usually inside `offered`).
        Some(unsafe { std::slice::from_raw_parts(out, outlen as usize) }.to_vec())
    } else {
        Some(Vec::new())
    };
    (r, chosen)
}

/// Returns (session pointer or NULL, the callback's copy flag).
pub fn get_session(cb: GetSessionCb, ssl: usize, id: &[u8]) -> (usize, bool) {
    let Some(cb) = cb else { return (0, false) };
    let mut copy: c_int = 1;
    // SAFETY: as above.
    let p = unsafe { cb(ssl as *mut SSL, id.as_ptr(), id.len() as c_int, &mut copy) };
    (p as usize, copy != 0)
}

/// `SSL_CTX_set_client_cert_cb`'s callback.
pub type ClientCertCb = Option<unsafe extern "C" fn(*mut SSL, *mut *mut X509, *mut *mut EVP_PKEY) -> c_int>;

/// The certificate and key the callback hands over (we own both references).
pub fn client_cert(cb: ClientCertCb, ssl: usize) -> Option<(super::x509::X509Ref, super::pkey::PKey)> {
    let cb = cb?;
    let mut x: *mut X509 = std::ptr::null_mut();
    let mut k: *mut EVP_PKEY = std::ptr::null_mut();
    // SAFETY: the application registered cb for this signature; x and k are ours.
    let r = unsafe { cb(ssl as *mut SSL, &mut x, &mut k) };
    let x = super::x509::X509Ref::from_owned(x);
    let k = super::pkey::PKey::from_owned(k);
    if r == 1 {
        Some((x?, k?))
    } else {
        None
    }
}

// Callback types of settings the application registers; named as in
// <openssl/ssl.h> so the generated header's prototypes match OpenSSL's.

/// `SSL_CTX_set_security_callback`'s callback.
pub type SecurityCb =
    Option<unsafe extern "C" fn(*const SSL, *const SSL_CTX, c_int, c_int, c_int, *mut c_void, *mut c_void) -> c_int>;
/// `SSL_CTX_set_cert_cb`'s callback: `int (*)(SSL *, void *)`; also the shape
/// of `SSL_allow_early_data_cb_fn` and `SSL_CTX_generate_session_ticket_fn`.
pub type CertCb = Option<unsafe extern "C" fn(*mut SSL, *mut c_void) -> c_int>;
/// `SSL_CTX_set_msg_callback`'s callback.
pub type MsgCb = Option<unsafe extern "C" fn(c_int, c_int, c_int, *const c_void, usize, *mut SSL, *mut c_void)>;
/// `SSL_psk_client_cb_func`.
pub type PskClientCb = Option<unsafe extern "C" fn(*mut SSL, *const c_char, *mut c_char, c_uint, *mut u8, c_uint) -> c_uint>;
/// `SSL_psk_server_cb_func`.
pub type PskServerCb = Option<unsafe extern "C" fn(*mut SSL, *const c_char, *mut u8, c_uint) -> c_uint>;
/// `SSL_psk_find_session_cb_func`.
pub type PskFindSessionCb = Option<unsafe extern "C" fn(*mut SSL, *const u8, usize, *mut *mut SSL_SESSION) -> c_int>;
/// `SSL_psk_use_session_cb_func`.
pub type PskUseSessionCb =
    Option<unsafe extern "C" fn(*mut SSL, *const super::EVP_MD, *mut *const u8, *mut usize, *mut *mut SSL_SESSION) -> c_int>;
/// `SSL_CTX_set_not_resumable_session_callback`'s callback.
pub type NotResumableCb = Option<unsafe extern "C" fn(*mut SSL, c_int) -> c_int>;

/// Asks `SSL_set_not_resumable_session_callback`'s callback whether the new
/// session must not be resumable; false without a callback.
pub fn not_resumable(cb: NotResumableCb, ssl: usize, forward_secure: bool) -> bool {
    let Some(cb) = cb else { return false };
    // SAFETY: the application registered cb for this signature.
    unsafe { cb(ssl as *mut SSL, forward_secure as c_int) != 0 }
}
/// `SSL_CTX_set_record_padding_callback`'s callback.
pub type RecordPaddingCb = Option<unsafe extern "C" fn(*mut SSL, c_int, usize, *mut c_void) -> usize>;
/// `SSL_CTX_set_tmp_dh_callback`'s callback.
pub type TmpDhCb = Option<unsafe extern "C" fn(*mut SSL, c_int, c_int) -> *mut super::DH>;
/// `GEN_SESSION_CB`.
pub type GenSessionIdCb = Option<unsafe extern "C" fn(*mut SSL, *mut u8, *mut c_uint) -> c_int>;

/// Runs a session-id generator on a 32-byte buffer: (its return value, the
/// id it wrote, of the length it set, at most 32).
pub fn generate_session_id(cb: GenSessionIdCb, ssl: usize) -> Option<(c_int, Vec<u8>)> {
    let cb = cb?;
    let mut buf = [0u8; 32];
    let mut len: c_uint = 32;
    // SAFETY: the application registered cb for this signature; buf and len
    // are ours and sized as OpenSSL passes them (SSL_MAX_SSL_SESSION_ID_LENGTH).
    let r = unsafe { cb(ssl as *mut SSL, buf.as_mut_ptr(), &mut len) };
    let n = (len as usize).min(32);
    // A length of 0 or above 32 is the caller's error to report.
    Some((r, if len as usize > 32 { vec![0; 33] } else { buf[..n].to_vec() }))
}
/// `SSL_custom_ext_add_cb_ex`.
pub type AddCbEx = Option<
    unsafe extern "C" fn(*mut SSL, c_uint, c_uint, *mut *const u8, *mut usize, *mut X509, usize, *mut c_int, *mut c_void) -> c_int,
>;
/// `SSL_custom_ext_free_cb_ex`.
pub type FreeCbEx = Option<unsafe extern "C" fn(*mut SSL, c_uint, c_uint, *const u8, *mut c_void)>;
/// `SSL_custom_ext_parse_cb_ex`.
pub type ParseCbEx =
    Option<unsafe extern "C" fn(*mut SSL, c_uint, c_uint, *const u8, usize, *mut X509, usize, *mut c_int, *mut c_void) -> c_int>;
/// `custom_ext_add_cb` (the pre-1.1.1 form, without context or certificate).
pub type AddCb = Option<unsafe extern "C" fn(*mut SSL, c_uint, *mut *const u8, *mut usize, *mut c_int, *mut c_void) -> c_int>;
/// `custom_ext_free_cb`.
pub type FreeCb = Option<unsafe extern "C" fn(*mut SSL, c_uint, *const u8, *mut c_void)>;
/// `custom_ext_parse_cb`.
pub type ParseCb = Option<unsafe extern "C" fn(*mut SSL, c_uint, *const u8, usize, *mut c_int, *mut c_void) -> c_int>;

/// `ssl_ct_validation_cb`: (policy context, `STACK_OF(SCT)`, arg) -> > 0 to go on.
pub type CtValidationCb = Option<unsafe extern "C" fn(*const super::ct::CT_POLICY_EVAL_CTX, *const super::stack_st_SCT, *mut c_void) -> c_int>;

/// `SSL_client_hello_cb_fn`.
pub type ClientHelloCb = Option<unsafe extern "C" fn(*mut SSL, *mut c_int, *mut c_void) -> c_int>;
/// `SSL_CTX_set_cert_verify_callback`'s callback.
pub type CertVerifyCb = Option<unsafe extern "C" fn(*mut X509_STORE_CTX, *mut c_void) -> c_int>;
/// `SSL_CTX_npn_select_cb_func`.
pub type NpnSelectCb = Option<unsafe extern "C" fn(*mut SSL, *mut *mut u8, *mut u8, *const u8, c_uint, *mut c_void) -> c_int>;
/// `SSL_CTX_npn_advertised_cb_func`.
pub type NpnAdvertisedCb = Option<unsafe extern "C" fn(*mut SSL, *mut *const u8, *mut c_uint, *mut c_void) -> c_int>;
/// `SSL_CTX_set_cookie_generate_cb`'s callback.
pub type CookieGenerateCb = Option<unsafe extern "C" fn(*mut SSL, *mut u8, *mut c_uint) -> c_int>;
/// `SSL_CTX_set_cookie_verify_cb`'s callback.
pub type CookieVerifyCb = Option<unsafe extern "C" fn(*mut SSL, *const u8, c_uint) -> c_int>;
/// `SSL_CTX_set_stateless_cookie_generate_cb`'s callback.
pub type StatelessCookieGenerateCb = Option<unsafe extern "C" fn(*mut SSL, *mut u8, *mut usize) -> c_int>;
/// `SSL_CTX_set_stateless_cookie_verify_cb`'s callback.
pub type StatelessCookieVerifyCb = Option<unsafe extern "C" fn(*mut SSL, *const u8, usize) -> c_int>;
/// `SSL_CTX_set_tlsext_ticket_key_evp_cb`'s callback.
pub type TicketKeyEvpCb = Option<
    unsafe extern "C" fn(*mut SSL, *mut u8, *mut u8, *mut super::EVP_CIPHER_CTX, *mut super::EVP_MAC_CTX, c_int) -> c_int,
>;
/// `SSL_CTX_set_tlsext_ticket_key_cb`'s callback (HMAC_CTX, deprecated in 3.0).
pub type TicketKeyHmacCb =
    Option<unsafe extern "C" fn(*mut SSL, *mut u8, *mut u8, *mut super::EVP_CIPHER_CTX, *mut super::HMAC_CTX, c_int) -> c_int>;
/// `SSL_CTX_decrypt_session_ticket_fn`.
pub type DecryptTicketCb = Option<unsafe extern "C" fn(*mut SSL, *mut SSL_SESSION, *const u8, usize, c_int, *mut c_void) -> c_int>;


/// Runs the client-hello callback: its return (1 success, 0 failure, -1
/// retry) and the alert it chose.
pub fn client_hello(cb: ClientHelloCb, ssl: usize, arg: usize, default_alert: c_int) -> (c_int, c_int) {
    let Some(cb) = cb else { return (1, default_alert) };
    let mut al = default_alert;
    // SAFETY: the application registered cb for this signature; al is ours.
    let r = unsafe { cb(ssl as *mut SSL, &mut al, arg as *mut c_void) };
    (r, al)
}

/// Runs a `SSL_set_cert_cb` callback: 1 success, 0 failure, <0 retry.
pub fn cert(cb: CertCb, ssl: usize, arg: usize) -> c_int {
    match cb {
        // SAFETY: the application registered cb for this signature.
        Some(cb) => unsafe { cb(ssl as *mut SSL, arg as *mut c_void) },
        None => 1,
    }
}

/// Runs the OCSP status callback (`SSL_CTX_set_tlsext_status_cb`), stored
/// as the generic pointer `SSL_CTX_callback_ctrl` hands us; its result.
pub fn status(cb: GenericCb, ssl: usize, arg: usize) -> Option<c_int> {
    let cb = cb?;
    // SAFETY: SSL_CTX_set_tlsext_status_cb passes an `int (*)(SSL *, void *)`
    // through the generic type; we restore that type to call it.
    let f = unsafe { std::mem::transmute::<unsafe extern "C" fn(), unsafe extern "C" fn(*mut SSL, *mut c_void) -> c_int>(cb) };
    // SAFETY: the application registered it for this signature.
    Some(unsafe { f(ssl as *mut SSL, arg as *mut c_void) })
}

/// Runs `SSL_CTX_set_session_ticket_cb`'s decrypt callback: an
/// SSL_TICKET_RETURN value.
pub fn decrypt_ticket(cb: DecryptTicketCb, ssl: usize, session: usize, key_name: &[u8], status: c_int, arg: usize) -> c_int {
    match cb {
        // SAFETY: the application registered cb for this signature; the key
        // name and session outlive the call.
        Some(cb) => unsafe { cb(ssl as *mut SSL, session as *mut SSL_SESSION, key_name.as_ptr(), key_name.len(), status, arg as *mut c_void) },
        None => 3,
    }
}

/// Runs the message callback (`SSL_CTX_set_msg_callback`) for one report.
pub fn message(cb: MsgCb, sent: bool, version: u16, content_type: c_int, bytes: &[u8], ssl: usize, arg: usize) {
    if let Some(cb) = cb {
        // SAFETY: the application registered cb for this signature; the
        // bytes outlive the call.
        unsafe { cb(sent as c_int, version as c_int, content_type, bytes.as_ptr().cast(), bytes.len(), ssl as *mut SSL, arg as *mut c_void) }
    }
}

/// A byte string as a C string for a callback: up to its first NUL (as
/// OpenSSL's PACKET_strndup keeps it), then the terminating NUL.
fn nul_terminated(v: &[u8]) -> Vec<u8> {
    v.iter().copied().take_while(|b| *b != 0).chain(std::iter::once(0)).collect()
}

/// PSK_MAX_IDENTITY_LEN and PSK_MAX_PSK_LEN (ssl.h).
pub const PSK_MAX_IDENTITY_LEN: usize = 256;
pub const PSK_MAX_PSK_LEN: usize = 512;

/// Asks `SSL_CTX_set_psk_find_session_callback`'s callback for the session
/// of an offered identity: Ok(pointer, 0 = none; the caller owns the
/// reference), Err when the callback fails.
pub fn psk_find_session(cb: PskFindSessionCb, ssl: usize, identity: &[u8]) -> Result<usize, ()> {
    let Some(cb) = cb else { return Ok(0) };
    let mut sess: *mut SSL_SESSION = std::ptr::null_mut();
    // SAFETY: the application registered cb for this signature; identity
    // is readable for its length; sess receives one reference.
    let ok = unsafe { cb(ssl as *mut SSL, identity.as_ptr(), identity.len(), &mut sess) };
    if ok == 0 {
        return Err(());
    }
    Ok(sess as usize)
}

/// Asks `SSL_CTX_set_psk_server_callback`'s callback for the key of an
/// identity (passed as a C string, as OpenSSL's PACKET_strndup makes it):
/// Ok(None) when it has none, Err when it returns more than PSK_MAX_PSK_LEN.
pub fn psk_server(cb: PskServerCb, ssl: usize, identity: &[u8]) -> Result<Option<zeroize::Zeroizing<Vec<u8>>>, ()> {
    let Some(cb) = cb else { return Ok(None) };
    if identity.len() > PSK_MAX_IDENTITY_LEN {
        return Ok(None);
    }
    let name = nul_terminated(identity);
    let mut psk = zeroize::Zeroizing::new(vec![0u8; PSK_MAX_PSK_LEN]);
    // SAFETY: name is NUL-terminated; psk has PSK_MAX_PSK_LEN writable bytes.
    let n = unsafe { cb(ssl as *mut SSL, name.as_ptr().cast(), psk.as_mut_ptr(), PSK_MAX_PSK_LEN as c_uint) } as usize;
    if n > PSK_MAX_PSK_LEN {
        return Err(());
    }
    psk.truncate(n);
    Ok((n > 0).then_some(psk))
}

/// Asks `SSL_set_psk_use_session_callback`'s callback for the PSK to offer
/// (md NULL: the first ClientHello): Ok(Some((identity, session pointer
/// whose reference we now own))), Ok(None) for none, Err when it fails.
pub fn psk_use_session(cb: PskUseSessionCb, ssl: usize, md: *const super::EVP_MD) -> Result<Option<(Vec<u8>, usize)>, ()> {
    let Some(cb) = cb else { return Ok(None) };
    let mut id: *const u8 = std::ptr::null();
    let mut idlen: usize = 0;
    let mut sess: *mut SSL_SESSION = std::ptr::null_mut();
    // SAFETY: the application registered cb for this signature; it points
    // id at idlen readable bytes, which we copy at once.
    unsafe {
        if cb(ssl as *mut SSL, md, &mut id, &mut idlen, &mut sess) == 0 {
            return Err(());
        }
        if sess.is_null() {
            return Ok(None);
        }
        let identity = if id.is_null() || idlen == 0 { Vec::new() } else { std::slice::from_raw_parts(id, idlen).to_vec() };
        Ok(Some((identity, sess as usize)))
    }
}

/// Asks `SSL_CTX_set_psk_client_callback`'s callback for an identity and
/// key, with the server's hint (TLS 1.2; NULL when it sent none, and for
/// TLS 1.3): Ok(None) when it has none, Err when it returns more than
/// PSK_MAX_PSK_LEN.
pub fn psk_client(cb: PskClientCb, ssl: usize, hint: Option<&[u8]>) -> Result<Option<(Vec<u8>, zeroize::Zeroizing<Vec<u8>>)>, ()> {
    let Some(cb) = cb else { return Ok(None) };
    let hint = hint.map(nul_terminated);
    let hint_ptr: *const c_char = hint.as_ref().map_or(std::ptr::null(), |h| h.as_ptr().cast());
    let mut identity = vec![0u8; PSK_MAX_IDENTITY_LEN + 1];
    let mut psk = zeroize::Zeroizing::new(vec![0u8; PSK_MAX_PSK_LEN]);
    // SAFETY: hint is NULL or NUL-terminated and outlives the call;
    // identity has room for PSK_MAX_IDENTITY_LEN bytes and a NUL; psk has
    // PSK_MAX_PSK_LEN writable bytes.
    let n = unsafe {
        cb(
            ssl as *mut SSL,
            hint_ptr,
            identity.as_mut_ptr().cast(),
            PSK_MAX_IDENTITY_LEN as c_uint,
            psk.as_mut_ptr(),
            PSK_MAX_PSK_LEN as c_uint,
        )
    } as usize;
    if n > PSK_MAX_PSK_LEN {
        return Err(());
    }
    if n == 0 {
        return Ok(None);
    }
    psk.truncate(n);
    let len = identity.iter().position(|b| *b == 0).unwrap_or(PSK_MAX_IDENTITY_LEN);
    identity.truncate(len);
    Ok(Some((identity, psk)))
}

/// Asks `SSL_CTX_set_tmp_dh_callback`'s callback for DH parameters, as
/// OpenSSL 3.0 does (not export, key length 1024); NULL for none. The DH
/// stays the application's.
pub fn tmp_dh(cb: TmpDhCb, ssl: usize) -> *mut super::DH {
    let Some(cb) = cb else { return std::ptr::null_mut() };
    // SAFETY: the application registered cb for this signature.
    unsafe { cb(ssl as *mut SSL, 0, 1024) }
}

/// `SSL_CTX_set_srp_client_pwd_callback`'s callback: a password the
/// library frees (OPENSSL_malloc'd), or NULL.
pub type SrpClientPwdCb = Option<unsafe extern "C" fn(*mut SSL, *mut c_void) -> *mut c_char>;
/// `SSL_CTX_set_srp_username_callback`'s callback: SSL_ERROR_NONE, or an
/// alert level with the alert in `*ad`.
pub type SrpUsernameCb = Option<unsafe extern "C" fn(*mut SSL, *mut c_int, *mut c_void) -> c_int>;
/// `SSL_CTX_set_srp_verify_param_callback`'s callback: > 0 accepts N and g.
pub type SrpVerifyParamCb = Option<unsafe extern "C" fn(*mut SSL, *mut c_void) -> c_int>;

/// Asks the SRP client password callback; the password is copied and the
/// callback's string cleared and freed, as OpenSSL does
/// (srp_generate_client_master_secret).
pub fn srp_client_pwd(cb: SrpClientPwdCb, ssl: usize, arg: usize) -> Option<zeroize::Zeroizing<Vec<u8>>> {
    let cb = cb?;
    // SAFETY: the application registered cb for this signature.
    let p = unsafe { cb(ssl as *mut SSL, arg as *mut c_void) };
    if p.is_null() {
        return None;
    }
    // SAFETY: a NUL-terminated string from OPENSSL_malloc, ours to free.
    unsafe {
        let len = std::ffi::CStr::from_ptr(p).to_bytes().len();
        let pass = zeroize::Zeroizing::new(std::slice::from_raw_parts(p.cast::<u8>(), len).to_vec());
        super::CRYPTO_clear_free(p.cast(), len, c"srp".as_ptr(), 0);
        Some(pass)
    }
}

/// Asks the SRP username callback: Ok(()) for SSL_ERROR_NONE, else the
/// alert it set.
pub fn srp_username(cb: SrpUsernameCb, ssl: usize, arg: usize) -> Result<(), u8> {
    let Some(cb) = cb else { return Ok(()) };
    // OpenSSL's default alert when the callback fails: unknown_psk_identity.
    let mut ad: c_int = 115;
    // SAFETY: the application registered cb for this signature; ad is writable.
    let r = unsafe { cb(ssl as *mut SSL, &mut ad, arg as *mut c_void) };
    if r == 0 {
        Ok(())
    } else {
        Err(u8::try_from(ad).unwrap_or(80))
    }
}

/// Asks the SRP verify-param callback whether N and g may be used.
pub fn srp_verify_param(cb: SrpVerifyParamCb, ssl: usize, arg: usize) -> Option<bool> {
    let cb = cb?;
    // SAFETY: the application registered cb for this signature.
    Some(unsafe { cb(ssl as *mut SSL, arg as *mut c_void) } > 0)
}

/// Runs an NPN select callback over the server's list: the protocol it
/// chose when it returns SSL_TLSEXT_ERR_OK (0), copied.
pub fn npn_select(cb: NpnSelectCb, ssl: usize, list: &[u8], arg: usize) -> Option<Vec<u8>> {
    let cb = cb?;
    let (mut out, mut outlen): (*mut u8, u8) = (std::ptr::null_mut(), 0);
    let len = c_uint::try_from(list.len()).ok()?;
    // SAFETY: the application registered cb for this signature; list is
    // readable for its length; out/outlen are ours.
    let r = unsafe { cb(ssl as *mut SSL, &mut out, &mut outlen, list.as_ptr(), len, arg as *mut c_void) };
    if r != 0 {
        return None;
    }
    if out.is_null() {
        return Some(Vec::new());
    }
    // SAFETY: the callback's contract: out points to outlen bytes (into
    // the list or its own storage) until it returns to us.
    Some(unsafe { std::slice::from_raw_parts(out, outlen.into()) }.to_vec())
}

/// Runs an NPN advertised callback: the wire-format list when it returns
/// SSL_TLSEXT_ERR_OK (0), copied.
pub fn npn_advertised(cb: NpnAdvertisedCb, ssl: usize, arg: usize) -> Option<Vec<u8>> {
    let cb = cb?;
    let (mut out, mut outlen): (*const u8, c_uint) = (std::ptr::null(), 0);
    // SAFETY: the application registered cb for this signature; out/outlen are ours.
    let r = unsafe { cb(ssl as *mut SSL, &mut out, &mut outlen, arg as *mut c_void) };
    if r != 0 {
        return None;
    }
    if out.is_null() || outlen == 0 {
        return Some(Vec::new());
    }
    // SAFETY: the callback's contract: out holds outlen bytes.
    Some(unsafe { std::slice::from_raw_parts(out, outlen as usize) }.to_vec())
}

/// `tls_session_ticket_ext_cb_fn`: a client's view of the server's
/// session_ticket extension (`SSL_set_session_ticket_ext_cb`).
pub type SessionTicketExtCb = Option<unsafe extern "C" fn(*mut SSL, *const u8, c_int, *mut c_void) -> c_int>;

/// Runs a session ticket extension callback: its verdict (non-zero: go on).
pub fn session_ticket_ext(cb: SessionTicketExtCb, ssl: usize, data: &[u8], arg: usize) -> c_int {
    match cb {
        // SAFETY: the application registered cb for this signature; data is
        // readable for its length during the call.
        Some(cb) => unsafe { cb(ssl as *mut SSL, data.as_ptr(), data.len() as c_int, arg as *mut c_void) },
        None => 1,
    }
}
