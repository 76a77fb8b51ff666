//! How a failed load looks: the API's own words, and a way to try again.

use leptos::prelude::*;

use crate::api::ApiError;

/// An error message with an optional retry button.
#[component]
pub fn ErrorPanel(
    #[prop(into)] error: ApiError,
    /// Shown as a "Try again" button when given.
    #[prop(optional, into)]
    on_retry: Option<Callback<()>>,
) -> impl IntoView {
    view! {
        <div class="error-panel" role="alert" data-testid="error">
            <p>{error.message()}</p>
            {on_retry
                .map(|retry| {
                    view! {
                        <button type="button" class="button" on:click=move |_| retry.run(())>
                            "Try again"
                        </button>
                    }
                })}
        </div>
    }
}
