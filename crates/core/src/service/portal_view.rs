//! What the portal shows of records (SPEC §5): an order's price, what the expanded customer allows,
//! which 3YC request waits for a decision, what became of a renewal job, whether a membership
//! transfers. Both portal surfaces render these views: the JSON API maps them to its wire types
//! and the HTML pages show the same, so a rule of the portal lives here once.
//!
//! Read-only: the views read the store outside any unit of work and change nothing.

use chrono::{DateTime, NaiveDate, Utc};

use super::memberships::Membership;
use super::{levels, purchase_authorizations, renewals, three_year_commit};
use crate::error::{CoreError, CoreResult, ErrorCode};
use crate::model::{
    Customer, Distributor, Order, PurchaseAuthorization, RenewalJob, Subscription, ThreeYearCommit, status,
};
use crate::reference::flex::FlexDiscount;
use crate::reference::{MarketSegment, OfferType, Product};
use crate::settings::{Profile, Settings};
use crate::store::Store;

fn not_found() -> CoreError {
    CoreError::code(ErrorCode::PortalNotFound)
}

/// The status of a 3YC request that waits for the partner's decision.
const REQUESTED: &str = "REQUESTED";

/// The price of an order as the portal shows it: the total partner price with its currency
/// (`"810.00 USD"`) of a complete order whose every line is priced, `-` otherwise.
pub fn order_price(o: &Order) -> String {
    let priced = o.status == status::ACTIVE && o.line_items.iter().all(|l| l.pricing.is_some());
    if !priced || o.line_items.is_empty() {
        return "-".into();
    }
    let total: f64 = o.line_items.iter().filter_map(|l| l.pricing.as_ref()).map(|p| p.line_item_partner_price).sum();
    format!("{total:.2} {}", o.currency_code)
}

/// A distributor's status as the portal lists it: `1000` active, `1004` inactive.
pub fn distributor_status(d: &Distributor) -> &'static str {
    if d.active { status::ACTIVE } else { status::INACTIVE }
}

/// Whether E26/E27 accept a membership made in the portal: no `5117` reason and an admin contact.
pub fn membership_eligible(m: &Membership) -> bool {
    m.reason_codes.is_empty() && !m.admin_contacts.is_empty()
}

/// The days Edit Reusable Flex Discounts offers for a discount's new end (SPEC §5.9): from its
/// start day to the day before its `discountLockEndDate` (no last day for one that is not
/// reusable). `flex_discounts::edit_end_date` refuses any other.
pub fn flex_end_days(d: &FlexDiscount) -> (NaiveDate, Option<NaiveDate>) {
    (d.start.date_naive(), d.lock_end.and_then(|lock| lock.date_naive().pred_opt()))
}

/// The 3YC request of a customer that waits for Accept or Reject (`commitmentRequest` before
/// `recommitmentRequest`), if one is `REQUESTED`.
pub fn pending_request(c: &Customer) -> Option<&'static str> {
    let t = c.three_year_commit.as_ref()?;
    let requested = |r: &Option<crate::model::Commitment>| r.as_ref().is_some_and(|r| r.status == REQUESTED);
    if requested(&t.commitment_request) {
        Some("commitmentRequest")
    } else if requested(&t.recommitment_request) {
        Some("recommitmentRequest")
    } else {
        None
    }
}

/// The Trigger Auto Renewal button.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TriggerAction {
    /// Whether a trigger would be accepted now.
    pub enabled: bool,
    /// Seconds left in the cooldown, 0 if none.
    pub cooldown_remaining_seconds: i64,
}

/// What the portal allows on the expanded customer. Every edit is the sandbox's: the production
/// profile allows none.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CustomerActions {
    /// Edit Status.
    pub edit_status: bool,
    /// Edit cotermDate.
    pub edit_coterm_date: bool,
    /// Edit 3YC terms (a commitment exists); also Make HVD customer.
    pub edit_3yc_terms: bool,
    /// Accept or reject a pending 3YC request.
    pub accept_3yc: bool,
    /// Enroll in 3YC.
    pub enroll_3yc: bool,
    /// Trigger Auto Renewal.
    pub trigger_auto_renewal: TriggerAction,
    /// Edit global sales (a COM customer of a global-sales distributor).
    pub edit_global_sales: bool,
    /// Generate Approval Code from the actions (never: not emulated there).
    pub generate_approval_code: bool,
    /// Create PA.
    pub create_pa: bool,
}

impl CustomerActions {
    /// The actions on `customer` of `distributor`, whose subscriptions are `subscriptions`, with
    /// `cooldown_remaining_seconds` left before a trigger is accepted again.
    pub fn of(
        settings: &Settings,
        distributor: &Distributor,
        customer: &Customer,
        subscriptions: &[Subscription],
        cooldown_remaining_seconds: i64,
    ) -> Self {
        let sandbox = settings.profile == Profile::Sandbox;
        let tyc: Option<&ThreeYearCommit> = customer.three_year_commit.as_ref();
        let licences = levels::active_total(subscriptions, OfferType::License);
        Self {
            edit_status: sandbox,
            edit_coterm_date: sandbox,
            edit_3yc_terms: sandbox && tyc.is_some_and(|t| t.commitment.is_some()),
            accept_3yc: sandbox && pending_request(customer).is_some(),
            enroll_3yc: sandbox && three_year_commit::can_enroll(customer, licences),
            trigger_auto_renewal: TriggerAction {
                enabled: sandbox && cooldown_remaining_seconds == 0,
                cooldown_remaining_seconds,
            },
            edit_global_sales: sandbox
                && distributor.global_sales_enabled
                && customer.profile.market_segment == MarketSegment::Com,
            generate_approval_code: false,
            create_pa: sandbox,
        }
    }
}

