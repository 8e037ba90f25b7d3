//! Mutations of a seed request, and the proptest strategies that draw them. A mutation is
//! plain data (so a failing case prints readably and shrinks); it is applied when the request
//! is prepared, because ids are only known then.

use proptest::prelude::*;
use proptest::sample::Index;
use serde_json::{Map, Value, json};

/// A live record whose id a mutation can plant.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IdKind {
    Reseller,
    Customer,
    Order,
    Subscription,
    Distributor,
    ForeignReseller,
    ForeignCustomer,
    ForeignOrder,
}

impl IdKind {
    const ALL: [Self; 8] = [
        Self::Reseller,
        Self::Customer,
        Self::Order,
        Self::Subscription,
        Self::Distributor,
        Self::ForeignReseller,
        Self::ForeignCustomer,
        Self::ForeignOrder,
    ];

    /// The placeholder the harness fills.
    pub fn placeholder(self) -> &'static str {
        match self {
            Self::Reseller => "{reseller}",
            Self::Customer => "{customer}",
            Self::Order => "{order}",
            Self::Subscription => "{subscription}",
            Self::Distributor => "{distributor}",
            Self::ForeignReseller => "{foreign_reseller}",
            Self::ForeignCustomer => "{foreign_customer}",
            Self::ForeignOrder => "{foreign_order}",
        }
    }
}

/// An odd JSON value.
#[derive(Debug, Clone)]
pub enum Weird {
    Null,
    Bool(bool),
    Int(i64),
    UInt(u64),
    Float(f64),
    Str(String),
    /// One character repeated.
    Long(char, usize),
    Id(IdKind),
    EmptyArray,
    EmptyObject,
    Array(Vec<Weird>),
    /// `[[[…]]]`, this deep.
    DeepArray(u16),
    /// `{"a":{"a":…}}`, this deep.
    DeepObject(u16),
}

impl Weird {
    /// As a JSON value.
    pub fn value(&self) -> Value {
        match self {
            Self::Null => Value::Null,
            Self::Bool(b) => json!(b),
            Self::Int(n) => json!(n),
            Self::UInt(n) => json!(n),
            Self::Float(f) => serde_json::Number::from_f64(*f).map_or(Value::Null, Value::Number),
            Self::Str(s) => json!(s),
            Self::Long(c, n) => json!(std::iter::repeat_n(*c, *n).collect::<String>()),
            Self::Id(kind) => json!(kind.placeholder()),
            Self::EmptyArray => json!([]),
            Self::EmptyObject => json!({}),
            Self::Array(items) => Value::Array(items.iter().map(Self::value).collect()),
            Self::DeepArray(depth) => (0..*depth).fold(json!(1), |v, _| json!([v])),
            Self::DeepObject(depth) => (0..*depth).fold(json!("x"), |v, _| json!({"a": v})),
        }
    }
}

/// A change at one node of a JSON body (nodes counted in pre-order, the root included).
#[derive(Debug, Clone)]
pub enum JsonOp {
    Remove,
    Replace(Weird),
    Insert(String, Weird),
    WrapInArray,
    WrapInObject,
    /// A number becomes its text, a string becomes a number when it is one.
    FlipType,
}

/// A change to the serialized body bytes.
#[derive(Debug, Clone)]
pub enum RawOp {
    Truncate(Index),
    Splice(Index, Vec<u8>),
    /// `{"k": <weird>, …rest}` where `k` is the body's first key: a duplicate key.
    DuplicateFirstKey(Weird),
    Replace(Vec<u8>),
    Empty,
    Bom,
    /// Padding to just over 1 MiB (sent without a declared length half the time).
    Oversize,
}

/// A change to the query string (or to a form body's fields).
#[derive(Debug, Clone)]
pub enum PairOp {
    /// Key and value, percent-encoded.
    Add(String, String),
    /// Key and value inserted as they are (bad percent-encoding and the like).
    AddRaw(String),
    Remove(Index),
    /// The pair again with another value.
    Repeat(Index, String),
    ReplaceValue(Index, String),
    Clear,
}

/// The headers a mutation can target.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HeaderKind {
    Authorization,
    ApiKey,
    CorrelationId,
    RequestId,
    ContentType,
    Accept,
}

