/**
 * Text shown on one line: cut to a length, with line breaks, tabs and other control characters
 * made visible (↵ ⇥ ␍ and the Control Pictures), so a frame's text never breaks a row or a
 * message. The log's previews and the ping loop's explanations use it.
 */
export function oneLine(text: string, maxChars: number): string {
  const head = text.length > maxChars ? `${text.slice(0, maxChars)}…` : text;
  // biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point.
  return head.replace(/[\u0000-\u001f\u007f]/g, visibleControl);
}

function visibleControl(char: string): string {
  if (char === "\n") return "↵";
  if (char === "\t") return "⇥";
  if (char === "\r") return "␍";
  // Control Pictures block: U+2400 + code.
  const code = char.charCodeAt(0);
  return String.fromCharCode(code === 0x7f ? 0x2421 : 0x2400 + code);
}
