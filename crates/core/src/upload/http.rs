//! The HTTP side: one blocking `ureq` agent, bounded retries with exponential
//! backoff, and failures classified and redacted where they are made.
//!
//! Retried: 408, 429, every 5xx, timeouts, refused / reset / cut connections and
//! protocol errors (a server that closed mid-answer). Never retried: any other 4xx
//! (a refused signature does not get better), unknown hosts, TLS failures. A `ureq`
//! error carries the URL, so it is never formatted as is: only its kind and, for I/O,
//! the system's message, and every text goes through [`redact_text`].

use std::io::Read;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU32, Ordering};
use std::time::Duration;

use ureq::http;
use url::Url;

use super::Network;
use super::account::{API_VERSION, ConnectionString, http_date};
use super::sas::{SasUrl, redact_text};

/// How a request is authorised.
#[derive(Clone, Copy)]
pub(crate) enum Auth<'a> {
    /// The SAS's query is appended to the URL.
    Sas(&'a SasUrl),
    /// An `Authorization: SharedKey` header signed with the account key.
    Key(&'a ConnectionString),
}

/// One request: the URL without authorisation (it may carry the operation's own
/// query, `comp=block&blockid=…`), extra headers, the body, and what it is for
/// messages (`block 3 of 25`).
pub(crate) struct Request<'a> {
    pub method: &'static str,
    pub url: Url,
    pub headers: Vec<(String, String)>,
    pub body: &'a [u8],
    pub what: String,
}

/// Why a request failed, after the retries it deserved.
#[derive(Debug)]
pub(crate) enum Failure {
    /// The service answered with an error status.
    Status {
        status: u16,
        /// `x-ms-error-code` or the XML's `<Code>` (`AuthorizationFailure`), or empty.
        code: String,
        /// The first line of the XML's `<Message>`, redacted, or empty.
        message: String,
        /// Tries made (more than 1 when the status was retried).
        attempts: u32,
    },
    /// No answer: the connection failed, was cut or timed out (message redacted).
    Transport(String),
    /// The cancel flag was set.
    Cancelled,
}

/// The agent, the retry policy, the cancel flag and what to redact.
pub(crate) struct Client {
    agent: ureq::Agent,
    net: Network,
    cancel: Option<Arc<AtomicBool>>,
    needles: Vec<String>,
    retries: AtomicU32,
}

impl Client {
    /// A client for `endpoint` (no proxy for this machine; otherwise the usual
    /// `HTTPS_PROXY`/`NO_PROXY` variables).
    pub(crate) fn new(endpoint: &Url, net: Network, cancel: Option<Arc<AtomicBool>>) -> Self {
        let mut cfg = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .max_redirects(0)
            .user_agent(concat!("certpack/", env!("CARGO_PKG_VERSION")))
            .timeout_connect(Some(net.connect_timeout))
            .timeout_per_read(Some(net.io_timeout))
            .timeout_per_write(Some(net.io_timeout))
            .timeout_recv_response(Some(net.io_timeout));
        if super::sas::is_loopback(endpoint) {
            cfg = cfg.proxy(None);
        }
        Client {
            agent: cfg.build().into(),
            net,
            cancel,
            needles: Vec::new(),
            retries: AtomicU32::new(0),
        }
    }

    /// Also redact these texts (signatures, the account key) from every message.
    pub(crate) fn redact_also(&mut self, needles: Vec<String>) {
        self.needles.extend(needles);
    }

    /// `text` with every signature and key replaced.
    pub(crate) fn redact(&self, text: &str) -> String {
        redact_text(text, &self.needles)
    }

    /// Retries one request may take.
    pub(crate) fn net_retries(&self) -> u32 {
        self.net.retries
    }

    /// Requests retried so far.
    pub(crate) fn retries(&self) -> u32 {
        self.retries.load(Ordering::Relaxed)
    }

    pub(crate) fn cancelled(&self) -> bool {
        self.cancel
            .as_ref()
            .is_some_and(|c| c.load(Ordering::Relaxed))
    }

    /// Sends `req`, retrying what deserves it; a 2xx answer is `Ok`. `sent` is told
    /// the body bytes sent by the current attempt.
    pub(crate) fn send(
        &self,
        req: &Request<'_>,
        auth: Auth<'_>,
        sent: &mut dyn FnMut(u64),
    ) -> Result<http::Response<ureq::Body>, Failure> {
        let mut attempt = 0u32;
        loop {
            if self.cancelled() {
                return Err(Failure::Cancelled);
            }
            let retry_after;
            match self.once(req, auth, sent) {
                Ok(resp) if resp.status().is_success() => return Ok(resp),
                Ok(mut resp) => {
                    let status = resp.status().as_u16();
                    if retryable_status(status) && attempt < self.net.retries {
                        retry_after = resp
                            .headers()
                            .get("retry-after")
                            .and_then(|v| v.to_str().ok())
                            .and_then(|v| v.trim().parse::<u64>().ok());
                    } else {
                        let mut f = self.status_failure(&mut resp);
                        if let Failure::Status { attempts, .. } = &mut f {
                            *attempts = attempt + 1;
                        }
                        return Err(f);
                    }
                }
                Err(e) => {
                    if self.cancelled() {
                        return Err(Failure::Cancelled);
                    }
                    let (retry, text) = self.classify(&e);
                    if !retry || attempt >= self.net.retries {
                        let tries = if attempt > 0 {
                            format!(" (after {} attempts)", attempt + 1)
                        } else {
                            String::new()
                        };
                        return Err(Failure::Transport(format!("{text}{tries}")));
                    }
                    retry_after = None;
                }
            }
            self.backoff(attempt, retry_after)?;
            attempt += 1;
        }
    }

