//! `import`: the list of changes a workbook or CSV made to an assessment.

use crate::import::{Plan, shown};
use std::path::Path;

/// Every change in lines for people, then the counts.
pub fn text(file: &Path, source: &Path, plan: &Plan, dry_run: bool, ignored: &[String]) -> String {
    let mut t = String::new();
    if !ignored.is_empty() {
        t.push_str(&format!(
            "{}: not read (no answer column of that name): {}\n",
            source.display(),
            ignored.join(", ")
        ));
    }
    if plan.changes.is_empty() {
        t.push_str(&format!(
            "{} -> {}: no changes; the file is left as it was\n",
            source.display(),
            file.display()
        ));
        return t;
    }
    let requirements = {
        let mut ids: Vec<&str> = plan
            .changes
            .iter()
            .map(|c| c.requirement.as_str())
            .collect();
        ids.dedup();
        ids.len()
    };
    t.push_str(&format!(
        "{} -> {}: {} change(s) to {requirements} requirement(s){}\n",
        source.display(),
        file.display(),
        plan.changes.len(),
        if dry_run {
            " (dry run: nothing written)"
        } else {
            ""
        }
    ));
    for c in &plan.changes {
        t.push_str(&format!(
            "  {:<12} {:<15} {} -> {}\n",
            c.requirement,
            c.field,
            shown(&c.old),
            shown(&c.new)
        ));
    }
    for x in &plan.conflicts {
        t.push_str(&format!(
            "  conflict {} {} at {}: file {}, workbook {}\n",
            x.requirement,
            x.field,
            x.place,
            shown(&x.file),
            shown(&x.workbook)
        ));
    }
    t
}
