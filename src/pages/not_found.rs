//! What an unknown address shows.

use leptos::prelude::*;
use leptos_router::hooks::use_location;

use crate::navigation::use_title;

#[component]
pub fn NotFound() -> impl IntoView {
    let location = use_location();
    use_title(|| Some("Page not found".to_owned()));
    view! {
        <section class="page not-found" aria-labelledby="not-found-title" data-testid="not-found">
            <h1 id="not-found-title" tabindex="-1">
                "Page not found"
            </h1>
            <p>"There is no page at " <code>{move || location.pathname.get()}</code> "."</p>
            <p>
                <a class="button button-primary" href="/sandboxes">
                    "Go to the sandbox list"
                </a>
            </p>
        </section>
    }
}
