//! Entry point: mounts the console, with the one listener that must come
//! before the router's (Back and Forward past the one-time secret).

fn main() {
    console_error_panic_hook::set_once();
    sandbox_console::components::leave_guard::listen_before_the_router();
    leptos::mount::mount_to_body(sandbox_console::App);
}
