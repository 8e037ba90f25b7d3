//! One walk through the main flow, to keep the helpers honest.

use crate::helpers::TestApp;

#[tokio::test]
async fn reseller_customer_order_subscription() {
    let app = TestApp::spawn().await;
    let (_, customer) = app.active_customer().await;
    let (_, sub) = app.completed_order(&customer, "65304479CA01A12", 20).await;
    let s = app.get(&format!("/v3/customers/{customer}/subscriptions/{sub}")).await;
    assert_eq!(s.status, 200, "{}", s.text);
    assert_eq!(s.body["currentQuantity"], 20);
    assert_eq!(s.body["offerId"], "65304479CA01A12");
}
