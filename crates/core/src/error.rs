//! The errors of the domain, each of which knows its Adobe error code, HTTP status and message.
//!
//! `ErrorCode` is a closed list: the HTTP layers map it to a wire body in exactly one place each.

use std::fmt;

macro_rules! error_codes {
    ($($variant:ident = ($code:literal, $status:literal, $message:literal),)*) => {
        /// Every error code the emulator emits, with its HTTP status and canonical message (SPEC §3.3).
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum ErrorCode { $(
            #[doc = $message]
            $variant,
        )* }

        impl ErrorCode {
            /// The code as it appears on the wire (`"1117"`, `"P409"`).
            pub fn code(self) -> &'static str { match self { $(Self::$variant => $code,)* } }
            /// The HTTP status that carries this code.
            pub fn http_status(self) -> u16 { match self { $(Self::$variant => $status,)* } }
            /// The canonical message.
            pub fn message(self) -> &'static str { match self { $(Self::$variant => $message,)* } }
        }
    };
}

error_codes! {
    InvalidDistributor = ("1114", 400, "Invalid Distributor"),
    InvalidReseller = ("1115", 404, "Invalid Reseller"),
    InvalidCustomer = ("1116", 404, "Invalid Customer"),
    InvalidFields = ("1117", 400, "Some fields are invalid"),
    InvalidAddress = ("1118", 400, "Invalid Address"),
    NotEditable = ("1119", 400, "Some fields are not editable"),
    UnexpectedFields = ("1121", 400, "Request contains additional unexpected fields"),
    MissingFields = ("1122", 400, "Request is missing required fields"),
    Internal = ("1124", 500, "Internal Server Error. Please try again later"),
    AccountPendingOrBlocked = ("1125", 400, "Account cannot be updated while status is pending or blocked"),
    ResellerInactive = ("1126", 400, "Customer cannot be created because reseller account is inactive"),
    AccountExists = ("1127", 400, "Account already exists"),
    InvalidSearchParameter = ("1132", 400, "Invalid value for search parameter"),
    OffsetOutOfRange = ("1133", 400, "Offset out of range"),
    InvalidMinimumQuantity = ("1135", 400, "Invalid minimum quantity"),
    PartnerNotGlobal = ("1139", 400, "Partner is not enabled for global sales"),
    CustomerNotGlobal = ("1140", 400, "Customer is not enabled for global sales"),
    DeploymentSameCountry = ("1141", 400, "Deployment and customer country cannot be the same"),
    SegmentNotGlobal = ("1142", 400, "Market segment not allowed for global sales"),
    ThreeYcNotAllowed = ("1147", 400, "3YC Customer not allowed"),
    InactivePartnerContract = ("1159", 400, "Inactive Partner Contract"),
    InvalidSegmentForPartner = ("1160", 400, "Invalid Market Segment for Partner"),
    InvalidCurrencyRegionForPartner = ("1161", 400, "Invalid Currency/Region for Partner"),
    PriceListNotFound = ("1162", 404, "Price List not found"),
    LgaSegment = ("1163", 400, "Market segment not allowed for Large Government Agency"),
    InvalidApprovalCode = ("1128", 404, "Invalid Reseller Change Code"),
    ApprovalCodeExpired = ("1129", 404, "Reseller Change Code is expired"),
    ResellerChangeComplete = ("1131", 400, "Reseller Change is already complete"),
    InvalidOperationOnPath = ("1134", 400, "Invalid operation on path"),
    LgaNotEnabledForPartner = ("1164", 400, "Large Government Agency is not enabled for partner"),
    LgaCountry = ("1167", 400, "Invalid country for Large Government Agency"),
    LinkedGroupNotFound = ("1143", 404, "Linked Account Group Not Found"),
    InvalidGroupId = ("1153", 400, "Invalid group id"),
    LgaNotEnabledForCustomer = ("1165", 400, "Large Government Agency is not enabled for customer"),
    LgaNotEnabledForGroup = ("1166", 400, "Large Government Agency is not enabled for linked account group"),
    LgaSubSegment = ("1168", 400, "Market subsegment not allowed for Large Government Agency"),
    InvalidCountryForPartner = ("1178", 400, "Invalid Country for Partner"),
    InvalidOrder = ("2115", 404, "Invalid Customer or Order ID"),
    InvalidStatus = ("2116", 400, "Invalid status"),
    CancellationWindowClosed = ("2117", 400, "Cancellation window has closed"),
    AlreadyCancelled = ("2118", 400, "Order has already been cancelled"),
    TooManyLineItems = ("2119", 400, "Too many line items"),
    QuantityOutOfRange = ("2120", 400, "Line item quantity out of range"),
    DuplicateLineNumbers = ("2121", 400, "Duplicate line item numbers"),
    InvalidOffer = ("2122", 400, "Line item Offer ID is invalid"),
    LineNumberOutOfRange = ("2123", 400, "extLineItemNumber out of range"),
    ProgramNotAllowed = ("2124", 400, "Distributor not allowed to sell the program"),
    CurrencyNotAllowed = ("2125", 400, "Distributor not allowed to sell in the currency for the region"),
    ExternalReferenceTooLong = ("2126", 400, "externalReferenceId exceeds maximum character limit"),
    CurrencyNotValidForOffer = ("2128", 400, "Currency is not valid for Offer ID"),
    NotEligible = ("2129", 400, "Customer is not eligible to purchase Offer ID"),
    ReturnOfferMismatch = ("2130", 400, "Line item Offer ID does not match original order"),
    ReturnLineMismatch = ("2131", 400, "extLineItemNumber does not match original order"),
    ReturnQuantityMismatch = ("2132", 400, "Line item quantity does not match original order"),
    AlreadyReturned = ("2133", 400, "Line item has already been returned"),
    ReturnExpired = ("2134", 400, "Line item cannot be returned as the order already expired"),
    InvalidMarketSegment = ("2135", 400, "Invalid market segment used for customer"),
    NothingAutoRenews = ("2136", 400, "Please review the renewal settings. Auto-renewal needs to be turned on for at least 1 quantity"),
    CurrencyNotAligned = ("2137", 400, "Currency code not aligned"),
    InvalidDeployment = ("2138", 404, "Invalid Deployment"),
    DeploymentNotAllowed = ("2139", 400, "Deployment not allowed for this contract"),
    ConflictingCurrencies = ("2140", 400, "Order contains order level currency and line-item level currency"),
    FlexDiscountNotQualified = ("2141", 400, "Customer is not qualified for the flexible discount"),
    FlexDiscountCombined = ("2144", 400, "Flexible Discount cannot be applied in combination with other discounts"),
    FlexDiscountNonBase = ("2145", 400, "Flexible discount codes cannot be applied to non-base products"),
    InvalidFlexDiscountCode = ("2146", 400, "Invalid Flexible Discount Code"),
    OneFlexDiscountPerLine = ("2147", 400, "Only one Flexible Discount code is allowed per line item"),
    MultiCurrencyPricing = ("2148", 400, "Invalid pricing request for multiple currencies"),
    AllRenewed = ("2164", 400, "All subscriptions are already renewed"),
    FlexDiscountThreeYcOnly = ("2166", 400, "This promo code is applicable for only 3YC customers"),
    SwitchQuantityMismatch = ("2149", 400, "Switch plan error: Requested quantity and cancel quantity must be equal"),
    SwitchPathInvalid = ("2150", 400, "Switch path validity check failed"),
    SwitchQuantityAboveActive = ("2151", 400, "Requested quantity must be less than or equal to the active subscription quantity"),
    SwitchOneItemOnly = ("2152", 400, "Only one item supported for switch"),
    SwitchItemMismatch = ("2153", 400, "Line item and cancelling line item mismatch"),
    SwitchUpgradeNotSupported = ("2154", 400, "Upgrade not supported"),
    InvalidSubscription = ("3115", 404, "Invalid Customer or Subscription ID"),
    RenewalQuantityOutOfRange = ("3116", 400, "renewalQuantity out of range"),
    OrderQuantityOutOfRange = ("3118", 400, "orderQuantity out of range"),
    InactiveSubscription = ("3119", 400, "Inactive Subscription is not Editable"),
    InvalidRenewalUpdate = ("3120", 400, "Update could not be performed because it would create an invalid renewal order"),
    NotAllowedForRenewal = ("3121", 400, "Subscription Not allowed for Renewal"),
    NotWithinRenewalWindow = ("3122", 400, "Not within Renewal Window"),
    EarlyRenewalInProgress = ("3131", 400, "Early renewal in progress. Invalid order type."),
    IneligibleProductForOrderType = ("3132", 400, "Ineligible product for orderType"),
    FinalThreeYearTerm = ("3133", 400, "Early renewal is not allowed for customers in final 3YC term"),
    ApiKeyInvalid = ("4115", 403, "Api Key is invalid or missing"),
    TokenInvalid = ("4116", 401, "Authorization token is invalid"),
    TokenMissing = ("4117", 403, "Authorization token is missing"),
    TooManyRequests = ("4118", 429, "Too many requests"),
    CorrelationIdMissing = ("4119", 400, "Correlation ID is Invalid or Missing"),
    DuplicateRequestId = ("4120", 400, "Duplicate request id, same requestId has already been processed"),
    Forbidden = ("4121", 403, "You are not allowed to perform that action on this resource"),
    AlreadyProcessing = ("4122", 400, "This request is already being processed. Please wait a moment and try again."),
    InvalidMembership = ("5115", 400, "Invalid Membership ID"),
    MembershipTransferNotFound = ("5116", 400, "Invalid Membership or Transfer ID"),
    TransferNotFound = ("5116", 404, "Invalid Membership or Transfer ID"),
    NotEligibleForTransfer = ("5117", 400, "Customer is not eligible for transfer"),
    AlreadyTransferred = ("5118", 400, "Customer has already been transferred"),
    TransferResellerInactive = ("5119", 400, "Customer cannot be transferred because reseller account is inactive"),
    NoAdminContacts = ("5120", 400, "Customer cannot be transferred because there are no admin contacts"),
    TransferInProgress = ("5121", 400, "Transfer currently in progress for this customer"),
    InvalidRequest = ("5122", 400, "Invalid Request"),
    MoqInvalidCode = ("5123", 400, "Invalid Discount Code"),
    MoqRenewalQuantity = ("5124", 400, "Invalid Renewal Quantity for Discount Code"),
    MoqInvalidRequest = ("5125", 400, "Invalid Request for Discount Code"),
    MoqCurrentQuantity = ("5126", 400, "Invalid Current Quantity for Discount Code"),
    MoqOutsidePeriod = ("5127", 400, "Discount Code is not valid for the current time period"),
    MoqRegularCustomer = ("5128", 400, "Discount code not applicable for regular customer"),
    MoqCommittedQuantity = ("5129", 400, "Discount Code not applicable for 3yc committed quantity"),
    MoqOrderQuantity = ("5131", 400, "Invalid Order Quantity for Discount Code"),
    MoqNotForTerm = ("5132", 400, "Discount Code not applicable for the current term"),
    MoqBelowMinimum = ("5133", 400, "Order cancellation not allowed below MOQ quantity"),
    MoqAutoRenewalOff = ("5134", 400, "Could not turn off Auto Renewal for MOQ offer"),
    InvalidHvdDiscountCode = ("5135", 400, "Invalid Discount Code"),
    InvalidRecommendationCountry = ("5136", 400, "Not allowed to fetch Recommendations for Country"),
    InvalidRecommendationLanguage = ("5137", 400, "Not allowed to fetch Recommendations for language"),
    NotFound = ("404", 404, "Not Found"),
    MethodNotAllowed = ("405", 405, "Method Not Allowed"),
    PayloadTooLarge = ("413", 413, "Request body is too large"),
    UriTooLong = ("414", 414, "Request URI is too long"),
    HeadersTooLarge = ("431", 431, "Request header fields are too large"),
    Timeout = ("504", 504, "The request took too long. Please try again later"),
    ServiceUnavailable = ("503", 503, "Service temporarily unavailable. Please try again later"),
    PortalBadRequest = ("P400", 400, "Invalid request"),
    PortalForbidden = ("P403", 403, "Not available in the production environment"),
    PortalNotFound = ("P404", 404, "Not found"),
    PortalConflict = ("P409", 409, "Conflict with the current state"),
    PortalTooManyRequests = ("P429", 429, "Too many requests"),
}

