//! What must hold of every answer, and of the store after a case.

use std::collections::{BTreeMap, HashSet};

use serde_json::Value;
use vipmp_core::store::{AccountQuery, AccountSort, OrderQuery, OrderSort, SortOrder};
use vipmp_server::AppState;

use crate::harness::{Prepared, Reply};

/// The surface a request lands on, by its final path.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Surface {
    /// `/v3/…`, `/partnerservice/…`: Adobe's error shape.
    Cpapi,
    /// `/portal/api/v1/…`: Adobe's error shape with `P` codes.
    Portal,
    /// `/ims/…`: IMS's error shape on its routes.
    Ims,
    /// Anything else (`/ping`, `/portal` HTML, unknown paths): no 5xx.
    Other,
}

impl Surface {
    /// The surface of a path.
    pub fn of(path: &str) -> Self {
        if path.starts_with("/v3/") || path == "/v3" || path.starts_with("/partnerservice/") {
            Self::Cpapi
        } else if path.starts_with("/portal/api/v1/") {
            Self::Portal
        } else if path.starts_with("/ims/") {
            Self::Ims
        } else {
            Self::Other
        }
    }
}

const IMS_ROUTES: [&str; 5] =
    ["/ims/token/v3", "/ims/token/v2", "/ims/token", "/ims/exchange/jwt", "/ims/exchange/jwt/"];
const GATEWAY_CODES: [&str; 4] = ["4115", "4116", "4117", "4118"];

fn json_content(r: &Reply) -> bool {
    r.headers
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .is_some_and(|ct| ct.to_ascii_lowercase().starts_with("application/json"))
}

fn strings(v: &Value) -> bool {
    v.as_array().is_some_and(|a| a.iter().all(Value::is_string))
}

fn adobe_error(body: &Value) -> Result<(), String> {
    let code = body["code"].as_str().filter(|c| !c.is_empty()).ok_or("no `code` string")?;
    body["message"].as_str().filter(|m| !m.is_empty()).ok_or("no `message` string")?;
    if GATEWAY_CODES.contains(&code) {
        let extra: Vec<&String> = body
            .as_object()
            .map(|m| m.keys().filter(|k| *k != "code" && *k != "message").collect())
            .unwrap_or_default();
        if !extra.is_empty() {
            return Err(format!("gateway error {code} has members beyond code and message: {extra:?}"));
        }
    } else if !strings(&body["additionalDetails"]) || !body["invalidFields"].is_array() {
        return Err("no `additionalDetails` array of strings or no `invalidFields` array".into());
    }
    Ok(())
}

fn ims_error(body: &Value) -> Result<(), String> {
    body["error"].as_str().filter(|e| !e.is_empty()).ok_or("no IMS `error` string")?;
    body["error_description"].as_str().ok_or("no IMS `error_description` string")?;
    Ok(())
}

/// The per-answer oracle.
pub fn check_reply(p: &Prepared, r: &Reply) -> Result<(), String> {
    if r.status >= 500 {
        return Err(format!("{} (no fault was injected)", r.status));
    }
    let surface = Surface::of(p.path());
    let head = p.method == "HEAD";
    if (400..500).contains(&r.status) && !head && surface != Surface::Other {
        if !json_content(r) {
            return Err(format!("a {} without a JSON content type: {:?}", r.status, r.headers.get("content-type")));
        }
        let body: Value =
            serde_json::from_slice(&r.body).map_err(|e| format!("a {} whose body is not JSON: {e}", r.status))?;
        // The request limits (413, 414, 431) answer before routing, in Adobe's shape everywhere.
        let limit =
            matches!(r.status, 413 | 414 | 431) && body["code"].as_str().and_then(|c| c.parse().ok()) == Some(r.status);
        let shaped = if surface == Surface::Ims && p.method == "POST" && IMS_ROUTES.contains(&p.path()) && !limit {
            ims_error(&body)
        } else {
            adobe_error(&body)
        };
        shaped.map_err(|e| format!("a {} not in the error shape: {e}", r.status))?;
    }
    if (200..300).contains(&r.status)
        && !head
        && matches!(surface, Surface::Cpapi | Surface::Portal)
        && !r.body.is_empty()
    {
        let text_ping = p.path() == "/partnerservice/ping";
        if !text_ping && !json_content(r) {
            return Err(format!("a {} without a JSON content type", r.status));
        }
        if !text_ping && serde_json::from_slice::<Value>(&r.body).is_err() {
            return Err(format!("a {} whose body is not JSON", r.status));
        }
    }
    Ok(())
}

