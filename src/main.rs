//! `plenary`: parse arguments, run the library, print diagnostics, exit 0, 1 or 2.

use std::io::IsTerminal;
use std::process::ExitCode;

use clap::Parser;
use jiff::Timestamp;
use plenary::cli::{Cli, Command};
use plenary::commands::build::{build, BuildOptions};
use plenary::commands::check;
use plenary::release;
use plenary::support::error::{Diagnostic, Failure};
use plenary::support::warnings;

const CONTENT_ERROR: u8 = 1;
const USAGE_ERROR: u8 = 2;

/// mimalloc: rendering threads allocate many small strings; glibc malloc took a quarter of
/// the CPU of a large build (see BENCHMARKS.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    // Transparent huge pages off; a build turns them on while it loads the site
    // (`support::huge_pages`).
    plenary::support::huge_pages::off();
    let cli = Cli::parse();
    match cli.command {
        Command::Build(args) => build_site(args),
        Command::Serve(args) => serve(args),
        Command::Status(args) => status(args),
        Command::Check(args) => check_site(args),
        Command::New(args) => new(args),
        Command::Audit(args) => audit(args),
    }
}

/// `plenary build`: every audience (or the chosen ones) into the output folder.
fn build_site(args: plenary::cli::BuildArgs) -> ExitCode {
    let as_of = match site_and_as_of(&args.site, args.as_of.as_deref()) {
        Ok(as_of) => as_of,
        Err(code) => return code,
    };
    let site = args.site.clone();
    let options = BuildOptions {
        site,
        audiences: args.audience,
        as_of,
        out: args.out.clone(),
        progress: plenary::support::progress::wanted(),
    };
    match build(&options) {
        Ok(report) => {
            eprint!("{}", warnings::grouped(&report.warnings, args.verbose));
            for (audience, pages, copies) in &report.audiences {
                eprintln!(
                    "built {audience}: {pages} pages, {copies} attachments → {}",
                    args.out.join(audience).display()
                );
            }
            if args.timings {
                for (phase, took) in &report.timings {
                    eprintln!("{:>8.2} s  {phase}", took.as_secs_f64());
                }
            }
            for guard in &report.guards {
                eprintln!(
                    "leak guard, {}: no hidden content in {} files ({:.1} MB) [{}; {:.2} s of CPU]",
                    guard.audience,
                    guard.files,
                    guard.bytes as f64 / 1e6,
                    guard.looked_for,
                    guard.took.as_secs_f64()
                );
            }
            ExitCode::SUCCESS
        }
        Err(failure) => fail(&failure, &options),
    }
}

/// `plenary serve`: the live preview.
fn serve(args: plenary::cli::ServeArgs) -> ExitCode {
    let as_of = match site_and_as_of(&args.site, args.as_of.as_deref()) {
        Ok(as_of) => as_of,
        Err(code) => return code,
    };
    let options = plenary::commands::serve::ServeOptions {
        site: args.site,
        audience: args.audience,
        as_of,
        bind: args.bind,
        port: args.port,
        open: args.open,
        progress: plenary::support::progress::wanted(),
    };
    match plenary::commands::serve::serve(&options) {
        Ok(()) => ExitCode::SUCCESS,
        Err(plenary::commands::serve::ServeError::Usage(message)) => usage(&message),
        Err(plenary::commands::serve::ServeError::Io(message)) => {
            eprintln!("error: {message}");
            ExitCode::from(CONTENT_ERROR)
        }
    }
}

/// `plenary status`: the release calendar, as a table, JSON or the coverage matrix.
fn status(args: plenary::cli::StatusArgs) -> ExitCode {
    let as_of = match site_and_as_of(&args.site, args.as_of.as_deref()) {
        Ok(as_of) => as_of,
        Err(code) => return code,
    };
    match plenary::content::load::load(&args.site) {
        Ok(loaded) => {
            print_all(&loaded.warnings);
            let report = plenary::commands::status::status(&loaded.site, as_of);
            if args.json {
                println!(
                    "{}",
                    serde_json::to_string_pretty(&report).expect("plain data")
                );
            } else if args.coverage {
                let colour = std::io::stdout().is_terminal()
                    && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty());
                let languages = &loaded.site.config.languages;
                print!(
                    "{}",
                    plenary::commands::status::coverage_matrix(&report, languages, colour)
                );
            } else {
                print!("{}", plenary::commands::status::human(&report));
            }
            ExitCode::SUCCESS
        }
        Err(failure) => {
            print_all(&failure.diagnostics);
            summary(&failure);
            ExitCode::from(CONTENT_ERROR)
        }
    }
}

