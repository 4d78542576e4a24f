#![forbid(unsafe_code)]

use std::io::{IsTerminal, Write};
use std::process::ExitCode;

use clap::Parser;
use juri::cli::{self, Cli, Command};
use juri::error::Error;
use juri::i18n::{Lang, T};

fn main() -> ExitCode {
    let args = Cli::parse();
    // The command line's own words: `--lang`, else the system's (a session's language is not
    // known when its file is what failed).
    let env_lang = std::env::var("LANG").ok();
    let lang = Lang::choose(args.lang.as_deref(), None, env_lang.as_deref());
    cli::set_lang(lang);
    let result = match &args.command {
        Some(Command::New(a)) => cli::new_session(a, args.lang.as_deref(), &mut ask_secret),
        Some(Command::ChairPin { file }) => cli::chair_pin(file, &mut ask_secret),
        Some(Command::ImportScores(a)) => cli::import_scores(a, &mut std::io::stdin().lock()),
        Some(Command::Standings(a)) => cli::standings(a, args.lang.as_deref()),
        Some(Command::Export(a)) => cli::export(a, args.lang.as_deref()),
        Some(Command::Validate { file }) => cli::validate(file),
        Some(Command::Verify { file }) => cli::verify(file),
        Some(Command::Recover {
            file,
            yes,
            chair_pin_stdin,
        }) => cli::recover(file, *yes, *chair_pin_stdin, &mut std::io::stdin().lock()),
        Some(Command::Open { file }) => {
            juri::tui::run(&cli::resolve(file), args.lang.as_deref()).map(|()| String::new())
        }
        Some(Command::Gen(a)) => cli::generate(a),
        Some(Command::Invite {
            file,
            who,
            chair_pin_stdin,
        }) => cli::invite(file, who, *chair_pin_stdin, &mut std::io::stdin().lock()),
        Some(Command::Serve { file, listen }) => {
            juri::serve::run(&cli::resolve(file), listen, args.lang.as_deref())
                .map(|()| String::new())
        }
        Some(Command::Award(a)) => cli::award(a, &mut std::io::stdin().lock()),
        Some(Command::Merge(a)) => cli::merge_sessions(a),
        Some(Command::Agenda(a)) => cli::agenda(a, args.lang.as_deref()),
        Some(Command::Advance(a)) => cli::advance(a),
        Some(Command::ImportStage(a)) => {
            cli::import_stage(a, args.lang.as_deref(), &mut std::io::stdin().lock())
        }
        Some(Command::Demo) | None => demo(args.lang.as_deref()),
    };
    match result {
        Ok(text) => {
            // A reader that stops early (`| head`) is not an error worth a message.
            let mut out = std::io::stdout().lock();
            let end = if text.ends_with('\n') || text.is_empty() {
                ""
            } else {
                "\n"
            };
            let _ = write!(out, "{text}{end}").and_then(|()| out.flush());
            ExitCode::SUCCESS
        }
        Err(e) => {
            report(&e, lang);
            ExitCode::from(e.exit_code())
        }
    }
}

/// A fresh demo copy, opened in the screens; without a terminal, its standings are printed.
fn demo(lang: Option<&str>) -> juri::Result<String> {
    let path = cli::write_demo()?;
    if std::io::stdout().is_terminal() && std::io::stdin().is_terminal() {
        return juri::tui::run(&path, lang).map(|()| String::new());
    }
    let table = cli::standings(
        &cli::StandingsArgs {
            file: path.clone(),
            format: juri::io::report::Format::Table,
            method: None,
            normalize: cli::NormalizeArg::None,
            category: None,
            tie_break: None,
            group: None,
            rules: Default::default(),
        },
        lang,
    )?;
    Ok(format!(
        "demo session written to {}\n\n{table}",
        path.display()
    ))
}

/// A PIN from the terminal, typed without echo (a dot per digit), or a line of standard input
/// when that is not a terminal (scripts).
fn ask_secret(prompt: &str) -> juri::Result<String> {
    let stdin = std::io::stdin();
    if !stdin.is_terminal() {
        let mut line = String::new();
        stdin
            .read_line(&mut line)
            .map_err(|e| Error::io("read", "standard input", e))?;
        return Ok(line.trim().to_string());
    }
    // The same hidden entry as every chair's PIN the command line asks for.
    cli::ask_pin(prompt)
}

/// One line with the cause, every problem for an invalid file, then a hint.
fn report(e: &Error, lang: Lang) {
    // In English, the command line's own words (a refusal is worded for the screens in `text`).
    let text = if lang == Lang::En {
        e.to_string()
    } else {
        e.text(lang)
    };
    eprintln!("{}: {text}", T::ErrPrefix.get(lang));
    if let Error::Invalid { problems, .. } = e
        && problems.len() > 1
    {
        for p in problems {
            eprintln!("  {p}");
        }
    }
    if let Some(h) = cli::hint(e, lang) {
        eprintln!("{}: {h}", T::HintPrefix.get(lang));
    }
}