/// Store invariants of one distributor; returns the number of records seen.
pub async fn check_store(state: &AppState, d: &str) -> Result<usize, String> {
    let store = &state.store;
    let e = |what: &str, err: vipmp_core::store::StoreError| format!("{what}: {err}");
    let mut query = AccountQuery {
        distributor_id: d.to_string(),
        statuses: Vec::new(),
        id: None,
        reseller_id: None,
        company_name: None,
        created_from: None,
        created_to: None,
        sort: AccountSort::Id,
        order: SortOrder::Asc,
        limit: 500,
        offset: 0,
    };
    let mut customers = Vec::new();
    let mut total = None;
    loop {
        let page = store.list_customers(&query).await.map_err(|x| e("list_customers", x))?;
        if *total.get_or_insert(page.total) != page.total {
            return Err("the customer total changed between pages".into());
        }
        let n = page.items.len() as i64;
        customers.extend(page.items);
        query.offset += n;
        if n == 0 || query.offset >= page.total {
            break;
        }
    }
    if customers.len() as i64 != total.unwrap_or(0) {
        return Err(format!("{} customers listed, totalCount {}", customers.len(), total.unwrap_or(0)));
    }
    let resellers = store
        .list_resellers(&AccountQuery { offset: 0, limit: 1, ..query.clone() })
        .await
        .map_err(|x| e("list_resellers", x))?;
    let mut seen_orders = HashSet::new();
    let mut seen_subs = HashSet::new();
    let mut records = customers.len();
    for c in &customers {
        if c.distributor_id != d {
            return Err(format!("customer {} of distributor {} listed for {d}", c.id, c.distributor_id));
        }
        if store.reseller(d, &c.reseller_id).await.map_err(|x| e("reseller", x))?.is_none() {
            return Err(format!("customer {}'s reseller {} does not exist", c.id, c.reseller_id));
        }
        let orders = store.orders_of(d, &c.id).await.map_err(|x| e("orders_of", x))?;
        let subs = store.subscriptions_of(d, &c.id).await.map_err(|x| e("subscriptions_of", x))?;
        let sub_ids: HashSet<&str> = subs.iter().map(|s| s.id.as_str()).collect();
        let mut referenced = HashSet::new();
        for o in &orders {
            if o.customer_id != c.id || o.distributor_id != d {
                return Err(format!(
                    "order {} listed under customer {} belongs to {}/{}",
                    o.id, c.id, o.distributor_id, o.customer_id
                ));
            }
            if !seen_orders.insert(o.id.clone()) {
                return Err(format!("order id {} twice", o.id));
            }
            if o.line_items.is_empty() {
                return Err(format!("order {} ({:?}, {}) has no line items", o.id, o.order_type, o.status));
            }
            for l in &o.line_items {
                if !l.subscription_id.is_empty() {
                    if !sub_ids.contains(l.subscription_id.as_str()) {
                        return Err(format!(
                            "order {} line {} points at subscription {} which customer {} lacks",
                            o.id, l.ext_line_item_number, l.subscription_id, c.id
                        ));
                    }
                    referenced.insert(l.subscription_id.clone());
                }
            }
        }
        for s in &subs {
            if s.customer_id != c.id || s.distributor_id != d {
                return Err(format!(
                    "subscription {} listed under customer {} belongs to {}/{}",
                    s.id, c.id, s.distributor_id, s.customer_id
                ));
            }
            if !seen_subs.insert(s.id.clone()) {
                return Err(format!("subscription id {} twice", s.id));
            }
            if s.status != "1009" && !referenced.contains(&s.id) {
                return Err(format!("subscription {} ({}) of customer {} is on no order line", s.id, s.status, c.id));
            }
        }
        records += orders.len() + subs.len();
    }
    let all_orders = OrderQuery {
        distributor_id: d.to_string(),
        order_id: None,
        customer_id: None,
        sort: OrderSort::Id,
        order: SortOrder::Asc,
        limit: 1,
        offset: 0,
    };
    let listed = store.list_orders(&all_orders).await.map_err(|x| e("list_orders", x))?.total;
    if listed != seen_orders.len() as i64 {
        return Err(format!("the order list counts {listed}, the customers hold {}", seen_orders.len()));
    }
    Ok(records + resellers.total as usize)
}

/// What a run saw.
#[derive(Debug, Default)]
pub struct Stats {
    pub executions: u64,
    pub unsendable: u64,
    pub cases: u64,
    pub statuses: BTreeMap<u16, u64>,
    pub codes: BTreeMap<String, u64>,
    pub per_seed: BTreeMap<String, BTreeMap<u16, u64>>,
}

impl Stats {
    /// Counts an answer.
    pub fn record(&mut self, p: &Prepared, r: &Reply) {
        self.executions += 1;
        *self.statuses.entry(r.status).or_default() += 1;
        *self.per_seed.entry(p.seed.clone()).or_default().entry(r.status).or_default() += 1;
        let body = r.json();
        if r.status >= 400
            && let Some(code) = body["code"].as_str().or_else(|| body["error"].as_str())
        {
            *self.codes.entry(code.to_string()).or_default() += 1;
        }
    }

    /// The summary printed at the end of a run.
    pub fn report(&self, seconds: f64) -> String {
        let statuses: Vec<String> = self.statuses.iter().map(|(s, n)| format!("{s}: {n}")).collect();
        let mut codes: Vec<(&String, &u64)> = self.codes.iter().collect();
        codes.sort_by(|a, b| b.1.cmp(a.1));
        let codes: Vec<String> = codes.iter().take(40).map(|(c, n)| format!("{c}: {n}")).collect();
        let only_errors: Vec<&String> =
            self.per_seed.iter().filter(|(_, h)| h.keys().all(|s| *s >= 400)).map(|(s, _)| s).collect();
        format!(
            "fuzz: {} cases, {} executions ({} unsendable skipped) in {seconds:.1} s ({:.0}/s)\n  statuses: {}\n  error codes: {}\n  seeds that never succeeded: {only_errors:?}",
            self.cases,
            self.executions,
            self.unsendable,
            self.executions as f64 / seconds.max(0.001),
            statuses.join(", "),
            codes.join(", "),
        )
    }
}
