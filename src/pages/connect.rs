//! `/connect`: which API to talk to and as whom.
//!
//! The token is checked with `GET /api/v1/me` before it is kept, so a typo
//! is caught here and not on the next page. It only ever travels in the
//! `Authorization` header: never in a URL, never in a log.

use leptos::ev;
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use sandbox_api::Me;

use crate::api::{self, ApiClient, ApiError};
use crate::components::demo::{account_text, capability_text};
use crate::navigation::{query_value, use_title};
use crate::session::{stored_base_url, use_client, use_session, Credentials};

/// Where to go once connected: `next` if it is a path of this console
/// (`/…` but not `//host…`, which a browser reads as another site), else the list.
pub fn safe_next(next: Option<&str>) -> String {
    match next {
        Some(path)
            if path.starts_with('/') && !path.starts_with("//") && !path.starts_with("/\\") =>
        {
            path.to_owned()
        }
        _ => "/sandboxes".to_owned(),
    }
}

/// The base URL as typed, checked: `http(s)://…` without a trailing slash.
pub fn check_base_url(text: &str) -> Result<String, String> {
    let url = text.trim().trim_end_matches('/');
    if url.is_empty() {
        return Err("Enter the API base URL, e.g. http://127.0.0.1:8080.".to_owned());
    }
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"));
    match rest {
        Some(host) if !host.is_empty() && !host.contains(char::is_whitespace) => Ok(url.to_owned()),
        _ => Err("The API base URL must start with http:// or https:// and name a host, e.g. http://127.0.0.1:8080.".to_owned()),
    }
}

/// What went wrong with a connection attempt, in words that say what to do.
pub fn connect_error_message(error: &ApiError, base_url: &str) -> String {
    match error {
        ApiError::Unauthorized(_) => {
            "That token was not accepted by the API (401). Check that it is complete and still valid.".to_owned()
        }
        ApiError::Network(why) => format!(
            "Could not reach the API at {base_url} ({why}). Check the URL, that the server is running, \
             and that it allows requests from this page's origin (CORS)."
        ),
        ApiError::BadResponse(_) | ApiError::NotFound(_) => format!(
            "{base_url} answered, but not like the Sandbox API ({}). Check the URL.",
            error.message()
        ),
        other => other.message(),
    }
}

/// "ada@acme.test · admin · Acme Production" and, for a scoped token, the sandbox.
pub fn who_text(me: &Me) -> String {
    let account = me
        .account
        .as_ref()
        .map_or("all tenants", |account| account.name.as_str());
    let mut text = format!("{} · {} · {account}", me.email, me.role);
    if let Some(sandbox_id) = &me.acting_in_sandbox {
        text.push_str(&format!(" · acting in sandbox {sandbox_id}"));
    }
    text
}

