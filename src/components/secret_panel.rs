//! The webhook signing secret of a realtime source, shown exactly once.
//!
//! The API returns the secret when a source is registered and when its
//! secret is rotated, and never again. The console shows it in one panel
//! until the user confirms they stored it, then forgets it: it is never
//! put in a URL, in storage or in the log, and the only copy the console
//! keeps lives in the `OneTimeSecret` signal, which the panel alone reads
//! and empties on confirmation (its memory is overwritten when dropped).
//!
//! Decision: the panel is inline, not a modal dialog. A modal closes on
//! Esc (and Chromium closes it on a second Esc whatever the page does), and
//! a secret must not vanish by accident before it was stored.

use leptos::html;
use leptos::prelude::*;
use sandbox_api::DataSource;

use super::copy_button::CopyButton;
use super::leave_guard::guard_leaving;

/// What leaving the page asks while a secret waits to be confirmed.
pub const LEAVE_QUESTION: &str = "The secret will not be shown again. Leave this page without it?";

/// A secret whose bytes are overwritten when it is dropped, so a freed
/// secret does not linger in the wasm heap until reused.
struct SecretText(String);

impl Drop for SecretText {
    fn drop(&mut self) {
        let mut bytes = std::mem::take(&mut self.0).into_bytes();
        bytes.fill(0);
        std::hint::black_box(&bytes);
    }
}

struct Revealed {
    source_name: String,
    secret: SecretText,
}

/// The one place a just-issued signing secret is kept, until the panel that
/// shows it is confirmed. Copy; create it in the page that shows the panel,
/// so it is also dropped when the page goes.
#[derive(Clone, Copy)]
pub struct OneTimeSecret(RwSignal<Option<Revealed>>);

impl OneTimeSecret {
    pub fn new() -> Self {
        OneTimeSecret(RwSignal::new(None))
    }

    /// Takes the secret out of a register or rotate response to show it,
    /// and returns the source without it: the value safe to keep.
    pub fn reveal(&self, mut source: DataSource) -> DataSource {
        if let Some(secret) = source.webhook_signing_secret.take() {
            self.0.set(Some(Revealed {
                source_name: source.name.clone(),
                secret: SecretText(secret),
            }));
        }
        source
    }

    /// Whether a secret waits to be confirmed (tracked).
    pub fn is_shown(&self) -> bool {
        self.0.with(Option::is_some)
    }

    /// Whether a secret waits to be confirmed, read outside any view.
    pub fn is_shown_untracked(&self) -> bool {
        self.0.with_untracked(Option::is_some)
    }

    fn forget(&self) {
        self.0.set(None);
    }
}

impl Default for OneTimeSecret {
    fn default() -> Self {
        Self::new()
    }
}

/// While `secret` holds one: the secret in a read-only field, a copy button,
/// the warning, and "I have stored it", which forgets the secret and then
/// calls `on_stored`; until then leaving the page asks `LEAVE_QUESTION`
/// first. Renders nothing otherwise.
#[component]
pub fn SecretPanel(secret: OneTimeSecret, #[prop(into)] on_stored: Callback<()>) -> impl IntoView {
    guard_leaving(Signal::derive(move || secret.is_shown()), LEAVE_QUESTION);
    let field_ref = NodeRef::<html::Input>::new();
    // Bring the user to the secret as soon as it shows, text selected for copying.
    Effect::new(move |_| {
        if let Some(field) = field_ref.get() {
            let _ = field.focus();
            field.select();
        }
    });
    let secret_value = Signal::derive(move || {
        secret.0.with(|shown| {
            shown
                .as_ref()
                .map(|s| s.secret.0.clone())
                .unwrap_or_default()
        })
    });
    let source_name = move || {
        secret.0.with(|shown| {
            shown
                .as_ref()
                .map(|s| s.source_name.clone())
                .unwrap_or_default()
        })
    };
    move || {
        secret.is_shown().then(|| {
            view! {
                <section
                    class="secret-panel"
                    role="region"
                    aria-labelledby="secret-panel-title"
                    data-testid="secret-panel"
                >
                    <h3 id="secret-panel-title">"Webhook signing secret for " {source_name}</h3>
                    <p class="secret-warning" id="secret-panel-warning">
                        <strong>"This secret will not be shown again."</strong>
                        " Copy it into the sender's webhook settings now. The server keeps only a hash of it; if it is lost, rotate the secret to get a new one."
                    </p>
                    <label class="field-label" for="secret-panel-value">
                        "Signing secret"
                    </label>
                    <div class="secret-row">
                        <input
                            id="secret-panel-value"
                            class="input secret-value"
                            type="text"
                            readonly
                            autocomplete="off"
                            spellcheck="false"
                            aria-describedby="secret-panel-warning"
                            data-testid="secret-value"
                            node_ref=field_ref
                            prop:value=move || secret_value.get()
                        />
                        <CopyButton
                            text=secret_value
                            label="Copy the signing secret"
                            testid="copy-secret"
                        />
                    </div>
                    <button
                        type="button"
                        class="button button-primary"
                        data-testid="secret-stored"
                        on:click=move |_| {
                            secret.forget();
                            on_stored.run(());
                        }
                    >
                        "I have stored it"
                    </button>
                </section>
            }
        })
    }
}
