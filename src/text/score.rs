//! The 0-10 score's one message (`crate::score::ScoreError`), in all three languages side by side.

use crate::Language;

/// The score's words in one language.
#[derive(Debug)]
pub struct ScoreWords {
    /// Why a number is not a score: "11 er ikke et helt tall fra 0 til 10".
    pub not_a_score: fn(i64) -> String,
}

impl Language {
    /// The score's words in this language.
    pub fn score(self) -> &'static ScoreWords {
        match self {
            Language::Nb => &NB,
            Language::Nn => &NN,
            Language::En => &EN,
        }
    }
}

pub static NB: ScoreWords = ScoreWords { not_a_score: |v| format!("{v} er ikke et helt tall fra 0 til 10") };

pub static NN: ScoreWords =
    ScoreWords { not_a_score: |v| format!("{v} er ikkje eit heilt tal frå 0 til 10") };

pub static EN: ScoreWords = ScoreWords { not_a_score: |v| format!("{v} is not a whole number from 0 to 10") };
