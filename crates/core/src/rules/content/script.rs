//! Custom code, `script.csx` (CSX-01…04) — certification-requirements.md §3.9.
//!
//! The script is read as C# tokens (comments, strings — verbatim, interpolated, raw
//! — and character literals skipped), which is enough to find the `Script` class,
//! the `ExecuteAsync` override, the `using` directives and `new HttpClient(`.
//! `using var x = …;`, `using (…)` and `await using` are statements, not directives.

use crate::connector::FileData;
use crate::model::Severity;
use crate::rules::Sink;

use super::CODE;
use super::util::TextFile;

rules! {
    CSX_01 {
        code: "CSX-01",
        severity: Error,
        scope: Connector,
        title: "script.csx is at most 1 MB",
        explanation: "Custom code is limited to 1 MB: move logic to your service or shorten the script.",
        url: CODE,
    }
    CSX_02 {
        code: "CSX-02",
        severity: Error,
        scope: Connector,
        title: "The script declares class Script : ScriptBase overriding ExecuteAsync",
        explanation: "Declare `public class Script : ScriptBase` with `public override async Task<HttpResponseMessage> \
            ExecuteAsync()`: that is the entry point the connector runtime calls. A class named `script` in \
            another case is a warning: two merged scripts name it so and run.",
        url: CODE,
    }
    CSX_03 {
        code: "CSX-03",
        severity: Error,
        scope: Connector,
        title: "The script uses only the allowed namespaces",
        explanation: "Custom code may use only: System, System.Collections, System.Collections.Generic, \
            System.Diagnostics, System.IO, System.IO.Compression, System.Linq, System.Net, System.Net.Http, \
            System.Net.Http.Headers, System.Net.Security, System.Security.Authentication, \
            System.Security.Cryptography, System.Text, System.Text.RegularExpressions, System.Threading, \
            System.Threading.Tasks, System.Web, System.Xml, System.Xml.Linq, System.Drawing, \
            System.Drawing.Drawing2D, System.Drawing.Imaging, Microsoft.Extensions.Logging, Newtonsoft.Json, \
            Newtonsoft.Json.Linq. Microsoft says other `using` directives are refused at review or deployment; a \
            library outside .NET is an error (the runtime cannot load it), another .NET namespace a warning (a \
            merged script imports `System.Runtime.Remoting.Contexts`). The runtime's own \
            `Microsoft.PowerPlatform.Connectors.CustomCode` is fine.",
        url: CODE,
    }
    CSX_04 {
        code: "CSX-04",
        severity: Warning,
        scope: Connector,
        title: "The script sends requests with Context.SendAsync, not its own HttpClient",
        explanation: "Use `this.Context.SendAsync(request, this.CancellationToken)` instead of `new HttpClient()`: \
            Microsoft says scripts creating their own client will be blocked.",
        url: CODE,
    }
}

/// Namespaces custom code may import.
pub const ALLOWED_NAMESPACES: &[&str] = &[
    "System",
    "System.Collections",
    "System.Collections.Generic",
    "System.Diagnostics",
    "System.IO",
    "System.IO.Compression",
    "System.Linq",
    "System.Net",
    "System.Net.Http",
    "System.Net.Http.Headers",
    "System.Net.Security",
    "System.Security.Authentication",
    "System.Security.Cryptography",
    "System.Text",
    "System.Text.RegularExpressions",
    "System.Threading",
    "System.Threading.Tasks",
    "System.Web",
    "System.Xml",
    "System.Xml.Linq",
    "System.Drawing",
    "System.Drawing.Drawing2D",
    "System.Drawing.Imaging",
    "Microsoft.Extensions.Logging",
    "Newtonsoft.Json",
    "Newtonsoft.Json.Linq",
];

const MAX_BYTES: usize = 1 << 20;

/// A C# token: an identifier or keyword (without a leading `@`), or one punctuation
/// character (`::` is one token).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Tok<'a> {
    Ident(&'a str),
    Punct(&'a str),
}

struct Token<'a> {
    tok: Tok<'a>,
    at: usize,
}

/// The longest `$`/`@` prefix of a string literal the lexer recognises.
const MAX_PREFIX: usize = 16;

/// What the string lexer is inside of.
enum Frame {
    /// A string literal (verbatim or not; interpolated when `dollars > 0`).
    Str { verbatim: bool, dollars: usize },
    /// An interpolation hole, `depth` braces deep.
    Hole { depth: usize },
}

struct Lexer<'a> {
    s: &'a str,
    b: &'a [u8],
    pos: usize,
}

