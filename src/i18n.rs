//! Translations (`locales/*.json`, one string table per locale made by build.rs), the
//! choice of locale at mount, and the texts that depend on domain values (plan names,
//! invoice lines, errors, reasons).
//!
//! `t_string!(i18n, page.title)` is the text of `page.title` in the page's locale: the key
//! is a constant (`keys::page::title`), so a key missing from the files does not compile,
//! and build.rs stops when the two files do not hold the same keys. The locale is fixed
//! for a mounted page (a new locale remounts it), so a text is a plain `&'static str`.

use leptos::prelude::*;
use pricing::{AddOnId, Blocked, Cycle, Limit, LineItem, NotSelfServe, PlanId, QuoteLine};

use crate::api::ApiError;
use crate::parse::CountError;

include!(concat!(env!("OUT_DIR"), "/i18n.rs"));

/// One translation's place in the tables (from build.rs: `keys::…`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Key(u16);

/// The page's languages.
#[allow(non_camel_case_types)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Locale {
    /// English (the default).
    #[default]
    en,
    /// Italian.
    it,
}

/// The page's translation context: its locale.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct I18n(Locale);

impl I18n {
    /// The page's locale.
    pub fn get_locale(self) -> Locale {
        self.0
    }

    /// The text of `key` in the page's locale.
    pub fn text(self, key: Key) -> &'static str {
        let table: &[&str] = match self.0 {
            Locale::en => &EN,
            Locale::it => &IT,
        };
        table[usize::from(key.0)]
    }
}

/// The page's translation context (English outside a provider, as in component tests).
pub fn use_i18n() -> I18n {
    use_context::<I18n>().unwrap_or(I18n(Locale::en))
}

/// Provides the translation context in `initial_locale` to `children`.
#[component]
pub fn I18nSubContextProvider(initial_locale: Signal<Locale>, children: Children) -> impl IntoView {
    provide_context(I18n(initial_locale.get_untracked()));
    children()
}

/// The text of a key in the page's locale: `t_string!(i18n, page.title)`.
#[macro_export]
macro_rules! t_string {
    ($i18n:expr, $($key:ident).+) => {
        $crate::i18n::I18n::text($i18n, $crate::i18n::keys::$($key)::+)
    };
}
pub use t_string;

/// The locale to start in: the host's choice (`data-locale`), else the browser's language,
/// else English. Unknown tags fall back the same way ("it-CH" → Italian).
pub fn initial_locale(requested: Option<&str>) -> Locale {
    let browser = web_sys::window().and_then(|w| w.navigator().language());
    [requested.map(str::to_string), browser]
        .into_iter()
        .flatten()
        .find_map(|tag| parse_locale(&tag))
        .unwrap_or(Locale::en)
}

/// Our locale for a BCP 47 tag, by its language part.
pub fn parse_locale(tag: &str) -> Option<Locale> {
    let language = tag.split(['-', '_']).next()?.trim().to_ascii_lowercase();
    match language.as_str() {
        "en" => Some(Locale::en),
        "it" => Some(Locale::it),
        _ => None,
    }
}

/// The page's locale (fixed for a mounted page: a new locale remounts it): what
/// formatting takes.
pub fn lang(i18n: I18n) -> Locale {
    i18n.get_locale()
}

/// The locale's language code for `lang` attributes, "en" or "it".
pub fn lang_code(locale: Locale) -> &'static str {
    match locale {
        Locale::en => "en",
        Locale::it => "it",
    }
}

/// The singular or plural form of a count message by the locale's plural rules
/// ([`crate::format::plural_category`]): `one` for the "one" category, else `other`.
pub fn plural_form<'a>(i18n: I18n, n: u64, one: &'a str, other: &'a str) -> &'a str {
    if crate::format::plural_category(lang(i18n), n) == "one" {
        one
    } else {
        other
    }
}

/// The form of the count message `key` (an object of `one` and `other` in locales/*.json)
/// for the count `n`: `t_count!(i18n, seats.add_note, 2)` → "Adding {seats} seats: …".
#[macro_export]
macro_rules! t_count {
    ($i18n:expr, $($key:ident).+, $n:expr) => {
        $crate::i18n::plural_form(
            $i18n,
            u64::from($n),
            $crate::i18n::t_string!($i18n, $($key).+.one),
            $crate::i18n::t_string!($i18n, $($key).+.other),
        )
    };
}
pub use t_count;

