//! Wire shapes (SPEC §2.8, §2.9): domain records mapped to Adobe's JSON, field by field.
//!
//! Each shape is a typed `…Out` struct that is exactly what gets serialized (field order
//! included: serde_json keeps it) and derives its OpenAPI schema, so the document and the wire
//! cannot drift. The `fn reseller(..) -> Value`-style helpers are the same shapes as JSON values,
//! for callers that edit or embed them (the portal API).

use serde::Serialize;
use serde_json::Value;
use utoipa::ToSchema;
use vipmp_core::error::{CoreError, CoreResult};
use vipmp_core::model::{Address, Contact, Customer, Order, Reseller, Subscription};

mod accounts;
mod deployments;
mod flex_discounts;
mod memberships;
mod notifications;
mod orders;
mod pricelist;
mod recommendations;
mod resellers;
mod subscriptions;
mod switch;
mod transfers;

pub use accounts::{
    BenefitOut, CommitmentOut, CustomerList, CustomerOut, CustomerProfileOut, CustomerSummaryOut, DiscountOut,
    LgaBenefitOut, LinkedMembershipOut, MinimumQuantityOut, ThreeYearCommitBenefitOut, commitment_out, discounts,
    levels, zoneless,
};
pub use deployments::{DeploymentList, DeploymentOut, DeploymentProfileOut};
pub use flex_discounts::{DiscountValueOut, FlexDiscountList, FlexDiscountOut, OutcomeOut, QualificationOut};
pub use memberships::{
    MembershipDiscountOut, MembershipOfferOut, MembershipOffersOut, MembershipTransferLineOut, MembershipTransferOut,
};
pub use notifications::{NotificationList, NotificationOut, OpenAcquisitionsOut, UnpaidLicenseOut};
pub use orders::{
    EligibilityCriteriaOut, EligibleOfferOut, FlexDiscountResultOut, LineItemOut, LinePricingOut, OrderList, OrderOut,
    OrderView, PricingSummaryOut,
};
pub use pricelist::{PriceListOfferOut, PriceListOut};
pub use recommendations::{
    ErrorDetailsOut, OverlayItemOut, OverlayLeadOut, OverlayOut, ProductRecommendationsOut, ProductRefOut,
    RecommendationOut, RecommendationsOut, SourceOut,
};
pub use resellers::{NameOnly, ResellerList, ResellerOut, ResellerProfileOut, ResellerSummaryOut};
pub use subscriptions::{AutoRenewalOut, SubscriptionList, SubscriptionOut};
pub use switch::{CancellingItemOut, ProductUpgradeOut, SwitchPathList, SwitchTargetOut};
pub use transfers::{ApprovalOut, TransferLineOut, TransferOut};

/// Serializes a wire shape into a JSON value (for the idempotency pipeline, which stores
/// bodies as values).
pub fn to_json<T: Serialize>(shape: &T) -> CoreResult<Value> {
    serde_json::to_value(shape).map_err(|e| CoreError::Internal(e.to_string()))
}

fn value<T: Serialize>(shape: &T) -> Value {
    serde_json::to_value(shape).unwrap_or(Value::Null)
}

/// A HATEOAS link: always a `GET` with no headers.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[schema(as = Link, example = json!({"uri": "/v3/customers/1005000001", "method": "GET", "headers": []}))]
pub struct LinkOut {
    /// The target, a path with its query string.
    pub uri: String,
    /// Always `GET`.
    #[schema(value_type = String, example = "GET")]
    pub method: &'static str,
    /// Always empty.
    pub headers: Vec<String>,
}

impl LinkOut {
    /// A `GET` link to `uri`.
    pub fn get(uri: String) -> Self {
        Self { uri, method: "GET", headers: Vec::new() }
    }
}

/// The `links` member of a resource or a list: `self`, and `next`/`prev` on paged lists.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[schema(as = Links)]
pub struct LinksOut {
    /// This resource or page.
    #[serde(rename = "self")]
    pub self_: LinkOut,
    /// The next page, when `offset + count < totalCount`.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(nullable = false)]
    pub next: Option<LinkOut>,
    /// The previous page, when `offset > 0`.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(nullable = false)]
    pub prev: Option<LinkOut>,
}

impl LinksOut {
    /// Only `self`, a `GET` of `uri`.
    pub fn to(uri: String) -> Self {
        Self { self_: LinkOut::get(uri), next: None, prev: None }
    }
}

/// A postal address (SPEC §2.9).
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
#[schema(as = Address, example = json!({
    "country": "US", "region": "CA", "city": "San Jose", "addressLine1": "345 Park Avenue",
    "addressLine2": "", "postalCode": "95110", "phoneNumber": "800-123-4567"
}))]
pub struct AddressOut {
    /// ISO 3166-1 alpha-2 country code.
    pub country: String,
    /// ISO 3166-2 subdivision suffix (`CA` for `US-CA`), or `00`.
    pub region: String,
    /// City.
    pub city: String,
    /// First address line.
    pub address_line1: String,
    /// Second address line, `""` if none.
    pub address_line2: String,
    /// Postal code, valid for the country.
    pub postal_code: String,
    /// Phone number, `""` if none.
    pub phone_number: String,
}

impl From<&Address> for AddressOut {
    fn from(a: &Address) -> Self {
        Self {
            country: a.country.clone(),
            region: a.region.clone(),
            city: a.city.clone(),
            address_line1: a.address_line1.clone(),
            address_line2: a.address_line2.clone(),
            postal_code: a.postal_code.clone(),
            phone_number: a.phone_number.clone(),
        }
    }
}

/// A contact: an Admin Console administrator of the account.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
#[schema(as = Contact, example = json!({"firstName": "Ada", "lastName": "Lovelace", "email": "ada@example.com"}))]
pub struct ContactOut {
    /// First name.
    pub first_name: String,
    /// Last name.
    pub last_name: String,
    /// Email address.
    pub email: String,
    /// Phone number, only when one was given.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(nullable = false)]
    pub phone_number: Option<String>,
}

impl From<&Contact> for ContactOut {
    fn from(c: &Contact) -> Self {
        Self {
            first_name: c.first_name.clone(),
            last_name: c.last_name.clone(),
            email: c.email.clone(),
            phone_number: c.phone_number.clone(),
        }
    }
}

fn contacts(list: &[Contact]) -> Vec<ContactOut> {
    list.iter().map(ContactOut::from).collect()
}

/// The reseller resource, as JSON.
pub fn reseller(r: &Reseller) -> Value {
    value(&ResellerOut::from(r))
}

/// A reseller in the reseller list, as JSON.
pub fn reseller_summary(r: &Reseller) -> Value {
    value(&ResellerSummaryOut::from(r))
}

/// The customer's `benefits` array, as JSON.
pub fn benefits(c: &Customer) -> Value {
    value(&accounts::benefits(c))
}

/// The customer resource, as JSON.
pub fn customer(c: &Customer) -> Value {
    value(&CustomerOut::from(c))
}

/// A customer in the customer list, as JSON.
pub fn customer_summary(c: &Customer) -> Value {
    value(&CustomerSummaryOut::from(c))
}

/// The order resource, as JSON (see [`OrderOut::new`]).
pub fn order(o: &Order, view: OrderView, fetch_price: bool) -> Value {
    value(&OrderOut::new(o, view, fetch_price))
}

/// The subscription resource, as JSON.
pub fn subscription(s: &Subscription) -> Value {
    value(&SubscriptionOut::from(s))
}
