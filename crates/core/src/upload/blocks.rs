//! Put Block, Get Block List and Put Block List: the package goes up in blocks of
//! [`BLOCK_SIZE`], each with its Content-MD5 (the service refuses a block whose
//! bytes do not hash to it), then one commit.
//!
//! **Block ids** are base64 of `certpack-<index, 5 digits>-<MD5 of the block, hex>`:
//! 47 bytes, the same length for every block (Azure requires that; the limit is 64).
//! **Resume:** before sending, the blob's block list (committed and uncommitted) is
//! read; a block whose id *and* size are already there is not sent again. The id
//! carries the MD5 the service checked when the block was staged, so the same id
//! means the same bytes; Get Block List gives only names and sizes, which is why the
//! MD5 is in the name. A block staged by another writer under such a name is caught
//! by the final check (SAS-03: the blob downloaded hashes to the package).

use std::collections::HashMap;
use std::io::Read;
use std::path::Path;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as B64;
use md5::{Digest as _, Md5};
use sha2::Sha256;

use super::http::{Failure, Request};
use super::{Target, storage_error};
use crate::bundle::ProgressSink;
use crate::model::Progress;
use crate::{Error, Result};

/// Bytes per block: 4 MiB.
pub const BLOCK_SIZE: usize = 4 * 1024 * 1024;
/// Azure's limit of blocks in one blob.
pub const MAX_BLOCKS: u64 = 50_000;

/// What was staged.
pub(crate) struct Staged {
    /// Every block id, in order.
    pub ids: Vec<String>,
    /// Bytes read (and staged).
    pub size: u64,
    /// SHA-256 of those bytes, lowercase hex.
    pub sha256: String,
    /// Blocks already on the service, not sent again.
    pub reused: usize,
}

/// The id of block `index` with MD5 `md5`.
pub(crate) fn block_id(index: usize, md5: &[u8]) -> String {
    B64.encode(format!("certpack-{index:05}-{}", hex::encode(md5)))
}

/// The Put Block List body: every id as `<Latest>` (the service takes the
/// uncommitted block when there is one, else the committed one).
pub(crate) fn block_list_xml(ids: &[String]) -> String {
    let mut s = String::from("<?xml version=\"1.0\" encoding=\"utf-8\"?><BlockList>");
    for id in ids {
        s.push_str("<Latest>");
        s.push_str(id);
        s.push_str("</Latest>");
    }
    s.push_str("</BlockList>");
    s
}

/// Block names and sizes of a Get Block List answer (committed and uncommitted).
pub(crate) fn parse_block_list(xml: &str) -> HashMap<String, u64> {
    let mut out = HashMap::new();
    let Ok(doc) = roxmltree::Document::parse(xml.trim_start_matches('\u{feff}')) else {
        return out;
    };
    for block in doc.descendants().filter(|n| n.has_tag_name("Block")) {
        let child = |name: &str| {
            block
                .children()
                .find(|c| c.has_tag_name(name))
                .and_then(|c| c.text())
        };
        if let (Some(name), Some(size)) = (child("Name"), child("Size"))
            && let Ok(size) = size.trim().parse::<u64>()
        {
            out.insert(name.trim().to_owned(), size);
        }
    }
    out
}

/// The blocks the service already holds for the blob (none when it has no blob
/// yet, or when the SAS may not read the list).
pub(crate) fn staged_blocks(target: &Target<'_>) -> Result<HashMap<String, u64>> {
    let mut url = target.url.clone();
    url.set_query(Some("comp=blocklist&blocklisttype=all"));
    let req = Request {
        method: "GET",
        url,
        headers: vec![],
        body: &[],
        what: format!("listing the blocks of `{}`", target.name),
    };
    match target.client.send(&req, target.auth, &mut |_| {}) {
        Ok(mut resp) => {
            let xml = resp
                .body_mut()
                .with_config()
                .limit(32 * 1024 * 1024)
                .read_to_string()
                .unwrap_or_default();
            Ok(parse_block_list(&xml))
        }
        // no blob yet, or a SAS without read: nothing to resume
        Err(Failure::Status {
            status: 404 | 403, ..
        }) => Ok(HashMap::new()),
        Err(f) => Err(storage_error(&req.what, f)),
    }
}

