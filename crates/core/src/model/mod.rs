//! The domain's records: distributors, API clients, resellers, customers, orders and
//! subscriptions. These are what the store persists; the HTTP layers map them to wire DTOs.

mod address;
mod api_client;
mod customer;
mod distributor;
pub mod job_status;
mod linked_membership;
mod order;
mod renewal_job;
mod reseller;
mod reseller_change;
pub mod status;
mod subscription;
mod three_year_commit;

pub use address::{Address, Contact};
pub use api_client::{AccessToken, ApiClient};
pub use customer::{
    Customer, CustomerProfile, Deployment, Discount, HVD_MIGRATED_CUSTOMER, OpenRenewal, PurchaseAuthorization,
    RecommendationLead,
};
pub use distributor::Distributor;
pub use linked_membership::{JoinCode, LinkedGroup, LinkedGroups, LinkedMembership};
pub use order::{CancellingItem, EligibleOffer, FlexDiscountResult, LineItem, LinePricing, Order, OrderType};
pub use renewal_job::RenewalJob;
pub use reseller::{Reseller, ResellerProfile};
pub use reseller_change::{ApprovalCode, ResellerChanges, ResellerTransfer, TransferLine};
pub use subscription::{MoqTerm, Subscription, moq_minimum};
pub use three_year_commit::{Commitment, MinimumQuantity, ThreeYearCommit};
