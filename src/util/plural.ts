/** `plural(1, "paper")` → `1 paper`, `plural(3, "paper")` → `3 papers`; irregular nouns give their plural. */
export function plural(count: number, noun: string, nouns = `${noun}s`): string {
  return `${count} ${count === 1 ? noun : nouns}`;
}
