//! The payment provider adapter the host passes (`paymentProvider`, README → Embedding):
//! the one seam between the page and a provider. The page owns the dialog, the buttons,
//! the errors and the states; the adapter owns the card fields (in its own frame) and the
//! issuer's challenge. Every call is a promise; whatever an adapter answers or throws
//! becomes a [`ProviderError`], never a panic.

use api_types::NextAction;
use pricing::json::{FromJson, Json, ToJson};
use pricing::PaymentMethod;
use send_wrapper::SendWrapper;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

/// The four functions every adapter has.
const FUNCTIONS: [&str; 4] = ["mount", "tokenize", "authenticate", "unmount"];

/// What the adapter's `tokenize` gave: a token for `PUT /payment-method` and the card it
/// stands for (never the number).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Tokenized {
    /// The provider's token.
    pub token: String,
    /// Brand, last 4 and expiry.
    pub card: PaymentMethod,
}

/// Why a provider call did not give what was asked.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProviderError {
    /// The adapter's code (`validation_error`, `authentication_failed`, …), or the page's
    /// own `adapter_failed` when the adapter threw or answered something unreadable.
    pub code: String,
    /// The adapter's explanation (for the console; the page shows its own words; may be
    /// absent).
    pub message: String,
}

impl FromJson for Tokenized {
    fn from_json(json: &Json) -> Result<Self, String> {
        let f = json.fields()?;
        Ok(Tokenized {
            token: f.req("token")?,
            card: f.req("card")?,
        })
    }
}

impl FromJson for ProviderError {
    fn from_json(json: &Json) -> Result<Self, String> {
        let f = json.fields()?;
        Ok(ProviderError {
            code: f.req("code")?,
            message: f.or_default("message")?,
        })
    }
}

impl ProviderError {
    fn adapter(message: impl Into<String>) -> Self {
        Self {
            code: "adapter_failed".into(),
            message: message.into(),
        }
    }

    /// The fields said what is wrong beside each field (the customer fixes them).
    pub fn is_validation(&self) -> bool {
        self.code == "validation_error"
    }

    /// The customer did not finish (or closed) the issuer's challenge.
    pub fn is_abandoned(&self) -> bool {
        self.code == "authentication_abandoned"
    }
}

/// What `authenticate` resolves to: `{ok: true}` once the customer completed it.
struct Authenticated {
    ok: bool,
}

impl FromJson for Authenticated {
    fn from_json(json: &Json) -> Result<Self, String> {
        Ok(Authenticated {
            ok: json.fields()?.req("ok")?,
        })
    }
}

/// The host's adapter (a JS object with the four functions).
#[derive(Clone)]
pub struct PaymentProvider(SendWrapper<JsValue>);

impl std::fmt::Debug for PaymentProvider {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("PaymentProvider")
    }
}

impl PartialEq for PaymentProvider {
    fn eq(&self, other: &Self) -> bool {
        *self.0 == *other.0
    }
}

impl PaymentProvider {
    /// The adapter in `value`, if it is an object with the four functions; anything else
    /// is no adapter (the card dialog says so).
    pub fn from_js(value: JsValue) -> Option<Self> {
        let complete = value.is_object()
            && FUNCTIONS.iter().all(|name| {
                js_sys::Reflect::get(&value, &JsValue::from_str(name))
                    .is_ok_and(|f| f.is_function())
            });
        complete.then(|| Self(SendWrapper::new(value)))
    }

    /// Calls `name(args…)` and waits for its promise (a plain value counts as resolved).
    async fn call(&self, name: &str, args: &[JsValue]) -> Result<JsValue, ProviderError> {
        let object: &JsValue = &self.0;
        let function: js_sys::Function = js_sys::Reflect::get(object, &JsValue::from_str(name))
            .ok()
            .and_then(|f| f.dyn_into().ok())
            .ok_or_else(|| ProviderError::adapter(format!("the adapter has no {name}()")))?;
        let list: js_sys::Array = args.iter().collect();
        let returned = function
            .apply(object, &list)
            .map_err(|e| ProviderError::adapter(describe(&e)))?;
        let promise = js_sys::Promise::resolve(&returned);
        JsFuture::from(promise)
            .await
            .map_err(|e| ProviderError::adapter(describe(&e)))
    }

