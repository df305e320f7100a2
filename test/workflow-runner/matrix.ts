/**
 * Expands `strategy.matrix` as GitHub documents it: the cartesian product of the keys (in order),
 * minus `exclude` entries (partial matches), then each `include` entry is added to every
 * combination whose original values it does not change, or becomes a new combination.
 */
export type Combination = Record<string, unknown>;

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

export function expandMatrix(matrix: Record<string, unknown> | undefined): Combination[] {
  if (!matrix || Object.keys(matrix).length === 0) return [{}];
  const { include = [], exclude = [], ...axes } = matrix as { include?: Combination[]; exclude?: Combination[] } & Record<string, unknown>;
  let combinations: Combination[] = Object.keys(axes).length ? [{}] : [];
  for (const [key, values] of Object.entries(axes)) {
    if (!Array.isArray(values)) throw new Error(`Matrix vector '${key}' does not contain a list`);
    combinations = combinations.flatMap((c) => values.map((v) => ({ ...c, [key]: v })));
  }
  combinations = combinations.filter((c) => !exclude.some((e) => Object.entries(e).every(([k, v]) => same(c[k], v))));
  // Only combinations of the product take include entries; an entry added as its own combination does not.
  const originals = combinations.map((c) => ({ ...c }));
  const extra: Combination[] = [];
  for (const entry of include) {
    let added = false;
    originals.forEach((original, index) => {
      const combination = combinations[index];
      const conflicts = Object.entries(entry).some(([k, v]) => k in original && !same(original[k], v));
      if (!conflicts) {
        Object.assign(combination, entry);
        added = true;
      }
    });
    if (!added) extra.push({ ...entry });
  }
  combinations = [...combinations, ...extra];
  if (combinations.length === 0) throw new Error('Matrix must define at least one vector');
  return combinations;
}

/** `build (api, 20)`: how GitHub names a matrix leg. */
export function legName(base: string, combination: Combination): string {
  const values = Object.values(combination).map((v) => (typeof v === 'object' ? JSON.stringify(v) : String(v)));
  return values.length ? `${base} (${values.join(', ')})` : base;
}
