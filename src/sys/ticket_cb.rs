//! Tickets under the application's keys (`SSL_CTX_set_tlsext_ticket_key_evp_cb`,
//! and the older `SSL_CTX_set_tlsext_ticket_key_cb` with an HMAC_CTX that
//! nginx 1.22 uses: how nginx, haproxy and lighttpd share ticket keys):
//! the callback picks the key name, IV, cipher and HMAC key by initialising
//! libcrypto contexts we pass it; the ticket is OpenSSL's envelope,
//! key_name (16) || IV || encrypted state || HMAC over all before it.

use std::ffi::{c_char, c_int, c_void};

use zeroize::Zeroizing;

use super::callbacks::{TicketKeyEvpCb, TicketKeyHmacCb};
use super::{EVP_CIPHER_CTX, EVP_MAC_CTX, HMAC_CTX, SSL};

/// Which of the two callbacks the application registered.
#[derive(Clone, Copy)]
pub enum TicketKeyCb {
    Evp(TicketKeyEvpCb),
    Hmac(TicketKeyHmacCb),
}

impl TicketKeyCb {
    pub fn is_set(&self) -> bool {
        match self {
            TicketKeyCb::Evp(f) => f.is_some(),
            TicketKeyCb::Hmac(f) => f.is_some(),
        }
    }
}

#[repr(C)]
struct EVP_MAC {
    _p: [u8; 0],
}

extern "C" {
    fn EVP_CIPHER_CTX_new() -> *mut EVP_CIPHER_CTX;
    fn EVP_CIPHER_CTX_free(c: *mut EVP_CIPHER_CTX);
    fn EVP_CIPHER_CTX_get_iv_length(c: *const EVP_CIPHER_CTX) -> c_int;
    fn EVP_CIPHER_CTX_get_block_size(c: *const EVP_CIPHER_CTX) -> c_int;
    fn EVP_EncryptUpdate(c: *mut EVP_CIPHER_CTX, out: *mut u8, outl: *mut c_int, inp: *const u8, inl: c_int) -> c_int;
    fn EVP_EncryptFinal_ex(c: *mut EVP_CIPHER_CTX, out: *mut u8, outl: *mut c_int) -> c_int;
    fn EVP_DecryptUpdate(c: *mut EVP_CIPHER_CTX, out: *mut u8, outl: *mut c_int, inp: *const u8, inl: c_int) -> c_int;
    fn EVP_DecryptFinal_ex(c: *mut EVP_CIPHER_CTX, out: *mut u8, outl: *mut c_int) -> c_int;
    fn EVP_MAC_fetch(libctx: *mut c_void, algorithm: *const c_char, properties: *const c_char) -> *mut EVP_MAC;
    fn EVP_MAC_free(mac: *mut EVP_MAC);
    fn EVP_MAC_CTX_new(mac: *mut EVP_MAC) -> *mut EVP_MAC_CTX;
    fn EVP_MAC_CTX_free(ctx: *mut EVP_MAC_CTX);
    fn EVP_MAC_update(ctx: *mut EVP_MAC_CTX, data: *const u8, len: usize) -> c_int;
    fn EVP_MAC_final(ctx: *mut EVP_MAC_CTX, out: *mut u8, outl: *mut usize, outsize: usize) -> c_int;
    fn EVP_MAC_CTX_get_mac_size(ctx: *mut EVP_MAC_CTX) -> usize;
    fn CRYPTO_memcmp(a: *const c_void, b: *const c_void, len: usize) -> c_int;
    fn HMAC_CTX_new() -> *mut HMAC_CTX;
    fn HMAC_CTX_free(ctx: *mut HMAC_CTX);
    fn HMAC_Update(ctx: *mut HMAC_CTX, data: *const u8, len: usize) -> c_int;
    fn HMAC_Final(ctx: *mut HMAC_CTX, md: *mut u8, len: *mut u32) -> c_int;
    fn HMAC_size(ctx: *const HMAC_CTX) -> usize;
}

