//! The TLS 1.2 AEADs aws-lc-rs does not have — AES-CCM with 16- and 8-byte
//! tags (RFC 6655, 7251) and ARIA-GCM (RFC 6209) — through libcrypto's EVP
//! AEAD interface, one record at a time: nonce, then (CCM) the message
//! length, the additional data, the text, and the tag, which libcrypto
//! checks in constant time.

use std::ffi::{c_int, c_uint, CStr};

use super::evp_cipher::{
    CipherCtx, new_context, EVP_CIPHER_CTX_ctrl, EVP_CIPHER_CTX_set_params, EVP_CipherFinal_ex, EVP_CipherInit_ex2, EVP_CipherUpdate,
};
use super::params::{quietly, OsslParam, OSSL_PARAM_UNSIGNED_INTEGER};

/// OSSL_PARAM_OCTET_STRING (core.h).
const OCTET_STRING: c_uint = 5;
/// EVP_CTRL_AEAD_GET_TAG and EVP_CTRL_AEAD_SET_TAG (evp.h): the tag
/// through ctrl, which a provider's cipher and an ENGINE's (AES-GCM made
/// the default by an application, `sys::engine`) both answer.
const EVP_CTRL_AEAD_GET_TAG: c_int = 0x10;
const EVP_CTRL_AEAD_SET_TAG: c_int = 0x11;
/// The nonce TLS 1.2 builds: a 4-byte salt and 8 explicit bytes.
pub const NONCE_LEN: usize = 12;

/// One direction's key in one of libcrypto's AEADs.
pub struct EvpAead {
    ctx: CipherCtx,
    encrypt: bool,
    ccm: bool,
    tag_len: usize,
}

impl EvpAead {
    /// `name` is libcrypto's ("AES-128-CCM", "ARIA-256-GCM"); CCM ciphers
    /// take `tag_len` (16 or 8) and a 12-byte nonce (L = 3).
    pub fn new(name: &CStr, key: &[u8], encrypt: bool, tag_len: usize) -> Option<EvpAead> {
        let ccm = name.to_bytes().ends_with(b"CCM");
        let mut ivlen = NONCE_LEN;
        let setup = [
            OsslParam::new(c"ivlen", OSSL_PARAM_UNSIGNED_INTEGER, (&mut ivlen as *mut usize).cast(), std::mem::size_of::<usize>()),
            // CCM's tag length: the "tag" parameter without data.
            OsslParam::new(c"tag", OCTET_STRING, std::ptr::null_mut(), tag_len),
            OsslParam::end(),
        ];
        quietly(|| {
            // SAFETY: the cipher first, unkeyed; then CCM's nonce and tag
            // lengths (params outlive the call); then the key, whose length
            // libcrypto checks against the cipher's (a wrong one fails).
            unsafe {
                let ctx = new_context(name, std::ptr::null(), std::ptr::null(), encrypt, std::ptr::null())?;
                let ok = (!ccm || EVP_CIPHER_CTX_set_params(ctx.as_ptr(), setup.as_ptr()) == 1)
                    && EVP_CipherInit_ex2(ctx.as_ptr(), std::ptr::null(), key.as_ptr(), std::ptr::null(), c_int::from(encrypt), std::ptr::null()) == 1;
                ok.then_some(EvpAead { ctx, encrypt, ccm, tag_len })
            }
        })
    }

    /// Starts a record: the nonce, CCM's message length, the additional data.
    fn start(&mut self, nonce: &[u8; NONCE_LEN], aad: &[u8], text_len: usize) -> Option<()> {
        let mut outl: c_int = 0;
        let text_len = c_int::try_from(text_len).ok()?;
        let aad_len = c_int::try_from(aad.len()).ok()?;
        // SAFETY: a keyed context; the nonce has the 12 bytes set as the IV
        // length; aad is readable for its length; no output is written
        // (out NULL) by the length and additional-data calls.
        unsafe {
            let ok = EVP_CipherInit_ex2(self.ctx.as_ptr(), std::ptr::null(), std::ptr::null(), nonce.as_ptr(), c_int::from(self.encrypt), std::ptr::null()) == 1
                && (!self.ccm || EVP_CipherUpdate(self.ctx.as_ptr(), std::ptr::null_mut(), &mut outl, std::ptr::null(), text_len) == 1)
                && EVP_CipherUpdate(self.ctx.as_ptr(), std::ptr::null_mut(), &mut outl, aad.as_ptr(), aad_len) == 1;
            ok.then_some(())
        }
    }

