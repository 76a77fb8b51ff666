//! The app shell: session and notices in context, the header, the routes.

use leptos::prelude::*;
use leptos_router::components::{Outlet, ParentRoute, Redirect, Route, Router, Routes};
use leptos_router::path;

use crate::api;
use crate::chunks;
use crate::components::{ErrorPanel, NoticeRegion, Notices};
use crate::navigation::{FocusOnArrival, ListLocation, SkipLink};
use crate::pages::{Connect, Header, NotFound, SandboxList};
use crate::session::{connect_url, current_location, use_client, use_session, Session};

#[component]
pub fn App() -> impl IntoView {
    provide_context(Session::new());
    provide_context(Notices::new());
    provide_context(ListLocation::new());
    // Above the pages: a 401 part-way through a run leaves it to resume.
    provide_context(crate::bulk::BulkRun::new());
    chunks::prefetch_on_link_intent();
    view! {
        <Router>
            <SkipLink />
            <Header />
            <FocusOnArrival />
            <main id="main" tabindex="-1">
                <Routes fallback=NotFound>
                    <Route path=path!("/") view=|| view! { <Redirect path="/sandboxes" /> } />
                    <Route path=path!("/connect") view=Connect />
                    <ParentRoute path=path!("") view=RequireSession>
                        <Route path=path!("/sandboxes") view=SandboxList />
                        <Route path=path!("/activity") view=chunks::activity_page />
                        <Route path=path!("/sandboxes/new") view=chunks::create />
                        <ParentRoute path=path!("/sandboxes/:sandbox_id") view=chunks::detail>
                            <Route path=path!("") view=chunks::overview />
                            <Route path=path!("members") view=chunks::members />
                            <Route path=path!("apps") view=chunks::apps />
                            <Route path=path!("sources") view=chunks::sources />
                            <Route path=path!("sources/new") view=chunks::register_source />
                            <Route path=path!("activity") view=chunks::activity />
                        </ParentRoute>
                    </ParentRoute>
                </Routes>
            </main>
            <NoticeRegion />
        </Router>
    }
}

/// Wraps every page that needs a signed-in caller: without credentials
/// (never given, signed out, or refused with a 401) it sends the user to
/// Connect, remembering where they were; with them it loads `/me` once.
#[component]
fn RequireSession() -> impl IntoView {
    let session = use_session();
    let client = use_client();
    let me_error = RwSignal::new(None::<api::ApiError>);
    let load_me = move || {
        let client = client.clone();
        leptos::task::spawn_local(async move {
            match api::me::get(&client).await {
                Ok(me) => {
                    me_error.set(None);
                    session.me.set(Some(me));
                }
                Err(error) => me_error.set(Some(error)),
            }
        });
    };
    if session.credentials.with_untracked(Option::is_some)
        && session.me.with_untracked(Option::is_none)
    {
        load_me();
    }
    let retry = Callback::new(move |()| load_me());
    view! {
        <Show
            when=move || session.credentials.with(Option::is_some)
            fallback=|| view! { <Redirect path=connect_url(&current_location()) /> }
        >
            {move || me_error.get().map(|error| view! { <ErrorPanel error on_retry=retry /> })}
            // Made anew for another demo identity or after a demo reset, so
            // every page loads again with the credentials of now.
            {move || {
                session.reloads.track();
                view! { <Outlet /> }
            }}
        </Show>
    }
}