impl HeaderKind {
    const ALL: [Self; 6] =
        [Self::Authorization, Self::ApiKey, Self::CorrelationId, Self::RequestId, Self::ContentType, Self::Accept];

    /// Its name.
    pub fn name(self) -> &'static str {
        match self {
            Self::Authorization => "authorization",
            Self::ApiKey => "x-api-key",
            Self::CorrelationId => "x-correlation-id",
            Self::RequestId => "x-request-id",
            Self::ContentType => "content-type",
            Self::Accept => "accept",
        }
    }
}

/// A change to the headers.
#[derive(Debug, Clone)]
pub enum HeaderOp {
    Drop(HeaderKind),
    /// Set (placeholders in the value are filled).
    Set(HeaderKind, Vec<u8>),
    /// Another field (possibly a second one of a known name).
    Add(String, Vec<u8>),
    /// A declared `Content-Length` over the limit.
    DeclareHugeLength(u64),
    /// No `Content-Length` (a chunked body).
    DropLength,
}

/// What a path segment becomes.
#[derive(Debug, Clone)]
pub enum SlotValue {
    Id(IdKind),
    Empty,
    Long(usize),
    DotDot,
    EncodedSlash,
    Padded,
    Upper,
    Text(String),
}

/// A change to the path.
#[derive(Debug, Clone)]
pub enum PathOp {
    /// One `{id}` segment (or the last segment when the route has none).
    Slot(Index, SlotValue),
    TrailingSlash,
    DoubleSlash,
    Append(String),
    DropLast,
}

