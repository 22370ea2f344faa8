//! Get Blob Properties and Get Blob through a read SAS, the way Partner Center will
//! fetch the package: the properties first (a blob of another size is not
//! downloaded), then the bytes, streamed into SHA-256. A download cut in the middle
//! goes on from where it stopped (`x-ms-range`, `If-Match` the first ETag, so the
//! parts are of one blob), within the retry budget.

use std::io::Read;

use sha2::{Digest as _, Sha256};

use super::http::{Auth, Client, Failure, Request};
use super::sas::SasUrl;
use super::storage_error;
use crate::bundle::ProgressSink;
use crate::model::Progress;
use crate::rules::upload::Download;
use crate::{Error, Result};

/// Downloads the blob `read` names and hashes it. An error status is a
/// [`Download::Refused`] (a finding); no answer at all is an `Err` (could not run).
pub(crate) fn download(
    client: &Client,
    read: &SasUrl,
    expected_size: u64,
    entry: &str,
    progress: &mut dyn ProgressSink,
) -> Result<Download> {
    let auth = Auth::Sas(read);
    let head = Request {
        method: "HEAD",
        url: read.base(),
        headers: vec![],
        body: &[],
        what: format!("reading the properties of `{entry}` through the read SAS"),
    };
    let props = match client.send(&head, auth, &mut |_| {}) {
        Ok(r) => r,
        Err(Failure::Status { status, code, .. }) => return Ok(Download::Refused { status, code }),
        Err(f) => return Err(storage_error(&head.what, f)),
    };
    let header = |name: &str| {
        props
            .headers()
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned)
    };
    let size = header("content-length").and_then(|v| v.parse::<u64>().ok());
    let Some(size) = size else {
        return Err(Error::Storage(format!(
            "{}: the answer has no Content-Length",
            head.what
        )));
    };
    if size != expected_size {
        return Ok(Download::Size(size));
    }
    let etag = header("etag");
    progress.progress(Progress::Phase {
        name: "verify".into(),
        total: size,
    });
    let mut sha = Sha256::new();
    let mut done = 0u64;
    let mut attempt = 0u32;
    let mut buf = vec![0u8; 256 * 1024];
    let what = format!("downloading `{entry}` through the read SAS");
    while done < size || size == 0 {
        let mut headers = Vec::new();
        if done > 0 {
            headers.push(("x-ms-range".to_owned(), format!("bytes={done}-")));
        }
        if let Some(etag) = &etag {
            headers.push(("If-Match".to_owned(), etag.clone()));
        }
        let get = Request {
            method: "GET",
            url: read.base(),
            headers,
            body: &[],
            what: what.clone(),
        };
        let mut resp = match client.send(&get, auth, &mut |_| {}) {
            Ok(r) => r,
            // 412: the blob changed since its properties were read
            Err(Failure::Status { status, code, .. }) => {
                return Ok(Download::Refused { status, code });
            }
            Err(f) => return Err(storage_error(&what, f)),
        };
        if done > 0 && resp.status().as_u16() != 206 {
            // the range was ignored: start over
            sha = Sha256::new();
            done = 0;
        }
        let mut reader = resp.body_mut().as_reader();
        let cut = loop {
            if client.cancelled() {
                return Err(Error::Cancelled);
            }
            match reader.read(&mut buf) {
                Ok(0) => break None,
                Ok(n) => {
                    let n = usize::try_from((size - done).min(n as u64)).unwrap_or(n);
                    if n == 0 {
                        // more bytes than the properties said: not the package
                        return Ok(Download::Size(size + 1));
                    }
                    sha.update(&buf[..n]);
                    done += n as u64;
                    progress.progress(Progress::Bytes {
                        done,
                        entry: entry.to_owned(),
                    });
                }
                Err(e) => break Some(e),
            }
        };
        match cut {
            None if done >= size => break,
            None => {
                if attempt >= client.net_retries() {
                    return Err(Error::Storage(format!(
                        "{what}: the connection closed after {done} of {size} bytes (after {} attempts)",
                        attempt + 1
                    )));
                }
            }
            Some(e) => {
                if attempt >= client.net_retries() {
                    let (_, text) = client.classify(&ureq::Error::Io(e));
                    return Err(Error::Storage(format!(
                        "{what}: {text} after {done} of {size} bytes (after {} attempts)",
                        attempt + 1
                    )));
                }
            }
        }
        client
            .backoff(attempt, None)
            .map_err(|f| storage_error(&what, f))?;
        attempt += 1;
    }
    Ok(Download::Blob {
        size: done,
        sha256: hex::encode(sha.finalize()),
    })
}
