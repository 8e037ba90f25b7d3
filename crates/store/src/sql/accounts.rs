//! Who calls and who is sold to: sequences, distributors, API clients and their tokens,
//! resellers, customers and their contacts.

use vipmp_core::dates::{format_date, format_datetime};
use vipmp_core::ids::Sequence;
use vipmp_core::model::{AccessToken, ApiClient, Contact, Customer, Distributor, Reseller};
use vipmp_core::store::{StoreError, StoreResult};

use super::{Stmt, args, text};

/// The next value of a sequence (its first value if it has none yet).
pub(crate) const NEXT_ID: &str = "INSERT INTO sequences (name, value) VALUES ($1, $2) \
     ON CONFLICT (name) DO UPDATE SET value = sequences.value + 1 RETURNING value";

/// A distributor's document.
pub(crate) const DISTRIBUTOR: &str = "SELECT doc FROM distributors WHERE id = $1";

/// Stores a distributor.
pub(crate) const PUT_DISTRIBUTOR: &str =
    "INSERT INTO distributors (id, doc) VALUES ($1, $2) ON CONFLICT (id) DO UPDATE SET doc = excluded.doc";

/// An API client's document.
pub(crate) const API_CLIENT: &str = "SELECT doc FROM api_clients WHERE client_id = $1";

/// Stores an API client.
pub(crate) const PUT_API_CLIENT: &str = "INSERT INTO api_clients (client_id, distributor_id, doc) VALUES ($1, $2, $3) \
     ON CONFLICT (client_id) DO UPDATE SET distributor_id = excluded.distributor_id, doc = excluded.doc";

/// An access token: `(token, client_id, expires_at)`, read by [`token_of`].
pub(crate) const TOKEN: &str = "SELECT token, client_id, expires_at FROM tokens WHERE token = $1";

/// Stores an access token.
pub(crate) const PUT_TOKEN: &str = "INSERT INTO tokens (token, client_id, expires_at) VALUES ($1, $2, $3)";

/// A reseller's document.
pub(crate) const RESELLER: &str = "SELECT doc FROM resellers WHERE distributor_id = $1 AND id = $2";

/// Stores a reseller (its creation instant stays the first one).
pub(crate) const PUT_RESELLER: &str = "INSERT INTO resellers \
     (id, distributor_id, status, company_name, created_at, activate_at, doc) VALUES ($1, $2, $3, $4, $5, $6, $7) \
     ON CONFLICT (id) DO UPDATE SET status = excluded.status, company_name = excluded.company_name, \
     activate_at = excluded.activate_at, doc = excluded.doc";

/// A customer's document.
pub(crate) const CUSTOMER: &str = "SELECT doc FROM customers WHERE distributor_id = $1 AND id = $2";

/// Stores a customer (its creation instant stays the first one).
pub(crate) const PUT_CUSTOMER: &str = "INSERT INTO customers (id, distributor_id, reseller_id, status, company_name, \
     created_at, activate_at, doc, commitment_end, request_start) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) \
     ON CONFLICT (id) DO UPDATE SET reseller_id = excluded.reseller_id, status = excluded.status, \
     company_name = excluded.company_name, activate_at = excluded.activate_at, doc = excluded.doc, \
     commitment_end = excluded.commitment_end, request_start = excluded.request_start";

/// A stored contact's document.
pub(crate) const CONTACT: &str = "SELECT doc FROM contacts WHERE distributor_id = $1 AND email = $2";

/// Stores a contact unless one with the same email is stored already.
pub(crate) const PUT_CONTACT: &str = "INSERT INTO contacts (distributor_id, email, doc) VALUES ($1, $2, $3) \
     ON CONFLICT (distributor_id, email) DO NOTHING";

/// See [`NEXT_ID`].
pub(crate) fn next_id(seq: Sequence) -> Stmt<'static> {
    Stmt::new(NEXT_ID, args![seq.name(), seq.first()])
}

/// See [`DISTRIBUTOR`].
pub(crate) fn distributor(id: &str) -> Stmt<'_> {
    Stmt::new(DISTRIBUTOR, args![id])
}

/// See [`PUT_DISTRIBUTOR`].
pub(crate) fn put_distributor(d: &Distributor) -> StoreResult<Stmt<'_>> {
    Ok(Stmt::new(PUT_DISTRIBUTOR, args![&d.id, text(d)?]))
}

/// See [`API_CLIENT`].
pub(crate) fn api_client(client_id: &str) -> Stmt<'_> {
    Stmt::new(API_CLIENT, args![client_id])
}

/// See [`PUT_API_CLIENT`].
pub(crate) fn put_api_client(c: &ApiClient) -> StoreResult<Stmt<'_>> {
    Ok(Stmt::new(PUT_API_CLIENT, args![&c.client_id, &c.distributor_id, text(c)?]))
}

/// See [`TOKEN`].
pub(crate) fn token(token: &str) -> Stmt<'_> {
    Stmt::new(TOKEN, args![token])
}

/// A [`TOKEN`] row.
pub(crate) fn token_of(token: String, client_id: String, expires_at: &str) -> StoreResult<AccessToken> {
    let expires_at = vipmp_core::dates::parse_date_or_datetime(expires_at)
        .ok_or_else(|| StoreError::Other(format!("bad token expiry {expires_at}")))?;
    Ok(AccessToken { token, client_id, expires_at })
}

/// See [`PUT_TOKEN`].
pub(crate) fn put_token(t: &AccessToken) -> Stmt<'_> {
    Stmt::new(PUT_TOKEN, args![&t.token, &t.client_id, format_datetime(t.expires_at)])
}

/// See [`RESELLER`].
pub(crate) fn reseller<'a>(distributor_id: &'a str, id: &'a str) -> Stmt<'a> {
    Stmt::new(RESELLER, args![distributor_id, id])
}

/// See [`PUT_RESELLER`].
pub(crate) fn put_reseller(r: &Reseller) -> StoreResult<Stmt<'_>> {
    let args = args![
        &r.id,
        &r.distributor_id,
        &r.status,
        &r.profile.company_name,
        format_datetime(r.created_at),
        r.activate_at.map(format_datetime),
        text(r)?,
    ];
    Ok(Stmt::new(PUT_RESELLER, args))
}

/// See [`CUSTOMER`].
pub(crate) fn customer<'a>(distributor_id: &'a str, id: &'a str) -> Stmt<'a> {
    Stmt::new(CUSTOMER, args![distributor_id, id])
}

/// See [`PUT_CUSTOMER`].
pub(crate) fn put_customer(c: &Customer) -> StoreResult<Stmt<'_>> {
    let args = args![
        &c.id,
        &c.distributor_id,
        &c.reseller_id,
        &c.status,
        &c.profile.company_name,
        format_datetime(c.created_at),
        c.activate_at.map(format_datetime),
        text(c)?,
        vipmp_core::control::commitment_end(c).map(format_date),
        vipmp_core::control::request_start(c).map(format_date),
    ];
    Ok(Stmt::new(PUT_CUSTOMER, args))
}

/// See [`CONTACT`].
pub(crate) fn contact<'a>(distributor_id: &'a str, email: &'a str) -> Stmt<'a> {
    Stmt::new(CONTACT, args![distributor_id, email])
}

/// See [`PUT_CONTACT`].
pub(crate) fn put_contact<'a>(distributor_id: &'a str, email: &'a str, contact: &Contact) -> StoreResult<Stmt<'a>> {
    Ok(Stmt::new(PUT_CONTACT, args![distributor_id, email, text(contact)?]))
}