impl<'a> Lexer<'a> {
    fn new(s: &'a str) -> Self {
        Lexer {
            s,
            b: s.as_bytes(),
            pos: 0,
        }
    }

    fn peek(&self, k: usize) -> u8 {
        self.b.get(self.pos + k).copied().unwrap_or(0)
    }

    fn tokens(mut self) -> Vec<Token<'a>> {
        let mut out = Vec::new();
        let mut line_start = true;
        while self.pos < self.b.len() {
            let c = self.b[self.pos];
            match c {
                b'\n' => {
                    line_start = true;
                    self.pos += 1;
                    continue;
                }
                b' ' | b'\t' | b'\r' => {
                    self.pos += 1;
                    continue;
                }
                b'#' if line_start => self.skip_line(),
                b'/' if self.peek(1) == b'/' => self.skip_line(),
                b'/' if self.peek(1) == b'*' => {
                    self.pos += 2;
                    while self.pos < self.b.len()
                        && !(self.b[self.pos] == b'*' && self.peek(1) == b'/')
                    {
                        self.pos += 1;
                    }
                    self.pos = (self.pos + 2).min(self.b.len());
                }
                b'"' | b'$' | b'@' if self.string_start().is_some() => self.string(),
                b'\'' => self.char_literal(),
                b'@' if is_ident_start(self.peek(1)) => {
                    self.pos += 1;
                    out.push(self.ident());
                }
                _ if is_ident_start(c) => out.push(self.ident()),
                b'0'..=b'9' => {
                    while self.pos < self.b.len()
                        && (is_ident_char(self.b[self.pos]) || self.b[self.pos] == b'.')
                    {
                        self.pos += 1;
                    }
                }
                b':' if self.peek(1) == b':' => {
                    out.push(Token {
                        tok: Tok::Punct("::"),
                        at: self.pos,
                    });
                    self.pos += 2;
                }
                _ => {
                    let len = utf8_len(c);
                    let end = (self.pos + len).min(self.b.len());
                    let p = self.s.get(self.pos..end).unwrap_or("?");
                    out.push(Token {
                        tok: Tok::Punct(p),
                        at: self.pos,
                    });
                    self.pos = end;
                }
            }
            line_start = false;
        }
        out
    }

    fn skip_line(&mut self) {
        while self.pos < self.b.len() && self.b[self.pos] != b'\n' {
            self.pos += 1;
        }
    }

    fn ident(&mut self) -> Token<'a> {
        let start = self.pos;
        while self.pos < self.b.len() && is_ident_char(self.b[self.pos]) {
            self.pos += 1;
        }
        Token {
            tok: Tok::Ident(self.s.get(start..self.pos).unwrap_or("")),
            at: start,
        }
    }

    /// `(verbatim, interpolation `$` count, prefix length)` when a string starts here.
    /// The prefix is held to [`MAX_PREFIX`] characters, so a long run of `$` costs a
    /// bounded look at each of its characters.
    fn string_start(&self) -> Option<(bool, usize, usize)> {
        let mut dollars = 0;
        let mut verbatim = false;
        for i in 0..=MAX_PREFIX {
            match self.peek(i) {
                b'$' => dollars += 1,
                b'@' if !verbatim => verbatim = true,
                b'"' => return Some((verbatim, dollars, i)),
                _ => return None,
            }
        }
        None
    }

    /// Skips a string literal and, for an interpolated one, its holes with the
    /// strings nested in them. Iterative: the nesting is a stack on the heap, so a
    /// script of 200,000 nested `$"{` costs memory, not the thread's stack.
    fn string(&mut self) {
        let mut stack: Vec<Frame> = Vec::new();
        if !self.open_string(&mut stack) {
            self.pos += 1;
            return;
        }
        while let Some(top) = stack.last_mut() {
            let Some(&c) = self.b.get(self.pos) else {
                return;
            };
            match top {
                Frame::Str { verbatim, dollars } => {
                    let (verbatim, interpolated) = (*verbatim, *dollars > 0);
                    match c {
                        b'\\' if !verbatim => self.pos += 2,
                        b'"' if verbatim && self.peek(1) == b'"' => self.pos += 2,
                        b'"' => {
                            self.pos += 1;
                            stack.pop();
                        }
                        // an unterminated string ends with its line
                        b'\n' if !verbatim => {
                            stack.pop();
                        }
                        b'{' if interpolated && self.peek(1) == b'{' => self.pos += 2,
                        b'{' if interpolated => {
                            self.pos += 1;
                            stack.push(Frame::Hole { depth: 1 });
                        }
                        _ => self.pos += 1,
                    }
                }
                Frame::Hole { depth } => match c {
                    b'{' => {
                        *depth += 1;
                        self.pos += 1;
                    }
                    b'}' => {
                        *depth -= 1;
                        self.pos += 1;
                        if *depth == 0 {
                            stack.pop();
                        }
                    }
                    b'"' | b'$' | b'@' if self.open_string(&mut stack) => {}
                    b'\'' => self.char_literal(),
                    _ => self.pos += 1,
                },
            }
        }
    }

    /// Starts the string literal at the cursor: a raw one (`"""`) is skipped whole, a
    /// regular or verbatim one is pushed on `stack`. `false` when no string starts here.
    fn open_string(&mut self, stack: &mut Vec<Frame>) -> bool {
        let Some((verbatim, dollars, prefix)) = self.string_start() else {
            return false;
        };
        self.pos += prefix;
        let quotes = self.quote_run();
        if quotes >= 3 {
            // raw string literal: ends at the same run of quotes; each shorter run
            // inside is stepped over whole (linear however the quotes are laid out)
            self.pos += quotes;
            while self.pos < self.b.len() {
                let run = self.quote_run();
                if run >= quotes {
                    self.pos += quotes;
                    return true;
                }
                self.pos += run.max(1);
            }
            return true;
        }
        self.pos += 1;
        stack.push(Frame::Str { verbatim, dollars });
        true
    }

    /// How many `"` follow the cursor.
    fn quote_run(&self) -> usize {
        self.b[self.pos.min(self.b.len())..]
            .iter()
            .take_while(|&&c| c == b'"')
            .count()
    }

    fn char_literal(&mut self) {
        let start = self.pos;
        self.pos += 1;
        if self.peek(0) == b'\\' {
            self.pos += 2;
        } else {
            self.pos += utf8_len(self.peek(0));
        }
        let mut n = 0;
        while self.pos < self.b.len() && self.b[self.pos] != b'\'' && n < 8 {
            self.pos += 1;
            n += 1;
        }
        if self.peek(0) == b'\'' {
            self.pos += 1;
        } else {
            self.pos = start + 1;
        }
    }
}

