//! The `iso20k` executable: parses the command line, runs the command, prints its error
//! and exits with the documented code (see the library's `run` module).

use std::io::Write;
use std::process::ExitCode;

fn main() -> ExitCode {
    // Every confirmed answer is saved the moment it is confirmed, so Ctrl-C may end the
    // process at once; it restores the cursor and exits with the documented code.
    let _ = ctrlc::set_handler(|| {
        iso20k::questionnaire::terminal::restore();
        let _ = console::Term::stderr().show_cursor();
        let _ = writeln!(
            std::io::stderr(),
            "\ninterrupted; every confirmed answer is saved"
        );
        std::process::exit(i32::from(iso20k::error::EXIT_INTERRUPTED));
    });
    iso20k::run::main(std::env::args_os())
}
