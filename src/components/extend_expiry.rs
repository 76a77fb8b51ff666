//! Extend: when the sandbox expires, changed by +1, +7 or +30 days, to a
//! date, or to never (enterprise). Every choice goes through the
//! contract's own rule (`validate::expiry`): one past 90 days from now, or
//! "never" below enterprise, is disabled with the rule's reason.

use leptos::prelude::*;
use sandbox_api::{
    format_timestamp_ms, latest_expiry_ms, parse_timestamp_ms, validate, PatchSandbox, Sandbox,
    Tier, DAY_MS,
};

use super::confirm_dialog::ConfirmDialog;
use super::expiry::{now_ms, ExpiryShown, ExpiryText};
use super::sandbox_action::{refusal, sandbox_name, ActionTrigger, DialogRequest};
use crate::api::{self, ApiError};
use crate::current_sandbox::use_current_sandbox;
use crate::format::exact_at;
use crate::permissions::SandboxAction;
use crate::session::use_client;

/// The fixed steps an expiry can be moved by, in days.
const EXTEND_BY_DAYS: [i64; 3] = [1, 7, 30];

/// One choice of the Extend dialog.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ExtendChoice {
    /// The radio's id suffix and value: `1d`, `7d`, `30d`, `never`.
    pub id: String,
    pub label: String,
    /// What it sets: `Some(time)`, or `None` for never.
    pub expires_at: Option<String>,
    /// Why it cannot be chosen, if it cannot.
    pub refusal: Option<String>,
}

/// Why `expires_at` (`None` = never) cannot be set on a `tier` sandbox at
/// `now_ms`: the contract's rule, with its 90-day bound in a date.
pub fn expiry_refusal(tier: Tier, expires_at: Option<&str>, now_ms: i64) -> Option<String> {
    let chosen = Some(expires_at.map(str::to_owned));
    let error = validate::expiry(tier, &chosen, now_ms).into_iter().next()?;
    Some(match error.kind.as_str() {
        "less_than_equal" => format!(
            "{}: the latest allowed is {}.",
            error.msg,
            exact_at(latest_expiry_ms(now_ms) as f64)
        ),
        _ => format!("{}.", error.msg),
    })
}

/// The choices for a `tier` sandbox expiring at `current_ms` (`None` =
/// never) at `now_ms`: each step counted from its expiry (or from now,
/// for one that never expires or is already past), then never.
pub fn extend_choices(tier: Tier, current_ms: Option<i64>, now_ms: i64) -> Vec<ExtendChoice> {
    let base = current_ms.map_or(now_ms, |current| current.max(now_ms));
    let mut choices: Vec<ExtendChoice> = EXTEND_BY_DAYS
        .iter()
        .map(|&days| {
            let at = format_timestamp_ms(base + days * DAY_MS);
            ExtendChoice {
                id: format!("{days}d"),
                label: if days == 1 {
                    "+1 day".to_owned()
                } else {
                    format!("+{days} days")
                },
                refusal: expiry_refusal(tier, Some(&at), now_ms),
                expires_at: Some(at),
            }
        })
        .collect();
    choices.push(ExtendChoice {
        id: "never".to_owned(),
        label: "Never".to_owned(),
        expires_at: None,
        refusal: if current_ms.is_none() {
            Some("It already never expires.".to_owned())
        } else {
            expiry_refusal(tier, None, now_ms)
        },
    });
    choices
}

/// A local calendar date as `<input type=date>` writes it.
fn local_date(ms: i64) -> String {
    let date = js_sys::Date::new(&(ms as f64).into());
    format!(
        "{:04}-{:02}-{:02}",
        date.get_full_year(),
        date.get_month() + 1,
        date.get_date()
    )
}

/// The expiry a picked date (`YYYY-MM-DD`) means at `now_ms`: that many
/// whole days from now, so the last date the picker offers is exactly 90
/// days ahead; `None` unless it is a date.
pub fn date_choice(date: &str, now_ms: i64) -> Option<String> {
    let day = |text: &str| parse_timestamp_ms(&format!("{text}T00:00:00Z"));
    let days = (day(date)? - day(&local_date(now_ms))?) / DAY_MS;
    Some(format_timestamp_ms(now_ms + days * DAY_MS))
}

/// "Extend" on the detail page: disabled with the reason for a caller who
/// may not change the expiry; opens the dialog of choices.
#[component]
pub fn ExtendAction() -> impl IntoView {
    let sandbox = Signal::from(use_current_sandbox().sandbox);
    let open = RwSignal::new(false);
    let name = sandbox_name(sandbox);
    view! {
        <ActionTrigger
            label="Extend"
            accessible_label=Signal::derive(move || format!("Extend {}", name.get()))
            refusal=refusal(sandbox, SandboxAction::ChangeExpiry)
            on_open=move |()| open.set(true)
            testid="extend-open"
        />
        <ExtendDialog sandbox open />
    }
}

/// The radio of one choice, disabled with its reason as its description.
fn choice_radio(choice: ExtendChoice, picked: RwSignal<String>) -> impl IntoView {
    let ExtendChoice {
        id,
        label,
        expires_at,
        refusal,
    } = choice;
    let input_id = format!("extend-{id}");
    let detail_id = format!("{input_id}-detail");
    let detail = refusal.clone().unwrap_or_else(|| match &expires_at {
        Some(at) => format!("Until {}", crate::format::exact_time(at)),
        None => "It is never deleted for being old.".to_owned(),
    });
    let value = id.clone();
    view! {
        <div class="choice" class:choice-refused=refusal.is_some()>
            <input
                type="radio"
                name="extend"
                id=input_id.clone()
                value=id.clone()
                disabled=refusal.is_some()
                aria-describedby=detail_id.clone()
                prop:checked=move || picked.with(|picked| *picked == id)
                on:change=move |_| picked.set(value.clone())
            />
            <label for=input_id>
                <span class="choice-title">{label}</span>
                <span class="choice-detail" id=detail_id>
                    {detail}
                </span>
            </label>
        </div>
    }
}