/// Reads `file` block by block and stages each block not already staged; hashes
/// the whole file on the way.
pub(crate) fn stage(
    target: &Target<'_>,
    file: &Path,
    block_size: usize,
    progress: &mut dyn ProgressSink,
) -> Result<Staged> {
    let mut f =
        crate::read::file::open_regular(file).map_err(|e| Error::io("cannot read", file, e))?;
    let size = f
        .metadata()
        .map_err(|e| Error::io("cannot read", file, e))?
        .len();
    let count = size.div_ceil(block_size as u64);
    if count > MAX_BLOCKS {
        return Err(Error::Input(format!(
            "`{}` is {size} bytes: more than {MAX_BLOCKS} blocks of {block_size} bytes",
            file.display()
        )));
    }
    let already = if count > 0 {
        staged_blocks(target)?
    } else {
        HashMap::new()
    };
    progress.progress(Progress::Phase {
        name: "upload".into(),
        total: size,
    });
    let mut sha = Sha256::new();
    let mut buf = vec![0u8; block_size];
    let mut ids = Vec::with_capacity(usize::try_from(count).unwrap_or(0));
    let mut done = 0u64;
    let mut reused = 0;
    for index in 0..usize::try_from(count).unwrap_or(0) {
        if target.client.cancelled() {
            return Err(Error::Cancelled);
        }
        let want = usize::try_from((size - done).min(block_size as u64)).unwrap_or(block_size);
        let block = &mut buf[..want];
        f.read_exact(block)
            .map_err(|e| Error::io("cannot read", file, e))?;
        sha.update(&*block);
        let md5 = Md5::digest(&*block);
        let id = block_id(index, &md5);
        if already.get(&id) == Some(&(want as u64)) {
            reused += 1;
        } else {
            put_block(target, index, count, &id, &md5, block, done, progress)?;
        }
        done += want as u64;
        ids.push(id);
        progress.progress(Progress::Bytes {
            done,
            entry: target.name.clone(),
        });
    }
    let mut more = [0u8; 1];
    if f.read(&mut more)
        .map_err(|e| Error::io("cannot read", file, e))?
        != 0
    {
        return Err(Error::Input(format!(
            "`{}` grew while it was being uploaded; upload it again once it is written",
            file.display()
        )));
    }
    Ok(Staged {
        ids,
        size: done,
        sha256: hex::encode(sha.finalize()),
        reused,
    })
}

#[allow(clippy::too_many_arguments)]
fn put_block(
    target: &Target<'_>,
    index: usize,
    count: u64,
    id: &str,
    md5: &[u8],
    block: &[u8],
    before: u64,
    progress: &mut dyn ProgressSink,
) -> Result<()> {
    let mut url = target.url.clone();
    let encoded: String = url::form_urlencoded::byte_serialize(id.as_bytes()).collect();
    url.set_query(Some(&format!("comp=block&blockid={encoded}")));
    let req = Request {
        method: "PUT",
        url,
        headers: vec![("Content-MD5".into(), B64.encode(md5))],
        body: block,
        what: format!("block {} of {count} of `{}`", index + 1, target.name),
    };
    let name = target.name.clone();
    let mut high = before;
    target
        .client
        .send(&req, target.auth, &mut |n| {
            // a retried block starts again from 0: the bar does not go back
            if before + n > high {
                high = before + n;
                progress.progress(Progress::Bytes {
                    done: high,
                    entry: name.clone(),
                });
            }
        })
        .map(drop)
        .map_err(|f| storage_error(&req.what, f))
}

/// Commits `ids` as the blob, with its content type and the package's SHA-256 as
/// metadata (`x-ms-meta-sha256`).
pub(crate) fn commit(target: &Target<'_>, ids: &[String], sha256: &str) -> Result<()> {
    let body = block_list_xml(ids);
    let mut url = target.url.clone();
    url.set_query(Some("comp=blocklist"));
    let req = Request {
        method: "PUT",
        url,
        headers: vec![
            ("Content-Type".into(), "application/xml".into()),
            (
                "Content-MD5".into(),
                B64.encode(Md5::digest(body.as_bytes())),
            ),
            ("x-ms-blob-content-type".into(), "application/zip".into()),
            ("x-ms-meta-sha256".into(), sha256.to_owned()),
        ],
        body: body.as_bytes(),
        what: format!("committing the {} block(s) of `{}`", ids.len(), target.name),
    };
    target
        .client
        .send(&req, target.auth, &mut |_| {})
        .map(drop)
        .map_err(|f| storage_error(&req.what, f))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn block_ids_are_fixed_width_and_carry_the_md5() {
        let md5 = Md5::digest(b"abc");
        let a = block_id(0, &md5);
        let b = block_id(49_999, &Md5::digest(b"other"));
        assert_eq!(a.len(), b.len());
        let raw = B64.decode(&a).unwrap();
        assert!(raw.len() <= 64, "Azure's limit before base64");
        assert_eq!(
            String::from_utf8(raw).unwrap(),
            "certpack-00000-900150983cd24fb0d6963f7d28e17f72"
        );
    }

    #[test]
    fn block_list_round_trip() {
        let ids = vec![block_id(0, &[0; 16]), block_id(1, &[1; 16])];
        let xml = block_list_xml(&ids);
        assert!(xml.starts_with("<?xml") && xml.contains(&format!("<Latest>{}</Latest>", ids[1])));
        let answer = format!(
            "\u{feff}<?xml version=\"1.0\" encoding=\"utf-8\"?><BlockList><CommittedBlocks>\
             <Block><Name>{}</Name><Size>4194304</Size></Block></CommittedBlocks><UncommittedBlocks>\
             <Block><Name>{}</Name><Size>12</Size></Block></UncommittedBlocks></BlockList>",
            ids[0], ids[1]
        );
        let m = parse_block_list(&answer);
        assert_eq!(m.get(&ids[0]), Some(&4_194_304));
        assert_eq!(m.get(&ids[1]), Some(&12));
        assert!(parse_block_list("<BlockList/>").is_empty());
        assert!(parse_block_list("garbage").is_empty());
    }
}
