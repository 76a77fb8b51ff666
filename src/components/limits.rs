//! Explaining a tier's quota when the API refuses an addition with 409.

use leptos::prelude::*;
use sandbox_api::Sandbox;

use crate::current_sandbox::use_current_sandbox;

/// What a tier limits by count.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Quota {
    Members,
    Sources,
}

impl Quota {
    fn limit(self, sandbox: &Sandbox) -> Option<u32> {
        match self {
            Quota::Members => sandbox.limits.max_members,
            Quota::Sources => sandbox.limits.max_sources,
        }
    }

    fn plural(self) -> &'static str {
        match self {
            Quota::Members => "members",
            Quota::Sources => "data sources",
        }
    }

    fn remedy(self) -> &'static str {
        match self {
            Quota::Members => "Remove someone or move to a bigger tier.",
            Quota::Sources => "Delete one or move to a bigger tier.",
        }
    }

    /// Whether adding `adding` more to the `now` there are would pass the limit.
    pub fn would_exceed(self, sandbox: &Sandbox, now: usize, adding: usize) -> bool {
        self.limit(sandbox)
            .is_some_and(|limit| now + adding > limit as usize)
    }
}

/// "2 of 3 data sources used (free tier)." or, without a limit,
/// "40 members (enterprise tier: no limit)."
pub fn usage_text(sandbox: &Sandbox, quota: Quota, now: usize) -> String {
    match quota.limit(sandbox) {
        Some(limit) => format!(
            "{now} of {limit} {} used ({} tier).",
            quota.plural(),
            sandbox.tier
        ),
        None => format!(
            "{now} {} ({} tier: no limit).",
            quota.plural(),
            sandbox.tier
        ),
    }
}

/// "This free sandbox allows at most 5 members (5 now). Remove someone or
/// move to a bigger tier." — with "Adding these 3 would make 7." when more
/// than one was being added. `None` when the tier has no such limit (then
/// the 409 was about something else and the server's words are better).
pub fn limit_explanation(
    sandbox: &Sandbox,
    quota: Quota,
    now: usize,
    adding: usize,
) -> Option<String> {
    let limit = quota.limit(sandbox)?;
    let mut text = format!(
        "This {} sandbox allows at most {limit} {} ({now} now). {}",
        sandbox.tier,
        quota.plural(),
        quota.remedy()
    );
    if adding > 1 {
        text.push_str(&format!(
            " Adding these {adding} would make {}.",
            now + adding
        ));
    }
    Some(text)
}

/// The detail page's sandbox's usage of `quota`, as a muted line; nothing
/// until both the sandbox and the `count` are known.
#[component]
pub fn QuotaUsage(
    quota: Quota,
    #[prop(into)] count: Signal<Option<usize>>,
    testid: &'static str,
) -> impl IntoView {
    let current = use_current_sandbox();
    let text = move || {
        let count = count.get()?;
        current.sandbox.with(|sandbox| {
            sandbox
                .as_ref()
                .map(|sandbox| usage_text(sandbox, quota, count))
        })
    };
    view! {
        <p class="muted quota-usage" data-testid=testid>
            {text}
        </p>
    }
}
