//! The detail page's lifecycle section (v1.1): when the sandbox expires,
//! with Extend, and whether it is protected, with Protect / Unprotect.
//! Nothing at all for a v1.0 server's sandbox, which has neither.

use leptos::prelude::*;

use super::expiry::{now_ms, ExpiryShown, ExpiryText};
use super::extend_expiry::ExtendAction;
use super::protection::ProtectionControl;
use crate::current_sandbox::use_current_sandbox;

#[component]
pub fn LifecycleSection() -> impl IntoView {
    let current = use_current_sandbox();
    let has_lifecycle = Memo::new(move |_| {
        current
            .sandbox
            .with(|s| s.as_ref().is_some_and(|s| s.has_lifecycle()))
    });
    // Rendered again with each load (a poll, a change): "in 3 days" as of then.
    let shown = move || {
        current
            .sandbox
            .with(|s| s.as_ref().and_then(|s| ExpiryShown::of(s, now_ms())))
    };
    view! {
        <Show when=move || has_lifecycle.get()>
            <section
                aria-labelledby="overview-lifecycle"
                class="overview-lifecycle"
                data-testid="lifecycle"
            >
                <h2 id="overview-lifecycle">"Lifecycle"</h2>
                <div class="lifecycle-expiry" data-testid="expires">
                    <p>
                        <strong>"Expires: "</strong>
                        {move || shown().map(|shown| view! { <ExpiryText shown /> })}
                        <span class="muted" data-testid="expires-exact">
                            {move || {
                                shown()
                                    .map(|shown| match shown.exact {
                                        Some(exact) => format!(" ({exact})"),
                                        None => " (it is never deleted for being old)".to_owned(),
                                    })
                            }}
                        </span>
                    </p>
                    <ExtendAction />
                </div>
                <ProtectionControl />
            </section>
        </Show>
    }
}
