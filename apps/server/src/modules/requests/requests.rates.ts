/**
 * The rates table's order (三率排名): rows with a score ranked best first (ties share a rank),
 * then the rows where nothing fell due (无数据), apart and unranked; months stay in their order.
 */
export function rankRates<T extends { key: string; score: number | null }>(
  rows: T[],
  byMonth: boolean,
): (T & { rank: number | null })[] {
  const scored = rows.filter((r) => r.score !== null).sort((a, b) => b.score! - a.score!);
  const ranks = new Map<T, number>();
  scored.forEach((r, i) => {
    const prev = scored[i - 1];
    ranks.set(r, prev && prev.score === r.score ? ranks.get(prev)! : i + 1);
  });
  const ordered = byMonth
    ? [...rows].sort((a, b) => a.key.localeCompare(b.key))
    : [...scored, ...rows.filter((r) => r.score === null)];
  return ordered.map((r) => ({ ...r, rank: ranks.get(r) ?? null }));
}
