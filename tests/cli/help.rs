//! Every `--help`, one test and one snapshot per command.

use super::support::*;

/// One `#[test]` per command: `name: [the command's words];`, snapshotted as `name`.
macro_rules! help {
    ($($name:ident: [$($word:literal),*];)+) => {
        $(
            #[test]
            fn $name() {
                let r = run(&[$($word,)* "--help"]);
                assert_eq!(r.code, 0, "{r:?}");
                insta::assert_snapshot!(r.stdout);
            }
        )+
    };
}

help! {
    help: [];
    help_init: ["init"];
    help_assess: ["assess"];
    help_answer: ["answer"];
    help_score: ["score"];
    help_check: ["check"];
    help_report: ["report"];
    help_diff: ["diff"];
    help_actions: ["actions"];
    help_migrate: ["migrate"];
    help_merge: ["merge"];
    help_history: ["history"];
    help_schema: ["schema"];
    help_import: ["import"];
    help_catalogue: ["catalogue"];
    help_catalogue_list: ["catalogue", "list"];
    help_catalogue_show: ["catalogue", "show"];
    help_catalogue_validate: ["catalogue", "validate"];
}
