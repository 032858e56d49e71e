//! What a chart shows, before it is drawn: lines of points over a period, in the units of the
//! chart (x in days from the start of the period, Oslo time; y on the chart's scale). Built
//! from registrations with the domain's course functions, and tested without drawing anything.

use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};
use lindra::course::{self, Point, SumPoint};
use lindra::esas::Change;
use lindra::nrs::NrsQuestion;
use lindra::text::ClinicalWords;
use lindra::time::to_oslo;
use lindra::{EsasItem, Registration, SumKind};

/// An sRGB colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rgb(pub u8, pub u8, pub u8);

impl Rgb {
    /// `#rrggbb`, as the SVG carries it.
    pub fn hex(self) -> String {
        format!("#{:02x}{:02x}{:02x}", self.0, self.1, self.2)
    }
}

pub mod palette {
    use super::Rgb;
    use lindra::Severity;

    pub const INK: Rgb = Rgb(0x1b, 0x24, 0x30);
    pub const MUTED: Rgb = Rgb(0x4a, 0x55, 0x63);
    pub const GRID: Rgb = Rgb(0xdd, 0xe2, 0xe8);
    pub const LINE: Rgb = Rgb(0x1f, 0x4e, 0x79);
    /// The severe band behind 7-10.
    pub const SEVERE_BAND: Rgb = Rgb(0xfb, 0xdc, 0xdc);
    /// "Kan ikke vurdere" markers.
    pub const NOT_ASSESSED: Rgb = Rgb(0x6b, 0x72, 0x80);
    pub const WORSENED: Rgb = Rgb(0xb7, 0x1c, 0x1c);
    pub const IMPROVED: Rgb = Rgb(0x2e, 0x7d, 0x32);
    /// Colours of several lines in one chart (pain now / worst / average; the three sums).
    pub const SERIES: [Rgb; 3] = [Rgb(0x1f, 0x4e, 0x79), Rgb(0xa6, 0x1e, 0x4d), Rgb(0x5f, 0x6b, 0x00)];

    /// The fill of a point, by severity band (the same bands as the form's buttons).
    pub fn band(severity: Severity) -> Rgb {
        match severity {
            Severity::None => Rgb(0x3b, 0x8a, 0x57),
            Severity::Mild => Rgb(0xe0, 0xb0, 0x00),
            Severity::Moderate => Rgb(0xe6, 0x7e, 0x00),
            Severity::Severe => Rgb(0xb7, 0x1c, 0x1c),
        }
    }
}

/// The vertical scale of a chart.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scale {
    /// 0-10 with the severe band (7-10) in red and a lane below 0 for "kan ikke vurdere".
    Score,
    /// 0 to `max` (a symptom sum).
    Sum { max: u8 },
}

/// The shape of a series' points, so that lines differ by more than colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Marker {
    Circle,
    Triangle,
    Square,
}

/// A value on a chart's scale: a score 0-10 or a sum 0-90, "kan ikke vurdere" (or a sum that
/// cannot be computed because of it), or nothing recorded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Value {
    Number(u8),
    NotAssessed,
    Missing,
}

impl From<Point> for Value {
    fn from(p: Point) -> Value {
        match p {
            Point::Score(s) => Value::Number(s.value()),
            Point::NotAssessed => Value::NotAssessed,
            Point::Missing => Value::Missing,
        }
    }
}

/// One point of a line.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ChartPoint {
    /// Days since the start of the period.
    pub x: f64,
    pub value: Value,
    /// A clinically meaningful change since the previous value (sums only).
    pub change: Option<Change>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Series {
    pub name: String,
    pub color: Rgb,
    pub marker: Marker,
    pub points: Vec<ChartPoint>,
}

impl Series {
    /// The unbroken runs of scored points: a line is drawn through each run, and "kan ikke
    /// vurdere" breaks it. A question not asked at all (pain NRS is optional) leaves no point and
    /// no break.
    pub fn segments(&self) -> Vec<Vec<(f64, f64)>> {
        let mut runs: Vec<Vec<(f64, f64)>> = Vec::new();
        let mut current: Vec<(f64, f64)> = Vec::new();
        for p in &self.points {
            match p.value {
                Value::Number(n) => current.push((p.x, f64::from(n))),
                Value::Missing => {}
                Value::NotAssessed => {
                    if !current.is_empty() {
                        runs.push(std::mem::take(&mut current));
                    }
                }
            }
        }
        if !current.is_empty() {
            runs.push(current);
        }
        runs
    }

    pub fn not_assessed(&self) -> impl Iterator<Item = f64> + '_ {
        self.points.iter().filter(|p| p.value == Value::NotAssessed).map(|p| p.x)
    }
}

/// The period a chart spans, in Oslo time: from the first day's midnight to the end.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Span {
    pub start: NaiveDateTime,
    pub days: f64,
}