/// A plan's display name (the same in every language).
pub fn plan_name(plan: PlanId) -> &'static str {
    match plan {
        PlanId::Starter => "Starter",
        PlanId::Plus => "Plus",
        PlanId::Pro => "Pro",
        PlanId::Enterprise => "Enterprise",
    }
}

/// An add-on's name.
pub fn addon_name(i18n: I18n, addon: AddOnId) -> String {
    match addon {
        AddOnId::Sms => t_string!(i18n, addon.sms.name).to_string(),
        AddOnId::Pipelines => t_string!(i18n, addon.pipelines.name).to_string(),
        AddOnId::TransactionalEmail => t_string!(i18n, addon.transactional_email.name).to_string(),
        AddOnId::CustomReports => t_string!(i18n, addon.custom_reports.name).to_string(),
    }
}

/// What an add-on does, one sentence.
pub fn addon_description(i18n: I18n, addon: AddOnId) -> String {
    match addon {
        AddOnId::Sms => t_string!(i18n, addon.sms.description).to_string(),
        AddOnId::Pipelines => t_string!(i18n, addon.pipelines.description).to_string(),
        AddOnId::TransactionalEmail => {
            t_string!(i18n, addon.transactional_email.description).to_string()
        }
        AddOnId::CustomReports => t_string!(i18n, addon.custom_reports.description).to_string(),
    }
}

/// "Monthly", "Annual", "Annual commitment, paid monthly".
pub fn cycle_name(i18n: I18n, cycle: Cycle) -> String {
    match cycle {
        Cycle::Monthly => t_string!(i18n, cycle.monthly).to_string(),
        Cycle::Annual => t_string!(i18n, cycle.annual).to_string(),
        Cycle::AnnualCommitMonthly => t_string!(i18n, cycle.annual_commit_monthly).to_string(),
    }
}

/// "/month" or "/year": what one price of this cycle covers.
pub fn per_cycle(i18n: I18n, cycle: Cycle) -> String {
    match cycle {
        Cycle::Annual => t_string!(i18n, cycle.per_year).to_string(),
        Cycle::Monthly | Cycle::AnnualCommitMonthly => t_string!(i18n, cycle.per_month).to_string(),
    }
}

/// A limit's name.
pub fn limit_name(i18n: I18n, limit: Limit) -> String {
    match limit {
        Limit::Contacts => t_string!(i18n, limits.contacts).to_string(),
        Limit::Users => t_string!(i18n, limits.users).to_string(),
        Limit::EmailSends => t_string!(i18n, limits.email_sends).to_string(),
    }
}

/// Why a typed count was not read, as the message shown beside its field; `max` is the
/// largest count the field takes (said when the number is too large).
pub fn count_error_text(i18n: I18n, error: CountError, max: u64) -> String {
    match error {
        CountError::Empty => t_string!(i18n, count.empty).to_string(),
        CountError::NotWhole => t_string!(i18n, count.not_whole).to_string(),
        CountError::Negative => t_string!(i18n, count.negative).to_string(),
        CountError::Exponent => t_string!(i18n, count.exponent).to_string(),
        CountError::NotADigit => t_string!(i18n, count.not_a_digit).to_string(),
        CountError::BadGrouping => t_string!(i18n, count.bad_grouping).to_string(),
        CountError::TooLarge => {
            let max = crate::format::number(lang(i18n), max);
            fill(t_string!(i18n, count.too_large), &[("max", &max)])
        }
    }
}

/// The label of an invoice line (every kind pricing can produce has its own).
pub fn line_label(i18n: I18n, line: &QuoteLine) -> String {
    let quantity = line.quantity.normalize().to_string();
    match &line.item {
        LineItem::Plan(plan) => {
            fill(t_string!(i18n, line.plan), &[("name", &plan_name(*plan))]).to_string()
        }
        LineItem::PlanUpgrade(plan) => fill(
            t_string!(i18n, line.plan_upgrade),
            &[("name", &plan_name(*plan))],
        )
        .to_string(),
        LineItem::ContactTierIncrease(_) => t_string!(i18n, line.contact_tier_increase).to_string(),
        LineItem::ExtraUsers => fill(
            t_string!(i18n, line.extra_users),
            &[("quantity", &quantity)],
        )
        .to_string(),
        LineItem::ExtraEmailSends => fill(
            t_string!(i18n, line.extra_email_sends),
            &[("quantity", &quantity)],
        )
        .to_string(),
        LineItem::AddOn(addon) => {
            let name = addon_name(i18n, *addon);
            fill(t_string!(i18n, line.addon), &[("name", &name)]).to_string()
        }
        LineItem::SmsPack(_) => {
            fill(t_string!(i18n, line.sms_pack), &[("quantity", &quantity)]).to_string()
        }
        LineItem::Seats => {
            fill(t_string!(i18n, line.seats), &[("quantity", &quantity)]).to_string()
        }
        LineItem::UnusedPeriodCredit => t_string!(i18n, line.unused_period_credit).to_string(),
        LineItem::Other { .. } => t_string!(i18n, line.other).to_string(),
    }
}

