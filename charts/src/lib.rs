//! Lindra's charts, drawn with plotters: one line per ESAS-r item over a period (the
//! forløpsskjema), the symptom sums with meaningful changes marked, and pain NRS. The same
//! drawing code renders SVG for the trend page and PDF operations for the summary.

pub mod draw;
pub mod model;
pub mod shares;

pub use draw::{draw, svg};
pub use model::{Chart, Scale, Series, Span, Value};
pub use shares::{shares_svg, ShareChart, ShareSeries};

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{DateTime, Utc};
    use lindra::esas::{CompletedBy, EsasScores};
    use lindra::{EsasItem, ItemValue, PainNrs, Registration, Score};

    fn at(day: i64) -> DateTime<Utc> {
        // 2026-11-01 11:00 UTC = 12:00 in Oslo, plus whole days.
        DateTime::from_timestamp(1_793_530_800 + day * 86_400, 0).expect("test time")
    }

    /// Pain scores by day; -1 is "kan ikke vurdere".
    fn course(pain: &[i64]) -> Vec<Registration> {
        pain.iter()
            .enumerate()
            .map(|(day, &p)| {
                let value = |v: i64| {
                    Some(if v < 0 {
                        ItemValue::NotAssessed
                    } else {
                        ItemValue::Score(Score::new(v).expect("s"))
                    })
                };
                let mut symptoms = [value(1); 9];
                symptoms[0] = value(p);
                Registration {
                    observed_at: at(day as i64),
                    completed_by: CompletedBy::Patient,
                    esas: EsasScores { symptoms, other: None },
                    pain: PainNrs::default(),
                    body_marks: Vec::new(),
                    note: String::new(),
                    self_report: None,
                }
            })
            .collect()
    }

    fn count(svg: &str, needle: &str) -> usize {
        svg.matches(needle).count()
    }

    /// Polylines in the line colour: the drawn runs of a one-line chart.
    fn lines(svg: &str) -> usize {
        count(svg, &format!("stroke=\"{}\" stroke-width=\"2\"", model::palette::LINE.hex().to_uppercase()))
    }

    #[test]
    fn one_line_per_item_with_a_point_per_registration() {
        let regs = course(&[2, 3, 5, 8, 9]);
        let span = Span::new(at(0), at(4));
        let chart = Chart::item(EsasItem::Pain, &regs, span, lindra::Language::Nb.clinical());
        assert_eq!(chart.series.len(), 1);
        assert_eq!(chart.series[0].points.len(), 5);
        assert_eq!(chart.series[0].segments().len(), 1);
        let svg = svg(&chart, 700, 190).expect("svg");
        assert_eq!(lines(&svg), 1, "one line");
        // Each point is a filled circle plus its edge.
        assert_eq!(count(&svg, "<circle"), 10);
    }

    #[test]
    fn not_assessed_is_a_gap_with_a_marker_never_a_zero() {
        let regs = course(&[2, 3, -1, 4, 5]);
        let chart =
            Chart::item(EsasItem::Pain, &regs, Span::new(at(0), at(4)), lindra::Language::Nb.clinical());
        let runs = chart.series[0].segments();
        assert_eq!(
            runs,
            vec![vec![(0.5, 2.0), (1.5, 3.0)], vec![(3.5, 4.0), (4.5, 5.0)]],
            "noon in Oslo is half a day in"
        );
        let svg = svg(&chart, 700, 190).expect("svg");
        assert_eq!(lines(&svg), 2, "the line breaks at the gap");
        assert_eq!(count(&svg, "<circle"), 8, "four scored points, none at 0 for the gap");
        // The cross in the "kan ikke vurdere" lane: two strokes in its own grey.
        let grey = model::palette::NOT_ASSESSED.hex().to_uppercase();
        assert_eq!(count(&svg, &format!("stroke=\"{grey}\"")), 2);
    }

    #[test]
    fn points_carry_their_band_colour_and_the_severe_band_is_red() {
        let regs = course(&[0, 2, 5, 7, 10]);
        let svg = svg(
            &Chart::item(EsasItem::Pain, &regs, Span::new(at(0), at(4)), lindra::Language::Nb.clinical()),
            700,
            190,
        )
        .expect("svg");
        let fill = |s: lindra::Severity| format!("fill=\"{}\"", model::palette::band(s).hex().to_uppercase());
        assert_eq!(count(&svg, &fill(lindra::Severity::None)), 1);
        assert_eq!(count(&svg, &fill(lindra::Severity::Mild)), 1);
        assert_eq!(count(&svg, &fill(lindra::Severity::Moderate)), 1);
        assert_eq!(count(&svg, &fill(lindra::Severity::Severe)), 2, "7 and 10 are severe");
        let band = model::palette::SEVERE_BAND.hex().to_uppercase();
        assert_eq!(count(&svg, &format!("fill=\"{band}\"")), 1, "the severe band behind 7-10");
    }

    #[test]
    fn dates_are_norwegian_on_local_midnights() {
        let span = Span::new(at(0), at(6));
        assert_eq!(span.ticks(), vec![0.0, 1.0, 2.0, 3.0, 4.0, 5.0, 6.0]);
        assert_eq!(span.label(0.0), "01.11.");
        let svg = svg(
            &Chart::item(EsasItem::Pain, &course(&[1; 7]), span, lindra::Language::Nb.clinical()),
            700,
            190,
        )
        .expect("svg");
        assert!(svg.contains("07.11."), "{svg}");
        let year = Span::new(at(0), at(400));
        assert_eq!(year.label(0.0), "01.11.26");
    }

    #[test]
    fn titles_and_the_not_assessed_lane_are_in_the_words_language() {
        let regs = course(&[1, -1, 3]);
        let span = Span::new(at(0), at(2));
        let nb = Chart::pain(&regs, span, lindra::Language::Nb.clinical());
        assert_eq!((nb.title.as_str(), nb.not_assessed_label.as_str()), ("Smerte (NRS)", "KIV"));
        let nn = Chart::sums(&regs, span, lindra::Language::Nn.clinical());
        assert_eq!(nn.title, "Symptomsummar");
        let en = Chart::item(EsasItem::Pain, &regs, span, lindra::Language::En.clinical());
        assert_eq!((en.title.as_str(), en.not_assessed_label.as_str()), ("1. Pain", "CA"));
        let drawn = svg(&en, 700, 190).expect("svg");
        assert!(drawn.contains("CA\n") || drawn.contains(">CA<"), "{drawn}");
        assert_eq!(Chart::pain(&regs, span, lindra::Language::En.clinical()).title, "Pain (NRS)");
    }

    #[test]
    fn sums_mark_meaningful_changes() {
        // Pain 1 -> 5: total 9 -> 13 (worse by 4), physical 6 -> 10 (worse by 4).
        let regs = course(&[1, 5, 5]);
        let chart = Chart::sums(&regs, Span::new(at(0), at(2)), lindra::Language::Nb.clinical());
        assert_eq!(chart.series.len(), 3);
        let total = &chart.series[0];
        assert_eq!(total.points[1].change, Some(lindra::esas::Change::Worsened));
        assert_eq!(total.points[2].change, Some(lindra::esas::Change::Stable));
        let svg = svg(&chart, 700, 240).expect("svg");
        let red = model::palette::WORSENED.hex().to_uppercase();
        assert_eq!(count(&svg, &format!("fill=\"{red}\"")), 2, "total and physical worsened");
    }
}