/// One mutation.
#[derive(Debug, Clone)]
pub enum Mutation {
    Json(Index, JsonOp),
    Raw(RawOp),
    Query(PairOp),
    Form(PairOp),
    Header(HeaderOp),
    Path(PathOp),
    Method(&'static str),
}

/// One request of a case: a seed (by index) and what to change in it.
#[derive(Debug, Clone)]
pub struct Step {
    pub seed: Index,
    pub mutations: Vec<Mutation>,
}

const INTS: &[i64] = &[
    0,
    -1,
    1,
    2,
    9,
    10,
    99,
    100,
    499,
    500,
    999_999,
    1_000_000,
    10_000,
    10_001,
    599_000,
    599_001,
    i32::MAX as i64,
    i32::MIN as i64,
    i64::MAX,
    i64::MIN,
    86_400,
    31_536_000_000,
];

const FLOATS: &[f64] = &[0.5, -0.0, 1.0, 1e300, -1e300, 5e-324, 3.0, 0.999_999, 1.000_000_1, 2.5e15];

const STRINGS: &[&str] = &[
    "",
    " ",
    "null",
    "true",
    "0",
    "-1",
    "1e3",
    "1000",
    "1002",
    "1004",
    "1008",
    "1009",
    "1012",
    "1024",
    "NEW",
    "PREVIEW",
    "RETURN",
    "RENEWAL",
    "PREVIEW_RENEWAL",
    "SWITCH",
    "PREVIEW_SWITCH",
    "REVERT_SWITCH",
    "PREVIEW_REVERT_SWITCH",
    "TRANSFER",
    "COM",
    "EDU",
    "GOV",
    "K_12",
    "FEDERAL",
    "US",
    "GB",
    "JP",
    "XX",
    "00",
    "CA",
    "USD",
    "JPY",
    "EUR",
    "XXX",
    "65304479CA01A12",
    "65304520CA01A12",
    "65304479CA14X12",
    "65304479CAT1A12",
    "30006208CA012A12",
    "65304479",
    "2026-01-01",
    "2025-02-29",
    "2024-02-29",
    "9999-12-31",
    "0000-01-01",
    "+275760-09-13",
    "2026-01-01T00:00:00Z",
    "2026-01-01T00:00:00+14:00",
    "P1Y",
    "P9999Y",
    "P1000000Y",
    "PT1S",
    "-P1D",
    "P",
    "1y",
    "99999999y",
    "30d",
    "ACCEPT",
    "REJECT",
    "COMMITTED",
    "REQUESTED",
    "EXPIRED",
    "THREE_YEAR_COMMIT",
    "LARGE_GOVERNMENT_AGENCY",
    "LICENSE",
    "CONSUMABLES",
    "MOQ_100",
    "HVD_L17_PRE",
    "commitmentRequest",
    "recommitmentRequest",
    "all",
    "orders",
    "renewals",
    "expiry",
    "rj-1",
    "en-US",
    "zh-HANT",
    "<script>alert(1)</script>",
    "\"",
    "'; DROP TABLE customers;--",
    "%00",
    "\u{0}",
    "\u{feff}",
    "😀",
    "Z\u{351}\u{36b}\u{343}\u{36a}",
    "\u{202e}abc",
    "\u{ffff}",
    "a@b",
    "grace.fuzz@example.com",
    "../../etc/passwd",
    "/v3/customers",
    "*",
    "fuzz-snap",
];

const KEYS: &[&str] = &[
    "orderType",
    "lineItems",
    "offerId",
    "quantity",
    "extLineItemNumber",
    "currencyCode",
    "referenceOrderId",
    "subscriptionId",
    "deploymentId",
    "discountCode",
    "flexDiscountCodes",
    "cancellingItems",
    "referenceLineItemNumber",
    "companyProfile",
    "companyName",
    "preferredLanguage",
    "marketSegment",
    "marketSegments",
    "marketSubSegments",
    "address",
    "contacts",
    "country",
    "region",
    "postalCode",
    "email",
    "firstName",
    "resellerId",
    "customerId",
    "distributorId",
    "externalReferenceId",
    "cotermDate",
    "benefits",
    "type",
    "commitmentRequest",
    "recommitmentRequest",
    "minimumQuantities",
    "globalSalesEnabled",
    "linkedMembership",
    "autoRenewal",
    "enabled",
    "renewalQuantity",
    "renewalCode",
    "status",
    "creationDate",
    "links",
    "pricing",
    "request",
    "decision",
    "startDate",
    "endDate",
    "advance",
    "advanceSeconds",
    "set",
    "freeze",
    "offsetSeconds",
    "frozenAt",
    "name",
    "job",
    "path",
    "method",
    "times",
    "probability",
    "action",
    "error",
    "latencyMs",
    "commitThenDrop",
    "",
    "__proto__",
    "unknownField",
];

const QUERY_KEYS: &[&str] = &[
    "limit",
    "offset",
    "status",
    "sort-by",
    "order-by",
    "company-name",
    "customer-id",
    "from-created-date",
    "to-created-date",
    "order-type",
    "offer-id",
    "subscription-id",
    "reference-order-id",
    "reseller-id",
    "start-date",
    "end-date",
    "fetch-price",
    "fetch-recommendations",
    "reset-flex-discount-codes",
    "reset-renewal-code",
    "sort",
    "order",
    "pageSize",
    "page",
    "searchBy",
    "q",
    "at",
    "method",
    "path",
    "customerId",
    "grant_type",
    "client_id",
    "client_secret",
    "jwt_token",
    "scope",
    "unknown",
    "",
];

const QUERY_VALUES: &[&str] = &[
    "",
    "0",
    "-1",
    "1",
    "10",
    "20",
    "50",
    "51",
    "100",
    "101",
    "1000000",
    "1000001",
    "9223372036854775807",
    "9223372036854775808",
    "99999999999999999999",
    "1e3",
    "0x10",
    " 5",
    "abc",
    "true",
    "TRUE",
    "false",
    "1000",
    "1002",
    "1004",
    "1026",
    "asc",
    "ASC",
    "desc",
    "creationDate",
    "companyName",
    "name",
    "customerId",
    "resellerId",
    "orderId",
    "NEW",
    "RENEWAL",
    "2026-01-01",
    "2026-13-45",
    "2026-01-01T00:00:00Z",
    "0001-01-01",
    "9999-12-31",
    "+275760-09-13",
    "*",
    "**",
    "Fuzz*",
    "é",
    "😀",
    "\u{0}",
    "a b",
    "{customer}",
    "{reseller}",
    "{order}",
    "{subscription}",
    "{foreign_customer}",
    "client_credentials",
    "{client_id}",
    "{client_secret}",
];

const RAW_QUERY: &[&str] = &[
    "%",
    "%zz",
    "%00",
    "%FF",
    "%C3%28",
    "limit=%",
    "offset=%2",
    "status=%E2%82",
    "a=b=c",
    "==",
    "&&",
    "=",
    "+",
    "%2B",
    ";",
    "limit",
    "limit=",
    "%6C%69%6D%69%74=5",
    "status[]=1000",
    "offset=-0",
    "limit=+5",
];

const FRAGMENTS: &[&[u8]] = &[
    b"1e400",
    b"-0",
    b"99999999999999999999999",
    b"NaN",
    b"Infinity",
    b"\"\\ud800\"",
    b"\\u0000",
    b"\xff\xfe",
    b"\xc3\x28",
    b"\xed\xa0\x80",
    b"{",
    b"}",
    b"[",
    b"]",
    b",",
    b",,",
    b":",
    b"\"",
    b"/*",
    b"\x00",
    b"null",
    b"\"\"",
    b" ",
];

const AUTH_VALUES: &[&str] = &[
    "",
    "Bearer",
    "Bearer ",
    "bearer {token}",
    "BEARER {token}",
    "{token}",
    "Bearer  {token}",
    "Bearer {token}x",
    "Bearer {other_token}",
    "Basic {basic}",
    "Token {token}",
    "Bearer {token}, Bearer {token}",
    "Bearer \u{e9}",
];

const KEY_VALUES: &[&str] =
    &["", "{other_client}", "unknown-client", "{client_id} ", " {client_id}", "{client_id}x", "NULL"];

const ID_VALUES: &[&str] =
    &["", " ", "fuzz-fixed", "12345", "fuzz-fixed-request", "\t", "é", "\u{7f}", "a b c", "{customer}"];

const CONTENT_TYPES: &[&str] = &[
    "",
    "text/plain",
    "application/x-www-form-urlencoded",
    "multipart/form-data; boundary=x",
    "application/json; charset=utf-16",
    "APPLICATION/JSON",
    "application/problem+json",
    "application/jsonx",
    "json",
    "*/*",
];

const METHODS: &[&str] = &["GET", "POST", "PATCH", "PUT", "DELETE", "HEAD", "OPTIONS", "TRACE", "FUZZ"];

const SEGMENTS: &[&str] = &[
    "0",
    "-1",
    "1005000001",
    "99999999999999999999",
    "null",
    "undefined",
    "%00",
    "%zz",
    "%",
    "%C3%A9",
    "%F0%9F%98%80",
    "%E2%80%AE",
    "a%2Fb",
    "..%2F..%2Fresellers",
    ";",
    "~",
    "*",
    "fuzz-snap",
    "fuzz-scratch",
    "rj-1",
    "rj-999999999999",
    "5000000001",
    "5000000002",
];

fn weird() -> impl Strategy<Value = Weird> {
    let leaf = prop_oneof![
        2 => Just(Weird::Null),
        1 => any::<bool>().prop_map(Weird::Bool),
        3 => prop::sample::select(INTS).prop_map(Weird::Int),
        1 => any::<i64>().prop_map(Weird::Int),
        1 => Just(Weird::UInt(u64::MAX)),
        1 => prop::sample::select(FLOATS).prop_map(Weird::Float),
        5 => prop::sample::select(STRINGS).prop_map(|s| Weird::Str(s.to_string())),
        2 => any::<String>().prop_map(Weird::Str),
        1 => (prop::sample::select(&['a', 'é', '😀', '\u{0}', '<', ' '][..]), 0usize..5000)
            .prop_map(|(c, n)| Weird::Long(c, n)),
        4 => prop::sample::select(&IdKind::ALL[..]).prop_map(Weird::Id),
        1 => Just(Weird::EmptyArray),
        1 => Just(Weird::EmptyObject),
        1 => (1u16..200).prop_map(Weird::DeepArray),
        1 => (1u16..200).prop_map(Weird::DeepObject),
    ];
    leaf.prop_recursive(2, 8, 4, |inner| prop::collection::vec(inner, 0..4).prop_map(Weird::Array))
}

fn json_op() -> impl Strategy<Value = JsonOp> {
    prop_oneof![
        3 => Just(JsonOp::Remove),
        6 => weird().prop_map(JsonOp::Replace),
        3 => (prop::sample::select(KEYS), weird()).prop_map(|(k, w)| JsonOp::Insert(k.to_string(), w)),
        1 => Just(JsonOp::WrapInArray),
        1 => Just(JsonOp::WrapInObject),
        2 => Just(JsonOp::FlipType),
    ]
}

fn bytes() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        3 => prop::sample::select(FRAGMENTS).prop_map(<[u8]>::to_vec),
        1 => prop::collection::vec(any::<u8>(), 1..16),
    ]
}