const KEY_NAME_LEN: usize = 16;
/// EVP_MAX_IV_LENGTH: the IV buffer OpenSSL hands the callback.
const MAX_IV_LEN: usize = 16;
const MAX_MD_SIZE: usize = 64;

/// The cipher and HMAC contexts of one callback call, freed on drop.
struct Contexts {
    cipher: *mut EVP_CIPHER_CTX,
    mac: *mut EVP_MAC,
    hmac: *mut EVP_MAC_CTX,
    legacy: *mut HMAC_CTX,
}

impl Contexts {
    fn new() -> Option<Contexts> {
        // SAFETY: plain constructors; every pointer is checked and freed in Drop.
        unsafe {
            let mac = EVP_MAC_fetch(std::ptr::null_mut(), c"HMAC".as_ptr(), std::ptr::null());
            let c = Contexts {
                cipher: EVP_CIPHER_CTX_new(),
                mac,
                hmac: if mac.is_null() { std::ptr::null_mut() } else { EVP_MAC_CTX_new(mac) },
                legacy: HMAC_CTX_new(),
            };
            (!c.cipher.is_null() && !c.hmac.is_null() && !c.legacy.is_null()).then_some(c)
        }
    }

    /// Calls the application's callback with our contexts.
    fn call(&self, cb: TicketKeyCb, ssl: usize, name: *mut u8, iv: *mut u8, enc: c_int) -> c_int {
        // SAFETY: the application registered cb for this signature; the
        // buffers (16-byte name, 16-byte IV) and contexts live through the call.
        unsafe {
            match cb {
                TicketKeyCb::Evp(Some(f)) => f(ssl as *mut SSL, name, iv, self.cipher, self.hmac, enc),
                TicketKeyCb::Hmac(Some(f)) => f(ssl as *mut SSL, name, iv, self.cipher, self.legacy, enc),
                _ => -1,
            }
        }
    }

    fn mac_size(&self, cb: TicketKeyCb) -> usize {
        // SAFETY: the callback keyed the context it was given.
        unsafe {
            match cb {
                TicketKeyCb::Evp(_) => EVP_MAC_CTX_get_mac_size(self.hmac),
                TicketKeyCb::Hmac(_) => HMAC_size(self.legacy),
            }
        }
    }

    fn mac(&self, cb: TicketKeyCb, data: &[u8]) -> Option<Vec<u8>> {
        let mut out = vec![0u8; MAX_MD_SIZE];
        // SAFETY: the callback keyed the HMAC context; out has MAX_MD_SIZE bytes.
        unsafe {
            let len = match cb {
                TicketKeyCb::Evp(_) => {
                    let mut len = 0usize;
                    if EVP_MAC_update(self.hmac, data.as_ptr(), data.len()) != 1 || EVP_MAC_final(self.hmac, out.as_mut_ptr(), &mut len, out.len()) != 1 {
                        return None;
                    }
                    len
                }
                TicketKeyCb::Hmac(_) => {
                    let mut len = 0u32;
                    if HMAC_Update(self.legacy, data.as_ptr(), data.len()) != 1 || HMAC_Final(self.legacy, out.as_mut_ptr(), &mut len) != 1 {
                        return None;
                    }
                    len as usize
                }
            };
            out.truncate(len);
        }
        Some(out)
    }
}

impl Drop for Contexts {
    fn drop(&mut self) {
        // SAFETY: we own all four (NULL is accepted by each free).
        unsafe {
            EVP_CIPHER_CTX_free(self.cipher);
            EVP_MAC_CTX_free(self.hmac);
            EVP_MAC_free(self.mac);
            HMAC_CTX_free(self.legacy);
        }
    }
}

