#![forbid(unsafe_code)]

use std::io::{IsTerminal, Write};
use std::process::ExitCode;

use clap::Parser;
use juri::cli::{self, Cli, Command};
use juri::error::Error;

fn main() -> ExitCode {
    let args = Cli::parse();
    let result = match &args.command {
        Some(Command::New(a)) => cli::new_session(a, &mut ask_secret),
        Some(Command::ChairPin { file }) => cli::chair_pin(file, &mut ask_secret),
        Some(Command::ImportScores(a)) => cli::import_scores(a, &mut std::io::stdin().lock()),
        Some(Command::Standings(a)) => cli::standings(a),
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
            report(&e);
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
    let table = cli::standings(&cli::StandingsArgs {
        file: path.clone(),
        format: juri::report::Format::Table,
        method: cli::MethodArg::Mean,
        normalize: cli::NormalizeArg::None,
        category: None,
        tie_break: None,
    })?;
    Ok(format!(
        "demo session written to {}\n\n{table}",
        path.display()
    ))
}

/// A PIN from the terminal, typed without echo (a dot per digit), or a line of standard input
/// when that is not a terminal (scripts).
fn ask_secret(prompt: &str) -> juri::Result<String> {
    use crossterm::event::{self, Event, KeyCode, KeyEventKind, KeyModifiers};
    let stdin = std::io::stdin();
    if !stdin.is_terminal() {
        let mut line = String::new();
        stdin
            .read_line(&mut line)
            .map_err(|e| Error::io("read", "standard input", e))?;
        return Ok(line.trim().to_string());
    }
    let io = |e| Error::io("use", "the terminal", e);
    let mut err = std::io::stderr();
    let _ = write!(err, "{prompt}").and_then(|()| err.flush());
    crossterm::terminal::enable_raw_mode().map_err(io)?;
    let mut pin = String::new();
    let outcome = loop {
        let ev = match event::read() {
            Ok(Event::Key(k)) if k.kind != KeyEventKind::Release => k,
            Ok(_) => continue,
            Err(e) => break Err(io(e)),
        };
        match ev.code {
            KeyCode::Enter => break Ok(()),
            KeyCode::Esc => break Err(Error::Usage("cancelled".into())),
            KeyCode::Char('c') if ev.modifiers.contains(KeyModifiers::CONTROL) => {
                break Err(Error::Usage("cancelled".into()));
            }
            KeyCode::Backspace if pin.pop().is_some() => {
                let _ = write!(err, "\u{8} \u{8}").and_then(|()| err.flush());
            }
            KeyCode::Char(c) if pin.len() < 16 => {
                pin.push(c);
                let _ = write!(err, "•").and_then(|()| err.flush());
            }
            _ => {}
        }
    };
    let _ = crossterm::terminal::disable_raw_mode();
    let _ = writeln!(err);
    outcome.map(|()| pin)
}

/// One line with the cause, every problem for an invalid file, then a hint.
fn report(e: &Error) {
    eprintln!("error: {e}");
    if let Error::Invalid { problems, .. } = e
        && problems.len() > 1
    {
        for p in problems {
            eprintln!("  {p}");
        }
    }
    if let Some(h) = e.hint() {
        eprintln!("hint: {h}");
    }
}