fn raw_op() -> impl Strategy<Value = RawOp> {
    prop_oneof![
        3 => any::<Index>().prop_map(RawOp::Truncate),
        4 => (any::<Index>(), bytes()).prop_map(|(i, b)| RawOp::Splice(i, b)),
        2 => weird().prop_map(RawOp::DuplicateFirstKey),
        1 => prop::collection::vec(any::<u8>(), 0..64).prop_map(RawOp::Replace),
        1 => Just(RawOp::Empty),
        1 => Just(RawOp::Bom),
        1 => Just(RawOp::Oversize),
    ]
}

fn pair_value() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => prop::sample::select(QUERY_VALUES).prop_map(str::to_string),
        1 => any::<String>(),
    ]
}

fn pair_op() -> impl Strategy<Value = PairOp> {
    prop_oneof![
        4 => (prop::sample::select(QUERY_KEYS), pair_value()).prop_map(|(k, v)| PairOp::Add(k.to_string(), v)),
        2 => prop::sample::select(RAW_QUERY).prop_map(|s| PairOp::AddRaw(s.to_string())),
        2 => any::<Index>().prop_map(PairOp::Remove),
        2 => (any::<Index>(), pair_value()).prop_map(|(i, v)| PairOp::Repeat(i, v)),
        3 => (any::<Index>(), pair_value()).prop_map(|(i, v)| PairOp::ReplaceValue(i, v)),
        1 => Just(PairOp::Clear),
    ]
}

