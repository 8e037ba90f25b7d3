use chrono::TimeZone;
use serde_json::{Value, json};

use super::*;

fn distributor() -> Distributor {
    Distributor {
        id: "5000000001".into(),
        name: "D".into(),
        country: "US".into(),
        global_sales_enabled: false,
        lga_enabled: false,
        active: true,
        contract: vec![("NA".into(), "USD".into()), ("WE".into(), "EUR".into()), ("JP".into(), "JPY".into())],
        market_segments: vec![MarketSegment::Com, MarketSegment::Gov],
        default_reseller_id: None,
        default_customer_id: None,
        flex_discount_end_dates: Default::default(),
        reseller_changes: Default::default(),
        linked_groups: Default::default(),
        pa_customers: Default::default(),
    }
}

fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 3, 15, 12, 0, 0).single().expect("valid instant")
}

fn request(body: Value) -> PriceListRequest {
    parse(&body).expect("parses")
}

fn code(e: CoreError) -> (&'static str, Vec<String>) {
    match e {
        CoreError::Adobe { code, details, .. } => (code.code(), details),
        other => panic!("not an Adobe error: {other}"),
    }
}

#[test]
fn malformed_bodies_are_5122_naming_the_member() {
    let base = json!({"region": "NA", "marketSegment": "COM", "currency": "USD", "priceListMonth": "202603"});
    let with = |key: &str, value: Value| {
        let mut b = base.clone();
        b[key] = value;
        b
    };
    let cases = [
        (json!([]), "body"),
        (with("bogus", json!(1)), "bogus"),
        (with("region", json!(null)), "region"),
        (with("currency", json!(5)), "currency"),
        (with("priceListMonth", json!("2026-03")), "priceListMonth"),
        (with("priceListMonth", json!("202613")), "priceListMonth"),
        (with("priceListType", json!("LGA")), "priceListType"),
        (with("filters", json!({"sku": "x"})), "filters.sku"),
        (with("filters", json!({"firstOrderDate": "yesterday"})), "filters.firstOrderDate"),
        (with("includeOfferAttributes", json!(["pool", "bogus"])), "bogus"),
        (with("includeOfferAttributes", json!("pool")), "includeOfferAttributes"),
    ];
    for (body, detail) in cases {
        let (c, details) = code(parse(&body).expect_err("refused"));
        assert_eq!((c, details), ("5122", vec![detail.to_string()]), "{body}");
    }
    let r = request(with("filters", json!({"offerId": "", "productFamily": null, "lastOrderDate": "2026-01-01"})));
    assert_eq!(r.filters.offer_id, None);
    assert_eq!(r.filters.last_order_date, NaiveDate::from_ymd_opt(2026, 1, 1));
    assert_eq!(r.list_type, ListType::Standard);
}

#[test]
fn contract_and_month_rules_come_in_order() {
    let d = distributor();
    let ask = |region: &str, segment: &str, currency: &str, month: &str, kind: &str| {
        let body = json!({"region": region, "marketSegment": segment, "currency": currency, "priceListMonth": month,
            "priceListType": kind});
        rows(&d, now(), &request(body)).map(|r| r.len()).map_err(code)
    };
    assert_eq!(ask("NA", "EDU", "USD", "202603", "STANDARD").map_err(|e| e.0), Err("1160"));
    assert_eq!(ask("AP", "COM", "USD", "202603", "STANDARD").map_err(|e| e.0), Err("1161"));
    assert_eq!(ask("NA", "COM", "EUR", "202603", "STANDARD").map_err(|e| e.0), Err("1161"));
    assert_eq!(ask("NA", "COM", "USD", "202603", "STD-LGA").map_err(|e| e.0), Err("1160"));
    assert_eq!(ask("NA", "COM", "USD", "199001", "STANDARD").map_err(|e| e.0), Err("1162"));
    assert_eq!(ask("NA", "COM", "USD", "202604", "STANDARD").map_err(|e| e.0), Err("1162"));
    assert!(ask("NA", "COM", "USD", "202603", "STANDARD").is_ok_and(|n| n > 0));
    assert!(ask("NA", "COM", "USD", "201901", "STANDARD").is_ok());
    let mut inactive = distributor();
    inactive.active = false;
    let body = json!({"region": "NA", "marketSegment": "COM", "currency": "USD", "priceListMonth": "202603"});
    assert_eq!(code(rows(&inactive, now(), &request(body)).expect_err("inactive")).0, "1159");
}

