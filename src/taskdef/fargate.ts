/** Fargate task sizes and ECS's task-level size notation ("1024", "1 vCPU", "2GB"). */

function steps(from: number, to: number, step: number): number[] {
  const values: number[] = [];
  for (let v = from; v <= to; v += step) values.push(v);
  return values;
}

/** cpu units -> the memory sizes (MiB) Fargate offers with it. */
export const FARGATE_SIZES: Readonly<Record<number, readonly number[]>> = {
  256: [512, 1024, 2048],
  512: steps(1024, 4096, 1024),
  1024: steps(2048, 8192, 1024),
  2048: steps(4096, 16384, 1024),
  4096: steps(8192, 30720, 1024),
  8192: steps(16384, 61440, 4096),
  16384: steps(32768, 122880, 8192),
};

export const isFargateSize = (cpu: number, memory: number) => Boolean(FARGATE_SIZES[cpu]?.includes(memory));

/** Units from "256", 256 or "0.25 vCPU"; undefined when unset; NaN when unreadable. */
export function cpuUnits(value: unknown): number | undefined {
  return size(value, /^(\d+(?:\.\d+)?)\s*vcpu$/i);
}

/** MiB from "512", 512 or "1GB" / "1 GB". */
export function memoryMiB(value: unknown): number | undefined {
  return size(value, /^(\d+(?:\.\d+)?)\s*gb$/i);
}

function size(value: unknown, scaled: RegExp): number | undefined {
  if (value === undefined || value === null || value === '') return value === '' ? NaN : undefined;
  const text = String(value).trim();
  if (/^\d+$/.test(text)) return Number(text);
  const match = scaled.exec(text);
  return match ? Math.round(Number(match[1]) * 1024) : NaN;
}

/** "256 (0.25 vCPU): 512, 1024, 2048" for error messages. */
export function describeFargateMemory(cpu: number): string {
  const choices = FARGATE_SIZES[cpu];
  if (!choices) return `Fargate cpu is one of ${Object.keys(FARGATE_SIZES).join(', ')}`;
  return `with cpu ${cpu} Fargate takes memory ${choices[0]} to ${choices[choices.length - 1]} MiB (${choices.join(', ')})`;
}