    fn read(value: &JsValue) -> Result<Json, ProviderError> {
        let json = js_sys::JSON::stringify(value)
            .ok()
            .and_then(|s| s.as_string())
            .ok_or_else(|| ProviderError::adapter("the adapter's answer is not JSON"))?;
        Json::parse(&json).map_err(ProviderError::adapter)
    }

    /// The adapter's answer: `{error: {code, message}}` is a refusal; anything else is
    /// read as `T` (an `error` that is no error object is not a refusal, as before).
    fn answer<T: FromJson>(value: &JsValue) -> Result<T, ProviderError> {
        let json = Self::read(value)?;
        let refusal = json.fields().ok().and_then(|f| f.get("error"));
        if let Some(error) = refusal.and_then(|e| ProviderError::from_json(e).ok()) {
            return Err(error);
        }
        T::from_json(&json).map_err(ProviderError::adapter)
    }

    /// `mount(container, {locale, theme})`: the card fields into `container`.
    pub async fn mount(
        &self,
        container: &web_sys::Element,
        locale: &str,
        theme: Option<&str>,
    ) -> Result<(), ProviderError> {
        let options = js_sys::Object::new();
        let _ = js_sys::Reflect::set(&options, &"locale".into(), &locale.into());
        if let Some(theme) = theme {
            let _ = js_sys::Reflect::set(&options, &"theme".into(), &theme.into());
        }
        self.call("mount", &[container.clone().into(), options.into()])
            .await
            .map(|_| ())
    }

    /// `tokenize()`: a token and its card, or why not.
    pub async fn tokenize(&self) -> Result<Tokenized, ProviderError> {
        let answer = self.call("tokenize", &[]).await?;
        Self::answer(&answer)
    }

    /// `authenticate(action, {container, locale})`: the issuer's challenge, shown in
    /// `container`; `Ok` once the customer completed it.
    pub async fn authenticate(
        &self,
        action: &NextAction,
        container: &web_sys::Element,
        locale: &str,
    ) -> Result<(), ProviderError> {
        let action = js_sys::JSON::parse(&action.to_json().to_string())
            .map_err(|_| ProviderError::adapter("the action cannot be passed on"))?;
        let options = js_sys::Object::new();
        let _ = js_sys::Reflect::set(&options, &"container".into(), container);
        let _ = js_sys::Reflect::set(&options, &"locale".into(), &locale.into());
        let answer = self.call("authenticate", &[action, options.into()]).await?;
        match Self::answer::<Authenticated>(&answer)? {
            Authenticated { ok: true } => Ok(()),
            Authenticated { ok: false } => Err(ProviderError {
                code: "authentication_failed".into(),
                message: String::new(),
            }),
        }
    }

    /// `unmount()`: the fields and any challenge go; nothing waits for it.
    pub fn unmount(&self) {
        let this = self.clone();
        wasm_bindgen_futures::spawn_local(async move {
            let _ = this.call("unmount", &[]).await;
        });
    }
}

fn describe(error: &JsValue) -> String {
    error
        .dyn_ref::<js_sys::Error>()
        .map(|e| String::from(e.message()))
        .or_else(|| error.as_string())
        .unwrap_or_else(|| "the adapter failed".into())
}

/// Says once per mount, in the console, that the host passed no adapter.
pub fn warn_missing() {
    web_sys::console::warn_1(&JsValue::from_str(
        "billing-upgrade: no payment provider adapter; pass the `paymentProvider` mount \
         option or set the element's `paymentProvider` property (README, Embedding)",
    ));
}

/// The adapter and the theme its fields should wear, provided by the page root.
#[derive(Clone, Debug, Default)]
pub struct ProviderContext {
    /// The host's adapter, if it passed one.
    pub provider: Option<PaymentProvider>,
    /// The page's theme (`light`, `dark`).
    pub theme: Option<String>,
}

impl ProviderContext {
    /// What the page root provided (nothing outside a page).
    pub fn use_provider() -> Self {
        leptos::prelude::use_context::<ProviderContext>().unwrap_or_default()
    }
}
