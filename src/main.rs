//! Entry point: mounts the console and nothing else.

fn main() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(sandbox_console::App);
}
