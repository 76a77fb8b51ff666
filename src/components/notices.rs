//! Notices for finished operations, in ARIA live regions so screen readers
//! announce them: successes politely, failures at once. They float in the
//! page's bottom corner, and never over the control just used.

use leptos::html;
use leptos::prelude::*;
use std::time::Duration;

/// How long a success stays on screen; failures stay until dismissed.
const SUCCESS_VISIBLE: Duration = Duration::from_secs(8);

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NoticeKind {
    Success,
    Failure,
}

/// A button in a success notice that takes the change back ("Undo").
#[derive(Clone)]
pub struct NoticeAction {
    pub label: &'static str,
    /// Names the button beside its label ("Undo the role change of ada@acme.test").
    pub accessible_label: String,
    pub run: Callback<()>,
}

#[derive(Clone)]
pub struct Notice {
    id: u64,
    pub kind: NoticeKind,
    pub text: String,
    pub action: Option<NoticeAction>,
}

/// The app's notices, provided as context by `App`.
#[derive(Clone, Copy)]
pub struct Notices {
    list: RwSignal<Vec<Notice>>,
    next_id: StoredValue<u64>,
}

impl Notices {
    pub fn new() -> Self {
        Notices {
            list: RwSignal::new(Vec::new()),
            next_id: StoredValue::new(0),
        }
    }

    pub fn success(&self, text: impl Into<String>) {
        self.success_with(text.into(), None);
    }

    /// A success with a button that takes it back, offered only while the
    /// notice shows: pressing it dismisses the notice, then runs `action`.
    pub fn success_with_action(&self, text: impl Into<String>, action: NoticeAction) {
        self.success_with(text.into(), Some(action));
    }

    fn success_with(&self, text: String, action: Option<NoticeAction>) {
        let id = self.push(NoticeKind::Success, text, action);
        let list = self.list;
        set_timeout(
            move || list.update(|notices| notices.retain(|n| n.id != id)),
            SUCCESS_VISIBLE,
        );
    }

    pub fn failure(&self, text: impl Into<String>) {
        self.push(NoticeKind::Failure, text.into(), None);
    }

    fn push(&self, kind: NoticeKind, text: String, action: Option<NoticeAction>) -> u64 {
        let id = self.next_id.get_value();
        self.next_id.set_value(id + 1);
        self.list.update(|notices| {
            notices.push(Notice {
                id,
                kind,
                text,
                action,
            })
        });
        id
    }

    fn dismiss(&self, id: u64) {
        self.list.update(|notices| notices.retain(|n| n.id != id));
    }
}

impl Default for Notices {
    fn default() -> Self {
        Self::new()
    }
}

pub fn use_notices() -> Notices {
    expect_context::<Notices>()
}

/// The two live regions. They are always in the page: a region added
/// together with its text is not announced.
#[component]
pub fn NoticeRegion() -> impl IntoView {
    let notices = use_notices();
    let region = move |kind: NoticeKind| {
        let items = move || {
            notices
                .list
                .get()
                .into_iter()
                .filter(|n| n.kind == kind)
                .collect::<Vec<_>>()
        };
        view! {
            <For each=items key=|notice| notice.id let:notice>
                <div
                    class="notice"
                    class:notice-failure=kind == NoticeKind::Failure
                    data-testid="notice"
                >
                    <span>{notice.text.clone()}</span>
                    {notice
                        .action
                        .clone()
                        .map(|action| {
                            view! {
                                <button
                                    type="button"
                                    class="button button-small button-secondary notice-action"
                                    aria-label=action.accessible_label
                                    data-testid="notice-action"
                                    on:click=move |_| {
                                        notices.dismiss(notice.id);
                                        action.run.run(());
                                    }
                                >
                                    {action.label}
                                </button>
                            }
                        })}
                    <button
                        type="button"
                        class="notice-dismiss"
                        aria-label="Dismiss notice"
                        on:click=move |_| notices.dismiss(notice.id)
                    >
                        "×"
                    </button>
                </div>
            </For>
        }
    };
    let region_ref = NodeRef::<html::Div>::new();
    let room_ref = NodeRef::<html::Div>::new();
    Effect::new(move |_| {
        notices.list.track();
        // After the new notice is laid out.
        request_animation_frame(move || {
            if let (Some(region), Some(room)) =
                (region_ref.get_untracked(), room_ref.get_untracked())
            {
                keep_the_used_control_clear(&region, &room);
            }
        });
    });
    view! {
        <div class="notices" node_ref=region_ref>
            <div role="status" aria-live="polite">
                {region(NoticeKind::Success)}
            </div>
            <div role="alert" aria-live="assertive">
                {region(NoticeKind::Failure)}
            </div>
        </div>
        <div class="notices-room" aria-hidden="true" node_ref=room_ref></div>
    }
}

/// Space kept between a control and the notices above it.
const CLEARANCE_PX: f64 = 8.0;

/// The notices float over the page's bottom corner: when they cover the
/// control that has focus (the one just used, or the opener a dialog gave
/// focus back to), the page scrolls it above them. `room`, at the page's
/// end, is as tall as the notices, so even the last control can get clear.
fn keep_the_used_control_clear(region: &web_sys::HtmlElement, room: &web_sys::HtmlElement) {
    let covering = region.get_bounding_client_rect();
    // Through the CSSOM: a `style` attribute is inline style, which the
    // Content-Security-Policy (`style-src 'self'`) refuses.
    let _ = room
        .style()
        .set_property("height", &format!("{}px", covering.height().ceil()));
    let Some(window) = web_sys::window() else {
        return;
    };
    let Some(document) = window.document() else {
        return;
    };
    let Some(control) = document.active_element() else {
        return;
    };
    if document.body().is_some_and(|body| *body == control) || region.contains(Some(&control)) {
        return;
    }
    let used = control.get_bounding_client_rect();
    let covered = covering.height() > 0.0
        && used.bottom() + CLEARANCE_PX > covering.top()
        && used.top() < covering.bottom()
        && used.right() > covering.left()
        && used.left() < covering.right();
    if covered {
        window.scroll_by_with_x_and_y(0.0, used.bottom() + CLEARANCE_PX - covering.top());
    }
}
