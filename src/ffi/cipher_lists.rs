//! Cipher lists as `STACK_OF(SSL_CIPHER)`: what a context or connection
//! enables, what the client offered, what both share. As in OpenSSL, the
//! lists hold the TLS 1.3 suites first, then the cipher string's TLS 1.2 ones.

use std::ffi::{c_char, c_int, c_void};

use super::boundary::{ctx_arg, guard, ssl_arg};
use super::cipher::cipher_for;
use super::types::{SSL, SSL_CTX};
use crate::sys::{StaticPtrStack, OPENSSL_STACK};
use crate::tls::suites::Suite;

/// `STACK_OF(SSL_CIPHER)` as libcrypto's generic stack.
#[allow(non_camel_case_types)]
pub type stack_st_SSL_CIPHER = OPENSSL_STACK;

/// A cached stack of `suites`: rebuilt only when the list changed, so a
/// pointer the application holds stays valid as long as OpenSSL's would.
fn lend(cache: &mut Option<(Vec<u16>, StaticPtrStack)>, suites: &[&'static Suite]) -> *mut stack_st_SSL_CIPHER {
    let ids: Vec<u16> = suites.iter().map(|s| s.iana).collect();
    if cache.as_ref().map(|(c, _)| c) != Some(&ids) {
        let ptrs: Vec<*const c_void> = suites.iter().map(|s| cipher_for(s) as *const c_void).filter(|p| !p.is_null()).collect();
        *cache = StaticPtrStack::new(&ptrs).map(|st| (ids, st));
    }
    cache.as_ref().map_or(std::ptr::null_mut(), |(_, st)| st.as_ptr())
}

/// `SSL_CTX_get_ciphers`: the enabled suites (get0).
#[no_mangle]
pub extern "C" fn SSL_CTX_get_ciphers(ctx: *const SSL_CTX) -> *mut stack_st_SSL_CIPHER {
    guard("SSL_CTX_get_ciphers", std::ptr::null_mut(), || {
        let c = ctx_arg(ctx)?;
        let suites = c.settings.lock().all_suites();
        let mut cache = c.lent_ciphers.lock();
        Ok(lend(&mut cache, &suites))
    })
}

/// `SSL_get_ciphers`: the connection's enabled suites (get0).
#[no_mangle]
pub extern "C" fn SSL_get_ciphers(s: *const SSL) -> *mut stack_st_SSL_CIPHER {
    guard("SSL_get_ciphers", std::ptr::null_mut(), || {
        let ssl = ssl_arg(s)?;
        let mut st = ssl.st.lock();
        let suites = st.settings.all_suites();
        Ok(lend(&mut st.lent_ciphers, &suites))
    })
}

/// `SSL_get1_supported_ciphers`: the enabled suites usable with the
/// connection's version bounds, in a new stack the caller frees (get1);
/// NULL when none.
#[no_mangle]
pub extern "C" fn SSL_get1_supported_ciphers(s: *mut SSL) -> *mut stack_st_SSL_CIPHER {
    guard("SSL_get1_supported_ciphers", std::ptr::null_mut(), || {
        let ssl = ssl_arg(s)?;
        let st = ssl.st.lock();
        let set = &st.settings;
        let Some((min, max)) = set.enabled_versions() else {
            return Ok(std::ptr::null_mut());
        };
        // OpenSSL's ssl_cipher_disabled: PSK suites only with a PSK
        // callback, SRP suites only with SRP configured (a username on a
        // client), as ssl_set_client_disabled and the server's masks do.
        let server = st.role == Some(crate::api::context::Role::Server);
        let psk = if server { set.extras.psk_server_cb.is_some() } else { set.extras.psk_client_cb.is_some() };
        let srp = set.extras.srp.enabled || set.extras.srp.username.is_some();
        let ptrs: Vec<*const c_void> = set
            .all_suites()
            .into_iter()
            .filter(|s| s.min_version <= max && s.version >= min)
            .filter(|s| (psk || !s.kx.is_psk()) && (srp || s.kx != crate::tls::suites::Kx::Srp))
            .map(|s| cipher_for(s) as *const c_void)
            .collect();
        if ptrs.is_empty() {
            return Ok(std::ptr::null_mut());
        }
        Ok(StaticPtrStack::new(&ptrs).map_or(std::ptr::null_mut(), |st| st.into_ptr()))
    })
}

/// The suites a server's client offered that we know, in the client's order.
fn client_suites(raw: &[u8]) -> Vec<&'static Suite> {
    raw.chunks_exact(2)
        .filter_map(|c| crate::tls::suites::by_iana(u16::from_be_bytes([c[0], c[1]])))
        .collect()
}