fn utf8_len(first: u8) -> usize {
    match first {
        0xf0..=0xff => 4,
        0xe0..=0xef => 3,
        0xc0..=0xdf => 2,
        _ => 1,
    }
}

fn is_ident_start(c: u8) -> bool {
    c.is_ascii_alphabetic() || c == b'_' || c >= 0x80
}

fn is_ident_char(c: u8) -> bool {
    c.is_ascii_alphanumeric() || c == b'_' || c >= 0x80
}

/// A `using` directive found in the script.
#[derive(Debug, PartialEq, Eq)]
struct Using {
    at: usize,
    /// The namespace or type named (`global::` dropped, generic arguments cut).
    target: String,
    /// `using static` or an alias: the target may be a type, so its namespace counts.
    may_be_type: bool,
}

/// Reads a dotted name from `toks[i..]`; returns it and the index after it.
fn qualified(toks: &[Token<'_>], mut i: usize) -> (Vec<String>, usize) {
    let mut parts = Vec::new();
    while let Some(Tok::Ident(id)) = toks.get(i).map(|t| t.tok) {
        parts.push(id.to_owned());
        i += 1;
        match toks.get(i).map(|t| t.tok) {
            Some(Tok::Punct(".")) => i += 1,
            Some(Tok::Punct("::")) => {
                if parts.len() == 1 && parts[0] == "global" {
                    parts.clear();
                }
                i += 1;
            }
            _ => break,
        }
    }
    (parts, i)
}

fn usings(toks: &[Token<'_>]) -> Vec<Using> {
    let mut out = Vec::new();
    for (i, t) in toks.iter().enumerate() {
        if t.tok != Tok::Ident("using") {
            continue;
        }
        let mut j = i + 1;
        let is_static = toks.get(j).map(|t| t.tok) == Some(Tok::Ident("static"));
        if is_static {
            j += 1;
        }
        let (name, k) = qualified(toks, j);
        if name.is_empty() {
            continue; // `using (…)`
        }
        match toks.get(k).map(|t| t.tok) {
            Some(Tok::Punct(";")) => out.push(Using {
                at: t.at,
                target: name.join("."),
                may_be_type: is_static,
            }),
            Some(Tok::Punct("<")) if is_static => out.push(Using {
                at: t.at,
                target: name.join("."),
                may_be_type: true,
            }),
            Some(Tok::Punct("=")) if name.len() == 1 && !is_static => {
                let (target, _) = qualified(toks, k + 1);
                if !target.is_empty() {
                    out.push(Using {
                        at: t.at,
                        target: target.join("."),
                        may_be_type: true,
                    });
                }
            }
            _ => {} // `using var x = …`, `using Foo x = …`: statements
        }
    }
    out
}

/// The namespace of the connector runtime itself (`ScriptBase`, `IScriptContext`):
/// always there, so a `using` of it is harmless.
const RUNTIME_NAMESPACE: &str = "Microsoft.PowerPlatform.Connectors.CustomCode";

fn allowed(u: &Using) -> bool {
    let ok = |ns: &str| {
        ALLOWED_NAMESPACES.contains(&ns)
            || ns == RUNTIME_NAMESPACE
            || ns
                .strip_prefix(RUNTIME_NAMESPACE)
                .is_some_and(|r| r.starts_with('.'))
    };
    ok(&u.target) || (u.may_be_type && u.target.rsplit_once('.').is_some_and(|(ns, _)| ok(ns)))
}

/// CSX on one script.
pub fn check(sink: &mut Sink, script: &FileData) {
    let f = TextFile::new(script);
    if script.bytes.len() > MAX_BYTES {
        sink.emit(
            &CSX_01,
            f.at(0),
            format!(
                "the script is {} bytes; the limit is 1 MB ({MAX_BYTES} bytes)",
                script.bytes.len()
            ),
        );
    }
    let toks = Lexer::new(&f.text).tokens();
    entry_point(sink, &f, &toks);
    for u in usings(&toks) {
        if allowed(&u) {
            continue;
        }
        // a .NET namespace off the list compiles where the runtime has it (a merged
        // script imports System.Runtime.Remoting.Contexts); a library's does not
        if u.target == "System" || u.target.starts_with("System.") {
            sink.emit_as(
                &CSX_03,
                Severity::Warning,
                f.at(u.at),
                format!(
                    "`using {}` is a .NET namespace off Microsoft's list; reviewers may refuse it",
                    u.target
                ),
            );
        } else {
            sink.emit(
                &CSX_03,
                f.at(u.at),
                format!(
                    "`using {}` is not in the allowed namespaces: the runtime has no such library",
                    u.target
                ),
            );
        }
    }
    for (i, t) in toks.iter().enumerate() {
        if t.tok != Tok::Ident("new") {
            continue;
        }
        let (name, k) = qualified(&toks, i + 1);
        if name.last().is_some_and(|n| n == "HttpClient")
            && matches!(toks.get(k).map(|t| t.tok), Some(Tok::Punct("(" | "{")))
        {
            sink.emit(
                &CSX_04,
                f.at(t.at),
                "the script creates its own HttpClient; send requests with this.Context.SendAsync",
            );
        }
    }
}

fn entry_point(sink: &mut Sink, f: &TextFile<'_>, toks: &[Token<'_>]) {
    let class = toks.windows(2).position(|w| {
        w[0].tok == Tok::Ident("class")
            && matches!(w[1].tok, Tok::Ident(n) if n.eq_ignore_ascii_case("Script"))
    });
    let Some(c) = class else {
        return sink.emit(&CSX_02, f.at(0), "the script declares no `class Script`");
    };
    if let Tok::Ident(name) = toks[c + 1].tok
        && name != "Script"
    {
        sink.emit_as(
            &CSX_02,
            Severity::Warning,
            f.at(toks[c + 1].at),
            format!("the class is named `{name}`; Microsoft's samples and documentation name it `Script`"),
        );
    }
    let body = toks[c..]
        .iter()
        .position(|t| t.tok == Tok::Punct("{"))
        .map_or(toks.len(), |p| c + p);
    let derives = toks[c + 2..body.max(c + 2)]
        .iter()
        .any(|t| t.tok == Tok::Ident("ScriptBase"));
    if !derives || toks.get(c + 2).map(|t| t.tok) != Some(Tok::Punct(":")) {
        sink.emit(
            &CSX_02,
            f.at(toks[c].at),
            "`class Script` must derive from `ScriptBase`",
        );
    }
    let overrides = toks.iter().enumerate().any(|(i, t)| {
        t.tok == Tok::Ident("ExecuteAsync")
            && toks.get(i + 1).map(|t| t.tok) == Some(Tok::Punct("("))
            && toks[i.saturating_sub(32)..i]
                .iter()
                .rev()
                .take_while(|t| !matches!(t.tok, Tok::Punct(";" | "{" | "}")))
                .any(|t| t.tok == Tok::Ident("override"))
    });
    if !overrides {
        sink.emit(
            &CSX_02,
            f.at(toks[c].at),
            "`class Script` does not override `ExecuteAsync`",
        );
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::*;
    use super::*;
    use crate::model::Diagnostic;
    use crate::rules::cases::Case;

    /// Every content finding on the good connector with the script `text`.
    fn script(text: String) -> Vec<Diagnostic> {
        let mut files = good_connector();
        files.script = Some(FileData {
            vpath: "script.csx".into(),
            bytes: text.into_bytes(),
        });
        run_content(&files)
    }

    /// The good connector's script with `from` replaced by `to`.
    fn edited(from: &str, to: &str) -> Vec<Diagnostic> {
        let text = String::from_utf8(good_connector().script.unwrap().bytes).unwrap();
        assert!(text.contains(from), "{from}");
        script(text.replacen(from, to, 1))
    }

    /// The good connector's script after a comment of `n` bytes.
    fn commented(n: usize) -> Vec<Diagnostic> {
        let text = String::from_utf8(good_connector().script.unwrap().bytes).unwrap();
        let pad = n - text.len() - 4;
        script(format!("{text}// {}\n", "x".repeat(pad)))
    }

    pub(super) fn cases() -> Vec<Case> {
        vec![
            Case::new(
                &CSX_01,
                || commented(MAX_BYTES + 1),
                || commented(MAX_BYTES),
            ),
            Case::new(
                &CSX_02,
                || {
                    edited(
                        "public class Script : ScriptBase",
                        "public class Helper : ScriptBase",
                    )
                },
                || {
                    edited(
                        "public class Script : ScriptBase",
                        "public class Script: ScriptBase",
                    )
                },
            ),
            Case::new(
                &CSX_02,
                || edited("public override async", "public async"),
                || edited("public override async", "public override  async"),
            ),
            Case::new(
                &CSX_02,
                || edited("public class Script", "public class script"),
                || edited("public class Script", "public sealed class Script"),
            )
            .reported_as(Severity::Warning),
            Case::new(
                &CSX_03,
                || edited("using Newtonsoft.Json.Linq;", "using Azure.Storage.Blobs;"),
                || edited("using Newtonsoft.Json.Linq;", "using Newtonsoft.Json;"),
            ),
            Case::new(
                &CSX_03,
                || {
                    edited(
                        "using Newtonsoft.Json.Linq;",
                        "using System.Data.SqlClient;\nusing Newtonsoft.Json.Linq;",
                    )
                },
                || {
                    edited(
                        "using Newtonsoft.Json.Linq;",
                        "using System.Text.RegularExpressions;\nusing Newtonsoft.Json.Linq;",
                    )
                },
            )
            .reported_as(Severity::Warning),
            Case::new(
                &CSX_04,
                || {
                    edited(
                        "var body =",
                        "using var client = new HttpClient();\n        var body =",
                    )
                },
                || {
                    edited(
                        "var body =",
                        "// no new HttpClient() here\n        var body =",
                    )
                },
            ),
        ]
    }

    fn run(text: &str) -> Vec<String> {
        let mut sink = Sink::new();
        check(
            &mut sink,
            &FileData {
                vpath: "script.csx".into(),
                bytes: text.as_bytes().to_vec(),
            },
        );
        codes(&sink)
    }

    #[test]
    fn good_is_silent() {
        let s = good_connector().script.unwrap();
        assert!(run(&String::from_utf8(s.bytes).unwrap()).is_empty());
    }

    const MINIMAL: &str = "public class Script : ScriptBase {\n  public override async Task<HttpResponseMessage> ExecuteAsync() {\n    return await this.Context.SendAsync(this.Context.Request, this.CancellationToken);\n  }\n}\n";

    #[test]
    fn csx01_size() {
        let big = format!("{MINIMAL}// {}\n", "x".repeat(MAX_BYTES));
        assert_eq!(run(&big), ["CSX-01"]);
        assert!(run(MINIMAL).is_empty());
    }

    #[test]
    fn csx02_entry_point() {
        assert_eq!(run("public class Helper : ScriptBase { }"), ["CSX-02"]);
        assert_eq!(
            run(
                "public class Script { public override async Task<HttpResponseMessage> ExecuteAsync() { } }"
            ),
            ["CSX-02"]
        );
        assert_eq!(
            run(
                "public class Script : ScriptBase { public async Task<HttpResponseMessage> ExecuteAsync() { } }"
            ),
            ["CSX-02"]
        );
        // mentions in comments and strings do not count
        assert_eq!(
            run(
                "// class Script : ScriptBase override ExecuteAsync(\nvar s = \"class Script : ScriptBase\";"
            ),
            ["CSX-02"]
        );
    }

    #[test]
    fn csx03_using_directives() {
        let head = "using System;\nusing System.Net.Http;\nusing Newtonsoft.Json.Linq;\nusing static System.Math;\nusing J = Newtonsoft.Json.JsonConvert;\nglobal using global::System.Text;\n";
        assert!(run(&format!("{head}{MINIMAL}")).is_empty());
        let d = run(&format!(
            "using System.Data.SqlClient;\nusing static Microsoft.Azure.Foo;\nusing X = Azure.Storage.Blobs;\n{MINIMAL}"
        ));
        assert_eq!(d, ["CSX-03", "CSX-03", "CSX-03"]);
    }

    #[test]
    fn csx03_using_statements_are_not_directives() {
        let body = "public class Script : ScriptBase {\n public override async Task<HttpResponseMessage> ExecuteAsync() {\n  using var doc = JsonDocument.Parse(\"{}\");\n  using (var ms = new MemoryStream()) { }\n  await using var s = Open();\n  using Foo.Bar x = Make();\n  return null;\n }\n}\n";
        assert!(run(body).is_empty());
    }

    #[test]
    fn csx04_http_client() {
        let s = MINIMAL.replace(
            "return await",
            "var c = new System.Net.Http.HttpClient();\n    return await",
        );
        assert_eq!(run(&s), ["CSX-04"]);
        let s = MINIMAL.replace(
            "return await",
            "var c = new HttpClient { Timeout = t };\n    return await",
        );
        assert_eq!(run(&s), ["CSX-04"]);
        let s = MINIMAL.replace("return await", "// new HttpClient()\n    return await");
        assert!(run(&s).is_empty());
    }

    #[test]
    fn strings_of_every_kind_are_skipped() {
        let s = MINIMAL.replace(
            "return await",
            "var a = $\"{x[\"using Evil;\"]} {{ }}\"; var b = @\"new HttpClient(\"\"\"; var c = \"\"\"\n new HttpClient()\n\"\"\"; char q = '\"'; char r = '\\'';\n    return await",
        );
        assert!(run(&s).is_empty(), "{:?}", run(&s));
    }

    #[test]
    fn findings_have_line_and_column() {
        let mut sink = Sink::new();
        let text = format!("using System;\n  using Azure.Core;\n{MINIMAL}");
        check(
            &mut sink,
            &FileData {
                vpath: "script.csx".into(),
                bytes: text.into_bytes(),
            },
        );
        let d = &sink.diagnostics()[0];
        assert_eq!((d.location.line, d.location.column), (Some(2), Some(3)));
    }

    #[test]
    fn never_panics_on_fragments() {
        for s in [
            "\"",
            "@\"",
            "$\"{",
            "'",
            "'\\",
            "/*",
            "\"\"\"",
            "using",
            "using static",
            "class Script :",
            "new",
            "é'",
            "$@\"{\"",
            "using X =",
        ] {
            let _ = run(s);
        }
    }

    #[test]
    fn nesting_and_runs_are_bounded() {
        // 200,000 nested `$"{` would overflow a recursive lexer's stack (tests run on
        // 2 MiB threads)
        let holes = format!("{}{}", "$\"{".repeat(200_000), "}\"".repeat(200_000));
        assert!(run(&holes).contains(&"CSX-02".to_owned()));
        // the code after a deeply nested string is still read
        let after = format!("var s = {holes};\nvar c = new HttpClient();\n");
        assert!(run(&after).contains(&"CSX-04".to_owned()));
        for text in [
            "$".repeat(1 << 20),
            "\"".repeat(1 << 20),
            "@$".repeat(1 << 19),
        ] {
            let _ = run(&text);
        }
        // a raw string whose shorter quote runs are long
        let raw = format!(
            "var s = {q}y{inner}{q};\nvar c = new HttpClient();",
            q = "\"".repeat(1000),
            inner = format!("{}x", "\"".repeat(999)).repeat(500)
        );
        assert!(run(&raw).contains(&"CSX-04".to_owned()));
    }
}
