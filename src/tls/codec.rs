//! Bounds-checked readers and writers for TLS's length-prefixed encodings.
//! Every read checks the remaining length; `finish` rejects trailing bytes.

use super::Error;

pub struct Reader<'a> {
    buf: &'a [u8],
    pos: usize,
}

impl<'a> Reader<'a> {
    pub fn new(buf: &'a [u8]) -> Self {
        Reader { buf, pos: 0 }
    }

    pub fn remaining(&self) -> usize {
        self.buf.len() - self.pos
    }

    pub fn is_empty(&self) -> bool {
        self.remaining() == 0
    }

    pub fn take(&mut self, n: usize) -> Result<&'a [u8], Error> {
        if self.remaining() < n {
            return Err(Error::decode("truncated field"));
        }
        let out = &self.buf[self.pos..self.pos + n];
        self.pos += n;
        Ok(out)
    }

    pub fn rest(&mut self) -> &'a [u8] {
        let out = &self.buf[self.pos..];
        self.pos = self.buf.len();
        out
    }

    pub fn u8(&mut self) -> Result<u8, Error> {
        Ok(self.take(1)?[0])
    }

    pub fn u16(&mut self) -> Result<u16, Error> {
        let b = self.take(2)?;
        Ok(u16::from_be_bytes([b[0], b[1]]))
    }

    pub fn u24(&mut self) -> Result<usize, Error> {
        let b = self.take(3)?;
        Ok(((b[0] as usize) << 16) | ((b[1] as usize) << 8) | b[2] as usize)
    }

    pub fn u32(&mut self) -> Result<u32, Error> {
        let b = self.take(4)?;
        Ok(u32::from_be_bytes([b[0], b[1], b[2], b[3]]))
    }

    /// A vector with a one-byte length prefix.
    pub fn vec8(&mut self) -> Result<&'a [u8], Error> {
        let n = self.u8()? as usize;
        self.take(n)
    }

    /// A vector with a two-byte length prefix.
    pub fn vec16(&mut self) -> Result<&'a [u8], Error> {
        let n = self.u16()? as usize;
        self.take(n)
    }

    /// A vector with a three-byte length prefix.
    pub fn vec24(&mut self) -> Result<&'a [u8], Error> {
        let n = self.u24()?;
        self.take(n)
    }

    /// Ends the parse: trailing bytes are a decode error.
    pub fn finish(&self) -> Result<(), Error> {
        if self.is_empty() {
            Ok(())
        } else {
            Err(Error::decode("trailing bytes"))
        }
    }
}

#[derive(Default)]
pub struct Writer {
    pub buf: Vec<u8>,
}

impl Writer {
    pub fn new() -> Self {
        Writer { buf: Vec::new() }
    }

    pub fn u8(&mut self, v: u8) {
        self.buf.push(v);
    }

    pub fn u16(&mut self, v: u16) {
        self.buf.extend_from_slice(&v.to_be_bytes());
    }

    pub fn u24(&mut self, v: usize) {
        self.buf.extend_from_slice(&(v as u32).to_be_bytes()[1..]);
    }

    pub fn u32(&mut self, v: u32) {
        self.buf.extend_from_slice(&v.to_be_bytes());
    }

    pub fn bytes(&mut self, b: &[u8]) {
        self.buf.extend_from_slice(b);
    }

    fn prefixed(&mut self, width: usize, f: impl FnOnce(&mut Writer)) {
        let start = self.buf.len();
        self.buf.extend(std::iter::repeat_n(0, width));
        f(self);
        let len = self.buf.len() - start - width;
        let be = (len as u32).to_be_bytes();
        self.buf[start..start + width].copy_from_slice(&be[4 - width..]);
    }

    /// `v` as an opaque<..2^8-1>, on its own.
    pub fn vec8_of(v: &[u8]) -> Vec<u8> {
        let mut w = Writer::new();
        w.vec8(|w| w.bytes(v));
        w.buf
    }

    /// `v` as an opaque<..2^16-1>, on its own.
    pub fn vec16_of(v: &[u8]) -> Vec<u8> {
        let mut w = Writer::new();
        w.vec16(|w| w.bytes(v));
        w.buf
    }

    pub fn vec8(&mut self, f: impl FnOnce(&mut Writer)) {
        self.prefixed(1, f)
    }

    pub fn vec16(&mut self, f: impl FnOnce(&mut Writer)) {
        self.prefixed(2, f)
    }

    pub fn vec24(&mut self, f: impl FnOnce(&mut Writer)) {
        self.prefixed(3, f)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_prefixed_vectors() {
        let mut w = Writer::new();
        w.vec16(|w| {
            w.u8(7);
            w.vec8(|w| w.bytes(b"abc"));
            w.vec24(|w| w.u32(0xdeadbeef));
        });
        let mut r = Reader::new(&w.buf);
        let mut inner = Reader::new(r.vec16().unwrap());
        r.finish().unwrap();
        assert_eq!(inner.u8().unwrap(), 7);
        assert_eq!(inner.vec8().unwrap(), b"abc");
        assert_eq!(Reader::new(inner.vec24().unwrap()).u32().unwrap(), 0xdeadbeef);
        inner.finish().unwrap();
    }

    #[test]
    fn rejects_truncated_vector() {
        let mut r = Reader::new(&[0, 5, 1, 2]);
        assert_eq!(r.vec16().unwrap_err().alert, Some(crate::tls::alert::AlertDescription::DecodeError));
    }

    #[test]
    fn rejects_trailing_bytes() {
        let mut r = Reader::new(&[1, 2]);
        r.u8().unwrap();
        assert!(r.finish().is_err());
    }
}