fn header_value(kind: HeaderKind) -> BoxedStrategy<Vec<u8>> {
    let list: &'static [&'static str] = match kind {
        HeaderKind::Authorization => AUTH_VALUES,
        HeaderKind::ApiKey => KEY_VALUES,
        HeaderKind::CorrelationId | HeaderKind::RequestId => ID_VALUES,
        HeaderKind::ContentType => CONTENT_TYPES,
        HeaderKind::Accept => &["", "text/html", "application/xml", "*/*", "application/json;q=0"],
    };
    prop_oneof![
        5 => prop::sample::select(list).prop_map(|s| s.as_bytes().to_vec()),
        1 => prop::collection::vec(any::<u8>(), 0..24),
        1 => (1usize..400).prop_map(|n| vec![b'c'; n]),
        1 => prop::collection::vec(0x80u8.., 1..8),
    ]
    .boxed()
}

fn header_op() -> impl Strategy<Value = HeaderOp> {
    let kind = prop::sample::select(&HeaderKind::ALL[..]);
    prop_oneof![
        3 => kind.clone().prop_map(HeaderOp::Drop),
        5 => kind.prop_flat_map(|k| header_value(k).prop_map(move |v| HeaderOp::Set(k, v))),
        2 => (
            prop::sample::select(&[
                "x-api-key", "authorization", "x-correlation-id", "x-request-id", "content-type",
                "x-recommendation-tracker-id", "x-gw-ims-client-id", "cookie", "transfer-encoding",
                "content-encoding", "x-forwarded-for", "host"
            ][..]),
            header_value(HeaderKind::CorrelationId),
        )
            .prop_map(|(n, v)| HeaderOp::Add(n.to_string(), v)),
        1 => prop::sample::select(&[1_048_577u64, u64::MAX, 1 << 40][..]).prop_map(HeaderOp::DeclareHugeLength),
        1 => Just(HeaderOp::DropLength),
    ]
}

fn slot_value() -> impl Strategy<Value = SlotValue> {
    prop_oneof![
        5 => prop::sample::select(&IdKind::ALL[..]).prop_map(SlotValue::Id),
        1 => Just(SlotValue::Empty),
        1 => prop::sample::select(&[41usize, 255, 256, 4096, 9000][..]).prop_map(SlotValue::Long),
        1 => Just(SlotValue::DotDot),
        1 => Just(SlotValue::EncodedSlash),
        2 => Just(SlotValue::Padded),
        1 => Just(SlotValue::Upper),
        3 => prop::sample::select(SEGMENTS).prop_map(|s| SlotValue::Text(s.to_string())),
    ]
}

