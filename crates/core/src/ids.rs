//! Identifier formats (SPEC §1.2): sequences for account and order ids, and a deterministic
//! 32-character subscription id derived from a sequence number.

/// The id sequences kept in the store, with the first value each one hands out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sequence {
    /// Reseller ids, from `1000000001`.
    Reseller,
    /// Customer ids, from `1005000001`.
    Customer,
    /// Order ids, one global sequence from `5120000001`.
    Order,
    /// Subscription numbers, turned into 32-character ids by [`subscription_id`].
    Subscription,
    /// Deployment ids, from `1450000001`.
    Deployment,
    /// Renewal job numbers.
    RenewalJob,
    /// Reseller-change transfer ids (9 digits), from `100000001`.
    ResellerTransfer,
    /// Purchase authorization numbers, turned into `PO` references by [`purchase_authorization_id`].
    PurchaseAuthorization,
    /// Linked-membership group ids (8 digits starting `51`), from `51000001`.
    LinkedGroup,
    /// Transfer Memberships test membership ids (8 digits), from `70000001`.
    Membership,
    /// VIP → VIP MP transfer ids (9 digits), from `300000001`.
    MembershipTransfer,
    /// Linked-membership group ids of test memberships (8 digits starting `51`), from `51500001`.
    MembershipGroup,
}

impl Sequence {
    /// The sequence's name in the store.
    pub fn name(self) -> &'static str {
        match self {
            Self::Reseller => "reseller",
            Self::Customer => "customer",
            Self::Order => "order",
            Self::Subscription => "subscription",
            Self::Deployment => "deployment",
            Self::RenewalJob => "renewal_job",
            Self::ResellerTransfer => "reseller_transfer",
            Self::PurchaseAuthorization => "purchase_authorization",
            Self::LinkedGroup => "linked_group",
            Self::Membership => "membership",
            Self::MembershipTransfer => "membership_transfer",
            Self::MembershipGroup => "membership_group",
        }
    }

    /// The first value of the sequence.
    pub fn first(self) -> i64 {
        match self {
            Self::Reseller => 1_000_000_001,
            Self::Customer => 1_005_000_001,
            Self::Order => 5_120_000_001,
            Self::Subscription => 1,
            Self::Deployment => 1_450_000_001,
            Self::RenewalJob => 1,
            Self::ResellerTransfer => 100_000_001,
            Self::PurchaseAuthorization => 1,
            Self::LinkedGroup => 51_000_001,
            Self::Membership => 70_000_001,
            Self::MembershipTransfer => 300_000_001,
            Self::MembershipGroup => 51_500_001,
        }
    }
}

fn splitmix64(mut x: u64) -> u64 {
    x = x.wrapping_add(0x9E37_79B9_7F4A_7C15);
    let mut z = x;
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// The subscription id for sequence number `n`: 30 lowercase hex characters and `NA`.
/// Distinct numbers give distinct ids (the first 16 hex digits are a bijection of `n`).
pub fn subscription_id(n: i64) -> String {
    let a = splitmix64(n as u64);
    let b = splitmix64(a ^ 0x5EED);
    format!("{a:016x}{:014x}NA", b >> 8)
}

/// The purchase authorization reference for sequence number `n`: `PO` and 18 digits, the
/// first six fixed (`PO281000000000000001` for 1).
pub fn purchase_authorization_id(n: i64) -> String {
    format!("PO{}", 281_000_000_000_000_000_i64 + n.rem_euclid(1_000_000_000_000_000))
}

/// A deterministic UUID-shaped id (8-4-4-4-12 hex, version nibble 4) of `key`: the same key gives
/// the same id on every server and run (FNV-1a; not a random UUID, not for secrets).
pub fn hashed_uuid(key: &str) -> String {
    let a = crate::reference::fnv1a(key.as_bytes());
    let b = crate::reference::fnv1a(format!("{key}#").as_bytes());
    format!(
        "{:08x}-{:04x}-4{:03x}-{:04x}-{:012x}",
        a >> 32,
        (a >> 16) & 0xffff,
        a & 0xfff,
        0x8000 | ((b >> 48) & 0x3fff),
        b & 0xffff_ffff_ffff
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn purchase_authorization_ids_are_po_and_18_digits() {
        for n in [1, 42, 999_999_999] {
            let id = purchase_authorization_id(n);
            assert_eq!(id.len(), 20, "{id}");
            assert!(id.starts_with("PO") && id[2..].bytes().all(|b| b.is_ascii_digit()), "{id}");
        }
        assert_eq!(purchase_authorization_id(1), "PO281000000000000001");
        assert_ne!(purchase_authorization_id(1), purchase_authorization_id(2));
    }

    #[test]
    fn subscription_ids_have_the_adobe_shape_and_do_not_collide() {
        let mut seen = std::collections::HashSet::new();
        for n in 1..10_000 {
            let id = subscription_id(n);
            assert_eq!(id.len(), 32);
            assert!(id.ends_with("NA"));
            assert!(id[..30].chars().all(|c| c.is_ascii_hexdigit() && !c.is_ascii_uppercase()));
            assert!(seen.insert(id));
        }
    }
}