impl ErrorCode {
    /// Gateway errors carry only `code` and `message` on the wire (SPEC §2.7).
    pub fn is_gateway(self) -> bool {
        matches!(self, Self::ApiKeyInvalid | Self::TokenInvalid | Self::TokenMissing | Self::TooManyRequests)
    }
}

/// A domain error: an Adobe error code with its `additionalDetails`, or an internal failure.
#[derive(Debug, Clone, thiserror::Error)]
pub enum CoreError {
    /// A client-visible error in Adobe's shape.
    #[error("{} {}", .code.code(), .message.as_deref().unwrap_or(.code.message()))]
    Adobe {
        /// The code.
        code: ErrorCode,
        /// The `additionalDetails` array.
        details: Vec<String>,
        /// A message overriding the canonical one.
        message: Option<String>,
    },
    /// The store is unreachable; answered as 503.
    #[error("store unavailable: {0}")]
    Unavailable(String),
    /// A bug or an unexpected failure; answered as an opaque 500 1124 and logged.
    #[error("internal error: {0}")]
    Internal(String),
}

impl CoreError {
    /// An Adobe error without details.
    pub fn code(code: ErrorCode) -> Self {
        Self::Adobe { code, details: Vec::new(), message: None }
    }

    /// An Adobe error with details.
    pub fn with_details(code: ErrorCode, details: Vec<String>) -> Self {
        Self::Adobe { code, details, message: None }
    }

