//! SSL_CIPHER: static descriptions of the suites we implement.

use std::ffi::{c_char, c_int};

use super::boundary::{guard, Fail};
use super::types::{SSL, SSL_CIPHER};
use crate::crypto::aead::AeadAlg;
use crate::crypto::cbc::{BlockCipher, MacAlg};
use crate::tls::suites::Bulk;
use crate::crypto::hash::HashAlg;
use crate::tls::suites::{self, Suite};

const CIPHER_COUNT: usize = suites::TLS13_ALL.len() + suites::TLS12_SUITES.len();

/// One SSL_CIPHER per suite we implement (TLS 1.3's, then TLS 1.2's), so
/// every suite has a stable address to hand out.
pub static CIPHERS: [SSL_CIPHER; CIPHER_COUNT] = {
    let mut out = [SSL_CIPHER { suite: &suites::TLS_AES_128_GCM_SHA256 }; CIPHER_COUNT];
    let mut i = 0;
    while i < suites::TLS13_ALL.len() {
        out[i] = SSL_CIPHER { suite: suites::TLS13_ALL[i] };
        i += 1;
    }
    let mut j = 0;
    while j < suites::TLS12_SUITES.len() {
        out[i + j] = SSL_CIPHER { suite: suites::TLS12_SUITES[j] };
        j += 1;
    }
    out
};

/// The static SSL_CIPHER of a suite.
pub fn cipher_for(suite: &Suite) -> *const SSL_CIPHER {
    CIPHERS.iter().find(|c| c.suite.iana == suite.iana).map_or(std::ptr::null(), |c| c as *const SSL_CIPHER)
}

/// The suite behind a pointer, only if it points into our table.
pub fn suite_arg(c: *const SSL_CIPHER) -> Result<&'static Suite, Fail> {
    if c.is_null() {
        return Err(Fail::null());
    }
    CIPHERS.iter().find(|x| std::ptr::eq(*x, c)).map(|x| x.suite).ok_or(Fail::invalid("not an SSL_CIPHER of ours"))
}

fn static_cstr(s: &'static str) -> *const c_char {
    // Names are interned once as NUL-terminated strings with static lifetime.
    use std::collections::HashMap;
    use std::sync::Mutex;
    static NAMES: Mutex<Option<HashMap<&'static str, &'static std::ffi::CStr>>> = Mutex::new(None);
    let mut g = NAMES.lock().unwrap_or_else(|e| e.into_inner());
    let m = g.get_or_insert_with(HashMap::new);
    m.entry(s)
        .or_insert_with(|| Box::leak(std::ffi::CString::new(s).unwrap_or_default().into_boxed_c_str()))
        .as_ptr()
}

/// `OPENSSL_cipher_name`: the OpenSSL name of a suite given its standard
/// (RFC) name, a static string; "(NONE)" for NULL or a name we do not
/// know — which includes the suites OpenSSL has and we do not implement.
///
/// # Safety
/// `stdname` must be NULL or a NUL-terminated string.
#[no_mangle]
pub unsafe extern "C" fn OPENSSL_cipher_name(stdname: *const c_char) -> *const c_char {
    if stdname.is_null() {
        return c"(NONE)".as_ptr();
    }
    // SAFETY: per the contract.
    let name = unsafe { std::ffi::CStr::from_ptr(stdname) }.to_bytes();
    let suite = crate::tls::suites::TLS13_SUITES.iter().chain(crate::tls::suites::TLS12_SUITES.iter()).find(|s| s.rfc_name.as_bytes() == name);
    suite.map_or(c"(NONE)".as_ptr(), |s| SSL_CIPHER_get_name(cipher_for(s)))
}

/// `SSL_CIPHER_get_name`: OpenSSL's name (static string), "(NONE)" for NULL.
#[no_mangle]
pub extern "C" fn SSL_CIPHER_get_name(c: *const SSL_CIPHER) -> *const c_char {
    if c.is_null() {
        return c"(NONE)".as_ptr();
    }
    guard("SSL_CIPHER_get_name", std::ptr::null(), || Ok(static_cstr(suite_arg(c)?.openssl_name)))
}

/// `SSL_CIPHER_standard_name`: the RFC name (static string).
#[no_mangle]
pub extern "C" fn SSL_CIPHER_standard_name(c: *const SSL_CIPHER) -> *const c_char {
    if c.is_null() {
        return c"(NONE)".as_ptr();
    }
    guard("SSL_CIPHER_standard_name", std::ptr::null(), || Ok(static_cstr(suite_arg(c)?.rfc_name)))
}

