//! Asking before the user leaves a page that shows something they would
//! lose (the one-time signing secret).
//!
//! leptos_router 0.8 has no navigation blocker, so the guard catches the
//! three ways out itself while it is active: a click on a link (a capturing
//! listener on `window` runs before the router's, which skips a click whose
//! default was prevented), Back and Forward (see
//! [`listen_before_the_router`]), and closing or reloading the tab (the
//! browser's own `beforeunload` prompt, whose wording browsers do not let a
//! page set).

use std::cell::{Cell, RefCell};

use leptos::prelude::*;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;

thread_local! {
    /// While a guard is active: its question, and the URL to put back when
    /// the user declines to go Back or Forward.
    static BACK_GUARD: RefCell<Option<(&'static str, String)>> = const { RefCell::new(None) };
    static LISTENING: Cell<bool> = const { Cell::new(false) };
}

/// Makes Back and Forward ask while a guard is active. Call it before the
/// router mounts (`main` does, and so do the tests' mounts): the router
/// reacts to `popstate` at once, unmounting the guarded page, so this
/// listener must come first among the window's, which run in the order
/// they were added. Declined, it stops the router's and puts the guarded
/// URL back. Once per page; later calls do nothing.
pub fn listen_before_the_router() {
    if LISTENING.with(|listening| listening.replace(true)) {
        return;
    }
    let Some(window) = web_sys::window() else {
        return;
    };
    let on_popstate = Closure::<dyn Fn(web_sys::Event)>::new(|event: web_sys::Event| {
        let Some((question, guarded_url)) = BACK_GUARD.with(|guard| guard.borrow().clone()) else {
            return;
        };
        if user_agrees(question) {
            return;
        }
        event.stop_immediate_propagation();
        if let Some(history) = web_sys::window().and_then(|window| window.history().ok()) {
            let _ =
                history.push_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&guarded_url));
        }
    });
    let _ =
        window.add_event_listener_with_callback("popstate", on_popstate.as_ref().unchecked_ref());
    // Listens for the page's whole life.
    on_popstate.forget();
}

/// The listeners of an active guard; dropping them removes them.
struct Listeners {
    on_click: Closure<dyn Fn(web_sys::MouseEvent)>,
    on_beforeunload: Closure<dyn Fn(web_sys::Event)>,
}

/// Whether the user, asked `question`, wants to leave.
fn user_agrees(question: &str) -> bool {
    web_sys::window()
        .and_then(|window| window.confirm_with_message(question).ok())
        .unwrap_or(true)
}

/// The link a click lands on, if it would take the browser to another
/// page in this tab (not a new tab, a download, or a place on this page).
fn leaving_link(event: &web_sys::MouseEvent) -> Option<web_sys::HtmlAnchorElement> {
    if event.default_prevented()
        || event.button() != 0
        || event.meta_key()
        || event.ctrl_key()
        || event.shift_key()
        || event.alt_key()
    {
        return None;
    }
    let target: web_sys::Element = event.target()?.dyn_into().ok()?;
    let link: web_sys::HtmlAnchorElement = target.closest("a[href]").ok()??.dyn_into().ok()?;
    if !link.target().is_empty() || link.has_attribute("download") {
        return None;
    }
    let here = web_sys::window()?.location();
    let same_page = link.origin() == here.origin().ok()?
        && link.pathname() == here.pathname().ok()?
        && link.search() == here.search().ok()?;
    (!same_page).then_some(link)
}

impl Listeners {
    fn install(question: &'static str) -> Option<Self> {
        let window = web_sys::window()?;
        // Back/Forward has already changed the URL when `popstate` comes:
        // declining puts this one back.
        let guarded_url = window.location().href().ok()?;
        BACK_GUARD.with(|guard| *guard.borrow_mut() = Some((question, guarded_url)));
        let on_click = Closure::<dyn Fn(web_sys::MouseEvent)>::new(move |event| {
            if leaving_link(&event).is_some() && !user_agrees(question) {
                event.prevent_default();
            }
        });
        let on_beforeunload = Closure::<dyn Fn(web_sys::Event)>::new(|event: web_sys::Event| {
            event.prevent_default();
            // Older browsers ask only when `returnValue` is set.
            let _ = js_sys::Reflect::set(&event, &"returnValue".into(), &"".into());
        });
        let capture = true;
        window
            .add_event_listener_with_callback_and_bool(
                "click",
                on_click.as_ref().unchecked_ref(),
                capture,
            )
            .ok()?;
        window
            .add_event_listener_with_callback(
                "beforeunload",
                on_beforeunload.as_ref().unchecked_ref(),
            )
            .ok()?;
        Some(Listeners {
            on_click,
            on_beforeunload,
        })
    }
}

impl Drop for Listeners {
    fn drop(&mut self) {
        BACK_GUARD.with(|guard| guard.borrow_mut().take());
        let Some(window) = web_sys::window() else {
            return;
        };
        let capture = true;
        let _ = window.remove_event_listener_with_callback_and_bool(
            "click",
            self.on_click.as_ref().unchecked_ref(),
            capture,
        );
        let _ = window.remove_event_listener_with_callback(
            "beforeunload",
            self.on_beforeunload.as_ref().unchecked_ref(),
        );
    }
}

/// While `active` is true (and the calling component lives), leaving the
/// page asks `question` first; in-app ways out go on only if the user agrees.
pub fn guard_leaving(active: Signal<bool>, question: &'static str) {
    let listeners = StoredValue::new_local(None::<Listeners>);
    Effect::new(move |_| {
        let guard = active.get();
        listeners.update_value(|installed| match (guard, installed.is_some()) {
            (true, false) => *installed = Listeners::install(question),
            (false, true) => *installed = None,
            _ => {}
        });
    });
    on_cleanup(move || {
        listeners.try_update_value(|installed| installed.take());
    });
}