impl Span {
    /// From the start of `from`'s day (Oslo) to `to`, at least one day.
    pub fn new(from: DateTime<Utc>, to: DateTime<Utc>) -> Span {
        let start = to_oslo(from).date().and_hms_opt(0, 0, 0).unwrap_or_else(|| to_oslo(from));
        let days = ((to_oslo(to) - start).num_seconds() as f64 / 86_400.0).max(1.0);
        Span { start, days }
    }

    pub fn x(&self, at: DateTime<Utc>) -> f64 {
        (to_oslo(at) - self.start).num_seconds() as f64 / 86_400.0
    }

    pub fn date_at(&self, x: f64) -> NaiveDate {
        (self.start + chrono::Duration::seconds((x * 86_400.0).round() as i64)).date()
    }

    /// Tick positions on local midnights, about six of them, at a step a reader expects.
    pub fn ticks(&self) -> Vec<f64> {
        let step = match self.days {
            d if d <= 8.0 => 1,
            d if d <= 16.0 => 2,
            d if d <= 45.0 => 7,
            d if d <= 100.0 => 14,
            d if d <= 400.0 => 61,
            d if d <= 800.0 => 122,
            _ => 365,
        };
        (0..).map(|n| f64::from(n * step)).take_while(|x| *x <= self.days + 1e-9).collect()
    }

    /// A tick's label: "23.11." in short periods, "23.11.26" when the period passes a year.
    pub fn label(&self, x: f64) -> String {
        let date = self.date_at(x);
        if self.days > 300.0 {
            date.format("%d.%m.%y").to_string()
        } else {
            date.format("%d.%m.").to_string()
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Chart {
    pub title: String,
    /// The label of the "kan ikke vurdere" lane under 0: "KIV", "CA".
    pub not_assessed_label: String,
    pub scale: Scale,
    pub span: Span,
    pub series: Vec<Series>,
}

fn points(span: &Span, course: Vec<(DateTime<Utc>, Point)>) -> Vec<ChartPoint> {
    course
        .into_iter()
        .map(|(at, value)| ChartPoint { x: span.x(at), value: value.into(), change: None })
        .collect()
}

impl Chart {
    /// One ESAS-r item over the period, in the language of `w`.
    pub fn item(item: EsasItem, registrations: &[Registration], span: Span, w: &ClinicalWords) -> Chart {
        let title = match item {
            EsasItem::Other => {
                let names: Vec<&str> = registrations
                    .iter()
                    .filter_map(|r| r.esas.other.as_ref().map(|o| o.name.as_str()))
                    .collect();
                let mut distinct: Vec<&str> = Vec::new();
                for n in names {
                    if !distinct.contains(&n) {
                        distinct.push(n);
                    }
                }
                format!("{}: {}", (w.item_short_label)(item), distinct.join(", "))
            }
            _ => format!("{}. {}", item.number(), (w.item_short_label)(item)),
        };
        Chart {
            title,
            not_assessed_label: w.not_assessed_short.to_string(),
            scale: Scale::Score,
            span,
            series: vec![Series {
                name: (w.item_short_label)(item).to_string(),
                color: palette::LINE,
                marker: Marker::Circle,
                points: points(&span, course::item_course(registrations, item)),
            }],
        }
    }

    /// Pain NRS now / worst / average in one chart, in the language of `w`.
    pub fn pain(registrations: &[Registration], span: Span, w: &ClinicalWords) -> Chart {
        let markers = [Marker::Circle, Marker::Triangle, Marker::Square];
        let series = NrsQuestion::ALL
            .into_iter()
            .zip(palette::SERIES)
            .zip(markers)
            .map(|((q, color), marker)| Series {
                name: (w.nrs_short)(q).to_string(),
                color,
                marker,
                points: points(&span, course::nrs_course(registrations, q)),
            })
            .collect();
        Chart {
            title: w.language().chart().pain_title.into(),
            not_assessed_label: w.not_assessed_short.to_string(),
            scale: Scale::Score,
            span,
            series,
        }
    }

    /// The three symptom sums, with meaningful changes marked, in the language of `w`.
    pub fn sums(registrations: &[Registration], span: Span, w: &ClinicalWords) -> Chart {
        let markers = [Marker::Circle, Marker::Triangle, Marker::Square];
        let series = SumKind::ALL
            .into_iter()
            .zip(palette::SERIES)
            .zip(markers)
            .map(|((kind, color), marker)| Series {
                name: (w.sum_label)(kind).to_string(),
                color,
                marker,
                points: course::sum_course(registrations, kind)
                    .into_iter()
                    .map(|SumPoint { at, value, change }| ChartPoint {
                        x: span.x(at),
                        value: value.map(Value::Number).unwrap_or(Value::NotAssessed),
                        change,
                    })
                    .collect(),
            })
            .collect();
        Chart {
            title: w.language().chart().sums_title.into(),
            not_assessed_label: w.not_assessed_short.to_string(),
            scale: Scale::Sum { max: 90 },
            span,
            series,
        }
    }

    pub fn y_max(&self) -> f64 {
        match self.scale {
            Scale::Score => 10.0,
            Scale::Sum { max } => f64::from(max),
        }
    }
}