#[component]
pub fn Connect() -> impl IntoView {
    let session = use_session();
    let next = query_value("next");
    let navigate = use_navigate();
    use_title(|| Some("Connect".to_owned()));

    let base_url = RwSignal::new(
        session
            .credentials
            .with_untracked(|c| c.as_ref().map(|c| c.base_url.clone()))
            .unwrap_or_else(stored_base_url),
    );
    let token = RwSignal::new(String::new());
    let remember = RwSignal::new(false);
    let show_token = RwSignal::new(false);
    let base_url_error = RwSignal::new(None::<String>);
    let token_error = RwSignal::new(None::<String>);
    let failure = RwSignal::new(None::<String>);

    let check = Action::new_local(move |credentials: &Credentials| {
        let credentials = credentials.clone();
        async move {
            // No sign-out on 401 here: a refused token is this form's business.
            let client = ApiClient::new(&credentials.base_url, &credentials.token);
            let result = api::me::get(&client).await;
            (credentials, result)
        }
    });
    Effect::new(move |_| {
        let Some((credentials, result)) = check.value().get() else {
            return;
        };
        match result {
            Ok(me) => {
                failure.set(None);
                token.set(String::new());
                session.sign_in(credentials, me, remember.get_untracked());
                let next = safe_next(next.as_deref());
                navigate(&next, Default::default());
            }
            Err(error) => failure.set(Some(connect_error_message(&error, &credentials.base_url))),
        }
    });

    let on_submit = move |event: ev::SubmitEvent| {
        event.prevent_default();
        let url = check_base_url(&base_url.get_untracked());
        let typed_token = token.get_untracked().trim().to_owned();
        base_url_error.set(url.as_ref().err().cloned());
        token_error.set(
            typed_token
                .is_empty()
                .then(|| "Enter an API token.".to_owned()),
        );
        failure.set(None);
        if let (Ok(base_url), false) = (url, typed_token.is_empty()) {
            check.dispatch(Credentials {
                base_url,
                token: typed_token,
            });
        }
    };
    let checking = check.pending();

    // The demo's identities, when the API at the base URL runs a demo; asked
    // again when the URL is changed (on leaving the field, not per keystroke).
    let demo_base_url = RwSignal::new(base_url.get_untracked());
    let demo = LocalResource::new(move || {
        let url = check_base_url(&demo_base_url.get()).ok();
        async move { api::demo::identities(&url?).await }
    });
    let demo_identities = move || {
        demo.get().flatten().map(|demo| {
            let url = demo_base_url.get_untracked();
            let buttons = demo
                .identities
                .into_iter()
                .map(|identity| {
                    let meta = format!("{} · {}", identity.role, account_text(&identity));
                    let capability = capability_text(&identity);
                    let credentials = Credentials {
                        base_url: check_base_url(&url).unwrap_or_default(),
                        token: identity.token,
                    };
                    view! {
                        <li>
                            <button
                                type="button"
                                class="button demo-identity-card"
                                data-testid="demo-identity"
                                disabled=checking
                                on:click=move |_| {
                                    remember.set(false);
                                    failure.set(None);
                                    check.dispatch(credentials.clone());
                                }
                            >
                                <span class="demo-identity-label">{identity.label}</span>
                                <span class="demo-identity-meta">{meta}</span>
                                <span class="demo-identity-capability">{capability}</span>
                            </button>
                        </li>
                    }
                })
                .collect_view();
            view! {
                <section
                    class="demo-identities-panel"
                    aria-labelledby="demo-identities-title"
                    data-testid="demo-identities"
                >
                    <h2 id="demo-identities-title">"Try it as…"</h2>
                    <p class="help">
                        "This API runs a demo. Pick someone to be; the header lets you switch later."
                    </p>
                    <ul class="demo-identity-list">{buttons}</ul>
                    <h2>"Or connect with a token"</h2>
                </section>
            }
        })
    };

    // Signed in from an earlier visit: say as whom (a refused token signs out, showing just the form).
    if session.credentials.with_untracked(Option::is_some)
        && session.me.with_untracked(Option::is_none)
    {
        let client = use_client();
        leptos::task::spawn_local(async move {
            if let Ok(me) = api::me::get(&client).await {
                if session.credentials.with_untracked(Option::is_some) {
                    session.me.set(Some(me));
                }
            }
        });
    }

    let signed_in = move || {
        session.credentials.get().map(|credentials| {
            let who = move || {
                session
                    .me
                    .get()
                    .map_or_else(|| "…".to_owned(), |me| who_text(&me))
            };
            view! {
                <div class="callout" data-testid="signed-in">
                    <p>
                        "Connected to " <strong>{credentials.base_url}</strong> " as "
                        <strong>{who}</strong> "."
                    </p>
                    <p class="actions">
                        <a class="button button-primary" href="/sandboxes">
                            "Go to sandboxes"
                        </a>
                        <button
                            type="button"
                            class="button"
                            on:click=move |_| session.sign_out_by_user()
                        >
                            "Sign out"
                        </button>
                    </p>
                    <p class="muted">"Or connect with another token below."</p>
                </div>
            }
        })
    };

    view! {
        <section class="page connect-page" aria-labelledby="connect-title">
            <h1 id="connect-title" tabindex="-1">
                "Connect to the Sandbox API"
            </h1>
            {signed_in}
            {demo_identities}
            <form class="form connect-form" on:submit=on_submit novalidate data-arrival>
                <div class="field">
                    <label for="connect-base-url">"API base URL"</label>
                    <input
                        id="connect-base-url"
                        name="base_url"
                        type="url"
                        autocomplete="url"
                        spellcheck="false"
                        required
                        bind:value=base_url
                        on:change=move |_| demo_base_url.set(base_url.get_untracked())
                        aria-invalid=move || base_url_error.with(Option::is_some).to_string()
                        aria-describedby="connect-base-url-help connect-base-url-error"
                    />
                    <p id="connect-base-url-help" class="help">
                        "Where the API answers; by default this page's own server."
                    </p>
                    <p id="connect-base-url-error" class="field-error">
                        {move || base_url_error.get()}
                    </p>
                </div>
                <div class="field">
                    <label for="connect-token">"API token"</label>
                    <div class="input-with-button">
                        <input
                            id="connect-token"
                            name="token"
                            autocomplete="current-password"
                            spellcheck="false"
                            required
                            type=move || if show_token.get() { "text" } else { "password" }
                            bind:value=token
                            aria-invalid=move || token_error.with(Option::is_some).to_string()
                            aria-describedby="connect-token-error"
                        />
                        <button
                            type="button"
                            class="button"
                            aria-controls="connect-token"
                            aria-pressed=move || show_token.get().to_string()
                            on:click=move |_| show_token.update(|shown| *shown = !*shown)
                        >
                            {move || if show_token.get() { "Hide" } else { "Show" }}
                        </button>
                    </div>
                    <p id="connect-token-error" class="field-error">
                        {move || token_error.get()}
                    </p>
                </div>
                <div class="field field-checkbox">
                    <input
                        id="connect-remember"
                        name="remember"
                        type="checkbox"
                        bind:checked=remember
                    />
                    <label for="connect-remember">"Remember on this device"</label>
                    <p class="help">
                        "Keeps the token after this tab closes. Leave it off on a shared computer."
                    </p>
                </div>
                {move || {
                    failure
                        .get()
                        .map(|message| {
                            view! {
                                <div class="error-panel" role="alert" data-testid="connect-error">
                                    <p>{message}</p>
                                </div>
                            }
                        })
                }}
                <button
                    id="connect-submit"
                    type="submit"
                    class="button button-primary"
                    disabled=checking
                >
                    {move || if checking.get() { "Connecting…" } else { "Connect" }}
                </button>
            </form>
        </section>
    }
}
