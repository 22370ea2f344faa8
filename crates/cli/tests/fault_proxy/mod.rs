//! A loopback proxy in front of Azurite that misbehaves on demand (std::net and
//! threads): it answers a status without forwarding, cuts a connection in the
//! middle of a request body or of an answer, or changes a byte on the way. Each
//! request is forwarded over its own upstream connection with `Connection: close`,
//! and the answer tells the client to close too, so request boundaries are simple.

use std::io::{Read, Write};
use std::net::{Shutdown, TcpListener, TcpStream};
use std::sync::{Arc, Mutex};

use url::Url;

/// What the proxy does with one request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Act {
    Forward,
    /// Answer this status without forwarding.
    Status(u16),
    /// Read half the body, then close the connection.
    Cut,
    /// Forward with one byte of the body changed.
    CorruptBody,
    /// Forward, then change one byte of the answer's body.
    CorruptAnswer,
    /// Forward, then pass on only half of the answer and close.
    CutAnswer,
}

/// One request as the proxy sees it: its number (from 0), method, path and query,
/// and body length.
pub struct Seen<'a> {
    pub n: usize,
    pub method: &'a str,
    pub target: &'a str,
    pub len: usize,
}

pub type Rule = Box<dyn FnMut(&Seen<'_>) -> Act + Send>;

pub struct Proxy {
    /// The proxy's blob endpoint (`http://127.0.0.1:PORT/devstoreaccount1`).
    pub endpoint: String,
    log: Arc<Mutex<Vec<(String, Act)>>>,
}

impl Proxy {
    /// A proxy in front of Azurite, deciding each request with `rule`.
    pub fn start(rule: Rule) -> Proxy {
        let upstream = Url::parse(super::azurite()).unwrap();
        let up_addr = format!("127.0.0.1:{}", upstream.port().unwrap());
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let rule = Arc::new(Mutex::new((rule, 0usize)));
        let log = Arc::new(Mutex::new(Vec::new()));
        let l2 = log.clone();
        std::thread::spawn(move || {
            for client in listener.incoming().flatten() {
                let (rule, log, up) = (rule.clone(), l2.clone(), up_addr.clone());
                std::thread::spawn(move || {
                    let _ = serve(client, &up, &rule, &log);
                });
            }
        });
        Proxy {
            endpoint: format!("http://127.0.0.1:{port}{}", upstream.path()),
            log,
        }
    }

    /// Every request seen (`METHOD target`, ` [range]` when ranged) and what was done.
    pub fn acts(&self) -> Vec<(String, Act)> {
        self.log.lock().unwrap().clone()
    }
}

/// Reads up to the end of the head (`\r\n\r\n`); `None` at a clean end.
fn read_head(s: &mut TcpStream) -> std::io::Result<Option<Vec<u8>>> {
    let mut head = Vec::new();
    let mut b = [0u8; 1];
    while !head.ends_with(b"\r\n\r\n") {
        if s.read(&mut b)? == 0 {
            return Ok(None);
        }
        head.push(b[0]);
        if head.len() > 64 * 1024 {
            return Ok(None);
        }
    }
    Ok(Some(head))
}

fn content_length(head: &str) -> usize {
    head.lines()
        .find_map(|l| {
            let (k, v) = l.split_once(':')?;
            k.trim()
                .eq_ignore_ascii_case("content-length")
                .then(|| v.trim().parse().ok())?
        })
        .unwrap_or(0)
}

/// `head` with `Connection: close` instead of any connection header.
fn closing(head: &str) -> String {
    let mut out: Vec<&str> = head
        .trim_end()
        .lines()
        .filter(|l| !l.to_ascii_lowercase().starts_with("connection:"))
        .collect();
    out.push("Connection: close");
    format!("{}\r\n\r\n", out.join("\r\n"))
}

fn serve(
    mut client: TcpStream,
    upstream: &str,
    rule: &Mutex<(Rule, usize)>,
    log: &Mutex<Vec<(String, Act)>>,
) -> std::io::Result<()> {
    loop {
        let Some(head) = read_head(&mut client)? else {
            return Ok(());
        };
        let head = String::from_utf8_lossy(&head).into_owned();
        let mut first = head.lines().next().unwrap_or("").split(' ');
        let method = first.next().unwrap_or("").to_owned();
        let target = first.next().unwrap_or("").to_owned();
        let len = content_length(&head);
        let act = {
            let mut r = rule.lock().unwrap();
            let n = r.1;
            r.1 += 1;
            (r.0)(&Seen {
                n,
                method: &method,
                target: &target,
                len,
            })
        };
        let range = if head.to_ascii_lowercase().contains("\r\nx-ms-range:") {
            " [range]"
        } else {
            ""
        };
        log.lock()
            .unwrap()
            .push((format!("{method} {target}{range}"), act));
        if act == Act::Cut {
            let mut half = vec![0u8; len / 2];
            client.read_exact(&mut half)?;
            let _ = client.shutdown(Shutdown::Both);
            return Ok(());
        }
        let mut body = vec![0u8; len];
        client.read_exact(&mut body)?;
        if let Act::Status(code) = act {
            write!(
                client,
                "HTTP/1.1 {code} Injected\r\nContent-Length: 0\r\nx-ms-error-code: ServerBusy\r\n\r\n"
            )?;
            continue;
        }
        if act == Act::CorruptBody && !body.is_empty() {
            let i = body.len() / 3;
            body[i] ^= 0x40;
        }
        let mut up = TcpStream::connect(upstream)?;
        up.write_all(closing(&head).as_bytes())?;
        up.write_all(&body)?;
        let mut answer = Vec::new();
        up.read_to_end(&mut answer)?;
        if act == Act::CorruptAnswer
            && let Some(at) = answer.windows(4).position(|w| w == b"\r\n\r\n")
            && answer.len() > at + 10
        {
            let i = at + 4 + (answer.len() - at - 4) / 2;
            answer[i] ^= 0x01;
        }
        // the client must not reuse a connection this proxy closes
        let answer = match answer.windows(4).position(|w| w == b"\r\n\r\n") {
            Some(at) => {
                let head = closing(&String::from_utf8_lossy(&answer[..at + 4]));
                let mut a = head.into_bytes();
                let body = &answer[at + 4..];
                let keep = if act == Act::CutAnswer {
                    body.len() / 2
                } else {
                    body.len()
                };
                a.extend_from_slice(&body[..keep]);
                a
            }
            None => answer,
        };
        client.write_all(&answer)?;
        let _ = client.shutdown(Shutdown::Both);
        return Ok(());
    }
}
