//! TLS CBC records through libcrypto, the way OpenSSL's own record layer
//! protects them: the AES-CBC cipher in its TLS mode adds padding when
//! encrypting, and when decrypting removes the explicit IV, the padding and
//! the MAC in constant time (a bad padding yields a random MAC, never an
//! early exit: Lucky Thirteen); the HMAC in its TLS mode
//! (`tls-data-size`) digests a record of secret length in constant time.
//! We write none of that constant-time code ourselves.

use std::ffi::{c_char, c_int, c_uint, c_void, CStr};


use super::params::{quietly, OsslParam, OSSL_PARAM_OCTET_PTR, OSSL_PARAM_UNSIGNED_INTEGER, OSSL_PARAM_UTF8_STRING};
use super::evp_cipher::{CipherCtx, new_context, EVP_CIPHER_CTX_get_params, EVP_CIPHER_CTX_set_padding, EVP_CipherUpdate};
use super::EVP_MAC_CTX;

#[repr(C)]
struct EVP_MAC {
    _p: [u8; 0],
}

extern "C" {
    fn EVP_MAC_fetch(libctx: *mut c_void, algorithm: *const c_char, properties: *const c_char) -> *mut EVP_MAC;
    fn EVP_MAC_CTX_new(mac: *mut EVP_MAC) -> *mut EVP_MAC_CTX;
    fn EVP_MAC_CTX_free(ctx: *mut EVP_MAC_CTX);
    fn EVP_MAC_init(ctx: *mut EVP_MAC_CTX, key: *const u8, keylen: usize, params: *const OsslParam) -> c_int;
    fn EVP_MAC_update(ctx: *mut EVP_MAC_CTX, data: *const u8, datalen: usize) -> c_int;
    fn EVP_MAC_final(ctx: *mut EVP_MAC_CTX, out: *mut u8, outl: *mut usize, outsize: usize) -> c_int;
}

/// The AES block (and explicit IV) size.
pub const BLOCK: usize = 16;

/// One direction's AES-CBC context in TLS mode, its CBC state chaining
/// from record to record as in OpenSSL.
pub struct TlsCbcCipher {
    ctx: CipherCtx,
    mac_size: usize,
    /// Bytes of explicit IV each record starts with: a block from TLS 1.1
    /// on, none in TLS 1.0 (the cipher keeps the chained IV).
    explicit_iv: usize,
    /// An ENGINE's cipher runs the context (`sys::engine`): it has no TLS
    /// mode, so the padding is added and removed here, as OpenSSL's
    /// tls1_enc does for such ciphers.
    engine: bool,
}

impl TlsCbcCipher {
    /// A CBC context of the 16-byte-block cipher `name` ("AES-128-CBC",
    /// "CAMELLIA-256-CBC": libcrypto's generic block-cipher code gives each
    /// the same TLS mode) in the TLS mode of `version` (0x0301-0x0303).
    /// `mac_size` is the MAC the decrypting side extracts in constant time
    /// (MAC-then-encrypt); 0 with encrypt-then-MAC, where the MAC is outside.
    pub fn new(name: &CStr, version: u16, key: &[u8], iv: &[u8; BLOCK], encrypt: bool, mac_size: usize) -> Option<TlsCbcCipher> {
        let explicit_iv = if version >= 0x0302 { BLOCK } else { 0 };
        let mut version = c_uint::from(version);
        let mut mac = mac_size;
        let params = [
            OsslParam::new(c"tls-version", OSSL_PARAM_UNSIGNED_INTEGER, (&mut version as *mut c_uint).cast(), std::mem::size_of::<c_uint>()),
            OsslParam::new(c"tls-mac-size", OSSL_PARAM_UNSIGNED_INTEGER, (&mut mac as *mut usize).cast(), std::mem::size_of::<usize>()),
            OsslParam::end(),
        ];
        // SAFETY: key and IV have the lengths the cipher takes (a 16-byte
        // block cipher: the caller's key_len); params outlive the call.
        let ctx = quietly(|| unsafe { new_context(name, key.as_ptr(), iv.as_ptr(), encrypt, params.as_ptr()) })?;
        let engine = ctx.is_engine();
        // SAFETY: an initialised context; whole blocks only from here on.
        if engine && unsafe { EVP_CIPHER_CTX_set_padding(ctx.as_ptr(), 0) } != 1 {
            return None;
        }
        Some(TlsCbcCipher { ctx, mac_size, explicit_iv, engine })
    }

