//! How a failed load looks: the API's own words, the request id to quote
//! to support, and a way to try again.

use leptos::html::Code;
use leptos::prelude::*;

use super::copy_button::CopyButton;
use crate::api::ApiError;

/// An error message with an optional retry button, and the answer's
/// `X-Request-Id` with a copy button when the server sent one (a v1.0
/// server sends none: no id, no button).
#[component]
pub fn ErrorPanel(
    #[prop(into)] error: ApiError,
    /// Shown as a "Try again" button when given.
    #[prop(optional, into)]
    on_retry: Option<Callback<()>>,
) -> impl IntoView {
    let request_id = error.request_id().map(str::to_owned);
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
            {request_id.map(|id| view! { <RequestId id /> })}
        </div>
    }
}

/// "Request ID: req_…" and its copy button; where the clipboard cannot be
/// written, the id is selected for the user to copy.
#[component]
fn RequestId(id: String) -> impl IntoView {
    let shown = NodeRef::<Code>::new();
    view! {
        <p class="request-id">
            "Request ID, for support: " <code node_ref=shown data-testid="request-id">
                {id.clone()}
            </code> " "
            <CopyButton
                text=Signal::stored(id)
                label="Copy request ID"
                testid="copy-request-id"
                select_on_failure=shown
            />
        </p>
    }
}