/// Why the customer cannot do this alone, as a sentence.
pub fn not_self_serve_text(i18n: I18n, reason: &NotSelfServe) -> String {
    match reason {
        NotSelfServe::Downgrade => t_string!(i18n, reason.downgrade).to_string(),
        NotSelfServe::Trial => t_string!(i18n, reason.trial).to_string(),
        NotSelfServe::Resold => t_string!(i18n, reason.resold).to_string(),
        NotSelfServe::AnnualCommitTerm => t_string!(i18n, reason.annual_commit_term).to_string(),
        NotSelfServe::AnnualCommitCancellation { term_end } => {
            let date = crate::format::date(lang(i18n), *term_end);
            let cycle = cycle_name(i18n, Cycle::AnnualCommitMonthly);
            fill(
                t_string!(i18n, reason.annual_commit_cancellation),
                &[("cycle", &cycle), ("date", &date)],
            )
        }
        NotSelfServe::MonthlyPayersOnly => t_string!(i18n, reason.monthly_payers_only).to_string(),
        NotSelfServe::NotPermitted => t_string!(i18n, reason.not_permitted).to_string(),
        NotSelfServe::IneligiblePlan { required } => {
            let plans = required
                .iter()
                .map(|p| plan_name(*p))
                .collect::<Vec<_>>()
                .join(", ");
            fill(
                t_string!(i18n, reason.ineligible_plan),
                &[("plans", &plans)],
            )
            .to_string()
        }
        NotSelfServe::AddOnRequired { addon } => {
            let name = addon_name(i18n, *addon);
            fill(t_string!(i18n, reason.addon_required), &[("name", &name)]).to_string()
        }
        NotSelfServe::SeatsBelowAssigned { assigned } => fill(
            t_string!(i18n, reason.seats_below_assigned),
            &[("assigned", &assigned)],
        )
        .to_string(),
        NotSelfServe::NoChange => t_string!(i18n, reason.no_change).to_string(),
    }
}

/// Why a button is disabled for this viewer.
pub fn blocked_text(i18n: I18n, blocked: Blocked) -> String {
    match blocked {
        Blocked::Resold => t_string!(i18n, blocked.resold).to_string(),
        Blocked::NotPermitted { admin_only: true } => {
            t_string!(i18n, blocked.admin_only).to_string()
        }
        Blocked::NotPermitted { admin_only: false } => {
            t_string!(i18n, blocked.billing_only).to_string()
        }
        Blocked::Paused => t_string!(i18n, blocked.paused).to_string(),
        Blocked::Closed => t_string!(i18n, blocked.closed).to_string(),
    }
}

/// Why a card was declined, as a person would say it.
pub fn decline_text(i18n: I18n, decline: Option<api_types::DeclineCode>) -> String {
    use api_types::DeclineCode;
    match decline {
        Some(DeclineCode::InsufficientFunds) => {
            t_string!(i18n, error.declined_insufficient_funds).to_string()
        }
        Some(DeclineCode::ExpiredCard) => t_string!(i18n, error.declined_expired_card).to_string(),
        Some(DeclineCode::DoNotHonor) => t_string!(i18n, error.declined_do_not_honor).to_string(),
        None => t_string!(i18n, error.card_declined).to_string(),
    }
}