    /// `buf[start..]` through the cipher in place, whole blocks only, as an
    /// ENGINE's cipher takes them.
    fn engine_update(&mut self, buf: &mut [u8]) -> Option<()> {
        let inl = c_int::try_from(buf.len()).ok()?;
        let mut outl: c_int = 0;
        // SAFETY: in place over `buf`; without padding a CBC update writes
        // exactly its input's length.
        let ok = quietly(|| unsafe {
            let p = buf.as_mut_ptr();
            EVP_CipherUpdate(self.ctx.as_ptr(), p, &mut outl, p, inl) == 1
        });
        (ok && outl == inl).then_some(())
    }

    /// Seal for an ENGINE's cipher: the TLS padding (1 to 16 bytes, each
    /// holding the padding length less one: RFC 5246 6.2.3.2) added here.
    fn engine_seal(&mut self, buf: &mut Vec<u8>, start: usize) -> Option<()> {
        let len = buf.len().checked_sub(start)?;
        let pad = BLOCK - len % BLOCK;
        buf.resize(buf.len() + pad, (pad - 1) as u8);
        self.engine_update(&mut buf[start..])
    }

    /// Open for an ENGINE's cipher: decrypts, then checks and strips the
    /// padding here. The padding bytes are compared without an early exit
    /// over a fixed window; unlike the provider's TLS mode, the MAC's
    /// offset is then taken directly — this path runs only when the
    /// application made an ENGINE the default for the cipher, where
    /// OpenSSL's record layer also relies on that engine.
    fn engine_open(&mut self, body: &mut [u8]) -> Option<(usize, usize, Vec<u8>)> {
        self.engine_update(body)?;
        let plain = &body[self.explicit_iv..];
        let n = plain.len();
        let pad_byte = plain[n - 1];
        let pad_len = usize::from(pad_byte) + 1;
        let mut bad = u8::from(pad_len + self.mac_size > n);
        for i in 1..=n.min(256) {
            // Bytes within the padding must all equal its length byte.
            let in_pad = u8::from(i <= pad_len);
            bad |= in_pad & u8::from(plain[n - i] != pad_byte);
        }
        if bad != 0 {
            if self.mac_size == 0 {
                return None;
            }
            // As the TLS mode does: a random MAC, so that the caller's MAC
            // check fails with bad_record_mac like any other forgery.
            let mut mac = vec![0u8; self.mac_size];
            crate::crypto::rand::fill(&mut mac).ok()?;
            return Some((self.explicit_iv, n - self.mac_size, mac));
        }
        let content_len = n - pad_len - self.mac_size;
        let mac = plain[content_len..content_len + self.mac_size].to_vec();
        Some((self.explicit_iv, content_len, mac))
    }

    /// Encrypts `buf[start..]` in place — explicit IV block (TLS 1.1 and
    /// later), content and,
    /// without encrypt-then-MAC, the MAC — after the cipher appends the
    /// TLS padding (RFC 5246 6.2.3.2).
    pub fn seal(&mut self, buf: &mut Vec<u8>, start: usize) -> Option<()> {
        if self.engine {
            return self.engine_seal(buf, start);
        }
        let len = buf.len().checked_sub(start)?;
        // The padding the cipher adds: 1 to 16 bytes.
        buf.resize(buf.len() + BLOCK, 0);
        let mut outl: c_int = 0;
        let inl = c_int::try_from(len).ok()?;
        let ok = quietly(|| {
            // SAFETY: in place (TLS mode requires in == out) over `len`
            // bytes with BLOCK bytes of room after them for the padding.
            unsafe {
                let p = buf.as_mut_ptr().add(start);
                EVP_CipherUpdate(self.ctx.as_ptr(), p, &mut outl, p, inl) == 1
            }
        });
        let out = usize::try_from(outl).ok().filter(|n| ok && *n >= len && *n <= len + BLOCK)?;
        buf.truncate(start + out);
        Some(())
    }

