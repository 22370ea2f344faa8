// A small Markdown reader for the entry viewer (intro.md, README.md): headings,
// paragraphs, list items and code blocks as plain-text blocks. Rendered by Svelte as
// text, never as HTML, so nothing in a file can inject markup.

export type Block =
  | { kind: "heading"; level: number; text: string }
  | { kind: "item"; text: string }
  | { kind: "code"; text: string }
  | { kind: "para"; text: string };

export function blocks(source: string): Block[] {
  const out: Block[] = [];
  let para: string[] = [];
  let code: string[] | null = null;
  const flush = () => {
    if (para.length) out.push({ kind: "para", text: para.join(" ") });
    para = [];
  };
  for (const raw of source.replace(/\r\n?/g, "\n").split("\n")) {
    if (code) {
      if (raw.trimStart().startsWith("```")) {
        out.push({ kind: "code", text: code.join("\n") });
        code = null;
      } else code.push(raw);
      continue;
    }
    const line = raw.trim();
    const heading = /^(#{1,6})\s+(.*)$/.exec(line);
    const item = /^(?:[-*+]|\d+\.)\s+(.*)$/.exec(line);
    if (line.startsWith("```")) {
      flush();
      code = [];
    } else if (heading) {
      flush();
      out.push({ kind: "heading", level: heading[1].length, text: heading[2] });
    } else if (item) {
      flush();
      out.push({ kind: "item", text: item[1] });
    } else if (line === "") flush();
    else para.push(line);
  }
  if (code) out.push({ kind: "code", text: code.join("\n") });
  flush();
  return out;
}

/** JSON for display: as written when it has several lines (so finding lines match),
 *  else pretty-printed. */
export function jsonLines(text: string): { lines: string[]; original: boolean } {
  const lines = text.split(/\r?\n/);
  if (lines.length > 1) return { lines, original: true };
  try {
    return { lines: JSON.stringify(JSON.parse(text), null, 2).split("\n"), original: false };
  } catch {
    return { lines, original: true };
  }
}

export function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}
