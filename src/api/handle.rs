//! The handle registry: every pointer we hand to C maps to its reference-
//! counted object and its kind. NULL, unknown, wrong-kind and freed pointers
//! are rejected, never dereferenced (they are only ever map keys).
//!
//! Counts follow OpenSSL: the C count of an object is its number of owners —
//! the application's references and our own internal ones (`CRef`), so an
//! SSL keeps its SSL_CTX alive exactly as OpenSSL's SSL_new up-refs it.

use std::any::Any;
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::{Arc, LazyLock};

use parking_lot::RwLock;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    SslCtx,
    Ssl,
    Session,
    ConfCtx,
}

struct Entry {
    kind: Kind,
    count: usize,
    object: Arc<dyn Any + Send + Sync>,
}

/// Hashes handle addresses. The keys are addresses of our own allocations,
/// never chosen by a peer, so SipHash's resistance to chosen keys buys
/// nothing; it was ~2% of a small-record SSL_read (every call looks its
/// SSL up). A folded 64x64->128 multiply mixes the aligned (low-zero) bits
/// of an address into the low bits the table indexes by.
#[derive(Default)]
struct AddressHasher(u64);

impl Hasher for AddressHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.write_u64(self.0 ^ u64::from(b));
        }
    }

    fn write_u64(&mut self, n: u64) {
        let product = u128::from(n ^ self.0) * 0x9e37_79b9_7f4a_7c15;
        self.0 = (product as u64) ^ ((product >> 64) as u64);
    }

    fn write_usize(&mut self, n: usize) {
        self.write_u64(n as u64);
    }
}

type Registry = HashMap<usize, Entry, BuildHasherDefault<AddressHasher>>;

static REGISTRY: LazyLock<RwLock<Registry>> = LazyLock::new(|| RwLock::new(Registry::default()));

/// Registers a new object with a count of one; returns its C pointer value.
pub fn register<T: Any + Send + Sync>(kind: Kind, object: Arc<T>) -> usize {
    let ptr = Arc::as_ptr(&object) as *const u8 as usize;
    REGISTRY.write().insert(ptr, Entry { kind, count: 1, object });
    ptr
}

/// The live object behind `ptr`, if it is one of ours of that kind.
pub fn get<T: Any + Send + Sync>(ptr: usize, kind: Kind) -> Option<Arc<T>> {
    let reg = REGISTRY.read();
    let e = reg.get(&ptr)?;
    if e.kind != kind {
        return None;
    }
    e.object.clone().downcast::<T>().ok()
}

pub fn is_live(ptr: usize, kind: Kind) -> bool {
    REGISTRY.read().get(&ptr).is_some_and(|e| e.kind == kind)
}

pub fn count(ptr: usize) -> usize {
    REGISTRY.read().get(&ptr).map_or(0, |e| e.count)
}

/// `*_up_ref`: false for an unknown or wrong-kind pointer.
pub fn up_ref(ptr: usize, kind: Kind) -> bool {
    let mut reg = REGISTRY.write();
    match reg.get_mut(&ptr) {
        Some(e) if e.kind == kind => {
            e.count += 1;
            true
        }
        _ => false,
    }
}

/// `*_free`: drops one reference; the last one removes the handle. The
/// object itself is dropped after the registry lock is released, because
/// dropping may run application callbacks (ex_data free functions).
pub fn release(ptr: usize, kind: Kind) -> bool {
    let removed = {
        let mut reg = REGISTRY.write();
        match reg.get_mut(&ptr) {
            Some(e) if e.kind == kind => {
                e.count -= 1;
                if e.count == 0 {
                    reg.remove(&ptr)
                } else {
                    return true;
                }
            }
            _ => return false,
        }
    };
    drop(removed);
    true
}

/// An internal owning reference, counted like an application's.
pub struct CRef<T: Any + Send + Sync> {
    ptr: usize,
    kind: Kind,
    object: Arc<T>,
}

impl<T: Any + Send + Sync> CRef<T> {
    /// Takes a new reference to a live handle.
    pub fn acquire(ptr: usize, kind: Kind) -> Option<CRef<T>> {
        let object = get::<T>(ptr, kind)?;
        up_ref(ptr, kind).then_some(CRef { ptr, kind, object })
    }

    /// Wraps a reference the caller already owns (e.g. from `register`).
    pub fn adopt(ptr: usize, kind: Kind) -> Option<CRef<T>> {
        let object = get::<T>(ptr, kind)?;
        Some(CRef { ptr, kind, object })
    }

    pub fn ptr(&self) -> usize {
        self.ptr
    }

    /// The object without a new C reference (no registry traffic).
    pub fn arc(&self) -> Arc<T> {
        self.object.clone()
    }

    /// Hands our reference to the caller (a get1 result, a set0 argument):
    /// the count stays, our Arc clone goes.
    pub fn into_ptr(self) -> usize {
        up_ref(self.ptr, self.kind);
        self.ptr
    }
}

impl<T: Any + Send + Sync> std::ops::Deref for CRef<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.object
    }
}

impl<T: Any + Send + Sync> Clone for CRef<T> {
    fn clone(&self) -> Self {
        up_ref(self.ptr, self.kind);
        CRef { ptr: self.ptr, kind: self.kind, object: self.object.clone() }
    }
}

impl<T: Any + Send + Sync> Drop for CRef<T> {
    fn drop(&mut self) {
        release(self.ptr, self.kind);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_and_rejects() {
        let p = register(Kind::Session, Arc::new(5u32));
        assert!(get::<u32>(p, Kind::Session).is_some());
        assert!(get::<u32>(p, Kind::Ssl).is_none());
        assert!(up_ref(p, Kind::Session));
        assert!(release(p, Kind::Session));
        assert!(is_live(p, Kind::Session));
        assert!(release(p, Kind::Session));
        assert!(!is_live(p, Kind::Session));
        assert!(!release(p, Kind::Session), "double free is refused");
        assert!(!release(0, Kind::Session));
    }
}
