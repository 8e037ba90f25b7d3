//! The routes the server declares, read from its source: the route tables of the isolation,
//! limits and session tests are checked against them, so a new route cannot go untested.

/// The source files of the server crate that declare routes: the app's own and each surface's.
pub const ROUTE_FILES: [&str; 6] =
    ["lib.rs", "ims/mod.rs", "cpapi/mod.rs", "portal_api/mod.rs", "control/mod.rs", "portal_html/mod.rs"];

/// Every (method, route template) pair the server source declares.
pub fn all_routes() -> Vec<(String, String)> {
    ROUTE_FILES.iter().flat_map(|file| routes_in(file)).collect()
}

/// The (method, route template) pairs of `/v3`, `/partnerservice` and `/portal/api/v1` that the
/// server source declares.
pub fn declared_routes() -> Vec<(String, String)> {
    let mut routes = all_routes();
    routes.retain(|(_, path)| ["/v3", "/partnerservice", "/portal/api/v1"].iter().any(|p| path.starts_with(p)));
    routes
}

/// Every (method, route template) pair that `.route(…)` calls declare in a source file of the
/// server crate (`file` relative to `src/`), with `const` path prefixes substituted.
pub fn routes_in(file: &str) -> Vec<(String, String)> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut routes = Vec::new();
    let text = std::fs::read_to_string(dir.join(file)).expect("server source");
    let consts: Vec<(String, String)> = text
        .lines()
        .filter_map(|l| l.trim().strip_prefix("const ")?.split_once(": &str = \""))
        .map(|(name, rest)| (name.to_string(), rest.trim_end_matches("\";").to_string()))
        .collect();
    for chunk in text.split(".route(").skip(1) {
        let chunk = chunk.split(".route_layer(").next().unwrap_or("");
        let raw = chunk.trim_start().trim_start_matches("&format!(");
        let path = if let Some(rest) = raw.strip_prefix('"') {
            rest.split('"').next().unwrap_or("").to_string()
        } else {
            let name: String = raw.chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect();
            consts.iter().find(|(n, _)| *n == name).map(|(_, v)| v.clone()).unwrap_or_default()
        };
        let mut path = path.replace("{{", "\u{1}").replace("}}", "\u{2}");
        for (name, value) in &consts {
            path = path.replace(&format!("{{{name}}}"), value);
        }
        let path = path.replace('\u{1}', "{").replace('\u{2}', "}");
        for method in ["get", "post", "patch", "put", "delete"] {
            let needle = format!("{method}(");
            let found = chunk
                .match_indices(&needle)
                .any(|(i, _)| chunk[..i].chars().next_back().is_none_or(|c| !(c.is_alphanumeric() || c == '_')));
            if found {
                routes.push((method.to_ascii_uppercase(), path.clone()));
            }
        }
    }
    routes
}

/// Whether a concrete path (query stripped) fits a route template.
pub fn fits(template: &str, path: &str) -> bool {
    let path = path.split('?').next().unwrap_or("");
    let (t, p): (Vec<&str>, Vec<&str>) = (template.split('/').collect(), path.split('/').collect());
    t.len() == p.len() && t.iter().zip(&p).all(|(a, b)| a == b || (a.starts_with('{') && a.ends_with('}')))
}

#[tokio::test]
async fn the_route_scan_reads_templates_methods_and_constants() {
    let routes = declared_routes();
    let has = |m: &str, p: &str| routes.iter().any(|(a, b)| a == m && b == p);
    assert!(has("GET", "/v3/customers/{customer_id}/subscriptions/{subscription_id}"), "{routes:?}");
    assert!(has("PATCH", "/v3/customers/{customer_id}/subscriptions/{subscription_id}"), "{routes:?}");
    assert!(has("POST", "/portal/api/v1/customers/{customer_id}/auto-renewal/trigger"), "{routes:?}");
    assert!(has("PATCH", "/portal/api/v1/customers/{customer_id}/subscriptions/{subscription_id}"), "{routes:?}");
    assert!(has("GET", "/partnerservice/ping"), "{routes:?}");
    assert!(!routes.iter().any(|(_, p)| p.starts_with("/ims") || p == "/ping"), "{routes:?}");
    assert!(fits("/v3/customers/{customer_id}", "/v3/customers/123?x=1"));
    assert!(!fits("/v3/customers/{customer_id}", "/v3/customers/123/orders"));
}
