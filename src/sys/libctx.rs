//! The application's library context (`SSL_CTX_new_ex`): while an export
//! works for an SSL_CTX or SSL made in one, it is the calling thread's
//! default context, so everything libcrypto does for it — decoding
//! certificates and keys, fetching algorithms, verifying chains — uses that
//! context, as OpenSSL's own libssl does by passing ctx->libctx (and as its
//! ssl_do_config does with OSSL_LIB_CTX_set0_default). OpenSSL 3.0 keeps
//! the default per thread, so other threads are not affected.

use std::cell::Cell;

use super::*;

extern "C" {
    fn OSSL_LIB_CTX_set0_default(libctx: *mut c_void) -> *mut c_void;
}

thread_local! {
    /// (exports entered on this thread, the context to restore when the
    /// outermost one returns, whether one was switched in).
    static SCOPE: Cell<(u32, usize, bool)> = const { Cell::new((0, 0, false)) };
}

/// An export starts.
pub fn enter_export() {
    SCOPE.with(|s| {
        let (depth, prev, active) = s.get();
        s.set((depth + 1, prev, active));
    });
}

/// An export returns: the outermost one restores the thread's default.
pub fn leave_export() {
    SCOPE.with(|s| {
        let (depth, prev, active) = s.get();
        if depth <= 1 {
            if active {
                // SAFETY: `prev` is what OSSL_LIB_CTX_set0_default returned.
                unsafe { OSSL_LIB_CTX_set0_default(prev as *mut c_void) };
            }
            s.set((0, 0, false));
        } else {
            s.set((depth - 1, prev, active));
        }
    });
}

/// The object an export works for was made in `libctx` (0: the default):
/// it becomes the thread's default until the export returns.
pub fn use_libctx(libctx: usize) {
    if libctx == 0 {
        return;
    }
    SCOPE.with(|s| {
        let (depth, _, active) = s.get();
        if depth == 0 || active {
            return;
        }
        // SAFETY: the application's live library context (it must outlive
        // the SSL_CTX, as in OpenSSL).
        let prev = unsafe { OSSL_LIB_CTX_set0_default(libctx as *mut c_void) };
        s.set((depth, prev as usize, true));
    });
}
