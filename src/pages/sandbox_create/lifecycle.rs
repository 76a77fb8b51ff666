//! The create form's expiry and protection (v1.1): the tier's default
//! expiry preselected and explained, following the tier until the user
//! picks one, and a Protected checkbox. Offered when `/me` lists
//! `sandboxes:update`, which only a v1.1 server grants: a v1.0 server
//! would not know the fields.

use leptos::prelude::*;
use sandbox_api::{format_timestamp_ms, Tier, DAY_MS};

use crate::components::field::{described_by, error_id, hint_id};
use crate::components::protection::PROTECTION_BLOCKS;

/// The menu's value for "never".
pub const NEVER: &str = "never";
/// The lifetimes the menu offers, in days.
const EXPIRY_DAYS: [i64; 4] = [1, 7, 30, 90];

/// The menu's value that a `tier` sandbox gets by default.
pub fn default_expiry_choice(tier: Tier) -> String {
    tier.default_lifetime_days()
        .map_or_else(|| NEVER.to_owned(), |days| days.to_string())
}

/// What the tier's default is, in words: "Free sandboxes expire after 7 days."
pub fn expiry_hint(tier: Tier) -> String {
    let name = match tier {
        Tier::Free => "Free",
        Tier::Pro => "Pro",
        Tier::Enterprise => "Enterprise",
    };
    match tier.default_lifetime_days() {
        Some(days) => {
            format!("{name} sandboxes expire after {days} days unless you choose otherwise.")
        }
        None => format!("{name} sandboxes never expire unless you choose a time."),
    }
}

/// The request's `expires_at` for the menu's `choice` at `now_ms`: left
/// out (the tier's default) until the user `chosen` one; `Some(None)` for never.
pub fn create_expiry(choice: &str, chosen: bool, now_ms: i64) -> Option<Option<String>> {
    if !chosen {
        return None;
    }
    if choice == NEVER {
        return Some(None);
    }
    let days: i64 = choice.parse().ok()?;
    Some(Some(format_timestamp_ms(now_ms + days * DAY_MS)))
}

/// The expiry menu and the Protected checkbox.
pub(super) fn lifecycle_fields(
    tier: RwSignal<Tier>,
    expiry: RwSignal<String>,
    expiry_chosen: RwSignal<bool>,
    protected: RwSignal<bool>,
    error: Signal<Option<String>>,
    on_change: impl Fn(&'static str) + Copy + Send + Sync + 'static,
) -> impl IntoView {
    // Not `Field`: its hint is fixed, and this one follows the tier.
    view! {
        <div class="field" class:field-invalid=move || error.with(Option::is_some)>
            <label class="field-label" for="create-expiry">
                "Expires"
            </label>
            <p class="field-hint" id=hint_id("create-expiry") data-testid="create-expiry-hint">
                {move || expiry_hint(tier.get())}
            </p>
            <select
                id="create-expiry"
                class="input"
                aria-invalid=move || if error.with(Option::is_some) { "true" } else { "false" }
                aria-describedby=move || {
                    described_by("create-expiry", true, error.with(Option::is_some))
                }
                on:change=move |event| {
                    expiry.set(event_target_value(&event));
                    expiry_chosen.set(true);
                    on_change("expires_at");
                }
            >
                {EXPIRY_DAYS
                    .iter()
                    .map(|&days| {
                        let value = days.to_string();
                        let label = if days == 1 {
                            "After 1 day".to_owned()
                        } else {
                            format!("After {days} days")
                        };
                        view! {
                            <option
                                value=value.clone()
                                prop:selected=move || expiry.with(|e| *e == value)
                            >
                                {label}
                            </option>
                        }
                    })
                    .collect_view()}
                <option
                    value=NEVER
                    disabled=move || !tier.get().may_never_expire()
                    prop:selected=move || expiry.with(|e| e == NEVER)
                >
                    {move || {
                        if tier.get().may_never_expire() {
                            "Never"
                        } else {
                            "Never (enterprise only)"
                        }
                    }}
                </option>
            </select>
            {move || {
                error
                    .get()
                    .map(|message| {
                        view! {
                            <p class="field-error" id=error_id("create-expiry")>
                                {message}
                            </p>
                        }
                    })
            }}
        </div>
        <div class="field checkbox-field">
            <input
                type="checkbox"
                id="create-protected"
                aria-describedby="create-protected-hint"
                prop:checked=move || protected.get()
                on:change=move |event| {
                    protected.set(event_target_checked(&event));
                    on_change("protected");
                }
            />
            <label for="create-protected">"Protected"</label>
            <p class="field-hint" id="create-protected-hint">
                {PROTECTION_BLOCKS}
            </p>
        </div>
    }
}
