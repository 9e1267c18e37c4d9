//! The loader's early reads: public/billing-upgrade.js sends the page's first two reads
//! (the account and the catalog) while the wasm still downloads and compiles, reads each
//! answer whole as it arrives, and hands them to `mount`. Each is taken once, as the first
//! attempt of the same read ([`super::http`]): a failure or a timeout is that attempt's, and
//! a retry is sent by the page as usual. An answer the loader already holds is taken at
//! once, in the task that mounts the page: the page renders its data before the browser
//! paints a loading state, with no round of the event loop between.

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

/// One early read: its URL and the loader's pending answer.
type EarlyRead = (String, js_sys::Promise);

/// An answer as the loader read it: the status, its `Retry-After` and the whole body.
pub struct EarlyAnswer {
    pub status: u16,
    pub retry_after: Option<String>,
    pub text: String,
}

impl Default for EarlyReads {
    fn default() -> Self {
        Self(SendWrapper::new(Rc::default()))
    }
}

impl EarlyReads {
    /// Reads the loader's `{url: Promise<{status, retryAfter, text}>}` object; anything
    /// else is no reads.
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

    /// Its answer, waited for as long as a request of the page's own would be. One the
    /// loader already holds comes in a microtask, in the task that mounts the page.
    pub async fn answer(
        promise: js_sys::Promise,
        timeout_ms: u32,
    ) -> Result<EarlyAnswer, ApiError> {
        let timeout = gloo_timers::future::TimeoutFuture::new(timeout_ms);
        match select(JsFuture::from(promise), timeout).await {
            Either::Left((Ok(value), _)) => answer_of(&value),
            Either::Left((Err(e), _)) => Err(failure(&e)),
            Either::Right(_) => Err(ApiError::Timeout),
        }
    }
}

/// `object[name]`, or `undefined`.
fn field(object: &JsValue, name: &str) -> JsValue {
    js_sys::Reflect::get(object, &JsValue::from_str(name)).unwrap_or(JsValue::UNDEFINED)
}

/// The loader's `{ status, retryAfter, text }`.
fn answer_of(value: &JsValue) -> Result<EarlyAnswer, ApiError> {
    let status = field(value, "status").as_f64().ok_or_else(no_answer)?;
    let text = field(value, "text").as_string().ok_or_else(no_answer)?;
    Ok(EarlyAnswer {
        status: status as u16,
        retry_after: field(value, "retryAfter").as_string(),
        text,
    })
}

fn no_answer() -> ApiError {
    ApiError::Network("the early read gave no response".into())
}

/// A failed fetch or body read, as the browser gave it.
fn failure(error: &JsValue) -> ApiError {
    ApiError::Network(
        error
            .as_string()
            .or_else(|| {
                error
                    .dyn_ref::<js_sys::Error>()
                    .map(|e| String::from(e.message()))
            })
            .unwrap_or_else(|| "the request failed".into()),
    )
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
