//! `certpack upload` and `certpack check-sas`: the package to Azure Blob Storage,
//! and the SAS URI that Partner Center will download it through.
//!
//! Exit codes: upload 0 uploaded and verified (SAS-03) with no error finding, 1
//! uploaded but not verified, 2 could not upload; check-sas 0 no error, 1 an error
//! finding, 2 could not run.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, Result, bail};
use certpack_core::upload::{
    self, ConnectionString, DEFAULT_EXPIRY_DAYS, Destination, Network, SasCheckOptions, SasUrl,
    UploadOptions, Uploaded,
};
use clap::Args;
use serde_json::json;
use zeroize::Zeroizing;

use crate::output::{self, Format};
use crate::progress;

#[derive(Debug, Args)]
pub struct UploadArgs {
    /// The outer zip (`certpack bundle` wrote it).
    path: PathBuf,
    /// Name of an environment variable holding the storage account's connection
    /// string (`DefaultEndpointsProtocol=https;AccountName=…;AccountKey=…`, or
    /// `UseDevelopmentStorage=true`): the container is created when missing and
    /// certpack signs a read-only SAS for the blob.
    #[arg(
        long,
        value_name = "VAR",
        required_unless_present = "to",
        conflicts_with = "to"
    )]
    connection_string_env: Option<String>,
    /// An upload SAS URL (a container's or the blob's, with create and write).
    #[arg(long, value_name = "UPLOAD_SAS_URL")]
    to: Option<String>,
    /// The read-only SAS URL of the blob to paste into Partner Center; certpack
    /// verifies it by downloading the blob through it.
    #[arg(long, value_name = "READ_SAS_URL", requires = "to")]
    read_url: Option<String>,
    /// Container (with --connection-string-env).
    #[arg(
        long,
        value_name = "NAME",
        default_value = "certification",
        conflicts_with = "to"
    )]
    container: String,
    /// Blob name (default: the file's name; a blob SAS names it itself).
    #[arg(long, value_name = "NAME")]
    blob: Option<String>,
    /// Days the SAS certpack signs stays valid (at least 15).
    #[arg(long, value_name = "N", default_value_t = DEFAULT_EXPIRY_DAYS, conflicts_with = "to")]
    expiry_days: u32,
    /// Retries of a failed request (5xx, 408, 429, timeouts, cut connections).
    #[arg(long, value_name = "N", default_value_t = 5)]
    retries: u32,
    /// Output format (human or json).
    #[arg(long, value_enum, default_value = "human")]
    format: Format,
}

#[derive(Debug, Args)]
pub struct CheckSasArgs {
    /// The SAS URI, as it will be pasted into Partner Center.
    url: String,
    /// The outer zip: the blob downloaded through the SAS must be it (SAS-03).
    #[arg(long, value_name = "OUTER.zip")]
    package: Option<PathBuf>,
    /// Retries of a failed request.
    #[arg(long, value_name = "N", default_value_t = 5)]
    retries: u32,
    /// Output format.
    #[arg(long, value_enum, default_value = "human")]
    format: Format,
}

fn network(retries: u32) -> Network {
    Network {
        retries,
        ..Network::default()
    }
}

