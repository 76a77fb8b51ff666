//! Where the user goes and arrives: the list's location to go back to, and
//! what a page does on arrival, its document title and where the keyboard
//! focus goes (so a screen reader says where the user is instead of
//! starting again from the top of the page).

use std::time::Duration;

use leptos::prelude::*;
use leptos_router::hooks::use_location;
use sandbox_api::decode_query_string;
use wasm_bindgen::JsCast;

/// A timer that a newer start replaces, cleared when its owner goes.
#[derive(Clone, Copy)]
pub struct Timer(StoredValue<Option<TimeoutHandle>, LocalStorage>);

impl Timer {
    pub fn new() -> Self {
        let timer = Timer(StoredValue::new_local(None));
        on_cleanup(move || timer.cancel());
        timer
    }

    pub fn cancel(&self) {
        if let Some(handle) = self.0.try_get_value().flatten() {
            handle.clear();
        }
    }

    /// Runs `then` after `delay`, instead of anything still waiting.
    pub fn restart(&self, delay: Duration, then: impl FnOnce() + 'static) {
        self.cancel();
        self.0.set_value(set_timeout_with_handle(then, delay).ok());
    }
}

impl Default for Timer {
    fn default() -> Self {
        Timer::new()
    }
}

/// How long a page's filters rest before the next edit makes a history
/// entry of its own.
const HISTORY_PAUSE: Duration = Duration::from_secs(1);

/// A run of filter edits makes one history entry, so Back undoes a run
/// and not a keystroke: the run's first edit adds the entry, the ones after
/// it replace it, until the filters rest for [`HISTORY_PAUSE`] or the user
/// leaves a field ([`EditRun::end`]).
#[derive(Clone, Copy)]
pub struct EditRun {
    /// Ends the run once the filters have rested.
    rest: Timer,
    /// Whether an edit of this run made its history entry.
    in_run: StoredValue<bool>,
}

impl EditRun {
    pub fn new() -> Self {
        EditRun {
            rest: Timer::new(),
            in_run: StoredValue::new(false),
        }
    }

    /// For an edit's navigation: whether it replaces the run's entry
    /// (`true`) or adds the run's first one.
    pub fn replaces(&self) -> bool {
        let replaces = self.in_run.get_value();
        self.in_run.set_value(true);
        let in_run = self.in_run;
        self.rest
            .restart(HISTORY_PAUSE, move || in_run.set_value(false));
        replaces
    }

    /// The run is over (the user left a field): the next edit makes a new entry.
    pub fn end(&self) {
        self.rest.cancel();
        self.in_run.set_value(false);
    }
}

impl Default for EditRun {
    fn default() -> Self {
        EditRun::new()
    }
}

/// The current URL's query pairs, each name and value decoded exactly once.
/// Not `use_query_map`: leptos_router decodes its values twice (the
/// browser's URLSearchParams, then its ParamsMap again), so an owner id
/// `%3Cb%3E` arrived as `<b>`.
pub fn use_query_pairs() -> Memo<Vec<(String, String)>> {
    let search = use_location().search;
    Memo::new(move |_| search.with(|search| decode_query_string(search)))
}

/// The last value of one parameter of the current URL's query, decoded once.
pub fn query_value(name: &str) -> Option<String> {
    use_query_pairs().with_untracked(|pairs| {
        pairs
            .iter()
            .rev()
            .find(|(n, _)| n == name)
            .map(|(_, value)| value.clone())
    })
}

/// The sandbox list's URL as the user last saw it (filters, sort, page),
/// so detail pages can link back to it and a deletion can return to it.
/// Provided as context by `App`; the list page keeps it current.
#[derive(Clone, Copy)]
pub struct ListLocation(pub RwSignal<String>);

impl ListLocation {
    pub fn new() -> Self {
        ListLocation(RwSignal::new("/sandboxes".to_owned()))
    }
}

impl Default for ListLocation {
    fn default() -> Self {
        Self::new()
    }
}

pub fn use_list_location() -> ListLocation {
    expect_context::<ListLocation>()
}

pub const APP_NAME: &str = "Sandbox Console";

/// What marks the element the focus goes to when its content arrives: a
/// heading with `tabindex="-1"`, or a form page's form, whose first field
/// takes the focus. Without one, the first heading does.
pub const ARRIVAL_ATTRIBUTE: &str = "data-arrival";

/// How often, and how long, an arrival looks for its new content (a detail
/// page's heading appears once the sandbox has loaded).
const LOOK_EVERY: Duration = Duration::from_millis(30);
const LOOK_AT_MOST: u32 = 100;

/// "staging-eu · Members — Sandbox Console"; the console's name alone for none.
pub fn page_title(subject: Option<&str>) -> String {
    match subject {
        Some(subject) if !subject.is_empty() => format!("{subject} \u{2014} {APP_NAME}"),
        _ => APP_NAME.to_owned(),
    }
}

