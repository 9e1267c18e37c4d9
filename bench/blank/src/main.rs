//! A blank Leptos 0.8 CSR page: one line of text, nothing else. `cargo xtask bench` builds
//! it with the page's profile and flags so that its size is the floor the page is read
//! against.

use leptos::prelude::*;

fn main() {
    mount_to_body(|| view! { <p id="blank">"Hello from a blank Leptos page"</p> });
}
