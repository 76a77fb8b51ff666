//! Registering a data source (`/sandboxes/:id/sources/new`). The form is
//! checked with the contract's rules before sending; the server's 422s land
//! at the field their `loc` names and a 409 (the tier's source limit) is
//! explained. Nothing typed is lost on any error. A realtime source's
//! signing secret is then shown once, before going back to the list.

mod choice_group;
mod fields;
mod form;

use leptos::prelude::*;
use leptos_router::hooks::{use_location, use_navigate};
use sandbox_api::{DataSource, IngestionMode, SourceKind};

use self::choice_group::ChoiceGroup;
use self::fields::{control_id, focus, kind_explanation, mode_explanation};
pub use self::form::{SourceForm, SOURCE_FIELDS};
use self::form::{KNOWN_PROVIDERS, OTHER_PROVIDER};
use super::sources::sources_href;
use crate::api::{self, ApiError};
use crate::components::field::described_by;
use crate::components::limits::{limit_explanation, Quota, QuotaUsage};
use crate::components::{refusal, use_notices, Field, OneTimeSecret, SecretPanel, TextField};
use crate::current_sandbox::use_current_sandbox;
use crate::forms::{FieldErrors, FormDraft};
use crate::permissions::SandboxAction;
use crate::session::use_client;

#[component]
pub fn RegisterSourcePage() -> impl IntoView {
    let current = use_current_sandbox();
    let client = use_client();
    let notices = use_notices();
    // Kept local: the router's navigate is not Send, and views must be.
    let navigate = StoredValue::new_local(use_navigate());
    let refusal = refusal(current.sandbox.into(), SandboxAction::ManageSources);
    let list_client = client.clone();
    // The existing sources: to show the quota, and to explain a 409.
    let sources = LocalResource::new(move || {
        let client = list_client.clone();
        let sandbox_id = current.sandbox_id.get();
        async move { api::sources::list(&client, &sandbox_id).await }
    });
    let source_count = move || sources.get().and_then(Result::ok).map(|list| list.len());

    let draft = FormDraft::at(&use_location().pathname.get_untracked());
    let defaults = draft.take::<SourceForm>().unwrap_or_default();
    let provider_choice = RwSignal::new(defaults.provider_choice);
    let other_provider = RwSignal::new(defaults.other_provider);
    let name = RwSignal::new(defaults.name);
    let mode = RwSignal::new(defaults.ingestion_mode);
    let kind = RwSignal::new(defaults.kind);
    let external_account_id = RwSignal::new(defaults.external_account_id);
    let poll_interval = RwSignal::new(defaults.poll_interval);
    let adapter_config = RwSignal::new(defaults.adapter_config);
    let form = move || SourceForm {
        provider_choice: provider_choice.get(),
        other_provider: other_provider.get(),
        name: name.get(),
        ingestion_mode: mode.get(),
        kind: kind.get(),
        external_account_id: external_account_id.get(),
        poll_interval: poll_interval.get(),
        adapter_config: adapter_config.get(),
    };

    // Checked on every change once the user has tried to submit, so a fixed field clears at once.
    let attempted = RwSignal::new(false);
    let local_errors = Memo::new(move |_| {
        if attempted.get() {
            form().to_request().err().unwrap_or_default()
        } else {
            FieldErrors::default()
        }
    });
    // The server's verdict on the last send; a field's entry goes when it is edited.
    let server_errors = RwSignal::new(FieldErrors::default());
    let error_for = move |field: &'static str| {
        Signal::derive(move || {
            local_errors
                .with(|e| e.get(field))
                .or_else(|| server_errors.with(|e| e.get(field)))
        })
    };
    let edited = move |field: &'static str| {
        Callback::new(move |_: String| server_errors.update(|e| e.clear(field)))
    };
    let pending = RwSignal::new(false);
    let secret = OneTimeSecret::new();
    let registered = RwSignal::new(None::<DataSource>);

    let back_to_list = move |source: &DataSource| {
        notices.success(format!(
            "Registered the data source {} ({}, {}).",
            source.name, source.provider, source.ingestion_mode
        ));
        let href = sources_href(&current.sandbox_id.get_untracked());
        navigate.with_value(|navigate| navigate(&href, Default::default()));
    };

    let submit = move |event: web_sys::SubmitEvent| {
        event.prevent_default();
        if pending.get_untracked() || refusal.with_untracked(Option::is_some) {
            return;
        }
        attempted.set(true);
        let typed = form();
        let request = match typed.to_request() {
            Ok(request) => request,
            Err(errors) => {
                if let Some(field) = errors.first_of(&SOURCE_FIELDS) {
                    focus(control_id(field, &typed));
                }
                return;
            }
        };
        let client = client.clone();
        let sandbox_id = current.sandbox_id.get_untracked();
        let draft = draft.clone();
        pending.set(true);
        server_errors.set(FieldErrors::default());
        leptos::task::spawn_local(async move {
            let result = api::sources::register(&client, &sandbox_id, &request).await;
            pending.set(false);
            match result {
                Ok(source) => {
                    draft.discard();
                    let source = secret.reveal(source);
                    if secret.is_shown_untracked() {
                        registered.set(Some(source));
                    } else {
                        back_to_list(&source);
                    }
                }
                Err(error) => {
                    // The client has signed out; Connect brings the user back here.
                    if matches!(error, ApiError::Unauthorized(_)) {
                        draft.save(&typed);
                    }
                    let errors = match &error {
                        ApiError::Validation(errors) => {
                            FieldErrors::from_validation(errors, &SOURCE_FIELDS)
                        }
                        ApiError::Conflict(_) => {
                            let explained = current.sandbox.with_untracked(|sandbox| {
                                let sandbox = sandbox.as_ref()?;
                                let now = sources
                                    .get_untracked()
                                    .and_then(Result::ok)
                                    .map(|list| list.len())?;
                                Quota::Sources
                                    .would_exceed(sandbox, now, 1)
                                    .then(|| limit_explanation(sandbox, Quota::Sources, now, 1))
                                    .flatten()
                            });
                            let mut errors = FieldErrors::default();
                            errors.add("", explained.unwrap_or_else(|| error.message()));
                            errors
                        }
                        other => {
                            let mut errors = FieldErrors::default();
                            errors.add("", other.message());
                            errors
                        }
                    };
                    let first = errors.first_of(&SOURCE_FIELDS).unwrap_or("");
                    server_errors.set(errors);
                    focus(control_id(first, &typed));
                    sources.refetch();
                }
            }
        });
    };

    let on_stored = Callback::new(move |()| {
        if let Some(source) = registered.get_untracked() {
            back_to_list(&source);
        }
    });

    view! {
        <section
            class="section register-source"
            aria-labelledby="register-heading"
            data-testid="register-source"
        >
            <p class="back-link">
                <a href=move || sources_href(&current.sandbox_id.get())>"\u{2190} Data sources"</a>
            </p>
            <h2 id="register-heading" class="section-title">
                "Register a data source"
            </h2>
            {move || {
                refusal
                    .get()
                    .map(|reason| {
                        view! {
                            <p class="action-reason section-refusal" data-testid="register-refusal">
                                {reason}
                            </p>
                        }
                    })
            }}
            <SecretPanel secret on_stored />
            <Show when=move || !secret.is_shown()>
                <QuotaUsage
                    quota=Quota::Sources
                    count=Signal::derive(source_count)
                    testid="sources-usage"
                />
                <form
                    class="card form"
                    on:submit=submit.clone()
                    novalidate
                    data-testid="register-form"
                >
                    <fieldset class="plain-fieldset" disabled=move || refusal.with(Option::is_some)>
                        <Field
                            control_id="source-provider"
                            label="Provider"
                            error=Signal::derive(move || {
                                (provider_choice.get() != OTHER_PROVIDER)
                                    .then(|| error_for("provider").get())
                                    .flatten()
                            })
                        >
                            <select
                                id="source-provider"
                                class="input select"
                                prop:value=move || provider_choice.get()
                                on:change=move |event| {
                                    provider_choice.set(event_target_value(&event));
                                    server_errors.update(|e| e.clear("provider"));
                                }
                            >
                                {KNOWN_PROVIDERS
                                    .iter()
                                    .map(|provider| {
                                        view! { <option value=*provider>{*provider}</option> }
                                    })
                                    .collect_view()}
                                <option value=OTHER_PROVIDER>"another provider…"</option>
                            </select>
                        </Field>
                        <Show when=move || provider_choice.get() == OTHER_PROVIDER>
                            <TextField
                                control_id="source-provider-other"
                                label="Provider name"
                                hint="Lower-case letters, digits, _ and -; at most 64 characters."
                                value=other_provider
                                error=error_for("provider")
                                required=true
                                on_input=edited("provider")
                            />
                        </Show>
                        <TextField
                            control_id="source-name"
                            label="Name"
                            value=name
                            error=error_for("name")
                            required=true
                            on_input=edited("name")
                        />
                        <ChoiceGroup
                            legend="Ingestion mode"
                            name="source-mode"
                            options=IngestionMode::ALL
                                .iter()
                                .map(|m| (*m, m.as_str(), mode_explanation(*m)))
                                .collect()
                            selected=mode
                            error=error_for("ingestion_mode")
                            on_change=Callback::new(move |()| {
                                server_errors.update(|e| e.clear("ingestion_mode"))
                            })
                        />
                        <Show when=move || mode.get() == IngestionMode::Polling>
                            <TextField
                                control_id="source-poll-interval"
                                label="Poll interval (seconds)"
                                hint="How often to pull: at least 60 seconds. Default 300 (5 minutes)."
                                value=poll_interval
                                error=error_for("poll_interval_seconds")
                                on_input=edited("poll_interval_seconds")
                            />
                        </Show>
                        <ChoiceGroup
                            legend="Kind"
                            name="source-kind"
                            options=SourceKind::ALL
                                .iter()
                                .map(|k| (*k, k.as_str(), kind_explanation(*k)))
                                .collect()
                            selected=kind
                            error=error_for("kind")
                            on_change=Callback::new(move |()| {
                                server_errors.update(|e| e.clear("kind"))
                            })
                        />
                        <TextField
                            control_id="source-account"
                            label="External account id (optional)"
                            hint="The provider's id of the workspace, organisation or account, e.g. T024BE7LD."
                            value=external_account_id
                            error=error_for("external_account_id")
                            on_input=edited("external_account_id")
                        />
                        <Field
                            control_id="source-adapter-config"
                            label="Adapter config (JSON object)"
                            hint="Provider-specific settings, e.g. {\"channel\": \"C024BE91L\"}. Leave {} for none."
                            error=error_for("adapter_config")
                        >
                            <textarea
                                id="source-adapter-config"
                                class="input textarea code"
                                rows="6"
                                spellcheck="false"
                                autocomplete="off"
                                aria-invalid=move || {
                                    if error_for("adapter_config").with(Option::is_some) {
                                        "true"
                                    } else {
                                        "false"
                                    }
                                }
                                aria-describedby=move || described_by(
                                    "source-adapter-config",
                                    true,
                                    error_for("adapter_config").with(Option::is_some),
                                )
                                prop:value=move || adapter_config.get()
                                on:input=move |event| {
                                    adapter_config.set(event_target_value(&event));
                                    server_errors.update(|e| e.clear("adapter_config"));
                                }
                            ></textarea>
                        </Field>
                        {move || {
                            error_for("")
                                .get()
                                .map(|message| {
                                    view! {
                                        <p
                                            class="form-error"
                                            id="source-form-error"
                                            tabindex="-1"
                                            role="alert"
                                            data-testid="form-error"
                                        >
                                            {message}
                                        </p>
                                    }
                                })
                        }}
                        <div class="form-actions">
                            <button
                                type="submit"
                                class="button button-primary"
                                data-testid="register-submit"
                                disabled=move || pending.get()
                            >
                                {move || {
                                    if pending.get() { "Registering…" } else { "Register source" }
                                }}
                            </button>
                            <a
                                href=move || sources_href(&current.sandbox_id.get())
                                class="button button-secondary"
                            >
                                "Cancel"
                            </a>
                        </div>
                    </fieldset>
                </form>
            </Show>
        </section>
    }
}
