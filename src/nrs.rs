//! Pain on the numeric rating scale (NRS 0-10): now, worst and average in the last 24 hours, and
//! whether there was breakthrough pain (gjennombruddssmerte).

use crate::score::Score;
use serde::{Deserialize, Serialize};

/// One pain assessment. Each part is optional: a nurse may record pain now without the 24-hour
/// recall the patient cannot give.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct PainNrs {
    pub now: Option<Score>,
    pub worst_24h: Option<Score>,
    pub average_24h: Option<Score>,
    pub breakthrough: Option<bool>,
}

/// The three NRS questions, in the order they are asked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum NrsQuestion {
    Now,
    Worst24h,
    Average24h,
}

impl NrsQuestion {
    pub const ALL: [NrsQuestion; 3] = [NrsQuestion::Now, NrsQuestion::Worst24h, NrsQuestion::Average24h];

    pub fn code(self) -> &'static str {
        match self {
            NrsQuestion::Now => "now",
            NrsQuestion::Worst24h => "worst_24h",
            NrsQuestion::Average24h => "average_24h",
        }
    }
}

impl PainNrs {
    pub fn get(&self, question: NrsQuestion) -> Option<Score> {
        match question {
            NrsQuestion::Now => self.now,
            NrsQuestion::Worst24h => self.worst_24h,
            NrsQuestion::Average24h => self.average_24h,
        }
    }

    pub fn is_empty(&self) -> bool {
        *self == PainNrs::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_until_something_is_recorded() {
        assert!(PainNrs::default().is_empty());
        let nrs = PainNrs { breakthrough: Some(false), ..PainNrs::default() };
        assert!(!nrs.is_empty(), "a recorded 'no breakthrough pain' is an answer");
        let nrs = PainNrs { worst_24h: Score::new(7).ok(), ..PainNrs::default() };
        assert_eq!(nrs.get(NrsQuestion::Worst24h), Score::new(7).ok());
        assert_eq!(nrs.get(NrsQuestion::Now), None);
    }
}
