//! Contact names are kept per email (SPEC §2.8.2 E3, E5, E9, §4.2).

use serde_json::json;

use crate::helpers::TestApp;

#[tokio::test]
async fn a_known_email_keeps_its_stored_names() {
    let app = TestApp::spawn().await;
    let first = app.create_reseller().await;
    let mut body = app.reseller_body();
    body["companyProfile"]["contacts"] =
        json!([{"firstName": "Other", "lastName": "Name", "email": "TESTNAME@adobe.com", "phoneNumber": "1"}]);
    let created = app.post("/v3/resellers", &body).await;
    assert_eq!(created.status, 201, "{}", created.text);
    let contact = &created.body["companyProfile"]["contacts"][0];
    assert_eq!((contact["firstName"].clone(), contact["lastName"].clone()), (json!("Other"), json!("Name")), "echoed");
    let id = created.body["resellerId"].as_str().unwrap_or_default();
    let stored = app.get(&format!("/v3/resellers/{id}")).await;
    let contact = &stored.body["companyProfile"]["contacts"][0];
    assert_eq!(
        (contact["firstName"].clone(), contact["lastName"].clone()),
        (json!("test firstname"), json!("test lastname"))
    );
    assert_eq!(contact["phoneNumber"], "1", "the rest of the contact is the request's");
    assert_eq!(
        app.get(&format!("/v3/resellers/{first}")).await.body["companyProfile"]["contacts"][0]["firstName"],
        "test firstname"
    );

    // The same rule on a customer update.
    let c = app.create_customer(&first).await;
    app.run_jobs().await;
    let mut patch =
        json!({"companyProfile": app.get(&format!("/v3/customers/{c}")).await.body["companyProfile"].clone()});
    patch["companyProfile"]["contacts"] =
        json!([{"firstName": "Renamed", "lastName": "Person", "email": "firstnamelastnameabc123@test.com"}]);
    let updated = app.patch(&format!("/v3/customers/{c}"), &patch).await;
    assert_eq!(updated.body["companyProfile"]["contacts"][0]["firstName"], "Renamed", "{}", updated.text);
    let got = app.get(&format!("/v3/customers/{c}")).await;
    assert_eq!(got.body["companyProfile"]["contacts"][0]["firstName"], "first_name");
}
