import { jest } from '@jest/globals';

/** The lines `print` writes to stdout (where @actions/core writes workflow commands). */
export function printed(print: () => void): string[] {
  const chunks: string[] = [];
  const spy = jest.spyOn(process.stdout, 'write').mockImplementation((chunk) => (chunks.push(String(chunk)), true));
  try {
    print();
  } finally {
    spy.mockRestore();
  }
  return chunks.join('').split('\n').slice(0, -1);
}
