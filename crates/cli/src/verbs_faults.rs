//! The `faults` and `requests` verbs.

use anyhow::bail;
use reqwest::Method;
use serde_json::{Value, json};

use crate::remote::Remote;
use crate::verbs::{FaultArgs, FaultsAction, RequestsArgs};

fn rule_body(a: &FaultArgs) -> anyhow::Result<Value> {
    let actions =
        usize::from(a.error_status.is_some()) + usize::from(a.latency_ms.is_some()) + usize::from(a.commit_then_drop);
    if actions != 1 {
        bail!("give exactly one action: --error-status/--error-code, --latency-ms or --commit-then-drop");
    }
    let action = if let (Some(status), Some(code)) = (a.error_status, &a.error_code) {
        json!({"error": {"status": status, "code": code, "message": a.error_message.clone().unwrap_or_default(),
                         "additionalDetails": a.detail}})
    } else if let Some(ms) = a.latency_ms {
        json!({"latencyMs": ms})
    } else {
        json!({"commitThenDrop": true})
    };
    let mut body = json!({"path": a.path, "action": action});
    for (key, value) in [
        ("method", a.method.clone().map(Value::from)),
        ("customerId", a.customer_id.clone().map(Value::from)),
        ("times", a.times.map(Value::from)),
        ("probability", a.probability.map(Value::from)),
    ] {
        if let Some(v) = value {
            body[key] = v;
        }
    }
    Ok(body)
}

fn describe(rule: &Value) -> String {
    let action = &rule["action"];
    let what = if let Some(e) = action.get("error") {
        format!("error {} {}", e["status"], e["code"].as_str().unwrap_or(""))
    } else if let Some(ms) = action.get("latencyMs") {
        format!("latency {ms} ms")
    } else {
        "commit then drop".to_string()
    };
    let mut out = format!(
        "{:<8} {:<6} {}  {what}",
        rule["id"].as_str().unwrap_or(""),
        rule["method"].as_str().unwrap_or("*"),
        rule["path"].as_str().unwrap_or("")
    );
    if let Some(c) = rule["customerId"].as_str() {
        out.push_str(&format!("  customer {c}"));
    }
    if let Some(n) = rule["times"].as_u64() {
        out.push_str(&format!("  ({n} left)"));
    }
    if let Some(p) = rule["probability"].as_f64() {
        out.push_str(&format!("  p={p}"));
    }
    out
}

/// Runs a `faults` verb.
pub async fn run(r: &Remote, action: FaultsAction) -> anyhow::Result<()> {
    match action {
        FaultsAction::Add(args) => {
            let v = r.call(Method::POST, "/faults", Some(rule_body(&args)?)).await?;
            r.print(&v, |v| format!("added {}", describe(v)));
        }
        FaultsAction::List => {
            let v = r.call(Method::GET, "/faults", None).await?;
            r.print(&v, |v| {
                let items = v["items"].as_array().cloned().unwrap_or_default();
                if items.is_empty() {
                    return "no fault rules".into();
                }
                items.iter().map(describe).collect::<Vec<_>>().join("\n")
            });
        }
        FaultsAction::Clear => {
            let v = r.call(Method::DELETE, "/faults", None).await?;
            r.print(&v, |v| format!("removed {} fault rules", v["deleted"]));
        }
        FaultsAction::Remove { id } => {
            r.call(Method::DELETE, &format!("/faults/{id}"), None).await?;
            r.print(&json!({"deleted": id}), |_| format!("removed {id}"));
        }
    }
    Ok(())
}

/// Runs `requests`.
pub async fn requests(r: &Remote, args: &RequestsArgs) -> anyhow::Result<()> {
    if let Some(id) = args.id {
        let v = r.call(Method::GET, &format!("/requests/{id}"), None).await?;
        println!("{}", serde_json::to_string_pretty(&v).unwrap_or_default());
        return Ok(());
    }
    let mut query = vec![format!("limit={}", args.limit)];
    let filters = [
        ("method", args.method.clone()),
        ("path", args.path.clone()),
        ("status", args.status.map(|s| s.to_string())),
        ("customerId", args.customer_id.clone()),
        ("beforeId", args.before_id.map(|s| s.to_string())),
    ];
    for (key, value) in filters {
        if let Some(v) = value {
            query.push(format!("{key}={}", form_encode(&v)));
        }
    }
    let v = r.call(Method::GET, &format!("/requests?{}", query.join("&")), None).await?;
    r.print(&v, |v| {
        let items = v["items"].as_array().cloned().unwrap_or_default();
        if items.is_empty() {
            return "no requests recorded".into();
        }
        items
            .iter()
            .map(|e| {
                let q = e["query"].as_str().filter(|q| !q.is_empty()).map(|q| format!("?{q}")).unwrap_or_default();
                let fault = e["fault"].as_str().map(|f| format!("  [fault: {f}]")).unwrap_or_default();
                format!(
                    "{:>6} {} {:<6} {}{q} -> {}{fault}",
                    e["id"],
                    e["at"].as_str().unwrap_or(""),
                    e["method"].as_str().unwrap_or(""),
                    e["path"].as_str().unwrap_or(""),
                    e["status"]
                )
            })
            .collect::<Vec<_>>()
            .join("\n")
    });
    Ok(())
}

/// Percent-encodes a query value (the path filter has `/`, `{`, `}`).
fn form_encode(value: &str) -> String {
    value
        .bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' | b'/' | b'*' => {
                (b as char).to_string()
            }
            other => format!("%{other:02X}"),
        })
        .collect()
}
