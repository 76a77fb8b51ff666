//! The list's state lives in the URL: `ListState` and the API's list query
//! to and from query strings, bad values explained, paging and page size.

use sandbox_api::{decode_query_string, SandboxListQuery, SandboxSort, SandboxStatus, Tier};
use sandbox_console::pages::ListState;
use wasm_bindgen_test::*;

#[wasm_bindgen_test]
fn list_queries_round_trip_through_their_query_string() {
    let queries = [
        SandboxListQuery::default(),
        SandboxListQuery {
            owner_id: Some("cust 4711/&=?#".into()),
            user_id: Some("acct_demo_acme".into()),
            status: Some(SandboxStatus::Active),
            tier: Some(Tier::Enterprise),
            q: Some("ünïcödé <b>".into()),
            sort: SandboxSort::NameDesc,
            limit: 200,
            offset: 400,
            ..Default::default()
        },
        SandboxListQuery {
            sort: SandboxSort::Status,
            offset: 50,
            ..Default::default()
        },
    ];
    for query in queries {
        let text = query.to_query_string();
        assert!(
            !text.contains(' ') && !text.contains('#') && !text.contains('<'),
            "{text}"
        );
        assert_eq!(
            SandboxListQuery::from_pairs(&decode_query_string(&text)).unwrap(),
            query,
            "{text}"
        );
    }
}

#[wasm_bindgen_test]
fn list_urls_round_trip_and_map_pages_to_offsets() {
    let url = "/sandboxes?owner_id=cust_4711&status=active&sort=name&page=2";
    let state = ListState::from_pairs(&decode_query_string(url.split_once('?').unwrap().1));
    assert!(state.problems.is_empty(), "{:?}", state.problems);
    assert_eq!(state.page, 2);
    assert_eq!(state.query.owner_id.as_deref(), Some("cust_4711"));
    assert_eq!(state.to_url(), url);
    let api_query = state.api_query();
    assert_eq!((api_query.limit, api_query.offset), (50, 50));
    assert_eq!(
        api_query.to_query_string(),
        "owner_id=cust_4711&status=active&sort=name&offset=50"
    );
    assert_eq!(ListState::from_pairs(&[]).to_url(), "/sandboxes");
    assert_eq!(ListState::from_pairs(&[]).api_query().offset, 0);
}

#[wasm_bindgen_test]
fn bad_url_values_fall_back_to_defaults_with_a_reason() {
    let state = ListState::from_pairs(&decode_query_string(
        "status=bogus&page=-3&owner_id=cust_4711&tier=gold&sort=size",
    ));
    assert_eq!(state.query.status, None);
    assert_eq!(state.query.tier, None);
    assert_eq!(state.query.sort, SandboxSort::CreatedAtDesc);
    assert_eq!(state.page, 1);
    // What was fine stays.
    assert_eq!(state.query.owner_id.as_deref(), Some("cust_4711"));
    assert_eq!(state.problems.len(), 4, "{:?}", state.problems);
    assert!(
        state
            .problems
            .iter()
            .any(|p| p.contains("status=\"bogus\"") && p.contains("'active'")),
        "{:?}",
        state.problems
    );
    assert!(
        state.problems.iter().any(|p| p.starts_with("page=\"-3\"")),
        "{:?}",
        state.problems
    );
    assert_eq!(state.to_url(), "/sandboxes?owner_id=cust_4711");
    assert_eq!(
        ListState::from_pairs(&decode_query_string("page=0")).page,
        1
    );
    assert_eq!(
        ListState::from_pairs(&decode_query_string("page=abc"))
            .problems
            .len(),
        1
    );
    // The API's own paging parameters are not the console's: ignored, not obeyed.
    assert_eq!(
        ListState::from_pairs(&decode_query_string("limit=5&offset=7"))
            .api_query()
            .offset,
        0
    );
}

#[wasm_bindgen_test]
fn changing_a_filter_or_sort_goes_back_to_page_one() {
    let state = ListState::from_pairs(&decode_query_string("owner_id=cust_4711&page=3"));
    let sorted = state.changed(|query| query.sort = SandboxSort::Name);
    assert_eq!(sorted.to_url(), "/sandboxes?owner_id=cust_4711&sort=name");
    assert_eq!(
        state.at_page(2).to_url(),
        "/sandboxes?owner_id=cust_4711&page=2"
    );
    assert_eq!(state.at_page(0).page, 1);
}

#[wasm_bindgen_test]
fn list_state_names_the_owner_when_empty() {
    let state = |query: &str| {
        let pairs: Vec<(String, String)> = query
            .split('&')
            .filter_map(|pair| pair.split_once('='))
            .map(|(name, value)| (name.to_owned(), value.to_owned()))
            .collect();
        ListState::from_pairs(&pairs)
    };
    assert_eq!(
        state("owner_id=cust_4711").empty_message(),
        "No sandboxes for owner cust_4711."
    );
    assert_eq!(
        state("owner_id=cust_4711&status=failed").empty_message(),
        "No sandboxes for owner cust_4711 match these filters."
    );
    assert_eq!(
        state("tier=pro").empty_message(),
        "No sandboxes match these filters."
    );
    assert_eq!(
        state("sort=name").empty_message(),
        "There are no sandboxes yet."
    );
    assert!(!state("sort=name&page=2").has_filters());
}

#[wasm_bindgen_test]
fn list_state_keeps_the_page_size_in_the_url() {
    let state = |pairs: &[(&str, &str)]| {
        ListState::from_pairs(
            &pairs
                .iter()
                .map(|(name, value)| (name.to_string(), value.to_string()))
                .collect::<Vec<_>>(),
        )
    };
    let sized = state(&[("owner_id", "cust_4711"), ("limit", "200"), ("page", "3")]);
    assert_eq!(
        (sized.api_query().limit, sized.api_query().offset),
        (200, 400)
    );
    assert_eq!(
        sized.to_url(),
        "/sandboxes?owner_id=cust_4711&limit=200&page=3"
    );
    // Another size keeps the first row shown (row 401) in view: page 9 of 50 rows.
    let resized = sized.with_page_size(50);
    assert_eq!(
        (resized.page, resized.to_url()),
        (9, "/sandboxes?owner_id=cust_4711&page=9".to_owned())
    );
    // A filter change goes back to page 1 but keeps the size.
    assert_eq!(
        sized.changed(|query| query.q = Some("eu".into())).to_url(),
        "/sandboxes?owner_id=cust_4711&q=eu&limit=200"
    );
    // A size the API refuses falls back to the default, said in words.
    let refused = state(&[("limit", "500")]);
    assert_eq!(refused.api_query().limit, 50);
    assert_eq!(
        refused.problems,
        ["limit=\"500\" was ignored: Input should be less than or equal to 200."]
    );
}
