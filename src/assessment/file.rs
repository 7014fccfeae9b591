//! Reading and writing assessment files.
//!
//! The file is written for git: a fixed header, then every requirement of the catalogue in
//! catalogue order, one block each, separated by blank lines (`~` for not yet answered), so
//! that two people answering different requirements change different lines and merge
//! without conflict. The same content always gives the same bytes. Answers whose id the
//! catalogue does not know follow, sorted, so nothing is ever dropped.
//!
//! The schema is in `raw`, reading in [`read`](super::read), writing in
//! [`write`](super::write); this module is the one door to both.

pub use super::read::{Loaded, load, parse};
pub use super::write::{HEADER, render, save};

#[cfg(test)]
mod tests {
    use super::*;
    use crate::assessment::raw::clean;
    use crate::assessment::{Action, ActionStatus, Answer, Assessment, Evidence, Rating};
    use crate::catalogue::Catalogue;
    use crate::source::Source;
    use jiff::civil::Date;

    fn cat() -> Catalogue {
        Catalogue::built_in().unwrap()
    }

    #[test]
    fn render_then_parse_round_trips_to_the_same_bytes() {
        let c = cat();
        let mut a = Assessment::new(
            &c,
            "Acme: \"Hosting\"".into(),
            "All\nservices".into(),
            "yes".into(),
            Date::constant(2026, 11, 30),
        );
        let mut ans = Answer::rated(Rating::Level(2));
        ans.note = Some("line one\nline two: with colon".into());
        ans.evidence = vec![
            Evidence {
                reference: "Policy v2".into(),
                reviewed: None,
            },
            Evidence {
                reference: "#123".into(),
                reviewed: Some(Date::constant(2026, 1, 2)),
            },
        ];
        ans.action = Some(Action {
            what: "Write it".into(),
            owner: Some("Ann".into()),
            due: Some(Date::constant(2027, 1, 31)),
            status: ActionStatus::InProgress,
            target: Some(4),
        });
        ans.answered = Some("2026-11-30T10:00:00Z".parse().unwrap());
        a.answers.insert("4.1-4".into(), ans);
        a.answers
            .insert("99.9-1".into(), Answer::rated(Rating::Level(0)));
        let text = render(&a, &c);
        let back = parse(&Source::new("t.yaml", text.clone()), &c).unwrap();
        assert_eq!(back.assessment, a);
        assert_eq!(render(&back.assessment, &c), text);
        assert_eq!(back.warnings.len(), 1, "unknown id is warned about");
    }

    #[test]
    fn unknown_rating_names_line_and_choices() {
        let c = cat();
        let text = format!(
            "{HEADER}\nformat: 1\ncatalogue: {{id: iso-iec-20000-1-2018, version: 1.0.0}}\norganization: X\nas_of: 2026-11-30\nanswers:\n  4.1-4:\n    rating: largly\n"
        );
        let err = parse(&Source::new("a.yaml", text), &c)
            .unwrap_err()
            .to_string();
        assert!(
            err.starts_with("a.yaml:8:13: answers.4.1-4.rating: unknown rating `largly`"),
            "{err}"
        );
        assert!(err.contains("did you mean `largely`?"), "{err}");
    }

    mod props {
        use super::*;
        use proptest::prelude::*;

        fn text() -> impl Strategy<Value = String> {
            // Any printable text, including YAML's special characters, quotes and newlines.
            "[ -~\\n\u{e9}\u{2013}]{0,40}"
        }

        proptest! {
            #![proptest_config(ProptestConfig::with_cases(48))]

            #[test]
            fn any_written_assessment_reads_back_identical(
                org in text(), scope in text(), note in proptest::option::of(text()),
                evidence in proptest::collection::vec(text(), 0..3), pick in 0usize..236, level in 0usize..5,
                what in proptest::option::of("[a-z][ -~]{0,30}"),
            ) {
                let c = cat();
                let mut a = Assessment::new(&c, org, scope, String::new(), Date::constant(2026, 11, 30));
                let (note, evidence) = (note.map(clean), evidence.into_iter().map(clean).collect::<Vec<_>>());
                let mut ans = Answer::rated(Rating::Level(level));
                ans.note = note;
                ans.evidence = evidence.into_iter().map(|reference| Evidence { reference, reviewed: None }).collect();
                ans.action = what.map(|what| Action { what, owner: None, due: None, status: ActionStatus::Open, target: None });
                a.answers.insert(c.requirements[pick].id.clone(), ans);
                let text = render(&a, &c);
                let back = parse(&Source::new("p.yaml", text.clone()), &c);
                prop_assert!(back.is_ok(), "{:?}", back.err().map(|e| e.to_string()));
                let back = back.unwrap();
                prop_assert_eq!(&back.assessment, &a);
                prop_assert_eq!(render(&back.assessment, &c), text);
            }
        }
    }
}
