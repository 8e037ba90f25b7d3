//! What every surface shares: Adobe's error body and its one mapping ([`error`]), the
//! extractors that refuse in that shape ([`extract`]), authentication ([`auth`]), the unit of
//! work of a mutating call ([`write`]), the application state with the request's clock
//! ([`state`], [`clock`]), the request journal and fault injection around every API route
//! ([`context`], [`journal`], [`faults`], [`runtime`]), the request limits and the
//! observability middleware, and the pieces of the OpenAPI document that the surfaces share
//! ([`docs`], [`adobe_error`]).
//!
//! The kernel imports no surface.

pub mod adobe_error;
pub mod auth;
pub mod clock;
pub mod context;
pub mod docs;
pub mod error;
pub mod extract;
pub mod faults;
pub mod journal;
pub mod limits;
pub mod observe;

pub mod panics;
pub mod portal;
pub mod runtime;
pub mod security_headers;
pub mod state;
pub mod throttle;
pub mod write;
