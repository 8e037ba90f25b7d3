//! The generic per-distributor documents table (`documents`, migration 0020): the statements
//! and the row decoding.

use vipmp_core::dates::format_datetime;
use vipmp_core::store::{DocumentQuery, DocumentSort, SortOrder, StoreResult, StoredDocument};

use super::lists::List;
use super::{Stmt, args, parse_instant};

/// The columns of a [`StoredDocument`], in [`decode`]'s order.
const COLUMNS: &str = "distributor_id, kind, id, created_at, label, due_at, doc";

/// One document by distributor, kind and id.
pub(crate) const DOCUMENT: &str = "SELECT distributor_id, kind, id, created_at, label, due_at, doc FROM documents \
     WHERE distributor_id = $1 AND kind = $2 AND id = $3";

/// Inserts or replaces a document (the creation instant stays the first one).
pub(crate) const PUT_DOCUMENT: &str = "INSERT INTO documents (distributor_id, kind, id, created_at, label, due_at, doc) \
     VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (distributor_id, kind, id) DO UPDATE SET \
     label = excluded.label, due_at = excluded.due_at, doc = excluded.doc";

/// Deletes a document.
pub(crate) const DELETE_DOCUMENT: &str = "DELETE FROM documents WHERE distributor_id = $1 AND kind = $2 AND id = $3";

/// How many documents of a kind a distributor has.
pub(crate) const COUNT_DOCUMENTS: &str = "SELECT count(*) FROM documents WHERE distributor_id = $1 AND kind = $2";

/// Every document of a distributor (snapshots), by kind then id.
pub(crate) const EXPORT_DOCUMENTS: &str = "SELECT distributor_id, kind, id, created_at, label, due_at, doc FROM documents \
     WHERE distributor_id = $1 ORDER BY kind, id";

/// A page of the documents of a kind (`$1` distributor, `$2` kind, `$3` limit, `$4` offset).
fn list_sql(q: &DocumentQuery) -> String {
    let column = match q.sort {
        DocumentSort::CreatedAt => "created_at",
        DocumentSort::Label => "lower(label)",
        DocumentSort::Id => "id",
    };
    let dir = match q.order {
        SortOrder::Asc => "ASC",
        SortOrder::Desc => "DESC",
    };
    format!(
        "SELECT {COLUMNS} FROM documents WHERE distributor_id = $1 AND kind = $2 \
         ORDER BY {column} {dir}, id {dir} LIMIT $3 OFFSET $4"
    )
}

/// The raw columns of a row, in [`COLUMNS`]' order.
pub(crate) type Raw = (String, String, String, String, String, Option<String>, String);

/// A row as a document.
pub(crate) fn decode(raw: Raw) -> StoreResult<StoredDocument> {
    let (distributor_id, kind, id, created_at, label, due_at, body) = raw;
    Ok(StoredDocument {
        distributor_id,
        kind,
        id,
        created_at: parse_instant(Some(created_at))?.unwrap_or_default(),
        label,
        due_at: parse_instant(due_at)?,
        body,
    })
}

/// See [`DOCUMENT`].
pub(crate) fn document<'a>(distributor_id: &'a str, kind: &'a str, id: &'a str) -> Stmt<'a> {
    Stmt::new(DOCUMENT, args![distributor_id, kind, id])
}

/// See [`PUT_DOCUMENT`].
pub(crate) fn put_document(d: &StoredDocument) -> Stmt<'_> {
    let args = args![
        &d.distributor_id,
        &d.kind,
        &d.id,
        format_datetime(d.created_at),
        &d.label,
        d.due_at.map(format_datetime),
        &d.body,
    ];
    Stmt::new(PUT_DOCUMENT, args)
}

/// See [`DELETE_DOCUMENT`].
pub(crate) fn delete_document<'a>(distributor_id: &'a str, kind: &'a str, id: &'a str) -> Stmt<'a> {
    Stmt::new(DELETE_DOCUMENT, args![distributor_id, kind, id])
}

/// A page of documents: [`COUNT_DOCUMENTS`] and [`list_sql`] (whose rows [`decode`] reads).
pub(crate) fn list(q: &DocumentQuery) -> List<'_> {
    List {
        count: Stmt::new(COUNT_DOCUMENTS, args![&q.distributor_id, &q.kind]),
        page: Stmt::new(list_sql(q), args![&q.distributor_id, &q.kind, q.limit, q.offset]),
    }
}

/// See [`EXPORT_DOCUMENTS`].
pub(crate) fn export(distributor_id: &str) -> Stmt<'_> {
    Stmt::new(EXPORT_DOCUMENTS, args![distributor_id])
}
