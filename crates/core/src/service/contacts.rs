//! Contact names (SPEC §2.8.2 E3, §4.2): an email a distributor already knows keeps the names
//! it was first stored with. The response to the request that sent other names echoes them;
//! what is stored, and every later GET, keeps the original ones.

use crate::error::CoreResult;
use crate::model::Contact;
use crate::store::Tx;

/// The contacts as they are stored, remembering the names of emails seen for the first time.
pub async fn stored(tx: &mut dyn Tx, distributor_id: &str, contacts: &[Contact]) -> CoreResult<Vec<Contact>> {
    let mut out = Vec::with_capacity(contacts.len());
    for contact in contacts {
        let key = contact.email.to_lowercase();
        match tx.contact(distributor_id, &key).await? {
            Some(known) => {
                out.push(Contact { first_name: known.first_name, last_name: known.last_name, ..contact.clone() })
            }
            None => {
                tx.put_contact(distributor_id, &key, contact).await?;
                out.push(contact.clone());
            }
        }
    }
    Ok(out)
}
