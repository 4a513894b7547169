//! TLS 1.2 finite-field DHE: the libcrypto paths of `sys::dhe` (explicit
//! parameters, OpenSSL's checks of a server's parameters).

pub use crate::sys::dhe::{DhKeyPair, DhParamError};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc2409_1024_group_is_oakley_group_2() {
        // RFC 2409 6.2: p = 2^1024 - 2^960 - 1 + 2^64 * { [2^894 pi] + 129093 }, g = 2.
        let a = DhKeyPair::generate_rfc2409_1024().unwrap();
        let b = DhKeyPair::generate_rfc2409_1024().unwrap();
        assert_eq!(a.p().len(), 128);
        assert_eq!(&a.p()[..12], &[0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xc9, 0x0f, 0xda, 0xa2]);
        assert_eq!(&a.p()[120..], &[0xff; 8]);
        assert_eq!((a.g(), a.security_bits()), (&[2u8][..], 80));
        assert_eq!(a.agree(b.public()).unwrap(), b.agree(a.public()).unwrap());
    }
}
