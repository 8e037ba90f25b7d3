//! vipmp-core: the domain of vipmp-sandbox, an emulator of Adobe's VIP Marketplace sandbox.
//!
//! Types and rules (ids, statuses, validation, levels, renewals), the use cases that apply them
//! through the [`store::Store`] port, and the [`clock::Clock`] every instant comes from. No web
//! framework, no SQL: the adapters depend on this crate, never the other way round.

pub mod clock;
pub mod control;
pub mod dates;
pub mod duration;
pub mod error;
pub mod ids;
pub mod input;
pub mod model;
pub mod reference;
pub mod service;
pub mod settings;
pub mod store;
pub mod validate;
