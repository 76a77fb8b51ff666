//! Who the console talks to and as whom: the API base URL and the token,
//! the caller from `GET /api/v1/me`, and where they are kept.
//!
//! The token lives in sessionStorage (gone when the tab closes) unless the
//! user ticked "remember on this device", which puts it in localStorage too.
//! It is never put in a URL and never logged. The base URL is not secret
//! and is always remembered.

use std::collections::BTreeMap;

use leptos::prelude::*;
use sandbox_api::{encode_query_component, Me};
use web_sys::Storage;

use crate::api::ApiClient;

const TOKEN_KEY: &str = "sandbox-console.token";
const BASE_URL_KEY: &str = "sandbox-console.base-url";

/// Where to reach the API and the token to present.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Credentials {
    pub base_url: String,
    pub token: String,
}

fn session_storage() -> Option<Storage> {
    web_sys::window()?.session_storage().ok()?
}

fn local_storage() -> Option<Storage> {
    web_sys::window()?.local_storage().ok()?
}

fn read(storage: Option<Storage>, key: &str) -> Option<String> {
    storage?
        .get_item(key)
        .ok()?
        .filter(|value| !value.is_empty())
}

/// The page's own origin: the default API base URL, since `sandboxd --static` serves both.
pub fn page_origin() -> String {
    web_sys::window()
        .and_then(|w| w.location().origin().ok())
        .unwrap_or_default()
}

/// The base URL last used, or the page's origin.
pub fn stored_base_url() -> String {
    read(local_storage(), BASE_URL_KEY).unwrap_or_else(page_origin)
}

/// Credentials kept from an earlier visit, if any.
pub fn load_credentials() -> Option<Credentials> {
    let token = read(session_storage(), TOKEN_KEY).or_else(|| read(local_storage(), TOKEN_KEY))?;
    Some(Credentials {
        base_url: stored_base_url(),
        token,
    })
}

/// Keeps the credentials for this tab, and on this device if `remember`.
pub fn store_credentials(credentials: &Credentials, remember: bool) {
    if let Some(storage) = session_storage() {
        let _ = storage.set_item(TOKEN_KEY, &credentials.token);
    }
    if let Some(storage) = local_storage() {
        let _ = storage.set_item(BASE_URL_KEY, &credentials.base_url);
        let _ = if remember {
            storage.set_item(TOKEN_KEY, &credentials.token)
        } else {
            storage.remove_item(TOKEN_KEY)
        };
    }
}

/// Forgets the token everywhere (sign out, or a token the API refused).
pub fn forget_token() {
    for storage in [session_storage(), local_storage()].into_iter().flatten() {
        let _ = storage.remove_item(TOKEN_KEY);
    }
}

/// The console's session, provided as context by `App`.
#[derive(Clone, Copy)]
pub struct Session {
    pub credentials: RwSignal<Option<Credentials>>,
    /// The caller, once `GET /api/v1/me` has answered.
    pub me: RwSignal<Option<Me>>,
    /// Names of the tenant accounts the list has shown (id → name), which
    /// support staff pick from to filter by account: the API has no list of
    /// accounts.
    pub accounts: RwSignal<BTreeMap<String, String>>,
    /// Counts the times every page must load again from scratch (another
    /// demo identity, a demo reset): `App` renders its routes anew each time.
    pub reloads: RwSignal<u64>,
}

impl Session {
    pub fn new() -> Self {
        Session {
            credentials: RwSignal::new(load_credentials()),
            me: RwSignal::new(None),
            accounts: RwSignal::new(BTreeMap::new()),
            reloads: RwSignal::new(0),
        }
    }

    /// Makes the pages load what they show again, with the credentials
    /// they find now.
    pub fn reload_pages(&self) {
        self.reloads.update(|n| *n += 1);
    }

    /// Signs in with checked credentials.
    pub fn sign_in(&self, credentials: Credentials, me: Me, remember: bool) {
        store_credentials(&credentials, remember);
        self.me.set(Some(me));
        self.credentials.set(Some(credentials));
    }

    /// The user's own "Sign out": also forgets the forms' drafts, which only
    /// a sign-out by a 401 keeps (see `forms::FormDraft`).
    pub fn sign_out_by_user(&self) {
        crate::forms::discard_all_drafts();
        self.sign_out();
    }

    /// Signs out: the token is forgotten everywhere.
    pub fn sign_out(&self) {
        forget_token();
        self.me.set(None);
        self.accounts.set(BTreeMap::new());
        self.credentials.set(None);
    }
}

impl Default for Session {
    fn default() -> Self {
        Self::new()
    }
}

pub fn use_session() -> Session {
    expect_context::<Session>()
}

/// The path and query of the page the user is on, to come back to after Connect.
pub fn current_location() -> String {
    web_sys::window()
        .and_then(|w| {
            let location = w.location();
            Some(format!(
                "{}{}",
                location.pathname().ok()?,
                location.search().ok()?
            ))
        })
        .unwrap_or_else(|| "/".to_owned())
}

/// The Connect page's URL, returning to `next` once connected.
pub fn connect_url(next: &str) -> String {
    if next.is_empty() || next == "/" || next.starts_with("/connect") {
        "/connect".to_owned()
    } else {
        format!("/connect?next={}", encode_query_component(next))
    }
}

/// A client for the signed-in caller. Any 401 it receives signs out, and
/// `RequireSession` then sends the user to Connect, which brings them back
/// afterwards. Pages behind `RequireSession` always have credentials;
/// without any, the empty token draws a 401 and so the same trip to Connect.
pub fn use_client() -> ApiClient {
    use_session().client()
}

impl Session {
    /// `use_client`'s client, with the credentials of now (for work that
    /// outlives the page that began it: a bulk run resumed after reconnecting).
    pub fn client(self) -> ApiClient {
        let credentials = self
            .credentials
            .get_untracked()
            .unwrap_or_else(|| Credentials {
                base_url: stored_base_url(),
                token: String::new(),
            });
        ApiClient::new(&credentials.base_url, &credentials.token)
            .on_unauthorized(move || self.sign_out())
    }
}
