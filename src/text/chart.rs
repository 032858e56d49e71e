//! The charts' own words (`lindra-charts`), in all three languages side by side: the titles of
//! the charts that are not one ESAS-r item. Item names, sums and NRS questions are the clinical
//! catalogue's.

use crate::Language;

/// The charts' words in one language.
#[derive(Debug)]
pub struct ChartWords {
    /// Pain NRS now / worst / average in one chart.
    pub pain_title: &'static str,
    /// The three symptom sums in one chart.
    pub sums_title: &'static str,
}

impl Language {
    /// The charts' words in this language.
    pub fn chart(self) -> &'static ChartWords {
        match self {
            Language::Nb => &NB,
            Language::Nn => &NN,
            Language::En => &EN,
        }
    }
}

pub static NB: ChartWords = ChartWords { pain_title: "Smerte (NRS)", sums_title: "Symptomsummer" };

pub static NN: ChartWords = ChartWords { pain_title: "Smerte (NRS)", sums_title: "Symptomsummar" };

pub static EN: ChartWords = ChartWords { pain_title: "Pain (NRS)", sums_title: "Symptom sums" };

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clinical_words_know_their_language() {
        for language in Language::ALL {
            assert_eq!(language.clinical().language(), language);
            assert!(!language.chart().pain_title.is_empty() && !language.chart().sums_title.is_empty());
        }
    }
}
