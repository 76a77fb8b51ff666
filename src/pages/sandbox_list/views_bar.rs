//! The saved views above the table: each opens with one click (a link),
//! can be renamed and deleted (with an Undo); "Save view" names the view
//! shown now.

use leptos::prelude::*;

use super::state::ListState;
use super::views::{check_name, keep_views, kept_views, SavedView};
use crate::components::field::focus_soon;
use crate::components::{use_notices, NoticeAction, TextField};

/// What the name form is for, while it shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Naming {
    New,
    Rename(usize),
}

const NAME_INPUT_ID: &str = "view-name";
const SAVE_BUTTON_ID: &str = "view-save-open";

#[component]
pub(super) fn SavedViews(state: Memo<ListState>, base_url: String) -> impl IntoView {
    let notices = use_notices();
    let owner = StoredValue::new(Owner::current().expect("a component has an owner"));
    let (kept, note) = kept_views(&base_url);
    let views = RwSignal::new(kept);
    let note = RwSignal::new(note);
    let naming = RwSignal::new(None::<Naming>);
    let draft = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let base_url = StoredValue::new(base_url);
    let store = move || {
        let kept = views.with_untracked(|views| base_url.with_value(|url| keep_views(url, views)));
        if !kept {
            note.set(Some(
                "This browser did not keep the views: they last until the page is closed."
                    .to_owned(),
            ));
        }
    };
    let open_form = move |purpose: Naming, text: String| {
        draft.set(text);
        error.set(None);
        naming.set(Some(purpose));
        focus_soon(NAME_INPUT_ID);
    };
    let close_form = move || {
        naming.set(None);
        error.set(None);
        focus_soon(SAVE_BUTTON_ID);
    };
    let submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let Some(purpose) = naming.get_untracked() else {
            return;
        };
        let renaming = match purpose {
            Naming::Rename(index) => Some(index),
            Naming::New => None,
        };
        let checked =
            views.with_untracked(|views| check_name(&draft.get_untracked(), views, renaming));
        match checked {
            Err(message) => {
                error.set(Some(message));
                focus_soon(NAME_INPUT_ID);
            }
            Ok(name) => {
                views.update(|views| match purpose {
                    Naming::New => {
                        views.push(state.with_untracked(|state| SavedView::of(name, state)))
                    }
                    Naming::Rename(index) => {
                        if let Some(view) = views.get_mut(index) {
                            view.name = name;
                        }
                    }
                });
                store();
                close_form();
            }
        }
    };
    let delete = move |index: usize| {
        let Some(removed) = views
            .try_update(|views| (index < views.len()).then(|| views.remove(index)))
            .flatten()
        else {
            return;
        };
        store();
        focus_soon(SAVE_BUTTON_ID);
        let name = removed.name.clone();
        // Made under the bar, not under the deleted item's view, which is gone.
        let undo = owner.with_value(|owner| {
            owner.with(|| {
                Callback::new(move |()| {
                    views.update(|views| {
                        let taken = check_name(&removed.name, views, None).is_err();
                        if !taken {
                            views.insert(index.min(views.len()), removed.clone());
                        }
                    });
                    store();
                })
            })
        });
        notices.success_with_action(
            format!("Deleted the view “{name}”."),
            NoticeAction {
                label: "Undo",
                accessible_label: format!("Undo: bring back the view “{name}”"),
                run: undo,
            },
        );
    };
    let current_url = Memo::new(move |_| state.with(|state| state.at_page(1).to_url()));
    let name_form = move |label: String| {
        view! {
            <form class="view-name-form" data-testid="view-form" on:submit=submit novalidate>
                <TextField control_id=NAME_INPUT_ID label value=draft error />
                <div class="form-actions">
                    <button
                        type="submit"
                        class="button button-primary"
                        data-testid="view-form-save"
                    >
                        "Save"
                    </button>
                    <button type="button" class="button" on:click=move |_| close_form()>
                        "Cancel"
                    </button>
                </div>
            </form>
        }
    };
    let view_item = move |index: usize, view: SavedView| {
        if naming.get() == Some(Naming::Rename(index)) {
            return view! {
                <li class="saved-view" data-testid="saved-view">
                    {name_form(format!("New name for “{}”", view.name))}
                </li>
            }
            .into_any();
        }
        let is_current = current_url.get() == view.url;
        let name = view.name.clone();
        view! {
            <li class="saved-view" data-testid="saved-view">
                <a
                    class="saved-view-link"
                    href=view.url
                    aria-current=is_current.then_some("page")
                    data-testid="saved-view-link"
                >
                    {view.name.clone()}
                </a>
                {item_button(
                    "Rename",
                    &name,
                    "view-rename",
                    move || open_form(Naming::Rename(index), view.name.clone()),
                )}
                {item_button("Delete", &name, "view-delete", move || delete(index))}
            </li>
        }
        .into_any()
    };
    view! {
        <section class="saved-views" aria-label="Saved views" data-testid="saved-views">
            {move || {
                note.get()
                    .map(|note| {
                        view! {
                            <p
                                class="callout callout-warning"
                                role="status"
                                data-testid="views-note"
                            >
                                {note}
                            </p>
                        }
                    })
            }}
            <ul class="saved-view-list">
                {move || {
                    views
                        .get()
                        .into_iter()
                        .enumerate()
                        .map(|(index, view)| view_item(index, view))
                        .collect_view()
                }}
            </ul>
            {move || match naming.get() {
                Some(Naming::New) => name_form("Name this view".to_owned()).into_any(),
                _ => {
                    view! {
                        <button
                            type="button"
                            class="button"
                            id=SAVE_BUTTON_ID
                            data-testid="view-save-open"
                            on:click=move |_| open_form(Naming::New, String::new())
                        >
                            "Save view"
                        </button>
                    }
                        .into_any()
                }
            }}
        </section>
    }
}

/// A saved view's Rename or Delete, named for its view ("Delete the view Mine").
fn item_button(
    verb: &'static str,
    view_name: &str,
    testid: &'static str,
    on_click: impl Fn() + 'static,
) -> impl IntoView {
    view! {
        <button
            type="button"
            class="button button-small"
            aria-label=format!("{verb} the view {view_name}")
            data-testid=testid
            on:click=move |_| on_click()
        >
            {verb}
        </button>
    }
}