/// An API error as the customer reads it (the server's English message is for logs).
pub fn error_text(i18n: I18n, error: &ApiError) -> String {
    use api_types::error_code as code;
    match error {
        ApiError::Network(_) => t_string!(i18n, error.network).to_string(),
        ApiError::Timeout => t_string!(i18n, error.timeout).to_string(),
        ApiError::Decode(_) => t_string!(i18n, error.decode).to_string(),
        ApiError::Unconfirmed(_) => t_string!(i18n, error.unconfirmed).to_string(),
        ApiError::Http {
            code: c, status, ..
        } => match c.as_str() {
            code::QUOTE_STALE => t_string!(i18n, error.quote_stale).to_string(),
            code::PAYMENT_METHOD_REQUIRED => {
                t_string!(i18n, error.payment_method_required).to_string()
            }
            code::CARD_DECLINED => decline_text(i18n, error.decline()),
            code::AUTHENTICATION_REQUIRED => {
                t_string!(i18n, error.authentication_required).to_string()
            }
            code::FORBIDDEN | code::CSRF_MISSING => t_string!(i18n, error.forbidden).to_string(),
            code::UNAUTHENTICATED => t_string!(i18n, error.unauthenticated).to_string(),
            code::INVALID_REQUEST => t_string!(i18n, error.invalid_request).to_string(),
            code::NOT_SELF_SERVE => t_string!(i18n, error.not_self_serve).to_string(),
            code::CONFLICT => t_string!(i18n, error.conflict).to_string(),
            code::RATE_LIMITED => t_string!(i18n, error.rate_limited).to_string(),
            code::UNAVAILABLE => t_string!(i18n, error.unavailable).to_string(),
            _ => {
                let status = *status;
                fill(t_string!(i18n, error.server), &[("status", &status)]).to_string()
            }
        },
    }
}

/// A wanted change in words (support requests, reviews).
pub fn change_text(i18n: I18n, change: &pricing::Change) -> String {
    use pricing::Change;
    let l = lang(i18n);
    match change {
        Change::SetPlan { plan } => {
            let name = plan_name(*plan);
            fill(t_string!(i18n, change.set_plan), &[("name", &name)]).to_string()
        }
        Change::SetContacts { contacts } => {
            let value = crate::format::number(l, u64::from(*contacts));
            fill(t_string!(i18n, change.set_contacts), &[("value", &value)]).to_string()
        }
        Change::SetUsers { users } => {
            let value = crate::format::number(l, u64::from(*users));
            fill(t_string!(i18n, change.set_users), &[("value", &value)]).to_string()
        }
        Change::SetEmailSends { email_sends } => {
            let value = crate::format::number(l, *email_sends);
            fill(
                t_string!(i18n, change.set_email_sends),
                &[("value", &value)],
            )
            .to_string()
        }
        Change::AddAddOn { addon } => {
            let name = addon_name(i18n, *addon);
            fill(t_string!(i18n, change.add_addon), &[("name", &name)]).to_string()
        }
        Change::RemoveAddOn { addon } => {
            let name = addon_name(i18n, *addon);
            fill(t_string!(i18n, change.remove_addon), &[("name", &name)]).to_string()
        }
        Change::BuySmsPack { pack } => {
            fill(t_string!(i18n, change.buy_sms_pack), &[("pack", &pack)]).to_string()
        }
        Change::SetSeats { seats } => {
            fill(t_string!(i18n, change.set_seats), &[("seats", &seats)]).to_string()
        }
        Change::SwitchCycle { cycle } => {
            let name = cycle_name(i18n, *cycle);
            fill(t_string!(i18n, change.switch_cycle), &[("name", &name)]).to_string()
        }
        Change::Pause => t_string!(i18n, change.pause).to_string(),
        Change::Resume => t_string!(i18n, change.resume).to_string(),
        Change::Cancel => t_string!(i18n, change.cancel).to_string(),
        Change::UndoCancellation => t_string!(i18n, change.undo_cancellation).to_string(),
        Change::SetAutoUpgrade { enabled: true } => {
            t_string!(i18n, change.auto_upgrade_on).to_string()
        }
        Change::SetAutoUpgrade { enabled: false } => {
            t_string!(i18n, change.auto_upgrade_off).to_string()
        }
    }
}

/// Fills the `{name}` placeholders of a translation with `values`.
pub fn fill(template: &str, values: &[(&str, &dyn std::fmt::Display)]) -> String {
    let mut out = template.to_string();
    for (name, value) in values {
        out = out.replace(&format!("{{{name}}}"), &value.to_string());
    }
    out
}

/// `template` with the server-provided `name` (an account or reseller
/// name) isolated in `<bdi>` at its `{placeholder}`: its own direction (e.g. U+202E) never
/// reorders the sentence around it, and a long unbroken name wraps (DESIGN §5).
pub fn fill_isolated(template: &str, name: (&str, &str)) -> leptos::prelude::AnyView {
    use leptos::prelude::*;
    let marker = format!("{{{}}}", name.0);
    match template.split_once(&marker) {
        Some((before, after)) => {
            let (before, after, name) = (before.to_string(), after.to_string(), name.1.to_string());
            view! { {before}<bdi class="bu-name">{name}</bdi>{after} }.into_any()
        }
        None => template.to_string().into_any(),
    }
}
