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
pub use super::write::{DEFAULT_SCHEMA, HEADER, SCHEMA_HINT, render, save};

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
        for (process, attrs, target) in [
            ("8.2.1", &[("2.2", "L"), ("1.1", "F")][..], Some(2)),
            ("8.1", &[("5.2", "N")][..], None),
            ("8.3.2", &[][..], Some(0)),
        ] {
            a.capability.insert(
                process.into(),
                crate::assessment::ProcessCapability {
                    attributes: attrs
                        .iter()
                        .map(|(k, v)| {
                            (
                                (*k).to_string(),
                                crate::capability::Achievement::parse(v).unwrap(),
                            )
                        })
                        .collect(),
                    target,
                },
            );
        }
        let text = render(&a, &c);
        assert!(
            text.find("'8.1':").unwrap() < text.find("8.2.1:").unwrap(),
            "processes in catalogue order"
        );
        let back = parse(&Source::new("t.yaml", text.clone()), &c).unwrap();
        assert_eq!(back.assessment, a);
        assert_eq!(render(&back.assessment, &c), text);
        assert_eq!(back.warnings.len(), 1, "unknown id is warned about");
    }

    #[test]
    fn the_first_line_names_the_schema_and_a_rewrite_keeps_the_files_own() {
        let c = cat();
        let a = Assessment::new(
            &c,
            "O".into(),
            String::new(),
            String::new(),
            Date::constant(2026, 11, 30),
        );
        let text = render(&a, &c);
        let mut lines = text.lines();
        assert_eq!(
            lines.next(),
            Some("# yaml-language-server: $schema=assessment.schema.json")
        );
        assert_eq!(lines.next(), Some(HEADER));
        // A file that names its own schema keeps it; the reader takes the line as a comment.
        let own = text.replacen(
            "$schema=assessment.schema.json",
            "$schema=https://example.org/s/assessment.schema.json",
            1,
        );
        let back = parse(&Source::new("a.yaml", own.clone()), &c).unwrap();
        assert_eq!(
            back.assessment.schema.as_deref(),
            Some("https://example.org/s/assessment.schema.json")
        );
        assert_eq!(render(&back.assessment, &c), own);
        // A file without the line, or with one that cannot be written back as it is, gets
        // the default.
        for first in [
            "# iso20k assessment (format 2).",
            "# yaml-language-server: $schema=",
            "# yaml-language-server: $schema=a\u{1b}[31m",
            "#yaml-language-server:$schema=x.json",
        ] {
            let other = format!("{first}\n{}", text.split_once('\n').unwrap().1);
            let back = parse(&Source::new("a.yaml", other), &c).unwrap();
            let kept = back.assessment.schema.clone();
            assert_eq!(
                render(&back.assessment, &c).lines().next().unwrap(),
                match &kept {
                    Some(s) => format!("{SCHEMA_HINT}{s}"),
                    None => format!("{SCHEMA_HINT}{DEFAULT_SCHEMA}"),
                },
                "{first:?}"
            );
            assert!(kept.is_none() || first.ends_with("x.json"), "{first:?}");
        }
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

    /// What yaml_serde (libyaml's parser) reads where `a` put a string, when it is not that
    /// string.
    fn misread_by_yaml_serde(text: &str, a: &Assessment) -> Vec<String> {
        use serde_yaml::Value;
        let v: Value = match serde_yaml::from_str(text) {
            Ok(v) => v,
            Err(e) => return vec![e.to_string()],
        };
        let mut wrong = Vec::new();
        let mut check = |place: &str, found: &Value, want: &str| {
            if found.as_str() != Some(want) {
                wrong.push(format!("{place}: {found:?}, not {want:?}"));
            }
        };
        check("organization", &v["organization"], &a.organization);
        check("scope", &v["scope"], &a.scope);
        for (id, ans) in &a.answers {
            let Some(e) = v["answers"].as_mapping().and_then(|m| m.get(id.as_str())) else {
                check("answers", &Value::Null, &format!("a key {id:?}"));
                continue;
            };
            if let Some(note) = &ans.note {
                check(&format!("{id:?}.note"), &e["note"], note);
            }
            for (i, ev) in ans.evidence.iter().enumerate() {
                let found = match ev.reviewed {
                    None => &e["evidence"][i],
                    Some(_) => &e["evidence"][i]["ref"],
                };
                check(&format!("{id:?}.evidence[{i}]"), found, &ev.reference);
            }
            if let Some(x) = &ans.action {
                check(
                    &format!("{id:?}.action.what"),
                    &e["action"]["what"],
                    &x.what,
                );
                if let Some(owner) = &x.owner {
                    check(
                        &format!("{id:?}.action.owner"),
                        &e["action"]["owner"],
                        owner,
                    );
                }
            }
        }
        wrong
    }

    /// An assessment with `s` in every free-text field and as an unknown requirement id.
    fn with_everywhere(c: &Catalogue, s: &str) -> Assessment {
        let mut a = Assessment::new(
            c,
            s.into(),
            s.into(),
            s.into(),
            Date::constant(2026, 11, 30),
        );
        let s = clean(s.to_string());
        let mut ans = Answer::rated(Rating::Level(1));
        ans.note = Some(s.clone());
        ans.evidence = vec![
            Evidence {
                reference: s.clone(),
                reviewed: None,
            },
            Evidence {
                reference: s.clone(),
                reviewed: Some(Date::constant(2026, 1, 2)),
            },
        ];
        ans.action = Some(Action {
            what: format!("do {s}"),
            owner: Some(s.clone()),
            due: None,
            status: ActionStatus::Open,
            target: None,
        });
        ans.gap = Some(s.clone());
        ans.recommendation = Some(s.clone());
        ans.assessor = Some(s.clone());
        ans.interviewees = vec![s.clone(), s.clone()];
        ans.review = Some(s.clone());
        a.answers.insert("4.1-4".into(), ans.clone());
        a.answers.insert(s, ans);
        a
    }

    #[test]
    fn every_awkward_string_reads_back_identical_everywhere_in_the_file() {
        let c = cat();
        let all: Vec<String> =
            serde_json::from_str(include_str!("../../tests/fixtures/awkward-strings.json"))
                .unwrap();
        let mut wrong = Vec::new();
        for s in &all {
            let a = with_everywhere(&c, s);
            let text = render(&a, &c);
            match parse(&Source::new("a.yaml", text.clone()), &c) {
                Ok(back) if back.assessment == a => {}
                Ok(_) => wrong.push(format!("ours {s:?}: read back different")),
                Err(e) => wrong.push(format!("ours {s:?}: {e}")),
            }
            for m in misread_by_yaml_serde(&text, &a) {
                wrong.push(format!("yaml_serde {s:?}: {m}"));
            }
        }
        assert!(
            wrong.is_empty(),
            "{} problems over {} strings:\n{}",
            wrong.len(),
            all.len(),
            wrong.join("\n")
        );
    }

    #[test]
    fn enums_are_written_as_serde_reads_them() {
        use crate::assessment::Method;
        use crate::catalogue::Severity;
        for x in Severity::ALL {
            assert_eq!(crate::yaml::from_str::<Severity>(x.id()).unwrap(), x);
        }
        for x in ActionStatus::ALL {
            assert_eq!(crate::yaml::from_str::<ActionStatus>(x.id()).unwrap(), x);
        }
        for x in Method::ALL {
            assert_eq!(crate::yaml::from_str::<Method>(x.id()).unwrap(), x);
        }
        let c = cat();
        let mut a = Assessment::new(
            &c,
            "O".into(),
            String::new(),
            String::new(),
            Date::constant(2026, 11, 30),
        );
        for (i, r) in c.requirements.iter().take(5).enumerate() {
            let mut ans = Answer::rated(Rating::Level(i));
            ans.finding = Some(Severity::ALL[i % 4]);
            ans.method = Some(Method::ALL[i]);
            ans.action = Some(Action {
                what: "Fix".into(),
                owner: None,
                due: Some(Date::constant(2027, 1, 31)),
                status: ActionStatus::ALL[i % 3],
                target: Some(i),
            });
            a.answers.insert(r.id.clone(), ans);
        }
        let back = parse(&Source::new("e.yaml", render(&a, &c)), &c).unwrap();
        assert_eq!(back.assessment, a);
    }

    mod props {
        use super::*;
        use proptest::prelude::*;

        /// Pieces that mean something to some YAML reader, to be strung together.
        const AWKWARD: &[&str] = &[
            "#",
            ": ",
            " #",
            ":",
            " ",
            "  ",
            "\t",
            "---",
            "...",
            "&",
            "*",
            "!",
            "|",
            ">",
            "%",
            "@",
            "`",
            "'",
            "\"",
            "\\",
            "[",
            "]",
            "{",
            "}",
            ",",
            "?",
            "- ",
            "-",
            "\r",
            "\r\n",
            "\n",
            "\n\n",
            "\u{feff}",
            "\u{85}",
            "\u{2028}",
            "\u{2029}",
            "\u{fffe}",
            "\u{ffff}",
            "\0",
            "\u{7}",
            "\u{1b}",
            "\u{7f}",
            "\u{80}",
            "\u{9f}",
            "\u{a0}",
            "\u{301}",
            "\u{1f389}",
            "no",
            "on",
            "Off",
            "y",
            "~",
            "null",
            "true",
            "12:30",
            "1_000",
            "0o17",
            "0x1F",
            "1e5",
            ".inf",
            ".nan",
            "2024-01-01",
            "2001-12-14t21:59:43.10-05:00",
            "<<",
            "=",
            "::error",
            "a",
            "text",
            "\u{e9}",
        ];

        fn text() -> impl Strategy<Value = String> {
            prop_oneof![
                // Any printable text, with YAML's special characters, quotes and newlines.
                "[ -~\n\u{e9}\u{2013}]{0,40}",
                // Controls, Latin-1, Unicode line breaks, byte order marks and non-characters,
                // a combining mark, an emoji.
                "[\\x00-\\x{ff}\\x{2028}\\x{2029}\\x{feff}\\x{fffe}\\x{ffff}\\x{301}\\x{1f389}]{0,16}",
                // YAML-special pieces strung together, alone or among text.
                proptest::collection::vec(proptest::sample::select(AWKWARD), 0..6)
                    .prop_map(|v| v.concat()),
            ]
        }

        fn evidence() -> impl Strategy<Value = Evidence> {
            (text(), any::<bool>()).prop_map(|(r, dated)| Evidence {
                reference: clean(r),
                reviewed: dated.then(|| Date::constant(2026, 1, 2)),
            })
        }

        proptest! {
            #![proptest_config(ProptestConfig::with_cases(64))]

            #[test]
            fn any_written_assessment_reads_back_identical(
                org in text(), scope in text(), note in proptest::option::of(text()),
                evidence in proptest::collection::vec(evidence(), 0..3), pick in 0usize..236, level in 0usize..5,
                what in proptest::option::of(text().prop_filter("an action needs a what", |w| !w.trim().is_empty())),
                owner in proptest::option::of(text()), unknown in proptest::option::of(text()),
                rated in proptest::collection::vec((0usize..9, 0usize..4), 0..5),
                process in 0usize..29, target in proptest::option::of(0u8..6),
            ) {
                let c = cat();
                let mut a = Assessment::new(&c, org, scope, String::new(), Date::constant(2026, 11, 30));
                let mut ans = Answer::rated(Rating::Level(level));
                ans.note = note.map(clean);
                ans.evidence = evidence;
                ans.action = what.map(|what| Action { what: clean(what), owner: owner.map(clean), due: None, status: ActionStatus::Open, target: None });
                a.answers.insert(c.requirements[pick].id.clone(), ans.clone());
                if let Some(id) = unknown {
                    a.answers.insert(id, ans);
                }
                let ids: Vec<&str> = crate::capability::LEVELS.iter().flat_map(|l| l.iter()).copied().collect();
                let pc = crate::assessment::ProcessCapability {
                    attributes: rated.iter().map(|(i, r)| (ids[*i].to_string(), crate::capability::Achievement::ALL[*r])).collect(),
                    target,
                };
                if !pc.is_empty() {
                    let processes = c.processes();
                    a.capability.insert(processes[process % processes.len()].id.clone(), pc);
                }
                let text = render(&a, &c);
                let back = parse(&Source::new("p.yaml", text.clone()), &c);
                prop_assert!(back.is_ok(), "{:?}\n{text}", back.err().map(|e| e.to_string()));
                let back = back.unwrap();
                prop_assert_eq!(&back.assessment, &a);
                prop_assert_eq!(render(&back.assessment, &c), text.clone());
                let misread = misread_by_yaml_serde(&text, &a);
                prop_assert!(misread.is_empty(), "{misread:?}");
            }
        }
    }
}