/// `SSL_get_client_ciphers`: on a server after the ClientHello, the suites
/// the client offered that we know (get0); NULL on a client or before.
#[no_mangle]
pub extern "C" fn SSL_get_client_ciphers(s: *const SSL) -> *mut stack_st_SSL_CIPHER {
    guard("SSL_get_client_ciphers", std::ptr::null_mut(), || {
        let ssl = ssl_arg(s)?;
        let mut st = ssl.st.lock();
        if st.raw_cipherlist.is_empty() {
            return Ok(std::ptr::null_mut());
        }
        let suites = client_suites(&st.raw_cipherlist);
        Ok(lend(&mut st.lent_client_ciphers, &suites))
    })
}

/// `SSL_get_cipher_list`: the name of enabled suite `n`, or NULL past the end.
#[no_mangle]
pub extern "C" fn SSL_get_cipher_list(s: *const SSL, n: c_int) -> *const c_char {
    guard("SSL_get_cipher_list", std::ptr::null(), || {
        let ssl = ssl_arg(s)?;
        let suite = (n >= 0).then(|| ssl.st.lock().settings.all_suites().get(n as usize).copied()).flatten();
        Ok(suite.map_or(std::ptr::null(), |s| super::cipher::SSL_CIPHER_get_name(cipher_for(s))))
    })
}

/// `SSL_get_shared_ciphers`: on a server, the client's suites we also
/// enable, ':'-separated into `buf`; NULL on a client, before the
/// ClientHello, or when `size` < 2. Names that do not fit are left out.
///
/// # Safety
/// `buf` must point at `size` writable bytes.
#[no_mangle]
pub unsafe extern "C" fn SSL_get_shared_ciphers(s: *const SSL, buf: *mut c_char, size: c_int) -> *mut c_char {
    guard("SSL_get_shared_ciphers", std::ptr::null_mut(), || {
        let ssl = ssl_arg(s)?;
        let st = ssl.st.lock();
        if buf.is_null() || size < 2 || st.raw_cipherlist.is_empty() {
            return Ok(std::ptr::null_mut());
        }
        let ours = st.settings.all_suites();
        let mut out = String::new();
        for suite in client_suites(&st.raw_cipherlist).into_iter().filter(|s| ours.iter().any(|o| o.iana == s.iana)) {
            let sep = if out.is_empty() { 0 } else { 1 };
            if out.len() + sep + suite.openssl_name.len() + 1 > size as usize {
                break;
            }
            if sep == 1 {
                out.push(':');
            }
            out.push_str(suite.openssl_name);
        }
        // SAFETY: out.len() + 1 <= size bytes, per the checks above.
        unsafe {
            std::ptr::copy_nonoverlapping(out.as_ptr(), buf as *mut u8, out.len());
            *buf.add(out.len()) = 0;
        }
        Ok(buf)
    })
}

/// `OSSL_default_ciphersuites`: OpenSSL 3.0's default TLS 1.3 suite list.
#[no_mangle]
pub extern "C" fn OSSL_default_ciphersuites() -> *const c_char {
    c"TLS_AES_256_GCM_SHA384:TLS_CHACHA20_POLY1305_SHA256:TLS_AES_128_GCM_SHA256".as_ptr()
}

/// `OSSL_default_cipher_list`: OpenSSL 3.0's default TLS 1.2 cipher string.
#[no_mangle]
pub extern "C" fn OSSL_default_cipher_list() -> *const c_char {
    c"ALL:!COMPLEMENTOFDEFAULT:!eNULL".as_ptr()
}
