//! The portal: the JSON API under `/portal/api/v1` (SPEC §5, §5.10). It authenticates like
//! CPAPI and acts only on the caller's distributor.

pub mod api;
pub mod caps;
pub mod clock;
pub mod customers;
pub mod deployments;
pub mod faults;
pub mod flex_discounts;
pub mod forecast;
pub mod linked_memberships;
pub mod lists;
pub mod memberships;
pub mod orders;
pub mod purchase_authorizations;
pub mod recommendations;
pub mod requests;
pub mod reseller_change;
pub mod resellers;
pub mod resources;
pub mod snapshots;
pub mod tools;
pub mod wire;
pub mod wire_control;
