//! The `iam-policy-ls` binary: a language server on stdio by default, and the `check`, `expand`,
//! `describe` and `rules` commands.

use clap::{Parser, Subcommand};
use iam_policy_ls::cli;

#[derive(Parser)]
#[command(name = "iam-policy-ls", version = cli::long_version(), long_version = cli::long_version(), about = "A language server and checker for AWS IAM policy documents.", long_about = None)]
struct Args {
    /// Speak LSP on stdin/stdout (the default when no command is given; editors pass it).
    /// (Clients such as vscode-languageclient append it themselves, so it may be repeated.)
    #[arg(long, action = clap::ArgAction::Count)]
    stdio: u8,
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Check policy files and print findings like a compiler (exit 1 when there are errors).
    Check(cli::check::CheckArgs),
    /// Print the actions that each IAM action pattern (e.g. `s3:Get*`) grants.
    Expand {
        /// Patterns such as `s3:Get*`, `ec2:Describe*`, `logs:PutLogEvents`.
        #[arg(required = true)]
        patterns: Vec<String>,
    },
    /// Describe an action, a service prefix or a condition key from the bundled catalog.
    Describe {
        /// `logs:PutLogEvents`, `s3`, `aws:SourceIp`, ...
        name: String,
    },
    /// List the validation rules (`--markdown` for the README table), or show one rule's
    /// documentation with its examples (`rules unknown-action`).
    Rules {
        /// A rule code: print its documentation, its examples and what it reports on them.
        code: Option<String>,
        #[arg(long)]
        markdown: bool,
    },
    /// Run the language server on stdio (same as no command).
    Lsp,
}

fn main() {
    let args = Args::parse();
    let code = match args.command {
        None | Some(Command::Lsp) => {
            // Started by hand in a terminal, not by an editor: say what it is waiting for.
            if args.stdio == 0 && std::io::IsTerminal::is_terminal(&std::io::stdin()) {
                eprintln!(
                    "iam-policy-ls: a language server, waiting for an editor on stdin (Ctrl-D to quit). \
                     To check files: iam-policy-ls check PATH..."
                );
            }
            let runtime = tokio::runtime::Builder::new_multi_thread()
                .worker_threads(2)
                .enable_all()
                .build()
                .expect("cannot start the async runtime");
            let code = runtime.block_on(iam_policy_ls::lsp::run_stdio());
            // The stdin reader sits on a blocking thread that never returns: do not wait for it.
            runtime.shutdown_background();
            code
        }
        Some(Command::Check(a)) => cli::check::run(a),
        Some(Command::Expand { patterns }) => cli::catalog_cmds::expand(&patterns),
        Some(Command::Describe { name }) => cli::catalog_cmds::describe(&name),
        Some(Command::Rules {
            code: Some(code), ..
        }) => cli::catalog_cmds::rule_doc(&code),
        Some(Command::Rules { markdown, .. }) => cli::catalog_cmds::rules(markdown),
    };
    std::process::exit(code);
}
