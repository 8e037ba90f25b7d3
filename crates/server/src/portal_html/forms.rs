//! The HTML portal's POST forms (`application/x-www-form-urlencoded`), as the handlers in
//! `crate::portal_html` read them. The handlers parse the pairs themselves (a missing field is an
//! empty one); these types only describe the fields for the OpenAPI document.
//!
//! Every signed-in form carries the session's CSRF token in `csrf`, unless the request sends
//! it in the `X-CSRF-Token` header (htmx does); without either the answer is `403`.

use serde::Deserialize;
use utoipa::ToSchema;

/// The sign-in form: the API client's credentials and the form's anti-forgery token.
#[derive(Debug, Deserialize, ToSchema)]
#[schema(example = json!({"client_id": "vipmp-sandbox-client", "client_secret": "vipmp-sandbox-secret", "csrf": "0Wn1Yx..."}))]
pub struct SignInForm {
    /// The API client id (the `X-Api-Key`, the IMS `client_id`).
    pub client_id: String,
    /// Its client secret.
    pub client_secret: String,
    /// The token of the sign-in page, equal to the `vipmp_signin` cookie it set.
    pub csrf: String,
}

/// A form with no field but the CSRF token (a button).
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(default)]
pub struct CsrfForm {
    /// The session's CSRF token (or send it in `X-CSRF-Token`).
    pub csrf: String,
}

/// Save of a customer's Edit form. Only values that differ from the customer's are applied.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(default, rename_all = "camelCase")]
pub struct CustomerEditForm {
    /// The session's CSRF token (or send it in `X-CSRF-Token`).
    pub csrf: String,
    /// The account status: `1000`, `1004`, `1010`, `1012` or `1024`.
    #[schema(example = "1004")]
    pub status: String,
    /// The cotermDate (`YYYY-MM-DD`); every active or scheduled subscription follows it.
    #[schema(example = "2027-01-31")]
    pub coterm_date: String,
    /// A checkbox: `on` or `true` enables global sales; absent disables them.
    #[schema(example = "on")]
    pub global_sales_enabled: String,
    /// GOV and EDU customers: the market sub-segment (`STATE`, `FEDERAL`; `K_12`, `HIGHER_ED`,
    /// `NON_PROFIT`); absent or unchanged leaves it.
    #[schema(example = "FEDERAL")]
    pub market_sub_segment: String,
}

/// Save of a customer's 3YC terms form. An empty field leaves the value as it is.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(default, rename_all = "camelCase")]
pub struct TermsForm {
    /// The session's CSRF token (or send it in `X-CSRF-Token`).
    pub csrf: String,
    /// The commitment's start date (`YYYY-MM-DD`).
    #[schema(example = "2025-01-01")]
    pub start_date: String,
    /// Its end date (`YYYY-MM-DD`).
    #[schema(example = "2027-12-31")]
    pub end_date: String,
    /// Its status: `REQUESTED`, `ACCEPTED`, `COMMITTED`, `INACTIVE`, `DECLINED`,
    /// `NONCOMPLIANT` or `EXPIRED`.
    #[schema(example = "COMMITTED")]
    pub status: String,
}

/// The Create PA dialog: a product and a quantity.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(default, rename_all = "camelCase")]
pub struct PurchaseAuthorizationForm {
    /// The session's CSRF token (or send it in `X-CSRF-Token`).
    pub csrf: String,
    /// The product's base offer id (one of the dialog's choices, or any offer of the customer's
    /// market segment).
    #[schema(example = "65304520CA01A12")]
    pub base_offer_id: String,
    /// Seats, a whole number from 1.
    #[schema(example = "3")]
    pub quantity: String,
}

/// Save of a subscription's Edit form (SPEC §5.7).
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(default, rename_all = "camelCase")]
pub struct SubscriptionEditForm {
    /// The session's CSRF token (or send it in `X-CSRF-Token`).
    pub csrf: String,
    /// The renewal quantity (E22's range).
    #[schema(example = "12")]
    pub renewal_quantity: String,
    /// `true` or `false`.
    #[schema(example = "true")]
    pub auto_renewal: String,
    /// `1000` (active) or `1004` (inactive).
    #[schema(example = "1000")]
    pub status: String,
    /// `MOQ_100`, `MOQ_250`, `MOQ_500`, or `none` to remove the code (Acrobat Pro group only).
    #[schema(example = "MOQ_100")]
    pub renewal_code: String,
}

