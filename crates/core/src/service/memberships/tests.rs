use super::*;

#[test]
fn the_ineligible_list_is_stable_and_covers_every_reason() {
    let list = ineligible();
    for reason in REASON_CODES {
        assert!(list.iter().any(|e| e.reason_code.as_deref() == Some(reason)), "{reason}");
    }
    for code in ["5115", "5118", "5120", "5121"] {
        assert!(list.iter().any(|e| e.error_code == code), "{code}");
    }
    assert_eq!(list[0].membership_id, "88000000");
    let mut ids: Vec<_> = list.iter().map(|e| e.membership_id.clone()).collect();
    ids.dedup();
    assert_eq!(ids.len(), list.len());
}

#[test]
fn hvd_codes() {
    let h = Hvd { pricing: "POST_DCLO".into(), discount_level: "18".into() };
    assert_eq!(h.code(), "HVD_L18_POST");
}