/// `SSL_CIPHER_get_version`: the oldest protocol version of the suite, as
/// OpenSSL names it here ("TLSv1.0" rather than description's "TLSv1"), a
/// static string; "(NONE)" for NULL.
#[no_mangle]
pub extern "C" fn SSL_CIPHER_get_version(c: *const SSL_CIPHER) -> *const c_char {
    if c.is_null() {
        return c"(NONE)".as_ptr();
    }
    guard("SSL_CIPHER_get_version", std::ptr::null(), || {
        let name = suite_arg(c)?.version_name();
        Ok(static_cstr(if name == "TLSv1" { "TLSv1.0" } else { name }))
    })
}

/// `SSL_CIPHER_get_bits`: secret bits; also stores the algorithm bits in `alg_bits` if not NULL.
///
/// # Safety
/// `alg_bits` must be NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn SSL_CIPHER_get_bits(c: *const SSL_CIPHER, alg_bits: *mut c_int) -> c_int {
    if c.is_null() {
        return 0;
    }
    guard("SSL_CIPHER_get_bits", 0, || {
        let s = suite_arg(c)?;
        if !alg_bits.is_null() {
            // SAFETY: the caller passes a writable int.
            unsafe { *alg_bits = s.bits };
        }
        Ok(s.bits)
    })
}

/// `SSL_CIPHER_get_id`: 0x03000000 | IANA value, as OpenSSL encodes it.
#[no_mangle]
pub extern "C" fn SSL_CIPHER_get_id(c: *const SSL_CIPHER) -> u32 {
    guard("SSL_CIPHER_get_id", 0, || Ok(0x0300_0000 | suite_arg(c)?.iana as u32))
}

/// `SSL_CIPHER_get_protocol_id`: the IANA value.
#[no_mangle]
pub extern "C" fn SSL_CIPHER_get_protocol_id(c: *const SSL_CIPHER) -> u16 {
    guard("SSL_CIPHER_get_protocol_id", 0, || Ok(suite_arg(c)?.iana))
}

/// `SSL_CIPHER_is_aead`: 1 for AEAD suites (all of TLS 1.3's), 0 for CBC.
#[no_mangle]
pub extern "C" fn SSL_CIPHER_is_aead(c: *const SSL_CIPHER) -> c_int {
    guard("SSL_CIPHER_is_aead", 0, || Ok(c_int::from(suite_arg(c)?.is_aead())))
}

/// `SSL_CIPHER_get_cipher_nid`.
#[no_mangle]
pub extern "C" fn SSL_CIPHER_get_cipher_nid(c: *const SSL_CIPHER) -> c_int {
    guard("SSL_CIPHER_get_cipher_nid", 0, || {
        Ok(match suite_arg(c)?.bulk {
            Bulk::Aead(AeadAlg::Aes128Gcm) => 895,
            Bulk::Aead(AeadAlg::Aes256Gcm) => 901,
            Bulk::Aead(AeadAlg::ChaCha20Poly1305) => 1018,
            // NID_aes_128_ccm, NID_aes_256_ccm (also for CCM_8), NID_aria_128_gcm, NID_aria_256_gcm.
            Bulk::Aead(AeadAlg::Aes128Ccm | AeadAlg::Aes128Ccm8) => 896,
            Bulk::Aead(AeadAlg::Aes256Ccm | AeadAlg::Aes256Ccm8) => 902,
            Bulk::Aead(AeadAlg::Aria128Gcm) => 1123,
            Bulk::Aead(AeadAlg::Aria256Gcm) => 1125,
            // NID_aes_128_cbc, NID_aes_256_cbc, NID_camellia_128_cbc, NID_camellia_256_cbc.
            Bulk::Cbc { cipher: BlockCipher::Aes, key_len: 16, .. } => 419,
            Bulk::Cbc { cipher: BlockCipher::Aes, .. } => 427,
            Bulk::Cbc { cipher: BlockCipher::Camellia, key_len: 16, .. } => 751,
            Bulk::Cbc { cipher: BlockCipher::Camellia, .. } => 753,
        })
    })
}

/// `SSL_CIPHER_get_digest_nid`: the MAC's digest; NID_undef for AEAD
/// suites, as in OpenSSL.
#[no_mangle]
pub extern "C" fn SSL_CIPHER_get_digest_nid(c: *const SSL_CIPHER) -> c_int {
    guard("SSL_CIPHER_get_digest_nid", 0, || {
        Ok(match suite_arg(c)?.bulk {
            Bulk::Aead(_) => 0,
            Bulk::Cbc { mac: MacAlg::Sha1, .. } => 64,
            Bulk::Cbc { mac: MacAlg::Sha256, .. } => 672,
            Bulk::Cbc { mac: MacAlg::Sha384, .. } => 673,
        })
    })
}