/// `plenary check`: everything a build checks, nothing written.
fn check_site(args: plenary::cli::CheckArgs) -> ExitCode {
    let as_of = match site_and_as_of(&args.site, args.as_of.as_deref()) {
        Ok(as_of) => as_of,
        Err(code) => return code,
    };
    match check::check(&args.site, as_of) {
        Ok(found) => {
            eprint!("{}", warnings::grouped(&found, args.verbose));
            eprintln!("check passed: {} warning(s)", found.len());
            ExitCode::SUCCESS
        }
        Err(failure) => {
            print_all(&failure.diagnostics);
            summary(&failure);
            ExitCode::from(CONTENT_ERROR)
        }
    }
}

/// `plenary new`: a meeting or document from the skeleton.
fn new(args: plenary::cli::NewArgs) -> ExitCode {
    if !args.site.is_dir() {
        return usage(&format!(
            "the site folder `{}` does not exist; pass --site DIR",
            args.site.display()
        ));
    }
    match plenary::commands::new::run(&args.site, &args.what) {
        Ok(files) => {
            for file in files {
                eprintln!("created {}", args.site.join(file).display());
            }
            ExitCode::SUCCESS
        }
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::from(CONTENT_ERROR)
        }
    }
}

/// `plenary audit`: any folder read for what the audience may not see.
fn audit(args: plenary::cli::AuditArgs) -> ExitCode {
    let as_of = match site_and_as_of(&args.site, args.as_of.as_deref()) {
        Ok(as_of) => as_of,
        Err(code) => return code,
    };
    match plenary::commands::audit::audit(&args.site, &args.audience, as_of, &args.path) {
        Ok(audit) if audit.findings.is_empty() => {
            eprintln!(
                "audit {} as of {as_of}: no hidden content in {} files ({:.1} MB) [{}; {:.2} s]",
                args.audience,
                audit.scan.files,
                audit.scan.bytes as f64 / 1e6,
                audit.looked_for,
                audit.scan.took.as_secs_f64()
            );
            ExitCode::SUCCESS
        }
        Ok(audit) => {
            print_all(&audit.findings);
            eprintln!(
                "{} finding(s): {} holds content the {} audience may not see as of {as_of}; do not publish it",
                audit.scan.findings.len(),
                args.path.display(),
                args.audience
            );
            ExitCode::from(CONTENT_ERROR)
        }
        Err(plenary::commands::audit::AuditError::Usage(message)) => usage(&message),
        Err(plenary::commands::audit::AuditError::Content(failure)) => {
            print_all(&failure.diagnostics);
            summary(&failure);
            ExitCode::from(CONTENT_ERROR)
        }
    }
}

/// The usage checks every command shares: a readable `--as-of` and an existing site folder.
fn site_and_as_of(site: &std::path::Path, text: Option<&str>) -> Result<Timestamp, ExitCode> {
    let Ok(as_of) = as_of(text) else {
        return Err(ExitCode::from(USAGE_ERROR));
    };
    if !site.is_dir() {
        return Err(usage(&format!(
            "the site folder `{}` does not exist; pass --site DIR",
            site.display()
        )));
    }
    Ok(as_of)
}

fn as_of(text: Option<&str>) -> Result<Timestamp, ()> {
    match text {
        None => Ok(Timestamp::now()),
        Some(text) => release::parse_as_of(text).map_err(|message| {
            eprintln!("error: --as-of: {message}");
        }),
    }
}

fn usage(message: &str) -> ExitCode {
    eprintln!("error: {message}");
    ExitCode::from(USAGE_ERROR)
}

fn fail(failure: &Failure, options: &BuildOptions) -> ExitCode {
    // An unknown --audience is a usage error; everything else is about content or output.
    let is_usage = failure.diagnostics.len() == 1
        && failure.diagnostics[0].path.is_none()
        && failure.diagnostics[0]
            .message
            .starts_with("unknown audience");
    print_all(&failure.diagnostics);
    summary(failure);
    if !is_usage {
        eprintln!(
            "nothing was written; the previous output in {} is unchanged",
            options.out.display()
        );
    }
    ExitCode::from(if is_usage { USAGE_ERROR } else { CONTENT_ERROR })
}

fn summary(failure: &Failure) {
    let errors = failure.diagnostics.iter().filter(|d| d.is_error()).count();
    eprintln!("{errors} error(s)");
}

fn print_all(diagnostics: &[Diagnostic]) {
    for diagnostic in diagnostics {
        eprintln!("{diagnostic}");
    }
}
