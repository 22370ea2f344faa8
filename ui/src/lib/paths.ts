// File names and paths the UI proposes (the shell writes them): pure functions.

/** `name` made safe as a file name (the characters file systems refuse become `-`). */
export function safeFileName(name: string): string {
  return name.replace(/[\\/:*?"<>|]/g, "-");
}

/** The path of the sheet saved beside the draft: `<name> submission sheet.md`. */
export function sheetPathBeside(draftPath: string, name: string): string {
  const dir = draftPath.replace(/[\\/][^\\/]*$/, "");
  return `${dir}/${safeFileName(`${name} submission sheet.md`)}`;
}

/** The folder an export proposes: `export` beside the draft. */
export function exportDirBeside(draftPath: string): string {
  return `${draftPath.replace(/[\\/][^\\/]*$/, "")}/export`;
}
