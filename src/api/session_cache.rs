//! The server session cache of an SSL_CTX, with OpenSSL's rules: a size
//! limit evicting the least recently used entry (counted as cache_full),
//! timeouts, flushes, and the remove callback — which the caller runs after
//! the lock is released, so callbacks may call back in.

use std::collections::HashMap;

use parking_lot::Mutex;

use super::handle::CRef;
use super::session::Session;

struct Entry {
    session: CRef<Session>,
    /// Recency stamp: larger is more recent.
    used: u64,
}

#[derive(Default)]
struct Inner {
    by_id: HashMap<Vec<u8>, Entry>,
    clock: u64,
}

#[derive(Default)]
pub struct SessionCache {
    inner: Mutex<Inner>,
}

/// Sessions taken out of the cache; the caller calls the remove callback
/// for each (outside any lock) and then drops them.
pub type Removed = Vec<CRef<Session>>;

impl SessionCache {
    pub fn len(&self) -> usize {
        self.inner.lock().by_id.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// `SSL_CTX_add_session`: returns (added, evicted-for-space count,
    /// removed sessions). A session with the same id is replaced.
    pub fn add(&self, session: CRef<Session>, max: usize) -> (bool, usize, Removed) {
        let id = session.read(|d| d.session_id.clone());
        if id.is_empty() {
            return (false, 0, Vec::new());
        }
        let mut removed = Vec::new();
        let mut evicted = 0;
        let mut g = self.inner.lock();
        if let Some(old) = g.by_id.get(&id) {
            if old.session.ptr() == session.ptr() {
                // Already cached: OpenSSL returns 0 and changes nothing.
                return (false, 0, removed);
            }
        }
        if let Some(old) = g.by_id.remove(&id) {
            removed.push(old.session);
        } else if max > 0 {
            while g.by_id.len() >= max {
                let Some(oldest) = g.by_id.iter().min_by_key(|(_, e)| e.used).map(|(k, _)| k.clone()) else { break };
                if let Some(e) = g.by_id.remove(&oldest) {
                    e.session.update(|d| d.not_resumable = true);
                    removed.push(e.session);
                    evicted += 1;
                }
            }
        }
        g.clock += 1;
        let used = g.clock;
        g.by_id.insert(id, Entry { session, used });
        (true, evicted, removed)
    }

    /// Internal lookup: a new reference, marked most recently used.
    pub fn get(&self, id: &[u8]) -> Option<CRef<Session>> {
        let mut g = self.inner.lock();
        g.clock += 1;
        let now = g.clock;
        let e = g.by_id.get_mut(id)?;
        e.used = now;
        Some(e.session.clone())
    }

    pub fn contains(&self, id: &[u8]) -> bool {
        self.inner.lock().by_id.contains_key(id)
    }

    /// `SSL_CTX_remove_session`: the removed session, if it was cached.
    pub fn remove(&self, session_ptr: usize, id: &[u8]) -> Option<CRef<Session>> {
        let mut g = self.inner.lock();
        if g.by_id.get(id).is_some_and(|e| e.session.ptr() == session_ptr) {
            return g.by_id.remove(id).map(|e| e.session);
        }
        None
    }

    /// `SSL_CTX_flush_sessions(ctx, t)`: removes sessions expired at `t_ms`.
    pub fn flush(&self, t_ms: u64) -> Removed {
        let mut g = self.inner.lock();
        let expired: Vec<Vec<u8>> =
            g.by_id.iter().filter(|(_, e)| e.session.read(|d| d.is_expired(t_ms))).map(|(k, _)| k.clone()).collect();
        expired.into_iter().filter_map(|k| g.by_id.remove(&k).map(|e| e.session)).collect()
    }
}