    /// Waits before retry `attempt` (0-based): `backoff × 2^attempt`, capped, with a
    /// little jitter, or the server's `Retry-After` when longer (capped too).
    pub(crate) fn backoff(&self, attempt: u32, retry_after: Option<u64>) -> Result<(), Failure> {
        self.retries.fetch_add(1, Ordering::Relaxed);
        let exp = self
            .net
            .backoff
            .saturating_mul(1u32 << attempt.min(16))
            .min(self.net.max_backoff);
        let jitter_ns = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.subsec_nanos());
        let jitter = exp / 4 * (jitter_ns % 1000) / 1000;
        let mut wait = exp + jitter;
        if let Some(s) = retry_after {
            wait = wait.max(Duration::from_secs(s).min(self.net.max_backoff));
        }
        let until = std::time::Instant::now() + wait;
        while std::time::Instant::now() < until {
            if self.cancelled() {
                return Err(Failure::Cancelled);
            }
            std::thread::sleep(
                until
                    .saturating_duration_since(std::time::Instant::now())
                    .min(Duration::from_millis(50)),
            );
        }
        Ok(())
    }

    /// One attempt, no retry.
    pub(crate) fn once(
        &self,
        req: &Request<'_>,
        auth: Auth<'_>,
        sent: &mut dyn FnMut(u64),
    ) -> Result<http::Response<ureq::Body>, ureq::Error> {
        let mut url = req.url.clone();
        if let Auth::Sas(sas) = auth {
            let q = match url.query() {
                Some(own) if !own.is_empty() => format!("{own}&{}", sas.query()),
                _ => sas.query().to_owned(),
            };
            url.set_query(Some(&q));
        }
        let mut headers = req.headers.clone();
        headers.push(("x-ms-version".into(), API_VERSION.into()));
        headers.push(("x-ms-date".into(), http_date(crate::check::now_unix())));
        let has_body = req.method == "PUT" || !req.body.is_empty();
        if has_body {
            headers.push(("content-length".into(), req.body.len().to_string()));
        }
        if let Auth::Key(account) = auth {
            let value = account.authorization(req.method, &url, &headers);
            headers.push(("authorization".into(), value));
        }
        let mut builder = http::Request::builder()
            .method(req.method)
            .uri(url.as_str());
        for (k, v) in &headers {
            builder = builder.header(k.as_str(), v.as_str());
        }
        let mut reader = BodyReader {
            data: req.body,
            pos: 0,
            sent,
            cancel: self.cancel.as_deref(),
        };
        if has_body {
            let request = builder
                .body(ureq::SendBody::from_reader(&mut reader))
                .map_err(ureq::Error::Http)?;
            self.agent.run(request)
        } else {
            let request = builder.body(()).map_err(ureq::Error::Http)?;
            self.agent.run(request)
        }
    }

    /// Whether a transport error deserves a retry, and what to say about it.
    pub(crate) fn classify(&self, e: &ureq::Error) -> (bool, String) {
        use std::io::ErrorKind as K;
        let (retry, text) = match e {
            ureq::Error::Timeout(t) => (true, format!("timed out ({t})")),
            ureq::Error::Io(io) => {
                let retry = !matches!(
                    io.kind(),
                    K::InvalidInput | K::InvalidData | K::PermissionDenied | K::Unsupported
                );
                let what = match io.kind() {
                    K::ConnectionRefused => "the connection was refused".to_owned(),
                    K::ConnectionReset | K::ConnectionAborted | K::BrokenPipe => {
                        "the connection was cut".to_owned()
                    }
                    K::UnexpectedEof => "the connection closed before the answer ended".to_owned(),
                    _ => format!("network error: {io}"),
                };
                (retry, what)
            }
            ureq::Error::ConnectionFailed => (true, "could not connect".to_owned()),
            ureq::Error::Protocol(p) => (true, format!("bad HTTP from the server: {p}")),
            ureq::Error::HostNotFound => (
                false,
                "the host was not found (check the account name or endpoint)".to_owned(),
            ),
            ureq::Error::BadUri(_) => (false, "the URL is not valid".to_owned()),
            ureq::Error::Tls(t) => (false, format!("TLS failed: {t}")),
            ureq::Error::Rustls(t) => (false, format!("TLS failed: {t}")),
            ureq::Error::TooManyRedirects | ureq::Error::RedirectFailed => {
                (false, "the server answered with a redirect".to_owned())
            }
            // named, never formatted: some carry the URL
            ureq::Error::Http(_) => (false, "the request could not be built".to_owned()),
            ureq::Error::InvalidProxyUrl => (
                false,
                "the proxy setting (HTTPS_PROXY, ALL_PROXY) is not a valid URL".to_owned(),
            ),
            ureq::Error::BodyExceedsLimit(_) => {
                (false, "the answer was larger than expected".to_owned())
            }
            _ => (false, "the request failed".to_owned()),
        };
        (retry, self.redact(&text))
    }

    /// An error answer: its code (header or XML) and first message line, redacted.
    pub(crate) fn status_failure(&self, resp: &mut http::Response<ureq::Body>) -> Failure {
        let status = resp.status().as_u16();
        let header_code = resp
            .headers()
            .get("x-ms-error-code")
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .to_owned();
        let body = resp
            .body_mut()
            .with_config()
            .limit(64 * 1024)
            .lossy_utf8(true)
            .read_to_string()
            .unwrap_or_default();
        let (xml_code, message) = error_xml(&body);
        let code = if header_code.is_empty() {
            xml_code
        } else {
            header_code
        };
        Failure::Status {
            status,
            code: self.redact(&code),
            message: self.redact(&message),
            attempts: 1,
        }
    }
}

