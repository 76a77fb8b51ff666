//! The smallest app with the console's first-load shape: a router, a page
//! that fetches JSON rows with a query from the URL, and a filterable table.
use leptos::prelude::*;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::hooks::use_query_map;
use leptos_router::path;
use serde::Deserialize;
use wasm_bindgen::prelude::*;

#[derive(Clone, Deserialize)]
struct Row {
    sandbox_id: String,
    name: String,
    owner_id: String,
    status: String,
    created_at: String,
}

#[derive(Clone, Deserialize)]
struct Page {
    data: Vec<Row>,
}

async fn fetch_rows(owner: String) -> Result<Vec<Row>, String> {
    let response = gloo_net::http::Request::get("/api/v1/storage/sandboxes")
        .query([("owner_id", owner)])
        .header("Authorization", "Bearer x")
        .send()
        .await
        .map_err(|e| e.to_string())?;
    let page: Page = response.json().await.map_err(|e| e.to_string())?;
    Ok(page.data)
}

#[component]
fn List() -> impl IntoView {
    let query = use_query_map();
    let filter = RwSignal::new(String::new());
    let rows =
        LocalResource::new(move || fetch_rows(query.get().get("owner_id").unwrap_or_default()));
    view! {
        <input prop:value=filter on:input=move |ev| filter.set(event_target_value(&ev)) />
        <Suspense fallback=|| {
            "Loading"
        }>
            {move || {
                rows
                    .get()
                    .map(|r| match r {
                        Ok(rows) => {
                            view! {
                                <table>
                                    <tbody>
                                        <For
                                            each=move || {
                                                rows
                                                    .clone()
                                                    .into_iter()
                                                    .filter(move |r| r.name.contains(&filter.get()))
                                            }
                                            key=|r| r.sandbox_id.clone()
                                            let:row
                                        >
                                            <tr>
                                                <td>
                                                    <a href=format!(
                                                        "/sandboxes/{}",
                                                        row.sandbox_id,
                                                    )>{row.name}</a>
                                                </td>
                                                <td>{row.owner_id}</td>
                                                <td>{row.status}</td>
                                                <td>{row.created_at}</td>
                                            </tr>
                                        </For>
                                    </tbody>
                                </table>
                            }
                                .into_any()
                        }
                        Err(e) => view! { <p role="alert">{e}</p> }.into_any(),
                    })
            }}
        </Suspense>
    }
}

#[wasm_bindgen(start)]
pub fn main() {
    mount_to_body(|| {
        view! {
            <Router>
                <Routes fallback=|| "Not found">
                    <Route path=path!("/") view=List />
                    <Route path=path!("/sandboxes") view=List />
                </Routes>
            </Router>
        }
    });
}
