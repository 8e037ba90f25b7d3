//! Customers: create (E7), update (E9) and the portal's edits of status, cotermDate and
//! global sales (§5.4.2, §5.4.3, §5.4.6).

mod body;
mod commitment_request;
mod create;
mod global_sales;
mod lga;
mod portal_edit;
mod update;

pub use commitment_request::commitment_end;
pub use create::create;
pub use lga::LGA_PENDING_UPGRADE;
pub use portal_edit::{PORTAL_STATUSES, PortalEdit, portal_edit, sub_segments};
pub use update::update;