    /// An Adobe error with one detail.
    pub fn detail(code: ErrorCode, detail: impl Into<String>) -> Self {
        Self::Adobe { code, details: vec![detail.into()], message: None }
    }

    /// An Adobe error with its own message.
    pub fn message(code: ErrorCode, message: impl Into<String>, details: Vec<String>) -> Self {
        Self::Adobe { code, details, message: Some(message.into()) }
    }

    /// `400 1132`: an invalid search (query) parameter, named.
    pub fn search_param(param: &str) -> Self {
        Self::detail(ErrorCode::InvalidSearchParameter, param)
    }

    /// `400 P400`: a portal request refused, with what is wrong.
    pub fn portal_bad(detail: &str) -> Self {
        Self::detail(ErrorCode::PortalBadRequest, detail)
    }

    /// A portal `400 P400` refusing one field: the message `"{field}: must be {rule}"` and the
    /// field as the one detail (the HTML portal shows it next to that field).
    pub fn bad_field(field: &str, rule: impl fmt::Display) -> Self {
        Self::message(ErrorCode::PortalBadRequest, format!("{field}: must be {rule}"), vec![field.to_string()])
    }

    /// The Adobe code, if this is a client-visible error.
    pub fn error_code(&self) -> Option<ErrorCode> {
        match self {
            Self::Adobe { code, .. } => Some(*code),
            _ => None,
        }
    }
}

impl fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// Result alias of the domain.
pub type CoreResult<T> = Result<T, CoreError>;
