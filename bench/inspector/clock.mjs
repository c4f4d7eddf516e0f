// Reads the log's local clock times back as epoch milliseconds.

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Epoch ms of a local `HH:MM:SS.mmmuuu` time (the time cell's title) on the day of
 * `referenceMs`, taking the nearest day when the time is near midnight. Node and the page
 * format in the same time zone (the bench gives the browser context Node's), so local
 * midnight agrees.
 */
export function localClockToEpoch(text, referenceMs) {
  const match = /^(\d\d):(\d\d):(\d\d)\.(\d{3})(\d{3})$/.exec(text);
  if (!match) throw new Error(`not a HH:MM:SS.mmmuuu time: "${text}"`);
  const [hours, minutes, seconds, millis, micros] = match.slice(1).map(Number);
  const reference = new Date(referenceMs);
  const wholeMs = new Date(
    reference.getFullYear(),
    reference.getMonth(),
    reference.getDate(),
    hours,
    minutes,
    seconds,
    millis,
  ).getTime();
  let epochMs = wholeMs + micros / 1000;
  // A time read just after midnight for a reference just before it belongs to the next day.
  if (epochMs - referenceMs > DAY_MS / 2) epochMs -= DAY_MS;
  if (referenceMs - epochMs > DAY_MS / 2) epochMs += DAY_MS;
  return epochMs;
}