/// Keeps `document.title` on `subject` while the calling page is shown
/// (`None`, e.g. while loading, shows the console's name alone).
pub fn use_title(subject: impl Fn() -> Option<String> + Send + Sync + 'static) {
    Effect::new(move |_| {
        if let Some(document) = web_sys::window().and_then(|window| window.document()) {
            document.set_title(&page_title(subject().as_deref()));
        }
    });
}

fn document() -> Option<web_sys::Document> {
    web_sys::window()?.document()
}

/// The element new content inside `scope` (a CSS selector) gives the focus
/// to: the one marked `data-arrival`, else its first heading.
fn arrival_target(scope: &str) -> Option<web_sys::HtmlElement> {
    let scope = document()?.query_selector(scope).ok()??;
    let marked = scope
        .query_selector(&format!("[{ARRIVAL_ATTRIBUTE}]"))
        .ok()?;
    let target = match marked {
        // A form page gives the focus to its first field.
        Some(form) if form.tag_name() == "FORM" => form
            .query_selector("input:not([type=hidden]), select, textarea")
            .ok()??,
        Some(marked) => marked,
        None => scope.query_selector("h1, h2").ok()??,
    };
    Some(target.unchecked_into())
}

/// Moves the focus to the new content of `scope` (see `arrival_target`)
/// once it is there: an element other than the one there now, or, after a
/// few seconds, whatever is there. A user who has put the focus somewhere
/// else in the meantime keeps it there.
pub fn focus_arrival(scope: &'static str) {
    let stale = arrival_target(scope);
    let focused_before = document().and_then(|document| document.active_element());
    look_for_arrival(scope, stale, focused_before, 0);
}

fn look_for_arrival(
    scope: &'static str,
    stale: Option<web_sys::HtmlElement>,
    focused_before: Option<web_sys::Element>,
    looked: u32,
) {
    let focused_now = document().and_then(|document| document.active_element());
    let left_alone = focused_now == focused_before
        || focused_now.as_ref().is_none_or(|focused| {
            // The clicked link may be gone with the old page, which leaves the focus on the body.
            focused.tag_name() == "BODY" || !focused.is_connected()
        });
    if !left_alone {
        return;
    }
    match arrival_target(scope) {
        Some(target) if stale.as_ref() != Some(&target) || looked >= LOOK_AT_MOST => {
            if !target.has_attribute("tabindex") && !is_field(&target) {
                // A heading takes the focus only from a script, never from Tab.
                let _ = target.set_attribute("tabindex", "-1");
            }
            let _ = target.focus();
        }
        _ if looked < LOOK_AT_MOST => {
            set_timeout(
                move || look_for_arrival(scope, stale, focused_before, looked + 1),
                LOOK_EVERY,
            );
        }
        _ => {}
    }
}

fn is_field(element: &web_sys::HtmlElement) -> bool {
    matches!(
        element.tag_name().as_str(),
        "INPUT" | "SELECT" | "TEXTAREA" | "BUTTON"
    )
}

/// The part of the page whose content a move from `from` to `to` (paths)
/// replaces: the tab panel between a sandbox's tabs, otherwise the page.
fn changed_scope(from: &str, to: &str) -> &'static str {
    let sandbox = |path: &str| {
        let rest = path.strip_prefix("/sandboxes/")?;
        let id = rest.split('/').next()?;
        (id != "new" && !id.is_empty()).then(|| id.to_owned())
    };
    match (sandbox(from), sandbox(to)) {
        (Some(a), Some(b)) if a == b => ".tab-panel",
        _ => "main",
    }
}

/// Inside the router: after every navigation to another path (not on the
/// first page shown, nor for a change of the query alone, which pages
/// handle themselves), the focus goes to the new content.
#[component]
pub fn FocusOnArrival() -> impl IntoView {
    let pathname = use_location().pathname;
    Effect::new(move |previous: Option<String>| {
        let path = pathname.get();
        if let Some(previous) = previous.filter(|previous| *previous != path) {
            focus_arrival(changed_scope(&previous, &path));
        }
        path
    });
}

/// "Skip to content": focuses the main region itself. Left to the router,
/// `#main` would be a navigation and the focus would stay on the link.
#[component]
pub fn SkipLink() -> impl IntoView {
    let skip = |event: leptos::ev::MouseEvent| {
        if let Some(main) = document().and_then(|document| document.get_element_by_id("main")) {
            event.prevent_default();
            let _ = main.unchecked_into::<web_sys::HtmlElement>().focus();
        }
    };
    view! {
        <a class="skip-link" href="#main" on:click=skip>
            "Skip to content"
        </a>
    }
}
