//! The routes whose code is not in the first module: each page below is a
//! split point, so the release build (`cargo xtask`'s split pipeline, with
//! `--cfg wasm_split`) moves it into its own wasm chunk, fetched when the
//! route is first shown or when a link to it is hovered or focused.
//!
//! Without `--cfg wasm_split` (Trunk, the browser tests) the routes render
//! their pages directly: a split point in a build that is not split would
//! import a loader module that does not exist.

use std::future::Future;

use leptos::prelude::*;
use leptos::wasm_split::SplitLoaderError;
use wasm_bindgen::JsCast;

#[cfg(wasm_split)]
use leptos::wasm_split::wasm_split;

#[cfg(wasm_split)]
pub(crate) use self::lazy_page::LazyPage;
use crate::pages::{
    ActivityPage, ActivityTab, AppsTab, CreateSandboxPage, MembersTab, RegisterSourcePage,
    SandboxDetail, SandboxOverview, SourcesTab,
};

/// One lazy route: `$route` is the route's view and `$preload` fetches its
/// chunk; in the split build `$load` renders `$page` from that chunk. The
/// build that is not split renders `$page` at once, as it did before.
macro_rules! lazy_route {
    ($route:ident, $load:ident, $preload:ident, $page:ident) => {
        #[cfg(wasm_split)]
        #[wasm_split($load, wasm_split_path = ::leptos::wasm_split, fallible, preload($preload))]
        fn $load() -> Result<AnyView, SplitLoaderError> {
            Ok(view! { <$page/> }.into_any())
        }

        /// The route's view, its code fetched on first use.
        #[cfg(wasm_split)]
        pub fn $route() -> impl IntoView {
            view! { <LazyPage load=|| Box::pin($load())/> }
        }

        #[cfg(not(wasm_split))]
        pub fn $route() -> impl IntoView {
            view! { <$page/> }
        }

        #[cfg(not(wasm_split))]
        async fn $preload() -> Result<(), SplitLoaderError> {
            Ok(())
        }
    };
}

/// A lazy part of a page: like `lazy_route!`, for a component without
/// props (it reads what it needs from the context its caller provides).
/// `$view` renders it, `$preload` fetches its chunk ahead of use; both are
/// `pub(crate)`. Invoked where the component is visible.
macro_rules! lazy_part {
    ($view:ident, $load:ident, $preload:ident, $part:ident) => {
        #[cfg(wasm_split)]
        #[::leptos::wasm_split::wasm_split(
            $load,
            wasm_split_path = ::leptos::wasm_split,
            fallible,
            preload($preload)
        )]
        pub(crate) fn $load() -> ::std::result::Result<
            ::leptos::prelude::AnyView,
            ::leptos::wasm_split::SplitLoaderError,
        > {
            use ::leptos::prelude::*;
            Ok(view! { <$part/> }.into_any())
        }

        /// The part's view, its code fetched on first use.
        #[cfg(wasm_split)]
        pub(crate) fn $view() -> impl ::leptos::prelude::IntoView {
            use ::leptos::prelude::*;
            use $crate::chunks::LazyPage;
            view! { <LazyPage load=|| Box::pin($load())/> }
        }

        #[cfg(not(wasm_split))]
        pub(crate) fn $view() -> impl ::leptos::prelude::IntoView {
            use ::leptos::prelude::*;
            view! { <$part/> }
        }

        #[cfg(not(wasm_split))]
        pub(crate) async fn $preload(
        ) -> ::std::result::Result<(), ::leptos::wasm_split::SplitLoaderError> {
            Ok(())
        }
    };
}
pub(crate) use lazy_part;

lazy_route!(detail, load_detail, preload_detail, SandboxDetail);
lazy_route!(overview, load_overview, preload_overview, SandboxOverview);
lazy_route!(members, load_members, preload_members, MembersTab);
lazy_route!(apps, load_apps, preload_apps, AppsTab);
lazy_route!(sources, load_sources, preload_sources, SourcesTab);
lazy_route!(activity, load_activity, preload_activity, ActivityTab);
lazy_route!(
    activity_page,
    load_activity_page,
    preload_activity_page,
    ActivityPage
);
lazy_route!(
    register_source,
    load_register_source,
    preload_register_source,
    RegisterSourcePage
);
lazy_route!(create, load_create, preload_create, CreateSandboxPage);

#[cfg(wasm_split)]
mod lazy_page {
    use std::future::Future;
    use std::pin::Pin;

    use leptos::prelude::*;
    use leptos::wasm_split::SplitLoaderError;
    use send_wrapper::SendWrapper;

    use crate::api::ApiError;
    use crate::components::ErrorPanel;

    pub type ChunkLoad = Pin<Box<dyn Future<Output = Result<AnyView, SplitLoaderError>>>>;

    /// A lazy page in its place: nothing while its chunk loads, then the page;
    /// if the chunk cannot be fetched (server gone, a redeploy removed it), an
    /// error with a retry instead of a panic, which would stop the whole app.
    /// A failed load is not remembered, so Retry or a later visit fetches again.
    #[component]
    pub fn LazyPage(load: fn() -> ChunkLoad) -> impl IntoView {
        let attempt = RwSignal::new(0_u32);
        let retry = Callback::new(move |()| attempt.update(|count| *count += 1));
        move || {
            attempt.track();
            Suspend::new(SendWrapper::new(async move {
                match load().await {
                    Ok(page) => page,
                    Err(_) => {
                        let error = ApiError::Network(
                            "This page could not be loaded: check the connection, then try again."
                                .to_owned(),
                        );
                        view! { <ErrorPanel error on_retry=retry /> }.into_any()
                    }
                }
            }))
        }
    }
}

/// Fetches the chunks a link's path will need, so that following the link
/// does not wait for them. Paths that are not lazy routes are ignored; a
/// failed fetch is tried again when the route is shown.
pub fn prefetch_for(path: &str) {
    let segments: Vec<&str> = path.trim_matches('/').split('/').collect();
    let tab = match segments.as_slice() {
        ["sandboxes", "new"] => return prefetch(preload_create()),
        ["activity"] => return prefetch(preload_activity_page()),
        ["sandboxes", _, tab @ ..] => tab,
        _ => return,
    };
    prefetch(preload_detail());
    match tab {
        [] => prefetch(preload_overview()),
        ["members"] => prefetch(preload_members()),
        ["apps"] => prefetch(preload_apps()),
        ["sources"] => prefetch(preload_sources()),
        ["activity"] => prefetch(preload_activity()),
        ["sources", "new"] => prefetch(preload_register_source()),
        _ => {}
    }
}

pub(crate) fn prefetch(chunk: impl Future<Output = Result<(), SplitLoaderError>> + 'static) {
    leptos::task::spawn_local(async move {
        let _ = chunk.await;
    });
}

/// Prefetches on hover and keyboard focus of any link, with one listener
/// each on the window rather than one per link (the list has 50 rows).
pub fn prefetch_on_link_intent() {
    let on_intent = |event: web_sys::Event| {
        let link = event
            .target()
            .and_then(|target| target.dyn_into::<web_sys::Element>().ok())
            .and_then(|element| element.closest("a[href]").ok().flatten());
        if let Some(link) = link.and_then(|link| link.dyn_into::<web_sys::HtmlAnchorElement>().ok())
        {
            prefetch_for(&link.pathname());
        }
    };
    window_event_listener(leptos::ev::pointerover, move |event| {
        on_intent(event.into())
    });
    window_event_listener(leptos::ev::focusin, move |event| on_intent(event.into()));
}
