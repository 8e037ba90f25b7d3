//! What the CPAPI operations accept: request bodies and query parameters.
//!
//! The handlers read bodies by hand (so that Adobe's error precedence holds: `1121`, then
//! `1122`, then the format codes) and queries with `RawQuery`; these types only describe what
//! they accept and are never deserialized. Read-only members that clients echo back
//! (`customerId`, `status`, `links`, …) are accepted and ignored by the server but left out
//! here.
#![allow(dead_code, reason = "schema-only types: they describe requests and are never built")]

mod accounts;
mod deployments;
mod lists;
mod notifications;
mod offers;
mod orders;
mod switch;
pub use accounts::{
    AddressIn, BenefitIn, CommitmentRequestIn, ContactIn, CustomerIn, CustomerPatch, CustomerProfileIn,
    LinkedMembershipIn, MarketSegmentIn, MinimumQuantityIn, ResellerIn, ResellerPatch, ResellerProfileIn,
};
pub use deployments::{DeploymentIn, DeploymentListQuery, DeploymentPatch, DeploymentProfileIn};
pub use lists::{
    AccountSortBy, AccountStatusFilter, CustomerListQuery, HistoryOrderType, LinkedGroupQuery, OrderHistoryQuery,
    ResellerListQuery,
};
pub use notifications::NotificationQuery;
pub use offers::{
    CustomerFlexDiscountQuery, FetchPriceQuery, FlexDiscountQuery, MembershipTransferIn, MembershipTransferQuery,
    RecommendationIn, RecommendationOfferIn, RecommendationQuery, SubscriptionUpdateQuery,
};
pub use orders::{AutoRenewalIn, LineItemIn, OrderIn, OrderPatch, ResellerChangeIn, SubscriptionIn, SubscriptionPatch};
pub use switch::{CancellingItemIn, SubscriptionSwitchPathsQuery, SwitchOrderQuery, SwitchPathsQuery};