/// What the portal offers on the customer's linked membership group (SPEC §5.4.10): the owner
/// accepts or rejects the terms while they are `REQUESTED`, and generates join codes and
/// refreshes the level once they are `ACCEPTED`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct LinkedActions {
    /// Accept or Reject the terms.
    pub decide_terms: bool,
    /// Generate Linked Account Code and Refresh Discount Level.
    pub generate_code: bool,
}

impl LinkedActions {
    /// The actions on `customer`'s group (none unless it owns one).
    pub fn of(customer: &Customer) -> Self {
        let terms = customer.linked_membership.as_ref().and_then(|l| l.group.as_ref()).map(|g| g.terms_status.as_str());
        Self { decide_terms: terms == Some(REQUESTED), generate_code: terms == Some("ACCEPTED") }
    }
}

/// The expanded customer (Manage Records › Customers): the record, its orders and
/// subscriptions, its open purchase authorizations and what the portal allows on it.
#[derive(Debug, Clone)]
pub struct CustomerView {
    /// The customer.
    pub customer: Customer,
    /// Its orders.
    pub orders: Vec<Order>,
    /// Its subscriptions.
    pub subscriptions: Vec<Subscription>,
    /// Its open purchase authorizations, oldest first.
    pub purchase_authorizations: Vec<PurchaseAuthorization>,
    /// The products the Create PA dialog offers.
    pub pa_products: Vec<&'static Product>,
    /// What the portal allows.
    pub actions: CustomerActions,
    /// The 3YC request to accept or reject, when the portal allows it.
    pub pending_request: Option<&'static str>,
    /// What the portal offers on its linked membership group.
    pub linked: LinkedActions,
}

/// The expanded customer `id` of `distributor_id` at `now`; `404 P404` if there is none.
pub async fn customer(
    store: &dyn Store,
    settings: &Settings,
    distributor_id: &str,
    id: &str,
    now: DateTime<Utc>,
) -> CoreResult<CustomerView> {
    let customer = store.customer(distributor_id, id).await?.ok_or_else(not_found)?;
    let orders = store.orders_of(distributor_id, id).await?;
    let subscriptions = store.subscriptions_of(distributor_id, id).await?;
    let distributor = store.distributor(distributor_id).await?.ok_or_else(not_found)?;
    let remaining = renewals::remaining_seconds(store.cooldown_until(id).await?, now);
    let actions = CustomerActions::of(settings, &distributor, &customer, &subscriptions, remaining);
    Ok(CustomerView {
        purchase_authorizations: purchase_authorizations::open(&customer, now).into_iter().cloned().collect(),
        pa_products: purchase_authorizations::product_choices(&customer),
        pending_request: pending_request(&customer).filter(|_| actions.accept_3yc),
        linked: LinkedActions::of(&customer),
        orders,
        subscriptions,
        actions,
        customer,
    })
}

/// What became of the renewal order of a finished renewal job.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RenewalOrder {
    /// The job created none (nothing was due, or it only expired subscriptions).
    None,
    /// It is gone (a reset or a restored snapshot).
    Missing(String),
    /// It is still `1002` pending.
    Open(String),
    /// It completed (`1000`).
    Completed(String),
    /// It failed: its id and status (`1020`…`1026`, see `forecast::failure_reason`).
    Failed(String, String),
}

/// A renewal job started by Trigger Auto Renewal, with what became of its renewal order.
#[derive(Debug, Clone)]
pub struct RenewalJobView {
    /// The job.
    pub job: RenewalJob,
    /// Its renewal order.
    pub order: RenewalOrder,
}

impl RenewalJobView {
    /// Whether its renewal order failed.
    pub fn failed(&self) -> bool {
        matches!(self.order, RenewalOrder::Failed(..))
    }
}

/// The renewal job `id` of `distributor_id`; `404 P404` if there is none.
pub async fn renewal_job(store: &dyn Store, distributor_id: &str, id: &str) -> CoreResult<RenewalJobView> {
    let job = store.renewal_job(distributor_id, id).await?.ok_or_else(not_found)?;
    let order = match &job.renewal_order_id {
        None => RenewalOrder::None,
        Some(order_id) => match store.order(distributor_id, order_id).await? {
            None => RenewalOrder::Missing(order_id.clone()),
            Some(o) if o.status == status::PENDING => RenewalOrder::Open(o.id),
            Some(o) if o.status == status::ACTIVE => RenewalOrder::Completed(o.id),
            Some(o) => RenewalOrder::Failed(o.id, o.status),
        },
    };
    Ok(RenewalJobView { job, order })
}
