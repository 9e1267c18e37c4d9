//! The loader's early reads: public/billing-upgrade.js sends the page's first two reads
//! (the account and the catalog) while the wasm still downloads and compiles, and hands
//! their pending answers to `mount`. Each is taken once, as the first attempt of the same
//! read ([`super::http`]): a failure or a timeout is that attempt's, and a retry is sent
//! by the page as usual.

use std::cell::RefCell;
use std::rc::Rc;

use futures_util::future::{select, Either};
use send_wrapper::SendWrapper;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

use super::ApiError;

/// The early reads not yet taken, by the URL they were sent to (`{base}/v1{path}`, the
/// same string the page's client builds).
/// (Wrapped to sit in the page's `Send` state: the wasm has one thread.)
#[derive(Clone)]
pub struct EarlyReads(SendWrapper<Rc<RefCell<Vec<EarlyRead>>>>);

/// One early read: its URL and its pending `Response`.
type EarlyRead = (String, js_sys::Promise);

impl Default for EarlyReads {
    fn default() -> Self {
        Self(SendWrapper::new(Rc::default()))
    }
}

impl EarlyReads {
    /// Reads the loader's `{url: Promise<Response>}` object; anything else is no reads.
    pub fn from_js(value: &JsValue) -> Self {
        let reads = if value.is_object() {
            js_sys::Object::entries(value.unchecked_ref())
                .iter()
                .filter_map(|entry| {
                    let pair: js_sys::Array = entry.unchecked_into();
                    let url = pair.get(0).as_string()?;
                    let promise = pair.get(1).dyn_into::<js_sys::Promise>().ok()?;
                    Some((url, promise))
                })
                .collect()
        } else {
            Vec::new()
        };
        Self(SendWrapper::new(Rc::new(RefCell::new(reads))))
    }

    /// The early read sent to `url`, once: the next read of it goes to the network.
    pub fn take(&self, url: &str) -> Option<js_sys::Promise> {
        let mut reads = self.0.borrow_mut();
        let at = reads.iter().position(|(u, _)| u == url)?;
        Some(reads.swap_remove(at).1)
    }

    /// Its answer, waited for as long as a request of the page's own would be.
    pub async fn answer(
        promise: js_sys::Promise,
        timeout_ms: u32,
    ) -> Result<web_sys::Response, ApiError> {
        let timeout = gloo_timers::future::TimeoutFuture::new(timeout_ms);
        match select(JsFuture::from(promise), timeout).await {
            Either::Left((Ok(response), _)) => response
                .dyn_into()
                .map_err(|_| ApiError::Network("the early read gave no response".into())),
            Either::Left((Err(e), _)) => Err(ApiError::Network(
                e.as_string()
                    .or_else(|| {
                        e.dyn_ref::<js_sys::Error>()
                            .map(|e| String::from(e.message()))
                    })
                    .unwrap_or_else(|| "the request failed".into()),
            )),
            Either::Right(_) => Err(ApiError::Timeout),
        }
    }
}

impl PartialEq for EarlyReads {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&*self.0, &*other.0)
    }
}

impl std::fmt::Debug for EarlyReads {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "EarlyReads({})", self.0.borrow().len())
    }
}
