//! An owned reference to a libcrypto BIO, and I/O results in Rust terms.

use super::*;

/// One reference to a BIO; dropping it calls `BIO_free_all`, as `SSL_free`
/// does for the connection's BIOs.
pub struct Bio(*mut BIO);

// SAFETY: a BIO is only used by the thread driving its SSL, as OpenSSL requires
// of applications; we never share it between threads concurrently.
unsafe impl Send for Bio {}
// SAFETY: see above; shared references only read the pointer value.
unsafe impl Sync for Bio {}

pub enum Io {
    Done(usize),
    /// The BIO asks to retry (non-blocking): WANT_READ / WANT_WRITE.
    Retry,
    /// End of file without a retry request.
    Eof,
    /// An error from the BIO (errno for socket BIOs).
    Error,
}

impl Bio {
    /// Takes ownership of one reference the caller gives us.
    /// A BIO over a caller's stdio FILE, left open when the BIO is freed
    /// (BIO_NOCLOSE); None for a NULL FILE, which libcrypto would crash on.
    pub fn for_file(fp: *mut libc::FILE) -> Option<Bio> {
        if fp.is_null() {
            return None;
        }
        // SAFETY: a non-NULL FILE the caller vouches for; not closed by us.
        Bio::from_owned(unsafe { BIO_new_fp(fp, 0) })
    }

    /// OpenSSL 3.5's BIO_get_rpoll_descriptor / BIO_get_wpoll_descriptor
    /// (BIO_CTRL_GET_RPOLL_DESCRIPTOR 91, _WPOLL_ 92): fills the caller's
    /// BIO_POLL_DESCRIPTOR; false when the BIO has none (a 3.0 libcrypto's
    /// BIOs know neither control).
    ///
    /// # Safety
    /// `desc` must point at a writable BIO_POLL_DESCRIPTOR.
    pub unsafe fn poll_descriptor(&self, write: bool, desc: *mut c_void) -> bool {
        let cmd = if write { 92 } else { 91 };
        // SAFETY: per the contract; the control only writes *desc.
        unsafe { BIO_ctrl(self.0, cmd, 0, desc) > 0 }
    }

    pub fn from_owned(ptr: *mut BIO) -> Option<Bio> {
        (!ptr.is_null()).then_some(Bio(ptr))
    }

    /// Adds a reference to a BIO the caller keeps.
    pub fn from_borrowed(ptr: *mut BIO) -> Option<Bio> {
        if ptr.is_null() {
            return None;
        }
        // SAFETY: the caller passes a live BIO; up_ref only bumps its count.
        unsafe { BIO_up_ref(ptr) };
        Some(Bio(ptr))
    }

    pub fn socket(fd: i32) -> Option<Bio> {
        // SAFETY: BIO_new_socket only records the descriptor.
        Bio::from_owned(unsafe { BIO_new_socket(fd, BIO_NOCLOSE) })
    }

    pub fn as_ptr(&self) -> *mut BIO {
        self.0
    }

    fn should_retry(&self) -> bool {
        // SAFETY: self.0 is a live BIO we hold a reference to.
        unsafe { BIO_test_flags(self.0, BIO_FLAGS_SHOULD_RETRY) != 0 }
    }

    /// A read. As OpenSSL's ssl3_read_n decides: a failed read that is not
    /// a retry is the peer's end of stream (`Eof`) only when the BIO says so
    /// (`BIO_eof`: libcrypto's socket BIOs do after reading 0); otherwise it
    /// is an I/O error, reported as SSL_ERROR_SYSCALL. Applications' own BIO
    /// methods (haproxy's) rarely answer BIO_CTRL_EOF, and OpenSSL then gives
    /// SSL_ERROR_SYSCALL, which they report as "connection closed".
    pub fn read(&self, buf: &mut [u8]) -> Io {
        let len = buf.len().min(i32::MAX as usize) as c_int;
        // SAFETY: buf is valid for len bytes; the BIO is live.
        let n = unsafe { BIO_read(self.0, buf.as_mut_ptr().cast(), len) };
        match self.result(n) {
            Io::Eof | Io::Error if self.eof() => Io::Eof,
            Io::Eof => Io::Error,
            other => other,
        }
    }

    /// `BIO_eof`.
    fn eof(&self) -> bool {
        // SAFETY: BIO_CTRL_EOF takes no pointer argument.
        unsafe { BIO_ctrl(self.0, BIO_CTRL_EOF, 0, std::ptr::null_mut()) > 0 }
    }

    pub fn write(&self, buf: &[u8]) -> Io {
        let len = buf.len().min(i32::MAX as usize) as c_int;
        // SAFETY: buf is valid for len bytes; the BIO is live.
        let n = unsafe { BIO_write(self.0, buf.as_ptr().cast(), len) };
        self.result(n)
    }

    pub fn flush(&self) {
        // SAFETY: BIO_CTRL_FLUSH takes no pointer argument.
        unsafe { BIO_ctrl(self.0, BIO_CTRL_FLUSH, 0, std::ptr::null_mut()) };
    }

    /// The descriptor of a socket or fd BIO, or -1 (`BIO_get_fd`).
    pub fn fd(&self) -> i32 {
        let mut fd: c_int = -1;
        // SAFETY: BIO_C_GET_FD writes an int through the pointer when not NULL.
        let r = unsafe { BIO_ctrl(self.0, BIO_C_GET_FD, 0, (&mut fd as *mut c_int).cast()) };
        if r < 0 {
            -1
        } else {
            fd
        }
    }

    fn result(&self, n: c_int) -> Io {
        if n > 0 {
            Io::Done(n as usize)
        } else if self.should_retry() {
            Io::Retry
        } else if n == 0 {
            Io::Eof
        } else {
            Io::Error
        }
    }
}

impl Clone for Bio {
    fn clone(&self) -> Bio {
        Bio::from_borrowed(self.0).expect("non-null")
    }
}

impl Drop for Bio {
    fn drop(&mut self) {
        // SAFETY: we own one reference to this BIO.
        unsafe { BIO_free_all(self.0) }
    }
}

extern "C" {
    /// Hex dump with offsets, as OpenSSL prints session tickets.
    pub fn BIO_dump_indent(bp: *mut BIO, bytes: *const c_void, len: c_int, indent: c_int) -> c_int;
    pub fn X509_verify_cert_error_string(n: std::ffi::c_long) -> *const std::ffi::c_char;
    pub fn BIO_new_fp(fp: *mut libc::FILE, flags: c_int) -> *mut BIO;
}