fn path_op() -> impl Strategy<Value = PathOp> {
    prop_oneof![
        6 => (any::<Index>(), slot_value()).prop_map(|(i, v)| PathOp::Slot(i, v)),
        1 => Just(PathOp::TrailingSlash),
        1 => Just(PathOp::DoubleSlash),
        1 => prop::sample::select(&["orders", "subscriptions", "x", "..", "%2e%2e", "customers"][..])
            .prop_map(|s| PathOp::Append(s.to_string())),
        1 => Just(PathOp::DropLast),
    ]
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        8 => (any::<Index>(), json_op()).prop_map(|(i, op)| Mutation::Json(i, op)),
        3 => raw_op().prop_map(Mutation::Raw),
        3 => pair_op().prop_map(Mutation::Query),
        2 => pair_op().prop_map(Mutation::Form),
        4 => header_op().prop_map(Mutation::Header),
        3 => path_op().prop_map(Mutation::Path),
        1 => prop::sample::select(METHODS).prop_map(Mutation::Method),
    ]
}

/// One case: one to three requests, each a seed with zero to four mutations (a quarter of
/// the requests are the seed as is, so that records are created and deeper code is reached).
pub fn case() -> impl Strategy<Value = Vec<Step>> {
    let step = (any::<Index>(), prop::collection::vec(mutation(), 0..5))
        .prop_map(|(seed, mutations)| Step { seed, mutations });
    prop::collection::vec(step, 1..4)
}

// ----- applying -----

/// Every node of `value` in pre-order, as paths of keys and indices.
fn nodes(value: &Value) -> Vec<Vec<Seg>> {
    fn walk(v: &Value, at: &mut Vec<Seg>, out: &mut Vec<Vec<Seg>>) {
        out.push(at.clone());
        match v {
            Value::Object(map) => {
                for (k, child) in map {
                    at.push(Seg::Key(k.clone()));
                    walk(child, at, out);
                    at.pop();
                }
            }
            Value::Array(items) => {
                for (i, child) in items.iter().enumerate() {
                    at.push(Seg::At(i));
                    walk(child, at, out);
                    at.pop();
                }
            }
            _ => {}
        }
    }
    let mut out = Vec::new();
    walk(value, &mut Vec::new(), &mut out);
    out
}

#[derive(Debug, Clone)]
enum Seg {
    Key(String),
    At(usize),
}

fn node_mut<'a>(value: &'a mut Value, path: &[Seg]) -> Option<&'a mut Value> {
    path.iter().try_fold(value, |v, seg| match seg {
        Seg::Key(k) => v.get_mut(k.as_str()),
        Seg::At(i) => v.get_mut(*i),
    })
}

/// Applies a JSON mutation; `None` when the body is removed altogether.
pub fn apply_json(body: Option<Value>, at: &Index, op: &JsonOp) -> Option<Value> {
    let mut body = body?;
    let all = nodes(&body);
    let path = &all[at.index(all.len())];
    let Some((last, parent_path)) = path.split_last() else {
        // The root.
        return match op {
            JsonOp::Remove => None,
            JsonOp::Replace(w) => Some(w.value()),
            _ => {
                change(&mut body, op);
                Some(body)
            }
        };
    };
    if let JsonOp::Remove = op {
        match (node_mut(&mut body, parent_path), last) {
            (Some(Value::Object(map)), Seg::Key(k)) => {
                map.shift_remove(k.as_str());
            }
            (Some(Value::Array(items)), Seg::At(i)) if *i < items.len() => {
                items.remove(*i);
            }
            _ => {}
        }
        return Some(body);
    }
    if let Some(node) = node_mut(&mut body, path) {
        change(node, op);
    }
    Some(body)
}

fn change(node: &mut Value, op: &JsonOp) {
    match op {
        JsonOp::Remove => {}
        JsonOp::Replace(w) => *node = w.value(),
        JsonOp::Insert(key, w) => match node {
            Value::Object(map) => {
                map.insert(key.clone(), w.value());
            }
            Value::Array(items) => items.push(w.value()),
            other => {
                let mut map = Map::new();
                map.insert(key.clone(), w.value());
                *other = Value::Object(map);
            }
        },
        JsonOp::WrapInArray => *node = Value::Array(vec![node.take()]),
        JsonOp::WrapInObject => *node = json!({ "value": node.take() }),
        JsonOp::FlipType => {
            *node = match node.take() {
                Value::Number(n) => Value::String(n.to_string()),
                Value::Bool(b) => Value::String(b.to_string()),
                Value::String(s) => {
                    serde_json::from_str::<Value>(&s).ok().filter(|v| !v.is_string()).unwrap_or(Value::Null)
                }
                Value::Null => json!(0),
                Value::Array(items) => json!({ "0": items.first().cloned().unwrap_or(Value::Null) }),
                Value::Object(map) => Value::Array(map.into_iter().map(|(_, v)| v).collect()),
            }
        }
    }
}

