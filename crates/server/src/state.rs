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
}

impl AppState {
    /// Builds the state.
    pub fn new(store: Arc<dyn Store>, clock: Arc<VirtualClock>, settings: Settings) -> Self {
        Self { store, clock, settings: Arc::new(settings), token_cache: Arc::default() }
    }

    /// The current instant.
    pub fn now(&self) -> chrono::DateTime<chrono::Utc> {
        self.clock.now()
    }
}
