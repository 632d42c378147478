//! Deterministic fault injection, per operation.

use std::collections::{HashMap, VecDeque};
use std::time::Duration;

use crate::sid::mix;

/// Something that goes wrong with one request.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Fault {
    /// Wait this long (with `tokio::time::sleep`, so a paused test clock skips it), then answer
    /// normally.
    Latency(Duration),
    /// The gateway's 429 with `Retry-After: retry_after`; nothing is performed.
    TooManyRequests {
        /// The `Retry-After` header, in seconds.
        retry_after: u64,
    },
    /// The gateway's 500 `{"error": "Internal server error"}`; nothing is performed.
    InternalServerError,
    /// A 502 with an HTML body, as a load balancer answers; nothing is performed.
    BadGatewayHtml,
    /// The connection is reset as soon as the request has been read; nothing is performed.
    ResetBeforeProcessing,
    /// The request is performed, then the connection is reset without an answer: the case
    /// where a client cannot know whether its send went through.
    ResetAfterProcessing,
    /// The request is performed and answered with its status, but the JSON body is cut in half
    /// (with a `Content-Length` that matches what is sent).
    TruncatedJson,
    /// The request is performed and answered with its status, but with a body that is not JSON.
    InvalidJson,
}

impl Fault {
    /// Whether the operation still runs when this fault is drawn.
    pub fn performs(&self) -> bool {
        matches!(
            self,
            Self::Latency(_) | Self::ResetAfterProcessing | Self::TruncatedJson | Self::InvalidJson
        )
    }
}

#[derive(Clone, Debug, PartialEq)]
enum Tail {
    Pass,
    Repeat(Fault),
    Random {
        state: u64,
        rate: f64,
        faults: Vec<Fault>,
    },
}

/// What the next calls of one operation run into: first a fixed sequence of steps, then either
/// nothing, the same fault forever, or faults drawn from a seeded generator. The same plan always
/// gives the same faults in the same order.
///
/// ```
/// use std::time::Duration;
/// use maton_twilio_mock::{Fault, FaultPlan};
///
/// // Two 429s, one success, one reset after the send was performed, then normal service.
/// let plan = FaultPlan::new()
///     .then(Fault::TooManyRequests { retry_after: 1 }, 2)
///     .then_pass(1)
///     .then(Fault::ResetAfterProcessing, 1);
/// // One call in five slow, chosen by a seeded generator.
/// let flaky = FaultPlan::random(7, 0.2, [Fault::Latency(Duration::from_millis(50))]);
/// # let _ = (plan, flaky);
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct FaultPlan {
    steps: VecDeque<(Option<Fault>, u32)>,
    tail: Tail,
}

impl Default for FaultPlan {
    fn default() -> Self {
        Self::new()
    }
}

impl FaultPlan {
    /// A plan with no faults; add steps with [`then`](Self::then).
    pub fn new() -> Self {
        Self {
            steps: VecDeque::new(),
            tail: Tail::Pass,
        }
    }

    /// `fault` on every call.
    pub fn always(fault: Fault) -> Self {
        Self {
            steps: VecDeque::new(),
            tail: Tail::Repeat(fault),
        }
    }

    /// After the steps so far, faults drawn for each call: with probability `rate` (0 to 1) one
    /// of `faults`, picked by a generator seeded with `seed`; otherwise none.
    pub fn random(seed: u64, rate: f64, faults: impl IntoIterator<Item = Fault>) -> Self {
        Self::new().then_random(seed, rate, faults)
    }

    /// `fault` for the next `times` calls (after the steps so far).
    pub fn then(mut self, fault: Fault, times: u32) -> Self {
        self.steps.push_back((Some(fault), times));
        self
    }

    /// No fault for the next `times` calls (after the steps so far).
    pub fn then_pass(mut self, times: u32) -> Self {
        self.steps.push_back((None, times));
        self
    }

    /// Once the steps are used up, `fault` on every call.
    pub fn then_always(mut self, fault: Fault) -> Self {
        self.tail = Tail::Repeat(fault);
        self
    }

    /// Once the steps are used up, seeded random faults as in [`random`](Self::random).
    pub fn then_random(
        mut self,
        seed: u64,
        rate: f64,
        faults: impl IntoIterator<Item = Fault>,
    ) -> Self {
        self.tail = Tail::Random {
            state: seed,
            rate: rate.clamp(0.0, 1.0),
            faults: faults.into_iter().collect(),
        };
        self
    }

    /// The fault for the next call.
    pub(crate) fn next_fault(&mut self) -> Option<Fault> {
        while let Some((fault, times)) = self.steps.front_mut() {
            if *times == 0 {
                self.steps.pop_front();
                continue;
            }
            *times -= 1;
            return fault.clone();
        }
        match &mut self.tail {
            Tail::Pass => None,
            Tail::Repeat(fault) => Some(fault.clone()),
            Tail::Random {
                state,
                rate,
                faults,
            } => {
                *state = state.wrapping_add(1);
                let draw = mix(*state);
                // 53 random bits as a fraction in [0, 1).
                let fraction = (draw >> 11) as f64 / (1u64 << 53) as f64;
                if faults.is_empty() || fraction >= *rate {
                    return None;
                }
                let pick = usize::try_from(mix(draw) % faults.len() as u64).unwrap_or(0);
                faults.get(pick).cloned()
            }
        }
    }
}

/// The plans in force, by operation id (`"CreateMessage"`) or `"*"` for every operation.
#[derive(Debug, Default)]
pub(crate) struct FaultBook {
    plans: HashMap<String, FaultPlan>,
}

impl FaultBook {
    pub(crate) fn set(&mut self, operation: &str, plan: FaultPlan) {
        self.plans.insert(operation.to_string(), plan);
    }

    pub(crate) fn clear(&mut self) {
        self.plans.clear();
    }

    /// The fault for this call of `operation`: its own plan if it has one, else the `"*"` plan.
    pub(crate) fn next_fault(&mut self, operation: &str) -> Option<Fault> {
        if let Some(plan) = self.plans.get_mut(operation) {
            return plan.next_fault();
        }
        self.plans.get_mut("*").and_then(FaultPlan::next_fault)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sequences_run_in_order_then_pass() {
        let mut plan = FaultPlan::new()
            .then(Fault::InternalServerError, 2)
            .then_pass(1)
            .then(Fault::BadGatewayHtml, 1);
        let drawn: Vec<_> = (0..5).map(|_| plan.next_fault()).collect();
        assert_eq!(
            drawn,
            vec![
                Some(Fault::InternalServerError),
                Some(Fault::InternalServerError),
                None,
                Some(Fault::BadGatewayHtml),
                None
            ]
        );
    }

    #[test]
    fn random_plans_are_deterministic_for_a_seed() {
        let draw = |seed| {
            let mut plan = FaultPlan::random(seed, 0.3, [Fault::InternalServerError]);
            (0..200)
                .map(|_| plan.next_fault().is_some())
                .collect::<Vec<_>>()
        };
        assert_eq!(draw(1), draw(1));
        assert_ne!(draw(1), draw(2));
        let hits = draw(1).iter().filter(|hit| **hit).count();
        assert!((30..90).contains(&hits), "{hits} of 200 at rate 0.3");
    }
}
