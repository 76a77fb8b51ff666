//! `/sandboxes/new`: the create form's logic (metadata rows, errors at
//! their fields, the idempotency key, drafts) and the mounted page against
//! a scripted API, which records what would reach it.

mod logic;
mod page;
