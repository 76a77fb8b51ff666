//! What the sandbox actions share: why the caller may not act, the button
//! that opens an action's dialog (disabled with the reason when the caller
//! may not act), the request a dialog sends, and the dialog's error line.

use std::future::Future;
use std::sync::atomic::{AtomicUsize, Ordering};

use leptos::prelude::*;
use sandbox_api::Sandbox;

use super::notices::{use_notices, Notices};
use crate::api::ApiError;
use crate::permissions::{self, SandboxAction};
use crate::session::use_session;

/// Unique ids for the reason text of each trigger (a list has many).
static NEXT_ID: AtomicUsize = AtomicUsize::new(0);

/// The name of the sandbox an action is for ("" while there is none).
pub(crate) fn sandbox_name(sandbox: Signal<Option<Sandbox>>) -> Signal<String> {
    Signal::derive(move || {
        sandbox.with(|sandbox| sandbox.as_ref().map(|s| s.name.clone()).unwrap_or_default())
    })
}

/// Why the caller may not do `action` to the sandbox now, if it may not.
pub(crate) fn refusal(
    sandbox: Signal<Option<Sandbox>>,
    action: SandboxAction,
) -> Signal<Option<String>> {
    let session = use_session();
    Signal::derive(move || {
        let me = session.me.get();
        sandbox.with(|sandbox| match sandbox {
            Some(sandbox) => permissions::check(me.as_ref(), sandbox, action).err(),
            None => Some("Loading the sandbox…".to_owned()),
        })
    })
}

/// Why a dialog must not send `action` while the sandbox is protected
/// (it may have become so after the dialog opened); `None` otherwise, the
/// server deciding the rest.
pub(crate) fn protected_refusal(
    sandbox: Signal<Option<Sandbox>>,
    action: SandboxAction,
) -> Signal<Option<String>> {
    let refused = refusal(sandbox, action);
    Signal::derive(move || {
        let protected = sandbox.with(|s| s.as_ref().is_some_and(Sandbox::is_protected));
        protected.then(|| refused.get()).flatten()
    })
}

/// A dialog's reason not to send, shown above its buttons.
#[component]
pub(crate) fn DialogRefusal(
    refusal: Signal<Option<String>>,
    testid: &'static str,
) -> impl IntoView {
    move || {
        refusal.get().map(|reason| {
            view! {
                <p class="dialog-error" data-testid=testid>
                    {reason}
                </p>
            }
        })
    }
}

/// The button that opens an action's dialog. When the action is not
/// allowed it is disabled and the reason is shown next to it (`compact`,
/// for table rows: the reason is the button's tooltip and is read out by
/// screen readers, but takes no room). The label follows
/// `accessible_label` in place; when the refusal really changes (a status
/// change enables or disables it, not every poll of the sandbox) the button
/// is rendered again, which Leptos does in place: the same element, focus
/// and all.
#[component]
pub(crate) fn ActionTrigger(
    label: &'static str,
    /// Names the button in a list of many ("Refresh staging-eu").
    #[prop(into)]
    accessible_label: Signal<String>,
    refusal: Signal<Option<String>>,
    /// Opens the dialog (a list sets which row it is for first).
    #[prop(into)]
    on_open: Callback<()>,
    testid: &'static str,
    #[prop(optional)] compact: bool,
    #[prop(optional)] danger: bool,
) -> impl IntoView {
    let refusal = Memo::new(move |_| refusal.get());
    move || {
        let refusal = refusal.get();
        let reason_id = refusal
            .is_some()
            .then(|| format!("action-reason-{}", NEXT_ID.fetch_add(1, Ordering::Relaxed)));
        let (title, refused) = (refusal.clone(), refusal.is_some());
        view! {
            <span class="action-trigger" class:action-trigger-compact=compact title=title>
                <button
                    type="button"
                    class="button"
                    class:button-danger=danger
                    class:button-small=compact
                    data-testid=testid
                    aria-label=move || accessible_label.get()
                    aria-describedby=reason_id.clone()
                    disabled=refused
                    aria-haspopup="dialog"
                    on:click=move |_| on_open.run(())
                >
                    {label}
                </button>
                {refusal
                    .map(|reason| {
                        view! {
                            <span
                                class="action-reason"
                                class:visually-hidden=compact
                                id=reason_id
                                data-testid=format!("{testid}-reason")
                            >
                                {reason}
                            </span>
                        }
                    })}
            </span>
        }
    }
}

/// The request a confirmation dialog sends, and what the dialog shows of
/// it: `pending` while it runs, then the failure inside the dialog (where
/// the user is looking) and as a notice.
#[derive(Clone, Copy)]
pub(crate) struct DialogRequest {
    pub pending: RwSignal<bool>,
    pub error: RwSignal<Option<ApiError>>,
    open: RwSignal<bool>,
    notices: Notices,
}

impl DialogRequest {
    /// For the dialog shown while `open`: each opening starts without the
    /// last attempt's failure.
    pub fn new(open: RwSignal<bool>) -> Self {
        let request = DialogRequest {
            pending: RwSignal::new(false),
            error: RwSignal::new(None),
            open,
            notices: use_notices(),
        };
        Effect::new(move |_| {
            if open.get() {
                request.error.set(None);
            }
        });
        request
    }

    /// Sends `request` unless one is under way. Its answer closes the
    /// dialog and goes to `done`, which says in words what happened; a
    /// failure reads "Could not {what}: …".
    pub fn send<T: 'static>(
        self,
        what: String,
        request: impl Future<Output = Result<T, ApiError>> + 'static,
        done: impl FnOnce(T) -> String + 'static,
    ) {
        if self.pending.get_untracked() {
            return;
        }
        self.pending.set(true);
        leptos::task::spawn_local(async move {
            let result = request.await;
            self.pending.set(false);
            match result {
                Ok(answer) => {
                    self.open.set(false);
                    let said = done(answer);
                    self.notices.success(said);
                }
                Err(failure) => {
                    self.notices
                        .failure(format!("Could not {what}: {}", failure.message()));
                    self.error.set(Some(failure));
                }
            }
        });
    }
}

/// A failed attempt, shown inside the dialog where the user is looking
/// (a 403 or a 409 for the wrong status reads best there).
#[component]
pub(crate) fn DialogError(error: RwSignal<Option<ApiError>>) -> impl IntoView {
    move || {
        error.get().map(|error| {
            view! {
                <p class="dialog-error" data-testid="dialog-error">
                    {error.message()}
                </p>
            }
        })
    }
}
