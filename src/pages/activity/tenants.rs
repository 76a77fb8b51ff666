//! Support's tenant column names each tenant account, as the list does:
//! by the names the session has learnt (`Session::accounts`, which the
//! list fills), and, for a tenant not met yet, by one of its sandboxes
//! asked with its `owner_account`. A tenant with no sandbox left, or a
//! failed lookup, keeps its id: the names are a help, not the data.

use std::collections::BTreeSet;

use leptos::prelude::*;
use sandbox_api::{Event, SandboxListQuery};

use crate::api::{self, ApiClient};
use crate::session::Session;

/// Learns the names of the tenants of `events` the session does not know.
pub async fn learn_tenant_names(client: &ApiClient, session: Session, events: &[Event]) {
    let unknown: BTreeSet<String> = session
        .accounts
        .try_with_untracked(|known| {
            events
                .iter()
                .filter(|event| !known.contains_key(&event.user_id))
                .map(|event| event.user_id.clone())
                .collect()
        })
        .unwrap_or_default();
    let mut found = Vec::new();
    for user_id in unknown {
        let query = SandboxListQuery {
            user_id: Some(user_id),
            limit: 1,
            ..SandboxListQuery::default()
        };
        let account = api::sandboxes::list(client, &query, true)
            .await
            .ok()
            .and_then(|page| page.items.first()?.owner_account.clone());
        found.extend(account.map(|account| (account.id, account.name)));
    }
    if !found.is_empty() {
        session.accounts.try_update(|known| known.extend(found));
    }
}

/// The name the session knows for tenant `user_id`, read once (a row must
/// not follow a session-long signal).
pub fn tenant_name(session: Session, user_id: &str) -> Option<String> {
    session
        .accounts
        .try_with_untracked(|known| known.get(user_id).cloned())
        .flatten()
}
