//! `iso20k answer`: set one answer without prompts.

use crate::assessment::fields::{self, Rejected};
use crate::assessment::{self, Action, ActionStatus, Answer, rating_id};
use crate::catalogue::Catalogue;
use crate::cli::AnswerArgs;
use crate::error::{Error, Result, closest};
use crate::output::Output;
use crate::util;

/// Runs `answer`.
pub fn run(c: &Catalogue, args: AnswerArgs, out: &mut Output) -> Result<u8> {
    let Some(req) = c.requirement(&args.id) else {
        let hint = closest(&args.id, c.requirements.iter().map(|r| r.id.as_str()))
            .map(|s| format!("did you mean `{s}`? "))
            .unwrap_or_default();
        return Err(Error::Usage(format!(
            "no requirement `{}` in catalogue `{}`; {hint}ids look like 8.6.1-2 (`iso20k catalogue list` shows the clauses)",
            args.id, c.id
        )));
    };
    let usage = |r: Rejected| Error::Usage(r.line());
    let flag = |name: &'static str| move |r: Rejected| Error::Usage(format!("{name} {}", r.line()));
    let rating = fields::rating(c, &args.rating).map_err(usage)?;
    let finding = args
        .finding
        .as_deref()
        .map(fields::finding)
        .transpose()
        .map_err(usage)?;
    if let Some(p) = &args.operated_by {
        fields::party(c, Some(req), p).map_err(usage)?;
    }
    let evidence = args
        .evidence
        .iter()
        .map(|e| fields::evidence(e).map_err(flag("--evidence")))
        .collect::<Result<Vec<_>>>()?;
    let status = args
        .status
        .as_deref()
        .map(fields::status)
        .transpose()
        .map_err(usage)?;
    let due = args
        .due
        .as_deref()
        .map(fields::date)
        .transpose()
        .map_err(flag("--due"))?;
    let method = args
        .method
        .as_deref()
        .map(fields::method)
        .transpose()
        .map_err(usage)?;
    let target = args
        .target
        .as_deref()
        .map(|t| fields::target(c, t))
        .transpose()
        .map_err(usage)?;

    let file_shown = args.file.display().to_string();
    let shown = assessment::edit(c, &args.file.clone(), out, move |a| {
        let previous = a.answers.remove(&req.id);
        let mut ans = previous.unwrap_or_else(|| Answer::rated(rating));
        ans.rating = rating;
        if let Some(n) = args.note {
            ans.note = (!n.trim().is_empty()).then_some(n);
        }
        if !evidence.is_empty() {
            ans.evidence = evidence;
        }
        if finding.is_some() {
            ans.finding = finding.filter(|f| *f != ans.finding_default(c, req));
        }
        if args.operated_by.is_some() {
            ans.operated_by = args.operated_by;
        }
        let text = |t: String| (!t.trim().is_empty()).then_some(t);
        if let Some(g) = args.gap {
            ans.gap = text(g);
        }
        if let Some(r) = args.recommendation {
            ans.recommendation = text(r);
        }
        if let Some(who) = args.assessor {
            ans.assessor = text(who);
        }
        if method.is_some() {
            ans.method = method;
        }
        if !args.interviewee.is_empty() {
            ans.interviewees = args.interviewee;
        }
        // Answered again: a review asked for by a migration is done.
        ans.review = None;
        let touches_action = args.action.is_some()
            || args.owner.is_some()
            || due.is_some()
            || status.is_some()
            || target.is_some();
        if touches_action {
            let mut act = ans.action.take().unwrap_or(Action {
                what: String::new(),
                owner: None,
                due: None,
                status: ActionStatus::Open,
                target: None,
            });
            if let Some(w) = args.action {
                act.what = w;
            }
            if args.owner.is_some() {
                act.owner = args.owner;
            }
            if due.is_some() {
                act.due = due;
            }
            if let Some(s) = status {
                act.status = s;
            }
            if target.is_some() {
                act.target = target;
            }
            if act.what.trim().is_empty() {
                return Err(Error::Usage(format!(
                    "{} has no action yet: give --action \"what is to be done\"",
                    req.id
                )));
            }
            ans.action = Some(act);
        }
        if fields::justification(ans.rating, ans.note.as_deref()).is_some() {
            return Err(Error::Usage(
                "not-applicable needs a justification: give --note".into(),
            ));
        }
        ans.answered = Some(util::now());
        let shown = format!(
            "{}: {} ({})",
            req.id,
            rating_id(c, rating),
            ans.finding(c, req).label()
        );
        // The loader's own rules, so that nothing saved here fails to load.
        let problems = crate::assessment::rules::problems(c, &req.id, &ans);
        if !problems.is_empty() {
            let limits = problems
                .iter()
                .any(|p| p.hint.as_deref() == Some(crate::assessment::rules::LIMIT_HINT));
            return Err(Error::Usage(format!(
                "{}: {}: not saved: {}{}",
                args.file.display(),
                req.id,
                crate::assessment::rules::one_line(&problems),
                if limits {
                    "; see the README's \"Input limits\""
                } else {
                    ""
                }
            )));
        }
        a.answers.insert(req.id.clone(), ans);
        Ok(shown)
    })?;
    out.note(&format!("{shown}, saved to {file_shown}"));
    Ok(0)
}
