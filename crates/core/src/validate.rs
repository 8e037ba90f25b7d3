//! Field rules of SPEC §2.6: the patterns and limits of names, emails, ids and addresses,
//! and the parsing of the company profiles and contacts they apply to.

use std::sync::LazyLock;

use regex::Regex;
use serde_json::{Map, Value};

use crate::error::ErrorCode;
use crate::input::{Problems, index, join};
use crate::model::{Address, Contact, Distributor};
use crate::reference;

fn re(pattern: &str) -> Regex {
    Regex::new(pattern).expect("built-in validation pattern compiles")
}

static COMPANY_NAME: LazyLock<Regex> = LazyLock::new(|| re(r#"^[\p{L}\p{N}_ ,.＆&・'()（）"/\-\x{3000}]{4,80}$"#));
static PERSON_NAME: LazyLock<Regex> = LazyLock::new(|| re(r#"^[\p{L}\p{N}\-_ \x{3000},.＆&'"]{1,35}$"#));
static EMAIL: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$",
    )
});
static ACCOUNT_ID: LazyLock<Regex> = LazyLock::new(|| re(r"^[\p{L}\d\-]{4,40}$"));

/// The XSS rule: no `<`, `>` or `"`.
pub fn xss_safe(s: &str) -> bool {
    !s.contains(['<', '>', '"'])
}

/// Whether `s` is a well-formed reseller, customer or distributor id.
pub fn account_id_ok(s: &str) -> bool {
    ACCOUNT_ID.is_match(s)
}

/// Checks an `externalReferenceId`: over `max` characters is `2126`, forbidden characters `1117`.
pub fn external_reference(p: &mut Problems, value: &str, path: &str, max: usize) {
    if value.chars().count() > max {
        p.code(ErrorCode::ExternalReferenceTooLong, path.to_string());
    } else if !xss_safe(value) {
        p.invalid(path.to_string());
    }
}

/// Checks a company name.
pub fn company_name(p: &mut Problems, value: &str, path: &str) {
    if !COMPANY_NAME.is_match(value) {
        p.invalid(path.to_string());
    }
}

/// Checks a locale.
pub fn preferred_language(p: &mut Problems, value: &str, path: &str) {
    if value.chars().count() > 40 || !reference::is_locale(value) {
        p.invalid(path.to_string());
    }
}

/// The company-profile members an update (E5, E9) may not change that this one would: the
/// `companyName` (sent or not), and the address's `country` and `region` when an address is sent.
pub fn changed_fixed_profile_fields(
    name: Option<&str>,
    address: Option<&Address>,
    stored_name: &str,
    stored_address: &Address,
) -> Vec<String> {
    let mut changed = Vec::new();
    if name != Some(stored_name) {
        changed.push("companyProfile.companyName".to_string());
    }
    if let Some(address) = address {
        if address.country != stored_address.country {
            changed.push("companyProfile.address.country".to_string());
        }
        if address.region != stored_address.region {
            changed.push("companyProfile.address.region".to_string());
        }
    }
    changed
}

/// Reads and checks the required `companyName` and `preferredLanguage` of the company profile
/// `prof` at `path` (a reseller's or a customer's).
pub fn profile_names(p: &mut Problems, prof: &Map<String, Value>, path: &str) -> (Option<String>, Option<String>) {
    let name = p.req_str(prof, path, "companyName");
    if let Some(n) = &name {
        company_name(p, n, &join(path, "companyName"));
    }
    let language = p.req_str(prof, path, "preferredLanguage");
    if let Some(l) = &language {
        preferred_language(p, l, &join(path, "preferredLanguage"));
    }
    (name, language)
}

const ADDRESS_KEYS: &[&str] =
    &["country", "region", "city", "addressLine1", "addressLine2", "postalCode", "phoneNumber"];
const CONTACT_KEYS: &[&str] = &["firstName", "lastName", "email", "phoneNumber"];

/// Reads and checks an address. The country must be supported and, unless `any_region`, in a
/// price region of the distributor's contract.
pub fn address(
    p: &mut Problems,
    value: &Value,
    path: &str,
    distributor: &Distributor,
    any_region: bool,
) -> Option<Address> {
    let map = p.object(value, path, ADDRESS_KEYS)?;
    let country = p.req_str(map, path, "country");
    let region = p.opt_str(map, path, "region").unwrap_or_default();
    let city = p.opt_str(map, path, "city").unwrap_or_default();
    let line1 = p.req_str(map, path, "addressLine1");
    let line2 = p.opt_str(map, path, "addressLine2").unwrap_or_default();
    let postal = p.req_str(map, path, "postalCode");
    let phone = p.opt_str(map, path, "phoneNumber").unwrap_or_default();
    let bad = |p: &mut Problems, key: &str| p.code(ErrorCode::InvalidAddress, join(path, key));

    let country_ref = country.as_deref().and_then(reference::country);
    match (&country, country_ref) {
        (Some(_), Some(c)) if any_region || distributor.covers_region(&c.price_region) => {
            if !c.has_region(&region) {
                bad(p, "region");
            }
            if let Some(postal) = &postal
                && (postal.chars().count() > 40 || !c.postal_code_ok(postal))
            {
                bad(p, "postalCode");
            }
        }
        (Some(_), _) => bad(p, "country"),
        (None, _) => {}
    }
    if city.chars().count() > 40 || !xss_safe(&city) {
        bad(p, "city");
    }
    if let Some(l1) = &line1
        && (l1.is_empty() || l1.chars().count() > 60 || !xss_safe(l1))
    {
        bad(p, "addressLine1");
    }
    if line2.chars().count() > 60 || !xss_safe(&line2) {
        bad(p, "addressLine2");
    }
    if phone.chars().count() > 40 || !xss_safe(&phone) {
        bad(p, "phoneNumber");
    }
    Some(Address {
        country: country?,
        region,
        city,
        address_line1: line1?,
        address_line2: line2,
        postal_code: postal?,
        phone_number: phone,
    })
}

/// Reads and checks a contacts array. `required` makes an absent or empty list `1122`.
pub fn contacts(p: &mut Problems, map: &Map<String, Value>, path: &str, required: bool) -> Option<Vec<Contact>> {
    let list_path = join(path, "contacts");
    let Some(items) = p.opt_array(map, path, "contacts") else {
        if required && map.get("contacts").is_none_or(Value::is_null) {
            p.missing(list_path);
        }
        return None;
    };
    if items.is_empty() && required {
        p.missing(list_path);
        return None;
    }
    let mut out = Vec::new();
    for (i, item) in items.iter().enumerate() {
        let cpath = index(&list_path, i);
        let Some(c) = p.object(item, &cpath, CONTACT_KEYS) else { continue };
        let first = p.req_str(c, &cpath, "firstName");
        let last = p.req_str(c, &cpath, "lastName");
        let email = p.req_str(c, &cpath, "email");
        let phone = p.opt_str(c, &cpath, "phoneNumber");
        for (key, value) in [("firstName", &first), ("lastName", &last)] {
            if let Some(v) = value
                && !PERSON_NAME.is_match(v)
            {
                p.invalid(join(&cpath, key));
            }
        }
        if let Some(e) = &email
            && (e.len() > 240 || !EMAIL.is_match(e))
        {
            p.invalid(join(&cpath, "email"));
        }
        if let Some(ph) = &phone
            && (ph.chars().count() > 40 || !xss_safe(ph))
        {
            p.invalid(join(&cpath, "phoneNumber"));
        }
        if let (Some(first_name), Some(last_name), Some(email)) = (first, last, email) {
            out.push(Contact { first_name, last_name, email, phone_number: phone });
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn patterns() {
        assert!(COMPANY_NAME.is_match("Reseller Name 1b4e28ba-2fa1-11d2-883f-0016d3cca427"));
        assert!(!COMPANY_NAME.is_match("abc"));
        assert!(!COMPANY_NAME.is_match("<script>alert(1)</script>"));
        assert!(PERSON_NAME.is_match("test firstname"));
        assert!(EMAIL.is_match("firstnamelastnameabc123@test.com"));
        assert!(!EMAIL.is_match("not-an-email"));
        assert!(account_id_ok("P1000012490"));
        assert!(!account_id_ok("abc"));
    }
}