    /// Decrypts a record body ([explicit IV], ciphertext) in place. Returns
    /// the content's offset and length in `body` and the MAC the record
    /// carried — random when the padding was bad, so that the MAC check
    /// fails the same way. None only when the record is publicly invalid
    /// (its length), or, with encrypt-then-MAC, when the padding is bad.
    pub fn open(&mut self, body: &mut [u8]) -> Option<(usize, usize, Vec<u8>)> {
        if body.len() % BLOCK != 0 || body.len() < self.explicit_iv + self.mac_size + 1 {
            return None;
        }
        if self.engine {
            return self.engine_open(body);
        }
        let inl = c_int::try_from(body.len()).ok()?;
        let mut outl: c_int = 0;
        let mut mac_ptr: *mut u8 = std::ptr::null_mut();
        let ok = quietly(|| {
            // SAFETY: in place over the body; the MAC pointer the context
            // hands back lives until its next operation and is copied now.
            unsafe {
                let p = body.as_mut_ptr();
                if EVP_CipherUpdate(self.ctx.as_ptr(), p, &mut outl, p, inl) != 1 {
                    return false;
                }
                if self.mac_size == 0 {
                    return true;
                }
                let mut params = [
                    OsslParam::new(c"tls-mac", OSSL_PARAM_OCTET_PTR, (&mut mac_ptr as *mut *mut u8).cast(), self.mac_size),
                    OsslParam::end(),
                ];
                EVP_CIPHER_CTX_get_params(self.ctx.as_ptr(), params.as_mut_ptr()) == 1 && !mac_ptr.is_null()
            }
        });
        if !ok {
            return None;
        }
        let content_len = usize::try_from(outl).ok().filter(|n| *n <= body.len() - self.explicit_iv)?;
        let mac = if self.mac_size == 0 {
            Vec::new()
        } else {
            // SAFETY: libcrypto's MAC buffer holds mac_size bytes.
            unsafe { std::slice::from_raw_parts(mac_ptr, self.mac_size) }.to_vec()
        };
        Some((self.explicit_iv, content_len, mac))
    }
}

/// libcrypto's HMAC, fetched once: a fetch per record would repeat the
/// provider lookup on the read path. The reference is kept for the life of
/// the process, as libcrypto keeps its own fetched algorithms.
fn hmac() -> *mut EVP_MAC {
    static HMAC: std::sync::OnceLock<usize> = std::sync::OnceLock::new();
    // SAFETY: fetching by name; an EVP_MAC is immutable and refcounted, so
    // one reference may be shared by all threads.
    *HMAC.get_or_init(|| unsafe { EVP_MAC_fetch(std::ptr::null_mut(), c"HMAC".as_ptr(), std::ptr::null()) } as usize) as *mut EVP_MAC
}

/// The MAC of a received MAC-then-encrypt record, computed in constant
/// time with respect to the secret content length: HMAC(key, header ||
/// content) where `record` is everything after the explicit IV (content,
/// MAC and padding, `tls-data-size`) and `content_len` its secret prefix
/// length (OpenSSL's tls1_mac with OSSL_MAC_PARAM_TLS_DATA_SIZE).
pub fn tls_cbc_record_mac(digest: &'static CStr, key: &[u8], header: &[u8; 13], record: &[u8], content_len: usize) -> Option<Vec<u8>> {
    if content_len > record.len() {
        return None;
    }
    let mut data_size = record.len();
    quietly(|| {
        // SAFETY: a fresh MAC context freed below; params point at live
        // locals; libcrypto reads `record` up to tls-data-size bytes, which
        // is its length.
        unsafe {
            let mac = hmac();
            if mac.is_null() {
                return None;
            }
            let ctx = EVP_MAC_CTX_new(mac);
            if ctx.is_null() {
                return None;
            }
            let params = [
                OsslParam::new(c"digest", OSSL_PARAM_UTF8_STRING, digest.as_ptr() as *mut c_void, digest.to_bytes().len()),
                OsslParam::new(c"tls-data-size", OSSL_PARAM_UNSIGNED_INTEGER, (&mut data_size as *mut usize).cast(), std::mem::size_of::<usize>()),
                OsslParam::end(),
            ];
            let mut out = vec![0u8; 64];
            let mut outl = 0usize;
            let ok = EVP_MAC_init(ctx, key.as_ptr(), key.len(), params.as_ptr()) == 1
                && EVP_MAC_update(ctx, header.as_ptr(), header.len()) == 1
                && EVP_MAC_update(ctx, record.as_ptr(), content_len) == 1
                && EVP_MAC_final(ctx, out.as_mut_ptr(), &mut outl, out.len()) == 1;
            EVP_MAC_CTX_free(ctx);
            if !ok || outl == 0 || outl > out.len() {
                return None;
            }
            out.truncate(outl);
            Some(out)
        }
    })
}
