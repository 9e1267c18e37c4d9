//! Standalone page entry (Trunk): mounts the app into `#billing-upgrade`.

fn main() {
    billing_upgrade::start();
}
