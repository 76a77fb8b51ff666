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

/// The range shown and links to the previous and next pages. The links are
/// real links (`href` gives each page's URL), so paging is part of history.
#[component]
pub fn Pager(
    /// 1-based.
    page: u64,
    page_size: u64,
    total: u64,
    /// The URL of a page.
    #[prop(into)]
    href: Callback<u64, String>,
) -> impl IntoView {
    let pages = page_count(total, page_size);
    let link = move |target: u64, label: &'static str, rel: &'static str, enabled: bool| {
        if enabled {
            view! { <a class="button" href=href.run(target) rel=rel>{label}</a> }.into_any()
        } else {
            // Not a link at all: nothing to focus or activate, but still visible for orientation.
            view! { <span class="button" aria-disabled="true">{label}</span> }.into_any()
        }
    };
    view! {
        <nav class="pager" aria-label="Pages" data-testid="pager">
            {link(page.saturating_sub(1).max(1), "Previous", "prev", page > 1)}
            <span class="pager-range" aria-live="polite">
                {range_text(page, page_size, total)}
                {(pages > 1).then(|| format!(" · page {page} of {pages}"))}
            </span>
            {link(page + 1, "Next", "next", page < pages)}
        </nav>
    }
}