/// `SSL_CIPHER_get_kx_nid`: the key exchange NID.
#[no_mangle]
pub extern "C" fn SSL_CIPHER_get_kx_nid(c: *const SSL_CIPHER) -> c_int {
    // NID_kx_any, NID_kx_ecdhe, NID_kx_dhe, NID_kx_rsa, NID_kx_psk,
    // NID_kx_ecdhe_psk, NID_kx_dhe_psk, NID_kx_rsa_psk.
    guard("SSL_CIPHER_get_kx_nid", 0, || {
        Ok(match suite_arg(c)?.kx {
            suites::Kx::Any => 1063,
            suites::Kx::Ecdhe => 1038,
            suites::Kx::Dhe => 1039,
            suites::Kx::Rsa => 1037,
            suites::Kx::Psk => 1043,
            suites::Kx::EcdhePsk => 1040,
            suites::Kx::DhePsk => 1041,
            suites::Kx::RsaPsk => 1042,
            suites::Kx::Srp => 1044,
        })
    })
}

/// `SSL_CIPHER_get_auth_nid`: the authentication NID.
#[no_mangle]
pub extern "C" fn SSL_CIPHER_get_auth_nid(c: *const SSL_CIPHER) -> c_int {
    // NID_auth_any, NID_auth_rsa, NID_auth_ecdsa, NID_auth_psk, NID_auth_null, NID_auth_dss.
    guard("SSL_CIPHER_get_auth_nid", 0, || {
        Ok(match suite_arg(c)?.auth {
            suites::Auth::Any => 1064,
            suites::Auth::Rsa => 1046,
            suites::Auth::Ecdsa => 1047,
            suites::Auth::Psk => 1048,
            suites::Auth::Null => 1053,
            suites::Auth::Dss => 1049,
            suites::Auth::Srp => 1052,
        })
    })
}

/// `SSL_CIPHER_description`: OpenSSL's one-line description. With `buf`
/// NULL a 128-byte buffer is allocated (free with OPENSSL_free); a smaller
/// buffer than 128 bytes gives NULL, as in OpenSSL.
///
/// # Safety
/// `buf` must be NULL or writable for `size` bytes.
#[no_mangle]
pub unsafe extern "C" fn SSL_CIPHER_description(c: *const SSL_CIPHER, buf: *mut c_char, size: c_int) -> *mut c_char {
    guard("SSL_CIPHER_description", std::ptr::null_mut(), || {
        let s = suite_arg(c)?;
        let text = format!(
            "{:<30} {:<7} Kx={:<8} Au={:<5} Enc={:<22} Mac={:<4}\n",
            s.openssl_name,
            s.version_name(),
            s.kx_name(),
            s.auth_name(),
            s.enc_description,
            s.mac_description
        );
        let (out, cap) = if buf.is_null() {
            // SAFETY: CRYPTO_malloc returns NULL or 128 writable bytes.
            let p = unsafe { crate::ffi::session::crypto_malloc(128) } as *mut c_char;
            if p.is_null() {
                return Err(Fail::new(crate::sys::err::ERR_R_INTERNAL_ERROR, "out of memory"));
            }
            (p, 128usize)
        } else if size < 128 {
            return Ok(std::ptr::null_mut());
        } else {
            (buf, size as usize)
        };
        let n = text.len().min(cap - 1);
        // SAFETY: out has cap >= n + 1 writable bytes.
        unsafe {
            std::ptr::copy_nonoverlapping(text.as_ptr(), out as *mut u8, n);
            *out.add(n) = 0;
        }
        Ok(out)
    })
}

/// `SSL_CIPHER_find`: the cipher with the two-byte IANA value at `ptr`.
///
/// # Safety
/// `ptr` must point at two readable bytes.
#[no_mangle]
pub unsafe extern "C" fn SSL_CIPHER_find(s: *mut SSL, ptr: *const u8) -> *const SSL_CIPHER {
    guard("SSL_CIPHER_find", std::ptr::null(), || {
        super::boundary::ssl_arg(s)?;
        // SAFETY: the caller passes two readable bytes.
        let b = unsafe { super::boundary::bytes_arg(ptr, 2)? };
        let id = u16::from_be_bytes([b[0], b[1]]);
        Ok(suites::by_iana(id).map_or(std::ptr::null(), cipher_for))
    })
}

/// `SSL_CIPHER_get_handshake_digest`: the suite's hash as libcrypto's EVP_MD.
#[no_mangle]
pub extern "C" fn SSL_CIPHER_get_handshake_digest(c: *const SSL_CIPHER) -> *const crate::sys::EVP_MD {
    guard("SSL_CIPHER_get_handshake_digest", std::ptr::null(), || {
        let s = suite_arg(c)?;
        Ok(crate::sys::digest_by_name(match s.hash {
            HashAlg::Sha256 => c"SHA256",
            HashAlg::Sha384 => c"SHA384",
        }))
    })
}
