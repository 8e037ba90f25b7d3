//! Bulk seeding for benchmarks and demos (`vipmp-sandbox seed`): deterministic resellers,
//! customers and, optionally, one subscription each, written straight through the store.

use chrono::{DateTime, NaiveDate, Utc};

use crate::error::CoreResult;
use crate::ids::{self, Sequence};
use crate::model::{
    Address, Contact, Customer, CustomerProfile, Discount, Reseller, ResellerProfile, Subscription, status,
};
use crate::reference::{MarketSegment, OfferType};
use crate::store::Tx;

/// The address of seeded accounts (and of US test memberships): San Jose, CA.
pub fn address() -> Address {
    Address {
        country: "US".into(),
        region: "CA".into(),
        city: "San Jose".into(),
        address_line1: "345 Park Avenue".into(),
        address_line2: String::new(),
        postal_code: "95110".into(),
        phone_number: String::new(),
    }
}

fn contact(n: i64) -> Contact {
    Contact {
        first_name: "Seed".into(),
        last_name: format!("Contact {n}"),
        email: format!("seed{n}@example.com"),
        phone_number: None,
    }
}

/// Creates an active COM reseller.
pub async fn reseller(tx: &mut dyn Tx, distributor_id: &str, now: DateTime<Utc>, n: i64) -> CoreResult<Reseller> {
    let r = Reseller {
        id: tx.next_id(Sequence::Reseller).await?.to_string(),
        distributor_id: distributor_id.to_string(),
        external_reference_id: format!("seed-reseller-{n}"),
        profile: ResellerProfile {
            company_name: format!("Seed Reseller {n:07}"),
            preferred_language: "en-US".into(),
            market_segments: vec![MarketSegment::Com],
            address: address(),
            contacts: vec![contact(n)],
        },
        status: status::ACTIVE.into(),
        created_at: now,
        activate_at: None,
    };
    tx.put_reseller(&r).await?;
    Ok(r)
}

/// What to seed for each customer.
#[derive(Debug, Clone, Copy)]
pub struct CustomerSeed<'a> {
    /// The owning distributor.
    pub distributor_id: &'a str,
    /// The reseller.
    pub reseller_id: &'a str,
    /// Creation instant.
    pub now: DateTime<Utc>,
    /// With a subscription of this many seats of `65304479CA01A12` renewing on `renewal_date`.
    pub seats: i64,
    /// Anniversary and renewal date.
    pub renewal_date: NaiveDate,
}

/// Creates one active customer (and its subscription when `seats > 0`).
pub async fn customer(tx: &mut dyn Tx, seed: &CustomerSeed<'_>, n: i64) -> CoreResult<Customer> {
    let id = tx.next_id(Sequence::Customer).await?.to_string();
    let profile = CustomerProfile {
        company_name: format!("Seed Customer {n:07}"),
        preferred_language: "en-US".into(),
        market_segment: MarketSegment::Com,
        market_sub_segments: Vec::new(),
        address: address(),
        contacts: vec![contact(n)],
    };
    let c = Customer {
        external_reference_id: format!("seed-{n}"),
        discounts: vec![Discount { offer_type: OfferType::License, level: "01".into(), discount_code: None }],
        coterm_date: (seed.seats > 0).then_some(seed.renewal_date),
        ..Customer::new(id, seed.distributor_id, seed.reseller_id, profile, status::ACTIVE, seed.now)
    };
    tx.put_customer(&c).await?;
    if seed.seats > 0 {
        let id = ids::subscription_id(tx.next_id(Sequence::Subscription).await?);
        let s = Subscription {
            renewal_date: Some(seed.renewal_date),
            ..Subscription::new_active(id, seed.distributor_id, &c.id, "65304479CA", seed.seats, seed.now)
        };
        tx.put_subscription(&s).await?;
    }
    Ok(c)
}
