//! The create form's fields: their names, where an error moves focus, and
//! the radio cards of the tier and mode choices.

use std::fmt;

use leptos::prelude::*;
use sandbox_api::{Mode, Tier};

use crate::format::{human_bytes, limit_text};

/// The form's fields as `ValidationError::field_path` names them, in the
/// order they appear (the first with an error gets focus).
pub(super) const FIELDS: [&str; 7] = [
    "name",
    "owner_id",
    "tier",
    "mode",
    "expires_at",
    "protected",
    "metadata",
];

/// The element each field's error moves focus to.
pub(super) fn focus_target_id(field: &str) -> &'static str {
    match field {
        "name" => "create-name",
        "owner_id" => "create-owner-id",
        "tier" => "create-tier-free",
        "mode" => "create-mode-blank",
        "expires_at" => "create-expiry",
        "protected" => "create-protected",
        "metadata" => "create-metadata-add",
        _ => "create-submit",
    }
}

/// What a tier gives, in words: "1 GiB storage · 3 data sources · 5 members".
pub(super) fn tier_summary(tier: Tier) -> String {
    let limits = tier.limits();
    format!(
        "{} storage \u{b7} {} data sources \u{b7} {} members",
        human_bytes(limits.storage_bytes),
        limit_text(limits.max_sources),
        limit_text(limits.max_members)
    )
}

pub(super) fn mode_explanation(mode: Mode) -> &'static str {
    match mode {
        Mode::Blank => "Starts empty. Ready as soon as it is provisioned.",
        Mode::Seeded => "Filled with sample data after creation; it shows \u{201c}seeding\u{201d} for a while before it is active.",
    }
}

/// One radio card of a choice group (`create-{group}-{option}`): the
/// option's name, and what it means as the radio's description.
fn radio_choice<T>(
    group: &'static str,
    option: T,
    selected: RwSignal<T>,
    detail: String,
    on_change: impl Fn() + 'static,
) -> impl IntoView
where
    T: Copy + PartialEq + fmt::Display + Send + Sync + 'static,
{
    let id = format!("create-{group}-{option}");
    let detail_id = format!("{id}-detail");
    view! {
        <div class="choice">
            <input
                type="radio"
                name=group
                id=id.clone()
                value=option.to_string()
                aria-describedby=detail_id.clone()
                prop:checked=move || selected.get() == option
                on:change=move |_| {
                    selected.set(option);
                    on_change();
                }
            />
            <label for=id>
                <span class="choice-title">{option.to_string()}</span>
                <span class="choice-detail" id=detail_id>
                    {detail}
                </span>
            </label>
        </div>
    }
}

/// A fieldset of radio cards, one per option with what it means, and the
/// group's error under them.
pub(super) fn choice_fieldset<T>(
    group: &'static str,
    legend: &'static str,
    options: &'static [T],
    describe: fn(T) -> String,
    selected: RwSignal<T>,
    error: Signal<Option<String>>,
    on_change: impl Fn() + Copy + 'static,
) -> impl IntoView
where
    T: Copy + PartialEq + fmt::Display + Send + Sync + 'static,
{
    view! {
        <fieldset class="field choices" class:field-invalid=move || error.with(Option::is_some)>
            <legend class="field-label">{legend}</legend>
            {options
                .iter()
                .map(|&option| radio_choice(group, option, selected, describe(option), on_change))
                .collect_view()}
            {move || error.get().map(|message| view! { <p class="field-error">{message}</p> })}
        </fieldset>
    }
}
