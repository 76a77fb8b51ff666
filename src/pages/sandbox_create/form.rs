//! The create form: its signals, the checks before sending, the request
//! with its idempotency key, and the view.

use leptos::prelude::*;
use leptos_router::hooks::{use_location, use_navigate};
use sandbox_api::{encode_query_component, validate, CreateSandbox, Mode, Permission, Tier};

use super::fields::{choice_fieldset, focus_target_id, mode_explanation, tier_summary, FIELDS};
use super::lifecycle::{create_expiry, default_expiry_choice, lifecycle_fields};
use super::submit::{place_create_error, CreateDraft};
use crate::api::{self, ApiError};
use crate::components::expiry::now_ms;
use crate::components::field::focus_soon;
use crate::components::metadata_editor::key_input_id;
use crate::components::{use_notices, MetadataEditor, MetadataRows, TextField};
use crate::forms::{metadata_object, FieldErrors, FormDraft, IdempotencyKey};
use crate::navigation::{query_value, use_list_location};
use crate::session::{use_client, use_session};

#[component]
pub(super) fn CreateSandboxForm() -> impl IntoView {
    let client = use_client();
    let notices = use_notices();
    // Kept in local storage: the router's navigate is not Send, the views' closures must be.
    let navigate = StoredValue::new_local(use_navigate());
    let list_location = use_list_location();
    // The list's "New sandbox" link passes its owner filter along.
    let prefilled_owner = query_value("owner_id").unwrap_or_default();
    let draft = FormDraft::at(&use_location().pathname.get_untracked());
    let restored = draft.take::<CreateDraft>().unwrap_or(CreateDraft {
        name: String::new(),
        owner_id: prefilled_owner,
        tier: Tier::Free,
        mode: Mode::Blank,
        metadata: Vec::new(),
        expiry: None,
        protected: false,
    });
    // Expiry and protection: only a v1.1 server grants `sandboxes:update`.
    let lifecycle = use_session().me.with_untracked(|me| {
        me.as_ref()
            .is_some_and(|me| me.has(Permission::SandboxesUpdate))
    });

    let name = RwSignal::new(restored.name);
    let owner_id = RwSignal::new(restored.owner_id);
    let tier = RwSignal::new(restored.tier);
    let mode = RwSignal::new(restored.mode);
    let expiry_chosen = RwSignal::new(restored.expiry.is_some());
    let expiry = RwSignal::new(
        restored
            .expiry
            .unwrap_or_else(|| default_expiry_choice(restored.tier)),
    );
    let protected = RwSignal::new(restored.protected);
    // Until the user picks an expiry, it is the tier's default.
    Effect::new(move |_| {
        let tier = tier.get();
        if !expiry_chosen.get_untracked() {
            expiry.set(default_expiry_choice(tier));
        }
    });
    let metadata = MetadataRows::new();
    metadata.set_entries(restored.metadata);
    let errors = RwSignal::new(FieldErrors::default());
    // A failure of the whole request, and whether "Try again" makes sense.
    let form_error = RwSignal::new(None::<(String, bool)>);
    let submitting = RwSignal::new(false);
    let idempotency = StoredValue::new(IdempotencyKey::new());

    let field_error =
        move |field: &'static str| Signal::derive(move || errors.with(|errors| errors.get(field)));
    // Any edit: the old answer no longer describes the form.
    let changed = move |field: &'static str| {
        idempotency.update_value(IdempotencyKey::on_form_changed);
        errors.update(|errors| errors.clear(field));
        form_error.update(|error| {
            if error.as_ref().is_some_and(|(_, retryable)| !retryable) {
                *error = None;
            }
        });
    };

    let submit = move || {
        // Set synchronously before anything is sent: a second click (or Enter)
        // arriving before the answer finds it set and sends nothing.
        if submitting.get_untracked() {
            return;
        }
        form_error.set(None);
        let mut found = FieldErrors::default();
        let metadata_value = match metadata_object(&metadata.entries()) {
            Ok(object) => {
                metadata.set_errors_by_index(&Default::default());
                object
            }
            Err(row_errors) => {
                metadata.set_errors_by_index(&row_errors);
                found.add("metadata", "Fix the marked metadata rows.");
                Default::default()
            }
        };
        let request = CreateSandbox {
            name: name.get_untracked(),
            owner_id: owner_id.get_untracked(),
            tier: tier.get_untracked(),
            mode: mode.get_untracked(),
            metadata: metadata_value,
            expires_at: if lifecycle {
                create_expiry(
                    &expiry.get_untracked(),
                    expiry_chosen.get_untracked(),
                    now_ms(),
                )
            } else {
                None
            },
            protected: (lifecycle && protected.get_untracked()).then_some(true),
        };
        let mut rules = validate::create_sandbox(&request);
        rules.extend(validate::expiry(
            request.tier,
            &request.expires_at,
            now_ms(),
        ));
        let rule_errors = FieldErrors::from_validation(&rules, &FIELDS);
        for field in FIELDS {
            if let Some(message) = rule_errors.get(field) {
                found.add(field, message);
            }
        }
        if !found.is_empty() {
            let first_row = metadata.first_error_row();
            let first = found.first_of(&FIELDS);
            errors.set(found);
            match (first, first_row) {
                (Some("metadata"), Some(row)) => focus_soon(key_input_id("create-metadata", row)),
                (Some(field), _) => focus_soon(focus_target_id(field)),
                (None, _) => {}
            }
            return;
        }
        errors.set(FieldErrors::default());
        submitting.set(true);
        let key = idempotency.with_value(|key| key.key().to_owned());
        let client = client.clone();
        // Taken now: after a 401 the page (and its signals) may already be gone.
        let typed = CreateDraft {
            name: request.name.clone(),
            owner_id: request.owner_id.clone(),
            tier: request.tier,
            mode: request.mode,
            metadata: metadata.entries(),
            expiry: expiry_chosen
                .get_untracked()
                .then(|| expiry.get_untracked()),
            protected: protected.get_untracked(),
        };
        let draft = draft.clone();
        leptos::task::spawn_local(async move {
            let result = api::sandboxes::create(&client, &request, &key).await;
            // After a success the button stays disabled until the page is left:
            // the key is already a new one, so another click would create again.
            submitting.set(result.is_ok());
            match result {
                Ok(sandbox) => {
                    draft.discard();
                    idempotency.update_value(IdempotencyKey::on_success);
                    notices.success(format!("Created sandbox {}", sandbox.name));
                    let path =
                        format!("/sandboxes/{}", encode_query_component(&sandbox.sandbox_id));
                    navigate.with_value(|navigate| navigate(&path, Default::default()));
                }
                Err(failure) if failure.is_retryable() => {
                    idempotency.update_value(IdempotencyKey::on_retryable_failure);
                    form_error.set(Some((failure.message(), true)));
                    focus_soon("create-form-error");
                }
                Err(failure) => {
                    // The client has signed out; Connect brings the user back here.
                    if matches!(failure, ApiError::Unauthorized(_)) {
                        draft.save(&typed);
                    }
                    idempotency.update_value(IdempotencyKey::on_definite_answer);
                    let (fields, whole) = place_create_error(&failure);
                    let first = fields.first_of(&FIELDS);
                    errors.set(fields);
                    form_error.set(whole.map(|message| (message, false)));
                    match first {
                        Some(field) => focus_soon(focus_target_id(field)),
                        None => focus_soon("create-form-error"),
                    }
                }
            }
        });
    };

    let submit_on_retry = submit.clone();

    view! {
        <form
            class="form create-form"
            novalidate
            data-testid="create-form"
            data-arrival
            on:submit=move |event: web_sys::SubmitEvent| {
                event.prevent_default();
                submit();
            }
        >
            <TextField
                control_id="create-name"
                label="Name"
                value=name
                error=field_error("name")
                required=true
                hint="Unique among this owner\u{2019}s sandboxes, e.g. staging-eu."
                on_input=move |_| changed("name")
            />
            <TextField
                control_id="create-owner-id"
                label="Owner ID"
                value=owner_id
                error=field_error("owner_id")
                required=true
                hint="Your own id for the customer or user this sandbox is for, e.g. cust_4711."
                on_input=move |_| changed("owner_id")
            />
            {choice_fieldset(
                "tier",
                "Tier",
                Tier::ALL,
                tier_summary,
                tier,
                field_error("tier"),
                move || changed("tier"),
            )}
            {choice_fieldset(
                "mode",
                "Mode",
                Mode::ALL,
                |option| mode_explanation(option).to_owned(),
                mode,
                field_error("mode"),
                move || changed("mode"),
            )}
            {lifecycle
                .then(|| {
                    lifecycle_fields(
                        tier,
                        expiry,
                        expiry_chosen,
                        protected,
                        field_error("expires_at"),
                        changed,
                    )
                })}
            <MetadataEditor
                rows=metadata
                id_prefix="create-metadata"
                error=field_error("metadata")
                on_change=move |()| changed("metadata")
            />
            <div
                id="create-form-error"
                class="form-error"
                tabindex="-1"
                role="alert"
                data-testid="create-error"
            >
                {move || {
                    form_error
                        .get()
                        .map(|(message, retryable)| {
                            let retry = submit_on_retry.clone();
                            view! {
                                <p>{message}</p>
                                {retryable
                                    .then(|| {
                                        view! {
                                            <p class="muted">
                                                "Nothing you typed is lost. Trying again reuses this attempt\u{2019}s idempotency key, so it cannot create a second sandbox."
                                            </p>
                                            <button
                                                type="button"
                                                class="button"
                                                data-testid="create-retry"
                                                disabled=move || submitting.get()
                                                on:click=move |_| retry()
                                            >
                                                "Try again"
                                            </button>
                                        }
                                    })}
                            }
                        })
                }}
            </div>
            <div class="form-actions">
                <button
                    type="submit"
                    id="create-submit"
                    class="button button-primary"
                    data-testid="create-submit"
                    disabled=move || submitting.get()
                    aria-busy=move || submitting.get().to_string()
                >
                    {move || if submitting.get() { "Creating\u{2026}" } else { "Create sandbox" }}
                </button>
                <a href=move || list_location.0.get() class="button button-secondary">
                    "Cancel"
                </a>
            </div>
        </form>
    }
}