/// Save of a deployment's Edit form: its status and address (the country never changes).
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(default, rename_all = "camelCase")]
pub struct DeploymentEditForm {
    /// The session's CSRF token (or send it in `X-CSRF-Token`).
    pub csrf: String,
    /// `1000` (active) or `1004` (inactive).
    #[schema(example = "1000")]
    pub status: String,
    /// The region (ISO 3166-2 suffix of the deployment's country, or `00`).
    #[schema(example = "27")]
    pub region: String,
    /// City.
    #[schema(example = "Osaka")]
    pub city: String,
    /// First address line.
    pub address_line1: String,
    /// Second address line.
    pub address_line2: String,
    /// Postal code.
    #[schema(example = "530-0001")]
    pub postal_code: String,
    /// Phone number.
    pub phone_number: String,
}

/// Accept or reject a pending 3YC request.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(default)]
pub struct DecisionForm {
    /// The session's CSRF token (or send it in `X-CSRF-Token`).
    pub csrf: String,
    /// `commitmentRequest` (the default) or `recommitmentRequest`.
    #[schema(example = "commitmentRequest")]
    pub request: String,
    /// `ACCEPT`; anything else rejects.
    #[schema(example = "ACCEPT")]
    pub decision: String,
}

/// The owner's decision on the linked membership terms (final).
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(default, rename_all = "camelCase")]
pub struct LinkedTermsForm {
    /// The session's CSRF token (or send it in `X-CSRF-Token`).
    pub csrf: String,
    /// `ACCEPT`; anything else rejects.
    #[schema(example = "ACCEPT")]
    pub decision: String,
}

/// Enroll to Linked Membership with a code.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(default, rename_all = "camelCase")]
pub struct LinkedEnrollForm {
    /// The session's CSRF token (or send it in `X-CSRF-Token`).
    pub csrf: String,
    /// A join code the group's owner generated (72 hours).
    #[schema(example = "K7QW2MZP")]
    pub code: String,
}

/// Make a customer a migrated HVD customer.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(default, rename_all = "camelCase")]
pub struct HvdForm {
    /// The session's CSRF token (or send it in `X-CSRF-Token`).
    pub csrf: String,
    /// `17` or `18`.
    #[schema(example = "18")]
    pub discount_level: String,
    /// `PRE_DCLO` (the default) or `POST_DCLO`.
    #[schema(example = "PRE_DCLO")]
    pub pricing: String,
}

/// Save of a reseller's Edit form.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(default)]
pub struct ResellerEditForm {
    /// The session's CSRF token (or send it in `X-CSRF-Token`).
    pub csrf: String,
    /// The status: `1000`, `1004`, `1010` or `1012`.
    #[schema(example = "1004")]
    pub status: String,
}

/// Save of an order's Edit form (or its Cancel button, `status=1008`). Only values that
/// differ from the order's are applied.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(default, rename_all = "camelCase")]
pub struct OrderEditForm {
    /// The session's CSRF token (or send it in `X-CSRF-Token`).
    pub csrf: String,
    /// The status: `1000`, `1004`, `1008` (cancel), `1020`, `1022`, `1024` or `1026`.
    #[schema(example = "1008")]
    pub status: String,
    /// The creation date, `YYYY-MM-DD` or `YYYY-MM-DDTHH:MM:SSZ`.
    #[schema(example = "2026-01-15T09:30:00Z")]
    pub creation_date: String,
}

/// My Distributors' global sales buttons.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(default)]
pub struct GlobalSalesForm {
    /// The session's CSRF token (or send it in `X-CSRF-Token`).
    pub csrf: String,
    /// `true` enables global sales; anything else disables them.
    #[schema(example = "true")]
    pub enabled: String,
}

/// The clock widget and the Snapshots page's clock forms: the first of `advance`, `set`
/// and `freeze` that is present applies.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(default)]
pub struct ClockForm {
    /// The session's CSRF token (or send it in `X-CSRF-Token`).
    pub csrf: String,
    /// Move forward by an ISO 8601 duration or a short one (`30d`, `1y2mo`).
    #[schema(example = "30d")]
    pub advance: String,
    /// Move forward to an instant or a date.
    #[schema(example = "2027-05-01T00:00:00Z")]
    pub set: String,
    /// `true` freezes the clock; anything else lets it run.
    #[schema(example = "true")]
    pub freeze: String,
}

/// Save a snapshot.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(default)]
pub struct SnapshotForm {
    /// The session's CSRF token (or send it in `X-CSRF-Token`).
    pub csrf: String,
    /// The snapshot's name (`[A-Za-z0-9._-]{1,64}`).
    #[schema(example = "before-renewal")]
    pub name: String,
}

