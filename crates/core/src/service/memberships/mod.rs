//! Transfer Memberships test data and VIP → VIP MP transfers (SPEC §2.8.9 E26–E28, §3.4, §4.13,
//! §5.8).
//!
//! A sandbox VIP membership exists only because the portal made it: Quick Create (always
//! eligible), Custom Create (eligible or not, by its knobs), or the fixed Ineligible Memberships
//! list. Memberships and their transfers are per-distributor documents of the generic
//! documents table (kinds [`MEMBERSHIP`] and [`TRANSFER`]). A transfer is created open (`1002`)
//! with a `due_at` (the order processing delay later); the jobs complete it (`1000`) on the distributor's clock: the customer, one
//! subscription per item and a `TRANSFER` order. The portal can force it complete or failed.

mod body;
mod completion;
mod create;
mod documents;
mod eligibility;
mod generate;
mod ineligible;
mod options;
mod records;
mod transfer;

pub use completion::{complete_due, set_status};
pub use create::{Created, custom_create, delete, quick_create};
pub use documents::decode;
pub use eligibility::{Bypass, Preview, preview};
pub use ineligible::{Ineligible, REASON_CODES, ineligible};
pub use records::{Hvd, LinkedMembership, Membership, MembershipItem, MembershipTransfer, TransferItem};
pub use transfer::{get_transfer, transfer};

/// The document kind of a test membership.
pub const MEMBERSHIP: &str = "membership";
/// The document kind of a VIP → VIP MP transfer.
pub const TRANSFER: &str = "membership_transfer";

#[cfg(test)]
mod tests;