#[test]
fn levels_follow_the_list_type() {
    let d = distributor();
    let levels = |segment: &str, kind: &str| {
        let body = json!({"region": "NA", "marketSegment": segment, "currency": "USD", "priceListMonth": "202603",
            "priceListType": kind});
        let mut l: Vec<&str> = rows(&d, now(), &request(body)).expect("rows").iter().map(|r| r.discount_code).collect();
        l.sort_unstable();
        l.dedup();
        l
    };
    assert_eq!(levels("COM", "STANDARD"), ["01", "02", "03", "04", "T1", "T2", "T3", "T4", "T5", "T6", "T7"]);
    assert_eq!(levels("COM", "3YC"), ["12", "13", "14", "TA", "TB", "TC", "TD", "TE", "TF", "TG"]);
    assert_eq!(levels("GOV", "STD-LGA"), ["06", "07", "08", "09"]);
}

#[test]
fn rows_are_priced_like_orders_and_deterministic() {
    let d = distributor();
    let body = json!({"region": "NA", "marketSegment": "COM", "currency": "USD", "priceListMonth": "202603",
        "filters": {"offerId": "65304479CA01A12"}});
    let first = rows(&d, now(), &request(body.clone())).expect("rows");
    assert_eq!(first.len(), 1);
    let row = &first[0];
    let product = reference::product("65304479CA").expect("product");
    assert_eq!(Some(row.partner_price), product.unit_price("01", "USD"));
    assert_eq!(row.product_family, product.name);
    assert_eq!(row.level_details, "Level 1 1 - 9");
    assert!(row.first_order_date <= NaiveDate::from_ymd_opt(2026, 3, 31).expect("date"));
    assert!(row.last_order_date >= NaiveDate::from_ymd_opt(2026, 3, 1).expect("date"));
    let later = Utc.with_ymd_and_hms(2027, 1, 1, 0, 0, 0).single().expect("instant");
    assert_eq!(rows(&d, later, &request(body)).expect("rows"), first, "an edition does not change with the clock");
}

#[test]
fn three_year_commit_lists_keep_the_previous_window() {
    let d = distributor();
    let body = json!({"region": "NA", "marketSegment": "COM", "currency": "USD", "priceListMonth": "202603",
        "priceListType": "3YC", "filters": {"offerId": "65304479CA12A12"}});
    let r = rows(&d, now(), &request(body)).expect("rows");
    assert_eq!(r.len(), 2, "{r:?}");
    assert_eq!(r[0].last_order_date.succ_opt(), Some(r[1].first_order_date));
    assert!(r[0].partner_price < r[1].partner_price);
}

#[test]
fn launches_and_reviews_are_flagged_in_their_edition() {
    let d = distributor();
    let mut adds = 0;
    let mut changes = 0;
    for month in ["201903", "201911", "202006", "202411", "202502"] {
        let body = json!({"region": "WE", "marketSegment": "COM", "currency": "EUR", "priceListMonth": month});
        for row in rows(&d, now(), &request(body)).expect("rows") {
            let start = NaiveDate::parse_from_str(&format!("{month}01"), "%Y%m%d").expect("month");
            match row.acd_indicator {
                Some("Add") => {
                    adds += 1;
                    assert_eq!(row.acd_effective_date, Some(row.estimated_ship_date));
                }
                Some("Change") => {
                    changes += 1;
                    assert_eq!(row.acd_effective_date, Some(start));
                    assert_eq!(row.first_order_date, start);
                }
                other => assert_eq!(other, None),
            }
        }
    }
    assert!(adds > 0 && changes > 0, "adds {adds}, changes {changes}");
}

#[test]
fn filters_are_anded() {
    let d = distributor();
    let all = json!({"region": "NA", "marketSegment": "COM", "currency": "USD", "priceListMonth": "202603"});
    let every = rows(&d, now(), &request(all.clone())).expect("rows");
    let family = every[0].product_family.clone();
    let mut body = all;
    body["filters"] = json!({"productFamily": family, "discountCode": "02"});
    let some = rows(&d, now(), &request(body.clone())).expect("rows");
    assert!(!some.is_empty());
    assert!(some.iter().all(|r| r.product_family == family && r.discount_code == "02"));
    body["filters"]["productFamily"] = json!(family.to_uppercase());
    assert!(rows(&d, now(), &request(body)).expect("rows").is_empty(), "productFamily is case-sensitive");
}

#[test]
fn level_details_name_the_band() {
    assert_eq!(level_details("01"), "Level 1 1 - 9");
    assert_eq!(level_details("14"), "Level 14 100+");
    assert_eq!(level_details("T7"), "Level T7 100000+");
    assert_eq!(format_price(12.5, "USD"), "12.50");
    assert_eq!(format_price(1875.0, "JPY"), "1875");
    assert_eq!(format_date(NaiveDate::from_ymd_opt(2022, 5, 3).expect("date")), "2022-05-03T00:00:00.000+00:00");
}
