//! The failed-secret throttle: after [`MAX_FAILURES`] wrong secrets for one client id within
//! [`WINDOW`], IMS and the portal sign-in answer 429 with `Retry-After` for that client id
//! until the oldest failure leaves the window. It runs on the wall clock (a tenant's virtual
//! clock must not open the window), per instance, and keeps at most [`MAX_CLIENTS`] client ids.

use std::collections::{HashMap, VecDeque};
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Failures allowed per client id within [`WINDOW`].
pub const MAX_FAILURES: usize = 10;
/// The window failures are counted in.
pub const WINDOW: Duration = Duration::from_secs(60);
/// Most client ids tracked at once (expired ones are dropped first).
pub const MAX_CLIENTS: usize = 10_000;

/// Recent failures per client id.
#[derive(Debug, Default)]
pub struct SecretThrottle {
    failures: Mutex<HashMap<String, VecDeque<Instant>>>,
}

impl SecretThrottle {
    /// `Some(seconds to wait)` when `client_id` has used up its failures.
    pub fn blocked(&self, client_id: &str) -> Option<u64> {
        let now = Instant::now();
        let mut map = self.failures.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        let times = map.get_mut(client_id)?;
        while times.front().is_some_and(|t| now.duration_since(*t) >= WINDOW) {
            times.pop_front();
        }
        if times.len() < MAX_FAILURES {
            return None;
        }
        let oldest = *times.front()?;
        let left = WINDOW.saturating_sub(now.duration_since(oldest));
        Some(left.as_secs() + u64::from(left.subsec_nanos() > 0))
    }

    /// Records a wrong secret for `client_id`.
    pub fn failed(&self, client_id: &str) {
        let now = Instant::now();
        let mut map = self.failures.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        if map.len() >= MAX_CLIENTS && !map.contains_key(client_id) {
            map.retain(|_, times| times.back().is_some_and(|t| now.duration_since(*t) < WINDOW));
            if map.len() >= MAX_CLIENTS {
                return;
            }
        }
        let times = map.entry(client_id.to_string()).or_default();
        times.push_back(now);
        while times.len() > MAX_FAILURES {
            times.pop_front();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ten_failures_block_that_client_only() {
        let t = SecretThrottle::default();
        for _ in 0..MAX_FAILURES - 1 {
            t.failed("a");
        }
        assert_eq!(t.blocked("a"), None);
        t.failed("a");
        let wait = t.blocked("a").expect("blocked");
        assert!((59..=60).contains(&wait), "{wait}");
        assert_eq!(t.blocked("b"), None);
    }
}
