/** Number of bytes `text` takes when encoded as UTF-8, without allocating an encoded copy. */
export function utf8ByteLength(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x80) bytes += 1;
    else if (code < 0x800) bytes += 2;
    else if (code >= 0xd800 && code <= 0xdbff && i + 1 < text.length) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        // A surrogate pair is one code point: four bytes in UTF-8.
        bytes += 4;
        i++;
      } else bytes += 3;
    } else bytes += 3; // BMP character, or a lone surrogate that encodes as U+FFFD.
  }
  return bytes;
}

/** Exact byte count with a thousands separator, e.g. `1,234 B`, as the log's size column shows it. */
export function formatByteCount(bytes: number): string {
  return `${groupThousands(bytes)} B`;
}

/** Human-sized byte amount for totals, e.g. `512 B`, `1.5 KiB`, `12.0 MiB`. */
export function formatByteAmount(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ["KiB", "MiB", "GiB", "TiB"];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value.toFixed(1)} ${units[unit]}`;
}

/** `1234567` → `1,234,567`; locale-independent so golden tests hold everywhere. */
export function groupThousands(n: number): string {
  const [whole = "0", fraction] = String(n).split(".");
  const sign = whole.startsWith("-") ? "-" : "";
  const digits = sign ? whole.slice(1) : whole;
  const grouped = digits.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  return fraction === undefined ? `${sign}${grouped}` : `${sign}${grouped}.${fraction}`;
}
