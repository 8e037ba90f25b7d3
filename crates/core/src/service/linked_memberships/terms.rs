//! Linked Membership Terms (§5.4.10): the owner's decision.

use super::{conflict, owned_group};
use crate::error::CoreResult;
use crate::model::Customer;
use crate::service::{Ctx, portal_customer};
use crate::store::Tx;

/// Linked Membership Terms (§5.4.10): the owner accepts or rejects once (`P409` afterwards).
pub async fn decide_terms(tx: &mut dyn Tx, ctx: &Ctx<'_>, id: &str, accept: bool) -> CoreResult<Customer> {
    let mut customer = portal_customer(tx, ctx, id).await?;
    let group = owned_group(&mut customer)?;
    if group.terms_status != "REQUESTED" {
        return Err(conflict("the linked membership terms were already decided"));
    }
    group.terms_status = if accept { "ACCEPTED" } else { "REJECTED" }.into();
    tx.put_customer(&customer).await?;
    Ok(customer)
}
