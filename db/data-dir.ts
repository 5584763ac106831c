import path from 'node:path';

// Everything the portal keeps on disk lives under one folder, so a backup is one copy.
export function dataDir(): string {
  return path.resolve(/*turbopackIgnore: true*/ process.env.DATA_DIR || './data');
}
