//! The use cases. Each takes an open unit of work ([`crate::store::Tx`]) and a [`Ctx`]
//! (settings, the instant of the request, the caller's distributor); the caller commits.

use chrono::{DateTime, Utc};

use crate::error::{CoreError, CoreResult, ErrorCode};
use crate::model::{Customer, Distributor};
use crate::settings::Settings;
use crate::store::Tx;

pub mod activation;
pub mod commitments;
pub mod contacts;
pub mod customers;
pub mod defaults;
pub mod deployments;
pub mod flex_discounts;
pub mod forecast;
pub mod high_growth;
pub mod hvd;
pub mod levels;
pub mod linked_memberships;
pub mod memberships;
pub mod orders;
pub mod portal_dates;
pub mod portal_edits;
pub mod portal_resources;
pub mod portal_view;
pub mod pricelist;
pub mod pricing;
pub mod processing;
pub mod purchase_authorizations;
pub mod recommendations;
pub mod renewals;
pub mod reseller_change;
pub mod resellers;
pub mod seed;
pub mod subscriptions;
pub mod switch;
pub mod switch_paths;
mod switch_rules;
pub mod three_year_commit;
pub mod timeline;

/// What every use case needs besides the store.
#[derive(Debug, Clone, Copy)]
pub struct Ctx<'a> {
    /// Behaviour settings.
    pub settings: &'a Settings,
    /// The instant of the request (from the clock).
    pub now: DateTime<Utc>,
    /// The caller's distributor.
    pub distributor: &'a Distributor,
}

/// A customer of the caller's distributor for a portal action: an unknown one is `404 P404`.
pub(crate) async fn portal_customer(tx: &mut dyn Tx, ctx: &Ctx<'_>, id: &str) -> CoreResult<Customer> {
    tx.customer(&ctx.distributor.id, id).await?.ok_or_else(|| CoreError::code(ErrorCode::PortalNotFound))
}