/// `<Error><Code>…</Code><Message>…</Message></Error>`: the code and the message's
/// first line (Azure adds `RequestId:` and `Time:` lines). Nothing else of the body
/// is kept: Azure echoes query values in `<QueryParameterValue>`.
fn error_xml(body: &str) -> (String, String) {
    let Ok(doc) = roxmltree::Document::parse(body.trim_start_matches('\u{feff}')) else {
        return (String::new(), String::new());
    };
    let text = |name: &str| {
        doc.descendants()
            .find(|n| n.has_tag_name(name))
            .and_then(|n| n.text())
            .unwrap_or("")
            .to_owned()
    };
    let message = text("Message");
    let first = message.lines().next().unwrap_or("").trim().to_owned();
    (text("Code"), first)
}

fn retryable_status(status: u16) -> bool {
    status == 408 || status == 429 || (500..=599).contains(&status)
}

/// The body of a request from memory: counts what was sent and stops when cancelled.
struct BodyReader<'a, 'b> {
    data: &'a [u8],
    pos: usize,
    sent: &'b mut dyn FnMut(u64),
    cancel: Option<&'a AtomicBool>,
}

impl Read for BodyReader<'_, '_> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        if self.cancel.is_some_and(|c| c.load(Ordering::Relaxed)) {
            return Err(std::io::Error::other("cancelled"));
        }
        // small steps, so progress moves and a cancel is seen within one of them
        let n = buf.len().min(256 * 1024).min(self.data.len() - self.pos);
        buf[..n].copy_from_slice(&self.data[self.pos..self.pos + n]);
        self.pos += n;
        (self.sent)(self.pos as u64);
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn error_xml_keeps_code_and_first_line_only() {
        let body = "\u{feff}<?xml version=\"1.0\" encoding=\"utf-8\"?><Error><Code>AuthenticationFailed</Code>\
            <Message>Server failed to authenticate the request.\nRequestId:1\nTime:2</Message>\
            <QueryParameterName>sig</QueryParameterName><QueryParameterValue>s3cret</QueryParameterValue></Error>";
        let (code, msg) = error_xml(body);
        assert_eq!(code, "AuthenticationFailed");
        assert_eq!(msg, "Server failed to authenticate the request.");
        assert_eq!(error_xml("not xml"), (String::new(), String::new()));
    }

    #[test]
    fn which_statuses_are_retried() {
        for s in [408, 429, 500, 502, 503, 504] {
            assert!(retryable_status(s), "{s}");
        }
        for s in [400, 401, 403, 404, 409, 412, 413] {
            assert!(!retryable_status(s), "{s}");
        }
    }

    /// A refused connection is retried the configured number of times, then fails
    /// with a message that holds neither the signature nor the URL's query.
    #[test]
    fn connection_refused_is_retried_then_reported_without_the_signature() {
        let port = {
            let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
            l.local_addr().unwrap().port()
        };
        let sas = SasUrl::parse(&format!(
            "http://127.0.0.1:{port}/devstoreaccount1/c/b.zip?sp=r&sig=TopSecretSig%2B%3D"
        ))
        .unwrap();
        let net = Network {
            retries: 2,
            backoff: Duration::from_millis(1),
            ..Network::default()
        };
        let mut client = Client::new(&sas.base(), net, None);
        client.redact_also(sas.needles());
        let req = Request {
            method: "GET",
            url: sas.base(),
            headers: vec![],
            body: &[],
            what: "download".into(),
        };
        let e = client.send(&req, Auth::Sas(&sas), &mut |_| {}).unwrap_err();
        assert_eq!(client.retries(), 2);
        let text = format!("{e:?}");
        assert!(
            text.contains("refused") && text.contains("after 3 attempts"),
            "{text}"
        );
        assert!(!text.contains("TopSecretSig"), "{text}");
    }
}