/// Seals `state` under the application's key. Ok(None): the callback
/// declined (0), so no ticket is sent, as OpenSSL does in TLS 1.3.
pub fn seal(cb: TicketKeyCb, ssl: usize, state: &[u8]) -> Result<Option<Vec<u8>>, ()> {
    let ctx = Contexts::new().ok_or(())?;
    let mut key_name = [0u8; KEY_NAME_LEN];
    let mut iv = [0u8; MAX_IV_LEN];
    let r = ctx.call(cb, ssl, key_name.as_mut_ptr(), iv.as_mut_ptr(), 1);
    if r == 0 {
        return Ok(None);
    }
    if r < 0 {
        return Err(());
    }
    // SAFETY: the callback initialised the cipher context for encryption;
    // the output has room for the input plus one block.
    unsafe {
        let iv_len = (EVP_CIPHER_CTX_get_iv_length(ctx.cipher).max(0) as usize).min(MAX_IV_LEN);
        let block = EVP_CIPHER_CTX_get_block_size(ctx.cipher).max(1) as usize;
        let mut out = Vec::with_capacity(KEY_NAME_LEN + iv_len + state.len() + block + MAX_MD_SIZE);
        out.extend_from_slice(&key_name);
        out.extend_from_slice(&iv[..iv_len]);
        let start = out.len();
        out.resize(start + state.len() + block, 0);
        let (mut n1, mut n2) = (0, 0);
        if EVP_EncryptUpdate(ctx.cipher, out.as_mut_ptr().add(start), &mut n1, state.as_ptr(), state.len() as c_int) != 1
            || EVP_EncryptFinal_ex(ctx.cipher, out.as_mut_ptr().add(start + n1 as usize), &mut n2) != 1
        {
            return Err(());
        }
        out.truncate(start + n1 as usize + n2 as usize);
        let tag = ctx.mac(cb, &out).ok_or(())?;
        out.extend_from_slice(&tag);
        Ok(Some(out))
    }
}

/// The state inside a ticket sealed under one of the application's keys;
/// None when the callback does not know the key name (0), fails, or the
/// HMAC or decryption do not check out (a full handshake follows); with
/// whether the callback asked for the ticket to be renewed.
pub fn open(cb: TicketKeyCb, ssl: usize, ticket: &[u8]) -> Option<(Zeroizing<Vec<u8>>, bool)> {
    if ticket.len() < KEY_NAME_LEN + MAX_IV_LEN {
        return None;
    }
    let ctx = Contexts::new()?;
    // The callback reads the key name and IV from the ticket itself.
    let mut head = [0u8; KEY_NAME_LEN + MAX_IV_LEN];
    head.copy_from_slice(&ticket[..KEY_NAME_LEN + MAX_IV_LEN]);
    let (name, iv) = head.split_at_mut(KEY_NAME_LEN);
    let r = ctx.call(cb, ssl, name.as_mut_ptr(), iv.as_mut_ptr(), 0);
    if r <= 0 {
        return None;
    }
    // SAFETY: the callback keyed both contexts for decryption; every slice
    // below is bounds-checked against the ticket first.
    unsafe {
        let mlen = ctx.mac_size(cb);
        let iv_len = EVP_CIPHER_CTX_get_iv_length(ctx.cipher).max(0) as usize;
        if mlen == 0 || ticket.len() <= KEY_NAME_LEN + iv_len + mlen {
            return None;
        }
        let (body, tag) = ticket.split_at(ticket.len() - mlen);
        let expected = ctx.mac(cb, body)?;
        if expected.len() != mlen || CRYPTO_memcmp(expected.as_ptr().cast(), tag.as_ptr().cast(), mlen) != 0 {
            return None;
        }
        let enc = &body[KEY_NAME_LEN + iv_len..];
        let block = EVP_CIPHER_CTX_get_block_size(ctx.cipher).max(1) as usize;
        let mut out = Zeroizing::new(vec![0u8; enc.len() + block]);
        let (mut n1, mut n2) = (0, 0);
        if EVP_DecryptUpdate(ctx.cipher, out.as_mut_ptr(), &mut n1, enc.as_ptr(), enc.len() as c_int) != 1
            || EVP_DecryptFinal_ex(ctx.cipher, out.as_mut_ptr().add(n1 as usize), &mut n2) != 1
        {
            return None;
        }
        out.truncate(n1 as usize + n2 as usize);
        // 2: "the ticket is good but should be renewed" (OpenSSL's
        // SSL_TICKET_SUCCESS_RENEW).
        Some((out, r == 2))
    }
}
