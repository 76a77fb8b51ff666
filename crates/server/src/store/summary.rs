//! The `summary` sentence of each kind of event, for live events and the
//! demo's past alike. `who` is the actor's email (or "The server").

use sandbox_api::{Role, SandboxStatus};

pub fn created(who: &str, sandbox: &str) -> String {
    format!("{who} created {sandbox}")
}

pub fn refresh_requested(who: &str, sandbox: &str) -> String {
    format!("{who} requested a refresh of {sandbox}")
}

pub fn deleted(who: &str, sandbox: &str) -> String {
    format!("{who} deleted {sandbox}")
}

/// One change a `PATCH` made.
pub enum Update {
    /// The new `expires_at`; `None` = never.
    Expiry(Option<String>),
    Protected(bool),
    Metadata,
}

pub fn updated(who: &str, sandbox: &str, updates: &[Update]) -> String {
    let said = listing(updates.iter().map(|update| match update {
        Update::Expiry(Some(at)) => format!("set it to expire at {at}"),
        Update::Expiry(None) => "set it to never expire".to_owned(),
        Update::Protected(true) => "protected it".to_owned(),
        Update::Protected(false) => "unprotected it".to_owned(),
        Update::Metadata => "changed its metadata".to_owned(),
    }));
    format!("{who} updated {sandbox}: {said}")
}

/// The server deleted a sandbox whose `expires_at` had come.
pub fn expired(sandbox: &str, expires_at: &str) -> String {
    format!("The server deleted {sandbox}: it expired at {expires_at}")
}

/// The server moved the status on; `failure` is the reason of a failure.
pub fn status_changed(sandbox: &str, to: SandboxStatus, failure: Option<&str>) -> String {
    match failure {
        Some(reason) => format!("{sandbox} failed. {reason}"),
        None => format!("{sandbox} is now {to}"),
    }
}

pub fn members_added<'m>(
    who: &str,
    sandbox: &str,
    members: impl Iterator<Item = (&'m str, Role)>,
) -> String {
    let added = listing(members.map(|(email, role)| format!("{email} as {role}")));
    format!("{who} added {added} to {sandbox}")
}

pub fn members_updated<'m>(
    who: &str,
    sandbox: &str,
    members: impl Iterator<Item = (&'m str, Role)>,
) -> String {
    let changed = listing(members.map(|(email, role)| format!("{email} to {role}")));
    format!("{who} changed the role of {changed} in {sandbox}")
}

pub fn members_removed<'m>(
    who: &str,
    sandbox: &str,
    emails: impl Iterator<Item = &'m str>,
) -> String {
    let removed = listing(emails.map(str::to_owned));
    format!("{who} removed {removed} from {sandbox}")
}

pub fn pushed(who: &str, app: &str, version: &str, sandbox: &str, target: &str) -> String {
    format!("{who} pushed {app} {version} from {sandbox} to {target}")
}

pub fn source_registered(who: &str, provider: &str, source: &str, sandbox: &str) -> String {
    format!("{who} registered the {provider} source {source} in {sandbox}")
}

pub fn source_secret_rotated(who: &str, source: &str, sandbox: &str) -> String {
    format!("{who} rotated the webhook secret of the source {source} in {sandbox}")
}

pub fn source_deleted(who: &str, source: &str, sandbox: &str) -> String {
    format!("{who} deleted the source {source} from {sandbox}")
}

/// `a`, `a and b`, `a, b and c`.
fn listing(items: impl Iterator<Item = String>) -> String {
    let items: Vec<String> = items.collect();
    match items.split_last() {
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("{} and {last}", rest.join(", ")),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_read_as_sentences() {
        let members = [
            ("a@x.test", Role::Editor),
            ("b@x.test", Role::Viewer),
            ("c@x.test", Role::Owner),
        ];
        assert_eq!(
            members_added("ada@acme.test", "eu", members.iter().copied()),
            "ada@acme.test added a@x.test as editor, b@x.test as viewer and c@x.test as owner to eu"
        );
        assert_eq!(
            members_removed("ada@acme.test", "eu", ["a@x.test", "b@x.test"].into_iter()),
            "ada@acme.test removed a@x.test and b@x.test from eu"
        );
    }
}
