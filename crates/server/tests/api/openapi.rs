//! The OpenAPI document: served at `/openapi.json`, identical to the committed copy
//! (`openapi/vipmp-sandbox.json`; `VIPMP_UPDATE_OPENAPI=1` rewrites it), and covering every
//! route the router source declares, each with schemas and examples.

use serde_json::Value;

use crate::helpers::TestApp;
use crate::routes::all_routes;

fn committed_path() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../openapi/vipmp-sandbox.json")
}

async fn served() -> (TestApp, Value, String) {
    let app = TestApp::spawn().await;
    let a = app.send(app.http.get(app.url("/openapi.json"))).await;
    assert_eq!(a.status, 200, "{}", a.text);
    assert_eq!(a.headers["content-type"], "application/json");
    (app, a.body.clone(), a.text)
}

#[tokio::test]
async fn the_served_document_is_the_committed_copy() {
    let (_app, doc, text) = served().await;
    assert!(doc["openapi"].as_str().is_some_and(|v| v.starts_with("3.1")), "{}", doc["openapi"]);
    let path = committed_path();
    if std::env::var_os("VIPMP_UPDATE_OPENAPI").is_some() {
        std::fs::write(&path, &text).expect("write the committed copy");
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    let committed: Value = serde_json::from_str(&committed).unwrap_or(Value::Null);
    assert!(
        committed == doc,
        "openapi/vipmp-sandbox.json differs from the served document; \
         run `VIPMP_UPDATE_OPENAPI=1 cargo test -p vipmp-server --test api openapi` and commit the result"
    );
}

/// Every route of the router source, with the method, in the document's paths.
#[tokio::test]
async fn every_declared_route_is_documented() {
    let (_app, doc, _) = served().await;
    let routes = all_routes();
    assert!(routes.len() > 50, "the route scan found too few routes: {routes:?}");
    let missing: Vec<_> = routes
        .iter()
        .filter(|(method, path)| doc["paths"][path.as_str()][method.to_ascii_lowercase()].is_null())
        .collect();
    assert!(missing.is_empty(), "routes missing from the OpenAPI document: {missing:#?}");
}

/// Every JSON request body and every JSON 2xx answer has a schema and an example; every
/// operation names its security (or none) and answers its errors in a documented shape.
#[tokio::test]
async fn operations_have_schemas_examples_and_security() {
    let (_app, doc, _) = served().await;
    let schemes = doc["components"]["securitySchemes"].as_object().expect("securitySchemes");
    for name in ["bearer", "apiKey", "portalSession"] {
        assert!(schemes.contains_key(name), "security scheme {name}: {schemes:?}");
    }
    let mut problems = Vec::new();
    for (path, item) in doc["paths"].as_object().expect("paths") {
        for (method, op) in item.as_object().expect("path item") {
            let id = format!("{} {path}", method.to_ascii_uppercase());
            if op["operationId"].as_str().is_none_or(str::is_empty) {
                problems.push(format!("{id}: no operationId"));
            }
            // Every `{name}` of the path is a declared path parameter (schemathesis refuses the
            // operation otherwise).
            let declared: Vec<&str> = op["parameters"]
                .as_array()
                .map(|ps| ps.iter().filter(|p| p["in"] == "path").filter_map(|p| p["name"].as_str()).collect())
                .unwrap_or_default();
            for name in path.split('{').skip(1).filter_map(|rest| rest.split('}').next()) {
                if !declared.contains(&name) {
                    problems.push(format!("{id}: path parameter {name} is not declared"));
                }
            }
            if let Some(content) = op["requestBody"]["content"].as_object() {
                for (media, body) in content {
                    let example = !body["example"].is_null() || !body["examples"].is_null();
                    if body["schema"].is_null() || (media.contains("json") && !example) {
                        problems.push(format!("{id}: request body {media} lacks a schema or an example"));
                    }
                }
            }
            let responses = op["responses"].as_object().expect("responses");
            for (status, response) in responses {
                let Some(content) = response["content"].as_object() else { continue };
                for (media, body) in content {
                    if media.contains("json") && body["schema"].is_null() {
                        problems.push(format!("{id}: response {status} {media} lacks a schema"));
                    }
                }
            }
            let ok = responses.iter().find(|(s, _)| s.starts_with('2'));
            if let Some((status, response)) = ok
                && let Some(body) = response["content"]["application/json"].as_object()
                && body.get("example").is_none()
                && body.get("examples").is_none()
                && !has_example(&doc, &body["schema"])
            {
                problems.push(format!("{id}: response {status} has no example"));
            }
        }
    }
    assert!(problems.is_empty(), "{problems:#?}");
}

/// Whether a schema (or the component it refers to) carries an example.
fn has_example(doc: &Value, schema: &Value) -> bool {
    if !schema["example"].is_null() || !schema["examples"].is_null() {
        return true;
    }
    if let Some(r) = schema["$ref"].as_str().and_then(|r| r.strip_prefix("#/components/schemas/")) {
        return has_example(doc, &doc["components"]["schemas"][r]);
    }
    ["allOf", "oneOf", "anyOf"]
        .iter()
        .any(|k| schema[*k].as_array().is_some_and(|v| v.iter().any(|s| has_example(doc, s))))
}