pub fn upload_cmd(args: UploadArgs, quiet: bool) -> Result<ExitCode> {
    if args.format == Format::Sarif {
        bail!("upload prints human or json output");
    }
    if !args.path.is_file() {
        bail!("`{}` is not a file", args.path.display());
    }
    let dest = match (&args.connection_string_env, &args.to) {
        (Some(var), _) => {
            let text = Zeroizing::new(std::env::var(var).map_err(|_| {
                anyhow::anyhow!(
                    "the environment variable `{var}` is not set: it should hold the storage account's \
                     connection string"
                )
            })?);
            let connection = ConnectionString::parse(&text)?;
            Destination::Account {
                connection,
                container: args.container.clone(),
                expiry_days: args.expiry_days,
            }
        }
        (None, Some(to)) => {
            let upload = SasUrl::parse(to).context("--to")?;
            let read = args
                .read_url
                .as_deref()
                .map(SasUrl::parse)
                .transpose()
                .context("--read-url")?;
            Destination::Sas { upload, read }
        }
        (None, None) => bail!("give --connection-string-env VAR or --to UPLOAD_SAS_URL"),
    };
    // the key and the upload SAS are never printed, whatever happens
    output::also_redact(&match &dest {
        Destination::Account { connection, .. } => connection.needles(),
        Destination::Sas { upload, .. } => upload.needles(),
    });
    let opts = UploadOptions {
        blob: args.blob.clone(),
        network: network(args.retries),
        ..UploadOptions::default()
    };
    let mut bar = progress::Bar::new(quiet || args.format != Format::Human);
    let result = upload::upload(&args.path, &dest, &opts, &mut |ev| bar.event(ev));
    bar.finish();
    let up = result?;
    print_uploaded(&up, args.format, quiet)?;
    Ok(if up.verified && !up.report.has_errors() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

fn print_uploaded(up: &Uploaded, format: Format, quiet: bool) -> Result<()> {
    if format == Format::Json {
        return output::print_json(&json!({
            "blobUrl": up.blob_url,
            "sasUri": up.sas_uri.as_ref().map(SasUrl::expose),
            "sha256": up.sha256,
            "size": up.size,
            "expires": up.expires,
            "verified": up.verified,
            "blocks": up.blocks,
            "reusedBlocks": up.reused_blocks,
            "retries": up.retries,
            "note": up.note,
            "diagnostics": up.report.diagnostics,
        }));
    }
    if !up.report.diagnostics.is_empty() {
        output::findings_to_stderr(&up.report)?;
    }
    let mut out = output::stdout();
    if !quiet {
        let mut how = format!("{}, {} block(s)", output::human_size(up.size), up.blocks);
        if up.reused_blocks > 0 {
            how.push_str(&format!(", {} already staged and reused", up.reused_blocks));
        }
        if up.retries > 0 {
            how.push_str(&format!(", {} request(s) retried", up.retries));
        }
        writeln!(out, "uploaded  {} ({how})", up.blob_url)?;
        writeln!(out, "sha256    {}", up.sha256)?;
        if up.verified {
            writeln!(
                out,
                "verified  downloaded through the SAS: same size and SHA-256 (SAS-03)"
            )?;
        } else {
            writeln!(out, "verified  no")?;
        }
        if let Some(se) = &up.expires {
            writeln!(out, "expires   {se}")?;
        }
        if let Some(note) = &up.note {
            writeln!(out, "note      {note}")?;
        }
    }
    if let Some(sas) = &up.sas_uri {
        if !quiet {
            writeln!(out, "SAS URI to paste into Partner Center (Packages tab):")?;
        }
        writeln!(out, "{}", sas.expose())?;
    }
    Ok(())
}

pub fn check_sas_cmd(args: CheckSasArgs, quiet: bool) -> Result<ExitCode> {
    if let Some(p) = &args.package
        && !p.is_file()
    {
        bail!("`{}` is not a file", p.display());
    }
    let opts = SasCheckOptions {
        network: network(args.retries),
        cancel: None,
        now_unix: certpack_core::check::now_unix(),
    };
    let mut bar = progress::Bar::new(quiet || args.format != Format::Human);
    let result = upload::check_sas(&args.url, args.package.as_deref(), &opts, &mut |ev| {
        bar.event(ev)
    });
    bar.finish();
    let report = result?;
    output::report(&report, args.format, quiet)?;
    if args.format == Format::Human && !quiet && !report.has_errors() {
        let mut out = output::stdout();
        let what = if args.package.is_some() {
            "SAS-01, SAS-02 and SAS-03 (the blob behind it is the package)"
        } else {
            "SAS-01 and SAS-02 (give --package to check the blob behind it too)"
        };
        writeln!(out, "ok: {what}")?;
    }
    Ok(if report.has_errors() {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}