/// The choices for `sandbox`, counted from when the dialog opened.
#[component]
fn ExtendDialog(sandbox: Signal<Option<Sandbox>>, open: RwSignal<bool>) -> impl IntoView {
    let current = use_current_sandbox();
    let client = use_client();
    let request = DialogRequest::new(open);
    let pending = request.pending;
    let name = sandbox_name(sandbox);
    let picked = RwSignal::new(String::new());
    let date = RwSignal::new(String::new());
    let field_error = RwSignal::new(None::<String>);
    // Fixed while the dialog is open: the limits are those of its opening.
    let opened_at = Memo::new(move |_| {
        open.track();
        now_ms()
    });
    let choices = Memo::new(move |_| {
        let now = opened_at.get();
        sandbox.with(|sandbox| {
            sandbox.as_ref().map_or_else(Vec::new, |sandbox| {
                let current_ms = sandbox
                    .expires_at
                    .clone()
                    .flatten()
                    .and_then(|at| parse_timestamp_ms(&at));
                extend_choices(sandbox.tier, current_ms, now)
            })
        })
    });
    Effect::new(move |_| {
        if open.get() {
            picked.set(String::new());
            date.set(String::new());
            field_error.set(None);
        }
    });
    let shown = move || {
        sandbox.with(|sandbox| {
            sandbox
                .as_ref()
                .and_then(|s| ExpiryShown::of(s, opened_at.get()))
        })
    };

    let save = move |()| {
        let Some(target) = sandbox.get_untracked() else {
            return;
        };
        let now = now_ms();
        let chosen = picked.get_untracked();
        let expires_at = if chosen == "date" {
            match date_choice(&date.get_untracked(), now) {
                Some(at) => Some(at),
                None => {
                    field_error.set(Some("Pick a date.".to_owned()));
                    return;
                }
            }
        } else {
            match choices.with_untracked(|all| all.iter().find(|c| c.id == chosen).cloned()) {
                Some(choice) => choice.expires_at,
                None => {
                    field_error.set(Some("Choose how long it should last.".to_owned()));
                    return;
                }
            }
        };
        if let Some(reason) = expiry_refusal(target.tier, expires_at.as_deref(), now) {
            field_error.set(Some(reason));
            return;
        }
        field_error.set(None);
        let change = PatchSandbox {
            expires_at: Some(expires_at),
            ..PatchSandbox::default()
        };
        let client = client.clone();
        let id = target.sandbox_id.clone();
        request.send(
            format!("change when sandbox {} expires", target.name),
            async move { api::sandboxes::patch(&client, &id, &change).await },
            move |changed: Sandbox| {
                let said = match changed.expires_at.clone().flatten() {
                    Some(at) => format!(
                        "Sandbox {} now expires {}.",
                        changed.name,
                        crate::format::exact_time(&at)
                    ),
                    None => format!("Sandbox {} now never expires.", changed.name),
                };
                current.replace(changed);
                said
            },
        );
    };

    let min_date = move || local_date(opened_at.get() + DAY_MS);
    let max_date = move || local_date(latest_expiry_ms(opened_at.get()));
    let error = Signal::derive(move || {
        request
            .error
            .with(|error| error.as_ref().map(ApiError::message))
    });
    view! {
        <ConfirmDialog
            open
            title=Signal::derive(move || {
                format!("Change when \u{201c}{}\u{201d} expires", name.get())
            })
            name="extend-dialog"
            confirm_label="Save expiry"
            pending_label="Saving\u{2026}"
            pending
            error
            on_confirm=Callback::new(save)
        >
            <p data-testid="extend-now">
                "It expires " {move || shown().map(|shown| view! { <ExpiryText shown /> })}
                {move || {
                    shown().and_then(|shown| shown.exact).map(|exact| format!(" ({exact})"))
                }} "."
            </p>
            <fieldset
                class="field choices extend-choices"
                class:field-invalid=move || field_error.with(Option::is_some)
                aria-describedby="extend-error"
            >
                <legend class="field-label">"New expiry"</legend>
                <p class="field-hint">"At most 90 days from now."</p>
                {move || {
                    choices
                        .get()
                        .into_iter()
                        .map(|choice| choice_radio(choice, picked))
                        .collect_view()
                }}
                <div class="choice">
                    <input
                        type="radio"
                        name="extend"
                        id="extend-date"
                        value="date"
                        prop:checked=move || picked.with(|picked| picked == "date")
                        on:change=move |_| picked.set("date".to_owned())
                    />
                    <label for="extend-date">
                        <span class="choice-title">"On a date"</span>
                    </label>
                    <input
                        id="extend-date-input"
                        class="input"
                        type="date"
                        aria-label="Expiry date"
                        min=min_date
                        max=max_date
                        prop:value=move || date.get()
                        on:input=move |event| {
                            date.set(event_target_value(&event));
                            picked.set("date".to_owned());
                            field_error.set(None);
                        }
                    />
                </div>
                <p class="field-error" id="extend-error" data-testid="extend-error">
                    {move || field_error.get()}
                </p>
            </fieldset>
        </ConfirmDialog>
    }
}