    /// Encrypts `buf` in place; returns the tag.
    pub fn seal(&mut self, nonce: &[u8; NONCE_LEN], aad: &[u8], buf: &mut [u8]) -> Option<([u8; 16], usize)> {
        let len = c_int::try_from(buf.len()).ok()?;
        quietly(|| {
            self.start(nonce, aad, buf.len())?;
            let mut tag = [0u8; 16];
            let mut outl: c_int = 0;
            let mut fin = [0u8; 16];
            let tag_len = c_int::try_from(self.tag_len).ok()?;
            // SAFETY: in place over buf (a stream mode: output length equals
            // input); Final writes nothing for these modes (16 bytes of room
            // given all the same); the tag buffer holds tag_len bytes.
            let ok = unsafe {
                let p = buf.as_mut_ptr();
                EVP_CipherUpdate(self.ctx.as_ptr(), p, &mut outl, p, len) == 1
                    && outl == len
                    && EVP_CipherFinal_ex(self.ctx.as_ptr(), fin.as_mut_ptr(), &mut outl) == 1
                    && outl == 0
                    && EVP_CIPHER_CTX_ctrl(self.ctx.as_ptr(), EVP_CTRL_AEAD_GET_TAG, tag_len, tag.as_mut_ptr().cast()) == 1
            };
            ok.then_some((tag, self.tag_len))
        })
    }

    /// Decrypts `buf` (text then tag) in place; the text's length, or None
    /// when the tag does not verify.
    pub fn open(&mut self, nonce: &[u8; NONCE_LEN], aad: &[u8], buf: &mut [u8]) -> Option<usize> {
        let text_len = buf.len().checked_sub(self.tag_len)?;
        let len = c_int::try_from(text_len).ok()?;
        quietly(|| {
            let (text, tag) = buf.split_at_mut(text_len);
            let mut expected = [0u8; 16];
            expected[..self.tag_len].copy_from_slice(tag);
            let set = [OsslParam::new(c"tag", OCTET_STRING, expected.as_mut_ptr().cast(), self.tag_len), OsslParam::end()];
            // CCM checks the tag during the update, so it goes first; GCM
            // at the final.
            if self.ccm {
                // SAFETY: a keyed context; the param points at tag_len bytes.
                if unsafe { EVP_CIPHER_CTX_set_params(self.ctx.as_ptr(), set.as_ptr()) } != 1 {
                    return None;
                }
            }
            self.start(nonce, aad, text_len)?;
            let mut outl: c_int = 0;
            let mut fin = [0u8; 16];
            let tag_len = c_int::try_from(self.tag_len).ok()?;
            // SAFETY: in place over the text (output length equals input);
            // the tag param points at tag_len readable bytes.
            let ok = unsafe {
                let p = text.as_mut_ptr();
                EVP_CipherUpdate(self.ctx.as_ptr(), p, &mut outl, p, len) == 1
                    && outl == len
                    && (self.ccm
                        || (EVP_CIPHER_CTX_ctrl(self.ctx.as_ptr(), EVP_CTRL_AEAD_SET_TAG, tag_len, expected.as_mut_ptr().cast()) == 1
                            && EVP_CipherFinal_ex(self.ctx.as_ptr(), fin.as_mut_ptr(), &mut outl) == 1))
            };
            if !ok {
                // Nothing of an unauthenticated record is left behind.
                text.fill(0);
            }
            ok.then_some(text_len)
        })
    }
}
