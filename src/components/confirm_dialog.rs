//! A confirmation dialog for one action: what will happen (the children),
//! the failure if the attempt failed, Cancel and the action's own button.

use leptos::prelude::*;

use super::dialog::Dialog;
use super::dialog_actions::DialogActions;

#[component]
pub fn ConfirmDialog(
    open: RwSignal<bool>,
    #[prop(into)] title: Signal<String>,
    /// The dialog's `data-testid`; its confirm button gets `<name>-confirm`.
    name: &'static str,
    /// The button's words, before and while the request runs.
    confirm_label: &'static str,
    pending_label: &'static str,
    #[prop(optional)] danger: bool,
    #[prop(into)] pending: Signal<bool>,
    /// Why the last attempt failed, shown where the user is looking.
    #[prop(into)]
    error: Signal<Option<String>>,
    on_confirm: Callback<()>,
    children: ChildrenFn,
) -> impl IntoView {
    let children = StoredValue::new(children);
    view! {
        <Dialog open title name>
            <div class="dialog-body">
                {children.with_value(|children| children())}
                {move || {
                    error
                        .get()
                        .map(|text| {
                            view! {
                                <p class="dialog-error" role="alert" data-testid="dialog-error">
                                    {text}
                                </p>
                            }
                        })
                }} <DialogActions open>
                    <button
                        type="button"
                        class="button"
                        class:button-danger=danger
                        class:button-primary=!danger
                        data-testid=format!("{name}-confirm")
                        disabled=move || pending.get()
                        on:click=move |_| on_confirm.run(())
                    >
                        {move || if pending.get() { pending_label } else { confirm_label }}
                    </button>
                </DialogActions>
            </div>
        </Dialog>
    }
}
