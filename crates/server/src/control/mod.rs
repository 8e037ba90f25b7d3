//! The emulator's control plane around the CPAPI and portal API routes: the per-distributor
//! clock every request runs on ([`clock`]), the request journal ([`journal`], recorded by the
//! [`context`] middleware) and fault injection ([`faults`]). The portal endpoints that steer
//! them live in `crate::portal`.

pub mod clock;
pub mod context;
pub mod faults;
pub mod journal;
pub mod runtime;
