/** `ids` with the one at `from` moved to `to` (both indexes in the original list). */
export function moved<T>(ids: readonly T[], from: number, to: number): T[] {
  const next = [...ids];
  const [taken] = next.splice(from, 1);
  next.splice(to, 0, taken as T);
  return next;
}
