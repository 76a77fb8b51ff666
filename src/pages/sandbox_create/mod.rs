//! `/sandboxes/new`: the create form.
//!
//! Checked with the contract's own rules before sending; the server's
//! answers (422 by `loc`, 409 for a taken name) land at the field they are
//! about. Everything typed stays in the form whatever goes wrong. Each
//! form filling sends one `Idempotency-Key` (see `forms::IdempotencyKey`),
//! so double clicks, retries and flaky networks create one sandbox at most.
//!
//! `fields.rs` holds the fields' names and the radio cards, `submit.rs`
//! where a failure lands and the draft kept over a sign-out, `form.rs` the
//! form itself.

mod fields;
mod form;
mod lifecycle;
mod submit;

use leptos::prelude::*;

use self::form::CreateSandboxForm;
pub use self::lifecycle::{create_expiry, default_expiry_choice, expiry_hint};
pub use self::submit::place_create_error;
use crate::navigation::{use_list_location, use_title};
use crate::permissions;
use crate::session::use_session;

#[component]
pub fn CreateSandboxPage() -> impl IntoView {
    let session = use_session();
    let list_location = use_list_location();
    let allowed = move || session.me.with(|me| permissions::check_create(me.as_ref()));
    use_title(|| Some("New sandbox".to_owned()));
    view! {
        <section class="page create-sandbox" aria-labelledby="create-title">
            <p class="back-link">
                <a href=move || list_location.0.get()>"\u{2190} Sandboxes"</a>
            </p>
            <h1 id="create-title">"New sandbox"</h1>
            {move || match (session.me.with(Option::is_some), allowed()) {
                (false, _) => {
                    view! {
                        <p class="muted" role="status">
                            "Checking your permissions\u{2026}"
                        </p>
                    }
                        .into_any()
                }
                (true, Err(reason)) => {
                    view! {
                        <div class="blocked" role="note" data-testid="create-blocked">
                            <p>
                                <strong>"You cannot create sandboxes."</strong>
                                " "
                                {reason}
                            </p>
                            <p>
                                <a href=move || list_location.0.get()>"Back to the sandbox list"</a>
                            </p>
                        </div>
                    }
                        .into_any()
                }
                (true, Ok(())) => view! { <CreateSandboxForm /> }.into_any(),
            }}
        </section>
    }
}
