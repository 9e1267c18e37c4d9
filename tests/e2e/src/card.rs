//! Typing into the payment provider's card fields: a cross-origin iframe inside the page's
//! root, entered through WebDriver frame switching (real keystrokes, as a person types).

use fantoccini::elements::{Element, ElementRef};
use fantoccini::Locator;

use crate::Harness;

/// WebDriver's key for an element reference in a script's answer.
const ELEMENT_KEY: &str = "element-6066-11e4-a52e-4f735466cecf";

/// A card as typed into the hosted fields.
#[derive(Clone, Copy, Debug)]
pub struct TestCard {
    /// As printed, e.g. "4242 4242 4242 4242".
    pub number: &'static str,
    /// "MMYY" keystrokes.
    pub expiry: &'static str,
    pub cvc: &'static str,
    pub postal: &'static str,
}

impl TestCard {
    /// Succeeds (Visa 4242, 12/2030).
    pub const VISA: TestCard = TestCard::new("4242 4242 4242 4242");
    /// Mastercard 4444, succeeds.
    pub const MASTERCARD: TestCard = TestCard::new("5555 5555 5555 4444");
    /// Declined: "do not honour".
    pub const DECLINED: TestCard = TestCard::new("4000 0000 0000 0002");
    /// Declined: insufficient funds.
    pub const NO_FUNDS: TestCard = TestCard::new("4000 0000 0000 9995");
    /// Saved; its next charge needs 3-D Secure.
    pub const THREE_D_SECURE: TestCard = TestCard::new("4000 0027 6000 3184");

    /// `number` with expiry 12/30, CVC 123, postal code 10115.
    pub const fn new(number: &'static str) -> Self {
        TestCard {
            number,
            expiry: "1230",
            cvc: "123",
            postal: "10115",
        }
    }
}

impl Harness {
    /// Enters the iframe `css` finds in the page root (waiting for it).
    pub async fn enter_frame(&self, css: &str) {
        let found = self
            .wait_js(&format!(
                "return R.querySelector({}) || false;",
                serde_json::to_string(css).expect("a string")
            ))
            .await;
        let id = found[ELEMENT_KEY]
            .as_str()
            .unwrap_or_else(|| panic!("{css} is not an element: {found}"))
            .to_string();
        Element::from_element_id(self.browser.clone(), ElementRef::from(id))
            .enter_frame()
            .await
            .expect("switch into the frame");
    }

    /// Back to the top-level page.
    pub async fn leave_frame(&self) {
        self.browser
            .enter_parent_frame()
            .await
            .expect("back to the page");
    }

    /// Waits for the card fields to be ready, then types `card` into them.
    pub async fn type_card(&self, card: TestCard) {
        self.wait_js(
            "const f = R.querySelector('.bu-card-entry__frame iframe'); \
             return !!f && !R.querySelector('.bu-card-entry__loading');",
        )
        .await;
        self.enter_frame(".bu-card-entry__frame iframe").await;
        for (css, text) in [
            ("#rp-number", card.number),
            ("#rp-expiry", card.expiry),
            ("#rp-cvc", card.cvc),
            ("#rp-postal", card.postal),
        ] {
            let field = self
                .browser
                .find(Locator::Css(css))
                .await
                .unwrap_or_else(|e| panic!("no {css} in the card frame: {e}"));
            field.clear().await.expect("clear");
            field.send_keys(text).await.expect("type");
        }
        self.leave_frame().await;
    }

    /// The text of `css` inside the card frame.
    pub async fn card_frame_text(&self, css: &str) -> String {
        self.enter_frame(".bu-card-entry__frame iframe").await;
        let text = self
            .browser
            .find(Locator::Css(css))
            .await
            .unwrap_or_else(|e| panic!("no {css} in the card frame: {e}"))
            .text()
            .await
            .expect("text");
        self.leave_frame().await;
        text
    }

    /// Answers the bank's challenge shown in the checkout dialog: **Complete** or **Fail**.
    pub async fn answer_challenge(&self, complete: bool) {
        self.enter_frame(".bu-checkout__challenge-frame iframe")
            .await;
        let button = if complete { "#rp-complete" } else { "#rp-fail" };
        self.browser
            .wait()
            .at_most(std::time::Duration::from_secs(20))
            .for_element(Locator::Css(button))
            .await
            .expect("the challenge's buttons")
            .click()
            .await
            .expect("click");
        self.leave_frame().await;
    }
}