/// The body size [`RawOp::Oversize`] pads to.
pub const OVERSIZE: usize = (1 << 20) + 17;

/// Applies a raw mutation to the body bytes; `first_key` is the body's first key, if any.
pub fn apply_raw(body: &mut Vec<u8>, op: &RawOp, first_key: Option<&str>) {
    match op {
        RawOp::Truncate(at) => {
            let n = if body.is_empty() { 0 } else { at.index(body.len()) };
            body.truncate(n);
        }
        RawOp::Splice(at, bytes) => {
            let n = at.index(body.len() + 1);
            body.splice(n..n, bytes.iter().copied());
        }
        RawOp::DuplicateFirstKey(w) => {
            if let (Some(key), Some(b'{')) = (first_key, body.first()) {
                let entry = format!("{}:{},", json!(key), w.value());
                body.splice(1..1, entry.bytes());
            }
        }
        RawOp::Replace(bytes) => *body = bytes.clone(),
        RawOp::Empty => body.clear(),
        RawOp::Bom => {
            body.splice(0..0, [0xef, 0xbb, 0xbf]);
        }
        RawOp::Oversize => {
            if body.len() < OVERSIZE {
                body.resize(OVERSIZE, b' ');
            }
        }
    }
}

/// Encodes a query or form component.
pub fn encode(s: &str) -> String {
    form_urlencoded::byte_serialize(s.as_bytes()).collect()
}

/// Applies a pair mutation to raw `k=v` segments.
pub fn apply_pairs(pairs: &mut Vec<String>, op: &PairOp) {
    match op {
        PairOp::Add(k, v) => pairs.push(format!("{}={}", encode(k), encode(v))),
        PairOp::AddRaw(raw) => pairs.push(raw.clone()),
        PairOp::Remove(i) => {
            if !pairs.is_empty() {
                pairs.remove(i.index(pairs.len()));
            }
        }
        PairOp::Repeat(i, v) => {
            if !pairs.is_empty() {
                let key = pairs[i.index(pairs.len())].split('=').next().unwrap_or("").to_string();
                pairs.push(format!("{key}={}", encode(v)));
            }
        }
        PairOp::ReplaceValue(i, v) => {
            if !pairs.is_empty() {
                let n = i.index(pairs.len());
                let key = pairs[n].split('=').next().unwrap_or("").to_string();
                pairs[n] = format!("{key}={}", encode(v));
            }
        }
        PairOp::Clear => pairs.clear(),
    }
}

/// Applies a path mutation to the segments (the first, empty one included); `slots` are the
/// indices of the route's `{id}` segments.
pub fn apply_path(segments: &mut Vec<String>, slots: &[usize], op: &PathOp) {
    match op {
        PathOp::Slot(i, value) => {
            let last = segments.len() - 1;
            let n = if slots.is_empty() { last } else { slots[i.index(slots.len())].min(last) };
            let current = segments[n].clone();
            segments[n] = match value {
                SlotValue::Id(kind) => kind.placeholder().to_string(),
                SlotValue::Empty => String::new(),
                SlotValue::Long(len) => "9".repeat(*len),
                SlotValue::DotDot => "..".into(),
                SlotValue::EncodedSlash => format!("{current}%2F..%2F{current}"),
                SlotValue::Padded => format!("%20{current}%20"),
                SlotValue::Upper => current.to_uppercase(),
                SlotValue::Text(t) => t.clone(),
            };
        }
        PathOp::TrailingSlash => segments.push(String::new()),
        PathOp::DoubleSlash => {
            let at = segments.len() / 2 + 1;
            segments.insert(at.min(segments.len()), String::new());
        }
        PathOp::Append(s) => segments.push(s.clone()),
        PathOp::DropLast => {
            if segments.len() > 2 {
                segments.pop();
            }
        }
    }
}
