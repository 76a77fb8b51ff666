//! Notices for finished operations, in ARIA live regions so screen readers
//! announce them: successes politely, failures at once.

use leptos::prelude::*;
use std::time::Duration;

/// How long a success stays on screen; failures stay until dismissed.
const SUCCESS_VISIBLE: Duration = Duration::from_secs(8);

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NoticeKind {
    Success,
    Failure,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Notice {
    id: u64,
    pub kind: NoticeKind,
    pub text: String,
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
        let id = self.push(NoticeKind::Success, text.into());
        let list = self.list;
        set_timeout(
            move || list.update(|notices| notices.retain(|n| n.id != id)),
            SUCCESS_VISIBLE,
        );
    }

    pub fn failure(&self, text: impl Into<String>) {
        self.push(NoticeKind::Failure, text.into());
    }

    fn push(&self, kind: NoticeKind, text: String) -> u64 {
        let id = self.next_id.get_value();
        self.next_id.set_value(id + 1);
        self.list
            .update(|notices| notices.push(Notice { id, kind, text }));
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
                <div class="notice" class:notice-failure=kind == NoticeKind::Failure data-testid="notice">
                    <span>{notice.text.clone()}</span>
                    <button type="button" class="notice-dismiss" aria-label="Dismiss notice"
                        on:click=move |_| notices.dismiss(notice.id)>"×"</button>
                </div>
            </For>
        }
    };
    view! {
        <div class="notices">
            <div role="status" aria-live="polite">{region(NoticeKind::Success)}</div>
            <div role="alert" aria-live="assertive">{region(NoticeKind::Failure)}</div>
        </div>
    }
}
