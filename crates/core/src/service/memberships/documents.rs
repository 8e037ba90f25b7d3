//! Memberships and transfers as documents of the generic documents table: saving, loading and
//! finding a group's owner.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::records::{Membership, MembershipTransfer};
use super::{MEMBERSHIP, TRANSFER};
use crate::error::{CoreError, CoreResult};
use crate::store::{DocumentQuery, DocumentSort, SortOrder, StoredDocument, Tx};

/// Stores a membership of distributor `d`.
pub(super) async fn save(tx: &mut dyn Tx, d: &str, m: &Membership) -> CoreResult<()> {
    tx.put_document(&StoredDocument {
        distributor_id: d.to_string(),
        kind: MEMBERSHIP.into(),
        id: m.id.clone(),
        created_at: m.created_at,
        label: m.company_name.clone(),
        due_at: None,
        body: encode(m)?,
    })
    .await?;
    Ok(())
}

fn encode<T: Serialize>(value: &T) -> CoreResult<String> {
    serde_json::to_string(value).map_err(|e| CoreError::Internal(e.to_string()))
}

/// Decodes a stored document.
pub fn decode<T: for<'de> Deserialize<'de>>(doc: &StoredDocument) -> CoreResult<T> {
    serde_json::from_str(&doc.body).map_err(|e| CoreError::Internal(format!("{} {}: {e}", doc.kind, doc.id)))
}

/// A membership of distributor `d`, if any.
pub(super) async fn membership(tx: &mut dyn Tx, d: &str, id: &str) -> CoreResult<Option<Membership>> {
    match tx.document(d, MEMBERSHIP, id).await? {
        Some(doc) => Ok(Some(decode(&doc)?)),
        None => Ok(None),
    }
}

/// The owner membership of a group among the distributor's memberships, if any.
pub(super) async fn owner_of(tx: &mut dyn Tx, d: &str, group: &str) -> CoreResult<Option<Membership>> {
    let mut offset = 0;
    loop {
        let page = tx
            .list_documents(&DocumentQuery {
                distributor_id: d.to_string(),
                kind: MEMBERSHIP.into(),
                sort: DocumentSort::Id,
                order: SortOrder::Asc,
                limit: 500,
                offset,
            })
            .await?;
        for doc in &page.items {
            let m: Membership = decode(doc)?;
            if m.linked_membership.as_ref().is_some_and(|l| l.role == "OWNER" && l.group_id == group) {
                return Ok(Some(m));
            }
        }
        offset += 500;
        if offset >= page.total || page.items.is_empty() {
            return Ok(None);
        }
    }
}

/// Stores a transfer of distributor `d`, due at `due_at` while open.
pub(super) async fn put_transfer(
    tx: &mut dyn Tx,
    d: &str,
    t: &MembershipTransfer,
    due_at: Option<DateTime<Utc>>,
) -> CoreResult<()> {
    tx.put_document(&StoredDocument {
        distributor_id: d.to_string(),
        kind: TRANSFER.into(),
        id: t.id.clone(),
        created_at: t.created_at,
        label: t.company_name.clone(),
        due_at,
        body: encode(t)?,
    })
    .await?;
    Ok(())
}

/// A transfer of distributor `d`, if any.
pub(super) async fn get_transfer_doc(tx: &mut dyn Tx, d: &str, id: &str) -> CoreResult<Option<MembershipTransfer>> {
    match tx.document(d, TRANSFER, id).await? {
        Some(doc) => Ok(Some(decode(&doc)?)),
        None => Ok(None),
    }
}
