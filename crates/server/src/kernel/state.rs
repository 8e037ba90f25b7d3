//! The state every handler shares.

use std::collections::HashMap;
use std::sync::Arc;

use tokio::sync::RwLock;
use vipmp_core::clock::{Clock, VirtualClock};
use vipmp_core::model::AccessToken;
use vipmp_core::settings::Settings;
use vipmp_core::store::Store;

/// Shared application state.
#[derive(Clone, Debug)]
pub struct AppState {
    /// The store.
    pub store: Arc<dyn Store>,
    /// The clock (virtual: it can be advanced for tests and time travel).
    pub clock: Arc<VirtualClock>,
    /// Domain settings.
    pub settings: Arc<Settings>,
    /// Tokens already validated, by token (they are immutable; expiry is checked on each use).
    pub token_cache: Arc<RwLock<HashMap<String, AccessToken>>>,
    /// API clients already seen, by client id: which distributor a key belongs to never
    /// changes, so the gateway only asks the store for keys it has not met yet.
    pub client_cache: Arc<RwLock<HashMap<String, vipmp_core::model::ApiClient>>>,
    /// The control plane's per-instance state: clock and fault caches, the journal writer,
    /// the time lock (see `control::runtime`).
    pub control: Arc<crate::kernel::runtime::Runtime>,
    /// Wrong secrets per client id, for IMS and the portal sign-in (see `throttle`).
    pub secret_throttle: Arc<crate::kernel::throttle::SecretThrottle>,
}

impl AppState {
    /// Builds the state.
    pub fn new(store: Arc<dyn Store>, clock: Arc<VirtualClock>, settings: Settings) -> Self {
        Self {
            store,
            clock,
            settings: Arc::new(settings),
            token_cache: Arc::default(),
            client_cache: Arc::default(),
            control: Arc::default(),
            secret_throttle: Arc::default(),
        }
    }

    /// The current instant: the virtual clock of the distributor whose request this is (set
    /// by `control::clock::scope`), else the base clock.
    pub fn now(&self) -> chrono::DateTime<chrono::Utc> {
        let wall = self.clock.now();
        crate::kernel::clock::current().map_or(wall, |c| c.now(wall))
    }
}
