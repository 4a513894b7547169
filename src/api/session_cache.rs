//! The server session cache of an SSL_CTX, with OpenSSL's rules: a size
//! limit evicting the least recently used entry (counted as cache_full),
//! timeouts, flushes, and the remove callback — which the caller runs after
//! the lock is released, so callbacks may call back in.

use std::collections::{BTreeMap, HashMap};

use parking_lot::Mutex;

use super::handle::CRef;
use super::session::Session;

struct Entry {
    session: CRef<Session>,
    /// Recency stamp: larger is more recent.
    used: u64,
}

/// Entries by id, and their ids by recency so the least recently used is
/// found in O(log n) when the cache is full.
#[derive(Default)]
struct Inner {
    by_id: HashMap<Vec<u8>, Entry>,
    by_use: BTreeMap<u64, Vec<u8>>,
    clock: u64,
}

impl Inner {
    fn tick(&mut self) -> u64 {
        self.clock += 1;
        self.clock
    }

    fn take(&mut self, id: &[u8]) -> Option<CRef<Session>> {
        let e = self.by_id.remove(id)?;
        self.by_use.remove(&e.used);
        Some(e.session)
    }

    fn insert(&mut self, id: Vec<u8>, session: CRef<Session>) {
        let used = self.tick();
        self.by_use.insert(used, id.clone());
        self.by_id.insert(id, Entry { session, used });
    }
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
        if let Some(old) = g.take(&id) {
            removed.push(old);
        } else if max > 0 {
            // OpenSSL 3.0's SSL_CTX_add_session inserts the new session into
            // its hash first, then evicts the oldest listed ones while the
            // count is >= the size (the new one is not listed yet): a full
            // cache settles at size - 1 entries (size 10 holds 9, size 1
            // holds 1). Measured: hostile_peer.c's nst-flood.
            while !g.by_id.is_empty() && g.by_id.len() + 1 >= max {
                let Some((_, oldest)) = g.by_use.pop_first() else { break };
                if let Some(e) = g.by_id.remove(&oldest) {
                    e.session.update(|d| d.not_resumable = true);
                    removed.push(e.session);
                    evicted += 1;
                }
            }
        }
        g.insert(id, session);
        (true, evicted, removed)
    }

    /// Internal lookup: a new reference, marked most recently used.
    pub fn get(&self, id: &[u8]) -> Option<CRef<Session>> {
        let mut g = self.inner.lock();
        let now = g.tick();
        let e = g.by_id.get_mut(id)?;
        let before = std::mem::replace(&mut e.used, now);
        let s = e.session.clone();
        if let Some(k) = g.by_use.remove(&before) {
            g.by_use.insert(now, k);
        }
        Some(s)
    }

    pub fn contains(&self, id: &[u8]) -> bool {
        self.inner.lock().by_id.contains_key(id)
    }

    /// `SSL_CTX_remove_session`: the removed session, if it was cached.
    pub fn remove(&self, session_ptr: usize, id: &[u8]) -> Option<CRef<Session>> {
        let mut g = self.inner.lock();
        if g.by_id.get(id).is_some_and(|e| e.session.ptr() == session_ptr) {
            return g.take(id);
        }
        None
    }

    /// `SSL_CTX_flush_sessions(ctx, t)`: removes sessions expired at `t_ms`.
    pub fn flush(&self, t_ms: u64) -> Removed {
        let mut g = self.inner.lock();
        let expired: Vec<Vec<u8>> =
            g.by_id.iter().filter(|(_, e)| e.session.read(|d| d.is_expired(t_ms))).map(|(k, _)| k.clone()).collect();
        expired.into_iter().filter_map(|k| g.take(&k)).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::handle::{self, Kind};
    use crate::tls::session::SessionData;
    use std::sync::Arc;

    fn session(id: u8) -> CRef<Session> {
        let mut d = SessionData::new(None);
        d.session_id = vec![id; 4];
        let p = handle::register(Kind::Session, Arc::new(Session::new(d)));
        CRef::adopt(p, Kind::Session).unwrap()
    }

    #[test]
    fn evicts_least_recently_used_and_settles_below_its_limit_as_openssl() {
        let cache = SessionCache::default();
        for i in 0..2 {
            assert!(cache.add(session(i), 3).0);
        }
        assert!(cache.get(&[0; 4]).is_some()); // 0 becomes the most recent
        // OpenSSL 3.0 evicts while (count including the new one) >= size.
        let (added, evicted, removed) = cache.add(session(2), 3);
        assert!(added && evicted == 1);
        assert_eq!(removed[0].read(|d| d.session_id.clone()), vec![1; 4]);
        assert!(removed[0].read(|d| d.not_resumable));
        assert_eq!(cache.len(), 2);
        for i in 10..100 {
            cache.add(session(i), 3);
            assert_eq!(cache.len(), 2);
        }
        // Size 1 still holds one session (nothing older to evict it for).
        let single = SessionCache::default();
        single.add(session(200), 1);
        assert_eq!(single.len(), 1);
        let (_, evicted, _) = single.add(session(201), 1);
        assert_eq!((evicted, single.len()), (1, 1));
    }

    #[test]
    fn replaces_same_id_and_flushes_expired() {
        let cache = SessionCache::default();
        cache.add(session(1), 0);
        let (added, evicted, removed) = cache.add(session(1), 0);
        assert!(added && evicted == 0 && removed.len() == 1);
        assert_eq!(cache.flush(u64::MAX).len(), 1);
        assert!(cache.is_empty());
    }
}