/// Add a fault rule. `kind` picks the action; the fields of the other actions are ignored.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(default, rename_all = "camelCase")]
pub struct FaultForm {
    /// The session's CSRF token (or send it in `X-CSRF-Token`).
    pub csrf: String,
    /// `*` (any), `GET`, `POST` or `PATCH`.
    #[schema(example = "POST")]
    pub method: String,
    /// The path or route template the rule matches.
    #[schema(example = "/v3/customers/{customer-id}/orders")]
    pub path: String,
    /// Only requests about this customer.
    pub customer_id: String,
    /// How many times the rule applies (then it is removed).
    #[schema(example = "1")]
    pub times: String,
    /// The probability that it applies to a matching request (0 to 1).
    #[schema(example = "0.5")]
    pub probability: String,
    /// `error` (the default), `latency` or `drop` (commit, then drop the connection).
    #[schema(example = "error")]
    pub kind: String,
    /// The error's HTTP status (`error`; default `500`).
    #[schema(example = "500")]
    pub status: String,
    /// The error's Adobe code (`error`).
    #[schema(example = "1124")]
    pub code: String,
    /// The error's message (`error`).
    pub message: String,
    /// The added latency in milliseconds (`latency`).
    #[schema(example = "2000")]
    pub latency_ms: String,
}

/// Save of a reusable flexible discount's new end date.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(default, rename_all = "camelCase")]
pub struct FlexEndDateForm {
    /// The session's CSRF token (or send it in `X-CSRF-Token`).
    pub csrf: String,
    /// `YYYY-MM-DD` (its last second) or a Zulu date-time: after the start date, before the lock end date.
    #[schema(example = "2027-01-31")]
    pub end_date: String,
}

/// Quick Create and Custom Create a membership (Custom Create reads every field).
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(default, rename_all = "camelCase")]
pub struct MembershipForm {
    /// The session's CSRF token (or send it in `X-CSRF-Token`).
    pub csrf: String,
    /// Company name.
    #[schema(example = "Acme")]
    pub company_name: String,
    /// Offers, 1–10.
    pub eligible_offer_count: Option<String>,
    /// `COM`, `EDU` or `GOV`.
    pub market_segment: Option<String>,
    /// GOV `STATE`/`FEDERAL`, EDU `K_12`/`HIGHER_ED`/`NON_PROFIT`.
    pub market_sub_segment: Option<String>,
    /// `FULL`, `PARTIAL` or `NO`.
    pub renewal_status: Option<String>,
    /// Checkboxes (`true` when checked): worldwide, 3YC, LM owner, LM member, LGA.
    pub enable_worldwide: Option<String>,
    /// 3YC.
    pub three_year_commit: Option<String>,
    /// Linked-membership owner.
    pub linked_membership_owner: Option<String>,
    /// Linked-membership member.
    pub linked_membership_member: Option<String>,
    /// The owner's group id (members).
    pub linked_membership_group_id: Option<String>,
    /// HVD level `17` or `18` (empty: not HVD).
    pub discount_level: Option<String>,
    /// HVD pricing `PRE_DCLO` or `POST_DCLO`.
    pub pricing: Option<String>,
    /// LGA.
    pub enable_lga: Option<String>,
    /// Custom Create: country.
    pub country: Option<String>,
    /// Custom Create: currency.
    pub currency: Option<String>,
    /// Custom Create: one offer id.
    pub offer_id: Option<String>,
    /// Custom Create: its quantity.
    pub quantity: Option<String>,
    /// Custom Create knobs (checked: ineligible with the reason): `openPurchaseAuthorizations`,
    /// `returnablePurchase`, `unpaidInvoice`, `unbilledOrder`, `unprocessedOrders`, `inactive`,
    /// `noTargetSku`, `extendedTerm3yc`, `invalidCountry`.
    pub unpaid_invoice: Option<String>,
    /// Custom Create: unchecked makes `CONTRACT_NOT_ACCEPTED`.
    pub contract_accepted: Option<String>,
    /// Custom Create: unchecked removes the admin contacts (`5120`).
    pub admin_contacts_present: Option<String>,
}

/// Update Transfer Status.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(default)]
pub struct TransferStatusForm {
    /// The session's CSRF token (or send it in `X-CSRF-Token`).
    pub csrf: String,
    /// `1000` completes the open transfer now, `1004` fails it.
    #[schema(example = "1000")]
    pub status: String,
}
