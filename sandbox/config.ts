/** Environment settings, read once at start. Each is documented in sandbox/README.md. */
export interface SandboxEnv {
  port: number;
  latencyMs: number;
  faultRate: number;
  writeLimit: { count: number; windowSeconds: number };
}

function number(name: string, fallback: number, min: number, max: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < min || value > max) {
    throw new Error(`${name} must be a number between ${min} and ${max} (got "${raw}").`);
  }
  return value;
}

export function readSandboxEnv(): SandboxEnv {
  return {
    port: number('SANDBOX_PORT', 3443, 0, 65535),
    latencyMs: number('SANDBOX_LATENCY_MS', 0, 0, 60_000),
    faultRate: number('SANDBOX_FAULT_RATE', 0, 0, 1),
    writeLimit: {
      count: number('SANDBOX_WRITE_LIMIT', 3000, 1, 1_000_000),
      windowSeconds: number('SANDBOX_WRITE_WINDOW_SECONDS', 150, 1, 86_400),
    },
  };
}
