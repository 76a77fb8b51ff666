//! Previous/next paging over a list whose total is known.

use leptos::prelude::*;

/// How many pages `total` items fill (at least one, so "page 1 of 1" holds for none).
pub fn page_count(total: u64, page_size: u64) -> u64 {
    total.div_ceil(page_size.max(1)).max(1)
}

/// "Showing 51–100 of 134" for 1-based `page`; "Nothing to show" when the page is past the end.
pub fn range_text(page: u64, page_size: u64, total: u64) -> String {
    let first = (page.max(1) - 1) * page_size + 1;
    if total == 0 || first > total {
        return format!(
            "Nothing to show on page {page} of {}",
            page_count(total, page_size)
        );
    }
    let last = (first + page_size - 1).min(total);
    format!("Showing {first}–{last} of {total}")
}

/// "Showing 51–100 of 134 · page 2 of 3": the range and, past one page, where it is.
pub fn position_text(page: u64, page_size: u64, total: u64) -> String {
    let pages = page_count(total, page_size);
    let range = range_text(page, page_size, total);
    if pages > 1 {
        format!("{range} \u{b7} page {page} of {pages}")
    } else {
        range
    }
}

/// A link to page `target`, or, when `enabled` is false, no link at all:
/// nothing to focus or activate, but still visible for orientation.
/// `data-noscroll`: the router keeps the page in its place, and the list moves the focus to
/// the top of its table.
fn page_link(
    href: Callback<u64, String>,
    target: u64,
    label: &'static str,
    rel: &'static str,
    enabled: bool,
) -> AnyView {
    if enabled {
        view! {
            <a class="button" href=href.run(target) rel=rel data-noscroll="">
                {label}
            </a>
        }
        .into_any()
    } else {
        view! {
            <span class="button" aria-disabled="true">
                {label}
            </span>
        }
        .into_any()
    }
}

/// The range shown and links to the previous and next pages. The links are
/// real links (`href` gives each page's URL), so paging is part of history.
/// `top`: the links alone, above a table whose heading says the range, so
/// the next page is a few Tab presses away and not past every row.
#[component]
pub fn Pager(
    /// 1-based.
    page: u64,
    page_size: u64,
    total: u64,
    /// The URL of a page.
    #[prop(into)]
    href: Callback<u64, String>,
    #[prop(optional)] top: bool,
) -> impl IntoView {
    let pages = page_count(total, page_size);
    let previous = page_link(
        href,
        page.saturating_sub(1).max(1),
        "Previous",
        "prev",
        page > 1,
    );
    let next = page_link(href, page + 1, "Next", "next", page < pages);
    if top {
        return view! {
            <nav
                class="pager pager-top"
                aria-label="Pages, above the table"
                data-testid="pager-top"
            >
                {previous}
                {next}
            </nav>
        }
        .into_any();
    }
    view! {
        <nav class="pager" aria-label="Pages" data-testid="pager">
            {previous}
            <span class="pager-range" aria-live="polite">
                {position_text(page, page_size, total)}
            </span>
            {next}
        </nav>
    }
    .into_any()
}
